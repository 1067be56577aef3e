"""no-meeting-on-holiday (hard): a session opens and closes on meeting days.

Weekends and the venue's UN holidays (calendars of kind `closed`) are not meeting
days. A holiday inside a session is not a meeting day either: the session loses it
(priced by `lost-meeting-day`), it never meets on it.
"""

from schedule_planner.domain.text import fmt

from .base import HARD, SessionRule, Verdict


class NoMeetingOnHoliday(SessionRule):
    name = "no-meeting-on-holiday"
    level = HARD
    summary = "sessions open and close on meeting days, never on a weekend or UN holiday"

    def judge(self, problem, session, p):
        venue = problem.venue(p.venue)
        bad = [(edge, day, problem.closed_reason(p.venue, day))
               for edge, day in (("open", p.start), ("close", p.end))]
        bad = [b for b in bad if b[2]]
        if not bad:
            return None
        return Verdict(len(bad), lambda: " and ".join(
            f"would {edge} on {fmt(day)}, {why}" for edge, day, why in bad) + f" at the {venue.name}")
