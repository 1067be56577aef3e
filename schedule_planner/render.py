"""Renderers of a timetable and its findings: table (rich), JSON, CSV, Markdown.

Every renderer starts from `session_rows`, so all formats say the same thing. Only the
human table shows wall-clock figures; JSON, CSV and Markdown are byte-for-byte
deterministic for the same input and options.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import date

from constraints import Finding

from .plan import Problem, Timetable, fmt, fmt_range

DEADLINES = ("contributions-close", "draft-ready", "submission", "issuance")


def session_rows(problem: Problem, timetable: Timetable) -> list[dict]:
    """One plain dict per placed session, in model order: the JSON contract's `sessions`."""
    rows, prev = [], None
    for session in problem.sessions:
        p = timetable.get(session.id)
        if p is None:
            prev = None
            continue
        venue = problem.venue(p.venue)
        room = venue.room(p.room) if venue else None
        deadlines = problem.deadlines(session, p, prev) if venue else {}
        rows.append({
            "id": session.id,
            "name": session.name,
            "start": p.start.isoformat(),
            "end": p.end.isoformat(),
            "meeting_days": [d.isoformat() for d in problem.meeting_days(p.venue, p.start, p.end)]
            if venue else [],
            "lost_days": [d.isoformat() for d in problem.lost_days(session, p)] if venue else [],
            "venue": p.venue,
            "venue_name": venue.name if venue else p.venue,
            "city": venue.city if venue else "",
            "timezone": venue.timezone if venue else "",
            "room": p.room,
            "room_name": room.name if room else p.room,
            "deadlines": {k: v.isoformat() for k, v in deadlines.items()},
            "task": session.task,
        })
        prev = p
    return rows


def cost_by_rule(findings: list[Finding]) -> dict[str, int]:
    return _totals(findings, lambda f: f.rule)


def cost_by_session(findings: list[Finding]) -> dict[str, int]:
    return _totals(findings, lambda f: f.session)


def _totals(findings: list[Finding], key) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for f in findings:
        if f.level == "soft":
            totals[key(f)] += f.cost
    return dict(totals)


def solve_document(problem: Problem, result) -> dict:
    return {
        "committee": problem.model.committee.id,
        "status": result.status,
        "objective": result.objective,
        "cost_by_rule": cost_by_rule(result.findings),
        "cost_by_session": cost_by_session(result.findings),
        "costs": [f.as_dict() for f in result.findings],
        "sessions": session_rows(problem, result.timetable),
    }


def check_document(problem: Problem, timetable: Timetable, findings: list[Finding],
                   notes: list[str]) -> dict:
    hard = [f for f in findings if f.level == "hard"]
    return {
        "committee": problem.model.committee.id,
        "ok": not hard,
        "hard_violations": len(hard),
        "cost": sum(f.cost for f in findings),
        "cost_by_rule": cost_by_rule(findings),
        "cost_by_session": cost_by_session(findings),
        "findings": [f.as_dict() for f in findings],
        "notes": notes,
        "sessions": session_rows(problem, timetable),
    }


def to_json(document: dict) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def to_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "name", "start", "end", "meeting_days", "lost_days", "venue", "room",
                     *DEADLINES, "task"])
    for r in rows:
        writer.writerow([r["id"], r["name"], r["start"], r["end"], len(r["meeting_days"]),
                         " ".join(r["lost_days"]), r["venue"], r["room"],
                         *(r["deadlines"].get(k, "") for k in DEADLINES), r["task"]])
    return out.getvalue()


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(problem: Problem, rows: list[dict], findings: list[Finding], status: str,
                objective: int) -> str:
    committee = problem.model.committee
    lines = [f"# {committee.short_name or committee.name}: timetable", "",
             f"Status: {status}. Total cost of soft rules: {objective}.", "",
             "| Session | Dates | Meeting days | Venue, room | Contributions close | Submission "
             "| Issuance | Task |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append("| " + " | ".join(_md(x) for x in [
            f"{r['id']} {r['name']}", _dates(r), _days(r), f"{r['venue_name']}, {r['room_name']}",
            *(_date(r["deadlines"].get(k)) for k in ("contributions-close", "submission", "issuance")),
            r["task"]]) + " |")
    soft = [f for f in findings if f.level == "soft"]
    if soft:
        lines += ["", "## What the timetable trades", ""]
        lines += [f"- {_md(f.session)}, {f.rule}: {_md(f.message)} (cost {f.cost})" for f in soft]
    return "\n".join(lines) + "\n"


def _date(iso: str | None) -> str:
    return fmt(date.fromisoformat(iso)) if iso else "-"


def _dates(r: dict) -> str:
    return fmt_range(date.fromisoformat(r["start"]), date.fromisoformat(r["end"]))


def _days(r: dict, short: bool = False) -> str:
    n, lost = len(r["meeting_days"]), len(r["lost_days"])
    if not lost:
        return f"{n}"
    return f"{n} ({lost} lost)" if short else f"{n} ({lost} lost to holidays)"


# ---------------------------------------------------------------- rich tables

def timetable_table(problem: Problem, rows: list[dict]):
    from rich import box
    from rich.table import Table

    committee = problem.model.committee
    table = Table(title=committee.short_name or committee.name, box=box.SIMPLE_HEAD,
                  show_lines=True, title_justify="left")
    for title, kw in (("Session", {"no_wrap": True}), ("Dates", {"no_wrap": True}),
                      ("Days", {"justify": "right", "no_wrap": True}), ("Venue, room", {"no_wrap": True}),
                      ("Documents due", {"no_wrap": True}), ("Task", {"ratio": 1, "min_width": 24})):
        table.add_column(title, **kw)
    for r in rows:
        d = r["deadlines"]
        docs = [f"{label} {_short(d[k])}" for k, label in (("contributions-close", "contributions"),
                                                           ("submission", "submission"),
                                                           ("issuance", "issuance")) if k in d]
        table.add_row(f"{r['id']}\n{r['name']}", _dates(r), _days(r, short=True),
                      f"{r['city']}\n{r['room_name']}", "\n".join(docs), r["task"])
    return table


def _short(iso: str | None) -> str:
    if not iso:
        return "-"
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%b %Y}"


def render_table(problem: Problem, rows: list[dict], summary: list[str], width: int | None = None) -> str:
    """The human table; `width` defaults to 140 columns so files and pipes are stable."""
    from rich.console import Console

    console = Console(file=io.StringIO(), width=width or 140, color_system=None,
                      highlight=False, emoji=False)
    console.print(timetable_table(problem, rows))
    for line in summary:
        console.print(line, markup=False, soft_wrap=True)
    return console.file.getvalue()
