"""Explanations of a timetable: what holds each session, slack, nearest alternatives,
and the score breakdown."""

from __future__ import annotations

import json
from datetime import timedelta

from click.testing import CliRunner

from conftest import EXAMPLES
from constraints import best_room, evaluate
from schedule_planner.cli import main
from schedule_planner.domain.timetable import Placement
from schedule_planner.explain import explain, explain_session


def by_id(problem, result):
    return {e.session: e for e in explain(problem, result.timetable)}


def test_december_2022_is_held_by_the_document_lead_time(default_problem, default_result):
    s4 = by_id(default_problem, default_result)["S4"]
    hard = [(b.rule, b.direction) for b in s4.binding if b.level == "hard"]
    # and a week later it would meet in the year-end recess
    assert hard == [("document-lead-time", "earlier"), ("recess", "later")]
    assert s4.earlier.breaks[0].amount == 4  # a week earlier: 4 days late
    slack = {s.rule: (s.earlier, s.later) for s in s4.slack}
    assert slack["document-lead-time"] == (3, 17)  # 3 days before the 10-week date


def test_april_2023_is_held_by_holiday_costs(default_problem, default_result):
    s5 = by_id(default_problem, default_result)["S5"]
    held = {(b.rule, b.direction, b.level) for b in s5.binding}
    assert ("observance-day", "earlier", "soft") in held
    assert ("lost-meeting-day", "later", "soft") in held
    # each rule's part: Easter Monday lost now; earlier, Orthodox Good Friday as well;
    # later, a second day lost and five days past the preferred window
    assert [(f.rule, f.cost) for f in s5.costs if f.rule == "lost-meeting-day"] == [("lost-meeting-day", 10)]
    soft = {(b.rule, b.direction): b.cost_change for b in s5.binding if b.level == "soft"}
    assert soft[("observance-day", "earlier")] == 5
    assert soft[("lost-meeting-day", "later")] == 10 and soft[("preferred-window", "later")] == 5


def test_alternatives_are_what_check_says_of_the_moved_timetable(default_problem, default_result):
    tt = default_result.timetable
    s4 = by_id(default_problem, default_result)["S4"]
    moved = type(tt)({**tt.placements, "S4": s4.earlier.placement})
    hard = [f for f in evaluate(default_problem, moved) if f.level == "hard"]
    assert [(f.rule, f.session, f.message) for f in hard] == [
        (f.rule, f.session, f.message) for f in s4.earlier.breaks
    ]


def test_planning_window_shows_as_a_limit(default_problem, default_result):
    s8 = by_id(default_problem, default_result)["S8"]
    slack = {s.rule: (s.earlier, s.later) for s in s8.slack}
    # 3-14 June can move to 18-28 June (Monday 17 is Eid al-Adha in lieu), not beyond 30 June
    assert default_result.timetable.get("S8").start.isoformat() == "2024-06-03"
    assert slack["session-window"] == (153, 15)


def test_breakdown_totals_equal_the_objective(default_problem, default_result):
    doc = json.loads(CliRunner().invoke(main, ["solve", "-f", "json"]).output)
    assert sum(doc["cost_by_rule"].values()) == doc["objective"] == default_result.objective
    assert sum(doc["cost_by_session"].values()) == doc["objective"]
    assert sum(c["cost"] for c in doc["costs"]) == doc["objective"]
    checked = json.loads(CliRunner().invoke(main, ["check", "-", "-f", "json"], input=json.dumps(doc)).output)
    assert checked["cost"] == doc["objective"] and checked["cost_by_session"] == doc["cost_by_session"]


def test_explain_cli_table_and_json():
    runner = CliRunner()
    result = runner.invoke(main, ["explain"])
    assert result.exit_code == 0
    assert "S4 Fourth session: Mon 12 - Fri 23 Dec 2022" in result.output
    assert "held earlier by document-lead-time (hard)" in result.output
    doc = json.loads(runner.invoke(main, ["explain", "-f", "json"]).output)
    s4 = next(s for s in doc["sessions"] if s["id"] == "S4")
    assert (
        s4["earlier"]["start"] == "2022-12-05" and s4["earlier"]["breaks"][0]["rule"] == "document-lead-time"
    )


def test_explain_from_a_timetable_does_not_solve():
    result = CliRunner().invoke(main, ["explain", "--from", str(EXAMPLES / "seed-dates.yaml")])
    assert result.exit_code == 0
    assert "S5 Fifth session: Tue 11 - Fri 21 Apr 2023 (cost 15)" in result.output


def test_explain_session_of_a_broken_timetable(default_problem):
    from schedule_planner.proposal import read_proposal

    tt, _ = read_proposal(str(EXAMPLES / "broken-dates.yaml"), default_problem)
    s7 = explain_session(default_problem, tt, default_problem.by_id["S7"])
    assert {s.rule: (s.earlier, s.later) for s in s7.slack}["room-free"] == (0, 0)


def test_explaining_a_broken_timetable(default_problem):
    from schedule_planner.proposal import read_proposal

    tt, _ = read_proposal(str(EXAMPLES / "broken-dates.yaml"), default_problem)
    s5 = explain_session(default_problem, tt, default_problem.by_id["S5"])
    assert [f.rule for f in s5.broken] == ["no-meeting-on-holiday"]
    assert s5.later.placement.start.isoformat() == "2023-04-11" and s5.later.repairs == [
        "no-meeting-on-holiday"
    ]
    s4 = explain_session(default_problem, tt, default_problem.by_id["S4"])
    # a week earlier makes the breach of the pipeline worse (11 -> 18 days): it counts as a break
    assert [(f.rule, f.amount) for f in s4.earlier.breaks] == [("document-lead-time", 18)]


def test_a_soft_rule_does_not_hold_a_session_a_move_would_make_cheaper(default_problem):
    from schedule_planner.proposal import read_proposal

    tt, _ = read_proposal(str(EXAMPLES / "broken-dates.yaml"), default_problem)
    s7 = explain_session(default_problem, tt, default_problem.by_id["S7"])
    assert s7.later.cost_change < 0
    assert not [b for b in s7.binding if b.direction == "later"]


def _broken(default_problem):
    from schedule_planner.proposal import read_proposal

    tt, _ = read_proposal(str(EXAMPLES / "broken-dates.yaml"), default_problem)
    return tt


def _breaches(problem, tt, sid):
    return [f for f in evaluate(problem, tt) if f.breach and f.session == sid]


def test_nearest_admissible_dates_pass_check_and_are_nearest(default_problem):
    from schedule_planner.explain import nearest_admissible

    tt = _broken(default_problem)
    today = {(f.rule, f.session) for f in evaluate(default_problem, tt) if f.breach}

    def admissible(sid, moved) -> bool:
        now = {(f.rule, f.session) for f in evaluate(default_problem, moved) if f.breach}
        return not _breaches(default_problem, moved, sid) and now <= {k for k in today if k[1] != sid}

    found = 0
    for sid in ("S4", "S5", "S7", "S8"):
        session = default_problem.by_id[sid]
        assert _breaches(default_problem, tt, sid)
        near = nearest_admissible(default_problem, tt, session)
        p = tt.get(sid)
        # the session moved by whole weeks at its length (a week's opening on another
        # weekday is an option too, at monday-start's price, but not what this looks for)
        spans = default_problem.spans(
            session, p.venue, p.start - timedelta(days=366), p.end + timedelta(days=366), like=p
        )
        for alt, side in ((near.earlier, -1), (near.later, 1)):
            if alt is not None:
                found += 1
                assert admissible(sid, tt.moved(alt.placement)), (sid, alt.placement)
                reach = abs((alt.placement.start - p.start).days)
            else:
                reach = 10**6
            # no admissible date strictly between today's and the nearest (or at all)
            for start, end in spans:
                if 0 < (start - p.start).days * side < reach:
                    dates = best_room(default_problem, session, Placement(sid, p.venue, p.room, start, end))
                    assert not admissible(sid, tt.moved(dates)), (sid, start)
    assert found == 5
    s5 = nearest_admissible(default_problem, tt, default_problem.by_id["S5"])
    assert (s5.earlier.placement.start.isoformat(), s5.earlier.cost_change) == ("2023-04-03", 10)
    assert (s5.later.placement.start.isoformat(), s5.later.cost_change) == ("2023-04-11", 0)
    s4 = nearest_admissible(default_problem, tt, default_problem.by_id["S4"])
    assert s4.earlier is None and s4.later is None  # S3 and S5 where they are leave no room


def test_check_names_nearest_admissible_dates_in_table_and_json():
    runner = CliRunner()
    result = runner.invoke(main, ["check", str(EXAMPLES / "broken-dates.yaml")])
    assert result.exit_code == 1
    assert (
        "  S5: nearest admissible dates: earlier Mon 3 - Fri 14 Apr 2023 (cost +10), "
        "later Tue 11 - Fri 21 Apr 2023 (cost +0)"
    ) in result.output
    assert (
        "  S4: nearest admissible dates: earlier none within a year, later none within a year"
        in result.output
    )
    doc = json.loads(runner.invoke(main, ["check", str(EXAMPLES / "broken-dates.yaml"), "-f", "json"]).output)
    assert sorted(doc["nearest"]) == ["S4", "S5", "S7", "S8"]
    assert doc["nearest"]["S4"] == {"earlier": None, "later": None}
    assert doc["nearest"]["S7"]["earlier"] is None
    assert doc["nearest"]["S7"]["later"] == {
        "start": "2023-12-11",
        "end": "2023-12-22",
        "venue": "vic",
        "room": "plenary-m",
        "cost_change": -6,
    }
    seed = json.loads(runner.invoke(main, ["check", str(EXAMPLES / "seed-dates.yaml"), "-f", "json"]).output)
    assert seed["nearest"] == {}


def test_explain_says_when_an_alternative_still_breaks_a_rule():
    result = CliRunner().invoke(main, ["explain", "--from", str(EXAMPLES / "broken-dates.yaml")])
    assert result.exit_code == 0
    assert (
        "  nearest earlier, Mon 29 Aug - Fri 9 Sep 2022, would cost 7 less; still breaks document-lead-time\n"
    ) in result.output
    assert (
        "would mend interpretation-capacity, room-free (soft cost -4); still breaks document-lead-time"
        in result.output
    )
    assert (
        "  nearest admissible dates: earlier none within a year, later Mon 11 - Fri 22 Dec 2023 (cost -6)"
        in result.output
    )


def test_explain_json_names_what_an_alternative_leaves_broken(default_problem):
    from schedule_planner.explain import as_dict

    tt = _broken(default_problem)
    doc = {d["id"]: d for d in as_dict(explain(default_problem, tt))}
    assert doc["S3"]["earlier"]["still_breaks"] == ["document-lead-time"]
    assert doc["S3"]["nearest_admissible"] is None  # S3 breaks nothing itself
    assert doc["S5"]["nearest_admissible"]["later"]["start"] == "2023-04-11"


def test_negative_slack_is_said_in_words(default_problem):
    from schedule_planner.explain import Slack, _slack_words

    assert _slack_words(Slack("document-lead-time", -39, 10)) == "document-lead-time 39 days short, 10"
    assert _slack_words(Slack("session-order", None, -1)) == "session-order -, 1 day short"
    result = CliRunner().invoke(main, ["explain", "--from", str(EXAMPLES / "broken-dates.yaml")])
    assert "document-lead-time 11 days short, 10;" in result.output
    assert ", -11" not in result.output and " -11," not in result.output
    doc = json.loads(
        CliRunner()
        .invoke(main, ["explain", "--from", str(EXAMPLES / "broken-dates.yaml"), "-f", "json"])
        .output
    )
    s4 = next(s for s in doc["sessions"] if s["id"] == "S4")
    assert {"rule": "document-lead-time", "earlier_days": -11, "later_days": 10} in s4["slack"]


def test_nearest_admissible_dates_may_be_at_another_venue_the_session_may_use():
    """A session that may meet in Vienna or New York, proposed in Vienna while every room
    there is taken for months: its nearest admissible dates are in New York, named so."""
    from conftest import NYC, model_from, small_model_dict
    from schedule_planner.domain.problem import Problem
    from schedule_planner.domain.timetable import Timetable
    from schedule_planner.explain import nearest_admissible, nearest_line

    data = small_model_dict()
    data["venues"].append(NYC)
    data["meetings"].append(
        {
            "body": "X",
            "venue": "vic",
            "start": "2023-05-01",
            "end": "2023-07-31",
            "rooms": ["big", "small"],
            "interpretation": 2,
        }
    )
    data["sessions"][2]["venues"] = ["vic", "nyc"]
    problem = Problem(model_from(data))
    date = __import__("datetime").date
    proposed = Placement("C", "vic", "small", date(2023, 6, 12), date(2023, 6, 14))
    nearest = nearest_admissible(problem, Timetable({"C": proposed}), problem.by_id["C"])
    assert (nearest.earlier.placement.venue, nearest.earlier.placement.start) == ("nyc", date(2023, 6, 9))
    assert (nearest.later.placement.venue, nearest.later.placement.start) == ("nyc", date(2023, 6, 13))
    assert nearest_line(nearest, proposed).startswith("earlier Fri 9 - Tue 13 Jun 2023 at nyc/cr4")


class Clock:
    """time_budget's clock, standing still until `jump` moves it past any limit."""

    now = 0.0

    def monotonic(self):
        return self.now


def cut_after(monkeypatch, sessions: int) -> None:
    """The command's time limit runs out once `sessions` sessions are explained."""
    from schedule_planner import explain as ex
    from schedule_planner.domain import time_budget

    clock, real, done = Clock(), ex.explain_session, []
    monkeypatch.setattr(time_budget, "time", clock)

    def explaining(*args, **kwargs):
        out = real(*args, **kwargs)
        done.append(out.session)
        if len(done) == sessions:
            clock.now += 10_000
        return out

    monkeypatch.setattr(ex, "explain_session", explaining)


def test_an_explanation_cut_short_by_the_time_limit_says_what_it_explained(monkeypatch, tmp_path):
    cut_after(monkeypatch, 3)
    seed = str(EXAMPLES / "seed-dates.yaml")
    result = CliRunner().invoke(main, ["explain", "--from", seed, "--time-limit", "60", "-f", "json"])
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    assert [s["id"] for s in doc["sessions"]] == ["S1", "S2", "S3"]
    note = doc["notes"][-1]
    assert note.startswith("explained 3 of 9 sessions; not explained: S4, S5, S6, S7, S8, OS (")
    assert "the time limit of 60 s ran out while explaining the timetable" in note
    assert note in result.stderr  # said on the terminal too, whatever the output


def test_a_report_cut_short_by_the_time_limit_is_written_with_what_was_explained(monkeypatch, tmp_path):
    cut_after(monkeypatch, 2)
    seed, out = str(EXAMPLES / "seed-dates.yaml"), tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", "--from", seed, "--time-limit", "60", "-o", str(out)])
    assert result.exit_code == 1, result.output
    page = out.read_text()
    assert "Note: explained 2 of 9 sessions; not explained: S3, S4," in page
    assert "explained 2 of 9 sessions" in result.stderr


def test_report_from_a_timetable_takes_a_time_limit(tmp_path):
    """--time-limit bounds what report does with a timetable given --from (explaining
    it), so it is no longer refused as an option of solving."""
    out = tmp_path / "report.html"
    seed = str(EXAMPLES / "seed-dates.yaml")
    result = CliRunner().invoke(main, ["report", "--from", seed, "--time-limit", "120", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "explained" not in result.stderr and out.exists()
