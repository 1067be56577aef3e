"""after-today (hard): with `--today DATE`, a session that is not pinned opens on or
after that day: what has not met by then cannot meet in the past."""

from schedule_planner.domain.text import fmt

from .base import HARD, SessionRule, Verdict, days


class AfterToday(SessionRule):
    name = "after-today"
    level = HARD
    summary = "with --today, every session not yet held opens on or after that day"

    def judge(self, problem, session, p):
        today = problem.today
        if today is None or session.id in problem.pinned or p.start >= today:
            return None
        early = (today - p.start).days
        return Verdict(
            early,
            lambda: (
                f"opens on {fmt(p.start)}, {days(early)} before --today {fmt(today)}, but has not met by then"
            ),
        )
