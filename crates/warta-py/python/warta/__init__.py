"""warta: who said what in Indonesian news.

The analysis is warta's Rust engine (the same one as the ``warta`` command), loaded once per process:

>>> import warta
>>> doc = warta.extract("“Kami akan panggil,” kata Budi.", id="a1")
>>> doc["quotes"][0]["speaker"]["name"]
'Budi'

* ``extract`` / ``extract_many``: the ``warta/1`` document as a dict (``docs/output.md``);
* ``extract_json_many``: the same as JSON lines, byte for byte what ``warta extract`` writes;
* ``quotes_table`` / ``entities_table``: pyarrow Tables (schemas in ``warta.QUOTES_SCHEMA`` and
  ``warta.ENTITIES_SCHEMA``);
* ``read``: records from files, directories and globs (JSON Lines, text, HTML, WARC, gzipped or not);
* ``extract_files``: ``warta extract`` itself, with its deduplication of syndicated copies;
* ``warta.spark`` and ``warta.ray``: the same on a cluster.

A record is a mapping with ``text`` and optional ``id``, ``url``, ``title``, ``published``, ``author``,
``source``, ``modified``, ``section`` (or ``category``) and ``lang``: the fields of a JSON Lines record, read by
the same rules.
"""

from __future__ import annotations

import json as _json
from typing import Any, Iterable, Iterator, Mapping

from . import _warta
from ._schema import ENTITIES_SCHEMA, QUOTES_SCHEMA, DOCUMENTS_SCHEMA
from ._warta import SCHEMA, WartaError, __version__

__all__ = [
    "SCHEMA",
    "QUOTES_SCHEMA",
    "ENTITIES_SCHEMA",
    "DOCUMENTS_SCHEMA",
    "WartaError",
    "extract",
    "extract_many",
    "extract_json_many",
    "extract_files",
    "quotes_table",
    "entities_table",
    "read",
    "__version__",
]

Record = Mapping[str, Any]


def _name(index: int, record_id: str | None) -> str:
    return f"record {record_id!r}" if record_id is not None else f"record #{index} (no id)"


def _raise_first(errors: list, what: str = "") -> None:
    if errors:
        index, record_id, message = errors[0]
        more = f" (and {len(errors) - 1} more failed records)" if len(errors) > 1 else ""
        raise WartaError(f"{_name(index, record_id)}: {message}{more}")


def _as_list(records: Iterable[Record]) -> list:
    return records if isinstance(records, list) else list(records)


def extract(
    text: str,
    *,
    id: str | None = None,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
    **meta: str | None,
) -> dict:
    """Analyses one article; returns the ``warta/1`` document as a dict."""
    record = {"text": text, "id": id, "url": url, "title": title, "published": published, **meta}
    return extract_many([record])[0]


def extract_json_many(records: Iterable[Record], *, threads: int = 1) -> list[str]:
    """The documents as JSON lines (without newline), exactly as ``warta extract`` writes them.

    The GIL is released once for the batch. A record that cannot be analysed raises ``WartaError`` naming
    it, after the whole batch ran. ``threads > 1`` uses a thread pool made for this call (none is kept, so
    that forking afterwards is safe).
    """
    result = _warta.analyse(_as_list(records), json=True, threads=threads)
    _raise_first(result["errors"])
    return result["json"]


def extract_many(records: Iterable[Record], *, threads: int = 1) -> list[dict]:
    """Analyses many records (dicts with ``text`` and metadata); returns their documents in order."""
    return [_json.loads(line) for line in extract_json_many(records, threads=threads)]


def _table(records: Iterable[Record], which: str, schema, errors: str, threads: int):
    import pyarrow as pa

    from ._batches import check_options

    check_options(which, errors)
    result = _warta.analyse(_as_list(records), json=False, threads=threads, **{which: True})
    if errors == "raise":
        _raise_first(result["errors"])
    return pa.Table.from_pydict(result[which], schema=schema)


def quotes_table(records: Iterable[Record], *, errors: str = "raise", threads: int = 1):
    """One row per quote, as a ``pyarrow.Table`` of ``QUOTES_SCHEMA``.

    ``errors="raise"`` raises ``WartaError`` naming the first record that failed; ``errors="keep"`` gives
    each failed record a row with only its id, url, source, published and ``error`` set.
    """
    return _table(records, "quotes", QUOTES_SCHEMA, errors, threads)


def entities_table(records: Iterable[Record], *, errors: str = "raise", threads: int = 1):
    """One row per entity (person, organisation, place) of each document, as ``ENTITIES_SCHEMA``."""
    return _table(records, "entities", ENTITIES_SCHEMA, errors, threads)


def read(
    paths,
    *,
    format: str = "auto",
    lossy: bool = False,
    lang: str = "id",
    keep_going: bool = False,
) -> Iterator[dict]:
    """Records from files, directories and glob patterns, read as ``warta extract`` reads them.

    Yields dicts with ``text``, the metadata fields and ``origin`` ("file.jsonl:17"), ready for
    ``extract_many`` or ``quotes_table``. A record that cannot be read raises ``WartaError`` naming it
    (with ``keep_going`` it is listed in the returned reader's ``errors``); records holding no article are
    counted in ``skipped``.
    """
    if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
        paths = [paths]
    return _warta.Reader([str(p) for p in paths], format=format, lossy=lossy, lang=lang, keep_going=keep_going)


def extract_files(
    paths,
    output,
    *,
    threads: int = 1,
    dedup: bool = True,
    keep_going: bool = False,
    lossy: bool = False,
    lang: str = "id",
) -> dict:
    """``warta extract PATHS -o OUTPUT``: the corpus engine, with deduplication; returns its summary."""
    if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
        paths = [paths]
    return _warta.extract_files(
        [str(p) for p in paths], str(output), threads=threads, dedup=dedup,
        keep_going=keep_going, lossy=lossy, lang=lang,
    )
