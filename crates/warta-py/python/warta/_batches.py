"""Arrow record batches in, Arrow record batches out: the part that Spark's ``mapInArrow`` and Ray's
``map_batches`` share."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from . import _warta
from ._schema import DOCUMENTS_SCHEMA, ENTITIES_SCHEMA, QUOTES_SCHEMA

#: The record fields warta reads, besides ``text``.
#: ``other_urls`` (a list) is what ``warta.read`` gives for a page archived under a non-canonical address.
META_FIELDS = (
    "id", "url", "title", "published", "author", "source", "modified", "section", "category", "lang",
    "other_urls",
)

OUTPUTS = {"quotes": QUOTES_SCHEMA, "entities": ENTITIES_SCHEMA, "documents": DOCUMENTS_SCHEMA}


def column_map(text: str, **names: str | None) -> dict:
    """Which input column holds each record field: ``text`` must exist; a metadata field whose column is
    absent is left out (the default names are used when present)."""
    columns = {"text": text}
    for field in META_FIELDS:
        given = names.get(field)
        columns[field] = given if given is not None else field
    return columns


def check_options(output: str, errors: str) -> None:
    """Refuses an unknown output table or error policy before any work is sent to the workers."""
    if output not in OUTPUTS:
        raise ValueError(f"output must be quotes, entities or documents, not {output!r}")
    if errors not in ("raise", "keep"):
        raise ValueError(f'errors must be "raise" or "keep", not {errors!r}')


def records(batch, columns: dict) -> list[dict]:
    """The rows of a RecordBatch or Table as warta records. Metadata columns that are not strings (an
    integer id, a timestamp) are cast to strings by Arrow first."""
    names = set(batch.schema.names)
    if columns["text"] not in names:
        raise KeyError(f"no column {columns['text']!r} holds the article text (columns: {sorted(names)})")
    data = {}
    for field, name in columns.items():
        if name not in names:
            continue
        column = batch.column(name)
        if field == "other_urls":
            if not pa.types.is_list(column.type) and not pa.types.is_large_list(column.type):
                continue
        elif field != "text" and not pa.types.is_string(column.type) and not pa.types.is_large_string(column.type):
            column = pc.cast(column, pa.string())
        data[field] = column.to_pylist()
    return [dict(zip(data, row)) for row in zip(*data.values())]


def analyse_batch(batch, columns: dict, output: str, errors: str) -> pa.Table:
    """The output table (``quotes``, ``entities`` or ``documents``) of one batch of input rows. With
    ``errors="keep"`` a failed record is a row with ``error`` set; with ``"raise"`` the first one raises
    ``WartaError`` naming it, once the whole batch ran."""
    check_options(output, errors)
    result = _warta.analyse(records(batch, columns), json=False, **{output: True})
    if errors == "raise" and result["errors"]:
        from . import _raise_first

        _raise_first(result["errors"])
    return pa.Table.from_pydict(result[output], schema=OUTPUTS[output])


#: Pieces of a JSON Lines file are at most this large by default, as Spark's files are
#: (``spark.sql.files.maxPartitionBytes``), and at least this large, so that a small file is not cut
#: into tasks that cost more to start than to run.
MAX_PIECE_BYTES = 128 << 20
MIN_PIECE_BYTES = 1 << 20
_JSONL_EXTENSIONS = (".jsonl", ".ndjson", ".json")


def _splittable(path: str, format: str) -> bool:
    """Whether a file can be read in pieces: JSON Lines (by ``format`` or by its extension, as the
    readers decide), not gzipped (a gzip stream is read from its start)."""
    if format not in ("auto", "jsonl") or (format == "auto" and not path.lower().endswith(_JSONL_EXTENSIONS)):
        return False
    with open(path, "rb") as f:
        return f.read(2) != b"\x1f\x8b"


def pieces(paths, *, format: str = "auto", piece_bytes: int | None = None, tasks: int = 2) -> list[tuple]:
    """The work of a job that reads its own files: ``(path, start, end)`` for a piece of a JSON Lines
    file (``warta.read``'s reader cuts it at line starts), ``(path, None, None)`` for a whole file (WARC,
    gzip, HTML, text) or directory. Globs are expanded here, on the driver, so that each file is a task
    of its own; directories are walked by the task that reads them.

    Without ``piece_bytes``, JSON Lines files are cut so that there are about four pieces per task slot
    (``tasks``): tasks of one size finish unevenly on a loaded machine, and a few per slot even it out.
    """
    import glob
    import os

    if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
        paths = [paths]
    files = []
    for path in map(str, paths):
        # As the readers do: a path that exists is a file even if its name looks like a pattern.
        is_pattern = glob.has_magic(path) and not os.path.exists(path)
        matches = sorted(glob.glob(path, recursive=True)) if is_pattern else [path]
        if not matches:
            raise FileNotFoundError(f"{path}: no file matches this pattern")
        files.extend(matches)
    sizes = {f: os.path.getsize(f) for f in files if os.path.isfile(f) and _splittable(f, format)}
    if piece_bytes is None:
        piece_bytes = min(MAX_PIECE_BYTES, max(MIN_PIECE_BYTES, sum(sizes.values()) // (4 * max(1, tasks)) + 1))
    out = []
    for f in files:
        if f not in sizes:
            out.append((f, None, None))
            continue
        out.extend((f, start, min(start + piece_bytes, sizes[f])) for start in range(0, max(1, sizes[f]), piece_bytes))
    return out


def analyse_piece(piece: tuple, output: str, errors: str, options: dict, batch_size: int = 64):
    """The output tables of one piece (see ``pieces``), read and analysed in Rust ``batch_size`` articles
    at a time: no Python object is made of an article's text. A record that cannot be read is a failed
    record like one that cannot be analysed (an error row naming its origin, or ``WartaError``)."""
    path, start, end = piece
    byte_range = None if start is None else (start, end)
    reader = _warta.Reader([path], byte_range=byte_range, **options)
    while (result := reader.analyse(batch_size, **{output: True})) is not None:
        if errors == "raise" and result["errors"]:
            from . import _raise_first

            _raise_first(result["errors"])
        yield pa.Table.from_pydict(result[output], schema=OUTPUTS[output])


def analyse_pieces(batch, work: list, output: str, errors: str, options: dict):
    """The output tables of the pieces whose numbers (indexes into ``work``) are the first column of an
    Arrow batch: a task of Ray's ``map_batches`` or Spark's ``mapInArrow`` over piece numbers."""
    for index in batch.column(0).to_pylist():
        yield from analyse_piece(work[index], output, errors, options)
