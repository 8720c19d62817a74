"""The dbt vocabulary (vars used by accepted_values tests and models) equals schemas/vocabulary.py."""
import yaml

from dbt_runner import DBT_PROJECT_DIR
from schemas import vocabulary


def test_dbt_vars_equal_the_vocabulary():
    dbt_vars = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text())["vars"]
    assert tuple(dbt_vars["event_types"]) == vocabulary.EVENT_TYPES
    assert tuple(dbt_vars["modalities"]) == vocabulary.MODALITIES
    assert tuple(dbt_vars["date_precisions"]) == vocabulary.DATE_PRECISIONS
    assert tuple(dbt_vars["actor_kinds"]) == vocabulary.ACTOR_KINDS
    assert tuple(dbt_vars["participant_roles"]) == vocabulary.PARTICIPANT_ROLES
