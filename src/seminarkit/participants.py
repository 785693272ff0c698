"""Read the participant list of the seminar-room pack: a CSV file as spreadsheets write it.

Called by the loader (the only code that reads course files). The list is personal data: no
problem message quotes a cell of it (only header cells that look like a misspelt column name);
rows are named by their line in the file.

- Encoding: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"); anything else
  is read as Windows-1252 (Excel's "CSV (Trennzeichen-getrennt)" on German Windows) with a
  warning; bytes Windows-1252 does not define are an error.
- Delimiter: `;` (German Excel), `,` or a tab, whichever the first line uses most (outside
  quotes); a first line without any has one column and every row is read whole. Excel's
  `sep=;` line before the header sets it.
- Columns, named in the first line (case and spaces do not matter, the order is free):
  the name (`Name`), or first and last name (`Vorname`, `Nachname`), optional `Organisation`
  (`Firma`, `Unternehmen`, `organization`, `company`), `Anrede` (`salutation`) and academic
  `Titel` (`title`). Other columns (e-mail, phone) are ignored and never read.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
from pathlib import Path

from .model.room import Participant
from .problems import Problem

#: Accepted header words (casefolded, spaces collapsed) for each field.
HEADERS: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "teilnehmer",
        "teilnehmerin",
        "teilnehmende",
        "teilnehmer/in",
        "teilnehmer*in",
        "teilnehmer:in",
        "vor- und nachname",
        "vollständiger name",
        "full name",
        "participant",
    ),
    "first": ("vorname", "first name", "firstname", "given name", "first"),
    "last": ("nachname", "familienname", "last name", "lastname", "surname", "family name"),
    "organisation": (
        "organisation",
        "organization",
        "firma",
        "unternehmen",
        "institution",
        "company",
        "organisation/firma",
        "employer",
    ),
    "salutation": ("anrede", "salutation"),
    "title": ("titel", "title", "akademischer titel", "akad. titel", "academic title"),
}
_FIELD_OF = {word: field for field, words in HEADERS.items() for word in words}
_DELIMITERS = (";", ",", "\t")
#: A delimiter that never occurs in text: a first line without `;`, `,` or tab has one column.
_NO_DELIMITER = "\x1f"
_NAME_HINT = (
    "the first line must name the columns, e.g. `Name;Organisation;Anrede` or "
    "`Vorname;Nachname;Firma` (English: name, organisation, salutation)"
)


def read_participants(raw: bytes, file: str) -> tuple[list[Participant] | None, list[Problem]]:
    """The participants of a CSV file's bytes (`file` names it in problems), in file order;
    None when it cannot be read or lists nobody. Problems: every bad header and row at once."""
    text, problems = _decode(raw, file)
    if text is None:
        return None, problems
    lines = re.split("\r\n|\r|\n", text)  # the line ends `csv` counts, nothing else
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is None:
        problems.append(Problem(file, 1, 1, "", f"the file is empty; {_NAME_HINT}"))
        return None, problems
    hint = lines[first].strip()
    if re.fullmatch(r"(?i)sep=.", hint):  # Excel's delimiter line, `sep=;`, before the header
        delimiter = hint[-1]
        lines[first] = ""
        text = "\n".join(lines)
        first = next((i for i, line in enumerate(lines) if line.strip()), len(lines) - 1)
    else:
        delimiter = _delimiter(lines[first])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    line = 0
    try:
        for cells in reader:
            records.append((line + 1, cells))
            line = reader.line_num
    except csv.Error as error:
        problems.append(Problem(file, line + 1, 1, "", f"this line cannot be read as CSV: {error}"))
        return None, problems
    records = [(number, cells) for number, cells in records if any(c.strip() for c in cells)]
    if not records:
        problems.append(Problem(file, 1, 1, "", f"the file has only empty cells; {_NAME_HINT}"))
        return None, problems
    (header_line, header), rows = records[0], records[1:]
    columns, found = _columns(header, header_line, lines[header_line - 1], delimiter, file)
    problems.extend(found)
    if columns is None:
        return None, problems
    participants: list[Participant] = []
    for number, cells in rows:
        participant, found = _row(number, cells, columns, len(header), lines, delimiter, file)
        problems.extend(found)
        if participant is not None:
            participants.append(participant)
    if any(problem.severity == "error" for problem in problems):
        return None, problems
    if not participants:
        problems.append(
            Problem(
                file,
                header_line,
                1,
                "",
                "the list names no participant (only its first line): the documents are blank",
                "warning",
            )
        )
        return None, problems
    return participants, problems


def _decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), []
        except UnicodeDecodeError:
            return None, [Problem(file, 1, 1, "", "the file starts like UTF-16 but is not")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None, [
            Problem(
                file,
                line,
                column,
                "",
                "the file is neither UTF-8 nor Windows-1252: save it from your spreadsheet as "
                "'CSV UTF-8'",
            )
        ]
    return text, [
        Problem(
            file,
            line,
            column,
            "",
            "the file is not UTF-8; it is read as Windows-1252 (what Excel writes as "
            "'CSV (Trennzeichen-getrennt)'): check the umlauts on the PDFs, or save it as "
            "'CSV UTF-8'",
            "warning",
        )
    ]


def _delimiter(line: str) -> str:
    """The delimiter the first line uses most often outside double quotes."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else _NO_DELIMITER


def _cell_columns(line: str, delimiter: str) -> list[int]:
    """1-based character column where each cell of a line starts."""
    starts, quoted = [1], False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            starts.append(index + 2)
    return starts


def _normalise(cell: str) -> str:
    return " ".join(cell.split()).casefold().rstrip(":")


def _columns(
    header: list[str], line: int, text: str, delimiter: str, file: str
) -> tuple[dict[str, int] | None, list[Problem]]:
    """Which field each column holds (field -> index), or None when there is no name column."""
    columns: dict[str, int] = {}
    problems: list[Problem] = []
    starts = _cell_columns(text, delimiter)
    for index, cell in enumerate(header):
        word = _normalise(cell)
        column = starts[index] if index < len(starts) else 1
        field = _FIELD_OF.get(word)
        if field is None:
            # Swapped letters first (the commonest typo), then the most similar word.
            close = [known for known in _FIELD_OF if sorted(known) == sorted(word)]
            close = close or difflib.get_close_matches(word, _FIELD_OF, n=1, cutoff=0.8)
            if close and word:  # only a misspelt header word is quoted back, never a name
                problems.append(
                    Problem(
                        file,
                        line,
                        column,
                        "",
                        f"unknown column '{cell.strip()}' (did you mean '{close[0]}'?): "
                        "it is ignored",
                        "warning",
                    )
                )
            continue
        if field in columns:
            problems.append(
                Problem(
                    file,
                    line,
                    column,
                    "",
                    f"column {index + 1} holds the {field} again (column {columns[field] + 1} "
                    "already does): keep one of them",
                )
            )
            continue
        columns[field] = index
    if not {"name", "first", "last"} & columns.keys():
        problems.append(Problem(file, line, 1, "", f"no column for the name: {_NAME_HINT}"))
        return None, problems
    return columns, problems


def _row(
    number: int,
    cells: list[str],
    columns: dict[str, int],
    width: int,
    lines: list[str],
    delimiter: str,
    file: str,
) -> tuple[Participant | None, list[Problem]]:
    """One participant from a record starting on line `number`; problems name line and column,
    never the content."""
    starts = _cell_columns(lines[number - 1], delimiter)
    problems: list[Problem] = []
    if any(cell.strip() for cell in cells[width:]):
        problems.append(
            Problem(
                file,
                number,
                starts[width] if width < len(starts) else 1,
                "",
                f"this row has {len(cells)} cells, but the first line names {width} columns: "
                "put a cell that holds the delimiter in double quotes",
            )
        )
    if any("\n" in cell or "\r" in cell for cell in cells):
        problems.append(
            Problem(
                file,
                number,
                1,
                "",
                "a cell of this row runs over several lines: is a closing double quote missing?",
            )
        )

    def value(field: str) -> str:
        index = columns.get(field)
        return " ".join(cells[index].split()) if index is not None and index < len(cells) else ""

    name = value("name") if "name" in columns else f"{value('first')} {value('last')}".strip()
    if not name:
        index = columns.get("name", columns.get("first", columns.get("last", 0)))
        problems.append(
            Problem(
                file,
                number,
                starts[index] if index < len(starts) else 1,
                "",
                "this row has no name",
            )
        )
    if problems:
        return None, problems
    return (
        Participant(
            name=name,
            organisation=value("organisation"),
            salutation=value("salutation"),
            title=value("title"),
            line=number,
        ),
        [],
    )


def participant_file(root: Path, configured: str) -> Path:
    """The participant list's path: `~` expanded, relative to the course folder (mkdocs.yml)."""
    return root / Path(configured).expanduser()
