"""The calendar of conferences as a spreadsheet (issue 20, point 5): a model includes
other bodies' meetings from a CSV file, one a line, checked at file:line and column;
`planner meetings` writes that CSV, and what it writes reads back to the same meetings."""

from __future__ import annotations

import csv
import io
from textwrap import dedent

import pytest
from click.testing import CliRunner

from conftest import head, load_model, write
from schedule_planner.cli import main
from schedule_planner.errors import InputError

HEAD = head("inc")
INCLUDES = "include: [planner:venues.yaml, planner:holidays.yaml, others.csv]\n"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def model_with(tmp_path, table: str, encoding: str = "utf-8"):
    (tmp_path / "others.csv").write_bytes(table.encode(encoding))
    return write(tmp_path, "m.yaml", INCLUDES + HEAD)


def error(path) -> InputError:
    with pytest.raises(InputError) as exc:
        load_model(path)
    return exc.value


def test_a_model_takes_other_meetings_from_a_csv_file_one_a_line(tmp_path):
    table = (
        "Body,Venue,Room,Start,End,Interpretation,Name\n"
        "UNODC Expert Group,vic,plenary-m; board-c,2022-02-07,2022-02-11,2,Expert group on data\n"
        "\n"
        '"=HYPERLINK(""http://x"")",vic,,2022-03-01,2022-03-01,0,"Briefing, informal"\n'
    )
    model = load_model(model_with(tmp_path, table))
    mine = [m for m in model.meetings if not m.source]  # the shipped ones name their source
    expert, briefing = sorted(mine, key=lambda m: m.start)
    assert expert.id == "unodc-expert-group-2022-02-07" and expert.rooms == ["plenary-m", "board-c"]
    assert expert.interpretation == 2 and expert.name == "Expert group on data"
    # a cell a spreadsheet would evaluate is a body's name, like any other text
    assert briefing.body == '=HYPERLINK("http://x")' and briefing.rooms == [] and briefing.interpretation == 0
    assert briefing.name == "Briefing, informal"
    # beside the shipped meetings, merged as a YAML file's would be
    shipped = write(tmp_path, "n.yaml", "include: [planner:venues.yaml, planner:holidays.yaml]\n" + HEAD)

    def listed(model):  # the projected meetings come after the listed ones
        return [m for m in model.meetings if not m.projected]

    assert listed(model) == listed(load_model(shipped)) + [expert, briefing]


def test_excel_files_a_bom_semicolons_or_tabs_and_a_quoted_body_are_read_alike(tmp_path):
    rows = [
        ["BODY", "venue", "rooms", "start", "end"],
        ["Group; one", "vic", "m3", "2022-06-01", "2022-06-02"],
    ]
    for delimiter in (",", ";", "\t"):
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
        model = load_model(model_with(tmp_path, "\ufeff" + out.getvalue()))
        found = [m for m in model.meetings if m.body == "Group; one"]
        assert [(m.rooms, str(m.start), m.interpretation) for m in found] == [(["m3"], "2022-06-01", 1)], (
            delimiter
        )


@pytest.mark.parametrize(
    "table, line, words",
    [
        ("body,venue,start,end,colour\n", 1, "colour: unknown column 'colour'"),
        ("body,venue,start\n", 1, "the header has no column end"),
        ("body,venue,start,end,body\n", 1, "column 'body' is given twice"),
        ("body,venue,start,end\nX,vic,2022-02-01,2022-02-02\nY,vic,2022-13-01,2022-13-02\n", 3, "start"),
        ("body,venue,start,end\n\nX,geneva,2022-02-01,2022-02-02\n", 3, "venue: unknown venue 'geneva'"),
        ("body,venue,rooms,start,end\nX,vic,m3 hall-z,2022-02-01,2022-02-02\n", 2, "rooms[1]"),
        (
            "body,venue,start,end\nX,vic,2022-02-03,2022-02-01\n",
            2,
            "end 2022-02-01 is before start 2022-02-03",
        ),
        ("body,venue,start,end\nX,vic,2022-02-01,2022-02-02,extra\n", 2, "has 5 cells, the header 4"),
        ("body,venue,start,end\n,vic,2022-02-01,2022-02-02\n", 2, "body: the cell is empty"),
        ("body,venue,start,end,interpretation\nX,vic,2022-02-01,2022-02-02,two\n", 2, "interpretation"),
        ('body,venue,start,end\n"X,vic,2022-02-01,2022-02-02\n', 2, "malformed CSV"),
        ("\n\n", None, "is empty"),
    ],
)
def test_a_bad_header_or_row_names_the_csv_file_its_line_and_column(tmp_path, table, line, words):
    err = error(model_with(tmp_path, table))
    assert err.file.endswith("others.csv") and err.line == line, str(err)
    assert words in str(err), str(err)
    result = run("validate", tmp_path / "m.yaml")
    assert result.exit_code == 2 and "others.csv" in result.output and "Traceback" not in result.output


def test_a_csv_that_is_not_utf8_is_refused_with_its_name(tmp_path):
    err = error(model_with(tmp_path, "body,venue,start,end\nMünchen,vic,2022-02-01,2022-02-02\n", "latin-1"))
    assert err.file.endswith("others.csv") and "not UTF-8" in str(err)


def test_planner_meetings_writes_the_csv_that_reads_back_to_the_same_meetings(tmp_path):
    """Written from one model, included in another: the same meetings, field for field,
    a formula-like name and a projected meeting of a series among them."""
    first = write(
        tmp_path / "a",
        "a.yaml",
        "include: [planner:venues.yaml, planner:holidays.yaml]\n"
        + HEAD
        + dedent("""\
        meetings:
          - {body: "=cmd|' /C calc'!A0", name: '+1, "quoted", ünïcode', venue: vic,
             rooms: [plenary-m, board-c], start: 2022-02-07, end: 2022-02-11, interpretation: 2}
          - {id: cnd-2022-06-20, body: CND, venue: vic, rooms: [plenary-m], start: 2022-06-20,
             end: 2022-06-24, series: cnd, projected: true, source: "CND's pattern"}
        """),
    )
    out = tmp_path / "b" / "others.csv"
    out.parent.mkdir()
    result = run("meetings", first, "-o", out)
    assert result.exit_code == 0, result.output
    assert f"wrote {out}:" in result.output and "meetings" in result.output
    text = out.read_text()
    assert text.splitlines()[0] == "id,body,name,venue,rooms,start,end,interpretation,series,projected,source"
    assert "'=cmd" in text and "'+1" in text  # never a formula in a spreadsheet
    second = write(tmp_path / "b", "b.yaml", INCLUDES + HEAD)
    assert load_model(second).meetings == load_model(first).meetings
    again = run("meetings", second).output
    assert again == text  # and writes the same file again


def test_a_timetables_sessions_are_written_as_meetings_another_model_takes(tmp_path):
    model = write(tmp_path, "a.yaml", "include: [planner:venues.yaml, planner:holidays.yaml]\n" + HEAD)
    timetable = tmp_path / "t.yaml"
    (tmp_path / "b").mkdir()
    timetable.write_text(
        "sessions:\n  - {id: A, start: 2022-02-07, end: 2022-02-11}\n  - {id: B, start: 2022-10-03, end: 2022-10-07}\n"
    )
    result = run("meetings", model, "--from", timetable, "-o", tmp_path / "b" / "others.csv")
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "b" / "others.csv").read_text().splitlines()
    assert lines[-2].startswith("inc-A,Intergovernmental Negotiating Committee,First,vic,")
    assert ",2022-02-07,2022-02-11,1,,," in lines[-2]
    other = write(
        tmp_path / "b",
        "b.yaml",
        INCLUDES + head("next"),
    )
    taken = {m.id: m for m in load_model(other).meetings}
    assert (
        str(taken["inc-B"].start) == "2022-10-03"
        and taken["inc-B"].body == "Intergovernmental Negotiating Committee"
    )


def test_a_csv_model_is_not_a_model(tmp_path):
    """Only an include reads a CSV file: given as the model, it is read as YAML."""
    path = tmp_path / "m.csv"
    path.write_text("body,venue,start,end\nX,vic,2022-02-01,2022-02-02\n")
    result = run("validate", path)
    assert result.exit_code == 2 and "m.csv" in result.output


def test_a_csv_larger_than_planner_reads_is_refused_at_its_line(tmp_path, monkeypatch):
    from schedule_planner import conferences, yamlio

    monkeypatch.setattr(yamlio, "MAX_VALUES", 50)
    path = tmp_path / "others.csv"
    path.write_text(
        "body,venue,start,end\n" + "".join(f"X{i},vic,2022-02-01,2022-02-02\n" for i in range(30))
    )
    with pytest.raises(InputError) as exc:
        conferences.load(path)
    assert exc.value.file.endswith("others.csv") and "more than 50 values" in str(exc.value)
    assert 2 < exc.value.line < 30
