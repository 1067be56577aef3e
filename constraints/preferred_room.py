"""preferred-room (soft, per step): a session meets in the first suitable room its venue lists."""

from .base import SOFT, SessionRule, Verdict


class PreferredRoom(SessionRule):
    name = "preferred-room"
    reads_dates = False  # judged once per venue and room of a session
    level = SOFT
    default_weight = 3
    summary = "each step down the venue's list of suitable rooms"

    def judge(self, problem, session, p):
        venue = problem.venue(p.venue)
        need = session.room
        fitting = [
            r
            for r in venue.rooms
            if r.seats >= need.seats and r.interpretation >= need.interpretation and need.allows(r.id)
        ]
        if need.rooms:  # its own order of preference
            fitting.sort(key=lambda r: need.rooms.index(r.id))
        ids = [r.id for r in fitting]
        if p.room not in ids or ids.index(p.room) == 0:
            return None
        rank = ids.index(p.room)
        whose = "its" if need.rooms else "the venue's"
        return Verdict(
            rank,
            lambda: (
                f"meets in {venue.room(p.room).name}, not in {fitting[0].name}, {whose} first suitable room"
            ),
        )
