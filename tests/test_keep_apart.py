"""Keep-apart (issue 19, point 7): a body or a session that avoids another body's
meetings (`avoid: [cnd]`) meets on none of their days, in any room and at any venue:
the solver moves it off them, `check` names the meeting it overlaps, and a name that is
no body's is an input error with file and line."""

from __future__ import annotations

import yaml
from click.testing import CliRunner

from conftest import LIMIT, model_from, model_of_bodies, small_model_dict, write_model
from constraints import evaluate
from schedule_planner.cli import main
from schedule_planner.domain.problem import Problem
from schedule_planner.solver import solve


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def beside_cnd() -> dict:
    """The small model with A preferring CND's week (13-17 March 2023), in any room."""
    data = small_model_dict()
    data["sessions"][0].update(
        room={"seats": 50},
        window={"start": "2023-03-06", "end": "2023-03-31"},
        preferred={"start": "2023-03-13", "end": "2023-03-17"},
    )
    return data


def a_dates(result) -> tuple[str, str]:
    p = result.timetable.get("A")
    return p.start.isoformat(), p.end.isoformat()


def test_the_solver_moves_a_session_off_an_avoided_bodys_days():
    data = beside_cnd()
    result = solve(Problem(model_from(data)), time_limit=LIMIT)
    assert a_dates(result) == ("2023-03-13", "2023-03-17")  # in the small room, beside CND
    data["sessions"][0]["avoid"] = ["cnd"]
    result = solve(Problem(model_from(data)), time_limit=LIMIT)
    start, end = a_dates(result)
    assert end < "2023-03-13" or start > "2023-03-17", (start, end)
    assert not [f for f in result.findings if f.breach]


def test_a_body_avoids_another_planned_body():
    """Two bodies planned together: the first avoids the second by its id, so their
    sessions never share a day, wherever the solver puts them."""
    data = small_model_dict()
    for s in data["sessions"][:2]:
        s.update(
            length={"weeks": 1},
            room={"seats": 50},
            window={"start": "2023-03-20", "end": "2023-04-07"},
            preferred={"start": "2023-03-20", "end": "2023-03-24"},
        )
    model = model_of_bodies(data, [["A", "C"], ["B"]])
    first, second = model.bodies
    assert (first.id, second.id) == ("test1", "test2")
    together = solve(Problem(model), time_limit=LIMIT).timetable
    assert together.get("A").start == together.get("B").start
    apart = model.model_copy(update={"bodies": [first.model_copy(update={"avoid": ["TEST2"]}), second]})
    problem = Problem(apart)
    result = solve(problem, time_limit=LIMIT)
    a, b = result.timetable.get("A"), result.timetable.get("B")
    assert a.end < b.start or b.end < a.start
    assert not [f for f in result.findings if f.breach]
    findings = [f for f in evaluate(problem, together) if f.rule == "keep-apart"]
    assert [f.session for f in findings] == ["A", "B"]
    assert "alongside Body 2's Second (B, " in findings[0].message
    assert "which Body 1 avoids" in findings[1].message


def test_check_names_the_overlapping_meeting(tmp_path):
    data = small_model_dict()
    data["committee"]["avoid"] = ["CND"]
    data["sessions"][0]["room"] = {"seats": 50}
    model = write_model(tmp_path, data)
    dates = tmp_path / "dates.yaml"
    sessions = [
        {"id": "A", "start": "2023-03-13", "end": "2023-03-17", "room": "small"},
        {"id": "B", "start": "2023-04-17", "end": "2023-04-28"},
        {"id": "C", "start": "2023-06-12", "end": "2023-06-14"},
    ]
    dates.write_text(yaml.safe_dump({"sessions": sessions}))
    result = run("check", dates, "-m", model)
    assert result.exit_code == 1, result.output
    out = " ".join(result.output.split())
    assert "keep-apart" in out
    assert "meets 5 days alongside CND (cnd-2023-03-13, Mon 13 - Fri 17 Mar 2023), which" in out


def test_avoid_naming_no_body_is_an_input_error(tmp_path):
    data = small_model_dict()
    data["committee"]["avoid"] = ["cnd", "ccpcj"]
    data["sessions"][1]["avoid"] = ["IAEA", "unodc"]
    data["sessions"][2]["avoid"] = ["Test"]
    path = write_model(tmp_path, data)
    result = run("validate", path)
    assert result.exit_code == 2, result.output
    out = result.output
    assert f"{path}:" in out and "committee.avoid[1]" in out and "'ccpcj' names no body" in out, out
    assert "sessions[1].avoid[1]" in out and "'unodc' names no body" in out, out
    assert "(known: CND, IAEA, test)" in out, out
    assert "sessions[2].avoid[0]" in out and "'Test' is this body itself" in out, out
    assert "'cnd'" not in out and "'IAEA'" not in out


def test_a_model_without_avoid_keeps_its_dump():
    data = small_model_dict()
    assert "avoid" not in model_from(data).model_dump_json()
