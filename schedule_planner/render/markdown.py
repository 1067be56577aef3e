"""Markdown: the timetable as a table a secretariat can paste into a document (every
meeting, its kind in a column of its own), then the progress reports and the milestones
of the adoption path."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..domain.deadlines import DEADLINES
from ..domain.findings import Finding
from ..domain.problem import Problem
from ..domain.schema import KIND_WORDS
from ..domain.text import fmt, fmt_range
from ..rows import Milestone, ReportRow, SessionRow, trades
from . import held, provenance, report_summary, title
from .formats import Options, Rendered

if TYPE_CHECKING:
    from ..outcome import Solved

SHOWN = [d for d in DEADLINES if d.short]  # the deadlines delegations see


# what Markdown would read as HTML, code, emphasis, a link or an image, or a table's
# column: HTML's characters as entities (every renderer decodes them), the others behind
# a backslash. Without a bracket no link nor image forms, so parentheses and `!` stay
# as they are.
ESCAPE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": " "} | {c: "\\" + c for c in "\\`*_[]|"}
)


def _md(text: str) -> str:
    """A text as Markdown shows it, on one line: `<script>` or `[x](javascript:...)` in a
    name are words on the page, never HTML nor a link."""
    return text.translate(ESCAPE)


def days_text(row: SessionRow, short: bool = False) -> str:
    n, lost = len(row.meeting_days), len(row.lost_days)
    if not lost:
        return f"{n}"
    return f"{n} ({lost} lost)" if short else f"{n} ({lost} lost to holidays)"


def report_line(rep: ReportRow) -> str:
    """A progress report in a line: its deadlines, where it goes and what it reports on."""
    return f"{rep.id} {rep.report.name}: {report_summary(rep, fmt)}"


def milestone_line(m: Milestone) -> str:
    """A milestone in a line: its name and its date or dates."""
    when = fmt(m.start) if m.start == m.end else fmt_range(m.start, m.end)
    spare = f" ({m.slack} days to spare)" if m.slack is not None else ""
    return f"{m.name}: {when}{spare}"


def to_markdown(
    problem: Problem,
    rows: list[SessionRow],
    findings: list[Finding],
    status: str,
    objective: int,
    reports: Sequence[ReportRow] = (),
    milestones: Sequence[Milestone] = (),
) -> str:
    columns = ["Session", "Kind", "Dates", "Meeting days", "Venue, room", *(d.column for d in SHOWN), "Task"]
    lines = [
        f"# {_md(title(problem))}: timetable",
        "",
        f"Status: {status}. Total cost of soft rules: {objective}.",
        "",
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
    ]
    for r in rows:
        lines.append(
            "| "
            + " | ".join(
                _md(x)
                for x in [
                    f"{r.id} {r.session.name}",
                    KIND_WORDS[r.session.kind],
                    fmt_range(r.start, r.end),
                    days_text(r),
                    f"{r.venue.name}, {r.room.name}",
                    *(fmt(r.deadlines[d.key]) if d.key in r.deadlines else "-" for d in SHOWN),
                    r.session.task,
                ]
            )
            + " |"
        )
    if reports:
        lines += ["", "## Reports", ""]
        lines += [f"- {_md(report_line(rep))}" for rep in reports]
    if milestones:
        lines += ["", "## Milestones", ""]
        lines += [f"- {_md(milestone_line(m))}" for m in milestones]
    dropped = [f for f in findings if f.rule == "dropped-session"]
    if dropped:
        lines += ["", "## Left out", ""]
        lines += [f"- {_md(f.session)}: {_md(f.message)}" for f in dropped]
    soft = [f for f in findings if not f.hard]
    if soft:
        lines += ["", "## What the timetable trades", ""]
        grouped = trades(soft)
        if grouped is None:
            lines += [f"- {_md(f.session)}, {f.rule}: {_md(f.message)} (cost {f.cost})" for f in soft]
        else:
            lines += [f"{len(soft)} findings by rule, the largest first (JSON lists each):", ""]
            for t in grouped:
                lines.append(f"- {_md(t.head())}")
                lines += [f"  - {_md(f.session)}: {_md(f.message)} (cost {f.cost})" for f in t.largest]
                lines += [f"  - and {t.more} more"] if t.more else []
    lines += ["", footer(problem)]
    return "\n".join(lines) + "\n"


def footer(problem: Problem) -> str:
    """What produced the document, so that a timetable sent on can be traced."""
    made = provenance(problem)
    line = f"Produced by planner {made['planner']} from the model {made['model_digest']}"
    if "holidays" in made:
        line += f", with holidays {made['holidays']}"
    return f"*{line}.*"


def render(outcome: Solved, options: Options) -> Rendered:
    from ..rows import milestones, report_rows, timetable_rows

    problem, result = outcome.problem, outcome.result
    text = to_markdown(
        problem,
        timetable_rows(problem, result.timetable),
        result.findings,
        result.status,
        result.objective,
        report_rows(problem, result.timetable),
        milestones(problem, result.timetable),
    )
    return Rendered(text, held(problem, result.timetable.placements))
