"""The tree matcher finds what spaCy's DependencyMatcher finds, in the same order."""
from pathlib import Path

import pytest
from spacy.matcher import DependencyMatcher

from pipelines.extraction.rules import RuleError, load_rules, parse_rule
from pipelines.extraction.tree_matcher import TreeMatcher

SAMPLE = Path(__file__).resolve().parents[2] / "pipelines" / "sample_corpus" / "articles"


def spacy_matches(nlp, rule, doc):
    m = DependencyMatcher(nlp.vocab)
    for k, p in enumerate(rule.patterns):
        m.add(f"{rule.id}#{k}", [list(p)])
    return [(int(nlp.vocab.strings[key].rsplit("#", 1)[1]), ids) for key, ids in m(doc)]


@pytest.fixture(scope="module")
def parsed(extractor):
    """Every rule example and every candidate sentence of the sample corpus, parsed as the
    extractor parses them."""
    texts = [ex.text for r in load_rules() for ex in r.match] + [t for r in load_rules() for t in r.no_match]
    for path in sorted(SAMPLE.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        spans, _ = extractor.candidates(text)
        texts.extend(text[s:e] for s, e in spans)
    return list(extractor._parse(texts))


def test_same_matches_as_spacy_dependency_matcher(extractor, parsed):
    rules = load_rules()
    found = 0
    for rule in rules:
        ours = TreeMatcher(rule.patterns)
        for doc in parsed:
            expected = spacy_matches(extractor.nlp, rule, doc)
            assert ours(doc) == expected, (rule.id, doc.text)
            found += len(expected)
    assert found > 500   # the comparison covers real matches, not only empty lists


def test_the_extractor_uses_it_for_every_rule(extractor, parsed):
    doc = parsed[0]
    by_rule = {}
    for rule_id, k, ids in extractor.sentence_extractor.match(doc):
        by_rule.setdefault(rule_id, []).append((k, ids))
    assert by_rule
    for rule_id, got in by_rule.items():
        rule = next(r for r in load_rules() if r.id == rule_id)
        assert got == spacy_matches(extractor.nlp, rule, doc)


def _rule(pattern):
    return dict(id="t.rule", event_type="visit", description="d", strength=0.5, mode="directed",
                patterns=[pattern], roles={"source": ["nsubj"]},
                examples={"match": ["Kim visited Moscow."], "no_match": ["Kim stayed home."]})


def test_unsupported_operator_is_a_rule_error():
    pattern = [{"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": "visit"}},
               {"LEFT_ID": "trigger", "REL_OP": ".", "RIGHT_ID": "next", "RIGHT_ATTRS": {"POS": "PROPN"}}]
    with pytest.raises(RuleError, match="unsupported REL_OP"):
        parse_rule(_rule(pattern))


def test_unsupported_attribute_is_a_rule_error():
    pattern = [{"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": "visit", "ENT_TYPE": "GPE"}}]
    with pytest.raises(RuleError, match="unsupported pattern attribute 'ENT_TYPE'"):
        parse_rule(_rule(pattern))


def test_left_id_must_name_an_earlier_node():
    pattern = [{"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": "visit"}},
               {"LEFT_ID": "object", "REL_OP": ">", "RIGHT_ID": "subject", "RIGHT_ATTRS": {"DEP": "nsubj"}}]
    with pytest.raises(RuleError, match="names no earlier node"):
        parse_rule(_rule(pattern))
