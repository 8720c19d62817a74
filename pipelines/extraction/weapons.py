"""What counts as arms: the weapon lexicon (``rules/lexicons``), military type designations,
and the items and quantity of a transfer as written ("over 11,000 containers of munitions")."""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Token

from pipelines.extraction.actors import np_tokens
from pipelines.extraction.rules import RULES_DIR


@lru_cache(maxsize=1)
def weapon_lexicon() -> tuple[frozenset, dict]:
    lex = RULES_DIR / "lexicons"
    words = frozenset(l.strip().lower() for l in (lex / "weapons.txt").read_text().splitlines()
                      if l.strip() and not l.startswith("#"))
    qualified = {}
    for line in (lex / "qualified.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            noun, mods = line.split("\t")
            qualified[noun.strip()] = set(mods.split("|"))
    return words, qualified


#: military type designations: F-16, Su-35, Su-30MKI, MiG-29, J-10C, S-400, T-90, T-72B1MS, M1,
#: AH-64, MQ-9, L-39, Mi-171, Ka-52, Tu-160, Yak-130, Kh-101, HQ-9, BM-21, PL-15, KN-23
DESIGNATION = re.compile(r"^(f|fa|su|mig|j|jf|kf|kn|s|t|m|ah|uh|mq|tb|k|l|mi|ka|tu|yak|kh|hq|bm|pl)-?\d{1,3}[a-z0-9]{0,4}s?$")
#: a name with a number ("Fath-360", "Hwasong-11"), which the parser reads as a count: part of
#: the item, never its quantity
NAMED_NUMBER = re.compile(r"^[a-z]{2,}-\d{1,4}[a-z0-9]{0,4}s?$")


def _designation(tok: Token) -> bool:
    return bool(DESIGNATION.match(tok.lower_) or NAMED_NUMBER.match(tok.lower_))


DESIGNATED_NOUNS = {"jet", "jets", "aircraft", "plane", "planes", "system", "systems", "helicopter",
                    "helicopters", "vehicle", "vehicles", "unit", "units", "battery", "batteries", "trainer",
                    "trainers"}


#: words that make a jet or a plane civilian ("500 Airbus A320neo jets", "passenger jets")
CIVILIAN_WORDS = {"airbus", "boeing", "embraer", "comac", "bombardier", "passenger", "commercial", "civilian",
                  "airliner", "airliners", "cargo", "business", "private", "narrowbody", "widebody", "a320neo",
                  "a320", "a321", "a350", "a380", "737", "747", "777", "787", "max", "atr", "atr-72", "atr-42",
                  "superjet", "ssj-100", "mc-21", "c919", "arj21", "tu-204", "tu-214", "tu-154", "tu-134",
                  "il-96", "il-62", "il-86", "an-148", "an-158", "yak-42", "yak-40",
                  # an airline's jet ("a Malaysia Airlines jet")
                  "airlines", "airways"}
#: words that make the noun phrase they modify civil, but not the sentence ("the Korean Air
#: Lines jet"; "sent jets to the front lines" is no airline)
CIVILIAN_MODIFIERS = CIVILIAN_WORDS | {"lines"}


AIRCRAFT_NOUNS = {"jet", "plane", "aircraft", "airliner"}


def is_weapon(tok: Token) -> bool:
    words, qualified = weapon_lexicon()
    low, lemma = tok.lower_, tok.lemma_.lower()
    if tok.pos_ in ("NOUN", "PROPN") and any(t.lower_ in CIVILIAN_MODIFIERS for t in tok.subtree if t.i < tok.i):
        return False   # "Boeing 737 MAX jets", "passenger jets": airliners are no arms
    if lemma in AIRCRAFT_NOUNS and any(t.lower_ in CIVILIAN_WORDS for t in tok.sent):
        return False   # "an order for 470 jets from Airbus and Boeing"
    if DESIGNATION.match(low) and tok.pos_ in ("PROPN", "NOUN", "NUM"):
        # ("Tu-204 airliners": a designation of a civilian type is no weapon)
        return not (tok.dep_ in ("compound", "nmod", "amod") and tok.head.lower_ in CIVILIAN_WORDS)
    if low in DESIGNATED_NOUNS and any(_designation(c) for c in tok.children
                                       if c.dep_ in ("compound", "nummod", "amod", "nmod", "quantmod")):
        return True
    if low in words or lemma in words:
        return True
    if low.endswith("s") and (low[:-1] in words or low[:-2] in words and low.endswith("es")):
        return True
    if any(part in words for part in low.split("-") if part):
        return True
    mods = qualified.get(low) or qualified.get(lemma)
    if mods:
        left = {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound", "nmod")}
        left |= {t.lower_ for c in tok.children if c.dep_ in ("amod", "compound") for t in c.subtree}
        # (the word right before, however the parser hangs it: "hundreds of thousands of 155mm
        # rounds", with "mm" and "rounds" both objects of "of")
        if tok.i > 0:
            left.add(tok.doc[tok.i - 1].lower_)
        return bool(left & mods)
    return False


#: a state's forces that receive arms ("Tanzania's army", "the Philippine Navy")
#: an armed force as recipient makes a generic noun ("batteries", "systems") arms
ARMED_FORCES = {"army", "navy", "corps", "force", "forces", "military", "troops", "marines"}


RECIPIENT_FORCES = {"army", "navy", "military", "forces", "force", "guard", "troops", "government", "ministry"}


def weapon_after(tok: Token, span: int = 8) -> Token | None:
    """The first weapon noun within ``span`` tokens after ``tok``, before any punctuation."""
    for t in tok.doc[tok.i + 1: tok.i + 1 + span]:
        if t.is_punct and t.text in ",;.:":
            return None
        if t.pos_ in ("NOUN", "PROPN") and is_weapon(t):
            return t
    return None


# --------------------------------------------------------------------------- items
def items_and_quantity(tokens: list[Token]) -> tuple[str | None, str | None]:
    items, quantities = [], []
    stray_numbers: list[str] = []   # a weapon's number the parser hung on another word
    for head in tokens:
        for t in [head] + [c for c in head.conjuncts]:
            nps = np_tokens(t, follow_conj=True)
            weapons = sorted({w.i: w for w in nps if is_weapon(w) and w.pos_ in ("NOUN", "PROPN", "ADJ", "VERB")}.values(),
                             key=lambda w: w.i)
            heads = [w for w in weapons if not (w.head in weapons and w.dep_ in ("compound", "amod", "nmod"))]
            for w in heads:
                left = [c for c in w.subtree if c.i <= w.i and (c.dep_ in ("compound", "amod", "nmod", "punct", "npadvmod")
                        or (c.dep_ == "nummod" and _designation(c)))  # "24 F-16 fighters"
                        and c.head.i >= c.i and c.i >= w.left_edge.i]
                start = min([c.i for c in left] + [w.i])
                # a number splits the phrase: what precedes it is no part of the item ("the PNG
                # Defence Force four patrol boats", a garbled double object)
                # (not a number that ends a name: "Leopard 2 tanks", "Arrow 3")
                nums = [k for k in range(start, w.i) if w.doc[k].dep_ == "nummod" and w.doc[k].like_num
                        and not (k > start and w.doc[k].text.isdigit() and w.doc[k - 1].is_title
                                 and w.doc[k - 1].pos_ == "PROPN")]
                start = max([start] + [n + 1 for n in nums])
                if nums and w.doc[nums[-1]].head.i != w.i:
                    stray_numbers.append(w.doc[nums[-1]].text)
                while start < w.i and w.doc[start].dep_ in ("punct", "det", "cc", "nummod", "quantmod") and not (
                        w.doc[start].dep_ == "nummod" and _designation(w.doc[start])):
                    start += 1
                span = w.doc[start: w.i + 1].text
                if span not in items:
                    items.append(span)
            if not is_weapon(t) and t.pos_ in ("NOUN", "NUM") and weapons:
                mods = [c for c in t.children if c.dep_ in ("nummod", "quantmod", "amod") and c.i < t.i]
                if mods or t.lower_ in ("dozens", "hundreds", "thousands", "tons", "tonnes", "batches"):
                    s = min([m.left_edge.i for m in mods] + [t.i])
                    quantities.append(t.doc[s: t.i + 1].text)
            elif is_weapon(t):
                nums = [c for c in t.children if c.dep_ == "nummod" and not _designation(c)]
                if nums:
                    quantities.append(t.doc[nums[0].left_edge.i: nums[0].i + 1].text)
    if not quantities:
        quantities = stray_numbers
    return ("; ".join(items) or None), ("; ".join(dict.fromkeys(quantities)) or None)
