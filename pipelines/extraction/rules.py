"""Trigger rules kept as data (``rules/*.json``), and their small typed loader.

One file per event type holds a list of rules. A rule is patterns in spaCy's
``DependencyMatcher`` format (whose first node is the ``trigger``; relation operators ``>``,
``<``, ``>>`` and ``;*``, matched by ``tree_matcher``) plus *role paths*: how to walk from a
matched node to the phrase that fills a role. Path syntax, steps joined by ``>``:

- ``$node``       start at a named pattern node (default: ``trigger``)
- ``dep``         children with that dependency label (``nsubj``, ``dobj``, ``pobj``)
- ``dep[a|b]``    ... whose lower-cased text is one of the words (``prep[to|into]``)
- ``^``           the head; ``^dep`` the head, if the current token has that label;
                  ``^dep[be|take]`` (or ``^[be|take]``) only a head with one of these lemmas
- ``@subject``    the subject the phrase inherits (``By supplying X, NK ...``)
- ``@place``      the nearest in/at place phrase below the node
- ``@owner``      the possessor of the node or of the noun after its "of", not a pronoun
                  ("the bulk of Egypt's tanks": Egypt)
- ``@dative``     a state's name or "the ... army" that the parser hung on the node as a
                  modifier right after the trigger ("handed Pyongyang air-defence equipment")

``require_official`` / ``require_person`` list roles whose phrase must name an official
(a person, a title, a state body) / a person (a named person or a leader's title).

``fallback`` names how a role the parse leaves open is filled: ``other_state`` (the one
other state of the sentence), ``sentence`` / ``article`` (the sentence's, else the article's
pair of states, for parties), ``article_host`` (an unplaced visit: the article's host,
``article_level.resolve_pending_hosts``), ``other_state_else_article_host`` (the one other
state of the sentence; when the sentence names none, the article's host: "Putin's previous
visit, in September 2019, produced a treaty") and ``returned`` ("Xi returned the visit": the
state whose visitor came to the returner's state last before it in the article).

``forbid_children`` lists dependency labels (``dep``, or ``dep:POS`` for children of one part
of speech only) the trigger must not have ("returned
the paintings to Brazil" has a ``dobj``, so it is no journey).

``subject_states_only_without`` names a pattern node: a match that lacks it is kept only when
every state the sentence names is inside the trigger's subject ("The following year the first
of 46 MiG-23 fighters arrived" continues the transfer told before it; "The last Soviet
deliveries, about 30 MiG-29s, arrived in 1991" is one; "Blinken told Ukrainian officials that
weapons from the aid package would arrive faster" is no delivery).

``target_as_place`` (an arms rule) reads the target's phrase as a place, as a visit's is: a city
or base stands for its state ("the first five jets landed at Ambala": India).

``known_only`` lists trigger words (a treaty rule's) whose document must be one the gazetteer
knows by name (``treaties.csv``): "the Algiers agreement of December 2000" is one, "the 2015
agreement" is left alone.

``presupposed`` marks triggers that name something that already happened (a treaty with its
year): a negated clause around them ("the 1961 treaty would not be extended") does not undo
the signing.

Unknown keys are rejected so that a typo in a rule file fails loudly.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from schemas.vocabulary import EVENT_TYPES

RULES_DIR = Path(__file__).resolve().parent / "rules"

ROLES = ("source", "target", "party", "participant", "place", "items")
MODES = ("directed", "parties", "meeting")
FALLBACKS = ("other_state", "other_state_else_article_host", "sentence", "article", "article_host", "returned")
_STEP = re.compile(r"^(\$[A-Za-z_]+|@subject|@place|@owner|@dative|\^[a-z:]*(\[[^\]]+\])?|[a-z:]+(\[[^\]]+\])?)$")


class RuleError(ValueError):
    """A rule file does not follow the schema."""


def node_words(node: dict) -> set[str] | None:
    """The words (lemma or lower-case form, as written and in lower case) one of which a
    pattern node must be, or None when the node names none (a dependency, a part of speech,
    a regular expression)."""
    attrs = node.get("RIGHT_ATTRS", {})
    out: set[str] | None = None
    for key in ("LEMMA", "LOWER"):
        value = attrs.get(key)
        if isinstance(value, str):
            words = {value, value.lower()}
        elif isinstance(value, dict) and set(value) == {"IN"}:
            words = {*value["IN"], *(v.lower() for v in value["IN"])}
        else:
            continue
        out = words if out is None else out & words
    return out


@dataclass(frozen=True)
class Example:
    text: str
    expect: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    id: str
    event_type: str
    description: str
    strength: float
    mode: str
    patterns: tuple
    roles: dict
    fallback: dict
    require_official: tuple
    require_person: tuple
    visits_from_place: bool
    forbid_children: tuple
    presupposed: bool
    subject_states_only_without: str | None
    target_as_place: bool
    known_only: tuple
    match: tuple[Example, ...]
    no_match: tuple[str, ...]
    source_file: str

    def trigger_lemmas(self) -> set[str]:
        """The words (lower case) a trigger of one of the rule's patterns can be."""
        return {w.lower() for pattern in self.patterns for w in node_words(pattern[0]) or ()}


_KEYS = {"id": str, "event_type": str, "description": str, "strength": (int, float), "mode": str,
         "patterns": list, "roles": dict, "fallback": dict, "require_official": list, "require_person": list,
         "visits_from_place": bool, "forbid_children": list, "presupposed": bool, "examples": dict,
         "subject_states_only_without": str, "target_as_place": bool, "known_only": list}
_REQUIRED = {"id", "event_type", "description", "strength", "mode", "patterns", "roles", "examples"}
_NODE_KEYS = {"RIGHT_ID", "RIGHT_ATTRS", "LEFT_ID", "REL_OP"}


def _check_path(rule_id: str, path: str) -> None:
    for step in path.split(">"):
        if not _STEP.match(step):
            raise RuleError(f"{rule_id}: bad role path step {step!r} in {path!r}")


def parse_rule(obj: dict, source_file: str = "<memory>") -> Rule:
    if not isinstance(obj, dict):
        raise RuleError(f"{source_file}: a rule must be an object")
    rid = obj.get("id", "<no id>")
    unknown = set(obj) - set(_KEYS)
    if unknown:
        raise RuleError(f"{rid}: unknown keys {sorted(unknown)}")
    missing = _REQUIRED - set(obj)
    if missing:
        raise RuleError(f"{rid}: missing keys {sorted(missing)}")
    for k, typ in _KEYS.items():
        if k in obj and not isinstance(obj[k], typ):
            raise RuleError(f"{rid}: {k} has the wrong type")
    if obj["event_type"] not in EVENT_TYPES:
        raise RuleError(f"{rid}: unknown event_type {obj['event_type']!r}")
    if obj["mode"] not in MODES:
        raise RuleError(f"{rid}: unknown mode {obj['mode']!r}")
    if not 0 < obj["strength"] <= 1:
        raise RuleError(f"{rid}: strength must be in (0, 1]")
    if not obj["patterns"]:
        raise RuleError(f"{rid}: no patterns")
    for pattern in obj["patterns"]:
        if not pattern or pattern[0].get("RIGHT_ID") != "trigger":
            raise RuleError(f"{rid}: the first node of every pattern must be RIGHT_ID 'trigger'")
        for node in pattern:
            bad = set(node) - _NODE_KEYS
            if bad:
                raise RuleError(f"{rid}: unknown pattern node keys {sorted(bad)}")
        from pipelines.extraction.tree_matcher import Pattern  # (it reads node_words from here)
        try:
            Pattern(pattern)
        except ValueError as e:
            raise RuleError(f"{rid}: {e}") from None
    for role, paths in obj["roles"].items():
        if role not in ROLES:
            raise RuleError(f"{rid}: unknown role {role!r}")
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            raise RuleError(f"{rid}: role {role!r} needs a list of paths")
        for p in paths:
            _check_path(rid, p)
    for role, how in obj.get("fallback", {}).items():
        if role not in ROLES or how not in FALLBACKS:
            raise RuleError(f"{rid}: bad fallback {role!r}: {how!r}")
    optional_node = obj.get("subject_states_only_without")
    if optional_node is not None and not any(node.get("RIGHT_ID") == optional_node
                                             for pattern in obj["patterns"] for node in pattern):
        raise RuleError(f"{rid}: subject_states_only_without names no pattern node: {optional_node!r}")
    ex = obj["examples"]
    if set(ex) - {"match", "no_match"} or not ex.get("match") or not ex.get("no_match"):
        raise RuleError(f"{rid}: examples need non-empty 'match' and 'no_match' lists only")
    matches = []
    for m in ex["match"]:
        if isinstance(m, str):
            matches.append(Example(m))
        elif isinstance(m, dict) and set(m) <= {"text", "expect"} and "text" in m:
            if set(m.get("expect", {})) - {"source", "target", "parties", "modality", "date", "location"}:
                raise RuleError(f"{rid}: unknown expect keys")
            matches.append(Example(m["text"], m.get("expect", {})))
        else:
            raise RuleError(f"{rid}: bad match example {m!r}")
    return Rule(id=rid, event_type=obj["event_type"], description=obj["description"],
                strength=float(obj["strength"]), mode=obj["mode"], patterns=tuple(obj["patterns"]),
                roles=dict(obj["roles"]), fallback=dict(obj.get("fallback", {})),
                require_official=tuple(obj.get("require_official", [])),
                require_person=tuple(obj.get("require_person", [])),
                visits_from_place=bool(obj.get("visits_from_place", False)),
                forbid_children=tuple(obj.get("forbid_children", [])),
                presupposed=bool(obj.get("presupposed", False)),
                subject_states_only_without=optional_node,
                target_as_place=bool(obj.get("target_as_place", False)),
                known_only=tuple(w.lower() for w in obj.get("known_only", [])),
                match=tuple(matches), no_match=tuple(ex["no_match"]), source_file=source_file)


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    rules, ids = [], set()
    for path in sorted(RULES_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, list):
            raise RuleError(f"{path.name}: must hold a list of rules")
        for obj in data:
            r = parse_rule(obj, path.name)
            if r.id in ids:
                raise RuleError(f"duplicate rule id {r.id}")
            ids.add(r.id)
            rules.append(r)
    return tuple(rules)


def files_fingerprint() -> str:
    h = hashlib.sha256()
    for p in sorted(RULES_DIR.rglob("*")):
        if not p.is_file():
            continue
        h.update(str(p.relative_to(RULES_DIR)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:8]


_IRREGULAR = {"send": ["sent"], "sell": ["sold"], "give": ["gave", "given"], "go": ["went", "gone"],
              "leave": ["left"], "meet": ["met"], "hold": ["held"], "fly": ["flew", "flown"],
              "come": ["came"], "buy": ["bought"], "make": ["made"], "pay": ["paid"],
              "take": ["took", "taken"], "seek": ["sought"], "begin": ["began", "begun"],
              "sign": [], "ship": ["shipped", "shipping"], "head": [], "arm": ["armed"],
              "undertake": ["undertook", "undertaken"], "win": ["won"], "lead": ["led"], "spend": ["spent"],
              "see": ["saw", "seen"], "bring": ["brought"], "be": ["is", "was", "were", "are", "been"],
              "ride": ["rode", "ridden"], "deal": ["dealt"], "lend": ["lent"], "speak": ["spoke", "spoken"],
              "stand": ["stood"], "strike": ["struck"], "sit": ["sat"], "set": [], "put": [], "lay": ["laid"]}


def surface_forms(lemma: str) -> set[str]:
    """Inflected forms of a trigger lemma, for the cheap candidate-sentence filter."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        forms.update({lemma[:-1] + "ies", lemma[:-1] + "ied"})
    if len(lemma) > 2 and lemma[-1] not in "aeiouwy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        forms.update({lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"})
    forms.update(_IRREGULAR.get(lemma, []))
    return forms
