"""VTIMEZONE components built from zoneinfo's transitions.

Limited to the years in use, in the form calendar programs write themselves: a yearly
RRULE per kind of change, not a list of RDATEs, which vobject for one reads only the
first of. icalendar's own generated VTIMEZONE (7.3) puts the spring change at 03:00
instead of 02:00 local time, so it is not used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Component, Timezone, TimezoneDaylight, TimezoneStandard


def zones_in_use(events: list[Component]) -> dict[str, set[int]]:
    """TZID -> the years of the local times written with it."""
    out: dict[str, set[int]] = {}
    for event in events:
        for name in ("DTSTART", "DTEND"):
            prop = event.get(name)
            tzid = prop.params.get("TZID") if prop is not None else None
            if tzid:
                out.setdefault(str(tzid), set()).add(prop.dt.year)
    return out


@dataclass(frozen=True)
class Transition:
    """A change of a zone's offset or name at an instant: one onset of an observance."""

    at: datetime  # UTC instant
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool

    @property
    def local_start(self) -> datetime:
        """The onset as an observance writes it: local time in the offset before the change."""
        return (self.at + self.offset_from).replace(tzinfo=None)

    @property
    def kind(self) -> tuple:
        return self.daylight, self.offset_from, self.offset_to, self.name


STEP = timedelta(hours=6)  # shorter than any two changes of a zone in a row


def _state(zone: ZoneInfo, instant: datetime) -> tuple[timedelta, str, timedelta]:
    local = instant.astimezone(zone)
    offset, name, dst = local.utcoffset(), local.tzname(), local.dst()
    assert offset is not None and name is not None and dst is not None  # an aware time of a ZoneInfo
    return offset, name, dst


def _daylight(periods: list[tuple], i: int) -> bool:
    """Whether period i is DAYLIGHT. tzdata writes some zones with negative DST (Dublin's
    winter, Casablanca's Ramadan): there the period with no DST but the higher offset
    is the daylight one, as readers expect (they take TZOFFSETTO - TZOFFSETFROM of a
    DAYLIGHT onset as the DST amount)."""
    offset, _, dst = periods[i]
    if dst != timedelta(0):
        return dst > timedelta(0)
    return any(
        0 <= j < len(periods) and periods[j][2] < timedelta(0) and periods[j][0] < offset
        for j in (i - 1, i + 1)
    )


def transitions(tzid: str, first_year: int, last_year: int) -> list[Transition]:
    """The zone's changes that a VTIMEZONE valid from 1 January first_year to the end of
    last_year (local time) needs, read from zoneinfo to the second: the last change
    before the range (looked for up to a year back; every zone with daylight saving
    time has one), then every change in the range. A zone without a change in that
    year gets one onset on 1 January first_year, its offset before and after the same."""
    zone = ZoneInfo(tzid)
    begin = datetime(first_year, 1, 1, tzinfo=zone).astimezone(UTC)
    stop = datetime(last_year + 1, 1, 1, tzinfo=zone).astimezone(UTC)
    t = datetime(first_year - 1, 1, 1, tzinfo=zone).astimezone(UTC)
    periods, changes = [_state(zone, t)], []  # changes[i] starts periods[i + 1]
    while t < stop:
        nxt = min(t + STEP, stop)
        if _state(zone, nxt) == periods[-1]:
            t = nxt
            continue
        lo, hi = t, nxt  # state(lo) is the old state, state(hi) is not
        while hi - lo > timedelta(seconds=1):
            mid = (lo + (hi - lo) / 2).replace(microsecond=0)
            lo, hi = (mid, hi) if _state(zone, mid) == periods[-1] else (lo, mid)
        if hi >= stop:
            break
        periods.append(_state(zone, hi))
        changes.append(hi)
        t = hi
    daylight = [_daylight(periods, i) for i in range(len(periods))]
    found = []
    for i, at in enumerate(changes, 1):
        (before, name_before, _), (after, name, _) = periods[i - 1], periods[i]
        if (before, name_before, daylight[i - 1]) == (after, name, daylight[i]):
            continue  # a change a VTIMEZONE cannot tell (tzdata's DST flag alone)
        found.append(Transition(at, before, after, name, daylight[i]))
    earlier = [tr for tr in found if tr.at < begin]
    inside = [tr for tr in found if tr.at >= begin]
    if earlier:
        return [earlier[-1], *inside]
    i = sum(1 for at in changes if at <= begin)  # the period in force on 1 January
    offset, name, _ = periods[i]
    return [Transition(begin, offset, offset, name, daylight[i]), *inside]


WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _week_specs(local: datetime) -> set[int]:
    """Which BYDAY ordinals name this day within its month: 1-5 and -1 for the last."""
    specs = {(local.day - 1) // 7 + 1}
    if (local + timedelta(days=7)).month != local.month:
        specs.add(-1)
    return specs


def _yearly_runs(onsets: list[Transition]) -> list[tuple[list[Transition], int | None]]:
    """Onsets of one kind of change grouped into runs that one yearly rule describes
    (same month, weekday and time, consecutive years, the same ordinal weekday of the
    month), each with its BYDAY ordinal; a run of one onset has None."""
    runs: list[tuple[list[Transition], set[int]]] = []
    for tr in onsets:
        loc = tr.local_start
        if runs:
            run, specs = runs[-1]
            last = run[-1].local_start
            same = (
                loc.year == last.year + 1
                and loc.month == last.month
                and loc.weekday() == last.weekday()
                and loc.time() == last.time()
            )
            common = specs & _week_specs(loc) if same else set()
            if common:
                run.append(tr)
                runs[-1] = (run, common)
                continue
        runs.append(([tr], _week_specs(loc)))
    return [(run, (-1 if -1 in specs else min(specs)) if len(run) > 1 else None) for run, specs in runs]


def vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE for tzid from 1 January first_year to the end of last_year, built from
    zoneinfo's transitions in the form every reader knows: one STANDARD or DAYLIGHT
    observance per yearly rule (DTSTART at its first onset in use, RRULE FREQ=YEARLY
    with an UNTIL just after its last), and one per irregular change (DTSTART alone)."""
    kinds: dict[tuple, list[Transition]] = {}
    for tr in transitions(tzid, first_year, last_year):
        kinds.setdefault(tr.kind, []).append(tr)
    observances = []
    for onsets in kinds.values():
        for run, ordinal in _yearly_runs(onsets):
            first = run[0]
            obs = TimezoneDaylight() if first.daylight else TimezoneStandard()
            obs.add("dtstart", first.local_start)
            if ordinal is not None:
                # UNTIL is UTC (RFC 5545 3.6.5); a day after the last onset, so that a
                # reader that compares it with local times keeps that onset too
                obs.add(
                    "rrule",
                    {
                        "freq": "YEARLY",
                        "bymonth": first.local_start.month,
                        "byday": f"{ordinal}{WEEKDAYS[first.local_start.weekday()]}",
                        "until": run[-1].at + timedelta(days=1),
                    },
                )
            obs.add("tzname", first.name)
            obs.add("tzoffsetfrom", first.offset_from)
            obs.add("tzoffsetto", first.offset_to)
            observances.append((first.at, obs))
    tz = Timezone()
    tz.add("tzid", tzid)
    for _, obs in sorted(observances, key=lambda item: item[0]):
        tz.add_component(obs)
    return tz
