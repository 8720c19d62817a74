"""Unit tests: actors, dates, modality, negation, merging, offsets, the rule loader."""

import pytest

from pipelines.extraction import EVENT_FIELDS
from pipelines.extraction.dates import anaphoric_date, resolve
from pipelines.extraction.event_dates import clause_offset, shift_date
from pipelines.extraction.gazetteer import actors_table
from pipelines.extraction.rules import RuleError, load_rules, parse_rule
from schemas.vocabulary import ACTOR_KINDS, DATE_PRECISIONS, EVENT_TYPES, MODALITIES


# ----------------------------------------------------------------- actors
@pytest.mark.parametrize("text,code", [
    ("the DPRK", "PRK"), ("the Russian Federation", "RUS"), ("the Republic of Korea", "KOR"),
    ("Russian", "RUS"), ("North Korean", "PRK"), ("Soviet", "SUN"), ("Sino", "CHN"),
    ("Pyongyang", "PRK"), ("Moscow", "RUS"), ("the Kremlin", "RUS"), ("Washington", "USA"),
    ("the White House", "USA"), ("Seoul", "KOR"), ("Beijing", "CHN"),
    ("Putin", "RUS"), ("Kim Jong Un", "PRK"), ("Kim Jong-un", "PRK"), ("Shoigu", "RUS"), ("Lavrov", "RUS"),
    ("Burkina Faso", "BFA"), ("Ethiopians", "ETH"), ("NATO", "NATO"),
])
def test_actor_aliases(extractor, text, code):
    doc = extractor.nlp.make_doc(f"We read about {text} today.")
    assert code in [m.code for m in extractor.actor_matcher.find(doc)]


def test_short_name_needs_full_name_in_article(extractor):
    doc = extractor.nlp.make_doc("Kim said so.")
    assert extractor.actor_matcher.find(doc) == []
    assert [m.code for m in extractor.actor_matcher.find(doc, {"Kim Jong Un"})] == ["PRK"]


def test_bare_shared_short_form_means_the_leader_listed_first(extractor):
    """"Kim" alone, with North Korea named and no Kim in full, is Kim Jong Un; without its
    state named, or for a short form of officials ("Rice"), nobody."""
    def people(text):
        doc = extractor.nlp.make_doc(text)
        mentions = extractor.actor_matcher.find(doc)
        return extractor._default_people(text, mentions, {m.canonical for m in mentions if m.kind == "person"})
    assert people("North Korea said so. Kim agreed.") == {"Kim Jong Un"}
    assert people("Kim agreed.") == set()
    assert people("North Korea said so. Kim Yo Jong agreed, and Kim nodded.") == set()
    assert people("The United States said so. Rice agreed.") == set()
    assert people("Cuba said so. Castro agreed.") == {"Fidel Castro"}


def test_titles_resolve_through_the_parse(extractor, extract):
    events = extract("The North Korean leader visited Moscow on Tuesday.")
    assert [(e["source"], e["target"]) for e in events] == [("PRK", "RUS")]
    events = extract("Russia's defence minister arrived in Pyongyang.")
    assert [(e["source"], e["target"], e["location"]) for e in events] == [("RUS", "PRK", "Pyongyang")]


def test_roles_come_from_the_parse_not_word_order(extract):
    events = extract("By supplying Russia with ammunition, North Korea has become a supply base.")
    assert [(e["source"], e["target"]) for e in events] == [("PRK", "RUS")]


def test_actors_table_covers_every_code(extractor):
    df = actors_table()
    assert list(df.columns) == ["actor_code", "actor_name", "actor_kind", "region"]
    assert df.actor_code.is_unique and set(df.actor_kind) <= set(ACTOR_KINDS)
    from pipelines.extraction.gazetteer import aliases
    assert {a.code for a in aliases()} <= set(df.actor_code)
    assert {"SUN", "UN", "NATO", "EU", "PRK", "RUS"} <= set(df.actor_code)


# ----------------------------------------------------------------- dates
@pytest.mark.parametrize("expr,published,expected", [
    ("June 2024", None, ("2024-06", "month")),
    ("19 June 2024", None, ("2024-06-19", "day")),
    ("December 7, 2018", None, ("2018-12-07", "day")),
    ("1961", None, ("1961", "year")),
    ("Tuesday", None, (None, None)),
    ("Tuesday", "2024-06-20", ("2024-06-18", "day")),
    ("last month", "2024-06-20", ("2024-05", "month")),
    ("in July", "2024-09-01", ("2024-07", "month")),
    ("five years", "2024-06-20", (None, None)),
    ("since 2011", None, (None, None)),
    ("this afternoon", "2025-08-31T18:00:00+08:00", ("2025-08-31", "day")),
    ("last night", "2025-08-31", ("2025-08-30", "day")),
    ("this morning", None, (None, None)),
])
def test_resolve_dates(expr, published, expected):
    assert resolve(expr, published) == expected


@pytest.mark.parametrize("expr,before,expected", [
    ("the same day", ["in March 2023", "on 6 March 2023"], ("2023-03-06", "day")),
    ("that day", ["on Monday"], ("2023-03-06", "day")),
    ("the same day", ["in March 2023"], (None, None)),   # no day named: not guessed
    ("that month", ["on 6 March 2023"], ("2023-03", "month")),
    ("the same year", ["in 1961", "five months later"], ("1961", "year")),
])
def test_anaphoric_dates_take_the_date_named_before(expr, before, expected):
    assert anaphoric_date(expr, before, "2023-03-10") == expected


def test_dates_in_context(extract):
    assert extract("The pact recalls the 1961 Sino-Soviet treaty.")[0]["date"] == "1961"
    caption = extract("Meeting between Vladimir Putin and Kim Jong Un in Vladivostok, 2019.")
    assert [(e["source"], e["target"], e["date"], e["date_precision"]) for e in caption] == [("PRK", "RUS", "2019", "year")]
    rel = extract("Putin arrived in Pyongyang on Tuesday.", published_at="2024-06-20T08:00:00Z")
    assert rel[0]["date"] == "2024-06-18" and rel[0]["date_precision"] == "day"
    assert extract("Putin arrived in Pyongyang on Tuesday.")[0]["date"] is None  # never today


# ----------------------------------------------------------------- modality and negation
@pytest.mark.parametrize("text,modality", [
    ("Putin visited Pyongyang.", "asserted"),
    ("Putin will visit Pyongyang.", "planned"),
    ("Putin plans to visit Pyongyang.", "planned"),
    ("North Korea has reportedly shipped missiles to Russia.", "alleged"),
    ("The United States accused North Korea of supplying weapons to Russia.", "alleged"),
])
def test_modality(extract, text, modality):
    events = extract(text)
    assert events and events[0]["modality"] == modality


@pytest.mark.parametrize("text", [
    "Putin did not visit Pyongyang.",
    "No agreements were signed between Russia and Japan.",
    "Germany refused to send weapons to Ukraine.",
    "Russian tourists visited Pyongyang.",
    "Boeing sold airliners to China.",
    "The Russian parliament ratified the treaty with North Korea.",
    "Top of page",
])
def test_not_events(extract, text):
    assert extract(text) == []


# ----------------------------------------------------------------- merge and offsets
TEXT = ("Close this search box.\n"
        "Putin arrived in Pyongyang for talks with Kim Jong Un.\n"
        "Putin's visit to Pyongyang was his first in 24 years. "
        "Russia and North Korea signed a treaty of mutual defence.")


def test_merge_and_offsets(extract):
    events = extract(TEXT)
    visits = [e for e in events if e["event_type"] == "visit"]
    assert len(visits) == 1 and len(visits[0]["sentences"]) == 2
    for e in events:
        assert set(e) == set(EVENT_FIELDS)
        assert TEXT[e["evidence_start"]:e["evidence_end"]] == e["evidence"]
        for s in e["sentences"]:
            assert TEXT[s["start"]:s["end"]] == s["text"]
        assert 0 <= e["confidence"] <= 1
        assert e["event_type"] in EVENT_TYPES and e["modality"] in MODALITIES
        assert e["date_precision"] in DATE_PRECISIONS + (None,)
    treaty = [e for e in events if e["event_type"] == "treaty_signing"]
    assert treaty[0]["parties"] == ["PRK", "RUS"] and treaty[0]["source"] is None


def test_undated_mention_merges_into_the_single_dated_event(extractor):
    from pipelines.extraction.article_level import merge
    from pipelines.extraction.events import MentionEvent

    def m(date, start):
        return MentionEvent("visit", "RUS", "PRK", None, date, "month" if date else None, None, [], "asserted",
                            None, None, start, start + 5, "x", 0.8, "r")
    merged = merge([m("2024-06", 0), m(None, 10)], reference_year=2024)
    assert len(merged) == 1 and merged[0].date == "2024-06" and len(merged[0].extra_sentences) == 1
    # different explicit dates are different events; the undated mention joins the current one
    two = merge([m("2024-06", 0), m("2019-04", 10), m(None, 20)], reference_year=2024)
    assert sorted(e.date for e in two) == ["2019-04", "2024-06"]
    assert len(next(e for e in two if e.date == "2024-06").extra_sentences) == 1
    # next to only a historical event ("replaces the 2000 treaty") it stays an event of its own
    hist = merge([m("2000", 0), m(None, 20)], reference_year=2024)
    assert sorted(e.date or "" for e in hist) == ["", "2000"]
    # days apart in one trip (arrived Tuesday, talks Wednesday): one event
    days = merge([m("2023-09-12", 0), m("2023-09-13", 10)], reference_year=2023)
    assert len(days) == 1


def test_date_expressions_and_publication_fallback(extract):
    pub = "2024-05-20T06:00:00Z"
    assert extract("When Xi went to Moscow in March last year, the mood was tense.", pub)[0]["date"] == "2023-03"
    assert extract("Erdogan travelled to Moscow two years ago.", pub)[0]["date"] == "2022"
    # Marcos is no March; an undated report takes the month of publication
    assert extract("Biden hosted Philippine President Ferdinand Marcos at the White House.", pub)[0]["date"] == "2024-05"
    # an undated plan keeps no date; "before the end of the year" dates a plan
    assert extract("Shoigu is expected to visit Tehran.", pub)[0]["date"] is None
    assert extract("Shoigu is expected to visit Tehran before the end of the year.", pub)[0]["date"] == "2024"


def test_extract_many_streams(extractor):
    arts = [dict(article_id=str(i), text="Putin visited Beijing.", title=None, published_at=None) for i in range(3)]
    out = list(extractor.extract_many(arts, batch_size=2))
    assert [a["article_id"] for a, _ in out] == ["0", "1", "2"]
    assert all(evs and evs[0]["article_id"] == a["article_id"] for a, evs in out)


def test_version_tracks_rule_files(extractor):
    assert extractor.version.startswith("0.3.0+") and len(extractor.version) > 7


# ----------------------------------------------------------------- rule loader
def test_rule_loader_rejects_unknown_keys():
    good = {"id": "x", "event_type": "visit", "description": "d", "strength": 0.5, "mode": "directed",
            "patterns": [[{"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": "visit"}}]],
            "roles": {"source": ["nsubj"]}, "examples": {"match": ["a"], "no_match": ["b"]}}
    assert parse_rule(good).id == "x"
    for bad in ({**good, "colour": 1}, {**good, "roles": {"visitor": ["nsubj"]}},
                {**good, "event_type": "war"}, {**good, "roles": {"source": ["nsubj>>x"]}},
                {**good, "examples": {"match": ["a"]}}, {**good, "subject_states_only_without": "place"}):
        with pytest.raises(RuleError):
            parse_rule(bad)
    assert parse_rule(good).subject_states_only_without is None


def test_a_match_without_the_subject_states_only_without_node_needs_every_state_in_its_subject(extract):
    rule = next(r for r in load_rules() if r.id == "arms.weapons_arrive")
    assert rule.subject_states_only_without == "to"
    text = ("Russia sent MiG-21 fighters to Vietnam in 1966. "
            "The following year the first of 46 MiG-23 fighters arrived.")
    assert ("SUN", "VNM", "1967") in {(e["source"], e["target"], e["date"])
                                      for e in extract(text, published_at="2024-01-10")}
    text = ("Moscow supplied Hanoi with arms for decades. "
            "The last Soviet deliveries, about 30 MiG-29 fighters, arrived between 1988 and 1991.")
    assert ("SUN", "VNM") in {(e["source"], e["target"]) for e in extract(text, published_at="2024-01-10")}
    assert extract("Blinken told Ukrainian officials in Kyiv that weapons from the $61 billion aid "
                   "package approved by Congress last month would arrive faster.", published_at="2024-05-15") == []


def test_rule_event_types_agree_with_vocabulary():
    assert {r.event_type for r in load_rules()} == set(EVENT_TYPES)


def test_a_title_outside_the_text_is_not_read_and_offsets_are_never_none(extract):
    # the title states a visit the text does not: no event can point into the text for it
    events = extract("Officials gave no further details.", title="Putin visits Pyongyang")
    assert events == []
    text = "Putin visits Pyongyang\nRussian President Vladimir Putin arrived in Pyongyang on Wednesday."
    events = extract(text, published_at="2024-06-20", title="Putin visits Pyongyang")
    assert events
    for e in events:
        assert text[e["evidence_start"]:e["evidence_end"]] == e["evidence"]
        assert all(s["start"] is not None and text[s["start"]:s["end"]] == s["text"] for s in e["sentences"])


# ----------------------------------------------------------------- round 4: coreference, splits, dates
def test_named_treaty_with_its_year_is_a_signing(extract):
    events = extract("The new pact replaces the 1999 Friendship and Cooperation Treaty between Minsk and Moscow.",
                     "2024-03-01")
    assert [(e["parties"], e["date"]) for e in events if e["event_type"] == "treaty_signing"] == [(["BLR", "RUS"], "1999")]
    old = extract("Ties go back to the Sino-Soviet treaty of 1950.")
    assert [(e["parties"], e["date"]) for e in old] == [(["CHN", "SUN"], "1950")]


def test_the_two_countries_are_the_pair_named_before(extract):
    text = "Kenya and Ethiopia are old partners. The two countries signed a water treaty in 2011."
    treaty = [e for e in extract(text) if e["event_type"] == "treaty_signing"]
    assert [(e["parties"], e["date"]) for e in treaty] == [(["ETH", "KEN"], "2011")]


def test_agreements_with_two_states_are_two_treaties(extract):
    events = extract("The Kenyan president signed bilateral trade agreements with Uganda and Tanzania on Friday.",
                     "2024-03-01")
    assert sorted(e["parties"] for e in events if e["event_type"] == "treaty_signing") == [["KEN", "TZA"], ["KEN", "UGA"]]


def test_two_dates_of_one_verb_are_two_visits_and_companions_travel_too(extract):
    two = extract("Yoon Suk Yeol visited Washington in April 2023 and again in July 2024.")
    assert sorted(e["date"] for e in two) == ["2023-04", "2024-07"]
    trip = extract("Olaf Scholz made his first trip to Kyiv in June 2022, travelling with Emmanuel Macron.")
    assert sorted(e["source"] for e in trip) == ["DEU", "FRA"]


def test_weapons_arriving_are_a_delivery_not_a_visit(extract):
    events = extract("The first German-made Leopard tanks arrived in Lithuania in May.", "2024-06-01")
    assert [(e["event_type"], e["source"], e["target"]) for e in events] == [("arms_transfer", "DEU", "LTU")]


def test_claims_about_transfers_are_alleged(extract):
    said = extract("North Korea has shipped shells to Russia, South Korean officials say.")
    assert [e["modality"] for e in said] == ["alleged"]
    # a visit reported by officials stays news
    assert extract("Putin arrived in Pyongyang, Russian officials said.")[0]["modality"] == "asserted"


def test_fast_attribute_ruler_gives_the_model_tokens(extractor):
    nlp = extractor.nlp
    texts = ["I ain't gonna go, y'all. Let's see: there is a gap.", "But it's this one I said it gets you.",
             "Putin is due to fly on to Hanoi on Thursday for a state visit to Vietnam, the Kremlin said."]
    expected = list(nlp.pipe(texts, disable=["ner"]))
    fast = extractor._parse(texts)
    for a, b in zip(expected, fast):
        # (lemmas are lower-cased for the rules)
        assert [(t.tag_, t.pos_, str(t.morph), t.lemma_.lower()) for t in a] == \
            [(t.tag_, t.pos_, str(t.morph), t.lemma_.lower()) for t in b]


def test_headline_case_does_not_hide_a_trigger(extract):
    assert [(e["source"], e["target"]) for e in extract("Kenyan President Attends Tokyo Summit")] == [("KEN", "JPN")]


def test_he_is_the_person_named_just_before(extract):
    text = "Kishida flew to Poland from India, where he held talks with Narendra Modi in New Delhi."
    assert ("JPN", "IND") in {(e["source"], e["target"]) for e in extract(text)}


def test_an_undated_plan_does_not_join_a_delivery_months_before(extract):
    text = ("The first US-made Abrams tanks arrived in Ukraine in September. "
            "Biden announced more weapons that the Pentagon will send to Ukraine.")
    arms = [e for e in extract(text, published_at="2023-12-13T10:00:00Z") if e["event_type"] == "arms_transfer"]
    assert sorted((e["date"] or "", e["modality"]) for e in arms) == [("", "planned"), ("2023-09", "asserted")]
    # a plan beside this month's event is the same happening (announced, then done)
    same = [e for e in extract("Putin will visit Pyongyang. Putin arrived in Pyongyang on Tuesday.",
                               published_at="2024-06-19T10:00:00Z") if e["event_type"] == "visit"]
    assert len(same) == 1 and same[0]["date"] == "2024-06-18"


def test_a_signing_in_a_third_country_is_a_visit_by_each_party(extract):
    text = "Ukraine and Russia signed a ceasefire agreement in the Belarusian capital, Minsk, in February 2015."
    events = extract(text)
    assert {(e["source"], e["target"]) for e in events if e["event_type"] == "visit"} == {("UKR", "BLR"), ("RUS", "BLR")}
    # signed at home: who travelled is not said
    home = extract("Japan and Britain signed a defence agreement in London on Tuesday.")
    assert not [e for e in home if e["event_type"] == "visit"]


def test_their_meeting_is_the_pair_named_before(extract):
    text = ("Kim Jong Un met Vladimir Putin at the Vostochny cosmodrome on Wednesday. "
            "Officials said their 2019 meeting in Vladivostok had set the agenda.")
    visits = {(e["source"], e["target"], e["date"]) for e in extract(text, published_at="2023-09-14T08:00:00Z")
              if e["event_type"] == "visit"}
    assert ("PRK", "RUS", "2019") in visits


def test_arms_recipient_is_not_the_state_that_owns_the_place(extract):
    text = "The US is willing to provide ammunition alongside humanitarian assistance to Turkey in Syria's Idlib region."
    assert [(e["source"], e["target"], e["modality"]) for e in extract(text)
            if e["event_type"] == "arms_transfer"] == [("USA", "TUR", "planned")]


def test_a_person_introduced_with_state_and_title_keeps_that_state(extract):
    text = ("Mongolian Foreign Minister Batmunkh Battsetseg was in Tokyo on Monday. "
            "Battsetseg then flew to Seoul, where she met Cho Tae-yul.")
    visits = {(e["source"], e["target"]) for e in extract(text) if e["event_type"] == "visit"}
    assert visits == {("MNG", "JPN"), ("MNG", "KOR")}
    # a surname introduced for two states is nobody's
    clash = ("Chilean Foreign Minister Ana Soto spoke on Monday. Peruvian Trade Minister Luis Soto agreed. "
             "Soto flew to Lima.")
    assert not [e for e in extract(clash) if e["event_type"] == "visit"]


def test_city_table_resolves_cities_and_never_overrides_the_curated_gazetteer(extract):
    import csv

    import pycountry

    from pipelines.extraction.gazetteer import GAZETTEER_DIR, curated_aliases
    rows = list(csv.DictReader(open(GAZETTEER_DIR / "cities.csv", encoding="utf-8")))
    curated = {a.text for a in curated_aliases()}
    assert len(rows) > 4000
    assert not [r["city"] for r in rows if r["city"] in curated]
    assert all(pycountry.countries.get(alpha_3=r["code"]) for r in rows)
    text = "The first K2 tanks arrived from South Korea at the port of Gdynia in December 2022."
    assert [(e["source"], e["target"]) for e in extract(text) if e["event_type"] == "arms_transfer"] == [("KOR", "POL")]


def test_where_clause_does_not_make_the_place_a_visitor(extract):
    text = "Putin is due to travel on Friday to Harbin, where he will visit a trade fair and a university with close ties to Russia."
    visits = {(e["source"], e["target"], e["modality"]) for e in extract(text, published_at="2024-05-16T08:00:00Z")
              if e["event_type"] == "visit"}
    assert visits == {("RUS", "CHN", "planned")}


def test_an_arms_transfer_without_recipient_goes_to_the_articles_recipient(extract):
    text = ("Germany will send 14 Leopard 2 tanks to Ukraine, Chancellor Olaf Scholz said on Wednesday. "
            "Hours after the German announcement, President Joe Biden said the United States would provide 31 M1 Abrams tanks.")
    arms = {(e["source"], e["target"]) for e in extract(text, published_at="2023-01-26T08:00:00Z")
            if e["event_type"] == "arms_transfer"}
    assert arms == {("DEU", "UKR"), ("USA", "UKR")}
    # no recipient anywhere in the article: nothing
    alone = "President Joe Biden said the United States would provide 31 M1 Abrams tanks."
    assert not [e for e in extract(alone) if e["event_type"] == "arms_transfer"]


def test_a_city_of_the_city_table_is_a_location_never_an_actor(extract):
    # "Kennedy" is also a district of Bogota in the GeoNames table
    assert not extract("Had Kennedy visited Moscow in 1963, the Cold War might have ended sooner.")
    visits = {(e["source"], e["target"]) for e in extract("Iranian President Masoud Pezeshkian arrived in Khabarovsk on Monday.")
              if e["event_type"] == "visit"}
    assert visits == {("IRN", "RUS")}


def test_a_bare_title_is_the_person_with_that_role_named_last(extract):
    text = ("Prime Minister Narendra Modi arrived in Abu Dhabi on Tuesday for talks. On Wednesday the prime "
            "minister will inaugurate a temple before flying on to Doha for talks with the Emir of Qatar.")
    visits = {(e["source"], e["target"], e["modality"]) for e in extract(text, published_at="2024-02-13T06:00:00Z")
              if e["event_type"] == "visit"}
    assert ("IND", "QAT", "planned") in visits
    # nobody with the role named before: nothing
    assert not extract("On Wednesday the prime minister will fly on to Doha for talks with the Emir of Qatar.")


# ----------------------------------------------------------------- items and quantity
@pytest.mark.parametrize("text,items,quantity", [
    ("Argentina bought 24 F-16 fighters from Denmark in 2024.", "F-16 fighters", "24"),
    # a garbled double object: the recipient's name is parsed into the weapon's phrase
    ("Australia has given the PNG Defence Force four patrol boats.", "patrol boats", "four"),
    ("Tokyo will provide coastal radar systems to the Philippine Navy.", "coastal radar systems", None),
])
def test_items_and_quantity(extractor, text, items, quantity):
    events = extractor.extract({"article_id": "t", "text": text, "published_at": "2025-01-01"})
    assert [(e["items"], e["quantity"]) for e in events if e["event_type"] == "arms_transfer"] == [(items, quantity)]


def test_a_derived_family_name_is_no_default_for_its_state():
    """A family name derived for a state that writes it first ("Park") never stands for a
    person the article does not name in full; an explicit short form ("Kim") still does."""
    from pipelines.extraction.gazetteer import short_form_defaults

    defaults = short_form_defaults()
    assert "Park" not in defaults and "Lee" not in defaults
    # (nor does a surname derived for someone else take "Kim" from them: the US envoy Sung Kim)
    assert defaults["Kim"] == ("Kim Jong Un", "PRK")


def test_a_surname_alone_is_the_person_only_after_the_full_name(extractor):
    """people.csv rows without short forms get the surname, trusted once the full name is in the article."""
    from pipelines.extraction.gazetteer import derived_short_forms

    assert derived_short_forms("Shehbaz Sharif") == ["Sharif"]
    assert derived_short_forms("Ferdinand Marcos Jr.") == [] and derived_short_forms("Lula") == []
    # family name first: a Korean or Chinese name's short form is its first word
    assert derived_short_forms("Lee Jae-myung", "KOR") == ["Lee"] and derived_short_forms("Wang Yi", "CHN") == ["Wang"]
    assert derived_short_forms("Shigeru Ishiba", "JPN") == ["Ishiba"]
    text = ("Pakistani Prime Minister Shehbaz Sharif flew to Riyadh on Tuesday. "
            "Sharif was received at the airport by the deputy governor of Riyadh region.")
    events = extractor.extract({"article_id": "t", "text": text, "published_at": "2025-09-18"})
    assert {(e["source"], e["target"]) for e in events} == {("PAK", "SAU")}
    evidence = {s["text"] for e in events for s in e["sentences"]}
    assert any(t.startswith("Sharif was received") for t in evidence)
    alone = extractor.extract({"article_id": "t", "text": "Sharif was received at the airport in Riyadh.",
                               "published_at": "2025-09-18"})
    assert alone == []


def test_a_verbless_caption_in_a_place_is_a_candidate_anywhere_in_the_article(extractor):
    """A photo caption with no verb ("6/11 Kim Jong Un and Vladimir Putin at the Vostochny
    cosmodrome ...") is parsed wherever it stands, not only as the article's first line."""
    text = ("Gallery: a year of summits\nThe pictures below were chosen by our photo desk.\n"
            "6/11 Kim Jong Un and Vladimir Putin at the Vostochny cosmodrome in the Amur region, 13 September 2023.\n")
    events = extractor.extract({"article_id": "t", "text": text, "published_at": "2024-06-21"})
    assert [(e["event_type"], e["source"], e["target"], e["date"]) for e in events] == [
        ("visit", "PRK", "RUS", "2023-09-13")]


def test_korean_names_match_in_their_other_romanised_spellings(extractor):
    """A hyphenated given name is also matched spaced or with a capital after the hyphen, and a
    spaced one hyphenated: the news writes "Choe Son Hui", "Choe Son-hui" and "Choe Son-Hui"."""
    from pipelines.extraction.gazetteer import romanised_spellings

    assert romanised_spellings("Lee Jae-myung", "KOR") == ["Lee Jae Myung", "Lee Jae-Myung"]
    assert romanised_spellings("Ri Son Gwon", "PRK") == ["Ri Son-gwon"]
    assert romanised_spellings("Jean-Yves Le Drian", "FRA") == [] and romanised_spellings("Wang Yi", "CHN") == []
    events = extractor.extract({"article_id": "t", "text": "Lee Jae-Myung arrived in Tokyo on Saturday.",
                                "published_at": "2025-08-25"})
    assert {(e["source"], e["target"]) for e in events} == {("KOR", "JPN")}


def test_a_name_with_middle_initials_is_the_listed_person(extractor):
    """"Foreign Minister Eduard A. Shevardnadze" names Eduard Shevardnadze; a first and last name
    no listed person has are nobody."""
    from pipelines.extraction.gazetteer import initialled_people

    assert initialled_people("Foreign Minister Eduard A. Shevardnadze and his aides") == {"Eduard Shevardnadze"}
    assert initialled_people("Professor Eduard A. Smith") == set()
    events = extractor.extract({"article_id": "t", "text": "Foreign Minister Eduard A. Shevardnadze flew to Pyongyang "
                                "on Sunday to brief the North Koreans.", "published_at": "1990-09-05"})
    assert {(e["source"], e["target"]) for e in events} == {("SUN", "PRK")}


def test_timeline_entries_take_the_date_of_their_heading(extract):
    from pipelines.extraction.dates import heading_dates
    text = ("Moscow and Pyongyang: a timeline\n"
            "By the desk | 10 January 2025 | 6 min read\n"
            "July 1961\n"
            "In Moscow, Kim Il Sung and Nikita Khrushchev sign a treaty of friendship.\n"
            "October 2023 - Lavrov in Pyongyang\n"
            "Sergei Lavrov flies to Pyongyang for talks with Kim Jong Un.\n"
            "June 19, 2024: Putin travels to Pyongyang and signs a partnership treaty with Kim Jong Un.\n")
    headed = [(d, text[s:e].split()[0]) for s, e, d, _ in heading_dates(text)]
    assert headed == [("1961-07", "In"), ("2023-10", "Lavrov"), ("2023-10", "Sergei"), ("2024-06-19", "Putin")]
    events = {(e["event_type"], e["source"], e["target"], tuple(e["parties"] or ()), e["date"])
              for e in extract(text, published_at="2025-01-10T08:00:00Z")}
    assert ("treaty_signing", None, None, ("PRK", "SUN"), "1961-07") in events
    assert ("visit", "RUS", "PRK", (), "2023-10") in events
    assert ("visit", "RUS", "PRK", (), "2024-06-19") in events
    assert ("treaty_signing", None, None, ("PRK", "RUS"), "2024-06-19") in events
    # the byline's date line is the publication day, not a heading
    assert heading_dates("10 January 2025\nPutin met Kim.") == [(16, 30, "2025-01-10", "day")]


def test_relative_dates_in_a_timeline_entry_count_from_its_heading(extract):
    text = ("Timeline\nOctober 2023\n"
            "US officials say North Korea shipped more than 1,000 containers of munitions to Russia this month.\n"
            "December 2023\nThe White House says North Korea delivered ballistic missiles to Russia in December.\n")
    dates = sorted(e["date"] for e in extract(text, published_at="2025-04-30T08:00:00Z"))
    assert dates == ["2023-10", "2023-12"]


@pytest.mark.parametrize("date,precision,offset,expected", [
    ("1961-07-11", "day", (-5, "day"), ("1961-07-06", "day")),
    ("2001-02-27", "day", (-1, "week"), ("2001-02-20", "day")),
    ("2025-02-12", "day", (-1, "month"), ("2025-01", "month")),
    ("2019-11", "month", (2, "month"), ("2020-01", "month")),
    ("2019-04", "month", (-3, "day"), ("2019-04", "month")),   # coarser than the unit: unchanged
    ("1990", "year", (2, "year"), ("1992", "year")),
])
def test_a_clause_dated_against_another_is_shifted(date, precision, offset, expected):
    assert shift_date(date, precision, offset) == expected


def test_clause_offset_reads_the_amount_and_the_direction(extractor):
    doc = extractor.nlp("Kim and Zhou signed a treaty on 11 July 1961, five days after Kim had signed a pact with Khrushchev.")
    signed = [t for t in doc if t.lower_ == "signed"][-1]
    assert clause_offset(signed, doc) == (-5, "day")
    doc = extractor.nlp("Kim signed a treaty with Khrushchev on 6 July 1961, after he had met Zhou in Beijing in June.")
    met = next(t for t in doc if t.lower_ == "met")
    assert clause_offset(met, doc) is None   # no amount, and a date of its own


def test_the_soviet_union_and_russia_are_one_state_in_a_directed_event(extract):
    # the Soviets (SUN) and Moscow (RUS, SUN before 1992) are one state: no transfer or visit between them
    assert extract("He also brought the flight recorder of the Korean Air Lines jet that the Soviets had "
                   "shot down in 1983.", published_at="1990-11-20") == []
    events = extract("The treaty was signed in the Kremlin on Thursday by Mr. Khrushchev and Premier Kim Il Sung, "
                     "who arrived in Moscow on June 29.", published_at="1961-07-08")
    assert events and all(e["source"] is None or e["source"] != e["target"] for e in events), events


def test_a_state_in_a_clause_hung_on_an_arrival_is_not_its_recipient(extract):
    # "..., and India later upgraded them": India is no role of the arrival, whose recipient is
    # left to the article (the buyer named before)
    text = ("India bought French jets. The first Mirage 2000 fighters arrived from France in 1985, and India "
            "later upgraded them with French help.")
    assert ("FRA", "IND", "1985") in {(e["source"], e["target"], e["date"])
                                      for e in extract(text, published_at="2024-01-10")}


def test_an_elliptical_count_that_arrived_is_the_weapon_its_buyer_ordered(extract):
    # "the first two" stands for the fighters ordered before it; the buyer received them, and each
    # dated arrival is its own delivery
    text = ("The Philippines ordered 12 FA-50PH light fighters in March 2014; the first two landed at Clark Air "
            "Base in November 2015 and the last pair in May 2017.")
    found = {(e["source"], e["target"], e["date"]) for e in extract(text, published_at="2024-01-10")}
    assert {("KOR", "PHL", "2015-11"), ("KOR", "PHL", "2017-05")} <= found, found


def test_states_named_in_a_list_are_not_the_pair_both_governments_refers_to(extract):
    text = ("The dispute went back to a 1929 treaty, which Chile and Peru signed after long talks, with "
            "Argentina, Brazil, Mexico and the United States as mediators. Peru later contested the line.\n"
            "The quarrel ended with a maritime accord, signed by both governments in Lima on 14 May 2014.")
    signed = {(tuple(e["parties"]), e["date"]) for e in extract(text, published_at="2024-06-01")
              if e["event_type"] == "treaty_signing"}
    assert (("CHL", "PER"), "2014-05-14") in signed, signed


def test_active_until_reads_people_csv():
    """active_until: the last year in office of people who have left it; the still active are absent."""
    from pipelines.extraction.gazetteer import active_until
    years = active_until()
    assert years["Roh Tae-woo"] == 1993 and years["Kim Il Sung"] == 1994
    assert "Vladimir Putin" not in years and "Kim Jong Un" not in years


def test_date_moved_into_tenure():
    """A date read against the publication that lies after its people's time in office moves to
    the last year named before it that they held office in; without one (or for a weekday) it goes."""
    from pipelines.extraction.events import MentionEvent
    from pipelines.extraction.tenure import _in_year, date_within_tenure, out_of_office

    text = ("After the 1988 Olympics, relations came in 1990. Roh went to Moscow in December. He left on Friday. "
            "Putin and Roh's successor met in Beijing in December.")
    def mention(sentence, date, precision, persons):
        start = text.index(sentence)
        return MentionEvent("visit", "KOR", "RUS", None, date, precision, "Moscow", persons, "asserted", None, None,
                            start, start + len(sentence), sentence, 0.9, "visit.test")
    went = mention("Roh went to Moscow in December.", "2024-12", "month", ["Roh Tae-woo"])
    left = mention("He left on Friday.", "2025-05-30", "day", ["Roh Tae-woo"])
    putin = mention("Putin and Roh's successor met in Beijing in December.", "2024-12", "month",
                    ["Roh Tae-woo", "Vladimir Putin"])
    out = date_within_tenure([went, left, putin], text)
    assert (out[0].date, out[0].date_precision) == ("1990-12", "month")
    assert out[1].date is None                # a weekday has no year to move to
    assert out[2].date == "2024-12"           # Putin is still in office
    assert _in_year("2024-02-29", "day", 1990) == ("1990-02", "month")
    assert out_of_office(["Roh Tae-woo"], 2024) and not out_of_office(["Roh Tae-woo"], 1992)
    assert not out_of_office([], 2024)


def test_a_treaty_known_by_name_gets_its_parties():
    """treaties.csv: a title, told apart by year or by a party the sentence names; none when
    that leaves two documents."""
    from pipelines.extraction.gazetteer import known_treaty

    assert known_treaty("the 1965 Treaty on Basic Relations", "1965") == ("JPN", "KOR")
    assert known_treaty("the Treaty of Friendship, Cooperation and Mutual Assistance", "1961") is None
    assert known_treaty("the Treaty of Friendship, Cooperation and Mutual Assistance", "1961", ["CHN"]) == ("CHN", "PRK")
    # (Moscow in a 1961 sentence is Russia's code before the date makes it the Soviet Union's)
    assert known_treaty("the Treaty of Friendship, Cooperation and Mutual Assistance", "1961", ["RUS"]) == ("PRK", "SUN")
    assert known_treaty("the Mutual Defense Treaty", None) is None
    assert known_treaty("the Mutual Defense Treaty", "1953") == ("KOR", "USA")
    assert known_treaty("a mutual defence treaty with Japan", "1953", ["JPN"]) is None
    # (a hint, the sentence's states, tells two documents apart when the signers name none)
    assert known_treaty("the Treaty of Friendship, Cooperation and Mutual Assistance", "1961", hint=["CHN", "USA"]) \
        == ("CHN", "PRK")


def test_the_attacker_of_a_war_front_is_read_from_the_gazetteer():
    """war_fronts.csv: weapons fired at Ukraine since 2022 are Russia's to fire, and the other
    way round; before 2022, or for a state in no listed war, nobody is known."""
    from pipelines.extraction.gazetteer import front_user

    import datetime
    assert front_user("UKR", "2024-01-10") == "RUS" and front_user("RUS") == "UKR"
    assert front_user("UKR", datetime.datetime(2024, 6, 24, tzinfo=datetime.timezone.utc)) == "RUS"
    assert front_user("UKR", "2014") is None and front_user("IRQ", "2003") is None


def test_a_stateless_delivery_continues_the_transfer_before_it_the_way_its_weapons_go(extractor):
    """"In 1985 the first MiG-23 fighters arrived" after a North Korean shipment to Russia
    continues that pair, but Soviet-designed jets went from Moscow to Pyongyang
    (weapon_origins.csv), not the other way."""
    from pipelines.extraction.gazetteer import weapon_origin

    assert weapon_origin("the first MiG-23 fighters") == "RUS" and weapon_origin("shells") is None
    assert weapon_origin("T-72 tanks and F-16 jets") is None   # two origins: none
    text = ("Moscow and Pyongyang: eighty years\n"
            "North Korea has sent millions of artillery shells to Russia since 2023.\n"
            "In 1985 the first of about 50 MiG-23 fighters arrived, along with SA-3 surface-to-air missiles.\n")
    events = extractor.extract({"article_id": "t", "text": text, "published_at": "2025-06-01"})
    assert {(e["source"], e["target"], e["date"]) for e in events} == {("PRK", "RUS", None), ("SUN", "PRK", "1985")}


def test_a_state_in_a_coordinated_clause_is_no_role_of_the_first(extractor):
    """in_other_conjunct: "Ukrainian" and "Russian" in "..., and Ukrainian commanders say North
    Korean shells make up half of what Russian guns fire" sit in a clause coordinated with the
    shipment's, so they do not keep its recipient from being left to the article."""
    from pipelines.extraction.event_dates import in_other_conjunct

    doc = extractor.nlp("The North has shipped more than 9 million rounds since August 2023, and Ukrainian "
                        "commanders say North Korean shells make up half of what Russian guns fire.")
    shipped = next(t for t in doc if t.text == "shipped")
    assert in_other_conjunct(next(t for t in doc if t.text == "Ukrainian"), shipped)
    assert not in_other_conjunct(next(t for t in doc if t.text == "rounds"), shipped)
