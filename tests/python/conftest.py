"""Shared fixtures of the Python tier: the repository, the `warta` binary the output is compared with,
the shared data (skipped with a message when absent), and small inputs made on the fly (a WARC file)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    return Path(os.environ.get("WARTA_DATA") or REPO.parent / "shared" / "data")


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def cli() -> Path:
    """The release `warta` binary. .ci/python.sh builds it and sets WARTA_CLI; running the tests by hand
    without it skips the comparisons (with WARTA_REQUIRE_CLI=1, as in CI, it is an error instead)."""
    path = Path(os.environ.get("WARTA_CLI") or REPO / "target" / "release" / "warta")
    if not path.exists():
        message = f"no warta binary at {path}: build it with `cargo build --release -p warta-cli`"
        if os.environ.get("WARTA_REQUIRE_CLI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def run_cli(cli: Path, *args, cwd=REPO) -> bytes:
    """`warta extract ARGS` to standard output; fails the test with its stderr when it fails."""
    done = subprocess.run([str(cli), "extract", "--quiet", *map(str, args)], cwd=cwd, capture_output=True)
    assert done.returncode == 0, f"warta extract {args} failed: {done.stderr.decode()}"
    return done.stdout


@pytest.fixture(scope="session")
def news_sample(tmp_path_factory) -> Path:
    """The first 25 articles of each file of ../shared/data/news, as one JSON Lines file."""
    news = data_dir() / "news"
    files = sorted(news.glob("*.jsonl")) if news.is_dir() else []
    if not files:
        pytest.skip(f"{news} is absent: the news-sample comparisons need ../shared/data (or WARTA_DATA)")
    sample = tmp_path_factory.mktemp("news") / "sample.jsonl"
    with sample.open("wb") as out:
        for path in files:
            with path.open("rb") as f:
                for _, line in zip(range(25), f):
                    out.write(line if line.endswith(b"\n") else line + b"\n")
    return sample


def warc_record(kind: str, uri: str, block: bytes) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
        f"Content-Type: application/http; msgtype={kind}\r\nContent-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


@pytest.fixture(scope="session")
def small_warc(tmp_path_factory, repo) -> Path:
    """A WARC archive (as in CC-NEWS) of the example articles as web pages, each preceded by its request
    record, one with a tracking parameter in its address (so that `other_urls` is exercised)."""
    import html

    out = b""
    for n, line in enumerate((repo / "examples" / "articles.jsonl").read_text().splitlines()):
        article = json.loads(line)
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in article["text"].split("\n\n"))
        page = (
            f'<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{html.escape(article["title"])}'
            f'</title><meta property="article:published_time" content="{article["published"]}">'
            f'<link rel="canonical" href="{article["url"]}"></head>'
            f"<body><article><h1>{html.escape(article['title'])}</h1>{paragraphs}</article></body></html>"
        ).encode()
        uri = article["url"] + ("?utm_source=feed" if n == 0 else "")
        out += warc_record("request", uri, b"GET / HTTP/1.1\r\n\r\n")
        out += warc_record("response", uri, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page)
    path = tmp_path_factory.mktemp("warc") / "contoh.warc"
    path.write_bytes(out)
    return path


def quote_rows(doc: dict) -> list[tuple]:
    """The quotes table's rows for one warta/1 document, computed here in Python from the JSON, so that
    the table built in Rust is checked against an independent flattening."""
    entities = {e["id"]: e for e in doc["entities"]}
    rows = []
    for q in doc["quotes"]:
        s = q["speaker"] or {}
        entity = entities.get(s.get("entity"))
        rows.append(
            (
                doc["id"], doc["url"], doc.get("source"), doc["published"], q["type"], q["text"], q["start"],
                q["end"], s.get("name"), s.get("kind"), s.get("role"),
                entity["affiliation"] if entity else None, (q["cue"] or {}).get("text"), q["said_on"], None,
            )
        )
    return rows


def table_rows(table) -> list[tuple]:
    columns = [table.column(name).to_pylist() for name in table.schema.names]
    return list(zip(*columns))


def lines(output: bytes) -> list[bytes]:
    return output.splitlines()
