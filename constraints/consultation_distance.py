"""consultation-distance (hard): an intersessional consultation sits in its gap.

A meeting of `kind: consultation` with `after: S2` opens at least `after_days` after S2
closes and closes at least `before_days` before the next session of its body that meets
opens (the body's `consultations` block; the defaults, 3 and 35 days, are the nearest
the Ad Hoc Committee's five consultations of 2022-2023 came). So it never overlaps a
session of its body; the rooms and interpreters it shares with the rest of the centre
are room-free's and interpretation-capacity's to judge. A consultation cannot meet
when the session it follows is left out.
"""

from schedule_planner.domain.text import fmt

from .base import SOFT, DistanceRule, Finding, Requirement, days


def consultations(body):
    return [s for s in body.sessions if s.kind == "consultation"]


class ConsultationDistance(DistanceRule):
    name = "consultation-distance"
    summary = (
        "each consultation opens at least after_days after the session it follows "
        "closes, and closes at least before_days before the next session opens"
    )

    def requirements(self, problem, at):
        for body, chain in zip(problem.model.bodies, problem.chains):
            for c in consultations(body):
                gap = body.consultations
                after = problem.by_id[c.after]

                def late(slack, c=c, after=after, gap=gap):
                    return (
                        f"{c.id} must open at least {days(gap.after_days)} after {after.id} "
                        f"closes: {days(-slack)} too early"
                    )

                yield Requirement(
                    c.id,
                    at.start(c.id) - at.end(after.id) - gap.after_days,
                    late,
                    plus=(c.id,),
                    minus=(after.id,),
                )
                for prev, nxt, between in problem.links(chain):
                    if prev is not after:
                        continue

                    def early(slack, c=c, nxt=nxt, gap=gap):
                        return (
                            f"{c.id} must close at least {days(gap.before_days)} before {nxt.id} "
                            f"opens: {days(-slack)} too late"
                        )

                    yield Requirement(
                        c.id,
                        at.start(nxt.id) - at.end(c.id) - gap.before_days,
                        early,
                        absent=tuple(s.id for s in between),
                        plus=(nxt.id,),
                        minus=(c.id,),
                    )

    def encode(self, enc) -> None:
        super().encode(enc)
        for body in enc.problem.model.bodies:
            for c in consultations(body):
                if c.after not in enc.dropped:
                    continue
                meets = enc.meets(c.id)
                if self.level_for(enc.problem, c.id) == SOFT:  # made soft: meeting without its gap costs
                    if enc.policy.prices_soft:
                        both = enc.dropped[c.after]
                        if meets is not True:
                            both = enc.cp.new_bool_var(f"{self.name}:{c.id}:alone")
                            enc.cp.add_bool_or([meets.Not(), enc.dropped[c.after].Not(), both])
                        enc.penalize(self.name, c.id, both, self.weight_for(enc.problem, c.id))
                elif meets is not True:
                    enc.cp.add_implication(meets, enc.meets(c.after))
                else:
                    enc.cp.add(enc.meets(c.after) == 1)

    def check(self, problem, timetable):
        yield from super().check(problem, timetable)
        for body in problem.model.bodies:
            for c in consultations(body):
                p = timetable.get(c.id)
                if p is not None and c.id not in timetable.dropped and c.after in timetable.dropped:
                    yield Finding(
                        self.name,
                        self.level,
                        c.id,
                        p.start.isoformat(),
                        1,
                        0,
                        f"{c.after} is left out, so there is no gap after it for {c.id} "
                        f"({fmt(p.start)}): leave {c.id} out too",
                    )
