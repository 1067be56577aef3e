"""The human table (rich), with a summary below it, fitted to a width; the summaries
and the texts of `solve`, `check`, `explain`, `diff` and `rules`.

Dates and numbers are never cut: their columns keep their full width. At the stable
width of files and pipes (and on wide terminals) the table has a column per item and
the Task column takes the rest; on a narrower terminal the session's and room's names
wrap at spaces and the meeting days go under the dates; when even then there is no
room for the Task column, it is left out with a note. No line ends in spaces.

Every meeting has a row, in date order; a meeting that is not a negotiating session
says its kind under its name: (consultation), (organizational). Under the table, the
section "Reports and milestones" gives a line (wrapped to the width) per progress
report and per milestone of the adoption path.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..domain.problem import Problem
from ..domain.text import fmt_range, plural, short_date
from ..rows import Milestone, ReportRow, SessionRow, trades
from . import held, literal, report_summary, title
from .formats import Options, Rendered
from .markdown import SHOWN, days_text, milestone_line

if TYPE_CHECKING:
    from ..diff import Move
    from ..domain.findings import Finding
    from ..outcome import Checked, Compared, Explained, Solved

STABLE_WIDTH = 140  # files and pipes: the same table on every machine
TASK_MIN = 24  # the narrowest Task column worth showing
# column widths around the cells: today's table (box edges and one space of padding on
# both sides of every column), and the compact one (no edges, columns two spaces apart;
# the last column's right padding is there, and stripped)
WIDE_EXTRA, COMPACT_GAP = 3, 2


def _lines(cells: list[str]) -> list[str]:
    return [line for cell in cells for line in cell.split("\n")]


def natural(header: str, cells: list[str]) -> int:
    """The width a column needs to show every line whole."""
    from rich.cells import cell_len

    return max(cell_len(line) for line in [header, *_lines(cells)])


def longest_word(header: str, cells: list[str]) -> int:
    """The narrowest a wrapping column can be without cutting a word."""
    from rich.cells import cell_len

    return max([1] + [cell_len(word) for line in [header, *_lines(cells)] for word in line.split()])


def _documents(r: SessionRow, split: bool = False) -> str:
    """The deadlines delegations see, one a line, or the date under each name."""
    between = "\n  " if split else " "
    return "\n".join(
        f"{d.short}{between}{short_date(r.deadlines[d.key])}" for d in SHOWN if d.key in r.deadlines
    )


def timetable_table(problem: Problem, rows: list[SessionRow], width: int = STABLE_WIDTH):
    """The table for `width` columns, the note to print under it (or None) and the width
    it needs (more than `width` only when nothing fits: then nothing is cut either)."""
    from rich import box
    from rich.table import Table

    sessions = [
        f"{r.id}\n{r.session.name}" + ("" if r.session.is_session else f"\n({r.session.kind})") for r in rows
    ]
    dates = [fmt_range(r.start, r.end) for r in rows]
    days = [days_text(r, short=True) for r in rows]
    venues = [f"{r.venue.city}\n{r.room.name}" for r in rows]
    documents = [_documents(r) for r in rows]
    tasks = [r.session.task for r in rows]

    fixed = [natural("Dates", dates), natural("Days", days), natural("Documents due", documents)]
    # the meetings' and rooms' names whole if they fit, else wrapped at spaces (a long
    # consultation's name, the General Assembly Hall)
    whole = (natural("Session", sessions), natural("Venue, room", venues))
    wrapped = (
        max(len("Session"), longest_word("Session", sessions)),
        max(len("Venue, room"), longest_word("Venue, room", venues)),
    )
    names = next(
        (
            ws
            for ws in (whole, (wrapped[0], whole[1]), wrapped)
            if sum(ws) + sum(fixed) + WIDE_EXTRA * 6 + 1 + TASK_MIN <= width
        ),
        None,
    )
    if names is not None:
        spare = width - (sum(names) + sum(fixed) + WIDE_EXTRA * 6 + 1 + TASK_MIN)
        widths = list(names)
        for i in (1, 0):  # whole rooms' names first, then the meetings'
            more = min(spare, whole[i] - widths[i])
            widths[i] += more
            spare -= more
        session_kw, venue_kw = ({"width": w, "no_wrap": w == n} for w, n in zip(widths, whole))
        table = Table(
            title=literal(title(problem)), box=box.SIMPLE_HEAD, show_lines=True, title_justify="left"
        )
        for name, kw in (
            ("Session", session_kw),
            ("Dates", {"no_wrap": True}),
            ("Days", {"justify": "right", "no_wrap": True}),
            ("Venue, room", venue_kw),
            ("Documents due", {"no_wrap": True}),
            ("Task", {"ratio": 1, "min_width": TASK_MIN}),
        ):
            table.add_column(name, **kw)
        for row in zip(sessions, dates, days, venues, documents, tasks):
            table.add_row(*map(literal, row))
        return table, None, width

    # compact: names wrap at spaces, the meeting days go under the dates; then, if need
    # be, no Task column; then each deadline's date under its name
    dates = [
        f"{fmt_range(r.start, r.end)}\n{plural(len(r.meeting_days), 'meeting day')}"
        + (f", {len(r.lost_days)} lost" if r.lost_days else "")
        for r in rows
    ]
    for split in (False, True):
        docs = [_documents(r, split) for r in rows]
        columns = [
            ("Session", sessions, True),
            ("Dates", dates, False),
            ("Venue, room", venues, True),
            ("Documents due", docs, False),
        ]
        least = [longest_word(h, c) if wraps else natural(h, c) for h, c, wraps in columns]
        used = sum(least) + COMPACT_GAP * (len(columns) - 1) + 1
        show_task = not split and used + COMPACT_GAP + TASK_MIN <= width
        if show_task or used <= width:
            break
    spare = max(0, width - used - (COMPACT_GAP + TASK_MIN if show_task else 0))
    widths, most = list(least), [natural(h, c) for h, c, _ in columns]
    while spare:  # the names widen first, the narrower one a column at a time
        narrow = [i for i, w in enumerate(widths) if w < most[i]]
        if not narrow:
            break
        widths[min(narrow, key=lambda i: widths[i])] += 1
        spare -= 1
    table = Table(
        title=literal(title(problem)),
        box=box.SIMPLE_HEAD,
        show_lines=True,
        title_justify="left",
        show_edge=False,
        pad_edge=False,
        padding=(0, COMPACT_GAP - 1, 0, 0),
    )
    for (header, _, wraps), w in zip(columns, widths):
        table.add_column(header, width=w, no_wrap=not wraps)
    cells = [c for _, c, _ in columns]
    note = None
    if show_task:
        table.add_column("Task", width=min(TASK_MIN + spare, natural("Task", tasks)))
        cells.append(tasks)
    else:
        note = f"Note: the Task column is left out at {width} columns; a wider terminal shows it."
    for row in zip(*cells):
        table.add_row(*map(literal, row))
    return table, note, max(width, sum(widths) + COMPACT_GAP * (len(columns) - 1) + 1)


def report_text(rep: ReportRow) -> str:
    """A progress report in the table's section: deadlines, where it goes, its meeting."""
    return f"{rep.id}: {report_summary(rep, short_date)}"


def calendar_lines(reports: Sequence[ReportRow], milestones: Sequence[Milestone], width: int) -> list[str]:
    """The section under the table: a line per report and per milestone, wrapped to
    `width` with the continuation indented."""
    if not reports and not milestones:
        return []
    items = [report_text(r) for r in reports] + [milestone_line(m) for m in milestones]
    out = ["Reports and milestones:"]
    for item in items:
        out += textwrap.wrap(
            item,
            width=width,
            initial_indent="  ",
            subsequent_indent="    ",
            break_long_words=False,
            break_on_hyphens=False,
        )
    return out


def render_table(
    problem: Problem,
    rows: list[SessionRow],
    summary: list[str],
    width: int | None = None,
    reports: Sequence[ReportRow] = (),
    milestones: Sequence[Milestone] = (),
) -> str:
    """The human table, the section on reports and milestones and the summary lines;
    `width` defaults to 140 columns so files and pipes are stable."""
    from rich.console import Console

    table, note, needed = timetable_table(problem, rows, width or STABLE_WIDTH)
    buffer = io.StringIO()
    console = Console(file=buffer, width=needed, color_system=None, highlight=False, emoji=False)
    console.print(table)
    section = calendar_lines(reports, milestones, width or STABLE_WIDTH)
    for line in ([note] if note else []) + section + ([""] if section else []) + summary:
        console.print(line, markup=False, soft_wrap=True)
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def _table(problem: Problem, timetable, summary: list[str], width: int | None) -> str:
    from ..rows import milestones, report_rows, timetable_rows

    return render_table(
        problem,
        timetable_rows(problem, timetable),
        summary,
        width,
        report_rows(problem, timetable),
        milestones(problem, timetable),
    )


def timetable(outcome: Solved, options: Options) -> Rendered:
    """`solve`'s table: the timetable, then its score, what it trades, what moved from
    the baseline and the alternatives."""
    problem, result = outcome.problem, outcome.result
    summary = (
        solve_summary(result) + moves_summary(outcome) + alternatives_summary(problem, outcome.alternatives)
    )
    text = _table(problem, result.timetable, summary, options.width)
    return Rendered(text, held(problem, result.timetable.placements))


def solve_summary(result) -> list[str]:
    from . import cost_by_rule

    by_rule = cost_by_rule(result.findings)
    breakdown = ", ".join(f"{rule} {cost}" for rule, cost in by_rule.items())
    lines = [
        f"Status {result.status}; objective {result.objective}"
        + (f" ({breakdown})" if breakdown else "")
        + f"; solved in {result.wall_time:.2f} s"
    ]
    if result.interrupted:
        lines.append("Interrupted (Ctrl-C): the best timetable found before the search was stopped.")
    if result.status != "OPTIMAL":
        lines.append(f"Best bound {result.bound}: the timetable may not be the best one.")
    lines += dropped_summary(result.findings)
    history = [f for f in result.findings if f.history]
    traded = [f for f in result.findings if not f.history]
    lines += [f"Note: {f.line()}" for f in history]
    if traded:
        lines += trades_lines(traded)
    else:
        lines.append("Every soft rule is met: nothing was traded.")
    return lines


def trades_lines(findings: list[Finding]) -> list[str]:
    """What the timetable trades: a line a finding, or, when there are many, by rule with
    the largest of each."""
    grouped = trades(findings)
    if grouped is None:
        return ["What the timetable trades:"] + [f"  {f.line()}" for f in findings]
    lines = [
        f"What the timetable trades: {len(findings)} findings by rule, the largest first (JSON lists each):"
    ]
    for t in grouped:
        lines.append(f"  {t.head()}")
        lines += [
            f"    {' '.join(filter(None, (f.session, f.date)))}: {f.message}"
            + ("" if f.hard else f" (cost {f.cost})")
            for f in t.largest
        ]
        lines += [f"    and {t.more} more"] if t.more else []
    return lines


def moves_summary(outcome: Solved) -> list[str]:
    if outcome.problem.baseline is None:
        return []
    if not outcome.moves:
        return ["Nothing moved from the baseline."]
    return ["What moved from the baseline:"] + [f"  {replan_line(m)}" for m in outcome.moves]


def replan_line(m: Move) -> str:
    """A session moved from the baseline: its dates before and after, and what forced it."""
    before, after = m.old.placement, m.new.placement
    side = "later" if m.days > 0 else "earlier"
    shift = f"{abs(m.days)} days {side}" if m.days else "same dates"
    where = (
        ""
        if (before.venue, before.room) == (after.venue, after.room)
        else f", {before.venue}/{before.room} -> {after.venue}/{after.room}"
    )
    why = (
        "forced by " + "; ".join(f"{f.rule}: {f.message}" for f in m.forced_by)
        if m.forced_by
        else "not forced by its own dates: it makes way for a session "
        "that had to move, or saves more than the move costs"
    )
    return (
        f"{m.new.id}: {fmt_range(before.start, before.end)} -> "
        f"{fmt_range(after.start, after.end)} ({shift}{where}); {why}"
    )


def alternatives_summary(problem: Problem, alts) -> list[str]:
    """Each alternative's score and how it differs from the first timetable (the one
    printed above), after the first's own summary."""
    if alts is None:
        return []
    from ..diff import diff, move_line
    from . import cost_by_rule

    first = alts.results[0]
    lines = [
        f"Alternatives: {plural(len(alts.results), 'timetable')} in score order, the first "
        "being the one above."
    ]
    for rank, alt in enumerate(alts.results[1:], start=2):
        breakdown = ", ".join(f"{rule} {cost}" for rule, cost in cost_by_rule(alt.findings).items())
        lines.append(
            f"Alternative {rank}: status {alt.status}; objective {alt.objective} "
            f"({breakdown or 'no soft cost'}; {alt.objective - first.objective:+d} on the first)"
        )
        moved = diff(problem, first.timetable, alt.timetable).moved
        lines += [f"  {move_line(m)}" for m in moved]
    if alts.note:
        lines.append(f"Note: {alts.note}")
    return lines


def dropped_summary(findings) -> list[str]:
    """The optional sessions left out, in the model's order."""
    ids = [
        f.session + (f" (short of {', '.join(f.short)})" if f.short else "")
        for f in findings
        if f.rule == "dropped-session"
    ]
    return [f"Left out (optional, priced by dropped-session): {', '.join(ids)}"] if ids else []


def check(outcome: Checked, options: Options) -> Rendered:
    """`check`'s table: the proposal's timetable, then what it breaks and costs."""
    text = _table(outcome.problem, outcome.timetable, check_summary(outcome), options.width)
    return Rendered(text, held(outcome.problem, outcome.timetable.placements))


def check_summary(outcome: Checked) -> list[str]:
    findings, timetable = outcome.findings, outcome.timetable
    hard = [f for f in findings if f.breach]
    soft = [f for f in findings if not f.hard and not f.history]
    lines = [f"Note: {n}" for n in outcome.notes] + [f"Note: {f.line()}" for f in findings if f.history]
    lines += dropped_summary(findings)
    if hard:
        lines.append(f"{plural(len(hard), 'hard rule')} {'are' if len(hard) > 1 else 'is'} broken:")
        lines += [f"  {f.line()}" for f in hard]
    if outcome.nearest:
        from ..explain import nearest_line

        lines += [
            f"  {n.session}: nearest admissible dates: {nearest_line(n, timetable.get(n.session))}"
            for n in outcome.nearest
        ]
    elif not hard:
        lines.append("No hard rule is broken.")
    if soft:
        lines.append(f"Soft-rule costs, {sum(f.cost for f in soft)} in all:")
        lines += [f"  {f.line()}" for f in soft]
    return lines


def explanation(outcome: Explained, options: Options) -> Rendered:
    """`explain`'s text: a paragraph per session, then the sessions left out and the
    calendar's other items."""
    from .. import explain as ex

    problem = outcome.problem
    text = (
        "\n".join(
            [f"Note: {n}" for n in outcome.notes]
            + ex.lines(problem, outcome.sessions)
            + [
                f"{f.session} {problem.by_id[f.session].name}: left out (optional; price {f.cost:,}): {why}"
                for f, why in outcome.left_out
            ]
            + [f"{c.id}: {c.message}" for c in outcome.calendar]
        )
        + "\n"
    )
    return Rendered(text, explained(outcome))


def explained(outcome: Explained) -> str:
    return held(outcome.problem, [e.session for e in outcome.sessions]) + " explained"


def comparison(outcome: Compared, options: Options) -> Rendered:
    """`diff`'s text: the notes on reading A and B, then how B differs from A."""
    from .. import diff as df

    lines = [f"Note: {n}" for n in outcome.notes] + df.lines(outcome.problem, outcome.diff, outcome.names)
    return Rendered("\n".join(lines) + "\n", changed(outcome))


def changed(outcome: Compared) -> str:
    d = outcome.diff
    if d.equal:
        return "equal timetables"
    return plural(len(d.moved) + len(d.added) + len(d.dropped), "session") + " changed"


def rules_text(problem: Problem) -> str:
    """`planner rules`: a line per rule, its name, level for the whole model (a soft
    rule's weight) and what it asks; then what the model's `rules:` set for the model, a
    body or a session, each with where it is written."""
    from constraints import HARD, REGISTRY

    levels = []
    for rule in REGISTRY:
        level = rule.level_for(problem, None)
        levels.append(str(level) if level == HARD else f"{level}, weight {rule.weight_for(problem, None)}")
    width = max(map(len, levels))
    out = "".join(
        f"{rule.name:<24} {level:<{width}} {rule.summary}\n" for rule, level in zip(REGISTRY, levels)
    )
    scopes: list[tuple[str, str | None, dict]] = [("model", None, problem.model.rules)]
    scopes += [(f"body {b.id}", b.id, b.rules) for b in problem.model.bodies]
    scopes += [(f"session {s.id}", s.id, s.rules) for s in problem.sessions]
    rows = [
        (
            name,
            scope,
            ", ".join(p for p in (r.level, r.weight is not None and f"weight {r.weight}") if p),
            where,
        )
        for scope, where, rules in scopes
        for name, r in rules.items()
        if r.level is not None or r.weight is not None
    ]
    if not rows:
        return out
    out += "\nset by the model's `rules:` (a session's setting wins over its body's, a body's over the model's):\n"
    widths = [max(len(row[i] or "") for row in rows) for i in range(3)]
    for name, scope, what, where in rows:
        origin = problem.origin(where, f"rules.{name}") if problem.origin else ""
        out += f"{name:<{widths[0]}}  {scope:<{widths[1]}}  {what:<{widths[2]}}  {origin}".rstrip() + "\n"
    return out
