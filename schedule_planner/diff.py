"""What changed between two timetables of one model (`planner diff A B`): sessions
moved, added or dropped, document deadlines moved, hard rules newly broken or newly
satisfied, and the change in soft-rule cost. It works on timetables and their rows;
the command line reads the files, the renderers write the JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from constraints import REGISTRY, evaluate

from .domain.deadlines import DEADLINES
from .domain.findings import Finding
from .domain.problem import Problem
from .domain.text import fmt, fmt_range, plural
from .domain.timetable import Timetable
from .rows import SessionRow, timetable_rows

LABELS = {d.key: d.column[0] + d.column[1:].lower() for d in DEADLINES}


@dataclass(frozen=True)
class Move:
    """A session both timetables place, at other dates, venue or room in B; when B is
    re-planned from A as a baseline, the hard rules its place in A breaks (what forced
    the move, if it was its own)."""

    old: SessionRow
    new: SessionRow
    forced_by: tuple[Finding, ...] = ()

    @property
    def days(self) -> int:
        """The shift of the opening, in days (negative: earlier)."""
        return (self.new.start - self.old.start).days


@dataclass(frozen=True)
class DeadlineMove:
    session: str
    key: str  # as domain.deadlines.DEADLINES
    old: date | None  # None: the deadline is not in A (no previous session placed)
    new: date | None

    @property
    def days(self) -> int | None:
        return (self.new - self.old).days if self.old and self.new else None


@dataclass(frozen=True)
class CostChange:
    before: int
    after: int
    by_rule: dict[str, tuple[int, int]]  # soft rule -> (before, after), registry order


@dataclass(frozen=True)
class Diff:
    moved: list[Move]
    added: list[SessionRow]  # in B only
    dropped: list[SessionRow]  # in A only
    deadlines: list[DeadlineMove]
    newly_broken: list[Finding]  # hard findings of B, by (rule, session), not in A
    newly_satisfied: list[Finding]  # hard findings of A not in B
    cost: CostChange

    @property
    def equal(self) -> bool:
        """The same placements: the same sessions at the same dates, venues and rooms."""
        return not (self.moved or self.added or self.dropped)


def _both(problem: Problem, a: Timetable, b: Timetable):
    """Each timetable's rows by session id, and the sessions both place (model order)."""
    rows_a = {r.id: r for r in timetable_rows(problem, a)}
    rows_b = {r.id: r for r in timetable_rows(problem, b)}
    return (
        rows_a,
        rows_b,
        [(rows_a[s.id], rows_b[s.id]) for s in problem.sessions if s.id in rows_a and s.id in rows_b],
    )


def moves(problem: Problem, a: Timetable, b: Timetable) -> list[Move]:
    """The sessions both timetables place, placed otherwise in B, in the model's order."""
    return [Move(old, new) for old, new in _both(problem, a, b)[2] if old.placement != new.placement]


def diff(problem: Problem, a: Timetable, b: Timetable) -> Diff:
    rows_a, rows_b, both = _both(problem, a, b)
    order = [s.id for s in problem.sessions]
    moved, deadlines = [], []
    for old, new in both:
        sid = old.id
        if old.placement != new.placement:
            moved.append(Move(old, new))
        for d in DEADLINES:
            before, after = old.deadlines.get(d.key), new.deadlines.get(d.key)
            if before != after:
                deadlines.append(DeadlineMove(sid, d.key, before, after))
    added = [rows_b[s] for s in order if s in rows_b and s not in rows_a]
    dropped = [rows_a[s] for s in order if s in rows_a and s not in rows_b]
    found_a, found_b = evaluate(problem, a), evaluate(problem, b)
    return Diff(
        moved,
        added,
        dropped,
        deadlines,
        _new_hard(found_b, found_a),
        _new_hard(found_a, found_b),
        _cost(found_a, found_b),
    )


def _new_hard(these: list[Finding], others: list[Finding]) -> list[Finding]:
    """The hard findings of `these` whose rule and session no hard finding of `others` has,
    in evaluate's order (registry, then session), once per rule and session."""
    known = {(f.rule, f.session) for f in others if f.hard}
    out, seen = [], set()
    for f in these:
        key = (f.rule, f.session)
        if f.hard and key not in known and key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _cost(found_a: list[Finding], found_b: list[Finding]) -> CostChange:
    def totals(found):
        out: dict[str, int] = {}
        for f in found:
            if not f.hard:
                out[f.rule] = out.get(f.rule, 0) + f.cost
        return out

    ta, tb = totals(found_a), totals(found_b)
    by_rule = {
        r.name: (ta.get(r.name, 0), tb.get(r.name, 0)) for r in REGISTRY if r.name in ta or r.name in tb
    }
    return CostChange(sum(ta.values()), sum(tb.values()), by_rule)


# ---------------------------------------------------------------- in words


def shift(days: int) -> str:
    """'2 weeks later', '3 days earlier'; weeks when the shift is whole weeks."""
    n = abs(days)
    size = plural(n // 7, "week") if n % 7 == 0 else plural(n, "day")
    return f"{size} {'later' if days > 0 else 'earlier'}"


def _where(row: SessionRow) -> str:
    return f"{row.venue.name}, {row.room.name}"


def _label(row: SessionRow) -> str:
    return f"{row.id} {row.session.name}"


def move_line(m: Move) -> str:
    old, new = m.old, m.new
    dates_changed = (old.start, old.end) != (new.start, new.end)
    if dates_changed:
        how = f"moved {shift(m.days)}" if m.days else "moved, same opening"
        text = (
            f"{_label(new)}: {how}, from {fmt_range(old.start, old.end)} to {fmt_range(new.start, new.end)}"
        )
    else:
        text = f"{_label(new)}: same dates, {fmt_range(new.start, new.end)}"
    if old.venue.id != new.venue.id:
        text += f"; venue {old.venue.name} ({old.room.name}) to {new.venue.name} ({new.room.name})"
    elif old.room.id != new.room.id:
        text += f"; room {old.room.name} to {new.room.name} ({new.venue.name})"
    return text


def _change(before: int, after: int) -> str:
    return f"{before} to {after} ({after - before:+d})"


def lines(problem: Problem, d: Diff, names: tuple[str, str]) -> list[str]:
    """The comparison as a secretariat would send it: one line per change, its groups
    apart, each item indented under its heading."""
    out: list[str] = []
    for heading, items in groups(problem, d, names):
        out += ([""] if out else []) + [heading] + [f"  {item}" for item in items]
    return out


def groups(problem: Problem, d: Diff, names: tuple[str, str]) -> list[tuple[str, list[str]]]:
    """The comparison in words, as (heading, items): the counts first (no items), then
    the moves, additions, deadlines, rules and cost, each group that has any."""
    a, b = names
    if d.equal:
        head = (
            f"The two timetables are equal: {a} and {b} place every session at the same "
            "dates, venues and rooms."
        )
    else:
        counts = [
            plural(len(d.moved), "session") + " moved",
            f"{len(d.added)} added",
            f"{len(d.dropped)} dropped",
        ]
        head = f"From {a} to {b}: {', '.join(counts)}."
    out: list[tuple[str, list[str]]] = [(head, [])]
    if d.moved:
        out.append(("Moved:", [move_line(m) for m in d.moved]))
    if d.added:
        out.append(("Added:", [f"{_label(r)}: {fmt_range(r.start, r.end)}, {_where(r)}" for r in d.added]))
    if d.dropped:
        out.append(
            ("Dropped:", [f"{_label(r)}: was {fmt_range(r.start, r.end)}, {_where(r)}" for r in d.dropped])
        )
    if d.deadlines:
        items = []
        for m in d.deadlines:
            label = f"{m.session} {problem.by_id[m.session].name}: {LABELS[m.key].lower()}"
            if m.old is None:
                assert m.new is not None  # a deadline that moved is in A or in B
                items.append(f"{label}: now {fmt(m.new)} (none before: the previous session was not placed)")
            elif m.new is None:
                items.append(f"{label}: none now, the previous session not being placed (was {fmt(m.old)})")
            else:
                items.append(
                    f"{label} moved {shift((m.new - m.old).days)}, from {fmt(m.old)} to {fmt(m.new)}"
                )
        out.append(("Document deadlines moved:", items))
    if d.newly_broken:
        out.append(
            ("Hard rules newly broken:", [f"{f.session}: {f.rule}: {f.message}" for f in d.newly_broken])
        )
    if d.newly_satisfied:
        out.append(
            (
                "Hard rules newly satisfied:",
                [f"{f.session}: {f.rule}: {f.message}" for f in d.newly_satisfied],
            )
        )
    c = d.cost
    if c.before != c.after or any(x != y for x, y in c.by_rule.values()):
        out.append(
            (
                f"Soft-rule cost: {_change(c.before, c.after)}",
                [f"{rule}: {_change(x, y)}" for rule, (x, y) in c.by_rule.items() if x != y],
            )
        )
    else:
        out.append((f"Soft-rule cost: {c.before}, unchanged.", []))
    return out


def _row(r: SessionRow) -> dict:
    return {
        "id": r.id,
        "name": r.session.name,
        "start": r.start.isoformat(),
        "end": r.end.isoformat(),
        "venue": r.venue.id,
        "room": r.room.id,
    }


def _finding(f: Finding) -> dict:
    return {"rule": f.rule, "session": f.session, "message": f.message}


def as_dict(d: Diff) -> dict:
    """The comparison for JSON, after the document's header."""
    c = d.cost
    return {
        "equal": d.equal,
        "moved": [
            {
                "id": m.new.id,
                "name": m.new.session.name,
                "old": {k: v for k, v in _row(m.old).items() if k not in ("id", "name")},
                "new": {k: v for k, v in _row(m.new).items() if k not in ("id", "name")},
                "days_moved": m.days,
                "venue_changed": m.old.venue.id != m.new.venue.id,
                "room_changed": (m.old.venue.id, m.old.room.id) != (m.new.venue.id, m.new.room.id),
            }
            for m in d.moved
        ],
        "added": [_row(r) for r in d.added],
        "dropped": [_row(r) for r in d.dropped],
        "deadlines": [
            {
                "session": m.session,
                "deadline": m.key,
                "old": m.old.isoformat() if m.old else None,
                "new": m.new.isoformat() if m.new else None,
                "days_moved": m.days,
            }
            for m in d.deadlines
        ],
        "newly_broken": [_finding(f) for f in d.newly_broken],
        "newly_satisfied": [_finding(f) for f in d.newly_satisfied],
        "cost_change": {
            "before": c.before,
            "after": c.after,
            "change": c.after - c.before,
            "by_rule": {
                rule: {"before": x, "after": y, "change": y - x} for rule, (x, y) in c.by_rule.items()
            },
        },
    }
