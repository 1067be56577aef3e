"""Holidays for any year at every shipped duty station (issue 20): each derivation
against the published lists, published lists over derived dates, the status of every
day in findings and outputs, no "no dates" warning for the years ahead, and the years
planner works with (1900-2199)."""

from __future__ import annotations

from datetime import date

import holidays as holidays_lib
import pytest
import yaml
from click.testing import CliRunner

from conftest import VIENNA_2023, P, load_model, model_from, small_model_dict, write, write_model
from constraints.lost_meeting_day import LostMeetingDay
from constraints.national_holiday import NationalHoliday
from constraints.no_meeting_on_holiday import NoMeetingOnHoliday
from constraints.observance_day import ObservanceDay
from schedule_planner.cli import main
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.schema import Derived, HolidayCalendar
from schedule_planner.errors import InputError
from schedule_planner.holidays_gen import PATTERNS, derived_days, un_geneva, un_nairobi, un_vienna
from schedule_planner.loading import with_derived_holidays
from verifier import verify

SHIPPED = "include: [planner:venues.yaml, planner:holidays.yaml]\n"
# the shipped UN calendars, their host country's and the duty stations that list them
# (unog and unon themselves are shipped in data/venues.yaml by another change)
STATIONS = {
    "vic": ["un-vienna", "austria", "ga-69-250", "un-recess"],
    "unhq": ["un-new-york", "united-states", "ga-69-250", "un-recess"],
    "unog": ["un-geneva", "switzerland", "ga-69-250", "un-recess"],
    "unon": ["un-nairobi", "kenya", "ga-69-250", "un-recess"],
}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def stations_model(tmp_path, start: str = "2027-01-01", end: str = "2030-12-31"):
    """A model including the shipped holidays, with its own venue for each duty station
    listing the calendars the contract gives it, and a session that may meet at each."""
    venues = [
        {
            "id": f"my-{vid}",
            "name": f"Duty station {vid}",
            "city": vid,
            "timezone": "Europe/Vienna",
            "meeting_hours": ["10:00-13:00"],
            "holidays": cals,
            "interpretation_capacity": 1,
            "rooms": [{"id": "r", "name": "R", "seats": 100, "interpretation": 6}],
        }
        for vid, cals in STATIONS.items()
    ]
    text = "include: [planner:holidays.yaml]\n" + yaml.safe_dump(
        {
            "committee": {"id": "c", "name": "C"},
            "window": {"start": start, "end": end},
            "venues": venues,
            "sessions": [
                {"id": "A", "name": "A", "length": {"weeks": 1}, "venues": [v["id"] for v in venues]}
            ],
        },
        sort_keys=False,
    )
    return write(tmp_path, "stations.yaml", text)


# --- each derivation against the published lists


def test_the_vienna_derivation_gives_the_2023_list_but_for_the_eids():
    """What the derivation cannot know is the Eids' dates as the UN announced them (moon
    sighting): it dates Eid al-Fitr Fri 21 Apr (the UN: Sat 22 Apr, observed Mon 24) and
    Eid al-Adha Wed 28 Jun (the UN: Thu 29 Jun). Every other day is the published one."""
    derived = {day: name for day, name, _, _ in un_vienna(2023)}
    eids = {
        "Eid al-Fitr": (date(2023, 4, 21), date(2023, 4, 24)),
        "Eid al-Adha": (date(2023, 6, 28), date(2023, 6, 29)),
    }
    others = sorted(d for d, n in derived.items() if n not in eids)
    assert others == sorted(set(VIENNA_2023) - {published for _, published in eids.values()})
    assert {n: d for d, n in derived.items() if n in eids} == {n: ours for n, (ours, _) in eids.items()}
    # and the derivation marks exactly those two to confirm
    assert sorted(n for _, n, _, uncertain in un_vienna(2023) if uncertain) == ["Eid al-Adha", "Eid al-Fitr"]


def test_every_shipped_closed_calendar_has_ten_or_nine_weekdays_a_year():
    for pattern in ("un-vienna", "un-new-york", "un-geneva", "un-nairobi"):
        for year in (1900, 2027, 2100, 2150, 2199):
            days = PATTERNS[pattern](year)
            assert len({d for d, _, _, _ in days}) == len(days) in (9, 10), (pattern, year)
            assert all(d.weekday() < 5 and d.year in (year, year + 1) for d, _, _, _ in days), (pattern, year)


def test_the_geneva_pattern_agrees_with_genevas_public_holidays_and_changes_in_2025():
    """Ascension, Whit Monday and the Jeune genevois fall where the holidays library's
    canton of Geneva has them; from 2025 the list has 26 and 27 December instead of the
    last two (UNOG Staff Union, 12 Dec 2023)."""
    geneva = {name: day for day, name in holidays_lib.country_holidays("CH", subdiv="GE", years=2024).items()}
    ours = {name: day for day, name, _, _ in un_geneva(2024)}
    assert ours["Ascension Day"] == geneva["Ascension Day"]
    assert ours["Whit Monday"] == geneva["Pentecost Monday"]
    assert ours["Jeune genevois"] == geneva["Genevan Fast"] == date(2024, 9, 5)
    later = [name for _, name, _, _ in un_geneva(2026)]
    assert "Whit Monday" not in later and "Jeune genevois" not in later
    assert [n[:11] for n in later if n[:2] in ("26", "27")] == ["26 December", "27 December"]


def test_the_nairobi_pattern_is_kenyas_holidays_with_the_eids():
    kenya = set(holidays_lib.country_holidays("KE", years=2027))
    for day, name, _, uncertain in un_nairobi(2027):
        moved = "in lieu" in name
        assert uncertain == name.startswith("Eid") and (uncertain or moved or day in kenya), name


# --- published lists override derived dates


def calendar(**fields) -> HolidayCalendar:
    return HolidayCalendar(id="u", name="U", kind="closed", **fields)


def test_a_published_year_has_only_its_listed_days():
    listed = [{"date": "2023-04-24", "name": "Eid al-Fitr (in lieu of Sat 22 Apr)", "source": "UNIS"}]
    spec = Derived(pattern="un-vienna")
    published = calendar(derived=spec, published=[2023], days=listed)
    assert derived_days(published, [2023]) == []
    assert [d.date.year for d in derived_days(published, [2022, 2023, 2024])] == [2022] * 9 + [2024] * 9
    # without `published`, the derived 21 Apr stays beside the listed 24 Apr
    merged = load_calendar(calendar(derived=spec, days=listed))
    assert {date(2023, 4, 21), date(2023, 4, 24)} <= {h.date for h in merged.days}
    only = load_calendar(calendar(derived=spec, published=[2023], days=listed))
    assert [(h.date, h.status) for h in only.days if h.date.year == 2023] == [
        (date(2023, 4, 24), "published")
    ]


def load_calendar(cal: HolidayCalendar) -> HolidayCalendar:
    """The calendar as loading gives it to the small model (window 2023: 2022-2024 derived)."""
    data = small_model_dict()
    data["holidays"] = [cal.model_dump(mode="json")]
    data["venues"][0]["holidays"] = ["u"]
    return with_derived_holidays(model_from(data)).calendar("u")


def test_the_shipped_published_lists_leave_no_derived_day_in_their_year():
    model = load_model()
    for cal_id, year in (("un-vienna", 2023), ("un-new-york", 2024), ("ga-69-250", 2023)):
        days = [h for h in model.calendar(cal_id).days if h.date.year == year]
        assert days and {h.source.startswith("pattern") for h in days if h.status == "published"} == {False}
    vienna = {h.date for h in model.calendar("un-vienna").days}
    assert date(2023, 4, 21) not in vienna and date(2023, 6, 28) not in vienna
    assert [h.date for h in model.calendar("un-vienna").days if h.date.year == 2023] == VIENNA_2023


# --- the status in findings and outputs


@pytest.fixture
def derived_problem(tmp_path) -> Problem:
    """The small model, its three calendars derived: un-vienna's and ga-69-250's patterns
    and Austria's public holidays."""
    data = small_model_dict()
    data["holidays"] = [
        {
            "id": "un",
            "name": "UN",
            "kind": "closed",
            "derived": {"pattern": "un-vienna", "confirm": "UNIS Vienna's list"},
        },
        {"id": "at", "name": "Austria", "kind": "national", "derived": {"country": "AT"}},
        {"id": "obs", "name": "GA 69/250", "kind": "observance", "derived": {"pattern": "ga-69-250"}},
    ]
    return Problem(load_model(write_model(tmp_path, data)))


def test_findings_say_a_derived_day_and_the_list_to_confirm_it_against(derived_problem, small_problem):
    verify(NoMeetingOnHoliday).given(derived_problem, P("A", "2023-04-21", "2023-04-27")).says(
        "Eid al-Fitr (derived: to confirm against UNIS Vienna's list), a UN holiday"
    )
    verify(LostMeetingDay).given(derived_problem, P("B", "2023-04-17", "2023-04-28")).says(
        "Eid al-Fitr (derived: to confirm against UNIS Vienna's list)"
    )
    verify(ObservanceDay).given(derived_problem, P("A", "2023-04-11", "2023-04-17")).says(
        "Orthodox Good Friday (derived), Fri 14 Apr 2023"
    )
    verify(NationalHoliday).given(derived_problem, P("A", "2023-05-15", "2023-05-19")).says(
        "Ascension Day (derived), Thu 18 May 2023"
    )
    # a listed (published) day says nothing more than its name
    verify(LostMeetingDay).given(small_problem, P("B", "2023-04-03", "2023-04-14")).says(
        "to Good Friday, Fri 7 Apr 2023, Easter Monday, Mon 10 Apr 2023"
    )


def test_the_default_models_derived_eid_says_to_confirm_it(default_problem):
    vd = default_problem.days["vic"]
    assert vd.closed[date(2024, 6, 17)] == (
        "Eid al-Adha (in lieu of Sun 16 Jun) (derived: to confirm against UNIS Vienna's list)"
    )
    assert vd.closed[date(2023, 6, 29)] == "Eid al-Adha"  # published


def test_planner_holidays_prints_status_source_and_list_to_confirm():
    result = run("holidays", "2027", "2199")
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load(result.stdout)
    ids = [c["id"] for c in data["holidays"]]
    assert ids == [
        "un-vienna",
        "austria",
        "ga-69-250",
        "un-new-york",
        "united-states",
        "un-geneva",
        "switzerland",
        "un-nairobi",
        "kenya",
    ]
    for cal in data["holidays"]:
        assert {d["date"].year for d in cal["days"]} == {2027, 2199}, cal["id"]
        assert all(d["status"] == "derived" and d["source"] for d in cal["days"]), cal["id"]
    vienna = next(c for c in data["holidays"] if c["id"] == "un-vienna")["days"]
    eids = [d for d in vienna if d["name"].startswith("Eid")]
    assert len(eids) == 4 and {d["confirm"] for d in eids} == {"UNIS Vienna's list"}
    assert not [d for d in vienna if "confirm" in d and not d["name"].startswith("Eid")]
    published = yaml.safe_load(run("holidays", "--calendar", "un-vienna", "2023").stdout)
    assert {d["status"] for d in published["holidays"][0]["days"]} == {"published"}


def test_planner_model_shows_derived_days_marked_with_their_source(tmp_path):
    path = write(
        tmp_path,
        "m.yaml",
        SHIPPED
        + "committee: {id: c, name: C}\nwindow: {start: 2027-01-01, end: 2027-12-31}\nsessions:\n  - {id: A, name: A, length: {weeks: 1}, venues: [vic]}\n",
    )
    result = run("model", path)
    assert result.exit_code == 0, result.stderr
    resolved = yaml.safe_load(result.stdout)
    vienna = next(c for c in resolved["holidays"] if c["id"] == "un-vienna")
    fitr = next(d for d in vienna["days"] if d["date"].year == 2027 and d["name"].startswith("Eid al-Fitr"))
    assert fitr["status"] == "derived" and fitr["confirm"] == "UNIS Vienna's list"
    assert fitr["source"].startswith("pattern un-vienna (planner)")
    assert any(line.endswith("# derived") for line in result.stdout.splitlines())


# --- no "no dates" warning for the years ahead


def test_no_warning_for_2027_2030_at_the_four_duty_stations(tmp_path):
    model = load_model(stations_model(tmp_path))
    assert [w for w in model.warnings() if "no dates" in w] == []
    for cals in STATIONS.values():
        for cal_id in cals[:3]:
            years = {h.date.year for h in model.calendar(cal_id).days}
            assert set(range(2027, 2031)) <= years, cal_id


@pytest.mark.parametrize(("start", "end"), [("1900-01-01", "1901-12-31"), ("2198-01-01", "2199-12-31")])
def test_no_warning_at_either_end_of_the_years_planner_works_with(tmp_path, start, end):
    model = load_model(stations_model(tmp_path, start, end))
    assert [w for w in model.warnings() if "no dates" in w] == []


def test_shipped_venues_get_no_warning_for_the_years_ahead(tmp_path):
    path = write(
        tmp_path,
        "m.yaml",
        SHIPPED
        + "committee: {id: c, name: C}\nwindow: {start: 2027-01-01, end: 2030-12-31}\n"
        + "sessions:\n  - {id: A, name: A, length: {weeks: 1}, venues: [vic, unhq]}\n",
    )
    assert [w for w in load_model(path).warnings() if "no dates" in w] == []


# --- the years planner works with, and bad input


def error(path) -> InputError:
    with pytest.raises(InputError) as exc:
        load_model(path)
    return exc.value


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("window: {start: 2199-01-01, end: 2200-12-31}\n", "window.end", "1900-2199"),
        ("window: {start: 1899-01-01, end: 1900-12-31}\n", "window.start", "1900-2199"),
        (
            "window: {start: 2027-01-01, end: 2027-12-31}\nholidays:\n"
            "  - {id: un-vienna, name: X, kind: closed, published: [2300]}\n",
            "holidays[0].published[0]",
            "2199",
        ),
        (
            "window: {start: 2027-01-01, end: 2027-12-31}\nholidays:\n"
            "  - {id: x, name: X, kind: closed, days: [{date: 2250-01-01, name: Y, source: Z}]}\n",
            "holidays[0].days[0].date",
            "1900-2199",
        ),
        (
            "window: {start: 2027-01-01, end: 2027-12-31}\nholidays:\n"
            "  - {id: x, name: X, kind: closed, derived: {pattern: un-paris}}\n",
            "holidays[0].derived.pattern",
            "no holiday pattern 'un-paris' (it has: un-vienna, un-new-york, un-geneva, un-nairobi, ga-69-250)",
        ),
        (
            "window: {start: 2027-01-01, end: 2027-12-31}\nholidays:\n"
            "  - {id: x, name: X, kind: closed, derived: {pattern: un-vienna, country: AT}}\n",
            "holidays[0].derived",
            "give `country` (the holidays library) or `pattern`",
        ),
    ],
)
def test_bad_years_and_patterns_name_file_line_and_field(tmp_path, text, field, words):
    body = "committee: {id: c, name: C}\nsessions:\n  - {id: A, name: A, length: {weeks: 1}}\n"
    path = write(tmp_path, "m.yaml", body + text)
    err = error(path)
    problems = getattr(err, "problems", [err])
    found = [p for p in problems if p.field == field]
    assert found and words in str(found[0]) and found[0].file.endswith("m.yaml") and found[0].line, [
        (p.field, str(p)) for p in problems
    ]
    result = run("validate", path)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"m.yaml:{found[0].line}" in result.stderr


@pytest.mark.parametrize("year", ["1899", "2200"])
def test_a_holidays_year_outside_the_range_is_a_usage_error(year):
    result = run("holidays", year)
    assert result.exit_code == 2 and "1900" in result.stderr and "2199" in result.stderr
