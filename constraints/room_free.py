"""room-free (hard): no other body's meeting holds the session's room on its meeting days."""

from schedule_planner.plan import fmt, fmt_range

from .base import HARD, SessionRule, Verdict, days


class RoomFree(SessionRule):
    name = "room-free"
    level = HARD
    summary = "the session's room is not booked by another body on any of its meeting days"

    def judge(self, problem, session, p):
        booked = problem.days[p.venue].meetings
        clashes = {}  # id(meeting) -> (meeting, days)
        for day in problem.meeting_days(p.venue, p.start, p.end):
            for m in booked.get(day, ()):
                if p.room in m.rooms:
                    clashes.setdefault(id(m), (m, []))[1].append(day)
        if not clashes:
            return None
        room = problem.venue(p.venue).room(p.room)
        name = room.name if room else p.room
        n = len({d for _, ds in clashes.values() for d in ds})
        return Verdict(n, lambda: f"{name} is booked on {days(n)} of the session: " + "; ".join(
            f"{m.body} ({fmt_range(m.start, m.end)}) from {fmt(ds[0])}" for m, ds in clashes.values()))
