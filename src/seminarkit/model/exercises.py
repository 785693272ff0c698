"""The exercise types of the exercise format, version 1, as pydantic models (no I/O)."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    TypeAdapter,
)

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
MODES = ("solo", "pair", "group", "plenary")
USES = ("seminar", "self-study")
AUTO_CHECKED_TYPES = ("quiz", "true-false", "cloze", "matching", "ordering")
GAP_PATTERN = re.compile(r"\[\[(.*?)\]\]", re.DOTALL)
"""A cloze gap `[[answer|alternative]]`."""


def _scalar_as_text(value: Any) -> Any:
    """Let numbers stand as text (`text: 1995`); everything else is checked as a string."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("expected a text, got an empty one")
    return value


Text = Annotated[str, BeforeValidator(_scalar_as_text), AfterValidator(_not_blank)]
"""A one-line or short text."""

Markdown = Annotated[
    str,
    BeforeValidator(_scalar_as_text),
    AfterValidator(_not_blank),
    Field(json_schema_extra={"format": "markdown"}),
]
"""Markdown, rendered with the course's own extensions."""

Minutes = Annotated[int, Field(ge=1, le=480, description="Whole minutes, 1 to 480.")]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]


class Strict(BaseModel):
    """Base for every part of an exercise: unknown keys are errors, no silent coercion."""

    # Built on first use: the exercise union (`EXERCISE_ADAPTER`) builds them all in one go, so
    # no validator is made twice (a tenth of the start-up time of `seminarkit check`).
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True, defer_build=True)


class ExerciseBase(Strict):
    """The keys every exercise has."""

    type: str = Field(description="The exercise type.")
    id: Slug | None = Field(None, description="Unique id; defaults to the file name.")
    title: Text = Field(description="The exercise's title.")
    duration: Minutes
    mode: Literal["solo", "pair", "group", "plenary"] = Field("solo", description="Social form.")
    use: Annotated[
        list[Literal["seminar", "self-study"]],
        Field(min_length=1, description="Where the exercise is meant to run."),
    ] = ["seminar", "self-study"]
    objectives: list[Text] = Field(default_factory=list, description="Learning objectives.")
    materials: list[Text] = Field(default_factory=list, description="Materials for the trainer.")
    intro: Markdown | None = Field(None, description="Shown before the type-specific part.")
    hints: list[Markdown] = Field(default_factory=list, description="Hints, one at a time.")
    solution: Markdown | None = Field(None, description="Model answer; never on a worksheet.")
    trainer_notes: Markdown | None = Field(None, description="Trainer guide only.")
    tags: list[Text] = Field(default_factory=list)

    _source: str = PrivateAttr(default="")

    @property
    def key(self) -> str:
        """The exercise id (always set once loaded)."""
        return self.id or ""

    @property
    def source(self) -> str:
        """The exercise file, relative to the course folder."""
        return self._source

    @property
    def auto_checked(self) -> bool:
        """Whether the browser checks answers to this exercise."""
        return self.type in AUTO_CHECKED_TYPES

    @property
    def for_seminar(self) -> bool:
        """Whether the exercise runs in the seminar room."""
        return "seminar" in self.use

    @property
    def for_self_study(self) -> bool:
        """Whether the exercise is meant for self-study."""
        return "self-study" in self.use

    def answer_basis(self) -> Any:
        """What a learner's answer is made of and refers to (JSON data): the parts that name or
        shape the answer fields. Title, intro, timing, objectives, hints, materials, solution,
        notes, tags, answer keys and feedback are not part of it. Each type lists its own; a
        role-play has none (its answer is the "done" mark)."""
        return None

    def content_hash(self) -> str:
        """A short hash (12 hex digits) of `answer_basis`: a saved answer is filled back into the
        fields while the hash is the same, and kept aside read-only when it changed."""
        return _short_hash([self.type, self.answer_basis()])

    def legacy_content_hash(self) -> str:
        """The hash of seminarkit 0.1 (of everything the learner sees): answers saved under it
        still count as current, so that the narrower hash does not set them all aside."""
        later = {"trainer_notes", "materials", "tags", "literal_gaps"}
        seen = self.model_dump(mode="json", exclude={**dict.fromkeys(later, True), **_LEGACY})
        return _short_hash(seen)


#: Keys added after 0.1 inside lists (a role's `secret` and `copies`), left out of the legacy hash
#: (tests/test_web_golden.py holds the 0.1 hashes: a new key missing here changes them).
_LEGACY: dict[str, Any] = {"roles": {"__all__": {"secret", "copies"}}}


def _short_hash(data: Any) -> str:
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:12]


class Prompt(Strict):
    """One reflection prompt with its answer lines on paper."""

    text: Markdown
    lines: int = Field(4, ge=1, le=40, description="Answer lines on paper.")


class Reflection(ExerciseBase):
    """Open prompts; answers are saved locally, not checked."""

    type: Literal["reflection"]
    prompts: Annotated[list[Prompt], Field(min_length=1)]

    def answer_basis(self) -> Any:
        """The prompts' texts (not their lines on paper)."""
        return [prompt.text for prompt in self.prompts]


class Option(Strict):
    """One answer option of a quiz question."""

    text: Text
    correct: bool = False
    feedback: Markdown | None = None


class Question(Strict):
    """A quiz question with single or multiple correct options."""

    text: Markdown
    options: Annotated[list[Option], Field(min_length=2)]
    multiple: bool = False
    explanation: Markdown | None = None

    @property
    def correct_indexes(self) -> list[int]:
        """Positions of the correct options."""
        return [index for index, option in enumerate(self.options) if option.correct]


class Quiz(ExerciseBase):
    """Multiple-choice questions."""

    type: Literal["quiz"]
    questions: Annotated[list[Question], Field(min_length=1)]
    shuffle: bool = True

    def answer_basis(self) -> Any:
        """Each question's text, whether it takes several options, and its options' texts in
        source order (the fields hold option positions); not which are correct, nor feedback."""
        return [
            [question.text, question.multiple, [option.text for option in question.options]]
            for question in self.questions
        ]


class Statement(Strict):
    """A statement that is true or false."""

    text: Markdown
    answer: bool
    explanation: Markdown | None = None


class TrueFalse(ExerciseBase):
    """True-or-false statements."""

    type: Literal["true-false"]
    statements: Annotated[list[Statement], Field(min_length=1)]

    def answer_basis(self) -> Any:
        """The statements' texts (not whether they are true)."""
        return [statement.text for statement in self.statements]


class Cloze(ExerciseBase):
    """A text with gaps `[[answer|alternative]]`."""

    type: Literal["cloze"]
    text: Markdown
    case_sensitive: bool = False
    word_bank: bool = False
    literal_gaps: bool = Field(
        False,
        description="Gaps may hold Markdown or HTML that learners type as it stands "
        "(courses that teach markup).",
    )

    def answer_basis(self) -> Any:
        """The text around the gaps and where they stand, not the answers they accept."""
        return GAP_PATTERN.sub("[[]]", self.text)


class Pair(Strict):
    """One left item and the right item it belongs to."""

    left: Text
    right: Text


class Matching(ExerciseBase):
    """Match each left item to a right item."""

    type: Literal["matching"]
    pairs: Annotated[list[Pair], Field(min_length=2)]
    distractors: list[Text] = Field(default_factory=list)

    def answer_basis(self) -> Any:
        """The left items in order and the set of right items to choose from (the fields hold
        the chosen right item), not which right item belongs to which left one."""
        return [[pair.left for pair in self.pairs], sorted(self.right_items)]

    @property
    def right_items(self) -> list[str]:
        """Every right-hand item once, then the distractors, in source order."""
        seen: dict[str, None] = {}
        for pair in self.pairs:
            seen.setdefault(pair.right, None)
        for extra in self.distractors:
            seen.setdefault(extra, None)
        return list(seen)


class Ordering(ExerciseBase):
    """Put items in the right order."""

    type: Literal["ordering"]
    items: Annotated[list[Text], Field(min_length=2)]

    def answer_basis(self) -> Any:
        """The items in source order (the saved order refers to their positions)."""
        return list(self.items)


class RatedStatement(Strict):
    """A self-assessment statement; `reverse` scores it the other way round."""

    text: Text
    reverse: bool = False


class Band(Strict):
    """An evaluation band over the total score."""

    min: int
    max: int
    text: Markdown


class SelfAssessment(ExerciseBase):
    """Rate statements on a scale; the total selects an evaluation band."""

    type: Literal["self-assessment"]
    statements: Annotated[list[RatedStatement], Field(min_length=1)]
    evaluation: Annotated[list[Band], Field(min_length=1)]
    scale: Annotated[list[Text], Field(min_length=2, max_length=7)] | None = None

    def answer_basis(self) -> Any:
        """The statements' texts and the scale (not the scoring direction or the bands)."""
        return [[statement.text for statement in self.statements], self.scale]

    def scale_points(self, default_points: int = 5) -> int:
        """Points per statement: the scale's length, or the default scale's."""
        return len(self.scale) if self.scale else default_points


class Checklist(ExerciseBase):
    """Items to tick off."""

    type: Literal["checklist"]
    items: Annotated[list[Text], Field(min_length=1)]

    def answer_basis(self) -> Any:
        """The items."""
        return list(self.items)


class Choice(Strict):
    """One option of a scenario with its consequence."""

    text: Text
    consequence: Markdown
    recommended: bool = False


class Scenario(ExerciseBase):
    """A situation, a question and choices with consequences."""

    type: Literal["scenario"]
    situation: Markdown
    question: Text
    choices: Annotated[list[Choice], Field(min_length=2)]

    def answer_basis(self) -> Any:
        """The situation, the question and the choices' texts (not their consequences)."""
        return [self.situation, self.question, [choice.text for choice in self.choices]]


class Role(Strict):
    """A role card: the public `brief` everyone may read, and an optional `secret` only the
    person playing the role may know. The secret is printed on that role's cut-out card in the
    trainer's material (copy sheets, role-card PDF under `trainer/`), never anywhere else."""

    name: Text
    brief: Markdown
    secret: Markdown | None = None
    copies: int = Field(
        1,
        ge=1,
        le=10,
        description="Cards of this role each group needs (two players in one role: 2); the "
        "role-card PDF says how many to print for the room's seats.",
    )


class Phase(Strict):
    """A timed phase of a role-play."""

    title: Text
    minutes: Minutes
    instructions: Markdown | None = None


class RolePlay(ExerciseBase):
    """Roles, timed phases and observation criteria."""

    type: Literal["role-play"]
    roles: Annotated[list[Role], Field(min_length=2)]
    phases: Annotated[list[Phase], Field(min_length=1)]
    group_size: int | None = Field(None, ge=2, le=30)
    observation: list[Text] = Field(default_factory=list)


class NetworkMap(ExerciseBase):
    """An ego-centred network map: rings by closeness, sectors by area of life."""

    type: Literal["network-map"]
    rings: Annotated[list[Text], Field(min_length=1, max_length=6)] | None = None
    sectors: Annotated[list[Text], Field(min_length=1, max_length=8)] | None = None
    columns: Annotated[list[Text], Field(min_length=1, max_length=8)] | None = None
    rows: int = Field(10, ge=1, le=60)

    def answer_basis(self) -> Any:
        """The contact table's columns and rows (the map's rings and sectors are a drawing)."""
        return [self.columns, self.rows]


class ActionPlan(ExerciseBase):
    """A ruled plan: goal, first step, by when, with whom, how I know it worked."""

    type: Literal["action-plan"]
    columns: Annotated[list[Text], Field(min_length=1, max_length=8)] | None = None
    rows: int = Field(3, ge=1, le=30)
    prompts: list[Markdown] = Field(default_factory=list)

    def answer_basis(self) -> Any:
        """The prompts, the table's columns and rows."""
        return [self.prompts, self.columns, self.rows]


Exercise = Annotated[
    Reflection
    | Quiz
    | TrueFalse
    | Cloze
    | Matching
    | Ordering
    | SelfAssessment
    | Checklist
    | Scenario
    | RolePlay
    | NetworkMap
    | ActionPlan,
    Field(discriminator="type"),
]

EXERCISE_ADAPTER: TypeAdapter[Exercise] = TypeAdapter(Exercise)

EXERCISE_CLASSES: dict[str, type[ExerciseBase]] = {
    "reflection": Reflection,
    "quiz": Quiz,
    "true-false": TrueFalse,
    "cloze": Cloze,
    "matching": Matching,
    "ordering": Ordering,
    "self-assessment": SelfAssessment,
    "checklist": Checklist,
    "scenario": Scenario,
    "role-play": RolePlay,
    "network-map": NetworkMap,
    "action-plan": ActionPlan,
}
EXERCISE_TYPES = tuple(EXERCISE_CLASSES)


def exercise_json_schema() -> dict[str, Any]:
    """The JSON Schema editors use to check and complete exercise files."""
    schema = EXERCISE_ADAPTER.json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "seminarkit exercise (format version 1)",
        **schema,
    }
