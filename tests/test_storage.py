"""The lake: atomic batch files with a fixed schema per dataset."""
from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from pipelines.storage import SCHEMAS, Lake, md5_key


def test_ensure_writes_an_empty_schema_file_per_dataset(tmp_path):
    lake = Lake(tmp_path)
    lake.ensure()
    for dataset, schema in SCHEMAS.items():
        table = pq.read_table(tmp_path / dataset / "_schema.parquet")
        assert table.num_rows == 0 and table.schema.equals(schema)
        assert lake.count(dataset) == 0


def test_write_skips_empty_batches_and_leaves_no_temp_files(tmp_path):
    lake = Lake(tmp_path)
    assert lake.write("extractions", [], "b0") is None
    path = lake.write("extractions", [{"article_id": "a", "content_hash": "h", "extractor_version": "v", "n_events": 2}], "b1")
    assert path.name == "b1.parquet"
    assert lake.count("extractions") == 1
    assert not [p for p in (tmp_path / "extractions").iterdir() if p.name.endswith(".tmp")]


def test_unknown_dataset_is_refused(tmp_path):
    with pytest.raises(KeyError, match="unknown lake dataset"):
        Lake(tmp_path).write("nope", [], "b")


def test_md5_key_is_deterministic_and_null_safe():
    assert md5_key("a", None, ["X", "Y"]) == md5_key("a", None, ["X", "Y"])
    assert md5_key("a", None) == md5_key("a", "")  # like coalesce(col, '') in the dbt key macro
    assert md5_key("a", "b") != md5_key("ab")


def test_replace_leaves_an_identical_reference_file_untouched(tmp_path):
    lake = Lake(tmp_path)
    rows = [{"actor_code": "RUS", "actor_name": "Russia", "actor_kind": "state", "region": "Europe"}]
    path = lake.write("actors", rows, "actors", replace=True)
    before = path.stat().st_mtime_ns
    assert lake.write("actors", rows, "actors", replace=True).stat().st_mtime_ns == before
    lake.write("actors", [dict(rows[0], actor_name="Russian Federation")], "actors", replace=True)
    assert lake.query("select actor_name from {actors}") == [("Russian Federation",)]
