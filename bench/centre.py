"""A whole conference centre, several ways: greedy first-fit in priority order,
planner's time-indexed CP-SAT model (alone, started from the greedy timetable, and with
redundant interval constraints), the same model as a MIP for HiGHS, and planner as
`planner solve` runs by default.

    pip install -e '.[bench]'          # highspy
    python bench/centre.py [--sizes 50,100,200,300,400,800,1600] [--years 4] [--seed 1]
                           [--load 0.7] [--time-limit 60] [--workers 2] [--repeat 3]
                           [--methods greedy,cp-sat,cp-sat-hint,highs,planner]

Methods:
  greedy         first-fit in priority order (schedule_planner/greedy.py)
  cp-sat         planner's time-indexed model alone
  cp-sat-hint    the same, started from the greedy timetable
  cp-sat-hybrid  the same, started from greedy, with redundant intervals: each session's
                 stay in each room an optional interval, one NoOverlap per room (only
                 when asked for with --methods)
  highs          HiGHS 1.16 (highspy) on planner's own translation of the model into a
                 MIP (schedule_planner.mip.translate: constraint for constraint, enforced
                 ones by big-M), so that both solve the same model
  planner        schedule_planner.solver.solve, --backend auto: for a centre, the greedy
                 timetable, then the HiGHS of the OR-Tools wheel (1.12) for half the time
                 limit in a child process, CP-SAT going on from its best if it proves
                 nothing; its "first" is 0, the greedy timetable being there when the
                 build ends, and its memory includes the child's

For each size, `planner generate` writes the instance (every session optional at its
body's priority); each method runs in a process of its own, so that its peak memory
(resident set) is its own. Columns: model building apart from search (build: reading
the model and building the options, the rules' judgments and the solver's model; for
greedy, all it does), time to the first timetable found (first), time to the proven
optimum (optimal; "-" when the time limit stopped it first), objective and best bound
at the end ("none found": no timetable within the time limit), peak memory and the
sessions left out. The objective is the cost `planner check` gives the timetable: every
method's timetable is checked, and a hard rule broken, a cost that check does not
reproduce, or a method that errors stops the bench with its error (a failing method is
no figure).

Only the first stage is timed (the optimum of the cost): after CP-SAT, `planner solve`
spends what is left of its time limit picking, among timetables of that cost, the
earliest (a tie-break no other method does); after HiGHS it does not.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
METHODS = ("greedy", "cp-sat", "cp-sat-hint", "highs", "planner")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="50,100,200,400,800,1600")
    ap.add_argument("--years", type=int, default=4)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--load", type=float, default=0.7, help="above 1: overloaded")
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of each method on each instance, interleaved; the table shows their medians",
    )
    ap.add_argument("--one", help=argparse.SUPPRESS)  # METHOD: run one, print JSON
    ap.add_argument("--model", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_method(args.one, args.model, args.time_limit, args.workers)))
        return
    from schedule_planner.generate import centre_yaml

    print(
        f"# {args.years} years, seed {args.seed}, load {args.load:g}, time limit "
        f"{args.time_limit:g} s, {args.workers} workers; medians of {args.repeat} runs "
        "(interleaved); times in seconds, memory in MB"
    )
    print("| meetings | method | build | first | optimal | objective | bound | memory | dropped |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in [int(s) for s in args.sizes.split(",")]:
            model = Path(tmp) / f"centre-{size}.yaml"
            model.write_text(centre_yaml(size, args.years, args.seed, args.load))
            methods = args.methods.split(",")
            runs: dict[str, list[dict]] = {m: [] for m in methods}
            for _ in range(args.repeat):  # interleaved: drift on a shared machine
                for method in methods:  # falls on every method alike
                    runs[method].append(child(method, model, args.time_limit, args.workers))
            for method in methods:
                r = medians(runs[method])
                print(
                    f"| {size} | {method} | {r['build']:.2f} | {_t(r['first'])} | {_t(r['optimal'])} "
                    f"| {_b(r['objective']) if r['objective'] is not None else 'none found'} "
                    f"| {_b(r['bound'])} | {r['memory']:.0f} | {_b(r['dropped'])} |",
                    flush=True,
                )


def medians(runs: list[dict]) -> dict:
    """Each figure's median over the runs that have it (None if none has it): a search
    that finds nothing in one run and something in another shows what most found."""
    out = {}
    for key in runs[0]:
        values = sorted(r[key] for r in runs if r[key] is not None)
        out[key] = statistics.median_low(values) if len(values) * 2 > len(runs) else None
    return out


def _t(v) -> str:
    return "-" if v is None else f"{v:.2f}"


def _b(v) -> str:
    return "-" if v is None else f"{v:,}"


def child(method: str, model: Path, time_limit: float, workers: int) -> dict:
    proc = subprocess.run(
        [
            sys.executable,
            __file__,
            "--one",
            method,
            "--model",
            str(model),
            "--time-limit",
            str(time_limit),
            "--workers",
            str(workers),
        ],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        sys.exit(f"bench/centre.py: {method} on {model.name} failed:\n{proc.stderr}{proc.stdout}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_method(method: str, model: str, time_limit: float, workers: int) -> dict:
    from constraints import evaluate
    from schedule_planner.app import load
    from schedule_planner.loading import ModelSource

    began = time.perf_counter()
    problem = load(ModelSource(model), {})
    if method == "greedy":
        from schedule_planner.greedy import greedy

        timetable = greedy(problem)
        took = time.perf_counter() - began
        out = {"build": took, "first": took, "optimal": None, "bound": None}
    elif method in ("cp-sat", "cp-sat-hint", "cp-sat-hybrid"):
        timetable, out = cpsat(
            problem, began, time_limit, workers, hint=method != "cp-sat", hybrid=method == "cp-sat-hybrid"
        )
    elif method == "highs":
        timetable, out = highs(problem, began, time_limit, workers)
    elif method == "planner":
        timetable, out = planner(problem, began, time_limit, workers)
    else:
        raise SystemExit(f"unknown method {method}")
    memory = (
        max(
            resource.getrusage(who).ru_maxrss
            for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)  # HiGHS runs in a child
        )
        / 1024
    )
    if timetable is None:  # none found within the time limit
        out.update(dropped=None, memory=memory)
        return out
    findings = evaluate(problem, timetable)
    hard = [f.line() for f in findings if f.breach]
    if hard:
        raise SystemExit(f"{method}: the timetable breaks hard rules:\n" + "\n".join(hard[:10]))
    cost = sum(f.cost for f in findings)
    if out.get("objective") is not None and out["objective"] != cost:
        raise SystemExit(f"{method}: objective {out['objective']} but check says {cost}")
    out.update(objective=cost, dropped=len(timetable.dropped), memory=memory)
    return out


def planner(problem, began: float, time_limit: float, workers: int):
    """What `planner solve` does by default (--backend auto), its first stage: for a
    centre, the greedy timetable, then HiGHS on the model (no tie-break stage follows)."""
    from schedule_planner.errors import Infeasible
    from schedule_planner.solver import solve

    loaded = time.perf_counter() - began
    try:
        result = solve(problem, time_limit=time_limit, workers=workers)
    except Infeasible as exc:
        if exc.status != "UNKNOWN":
            raise SystemExit(f"planner: {exc}") from None
        return None, {
            "build": time.perf_counter() - began,
            "first": None,
            "optimal": None,
            "objective": None,
            "bound": None,
        }
    searched = result.wall_time - result.built
    return result.timetable, {
        "build": loaded + result.built,
        "first": 0.0 if len(problem.chains) > 1 else searched,
        "optimal": searched if result.status == "OPTIMAL" else None,
        "objective": result.objective,
        "bound": result.bound,
    }


def cpsat(problem, began: float, time_limit: float, workers: int, hint: bool = False, hybrid: bool = False):
    from ortools.sat.python import cp_model

    from schedule_planner.encoding import Encoding
    from schedule_planner.solver import make_solver

    enc = Encoding(problem).build()
    if hybrid:
        intervals(enc)
    if hint:
        from schedule_planner.greedy import greedy

        enc.hint(greedy(problem, enc.priced()))
    built = time.perf_counter()
    first: list[float] = []

    class First(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self):
            if not first:
                first.append(time.perf_counter() - built)

    solver = make_solver(time_limit, 0, workers, False)
    status = solver.solve(enc.cp, First())
    took = time.perf_counter() - built
    if status == cp_model.UNKNOWN:  # none found in the time limit: a figure, not an error
        return None, {
            "build": built - began,
            "first": None,
            "optimal": None,
            "objective": None,
            "bound": round(solver.best_objective_bound),
        }
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise SystemExit(f"cp-sat: {solver.status_name(status)} after {took:.1f} s")
    return enc.decode(solver.boolean_value), {
        "build": built - began,
        "first": first[0] if first else took,
        "optimal": took if status == cp_model.OPTIMAL else None,
        "objective": round(solver.objective_value),
        "bound": round(solver.best_objective_bound),
    }


def intervals(enc) -> None:
    """The hybrid formulation: over the time-indexed model, redundant interval
    constraints, each session's stay in each room it may take as an optional interval
    (present when one of its options there is chosen) and one NoOverlap per room, which
    CP-SAT propagates and relaxes in its own ways."""
    by_room: dict[tuple, list] = {}
    for session in enc.problem.sessions:
        rooms: dict[tuple, list] = {}
        for p, lit in enc.live(session.id):
            rooms.setdefault((p.venue, p.room), []).append((p, lit))
        for room, options in rooms.items():
            first = min(p.start.toordinal() for p, _ in options)
            last = max(p.end.toordinal() + 1 for p, _ in options)
            present = enc.cp.new_bool_var(f"{session.id}@{room}")
            enc.cp.add(present == sum(lit for _, lit in options))
            start = enc.cp.new_int_var(first, last, "")
            end = enc.cp.new_int_var(first, last, "")
            enc.cp.add(start == first + sum((p.start.toordinal() - first) * lit for p, lit in options))
            enc.cp.add(end == first + sum((p.end.toordinal() + 1 - first) * lit for p, lit in options))
            size = enc.cp.new_int_var(0, last - first, "")
            by_room.setdefault(room, []).append(
                enc.cp.new_optional_interval_var(start, size, end, present, "")
            )
    for room_intervals in by_room.values():
        enc.cp.add_no_overlap(room_intervals)


def highs(problem, began: float, time_limit: float, workers: int):
    import highspy

    from schedule_planner.encoding import Encoding

    enc = Encoding(problem).build()
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("threads", workers)
    h.setOptionValue("mip_rel_gap", 0.0)
    to_highspy(enc.cp.proto, h)
    built = time.perf_counter()
    first: list[float] = []

    def improving(*_):
        if not first:
            first.append(time.perf_counter() - built)

    h.cbMipImprovingSolution.subscribe(improving)
    h.run()
    took = time.perf_counter() - built
    status = h.getModelStatus()
    values = list(h.getSolution().col_value)
    if h.getInfo().primal_solution_status != 2:  # kSolutionStatusFeasible
        if status != highspy.HighsModelStatus.kTimeLimit:
            raise SystemExit(f"highs: no feasible solution ({h.modelStatusToString(status)}) in {took:.1f} s")
        bound = h.getInfo().mip_dual_bound
        return None, {
            "build": built - began,
            "first": None,
            "optimal": None,
            "objective": None,
            "bound": round(bound) if abs(bound) < highspy.kHighsInf else None,
        }
    chosen = {lit.Index() for opts in enc.options.values() for _, lit in opts if values[lit.Index()] > 0.5}
    from schedule_planner.domain.timetable import Timetable

    timetable = Timetable(
        {s.id: p for s in problem.sessions for p, lit in enc.options[s.id] if lit.Index() in chosen},
        dropped=frozenset(s for s, lit in enc.dropped.items() if values[lit.Index()] > 0.5),
    )
    info = h.getInfo()
    optimal = status == highspy.HighsModelStatus.kOptimal
    return timetable, {
        "build": built - began,
        "first": first[0] if first else took,
        "optimal": took if optimal else None,
        "objective": round(info.objective_function_value),
        "bound": round(info.mip_dual_bound),
    }


def to_highspy(proto, h) -> None:
    """planner's own translation of the CP-SAT model (`schedule_planner.mip.translate`,
    what --backend highs solves) handed to highspy's HiGHS."""
    import numpy as np

    from schedule_planner.mip import translate

    mip = translate(proto)
    n = len(mip.lower)
    h.addCols(n, np.array(mip.cost), np.array(mip.lower), np.array(mip.upper), 0, [], [], [])
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.ones(n, dtype=np.uint8))
    h.addRows(
        len(mip.rows_lo),
        np.array(mip.rows_lo),
        np.array(mip.rows_hi),
        len(mip.index),
        np.array(mip.starts[:-1], dtype=np.int32),
        np.array(mip.index, dtype=np.int32),
        np.array(mip.value),
    )
    if mip.offset:
        h.changeObjectiveOffset(mip.offset)


if __name__ == "__main__":
    main()
