"""A whole conference centre, three ways: planner's CP-SAT model (alone, and started
from the greedy timetable), greedy first-fit in priority order, and the same
time-indexed model as a MIP in HiGHS.

    pip install -e '.[bench]'          # highspy
    python bench/centre.py [--sizes 50,100,200,400,800,1600] [--years 4] [--seed 1]
                           [--load 0.7] [--time-limit 60] [--workers 2]

Methods: greedy, cp-sat (the model alone), cp-sat-hint (the model started from the
greedy timetable: what `planner solve` does for several bodies) and highs. For each
size, `planner generate` writes the instance (every session optional at its body's
priority); each method then runs in a process of its own, so that its peak memory
(resident set) is its own. Columns: model building apart from search (build: reading
the model and building the options, the rules' judgments and the solver's model; for
greedy, all it does), time to the first timetable found (first), time to the proven
optimum (optimal; "-" when the time limit stopped it first), objective and best bound
at the end ("none found": no timetable within the time limit), peak memory and the
sessions left out. The objective is the cost `planner check` gives the timetable: every
method's timetable is checked, and a hard rule broken, a cost that check does not
reproduce, or a method that errors stops the bench with its error (a failing method is
no figure).

CP-SAT here is the solve's first stage (the optimum of the cost); `planner solve` then
spends what is left of its time limit picking, among timetables of that cost, the
earliest (a tie-break no other method does), so it is not timed here. HiGHS solves the
CP-SAT model's own constraints, translated one for one (enforced constraints by big-M),
so both solve the same model.
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
METHODS = ("greedy", "cp-sat-hint", "cp-sat", "highs")
KINDS = ("bool_and", "bool_or", "exactly_one", "at_most_one", "linear", "lin_max", "interval")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="50,100,200,400,800,1600")
    ap.add_argument("--years", type=int, default=4)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--load", type=float, default=0.7, help="above 1: overloaded")
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs of each method on each instance, interleaved; the table shows "
                         "their medians")
    ap.add_argument("--one", help=argparse.SUPPRESS)        # METHOD: run one, print JSON
    ap.add_argument("--model", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_method(args.one, args.model, args.time_limit, args.workers)))
        return
    from schedule_planner.generate import centre_yaml

    print(f"# {args.years} years, seed {args.seed}, load {args.load:g}, time limit "
          f"{args.time_limit:g} s, {args.workers} workers; medians of {args.repeat} runs "
          "(interleaved); times in seconds, memory in MB")
    print("| meetings | method | build | first | optimal | objective | bound | memory | dropped |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in [int(s) for s in args.sizes.split(",")]:
            model = Path(tmp) / f"centre-{size}.yaml"
            model.write_text(centre_yaml(size, args.years, args.seed, args.load))
            methods = args.methods.split(",")
            runs = {m: [] for m in methods}
            for _ in range(args.repeat):         # interleaved: drift on a shared machine
                for method in methods:             # falls on every method alike
                    runs[method].append(child(method, model, args.time_limit, args.workers))
            for method in methods:
                r = medians(runs[method])
                print(f"| {size} | {method} | {r['build']:.2f} | {_t(r['first'])} | {_t(r['optimal'])} "
                      f"| {_b(r['objective']) if r['objective'] is not None else 'none found'} "
                      f"| {_b(r['bound'])} | {r['memory']:.0f} | {_b(r['dropped'])} |", flush=True)


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
    proc = subprocess.run([sys.executable, __file__, "--one", method, "--model", str(model),
                           "--time-limit", str(time_limit), "--workers", str(workers)],
                          capture_output=True, text=True)
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
    elif method in ("cp-sat", "cp-sat-hint"):
        timetable, out = cpsat(problem, began, time_limit, workers, hint=method == "cp-sat-hint")
    elif method == "highs":
        timetable, out = highs(problem, began, time_limit, workers)
    else:
        raise SystemExit(f"unknown method {method}")
    memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if timetable is None:        # none found within the time limit
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


def cpsat(problem, began: float, time_limit: float, workers: int, hint: bool = False):
    from ortools.sat.python import cp_model

    from schedule_planner.encoding import Encoding
    from schedule_planner.solver import make_solver

    enc = Encoding(problem).build()
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
    if status == cp_model.UNKNOWN:      # none found in the time limit: a figure, not an error
        return None, {"build": built - began, "first": None, "optimal": None, "objective": None,
                      "bound": int(round(solver.best_objective_bound))}
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise SystemExit(f"cp-sat: {solver.status_name(status)} after {took:.1f} s")
    return enc.decode(solver), {
        "build": built - began, "first": first[0] if first else took,
        "optimal": took if status == cp_model.OPTIMAL else None,
        "objective": int(round(solver.objective_value)), "bound": int(round(solver.best_objective_bound))}


def highs(problem, began: float, time_limit: float, workers: int):
    import highspy

    from schedule_planner.encoding import Encoding

    enc = Encoding(problem).build()
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("threads", workers)
    h.setOptionValue("mip_rel_gap", 0.0)
    to_mip(enc.cp.proto, h)
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
    if h.getInfo().primal_solution_status != 2:   # kSolutionStatusFeasible
        if status != highspy.HighsModelStatus.kTimeLimit:
            raise SystemExit(f"highs: no feasible solution ({h.modelStatusToString(status)}) in {took:.1f} s")
        bound = h.getInfo().mip_dual_bound
        return None, {"build": built - began, "first": None, "optimal": None, "objective": None,
                      "bound": int(round(bound)) if abs(bound) < highspy.kHighsInf else None}
    chosen = {lit.Index() for opts in enc.options.values() for _, lit in opts if values[lit.Index()] > 0.5}
    from schedule_planner.domain.timetable import Timetable

    timetable = Timetable(
        {s.id: p for s in problem.sessions for p, lit in enc.options[s.id] if lit.Index() in chosen},
        dropped=frozenset(s for s, lit in enc.dropped.items() if values[lit.Index()] > 0.5))
    info = h.getInfo()
    optimal = status == highspy.HighsModelStatus.kOptimal
    return timetable, {"build": built - began, "first": first[0] if first else took,
                       "optimal": took if optimal else None,
                       "objective": int(round(info.objective_function_value)),
                       "bound": int(round(info.mip_dual_bound))}


def to_mip(proto, h) -> None:
    """The CP-SAT model's constraints one for one as MIP rows: a literal is x or 1 - x,
    a constraint enforced by literals holds by big-M while they all hold."""
    import numpy as np

    inf = highspy_inf()
    n = len(proto.variables)
    domains = [list(v.domain) for v in proto.variables]
    lower = np.array([d[0] for d in domains], dtype=float)
    upper = np.array([d[-1] for d in domains], dtype=float)
    cost = np.zeros(n)
    for v, c in zip(proto.objective.vars, proto.objective.coeffs):
        cost[v] += c
    h.addCols(n, cost, lower, upper, 0, [], [], [])
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.ones(n, dtype=np.uint8))
    rows_lo, rows_hi, starts, index, value = [], [], [], [], []

    def lit(l: int) -> tuple[int, float, float]:
        """(variable, coefficient, constant) of a literal as a term."""
        return (l, 1.0, 0.0) if l >= 0 else (-l - 1, -1.0, 1.0)

    def row(terms: dict[int, float], lo: float, hi: float, enforced=()) -> None:
        """lo <= sum terms <= hi, while every literal in `enforced` holds."""
        least = sum(c * (lower[v] if c > 0 else upper[v]) for v, c in terms.items())
        most = sum(c * (upper[v] if c > 0 else lower[v]) for v, c in terms.items())
        if enforced:
            # lo side: terms + slack * sum(1 - e) >= lo; hi side: terms - slack * sum(1 - e) <= hi,
            # where slack frees the row entirely once one e fails; 1 - e = -c*x + (1 - k)
            for sign, bound, slack in ((1.0, lo, lo - least), (-1.0, hi, most - hi)):
                if abs(bound) == inf or slack <= 0:
                    continue
                t, const = dict(terms), 0.0
                for e in enforced:
                    v, c, k = lit(e)
                    t[v] = t.get(v, 0.0) - sign * slack * c
                    const += sign * slack * (1 - k)
                if sign > 0:
                    add(t, lo - const, inf)
                else:
                    add(t, -inf, hi - const)
            return
        add(terms, lo, hi)

    def add(terms, lo, hi):
        starts.append(len(index))
        for v, c in terms.items():
            if c:
                index.append(v)
                value.append(c)
        rows_lo.append(lo)
        rows_hi.append(hi)

    def lits_row(literals, lo, hi, enforced=()):
        terms, const = {}, 0.0
        for l in literals:
            v, c, k = lit(l)
            terms[v] = terms.get(v, 0.0) + c
            const += k
        row(terms, lo - const, hi - const, enforced)

    for ct in proto.constraints:
        kind = next((k for k in KINDS if getattr(ct, f"has_{k}")()), None)
        enforced = list(ct.enforcement_literal)
        if kind == "bool_and":
            for l in ct.bool_and.literals:
                lits_row([l], 1, 1, enforced)
        elif kind == "bool_or":
            lits_row(list(ct.bool_or.literals), 1, inf, enforced)
        elif kind == "exactly_one":
            lits_row(list(ct.exactly_one.literals), 1, 1, enforced)
        elif kind == "at_most_one":
            lits_row(list(ct.at_most_one.literals), -inf, 1, enforced)
        elif kind == "linear":
            d = list(ct.linear.domain)
            terms: dict[int, float] = {}
            for v, c in zip(ct.linear.vars, ct.linear.coeffs):
                terms[v] = terms.get(v, 0.0) + c
            lo = -inf if d[0] <= -(2**62) else d[0]
            hi = inf if d[-1] >= 2**62 else d[-1]
            if len(d) > 2:
                raise SystemExit(f"highs: a linear constraint with holes in its domain: {d}")
            row(terms, lo, hi, enforced)
        else:
            raise SystemExit(f"highs: no translation of CP-SAT constraint '{kind}'")
    starts_a = np.array(starts, dtype=np.int32)
    h.addRows(len(rows_lo), np.array(rows_lo), np.array(rows_hi), len(index), starts_a,
              np.array(index, dtype=np.int32), np.array(value))
    if proto.objective.offset:
        h.changeObjectiveOffset(proto.objective.offset)


def highspy_inf() -> float:
    import highspy

    return highspy.kHighsInf


if __name__ == "__main__":
    main()
