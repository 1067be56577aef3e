"""approval-in-time (hard): the text reaches its deciding body in time.

A body with an `approval` approves its text at its last session and sends it to the
session of a deciding body it names: the General Assembly's (`assembly: 79`), or, with
`to:`, another organisation's governing body under `deciding` (the World Health
Assembly, UNEA, a COP). "Approved in time" means the last session closes at least the
body's `submission_weeks` (GA res. 49/221 B: 10 weeks) before the window in which that
session takes the text up opens (`stage`: one of the Assembly's Main Committees or its
plenary; another body's plenary). Every session of the body meets before the last, so
each one is held to it.
"""

from schedule_planner.domain.schema import STAGE_WORDS
from schedule_planner.domain.text import fmt, ordinal

from .base import Change, DistanceRule, Requirement, days


class ApprovalInTime(DistanceRule):
    name = "approval-in-time"
    relaxable = True
    reads = ("committee.approval",)  # another body's too: a scenario that sets it makes it firm
    summary = (
        "the last session closes at least submission_weeks before the window in which its "
        "deciding body (the General Assembly's, by default) takes the text up opens"
    )

    def requirements(self, problem, at):
        for body, chain in zip(problem.model.bodies, problem.chains):
            if body.approval is None:
                continue
            due, opens, weeks = problem.approval_due(body)
            most = max((gain for gain, _, _ in self.later(problem, body)), default=0)
            for s in chain:

                def words(slack, s=s, opens=opens, due=due, weeks=weeks, a=body.approval):
                    note = problem.model.derived_note(a.to, a.assembly, a.stage)
                    return (
                        f"{s.id} closes {days(-slack)} too late for the text to reach "
                        f"{problem.model.session_words(a.to, a.assembly)}: its "
                        f"{STAGE_WORDS[a.stage]} considers it from {fmt(opens)}"
                        f"{f' ({note})' if note else ''}, and the text is "
                        f"submitted {weeks} weeks before, by {fmt(due)}"
                    )

                yield Requirement(s.id, due.toordinal() - at.end(s.id), words, minus=(s.id,), most=most)

    def last_and_slack(self, problem, timetable, body):
        """The body's last session the timetable places and the days it could close later
        before the text is late (negative: late), as the requirements say; (None, None)
        when it places none."""
        placed = [s for s in problem.meeting(body.in_order, timetable) if timetable.get(s.id)]
        if not placed:
            return None, None
        last = max(placed, key=lambda s: timetable.get(s.id).end)
        return last, self.slack_around(problem, timetable, last.id)[1]

    @staticmethod
    def later(problem, body) -> list[tuple[int, int, str]]:
        """(days gained, session, stage) for each later window the deciding body's
        calendar in the model offers the text: the plenary after the committee it names,
        then the next session's windows of either."""
        a = body.approval
        opens = problem.approval_due(body)[1]
        out = []
        for number in (a.assembly, a.assembly + 1):
            sitting = problem.model.sitting(a.to, number)
            for stage in dict.fromkeys((a.stage, "plenary")):
                window = sitting.window(stage) if sitting is not None else None
                if window is not None and window.start > opens:
                    out.append(((window.start - opens).days, number, stage))
        return sorted(out)

    def parameter(self, problem, session) -> tuple:
        return (self.name, problem.body(session).id)  # one approval per body

    def relaxation(self, problem, session, p, amount, shared=True):
        """The first later Assembly window that gives the days the last session needs."""
        body = problem.body(session)
        found = next(((n, stage) for gain, n, stage in self.later(problem, body) if gain >= amount), None)
        if found is None:
            return None
        number, stage = found
        a = body.approval
        where = "committee." if body is problem.model.bodies[0] else f"bodies[{body.id}]."
        settings = tuple(
            (None, f"{where}approval.{key}", value)
            for key, value in (("assembly", number), ("stage", stage))
            if getattr(a, key) != value
        )

        def apply(model):
            bodies = [
                b.model_copy(
                    update={"approval": b.approval.model_copy(update={"assembly": number, "stage": stage})}
                )
                if b.id == body.id
                else b
                for b in model.bodies
            ]
            return model.model_copy(update={"bodies": bodies})

        note = problem.model.derived_note(a.to, number, stage)
        return Change(
            f"send the text to {problem.model.session_words(a.to, number)}, its "
            f"{STAGE_WORDS[stage]} (instead of the {ordinal(a.assembly)} session's "
            f"{STAGE_WORDS[a.stage]}{f'; {note}' if note else ''}), so that the last session may close "
            f"{days(amount)} later",
            apply,
            settings,
        )
