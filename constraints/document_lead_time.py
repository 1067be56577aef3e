"""document-lead-time (hard): the revised draft can be ready for conference services.

After a session, Member States send contributions for `contributions_weeks`; the
secretariat consolidates them into the revised draft in `consolidation_weeks`; the draft
must reach conference services `submission_weeks` before the next session opens (GA
res. 49/221 B: 10 weeks ahead, issued in six languages 6 weeks ahead).
"""

from schedule_planner.domain.text import fmt

from .base import PairRule, days


class DocumentLeadTime(PairRule):
    name = "document-lead-time"
    relaxable = True
    reads = ("documents.contributions_weeks", "documents.consolidation_weeks", "documents.submission_weeks")
    summary = ("contributions after a session, their consolidation and submission to conference "
               "services fit before the next session")

    def need(self, problem, nxt) -> int:
        d = problem.documents(nxt)
        return 7 * (d.contributions_weeks + d.consolidation_weeks + d.submission_weeks)

    def slack(self, problem, prev, nxt, prev_end, next_start):
        return next_start - prev_end - self.need(problem, nxt)

    def explain(self, problem, prev, nxt, prev_p, next_p, slack):
        d = problem.documents(nxt)
        dates = problem.deadlines(nxt, next_p, prev_p)
        return (f"the revised draft must reach conference services by {fmt(dates['submission'])}, "
                f"{d.submission_weeks} weeks ahead, but contributions after {prev.id} close on "
                f"{fmt(dates['contributions-close'])} and {d.consolidation_weeks} weeks of "
                f"consolidation end on {fmt(dates['draft-ready'])}: {days(-slack)} late")

    def most_relaxable(self, problem, nxt) -> int:
        return self.need(problem, nxt)      # every period can shrink to nothing

    def relaxation(self, problem, nxt, p, amount):
        """Take the missing days from the contributions period first, then from
        consolidation, then (last) from the submission lead time."""

        docs = problem.documents(nxt)
        prev = problem.previous(nxt)
        short, changes, words = -(-amount // 7), {}, []
        for key, what in (("contributions_weeks", f"the contributions period after {prev.id}"),
                          ("consolidation_weeks", f"consolidation before {nxt.id}"),
                          ("submission_weeks", f"the submission lead time before {nxt.id}")):
            take = min(short, getattr(docs, key))
            if take:
                changes[key] = getattr(docs, key) - take
                words.append(f"shorten {what} from {getattr(docs, key)} to {changes[key]} weeks")
                short -= take
        if short:
            return None
        if "submission_weeks" in changes and changes["submission_weeks"] < docs.issuance_weeks:
            changes["issuance_weeks"] = changes["submission_weeks"]
        return (" and ".join(words) + f" ({days(amount)} short)",
                lambda m: m.with_documents(nxt.id, **changes))
