"""warta on Spark, local[2]: the same quotes and documents as `warta extract`. One session for the run
(starting one costs ~20 s)."""

from __future__ import annotations

import os
import sys

import pytest

from engines import cli_documents, cli_quote_rows, need, sorted_rows

need("pyspark")

import warta  # noqa: E402
import warta.spark as ws  # noqa: E402


@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    from pyspark.sql import SparkSession

    # The workers must run the interpreter that has warta installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("warta-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.local.dir", str(tmp_path_factory.mktemp("spark")))
        # Small Arrow batches so that the examples span several batches and partitions.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_documents_equal_warta_extract_byte_for_byte(spark, cli, repo):
    articles = repo / "examples" / "articles.jsonl"
    df = spark.read.json(str(articles)).repartition(2)
    rows = ws.documents(df).collect()
    assert [r["error"] for r in rows] == [None] * 3
    got = sorted(r["document"].encode() for r in rows)
    assert got == sorted(cli_documents(cli, articles))


def test_quotes_from_jsonl_and_warc_read_in_the_executors(spark, cli, repo, small_warc):
    articles = repo / "examples" / "articles.jsonl"
    records = ws.read(spark, [articles, small_warc])
    assert records.count() == 6
    quotes = ws.quotes(records)
    expected = cli_quote_rows(cli, articles, small_warc)
    assert len(expected) >= 12
    assert sorted_rows(quotes.collect(), warta.QUOTES_SCHEMA.names) == expected


def test_read_in_pieces_gives_every_record_once(spark, news_sample, tmp_path):
    fields = ["id", "url", "title", "published", "text"]
    rows = ws.read(spark, news_sample, piece_bytes=64 * 1024).collect()
    assert sorted_rows(rows, fields) == sorted_rows(warta.read(news_sample), fields)
    bad = tmp_path / "rusak.jsonl"
    bad.write_text('{"id": "a", "text": "Satu."}\n{"id": "b", "text": \n{"id": "c", "text": "Tiga."}\n')
    assert [r["id"] for r in ws.read(spark, bad, keep_going=True).collect()] == ["a", "c"]
    with pytest.raises(Exception, match=rf"{bad}:2: not JSON"):
        ws.read(spark, bad).collect()


def test_news_sample_quotes(spark, cli, news_sample):
    quotes = ws.quotes(spark.read.json(str(news_sample)))
    assert sorted_rows(quotes.collect(), warta.QUOTES_SCHEMA.names) == cli_quote_rows(cli, news_sample)


def test_documents_from_files_equal_warta_extract_byte_for_byte(spark, cli, repo):
    articles = repo / "examples" / "articles.jsonl"
    rows = ws.documents_from_files(spark, articles).collect()
    assert sorted(r["document"].encode() for r in rows) == sorted(cli_documents(cli, articles))


def test_quotes_from_files_of_jsonl_and_warc(spark, cli, repo, small_warc):
    articles = repo / "examples" / "articles.jsonl"
    quotes = ws.quotes_from_files(spark, [articles, str(small_warc.parent / "*.warc")])
    assert quotes.rdd.getNumPartitions() == 2, "the JSON Lines file and the WARC file found by the glob"
    assert sorted_rows(quotes.collect(), warta.QUOTES_SCHEMA.names) == cli_quote_rows(cli, articles, small_warc)


def test_news_sample_quotes_from_files_read_in_pieces(spark, cli, news_sample):
    quotes = ws.quotes_from_files(spark, news_sample, piece_bytes=64 * 1024)
    assert quotes.rdd.getNumPartitions() >= 4
    assert sorted_rows(quotes.collect(), warta.QUOTES_SCHEMA.names) == cli_quote_rows(cli, news_sample)


def test_a_bad_line_read_in_a_worker_is_an_error_row_naming_it(spark, tmp_path):
    path = tmp_path / "rusak.jsonl"
    path.write_text(
        '{"id": "baik-1", "text": "“Kami siap,” kata Budi."}\n{"id": "rusak", "text": \n'
        '{"id": "baik-2", "text": "“Kami juga,” ujar Ani."}\n'
    )
    rows = ws.quotes_from_files(spark, path).collect()
    assert [(r["id"], r["speaker"], r["error"]) for r in rows] == [
        ("baik-1", "Budi", None),
        (None, None, f"{path}:2: not JSON: EOF while parsing a value (column 24)"),
        ("baik-2", "Ani", None),
    ]
    with pytest.raises(Exception, match=rf"{path}:2: not JSON"):
        ws.quotes_from_files(spark, path, errors="raise").collect()


def test_a_bad_record_is_an_error_row_not_a_lost_batch(spark):
    df = spark.createDataFrame(
        [("baik-1", "“Kami siap,” kata Budi."), ("rusak", None), ("baik-2", "“Kami juga,” ujar Ani.")],
        "id string, text string",
    ).coalesce(1)
    rows = ws.quotes(df).collect()
    assert [(r["id"], r["speaker"], r["error"]) for r in rows] == [
        ("baik-1", "Budi", None),
        ("rusak", None, 'missing field "text"'),
        ("baik-2", "Ani", None),
    ]
    with pytest.raises(Exception, match=r"record 'rusak': missing field \"text\""):
        ws.quotes(df, errors="raise").collect()


def test_other_column_names(spark):
    df = spark.createDataFrame([(17, "“Kami siap,” kata Budi.")], "nomor bigint, isi string")
    [row] = ws.quotes(df, text="isi", id="nomor").collect()
    assert (row["id"], row["speaker"]) == ("17", "Budi")
