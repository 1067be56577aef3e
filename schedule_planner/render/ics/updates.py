"""Updating a published calendar: the previous export's events by UID, SEQUENCE raised
for events whose content changed, events no longer in the timetable kept as cancelled."""

from __future__ import annotations

from icalendar import Calendar, Component, Event

from ...domain.problem import Problem
from ...errors import InputError
from ...yamlio import read_text

UID_DOMAIN = "schedule-planner"
CANCELLED = "CANCELLED"


def sequence(event: Component) -> int:
    try:
        return max(0, int(event.get("SEQUENCE", 0)))
    except (TypeError, ValueError):
        return 0


def content(event: Component) -> bytes:
    """The event as text without the lines that say when and which revision: what a
    change of SEQUENCE is about."""
    copy = Event.from_ical(event.to_ical())
    for name in ("DTSTAMP", "SEQUENCE"):
        copy.pop(name, None)
    return copy.to_ical()


def cancelled(old: Component) -> Component:
    """A previously exported event that is gone now, kept so readers drop it."""
    event = Event.from_ical(old.to_ical())
    event.subcomponents = [c for c in event.subcomponents if c.name != "VALARM"]
    for name in ("DTSTAMP", "SEQUENCE"):
        event.pop(name, None)
    if str(event.get("STATUS", "")).upper() != CANCELLED:
        event.pop("STATUS", None)
        event.add("status", CANCELLED)
        summary = str(event.get("SUMMARY", ""))
        event.pop("SUMMARY", None)
        event.add("summary", f"Cancelled: {summary}")
    return event


def read_previous(path: str) -> dict[str, Component]:
    """The events of an earlier export by UID, for `to_ics(previous=...)`."""
    name = str(path)
    text = read_text(path, may_be_output=True)  # `--previous X -o X`: read whole first
    if not text.lstrip(" \t\r\n").upper().startswith("BEGIN:VCALENDAR"):
        raise InputError("is not an iCalendar file (it does not begin with BEGIN:VCALENDAR)", name)
    try:
        cal = Calendar.from_ical(text)
    except Exception as exc:  # icalendar raises assorted errors on damaged files
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise InputError(f"is not a readable iCalendar file: {first}", name) from None
    if not isinstance(cal, Calendar):
        raise InputError("is not an iCalendar file (expected a VCALENDAR)", name)
    for component in cal.walk():
        if component.errors:
            prop, problem = component.errors[0]
            uid = component.get("UID")
            where = f"{component.name}{f' {uid}' if uid else ''}"
            raise InputError(f"is damaged: {where}: {prop}: {problem}", name)
    out: dict[str, Component] = {}
    for event in cal.walk("VEVENT"):
        uid = event.get("UID")
        if uid is None:
            continue
        uid = str(uid)
        if uid not in out or sequence(event) > sequence(out[uid]):
            out[uid] = event
    return out


def previous_notes(problem: Problem, previous: dict[str, Component], path: str) -> list[str]:
    """A word when the previous export cannot be this calendar's: no event of it is ours."""
    if any(ours(problem, uid) for uid in previous):
        return []
    return [
        f"{path} holds no event of {', '.join(b.id for b in problem.model.bodies)}: every "
        "event is new (SEQUENCE 0)"
    ]


def ours(problem: Problem, uid: str) -> bool:
    """Whether a UID is of an event planner writes for one of the model's bodies."""
    return uid.endswith(f"@{UID_DOMAIN}") and any(uid.startswith(f"{b.id}.") for b in problem.model.bodies)
