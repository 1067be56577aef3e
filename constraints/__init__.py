"""The rule registry: every rule planner knows, in the order findings are reported.

The solver encodes exactly these rules and `planner check` evaluates exactly these
rules, each through its own single definition (see `constraints.base`).
"""

from typing import TypeVar

from schedule_planner.domain.findings import RuleLevel
from schedule_planner.domain.timetable import Placement

from .after_today import AfterToday
from .approval_in_time import ApprovalInTime
from .base import HARD, SOFT, DistanceRule, Finding, PairRule, ResourceRule, Rule, SessionRule
from .city_changed import CityChanged
from .consultation_distance import ConsultationDistance
from .days_moved import DaysMoved
from .document_lead_time import DocumentLeadTime
from .dropped_session import DroppedSession
from .fixed_dates import FixedDates
from .interpretation_capacity import InterpretationCapacity
from .keep_apart import KeepApart
from .lost_meeting_day import LostMeetingDay
from .monday_start import MondayStart
from .moved_session import MovedSession
from .national_holiday import NationalHoliday
from .no_meeting_on_holiday import NoMeetingOnHoliday
from .observance_day import ObservanceDay
from .organizational_first import OrganizationalFirst
from .planning_window import PlanningWindow
from .preferred_room import PreferredRoom
from .preferred_venue import PreferredVenue
from .preferred_window import PreferredWindow
from .progress_report import ProgressReport
from .recess import Recess
from .required_venue import RequiredVenue
from .room_fits import RoomFits
from .room_free import RoomFree
from .session_count import SessionCount
from .session_length import SessionLength
from .session_order import SessionOrder
from .session_window import SessionWindow
from .sessions_per_year import SessionsPerYear
from .short_session import ShortSession
from .spread import Spread
from .translation_capacity import TranslationCapacity

REGISTRY: list[Rule] = [
    # hard
    FixedDates(),
    PlanningWindow(),
    AfterToday(),
    SessionWindow(),
    SessionLength(),
    NoMeetingOnHoliday(),
    Recess(),
    RoomFits(),
    RoomFree(),
    InterpretationCapacity(),
    TranslationCapacity(),
    SessionOrder(),
    DocumentLeadTime(),
    SessionCount(),
    SessionsPerYear(),
    RequiredVenue(),
    KeepApart(),
    # the rest of the negotiation's calendar: consultations, the organizational session,
    # progress reports and the adoption path
    ConsultationDistance(),
    OrganizationalFirst(),
    ProgressReport(),
    ApprovalInTime(),
    # soft
    PreferredWindow(),
    LostMeetingDay(),
    MondayStart(),
    ShortSession(),
    NationalHoliday(),
    ObservanceDay(),
    PreferredVenue(),
    PreferredRoom(),
    Spread(),
    # re-planning: the fewest moves from a --baseline
    MovedSession(),
    DaysMoved(),
    CityChanged(),
    # the one way of not holding something: an optional session left out
    DroppedSession(),
]

RULES = {rule.name: rule for rule in REGISTRY}
# what the model loader is told: each rule's default level, and whether a model may set it
LEVELS = {rule.name: RuleLevel(rule.level, rule.level_settable) for rule in REGISTRY}
SESSION_RULES = [r for r in REGISTRY if isinstance(r, SessionRule)]


def placement_rules(problem, session) -> list[SessionRule]:
    """The rules that judge one placement by itself and are hard for the session, at the
    levels the model sets: what a room choice can satisfy."""
    key = ("placement-rules", session.id)
    if key not in problem.memo:
        problem.memo[key] = [r for r in SESSION_RULES if r.level_for(problem, session.id) == HARD]
    return problem.memo[key]


DroppedSession.placement_rules = staticmethod(placement_rules)  # what a left-out session was short of
DaysMoved.outweigh([r for r in REGISTRY if r.priced_per_day])  # no per-day rule pays for a moved day
CityChanged.priced_as(RULES[DaysMoved.name])  # a change of city costs weeks of moved days


R = TypeVar("R", bound=Rule)


def registered(kind: type[R]) -> R:
    """The registry's rule of a class: for code that needs one rule's own methods (the
    meeting a report reports on, the slack of an approval), found by its class, never
    by its name."""
    return next(r for r in REGISTRY if type(r) is kind)


def evaluate(problem, timetable) -> list[Finding]:
    """Every rule's findings on a timetable, hard ones first, in registry order."""
    return [f for rule in REGISTRY for f in rule.findings(problem, timetable)]


def best_room(problem, session, dates):
    """The dates (a placement) in the room of their venue to which the fewest hard rules
    on one placement object, the venue's first in a tie; among the rooms the session
    names, if it names some there. Only the rules that read the room can tell rooms apart."""
    return room_choice(problem, session, dates)[0]


def room_choice(problem, session, dates) -> tuple:
    """`best_room`'s placement, and the hard rules on one placement (`placement_rules`)
    that read the room (`reads_room`) and object to it, each judging it alone: none where
    a room suits the session. The rules that read no room object alike in every room, so
    they choose no room and are not judged here."""
    rooms = problem.venue(dates.venue).rooms
    rooms = [r for r in rooms if session.room.allows(r.id)] or rooms
    rules = placement_rules(problem, session)
    by_room = [r for r in rules if r.reads_room]
    best, objecting = dates, None
    for room in rooms:  # each judged only as far as it can beat the best so far
        p = Placement(dates.session, dates.venue, room.id, dates.start, dates.end)
        against = []
        for rule in by_room:
            if _judged(problem, rule, session, p):
                against.append(rule)
                if objecting is not None and len(against) >= len(objecting):
                    break
        if objecting is None or len(against) < len(objecting):
            best, objecting = p, against
        if not against:
            break
    return best, objecting or []


def _judged(problem, rule, session, p):
    """The rule's verdict on the placement alone; for a rule that reads no dates
    (`reads_dates`), judged once per venue and room."""
    if rule.reads_dates:
        return rule.judge(problem, session, p)
    key = (rule.name, "room", session.id, p.venue, p.room)
    if key not in problem.memo:
        problem.memo[key] = rule.judge(problem, session, p)
    return problem.memo[key]


__all__ = [
    "HARD",
    "SOFT",
    "Finding",
    "Rule",
    "SessionRule",
    "PairRule",
    "ResourceRule",
    "DistanceRule",
    "REGISTRY",
    "RULES",
    "LEVELS",
    "SESSION_RULES",
    "placement_rules",
    "registered",
    "evaluate",
    "best_room",
    "room_choice",
]
