"""Resumed sessions (issue 19, point 1): a session may say `resumes: B`. The resumed
part continues B's text: no document pipeline before it (document-lead-time) and no
minimum gap after B (session-order), though it still follows B; it is named after B
unless it gives a name; and it is B for the counts (session-count, sessions-per-year).
`documents: {new_text: false}` spares a session the pipeline too. Bad references are
one message with file and line, exit 2."""

from __future__ import annotations

import copy
import json

import pytest
from click.testing import CliRunner

from conftest import LIMIT, model_from, small_model_dict, write_model
from constraints import evaluate
from constraints.document_lead_time import DocumentLeadTime
from constraints.session_count import SessionCount
from constraints.session_order import SessionOrder
from constraints.sessions_per_year import SessionsPerYear
from schedule_planner.cli import main
from schedule_planner.domain.problem import Problem
from schedule_planner.rows import timetable_rows
from schedule_planner.solver import solve
from test_lengths import P
from verifier import verify

# B (two weeks) resumed for three days: the small model's A, B, Br, C, with a minimum gap
# of two weeks between sessions and its pipeline of three weeks (1 + 0 + 2)
RESUMED = {"id": "Br", "resumes": "B", "length": {"days": 3}, "room": {"seats": 200}}


def resumed(**fields) -> dict:
    data = small_model_dict()
    data["documents"]["min_gap_weeks"] = 2
    data["sessions"].insert(2, {**copy.deepcopy(RESUMED), **fields})
    return data


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


B = P("B", "2023-04-17", "2023-04-28")
BR = P("Br", "2023-05-02", "2023-05-04")  # the first meeting day after B (1 May is closed)


def test_a_resumed_part_is_named_after_the_session_it_resumes_unless_named():
    model = model_from(resumed())
    assert model.session("Br").name == "Resumed second"
    assert model_from(resumed(name="Second, resumed")).session("Br").name == "Second, resumed"
    data = resumed()
    data["sessions"].insert(3, {**copy.deepcopy(RESUMED), "id": "Br2"})
    data["sessions"][1]["name"] = "INB9"
    model = model_from(data)
    assert (model.session("Br").name, model.session("Br2").name) == ("Resumed INB9", "Resumed INB9, part 2")


def test_document_lead_time_and_session_order_skip_a_resumed_part():
    problem = Problem(model_from(resumed()))
    verify(DocumentLeadTime).given(problem, B, BR).holds()
    verify(SessionOrder).given(problem, B, BR).holds()
    # ... but it still follows B
    verify(SessionOrder).given(problem, B, P("Br", "2023-04-26", "2023-04-28")).breaks("Br")
    # without `resumes`, the same dates break both
    data = resumed(name="Third")
    del data["sessions"][2]["resumes"]
    plain = Problem(model_from(data))
    verify(DocumentLeadTime).given(plain, B, BR).breaks("Br")
    verify(SessionOrder).given(plain, B, BR).breaks("Br")
    # the session after the part needs its pipeline after the part: C 2 weeks after Br
    # closes is a week short of the three weeks of documents
    verify(DocumentLeadTime).given(problem, B, BR, P("C", "2023-05-22", "2023-05-24")).breaks("C")


def test_a_session_that_needs_no_new_text_has_no_pipeline_but_keeps_its_gap():
    data = small_model_dict()
    data["documents"]["min_gap_weeks"] = 1
    data["sessions"][2]["documents"] = {"new_text": False}
    problem = Problem(model_from(data))
    c = P("C", "2023-05-08", "2023-05-10")  # 10 days after B: no three weeks of documents
    verify(DocumentLeadTime).given(problem, B, c).holds()
    verify(SessionOrder).given(problem, B, c).holds()
    verify(SessionOrder).given(problem, B, P("C", "2023-05-02", "2023-05-04")).breaks("C")
    rows = {r.session.id: r for r in timetable_rows(problem, _timetable(B, c))}
    assert rows["C"].deadlines == {}


def _timetable(*placements):
    from conftest import timetable

    return timetable(*placements)


def test_a_resumed_part_counts_as_the_session_it_resumes():
    data = resumed()
    data["committee"].update(min_sessions=3, max_sessions=3, sessions_per_year={"max": 3})
    problem = Problem(model_from(data))
    a, c = P("A", "2023-03-06", "2023-03-10"), P("C", "2023-06-12", "2023-06-14", room="small")
    verify(SessionCount).given(problem, a, B, BR, c).holds()
    verify(SessionsPerYear).given(problem, a, B, BR, c).holds()
    data["committee"].update(min_sessions=None, max_sessions=2, sessions_per_year={"min": 4})
    problem = Problem(model_from(data))
    verify(SessionCount).given(problem, a, B, BR, c).breaks("test").says("holds 3 sessions, at most 2")
    verify(SessionsPerYear).given(problem, a, B, BR, c).breaks("test").says("3 sessions opening in 2023")


def test_the_solver_places_the_part_right_after_its_session():
    data = resumed()
    data["sessions"][2]["window"] = {"start": "2023-04-01", "end": "2023-05-31"}
    result = solve(Problem(model_from(data)), time_limit=LIMIT)
    b, br = result.timetable.get("B"), result.timetable.get("Br")
    assert b.end < br.start and (br.start - b.end).days < 14  # within the minimum gap
    assert not [f for f in result.findings if f.breach]


@pytest.mark.parametrize(
    "fmt, expected",
    [
        ("table", "Resumed second"),
        ("json", '"name": "Resumed second"'),
        ("csv", "Resumed second"),
        ("markdown", "Resumed second"),
        ("ics", "Resumed second"),
    ],
)
def test_every_format_names_the_resumed_part(tmp_path, fmt, expected):
    path = write_model(tmp_path, resumed())
    result = run("solve", path, "-f", fmt, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out").read_text()
    assert expected in text
    if fmt == "json":
        [row] = [s for s in json.loads(text)["sessions"] if s["id"] == "Br"]
        assert row.get("resumes") == "B"


def test_min_sessions_counts_no_resumed_part(tmp_path):
    data = resumed()
    data["committee"]["min_sessions"] = 4
    path = write_model(tmp_path, data)
    result = run("validate", path)
    assert result.exit_code == 2 and "4 sessions cannot meet: the model lists 3" in result.output


def bad(tmp_path, change) -> str:
    data = resumed()
    change(data)
    path = write_model(tmp_path, data)
    result = run("validate", path)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and f"{path}:" in lines[0], result.output
    return lines[0]


def _set(key, value, at=2):
    return lambda data: data["sessions"][at].update({key: value})


def _other_body(data):
    data["bodies"] = [
        {
            "id": "other",
            "name": "Other",
            "sessions": [{"id": "X1", "name": "X", "length": {"weeks": 1}, "room": {"seats": 50}}],
        }
    ]
    data["sessions"][2]["resumes"] = "X1"


def _listed_first(data):
    data["sessions"].insert(0, data["sessions"].pop(2))


def _chain(data):
    data["sessions"].insert(3, {**copy.deepcopy(RESUMED), "id": "Br2", "resumes": "Br"})


def _between(data):
    data["sessions"].insert(2, data["sessions"].pop(3))  # C between B and Br


def _consultation(data):
    data["sessions"].insert(
        2, {"id": "K", "kind": "consultation", "after": "B", "name": "K", "length": {"days": 1}}
    )
    data["sessions"][3]["resumes"] = "K"


@pytest.mark.parametrize(
    "change, message",
    [
        (_set("resumes", "Z"), "sessions[2].resumes: 'Z' is not a session of this body (known: A, B, C)"),
        (_set("resumes", "Br"), "sessions[2].resumes: 'Br' is this session itself"),
        (_other_body, "sessions[2].resumes: 'X1' is a session of other"),
        (_listed_first, "sessions[0].resumes: 'B' is listed after Br"),
        (_chain, "sessions[3].resumes: 'Br' is itself a resumed part of B: write `resumes: B`"),
        (_between, "sessions[3].resumes: 'B' is not the session before Br: C is listed between them"),
        (_set("optional", True, at=1), "sessions[2].resumes: 'B' is optional"),
        (_consultation, "sessions[3].resumes: 'K' is a consultation"),
        (_set("position", "last"), "sessions[2]: Value error"),
    ],
)
def test_a_bad_resumes_is_one_message_with_file_and_line(tmp_path, change, message):
    line = bad(tmp_path, change)
    if message.endswith("Value error"):
        assert "resumes B, so it follows it: `position`" in line, line
    else:
        assert message in line, line


def test_check_of_a_resumed_part_close_after_its_session_finds_nothing(tmp_path):
    path = write_model(tmp_path, resumed())
    problem = Problem(model_from(resumed()))
    a, c = P("A", "2023-03-06", "2023-03-10"), P("C", "2023-06-12", "2023-06-14", room="small")
    findings = evaluate(problem, _timetable(a, B, BR, c))
    assert not [f for f in findings if f.breach], findings
    assert path.exists()


def test_the_html_report_names_the_resumed_part_and_draws_no_pipeline_into_it(tmp_path):
    path = write_model(tmp_path, resumed())
    result = run("report", path, "-o", tmp_path / "r.html")
    assert result.exit_code == 0, result.output
    assert "Resumed second" in (tmp_path / "r.html").read_text()
