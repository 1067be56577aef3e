"""Checks that catch the obvious before the solver runs, each in plain words: a session
that cannot fit its window, windows in the wrong order, fixed dates that break a rule
on their own. They use the rules' own judgments, so they say what `check` would say."""

from __future__ import annotations

from constraints import RULES

from .plan import Placement, Problem, fmt, fmt_range


def obvious_conflicts(problem: Problem) -> list[str]:
    out = []
    window = problem.model.window
    for session in problem.sessions:
        venues = problem.model.session_venues(session)
        any_day = problem.model.window.start
        fits = [RULES["room-fits"].judge(problem, session, Placement(session.id, v.id, r.id, any_day, any_day))
                for v in venues for r in v.rooms]
        if all(fits):
            largest = max((r for v in venues for r in v.rooms), key=lambda r: (r.seats, r.interpretation))
            out.append(f"no room at {', '.join(v.name for v in venues)} suits {session.id} "
                       f"(needs {session.room.seats} seats and interpretation into "
                       f"{session.room.interpretation} languages; the largest room, {largest.name}, "
                       f"seats {largest.seats} with {largest.interpretation})")
            continue
        if session.fixed:
            fixed = session.fixed
            for name in ("session-length", "no-meeting-on-holiday", "planning-window", "session-window"):
                # obvious only if the dates break the rule wherever the session may meet
                verdicts = [RULES[name].judge(problem, session, Placement(
                    session.id, v.id, v.rooms[0].id, fixed.start, fixed.end)) for v in venues]
                if all(verdicts):
                    where = f" at {venues[0].name}" if len(venues) > 1 else ""
                    out.append(f"{session.id}'s fixed dates {fmt_range(fixed.start, fixed.end)} "
                               f"break {name}{where}: {verdicts[0].message}")
            continue
        inside = [c for c in problem.candidates(session)
                  if RULES["session-window"].judge(problem, session, c) is None]
        if not inside:
            span = session.window or window
            out.append(f"{session.id} is {session.length} long, but no {session.length.adjective} "
                       f"session fits its window {fmt_range(span.start, span.end)} at "
                       f"{', '.join(v.name for v in venues)}")
    bounds = [_bounds(problem, s) for s in problem.sessions]
    for i, (a, (a_start, _)) in enumerate(zip(problem.sessions, bounds)):
        for b, (_, b_end) in zip(problem.sessions[i + 1:], bounds[i + 1:]):
            if b_end <= a_start:
                out.append(f"{b.id} must close by {fmt(b_end)} but {a.id}, which comes before it, "
                           f"cannot open before {fmt(a_start)}: sessions meet in the model's order")
    return out


def _bounds(problem: Problem, session):
    """The earliest opening and the latest closing the session's windows allow."""
    span = session.fixed or session.window or problem.model.window
    start = max(span.start, problem.model.window.start)
    end = min(span.end, problem.model.window.end)
    return start, end
