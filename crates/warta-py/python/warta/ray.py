"""warta on Ray Data: ``quotes_from_files(paths)`` (tasks that read their own files), ``quotes(ds)``,
``entities(ds)`` and ``documents(ds)`` (and ``entities_…``, ``documents_from_files``) run warta with
``map_batches`` in Ray tasks.

Tasks, not an actor pool: Ray keeps its task workers from one run to the next and warta's engine is loaded
once per process, so a worker loads the models once; an actor pool would start new processes, each
importing Ray, pyarrow and warta, at the start of every Dataset run (measured: that start-up took longer
than analysing a month of news on two cores). ``Extractor``, a callable class, is there for a pipeline
that wants actors all the same (``ds.map_batches(Extractor, compute=ray.data.ActorPoolStrategy(...))``).

>>> import ray, warta.ray as wr
>>> quotes = wr.quotes_from_files(["cc-news/*.warc.gz", "articles.jsonl"])   # each task reads its files
>>> quotes.write_parquet("quotes/")

``Extractor`` lives in this package (not in the caller's script) so that Ray's workers import it by name
from the installed wheel instead of pickling a class that only exists in the driver.

Read JSON Lines with ``warta.ray.read`` rather than ``ray.data.read_json``: Arrow's JSON reader turns
``"published": "2025-11-03T14:20:00+07:00"`` into a UTC timestamp, and the outlet's offset is lost.
"""

from __future__ import annotations

from ._batches import analyse_batch, analyse_pieces, check_options, column_map, pieces

__all__ = [
    "Extractor", "read", "quotes", "entities", "documents", "quotes_from_files", "entities_from_files",
    "documents_from_files",
]


class Extractor:
    """A ``map_batches`` callable class: Arrow batch in (``batch_format="pyarrow"``), warta's table out.

    ``output`` is ``"quotes"``, ``"entities"`` or ``"documents"``; ``columns`` maps record fields to column
    names (``{"text": "body"}``); ``errors`` as in ``warta.spark``.
    """

    def __init__(self, output: str = "quotes", columns: dict | None = None, errors: str = "keep"):
        from . import _warta

        check_options(output, errors)
        self.output = output
        self.columns = column_map(**(columns or {"text": "text"}))
        self.errors = errors
        # Load the models now, once per actor, rather than in the first batch.
        _warta.analyse([{"text": "Budi datang."}], json=False)

    def __call__(self, batch):
        return analyse_batch(batch, self.columns, self.output, self.errors)


def _map(ds, output, columns, errors, concurrency, batch_size):
    import ray

    check_options(output, errors)
    return ds.map_batches(
        analyse_batch,
        fn_kwargs={"columns": column_map(**columns), "output": output, "errors": errors},
        batch_format="pyarrow",
        batch_size=batch_size,
        # By default as many tasks at once as there are free CPUs.
        compute=ray.data.TaskPoolStrategy(size=concurrency) if concurrency else None,
        num_cpus=1,
        # Nothing to copy: the input batch is read, the output is a new table.
        zero_copy_batch=True,
    )


def quotes(ds, text="text", *, errors="keep", concurrency=None, batch_size=64, **columns):
    """One row per quote (``warta.QUOTES_SCHEMA``), in at most ``concurrency`` tasks at once (default: one per
    free CPU)."""
    return _map(ds, "quotes", {"text": text, **columns}, errors, concurrency, batch_size)


def entities(ds, text="text", *, errors="keep", concurrency=None, batch_size=64, **columns):
    """One row per entity of each document (``warta.ENTITIES_SCHEMA``)."""
    return _map(ds, "entities", {"text": text, **columns}, errors, concurrency, batch_size)


def documents(ds, text="text", *, errors="keep", concurrency=None, batch_size=64, **columns):
    """One row per document (``warta.DOCUMENTS_SCHEMA``), the ``warta/1`` JSON in ``document``."""
    return _map(ds, "documents", {"text": text, **columns}, errors, concurrency, batch_size)


def _from_files(paths, output, errors, format, lossy, lang, piece_bytes, concurrency):
    import ray

    check_options(output, errors)
    slots = concurrency or max(1, int(ray.available_resources().get("CPU", 1)))
    work = pieces(paths, format=format, piece_bytes=piece_bytes, tasks=slots)
    options = {"format": format, "lossy": lossy, "lang": lang}
    # One block per piece holding only its number: the driver sends no text, the tasks read it.
    return ray.data.range(len(work), override_num_blocks=len(work)).map_batches(
        analyse_pieces,
        fn_kwargs={"work": work, "output": output, "errors": errors, "options": options},
        batch_format="pyarrow",
        batch_size=None,
        compute=ray.data.TaskPoolStrategy(size=concurrency) if concurrency else None,
        num_cpus=1,
    )


def quotes_from_files(paths, *, errors="keep", format="auto", lossy=False, lang="id", piece_bytes=None,
                      concurrency=None):
    """``quotes`` of the records in ``paths`` (JSON Lines, WARC, HTML, text; gzipped or not; globs
    expanded on the driver), read and analysed in Ray's tasks: one task per file, or per piece of a
    large JSON Lines file (``piece_bytes``, by default about four per CPU, at most 128 MiB). No text
    passes through the driver or the object store, only the quote rows. A record that cannot be read or
    analysed is an error row naming it (``errors="keep"``) or fails its task (``"raise"``)."""
    return _from_files(paths, "quotes", errors, format, lossy, lang, piece_bytes, concurrency)


def entities_from_files(paths, *, errors="keep", format="auto", lossy=False, lang="id", piece_bytes=None,
                        concurrency=None):
    """``entities`` of the records in ``paths``, read in Ray's tasks (see ``quotes_from_files``)."""
    return _from_files(paths, "entities", errors, format, lossy, lang, piece_bytes, concurrency)


def documents_from_files(paths, *, errors="keep", format="auto", lossy=False, lang="id", piece_bytes=None,
                         concurrency=None):
    """``documents`` of the records in ``paths``, read in Ray's tasks (see ``quotes_from_files``)."""
    return _from_files(paths, "documents", errors, format, lossy, lang, piece_bytes, concurrency)


def read(paths, *, format="auto", lossy=False, lang="id", keep_going=False):
    """A Dataset of the records in ``paths`` (JSON Lines, WARC, HTML, text; gzipped or not), read by Ray's
    workers, one task per file, so that WARC archives are never brought to the driver."""
    import ray

    if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
        paths = [paths]
    options = {"format": format, "lossy": lossy, "lang": lang, "keep_going": keep_going}

    def records(row):
        from . import read as read_records

        return list(read_records(row["path"], **options))

    items = [{"path": str(p)} for p in paths]
    return ray.data.from_items(items, override_num_blocks=max(1, len(items))).flat_map(records)
