"""Text from a model is data in every output (issue 24, point 1).

One table of hostile strings (rich markup, spreadsheet formulas, HTML and script,
Markdown links and images, iCalendar's separators, unicode, very long text) goes into
every text of a small model: the committee's names and web page, the sessions' names,
tasks and pages, the venue's name, city, rooms and buildings, the holidays' names, the
other bodies' meetings. Every output then runs as a user runs it, through the command
line, to standard output and to -o: every format of every registry in
`render.formats`, and show, rules and report. Each output is read as its reader reads
it (a terminal, a spreadsheet, a Markdown renderer, a browser, a calendar program, a
JSON parser) and nothing of the model may come out as markup, formula, HTML, link or
escape sequence; what the model says must be there, as written.

Characters no output can carry safely (terminal controls, bidi overrides) are refused
at load, naming file, line and field, in models and in the timetables read back.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from icalendar import Calendar
from markdown_it import MarkdownIt

from conftest import small_model_dict
from schedule_planner.cli import main
from schedule_planner.render import formats

# what a spreadsheet evaluates a cell beginning with (OWASP, CSV injection)
FORMULA = ("=", "+", "-", "@", "\t", "\r")
# what reorders text on a terminal or a page: bidi embeddings, overrides, isolates
BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

HOSTILE = {
    "rich-link": "[link=https://evil.example]CLICKME[/link]",
    "rich-style": "[bold]LOUD[/bold] [red]REDTEXT",
    "rich-close": "[/]",
    "rich-backslash": r"back\[slash] C:\[dir]",
    "csv-formula": '=HYPERLINK("https://evil.example","x")',
    "csv-plus": "+1+cmd|' /C calc'!A0",
    "csv-minus": "-2+3",
    "csv-at": "@SUM(1+1)",
    "html-script": "<script>alert(1)</script>",
    "html-img": '<img src=x onerror="alert(1)">',
    "html-entity": "&lt;b&gt; &amp; R&D",
    "md-link": "[x](javascript:alert(1))",
    "md-image": "![x](https://evil.example/x.png)",
    "md-code": "*bold* _it_ `code` | pipe __u__ ~~s~~ \\*",
    "ics-separators": 'semi;colon,comma:colon "quoted" back\\slash',
    # the bidi marks (RLM, LRM, ALM) reorder nothing but punctuation beside them: allowed
    "unicode": "Comité spécial 特別委員会 لجنة\u200f (UN) 🌐 e\u0301 zero\u200dwidth \u200e\u061c",
    "long": " ".join(["word"] * 400) + " " + "x" * 3000,
}


def url_of(text: str) -> str:
    """A web page holding the text: a web address takes no spaces."""
    return "https://example.org/?q=" + "".join("%20" if c.isspace() else c for c in text)


def hostile_model(text: str) -> dict:
    """The small model with `text` in every text a person reads."""
    data = small_model_dict()
    data["committee"].update(name=text, short_name=text, url=url_of(text))
    for venue in data["venues"]:
        venue.update(name=text, city=text, country=text)
        for room in venue["rooms"]:
            room.update(name=text, building=text)
    for cal in data["holidays"]:
        cal["name"] = text
        for day in cal["days"]:
            day.update(name=text, source=text)
    for i, meeting in enumerate(data["meetings"]):
        meeting.update(id=f"m{i}", body=text, name=text, source=text)
    for session in data["sessions"]:
        session.update(name=text, task=text, url=url_of(text))
    return data


# ---------------------------------------------------------------- reading outputs


def no_controls(out: str) -> None:
    """No escape sequence, bell or bidi control reaches the reader (a line end is a line end)."""
    bad = [c for c in out if (unicodedata.category(c) == "Cc" and c not in "\n\r") or c in BIDI]
    assert not bad, f"control characters in the output: {sorted(set(map(hex, map(ord, bad))))}"


def terminal(out: str, text: str, shown: bool) -> None:
    """On a terminal markup is shown as written: every word of the text that holds a
    bracket or a backslash is there whole (rich would take it, or fail on it), and what
    rich would make of it is nowhere but inside it."""
    from rich.errors import MarkupError
    from rich.markup import render

    no_controls(out)
    if shown:
        for word in text.split():
            if len(word) <= 60 and re.search(r"[\[\]\\]", word):
                assert word in out, f"{word!r} is not shown as written"
                try:
                    read = render(word).plain
                except MarkupError:  # "[/]": rich fails on it, and the command with it
                    continue
                if read and read != word:
                    assert out.count(read) == out.count(word) * word.count(read), f"{word!r} read as markup"


def spreadsheet(out: str, text: str, shown: bool) -> None:
    """No cell begins with what a spreadsheet evaluates; the names are the model's,
    quoted to be text where they would be a formula."""
    no_controls(out)
    rows = list(csv.reader(io.StringIO(out)))
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA), f"a spreadsheet evaluates {cell[:40]!r}"
    if not shown:
        return
    expected = "'" + text if text.startswith(FORMULA) else text
    names = [row[rows[0].index("name")] for row in rows[1:] if row[1] == "session"]
    assert names and all(name == expected for name in names), names[:1]


class Page(HTMLParser):
    """An HTML page's tags, attributes and text, as a browser reads them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.texts: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(name, value or "") for name, value in attrs]

    def handle_data(self, data):
        self.texts.append(data)

    def check(self, allowed_tags: set[str] | None = None) -> None:
        assert not {"script", "img", "iframe", "object", "embed"} & set(self.tags), self.tags
        if allowed_tags is not None:
            assert set(self.tags) <= allowed_tags, set(self.tags) - allowed_tags
        for name, value in self.attrs:
            assert not name.startswith("on"), (name, value)
            assert not value.strip().lower().startswith("javascript:"), (name, value)


def markdown(out: str, text: str, shown: bool) -> None:
    """Rendered as CommonMark with tables, the model's text makes no HTML, link,
    image, code or emphasis: the heading reads as the committee's short name."""
    no_controls(out)
    assert "<script" not in out.lower() and "<img" not in out.lower()
    page = Page(MarkdownIt("commonmark").enable("table").render(out))
    # the page's own: a heading, paragraphs, the table, the lists, the footer's emphasis
    page.check({"h1", "h2", "p", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "em"})
    assert not shown or f"{text}: timetable" in page.texts, page.texts[:1]


def html_report(out: str, text: str, shown: bool) -> None:
    """The report's HTML holds the model's text as text: no tag, attribute or link from it."""
    no_controls(out)
    page = Page(out)
    page.check()
    assert not shown or any(text in t for t in page.texts)


def calendar(out: str, text: str, shown: bool) -> None:
    """A calendar program reads back the names, rooms and pages as the model gives them."""
    no_controls(out.replace("\r\n", "\n"))
    cal = Calendar.from_ical(out)
    if not shown:
        return
    assert str(cal["X-WR-CALNAME"]) == text
    assert str(cal["URL"]) == url_of(text)
    events = cal.walk("VEVENT")
    assert any(text in str(e["SUMMARY"]) for e in events)
    assert any(text in str(e.get("LOCATION", "")) for e in events)
    assert any(f"More: {url_of(text)}" in str(e["DESCRIPTION"]) for e in events)
    assert any(str(e.get("URL", "")) == url_of(text) for e in events)


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def json_document(out: str, text: str, shown: bool) -> None:
    """JSON parses and gives the text back as written."""
    no_controls(out)
    doc = json.loads(out)
    if shown:
        assert any(text in s for s in strings(doc))


READERS = {
    "table": terminal,
    "csv": spreadsheet,
    "markdown": markdown,
    "ics": calendar,
    "json": json_document,
}


def outputs() -> list[tuple[str, list[str], object, bool]]:
    """Every output of every command, from the format registry: its name, its
    arguments (M the model, P a solved timetable, Q another, O the output file), how to
    read it and whether the model's names are in it, as written (the reader then checks
    that they are; with False it checks only that nothing of them is read as markup)."""
    out = []

    def both(name: str, args: list[str], reader, shown: bool) -> None:
        out.append((name, args, reader, shown))
        out.append((f"{name} -o", [*args, "-o", "{O}"], reader, shown))

    for fmt, f in formats.TIMETABLE.items():
        out.append((f"solve -f {fmt}", ["solve", "{M}", "-f", fmt], READERS[fmt], True))
        if f.export:
            out.append(
                (f"export {fmt} -o", ["export", fmt, "{M}", "--from", "{P}", "-o", "{O}"], READERS[fmt], True)
            )
        else:
            out.append((f"solve -f {fmt} -o", ["solve", "{M}", "-f", fmt, "-o", "{O}"], READERS[fmt], True))
    for fmt in formats.CHECK:
        both(f"check -f {fmt}", ["check", "{P}", "-m", "{M}", "-f", fmt], READERS[fmt], fmt == "table")
    for fmt in formats.EXPLAIN:
        both(f"explain -f {fmt}", ["explain", "{M}", "--from", "{P}", "-f", fmt], READERS[fmt], True)
    for fmt in formats.DIFF:
        both(f"diff -f {fmt}", ["diff", "{P}", "{Q}", "-m", "{M}", "-f", fmt], READERS[fmt], False)
    both("show", ["show", "{M}", "--from", "{P}"], terminal, True)
    out.append(("rules", ["rules", "{M}"], terminal, False))  # the model's weights, no text
    both("report", ["report", "{M}", "--from", "{P}"], html_report, True)
    return out


OUTPUTS = outputs()


def invoke(args: list[str]):
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code in (0, 1), (args, result.output)
    return result


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@cache
def prepared(name: str, folder: Path) -> dict[str, str]:
    """The hostile model, a timetable solved from it and the same with a session moved."""
    where = folder / name
    where.mkdir()
    model = where / "model.yaml"
    model.write_text(yaml.safe_dump(hostile_model(HOSTILE[name]), sort_keys=False, allow_unicode=True))
    solved = where / "solved.json"
    invoke(["solve", str(model), "-f", "json", "-o", str(solved)])
    doc = json.loads(solved.read_text())
    moved = {"sessions": [{k: s[k] for k in ("id", "start", "end")} for s in doc["sessions"]]}
    moved["sessions"][-1].update(start="2023-07-24", end="2023-07-26")
    other = where / "moved.yaml"
    other.write_text(yaml.safe_dump(moved))
    return {"M": str(model), "P": str(solved), "Q": str(other), "O": str(where / "out")}


@pytest.mark.parametrize("output", OUTPUTS, ids=[o[0] for o in OUTPUTS])
@pytest.mark.parametrize("name", HOSTILE)
def test_model_text_is_data_in_every_output(folder, name, output):
    _, args, reader, shown = output
    paths = prepared(name, folder)
    result = invoke([a.format(**paths) for a in args])
    if "-o" in args:
        with open(paths["O"], encoding="utf-8", newline="") as fh:
            out = fh.read()
    else:
        out = result.stdout
    reader(out, HOSTILE[name], shown)


def test_every_format_has_a_reader():
    """A format added to the registry is read here too (the table above fails otherwise)."""
    for registry in (formats.TIMETABLE, formats.CHECK, formats.EXPLAIN, formats.DIFF):
        assert set(registry) <= set(READERS)


def test_show_in_colour_makes_no_link_or_style_from_a_name(tmp_path):
    """On a terminal that takes colour, `show` styles its own marks only: a meeting
    named with rich markup gives no hyperlink (OSC 8) and keeps its brackets."""
    from conftest import model_from
    from schedule_planner.domain.problem import Problem
    from schedule_planner.render.calendar import render_calendar

    data = hostile_model("[link=https://evil.example]CLICKME[/link]")
    data["meetings"] = [{k: v for k, v in m.items() if k != "id"} for m in data["meetings"]]
    text = render_calendar(Problem(model_from(data)), [], width=120, colour=True)
    assert "\x1b[" in text  # in colour indeed
    assert "\x1b]8;" not in text and "[link=https://evil.example]CLICKME[/link]" in text


# ---------------------------------------------------------------- refused at load

REFUSED = {
    "ESC": ("\x1b[31m", "the control character U+001B"),
    "OSC 8 link": ("\x1b]8;;https://evil.example\x1b\\x\x1b]8;;\x1b\\", "the control character U+001B"),
    "bell": ("\x07", "the control character U+0007"),
    "DEL": ("\x7f", "the control character U+007F"),
    "C1 CSI": ("\x9b31m", "the control character U+009B"),
    "tab": ("\t=1+1", "the control character U+0009"),
    "RLO": ("\u202eevil", "the bidirectional control character U+202E"),
    "LRE": ("\u202aevil", "the bidirectional control character U+202A"),
    "RLI": ("\u2067evil", "the bidirectional control character U+2067"),
    "PDI": ("evil\u2069", "the bidirectional control character U+2069"),
    "PDF": ("evil\u202c", "the bidirectional control character U+202C"),
}
FIELDS = {  # where a text goes in the small model, its field in the message and what its line holds
    "committee.name": (lambda d, v: d["committee"].update(name=v), "committee.name", "\\"),
    "committee.url": (
        lambda d, v: d["committee"].update(url="https://example.org/" + v),
        "committee.url",
        "\\",
    ),
    "sessions.task": (lambda d, v: d["sessions"][1].update(task=v), "sessions[1].task", "\\"),
    "room.name": (lambda d, v: d["venues"][0]["rooms"][1].update(name=v), "venues[0].rooms[1].name", "\\"),
    "meeting.body": (lambda d, v: d["meetings"][1].update(body=v, id="m1"), "meetings[1].body", "\\"),
    "holiday.name": (
        lambda d, v: d["holidays"][0]["days"][2].update(name=v),
        "holidays[0].days[2].name",
        "\\",
    ),
    "venue.holidays": (
        lambda d, v: d["venues"][0].update(holidays=["un", v]),
        "venues[0].holidays",
        "holidays:",
    ),  # a list: its key's line
}


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("what", REFUSED)
def test_terminal_controls_and_bidi_overrides_are_refused_at_load(tmp_path, what, field):
    value, message = REFUSED[what]
    put, shown, marker = FIELDS[field]
    data = small_model_dict()
    put(data, value)
    model = tmp_path / "model.yaml"
    model.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=False))
    line = next(i for i, text in enumerate(model.read_text().splitlines(), 1) if marker in text)
    for args in (["validate", str(model)], ["solve", str(model), "-o", str(tmp_path / "out")]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, result.output
        assert f"{model}:{line}: {shown}: holds {message}" in result.output
        no_controls(result.output)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "entry, shown",
    [
        ({"venue": "v\u202eic"}, "sessions[0].venue: holds the bidirectional control character U+202E"),
        ({"room": "b\x1b[31mig"}, "sessions[0].room: holds the control character U+001B"),
        ({"dropped": ["C\x1b]8;;x\x1b\\"]}, "dropped: holds the control character U+001B"),
        ({"dropped": [{"id": "C", "name": "\u2066x"}]}, "holds the bidirectional control character U+2066"),
        ({"status": "OPTIMAL\u202e"}, "status: holds the bidirectional control character U+202E"),
        ({"produced_by": {"planner": "1\x1b[2J"}}, "produced_by: holds the control character U+001B"),
    ],
)
def test_a_timetable_read_back_smuggles_no_control_character(tmp_path, entry, shown):
    """A proposal or solved timetable is read with the same validator: its ids, rooms
    and what it records are refused with file, line and field, never echoed."""
    session = {"id": "A", "start": "2023-03-20", "end": "2023-03-24"}
    session.update({k: v for k, v in entry.items() if k in ("venue", "room")})
    doc = {"sessions": [session], **{k: v for k, v in entry.items() if k not in ("venue", "room")}}
    proposal = tmp_path / "p.json"
    proposal.write_text(json.dumps(doc))
    model = tmp_path / "model.yaml"
    model.write_text(yaml.safe_dump(small_model_dict(), sort_keys=False))
    for args in (["check", str(proposal), "-m", str(model)], ["show", str(model), "--from", str(proposal)]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, result.output
        assert f"{proposal}:1: " in result.output and shown in result.output
        no_controls(result.output)


@pytest.mark.parametrize(
    "put, shown",
    [
        (lambda d: d["sessions"][0].update(id="A\x1b[2J"), r"'A\x1b[2J' is not an id"),
        (lambda d: d["window"].update(start="2023\u202e-01-01"), r"(got '2023\u202e-01-01')"),
        (
            lambda d: d["sessions"][0].update(kind="x\x1b]8;;https://evil.example\x1b\\"),
            r"(got 'x\x1b]8;;https://evil.example\x1b\')",
        ),
    ],
)
def test_a_value_a_message_echoes_is_shown_escaped(tmp_path, put, shown):
    """A value refused for another reason (not an id, not a date, not a kind) is echoed
    in its message with its control and bidi characters escaped, never acted on."""
    data = small_model_dict()
    put(data)
    model = tmp_path / "model.yaml"
    model.write_text(yaml.safe_dump(data, sort_keys=False))
    result = CliRunner().invoke(main, ["validate", str(model)])
    assert result.exit_code == 2 and shown in result.output, result.output
    no_controls(result.output)


def test_csv_quotes_texts_a_spreadsheet_would_evaluate_and_leaves_numbers():
    """Only text is quoted: a number planner writes is a number to the spreadsheet
    (none is negative today, and a negative one would be data, not a formula)."""
    from schedule_planner.render.csv import cell

    assert [cell(v) for v in ("=1+1", "+1", "-1", "@A1", "\t=1", "\r=1")] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@A1",
        "'\t=1",
        "'\r=1",
    ]
    assert [cell(v) for v in (-3, 5, "", "2023-03-06", "S1", "a=b", " =1")] == [
        -3,
        5,
        "",
        "2023-03-06",
        "S1",
        "a=b",
        " =1",
    ]


def test_markdown_escapes_html_links_code_and_emphasis_only():
    from schedule_planner.render.markdown import _md

    assert _md("<b>&</b> [x](y) ![i](j) `c` *e* _u_ | \\") == (
        r"&lt;b&gt;&amp;&lt;/b&gt; \[x\](y) !\[i\](j) \`c\` \*e\* \_u\_ \| \\"
    )
    assert (
        _md("Ad Hoc Committee (cybercrime): 2 - 3, it's #1!")
        == "Ad Hoc Committee (cybercrime): 2 - 3, it's #1!"
    )
