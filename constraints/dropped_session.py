"""dropped-session (soft, per session): an optional session left out.

A session marked `optional: true` may be left out when the others cannot all meet
otherwise: the solver then lists it under `dropped`. This is planner's one way of not
holding something: sessions a body may do without, and meetings a full conference
centre cannot fit, all go through it.

Leaving one out costs its `price`, or else this rule's weight times its body's
`priority` (default 1). Default weight 100,000: ten times what moving an announced
session by a year costs (moved-session 100 x 10 + days-moved 19 x 365 = 7,935), so that
the solver moves sessions, even published ones, far rather than leave one out, and
leaves out the cheapest first. Between equally priced ones, the last in its body's
order gives way first (the tie-break keeps the earliest sessions).
"""

from .base import SOFT, Finding, Rule


class DroppedSession(Rule):
    name = "dropped-session"
    level = SOFT
    default_weight = 100_000
    summary = ("each optional session left out: its price, or the weight times its body's "
               "priority")

    def price(self, problem, session) -> int:
        if session.price is not None:
            return session.price
        return self.weight(problem) * problem.body(session).priority

    def encode(self, enc) -> None:
        for session in enc.problem.sessions:
            if session.id in enc.dropped:
                enc.penalize(self.name, session.id, enc.dropped[session.id], self.price(enc.problem, session))

    def check(self, problem, timetable):
        for session in problem.sessions:
            if session.id in timetable.dropped:
                price = self.price(problem, session)
                yield Finding(self.name, self.level, session.id, "", 1, price,
                              f"{session.name} is left out (optional; price {price:,})")
