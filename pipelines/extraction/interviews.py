"""Interviews and transcripts: who "we" (and a minister's "I") is in the answers.

In a question-and-answer interview the interviewee speaks for a state: "We sold Iran its
first Scud-B missiles in 1985", "our most recent big Russian delivery was twelve Yak-130
trainers". The interviewee is introduced before the first question ("Ri Chol Min served
North Korea's foreign ministry for 22 years", "Dao Quang Vinh is a senior researcher ... in
Hanoi"): the first state that introduction names is the state "we", "us" and "our" stand
for in the answers. Nothing here applies to an article that is not laid out as an
interview (labelled lines, "Q:" / "A:" or "Name:", with questions under one label).

A press conference's transcript names each speaker on a line of its own, with their office
("PAL JONSON, Minister for Defence of Sweden"): in that speaker's turns "I", "we" and "our"
are the state the office names ("I arrived in Bogota yesterday").

A council's transcript labels each speech with the envoy's state ("The representative of
China: China has never provided lethal weapons to Russia"): those words are that state's, so
its own negated act is its denial (``envoy_labels``).
"""
from __future__ import annotations

import re

#: a labelled line of an interview: "Q: ...", "A: ...", "Dao Quang Vinh: ...", "MSR: ...", "Q
#: (Ana Petreska, Radio Skopje): ..." (the label is "Q")
QA_LINE = re.compile(r"^[ \t]*([A-Z][\w.'’ -]{0,40}?)(?:[ \t]*\([^()\n]{2,60}\))?:[ \t]+(\S.*)$", re.M)
#: words of an introduction: a prose paragraph, not a navigation line
INTRO_MIN_WORDS = 12


def labelled_lines(text: str) -> dict[str, list[tuple[int, int, str]]]:
    """The article's labelled lines by label: label -> (start, end, what follows the label)."""
    by_label: dict[str, list[tuple[int, int, str]]] = {}
    for m in QA_LINE.finditer(text):
        by_label.setdefault(m.group(1).strip(), []).append((m.start(), m.end(), m.group(2).rstrip()))
    return by_label


def answer_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the answer lines of an interview, else []. Labels whose lines mostly
    end with a question mark (and "Q") ask; "A" and the other labels with two lines or more
    answer. It is an interview only with both askers and answerers."""
    by_label = labelled_lines(text)
    askers, answerers = set(), set()
    for label, lines in by_label.items():
        asking = sum(line.endswith("?") for _, _, line in lines)
        if label == "Q" or (len(lines) >= 2 and asking * 2 > len(lines)):
            askers.add(label)
        elif label == "A" or (len(lines) >= 2 and asking == 0):
            answerers.add(label)
    # the interviewee's first answer under the full name ("Dao Quang Vinh: ...", then "Dao: ...")
    answerers |= {label for label, lines in by_label.items() if len(lines) == 1 and label not in askers
                  and not lines[0][2].endswith("?") and label.split()[0] in answerers}
    if not askers or not answerers:
        return []
    return sorted((s, e) for label in answerers for s, e, _ in by_label[label])


def speaker_state(text: str, states: list[tuple[int, str, str]], first_answer: int) -> tuple[str, str] | None:
    """(code, name) of the first state named in the interviewee's introduction: the first
    prose paragraph after the headline, before the first answer, that names a state.
    ``states``: (offset, code, name) of the article's state, capital and demonym mentions."""
    pos = text.find("\n") + 1 if "\n" in text else len(text)
    while 0 < pos < first_answer:
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        if "|" not in line and len(line.split()) >= INTRO_MIN_WORDS and not QA_LINE.match(line):
            named = [(code, name) for offset, code, name in states if pos <= offset < end]
            if named:
                return named[0]
        pos = end + 1
    return None


def is_dialogue(text: str) -> bool:
    """An interview or a transcript: at least two labels with two lines or more each
    ("Q:" and "A:", "MSR:" and "Dao:", "OKAFOR:" and "PRENT:")."""
    return sum(len(lines) >= 2 for lines in labelled_lines(text).values()) >= 2


def after_label(text: str, start: int, end: int) -> int:
    """Where a sentence of an interview or a transcript starts once its line's label is cut off
    ("Rojas: Lee was here in March": "Lee ..."), so that the label is not parsed as its
    subject."""
    m = QA_LINE.match(text, start, end)
    return m.start(2) if m and (start == 0 or text[start - 1] == "\n") else start


#: a transcript's speaker line, alone on its line: "PAL JONSON, Minister for Defence of Sweden",
#: "PEDRO SANCHEZ", "QUESTION (Laura Mendez, Radio Cordillera)", "MODERATOR"
SPEAKER_LINE = re.compile(r"^[ \t]*([A-Z][A-Z.'’-]+(?:[ \t]+[A-Z][A-Z.'’-]+){0,4})[ \t]*"
                          r"(?:,[ \t]*([^\n]{3,80}?)|\(([^\n)]{2,60})\))?[ \t]*$", re.M)


def speaker_turns(text: str) -> list[tuple[int, int, int, str, str]]:
    """(label start, start, end, name, description) of each turn of a transcript laid out with
    its speakers on lines of their own ("PAL JONSON, Minister for Defence of Sweden" and the speech on the
    lines below, to the next speaker line). The description is what follows the name on the
    first line that gives one (a repeated "PAL JONSON" takes it); empty for a questioner or a
    moderator. [] when the article has fewer than three such lines or no name speaks twice."""
    # (a name of two words or four letters at least, or a questioner's line with a parenthesis)
    labels = [(m.start(), m.end(), m.group(1).strip(), (m.group(2) or "").strip()) for m in SPEAKER_LINE.finditer(text)
              if len(m.group(1).split()) >= 2 or m.group(3) or len(m.group(1)) >= 4]
    if len(labels) < 3 or len({name for _, _, name, _ in labels}) == len(labels):
        return []
    described: dict[str, str] = {}
    for _, _, name, rest in labels:
        if rest:
            described.setdefault(name, rest)
    turns = []
    for k, (start, end, name, _) in enumerate(labels):
        stop = labels[k + 1][0] if k + 1 < len(labels) else len(text)
        turns.append((start, end + 1, stop, name, described.get(name, "")))
    return turns


def label_speakers(text: str, people: dict[str, tuple[str, str]]) -> list[tuple[int, int, tuple[str, str, str]]]:
    """(start, end, (state, canonical name, name)) of each labelled line of a transcript whose
    label is the surname of a person the article names ("STEFANOVSKI: ...", after "Goran
    Stefanovski, Minister of Defence of Macedonia"): their "I" / "we" is that person's state.
    ``people``: upper-cased surname -> (state, canonical name)."""
    out = []
    for m in QA_LINE.finditer(text):
        who = people.get(m.group(1).strip().upper())
        if who is not None:
            out.append((m.start(2), m.end(2), (who[0], who[1], m.group(1).strip().title())))
    return out


#: a transcript label that speaks for a state: "The representative of China", "Delegate of
#: Japan", "Spokesperson of the Foreign Ministry of Vietnam"
ENVOY_LABEL = re.compile(r"^(?:the\s+)?(?:representative|delegate|ambassador|envoy|spokesperson|spokesman|"
                         r"spokeswoman|delegation)\s+(?:of|for)\s+(.+)$", re.I)


def envoy_labels(text: str, states_of) -> list[tuple[int, int, tuple[str, str]]]:
    """(start, end, (state, name)) of each labelled line whose label is a state's envoy ("The
    representative of China: China has never provided ..."): the words are that state's.
    ``states_of``: label text -> [(code, name)] of the states it names."""
    out = []
    for m in QA_LINE.finditer(text):
        envoy = ENVOY_LABEL.match(m.group(1).strip())
        named = states_of(envoy.group(1)) if envoy else []
        if len(named) == 1:
            out.append((m.start(2), m.end(2), named[0]))
    return out
