"""How Moodle reads a cloze question text and checks a short answer, ported for the tests.

From Moodle's question/type/multianswer/questiontype.php (`qtype_multianswer_extract_question`
and its ANSWER_* regexes) and question/type/shortanswer/question.php
(`compare_string_with_wildcard`). Python's `re` needs fixed-width look-behinds, so PCRE's
`(?<!\\\\|&|&amp;)` is written as three look-behinds in a row, which means the same.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_FRACTION = r"=|%(-?[0-9]+(?:[.,][0-9]*)?)%"
_ANSWER = r".+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$)"
_FEEDBACK = r".*?(?<!\\)(?=[~}]|$)"
_ALTERNATIVE = f"({_FRACTION})?({_ANSWER})(#({_FEEDBACK}))?"
_TYPES = (
    "NUMERICAL|NM|MULTICHOICE_VS|MCVS|MULTICHOICE_HS|MCHS|MULTICHOICE_V|MCV|MULTICHOICE_H|MCH|"
    "MULTICHOICE_S|MCS|MULTICHOICE|MC|SHORTANSWER_C|SAC|MWC|SHORTANSWER|SA|MW|"
    "MULTIRESPONSE_HS|MRHS|MULTIRESPONSE_H|MRH|MULTIRESPONSE_S|MRS|MULTIRESPONSE|MR"
)
_GAP = re.compile(
    r"\{([0-9]*):(?P<type>"
    + _TYPES
    + r"):(?P<alternatives>"
    + _ALTERNATIVE
    + "(~"
    + _ALTERNATIVE
    + r")*)\}",
    re.DOTALL,
)
_ONE_ALTERNATIVE = re.compile("~?" + _ALTERNATIVE, re.DOTALL)


@dataclass
class ClozeGap:
    """One embedded answer as Moodle stores it."""

    qtype: str
    answers: list[str]
    fractions: list[float]

    @property
    def case_sensitive(self) -> bool:
        """SHORTANSWER_C and its short forms compare case-sensitively."""
        return self.qtype in ("SHORTANSWER_C", "SAC", "MWC")


def extract(questiontext: str) -> tuple[str, list[ClozeGap]]:
    """The question text with `{#1}`... placeholders, and every gap in order."""
    gaps: list[ClozeGap] = []
    text = questiontext
    while match := _GAP.search(text):
        gap = ClozeGap(match.group("type"), [], [])
        remaining = match.group("alternatives")
        while alternative := _ONE_ALTERNATIVE.search(remaining):
            fraction, percentile, answer = alternative.group(1, 2, 3)
            if fraction == "=":
                gap.fractions.append(1.0)
            elif percentile:
                gap.fractions.append(float(percentile.replace(",", ".")) / 100)
            else:
                gap.fractions.append(0.0)
            decoded = html.unescape(answer).replace("\\}", "}").replace("\\#", "#")
            gap.answers.append(decoded)
            remaining = remaining.split(alternative.group(0), 1)[1]
        gaps.append(gap)
        text = text.replace(match.group(0), "{#" + str(len(gaps)) + "}", 1)
    return text, gaps


def shortanswer_matches(response: str, pattern: str, ignore_case: bool) -> bool:
    """Moodle's comparison: `*` is a wildcard, `\\*` a literal asterisk."""
    bits = re.split(r"(?<!\\)\*+", pattern)
    regexp = ".*".join(re.escape(bit.replace("\\*", "*")) for bit in bits)
    flags = re.IGNORECASE if ignore_case else 0
    return re.fullmatch(regexp, response.strip(), flags) is not None
