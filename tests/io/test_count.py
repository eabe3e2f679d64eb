"""count_documents gives the progress bar its total without reading files."""
from __future__ import annotations

from geoevent.io.readers import count_documents, iter_documents


def test_count_matches_what_is_read(tmp_path):
    (tmp_path / "a.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("Two.", encoding="utf-8")
    (tmp_path / "sub" / "c.csv").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    assert count_documents([str(tmp_path)]) == len(list(iter_documents([str(tmp_path)]))) == 2


def test_count_is_unknown_for_corpus_files_and_stdin(tmp_path):
    (tmp_path / "corpus.jsonl").write_text('{"text": "x"}\n', encoding="utf-8")
    assert count_documents([str(tmp_path)]) is None
    assert count_documents(["-"]) is None


def test_own_output_in_an_input_folder_is_never_read(tmp_path):
    (tmp_path / "a.txt").write_text("One.", encoding="utf-8")
    out = tmp_path / "events.jsonl"
    out.write_text('{"text": "an earlier run"}\n', encoding="utf-8")
    ids = [d.id for d in iter_documents([str(tmp_path)], exclude=[out])]
    assert ids == [str(tmp_path / "a.txt")]
