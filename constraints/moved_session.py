"""moved-session (soft, per session): a session placed other than in the baseline.

With `planner solve --baseline TIMETABLE.json` (or `check --baseline`), each session
whose placement differs from the baseline's (its dates, venue or room) costs this
rule's weight once, times `ANNOUNCED` if the session is `announced` (its dates are
published: Member States have booked travel). Without a baseline it never applies.

Default weight 100: more than any venue or room preference can pay for a change of
venue or room alone (preferred-venue 5 and preferred-room 3 per step: it takes more
than twelve steps down a list to reach 100), so a session is moved only when a hard
rule forces it or the days it saves elsewhere are worth more than a move. Each day the
opening moves is priced on top by `days-moved`, and a move to another city by
`city-changed`, as weeks of those days.
"""

from schedule_planner.domain.text import fmt_range

from .base import SOFT, SessionRule, Verdict

# what a moved announced session costs, as a multiple of a moved planned one
ANNOUNCED = 10


def multiplier(session) -> int:
    return ANNOUNCED if session.status == "announced" else 1


def baseline_of(problem, session):
    return problem.baseline.get(session.id) if problem.baseline is not None else None


def where(p) -> str:
    return f"{fmt_range(p.start, p.end)} at {p.venue}/{p.room}"


class MovedSession(SessionRule):
    name = "moved-session"
    level = SOFT
    default_weight = 100
    summary = (
        "each session placed other than in the --baseline (dates, venue or room); "
        f"an announced one counts {ANNOUNCED} times"
    )

    def judge(self, problem, session, p):
        was = baseline_of(problem, session)
        if was is None or (p.venue, p.room, p.start, p.end) == (was.venue, was.room, was.start, was.end):
            return None
        n = multiplier(session)
        what = ", ".join(
            w
            for w, changed in (
                ("dates", (p.start, p.end) != (was.start, was.end)),
                ("venue", p.venue != was.venue),
                ("room", p.room != was.room),
            )
            if changed
        )
        return Verdict(
            n,
            lambda: (
                f"moved ({what}) from the baseline's {where(was)} to {where(p)}"
                + (f" (announced: counts {n} times)" if n > 1 else "")
            ),
        )
