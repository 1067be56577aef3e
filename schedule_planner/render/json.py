"""JSON documents: solve's, check's and any other command's, with the rows as the
contract's `sessions` (every placed meeting, its `kind` saying which: session,
organizational, consultation), and the rest of the calendar as `reports` (progress
reports: target, deadlines, the meeting each reports on) and `milestones` (approval,
the General Assembly's consideration and adoption, signing)."""

from __future__ import annotations

import json

from ..domain.deadlines import KEYS
from ..domain.findings import Finding
from ..domain.problem import Problem
from ..rows import Milestone, ReportRow, SessionRow, milestones, report_rows
from . import cost_by_rule, cost_by_session, provenance


def header(problem: Problem) -> dict:
    """Whose timetable a document holds, and what produced it."""
    whose = (
        {"committee": problem.model.bodies[0].id}
        if len(problem.model.bodies) == 1
        else {"bodies": [b.id for b in problem.model.bodies]}
    )
    return {**whose, "produced_by": provenance(problem)}


def row_dict(row: SessionRow) -> dict:
    return {
        "id": row.id,
        "kind": row.session.kind,
        "name": row.session.name,
        "start": row.start.isoformat(),
        "end": row.end.isoformat(),
        "meeting_days": [d.isoformat() for d in row.meeting_days],
        "lost_days": [d.isoformat() for d in row.lost_days],
        "venue": row.venue.id,
        "venue_name": row.venue.name,
        "city": row.venue.city,
        "timezone": row.venue.timezone,
        "room": row.room.id,
        "room_name": row.room.name,
        "deadlines": {k: row.deadlines[k].isoformat() for k in KEYS if k in row.deadlines},
        "task": row.session.task,
    }


def report_dict(row: ReportRow) -> dict:
    """A progress report: where it goes, its deadlines, the meeting it reports on (null:
    none closes in time) and the days that meeting could close later (null: none)."""
    d = row.deadlines
    return {
        "id": row.id,
        "body": row.body.id,
        "name": row.report.name,
        "goes_to": row.goes_to,
        "assembly": row.report.assembly,
        "session": row.report.session,
        "opens": row.opens.isoformat() if row.opens else None,
        **{
            k.replace("-", "_"): d[k].isoformat() if k in d else None
            for k in ("cut-off", "submission", "issuance")
        },
        "basis": row.basis.id if row.basis else None,
        "slack": row.slack,
    }


def milestone_dict(m: Milestone) -> dict:
    return {
        "id": m.id,
        "body": m.body.id,
        "name": m.name,
        "start": m.start.isoformat(),
        "end": m.end.isoformat(),
        "slack": m.slack,
    }


def calendar_lists(problem: Problem, timetable) -> dict:
    """The document's `reports` and `milestones`: the rest of the negotiation's calendar."""
    return {
        "reports": [report_dict(r) for r in report_rows(problem, timetable)],
        "milestones": [milestone_dict(m) for m in milestones(problem, timetable)],
    }


def dropped_list(problem: Problem, timetable, findings: list[Finding]) -> list[dict]:
    """The optional sessions the timetable leaves out, with what leaving each out costs."""
    cost = cost_by_session(findings)
    short = {f.session: list(f.short) for f in findings if f.short}
    return [
        {
            "id": s.id,
            "name": s.name,
            "price": cost.get(s.id, 0),
            "short_of": short.get(s.id, []),
        }
        for s in problem.sessions
        if s.id in timetable.dropped
    ]


def solve_document(problem: Problem, result, rows: list[SessionRow]) -> dict:
    return {
        **header(problem),
        "status": result.status,
        "objective": result.objective,
        "cost_by_rule": cost_by_rule(result.findings),
        "cost_by_session": cost_by_session(result.findings),
        "costs": [f.as_dict() for f in result.findings],
        "sessions": [row_dict(r) for r in rows],
        "dropped": dropped_list(problem, result.timetable, result.findings),
        **calendar_lists(problem, result.timetable),
    }


def alternatives_list(problem: Problem, results: list) -> list[dict]:
    """`solve --alternatives`: every timetable in score order (rank 1: the document's own),
    each with its score, its sessions as rows and how it differs from the first: the
    sessions placed otherwise, with the days their openings moved."""
    from ..diff import diff
    from ..rows import timetable_rows

    first = results[0]
    out = []
    for rank, result in enumerate(results, start=1):
        moved = diff(problem, first.timetable, result.timetable).moved
        out.append(
            {
                "rank": rank,
                "status": result.status,
                "objective": result.objective,
                "cost_by_rule": cost_by_rule(result.findings),
                "sessions": [row_dict(r) for r in timetable_rows(problem, result.timetable)],
                "dropped": dropped_list(problem, result.timetable, result.findings),
                "differences": [
                    {
                        "session": m.new.id,
                        "from": _place(m.old),
                        "to": _place(m.new),
                        "days_moved": m.days,
                        "venue_changed": m.old.venue.id != m.new.venue.id,
                    }
                    for m in moved
                ],
            }
        )
    return out


def _place(row: SessionRow) -> dict:
    return {
        "start": row.start.isoformat(),
        "end": row.end.isoformat(),
        "venue": row.venue.id,
        "room": row.room.id,
    }


def check_document(
    problem: Problem, rows: list[SessionRow], findings: list[Finding], notes: list[str], timetable
) -> dict:
    hard = [f for f in findings if f.breach]
    return {
        **header(problem),
        "ok": not hard,
        "hard_violations": len(hard),
        "cost": sum(f.cost for f in findings),
        "cost_by_rule": cost_by_rule(findings),
        "cost_by_session": cost_by_session(findings),
        "findings": [f.as_dict() for f in findings],
        "notes": notes,
        "sessions": [row_dict(r) for r in rows],
        "dropped": dropped_list(problem, timetable, findings),
        **calendar_lists(problem, timetable),
    }


def to_json(document: dict) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
