"""The command line, through click's CliRunner: formats, stdin, bad input, exit codes."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoevent.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE = SAMPLES / "afghan_border.txt"
SHORT = "Police arrested 12 protesters in Nairobi on Monday.\n"


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def run(runner, *args, input=None):
    return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def test_version(runner):
    result = run(runner, "--version")
    assert result.exit_code == 0
    assert "geoevent" in result.output


def test_jsonl_every_line_parses(runner):
    result = run(runner, "extract", SAMPLE, "--format", "jsonl", "-q")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records
    text = SAMPLE.read_text(encoding="utf-8")
    for record in records:
        assert record["doc"] == str(SAMPLE)
        assert text[record["start"]:record["end"]] == record["sentence"]
        for key in ("id", "actor", "action", "target", "count", "location", "date", "confidence", "schema"):
            assert key in record
    assert len({r["id"] for r in records}) == len(records)


def test_default_format_is_jsonl_when_piped(runner):
    result = run(runner, "extract", SAMPLE, "-q")
    assert result.exit_code == 0
    json.loads(result.stdout.splitlines()[0])


def test_stdin(runner):
    result = run(runner, "extract", "-", "--format", "jsonl", "-q", input=SHORT)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    assert record["doc"] == "-"
    assert record["action"]["type"] == "arrest"
    assert record["count"]["value"] == 12


def test_no_path_reads_stdin(runner):
    result = run(runner, "extract", "--format", "jsonl", "-q", input=SHORT)
    assert result.exit_code == 0
    assert json.loads(result.stdout.splitlines()[0])["action"]["type"] == "arrest"


def test_csv(runner):
    result = run(runner, "extract", SAMPLE, "--format", "csv", "-q")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {"actor_name", "action_type", "count_value", "location_country", "location_lat"} <= set(rows[0])


def test_table(runner):
    result = run(runner, "extract", SAMPLE, "--format", "table", "-q")
    assert result.exit_code == 0
    assert "seek refuge" in result.stdout
    assert "Pakistan" in result.stdout


def test_geojson(runner):
    result = run(runner, "extract", SAMPLE, "--format", "geojson", "-q")
    assert result.exit_code == 0
    collection = json.loads(result.stdout)
    assert collection["type"] == "FeatureCollection"
    assert collection["features"]
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert feature["properties"]["location_lon"] == pytest.approx(lon, abs=1e-4)


def test_acled_format(runner):
    result = run(runner, "extract", SAMPLES / "zamfara_attack.txt", "--format", "acled", "-q")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and "event_type" in rows[0] and "fatalities" in rows[0]
    assert any(r["fatalities"] == "12" for r in rows)


def test_missing_file_fails_alone(runner, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(SHORT, encoding="utf-8")
    result = run(runner, "extract", tmp_path / "nope.txt", good, "--format", "jsonl", "-q")
    assert result.exit_code == 1
    assert "nope.txt" in result.stderr and "no such file" in result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads(result.stdout.splitlines()[0])["doc"] == str(good)


def test_nothing_processed_is_exit_2(runner, tmp_path):
    result = run(runner, "extract", tmp_path / "nope.txt", "-q")
    assert result.exit_code == 2


def test_binary_file_is_skipped_with_one_line(runner, tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (tmp_path / "b.txt").write_text(SHORT, encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    result = run(runner, "extract", tmp_path, "--format", "jsonl", "-q", "--errors", errors, "-j", "1")
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if "a.txt" in line] == [
        next(line for line in result.stderr.splitlines() if "a.txt" in line)]
    assert json.loads(errors.read_text().splitlines()[0])["source"].endswith("a.txt")
    assert json.loads(result.stdout.splitlines()[0])["doc"].endswith("b.txt")


def test_output_file_and_resume(runner, tmp_path):
    for name in ("one", "two"):
        (tmp_path / f"{name}.txt").write_text(SHORT, encoding="utf-8")
    out = tmp_path / "events.jsonl"
    first = run(runner, "extract", tmp_path / "one.txt", "-o", out, "-q")
    assert first.exit_code == 0
    with out.open("a", encoding="utf-8") as handle:
        handle.write('{"doc": "torn')          # an interrupted write
    again = run(runner, "extract", tmp_path / "one.txt", tmp_path / "two.txt", "-o", out, "--resume", "-q", "-j", "1")
    assert again.exit_code == 0
    docs = [json.loads(line)["doc"] for line in out.read_text().splitlines()]
    assert docs.count(str(tmp_path / "one.txt")) == docs.count(str(tmp_path / "two.txt")) >= 1


def test_bad_published_date_is_usage_error(runner):
    result = run(runner, "extract", SAMPLE, "--published", "27/07/2021")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_bad_rule_file_names_file_and_line(runner, tmp_path):
    rules = tmp_path / "rules.jsonl"
    rules.write_text('{"type": "kill", "verbs": ["x"]}\n{not json}\n', encoding="utf-8")
    result = run(runner, "extract", SAMPLE, "--rules", rules)
    assert result.exit_code == 2
    assert f"{rules}:2" in result.stderr


def test_user_rules_add_an_action(runner, tmp_path):
    rules = tmp_path / "rules.jsonl"
    rules.write_text('{"type": "cyber_attack", "plover": "ASSAULT", "verbs": ["hack"], "nouns": ["cyberattack"]}\n')
    result = run(runner, "extract", "-", "--rules", rules, "-q", input="Hackers hacked 30 ministries in Kyiv.\n")
    assert result.exit_code == 0
    assert json.loads(result.stdout.splitlines()[0])["action"]["type"] == "cyber_attack"


def test_unknown_model_is_one_line_exit_2(runner):
    result = run(runner, "extract", SAMPLE, "--model", "no_such_model_xyz")
    assert result.exit_code == 2
    assert "pip install" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_places_command(runner):
    result = run(runner, "places", SAMPLE, "--format", "jsonl", "-q")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    text = SAMPLE.read_text(encoding="utf-8")
    assert {"PK", "AF", "TJ"} <= {r["country"] for r in rows}
    for row in rows:
        assert text[row["start"]:row["end"]] == row["text"]


def test_gazetteer_lookup(runner):
    result = run(runner, "gazetteer", "lookup", "Chitral", "--format", "jsonl")
    assert result.exit_code == 0
    first = json.loads(result.stdout.splitlines()[0])
    assert first["country"] == "PK"


@pytest.mark.parametrize("command", ["extract", "places", "eval", "gazetteer"])
def test_every_command_has_help_with_examples(runner, command):
    result = run(runner, command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output or command == "gazetteer"


def test_eval_reads_an_acled_export(runner):
    gold = Path(__file__).resolve().parent / "gold" / "acled_sample.csv"
    result = run(runner, "eval", gold, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["documents"] == 8 and report["failed"] == 0
    assert 0 <= report["scores"]["events.f1"] <= 1
    assert "acled_event_type" in report["scores"]


def test_eval_bad_gold_file_is_one_line_exit_2(runner, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("junk\n", encoding="utf-8")
    result = run(runner, "eval", bad)
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("geoevent:") and len(result.stderr.strip().splitlines()) == 1


def test_resume_skips_finished_documents_without_events(runner, tmp_path):
    (tmp_path / "quiet.txt").write_text("The weather was mild and the shops opened late.\n", encoding="utf-8")
    (tmp_path / "news.txt").write_text(SHORT, encoding="utf-8")
    out = tmp_path / "out" / "events.jsonl"
    out.parent.mkdir()
    first = run(runner, "extract", tmp_path / "quiet.txt", "-o", out, "-q")
    assert first.exit_code == 0 and out.read_text() == ""
    again = run(runner, "extract", tmp_path / "quiet.txt", tmp_path / "news.txt", "-o", out, "--resume", "-j", "1")
    assert again.exit_code == 0
    assert "1 skipped" in again.stderr
    assert [json.loads(line)["doc"] for line in out.read_text().splitlines()] == [str(tmp_path / "news.txt")]


# ------------------------------------------------------------------ issue 13: the command as users expect it


def test_resume_knows_a_document_however_its_path_is_spelled(runner, tmp_path, monkeypatch):
    news = tmp_path / "news"
    news.mkdir()
    for k in range(3):
        (news / f"{k}.txt").write_text(SHORT, encoding="utf-8")
    out = tmp_path / "events.jsonl"
    monkeypatch.chdir(tmp_path)
    for spelling in ("news", "./news/", str(news)):
        result = run(runner, "extract", spelling, "-o", out, "--resume", "-q", "-j", "1")
        assert result.exit_code == 0, result.output
    other = tmp_path / "elsewhere"
    other.mkdir()
    monkeypatch.chdir(other)
    assert run(runner, "extract", "../news", "-o", out, "--resume", "-q", "-j", "1").exit_code == 0
    assert len(out.read_text().splitlines()) == 3


def test_event_ids_are_unique_across_folders(runner, tmp_path):
    for year in ("2021", "2022"):
        (tmp_path / year).mkdir()
        (tmp_path / year / "article.txt").write_text(SHORT, encoding="utf-8")
    result = run(runner, "extract", tmp_path, "-f", "jsonl", "-q", "-j", "1")
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == ["2021/article.txt#1", "2022/article.txt#1"]


@pytest.mark.parametrize("glob", [(), ("--glob", "*.nope")], ids=["empty-folder", "glob-matches-nothing"])
def test_inputs_that_match_nothing_exit_2_with_one_line(runner, tmp_path, glob):
    folder = tmp_path / "news"
    folder.mkdir()
    if glob:
        (folder / "a.txt").write_text(SHORT, encoding="utf-8")
    result = run(runner, "extract", folder, *glob, "-j", "1")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(folder) in lines[0] and "no file matches" in lines[0]


def test_glob_takes_space_separated_patterns_as_the_help_prints_them(runner, tmp_path):
    (tmp_path / "a.txt").write_text(SHORT, encoding="utf-8")
    (tmp_path / "b.html").write_text(f"<html><body><article><p>{SHORT}</p></article></body></html>", encoding="utf-8")
    (tmp_path / "c.md").write_text(SHORT, encoding="utf-8")
    result = run(runner, "extract", tmp_path, "--glob", "*.txt *.html", "-f", "jsonl", "-q", "-j", "1")
    assert result.exit_code == 0, result.output
    assert sorted({Path(json.loads(line)["doc"]).name for line in result.stdout.splitlines()}) == ["a.txt", "b.html"]


@pytest.mark.parametrize("suffix", ["csv", "geojson"])
def test_the_output_format_follows_the_file_extension(runner, tmp_path, suffix):
    out = tmp_path / f"events.{suffix}"
    assert run(runner, "extract", SAMPLE, "-o", out, "-q").exit_code == 0
    text = out.read_text(encoding="utf-8")
    if suffix == "csv":
        assert text.startswith("doc,id,")
    else:
        assert json.loads(text)["type"] == "FeatureCollection"


def test_geojson_features_share_flat_typed_properties(runner):
    result = run(runner, "extract", SAMPLE, "--format", "geojson", "-q")
    features = json.loads(result.stdout)["features"]
    keys = {tuple(f["properties"]) for f in features}
    assert len(features) > 1 and len(keys) == 1
    (props,) = keys
    assert {"actor_name", "target_name", "count_value", "date_value", "location_name"} <= set(props)
    for feature in features:
        assert not any(isinstance(v, (dict, list)) for v in feature["properties"].values())


def test_csv_carries_the_provenance_columns(runner):
    result = run(runner, "extract", SAMPLE, "--format", "csv", "-q")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"date_carried", "location_score", "published_source", "text_source"} <= set(rows[0])
    assert rows[0]["text_source"] == "raw"


@pytest.mark.parametrize(
    "published",
    ["Tue, 26 Jul 2021 10:00:00 GMT", "July 26, 2021", "2021/07/26", 1627293600, "26 July 2021"],
    ids=["rfc2822", "month-day-year", "slashes", "epoch", "day-month-year"],
)
def test_jsonl_published_in_the_forms_corpora_use(runner, tmp_path, published):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": SHORT, "published": published}) + "\n", encoding="utf-8")
    result = run(runner, "extract", corpus, "-f", "jsonl", "-q", "-j", "1")
    record = json.loads(result.stdout.splitlines()[0])
    assert (record["published"], record["published_source"]) == ("2021-07-26", "metadata")


def test_an_unreadable_jsonl_date_is_named_once(runner, tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"id": k, "text": SHORT, "published": "sometime"}) + "\n" for k in range(3)))
    result = run(runner, "extract", corpus, "-f", "jsonl", "-q", "-j", "1")
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines() if "sometime" in line] == [result.stderr.strip()]


def test_places_runs_through_the_batch_path_and_takes_jobs(runner, monkeypatch):
    from geoevent.extractor import Extractor

    asked: list[int] = []
    real = Extractor.places_many

    def places_many(self, docs, jobs=1, **kwargs):
        asked.append(jobs)
        return real(self, docs, jobs=1, **kwargs)

    monkeypatch.setattr(Extractor, "places_many", places_many)
    result = run(runner, "places", SAMPLE, "-j", "3", "-f", "jsonl", "-q")
    assert result.exit_code == 0 and asked == [3]
    assert {"PK", "AF"} <= {json.loads(line)["country"] for line in result.stdout.splitlines()}


def test_an_unknown_model_is_named(runner):
    result = run(runner, "extract", SAMPLE, "--model", "no_such_model_xyz")
    assert result.exit_code == 2 and "no_such_model_xyz" in result.stderr


def test_a_binary_file_is_reported_as_skipped(runner, tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x00\x01binary" * 40)
    result = run(runner, "extract", tmp_path / "a.txt")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"geoevent: {tmp_path / 'a.txt'}: skipped, binary file (not text)"


def test_reading_stdin_on_a_terminal_is_announced(monkeypatch, capsys):
    import sys

    from geoevent import cli

    class Terminal:
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdin", Terminal())
    cli._announce_stdin(quiet=False)
    err = capsys.readouterr().err
    assert "reading standard input" in err and "Ctrl-D" in err


def test_the_first_run_says_it_builds_the_gazetteer(monkeypatch, capsys, tmp_path):
    from geoevent.geo import build

    # the build (run once per machine, by the CLI before any work) says so on stderr, once
    monkeypatch.setattr(build, "collect_records", lambda min_population: ([], {}))
    monkeypatch.setattr(build, "write_index", lambda path, records, version: None)
    build.build_index(tmp_path / "gazetteer.sqlite")
    err = capsys.readouterr().err
    assert err.count("building the gazetteer index once") == 1 and "ready in" in err


def test_the_table_fits_80_columns_with_words_whole(runner):
    from geoevent.io.writers import TableWriter

    records = [json.loads(line) for line in run(runner, "extract", SAMPLE, "-f", "jsonl", "-q").stdout.splitlines()]
    stream = io.StringIO()
    writer = TableWriter(stream)
    writer.console.width = 80
    writer.write(records)
    lines = stream.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "target column left out" in stream.getvalue()
    cells = " ".join(part.strip() for line in lines for part in line.split("│"))
    for word in ("Pakhtunkhwa", "Afghanistan", "Tajikistan", "2021-07-26"):
        assert word in cells


def test_gazetteer_lookup_fits_80_columns(runner):
    result = runner.invoke(main, ["gazetteer", "lookup", "Chitral", "--format", "table"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    words = result.stdout.split()
    assert "Khyber" in words and "Pakhtunkhwa" in words and "…" not in result.stdout   # wrapped, never cut
