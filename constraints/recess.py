"""recess (hard): no meeting falls in a recess of its venue.

A recess is a holiday calendar of `kind: recess` that a venue lists among its
`holidays`: days on which the venue holds no intergovernmental meeting at all, such as
the year-end recess from 24 December to 1 January (data/holidays.yaml, `un-recess`).
No session, organizational session or consultation meets in one: none of the days from
its opening to its closing, weekends included, is a recess day. Its days are usually
written as `periods` that recur every year (`{start: 12-24, end: 01-01}`), so that the
recess covers any year without dates listed by hand.

A model lets meetings into a recess by leaving the recess calendar out of the venue's
`holidays` (`remove: [un-recess]`, or a venue listing its own calendars), or by making
the rule soft (`rules: {recess: {level: soft, weight: ...}}`): each day in the recess is
then priced.
"""

from schedule_planner.domain.text import fmt_range

from .base import HARD, SessionRule, Verdict, days

KIND = "recess"  # the calendar kind this rule reads


class Recess(SessionRule):
    name = "recess"
    level = HARD
    reads_room = False  # judged once for a session's options alike but for their room
    summary = "no session or consultation meets on a day of a recess of its venue (kind: recess)"

    @staticmethod
    def recess_days(problem, venue: str) -> dict:
        """The venue's recess days: date -> the recess's name."""
        key = (KIND, venue)
        if key not in problem.memo:
            problem.memo[key] = {
                day: name
                for day, hits in problem.days[venue].soft.items()
                for kind, name in hits
                if kind == KIND
            }
        return problem.memo[key]

    def judge(self, problem, session, p):
        recess = self.recess_days(problem, p.venue)
        hits = [(d, recess[d]) for d in recess if p.start <= d <= p.end] if recess else []
        if not hits:
            return None
        spans: dict[str, list] = {}  # each recess met in: its first and last day met
        for d, name in sorted(hits):
            spans.setdefault(name, [d, d])[1] = d
        venue = problem.venue(p.venue)
        return Verdict(
            len(hits),
            lambda: (
                f"{fmt_range(p.start, p.end)} meets in "
                + " and ".join(
                    f"the {name} on {days((b - a).days + 1)} ({fmt_range(a, b)})"
                    for name, (a, b) in spans.items()
                )
                + f" at the {venue.name}"
            ),
        )
