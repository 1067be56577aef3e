"""The shape of a rule: one definition, two faces.

Every rule has a stable kebab-case `name`, a `level` (hard or soft) and, if soft, a
default weight the model may override. Its *encode* face adds it to the CP-SAT model
through the solver's `Encoding` facade; its *check* face evaluates a given timetable
and returns plain-language `Finding`s. Both faces call the same judging function, so
they cannot disagree:

- `SessionRule.judge(problem, session, placement)` rules on one placement of one
  session. Encoding calls it for every candidate placement (a hard verdict forbids the
  candidate, a soft one prices it); check calls it for the proposed placement.
- `PairRule.slack(problem, prev, nxt, prev_end, next_start)` is the days of slack
  between consecutive sessions, written once as arithmetic that works on integers
  (check) and on CP-SAT linear expressions (encode, which requires slack >= 0).

Nothing here imports OR-Tools: `planner check` must stay fast.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Callable, ClassVar, Iterable

HARD, SOFT = "hard", "soft"


@dataclass(frozen=True)
class Verdict:
    """What a rule says about one placement: how much is wrong, and why in words.

    `words` is a function so the solver, which judges thousands of candidates and
    needs only the amount, never pays for formatting sentences."""

    amount: int                  # days, meeting days, rank...: the size of the breach or cost basis
    words: Callable[[], str]

    @property
    def message(self) -> str:
        return self.words()


@dataclass(frozen=True)
class Finding:
    """A rule's finding about one session of a timetable, ready to print or serialise."""

    rule: str
    level: str
    session: str
    date: str          # ISO date the finding is anchored to: the session's opening
    amount: int
    cost: int          # weighted cost for soft rules, 0 for hard ones
    message: str

    def line(self) -> str:
        cost = f" (cost {self.cost})" if self.level == SOFT else ""
        return f"{self.session} {self.date}: {self.rule} ({self.level}): {self.message}{cost}"

    def as_dict(self) -> dict:
        return asdict(self)


class Rule:
    name: ClassVar[str]
    level: ClassVar[str]
    summary: ClassVar[str]          # one line for docs and `planner rules`
    default_weight: ClassVar[int] = 0

    @property
    def soft(self) -> bool:
        return self.level == SOFT

    def weight(self, problem) -> int:
        return problem.model.weights.get(self.name, self.default_weight) if self.soft else 0

    def encode(self, enc) -> None:
        raise NotImplementedError

    def check(self, problem, timetable) -> Iterable[Finding]:
        raise NotImplementedError

    relaxable: ClassVar[bool] = False   # the model can be changed to let this rule give way

    def relaxable_for(self, problem, session) -> bool:
        return self.relaxable

    def shared_breach(self, problem, session, placement) -> dict[str, int] | None:
        """For a rule whose relaxation is one change for all sessions (the planning
        window): the breach by side, priced once however many sessions share it."""
        return None

    def relaxation(self, problem, session, placement, amount: int):
        """How to change the model so this rule allows `placement` (breached by `amount`):
        (advice in words, function Model -> Model), or None if the model cannot say."""
        return None

    def finding(self, problem, session_id: str, placement, verdict: Verdict) -> Finding:
        cost = verdict.amount * self.weight(problem)
        return Finding(self.name, self.level, session_id, placement.start.isoformat(),
                       verdict.amount, cost, verdict.message)


class SessionRule(Rule):
    """A rule on each session's placement by itself."""

    def judge(self, problem, session, placement) -> Verdict | None:
        raise NotImplementedError

    def encode(self, enc) -> None:
        weight = self.weight(enc.problem)
        for session in enc.problem.sessions:
            for placement, lit in enc.live(session.id):
                verdict = self.judge(enc.problem, session, placement)
                if verdict is None:
                    continue
                if self.soft:
                    enc.penalize(self.name, session.id, lit, verdict.amount * weight)
                else:
                    enc.forbid(self.name, session.id, lit, verdict.amount,
                               self.shared_breach(enc.problem, session, placement))

    def check(self, problem, timetable) -> Iterable[Finding]:
        for session in problem.sessions:
            placement = timetable.get(session.id)
            if placement is None:
                continue
            verdict = self.judge(problem, session, placement)
            if verdict is not None and (not self.soft or verdict.amount * self.weight(problem)):
                yield self.finding(problem, session.id, placement, verdict)


class PairRule(Rule):
    """A hard rule between each session and the one before it in the model."""

    level = HARD
    # check a proposal that leaves sessions out between its nearest proposed sessions
    # (True), or only between sessions that follow each other in the model (False)
    across_gaps: ClassVar[bool] = False

    def slack(self, problem, prev, nxt, prev_end, next_start):
        """Days of slack (negative: broken); ints in check, linear expressions in encode."""
        raise NotImplementedError

    def most_relaxable(self, problem, nxt) -> int:
        """The largest breach (days) a change of the model could allow: the diagnosis's
        relaxed model never goes beyond it."""
        return 0

    def explain(self, problem, prev, nxt, prev_p, next_p, slack: int) -> str:
        raise NotImplementedError

    def encode(self, enc) -> None:
        for prev, nxt in zip(enc.problem.sessions, enc.problem.sessions[1:]):
            enc.require(self.name, nxt.id,
                        self.slack(enc.problem, prev, nxt, enc.end[prev.id], enc.start[nxt.id]),
                        self.most_relaxable(enc.problem, nxt))

    def check(self, problem, timetable) -> Iterable[Finding]:
        sessions = problem.sessions
        if self.across_gaps:
            sessions = [s for s in sessions if timetable.get(s.id) is not None]
        for prev, nxt in zip(sessions, sessions[1:]):
            prev_p, next_p = timetable.get(prev.id), timetable.get(nxt.id)
            if prev_p is None or next_p is None:
                continue
            slack = self.slack(problem, prev, nxt, prev_p.end.toordinal(), next_p.start.toordinal())
            if slack < 0:
                words = self.explain(problem, prev, nxt, prev_p, next_p, slack)
                yield self.finding(problem, nxt.id, next_p, Verdict(-slack, lambda: words))


def days(n: int) -> str:
    return f"{n} day" + ("" if n == 1 else "s")
