"""Reading YAML and JSON files with the line of every value, so errors can name it.

Plain scalars stay strings (except null): `10:00` is not sexagesimal 600 and `no`
is not False; the typed model (pydantic) converts a string only where a field asks
for a number, a date or a boolean, and reports the line when it cannot.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import InputError

Loc = tuple  # a path into the data: ("sessions", 3, "length", "weeks")
NULLS = {"", "~", "null", "Null", "NULL"}
LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml when present: same nodes, faster


@dataclass
class Document:
    """Data read from one or more files, with (file, line) for every path in it."""

    data: object
    where: dict = field(default_factory=dict)  # Loc -> (file, line)
    file: str = ""

    def locate(self, loc: Loc) -> tuple[str, int | None]:
        """The file and line of the nearest located prefix of loc."""
        loc = tuple(loc)
        while loc:
            if loc in self.where:
                return self.where[loc]
            loc = loc[:-1]
        return self.where.get((), (self.file, None))

    def error(self, loc: Loc, message: str) -> InputError:
        file, line = self.locate(loc)
        return InputError(message, file, line, field_name(loc))


def field_name(loc: Loc) -> str | None:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or None


def read_text(path: Path | str, text: str | None = None) -> str:
    """A file's text (or standard input's, for "-"), or one clear InputError."""
    name = str(path)
    if text is None and name == "-":
        name, raw = "<stdin>", sys.stdin.buffer.read()
        return _decode(raw, name)
    if text is None:
        try:
            raw = Path(path).read_bytes()
        except FileNotFoundError:
            raise InputError("no such file", name) from None
        except IsADirectoryError:
            raise InputError("is a directory, not a file", name) from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", name) from None
        text = _decode(raw, name)
    return text


def _decode(raw: bytes, name: str) -> str:
    if b"\x00" in raw:
        raise InputError("is a binary file, not text", name)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"is not UTF-8 text (byte {exc.start})", name) from None


def load(path: Path | str, text: str | None = None) -> Document:
    """Parse a YAML (or JSON) file ("-": standard input) into plain data with line positions."""
    name = "<stdin>" if str(path) == "-" and text is None else str(path)
    text = read_text(path, text)
    try:
        nodes = list(yaml.compose_all(text, Loader=LOADER))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "malformed YAML"
        if name.endswith(".json"):
            try:
                json.loads(text)
            except json.JSONDecodeError as jexc:
                raise InputError(f"malformed JSON: {jexc.msg}", name, jexc.lineno) from None
        raise InputError(f"malformed YAML: {problem}", name, line) from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", name) from None
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        raise InputError("is empty: expected a mapping of keys", name)
    if len(nodes) > 1:
        raise InputError("holds several YAML documents; expected one", name,
                         nodes[1].start_mark.line + 1)
    doc = Document(None, {(): (name, 1)}, name)
    doc.data = _build(nodes[0], (), doc, name, set())
    if not isinstance(doc.data, dict):
        raise InputError("expected a mapping of keys at the top level", name,
                         nodes[0].start_mark.line + 1)
    return doc


def scalar(text: str):
    """A value given on the command line, read as a plain scalar of a model file is:
    a string, or None for a YAML null."""
    return None if text in NULLS else text


def _build(node, loc: Loc, doc: Document, name: str, seen: set):
    doc.where.setdefault(loc, (name, node.start_mark.line + 1))
    if id(node) in seen:  # the composer shares the node of an alias
        raise InputError("YAML anchors and aliases (&, *) are not supported: write the value out",
                         name, node.start_mark.line + 1, field_name(loc))
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError("a key must be a plain name", name, key_node.start_mark.line + 1,
                                 field_name(loc))
            key = key_node.value
            if key == "<<":
                raise InputError("YAML merge keys (<<) are not supported", name,
                                 key_node.start_mark.line + 1, field_name(loc))
            if key in out:
                raise InputError(f"duplicate key '{key}'", name, key_node.start_mark.line + 1,
                                 field_name(loc))
            doc.where[loc + (key,)] = (name, key_node.start_mark.line + 1)
            out[key] = _build(value_node, loc + (key,), doc, name, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loc + (i,), doc, name, seen) for i, item in enumerate(node.value)]
    if node.style in (None, "") and node.value in NULLS:  # plain (libyaml says "") null
        return None
    return node.value
