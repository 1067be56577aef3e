"""sessions-per-year (hard, per body): in each calendar year in which its sessions'
windows let one open, at least `sessions_per_year.min` and at most
`sessions_per_year.max` of a body's sessions open (either bound may be left out).

A mandate often says how a body meets by the year ("meets at least once a year", "no
more than two sessions a year"): a session counts in the year it opens; a session left
out counts nowhere. The years are those of the body's sessions' windows (fixed dates,
else its own window, else the planning window, within the planning window), so a body
given 2027-2028 with a minimum of one is not packed into 2027. With --today, a year
over, or whose sessions are all pinned, is history: reported, never enforced; sessions
held beyond a year's maximum are history too, and no other may open in that year. A
resumed part is the session it resumes: it opens no session, in any year.
"""

from datetime import date
from typing import Any

from .base import HARD, Finding, Rule, plural


class SessionsPerYear(Rule):
    name = "sessions-per-year"
    level = HARD
    summary = "each body opens between sessions_per_year.min and .max of its sessions in each year they may"

    @staticmethod
    def may_open(problem, session) -> range:
        """The calendar years in which the session may open."""
        if (was := problem.pinned.get(session.id)) is not None:
            return range(was.start.year, was.start.year + 1)
        window = problem.model.window
        span = session.fixed or session.window or window
        last = span.start if session.fixed else span.end
        return range(max(span.start, window.start).year, min(last, window.end).year + 1)

    def years(self, problem, body) -> list[int]:
        """The calendar years in which one of the body's sessions may open."""
        return sorted({y for s in body.counted for y in self.may_open(problem, s)})

    def settled(self, problem, body, year: int) -> str:
        """Why the year's count is history, or "": the year is over before --today, or
        every session that may open in it is pinned (held, or opened before --today)."""
        if problem.today is not None and date(year, 12, 31) < problem.today:
            return f"{year} is over before {problem.today}"
        if all(s.id in problem.pinned for s in body.counted if year in self.may_open(problem, s)):
            return f"its sessions that may open in {year} are all held"
        return ""

    @staticmethod
    def held_before(problem, body, year: int) -> int:
        """The body's pinned sessions that open in the year: what no plan changes."""
        return sum(1 for s in body.counted if (p := problem.pinned.get(s.id)) and p.start.year == year)

    def slacks(self, problem, body, year: int, held) -> list[tuple[str, int, Any]]:
        """(bound, its value, sessions of slack) for each bound the body sets, with `held`
        the sessions that open in the year: an int in check, a linear expression in
        encode. Sessions held beyond the maximum are history: the others may add none."""
        per_year = body.sessions_per_year
        out = []
        if per_year.min is not None:
            out.append(("min", per_year.min, held - per_year.min))
        if per_year.max is not None:
            out.append(("max", per_year.max, max(per_year.max, self.held_before(problem, body, year)) - held))
        return out

    def encode(self, enc) -> None:
        for body in enc.problem.model.bodies:
            if body.sessions_per_year is None:
                continue
            for year in self.years(enc.problem, body):
                if self.settled(enc.problem, body, year):
                    continue
                opening = sum(lit for s in body.counted for p, lit in enc.live(s.id) if p.start.year == year)
                for _, _, slack in self.slacks(enc.problem, body, year, opening):
                    enc.require(self.name, body.id, slack)

    def check(self, problem, timetable):
        for body in problem.model.bodies:
            if body.sessions_per_year is None:
                continue
            for year in self.years(problem, body):
                held = sum(
                    1 for s in body.counted if (p := timetable.get(s.id)) is not None and p.start.year == year
                )
                why = self.settled(problem, body, year)
                for key, n, slack in self.slacks(problem, body, year, held):
                    excess = held - n if key == "max" else -slack
                    if excess <= 0:
                        continue
                    if not why and slack >= 0:  # beyond the maximum by sessions held alone
                        why = f"{plural(self.held_before(problem, body, year), 'session')} held in {year}"
                    yield Finding(
                        self.name,
                        self.level,
                        body.id,
                        "",
                        excess,
                        0,
                        f"{body.label} holds {plural(held, 'session')} opening in {year}, "
                        f"{'at least' if key == 'min' else 'at most'} {n} (sessions_per_year.{key}): "
                        f"{excess} {'short' if key == 'min' else 'too many'}",
                        why,
                    )
