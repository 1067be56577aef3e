"""Greedy first-fit in priority order: what a conference planner does by hand, and the
benchmark's baseline (bench/centre.py).

Bodies in order of priority (highest first, then as the model lists them), each body's
sessions in their order; each session takes its cheapest option (soft cost, then the
earliest) that the hard rules allow beside the sessions placed so far, or is left out.
The same rules judge every option as in the solver and in check: the hard rules on one
placement, the rules between a body's consecutive sessions, and the resource rules
counted against what the sessions placed so far take. It never reconsiders, so it may
leave out a session that a better placement of the others would have let meet.
"""

from __future__ import annotations

from constraints import HARD, REGISTRY, SESSION_RULES, PairRule, ResourceRule, placement_rules

from .domain.problem import Problem
from .domain.timetable import Placement, Timetable


def options(problem: Problem) -> dict[str, list[tuple[Placement, int]]]:
    """Each session's options that the hard rules on one placement allow, with their soft
    cost: judged here, as the solver's encoding judges them (`Encoding.priced`)."""
    out = {}
    for session in problem.sessions:
        hard = placement_rules(problem, session)
        alone = [r for r in hard if not isinstance(r, ResourceRule)]
        soft = [r for r in SESSION_RULES if r not in hard]
        out[session.id] = [
            (
                p,
                sum(
                    v.amount * r.weight_for(problem, session.id)
                    for r in soft
                    for v in [r.judge(problem, session, p)]
                    if v is not None
                ),
            )
            for p in problem.candidates(session, 0, True)
            if not any(r.judge(problem, session, p) for r in alone)
        ]
    return out


def greedy(problem: Problem, priced: dict[str, list[tuple[Placement, int]]] | None = None) -> Timetable:
    """The greedy timetable, from each session's allowed options and their soft cost
    (`priced`; judged here if not given)."""
    priced = options(problem) if priced is None else priced
    pairs = [r for r in REGISTRY if isinstance(r, PairRule)]
    loads = {
        r.name: r.load(problem) for r in REGISTRY if isinstance(r, ResourceRule)
    }  # sessions placed so far
    placements, dropped = {}, set()
    for body in sorted(problem.model.bodies, key=lambda b: -b.priority):
        prev = None
        for session in body.in_order:
            best: Placement | None = None
            resources = [r for r in placement_rules(problem, session) if isinstance(r, ResourceRule)]
            hard_pairs = [r for r in pairs if r.level_for(problem, session.id) == HARD]
            for p, _cost in sorted(priced[session.id], key=lambda pc: (pc[1], pc[0].start)):
                if prev is not None and any(
                    r.slack(problem, prev[0], session, prev[1].end.toordinal(), p.start.toordinal()) < 0
                    for r in hard_pairs
                ):
                    continue
                if not any(loads[r.name].short(session, p) for r in resources):
                    best = p
                    break  # the cheapest that fits: first fit
            if best is None:
                dropped.add(session.id)
                continue
            p = best
            for load in loads.values():
                load.add(session, p)
            placements[session.id] = p
            prev = (session, p)
    return Timetable(
        {s.id: placements[s.id] for s in problem.sessions if s.id in placements}, dropped=frozenset(dropped)
    )
