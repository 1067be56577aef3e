"""planning-window (hard): every session lies within the model's planning window.

When a diagnosis lets the window give way, the extension is one for all sessions: it
is priced once, by the days it adds before and after, not once per session outside it.
"""

from schedule_planner.domain.schema import Span
from schedule_planner.domain.text import fmt, fmt_range

from .base import HARD, Change, SessionRule, Verdict, days


class PlanningWindow(SessionRule):
    name = "planning-window"
    level = HARD
    reads_room = False  # judged once for a session's options alike but for their room
    relaxable = True
    level_settable = False  # it bounds every date a solve considers: widen it instead
    reads = ("model.window",)
    summary = "every session lies within the planning window (other meetings: their own windows)"

    def shared_breach(self, problem, session, p) -> dict[str, int]:
        window = problem.model.window
        return {"before": max(0, (window.start - p.start).days), "after": max(0, (p.end - window.end).days)}

    def judge(self, problem, session, p):
        if not session.is_session:
            return None  # an organizational session, a consultation: their own windows
        breach = self.shared_breach(problem, session, p)
        if not any(breach.values()):
            return None
        window = problem.model.window

        def words():
            parts = []
            if breach["before"]:
                parts.append(
                    f"opens on {fmt(p.start)}, {days(breach['before'])} before the planning "
                    f"window ({fmt_range(window.start, window.end)}) begins"
                )
            if breach["after"]:
                parts.append(
                    f"closes on {fmt(p.end)}, {days(breach['after'])} after the planning "
                    f"window ({fmt_range(window.start, window.end)}) ends"
                )
            return "; ".join(parts)

        return Verdict(sum(breach.values()), words)

    def relaxation(self, problem, session, p, amount, shared=True):
        def apply(model):
            w = model.window
            return model.model_copy(
                update={"window": Span(start=min(w.start, p.start), end=max(w.end, p.end))}
            )

        side = "start" if p.start < problem.model.window.start else "end"
        return Change(
            f"move the {side} of the planning window by {days(amount)} so that "
            f"{session.id} can meet {fmt_range(p.start, p.end)}",
            apply,
            ((None, f"window.{side}", p.start if side == "start" else p.end),),
        )
