"""One time limit for a whole command (`--time-limit`): loading, building the model,
searching, diagnosing and judging a given timetable all stop when it runs out. Long
loops call `check()`; each solver call is given at most what is `left()`.

The limit is set for the running command (`start`) and cleared after it (`clear`), so
that commands run one after the other in one process never share it. Once a search has
found a timetable (`found`), the command finishes with it: judging, explaining and
writing it no longer stop at the limit (they take time in proportion to the model just
built within it), though a further search still gets only what is `left()`. A further
timetable (`further`: --alternatives) is bounded by the limit again, building included,
and one that does not fit in it ends as a search that found nothing in time.
"""

from __future__ import annotations

import math
import time
from contextlib import contextmanager

from ..errors import Infeasible, InputError

_end: float | None = None
_seconds: float = 0.0
_force = False
_found = False
_further = False
_built = False  # a model was built in this command: a later one that does not fit ran out of time

# Building a model judges every candidate placement by every rule: measured at 280,000 to
# 480,000 judgments a second (the default model, a generated 100-meeting centre; 2 shared
# cores). A build estimated at more than FAR_BEYOND times the time left at the slower rate
# is refused before it starts, unless --force.
JUDGMENTS_PER_SECOND = 250_000
FAR_BEYOND = 2


def force(on: bool) -> None:
    """`--force`: build a model however long the estimate says it takes."""
    global _force
    _force = on


def estimate(options: int, rules: int) -> None:
    """Refuse to build a model whose estimated build time (options x rules judgments) is
    far beyond the time left, unless forced: ask for a longer --time-limit instead."""
    global _built
    if _end is None or _force:
        return
    seconds = options * rules / JUDGMENTS_PER_SECOND
    if seconds > FAR_BEYOND * max(left(), 0.1) and (_further or _built):
        # a later model (a diagnosis, an alternative): the time ran out, the input is fine
        raise Infeasible(
            f"the time limit of {_seconds:g} s leaves no time to build a further model "
            f"(about {seconds:,.0f} s); try a longer --time-limit",
            status="UNKNOWN",
        )
    if seconds > FAR_BEYOND * max(left(), 0.1):
        raise InputError(
            f"the model has about {options:,} candidate placements (sessions x venues "
            f"x rooms x openings) for {rules} rules: building it would take about "
            f"{seconds:,.0f} s, far beyond the --time-limit of {_seconds:g} s. Give a "
            "longer --time-limit, narrow the sessions' windows or venues, or --force "
            "to try anyway",
            field="--time-limit",
        )
    _built = True


def start(seconds: float) -> None:
    global _end, _seconds, _found, _built
    _end, _seconds, _found, _built = time.monotonic() + seconds, seconds, False, False


def clear() -> None:
    global _end, _force, _found, _built
    _end, _force, _found, _built = None, False, False, False


@contextmanager
def further():
    """While a further timetable is sought after one was found (--alternatives): the limit
    holds again, for building and judging too, and a model the estimate says does not
    fit in what is left is not built (Infeasible, UNKNOWN: not an input error; the
    timetables found stand)."""
    global _found, _further
    before, _found, _further = _found, False, True
    try:
        yield
    finally:
        _found, _further = before, False


def found() -> None:
    """A search found a timetable: `check` stops nothing more in this command."""
    global _found
    _found = True


def left() -> float:
    """Seconds left before the limit (infinite without one)."""
    return math.inf if _end is None else _end - time.monotonic()


def check(doing: str = "building the model") -> None:
    """Stop the command when its time limit has run out, as a search that found nothing
    in time does (exit 1, status UNKNOWN)."""
    if _end is not None and not _found and time.monotonic() > _end:
        raise Infeasible(
            f"the time limit of {_seconds:g} s ran out while {doing}; try a longer --time-limit",
            status="UNKNOWN",
        )
