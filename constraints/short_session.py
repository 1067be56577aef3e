"""short-session (soft, per meeting day): a session whose length is a range ({min: 8,
max: 10} days) meets its longest unless a shorter length is worth more.

Each meeting day below the range's longest costs this rule's weight (a week short of a
session of weeks: the venue's working days in a week). Weight 10, what a meeting day
lost to a holiday costs (lost-meeting-day): either way the committee meets a day less.
So the solver plans the longest length that fits, and a shorter one only where the
longest breaks a hard rule or costs more elsewhere than the days it gives up.
"""

from schedule_planner.domain.text import plural

from .base import SOFT, SessionRule, Verdict


class ShortSession(SessionRule):
    name = "short-session"
    level = SOFT
    reads_room = False  # judged once for a session's options alike but for their room
    default_weight = 10
    summary = "each meeting day a session with a range of lengths meets short of its longest"

    def judge(self, problem, session, p):
        counts = session.length.counts
        if len(counts) == 1:
            return None
        readings = problem.readings(session, p)
        if not readings:
            return None  # no length it may take: session-length's finding
        n = max(n for _, n in readings)
        short = counts[-1] - n
        if not short:
            return None
        per = len(problem.venue(p.venue).working_days) if session.length.unit == "weeks" else 1
        return Verdict(
            short * per,
            lambda: (
                f"meets {plural(n, session.length.word)}, {short} short of its longest ({session.length})"
            ),
        )
