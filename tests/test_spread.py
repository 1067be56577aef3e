"""Spread (issue 19, point 5): a body's sessions left open (no fixed or preferred dates)
are spread over its mandate: near-equal gaps, the first a margin into the mandate, the
last a margin before its approval deadline or end. Both faces price the same weeks."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
import yaml
from click.testing import CliRunner

from conftest import LIMIT, load_model, small_model_dict, write_model
from constraints import RULES
from constraints.spread import Spread
from schedule_planner.cli import main
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.timetable import Placement, Timetable
from schedule_planner.errors import InputError
from schedule_planner.explain import explain
from schedule_planner.solver import solve
from verifier import verify

D = date.fromisoformat
VIC = small_model_dict()["venues"][0]


def wide(n: int = 4, **committee) -> dict:
    """n two-week sessions at one venue, planned for 2027-2028, nothing else said of them;
    the year-end recess at the venue."""
    return {
        "committee": {"id": "wide", "name": "A committee of the years 2027-2028", **committee},
        "window": {"start": "2027-01-01", "end": "2028-12-31"},
        "holidays": [
            {
                "id": "recess",
                "name": "Year-end recess",
                "kind": "recess",
                "periods": [{"start": "12-24", "end": "01-01", "name": "year-end recess"}],
            }
        ],
        # the small model's venue, with the recess and its big room only
        "venues": [{**VIC, "holidays": ["recess"], "rooms": VIC["rooms"][:1]}],
        "sessions": [
            {"id": f"S{i}", "name": f"Session {i}", "length": {"weeks": 2}} for i in range(1, n + 1)
        ],
    }


def problem_of(tmp_path, data) -> Problem:
    return Problem(load_model(write_model(tmp_path, data)))


def solved(tmp_path, data) -> list[Placement]:
    result = solve(problem_of(tmp_path, data), time_limit=LIMIT)
    assert result.status == "OPTIMAL"
    return sorted(result.timetable, key=lambda p: p.start)


def gaps(placements) -> list[int]:
    return [(b.start - a.end).days for a, b in pairwise(placements)]


def test_four_sessions_for_two_years_are_spread_over_both(tmp_path):
    data = wide()
    placed = solved(tmp_path, data)
    assert [p.start.year for p in placed] == [2027, 2027, 2028, 2028]
    assert max(gaps(placed)) - min(gaps(placed)) <= 14  # near equal: within two weeks
    # the last closes near the mandate's end less the 6-week margin (Sun 19 Nov 2028)
    assert abs((placed[-1].end - D("2028-11-19")).days) < 7
    # and the first opens some weeks into the mandate, not on Monday 4 January
    assert placed[0].start >= D("2027-02-01")
    assert not [p for p in placed if (p.start.month, p.start.day) == (1, 4)]
    # without spread, the tie-break packs them all into 2027, the first on 4 January
    data["weights"] = {"spread": 0}
    packed = solved(tmp_path, data)
    assert [p.start.year for p in packed] == [2027] * 4 and packed[0].start == D("2027-01-04")


def P(session, start, end):
    return Placement(session, "vic", "big", D(start), D(end))


def test_both_faces_price_the_same_weeks(tmp_path):
    # three sessions: the first aims at Fri 12 Feb 2027 (6 weeks in), the last at Sun 19
    # Nov 2028 (6 weeks before the end); the even gap is (646 - 3 x 11) // 2 = 306 days
    problem = problem_of(tmp_path, wide(3))
    placed = [P("S1", "2027-02-15", "2027-02-26"), P("S2", "2027-10-04", "2027-10-15")]
    placed.append(P("S3", "2028-11-06", "2028-11-17"))
    # S1 3 days late: 1 week begun; S2 220 days after S1, 86 short: 13; S3 2 days early: 1
    verify(Spread).given(problem, *placed).costs(15).says(
        "S1 opens 3 days after Fri 12 Feb 2027",
        "S2 opens 220 days after S1 closes, 86 days short of the even gap of 306 days",
        "S3 closes 2 days before Sun 19 Nov 2028",
    )
    spread = [P("S1", "2027-02-08", "2027-02-19"), P("S2", "2028-01-03", "2028-01-14")]
    spread.append(P("S3", "2028-11-13", "2028-11-24"))
    # S1 4 days early: 1; S2 318 days after S1: 0; S3 304 after S2, 2 short: 1; 5 days late: 1
    verify(Spread).given(problem, *spread).costs(3)


def test_an_optional_session_left_out_is_not_spread_around(tmp_path):
    data = wide(3)
    data["sessions"][1]["optional"] = True
    problem = problem_of(tmp_path, data)
    placed = [P("S1", "2027-02-15", "2027-02-26"), P("S3", "2028-11-06", "2028-11-17")]
    # S1 to S3 is one gap, longer than even: only the ends cost
    verify(Spread).given(problem, *placed, dropped=("S2",)).costs(2)


def test_the_last_session_aims_at_the_approval_deadline_less_the_margin(tmp_path):
    data = wide(3)
    data["assembly"] = [
        {
            "session": 83,
            "opens": "2028-09-12",
            "third_committee": {"start": "2028-10-02", "end": "2028-11-30"},
            "plenary": {"start": "2028-12-01", "end": "2028-12-22"},
        }
    ]
    data["committee"]["approval"] = {"assembly": 83, "stage": "third_committee"}
    # due 10 weeks before 2 October 2028: Mon 24 July; the last aims 6 weeks before
    placed = solved(tmp_path, data)
    assert abs((placed[-1].end - D("2028-06-12")).days) < 7
    data["committee"]["spread"] = {"margin_weeks": 2}
    assert abs((solved(tmp_path, data)[-1].end - D("2028-07-10")).days) < 7


def test_a_fixed_first_session_is_where_the_spread_starts(tmp_path):
    data = wide(3)
    data["sessions"][0]["fixed"] = {"start": "2027-06-07", "end": "2027-06-18"}
    data["sessions"][0]["status"] = "announced"
    problem = problem_of(tmp_path, data)
    # the even gap from its opening: (19 Nov 2028 - 7 Jun 2027 - 3 x 11) // 2 = 249 days
    placed = [P("S1", "2027-06-07", "2027-06-18"), P("S2", "2028-03-06", "2028-03-17")]
    placed.append(P("S3", "2028-11-06", "2028-11-17"))
    # S2 262 days after S1: 0; S3 234 after S2, 15 short: 3; S3 closes 2 days early: 1
    verify(Spread).given(problem, *placed).costs(4).says("even gap of 249 days")
    assert "S1 opens" not in " ".join(f.message for f in RULES["spread"].check(problem, _tt(placed)))


def _tt(placements):
    return Timetable({p.session: p for p in placements})


def test_sessions_with_preferred_windows_are_planned_by_them(default_problem, default_result):
    # every session of the default model has a preferred window or fixed dates: spread
    # prices nothing, whatever its weight, and the seed's table stays
    verify(Spread).given(default_problem, *default_result.timetable).holds()
    heavy = Problem(default_problem.model.model_copy(update={"weights": {"spread": 1000}}))
    result = solve(heavy, time_limit=LIMIT)
    assert [(p.session, p.start) for p in result.timetable if p.session.startswith("S")] == [
        (p.session, p.start) for p in default_result.timetable if p.session.startswith("S")
    ]


def test_a_bad_margin_names_file_line_and_field(tmp_path):
    data = wide(2, spread={"margin_weeks": -1})
    text = yaml.safe_dump(data, sort_keys=False)
    path = tmp_path / "m.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as exc:
        load_model(path)
    err = exc.value
    assert err.field == "committee.spread.margin_weeks" and "greater than or equal to 0" in str(err)
    assert err.line == next(i for i, line in enumerate(text.splitlines(), 1) if "margin_weeks" in line)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and "m.yaml:" in result.output


def test_explain_prices_a_move_with_the_gaps_it_changes(tmp_path):
    # the solve is optimal: moving one session alone never costs less, counting the gap
    # after it (a term on the next session)
    problem = problem_of(tmp_path, wide())
    result = solve(problem, time_limit=LIMIT)
    for e in explain(problem, result.timetable):
        for alternative in (e.earlier, e.later):
            assert alternative is None or alternative.breaks or alternative.cost_change >= 0, e


def test_a_weight_set_on_a_session_prices_its_terms_in_both_faces(tmp_path):
    """`rules: {spread: {weight}}` on a session prices the terms on it, in the solver as
    in `check`; the spread's level cannot be set (made hard, it would allow only the
    even gaps)."""
    data = wide(3)
    data["sessions"][1]["rules"] = {"spread": {"weight": 5}}
    problem = problem_of(tmp_path, data)
    placed = [P("S1", "2027-02-15", "2027-02-26"), P("S2", "2027-10-04", "2027-10-15")]
    placed.append(P("S3", "2028-11-06", "2028-11-17"))
    # as above, S2's 13 weeks begun now at 5 each: 1 + 65 + 1
    verify(Spread).given(problem, *placed).costs(67)
    data["sessions"][1]["rules"] = {"spread": {"level": "hard"}}
    with pytest.raises(InputError):
        problem_of(tmp_path, data)
