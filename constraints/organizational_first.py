"""organizational-first (hard): an organizational session closes before its body's
first session opens (GA res. 74/247: the organizational session agrees on the outline
and modalities of the sessions that follow)."""

from .base import DistanceRule, Requirement, days


class OrganizationalFirst(DistanceRule):
    name = "organizational-first"
    summary = "each organizational session closes before the first session of its body opens"

    def requirements(self, problem, at):
        for body, chain in zip(problem.model.bodies, problem.chains):
            for o in (s for s in body.sessions if s.kind == "organizational"):
                for i, s in enumerate(chain):

                    def words(slack, o=o, s=s):
                        return f"{o.id} must close before {s.id} opens: {days(-slack)} too late"

                    yield Requirement(
                        o.id,
                        at.start(s.id) - at.end(o.id) - 1,
                        words,
                        absent=tuple(x.id for x in chain[:i]),
                        plus=(s.id,),
                        minus=(o.id,),
                    )
                    if not problem.optional(s):
                        break  # the sessions after it meet later still
