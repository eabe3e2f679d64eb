"""history.py drops events of another time than the article's: not yet happened, background
told with its date, history told after a bare year, and past events named by their date.

Steps of :data:`geoevent.extraction.events.STEPS` (``Draft -> Draft | None``), split from
events.py: they read only the draft's date, its verb's tense and the story's dates.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from spacy.tokens import Token

from .deps import AMOD, COMPOUND

if TYPE_CHECKING:  # pragma: no cover
    from .events import Draft, Story


def drop_not_yet(draft: Draft, story: Story) -> Draft | None:
    """Dated after the publication date: announced or planned, not an event yet."""
    when, published = draft.when, story.ctx.published
    if when is not None and when.value and published is not None and when.value > published.isoformat():
        return None
    return draft


def drop_background(draft: Draft, story: Story) -> Draft | None:
    """"The 1994 genocide", "has killed 40,000 since 1969": history, not news of the article.
    A text with no publication date is told from the latest date it names: "Hurricane Mitch
    killed 10,000 in 1998" in a story that names 2005 is history too."""
    when, published, window = draft.when, story.ctx.published, "background_days"
    if published is None:
        published, window = _latest_date(story), "undated_background_days"
    if when is None or not when.value or published is None or when.carried:
        return draft
    long_ago = (published - timedelta(days=story.rules.settings.value("events", window))).isoformat()
    if (when.end or when.value) < long_ago or (when.value < long_ago and when.precision in ("month", "year")):
        return None
    return draft


def _latest_date(story: Story) -> date | None:
    """The latest day a text names with a full date or a year ("on 21 March 2005", "in 2004"):
    the time a text with no publication date is told from."""
    days = [m.when.end or m.when.value for m in story.ctx.dates if m.when.value and not m.when.carried]
    return date.fromisoformat(max(days)) if days else None


def drop_undated_history(draft: Draft, story: Story) -> Draft | None:
    """"The economy collapsed in 1999 ... Crowds then marched and fought the police": an event
    in the simple past with no date phrase of its own (none
    carried from an event before), told after a bare year in its paragraph that is earlier than the
    year the text is told from (its publication, else the latest date it names), is part of
    that year's history, as "shot dead in 1996" is. Only for types ACLED codes: talk ("called
    for", "accused") is told as the day's news after a year named in passing."""
    if draft.when is not None or not draft.trigger.action_type.acled:
        return draft   # a date of its own, even a vague one ("last month"), or one carried
    verb = next((t for t in (draft.trigger.token, *draft.trigger.token.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    tags = {verb.tag_, *(c.tag_ for c in verb.children if c.dep_ in ("aux", "auxpass"))} if verb is not None else set()
    if "VBD" not in tags or tags & {"VBP", "VBZ", "MD"}:
        return draft   # only the simple past tells history: "took to the streets", "were lost" (not "has been")
    told = _last_year_before(draft.trigger.token, story)
    now = story.ctx.published or _latest_date(story)
    if told is None or now is None or int(told) >= now.year:
        return draft
    return None


def _last_year_before(token: Token, story: Story) -> str | None:
    """The year of the date named last before the token in its line (paragraph), when that
    date is a bare year ("in 2001"); None otherwise."""
    text, doc = token.doc.text, token.doc
    start = text.rfind("\n", 0, token.idx) + 1
    before = [m for m in story.ctx.dates if m.end <= token.i and doc[m.start].idx >= start]
    if not before:
        return None
    when = max(before, key=lambda m: m.start).when
    if when.precision != "year" or not when.value or (when.end or when.value)[:4] != when.value[:4]:
        return None
    return when.value[:4]


def drop_named_past_events(draft: Draft, story: Story) -> Draft | None:
    """"The 11 September attacks", "the 2003 murder of his sister", "the 1994 genocide": an
    event noun whose date is a modifier inside its own phrase names a known past event, told
    as background, unless that date is within a week of publication."""
    trigger = draft.trigger
    if trigger.kind != "noun":
        return draft
    words = story.rules.date_words
    dated = [c for c in trigger.token.children
             if c.dep_ in (COMPOUND, AMOD, "nummod", "nmod") and c.ent_type_ == "DATE"
             and (len(c.text) == 4 and c.text.isdigit() or c.lower_ in words.months)]
    if not dated:
        return draft   # "a 2-day sit-in": a duration, no date
    when, published = draft.when, story.ctx.published
    if when is not None and when.value and published is not None \
            and abs((date.fromisoformat(when.value) - published).days) <= 7:
        return draft
    return None
