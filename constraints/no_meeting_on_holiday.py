"""no-meeting-on-holiday (hard): a session opens and closes on meeting days.

Days that are not the venue's working days (`working_days`, Monday to Friday unless
it says otherwise) and the venue's UN holidays (calendars of kind `closed`) are not
meeting days; a session measured in calendar days meets every day, weekends included,
but never on a UN holiday. A holiday inside a session is not a meeting day either: the
session loses it (priced by `lost-meeting-day`) or runs past it, it never meets on it.
"""

from schedule_planner.domain.text import fmt

from .base import HARD, SessionRule, Verdict


class NoMeetingOnHoliday(SessionRule):
    name = "no-meeting-on-holiday"
    level = HARD
    reads_room = False  # judged once for a session's options alike but for their room
    summary = "sessions open and close on meeting days, never on a weekend or UN holiday"

    def judge(self, problem, session, p):
        venue = problem.venue(p.venue)
        every_day = session.length.every_day
        bad = [
            (edge, day, problem.closed_reason(p.venue, day, every_day))
            for edge, day in (("open", p.start), ("close", p.end))
        ]
        bad = [b for b in bad if b[2]]
        if not bad:
            return None
        return Verdict(
            len(bad),
            lambda: (
                " and ".join(f"would {edge} on {fmt(day)}, {why}" for edge, day, why in bad)
                + f" at the {venue.name}"
            ),
        )
