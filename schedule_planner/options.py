"""The command line's shared options: one grammar for the model, the time limit, the
search, re-planning and -o in every command that takes them, with their checks.
"""

from __future__ import annotations

import functools
import math
import os
import re

import click

from .domain import YEARS, time_budget
from .domain.text import WHOLE, whole_number
from .output import writing


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


# a decimal number as a model file or an option writes one: the digits 0-9, a point
DECIMAL = re.compile(r"[0-9]+(\.[0-9]*)?|\.[0-9]+")


class Decimal(click.FloatRange):
    """A number in a range, written with the digits 0-9 and a decimal point only: no
    `1_0`, Arabic-Indic digits, `nan`, `inf` or `1e3`, which Python's float() would accept."""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not DECIMAL.fullmatch(value):
            self.fail(f"'{value}' is not a number written with the digits 0-9 and a point", param, ctx)
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
    searching, diagnosing): `domain.time_budget`."""
    if not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a number of seconds")
    time_budget.start(value)
    return value


def _force(ctx, param, value: bool) -> None:
    if value:
        time_budget.force(True)


limit_option = click.option(
    "--time-limit",
    type=Decimal(min=0.1, max=86400),
    default=30.0,
    show_default=True,
    callback=_time_limit,
    metavar="SECONDS",
    help="Stop after this many seconds: the whole command, building the model and searching "
    "(wall clock: a search cut short by it may end differently on a slower machine).",
)


def time_limit_option(f):
    """`--time-limit`, and `--force` to build a model the estimate says cannot be built
    in that time (`domain.time_budget.estimate`): for the commands that build one."""
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
    help="Re-plan from this timetable (solve's JSON or a proposal): the rules moved-session, "
    "days-moved and city-changed price every change from it.",
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

    @functools.wraps(f)
    def command(*args, output=None, **kwargs):
        if output == "":
            raise click.UsageError("-o needs a file name (or - for standard output)")
        model = kwargs.get("model")
        named = [kwargs.get(name) for name in INPUTS] + (
            [model.path, *model.scenarios] if model is not None else []
        )
        with writing(output, named):
            return f(*args, output=output, **kwargs)

    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, writable=True),
        help="Write to FILE (atomically) instead of standard output.",
    )(command)


def combined(*decorators):
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


def source_option(help: str):
    """`--from TIMETABLE`: a timetable (a file, - for stdin) the command takes instead of
    solving; `help` says what it does with it."""
    return click.option(
        "--from",
        "source",
        type=click.Path(dir_okay=False, allow_dash=True),
        metavar="TIMETABLE",
        help=help,
    )


export_options = combined(
    model_input(),
    source_option(
        "Take this timetable (YAML or JSON, the shape `planner solve --format json` "
        "writes, edited or not; - for stdin) instead of solving; meeting days, "
        "deadlines, names and costs come from the model again."
    ),
    output_option,
    time_limit_option,
    seed_option,
    workers_option,
    weight_option,
    click.pass_context,
)


def refuse_solving_options(ctx, source: str | None) -> None:
    """The options of solving given with --from, which takes a timetable instead; not
    --time-limit, which bounds the whole command (a report explains the timetable)."""
    from click.core import ParameterSource

    given = [
        opt
        for name, opt in SOLVING
        if name != "time_limit" and ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE
    ]
    if source and given:
        raise click.UsageError(
            f"{', '.join(given)} {'applies' if len(given) == 1 else 'apply'} "
            "only when solving, not with --from"
        )


def format_option(formats: dict, help: str = "Output format."):
    """-f/--format, a format of the registry's (render.formats), the table by default."""
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(list(formats)),
        default="table",
        show_default=True,
        help=help,
    )


# the options of one command each
def show_by_option(views: dict):
    """`show --by`: a view of the registry's (render.formats.SHOW), the first by default."""
    return click.option(
        "--by",
        type=click.Choice(list(views)),
        default=next(iter(views)),
        show_default=True,
        help="What the rows are: "
        + "; ".join(f"{name}: {view.description}" for name, view in views.items())
        + ".",
    )


log_option = click.option("--log", is_flag=True, help="Print CP-SAT's search log on standard error.")
backend_option = click.option(
    "--backend",
    type=click.Choice(["auto", "cp-sat", "highs"]),
    default="auto",
    show_default=True,
    help="What finds the cheapest timetable: CP-SAT, or HiGHS on the same model as a "
    "MIP, in parts that share no room, team or week (a centre's years), each pruned by "
    "its LP relaxation (measured: a generated 800-meeting centre proven optimal in about "
    "a minute); auto: HiGHS when several bodies share a centre (CP-SAT goes on if it ends "
    "early without a proof), else CP-SAT.",
)
alternatives_option = click.option(
    "--alternatives",
    "k",
    type=Whole(1, 10),
    default=None,
    metavar="K",
    help="Also find the K best timetables (1 to 10), pairwise distinct: some session meets "
    "in one and not the other, or in another city, or opens 4 weeks or more apart, or a week "
    "or more apart trading other days. Table and JSON only.",
)
explain_source_option = source_option(
    "Explain this timetable (YAML or JSON, the shape `solve --format json` writes) instead of solving MODEL."
)
meetings_source_option = source_option(
    "Add this timetable's sessions (YAML or JSON, the shape `solve --format json` "
    "writes), each a meeting of its body, for another model to include."
)
calendars_option = click.option(
    "--calendar",
    "calendars",
    multiple=True,
    metavar="ID",
    help="A calendar to derive (repeatable): one of the shipped data's, or one of "
    "--model's with `derived:`. Default: every derived calendar of the shipped data.",
)
country_option = click.option(
    "--country",
    metavar="CC",
    help="Any country's public holidays (ISO code: KE, FR), from the holidays library.",
)
subdivision_option = click.option(
    "--subdivision", metavar="CODE", help="With --country: a state or province (NY, QC)."
)
fragment_option = click.option(
    "--fragment", is_flag=True, help="Require no top-level key: for files that others include."
)
schema_format_option = click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["json", "markdown"]),
    default="json",
    show_default=True,
    help="json: JSON Schema; markdown: the field reference.",
)
template_option = click.option(
    "--template",
    type=click.Choice(["generic", "seed"]),
    default="generic",
    show_default=True,
    help="generic: three sessions in one year at one venue; seed: the Ad Hoc Committee "
    "of A/AC.291/2, extending the shipped data.",
)
report_baseline_option = click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    metavar="TIMETABLE",
    help="The timetable published before (solve's JSON or a proposal): the report "
    "lists the changes from it and, solving, re-plans from it as `solve --baseline`.",
)
centre_options = combined(
    click.option(
        "--meetings",
        type=Whole(1, 20_000),
        required=True,
        help="How many sessions, all bodies together.",
    ),
    click.option(
        "--years",
        type=Whole(1, 10),
        default=4,
        show_default=True,
        help="Planning window in years, from --start.",
    ),
    click.option(
        "--start",
        type=Whole(*YEARS),
        default=2021,
        show_default=True,
        metavar="YEAR",
        help="The first year of the planning window.",
    ),
    click.option(
        "--seed", type=Whole(0, 2**31 - 1), default=0, show_default=True, help="Same seed, same file."
    ),
    click.option(
        "--load",
        type=Decimal(0.05, 5.0),
        default=0.7,
        show_default=True,
        help="Share of the centre's rooms and translators the sessions need: above 1 the "
        "centre is overloaded and sessions are left out.",
    ),
)
ics_options = combined(
    click.option(
        "--events",
        type=click.Choice(["days", "sessions"]),
        default="days",
        show_default=True,
        help="days: an event per meeting day and meeting-hours block, in the venue's time "
        "zone; sessions: one all-day event per session.",
    ),
    click.option(
        "--deadlines/--no-deadlines",
        default=True,
        show_default=True,
        help="Document deadlines (contributions close, submission, issuance) as all-day events.",
    ),
    click.option(
        "--alarm-days",
        type=Whole(0, 365),
        default=7,
        show_default=True,
        metavar="N",
        help="Remind N days before each deadline (0: no reminder).",
    ),
    click.option(
        "--dtstamp",
        metavar="UTC-TIME",
        help="DTSTAMP of every event, e.g. 2024-01-31T09:00:00Z  [default: 00:00 UTC on the "
        "first day of the model's planning window]",
    ),
    click.option(
        "--previous",
        type=click.Path(dir_okay=False),
        metavar="FILE.ics",
        help="The last export: changed events get a higher SEQUENCE, events no longer "
        "in the timetable are cancelled.",
    ),
)
