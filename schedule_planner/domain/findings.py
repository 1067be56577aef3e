"""What a rule says: its level, its verdict on one placement, its finding in words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import NamedTuple


class Level(StrEnum):
    """A hard rule must hold; a soft rule may break at a price (its weight per unit)."""

    HARD = "hard"
    SOFT = "soft"


HARD, SOFT = Level.HARD, Level.SOFT


class RuleLevel(NamedTuple):
    """What loading is told of a rule: its default level, and whether a model may set it."""

    level: Level
    settable: bool = True


@dataclass(frozen=True)
class Verdict:
    """What a rule says about one placement: how much is wrong, and why in words.

    `words` is a function so the solver, which judges thousands of candidates and
    needs only the amount, never pays for formatting sentences."""

    amount: int  # days, meeting days, rank...: the size of the breach or cost basis
    words: Callable[[], str]
    competing: tuple[str, ...] = ()  # who else takes the shared resource (a resource rule)

    @property
    def message(self) -> str:
        return self.words()


@dataclass(frozen=True)
class Finding:
    """A rule's finding about one session of a timetable, ready to print or serialise."""

    rule: str
    level: Level
    session: str
    date: str  # ISO date the finding is anchored to: the session's opening ("" for
    # one left out, or a finding on a whole body)
    amount: int
    cost: int  # weighted cost for soft rules, 0 for hard ones
    message: str
    # what a pinned session (held, or opened before --today) carries at its pinned dates:
    # reported as history, never enforced, priced or advised on
    history: str = ""
    # the data beside the words, for outputs to read (not in `as_dict`: JSON keeps its shape)
    competing: tuple[str, ...] = ()  # who else takes the shared resource: bodies, sessions
    short: tuple[str, ...] = ()  # a session left out: the rules on shared resources it is short of

    @property
    def hard(self) -> bool:
        return self.level == HARD

    @property
    def breach(self) -> bool:
        """A hard rule broken now, not in history."""
        return self.level == HARD and not self.history

    def line(self) -> str:
        where = f"{self.session} {self.date}" if self.date else self.session
        if self.history:
            return f"history: {where}: {self.rule} ({self.level}): {self.message} ({self.history})"
        cost = "" if self.hard else f" (cost {self.cost})"
        return f"{where}: {self.rule} ({self.level}): {self.message}{cost}"

    def as_dict(self) -> dict:
        out = {**asdict(self), "level": str(self.level)}
        for key in ("competing", "short"):
            del out[key]
        if not self.history:
            del out["history"]
        return out
