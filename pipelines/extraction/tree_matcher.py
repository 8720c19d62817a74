"""Dependency-tree matching of the rule patterns, walked from the trigger.

A rule pattern is written in spaCy's ``DependencyMatcher`` format (see ``rules.py``). spaCy's
matcher first runs a token matcher for every node of every pattern over the whole
sentence ("every nsubj", "every PROPN") and then joins the hits. The rules only use three
relation operators, so this module walks the tree instead: it starts at the tokens that
can be the trigger (looked up by their word) and, node by node, only tests the children,
the head or the descendants of the token already matched. The matches are the same, in
the same order (pattern by pattern, then by the token ids of the nodes in pattern order);
``tests/extraction/test_tree_matcher.py`` checks that against spaCy's matcher.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

from spacy.tokens import Doc, Token

from pipelines.extraction.rules import node_words

# token attribute of each pattern key the rules may use
ATTRIBUTES = {"DEP": "dep_", "POS": "pos_", "TAG": "tag_", "LEMMA": "lemma_", "LOWER": "lower_", "TEXT": "text"}


def _children(t: Token) -> Iterable[Token]:
    return t.children


def _head(t: Token) -> Iterable[Token]:
    return () if t.head.i == t.i else (t.head,)


def _descendants(t: Token) -> Iterable[Token]:
    return (x for x in t.subtree if x.i != t.i)


def _before(t: Token) -> Iterable[Token]:
    return t.doc[:t.i]


def _just_before(t: Token) -> Iterable[Token]:
    return t.doc[t.i - 1: t.i]


# relation operators: ">" a child, "<" the head, ">>" a descendant, ";*" any token before it in
# the doc, which the extractor parses one sentence at a time, ";" the token right before it (as
# in spaCy's DependencyMatcher)
OPERATORS: dict[str, Callable[[Token], Iterable[Token]]] = {">": _children, "<": _head, ">>": _descendants,
                                                            ";*": _before, ";": _just_before}


def node_test(attrs: dict) -> Callable[[Token], bool]:
    """A test of one token against a node's RIGHT_ATTRS (a value, {"IN": [...]},
    {"NOT_IN": [...]} or {"REGEX": "..."} per attribute)."""
    tests = []
    for key, value in attrs.items():
        if key not in ATTRIBUTES:
            raise ValueError(f"unsupported pattern attribute {key!r} (supported: {sorted(ATTRIBUTES)})")
        name = ATTRIBUTES[key]
        if isinstance(value, str):
            tests.append(lambda t, n=name, v=value: getattr(t, n) == v)
        elif isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("IN", "NOT_IN", "REGEX"):
            op, arg = next(iter(value.items()))
            if op == "IN":
                tests.append(lambda t, n=name, a=frozenset(arg): getattr(t, n) in a)
            elif op == "NOT_IN":
                tests.append(lambda t, n=name, a=frozenset(arg): getattr(t, n) not in a)
            else:
                tests.append(lambda t, n=name, r=re.compile(arg): r.search(getattr(t, n)) is not None)
        else:
            raise ValueError(f"unsupported value for pattern attribute {key!r}: {value!r}")
    return lambda t: all(test(t) for test in tests)


def word_index(doc: Doc) -> dict[str, list[int]]:
    """Token ids by lemma and by lower-case form."""
    index: dict[str, list[int]] = {}
    for t in doc:
        lemma, lower = t.lemma_, t.lower_
        index.setdefault(lemma, []).append(t.i)
        if lower != lemma:
            index.setdefault(lower, []).append(t.i)
    return index


class Pattern:
    """One compiled pattern: its nodes as (index of the node it hangs on, operator, test)."""

    def __init__(self, pattern: list[dict]):
        ids = {}
        self.nodes: list[tuple[int, Callable, Callable]] = []
        for j, node in enumerate(pattern):
            if j == 0:
                left, op = -1, None
            else:
                if node.get("REL_OP") not in OPERATORS:
                    raise ValueError(f"unsupported REL_OP {node.get('REL_OP')!r} (supported: {sorted(OPERATORS)})")
                if node.get("LEFT_ID") not in ids:
                    raise ValueError(f"LEFT_ID {node.get('LEFT_ID')!r} names no earlier node")
                left, op = ids[node["LEFT_ID"]], OPERATORS[node["REL_OP"]]
            ids[node["RIGHT_ID"]] = j
            self.nodes.append((left, op, node_test(node.get("RIGHT_ATTRS", {}))))
        # the words a node must be, for the nodes that name them: a sentence without a word
        # of each is skipped without a walk; the trigger's words find its candidate tokens
        words = [node_words(node) for node in pattern]
        self.trigger_words = words[0]
        self.needs = [w for w in words if w is not None]

    def matches(self, doc: Doc, index: dict[str, list[int]]) -> list[list[int]]:
        if not all(any(w in index for w in words) for words in self.needs):
            return []
        if self.trigger_words is None:
            starts = range(len(doc))
        else:
            starts = sorted({i for w in self.trigger_words for i in index.get(w, ())})
        first = self.nodes[0][2]
        out: list[list[int]] = []
        chosen: list[Token] = []

        def walk(j: int) -> None:
            if j == len(self.nodes):
                out.append([t.i for t in chosen])
                return
            left, op, test = self.nodes[j]
            for t in op(chosen[left]):
                if test(t):
                    chosen.append(t)
                    walk(j + 1)
                    chosen.pop()

        for i in starts:
            t = doc[i]
            if first(t):
                chosen.append(t)
                walk(1)
                chosen.pop()
        return out


class TreeMatcher:
    """The patterns of one rule; called on a parsed sentence, it returns (pattern number,
    token ids of the pattern's nodes) for every match."""

    def __init__(self, patterns: Iterable[list[dict]]):
        self.patterns = [Pattern(list(p)) for p in patterns]

    def __call__(self, doc: Doc, index: dict[str, list[int]] | None = None) -> list[tuple[int, list[int]]]:
        index = word_index(doc) if index is None else index
        return [(k, ids) for k, p in enumerate(self.patterns) for ids in p.matches(doc, index)]
