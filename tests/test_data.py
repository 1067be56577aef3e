"""The default data says where each figure comes from, and derived holidays are what
the documented derivation gives."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import holidays as holidays_lib
import pytest
from dateutil.easter import easter

from conftest import VIENNA_2023, load_model
from schedule_planner.holidays_gen import _eids, _tabular, observances, un_new_york, un_vienna
from schedule_planner.loading import default_model_path

DATA = default_model_path().parent


@pytest.fixture(scope="module")
def model():
    return load_model()


def days_of(model, cal_id, year):
    cal = model.calendar(cal_id)
    return [(h.date, h.name, h.source) for h in cal.days if h.date.year == year]


def status_of(model, cal_id, year):
    return {h.status for h in model.calendar(cal_id).days if h.date.year == year}


def named(entries):
    """A derivation's entries as (date, name)."""
    return [(day, name) for day, name, _, _ in entries]


@pytest.mark.parametrize("year", [2021, 2022, 2024])
def test_derived_un_holidays_match_the_derivation(model, year):
    assert [(d, n) for d, n, _ in days_of(model, "un-vienna", year)] == named(un_vienna(year))
    assert status_of(model, "un-vienna", year) == {"derived"}


def test_un_holidays_2023_are_the_published_list(model):
    assert [d for d, _, _ in days_of(model, "un-vienna", 2023)] == VIENNA_2023
    assert all("UNIS Vienna" in src for _, _, src in days_of(model, "un-vienna", 2023))
    assert status_of(model, "un-vienna", 2023) == {"published"}


@pytest.mark.parametrize("year", [2021, 2022, 2023, 2024])
def test_austrian_holidays_match_the_holidays_library(model, year):
    assert {d for d, _, _ in days_of(model, "austria", year)} == set(holidays_lib.AT(years=year))


@pytest.mark.parametrize("year", [2021, 2022, 2024])
def test_observances_match_the_derivation(model, year):
    assert [(d, n) for d, n, _ in days_of(model, "ga-69-250", year)] == named(observances(year))


@pytest.mark.parametrize(
    ("year", "fitr", "adha"),
    [
        (2000, date(2000, 1, 8), date(2000, 3, 16)),  # and Eid al-Fitr again on 27 Dec: the first
        (2007, date(2007, 10, 13), date(2007, 12, 20)),  # 1 Jan: the 2006 Eid al-Adha's second day
        (2023, date(2023, 4, 21), date(2023, 6, 28)),
        (2033, date(2033, 1, 2), date(2033, 3, 11)),
    ],
)
def test_eids_are_the_holidays_librarys_islamic_calendar(year, fitr, adha):
    """The first days of the Eids as the library's own Islamic calendar dates them (the
    dates its private table gave before planner read them through public holidays)."""
    assert _eids(year) == (fitr, adha)


def test_eids_beyond_the_holidays_librarys_islamic_calendar_are_the_tabular_calendars():
    """The library's table ends in 2100; the tabular Islamic calendar dates the Eids of
    any later year (1 Shawwal and 10 Dhu al-Hijjah), within two days of the library's
    where both date them."""
    fitr, adha = _eids(2150)
    assert (fitr, adha) == (date(2150, 5, 28), date(2150, 8, 4))
    assert adha - fitr == timedelta(days=68)  # 1 Shawwal + 29 + 30 + 9 days
    assert _eids(2199) == (date(2199, 11, 20), date(2199, 2, 6))  # the year's first Eid al-Adha
    for year in (1925, 1990, 2023, 2060, 2100):
        library = _eids(year)
        tabular = (_tabular(year, 10, 1), _tabular(year, 12, 10))
        assert all(abs((a - b).days) <= 2 for a, b in zip(library, tabular)), year


def test_observed_eids_agree_with_the_un_list_where_published(model):
    """2023: the UN at Vienna kept Eid al-Fitr on Sat 22 Apr (observed Mon 24) and Eid
    al-Adha on 29 Jun; the GA 69/250 calendar must not date them otherwise."""
    eids = {name: d for d, name, _ in days_of(model, "ga-69-250", 2023) if name.startswith("Eid")}
    assert eids == {"Eid al-Fitr": date(2023, 4, 22), "Eid al-Adha": date(2023, 6, 29)}


def test_every_meeting_and_holiday_has_a_source(model):
    assert all(m.source for m in model.meetings)
    assert all(h.source for cal in model.holidays for h in cal.days)


def test_assumed_figures_are_marked_in_the_yaml():
    """Every seat count and interpretation capacity says where it comes from: ASSUMED,
    or a source named on its line."""
    venues = (DATA / "venues.yaml").read_text()
    for line in venues.splitlines():
        if "seats:" in line or "interpretation_capacity:" in line:
            assert "ASSUMED" in line or "# source:" in line, line
    committee = (DATA / "ahc-cybercrime.yaml").read_text()
    assert "ASSUMED" in committee and "49/221" in committee and "A/AC.291/2" in committee


def test_meetings_cover_the_bodies_named_in_the_domain_facts(model):
    assert {m.body for m in model.meetings} >= {"CND", "CCPCJ", "COPUOS", "IAEA", "UNIDO", "UNTOC", "UNCAC"}


# --- United Nations Headquarters, New York

WINDOW_YEARS = [2021, 2022, 2023, 2024]  # the default model's planning window (checked below)


def test_window_years_are_the_default_planning_window(model):
    assert list(range(model.window.start.year, model.window.end.year + 1)) == WINDOW_YEARS


def test_new_york_venue_loads(model):
    venue = model.venue("unhq")
    assert venue is not None and venue.name == "United Nations Headquarters"
    assert (venue.city, venue.country) == ("New York", "United States")
    assert venue.meeting_hours == ["10:00-13:00", "15:00-18:00"]
    assert [r.name for r in venue.rooms] == [
        "General Assembly Hall",
        "Conference Room 1",
        "Conference Room 2",
        "Conference Room 3",
        "Conference Room 4",
        "Trusteeship Council Chamber",
    ]
    assert all(r.interpretation == 6 and r.building and r.seats > 0 for r in venue.rooms)
    assert venue.holidays[0] == "un-new-york" and model.calendar("un-new-york").kind == "closed"
    assert all(model.calendar(c) is not None for c in venue.holidays)


def test_new_york_time_zone_is_valid(model):
    venue = model.venue("unhq")
    assert venue.timezone == "America/New_York"
    tz = ZoneInfo(venue.timezone)
    from datetime import datetime

    assert datetime(2024, 1, 15, 10, tzinfo=tz).utcoffset() == timedelta(hours=-5)
    assert datetime(2024, 7, 15, 10, tzinfo=tz).utcoffset() == timedelta(hours=-4)


def test_adding_new_york_leaves_the_default_model_without_warnings(model):
    assert model.warnings() == []
    assert {v for s in model.sessions if s.is_session for v in s.venues} == {"vic"}
    # the organizational session was held in New York
    assert model.session("OS").venues == ["unhq"] and model.session("OS").status == "held"


@pytest.mark.parametrize("cal_id", ["un-new-york", "united-states"])
@pytest.mark.parametrize("year", WINDOW_YEARS)
def test_new_york_calendars_cover_every_year_of_the_window(model, cal_id, year):
    assert days_of(model, cal_id, year), f"{cal_id} has no dates for {year}"


@pytest.mark.parametrize("year", WINDOW_YEARS + [2025])
def test_un_new_york_has_nine_weekdays_a_year_with_a_source(model, year):
    days = days_of(model, "un-new-york", year)
    assert len(days) == 9 == len({d for d, _, _ in days})
    assert all(d.weekday() < 5 and name and src.strip() for d, name, src in days)


@pytest.mark.parametrize("year", [2021, 2022, 2023, 2025])
def test_derived_un_new_york_holidays_match_the_derivation(model, year):
    assert [(d, n) for d, n, _ in days_of(model, "un-new-york", year)] == named(un_new_york(year))
    assert status_of(model, "un-new-york", year) == {"derived"}


def test_un_new_york_2024_is_the_published_list(model):
    days = days_of(model, "un-new-york", 2024)
    assert [d for d, _, _ in days] == [
        date(2024, 1, 1),
        date(2024, 3, 29),
        date(2024, 4, 10),
        date(2024, 5, 27),
        date(2024, 6, 17),
        date(2024, 7, 4),
        date(2024, 9, 2),
        date(2024, 11, 28),
        date(2024, 12, 25),
    ]
    assert all("2024" in src and "derived" not in src for _, _, src in days)
    assert [d for d, _, _, _ in un_new_york(2024)] == [d for d, _, _ in days]
    assert status_of(model, "un-new-york", 2024) == {"published"}


# Published lists the derivation must reproduce: ST/IC/2019/23 (2020, via ask.un.org/faq/
# 112514) and the information circular "Official holidays for 2017 at United Nations
# Headquarters".
PUBLISHED = {
    2017: [
        date(2017, 1, 2),
        date(2017, 4, 14),
        date(2017, 5, 29),
        date(2017, 6, 26),
        date(2017, 7, 4),
        date(2017, 9, 1),
        date(2017, 9, 4),
        date(2017, 11, 23),
        date(2017, 12, 25),
    ],
    2020: [
        date(2020, 1, 1),
        date(2020, 4, 10),
        date(2020, 5, 25),
        date(2020, 5, 26),
        date(2020, 7, 3),
        date(2020, 7, 31),
        date(2020, 9, 7),
        date(2020, 11, 26),
        date(2020, 12, 25),
    ],
}


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_un_new_york_derivation_gives_the_published_lists(year):
    assert [d for d, _, _, _ in un_new_york(year)] == PUBLISHED[year]


def _named(model, year, prefix):
    found = [d for d, name, _ in days_of(model, "un-new-york", year) if name.startswith(prefix)]
    assert len(found) == 1, (year, prefix, found)
    return found[0]


def _us(year, prefix):
    return next(d for d, name in holidays_lib.US(years=year).items() if name == prefix)


def _observed(day, new_year=False):
    """The rule of the published lists: Saturday -> Friday (New Year's Day: Monday), Sunday -> Monday."""
    if day.weekday() == 5:
        return day + timedelta(days=2) if new_year else day - timedelta(days=1)
    return day + timedelta(days=1) if day.weekday() == 6 else day


@pytest.mark.parametrize("year", WINDOW_YEARS + [2025])
def test_un_new_york_dates_agree_with_independent_computations(model, year):
    # Good Friday from dateutil's Easter; US federal-holiday rules from the holidays library.
    assert _named(model, year, "Good Friday") == easter(year) - timedelta(days=2)
    assert _named(model, year, "Memorial Day") == _us(year, "Memorial Day")
    assert _named(model, year, "Labour Day") == _us(year, "Labor Day")
    assert _named(model, year, "Thanksgiving Day") == _us(year, "Thanksgiving Day")
    assert _named(model, year, "Independence Day") == _observed(date(year, 7, 4))
    assert _named(model, year, "Christmas Day") == _observed(date(year, 12, 25))
    assert _named(model, year, "New Year's Day") == _observed(date(year, 1, 1), new_year=True)
    # The Eids: the holidays library's date, or the next free weekday when it is a weekend.
    for name, day in zip(("Eid al-Fitr", "Eid al-Adha"), _eids(year)):
        observed = _named(model, year, name)
        assert (
            observed == day
            if day.weekday() < 5
            else (day < observed <= day + timedelta(days=3) and observed.weekday() < 5)
        )


def test_floating_holidays_and_juneteenth_are_not_un_closed_days(model):
    """Juneteenth, Lunar New Year, Vesak, Yom Kippur... are floating holidays at most: the
    building is open."""
    names = [h.name for h in model.calendar("un-new-york").days]
    for word in ("Juneteenth", "Lunar", "Vesak", "Yom Kippur", "Washington", "Presidents"):
        assert not any(word in name for name in names), word


@pytest.mark.parametrize("year", WINDOW_YEARS + [2025])
def test_us_holidays_match_the_holidays_library(model, year):
    assert {d for d, _, _ in days_of(model, "united-states", year)} == set(holidays_lib.US(years=year))
    assert model.calendar("united-states").kind == "national"
