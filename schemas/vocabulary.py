"""The one vocabulary of the project: event types, modalities, roles, date precisions.

Everything else (pandera models, dbt accepted_values, extraction rule files) must
agree with these tuples; ``tests/test_vocabulary.py`` checks that it does.
"""

EVENT_TYPES = ("visit", "treaty_signing", "arms_transfer")

MODALITIES = ("asserted", "alleged", "denied", "planned")

DATE_PRECISIONS = ("day", "month", "year")

ACTOR_KINDS = ("state", "organisation", "historical_state")

# fct_event_participants.role, by event type
ROLES = {
    "visit": ("visitor", "host"),
    "treaty_signing": ("party",),
    "arms_transfer": ("supplier", "recipient"),
}
PARTICIPANT_ROLES = ("visitor", "host", "party", "supplier", "recipient")

# Actors the scorer treats as the same state (Soviet Union continued by Russia).
SAME_STATE = {"SUN": "RUS"}
