"""A cancelled search index leaves no Pagefind run behind (it would write into a staging folder already deleted)."""
import threading
import time

import pytest

from briefkit import search


@pytest.fixture
def fresh_state(monkeypatch):
    """The module's run registry as a new background process has it, and a stand-in Pagefind that takes 30 s."""
    monkeypatch.setattr(search, "_RUNNING", set())
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
    search.stop_pagefind()
    assert process.returncode is not None  # already reaped: nothing of it can write after stop returns
    runner.join(20)
    assert failed == [True]


def test_no_run_starts_after_a_stop(fresh_state, tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(search.subprocess, "Popen", lambda *args, **kwargs: started.append(args))
    search.stop_pagefind()
    with pytest.raises(search.SearchIndexError, match="cancelled"):
        search._run_pagefind(str(tmp_path), str(tmp_path / "bundle"))
    assert started == []


def _run(folder) -> bool:
    """True when the run failed (as a killed one does)."""
    try:
        search._run_pagefind(str(folder), str(folder / "bundle"))
    except search.SearchIndexError:
        return True
    return False
