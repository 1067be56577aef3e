"""The report of `planner report`: one self-contained HTML page for Member States (no
network, no external assets: inline SVG and CSS), from Jinja2 templates shipped with
the package.

Everything it shows comes made: dates, deadlines and costs from the timetable rows and
the findings, the explanations as `explain` words them, the changes as `diff` words
them, the assumptions as the model files state them. Here they are only laid out: the
timeline places the rows' dates on a scale. Nothing depends on the clock.

Every meeting of a body is in the timetable and on the timeline: the sessions, and the
consultations and organizational session, which say their kind in the table and are
drawn in their own colour and hatching. The progress reports and the milestones of the
adoption path have a section of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ... import diff as df, explain as ex
from ...diff import Diff
from ...domain.findings import Finding
from ...domain.problem import Problem
from ...domain.schema import Documents, Venue, kinds_text
from ...domain.text import fmt, fmt_range, plural, short_date
from ...domain.timetable import Timetable
from ...explain import SessionExplanation
from ...occupancy import LISTED, DayUse, Occupancy, RoomUse, Stay, Week, occupancy, title
from ...rows import Milestone, ReportRow, SessionRow
from .. import cost_by_rule, provenance
from ..calendar import Calendar
from ..markdown import SHOWN, days_text

# the timeline: a band per calendar year, a lane per kind of span, in SVG user units
LEFT, PLOT = 110, 880  # lane labels, then the year's days
DAY = PLOT / 366  # units per day
LANES = (("sessions", "Sessions", 22), ("documents", "Documents", 14), ("meetings", "Other bodies", 10))
LANE_GAP, BAND_HEAD, BAND_FOOT, BAND_GAP = 6, 18, 16, 14
WIDTH = LEFT + PLOT + 10

# the hatching of the pipeline's spans, so that they differ in greyscale too: lines
# drawn as paths (print to PDF keeps them vectors, where SVG patterns become images)
HATCH = {
    "contributions": "v",
    "consolidation": "vh",
    "translation": "h",
    "consultation": "h",
    "organizational": "v",
    "fixed": "v",  # another body's meeting in the room grid
}
HATCH_STEP = 3

# the pipeline's spans between deadlines, drawn in the documents lane
PIPELINE = (
    ("contributions", "contributions", "Member States send contributions"),
    ("consolidation", "consolidation", "the secretariat consolidates the draft"),
    ("translation", "translation", "conference services edit and translate it"),
)


@dataclass
class Bar:
    """One span on the timeline: a rectangle per year it touches."""

    kind: str  # session, consultation, organizational, contributions, ...,
    # meeting, closed, soft
    label: str  # its text alternative
    start: date
    end: date
    session: str = ""
    rects: list[tuple[str, str, str, str, str]] = field(default_factory=list)  # x, y, width, height, hatch


@dataclass
class Band:
    year: int
    y: str
    height: str
    lanes: list[tuple[str, str]]  # label, y of its text
    ticks: list[tuple[str, str]]  # x, the month's abbreviation
    outside: list[tuple[str, str]]  # x, width: days outside the planning window


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


class Timeline:
    """The rows' dates, the pipeline's deadlines, holidays and the other bodies'
    meetings placed on year bands."""

    def __init__(self, problem: Problem, rows: list[SessionRow], cal: Calendar):
        window = problem.model.window
        self.years = list(range(cal.first.year, cal.last.year + 1))
        band_height = BAND_HEAD + sum(h + LANE_GAP for _, _, h in LANES) + BAND_FOOT
        self.height = _num(len(self.years) * (band_height + BAND_GAP))
        self.top = {y: i * (band_height + BAND_GAP) for i, y in enumerate(self.years)}
        self.lane_y = {}
        y = BAND_HEAD
        for key, _, h in LANES:
            self.lane_y[key] = (y, h)
            y += h + LANE_GAP
        self.bands = [self._band(year, band_height, window.start, window.end) for year in self.years]
        self.bars: list[Bar] = []
        for r in rows:
            self._add(
                Bar(
                    r.session.kind,
                    f"{r.id} {r.session.name}: {fmt_range(r.start, r.end)}",
                    r.start,
                    r.end,
                    r.id,
                ),
                "sessions",
            )
            for kind, start, end in pipeline(r):
                self._add(Bar(kind, f"{r.id} {kind}: {fmt_range(start, end)}", start, end, r.id), "documents")
        for m in cal.meetings:
            self._add(
                Bar(
                    "meeting",
                    f"{m.body} {m.name}: {fmt_range(m.start, m.end)}".replace(" :", ":"),
                    m.start,
                    m.end,
                ),
                "meetings",
            )
        self.holidays = []
        for vd in cal.days:
            for kind, days in (("closed", vd.closed), ("soft", vd.soft)):
                for day, name in sorted(days.items()):
                    if day.year in self.top:
                        words = name if isinstance(name, str) else ", ".join(n for _, n in name)
                        self.holidays.append(self._holiday(kind, day, words))

    def _band(self, year: int, height: int, first: date, last: date) -> Band:
        top = self.top[year]
        jan1, dec31 = date(year, 1, 1), date(year, 12, 31)
        ticks = [(_num(self.x(date(year, m, 1))), f"{date(year, m, 1):%b}") for m in range(1, 13)]
        outside = []
        if first > jan1:
            outside.append((_num(LEFT), _num(min(PLOT, (first - jan1).days * DAY))))
        if last < dec31:
            start = max(jan1, last + timedelta(days=1))
            outside.append((_num(self.x(start)), _num((dec31 - start).days * DAY + DAY)))
        lanes = [
            (label, _num(top + self.lane_y[key][0] + self.lane_y[key][1] / 2 + 4)) for key, label, _ in LANES
        ]
        return Band(year, _num(top), _num(height), lanes, ticks, outside)

    @staticmethod
    def x(day: date) -> float:
        return LEFT + (day - date(day.year, 1, 1)).days * DAY

    def _add(self, bar: Bar, lane: str) -> None:
        y, h = self.lane_y[lane]
        for year in range(bar.start.year, bar.end.year + 1):
            if year not in self.top:
                continue
            start, end = max(bar.start, date(year, 1, 1)), min(bar.end, date(year, 12, 31))
            x, top, w = self.x(start), self.top[year] + y, ((end - start).days + 1) * DAY
            bar.rects.append((_num(x), _num(top), _num(w), _num(h), hatch(bar.kind, x, top, w, h)))
        if bar.rects:
            self.bars.append(bar)

    def _holiday(self, kind: str, day: date, name: str) -> Bar:
        top = self.top[day.year]
        bar = Bar(kind, f"{fmt(day)}: {name}", day, day)
        x = self.x(day) + DAY / 2
        bar.rects.append(
            (_num(x), _num(top + BAND_HEAD), "0", _num(sum(h + LANE_GAP for _, _, h in LANES) - LANE_GAP), "")
        )
        return bar


def hatch(kind: str, x: float, y: float, w: float, h: float) -> str:
    """The path of a kind's hatching over a rectangle: vertical lines, horizontal ones or
    both, HATCH_STEP apart; "" for a kind without."""
    d = []
    if "v" in HATCH.get(kind, ""):
        d += [f"M{_num(x + i)} {_num(y)}v{_num(h)}" for i in _steps(w)]
    if "h" in HATCH.get(kind, ""):
        d += [f"M{_num(x)} {_num(y + i)}h{_num(w)}" for i in _steps(h)]
    return "".join(d)


def _steps(size: float) -> list[float]:
    return [i + HATCH_STEP / 2 for i in range(0, int(size), HATCH_STEP) if i + HATCH_STEP / 2 < size]


def pipeline(r: SessionRow) -> list[tuple[str, date, date]]:
    """The document pipeline into a session as spans between its deadlines: contributions
    (from the previous session's close), consolidation, and translation (from
    submission to issuance); none into a meeting that is not a session."""
    if not r.session.is_session:
        return []
    d = r.deadlines
    out = []
    if r.previous is not None and "contributions-close" in d:
        out.append(("contributions", r.previous.end + timedelta(days=1), d["contributions-close"]))
        if d["draft-ready"] > d["contributions-close"]:
            out.append(("consolidation", d["contributions-close"] + timedelta(days=1), d["draft-ready"]))
    if "submission" in d:  # a session that needs no new text has no pipeline
        out.append(("translation", d["submission"], d["issuance"]))
    return out


# from this many meetings the report is a conference centre's: a summary first, then
# sections by venue and month (the timeline's year bands cannot show them apart)
CENTRE = 300
# from more bodies than occupancy.LISTED, the title counts them and the document periods
# have a row per body, rather than a column each

# the room grid: a figure per venue and month, a column per day, a row per room with a
# lane per meeting at once, and a row of the venue's interpretation teams
GRID_LEFT, GRID_DAY, GRID_LANE, GRID_GAP, GRID_HEAD = 160, 26, 16, 5, 30
GRID_WIDTH = GRID_LEFT + 31 * GRID_DAY + 4
CHAR = 6.4  # the width of a label's character (10px), to draw a label only where it fits

# the weekly capacity chart: a band per year, a column per week
WEEK, WEEK_BAR = 16, 36  # units per week, the height of a full bar


@dataclass
class Block:
    """A meeting in a month's grid."""

    stay: Stay
    x: str
    y: str
    width: str
    height: str
    label: str  # "" where it does not fit
    hatch: str


@dataclass
class Grid:
    """A venue's rooms over one month."""

    venue: Venue
    month: date
    height: str
    days: list[tuple[str, date, str]]  # x, day, "weekend" / "closed" / ""
    rooms: list[tuple[str, str, str]]  # name, y, height
    blocks: list[Block]
    teams: list[tuple[str, DayUse]]  # x, the interpretation teams taken that day
    teams_y: str
    rows: list[SessionRow]  # the meetings opening that month at the venue

    @property
    def id(self) -> str:
        return f"{self.venue.id}-{self.month:%Y-%m}"


def grids(problem: Problem, rows: list[SessionRow], occ: Occupancy) -> list[Grid]:
    """A grid per venue and month in which one of its rooms is taken, in that order."""
    out = []
    teams = {(u.resource, u.day): u for u in occ.interpretation}
    for venue in occ.venues:
        rooms = [r for r in occ.rooms if r.venue.id == venue.id]
        month = occ.first.replace(day=1)
        while month <= occ.last:
            nxt = (month + timedelta(days=32)).replace(day=1)
            opening = [r for r in rows if r.venue.id == venue.id and month <= r.start < nxt]
            grid = _grid(problem, venue, month, nxt - timedelta(days=1), rooms, teams, opening)
            if grid.blocks or grid.rows:
                out.append(grid)
            month = nxt
    return out


def _grid(
    problem,
    venue: Venue,
    month: date,
    last: date,
    rooms: list[RoomUse],
    teams: dict,
    opening: list[SessionRow],
) -> Grid:
    vd = problem.days[venue.id]
    days = []
    for i in range(last.day):
        day = month + timedelta(days=i)
        kind = "closed" if day in vd.closed else "" if day.weekday() in vd.working else "weekend"
        days.append((_num(GRID_LEFT + i * GRID_DAY), day, kind))
    y, rows, blocks = GRID_HEAD, [], []
    for room in rooms:
        height = room.lanes * GRID_LANE
        rows.append((room.room.name, _num(y), _num(height)))
        for stay in room.stays:
            if stay.end < month or stay.start > last:
                continue
            start, end = max(stay.start, month), min(stay.end, last)
            x = GRID_LEFT + (start - month).days * GRID_DAY
            w = ((end - start).days + 1) * GRID_DAY
            top = y + stay.lane * GRID_LANE + 1
            fits = len(stay.who) * CHAR + 6 <= w
            kind = "fixed" if stay.fixed else ""
            blocks.append(
                Block(
                    stay,
                    _num(x),
                    _num(top),
                    _num(w),
                    _num(GRID_LANE - 2),
                    stay.who if fits else "",
                    hatch(kind, x, top, w, GRID_LANE - 2),
                )
            )
        y += height + GRID_GAP
    used = [(x, teams[venue.id, day]) for x, day, _ in days if (venue.id, day) in teams]
    return Grid(venue, month, _num(y + GRID_LANE + 4), days, rows, blocks, used, _num(y), opening)


@dataclass
class WeekBand:
    """A year of the weekly capacity chart."""

    year: int
    y: str
    height: str
    charts: list[tuple[str, str]]  # label, y of its base line
    bars: list[tuple[str, str, str, str, Week, str, DayUse]]  # x, y, width, height, week, chart, use
    capacity: list[tuple[str, str, str]]  # y of each chart's capacity line, x from, x to


def week_bands(problem: Problem, occ: Occupancy) -> list[WeekBand]:
    """Each venue's interpretation teams on the week's busiest day, and the translation
    pages, as bars against a line at capacity; a year a band."""
    capacity = {v.id: v.interpretation_capacity for v in occ.venues}
    charts = [(v.id, f"Interpreters, {v.name}") for v in occ.venues]
    if problem.model.translation_capacity is not None:
        capacity["translation"] = problem.model.translation_capacity
        charts.append(("translation", "Translation pages"))
    top = {
        key: max([capacity[key], *(u.used for w in occ.weeks if (u := _use(w, key)))]) for key, _ in charts
    }
    out, y = [], 0
    for year in sorted({w.monday.year for w in occ.weeks}):
        band = WeekBand(year, _num(y), "", [], [], [])
        base = y + 14
        for key, label in charts:
            base += WEEK_BAR + 20  # its label above the bars
            band.charts.append((label, _num(base - WEEK_BAR - 5)))
            for w in occ.weeks:
                u = _use(w, key)
                if w.monday.year != year or u is None or not u.used:
                    continue
                x = LEFT + (w.monday - date(year, 1, 1)).days / 7 * WEEK
                h = WEEK_BAR * u.used / top[key]
                band.bars.append((_num(x + 1), _num(base - h), _num(WEEK - 2), _num(h), w, key, u))
            line = _num(base - WEEK_BAR * capacity[key] / top[key])
            band.capacity.append((line, _num(LEFT), _num(LEFT + 53 * WEEK)))
        band.height = _num(base + 16 - y)
        out.append(band)
        y = base + 16 + BAND_GAP
    return out


def _use(week: Week, key: str) -> DayUse | None:
    return week.translation if key == "translation" else week.interpretation.get(key)


@dataclass
class Report:
    """What the report shows, made elsewhere."""

    status: str
    objective: int
    findings: list[Finding]  # soft and hard, as check finds them
    explanations: list[SessionExplanation]  # explain's, one per placed meeting
    changes: Diff | None  # from the baseline, if one is given
    assumptions: list  # authoring.Assumption
    notes: list[str] = field(default_factory=list)
    baseline: str = ""  # the baseline's name, as given


def to_html(
    problem: Problem,
    rows: list[SessionRow],
    report: Report,
    reports: Sequence[ReportRow] = (),
    milestones: Sequence[Milestone] = (),
    centre: int = CENTRE,
) -> str:
    """The page; from `centre` meetings on, a conference centre's (a summary first, then
    by venue and month); with more than one body, the rooms by day and the capacities."""
    import jinja2

    from constraints import REGISTRY, RULES, registered
    from constraints.dropped_session import DroppedSession

    from ...rows import trades

    env = jinja2.Environment(
        loader=jinja2.PackageLoader(__name__, "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    cal = Calendar(problem, rows, reports)
    soft = [f for f in report.findings if not f.hard and not f.history]
    by_rule = cost_by_rule(report.findings)
    weights = {r.name: r.weight(problem) for r in REGISTRY}  # a hard rule's: where the model softens it
    occ = occupancy(problem, Timetable({r.id: r.placement for r in rows}), rows)
    dropped = registered(DroppedSession).name
    bodies = problem.model.bodies
    return env.get_template("report.html.j2").render(
        title=title(problem),
        listed=len(bodies) <= LISTED,
        centre=len(rows) >= centre,
        many=len(bodies) > 1,
        occ=occ,
        grids=grids(problem, rows, occ),
        week_bands=week_bands(problem, occ),
        over_weeks=[w for w in occ.weeks if w.over],
        left_out=[f for f in report.findings if f.rule == dropped],
        summaries={name: rule.summary for name, rule in RULES.items()},
        names={s.id: s.name for s in problem.sessions},
        grid_width=_num(GRID_WIDTH),
        grid_day=GRID_DAY,
        grid_lane=GRID_LANE,
        meeting_days=len({d for r in rows for d in r.meeting_days}),
        bodies=problem.model.bodies,
        report=report,
        explanations=[ex.words(problem, e) for e in report.explanations],
        changes=None
        if report.changes is None
        else df.groups(problem, report.changes, (report.baseline, "this timetable")),
        rows=rows,
        first=cal.first,
        last=cal.last,
        window=problem.model.window,
        timeline=Timeline(problem, rows, cal),
        lanes=LANES,
        pipeline=PIPELINE,
        width=_num(WIDTH),
        left=LEFT,
        swatch={k: hatch(k, 0, 0, 22, 12) for k in HATCH},
        soft=soft,
        trades=trades,  # what the timetable trades, by rule when there are many
        hard=[f for f in report.findings if f.breach],
        history=[f for f in report.findings if f.history],
        by_rule=[(rule, weights.get(rule), cost) for rule, cost in by_rule.items()],
        calendars=_calendars(problem, rows, cal),
        meetings=cal.meetings,
        documents=[(name, f.description) for name, f in Documents.model_fields.items()],
        made=provenance(problem),
        shown=SHOWN,
        counts=kinds_text([r.session for r in rows]),
        reports=list(reports),
        milestones=list(milestones),
        kinds={r.session.kind for r in rows},
        fmt=fmt,
        fmt_range=fmt_range,
        plural=plural,
        short_date=short_date,
        days_text=days_text,
        css=env.get_template("report.css").render(),
    )


def _calendars(problem: Problem, rows: list[SessionRow], cal: Calendar) -> list[tuple]:
    """The holiday calendars of the venues the timetable uses: the calendar, and how many
    of its days fall in the report's months."""
    venues = {r.venue.id for r in rows} or {v.id for v in problem.model.venues}
    ids = dict.fromkeys(c for v in problem.model.venues if v.id in venues for c in v.holidays)
    out = []
    for cal_id in ids:
        c = problem.model.calendar(cal_id)
        assert c is not None, cal_id  # loading rejects a venue's unknown calendar
        out.append((c, sum(1 for h in c.days if cal.first <= h.date <= cal.last)))
    return out
