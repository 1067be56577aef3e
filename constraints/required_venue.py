"""required-venue (hard, per body): at least one of a body's sessions meets at each
venue its `required_venues` names.

A mandate may say where a body meets at least once ("one session at United Nations
Headquarters"); which session does is the solver's choice. A session left out meets
nowhere. When every session of the body is pinned (held, or opened before --today),
nothing is left to change: what it says is history, reported, never enforced.
"""

from .base import HARD, Finding, Rule, plural


class RequiredVenue(Rule):
    name = "required-venue"
    level = HARD
    summary = "at least one of a body's sessions meets at each venue of its required_venues"

    @staticmethod
    def settled(problem, body) -> bool:
        """Every session of the body pinned: its venues are history."""
        return all(s.id in problem.pinned for s in body.in_order)

    def encode(self, enc) -> None:
        for body in enc.problem.model.bodies:
            if not body.required_venues or self.settled(enc.problem, body):
                continue
            for venue in body.required_venues:
                there = sum(lit for s in body.in_order for p, lit in enc.live(s.id) if p.venue == venue)
                enc.require(self.name, body.id, there - 1)

    def check(self, problem, timetable):
        for body in problem.model.bodies:
            for venue in body.required_venues:
                placed = [p for s in body.in_order if (p := timetable.get(s.id)) is not None]
                if any(p.venue == venue for p in placed):
                    continue
                elsewhere = sorted({problem.venue(p.venue).name for p in placed})
                yield Finding(
                    self.name,
                    self.level,
                    body.id,
                    "",
                    1,
                    0,
                    f"none of {body.label}'s {plural(len(placed), 'session')} meets at "
                    f"{problem.venue(venue).name} (required_venues): 1 short"
                    + (f"; they meet at {', '.join(elsewhere)}" if elsewhere else ""),
                    "its sessions are all held" if self.settled(problem, body) else "",
                )
