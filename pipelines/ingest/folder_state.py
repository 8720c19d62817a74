"""What a folder source's files looked like when they were last read (the folder analogue
of ETag / Last-Modified): size and mtime per file and its sidecar, and the article
versions it gave. Stored as JSON in the ingest state folder, saved only once the batch
that read the files is written."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class FolderState:
    path: Path | None = None
    files: dict[str, dict] = field(default_factory=dict)  # rel -> {"state": [...], "versions": [[id, hash], ...]}

    @classmethod
    def load(cls, state_dir: str | os.PathLike[str] | None, source_name: str) -> FolderState:
        if state_dir is None:
            return cls()
        path = Path(state_dir) / f"folder-{source_name}.json"
        try:
            files = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(files, dict):
                files = {}
        except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
            files = {}  # a lost or broken state only costs a full read
        return cls(path, files)

    def unchanged(self, rel: str, state: list[int], stored_versions: set[tuple[str, str]]) -> bool:
        """Same size and mtime as when read, and every article version it gave is still stored."""
        entry = self.files.get(rel)
        return bool(entry) and entry["state"] == state and all(
            (article_id, digest) in stored_versions for article_id, digest in entry["versions"])

    def record(self, rel: str, state: list[int], versions: list[tuple[str, str]]) -> None:
        self.files[rel] = {"state": state, "versions": [list(v) for v in versions]}

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(self.files, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)
