"""iCalendar export: events (`events`), time zones (`vtimezone`) and updates of a
published calendar (`updates`)."""

from .events import PRODID, Options, parse_dtstamp, render, to_ics
from .updates import previous_notes, read_previous
from .vtimezone import transitions, vtimezone

__all__ = [
    "PRODID",
    "Options",
    "parse_dtstamp",
    "render",
    "to_ics",
    "previous_notes",
    "read_previous",
    "transitions",
    "vtimezone",
]
