"""warta on Spark: ``quotes(df)``, ``entities(df)`` and ``documents(df)`` run warta in the executors through
``mapInArrow``, on a local session and a cluster alike (the ``warta`` wheel must be installed on every
worker).

>>> from warta import spark as ws
>>> quotes = ws.quotes(spark.read.json("articles.jsonl"))
>>> quotes.groupBy("speaker").count().orderBy("count", ascending=False).show()

Spark reuses its Python workers, so the models load once per worker process, not per batch. A record that
fails becomes a row whose ``error`` column says why (``errors="keep"``, the default: one bad article must
not fail a night's job), or fails the task with a ``WartaError`` naming it (``errors="raise"``).
"""

from __future__ import annotations

import gc

import pyarrow as pa

from ._batches import analyse_batch, check_options, column_map
from ._schema import DOCUMENTS_SCHEMA, ENTITIES_SCHEMA, QUOTES_SCHEMA

__all__ = ["read", "quotes", "entities", "documents", "spark_schema"]

_SPARK_TYPES = {pa.string(): "string", pa.int64(): "bigint", pa.list_(pa.string()): "array<string>"}


def spark_schema(schema: pa.Schema) -> str:
    """The DDL string of one of warta's Arrow schemas (``warta.QUOTES_SCHEMA`` …), for Spark."""
    return ", ".join(f"`{f.name}` {_SPARK_TYPES[f.type]}" for f in schema)


def _freeze_worker_heap() -> None:
    """Moves what a Python worker holds at the start of a task (modules, classes, functions: pyspark,
    pyarrow, pandas, warta) out of the garbage collector's sight.

    Spark's daemon runs a full ``gc.collect()`` after every task of a reused worker, and it walked all of
    them each time: 15–40 ms a task, a tenth of the workers' time with tasks of a few hundred articles. It
    has just collected when a task starts, so what is left is live; pyspark imports pandas at the end of a
    worker's first task, hence a freeze at every start (it costs nothing: the collector's lists are
    spliced). Frozen objects are still freed by reference counting: over 80 tasks the frozen count stayed
    flat. Garbage left by the imports is collected once, before the first freeze.
    """
    if gc.get_freeze_count() == 0:
        gc.collect()
    gc.freeze()


def _run(df, output: str, schema: pa.Schema, columns: dict, errors: str):
    check_options(output, errors)
    if columns["text"] not in df.columns:
        raise KeyError(f"no column {columns['text']!r} holds the article text (columns: {df.columns})")
    # Only the columns warta reads are sent to the Python workers.
    wanted = [name for name in dict.fromkeys(columns.values()) if name in df.columns]

    def run(batches):
        _freeze_worker_heap()
        for batch in batches:
            for out in analyse_batch(batch, columns, output, errors).to_batches():
                yield out

    return df.select(*wanted).mapInArrow(run, spark_schema(schema))


def quotes(df, text="text", id="id", url="url", published="published", *, errors="keep", **columns):
    """One row per quote (``warta.QUOTES_SCHEMA``). Column names are those of ``df``; other record fields
    (``title``, ``source`` …) are read from columns of the same name, or given as keywords."""
    names = column_map(text, id=id, url=url, published=published, **columns)
    return _run(df, "quotes", QUOTES_SCHEMA, names, errors)


def entities(df, text="text", id="id", url="url", published="published", *, errors="keep", **columns):
    """One row per entity of each document (``warta.ENTITIES_SCHEMA``)."""
    names = column_map(text, id=id, url=url, published=published, **columns)
    return _run(df, "entities", ENTITIES_SCHEMA, names, errors)


def documents(df, text="text", id="id", url="url", published="published", *, errors="keep", **columns):
    """One row per document (``warta.DOCUMENTS_SCHEMA``): the ``warta/1`` JSON in ``document``, the line
    ``warta extract`` writes for the same record."""
    names = column_map(text, id=id, url=url, published=published, **columns)
    return _run(df, "documents", DOCUMENTS_SCHEMA, names, errors)


#: The columns of ``read``'s DataFrame: a record as ``warta.read`` yields it.
RECORD_SCHEMA = (
    "`origin` string, `id` string, `url` string, `title` string, `published` string, `author` string, "
    "`source` string, `modified` string, `section` string, `lang` string, `other_urls` array<string>, "
    "`text` string"
)
_RECORD_FIELDS = [part.split("`")[1] for part in RECORD_SCHEMA.split(", ")]


def read(spark, paths, *, format="auto", lossy=False, lang="id", keep_going=False):
    """A DataFrame of the records in ``paths`` (JSON Lines, WARC, HTML, text; gzipped or not), read in the
    executors, one file per partition: CC-NEWS WARC files are never brought to the driver. Paths must be
    readable from every worker (a shared file system). With ``keep_going`` unreadable records are left
    out (a task's log lists them); without, the first fails its task naming it."""
    if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
        paths = [paths]
    paths = [str(p) for p in paths]
    options = {"format": format, "lossy": lossy, "lang": lang, "keep_going": keep_going}

    def rows(path):
        from . import read as read_records

        for record in read_records(path, **options):
            yield tuple(record.get(field) for field in _RECORD_FIELDS)

    rdd = spark.sparkContext.parallelize(paths, max(1, len(paths))).flatMap(rows)
    return spark.createDataFrame(rdd, RECORD_SCHEMA)
