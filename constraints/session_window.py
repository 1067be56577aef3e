"""session-window (hard): a session lies within its own date window, if it has one."""

from schedule_planner.domain.schema import Span
from schedule_planner.domain.text import fmt, fmt_range

from .base import HARD, Change, SessionRule, Verdict, days


class SessionWindow(SessionRule):
    name = "session-window"
    level = HARD
    reads_room = False  # judged once for a session's options alike but for their room
    relaxable = True
    narrows_candidates = True
    reads = ("window",)
    summary = "each session lies within its own window"

    def judge(self, problem, session, p):
        span = session.window
        if span is None:
            return None
        early, late = (span.start - p.start).days, (p.end - span.end).days
        if early <= 0 and late <= 0:
            return None
        if early > 0:
            return Verdict(
                early,
                lambda: (
                    f"opens on {fmt(p.start)}, {days(early)} before its window "
                    f"({fmt_range(span.start, span.end)}) begins"
                ),
            )
        return Verdict(
            late,
            lambda: (
                f"closes on {fmt(p.end)}, {days(late)} after its window "
                f"({fmt_range(span.start, span.end)}) ends"
            ),
        )

    def relaxable_for(self, problem, session) -> bool:
        return session.window is not None

    def relaxation(self, problem, session, p, amount, shared=True):
        own = session.window
        wider = Span(start=min(own.start, p.start), end=max(own.end, p.end))

        def apply(model):
            """Widen the session's window as the model stands, so that changes compose."""
            now = model.session(session.id).window
            return model.with_session(
                session.id, window=Span(start=min(now.start, p.start), end=max(now.end, p.end))
            )

        return Change(
            f"widen {session.id}'s window to {fmt_range(wider.start, wider.end)} "
            f"({days(amount)}) so that it can meet {fmt_range(p.start, p.end)}",
            apply,
            tuple(
                (session.id, f"window.{k}", getattr(wider, k))
                for k in ("start", "end")
                if getattr(wider, k) != getattr(own, k)
            ),
        )
