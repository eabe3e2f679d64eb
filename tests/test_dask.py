"""The same extraction on a Dask cluster: bags, DataFrames and `--scheduler` give exactly the
events of the local run; rules travel by content; workers load once, fail clearly, and a dying
worker costs only its document.

One LocalCluster of 2 worker processes serves the module; the `local:2` test starts its own,
as a user's command would.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

import geoevent.dask as gdask
from geoevent.cli import main
from geoevent.extractor import Extractor, Source
from geoevent.io.readers import ReadError
from geoevent.io.writers import EVENT_COLUMNS, flatten
from geoevent.rules import RuleError

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CRASH = "THIS DOCUMENT ENDS THE WORKER"

#: A small folder of our own texts in the formats the readers take, and one file they refuse.
FOLDER = {
    "a_wire.txt": "MOGADISHU — Gunmen killed four traders at a market in Baidoa on Tuesday, "
                  "police said.\n\nThe attackers fled before soldiers arrived.\n",
    "b_page.html": "<html><head><title>Clashes</title>"
                   '<meta property="article:published_time" content="2023-05-10"></head>'
                   "<body><article><p>Troops clashed with rebels near Goma on Monday, leaving "
                   "at least 12 fighters dead, the army said.</p>"
                   "<p>Hundreds of families fled to Sake.</p></article></body></html>",
    "c_corpus.jsonl": json.dumps({"id": "x1", "published": "2022-03-02", "text":
                                  "Police arrested 30 protesters in Lagos yesterday."}) + "\n"
                      + json.dumps({"id": "x2", "text": "Nothing happened in the town today."}) + "\n",
    "d_broken.txt": b"\x00\x01binary\x00\x02" * 20,
    "e_latin.txt": "Rebels abducted 15 villagers near Kidal on 3 June 2021, a local \xe9lu said.\n",
}
BAD = "d_broken.txt"


def write_folder(folder: Path) -> Path:
    folder.mkdir()
    for name, content in FOLDER.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif name == "e_latin.txt":
            path.write_bytes(content.encode("cp1252"))
        else:
            path.write_text(content, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def client():
    """A LocalCluster of 2 worker processes, the way `--scheduler local:2` starts one."""
    from geoevent.geo.gazetteer import Gazetteer

    Gazetteer.default()   # on a cold cache, built once here rather than by both workers at once
    client, cluster = gdask.connect("local:2")
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_folder(tmp_path_factory.mktemp("dask") / "news")


def local_run(paths, *options):
    """Return (stdout lines, errors-file lines, exit code) of the local command, -j 1."""
    with tempfile.TemporaryDirectory() as scratch:
        errors = Path(scratch) / "errors.jsonl"
        result = CliRunner().invoke(main, ["extract", *map(str, paths), "-q", "-j", "1", "--errors", str(errors), *options],
                                    catch_exceptions=False)
        return result.stdout.splitlines(), errors.read_text(encoding="utf-8").splitlines(), result.exit_code


@pytest.fixture(scope="module", params=["samples", "folder"])
def inputs(request, folder):
    """(the input folder, the JSON Lines of the local run, its error lines)."""
    path = SAMPLES if request.param == "samples" else folder
    lines, errors, _ = local_run([path], "-f", "jsonl")
    return path, [json.loads(line) for line in lines], [json.loads(line) for line in errors]


# ---------------------------------------------------------------- the core install


def test_the_cli_does_not_import_dask():
    code = ("import sys, geoevent.cli\n"
            "from click.testing import CliRunner\n"
            "assert CliRunner().invoke(geoevent.cli.main, ['extract', '--help']).exit_code == 0\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'dask', 'distributed', 'pandas', 'spacy'}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("item, expected", [
    ("Police arrested 12 people.", Source(id="-", text="Police arrested 12 people.")),
    (("n1", "Some text."), Source(id="n1", text="Some text.")),
    ({"id": 7, "text": "T."}, Source(id="7", text="T.")),
    ({"text": "T.", "published": "2021-07-27"}, Source("-", "T.", date(2021, 7, 27), "metadata")),
    ({"text": "T.", "published": datetime(2021, 7, 27, 9, 30)}, Source("-", "T.", date(2021, 7, 27), "metadata")),
    ({"text": "T.", "published": date(2021, 7, 27)}, Source("-", "T.", date(2021, 7, 27), "metadata")),
    ({"text": "T.", "published": "last week"}, Source("-", "T.")),
])
def test_documents_in_a_bag_may_be_strings_pairs_or_dicts(item, expected):
    assert gdask.as_source(item) == expected


@pytest.mark.parametrize("item", [None, 42, {"id": "n2", "body": 3}, ("only one",)])
def test_an_item_that_is_no_document_is_a_read_error(item):
    assert isinstance(gdask.as_source(item), ReadError)


# ---------------------------------------------------------------- bags and DataFrames


def test_the_bag_gives_the_local_events(client, inputs):
    path, local, errors = inputs
    documents = gdask.read_bag(str(path), files_per_partition=2)
    assert gdask.extract_bag(documents).compute(scheduler=client) == local
    results = gdask.results_bag(documents).compute(scheduler=client)
    assert [{"source": r["doc"], "reason": r["error"]} for r in results if r["error"]] == errors
    assert [e for r in results for e in r["events"]] == local


def test_a_glob_reads_what_the_cli_reads_with_that_glob(client, folder):
    local, errors, _ = local_run([folder], "-f", "jsonl", "--glob", "*.txt")
    documents = gdask.read_bag(str(folder / "*.txt"))
    results = gdask.results_bag(documents).compute(scheduler=client)
    assert [e for r in results for e in r["events"]] == [json.loads(line) for line in local]
    assert [r["doc"] for r in results if r["error"]] == [json.loads(line)["source"] for line in errors]


def test_a_bag_of_texts_pairs_and_dicts(client):
    texts = [f.read_text(encoding="utf-8") for f in sorted(SAMPLES.glob("*.txt"))]
    import dask.bag as db

    items = [texts[0], ("second", texts[1]), {"id": "third", "text": texts[2], "published": "2021-07-27"}]
    expected = Extractor().extract_many([gdask.as_source(item) for item in items])
    expected = [e.to_dict() for r in expected for e in r.events]
    assert expected
    bag = db.from_sequence(items, npartitions=2)
    assert gdask.extract_bag(bag).compute(scheduler=client) == expected


def test_the_dataframe_has_the_csv_columns_typed(client, inputs, tmp_path):
    import pandas as pd

    path, local, _ = inputs
    frame = gdask.events_dataframe(gdask.extract_bag(gdask.read_bag(str(path)))).compute(scheduler=client)
    csv_header = local_run([path], "-f", "csv")[0][0]
    assert list(frame.columns) == list(EVENT_COLUMNS) == csv_header.split(",")
    types = {name: str(t) for name, t in frame.dtypes.items()}
    assert "object" not in types.values()
    assert {types[c] for c in ("count_value", "count_min", "location_geonameid", "start", "end")} == {"Int64"}
    assert {types[c] for c in ("location_lat", "location_lon", "confidence")} == {"Float64"}
    assert {types[c] for c in ("date_value", "date_end", "published")} == {"date32[day][pyarrow]"}
    assert types["action_negated"] == "boolean" and types["actor_name"] == "string"
    assert len(frame) == len(local)
    for row, record in zip(frame.to_dict("records"), local):
        flat = flatten(record)
        for column in EVENT_COLUMNS:
            value = row[column]
            value = None if pd.isna(value) else value
            value = value.isoformat() if isinstance(value, date) else value
            assert value == flat.get(column), (record["id"], column)
    frame.to_parquet(tmp_path / "events.parquet")
    assert pd.read_parquet(tmp_path / "events.parquet").equals(frame)


# ---------------------------------------------------------------- the command


def test_scheduler_local_2_gives_the_local_output(folder, tmp_path):
    """The issue's own check, with the samples and a bad file in one folder."""
    inputs = tmp_path / "in"
    shutil.copytree(folder, inputs)
    for sample in SAMPLES.glob("*.txt"):
        shutil.copy(sample, inputs / sample.name)
    local, local_errors, local_status = local_run([inputs], "-f", "jsonl")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-m", "geoevent.cli", "extract", str(inputs), "--scheduler", "local:2",
         "-f", "jsonl", "--errors", str(tmp_path / "err.jsonl")],
        capture_output=True, text=True, env=env, timeout=300)
    assert done.stdout.splitlines() == local
    assert (tmp_path / "err.jsonl").read_text(encoding="utf-8").splitlines() == local_errors
    assert done.returncode == local_status == 1
    assert f"{BAD}: skipped, binary file" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "acled"])
def test_scheduler_address_from_the_environment(client, folder, fmt):
    local, errors, status = local_run([folder], "-f", fmt)
    runner = CliRunner(env={"GEOEVENT_SCHEDULER": client.scheduler.address})
    result = runner.invoke(main, ["extract", str(folder), "-f", fmt, "-q"], catch_exceptions=False)
    assert result.stdout.splitlines() == local
    assert result.exit_code == status == 1
    assert len(errors) == 1 and BAD in errors[0]


def test_scheduler_file(client, folder, tmp_path):
    """dask-jobqueue and `dask scheduler --scheduler-file` leave a file where the scheduler is."""
    # what `dask scheduler --scheduler-file` writes, less what the Client does not read
    scheduler_file = {"type": "Scheduler", "address": client.scheduler.address}
    (tmp_path / "scheduler.json").write_text(json.dumps(scheduler_file), encoding="utf-8")
    local, _, _ = local_run([folder], "-f", "jsonl")
    result = CliRunner().invoke(main, ["extract", str(folder), "-q", "--scheduler", str(tmp_path / "scheduler.json")],
                                catch_exceptions=False)
    assert result.stdout.splitlines() == local


def test_resume_on_the_cluster(client, folder, tmp_path):
    full, _, _ = local_run([folder], "-f", "jsonl")
    first = json.loads(full[0])["doc"]
    output = tmp_path / "events.jsonl"
    output.write_text("".join(line + "\n" for line in full if json.loads(line)["doc"] == first), encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(folder), "-o", str(output), "--resume",
                                       "--scheduler", client.scheduler.address], catch_exceptions=False)
    assert output.read_text(encoding="utf-8").splitlines() == full
    assert "1 skipped, 1 errors" in result.stderr
    assert result.exit_code == 1


def test_without_dask_the_option_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "geoevent.dask", None)
    result = CliRunner().invoke(main, ["extract", str(SAMPLES), "--scheduler", "local:1"])
    assert result.exit_code == 2
    assert 'pip install "geoevent[dask]"' in result.stderr


@pytest.mark.parametrize("address, message", [
    ("local:0", "'local:0': write local:N with N worker processes, N >= 1"),
    ("local:two", "'local:two': write local:N with N worker processes, N >= 1"),
    ("/no/such/scheduler.json", "/no/such/scheduler.json: no such scheduler file"),
    ("tcp://host-without-port", "'tcp://host-without-port' is not a scheduler address: write tcp://HOST:PORT, "
                                "the path of a scheduler file, or local:N"),
])
def test_a_bad_scheduler_is_a_usage_error(address, message):
    result = CliRunner().invoke(main, ["extract", str(SAMPLES), "--scheduler", address])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"geoevent: {message}"]


def test_a_scheduler_not_there_is_one_line():
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = CliRunner().invoke(main, ["extract", str(SAMPLES), "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("geoevent: cannot reach the Dask scheduler at tcp://127.0.0.1:9 (")


def test_the_readme_example_runs_as_written(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"## On a cluster.*?```python\n(.*?)```", readme, re.S).group(1)
    (tmp_path / "example.py").write_text(example, encoding="utf-8")
    shutil.copytree(SAMPLES, tmp_path / "samples")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "example.py"], cwd=tmp_path, capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    import pandas as pd

    assert len(pd.read_parquet(tmp_path / "events.parquet")) == len(local_run([SAMPLES])[0])
    assert "'type': 'arrest'" in done.stdout and "'value': 12" in done.stdout


# ---------------------------------------------------------------- what travels, and how often


def test_rule_files_travel_by_content(client, tmp_path):
    rules = tmp_path / "mine.jsonl"
    rules.write_text(json.dumps({"type": "cyber_attack", "plover": "ASSAULT", "acled": None, "count_role": "target",
                                 "verbs": ["hack"], "nouns": ["cyberattack"], "phrases": []}) + "\n", encoding="utf-8")
    text = "Hackers hacked the ministry of finance in Nairobi on Monday, officials said."
    extractor = Extractor(rules=[rules])
    expected = [e.to_dict() for e in extractor.extract(text)]
    assert "cyber_attack" in {e["action"]["type"] for e in expected}
    import dask.bag as db

    events = gdask.extract_bag(db.from_sequence([text]), extractor)
    rules.unlink()   # the workers never read the file: its contents are in the task graph
    assert events.compute(scheduler=client) == expected


def test_a_bad_rule_path_fails_before_any_work(tmp_path):
    import dask.bag as db

    with pytest.raises(RuleError, match="missing.jsonl"):
        gdask.extract_bag(db.from_sequence(["text"]), Extractor(rules=[tmp_path / "missing.jsonl"]))


def test_the_model_loads_once_per_worker(client, folder):
    recipe = gdask.recipe_of(Extractor())
    documents = gdask.read_bag([str(folder), str(SAMPLES)], files_per_partition=1)
    assert documents.npartitions >= 6
    gdask.extract_bag(documents).compute(scheduler=client)
    builds = client.run(lambda key: gdask.BUILDS[key], recipe.key)
    assert len(builds) == 2 and set(builds.values()) <= {0, 1} and sum(builds.values()) >= 1


def test_a_worker_without_the_model_fails_with_one_line(client):
    with pytest.raises(gdask.WorkerStartError) as caught:
        gdask.ClusterRunner(Extractor(model="no_such_model_here"), client)
    message = str(caught.value)
    assert "no_such_model_here" in message and "\n" not in message
    assert message.startswith("worker tcp://")


def test_a_cluster_without_workers_is_one_line(monkeypatch):
    from distributed import Client, LocalCluster

    monkeypatch.setattr(gdask, "WAIT_FOR_WORKERS_S", 1)
    with LocalCluster(n_workers=0, dashboard_address=None) as empty, Client(empty) as client:
        with pytest.raises(gdask.ClusterError, match="^no worker joined the Dask cluster within 1 s$"):
            gdask.ClusterRunner(Extractor(), client)


def test_the_command_stops_with_one_line_when_workers_cannot_load_the_model(client, tmp_path):
    """An empty folder passes for a model where the command runs (it is not loaded there) and
    cannot be loaded by the workers: exit 2 and one line, as a local run that cannot load it."""
    (tmp_path / "model").mkdir()
    result = CliRunner().invoke(main, ["extract", str(SAMPLES), "-q", "--model", str(tmp_path / "model"),
                                       "--scheduler", client.scheduler.address])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("geoevent: worker tcp://")
    assert f"cannot load spaCy model {str(tmp_path / 'model')!r}" in lines[0]
    assert result.stdout == ""


class CrashingExtractor(Extractor):
    """An Extractor whose worker process dies, as on a segfault or the OOM killer, on a
    document that asks for it."""

    def _run_batch(self, batch, catch=True, **options):
        if any(CRASH in source.text for source in batch):
            os._exit(13)
        return super()._run_batch(batch, catch, **options)


def test_a_dying_worker_costs_only_its_document(client):
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])   # workers cannot import tests
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    documents = [Source("one", texts[0]), Source("crash", CRASH), Source("two", texts[1])]
    expected = {r.doc_id: [e.to_dict() for e in r.events] for r in Extractor().extract_many(documents[::2])}
    with gdask.ClusterRunner(CrashingExtractor(), client) as runner:
        results = list(runner.extract_many(documents))
    assert [r.doc_id for r in results] == ["one", "crash", "two"]
    assert [e.to_dict() for e in results[0].events] == expected["one"]
    assert [e.to_dict() for e in results[2].events] == expected["two"]
    assert results[1].events == [] and "worker died while processing it, twice" in results[1].error
    assert results[0].error is None and results[2].error is None
