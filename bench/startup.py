"""Wall-clock figures of the commands a user waits for, medians of several runs.

    python bench/startup.py [--runs 7]

Prints the median time of `planner --help`, `--version`, `check` on the seed's dates,
the bare import of OR-Tools' CP-SAT module (the reference) and `planner solve` on the
default model, and the ratio of solve to that import measured in the same run. Run it
with the interpreter of the environment planner is installed in.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLANNER = [sys.executable, "-m", "schedule_planner.cli"]
COMMANDS = {
    "planner --help": PLANNER + ["--help"],
    "planner --version": PLANNER + ["--version"],
    "planner check examples/seed-dates.yaml": PLANNER + ["check", str(ROOT / "examples/seed-dates.yaml")],
    "import ortools cp_model (reference)": [sys.executable, "-c", "import ortools.sat.python.cp_model"],
    "python -c pass (interpreter start)": [sys.executable, "-c", "pass"],
    "planner solve -f json (default model)": PLANNER + ["solve", "-f", "json"],
}


def median_seconds(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/")
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    medians = {}
    for name, cmd in COMMANDS.items():
        medians[name] = median_seconds(cmd, args.runs)
        print(f"{name:<42} {medians[name]:6.3f} s  (median of {args.runs})")
    ref = medians["import ortools cp_model (reference)"]
    solve = medians["planner solve -f json (default model)"]
    print(f"{'solve / ortools import':<42} {solve / ref:6.2f} x")
    print(f"{'solve - ortools import':<42} {solve - ref:6.3f} s")


if __name__ == "__main__":
    main()
