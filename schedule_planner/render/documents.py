"""The commands' outcomes as JSON documents (from render.json's parts) and as `report`'s
HTML page (render.report): the renderers of the registry's json formats and the report."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from ..rows import milestones, report_rows, timetable_rows
from . import held
from .formats import Options, Rendered
from .json import check_document, header, solve_document, to_json
from .table import changed, explained

if TYPE_CHECKING:
    from ..domain.outputs import DiffDocument, ExplainDocument, InfeasibleDocument
    from ..domain.problem import Problem
    from ..errors import Infeasible
    from ..outcome import Checked, Compared, Explained, Reported, Solved


def timetable(outcome: Solved, options: Options) -> Rendered:
    """solve's document; with --baseline, what moved; with --alternatives, the others."""
    problem, result = outcome.problem, outcome.result
    doc = solve_document(
        problem,
        result,
        timetable_rows(problem, result.timetable),
        outcome.moves if problem.baseline is not None else None,
        outcome.alternatives,
    )
    return Rendered(to_json(doc), held(problem, result.timetable.placements))


def infeasible(problem: Problem, exc: Infeasible) -> Rendered:
    """A model without a timetable is a document too: status, message, diagnosis."""
    doc: InfeasibleDocument = {**header(problem), "status": exc.status, "message": str(exc)}
    if exc.diagnosis is not None:
        doc.update(exc.diagnosis.as_dict())
    return Rendered(to_json(doc), f"no timetable ({exc.status})")


def check(outcome: Checked, options: Options) -> Rendered:
    problem, timetable = outcome.problem, outcome.timetable
    rows = timetable_rows(problem, timetable)
    doc = check_document(problem, rows, outcome.findings, outcome.notes, timetable, outcome.nearest)
    return Rendered(to_json(doc), held(problem, timetable.placements))


def explanation(outcome: Explained, options: Options) -> Rendered:
    from .. import explain as ex

    source: dict = (
        {"source": outcome.source}
        if outcome.result is None
        else {"status": outcome.result.status, "objective": outcome.result.objective}
    )
    doc: ExplainDocument = {
        **header(outcome.problem),
        **source,
        "notes": outcome.notes,
        "sessions": ex.as_dict(outcome.sessions),
        "dropped": [{"id": f.session, "price": f.cost, "keeping": why} for f, why in outcome.left_out],
        "calendar": [vars(c) for c in outcome.calendar],
    }
    return Rendered(to_json(doc), explained(outcome))


def comparison(outcome: Compared, options: Options) -> Rendered:
    from .. import diff as df

    a, b = outcome.names
    # diff.as_dict gives the keys between b and notes (tests/test_documents.py holds them)
    doc = cast(
        "DiffDocument",
        {**header(outcome.problem), "a": a, "b": b, **df.as_dict(outcome.diff), "notes": outcome.notes},
    )
    return Rendered(to_json(doc), changed(outcome))


def report(outcome: Reported, options: Options) -> Rendered:
    """`report`'s page: the timetable, explain's and diff's findings by session."""
    from .report import Report, to_html

    problem, result = outcome.problem, outcome.result
    timetable = result.timetable
    rows = timetable_rows(problem, timetable)
    findings = result.findings + getattr(result, "hard", [])  # hard: a timetable given --from
    text = to_html(
        problem,
        rows,
        Report(
            result.status,
            result.objective,
            findings,
            outcome.explained,
            outcome.changes,
            outcome.assumptions,
            outcome.notes,
            outcome.baseline or "",
        ),
        report_rows(problem, timetable),
        milestones(problem, timetable),
    )
    return Rendered(text, held(problem, [r.session.id for r in rows]) + " reported")
