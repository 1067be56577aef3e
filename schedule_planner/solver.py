"""The solver driver: the rules' encoding -> CP-SAT (or HiGHS on the same model,
`schedule_planner.mip`) -> a timetable, checked again.

`solve` raises `Infeasible` when no timetable exists and knows nothing of diagnosis:
deciding to diagnose is the caller's business (`schedule_planner.app`).

Determinism: one search worker by default with a fixed seed, so the same model and
options give the same timetable; `--workers` trades that for speed on large models.
HiGHS searches each part of the MIP on one thread, deterministic too (`--workers`
parts side by side).
"""

from __future__ import annotations

import functools
import math
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from constraints import REGISTRY, Finding, SessionRule, evaluate
from constraints.city_changed import city

from .domain import time_budget
from .domain.problem import Problem
from .domain.timetable import Timetable
from .encoding import Encoding
from .errors import Infeasible, PlannerError
from .greedy import greedy


@dataclass
class Result:
    status: str  # OPTIMAL or FEASIBLE
    timetable: Timetable
    objective: int
    bound: int
    findings: list[Finding] = field(default_factory=list)  # soft findings: the breakdown
    wall_time: float = 0.0
    interrupted: bool = False  # Ctrl-C stopped the search: the best timetable found then
    built: float = 0.0  # of wall_time, building the model and the greedy start


def solve(
    problem: Problem,
    time_limit: float = 30.0,
    seed: int = 0,
    workers: int = 1,
    log: bool = False,
    distinct_from: tuple[Timetable, ...] = (),
    progress=None,
    backend: str = "auto",
) -> Result:
    """Date every session; raise Infeasible (status INFEASIBLE or UNKNOWN) when none is found.
    With `distinct_from`, only a timetable distinct from each of those (see `distinct`).
    `progress(objective, bound)` is told of every better timetable the search finds.
    `backend` finds the optimum of the cost (the first stage): CP-SAT, HiGHS
    (`schedule_planner.mip`), or `auto`: for several bodies sharing a centre, HiGHS for
    the time limit, then CP-SAT from its best if it ended early without a proof (a part
    HiGHS could not search); CP-SAT otherwise. The tie-break stage (`earliest`) follows
    CP-SAT's answers only. HiGHS's parts run `workers` at a time."""
    began = time.perf_counter()
    enc, start, highs = build(problem, distinct_from, backend)
    built = time.perf_counter() - began
    found, left = None, time_limit
    if highs is not None:
        found = _with_highs(problem, enc, highs, start, time_limit, seed, workers, progress)
        left -= time.perf_counter() - began - built
        if (
            backend == "auto"
            and found is not None
            and found.status in ("FEASIBLE", "UNKNOWN")
            and not found.interrupted
            and left > 0.1
        ):
            found = _go_on(enc, found, left, seed, workers, log, progress)
    if found is None:
        found = _with_cpsat(enc, left, seed, workers, log, progress)
    if found.status == "INFEASIBLE":
        raise Infeasible("no timetable satisfies the hard rules")
    if found.status == "UNKNOWN" and start is not None:
        # none found in time: the greedy timetable stands, unless it breaks a hard rule
        # (it knows no session-count) or leaves out a session that must meet; not proven
        # optimal
        cost, findings = _judged(problem, start)
        if cost is not None:
            return Result(
                "FEASIBLE", start, cost, found.bound, findings, time.perf_counter() - began, built=built
            )
    if found.status == "UNKNOWN":
        raise Infeasible(
            f"no timetable found within the time limit of {time_limit:g} s, and none "
            "proven impossible either; try a longer --time-limit",
            status="UNKNOWN",
        )
    time_budget.found()  # judged and written whatever the time left
    timetable, interrupted = found.timetable, found.interrupted
    assert timetable is not None  # OPTIMAL or FEASIBLE: found with a timetable
    if not interrupted and found.tie_break:
        remaining = time_limit - (time.perf_counter() - began)
        timetable, interrupted = earliest(enc, timetable, found.objective, remaining, seed, workers)
    findings = (
        found.findings
        if timetable is found.timetable and found.findings is not None
        else evaluate(problem, timetable)
    )
    hard = [f for f in findings if f.breach]
    if hard:  # the two faces of a rule disagree: a bug, never the user's fault
        raise PlannerError("internal error: the solved timetable breaks " + "; ".join(f.line() for f in hard))
    return Result(
        found.status,
        timetable,
        found.objective,
        found.bound,
        findings,
        time.perf_counter() - began,
        interrupted,
        built,
    )


def build(problem: Problem, distinct_from: tuple[Timetable, ...] = (), backend: str = "auto"):
    """What `solve` searches, built: the CP-SAT model (`distinct_from` each earlier
    timetable, hinted at the baseline or the greedy start), the greedy timetable it starts
    from (None but for a centre) and the MIP for HiGHS (None: CP-SAT alone). What
    bench/build.py measures."""
    enc = Encoding(problem).build()
    for earlier in distinct_from:
        distinct(enc, earlier)
    if problem.baseline is not None:
        enc.hint(problem.baseline)  # a re-solve starts from the timetable it changes
    start = None
    centre = problem.baseline is None and len(problem.chains) > 1 and not distinct_from
    if centre:
        # bodies sharing a centre: start from the greedy first-fit timetable, so that the
        # search is never worse than it, and have it if the search finds none in time
        # (measured with bench/centre.py)
        start = greedy(problem, enc.priced())
        enc.hint(start)
    highs = _as_mip(enc) if backend == "highs" or (backend == "auto" and centre) else None
    return enc, start, highs


@dataclass
class Found:
    """What the first stage found: status OPTIMAL or FEASIBLE with a timetable, its cost
    and the bound; INFEASIBLE or UNKNOWN (perhaps a bound) without one."""

    status: str
    timetable: Timetable | None = None
    objective: int = 0
    bound: int = 0
    interrupted: bool = False
    # then the tie-break stage (`earliest`); not after HiGHS, whose answer is the same for
    # the same model already: on a centre that CP-SAT stage would take the whole time
    # limit (bench/centre.py: a 100-meeting centre, 60 s), for ties only
    tie_break: bool = True
    findings: list[Finding] | None = None  # the timetable's, if already judged


def _with_cpsat(enc: Encoding, time_limit: float, seed: int, workers: int, log: bool, progress) -> Found:
    solver = make_solver(time_limit, seed, workers, log, keep=True)
    if sum(len(o) for o in enc.options.values()) < PRESOLVE_FROM:
        solver.parameters.cp_model_presolve = False
    status = solver.solve(enc.cp, _Told(progress) if progress is not None and enc.terms else None)
    if solver.interrupted and status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise KeyboardInterrupt  # nothing found before Ctrl-C: nothing to write
    bound = round(solver.best_objective_bound) if enc.terms else 0
    if status in (cp_model.INFEASIBLE, cp_model.UNKNOWN):
        return Found(solver.status_name(status), bound=bound)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # MODEL_INVALID: a bug
        raise PlannerError(
            f"internal error: CP-SAT answered {solver.status_name(status)}: {enc.cp.validate()}"
        )
    return Found(
        solver.status_name(status),
        enc.decode(solver.boolean_value),
        round(solver.objective_value) if enc.terms else 0,
        bound,
        solver.interrupted,
    )


def _go_on(
    enc: Encoding, found: Found, time_limit: float, seed: int, workers: int, log: bool, progress
) -> Found:
    """CP-SAT for the rest of the time, from the best timetable HiGHS's share left; the
    cheaper answer of the two, with the better bound (Ctrl-C: HiGHS's, if CP-SAT has
    none)."""
    if found.timetable is not None:
        enc.hint(found.timetable)
    try:
        then = _with_cpsat(enc, time_limit, seed, workers, log, progress)
    except KeyboardInterrupt:
        if found.timetable is None:
            raise
        found.interrupted = True
        return found
    if then.status == "INFEASIBLE" or (
        then.timetable is not None
        and (found.timetable is None or then.objective < found.objective or then.status == "OPTIMAL")
    ):
        if then.status == "FEASIBLE":
            then.bound = max(then.bound, found.bound)
        return then
    found.bound = max(found.bound, then.bound)
    found.interrupted = then.interrupted
    return found


def _as_mip(enc: Encoding):
    """The model as HiGHS searches it (`mip.prepare`); None if it holds a constraint no MIP
    row states (then CP-SAT alone solves it)."""
    from . import mip

    try:
        return mip.prepare(mip.translate(enc.cp.proto))
    except mip.Untranslatable:
        return None


def _with_highs(
    problem: Problem,
    enc: Encoding,
    model,
    start: Timetable | None,
    time_limit: float,
    seed: int,
    workers: int = 1,
    progress=None,
) -> Found | None:
    """The first stage by HiGHS on `model` (`_as_mip`), its parts `workers` at a time,
    each hinted at the greedy `start`; None to leave it to CP-SAT: HiGHS finds it
    infeasible (CP-SAT proves it again, and the diagnosis is CP-SAT's), or its timetable
    breaks a hard rule (its arithmetic is floating-point: never trusted unchecked). The
    cost is the rules' own; the greedy `start` stands if it costs less. Ctrl-C ends the
    search with the parts it has searched, the start's for the others, or with `start`."""
    from . import mip

    # judged only when needed (each judgment of a centre's timetable takes a while), and
    # then whatever the time left: a timetable found is judged and written
    start_cost = functools.cache(lambda: None if start is None else _judged(problem, start)[0])
    if progress is not None and start_cost() is not None:
        progress(start_cost(), None)  # HiGHS tells nothing until it ends: no bound yet
    try:
        answer = mip.search(
            model,
            min(time_limit, time_budget.left()),
            seed,
            workers=workers,
            start=None if start is None else enc.values(start),
            told=None if progress is None else lambda objective, bound: progress(round(objective), bound),
        )
    except KeyboardInterrupt:
        known = start_cost()
        if known is None:
            raise
        return Found("FEASIBLE", start, known, interrupted=True)
    bound = None if answer.bound is None else math.ceil(answer.bound - 1e-6)
    if answer.status == "INFEASIBLE":
        return None
    if answer.status == "UNKNOWN":
        return Found("UNKNOWN", bound=bound or 0)
    timetable = enc.decode(lambda lit: lit.Index() in answer.ones)
    cost, findings = _judged(problem, timetable)
    if cost is None:
        return None
    if answer.status == "OPTIMAL" and not answer.interrupted:
        return Found("OPTIMAL", timetable, cost, cost, tie_break=False, findings=findings)
    known = start_cost()
    if known is not None and known < cost:
        return Found("FEASIBLE", start, known, min(bound or 0, known), answer.interrupted, tie_break=False)
    return Found(
        "FEASIBLE",
        timetable,
        cost,
        min(bound or 0, cost),
        answer.interrupted,
        tie_break=False,
        findings=findings,
    )


def _judged(problem: Problem, timetable: Timetable) -> tuple[int | None, list[Finding]]:
    """`_cost` of a timetable a search found: judged past the time limit (`time_budget.found`),
    which HiGHS, given all of it, may have spent."""
    time_budget.found()
    return _cost(problem, timetable)


def _cost(problem: Problem, timetable: Timetable) -> tuple[int | None, list[Finding]]:
    """A timetable's cost by the rules' check (None if it breaks a hard rule or leaves
    out a session that must meet: the greedy timetable knows no session-count), and the
    findings."""
    findings = evaluate(problem, timetable)
    if any(f.breach for f in findings) or not all(
        problem.optional(problem.by_id[sid]) for sid in timetable.dropped
    ):
        return None, findings
    return sum(f.cost for f in findings), findings


class _Told(cp_model.CpSolverSolutionCallback):
    """Tells `progress` of each timetable the search finds: its cost and the bound."""

    def __init__(self, progress):
        super().__init__()
        self.progress = progress

    def on_solution_callback(self) -> None:
        self.progress(self.objective_value, self.best_objective_bound)


# Two timetables are distinct when a planner would weigh them as two choices: some
# session meets in one and not in the other, or meets in another city, or opens a month or
# more apart, or a week or more apart at another trade (what the per-day rules charge for
# its days: days lost to holidays, days outside its preferred window). Another room,
# another venue in the same city, a few days either way, or a week or two that trades the
# same is the same choice.
DISTINCT = (
    "distinct: some session meets in one and not in the other, or in another city, or "
    "opens 4 weeks or more apart, or a week or more apart trading other days: days lost to "
    "holidays or outside its preferred window"
)
WEEK, MONTH = 7, 28  # days
# what a placement trades
PER_DAY = [rule for rule in REGISTRY if isinstance(rule, SessionRule) and rule.priced_per_day]


def trade(problem: Problem, session, p) -> tuple[tuple[str, int], ...]:
    """What the per-day rules charge for the placement's days (by rule, the amount)."""
    return tuple(
        (rule.name, verdict.amount)
        for rule in PER_DAY
        if (verdict := rule.judge(problem, session, p)) is not None
    )


def alike(problem: Problem, session, p, q) -> bool:
    """Two placements of a session that are no two choices (see DISTINCT)."""
    if city(problem, p.venue) != city(problem, q.venue):
        return False
    apart = abs((p.start - q.start).days)
    return apart < WEEK or (apart < MONTH and trade(problem, session, p) == trade(problem, session, q))


def differ(problem: Problem, a: Timetable, b: Timetable) -> bool:
    """Whether two timetables are distinct (see DISTINCT)."""
    for session in problem.sessions:
        p, q = a.get(session.id), b.get(session.id)
        if (p is None) != (q is None) or (p is not None and not alike(problem, session, p, q)):
            return True
    return False


def distinct(enc: Encoding, earlier: Timetable) -> None:
    """Forbid every timetable that does not `differ` from `earlier`: one Boolean per
    session, true when its chosen option is `alike` its earlier one (for a session it
    left out, left out again), and at least one of them false."""
    near = []
    for session in enc.problem.sessions:
        before = earlier.get(session.id)
        if before is None and session.id in enc.dropped:
            near.append(enc.dropped[session.id])
            continue
        if before is None:  # this session differs whatever it takes: nothing to forbid
            return
        lits = [lit for p, lit in enc.options[session.id] if alike(enc.problem, session, p, before)]
        if not lits:  # this session differs whatever it takes: nothing to forbid
            return
        b = enc.cp.new_bool_var(f"near:{session.id}@{before.start}")
        enc.cp.add(b == cp_model.LinearExpr.sum(lits))
        near.append(b)
    enc.cp.add_bool_or([b.Not() for b in near])


@dataclass
class Alternatives:
    """The best timetables, pairwise distinct, in score order; `note` says why there are
    fewer than asked for (none left, or none found in the time limit), else None."""

    results: list[Result]
    note: str | None = None


def alternatives(
    problem: Problem,
    k: int,
    time_limit: float = 30.0,
    seed: int = 0,
    workers: int = 1,
    log: bool = False,
    first: Result | None = None,
    backend: str = "auto",
) -> Alternatives:
    """The k best timetables, pairwise distinct (see DISTINCT). Each is an optimal solve (with the same
    tie-break stage) of the model with every earlier one forbidden, so their objectives
    never decrease; the first is the plain solve's (`first`, if given). Each solve has
    `time_limit`. Stops early, saying why, when no further distinct timetable exists."""
    results = [first or solve(problem, time_limit, seed, workers, log, backend=backend)]
    while len(results) < k and not results[-1].interrupted:
        try:
            with time_budget.further():  # within what the time limit leaves, or none
                results.append(
                    solve(
                        problem,
                        time_limit,
                        seed,
                        workers,
                        log,
                        tuple(r.timetable for r in results),
                        backend=backend,
                    )
                )
        except KeyboardInterrupt:  # the timetables found so far stand
            results[-1].interrupted = True
        except Infeasible as exc:
            if exc.status == "UNKNOWN":
                why = f"none found within the time limit of {time_limit:g} s"
            else:
                why = "no other distinct timetable exists"
            return Alternatives(
                _ordered(results),
                f"{len(results)} of {k} timetables: {why} ({DISTINCT})",
            )
    return Alternatives(
        _ordered(results),
        None if len(results) == k else f"{len(results)} of {k} timetables: interrupted (Ctrl-C)",
    )


def _ordered(results: list[Result]) -> list[Result]:
    """Score order even when a solve cut short by the time limit found a worse timetable
    than a later one did: the first stays first (it is the plain solve's), the others by
    objective, ties in the order found."""
    return results[:1] + sorted(results[1:], key=lambda r: r.objective)


# CP-SAT's presolve pays from about this many options (placement Booleans) up. Below it,
# it costs more than the search it saves: measured (2 workers, seconds to the proven
# optimum, with presolve / without): the default model with its consultations (2,000
# options) 1.39 / 0.29, the default beside a second body (1,600) 1.92 / 0.16, a generated
# 50-meeting centre (1,900) 0.57 / 0.23, a 100-meeting one (6,000) 5.5 / 5.7; a
# 200-meeting centre (12,000) ended 60 s with a slightly worse timetable without it.
PRESOLVE_FROM = 10_000

# the tie-break's objective stays below this (CP-SAT's integers are 64-bit)
LEXICOGRAPHIC_LIMIT = 2**60


def earliest(
    enc: Encoding, timetable: Timetable, objective: int, time_limit: float, seed: int, workers: int
) -> tuple[Timetable, bool]:
    """Among the timetables of cost `objective` (or less), the lexicographically earliest
    in session order: the first session's earliest option (by opening, closing, venue
    and room order), then the second's, and so on. A second stage with the soft cost
    fixed, not part of the reported objective, so that an edit that changes no cost
    (a venue no session uses) moves no tied session. Sessions are taken in chunks whose
    ranks fit a weighted sum that is lexicographic (each weight exceeds every later
    rank's range); each chunk is solved, then fixed. If time runs out, the timetable
    found so far (of the same cost) stands, and so it does after Ctrl-C (then True)."""
    began = time.perf_counter()
    if enc.terms:
        enc.cp.add(enc.soft <= objective)
    ranks = enc.ranks()
    chunks: list[list[tuple[cp_model.IntVar, int]]] = []
    chunk: list[tuple[cp_model.IntVar, int]] = []
    size = 1
    for rank, n in ranks:
        if chunk and size * n >= LEXICOGRAPHIC_LIMIT:
            chunks.append(chunk)
            chunk, size = [], 1
        chunk.append((rank, n))
        size *= n
    if chunk:
        chunks.append(chunk)
    best = timetable
    for chunk in chunks:
        weights, w = [], 1
        for _, n in reversed(chunk):
            weights.append(w)
            w *= n
        weights.reverse()
        enc.hint(best)
        enc.cp.minimize(cp_model.LinearExpr.weighted_sum([r for r, _ in chunk], weights))
        left = time_limit - (time.perf_counter() - began)
        if left <= 0.01:
            break
        solver = make_solver(left, seed, workers, False, keep=True)
        # the model is the one just solved, with a hint that holds: presolving it again
        # for each chunk costs more than the search (measured on the default model with
        # its consultations: 6.6 s against 1.1 s for the stage)
        solver.parameters.cp_model_presolve = False
        status = solver.solve(enc.cp)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return best, solver.interrupted
        best = enc.decode(solver.boolean_value)
        if status != cp_model.OPTIMAL or solver.interrupted:
            return best, solver.interrupted
        for rank, _ in chunk:
            enc.cp.add(rank == solver.value(rank))
    return best, False


class Solver(cp_model.CpSolver):
    """CP-SAT that Ctrl-C stops cleanly: the search runs in a thread while this one waits,
    so that the interrupt reaches Python at once; the search is then stopped, and its
    best solution so far kept (`keep`: `interrupted` says so) or KeyboardInterrupt
    raised. CP-SAT's own SIGINT handler is off: it would end the search as a time limit
    does, indistinguishable from one."""

    def __init__(self, keep: bool = False):
        super().__init__()
        self.keep, self.interrupted = keep, False
        self.parameters.catch_sigint_signal = False

    def solve(self, model, callback=None):
        outcome: dict[str, Any] = {}  # the search's status, or the exception it raised
        done = threading.Event()

        def search():
            # Ctrl-C is for the waiting thread: blocked here and in CP-SAT's threads (they
            # inherit the mask), the key's signal reaches it and interrupts its wait at once
            if hasattr(signal, "pthread_sigmask"):
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                outcome["status"] = super(Solver, self).solve(model, callback)
            except BaseException as exc:  # handed to the waiting thread
                outcome["error"] = exc
            finally:
                done.set()

        try:  # the thread is started inside: a Ctrl-C the moment it starts is caught too
            threading.Thread(target=search, daemon=True).start()
            while not done.wait(0.05):  # short waits: a pending Ctrl-C is raised between them
                pass
        except KeyboardInterrupt:
            self.interrupted = True
            self.stop_search()
            done.wait()
            if not self.keep:
                raise
        if "error" in outcome:
            raise outcome["error"]
        return outcome["status"]


def make_solver(time_limit: float, seed: int, workers: int, log: bool, keep: bool = False) -> Solver:
    solver = Solver(keep)
    solver.parameters.max_time_in_seconds = max(0.01, min(time_limit, time_budget.left()))
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = workers
    if log:
        solver.parameters.log_search_progress = True
        solver.parameters.log_to_stdout = False
        solver.log_callback = lambda line: print(line, file=sys.stderr)
    return solver
