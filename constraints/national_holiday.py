"""national-holiday (soft, per day): meeting on a public holiday of the host country
(the building is open, staff availability is thinner)."""

from .holiday_days import SoftHolidayRule


class NationalHoliday(SoftHolidayRule):
    name = "national-holiday"
    kind = "national"
    default_weight = 2
    why = "a public holiday of the host country"
    summary = "each meeting day on a host-country public holiday"
