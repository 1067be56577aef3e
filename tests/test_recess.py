"""Recesses (issue 19, point 5): a holiday calendar of `kind: recess` holds days on which
no session, organizational session or consultation meets; its `periods` recur every year
(MM-DD) or fall once (YYYY-MM-DD). The shipped year-end recess, 24 December to 1 January,
keeps the default model's consultations out of Christmas and New Year; a model lets
meetings in by leaving the calendar out."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from click.testing import CliRunner

from conftest import LIMIT, load_model, small_model_dict, write_model
from constraints import evaluate
from constraints.recess import Recess
from schedule_planner.cli import main
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.timetable import Placement, Timetable
from schedule_planner.errors import InputError
from schedule_planner.solver import solve
from verifier import verify

D = date.fromisoformat
YEAR_END = {"start": "12-24", "end": "01-01", "name": "year-end recess"}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def with_recess(*periods, window=None) -> dict:
    """The small model whose venue has a recess calendar of these periods (loaded from a
    file: loading turns periods into days)."""
    data = small_model_dict()
    data["holidays"].append({"id": "recess", "name": "Recesses", "kind": "recess", "periods": list(periods)})
    data["venues"][0]["holidays"].append("recess")
    if window:
        data["window"] = window
    return data


def in_recess(start: str, end: str) -> bool:
    """Whether a meeting from start to end meets on a day of 24 December to 1 January."""
    a, b = D(start), D(end)
    return any(
        (d.month, d.day) >= (12, 24) or (d.month, d.day) == (1, 1)
        for d in (date.fromordinal(n) for n in range(a.toordinal(), b.toordinal() + 1))
    )


def test_the_default_models_meetings_keep_out_of_the_year_end_recess(default_result):
    placed = {p.session: (p.start.isoformat(), p.end.isoformat()) for p in default_result.timetable}
    assert not [s for s, (a, b) in placed.items() if in_recess(a, b)]
    # the consultations after the December sessions wait for January
    assert placed["C4"] == ("2023-01-03", "2023-01-04") and placed["C7"] == ("2024-01-02", "2024-01-03")


def test_a_model_lets_meetings_into_the_recess_by_leaving_the_calendar_out(tmp_path):
    model = write_model(tmp_path, {"include": ["planner:ahc-cybercrime.yaml"], "remove": ["un-recess"]})
    result = solve(Problem(load_model(model)), time_limit=LIMIT)
    placed = {p.session: p.start.isoformat() for p in result.timetable}
    assert placed["C4"] == "2022-12-28" and placed["C7"] == "2023-12-27"


def test_check_names_the_recess_a_meeting_falls_in(default_problem, default_result):
    moved = Placement("C4", "vic", "board-d", D("2022-12-28"), D("2022-12-29"))
    timetable = [moved if p.session == "C4" else p for p in default_result.timetable]
    verify(Recess).given(default_problem, *timetable).breaks("C4").says(
        "Wed 28 - Thu 29 Dec 2022 meets in the year-end recess on 2 days", "Vienna International Centre"
    )
    verify(Recess).given(default_problem, *default_result.timetable).holds()


def recess_problem(tmp_path, data) -> Problem:
    return Problem(load_model(write_model(tmp_path, data)))


def test_a_session_spanning_the_recess_breaks_it(tmp_path):
    # a 2-week session over New Year meets in the recess on its 6 days to Friday 29 December
    data = with_recess(YEAR_END, window={"start": "2023-11-01", "end": "2024-03-31"})
    data["sessions"][1].pop("preferred")
    problem = recess_problem(tmp_path, data)
    b = Placement("B", "vic", "big", D("2023-12-18"), D("2023-12-29"))
    verify(Recess).given(problem, b).breaks("B")
    assert next(f for f in evaluate(problem, _tt(b)) if f.rule == "recess").amount == 6
    verify(Recess).given(problem, Placement("B", "vic", "big", D("2024-01-08"), D("2024-01-19"))).holds()


def _tt(*placements):
    return Timetable({p.session: p for p in placements})


def test_a_dated_recess_falls_once(tmp_path):
    data = with_recess({"start": "2023-04-24", "end": "2023-04-28", "name": "spring recess"})
    problem = recess_problem(tmp_path, data)
    verify(Recess).given(problem, Placement("B", "vic", "big", D("2023-04-17"), D("2023-04-28"))).breaks("B")
    result = solve(problem, time_limit=LIMIT)
    assert not [p for p in result.timetable if p.start <= D("2023-04-28") and p.end >= D("2023-04-24")]


@pytest.mark.parametrize("year", [2023, 2031, 2150])
def test_a_recurring_recess_covers_any_year(tmp_path, year):
    window = {"start": f"{year}-01-01", "end": f"{year}-12-31"}
    data = with_recess(YEAR_END, window=window)
    data["holidays"] = [c for c in data["holidays"] if c["id"] == "recess"]
    data["venues"][0]["holidays"] = ["recess"]
    data["meetings"] = []
    data["sessions"][1].pop("preferred")
    model = load_model(write_model(tmp_path, data))
    days = {h.date for h in model.calendar("recess").days}
    assert {D(f"{year}-01-01"), D(f"{year}-12-24"), D(f"{year}-12-31"), D(f"{year + 1}-01-01")} <= days
    assert D(f"{year}-01-02") not in days and D(f"{year}-12-23") not in days
    assert not model.warnings()  # a recess need not fall in every year: no warning


@pytest.mark.parametrize(
    "period, words",
    [
        ({"start": "13-01", "end": "01-01", "name": "r"}, "'13-01' is not a day of every year"),
        ({"start": "02-29", "end": "03-01", "name": "r"}, "'02-29' is not a day of every year"),
        ({"start": "12-24", "end": "2024-01-01", "name": "r"}, "write `start` and `end` alike"),
        ({"start": "2024-01-05", "end": "2024-01-01", "name": "r"}, "is before start"),
        ({"start": "2024-01-01", "name": "r"}, "required field is missing"),
    ],
)
def test_a_bad_period_names_file_line_and_field(tmp_path, period, words):
    text = yaml.safe_dump(with_recess(period), sort_keys=False)
    path = tmp_path / "m.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as exc:
        load_model(path)
    err = exc.value
    assert (
        err.file.endswith("m.yaml") and err.field.startswith("holidays[3].periods[0]") and words in str(err)
    )
    assert err.line == next(i for i, line in enumerate(text.splitlines(), 1) if "periods:" in line) + 1
    result = run("validate", path)
    assert result.exit_code == 2 and "m.yaml:" in result.output and words in result.output
