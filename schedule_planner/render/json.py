"""JSON documents: solve's, check's and any other command's, with the rows as the
contract's `sessions` (every placed meeting, its `kind` saying which: session,
organizational, consultation), and the rest of the calendar as `reports` (progress
reports: target, deadlines, the meeting each reports on) and `milestones` (approval,
the General Assembly's consideration and adoption, signing)."""

from __future__ import annotations

import json
import typing
from collections.abc import Mapping

from ..domain.deadlines import KEYS
from ..domain.findings import Finding
from ..domain.outputs import (
    Alternative,
    CheckDocument,
    DroppedEntry,
    Header,
    MilestoneEntry,
    Place,
    ReportEntry,
    SessionEntry,
    SolveDocument,
)
from ..domain.problem import Problem
from ..rows import Milestone, ReportRow, SessionRow, milestones, report_rows
from . import cost_by_rule, cost_by_session, provenance


def header(problem: Problem) -> Header:
    """Whose timetable a document holds, and what produced it."""
    bodies = [b.id for b in problem.model.bodies]
    if len(bodies) == 1:
        return {"committee": bodies[0], "produced_by": provenance(problem)}
    return {"bodies": bodies, "produced_by": provenance(problem)}


def row_dict(row: SessionRow) -> SessionEntry:
    entry: SessionEntry = {
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
    if row.session.resumes is None:
        return entry
    # a resumed part says which session it resumes, after its name (the documents' order)
    items = list(entry.items())
    return typing.cast(SessionEntry, dict(items[:3] + [("resumes", row.session.resumes)] + items[3:]))


def report_dict(row: ReportRow) -> ReportEntry:
    d = row.deadlines
    return {
        "id": row.id,
        "body": row.body.id,
        "name": row.report.name,
        "goes_to": row.goes_to,
        "assembly": row.report.assembly,
        "session": row.report.session,
        "opens": row.opens.isoformat() if row.opens else None,
        "cut_off": d["cut-off"].isoformat() if "cut-off" in d else None,
        "submission": d["submission"].isoformat() if "submission" in d else None,
        "issuance": d["issuance"].isoformat() if "issuance" in d else None,
        "basis": row.basis.id if row.basis else None,
        "slack": row.slack,
    }


def milestone_dict(m: Milestone) -> MilestoneEntry:
    return {
        "id": m.id,
        "body": m.body.id,
        "name": m.name,
        "start": m.start.isoformat(),
        "end": m.end.isoformat(),
        "slack": m.slack,
    }


def dropped_list(problem: Problem, timetable, findings: list[Finding]) -> list[DroppedEntry]:
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


def not_proven(result) -> dict:
    """For a FEASIBLE timetable from a search (or read --from a file that records one):
    the best bound the search proved, and the gap, (objective - bound) / objective."""
    bound = getattr(result, "bound", None)
    if result.status != "FEASIBLE" or bound is None:
        return {}
    return {"bound": bound, "gap": round((result.objective - bound) / max(result.objective, 1), 4)}


def solve_document(
    problem: Problem, result, rows: list[SessionRow], moves=None, alternatives=None
) -> SolveDocument:
    """Solve's document; with --baseline its `moves` (diff.Move), with --alternatives its
    `alternatives` (solver.Alternatives: the results and their note)."""
    doc: SolveDocument = {
        **header(problem),
        "status": result.status,
        "objective": result.objective,
        **not_proven(result),
        "cost_by_rule": cost_by_rule(result.findings),
        "cost_by_session": cost_by_session(result.findings),
        "costs": [f.as_dict() for f in result.findings],
        "sessions": [row_dict(r) for r in rows],
        "dropped": dropped_list(problem, result.timetable, result.findings),
        "reports": [report_dict(r) for r in report_rows(problem, result.timetable)],
        "milestones": [milestone_dict(m) for m in milestones(problem, result.timetable)],
    }
    if moves is not None:
        doc["moves"] = [
            {
                "session": m.new.id,
                "from": _place(m.old),
                "to": _place(m.new),
                "days_moved": m.days,
                "forced_by": [f.as_dict() for f in m.forced_by],
            }
            for m in moves
        ]
    if alternatives is not None:
        doc["alternatives"] = alternatives_list(problem, alternatives.results)
        doc["alternatives_note"] = alternatives.note
    return doc


def alternatives_list(problem: Problem, results: list) -> list[Alternative]:
    """`solve --alternatives`: every timetable in score order (rank 1: the document's own),
    each with its score, its sessions as rows and how it differs from the first: the
    sessions placed otherwise, with the days their openings moved."""
    from ..diff import diff
    from ..rows import timetable_rows

    first = results[0]
    out: list[Alternative] = []
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


def _place(row: SessionRow) -> Place:
    return {
        "start": row.start.isoformat(),
        "end": row.end.isoformat(),
        "venue": row.venue.id,
        "room": row.room.id,
    }


def check_document(
    problem: Problem,
    rows: list[SessionRow],
    findings: list[Finding],
    notes: list[str],
    timetable,
    nearest=None,
) -> CheckDocument:
    """Check's document; its `nearest` admissible dates (explain.Nearest) for the
    sessions that break a hard rule, when given."""
    hard = [f for f in findings if f.breach]
    doc: CheckDocument = {
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
        "reports": [report_dict(r) for r in report_rows(problem, timetable)],
        "milestones": [milestone_dict(m) for m in milestones(problem, timetable)],
    }
    if nearest is not None:
        from ..explain import nearest_dict

        doc["nearest"] = {n.session: nearest_dict(n) for n in nearest}
    return doc


def to_json(document: Mapping) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
