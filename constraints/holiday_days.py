"""Shared judging for the two soft holiday rules: meeting days on holidays that do not
close the venue but thin its staff or keep delegates away."""

from schedule_planner.domain.text import fmt

from .base import SOFT, SessionRule, Verdict


class SoftHolidayRule(SessionRule):
    level = SOFT
    reads_room = False  # judged once for a session's options alike but for their room
    priced_per_day = True
    kind: str  # the calendar kind this rule prices
    why: str

    def judge(self, problem, session, p):
        soft = problem.days[p.venue].soft
        hits = [
            (d, name)
            for d in problem.session_days(session, p)
            for kind, name in soft.get(d, ())
            if kind == self.kind
        ]
        if not hits:
            return None
        return Verdict(
            len(hits),
            lambda: "meets on " + ", ".join(f"{name}, {fmt(d)}" for d, name in hits) + f" ({self.why})",
        )
