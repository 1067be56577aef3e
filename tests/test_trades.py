"""What the timetable trades, grouped by rule when there are many findings (issue 21,
point 5): a rule's findings counted and priced, its largest shown, the rest counted, in
the table, Markdown and the report alike, from the findings' data, never their words.
A timetable with few findings (the default model's one) keeps a line each."""

from __future__ import annotations

from conftest import GOOD, timetable
from schedule_planner.domain.findings import HARD, SOFT, Finding
from schedule_planner.render.markdown import to_markdown
from schedule_planner.render.report import Report, to_html
from schedule_planner.render.table import trades_lines
from schedule_planner.rows import LARGEST, TRADES_LISTED, timetable_rows, trades


def finding(rule: str, session: str, cost: int, level=SOFT, amount: int = 1, message: str = "") -> Finding:
    return Finding(rule, level, session, "2023-03-06", amount, cost, message or f"{rule} of {session}")


def many() -> list[Finding]:
    """30 findings: 24 of preferred-room (the same words, costs 1 to 24), 4 of
    lost-meeting-day (10 each), 2 of room-free (hard), in no particular order."""
    out = [
        finding("preferred-room", f"R{i}", (i * 7) % 24 + 1, message="not in Plenary Hall") for i in range(24)
    ]
    out += [finding("lost-meeting-day", f"L{i}", 10, amount=1) for i in range(4)]
    out += [finding("room-free", f"H{i}", 0, HARD, amount=i + 1) for i in range(2)]
    return out[::2] + out[1::2]


def test_few_findings_are_listed_one_by_one():
    assert trades(many()[:TRADES_LISTED]) is None
    assert trades([]) is None


def test_many_are_grouped_by_rule_hard_first_then_by_cost():
    grouped = trades(many())
    assert grouped is not None
    assert [(t.rule, t.level, len(t.findings), t.cost) for t in grouped] == [
        ("room-free", HARD, 2, 0),
        ("preferred-room", SOFT, 24, sum(range(1, 25))),
        ("lost-meeting-day", SOFT, 4, 40),
    ]
    room = grouped[1]
    assert [f.cost for f in room.largest] == [24, 23, 22] and len(room.largest) == LARGEST
    assert room.more == 21
    assert [f.session for f in grouped[0].largest] == ["H1", "H0"]  # hard: the largest amount first
    assert grouped[0].more == 0
    assert room.head() == "preferred-room (soft): 24 findings, cost 300"
    assert grouped[0].head() == "room-free (hard): 2 findings"


def test_grouped_by_the_rule_not_by_the_words():
    same = [finding("preferred-room", f"R{i}", 1, message="same words") for i in range(15)]
    same += [finding("preferred-window", f"W{i}", 1, message="same words") for i in range(15)]
    grouped = trades(same)
    assert grouped is not None and [t.rule for t in grouped] == ["preferred-room", "preferred-window"]


def test_the_table_markdown_and_report_print_the_same_groups(small_problem):
    findings = many()
    table = trades_lines(findings)
    assert table[0].startswith("What the timetable trades: 30 findings by rule")
    assert table[1:6] == [
        "  room-free (hard): 2 findings",
        "    H1 2023-03-06: room-free of H1",
        "    H0 2023-03-06: room-free of H0",
        "  preferred-room (soft): 24 findings, cost 300",
        "    R17 2023-03-06: not in Plenary Hall (cost 24)",
    ]
    assert "    and 21 more" in table and len(table) == 1 + 3 + 5 + 5
    assert sum("not in Plenary Hall" in line for line in table) == LARGEST

    rows = timetable_rows(small_problem, timetable(*GOOD))
    md = to_markdown(small_problem, rows, findings, "GIVEN", 340)
    section = md[md.index("## What the timetable trades") :]
    assert "- preferred-room (soft): 24 findings, cost 300\n  - R17: not in Plenary Hall (cost 24)" in section
    assert "  - and 21 more" in section and section.count("not in Plenary Hall") == LARGEST
    assert "room-free" not in section  # Markdown lists the soft findings, as before

    html = to_html(small_problem, rows, Report("GIVEN", 340, findings, [], None, []))
    score = html[html.index('<section id="score">') : html.index('<section id="explanations">')]
    assert "<li>preferred-room (soft): 24 findings, cost 300" in score
    # its hard rules broken have a list of their own: two, a line each
    assert '<li class="breach">H1: room-free: room-free of H1</li>' in score
    assert score.count("not in Plenary Hall") == LARGEST and "<li>and 21 more</li>" in score


def test_a_few_keep_a_line_each(small_problem):
    findings = many()[:5]
    assert trades_lines(findings) == ["What the timetable trades:"] + [f"  {f.line()}" for f in findings]
    rows = timetable_rows(small_problem, timetable(*GOOD))
    md = to_markdown(small_problem, rows, findings, "GIVEN", 1)
    assert all(f"- {f.session}, {f.rule}: " in md for f in findings if not f.hard)


def test_the_report_groups_many_hard_rules_broken(small_problem):
    broken = [finding("room-free", f"H{i}", 0, HARD, amount=i) for i in range(TRADES_LISTED + 1)]
    rows = timetable_rows(small_problem, timetable(*GOOD))
    html = to_html(small_problem, rows, Report("GIVEN", 0, broken, [], None, []))
    score = html[html.index('<section id="score">') : html.index('<section id="explanations">')]
    assert f'<li class="breach">room-free (hard): {TRADES_LISTED + 1} findings' in score
    assert (
        "<li>H20: room-free of H20</li>" in score
        and f"<li>and {TRADES_LISTED + 1 - LARGEST} more</li>" in score
    )
