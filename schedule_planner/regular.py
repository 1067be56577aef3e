"""Regular bodies' meetings projected forward: each series of the model's `regular:`
list recurs by its rule (dateutil's rrule), and its occurrences in the years a model
needs join the model's other meetings, marked `projected`.

Published beats projected: a meeting the model lists with `series: X` replaces X's
projected occurrence in its year (of several in that year, the one nearest to it), and
a projected occurrence whose id a listed meeting already has is that meeting.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from dateutil import rrule

from .domain.schema import WEEKDAYS, Meeting, Model, Regular

# dateutil's weekdays in the order of schema.WEEKDAYS (Monday first)
_WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)


def opening_days(series: Regular, years: list[int]) -> list[date]:
    """The days the series opens on in these years, by its rule."""
    if not years:
        return []
    rule = series.recurs
    weekday = _WEEKDAYS[WEEKDAYS.index(rule.weekday)]
    found = rrule.rrule(
        rrule.YEARLY,
        interval=rule.every,
        dtstart=datetime(rule.since, 1, 1),
        until=datetime(max(years), 12, 31),
        bymonth=rule.months,
        byweekday=weekday(rule.week),
    )
    return [d.date() for d in found if d.year in years]


def occurrences(series: Regular, years: list[int]) -> list[Meeting]:
    """The series' projected meetings in these years."""
    return [
        Meeting(
            id=f"{series.id}-{day.isoformat()}",
            body=series.body,
            name=series.name,
            venue=series.venue,
            start=day,
            end=day + timedelta(days=series.days - 1),
            rooms=series.rooms,
            interpretation=series.interpretation,
            source=series.source,
            series=series.id,
            projected=True,
        )
        for day in opening_days(series, years)
    ]


def unreplaced(listed: list[Meeting], projected: list[Meeting]) -> list[Meeting]:
    """The projected meetings the listed ones leave standing: not one whose id a listed
    meeting has, nor, for each published meeting of a series, that series' occurrence in
    its year nearest to it. One rule for every projection: the regular series' and the
    General Assembly's occupancy of its venue."""
    taken = {m.id for m in listed}
    standing = [m for m in projected if m.id not in taken]
    for published in listed:
        if published.series is None or published.projected:
            continue
        same = [m for m in standing if m.series == published.series and m.start.year == published.start.year]
        if same:
            standing.remove(min(same, key=lambda m: (abs((m.start - published.start).days), m.start)))
    return standing


def with_projected_meetings(model: Model, years: list[int]) -> Model:
    """The model with its regular series' occurrences in these years added to its
    meetings, less those its published meetings replace."""
    if not model.regular:
        return model
    projected = [m for s in model.regular for m in occurrences(s, years)]
    return model.model_copy(update={"meetings": [*model.meetings, *unreplaced(model.meetings, projected)]})
