"""Helpers shared by the benchmark scripts: machine facts, load, words, process-tree memory."""
from __future__ import annotations

import json
import os
import platform
import sys
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))


def words(text: str) -> int:
    """Word count as the pipeline counts it (pipelines/mention_extraction.py, pipelines/cli.py)."""
    return len(text.split())


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def machine() -> dict:
    """What the numbers were measured on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    info = dict(nproc=os.cpu_count(), memory_gib=mem_gib, cpu=cpu, python=platform.python_version(),
                date=time.strftime("%Y-%m-%d %H:%M %Z"), loadavg=loadavg())
    try:
        import spacy

        info["spacy"] = spacy.__version__
    except ImportError:
        pass
    from pipelines import settings

    info["model"] = settings.spacy_model()
    return info


def print_machine() -> dict:
    info = machine()
    print("machine: " + ", ".join(f"{k}={v}" for k, v in info.items()))
    return info


class Timer:
    """Wall and CPU time of this process (CPU/wall < 1 on one process means it waited for the CPU)."""

    def __enter__(self):
        self.load_before = loadavg()
        self.wall0 = time.perf_counter()
        self.cpu0 = time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall0
        self.cpu = time.process_time() - self.cpu0
        self.load_after = loadavg()
        return False


def extraction_fingerprint(root: Path | None = None) -> str:
    """sha256 (12 hex) of every file under pipelines/extraction (code, rules, gazetteer).

    ``Extractor.version`` hashes only the rule and gazetteer files, so two different
    versions of the Python code can report the same version; this tells them apart."""
    import hashlib

    base = (root or REPO_ROOT) / "pipelines" / "extraction"
    h = hashlib.sha256()
    for path in sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(base).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def write_json(path: str | None, payload: dict) -> None:
    if path:
        Path(path).write_text(json.dumps(payload, indent=2, default=str))


# ------------------------------------------------------------------ process-tree memory via /proc
def _ppid_map() -> dict[int, list[int]]:
    """parent pid -> child pids, from /proc/<pid>/stat (no /proc/<pid>/task/*/children here)."""
    kids: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def _status_kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _pss_kib(pid: int) -> int:
    """Proportional set size: private pages plus a share of the pages shared with other
    processes (forked extraction workers share the model's pages with their parent, which
    summed RSS would count once per process)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def tree(pid: int) -> list[int]:
    kids = _ppid_map()
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        todo += kids.get(p, [])
    return pids


class TreeMemoryPoller(threading.Thread):
    """Polls /proc every ``interval`` s: the peak of the summed RSS of a process and all its
    descendants, the peak of their summed PSS (shared pages counted once: the memory the
    tree really takes), and the largest VmHWM (per-process peak RSS) seen in the tree.

    psutil is not in the venv, so this reads /proc directly (Linux only). A child that
    lives shorter than one interval can be missed by the sum; VmHWM of the main process is
    exact, and ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` after the run gives the
    largest single descendant exactly."""

    def __init__(self, pid: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_tree_kib = 0
        self.peak_tree_pss_kib = 0
        self.peak_hwm_kib = 0
        self.max_procs = 0
        self._halt = threading.Event()

    def run(self):
        while not self._halt.is_set():
            pids = tree(self.pid)
            total = sum(_status_kib(p, "VmRSS") for p in pids)
            self.peak_tree_kib = max(self.peak_tree_kib, total)
            self.peak_tree_pss_kib = max(self.peak_tree_pss_kib, sum(_pss_kib(p) for p in pids))
            self.peak_hwm_kib = max([self.peak_hwm_kib] + [_status_kib(p, "VmHWM") for p in pids])
            self.max_procs = max(self.max_procs, len(pids))
            self._halt.wait(self.interval)

    def stop(self):
        self._halt.set()
        self.join()
