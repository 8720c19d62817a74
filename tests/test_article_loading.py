"""Loading read results into the lake: dedup, quarantine, manifest, idempotency."""
from __future__ import annotations

import json

from pipelines.article_loading import ingest_to_lake, read_paths
from pipelines.ingest.sources import FolderSource
from pipelines.storage import Lake


def load(lake, root, batch_id):
    source = FolderSource(name="t", kind="folder", path=str(root), schedule="0 * * * *")
    return ingest_to_lake(lake, source, batch_id=batch_id, run_id="r-" + batch_id)



def _landing(tmp_path):
    root = tmp_path / "landing"
    root.mkdir()
    (root / "a1.txt").write_text("Putin visits Pyongyang\nRussian President Vladimir Putin arrived in Pyongyang on Tuesday.\n")
    (root / "a1.meta.json").write_text(json.dumps({"published_at": "2024-06-19T10:00:00Z", "outlet": "Wire"}))
    (root / "a2.txt").write_text("Putin visits Pyongyang\nRussian President Vladimir Putin arrived in Pyongyang on Tuesday.\n")
    (root / "a2.meta.json").write_text(json.dumps({"published_at": "2024-06-19T11:00:00Z", "outlet": "Daily"}))
    (root / "empty.txt").write_text("")
    (root / "bad.jsonl").write_text('{"id": "j1", "title": "t", "text": "Kim Jong Un left for Moscow."}\n{"id": oops\n')
    return root


def test_load_is_idempotent_and_accounts_for_every_record(tmp_path):
    lake = Lake(tmp_path / "lake")
    root = _landing(tmp_path)
    first = load(lake, root, "b1")
    assert first.seen == first.new + first.duplicate + first.quarantined
    assert first.new == 3 and first.quarantined == 2  # a1, a2 (reprint of a1's text), j1; empty file, broken line
    assert first.reprint == 1
    second = load(lake, root, "b2")
    assert second.new == 0 and second.quarantined == 0
    # unchanged files are not read again (a1, a2, bad.jsonl); the empty file, which gave only
    # a quarantine record, is read again and found already quarantined
    assert second.not_modified == 3 and second.duplicate == 1
    assert second.seen == second.not_modified + second.duplicate
    assert lake.count("articles") == 3
    assert lake.count("quarantine") == 2
    manifest = json.loads(lake.query("select manifest from {batches} where batch_id = 'b1'")[0][0])
    assert sorted(m["outcome"] for m in manifest) == ["new", "new", "quarantined", "quarantined", "reprint"]


def test_changed_text_is_a_new_version(tmp_path):
    lake = Lake(tmp_path / "lake")
    root = _landing(tmp_path)
    load(lake, root, "b1")
    (root / "a1.txt").write_text("Putin visits Pyongyang\nCorrected: Putin arrived in Pyongyang on Wednesday.\n")
    again = load(lake, root, "b2")
    assert again.new == 1
    assert lake.query("select count(*) from {articles} where article_id = 'a1'")[0][0] == 2


def test_future_published_at_is_quarantined_by_contract(tmp_path):
    lake = Lake(tmp_path / "lake")
    root = tmp_path / "landing"
    root.mkdir()
    (root / "f.txt").write_text("Title\nSome body text about nothing in particular.\n")
    (root / "f.meta.json").write_text(json.dumps({"published_at": "2999-01-01T00:00:00Z"}))
    summary = load(lake, root, "b1")
    assert summary.new == 0 and summary.quarantined == 1
    reason = lake.query("select reason from {quarantine}")[0][0]
    assert "future" in reason.lower()


def test_read_paths_reads_single_files_with_their_sidecar(tmp_path):
    root = _landing(tmp_path)
    results = list(read_paths([root / "a1.txt", tmp_path / "missing.txt"]))
    articles = [r.record for r in results if r.is_article]
    assert [a["article_id"] for a in articles] == ["a1"]
    assert articles[0]["outlet"] == "Wire"
    assert any(r.is_quarantine and "no such file" in r.record["reason"] for r in results)


def test_a_changed_file_is_read_again_and_so_is_one_the_lake_lost(tmp_path):
    root = _landing(tmp_path)
    lake = Lake(tmp_path / "lake")
    load(lake, root, "b1")
    (root / "a2.txt").write_text("Putin visits Pyongyang\nAn update: the talks ran into a second day.\n")
    again = load(lake, root, "b2")
    assert again.new == 1 and again.not_modified == 2
    # the same state folder with a fresh lake: nothing it remembers is stored, so everything is read
    fresh = load(Lake(tmp_path / "other_lake"), root, "b3")
    assert fresh.not_modified == 0 and fresh.new == 3
