"""bench/centre.py (issue 22's table), run on a tiny centre for correctness only: every
method on both instances, the table's figures parse, and each objective is the cost
`planner check` gives the timetable. Never timed here: the bench's figures are the
bench's (docs/guide/performance.md)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

from conftest import ROOT

COLUMNS = [
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
]


def number(cell: str) -> float | None:
    return None if cell == "-" else float(cell.rstrip("%").replace(",", ""))


def test_bench_centre_prints_every_method_on_both_instances(tmp_path):
    has_highs = importlib.util.find_spec("highspy") is not None
    methods = ["greedy", "cp-sat"] + (["highs"] if has_highs else []) + ["planner"]
    report = tmp_path / "centre.json"
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "centre.py"), "--sizes", "20", "--years", "1"]
        + ["--time-limit", "5", "--methods", ",".join(methods), "--json", str(report)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr + out.stdout
    lines = out.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| meetings"))
    assert [c.strip() for c in lines[header].strip("|").split("|")] == COLUMNS
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in lines[header + 2 :]]
    assert all(len(r) == len(COLUMNS) for r in rows), out.stdout
    seen = {(r[1].split()[0], r[2]) for r in rows}
    assert seen == {(i, m) for i in ("easy", "tight") for m in methods}, out.stdout
    assert len(rows) == 2 * len(methods)

    data = json.loads(report.read_text())
    figures = {(r["instance"], r["method"]): r for r in data["rows"]}
    for r in rows:
        f = dict(zip(COLUMNS, r))
        assert f["meetings"] == "20"
        for column in ("build", "first", "total", "memory"):
            assert number(f[column]) is not None and number(f[column]) >= 0, (column, r)
        assert number(f["build"]) <= number(f["total"]), r
        # a 20-meeting centre: every method finds a timetable in 5 s, and all but
        # greedy prove its optimum
        objective, bound = number(f["objective"]), number(f["bound"])
        assert objective is not None, r
        if f["method"] != "greedy":
            assert number(f["optimal"]) is not None and bound == objective, r
            assert number(f["gap"]) == 0.0, r
        # the objective is the cost the rules' check gives the timetable
        record = figures[(f["instance"].split()[0], f["method"])]
        assert record["objective"] == record["check"] == objective, record
        assert record["dropped"] == number(f["left out"])
        if f["method"] == "planner":
            assert f["beats greedy"] in ("yes", "greedy optimal"), r
            if has_highs:
                assert number(f["planner / highs"]) > 0, r
    assert {(i["instance"], i["meetings"]) for i in data["instances"]} == {("easy", 20), ("tight", 20)}
    if not has_highs:
        pytest.skip("highspy is missing (pip install -e '.[bench]'): the highs method was not run")
