"""city-changed (soft, per session): a session meets in another city than in the baseline.

With `planner solve --baseline TIMETABLE.json` (or `check --baseline`), a session that
meets in another city than its baseline placement is priced as a postponement: as much
as moving its opening by some weeks, each week at seven times days-moved's weight
(this rule's weight, unless the model sets it), times `moved_session.ANNOUNCED` (10) if
the session is `announced`. Moving a session across the world means new travel, visas
and a decision on who pays: a secretariat postpones a session in its city long before
it sends it to another. How many weeks, by the first that says:

- the model's `city_changes` entry for the two venues (`between: [vic, unhq]`);
- the venues' own `city_change: {weeks: N}`, the larger if both say;
- `CITY_CHANGE_WEEKS` (8): two months' postponement.

Moved-session and preferred-venue price the move and the venue as for any move; another
venue in the same city is no change of city. Without a baseline it never applies.
"""

from typing import ClassVar

from schedule_planner.domain.schema import CITY_CHANGE_WEEKS
from schedule_planner.domain.text import plural

from .base import SOFT, Rule, SessionRule, Verdict
from .moved_session import baseline_of, multiplier

WEEK = 7  # days


def city(problem, venue_id: str) -> str:
    """The venue's city, as two venues' are compared."""
    return problem.venue(venue_id).city_key


def weeks(problem, a: str, b: str) -> int:
    """What moving a session between venues `a` and `b` (in two cities) costs, in weeks
    of postponement."""
    pair = {a, b}
    for entry in problem.model.city_changes:
        if set(entry.between) == pair:
            return entry.weeks
    own = [c.weeks for c in (problem.venue(a).city_change, problem.venue(b).city_change) if c is not None]
    return max(own) if own else CITY_CHANGE_WEEKS


class CityChanged(SessionRule):
    name = "city-changed"
    level = SOFT
    reads_room = False  # judged once for a session's options alike but for their room
    # a week's postponement: seven days at days-moved's weight, which the registry sets
    # with `priced_as`
    postponement: ClassVar[Rule]
    default_weight = WEEK
    summary = (
        "each session meeting in another city than in the --baseline, priced as weeks of "
        f"postponement (default {CITY_CHANGE_WEEKS}; announced: 10 times); weight a week's days-moved"
    )

    @classmethod
    def priced_as(cls, days_moved: Rule) -> None:
        """Price a week of a change of city as seven days of `days_moved`."""
        cls.postponement = days_moved
        cls.default_weight = WEEK * days_moved.default_weight

    def weight(self, problem) -> int:
        given = problem.rule_setting(self.name, None)[1][0]  # the model's `weights:` or `rules:`
        if given is not None:
            return given
        return WEEK * self.postponement.weight(problem)

    def judge(self, problem, session, p):
        was = baseline_of(problem, session)
        if was is None or city(problem, p.venue) == city(problem, was.venue):
            return None
        n = weeks(problem, was.venue, p.venue)
        times = multiplier(session)
        if not n:
            return None
        now, then = problem.venue(p.venue), problem.venue(was.venue)
        postponement = f"{plural(n, 'week')}'" + ("s" if n == 1 else "")
        return Verdict(
            n * times,
            lambda: (
                f"meets in {now.city} ({now.name}), not in {then.city} as in the baseline: a "
                f"change of city, priced as {postponement} postponement"
                + (f" (announced: counts {times} times)" if times > 1 else "")
            ),
        )
