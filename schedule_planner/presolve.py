"""Checks that catch the obvious before the solver runs, in plain words, through the
rules' own faces (`judge` and `slack`), so they say what `check` would say:

- a session that no hard rule on a single placement lets meet anywhere: no room suits
  it, no dates of its length fit its window, its fixed dates break a rule wherever it
  may meet;
- sessions of a body that cannot follow one another in any dates their options allow,
  even if every rule between them that a model change can relax gave way (windows in
  the wrong order).

Pair rules are assumed to loosen as the previous session closes earlier and the next
opens later (true of every such rule: they are lead times and gaps).
"""

from __future__ import annotations

from constraints import HARD, REGISTRY, PairRule, placement_rules

from .domain.problem import Problem
from .domain.schema import Session
from .domain.text import fmt, fmt_range, plural
from .domain.timetable import Placement


def obvious_conflicts(problem: Problem) -> list[str]:
    out, options = [], {}
    for session in problem.sessions:
        options[session.id], found = _options(problem, session)
        out += found
    return out + _order(problem, options)


def _options(problem: Problem, session) -> tuple[list[Placement], list[str]]:
    """The session's placements no single-placement hard rule objects to, and what
    makes every one of them impossible if none is left."""
    venues = problem.model.session_venues(session)
    fixed = problem.fixed_dates(session)  # a pinned session's, else its own fixed dates
    if fixed:
        start, end = fixed
        tried = [Placement(session.id, v.id, r.id, start, end) for v in venues for r in v.rooms]
        what = f"{session.id}'s fixed dates {fmt_range(start, end)}"
    else:
        tried = problem.candidates(session)
        what = None
    rules = placement_rules(problem, session)
    # a pinned session at its pinned dates: what it breaks there is history, never a conflict
    ok = [
        p
        for p in tried
        if problem.is_history(session.id, p) or not any(r.judge(problem, session, p) for r in rules)
    ]
    if ok:
        return ok, []
    where = ", ".join(v.name for v in venues)
    if not tried:
        return [], [
            f"{session.id} is {session.length} long, but no {session.length.adjective} "
            f"session fits the planning window at {where}"
        ]
    out = []
    for rule in rules:
        judged = [(verdict, p) for p in tried if (verdict := rule.judge(problem, session, p))]
        if len(judged) == len(tried):  # the rule rules out every one
            at = f" at {venues[0].name}" if len(venues) > 1 else ""
            if what:
                out.append(f"{what} break {rule.name}{at}: {judged[0][0].message}")
            else:  # the option nearest to what the rule allows
                verdict, p = min(judged, key=lambda vp: vp[0].amount)
                room = problem.venue(p.venue).room(p.room)
                assert room is not None  # a candidate is in one of its venue's rooms
                out.append(
                    f"{session.id} ({session.length}) cannot meet anywhere: {rule.name} rules "
                    f"out every date and room at {where}; the nearest option, "
                    f"{fmt_range(p.start, p.end)} in {room.name}: {verdict.message}"
                )
    if not out:
        counts: dict[str, int] = {}
        for p in tried:
            rule = next(r for r in rules if r.judge(problem, session, p))
            counts[rule.name] = counts.get(rule.name, 0) + 1
        out.append(
            f"{what or session.id} cannot meet: every date and room breaks a hard rule ("
            + ", ".join(f"{name} {plural(n, 'option')}" for name, n in counts.items())
            + ")"
        )
    return [], out


def _order(problem: Problem, options: dict[str, list[Placement]]) -> list[str]:
    """Along each body's sessions, the earliest each can close given the one before; a
    session none of whose options can follow is reported with the rule that stops it."""
    pair_rules = [r for r in REGISTRY if isinstance(r, PairRule)]

    def stops(rule: PairRule, prev: Session, first: Placement, session: Session, p: Placement) -> bool:
        """Whether the rule keeps the session from opening at p after prev closes at first."""
        slack = rule.slack(problem, prev, session, first.end.toordinal(), p.start.toordinal())
        return slack + rule.most_relaxable(problem, session) < 0

    out = []
    for chain in problem.chains:
        prev, first = None, None  # the previous session, its earliest-closing option
        for session in chain:
            opts = options[session.id]
            if not opts:
                break
            # the rules between sessions that are hard for it (soft: a price, never a stop)
            rules = [r for r in pair_rules if r.level_for(problem, session.id) == HARD]
            if prev is not None and first is not None and not {prev.id, session.id} <= set(problem.pinned):
                opts = [p for p in opts if not any(stops(r, prev, first, session, p) for r in rules)]
                if not opts:
                    latest = max(options[session.id], key=lambda p: p.start)
                    rule = next(r for r in rules if stops(r, prev, first, session, latest))
                    slack = rule.slack(
                        problem, prev, session, first.end.toordinal(), latest.start.toordinal()
                    )
                    out.append(
                        f"{session.id} cannot follow {prev.id} in any dates they may take: "
                        f"{prev.id} closes at the earliest on {fmt(first.end)} and "
                        f"{session.id} opens at the latest on {fmt(latest.start)} "
                        f"({rule.name}: {rule.explain(problem, prev, session, first, latest, slack)})"
                    )
                    break
            prev, first = session, min(opts, key=lambda p: p.end)
    return out
