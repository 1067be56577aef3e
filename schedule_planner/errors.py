"""The errors planner reports to its users, each with the exit code the CLI returns.

Exit codes (documented in `planner --help` and docs/guide/exit-codes.md):
  0  success: a timetable was found, or a proposal breaks no hard rule
  1  no timetable exists, a proposal breaks a hard rule, or `diff` finds a difference
  2  usage or input error (bad file, bad option), or the output cannot be written
     (-o, or standard output closed, full, or a pipe closed early: then quietly)
  130  interrupted (Ctrl-C, as shells report it)
"""

from __future__ import annotations

from .domain.text import visible

EXIT_OK = 0
EXIT_VIOLATION = 1
EXIT_INPUT = 2
EXIT_INTERRUPTED = 130

# How much of the input an error shows: the problems listed (the rest are counted), and
# the characters of one value echoed in a message (a longer one is cut, its length said).
MAX_PROBLEMS = 50
MAX_SHOWN = 80
MAX_LISTED = 20  # the ids a message lists as known


def shown(value: object) -> str:
    """A value as a message echoes it: at most MAX_SHOWN characters, then "…" and its length."""
    text = str(value)
    if len(text) <= MAX_SHOWN:
        return text
    return f"{text[:MAX_SHOWN]}… ({len(text):,} characters)"


def listed(items) -> str:
    """Ids as a message lists them: the first MAX_LISTED, then how many more."""
    items = list(items)
    more = len(items) - MAX_LISTED
    return ", ".join(items[:MAX_LISTED]) + (f" and {more:,} more" if more > 0 else "")


class PlannerError(Exception):
    """An error the user can act on; the CLI prints its message without a traceback."""

    exit_code = EXIT_INPUT


class InputError(PlannerError):
    """A file that cannot be read, parsed or validated: names file, line and field."""

    def __init__(
        self, message: str, file: str | None = None, line: int | None = None, field: str | None = None
    ):
        self.file, self.line, self.field = file, line, field
        where = ""
        if file:
            where = f"{file}:{line}: " if line else f"{file}: "
        what = f"{field}: " if field else ""
        super().__init__(visible(f"{where}{what}{message}"))  # a value echoed: no escape acted on


class Infeasible(PlannerError):
    """The model admits no timetable; the message names the rules involved."""

    exit_code = EXIT_VIOLATION

    def __init__(self, message: str, diagnosis=None, status: str = "INFEASIBLE"):
        super().__init__(message)
        self.diagnosis = diagnosis
        self.status = status  # INFEASIBLE: proven; UNKNOWN: none found within the time limit


class InputErrors(InputError):
    """Several problems in one input, each an InputError naming its file, line and field:
    the first MAX_PROBLEMS of them (`problems`) and how many were found (`total`)."""

    def __init__(self, problems: list[InputError], total: int | None = None):
        self.problems = problems[:MAX_PROBLEMS]
        self.total = max(total or 0, len(problems))
        first = problems[0]
        self.file, self.line, self.field = first.file, first.line, first.field
        listed = "\n".join(f"  {p}" for p in self.problems)
        more = self.total - len(self.problems)
        PlannerError.__init__(
            self, f"{self.total:,} problems:\n{listed}" + (f"\n  ... and {more:,} more" if more else "")
        )


def raise_all(problems: list[InputError], total: int | None = None) -> None:
    """Raise the problems found, one or several, if any (`total`: how many were found,
    when only the first of them were kept)."""
    if len(problems) == 1 and (total or 1) == 1:
        raise problems[0]
    if problems:
        raise InputErrors(problems, total)
