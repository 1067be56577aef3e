"""Reading YAML and JSON files with the line of every value, so errors can name it.

Plain scalars stay strings (except null): `10:00` is not sexagesimal 600 and `no`
is not False; the typed model (pydantic) converts a string only where a field asks
for a number, a date or a boolean, and reports the line when it cannot.
"""

from __future__ import annotations

import bisect
import json
import os
import re
import select
import stat
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import InputError, shown

Loc = tuple  # a path into the data: ("sessions", 3, "length", "weeks")
NULLS = {"", "~", "null", "Null", "NULL"}
# the tags of plain values, the only ones read: any other tag is refused, not dropped
PLAIN_TAGS = {f"tag:yaml.org,2002:{kind}" for kind in ("str", "seq", "map", "null")}
LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml when present: same nodes, faster

# Bounds on what one input may hold, checked before any object is built from it: its
# size (PLANNER_MAX_INPUT_BYTES in the environment changes it), its values (scalars,
# lists and mappings, counted while parsing) and how deeply they nest.
MAX_INPUT_BYTES = 16 * 1024 * 1024
MAX_VALUES = 200_000
MAX_DEPTH = 64


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
        out += f"[{part}]" if isinstance(part, int) else (f".{shown(part)}" if out else shown(part))
    return out or None


def max_input_bytes() -> int:
    """The size cap of every input: PLANNER_MAX_INPUT_BYTES, or 16 MiB."""
    value = os.environ.get("PLANNER_MAX_INPUT_BYTES", "")
    if not value:
        return MAX_INPUT_BYTES
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise InputError(f"PLANNER_MAX_INPUT_BYTES={value!r} is not a positive whole number of bytes")
    return int(value)


def read_text(path: Path | str, text: str | None = None, may_be_output: bool = False) -> str:
    """A file's text (or standard input's, for "-"), at most `max_input_bytes()` long, or
    one clear InputError. A file that is also this command's output (`writing_to`) is
    refused unless `may_be_output` (the previous calendar, read whole before the output
    replaces it)."""
    if text is not None:
        return text
    name = str(path)
    if name == "-":
        return _decode(_capped(sys.stdin.buffer, "<stdin>"), "<stdin>")
    if not may_be_output:
        refuse_output(name)
    try:
        kind = os.stat(path).st_mode
        if stat.S_ISFIFO(kind) or stat.S_ISCHR(kind):
            return _decode(_special(name, stat.S_ISFIFO(kind)), name)
        with open(path, "rb") as fh:
            raw = _capped(fh, name)
    except FileNotFoundError:
        raise InputError("no such file", name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", name) from None
    return _decode(raw, name)


# How long a FIFO may go without a writer (or a reader, for -o), and a device without
# giving what it holds, before planner refuses it rather than wait for ever.
WAIT_SECONDS = 10.0


def _special(name: str, fifo: bool) -> bytes:
    """A FIFO's or a device's bytes, opened without blocking (a FIFO with no writer opens at
    once). A FIFO is read to its end once a writer is there (a pipe from `<(planner solve
    ...)` waits for the search); one with no writer for WAIT_SECONDS, or a device that
    gives nothing (a terminal), is refused, as is one larger than the cap."""
    fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK)
    try:
        cap, size, writer = max_input_bytes(), 0, False
        chunks: list[bytes] = []
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            left = deadline - time.monotonic()
            try:
                chunk = os.read(fd, min(1 << 20, cap + 1 - size))
            except BlockingIOError:  # a FIFO's writer, or a device, with nothing yet
                writer = True
                # a FIFO's writer ends it in its own time; a device within the wait
                if not select.select([fd], [], [], None if fifo else max(0.0, left))[0]:
                    raise InputError(
                        f"gave nothing to read within {WAIT_SECONDS:g} s: planner reads a "
                        "file, a pipe or standard input, not a terminal or device",
                        name,
                    ) from None
                continue
            if not chunk and fifo and not writer:  # no writer yet: wait for one, not for ever
                if left <= 0:
                    raise InputError(
                        f"is a FIFO that no program wrote to within {WAIT_SECONDS:g} s",
                        name,
                    )
                time.sleep(min(0.05, left))
                continue
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size, writer = size + len(chunk), True
            if size > cap:
                raise _too_large(cap, name)
    finally:
        os.close(fd)


def _too_large(cap: int, name: str) -> InputError:
    return InputError(
        f"is larger than {cap:,} bytes, the limit of an input (set "
        "PLANNER_MAX_INPUT_BYTES to read larger files)",
        name,
    )


def _capped(stream, name: str) -> bytes:
    """At most the size cap of the stream: a larger input is refused as soon as the cap
    is passed (/dev/zero, `yes |` on standard input) instead of being read to its end."""
    cap = max_input_bytes()
    raw = stream.read(cap + 1)
    if len(raw) > cap:
        raise _too_large(cap, name)
    return raw


# the output of the running command (`writing_to`): (device, inode, real path), or None
_output: tuple | None = None


@contextmanager
def writing_to(output: str | None):
    """While the command runs, an input that is its output file is refused when read,
    whatever the name it is read by (a symbolic or hard link, an include)."""
    global _output
    before, _output = _output, _identity(output) if output and output != "-" else None
    try:
        yield
    finally:
        _output = before


def _identity(path: str) -> tuple | None:
    """A regular file's device, inode and real path; None for what is not one (a device
    or pipe is written in place, never replaced, so reading it is no loss)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino, os.path.realpath(path)) if os.path.isfile(path) else None


def refuse_output(name: str) -> None:
    """Refuse to read the output file of the running command: writing it would destroy
    this very input."""
    if _output is None:
        return
    mine = _identity(name)
    if mine is not None and (mine[:2] == _output[:2] or mine[2] == _output[2]):
        raise InputError(
            "is also the output file (-o): planner never writes over one of "
            "its inputs; write to another file",
            name,
        )


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
    if name.endswith(".json") or text.lstrip(" \t\r\n")[:1] in ("{", "["):
        try:
            return _load_json(text, name)
        except _NotJson:
            pass  # read as YAML, which JSON-like text may still be (`{a: 1}`)
    try:
        _bounded(text, name)
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
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, at an offset
        line = text.count("\n", 0, exc.position) + 1
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise InputError(
            f"holds the control character {what}, which YAML does not allow", name, line
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", name) from None
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        raise InputError("is empty: expected a mapping of keys", name)
    if len(nodes) > 1:
        raise InputError("holds several YAML documents; expected one", name, nodes[1].start_mark.line + 1)
    doc = Document(None, {(): (name, 1)}, name)
    doc.data = _build(nodes[0], (), doc, name, set())
    if not isinstance(doc.data, dict):
        raise InputError("expected a mapping of keys at the top level", name, nodes[0].start_mark.line + 1)
    return doc


class _NotJson(ValueError):
    """Text that is not JSON, at a position."""


_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
# the words JSON writes, read as YAML reads them; NaN and Infinity as Python's json does
_JSON_WORDS = {"true": "true", "false": "false", "null": None}
_JSON_NUMBER_WORDS = ("-Infinity", "Infinity", "NaN")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _load_json(text: str, name: str) -> Document:
    """JSON text read as JSON (with the json module's string decoder: surrogate pairs
    make one character), into the plain data YAML would give (a number or `true` as its
    text, `null` as None), the line of every value and the bounds of `_bounded`; or
    _NotJson."""
    newlines = [m.start() for m in re.finditer("\n", text)]
    doc = Document(None, {(): (name, 1)}, name)
    count = 0

    def line(pos: int) -> int:
        return bisect.bisect_left(newlines, pos) + 1

    def counted(pos: int) -> None:
        nonlocal count
        count += 1
        if count > MAX_VALUES:
            raise InputError(f"holds more than {MAX_VALUES:,} values, the limit of an input", name, line(pos))

    def string(pos: int) -> tuple[str, int]:
        try:
            value, end = json.decoder.scanstring(text, pos + 1, True)  # type: ignore[attr-defined]
        except json.JSONDecodeError as exc:
            raise _NotJson(exc.msg, exc.pos) from None
        lone = _SURROGATE.search(value)
        if lone:
            raise InputError(
                f"holds the escape \\u{ord(lone[0]):04x}, half of a surrogate pair without the "
                "other: no character",
                name,
                line(pos),
            )
        return value, end

    def skip(pos: int) -> int:
        return _JSON_SPACE.match(text, pos).end()  # type: ignore[union-attr]  # matches ""

    def value(pos: int, loc: Loc, depth: int) -> tuple[object, int]:
        pos = skip(pos)
        counted(pos)
        doc.where.setdefault(loc, (name, line(pos)))
        first = text[pos : pos + 1]
        if first in ("{", "["):
            if depth + 1 > MAX_DEPTH:
                raise InputError(
                    f"nests values more than {MAX_DEPTH} deep, the limit of an input", name, line(pos)
                )
            return (mapping if first == "{" else sequence)(skip(pos + 1), loc, depth + 1)
        if first == '"':
            return string(pos)
        number = _JSON_NUMBER.match(text, pos)
        if number:
            return number[0], number.end()
        for word in (*_JSON_WORDS, *_JSON_NUMBER_WORDS):
            if text.startswith(word, pos):
                return _JSON_WORDS.get(word, word), pos + len(word)
        raise _NotJson("Expecting value", pos)

    def mapping(pos: int, loc: Loc, depth: int) -> tuple[dict, int]:
        out: dict = {}
        if text[pos : pos + 1] == "}":
            return out, pos + 1
        while True:
            if text[pos : pos + 1] != '"':
                raise _NotJson("Expecting property name enclosed in double quotes", pos)
            at = line(pos)
            counted(pos)
            key, pos = string(pos)
            if key in out:
                raise InputError(f"duplicate key '{shown(key)}'", name, at, field_name(loc))
            if key == "<<":  # as YAML reads it
                raise InputError("YAML merge keys (<<) are not supported", name, at, field_name(loc))
            pos = skip(pos)
            if text[pos : pos + 1] != ":":
                raise _NotJson("Expecting ':' delimiter", pos)
            doc.where[loc + (key,)] = (name, at)
            out[key], pos = value(pos + 1, loc + (key,), depth)
            pos = skip(pos)
            if text[pos : pos + 1] == "}":
                return out, pos + 1
            if text[pos : pos + 1] != ",":
                raise _NotJson("Expecting ',' delimiter", pos)
            pos = skip(pos + 1)

    def sequence(pos: int, loc: Loc, depth: int) -> tuple[list, int]:
        out: list = []
        if text[pos : pos + 1] == "]":
            return out, pos + 1
        while True:
            item, pos = value(pos, loc + (len(out),), depth)
            out.append(item)
            pos = skip(pos)
            if text[pos : pos + 1] == "]":
                return out, pos + 1
            if text[pos : pos + 1] != ",":
                raise _NotJson("Expecting ',' delimiter", pos)
            pos += 1

    start = skip(0)
    doc.data, end = value(start, (), 0)
    if skip(end) != len(text):
        raise _NotJson("Extra data", skip(end))
    if not isinstance(doc.data, dict):
        raise InputError("expected a mapping of keys at the top level", name, line(start))
    return doc


def _bounded(text: str, name: str) -> None:
    """Refuse a text of more than MAX_VALUES values, or nested deeper than MAX_DEPTH, from
    its parse events, before a node is built (an input of a million list entries would
    take minutes and gigabytes to build)."""
    values = depth = 0
    for event in yaml.parse(text, Loader=LOADER):
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, (yaml.CollectionStartEvent, yaml.ScalarEvent, yaml.AliasEvent)):
            values += 1
            if values > MAX_VALUES:
                raise InputError(
                    f"holds more than {MAX_VALUES:,} values, the limit of an input",
                    name,
                    line,
                )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(
                    f"nests values more than {MAX_DEPTH} deep, the limit of an input",
                    name,
                    line,
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def values(data) -> int:
    """The values plain data holds as `_bounded` counts them in its YAML: every scalar
    (a mapping's keys too), list and mapping."""
    if isinstance(data, dict):
        return 1 + sum(1 + values(v) for v in data.values())
    if isinstance(data, list):
        return 1 + sum(values(v) for v in data)
    return 1


def scalar(text: str):
    """A value given on the command line, read as a plain scalar of a model file is:
    a string, or None for a YAML null."""
    return None if text in NULLS else text


def _build(node, loc: Loc, doc: Document, name: str, seen: set):
    doc.where.setdefault(loc, (name, node.start_mark.line + 1))
    if id(node) in seen:  # the composer shares the node of an alias
        raise InputError(
            "YAML anchors and aliases (&, *) are not supported: write the value out",
            name,
            node.start_mark.line + 1,
            field_name(loc),
        )
    seen.add(id(node))
    if node.tag not in PLAIN_TAGS:  # `!!python/object`, `!custom`: never silently dropped
        raise InputError(
            f"YAML tags ({node.tag}) are not supported: write the plain value",
            name,
            node.start_mark.line + 1,
            field_name(loc),
        )
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError(
                    "a key must be a plain name", name, key_node.start_mark.line + 1, field_name(loc)
                )
            key = key_node.value
            if key == "<<":
                raise InputError(
                    "YAML merge keys (<<) are not supported",
                    name,
                    key_node.start_mark.line + 1,
                    field_name(loc),
                )
            if key in out:
                raise InputError(
                    f"duplicate key '{shown(key)}'", name, key_node.start_mark.line + 1, field_name(loc)
                )
            doc.where[loc + (key,)] = (name, key_node.start_mark.line + 1)
            out[key] = _build(value_node, loc + (key,), doc, name, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loc + (i,), doc, name, seen) for i, item in enumerate(node.value)]
    if node.style in (None, "") and node.value in NULLS:  # plain (libyaml says "") null
        return None
    return node.value
