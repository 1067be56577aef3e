"""What a command's library call (`app.run_*`) returns and its renderers take: the data
of one command's result, with no words yet. `notes` are what the command says about its
input (how a file was read, what it leaves out); `interrupted`: Ctrl-C stopped a search
that had found a timetable, which is written all the same (exit 130 after it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .domain.findings import Finding
from .domain.problem import Problem
from .domain.timetable import Timetable

if TYPE_CHECKING:  # not at run time: the solver imports OR-Tools
    from .diff import Diff
    from .explain import ItemExplanation, Nearest, SessionExplanation
    from .solver import Alternatives, Result

GIVEN = "GIVEN"  # the status of a timetable read with --from whose recorded one no longer holds


@dataclass
class Given:
    """A timetable read with --from, shaped as the solver's result for the renderers:
    the soft findings and their cost as the rules judge them now, and a status."""

    status: str
    timetable: Timetable
    objective: int
    findings: list[Finding] = field(default_factory=list)  # soft, as the solver's
    hard: list[Finding] = field(default_factory=list)  # hard rules the timetable breaks
    bound: int | None = None  # the bound the file records of a FEASIBLE search, while its status holds


@dataclass
class Solved:
    """A timetable, solved or given (--from): `solve`, `export`, `show`."""

    problem: Problem
    result: Result | Given
    notes: list[str] = field(default_factory=list)
    moves: list = field(default_factory=list)  # diff.Move: what moved from --baseline
    alternatives: Alternatives | None = None  # --alternatives K
    previous: dict[str, Any] | None = None  # the last iCalendar export's events, by UID
    interrupted: bool = False


@dataclass
class Reported(Solved):
    """`report`: the timetable, why each session sits where it does, and the changes
    from the --baseline named `baseline`; the model's assumptions."""

    explained: list[SessionExplanation] = field(default_factory=list)
    unexplained: list[str] = field(default_factory=list)  # placed, but the time limit came first
    changes: Diff | None = None
    baseline: str | None = None
    assumptions: list = field(default_factory=list)  # authoring.Assumption


@dataclass
class Checked:
    """`check`: the proposal's timetable, every rule's findings on it, and the nearest
    admissible dates of the sessions that break a hard rule."""

    problem: Problem
    timetable: Timetable
    findings: list[Finding]
    nearest: list[Nearest]
    notes: list[str] = field(default_factory=list)


@dataclass
class Explained:
    """`explain`: why each session sits where it does, why each optional one left out
    is, and the calendar items' explanations; `source` the timetable read (--from), else
    `result` the solve's."""

    problem: Problem
    timetable: Timetable
    sessions: list[SessionExplanation]
    left_out: list[tuple[Finding, str]]
    calendar: list[ItemExplanation]
    source: str | None = None
    result: Result | None = None
    notes: list[str] = field(default_factory=list)
    interrupted: bool = False
    unexplained: list[str] = field(default_factory=list)  # placed, but the time limit came first


@dataclass
class Compared:
    """`diff`: timetables A and B (their names as given) and how B differs from A."""

    problem: Problem
    names: tuple[str, str]
    diff: Diff
    notes: list[str] = field(default_factory=list)
