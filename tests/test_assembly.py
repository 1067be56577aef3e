"""The General Assembly for any session: rule 1 and the practice (schedule_planner/
assembly.py, data/assembly.yaml), published openings over derived ones, reports and
approvals to any session, and the Assembly's occupancy of Headquarters."""

from __future__ import annotations

import json
from datetime import date

import yaml
from click.testing import CliRunner

from conftest import NYC, load_model, small_model_dict, write_model
from schedule_planner import assembly, loading
from schedule_planner.cli import main
from schedule_planner.domain.schema import STAGES

D = date.fromisoformat


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def shipped():
    """The shipped data's practice and listed sessions ({number: session})."""
    file = loading.read_model_file(None)[0]
    return file.assembly_practice, {a.session: a for a in file.assembly}


# ---------------------------------------------------------------- rule 1


# A/INF/71/1's planned openings of the 72nd-81st sessions and of their general debates
# (ask.un.org/faq/14598): each the day rule 1 gives, the debate a week later.
PLANNED = {
    72: ("2017-09-12", "2017-09-19"),
    73: ("2018-09-18", "2018-09-25"),
    74: ("2019-09-17", "2019-09-24"),
    75: ("2020-09-15", "2020-09-22"),
    76: ("2021-09-14", "2021-09-21"),
    77: ("2022-09-13", "2022-09-20"),
    78: ("2023-09-12", "2023-09-19"),
    79: ("2024-09-17", "2024-09-24"),
    80: ("2025-09-16", "2025-09-23"),
    81: ("2026-09-15", "2026-09-22"),
}


def test_rule_one_gives_every_opening_a_inf_71_1_planned():
    for number, (opens, debate) in PLANNED.items():
        assert assembly.rule_one(assembly.session_year(number)) == D(opens), number
        practice, _ = shipped()
        week = assembly.practice_span(practice, "high_level_week", assembly.session_year(number), D(opens))
        assert week is not None and week[0] < D(debate) < week[1], number


# The openings as held, each with its source (data/assembly.yaml):
HELD = {
    75: "2020-09-15",  # A/INF/71/1's date (ask.un.org/faq/14598)
    76: "2021-09-14",  # domain notes
    77: "2022-09-13",  # domain notes
    78: "2023-09-05",  # domain notes
    79: "2024-09-10",  # domain notes
    80: "2025-09-09",  # domain notes
    81: "2026-09-08",  # dig.watch event page for UNGA 81 (third party): to confirm
}


def test_rule_one_against_every_published_opening():
    """Rule 1 reproduces the 75th-77th openings; the 78th-81st opened a week before it."""
    departures = {n: (D(held) - assembly.rule_one(assembly.session_year(n))).days for n, held in HELD.items()}
    assert [n for n, days in departures.items() if days == 0] == [75, 76, 77]
    assert {n: days for n, days in departures.items() if days} == {78: -7, 79: -7, 80: -7, 81: -7}


def test_the_shipped_data_keeps_every_published_opening():
    practice, listed = shipped()
    for number, held in HELD.items():
        session = assembly.derive(practice, number, listed.get(number))
        assert session.opens == D(held), number
        assert "opens" not in session.derived, number


def test_a_published_opening_beats_rule_one():
    practice, _ = shipped()
    assert assembly.derive(practice, 80).opens == D("2025-09-09")
    bare = practice.model_copy(update={"openings": {}})
    derived = assembly.derive(bare, 80)
    assert derived.opens == D("2025-09-16") and "opens" in derived.derived
    # the 83rd: no published opening, rule 1's Tuesday (1 Sep 2028 is a Friday)
    assert assembly.derive(practice, 83).opens == D("2028-09-12")


def test_the_practice_derives_every_window():
    practice, _ = shipped()
    s = assembly.derive(practice, 83)
    assert s.high_level_week.start == D("2028-09-18") and s.high_level_week.end == D("2028-09-25")
    assert (s.main_part.start, s.main_part.end) == (D("2028-09-12"), D("2028-12-22"))
    assert (s.third_committee.start, s.third_committee.end) == (D("2028-10-01"), D("2028-11-30"))
    assert (s.plenary.start, s.plenary.end) == (D("2028-12-01"), D("2028-12-22"))
    assert set(s.derived) == {"opens", *assembly.ASSEMBLY_WINDOWS}
    # the Friday before 25 December, a Friday itself in 2026
    assert assembly.derive(practice, 81).plenary.end == D("2026-12-18")


def test_a_listed_session_keeps_its_days():
    """The default model's 76th-79th sessions stay as listed; the practice adds only the
    windows they do not give."""
    practice, listed = shipped()
    for number in (76, 77, 78, 79):
        mine = listed[number]
        full = assembly.derive(practice, number, mine)
        for window in ("opens", *STAGES):
            assert getattr(full, window) == getattr(mine, window), (number, window)
        assert set(full.derived) == {"high_level_week", "main_part"}
    assert listed[78].second_committee.start == D("2023-09-28")
    assert listed[79].third_committee.start == D("2024-10-01")
    assert listed[79].plenary.end == D("2024-12-31")


def test_a_model_may_change_the_practice(tmp_path):
    data = ny_model()
    data["assembly_practice"] = {"third_committee": {"start": "10-05", "end": "11-25"}}
    model = load_model(write_model(tmp_path, data))
    s = model.assembly_session(83)
    assert (s.third_committee.start, s.third_committee.end) == (D("2028-10-05"), D("2028-11-25"))


# ---------------------------------------------------------------- reports and approvals to any session


def ny_model(**changes) -> dict:
    """A committee meeting at New York in 2027-2028 with the shipped data, its text for
    the 83rd session's Third Committee and a report to the 82nd."""
    data = {
        "include": ["planner:venues.yaml", "planner:holidays.yaml", "planner:assembly.yaml"],
        "committee": {"id": "nyc", "name": "New York Committee", "approval": {"assembly": 83}},
        "window": {"start": "2027-01-01", "end": "2028-06-30"},
        "weights": {"spread": 0},
        "documents": {
            "contributions_weeks": 1,
            "consolidation_weeks": 0,
            "submission_weeks": 4,
            "issuance_weeks": 2,
        },
        "reports": [{"id": "R82", "name": "Report to the 82nd session", "assembly": 82}],
        "sessions": [
            {
                "id": "S1",
                "name": "First session",
                "length": {"weeks": 1},
                "window": {"start": "2027-01-01", "end": "2027-12-31"},
                "venues": ["unhq"],
                "room": {"seats": 300, "interpretation": 6},
            },
            {
                "id": "S2",
                "name": "Second session",
                "length": {"weeks": 1},
                "window": {"start": "2028-01-01", "end": "2028-06-30"},
                "venues": ["unhq"],
                "room": {"seats": 300, "interpretation": 6},
            },
        ],
    }
    data.update(changes)
    return data


def test_an_approval_to_the_83rd_session_loads_and_solves(tmp_path):
    path = write_model(tmp_path, ny_model())
    result = run("solve", path)
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    note = "derived: confirm against the Assembly's programme of work"
    assert f"82nd session (Third Committee, {note})" in said
    assert f"83rd session: the Third Committee considers the text ({note})" in said
    assert f"83rd session: the plenary adopts ({note})" in said


def proposal(tmp_path, s1: tuple[str, str], s2: tuple[str, str] = ("2028-03-06", "2028-03-10")):
    sessions = [
        {"id": "S1", "start": s1[0], "end": s1[1], "venue": "unhq"},
        {"id": "S2", "start": s2[0], "end": s2[1], "venue": "unhq"},
    ]
    path = tmp_path / "dates.yaml"
    path.write_text(yaml.safe_dump({"sessions": sessions}))
    return path


def findings(tmp_path, data, s1, s2=("2028-03-06", "2028-03-10")) -> list[dict]:
    model = write_model(tmp_path, data)
    result = run("check", "-m", model, "--format", "json", proposal(tmp_path, s1, s2))
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["findings"]


def test_findings_mark_a_derived_window(tmp_path):
    """S2 closes after the 83rd session's Third Committee's due date; R82 finds no meeting
    in time: both findings say the window is derived."""
    said = findings(tmp_path, ny_model(), ("2027-10-11", "2027-10-15"), ("2028-09-04", "2028-09-08"))
    messages = {f["rule"]: f["message"] for f in said}
    note = "derived: confirm against the Assembly's programme of work"
    assert note in messages["approval-in-time"]
    assert (
        "83rd session: its Third Committee considers it from Sun 1 Oct 2028 (" + note
        in (messages["approval-in-time"])
    )
    assert "82nd session (Third Committee, " + note in messages["progress-report"]


def test_the_advice_marks_a_derived_window(tmp_path):
    """S2, fixed in the second week of September 2028, closes too late for the 83rd session's Third
    Committee: the advice sends the text to its plenary, a derived window too."""
    data = ny_model(window={"start": "2027-01-01", "end": "2028-12-31"})
    data["sessions"][1]["window"] = {"start": "2028-01-01", "end": "2028-12-31"}
    data["sessions"][1]["fixed"] = {"start": "2028-09-11", "end": "2028-09-15"}
    result = run("solve", write_model(tmp_path, data))
    assert result.exit_code == 1
    assert (
        "send the text to the General Assembly's 83rd session, its plenary (instead of the 83rd "
        "session's Third Committee; derived: confirm against the Assembly's programme of work)"
    ) in " ".join(result.output.split())


def test_a_listed_window_is_not_called_derived(tmp_path):
    data = ny_model(committee={"id": "nyc", "name": "New York Committee", "approval": {"assembly": 79}})
    data["window"] = {"start": "2023-01-01", "end": "2024-06-30"}
    data["reports"] = [{"id": "R79", "name": "Report", "assembly": 79}]
    for s, year in zip(data["sessions"], (2023, 2024)):
        s["window"] = {"start": f"{year}-01-01", "end": f"{year}-06-30"}
    said = findings(tmp_path, data, ("2023-03-06", "2023-03-10"), ("2024-09-02", "2024-09-06"))
    assert any(f["rule"] == "approval-in-time" for f in said)
    assert not any("derived" in f["message"] for f in said)


def test_a_session_outside_the_years_is_refused(tmp_path):
    data = ny_model(committee={"id": "nyc", "name": "New York Committee", "approval": {"assembly": 255}})
    path = write_model(tmp_path, data)
    result = run("validate", path)
    assert result.exit_code == 2
    line = path.read_text().splitlines().index("    assembly: 255") + 1
    assert f"{path}:{line}" in result.output and "approval.assembly" in result.output
    assert "255th session would open in 2200" in result.output
    # a session the model lists, likewise
    data = ny_model(committee={"id": "nyc", "name": "New York Committee", "approval": {"assembly": 83}})
    data["assembly"] = [
        {"session": 300, "opens": "2025-09-09", "plenary": {"start": "2025-12-01", "end": "2025-12-19"}}
    ]
    result = run("validate", write_model(tmp_path, data))
    assert result.exit_code == 2 and "300th session would open in 2245" in result.output
    assert "assembly[0].session" in result.output


def test_without_the_practice_an_unlisted_session_is_refused(tmp_path):
    """A model of its own venue (planner:venues.yaml brings the Assembly with it)."""
    data = ny_model(include=["planner:holidays.yaml"])
    data["venues"] = [{**NYC, "id": "unhq"}]
    result = run("validate", write_model(tmp_path, data))
    assert result.exit_code == 2
    assert "no General Assembly session 83" in result.output and "planner:assembly.yaml" in result.output


def test_bad_practice_names_file_line_and_field(tmp_path):
    for practice, field, words in (
        (
            {"third_committee": {"start": "10-32", "end": "11-30"}},
            "assembly_practice.third_committee.start",
            "10-32",
        ),
        (
            {"plenary": {"start": "12-20", "end": "monday before 12-25"}},
            "assembly_practice.plenary.end",
            "ends before",
        ),
        ({"openings": {82: "2026-09-08"}}, "assembly_practice.openings[82]", "opens in 2027, not 2026"),
        (
            {"occupancy": [{"series": "x", "window": "plenary", "name": "X", "rooms": ["nowhere"]}]},
            "assembly_practice.occupancy[0].rooms[0]",
            "no room 'nowhere'",
        ),
        (
            {"plenary": {"start": "opening + x", "end": "12-20"}},
            "assembly_practice.plenary.start",
            "`opening + N`",
        ),
    ):
        path = write_model(tmp_path, ny_model(assembly_practice=practice))
        result = run("validate", path)
        assert result.exit_code == 2, (practice, result.output)
        assert f"{path}:" in result.output and field in result.output and words in result.output, (
            result.output
        )


# ---------------------------------------------------------------- Headquarters' occupancy


def test_a_new_york_session_in_october_breaks_check_but_not_in_march(tmp_path):
    said = findings(tmp_path, ny_model(), ("2027-10-11", "2027-10-15"))
    broken = {(f["session"], f["rule"]) for f in said if f["level"] == "hard"}
    assert ("S1", "interpretation-capacity") in broken
    assert not any(session == "S2" for session, _ in broken)
    capacity = next(f for f in said if f["rule"] == "interpretation-capacity")
    assert "General Assembly Third Committee (projected, 1)" in capacity["message"]
    assert capacity["message"].endswith("; projected: confirm against the calendar of conferences")


def test_the_high_level_week_holds_every_room(tmp_path):
    """The 82nd session's high-level week, 20-27 Sep 2027: no room is free."""
    said = findings(tmp_path, ny_model(), ("2027-09-20", "2027-09-24"))
    assert ("S1", "room-free") in {(f["session"], f["rule"]) for f in said}


def test_the_occupancy_is_projected_for_the_years_needed(tmp_path):
    model = load_model(write_model(tmp_path, ny_model()))
    held = [m for m in model.meetings if m.series and m.series.startswith("ga-")]
    assert {m.start.year for m in held} == {2026, 2027, 2028, 2029}
    third = next(m for m in held if m.id == "ga-third-committee-2027-10-01")
    assert third.projected and third.venue == "unhq" and third.rooms == ["cr3"] and third.source
    assert third.series == "ga-third-committee" and third.end == D("2027-11-30")


def test_a_published_meeting_replaces_the_projected_one(tmp_path):
    data = ny_model()
    data["meetings"] = [
        {
            "body": "General Assembly Third Committee",
            "venue": "unhq",
            "rooms": ["cr3"],
            "start": "2027-10-04",
            "end": "2027-11-19",
            "series": "ga-third-committee",
            "source": "programme of work",
        }
    ]
    model = load_model(write_model(tmp_path, data))
    thirds = [m for m in model.meetings if m.series == "ga-third-committee" and m.start.year == 2027]
    assert [(m.start, m.projected) for m in thirds] == [(D("2027-10-04"), False)]


def test_no_occupancy_without_the_venue(tmp_path):
    data = small_model_dict()
    data["include"] = ["planner:assembly.yaml"]
    data["committee"]["approval"] = {"assembly": 83}
    model = load_model(write_model(tmp_path, data))
    assert model.meetings and not any(m.projected for m in model.meetings)
    assert model.assembly_session(83) is not None


def test_planner_model_shows_the_derived_sessions(tmp_path):
    result = run("model", write_model(tmp_path, ny_model()))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = lines.index("  - session: 83  # derived")
    assert "    opens: 2028-09-12  # derived" in lines[at + 1 : at + 3]
    assert any("id: ga-third-committee-2027-10-01  # projected" in line for line in lines)
    at = lines.index("  - session: 81  # derived")
    assert lines[at + 1].startswith("    opens: 2026-09-08  # planner:assembly.yaml:")  # published
