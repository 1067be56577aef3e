"""Extending the shipped data instead of copying it: includes by name, lists merged by
id, the including file winning field by field, conflicts between files side by side,
removals, derived holiday calendars, and every problem in one report."""

from __future__ import annotations

from textwrap import dedent

import holidays as holidays_lib
import pytest

from conftest import NAIROBI, head, load_model, write
from schedule_planner.errors import InputError, InputErrors

HEAD = head("inc")


def shipped(extra: str = "") -> str:
    return "include: [planner:venues.yaml, planner:holidays.yaml]\n" + HEAD + dedent(extra)


def error(path) -> InputError:
    with pytest.raises(InputError) as exc:
        load_model(path)
    return exc.value


def test_the_shipped_data_is_included_by_name_from_anywhere(tmp_path):
    model = load_model(write(tmp_path, "m.yaml", shipped()))
    assert [v.id for v in model.venues] == ["vic", "unhq", "unog", "unon"]
    assert {c.id for c in model.holidays} >= {"un-vienna", "un-new-york"}
    assert model.meetings and model.bodies[0].id == "inc"


def test_an_unknown_shipped_file_names_what_planner_ships(tmp_path):
    err = error(write(tmp_path, "m.yaml", "include: [planner:venue.yaml]\n" + HEAD))
    assert err.line == 1 and "planner ships no 'venue.yaml'" in str(err)
    assert "planner:venues.yaml" in str(err)


def test_a_missing_file_next_to_the_model_hints_at_the_shipped_name(tmp_path):
    err = error(write(tmp_path, "m.yaml", "include: [venues.yaml]\n" + HEAD))
    assert "not found next to m.yaml" in str(err) and "planner:venues.yaml" in str(err)


def test_an_included_venue_is_changed_field_by_field_and_new_ones_append(tmp_path):
    model = load_model(
        write(
            tmp_path,
            "m.yaml",
            shipped("""\
        venues:
          - id: vic
            interpretation_capacity: 3
            rooms:
              - {id: plenary-m, seats: 1200}
              - {id: annex, name: Annex, seats: 80, interpretation: 0}
          - {id: geneva, name: Palais des Nations, city: Geneva, timezone: Europe/Zurich,
             meeting_hours: ["10:00-13:00"], interpretation_capacity: 2,
             rooms: [{id: xx, name: Room XX, seats: 700, interpretation: 6}]}
        """),
        )
    )
    vic = model.venue("vic")
    assert vic.interpretation_capacity == 3 and vic.name == "Vienna International Centre"
    assert [r.id for r in vic.rooms] == ["plenary-m", "board-c", "m3", "board-d", "annex"]
    assert vic.room("plenary-m").seats == 1200 and vic.room("plenary-m").name == "Plenary Hall"
    assert [v.id for v in model.venues] == ["vic", "unhq", "unog", "unon", "geneva"]


def test_sessions_merge_by_id_and_keep_their_order(tmp_path):
    write(tmp_path, "base.yaml", shipped())
    model = load_model(
        write(
            tmp_path,
            "m.yaml",
            """\
        include: [base.yaml]
        sessions:
          - {id: C, name: Third, length: {weeks: 1}, venues: [vic]}
          - {id: A, window: {start: 2022-03-01, end: 2022-05-31}}
        """,
        )
    )
    assert [s.id for s in model.sessions] == ["A", "B", "C"]
    assert model.sessions[0].window.start.isoformat() == "2022-03-01"
    assert model.sessions[0].name == "First"


def side_by_side(tmp_path, one: str, two: str, own_window: str = "") -> object:
    """A model whose window comes from one.yaml and two.yaml, included side by side
    (and from its own file too if `own_window` is given)."""
    write(tmp_path, "one.yaml", one)
    write(tmp_path, "two.yaml", two)
    text = "include: [planner:venues.yaml, planner:holidays.yaml, one.yaml, two.yaml]\n" + HEAD.replace(
        "window: {start: 2022-01-01, end: 2022-12-31}\n", own_window
    )
    return write(tmp_path, "m.yaml", text)


def test_files_side_by_side_that_disagree_are_a_conflict_naming_both(tmp_path):
    err = error(
        side_by_side(
            tmp_path,
            "window: {start: 2022-01-01, end: 2022-12-31}\n",
            "\n\nwindow: {start: 2022-02-01, end: 2022-12-31}\n",
        )
    )
    assert err.file.endswith("two.yaml") and err.line == 3 and err.field == "window.start"
    assert "one.yaml:1" in str(err)


def test_files_side_by_side_that_agree_are_no_conflict(tmp_path):
    same = "window: {start: 2022-01-01, end: 2022-12-31}\n"
    assert load_model(side_by_side(tmp_path, same, same)).window.start.isoformat() == "2022-01-01"


def test_the_including_file_wins_over_what_it_includes(tmp_path):
    write(tmp_path, "base.yaml", shipped())
    model = load_model(
        write(
            tmp_path,
            "m.yaml",
            """\
        include: [base.yaml]
        window: {end: 2023-06-30}
        """,
        )
    )
    assert (model.window.start.isoformat(), model.window.end.isoformat()) == ("2022-01-01", "2023-06-30")


def test_remove_leaves_included_entries_out(tmp_path):
    model = load_model(write(tmp_path, "m.yaml", shipped() + "remove: [cnd-2021-04-12, unog/room-xvii]\n"))
    assert "cnd-2021-04-12" not in {m.id for m in model.meetings}
    rooms = [r.id for r in model.venue("unog").rooms]
    assert "room-xvii" not in rooms and "room-xix" in rooms
    model = load_model(write(tmp_path, "m.yaml", shipped() + "remove: [unhq, unog, unon]\n"))
    assert [v.id for v in model.venues] == ["vic"]
    assert {m.venue for m in model.meetings} == {"vic"} and {s.venue for s in model.regular} == {"vic"}


def test_removing_an_entry_others_refer_to_names_the_references(tmp_path):
    err = error(write(tmp_path, "m.yaml", shipped() + "remove: [vic/board-d]\n"))
    assert "unknown room 'board-d' at vic" in str(err) and err.file.endswith("venues.yaml")


@pytest.mark.parametrize(
    "ident, words",
    [
        ("nowhere", "no included entry has the id 'nowhere'"),
        ("vic/nowhere", "no included entry has the id 'nowhere'"),
        ("geneva/xx", "no included venue 'geneva'"),
    ],
)
def test_remove_of_an_unknown_id_is_an_error(tmp_path, ident, words):
    err = error(write(tmp_path, "m.yaml", shipped() + f"remove: [{ident}]\n"))
    assert words in str(err) and err.field == "remove[0]"


def test_other_meetings_get_ids_derived_from_body_and_start(tmp_path):
    model = load_model(
        write(
            tmp_path,
            "m.yaml",
            shipped("""\
        meetings:
          - {body: X Y, venue: vic, start: 2022-05-02, end: 2022-05-06}
          - {body: X Y, venue: vic, start: 2022-05-02, end: 2022-05-03}
        """),
        )
    )
    ids = [m.id for m in model.meetings if not m.projected]  # the projected ones come after
    assert "cnd-2021-04-12" in ids and ids[-2:] == ["x-y-2022-05-02", "x-y-2022-05-02-2"]


def test_an_error_in_an_included_file_names_that_file(tmp_path):
    write(
        tmp_path,
        "venues.yaml",
        """\
        venues:
          - id: v
            name: V
            city: C
            timezone: Europe/Vienna
            meeting_hours: ["10:00-13:00"]
            interpretation_capacity: lots
            rooms: [{id: r, name: R, seats: 10, interpretation: 6}]
        """,
    )
    err = error(write(tmp_path, "m.yaml", "include: [venues.yaml]\n" + HEAD.replace("[vic]", "[v]")))
    assert err.file.endswith("venues.yaml") and err.line == 7
    assert err.field == "venues[0].interpretation_capacity"


def test_days_of_a_calendar_merge_by_date(tmp_path):
    model = load_model(
        write(
            tmp_path,
            "m.yaml",
            shipped("""\
        holidays:
          - id: un-vienna
            days:
              - {date: 2023-01-02, name: New Year (renamed), source: test}
              - {date: 2025-01-01, name: New Year, source: test}
        """),
        )
    )
    days = {h.date.isoformat(): h.name for h in model.calendar("un-vienna").days}
    assert days["2023-01-02"] == "New Year (renamed)" and "2025-01-01" in days
    assert days["2023-04-07"] == "Good Friday"  # the included days stay


def test_a_derived_calendar_is_the_holidays_library_for_the_years_needed(tmp_path):
    listed = "    days:\n      - {date: 2022-06-01, name: Madaraka Day (listed), source: gazette}\n"
    model = load_model(
        write(
            tmp_path,
            "m.yaml",
            shipped(NAIROBI.replace("derived: {country: KE}\n", "derived: {country: KE}\n" + listed)),
        )
    )
    days = {h.date: h.name for h in model.calendar("ke-public").days}
    expected = holidays_lib.country_holidays("KE", years=range(2021, 2024))
    assert set(days) == set(expected)
    assert days[next(d for d in expected if d.isoformat() == "2022-06-01")] == "Madaraka Day (listed)"
    assert all(d.year in (2021, 2022, 2023) for d in days)


def test_a_country_the_library_does_not_know_is_an_input_error(tmp_path):
    err = error(
        write(
            tmp_path,
            "m.yaml",
            shipped("""\
        holidays:
          - {id: nowhere, name: X, kind: national, derived: {country: QQ}}
        """),
        )
    )
    assert "no calendar for country 'QQ'" in str(err)
    assert err.field == "holidays[10].derived.country" and err.file.endswith("m.yaml") and err.line == 8


def test_a_subdivision_the_library_does_not_know_names_the_known_ones(tmp_path):
    err = error(
        write(
            tmp_path,
            "m.yaml",
            shipped("""\
        holidays:
          - {id: ontario, name: X, kind: national, derived: {country: CA, subdivision: ZZ}}
        """),
        )
    )
    assert err.field == "holidays[10].derived.subdivision" and "no subdivision 'ZZ' of CA" in str(err)
    assert "ON" in str(err)


def test_every_problem_is_reported_in_one_run(tmp_path):
    text = (
        shipped("""\
        venues:
          - id: vic
            interpreters: 3
        """)
        .replace("name: Second, length: {weeks: 1}", "name: Second, length: {wekes: 1}")
        .replace("{id: A,", "{id: 'A 1',")
    )
    err = error(write(tmp_path, "m.yaml", text))
    assert isinstance(err, InputErrors) and len(err.problems) == 3, str(err)
    lines = str(err).splitlines()
    assert lines[0] == "3 problems:"
    messages = {p.field: str(p) for p in err.problems}
    assert "did you mean 'interpretation_capacity'?" in messages["venues[0].interpreters"]
    assert "did you mean 'weeks'?" in messages["sessions[1].length.wekes"]
    assert "'A 1' is not an id: an id starts with a letter or digit" in messages["sessions[0].id"]
    assert all(p.line for p in err.problems)


@pytest.mark.parametrize("status", ["held", "announced"])
def test_held_and_announced_sessions_need_fixed_dates(tmp_path, status):
    text = shipped().replace("{id: B, name: Second,", f"{{id: B, status: {status}, name: Second,")
    err = error(write(tmp_path, "m.yaml", text))
    assert err.field == "sessions[1]" and f"session 'B' is {status}, so it needs its dates" in str(err)


def test_coverage_warnings_only_for_years_a_venue_can_be_used(tmp_path):
    text = shipped("""\
        holidays:
          - {id: extra, name: Extra, kind: national, days: [{date: 2022-05-05, name: X, source: t}]}
        venues:
          - id: elsewhere
            name: Elsewhere
            city: E
            timezone: Europe/Vienna
            meeting_hours: ["10:00-13:00"]
            holidays: [extra]
            interpretation_capacity: 1
            rooms: [{id: r, name: R, seats: 600, interpretation: 6}]
        """).replace(
        "window: {start: 2022-01-01, end: 2022-12-31}", "window: {start: 2022-01-01, end: 2025-12-31}"
    )
    text = text.replace(
        "{id: B, name: Second, length: {weeks: 1}, venues: [vic]}",
        "{id: B, name: Second, length: {weeks: 1}, venues: [elsewhere], "
        "window: {start: 2022-01-01, end: 2022-12-31}}",
    )
    warnings = load_model(write(tmp_path, "m.yaml", text)).warnings()
    assert not [w for w in warnings if "'extra'" in w]  # B meets there in 2022 only
    assert not [w for w in warnings if "unhq" in w or "United Nations Headquarters" in w]  # unused
    # vic is used up to 2025, and its shipped calendars derive every year (issue 20)
    assert not [w for w in warnings if "'un-vienna'" in w]


def test_the_including_file_settles_a_conflict_between_its_includes(tmp_path):
    path = side_by_side(
        tmp_path,
        "window: {start: 2022-01-01, end: 2022-12-31}\n",
        "window: {start: 2022-02-01, end: 2022-12-31}\n",
        "window: {start: 2022-03-01}\n",
    )
    assert load_model(path).window.start.isoformat() == "2022-03-01"


@pytest.mark.parametrize(
    "sessions, words",
    [
        ("  - {name: No id, length: {weeks: 1}}\n", "each entry needs its id"),
        ("  - {id: [a, b], name: X, length: {weeks: 1}}\n", "each entry needs its id"),
        (
            "  - {id: A, name: X, length: {weeks: 1}}\n  - {id: A, name: Y, length: {weeks: 1}}\n",
            "duplicate id 'A'",
        ),
    ],
)
def test_entries_that_cannot_merge_by_id_are_errors_not_dropped(tmp_path, sessions, words):
    write(tmp_path, "more.yaml", "sessions:\n" + sessions)
    err = error(
        write(
            tmp_path,
            "m.yaml",
            shipped().replace(
                "include: [planner:venues.yaml, planner:holidays.yaml]",
                "include: [planner:venues.yaml, planner:holidays.yaml, more.yaml]",
            ),
        )
    )
    assert words in str(err) and err.file.endswith("more.yaml")


def test_an_include_name_too_long_for_the_file_system_is_an_input_error(tmp_path):
    err = error(write(tmp_path, "m.yaml", f"include: [{'a' * 300}.yaml]\n" + HEAD))
    assert err.line == 1 and err.field == "include[0]"


def test_a_wrong_value_and_a_wrong_reference_are_reported_in_one_run(tmp_path):
    """The references between the valid parts are checked even when other values are
    wrong, and an invalid entry is never called unknown."""
    text = (
        shipped()
        .replace(
            "{id: A, name: First, length: {weeks: 1}, venues: [vic]}",
            "{id: A, name: First, length: {wekes: 1}, venues: [vic]}",
        )
        .replace(
            "{id: B, name: Second, length: {weeks: 1}, venues: [vic]}",
            "{id: B, name: Second, length: {weeks: 1}, venues: [viienna]}",
        )
        + "weights: {lost-meeting-dy: 3}\n"
    )
    err = error(write(tmp_path, "m.yaml", text))
    fields = {p.field: str(p) for p in err.problems}
    assert set(fields) == {"sessions[0].length.wekes", "sessions[1].venues[0]", "weights.lost-meeting-dy"}
    assert "unknown venue 'viienna'" in fields["sessions[1].venues[0]"]
    broken_venue = shipped("""\
        venues:
          - {id: elsewhere, name: E}
        """).replace("venues: [vic]}", "venues: [elsewhere]}")
    err = error(write(tmp_path, "n.yaml", broken_venue))
    assert not [p for p in getattr(err, "problems", [err]) if "unknown venue" in str(p)]
