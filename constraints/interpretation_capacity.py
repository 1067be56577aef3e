"""interpretation-capacity (hard): the venue's interpreters can serve the session.

A venue has `interpretation_capacity` teams for meetings with six-language
interpretation at once; other bodies' meetings take `interpretation` teams each. A
session that needs interpretation takes one more on each of its meeting days.
"""

from schedule_planner.plan import fmt

from .base import HARD, SessionRule, Verdict, days


class InterpretationCapacity(SessionRule):
    name = "interpretation-capacity"
    level = HARD
    summary = "on each meeting day the venue has an interpretation team free for the session"

    def judge(self, problem, session, p):
        if session.room.interpretation == 0:
            return None
        venue = problem.venue(p.venue)
        booked = problem.days[p.venue].meetings
        full = []
        for day in problem.meeting_days(p.venue, p.start, p.end):
            others = booked.get(day, ())
            if sum(m.interpretation for m in others) + 1 > venue.interpretation_capacity:
                full.append((day, others))
        if not full:
            return None
        day, others = full[0]
        return Verdict(len(full), lambda: (
            f"the {venue.name} has {venue.interpretation_capacity} interpretation teams and "
            + ", ".join(f"{m.body} ({m.interpretation})" for m in others)
            + f" already take{'s' if len(others) == 1 else ''} them on {days(len(full))} of the "
            f"session, from {fmt(day)}"))
