"""Every rule's own examples, run through the real extractor."""
import pytest

from pipelines.extraction.rules import load_rules

CASES = []
for rule in load_rules():
    for ex in rule.match:
        CASES.append(pytest.param(rule, ex.text, ex.expect, True, id=f"{rule.id}:match:{ex.text[:40]}"))
    for text in rule.no_match:
        CASES.append(pytest.param(rule, text, {}, False, id=f"{rule.id}:no_match:{text[:40]}"))


def _fits(event, expect):
    for key, value in expect.items():
        if key == "parties":
            if sorted(event["parties"] or []) != sorted(value):
                return False
        elif event.get(key) != value:
            return False
    return True


@pytest.mark.parametrize("rule,text,expect,should_match", CASES)
def test_rule_example(extract, rule, text, expect, should_match):
    events = [e for e in extract(text) if e["event_type"] == rule.event_type]
    if should_match:
        assert any(_fits(e, expect) for e in events), (text, expect, events)
    else:
        assert not events, (text, events)
