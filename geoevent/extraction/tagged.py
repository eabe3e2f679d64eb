"""tagged.py gives a record to a note whose opening tag names a development its verbs do not.

ACLED's notes of strategic developments open with a tag ("Movement of forces: On 3 May, 30
fighters on motorcycles were spotted near X"); the sentences may hold no trigger of ours (fighters
"spotted", a permit "suspended"), and the note would give no record at all. Such a note gives
one record of the action type the tag names (``rules/acled_note_tags.tsv``), placed and dated
like any other by its first sentence.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from ..model import Event
from .actions import Trigger
from .acled_types import tag_at_start

if TYPE_CHECKING:  # pragma: no cover
    from .events import Story


def tagged_records(doc: Doc, story: Story) -> Iterator[Event]:
    """Yield the record of a note that opens with an ACLED tag naming an act of ours, when the
    extraction found no record in its first sentence (class "notes told by their tag alone")."""
    from .events import Draft, date_of_event, place_of_event, records

    from .acled import acled_rules_for

    found = tag_at_start(doc.text, acled_rules_for(story.rules).files.get("acled_note_tags", ()))
    if found is None or found[1][2] is None:
        return
    atype = story.rules.action_type(found[1][2])
    span = doc.char_span(found[0].start(1), found[0].end(1), alignment_mode="expand")
    if atype is None or span is None or not len(span):
        return
    # the tag names what the note's first sentence tells: records of later sentences only
    # ("He had been arrested in 2022") are background, not the development
    if any(e.start < span.root.sent.end_char for e in story.events):
        return
    trigger = Trigger(token=span.root, tokens=tuple(span), action_type=atype, lemma=span.text.lower(), kind="noun")
    sent = span.root.sent
    # the actor is the subject of the note's first clause ("30 fighters ... were spotted",
    # "the authorities imposed ..."), when it names people of a kind we know
    subject = next((c for t in doc[span.end:sent.end] if t.pos_ == "VERB" for c in t.children
                    if c.dep_ in ("nsubj", "nsubjpass") and c.i >= span.end), None)
    if subject is not None and subject.dep_ == "nsubjpass":
        # "92 detainees were freed by the police": the one who acted is the "by" of the passive
        agent = next((g for c in subject.head.children if c.dep_ == "agent" for g in c.children
                      if g.dep_ == "pobj"), None)
        subject = agent or subject
    actor = story.describe(subject)
    if actor is not None and actor.type is None:
        actor = None
    draft = Draft(sent, trigger, subject if actor is not None else None, None, actor=actor)
    draft = date_of_event(place_of_event(draft, story), story)
    yield from records(replace(draft, counts=((None, None),)), story)


__all__ = ["tagged_records"]
