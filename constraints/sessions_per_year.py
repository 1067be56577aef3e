"""sessions-per-year (hard, per body): in each calendar year in which its sessions'
windows let one open, at least `sessions_per_year.min` and at most
`sessions_per_year.max` of a body's sessions open (either bound may be left out).

A mandate often says how a body meets by the year ("meets at least once a year", "no
more than two sessions a year"): a session counts in the year it opens; a session left
out counts nowhere. The years are those of the body's sessions' windows (fixed dates,
else its own window, else the planning window, within the planning window), so a body
given 2027-2028 with a minimum of one is not packed into 2027. A year over before
--today is history: reported, never enforced.
"""

from datetime import date
from typing import Any

from .base import HARD, Finding, Rule, plural


class SessionsPerYear(Rule):
    name = "sessions-per-year"
    level = HARD
    summary = "each body opens between sessions_per_year.min and .max of its sessions in each year they may"

    @staticmethod
    def years(problem, body) -> list[int]:
        """The calendar years in which one of the body's sessions may open."""
        window = problem.model.window
        years: set[int] = set()
        for s in body.in_order:
            span = s.fixed or s.window or window
            first, last = max(span.start, window.start), min(span.start if s.fixed else span.end, window.end)
            years |= set(range(first.year, last.year + 1))
        return sorted(years)

    @staticmethod
    def past(problem, year: int) -> bool:
        """A year over before --today: its count is history."""
        return problem.today is not None and date(year, 12, 31) < problem.today

    @staticmethod
    def slacks(per_year, held) -> list[tuple[str, int, Any]]:
        """(bound, its value, sessions of slack) for each bound set, with `held` the
        sessions that open in the year: an int in check, a linear expression in encode."""
        return [
            (k, n, held - n if k == "min" else n - held)
            for k in ("min", "max")
            if (n := getattr(per_year, k)) is not None
        ]

    def encode(self, enc) -> None:
        for body in enc.problem.model.bodies:
            if body.sessions_per_year is None:
                continue
            for year in self.years(enc.problem, body):
                if self.past(enc.problem, year):
                    continue
                opening = sum(lit for s in body.in_order for p, lit in enc.live(s.id) if p.start.year == year)
                for _, _, slack in self.slacks(body.sessions_per_year, opening):
                    enc.require(self.name, body.id, slack)

    def check(self, problem, timetable):
        for body in problem.model.bodies:
            if body.sessions_per_year is None:
                continue
            for year in self.years(problem, body):
                held = sum(
                    1
                    for s in body.in_order
                    if (p := timetable.get(s.id)) is not None and p.start.year == year
                )
                for key, n, slack in self.slacks(body.sessions_per_year, held):
                    if slack < 0:
                        bound = "at least" if key == "min" else "at most"
                        yield Finding(
                            self.name,
                            self.level,
                            body.id,
                            "",
                            -slack,
                            0,
                            f"{body.label} holds {plural(held, 'session')} opening in {year}, "
                            f"{bound} {n} (sessions_per_year.{key}): "
                            f"{-slack} {'short' if key == 'min' else 'too many'}",
                            f"{year} is over before {problem.today}" if self.past(problem, year) else "",
                        )
