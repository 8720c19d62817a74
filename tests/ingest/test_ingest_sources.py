"""sources.yaml loading and validation."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipelines import settings
from pipelines.ingest.sources import FolderSource, SourcesConfigError, load_sources, parse_sources
from pipelines.paths import REPO_ROOT


def test_shipped_sources_file_has_the_sample_corpus() -> None:
    (source,) = load_sources(REPO_ROOT / "sources.yaml")
    assert isinstance(source, FolderSource)
    assert (source.name, source.schedule) == ("sample_corpus", "0 * * * *")
    assert source.root == REPO_ROOT / "pipelines" / "sample_corpus" / "articles"


def test_sources_file_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "sources:\n"
        "  - {name: wire, kind: feed, url: 'https://example.com/rss', schedule: '*/15 * * * *'}\n"
        "  - {name: pages, kind: urls, urls: ['https://example.com/a'], schedule: '0 6 * * 1', allow_private: true}\n"
        "  - {name: local, kind: folder, path: /tmp/x, glob: '*.txt', schedule: '0 * * * *'}\n"
    )
    monkeypatch.setenv("EVENTS_SOURCES", str(path))
    assert settings.sources_file() == path
    sources = load_sources()
    assert [s.kind for s in sources] == ["feed", "urls", "folder"]
    assert sources[1].allow_private is True
    assert sources[2].root == Path("/tmp/x")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ({"name": "a", "kind": "ftp", "schedule": "0 * * * *"}, "unknown kind 'ftp'"),
        ({"name": "a", "kind": "folder", "path": "x", "schedule": "0 * * * *", "colour": 1}, "key 'colour': unknown key"),
        ({"name": "a", "kind": "feed", "url": "file:///etc/passwd", "schedule": "0 * * * *"}, "not an http(s) URL"),
        ({"name": "a", "kind": "feed", "url": "https://x.org", "schedule": "hourly"}, "not a 5-field cron"),
        ({"name": "a", "kind": "urls", "urls": [], "schedule": "0 * * * *"}, "key 'urls'"),
        ({"name": "A b", "kind": "folder", "path": "x", "schedule": "0 * * * *"}, "key 'name'"),
        ({"name": "a", "schedule": "0 * * * *"}, "missing 'kind'"),
    ],
)
def test_invalid_sources_give_clear_errors(source: dict, message: str) -> None:
    with pytest.raises(SourcesConfigError, match="source '.*'") as error:
        parse_sources({"sources": [source]})
    assert message in str(error.value)


def test_duplicate_names_and_missing_file(tmp_path: Path) -> None:
    folder = {"name": "a", "kind": "folder", "path": "x", "schedule": "0 * * * *"}
    with pytest.raises(SourcesConfigError, match="unique"):
        parse_sources({"sources": [folder, folder]})
    with pytest.raises(SourcesConfigError, match="does not exist"):
        load_sources(tmp_path / "missing.yaml")
