"""fixed-dates (hard): a session with fixed dates (held, announced or decided) keeps them."""

from schedule_planner.domain.schema import Span
from schedule_planner.domain.text import fmt_range

from .base import HARD, Change, SessionRule, Verdict


class FixedDates(SessionRule):
    name = "fixed-dates"
    level = HARD
    reads_room = False  # judged once for a session's options alike but for their room
    relaxable = True
    level_settable = False  # soft fixed dates are a window: `window` or `preferred`
    reads = ("fixed",)
    summary = "a session whose dates are fixed keeps exactly those dates"

    def judge(self, problem, session, p):
        fixed = problem.fixed_dates(session)  # a pinned session's dates, else its fixed ones
        if fixed is None or (p.start, p.end) == fixed:
            return None
        start, end = fixed
        moved = max(abs((p.start - start).days), abs((p.end - end).days))
        why = problem.history_note(session.id) if session.id in problem.pinned else session.status
        return Verdict(
            moved,
            lambda: (
                f"its dates are fixed ({why}) at {fmt_range(start, end)}, not {fmt_range(p.start, p.end)}"
            ),
        )

    def relaxable_for(self, problem, session) -> bool:
        # a session already held (or pinned by --today) cannot move
        return session.status != "held" and session.id not in problem.pinned

    def relaxation(self, problem, session, p, amount, shared=True):
        moved = Span(start=p.start, end=p.end)
        return Change(
            f"move {session.id}'s fixed dates from "
            f"{fmt_range(session.fixed.start, session.fixed.end)} to {fmt_range(p.start, p.end)}",
            lambda m: m.with_session(session.id, fixed=moved),
            ((session.id, "fixed.start", p.start), (session.id, "fixed.end", p.end)),
        )
