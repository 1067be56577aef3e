"""days-moved (soft, per day): how many days a session's opening moved from the baseline.

With `planner solve --baseline TIMETABLE.json` (or `check --baseline`), a session that
opens d days earlier or later than in the baseline costs d times this rule's weight,
times `moved_session.ANNOUNCED` (10) if the session is `announced`.

Weight: no other soft rule can pay for a moved day. Moving a session's opening by d
days frees at most d of the days it met on; a day costs at most what every rule priced
per day (`priced_per_day`: preferred-window, lost-meeting-day, observance-day,
national-holiday) charges for it together, and the preferred window gains at most one
a day moved. So unless the model sets it, the weight is one more than the sum of those
rules' weights in the model (`default_weight`: at their default weights), and it
follows them when a model or `--weight` raises them.
"""

from typing import ClassVar

from schedule_planner.domain.text import fmt

from .base import SOFT, Rule, SessionRule, Verdict, days
from .moved_session import baseline_of, multiplier


class DaysMoved(SessionRule):
    name = "days-moved"
    level = SOFT
    reads_room = False  # judged once for a session's options alike but for their room
    # the registry's rules priced per day, and one more than their default weights: both
    # set by `outweigh`, which the registry calls
    per_day_rules: ClassVar[list[Rule]] = []
    default_weight = 1
    level_settable = False
    summary = (
        "each day a session opens earlier or later than in the --baseline (announced: "
        "10 times); weight above what the per-day rules can pay for a day"
    )

    @classmethod
    def outweigh(cls, rules: list[Rule]) -> None:
        """Price a moved day above what `rules` (those priced per day) charge together."""
        cls.per_day_rules = rules
        cls.default_weight = 1 + sum(rule.default_weight for rule in rules)

    def weight(self, problem) -> int:
        given = problem.rule_setting(self.name, None)[1][0]  # the model's `weights:` or `rules:`
        if given is not None:
            return given
        return 1 + sum(rule.weight(problem) for rule in self.per_day_rules)

    def judge(self, problem, session, p):
        was = baseline_of(problem, session)
        if was is None or p.start == was.start:
            return None
        shift = (p.start - was.start).days
        n = multiplier(session)
        side = "later" if shift > 0 else "earlier"
        return Verdict(
            abs(shift) * n,
            lambda: (
                f"opens {days(abs(shift))} {side} than in the baseline "
                f"({fmt(was.start)})" + (f" (announced: counts {n} times)" if n > 1 else "")
            ),
        )
