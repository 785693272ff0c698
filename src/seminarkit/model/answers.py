"""How a typed gap answer is compared with the accepted ones: the one normaliser (no I/O).

FORMAT.md ("How gap answers are compared") states the rules for authors. `normal` applies them
in this order; two answers are the same when their normal forms are equal:

1. Unicode NFC, so `u` followed by a combining diaeresis (U+0308) equals `ü`.
2. Invisible characters are dropped: soft hyphen, zero-width space, word joiner, byte order mark.
3. Typographic apostrophes and single quotes (’ ‘ ‚ ‛ ′ ´ ʼ ‹ › ＇) become `'`; typographic
   double quotes (“ ” „ ‟ ″ « » ＂) become `"`.
4. Every run of white space (the Unicode White_Space property: tab, line breaks, no-break and
   narrow no-break space, the typographic spaces of U+2000 to U+200A, ...) becomes one space, and
   the ends are trimmed.
5. Unless the exercise is `case_sensitive`, lower case by Unicode's default mapping (the one
   `str.lower` and JavaScript's `toLowerCase` share); this is not case folding, so `ß` and `ss`
   stay different words.

The browser's check mirrors this in `assets/seminarkit.js` (`normal`);
tests/browser/test_gap_answers.py runs both over every assigned character of the Basic
Multilingual Plane and holds them to the same result.

An LMS compares answers its own way, so the exports write `lms_answers`: each accepted answer
in its plain spelling (rules 1 to 4, case kept) plus the typographic spellings phones and word
processors produce (English and German quotes), see `spellings`.
"""

from __future__ import annotations

import re
import unicodedata

#: Rule 2: characters nobody sees.
INVISIBLE = "\u00ad\u200b\u2060\ufeff"
#: Rule 3: what reads as an apostrophe or single quote.
SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u00b4\u02bc\u2039\u203a\uff07"
#: Rule 3: what reads as a double quote.
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\uff02"
#: Rule 4: Unicode's White_Space property (PropList.txt), written out so that JavaScript's `\s`
#: (which adds U+FEFF and lacks U+0085) cannot differ from Python's `str.isspace`.
WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

_PLAIN = str.maketrans(
    {
        **dict.fromkeys(INVISIBLE, None),
        **dict.fromkeys(SINGLE_QUOTES, "'"),
        **dict.fromkeys(DOUBLE_QUOTES, '"'),
    }
)
_SPACES = re.compile(f"[{WHITE_SPACE}]+")
#: After these a quote opens (as in SmartyPants): the start, white space, brackets and dashes.
_OPENERS = " ([{<\u2013\u2014-/"
#: (apostrophe, opening single, closing single, opening double, closing double) per style.
_STYLES = (
    ("\u2019", "\u2018", "\u2019", "\u201c", "\u201d"),  # English: don’t, ‘word’, “word”
    ("\u2019", "\u201a", "\u2018", "\u201e", "\u201c"),  # German: geht’s, ‚Wort‘, „Wort“
)


def plain(answer: str) -> str:
    """Rules 1 to 4: the answer as people read it, in its own case."""
    text = unicodedata.normalize("NFC", answer).translate(_PLAIN)
    return unicodedata.normalize("NFC", _SPACES.sub(" ", text).strip(" "))


def normal(answer: str, case_sensitive: bool) -> str:
    """The form two answers are compared in (all five rules)."""
    text = plain(answer)
    return text if case_sensitive else unicodedata.normalize("NFC", text.lower())


def same_answer(given: str, accepted: str, case_sensitive: bool) -> bool:
    """Whether a typed answer counts as the accepted one."""
    return normal(given, case_sensitive) == normal(accepted, case_sensitive)


def _styled(text: str, style: tuple[str, str, str, str, str]) -> str:
    """`text` (plain quotes) with every quote in one typographic style.

    A quote at the start or after white space, a bracket or a dash opens; a double quote
    elsewhere closes; a single quote elsewhere closes a single quote still open (and is followed
    by no letter), else it is an apostrophe.
    """
    apostrophe, open_single, close_single, open_double, close_double = style
    out: list[str] = []
    single_open = False
    for index, char in enumerate(text):
        opening = index == 0 or text[index - 1] in _OPENERS
        after = text[index + 1] if index + 1 < len(text) else ""
        if char == '"':
            out.append(open_double if opening else close_double)
        elif char != "'":
            out.append(char)
        elif opening and after and not after.isspace():
            out.append(open_single)
            single_open = True
        elif single_open and not after.isalnum():
            out.append(close_single)
            single_open = False
        else:
            out.append(apostrophe)
    return "".join(out)


def spellings(answer: str) -> tuple[str, ...]:
    """The plain spelling of an accepted answer, then its typographic ones (if it has quotes)."""
    text = plain(answer)
    found = [text]
    if "'" in text or '"' in text:
        for style in _STYLES:
            styled = _styled(text, style)
            if styled not in found:
                found.append(styled)
    return tuple(found)


def lms_answers(answers: tuple[str, ...]) -> tuple[str, ...]:
    """Every spelling an LMS must accept for a gap, each once, the main answer's first."""
    found: dict[str, None] = {}
    for answer in answers:
        for spelling in spellings(answer):
            found.setdefault(spelling, None)
    return tuple(found)
