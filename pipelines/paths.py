"""Repository paths, derived from this file's location (never from the working directory)."""
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
SAMPLE_CORPUS_DIR = PACKAGE_DIR / "sample_corpus" / "articles"  # the landing folder: articles only
SAMPLE_GOLD = PACKAGE_DIR / "sample_corpus" / "gold.jsonl"  # gold events for those articles
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
DEFAULT_DATA_DIR = REPO_ROOT / "data"
