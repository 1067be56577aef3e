"""The whole negotiation calendar (issue 13): the organizational session, consultations
in the gaps between sessions, progress reports to the General Assembly and the approval
of the text, each a rule with both faces."""

from __future__ import annotations

import copy
from datetime import date, timedelta

import pytest

from conftest import LIMIT, NYC, model_from, small_model_dict
from constraints import RULES, evaluate
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.timetable import Placement, Timetable
from schedule_planner.errors import Infeasible
from schedule_planner.explain import explain_calendar
from schedule_planner.loading import ModelSource
from schedule_planner.rows import milestones, report_rows
from schedule_planner.solver import solve

D = date.fromisoformat
NEW = ("consultation-distance", "organizational-first", "progress-report", "approval-in-time")


def calendar_model(**changes) -> dict:
    """The small committee (A, B, C in spring 2023) with a consultation K after A, an
    organizational session O in New York, a General Assembly session whose Third
    Committee opens on 1 July 2023, and a report to it."""
    data = small_model_dict()
    data["venues"].append(NYC)
    data["consultations"] = {"after_days": 3, "before_days": 14}
    data["sessions"] += [
        {
            "id": "K",
            "kind": "consultation",
            "after": "A",
            "name": "Consultation",
            "length": {"days": 2},
            "venues": ["vic"],
            "room": {"interpretation": 0, "rooms": ["small"]},
            "optional": True,
        },
        {
            "id": "O",
            "kind": "organizational",
            "name": "Organizational session",
            "length": {"days": 1},
            "venues": ["nyc"],
            "window": {"start": "2023-02-01", "end": "2023-03-31"},
        },
    ]
    data["assembly"] = [
        {
            "session": 78,
            "opens": "2023-06-20",
            "third_committee": {"start": "2023-07-01", "end": "2023-07-31"},
            "plenary": {"start": "2023-08-01", "end": "2023-08-31"},
        }
    ]
    data["reports"] = [{"id": "R", "name": "Progress report", "assembly": 78}]
    for key, value in changes.items():
        data[key] = value
    return data


def problem_of(data: dict, baseline=None) -> Problem:
    return Problem(model_from(data), baseline)


def at(problem: Problem, timetable: Timetable, sid: str, start: str, end: str, room=None) -> Timetable:
    session = problem.by_id[sid]
    venue = problem.model.session_venues(session)[0]
    room = room or next(r.id for r in venue.rooms if session.room.allows(r.id))
    tt = Timetable(dict(timetable.placements), timetable.dropped)
    tt.placements[sid] = Placement(sid, venue.id, room, D(start), D(end))
    return tt


def hard(problem, tt, rule=None):
    return [f for f in evaluate(problem, tt) if f.breach and (rule is None or f.rule == rule)]


# ---------------------------------------------------------------- the default model


def test_the_default_model_dates_the_seeds_whole_calendar(default_problem, default_result):
    tt, p = default_result.timetable, default_problem
    assert not [f for f in default_result.findings if f.hard]
    assert not hard(p, tt)
    os_ = tt.get("OS")
    assert (os_.start, os_.end, os_.venue) == (D("2021-05-10"), D("2021-05-12"), "unhq")
    for k in range(1, 8):  # a consultation in each gap, at its distances, in Board Room D
        c, before, after = tt.get(f"C{k}"), tt.get(f"S{k}"), tt.get(f"S{k + 1}")
        assert c is not None and c.room == "board-d" and (c.end - c.start).days >= 1
        assert (c.start - before.end).days >= 3 and (after.start - c.end).days >= 35
    reports = {r.id: r for r in report_rows(p, tt)}
    assert list(reports) == ["R76", "R77", "R78", "R79"]
    assert reports["R76"].basis.id == "OS"  # the first session closes too late for the 76th
    assert all(r.basis is not None and r.slack >= 0 for r in reports.values())
    assert reports["R79"].deadlines["submission"] == D("2024-10-01") - timedelta(weeks=10)
    kinds = {m.id: m for m in milestones(p, tt)}
    assert kinds["approval"].start == tt.get("S8").end and kinds["approval"].slack >= 0
    assert kinds["consideration"].start == D("2024-10-01") and kinds["signing"].start.year == 2025
    said = {e.id: e for e in explain_calendar(p, tt)}
    assert said["R76"].message.startswith(
        "Progress report to the General Assembly at its 76th session reports on OS"
    )
    assert said["approval"].slack == kinds["approval"].slack
    assert said["approval"].slack == (p.approval_due(p.model.bodies[0])[0] - tt.get("S8").end).days


# ---------------------------------------------------------------- consultation-distance


def test_a_consultation_keeps_its_distances_on_both_faces():
    p = problem_of(calendar_model())
    result = solve(p, time_limit=LIMIT)
    tt = result.timetable
    a, k, b = tt.get("A"), tt.get("K"), tt.get("B")
    assert (k.start - a.end).days >= 3 and (b.start - k.end).days >= 14 and k.room == "small"
    too_soon = at(p, tt, "K", str(a.end + timedelta(days=1)), str(a.end + timedelta(days=4)))
    [f] = hard(p, too_soon, "consultation-distance")
    assert f.session == "K" and f.amount == 2
    assert f.message == "K must open at least 3 days after A closes: 2 days too early"
    too_late = at(p, tt, "K", str(b.start - timedelta(days=3)), str(b.start - timedelta(days=2)))
    [f] = hard(p, too_late, "consultation-distance")
    assert f.message == "K must close at least 14 days before B opens: 12 days too late"


def test_a_consultation_cannot_meet_after_a_session_left_out():
    data = calendar_model()
    data["sessions"][0]["optional"] = True  # A may be left out, and K with it
    p = problem_of(data)
    tt = solve(p, time_limit=LIMIT).timetable
    gone = Timetable({s: q for s, q in tt.placements.items() if s != "A"}, frozenset({"A"}))
    [f] = hard(p, gone, "consultation-distance")
    assert f.session == "K" and "A is left out, so there is no gap after it for K" in f.message


def test_a_consultation_is_left_out_before_a_published_session_moves_far():
    """K needs `before_days` before B; B is published (a baseline). When fitting K would
    move B by more than K's price (1,000: moved-session 100 + 19 a day), K is left out."""

    def replan(before_days):
        data = calendar_model(consultations={"after_days": 0, "before_days": before_days})
        data["sessions"] = [s for s in data["sessions"] if s["id"] != "O"]
        p = problem_of(data)
        first = solve(p, time_limit=LIMIT).timetable
        baseline = Timetable({s: q for s, q in first.placements.items() if s != "K"})
        return first, solve(problem_of(data, baseline), time_limit=LIMIT)

    first, near = replan(14)
    assert not near.timetable.dropped and near.timetable.get("B") == first.get("B")
    first, far = replan(120)
    assert far.timetable.dropped == {"K"} and far.timetable.get("B") == first.get("B")
    [f] = [f for f in far.findings if f.rule == "dropped-session"]
    assert f.cost == RULES["dropped-session"].default_weight // 100 == 1000


def test_a_consultation_after_an_optional_session_must_be_optional(tmp_path):
    from click.testing import CliRunner

    from conftest import write_model
    from schedule_planner.cli import main

    data = calendar_model()
    data["sessions"][0]["optional"] = True
    data["sessions"][3]["optional"] = False
    data["sessions"].append({**copy.deepcopy(data["sessions"][3]), "id": "K2"})
    path = write_model(tmp_path, data)
    out = CliRunner().invoke(main, ["validate", str(path)]).output
    assert f"{path}:" in out and "sessions[3].optional: K follows A, which is optional" in out
    assert "sessions[5].after: K already sits in the gap after A: one consultation a gap" in out


# ---------------------------------------------------------------- organizational-first


def test_the_organizational_session_comes_before_the_first_session():
    p = problem_of(calendar_model())
    tt = solve(p, time_limit=LIMIT).timetable
    assert tt.get("O").end < tt.get("A").start
    late = at(p, tt, "O", str(tt.get("A").start), str(tt.get("A").start))
    [f] = hard(p, late, "organizational-first")
    assert f.session == "O" and f.message == "O must close before A opens: 1 day too late"


# ---------------------------------------------------------------- progress-report


def test_a_report_needs_a_meeting_that_closes_by_its_cut_off():
    """R goes to the Third Committee opening 1 July 2023: submitted 2 weeks ahead (the
    small model's submission_weeks), drafted in 2 weeks, so a meeting closes by 3 June."""
    data = calendar_model()
    data["sessions"] = [s for s in data["sessions"] if s["id"] != "O"]
    data["sessions"][0]["window"] = {"start": "2023-05-01", "end": "2023-07-31"}  # A late
    p = problem_of(data)
    tt = solve(p, time_limit=LIMIT).timetable
    [row] = report_rows(p, tt)
    assert row.deadlines["cut-off"] == D("2023-06-03") and row.basis is not None
    assert tt.get(row.basis.id).end <= D("2023-06-03")
    late = Timetable(dict(tt.placements))
    for sid in ("A", "B", "C"):
        late = at(p, late, sid, "2023-06-12", "2023-06-16")
    [f] = hard(p, late, "progress-report")
    assert f.session == "R" and f.amount == 13
    assert (
        "R goes to the General Assembly's 78th session (Third Committee): a meeting of Test "
        "Committee must close by Sat 3 Jun 2023"
    ) in f.message
    assert f.message.endswith("closes on Fri 16 Jun 2023, 13 days too late")


def test_each_report_reports_on_a_meeting_after_the_one_before_it():
    data = calendar_model()
    data["sessions"] = [s for s in data["sessions"] if s["id"] not in ("O", "K")]
    data["reports"] = [
        {"id": "R1", "name": "First", "session": "B"},
        {"id": "R2", "name": "Second", "assembly": 78},
    ]
    p = problem_of(data)
    tt = solve(p, time_limit=LIMIT).timetable
    assert not hard(p, tt)
    # every meeting before the cut-off of R1 (B's opening less 4 weeks) leaves R2 nothing new
    squeezed = Timetable(dict(tt.placements))
    squeezed = at(p, squeezed, "A", "2023-03-06", "2023-03-10")
    squeezed = at(p, squeezed, "C", "2023-03-20", "2023-03-22", "small")
    squeezed = at(p, squeezed, "B", "2023-07-17", "2023-07-28")
    [f] = hard(p, squeezed, "progress-report")
    assert f.session == "R2" and "must close by Sat 3 Jun 2023 and after Mon 19 Jun 2023" in f.message


# ---------------------------------------------------------------- approval-in-time


def test_the_text_is_approved_in_time_for_the_assembly_or_the_model_says_why_not():
    data = calendar_model()
    data["sessions"] = [s for s in data["sessions"] if s["id"] not in ("O", "K")]
    data["committee"] = {**data["committee"], "approval": {"assembly": 78}}
    p = problem_of(data)
    tt = solve(p, time_limit=LIMIT).timetable
    due = D("2023-07-01") - timedelta(weeks=2)
    assert max(q.end for q in tt.placements.values()) <= due
    late = at(p, tt, "B", "2023-06-19", "2023-06-30")
    [f] = hard(p, late, "approval-in-time")
    assert f.session == "B" and f.amount == 13
    assert f.message == (
        "B closes 13 days too late for the text to reach the General Assembly's "
        "78th session: its Third Committee considers it from Sat 1 Jul 2023, and "
        "the text is submitted 2 weeks before, by Sat 17 Jun 2023"
    )
    # a Third Committee that opens before any session can close: no timetable
    data["assembly"][0]["third_committee"] = {"start": "2023-03-01", "end": "2023-03-31"}
    with pytest.raises(Infeasible):
        solve(problem_of(data), time_limit=LIMIT)


def test_reports_and_approval_name_an_assembly_session_the_model_has(tmp_path):
    from click.testing import CliRunner

    from conftest import write_model
    from schedule_planner.cli import main

    data = calendar_model()
    data["reports"] = [
        {"id": "R", "name": "Report", "assembly": 80},
        {"id": "S", "name": "Report", "session": "K"},
    ]
    data["committee"] = {**data["committee"], "approval": {"assembly": 81}}
    path = write_model(tmp_path, data)
    out = CliRunner().invoke(main, ["validate", str(path)]).output
    assert (
        "reports[0].assembly: the model has no General Assembly session 80 under `assembly` (known: 78)"
        in out
    )
    assert "reports[1].id: duplicate id 'S'" not in out
    assert "reports[1].session: 'K' is not a session of this body (known: A, B, C)" in out
    assert "committee.approval.assembly: the model has no General Assembly session 81" in out


@pytest.mark.parametrize(
    "entry, words",
    [
        (
            {"id": "K2", "kind": "consultation", "name": "K2", "length": {"days": 1}},
            "'K2' is a consultation without `after`: name the session whose gap it sits in",
        ),
        (
            {"id": "S9", "name": "S9", "length": {"days": 1}, "after": "A"},
            "'S9' gives `after`, which only a `kind: consultation` takes",
        ),
        (
            {"id": "O2", "kind": "organizational", "name": "O2", "length": {"days": 1}, "position": "first"},
            "'O2' is an organizational session (kind: organizational): `position` is for the body's "
            "negotiating sessions (kind: session) only",
        ),
    ],
)
def test_a_meeting_of_another_kind_is_checked_at_its_line(tmp_path, entry, words):
    from click.testing import CliRunner

    from conftest import write_model
    from schedule_planner.cli import main

    data = calendar_model()
    data["sessions"].append(entry)
    path = write_model(tmp_path, data)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and f"{path}:" in result.output and words in result.output
    assert "Traceback" not in result.output


def test_an_approval_too_late_is_advised_a_later_assembly_window(tmp_path):
    """The last session cannot close in time for the Third Committee: the advice sends
    the text to the plenary, as one change with its --set, and that solves; a scenario
    that sets the approval itself makes the rule firm."""
    from click.testing import CliRunner

    from conftest import write_model
    from schedule_planner.app import load
    from schedule_planner.cli import main
    from schedule_planner.diagnose import diagnose

    data = calendar_model()
    data["sessions"] = [s for s in data["sessions"] if s["id"] in ("A", "B")]
    data["sessions"][1]["window"] = {"start": "2023-06-19", "end": "2023-07-31"}  # B late
    data["committee"] = {**data["committee"], "approval": {"assembly": 78}}
    path = write_model(tmp_path, data)
    problem = load(str(path))
    problem.firm = frozenset({("session-window", None)})  # B's window is decided
    advice = diagnose(problem, LIMIT)
    [r] = advice.relaxations
    assert r.finding.rule == "approval-in-time" and r.sets == ["committee.approval.stage=plenary"]
    assert "send the text to the General Assembly's 78th session, its plenary" in r.advice
    assert advice.verified
    refused = CliRunner().invoke(main, ["solve", str(path), "--firm", "session-window"])
    assert refused.exit_code == 1 and "--set committee.approval.stage=plenary" in refused.output
    fixed = CliRunner().invoke(main, ["solve", str(path), "--set", r.sets[0]])
    assert fixed.exit_code == 0, fixed.output
    scenario = tmp_path / "s.yaml"
    scenario.write_text("committee:\n  approval: {assembly: 78, stage: third_committee}\n")
    firm = load(ModelSource(str(path), (str(scenario),)))
    assert firm.is_firm("approval-in-time", "B")
