"""A cancelled search index leaves no Pagefind run behind (it would write into a staging folder already deleted)."""
import threading
import time

import pytest

from briefkit import search


@pytest.fixture
def fresh_state(monkeypatch):
    """The module's run registry as a new background process has it, and a stand-in Pagefind that takes 30 s."""
    monkeypatch.setattr(search, "_RUNNING", set())
    monkeypatch.setattr(search, "_SCRATCHES", set())
    monkeypatch.setattr(search, "_STARTING", threading.Lock(), raising=False)
    monkeypatch.setattr(search, "_STOPPED", threading.Event(), raising=False)
    # exec: the shell becomes the sleep, one process holding the pipes, as the Pagefind binary is
    monkeypatch.setattr(search, "_pagefind_command", lambda: ("sh", "-c", "exec sleep 30", "sh"))


def test_stopping_kills_a_run_and_waits_until_it_is_gone(fresh_state, tmp_path):
    failed = []
    runner = threading.Thread(target=lambda: failed.append(_run(tmp_path)))
    runner.start()
    deadline = time.monotonic() + 20
    while not search._RUNNING and time.monotonic() < deadline:
        time.sleep(0.01)
    (process,) = search._RUNNING
    scratch = tmp_path / ".briefkit-search-1-x"
    (scratch / "documents").mkdir(parents=True)
    search._SCRATCHES.add(str(scratch))  # as _index_shard records its folder
    search.stop_pagefind()
    assert not scratch.exists()  # the child ends with os._exit next: no `finally` would remove it
    assert ended(process.pid)  # nothing of it can write after stop returns
    runner.join(20)
    assert failed == [True]


def test_no_run_starts_after_a_stop(fresh_state, tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(search.subprocess, "Popen", lambda *args, **kwargs: started.append(args))
    search.stop_pagefind()
    with pytest.raises(search.SearchIndexError, match="cancelled"):
        search._run_pagefind(str(tmp_path), str(tmp_path / "bundle"))
    assert started == []


def test_a_second_stop_signal_does_not_run_stop_inside_the_first(tmp_path):
    """The parent cancels its children (SIGTERM) and then dies, which sends each another (PDEATHSIG)."""
    import os
    import signal

    from briefkit.background import Background

    log = tmp_path / "log"

    def work():
        ready = log.with_suffix(".new")
        ready.write_text("ready\n")
        ready.replace(log)  # whole, at once: a signal between open and write would lose "ready"
        time.sleep(60)

    def stop():
        with log.open("a") as handle:
            handle.write("stop\n")
        time.sleep(1)
        with log.open("a") as handle:
            handle.write("stopped\n")

    job = Background(work, stop=stop)
    deadline = time.monotonic() + 30
    while not log.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(job._process.pid, signal.SIGTERM)
    time.sleep(0.3)
    os.kill(job._process.pid, signal.SIGTERM)
    job._process.join(30)
    assert log.read_text() == "ready\nstop\nstopped\n"


def ended(pid: int) -> bool:
    """True when the process is gone or a zombie (Linux's /proc)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] == "Z"
    except (FileNotFoundError, ProcessLookupError):  # gone, or reaped (by its runner) between open and read
        return True


def _run(folder) -> bool:
    """True when the run failed (as a killed one does)."""
    try:
        search._run_pagefind(str(folder), str(folder / "bundle"))
    except search.SearchIndexError:
        return True
    return False


def test_scratch_folders_of_processes_that_are_gone_are_removed(tmp_path, monkeypatch):
    """A build killed outright leaves its documents in /dev/shm; the next search index removes them."""
    import os
    import subprocess

    gone = subprocess.Popen(["true"])
    gone.wait()
    monkeypatch.setattr(search, "_scratch", lambda site: str(tmp_path))
    names = [f".briefkit-search-{gone.pid}-abc", f".briefkit-search-{os.getpid()}-def", ".briefkit-search-old", "other"]
    for name in names:
        (tmp_path / name / "documents").mkdir(parents=True)
    search.remove_stale_scratch(str(tmp_path / "site"))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[1:])
