"""Placements and timetables: one session at a venue, in a room, on dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, order=True)
class Placement:
    """One session at one venue and room, from start to end (inclusive)."""

    session: str
    venue: str
    room: str
    start: date
    end: date


@dataclass
class Timetable:
    """Placements by session id, in the model's session order, and the optional
    sessions it leaves out (`dropped`)."""

    placements: dict[str, Placement] = field(default_factory=dict)
    dropped: frozenset[str] = frozenset()

    def __iter__(self):
        return iter(self.placements.values())

    def get(self, session_id: str) -> Placement | None:
        return self.placements.get(session_id)

    def moved(self, placement: Placement) -> Timetable:
        """A copy with one session's placement replaced (or added)."""
        return Timetable(
            {**self.placements, placement.session: placement}, self.dropped - {placement.session}
        )
