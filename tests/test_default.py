"""The default model reproduces the secretariat's table in A/AC.291/2, paragraph 8."""

from __future__ import annotations

from datetime import date, timedelta

from conftest import EXAMPLES
from constraints import evaluate
from schedule_planner.proposal import read_proposal

D = date.fromisoformat


def test_default_solve_is_optimal_and_passes_check(default_problem, default_result):
    assert default_result.status == "OPTIMAL"
    findings = evaluate(default_problem, default_result.timetable)
    assert not [f for f in findings if f.level == "hard"]
    # the objective is exactly the sum of the soft findings: the breakdown is complete
    assert default_result.objective == sum(f.cost for f in findings)
    assert default_result.objective == sum(f.cost for f in default_result.findings)


def test_default_solve_lands_in_the_seeds_windows(default_problem, default_result):
    tt = default_result.timetable
    s = {sid: (p.start, p.end) for sid, p in tt.placements.items() if default_problem.by_id[sid].is_session}
    assert list(s) == [f"S{i}" for i in range(1, 9)]
    assert s["S1"] == (D("2021-08-02"), D("2021-08-13"))
    assert D("2022-02-21") <= s["S2"][0] and s["S2"][1] <= D("2022-03-04")
    assert (s["S2"][1] - s["S2"][0]).days == 4  # one week
    assert s["S3"] == (D("2022-08-22"), D("2022-09-02"))
    assert s["S4"] == (D("2022-12-12"), D("2022-12-23"))
    assert s["S5"][0].month == 4 and s["S5"][1].month == 4 and s["S5"][0].year == 2023
    assert D("2023-08-14") <= s["S6"][0] <= D("2023-08-31") and s["S6"][1] <= D("2023-09-15")
    assert s["S7"][0] >= D("2023-12-01") and s["S7"][1] <= D("2023-12-31")
    assert s["S8"][1] <= D("2024-06-30") and s["S8"][0].month == 6
    for sid in ("S1", "S3", "S4", "S5", "S6", "S7", "S8"):  # two weeks each
        start, end = s[sid]
        assert (end - start).days == 11 and start.weekday() <= 1 and end.weekday() == 4


def test_no_meeting_day_is_a_un_holiday_and_deadlines_are_met(default_problem, default_result):
    closed = default_problem.days["vic"].closed
    prev = None
    for session in default_problem.chains[0]:
        p = default_result.timetable.get(session.id)
        days = default_problem.meeting_days("vic", p.start, p.end)
        assert not set(days) & set(closed)
        assert all(d.weekday() < 5 for d in days)
        if prev is not None:
            dl = default_problem.deadlines(session, p, prev)
            assert dl["draft-ready"] <= dl["submission"] == p.start - timedelta(weeks=10)
            assert dl["issuance"] == p.start - timedelta(weeks=6)
        prev = p


def test_april_2023_trade_is_said(default_result):
    """April 2023 holds Good Friday, Easter Monday and Eid al-Fitr: S5 loses a day and
    the breakdown says which and what it cost."""
    s5 = [f for f in default_result.findings if f.session == "S5"]
    assert [(f.rule, f.cost) for f in s5] == [("lost-meeting-day", 10)]
    assert all(f.level == "soft" for f in default_result.findings)
    p = default_result.timetable.get("S5")
    assert p.start in (D("2023-04-11"), D("2023-04-17"))


def test_the_seeds_dates_pass_check(default_problem):
    tt, _ = read_proposal(str(EXAMPLES / "seed-dates.yaml"), default_problem)
    findings = evaluate(default_problem, tt)
    assert not [f for f in findings if f.level == "hard"]
    assert {f.rule for f in findings} == {"lost-meeting-day", "observance-day"}


def test_broken_dates_fail_with_the_right_rules_and_sessions(default_problem):
    tt, _ = read_proposal(str(EXAMPLES / "broken-dates.yaml"), default_problem)
    hard = {(f.rule, f.session) for f in evaluate(default_problem, tt) if f.level == "hard"}
    assert hard == {
        ("no-meeting-on-holiday", "S5"),
        ("no-meeting-on-holiday", "S8"),
        ("room-free", "S7"),
        ("interpretation-capacity", "S7"),
        ("document-lead-time", "S4"),
        ("document-lead-time", "S7"),
    }


def test_document_lead_time_says_by_how_much(default_problem):
    tt, _ = read_proposal(str(EXAMPLES / "broken-dates.yaml"), default_problem)
    f = next(f for f in evaluate(default_problem, tt) if f.rule == "document-lead-time" and f.session == "S4")
    assert f.amount == 11
    assert "Mon 3 Oct 2022" in f.message and "10 weeks ahead" in f.message and "S3" in f.message
    assert f.line().startswith("S4 2022-12-12: document-lead-time (hard): ")
