"""observance-day (soft, per day): meeting on a day GA res. 69/250 asks bodies to avoid
(Orthodox Good Friday, Eid al-Fitr, Eid al-Adha)."""

from .holiday_days import SoftHolidayRule


class ObservanceDay(SoftHolidayRule):
    name = "observance-day"
    kind = "observance"
    default_weight = 5
    why = "GA res. 69/250 asks bodies to avoid it"
    summary = "each meeting day on a day GA res. 69/250 asks bodies to avoid"
