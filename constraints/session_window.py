"""session-window (hard): a session lies within its date window and the planning window."""

from schedule_planner.plan import fmt, fmt_range

from .base import HARD, SessionRule, Verdict, days


class SessionWindow(SessionRule):
    name = "session-window"
    level = HARD
    summary = "each session lies within its own window and the planning window"

    def judge(self, problem, session, p):
        for label, span in (("its window", session.window), ("the planning window", problem.model.window)):
            if span is None:
                continue
            early = (span.start - p.start).days
            late = (p.end - span.end).days
            if early > 0:
                return Verdict(early, lambda: f"opens on {fmt(p.start)}, {days(early)} before {label} "
                                      f"({fmt_range(span.start, span.end)}) begins")
            if late > 0:
                return Verdict(late, lambda: f"closes on {fmt(p.end)}, {days(late)} after {label} "
                                     f"({fmt_range(span.start, span.end)}) ends")
        return None
