"""room-fits (hard): the session meets at one of its venues, in a room with enough seats
and interpretation into the languages it needs."""

from .base import HARD, SessionRule, Verdict


class RoomFits(SessionRule):
    name = "room-fits"
    reads_dates = False  # judged once per venue and room of a session
    level = HARD
    summary = (
        "the room is at one of the session's venues (one of its rooms, if it names them), "
        "with the seats and interpretation it needs"
    )

    def judge(self, problem, session, p):
        allowed = [v.id for v in problem.model.session_venues(session)]
        if p.venue not in allowed:
            return Verdict(
                1, lambda: f"meets at '{p.venue}', not at one of its venues ({', '.join(allowed)})"
            )
        venue = problem.venue(p.venue)
        room = venue.room(p.room)
        if room is None:
            return Verdict(1, lambda: f"the {venue.name} has no room '{p.room}'")
        need = session.room
        if not need.allows(room.id):
            return Verdict(
                1, lambda: f"meets in {room.name}, not in one of its rooms ({', '.join(need.rooms)})"
            )
        if room.seats < need.seats:
            return Verdict(
                need.seats - room.seats,
                lambda: f"{room.name} seats {room.seats}, the session needs {need.seats}",
            )
        if room.interpretation < need.interpretation:
            return Verdict(
                need.interpretation - room.interpretation,
                lambda: (
                    f"{room.name} has interpretation into {room.interpretation} languages, "
                    f"the session needs {need.interpretation}"
                ),
            )
        return None
