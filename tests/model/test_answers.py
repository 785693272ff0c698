"""The gap answer normaliser: each rule, its limits, and the spellings the exports add."""

from __future__ import annotations

import unicodedata

import pytest

from seminarkit.model.answers import (
    DOUBLE_QUOTES,
    INVISIBLE,
    SINGLE_QUOTES,
    lms_answers,
    normal,
    plain,
    same_answer,
    spellings,
)

# (accepted, typed): the same answer as people read it, whatever the case setting.
SAME = [
    ("don't", "don\u2019t"),  # ’ as phones type it
    ("don't", "don\u2018t"),
    ("don't", "don\u201bt"),
    ("don't", "don\u2032t"),  # prime
    ("don't", "don\u00b4t"),  # acute accent, typed on German keyboards
    ("don't", "don\u02bct"),  # modifier letter apostrophe
    ("don't", "don\uff07t"),
    ("don\u2019t", "don't"),  # the author typed the curly one
    ("'n'", "\u201an\u2018"),  # German single quotes
    ("'n'", "\u2039n\u203a"),
    ('"yes"', "\u201cyes\u201d"),
    ('"yes"', "\u201eyes\u201c"),  # German
    ('"yes"', "\u00abyes\u00bb"),  # guillemets
    ('"yes"', "\u00bbyes\u00ab"),
    ('"yes"', "\u201fyes\u2033"),
    ('"yes"', "\uff02yes\uff02"),
    ("New York", "New  York"),
    ("New York", "New\u00a0York"),  # no-break space
    ("New York", "New\u202fYork"),  # narrow no-break space
    ("New York", "New\tYork"),
    ("New York", "New \t\u00a0 York"),
    ("New York", "New\nYork"),
    ("New York", "New\u2009York"),  # thin space
    ("New York", "New\u3000York"),
    ("New York", "  New York \u00a0"),
    ("New\u00a0York", "New York"),  # the author's no-break space
    ("Zürich", "Zu\u0308rich"),  # decomposed umlaut
    ("Zu\u0308rich", "Zürich"),
    ("São Paulo", "Sa\u0303o Paulo"),
    ("Haus", "Ha\u00adus"),  # soft hyphen
    ("Haus", "Haus\u200b"),  # zero-width space
    ("Haus", "\ufeffHaus"),
    ("10 000", "10\u202f000"),
]
# (accepted, typed): different answers, also without case sensitivity.
DIFFERENT = [
    ("Straße", "Strasse"),  # lower case is no case folding: ß is not ss
    ("Straße", "STRASSE"),
    ("New York", "NewYork"),
    ("don't", "dont"),
    ("don't", "don`t"),  # a backtick is no apostrophe
    ('"yes"', "'yes'"),  # double and single quotes stay apart
    ("Zürich", "Zurich"),
    ("Haus", "Hau s"),
    ("C++", "C+"),
]


@pytest.mark.parametrize("case_sensitive", [False, True])
@pytest.mark.parametrize(("accepted", "typed"), SAME)
def test_what_reads_the_same_is_the_same(accepted: str, typed: str, case_sensitive: bool) -> None:
    assert same_answer(typed, accepted, case_sensitive)
    assert same_answer(accepted, typed, case_sensitive)


@pytest.mark.parametrize("case_sensitive", [False, True])
@pytest.mark.parametrize(("accepted", "typed"), DIFFERENT)
def test_what_reads_differently_stays_different(
    accepted: str, typed: str, case_sensitive: bool
) -> None:
    assert not same_answer(typed, accepted, case_sensitive)


@pytest.mark.parametrize(
    ("accepted", "typed"),
    [("Berlin", "berlin"), ("iPhone", "IPHONE"), ("Zürich", "ZU\u0308RICH"), ("ΟΔΟΣ", "οδος")],
)
def test_case_follows_case_sensitive(accepted: str, typed: str) -> None:
    assert same_answer(typed, accepted, case_sensitive=False)
    assert not same_answer(typed, accepted, case_sensitive=True)


def test_normal_form_is_nfc_plain_and_lower() -> None:
    assert normal("  Mu\u0308ller\u00a0\u00a0\u2019s  ", case_sensitive=False) == "müller 's"
    assert normal("  Mu\u0308ller\u00a0\u00a0\u2019s  ", case_sensitive=True) == "Müller 's"
    assert unicodedata.is_normalized("NFC", normal("I\u0307STANBUL", case_sensitive=False))
    assert normal("\u200b \u00a0", case_sensitive=False) == ""


def test_every_listed_character_is_mapped() -> None:
    assert {plain(f"a{char}b") for char in SINGLE_QUOTES} == {"a'b"}
    assert {plain(f"a{char}b") for char in DOUBLE_QUOTES} == {'a"b'}
    assert {plain(f"a{char}b") for char in INVISIBLE} == {"ab"}
    spaces = [chr(code) for code in range(0x110000) if chr(code).isspace()]
    # Python's isspace also counts the information separators U+001C to U+001F, which are no
    # White_Space in Unicode (and not in JavaScript's \s); they stay as they are.
    separators = {"\x1c", "\x1d", "\x1e", "\x1f"}
    assert {plain(f"a{char}b") for char in spaces if char not in separators} == {"a b"}
    assert {plain(f"a{char}b") for char in separators} == {f"a{c}b" for c in separators}


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Haus", ("Haus",)),
        ("  New\u00a0 York ", ("New York",)),
        ("Zu\u0308rich", ("Zürich",)),
        ("don't", ("don't", "don\u2019t")),
        ("don\u2019t", ("don't", "don\u2019t")),
        ('"yes"', ('"yes"', "\u201cyes\u201d", "\u201eyes\u201c")),
        ("\u201eNetzwerk\u201c", ('"Netzwerk"', "\u201cNetzwerk\u201d", "\u201eNetzwerk\u201c")),
        ("rock 'n' roll", ("rock 'n' roll", "rock \u2018n\u2019 roll", "rock \u201an\u2018 roll")),
        ("Peter's", ("Peter's", "Peter\u2019s")),
        ("'Hans' Haus", ("'Hans' Haus", "\u2018Hans\u2019 Haus", "\u201aHans\u2018 Haus")),
        ("Hans' Haus", ("Hans' Haus", "Hans\u2019 Haus")),
        (
            'He said "it\'s"',
            ('He said "it\'s"', "He said \u201cit\u2019s\u201d", "He said \u201eit\u2019s\u201c"),
        ),
    ],
)
def test_spellings_for_an_lms(answer: str, expected: tuple[str, ...]) -> None:
    assert spellings(answer) == expected
    for spelling in expected:
        assert same_answer(spelling, answer, case_sensitive=True)


def test_lms_answers_keep_the_main_answer_first_and_each_spelling_once() -> None:
    assert lms_answers(("don't", "do not", "don\u2019t")) == ("don't", "don\u2019t", "do not")
    assert lms_answers(("colour", "color")) == ("colour", "color")
