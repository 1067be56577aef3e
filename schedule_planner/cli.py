"""The `planner` command line: a thin layer over the library.

OR-Tools is imported only by `solve`: `check`, `--help` and `--version` stay fast.
"""

from __future__ import annotations

import errno
import functools
import io
import math
import os
import stat
import shutil
import sys
import tempfile
from pathlib import Path

import click

from . import distribution_version
from .domain import deadline
from .domain.text import WHOLE, plural, whole_number
from .errors import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, EXIT_VIOLATION, Infeasible, PlannerError

EXIT_CODES = f"""\b
Exit codes:
  {EXIT_OK}  success: a timetable was found, the proposal breaks no hard rule, or `diff`
     finds the two timetables equal
  {EXIT_VIOLATION}  no timetable exists (or none was found in the time limit), or the
     proposal breaks a hard rule, or `diff` finds the two timetables differ
  {EXIT_INPUT}  usage or input error (the message names file, line and field), or the
     output cannot be written (-o, or standard output closed, full or a pipe closed early)
  {EXIT_INTERRUPTED}  interrupted (Ctrl-C): nothing written, or during a search the best
     timetable found so far, marked as not proven optimal
"""


class Planner(click.Group):
    """Turns the library's errors into one clear message and a documented exit code; an
    interrupt (Ctrl-C) into exit 130, and standard output that cannot be written (closed,
    full, a pipe closed early) into exit 2 without a traceback."""

    def invoke(self, ctx):
        deadline.clear()  # a limit is the running command's (--time-limit) only
        if sys.stdout is None:  # started with standard output closed (>&-)
            sys.stdout = io.TextIOWrapper(io.BufferedWriter(_Closed()), encoding="utf-8")
        try:
            try:
                return super().invoke(ctx)
            finally:
                deadline.clear()
                sys.stdout.flush()  # a full disk or a closed pipe shows here at the latest
        except PlannerError as exc:
            raise _failure(str(exc), exc.exit_code) from None
        except KeyboardInterrupt:
            raise _failure("interrupted", EXIT_INTERRUPTED) from None
        except OSError as exc:
            if exc.errno not in BROKEN_OUTPUT:
                raise
            _drop_stdout()
            if exc.errno == errno.EPIPE:  # `planner ... | head`: the reader has all it wants
                sys.exit(EXIT_INPUT)
            raise _failure(f"cannot write to standard output: {exc.strerror}", EXIT_INPUT) from None


# how writing to standard output fails when it cannot take the output
BROKEN_OUTPUT = {errno.EPIPE, errno.ENOSPC, errno.EBADF, errno.EIO, errno.EDQUOT, errno.EFBIG}


class _Closed(io.RawIOBase):
    """Standard output closed before planner started: writing to it fails as a closed
    descriptor does, when the command writes to it (not with -o)."""

    def writable(self):
        return True

    def write(self, data):
        raise OSError(errno.EBADF, "it is closed")


def _drop_stdout() -> None:
    """Discard what is left for a standard output that failed, so that Python's own flush
    at exit neither fails again nor prints a traceback."""
    if sys.stdout is sys.__stdout__ and sys.stdout is not None:
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
    sys.stdout = open(os.devnull, "w", encoding="utf-8")


def _failure(message: str, code: int) -> click.ClickException:
    err = click.ClickException(message)
    err.exit_code = code
    return err


@click.group(cls=Planner, epilog=EXIT_CODES, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(distribution_version(), "--version", prog_name="planner")
def main():
    """Date the sessions of an intergovernmental negotiation with a constraint solver.

    A YAML model (venues and rooms, holidays, other bodies' meetings, sessions with
    lengths and windows, document lead times) goes to OR-Tools CP-SAT, which dates
    every session; `check` tests proposed dates against the very same rules. With no
    MODEL, the default model is the Ad Hoc Committee on cybercrime (A/AC.291/2).
    """


def _weights(ctx, param, values) -> dict[str, int]:
    out = {}
    for item in values:
        name, sep, value = item.partition("=")
        try:
            if not sep:
                raise ValueError
            out[name.strip()] = int(whole_number(value))
        except ValueError:
            raise click.BadParameter(f"'{item}' is not NAME=INTEGER, e.g. lost-meeting-day=20") from None
    return out


class Whole(click.IntRange):
    """A whole number in a range, written with the digits 0-9 only (as in a model file)."""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not WHOLE.fullmatch(value):
            self.fail(f"'{value}' is not an integer written with the digits 0-9", param, ctx)
        return super().convert(value, param, ctx)


def _same_file(a: str, b: str) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def model_input(positional: bool = True):
    """The model, one grammar for every command that reads one: `-m/--model MODEL`
    everywhere and, where the model is the command's main input, MODEL as an argument
    too. Given both ways, they must name the same file. The command receives `model`
    (None: the built-in model)."""

    def decorate(f):
        @functools.wraps(f)
        def command(
            *args,
            model=None,
            model_option=None,
            scenarios=(),
            sets=(),
            unavailable=(),
            not_before=None,
            allow_outside=False,
            **kwargs,
        ):
            if model and model_option and not _same_file(model, model_option):
                raise click.UsageError(
                    f"give the model once: as MODEL or with -m/--model (here {model} and {model_option})"
                )
            from .loading import ModelSource

            if not_before == "":
                raise click.UsageError("--not-before needs a date, YYYY-MM-DD")
            return f(
                *args,
                model=ModelSource(
                    model or model_option, scenarios, sets, unavailable, not_before, allow_outside
                ),
                **kwargs,
            )

        also = "; the same as MODEL" if positional else ""
        command = click.option(
            "--allow-include-outside",
            "allow_outside",
            is_flag=True,
            help="Let the model include files outside its folder tree and the shipped data.",
        )(command)
        command = click.option(
            "--not-before",
            metavar="YYYY-MM-DD",
            help="Postpone: every session without fixed dates opens on or after this date.",
        )(command)
        command = click.option(
            "--unavailable",
            multiple=True,
            metavar="VENUE[:ROOM]:FROM..TO",
            help="A room, or a whole venue, unavailable from FROM to TO "
            "(repeatable), e.g. vic:plenary-m:2023-01-02..2023-03-31.",
        )(command)
        command = click.option(
            "--set",
            "sets",
            multiple=True,
            metavar="PATH=VALUE",
            help="Change one value of the model, e.g. sessions[S2].length.weeks=1 "
            "or documents.min_gap_weeks=11 (repeatable).",
        )(command)
        command = click.option(
            "--scenario",
            "scenarios",
            multiple=True,
            type=click.Path(dir_okay=False),
            metavar="FILE",
            help="Merge a scenario file onto the model, by id as includes merge (repeatable, in order).",
        )(command)
        command = click.option(
            "-m",
            "--model",
            "model_option",
            type=click.Path(dir_okay=False),
            metavar="MODEL",
            help=f"Model file (default: built-in){also}.",
        )(command)
        if positional:
            command = click.argument("model", required=False, type=click.Path(dir_okay=False))(command)
        return command

    return decorate


weight_option = click.option(
    "--weight",
    "weights",
    multiple=True,
    callback=_weights,
    metavar="RULE=N",
    help="Override a soft rule's weight (repeatable).",
)


def _time_limit(ctx, param, value: float) -> float:
    """The limit, which bounds the whole command from here on (loading, building,
    searching, diagnosing): `domain.deadline`."""
    if not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a number of seconds")
    deadline.start(value)
    return value


def _force(ctx, param, value: bool) -> None:
    if value:
        deadline.force(True)


limit_option = click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1, max=86400),
    default=30.0,
    show_default=True,
    callback=_time_limit,
    metavar="SECONDS",
    help="Stop after this many seconds: the whole command, building the model and searching "
    "(wall clock: a search cut short by it may end differently on a slower machine).",
)


def time_limit_option(f):
    """`--time-limit`, and `--force` to build a model the estimate says cannot be built
    in that time (`domain.deadline.estimate`): for the commands that build one."""
    f = click.option(
        "--force",
        is_flag=True,
        expose_value=False,
        callback=_force,
        help="Build the model even when its estimated build time is far beyond "
        "--time-limit (otherwise refused before it starts, exit 2).",
    )(f)
    return limit_option(f)


seed_option = click.option(
    "--seed", type=Whole(0, 2**31 - 1), default=0, show_default=True, help="CP-SAT's random seed."
)
workers_option = click.option(
    "--workers",
    type=Whole(1, 64),
    default=1,
    show_default=True,
    help="Search workers. 1 is deterministic; more may find an equally good but different timetable.",
)


def _today(ctx, param, value):
    return value.date() if value is not None else None


baseline_option = click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    metavar="TIMETABLE",
    help="Re-plan from this timetable (solve's JSON or a proposal): the rules moved-session "
    "and days-moved price every change from it.",
)
today_option = click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    callback=_today,
    metavar="YYYY-MM-DD",
    help="Pin every session that opens before this date at its dates in --baseline (or its "
    "fixed dates); what it breaks there is history. No default.",
)
firm_option = click.option(
    "--firm",
    multiple=True,
    metavar="RULE[:SESSION]",
    help="A hard rule the infeasibility diagnosis never proposes relaxing, for one session "
    "or all (repeatable), e.g. session-window:S1 or document-lead-time.",
)
advice_option = click.option(
    "--advice",
    type=click.Choice(["changes", "days"]),
    default="changes",
    show_default=True,
    help="When no timetable exists, what the advice minimises first: the number of changes "
    "to the model (a value all sessions share, like the minimum gap, is one change), "
    "or the days of breach, session by session.",
)
# the parameters that name a command's input files (--previous is not one: `export ics
# --previous X -o X` updates a calendar, read whole before it is replaced)
INPUTS = ("proposal", "source", "baseline", "a", "b")


def output_option(f):
    """`-o FILE`, refused before any work when it names one of the command's inputs (the
    model and its scenarios, the proposal, --from, --baseline; an include is refused
    when the loader reads it); the command runs under `yamlio.writing_to`."""
    from .yamlio import refuse_output, writing_to

    @functools.wraps(f)
    def command(*args, output=None, **kwargs):
        if output == "":
            raise click.UsageError("-o needs a file name (or - for standard output)")
        model = kwargs.get("model")
        named = [kwargs.get(name) for name in INPUTS] + (
            [model.path, *model.scenarios] if model is not None else []
        )
        with writing_to(output):
            for path in named:
                if path and path != "-" and not str(path).startswith("planner:"):
                    refuse_output(str(path))
            return f(*args, output=output, **kwargs)

    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, writable=True),
        help="Write to FILE (atomically) instead of standard output.",
    )(command)


# the formats a timetable is written in by `solve --format` and `export FORMAT` alike
FORMATS = ["json", "csv", "markdown", "ics"]


def _load(model, weights: dict[str, int]):
    """The model (a ModelSource from `model_input`) ready for the rules, warnings on stderr."""
    from .app import load

    problem = load(model, weights)
    for warning in problem.model.warnings():
        click.echo(f"Warning: {warning}", err=True)
    return problem


def _width(output: str | None) -> int | None:
    """The terminal's width (80 columns at least) when the table goes to one, else None:
    the stable width of files and pipes."""
    if (not output or output == "-") and sys.stdout.isatty():
        return max(80, min(shutil.get_terminal_size().columns, 200))
    return None


def _emit(text: str, output: str | None, what: str) -> None:
    """Write the whole output or nothing: a temporary file renamed into place, reported
    on stderr in one line with `what` it holds ("wrote ahc.ics: 171 events")."""
    if not output or output == "-":
        click.echo(text, nl=False)
    else:
        _write(text, output, what)
    if click.get_current_context().meta.get("interrupted"):
        click.echo(
            "Interrupted: the search was stopped; what was written is the best timetable "
            "found until then, not proven the best one.",
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)


def _write(text: str, output: str, what: str) -> None:
    try:
        kind = os.stat(output).st_mode  # through symbolic links
    except OSError:
        kind = None
    if kind is not None and not stat.S_ISREG(kind):
        _write_special(text, output, kind)  # a device or pipe: never renamed over
        click.echo(f"wrote {output}: {what}", err=True)
        return
    target = Path(os.path.realpath(output))  # write through a symbolic link, not over it
    tmp = None
    try:
        if target.exists():
            mode = target.stat().st_mode & 0o7777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        try:
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        except OSError as exc:  # /proc/version: a file in a folder that takes no new file
            raise PlannerError(
                f"{output}: cannot write: no file can be made in {target.parent} "
                f"({exc.strerror}), and planner writes a file whole by renaming a "
                "new one over it"
            ) from None
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        raise PlannerError(f"{output}: cannot write: {exc.strerror}") from None
    finally:  # an error or an interrupt leaves no temporary file behind
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
    click.echo(f"wrote {output}: {what}", err=True)


def _write_special(text: str, output: str, kind: int) -> None:
    """Write to what is not a regular file (/dev/stdout, a FIFO, a device) in place: a
    temporary file renamed over it would replace the device itself."""
    if stat.S_ISDIR(kind):
        raise PlannerError(f"{output}: is a directory")
    try:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    except OSError as exc:
        raise PlannerError(f"{output}: cannot write: {exc.strerror}") from None


def _held(fmt: str, text: str, timetable, problem) -> str:
    """What a written timetable holds, for _emit: its events in iCalendar, else its meetings
    by kind."""
    from .domain.schema import kinds_text

    if fmt != "ics":
        return kinds_text([problem.by_id[s] for s in timetable.placements])
    cancelled = text.count("\r\nSTATUS:CANCELLED\r\n")
    return plural(text.count("\r\nBEGIN:VEVENT\r\n"), "event") + (
        f" ({cancelled} cancelled)" if cancelled else ""
    )


@main.command()
@model_input()
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", *FORMATS]),
    default="table",
    show_default=True,
    help="Output format (ics: an iCalendar file with the defaults of `export ics`).",
)
@output_option
@time_limit_option
@seed_option
@workers_option
@click.option("--log", is_flag=True, help="Print CP-SAT's search log on standard error.")
@click.option(
    "--backend",
    type=click.Choice(["auto", "cp-sat", "highs"]),
    default="auto",
    show_default=True,
    help="What finds the cheapest timetable: CP-SAT, or HiGHS on the same model as a "
    "MIP (faster on shared rooms, interpreters and translators); auto: when "
    "several bodies share a centre, HiGHS for half the time limit (then CP-SAT, "
    "if it proved nothing), else CP-SAT.",
)
@weight_option
@baseline_option
@today_option
@firm_option
@advice_option
@click.option(
    "--alternatives",
    "k",
    type=Whole(1, 10),
    default=None,
    metavar="K",
    help="Also find the K best timetables (1 to 10), pairwise distinct: a session opens "
    "7 days or more apart, or at another venue. Table and JSON only.",
)
def solve(
    model, fmt, output, time_limit, seed, workers, log, backend, weights, baseline, today, firm, advice, k
):
    """Date every session of MODEL and print the timetable.

    With --baseline, re-plan: change the given timetable as little as the rules allow
    and say what moved, by how much, and what forced it."""
    if k is not None and fmt not in ("table", "json"):
        raise click.UsageError(f"--alternatives works with --format table or json, not {fmt}")
    problem, notes = _replan(_load(model, weights), baseline, today, firm)
    _notes(notes)
    result = _solve(
        problem,
        fmt,
        output,
        time_limit=time_limit,
        seed=seed,
        workers=workers,
        log=log,
        fewest_changes=advice == "changes",
        backend=backend,
    )
    from .app import moves

    moved = moves(problem, result.timetable)
    alts = None
    if k is not None:
        from .solver import alternatives

        alts = alternatives(
            problem,
            k,
            time_limit=time_limit,
            seed=seed,
            workers=workers,
            log=log,
            first=result,
            backend=backend,
        )
        _interrupted(any(r.interrupted for r in alts.results))
    if fmt == "table":
        from .render.table import render_table
        from .rows import milestones, report_rows, timetable_rows

        text = render_table(
            problem,
            timetable_rows(problem, result.timetable),
            _solve_summary(result) + _moves_summary(problem, moved) + _alternatives_summary(problem, alts),
            _width(output),
            report_rows(problem, result.timetable),
            milestones(problem, result.timetable),
        )
    elif fmt == "json" and (problem.baseline is not None or alts is not None):
        from .render.json import alternatives_list, solve_document, to_json
        from .rows import timetable_rows

        doc = solve_document(problem, result, timetable_rows(problem, result.timetable))
        if problem.baseline is not None:
            doc["moves"] = [m.as_dict() for m in moved]
        if alts is not None:
            doc["alternatives"] = alternatives_list(problem, alts.results)
            doc["alternatives_note"] = alts.note
        text = to_json(doc)
    else:
        text = _render(fmt, problem, result)
    _emit(text, output, _held(fmt, text, result.timetable, problem))


def _replan(problem, baseline, today, firm=()):
    """The problem with --baseline, --today and --firm, and notes on reading the baseline."""
    from .app import replan

    return replan(problem, baseline, today, firm)


def _moves_summary(problem, moved) -> list[str]:
    if problem.baseline is None:
        return []
    if not moved:
        return ["Nothing moved from the baseline."]
    return ["What moved from the baseline:"] + [f"  {m.line()}" for m in moved]


def _alternatives_summary(problem, alts) -> list[str]:
    """Each alternative's score and how it differs from the first timetable (the one
    printed above), after the first's own summary."""
    if alts is None:
        return []
    from .diff import diff, move_line
    from .render import cost_by_rule

    first = alts.results[0]
    lines = [
        f"Alternatives: {plural(len(alts.results), 'timetable')} in score order, the first "
        "being the one above."
    ]
    for rank, alt in enumerate(alts.results[1:], start=2):
        breakdown = ", ".join(f"{rule} {cost}" for rule, cost in cost_by_rule(alt.findings).items())
        lines.append(
            f"Alternative {rank}: status {alt.status}; objective {alt.objective} "
            f"({breakdown or 'no soft cost'}; {alt.objective - first.objective:+d} on the first)"
        )
        moved = diff(problem, first.timetable, alt.timetable).moved
        lines += [f"  {move_line(m)}" for m in moved]
    if alts.note:
        lines.append(f"Note: {alts.note}")
    return lines


def _render(fmt: str, problem, result, ics_options=None, previous=None) -> str:
    """The timetable of a solver's result (or of a timetable given with --from, shaped
    as one) in a file format: the one place where `solve --format X` and `export X`
    are made, so that they agree."""
    from .rows import milestones, report_rows, timetable_rows

    rows = timetable_rows(problem, result.timetable)
    if fmt == "json":
        from .render.json import solve_document, to_json

        return to_json(solve_document(problem, result, rows))
    reports, marks = report_rows(problem, result.timetable), milestones(problem, result.timetable)
    if fmt == "csv":
        from .render.csv import to_csv

        return to_csv(rows, reports, marks)
    if fmt == "markdown":
        from .render.markdown import to_markdown

        return to_markdown(problem, rows, result.findings, result.status, result.objective, reports, marks)
    from .render import ics

    return ics.to_ics(problem, rows, ics_options or ics.Options(), previous, reports, marks)


def _solve(problem, fmt: str, output: str | None, **options):
    """Solve as `solve` does, the search's progress live on stderr if it is a terminal;
    without a timetable, JSON still gets its document."""
    from .app import solve as run
    from .progress import progress_on_terminal

    try:
        with progress_on_terminal() as progress:
            result = run(problem, progress=None if options.get("log") else progress, **options)
    except Infeasible as exc:
        _infeasible_json(problem, exc, fmt, output)
        raise
    _interrupted(result.interrupted)
    return result


def _interrupted(stopped: bool) -> None:
    """Ctrl-C stopped a search that had found a timetable: it is written (by `_emit`), then
    the command exits 130."""
    if stopped:
        click.get_current_context().meta["interrupted"] = True


def _infeasible_json(problem, exc: Infeasible, fmt: str, output: str | None) -> None:
    """In JSON, a model without a timetable is a document too: status, message, diagnosis."""
    if fmt != "json":
        return
    from .render.json import header, to_json

    doc = {**header(problem), "status": exc.status, "message": str(exc)}
    if exc.diagnosis is not None:
        doc.update(exc.diagnosis.as_dict())
    _emit(to_json(doc), output, f"no timetable ({exc.status})")


def _solve_summary(result) -> list[str]:
    from .render import cost_by_rule

    by_rule = cost_by_rule(result.findings)
    breakdown = ", ".join(f"{rule} {cost}" for rule, cost in by_rule.items())
    lines = [
        f"Status {result.status}; objective {result.objective}"
        + (f" ({breakdown})" if breakdown else "")
        + f"; solved in {result.wall_time:.2f} s"
    ]
    if result.interrupted:
        lines.append("Interrupted (Ctrl-C): the best timetable found before the search was stopped.")
    if result.status != "OPTIMAL":
        lines.append(f"Best bound {result.bound}: the timetable may not be the best one.")
    lines += _dropped_summary(result.findings)
    history = [f for f in result.findings if f.history]
    traded = [f for f in result.findings if not f.history]
    lines += [f"Note: {f.line()}" for f in history]
    if traded:
        lines.append("What the timetable trades:")
        lines += [f"  {f.line()}" for f in traded]
    else:
        lines.append("Every soft rule is met: nothing was traded.")
    return lines


@main.command()
@click.argument("proposal", type=click.Path(dir_okay=False, allow_dash=True))
@model_input(positional=False)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@output_option
@limit_option  # check builds no model: no --force
@weight_option
@baseline_option
@today_option
def check(proposal, model, fmt, output, time_limit, weights, baseline, today):
    """Test the dates in PROPOSAL (YAML or JSON, - for stdin) against every rule.

    PROPOSAL holds a `sessions` list of `id`, `start`, `end` and optional `venue`,
    `room`: the shape `planner solve --format json` writes. Each finding names the
    session, the rule, its level and the numbers behind it.
    """
    from constraints import evaluate

    from .app import read_timetable
    from .rows import timetable_rows

    problem, notes = _replan(_load(model, weights), baseline, today)
    timetable, more, gone = read_timetable(proposal, problem)
    notes += more
    if gone:
        notes.append(f"not proposed: {', '.join(gone)}; rules that involve them were not checked")
    findings = evaluate(problem, timetable)
    hard = [f for f in findings if f.breach]
    rows = timetable_rows(problem, timetable)
    from .explain import nearest_for_breaches

    nearest = nearest_for_breaches(problem, timetable, findings)
    if fmt == "json":
        from .explain import nearest_dict
        from .render.json import check_document, to_json

        document = check_document(problem, rows, findings, notes, timetable)
        document["nearest"] = {n.session: nearest_dict(n) for n in nearest}
        text = to_json(document)
    else:
        from .render.table import render_table
        from .rows import milestones, report_rows

        text = render_table(
            problem,
            rows,
            _check_summary(findings, notes, nearest, timetable),
            _width(output),
            report_rows(problem, timetable),
            milestones(problem, timetable),
        )
    _emit(text, output, _held(fmt, text, timetable, problem))
    sys.exit(EXIT_VIOLATION if hard else EXIT_OK)


def _dropped_summary(findings) -> list[str]:
    """The optional sessions left out, in the model's order."""
    ids = [
        f.session + (f" (short of {', '.join(f.short)})" if f.short else "")
        for f in findings
        if f.rule == "dropped-session"
    ]
    return [f"Left out (optional, priced by dropped-session): {', '.join(ids)}"] if ids else []


def _check_summary(findings, notes, nearest=(), timetable=None) -> list[str]:
    hard = [f for f in findings if f.breach]
    soft = [f for f in findings if not f.hard and not f.history]
    lines = [f"Note: {n}" for n in notes] + [f"Note: {f.line()}" for f in findings if f.history]
    lines += _dropped_summary(findings)
    if hard:
        lines.append(f"{plural(len(hard), 'hard rule')} {'are' if len(hard) > 1 else 'is'} broken:")
        lines += [f"  {f.line()}" for f in hard]
    if nearest:
        from .explain import nearest_line

        lines += [
            f"  {n.session}: nearest admissible dates: "
            f"{nearest_line(n, timetable.get(n.session) if timetable else None)}"
            for n in nearest
        ]
    else:
        lines.append("No hard rule is broken.")
    if soft:
        lines.append(f"Soft-rule costs, {sum(f.cost for f in soft)} in all:")
        lines += [f"  {f.line()}" for f in soft]
    return lines


@main.command()
@model_input()
@weight_option
def rules(model, weights):
    """List every rule: name, level, weight in MODEL, and what it asks."""
    from constraints import REGISTRY

    problem = _load(model, weights)
    levels = [
        f"{rule.level}, weight {rule.weight(problem)}" if rule.soft else str(rule.level) for rule in REGISTRY
    ]
    width = max(map(len, levels))
    for rule, level in zip(REGISTRY, levels):
        click.echo(f"{rule.name:<24} {level:<{width}} {rule.summary}")


@main.command()
@model_input()
@click.option(
    "--from",
    "source",
    type=click.Path(dir_okay=False, allow_dash=True),
    metavar="TIMETABLE",
    help="Explain this timetable (YAML or JSON, the shape `solve --format json` writes) "
    "instead of solving MODEL.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@output_option
@time_limit_option
@weight_option
@baseline_option
@today_option
@firm_option
@advice_option
def explain(model, source, fmt, output, time_limit, weights, baseline, today, firm, advice):
    """Say why each session sits where it does, or why no timetable exists.

    For each session: the rules that hold it (the nearest dates earlier or later would
    break them or cost more), the days of slack every hard rule leaves, and what the
    nearest dates either way would break or cost. When MODEL has no timetable: a
    minimal set of conflicting rules and the smallest relaxation that restores one.
    """
    from . import explain as ex
    from .render.json import header as whose
    from .render.json import to_json

    problem, notes = _replan(_load(model, weights), baseline, today, firm)
    _notes(notes)
    if source:
        from .app import read_timetable

        timetable, notes, gone = read_timetable(source, problem)
        if gone:
            notes.append(f"not in the timetable: {', '.join(gone)}")
        header = {"source": source}
    else:
        result = _solve(problem, fmt, output, time_limit=time_limit, fewest_changes=advice == "changes")
        timetable, notes = result.timetable, []
        header = {"status": result.status, "objective": result.objective}
    items = ex.explain(problem, timetable)
    calendar = ex.explain_calendar(problem, timetable)
    from .app import left_out as why_left_out

    left_out = why_left_out(problem, timetable, time_limit)
    if fmt == "json":
        text = to_json(
            {
                **whose(problem),
                **header,
                "notes": notes,
                "sessions": ex.as_dict(items),
                "dropped": [{"id": f.session, "price": f.cost, "keeping": why} for f, why in left_out],
                "calendar": [vars(c) for c in calendar],
            }
        )
    else:
        text = (
            "\n".join(
                [f"Note: {n}" for n in notes]
                + ex.lines(problem, items)
                + [
                    f"{f.session} {problem.by_id[f.session].name}: left out (optional; price "
                    f"{f.cost:,}): {why}"
                    for f, why in left_out
                ]
                + [f"{c.id}: {c.message}" for c in calendar]
            )
            + "\n"
        )
    from .domain.schema import kinds_text

    _emit(text, output, kinds_text([problem.by_id[e.session] for e in items]) + " explained")


@main.command()
@click.argument("years", nargs=-1, required=True, type=Whole(1900, 2199))
@click.option(
    "--calendar",
    "calendars",
    multiple=True,
    metavar="ID",
    help="A calendar to derive (repeatable): one of the shipped data's, or one of "
    "--model's derived from a country. Default: every shipped calendar.",
)
@click.option(
    "--country",
    metavar="CC",
    help="Any country's public holidays (ISO code: KE, FR), from the holidays library.",
)
@click.option("--subdivision", metavar="CODE", help="With --country: a state or province (NY, QC).")
@model_input(positional=False)
def holidays(years, calendars, country, subdivision, model):
    """Print holiday entries of YEARS as a `holidays:` block for a model file.

    Its days merge by date into the calendar of the same id, shipped or not: paste it
    into your own model file, never into the installed data. Check derived entries
    against the published lists.
    """
    from . import holidays_gen as gen

    years = sorted(set(years))
    if subdivision and not country:
        raise click.UsageError("--subdivision goes with --country")
    if country and calendars:
        raise click.UsageError("give --country or --calendar, not both")
    country = country.upper() if country else country
    blocks = {}
    if country:
        cal_id = country.lower() + (f"-{subdivision.lower()}" if subdivision else "")
        blocks[cal_id] = gen.country(country, subdivision, years)
        header = [
            f"Public holidays of {country}{'-' + subdivision if subdivision else ''}: add a calendar "
            f"`{{id: {cal_id}, name: ..., kind: national, derived: {{country: {country}"
            f"{', subdivision: ' + subdivision if subdivision else ''}}}}}` to your model to have",
            "them computed for every year it needs, or paste these days under such a calendar.",
        ]
    else:
        problem = _load(model, {}) if model else None
        for cal_id in calendars or gen.CALENDARS:
            blocks[cal_id] = gen.entries(cal_id, years, problem.model if problem else None)
        header = [
            "Add to your model file: the days merge by date into the calendar of the same id.",
            "Derived: check them against the published lists.",
        ]
    click.echo(gen.as_yaml(blocks, header), nl=False)


@main.command()
@model_input()
def validate(model):
    """Check MODEL and report every problem at once, each with file:line: field.

    Exit code 0 when the model is valid (warnings on stderr), 2 when it is not.
    """
    from .authoring import summary

    problem = _load(model, {})
    click.echo(f"{model}: valid: {summary(problem.model)}")


@main.command("model")
@model_input()
@output_option
def model_command(model, output):
    """Print MODEL as planner reads it: includes merged, every default filled in,
    derived holidays computed, and after each value the file and line it came from."""
    from .authoring import resolved_yaml

    _load(model, {})  # the whole model must be valid first
    _emit(resolved_yaml(model), output, "the resolved model")


@main.command()
@click.option("--fragment", is_flag=True, help="Require no top-level key: for files that others include.")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["json", "markdown"]),
    default="json",
    show_default=True,
    help="json: JSON Schema; markdown: the field reference.",
)
@output_option
def schema(fragment, fmt, output):
    """Print the JSON Schema of a model file (or its field reference), from the same
    definitions that validate one. Editors with a YAML language server complete and
    check fields with it: start a model with
    `# yaml-language-server: $schema=model.schema.json`."""
    from .authoring import field_reference, schema_text

    _emit(
        schema_text(fragment) if fmt == "json" else field_reference(),
        output,
        "the JSON Schema" if fmt == "json" else "the field reference",
    )


@main.command()
@click.argument("folder", type=click.Path(file_okay=False))
@click.option(
    "--template",
    type=click.Choice(["generic", "seed"]),
    default="generic",
    show_default=True,
    help="generic: three sessions in one year at one venue; seed: the Ad Hoc Committee "
    "of A/AC.291/2, extending the shipped data.",
)
def init(folder, template):
    """Write a commented starter model (model.yaml, and model.schema.json for editors)
    into FOLDER; it solves at once. Never overwrites a file."""
    from datetime import date

    from .authoring import init as write

    if not folder.strip():
        raise click.UsageError("give the folder to write the model into")
    for path in write(Path(folder), template, date.today()):
        click.echo(f"wrote {path}", err=True)
    click.echo(f"Next: planner validate {Path(folder) / 'model.yaml'}", err=True)


@main.command()
@click.option(
    "--meetings",
    type=click.IntRange(1, 20_000),
    required=True,
    help="How many sessions, all bodies together.",
)
@click.option(
    "--years",
    type=click.IntRange(1, 10),
    default=4,
    show_default=True,
    help="Planning window in years, from 2021 (the shipped holidays cover 2021-2024).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same file.")
@click.option(
    "--load",
    type=click.FloatRange(0.05, 5.0),
    default=0.7,
    show_default=True,
    help="Share of the centre's rooms and translators the sessions need: above 1 the "
    "centre is overloaded and sessions are left out.",
)
@output_option
def generate(meetings, years, seed, load, output):
    """Write a conference centre's model: many bodies of the VIC's pattern sharing its
    rooms, interpreters and translators, every session optional at its body's priority."""
    from .generate import centre_yaml

    from .domain.text import plural

    _emit(
        centre_yaml(meetings, years, seed, load),
        output,
        f"{plural(meetings, 'session')} over {plural(years, 'year')}",
    )


@main.group()
def export():
    """Write the timetable in a format for other programs: solve MODEL as `planner solve`
    does, or with --from render a timetable written earlier without solving.

    `export json|csv|markdown` write what `planner solve --format json|csv|markdown`
    writes for the same timetable; `export ics` adds the options of calendar files.
    """


def _options(*decorators):
    """Several click decorators as one, applied in the order listed."""

    def apply(f):
        for decorate in reversed(decorators):
            f = decorate(f)
        return f

    return apply


# what every `export FORMAT`, `show` and `report` take, in one place
SOLVING = (
    ("time_limit", "--time-limit"),
    ("seed", "--seed"),
    ("workers", "--workers"),
    ("weights", "--weight"),
)
export_options = _options(
    model_input(),
    click.option(
        "--from",
        "source",
        type=click.Path(dir_okay=False, allow_dash=True),
        metavar="TIMETABLE",
        help="Take this timetable (YAML or JSON, the shape `planner solve --format json` "
        "writes, edited or not; - for stdin) instead of solving; meeting days, "
        "deadlines, names and costs come from the model again.",
    ),
    output_option,
    time_limit_option,
    seed_option,
    workers_option,
    weight_option,
    click.pass_context,
)


def _export_input(
    ctx,
    fmt: str,
    model,
    source,
    output,
    time_limit,
    seed,
    workers,
    weights,
    left_out: str,
    baseline: str | None = None,
):
    """The model (re-planned from `baseline`, if given) and what to render, solved or read
    --from, with the notes to print."""
    from click.core import ParameterSource

    given = [opt for name, opt in SOLVING if ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE]
    if source and given:
        raise click.UsageError(
            f"{', '.join(given)} {'applies' if len(given) == 1 else 'apply'} "
            "only when solving, not with --from"
        )
    problem, notes = _replan(_load(model, weights), baseline, None)
    if not source:
        return problem, _solve(problem, fmt, output, time_limit=time_limit, seed=seed, workers=workers), notes
    from .app import read_given

    result, more, gone = read_given(source, problem)
    notes += more
    if gone:
        notes.append(f"not in the timetable: {', '.join(gone)}; {left_out}")
    if result.hard:
        notes.append(
            f"the timetable breaks {plural(len(result.hard), 'hard rule')} "
            f"(first: {result.hard[0].line()}); `planner check` lists them"
        )
    return problem, result, notes


def _notes(notes: list[str]) -> None:
    for note in notes:
        click.echo(f"Note: {note}", err=True)


def _export_format(fmt: str, what: str) -> None:
    @export.command(
        fmt,
        help=f"""Write the timetable as {what}.

    The same as `planner solve --format {fmt}` for the same timetable: solves MODEL as
    `planner solve` does or, with --from, renders a timetable written earlier without
    solving (status GIVEN unless the file's recorded status still holds).""",
    )
    @export_options
    def command(ctx, model, source, output, time_limit, seed, workers, weights):
        problem, result, notes = _export_input(
            ctx, fmt, model, source, output, time_limit, seed, workers, weights, "left out"
        )
        _notes(notes)
        text = _render(fmt, problem, result)
        _emit(text, output, _held(fmt, text, result.timetable, problem))


_export_format("json", "a JSON document (the JSON contract of the README)")
_export_format("csv", "CSV, a line per session, for spreadsheets")
_export_format("markdown", "a Markdown table to paste into a document")


@export.command("ics")
@export_options
@click.option(
    "--events",
    type=click.Choice(["days", "sessions"]),
    default="days",
    show_default=True,
    help="days: an event per meeting day and meeting-hours block, in the venue's time "
    "zone; sessions: one all-day event per session.",
)
@click.option(
    "--deadlines/--no-deadlines",
    default=True,
    show_default=True,
    help="Document deadlines (contributions close, submission, issuance) as all-day events.",
)
@click.option(
    "--alarm-days",
    type=Whole(0, 365),
    default=7,
    show_default=True,
    metavar="N",
    help="Remind N days before each deadline (0: no reminder).",
)
@click.option(
    "--dtstamp",
    metavar="UTC-TIME",
    help="DTSTAMP of every event, e.g. 2024-01-31T09:00:00Z  [default: 00:00 UTC on the "
    "first day of the model's planning window]",
)
@click.option(
    "--previous",
    type=click.Path(dir_okay=False),
    metavar="FILE.ics",
    help="The last export: changed events get a higher SEQUENCE, events no longer "
    "in the timetable are cancelled.",
)
def export_ics(
    ctx,
    model,
    source,
    output,
    time_limit,
    seed,
    workers,
    weights,
    events,
    deadlines,
    alarm_days,
    dtstamp,
    previous,
):
    """Write the timetable as an iCalendar file (.ics) for calendar programs.

    Solves MODEL as `planner solve` does, or, with --from, exports a timetable written
    earlier without solving (the model still gives meeting hours, rooms and names).
    Re-export with --previous LAST.ics so that calendar programs update the events
    instead of duplicating them; the same input gives a byte-identical file.
    """
    from .render import ics

    options = ics.Options(
        events=events,
        deadlines=deadlines,
        alarm_days=alarm_days,
        dtstamp=ics.parse_dtstamp(dtstamp) if dtstamp else None,
    )
    old = ics.read_previous(previous) if previous else None
    problem, result, notes = _export_input(
        ctx, "ics", model, source, output, time_limit, seed, workers, weights, "no events for them"
    )
    if old is not None:
        notes += ics.previous_notes(problem, old, previous)
    _notes(notes)
    text = _render("ics", problem, result, options, old)
    _emit(text, output, _held("ics", text, result.timetable, problem))


def _colour(output: str | None) -> bool:
    """Colour only on a terminal, and never with NO_COLOR set (no-color.org)."""
    return (not output or output == "-") and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@main.command()
@export_options
def show(ctx, model, source, output, time_limit, seed, workers, weights):
    """Show the plan as a calendar in the terminal: a row per month, sessions as bars,
    holidays, other bodies' meetings and document deadlines marked, and a legend.

    Solves MODEL as `planner solve` does, or shows a timetable written earlier with
    --from. It fits the terminal's width (80 columns up) and reads without colour
    (NO_COLOR, files and pipes, which get 100 columns)."""
    from .render.calendar import render_calendar
    from .rows import report_rows, timetable_rows

    problem, result, notes = _export_input(
        ctx, "table", model, source, output, time_limit, seed, workers, weights, "not shown"
    )
    _notes(notes)
    text = render_calendar(
        problem,
        timetable_rows(problem, result.timetable),
        _width(output),
        _colour(output),
        report_rows(problem, result.timetable),
    )
    from .domain.schema import kinds_text

    _emit(text, output, kinds_text([problem.by_id[s] for s in result.timetable.placements]) + " shown")


@main.command()
@export_options
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    metavar="TIMETABLE",
    help="The timetable published before (solve's JSON or a proposal): the report "
    "lists the changes from it and, solving, re-plans from it as `solve --baseline`.",
)
def report(ctx, model, source, output, time_limit, seed, workers, weights, baseline):
    """Write the plan as one self-contained HTML page for Member States: the timetable,
    a timeline of sessions, document pipelines, holidays and other bodies' meetings,
    what the timetable trades, why each session sits where it does, the changes from
    --baseline, and the model's assumptions with their sources.

    Solves MODEL as `planner solve` does, or reports on a timetable written earlier with
    --from. No network, no external files; the same input gives the same bytes. Give
    -o report.html (without it, the HTML goes to standard output)."""
    from . import explain as ex
    from .authoring import assumptions
    from .render.report import Report, to_html
    from .rows import milestones, report_rows, timetable_rows

    problem, result, notes = _export_input(
        ctx, "table", model, source, output, time_limit, seed, workers, weights, "not in the report", baseline
    )
    _notes(notes)
    timetable = result.timetable
    changes = None
    if problem.baseline is not None:
        from . import diff as df

        changes = df.diff(problem, problem.baseline, timetable)
    explained = ex.explain(problem, timetable)
    rows = timetable_rows(problem, timetable)
    findings = result.findings + getattr(result, "hard", [])  # hard: a timetable given --from
    text = to_html(
        problem,
        rows,
        Report(
            result.status, result.objective, findings, explained, changes, assumptions(model), notes, baseline
        ),
        report_rows(problem, timetable),
        milestones(problem, timetable),
    )
    from .domain.schema import kinds_text

    _emit(text, output, kinds_text([r.session for r in rows]) + " reported")


@main.command("diff")
@click.argument("a", type=click.Path(dir_okay=False, allow_dash=True))
@click.argument("b", type=click.Path(dir_okay=False, allow_dash=True))
@model_input(positional=False)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@output_option
def diff_command(a, b, model, fmt, output):
    """Compare two timetables or proposals A and B of MODEL (YAML or JSON, the shape
    `planner solve --format json` writes; - for stdin, for one of them).

    Lists the sessions moved (dates, days moved, venue or room), added (in B only) and
    dropped (in A only), the document deadlines moved, the hard rules B newly breaks or
    newly satisfies, and the change in soft-rule cost. Exit code 0 when the two place
    every session alike, 1 when they differ, 2 on bad input.
    """
    from . import diff as df
    from .app import read_timetable

    if a == "-" and b == "-":
        raise click.UsageError("only one of A and B can be - (standard input)")
    problem = _load(model, {})
    old, notes_a, _ = read_timetable(a, problem)
    new, notes_b, _ = read_timetable(b, problem)
    notes = [f"{a}: {n}" for n in notes_a] + [f"{b}: {n}" for n in notes_b]
    d = df.diff(problem, old, new)
    if fmt == "json":
        from .render.json import header, to_json

        text = to_json({**header(problem), "a": a, "b": b, **df.as_dict(d), "notes": notes})
    else:
        text = "\n".join([f"Note: {n}" for n in notes] + df.lines(problem, d, (a, b))) + "\n"
    _emit(
        text,
        output,
        "equal timetables"
        if d.equal
        else plural(len(d.moved) + len(d.added) + len(d.dropped), "session") + " changed",
    )
    sys.exit(EXIT_OK if d.equal else EXIT_VIOLATION)


if __name__ == "__main__":  # pragma: no cover
    main()
