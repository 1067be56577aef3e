"""lost-meeting-day (soft, per day): a UN holiday inside a session's own dates costs a
meeting day: on a working day of the weeks a session of weeks counts (two weeks from a
Tuesday lose nothing to the Monday before), or on any day of a session of calendar
days. A session of meeting days skips holidays instead."""

from schedule_planner.domain.text import fmt, plural

from .base import SOFT, SessionRule, Verdict


class LostMeetingDay(SessionRule):
    name = "lost-meeting-day"
    level = SOFT
    reads_room = False  # judged once for a session's options alike but for their room
    priced_per_day = True
    default_weight = 10
    summary = "each meeting day a session loses to a UN holiday inside its weeks"

    def judge(self, problem, session, p):
        lost = problem.lost_days(session, p)
        if not lost:
            return None
        closed = problem.days[p.venue].closed
        n = len(lost)
        return Verdict(
            n,
            lambda: (
                f"loses {plural(n, 'meeting day')} to " + ", ".join(f"{closed[d]}, {fmt(d)}" for d in lost)
            ),
        )
