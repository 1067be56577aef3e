"""Renderers of a timetable and its findings, side by side: `table` (rich), `json`,
`csv`, `markdown` and `ics` (iCalendar). Each consumes the typed rows of
`schedule_planner.rows` and turns dates into text only here. Only the human table shows
wall-clock figures; the others are byte-for-byte deterministic for the same input.
"""

from __future__ import annotations

from collections import defaultdict

from ..domain.findings import Finding
from ..domain.problem import Problem


def title(problem: Problem) -> str:
    """What the timetable is of: its bodies' short names."""
    return " / ".join(b.label for b in problem.model.bodies)


def cost_by_rule(findings: list[Finding]) -> dict[str, int]:
    return _totals(findings, lambda f: f.rule)


def cost_by_session(findings: list[Finding]) -> dict[str, int]:
    return _totals(findings, lambda f: f.session)


def _totals(findings: list[Finding], key) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for f in findings:
        if not f.hard:
            totals[key(f)] += f.cost
    return dict(totals)
