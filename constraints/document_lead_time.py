"""document-lead-time (hard): the revised draft can be ready for conference services.

After a session, Member States send contributions for `contributions_weeks`; the
secretariat consolidates them into the revised draft in `consolidation_weeks`; the draft
must reach conference services `submission_weeks` before the next session opens (GA
res. 49/221 B: 10 weeks ahead, issued in six languages 6 weeks ahead). A session that
needs no new text (a resumed part, or `documents: {new_text: false}`) has no pipeline
before it: it needs only to open after the previous session closes.
"""

from schedule_planner.domain.text import fmt

from .base import Change, PairRule, days, documents_scope

FIELDS = ("contributions_weeks", "consolidation_weeks", "submission_weeks")


class DocumentLeadTime(PairRule):
    name = "document-lead-time"
    relaxable = True
    reads = ("documents.contributions_weeks", "documents.consolidation_weeks", "documents.submission_weeks")
    summary = (
        "contributions after a session, their consolidation and submission to conference "
        "services fit before the next session"
    )

    def need(self, problem, nxt) -> int:
        if not problem.new_text(nxt):
            return 0
        d = problem.documents(nxt)
        return 7 * (d.contributions_weeks + d.consolidation_weeks + d.submission_weeks)

    def slack(self, problem, prev, nxt, prev_end, next_start):
        return next_start - prev_end - self.need(problem, nxt)

    def explain(self, problem, prev, nxt, prev_p, next_p, slack):
        if not problem.new_text(nxt):
            return (
                f"{nxt.id} needs no new text, but opens on {fmt(next_p.start)}, before {prev.id} "
                f"closes on {fmt(prev_p.end)}: {days(-slack)} early"
            )
        d = problem.documents(nxt)
        dates = problem.deadlines(nxt, next_p, prev_p)
        return (
            f"the revised draft must reach conference services by {fmt(dates['submission'])}, "
            f"{d.submission_weeks} weeks ahead, but contributions after {prev.id} close on "
            f"{fmt(dates['contributions-close'])} and {d.consolidation_weeks} weeks of "
            f"consolidation end on {fmt(dates['draft-ready'])}: {days(-slack)} late"
        )

    def most_relaxable(self, problem, nxt) -> int:
        return self.need(problem, nxt)  # every period can shrink to nothing

    def parameter(self, problem, session) -> tuple:
        return (self.name, documents_scope(problem, session, FIELDS), problem.body(session).id)

    def relaxation(self, problem, nxt, p, amount, shared=True):
        """Take the missing days from the contributions period first, then from
        consolidation, then (last) from the submission lead time: the body's periods,
        for every session that shares them (one change), or the session's own."""

        docs = problem.documents(nxt)
        scope = documents_scope(problem, nxt, FIELDS, shared)
        short, changes, words = -(-amount // 7), {}, []
        if scope is None:
            whose = (
                "the contributions period after each session",
                "consolidation",
                "the submission lead time",
            )
        else:
            prev = problem.previous(nxt)
            whose = (
                f"the contributions period after {prev.id if prev else 'the previous session'}",
                f"consolidation before {nxt.id}",
                f"the submission lead time before {nxt.id}",
            )
        for key, what in zip(FIELDS, whose):
            take = min(short, getattr(docs, key))
            if take:
                changes[key] = getattr(docs, key) - take
                words.append(f"shorten {what} from {getattr(docs, key)} to {changes[key]} weeks")
                short -= take
        if short:
            return None
        if "submission_weeks" in changes and changes["submission_weeks"] < docs.issuance_weeks:
            changes["issuance_weeks"] = changes["submission_weeks"]
        if scope is None:
            body = problem.body(nxt)
            return Change(
                " and ".join(words) + f" ({days(amount)} short; one change, for every "
                f"session of {body.label})",
                lambda m: m.with_body_documents(body.id, **changes),
                tuple((None, f"documents.{k}", v) for k, v in changes.items()),
            )
        return Change(
            " and ".join(words) + f" ({days(amount)} short)",
            lambda m: m.with_documents(nxt.id, **changes),
            tuple((nxt.id, f"documents.{k}", v) for k, v in changes.items()),
        )
