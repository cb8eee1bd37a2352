"""What the Spark and Ray tests share: whether the engines must be there, and the CLI's expected rows."""

from __future__ import annotations

import json
import os

import pytest

from conftest import quote_rows, run_cli


def need(module: str):
    """Imports an engine, or skips saying why; in CI (WARTA_REQUIRE_ENGINES=1) a missing engine fails."""
    if os.environ.get("WARTA_REQUIRE_ENGINES"):
        return __import__(module)
    return pytest.importorskip(module, reason=f"{module} is not installed (pip install -r tests/python/requirements.txt)")


def cli_documents(cli, *paths) -> list[bytes]:
    return run_cli(cli, "--no-dedup", *paths).splitlines()


def cli_quote_rows(cli, *paths) -> list[tuple]:
    return sorted((row for line in cli_documents(cli, *paths) for row in quote_rows(json.loads(line))), key=repr)


def sorted_rows(rows, names) -> list[tuple]:
    return sorted((tuple(row[name] for name in names) for row in rows), key=repr)
