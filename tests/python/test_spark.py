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


def test_news_sample_quotes(spark, cli, news_sample):
    quotes = ws.quotes(spark.read.json(str(news_sample)))
    assert sorted_rows(quotes.collect(), warta.QUOTES_SCHEMA.names) == cli_quote_rows(cli, news_sample)


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
