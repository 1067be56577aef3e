"""iCalendar export: `planner export ics`, `planner solve --format ics`.

Every export is read back three ways: icalendar (the writer's own library, strictly),
`ical` (an independent, strict pydantic reader) and vobject, whose times come from the
file's own VTIMEZONE through dateutil's tzical and not from a zone database. The
VTIMEZONEs are checked against zoneinfo, change by change.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from dateutil import rrule as du_rrule, tz as du_tz
from icalendar import Calendar

from conftest import SMALL_TIMETABLE, small_model_dict, write_model
from schedule_planner.cli import main
from schedule_planner.domain.text import fmt
from schedule_planner.render import ics
from schedule_planner.render.json import solve_document
from schedule_planner.rows import timetable_rows

VIENNA = ZoneInfo("Europe/Vienna")
NEW_YORK = ZoneInfo("America/New_York")
DEFAULT_URL = "https://www.unodc.org/unodc/en/cybercrime/ad_hoc_committee/home"


# ---------------------------------------------------------------- helpers


def run(*args: str):
    """`planner ARGS`, its exit code and output in a click Result."""
    return CliRunner().invoke(main, list(args), catch_exceptions=True)


def export(*args: str) -> bytes:
    """Run `planner export ics ARGS` to standard output; the file as bytes."""
    result = CliRunner().invoke(main, ["export", "ics", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def unfold(raw: bytes) -> list[str]:
    return raw.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def raw_events(raw: bytes) -> dict[str, list[str]]:
    """UID -> the unfolded lines of that VEVENT, as written."""
    out = {}
    for block in "\n".join(unfold(raw)).split("BEGIN:VEVENT\n")[1:]:
        lines = block.split("\nEND:VEVENT")[0].split("\n")
        uid = next(line[4:] for line in lines if line.startswith("UID:"))
        out[uid] = lines
    return out


def events_by_uid(raw: bytes) -> dict:
    return {str(e["UID"]): e for e in Calendar.from_ical(raw).walk("VEVENT")}


def strict_icalendar(raw: bytes) -> Calendar:
    """Parse with icalendar and insist on everything it can check."""
    cal = Calendar.from_ical(raw)
    cal.validate()
    for component in cal.walk():
        assert component.errors == [], (component.name, component.errors)
        for name in component.required:
            assert name in component, f"{component.name} lacks {name}"
        names = [name for name, _ in component.property_items(recursive=False)]
        for name in component.singletons:
            assert names.count(name) <= 1, f"{component.name} has {name} twice"
        assert sum(1 for name in getattr(component, "exclusive", ()) if name in component) <= 1
    assert cal.get_missing_tzids() == set()
    used = cal.get_used_tzids()
    assert used == {tz.tz_name for tz in cal.timezones}, "a VTIMEZONE nobody uses, or one missing"
    for tz in cal.timezones:
        assert tz.walk("STANDARD") or tz.walk("DAYLIGHT")
    assert "METHOD" not in cal
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == ics.PRODID
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert len(uids) == len(set(uids))
    for event in cal.walk("VEVENT"):
        assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "SUMMARY"} <= set(event)
        assert event.end > event.start
    return cal


def read_ical(raw: bytes):
    """`ical`, an independent reader that validates every component against pydantic
    models of RFC 5545 and raises on what does not fit."""
    from ical.calendar_stream import IcsCalendarStream

    return IcsCalendarStream.calendar_from_ics(raw.decode("utf-8"))


def read_vobject(raw: bytes):
    """vobject, with its process-wide TZID registry emptied first, so that the times
    come from this file's VTIMEZONE (dateutil tzical), not from an earlier file or pytz."""
    import vobject
    import vobject.icalendar as vical

    registry = vars(vical)["__tzidMap"]
    for key in [k for k in registry if k != "UTC"]:
        del registry[key]
    cal = vobject.readOne(raw.decode("utf-8"))
    cal.validate(raiseException=True)
    return cal


def expected_events(doc: dict, hours=((time(10), time(13)), (time(15), time(18)))) -> dict:
    """UID -> (start, end) that the timetable document asks for, in days mode."""
    out = {}
    committee = doc["committee"]
    for s in doc["sessions"]:
        zone = ZoneInfo(s["timezone"])
        for n, day in enumerate(s["meeting_days"], 1):
            for k, (t0, t1) in enumerate(hours, 1):
                d = date.fromisoformat(day)
                out[f"{committee}.{s['id']}.day{n:02d}.meeting{k}@schedule-planner"] = (
                    datetime.combine(d, t0, zone),
                    datetime.combine(d, t1, zone),
                )
        for key in ("contributions-close", "submission", "issuance"):
            if key in s["deadlines"]:
                d = date.fromisoformat(s["deadlines"][key])
                out[f"{committee}.{s['id']}.{key}@schedule-planner"] = (d, d + timedelta(days=1))
    for r in doc.get("reports", []):  # progress reports: their two deadlines, all day
        for key in ("submission", "issuance"):
            if r[key]:
                d = date.fromisoformat(r[key])
                out[f"{committee}.{r['id']}.report-{key}@schedule-planner"] = (d, d + timedelta(days=1))
    for m in doc.get("milestones", []):  # the adoption path: all day, DTEND exclusive
        out[f"{committee}.{m['id']}.milestone@schedule-planner"] = (
            date.fromisoformat(m["start"]),
            date.fromisoformat(m["end"]) + timedelta(days=1),
        )
    return out


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def default_json(tmp_path_factory, default_problem, default_result) -> Path:
    """The default timetable as `planner solve --format json` writes it."""
    path = tmp_path_factory.mktemp("ics") / "timetable.json"
    path.write_text(
        json.dumps(
            solve_document(
                default_problem, default_result, timetable_rows(default_problem, default_result.timetable)
            ),
            indent=2,
        )
    )
    return path


@pytest.fixture(scope="module")
def default_doc(default_json) -> dict:
    return json.loads(default_json.read_text())


@pytest.fixture(scope="module")
def default_ics(default_json) -> bytes:
    return export("--from", str(default_json))


SMALL_TASK = (
    "Elaborate articles 1, 2 and 3; review chapter II\nthen report. "
    "Проект конвенции, 公约草案, مشروع الاتفاقية — 100% “quoted” \\ backslash"
)


@pytest.fixture
def small(tmp_path):
    """A small model whose session B has a task full of characters to escape and fold,
    a room with a building, and a hand-written timetable for it."""
    data = small_model_dict()
    data["committee"]["url"] = "https://example.org/committee?a=1,b=2;c"
    data["sessions"][1]["name"] = "Second session, part 1; resumed"
    data["sessions"][1]["task"] = SMALL_TASK
    data["venues"][0]["rooms"][0]["building"] = "M building, ground floor"
    model = write_model(tmp_path, data)
    timetable = tmp_path / "timetable.json"
    timetable.write_text(json.dumps(SMALL_TIMETABLE))
    return model, timetable


def small_export(small, *args: str) -> bytes:
    model, timetable = small
    return export("--from", str(timetable), "--model", str(model), *args)


# ---------------------------------------------------------------- the events


def test_every_event_matches_the_timetable(default_ics, default_doc):
    cal = strict_icalendar(default_ics)
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    expected = expected_events(default_doc)
    assert set(events) == set(expected)
    sessions = {s["id"]: s for s in default_doc["sessions"]}
    reports = {r["id"]: r for r in default_doc["reports"]}
    for uid, (start, end) in expected.items():
        event = events[uid]
        sid = uid.split(".")[1]
        assert event.start == start and event.end == end, uid
        assert int(event["SEQUENCE"]) == 0
        assert str(event["URL"]) == DEFAULT_URL
        if sid in reports or uid.endswith(".milestone@schedule-planner"):
            what = "Report deadline" if sid in reports else "Milestone"
            assert [str(c) for c in event.categories] == ["Ad Hoc Committee (cybercrime)", what]
            assert str(event["TRANSP"]) == "TRANSPARENT"
            if sid in reports:
                assert reports[sid]["name"] in str(event["SUMMARY"]) and event.walk("VALARM")
            continue
        s = sessions[sid]
        description = str(event["DESCRIPTION"])
        if isinstance(start, datetime):  # a meeting
            assert start.tzinfo.key == s["timezone"]
            assert event["DTSTART"].params["TZID"] == s["timezone"]
            # the kind's name prefixes a meeting's name that does not say it (these all do)
            assert str(event["SUMMARY"]) == f"Ad Hoc Committee (cybercrime): {s['name']}"
            assert s["kind"] in {"session", *s["name"].lower().split()}
            if s["kind"] == "session":
                assert str(event["LOCATION"]) == (
                    "Plenary Hall, M building, Vienna International Centre, Vienna"
                )
            else:
                assert str(event["LOCATION"]).startswith(s["room_name"])
            assert " ".join(s["task"].split()) in description
            for key in s["deadlines"]:
                if key != "draft-ready":
                    assert fmt(date.fromisoformat(s["deadlines"][key])) in description
            category = {
                "session": "Session",
                "consultation": "Consultation",
                "organizational": "Organizational session",
            }[s["kind"]]
            assert [str(c) for c in event.categories] == ["Ad Hoc Committee (cybercrime)", category]
            assert str(event["STATUS"]) == ("CONFIRMED" if sid in ("S1", "OS") else "TENTATIVE")
            assert str(event["TRANSP"]) == "OPAQUE"
            assert not event.walk("VALARM")
        else:  # a document deadline: all day, a reminder a week before
            assert s["name"] in str(event["SUMMARY"])
            assert [str(c) for c in event.categories] == [
                "Ad Hoc Committee (cybercrime)",
                "Document deadline",
            ]
            assert str(event["TRANSP"]) == "TRANSPARENT"
            (alarm,) = event.walk("VALARM")
            assert str(alarm["ACTION"]) == "DISPLAY" and alarm["DESCRIPTION"]
            assert alarm["TRIGGER"].dt == timedelta(days=-7)
    # the calendar itself
    assert str(cal["NAME"]) == str(cal["X-WR-CALNAME"]) == "Ad Hoc Committee (cybercrime)"
    assert str(cal["URL"]) == DEFAULT_URL


def test_sessions_mode_is_all_day_with_exclusive_end(default_json, default_doc):
    raw = export("--from", str(default_json), "--events", "sessions", "--no-deadlines")
    cal = strict_icalendar(raw)
    events = cal.walk("VEVENT")
    # a meeting each, then the milestones (all day too); no deadlines, the reports' neither
    assert len(events) == len(default_doc["sessions"]) + len(default_doc["milestones"])
    assert not any("report-" in str(e["UID"]) for e in events)
    for event, s in zip(events, default_doc["sessions"]):
        assert str(event["UID"]) == f"ahc-cybercrime.{s['id']}.session@schedule-planner"
        assert event.start == date.fromisoformat(s["start"])
        # DTEND is exclusive: the day after the closing day
        assert event.end == date.fromisoformat(s["end"]) + timedelta(days=1)
        assert not isinstance(event.start, datetime) and not isinstance(event.end, datetime)
    lines = unfold(raw)
    assert sum(line.startswith("DTSTART;VALUE=DATE:") for line in lines) == len(events)
    assert sum(line.startswith("DTEND;VALUE=DATE:") for line in lines) == len(events)
    # the first session, 2-13 August 2021, ends with DTEND 14 August
    assert "DTEND;VALUE=DATE:20210814" in lines
    assert not cal.timezones, "no local time is written, so no VTIMEZONE is needed"


def test_deadline_events_are_all_day_with_exclusive_end(small):
    events = raw_events(small_export(small))
    # B's deadlines: contributions close 1 week after A (31 Mar), submission 2 weeks
    # before it opens (3 Apr), issuance 1 week before (10 Apr); each DTEND is the next day
    for key, day, after in (
        ("contributions-close", "20230331", "20230401"),
        ("submission", "20230403", "20230404"),
        ("issuance", "20230410", "20230411"),
    ):
        lines = events[f"test.B.{key}@schedule-planner"]
        assert f"DTSTART;VALUE=DATE:{day}" in lines, lines
        assert f"DTEND;VALUE=DATE:{after}" in lines, lines


def test_deadline_options(small):
    without = events_by_uid(small_export(small, "--no-deadlines"))
    assert all(".day" in uid for uid in without)
    three = events_by_uid(small_export(small, "--alarm-days", "3"))
    (alarm,) = three["test.B.submission@schedule-planner"].walk("VALARM")
    assert alarm["TRIGGER"].dt == timedelta(days=-3)
    silent = events_by_uid(small_export(small, "--alarm-days", "0"))
    assert not any(e.walk("VALARM") for e in silent.values())
    assert len(silent) == len(three) > len(without)


def test_text_is_escaped_and_reads_back(small):
    raw = small_export(small)
    lines = unfold(raw)
    summary = "SUMMARY:Test Committee: Second session\\, part 1\\; resumed"
    assert summary in lines
    description = next(
        line
        for line in raw_events(raw)["test.B.day01.meeting1@schedule-planner"]
        if line.startswith("DESCRIPTION:Meeting day 1 of 10")
    )
    assert (
        "Task: Elaborate articles 1\\, 2 and 3\\; review chapter II\\nthen report. "
        "Проект конвенции\\, 公约草案\\, مشروع الاتفاقية — 100% “quoted” \\\\ backslash"
    ) in description
    assert "\n" not in description and "\r" not in description
    assert "LOCATION:Big Room\\, M building\\, ground floor\\, Vienna International Centre\\, Vienna" in lines
    # every reader gets the original text back
    event = events_by_uid(raw)["test.B.day01.meeting1@schedule-planner"]
    assert f"Task: {SMALL_TASK}\n" in str(event["DESCRIPTION"])
    assert str(event["SUMMARY"]) == "Test Committee: Second session, part 1; resumed"
    assert str(event["URL"]) == "https://example.org/committee?a=1,b=2;c"
    ical_event = next(e for e in read_ical(raw).events if e.uid == "test.B.day01.meeting1@schedule-planner")
    assert f"Task: {SMALL_TASK}\n" in ical_event.description
    assert ical_event.summary == "Test Committee: Second session, part 1; resumed"
    vevent = next(
        e for e in read_vobject(raw).vevent_list if e.uid.value == "test.B.day01.meeting1@schedule-planner"
    )
    assert f"Task: {SMALL_TASK}\n" in vevent.description.value
    assert vevent.location.value == "Big Room, M building, ground floor, Vienna International Centre, Vienna"


def test_crlf_line_endings_and_75_octet_folding(small, default_ics):
    for raw in (small_export(small), default_ics):
        assert raw.endswith(b"\r\n")
        assert b"\n" not in raw.replace(b"\r\n", b"") and b"\r" not in raw.replace(b"\r\n", b"")
        physical = raw.split(b"\r\n")[:-1]
        assert max(len(line) for line in physical) <= 75
        assert any(len(line) >= 74 for line in physical), "long texts are folded, not short"
        for line in physical:
            line.decode("utf-8")  # a fold never splits a multi-byte character
        folded = [line for line in physical if line.startswith(b" ")]
        assert folded, "the long descriptions must be folded"


# ---------------------------------------------------------------- other readers, other zones


def test_independent_readers_agree_in_vienna_and_new_york(default_ics, default_doc):
    expected = expected_events(default_doc)
    # ical: strict RFC 5545 reader, resolves TZID itself
    cal = read_ical(default_ics)
    assert len(cal.events) == len(expected)
    for event in cal.events:
        start, end = expected[event.uid]
        assert event.dtstart == start and event.dtend == end, event.uid
        if isinstance(start, datetime):
            assert event.dtstart.astimezone(NEW_YORK) == start.astimezone(NEW_YORK)
    # vobject: times from the file's own VTIMEZONE
    vcal = read_vobject(default_ics)
    assert len(vcal.vevent_list) == len(expected)
    for event in vcal.vevent_list:
        start, end = expected[event.uid.value]
        got_start, got_end = event.dtstart.value, event.dtend.value
        if isinstance(start, datetime):
            assert type(got_start.tzinfo).__name__ == "_tzicalvtz", "not the embedded VTIMEZONE"
            assert got_start.astimezone(UTC) == start.astimezone(UTC), event.uid.value
            assert got_end.astimezone(UTC) == end.astimezone(UTC), event.uid.value
            assert got_start.utcoffset() == start.utcoffset()
            ny = got_start.astimezone(NEW_YORK)
            assert ny.replace(tzinfo=None) == start.astimezone(NEW_YORK).replace(tzinfo=None)
        else:
            assert (got_start, got_end) == (start, end)
    # one by hand: the first session opens Mon 2 Aug 2021 at 10:00 in Vienna (CEST),
    # which is 04:00 in New York (EDT)
    first = next(
        e for e in vcal.vevent_list if e.uid.value == "ahc-cybercrime.S1.day01.meeting1@schedule-planner"
    )
    assert first.dtstart.value.strftime("%Y-%m-%d %H:%M %z") == "2021-08-02 10:00 +0200"
    assert first.dtstart.value.astimezone(NEW_YORK).strftime("%H:%M") == "04:00"


def test_times_across_the_weeks_when_only_america_has_changed_its_clocks(small):
    """A: 20-24 Mar 2023, after New York's change (12 Mar) and before Vienna's (26 Mar):
    10:00 in Vienna is 05:00 in New York then, and 04:00 again from B on."""
    raw = small_export(small)
    vcal = read_vobject(raw)
    by_uid = {e.uid.value: e.dtstart.value for e in vcal.vevent_list}
    a = by_uid["test.A.day01.meeting1@schedule-planner"]
    b = by_uid["test.B.day01.meeting1@schedule-planner"]
    assert a.strftime("%Y-%m-%d %H:%M %z") == "2023-03-20 10:00 +0100"
    assert a.astimezone(NEW_YORK).strftime("%H:%M %z") == "05:00 -0400"
    assert b.strftime("%Y-%m-%d %H:%M %z") == "2023-04-17 10:00 +0200"
    assert b.astimezone(NEW_YORK).strftime("%H:%M %z") == "04:00 -0400"
    for event in read_ical(raw).events:
        if event.uid == "test.A.day01.meeting1@schedule-planner":
            assert event.dtstart.astimezone(NEW_YORK).strftime("%H:%M") == "05:00"


def test_a_venue_in_another_zone_gets_its_own_vtimezone(tmp_path):
    data = small_model_dict()
    data["venues"].append(
        {
            "id": "unhq",
            "name": "United Nations Headquarters",
            "city": "New York",
            "timezone": "America/New_York",
            "meeting_hours": ["10:00-13:00", "15:00-18:00"],
            "interpretation_capacity": 2,
            "rooms": [{"id": "ga", "name": "General Assembly Hall", "seats": 1800, "interpretation": 6}],
        }
    )
    model = write_model(tmp_path, data)
    timetable = tmp_path / "t.json"
    timetable.write_text(
        json.dumps(
            {
                "sessions": [
                    {"id": "A", "start": "2023-03-20", "end": "2023-03-24", "venue": "vic", "room": "big"},
                    {"id": "B", "start": "2023-11-06", "end": "2023-11-10", "venue": "unhq", "room": "ga"},
                ]
            }
        )
    )
    raw = export("--from", str(timetable), "--model", str(model), "--no-deadlines")
    cal = strict_icalendar(raw)
    assert sorted(tz.tz_name for tz in cal.timezones) == ["America/New_York", "Europe/Vienna"]
    vcal = read_vobject(raw)
    b = next(e for e in vcal.vevent_list if e.uid.value == "test.B.day01.meeting1@schedule-planner")
    # 6 Nov 2023, the day after New York's autumn change: 10:00 EST is 16:00 in Vienna (CET)
    assert b.dtstart.value.strftime("%H:%M %z") == "10:00 -0500"
    assert b.dtstart.value.astimezone(VIENNA).strftime("%H:%M") == "16:00"
    assert b.location.value == "General Assembly Hall, United Nations Headquarters, New York"


# ---------------------------------------------------------------- VTIMEZONE


def zoneinfo_transitions(tzid: str, start: datetime, stop: datetime) -> list[tuple]:
    """(UTC instant, offset before, offset after) of every change, by an hourly scan and
    a search to the second: the test's own reading of zoneinfo."""
    zone = ZoneInfo(tzid)

    def state(t):
        local = t.astimezone(zone)
        return local.utcoffset(), local.tzname()

    out, t = [], start
    while t < stop:
        nxt = t + timedelta(hours=1)
        if state(nxt) != state(t):
            lo, hi = t, nxt
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                lo, hi = (mid, hi) if state(mid) == state(lo) else (lo, mid)
            out.append((hi.replace(microsecond=0), state(lo)[0], state(hi)[0]))
        t = nxt
    return out


def onsets(vtimezone_text: str) -> list[tuple[datetime, timedelta, timedelta]]:
    """Every onset the VTIMEZONE states, expanded with dateutil's rrule (not our code),
    as (UTC instant, TZOFFSETFROM, TZOFFSETTO)."""
    cal = Calendar.from_ical("BEGIN:VCALENDAR\r\n" + vtimezone_text + "END:VCALENDAR\r\n")
    (tz,) = cal.walk("VTIMEZONE")
    out = []
    for obs in tz.walk("STANDARD") + tz.walk("DAYLIGHT"):
        start = obs["DTSTART"].dt
        offset_from, offset_to = obs["TZOFFSETFROM"].td, obs["TZOFFSETTO"].td
        assert "RDATE" not in obs
        times = [start]
        if "RRULE" in obs:
            # UNTIL is UTC: expand without it, then keep the onsets up to it in UTC
            until = obs["RRULE"]["UNTIL"][0]
            rule = re.sub(r";?UNTIL=[^;]*", "", obs["RRULE"].to_ical().decode())
            times = [
                t
                for t in du_rrule.rrulestr(rule, dtstart=start).between(
                    start, until.replace(tzinfo=None) + timedelta(days=2), inc=True
                )
                if (t - offset_from).replace(tzinfo=UTC) <= until
            ]
        out += [((t - offset_from).replace(tzinfo=UTC), offset_from, offset_to) for t in times]
    return sorted(out)


ZONES = [
    ("Europe/Vienna", 2021, 2024),
    ("America/New_York", 2005, 2009),
    ("Australia/Sydney", 2022, 2023),
    ("Africa/Casablanca", 2019, 2021),
    ("Europe/Dublin", 2023, 2023),
    ("Asia/Tokyo", 2022, 2023),
    ("Pacific/Apia", 2011, 2012),
]


@pytest.mark.parametrize("tzid,first,last", ZONES)
def test_vtimezone_states_exactly_zoneinfos_changes(tzid, first, last):
    text = ics.vtimezone(tzid, first, last).to_ical().decode()
    zone = ZoneInfo(tzid)
    begin = datetime(first, 1, 1, tzinfo=zone).astimezone(UTC)
    stop = datetime(last + 1, 1, 1, tzinfo=zone).astimezone(UTC)
    stated = onsets(text)
    real = zoneinfo_transitions(tzid, begin - timedelta(days=366), stop)
    earlier = [r for r in real if r[0] < begin]
    if earlier:  # the last change before the years in use starts the first observance
        assert [o for o in stated if o[0] < begin] == [earlier[-1]]
    else:  # no change in the year before: one onset on 1 January, offset unchanged
        assert stated[0][0] == begin and stated[0][1] == stated[0][2]
        stated = stated[1:]
    inside = [o for o in stated if o[0] >= begin]
    assert inside == [r for r in real if r[0] >= begin], "every change in the years, no other"
    for instant, offset_from, offset_to in stated:
        if offset_from != offset_to:
            assert (instant - timedelta(seconds=1)).astimezone(zone).utcoffset() == offset_from
            assert instant.astimezone(zone).utcoffset() == offset_to


@pytest.mark.parametrize("tzid,first,last", [z for z in ZONES if z[0] != "Pacific/Apia"])
def test_vtimezone_read_by_dateutil_gives_zoneinfos_times(tzid, first, last):
    """dateutil's tzical reads the VTIMEZONE on its own; local time and offset agree with
    zoneinfo both ways (UTC to local, local to UTC), around every change and twice a day.
    (Not Samoa's 2011 jump over the date line: tzical takes TZOFFSETTO - TZOFFSETFROM of
    a DAYLIGHT onset as the DST amount, there 24 hours, which no Python tzinfo may return.)"""
    text = ics.vtimezone(tzid, first, last).to_ical().decode()
    tzical = du_tz.tzical(io.StringIO(text)).get()
    zone = ZoneInfo(tzid)
    begin = datetime(first, 1, 1, tzinfo=zone).astimezone(UTC)
    stop = datetime(last + 1, 1, 1, tzinfo=zone).astimezone(UTC)
    instants = [begin + timedelta(hours=12 * i) for i in range(int((stop - begin) / timedelta(hours=12)))]
    for at, _, _ in zoneinfo_transitions(tzid, begin, stop):
        instants += [at + timedelta(minutes=m) for m in (-61, -30, -1, 0, 1, 30, 61)]
    for t in instants:
        real = t.astimezone(zone)
        got = t.astimezone(tzical)
        assert got.replace(tzinfo=None) == real.replace(tzinfo=None), (tzid, t)
        assert got.utcoffset() == real.utcoffset(), (tzid, t)
        wall = real.replace(tzinfo=tzical)
        assert wall.utcoffset() == real.utcoffset(), (tzid, t)


def test_vienna_spring_change_is_at_two_not_three(default_ics):
    """The trap in icalendar 7.3's own VTIMEZONE: the spring change must start at
    02:00 local time (01:00 UTC), the autumn change at 03:00 local time (01:00 UTC)."""
    lines = unfold(default_ics)
    start = lines.index("TZID:Europe/Vienna") - 1  # after New York's (the organizational session)
    end = lines.index("END:VTIMEZONE", start)
    vtz = lines[start : end + 1]
    assert vtz == [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Vienna",
        "BEGIN:STANDARD",
        "DTSTART:20201025T030000",
        "RRULE:FREQ=YEARLY;UNTIL=20241028T010000Z;BYDAY=-1SU;BYMONTH=10",
        "TZNAME:CET",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "DTSTART:20210328T020000",
        "RRULE:FREQ=YEARLY;UNTIL=20240401T010000Z;BYDAY=-1SU;BYMONTH=3",
        "TZNAME:CEST",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
    ]


def test_vtimezone_covers_only_the_years_in_use(small):
    cal = Calendar.from_ical(small_export(small))
    (tz,) = cal.timezones
    starts = [obs["DTSTART"].dt for obs in tz.walk("STANDARD") + tz.walk("DAYLIGHT")]
    untils = [obs["RRULE"]["UNTIL"][0] for obs in tz.walk("STANDARD") + tz.walk("DAYLIGHT") if "RRULE" in obs]
    # the small timetable meets in 2023 only: the last change before it (Oct 2022), then 2023's
    assert sorted(starts) == [datetime(2022, 10, 30, 3), datetime(2023, 3, 26, 2)]
    assert all(u.year == 2023 for u in untils)


# ---------------------------------------------------------------- identity and updates


def test_reexport_is_byte_identical(default_json, default_ics, tmp_path):
    assert export("--from", str(default_json)) == default_ics
    out = tmp_path / "cal.ics"
    out.write_bytes(default_ics)
    # with the previous export given, nothing changed: the very same bytes
    assert export("--from", str(default_json), "--previous", str(out)) == default_ics
    # and written to the same file it read as previous
    result = run("export", "ics", "--from", str(default_json), "--previous", str(out), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == default_ics


def test_solve_format_ics_and_export_without_from_give_the_same_file(default_ics):
    solved = run("solve", "--format", "ics")
    assert solved.exit_code == 0, solved.output
    assert solved.stdout_bytes == default_ics
    assert export() == default_ics


def test_dtstamp_is_fixed_never_the_clock(small):
    raw = small_export(small)
    stamps = {line for line in unfold(raw) if line.startswith("DTSTAMP:")}
    assert stamps == {"DTSTAMP:20230301T000000Z"}  # the small model's window opens 1 Mar 2023
    for given, written in (
        ("2024-01-31T09:00:00Z", "20240131T090000Z"),
        ("20240131T090000Z", "20240131T090000Z"),
        ("2024-01-31T10:00:00+01:00", "20240131T090000Z"),
        ("2024-01-31", "20240131T000000Z"),
    ):
        stamps = {
            line for line in unfold(small_export(small, "--dtstamp", given)) if line.startswith("DTSTAMP:")
        }
        assert stamps == {f"DTSTAMP:{written}"}, given


def move(timetable: Path, session: str, start: str, end: str) -> None:
    doc = json.loads(timetable.read_text())
    for s in doc["sessions"]:
        if s["id"] == session:
            s["start"], s["end"] = start, end
    timetable.write_text(json.dumps(doc))


def test_changed_dates_raise_sequence_and_keep_uids(small, tmp_path):
    _, timetable = small
    v1 = tmp_path / "v1.ics"
    v1.write_bytes(small_export(small))
    move(timetable, "B", "2023-05-08", "2023-05-19")  # three weeks later, no holiday inside
    v2_raw = small_export(small, "--previous", str(v1))
    v1_events, v2_events = events_by_uid(v1.read_bytes()), events_by_uid(v2_raw)
    assert set(v1_events) <= set(v2_events)
    for uid, event in v2_events.items():
        old = v1_events[uid]
        if ".B." in uid:  # the moved session and its deadlines
            assert int(event["SEQUENCE"]) == 1, uid
            if "contributions-close" in uid:  # counted from A's end: same day, new text
                assert event.start == old.start
            else:
                assert event.start == old.start + timedelta(days=21), uid
        elif uid == "test.C.contributions-close@schedule-planner":  # counted from B's end
            assert int(event["SEQUENCE"]) == 1
            assert event.start == old.start + timedelta(days=21)
        elif ".day" in uid and ".C." in uid:  # C's description lists its deadlines only
            assert int(event["SEQUENCE"]) == 1 and event.start == old.start
        else:
            assert int(event["SEQUENCE"]) == 0, uid
            assert event.to_ical() == old.to_ical(), uid
    moved = v2_events["test.B.day01.meeting1@schedule-planner"]
    assert moved.start == datetime(2023, 5, 8, 10, tzinfo=VIENNA)
    # exporting again against v2: nothing more changed, nothing goes up, same bytes
    v2 = tmp_path / "v2.ics"
    v2.write_bytes(v2_raw)
    assert small_export(small, "--previous", str(v2)) == v2_raw
    # moving it back is another change: SEQUENCE 2, same UID
    move(timetable, "B", "2023-04-17", "2023-04-28")
    v3 = events_by_uid(small_export(small, "--previous", str(v2)))
    assert int(v3["test.B.day01.meeting1@schedule-planner"]["SEQUENCE"]) == 2
    assert v3["test.B.day01.meeting1@schedule-planner"].start == datetime(2023, 4, 17, 10, tzinfo=VIENNA)


def test_events_gone_from_the_timetable_are_cancelled_not_orphaned(small, tmp_path):
    model, timetable = small
    v1 = tmp_path / "v1.ics"
    v1.write_bytes(small_export(small))
    doc = json.loads(timetable.read_text())
    doc["sessions"] = [s for s in doc["sessions"] if s["id"] != "C"]
    timetable.write_text(json.dumps(doc))
    result = run("export", "ics", "--from", str(timetable), "--model", str(model), "--previous", str(v1))
    assert result.exit_code == 0, result.output
    assert "Note: not in the timetable: C; no events for them" in result.stderr
    v2_raw = result.stdout_bytes
    strict_icalendar(v2_raw)
    read_ical(v2_raw)
    v1_events, v2_events = events_by_uid(v1.read_bytes()), events_by_uid(v2_raw)
    assert set(v2_events) == set(v1_events)
    for uid, event in v2_events.items():
        if ".C." in uid:
            assert str(event["STATUS"]) == "CANCELLED"
            assert int(event["SEQUENCE"]) == 1
            assert str(event["SUMMARY"]).startswith("Cancelled: ")
            assert event.start == v1_events[uid].start
            assert not event.walk("VALARM")
        else:
            assert str(event["STATUS"]) == "TENTATIVE"
    v2 = tmp_path / "v2.ics"
    v2.write_bytes(v2_raw)
    # still gone next time: kept as it was, not cancelled again
    assert small_export(small, "--previous", str(v2)) == v2_raw


def test_a_meeting_day_lost_to_a_holiday_is_cancelled(small, tmp_path):
    """B moved a week later takes in 1 May, a UN holiday: 9 meeting days instead of 10,
    so the tenth day's meetings are cancelled and the others move in place."""
    _, timetable = small
    v1 = tmp_path / "v1.ics"
    v1.write_bytes(small_export(small))
    move(timetable, "B", "2023-04-24", "2023-05-05")
    v2 = events_by_uid(small_export(small, "--previous", str(v1)))
    for k in (1, 2):
        gone = v2[f"test.B.day10.meeting{k}@schedule-planner"]
        assert str(gone["STATUS"]) == "CANCELLED" and int(gone["SEQUENCE"]) == 1
        assert gone.start == datetime(2023, 4, 28, 10 if k == 1 else 15, tzinfo=VIENNA)
    assert v2["test.B.day06.meeting1@schedule-planner"].start == datetime(2023, 5, 2, 10, tzinfo=VIENNA)
    assert v2["test.B.day09.meeting2@schedule-planner"].end == datetime(2023, 5, 5, 18, tzinfo=VIENNA)
    assert str(v2["test.B.day09.meeting2@schedule-planner"]["STATUS"]) == "TENTATIVE"


def test_a_venue_without_meeting_hours_gets_all_day_meeting_days(tmp_path):
    data = small_model_dict()
    data["venues"][0]["meeting_hours"] = []
    model = write_model(tmp_path, data)
    timetable = tmp_path / "t.json"
    timetable.write_text(json.dumps({"sessions": SMALL_TIMETABLE["sessions"][:1]}))
    raw = export("--from", str(timetable), "--model", str(model), "--no-deadlines")
    events = strict_icalendar(raw).walk("VEVENT")
    assert [(str(e["UID"]), e.start, e.end) for e in events] == [
        (f"test.A.day{n:02d}@schedule-planner", date(2023, 3, 19 + n), date(2023, 3, 20 + n))
        for n in range(1, 6)
    ]


def test_a_previous_export_of_another_calendar_is_noted(small, default_ics, tmp_path):
    model, timetable = small
    other = tmp_path / "other.ics"
    other.write_bytes(default_ics)  # the default committee's, not the small one's
    result = run("export", "ics", "--from", str(timetable), "--model", str(model), "--previous", str(other))
    assert result.exit_code == 0, result.output
    assert f"Note: {other} holds no event of test: every event is new (SEQUENCE 0)" in result.stderr
    assert result.stdout_bytes == small_export(small)  # and nothing of it is carried over
    own = tmp_path / "own.ics"
    own.write_bytes(result.stdout_bytes)
    again = run("export", "ics", "--from", str(timetable), "--model", str(model), "--previous", str(own))
    assert again.stderr == ""


def test_uids_are_stable_and_derived_from_ids(small):
    uids = sorted(events_by_uid(small_export(small)))
    assert "test.A.day01.meeting1@schedule-planner" in uids
    assert "test.A.day05.meeting2@schedule-planner" in uids
    assert "test.C.day03.meeting2@schedule-planner" in uids
    assert "test.C.submission@schedule-planner" in uids
    assert "test.A.contributions-close@schedule-planner" not in uids  # A has no predecessor
    # meeting days: A 5, B 10, C 3, two meetings each; deadlines: A 2, B 3, C 3
    assert len(uids) == (5 + 10 + 3) * 2 + 2 + 3 + 3
    # sessions mode names one event per session
    sessions = sorted(
        u for u in events_by_uid(small_export(small, "--events", "sessions")) if ".session@" in u
    )
    assert sessions == [
        "test.A.session@schedule-planner",
        "test.B.session@schedule-planner",
        "test.C.session@schedule-planner",
    ]


# ---------------------------------------------------------------- bad input, files, imports

ICS_OK = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nEND:VCALENDAR\r\n"


def bad_cases(tmp_path: Path, model: Path, timetable: Path) -> list[tuple[list[str], str]]:
    def write(name: str, content) -> str:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, newline="")
        return str(path)

    good = ["--from", str(timetable), "--model", str(model)]
    sessions = SMALL_TIMETABLE["sessions"]
    return [
        (["--from", str(tmp_path / "missing.json"), "--model", str(model)], "missing.json: no such file"),
        (
            ["--from", write("cut.json", '{"sessions": [{"id": "A",'), "--model", str(model)],
            "cut.json:1: malformed JSON",
        ),
        (
            ["--from", write("list.json", "[1, 2]"), "--model", str(model)],
            "expected a mapping of keys at the top level",
        ),
        (["--from", write("empty.json", ""), "--model", str(model)], "empty.json: is empty"),
        (
            [
                "--from",
                write("unknown.json", json.dumps({"sessions": [{**sessions[0], "id": "Z"}]})),
                "--model",
                str(model),
            ],
            "unknown session id 'Z'",
        ),
        (
            [
                "--from",
                write("order.json", json.dumps({"sessions": [{**sessions[0], "end": "2023-03-01"}]})),
                "--model",
                str(model),
            ],
            "end 2023-03-01 is before start 2023-03-20",
        ),
        (
            [
                "--from",
                write("other.json", json.dumps({**SMALL_TIMETABLE, "committee": "ahc-cybercrime"})),
                "--model",
                str(model),
            ],
            "the timetable is for committee 'ahc-cybercrime'",
        ),
        (
            ["--from", str(timetable)],  # with the default model
            "the timetable is for committee 'test' but the model is for 'ahc-cybercrime'",
        ),
        (
            ["--from", write("anon.json", json.dumps({"sessions": sessions}))],
            "unknown session id 'A' (the model has S1, S2",
        ),
        ([*good, "--previous", str(tmp_path / "gone.ics")], "gone.ics: no such file"),
        ([*good, "--previous", str(tmp_path)], "is a directory"),
        (
            [*good, "--previous", write("notes.ics", "meeting notes, not a calendar\n")],
            "notes.ics: is not an iCalendar file",
        ),
        (
            [*good, "--previous", write("binary.ics", b"\x89PNG\r\n\x1a\n\x00\x00")],
            "binary.ics: is a binary file",
        ),
        (
            [*good, "--previous", write("latin1.ics", "BEGIN:VCALENDAR\r\nX:\xe9\r\n".encode("latin-1"))],
            "latin1.ics: is not UTF-8 text",
        ),
        (
            [*good, "--previous", write("cut.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")],
            "cut.ics: is not a readable iCalendar file",
        ),
        (
            [
                *good,
                "--previous",
                write(
                    "bad.ics",
                    ICS_OK.replace(
                        "END:VCALENDAR",
                        "BEGIN:VEVENT\r\nUID:x\r\nSEQUENCE:two\r\nEND:VEVENT\r\nEND:VCALENDAR",
                    ),
                ),
            ],
            "bad.ics: is damaged: VEVENT x: SEQUENCE",
        ),
        ([*good, "--dtstamp", "yesterday"], "--dtstamp: 'yesterday' is not a UTC time"),
        ([*good, "--dtstamp", "2024-01-31T09:00:00"], "is not a UTC time"),
        ([*good, "--dtstamp", "2024-02-30"], "is not a UTC time"),
        ([write("other.yaml", model.read_text()), *good], "give the model once"),
        ([*good, "--seed", "3", "--weight", "preferred-room=1"], "--seed, --weight apply only when solving"),
        ([*good, "--events", "weeks"], "'weeks' is not one of 'days', 'sessions'"),
        ([*good, "--alarm-days", "-1"], "-1 is not in the range"),
    ]


def test_bad_input_gives_one_clear_message_and_exit_code_2(small, tmp_path):
    model, timetable = small
    for args, message in bad_cases(tmp_path, model, timetable):
        result = CliRunner().invoke(main, ["export", "ics", *args])
        assert result.exit_code == 2, (args, result.output, result.exception)
        assert isinstance(result.exception, SystemExit), (args, result.exception)
        assert "Traceback" not in result.output
        assert result.stdout == "", args
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1 and message in errors[0], (args, result.stderr)


def test_a_failed_export_leaves_the_output_file_alone(small, tmp_path):
    model, timetable = small
    out = tmp_path / "cal.ics"
    out.write_text("the published calendar")
    result = run(
        "export",
        "ics",
        "--from",
        str(timetable),
        "--model",
        str(model),
        "--previous",
        str(tmp_path / "gone.ics"),
        "-o",
        str(out),
    )
    assert result.exit_code == 2
    assert out.read_text() == "the published calendar"
    result = run("export", "ics", "--from", str(timetable), "--model", str(model), "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == f"wrote {out}: {len(events_by_uid(out.read_bytes()))} events\n"
    assert out.read_bytes() == small_export(small)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".cal.ics")] == []
    missing_dir = tmp_path / "no" / "such" / "dir" / "cal.ics"
    result = run("export", "ics", "--from", str(timetable), "--model", str(model), "-o", str(missing_dir))
    assert result.exit_code == 2 and "cannot write" in result.output and "Traceback" not in result.output


def test_the_from_path_never_loads_ortools_and_help_never_loads_icalendar(small, tmp_path):
    model, timetable = small
    out = tmp_path / "cal.ics"
    code = (
        "import sys\n"
        "from schedule_planner.cli import main\n"
        "main(['--help'], standalone_mode=False)\n"
        "assert 'icalendar' not in sys.modules and 'ortools' not in sys.modules\n"
        f"main(['export', 'ics', '--from', {str(timetable)!r}, '--model', {str(model)!r},"
        f" '-o', {str(out)!r}], standalone_mode=False)\n"
        "assert 'icalendar' in sys.modules\n"
        "assert not [m for m in sys.modules if m.startswith('ortools')], 'ortools was imported'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == small_export(small)


def test_partial_timetables_say_what_is_left_out(small, tmp_path):
    model, _ = small
    timetable = tmp_path / "partial.json"
    timetable.write_text(json.dumps({"sessions": [{"id": "B", "start": "2023-04-17", "end": "2023-04-28"}]}))
    result = run("export", "ics", "--from", str(timetable), "--model", str(model))
    assert result.exit_code == 0, result.output
    notes = result.stderr.splitlines()
    assert "Note: not in the timetable: A, C; no events for them" in notes
    assert any(n.startswith("Note: no room given for B") for n in notes)
    uids = events_by_uid(result.stdout_bytes)
    assert {u.split(".")[1] for u in uids} == {"B"}
    # no previous session in the timetable: no contributions-close to count from
    assert "test.B.contributions-close@schedule-planner" not in uids
