"""Time of the explanation paths, medians of several runs, in process (after imports).

    python bench/explain.py [--runs 5]

Prints: the default solve (the reference), `explain` of the solved default timetable,
and the full diagnosis of an infeasible variant of the default model (contributions
period of 6 weeks with S3 and S4 fixed at the seed's dates): minimal conflict,
least-breach relaxation, and the re-solve that verifies it.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from schedule_planner.app import load
from schedule_planner.diagnose import diagnose
from schedule_planner.domain.problem import Problem
from schedule_planner.explain import explain
from schedule_planner.loading import default_model_path
from schedule_planner.solver import solve


def infeasible_variant(folder: Path) -> Path:
    for f in default_model_path().parent.glob("*.yaml"):
        shutil.copy(f, folder / f.name)
    path = folder / "ahc-cybercrime.yaml"
    text = path.read_text()
    text = text.replace("contributions_weeks: 2 ", "contributions_weeks: 6 ")
    for seed_dates in ("{start: 2022-08-22, end: 2022-09-02}", "{start: 2022-12-12, end: 2022-12-23}"):
        text = text.replace(f"preferred: {seed_dates}", f"fixed: {seed_dates}")
    path.write_text(text)
    return path


def median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    default = load().model
    result = solve(Problem(default))
    with tempfile.TemporaryDirectory() as folder:
        broken = load(str(infeasible_variant(Path(folder))))
        figures = {
            "solve default model": median(lambda: solve(Problem(default)), args.runs),
            "explain solved default timetable": median(
                lambda: explain(Problem(default), result.timetable), args.runs
            ),
            "diagnose infeasible variant": median(lambda: diagnose(broken), args.runs),
        }
        verdict = diagnose(broken)
    for name, seconds in figures.items():
        print(f"{name:<36} {seconds:6.3f} s  (median of {args.runs})")
    print(f"{'diagnosis: conflict size':<36} {len(verdict.conflict)}")
    print(f"{'diagnosis: relaxations, verified':<36} {len(verdict.relaxations)}, {verdict.verified}")


if __name__ == "__main__":
    main()
