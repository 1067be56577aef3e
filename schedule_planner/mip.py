"""planner's model as a mixed-integer program for HiGHS: `--backend highs`, and what
`--backend auto` (the default) picks for several bodies sharing a centre.

Why: on a conference centre's time-indexed model HiGHS proves the optimum several times
faster than CP-SAT, whose bound stalls (bench/centre.py, docs/guide/performance.md). Both
solve the very same model: `translate` states the CP-SAT model's own constraints one for
one as MIP rows (a literal is x or 1 - x; a constraint enforced by literals holds by
big-M while they all hold; the encoding states none that always holds), so the rules
keep one encoding. The HiGHS is the one the OR-Tools wheel carries (MathOpt, its model
protos made from the arrays): no further dependency.

`prepare` reduces the MIP and splits it into parts no row links; `search` solves each
part (`_highs`: LP relaxation, then the MIP pruned by its reduced costs). HiGHS can
neither be stopped nor tell its timetables as it finds them, so each part's search runs
in a child process (`fork`): Ctrl-C or SIGTERM ends them at once (the parts done are
kept, the start stands for the others), answers come back through pipes, and what
HiGHS prints goes to /dev/null, never into planner's standard output.
"""

from __future__ import annotations

import math
import os
import pickle
import select
import signal
import time
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import numpy as np

from .errors import PlannerError

INF = math.inf
KINDS = ("bool_and", "bool_or", "exactly_one", "at_most_one", "linear")


class Untranslatable(Exception):
    """The CP-SAT model holds a constraint no MIP row states (CP-SAT keeps such a model)."""


@dataclass
class Mip:
    """Columns (bounds, costs; every one integer) and rows (bounds and a sparse matrix
    by rows: row i's terms are index/value[starts[i]:starts[i + 1]]), numpy arrays once
    `translate` has made them (a centre's model holds millions of terms: as Python lists
    of floats they took gigabytes)."""

    lower: Any
    upper: Any
    cost: Any
    offset: float = 0.0
    rows_lo: Any = field(default_factory=list)
    rows_hi: Any = field(default_factory=list)
    starts: Any = field(default_factory=list)
    index: Any = field(default_factory=list)
    value: Any = field(default_factory=list)
    # rows as they are added, in chunks of numpy arrays: (row lengths, terms' columns,
    # their coefficients, lower bounds, upper bounds)
    _chunks: list = field(default_factory=list, repr=False)

    def add(self, terms: dict[int, float], lo: float, hi: float) -> None:
        kept = [(v, c) for v, c in terms.items() if c]
        self.rows(
            np.array([len(kept)]),
            np.array([v for v, _ in kept], dtype=np.int64),
            np.array([c for _, c in kept], dtype=float),
            np.array([lo], dtype=float),
            np.array([hi], dtype=float),
        )

    def rows(self, lengths, index, value, lo, hi) -> None:
        """Rows in bulk: row i has lengths[i] terms, taken in order from index/value."""
        self._chunks.append((lengths, index, value, lo, hi))

    def linear(self, variables, coeffs, lo: float, hi: float, enforced=()) -> None:
        """lo <= sum coeffs * variables <= hi (while every literal of `enforced` holds):
        terms of one variable summed, those of coefficient 0 left out."""
        v = np.asarray(variables, dtype=np.int64)
        c = np.asarray(coeffs, dtype=float)
        if enforced or len(np.unique(v)) < len(v):
            terms: dict[int, float] = {}
            for var, coeff in zip(v.tolist(), c.tolist()):
                terms[var] = terms.get(var, 0.0) + coeff
            self.row(terms, lo, hi, enforced)
            return
        keep = c != 0
        self.rows(np.array([int(keep.sum())]), v[keep], c[keep], np.array([lo], float), np.array([hi], float))

    def row(self, terms: dict[int, float], lo: float, hi: float, enforced=()) -> None:
        """lo <= sum terms <= hi, while every literal in `enforced` holds (big-M: each side
        gets the slack that frees it once one literal fails)."""
        if not enforced:
            self.add(terms, lo, hi)
            return
        least = sum(c * (self.lower[v] if c > 0 else self.upper[v]) for v, c in terms.items())
        most = sum(c * (self.upper[v] if c > 0 else self.lower[v]) for v, c in terms.items())
        # lo side: terms + slack * sum(1 - e) >= lo; hi side: terms - slack * sum(1 - e) <= hi
        for sign, bound, slack in ((1.0, lo, lo - least), (-1.0, hi, most - hi)):
            if abs(bound) == INF or slack <= 0:
                continue
            t, const = dict(terms), 0.0
            for e in enforced:  # 1 - e = -c * x + (1 - k)
                v, c, k = _literal(e)
                t[v] = t.get(v, 0.0) - sign * slack * c
                const += sign * slack * (1 - k)
            if sign > 0:
                self.add(t, lo - const, INF)
            else:
                self.add(t, -INF, hi - const)

    def literals_row(self, literals, lo: float, hi: float, enforced=()) -> None:
        terms: dict[int, float] = {}
        const = 0.0
        for lit in literals:
            v, c, k = _literal(lit)
            terms[v] = terms.get(v, 0.0) + c
            const += k
        self.row(terms, lo - const, hi - const, enforced)

    def finish(self) -> Mip:
        """The rows added, as arrays."""
        parts: list = list(zip(*self._chunks)) or [[np.zeros(0)]] * 5  # no rows
        lengths, index, value, lo, hi = (np.concatenate(p) for p in parts)
        self.starts = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        self.index, self.value = index.astype(np.int64), value.astype(float)
        self.rows_lo, self.rows_hi = lo.astype(float), hi.astype(float)
        self._chunks = []
        return self


def _literal(lit: int) -> tuple[int, float, float]:
    """(variable, coefficient, constant) of a CP-SAT literal as a term."""
    return (lit, 1.0, 0.0) if lit >= 0 else (-lit - 1, -1.0, 1.0)


def _literals(lits):
    """_literal of each literal of an array: (variables, coefficients, constants)."""
    lits = np.asarray(lits, dtype=np.int64)
    negative = lits < 0
    return np.where(negative, -lits - 1, lits), np.where(negative, -1.0, 1.0), negative.astype(float)


def translate(proto) -> Mip:
    """The CP-SAT model (its proto) as a MIP; Untranslatable if it holds a constraint of
    another kind, or a linear one whose domain has holes. Rows come in the order of the
    constraints; a constraint that nothing enforces is stated with numpy, whole."""
    domains = [v.domain for v in proto.variables]  # (the proto's lists take no index -1)
    cost = np.zeros(len(domains))
    np.add.at(
        cost, np.asarray(proto.objective.vars, dtype=np.int64), np.asarray(proto.objective.coeffs, float)
    )
    mip = Mip(
        np.array([d[0] for d in domains], dtype=float),
        np.array([d[len(d) - 1] for d in domains], dtype=float),
        cost,
        float(proto.objective.offset),
    )
    for ct in proto.constraints:
        kind = next((k for k in KINDS if getattr(ct, f"has_{k}")()), None)
        enforced = list(ct.enforcement_literal)
        if kind == "bool_and" and not enforced:  # each literal true: a row of one term each
            v, c, k = _literals(ct.bool_and.literals)
            mip.rows(np.ones(len(v), dtype=np.int64), v, c, 1 - k, 1 - k)
        elif kind == "bool_and":
            for lit in ct.bool_and.literals:
                mip.literals_row([lit], 1, 1, enforced)
        elif kind in ("bool_or", "exactly_one", "at_most_one"):
            lo, hi = {"bool_or": (1, INF), "exactly_one": (1, 1), "at_most_one": (-INF, 1)}[kind]
            lits = getattr(ct, kind).literals
            if enforced:
                mip.literals_row(list(lits), lo, hi, enforced)
            else:
                v, c, k = _literals(lits)
                mip.linear(v, c, lo - k.sum(), hi - k.sum())
        elif kind == "linear":
            d = list(ct.linear.domain)
            if len(d) > 2:
                raise Untranslatable(f"a linear constraint with holes in its domain: {d}")
            mip.linear(
                ct.linear.vars,
                ct.linear.coeffs,
                -INF if d[0] <= -(2**62) else d[0],
                INF if d[-1] >= 2**62 else d[-1],
                enforced,
            )
        else:
            raise Untranslatable(f"a CP-SAT constraint of another kind: {ct}")
    return mip.finish()


@dataclass
class Answer:
    """HiGHS's answer: status (OPTIMAL, FEASIBLE, INFEASIBLE or UNKNOWN), the variables at
    1 in its best solution (none without one), its objective and bound; `interrupted`:
    Ctrl-C stopped the search, the answer is what it had found by then."""

    status: str
    ones: frozenset[int] = frozenset()
    objective: float | None = None
    bound: float | None = None
    interrupted: bool = False


@dataclass
class Parts:
    """The MIP as HiGHS searches it (`prepare`): `mip` reduced to what the search needs to
    see, `columns` its columns' variables in the translated model, `ones` the variables
    taken out at 1, and `part` each column's independent part (rows join no two parts:
    each is searched alone, its optimum the whole one's share)."""

    mip: Mip
    columns: Any
    ones: frozenset[int]
    part: Any
    infeasible: bool = False  # a row no values of its columns can hold (its columns all fixed)

    def count(self) -> int:
        return int(self.part.max()) + 1 if len(self.part) else 0


# parts smaller than this many columns are searched together (a child process each costs)
SMALLEST_PART = 20_000


def prepare(mip: Mip) -> Parts:
    """`reduce` the MIP, then split it into independent parts: the connected components of
    its rows (measured: the generated centres' sessions fall into one part per year,
    their windows and every resource's days lying within a year), the small ones taken
    together in order."""
    reduced, columns, ones, infeasible = reduce(mip)
    component = components(reduced)
    sizes = np.bincount(component)
    part = np.empty(len(sizes), dtype=np.int64)
    n, filled = 0, 0
    for c in range(len(sizes)):  # numbered in order of their first column
        part[c] = n
        filled += sizes[c]
        if filled >= SMALLEST_PART:
            n, filled = n + 1, 0
    return Parts(reduced, columns, ones, part[component] if len(component) else component, infeasible)


def reduce(mip: Mip) -> tuple[Mip, Any, frozenset[int], bool]:
    """What the search needs to see: rows of one term made the column's bounds; columns
    whose bounds fix them (options a rule forbids) put into their rows' bounds; rows that
    hold whatever the columns' values, left out. Returns the reduced MIP, the variable of
    each of its columns, the variables taken out at 1, and whether a row holds for no
    values (a session none of whose options any rule allows: no timetable exists)."""
    lower, upper = mip.lower.copy(), mip.upper.copy()
    lengths = np.diff(mip.starts)
    row_of = np.repeat(np.arange(len(lengths)), lengths)
    single = np.flatnonzero(lengths == 1)
    for r, v, c in zip(
        single.tolist(), mip.index[mip.starts[single]].tolist(), mip.value[mip.starts[single]].tolist()
    ):
        lo, hi = sorted((mip.rows_lo[r] / c, mip.rows_hi[r] / c))
        # (the columns are integers: their bounds too)
        lower[v] = max(lower[v], math.ceil(lo - 1e-9) if math.isfinite(lo) else lo)
        upper[v] = min(upper[v], math.floor(hi + 1e-9) if math.isfinite(hi) else hi)
    fixed = lower == upper
    keep_row = lengths != 1
    # the fixed columns' part of each row moves into its bounds
    shift = np.bincount(
        row_of, weights=mip.value * np.where(fixed, lower, 0.0)[mip.index], minlength=len(lengths)
    )
    rows_lo, rows_hi = mip.rows_lo - shift, mip.rows_hi - shift
    term = ~fixed[mip.index] & keep_row[row_of]
    low = np.where(mip.value > 0, lower[mip.index], upper[mip.index]) * mip.value
    high = np.where(mip.value > 0, upper[mip.index], lower[mip.index]) * mip.value
    least = np.bincount(row_of[term], weights=low[term], minlength=len(lengths))
    most = np.bincount(row_of[term], weights=high[term], minlength=len(lengths))
    keep_row &= ~((least >= rows_lo - 1e-9) & (most <= rows_hi + 1e-9))
    infeasible = bool((keep_row & (np.bincount(row_of[term], minlength=len(lengths)) == 0)).any()) or bool(
        (lower > upper).any()
    )
    kept = ~fixed
    term = kept[mip.index] & keep_row[row_of]
    number = np.cumsum(kept) - 1
    rows = np.flatnonzero(keep_row)
    out = Mip(lower[kept], upper[kept], mip.cost[kept], mip.offset + float(mip.cost[fixed] @ lower[fixed]))
    out.rows(
        np.bincount(row_of[term], minlength=len(lengths))[rows],
        number[mip.index[term]],
        mip.value[term],
        rows_lo[rows],
        rows_hi[rows],
    )
    out.finish()
    ones = frozenset(np.flatnonzero(fixed & (lower == 1)).tolist())
    return out, np.flatnonzero(kept), ones, infeasible


def components(mip: Mip):
    """Each column's connected component (numbered from 0 in order of first column):
    columns in one row are connected. By propagating the least column number through
    the rows, with pointer jumping."""
    n = len(mip.lower)
    label = np.arange(n)
    if not len(mip.index):
        return label
    row_of = np.repeat(np.arange(len(mip.rows_lo)), np.diff(mip.starts))
    while True:
        least = np.full(len(mip.rows_lo), n)
        np.minimum.at(least, row_of, label[mip.index])
        new = label.copy()
        np.minimum.at(new, mip.index, least[row_of])
        new = new[new]
        while not np.array_equal(new, new[new]):
            new = new[new]
        if np.array_equal(new, label):
            break
        label = new
    return np.unique(label, return_inverse=True)[1]


def search(
    parts: Parts,
    time_limit: float,
    seed: int = 0,
    workers: int = 1,
    start: Mapping[int, float] | None = None,
    told=None,
) -> Answer:
    """Solve the MIP's parts with HiGHS (one thread each: deterministic), `workers` at
    once, each in a child process where `fork` exists, so that Ctrl-C ends them at once.
    `start` (the translated model's variables' values, perhaps not all) is each part's
    hint, and stands for a part that finds nothing in its time; `told(objective, bound)`
    hears the whole's objective as parts end. Each part starts with its share of what is
    left of the time limit, by its size; one left unproven is the whole's too."""
    if parts.infeasible:
        return Answer("INFEASIBLE")
    count = parts.count()
    sizes = np.bincount(parts.part, minlength=count) if count else np.zeros(0, dtype=np.int64)
    order = sorted(range(count), key=lambda p: -sizes[p])
    hint = None
    if start is not None:
        hint = np.array([start.get(int(v), math.nan) for v in parts.columns], dtype=float)
    fallback = {p: _start_part(parts, hint, p) for p in range(count)}
    deadline = time.monotonic() + time_limit
    left = [int(sizes.sum())]

    def make(p):  # each part's time: its share of what is left, by size
        share = min(1.0, max(1, workers) * sizes[p] / max(1, left[0]))
        left[0] -= int(sizes[p])
        budget = max(0.01, (deadline - time.monotonic()) * share)
        return lambda: _highs(parts, p, budget, seed, hint)

    answers: dict[int, tuple] = {}

    def heard(p, answer) -> None:
        answers[p] = answer
        if told is not None and all(answers.get(q, fallback[q]) is not None for q in range(count)):
            told(*_whole(parts, answers, fallback)[1:3])

    interrupted = _children(order, workers, make, heard)
    if any(a[0] == "INFEASIBLE" for a in answers.values()):
        return Answer("INFEASIBLE")
    status, objective, bound, ones = _whole(parts, answers, fallback)
    if status == "UNKNOWN" and interrupted:
        raise KeyboardInterrupt
    return Answer(status, ones, objective, bound, interrupted)


def _start_part(parts: Parts, hint, p: int):
    """The start's answer for part p, if it gives every column of the part a value within
    its bounds (the greedy start may leave out a session that must meet)."""
    if hint is None:
        return None
    mine = parts.part == p
    values = hint[mine]
    if not ((values >= parts.mip.lower[mine]) & (values <= parts.mip.upper[mine])).all():  # NaN too
        return None
    return ("FEASIBLE", np.flatnonzero(mine)[values > 0.5], float(parts.mip.cost[mine] @ values), None)


CHUNK = 1 << 20  # terms handed to a MathOpt proto at once


def _whole(parts: Parts, answers: dict, fallback: dict):
    """The parts' answers (or the start's, for a part that found nothing) as one:
    (status, objective, bound, the variables at 1)."""
    statuses, objective, ones = [], parts.mip.offset, set(parts.ones)
    bound: float | None = parts.mip.offset
    for p in range(parts.count()):
        answer = answers.get(p)
        got = answer if answer is not None and answer[0] != "UNKNOWN" else fallback[p]
        if got is None:
            return "UNKNOWN", None, None, frozenset()
        statuses.append(got[0])  # the start's is FEASIBLE
        bound = None if bound is None or answer is None or answer[3] is None else bound + answer[3]
        objective += got[2]
        ones.update(parts.columns[got[1]].tolist())
    status = "OPTIMAL" if all(s == "OPTIMAL" for s in statuses) else "FEASIBLE"
    return status, objective, bound, frozenset(ones)


def _highs(parts: Parts, p: int, time_limit: float, seed: int, hint) -> tuple:
    """Part p's optimum, as (status, its columns at 1, objective, bound), by the OR-Tools
    wheel's HiGHS in three steps, each column's reduced cost in the LP relaxation (d)
    pruning what the next searches:
    1. the LP relaxation: its optimum L bounds the part's, and a column of reduced cost d
       is in no solution cheaper than L + d;
    2. the MIP on the columns of d = 0 (and the hint's): a timetable U quickly, as the
       LP's optimum is nearly integral (measured: a year of the generated 800-meeting
       centre, 7,600 of 198,000 columns, within 0.02% of L in 2.4 s);
    3. the MIP on the columns of L + d < U, the only ones in a cheaper solution (costs are
       whole numbers): its optimum, if cheaper than U, is the part's; proven, it proves
       U otherwise.
    Measured on that centre's year: 32 s for HiGHS on the whole part, 5-14 s so. A part
    smaller than PRUNE_FROM columns is searched whole."""
    from ortools.math_opt import result_pb2

    began = time.monotonic()
    proto, mine = _part_model(parts, p)
    n = len(mine)
    given = None if hint is None else hint[mine]
    if n < PRUNE_FROM:
        return _answer(_solve(proto, time_limit, seed, given), parts, mine)
    relaxed = _solve(proto, time_limit, seed, None, integer=False)
    reduced = None
    if relaxed.termination.reason == result_pb2.TERMINATION_REASON_OPTIMAL:
        duals = [s.dual_solution for s in relaxed.solutions if s.HasField("dual_solution")]
        if duals:
            reduced = np.zeros(n)
            costs = duals[0].reduced_costs
            reduced[np.asarray(costs.ids, dtype=np.int64)] = np.asarray(costs.values, dtype=float)
    if reduced is None:  # no LP optimum: the MIP whole
        return _answer(_solve(proto, time_limit, seed, given), parts, mine)
    least = relaxed.termination.objective_bounds.dual_bound
    slack = 1e-6 * (1 + abs(least))  # the LP's floating-point tolerance, and then some
    known = np.zeros(n, dtype=bool) if given is None else np.nan_to_num(given) > 0.5
    first = _answer(
        _solve(_only(proto, (reduced <= slack) | known), _left(began, time_limit), seed, given), parts, mine
    )
    if first[0] in ("INFEASIBLE", "UNKNOWN"):  # none among the cheapest: the MIP whole
        return _answer(_solve(proto, _left(began, time_limit), seed, given), parts, mine)
    best = first[2]
    if best - 1 - least < -slack:  # none cheaper can exist
        return ("OPTIMAL", first[1], best, best)
    x = np.zeros(n)
    x[np.searchsorted(mine, first[1])] = 1
    keep = (reduced <= best - 1 - least + slack) | (x > 0.5)
    second = _answer(_solve(_only(proto, keep), _left(began, time_limit), seed, x), parts, mine)
    if second[0] == "UNKNOWN" or (second[0] == "FEASIBLE" and second[2] >= best):
        bound = least if second[3] is None else min(max(least, second[3]), best)
        return ("FEASIBLE", first[1], best, bound)
    if second[0] == "OPTIMAL":
        return second
    return ("FEASIBLE", second[1], second[2], max(least, min(second[3] or least, best)))


# a part of fewer columns is searched whole: the three searches cost more than they save
# (bench/centre.py: the 50-meeting centres, 5,000 columns, 1.08 times HiGHS's time pruned)
PRUNE_FROM = 10_000


def _left(began: float, time_limit: float) -> float:
    return max(0.01, time_limit - (time.monotonic() - began))


def _part_model(parts: Parts, p: int):
    """Part p as a MathOpt model proto made from the arrays, and its columns."""
    from ortools.math_opt import model_pb2

    mip = parts.mip
    mine = np.flatnonzero(parts.part == p)
    number = np.full(len(mip.lower), -1)
    number[mine] = np.arange(len(mine))
    row_of = np.repeat(np.arange(len(mip.rows_lo)), np.diff(mip.starts))
    term = number[mip.index] >= 0
    rows = np.unique(row_of[term])
    row_number = np.full(len(mip.rows_lo), -1)
    row_number[rows] = np.arange(len(rows))
    proto = model_pb2.ModelProto()
    proto.variables.ids.extend(range(len(mine)))
    proto.variables.lower_bounds.extend(mip.lower[mine].tolist())
    proto.variables.upper_bounds.extend(mip.upper[mine].tolist())
    proto.variables.integers.extend([True] * len(mine))
    costs = np.flatnonzero(mip.cost[mine])
    proto.objective.offset = 0.0
    proto.objective.linear_coefficients.ids.extend(costs.tolist())
    proto.objective.linear_coefficients.values.extend(mip.cost[mine][costs].tolist())
    proto.linear_constraints.ids.extend(range(len(rows)))
    proto.linear_constraints.lower_bounds.extend(mip.rows_lo[rows].tolist())
    proto.linear_constraints.upper_bounds.extend(mip.rows_hi[rows].tolist())
    r, c, v = row_number[row_of[term]], number[mip.index[term]], mip.value[term]
    order = np.lexsort((c, r))  # row-major, each row's columns in order
    matrix = proto.linear_constraint_matrix
    for at in range(0, len(order), CHUNK):  # a chunk at a time: as Python lists, 36 bytes a term
        part = order[at : at + CHUNK]
        matrix.row_ids.extend(r[part].tolist())
        matrix.column_ids.extend(c[part].tolist())
        matrix.coefficients.extend(v[part].tolist())
    return proto, mine


def _only(proto, keep):
    """The model with every column but those to `keep` fixed at its lower bound."""
    out = type(proto)()
    out.CopyFrom(proto)
    lower = np.asarray(proto.variables.lower_bounds, dtype=float)
    upper = np.where(keep, np.asarray(proto.variables.upper_bounds, dtype=float), lower)
    del out.variables.upper_bounds[:]
    out.variables.upper_bounds.extend(upper.tolist())
    return out


def _solve(proto, time_limit: float, seed: int, hint, integer: bool = True):
    """HiGHS on the model proto (its LP relaxation unless `integer`), hinted at the
    values of `hint` that are known (not NaN)."""
    from ortools.math_opt import model_parameters_pb2, parameters_pb2
    from ortools.math_opt.core.python import solver
    from ortools.math_opt.python import mathopt

    if not integer:
        relaxed = type(proto)()
        relaxed.CopyFrom(proto)
        del relaxed.variables.integers[:]
        relaxed.variables.integers.extend([False] * len(proto.variables.ids))
        proto = relaxed
    model_params = model_parameters_pb2.ModelSolveParametersProto()
    if hint is not None:  # the values within their columns' bounds (HiGHS fails on others)
        lower = np.asarray(proto.variables.lower_bounds, dtype=float)
        upper = np.asarray(proto.variables.upper_bounds, dtype=float)
        given = np.flatnonzero(~np.isnan(hint) & (hint >= lower) & (hint <= upper))
    if hint is not None and len(given):
        suggested = model_params.solution_hints.add()
        suggested.variable_values.ids.extend(given.tolist())
        suggested.variable_values.values.extend(hint[given].tolist())
    params = mathopt.SolveParameters(
        time_limit=timedelta(seconds=max(0.01, time_limit)),
        relative_gap_tolerance=0.0,
        absolute_gap_tolerance=0.0,
        random_seed=seed,
    )
    return solver.solve(
        proto,
        parameters_pb2.SOLVER_TYPE_HIGHS,
        mathopt.StreamableSolverInitArguments().to_proto(),
        params.to_proto(),
        model_params,
        None,
        mathopt.CallbackRegistration().to_proto(),
        None,
        None,
    )


def _answer(result, parts: Parts, mine) -> tuple:
    """A part's MIP result as (status, its columns at 1, objective, bound)."""
    from ortools.math_opt import result_pb2

    reason = result.termination.reason
    if reason == result_pb2.TERMINATION_REASON_INFEASIBLE:
        return ("INFEASIBLE", None, None, None)
    bound = _finite(result.termination.objective_bounds.dual_bound)
    feasible = [
        s.primal_solution
        for s in result.solutions
        if s.HasField("primal_solution") and s.primal_solution.feasibility_status == 2  # FEASIBLE
    ]
    if not feasible:
        return ("UNKNOWN", None, None, bound)
    values = feasible[0].variable_values
    x = np.zeros(len(mine))
    x[np.asarray(values.ids, dtype=np.int64)] = np.round(np.asarray(values.values, dtype=float))
    return (
        "OPTIMAL" if reason == result_pb2.TERMINATION_REASON_OPTIMAL else "FEASIBLE",
        mine[x > 0.5],
        float(parts.mip.cost[mine] @ x),
        bound,
    )


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def _quiet() -> None:
    """In the child: HiGHS prints from C onto file descriptors 1 and 2, which are
    planner's standard output (the document) and error: both go to /dev/null."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)


def _in_child(run):
    """run() in a forked child process (`_children`); Ctrl-C kills it and is raised here."""
    got: list = []
    if _children([0], 1, lambda _: run, lambda _, value: got.append(value)):
        raise KeyboardInterrupt
    return got[0]


def _children(keys: list, at_once: int, make, heard) -> bool:
    """For each key, make(key)() in a forked child process, `at_once` at a time (each made
    in this process just before its child starts), telling heard(key, its result) as each
    ends, its result pickled back through a pipe. Ctrl-C (or SIGTERM, made an interrupt
    by the CLI) kills the children still running: then True, and what they would have
    told is not heard. Without `fork`, each runs here in turn."""
    if not hasattr(os, "fork"):
        for key in keys:
            heard(key, make(key)())
        return False
    waiting = list(keys)
    running: dict[int, tuple] = {}  # read end -> (key, pid, chunks)
    try:
        while waiting or running:
            while waiting and len(running) < max(1, at_once):
                key = waiting.pop(0)
                read, pid = _fork(make(key))
                running[read] = (key, pid, [])
            for read in select.select(list(running), [], [], 0.05)[0]:  # short waits: Ctrl-C between them
                key, pid, chunks = running[read]
                chunk = os.read(read, 1 << 20)
                if chunk:
                    chunks.append(chunk)
                    continue
                del running[read]
                os.close(read)
                os.waitpid(pid, 0)
                heard(key, _outcome(chunks))
    except KeyboardInterrupt:
        for read, (_, pid, _) in running.items():
            os.close(read)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        return True
    return False


def _fork(run) -> tuple[int, int]:
    """Start run() in a forked child; its pipe's read end and its pid."""
    read, write = os.pipe()
    with warnings.catch_warnings():
        # Python 3.12+ warns of fork in a process with threads (the progress line's): the
        # child only searches and writes to its pipe, taking no lock another thread holds
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: search, answer, end
        code = 0
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides
            signal.signal(signal.SIGTERM, signal.SIG_DFL)  # and kills it
            os.close(read)
            _quiet()
            try:
                answer = ("ok", run())
            except BaseException as exc:  # handed to the parent, which raises it
                answer = ("error", f"{type(exc).__name__}: {str(exc)[:300]}")
            data = pickle.dumps(answer)
            while data:
                data = data[os.write(write, data) :]
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    return read, pid


def _outcome(chunks: list[bytes]):
    if not chunks:
        raise PlannerError("internal error: the HiGHS search ended without an answer")
    outcome, value = pickle.loads(b"".join(chunks))
    if outcome == "error":
        raise PlannerError(f"internal error: the HiGHS search failed: {value}")
    return value
