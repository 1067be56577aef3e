"""Authoring help (issue 8, point 4): `planner validate`, `planner model`, `planner
schema`, `planner init` and `planner holidays`, driven as a user drives them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from textwrap import dedent

import holidays as holidays_lib
import pytest
import yaml
from click.testing import CliRunner

from conftest import NAIROBI, ROOT, head, load_model, write
from schedule_planner import yamlio
from schedule_planner.authoring import MODELINE, init as write_starter
from schedule_planner.cli import main
from schedule_planner.domain.schema import Holiday
from schedule_planner.loading import data_dir

DATA = ROOT / "data"
HEAD = head("auth")
SHIPPED = "include: [planner:venues.yaml, planner:holidays.yaml]\n"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def clean(result) -> None:
    """Ended by the CLI itself (exit code, message), never by an uncaught exception."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


def line_of(path: Path, text: str) -> int:
    """The number (from 1) of the first line of a file that holds `text`."""
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def solved(model) -> dict:
    """What a model's timetable is: its sessions and objective (not what produced it)."""
    result = run("solve", "-f", "json", *([model] if model else []))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    return {"sessions": doc["sessions"], "objective": doc["objective"]}


def generic(folder: Path) -> Path:
    """The generic starter as `planner init` writes it on 1 June 2024: sessions in 2025."""
    write_starter(folder, "generic", date(2024, 6, 1))
    return folder / "model.yaml"


# ---------------------------------------------------------------- validate


def test_validate_a_valid_model_prints_one_line_and_exits_0(tmp_path):
    result = run("validate")
    clean(result)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "the default model: valid: 1 committee: 8 sessions, 1 organizational "
        "session and 7 consultations; 4 venues, 10 holiday calendars, 106 other "
        "meetings (66 projected)\n"
    )
    path = write(tmp_path, "m.yaml", SHIPPED + HEAD)
    result = run("validate", path)
    assert result.exit_code == 0 and result.stdout.splitlines() == [
        f"{path}: valid: 1 committee: 2 sessions; 4 venues, 10 holiday calendars, 64 other meetings (24 projected)"
    ]


def test_validate_reports_every_mistake_at_once_with_file_line_and_field(tmp_path):
    path = write(
        tmp_path,
        "m.yaml",
        SHIPPED
        + dedent("""\
        committee: {id: "my committee", name: Test}
        window: {start: 2022-01-01, end: 2022-12-31}
        venues:
          - id: vic
            interpreters: 3
        sessions:
          - id: A
            length: {weeks: 1}
          - {id: B, name: Second, length: {weeks: 1}}
        """),
    )
    result = run("validate", path)
    clean(result)
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "Error: 3 problems:", result.stderr
    assert sorted(line.strip() for line in lines[1:]) == sorted(
        [
            f"{path}:6: venues[0].interpreters: unknown key 'interpreters' "
            "(did you mean 'interpretation_capacity'?)",
            f"{path}:2: committee.id: 'my committee' is not an id: an id starts with a letter or "
            "digit and holds only letters, digits, '.', '_' and '-'",
            f"{path}:8: sessions[0].name: required field is missing",
        ]
    )


# ---------------------------------------------------------------- model


@pytest.mark.parametrize("which", ["default", "generic", "overrides"])
def test_the_resolved_model_reloads_and_solves_as_the_original(tmp_path, which):
    if which == "default":
        model = None
    elif which == "generic":  # a derived calendar
        model = generic(tmp_path / "g")
    else:  # includes, field-by-field overrides, a removal
        model = write(
            tmp_path,
            "m.yaml",
            SHIPPED
            + HEAD.replace("venues: [vic]}", "venues: [vic, nairobi]}")
            + NAIROBI
            + "remove: [cnd-2021-04-12]\nweights: {preferred-venue: 7}\n",
        )
    result = run("model", *([model] if model else []))
    clean(result)
    assert result.exit_code == 0, result.output
    assert "include" not in yaml.safe_load(result.stdout)
    resolved = write(tmp_path, "r.yaml", result.stdout)
    assert load_model(resolved) == load_model(model)
    assert solved(resolved) == solved(model)


def test_the_resolved_model_names_where_each_value_came_from(tmp_path):
    path = write(tmp_path, "m.yaml", SHIPPED + HEAD)
    result = run("model", path)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    vic = line_of(DATA / "venues.yaml", "name: Vienna International Centre")
    assert f"    name: Vienna International Centre  # planner:venues.yaml:{vic}" in lines
    assert f"  id: auth  # {path}:2" in lines
    # written nowhere: the default applies
    assert "  min_gap_weeks: 0  # default" in lines
    assert "    window: null  # default" in lines


def test_derived_holiday_days_are_marked_derived_and_listed_ones_keep_their_line(tmp_path):
    model = generic(tmp_path)
    listed = """\
    derived: {country: CH, subdivision: GE}
    days:
      - {date: 2025-12-31, name: Restoration of the Republic (listed), source: canton}
      - {date: 2025-08-01, name: National Day (listed), source: canton}
"""
    model.write_text(model.read_text().replace("    derived: {country: CH, subdivision: GE}\n", listed))
    result = run("model", model)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    national, restoration = line_of(model, "National Day (listed)"), line_of(model, "Restoration")
    assert "      - date: 2025-01-01  # derived" in lines  # from the holidays library
    assert "        name: New Year's Day  # derived" in lines
    # a listed day wins on its date, and keeps its own line
    assert f"      - date: 2025-08-01  # {model}:{national}" in lines
    assert f"        name: National Day (listed)  # {model}:{national}" in lines
    assert f"      - date: 2025-12-31  # {model}:{restoration}" in lines
    # a derived calendar that lists no day: its days are derived, not a default
    bare = generic(tmp_path / "bare")
    assert "    days:  # derived" in run("model", bare).stdout.splitlines()


# ---------------------------------------------------------------- schema


def test_schema_is_the_json_schema_of_a_model_file():
    result = run("schema")
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert {"committee", "sessions", "venues", "window", "holidays", "include"} <= set(schema["properties"])
    assert {"committee", "sessions", "venues"} <= set(schema["required"])
    fragment = json.loads(run("schema", "--fragment").stdout)
    assert "required" not in fragment and fragment["properties"] == schema["properties"]
    reference = run("schema", "-f", "markdown").stdout
    assert "| `sessions` |" in reference and "| `interpretation_capacity` |" in reference


def test_the_shipped_schema_is_the_fragment_schema_and_every_shipped_file_names_it():
    assert (DATA / "model.schema.json").read_text(encoding="utf-8") == run("schema", "--fragment").stdout
    assert data_dir().resolve() == DATA.resolve()
    files = sorted(DATA.glob("*.yaml"))
    assert len(files) >= 3
    for path in files:
        assert (
            path.read_text(encoding="utf-8").splitlines()[0]
            == "# yaml-language-server: $schema=model.schema.json"
        ), path.name
    assert MODELINE == "# yaml-language-server: $schema=model.schema.json"


def _json(value):
    """YAML's typed values as JSON's: a date is its ISO string."""
    return json.loads(json.dumps(value, default=lambda d: d.isoformat()))


def test_the_json_schema_validates_the_shipped_models_data(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")  # not a dependency: checked where installed
    schema = json.loads(run("schema").stdout)
    fragment = json.loads((DATA / "model.schema.json").read_text())
    for path in DATA.glob("*.yaml"):  # each shipped file, as an editor sees it
        jsonschema.validate(_json(yaml.safe_load(path.read_text())), fragment)
    for template in ("generic", "seed"):  # each starter, with the schema written beside it
        folder = tmp_path / template
        write_starter(folder, template, date(2024, 6, 1))
        jsonschema.validate(
            _json(yaml.safe_load((folder / "model.yaml").read_text())),
            json.loads((folder / "model.schema.json").read_text()),
        )
    merged = _json(yaml.safe_load(run("model").stdout))  # the default model, merged
    jsonschema.validate(merged, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**merged, "interpreters": 3}, schema)


# ---------------------------------------------------------------- init


@pytest.mark.parametrize("template", ["generic", "seed"])
def test_init_writes_a_starter_that_validates_and_solves_without_warnings(tmp_path, template):
    folder = tmp_path / "new"
    result = run("init", "--template", template, folder)
    clean(result)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["model.schema.json", "model.yaml"]
    model = folder / "model.yaml"
    assert model.read_text().splitlines()[0] == MODELINE
    # the seed includes the shipped venues, so its file alone is a fragment
    expected = run("schema", *(["--fragment"] if template == "seed" else [])).stdout
    assert (folder / "model.schema.json").read_text() == expected
    checked = run("validate", model)
    assert checked.exit_code == 0 and checked.stderr == "", checked.output
    assert checked.stdout.startswith(f"{model}: valid: 1 committee: ")
    timetable = run("solve", model)
    assert timetable.exit_code == 0 and timetable.stderr == "", timetable.output
    assert "Status OPTIMAL" in timetable.stdout


def test_init_never_overwrites(tmp_path):
    folder = tmp_path / "new"
    assert run("init", folder).exit_code == 0
    (folder / "model.yaml").write_text("# mine\n")
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    for template in ("generic", "seed"):
        result = run("init", "--template", template, folder)
        clean(result)
        assert result.exit_code == 2 and "already there" in result.stderr, result.output
        assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()} == before
    # one of the two files there is enough to write neither
    other = tmp_path / "other"
    other.mkdir()
    (other / "model.schema.json").write_text("{}")
    result = run("init", other)
    assert result.exit_code == 2 and [p.name for p in other.iterdir()] == ["model.schema.json"]


# ---------------------------------------------------------------- holidays


def printed_days(text: str) -> dict[str, list[Holiday]]:
    """The block `planner holidays` prints, read as planner reads a model file."""
    data = yamlio.load("printed.yaml", text).data
    return {cal["id"]: [Holiday.model_validate(day) for day in cal["days"]] for cal in data["holidays"]}


def test_holidays_of_a_country_are_the_holidays_librarys():
    result = run("holidays", "--country", "KE", "2024")
    assert result.exit_code == 0, result.output
    days = printed_days(result.stdout)["ke"]
    assert [(h.date, h.name) for h in days] == sorted(holidays_lib.country_holidays("KE", years=2024).items())
    assert len(days) > 5 and all(h.source.startswith("holidays library") for h in days)
    assert run("holidays", "--country", "ke", "2024").stdout == result.stdout


@pytest.mark.parametrize(
    "args, words",
    [
        (["--country", "XX"], "--country: the holidays library has no calendar for country 'XX'"),
        (
            ["--country", "KE", "--subdivision", "ZZ"],
            "--subdivision: the holidays library has no subdivision 'ZZ' of KE",
        ),
        (["--country", "KE", "--calendar", "un-vienna"], "give --country or --calendar, not both"),
    ],
)
def test_holidays_of_an_unknown_country_or_subdivision_say_which(args, words):
    result = run("holidays", *args, "2024")
    clean(result)
    assert result.exit_code == 2 and result.stdout == ""
    assert words in result.stderr, result.stderr


def test_holidays_of_a_shipped_calendar_validate_and_agree_with_the_shipped_list(tmp_path):
    result = run("holidays", "--calendar", "un-new-york", "2023")
    assert result.exit_code == 0, result.output
    days = printed_days(result.stdout)
    assert list(days) == ["un-new-york"] and len(days["un-new-york"]) == 9
    shipped = load_model(write(tmp_path, "m.yaml", SHIPPED + HEAD)).calendar("un-new-york")
    assert {h.date: h.name for h in days["un-new-york"]} == {
        h.date: h.name for h in shipped.days if h.date.year == 2023
    }


def test_an_unknown_calendar_is_an_input_error_naming_what_planner_derives():
    result = run("holidays", "--calendar", "nosuch", "2025")
    clean(result)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("Error: holiday calendar 'nosuch' is not a calendar planner can derive")
    assert "un-new-york" in result.stderr and "--country" in result.stderr


def test_holidays_of_a_models_derived_calendar(tmp_path):
    model = write(tmp_path, "m.yaml", SHIPPED + HEAD + NAIROBI)
    result = run("holidays", "-m", model, "--calendar", "ke-public", "2024", "2025")
    clean(result)
    assert result.exit_code == 0, result.output
    days = printed_days(result.stdout)["ke-public"]
    assert [(h.date, h.name) for h in days] == sorted(
        holidays_lib.country_holidays("KE", years=[2024, 2025]).items()
    )
    # without the model, planner does not know it
    assert run("holidays", "--calendar", "ke-public", "2024").exit_code == 2
    # a listed calendar's further years come from its published list, not from planner
    model = write(
        tmp_path,
        "l.yaml",
        SHIPPED
        + HEAD
        + NAIROBI.replace(
            "derived: {country: KE}", "days: [{date: 2024-06-01, name: Madaraka Day, source: gazette}]"
        ),
    )
    listed = run("holidays", "-m", model, "--calendar", "ke-public", "2025")
    clean(listed)
    assert listed.exit_code == 2 and "is a list of its own in the model" in listed.stderr


def test_the_printed_block_pasted_into_a_model_merges_by_date(tmp_path):
    before = load_model(write(tmp_path, "before.yaml", SHIPPED + HEAD)).calendar("un-new-york")
    block = run("holidays", "--calendar", "un-new-york", "2023", "2026").stdout
    after = load_model(write(tmp_path, "after.yaml", SHIPPED + HEAD + block)).calendar("un-new-york")
    new = [d for d in printed_days(block)["un-new-york"] if d.date.year == 2026]
    assert new and not [d for d in before.days if d.date.year == 2026]
    # the 2026 days are added; the 2023 ones, already derived, are merged on their date
    assert len(after.days) == len(before.days) + len(new)
    assert len({d.date for d in after.days}) == len(after.days)
    assert set(new) <= set(after.days)
    assert (after.name, after.kind, after.source) == (before.name, before.kind, before.source)


@pytest.mark.parametrize("folder", ["", "a" * 300, "README.md/sub"])
def test_init_into_an_impossible_folder_is_an_input_error(folder, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "README.md").write_text("x")
    result = CliRunner().invoke(main, ["init", folder])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md"]
