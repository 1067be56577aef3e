"""spread (soft, per week): a body's sessions spread over its mandate.

Without it, wide windows let the tie-break pack every session at its earliest dates. A
secretariat spreads them: equal gaps between sessions, the first some weeks into the
mandate, the last near the approval deadline less a margin. For each body of two or
more sessions (kind: session), from the data:

- the mandate runs from the first day one of its sessions may open (fixed dates, else
  its window, else the planning window) to the last day one may close or, if earlier,
  its approval deadline (approval-in-time's: the day its last session closes by);
- the margin is `spread: {margin_weeks: 6}` on the committee or body (ASSUMED 6: the
  seed's eighth session closes 6 weeks before its approval deadline);
- the first session aims to open a margin after the mandate's start (if its dates are
  fixed, they are the start), the last to close a margin before its end;
- the even gap is what is left between those two days once every session's own length
  is taken out, shared equally between consecutive sessions.

Each week begun by which a gap between consecutive sessions falls short of the even
gap costs the weight, and so does each week begun by which the first session opens
before or after its aim and the last closes before or after its aim. Gaps longer than
even cost nothing. Weeks, not days: intervals between sessions are counted in weeks
(A/76/L.33/Rev.1: "no less than 11 weeks apart"), and a day outside a session's
preferred window (preferred-window, per day) weighs as much as a week of spread.

The spread aims only where the model states no aim of its own: a term is priced when
a session it reads has its dates left open, neither fixed (or pinned by --today) nor
preferred. So a model that gives every session a preferred window (the default model,
whose windows are the seed's wording) is planned by those windows alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from schedule_planner.domain.schema import Spread as Setting
from schedule_planner.domain.text import fmt

from .base import SOFT, Dates, Finding, Rule, Variables, days, plural

WEEK = 7


def weeks_begun(short: int, both: bool) -> int:
    """The weeks begun of a shortfall in days (of its size either way, if `both`)."""
    if both:
        short = abs(short)
    return max(0, -(-short // WEEK))


@dataclass(frozen=True)
class Aim:
    """One term of the spread, written once: `short` (days short of the aim; an int on a
    timetable's dates, a linear expression in the solver), priced per week begun while
    positive (or either way, if `both`), while every session in `meets` meets and none
    in `absent` does."""

    subject: str
    short: Any
    both: bool
    words: Callable[[int], str]
    meets: tuple[str, ...]
    absent: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mandate:
    """A body's spread, from the data: its mandate's days, the aims of its first
    session's opening (None: its dates are fixed) and of its last one's closing, the
    even gap, and what its end is."""

    start: date
    end: date
    end_is: str  # what the mandate's end is, in words
    margin: int  # weeks
    opens: date | None
    closes: date
    gap: int  # days from one session's close to the next one's opening


def span_days(problem, session) -> int:
    """Days from a session's opening to its closing: its fixed (or pinned) dates', else
    its length's at its first venue, its working days taken in a row."""
    fixed = problem.fixed_dates(session)
    if fixed is not None:
        return (fixed[1] - fixed[0]).days
    length = session.length
    longest = length.counts[-1]  # the solver plans the longest a range allows
    if length.every_day:
        return longest - 1
    working = len(problem.model.session_venues(session)[0].working_days)
    n = longest * working if length.weeks else longest
    return WEEK * ((n - 1) // working) + (n - 1) % working


class Spread(Rule):
    name = "spread"
    level = SOFT
    default_weight = 1
    reads_every_meeting = True
    reads_previous = True  # a gap's term is on the session after it
    # its encoding prices weeks; made hard, it would forbid all but the even gaps
    level_settable = False
    summary = (
        "each week begun by which a gap between a body's sessions falls short of the even gap "
        "over its mandate, or its first session opens or last closes away from its aim"
    )

    def mandate(self, problem, body) -> Mandate | None:
        """The body's spread (None for a body of fewer than two sessions)."""
        key = (self.name, body.id)
        if key in problem.memo:
            return problem.memo[key]
        chain, window = body.in_order, problem.model.window
        out = None
        if len(chain) >= 2:
            spans = [s.fixed or s.window or window for s in chain]
            start = min(max(span.start, window.start) for span in spans)
            end, end_is = max(min(span.end, window.end) for span in spans), "its mandate's end"
            if body.approval is not None and problem.approval_due(body)[0] < end:
                end, end_is = problem.approval_due(body)[0], "its approval deadline"
            margin = (body.spread or Setting()).margin_weeks
            fixed = problem.fixed_dates(chain[0])
            opens = None if fixed is not None else start + timedelta(weeks=margin)
            closes = end - timedelta(weeks=margin)
            first = fixed[0] if fixed is not None else opens
            left = (closes - first).days - sum(span_days(problem, s) for s in chain)
            # a resumed part follows its session when the committee resumes it: no gap aims at it
            gaps = max(1, sum(1 for s in chain[1:] if s.resumes is None))
            out = Mandate(start, end, end_is, margin, opens, closes, max(0, left // gaps))
        problem.memo[key] = out
        return out

    def aims(self, problem, body, at) -> list[Aim]:
        """The body's terms: `at.start(id)`, `at.end(id)` are a session's first and last
        day, as day numbers or solver variables."""
        m = self.mandate(problem, body)
        if m is None:
            return []
        chain = body.in_order
        first, last = chain[0], chain[-1]
        free = {s.id for s in chain if self.left_open(problem, s)}
        out = []
        if first.id in free:
            assert m.opens is not None  # left open: its dates are not fixed

            def opening(short, m=m, s=first):
                side = "before" if short > 0 else "after"
                return (
                    f"{s.id} opens {days(abs(short))} {side} {fmt(m.opens)}, {plural(m.margin, 'week')} "
                    f"into its body's mandate (from {fmt(m.start)})"
                )

            out.append(Aim(first.id, m.opens.toordinal() - at.start(first.id), True, opening, (first.id,)))
        for prev, nxt, between in problem.links(chain):
            if (prev.id not in free and nxt.id not in free) or nxt.resumes is not None:
                continue

            def gap(short, m=m, prev=prev, nxt=nxt):
                return (
                    f"{nxt.id} opens {days(m.gap - short)} after {prev.id} closes, {days(short)} "
                    f"short of the even gap of {days(m.gap)} over its body's mandate "
                    f"({fmt(m.start)} to {fmt(m.end)}, {m.end_is})"
                )

            out.append(
                Aim(
                    nxt.id,
                    m.gap - (at.start(nxt.id) - at.end(prev.id)),
                    False,
                    gap,
                    (prev.id, nxt.id),
                    tuple(s.id for s in between),
                )
            )

        def closing(short, m=m, s=last):
            side = "before" if short > 0 else "after"
            return (
                f"{s.id} closes {days(abs(short))} {side} {fmt(m.closes)}, {plural(m.margin, 'week')} "
                f"before {m.end_is} ({fmt(m.end)})"
            )

        if last.id in free:
            out.append(Aim(last.id, m.closes.toordinal() - at.end(last.id), True, closing, (last.id,)))
        return out

    @staticmethod
    def left_open(problem, session) -> bool:
        """Whether the model leaves the session's dates open: neither fixed (or pinned)
        nor preferred. The spread aims only where the model states no aim of its own."""
        return problem.fixed_dates(session) is None and session.preferred is None

    def encode(self, enc) -> None:
        for body in enc.problem.model.bodies:
            aims = self.aims(enc.problem, body, Variables(enc))
            if not aims:
                continue
            # the most weeks a term can count: from the earliest to the latest day it reads,
            # and the gap
            m = self.mandate(enc.problem, body)
            assert m is not None  # it has aims
            reach = [m.start, m.end, m.closes] + [
                day for s in body.in_order for p, _ in enc.options[s.id] for day in (p.start, p.end)
            ]
            most = ((max(reach) - min(reach)).days + m.gap) // WEEK + 1
            for aim in aims:
                weight = self.weight_for(enc.problem, aim.subject)
                if not weight or any(enc.meets(s) is True for s in aim.absent):
                    continue  # free, or a session it needs absent always meets: never applies
                when = [enc.meets(s) for s in aim.meets] + [enc.meets(s).Not() for s in aim.absent]
                when = [w for w in when if w is not True]
                begun = enc.cp.new_int_var(0, most, f"{self.name}:{aim.subject}")
                enc.cp.add(WEEK * begun >= aim.short).only_enforce_if(when)
                if aim.both:
                    enc.cp.add(WEEK * begun >= -aim.short).only_enforce_if(when)
                enc.penalize(self.name, aim.subject, begun, weight)

    def check(self, problem, timetable):
        for body in problem.model.bodies:
            yield from self.body_check(problem, timetable, body)

    def session_findings(self, problem, timetable, session_id, seen=None):
        """Its findings on a session: those of the session's body's aims alone."""
        body = problem.body(problem.by_id[session_id])
        return [
            self.leveled(problem, f)
            for f in self.body_check(problem, timetable, body)
            if f.session == session_id
        ]

    def body_check(self, problem, timetable, body):
        """`check`'s findings on one body's sessions."""
        for aim in self.aims(problem, body, Dates(timetable)):
            weight = self.weight_for(problem, aim.subject)
            meeting = all(
                timetable.get(s) is not None and s not in timetable.dropped for s in aim.meets
            ) and not any(timetable.get(s) is not None and s not in timetable.dropped for s in aim.absent)
            n = weeks_begun(aim.short, aim.both)
            if not meeting or not n or not weight:
                continue
            p = timetable.get(aim.subject)
            yield Finding(
                self.name,
                self.level,
                aim.subject,
                p.start.isoformat(),
                n,
                n * weight,
                f"{aim.words(aim.short)}: {plural(n, 'week')} begun",
            )
