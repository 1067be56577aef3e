"""Every renderer shows the whole calendar of the default model: its sessions, its
organizational session and consultations (each kind recognisable), its progress
reports and the milestones of the adoption path."""

from __future__ import annotations

import csv
import io
import json

import html5lib
import pytest
from icalendar import Calendar

from schedule_planner.domain.problem import Problem
from schedule_planner.domain.text import fmt
from schedule_planner.proposal import read_proposal
from schedule_planner.render import calendar as cal, ics
from schedule_planner.render.csv import HEADER, to_csv
from schedule_planner.render.json import solve_document, to_json
from schedule_planner.render.markdown import to_markdown
from schedule_planner.render.report import Report, to_html
from schedule_planner.render.table import render_table
from schedule_planner.rows import milestones, report_rows, timetable_rows

KINDS = {"session": 8, "organizational": 1, "consultation": 7}


@pytest.fixture(scope="module")
def made(default_problem: Problem, default_result):
    tt = default_result.timetable
    return (
        timetable_rows(default_problem, tt),
        report_rows(default_problem, tt),
        milestones(default_problem, tt),
    )


def test_json_has_kinds_reports_and_milestones(default_problem, default_result, made, tmp_path):
    rows, _, _ = made
    doc = json.loads(to_json(solve_document(default_problem, default_result, rows)))
    kinds = [s["kind"] for s in doc["sessions"]]
    assert {k: kinds.count(k) for k in KINDS} == KINDS
    assert [s["start"] for s in doc["sessions"]] == sorted(s["start"] for s in doc["sessions"])
    assert [r["id"] for r in doc["reports"]] == ["R76", "R77", "R78", "R79"]
    r77 = doc["reports"][1]
    assert set(r77) == {
        "id",
        "body",
        "name",
        "goes_to",
        "assembly",
        "session",
        "opens",
        "cut_off",
        "submission",
        "issuance",
        "basis",
        "slack",
    }
    assert r77["assembly"] == 77 and r77["session"] is None
    assert r77["cut_off"] < r77["submission"] < r77["issuance"] < r77["opens"]
    assert r77["basis"] in {s["id"] for s in doc["sessions"]} and r77["slack"] >= 0
    assert [m["id"] for m in doc["milestones"]] == ["approval", "consideration", "adoption", "signing"]
    approval = doc["milestones"][0]
    last = max(s["end"] for s in doc["sessions"] if s["kind"] == "session")
    assert approval["start"] == approval["end"] == last and approval["slack"] >= 0
    # a solve's JSON reads back as a timetable, the new keys accepted
    path = tmp_path / "solve.json"
    path.write_text(json.dumps(doc))
    timetable, _ = read_proposal(str(path), default_problem)
    assert timetable.placements == default_result.timetable.placements


def test_ics_holds_consultations_report_deadlines_and_milestones(default_problem, made):
    rows, reports, marks = made
    text = ics.to_ics(default_problem, rows, ics.Options(events="sessions"), None, reports, marks)
    events = Calendar.from_ical(text).walk("VEVENT")
    by_uid = {str(e["UID"]): e for e in events}
    assert len(by_uid) == len(events)
    c1 = by_uid["ahc-cybercrime.C1.session@schedule-planner"]
    assert "Consultation" in c1["CATEGORIES"].cats
    assert str(c1["SUMMARY"]) == "Ad Hoc Committee (cybercrime): First intersessional consultation"
    os_ = by_uid["ahc-cybercrime.OS.session@schedule-planner"]
    assert "Organizational session" in os_["CATEGORIES"].cats
    r77 = next(r for r in reports if r.id == "R77")
    for key in ("submission", "issuance"):
        e = by_uid[f"ahc-cybercrime.R77.report-{key}@schedule-planner"]
        assert e["DTSTART"].dt == r77.deadlines[key]
        assert str(e["SUMMARY"]).startswith(f"Ad Hoc Committee (cybercrime): R77 {key} deadline: ")
        assert "Report deadline" in e["CATEGORIES"].cats
    signing = by_uid["ahc-cybercrime.signing.milestone@schedule-planner"]
    m = next(m for m in marks if m.id == "signing")
    assert (signing["DTSTART"].dt, (signing["DTEND"].dt - m.end).days) == (m.start, 1)
    # without deadline events, no report deadlines either; milestones stay
    bare = ics.to_ics(default_problem, rows, ics.Options(deadlines=False), None, reports, marks)
    assert "report-submission" not in bare and "approval.milestone" in bare


def test_csv_has_the_kind_column_and_rows_for_reports_and_milestones(made):
    rows, reports, marks = made
    table = list(csv.reader(io.StringIO(to_csv(rows, reports, marks))))
    assert table[0] == HEADER and table[0][:2] == ["id", "kind"]
    kinds = [line[1] for line in table[1:]]
    assert {k: kinds.count(k) for k in KINDS} == KINDS
    assert kinds[len(rows) :] == ["report"] * 4 + ["approval", "consideration", "adoption", "signing"]
    r77 = dict(zip(table[0], table[1 + len(rows) + 1]))
    report = reports[1]
    assert (r77["id"], r77["start"], r77["end"]) == (
        "R77",
        report.deadlines["submission"].isoformat(),
        report.deadlines["issuance"].isoformat(),
    )
    assert all(len(line) == len(HEADER) for line in table)


@pytest.mark.parametrize("width", [80, 140])
def test_table_shows_consultations_and_the_reports_section(default_problem, made, width):
    rows, reports, marks = made
    text = render_table(default_problem, rows, ["Status OPTIMAL"], width, reports, marks)
    assert all(len(line) <= width for line in text.split("\n")), max(text.split("\n"), key=len)
    assert "(consultation)" in text and "(organizational)" in text and "C7" in text
    section = text.split("Reports and milestones:\n", 1)[1].split("\n\n")[0]
    assert "R77: submission" in section and "reports on" in section
    assert "Possible high-level conference for signature" in section
    assert text.index("Reports and milestones:") < text.index("Status OPTIMAL")


def test_markdown_has_the_kind_and_the_sections(default_problem, default_result, made):
    rows, reports, marks = made
    text = to_markdown(default_problem, rows, default_result.findings, "OPTIMAL", 0, reports, marks)
    assert "| Session | Kind | Dates |" in text
    assert "| C1 First intersessional consultation | consultation |" in text
    reports_part = text.split("## Reports\n", 1)[1].split("\n## ")[0]
    assert reports_part.count("\n- R7") == 4 and "issuance" in reports_part
    assert "## Milestones" in text and "days to spare" in text


def test_show_marks_consultations_and_report_deadlines(default_problem, made):
    rows, reports, _ = made
    text = cal.render_calendar(default_problem, rows, 120, reports=reports)
    assert "C1 16-17" in text
    assert f"{cal.OTHER.glyph} consultation" in text and f"{cal.REPORT.glyph} progress report" in text
    aug = next(
        line for line in text.split("\n") if line.startswith(f"{reports[1].deadlines['issuance']:%b %Y}")
    )
    assert cal.REPORT.glyph in aug and "R77 issuance 20" in text
    c1 = next(r for r in rows if r.id == "C1")
    assert cal.Calendar(default_problem, rows, reports).mark(c1.end) is cal.OTHER


def test_html_report_lists_reports_and_milestones_and_draws_consultations(default_problem, made):
    rows, reports, marks = made
    text = to_html(default_problem, rows, Report("GIVEN", 0, [], [], None, []), reports, marks)
    html5lib.HTMLParser(strict=True).parse(text.encode())
    assert "8 sessions, 1 organizational session and 7 consultations" in text
    section = text.split('<section id="calendar">', 1)[1].split("</section>")[0]
    assert all(f'data-report="{r.id}"' in section for r in reports)
    assert all(f'data-milestone="{m.id}"' in section for m in marks)
    assert fmt(reports[1].deadlines["submission"]) in section
    assert text.count('<g class="bar consultation"') == 7
    assert text.count('<g class="bar organizational"') == 1
    assert "intersessional consultation</li>" in text  # in the legend


def test_ics_names_the_kind_of_a_meeting_whose_name_does_not(default_problem, made):
    """A consultation named without the word gets the kind before its name."""
    import dataclasses

    rows, _, _ = made
    c1 = next(r for r in rows if r.session.id == "C1")
    renamed = dataclasses.replace(c1, session=c1.session.model_copy(update={"name": "Informal talks"}))
    text = ics.to_ics(default_problem, [renamed], ics.Options(events="sessions"), None, (), ())
    event = Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Ad Hoc Committee (cybercrime): Consultation: Informal talks"
