"""The extraction stage over the lake: what it skips, what it survives, and the log it keeps."""
from __future__ import annotations

from pipelines.article_loading import ingest_to_lake
from pipelines.extraction import Extractor
from pipelines.ingest.sources import FolderSource
from pipelines.mention_extraction import extract_pending, pending_keys
from pipelines.storage import Lake

FRENCH = ("Visite d'État à Séoul\nLe président français est arrivé à Séoul mardi pour une visite d'État de "
          "trois jours, la première depuis dix ans. Les deux dirigeants ont signé un accord de coopération.\n")
ENGLISH = ("Macron in Seoul\nFrench President Emmanuel Macron arrived in Seoul on Tuesday for a three-day state "
           "visit, the first by a French leader in a decade.\n")
LONG_NO_EVENTS = "A long essay\n" + " ".join(
    f"Paragraph {i} discusses weather, markets and football results in general terms." for i in range(1000)) + "\n"


def test_non_english_is_kept_but_not_extracted_and_a_long_article_without_events_is_fine(tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "fr.txt").write_text(FRENCH)
    (landing / "en.txt").write_text(ENGLISH)
    (landing / "long.txt").write_text(LONG_NO_EVENTS)
    lake = Lake(tmp_path / "lake")
    source = FolderSource(name="t", kind="folder", path=str(landing), schedule="0 * * * *")
    assert ingest_to_lake(lake, source, batch_id="b1", run_id="r1").new == 3
    assert dict(lake.query("select article_id, language from {articles}")) == {"fr": "fr", "en": "en", "long": "en"}

    extractor = Extractor()
    assert {a for a, _ in pending_keys(lake, extractor.version)} == {"en", "long"}
    summary = extract_pending(lake, extractor, "x1", "r1")
    assert summary.articles_extracted == 2
    counts = dict(lake.query("select article_id, n_events from {extractions}"))
    assert counts["long"] == 0 and counts["en"] >= 1
    assert "fr" not in counts
    assert lake.query("select source, target from {event_mentions} where article_id = 'en'") == [("FRA", "KOR")]
    assert not pending_keys(lake, extractor.version)


def _mentions(lake: Lake) -> list[tuple]:
    return lake.query("select mention_id, article_id, event_type, source, target, parties, date, modality, "
                      "evidence, confidence from {event_mentions} order by mention_id")


def test_forked_workers_write_exactly_what_one_process_writes(tmp_path, monkeypatch):
    """The sample corpus extracted by two forked workers, in small chunks (so that parts,
    chunks in flight and the in-order write all happen), gives the same mentions and log."""
    from pipelines.paths import SAMPLE_CORPUS_DIR

    import os

    monkeypatch.setenv("EVENTS_EXTRACT_CHUNK", "7")
    pids = tmp_path / "pids"
    real = Extractor.extract_many

    def extract_many(self, articles, batch_size=32):  # notes which process extracts (forks inherit it)
        with pids.open("a") as f:
            f.write(f"{os.getpid()}\n")
        yield from real(self, articles, batch_size)

    extractor = Extractor()
    lakes = {}
    for workers in (1, 2):
        monkeypatch.setattr(Extractor, "extract_many", extract_many if workers == 2 else real)
        lake = lakes[workers] = Lake(tmp_path / f"lake{workers}")
        source = FolderSource(name="s", kind="folder", path=str(SAMPLE_CORPUS_DIR), schedule="0 * * * *")
        ingest_to_lake(lake, source, batch_id="b1", run_id="r1")
        summary = extract_pending(lake, extractor, "x1", "r1", workers=workers)
        assert summary.articles_extracted == len(pending_keys(lake, "nothing-yet")) >= 30
        assert not pending_keys(lake, extractor.version)
    workers_seen = set(pids.read_text().split())
    assert len(workers_seen) == 2 and str(os.getpid()) not in workers_seen
    one, two = _mentions(lakes[1]), _mentions(lakes[2])
    assert len(one) > 50 and one == two
    log = "select article_id, n_events, batch_id from {extractions} order by article_id"
    assert lakes[1].query(log) == lakes[2].query(log)


def test_a_failing_worker_fails_the_stage_and_leaves_the_chunk_pending(tmp_path, monkeypatch):
    """An exception inside a worker reaches the parent; chunks written before it stay written
    and the failed chunk's articles stay pending for the next run."""
    from pipelines.paths import SAMPLE_CORPUS_DIR

    monkeypatch.setenv("EVENTS_EXTRACT_CHUNK", "10")
    extractor = Extractor()
    lake = Lake(tmp_path / "lake")
    ingest_to_lake(lake, FolderSource(name="s", kind="folder", path=str(SAMPLE_CORPUS_DIR), schedule="0 * * * *"),
                   batch_id="b1", run_id="r1")
    total = len(pending_keys(lake, extractor.version))
    poison = sorted(a for a, _ in pending_keys(lake, extractor.version))[25]  # in the third chunk
    real = Extractor.extract_many

    def extract_many(self, articles, batch_size=32):
        if any(a["article_id"] == poison for a in articles):
            raise RuntimeError(f"cannot extract {poison}")
        yield from real(self, articles, batch_size)

    monkeypatch.setattr(Extractor, "extract_many", extract_many)
    try:
        extract_pending(lake, extractor, "x1", "r1", workers=2)
    except RuntimeError as error:
        assert poison in str(error)
    else:
        raise AssertionError("the worker's error was swallowed")
    left = {a for a, _ in pending_keys(lake, extractor.version)}
    assert poison in left and 0 < total - len(left) <= 20  # the first two chunks were written
