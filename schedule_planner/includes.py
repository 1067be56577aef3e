"""Model files that include others: extend the shipped data instead of copying it.

A file's `include:` names files merged in first: a path next to the file, or
`planner:NAME` for the data planner ships (`planner:venues.yaml`); a `.csv` file holds
other meetings one a line, the calendar of conferences (`schedule_planner.conferences`).
Then:

- Lists of identified things (venues, their rooms, holiday calendars, other meetings,
  sessions) merge by `id`, and a calendar's days by `date`: an entry with an id already included is changed field by
  field; a new one is appended, in include order and then the file's own order (so the
  order of sessions, which pairs them for the document pipeline, stays as written).
  Other meetings without an id get one derived from body and start (cnd-2021-04-12).
- The including file overrides what it includes, field by field; mappings merge key by
  key, other lists and plain values are replaced.
- Two files included side by side that set one field to different values conflict:
  the error names both places.
- `remove: [ids]` leaves included entries out (`VENUE/ROOM` for a room).

The merge works on located trees (every value with the file and line it came from), so
that the merged model's errors still name the file and line each value was written at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import conferences, yamlio
from .domain.schema import _iso_date
from .errors import InputError, shown

PREFIX = "planner:"
# lists merged by a key of their entries: by id, and a calendar's days by date
ID_LISTS = {
    "venues": "id",
    "holidays": "id",
    "meetings": "id",
    "regular": "id",
    "sessions": "id",
    "rooms": "id",
    "bodies": "id",
    "reports": "id",
    "days": "date",
}


@dataclass
class Node:
    """A value read from a file, with where it was written."""

    # dict[str, Node] | list[Node] | a plain scalar (a Conflict while merging): the shape
    # the code expects at each path, as YAML gives it, so Any rather than a union to narrow
    value: Any
    at: tuple  # (file, line)

    def plain(self):
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


@dataclass
class Conflict:
    """Two files included side by side that give one field different values: an error
    unless the including file (or a scenario) sets the field itself."""

    first: Node
    other: Node
    field: str

    def error(self) -> InputError:
        return _error(
            self.other.at,
            self.field or None,
            f"conflicts with {_where(self.first.at)}: the files are included side by "
            "side and give different values; set it in the including file",
        )


def located(doc: yamlio.Document, data, loc: tuple = ()) -> Node:
    at = doc.locate(loc)
    if isinstance(data, dict):
        return Node({k: located(doc, v, loc + (k,)) for k, v in data.items()}, at)
    if isinstance(data, list):
        return Node([located(doc, v, loc + (i,)) for i, v in enumerate(data)], at)
    return Node(data, at)


def document(node: Node, name: str) -> yamlio.Document:
    """The merged tree as plain data with the place of every path in it."""
    where: dict = {}

    def walk(n: Node, loc: tuple):
        if isinstance(n.value, Conflict):
            raise n.value.error()
        where[loc] = n.at
        if isinstance(n.value, dict):
            for k, v in n.value.items():
                walk(v, loc + (k,))
        elif isinstance(n.value, list):
            for i, v in enumerate(n.value):
                walk(v, loc + (i,))

    walk(node, ())
    return yamlio.Document(node.plain(), where, name)


def _where(at: tuple) -> str:
    return f"{at[0]}:{at[1]}" if at[1] else str(at[0])


def _error(at: tuple, field: str | None, message: str) -> InputError:
    return InputError(message, at[0], at[1], field)


# the files one model may read through its includes (a file included along two paths
# counts twice): bounds the work of includes that fan out
MAX_INCLUDED_FILES = 500


@dataclass
class Reading:
    """What bounds the includes of one model: the folders they must lie in (None: any
    folder, `--allow-include-outside`) and the files read so far."""

    data_dir: Path
    folders: tuple | None
    files: int = 0


def resolve(path: Path, data_dir: Path, allow_outside: bool = False) -> Node:
    """The file at `path` with everything it includes merged in. Includes lie in the
    model's folder tree or the shipped data, unless `allow_outside`; the same file may
    be included along two paths (a diamond), never by itself (a cycle)."""
    folders = None if allow_outside else (path.resolve().parent, data_dir.resolve())
    return _resolve(path, Reading(data_dir, folders), ())


def _resolve(path: Path, reading: Reading, chain: tuple) -> Node:
    reading.files += 1
    if reading.files > MAX_INCLUDED_FILES:
        raise InputError(
            f"the model reads more than {MAX_INCLUDED_FILES} files through its includes "
            "(a file included along several paths counts each time)",
            str(path),
        )
    # an included CSV file: the calendar of conferences, other meetings one a line
    doc = conferences.load(path) if chain and conferences.is_table(path) else yamlio.load(path)
    root = located(doc, doc.data)
    _derive_meeting_ids(root)
    own = dict(root.value)
    include = own.pop("include", None)
    remove = own.pop("remove", None)
    if include is not None and include.value == []:
        include = None  # `include: []`: nothing to include
    if include is None:
        if remove is not None:
            raise _error(remove.at, "remove", "nothing is included to remove from")
        return Node(own, root.at)
    if isinstance(include.value, str):
        names = [include]
    elif isinstance(include.value, list) and include.value:
        names = include.value
    else:
        raise _error(include.at, "include", "expected a list of file names")
    chain += (path,)
    parts: list[tuple[Path, Node]] = []
    for i, item in enumerate(names):
        if not isinstance(item.value, str) or not item.value.strip():
            raise _error(item.at, f"include[{i}]", "expected a file name")
        sub = _locate_include(item, path, reading.data_dir, i)
        key = sub.resolve()
        if reading.folders is not None and not any(key.is_relative_to(f) for f in reading.folders):
            raise _error(
                item.at,
                f"include[{i}]",
                f"'{item.value}' lies outside the model's folder "
                f"({reading.folders[0]}) and the shipped data; give --allow-include-outside "
                "to read it",
            )
        if any(key == p.resolve() for p in chain):
            cycle = chain[[p.resolve() for p in chain].index(key) :] + (sub,)
            raise _error(
                item.at,
                f"include[{i}]",
                f"'{item.value}' includes itself: " + " -> ".join(str(p) for p in cycle),
            )
        if any(p[0] == key for p in parts):
            raise _error(item.at, f"include[{i}]", f"'{item.value}' is included twice")
        parts.append((key, _resolve(sub, reading, chain)))
    base = _side_by_side([node for _, node in parts])
    if remove is not None:
        _remove(base, remove)
    return _overlay(base, Node(own, root.at))


def scenario(base: Node, path: Path) -> Node:
    """A scenario file merged onto a resolved model: its `remove` leaves the model's
    entries out, its values win field by field, lists merge by id, as for includes."""
    doc = yamlio.load(path)
    root = located(doc, doc.data)
    _derive_meeting_ids(root)
    own = dict(root.value)
    if "include" in own:
        raise _error(
            own["include"].at,
            "include",
            "a scenario is merged onto the model and includes nothing: give its changes here",
        )
    remove = own.pop("remove", None)
    if remove is not None:
        _remove(base, remove)
    return _overlay(base, Node(own, root.at))


# --set PATH=VALUE: names and [key] selectors of identified entries, joined by dots;
# a selector may hold dots (`sessions[S2.a].length.weeks`)
SET_PATH = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)(?:\[([^\]]+)\])?")


def setting(base: Node, text: str) -> Node:
    """`--set PATH=VALUE` merged onto a resolved model: one scalar of the model changed,
    e.g. `sessions[S2].length.weeks=1` or `documents.min_gap_weeks=11`. The value is
    read as a model file's scalar (typed by the schema when the model is validated)."""
    at = ("--set", None)
    path, sep, value = text.partition("=")
    if not sep or not path.strip():
        raise InputError(
            f"'{shown(text)}' is not PATH=VALUE, e.g. sessions[S2].length.weeks=1", field="--set"
        )
    parts, pos, path = [], 0, path.strip()
    while pos < len(path):
        m = SET_PATH.match(path, pos)
        if not m or (m.end() < len(path) and path[m.end()] != "."):
            raise InputError(
                f"'{shown(path)}' is not a path such as sessions[S2].length.weeks (names joined "
                "by dots, an entry of a list picked by its id in brackets)",
                field="--set",
            )
        parts.append((m[1], m[2]))
        pos = m.end() + 1
    node, overlay = base, dict[str, Node]()
    cursor, written = overlay, ""
    for i, (name, key) in enumerate(parts):
        written += ("." if written else "") + name
        last = i == len(parts) - 1
        if (
            last
            and key is None
            and i > 0
            and parts[i - 1][1] is not None
            and name == ID_LISTS.get(parts[i - 1][0])
        ):
            raise InputError(
                f"{written}: an entry's {name} cannot be changed with --set (it names the entry)",
                field="--set",
            )
        child = node.value.get(name) if isinstance(node.value, dict) else None
        if key is None:
            if last:
                cursor[name] = Node(yamlio.scalar(value.strip()), at)
            else:
                cursor[name] = Node({}, at)
                cursor = cursor[name].value
                node = child if child is not None else Node({}, at)
            continue
        field = ID_LISTS.get(name)
        entries = [
            e
            for e in (child.value if child is not None and isinstance(child.value, list) else [])
            if isinstance(e.value, dict) and field in e.value and e.value[field].value == key
        ]
        if field is None or not entries:
            raise InputError(
                f"{written}[{shown(key)}]: the model has no such entry"
                + ("" if field else f" ('{shown(name)}' is not a list of entries with ids)"),
                field="--set",
            )
        if last:
            raise InputError(f"{written}[{shown(key)}]: give a field of the entry to set", field="--set")
        entry = {field: Node(key, at)}
        cursor[name] = Node([Node(entry, at)], at)
        cursor, node = entry, entries[0]
        written += f"[{shown(key)}]"
    return _overlay(base, Node(overlay, at))


def _locate_include(item: Node, path: Path, data_dir: Path, i: int) -> Path:
    try:
        return _find_include(item, path, data_dir, i)
    except OSError as exc:  # a name too long for the file system, a path through a file...
        raise _error(
            item.at, f"include[{i}]", f"'{item.value[:80]}' cannot be read: {exc.strerror}"
        ) from None


def _find_include(item: Node, path: Path, data_dir: Path, i: int) -> Path:
    name = item.value.strip()
    if "\x00" in name or len(name) > 1024:
        raise _error(item.at, f"include[{i}]", "is not a file name")
    if name.startswith(PREFIX):
        shipped = sorted(p.name for p in data_dir.glob("*.yaml"))
        target = data_dir / name[len(PREFIX) :]
        if name[len(PREFIX) :] not in shipped:
            raise _error(
                item.at,
                f"include[{i}]",
                f"planner ships no '{name[len(PREFIX) :]}' (it "
                f"ships: {', '.join(PREFIX + s for s in shipped)})",
            )
        return target
    target = path.parent / name
    if not target.exists():
        hint = (
            f"; the shipped data is included as {PREFIX}{name}"
            if (data_dir / name).exists() and path.parent.resolve() != data_dir.resolve()
            else ""
        )
        raise _error(item.at, f"include[{i}]", f"included file '{name}' not found next to {path.name}{hint}")
    if target.is_dir():
        raise _error(item.at, f"include[{i}]", f"'{name}' is a directory, not a file")
    return target


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "meeting"


def _derive_meeting_ids(root: Node) -> None:
    """Other meetings without an id get one from body and start, unique in the file."""
    meetings = root.value.get("meetings") if isinstance(root.value, dict) else None
    if meetings is None or not isinstance(meetings.value, list):
        return
    taken = {
        m.value["id"].value
        for m in meetings.value
        if isinstance(m.value, dict) and "id" in m.value and isinstance(m.value["id"].value, str)
    }
    for m in meetings.value:
        if not isinstance(m.value, dict) or "id" in m.value:
            continue
        body, start = m.value.get("body"), m.value.get("start")
        if body is None or start is None or not isinstance(body.value, str):
            continue  # validation names what is missing
        base = f"{_slug(body.value)}-{start.value}"
        ident, n = base, 1
        while ident in taken:
            n += 1
            ident = f"{base}-{n}"
        taken.add(ident)
        m.value = {"id": Node(ident, m.at), **m.value}


def _ids(node: Node, field: str = "id") -> list | None:
    """The keys of an identified list's entries, or None if it is not one."""
    if not isinstance(node.value, list):
        return None
    ids = []
    for item in node.value:
        if (
            not isinstance(item.value, dict)
            or field not in item.value
            or not isinstance(item.value[field].value, str)
        ):
            return None
        ids.append(item.value[field].value)
    return ids


def _by_id(key: str, nodes: list[Node]) -> bool:
    """Whether these lists merge entry by entry: they are lists of identified things; an
    entry without its key, or a key given twice in one list, is an error then."""
    if key not in ID_LISTS or not all(isinstance(n.value, list) for n in nodes):
        return False
    if not any(isinstance(item.value, dict) for n in nodes for item in n.value):
        return False  # a list of plain values (the rooms a meeting holds): replaced whole
    field = ID_LISTS[key]
    for n in nodes:
        seen: dict = {}
        for i, item in enumerate(n.value):
            ident = item.value.get(field) if isinstance(item.value, dict) else None
            if ident is None or not isinstance(ident.value, str):
                raise _error(
                    item.at,
                    f"{key}[{i}].{field}",
                    f"each entry needs its {field} (a plain "
                    f"value) to merge with the {key} of the files included",
                )
            if ident.value in seen:
                raise _error(
                    item.at,
                    f"{key}[{i}].{field}",
                    f"duplicate {field} '{shown(ident.value)}' (also at {_where(seen[ident.value])})",
                )
            seen[ident.value] = item.at
    return True


def _key(key: str, item: Node) -> str:
    return item.value[ID_LISTS[key]].value


def _side_by_side(nodes: list[Node], field: str = "") -> Node:
    """Files included side by side: what they share must agree."""
    if len(nodes) == 1:
        return nodes[0]
    if all(isinstance(n.value, dict) for n in nodes):
        out: dict[str, list[Node]] = {}
        for n in nodes:
            for k, v in n.value.items():
                out.setdefault(k, []).append(v)
        return Node(
            {k: _side_by_side_key(k, vs, f"{field}.{k}" if field else k) for k, vs in out.items()},
            nodes[0].at,
        )
    first = nodes[0]
    for other in nodes[1:]:
        if isinstance(first.value, Conflict) or other.plain() != first.plain():
            return Node(Conflict(first, other, field), other.at)  # unless the includer decides
    return first


def _side_by_side_key(key: str, nodes: list[Node], field: str) -> Node:
    if len(nodes) > 1 and _by_id(key, nodes):
        entries: dict[str, list[Node]] = {}
        for n in nodes:
            for item in n.value:
                entries.setdefault(_key(key, item), []).append(item)
        return Node(
            [_side_by_side(items, f"{field}[{ident}]") for ident, items in entries.items()], nodes[0].at
        )
    return _side_by_side(nodes, field)


def _overlay(base: Node, own: Node, key: str = "") -> Node:
    """The including file's values over the included ones, field by field."""
    if isinstance(base.value, dict) and isinstance(own.value, dict):
        merged = dict(base.value)
        for k, v in own.value.items():
            merged[k] = _overlay(base.value[k], v, k) if k in base.value else v
        return Node(merged, own.at)
    if _by_id(key, [base, own]):
        entries = {_key(key, item): item for item in base.value}
        for item in own.value:
            ident = _key(key, item)
            entries[ident] = _overlay(entries[ident], item) if ident in entries else item
        return Node(list(entries.values()), own.at)
    return own


def _remove(base: Node, remove: Node) -> None:
    """Leave out the included entries `remove` names: ids of venues, holiday calendars
    (and the venues' mentions of them), meetings, regular series or sessions, or VENUE/ROOM
    for a room. A venue goes with the meetings and series held at it."""
    items = remove.value if isinstance(remove.value, list) else None
    if items is None:
        raise _error(remove.at, "remove", "expected a list of ids")
    for i, item in enumerate(items):
        ident = item.value
        if not isinstance(ident, str):
            raise _error(item.at, f"remove[{i}]", "expected an id")
        lists = [
            (k, base.value[k])
            for k in ("venues", "holidays", "meetings", "regular", "sessions")
            if k in base.value
        ]
        if "/" in ident:
            venue, _, room = ident.partition("/")
            venues = dict(lists).get("venues")
            found = [
                v
                for v in (venues.value if venues and isinstance(venues.value, list) else [])
                if isinstance(v.value, dict) and v.value.get("id") and v.value["id"].value == venue
            ]
            if not found or "rooms" not in found[0].value:
                raise _error(item.at, f"remove[{i}]", f"no included venue '{shown(venue)}' with rooms")
            lists, ident = [("rooms", found[0].value["rooms"])], room
        hits = [(k, n) for k, n in lists if ident in (_ids(n) or [])]
        if not hits:
            raise _error(item.at, f"remove[{i}]", f"no included entry has the id '{shown(ident)}'")
        if len(hits) > 1:
            raise _error(
                item.at,
                f"remove[{i}]",
                f"'{shown(ident)}' is the id of entries in {' and '.join(k for k, _ in hits)}: rename one",
            )
        kind, node = hits[0]
        node.value = [e for e in node.value if e.value["id"].value != ident]
        if kind == "venues":  # and the other bodies' meetings and series held there
            for key in ("meetings", "regular"):
                if key in base.value and isinstance(base.value[key].value, list):
                    base.value[key].value = [e for e in base.value[key].value if not _at_venue(e, ident)]
        if kind == "holidays":  # and from the venues that list it: `remove: [un-recess]`
            for place in _entries(base.value.get("venues")):
                names = place.value.get("holidays")
                if names is not None and isinstance(names.value, list):
                    names.value = [n for n in names.value if n.value != ident]


def _at_venue(entry: Node, venue: str) -> bool:
    place = entry.value.get("venue") if isinstance(entry.value, dict) else None
    return place is not None and place.value == venue


def _entries(node: Node | None) -> list[Node]:
    return [
        e
        for e in (node.value if node is not None and isinstance(node.value, list) else [])
        if isinstance(e.value, dict)
    ]


def _plain(node: Node | None, key: str):
    child = node.value.get(key) if node is not None and isinstance(node.value, dict) else None
    return child.value if child is not None else None


DATES = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})\.\.([0-9]{4}-[0-9]{2}-[0-9]{2})")


def unavailable(base: Node, text: str, n: int) -> Node:
    """`--unavailable VENUE[:ROOM]:FROM..TO` merged onto a resolved model: a room (or the
    whole venue, every room and interpretation team) taken from FROM to TO, as another
    body's meeting `unavailable-N` would take it."""
    at = ("--unavailable", None)
    parts = text.strip().split(":")
    dates = DATES.fullmatch(parts[-1]) if len(parts) in (2, 3) else None
    if dates is None:
        raise InputError(
            f"'{shown(text)}' is not VENUE[:ROOM]:FROM..TO, e.g. vic:plenary-m:2023-01-02..2023-03-31",
            field="--unavailable",
        )
    _day(dates[1], "--unavailable"), _day(dates[2], "--unavailable")
    if dates[2] < dates[1]:
        raise InputError(f"'{shown(text)}': {dates[2]} is before {dates[1]}", field="--unavailable")
    venue_id, room = parts[0], (parts[1] if len(parts) == 3 else None)
    venue = next((v for v in _entries(base.value.get("venues")) if _plain(v, "id") == venue_id), None)
    if venue is None:
        known = [_plain(v, "id") for v in _entries(base.value.get("venues"))]
        raise InputError(
            f"the model has no venue '{shown(venue_id)}' (known: {', '.join(map(str, known))})",
            field="--unavailable",
        )
    rooms = [_plain(r, "id") for r in _entries(venue.value.get("rooms"))]
    if room is not None and room not in rooms:
        raise InputError(
            f"{venue_id} has no room '{shown(room)}' (rooms: {', '.join(map(str, rooms))})",
            field="--unavailable",
        )
    meeting = {
        "id": f"unavailable-{n}",
        "body": "Unavailable",
        "name": f"{room or 'the whole venue'} unavailable ({text.strip()})",
        "venue": venue_id,
        "start": dates[1],
        "end": dates[2],
        "rooms": [Node(r, at) for r in ([room] if room else rooms)],
        "interpretation": "0" if room else _plain(venue, "interpretation_capacity"),
        "source": "--unavailable",
    }
    entry = Node({k: Node(v, at) for k, v in meeting.items()}, at)
    return _overlay(base, Node({"meetings": Node([entry], at)}, at))


def _day(text: str, field: str) -> str:
    """A date given on the command line, checked as the model's dates are."""
    try:
        return _iso_date(text).isoformat()
    except ValueError as exc:
        raise InputError(str(exc), field=field) from None


def not_before(base: Node, day: str, keep: frozenset[str] = frozenset()) -> Node:
    """`--not-before DATE` merged onto a resolved model: every session without fixed
    dates, except those `keep` names (pinned by --today), opens on or after DATE (its
    window starts then at the earliest)."""
    at = ("--not-before", None)
    day = _day(day.strip(), "--not-before")
    window_end = _plain(base.value.get("window"), "end")
    overlay = {}
    changes = _postponed(base.value.get("sessions"), day, window_end, at, keep)
    if changes:
        overlay["sessions"] = Node(changes, at)
    bodies = [
        Node({"id": Node(_plain(body, "id"), at), "sessions": Node(moved, at)}, at)
        for body in _entries(base.value.get("bodies"))
        for moved in [_postponed(body.value.get("sessions"), day, window_end, at, keep)]
        if moved
    ]
    if bodies:
        overlay["bodies"] = Node(bodies, at)
    return _overlay(base, Node(overlay, at)) if overlay else base


def _postponed(sessions: Node | None, day: str, window_end, at, keep: frozenset[str]) -> list[Node]:
    """What --not-before changes in a list of sessions: the window of each one without
    fixed dates, and not pinned (`keep`), that could open before `day`."""
    changes = []
    for session in _entries(sessions):
        if _plain(session, "fixed") is not None or _plain(session, "id") in keep:
            continue  # held, announced or otherwise fixed, or pinned: not postponed
        own = session.value.get("window")
        start = _plain(own, "start") if own is not None and isinstance(own.value, dict) else None
        if isinstance(start, str) and start >= day:
            continue
        end = (_plain(own, "end") if own is not None and isinstance(own.value, dict) else None) or window_end
        if isinstance(end, str) and end < day:
            raise InputError(
                f"session {_plain(session, 'id')}'s window ends on {end}, before {day}: it "
                "cannot be postponed there (widen its window in a scenario)",
                field="--not-before",
            )
        changes.append(
            Node(
                {
                    "id": Node(_plain(session, "id"), at),
                    "window": Node({"start": Node(day, at), "end": Node(end, at)}, at),
                },
                at,
            )
        )
    return changes
