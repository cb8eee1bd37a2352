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
