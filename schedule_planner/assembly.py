"""The General Assembly's sessions for any number, and its occupancy of Headquarters.

Session N opens in 1945 + N. Rule 1 of its rules of procedure (as amended by res.
57/301) opens it on the Tuesday of the third week of September, counting from the first
week that contains at least one working day; a published opening beats that day (the
78th opened on 5 September 2023, a week before it). Its windows (the high-level week, the
Main Committees, the plenary, the main part) follow the model's `assembly_practice`:
data, so that a model may change them. A session the model lists keeps what it lists.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .domain import YEARS
from .domain.schema import (
    ASSEMBLY_WINDOWS,
    DAY_NAMES,
    DAY_RULE,
    AssemblyPractice,
    AssemblySession,
    Meeting,
    Model,
    Span,
    _month_day,
)
from .domain.text import ordinal
from .regular import unreplaced

FIRST_SESSION_YEAR = 1945  # session N opens in 1945 + N


def session_year(number: int) -> int:
    return FIRST_SESSION_YEAR + number


def derivable(number: int) -> bool:
    return number >= 1 and YEARS[0] <= session_year(number) <= YEARS[1]


def rule_one(year: int) -> date:
    """Rule 1's opening day: the Tuesday of the third week of September, counting from the
    first week (Monday to Sunday) that contains a working day (Monday to Friday) of it."""
    first = date(year, 9, 1)
    while first.weekday() >= 5:
        first += timedelta(days=1)
    monday = first - timedelta(days=first.weekday())
    return monday + timedelta(weeks=2, days=1)


def day(rule: str, year: int, opening: date) -> date:
    """The day a practice's day rule (schema.DAY_RULE) names in a session's year."""
    found = re.fullmatch(DAY_RULE, rule)
    assert found is not None, rule  # the schema validates it
    if found["day"]:
        return date(year, *_month_day(found["day"]))
    if found["base"]:
        base = opening if found["base"] == "opening" else rule_one(year)
        n = int(found["n"] or 0)
        return base + timedelta(days=-n if found["sign"] == "-" else n)
    before = date(year, *_month_day(found["before"]))
    back = (before.weekday() - DAY_NAMES.index(found["weekday"])) % 7 or 7
    return before - timedelta(days=back)


def practice_span(
    practice: AssemblyPractice, window: str, year: int, opening: date
) -> tuple[date, date] | None:
    """(first, last day) of a window of the session opening on `opening`, as the practice
    says; None when it gives none. Its last day may precede its first: loading checks."""
    rule = getattr(practice, window)
    if rule is None:
        return None
    return day(rule.start, year, opening), day(rule.end, year, opening)


def opening(practice: AssemblyPractice | None, number: int) -> tuple[date, bool]:
    """Session `number`'s opening and whether it is published (else rule 1's day)."""
    published = practice.openings.get(number) if practice is not None else None
    return (published, True) if published is not None else (rule_one(session_year(number)), False)


def derive(practice: AssemblyPractice, number: int, listed: AssemblySession | None = None) -> AssemblySession:
    """Session `number`: what the model lists of it, the rest from rule 1 and the practice,
    each derived field named in `derived`."""
    year = session_year(number)
    derived = list(listed.derived) if listed is not None else []  # as `planner model` writes it
    if listed is not None:
        opens = listed.opens
    else:
        opens, published = opening(practice, number)
        if not published:
            derived.append("opens")
    windows = {}
    for window in ASSEMBLY_WINDOWS:
        own = getattr(listed, window) if listed is not None else None
        span = None if own is not None else practice_span(practice, window, year, opens)
        if own is not None:
            windows[window] = own
        elif span is not None:
            windows[window] = Span(start=span[0], end=span[1])
            derived.append(window)
    source = listed.source if listed is not None else ""
    if not source:
        source = "derived: rule 1 of the rules of procedure and the practice (assembly_practice)"
    return AssemblySession(session=number, opens=opens, source=source, derived=derived, **windows)


def needed_sessions(model: Model, years: list[int]) -> list[int]:
    """The sessions a model needs: those it lists, those its reports and approvals go to
    (and the next one an approval could go to), and those opening in `years`."""
    numbers = {a.session for a in model.assembly}
    numbers |= {year - FIRST_SESSION_YEAR for year in years}
    for body in model.bodies:
        numbers |= {r.assembly for r in body.reports if r.assembly is not None and r.to is None}
        if body.approval is not None and body.approval.to is None:
            numbers |= {body.approval.assembly, body.approval.assembly + 1}
    return sorted(n for n in numbers if derivable(n))


def with_assembly(model: Model, years: list[int]) -> Model:
    """The model with every General Assembly session it needs (`needed_sessions`), derived
    where it lists none, and the Assembly's occupancy of its venue in `years` as projected
    meetings; unchanged without an `assembly_practice`."""
    practice = model.assembly_practice
    if practice is None:
        return model
    listed = {a.session: a for a in model.assembly}
    sessions = [derive(practice, n, listed.get(n)) for n in needed_sessions(model, years)]
    meetings = list(model.meetings)
    if model.venue(practice.venue) is not None:
        held = occupancy(practice, [s for s in sessions if session_year(s.session) in years])
        meetings += unreplaced(meetings, held)
    return model.model_copy(update={"assembly": sessions, "meetings": meetings})


def occupancy(practice: AssemblyPractice, sessions: list[AssemblySession]) -> list[Meeting]:
    """What each session holds at the practice's venue, window by window, as projected
    meetings."""
    out = []
    for s in sessions:
        for held in practice.occupancy:
            window = getattr(s, held.window)
            if window is None:
                continue
            mark = (
                ", derived: confirm against the Assembly's programme of work"
                if held.window in s.derived
                else ""
            )
            out.append(
                Meeting(
                    id=f"{held.series}-{window.start.isoformat()}",
                    body=held.name,
                    name=f"{held.name} ({ordinal(s.session)} session{mark})",
                    venue=practice.venue,
                    rooms=held.rooms,
                    interpretation=held.interpretation,
                    start=window.start,
                    end=window.end,
                    source=held.source or practice.source,
                    series=held.series,
                    projected=True,
                )
            )
    return out
