"""Model building alone, at the sizes of a conference centre: the time and peak memory
(resident set) of reading the model and building what a solve searches, each method in a
process of its own, as bench/centre.py's "build" column, without the search.

    python bench/build.py [--sizes 400,1600] [--methods planner,cp-sat] [--repeat 1]
                          [--years 4] [--seed 1] [--load 0.7] [--profile]

Methods:
  planner  what `planner solve` builds by default (--backend auto): the CP-SAT model,
           the greedy timetable it starts from and the MIP for HiGHS
           (`schedule_planner.solver.build`)
  cp-sat   the CP-SAT model alone (`Encoding(problem).build()`)

Issue 21's target: at 1,600 meetings, under 10 s and 1 GB. `--profile` prints, for
each run, where the time goes (cProfile, the 25 costliest functions) on standard
error. A method that fails stops the bench with its error.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
METHODS = ("planner", "cp-sat")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="400,1600")
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--repeat", type=int, default=1, help="runs of each, interleaved; medians shown")
    ap.add_argument("--years", type=int, default=4)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--load", type=float, default=0.7)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--one", help=argparse.SUPPRESS)  # METHOD: run one, print JSON
    ap.add_argument("--model", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run(args.one, args.model, args.profile)))
        return
    from schedule_planner.generate import centre_yaml

    print(f"# {args.years} years, seed {args.seed}, load {args.load:g}; medians of {args.repeat} runs")
    print("| meetings | method | options | build (s) | peak memory (MB) |")
    print("|---:|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in [int(s) for s in args.sizes.split(",")]:
            model = Path(tmp) / f"centre-{size}.yaml"
            model.write_text(centre_yaml(size, args.years, args.seed, args.load))
            methods = args.methods.split(",")
            runs: dict[str, list[dict]] = {m: [] for m in methods}
            for _ in range(args.repeat):
                for method in methods:
                    runs[method].append(child(method, model, args.profile))
            for method in methods:
                build = statistics.median(r["build"] for r in runs[method])
                memory = statistics.median(r["memory"] for r in runs[method])
                print(
                    f"| {size} | {method} | {runs[method][0]['options']:,} | {build:.1f} | {memory:.0f} |",
                    flush=True,
                )


def child(method: str, model: Path, profile: bool) -> dict:
    command = [sys.executable, __file__, "--one", method, "--model", str(model)]
    proc = subprocess.run(command + (["--profile"] if profile else []), capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"bench/build.py: {method} on {model.name} failed:\n{proc.stderr}{proc.stdout}")
    if profile:
        print(proc.stderr, file=sys.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(method: str, model: str, profile: bool) -> dict:
    from schedule_planner.app import load
    from schedule_planner.encoding import Encoding
    from schedule_planner.loading import ModelSource
    from schedule_planner.solver import build

    if method not in METHODS:
        raise SystemExit(f"unknown method {method}")
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    began = time.perf_counter()
    problem = load(ModelSource(model), {})
    enc = build(problem)[0] if method == "planner" else Encoding(problem).build()
    took = time.perf_counter() - began
    if profile:
        import pstats

        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    return {
        "build": took,
        "memory": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "options": sum(len(o) for o in enc.options.values()),
    }


if __name__ == "__main__":
    main()
