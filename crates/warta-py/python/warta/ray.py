"""warta on Ray Data: ``quotes(ds)``, ``entities(ds)`` and ``documents(ds)`` run ``Extractor`` with
``map_batches`` on a pool of actors, each loading warta's models once.

>>> import ray, warta.ray as wr
>>> quotes = wr.quotes(ray.data.read_json("articles.jsonl"))
>>> quotes.write_parquet("quotes/")

``Extractor`` lives in this package (not in the caller's script) so that Ray's workers import it by name
from the installed wheel instead of pickling a class that only exists in the driver.

Read JSON Lines with ``warta.ray.read`` rather than ``ray.data.read_json``: Arrow's JSON reader turns
``"published": "2025-11-03T14:20:00+07:00"`` into a UTC timestamp, and the outlet's offset is lost.
"""

from __future__ import annotations

from ._batches import analyse_batch, column_map

__all__ = ["Extractor", "read", "quotes", "entities", "documents"]


class Extractor:
    """A ``map_batches`` callable class: Arrow batch in (``batch_format="pyarrow"``), warta's table out.

    ``output`` is ``"quotes"``, ``"entities"`` or ``"documents"``; ``columns`` maps record fields to column
    names (``{"text": "body"}``); ``errors`` as in ``warta.spark``.
    """

    def __init__(self, output: str = "quotes", columns: dict | None = None, errors: str = "keep"):
        from . import _warta

        if output not in ("quotes", "entities", "documents"):
            raise ValueError(f"output must be quotes, entities or documents, not {output!r}")
        self.output = output
        self.columns = column_map(**(columns or {"text": "text"}))
        self.errors = errors
        # Load the models now, once per actor, rather than in the first batch.
        _warta.analyse([{"text": "Budi datang."}], json=False)

    def __call__(self, batch):
        return analyse_batch(batch, self.columns, self.output, self.errors)


def _map(ds, output, columns, errors, concurrency, batch_size):
    import ray

    if concurrency is None:
        # An autoscaling pool from one actor up to one per CPU: a fixed pool holding every CPU would leave
        # none for the tasks that read the input, and the job would wait for ever.
        concurrency = (1, max(1, int(ray.cluster_resources().get("CPU", 1))))
    low, high = (concurrency, concurrency) if isinstance(concurrency, int) else concurrency
    return ds.map_batches(
        Extractor,
        fn_constructor_kwargs={"output": output, "columns": columns, "errors": errors},
        batch_format="pyarrow",
        batch_size=batch_size,
        compute=ray.data.ActorPoolStrategy(min_size=low, max_size=high),
        num_cpus=1,
        # Nothing to copy: the input batch is read, the output is a new table.
        zero_copy_batch=True,
    )


def quotes(ds, text="text", *, errors="keep", concurrency=None, batch_size=64, **columns):
    """One row per quote (``warta.QUOTES_SCHEMA``), on ``concurrency`` actors (default: 1 up to one per CPU)."""
    return _map(ds, "quotes", {"text": text, **columns}, errors, concurrency, batch_size)


def entities(ds, text="text", *, errors="keep", concurrency=None, batch_size=64, **columns):
    """One row per entity of each document (``warta.ENTITIES_SCHEMA``)."""
    return _map(ds, "entities", {"text": text, **columns}, errors, concurrency, batch_size)


def documents(ds, text="text", *, errors="keep", concurrency=None, batch_size=64, **columns):
    """One row per document (``warta.DOCUMENTS_SCHEMA``), the ``warta/1`` JSON in ``document``."""
    return _map(ds, "documents", {"text": text, **columns}, errors, concurrency, batch_size)


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
