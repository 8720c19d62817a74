"""Interviews: answer lines and the state the interviewee speaks for."""
from pipelines.extraction.interviews import answer_spans, speaker_state

QA = """A diplomat on the arms trade
Review | Interviews | Security
Interview by A. Writer | Reading time: 5 minutes
Ana Duarte served Angola's foreign ministry for twenty years before she retired. This conversation was edited.
Caption: Ana Duarte in Lisbon. Photo: staff
Q: Where did the tanks come from?
A: Mostly from Moscow. We bought T-62 tanks from the Soviet Union in 1986.
Q: And later?
A: Our army bought trucks, nothing more."""

NAMED = """Interview: an economist on Vietnam's arms
Members-only content is free to read this week.
Dao Van Minh is a researcher at an institute in Hanoi and writes on Vietnam's procurement.
Mekong Review: What came of the summit?
Dao Van Minh: Quite a lot on paper.
MR: How dependent is Vietnam on Russian equipment?
Dao Van Minh: Very. We signed a treaty with the Soviet Union in 1978.
MR: Why?"""


def _states(text, names):
    return sorted((text.find(n), code, n) for n, code in names.items() if text.find(n) >= 0)


def test_q_and_a_lines():
    spans = answer_spans(QA)
    assert [QA[s:e] for s, e in spans] == ["A: Mostly from Moscow. We bought T-62 tanks from the Soviet Union in 1986.",
                                          "A: Our army bought trucks, nothing more."]


def test_named_labels_answer_when_the_other_label_asks():
    spans = answer_spans(NAMED)
    assert [NAMED[s:e].split(":")[0] for s, e in spans] == ["Dao Van Minh", "Dao Van Minh"]


def test_no_interview_without_questions():
    text = "Headline\nCaption: a photo.\nNote: the figures are estimates.\nNote: sources differ."
    assert answer_spans(text) == []


def test_speaker_is_the_first_state_of_the_introduction():
    states = _states(QA, {"Angola": "AGO", "Moscow": "RUS", "Soviet Union": "SUN", "Lisbon": "PRT"})
    assert speaker_state(QA, states, answer_spans(QA)[0][0]) == ("AGO", "Angola")
    # the navigation line ("|") and a short teaser are no introduction
    states = _states(NAMED, {"Vietnam": "VNM", "Hanoi": "VNM", "Soviet Union": "SUN"})
    assert speaker_state(NAMED, states, answer_spans(NAMED)[0][0]) == ("VNM", "Hanoi")


def test_we_in_answers_is_the_speakers_state(extract):
    events = extract(QA, published_at="2020-01-01")
    assert any(e["event_type"] == "arms_transfer" and e["source"] == "SUN" and e["target"] == "AGO"
               and e["date"] == "1986" for e in events), events


def test_the_label_is_cut_off_the_first_sentence_of_a_line():
    from pipelines.extraction.interviews import after_label
    line_start = NAMED.index("Dao Van Minh: Very.")
    assert NAMED[after_label(NAMED, line_start, len(NAMED)):].startswith("Very.")
    # a sentence inside the line keeps its start
    inside = NAMED.index("We signed a treaty")
    assert after_label(NAMED, inside, len(NAMED)) == inside


def test_the_first_answer_under_the_full_name_counts():
    text = ("Headline\nMR: What came of it?\nDao Van Minh: Quite a lot.\nMR: And now?\nDao: Very little.\n"
            "MR: Why?\nDao: Habit.")
    assert [text[s:e].split(":")[0] for s, e in answer_spans(text)] == ["Dao Van Minh", "Dao", "Dao"]


def test_a_transcript_is_a_dialogue_but_not_an_interview():
    from pipelines.extraction.interviews import is_dialogue
    text = ("TV transcript\nANCHOR: Good evening.\nREPORTER: Missiles hit Kharkiv overnight.\n"
            "ANCHOR: Who fired them?\nREPORTER: Officials say they were North Korean.")
    assert is_dialogue(text)
    assert not is_dialogue("Headline\nCaption: a photo.\nRelated: another story.\nShare: this.")
    # no label asks (mostly) questions: no answers, so no "we" is given a state
    assert answer_spans(text) == []


PRESS = """Transcript: Chile and France sign helicopter deal
Pacific Defence Monitor | Transcripts
The following is an unofficial transcript.
MODERATOR
Good afternoon. The two ministers will make statements.
MARIA ROJAS, Minister of National Defence of Chile
Today our two countries signed a contract for eight helicopters.
JEAN DUVAL, Minister for the Armed Forces of France
Thank you. I arrived in Santiago yesterday and I leave for Lima tomorrow.
QUESTION (Ana Perez, Radio Andes)
Minister Duval, will the first helicopters arrive this year?
JEAN DUVAL
Yes. We will deliver the first two attack helicopters to Chile in December."""


def test_speaker_turns_of_a_press_transcript():
    from pipelines.extraction.interviews import speaker_turns
    turns = speaker_turns(PRESS)
    assert [(name, office) for _, _, _, name, office in turns] == [
        ("MODERATOR", ""), ("MARIA ROJAS", "Minister of National Defence of Chile"),
        ("JEAN DUVAL", "Minister for the Armed Forces of France"), ("QUESTION", ""),
        ("JEAN DUVAL", "Minister for the Armed Forces of France")]
    label, start, end = turns[2][:3]
    assert PRESS[label:start].startswith("JEAN DUVAL, Minister") and PRESS[start:end].startswith("Thank you. I arrived")
    # no speaker line repeated: no transcript
    assert speaker_turns("Headline\nNATO SUMMIT\nLeaders met.\nMORE NEWS\nOther things.\nSPORT TODAY\nGoals.") == []


def test_a_speaking_minister_s_i_and_we_are_their_state(extract):
    events = extract(PRESS, published_at="2025-11-14")
    got = {(e["event_type"], e["source"], e["target"], e["date"], e["modality"]) for e in events}
    assert ("visit", "FRA", "CHL", "2025-11-13", "asserted") in got
    assert ("visit", "FRA", "PER", "2025-11-15", "planned") in got
    assert ("arms_transfer", "FRA", "CHL", "2025-12", "planned") in got
    # the questioner's "Minister Duval, will ..." gives no event of its own: a question
    assert all(e["evidence"] != "Minister Duval, will the first helicopters arrive this year?" for e in events)


def test_the_language_of_an_interview_is_no_state_of_the_speaker(extract):
    """"Conducted in English" names a language, not the interviewee's state: "we" in the answers
    stays the state the introduction names after it."""
    text = ("A scholar on the visit\nREVIEW | Politics | Interviews\n"
            "Interview · 6 September 2024 · Conducted in English and edited for length and clarity by our staff\n"
            "We asked Dr Batbayar Dorj, who directs an institute of Asian studies in Ulaanbaatar, what the visit means.\n"
            "Review: What did Moscow give?\n"
            "Batbayar Dorj: In 2020 Russia handed us two MiG-29 fighters free of charge.\n"
            "Review: And since then?\nBatbayar Dorj: Nothing more.")
    events = extract(text, published_at="2024-09-06")
    assert [(e["source"], e["target"], e["date"]) for e in events if e["event_type"] == "arms_transfer"] == [
        ("RUS", "MNG", "2020")]


COUNCIL = """Security Council meets on missiles fired at Ukraine
The President (France): The meeting is called to order.
The representative of Ukraine: We have recovered the fragments of 24 missiles.
The representative of China: China has never provided lethal weapons to Russia. We call for restraint.
The representative of Japan: Japan condemns the launches."""


def test_envoy_labels_of_a_council_transcript(extract):
    from pipelines.extraction.interviews import envoy_labels
    codes = {"Ukraine": "UKR", "China": "CHN", "Japan": "JPN"}
    labels = envoy_labels(COUNCIL, lambda label: [(c, n) for n, c in codes.items() if n in label])
    assert [(COUNCIL[s:e].split(":")[0], state) for s, e, state in labels] == [
        ("We have recovered the fragments of 24 missiles.", ("UKR", "Ukraine")),
        ("China has never provided lethal weapons to Russia. We call for restraint.", ("CHN", "China")),
        ("Japan condemns the launches.", ("JPN", "Japan"))]
    # "The President" is no envoy: the label names no state's representative
    assert all("meeting" not in COUNCIL[s:e] for s, e, _ in labels)
    # the envoy's words are the state's: its own negated act is its denial
    events = extract(COUNCIL, published_at="2024-01-10")
    assert [(e["source"], e["target"], e["modality"]) for e in events if e["event_type"] == "arms_transfer"] == [
        ("CHN", "RUS", "denied")]
