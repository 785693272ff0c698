"""How Moodle imports a cloze question from Moodle XML and grades a short answer, ported.

Sources, in the moodle/moodle repository (Moodle 4.x):

- question/format/xml/format.php, `qformat_xml::import_multianswer`: the question text is taken
  trimmed (`import_text`), then `qtype_multianswer_extract_question` reads it and
  `qtype_multianswer_validate_question` may refuse the question;
- question/type/multianswer/questiontype.php: the `ANSWER_*` regexes with their group numbers,
  `qtype_multianswer_extract_question` and `qtype_multianswer_validate_question`, below in the
  same order and with the same names;
- question/type/shortanswer/question.php, `qtype_shortanswer_question::compare_string_with_wildcard`
  and `safe_normalize` (NFC);
- php-src ext/standard/html.c, `html_entity_decode($text, ENT_QUOTES, 'UTF-8')` as Moodle calls
  it: HTML 4.01 names only, numeric references if the code point is allowed in HTML 4.01.

The one change of form: Python's `re` wants fixed-width look-behinds, so PCRE's
`(?<!\\\\|&|&amp;)` is written as the three look-behinds `(?<!\\\\)(?<!&)(?<!&amp;)`, which match
exactly where the alternation does. Everything else is the PHP pattern text as it stands; `/s`
is `re.DOTALL`, and Python's `$` (no MULTILINE) is PCRE's default `$`.
"""

from __future__ import annotations

import html.entities
import re
import unicodedata
from dataclasses import dataclass, field

# ANSWER_ALTERNATIVE regexes.
ANSWER_ALTERNATIVE_FRACTION_REGEX = r"=|%(-?[0-9]+(?:[.,][0-9]*)?)%"
ANSWER_ALTERNATIVE_ANSWER_REGEX = r".+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$)"
ANSWER_ALTERNATIVE_FEEDBACK_REGEX = r".*?(?<!\\)(?=[~}]|$)"
ANSWER_ALTERNATIVE_REGEX = (
    "(" + ANSWER_ALTERNATIVE_FRACTION_REGEX + ")?"
    "(" + ANSWER_ALTERNATIVE_ANSWER_REGEX + ")"
    "(#(" + ANSWER_ALTERNATIVE_FEEDBACK_REGEX + "))?"
)
# Parenthesis positions for ANSWER_ALTERNATIVE_REGEX.
ANSWER_ALTERNATIVE_REGEX_PERCENTILE_FRACTION = 2
ANSWER_ALTERNATIVE_REGEX_FRACTION = 1
ANSWER_ALTERNATIVE_REGEX_ANSWER = 3
ANSWER_ALTERNATIVE_REGEX_FEEDBACK = 5

# Remaining ANSWER regexes.
ANSWER_TYPE_DEF_REGEX = (
    "(NUMERICAL|NM)|(MULTICHOICE|MC)|(MULTICHOICE_V|MCV)|(MULTICHOICE_H|MCH)|"
    "(SHORTANSWER|SA|MW)|(SHORTANSWER_C|SAC|MWC)|"
    "(MULTICHOICE_S|MCS)|(MULTICHOICE_VS|MCVS)|(MULTICHOICE_HS|MCHS)|"
    "(MULTIRESPONSE|MR)|(MULTIRESPONSE_H|MRH)|(MULTIRESPONSE_S|MRS)|(MULTIRESPONSE_HS|MRHS)"
)
ANSWER_START_REGEX = r"\{([0-9]*):(" + ANSWER_TYPE_DEF_REGEX + "):"
ANSWER_REGEX = (
    ANSWER_START_REGEX + "(" + ANSWER_ALTERNATIVE_REGEX + "(~" + ANSWER_ALTERNATIVE_REGEX + r")*)\}"
)
# Parenthesis positions for singulars in ANSWER_REGEX.
ANSWER_REGEX_NORM = 1
ANSWER_REGEX_ANSWER_TYPE_NUMERICAL = 3
ANSWER_REGEX_ANSWER_TYPE_SHORTANSWER = 7
ANSWER_REGEX_ANSWER_TYPE_SHORTANSWER_C = 8
ANSWER_REGEX_ALTERNATIVES = 16

_ANSWER = re.compile(ANSWER_REGEX, re.DOTALL)
_ALTERNATIVE = re.compile("~?" + ANSWER_ALTERNATIVE_REGEX, re.DOTALL)
#: PHP's trim() without a character list.
_PHP_SPACE = " \t\n\r\0\x0b"
_REFERENCE = re.compile(r"&(?:#([0-9]+)|#[xX]([0-9A-Fa-f]+)|([A-Za-z0-9]+));")


def _allowed_html401(code: int) -> bool:
    """php-src `unicode_cp_is_allowed` for ENT_HTML_DOC_HTML401."""
    return (
        0x20 <= code <= 0x7E
        or code in (0x09, 0x0A, 0x0D)
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0x10FFFF
    )


def html_entity_decode(text: str) -> str:
    """PHP's `html_entity_decode($text, ENT_QUOTES, 'UTF-8')`: one pass, `;` required."""

    def decode(match: re.Match[str]) -> str:
        decimal, hexadecimal, name = match.groups()
        if name is not None:
            code = html.entities.name2codepoint.get(name)  # the HTML 4.01 names
            return match.group(0) if code is None else chr(code)
        code = int(decimal) if decimal is not None else int(hexadecimal, 16)
        if code > 0x10FFFF or not _allowed_html401(code):
            return match.group(0)
        return chr(code)

    return _REFERENCE.sub(decode, text)


def _php_empty(value: str | None) -> bool:
    return value is None or value in ("", "0")


@dataclass
class ClozeGap:
    """One subquestion (`$wrapped`) as Moodle would save it."""

    qtype: str
    usecase: int = 0
    defaultmark: str = "1"
    answers: list[str] = field(default_factory=list)
    fractions: list[float] = field(default_factory=list)
    feedback: list[str] = field(default_factory=list)

    @property
    def case_sensitive(self) -> bool:
        """SHORTANSWER_C (SAC, MWC) compares case-sensitively."""
        return self.usecase == 1


def extract(questiontext: str) -> tuple[str, list[ClozeGap]]:
    """`qtype_multianswer_extract_question`: the text with `{#1}`... and every subquestion.

    Only the short-answer and numerical kinds are built out (seminarkit writes no others);
    any other kind is reported by its name so that a test sees it.
    """
    gaps: list[ClozeGap] = []
    text = questiontext
    positionkey = 1
    while (answerregs := _ANSWER.search(text)) is not None:
        if not _php_empty(answerregs.group(ANSWER_REGEX_ANSWER_TYPE_NUMERICAL)):
            wrapped = ClozeGap("numerical")
        elif not _php_empty(answerregs.group(ANSWER_REGEX_ANSWER_TYPE_SHORTANSWER)):
            wrapped = ClozeGap("shortanswer", usecase=0)
        elif not _php_empty(answerregs.group(ANSWER_REGEX_ANSWER_TYPE_SHORTANSWER_C)):
            wrapped = ClozeGap("shortanswer", usecase=1)
        else:
            wrapped = ClozeGap(answerregs.group(2))
        norm = answerregs.group(ANSWER_REGEX_NORM)
        if norm is not None and norm != "":
            wrapped.defaultmark = norm
        remainingalts = answerregs.group(ANSWER_REGEX_ALTERNATIVES)
        while (altregs := _ALTERNATIVE.search(remainingalts)) is not None:
            percentile = altregs.group(ANSWER_ALTERNATIVE_REGEX_PERCENTILE_FRACTION)
            if altregs.group(ANSWER_ALTERNATIVE_REGEX_FRACTION) == "=":
                wrapped.fractions.append(1.0)
            elif not _php_empty(percentile):
                wrapped.fractions.append(0.01 * float(percentile.replace(",", ".")))
            else:
                wrapped.fractions.append(0.0)
            feedback = altregs.group(ANSWER_ALTERNATIVE_REGEX_FEEDBACK)
            if feedback is not None:
                feedback = html_entity_decode(feedback).replace("\\}", "}")
                wrapped.feedback.append(feedback.replace("\\#", "#"))
            else:
                wrapped.feedback.append("")
            # Undo quoting done by the HTML editor.
            answer = html_entity_decode(altregs.group(ANSWER_ALTERNATIVE_REGEX_ANSWER))
            answer = answer.replace("\\}", "}")
            wrapped.answers.append(answer.replace("\\#", "#"))
            remainingalts = remainingalts.split(altregs.group(0), 1)[1]
        gaps.append(wrapped)
        text = f"{{#{positionkey}}}".join(text.split(answerregs.group(0), 1))
        positionkey += 1
    return text, gaps


def validate(gaps: list[ClozeGap]) -> list[str]:
    """`qtype_multianswer_validate_question` for short answers: what makes Moodle refuse."""
    if not gaps:
        return ["questionsmissing"]
    errors = []
    for number, gap in enumerate(gaps, start=1):
        answers = [
            (answer, fraction)
            for answer, fraction in zip(gap.answers, gap.fractions, strict=True)
            if answer.strip(_PHP_SPACE) != ""
        ]
        if not answers:
            errors.append(f"sub_{number}_answer[0]: notenoughanswers")
        if not any(fraction == 1 for _, fraction in answers):
            errors.append(f"sub_{number}_fraction[0]: fractionsnomax")
    return errors


def import_cloze(questiontext: str) -> tuple[str, list[ClozeGap]]:
    """`qformat_xml::import_multianswer`: trim, extract, and refuse what Moodle refuses."""
    text, gaps = extract(questiontext.strip(_PHP_SPACE))
    errors = validate(gaps)
    if errors:
        raise ValueError(f"Moodle refuses this cloze question: {errors}")
    return text, gaps


def shortanswer_matches(response: str, pattern: str, ignore_case: bool) -> bool:
    """`compare_string_with_wildcard`: NFC on both, `*` a wildcard, `\\*` a literal asterisk,
    the response trimmed by PHP's trim()."""
    pattern = unicodedata.normalize("NFC", pattern)
    response = unicodedata.normalize("NFC", response)
    bits = re.split(r"(?<!\\)\*+", pattern)
    regexp = ".*".join(re.escape(bit.replace("\\*", "*")) for bit in bits)
    flags = re.IGNORECASE if ignore_case else 0
    return re.fullmatch(regexp, response.strip(_PHP_SPACE), flags) is not None


def grade(response: str, gap: ClozeGap) -> float:
    """The fraction Moodle gives a typed response: the first answer that matches wins."""
    for answer, fraction in zip(gap.answers, gap.fractions, strict=True):
        if shortanswer_matches(response, answer, ignore_case=not gap.case_sensitive):
            return fraction
    return 0.0
