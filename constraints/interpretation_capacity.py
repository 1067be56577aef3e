"""interpretation-capacity (hard): the venue's interpreters can serve the session.

A venue has `interpretation_capacity` teams for meetings with interpretation at once;
other bodies' meetings take `interpretation` teams each, and a session being planned
that needs interpretation takes one on each of its meeting days.
"""

from schedule_planner.domain.schema import confirm_note, meeting_words
from schedule_planner.domain.text import fmt

from .base import ResourceRule, Use, days


class InterpretationCapacity(ResourceRule):
    name = "interpretation-capacity"
    reads_room = False  # judged once for a session's options alike but for their room
    summary = "on each meeting day the venue has an interpretation team free for the session"

    def demand(self, problem, session, p):
        if session.room.interpretation == 0:
            return []
        return [(p.venue, day, 1) for day in problem.session_days(session, p)]

    def capacity(self, problem, resource) -> int:
        return problem.venue(resource).interpretation_capacity

    def booked(self, problem, resource, day):
        return [
            Use(m.body, m.interpretation, m.start, m.end, m.projected)
            for m in problem.days[resource].meetings.get(day, ())
        ]

    def words(self, problem, session, p, short):
        venue = problem.venue(p.venue)
        _, day, uses = short[0]
        return (
            f"the {venue.name} has {venue.interpretation_capacity} interpretation teams and "
            + ", ".join(meeting_words(u.who, u.projected, str(u.amount)) for u in uses)
            + f" already take{'s' if len(uses) == 1 else ''} them on {days(len(short))} of "
            f"the session, from {fmt(day)}" + confirm_note(any(u.projected for u in uses))
        )
