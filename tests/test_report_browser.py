"""The report in a real browser: the system's Chromium (Debian's `chromium`), driven by
Playwright's Python API, headless, with --no-sandbox (it runs as root here). It checks
the page as laid out (a bar per session at its dates on the timeline's scale, a row per
session in the table), takes a screenshot and prints an A4 PDF.

Without a browser these tests skip with the reason, except under CI (CI=true), where a
missing browser fails them: .ci/run installs it. Set PLANNER_CHROMIUM to use another
executable.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import date

import pytest
from click.testing import CliRunner

from schedule_planner.cli import main
from schedule_planner.render.report import DAY, LEFT, WIDTH

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def missing(reason: str):
    """A skip on a user's machine, a failure under CI."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {reason}: .ci/run installs Debian's chromium", pytrace=False)
    pytest.skip(f"{reason}; install a browser (Debian/Ubuntu: apt-get install chromium) to run it")


def executable() -> str | None:
    given = os.environ.get("PLANNER_CHROMIUM")
    if given:
        return given if os.access(given, os.X_OK) else None
    return next((path for name in CANDIDATES if (path := shutil.which(name))), None)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        missing("Playwright is not installed (pip install -e '.[test]')")
    path = executable()
    if path is None:
        missing(f"no Chromium found (looked for {', '.join(CANDIDATES)} on PATH and PLANNER_CHROMIUM)")
    with sync_playwright() as p:
        try:
            chromium = p.chromium.launch(executable_path=path, headless=True, args=["--no-sandbox"])
        except Error as exc:
            missing(f"Chromium at {path} does not start: {str(exc).splitlines()[0]}")
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    runner = CliRunner()
    timetable, page = folder / "t.json", folder / "report.html"
    for args in (["solve", "-f", "json", "-o", str(timetable)], ["report", "-o", str(page)]):
        assert runner.invoke(main, args).exit_code == 0
    return json.loads(timetable.read_text())["sessions"], page


@pytest.fixture
def page(browser, report):
    tab = browser.new_page(viewport={"width": 1200, "height": 900})
    tab.goto(report[1].as_uri())
    yield tab
    tab.close()


def test_a_bar_per_session_at_its_dates(page, report):
    sessions = [s for s in report[0] if s["kind"] == "session"]
    bars = page.eval_on_selector_all(
        "svg.timeline g.bar.session",
        """gs => gs.map(g => {
        const svg = g.ownerSVGElement.getBoundingClientRect();
        return {id: g.dataset.session, start: g.dataset.start, end: g.dataset.end,
                title: g.querySelector('title').textContent, svg_left: svg.left, svg_width: svg.width,
                rects: [...g.querySelectorAll('rect')].map(r => {
                    const b = r.getBoundingClientRect(); return {left: b.left, width: b.width};})};
    })""",
    )
    assert [(b["id"], b["start"], b["end"]) for b in bars] == [
        (s["id"], s["start"], s["end"]) for s in sessions
    ]
    for bar in bars:
        start, end = date.fromisoformat(bar["start"]), date.fromisoformat(bar["end"])
        scale = bar["svg_width"] / float(WIDTH)  # screen pixels per SVG unit
        left = bar["svg_left"] + (LEFT + (start - date(start.year, 1, 1)).days * DAY) * scale
        assert len(bar["rects"]) == 1
        assert bar["rects"][0]["left"] == pytest.approx(left, abs=1.0), bar["id"]
        assert bar["rects"][0]["width"] == pytest.approx(((end - start).days + 1) * DAY * scale, abs=1.0)
        assert page.is_visible(f"svg.timeline g.bar.session[data-session='{bar['id']}'] rect")


def test_a_table_row_per_session(page, report):
    rows = page.eval_on_selector_all(
        "table.timetable tbody tr", "trs => trs.map(tr => [...tr.children].map(c => c.innerText))"
    )
    assert len(rows) == len(report[0]) == 16  # every meeting, in date order
    by_id = {row[0].split("\n")[0]: row for row in rows}
    assert [row[0].split("\n")[0] for row in rows] == [s["id"] for s in report[0]]
    assert by_id["S1"][0].startswith("S1\nFirst session") and by_id["S1"][1].startswith(
        "Mon 2 - Fri 13 Aug 2021"
    )
    assert by_id["S5"][1] == "Mon 17 - Fri 28 Apr 2023\n9 meeting days (1 lost to holidays)"


def test_the_chart_has_a_text_alternative(page):
    name = page.evaluate("""() => {
        const svg = document.querySelector('svg.timeline');
        return svg.getAttribute('aria-labelledby').split(' ')
                  .map(id => document.getElementById(id).textContent).join(' ');
    }""")
    assert name.startswith("Timeline of the sessions") and "S4 Mon 12 - Fri 23 Dec 2022" in name


def test_screenshot_and_a4_pdf(page, tmp_path):
    shot, pdf = tmp_path / "report.png", tmp_path / "report.pdf"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    page.emulate_media(media="print")
    assert page.is_visible("svg.timeline") and page.is_visible("table.timetable")
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(data) < 1_000_000  # the timeline stays vectors (SVG patterns would not)
    boxes = {
        tuple(round(float(v)) for v in m.groups())
        for m in re.finditer(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    }
    assert boxes == {(595, 842)}  # A4 in points, as the print CSS asks
    assert len(re.findall(rb"/Type\s*/Page\b", data)) >= 3


@pytest.fixture(scope="module")
def centre_page(tmp_path_factory):
    """A 40-meeting generated centre's report, laid out as from CENTRE meetings."""
    from constraints import evaluate
    from schedule_planner.app import load, run_export
    from schedule_planner.render.report import Report, to_html
    from schedule_planner.rows import timetable_rows

    folder = tmp_path_factory.mktemp("centre")
    model, timetable, page = folder / "c.yaml", folder / "t.json", folder / "centre.html"
    runner = CliRunner()
    for args in (
        ["generate", "--meetings", "40", "--seed", "1", "-o", str(model)],
        ["solve", "-m", str(model), "-f", "json", "-o", str(timetable), "--time-limit", "60"],
    ):
        assert runner.invoke(main, args).exit_code == 0
    problem = load(str(model))
    given = run_export(problem, [], str(timetable), "x").result.timetable
    rows = timetable_rows(problem, given)
    report = Report("GIVEN", 0, evaluate(problem, given), [], None, [])
    page.write_text(to_html(problem, rows, report, centre=len(rows)), encoding="utf-8")
    return page


def test_the_room_grid_draws_each_meeting_apart_and_labels_inside(browser, centre_page):
    """No two meetings' blocks overlap on the page, and a label stays inside its block."""
    tab = browser.new_page(viewport={"width": 1200, "height": 900})
    tab.goto(centre_page.as_uri())
    grids = tab.eval_on_selector_all(
        "figure.grid svg",
        """svgs => svgs.map(svg => {
        const box = e => { const b = e.getBoundingClientRect();
                           return [b.left, b.top, b.right, b.bottom]; };
        return {svg: box(svg), body: document.body.getBoundingClientRect().right,
                stays: [...svg.querySelectorAll('g.stay')].map(g => ({
                    who: g.dataset.who, rect: box(g.querySelector('rect')),
                    text: g.querySelector('text') ? box(g.querySelector('text')) : null}))};
    })""",
    )
    tab.close()
    assert grids and any(len(g["stays"]) > 2 for g in grids)
    labelled = 0
    for grid in grids:
        assert grid["svg"][2] <= grid["body"] + 1  # it fits the page's width
        stays = grid["stays"]
        for i, a in enumerate(stays):
            left, t, r, b = a["rect"]
            if a["text"]:
                labelled += 1
                tl, tt, tr, tb = a["text"]
                assert left <= tl + 0.5 and tr <= r + 0.5 and t <= tt + 0.5 and tb <= b + 0.5, a["who"]
            for other in stays[i + 1 :]:
                l2, t2, r2, b2 = other["rect"]
                assert r <= l2 + 0.5 or r2 <= left + 0.5 or b <= t2 + 0.5 or b2 <= t + 0.5, (
                    a["who"],
                    other["who"],
                )
    assert labelled


@pytest.mark.parametrize("ci, outcome", [("", "5 skipped"), ("true", "5 errors")])
def test_missing_browser_skips_with_the_reason_but_fails_under_ci(ci, outcome, tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    env = {**os.environ, "CI": ci, "PLANNER_CHROMIUM": str(tmp_path / "no-browser")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-n",
            "0",
            "-p",
            "no:cacheprovider",
            "-rs",
            "-k",
            "not missing_browser",
            __file__,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert outcome in done.stdout, done.stdout
    assert "no Chromium found" in done.stdout
