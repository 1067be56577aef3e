"""What the commands do, between the command line and the library: load a model with
the registry's rule names, solve it and diagnose when no timetable exists, read a
timetable someone wrote. The solver never diagnoses; this layer decides to.

Each command that renders a document has one call here, `run_<command>`, returning its
outcome (`schedule_planner.outcome`) for the renderers (`render.formats`); `show` and
`report` take a timetable as `export` does (`run_export`), and `report` adds to it
(`run_report`) after the CLI has printed its notes.
"""

from __future__ import annotations

from dataclasses import replace

from constraints import LEVELS

from .diff import Move
from .domain.findings import Finding
from .domain.problem import Problem
from .domain.timetable import Timetable
from .errors import Infeasible
from .loading import ModelSource, load_scenario
from .outcome import GIVEN, Checked, Compared, Explained, Given, Reported, Solved


def load(source: ModelSource | str | None = None, weights: dict[str, int] | None = None) -> Problem:
    """The model (a path, None for the default one, or a ModelSource), ready for the
    rules. What a scenario sets is firm: the diagnosis never relaxes the rules that
    read it, for the sessions it concerns."""
    model, changed, origin = load_scenario(source, LEVELS, weights)
    return Problem(model, firm=scenario_firm(model, changed), origin=origin)


def scenario_firm(model, changed: set) -> frozenset:
    """(rule, session) pairs a scenario's own changes make firm: a relaxable rule that
    reads a field the scenario set (`reads`), for the session it set it on (or every
    session, for a model-wide field)."""
    from constraints import REGISTRY

    out = set()
    for rule in REGISTRY:
        for session, field in changed:
            if any(field == r or field.startswith(r + ".") or r.startswith(field + ".") for r in rule.reads):
                targets = [session] if session else [s.id for s in model.sessions]
                out |= {(rule.name, s) for s in targets}
    return frozenset(out)


def left_out(
    problem: Problem, timetable: Timetable, time_limit: float, examine: bool = True
) -> list[tuple[Finding, str]]:
    """Each optional session the timetable leaves out (its dropped-session finding) and
    why, in words (`keeping`), within one time limit for them all (none, unless
    `examine`: the command's time limit ran out already)."""
    import time

    from constraints import registered
    from constraints.dropped_session import DroppedSession

    deadline = time.monotonic() + (time_limit if examine else 0)
    out = []
    for f in registered(DroppedSession).check(problem, timetable):
        left = deadline - time.monotonic()
        after = problem.by_id[f.session].after
        if after in timetable.dropped:  # a consultation in the gap after a session left out
            out.append((f, f"{after}, the session it follows, is left out, and it with it"))
            continue
        out.append(
            (
                f,
                keeping(problem, f.session, left)
                if left > 0.1
                else f"not examined: the time limit of {time_limit:g} s ran out",
            )
        )
    return out


def keeping(problem: Problem, session_id: str, time_limit: float) -> str:
    """Why an optional session is left out, in words: what the best timetable that
    keeps it would cost, or that none exists."""
    from .solver import solve

    kept = Problem(
        problem.model.with_session(session_id, optional=False),
        problem.baseline,
        problem.today,
        problem.firm,
        problem.origin,
    )
    try:
        result = solve(kept, time_limit=time_limit)
    except Infeasible as exc:
        if exc.status == "UNKNOWN":
            return f"no timetable that keeps it was found within the time limit of {time_limit:g} s"
        return "no timetable keeps it: with it, the sessions that must meet cannot all meet"
    return f"the best timetable that keeps it costs {result.objective:,}" + (
        "" if result.status == "OPTIMAL" else " (not proven the best)"
    )


def firm_pairs(problem: Problem, specs) -> frozenset:
    """`--firm RULE[:SESSION]` as (rule, session id or None): hard rules the diagnosis
    never proposes relaxing, for one session or all."""
    from .errors import InputError

    out = set()
    for spec in specs:
        rule, colon, session = spec.partition(":")
        if colon and not session:
            raise InputError(
                f"'{spec}': name the session after ':', or give the rule alone for every session",
                field="--firm",
            )
        if rule not in LEVELS or LEVELS[rule].level != "hard":
            hard = ", ".join(n for n, lv in LEVELS.items() if lv.level == "hard")
            raise InputError(f"'{rule}' is not a hard rule (hard rules: {hard})", field="--firm")
        if session and problem.model.session(session) is None:
            raise InputError(f"no session '{session}' in the model", field="--firm")
        out.add((rule, session or None))
    return frozenset(out)


def keeping_pinned(source, weights: dict[str, int], baseline: str | None, today) -> ModelSource:
    """The model source with `--not-before` leaving alone the sessions `--today` pins:
    they have met, at dates it cannot postpone. Which those are is read from the model
    without the postponement (pinning does not depend on windows)."""
    if today is None or not isinstance(source, ModelSource) or not source.not_before:
        return source
    plain = load(replace(source, not_before=None), weights)
    return replace(source, keep=frozenset(replan(plain, baseline, today)[0].pinned))


def replan(problem: Problem, baseline: str | None = None, today=None, firm=()) -> tuple[Problem, list[str]]:
    """The problem re-planned from a baseline timetable (solve's JSON or a proposal,
    read as `check` reads one), pinned before `today`, with `firm` rules the diagnosis
    never relaxes; and notes on how the baseline was read. Unchanged without any."""
    if baseline is None and today is None and not firm:
        return problem, []
    timetable: Timetable | None = None
    notes: list[str] = []
    if baseline is not None:
        from .proposal import read_proposal

        timetable, notes = read_proposal(baseline, problem)
        notes = [f"baseline: {n}" for n in notes]
    return Problem(
        problem.model, timetable, today, problem.firm | firm_pairs(problem, firm), problem.origin
    ), notes


def moves(problem: Problem, timetable: Timetable) -> list[Move]:
    """Each session the timetable places other than the baseline did, with the hard
    rules its baseline placement breaks in this model (what forced the move, if it was
    its own)."""
    from constraints import evaluate

    from .diff import moves as moved

    if problem.baseline is None:
        return []
    broken = [f for f in evaluate(problem, problem.baseline) if f.breach]
    return [
        replace(m, forced_by=tuple(f for f in broken if f.session == m.new.id))
        for m in moved(problem, problem.baseline, timetable)
    ]


def solve(
    problem: Problem,
    time_limit: float = 30.0,
    seed: int = 0,
    workers: int = 1,
    log: bool = False,
    fewest_changes: bool = True,
    progress=None,
    backend: str = "auto",
):
    """Date every session. When no timetable exists, raise Infeasible with the obvious
    reasons (pre-solve checks: a session that cannot meet anywhere, sessions that cannot
    follow one another) or, if there are none, with a diagnosis: a minimal conflict and
    the smallest relaxation that restores a timetable."""
    from .presolve import obvious_conflicts
    from .solver import solve as run

    try:
        return run(
            problem,
            time_limit=time_limit,
            seed=seed,
            workers=workers,
            log=log,
            progress=progress,
            backend=backend,
        )
    except Infeasible as exc:
        if exc.status != "INFEASIBLE":
            raise
    # CP-SAT proves such models infeasible at once; the checks then say why in words
    problems = obvious_conflicts(problem)
    if problems:
        raise Infeasible("the model cannot be solved as written:\n" + "\n".join(f"  - {p}" for p in problems))
    from .diagnose import diagnose

    diagnosis = diagnose(problem, time_limit, fewest_changes)
    raise Infeasible(diagnosis.text(), diagnosis)


def read_timetable(source: str, problem: Problem) -> tuple[Timetable, list[str], list[str]]:
    """A proposal or an earlier solve's JSON as a timetable, with notes on what was
    assumed, and the ids of the model's sessions it leaves out."""
    from .proposal import missing, read_proposal

    timetable, notes = read_proposal(source, problem)
    return timetable, notes, missing(problem, timetable)


def read_given(source: str, problem: Problem) -> tuple[Given, list[str], list[str]]:
    """A timetable someone wrote (or a solve's JSON) to render without solving, with
    notes and the ids of the sessions it leaves out.

    Its status is the one the file records (OPTIMAL, FEASIBLE) while that still holds:
    the file was made from this very model (the same digest), the timetable places every
    session, breaks no hard rule and costs what the file says. Otherwise it is GIVEN: a
    timetable given, not solved. So a solve's JSON renders as the solve did.
    """
    from constraints import evaluate

    from .proposal import missing, read_document
    from .render import provenance

    timetable, notes, doc = read_document(source, problem)
    gone = missing(problem, timetable)
    findings = evaluate(problem, timetable)
    hard = [f for f in findings if f.breach]
    soft = [f for f in findings if not f.hard and not f.history]
    objective = sum(f.cost for f in soft)
    made = doc.produced_by if isinstance(doc.produced_by, dict) else {}
    recorded = doc.status if isinstance(doc.status, str) else ""
    holds = (
        recorded in ("OPTIMAL", "FEASIBLE")
        and not hard
        and not gone
        and str(doc.objective) == str(objective)
        and made.get("model_digest") == provenance(problem)["model_digest"]
    )
    text = str(doc.bound)  # as text, as the objective
    bound = int(text) if holds and recorded == "FEASIBLE" and text.lstrip("-").isdigit() else None
    return Given(recorded if holds else GIVEN, timetable, objective, soft, hard, bound), notes, gone


def solve_live(problem: Problem, **options):
    """`solve` with the search's progress live on stderr if it is a terminal (not with
    CP-SAT's own log)."""
    from .progress import progress_on_terminal

    with progress_on_terminal() as progress:
        return solve(problem, progress=None if options.get("log") else progress, **options)


def run_solve(
    problem: Problem,
    time_limit: float,
    seed: int,
    workers: int,
    log: bool,
    fewest_changes: bool,
    backend: str,
    alternatives: int | None = None,
) -> Solved:
    """`planner solve`: the timetable, what moved from the baseline, and with
    `alternatives` K the K best timetables, pairwise distinct."""
    result = solve_live(
        problem,
        time_limit=time_limit,
        seed=seed,
        workers=workers,
        log=log,
        fewest_changes=fewest_changes,
        backend=backend,
    )
    moved = moves(problem, result.timetable)
    alts = None
    if alternatives is not None:
        from .solver import alternatives as best

        alts = best(problem, alternatives, time_limit, seed, workers, log, first=result, backend=backend)
    stopped = result.interrupted or (alts is not None and any(r.interrupted for r in alts.results))
    return Solved(problem, result, moves=moved, alternatives=alts, interrupted=stopped)


def run_export(
    problem: Problem,
    notes: list[str],
    source: str | None,
    not_there: str,
    previous: dict | None = None,
    previous_path: str = "",
    **solving,
) -> Solved:
    """`planner export`, `show`, `report`: the timetable solved, or read from `source`
    (--from) with notes on it; `not_there` says what becomes of the sessions it leaves out.
    `previous`: the last iCalendar export's events, read from `previous_path`."""
    if not source:
        result = solve_live(problem, **solving)
        stopped = result.interrupted
    else:
        result, more, gone = read_given(source, problem)
        notes, stopped = notes + more, False
        if gone:
            notes.append(f"not in the timetable: {', '.join(gone)}; {not_there}")
        if result.hard:
            from .domain.text import plural

            notes.append(
                f"the timetable breaks {plural(len(result.hard), 'hard rule')} "
                f"(first: {result.hard[0].line()}); `planner check` lists them"
            )
    if previous is not None:
        from .render.ics import previous_notes

        notes = notes + previous_notes(problem, previous, previous_path)
    return Solved(problem, result, notes, previous=previous, interrupted=stopped)


def run_report(solved: Solved, baseline: str | None, model) -> Reported:
    """`planner report`, after `run_export`: the timetable `solved`, why each session
    sits where it does, what changed from the `baseline` timetable, the `model`'s
    assumptions."""
    from . import explain as ex
    from .authoring import assumptions

    problem, timetable = solved.problem, solved.result.timetable
    changes = None
    if problem.baseline is not None:
        from .diff import diff

        changes = diff(problem, problem.baseline, timetable)
    explained = ex.explain_in_time(problem, timetable)  # last: the time limit cuts it short
    return Reported(
        problem,
        solved.result,
        solved.notes + ([explained.note] if explained.note else []),
        interrupted=solved.interrupted,
        explained=explained.sessions,
        unexplained=explained.unexplained,
        changes=changes,
        baseline=baseline,
        assumptions=assumptions(model),
    )


def run_check(problem: Problem, notes: list[str], proposal: str) -> Checked:
    """`planner check`: every rule's findings on the proposal, and the nearest
    admissible dates of each session that breaks a hard rule."""
    from constraints import evaluate

    from .explain import nearest_for_breaches

    timetable, more, gone = read_timetable(proposal, problem)
    notes = notes + more
    if gone:
        notes.append(f"not proposed: {', '.join(gone)}; rules that involve them were not checked")
    findings = evaluate(problem, timetable)
    return Checked(problem, timetable, findings, nearest_for_breaches(problem, timetable, findings), notes)


def run_explain(problem: Problem, source: str | None, time_limit: float, fewest_changes: bool) -> Explained:
    """`planner explain`: why each session of the timetable (solved, or read from
    `source`) sits where it does, and why each optional one is left out."""
    from . import explain as ex

    result = None
    notes: list[str] = []
    if source:
        timetable, notes, gone = read_timetable(source, problem)
        if gone:
            notes.append(f"not in the timetable: {', '.join(gone)}")
    else:
        result = solve_live(problem, time_limit=time_limit, fewest_changes=fewest_changes)
        timetable = result.timetable
    explained = ex.explain_in_time(problem, timetable)
    calendar = ex.explain_calendar(problem, timetable)
    return Explained(
        problem,
        timetable,
        explained.sessions,
        left_out(problem, timetable, time_limit, examine=not explained.unexplained),
        calendar,
        source,
        result,
        notes + ([explained.note] if explained.note else []),
        interrupted=result is not None and result.interrupted,
        unexplained=explained.unexplained,
    )


def run_diff(problem: Problem, a: str, b: str) -> Compared:
    """`planner diff`: how timetable B differs from A, with notes on reading them."""
    from .diff import diff

    old, notes_a, _ = read_timetable(a, problem)
    new, notes_b, _ = read_timetable(b, problem)
    notes = [f"{a}: {n}" for n in notes_a] + [f"{b}: {n}" for n in notes_b]
    return Compared(problem, (a, b), diff(problem, old, new), notes)


def shipped_calendars() -> dict:
    """The shipped data's holiday calendars (data/holidays.yaml), by id."""
    import yaml

    from .domain.schema import HolidayCalendar
    from .loading import data_dir

    data = yaml.safe_load((data_dir() / "holidays.yaml").read_text(encoding="utf-8"))
    return {c["id"]: HolidayCalendar.model_validate(c) for c in data["holidays"]}


def run_holidays(
    years, calendars, country: str | None, subdivision: str | None, problem: Problem | None
) -> str:
    """`planner holidays`: the holiday entries of `years` as a `holidays:` block for a
    model file, of a country (and subdivision) or of calendars (default: every derived
    calendar of the shipped data; `problem`'s own derived calendars too), each day with
    its status (published or derived), its source and, for a derived date to confirm, the
    list to confirm it against."""
    from . import holidays_gen as gen
    from .errors import PlannerError
    from .loading import calendar_days

    years = sorted(set(years))
    blocks = {}
    if country:
        country = country.upper()
        cal_id = country.lower() + (f"-{subdivision.lower()}" if subdivision else "")
        blocks[cal_id] = gen.country(country, subdivision, years)
        header = [
            f"Public holidays of {country}{'-' + subdivision if subdivision else ''}: add a calendar "
            f"`{{id: {cal_id}, name: ..., kind: national, derived: {{country: {country}"
            f"{', subdivision: ' + subdivision if subdivision else ''}}}}}` to your model to have",
            "them computed for every year it needs, or paste these days under such a calendar.",
        ]
    else:
        known = {c.id: c for c in shipped_calendars().values() if c.derived}
        known |= {c.id: c for c in (problem.model.holidays if problem else []) if c.derived}
        for cal_id in calendars or [c for c in shipped_calendars() if c in known]:
            if cal_id not in known:
                mine = problem is not None and problem.model.calendar(cal_id) is not None
                what = (
                    "is a list of its own in the model: add its further years from the published list"
                    if mine
                    else "is not a calendar planner can derive"
                )
                raise PlannerError(
                    f"holiday calendar '{cal_id}' {what} (planner derives: {', '.join(sorted(known))}; "
                    "any country's public holidays with --country)"
                )
            blocks[cal_id] = calendar_days(known[cal_id], years)
        header = [
            "Add to your model file: the days merge by date into the calendar of the same id.",
            "Each day says its status: published (listed from a published list) or derived (check",
            "it against the published list; `confirm` names the list for a date to confirm).",
        ]
    return gen.as_yaml(blocks, header)


def run_meetings(problem: Problem, source: str | None = None) -> tuple[str, str, list[str]]:
    """`planner meetings`: the model's other meetings (published and projected) as the
    CSV a model includes, and with `source` (--from) the timetable's sessions too, each a
    meeting of its body, so that another model can take this negotiation's dates as other
    meetings. (text, what it holds in words, notes on reading the timetable)."""
    from .conferences import to_csv
    from .domain.schema import Meeting
    from .domain.text import plural

    meetings, notes = list(problem.model.meetings), list[str]()
    if source:
        from .rows import timetable_rows

        timetable, notes, gone = read_timetable(source, problem)
        if gone:
            notes.append(f"not in the timetable, so not written: {', '.join(gone)}")
        sessions = [
            Meeting(
                id=f"{row.body.id}-{row.id}",
                body=row.body.short_name or row.body.name,
                name=row.session.name,
                venue=row.venue.id,
                rooms=[row.room.id],
                start=row.start,
                end=row.end,
                interpretation=1 if row.session.room.interpretation else 0,
                source=f"planner timetable {source}",
            )
            for row in timetable_rows(problem, timetable)
        ]
        meetings += sessions
    return to_csv(meetings), plural(len(meetings), "meeting"), notes
