"""session-length (hard): a session holds exactly its length.

A session of N weeks opens on the first meeting day of a week and closes on the last
meeting day of the week N-1 weeks later; a session of N days holds N meeting days.
"""

from schedule_planner.plan import fmt

from .base import HARD, SessionRule, Verdict


class SessionLength(SessionRule):
    name = "session-length"
    level = HARD
    summary = "a session of N weeks fills whole weeks, one of N days holds N meeting days"

    def judge(self, problem, session, p):
        span = problem.span_from(session, p.venue, p.start)
        if span == (p.start, p.end):
            return None
        length = session.length
        if span is None:
            return Verdict(length.weeks or length.days, lambda: (
                f"no {length} session fits from {fmt(p.start)}: too few meeting days"))
        start, end = span
        if start != p.start:
            return Verdict(abs((p.start - start).days), lambda: (
                f"a {length} session opening that week opens on {fmt(start)}, "
                f"the first meeting day, not on {fmt(p.start)}"))
        return Verdict(abs((p.end - end).days), lambda: (
            f"a {length} session opening on {fmt(start)} closes on {fmt(end)}, not on {fmt(p.end)}"))
