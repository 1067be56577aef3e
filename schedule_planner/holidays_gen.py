"""Derive holiday entries for further years, as a `holidays:` block for a model file
(its days merge by date into the calendar of the same id, shipped or not).

`planner holidays 2025` prints, for each calendar of the shipped data, the entries of
that year, each marked `derived` with how it was derived; `--calendar ID` picks some
(or a calendar of `--model` derived from a country), `--country CC` prints any
country's public holidays from the `holidays` library:
- un-vienna: the UN's official holidays at Vienna follow a fixed pattern (UNIS Vienna's
  published 2023 list): New Year, Good Friday, Easter Monday, 1 May, Eid al-Fitr,
  Eid al-Adha, Austrian National Day (26 Oct), 25 and 26 Dec; a holiday on a weekend is
  observed on the next free weekday. The Eids follow the `holidays` library's Islamic
  calendar and may differ by a day from the date the UN announces (moon sighting).
- austria: Austrian public holidays from the `holidays` library.
- ga-69-250: days GA res. 69/250 asks bodies to avoid: Orthodox Good Friday and the Eids.
- un-new-york: the UN's official holidays at Headquarters follow the pattern of the
  published lists (the 2017 information circular, ST/IC/2019/23 for 2020, the 2024
  list): New Year, Good Friday, Memorial Day (last Monday of May), Independence Day,
  Labour Day (first Monday of September), Thanksgiving (fourth Thursday of November),
  Christmas, Eid al-Fitr and Eid al-Adha. A fixed date on a Saturday is observed on the
  Friday before (4 Jul 2020 on Fri 3 Jul), on a Sunday on the Monday after (1 Jan 2017
  on Mon 2 Jan); New Year's Day on a Saturday moves to the Monday after and stays in its
  year (3 Jan 2005, as reported; ASSUMED for 2022, no list found). An Eid on a weekend
  is observed on the next free weekday (Sun 24 May 2020 on Tue 26 May, after Memorial
  Day; Saturday Eids ASSUMED alike).
- united-states: US federal holidays (with their observed days) from the `holidays`
  library.
Check derived entries against the UN's published list when it appears.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter
from dateutil.relativedelta import MO, TH, relativedelta

from .errors import PlannerError

# the country whose public holidays give the Eids: Tunisia's follow the `holidays` library's
# own Islamic calendar (its tabulated Umm al-Qura dates) with no dates of its own, and name
# each Eid's first day alone "Eid al-Fitr" / "Eid al-Adha" (the days after are "... Holiday")
EIDS_FROM = "TN"


def _eids(year: int) -> tuple[date, date]:
    """The first day of Eid al-Fitr and of Eid al-Adha in the year (the first of two, in a
    year that has two), by the `holidays` library's Islamic calendar."""
    import holidays

    days = holidays.country_holidays(EIDS_FROM, years=year, language="en_US")

    def first(name: str) -> date | None:
        # the library labels a date of its table "(estimated)"; a day may hold two names
        named = {name, f"{name} (estimated)"}
        return min((day for day, names in days.items() if named & set(names.split("; "))), default=None)

    fitr, adha = first("Eid al-Fitr"), first("Eid al-Adha")
    if fitr is None or adha is None:
        raise PlannerError(f"the holidays library has no Islamic calendar for {year}")
    return fitr, adha


def un_vienna(year: int) -> list[tuple[date, str, str]]:
    western = easter(year, EASTER_WESTERN)
    fitr, adha = _eids(year)
    base = [
        (date(year, 1, 1), "New Year's Day", "fixed date"),
        (western - timedelta(days=2), "Good Friday", "Easter (dateutil) - 2 days"),
        (western + timedelta(days=1), "Easter Monday", "Easter (dateutil) + 1 day"),
        (date(year, 5, 1), "Labour Day", "fixed date"),
        (fitr, "Eid al-Fitr", "holidays library's Islamic calendar, +/- 1 day"),
        (adha, "Eid al-Adha", "holidays library's Islamic calendar, +/- 1 day"),
        (date(year, 10, 26), "Austrian National Day", "fixed date"),
        (date(year, 12, 25), "Christmas Day", "fixed date"),
        (date(year, 12, 26), "St Stephen's Day", "fixed date"),
    ]
    taken = {d for d, _, _ in base if d.weekday() < 5}
    out = []
    for day, name, how in sorted(base):
        if day.weekday() >= 5:
            observed = day
            while observed.weekday() >= 5 or observed in taken:
                observed += timedelta(days=1)
            taken.add(observed)
            out.append(
                (
                    observed,
                    f"{name} (in lieu of {day:%a} {day.day} {day:%b})",
                    f"derived: {how}, weekend moved to next free weekday",
                )
            )
        else:
            out.append((day, name, f"derived: {how}"))
    return sorted(out)


def austria(year: int) -> list[tuple[date, str, str]]:
    import holidays

    return sorted(
        (d, n, "holidays library, AT") for d, n in holidays.country_holidays("AT", years=year).items()
    )


def observances(year: int) -> list[tuple[date, str, str]]:
    fitr, adha = _eids(year)
    return sorted(
        [
            (
                easter(year, EASTER_ORTHODOX) - timedelta(days=2),
                "Orthodox Good Friday",
                "derived: Orthodox Easter (dateutil) - 2 days",
            ),
            (fitr, "Eid al-Fitr", "derived: holidays library's Islamic calendar"),
            (adha, "Eid al-Adha", "derived: holidays library's Islamic calendar"),
        ]
    )


def un_new_york(year: int) -> list[tuple[date, str, str]]:
    fitr, adha = _eids(year)
    out = []

    def fixed(day: date, name: str) -> None:
        if day.weekday() == 5 and (day.month, day.day) == (1, 1):
            out.append(
                (
                    day + timedelta(days=2),
                    f"{name} (in lieu of Sat 1 Jan)",
                    "derived: fixed date, New Year's Day on a Saturday moved to Monday",
                )
            )
        elif day.weekday() == 5:
            out.append(
                (
                    day - timedelta(days=1),
                    f"{name} (in lieu of Sat {day.day} {day:%b})",
                    "derived: fixed date, Saturday moved to Friday",
                )
            )
        elif day.weekday() == 6:
            out.append(
                (
                    day + timedelta(days=1),
                    f"{name} (in lieu of Sun {day.day} {day:%b})",
                    "derived: fixed date, Sunday moved to Monday",
                )
            )
        else:
            out.append((day, name, "derived: fixed date"))

    fixed(date(year, 1, 1), "New Year's Day")
    out.append(
        (
            easter(year, EASTER_WESTERN) - timedelta(days=2),
            "Good Friday",
            "derived: Easter (dateutil) - 2 days",
        )
    )
    out.append(
        (date(year, 5, 31) + relativedelta(weekday=MO(-1)), "Memorial Day", "derived: last Monday of May")
    )
    fixed(date(year, 7, 4), "Independence Day")
    out.append(
        (date(year, 9, 1) + relativedelta(weekday=MO(+1)), "Labour Day", "derived: first Monday of September")
    )
    out.append(
        (
            date(year, 11, 1) + relativedelta(weekday=TH(+4)),
            "Thanksgiving Day",
            "derived: fourth Thursday of November",
        )
    )
    fixed(date(year, 12, 25), "Christmas Day")
    how = "holidays library's Islamic calendar, +/- 1 day"
    for day, name in sorted([(fitr, "Eid al-Fitr"), (adha, "Eid al-Adha")]):
        if day.weekday() < 5:
            out.append((day, name, f"derived: {how}"))
            continue
        taken = {d for d, _, _ in out}
        observed = day
        while observed.weekday() >= 5 or observed in taken:
            observed += timedelta(days=1)
        out.append(
            (
                observed,
                f"{name} (in lieu of {day:%a} {day.day} {day:%b})",
                f"derived: {how}, weekend moved to next free weekday",
            )
        )
    return sorted(out)


def united_states(year: int) -> list[tuple[date, str, str]]:
    import holidays

    return sorted(
        (d, n, "holidays library, US") for d, n in holidays.country_holidays("US", years=year).items()
    )


CALENDARS = {
    "un-vienna": un_vienna,
    "austria": austria,
    "ga-69-250": observances,
    "un-new-york": un_new_york,
    "united-states": united_states,
}


def entries(cal_id: str, years: list[int], model=None) -> list[tuple[date, str, str]]:
    """The days of a calendar for these years: one planner derives (the shipped ones), or
    a calendar of the model that is `derived` from a country."""
    if cal_id in CALENDARS:
        return [e for year in years for e in CALENDARS[cal_id](year)]
    cal = model.calendar(cal_id) if model is not None else None
    if cal is not None and cal.derived:
        from .loading import derived_days

        return [(h.date, h.name, h.source) for h in derived_days(cal, years)]
    known = sorted(set(CALENDARS) | {c.id for c in (model.holidays if model else []) if c.derived})
    what = (
        "is a list of its own in the model: add its further years from the published list"
        if cal is not None
        else "is not a calendar planner can derive"
    )
    raise PlannerError(
        f"holiday calendar '{cal_id}' {what} (planner derives: {', '.join(known)}; "
        "any country's public holidays with --country)"
    )


def country(code: str, subdivision: str | None, years: list[int]) -> list[tuple[date, str, str]]:
    from .domain.schema import Derived, HolidayCalendar
    from .errors import InputError
    from .loading import derived_days, derived_problem

    try:
        spec = Derived(country=code, subdivision=subdivision)
    except ValueError:
        raise InputError(f"'{code}' is not a two-letter country code such as KE", field="--country") from None
    lack = derived_problem(spec)
    if lack:
        raise InputError(lack[1], field=f"--{lack[0]}")
    cal = HolidayCalendar(id="c", name="c", kind="national", derived=spec)
    return [(h.date, h.name, h.source) for h in derived_days(cal, years)]


def as_yaml(blocks: dict[str, list[tuple[date, str, str]]], header: list[str]) -> str:
    """Holiday calendars' days as a `holidays:` block for a model file: its days merge
    by date into the calendar of the same id (included or not)."""
    lines = [f"# {line}" for line in header] + ["holidays:"]
    for cal_id, days in blocks.items():
        lines += [f"  - id: {cal_id}", "    days:"]
        lines += [
            f"      - {{date: {day.isoformat()}, name: {json.dumps(name, ensure_ascii=False)}, "
            f"source: {json.dumps(source, ensure_ascii=False)}}}"
            for day, name, source in days
        ]
    return "\n".join(lines) + "\n"
