"""approval-in-time (hard): the text reaches the General Assembly in time.

A body with an `approval` approves its text at its last session and sends it to the
General Assembly session it names. "Approved in time" means the last session closes at
least the body's `submission_weeks` (GA res. 49/221 B: 10 weeks) before the window in
which that Assembly session considers it opens (its Third Committee's, or its
plenary's: `stage`). Every session of the body meets before the last, so each one is
held to it.
"""

from schedule_planner.domain.text import fmt, ordinal

from .base import DistanceRule, Requirement, days


class ApprovalInTime(DistanceRule):
    name = "approval-in-time"
    summary = ("the last session closes at least submission_weeks before the General Assembly "
               "window that considers the text opens")

    def requirements(self, problem, at):
        for body, chain in zip(problem.model.bodies, problem.chains):
            if body.approval is None:
                continue
            due, opens, weeks = problem.approval_due(body)
            for s in chain:
                def words(slack, s=s, opens=opens, due=due, weeks=weeks, body=body):
                    stage = "Third Committee" if body.approval.stage == "third_committee" else "plenary"
                    return (f"{s.id} closes {days(-slack)} too late for the text to reach the General "
                            f"Assembly's {ordinal(body.approval.assembly)} session: its {stage} "
                            f"considers it from {fmt(opens)}, and the text is submitted {weeks} weeks "
                            f"before, by {fmt(due)}")

                yield Requirement(s.id, due.toordinal() - at.end(s.id), words, minus=(s.id,))
