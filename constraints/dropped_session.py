"""dropped-session (soft, per session): an optional session left out.

A session marked `optional: true` may be left out when the others cannot all meet
otherwise: the solver then lists it under `dropped`. This is planner's one way of not
holding something: sessions a body may do without, and meetings a full conference
centre cannot fit, all go through it.

Leaving one out costs its `price`, or else this rule's weight times its body's
`priority` (default 1). Default weight 100,000: ten times what moving an announced
session by a year costs at the default weights (moved-session's weight x 10 plus
days-moved's weight x 365; tests/test_dropping.py works it out from the registry), so
that the solver moves sessions, even published ones, far rather than leave one out,
and leaves out the cheapest first. Between equally priced ones, the last in its body's
order gives way first (the tie-break keeps the earliest sessions).

An optional meeting of another kind (an intersessional consultation) costs a
hundredth of that by default: 1,000, less than moving a session by two months
(moved-session's weight plus days-moved's x 60), so a consultation gives way before a
published session moves far, and long before a session is left out.
"""

from collections.abc import Callable
from typing import ClassVar

from .base import SOFT, Finding, Load, ResourceRule, Rule

EVENT_SHARE = 100  # an optional consultation's default price: the weight / 100


class DroppedSession(Rule):
    name = "dropped-session"
    level = SOFT
    default_weight = 100_000
    level_settable = False  # a session that must meet is one not marked optional
    summary = "each optional session left out: its price, or the weight times its body's priority"
    # the hard rules on one placement for a session, which the registry gives (it lists
    # this rule too)
    placement_rules: ClassVar[Callable]

    def price(self, problem, session) -> int:
        if session.price is not None:
            return session.price
        share = 1 if session.is_session else EVENT_SHARE
        return self.weight_for(problem, session.id) * problem.body(session).priority // share

    def encode(self, enc) -> None:
        for session in enc.problem.sessions:
            if session.id in enc.dropped:
                enc.penalize(self.name, session.id, enc.dropped[session.id], self.price(enc.problem, session))

    def check(self, problem, timetable):
        loads: dict[str, Load] = {}  # what the timetable takes: built once, for all it leaves out
        for session in problem.sessions:
            if session.id in timetable.dropped:
                price = self.price(problem, session)
                short = self.short_of(problem, timetable, session, loads)
                yield Finding(
                    self.name,
                    self.level,
                    session.id,
                    "",
                    1,
                    price,
                    f"{session.name} is left out (optional; price {price:,})"
                    + (f"; short of {', '.join(short)} on every date it could take" if short else ""),
                    short=tuple(short),
                )

    def short_of(self, problem, timetable, session, loads: dict[str, Load]) -> list[str]:
        """The shared capacities (resource rules) a left-out session would exceed on every
        date and room that the rules on its placement alone allow, with the timetable's
        other sessions where they are; none if some such date is short of nothing (it is
        left out for the rules between sessions, or its price). `loads`: the timetable's
        loads by rule, filled as needed (one serves every session it leaves out)."""
        rules = self.placement_rules(problem, session)
        resources = [r for r in rules if isinstance(r, ResourceRule)]
        alone = [r for r in rules if not isinstance(r, ResourceRule)]
        for r in resources:
            if r.name not in loads:
                loads[r.name] = r.load(problem, timetable)
        short: set[str] = set()
        for p in problem.candidates(session, 0, True):
            if any(r.judge(problem, session, p) for r in alone):
                continue
            objecting = {r.name for r in resources if loads[r.name].short(session, p)}
            if not objecting:
                return []
            short |= objecting
        return [r.name for r in resources if r.name in short]
