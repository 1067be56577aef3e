"""Rule levels and weights in the model (issue 19, point 2): `rules: {NAME: {level:
hard|soft, weight: N}}` for the whole model, a body (`committee:` or an entry of
`bodies:`) or a session, the narrowest scope winning. A hard rule made soft costs its
weight per unit of breach (SOFTENED_WEIGHT unless the model gives one), a soft rule made
hard forbids any cost, through both faces of every kind of rule; `planner rules` says
what the model set and where; bad settings are input errors with file and line."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

from conftest import GOOD, LIMIT, P, load_model, model_from, model_of_bodies, small_model_dict, write_model
from constraints import LEVELS, RULES, evaluate
from constraints.base import SOFTENED_WEIGHT
from constraints.consultation_distance import ConsultationDistance
from constraints.document_lead_time import DocumentLeadTime
from constraints.keep_apart import KeepApart
from constraints.preferred_window import PreferredWindow
from constraints.session_count import SessionCount
from constraints.session_window import SessionWindow
from oracle import cpsat_verdict
from schedule_planner.cli import main
from schedule_planner.domain.problem import Problem
from schedule_planner.domain.schema import RuleSetting
from schedule_planner.domain.timetable import Timetable
from schedule_planner.errors import Infeasible, InputError
from schedule_planner.solver import solve
from test_agreement import FAST, models, proposals
from verifier import verify

D = date.fromisoformat


# B opens 10 days after A closes: the pipeline (1 + 0 + 2 weeks) needs 21, so 11 days late
LATE = [P("A", "2023-03-06", "2023-03-10"), P("B", "2023-03-20", "2023-03-31"), GOOD[2]]


def problem_of(data: dict, **kwargs) -> Problem:
    return Problem(model_from(data), **kwargs)


def with_rules(where: str, rules: dict, data: dict | None = None) -> dict:
    """The small model with `rules:` at the top ("model"), on the committee ("body") or
    on a session (its id)."""
    data = data or small_model_dict()
    if where == "model":
        data["rules"] = rules
    elif where == "body":
        data["committee"]["rules"] = rules
    else:
        next(s for s in data["sessions"] if s["id"] == where)["rules"] = rules
    return data


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# ---------------------------------------------------------------- both faces, each kind


def test_the_defaults_are_the_rules_own():
    problem = problem_of(small_model_dict())
    verify(DocumentLeadTime).given(problem, *LATE).breaks("B")
    assert RULES["document-lead-time"].level_for(problem, "B") == "hard"
    assert RULES["preferred-window"].weight_for(problem, "B") == 1


@pytest.mark.parametrize("where", ["model", "body", "B"])
def test_a_pair_rule_made_soft_costs_its_weight_per_day_late(where):
    problem = problem_of(with_rules(where, {"document-lead-time": {"level": "soft", "weight": 3}}))
    verify(DocumentLeadTime).given(problem, *LATE).costs(11 * 3).says("11 days late")
    verify(DocumentLeadTime).given(problem, *GOOD).holds()


def test_a_rule_made_soft_without_a_weight_costs_the_softened_weight():
    problem = problem_of(with_rules("model", {"document-lead-time": {"level": "soft"}}))
    verify(DocumentLeadTime).given(problem, *LATE).costs(11 * SOFTENED_WEIGHT)
    assert SOFTENED_WEIGHT == 100


def test_a_session_rule_made_soft_for_one_session():
    """session-window soft for A alone: A outside its window costs a day each; B, still
    hard, breaks."""
    data = with_rules("A", {"session-window": {"level": "soft", "weight": 2}})
    for s in data["sessions"][:2]:
        s["window"] = {"start": "2023-03-13", "end": "2023-06-30"}
    problem = problem_of(data)
    verify(SessionWindow).given(problem, *GOOD).costs(7 * 2)  # A opens 7 days early
    early_b = [GOOD[0], P("B", "2023-03-27", "2023-04-06"), GOOD[2]]
    later_a = [P("A", "2023-03-20", "2023-03-24"), *early_b[1:]]
    verify(SessionWindow).given(problem, *later_a).holds()
    data["sessions"][1]["window"] = {"start": "2023-04-03", "end": "2023-06-30"}
    verify(SessionWindow).given(problem_of(data), *later_a).breaks("B")


def test_a_resource_rule_made_soft_costs_each_overlapping_day():
    """keep-apart soft: meeting beside CND costs its weight per overlapping day."""
    data = with_rules("body", {"keep-apart": {"level": "soft", "weight": 4}})
    data["committee"]["avoid"] = ["cnd"]
    problem = problem_of(data)
    overlapping = [P("A", "2023-03-15", "2023-03-21", room="small"), *GOOD[1:]]
    verify(KeepApart).given(problem, *overlapping).costs(3 * 4).says("meets 3 days alongside CND")
    verify(KeepApart).given(problem, *GOOD).holds()


def two_bodies(rules: dict | None, second_rules: dict | None = "same", same_week: bool = False) -> Problem:
    """A and C of one body, B of another that the first avoids (its id test2), keep-apart
    soft or hard as `rules` says on the first body and `second_rules` on the second (by
    default the same: each session's level is its own); `same_week`: A and B both
    prefer the week of 20 March, at 10 a day outside it."""
    data = small_model_dict()
    data["weights"] = {"preferred-window": 10}
    for s in data["sessions"]:
        s["length"] = {"weeks": 1}
        s["room"] = {"seats": 50}
        s.pop("preferred", None)
        if same_week and s["id"] != "C":
            s["preferred"] = {"start": "2023-03-20", "end": "2023-03-24"}
    model = model_of_bodies(data, [["A", "C"], ["B"]])
    first, second = model.bodies

    def settings(given):
        return {name: RuleSetting(**r) for name, r in (given or {}).items()}

    first = first.model_copy(update={"avoid": ["TEST2"], "rules": settings(rules)})
    second = second.model_copy(update={"rules": settings(rules if second_rules == "same" else second_rules)})
    return Problem(model.model_copy(update={"bodies": [first, second]}))


def test_a_resource_rule_made_soft_between_sessions_being_planned():
    """Two bodies' sessions on the same days: hard, the solver's face refuses it; soft,
    both faces price each day of each session that meets beside the other."""
    together = [P("A", "2023-03-20", "2023-03-24"), P("B", "2023-03-20", "2023-03-24", room="small")]
    verify(KeepApart).given(two_bodies(None), *together).breaks("A", "B")
    soft = two_bodies({"keep-apart": {"level": "soft", "weight": 3}})
    verify(KeepApart).given(soft, *together).costs(2 * 5 * 3)
    half = [together[0], P("B", "2023-03-23", "2023-03-29", room="small")]
    verify(KeepApart).given(soft, *half).costs(2 * 2 * 3)  # Thursday and Friday, for each


def test_a_resource_rule_soft_for_one_session_and_hard_for_another():
    """Each session's level is its own: B, for which keep-apart stays hard, breaks beside
    A; A, for which it is soft, pays. The solver keeps them apart (B may not overlap),
    though both prefer the same week."""
    soft = {"keep-apart": {"level": "soft", "weight": 3}}
    problem = two_bodies(soft, None)
    together = [P("A", "2023-03-20", "2023-03-24"), P("B", "2023-03-20", "2023-03-24", room="small")]
    given = verify(KeepApart).given(problem, *together).breaks("B")
    assert [(f.session, f.level, f.cost) for f in given.findings] == [("A", "soft", 15), ("B", "hard", 0)]
    result = solve(two_bodies(soft, None, same_week=True), time_limit=LIMIT)
    a, b = result.timetable.get("A"), result.timetable.get("B")
    assert a.end < b.start or b.end < a.start
    # soft for both, at 1 a day: meeting together (2 x 5) costs less than a week away (50)
    result = solve(
        two_bodies({"keep-apart": {"level": "soft", "weight": 1}}, same_week=True), time_limit=LIMIT
    )
    assert result.timetable.get("A").start == result.timetable.get("B").start == D("2023-03-20")
    assert sum(f.cost for f in result.findings if f.rule == "keep-apart") == 10


def test_a_consultation_without_its_gap_made_soft():
    """consultation-distance soft for K: K meeting while B, the session it follows, is
    left out costs its weight, in both faces; hard, it breaks."""
    data = small_model_dict()
    data["sessions"][1]["optional"] = True
    data["sessions"].append(
        {"id": "K", "kind": "consultation", "after": "B", "name": "Consultation", "length": {"days": 1},
         "room": {"seats": 50}, "optional": True}
    )  # fmt: skip
    k = P("K", "2023-05-02", "2023-05-02", room="small")
    verify(ConsultationDistance).given(problem_of(data), GOOD[0], GOOD[2], k, dropped=("B",)).breaks("K")
    soft = with_rules("K", {"consultation-distance": {"level": "soft", "weight": 6}}, data)
    verify(ConsultationDistance).given(problem_of(soft), GOOD[0], GOOD[2], k, dropped=("B",)).costs(6)


def test_a_body_rule_made_soft_costs_each_session_short():
    data = with_rules("body", {"session-count": {"level": "soft", "weight": 7}})
    data["committee"]["min_sessions"] = 3
    data["sessions"][2]["optional"] = True
    verify(SessionCount).given(problem_of(data), *GOOD[:2], dropped=("C",)).costs(7)


def test_a_soft_rule_made_hard_forbids_any_cost():
    problem = problem_of(with_rules("B", {"preferred-window": {"level": "hard"}}))
    outside = [GOOD[0], P("B", "2023-05-08", "2023-05-19"), GOOD[2]]
    verify(PreferredWindow).given(problem, *outside).breaks("B").says("late for its preferred window")
    verify(PreferredWindow).given(problem, *GOOD).holds()
    # the other sessions keep the default: soft
    assert RULES["preferred-window"].level_for(problem, "A") == "soft"


def test_the_narrowest_scope_wins():
    data = with_rules("model", {"document-lead-time": {"level": "soft", "weight": 3}})
    data["committee"]["rules"] = {"document-lead-time": {"weight": 5}}
    data["sessions"][2]["rules"] = {"document-lead-time": {"level": "hard"}}
    problem = problem_of(data)
    rule = RULES["document-lead-time"]
    assert (rule.level_for(problem, "B"), rule.weight_for(problem, "B")) == ("soft", 5)
    assert rule.level_for(problem, "C") == "hard"
    assert (rule.level_for(problem, None), rule.weight_for(problem, None)) == ("soft", 3)
    assert problem.rule_setting("document-lead-time", "B") == (("soft", "model"), (5, "body test"))


# ---------------------------------------------------------------- solving and checking


def squeezed() -> dict:
    """The small model whose pipeline (1 + 0 + 6 weeks) cannot fit between three
    sessions before 24 June (even opening on other weekdays than Monday): infeasible while
    document-lead-time is hard."""
    data = small_model_dict()
    data["documents"].update(submission_weeks=6, issuance_weeks=4)
    data["window"]["end"] = "2023-06-23"
    return data


def test_a_softened_rule_lets_an_infeasible_model_solve_and_check_agrees(tmp_path):
    with pytest.raises(Infeasible):
        solve(problem_of(squeezed()), time_limit=LIMIT)
    data = with_rules("model", {"document-lead-time": {"level": "soft", "weight": 2}}, squeezed())
    problem = problem_of(data)
    result = solve(problem, time_limit=LIMIT)
    findings = evaluate(problem, result.timetable)
    late = [f for f in findings if f.rule == "document-lead-time"]
    assert late and all(f.level == "soft" and f.cost == 2 * f.amount for f in late)
    assert result.objective == sum(f.cost for f in findings)
    # the solved timetable passes `check`: exit 0, its lateness priced
    path = write_model(tmp_path, data)
    out = tmp_path / "plan.json"
    assert run("solve", path, "-f", "json", "-o", out).exit_code == 0
    checked = run("check", out, "-m", path)
    assert checked.exit_code == 0, checked.output
    assert "document-lead-time (soft)" in checked.output


def test_a_hardened_soft_rule_binds_the_solver():
    """preferred-window hard for B: the solver keeps B within April, whatever else it costs."""
    data = with_rules("B", {"preferred-window": {"level": "hard"}})
    data["sessions"][1]["preferred"] = {"start": "2023-05-15", "end": "2023-05-26"}
    result = solve(problem_of(data), time_limit=LIMIT)
    b = result.timetable.get("B")
    assert (b.start, b.end) == (D("2023-05-15"), D("2023-05-26"))
    data["sessions"][1]["preferred"] = {"start": "2023-05-15", "end": "2023-05-19"}  # too short
    with pytest.raises(Infeasible):
        solve(problem_of(data), time_limit=LIMIT)


def test_a_softened_window_lets_the_solver_look_outside_it():
    """A solve builds options only inside a session's own window while session-window is
    hard for it; soft, it weighs the days outside against what they save."""
    data = small_model_dict()
    data["weights"] = {"preferred-window": 10}
    data["sessions"][0].update(
        window={"start": "2023-03-06", "end": "2023-03-10"},
        preferred={"start": "2023-03-20", "end": "2023-03-24"},
    )
    hard = solve(problem_of(data), time_limit=LIMIT)
    assert hard.timetable.get("A").start == D("2023-03-06")
    soft = with_rules("A", {"session-window": {"level": "soft", "weight": 1}}, data)
    result = solve(problem_of(soft), time_limit=LIMIT)
    assert result.timetable.get("A").start == D("2023-03-20")  # 14 days outside cost 14, not 100
    [f] = [f for f in result.findings if f.rule == "session-window"]
    assert (f.level, f.amount, f.cost) == ("soft", 14, 14)


def test_keep_apart_soft_meets_beside_an_avoided_body_only_when_it_pays():
    """A prefers CND's week: hard keep-apart moves it off; soft at 1 a day, meeting
    beside CND (5 days x 1) costs less than 5 days outside its preferred week... at 20
    a day, it moves."""
    data = small_model_dict()
    data["committee"]["avoid"] = ["cnd"]
    data["sessions"][0].update(
        room={"seats": 50},
        window={"start": "2023-03-06", "end": "2023-03-31"},
        preferred={"start": "2023-03-13", "end": "2023-03-17"},
    )
    data["weights"] = {"preferred-window": 10}
    cheap = with_rules("A", {"keep-apart": {"level": "soft", "weight": 1}}, data)
    result = solve(problem_of(cheap), time_limit=LIMIT)
    assert result.timetable.get("A").start == D("2023-03-13")
    assert [(f.rule, f.cost) for f in result.findings if f.rule == "keep-apart"] == [("keep-apart", 5)]
    dear = with_rules("A", {"keep-apart": {"level": "soft", "weight": 20}}, data)
    result = solve(problem_of(dear), time_limit=LIMIT)
    assert result.timetable.get("A").start != D("2023-03-13")


def test_the_default_model_is_unchanged_by_an_empty_setting_of_levels(default_result):
    """The default model with document-lead-time soft: its timetable already meets the
    pipeline, so the same timetable comes out at the same cost."""
    model = load_model()
    soft = model.model_copy(update={"rules": {"document-lead-time": RuleSetting(level="soft")}})
    result = solve(Problem(soft), time_limit=LIMIT)
    assert result.timetable.placements == default_result.timetable.placements
    assert result.objective == default_result.objective


# ---------------------------------------------------------------- bodies: another rhythm


def test_a_body_states_its_own_rhythm_and_a_soft_pipeline(tmp_path):
    """A second body with its own pipeline (contributions and consolidation assumed, a
    shorter submission) made soft for that body alone: the committee's stays hard."""
    data = small_model_dict()
    data["bodies"] = [
        {
            "id": "other",
            "name": "Other Body",
            "documents": {
                "contributions_weeks": 8,
                "consolidation_weeks": 8,
                "submission_weeks": 4,
                "issuance_weeks": 2,
            },
            "rules": {"document-lead-time": {"level": "soft", "weight": 1}},
            "sessions": [
                {"id": "X", "name": "First", "length": {"weeks": 1}, "room": {"seats": 50}},
                {"id": "Y", "name": "Second", "length": {"weeks": 1}, "room": {"seats": 50}},
            ],
        }
    ]
    problem = Problem(load_model(write_model(tmp_path, data)))
    rule = RULES["document-lead-time"]
    assert rule.level_for(problem, "Y") == "soft" and rule.level_for(problem, "B") == "hard"
    result = solve(problem, time_limit=LIMIT)  # 20 weeks cannot fit between X and Y: priced
    [late] = [f for f in result.findings if f.rule == "document-lead-time"]
    assert late.session == "Y" and late.cost == late.amount > 0
    out = run("rules", write_model(tmp_path, data)).output
    assert "document-lead-time  body other  soft, weight 1  " in out


# ---------------------------------------------------------------- planner rules


def test_planner_rules_shows_what_the_model_set_and_where(tmp_path):
    data = with_rules("model", {"document-lead-time": {"level": "soft", "weight": 3}})
    data["committee"]["rules"] = {"keep-apart": {"level": "soft"}}
    data["sessions"][1]["rules"] = {"preferred-window": {"level": "hard"}}
    path = write_model(tmp_path, data)
    text = path.read_text()
    result = run("rules", path)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("document-lead-time       soft, weight 3 ") for line in lines)
    assert any(line.startswith("keep-apart               hard ") for line in lines)  # the model's
    tail = result.output.split("set by the model's `rules:`")[1].splitlines()[1:]
    assert tail == [
        f"document-lead-time  model      soft, weight 3  {path}:{line_of(text, 'document-lead-time')}",
        f"keep-apart          body test  soft            {path}:{line_of(text, 'keep-apart')}",
        f"preferred-window    session B  hard            {path}:{line_of(text, 'preferred-window')}",
    ]
    plain = run("rules").output
    assert "set by the model" not in plain  # the default model sets none: as before


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# ---------------------------------------------------------------- weights: and --weight


def test_weights_and_the_models_rules_weight_mean_the_same():
    a = problem_of({**small_model_dict(), "weights": {"lost-meeting-day": 7}})
    b = problem_of(with_rules("model", {"lost-meeting-day": {"weight": 7}}))
    assert RULES["lost-meeting-day"].weight_for(a, "A") == RULES["lost-meeting-day"].weight_for(b, "A") == 7


def test_the_weight_option_overrides_the_models_rules_weight(tmp_path):
    path = write_model(tmp_path, with_rules("model", {"lost-meeting-day": {"weight": 7}}))
    out = run("rules", path, "--weight", "lost-meeting-day=2").output
    assert "lost-meeting-day         soft, weight 2 " in out
    # and a weight for a rule the model softens is taken
    path = write_model(tmp_path, with_rules("body", {"document-lead-time": {"level": "soft"}}))
    assert run("rules", path, "--weight", "document-lead-time=4").exit_code == 0


# ---------------------------------------------------------------- bad input


def model_error(tmp_path, data: dict) -> tuple[InputError, str]:
    path = write_model(tmp_path, data)
    with pytest.raises(InputError) as exc:
        load_model(path)
    return exc.value, path.read_text()


@pytest.mark.parametrize(
    "where, rules, field, needle, words",
    [
        ("model", {"document-lead-tim": {"level": "soft"}}, "rules.document-lead-tim", "document-lead-tim",
         "no rule is named 'document-lead-tim' (did you mean 'document-lead-time'?)"),
        ("body", {"document-lead-time": {"level": "medium"}}, "committee.rules.document-lead-time.level",
         "medium", "'hard' or 'soft'"),
        ("B", {"lost-meeting-day": {"weight": -1}}, "sessions[1].rules.lost-meeting-day.weight", "weight: -1",
         "greater than or equal to 0"),
        ("B", {"lost-meeting-day": {}}, "sessions[1].rules.lost-meeting-day", "lost-meeting-day",
         "sets neither a level nor a weight"),
        ("model", {"fixed-dates": {"level": "soft"}}, "rules.fixed-dates.level", "level: soft",
         "'fixed-dates' is always hard: a model cannot set its level"),
        ("A", {"planning-window": {"level": "soft"}}, "sessions[0].rules.planning-window.level", "level: soft",
         "'planning-window' is always hard"),
        ("body", {"dropped-session": {"level": "hard"}}, "committee.rules.dropped-session.level", "level: hard",
         "'dropped-session' is always soft"),
        ("model", {"room-free": {"weight": 3}}, "rules.room-free.weight", "weight: 3",
         "'room-free' is a hard rule; only soft rules take weights (make it soft"),
        ("model", {"days-moved": {"color": 3}}, "rules.days-moved.color", "color", "unknown key 'color'"),
    ],
)  # fmt: skip
def test_a_bad_setting_names_file_line_and_field(tmp_path, where, rules, field, needle, words):
    err, text = model_error(tmp_path, with_rules(where, rules))
    assert err.field == field and words in str(err), (err.field, str(err))
    assert err.file.endswith("model.yaml") and err.line == line_of(text, needle)


def test_a_weight_given_twice_at_the_top_is_refused(tmp_path):
    data = with_rules("model", {"lost-meeting-day": {"weight": 3}})
    data["weights"] = {"lost-meeting-day": 4}
    err, _ = model_error(tmp_path, data)
    assert err.field == "rules.lost-meeting-day.weight" and "give it in one place" in str(err)


def test_a_bad_setting_exits_2_on_the_command_line(tmp_path):
    path = write_model(tmp_path, with_rules("model", {"nonsense": {"level": "soft"}}))
    for args in (("solve", path), ("check", "x.json", "-m", path), ("rules", path)):
        result = run(*args)
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert f"{path}:" in result.output and "rules.nonsense" in result.output


def test_a_model_without_rules_keeps_its_dump():
    """`rules` left out of a dump when unset: the digest of every model that sets none
    stays what it was."""
    model = model_from(small_model_dict())
    dumped = model.model_dump(mode="json")
    assert "rules" not in dumped and all("rules" not in b for b in dumped["bodies"])
    assert all("rules" not in s for b in dumped["bodies"] for s in b["sessions"])


# ---------------------------------------------------------------- both faces, at random


SETTABLE = [name for name, lv in LEVELS.items() if lv.settable]


@st.composite
def leveled_models(draw) -> Problem:
    """tests/test_agreement.py's random models, with a few rules' levels and weights set
    for the model, the first body or one session."""
    problem = draw(models())
    model = problem.model
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(SETTABLE))
        setting = RuleSetting(
            level=draw(st.sampled_from([None, "hard", "soft", "soft"])),
            weight=draw(st.sampled_from([None, 0, 1, 3])),
        )
        scope = draw(st.integers(0, 2))
        if scope == 0:
            model = model.model_copy(update={"rules": {**model.rules, name: setting}})
        elif scope == 1:
            body = model.bodies[0]
            body = body.model_copy(update={"rules": {**body.rules, name: setting}})
            model = model.model_copy(update={"bodies": [body, *model.bodies[1:]]})
        else:
            session = draw(st.sampled_from(model.sessions))
            model = model.with_session(session.id, rules={**session.rules, name: setting})
    return Problem(model, problem.baseline, problem.today)


@FAST
@given(st.data())
def test_check_agrees_with_cpsat_at_any_levels(data):
    problem = data.draw(leveled_models())
    tt = data.draw(proposals(problem))
    # a session moved in a solved timetable meets: no longer left out
    tt = Timetable(tt.placements, frozenset(tt.dropped - set(tt.placements)))
    findings = evaluate(problem, tt)
    hard = [f for f in findings if f.breach]
    feasible, objective = cpsat_verdict(problem, tt)
    assert feasible == (not hard), [f.line() for f in hard]
    if feasible:
        assert objective == sum(f.cost for f in findings), [f.line() for f in findings]


@FAST
@given(leveled_models())
def test_solved_timetables_pass_check_at_any_levels(problem):
    try:
        result = solve(problem, time_limit=LIMIT)
    except Infeasible:
        return
    findings = evaluate(problem, result.timetable)
    assert not [f for f in findings if f.breach]
    assert result.objective == sum(f.cost for f in findings)
