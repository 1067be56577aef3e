"""`planner diff A B` (issue 9, point 7): what moved, was added or dropped between two
timetables of one model, the deadlines that follow, the rules newly broken or
satisfied, the change in cost; exit 0 when equal, 1 when not, 2 on bad input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, ROOT, small_model_dict, write_model
from schedule_planner.cli import main

SOLVED = ROOT / "tests" / "golden" / "solve.json"  # the default model's timetable
BROKEN = EXAMPLES / "broken-dates.yaml"

OLD = {
    "committee": "test",
    "sessions": [
        {"id": "A", "start": "2023-03-20", "end": "2023-03-24", "venue": "vic", "room": "big"},
        {"id": "B", "start": "2023-04-17", "end": "2023-04-28", "venue": "vic", "room": "big"},
    ],
}
NEW = """sessions:
  - {id: B, start: 2023-05-08, end: 2023-05-19, venue: vic, room: small}
  - {id: C, start: 2023-06-12, end: 2023-06-14, venue: vic, room: small}
"""


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, ["diff", *args], input=input)


@pytest.fixture
def small(tmp_path):
    """The small model and two timetables of it: A dropped, B moved 3 weeks later into
    the small room (too small: room-fits breaks), C added."""
    model = write_model(tmp_path, small_model_dict())
    old, new = tmp_path / "old.json", tmp_path / "new.yaml"
    old.write_text(json.dumps(OLD))
    new.write_text(NEW)
    return str(model), str(old), str(new)


def as_json(result) -> dict:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return json.loads(result.output)


def test_identical_timetables_are_equal_and_exit_0():
    result = run(str(SOLVED), str(SOLVED))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("The two timetables are equal:")
    assert "Moved:" not in result.output and "Hard rules" not in result.output
    doc = as_json(run(str(SOLVED), str(SOLVED), "-f", "json"))
    assert doc["equal"] is True
    assert [
        doc[k] for k in ("moved", "added", "dropped", "deadlines", "newly_broken", "newly_satisfied")
    ] == [[]] * 6
    assert doc["cost_change"]["change"] == 0


def test_a_moved_an_added_and_a_dropped_session_are_reported_exactly(small):
    model, old, new = small
    result = run(old, new, "-m", model)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"From {old} to {new}: 1 session moved, 1 added, 1 dropped."
    assert (
        "  B Second: moved 3 weeks later, from Mon 17 - Fri 28 Apr 2023 to Mon 8 - Fri 19 May 2023; "
        "room Big Room to Small Room (Vienna International Centre)"
    ) in lines
    assert "  C Third: Mon 12 - Wed 14 Jun 2023, Vienna International Centre, Small Room" in lines
    assert "  A First: was Mon 20 - Fri 24 Mar 2023, Vienna International Centre, Big Room" in lines
    doc = as_json(run(old, new, "-m", model, "-f", "json"))
    assert doc["moved"] == [
        {
            "id": "B",
            "name": "Second",
            "old": {"start": "2023-04-17", "end": "2023-04-28", "venue": "vic", "room": "big"},
            "new": {"start": "2023-05-08", "end": "2023-05-19", "venue": "vic", "room": "small"},
            "days_moved": 21,
            "venue_changed": False,
            "room_changed": True,
        }
    ]
    assert doc["added"] == [
        {
            "id": "C",
            "name": "Third",
            "start": "2023-06-12",
            "end": "2023-06-14",
            "venue": "vic",
            "room": "small",
        }
    ]
    assert [r["id"] for r in doc["dropped"]] == ["A"]
    assert doc["equal"] is False


def test_a_room_change_alone_is_a_difference(small, tmp_path):
    model, old, _ = small
    other = json.loads(json.dumps(OLD))
    other["sessions"][0]["room"] = "small"
    path = tmp_path / "room.json"
    path.write_text(json.dumps(other))
    result = run(old, str(path), "-m", model)
    assert result.exit_code == 1
    assert (
        "  A First: same dates, Mon 20 - Fri 24 Mar 2023; room Big Room to Small Room "
        "(Vienna International Centre)"
    ) in result.output.splitlines()


def test_deadlines_follow_the_moved_session_and_the_next_of_its_body(tmp_path):
    doc = json.loads(SOLVED.read_text())
    s4 = next(s for s in doc["sessions"] if s["id"] == "S4")
    old_start = s4["start"]
    from datetime import date, timedelta

    for key in ("start", "end"):
        s4[key] = (date.fromisoformat(s4[key]) + timedelta(weeks=2)).isoformat()
    later = tmp_path / "later.json"
    later.write_text(json.dumps(doc))
    out = as_json(run(str(SOLVED), str(later), "-f", "json"))
    assert [m["id"] for m in out["moved"]] == ["S4"]
    assert out["moved"][0]["days_moved"] == 14 and out["moved"][0]["old"]["start"] == old_start
    moved = [(d["session"], d["deadline"], d["days_moved"]) for d in out["deadlines"]]
    assert moved == [
        ("S4", "submission", 14),
        ("S4", "issuance", 14),
        ("S5", "contributions-close", 14),
        ("S5", "draft-ready", 14),
    ]
    text = run(str(SOLVED), str(later)).output
    assert "  S4 Fourth session: moved 2 weeks later, from " in text
    assert "  S5 Fifth session: contributions close moved 2 weeks later, from " in text


def test_rules_newly_broken_and_newly_satisfied():
    out = as_json(run(str(SOLVED), str(BROKEN), "-f", "json"))
    broken = {(f["rule"], f["session"]) for f in out["newly_broken"]}
    assert broken == {
        ("no-meeting-on-holiday", "S5"),
        ("no-meeting-on-holiday", "S8"),
        ("room-free", "S7"),
        ("interpretation-capacity", "S7"),
        ("document-lead-time", "S4"),
        ("document-lead-time", "S7"),
    }
    assert out["newly_satisfied"] == []
    # the cost change is what `planner check` finds in each
    costs = [
        json.loads(CliRunner().invoke(main, ["check", str(p), "-f", "json"]).output) for p in (SOLVED, BROKEN)
    ]
    change = out["cost_change"]
    assert (change["before"], change["after"]) == (costs[0]["cost"], costs[1]["cost"])
    assert change["change"] == costs[1]["cost"] - costs[0]["cost"] != 0
    for rule in set(costs[0]["cost_by_rule"]) | set(costs[1]["cost_by_rule"]):
        assert change["by_rule"][rule] == {
            "before": costs[0]["cost_by_rule"].get(rule, 0),
            "after": costs[1]["cost_by_rule"].get(rule, 0),
            "change": costs[1]["cost_by_rule"].get(rule, 0) - costs[0]["cost_by_rule"].get(rule, 0),
        }
    back = as_json(run(str(BROKEN), str(SOLVED), "-f", "json"))
    assert {(f["rule"], f["session"]) for f in back["newly_satisfied"]} == broken
    assert back["newly_broken"] == []
    text = run(str(SOLVED), str(BROKEN)).output
    assert (
        "Hard rules newly broken:\n  S5: no-meeting-on-holiday: would open on Mon 10 Apr 2023, Easter Monday"
        in text
    )


@pytest.mark.parametrize("pair", ["small", "default"])
def test_diff_round_trips(small, pair):
    if pair == "small":
        model, a, b = small
        extra = ["-m", model]
    else:
        a, b, extra = str(SOLVED), str(BROKEN), []
    there = as_json(run(a, b, "-f", "json", *extra))
    back = as_json(run(b, a, "-f", "json", *extra))
    assert there["added"] == back["dropped"] and there["dropped"] == back["added"]
    assert [(m["id"], m["old"], m["new"], -m["days_moved"]) for m in there["moved"]] == [
        (m["id"], m["new"], m["old"], m["days_moved"]) for m in back["moved"]
    ]
    assert [(d["session"], d["deadline"], d["old"], d["new"]) for d in there["deadlines"]] == [
        (d["session"], d["deadline"], d["new"], d["old"]) for d in back["deadlines"]
    ]
    assert there["newly_broken"] == back["newly_satisfied"]
    assert there["newly_satisfied"] == back["newly_broken"]
    assert there["cost_change"]["change"] == -back["cost_change"]["change"]
    assert there["moved"] and (pair == "default" or there["added"])


def test_json_contract_keys(small):
    model, old, new = small
    doc = as_json(run(old, new, "-m", model, "-f", "json"))
    assert list(doc) == [
        "committee",
        "produced_by",
        "a",
        "b",
        "equal",
        "moved",
        "added",
        "dropped",
        "deadlines",
        "newly_broken",
        "newly_satisfied",
        "cost_change",
        "notes",
    ]
    assert list(doc["produced_by"]) == ["planner", "model_digest"]
    assert list(doc["moved"][0]) == [
        "id",
        "name",
        "old",
        "new",
        "days_moved",
        "venue_changed",
        "room_changed",
    ]
    assert list(doc["deadlines"][0]) == ["session", "deadline", "old", "new", "days_moved"]
    assert list(doc["newly_broken"][0]) == ["rule", "session", "message"]
    assert list(doc["cost_change"]) == ["before", "after", "change", "by_rule"]


def test_output_is_deterministic_and_written_whole(tmp_path):
    outs = [run(str(SOLVED), str(BROKEN), "-f", fmt).output for fmt in ("table", "json") for _ in (0, 1)]
    assert outs[0] == outs[1] and outs[2] == outs[3]
    target = tmp_path / "diff.json"
    result = run(str(SOLVED), str(BROKEN), "-f", "json", "-o", str(target))
    assert result.exit_code == 1
    assert target.read_text() == outs[2]


def test_stdin_for_one_of_them():
    result = run(str(SOLVED), "-", input=BROKEN.read_text())
    assert result.exit_code == 1
    assert "Note: -: no room given for" in result.output
    both = run("-", "-", input="")
    assert both.exit_code == 2 and "only one of A and B" in both.output


@pytest.mark.parametrize(
    "text, where",
    [
        ("sessions:\n  - {id: S1, start: 2021-08-02, end: 2021-13-13}\n", "bad.yaml:2: sessions[0].end"),
        (
            "sessions:\n  - {id: S1, start: 2021-08-02, end: 2021-08-13}\n  - {id: S99, start: 2022-01-03, "
            "end: 2022-01-07}\n",
            "bad.yaml:3: sessions[1].id",
        ),
    ],
)
def test_bad_input_exits_2_with_file_line_and_field(tmp_path, monkeypatch, text, where):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.yaml").write_text(text)
    for args in (["bad.yaml", str(SOLVED)], [str(SOLVED), "bad.yaml"]):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert where in result.output, result.output
        assert "Traceback" not in result.output
