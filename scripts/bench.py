#!/usr/bin/env python3
"""Benchmark briefkit against Hugo on synthetic corpora (`make bench`).

For each size N: generate the corpus and its Hugo twin in .bench/nN/, then time whole processes
(median of --runs runs, peak RSS of each child from os.wait4) and write a Markdown report to
.bench/results.md. Before every timed run, ours and Hugo's alike, the file system's pending writes are
flushed (os.sync, untimed): a clean build leaves hundreds of megabytes to write back, and a run must not
pay for the one before it. Before a clean build, the last output is moved aside, not deleted (see wipe).
A failing command is reported as FAILED with its exit status and last output lines.
"""
from __future__ import annotations

import argparse
import compileall
import os
import platform
import queue
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import gen_corpus  # noqa: E402

# --------------------------------------------------------------------------- commands: edit here
# Placeholders: {py} {hugo} {corpus} {out} {hugo_site} {hugo_out}. Commands run from the repo root,
# with the environment variable CACHE_ENV pointing at the cache folder inside the size's work folder.
PY = ROOT / ".venv" / "bin" / "python"
HUGO = ROOT / ".venv" / "bin" / "hugo"
BUILD_CMD = ["{py}", "-m", "briefkit", "build", "--briefings", "{corpus}", "--output", "{out}"]
CHECK_CMD = ["{py}", "-m", "briefkit", "check", "--briefings", "{corpus}", "--settings", "pelican.conf.py"]  # as make check
SERVE_CMD = ["{py}", "-m", "briefkit", "serve", "--briefings", "{corpus}", "--output", "{out}", "--port", "0"]
HUGO_CMD = ["{hugo}", "--source", "{hugo_site}", "--destination", "{hugo_out}", "--quiet"]
CACHE_ENV = "BRIEFKIT_CACHE_DIR"
CACHE_DIRNAME = ".briefkit-cache"
WORK = ROOT / ".bench"
TAIL_LINES = 15


@dataclass
class Run:
    """One timed process."""
    seconds: float
    rss_mib: float
    status: int
    tail: str


@dataclass
class Measurement:
    """All runs of one measurement at one size (stops at the first failure)."""
    name: str
    runs: list[Run] = field(default_factory=list)
    failure: Run | None = None

    @property
    def median(self) -> float:
        """Median wall time in seconds."""
        return statistics.median(r.seconds for r in self.runs)


def tail(path: Path, lines: int = TAIL_LINES) -> str:
    """The last lines of a file."""
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def kill_group(pid: int) -> None:
    """Kill the process group we started for pid (on timeout)."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def run_once(argv: list[str], env: dict[str, str], timeout: float) -> Run:
    """Run argv once; wall time, peak RSS of the child (wait4), exit status and output tail."""
    with tempfile.TemporaryDirectory() as tmp:
        out_path, err_path = Path(tmp) / "stdout", Path(tmp) / "stderr"
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            start = time.perf_counter()
            try:
                proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=err, start_new_session=True)
            except OSError as exc:
                return Run(0.0, 0.0, -1, f"cannot start {argv[0]}: {exc}")
            timer = threading.Timer(timeout, kill_group, (proc.pid,))
            timer.start()
            try:
                _, wait_status, usage = os.wait4(proc.pid, 0)
            finally:
                timer.cancel()
            seconds = time.perf_counter() - start
        proc.returncode = status = os.waitstatus_to_exitcode(wait_status)
        text = "" if status == 0 else f"--- stderr\n{tail(err_path)}\n--- stdout\n{tail(out_path)}"
        if status == -signal.SIGKILL and seconds >= timeout:
            text = f"timed out after {timeout:.0f} s\n{text}"
        return Run(seconds, usage.ru_maxrss / 1024, status, text)


def measure(name: str, argv: list[str], env: dict[str, str], runs: int, timeout: float,
            prepare=None) -> Measurement:
    """Time argv `runs` times, calling prepare(k) (untimed) before run k."""
    m = Measurement(name)
    for k in range(runs):
        if prepare:
            prepare(k)
        os.sync()  # the last run's files are written back now, not during this one
        run = run_once(argv, env, timeout)
        if run.status != 0:
            m.failure = run
            break
        m.runs.append(run)
    status = f"FAILED (exit {m.failure.status})" if m.failure else f"median {m.median:.2f} s"
    print(f"  {name}: {status}", flush=True)
    return m


def measure_serve(argv: list[str], env: dict[str, str], runs: int, timeout: float, edit) -> list[Measurement]:
    """Time `briefkit serve`: from writing an edit to the page published, and to the search index etc. after it.

    One serve process for all runs (as an editor keeps it open); each run is edit(k), then the
    "Built" line (pages published), then the "Search index, feeds and downloads updated" line.
    """
    pages, extras = Measurement("ours: serve, edit one incident → page published"), \
        Measurement("ours: serve, then search index, feeds, downloads")
    lines: queue.Queue = queue.Queue()
    proc = subprocess.Popen(argv, cwd=ROOT, env={**env, "PYTHONUNBUFFERED": "1"}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    seen: list[str] = []

    def wait_for(prefix: str) -> float:
        while True:
            line = lines.get(timeout=timeout)
            seen.append(line)
            if line.startswith(prefix):
                return time.perf_counter()
            if line.startswith("Build failed"):
                raise RuntimeError(line)

    try:
        wait_for("Watching ")
        for k in range(runs):
            os.sync()
            started = time.perf_counter()
            edit(k)
            published = wait_for("Built ")
            finished = wait_for("Search index, feeds and downloads updated")
            rss = _peak_rss_mib(proc.pid)
            pages.runs.append(Run(published - started, rss, 0, ""))
            extras.runs.append(Run(finished - published, rss, 0, ""))
    except (queue.Empty, RuntimeError) as error:
        pages.failure = Run(0.0, 0.0, 1, f"{error!r}\n" + "".join(seen[-TAIL_LINES:]))
    finally:
        kill_group(proc.pid)
        proc.wait()
    for m in (pages, extras):
        print(f"  {m.name}: " + (f"median {m.median:.2f} s" if m.runs and not m.failure else "FAILED"), flush=True)
    return [pages, extras] if not pages.failure else [pages]


def _peak_rss_mib(pid: int) -> float:
    """A running process's peak resident memory (VmHWM) in MiB; 0 when unknown."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")), 0.0)


def fill(template: list[str], paths: dict[str, Path]) -> list[str]:
    """A command line with its placeholders filled in."""
    return [arg.format(**{k: str(v) for k, v in paths.items()}) for arg in template]


def count_pages(out: Path) -> int:
    """Entity pages written under out (…/<kind>s/<id>/index.html)."""
    return sum(1 for kind in gen_corpus.KIND_DIRS.values() for _ in (out / kind).glob("*/index.html"))


TRASH = WORK / "trash"  # the last runs' outputs, set aside for clean builds and deleted once the bench ends
WIPE = {"mode": "aside"}  # --wipe


def wipe(*paths: Path) -> None:
    """Clear the way for a clean build: move folders aside into TRASH (--wipe aside), or delete them (--wipe delete).

    Why aside: a clean build in CI meets a fresh clone, with nothing deleted just before. Deleting tens of thousands
    of files right before a build makes every file the build creates cost more on this machine's ext4 (no journal:
    each new inode skips those freed in the last minute or more, one block-cache lookup each), a cost of the
    benchmark's own making, larger for a build that writes more files. Both tools are measured the same way.
    """
    for p in paths:
        if WIPE["mode"] == "delete" or not p.exists():
            shutil.rmtree(p, ignore_errors=True)
            continue
        TRASH.mkdir(parents=True, exist_ok=True)
        os.rename(p, Path(tempfile.mkdtemp(prefix=f"{p.parent.name}-", dir=TRASH)) / p.name)


def bench_size(n: int, runs: int, timeout: float, which: str) -> tuple[list[Measurement], list[str]]:
    """All measurements at size N, and notes (page counts, edit targets)."""
    work = WORK / f"n{n}"
    paths = {"py": PY, "hugo": HUGO, "corpus": work / "briefings", "out": work / "output",
             "hugo_site": work / "hugo", "hugo_out": work / "hugo-output"}
    cache = work / CACHE_DIRNAME
    work.mkdir(parents=True, exist_ok=True)
    print(f"N={n}: generating corpus and Hugo site in {work.relative_to(ROOT)}", flush=True)
    counts = gen_corpus.generate(n, paths["corpus"], paths["hugo_site"])
    notes = [f"N={n}: corpus of {counts['files']} files, {counts['bytes'] / 2**20:.1f} MiB "
             f"({counts['briefings']} briefings, {counts['actors']} actors, {counts['incidents']} incidents, "
             f"{counts['stakes']} stakes, {counts['sources']} sources)"]
    env = {**os.environ, CACHE_ENV: str(cache)}
    build, check, hugo = fill(BUILD_CMD, paths), fill(CHECK_CMD, paths), fill(HUGO_CMD, paths)
    results = []
    if which in ("all", "ours"):
        targets = gen_corpus.pick_targets(paths["corpus"])
        results.append(measure("ours: clean build", build, env, runs, timeout,
                               lambda k: wipe(paths["out"], cache)))
        notes.append(f"N={n}: ours wrote {count_pages(paths['out'])} entity pages (expected {n})")
        results.append(measure("ours: no-op rebuild", build, env, runs, timeout))
        results.append(measure("ours: edit one incident", build, env, runs, timeout,
                               lambda k: gen_corpus.edit_incident(targets["incident_path"], targets["incident"], k)))
        results.append(measure("ours: rename one actor", build, env, runs, timeout,
                               lambda k: gen_corpus.rename_actor(targets["actor_path"], targets["actor"],
                                                                 targets["actor_name"], k)))
        results.append(measure("ours: check", check, env, runs, timeout))
        results += measure_serve(fill(SERVE_CMD, paths), env, runs, timeout,
                                 lambda k: gen_corpus.edit_incident(targets["incident_path"], targets["incident"], k + runs))
        notes.append(f"N={n}: edited incident `{targets['incident']}`; renamed actor `{targets['actor']}` "
                     f"({targets['actor_refs']} references)")
    if which in ("all", "hugo"):
        results.append(measure("hugo: full build", hugo, env, runs, timeout, lambda k: wipe(paths["hugo_out"])))
        notes.append(f"N={n}: Hugo wrote {count_pages(paths['hugo_out'])} entity pages (expected {n})")
    return results, notes

# --------------------------------------------------------------------------- report


def machine() -> str:
    """One line describing the machine and tool versions."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    mem_kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:"))
    try:
        out = subprocess.run([str(HUGO), "version"], capture_output=True, text=True, timeout=60).stdout
        hugo = next((line.split()[1] for line in out.splitlines() if line.startswith("hugo v")), "unknown")
    except (OSError, subprocess.SubprocessError):
        hugo = "unavailable"
    py = subprocess.run([str(PY), "-c", "import platform; print(platform.python_version())"],
                        capture_output=True, text=True).stdout.strip()
    return (f"Machine: {len(os.sched_getaffinity(0))} CPUs (nproc), {cpu}, {mem_kib / 2**20:.1f} GiB RAM, "
            f"Python {py}, Hugo {hugo}, {platform.system()} {platform.release()}")


def report(results: dict[int, list[Measurement]], notes: list[str], runs: int) -> str:
    """The Markdown report: timings table, scaling factors, notes, failures, machine."""
    lines = [f"# Benchmark: briefkit vs Hugo (median of {runs} runs)", "",
             "| N | measurement | median s | min–max s | peak RSS MiB | × Hugo |",
             "| ---: | --- | ---: | ---: | ---: | ---: |"]
    failures = []
    for n, ms in results.items():
        hugo = next((m for m in ms if m.name.startswith("hugo") and m.runs and not m.failure), None)
        for m in ms:
            if m.failure:
                lines.append(f"| {n} | {m.name} | FAILED (exit {m.failure.status}) | | | |")
                failures += [f"### {m.name}, N={n}: exit {m.failure.status}", "", "```", m.failure.tail, "```", ""]
                continue
            times = [r.seconds for r in m.runs]
            ratio = f"{m.median / hugo.median:.2f}" if hugo else "–"
            lines.append(f"| {n} | {m.name} | {m.median:.3f} | {min(times):.3f}–{max(times):.3f} | "
                         f"{max(r.rss_mib for r in m.runs):.0f} | {ratio} |")
    sizes = sorted(results)
    if len(sizes) > 1:
        small, big = sizes[0], sizes[-1]
        lines += ["", f"Scaling from N={small} to N={big} ({big / small:g}× the pages):", "",
                  f"| measurement | median at {small} | median at {big} | factor |", "| --- | ---: | ---: | ---: |"]
        by_name = {(n, m.name): m for n in sizes for m in results[n] if m.runs and not m.failure}
        for m in results[small]:
            a, b = by_name.get((small, m.name)), by_name.get((big, m.name))
            if a and b:
                lines.append(f"| {m.name} | {a.median:.3f} | {b.median:.3f} | {b.median / a.median:.1f}× |")
    lines += ["", *[f"- {note}" for note in notes], "", machine(), ""]
    if failures:
        lines += ["## Failures", "", *failures]
    return "\n".join(lines)


def main(argv=None) -> int:
    """Run the benchmark and write .bench/results.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated N values (default 1000,10000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (default 3)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a run is killed (default 1800)")
    parser.add_argument("--only", choices=["all", "ours", "hugo"], default="all", help="which half to run")
    parser.add_argument("--wipe", choices=["aside", "delete"], default="aside",
                        help="before a clean build, move the last output aside (deleted when the bench ends; default) "
                             "or delete it there and then")
    args = parser.parse_args(argv)
    WIPE["mode"] = args.wipe
    shutil.rmtree(TRASH, ignore_errors=True)  # left by a bench that was stopped
    # Time the package as installed (make venv byte-compiles it), not its compilation: with
    # PYTHONDONTWRITEBYTECODE set, code changed since would be compiled again by every run.
    compileall.compile_dir(str(ROOT / "briefkit"), quiet=1)
    results, notes = {}, []
    try:
        for n in [int(s) for s in args.sizes.split(",")]:
            results[n], size_notes = bench_size(n, args.runs, args.timeout, args.only)
            notes += size_notes
    finally:
        shutil.rmtree(TRASH, ignore_errors=True)
    notes.append("Before each clean build, the last output (and our cache) was "
                 + ("moved aside, and deleted when the bench ended" if args.wipe == "aside" else "deleted"))
    text = report(results, notes, args.runs)
    WORK.mkdir(exist_ok=True)
    (WORK / "results.md").write_text(text, encoding="utf-8")
    print("\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
