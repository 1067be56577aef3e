"""room-free (hard): a room holds one meeting at a time.

On each of a session's meeting days its room is neither booked by another body's
meeting nor taken by another session being planned.
"""

from datetime import date

from schedule_planner.domain.schema import confirm_note
from schedule_planner.domain.text import fmt

from .base import ResourceRule, Use, days


class RoomFree(ResourceRule):
    name = "room-free"
    summary = "the session's room is not booked by another body on any of its meeting days"

    def demand(self, problem, session, p):
        return [((p.venue, p.room), day, 1) for day in problem.session_days(session, p)]

    def capacity(self, problem, resource) -> int:
        return 1

    def booked(self, problem, resource, day):
        venue, room = resource
        return [
            Use(m.body, 1, m.start, m.end, m.projected)
            for m in problem.days[venue].meetings.get(day, ())
            if room in m.rooms
        ]

    def words(self, problem, session, p, short):
        room = problem.venue(p.venue).room(p.room)
        name = room.name if room else p.room
        first: dict[Use, date] = {}  # each competitor with the first day it clashes
        for _, day, uses in short:
            for use in uses:
                first.setdefault(use, day)
        return (
            f"{name} is booked on {days(len(short))} of the session: "
            + "; ".join(f"{use} from {fmt(day)}" for use, day in first.items())
            + confirm_note(any(use.projected for use in first))
        )
