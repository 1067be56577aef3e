"""A whole conference centre, four ways, on the same instances in one run: planner as
`planner solve` runs by default, HiGHS alone, CP-SAT alone and greedy first-fit.

    pip install -e '.[bench]'          # highspy, for the highs method
    python bench/centre.py [--sizes 50,100,200,400,800,1600,3200] [--time-limit 60]
                           [--methods greedy,cp-sat,highs,planner] [--easy 0.5] [--tight 0.9]
                           [--years 4] [--seed 1] [--workers 2] [--repeat 1] [--json FILE]

Methods (each run in a process of its own, so that its peak memory is its own):
  greedy   first-fit in priority order (schedule_planner/greedy.py)
  cp-sat   CP-SAT alone on planner's time-indexed model (`Encoding(problem).build()`)
  highs    HiGHS alone (highspy) on planner's own translation of that model into a MIP
           (`schedule_planner.mip.translate`), so that both solve the same model
  planner  `schedule_planner.solver.solve`, what `planner solve` does by default

Instances: for each size, `planner generate --meetings SIZE --years 4 --seed 1` twice,
at two loads. The two files hold the same bodies and sessions (the generator draws them
before it sizes the centre); the load only sizes the centre: its further rooms, its
interpretation teams and its translators' pages a week.
  easy   --load 0.5: the sessions take about half of the centre's rooms, and the
         translators have twice what the mean week needs.
  tight  --load 0.9: nearly full. From 400 meetings it has fewer further rooms than the
         0.7 of the earlier measurements (400: none against 1, and 2 at 0.5; 800: 3
         against 5 and 8; 1,600: 9 against 13 and 19), at which greedy already left 19,
         35 and 93 meetings out (docs/guide/performance.md); above 1 the centre would be
         overloaded, and which meetings to leave out would be most of the question.
Up to 200 meetings the two differ little: the VIC's own rooms are more than the
sessions need at any load (no further room is generated; greedy leaves nothing out at
200 meetings even at 1.2), and only the translators' pages are tighter (200 meetings:
346 a week against 623), which raises greedy's cost at 100 meetings (306 against 236)
but not at 200 (768 both). These figures are `planner generate`'s and greedy's alone:
the loads were chosen without running the solvers above 200 meetings.

Columns (times in seconds, wall clock, memory in MB):
  build      reading the model and building what the method searches, apart from the
             search: for planner its whole build (`Result.built`: the CP-SAT model, the
             greedy start, the MIP); for highs the translation handed to highspy; for
             greedy, all it does
  first      search time to the first timetable (planner: to the first `progress` call,
             0 when its greedy start is there as the build ends)
  optimal    search time to the proven optimum, "-" when the time limit stopped it first
             (planner: until `solve` returns OPTIMAL, its tie-break stage included)
  total      build and search, all the method took: what the planner / highs ratio
             compares
  objective  the cost `planner check` gives the timetable ("none found": none within the
             time limit); every timetable is checked by the rules' check
             (`constraints.evaluate`): a hard rule broken, or an objective of the method's
             own that is not check's cost, stops the bench
  bound      the best bound proven at the end, and gap = (objective - bound) / objective
  memory     the peak of the method's process and its children together (planner forks
             one for HiGHS, which shares the parent's pages until it writes them): the
             process's own peak resident set, or, if more, the peak proportional set size
             (shared pages counted once) of the process tree, sampled while a child runs
             (reading it walks the pages: at most every 0.2 s and 5% of a core)
  left out  meetings the timetable leaves out (each costs 100,000 x its body's priority)
  planner / highs   on planner's row: planner's total over HiGHS alone's, same instance,
             same run (below 1: planner faster; both at their limit when neither proves
             the optimum)
  beats greedy      on planner's row: "yes" when planner's timetable costs strictly less
             than greedy's; "greedy optimal" when a bound proven in the run shows greedy's
             cost to be the optimum (nothing can beat it); "NO" when another method found
             a timetable cheaper than greedy's and planner did not; "no, unproven" when
             no method found one, nor proved that none exists

The time limit (`--time-limit`, default 60 s; 120 s from 1,600 meetings unless given) is
each method's search. A method that fails, or whose search runs past its limit by more
than half of it and 10 s, stops the bench with its error and a non-zero exit: a failing
method is no figure. A size `planner generate` refuses (more values than one file holds)
is a row saying so. `--repeat N` runs each method N times, interleaved with the others so
that a shared machine's drift falls on all alike, and shows medians. `--json FILE` writes
every figure (after each instance, so that a run stopped half way keeps what it measured):
there `objective` is the method's own (greedy's: check's) and `check` the rules' cost,
and the bound and gap are given whether or not the search proved its optimum.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import math
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
METHODS = ("greedy", "cp-sat", "highs", "planner")
SIZES = "50,100,200,400,800,1600,3200"
LONG_FROM, LONG_LIMIT = 1600, 120.0  # the 1,600 meetings within 1% in 120 s
SLACK = (0.5, 10.0)  # past its limit by more than half of it and 10 s: a failure
SAMPLE, SHARE = 0.2, 0.05  # memory samples: at most every 0.2 s and 5% of a core
COLUMNS = (
    "meetings",
    "instance",
    "method",
    "build",
    "first",
    "optimal",
    "total",
    "objective",
    "bound",
    "gap",
    "memory",
    "left out",
    "planner / highs",
    "beats greedy",
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=SIZES, help=f"meetings, comma-separated (default {SIZES})")
    ap.add_argument(
        "--time-limit",
        type=float,
        help=f"seconds of search per run (default 60; {LONG_LIMIT:g} from {LONG_FROM:,} meetings)",
    )
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--easy", type=float, default=0.5, help="the easy instance's --load")
    ap.add_argument("--tight", type=float, default=0.9, help="the tight instance's --load")
    ap.add_argument("--years", type=int, default=4)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=1, help="runs of each method, interleaved; medians shown")
    ap.add_argument("--json", metavar="FILE", help="write every figure to FILE too")
    ap.add_argument("--one", help=argparse.SUPPRESS)  # METHOD: run one, print JSON
    ap.add_argument("--model", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_method(args.one, args.model, args.time_limit, args.workers)))
        return
    methods = args.methods.split(",")
    unknown = set(methods) - set(METHODS)
    if unknown:
        ap.error(f"unknown methods {', '.join(sorted(unknown))}; choose among {', '.join(METHODS)}")
    sizes = [int(s) for s in args.sizes.split(",")]
    instances = (("easy", args.easy), ("tight", args.tight))
    report: dict = {"settings": settings(args, methods), "rows": [], "instances": []}
    limits = (
        f"{args.time_limit:g} s"
        if args.time_limit is not None
        else f"60 s ({LONG_LIMIT:g} s from {LONG_FROM:,} meetings)"
    )
    print(
        f"# {args.years} years, seed {args.seed}, loads easy {args.easy:g} and tight {args.tight:g}, "
        f"time limit {limits}, {args.workers} workers; "
        + (f"medians of {args.repeat} interleaved runs; " if args.repeat > 1 else "one run; ")
        + "times in seconds, memory in MB"
    )
    print("| " + " | ".join(COLUMNS) + " |")
    print(
        "|"
        + "|".join("---" if c in ("instance", "method", "beats greedy") else "---:" for c in COLUMNS)
        + "|"
    )
    from schedule_planner.errors import InputError
    from schedule_planner.generate import centre_yaml

    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            limit = args.time_limit if args.time_limit is not None else time_limit_for(size)
            for name, load in instances:
                label = f"{name} {load:g}"
                try:
                    text = centre_yaml(size, args.years, args.seed, load)
                except InputError as exc:  # too large for one file: a figure, not a crash
                    print(row([size, label, "-", f"refused by `planner generate`: {exc}"]), flush=True)
                    report["instances"].append(
                        {"meetings": size, "instance": name, "load": load, "refused": str(exc)}
                    )
                    dump(args.json, report)
                    continue
                model = Path(tmp) / f"centre-{size}-{name}.yaml"
                model.write_text(text, encoding="utf-8")
                runs: dict[str, list[dict]] = {m: [] for m in methods}
                for _ in range(args.repeat):  # interleaved: drift on a shared machine
                    for method in methods:  # falls on every method alike
                        runs[method].append(child(method, model, limit, args.workers))
                figures = {m: medians(runs[m]) for m in methods}
                summary = compare(figures)
                for method in methods:
                    f = figures[method]
                    report["rows"].append(
                        {
                            "meetings": size,
                            "instance": name,
                            "load": load,
                            "time_limit": limit,
                            "method": method,
                        }
                        | f
                        | ({"runs": runs[method]} if args.repeat > 1 else {})
                    )
                    print(row(cells(size, label, method, f, summary)), flush=True)
                report["instances"].append(
                    {"meetings": size, "instance": name, "load": load, "time_limit": limit} | summary
                )
                dump(args.json, report)


def time_limit_for(size: int) -> float:
    return LONG_LIMIT if size >= LONG_FROM else 60.0


def settings(args, methods: list[str]) -> dict:
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "sizes": args.sizes,
        "methods": methods,
        "easy": args.easy,
        "tight": args.tight,
        "years": args.years,
        "seed": args.seed,
        "workers": args.workers,
        "repeat": args.repeat,
        "time_limit": args.time_limit,
        "commit": commit or None,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }


def dump(path: str | None, report: dict) -> None:
    if path:
        Path(path).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


def row(values: list) -> str:
    values = values + ["-"] * (len(COLUMNS) - len(values))
    return "| " + " | ".join(str(v) for v in values) + " |"


def cells(size: int, label: str, method: str, f: dict, summary: dict) -> list:
    found = f["objective"] is not None
    ratio = summary["planner_over_highs"]
    beats = "-"
    if summary["beats_greedy"] is not None:
        beats = (
            "yes"
            if summary["beats_greedy"]
            else "greedy optimal"
            if summary["greedy_optimal"]
            else "NO"
            if summary["greedy_beaten"]
            else "no, unproven"
        )
    last = method == "planner"
    return [
        size,
        label,
        method,
        _t(f["build"]),
        _t(f["first"]),
        _t(f["optimal"]),
        _t(f["total"]),
        _n(f["objective"]) if found else "none found",
        _n(f["bound"]),
        "-" if f["gap"] is None else f"{f['gap']:,.2f}%",
        f"{f['memory']:.0f}",
        _n(f["dropped"]),
        f"{ratio:.2f}" if last and ratio is not None else "-",
        beats if last else "-",
    ]


def _t(v) -> str:
    return "-" if v is None else f"{v:.2f}"


def _n(v) -> str:
    return "-" if v is None else f"{v:,}"


def medians(runs: list[dict]) -> dict:
    """Each figure's median over the runs that have it (None unless most have it): a
    search that finds nothing in one run and something in another shows what most found."""
    out = {}
    for key in runs[0]:
        values = [r[key] for r in runs if r[key] is not None]
        if values and not isinstance(values[0], int | float):
            out[key] = values[0] if len(values) * 2 > len(runs) else None  # status
        else:
            out[key] = statistics.median_low(sorted(values)) if len(values) * 2 > len(runs) else None
    return out


def compare(figures: dict[str, dict]) -> dict:
    """Per instance: planner's total time over HiGHS alone's, and whether planner beats
    greedy (greedy optimal: some bound proven in the run reaches its cost; greedy beaten:
    some method found a cheaper timetable)."""
    planner, highs, greedy = (figures.get(m) for m in ("planner", "highs", "greedy"))
    ratio = None
    if planner is not None and highs is not None and highs["total"]:
        ratio = planner["total"] / highs["total"]
    bounds = [f["bound"] for f in figures.values() if f["bound"] is not None]
    costs = [f["objective"] for f in figures.values() if f["objective"] is not None]
    greedy_cost = None if greedy is None else greedy["objective"]
    beats = None
    if greedy_cost is not None and planner is not None:
        beats = planner["objective"] is not None and planner["objective"] < greedy_cost
    return {
        "planner_over_highs": ratio,
        "beats_greedy": beats,
        "greedy_optimal": greedy_cost is not None and bool(bounds) and max(bounds) >= greedy_cost,
        "greedy_beaten": greedy_cost is not None and min(costs) < greedy_cost,
    }


def child(method: str, model: Path, time_limit: float, workers: int) -> dict:
    """One method on one instance in a process of its own (its own session, so that its
    process tree is known and ended with it), its memory sampled as it runs; a failure,
    or planner's search far past its limit, ends the bench (a peer's overrun, HiGHS's
    presolve heeding no time limit, is told on standard error and its figures kept)."""
    command = [sys.executable, __file__, "--one", method, "--model", str(model)]
    command += ["--time-limit", str(time_limit), "--workers", str(workers)]
    hard = 3 * time_limit + 3600  # a hang: building alone never takes an hour here
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(command, stdout=out, stderr=err, text=True, start_new_session=True)
        peak, began = 0, time.monotonic()
        try:
            while proc.poll() is None:
                members = session(proc.pid)
                pause = SAMPLE
                if len(members) > 1:  # alone, its own peak resident set is exact (rusage)
                    read = time.perf_counter()
                    peak = max(peak, sum(pss(m) for m in members))
                    pause = max(SAMPLE, (time.perf_counter() - read) / SHARE)
                if time.monotonic() - began > hard:
                    raise TimeoutError
                time.sleep(pause)
        except BaseException as exc:  # a hang, or Ctrl-C: end the method's processes too
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            if isinstance(exc, TimeoutError):
                sys.exit(f"bench/centre.py: {method} on {model.name} still ran after {hard:.0f} s; stopped")
            raise
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        killed = " (killed: out of memory?)" if proc.returncode == -signal.SIGKILL else ""
        sys.exit(
            f"bench/centre.py: {method} on {model.name} failed (exit {proc.returncode}){killed}:\n"
            f"{stderr}{stdout}"
        )
    r = json.loads(stdout.strip().splitlines()[-1])
    search = r["total"] - r["build"]
    if search > time_limit * (1 + SLACK[0]) + SLACK[1]:
        said = (
            f"{method} on {model.name} searched {search:.1f} s, far past its time limit of {time_limit:g} s"
        )
        if method in ("planner", "greedy"):
            sys.exit(f"bench/centre.py: {said}")
        print(f"bench/centre.py: note: {said}; its figures are kept", file=sys.stderr)
    # MB: the tree's sampled peak (0: no child ran, or no /proc), the process's own peak
    # resident set, its largest child's; the column is the most of the three
    r["memory_tree"], r["memory_self"], r["memory_children"] = (
        peak / 1024,
        r.pop("rss_self") / 1024,
        r.pop("rss_children") / 1024,
    )
    r["memory"] = max(r["memory_tree"], r["memory_self"], r["memory_children"])
    r["gap"] = gap(r["objective"], r["bound"])
    return r


def session(pid: int) -> list[int]:
    """The processes of `pid`'s session: the method's process and the children it forked
    (none where there is no /proc)."""
    members = []
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return []
    for entry in entries:
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue  # ended meanwhile
        if int(stat[stat.rindex(")") + 2 :].split()[3]) == pid:
            members.append(int(entry))
    return members


def pss(pid: int) -> int:
    """A process's proportional set size in kB (0 if it ended meanwhile)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return next((int(line.split()[1]) for line in f if line.startswith("Pss:")), 0)
    except (OSError, ValueError):
        return 0


def gap(objective: int | None, bound: int | None) -> float | None:
    """(objective - bound) / objective, as a percentage; 0 when both are 0."""
    if objective is None or bound is None:
        return None
    if objective == 0:
        return 0.0 if bound >= 0 else None
    return 100.0 * (objective - bound) / objective


def run_method(method: str, model: str, time_limit: float, workers: int) -> dict:
    """One method, in this process: its figures, its timetable checked by the rules'
    check (a hard rule broken or an objective not check's cost: SystemExit)."""
    from constraints import evaluate
    from schedule_planner.app import load
    from schedule_planner.loading import ModelSource

    libraries = ["schedule_planner.solver", "schedule_planner.encoding", "schedule_planner.greedy"]
    for library in libraries + (["highspy"] if method == "highs" else []):
        importlib.import_module(library)  # before the clock: importing is no method's figure
    began = time.perf_counter()
    problem = load(ModelSource(model), {})
    loaded = time.perf_counter() - began
    if method == "greedy":
        from schedule_planner.greedy import greedy

        timetable = greedy(problem)
        took = time.perf_counter() - began
        out = {"status": "FEASIBLE", "build": took, "first": 0.0, "optimal": None, "bound": None}
        out["objective"] = None  # none of its own: check's cost is its objective
    elif method == "cp-sat":
        timetable, out = cpsat(problem, began, time_limit, workers)
    elif method == "highs":
        timetable, out = highs(problem, began, time_limit, workers)
    elif method == "planner":
        timetable, out = planner(problem, loaded, time_limit, workers)
    else:
        raise SystemExit(f"unknown method {method}")
    out["total"] = time.perf_counter() - began
    out["rss_self"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out["rss_children"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if timetable is None:  # none found within the time limit: a figure, not an error
        out.update(objective=None, check=None, dropped=None)
        return out
    findings = evaluate(problem, timetable)
    hard = [f.line() for f in findings if f.breach]
    if hard:
        raise SystemExit(f"{method}: the timetable breaks hard rules:\n" + "\n".join(hard[:10]))
    cost = sum(f.cost for f in findings)
    if out["objective"] is not None and out["objective"] != cost:
        raise SystemExit(f"{method}: objective {out['objective']} but check says {cost}")
    if out["objective"] is None:  # greedy's: none of its own
        out["objective"] = cost
    out.update(check=cost, dropped=len(timetable.dropped))
    return out


def ceil_bound(bound: float) -> int:
    """A solver's bound on an integer objective, as an integer it proves."""
    return math.ceil(bound - 1e-6)


def planner(problem, loaded: float, time_limit: float, workers: int):
    """`planner solve`'s default: `schedule_planner.solver.solve`, its first timetable
    timed by `progress`."""
    from schedule_planner.errors import Infeasible
    from schedule_planner.solver import solve

    told: list[float] = []

    def progress(objective, bound) -> None:
        if not told:
            told.append(time.perf_counter())

    began = time.perf_counter()
    try:
        result = solve(problem, time_limit=time_limit, workers=workers, progress=progress)
    except Infeasible as exc:
        if exc.status != "UNKNOWN":
            raise SystemExit(f"planner: {exc}") from None
        return None, {"status": "NONE", "build": loaded, "first": None, "optimal": None, "bound": None}
    searched = result.wall_time - result.built
    first = searched if not told else max(0.0, told[0] - began - result.built)
    return result.timetable, {
        "status": result.status,
        "build": loaded + result.built,
        "first": first,
        "optimal": searched if result.status == "OPTIMAL" else None,
        "objective": result.objective,
        "bound": result.bound,
    }


def cpsat(problem, began: float, time_limit: float, workers: int):
    """CP-SAT alone on planner's model: no greedy start, no HiGHS, no tie-break."""
    from ortools.sat.python import cp_model

    from schedule_planner.encoding import Encoding
    from schedule_planner.solver import make_solver

    enc = Encoding(problem).build()
    built = time.perf_counter()
    first: list[float] = []

    class First(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self):
            if not first:
                first.append(time.perf_counter() - built)

    solver = make_solver(time_limit, 0, workers, False)
    status = solver.solve(enc.cp, First())
    took = time.perf_counter() - built
    bound = ceil_bound(solver.best_objective_bound)
    out = {"build": built - began, "first": first[0] if first else None, "bound": bound}
    if status == cp_model.UNKNOWN:
        return None, out | {"status": "NONE", "optimal": None}
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise SystemExit(f"cp-sat: {solver.status_name(status)} after {took:.1f} s")
    optimal = status == cp_model.OPTIMAL
    return enc.decode(solver.boolean_value), out | {
        "status": solver.status_name(status),
        "first": first[0] if first else took,
        "optimal": took if optimal else None,
        "objective": round(solver.objective_value),
    }


def highs(problem, began: float, time_limit: float, workers: int):
    """HiGHS alone (highspy) on planner's translation of the model, with its threads."""
    import highspy

    from schedule_planner.domain.timetable import Timetable
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
    info = h.getInfo()
    bound = info.mip_dual_bound
    out = {"build": built - began, "bound": ceil_bound(bound) if abs(bound) < highspy.kHighsInf else None}
    if info.primal_solution_status != 2:  # kSolutionStatusFeasible
        if status != highspy.HighsModelStatus.kTimeLimit:
            raise SystemExit(f"highs: no feasible solution ({h.modelStatusToString(status)}) in {took:.1f} s")
        return None, out | {"status": "NONE", "first": None, "optimal": None}
    values = h.getSolution().col_value
    chosen = {lit.Index() for opts in enc.options.values() for _, lit in opts if values[lit.Index()] > 0.5}
    timetable = Timetable(
        {s.id: p for s in problem.sessions for p, lit in enc.options[s.id] if lit.Index() in chosen},
        dropped=frozenset(s for s, lit in enc.dropped.items() if values[lit.Index()] > 0.5),
    )
    optimal = status == highspy.HighsModelStatus.kOptimal
    return timetable, out | {
        "status": "OPTIMAL" if optimal else "FEASIBLE",
        "first": first[0] if first else took,
        "optimal": took if optimal else None,
        "objective": round(info.objective_function_value),
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
