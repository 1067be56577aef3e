"""The calendar of conferences as a spreadsheet: other bodies' meetings in a CSV file,
one meeting a line, read by a model's `include:` and written by `planner meetings`.

The columns are the fields of a meeting (`Meeting` in domain/schema.py), named in the
header in any case and order: `body`, `venue`, `start` and `end` are required; `rooms`
(or `room`), `interpretation`, `name`, `id`, `source`, `series` and `projected` may be
left out, or a cell left empty (the field's default). Several rooms share one cell,
separated by spaces, commas or semicolons (`plenary-m; board-c`); dates are written
YYYY-MM-DD; `projected` is yes or empty. The file is UTF-8 (a byte-order mark is
skipped), its cells separated by commas, semicolons or tabs (the header says which:
Excel writes semicolons where the decimal mark is a comma).

A CSV becomes `{meetings: [...]}` with every value at its row's line, so the include
merges it as a YAML file of meetings (ids derived from body and start, merged by id),
and a bad value is reported at file:line with its column. Nothing in a cell is a
formula: `=HYPERLINK(...)` is a body's name like any other. Written, a text that a
spreadsheet would evaluate gets a leading single quote (as OWASP advises), which reading
takes off again, so a written file reads back to the same meetings.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

from . import yamlio
from .domain.schema import Meeting
from .errors import InputError, shown

# the columns as written, in this order; the required ones first
COLUMNS = (
    "id",
    "body",
    "name",
    "venue",
    "rooms",
    "start",
    "end",
    "interpretation",
    "series",
    "projected",
    "source",
)
REQUIRED = ("body", "venue", "start", "end")
ALIASES = {"room": "rooms"}
DELIMITERS = (",", ";", "\t")
ROOMS = re.compile(r"[\s,;]+")
EMPTY = "is empty: expected a header line (body, venue, start, end, ...)"

FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet evaluates a cell beginning with


def cell(value: str | int) -> str | int:
    """A cell as a spreadsheet can open it: a text it would evaluate, quoted to be text."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA) else value


def _uncell(text: str) -> str:
    """A cell's text as written before `cell` quoted it."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA) else text


def is_table(path: Path | str) -> bool:
    return str(path).lower().endswith(".csv")


def load(path: Path | str) -> yamlio.Document:
    """The CSV file as a model file's data, `{meetings: [...]}`, each value located at
    its row's line; InputError naming file, line and column for a header or row that
    cannot be read."""
    name = str(path)
    text = yamlio.read_text(path)
    lines = text.splitlines()
    header_line = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_line is None:
        raise InputError(EMPTY, name)
    first = lines[header_line]
    delimiter = max(DELIMITERS, key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    where: dict = {(): (name, 1), ("meetings",): (name, header_line + 1)}
    meetings: list[dict] = []
    columns: list[str] | None = None
    done = 0  # the last line read
    try:
        for row in reader:
            line, done = done + 1, reader.line_num
            if not any(c.strip() for c in row):
                continue  # a blank line
            if columns is None:
                columns = _header(row, name, line)
                continue
            if len(row) > len(columns):
                raise InputError(
                    f"has {len(row)} cells, the header {len(columns)}: a cell holding the "
                    f"separator '{delimiter}' must be quoted",
                    name,
                    line,
                )
            if len(where) > yamlio.MAX_VALUES:
                raise InputError(
                    f"holds more than {yamlio.MAX_VALUES:,} values, the limit of an input", name, line
                )
            loc = ("meetings", len(meetings))
            where[loc] = (name, line)
            meeting: dict = {}
            for column, value in zip(columns, row):
                value = _uncell(value.strip())
                if not value:
                    continue  # the field's default
                where[loc + (column,)] = (name, line)
                if column == "rooms":
                    rooms = [r for r in ROOMS.split(value) if r]
                    meeting[column] = rooms
                    where |= {loc + (column, i): (name, line) for i in range(len(rooms))}
                else:
                    meeting[column] = value
            empty = [c for c in REQUIRED if c not in meeting]
            if empty:
                raise InputError(
                    f"the cell is empty: every meeting needs its {', '.join(REQUIRED)}", name, line, empty[0]
                )
            meetings.append(meeting)
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", name, reader.line_num) from None
    if columns is None:
        raise InputError(EMPTY, name)
    return yamlio.Document({"meetings": meetings}, where, name)


def _header(row: list[str], name: str, line: int) -> list[str]:
    columns = []
    for text in row:
        column = ALIASES.get(text.strip().casefold(), text.strip().casefold())
        if column not in COLUMNS:
            raise InputError(
                f"unknown column '{shown(text.strip())}' (the columns: {', '.join(COLUMNS)}; room for rooms)",
                name,
                line,
                text.strip(),
            )
        if column in columns:
            raise InputError(f"column '{column}' is given twice", name, line, text.strip())
        columns.append(column)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InputError(
            f"the header has no column {', '.join(missing)} (required: {', '.join(REQUIRED)})", name, line
        )
    return columns


def to_csv(meetings: Iterable[Meeting]) -> str:
    """The meetings one a line, in the columns `load` reads back to the same meetings."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for m in meetings:
        row: list[str | int] = [
            m.id,
            m.body,
            m.name,
            m.venue,
            " ".join(m.rooms),
            m.start.isoformat(),
            m.end.isoformat(),
            m.interpretation,
            m.series or "",
            "yes" if m.projected else "",
            m.source,
        ]
        writer.writerow(map(cell, row))
    return out.getvalue()
