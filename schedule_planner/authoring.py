"""Help for writing a model: the resolved model with where each value came from, the
JSON Schema and the field reference (both from the definitions that validate a file),
starter models, and holiday entries to add for further years."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from .assembly import with_assembly
from .domain.schema import Model, ModelFile, kinds_text
from .domain.text import plural
from .errors import InputError
from .loading import data_dir, needed_years, origin_text, read_model_file, with_derived_holidays
from .regular import with_projected_meetings
from .yamlio import Document

SCHEMA_FILE = "model.schema.json"
ORDER = (
    "committee",
    "window",
    "documents",
    "consultations",
    "reports",
    "weights",
    "rules",
    "sessions",
    "bodies",
    "venues",
    "holidays",
    "meetings",
    "regular",
    "assembly",
    "assembly_practice",
    "deciding",
    "translation_capacity",
)
MODELINE = f"# yaml-language-server: $schema={SCHEMA_FILE}"


# ---------------------------------------------------------------- planner model


def _scalar(value) -> str:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return value
    return (
        yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6)
        .removesuffix("\n...\n")
        .strip()
    )


def resolved_yaml(source) -> str:
    """The model as planner reads it: includes merged, every default filled in, derived
    holidays computed, each value with the file and line it came from (or `default`)."""
    file, doc = read_model_file(source)
    dumped = file.model_dump(mode="json", exclude={"include", "remove"})
    data = {k: dumped[k] for k in ORDER if k in dumped}  # in the order a model file is written
    derived = with_derived_holidays(file.to_model())
    for i, cal in enumerate(derived.holidays):
        if cal.derived:
            data["holidays"][i]["days"] = [h.model_dump(mode="json") for h in cal.days]
    # the General Assembly's sessions derived from its practice, then the meetings it
    # holds at its venue and the regular series' meetings, projected: after those the file lists
    years = needed_years(derived)
    expanded = with_projected_meetings(with_assembly(derived, years), years)
    listed_at = {a.session: i for i, a in enumerate(file.assembly)}
    published = len(file.meetings)
    if file.assembly_practice is not None:
        data["assembly"] = [a.model_dump(mode="json") for a in expanded.assembly]
    if len(expanded.meetings) > published:
        data["meetings"] = [m.model_dump(mode="json") for m in expanded.meetings]
    lines = [
        f"# {doc.file}: the model as planner reads it; each value's origin after '#'",
        "# (default: not written, the default applies; derived: computed at load;",
        "# projected: another body's meeting from its pattern, with its source: confirm it against the calendar of conferences)",
    ]

    def origin(loc: tuple) -> str:
        if loc[:1] == ("meetings",) and len(loc) > 1 and loc[1] >= published:
            return "projected"
        if file.assembly_practice is not None and loc[:1] == ("assembly",) and len(loc) > 1:
            sitting = expanded.assembly[loc[1]]
            if loc[2:] == ("opens",) and sitting.session not in listed_at and "opens" not in sitting.derived:
                return origin_text(doc.locate(("assembly_practice", "openings", str(sitting.session))))
            if sitting.session not in listed_at or (len(loc) > 2 and loc[2] in [*sitting.derived, "derived"]):
                return "derived"
            loc = loc[:1] + (listed_at[sitting.session],) + loc[2:]
        if loc[:1] == ("holidays",) and len(loc) > 2 and loc[2] == "days" and file.holidays[loc[1]].derived:
            if len(loc) == 3:
                return origin_text(doc.where[loc]) if loc in doc.where else "derived"
            # the days shown are derived and listed ones merged by date: a listed day's
            # place is that of its date in the file's list, not of its index here
            listed = [h.date.isoformat() for h in file.holidays[loc[1]].days]
            day = data["holidays"][loc[1]]["days"][loc[3]]["date"]
            if day not in listed:
                return "derived"
            loc = loc[:3] + (listed.index(day),) + loc[4:]
        return origin_text(doc.where.get(loc))

    def emit(value, loc: tuple, pad: str, lead: str = ""):
        """Lines for a mapping or list; `lead` starts the first line (a list item's '- ')."""
        first = True
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            head = (lead if first else " " * len(lead)) if isinstance(value, dict) else ""
            first = False
            label = f"{pad}{head}{key}:" if isinstance(value, dict) else f"{pad}-"
            sub = loc + (key,)
            if isinstance(item, (dict, list)) and item:
                if isinstance(value, dict):
                    lines.append(f"{label}  # {origin(sub)}")
                    emit(item, sub, pad + " " * len(head) + "  ")
                elif isinstance(item, dict):
                    emit(item, sub, pad, "- ")
                else:
                    lines.append(f"{label}  # {origin(sub)}")
                    emit(item, sub, pad + "  ")
            else:
                lines.append(f"{label} {_scalar(item)}  # {origin(sub)}")

    emit(data, (), "")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Assumption:
    """What a model file says it assumes (a comment that holds ASSUMED), and where."""

    origin: str  # file:line, shipped files as planner:NAME
    text: str


def assumptions(source) -> list[Assumption]:
    """Every comment of the model's files that says ASSUMED, in file order: a comment
    after a value with that value's path and value (venues[vic].rooms[plenary-m].seats =
    1000), a comment on lines of its own as its paragraph (up to a blank comment line, a
    list item or a value)."""
    _, doc = read_model_file(source)
    at: dict[tuple, tuple] = {}  # (file, line) -> the first path written there
    for loc, where in doc.where.items():
        at.setdefault(where, loc)
    return [
        found
        for file in dict.fromkeys(f for f, _ in doc.where.values())
        if Path(file).is_file()  # --set and the like: no file
        for found in _assumptions_in(file, doc, at)
    ]


def _assumptions_in(file: str, doc: Document, at: dict) -> list[Assumption]:
    """The ASSUMED comments of one of the model's files, in line order."""
    out = []
    paragraph: list[tuple[int, str]] = []

    def close() -> None:
        if any("ASSUMED" in text for _, text in paragraph):
            out.append(Assumption(origin_text((file, paragraph[0][0])), " ".join(t for _, t in paragraph)))
        paragraph.clear()

    for number, line in enumerate(Path(file).read_text(encoding="utf-8").splitlines(), 1):
        code, comment = _split_comment(line)
        if code.strip():
            close()
            if comment and "ASSUMED" in comment:
                loc = at.get((file, number))
                what = code.strip().removeprefix("- ") if loc is None else _path(doc.data, loc, code)
                out.append(Assumption(origin_text((file, number)), f"{what}: {comment}"))
            continue
        text = (comment or "").strip()
        if not text or text.startswith("- ") or text.startswith("yaml-language-server"):
            close()
        if text and not text.startswith("yaml-language-server"):
            paragraph.append((number, text.removeprefix("- ")))
    close()
    return out


def _split_comment(line: str) -> tuple[str, str | None]:
    """A YAML line's code and its comment (None: none): a # that opens a comment, not
    one inside a quoted scalar (a quote opens one only where a scalar begins)."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"" and (i == 0 or line[i - 1] in " \t[{,:-"):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i], line[i + 1 :].strip()
    return line, None


def _path(data, loc: tuple, code: str) -> str:
    """A value's path as --set names it (venues[vic].rooms[m3].seats) and, for a
    scalar, its value as written on the line `code`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            item = data[part]
            key = item.get("id") if isinstance(item, dict) else None
            out += f"[{key if key is not None else part}]"
        else:
            out += f".{part}" if out else str(part)
        data = data[part]
    if isinstance(data, (dict, list)):
        return out
    written = code.partition(":")[2] if ":" in code else code.strip().removeprefix("-")
    return f"{out} = {written.strip()}"


# ---------------------------------------------------------------- planner schema


def json_schema(fragment: bool = False) -> dict:
    """The JSON Schema of a model file; a fragment (a file others include) requires no
    top-level key."""
    schema = ModelFile.model_json_schema()
    # a file may leave a meeting's id out: the loader derives it before validating
    schema["$defs"]["Meeting"]["required"].remove("id")
    schema["title"] = "planner model file"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    if fragment:
        schema.pop("required", None)
        schema["description"] = (
            "A planner model file, or part of one that another includes: "
            "no top-level key is required here, the merged model needs them."
        )
    return schema


def schema_text(fragment: bool = False) -> str:
    return json.dumps(json_schema(fragment), indent=2, ensure_ascii=False) + "\n"


def field_reference() -> str:
    """The model file's fields as Markdown, from the schema: docs/reference/model.md."""
    schema = json_schema()
    defs = schema.get("$defs", {})
    out = []

    def kind(prop: dict) -> str:
        if "$ref" in prop:
            return prop["$ref"].rsplit("/", 1)[-1]
        if "anyOf" in prop:
            return " or ".join(kind(p) for p in prop["anyOf"] if p.get("type") != "null")
        if prop.get("type") == "array":
            return f"list of {kind(prop.get('items', {}))}"
        if "enum" in prop:
            return " \\| ".join(f"`{v}`" for v in prop["enum"])
        if prop.get("format") == "date":
            return "date"
        if prop.get("type") == "object":
            return "mapping"
        return prop.get("type", "any")

    def table(title: str, model: dict):
        out.append(f"**{title}**" + (f": {model['description']}" if model.get("description") else ""))
        out.append("")
        out.append("| field | type | required | default | what it is |")
        out.append("|---|---|---|---|---|")
        required = set(model.get("required", []))
        for name, prop in model.get("properties", {}).items():
            default = "" if "default" not in prop else f"`{json.dumps(prop['default'], ensure_ascii=False)}`"
            text = (prop.get("description") or "").replace("|", "\\|")
            out.append(
                f"| `{name}` | {kind(prop)} | {'yes' if name in required else ''} | {default} | {text} |"
            )
        out.append("")

    table("model file", schema)
    for name in sorted(defs):
        table(name, defs[name])
    return "\n".join(out)


# ---------------------------------------------------------------- planner init


def generic_template(today: date) -> str:
    year = today.year + 1
    return f"""{MODELINE}
# A starter model: three one-week sessions of a committee in {year}, at one venue whose
# public holidays come from the `holidays` library. Change what you need, then:
#   planner validate model.yaml    # every problem at once, with file:line
#   planner solve model.yaml       # the timetable
#   planner model model.yaml       # the model as planner reads it, defaults included

committee:
  id: my-committee                 # letters, digits, '.', '_' or '-'
  name: Intergovernmental Committee on Something
  short_name: My Committee

window: {{start: {year}-01-01, end: {year}-12-31}}   # every session lies within it

documents:                         # the pipeline between sessions, in weeks
  contributions_weeks: 2           # ASSUMED: Member States send contributions
  consolidation_weeks: 2           # ASSUMED: the secretariat consolidates them
  submission_weeks: 10             # GA res. 49/221 B: documents due 10 weeks ahead
  issuance_weeks: 6                # ... and issued in six languages 6 weeks ahead

venues:
  - id: venue
    name: Conference Centre
    city: Geneva
    country: Switzerland
    timezone: Europe/Zurich        # an IANA time zone
    meeting_hours: ["10:00-13:00", "15:00-18:00"]
    holidays: [public-holidays]
    interpretation_capacity: 2     # meetings with interpretation at once
    rooms:
      - {{id: main, name: Main Room, seats: 600, interpretation: 6}}

holidays:
  - id: public-holidays
    name: Public holidays in Geneva
    kind: closed                   # closed: no meetings; national: allowed at a cost
    derived: {{country: CH, subdivision: GE}}

sessions:                          # in the order they meet
  - id: S1
    name: First session
    length: {{weeks: 1}}             # or {{days: N}} meeting days, {{calendar_days: N}}
    preferred: {{start: {year}-02-01, end: {year}-03-31}}
  - id: S2
    name: Second session
    length: {{weeks: 1}}
    preferred: {{start: {year}-06-01, end: {year}-07-15}}
  - id: S3
    name: Third session
    length: {{weeks: 1}}
    preferred: {{start: {year}-10-01, end: {year}-11-30}}
"""


def seed_template() -> str:
    """The default model (A/AC.291/2), including the shipped data by name."""
    text = (data_dir() / "ahc-cybercrime.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^(\s*-\s*)(venues|holidays|assembly)\.yaml", r"\1planner:\2.yaml", text, flags=re.M)
    return f"{MODELINE}\n{text}"


def init(folder: Path, template: str, today: date) -> list[Path]:
    """Write a starter model (and its schema, for editors) into folder; never overwrite."""
    if not str(folder).strip():
        raise InputError("give the folder to write the model into", field="FOLDER")
    try:
        return _write_starter(folder, template, today)
    except OSError as exc:
        raise InputError(f"cannot write there: {exc.strerror}", str(folder)[:200]) from None


def _write_starter(folder: Path, template: str, today: date) -> list[Path]:
    text = generic_template(today) if template == "generic" else seed_template()
    # the seed includes the shipped venues: its file alone lacks a required key, as a fragment does
    files = {folder / "model.yaml": text, folder / SCHEMA_FILE: schema_text(fragment=template == "seed")}
    existing = [str(p) for p in files if p.exists()]
    if existing:
        raise InputError(
            f"{', '.join(existing)}: already there; planner init never overwrites, choose another folder"
        )
    if folder.exists() and not folder.is_dir():
        raise InputError("is not a folder", str(folder))
    folder.mkdir(parents=True, exist_ok=True)
    for path, body in files.items():
        path.write_text(body, encoding="utf-8")
    return list(files)


def summary(model: Model) -> str:
    """'1 committee: 8 sessions and 7 consultations; 2 venues, 5 holiday calendars, 35
    other meetings (12 projected)'."""
    projected = sum(m.projected for m in model.meetings)
    return f"{plural(len(model.bodies), 'committee')}: {kinds_text(model.sessions)}; " + ", ".join(
        [
            plural(len(model.venues), "venue"),
            plural(len(model.holidays), "holiday calendar"),
            plural(len(model.meetings), "other meeting") + (f" ({projected} projected)" if projected else ""),
        ]
    )
