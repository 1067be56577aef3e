"""days-moved (soft, per day): how many days a session's opening moved from the baseline.

With `planner solve --baseline TIMETABLE.json` (or `check --baseline`), a session that
opens d days earlier or later than in the baseline costs d times this rule's weight,
times `moved_session.ANNOUNCED` (10) if the session is `announced`.

Weight: no other soft rule can pay for a moved day. Moving a session's opening by d
days frees at most d of the days it met on; a day costs at most what every rule priced
per day charges for it together (preferred-window 1, lost-meeting-day 10,
observance-day 5, national-holiday 2), and the preferred window gains at most one a
day moved. So unless the model sets it, the weight is one more than the sum of those
rules' weights in the model: 19 with the default weights, and it follows them when a
model or `--weight` raises them.
"""

from schedule_planner.domain.text import fmt

from .base import SOFT, SessionRule, Verdict, days
from .lost_meeting_day import LostMeetingDay
from .moved_session import baseline_of, multiplier
from .national_holiday import NationalHoliday
from .observance_day import ObservanceDay
from .preferred_window import PreferredWindow

# the soft rules priced per day a session meets (or should meet elsewhere)
PER_DAY = (PreferredWindow(), LostMeetingDay(), ObservanceDay(), NationalHoliday())


class DaysMoved(SessionRule):
    name = "days-moved"
    level = SOFT
    default_weight = 19  # 1 + 1 + 10 + 5 + 2: the derived weight at the default weights
    summary = (
        "each day a session opens earlier or later than in the --baseline (announced: "
        "10 times); weight above what the per-day rules can pay for a day"
    )

    def weight(self, problem) -> int:
        if self.name in problem.model.weights:
            return problem.model.weights[self.name]
        return 1 + sum(rule.weight(problem) for rule in PER_DAY)

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
