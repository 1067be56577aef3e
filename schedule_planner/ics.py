"""iCalendar (RFC 5545) export of a timetable, for delegations' calendar programs.

What a file holds, and why:

- Session events in the venue's time zone (`TZID=Europe/Vienna`), with a VTIMEZONE
  built here from zoneinfo's transitions and limited to the years in use, in the form
  calendar programs write themselves (a yearly RRULE per kind of change, not a list of
  RDATEs, which vobject for one reads only the first of). icalendar's own generated
  VTIMEZONE (7.3) puts the spring change at 03:00 instead of 02:00 local time, so it
  is not used. `days` (the default) writes one event per meeting day and
  meeting-hours block (10:00-13:00, 15:00-18:00 at the VIC); `sessions` writes one
  all-day event per session, DTEND exclusive (the day after the closing day).
- Document deadlines (contributions close, submission to conference services,
  issuance in the six languages) as all-day events of their own, each with a VALARM
  reminder some days before.
- Stable identity, so a re-import updates rather than duplicates: every UID is derived
  from the committee and session ids and the event's place in the session (meeting day
  number and block, or deadline name), never from a date or a random number; so a
  session that moves keeps its events' UIDs. DTSTAMP is fixed (an option, by default
  midnight UTC of the planning window's first day), never the wall clock, so two
  exports of the same timetable are byte-identical. Given the previous export, an
  event whose content changed gets SEQUENCE one higher, and an event that is gone is
  kept as STATUS:CANCELLED, so calendar programs drop it instead of keeping a stale copy.
- No METHOD: strict readers reject METHOD:PUBLISH without an ORGANIZER, and a plain
  calendar file imports and subscribes everywhere.

icalendar is imported here only: `planner --help` and `planner check` never load it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from .errors import InputError, PlannerError
from .plan import Problem, fmt, fmt_range

PRODID = "-//schedule-planner//planner//EN"
UID_DOMAIN = "schedule-planner"
DEFAULT_EVENTS = "days"
DEFAULT_ALARM_DAYS = 7
REFRESH = timedelta(days=1)  # how often a subscribed calendar should be fetched again

# The deadlines that get events of their own, in pipeline order: key -> end of the SUMMARY
# (render.py's "draft-ready" is the secretariat's own milestone, not the delegations').
DEADLINE_EVENTS = {
    "contributions-close": "contributions close",
    "submission": "documents due at conference services",
    "issuance": "documents issued in the six languages",
}
DEADLINE_LINES = {  # key -> label in a session's DESCRIPTION
    "contributions-close": "Contributions close",
    "submission": "Submission to conference services",
    "issuance": "Issuance in the six official languages",
}
CANCELLED = "CANCELLED"


@dataclass(frozen=True)
class Options:
    events: str = DEFAULT_EVENTS          # "days" or "sessions"
    deadlines: bool = True                # deadline events of their own
    alarm_days: int = DEFAULT_ALARM_DAYS  # reminder N days before a deadline; 0: none
    dtstamp: datetime | None = None       # UTC; None: the planning window's first day


# ---------------------------------------------------------------- export

def to_ics(problem: Problem, rows: list[dict], options: Options = Options(),
           previous: dict[str, Event] | None = None) -> str:
    """The calendar for `rows` (render.session_rows), as CRLF text.

    `previous` (from `read_previous`) holds the events of the last export by UID: an
    event keeps its SEQUENCE if nothing in it changed, else gets one more; one that
    is no longer exported is written again as cancelled.
    """
    model = problem.model
    stamp = options.dtstamp or datetime.combine(model.window.start, time(0), timezone.utc)
    previous = previous or {}

    events = []
    for row in rows:
        if options.deadlines:
            events += _deadline_events(problem, row, rows, options)
        events += _session_events(problem, row, options)
    uids = set()
    for event in events:
        if str(event["UID"]) in uids:  # a bug, never the user's fault
            raise PlannerError(f"internal error: two events have the UID {event['UID']}")
        uids.add(str(event["UID"]))
    prefix = f"{model.committee.id}."
    for uid, old in previous.items():
        if uid not in uids and uid.startswith(prefix) and uid.endswith(f"@{UID_DOMAIN}"):
            events.append(_cancelled(old))
    for event in events:
        old = previous.get(str(event["UID"]))
        seq = 0
        if old is not None:
            seq = _sequence(old) + (_content(old) != _content(event))
        event.add("dtstamp", stamp)
        event.add("sequence", seq)

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    description = (f"Sessions {'and document deadlines ' if options.deadlines else ''}"
                   f"of the {model.committee.name}")
    for name, value in (("description", description), ("x-wr-caldesc", description),
                        ("name", _label(problem)), ("x-wr-calname", _label(problem))):
        cal.add(name, value)  # RFC 7986 and the older X-WR- names most programs read
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    if model.committee.url:
        cal.add("url", model.committee.url, parameters={"VALUE": "URI"})
    for tzid, years in sorted(_zones_in_use(events).items()):
        cal.add_component(vtimezone(tzid, min(years), max(years)))
    for event in events:
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")


def _label(problem: Problem) -> str:
    committee = problem.model.committee
    return committee.short_name or committee.name


def _uid(problem: Problem, session_id: str, *parts: str) -> str:
    return ".".join([problem.model.committee.id, session_id, *parts]) + f"@{UID_DOMAIN}"


def _hours(text: str) -> tuple[time, time]:
    start, end = text.split("-")
    return time.fromisoformat(start), time.fromisoformat(end)


def _session_context(problem: Problem, row: dict):
    session = problem.by_id[row["id"]]
    venue = problem.venue(row["venue"])
    room = venue.room(row["room"])
    location = ", ".join(x for x in (row["room_name"], room.building if room else "",
                                     venue.name, venue.city) if x)
    return session, venue, location


def _status(session) -> str:
    return "TENTATIVE" if session.status == "planned" else "CONFIRMED"


def _session_description(problem: Problem, row: dict, venue, location: str, url: str | None) -> str:
    start, end = date.fromisoformat(row["start"]), date.fromisoformat(row["end"])
    days = len(row["meeting_days"])
    lines = [f"{row['name']} of the {problem.model.committee.name}."]
    if row["task"]:
        lines.append(f"Task: {row['task']}")
    dates = f"Dates: {fmt_range(start, end)}, {days} meeting day{'s' if days != 1 else ''}"
    lost = [date.fromisoformat(d) for d in row.get("lost_days", [])]
    if lost:
        dates += f" ({len(lost)} lost to UN holidays: {', '.join(fmt(d) for d in lost)})"
    lines.append(dates + ".")
    lines.append(f"Meetings: {' and '.join(venue.meeting_hours)}, {venue.city} time ({venue.timezone}).")
    lines.append(f"Venue: {location}.")
    deadlines = [(DEADLINE_LINES[k], row["deadlines"][k]) for k in DEADLINE_EVENTS
                 if k in row["deadlines"]]
    if deadlines:
        lines.append("Documents:")
        lines += [f"- {label}: {fmt(date.fromisoformat(day))}" for label, day in deadlines]
    if url:
        lines.append(f"More: {url}")
    return "\n".join(lines)


def _session_events(problem: Problem, row: dict, options: Options) -> list[Event]:
    session, venue, location = _session_context(problem, row)
    url = session.url or problem.model.committee.url
    summary = f"{_label(problem)}: {row['name']}"
    description = _session_description(problem, row, venue, location, url)
    common = {"location": location, "categories": [_label(problem), "Session"],
              "status": _status(session), "transp": "OPAQUE"}
    if options.events == "sessions":
        start, end = date.fromisoformat(row["start"]), date.fromisoformat(row["end"])
        return [_event(_uid(problem, row["id"], "session"), summary, start, end + timedelta(days=1),
                       description, url, **common)]
    zone = ZoneInfo(venue.timezone)
    blocks = [_hours(h) for h in venue.meeting_hours]
    days = [date.fromisoformat(d) for d in row["meeting_days"]]
    out = []
    for n, day in enumerate(days, 1):
        if not blocks:  # a venue without meeting hours: the meeting day, all day
            out.append(_event(_uid(problem, row["id"], f"day{n:02d}"), summary, day,
                              day + timedelta(days=1), f"Meeting day {n} of {len(days)}.\n{description}",
                              url, **common))
        for k, (t0, t1) in enumerate(blocks, 1):
            what = (f"Meeting day {n} of {len(days)}, {t0:%H:%M}-{t1:%H:%M} {venue.city} time.")
            out.append(_event(_uid(problem, row["id"], f"day{n:02d}", f"meeting{k}"), summary,
                              datetime.combine(day, t0, zone), datetime.combine(day, t1, zone),
                              f"{what}\n{description}", url, **common))
    return out


def _deadline_events(problem: Problem, row: dict, rows: list[dict], options: Options) -> list[Event]:
    session, venue, location = _session_context(problem, row)
    url = session.url or problem.model.committee.url
    start = date.fromisoformat(row["start"])
    # contributions-close exists only when the model's previous session is placed too,
    # and then it is the row before this one
    i = next(i for i, r in enumerate(rows) if r is row)
    prev = rows[i - 1] if i > 0 else None
    out = []
    for key, title in DEADLINE_EVENTS.items():
        if key not in row["deadlines"]:
            continue
        day = date.fromisoformat(row["deadlines"][key])
        summary = f"{_label(problem)}: {row['name']}: {title}"
        session_dates = fmt_range(start, date.fromisoformat(row["end"]))
        description = (f"{_deadline_text(key, problem.documents(session), row, prev)}\n"
                       f"Session: {row['name']}, {session_dates}, {location}.")
        if url:
            description += f"\nMore: {url}"
        event = _event(_uid(problem, row["id"], key), summary, day, day + timedelta(days=1),
                       description, url, location=None, categories=[_label(problem), "Document deadline"],
                       status=_status(session), transp="TRANSPARENT")
        if options.alarm_days:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"In {_days(options.alarm_days)}: {summary}")
            alarm.add("trigger", timedelta(days=-options.alarm_days))
            event.add_component(alarm)
        out.append(event)
    return out


def _deadline_text(key: str, docs, row: dict, prev: dict | None) -> str:
    opening = f"{row['name']} opens on {fmt(date.fromisoformat(row['start']))}"
    if key == "submission":
        return (f"Pre-session documents are due at conference services, "
                f"{_weeks(docs.submission_weeks)} before {opening}.")
    if key == "issuance":
        return (f"Pre-session documents are issued in the six official languages, "
                f"{_weeks(docs.issuance_weeks)} before {opening}.")
    after = "the previous session"
    if prev:
        dates = fmt_range(date.fromisoformat(prev["start"]), date.fromisoformat(prev["end"]))
        after = f"{prev['name']} ({dates})"
    return (f"Member States' proposals and contributions towards {row['name']} close, "
            f"{_weeks(docs.contributions_weeks)} after {after}; the secretariat then "
            "consolidates them into the revised draft.")


def _weeks(n: int) -> str:
    return f"{n} week{'s' if n != 1 else ''}"


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def _event(uid: str, summary: str, start, end, description: str, url: str | None, *,
           location: str | None, categories: list[str], status: str, transp: str) -> Event:
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


# ---------------------------------------------------------------- updates

def _sequence(event: Event) -> int:
    try:
        return max(0, int(event.get("SEQUENCE", 0)))
    except (TypeError, ValueError):
        return 0


def _content(event: Event) -> bytes:
    """The event as text without the lines that say when and which revision: what a
    change of SEQUENCE is about."""
    copy = Event.from_ical(event.to_ical())
    for name in ("DTSTAMP", "SEQUENCE"):
        copy.pop(name, None)
    return copy.to_ical()


def _cancelled(old: Event) -> Event:
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


def read_previous(path: str) -> dict[str, Event]:
    """The events of an earlier export by UID, for `to_ics(previous=...)`."""
    from .yamlio import read_text

    name = str(path)
    text = read_text(path)
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
    out: dict[str, Event] = {}
    for event in cal.walk("VEVENT"):
        uid = event.get("UID")
        if uid is None:
            continue
        uid = str(uid)
        if uid not in out or _sequence(event) > _sequence(out[uid]):
            out[uid] = event
    return out


def previous_notes(problem: Problem, previous: dict[str, Event], path: str) -> list[str]:
    """A word when the previous export cannot be this calendar's: no event of it is ours."""
    prefix = f"{problem.model.committee.id}."
    if any(uid.startswith(prefix) and uid.endswith(f"@{UID_DOMAIN}") for uid in previous):
        return []
    return [f"{path} holds no event of {problem.model.committee.id}: every event is new "
            "(SEQUENCE 0)"]


def parse_dtstamp(text: str) -> datetime:
    """--dtstamp: a UTC time (2024-01-31T09:00:00Z, 20240131T090000Z) or a date
    (midnight UTC)."""
    value = text.strip()
    m = re.fullmatch(r"(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z", value)
    try:
        if m:
            return datetime(*map(int, m.groups()), tzinfo=timezone.utc)
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            return datetime.combine(date.fromisoformat(value), time(0), timezone.utc)
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise InputError(f"'{text}' is not a UTC time such as 2024-01-31T09:00:00Z or a date "
                         "such as 2024-01-31", field="--dtstamp")
    return parsed.astimezone(timezone.utc).replace(microsecond=0)


# ---------------------------------------------------------------- time zones

def _zones_in_use(events: list[Event]) -> dict[str, set[int]]:
    """TZID -> the years of the local times written with it."""
    out: dict[str, set[int]] = {}
    for event in events:
        for name in ("DTSTART", "DTEND"):
            prop = event.get(name)
            tzid = prop.params.get("TZID") if prop is not None else None
            if tzid:
                out.setdefault(str(tzid), set()).add(prop.dt.year)
    return out


@dataclass(frozen=True)
class Transition:
    """A change of a zone's offset or name at an instant: one onset of an observance."""

    at: datetime            # UTC instant
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool

    @property
    def local_start(self) -> datetime:
        """The onset as an observance writes it: local time in the offset before the change."""
        return (self.at + self.offset_from).replace(tzinfo=None)

    @property
    def kind(self) -> tuple:
        return self.daylight, self.offset_from, self.offset_to, self.name


STEP = timedelta(hours=6)  # shorter than any two changes of a zone in a row


def _state(zone: ZoneInfo, instant: datetime) -> tuple[timedelta, str, timedelta]:
    local = instant.astimezone(zone)
    return local.utcoffset(), local.tzname(), local.dst()


def _daylight(periods: list[tuple], i: int) -> bool:
    """Whether period i is DAYLIGHT. tzdata writes some zones with negative DST (Dublin's
    winter, Casablanca's Ramadan): there the period with no DST but the higher offset
    is the daylight one, as readers expect (they take TZOFFSETTO - TZOFFSETFROM of a
    DAYLIGHT onset as the DST amount)."""
    offset, _, dst = periods[i]
    if dst != timedelta(0):
        return dst > timedelta(0)
    return any(0 <= j < len(periods) and periods[j][2] < timedelta(0) and periods[j][0] < offset
               for j in (i - 1, i + 1))


def transitions(tzid: str, first_year: int, last_year: int) -> list[Transition]:
    """The zone's changes that a VTIMEZONE valid from 1 January first_year to the end of
    last_year (local time) needs, read from zoneinfo to the second: the last change
    before the range (looked for up to a year back; every zone with daylight saving
    time has one), then every change in the range. A zone without a change in that
    year gets one onset on 1 January first_year, its offset before and after the same."""
    zone = ZoneInfo(tzid)
    begin = datetime(first_year, 1, 1, tzinfo=zone).astimezone(timezone.utc)
    stop = datetime(last_year + 1, 1, 1, tzinfo=zone).astimezone(timezone.utc)
    t = datetime(first_year - 1, 1, 1, tzinfo=zone).astimezone(timezone.utc)
    periods, changes = [_state(zone, t)], []  # changes[i] starts periods[i + 1]
    while t < stop:
        nxt = min(t + STEP, stop)
        if _state(zone, nxt) == periods[-1]:
            t = nxt
            continue
        lo, hi = t, nxt  # state(lo) is the old state, state(hi) is not
        while hi - lo > timedelta(seconds=1):
            mid = (lo + (hi - lo) / 2).replace(microsecond=0)
            lo, hi = (mid, hi) if _state(zone, mid) == periods[-1] else (lo, mid)
        if hi >= stop:
            break
        periods.append(_state(zone, hi))
        changes.append(hi)
        t = hi
    daylight = [_daylight(periods, i) for i in range(len(periods))]
    found = []
    for i, at in enumerate(changes, 1):
        (before, name_before, _), (after, name, _) = periods[i - 1], periods[i]
        if (before, name_before, daylight[i - 1]) == (after, name, daylight[i]):
            continue  # a change a VTIMEZONE cannot tell (tzdata's DST flag alone)
        found.append(Transition(at, before, after, name, daylight[i]))
    earlier = [tr for tr in found if tr.at < begin]
    inside = [tr for tr in found if tr.at >= begin]
    if earlier:
        return [earlier[-1], *inside]
    i = sum(1 for at in changes if at <= begin)  # the period in force on 1 January
    offset, name, _ = periods[i]
    return [Transition(begin, offset, offset, name, daylight[i]), *inside]


WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _week_specs(local: datetime) -> set[int]:
    """Which BYDAY ordinals name this day within its month: 1-5 and -1 for the last."""
    specs = {(local.day - 1) // 7 + 1}
    if (local + timedelta(days=7)).month != local.month:
        specs.add(-1)
    return specs


def _yearly_runs(onsets: list[Transition]) -> list[tuple[list[Transition], int | None]]:
    """Onsets of one kind of change grouped into runs that one yearly rule describes
    (same month, weekday and time, consecutive years, the same ordinal weekday of the
    month), each with its BYDAY ordinal; a run of one onset has None."""
    runs: list[tuple[list[Transition], set[int]]] = []
    for tr in onsets:
        loc = tr.local_start
        if runs:
            run, specs = runs[-1]
            last = run[-1].local_start
            same = (loc.year == last.year + 1 and loc.month == last.month
                    and loc.weekday() == last.weekday() and loc.time() == last.time())
            common = specs & _week_specs(loc) if same else set()
            if common:
                run.append(tr)
                runs[-1] = (run, common)
                continue
        runs.append(([tr], _week_specs(loc)))
    return [(run, (-1 if -1 in specs else min(specs)) if len(run) > 1 else None)
            for run, specs in runs]


def vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE for tzid from 1 January first_year to the end of last_year, built from
    zoneinfo's transitions in the form every reader knows: one STANDARD or DAYLIGHT
    observance per yearly rule (DTSTART at its first onset in use, RRULE FREQ=YEARLY
    with an UNTIL just after its last), and one per irregular change (DTSTART alone)."""
    kinds: dict[tuple, list[Transition]] = {}
    for tr in transitions(tzid, first_year, last_year):
        kinds.setdefault(tr.kind, []).append(tr)
    observances = []
    for onsets in kinds.values():
        for run, ordinal in _yearly_runs(onsets):
            first = run[0]
            obs = TimezoneDaylight() if first.daylight else TimezoneStandard()
            obs.add("dtstart", first.local_start)
            if ordinal is not None:
                # UNTIL is UTC (RFC 5545 3.6.5); a day after the last onset, so that a
                # reader that compares it with local times keeps that onset too
                obs.add("rrule", {"freq": "YEARLY", "bymonth": first.local_start.month,
                                  "byday": f"{ordinal}{WEEKDAYS[first.local_start.weekday()]}",
                                  "until": run[-1].at + timedelta(days=1)})
            obs.add("tzname", first.name)
            obs.add("tzoffsetfrom", first.offset_from)
            obs.add("tzoffsetto", first.offset_to)
            observances.append((first.at, obs))
    tz = Timezone()
    tz.add("tzid", tzid)
    for _, obs in sorted(observances, key=lambda item: item[0]):
        tz.add_component(obs)
    return tz
