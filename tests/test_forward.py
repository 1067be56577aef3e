"""Planning forward: a negotiation of 2027-2030 at each of the four main duty stations,
written as a new user writes it (the shipped data included by name, nothing pasted),
loads with no warning, solves, and keeps clear of the other bodies' projected meetings:
the General Assembly's high-level week at New York, CND's March session at Vienna."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from conftest import load_model, write
from schedule_planner.cli import main

SHIPPED = "include: [planner:venues.yaml, planner:holidays.yaml, planner:assembly.yaml]\n"
HEAD = """
committee: {id: fwd, name: Forward Committee}
window: {start: 2027-01-01, end: 2030-12-31}
documents: {contributions_weeks: 2, consolidation_weeks: 2, submission_weeks: 10, issuance_weeks: 6}
"""


def negotiation(venue: str) -> str:
    """Four two-week sessions, one a year, at the venue, in a room for 300."""
    sessions = "".join(
        f"  - {{id: S{i}, name: Session {i}, length: {{weeks: 2}}, window: {{start: {year}-01-01, end: {year}-12-31}}, "
        f"venues: [{venue}], room: {{seats: 300, interpretation: 6}}}}\n"
        for i, year in enumerate(range(2027, 2031), 1)
    )
    return SHIPPED + HEAD + "sessions:\n" + sessions


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def solved(path) -> list[dict]:
    result = run("solve", path, "--format", "json", "--time-limit", 120)
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr.lower(), result.stderr
    return json.loads(result.stdout)["sessions"]


@pytest.mark.parametrize("venue", ["vic", "unhq", "unog", "unon"])
def test_a_negotiation_of_2027_2030_at_each_duty_station_solves_without_warning(tmp_path, venue):
    path = write(tmp_path, "m.yaml", negotiation(venue))
    model = load_model(path)
    assert model.warnings() == []
    # the shipped data covers the years: holidays at the venue and other bodies meeting there
    years = set(range(2027, 2031))
    for cal in (model.calendar(c) for c in model.venue(venue).holidays):
        assert cal is not None and (cal.kind == "recess" or years <= {h.date.year for h in cal.days}), cal
    # (every year but Nairobi's, where UNEA meets in odd years)
    assert {2027, 2029} <= {m.start.year for m in model.meetings if m.venue == venue and m.projected}
    sessions = solved(path)
    assert [s["venue"] for s in sessions] == [venue] * 4
    assert [date.fromisoformat(s["start"]).year for s in sessions] == [2027, 2028, 2029, 2030]


def one_week(venue: str, start: str, end: str, seats: int) -> str:
    return (
        SHIPPED
        + HEAD
        + f"sessions:\n  - {{id: S1, name: Only session, length: {{weeks: 1}}, window: {{start: {start}, end: {end}}}, "
        f"venues: [{venue}], room: {{seats: {seats}, interpretation: 6}}}}\n"
    )


def overlaps(session: dict, first: date, last: date) -> bool:
    return date.fromisoformat(session["start"]) <= last and date.fromisoformat(session["end"]) >= first


def test_a_new_york_session_keeps_out_of_the_high_level_week(tmp_path):
    """September 2028: the Assembly's high-level week holds every room at Headquarters, so
    a week's session there takes the week before it, the only free one in its window."""
    path = write(tmp_path, "m.yaml", one_week("unhq", "2028-09-04", "2028-09-29", 300))
    model = load_model(path)
    week = next(m for m in model.meetings if m.series == "ga-high-level-week" and m.start.year == 2028)
    assert week.projected and week.venue == "unhq"
    [session] = solved(path)
    assert not overlaps(session, week.start, week.end), (session, week)


def test_a_vienna_session_keeps_out_of_cnds_march_session(tmp_path):
    """March 2028: CND's projected session holds the Plenary Hall, the one room for 1,000."""
    path = write(tmp_path, "m.yaml", one_week("vic", "2028-03-01", "2028-03-31", 1000))
    model = load_model(path)
    cnd = next(m for m in model.meetings if m.body == "CND" and m.start.year == 2028 and m.start.month == 3)
    assert cnd.projected and cnd.rooms == ["plenary-m"]
    [session] = solved(path)
    assert session["room"] == "plenary-m"
    assert not overlaps(session, cnd.start, cnd.end), (session, cnd)


def test_a_year_before_the_projection_without_meetings_is_warned_of(tmp_path):
    """Before the regular bodies' projection begins, a year with no listed meeting at the
    venue would show its rooms as free: planner says so, until the year's meetings are given."""
    text = SHIPPED + HEAD.replace("2027-01-01", "2015-01-01").replace("2030-12-31", "2016-12-31")
    text += "sessions:\n  - {id: S1, name: One, length: {weeks: 1}, venues: [vic], room: {seats: 300, interpretation: 6}}\n"
    [warning] = [w for w in load_model(write(tmp_path, "m.yaml", text)).warnings() if "no other bodies" in w]
    assert (
        "at the Vienna International Centre in 2015, 2016: its regular bodies are projected from" in warning
    )
    listed = (
        "meetings:\n  - {body: CND, venue: vic, start: 2015-03-09, end: 2015-03-13, rooms: [plenary-m]}\n"
    )
    [warning] = [
        w for w in load_model(write(tmp_path, "n.yaml", text + listed)).warnings() if "no other" in w
    ]
    assert "in 2016:" in warning and "that year's calendar of conferences" in warning


def test_the_shipped_venues_bring_the_assembly_to_new_york(tmp_path):
    """A model that names only the venues (no planner:assembly.yaml) still sees the
    Assembly's main part at Headquarters: an October week there breaks check."""
    text = "include: [planner:venues.yaml, planner:holidays.yaml]\n" + HEAD
    text += (
        "sessions:\n  - {id: S1, name: One, length: {weeks: 1}, window: {start: 2027-10-01, end: "
        "2027-10-31}, venues: [unhq], room: {seats: 300, interpretation: 6}}\n"
    )
    model = write(tmp_path, "m.yaml", text)
    proposal = write(tmp_path, "p.yaml", "sessions:\n  - {id: S1, start: 2027-10-11, end: 2027-10-15}\n")
    result = run("check", "-m", model, "-f", "json", proposal)
    assert result.exit_code == 1, result.output
    said = json.loads(result.stdout)["findings"]
    capacity = next(f for f in said if f["rule"] == "interpretation-capacity")
    assert "General Assembly Third Committee (projected, 1)" in capacity["message"]
