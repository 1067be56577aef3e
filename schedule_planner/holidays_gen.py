"""Derive holiday entries for further years, as YAML to paste into data/holidays.yaml.

`planner holidays 2025` prints, for each calendar of the default data, the entries of
that year, each marked `derived` with how it was derived:
- un-vienna: the UN's official holidays at Vienna follow a fixed pattern (UNIS Vienna's
  published 2023 list): New Year, Good Friday, Easter Monday, 1 May, Eid al-Fitr,
  Eid al-Adha, Austrian National Day (26 Oct), 25 and 26 Dec; a holiday on a weekend is
  observed on the next free weekday. The Eids follow the `holidays` library's Islamic
  calendar and may differ by a day from the date the UN announces (moon sighting).
- austria: Austrian public holidays from the `holidays` library.
- ga-69-250: days GA res. 69/250 asks bodies to avoid: Orthodox Good Friday and the Eids.
Check derived entries against the UN's published list when it appears.
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter

from .errors import PlannerError


def _eids(year: int) -> tuple[date, date]:
    from holidays.calendars import _IslamicLunar  # the library's table of Islamic dates

    cal = _IslamicLunar()
    fitr = next((d for d, _ in cal.eid_al_fitr_dates(year) if d.year == year), None)
    adha = next((d for d, _ in cal.eid_al_adha_dates(year) if d.year == year), None)
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
            out.append((observed, f"{name} (in lieu of {day:%a} {day.day} {day:%b})",
                        f"derived: {how}, weekend moved to next free weekday"))
        else:
            out.append((day, name, f"derived: {how}"))
    return sorted(out)


def austria(year: int) -> list[tuple[date, str, str]]:
    import holidays

    return sorted((d, n, "holidays library, AT") for d, n in holidays.country_holidays("AT", years=year).items())


def observances(year: int) -> list[tuple[date, str, str]]:
    fitr, adha = _eids(year)
    return sorted([
        (easter(year, EASTER_ORTHODOX) - timedelta(days=2), "Orthodox Good Friday",
         "derived: Orthodox Easter (dateutil) - 2 days"),
        (fitr, "Eid al-Fitr", "derived: holidays library's Islamic calendar"),
        (adha, "Eid al-Adha", "derived: holidays library's Islamic calendar"),
    ])


CALENDARS = {"un-vienna": un_vienna, "austria": austria, "ga-69-250": observances}


def as_yaml(years: list[int]) -> str:
    lines = ["# Paste each block under the `days:` list of the calendar it names in",
             "# data/holidays.yaml, after checking it against the published lists."]
    for cal_id, derive in CALENDARS.items():
        lines.append(f"# --- {cal_id}")
        for year in years:
            for day, name, source in derive(year):
                lines.append(f"      - {{date: {day.isoformat()}, name: \"{name}\", source: \"{source}\"}}")
    return "\n".join(lines) + "\n"
