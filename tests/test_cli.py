"""The `events` command as a user runs it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


EVENTS = str(Path(sys.executable).with_name("events"))


def events(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([EVENTS, *args], capture_output=True, text=True, timeout=600, **kw)


def test_extract_finds_events_in_every_shared_article(shared_dir, tmp_path):
    out = tmp_path / "events.jsonl"
    done = events("extract", str(shared_dir / "articles"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    stems = {p.stem for p in (shared_dir / "articles").glob("*.txt")}
    assert {r["article_id"] for r in rows} == stems
    for row in rows:
        assert row["event_type"] in ("visit", "treaty_signing", "arms_transfer")
        assert row["evidence"] and 0.0 <= row["confidence"] <= 1.0


def test_python_dash_m_is_the_same_command():
    done = subprocess.run([sys.executable, "-m", "pipelines", "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    for command in ("extract", "evaluate", "run", "export", "quarantine", "report"):
        assert command in done.stdout


def test_evaluate_agrees_with_the_reference_scorer(shared_dir, tmp_path):
    """`events evaluate` prints the same numbers as ../shared/gold/score.py on the same extraction."""
    gold = shared_dir / "gold" / "seeds.jsonl"
    out = tmp_path / "events.jsonl"
    assert events("extract", str(shared_dir / "articles"), "-o", str(out)).returncode == 0
    reference = subprocess.run([sys.executable, str(shared_dir / "gold" / "score.py"), str(gold), str(out), "--json"],
                               capture_output=True, text=True, check=True)
    ours = events("evaluate", str(gold), str(shared_dir / "articles"), "--json")
    assert ours.returncode == 0, ours.stderr
    assert json.loads(ours.stdout) == json.loads(reference.stdout)


def test_missing_path_is_a_clear_error(tmp_path):
    done = events("extract", str(tmp_path / "nope"))
    assert done.returncode != 0
    assert "no such file or folder" in done.stderr or "no readable articles" in (done.stderr + done.stdout)
