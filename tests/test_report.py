"""`planner report`: one self-contained HTML page, valid (html5lib, strict), the same
bytes for the same input, and made of what the other outputs already say."""

from __future__ import annotations

import json
import re
from datetime import date

import html5lib
import pytest
from click.testing import CliRunner

from conftest import small_model_dict, write_model
from constraints import RULES
from schedule_planner import explain as ex
from schedule_planner.authoring import assumptions
from schedule_planner.cli import main
from schedule_planner.domain.text import fmt, fmt_range
from schedule_planner.render import cost_by_rule

NS = {"h": "http://www.w3.org/1999/xhtml", "svg": "http://www.w3.org/2000/svg"}


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    """The default model's timetable (solve's JSON) and its report."""
    folder = tmp_path_factory.mktemp("report")
    timetable, report = folder / "t.json", folder / "report.html"
    run("solve", "-f", "json", "-o", str(timetable))
    run("report", "-o", str(report))
    return timetable, report.read_text(encoding="utf-8")


def parse(html: str):
    """The page parsed strictly: any parse error fails."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(html)


def cls(node) -> list[str]:
    return node.get("class", "").split()


def test_valid_html5_with_headings_and_landmarks(solved):
    tree = parse(solved[1])
    assert tree.tag == f"{{{NS['h']}}}html" and tree.get("lang") == "en"
    assert len(tree.findall(".//h:h1", NS)) == 1
    heads = [h.text for h in tree.findall(".//h:h2", NS)]
    assert heads == [
        "Timetable",
        "Timeline",
        "Reports and milestones",
        "What the timetable trades",
        "Why each session sits where it does",
        "Assumptions and sources",
    ]
    assert tree.find(".//h:main", NS) is not None and tree.find(".//h:footer", NS) is not None


def test_strict_parsing_catches_broken_markup():
    with pytest.raises(html5lib.html5parser.ParseError):
        parse("<!DOCTYPE html><html lang=en><head><title>x</title></head><body><p>a</b></body></html>")


def test_one_table_row_per_session_in_the_seed_layout(solved):
    timetable, html = solved
    doc = json.loads(timetable.read_text())
    tree = parse(html)
    table = tree.find(".//h:table[@class='timetable']", NS)
    assert [th.text for th in table.findall("h:thead/h:tr/h:th", NS)] == [
        "Session",
        "Dates",
        "Venue, room",
        "Documents due",
        "Task",
    ]
    trs = table.findall("h:tbody/h:tr", NS)
    assert [(tr.get("data-session"), tr.get("data-start"), tr.get("data-end")) for tr in trs] == [
        (s["id"], s["start"], s["end"]) for s in doc["sessions"]
    ]
    s4 = next(tr for tr in trs if tr.get("data-session") == "S4")
    text = " ".join("".join(td.itertext()) for td in s4)
    assert "Mon 12 - Fri 23 Dec 2022" in text and "submission 3 Oct 2022" in text
    assert "contributions 16 Sep 2022" in text and "elaborate in detail" in text


def test_timeline_bar_per_session_and_pipeline_spans(solved):
    timetable, html = solved
    doc = json.loads(timetable.read_text())
    svg = parse(html).find(".//svg:svg", NS)
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "timeline-title timeline-desc"
    assert svg.find("svg:title", NS).text and "S8 Mon 3 - Fri 14 Jun 2024" in svg.find("svg:desc", NS).text
    groups = svg.findall("svg:g", NS)
    # a bar per meeting, its kind its class: sessions, the organizational session, consultations
    for kind in ("session", "organizational", "consultation"):
        bars = [g for g in groups if kind in cls(g)]
        assert [(g.get("data-session"), g.get("data-start"), g.get("data-end")) for g in bars] == [
            (s["id"], s["start"], s["end"]) for s in doc["sessions"] if s["kind"] == kind
        ]
        assert bars and all(g.find("svg:title", NS).text.startswith(g.get("data-session")) for g in bars)
    # S4's pipeline: contributions after S3 (closed 2 Sep 2022) to 16 Sep, consolidation to
    # 30 Sep, translation from submission (3 Oct) to issuance (31 Oct)
    s4 = {
        cls(g)[1]: (g.get("data-start"), g.get("data-end"))
        for g in groups
        if g.get("data-session") == "S4" and "session" not in cls(g)
    }
    assert s4 == {
        "contributions": ("2022-09-03", "2022-09-16"),
        "consolidation": ("2022-09-17", "2022-09-30"),
        "translation": ("2022-10-03", "2022-10-31"),
    }
    kinds = {cls(g)[1] for g in groups if "bar" in cls(g)}
    assert kinds == {
        "session",
        "organizational",
        "consultation",
        "contributions",
        "consolidation",
        "translation",
        "meeting",
        "closed",
        "soft",
    }
    assert any(
        g.find("svg:title", NS).text.startswith("Mon 24 Apr 2023: Eid al-Fitr")
        for g in groups
        if "closed" in cls(g)
    )
    assert any("CND 66th session" in g.find("svg:title", NS).text for g in groups if "meeting" in cls(g))


def test_a_session_across_the_new_year_is_one_bar_in_two_bands(tmp_path):
    data = small_model_dict()
    data["window"] = {"start": "2022-11-01", "end": "2023-07-31"}
    data["sessions"][0]["fixed"] = {"start": "2022-12-26", "end": "2023-01-06"}
    data["sessions"][0]["length"] = {"weeks": 2}
    html = run("report", str(write_model(tmp_path, data)))
    bars = [g for g in parse(html).findall(".//svg:g", NS) if "session" in cls(g)]
    assert len(bars) == 3
    assert len(bars[0].findall("svg:rect", NS)) == 2


def test_greyscale_each_kind_its_own_hatching_or_line(solved):
    """The pipeline's spans, side by side in one lane, differ by their hatching (vertical,
    both, horizontal lines), not by colour alone; holidays by a solid or dashed line."""
    groups = parse(solved[1]).findall(".//svg:svg[@role='img']/svg:g", NS)

    def directions(kind: str) -> set[str]:
        g = next(g for g in groups if kind in cls(g))
        d = g.find("svg:path", NS).get("d")
        return set(re.findall(r"[vh]", d))

    assert directions("contributions") == {"v"}
    assert directions("consolidation") == {"v", "h"}
    assert directions("translation") == {"h"}
    assert all(g.find("svg:path", NS) is None for g in groups if cls(g)[1:2] in (["session"], ["meeting"]))
    css = solved[1]
    assert re.search(r"\.closed line \{[^}]*stroke-width: 1\.8;", css)
    assert re.search(r"\.soft line \{[^}]*stroke-dasharray: 2 2;", css)


def test_self_contained_and_printable(solved):
    html = solved[1]
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert not re.search(r"\b(src|href)=\"(?!#)", html) and "@import" not in html  # in-page links only
    assert not re.search(r"url\((?!#)", html)  # only the page's own patterns
    assert "@page { size: A4;" in html and "@media print" in html


def test_score_breakdown_and_explanations_as_explain_says_them(solved, default_problem, default_result):
    tree = parse(solved[1])
    table = tree.find(".//h:table[@class='breakdown']", NS)
    rows = [[c.text for c in tr] for tr in table.findall("h:tbody/h:tr", NS)]
    assert ["lost-meeting-day", "10", "10"] in rows  # Easter Monday, lost to S5
    assert rows == [
        [rule, str(RULES[rule].weight(default_problem)), str(cost)]
        for rule, cost in cost_by_rule(default_result.findings).items()
    ]
    assert str(default_result.objective) in [c.text for c in table.find("h:tfoot/h:tr", NS)]
    said = [ex.words(default_problem, e) for e in ex.explain(default_problem, default_result.timetable)]
    sections = tree.findall(".//h:section[@class='explanation']", NS)
    shown = [(s.find("h:h3", NS).text, [li.text for li in s.findall(".//h:li", NS)]) for s in sections]
    assert shown == said and len(shown) == 16  # every meeting: sessions, OS, consultations
    assert shown[4][0].startswith("S5 Fifth session: Mon 17 - Fri 28 Apr 2023 (cost ")


def test_assumptions_with_their_sources(solved):
    html = solved[1]
    assert "venues[vic].rooms[plenary-m].seats = 1000: ASSUMED" in html
    assert "(planner:venues.yaml:35)" in html
    assert "ASSUMED: no rule fixes these two" in html and "(planner:ahc-cybercrime.yaml:43)" in html
    assert "UNIS Vienna 2023 list" in html and "holidays library (python-holidays), country AT" in html
    assert "CND sessions page" in html and "dates ASSUMED (early June 2023, unverified)" in html
    assert "GA res. 49/221 B" in html


def test_assumptions_read_comments_not_strings(tmp_path):
    data = small_model_dict()
    path = write_model(tmp_path, data)
    text = path.read_text().replace("seats: 500", "seats: 500  # ASSUMED: the big one", 1)
    text = text.replace("name: Test Committee", "name: 'Test # ASSUMED not a comment'")
    text = text.replace("name: Big Room", "name: Member States' Room  # ASSUMED: a name")
    path.write_text("# Some note.\n# ASSUMED: the whole\n# paragraph.\n#\n# Not this one.\n" + text)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "the big one" in text)
    found = [(a.origin, a.text) for a in assumptions(str(path))]
    assert found == [
        (f"{path}:1", "Some note. ASSUMED: the whole paragraph."),
        (f"{path}:{line - 1}", "venues[vic].rooms[big].name = Member States' Room: ASSUMED: a name"),
        (f"{path}:{line}", "venues[vic].rooms[big].seats = 500: ASSUMED: the big one"),
    ]


def test_same_input_same_bytes_and_no_clock(solved):
    timetable, html = solved
    again = run("report", "--from", str(timetable))
    assert again == html  # solved or read back, the same
    assert run("report", "--from", str(timetable)) == again
    today = date.today()
    assert today.isoformat() not in html and fmt(today) not in html


def test_baseline_changes_as_diff_says_them(solved, tmp_path):
    timetable, html = solved
    assert "Changes from the baseline" not in html
    doc = json.loads(timetable.read_text())
    s2 = next(s for s in doc["sessions"] if s["id"] == "S2")
    s2["start"], s2["end"] = "2022-02-28", "2022-03-04"
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps(doc))
    out = run("report", "--from", str(timetable), "--baseline", str(baseline))
    tree = parse(out)
    section = tree.find(".//h:section[@id='changes']", NS)
    items = [li.text for li in section.findall(".//h:li", NS)]
    assert (
        f"S2 Second session: moved 1 week earlier, from {fmt_range(date(2022, 2, 28), date(2022, 3, 4))} "
        f"to {fmt_range(date(2022, 2, 21), date(2022, 2, 25))}" in items
    )
    assert section.find("h:p", NS).text.startswith(f"From {baseline} to this timetable: 1 session moved")
    # priced as check --baseline prices it: the move is a soft cost in the breakdown
    assert "moved-session" in out and "days-moved" in out


def test_bad_input_exit_2_with_place_and_no_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("sessions:\n  - {id: S1, start: 2021-08-02, end: 2021-08-13\n")
    out = tmp_path / "report.html"
    runner = CliRunner()
    for args in (
        ["--from", str(bad)],
        ["--baseline", str(bad)],
        [str(bad)],
        ["--from", str(tmp_path / "none.json")],
    ):
        result = runner.invoke(main, ["report", *args, "-o", str(out)])
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output and str(tmp_path) in result.output
        assert not out.exists()
    assert f"{bad}:3:" in runner.invoke(main, ["report", "--from", str(bad)]).output


def test_table_markup_for_screen_readers(solved):
    tree = parse(solved[1])
    for table in tree.findall(".//h:table", NS):
        assert table.find("h:caption", NS) is not None
        assert all(th.get("scope") == "col" for th in table.findall("h:thead/h:tr/h:th", NS))
        assert all(
            tr[0].tag.endswith("th") and tr[0].get("scope") == "row"
            for tr in table.findall("h:tbody/h:tr", NS)
        )


def test_a_timetable_that_breaks_hard_rules_says_so(tmp_path):
    from conftest import EXAMPLES

    html = run("report", "--from", str(EXAMPLES / "broken-dates.yaml"))
    section = parse(html).find(".//h:section[@id='score']", NS)
    broken = [li.text for li in section.findall(".//h:li[@class='breach']", NS)]
    assert any(
        t.startswith("S5: no-meeting-on-holiday: would open on Mon 10 Apr 2023, Easter Monday")
        for t in broken
    )
    assert len(broken) == 6 and "every hard rule is met" not in html
    assert "Status GIVEN (a timetable given, not solved)" in html and "6 hard rules broken" in html
    assert not re.search(r"\b(src|href)=\"(?!#)", html)


def test_templates_are_package_data():
    import tomllib

    from conftest import ROOT

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    setuptools = project["tool"]["setuptools"]
    assert "jinja2>=3.1" in project["project"]["dependencies"]
    assert "schedule_planner.render.report" in setuptools["packages"]
    patterns = setuptools["package-data"]["schedule_planner.render.report"]
    folder = ROOT / "schedule_planner" / "render" / "report"
    shipped = {p for pattern in patterns for p in folder.glob(pattern)}
    assert shipped == set((folder / "templates").iterdir()) and len(shipped) == 2
