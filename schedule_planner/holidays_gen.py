"""Derived holiday calendars: the UN's official holidays at each duty station by its
published pattern, the GA res. 69/250 observances, and any country's public holidays
from the `holidays` library. A calendar with `derived: {pattern: ..}` or
`derived: {country: ..}` has them computed at load for every year a model needs
(`derived_days`); `planner holidays YEAR` prints them.

The patterns (`PATTERNS`):
- un-vienna: the UN's official holidays at Vienna follow a fixed pattern (UNIS Vienna's
  published 2023 list): New Year, Good Friday, Easter Monday, 1 May, Eid al-Fitr,
  Eid al-Adha, Austrian National Day (26 Oct), 25 and 26 Dec; a holiday on a weekend is
  observed on the next free weekday. The Eids follow the `holidays` library's Islamic
  calendar and may differ by a day from the date the UN announces (moon sighting).
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
- un-geneva: New Year, Good Friday, Easter Monday, Ascension (Easter + 39 days), Eid
  al-Fitr, Eid al-Adha, Christmas; and until 2024 Whit Monday (Easter + 50 days) and the
  Jeune genevois (the Thursday after the first Sunday of September), which the list for
  2025 replaced by 26 and 27 December (UNOG Staff Union, "Results of the official
  holidays survey", 12 Dec 2023, unogstaffunion.org). The days themselves are recalled
  from UNOG's lists, not read from one: ASSUMED, like the weekend rule (next free
  weekday, as at Vienna) and that the 2025 change lasts.
- un-nairobi: New Year, Good Friday, Easter Monday, Labour Day (1 May), Madaraka Day
  (1 Jun), Eid al-Fitr, Eid al-Adha, Mashujaa Day (20 Oct), Jamhuri Day (12 Dec),
  Christmas: Kenya's public holidays (Constitution of Kenya, art. 9; the `holidays`
  library, KE) with the UN's Eids, ten days as at the other duty stations. No UNON
  list was found: ASSUMED, like the weekend rule (next free weekday).
The Eids are the `holidays` library's Islamic calendar (its table runs 1925-2100), else
the tabular Islamic calendar (civil epoch): derived days "to confirm" against the list
the calendar's `derived.confirm` names. Check derived entries against the published
list when it appears, and list it with the year in the calendar's `published`.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable
from datetime import date, timedelta

from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter
from dateutil.relativedelta import MO, SU, TH, relativedelta

from .domain.schema import Derived, Holiday, HolidayCalendar
from .errors import InputError, shown

# the country whose public holidays give the Eids: Tunisia's follow the `holidays` library's
# own Islamic calendar (its tabulated Umm al-Qura dates) with no dates of its own, and name
# each Eid's first day alone "Eid al-Fitr" / "Eid al-Adha" (the days after are "... Holiday")
EIDS_FROM = "TN"
# 1 Muharram AH 1 of the tabular Islamic calendar (civil epoch), 16 July 622 Julian
HIJRI_EPOCH = date(622, 7, 19).toordinal()
# what a derived Eid is confirmed against when the calendar names no list
CONFIRM = "the published list"

# a derived day before it is a Holiday: (date, name, how it is derived, uncertain)
Entry = tuple[date, str, str, bool]


def _tabular(year: int, month: int, day: int) -> date | None:
    """The first date in the Gregorian year of this Islamic month and day, by the tabular
    Islamic calendar (30-year cycle, leap years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29)."""
    hijri = int((year - 622) * 33 / 32)
    found = []
    for y in range(hijri - 3, hijri + 4):
        ordinal = HIJRI_EPOCH + day - 1 + math.ceil(29.5 * (month - 1)) + (y - 1) * 354 + (3 + 11 * y) // 30
        if date.fromordinal(ordinal).year == year:
            found.append(date.fromordinal(ordinal))
    return min(found, default=None)


@functools.cache
def _eid_days(year: int) -> tuple[tuple[date, str, str], ...]:
    """The first day of Eid al-Fitr and of Eid al-Adha in the year (the first of two, in a
    year that has two), by the `holidays` library's Islamic calendar, or beyond its table
    by the tabular Islamic calendar: (date, name, how it is derived)."""
    import holidays

    days = holidays.country_holidays(EIDS_FROM, years=year, language="en_US")

    def first(name: str, month: int, day: int) -> tuple[date, str, str]:
        # the library labels a date of its table "(estimated)"; a day may hold two names
        named = {name, f"{name} (estimated)"}
        found = min((d for d, names in days.items() if named & set(names.split("; "))), default=None)
        if found is not None:
            return found, name, "holidays library's Islamic calendar, +/- 1 day"
        return _tabular(year, month, day), name, "tabular Islamic calendar, +/- 2 days"  # type: ignore[return-value]

    return first("Eid al-Fitr", 10, 1), first("Eid al-Adha", 12, 10)


def _eids(year: int) -> tuple[date, date]:
    (fitr, _, _), (adha, _, _) = _eid_days(year)
    return fitr, adha


def _weekend_to_next_free(base: list[Entry]) -> list[Entry]:
    """A day on a weekend observed on the next weekday no other day takes."""
    taken = {d for d, _, _, _ in base if d.weekday() < 5}
    out = []
    for day, name, how, uncertain in sorted(base):
        if day.weekday() < 5:
            out.append((day, name, how, uncertain))
            continue
        observed = day
        while observed.weekday() >= 5 or observed in taken:
            observed += timedelta(days=1)
        taken.add(observed)
        out.append(
            (
                observed,
                f"{name} (in lieu of {day:%a} {day.day} {day:%b})",
                f"{how}, weekend moved to next free weekday",
                uncertain,
            )
        )
    return sorted(out)


def _easter_days(year: int, *offsets: tuple[int, str]) -> list[Entry]:
    western = easter(year, EASTER_WESTERN)
    return [
        (
            western + timedelta(days=n),
            name,
            f"Easter (dateutil) {'+' if n >= 0 else '-'} {abs(n)} day{'s' if abs(n) > 1 else ''}",
            False,
        )
        for n, name in offsets
    ]


def _eid_entries(year: int) -> list[Entry]:
    return [(day, name, how, True) for day, name, how in _eid_days(year)]


def _fixed(year: int, *days: tuple[int, int, str]) -> list[Entry]:
    return [(date(year, m, d), name, "fixed date", False) for m, d, name in days]


def un_vienna(year: int) -> list[Entry]:
    return _weekend_to_next_free(
        _fixed(year, (1, 1, "New Year's Day"), (5, 1, "Labour Day"), (10, 26, "Austrian National Day"))
        + _fixed(year, (12, 25, "Christmas Day"), (12, 26, "St Stephen's Day"))
        + _easter_days(year, (-2, "Good Friday"), (1, "Easter Monday"))
        + _eid_entries(year)
    )


# the first year of UNOG's list without Whit Monday and the Jeune genevois, with 26 and 27 Dec
GENEVA_CHANGE = 2025


def un_geneva(year: int) -> list[Entry]:
    base = (
        _fixed(year, (1, 1, "New Year's Day"), (12, 25, "Christmas Day"))
        + _easter_days(year, (-2, "Good Friday"), (1, "Easter Monday"), (39, "Ascension Day"))
        + _eid_entries(year)
    )
    if year < GENEVA_CHANGE:
        fast = date(year, 9, 1) + relativedelta(weekday=SU(+1)) + timedelta(days=4)
        base += _easter_days(year, (50, "Whit Monday"))
        base.append((fast, "Jeune genevois", "Thursday after the first Sunday of September", False))
    else:
        base += _fixed(year, (12, 26, "26 December"), (12, 27, "27 December"))
    return _weekend_to_next_free(base)


def un_nairobi(year: int) -> list[Entry]:
    return _weekend_to_next_free(
        _fixed(year, (1, 1, "New Year's Day"), (5, 1, "Labour Day"), (6, 1, "Madaraka Day"))
        + _fixed(year, (10, 20, "Mashujaa Day"), (12, 12, "Jamhuri Day"), (12, 25, "Christmas Day"))
        + _easter_days(year, (-2, "Good Friday"), (1, "Easter Monday"))
        + _eid_entries(year)
    )


def observances(year: int) -> list[Entry]:
    orthodox = easter(year, EASTER_ORTHODOX) - timedelta(days=2)
    eids = [(day, name, how.removesuffix(", +/- 1 day"), True) for day, name, how, _ in _eid_entries(year)]
    return sorted([(orthodox, "Orthodox Good Friday", "Orthodox Easter (dateutil) - 2 days", False), *eids])


def un_new_york(year: int) -> list[Entry]:
    out: list[Entry] = []

    def fixed(day: date, name: str) -> None:
        if day.weekday() == 5 and (day.month, day.day) == (1, 1):
            out.append(
                (
                    day + timedelta(days=2),
                    f"{name} (in lieu of Sat 1 Jan)",
                    "fixed date, New Year's Day on a Saturday moved to Monday",
                    False,
                )
            )
        elif day.weekday() == 5:
            out.append(
                (
                    day - timedelta(days=1),
                    f"{name} (in lieu of Sat {day.day} {day:%b})",
                    "fixed date, Saturday moved to Friday",
                    False,
                )
            )
        elif day.weekday() == 6:
            out.append(
                (
                    day + timedelta(days=1),
                    f"{name} (in lieu of Sun {day.day} {day:%b})",
                    "fixed date, Sunday moved to Monday",
                    False,
                )
            )
        else:
            out.append((day, name, "fixed date", False))

    fixed(date(year, 1, 1), "New Year's Day")
    out += _easter_days(year, (-2, "Good Friday"))
    out.append(
        (date(year, 5, 31) + relativedelta(weekday=MO(-1)), "Memorial Day", "last Monday of May", False)
    )
    fixed(date(year, 7, 4), "Independence Day")
    out.append(
        (date(year, 9, 1) + relativedelta(weekday=MO(+1)), "Labour Day", "first Monday of September", False)
    )
    out.append(
        (
            date(year, 11, 1) + relativedelta(weekday=TH(+4)),
            "Thanksgiving Day",
            "fourth Thursday of November",
            False,
        )
    )
    fixed(date(year, 12, 25), "Christmas Day")
    for day, name, how in sorted(_eid_days(year)):
        if day.weekday() < 5:
            out.append((day, name, how, True))
            continue
        taken = {d for d, _, _, _ in out}
        observed = day
        while observed.weekday() >= 5 or observed in taken:
            observed += timedelta(days=1)
        out.append(
            (
                observed,
                f"{name} (in lieu of {day:%a} {day.day} {day:%b})",
                f"{how}, weekend moved to next free weekday",
                True,
            )
        )
    return sorted(out)


PATTERNS: dict[str, Callable[[int], list[Entry]]] = {
    "un-vienna": un_vienna,
    "un-new-york": un_new_york,
    "un-geneva": un_geneva,
    "un-nairobi": un_nairobi,
    "ga-69-250": observances,
}


def derived_problem(spec: Derived) -> tuple[str, str] | None:
    """What a derived calendar asks that planner cannot give: (field, words), or None."""
    import holidays

    if spec.pattern is not None:
        if spec.pattern not in PATTERNS:
            return (
                "pattern",
                f"planner has no holiday pattern '{shown(spec.pattern)}' (it has: {', '.join(PATTERNS)})",
            )
        return None
    supported = holidays.list_supported_countries()
    if spec.country not in supported:
        return "country", f"the holidays library has no calendar for country '{shown(spec.country)}'"
    subdivisions = supported[spec.country]
    if spec.subdivision is not None and spec.subdivision not in subdivisions:
        known = f"it has: {', '.join(subdivisions)}" if subdivisions else "it has none"
        return "subdivision", (
            f"the holidays library has no subdivision '{shown(spec.subdivision)}' of {spec.country} ({known})"
        )
    return None


def derived_days(calendar: HolidayCalendar, years: list[int]) -> list[Holiday]:
    """The calendar's derived days in these years, but for its `published` years (its
    `derived` spec checked by `derived_problem` first): each marked derived, and an
    uncertain one (an Eid) to confirm against the list `derived.confirm` names."""
    spec = calendar.derived
    if spec is None:
        raise ValueError(f"holiday calendar '{calendar.id}' is not derived")
    return list(_derived(spec.model_dump_json(), tuple(y for y in years if y not in calendar.published)))


@functools.lru_cache(maxsize=64)
def _derived(spec_json: str, years: tuple[int, ...]) -> tuple[Holiday, ...]:
    """derived_days' days, computed once a run for a spec (as JSON) and years: every load
    of a model that includes the shipped calendars asks for the same ones."""
    spec = Derived.model_validate_json(spec_json)
    confirm = spec.confirm or CONFIRM
    if spec.pattern is not None:
        return tuple(
            Holiday(
                date=day,
                name=name,
                source=f"pattern {spec.pattern} (planner): {how}",
                status="derived",
                confirm=confirm if uncertain else "",
            )
            for year in years
            for day, name, how, uncertain in PATTERNS[spec.pattern](year)
        )
    import holidays

    assert spec.country is not None  # Derived gives a pattern or a country
    found = holidays.country_holidays(spec.country, subdiv=spec.subdivision)
    known = range(found.start_year, found.end_year + 1)
    # beyond the years the library gives (AT from 1934, KE from 1964, all to 2100), its
    # rules as they stand, ASSUMED unchanged: it computes any year it is let
    found.start_year, found.end_year = min([found.start_year, *years]), max([found.end_year, *years])
    for year in years:
        found.get(date(year, 1, 1))  # the library computes a year when asked for a day of it
    source = f"holidays library {holidays.__version__}, {spec.country}" + (
        f"-{spec.subdivision}" if spec.subdivision else ""
    )
    beyond = f"{source}, its rules applied beyond its years {known[0]}-{known[-1]} (ASSUMED)"
    return tuple(
        Holiday(
            date=day,
            name=name,
            source=source if day.year in known else beyond,
            status="derived",
            confirm=confirm if "estimated" in name else "",  # the library's Islamic dates
        )
        for day, name in sorted(found.items())
        if day.year in years
    )


def country(code: str, subdivision: str | None, years: list[int]) -> list[Holiday]:
    try:
        spec = Derived(country=code, subdivision=subdivision)
    except ValueError:
        raise InputError(f"'{code}' is not a two-letter country code such as KE", field="--country") from None
    lack = derived_problem(spec)
    if lack:
        raise InputError(lack[1], field=f"--{lack[0]}")
    cal = HolidayCalendar(id="c", name="c", kind="national", derived=spec)
    return derived_days(cal, years)


def as_yaml(blocks: dict[str, list[Holiday]], header: list[str]) -> str:
    """Holiday calendars' days as a `holidays:` block for a model file: its days merge
    by date into the calendar of the same id (included or not)."""
    lines = [f"# {line}" for line in header] + ["holidays:"]
    for cal_id, days in blocks.items():
        lines += [f"  - id: {cal_id}", "    days:"]
        for h in days:
            extra = f", status: {h.status}" + (f", confirm: {json.dumps(h.confirm)}" if h.confirm else "")
            lines.append(
                f"      - {{date: {h.date.isoformat()}, name: {json.dumps(h.name, ensure_ascii=False)}, "
                f"source: {json.dumps(h.source, ensure_ascii=False)}{extra}}}"
            )
    return "\n".join(lines) + "\n"
