"""Bad input gets one clear message naming file, line and field; nothing is silently
converted."""

from __future__ import annotations

import pytest
import yaml

from conftest import load_model, small_model_dict
from schedule_planner.errors import InputError
from schedule_planner.proposal import read_proposal


def model_error(tmp_path, text: str) -> InputError:
    path = tmp_path / "m.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as exc:
        load_model(path)
    return exc.value


def small_yaml(**changes) -> str:
    data = small_model_dict()
    data.update(changes)
    return yaml.safe_dump(data, sort_keys=False)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_unknown_key_names_file_line_and_field(tmp_path):
    text = small_yaml().replace("  name: First\n", "  name: First\n  colour: red\n")
    err = model_error(tmp_path, text)
    assert err.file.endswith("m.yaml") and err.line == line_of(text, "colour")
    assert err.field == "sessions[0].colour" and "unknown key 'colour'" in str(err)


def test_wrong_type_names_the_field(tmp_path):
    text = small_yaml().replace("    weeks: 2\n", "    weeks: two\n")
    err = model_error(tmp_path, text)
    assert err.field == "sessions[1].length.weeks" and err.line == line_of(text, "weeks: two")
    assert "integer" in str(err)


def test_impossible_date(tmp_path):
    text = small_yaml().replace("start: '2023-03-01'", "start: 2023-02-30")
    err = model_error(tmp_path, text)
    assert (
        err.field == "window.start" and "2023-02-30" in str(err) and err.line == line_of(text, "2023-02-30")
    )


def test_end_before_start(tmp_path):
    text = small_yaml().replace("end: '2023-07-31'", "end: '2023-01-31'")
    err = model_error(tmp_path, text)
    assert err.field == "window" and "before start" in str(err)


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "is empty"),
        ("# only a comment\n", "is empty"),
        ("committee: [\n", "malformed YAML"),
        ("- a\n- b\n", "expected a mapping"),
        ("a: 1\na: 2\n", "duplicate key 'a'"),
    ],
)
def test_malformed_files(tmp_path, text, message):
    assert message in str(model_error(tmp_path, text))


def test_binary_file(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_bytes(b"\x7fELF\x00\x01\x02")
    with pytest.raises(InputError, match="binary"):
        load_model(path)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_model(tmp_path / "absent.yaml")


def test_scalars_are_not_silently_converted(tmp_path):
    """`10:00` is not sexagesimal 600, `no` is not False: a name stays a name."""
    data = small_model_dict()
    data["sessions"][0]["name"] = "PLACEHOLDER"
    text = yaml.safe_dump(data, sort_keys=False).replace("PLACEHOLDER", "no")
    model = load_model(_write(tmp_path, text))
    assert model.sessions[0].name == "no"
    assert model.venues[0].meeting_hours[0] == "10:00-13:00"
    err = model_error(tmp_path, text.replace("- 10:00-13:00", "- 10:00"))
    assert err.field == "venues[0].meeting_hours" and "'10:00' is not a time range" in str(err)


def _write(tmp_path, text):
    path = tmp_path / "ok.yaml"
    path.write_text(text)
    return path


def test_bad_references(tmp_path):
    text = small_yaml().replace("- big\n", "- huge\n", 1)
    err = model_error(tmp_path, text)
    assert "unknown room 'huge'" in str(err) and err.field.startswith("meetings[0].rooms")


def test_weights_must_name_soft_rules(tmp_path):
    err = model_error(tmp_path, small_yaml(weights={"room-free": 3}))
    assert "hard rule" in str(err) and err.field == "weights.room-free"
    err = model_error(tmp_path, small_yaml(weights={"nonsense": 3}))
    assert "no rule is named 'nonsense'" in str(err)
    err = model_error(tmp_path, small_yaml(weights={"lost-meeting-day": 10**20}))
    assert "between 0 and 1,000,000" in str(err) and err.field == "weights.lost-meeting-day"


def test_includes_merge_and_report_the_included_file(tmp_path):
    data = small_model_dict()
    venues = {"venues": data.pop("venues")}
    (tmp_path / "venues.yaml").write_text(
        yaml.safe_dump(venues).replace("timezone: Europe/Vienna", "timezone: Europe/Vienn")
    )
    data["include"] = ["venues.yaml"]
    err = model_error(tmp_path, yaml.safe_dump(data))
    assert err.file.endswith("venues.yaml") and "unknown time zone" in str(err)
    (tmp_path / "venues.yaml").write_text(yaml.safe_dump(venues))
    assert load_model(_write(tmp_path, yaml.safe_dump(data))).venues[0].id == "vic"


def test_default_model_loads_from_the_package():
    model = load_model()
    assert [s.id for s in model.sessions if s.is_session] == [f"S{i}" for i in range(1, 9)]
    assert [s.id for s in model.sessions if not s.is_session] == ["OS"] + [f"C{i}" for i in range(1, 8)]
    assert model.window.start.isoformat() == "2021-08-01"
    assert model.venues[0].timezone == "Europe/Vienna"


# ---------------------------------------------------------------- proposals


def proposal_error(tmp_path, text: str, problem) -> InputError:
    path = tmp_path / "p.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as exc:
        read_proposal(str(path), problem)
    return exc.value


@pytest.mark.parametrize(
    "text, field, message, line",
    [
        (
            "sessions:\n  - {id: S9, start: 2023-02-01, end: 2023-03-01}\n",
            "sessions[0].id",
            "unknown session id 'S9'",
            2,
        ),
        ("sessions:\n  - {id: S1, start: 2023-02-10, end: 2023-02-01}\n", "sessions[0]", "before start", 2),
        (
            "sessions:\n  - id: S1\n    start: 2023-02-30\n    end: 2023-03-01\n",
            "sessions[0].start",
            "not a calendar date",
            3,
        ),
        (
            "sessions:\n  - {id: S1, start: 2021-08-02, end: 2021-08-13}\n"
            "  - {id: S1, start: 2021-08-02, end: 2021-08-13}\n",
            "sessions[1].id",
            "proposed twice",
            3,
        ),
        (
            "sessions:\n  - {id: S1, start: 2021-08-02, end: 2021-08-13, room: attic}\n",
            "sessions[0].room",
            "unknown room 'attic'",
            2,
        ),
        ("sessions:\n  - {id: S1, start: 20210802, end: 2021-08-13}\n", "sessions[0].start", "YYYY-MM-DD", 2),
    ],
)
def test_bad_proposals(tmp_path, default_problem, text, field, message, line):
    err = proposal_error(tmp_path, text, default_problem)
    assert err.field == field and message in str(err) and err.line == line
    assert err.file.endswith("p.yaml")


def test_json_proposal_errors_name_the_line(tmp_path, default_problem):
    path = tmp_path / "p.json"
    path.write_text('{"sessions": [\n  {"id": "S1", "start": "2021-08-02",, }\n]}\n')
    with pytest.raises(InputError) as exc:
        read_proposal(str(path), default_problem)
    assert exc.value.line == 2 and "malformed" in str(exc.value)


def test_null_values_are_null(tmp_path, default_problem):
    """`~`, `null` and an empty value mean "not given", under libyaml as under PyYAML."""
    path = tmp_path / "p.yaml"
    path.write_text("sessions:\n  - {id: S1, start: 2021-08-02, end: 2021-08-13, venue: ~, room: null}\n")
    tt, _ = read_proposal(str(path), default_problem)
    assert (tt.get("S1").venue, tt.get("S1").room) == ("vic", "plenary-m")
    text = small_yaml().replace("  name: First\n", "  name: First\n  window:\n  preferred: null\n")
    model = load_model(_write(tmp_path, text))
    assert model.sessions[0].window is None and model.sessions[0].preferred is None


@pytest.mark.parametrize("text", ["a: &a [*a]\n", "a: &x {b: 1}\nc: *x\n"])
def test_aliases_are_refused(tmp_path, text):
    err = model_error(tmp_path, text)
    assert "anchors and aliases" in str(err) and err.line is not None


def test_dates_outside_the_supported_years(tmp_path, default_problem):
    err = proposal_error(
        tmp_path, "sessions:\n  - {id: S1, start: 9999-12-31, end: 9999-12-31}\n", default_problem
    )
    assert "outside the years planner works with" in str(err) and err.field == "sessions[0].start"


def test_a_session_needs_at_least_one_venue(tmp_path):
    data = small_model_dict()
    data["sessions"][0]["venues"] = []
    err = model_error(tmp_path, yaml.safe_dump(data))
    assert err.field == "sessions[0].venues"


def test_partial_document_block_keeps_the_models_other_values(tmp_path):
    data = small_model_dict()
    data["documents"]["contributions_weeks"] = 4
    data["sessions"][1]["documents"] = {"min_gap_weeks": 1}
    model = load_model(_write(tmp_path, yaml.safe_dump(data)))
    docs = model.documents_for(model.sessions[1])
    assert (docs.contributions_weeks, docs.min_gap_weeks) == (4, 1)


def test_committee_of_a_timetable_must_match_the_model(tmp_path, default_problem):
    err = proposal_error(
        tmp_path,
        "committee: other\nsessions:\n  - {id: S1, start: 2021-08-02, end: 2021-08-13}\n",
        default_problem,
    )
    assert "is for committee 'other'" in str(err) and err.line == 1


def test_a_session_document_block_is_checked_merged(tmp_path):
    data = small_model_dict()
    data["documents"].update(submission_weeks=2, issuance_weeks=1)
    data["sessions"][1]["documents"] = {"submission_weeks": 1}  # 1 >= the model's 1: fine
    assert (
        load_model(_write(tmp_path, yaml.safe_dump(data)))
        .documents_for(load_model(_write(tmp_path, yaml.safe_dump(data))).sessions[1])
        .submission_weeks
        == 1
    )
    data["sessions"][1]["documents"] = {"submission_weeks": 0}
    err = model_error(tmp_path, yaml.safe_dump(data))
    assert err.field == "sessions[1].documents" and "cannot exceed submission_weeks (0)" in str(err)


def test_missing_holiday_years_are_warned_about(tmp_path):
    data = small_model_dict()
    data["window"]["end"] = "2024-02-28"
    model = load_model(_write(tmp_path, yaml.safe_dump(data)))
    assert any(
        "'un'" in w and "2024" in w and "planner holidays --calendar un 2024" in w for w in model.warnings()
    )
    assert load_model().warnings() == []
