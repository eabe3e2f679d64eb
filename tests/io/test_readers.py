"""Readers: encodings, files, folders, stdin, JSONL corpora, HTML pages and text splitting."""
from __future__ import annotations

import datetime as dt
import gzip
import io
import os
import sys
from pathlib import Path

import pytest

from geoevent.io.readers import BINARY, Document, ReadError, iter_documents, split_text

FIXTURES = Path(__file__).parent / "fixtures"


def read_all(paths, glob=None, **kwargs) -> tuple[list[Document | ReadError], list[str]]:
    notes: list[str] = []
    items = list(iter_documents([str(p) for p in paths], glob, on_note=notes.append, **kwargs))
    return items, notes


def read_one(path) -> tuple[Document | ReadError, list[str]]:
    items, notes = read_all([path])
    assert len(items) == 1
    return items[0], notes


@pytest.mark.parametrize(
    ("data", "text", "encoding", "noted"),
    [
        (b"Troops left Kabul.", "Troops left Kabul.", "utf-8", False),
        ("Caf\u00e9 in S\u00e3o Paulo.".encode(), "Caf\u00e9 in S\u00e3o Paulo.", "utf-8", False),
        (b"\xef\xbb\xbfWith a BOM.", "With a BOM.", "utf-8-sig", False),
        (b"One.\r\nTwo.\r\n", "One.\nTwo.\n", "utf-8", False),
        (b"Old Mac.\rLine two.", "Old Mac.\nLine two.", "utf-8", False),
        (b"caf\xe9 in Montr\xe9al", "caf\u00e9 in Montr\u00e9al", "cp1252", True),
        (b"\x93Quoted\x94 \x96 dash", "\u201cQuoted\u201d \u2013 dash", "cp1252", True),
        ("\ufeffWide text.\r\n".encode("utf-16-le"), "Wide text.\n", "utf-16", False),
        (b"", "", "utf-8", False),
    ],
    ids=["ascii", "utf8", "bom", "crlf", "cr", "latin1", "cp1252", "utf16", "empty"],
)
def test_text_file_encodings(tmp_path, data, text, encoding, noted):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    doc, notes = read_one(path)
    assert isinstance(doc, Document)
    assert (doc.text, doc.encoding, doc.text_source) == (text, encoding, "raw")
    assert (doc.id, doc.path) == (str(path), str(path))
    assert notes == ([f"{path}: decoded as cp1252"] if noted else [])


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"text\x00with a NUL", BINARY),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(1, 9)) * 20, BINARY),
        (bytes(range(128, 256)) * 8, BINARY),
        (b"mostly text with one undefined byte \x81 in cp1252", "not valid UTF-8 or cp1252 text"),
    ],
    ids=["nul", "control", "high-bytes", "undecodable"],
)
def test_unreadable_bytes(tmp_path, data, reason):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    assert read_one(path)[0] == ReadError(str(path), reason)


def test_missing_file_is_reported_and_the_run_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Fine.")
    items, _ = read_all([tmp_path / "nope.txt", good])
    assert items[0] == ReadError(str(tmp_path / "nope.txt"), "no such file")
    assert str(items[0]) == f"{tmp_path / 'nope.txt'}: no such file"
    assert isinstance(items[1], Document) and items[1].text == "Fine."


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_permission_denied(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text("secret")
    path.chmod(0)
    try:
        assert read_one(path)[0] == ReadError(str(path), "permission denied")
    finally:
        path.chmod(0o644)


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    """A folder of articles in sub-folders, with files the default patterns leave out."""
    files = {
        "b.txt": "B.",
        "a.md": "A.",
        "z/c.html": "<html><body><article><p>" + "Troops moved north. " * 5 + "</p></article></body></html>",
        "m/d.TXT": "D.",
        "m/n/e.jsonl": '{"text": "E."}\n',
        "notes.csv": "x,y",
        ".hidden.txt": "H.",
        ".git/f.txt": "F.",
    }
    for name, text in files.items():
        path = tmp_path / "corpus" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path / "corpus"


def ids(items) -> list[str]:
    return [item.id if isinstance(item, Document) else f"error {item.source}" for item in items]


def test_folder_is_walked_recursively_in_sorted_order(tree):
    items, _ = read_all([tree])
    rel = [os.path.relpath(i, tree) for i in ids(items)]
    assert rel == ["a.md", "b.txt", "m/d.TXT", "m/n/e.jsonl:1", "z/c.html"]


def test_folder_ids_keep_the_folder_as_given(tree, monkeypatch):
    monkeypatch.chdir(tree.parent)
    assert ids(read_all(["corpus"])[0])[0] == "corpus/a.md"
    monkeypatch.chdir(tree)
    assert ids(read_all(["."])[0])[:2] == ["a.md", "b.txt"]


@pytest.mark.parametrize(
    ("glob", "expected"),
    [
        (["*.txt"], ["b.txt", "m/d.TXT"]),
        (["*.csv", "*.md"], ["a.md", "notes.csv"]),
        (["m/*.txt"], ["m/d.TXT"]),
    ],
)
def test_glob_selects_files_in_folders(tree, glob, expected):
    items, _ = read_all([tree], glob)
    assert [os.path.relpath(i, tree) for i in ids(items)] == expected


def test_paths_are_read_in_the_given_order_and_named_files_whatever_their_suffix(tree):
    items, _ = read_all([tree / "notes.csv", tree / "b.txt", tree / "a.md"])
    assert [item.text for item in items] == ["x,y", "B.", "A."]


JSONL = (
    b'{"id": "a1", "text": "First.", "published": "2021-07-19T10:00:00Z", "title": "T", "url": "https://x.org/1"}\n'
    b"\n"
    b"{not json\n"
    b'{"content": "Second.", "date": "2021-07-20"}\n'
    b'["a list"]\n'
    b'{"title": "no text"}\n'
    b'{"body": "Third.\\r\\nMore.", "date": "last week", "id": 42}\n'
)


def test_jsonl_corpus_yields_one_document_per_line_and_reports_bad_lines(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(JSONL)
    items, notes = read_all([path])
    src = str(path)
    assert [item.id if isinstance(item, Document) else str(item) for item in items] == [
        f"{src}:a1",
        f"{src}: line 3: not valid JSON",
        f"{src}:4",
        f"{src}: line 5: not a JSON object",
        f"{src}: line 6: no text field (text, content or body)",
        f"{src}:42",
    ]
    first, second, third = (item for item in items if isinstance(item, Document))
    assert (first.text, first.title, first.url) == ("First.", "T", "https://x.org/1")
    assert (first.published, first.published_source) == (dt.date(2021, 7, 19), "metadata")
    assert second.published == dt.date(2021, 7, 20)
    assert (third.text, third.published, third.published_source) == ("Third.\nMore.", None, None)
    assert notes == [f"{src}: line 7: ignored date 'last week' (not a date geoevent reads); other such values in this file are ignored too"]
    assert all(item.path == src for item in (first, second, third))


def test_jsonl_is_read_lazily(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"text": "One."}\n' * 3)
    stream = iter_documents([str(path)])
    assert next(stream).id == f"{path}:1"
    path.unlink()  # the open file is still readable: the rest comes line by line
    assert [doc.id for doc in stream] == [f"{path}:2", f"{path}:3"]


def test_gzipped_jsonl(tmp_path):
    path = tmp_path / "c.jsonl.gz"
    with gzip.open(path, "wb") as out:
        out.write(b'{"text": "Zipped."}\n')
    doc, _ = read_one(path)
    assert (doc.id, doc.text) == (f"{path}:1", "Zipped.")


def test_html_page_gives_main_text_title_and_date():
    path = FIXTURES / "article.html"
    doc, _ = read_one(path)
    assert isinstance(doc, Document)
    assert doc.text_source == "html"
    assert doc.title == "Flood waters cut off villages in northern Malawi"
    assert (doc.published, doc.published_source) == (dt.date(2023, 3, 14), "metadata")
    assert doc.url == "https://news.example.org/africa/malawi-floods"
    assert "forcing about 3,000 people from their homes" in doc.text
    assert "\n\nThe district commissioner said" in doc.text  # paragraphs stay apart
    assert "Home" not in doc.text and "Copyright" not in doc.text


def test_html_without_article_text(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title></head><body></body></html>")
    assert read_one(path)[0] == ReadError(str(path), "no article text found in HTML")


def test_clutter_ranges_are_true_to_the_text(tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes(b"Share on Facebook\r\n\r\nPolice arrested 12 protesters in Nairobi on Monday.\r\n")
    doc, _ = read_one(path)
    assert [doc.text[s:e] for s, e in doc.skip] == ["Share on Facebook"]
    kept, _ = read_all([path], detect_clutter=False)
    assert kept[0].skip == ()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Plain text from a pipe.\r\n", [("-", "Plain text from a pipe.\n", "raw")]),
        (b'{"text": "A."}\n{"text": "B."}\n', [("-:1", "A.", "raw"), ("-:2", "B.", "raw")]),
        ((FIXTURES / "article.html").read_bytes(), [("-", None, "html")]),
    ],
    ids=["text", "jsonl", "html"],
)
@pytest.mark.parametrize("paths", [[], ["-"]], ids=["no-paths", "dash"])
def test_stdin(monkeypatch, data, expected, paths):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    items = list(iter_documents(paths))
    got = [(d.id, d.text if expected[0][1] is not None else None, d.text_source) for d in items]
    assert got == expected
    assert all(d.path is None for d in items)


@pytest.mark.parametrize(
    ("text", "max_chars"),
    [
        ("First paragraph here.\n\nSecond one is here.\n\nThird.", 30),
        ("One sentence. Another sentence. A third sentence follows.", 20),
        ("words without any sentence end at all in this line", 12),
        ("x" * 95, 10),
        ("short", 100),
        ("", 10),
        ("A.\n\n" + "b" * 50 + " c. " * 20, 16),
    ],
)
def test_split_text_pieces_are_true_to_the_text(text, max_chars):
    pieces = split_text(text, max_chars)
    assert "".join(piece for _, piece in pieces) == text
    for offset, piece in pieces:
        assert text[offset:offset + len(piece)] == piece
        assert len(piece) <= max_chars


@pytest.mark.parametrize(
    ("text", "max_chars", "expected"),
    [
        ("Para one.\n\nPara two is longer.", 25, ["Para one.\n\n", "Para two is longer."]),
        ("Aaa bbb. Ccc ddd. Eee fff.", 20, ["Aaa bbb. Ccc ddd. ", "Eee fff."]),
        ("aaaa bbbb cccc dddd", 12, ["aaaa bbbb ", "cccc dddd"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
    ],
    ids=["paragraph", "sentence", "whitespace", "hard"],
)
def test_split_text_prefers_paragraphs_then_sentences_then_spaces(text, max_chars, expected):
    assert [piece for _, piece in split_text(text, max_chars)] == expected


def test_split_text_on_a_300_kb_line_without_punctuation():
    text = "x" * 300_000
    pieces = split_text(text, 10_000)
    assert len(pieces) == 30 and pieces[-1][0] == 290_000


def test_split_text_rejects_a_zero_size():
    with pytest.raises(ValueError):
        split_text("abc", 0)
