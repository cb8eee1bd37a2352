"""warta on Spark: ``quotes(df)``, ``entities(df)`` and ``documents(df)`` run warta in the executors through
``mapInArrow``, on a local session and a cluster alike (the ``warta`` wheel must be installed on every
worker).

>>> from warta import spark as ws
>>> quotes = ws.quotes_from_files(spark, ["cc-news/*.warc.gz", "articles.jsonl"])
>>> quotes.groupBy("speaker").count().orderBy("count", ascending=False).show()

``quotes_from_files`` (and ``entities_…``, ``documents_…``) has each task read a file, or a piece of a
large JSON Lines file, and analyse it: the JVM carries only the output rows. ``quotes(df)`` analyses a
DataFrame that holds the texts.

Spark reuses its Python workers, so the models load once per worker process, not per batch. A record that
fails becomes a row whose ``error`` column says why (``errors="keep"``, the default: one bad article must
not fail a night's job), or fails the task with a ``WartaError`` naming it (``errors="raise"``).
"""

from __future__ import annotations

import gc

import pyarrow as pa

from ._batches import analyse_batch, analyse_pieces, check_options, column_map, pieces
from ._schema import DOCUMENTS_SCHEMA, ENTITIES_SCHEMA, QUOTES_SCHEMA

__all__ = [
    "read", "quotes", "entities", "documents", "quotes_from_files", "entities_from_files", "documents_from_files",
    "spark_schema",
]

_SPARK_TYPES = {pa.string(): "string", pa.int64(): "bigint", pa.list_(pa.string()): "array<string>"}


def spark_schema(schema: pa.Schema) -> str:
    """The DDL string of one of warta's Arrow schemas (``warta.QUOTES_SCHEMA`` …), for Spark."""
    return ", ".join(f"`{f.name}` {_SPARK_TYPES[f.type]}" for f in schema)


#: Whether this worker process collected its garbage before its first freeze.
_collected = False


def _freeze_worker_heap() -> None:
    """Moves what a Python worker holds at the start of a task (modules, classes, functions: pyspark,
    pyarrow, pandas, warta) out of the garbage collector's sight.

    Spark's daemon runs a full ``gc.collect()`` after every task of a reused worker, and it walked all of
    them each time: 15–40 ms a task, a tenth of the workers' time with tasks of a few hundred articles. It
    has just collected when a task starts, so what is left is live; pyspark imports pandas at the end of a
    worker's first task, hence a freeze at every start (it costs nothing: the collector's lists are
    spliced). Frozen objects are still freed by reference counting: over 80 tasks the frozen count stayed
    flat. Garbage left by the imports is collected once, before the first freeze (known by a flag:
    ``gc.get_freeze_count()`` walks every frozen object, 2–3 % of a worker's time when asked per task).
    """
    global _collected
    if not _collected:
        gc.collect()
        _collected = True
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


def _from_files(spark, paths, output, schema, errors, format, lossy, lang, piece_bytes):
    check_options(output, errors)
    work = pieces(paths, format=format, piece_bytes=piece_bytes, tasks=spark.sparkContext.defaultParallelism)
    options = {"format": format, "lossy": lossy, "lang": lang}

    def run(batches):
        _freeze_worker_heap()
        for batch in batches:
            for table in analyse_pieces(batch, work, output, errors, options):
                yield from table.to_batches()

    # One partition per piece, and nothing in them but the piece's number: the JVM neither reads the
    # files nor carries their text, only the output rows, and needs no Python worker to make the rows.
    return spark.range(0, len(work), 1, len(work)).mapInArrow(run, spark_schema(schema))


def quotes_from_files(spark, paths, *, errors="keep", format="auto", lossy=False, lang="id", piece_bytes=None):
    """``quotes`` of the records in ``paths`` (JSON Lines, WARC, HTML, text; gzipped or not; globs
    expanded on the driver), read and analysed in the executors: the way for files, CC-NEWS's included.

    Each task reads one file, or one piece of a large JSON Lines file (``piece_bytes``, by default about
    four pieces per core, at most 128 MiB), with the readers of ``warta extract``; the article texts
    never pass through the JVM, only the quote rows. A record that cannot be read or analysed is an
    error row naming it (``errors="keep"``) or fails its task (``"raise"``). Paths must be readable from
    the driver (to cut the files) and from every worker (a shared file system).
    """
    return _from_files(spark, paths, "quotes", QUOTES_SCHEMA, errors, format, lossy, lang, piece_bytes)


def entities_from_files(spark, paths, *, errors="keep", format="auto", lossy=False, lang="id", piece_bytes=None):
    """``entities`` of the records in ``paths``, read in the executors (see ``quotes_from_files``)."""
    return _from_files(spark, paths, "entities", ENTITIES_SCHEMA, errors, format, lossy, lang, piece_bytes)


def documents_from_files(spark, paths, *, errors="keep", format="auto", lossy=False, lang="id", piece_bytes=None):
    """``documents`` of the records in ``paths``, read in the executors (see ``quotes_from_files``)."""
    return _from_files(spark, paths, "documents", DOCUMENTS_SCHEMA, errors, format, lossy, lang, piece_bytes)


#: The columns of ``read``'s DataFrame: a record as ``warta.read`` yields it.
RECORD_SCHEMA = (
    "`origin` string, `id` string, `url` string, `title` string, `published` string, `author` string, "
    "`source` string, `modified` string, `section` string, `lang` string, `other_urls` array<string>, "
    "`text` string"
)
_RECORD_ARROW_SCHEMA = pa.schema(
    (name, pa.list_(pa.string()) if name == "other_urls" else pa.string())
    for name in (part.split("`")[1] for part in RECORD_SCHEMA.split(", "))
)


def read(spark, paths, *, format="auto", lossy=False, lang="id", keep_going=False, piece_bytes=None):
    """A DataFrame of the records in ``paths`` (JSON Lines, WARC, HTML, text; gzipped or not; globs
    expanded on the driver), read in the executors, one file or piece of a large JSON Lines file per
    partition (as ``quotes_from_files``): CC-NEWS WARC files are never brought to the driver. Paths must be
    readable from the driver and every worker (a shared file system). With ``keep_going`` unreadable
    records are left out (the task's standard error lists them); without, the first fails its task naming
    it."""
    from . import _warta

    work = pieces(paths, format=format, piece_bytes=piece_bytes, tasks=spark.sparkContext.defaultParallelism)
    options = {"format": format, "lossy": lossy, "lang": lang, "keep_going": keep_going}

    def run(batches):
        import itertools
        import sys

        for batch in batches:
            for index in batch.column(0).to_pylist():
                path, start, end = work[index]
                reader = _warta.Reader([path], byte_range=None if start is None else (start, end), **options)
                while rows := list(itertools.islice(reader, 64)):
                    yield pa.RecordBatch.from_pylist(rows, schema=_RECORD_ARROW_SCHEMA)
                for error in reader.errors:
                    print(f"warta.spark.read: left out {error}", file=sys.stderr)

    return spark.range(0, len(work), 1, len(work)).mapInArrow(run, RECORD_SCHEMA)
