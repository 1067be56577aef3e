"""Model building (issue 21): the MIP translation's rows stated in bulk, and
bench/build.py, which measures the build at a centre's sizes, run small for
correctness (never timed here)."""

from __future__ import annotations

import subprocess
import sys

from ortools.sat.python import cp_model

from conftest import ROOT
from schedule_planner import mip


def rows(m: mip.Mip) -> list[tuple[dict[int, float], float, float]]:
    return [
        (
            dict(zip(m.index[a:b].tolist(), m.value[a:b].tolist())),
            float(m.rows_lo[i]),
            float(m.rows_hi[i]),
        )
        for i, (a, b) in enumerate(zip(m.starts[:-1].tolist(), m.starts[1:].tolist()))
    ]


def test_each_kind_of_constraint_becomes_its_rows():
    """Unenforced constraints are stated in bulk (a literal x or 1 - x; a bool_and one
    row per literal), an enforced one by big-M, in the order of the constraints."""
    model = cp_model.CpModel()
    x, y, z = (model.new_bool_var(n) for n in "xyz")
    model.add_bool_and([x, y.Not()])  # x = 1; 1 - y = 1
    model.add_exactly_one([x, y.Not(), z])  # x - y + z = 0
    model.add_at_most_one([x, z])
    model.add_bool_or([y, z])
    model.add(2 * x + 3 * y <= 4)
    model.add(x + z <= 1).only_enforce_if(y)  # x + z <= 1 + (1 - y): x + z + y <= 2
    assert rows(mip.translate(model.model_proto)) == [
        ({0: 1.0}, 1.0, 1.0),
        ({1: -1.0}, 0.0, 0.0),
        ({0: 1.0, 1: -1.0, 2: 1.0}, 0.0, 0.0),
        ({0: 1.0, 2: 1.0}, -mip.INF, 1.0),
        ({1: 1.0, 2: 1.0}, 1.0, mip.INF),
        ({0: 2.0, 1: 3.0}, -mip.INF, 4.0),
        ({0: 1.0, 2: 1.0, 1: 1.0}, -mip.INF, 2.0),
    ]


def test_bench_build_measures_each_method():
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "build.py"), "--sizes", "16", "--years", "1"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr
    assert "| 16 | planner |" in out.stdout and "| 16 | cp-sat |" in out.stdout, out.stdout
    # each method built the same options, and measured a time and a memory
    rows = [line.strip("|").split("|") for line in out.stdout.splitlines() if line.startswith("| 16 |")]
    options = {int(r[2].replace(",", "")) for r in rows}
    assert len(options) == 1 and options.pop() > 0, out.stdout
    assert all(float(r[3]) > 0 and float(r[4]) > 0 for r in rows), out.stdout
