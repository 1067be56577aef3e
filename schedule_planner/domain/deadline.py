"""One time limit for a whole command (`--time-limit`): loading, building the model,
searching, diagnosing and judging a given timetable all stop when it runs out. Long
loops call `check()`; each solver call is given at most what is `left()`.

The limit is set for the running command (`start`) and cleared after it (`clear`), so
that commands run one after the other in one process never share it.
"""

from __future__ import annotations

import math
import time

from ..errors import Infeasible

_end: float | None = None
_seconds: float = 0.0


def start(seconds: float) -> None:
    global _end, _seconds
    _end, _seconds = time.monotonic() + seconds, seconds


def clear() -> None:
    global _end
    _end = None


def left() -> float:
    """Seconds left before the limit (infinite without one)."""
    return math.inf if _end is None else _end - time.monotonic()


def check(doing: str = "building the model") -> None:
    """Stop the command when its time limit has run out, as a search that found nothing
    in time does (exit 1, status UNKNOWN)."""
    if _end is not None and time.monotonic() > _end:
        raise Infeasible(f"the time limit of {_seconds:g} s ran out while {doing}; try a longer "
                         "--time-limit", status="UNKNOWN")
