"""The blind sets' gold stays consistent with their articles: each set's own checker
(tests/blind_set*/validate.py: JSON, article ids, verbatim evidence, ISO codes, field
shapes) must pass, so an edit to an article or to the gold that breaks the other is caught."""
import subprocess
import sys

import pytest

from pipelines.paths import REPO_ROOT


@pytest.mark.parametrize("name", ["blind_set", "blind_set_2", "blind_set_3", "blind_set_4", "blind_set_5", "blind_set_6",
                                  "blind_set_7", "blind_set_8", "blind_set_9", "blind_set_10", "blind_set_11",
                                  "blind_set_12", "blind_set_13", "blind_set_14", "blind_set_15", "blind_set_16",
                                  "blind_set_17", "blind_set_18", "blind_set_19", "blind_set_20", "blind_set_21",
                                  "blind_set_22", "blind_set_23", "blind_set_24", "blind_set_25",
                                  "blind_set_26", "blind_set_27", "blind_set_28", "blind_set_29",
                                  "blind_set_30", "blind_set_31", "blind_set_32", "blind_set_33",
                                  "blind_set_34", "blind_set_35", "blind_set_36", "blind_set_37",
                                  "blind_set_38", "blind_set_39", "blind_set_40", "blind_set_41",
                                  "blind_set_42", "blind_set_43", "blind_set_44", "blind_set_45",
                                  "blind_set_46", "blind_set_47", "blind_set_48", "blind_set_49",
                                  "blind_set_50"])
def test_blind_set_gold_matches_its_articles(name):
    result = subprocess.run([sys.executable, str(REPO_ROOT / "tests" / name / "validate.py")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
