"""Many documents and long ones: extract_many's inputs, long texts in pieces, the worker pool,
and geoevent.batch (resume ledger, interrupted runs, formats)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import geoevent.extractor as extractor_module
from geoevent.extractor import Extractor, Source, parse_published

NEWS = "Police arrested 12 protesters in Nairobi on Monday."
QUIET = "The weather was mild and the shops opened late in the town."
LAST = "On Monday, gunmen killed 12 villagers in Kaduna, Nigeria, police said."


# ------------------------------------------------------------------ extract_many's inputs


@pytest.mark.parametrize(
    ("item", "doc_id", "published"),
    [
        (NEWS, "0", None),
        (("wire-7", NEWS), "wire-7", None),
        ({"text": NEWS}, "0", None),
        ({"id": "a1", "text": NEWS, "published": "2021-07-27"}, "a1", dt.date(2021, 7, 27)),
        ({"id": "a2", "content": NEWS, "published": dt.datetime(2021, 7, 27, 10, 30)}, "a2", dt.date(2021, 7, 27)),
        ({"id": "a3", "body": NEWS, "date": dt.date(2021, 7, 27)}, "a3", dt.date(2021, 7, 27)),
        (Source(id="s", text=NEWS, published=dt.date(2021, 7, 27)), "s", dt.date(2021, 7, 27)),
    ],
    ids=["string", "pair", "dict", "dict-iso", "dict-datetime", "dict-date", "source"],
)
def test_extract_many_accepts_every_documented_item(extractor, item, doc_id, published):
    (result,) = list(extractor.extract_many([item]))
    assert result.error is None
    assert result.doc_id == doc_id
    assert [e.action.type for e in result.events] == ["arrest"]
    if published is not None:
        # "on Monday" resolves against the publication date given with the item
        assert result.events[0].date.value == "2021-07-26"
        assert result.events[0].published == published.isoformat()


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (None, "not a document"),
        (42, "not a document"),
        ({"id": "x"}, "needs a text"),
        (("a", "b", "c"), "(id, text)"),
        ({"text": NEWS, "published": "last week"}, "is not a date"),
    ],
    ids=["none", "number", "dict-without-text", "triple", "bad-date"],
)
def test_a_bad_item_gets_an_error_result_and_the_rest_go_on(extractor, bad, reason):
    results = list(extractor.extract_many([NEWS, bad, NEWS]))
    # the item's own id when it has one, else its position
    assert [r.doc_id for r in results] == ["0", "x" if isinstance(bad, dict) and "id" in bad else "1", "2"]
    assert results[0].events and results[2].events
    assert results[1].error is not None and reason in results[1].error and not results[1].events


def test_plain_strings_are_numbered_so_event_ids_do_not_collide(extractor):
    ids = [e.id for r in extractor.extract_many([NEWS, NEWS]) for e in r.events]
    assert len(ids) == len(set(ids)) == 2


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2023, 3, 21), dt.date(2023, 3, 21)),
        (dt.datetime(2023, 3, 21, 23, 59), dt.date(2023, 3, 21)),
        ("2023-03-21", dt.date(2023, 3, 21)),
        ("2023-03-21T10:00:00Z", dt.date(2023, 3, 21)),
        (None, None),
    ],
)
def test_published_is_a_date_a_datetime_or_an_iso_string(value, expected):
    assert parse_published(value) == expected


def test_extract_takes_published_as_a_string(extractor):
    (event,) = extractor.extract(NEWS, published="2021-07-27")
    assert event.date.value == "2021-07-26"


# ------------------------------------------------------------------ long documents


def long_text(paragraphs: int) -> str:
    """Many quiet paragraphs, one event in the last."""
    body = "\n\n".join(f"Paragraph {k}. {QUIET} The council met again on the budget." for k in range(paragraphs))
    return body + "\n\n" + LAST + "\n"


@pytest.fixture
def small_pieces(monkeypatch):
    """Make 'long' mean a few kB so that the tests stay fast."""
    monkeypatch.setattr(extractor_module, "MAX_PIECE_CHARS", 2_000)
    monkeypatch.setattr(extractor_module, "PIECE_CHARS", 1_000)


def test_a_long_text_is_parsed_in_pieces_and_the_last_event_is_found(extractor, small_pieces, monkeypatch):
    text = long_text(120)
    assert len(text) > 10_000
    parsed: list[int] = []
    real = type(extractor.nlp).__call__

    def spy(nlp, piece, *args, **kwargs):
        parsed.append(len(piece))
        return real(nlp, piece, *args, **kwargs)

    monkeypatch.setattr(type(extractor.nlp), "__call__", spy)
    events = extractor.extract(text, doc_id="long.txt")
    # every piece parsed alone, never the whole text (the memory of a parse grows with its length)
    assert parsed and max(parsed) <= 1_000 and len(parsed) >= len(text) // 1_000
    (event,) = [e for e in events if e.action.type == "kill"]
    assert text[event.start:event.end] == event.sentence == LAST
    assert event.count.value == 12 and event.location.country == "NG"
    assert [e.id for e in events] == [f"long.txt#{k}" for k in range(1, len(events) + 1)]


def test_long_text_places_keep_true_offsets(extractor, small_pieces):
    text = long_text(60)
    mentions = extractor.places(text)
    assert {"Nairobi", "Kaduna"} & {m.text for m in mentions}
    for mention in mentions:
        assert text[mention.start_char:mention.end_char] == mention.text


def test_clutter_of_a_long_text_is_found_once(extractor, small_pieces, monkeypatch):
    calls: list[int] = []
    import geoevent.io.clutter as clutter

    real = clutter.clutter_spans
    monkeypatch.setattr(clutter, "clutter_spans", lambda text, *a: calls.append(len(text)) or real(text, *a))
    extractor.extract(long_text(60))
    assert len(calls) == 1   # once for the document, not once per piece


def test_worker_pool_shares_a_long_text_and_is_kept_between_calls(small_pieces):
    text = long_text(80)
    with Extractor() as pooled:
        first = list(pooled.extract_many([("long", text), NEWS], jobs=2))
        pool = pooled._pool
        second = list(pooled.extract_many([NEWS], jobs=2))
        assert pool is not None and pooled._pool is pool   # the same worker processes
    assert pooled._pool is None
    alone = list(Extractor().extract_many([("long", text), NEWS], jobs=1))
    assert [[e.to_dict() for e in r.events] for r in first] == [[e.to_dict() for e in r.events] for r in alone]
    assert [e.action.type for e in second[0].events] == ["arrest"]
    assert any(e.sentence == LAST for e in first[0].events)


def test_joined_pieces_merge_a_story_told_across_a_boundary():
    from geoevent.model import Action, Count, Event, Mention

    def event(start: int) -> Event:
        return Event(doc="d", id="x", actor=None, action=Action("killed", "kill", "kill"), target=None,
                     count=Count("12", 12, 12, 12, "exact"), location=None, date=None, sentence="s",
                     start=start, end=start + 1, confidence=0.5, mentions=(Mention("s", start, start + 1),))

    stub = Source(id="d", text="", name="d")
    from geoevent.rules.ruleset import builtin_rules

    joined = extractor_module._Joined(stub, stub, builtin_rules())
    for offset, events in ((0, [event(10)]), (100, [event(150)]), (200, []), (300, [event(350)])):
        piece = extractor_module._Piece("events", stub, (None, None), offset, last=False)
        joined.add(piece, extractor_module._PieceOutcome(events=events))
    result = joined.result()
    # 10 and 150 are neighbours and merge; 350 is two pieces away: a new record
    assert [(e.start, len(e.mentions)) for e in result.events] == [(10, 2), (350, 1)]
    assert [e.id for e in result.events] == ["d#1", "d#2"]


# ------------------------------------------------------------------ geoevent.batch


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def interrupting(runner, after: int):
    """A runner that stops like Ctrl-C after ``after`` documents."""
    def run(docs):
        for k, result in enumerate(runner(docs)):
            if k == after:
                raise KeyboardInterrupt
            yield result
    return run


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_an_interrupted_run_resumes_without_duplicates(extractor, tmp_path, monkeypatch, fmt):
    from geoevent.batch import run_batch

    news = tmp_path / "news"
    for k in range(4):
        write(news, f"{k}.txt", NEWS if k % 2 == 0 else QUIET)
    out = tmp_path / f"events.{fmt}"
    first = run_batch([str(news)], interrupting(extractor.extract_many, 3), fmt=fmt, output=out)
    assert first.interrupted and first.documents == 3
    with out.open("a", encoding="utf-8") as handle:
        handle.write('{"doc": "torn' if fmt == "jsonl" else "torn,row")   # a write cut short
    # the same folder, spelled another way, from another working directory
    monkeypatch.chdir(tmp_path)
    again = run_batch(["./news/"], extractor.extract_many, fmt=fmt, output=Path(out.name), resume=True)
    assert not again.interrupted and again.skipped == 3 and again.documents == 1
    lines = out.read_text(encoding="utf-8").splitlines()
    if fmt == "jsonl":
        docs = [json.loads(line)["doc"] for line in lines]
    else:
        assert lines[0].startswith("doc,") and sum(line.startswith("doc,") for line in lines) == 1
        docs = [line.split(",", 1)[0] for line in lines[1:]]
    assert len(docs) == 2 and len({Path(d).name for d in docs}) == 2


@pytest.mark.parametrize("fmt", ["geojson", "table", "acled"])
def test_resume_says_at_once_when_the_format_cannot_append(tmp_path, fmt):
    from geoevent.batch import BatchError, run_batch

    out = tmp_path / "events.out"
    out.write_text("x\n")
    calls: list[int] = []
    with pytest.raises(BatchError, match="--resume cannot append"):
        run_batch([str(tmp_path)], lambda docs: calls.append(1) or iter(()), fmt=fmt, output=out, resume=True)
    assert not calls and out.read_text() == "x\n"


def test_event_ids_come_from_the_path_below_the_input_folder(extractor, tmp_path):
    from geoevent.batch import run_batch

    write(tmp_path / "a" / "2021", "article.txt", NEWS)
    write(tmp_path / "a" / "2022", "article.txt", NEWS)
    out = tmp_path / "events.jsonl"
    run_batch([str(tmp_path / "a")], extractor.extract_many, output=out)
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert ids == ["2021/article.txt#1", "2022/article.txt#1"]


@pytest.mark.parametrize(
    ("fmt", "output", "expected"),
    [
        (None, "events.csv", "csv"),
        (None, "events.geojson", "geojson"),
        (None, "events.jsonl", "jsonl"),
        (None, "events.out", "jsonl"),
        ("jsonl", "events.csv", "jsonl"),
        (None, None, "table"),
    ],
)
def test_the_output_format_follows_the_extension_unless_given(fmt, output, expected):
    from geoevent.batch import choose_format
    from geoevent.io.writers import EVENT_FORMATS

    assert choose_format(fmt, Path(output) if output else None, True, EVENT_FORMATS) == expected


def test_the_document_key_is_the_same_however_the_path_is_spelled(tmp_path, monkeypatch):
    from geoevent.batch import document_key
    from geoevent.io.readers import Document

    write(tmp_path / "news", "x.txt", NEWS)
    monkeypatch.chdir(tmp_path)
    spellings = ["news/x.txt", "./news/x.txt", str(tmp_path / "news" / "x.txt"), "news/../news/x.txt"]
    keys = {document_key(Document(id=p, text=NEWS, path=p)) for p in spellings}
    assert len(keys) == 1
    corpus = {document_key(Document(id=f"{p}:7", text=NEWS, path=p)) for p in spellings}
    assert len(corpus) == 1 and corpus != keys


def test_resume_reads_the_ledger_of_an_older_geoevent(extractor, tmp_path):
    from geoevent.batch import run_batch

    news = write(tmp_path, "news.txt", NEWS)
    quiet = write(tmp_path, "quiet.txt", QUIET)
    out = tmp_path / "events.jsonl"
    run_batch([str(news)], extractor.extract_many, output=out)
    (tmp_path / "events.jsonl.done").write_text(f"{news}\n{quiet}\n", encoding="utf-8")   # ids, one a line
    again = run_batch([str(news), str(quiet)], extractor.extract_many, output=out, resume=True)
    assert again.skipped == 2 and len(out.read_text().splitlines()) == 1


def test_a_long_file_uses_every_core_by_default(tmp_path):
    from geoevent.batch import default_jobs

    short = write(tmp_path, "short.txt", NEWS)
    long = write(tmp_path, "long.txt", long_text(2_000))
    assert default_jobs([str(short)], cores=4) == 1
    assert default_jobs(["-"], cores=4) == 1
    assert default_jobs([str(long)], cores=4) == 4      # its pieces go to the workers
    assert default_jobs([str(tmp_path)], cores=4) == 4
