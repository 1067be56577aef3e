"""Every output format, in one registry per document, with one renderer signature:
`render(outcome, options) -> Rendered`, the outcome being what the command's library
call returned (`schedule_planner.outcome`).

`TIMETABLE` is read by `solve --format` (its choices) and `export` (a subcommand per
format, with the description in its help), and by the tests: a new format is one module
with a `render` function and one line here. A renderer is named "module:function"
(".csv:render": this package's csv module) and imported only when used, so that
`planner --help` stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any


@dataclass(frozen=True)
class Options:
    """How to render, beyond the outcome."""

    width: int | None = None  # a terminal's columns; None: the stable width of files and pipes
    colour: bool = False  # a terminal that takes colour
    calendar: Any = None  # the iCalendar options (render.ics.Options) of `export ics`; None: its defaults


@dataclass(frozen=True)
class Rendered:
    """An output's text, and what it holds in words: the line `wrote FILE: <holds>`."""

    text: str
    holds: str


@dataclass(frozen=True)
class Format:
    renderer: str  # "module:function", the module's name relative to this package if it starts with "."
    description: str = ""  # what the format is, for --help: "CSV, a line per session, for spreadsheets"
    export: bool = True  # an `export` subcommand of its own (the table is for people, not programs)

    def render(self, outcome, options: Options = Options()) -> Rendered:
        module, _, function = self.renderer.partition(":")
        return getattr(import_module(module, __package__), function)(outcome, options)


# a timetable, solved or given (outcome.Solved): `solve --format X` and `export X` alike
TIMETABLE = {
    "table": Format(".table:timetable", "the human table, with a summary", export=False),
    "json": Format(".documents:timetable", "a JSON document (its contract: docs/reference/json.md)"),
    "csv": Format(".csv:render", "CSV, a line per session, for spreadsheets"),
    "markdown": Format(".markdown:render", "a Markdown table to paste into a document"),
    "ics": Format(".ics:render", "an iCalendar file (.ics) for calendar programs"),
}
# the other documents, each in a table for people and JSON for programs
CHECK = {"table": Format(".table:check"), "json": Format(".documents:check")}  # outcome.Checked
EXPLAIN = {
    "table": Format(".table:explanation"),
    "json": Format(".documents:explanation"),
}  # outcome.Explained
DIFF = {"table": Format(".table:comparison"), "json": Format(".documents:comparison")}  # outcome.Compared
# `show --by X`: views of a timetable in the terminal (outcome.Solved), the first the default
SHOW = {
    "month": Format(".calendar:render", "a row per month, sessions as bars, deadlines and holidays marked"),
    "room": Format(
        ".rooms:render",
        "a grid of rooms by day, a page per month: a lane per meeting that overlaps another, "
        "other bodies' meetings too",
    ),
}
REPORT = Format(".documents:report")  # `report`'s HTML page (outcome.Reported)
