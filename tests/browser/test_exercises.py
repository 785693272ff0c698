"""Each exercise type in a real browser: right and wrong answers, feedback, hints, solution, print.

Every test runs twice: the fixture site served on 127.0.0.1 and opened from file:.
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from .conftest import Session


def check(exercise: Locator, name: str = "Check") -> None:
    """Press the exercise's check button."""
    exercise.get_by_role("button", name=name, exact=True).click()


def marks(exercise: Locator) -> Locator:
    """The right/wrong marks next to the items of an exercise."""
    return exercise.locator(".sk-mark")


def test_quiz_wrong_then_right(session: Session, at: Callable[[str], str]) -> None:
    page = session.page(at("basics.html"))
    quiz = page.locator("#ex-quiz-basics")
    solution = quiz.locator("details.sk-solution")
    expect(solution).to_be_hidden()
    expect(quiz.get_by_text("The solution is available after your first attempt.")).to_be_visible()

    quiz.get_by_role("radio", name="Close friends").check()
    quiz.get_by_role("checkbox", name="Ability").check()
    check(quiz)
    expect(quiz.locator(".sk-feedback")).to_contain_text("0 of 2 correct")
    expect(marks(quiz)).to_have_text(["Not quite.", "Not quite."])
    expect(quiz.get_by_text("A single close friend is more likely to help")).to_be_visible()
    expect(quiz.get_by_text("Yes, because there are so many")).to_have_count(0)
    expect(solution).to_be_visible()

    quiz.get_by_role("button", name="Try again").click()
    expect(marks(quiz)).to_have_count(0)
    # The first field of the first wrong question, in the order shown (shuffled).
    expect(quiz.locator("fieldset").first.locator("input").first).to_be_focused()
    quiz.get_by_role("radio", name="Weak ties").check()
    quiz.get_by_role("checkbox", name="Benevolence").check()
    check(quiz)
    expect(quiz.locator(".sk-feedback")).to_contain_text("All correct – well done!")
    expect(marks(quiz)).to_have_text(["Correct.", "Correct."])
    expect(quiz.get_by_text("Yes, because there are so many of them.")).to_be_visible()
    expect(quiz.locator(".sk-item-feedback").get_by_text("Gee, Jones & Burke")).to_be_visible()
    expect(quiz.get_by_role("button", name="Try again")).to_be_hidden()


def test_unanswered_questions_are_named(session: Session, at: Callable[[str], str]) -> None:
    page = session.page(at("basics.html"))
    quiz = page.locator("#ex-quiz-basics")
    quiz.get_by_role("radio", name="Weak ties").check()
    check(quiz)
    expect(marks(quiz)).to_have_text(["Correct.", "Not answered."])
    expect(quiz.locator(".sk-feedback")).to_contain_text("1 of 2 correct")


def test_true_false_by_keyboard_alone(session: Session, at: Callable[[str], str]) -> None:
    page = session.page(at("basics.html"))
    statements = page.locator("#ex-statements")
    statements.get_by_role("radio", name="true").first.focus()
    page.keyboard.press("ArrowRight")  # first statement: false
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # second statement: true
    page.keyboard.press("Tab")
    expect(statements.get_by_role("button", name="Check")).to_be_focused()
    page.keyboard.press("Enter")
    expect(statements.locator(".sk-feedback")).to_contain_text("All correct")
    expect(statements.locator(".sk-item-feedback")).to_contain_text(
        ["The confidence interval is very wide.", ""]
    )


def test_true_false_wrong(session: Session, at: Callable[[str], str]) -> None:
    page = session.page(at("basics.html"))
    statements = page.locator("#ex-statements")
    statements.locator("fieldset").nth(0).get_by_role("radio", name="true").check()
    statements.locator("fieldset").nth(1).get_by_role("radio", name="true").check()
    check(statements)
    expect(marks(statements)).to_have_text(["Not quite.", "Correct."])
    expect(statements.locator(".sk-feedback")).to_contain_text("1 of 2 correct")
    expect(statements.locator(".sk-item-feedback")).not_to_contain_text(["wide", ""])


def test_cloze_alternatives_case_and_spaces(session: Session, at: Callable[[str], str]) -> None:
    page = session.page(at("basics.html"))
    cloze = page.locator("#ex-gaps")
    cloze.get_by_label("Gap 1").fill("  ARE ")
    cloze.get_by_label("Gap 2").fill("offer")
    cloze.get_by_label("Gap 3").fill("an answer")
    check(cloze)
    expect(marks(cloze)).to_have_text(["Correct.", "Correct.", "Not quite."])
    expect(cloze.get_by_label("Gap 3")).to_have_attribute("aria-invalid", "true")
    cloze.get_by_role("button", name="Try again").click()
    expect(cloze.get_by_label("Gap 3")).to_be_focused()
    cloze.get_by_label("Gap 3").fill("Question")
    check(cloze)
    expect(cloze.locator(".sk-feedback")).to_contain_text("All correct")


def test_matching_with_selects(session: Session, at: Callable[[str], str]) -> None:
    page = session.page(at("basics.html"))
    matching = page.locator("#ex-pairs")
    matching.get_by_label("Granovetter").select_option("Weak ties")
    matching.get_by_label("Burt").select_option("Dunbar's number")
    check(matching)
    expect(marks(matching)).to_have_text(["Correct.", "Not quite.", "Not answered."])
    expect(matching.locator(".sk-feedback")).to_contain_text("1 of 3 correct")
    matching.get_by_label("Burt").select_option("Structural holes")
    expect(marks(matching)).to_have_count(0)  # a change clears the old verdict
    matching.get_by_label("Putnam").select_option("Bridging capital")
    check(matching)
    expect(matching.locator(".sk-feedback")).to_contain_text("All correct")


def order_of(ordering: Locator) -> list[str]:
    """The item numbers (their correct positions) in the order shown."""
    return [
        str(value)
        for value in ordering.locator(".sk-ordering > li").evaluate_all(
            "items => items.map(item => item.dataset.skItem)"
        )
    ]


def test_ordering_with_move_buttons_by_keyboard(session: Session, at: Callable[[str], str]) -> None:
    page = session.page(at("basics.html"))
    ordering = page.locator("#ex-steps")
    expect(ordering.locator("select")).to_have_count(0)  # buttons replace the position selects
    assert order_of(ordering) != ["1", "2", "3", "4"]
    check(ordering)
    expect(ordering.locator(".sk-mark--wrong").first).to_be_visible()
    for position in range(1, 5):
        item = ordering.locator(f'.sk-ordering > li[data-sk-item="{position}"]')
        up = item.get_by_role("button", name="Move up")
        while order_of(ordering).index(str(position)) > position - 1:
            up.focus()
            page.keyboard.press("Enter")
            expect(up).to_be_focused()  # moving keeps the keyboard focus on the button
    assert order_of(ordering) == ["1", "2", "3", "4"]
    expect(ordering.locator(".sk-feedback")).to_contain_text("now in position")
    check(ordering)
    expect(marks(ordering)).to_have_text(["Correct."] * 4)
    expect(ordering.locator(".sk-feedback")).to_contain_text("All correct")


def test_self_assessment_total_counts_reverse_items(
    session: Session, at: Callable[[str], str]
) -> None:
    page = session.page(at("practice/index.html"))
    rating = page.locator("#ex-rate-yourself")
    check(rating, "Evaluate")
    expect(rating.locator(".sk-feedback")).to_have_text("Please rate every statement.")
    rows = rating.locator("tbody tr")
    rows.nth(0).get_by_role("radio").nth(2).check()  # "often": 3 points
    rows.nth(1).get_by_role("radio").nth(0).check()  # "never", reverse-scored: 3 points
    check(rating, "Evaluate")
    expect(rating.locator(".sk-feedback")).to_contain_text("Total: 6 points")
    expect(rating.locator(".sk-feedback")).to_contain_text("Keep going.")
    rows.nth(0).get_by_role("radio").nth(0).check()  # 1 point
    rows.nth(1).get_by_role("radio").nth(2).check()  # reverse: 1 point
    check(rating, "Evaluate")
    expect(rating.locator(".sk-feedback")).to_contain_text("Total: 2 points")
    expect(rating.locator(".sk-feedback")).to_contain_text("Start small.")


def test_scenario_shows_the_consequence_and_the_recommended_choice(
    session: Session, at: Callable[[str], str]
) -> None:
    page = session.page(at("practice/index.html"))
    scenario = page.locator("#ex-case")
    check(scenario, "See what happens")
    expect(scenario.locator(".sk-feedback")).to_have_text("Please choose an option first.")
    scenario.get_by_role("radio", name="Stay with your colleague").check()
    check(scenario, "See what happens")
    feedback = scenario.locator(".sk-feedback")
    expect(feedback).to_contain_text("Your choice: Stay with your colleague")
    expect(feedback).to_contain_text("You talk to someone you already know.")
    recommended = scenario.locator(".sk-option", has_text="Join an open group of three")
    expect(recommended.locator(".sk-badge")).to_have_text("recommended")
    expect(scenario.locator("details.sk-solution")).to_be_visible()


def test_hints_one_at_a_time(session: Session, at: Callable[[str], str]) -> None:
    page = session.page(at("basics.html"))
    reflection = page.locator("#ex-reflect")
    hints = reflection.locator("details.sk-hint")
    expect(hints.nth(0)).to_be_visible()
    expect(hints.nth(1)).to_be_hidden()
    hints.nth(0).locator("summary").click()
    expect(hints.nth(1)).to_be_visible()


def test_open_exercises_save_and_can_be_marked_done(
    session: Session, at: Callable[[str], str]
) -> None:
    page = session.page(at("practice/index.html"))
    plan = page.locator("#ex-plan")
    expect(plan.locator(".sk-saved")).to_have_text("")
    plan.get_by_label("Goal, Row 1").fill("Call Anna")
    expect(plan.locator(".sk-saved")).to_contain_text("Saved")
    done = plan.get_by_role("button", name="Mark as done")
    expect(done).to_have_attribute("aria-pressed", "false")
    done.click()
    expect(done).to_have_attribute("aria-pressed", "true")
    role_play = page.locator("#ex-act")
    role_play.get_by_role("button", name="Mark as done").click()
    expect(role_play.get_by_role("button", name="Mark as done")).to_have_attribute(
        "aria-pressed", "true"
    )


def visible_exercises(page: Page) -> list[str]:
    """Ids of the exercises that are displayed."""
    return [
        str(value)
        for value in page.locator(".sk-exercise").evaluate_all(
            "sections => sections.filter(s => getComputedStyle(s).display !== 'none'"
            " && s.getClientRects().length).map(s => s.id)"
        )
    ]


def test_print_button_prints_only_that_exercise(session: Session, at: Callable[[str], str]) -> None:
    page = session.page(at("basics.html"))
    page.evaluate(
        """() => { window.print = () => {
            window.__printed = [...document.querySelectorAll('.sk-exercise')]
              .filter(s => s.getClientRects().length).map(s => s.id);
            window.__heading = document.querySelector('h1').getClientRects().length;
        }; }"""
    )
    page.emulate_media(media="print")
    assert len(visible_exercises(page)) == 6
    # Print CSS hides the buttons themselves, so the click is dispatched rather than performed.
    page.locator("#ex-gaps .sk-actions button", has_text="Print").dispatch_event("click")
    assert page.evaluate("window.__printed") == ["ex-gaps"]
    assert page.evaluate("window.__heading") == 0
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert len(visible_exercises(page)) == 6  # afterwards the whole page prints again
    page.emulate_media(media="screen")
