"""iCalendar (RFC 5545) export of a timetable, for delegations' calendar programs.

The events are built here; `vtimezone` builds the time zones and `updates` reads the
previous export to raise SEQUENCE and cancel what is gone.

What a file holds, and why:

- Session events in the venue's time zone (`TZID=Europe/Vienna`), with a VTIMEZONE
  built here from zoneinfo's transitions and limited to the years in use, in the form
  calendar programs write themselves (a yearly RRULE per kind of change, not a list of
  RDATEs, which vobject for one reads only the first of). icalendar's own generated
  VTIMEZONE (7.3) puts the spring change at 03:00 instead of 02:00 local time, so it
  is not used. `days` (the default) writes one event per meeting day and
  meeting-hours block (10:00-13:00, 15:00-18:00 at the VIC); `sessions` writes one
  all-day event per session, DTEND exclusive (the day after the closing day).
- Every meeting of a body: its sessions, its organizational session and its
  consultations, each kind recognisable by its CATEGORIES (Session, Organizational
  session, Consultation) and, for the other kinds, a summary that names the kind.
- Document deadlines (contributions close, submission to conference services,
  issuance in the six languages) as all-day events of their own, each with a VALARM
  reminder some days before; so are the progress reports' submission and issuance
  deadlines (CATEGORIES Report deadline).
- The adoption path's milestones as all-day events (CATEGORIES Milestone): the day the
  text is approved, and the Assembly's consideration and adoption and a conference for
  signature as the windows they may take (several days, DTEND exclusive).
- Stable identity, so a re-import updates rather than duplicates: every UID is derived
  from the committee and session ids and the event's place in the session (meeting day
  number and block, or deadline name), or from the committee, the report's id and the
  deadline, or the committee and the milestone's id; never from a date or a random number; so a
  session that moves keeps its events' UIDs. DTSTAMP is fixed (an option, by default
  midnight UTC of the planning window's first day), never the wall clock, so two
  exports of the same timetable are byte-identical. Given the previous export, an
  event whose content changed gets SEQUENCE one higher, and an event that is gone is
  kept as STATUS:CANCELLED, so calendar programs drop it instead of keeping a stale copy.
- No METHOD: strict readers reject METHOD:PUBLISH without an ORGANIZER, and a plain
  calendar file imports and subscribes everywhere.

icalendar is imported in this package only: `planner --help` and `planner check` never load it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from icalendar import Alarm, Calendar, Component, Event

from ...domain.deadlines import DEADLINES
from ...domain.problem import Problem
from ...domain.schema import KIND_WORDS
from ...domain.text import fmt, fmt_range, plural
from ...errors import InputError, PlannerError
from ...rows import Milestone, ReportRow, SessionRow
from .. import provenance, title
from ..formats import Options as RenderOptions, Rendered
from .updates import UID_DOMAIN, cancelled, content, ours, sequence
from .vtimezone import vtimezone, zones_in_use

if TYPE_CHECKING:
    from ...outcome import Solved

PRODID = "-//schedule-planner//planner//EN"
DEFAULT_EVENTS = "days"
DEFAULT_ALARM_DAYS = 7
# what produced the file (render.provenance), as properties of the VCALENDAR
PROVENANCE = {
    "planner": "x-planner-version",
    "model_digest": "x-planner-model-digest",
    "holidays": "x-planner-holidays-version",
}
REFRESH = timedelta(days=1)  # how often a subscribed calendar should be fetched again
# the deadlines that get events of their own, in pipeline order (draft-ready is the
# secretariat's own milestone, not the delegations')
EVENTS = [d for d in DEADLINES if d.event]
# what each kind of meeting is called in CATEGORIES, and in a summary (None: its name says)
KIND_PREFIX = {"session": None, "organizational": "Organizational", "consultation": "Consultation"}
# a report's deadlines: key in ReportRow.deadlines, as the summary says, what it means
REPORT_DEADLINES = (
    ("submission", "submission deadline", "is due at conference services"),
    ("issuance", "issuance deadline", "is issued in the six official languages"),
)


@dataclass(frozen=True)
class Options:
    events: str = DEFAULT_EVENTS  # "days" or "sessions"
    deadlines: bool = True  # deadline events of their own
    alarm_days: int = DEFAULT_ALARM_DAYS  # reminder N days before a deadline; 0: none
    dtstamp: datetime | None = None  # UTC; None: the planning window's first day


def to_ics(
    problem: Problem,
    rows: list[SessionRow],
    options: Options = Options(),
    previous: dict[str, Event] | None = None,
    reports: Sequence[ReportRow] = (),
    milestones: Sequence[Milestone] = (),
) -> str:
    """The calendar for `rows`, `reports` (their deadlines, with options.deadlines) and
    `milestones`, as CRLF text.

    `previous` (from `updates.read_previous`) holds the events of the last export by
    UID: an event keeps its SEQUENCE if nothing in it changed, else gets one more; one
    that is no longer exported is written again as cancelled.
    """
    return _calendar(problem, rows, options, previous, reports, milestones)[0]


def render(outcome: Solved, options: RenderOptions) -> Rendered:
    """The timetable's calendar (`export ics`, `solve --format ics`), holding its events."""
    from ...rows import milestones, report_rows, timetable_rows

    problem, timetable = outcome.problem, outcome.result.timetable
    text, events = _calendar(
        problem,
        timetable_rows(problem, timetable),
        options.calendar or Options(),
        outcome.previous,
        report_rows(problem, timetable),
        milestones(problem, timetable),
    )
    gone = sum(1 for e in events if e.get("STATUS") == "CANCELLED")
    return Rendered(text, plural(len(events), "event") + (f" ({gone} cancelled)" if gone else ""))


def _calendar(
    problem: Problem,
    rows: list[SessionRow],
    options: Options,
    previous: dict[str, Event] | None,
    reports: Sequence[ReportRow],
    milestones: Sequence[Milestone],
) -> tuple[str, list[Component]]:
    """to_ics's text, and the events in it."""
    model = problem.model
    stamp = options.dtstamp or datetime.combine(model.window.start, time(0), UTC)
    previous = previous or {}

    events: list[Component] = []
    for row in rows:
        if options.deadlines:
            events += _deadline_events(row, options)
        events += _session_events(row, options)
    if options.deadlines:
        for report in reports:
            events += _report_events(report, options)
    events += [_milestone_event(m) for m in milestones]
    uids = set()
    for event in events:
        if str(event["UID"]) in uids:  # a bug, never the user's fault
            raise PlannerError(f"internal error: two events have the UID {event['UID']}")
        uids.add(str(event["UID"]))
    for uid, gone in previous.items():
        if uid not in uids and ours(problem, uid):
            events.append(cancelled(gone))
    for event in events:
        old = previous.get(str(event["UID"]))
        seq = 0
        if old is not None:
            seq = sequence(old) + (content(old) != content(event))
        event.add("dtstamp", stamp)
        event.add("sequence", seq)

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    names = " and ".join(f"the {b.name}" for b in model.bodies)
    description = (
        f"Sessions, other meetings{', document and report deadlines' if options.deadlines else ''}"
        f" and milestones of {names}"
    )
    for name, value in (
        ("description", description),
        ("x-wr-caldesc", description),
        ("name", title(problem)),
        ("x-wr-calname", title(problem)),
    ):
        cal.add(name, value)  # RFC 7986 and the older X-WR- names most programs read
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    if len(model.bodies) == 1 and model.bodies[0].url:
        cal.add("url", model.bodies[0].url, parameters={"VALUE": "URI"})
    for name, value in provenance(problem).items():
        cal.add(PROVENANCE[name], value)
    for tzid, years in sorted(zones_in_use(events).items()):
        cal.add_component(vtimezone(tzid, min(years), max(years)))
    for event in events:
        cal.add_component(event)
    return cal.to_ical().decode("utf-8"), events


def _uid(row: SessionRow, *parts: str) -> str:
    return ".".join([row.body.id, row.id, *parts]) + f"@{UID_DOMAIN}"


def _hours(text: str) -> tuple[time, time]:
    start, end = text.split("-")
    return time.fromisoformat(start), time.fromisoformat(end)


def _location(row: SessionRow) -> str:
    return ", ".join(x for x in (row.room.name, row.room.building, row.venue.name, row.venue.city) if x)


def _url(row: SessionRow) -> str | None:
    return row.session.url or row.body.url


def _status(row: SessionRow) -> str:
    return "TENTATIVE" if row.session.status == "planned" else "CONFIRMED"


def _session_description(row: SessionRow) -> str:
    venue = row.venue
    lines = [f"{row.session.name} of the {row.body.name}."]
    if row.session.task:
        lines.append(f"Task: {row.session.task}")
    dates = f"Dates: {fmt_range(row.start, row.end)}, {plural(len(row.meeting_days), 'meeting day')}"
    if row.lost_days:
        dates += f" ({len(row.lost_days)} lost to UN holidays: {', '.join(fmt(d) for d in row.lost_days)})"
    lines.append(dates + ".")
    lines.append(f"Meetings: {' and '.join(venue.meeting_hours)}, {venue.city} time ({venue.timezone}).")
    lines.append(f"Venue: {_location(row)}.")
    deadlines = [(d.line, row.deadlines[d.key]) for d in EVENTS if d.key in row.deadlines]
    if deadlines:
        lines.append("Documents:")
        lines += [f"- {label}: {fmt(day)}" for label, day in deadlines]
    if _url(row):
        lines.append(f"More: {_url(row)}")
    return "\n".join(lines)


def _session_events(row: SessionRow, options: Options) -> list[Event]:
    venue, url = row.venue, _url(row)
    summary = f"{row.body.label}: {row.session.name}"
    if KIND_PREFIX[row.session.kind] and row.session.kind not in row.session.name.lower():
        summary = f"{row.body.label}: {KIND_PREFIX[row.session.kind]}: {row.session.name}"
    description = _session_description(row)
    common: dict[str, Any] = {
        "location": _location(row),
        "categories": [row.body.label, KIND_WORDS[row.session.kind].capitalize()],
        "status": _status(row),
        "transp": "OPAQUE",
    }
    if options.events == "sessions":
        return [
            _event(
                _uid(row, "session"),
                summary,
                row.start,
                row.end + timedelta(days=1),
                description,
                url,
                **common,
            )
        ]
    blocks = [_hours(h) for h in venue.meeting_hours]
    days = row.meeting_days
    out = []
    for n, day in enumerate(days, 1):
        if not blocks:  # a venue without meeting hours: the meeting day, all day
            out.append(
                _event(
                    _uid(row, f"day{n:02d}"),
                    summary,
                    day,
                    day + timedelta(days=1),
                    f"Meeting day {n} of {len(days)}.\n{description}",
                    url,
                    **common,
                )
            )
        for k, (t0, t1) in enumerate(blocks, 1):
            what = f"Meeting day {n} of {len(days)}, {t0:%H:%M}-{t1:%H:%M} {venue.city} time."
            out.append(
                _event(
                    _uid(row, f"day{n:02d}", f"meeting{k}"),
                    summary,
                    *venue.meeting_times(day, t0, t1),  # DST: the block's length elapses
                    f"{what}\n{description}",
                    url,
                    **common,
                )
            )
    return out


def _deadline_events(row: SessionRow, options: Options) -> list[Event]:
    url = _url(row)
    out = []
    for deadline in EVENTS:
        if deadline.key not in row.deadlines:
            continue
        day = row.deadlines[deadline.key]
        summary = f"{row.body.label}: {row.session.name}: {deadline.event}"
        description = (
            f"{_deadline_text(deadline.key, row)}\n"
            f"Session: {row.session.name}, {fmt_range(row.start, row.end)}, {_location(row)}."
        )
        out.append(
            _due(
                _uid(row, deadline.key),
                summary,
                day,
                description,
                url,
                options,
                [row.body.label, "Document deadline"],
                _status(row),
            )
        )
    return out


def _due(
    uid: str,
    summary: str,
    day,
    description: str,
    url: str | None,
    options: Options,
    categories: list[str],
    status: str,
) -> Event:
    """A deadline as an all-day event that takes no time (TRANSPARENT), with its
    reminder and, if there is one, the body's page."""
    if url:
        description += f"\nMore: {url}"
    event = _event(
        uid,
        summary,
        day,
        day + timedelta(days=1),
        description,
        url,
        location=None,
        categories=categories,
        status=status,
        transp="TRANSPARENT",
    )
    _alarm(event, summary, options)
    return event


def _alarm(event: Event, summary: str, options: Options) -> None:
    if options.alarm_days:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"In {plural(options.alarm_days, 'day')}: {summary}")
        alarm.add("trigger", timedelta(days=-options.alarm_days))
        event.add_component(alarm)


def _report_events(report: ReportRow, options: Options) -> list[Event]:
    """A progress report's submission and issuance deadlines, all day (none when the
    session it goes to is not placed)."""
    out, url = [], report.body.url
    for key, what, means in REPORT_DEADLINES:
        if key not in report.deadlines:
            continue
        assert report.opens is not None  # the deadlines count back from it
        day = report.deadlines[key]
        summary = f"{report.body.label}: {report.id} {what}: {report.report.name}"
        on = (
            f"It reports on {report.basis.name} ({report.basis.id})."
            if report.basis
            else "No meeting of the body closes in time for it to report on."
        )
        description = (
            f"{report.report.name} {means}, for {report.goes_to}, which opens on {fmt(report.opens)}.\n{on}"
        )
        out.append(
            _due(
                f"{report.body.id}.{report.id}.report-{key}@{UID_DOMAIN}",
                summary,
                day,
                description,
                url,
                options,
                [report.body.label, "Report deadline"],
                "TENTATIVE",
            )
        )
    return out


def _milestone_event(m: Milestone) -> Event:
    """A milestone of the adoption path: a day, or the window it may take, all day."""
    summary = f"{m.body.label}: {m.name}"
    when = fmt(m.start) if m.start == m.end else fmt_range(m.start, m.end)
    description = f"{m.name}: {when}."
    if m.slack is not None:
        description += f"\n{plural(m.slack, 'day')} to spare before its deadline (approval-in-time)."
    return _event(
        f"{m.body.id}.{m.id}.milestone@{UID_DOMAIN}",
        summary,
        m.start,
        m.end + timedelta(days=1),
        description,
        m.body.url,
        location=None,
        categories=[m.body.label, "Milestone"],
        status="TENTATIVE",
        transp="TRANSPARENT",
    )


def _deadline_text(key: str, row: SessionRow) -> str:
    docs = row.documents
    opening = f"{row.session.name} opens on {fmt(row.start)}"
    if key == "submission":
        return (
            f"Pre-session documents are due at conference services, "
            f"{plural(docs.submission_weeks, 'week')} before {opening}."
        )
    if key == "issuance":
        return (
            f"Pre-session documents are issued in the six official languages, "
            f"{plural(docs.issuance_weeks, 'week')} before {opening}."
        )
    prev = row.previous
    after = f"{prev.session.name} ({fmt_range(prev.start, prev.end)})" if prev else "the previous session"
    return (
        f"Member States' proposals and contributions towards {row.session.name} close, "
        f"{plural(docs.contributions_weeks, 'week')} after {after}; the secretariat then "
        "consolidates them into the revised draft."
    )


def _event(
    uid: str,
    summary: str,
    start,
    end,
    description: str,
    url: str | None,
    *,
    location: str | None,
    categories: list[str],
    status: str,
    transp: str,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    if location:
        event.add("location", location)
    event.add("description", description)
    event.add("categories", categories)
    if url:
        event.add("url", url, parameters={"VALUE": "URI"})
    event.add("status", status)
    event.add("transp", transp)
    return event


def parse_dtstamp(text: str) -> datetime:
    """--dtstamp: a UTC time (2024-01-31T09:00:00Z, 20240131T090000Z) or a date
    (midnight UTC)."""
    value = text.strip()
    m = re.fullmatch(r"(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z", value, re.ASCII)  # digits 0-9
    try:
        if m:
            year, month, day, hour, minute, second = map(int, m.groups())
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value, re.ASCII):
            return datetime.combine(date.fromisoformat(value), time(0), UTC)
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise InputError(
            f"'{text}' is not a UTC time such as 2024-01-31T09:00:00Z or a date such as 2024-01-31",
            field="--dtstamp",
        )
    return parsed.astimezone(UTC).replace(microsecond=0)


# ---------------------------------------------------------------- time zones
