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
