"""The report as a conference-services planner's view of the centre: each room by day
with a lane per meeting at once, interpreters and translators per week against
capacity, what each left-out meeting was short of and, from `CENTRE` meetings, a
summary first and sections by venue and month. Rendered in-process from a small
generated centre (the threshold lowered), without the explanations, for speed."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from constraints import evaluate
from schedule_planner.app import load
from schedule_planner.cli import main
from schedule_planner.domain.text import fmt_range
from schedule_planner.domain.timetable import Timetable
from schedule_planner.occupancy import occupancy, span
from schedule_planner.render.report import CENTRE, Report, to_html
from schedule_planner.rows import timetable_rows
from test_report import NS, cls, parse


@pytest.fixture(scope="module")
def centre_files(tmp_path_factory):
    """A 40-meeting centre whose translators handle 40 pages a week, and its timetable:
    some sessions are left out, short of translation."""
    folder = tmp_path_factory.mktemp("centre")
    model, timetable = folder / "c.yaml", folder / "t.json"
    runner = CliRunner()
    assert (
        runner.invoke(main, ["generate", "--meetings", "40", "--seed", "1", "-o", str(model)]).exit_code == 0
    )
    text = re.sub(r"(?m)^translation_capacity: \d+", "translation_capacity: 40", model.read_text())
    model.write_text(text)
    done = runner.invoke(
        main, ["solve", "-m", str(model), "-f", "json", "-o", str(timetable), "--time-limit", "60"]
    )
    assert done.exit_code == 0, done.output
    return model, timetable


@pytest.fixture(scope="module")
def centre(centre_files):
    from schedule_planner.app import run_export

    model, timetable = centre_files
    problem = load(str(model))
    return problem, run_export(problem, [], str(timetable), "x").result.timetable


def page(problem, timetable: Timetable, centre: int = CENTRE) -> str:
    rows = timetable_rows(problem, timetable)
    findings = evaluate(problem, timetable)
    return to_html(problem, rows, Report("GIVEN", 0, findings, [], None, []), centre=centre)


def crowded(problem, timetable: Timetable) -> tuple[Timetable, list[str], date]:
    """Four sessions needing interpreters at the VIC in its four rooms on the same days
    (three teams), and a fifth in the first one's room at once: a proposal given --from."""
    placed = [p for p in timetable if p.venue == "vic"]
    rooms = [r.id for r in problem.venue("vic").rooms]
    monday = date(2022, 3, 7)
    moved = []
    for i, p in enumerate(placed[:5]):
        room = rooms[i % len(rooms)]
        length = p.end - p.start
        q = replace(p, room=room, start=monday, end=monday + length)
        timetable = timetable.moved(q)
        moved.append(p.session)
    return timetable, moved, monday


def test_span_is_the_first_opening_to_the_latest_end():
    rows = [
        SimpleNamespace(start=date(2024, 1, 8), end=date(2024, 3, 1)),
        SimpleNamespace(start=date(2024, 2, 5), end=date(2024, 2, 9)),
    ]
    assert span(rows) == (date(2024, 1, 8), date(2024, 3, 1))  # not the last-opening meeting's end
    assert span([]) is None


def test_lanes_never_share_a_day_and_fixed_meetings_are_marked(centre):
    problem, timetable = centre
    crowd, moved, monday = crowded(problem, timetable)
    occ = occupancy(problem, crowd, timetable_rows(problem, crowd))
    first = next(r for r in occ.rooms if r.room.id == problem.venue("vic").rooms[0].id)
    assert first.lanes == 2  # two sessions at once in one room: a lane each
    for room in occ.rooms:
        for a in room.stays:
            for b in room.stays:
                if a is not b and a.lane == b.lane:
                    assert a.end < b.start or b.end < a.start, (a, b)
    fixed = [s for r in occ.rooms for s in r.stays if s.fixed]
    assert fixed and {s.who for s in fixed} <= {m.body for m in problem.model.meetings}
    assert all(s.name for s in fixed)
    # the centre's view draws each in its lane: the same room's blocks never overlap
    tree = parse(page(problem, crowd))
    for svg in tree.findall(".//h:figure[@class='grid']/svg:svg", NS):
        boxes = [
            [float(g.find("svg:rect", NS).get(k)) for k in ("x", "y", "width", "height")]
            for g in svg.findall("svg:g", NS)
            if "stay" in cls(g)
        ]
        for i, (x, y, w, h) in enumerate(boxes):
            for x2, y2, w2, h2 in boxes[i + 1 :]:
                assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y
    month = tree.find(f".//h:section[@id='vic-{monday:%Y-%m}']", NS)
    lanes = {
        g.get("data-who"): g.get("data-lane") for g in month.iter(f"{{{NS['svg']}}}g") if "stay" in cls(g)
    }
    assert lanes[moved[0]] != lanes[moved[4]]
    assert any("fixed" in cls(g) for g in tree.iter(f"{{{NS['svg']}}}g"))


def test_an_overloaded_day_and_week_are_marked(centre):
    problem, timetable = centre
    html = page(problem, timetable)
    assert "No day and no week is over capacity." in html
    crowd, _, monday = crowded(problem, timetable)
    tree = parse(page(problem, crowd))
    weeks = tree.findall(".//h:table[@class='over-weeks']/h:tbody/h:tr", NS)
    assert monday.isoformat() in [tr.get("data-week") for tr in weeks]
    row = next(tr for tr in weeks if tr.get("data-week") == monday.isoformat())
    assert "5 of 3" in "".join(row.itertext())
    bars = [r for r in tree.iter(f"{{{NS['svg']}}}rect") if r.get("data-week") == monday.isoformat()]
    assert any("over" in cls(r) and r.get("data-resource") == "vic" for r in bars)
    teams = [
        g
        for g in tree.iter(f"{{{NS['svg']}}}g")
        if "teams" in cls(g) and g.get("data-day") == monday.isoformat()
    ]
    assert teams and all("over" in cls(g) for g in teams)


def test_each_left_out_meeting_says_what_was_short(centre):
    problem, timetable = centre
    findings = [f for f in evaluate(problem, timetable) if f.rule == "dropped-session"]
    assert findings and any(f.short for f in findings)
    tree = parse(page(problem, timetable))
    shown = {
        tr.get("data-session"): tr for tr in tree.findall(".//h:table[@class='left-out']/h:tbody/h:tr", NS)
    }
    assert list(shown) == [f.session for f in findings]
    for f in findings:
        assert shown[f.session].get("data-short") == " ".join(f.short)
        assert [s.text for s in shown[f.session].iter(f"{{{NS['h']}}}span") if "rule" in cls(s)] == list(
            f.short
        )
    # read from the finding's data, not its words
    rows = timetable_rows(problem, timetable)
    words = replace(findings[0], short=("interpretation-capacity",), message="left out")
    html = to_html(problem, rows, Report("GIVEN", 0, [words], [], None, []))
    assert 'data-short="interpretation-capacity"' in html


def test_a_centre_opens_with_a_summary_then_venues_and_months(centre):
    problem, timetable = centre
    rows = timetable_rows(problem, timetable)
    small = parse(page(problem, timetable))
    heads = [h.text for h in small.findall(".//h:h2", NS)]
    assert heads[:5] == [
        "Timetable",
        "Timeline",
        "Rooms by day",
        "Interpreters and translators per week",
        "Left out",
    ]
    tree = parse(page(problem, timetable, centre=len(rows)))
    heads = [h.text for h in tree.findall(".//h:main/h:section/h:h2", NS)]
    assert heads[:4] == [
        "Summary",
        "Left out",
        "Vienna International Centre",
        "Interpreters and translators per week",
    ]
    assert "Timeline" not in heads and "Timetable" not in heads
    assert tree.find(".//h:h1", NS).text.startswith(
        f"{len(problem.model.bodies)} bodies at the conference centre"
    )
    assert not tree.findall(".//h:p[@class='lead']", NS)
    summary = tree.find(".//h:section[@id='summary']", NS)
    first, last = min(r.start for r in rows), max(r.end for r in rows)
    cells = {
        tr[0].text: "".join(tr[1].itertext())
        for tr in summary.findall(".//h:table[@class='counts']/h:tbody/h:tr", NS)
    }
    assert cells["Span"].startswith(fmt_range(first, last))
    assert cells["Meetings"].startswith(f"{len(rows)} in the timetable") and cells["Meetings"].endswith(
        f"{len(timetable.dropped)} left out"
    )
    assert cells["Bodies"] == str(len(problem.model.bodies))
    rooms = summary.findall(".//h:table[@class='rooms']/h:tbody/h:tr", NS)
    assert [tr.get("data-room") for tr in rooms] == [f"vic/{r.id}" for r in problem.venue("vic").rooms]
    # every meeting sits in its venue's month section, which the summary links to
    months = tree.findall(".//h:section[@class='month']", NS)
    ids = [s.get("id") for s in months]
    assert ids == sorted(ids) and all(re.fullmatch(r"vic-\d{4}-\d\d", i) for i in ids)
    links = {a.get("href")[1:] for a in summary.iter(f"{{{NS['h']}}}a")}
    assert set(ids) <= links
    assert all(tree.find(f".//*[@id='{i}']", NS) is not None for i in links)
    listed = {tr.get("data-session"): s.get("id") for s in months for tr in s.findall(".//h:tbody/h:tr", NS)}
    assert listed == {r.id: f"{r.venue.id}-{r.start:%Y-%m}" for r in rows}


def test_one_body_keeps_its_layout(tmp_path):
    from conftest import small_model_dict, write_model

    problem = load(str(write_model(tmp_path, small_model_dict())))
    html = page(problem, Timetable())
    assert "Rooms by day" not in html and "Interpreters and translators" not in html
    assert 'id="left-out"' not in html


def test_model_text_stays_text_and_the_same_input_gives_the_same_bytes(centre, centre_files):
    from schedule_planner.loading import ModelSource

    timetable = centre[1]
    hostile = '<script>alert(1)</script> & <img src=x onerror="y">'
    problem = load(ModelSource(str(centre_files[0]), sets=(f"venues[vic].rooms[board-d].name={hostile}",)))
    html = page(problem, timetable, centre=1)
    assert html == page(problem, timetable, centre=1)
    assert "<script>" not in html and "<img" not in html
    tree = parse(html)
    texts = [t.text for t in tree.iter(f"{{{NS['svg']}}}text")]
    assert hostile in texts  # the room's row in the grid, as written
    assert any(
        hostile in "".join(th.itertext()) for th in tree.iter(f"{{{NS['h']}}}th")
    )  # and in the summary


def test_many_bodies_document_periods_a_row_per_body(centre):
    problem, timetable = centre
    tree = parse(page(problem, timetable))
    table = tree.find(".//h:table[@class='documents by-body']", NS)
    bodies = problem.model.bodies
    assert len(bodies) > 4
    assert ["".join(tr[0].itertext()) for tr in table.findall("h:tbody/h:tr", NS)] == [
        f"{b.label} {b.name}" for b in bodies
    ]
    assert tree.find(".//h:h1", NS).text.startswith(f"{len(bodies)} bodies at the conference centre")
    assert not tree.findall(".//h:p[@class='lead']", NS)
    assert len(table.findall("h:thead/h:tr/h:th", NS)) == 1 + len(
        tree.findall(".//h:dl[@class='documents']/h:dt", NS)
    )
