"""Wall-clock figures of the commands a user waits for, medians of several runs.

    python bench/startup.py [--runs 7] [--against REV | --parts]

Prints the median time of `planner --help`, `--version`, `check` on the seed's dates,
`python -c "import click, yaml"` and the bare import of OR-Tools' CP-SAT module (the
references) and `planner solve` on the default model; then the ratios measured in the
same run: `check` and `--help` to the import of click and yaml (issue 21's targets: at
most 3x and 1.5x), solve to the OR-Tools import. The code timed is this checkout's, its
bytecode compiled first (one untimed run of each command, writing .pyc files even under
PYTHONDONTWRITEBYTECODE), as an installed copy's is. With `--against REV` (a git
revision), the same commands of that revision's code are timed in the same run, the
runs interleaved, and the ratio of each pair printed: below 1.00 the checkout is faster. A
command that fails stops the bench with its error: a failing command is no figure.
With `--parts`, only where `check`'s time goes: the CPU time of each stage (PARTS) in a
process of its own, medians.
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
# `--parts`: where `planner check`'s time goes, stage by stage in one process, in the order
# check meets them (a library imported by an earlier stage costs a later one nothing)
PARTS = {
    "import click, yaml": "import click, yaml",
    "planner's command line (cli, options, output)": "import schedule_planner.cli",
    "pydantic: import, first model": "from pydantic import BaseModel\nclass First(BaseModel):\n a: int",
    "planner's models built (domain.schema)": "import schedule_planner.domain.schema",
    "holidays: import (its Islamic calendar)": "import holidays",
    "holidays: a country (imports all ~250 countries)": "holidays.country_holidays('AT')",
    "rich": "import rich.console, rich.table",
    "planner's other modules (rules, loading)": "import schedule_planner.app, schedule_planner.explain",
    "load the default model": "from schedule_planner.app import load, run_check\nproblem = load(None)",
    "the rules' check": f"outcome = run_check(problem, [], {str(ROOT / 'examples/seed-dates.yaml')!r})",
    "render the table": "from schedule_planner.render.formats import CHECK\nCHECK['table'].render(outcome)",
}
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


def parts(runs: int) -> None:
    """The median CPU milliseconds of each stage of PARTS, a fresh process a run."""
    code = "import time\nmarks = [time.process_time()]\n" + "".join(
        f"{stage}\nmarks.append(time.process_time())\n" for stage in PARTS.values()
    )
    code += "print(*(b - a for a, b in zip(marks, marks[1:])))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the first run compiles, as in main()
    rows = []
    for _ in range(runs + 1):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd="/", env=env)
        if done.returncode != 0:
            sys.exit(f"bench: the stages of check failed:\n{done.stderr}")
        rows.append([float(t) for t in done.stdout.split()])
    medians = [statistics.median(row[i] for row in rows[1:]) for i in range(len(PARTS))]
    for name, seconds in zip(PARTS, medians):
        print(f"{name:<52} {seconds * 1000:6.1f} ms")
    print(
        f"{'all of them (CPU, after the interpreter starts)':<52} {sum(medians) * 1000:6.1f} ms  (medians of {runs})"
    )


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
    parser.add_argument("--against", metavar="REV", help="also time this git revision's commands")
    parser.add_argument("--parts", action="store_true", help="where check's time goes, stage by stage")
    args = parser.parse_args()
    if args.parts:
        return parts(args.runs)
    with tempfile.TemporaryDirectory() as folder:
        sources = {"": ROOT}
        if args.against:
            sources[f" at {args.against}"] = checkout(args.against, Path(folder))
        for name, cmd in COMMANDS.items():  # untimed: compiles the code timed below
            for suffix, source in sources.items():
                if not suffix or name.startswith("planner "):
                    run_once(cmd, source, compile_first=True)
        times: dict[str, list[float]] = {}
        for _ in range(args.runs):  # interleaved, so that load falls on all alike
            for name, cmd in COMMANDS.items():
                for suffix, source in sources.items():
                    if suffix and not name.startswith("planner "):
                        continue  # the references are the same for both
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
        for name in COMMANDS:
            if name.startswith("planner "):
                ratio = medians[name] / medians[f"{name} at {args.against}"]
                print(
                    f"{name.removeprefix('planner ').split(' ')[0] + ' / the same at ' + args.against:<52} {ratio:6.2f} x"
                )


if __name__ == "__main__":
    main()
