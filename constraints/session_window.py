"""session-window (hard): a session lies within its date window and the planning window."""

from schedule_planner.plan import fmt, fmt_range

from .base import HARD, SessionRule, Verdict, days


class SessionWindow(SessionRule):
    name = "session-window"
    level = HARD
    relaxable = True
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

    def relaxation(self, problem, session, p, amount):
        from schedule_planner.model import Span

        model = problem.model
        if not (model.window.start <= p.start and p.end <= model.window.end):
            wider = Span(start=min(model.window.start, p.start), end=max(model.window.end, p.end))
            return (f"extend the planning window to {fmt_range(wider.start, wider.end)} "
                    f"({days(amount)}) so that {session.id} can meet {fmt_range(p.start, p.end)}",
                    lambda m: m.model_copy(update={"window": wider}))
        own = session.window
        wider = Span(start=min(own.start, p.start), end=max(own.end, p.end))
        return (f"widen {session.id}'s window to {fmt_range(wider.start, wider.end)} "
                f"({days(amount)}) so that it can meet {fmt_range(p.start, p.end)}",
                lambda m: m.with_session(session.id, window=wider))
