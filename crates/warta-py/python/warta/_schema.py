"""The Arrow schemas of warta's tables, defined once: ``quotes_table``, ``entities_table``, ``warta.spark``
and ``warta.ray`` all use these. Offsets are Unicode code points into the article text, as in
``docs/output.md``. A record that failed has a row with its id, url, source, published and ``error`` set
(only when errors are kept rather than raised)."""

from __future__ import annotations


import pyarrow as pa


def _schemas():
    s = pa.string()
    document = [
        pa.field("id", s),  # the record's id
        pa.field("url", s),
        pa.field("source", s),  # the outlet, e.g. kompas.com
        pa.field("published", s),  # ISO 8601 as warta normalised it, or null
    ]
    quotes = pa.schema(
        document
        + [
            pa.field("type", s),  # direct, indirect, mixed
            pa.field("text", s),  # the quoted words
            pa.field("start", pa.int64()),  # code-point offsets of the quote in the article
            pa.field("end", pa.int64()),
            pa.field("speaker", s),  # the fullest name in the article, or null
            pa.field("speaker_kind", s),  # PER, ORG or OTHER
            pa.field("role", s),  # "Juru Bicara KPK"
            pa.field("affiliation", s),  # of the speaker's entity
            pa.field("cue", s),  # "kata", "ujarnya"
            pa.field("said_on", s),  # ISO 8601 date the words were said, when known
            pa.field("error", s),  # why the record failed; null on every quote
        ]
    )
    entities = pa.schema(
        document
        + [
            pa.field("entity", pa.int64()),  # the entity's id within its document
            pa.field("label", s),  # PER, ORG, LOC
            pa.field("name", s),
            pa.field("mentions", pa.int64()),  # how often it is named in the article
            pa.field("titles", pa.list_(s)),
            pa.field("roles", pa.list_(s)),
            pa.field("affiliation", s),
            pa.field("error", s),
        ]
    )
    documents = pa.schema(
        document
        + [
            pa.field("quotes", pa.int64()),  # how many quotes the document has
            pa.field("document", s),  # the warta/1 document: the line `warta extract` writes
            pa.field("error", s),
        ]
    )
    return quotes, entities, documents


QUOTES_SCHEMA, ENTITIES_SCHEMA, DOCUMENTS_SCHEMA = _schemas()
