"""session-length (hard): a session holds exactly its length.

A session of N weeks opens on the first meeting day of a week (at its venue: weeks
begin on the first working day the venue names) and closes on the last meeting day of
the week N-1 weeks later; a session of N days holds N meeting days; a session of N
calendar days closes N-1 days after it opens. Opening or closing on a day that is no
meeting day is `no-meeting-on-holiday`'s finding, so this rule measures from the
nearest meeting days inside the dates (calendar days: from the dates themselves).
"""

from datetime import timedelta

from schedule_planner.domain.text import fmt

from .base import HARD, SessionRule, Verdict


class SessionLength(SessionRule):
    name = "session-length"
    level = HARD
    summary = "a session of N weeks fills whole weeks, one of N days holds N meeting days"

    def judge(self, problem, session, p):
        opens, closes = p.start, p.end
        if session.length.every_day:
            end = opens + timedelta(days=session.length.calendar_days - 1)
            if end == closes:
                return None
            kind = session.length.adjective
            return Verdict(
                abs((closes - end).days),
                lambda: (
                    f"a {kind} session opening on {fmt(opens)} closes on {fmt(end)}, not on {fmt(closes)}"
                ),
            )
        while opens < closes and not problem.is_meeting_day(p.venue, opens):
            opens += timedelta(days=1)
        while closes > opens and not problem.is_meeting_day(p.venue, closes):
            closes -= timedelta(days=1)
        span = problem.span_from(session, p.venue, opens)
        if span == (opens, closes):
            return None
        kind = session.length.adjective
        if span is None:
            return Verdict(
                session.length.weeks or session.length.days,
                lambda: f"no {kind} session fits from {fmt(opens)}: too few meeting days",
            )
        start, end = span
        if start != opens:
            return Verdict(
                abs((opens - start).days),
                lambda: (
                    f"a {kind} session opening that week opens on {fmt(start)}, "
                    f"the first meeting day, not on {fmt(opens)}"
                ),
            )
        return Verdict(
            abs((closes - end).days),
            lambda: f"a {kind} session opening on {fmt(start)} closes on {fmt(end)}, not on {fmt(closes)}",
        )
