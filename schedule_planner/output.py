"""Writing a command's output: to standard output, or to -o FILE whole or not at all.

A file is written to a temporary file beside it, renamed into place (through a symbolic
link, keeping an existing file's permissions); what is not a regular file (/dev/stdout,
a FIFO once a program reads it, a device) is written in place. An error or an interrupt
(Ctrl-C, SIGTERM) leaves the old file and no temporary one. -o naming one of the
command's inputs is refused before any work, and standard output that is closed, full
or a pipe closed early ends the command with exit 2 and one line, never a traceback,
however it is buffered (PYTHONUNBUFFERED too).

Not `click.open_file(atomic=True)`: on an error or an interrupt while writing, it still
renames the half-written temporary file over the target (click 8.5), and it makes the
temporary file beside a symbolic link rather than beside the file it points to.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import stat
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import click

from . import yamlio
from .errors import EXIT_INPUT, EXIT_INTERRUPTED, PlannerError
from .yamlio import refuse_output, writing_to

# how writing to standard output fails when it cannot take the output
BROKEN_OUTPUT = {errno.EPIPE, errno.ENOSPC, errno.EBADF, errno.EIO, errno.EDQUOT, errno.EFBIG}


def failure(message: str, code: int) -> click.ClickException:
    """A one-line error for click to print, with the command's exit code."""
    err = click.ClickException(message)
    err.exit_code = code  # type: ignore[misc]  # click declares it a class variable; set per error
    return err


@contextmanager
def standard_output():
    """Run a command with standard output that may be closed (>&-), full or a pipe
    closed early: writing to it then fails with exit 2 and one line (quietly for a
    closed pipe: `planner ... | head` has all it wants)."""
    given = sys.stdout
    if sys.stdout is None:  # started with standard output closed (>&-)
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(_Closed()), encoding="utf-8")
    elif isinstance(getattr(sys.stdout, "buffer", None), io.RawIOBase):
        sys.stdout = _buffered(sys.stdout)
    try:
        try:
            yield
        finally:
            try:
                sys.stdout.flush()  # a full disk or a closed pipe shows here at the latest
            finally:
                if given is not None and sys.stdout is not given:
                    mine, sys.stdout = sys.stdout, given
                    with contextlib.suppress(OSError):  # the error is the flush's, raised
                        mine.close()
    except OSError as exc:
        if exc.errno not in BROKEN_OUTPUT:
            raise
        _drop_stdout()
        if exc.errno == errno.EPIPE:
            sys.exit(EXIT_INPUT)
        raise failure(f"cannot write to standard output: {exc.strerror}", EXIT_INPUT) from None


def _buffered(stream):
    """Standard output unbuffered (PYTHONUNBUFFERED=1, `python -u`) writes straight to its
    file descriptor and drops what a short write (a disk that fills, a pipe closed while
    it is written) leaves unwritten, without a word: the same stream through a buffer,
    whose flush writes the rest and so raises the error the short write hid."""
    return open(  # closed when the command ends (`standard_output`)
        os.dup(stream.fileno()), "w", encoding=stream.encoding, errors=stream.errors
    )


class _Closed(io.RawIOBase):
    """Standard output closed before planner started: writing to it fails as a closed
    descriptor does, when the command writes to it (not with -o)."""

    def writable(self):
        return True

    def write(self, data):
        raise OSError(errno.EBADF, "it is closed")


def _drop_stdout() -> None:
    """Discard what is left for a standard output that failed, so that Python's own flush
    at exit neither fails again nor prints a traceback."""
    if sys.stdout is sys.__stdout__ and sys.stdout is not None:
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    # kept open for the rest of the process: Python's own flush at exit writes to it
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


@contextmanager
def writing(output: str | None, inputs):
    """While the command runs with -o `output`: refuse at once an input (file name) that
    is the output, and later any file read that is (an include, by any name)."""
    with writing_to(output):
        for path in inputs:
            if path and path != "-" and not str(path).startswith("planner:"):
                refuse_output(str(path))
        yield


def to_terminal(output: str | None) -> bool:
    return (not output or output == "-") and sys.stdout.isatty()


def width(output: str | None) -> int | None:
    """The terminal's width (80 columns at least) when the output goes to one, else None:
    the stable width of files and pipes."""
    if to_terminal(output):
        return max(80, min(shutil.get_terminal_size().columns, 200))
    return None


def colour(output: str | None) -> bool:
    """Colour only on a terminal, and never with NO_COLOR set (no-color.org)."""
    return to_terminal(output) and not os.environ.get("NO_COLOR")


def write(text: str, output: str | None, what: str, interrupted: bool = False) -> None:
    """Write the whole output or nothing, to standard output or to `output`, reported on
    stderr in one line with `what` it holds ("wrote ahc.ics: 171 events"). `interrupted`:
    the search was stopped (Ctrl-C) before it ended: say so, and exit 130 once written."""
    if not output or output == "-":
        click.echo(text, nl=False)
    else:
        _write(text, output)
        click.echo(f"wrote {output}: {what}", err=True)
    if interrupted:
        click.echo(
            "Interrupted: the search was stopped; what was written is the best timetable "
            "found until then, not proven the best one.",
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)


def _write(text: str, output: str) -> None:
    try:
        kind = os.stat(output).st_mode  # through symbolic links
    except OSError:
        kind = None
    if kind is not None and not stat.S_ISREG(kind):
        return _write_special(text, output, kind)  # a device or pipe: never renamed over
    target = Path(os.path.realpath(output))  # write through a symbolic link, not over it
    tmp = None
    try:
        if target.exists():
            mode = target.stat().st_mode & 0o7777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        for _ in range(100):
            # named before it is made, so that an interrupt the moment it is made finds
            # it to remove (tempfile.mkstemp names it only once it returns)
            tmp = str(target.parent / f".{target.name}.{os.urandom(4).hex()}.tmp")
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                break
            except FileExistsError:  # another's: never removed
                tmp = None
            except OSError as exc:  # /proc/version: a file in a folder that takes no new file
                raise PlannerError(
                    f"{output}: cannot write: no file can be made in {target.parent} "
                    f"({exc.strerror}), and planner writes a file whole by renaming a "
                    "new one over it"
                ) from None
        else:
            raise PlannerError(f"{output}: cannot write: no free temporary name in {target.parent}")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        raise PlannerError(f"{output}: cannot write: {exc.strerror}") from None
    finally:  # an error or an interrupt leaves no temporary file behind
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)


def _write_special(text: str, output: str, kind: int) -> None:
    """Write to what is not a regular file (/dev/stdout, a FIFO, a device) in place: a
    temporary file renamed over it would replace the device itself."""
    if stat.S_ISDIR(kind):
        raise PlannerError(f"{output}: is a directory")
    try:
        fd = _reader_of(output) if stat.S_ISFIFO(kind) else os.open(output, os.O_WRONLY)
        with open(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    except OSError as exc:
        raise PlannerError(f"{output}: cannot write: {exc.strerror}") from None


def _reader_of(fifo: str) -> int:
    """The FIFO opened for writing once a program reads it: waited for at most
    `yamlio.WAIT_SECONDS`, then refused (opened plainly, it would wait for ever)."""
    deadline = time.monotonic() + yamlio.WAIT_SECONDS
    while True:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO:  # ENXIO: no reader yet
                raise
            if time.monotonic() > deadline:
                raise PlannerError(
                    f"{fifo}: cannot write: it is a FIFO that no program read within {yamlio.WAIT_SECONDS:g} s"
                ) from None
            time.sleep(0.05)
            continue
        os.set_blocking(fd, True)  # a reader is there: it takes the output at its pace
        return fd
