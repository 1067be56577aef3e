"""session-window (hard): a session lies within its date window and the planning window."""

from schedule_planner.plan import fmt, fmt_range

from .base import HARD, SessionRule, Verdict, days


class SessionWindow(SessionRule):
    name = "session-window"
    level = HARD
    relaxable = True
    summary = "each session lies within its own window and the planning window"

    def breaches(self, problem, session, p) -> list[tuple[str, object, int, int]]:
        """(label, window, days early, days late) for each window the dates leave."""
        out = []
        for label, span in (("its window", session.window), ("the planning window", problem.model.window)):
            if span is None:
                continue
            early, late = (span.start - p.start).days, (p.end - span.end).days
            if early > 0 or late > 0:
                out.append((label, span, max(0, early), max(0, late)))
        return out

    def judge(self, problem, session, p):
        found = self.breaches(problem, session, p)
        if not found:
            return None

        def words():
            parts = []
            for label, span, early, late in found:
                bounds = fmt_range(span.start, span.end)
                if early:
                    parts.append(f"opens on {fmt(p.start)}, {days(early)} before {label} ({bounds}) begins")
                if late:
                    parts.append(f"closes on {fmt(p.end)}, {days(late)} after {label} ({bounds}) ends")
            return "; ".join(parts)

        return Verdict(max(early + late for _, _, early, late in found), words)

    def relaxation(self, problem, session, p, amount):
        from schedule_planner.model import Span

        def cover(span):
            return Span(start=min(span.start, p.start), end=max(span.end, p.end))

        advice = []
        for label, span, early, late in self.breaches(problem, session, p):
            wider = cover(span)
            advice.append(f"extend the planning window to {fmt_range(wider.start, wider.end)}"
                          if label == "the planning window" else
                          f"widen {session.id}'s window to {fmt_range(wider.start, wider.end)}")

        def apply(model):
            """Widen the windows of `model` as it stands, so that changes compose."""
            model = model.model_copy(update={"window": cover(model.window)})
            own = model.session(session.id).window
            return model.with_session(session.id, window=cover(own)) if own else model

        return (" and ".join(advice) + f" ({days(amount)}) so that {session.id} can meet "
                f"{fmt_range(p.start, p.end)}", apply)
