"""The JSON documents are typed models (schedule_planner.domain.outputs), one each: the
writer fills them key for key in their order, and the reader takes solve's and check's
back, accepting every key they declare and no other."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import types
import typing
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, LIMIT, model_from, small_model_dict
from constraints import evaluate
from schedule_planner.app import read_timetable
from schedule_planner.cli import main
from schedule_planner.domain.outputs import (
    CheckDocument,
    DiffDocument,
    ExplainDocument,
    InfeasibleDocument,
    SolveDocument,
)
from schedule_planner.domain.problem import Problem
from schedule_planner.explain import nearest_for_breaches
from schedule_planner.proposal import read_document
from schedule_planner.render.json import check_document, solve_document, to_json
from schedule_planner.rows import timetable_rows
from schedule_planner.solver import alternatives
from test_golden import without_versions

GOLDEN = Path(__file__).resolve().parent / "golden"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def mismatches(value, kind, where: str = "") -> list[str]:
    """Where `value` (JSON data) departs from the type `kind` declares: a key not
    declared, a required key missing, keys out of the declared order, a value of
    another type."""
    if typing.is_typeddict(kind):
        if not isinstance(value, dict):
            return [f"{where}: not an object"]
        declared = typing.get_type_hints(kind)
        out = [f"{where}.{k}: not declared" for k in value if k not in declared]
        out += [f"{where}.{k}: missing" for k in kind.__required_keys__ if k not in value]
        if [k for k in value if k in declared] != [k for k in declared if k in value]:
            out.append(f"{where}: keys not in the declared order")
        for k in declared.keys() & value.keys():
            out += mismatches(value[k], declared[k], f"{where}.{k}")
        return out
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        found = [mismatches(value, arg, where) for arg in args]
        return [] if any(not f for f in found) else found[0]
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: not a list"]
        return [m for i, v in enumerate(value) for m in mismatches(v, args[0], f"{where}[{i}]")]
    if origin is dict:
        if not isinstance(value, dict):
            return [f"{where}: not an object"]
        return [m for k, v in value.items() for m in mismatches(v, args[1], f"{where}.{k}")] if args else []
    if kind is type(None):
        return [] if value is None else [f"{where}: {value!r} is not null"]
    return [] if isinstance(value, kind) else [f"{where}: {value!r} is not {kind.__name__}"]


@pytest.fixture(scope="module")
def with_alternatives() -> tuple[Problem, dict]:
    """Solve's document with every key it may hold: two alternatives, an optional session
    left out (C: at most two meet), and the moves from a baseline (none here)."""
    data = small_model_dict()
    data["committee"]["max_sessions"] = 2
    data["sessions"][2].update(optional=True, price=5)
    problem = Problem(model_from(data))
    alts = alternatives(problem, 2, time_limit=LIMIT)
    first = alts.results[0]
    doc = solve_document(problem, first, timetable_rows(problem, first.timetable), [], alts)
    return problem, json.loads(to_json(doc))


def test_the_documents_written_follow_their_models(with_alternatives):
    _, solved = with_alternatives
    assert solved["moves"] == [] and len(solved["alternatives"]) == 2
    assert [d["id"] for d in solved["dropped"]] == ["C"]
    assert mismatches(solved, SolveDocument) == []
    assert mismatches(json.loads((GOLDEN / "solve.json").read_text()), SolveDocument) == []
    check = json.loads((GOLDEN / "check-broken.json").read_text())
    assert check["nearest"] and mismatches(check, CheckDocument) == []
    # the checker does see a departure
    check["ok"], check["extra"], check["committee"] = "no", 1, check.pop("committee")
    del check["notes"]
    assert sorted(mismatches(check, CheckDocument)) == [
        ".extra: not declared",
        ".notes: missing",
        ".ok: 'no' is not bool",
        ": keys not in the declared order",
    ]


def test_explain_diff_and_the_diagnosis_follow_their_models():
    explained = json.loads((GOLDEN / "explain.json").read_text())
    assert explained["sessions"] and mismatches(explained, ExplainDocument) == []
    diagnosed = json.loads((GOLDEN / "infeasible.json").read_text())
    assert diagnosed["relaxations"] and mismatches(diagnosed, InfeasibleDocument) == []
    compared = run(
        "diff", str(EXAMPLES / "seed-dates.yaml"), str(EXAMPLES / "broken-dates.yaml"), "-f", "json"
    )
    assert compared.exit_code == 1
    assert mismatches(json.loads(compared.stdout), DiffDocument) == []


def test_check_document_built_whole_is_the_one_check_writes(default_problem):
    """check_document takes the nearest dates cli.py adds to it afterwards, and builds the
    same bytes."""
    timetable, notes, gone = read_timetable(str(EXAMPLES / "broken-dates.yaml"), default_problem)
    notes.append(f"not proposed: {', '.join(gone)}; rules that involve them were not checked")
    findings = evaluate(default_problem, timetable)
    nearest = nearest_for_breaches(default_problem, timetable, findings)
    rows = timetable_rows(default_problem, timetable)
    checked = to_json(check_document(default_problem, rows, findings, notes, timetable, nearest))
    assert without_versions(checked) == (GOLDEN / "check-broken.json").read_text()


def test_a_solve_document_reads_back_as_its_timetable(default_problem, default_result, tmp_path):
    rows = timetable_rows(default_problem, default_result.timetable)
    text = to_json(solve_document(default_problem, default_result, rows))
    path = tmp_path / "solved.json"
    path.write_text(text)
    timetable, notes, doc = read_document(str(path), default_problem)
    assert timetable.placements == default_result.timetable.placements and notes == []
    assert timetable.dropped == default_result.timetable.dropped
    assert (doc.status, doc.objective) == (default_result.status, str(default_result.objective))
    # with --from: rendered again as the solve wrote it, byte for byte
    assert run("export", "json", "--from", str(path)).stdout == text
    # with check: the same sessions, and no hard rule broken
    checked = run("check", str(path), "-f", "json")
    assert checked.exit_code == 0
    assert json.loads(checked.stdout)["sessions"] == json.loads(text)["sessions"]


def test_every_key_written_reads_back(with_alternatives, tmp_path):
    """Solve's document with alternatives, moves and sessions left out, and check's with
    its findings and nearest dates, are both read back as timetables."""
    problem, solved = with_alternatives
    path = tmp_path / "solved.json"
    path.write_text(json.dumps(solved))
    timetable, _, _ = read_document(str(path), problem)
    assert timetable.dropped == {"C"} and list(timetable.placements) == ["A", "B"]
    broken = run("check", str(GOLDEN / "check-broken.json"), "-f", "json")
    assert broken.exit_code == 1
    again = json.loads(broken.stdout)
    assert again["findings"] == json.loads((GOLDEN / "check-broken.json").read_text())["findings"]
    assert (
        again["sessions"]
        == json.loads(run("check", str(EXAMPLES / "broken-dates.yaml"), "-f", "json").stdout)["sessions"]
    )


ADDED = """
import sys
from schedule_planner.domain import outputs
outputs.SolveDocument.__annotations__["added"] = int
outputs.SessionEntry.__annotations__["added"] = int
from schedule_planner.cli import main
main(["check", sys.argv[1]])
"""


def test_a_key_added_to_a_document_is_read_back_with_no_other_change(tmp_path):
    """proposal.py takes the keys to accept from domain.outputs: a key added there, at the
    top of solve's document and in its sessions, reads back at once. (With the hand list
    of keys proposal.py kept before, it was an unknown key.)"""
    doc = json.loads((GOLDEN / "solve.json").read_text())
    doc["added"] = 1
    doc["sessions"][0]["added"] = 1
    path = tmp_path / "solved.json"
    path.write_text(json.dumps(doc))
    refused = run("check", str(path))
    assert refused.exit_code == 2 and "sessions[0].added: unknown key 'added'" in refused.output
    read = subprocess.run(
        [sys.executable, "-c", ADDED, str(path)], check=False, capture_output=True, text=True
    )
    assert read.returncode == 0, read.stderr
    assert "No hard rule is broken." in read.stdout


def test_a_search_not_proven_optimal_reports_its_bound_and_gap(default_problem, default_result, tmp_path):
    """A FEASIBLE timetable from a search carries the best bound it proved and the gap;
    an OPTIMAL one needs neither, and the document still reads back."""
    rows = timetable_rows(default_problem, default_result.timetable)
    optimal = solve_document(default_problem, default_result, rows)
    assert "bound" not in optimal and "gap" not in optimal
    cut = dataclasses.replace(default_result, status="FEASIBLE", bound=default_result.objective - 4)
    doc = json.loads(to_json(solve_document(default_problem, cut, rows)))
    assert (doc["bound"], doc["gap"]) == (cut.bound, round(4 / cut.objective, 4))
    assert mismatches(doc, SolveDocument) == []
    path = tmp_path / "feasible.json"
    path.write_text(json.dumps(doc))
    timetable, notes, _ = read_document(str(path), default_problem)
    assert timetable.placements == default_result.timetable.placements and notes == []
    # rendered again --from, as the search wrote it (its cost holds: it is the same timetable)
    assert run("export", "json", "--from", str(path)).stdout == to_json(
        solve_document(default_problem, cut, rows)
    )
