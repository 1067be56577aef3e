"""The JSON documents planner writes, one typed model each, key for key in the order
written; tests/test_documents.py holds the documents written to them. `render.json`
fills solve's and check's, and `proposal` reads them back (`check`, `--from`,
`--baseline`), taking the keys it needs and accepting every other key declared here: a
key added to either is thereby read back too. Dates are written YYYY-MM-DD.

TypedDicts, not classes with behaviour: a document is plain JSON data, and a TypedDict
costs nothing to import (`planner check` reads these). Not `from __future__ import
annotations` here: `NotRequired` must be seen when the class is made."""

from typing import NotRequired, TypedDict


class Header(TypedDict):
    """Whose timetable a document holds, and what produced it."""

    committee: NotRequired[str]  # a model of one body
    bodies: NotRequired[list[str]]  # a model of several, in its order
    produced_by: dict[str, str]  # render.provenance


class SessionEntry(TypedDict):
    """A placed meeting, its `kind` saying which: session, organizational, consultation."""

    id: str
    kind: str
    name: str
    resumes: NotRequired[str]  # a resumed part: the id of the session it resumes
    start: str
    end: str
    meeting_days: list[str]
    lost_days: list[str]  # working days lost to holidays
    venue: str
    venue_name: str
    city: str
    timezone: str
    room: str
    room_name: str
    deadlines: dict[str, str]  # keyed as domain.deadlines.KEYS, in its order
    task: str


class DroppedEntry(TypedDict):
    """An optional session the timetable leaves out, with what leaving it out costs."""

    id: str
    name: str
    price: int
    short_of: list[str]  # what the sessions held fall short of without it


class ReportEntry(TypedDict):
    """A progress report: where it goes, its deadlines, the meeting it reports on (null:
    none closes in time) and the days that meeting could close later (null: none)."""

    id: str
    body: str
    name: str
    goes_to: str
    assembly: int | None
    session: str | None
    opens: str | None
    cut_off: str | None
    submission: str | None
    issuance: str | None
    basis: str | None
    slack: int | None


class MilestoneEntry(TypedDict):
    """A date on the adoption path: approval, consideration, adoption, signing."""

    id: str
    body: str
    name: str
    start: str
    end: str
    slack: int | None


class Place(TypedDict):
    start: str
    end: str
    venue: str
    room: str


# a session an alternative places otherwise than the first timetable ("from" is a keyword)
Difference = TypedDict(
    "Difference", {"session": str, "from": Place, "to": Place, "days_moved": int, "venue_changed": bool}
)


class Alternative(TypedDict):
    """`solve --alternatives`: a timetable, its score and how it differs from the first."""

    rank: int
    status: str
    objective: int
    cost_by_rule: dict[str, int]
    sessions: list[SessionEntry]
    dropped: list[DroppedEntry]
    differences: list[Difference]


class SolveDocument(Header):
    """`planner solve --format json`: the timetable, its score and its calendar."""

    status: str  # OPTIMAL, FEASIBLE
    objective: int
    bound: NotRequired[int]  # FEASIBLE from a search: the best bound it proved
    gap: NotRequired[float]  # and (objective - bound) / objective
    cost_by_rule: dict[str, int]
    cost_by_session: dict[str, int]
    costs: list[dict]  # Finding.as_dict of each soft finding
    sessions: list[SessionEntry]
    dropped: list[DroppedEntry]
    reports: list[ReportEntry]
    milestones: list[MilestoneEntry]
    moves: NotRequired[list[dict]]  # with --baseline: each session moved (diff.Move)
    alternatives: NotRequired[list[Alternative]]  # with --alternatives, rank 1 the document's own
    alternatives_note: NotRequired[str | None]


class CheckDocument(Header):
    """`planner check --format json`: the proposal's verdict, its findings and calendar."""

    ok: bool  # no hard rule broken
    hard_violations: int
    cost: int
    cost_by_rule: dict[str, int]
    cost_by_session: dict[str, int]
    findings: list[dict]  # Finding.as_dict of each finding
    notes: list[str]
    sessions: list[SessionEntry]
    dropped: list[DroppedEntry]
    reports: list[ReportEntry]
    milestones: list[MilestoneEntry]
    nearest: NotRequired[dict[str, dict]]  # by session broken: explain.nearest_dict


class ExplainDropped(TypedDict):
    """An optional session left out, its price and why keeping it costs more."""

    id: str
    price: int
    keeping: str


class ExplainDocument(Header):
    """`planner explain --format json`: why each session sits where it does. Its parts
    are explain's (as_dict, ItemExplanation)."""

    source: NotRequired[str]  # with --from: the timetable explained
    status: NotRequired[str]  # without: the solve's
    objective: NotRequired[int]
    notes: list[str]
    sessions: list[dict]  # explain.as_dict
    dropped: list[ExplainDropped]
    calendar: list[dict]  # explain.ItemExplanation: id, rule, message, slack


class DiffDocument(Header):
    """`planner diff --format json`: timetable B against A (diff.as_dict)."""

    a: str  # the files compared
    b: str
    equal: bool
    moved: list[dict]
    added: list[dict]
    dropped: list[dict]
    deadlines: list[dict]
    newly_broken: list[dict]
    newly_satisfied: list[dict]
    cost_change: dict
    notes: list[str]


class InfeasibleDocument(Header):
    """`planner solve --format json` (and export) when no timetable exists: the status,
    the message and, when one was made, the diagnosis (diagnose.Diagnosis.as_dict)."""

    status: str  # INFEASIBLE, UNKNOWN, MODEL_INVALID
    message: str
    conflict: NotRequired[list[dict]]  # a minimal set of rule and session
    minimal: NotRequired[bool]
    relaxations: NotRequired[list[dict]]
    minimised: NotRequired[str]
    verified: NotRequired[bool | None]
    verified_objective: NotRequired[int | None]
    complete: NotRequired[bool]
    window_after: NotRequired[dict | None]


TIMETABLES = (SolveDocument, CheckDocument)  # the documents read back as timetables
