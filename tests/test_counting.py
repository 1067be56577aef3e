"""Counting rules (issue 19, point 8): a body's sessions per calendar year
(sessions-per-year) and a venue at which it meets at least once (required-venue), as a
new user would write them: the solver obeys them, `check` names the shortfall in words,
and bad bounds or an unknown venue are input errors with file and line."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from click.testing import CliRunner

from conftest import LIMIT, NYC, model_from, small_model_dict, write_model
from schedule_planner.cli import main
from schedule_planner.domain.problem import Problem
from schedule_planner.solver import solve


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def two_years() -> dict:
    """The small model given 2023 and 2024: its sessions could all open in 2023."""
    data = small_model_dict()
    data["window"] = {"start": "2023-03-01", "end": "2024-07-31"}
    return data


def years(result) -> list[int]:
    return sorted(p.start.year for p in result.timetable.placements.values())


def test_a_body_is_spread_to_meet_its_yearly_minimum():
    data = two_years()
    assert years(solve(Problem(model_from(data)), time_limit=LIMIT)) == [2023, 2023, 2023]
    data["committee"]["sessions_per_year"] = {"min": 1}
    result = solve(Problem(model_from(data)), time_limit=LIMIT)
    assert years(result) == [2023, 2023, 2024]
    assert not [f for f in result.findings if f.breach]


def test_a_yearly_maximum_holds_and_one_that_cannot_is_infeasible(tmp_path):
    data = two_years()
    data["committee"]["sessions_per_year"] = {"max": 2}
    assert years(solve(Problem(model_from(data)), time_limit=LIMIT)) == [2023, 2023, 2024]
    data["window"] = small_model_dict()["window"]  # 2023 alone: three sessions, at most two
    result = run("solve", write_model(tmp_path, data))
    assert result.exit_code == 1, result.output
    assert "sessions-per-year" in result.output


def test_a_body_meets_once_at_a_required_venue():
    data = small_model_dict()
    data["venues"].append(NYC)
    result = solve(Problem(model_from(data)), time_limit=LIMIT)
    assert {p.venue for p in result.timetable.placements.values()} == {"vic"}
    data["committee"]["required_venues"] = ["nyc"]
    result = solve(Problem(model_from(data)), time_limit=LIMIT)
    assert [p.venue for p in result.timetable.placements.values()].count("nyc") >= 1
    assert not [f for f in result.findings if f.breach]


def test_check_names_the_shortfall_in_words(tmp_path):
    data = two_years()
    data["venues"].append(NYC)
    data["committee"].update(sessions_per_year={"min": 1, "max": 2}, required_venues=["nyc"])
    model = write_model(tmp_path, data)
    dates = tmp_path / "dates.yaml"
    sessions = [
        {"id": "A", "start": "2023-03-06", "end": "2023-03-10"},
        {"id": "B", "start": "2023-04-17", "end": "2023-04-28"},
        {"id": "C", "start": "2023-06-12", "end": "2023-06-14"},
    ]
    dates.write_text(yaml.safe_dump({"sessions": sessions}))
    result = run("check", dates, "-m", model)
    assert result.exit_code == 1, result.output
    out = " ".join(result.output.split())
    assert "3 hard rules are broken" in out and "No hard rule is broken" not in out
    assert "holds 3 sessions opening in 2023, at most 2 (sessions_per_year.max): 1 too many" in out
    assert "holds 0 sessions opening in 2024, at least 1 (sessions_per_year.min): 1 short" in out
    assert "meets at UNHQ (required_venues): 1 short; they meet at Vienna International Centre" in out


@pytest.mark.parametrize(
    "committee, field, words",
    [
        (
            {"sessions_per_year": {"min": 3, "max": 2}},
            "committee.sessions_per_year",
            "min 3 is more than max 2",
        ),
        ({"sessions_per_year": {"min": -1}}, "committee.sessions_per_year.min", "greater than or equal to 0"),
        ({"sessions_per_year": {"max": -2}}, "committee.sessions_per_year.max", "greater than or equal to 0"),
        ({"sessions_per_year": {}}, "committee.sessions_per_year", "give 'min', 'max' or both"),
        ({"required_venues": ["vic", "unhq"]}, "committee.required_venues[1]", "unknown venue 'unhq'"),
    ],
)
def test_bad_counts_are_input_errors_with_file_and_line(tmp_path, committee, field, words):
    data = small_model_dict()
    data["committee"].update(committee)
    path = write_model(tmp_path, data)
    result = run("validate", path)
    assert result.exit_code == 2, result.output
    assert f"{path}:" in result.output and field in result.output and words in result.output, result.output


def test_a_year_of_held_sessions_is_history():
    """Two sessions held in 2023 break `max: 1`: on --today, history, never an abort; the
    third may not open in 2023 as well."""
    data = two_years()
    data["committee"]["sessions_per_year"] = {"max": 1}
    for s, (start, end) in zip(
        data["sessions"], [("2023-03-06", "2023-03-10"), ("2023-04-17", "2023-04-28")]
    ):
        s.update(status="held", fixed={"start": start, "end": end})
    result = solve(Problem(model_from(data), today=date(2023, 5, 15)), time_limit=LIMIT)
    assert years(result) == [2023, 2023, 2024]
    [finding] = [f for f in result.findings if f.rule == "sessions-per-year"]
    assert not finding.breach and finding.history == "2 sessions held in 2023"
    assert "holds 2 sessions opening in 2023, at most 1" in finding.message
