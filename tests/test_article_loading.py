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


# ---------------------------------------------------------------- streaming: a batch in chunks
def _many(tmp_path, n=12):
    """n distinct articles a0..a{n-1} (sorted read order), then the records that only a later
    chunk meets: a copy of a0's text for the same outlet (duplicate), for another outlet
    (reprint), a1's URL under another file name (same article), and two bad files."""
    root = tmp_path / "many"
    root.mkdir()

    def put(name, text, **meta):
        (root / f"{name}.txt").write_text(text)
        (root / f"{name}.meta.json").write_text(json.dumps(dict({"published_at": "2024-06-19T10:00:00Z"}, **meta)))

    body = "Title {i}\nRussian President Vladimir Putin arrived in Pyongyang on day {i} of the talks.\n"
    for i in range(n):
        put(f"a{i:02d}", body.format(i=i), outlet="Wire", url=f"https://news.example/a{i:02d}")
    put("z1_same_outlet", body.format(i=0), outlet="Wire")
    put("z2_other_outlet", body.format(i=0), outlet="Daily")
    put("z3_same_url", "Title 1\nCorrected: Putin arrived in Pyongyang on the first day.\n",
        outlet="Wire", url="https://news.example/a01?utm_source=feed")
    (root / "z4_empty.txt").write_text("")
    (root / "z5_future.txt").write_text("Title\nSome body text about nothing in particular.\n")
    (root / "z5_future.meta.json").write_text(json.dumps({"published_at": "2999-01-01T00:00:00Z"}))
    return root


def _load_chunked(lake, root, batch_id, chunk_size):
    source = FolderSource(name="many", kind="folder", path=str(root), schedule="0 * * * *")
    return ingest_to_lake(lake, source, batch_id=batch_id, run_id="r-" + batch_id, chunk_size=chunk_size)


def _stored(lake):
    return sorted(lake.query("select article_id, content_hash, is_reprint, text, url, outlet from {articles}"))


def test_a_chunked_batch_stores_the_same_articles_as_one_chunk(tmp_path, monkeypatch):
    root = _many(tmp_path)
    monkeypatch.setenv("EVENTS_INGEST_STATE", str(tmp_path / "state-whole"))
    whole_lake = Lake(tmp_path / "whole")
    whole = _load_chunked(whole_lake, root, "b1", chunk_size=10_000)
    monkeypatch.setenv("EVENTS_INGEST_STATE", str(tmp_path / "state-chunked"))
    lake = Lake(tmp_path / "chunked")
    chunked = _load_chunked(lake, root, "b1", chunk_size=4)

    # 17 records in chunks of 4: five chunks, each written as its own files (the fifth holds
    # only z5_future, which the contract quarantines: no article file for it)
    files = sorted(p.name for p in (lake.root / "articles").glob("b1-*.parquet"))
    assert files == [f"b1-{i:05d}.parquet" for i in range(4)]
    assert sorted(p.name for p in (lake.root / "quarantine").glob("b1-*.parquet")) == [
        "b1-00003.parquet", "b1-00004.parquet"]
    assert [p.name for p in (whole_lake.root / "articles").glob("b1*.parquet")] == ["b1-00000.parquet"]
    assert _stored(lake) == _stored(whole_lake)
    assert {r[0] for r in lake.query("select distinct batch_id from {articles}")} == {"b1"}
    stored, distinct = lake.query("select count(*), count(distinct (article_id, content_hash)) from {articles}")[0]
    assert stored == distinct == 14  # a00..a11, the reprint z2 (as its own article) and a01's new version

    # the later chunks were deduplicated against the earlier ones of the same batch
    assert chunked == whole  # same counts and reasons
    assert (chunked.seen, chunked.new, chunked.duplicate, chunked.reprint, chunked.quarantined) == (17, 14, 1, 1, 2)
    reprint = lake.query("select article_id from {articles} where is_reprint")
    assert reprint == [("z2_other_outlet",)]
    assert lake.query("select count(*) from {articles} where article_id = 'a01'")[0][0] == 2  # same URL: new version
    manifest = json.loads(lake.query("select manifest from {batches} where batch_id = 'b1'")[0][0])
    outcomes = {m["record_key"]: m["outcome"] for m in manifest}
    assert outcomes["a00"] == "new" and outcomes["z2_other_outlet"] == "reprint"
    a00_hash = next(m["content_hash"] for m in manifest if m["record_key"] == "a00" and m["outcome"] == "new")
    assert [m for m in manifest if m["outcome"] == "duplicate"] == [  # z1 (in chunk 4) = a00 (in chunk 1)
        {"record_key": "z1_same_outlet", "content_hash": a00_hash, "outcome": "duplicate",
         "reason": "same text already stored for outlet 'Wire'"}]
    assert sorted(m["record_key"] for m in manifest if m["outcome"] == "quarantined") == ["z4_empty.txt", "z5_future.txt"]
    # one manifest row for the whole batch, with the whole batch's counts (what the quarantine gate reads)
    assert lake.query("select n_seen, n_new, n_duplicate, n_reprint, n_quarantined from {batches}") == [(17, 14, 1, 1, 2)]


def test_a_chunked_rerun_adds_nothing_and_an_unfinished_batch_is_completed(tmp_path):
    root = _many(tmp_path)
    lake = Lake(tmp_path / "lake")
    # a run killed after its first two chunks: their files are stored, the manifest and the
    # folder state are not
    import pipelines.article_loading as loading

    real_add, calls = loading.BatchWriter.add, []

    def add_then_die(self, chunk):
        if len(calls) == 2:
            raise KeyboardInterrupt("killed")
        calls.append(1)
        real_add(self, chunk)

    loading.BatchWriter.add = add_then_die
    try:
        try:
            _load_chunked(lake, root, "b1", chunk_size=4)
        except KeyboardInterrupt:
            pass
    finally:
        loading.BatchWriter.add = real_add
    assert lake.count("articles") == 8 and lake.count("batches") == 0
    assert not (tmp_path / "ingest_state" / "folder-many.json").exists()

    again = _load_chunked(lake, root, "b2", chunk_size=4)  # reads everything again, stores only the rest
    assert (again.seen, again.new, again.duplicate, again.not_modified) == (17, 6, 9, 0)
    assert lake.count("articles") == 14
    third = _load_chunked(lake, root, "b3", chunk_size=3)  # nothing new: a no-op, whatever the chunk size
    assert third.new == 0 and third.quarantined == 0
    # every article file but three is not read again: the two bad ones, and z1 (a copy
    # skipped as a duplicate, so its own id is never stored) are read again, as before chunking
    assert (third.not_modified, third.duplicate) == (14, 3)
    stored, distinct = lake.query("select count(*), count(distinct (article_id, content_hash)) from {articles}")[0]
    assert stored == distinct == 14
    assert lake.count("quarantine") == 2


def test_a_late_duplicate_in_a_jsonl_file_spanning_chunks(tmp_path):
    root = tmp_path / "jsonl"
    root.mkdir()
    lines = [{"id": f"j{i}", "title": "t", "text": f"Kim Jong Un left for Moscow on trip {i}.", "outlet": "Wire"}
             for i in range(7)]
    lines.append({"id": "j0", "title": "t", "text": "Kim Jong Un left for Moscow on trip 0.", "outlet": "Wire"})
    (root / "all.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    lake = Lake(tmp_path / "lake")
    source = FolderSource(name="j", kind="folder", path=str(root), schedule="0 * * * *")
    first = ingest_to_lake(lake, source, batch_id="b1", run_id="r1", chunk_size=3)
    assert (first.seen, first.new, first.duplicate) == (8, 7, 1)
    assert len(list((lake.root / "articles").glob("b1-*.parquet"))) == 3
    # the file is recorded once, with every version it gave, across its chunks: unchanged next time
    second = ingest_to_lake(lake, source, batch_id="b2", run_id="r2", chunk_size=3)
    assert (second.seen, second.new, second.not_modified) == (1, 0, 1)
