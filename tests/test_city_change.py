"""A change of city in a re-plan is a major decision (issue 19, point 6): city-changed
prices it as weeks of postponement (8 unless the model says, per venue or per pair of
venues), each week seven of days-moved's days. When a hall in Vienna closes for a
session's dates, the re-plan postpones it in Vienna rather than send it to New York,
unless the model prices the change of city lower."""

from __future__ import annotations

import copy
import itertools
import json
from datetime import date

import pytest
from click.testing import CliRunner

from conftest import LIMIT, NYC, load_model, model_from, small_model_dict, timetable, write_model
from constraints import RULES, evaluate
from constraints.city_changed import CityChanged, weeks
from constraints.days_moved import DaysMoved
from schedule_planner.cli import main
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.schema import CITY_CHANGE_WEEKS
from schedule_planner.domain.timetable import Placement
from schedule_planner.errors import InputError
from schedule_planner.solver import alternatives, differ, solve
from verifier import verify

D = date.fromisoformat
# the small model's timetable (A, B, C at the VIC), as a baseline
BASE = (
    Placement("A", "vic", "big", D("2023-03-20"), D("2023-03-24")),
    Placement("B", "vic", "big", D("2023-04-17"), D("2023-04-28")),
    Placement("C", "vic", "small", D("2023-06-12"), D("2023-06-14")),
)
# a second venue in Vienna: another venue, the same city (whatever the case)
ACV = {
    "id": "acv",
    "name": "Austria Center Vienna",
    "city": "vienna",
    "timezone": "Europe/Vienna",
    "meeting_hours": ["10:00-13:00", "15:00-18:00"],
    "holidays": ["un", "at", "obs"],
    "interpretation_capacity": 2,
    "rooms": [{"id": "hall-a", "name": "Hall A", "seats": 500, "interpretation": 6}],
}


def two_cities(**top) -> dict:
    """The small model with New York and a second Vienna venue: every session may meet at
    any, the VIC first."""
    data = small_model_dict()
    data["venues"] += [copy.deepcopy(NYC), copy.deepcopy(ACV)]
    for s in data["sessions"]:
        s["venues"] = ["vic", "nyc", "acv"]
    data.update(top)
    return data


def replanned(data: dict) -> Problem:
    return Problem(model_from(data), baseline=timetable(*BASE))


def at(venue: str, room: str, sid: str = "B") -> tuple[Placement, ...]:
    """The baseline with one session at another venue on the same dates."""
    return tuple(p if p.session != sid else Placement(sid, venue, room, p.start, p.end) for p in BASE)


# ------------------------------------------------------------------ the rule
def test_a_change_of_city_costs_weeks_of_postponement_in_both_faces():
    problem = replanned(two_cities())
    week = RULES["city-changed"].weight(problem)
    assert week == 7 * RULES["days-moved"].weight(problem) == 7 * 19
    verify(CityChanged).given(problem, *BASE).holds()
    verify(CityChanged).given(problem, *at("nyc", "cr4")).costs(CITY_CHANGE_WEEKS * week).says(
        "meets in New York (UNHQ), not in Vienna as in the baseline",
        f"priced as {CITY_CHANGE_WEEKS} weeks' postponement",
    )
    # another venue in the same city is no change of city (moved-session prices the move)
    verify(CityChanged).given(problem, *at("acv", "hall-a")).holds()


def test_an_announced_session_counts_ten_times():
    data = two_cities()
    data["sessions"][1].update(status="announced", fixed={"start": "2023-04-17", "end": "2023-04-28"})
    problem = replanned(data)
    verify(CityChanged).given(problem, *at("nyc", "cr4")).costs(
        10 * CITY_CHANGE_WEEKS * RULES["city-changed"].weight(problem)
    ).says("announced: counts 10 times")


def test_without_a_baseline_it_never_applies():
    problem = Problem(model_from(two_cities()))
    verify(CityChanged).given(problem, *at("nyc", "cr4")).holds()


def test_the_price_by_pair_then_by_venue_then_the_default():
    problem = replanned(two_cities())
    assert weeks(problem, "vic", "nyc") == CITY_CHANGE_WEEKS
    data = two_cities()
    data["venues"][1]["city_change"] = {"weeks": 3}  # New York, either way
    assert weeks(replanned(data), "vic", "nyc") == weeks(replanned(data), "nyc", "acv") == 3
    data["venues"][0]["city_change"] = {"weeks": 12}  # the VIC: of two, the larger
    assert weeks(replanned(data), "nyc", "vic") == 12
    data["city_changes"] = [{"between": ["nyc", "vic"], "weeks": 1}]  # the pair, either way
    problem = replanned(data)
    assert weeks(problem, "vic", "nyc") == weeks(problem, "nyc", "vic") == 1
    assert weeks(problem, "nyc", "acv") == 3
    verify(CityChanged).given(problem, *at("nyc", "cr4")).costs(RULES["city-changed"].weight(problem)).says(
        "priced as 1 week's postponement"
    )
    data["city_changes"] = [{"between": ["vic", "nyc"], "weeks": 0}]  # free: no finding at all
    verify(CityChanged).given(replanned(data), *at("nyc", "cr4")).holds()


def test_its_weight_follows_days_moved_unless_the_model_sets_it():
    days_moved, city_changed = RULES["days-moved"], RULES["city-changed"]
    assert isinstance(days_moved, DaysMoved)
    assert city_changed.default_weight == 7 * days_moved.default_weight
    data = two_cities(weights={"lost-meeting-day": 40})
    assert city_changed.weight(replanned(data)) == 7 * days_moved.weight(replanned(data)) == 7 * 49
    data = two_cities(weights={"days-moved": 3})
    assert city_changed.weight(replanned(data)) == 21
    data = two_cities(weights={"days-moved": 3, "city-changed": 500})
    assert city_changed.weight(replanned(data)) == 500


# ------------------------------------------------------------------ the story
def hall_closed(**top) -> dict:
    """The Big Room, the VIC's only room that seats B, closes for B's baseline dates."""
    data = two_cities(**top)
    data["meetings"].append(
        {
            "body": "VIC renovation",
            "venue": "vic",
            "start": "2023-04-17",
            "end": "2023-04-28",
            "rooms": ["big"],
            "interpretation": 0,
        }
    )
    data["venues"].pop()  # Vienna has the VIC alone
    for s in data["sessions"]:
        s["venues"] = ["vic", "nyc"]
    return data


def moves(data: dict) -> dict[str, Placement]:
    problem = replanned(data)
    result = solve(problem, time_limit=LIMIT)
    assert result.objective == sum(f.cost for f in evaluate(problem, result.timetable))
    return {p.session: p for p in result.timetable if p != problem.baseline.get(p.session)}


def test_when_a_hall_closes_the_re_plan_postpones_in_the_city():
    moved = moves(hall_closed())
    assert moved["B"].venue == "vic" and moved["B"].start > D("2023-04-17")
    assert all(p.venue == "vic" for p in moved.values())


def test_its_alternatives_are_other_postponements_in_the_city():
    """The next best re-plans move B earlier, or later at another trade of days, or C:
    all in Vienna, each a choice of its own; New York (8 weeks' postponement) comes
    after them."""
    problem = replanned(hall_closed())
    found = alternatives(problem, 4, time_limit=LIMIT).results
    assert len(found) == 4
    assert all(p.venue == "vic" for r in found for p in r.timetable)
    assert all(differ(problem, a.timetable, b.timetable) for a, b in itertools.combinations(found, 2))


@pytest.mark.parametrize(
    "cheaper",
    [
        {"city_changes": [{"between": ["vic", "nyc"], "weeks": 1}]},
        {"venue": {"city_change": {"weeks": 0}}},
        {"weights": {"city-changed": 0}},
    ],
    ids=["by pair", "by venue", "by weight"],
)
def test_unless_the_model_prices_the_change_of_city_lower(cheaper):
    data = hall_closed(**{k: v for k, v in cheaper.items() if k != "venue"})
    if "venue" in cheaper:
        data["venues"][1].update(cheaper["venue"])
    moved = moves(data)
    assert list(moved) == ["B"]
    assert (moved["B"].venue, moved["B"].start) == ("nyc", D("2023-04-17"))


def test_the_re_plan_on_the_command_line(tmp_path):
    """solve --baseline names the price; check --baseline reproduces the objective."""
    runner = CliRunner()
    base = tmp_path / "base.json"
    first = write_model(tmp_path, two_cities(), "first.yaml")
    assert runner.invoke(main, ["solve", str(first), "-f", "json", "-o", str(base)]).exit_code == 0
    assert [s["venue"] for s in json.loads(base.read_text())["sessions"]] == ["vic"] * 3
    cheap = hall_closed(city_changes=[{"between": ["vic", "nyc"], "weeks": 1}])
    model = write_model(tmp_path, cheap, "closed.yaml")
    new = tmp_path / "new.json"
    out = runner.invoke(main, ["solve", str(model), "--baseline", str(base), "-f", "json", "-o", str(new)])
    assert out.exit_code == 0, out.output
    doc = json.loads(new.read_text())
    assert doc["cost_by_rule"]["city-changed"] == RULES["city-changed"].default_weight
    table = runner.invoke(main, ["solve", str(model), "--baseline", str(base)]).output
    assert "city-changed (soft): meets in New York (UNHQ), not in Vienna as in the baseline" in table
    check = runner.invoke(main, ["check", str(new), "-m", str(model), "--baseline", str(base), "-f", "json"])
    assert json.loads(check.output)["cost"] == doc["objective"]


# ------------------------------------------------------------------ bad input
def load_error(tmp_path, data: dict) -> InputError:
    path = write_model(tmp_path, data)
    with pytest.raises(InputError) as exc:
        load_model(path)
    return exc.value


def line_of(path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    "pairs, field, words",
    [
        (
            [{"between": ["vic", "geneva"], "weeks": 2}],
            "city_changes[0].between[1]",
            "unknown venue 'geneva'",
        ),
        ([{"between": ["vic", "acv"], "weeks": 2}], "city_changes[0].between", "both in Vienna"),
        (
            [{"between": ["vic", "nyc"], "weeks": 2}, {"between": ["nyc", "vic"], "weeks": 3}],
            "city_changes[1].between",
            "priced twice",
        ),
        ([{"between": ["vic"], "weeks": 2}], "city_changes[0].between", "at least 2 items"),
        ([{"between": ["vic", "nyc"], "weeks": -1}], "city_changes[0].weeks", "greater than or equal to 0"),
    ],
)
def test_a_bad_pair_is_named_at_its_line(tmp_path, pairs, field, words):
    err = load_error(tmp_path, two_cities(city_changes=pairs))
    assert err.field == field and words in str(err), (err.field, str(err))
    assert err.file.endswith("model.yaml") and err.line > 0


def test_a_bad_venue_price_is_named_at_its_line(tmp_path):
    data = two_cities()
    data["venues"][1]["city_change"] = {"weeks": "three"}
    err = load_error(tmp_path, data)
    assert err.field == "venues[1].city_change.weeks" and "integer" in str(err)
    path = tmp_path / "model.yaml"
    assert err.line == line_of(path, "weeks: three")
    out = CliRunner().invoke(main, ["solve", str(path)])
    assert out.exit_code == 2 and "Traceback" not in out.output
    assert f"model.yaml:{err.line}: venues[1].city_change.weeks" in out.output
