"""How well the limits of issue 12 hold, in wall-clock seconds and peak memory.

    python bench/limits.py [--time-limit 2]

Runs, each in a process of its own, the hostile inputs of issue 12 against this
checkout and prints for each its exit code, the seconds it took, the seconds past
`--time-limit` (where the limit applies) and its peak memory (the children's maximum
resident size, from the operating system):

- 200 one-week sessions over 20 years solved with `--time-limit` (building the model
  used to take 24 s whatever the limit);
- `check` of a 16 MB proposal of repeated sessions (the value cap), of /dev/zero and of
  an endless standard input (the size cap);
- an export of a proposal whose session spans 1900-2199 (the window bound);
- issue 24: a model whose planning window spans 1900-2199 solved with `--force` and
  `--time-limit` (it ran 173 s under a limit of 60), `--alternatives 10` within the
  limit (it was refused), and a FIFO with no writer as the input (it blocked for ever;
  now refused after `yamlio.WAIT_SECONDS`).

The figures depend on the machine; the tests check the limits with an injected clock.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLANNER = [sys.executable, "-m", "schedule_planner.cli"]


def big_model(folder: Path) -> Path:
    lines = [
        "include: [planner:ahc-cybercrime.yaml]",
        "window: {start: 2021-01-01, end: 2040-12-31}",
        "remove: [S1, S2, S3, S4, S5, S6, S7, S8, C1, C2, C3, C4, C5, C6, C7]",
        "sessions:",
    ]
    lines += [f"  - {{id: X{i}, name: Session {i}, length: {{weeks: 1}}}}" for i in range(200)]
    path = folder / "big-model.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def cases(folder: Path, limit: float) -> list[tuple[str, list[str], str | None, bool]]:
    """(what, command, shell input or None, whether --time-limit applies)"""
    repeated = folder / "repeated.yaml"
    repeated.write_text("sessions:\n" + "  - {id: S1, start: 2021-08-02, end: 2021-08-13}\n" * 340_000)
    spanning = folder / "spanning.yaml"
    spanning.write_text("sessions:\n  - {id: S1, start: 1900-01-01, end: 2199-12-31}\n")
    centuries = folder / "centuries.yaml"
    centuries.write_text(
        "include: [planner:ahc-cybercrime.yaml]\nwindow: {start: 1900-01-01, end: 2199-12-31}\n"
    )
    fifo = folder / "fifo.yaml"
    os.mkfifo(fifo)
    limit_ = ["--time-limit", str(limit)]
    return [
        (
            f"solve 200 sessions x 20 years, --time-limit {limit:g}",
            PLANNER + ["solve", str(big_model(folder)), "--time-limit", str(limit), "-o", str(folder / "o")],
            None,
            True,
        ),
        ("check a 16 MB proposal", PLANNER + ["check", str(repeated)], None, False),
        ("check /dev/zero", PLANNER + ["check", "/dev/zero"], None, False),
        ("yes 'a: b' | check -", PLANNER + ["check", "-"], "yes", False),
        (
            "export ics of a session 1900-2199",
            PLANNER + ["export", "ics", "--from", str(spanning), "-o", str(folder / "x.ics")],
            None,
            False,
        ),
        (
            f"solve a planning window 1900-2199 --force, --time-limit {limit:g}",
            PLANNER + ["solve", str(centuries), "--force", *limit_, "-o", str(folder / "c")],
            None,
            True,
        ),
        (
            f"solve --alternatives 10, --time-limit {limit:g}",
            PLANNER + ["solve", "--alternatives", "10", *limit_, "-o", str(folder / "a")],
            None,
            True,
        ),
        ("check a FIFO with no writer", PLANNER + ["check", str(fifo)], None, False),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=2.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for what, command, feed, limited in cases(Path(tmp), args.time_limit):
            began = time.perf_counter()
            source = subprocess.Popen(["yes", "a: b"], stdout=subprocess.PIPE) if feed else None
            done = subprocess.run(
                command,
                cwd=ROOT,
                stdin=source.stdout if source else subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            took = time.perf_counter() - began
            if source:
                source.kill()
                source.wait()
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
            past = f", {took - args.time_limit:+.1f} s on the limit" if limited else ""
            print(f"{what}: exit {done.returncode}, {took:.1f} s{past}, peak so far {peak} MB")
            print(f"  {(done.stderr.strip().splitlines() or [''])[-1][:150]}")


if __name__ == "__main__":
    main()
