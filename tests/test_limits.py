"""Issue 24, points 2 and 3: standard output carries only the document, and every path
honours --time-limit. No test here asserts how long anything took: the clock is
injected (`time_budget`), or the test waits for an event with a generous bound."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from click.testing import CliRunner

from conftest import ROOT
from schedule_planner import mip
from schedule_planner.cli import main
from schedule_planner.domain import time_budget

PLANNER = [sys.executable, "-m", "schedule_planner.cli"]
WAIT = 300  # seconds: a bound on waiting for an event, never a measure


def run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], **kwargs)


def planner(*args, env=None, **kwargs):
    """The installed command as a user runs it, in a process of its own."""
    return subprocess.run(
        [*PLANNER, *map(str, args)],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        timeout=WAIT,
        **kwargs,
    )


def script(code: str, *args) -> subprocess.Popen:
    """`code` run before planner's command line, in a process of its own (to patch what
    the command calls, or to signal it at a chosen point)."""
    prelude = "import os, signal, sys, time\n" + textwrap.dedent(code)
    main_ = "\nfrom schedule_planner.cli import main\nmain(sys.argv[1:], prog_name='planner')\n"
    return subprocess.Popen(
        [sys.executable, "-c", prelude + main_, *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# 2. Standard output carries only the document


def test_highs_prints_nothing_on_standard_output():
    """HiGHS printed `HighsMipSolverData::transformNewIntegerFeasibleSolution ...` from C
    onto planner's standard output, before the document: `planner solve --backend highs
    -f json | planner check -` failed."""
    solved = planner("solve", "--backend", "highs", "-f", "json")
    assert solved.returncode == 0, solved.stderr
    doc = json.loads(solved.stdout)  # the document alone
    assert doc["status"] == "OPTIMAL"
    checked = planner("check", "-", "-f", "json", input=solved.stdout)
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout)["cost"] == doc["objective"]


def _file_size_limit(limit: int):
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_short_write_to_standard_output_unbuffered_is_an_error(tmp_path):
    """With PYTHONUNBUFFERED=1 standard output is written straight to its descriptor: a
    short write (a disk that fills; here a file size limit, which Python meets with
    EFBIG) dropped the rest of the document with exit 0 and no message."""
    out = tmp_path / "schema.json"
    with open(out, "wb") as fh:
        done = subprocess.run(
            [*PLANNER, "schema"],
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdout=fh,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=_file_size_limit(1000),
            timeout=WAIT,
        )
    assert done.returncode == 2, done.stderr
    assert done.stderr == "Error: cannot write to standard output: File too large\n"


def test_a_pipe_closed_while_written_unbuffered_is_an_error():
    """The reader of a pipe gone in the middle of a document larger than the pipe holds,
    with PYTHONUNBUFFERED=1: exit 2, quietly (as without it), never 0."""
    proc = subprocess.Popen(
        [*PLANNER, "holidays", *map(str, range(1950, 2100))],
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout.read(10)  # planner is writing: its document is far larger than a pipe
    proc.stdout.close()  # the reader is gone
    err = proc.stderr.read().decode()
    assert proc.wait(WAIT) == 2 and "Traceback" not in err


# 3. Every path honours --time-limit


def test_a_highs_timetable_found_at_the_limit_is_judged_and_written(centre, tmp_path, monkeypatch):
    """HiGHS given the whole limit ends with a timetable when it runs out: judging it
    failed with 'the time limit ran out while judging the timetable' (exit 1, UNKNOWN)."""
    searched = mip.search

    def spends_it_all(model, time_limit, seed=0, **kwargs):
        answer = searched(model, time_limit, seed, **kwargs)
        monkeypatch.setattr(time_budget, "_end", time.monotonic() - 1)  # the limit is spent
        return answer

    monkeypatch.setattr(mip, "search", spends_it_all)
    out = tmp_path / "t.json"
    result = run("solve", centre, "--backend", "highs", "--time-limit", "30", "-f", "json", "-o", out)
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    assert doc["status"] in ("OPTIMAL", "FEASIBLE") and doc["sessions"]


def _pid_file_child(tmp_path) -> str:
    """Code for `script`: the HiGHS search of each part (in its child) writes its process
    id, then searches for ten minutes."""
    return f"""
        from schedule_planner import mip

        def endless(*args):
            with open({str(tmp_path / "child.tmp")!r}, "w") as fh:
                fh.write(str(os.getpid()))
            os.rename({str(tmp_path / "child.tmp")!r}, {str(tmp_path / "child")!r})
            time.sleep(600)

        mip._highs = endless
        """


def _wait_for(path, proc) -> None:
    for _ in range(WAIT * 10):
        if path.exists() or proc.poll() is not None:
            return
        time.sleep(0.1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_while_highs_searches_ends_its_child(centre, tmp_path, sig):
    """SIGTERM while HiGHS searched ended planner and left the child searching for the
    rest of its limit; now both end, and the greedy timetable is written (exit 130)."""
    out = tmp_path / "t.json"
    proc = script(
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        + textwrap.dedent(_pid_file_child(tmp_path)),
        "solve",
        centre,
        "--backend",
        "highs",
        "-f",
        "json",
        "-o",
        out,
    )
    child = None
    try:
        _wait_for(tmp_path / "child", proc)
        assert proc.poll() is None, proc.communicate()
        child = int((tmp_path / "child").read_text())
        proc.send_signal(sig)
        assert proc.wait(WAIT) == 130
        assert not _alive(child)  # (it holds the error pipe open as long as it lives)
        assert "Interrupted: the search was stopped" in proc.communicate(timeout=WAIT)[1]
        assert json.loads(out.read_text())["status"] == "FEASIBLE"
    finally:
        if proc.poll() is None:
            proc.kill()
        if child is not None and _alive(child):
            os.kill(child, signal.SIGKILL)


@pytest.mark.parametrize(
    "sig, at",
    [
        # SIGTERM while the document is written: it ended planner there and then
        (signal.SIGTERM, "os.chmod"),
        # SIGINT the moment the temporary file is made, before its name was known
        (signal.SIGINT, "os.open"),
    ],
)
def test_a_signal_during_the_write_leaves_no_temporary_file(tmp_path, sig, at):
    target = tmp_path / "schema.json"
    target.write_text("the previous schema\n")
    proc = script(
        f"""
        signal.signal(signal.SIGINT, signal.default_int_handler)
        real = {at}

        def signalled(path, *args, **kwargs):
            done = real(path, *args, **kwargs)
            if str(path).endswith(".tmp"):
                os.kill(os.getpid(), {int(sig)})
            return done

        {at} = signalled
        """,
        "schema",
        "-o",
        target,
    )
    _, err = proc.communicate(timeout=WAIT)
    assert proc.returncode == 130, err
    assert "interrupted" in err
    assert os.listdir(tmp_path) == ["schema.json"]
    assert target.read_text() == "the previous schema\n"


def test_alternatives_past_the_limit_keep_what_was_found_and_say_how_many(tmp_path, monkeypatch):
    """`--alternatives 10 --time-limit 4` was refused as an input error when the time left
    could not build a further model (the estimate), and even the first timetable was
    not written. Now the timetables found stand, with a note saying how many."""
    from schedule_planner import solver

    alternatives = solver.alternatives

    def after_the_first(*args, **kwargs):
        monkeypatch.setattr(time_budget, "_end", time.monotonic() - 1)  # the limit is spent
        return alternatives(*args, **kwargs)

    monkeypatch.setattr(solver, "alternatives", after_the_first)
    out = tmp_path / "t.json"
    result = run("solve", "--alternatives", "3", "--time-limit", "4", "-f", "json", "-o", out)
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    assert doc["status"] == "OPTIMAL" and len(doc["sessions"]) == 16
    assert len(doc["alternatives"]) == 1
    assert doc["alternatives_note"].startswith("1 of 3 timetables: none found within the time limit of 4 s")


def test_a_further_model_is_bounded_by_the_limit_again():
    """After a timetable is found, a further one (--alternatives) is built within the
    limit: the estimate and the checks hold again, as a search that found nothing."""
    from schedule_planner.errors import Infeasible

    time_budget.start(0)
    try:
        time_budget.found()
        time_budget.check()  # found: nothing stops
        with time_budget.further():
            with pytest.raises(Infeasible, match="no time to build a further model"):
                time_budget.estimate(1_000_000, 20)
            with pytest.raises(Infeasible, match="ran out"):
                time_budget.check()
        time_budget.check()  # the first timetable's work goes on
    finally:
        time_budget.clear()


def test_making_candidate_placements_stops_at_the_time_limit(tmp_path, monkeypatch):
    """Candidate placements were made whole before the first check of the limit: with
    --force, a planning window of centuries (1900-2199) ran 173 s under --time-limit 60
    and 3,000 meetings built for 13 s whatever the limit. Each venue's now checks it."""
    from schedule_planner.app import load
    from schedule_planner.errors import Infeasible

    model = tmp_path / "m.yaml"
    model.write_text("include: [planner:ahc-cybercrime.yaml]\nwindow: {start: 2001-01-01, end: 2030-12-31}\n")
    problem = load(str(model))
    time_budget.start(60)
    time_budget.force(True)
    monkeypatch.setattr(time_budget, "_end", time.monotonic() - 1)  # the limit is spent
    try:
        with pytest.raises(Infeasible, match="ran out while building the model") as stopped:
            problem.candidates(problem.sessions[0], 0, False)
        assert stopped.value.status == "UNKNOWN"
    finally:
        time_budget.clear()
    assert problem.candidates(problem.sessions[0], 0, False)  # without a limit: made


def test_spans_are_each_opening_once_in_order():
    """Each (opening, closing) once, in the order of openings (kept in a dict now: a
    list's `in` made them quadratic in the planning window)."""
    from schedule_planner.app import load

    problem = load(None)
    for session in problem.sessions:
        for venue in problem.model.session_venues(session):
            spans = problem.spans(session, venue.id, *problem.reach(session))
            assert len(set(spans)) == len(spans) and spans == sorted(spans)


def _refused_without_blocking(args, tmp_path) -> str:
    """Run planner with a short wait for a FIFO's other end; the bound is on the test,
    should planner block (as it did, for ever)."""
    proc = script("from schedule_planner import yamlio\nyamlio.WAIT_SECONDS = 0.2\n", *args)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"planner {' '.join(map(str, args))} blocked")
    assert proc.returncode == 2, err
    assert "Traceback" not in err
    return err


def test_a_fifo_with_no_writer_as_input_is_refused(tmp_path):
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    err = _refused_without_blocking(["check", fifo], tmp_path)
    assert err == f"Error: {fifo}: is a FIFO that no program wrote to within 0.2 s\n"
    (tmp_path / "m.yaml").write_text("include: [fifo.yaml]\n")  # an include, the same
    err = _refused_without_blocking(["validate", tmp_path / "m.yaml"], tmp_path)
    assert f"{fifo}: is a FIFO that no program wrote to within 0.2 s" in err


def test_a_fifo_with_no_reader_as_output_is_refused(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    err = _refused_without_blocking(["schema", "-o", fifo], tmp_path)
    assert err == f"Error: {fifo}: cannot write: it is a FIFO that no program read within 0.2 s\n"


def test_a_terminal_that_gives_nothing_is_refused_as_input(tmp_path):
    """A device that cannot be read without waiting (a terminal nobody types into: a
    pseudo-terminal of the test's own) is refused, not waited on for ever."""
    leader, follower = os.openpty()
    try:
        err = _refused_without_blocking(["check", os.ttyname(follower)], tmp_path)
        assert "gave nothing to read within 0.2 s" in err
        os.write(leader, b"sessions:\n")  # a line typed, then nothing more
        err = _refused_without_blocking(["check", os.ttyname(follower)], tmp_path)
        assert "gave nothing to read within 0.2 s" in err
    finally:
        os.close(leader)
        os.close(follower)


def test_a_fifo_is_read_once_its_writer_comes_and_written_once_its_reader_does(tmp_path):
    """A writer that comes while planner waits is read to its end, however long it then
    takes; a reader that comes while planner waits to write gets the document."""
    import threading

    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    proposal = json.dumps({"sessions": [{"id": "S1", "start": "2021-08-02", "end": "2021-08-13"}]})

    def write_later():
        with open(fifo, "w") as fh:  # waits for planner to open it
            fh.write(proposal[:10])
            fh.flush()
            time.sleep(0.5)  # a slow writer: planner waits for it, whatever the wait
            fh.write(proposal[10:])

    writer = threading.Thread(target=write_later)
    writer.start()
    result = run("check", fifo, "-f", "json")
    writer.join(WAIT)
    assert result.exit_code in (0, 1), result.output
    assert '"S1"' in result.output


def test_output_to_dev_stdout_still_writes_into_the_pipe():
    """-o /dev/stdout, standard output a pipe (a FIFO to planner, which now waits for
    its reader without blocking): the document goes into the pipe, as before."""
    done = planner("schema", "-o", "/dev/stdout", text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["$defs"]
    assert done.stderr == "wrote /dev/stdout: the JSON Schema\n"
