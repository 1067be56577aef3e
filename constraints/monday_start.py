"""monday-start (soft, per session): a session of weeks counts its weeks from the first
working day of the venue's week (Monday at a Monday-Friday venue).

A session of weeks may open on any weekday (session-length: two weeks from a Tuesday
close on the Monday after), but committees open on Mondays: each session of weeks that
does not costs this rule's weight once. A session whose Monday is a UN holiday and that
opens on the Tuesday, closing on the Friday of its last week, counts from the Monday (it
loses the Monday: lost-meeting-day) and pays nothing here. Sessions of days and of
calendar days open on any day.

Weight: 20, more than a lost meeting day (lost-meeting-day, 10) and a week's shift
within a preferred window can save together in the default model, so that it still
opens every session on a Monday; a model that prefers a Tuesday opening to a lost day
sets it below 10.
"""

import calendar

from schedule_planner.domain.text import fmt

from .base import SOFT, SessionRule, Verdict


class MondayStart(SessionRule):
    name = "monday-start"
    level = SOFT
    reads_room = False  # judged once for a session's options alike but for their room
    default_weight = 20
    summary = "each session of weeks that does not count its weeks from the first day of the venue's week"

    def judge(self, problem, session, p):
        if session.length.unit != "weeks" or problem.week_start(session, p):
            return None
        first = calendar.day_name[problem.days[p.venue].week_begins]
        return Verdict(
            1,
            lambda: f"opens on {fmt(p.start)}, a {p.start:%A}: its weeks do not begin on a {first}",
        )
