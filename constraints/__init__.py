"""The rule registry: every rule planner knows, in the order findings are reported.

The solver encodes exactly these rules and `planner check` evaluates exactly these
rules, each through its own single definition (see `constraints.base`).
"""

from .base import HARD, SOFT, Finding, Rule
from .document_lead_time import DocumentLeadTime
from .fixed_dates import FixedDates
from .interpretation_capacity import InterpretationCapacity
from .lost_meeting_day import LostMeetingDay
from .national_holiday import NationalHoliday
from .no_meeting_on_holiday import NoMeetingOnHoliday
from .planning_window import PlanningWindow
from .observance_day import ObservanceDay
from .preferred_room import PreferredRoom
from .preferred_venue import PreferredVenue
from .preferred_window import PreferredWindow
from .room_fits import RoomFits
from .room_free import RoomFree
from .session_length import SessionLength
from .session_order import SessionOrder
from .session_window import SessionWindow

REGISTRY: list[Rule] = [
    # hard
    FixedDates(),
    PlanningWindow(),
    SessionWindow(),
    SessionLength(),
    NoMeetingOnHoliday(),
    RoomFits(),
    RoomFree(),
    InterpretationCapacity(),
    SessionOrder(),
    DocumentLeadTime(),
    # soft
    PreferredWindow(),
    LostMeetingDay(),
    NationalHoliday(),
    ObservanceDay(),
    PreferredVenue(),
    PreferredRoom(),
]

RULES = {rule.name: rule for rule in REGISTRY}


def evaluate(problem, timetable) -> list[Finding]:
    """Every rule's findings on a timetable, hard ones first, in registry order."""
    return [f for rule in REGISTRY for f in rule.check(problem, timetable)]


__all__ = ["HARD", "SOFT", "Finding", "Rule", "REGISTRY", "RULES", "evaluate"]
