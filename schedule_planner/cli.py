"""The `planner` command line: a thin layer over the library.

Each command parses its options (`options`), makes one library call (`app.run_*`,
which returns an outcome), renders it with a format of the registry (`render.formats`)
and writes it (`output`). OR-Tools is imported only by `solve`: `check`, `--help` and
`--version` stay fast.
"""

from __future__ import annotations

import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import click

from . import distribution_version, options as opt
from .domain import YEARS, time_budget
from .errors import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, EXIT_VIOLATION, Infeasible, PlannerError
from .output import colour, failure, standard_output, width, write
from .render.formats import CHECK, DIFF, EXPLAIN, REPORT, SHOW, TIMETABLE, Format, Options, Rendered

EXIT_CODES = f"""\b
Exit codes:
  {EXIT_OK}  success: a timetable was found, the proposal breaks no hard rule, or `diff`
     finds the two timetables equal
  {EXIT_VIOLATION}  no timetable exists (or none was found in the time limit), or the
     proposal breaks a hard rule, or `diff` finds the two timetables differ
  {EXIT_INPUT}  usage or input error (the message names file, line and field), or the
     output cannot be written (-o, or standard output closed, full or a pipe closed early)
  {EXIT_INTERRUPTED}  interrupted (Ctrl-C or SIGTERM): nothing written, or during a search
     the best timetable found so far, marked as not proven optimal
"""


class Planner(click.Group):
    """Turns the library's errors into one clear message and a documented exit code; an
    interrupt (Ctrl-C) into exit 130, and standard output that cannot be written (closed,
    full, a pipe closed early) into exit 2 without a traceback."""

    def invoke(self, ctx):
        time_budget.clear()  # a limit is the running command's (--time-limit) only
        try:
            with standard_output(), _terminate_as_interrupt():
                try:
                    return super().invoke(ctx)
                finally:
                    time_budget.clear()
        except PlannerError as exc:
            raise failure(str(exc), exc.exit_code) from None
        except KeyboardInterrupt:
            raise failure("interrupted", EXIT_INTERRUPTED) from None


@contextmanager
def _terminate_as_interrupt():
    """SIGTERM (`kill`, a supervisor stopping planner) ends the command as Ctrl-C does, with
    exit 130: the HiGHS child is killed, a search's best timetable is written as one
    stopped, and no temporary file is left. One exit code for a command stopped from
    outside, whatever the signal, keeps scripts' checks and the documented codes as they
    are."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread sets handlers (a test's runner in a thread)
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _version(ctx, param, value):
    """--version: the installed version, looked up only when asked (importlib.metadata
    takes longer to import than `--help` takes to run)."""
    if value and not ctx.resilient_parsing:
        click.echo(f"planner, version {distribution_version()}")
        ctx.exit()


@click.group(cls=Planner, epilog=EXIT_CODES, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_version,
    help="Show the version and exit.",
)
def main():
    """Date the sessions of an intergovernmental negotiation with a constraint solver.

    A YAML model (venues and rooms, holidays, other bodies' meetings, sessions with
    lengths and windows, document lead times) goes to OR-Tools CP-SAT, which dates
    every session; `check` tests proposed dates against the very same rules. With no
    MODEL, the default model is the Ad Hoc Committee on cybercrime (A/AC.291/2).
    """


def _load(model, weights: dict[str, int]):
    """The model (a ModelSource from `opt.model_input`) ready for the rules, warnings on stderr."""
    from .app import load

    problem = load(model, weights)
    for warning in problem.model.warnings():
        click.echo(f"Warning: {warning}", err=True)
    return problem


def _problem(model, weights: dict[str, int], baseline=None, today=None, firm=()):
    """The model re-planned with --baseline, --today and --firm, and notes on reading the
    baseline."""
    from .app import keeping_pinned, replan

    return replan(_load(keeping_pinned(model, weights, baseline, today), weights), baseline, today, firm)


def _notes(notes: list[str]) -> None:
    for note in notes:
        click.echo(f"Note: {note}", err=True)


def _write(rendered: Rendered, output: str | None, outcome=None) -> None:
    write(rendered.text, output, rendered.holds, getattr(outcome, "interrupted", False))


@contextmanager
def _json_when_infeasible(problem, fmt: str, output: str | None):
    """In JSON, a model without a timetable is a document too: written, then the error."""
    try:
        yield
    except Infeasible as exc:
        if fmt == "json":
            from .render.documents import infeasible

            _write(infeasible(problem, exc), output)
        raise


@main.command()
@opt.model_input()
@opt.format_option(TIMETABLE, "Output format (ics: an iCalendar file with the defaults of `export ics`).")
@opt.output_option
@opt.time_limit_option
@opt.seed_option
@opt.workers_option
@opt.log_option
@opt.backend_option
@opt.weight_option
@opt.baseline_option
@opt.today_option
@opt.firm_option
@opt.advice_option
@opt.alternatives_option
def solve(
    model, fmt, output, time_limit, seed, workers, log, backend, weights, baseline, today, firm, advice, k
):
    """Date every session of MODEL and print the timetable.

    With --baseline, re-plan: change the given timetable as little as the rules allow
    and say what moved, by how much, and what forced it."""
    from .app import run_solve

    if k is not None and fmt not in ("table", "json"):
        raise click.UsageError(f"--alternatives works with --format table or json, not {fmt}")
    problem, notes = _problem(model, weights, baseline, today, firm)
    _notes(notes)
    with _json_when_infeasible(problem, fmt, output):
        outcome = run_solve(problem, time_limit, seed, workers, log, advice == "changes", backend, k)
    _write(TIMETABLE[fmt].render(outcome, Options(width(output))), output, outcome)


@main.command()
@click.argument("proposal", type=click.Path(dir_okay=False, allow_dash=True))
@opt.model_input(positional=False)
@opt.format_option(CHECK)
@opt.output_option
@opt.limit_option  # check builds no model: no --force
@opt.weight_option
@opt.baseline_option
@opt.today_option
def check(proposal, model, fmt, output, time_limit, weights, baseline, today):
    """Test the dates in PROPOSAL (YAML or JSON, - for stdin) against every rule.

    PROPOSAL holds a `sessions` list of `id`, `start`, `end` and optional `venue`,
    `room`: the shape `planner solve --format json` writes. Each finding names the
    session, the rule, its level and the numbers behind it.
    """
    from .app import run_check

    problem, notes = _problem(model, weights, baseline, today)
    outcome = run_check(problem, notes, proposal)
    _write(CHECK[fmt].render(outcome, Options(width(output))), output)
    sys.exit(EXIT_VIOLATION if any(f.breach for f in outcome.findings) else EXIT_OK)


@main.command()
@opt.model_input()
@opt.weight_option
def rules(model, weights):
    """List every rule: name, level and weight in MODEL, and what it asks; then what
    MODEL's `rules:` set for the model, a body or a session, and where."""
    from .render.table import rules_text

    click.echo(rules_text(_load(model, weights)), nl=False)


@main.command()
@opt.model_input()
@opt.explain_source_option
@opt.format_option(EXPLAIN)
@opt.output_option
@opt.time_limit_option
@opt.weight_option
@opt.baseline_option
@opt.today_option
@opt.firm_option
@opt.advice_option
def explain(model, source, fmt, output, time_limit, weights, baseline, today, firm, advice):
    """Say why each session sits where it does, or why no timetable exists.

    For each session: the rules that hold it (the nearest dates earlier or later would
    break them or cost more), the days of slack every hard rule leaves, and what the
    nearest dates either way would break or cost. When MODEL has no timetable: a
    minimal set of conflicting rules and the smallest relaxation that restores one.
    With --from, explaining keeps within --time-limit: an explanation the limit cuts
    short is written with the sessions explained until then, a note naming the rest,
    and exit 1.
    """
    from .app import run_explain

    problem, notes = _problem(model, weights, baseline, today, firm)
    _notes(notes)
    with _json_when_infeasible(problem, fmt, output):
        outcome = run_explain(problem, source, time_limit, advice == "changes")
    _write(EXPLAIN[fmt].render(outcome), output, outcome)
    _cut_short(outcome)


def _cut_short(outcome) -> None:
    """An explanation the time limit cut short is written, then said, and exits 1."""
    if outcome.unexplained:
        _notes(outcome.notes[-1:])  # the last note says what was explained
        sys.exit(EXIT_VIOLATION)


@main.command()
@click.argument("years", nargs=-1, required=True, type=opt.Whole(*YEARS))
@opt.calendars_option
@opt.country_option
@opt.subdivision_option
@opt.model_input(positional=False)
def holidays(years, calendars, country, subdivision, model):
    """Print holiday entries of YEARS (1900-2199) as a `holidays:` block for a model file.

    Each day says its status (published or derived) and its source; a derived date to
    confirm (an Eid) names the list to confirm it against. Its days merge by date into
    the calendar of the same id, shipped or not: paste a published list into your own
    model file with the year in the calendar's `published`, never into the installed data.
    """
    from .app import run_holidays

    if subdivision and not country:
        raise click.UsageError("--subdivision goes with --country")
    if country and calendars:
        raise click.UsageError("give --country or --calendar, not both")
    problem = _load(model, {}) if model and not country else None
    click.echo(run_holidays(years, calendars, country, subdivision, problem), nl=False)


@main.command()
@opt.model_input()
def validate(model):
    """Check MODEL and report every problem at once, each with file:line: field.

    Exit code 0 when the model is valid (warnings on stderr), 2 when it is not.
    """
    from .authoring import summary

    problem = _load(model, {})
    click.echo(f"{model}: valid: {summary(problem.model)}")


@main.command("model")
@opt.model_input()
@opt.output_option
def model_command(model, output):
    """Print MODEL as planner reads it: includes merged, every default filled in,
    derived holidays computed, and after each value the file and line it came from."""
    from .authoring import resolved_yaml

    _load(model, {})  # the whole model must be valid first
    write(resolved_yaml(model), output, "the resolved model")


@main.command()
@opt.fragment_option
@opt.schema_format_option
@opt.output_option
def schema(fragment, fmt, output):
    """Print the JSON Schema of a model file (or its field reference), from the same
    definitions that validate one. Editors with a YAML language server complete and
    check fields with it: start a model with
    `# yaml-language-server: $schema=model.schema.json`."""
    from .authoring import field_reference, schema_text

    write(
        schema_text(fragment) if fmt == "json" else field_reference(),
        output,
        "the JSON Schema" if fmt == "json" else "the field reference",
    )


@main.command()
@click.argument("folder", type=click.Path(file_okay=False))
@opt.template_option
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
@opt.centre_options
@opt.output_option
def generate(meetings, years, start, seed, load, output):
    """Write a conference centre's model: many bodies of the VIC's pattern sharing its
    rooms, interpreters and translators, every session optional at its body's priority."""
    from .domain.text import plural
    from .generate import centre_yaml

    write(
        centre_yaml(meetings, years, seed, load, start),
        output,
        f"{plural(meetings, 'session')} over {plural(years, 'year')}",
    )


@main.command()
@opt.model_input()
@opt.meetings_source_option
@opt.output_option
def meetings(model, source, output):
    """Write MODEL's other meetings (published and projected) as CSV, one a line, in the
    columns a model's `include:` reads back: the calendar of conferences for a
    spreadsheet. With --from, the timetable's sessions too, as meetings of their body."""
    from .app import run_meetings

    text, holds, notes = run_meetings(_load(model, {}), source)
    _notes(notes)
    write(text, output, holds)


@main.group()
def export():
    """Write the timetable in a format for other programs: solve MODEL as `planner solve`
    does, or with --from render a timetable written earlier without solving.

    `export {plain}` write what `planner solve --format {plain}`
    writes for the same timetable; `export ics` adds the options of calendar files.
    """


def _exporting(ctx, model, source, weights: dict[str, int], baseline: str | None = None):
    """The model, re-planned from `baseline` if given, and the notes on reading it, for
    a command that renders a timetable solved or read --from; the options of solving
    are refused with --from."""
    opt.refuse_solving_options(ctx, source)
    return _problem(model, weights, baseline)


def _export_format(name: str, fmt: Format) -> None:
    @export.command(
        name,
        help=f"""Write the timetable as {fmt.description}.

    The same as `planner solve --format {name}` for the same timetable: solves MODEL as
    `planner solve` does or, with --from, renders a timetable written earlier without
    solving (status GIVEN unless the file's recorded status still holds).""",
    )
    @opt.export_options
    def command(ctx, model, source, output, weights, **solving):
        from .app import run_export

        problem, notes = _exporting(ctx, model, source, weights)
        with _json_when_infeasible(problem, name, output):
            outcome = run_export(problem, notes, source, "left out", **solving)
        _notes(outcome.notes)
        _write(fmt.render(outcome), output, outcome)


@export.command("ics")
@opt.export_options
@opt.ics_options
def export_ics(
    ctx, model, source, output, weights, events, deadlines, alarm_days, dtstamp, previous, **solving
):
    """Write the timetable as an iCalendar file (.ics) for calendar programs.

    Solves MODEL as `planner solve` does, or, with --from, exports a timetable written
    earlier without solving (the model still gives meeting hours, rooms and names).
    Re-export with --previous LAST.ics so that calendar programs update the events
    instead of duplicating them; the same input gives a byte-identical file.
    """
    from .app import run_export
    from .render import ics

    stamp = ics.parse_dtstamp(dtstamp) if dtstamp else None
    options = ics.Options(events=events, deadlines=deadlines, alarm_days=alarm_days, dtstamp=stamp)
    old = ics.read_previous(previous) if previous else None
    problem, notes = _exporting(ctx, model, source, weights)
    outcome = run_export(problem, notes, source, "no events for them", old, previous, **solving)
    _notes(outcome.notes)
    _write(TIMETABLE["ics"].render(outcome, Options(calendar=options)), output, outcome)


# every other format of the registry is an `export` subcommand with the options all share
_plain = [name for name, fmt in TIMETABLE.items() if fmt.export and name not in export.commands]
for _name in _plain:
    _export_format(_name, TIMETABLE[_name])
export.help = (export.help or "").format(plain="|".join(_plain))


@main.command()
@opt.export_options
@opt.show_by_option(SHOW)
def show(ctx, model, source, output, weights, by, **solving):
    """Show the plan in the terminal: by month (the default), a calendar with a row per
    month, sessions as bars, holidays, other bodies' meetings and document deadlines
    marked; by room, a grid of every room of the venues used, day by day, a page per
    month, with a lane for each meeting that overlaps another. Each has a legend.

    Solves MODEL as `planner solve` does, or shows a timetable written earlier with
    --from. It fits the terminal's width (80 columns up) and reads without colour
    (NO_COLOR, files and pipes, which get 100 columns)."""
    from .app import run_export

    problem, notes = _exporting(ctx, model, source, weights)
    outcome = run_export(problem, notes, source, "not shown", **solving)
    _notes(outcome.notes)
    _write(SHOW[by].render(outcome, Options(width(output), colour(output))), output, outcome)


@main.command()
@opt.export_options
@opt.report_baseline_option
def report(ctx, model, source, output, weights, baseline, **solving):
    """Write the plan as one self-contained HTML page for Member States: the timetable,
    a timeline of sessions, document pipelines, holidays and other bodies' meetings,
    what the timetable trades, why each session sits where it does, the changes from
    --baseline, and the model's assumptions with their sources.

    Solves MODEL as `planner solve` does, or reports on a timetable written earlier with
    --from: explaining it keeps within --time-limit, and a report the limit cuts short is
    written with the sessions explained until then, a note naming the rest, and exit 1.
    No network, no external files; the same input gives the same bytes. Give
    -o report.html (without it, the HTML goes to standard output)."""
    from .app import run_export, run_report

    problem, notes = _exporting(ctx, model, source, weights, baseline)
    solved = run_export(problem, notes, source, "not in the report", **solving)
    _notes(solved.notes)  # before the explanations, which take a while
    outcome = run_report(solved, baseline, model)
    _write(REPORT.render(outcome), output, outcome)
    _cut_short(outcome)


@main.command("diff")
@click.argument("a", type=click.Path(dir_okay=False, allow_dash=True))
@click.argument("b", type=click.Path(dir_okay=False, allow_dash=True))
@opt.model_input(positional=False)
@opt.format_option(DIFF)
@opt.output_option
def diff_command(a, b, model, fmt, output):
    """Compare two timetables or proposals A and B of MODEL (YAML or JSON, the shape
    `planner solve --format json` writes; - for stdin, for one of them).

    Lists the sessions moved (dates, days moved, venue or room), added (in B only) and
    dropped (in A only), the document deadlines moved, the hard rules B newly breaks or
    newly satisfies, and the change in soft-rule cost. Exit code 0 when the two place
    every session alike, 1 when they differ, 2 on bad input.
    """
    from .app import run_diff

    if a == "-" and b == "-":
        raise click.UsageError("only one of A and B can be - (standard input)")
    outcome = run_diff(_load(model, {}), a, b)
    _write(DIFF[fmt].render(outcome), output)
    sys.exit(EXIT_OK if outcome.diff.equal else EXIT_VIOLATION)


if __name__ == "__main__":  # pragma: no cover
    main()
