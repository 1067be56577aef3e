"""The regular bodies as recurrence rules (issue 20, points 3 and 4): a model's `regular:`
series are projected with rrule for the years it needs, published meetings replace their
projected occurrence, findings mark a projected meeting as such, `avoid:` names the
series' bodies, and the shipped data holds Geneva and Nairobi with their bodies."""

from __future__ import annotations

import copy
from datetime import date

import yaml
from click.testing import CliRunner

from conftest import LIMIT, P, load_model, small_model_dict, timetable, write_model
from constraints import evaluate
from schedule_planner.cli import main
from schedule_planner.domain.problem import Problem
from schedule_planner.loading import data_dir
from schedule_planner.regular import opening_days
from schedule_planner.solver import solve

CONFIRM = "projected: confirm against the calendar of conferences"

# the small model's other bodies as series: CND the 2nd Monday of March, the IAEA the
# 1st Monday of June (both rooms, both interpretation teams), from 2025
SERIES = [
    {
        "id": "cnd",
        "body": "CND",
        "name": "CND regular session",
        "venue": "vic",
        "rooms": ["big"],
        "recurs": {"since": 2025, "months": [3], "week": 2},
        "days": 5,
        "source": "test",
    },
    {
        "id": "iaea",
        "body": "IAEA",
        "venue": "vic",
        "rooms": ["big", "small"],
        "interpretation": 2,
        "recurs": {"since": 2025, "months": [3, 6], "week": 1},
        "days": 5,
        "source": "test",
    },
]


def in_2028(**changes) -> dict:
    """The small model moved to 2028, its other bodies' meetings projected from SERIES."""
    data = small_model_dict()
    data.update(window={"start": "2028-03-01", "end": "2028-07-31"}, regular=copy.deepcopy(SERIES))
    data["sessions"][1]["preferred"] = {"start": "2028-04-03", "end": "2028-04-28"}
    data["meetings"] = []
    data.update(changes)
    return data


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def shipped(tmp_path, start: str, end: str):
    """A model for a window of years that includes the shipped data by name."""
    data = small_model_dict()
    for key in ("venues", "holidays", "meetings"):
        del data[key]
    del data["sessions"][1]["preferred"]
    data.update(include=["planner:venues.yaml", "planner:holidays.yaml"], window={"start": start, "end": end})
    return load_model(write_model(tmp_path, data))


def test_the_shipped_series_are_projected_for_2027_to_2030(tmp_path):
    model = shipped(tmp_path, "2027-01-01", "2030-12-31")
    projected = [m for m in model.meetings if m.projected]
    cnd = [m for m in projected if m.body == "CND" and m.series == "cnd"]
    assert [m.start.year for m in cnd] == [2026, 2027, 2028, 2029, 2030, 2031]  # a year either side
    for m in cnd:
        assert m.venue == "vic" and m.start.month == 3 and m.start.weekday() == 0, m
        assert m.id == f"cnd-{m.start.isoformat()}" and m.source and (m.end - m.start).days == 4
    hrc = [m for m in projected if m.body == "HRC" and 2027 <= m.start.year <= 2030]
    assert all(m.venue == "unog" and m.rooms == ["room-xx"] for m in hrc)
    assert sorted({(m.start.year, m.start.month) for m in hrc}) == [
        (y, month) for y in range(2027, 2031) for month in (2, 6, 9)
    ]
    unea = [m for m in projected if m.body == "UNEA"]
    assert [(m.venue, m.start.year) for m in unea] == [("unon", 2027), ("unon", 2029), ("unon", 2031)]
    assert {m.venue for m in projected} == {"vic", "unhq", "unog", "unon"}
    assert date(2028, 1, 1) <= min(m.start for m in projected if m.series == "wha" and m.start.year == 2028)


def test_the_rules_reproduce_the_published_sessions_they_come_from(tmp_path):
    """Projected without the published 2025 sessions at Geneva and Nairobi, each series
    opens on the day its published session did (the usual week was read from them)."""
    model = shipped(tmp_path, "2025-01-01", "2025-12-31")
    published = {m.series: m.start for m in model.meetings if not m.projected and m.start.year == 2025}
    for series in model.regular:
        if series.id in {"hrc-spring", "hrc-summer", "ilc", "unea"}:
            assert opening_days(series, [2025]) == [published[series.id]], series.id


def test_a_published_meeting_replaces_its_projected_occurrence(tmp_path):
    model = load_model(write_model(tmp_path, in_2028()))
    ids = {m.id for m in model.meetings}
    assert {"cnd-2028-03-13", "iaea-2028-03-06", "iaea-2028-06-05"} <= ids
    assert all(m.projected for m in model.meetings)
    # published: CND a week later, the IAEA's June meeting (the nearest of its two)
    published = [
        {"body": "CND", "venue": "vic", "start": "2028-03-20", "end": "2028-03-24", "series": "cnd"},
        {"body": "IAEA", "venue": "vic", "start": "2028-06-12", "end": "2028-06-13", "series": "iaea"},
    ]
    model = load_model(write_model(tmp_path, in_2028(meetings=published)))
    ids = {m.id for m in model.meetings}
    assert "cnd-2028-03-13" not in ids and "cnd-2028-03-20" in ids
    assert "iaea-2028-06-05" not in ids and "iaea-2028-06-12" in ids and "iaea-2028-03-06" in ids
    assert "cnd-2029-03-12" in ids  # other years keep their projection
    listed = [m for m in model.meetings if not m.projected]
    assert [m.id for m in listed] == ["cnd-2028-03-20", "iaea-2028-06-12"]


def test_findings_mark_a_projected_meeting(tmp_path):
    data = in_2028()
    data["committee"]["avoid"] = ["CND"]
    data["meetings"] = [{"body": "UNIDO", "venue": "vic", "start": "2028-04-17", "end": "2028-04-19"}]
    problem = Problem(load_model(write_model(tmp_path, data)))
    findings = evaluate(
        problem,
        timetable(
            P("A", "2028-03-13", "2028-03-17", "big"),  # CND's projected week, in its room
            P("B", "2028-04-17", "2028-04-28", "big"),  # UNIDO, published: takes a team
            P("C", "2028-06-05", "2028-06-07", "small"),  # the IAEA's: every room, both teams
        ),
    )
    said = {(f.rule, f.session): " ".join(f.message.split()) for f in findings if f.breach}
    # each projected meeting says so; the finding asks once to confirm them, at its end
    cnd = "CND (projected, Mon 13 - Fri 17 Mar 2028)"
    assert cnd in said["room-free", "A"] and said["room-free", "A"].endswith(f"; {CONFIRM}"), said
    keep = said["keep-apart", "A"]
    assert "CND (projected, cnd-2028-03-13, Mon 13 - Fri 17 Mar 2028)" in keep and keep.endswith(CONFIRM)
    capacity = said["interpretation-capacity", "C"]
    assert "IAEA (projected, 2)" in capacity and capacity.count(CONFIRM) == 1, said
    assert "IAEA (projected, Mon 5 - Fri 9 Jun 2028)" in said["room-free", "C"]
    # a published meeting reads as before
    assert ("room-free", "B") not in said and ("interpretation-capacity", "B") not in said
    data["venues"][0]["interpretation_capacity"] = 1
    problem = Problem(load_model(write_model(tmp_path, data)))
    findings = evaluate(problem, timetable(P("B", "2028-04-17", "2028-04-28", "big")))
    words = [" ".join(f.message.split()) for f in findings if f.rule == "interpretation-capacity"]
    assert words and "UNIDO (1) already takes" in words[0] and "projected" not in words[0], words


def test_avoid_keeps_a_2028_session_out_of_cnds_projected_week(tmp_path):
    data = in_2028()
    data["sessions"][0].update(
        room={"seats": 50},
        window={"start": "2028-03-06", "end": "2028-03-31"},
        preferred={"start": "2028-03-13", "end": "2028-03-17"},
    )
    result = solve(Problem(load_model(write_model(tmp_path, data))), time_limit=LIMIT)
    a = result.timetable.get("A")
    assert (a.start.isoformat(), a.end.isoformat()) == ("2028-03-13", "2028-03-17")  # beside CND
    data["sessions"][0]["avoid"] = ["cnd"]
    result = solve(Problem(load_model(write_model(tmp_path, data))), time_limit=LIMIT)
    a = result.timetable.get("A")
    assert a.end < date(2028, 3, 13) or a.start > date(2028, 3, 17), a
    assert not [f for f in result.findings if f.breach]


def test_avoid_names_a_series_body(tmp_path):
    data = in_2028()
    data["committee"]["avoid"] = ["iaea", "HRC"]
    result = run("validate", write_model(tmp_path, data))
    assert result.exit_code == 2, result.output
    assert "committee.avoid[1]" in result.output and "'HRC' names no body" in result.output
    assert "(known: CND, IAEA, test)" in result.output and "'iaea'" not in result.output


def _problems(tmp_path, **changes) -> tuple[str, str, str]:
    data = in_2028()
    data["regular"][0].update(changes)
    path = write_model(tmp_path, data)
    result = run("validate", path)
    assert result.exit_code == 2, result.output
    return str(path), path.read_text(), " ".join(result.output.split())


def line_of(text: str, needle: str, after: str = "regular:") -> int:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line)
    return next(i for i, line in enumerate(lines[start:], start + 1) if needle in line)


def test_a_bad_recurrence_names_file_line_and_field(tmp_path):
    path, text, out = _problems(tmp_path, recurs={"since": 2025, "months": [3, 13], "week": 0})
    assert f"{path}:{line_of(text, 'months:')}: regular[0].recurs.months" in out, out
    assert "13 is not a month" in out
    assert f"{path}:{line_of(text, 'week: 0')}: regular[0].recurs.week" in out and "0 is no week" in out
    path, text, out = _problems(tmp_path, recurs={"since": 2025, "months": [3], "week": 2, "weekday": "Mo"})
    assert f"{path}:{line_of(text, 'weekday: Mo')}: regular[0].recurs.weekday" in out
    assert "'Mo' is not a day of the week" in out
    path, text, out = _problems(tmp_path, recurs={"months": [3], "week": 5})
    assert "regular[0].recurs.since: required field is missing" in out
    assert "regular[0].recurs.week" in out and "less than or equal to 4" in out


def test_a_series_unknown_venue_or_room_names_file_line_and_field(tmp_path):
    path, text, out = _problems(tmp_path, venue="unog")
    assert f"{path}:{line_of(text, 'venue: unog')}: regular[0].venue: unknown venue 'unog'" in out, out
    path, text, out = _problems(tmp_path, rooms=["big", "hall"])
    assert f"{path}:{line_of(text, '- hall')}: regular[0].rooms[1]: unknown room 'hall' at vic" in out, out
    data = in_2028()
    data["regular"][1]["id"] = "cnd"
    result = run("validate", write_model(tmp_path, data))
    assert result.exit_code == 2 and "regular[1].id: duplicate regular series id 'cnd'" in " ".join(
        result.output.split()
    )


def test_an_including_file_overrides_or_removes_a_shipped_series(tmp_path):
    data = small_model_dict()
    for key in ("venues", "holidays", "meetings"):
        del data[key]
    del data["sessions"][1]["preferred"]
    data.update(
        include=["planner:venues.yaml", "planner:holidays.yaml"],
        window={"start": "2028-01-01", "end": "2028-12-31"},
        regular=[{"id": "cnd", "days": 2}],
        remove=["unea"],
    )
    model = load_model(write_model(tmp_path, data))
    cnd = [m for m in model.meetings if m.series == "cnd" and m.projected]
    assert cnd and all((m.end - m.start).days == 1 for m in cnd)
    assert not [m for m in model.meetings if m.body == "UNEA" and m.projected]


def test_the_default_model_sees_only_its_published_meetings():
    """Projection starts after the published record: in the default model's window (and
    before it) every meeting of a regular body is a published one, each marked with its
    series (the General Assembly's occupancy of Headquarters is projected in every year)."""
    model = load_model()
    window = model.window
    regular = [m for m in model.meetings if not (m.series or "").startswith("ga-")]
    inside = [m for m in regular if m.start <= window.end and m.end >= window.start]
    assert len(inside) == 29 and not [m for m in inside if m.projected]
    series = {s.id for s in model.regular}
    assert all(m.series in series for m in regular), [m.id for m in regular if m.series not in series]
    assert min(m.start for m in regular if m.projected).year == 2025


def test_planner_model_shows_projected_meetings_with_their_source(tmp_path):
    path = write_model(tmp_path, in_2028())
    result = run("model", path)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = next(i for i, line in enumerate(lines) if "id: cnd-2028-03-13" in line)
    assert lines[at].endswith("# projected")
    assert any("source: test  # projected" in line for line in lines[at : at + 12])
    assert any(line.startswith("regular:") for line in lines)


def test_geneva_and_nairobi_are_shipped():
    data = yaml.safe_load((data_dir() / "venues.yaml").read_text())
    venues = {v["id"]: v for v in data["venues"]}
    assert venues["unog"]["timezone"] == "Europe/Zurich" and venues["unon"]["timezone"] == "Africa/Nairobi"
    assert venues["unog"]["holidays"] == ["un-geneva", "switzerland", "ga-69-250", "un-recess"]
    assert venues["unon"]["holidays"] == ["un-nairobi", "kenya", "ga-69-250", "un-recess"]
    for vid in ("unog", "unon"):
        assert venues[vid]["rooms"] and all(
            r["seats"] > 0 and r["interpretation"] for r in venues[vid]["rooms"]
        )


def test_a_2028_session_at_vienna_avoids_cnds_projected_march_session(tmp_path):
    """End to end, from the shipped data included by name: a one-week session that
    could meet in March 2028 at the VIC and avoids CND meets outside CND's projected
    week (the 2nd Monday of March: 13-17 March 2028)."""
    data = {
        "include": ["planner:venues.yaml", "planner:holidays.yaml"],
        "committee": {"id": "wg", "name": "Working Group", "avoid": ["CND"]},
        "window": {"start": "2028-03-01", "end": "2028-03-31"},
        "sessions": [
            {
                "id": "S1",
                "name": "First session",
                "length": {"weeks": 1},
                "venues": ["vic"],
                "room": {"seats": 200},
                "preferred": {"start": "2028-03-13", "end": "2028-03-17"},
            }
        ],
    }
    problem = Problem(load_model(write_model(tmp_path, data)))
    week = next(m for m in problem.model.meetings if m.id == "cnd-2028-03-13")
    assert week.projected and week.end == date(2028, 3, 17)
    s1 = solve(problem, time_limit=LIMIT).timetable.get("S1")
    assert s1.end < week.start or s1.start > week.end, s1
