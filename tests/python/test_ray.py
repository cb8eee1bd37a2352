"""warta on Ray Data (num_cpus=2): the same quotes and documents as `warta extract`."""

from __future__ import annotations

import os

import pytest

from engines import cli_documents, cli_quote_rows, need, sorted_rows

need("ray")

import warta  # noqa: E402
import warta.ray as wr  # noqa: E402


@pytest.fixture(scope="module")
def ray(tmp_path_factory):
    import ray

    # No token, a small object store and a temporary directory of the test's own, not ~/.ray or /tmp/ray.
    os.environ["RAY_AUTH_MODE"] = "disabled"
    # No usage report sent anywhere: the tests run without a network.
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    ray.init(
        num_cpus=2,
        object_store_memory=128 * 1024 * 1024,
        _temp_dir=str(tmp_path_factory.mktemp("ray")),
        include_dashboard=False,
        log_to_driver=False,
    )
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield ray
    ray.shutdown()


def test_quotes_from_jsonl_and_warc_read_by_workers(ray, cli, repo, small_warc):
    articles = repo / "examples" / "articles.jsonl"
    quotes = wr.quotes(wr.read([articles, small_warc]), batch_size=2)
    expected = cli_quote_rows(cli, articles, small_warc)
    assert len(expected) >= 12
    assert sorted_rows(quotes.take_all(), warta.QUOTES_SCHEMA.names) == expected


def test_documents_equal_warta_extract_byte_for_byte(ray, cli, repo):
    articles = repo / "examples" / "articles.jsonl"
    # wr.read, not ray.data.read_json: Arrow's JSON reader would turn `published` into a UTC timestamp.
    rows = wr.documents(wr.read(articles)).take_all()
    assert sorted(r["document"].encode() for r in rows) == sorted(cli_documents(cli, articles))


def test_quotes_from_files_read_by_tasks(ray, cli, repo, small_warc):
    articles = repo / "examples" / "articles.jsonl"
    quotes = wr.quotes_from_files([articles, small_warc])
    expected = cli_quote_rows(cli, articles, small_warc)
    assert sorted_rows(quotes.take_all(), warta.QUOTES_SCHEMA.names) == expected


def test_news_sample_documents_from_files_read_in_pieces(ray, cli, news_sample):
    rows = wr.documents_from_files(news_sample, piece_bytes=64 * 1024).take_all()
    assert sorted(r["document"].encode() for r in rows) == sorted(cli_documents(cli, news_sample))


def test_a_bad_line_read_by_a_task_is_an_error_row_naming_it(ray, tmp_path):
    path = tmp_path / "rusak.jsonl"
    path.write_text('{"id": "baik", "text": "“Kami siap,” kata Budi."}\n{"id": "rusak", "text": 7}\n')
    rows = wr.quotes_from_files(path).take_all()
    assert sorted((r["id"] or "", r["speaker"] or "", r["error"] or "") for r in rows) == [
        ("", "", f'{path}:2: field "text" must be a string'),
        ("baik", "Budi", ""),
    ]


def test_a_bad_record_is_an_error_row_not_a_lost_batch(ray):
    items = [{"id": "baik", "text": "“Kami siap,” kata Budi."}, {"id": "rusak", "text": None}]
    rows = wr.quotes(ray.data.from_items(items), batch_size=2).take_all()
    assert sorted((r["id"], r["speaker"], r["error"]) for r in rows) == sorted(
        [("baik", "Budi", None), ("rusak", None, 'missing field "text"')]
    )


def test_extractor_as_an_actor_class_gives_the_same_quotes(ray, repo):
    # quotes() runs tasks; Extractor is the same analysis for a pipeline that wants an actor pool.
    records = wr.read(repo / "examples" / "articles.jsonl").materialize()
    on_actors = records.map_batches(
        wr.Extractor,
        fn_constructor_kwargs={"output": "quotes"},
        batch_format="pyarrow",
        batch_size=2,
        compute=ray.data.ActorPoolStrategy(size=1),
    )
    in_tasks = wr.quotes(records, batch_size=2, concurrency=1)
    names = warta.QUOTES_SCHEMA.names
    expected = sorted_rows(in_tasks.take_all(), names)
    assert len(expected) >= 9
    assert sorted_rows(on_actors.take_all(), names) == expected


def test_an_unknown_output_or_error_policy_is_refused_before_any_work(ray):
    items = ray.data.from_items([{"text": "“Kami siap,” kata Budi."}])
    with pytest.raises(ValueError, match="errors must be"):
        wr.quotes(items, errors="ignore")
    with pytest.raises(ValueError, match="output must be"):
        wr.Extractor(output="speakers")
