"""fixed-dates (hard): a session with fixed dates (held, announced or decided) keeps them."""

from schedule_planner.domain.schema import Span
from schedule_planner.domain.text import fmt_range

from .base import HARD, SessionRule, Verdict


class FixedDates(SessionRule):
    name = "fixed-dates"
    level = HARD
    relaxable = True
    summary = "a session whose dates are fixed keeps exactly those dates"

    def judge(self, problem, session, p):
        fixed = session.fixed
        if fixed is None or (p.start, p.end) == (fixed.start, fixed.end):
            return None
        moved = max(abs((p.start - fixed.start).days), abs((p.end - fixed.end).days))
        return Verdict(moved, lambda: f"its dates are fixed ({session.status}) at "
                              f"{fmt_range(fixed.start, fixed.end)}, not {fmt_range(p.start, p.end)}")

    def relaxable_for(self, problem, session) -> bool:
        return session.status != "held"   # a session already held cannot move

    def relaxation(self, problem, session, p, amount):
        moved = Span(start=p.start, end=p.end)
        return (f"move {session.id}'s fixed dates from {fmt_range(session.fixed.start, session.fixed.end)} "
                f"to {fmt_range(p.start, p.end)}", lambda m: m.with_session(session.id, fixed=moved))
