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


def bench():
    """bench/centre.py as a module (bench/ is no package)."""
    spec = importlib.util.spec_from_file_location("bench_centre", ROOT / "bench" / "centre.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gap_is_a_percentage_of_the_objective():
    gap = bench().gap
    assert gap(200, 150) == 25.0
    assert gap(100, 100) == 0.0 and gap(0, 0) == 0.0
    assert gap(None, 3) is None and gap(3, None) is None


def test_planner_against_greedy_and_highs():
    compare = bench().compare

    def figures(planner, greedy, other=None, bound=None):
        out = {
            "planner": {"objective": planner, "bound": bound, "total": 3.0},
            "greedy": {"objective": greedy, "bound": None, "total": 1.0},
            "highs": {"objective": other, "bound": None, "total": 2.0},
        }
        return out

    assert compare(figures(90, 100)) == {
        "planner_over_highs": 1.5,
        "beats_greedy": True,
        "greedy_optimal": False,
        "greedy_beaten": True,
    }
    proven = compare(figures(100, 100, bound=100))  # nothing can beat an optimal greedy
    assert not proven["beats_greedy"] and proven["greedy_optimal"]
    missed = compare(figures(100, 100, other=95, bound=90))  # HiGHS found cheaper: a miss
    assert not missed["beats_greedy"] and not missed["greedy_optimal"] and missed["greedy_beaten"]
    unproven = compare(figures(100, 100, bound=90))
    assert not unproven["greedy_optimal"] and not unproven["greedy_beaten"]
    assert compare({"planner": figures(1, 2)["planner"]})["beats_greedy"] is None
