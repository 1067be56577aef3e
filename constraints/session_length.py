"""session-length (hard): a session holds a length it may take.

A session of N weeks counts 7N days from any working day of its venue (5N working days
in a Monday-Friday week: two weeks open on a Tuesday and close on the Monday after) and
meets on the meeting days among them, from the first to the last; a session of N days
holds N meeting days; a session of N calendar days closes N-1 days after it opens. A
length may be a range ({min: 8, max: 10}): any length in it holds (short-session prices
those below its longest). Opening or closing on a day that is no meeting day is
`no-meeting-on-holiday`'s finding, so this rule measures from the nearest meeting days
inside the dates (calendar days: from the dates themselves).
"""

from datetime import timedelta

from schedule_planner.domain.text import fmt

from .base import HARD, SessionRule, Verdict


class SessionLength(SessionRule):
    name = "session-length"
    level = HARD
    reads_room = False  # judged once for a session's options alike but for their room
    summary = "a session of N weeks fills whole weeks, one of N days holds N meeting days"

    def judge(self, problem, session, p):
        if problem.readings(session, p):
            return None
        opens, closes = problem.edges(session, p)
        kind = session.length.adjective
        ends = sorted(
            {opens + timedelta(days=n - 1) for n in session.length.counts}
            if session.length.every_day
            else {
                span[1]
                for n in session.length.counts
                if (span := problem.span_from(session, p.venue, opens, n))
            }
        )
        if not ends:
            return Verdict(
                session.length.counts[-1],
                lambda: f"no {kind} session fits from {fmt(opens)}: too few meeting days",
            )
        nearest = min(ends, key=lambda end: abs((closes - end).days))
        when = f"on {fmt(ends[0])}" if len(ends) == 1 else f"between {fmt(ends[0])} and {fmt(ends[-1])}"
        return Verdict(
            abs((closes - nearest).days),
            lambda: f"a {kind} session opening on {fmt(opens)} closes {when}, not on {fmt(closes)}",
        )
