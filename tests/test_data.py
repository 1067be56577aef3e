"""The default data says where each figure comes from, and derived holidays are what
the documented derivation gives."""

from __future__ import annotations

from datetime import date

import holidays as holidays_lib
import pytest

from schedule_planner.holidays_gen import observances, un_vienna
from schedule_planner.loading import default_model_path
from conftest import load_model

DATA = default_model_path().parent


@pytest.fixture(scope="module")
def model():
    return load_model()


def days_of(model, cal_id, year):
    cal = model.calendar(cal_id)
    return [(h.date, h.name, h.source) for h in cal.days if h.date.year == year]


@pytest.mark.parametrize("year", [2021, 2022, 2024])
def test_derived_un_holidays_match_the_derivation(model, year):
    assert days_of(model, "un-vienna", year) == un_vienna(year)
    assert all(src.startswith("derived") for _, _, src in days_of(model, "un-vienna", year))


def test_un_holidays_2023_are_the_published_list(model):
    assert [d for d, _, _ in days_of(model, "un-vienna", 2023)] == [
        date(2023, 1, 2), date(2023, 4, 7), date(2023, 4, 10), date(2023, 4, 24), date(2023, 5, 1),
        date(2023, 6, 29), date(2023, 10, 26), date(2023, 12, 25), date(2023, 12, 26)]
    assert all("UNIS Vienna" in src for _, _, src in days_of(model, "un-vienna", 2023))


@pytest.mark.parametrize("year", [2021, 2022, 2023, 2024])
def test_austrian_holidays_match_the_holidays_library(model, year):
    assert {d for d, _, _ in days_of(model, "austria", year)} == set(holidays_lib.AT(years=year))


@pytest.mark.parametrize("year", [2021, 2022, 2024])
def test_observances_match_the_derivation(model, year):
    assert days_of(model, "ga-69-250", year) == observances(year)


def test_observed_eids_agree_with_the_un_list_where_published(model):
    """2023: the UN at Vienna kept Eid al-Fitr on Sat 22 Apr (observed Mon 24) and Eid
    al-Adha on 29 Jun; the GA 69/250 calendar must not date them otherwise."""
    eids = {name: d for d, name, _ in days_of(model, "ga-69-250", 2023) if name.startswith("Eid")}
    assert eids == {"Eid al-Fitr": date(2023, 4, 22), "Eid al-Adha": date(2023, 6, 29)}


def test_every_meeting_and_holiday_has_a_source(model):
    assert all(m.source for m in model.meetings)
    assert all(h.source for cal in model.holidays for h in cal.days)


def test_assumed_figures_are_marked_in_the_yaml():
    venues = (DATA / "venues.yaml").read_text()
    for line in venues.splitlines():
        if "seats:" in line or "interpretation_capacity:" in line:
            assert "ASSUMED" in line, line
    committee = (DATA / "ahc-cybercrime.yaml").read_text()
    assert "ASSUMED" in committee and "49/221" in committee and "A/AC.291/2" in committee


def test_meetings_cover_the_bodies_named_in_the_domain_facts(model):
    assert {m.body for m in model.meetings} >= {"CND", "CCPCJ", "COPUOS", "IAEA", "UNIDO", "UNTOC", "UNCAC"}
