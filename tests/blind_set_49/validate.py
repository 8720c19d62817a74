"""Validate blind_set_49: gold.jsonl against the articles (14 articles, 1 hard negative).

Run (from /work/main):  /work/main/.venv/bin/python tests/blind_set_49/validate.py
The checks are in tests/blind_set_checks.py (shared by the sets written in this format).
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from blind_set_checks import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(HERE, n_articles=14, n_negatives=1))
