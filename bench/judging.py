"""Wall-clock figures of judging a timetable (issue 21), medians of interleaved runs.

    python bench/judging.py [--runs 3] [--against REV] [--fresh]

Times, each in a process of its own:

- `planner check examples/seed-dates.yaml` (the reference: the seed's own proposal);
- `planner check` of a 20-meeting proposal that breaks hard rules in most sessions,
  so that the nearest admissible dates are sought for each of them: a centre from
  `planner generate --meetings 20 --seed 1`, solved, then each session but every
  fifth moved onto the dates of the session seven places on (in another body's room:
  room-free; out of order: session-order; out of its window), keeping its length;
- `planner check`, `planner explain --from` and `planner report --from` of a
  300-meeting centre (`planner generate --meetings 300 --years 4 --seed 1 --load 0.7`,
  solved once with a 60 s limit and kept in a temporary folder for later runs;
  `--fresh` makes them again).

It prints each median and the issue's ratios, measured in the same run: broken check /
seed check (target 3 at most), explain and report / check of the 300-meeting centre
(target 10 at most). With `--against REV` the two 20-meeting checks are timed with that
revision's code too, interleaved, and their ratio to this checkout's printed (REV's
explain of the 300-meeting centre takes minutes a run: not timed). A command that fails,
or that exits otherwise than expected (a check of the broken proposal exits 1, an
explanation cut short by its time limit exits 1), stops the bench with its error.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import checkout  # the revision's code, laid out as installed

ROOT = Path(__file__).resolve().parent.parent
PLANNER = [sys.executable, "-m", "schedule_planner.cli"]
CACHE = Path(tempfile.gettempdir()) / "planner-bench-judging"
SEED = "check seed-dates.yaml (reference)"
BROKEN = "check 20-meeting proposal, most broken"
CHECK, EXPLAIN, REPORT = "check 300-meeting centre", "explain --from 300", "report --from 300"


def run(cmd: list[str], source: Path = ROOT, expect: int = 0) -> float:
    """Seconds one run of cmd takes with the code of `source` first on the path; any
    other exit code than `expect` stops the bench."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    began = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd="/", env=env)
    seconds = time.perf_counter() - began
    if done.returncode != expect:
        sys.exit(
            f"bench: {' '.join(cmd)} ({source}) exited {done.returncode}, not {expect}:\n"
            f"{done.stderr.decode(errors='replace')}"
        )
    return seconds


def make(cmd: list[str]) -> None:
    done = subprocess.run(PLANNER + cmd, capture_output=True, cwd="/")
    if done.returncode != 0:
        sys.exit(f"bench: planner {' '.join(cmd)} failed ({done.returncode}):\n{done.stderr.decode()}")


def broken_proposal(solved: Path, out: Path) -> int:
    """The solved timetable with each session but every fifth moved onto the dates of the
    session seven places on, its own length kept; returns the number moved."""
    sessions = json.loads(solved.read_text())["sessions"]
    moved, n = [], len(sessions)
    for i, s in enumerate(sessions):
        keep = {k: s[k] for k in ("id", "start", "end", "venue", "room")}
        if i % 5 == 4:
            moved.append(keep)
            continue
        other = sessions[(i + 7) % n]
        start = date.fromisoformat(other["start"])
        length = date.fromisoformat(s["end"]) - date.fromisoformat(s["start"])
        moved.append({**keep, "start": str(start), "end": str(start + length), "room": other["room"]})
    out.write_text(json.dumps({"sessions": moved}, indent=1))
    return n - n // 5


def instances(fresh: bool) -> Path:
    """The 20- and 300-meeting centres, solved, and the broken proposal (cached)."""
    if fresh:
        shutil.rmtree(CACHE, ignore_errors=True)
    CACHE.mkdir(exist_ok=True)
    c20, t20, b20 = CACHE / "c20.yaml", CACHE / "t20.json", CACHE / "b20.json"
    c300, t300 = CACHE / "c300.yaml", CACHE / "t300.json"
    if not t20.exists():
        make(["generate", "--meetings", "20", "--seed", "1", "-o", str(c20)])
        make(["solve", "-m", str(c20), "-f", "json", "-o", str(t20), "--time-limit", "60"])
    if not b20.exists():
        broken_proposal(t20, b20)
    if not t300.exists():
        make(
            ["generate", "--meetings", "300", "--years", "4", "--seed", "1", "--load", "0.7", "-o", str(c300)]
        )
        print("solving the 300-meeting centre once (about a minute)...", file=sys.stderr)
        make(["solve", "-m", str(c300), "-f", "json", "-o", str(t300), "--time-limit", "60"])
    # the broken proposal must break hard rules in most sessions: each gets nearest dates
    done = subprocess.run(PLANNER + ["check", "-m", str(c20), "-f", "json", str(b20)], capture_output=True)
    nearest = json.loads(done.stdout)["nearest"]
    sessions = json.loads(t20.read_text())["sessions"]
    if done.returncode != 1 or len(nearest) < len(sessions) * 3 // 4:
        sys.exit(f"bench: the broken proposal breaks {len(nearest)} of {len(sessions)} sessions only")
    return CACHE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--against", metavar="REV", help="also time the 20-meeting checks at this revision")
    parser.add_argument("--fresh", action="store_true", help="generate and solve the centres again")
    args = parser.parse_args()
    folder = instances(args.fresh)
    html = folder / "report.html"
    commands = {
        SEED: (PLANNER + ["check", str(ROOT / "examples/seed-dates.yaml")], 0),
        BROKEN: (
            PLANNER
            + ["check", "-m", str(folder / "c20.yaml"), str(folder / "b20.json"), "--time-limit", "3600"],
            1,
        ),
        CHECK: (PLANNER + ["check", "-m", str(folder / "c300.yaml"), str(folder / "t300.json")], 0),
        EXPLAIN: (
            PLANNER
            + [
                "explain",
                str(folder / "c300.yaml"),
                "--from",
                str(folder / "t300.json"),
                "--time-limit",
                "600",
            ],
            0,
        ),
        REPORT: (
            PLANNER
            + ["report", str(folder / "c300.yaml"), "--from", str(folder / "t300.json")]
            + ["--time-limit", "600", "-o", str(html)],
            0,
        ),
    }
    with tempfile.TemporaryDirectory() as scratch:
        sources = {"": ROOT}
        if args.against:
            sources[f" at {args.against}"] = checkout(args.against, Path(scratch))
        times: dict[str, list[float]] = {}
        for _ in range(args.runs):  # interleaved, so that load falls on all alike
            for name, (cmd, expect) in commands.items():
                for suffix, source in sources.items():
                    if suffix and name not in (SEED, BROKEN):
                        continue
                    times.setdefault(name + suffix, []).append(run(cmd, source, expect))
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    for name, seconds in medians.items():
        print(f"{name:<52} {seconds:7.3f} s  (median of {args.runs})")
    ratios = {
        "broken check / seed check (target <= 3)": medians[BROKEN] / medians[SEED],
        "explain --from / check, 300 meetings (target <= 10)": medians[EXPLAIN] / medians[CHECK],
        "report --from / check, 300 meetings (target <= 10)": medians[REPORT] / medians[CHECK],
    }
    if args.against:
        rev = args.against
        ratios[f"broken check at {rev} / seed check at {rev}"] = (
            medians[f"{BROKEN} at {rev}"] / medians[f"{SEED} at {rev}"]
        )
        ratios[f"broken check / broken check at {rev}"] = medians[BROKEN] / medians[f"{BROKEN} at {rev}"]
    for name, ratio in ratios.items():
        print(f"{name:<52} {ratio:7.2f} x")


if __name__ == "__main__":
    main()
