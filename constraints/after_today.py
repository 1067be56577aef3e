"""after-today (hard): with `--today DATE`, a session that is not pinned opens on or
after that day, and none of its document deadlines falls before it: what has not met by
then cannot meet, or have its documents due, in the past.

The deadlines are those the timetable's table gives (`Problem.deadlines`). Submission to
conference services and issuance count back from the session's own opening, and are
judged here. Contributions close and the draft is ready a set time after the previous
session closes: after a pinned session they are history, and a session not pinned opens
on or after today (this rule), so they fall after it too. Consultations and
organizational sessions have no documents; they open on or after today as sessions do."""

from schedule_planner.domain.deadlines import DEADLINES
from schedule_planner.domain.text import fmt

from .base import HARD, SessionRule, Verdict, days

LABEL = {d.key: d.column.lower() for d in DEADLINES}


class AfterToday(SessionRule):
    name = "after-today"
    level = HARD
    reads_room = False  # judged once for a session's options alike but for their room
    level_settable = False  # what has not met by today cannot meet in the past
    summary = "with --today, every session not yet held opens on or after that day"

    def judge(self, problem, session, p):
        today = problem.today
        if today is None or session.id in problem.pinned:
            return None
        if p.start < today:
            early = (today - p.start).days
            return Verdict(
                early,
                lambda: (
                    f"opens on {fmt(p.start)}, {days(early)} before --today {fmt(today)}, "
                    "but has not met by then"
                ),
            )
        if not session.is_session:
            return None
        # without the previous session: only the deadlines counted from the opening
        past = [(key, day) for key, day in problem.deadlines(session, p, None).items() if day < today]
        if not past:
            return None
        late = (today - min(day for _, day in past)).days
        return Verdict(
            late,
            lambda: (
                "its "
                + " and ".join(
                    f"{LABEL[key]} deadline {fmt(day)} ({days((today - day).days)} before)"
                    for key, day in past
                )
                + (" falls" if len(past) == 1 else " fall")
                + f" before --today {fmt(today)}: its documents cannot be due in the past"
            ),
        )
