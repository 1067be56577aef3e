"""session-count (hard, per body): a body holds between `min_sessions` and
`max_sessions` of its sessions (either bound may be left out).

With optional sessions, how many sessions a body holds is the solver's decision: "at
least six sessions ..., plus a concluding session" (GA res. 75/282) is six required
sessions, further optional ones, and a concluding one with `position: last`; this rule
holds the count between its bounds, and `dropped-session` prices each one left out. A
resumed part is the session it resumes: it counts for nothing here.
"""

from typing import Any

from .base import HARD, Finding, Rule, plural


class SessionCount(Rule):
    name = "session-count"
    level = HARD
    summary = "each body holds at least min_sessions and at most max_sessions of its sessions"

    @staticmethod
    def slacks(body, held) -> list[tuple[str, int, Any]]:
        """(bound, its value, sessions of slack) for each bound the body sets, with `held`
        the sessions that meet: an int in check, a linear expression in encode."""
        return [
            (k, n, held - n if k == "min_sessions" else n - held)
            for k in ("min_sessions", "max_sessions")
            if (n := getattr(body, k)) is not None
        ]

    def encode(self, enc) -> None:
        for body in enc.problem.model.bodies:
            left_out = [enc.dropped[s.id] for s in body.counted if s.id in enc.dropped]
            for _, _, slack in self.slacks(body, len(body.counted) - sum(left_out)):
                enc.require(self.name, body.id, slack)

    def check(self, problem, timetable):
        for body in problem.model.bodies:
            held = sum(1 for s in body.counted if s.id not in timetable.dropped)
            for key, n, slack in self.slacks(body, held):
                short = -slack
                if short > 0:
                    bound = "at least" if key == "min_sessions" else "at most"
                    yield Finding(
                        self.name,
                        self.level,
                        body.id,
                        "",
                        short,
                        0,
                        f"{body.label} holds {plural(held, 'session')}, {bound} {n} "
                        f"({key}): {short} {'short' if key == 'min_sessions' else 'too many'}",
                    )
