"""planner's model as a mixed-integer program for HiGHS: `--backend highs`, and what
`--backend auto` (the default) picks for several bodies sharing a centre.

Why: on a conference centre's time-indexed model HiGHS proves the optimum several times
faster than CP-SAT, whose bound stalls (bench/centre.py, docs/guide/performance.md). Both
solve the very same model: `translate` states the CP-SAT model's own constraints one for
one as MIP rows (a literal is x or 1 - x; a constraint enforced by literals holds by
big-M while they all hold), so the rules keep one encoding. The HiGHS is the one the
OR-Tools wheel carries (MathOpt): no further dependency.

HiGHS can neither be stopped nor tell its timetables as it finds them, so the search runs
in a child process (`fork`): Ctrl-C or SIGTERM ends it at once (the caller keeps the
timetable it started from, if any), its answer comes back through a pipe, and what HiGHS
prints goes to /dev/null, never into planner's standard output.
"""

from __future__ import annotations

import math
import os
import pickle
import select
import signal
import warnings
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
    1 in its best solution (none without one), its objective and bound."""

    status: str
    ones: frozenset[int] = frozenset()
    objective: float | None = None
    bound: float | None = None


def model(mip: Mip):
    """The MIP as a MathOpt model for the HiGHS of the OR-Tools wheel."""
    from ortools.math_opt import model_pb2
    from ortools.math_opt.python import mathopt

    proto = model_pb2.ModelProto()
    n = len(mip.lower)
    proto.variables.ids.extend(range(n))
    proto.variables.lower_bounds.extend(mip.lower.tolist())
    proto.variables.upper_bounds.extend(mip.upper.tolist())
    proto.variables.integers.extend([True] * n)
    proto.objective.offset = mip.offset
    costs = np.flatnonzero(mip.cost)
    proto.objective.linear_coefficients.ids.extend(costs.tolist())
    proto.objective.linear_coefficients.values.extend(mip.cost[costs].tolist())
    rows = len(mip.rows_lo)
    proto.linear_constraints.ids.extend(range(rows))
    proto.linear_constraints.lower_bounds.extend(mip.rows_lo.tolist())
    proto.linear_constraints.upper_bounds.extend(mip.rows_hi.tolist())
    # row-major, each row's columns in order
    row_ids = np.repeat(np.arange(rows, dtype=np.int64), np.diff(mip.starts))
    order = np.lexsort((mip.index, row_ids))
    matrix = proto.linear_constraint_matrix
    for at in range(0, len(order), CHUNK):  # a chunk at a time: as Python lists, 36 bytes a term
        part = order[at : at + CHUNK]
        matrix.row_ids.extend(row_ids[part].tolist())
        matrix.column_ids.extend(mip.index[part].tolist())
        matrix.coefficients.extend(mip.value[part].tolist())
    return mathopt.Model.from_model_proto(proto)


CHUNK = 1 << 20  # terms handed to the MathOpt proto at once


def search(built, time_limit: float, seed: int = 0) -> Answer:
    """Solve the MathOpt model (`model`) with HiGHS (one thread: deterministic), in a
    child process where `fork` exists so that Ctrl-C (KeyboardInterrupt here) ends it at
    once."""
    if not hasattr(os, "fork"):
        return _highs(built, time_limit, seed)
    return _in_child(lambda: _highs(built, time_limit, seed))


def _highs(built, time_limit: float, seed: int) -> Answer:
    from ortools.math_opt.python import mathopt

    params = mathopt.SolveParameters(
        time_limit=timedelta(seconds=max(0.01, time_limit)),
        relative_gap_tolerance=0.0,
        absolute_gap_tolerance=0.0,
        random_seed=seed,
    )
    result = mathopt.solve(built, mathopt.SolverType.HIGHS, params=params)
    reason = result.termination.reason
    if reason == mathopt.TerminationReason.INFEASIBLE:
        return Answer("INFEASIBLE")
    if not result.has_primal_feasible_solution():
        return Answer("UNKNOWN", bound=_finite(result.termination.objective_bounds.dual_bound))
    values = result.variable_values()
    return Answer(
        "OPTIMAL" if reason == mathopt.TerminationReason.OPTIMAL else "FEASIBLE",
        frozenset(v.id for v, x in values.items() if x > 0.5),
        result.objective_value(),
        _finite(result.termination.objective_bounds.dual_bound),
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


def _in_child(run) -> Answer:
    """run() in a forked child process, its result pickled back through a pipe; Ctrl-C
    in this process kills the child and is raised here."""
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
                answer = ("error", f"{type(exc).__name__}: {exc}")
            data = pickle.dumps(answer)
            while data:
                data = data[os.write(write, data) :]
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    chunks = []
    ended = False
    try:
        while True:
            if select.select([read], [], [], 0.05)[0]:  # short waits: Ctrl-C between them
                chunk = os.read(read, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        ended = True
    finally:  # Ctrl-C, SIGTERM (made an interrupt by the CLI), any error: the child ends too
        os.close(read)
        if not ended:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    if not chunks:
        raise PlannerError("internal error: the HiGHS search ended without an answer")
    outcome, value = pickle.loads(b"".join(chunks))
    if outcome == "error":
        raise PlannerError(f"internal error: the HiGHS search failed: {value}")
    return value
