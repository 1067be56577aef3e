"""Wall-clock figures of the commands a user waits for, medians of several runs.

    python bench/startup.py [--runs 7] [--against REV]

Prints the median time of `planner --help`, `--version`, `check` on the seed's dates,
`python -c "import click, yaml"` and the bare import of OR-Tools' CP-SAT module (the
references) and `planner solve` on the default model; then the ratios measured in the
same run: `check` and `--help` to the import of click and yaml (issue 21's targets: at
most 3x and 1.5x), solve to the OR-Tools import. The code timed is this checkout's, its
bytecode compiled first (one untimed run of each command, writing .pyc files even under
PYTHONDONTWRITEBYTECODE), as an installed copy's is. With `--against REV` (a git
revision), the same solve of that revision's code is timed in the same run, the runs
interleaved, and the ratio of the two printed: below 1.00 the checkout is faster. A
command that fails stops the bench with its error: a failing command is no figure.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLANNER = [sys.executable, "-m", "schedule_planner.cli"]
COMMANDS = {
    "planner --help": PLANNER + ["--help"],
    "planner --version": PLANNER + ["--version"],
    "planner check examples/seed-dates.yaml": PLANNER + ["check", str(ROOT / "examples/seed-dates.yaml")],
    "import click, yaml (reference)": [sys.executable, "-c", "import click, yaml"],
    "import ortools cp_model (reference)": [sys.executable, "-c", "import ortools.sat.python.cp_model"],
    "python -c pass (interpreter start)": [sys.executable, "-c", "pass"],
    "planner solve -f json (default model)": PLANNER + ["solve", "-f", "json"],
}
SOLVE = "planner solve -f json (default model)"
HELP, CHECK = "planner --help", "planner check examples/seed-dates.yaml"
CLICK = "import click, yaml (reference)"
TARGETS = {HELP: 1.5, CHECK: 3.0}  # issue 21: at most these times the import of click and yaml


def run_once(cmd: list[str], source: Path, compile_first: bool = False) -> float:
    """Seconds one run of cmd takes with the code of `source` first on the path; the
    first run of a command (`compile_first`) writes the bytecode the timed runs read."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    if compile_first:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    began = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd="/", env=env)
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        sys.exit(
            f"bench: {' '.join(cmd)} ({source}) failed with exit code {done.returncode}:\n"
            f"{done.stderr.decode(errors='replace')}"
        )
    return seconds


def checkout(rev: str, folder: Path) -> Path:
    """The revision's code laid out as an installed copy would be (data inside the package)."""
    archive = folder / "rev.tar"
    with open(archive, "wb") as out:
        subprocess.run(
            ["git", "-C", str(ROOT), "archive", rev, "schedule_planner", "constraints", "data"],
            stdout=out,
            check=True,
        )
    with tarfile.open(archive) as tar:
        tar.extractall(folder / "src", filter="data")
    src = folder / "src"
    if not (src / "schedule_planner" / "data").exists():
        shutil.copytree(src / "data", src / "schedule_planner" / "data")
    return src


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--against", metavar="REV", help="also time this git revision's solve")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        sources = {"": ROOT}
        if args.against:
            sources[f" at {args.against}"] = checkout(args.against, Path(folder))
        for name, cmd in COMMANDS.items():  # untimed: compiles the code timed below
            for suffix, source in sources.items():
                if not suffix or name == SOLVE:
                    run_once(cmd, source, compile_first=True)
        times: dict[str, list[float]] = {}
        for _ in range(args.runs):  # interleaved, so that load falls on all alike
            for name, cmd in COMMANDS.items():
                for suffix, source in sources.items():
                    if suffix and name != SOLVE:
                        continue
                    times.setdefault(name + suffix, []).append(run_once(cmd, source))
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    for name, seconds in medians.items():
        print(f"{name:<52} {seconds:6.3f} s  (median of {args.runs})")
    for name, target in TARGETS.items():
        ratio = medians[name] / medians[CLICK]
        verdict = "met" if ratio <= target else "not met"
        print(
            f"{name.removeprefix('planner ') + ' / click+yaml import':<52} {ratio:6.2f} x  (target {target} x: {verdict})"
        )
    ref, solve = medians["import ortools cp_model (reference)"], medians[SOLVE]
    print(f"{'solve / ortools import':<52} {solve / ref:6.2f} x")
    print(f"{'solve - ortools import':<52} {solve - ref:6.3f} s")
    if args.against:
        print(
            f"{'solve / solve at ' + args.against:<52} {solve / medians[SOLVE + ' at ' + args.against]:6.2f} x"
        )


if __name__ == "__main__":
    main()
