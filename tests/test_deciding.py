"""Deciding bodies as data (issue 19, point 4): an approval or a progress report goes to
the General Assembly's plenary or any of its six Main Committees, or, with `to:`, to
another organisation's governing body listed under `deciding` with its own sessions'
dates. Each is judged against the dates the model gives, and worded with the names the
model gives: never a fixed "Third Committee"."""

from __future__ import annotations

import copy
from datetime import date, timedelta

import pytest
import yaml
from click.testing import CliRunner

from conftest import LIMIT, model_from, small_model_dict, write_model
from constraints.approval_in_time import ApprovalInTime
from constraints.progress_report import ProgressReport
from schedule_planner.cli import main
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.timetable import Placement
from schedule_planner.explain import explain_calendar
from schedule_planner.rows import milestones, report_rows
from schedule_planner.solver import solve
from verifier import verify

D = date.fromisoformat


def P(session, start, end, room="big"):
    return Placement(session, "vic", room, D(start), D(end))


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# The small committee's sessions, A in March, B in April, C closing on the day given.
def placed(c_closes: str) -> list[Placement]:
    c_opens = (D(c_closes) - timedelta(days=2)).isoformat()
    return [P("A", "2023-03-06", "2023-03-10"), P("B", "2023-04-17", "2023-04-28"), P("C", c_opens, c_closes)]


def with_assembly(**approval) -> dict:
    """The small committee (submission 2 weeks ahead) and a General Assembly session whose
    Third Committee opens on 1 July 2023 and Second Committee on 17 July."""
    data = small_model_dict()
    data["assembly"] = [
        {
            "session": 78,
            "opens": "2023-06-20",
            "second_committee": {"start": "2023-07-17", "end": "2023-07-28"},
            "third_committee": {"start": "2023-07-01", "end": "2023-07-31"},
            "plenary": {"start": "2023-08-01", "end": "2023-08-31"},
        }
    ]
    if approval:
        data["committee"]["approval"] = approval
    return data


WHA = {
    "id": "wha",
    "name": "World Health Assembly",
    "short_name": "WHA",
    "sessions": [
        # WHA76 met 21-30 May 2023 (who.int); the 77th, 27 May-1 June 2024
        {"session": 76, "plenary": {"start": "2023-05-21", "end": "2023-05-30"}, "source": "who.int"},
        {"session": 77, "plenary": {"start": "2024-05-27", "end": "2024-06-01"}, "source": "who.int"},
    ],
}


def with_wha(**changes) -> dict:
    """The small committee, its sessions 2 weeks apart (no contributions week), and the
    World Health Assembly's 76th and 77th sessions."""
    data = small_model_dict()
    data["documents"]["contributions_weeks"] = 0
    data["deciding"] = [copy.deepcopy(WHA)]
    data.update(changes)
    return data


# ---------------------------------------------------------------- a Main Committee


def test_an_approval_by_the_second_committee_is_judged_against_its_dates():
    """Due 2 weeks before the Second Committee opens (17 July): by 3 July. C closing on
    30 June is in time for it, though late for the Third Committee (due 17 June)."""
    second = Problem(model_from(with_assembly(assembly=78, stage="second_committee")))
    third = Problem(model_from(with_assembly(assembly=78)))
    verify(ApprovalInTime).given(second, *placed("2023-06-30")).holds()
    verify(ApprovalInTime).given(third, *placed("2023-06-30")).breaks("C").says("Third Committee")
    verify(ApprovalInTime).given(second, *placed("2023-07-05")).breaks("C").says(
        "C closes 2 days too late for the text to reach the General Assembly's 78th session: its "
        "Second Committee considers it from Mon 17 Jul 2023, and the text is submitted 2 weeks "
        "before, by Mon 3 Jul 2023"
    )
    said = verify(ApprovalInTime).given(second, *placed("2023-07-05")).findings
    assert "Third Committee" not in " ".join(f.message for f in said)


def test_solve_words_the_second_committee_milestone_and_explanation():
    problem = Problem(model_from(with_assembly(assembly=78, stage="second_committee")))
    tt = solve(problem, time_limit=LIMIT).timetable
    assert max(p.end for p in tt.placements.values()) <= D("2023-07-03")
    names = {m.id: (m.name, m.start, m.end) for m in milestones(problem, tt)}
    assert names["consideration"] == (
        "General Assembly, 78th session: the Second Committee considers the text",
        D("2023-07-17"),
        D("2023-07-28"),
    )
    [said] = [e for e in explain_calendar(problem, tt) if e.id == "approval"]
    assert "before the Assembly takes it up on Mon 17 Jul 2023, by Mon 3 Jul 2023" in said.message


def test_a_report_to_a_main_committee_counts_back_from_its_window():
    data = with_assembly()
    data["reports"] = [{"id": "R", "name": "Report", "assembly": 78, "stage": "second_committee"}]
    problem = Problem(model_from(data))
    # cut-off: 17 July less 2 weeks' submission and 2 of drafting: 19 June
    verify(ProgressReport).given(problem, *placed("2023-06-16")).holds()
    verify(ProgressReport).given(
        problem,
        P("A", "2023-06-20", "2023-06-23"),
        P("B", "2023-06-26", "2023-07-07"),
        P("C", "2023-07-10", "2023-07-12"),
    ).breaks("R").says("R goes to the General Assembly's 78th session (Second Committee)", "Mon 19 Jun 2023")


# ---------------------------------------------------------------- another organisation's body


def test_a_report_to_the_world_health_assembly_uses_the_models_dates():
    """WHA76 opens on 21 May 2023: with 2 weeks' submission and 2 of drafting a meeting
    of the committee closes by 23 April."""
    data = with_wha(reports=[{"id": "R", "name": "Report to WHA76", "to": "wha", "assembly": 76}])
    problem = Problem(model_from(data))
    assert problem.model.bodies[0].reports[0].stage == "plenary"
    verify(ProgressReport).given(problem, *placed("2023-06-14")).holds()  # A closes 10 March
    late = [
        P("A", "2023-04-24", "2023-04-28"),
        P("B", "2023-05-08", "2023-05-19"),
        P("C", "2023-06-12", "2023-06-14"),
    ]
    verify(ProgressReport).given(problem, *late).breaks("R").says(
        "R goes to the World Health Assembly's 76th session: a meeting of Test Committee must close "
        "by Sun 23 Apr 2023",
        "the nearest, A, closes on Fri 28 Apr 2023, 5 days too late",
    )
    tt = solve(problem, time_limit=LIMIT).timetable
    [row] = report_rows(problem, tt)
    assert row.goes_to == "the World Health Assembly's 76th session" and row.opens == D("2023-05-21")
    assert row.deadlines["cut-off"] == D("2023-04-23") and row.basis is not None


def test_an_approval_for_the_world_health_assembly_is_worded_with_its_names():
    data = with_wha()
    data["committee"]["approval"] = {"name": "Adoption by WHA76", "to": "wha", "assembly": 76}
    problem = Problem(model_from(data))
    verify(ApprovalInTime).given(problem, *placed("2023-05-10")).breaks("C").says(
        "C closes 3 days too late for the text to reach the World Health Assembly's 76th session: "
        "its plenary considers it from Sun 21 May 2023, and the text is submitted 2 weeks before, "
        "by Sun 7 May 2023"
    )
    tt = solve(problem, time_limit=LIMIT).timetable
    assert max(p.end for p in tt.placements.values()) <= D("2023-05-07")
    assert [(m.id, m.name) for m in milestones(problem, tt)] == [
        ("approval", "Adoption by WHA76"),
        ("adoption", "World Health Assembly, 76th session: the plenary adopts"),
    ]
    [said] = [e for e in explain_calendar(problem, tt) if e.id == "approval"]
    assert "before the WHA takes it up on Sun 21 May 2023" in said.message
    assert "General Assembly" not in said.message


def test_an_approval_too_late_for_its_body_is_advised_the_bodys_next_session(tmp_path):
    from schedule_planner.app import load
    from schedule_planner.diagnose import diagnose

    data = with_wha(window={"start": "2023-03-01", "end": "2024-07-31"})
    data["committee"]["approval"] = {"to": "wha", "assembly": 76}
    data["sessions"][2]["window"] = {"start": "2023-06-01", "end": "2023-07-31"}  # C after WHA76's due date
    problem = load(str(write_model(tmp_path, data)))
    problem.firm = frozenset({("session-window", None)})
    [r] = diagnose(problem, LIMIT).relaxations
    assert r.sets == ["committee.approval.assembly=77"]
    assert "send the text to the World Health Assembly's 77th session, its plenary" in r.advice


# ---------------------------------------------------------------- check and solve agree (CLI)


def test_check_of_the_solved_dates_agrees_and_the_export_names_the_body(tmp_path):
    data = with_wha(reports=[{"id": "R", "name": "Report to WHA76", "to": "wha", "assembly": 76}])
    data["committee"]["approval"] = {"to": "wha", "assembly": 76}
    model = write_model(tmp_path, data)
    solved = run("solve", model, "--format", "json")
    assert solved.exit_code == 0, solved.output
    out = yaml.safe_load(solved.output)
    [report] = out["reports"]
    assert report["goes_to"] == "the World Health Assembly's 76th session" and report["opens"] == "2023-05-21"
    dates = tmp_path / "dates.yaml"
    dates.write_text(
        yaml.safe_dump({"sessions": [{k: s[k] for k in ("id", "start", "end")} for s in out["sessions"]]})
    )
    checked = run("check", dates, "-m", model)
    assert checked.exit_code == 0, checked.output
    late = [{"id": s["id"], "start": s["start"], "end": s["end"]} for s in out["sessions"]]
    late[-1].update(start="2023-05-15", end="2023-05-17")  # C closes after the text is due
    dates.write_text(yaml.safe_dump({"sessions": late}))
    checked = run("check", dates, "-m", model)
    assert checked.exit_code == 1 and "World Health Assembly's 76th session" in checked.output


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "approval, field, words",
    [
        (
            {"to": "who", "assembly": 76},
            "committee.approval.to",
            "'who' names no deciding body under `deciding` (known: wha); leave `to` out for the "
            "General Assembly",
        ),
        (
            {"to": "wha", "assembly": 80},
            "committee.approval.assembly",
            "the model has no World Health Assembly session 80 under `deciding[wha].sessions` (known: 76, 77)",
        ),
        (
            {"to": "wha", "assembly": 76, "stage": "third_committee"},
            "committee.approval.stage",
            "the model gives no window for the Third Committee (third_committee) of World Health "
            "Assembly session 76 under `deciding[wha].sessions`, only for: plenary",
        ),
        (
            {"assembly": 78, "stage": "fifth_committee"},
            "committee.approval.stage",
            "the model gives no window for the Fifth Committee (fifth_committee) of General Assembly "
            "session 78 under `assembly`, only for: second_committee, third_committee, plenary",
        ),
        (
            {"assembly": 78, "stage": "seventh_committee"},
            "committee.approval.stage",
            "Input should be 'first_committee'",
        ),
    ],
)
def test_a_target_the_data_lacks_is_one_message_at_its_line(tmp_path, approval, field, words):
    data = with_assembly()
    data["deciding"] = [copy.deepcopy(WHA)]
    data["committee"]["approval"] = approval
    path = write_model(tmp_path, data)
    result = run("validate", path)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if f"{path}:" in line]
    assert len(lines) == 1, result.output
    assert f"{field}: {words}" in lines[0], result.output
    assert "Traceback" not in result.output


def test_a_report_target_is_checked_at_its_line(tmp_path):
    data = with_wha(
        reports=[
            {"id": "R1", "name": "Report", "to": "unea", "assembly": 6},
            {"id": "R2", "name": "Report", "to": "wha", "session": "B"},
        ]
    )
    path = write_model(tmp_path, data)
    out = run("validate", path).output
    assert "reports[0].to: 'unea' names no deciding body under `deciding` (known: wha)" in out, out
    assert "report 'R2' goes to committee session B: `to` names a deciding body" in out, out


def test_a_deciding_body_listed_twice_is_refused(tmp_path):
    data = with_wha()
    twice = copy.deepcopy(WHA)
    twice["sessions"][1]["session"] = 76
    data["deciding"] = [copy.deepcopy(WHA), copy.deepcopy(WHA), {**twice, "id": "wha-2"}]
    out = run("validate", write_model(tmp_path, data)).output
    assert "deciding[1].id: duplicate deciding body id 'wha'" in out, out
    assert "deciding[2].sessions[1].session: World Health Assembly session 76 is listed twice" in out, out


def test_a_model_without_deciding_bodies_keeps_its_dump():
    dump = model_from(with_assembly(assembly=78)).model_dump_json()
    assert '"deciding"' not in dump and '"to"' not in dump and "first_committee" not in dump


def test_the_shipped_assembly_gives_every_main_committee():
    from conftest import load_model

    model = load_model()
    for ga in model.assembly:
        assert ga.stages() == [
            "first_committee",
            "second_committee",
            "third_committee",
            "fourth_committee",
            "fifth_committee",
            "sixth_committee",
            "plenary",
        ]


def test_the_resolved_model_keeps_its_deciding_bodies(tmp_path):
    from conftest import load_model

    data = with_wha(reports=[{"id": "R", "name": "Report to WHA76", "to": "wha", "assembly": 76}])
    model = write_model(tmp_path, data)
    result = run("model", model)
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.output)["deciding"][0]["name"] == "World Health Assembly"
    resolved = tmp_path / "resolved.yaml"
    resolved.write_text(result.output)
    assert load_model(resolved) == load_model(model)


def test_a_body_whose_name_ends_in_s_is_worded_rightly():
    data = small_model_dict()
    data["deciding"] = [
        {
            "id": "cop-cbd",
            "name": "Conference of the Parties",
            "sessions": [{"session": 16, "plenary": {"start": "2024-10-21", "end": "2024-11-01"}}],
        }
    ]
    data["reports"] = [{"id": "R", "name": "Report to COP 16", "to": "cop-cbd", "assembly": 16}]
    model = model_from(data)
    assert model.goes_to(model.bodies[0].reports[0]) == "the Conference of the Parties' 16th session"
