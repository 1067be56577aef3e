"""session-order (hard): sessions meet in the model's order, each opening after the
previous one closes, at least `min_gap_weeks` later (A/76/L.33/Rev.1 asks for 11). A
resumed part continues the session before it (the one it resumes, or an earlier part
of it): it opens after it closes, with no minimum gap."""

from schedule_planner.domain.text import fmt

from .base import Change, PairRule, days, documents_scope

FIELDS = ("min_gap_weeks",)


class SessionOrder(PairRule):
    name = "session-order"
    relaxable = True
    reads = ("documents.min_gap_weeks",)
    across_gaps = True
    level_settable = False  # sessions meet in order; their gap is documents.min_gap_weeks
    summary = "each session opens after the previous one closes, with the minimum gap between them"

    def gap(self, problem, nxt) -> int:
        if nxt.resumes is not None:
            return 1
        return max(1, 7 * problem.documents(nxt).min_gap_weeks)

    def slack(self, problem, prev, nxt, prev_end, next_start):
        return next_start - prev_end - self.gap(problem, nxt)

    def explain(self, problem, prev, nxt, prev_p, next_p, slack):
        gap = self.gap(problem, nxt)
        need = "open after it" if gap == 1 else f"open at least {gap // 7} weeks after it"
        return (
            f"{prev.id} closes on {fmt(prev_p.end)} and {nxt.id} must {need}, "
            f"but opens on {fmt(next_p.start)}: {days(-slack)} too early"
        )

    def relaxable_for(self, problem, session) -> bool:
        return session.resumes is None and problem.documents(session).min_gap_weeks > 0

    def most_relaxable(self, problem, nxt) -> int:
        return self.gap(problem, nxt) - 1  # a gap can shrink; sessions can never overlap

    def parameter(self, problem, session) -> tuple:
        return (self.name, documents_scope(problem, session, FIELDS), problem.body(session).id)

    def relaxation(self, problem, nxt, p, amount, shared=True):
        docs = problem.documents(nxt)
        weeks = -(-amount // 7)
        if docs.min_gap_weeks < weeks:
            return None  # sessions cannot overlap: no gap left to shorten
        gap = docs.min_gap_weeks - weeks
        scope = documents_scope(problem, nxt, FIELDS, shared)
        if scope is None:
            body = problem.body(nxt)
            return Change(
                f"reduce the minimum gap between sessions from {docs.min_gap_weeks} to "
                f"{gap} weeks (one change, for every session of {body.label})",
                lambda m: m.with_body_documents(body.id, min_gap_weeks=gap),
                ((None, "documents.min_gap_weeks", gap),),
            )
        return Change(
            f"shorten the minimum gap before {nxt.id} from {docs.min_gap_weeks} to {gap} weeks",
            lambda m: m.with_documents(nxt.id, min_gap_weeks=gap),
            ((nxt.id, "documents.min_gap_weeks", gap),),
        )
