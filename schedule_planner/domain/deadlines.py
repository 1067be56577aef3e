"""The document pipeline's deadlines: one table of their keys and labels.

`Problem.deadlines` computes the dates; every renderer and rule names them from here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Deadline:
    key: str  # in JSON and CSV
    column: str  # a table column's title
    short: str | None  # the table's 'Documents due' label; None: not shown there
    event: str | None  # end of the iCal event's summary; None: no event of its own
    line: str | None  # label in a session's iCal description


DEADLINES = (
    Deadline(
        "contributions-close",
        "Contributions close",
        "contributions",
        "contributions close",
        "Contributions close",
    ),
    # the secretariat's own milestone: in JSON and CSV, not in the delegations' calendar
    Deadline("draft-ready", "Draft ready", None, None, None),
    Deadline(
        "submission",
        "Submission",
        "submission",
        "documents due at conference services",
        "Submission to conference services",
    ),
    Deadline(
        "issuance",
        "Issuance",
        "issuance",
        "documents issued in the six languages",
        "Issuance in the six official languages",
    ),
)
KEYS = tuple(d.key for d in DEADLINES)
