"""Renderers of a timetable and its findings, side by side: `table` (rich), `json`,
`csv`, `markdown` and `ics` (iCalendar). Each consumes the typed rows of
`schedule_planner.rows` and turns dates into text only here. Only the human table shows
wall-clock figures; the others are byte-for-byte deterministic for the same input.
Every format of every document is registered in `formats`, with one signature:
`render(outcome, options) -> Rendered`.
"""

from __future__ import annotations

import json as jsonlib  # not `json`: render.json, once imported, takes that name here
from collections import defaultdict
from typing import TYPE_CHECKING

from .. import distribution_version

if TYPE_CHECKING:  # not at run time: `planner --help` imports the format registry
    from rich.text import Text

    from ..domain.findings import Finding
    from ..domain.problem import Problem


def report_summary(rep, day) -> str:
    """A progress report's deadlines (each date written by `day`), where it goes and
    the meeting it reports on, as the table and Markdown print them."""
    if not rep.deadlines:
        return f"for {rep.goes_to}, which is not placed"
    d = rep.deadlines
    on = f"reports on {rep.basis.id} {rep.basis.name}" if rep.basis else "no meeting in time"
    return f"submission {day(d['submission'])}, issuance {day(d['issuance'])}, for {rep.goes_to}; {on}"


def literal(text: str) -> Text:
    """Text for rich to show as it is written: a name's `[bold]` or `[/]` is never read as
    markup (no style, no link, no error). Every text of the model handed to rich passes here."""
    from rich.text import Text

    return Text(text)


def title(problem: Problem) -> str:
    """What the timetable is of: its bodies' short names."""
    return " / ".join(b.label for b in problem.model.bodies)


def provenance(problem: Problem) -> dict[str, str]:
    """What produced an output, for JSON's `produced_by`, iCalendar's X-PLANNER-
    properties and Markdown's footer: planner's version, the digest of the resolved
    model and, when the model derives holiday calendars from the `holidays` library,
    that library's version (its data changes between releases)."""
    out = {"planner": distribution_version(), "model_digest": model_digest(problem)}
    if any(getattr(c, "derived", None) for c in problem.model.holidays):
        out["holidays"] = distribution_version("holidays")
    return out


def model_digest(problem: Problem) -> str:
    """sha256 of the resolved, validated model in canonical JSON (sorted keys, no
    spaces, UTF-8): the same model gives the same digest on every run and machine,
    whatever file layout or key order it was written in."""
    import hashlib  # here, not for --help: the registry of formats imports this package

    data = problem.model.model_dump(mode="json")
    text = jsonlib.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def cost_by_rule(findings: list[Finding]) -> dict[str, int]:
    return _totals(findings, lambda f: f.rule)


def cost_by_session(findings: list[Finding]) -> dict[str, int]:
    return _totals(findings, lambda f: f.session)


def _totals(findings: list[Finding], key) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for f in findings:
        if not f.hard and not f.history:
            totals[key(f)] += f.cost
    return dict(totals)


def held(problem: Problem, ids) -> str:
    """What an output of these meetings holds, by kind: '8 sessions and 7 consultations'."""
    from ..domain.schema import kinds_text

    return kinds_text([problem.by_id[s] for s in ids])
