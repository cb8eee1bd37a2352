"""The binding against the command line: same input, same bytes."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys

import pyarrow as pa
import pytest

import warta
from conftest import lines, quote_rows, run_cli, table_rows


def python_lines(*paths, **read_options) -> list[bytes]:
    return [line.encode() for line in warta.extract_json_many(warta.read(list(paths), **read_options))]


def test_examples_equal_warta_extract_byte_for_byte(cli, repo, monkeypatch):
    # Relative paths on both sides: the id of a plain-text article is the path it was read from.
    monkeypatch.chdir(repo)
    expected = run_cli(cli, "examples/")
    assert len(lines(expected)) == 4, "examples/ holds article.txt and three JSON Lines articles"
    assert b"\n".join(python_lines("examples/")) + b"\n" == expected


def test_news_sample_equals_warta_extract_byte_for_byte(cli, news_sample):
    # --no-dedup: reading and analysing record by record keeps syndicated copies, as the CLI does with it.
    expected = run_cli(cli, "--no-dedup", news_sample)
    got = python_lines(news_sample)
    assert len(got) == len(lines(expected)) > 25
    for n, (mine, theirs) in enumerate(zip(got, lines(expected))):
        assert mine == theirs, f"document {n} of {news_sample} differs"


def test_warc_equals_warta_extract_byte_for_byte(cli, small_warc):
    expected = run_cli(cli, "--no-dedup", small_warc)
    got = python_lines(small_warc)
    assert len(got) == 3
    assert got == lines(expected)
    # The page archived under a tracking address keeps it, as the CLI does.
    first = json.loads(got[0])
    assert first["other_urls"] == [first["url"] + "?utm_source=feed"]


def test_extract_files_is_warta_extract(cli, repo, monkeypatch, tmp_path):
    monkeypatch.chdir(repo)
    summary = warta.extract_files("examples/", tmp_path / "out.jsonl", threads=2)
    assert (tmp_path / "out.jsonl").read_bytes() == run_cli(cli, "examples/")
    assert summary["documents_out"] == 4 and summary["failed"] == 0


def test_extract_one_article():
    doc = warta.extract("“Semua pihak akan kami panggil,” kata Juru Bicara KPK Budi Prasetyo.", id="a1",
                        published="2025-11-03")
    assert doc["schema"] == warta.SCHEMA == "warta/1"
    assert doc["id"] == "a1" and doc["published"] == "2025-11-03"
    [quote] = doc["quotes"]
    assert quote["type"] == "direct"
    assert quote["speaker"]["name"] == "Budi Prasetyo"
    assert quote["text"] == "Semua pihak akan kami panggil,"


def test_dicts_follow_json_lines_rules(cli, tmp_path):
    # A numeric id, `category` for `section`, a lang tag to normalise: the dict and the JSON line agree.
    record = {"id": 7, "category": "Nasional", "lang": "id_ID", "published": "Senin, 3 November 2025 14:20 WIB",
              "text": "“Kami siap,” kata Budi."}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n")
    assert warta.extract_json_many([record])[0].encode() + b"\n" == run_cli(cli, path)


def test_threads_give_the_same_documents(repo):
    records = list(warta.read(repo / "examples"))
    assert warta.extract_json_many(records, threads=2) == warta.extract_json_many(records)


def test_a_bad_record_raises_naming_it():
    good = {"id": "baik", "text": "“Kami siap,” kata Budi."}
    with pytest.raises(warta.WartaError, match=r"record 'rusak-7': field \"text\" must be a string"):
        warta.extract_many([good, {"id": "rusak-7", "text": 5}])
    with pytest.raises(warta.WartaError, match=r"record #1 \(no id\): missing field \"text\""):
        warta.extract_many([good, {"title": "tanpa teks"}])


def test_a_bad_record_is_a_row_when_errors_are_kept():
    good = {"id": "baik", "url": "https://contoh.example/1", "text": "“Kami siap,” kata Budi."}
    table = warta.quotes_table([good, {"id": "rusak", "text": None}, good], errors="keep")
    assert table.schema == warta.QUOTES_SCHEMA
    assert table.column("id").to_pylist() == ["baik", "rusak", "baik"]
    assert table.column("error").to_pylist() == [None, 'missing field "text"', None]
    assert table.column("speaker").to_pylist() == ["Budi", None, "Budi"]


def test_quotes_table_matches_the_documents(repo):
    records = list(warta.read(repo / "examples"))
    docs = warta.extract_many(records)
    table = warta.quotes_table(records)
    assert table.schema == warta.QUOTES_SCHEMA
    expected = [row for doc in docs for row in quote_rows(doc)]
    assert len(expected) >= 8, "the examples hold quotes"
    assert table_rows(table) == expected


def test_entities_table_matches_the_documents(repo):
    records = list(warta.read(repo / "examples"))
    docs = warta.extract_many(records)
    table = warta.entities_table(records)
    assert table.schema == warta.ENTITIES_SCHEMA
    expected = [
        (d["id"], d["url"], d.get("source"), d["published"], e["id"], e["label"], e["name"], len(e["mentions"]),
         e["titles"], e["roles"], e["affiliation"], None)
        for d in docs for e in d["entities"]
    ]
    assert len(expected) > 10
    assert table_rows(table) == expected
    assert isinstance(table, pa.Table)


def test_read_names_the_bad_line(tmp_path):
    path = tmp_path / "dua.jsonl"
    path.write_text('{"id": "a", "text": "Satu."}\n{"id": "b", "text": \n{"id": "c", "text": "Tiga."}\n')
    reader = warta.read(path)
    assert next(reader)["id"] == "a"
    with pytest.raises(warta.WartaError, match=r"dua\.jsonl:2"):
        next(reader)
    kept = warta.read(path, keep_going=True)
    assert [r["id"] for r in kept] == ["a", "c"]
    assert len(kept.errors) == 1 and "dua.jsonl:2" in kept.errors[0]


def test_read_skips_what_holds_no_article(small_warc):
    reader = warta.read(small_warc)
    records = list(reader)
    assert [r["origin"] for r in records] == [f"{small_warc}: record {n}" for n in (2, 4, 6)]
    assert reader.skipped == 3, "the three request records"


def test_pieces_of_a_file_hold_each_line_once(news_sample):
    """However a JSON Lines file is cut (here through lines, on newlines, into pieces smaller than a
    line), its pieces read together give its records, in order, each once."""
    from warta._batches import pieces

    whole = [{k: v for k, v in r.items() if k != "origin"} for r in warta.read(news_sample)]
    size = news_sample.stat().st_size
    for piece_bytes in (97, 4096, 65536, size // 3, size):
        work = pieces(news_sample, piece_bytes=piece_bytes)
        assert len(work) == -(-size // piece_bytes)
        read = []
        for path, start, end in work:
            read += [{k: v for k, v in r.items() if k != "origin"} for r in warta._warta.Reader([path], byte_range=(start, end))]
        assert read == whole, piece_bytes


def test_a_piece_names_its_lines_from_its_first_byte(tmp_path):
    path = tmp_path / "dua.jsonl"
    path.write_text('{"id": "a", "text": "Satu."}\n{"id": "b", "text": \n{"id": "c", "text": "Tiga."}\n')
    first = warta._warta.Reader([path], byte_range=(0, 10))
    assert [r["origin"] for r in first] == [f"{path}:1"]
    # The second piece starts with the second line, at byte 29: its lines are numbered from there.
    second = warta._warta.Reader([path], byte_range=(10, 99))
    with pytest.raises(warta.WartaError, match=rf"{path} from byte 29:1: not JSON"):
        next(second)


def test_reader_analyse_makes_a_bad_line_an_error_row_naming_it(tmp_path):
    path = tmp_path / "dua.jsonl"
    path.write_text('{"id": "a", "text": "“Kami siap,” kata Budi."}\n{"id": "b", "text": \n{"id": "c", "text": 3}\n')
    result = warta._warta.Reader([path]).analyse(64, quotes=True)
    quotes = result["quotes"]
    assert list(zip(quotes["id"], quotes["speaker"], quotes["error"])) == [
        ("a", "Budi", None),
        (None, None, f"{path}:2: not JSON: EOF while parsing a value (column 20)"),
        (None, None, f'{path}:3: field "text" must be a string'),
    ]
    assert [index for index, _, _ in result["errors"]] == [1, 2]


def _extract_in_child(records):
    return warta.extract_json_many(records)


def test_forked_workers_after_a_threaded_batch(repo):
    # A rayon pool alive at fork() deadlocks the child; warta keeps none between calls. The timeout turns
    # a deadlock into a failure instead of a hung CI.
    records = list(warta.read(repo / "examples"))
    expected = warta.extract_json_many(records, threads=2)
    with multiprocessing.get_context("fork").Pool(2) as pool:
        got = pool.map_async(_extract_in_child, [records[:2], records[2:]]).get(timeout=120)
    assert got[0] + got[1] == expected


def test_no_thread_is_left_running():
    # Loading the engine and a threaded batch leave no native thread behind (counted by the kernel, not by
    # Python's threading module), so a process that forks afterwards (Spark, multiprocessing) is safe.
    # Counted after `import warta`: pyarrow starts threads of its own at import.
    code = (
        "import time, warta\n"
        "count = lambda: [l for l in open('/proc/self/status') if l.startswith('Threads:')][0].split()[1]\n"
        "before = count()\n"
        "warta.extract('Budi datang.'); warta.extract_many([{'text': 'A.'}] * 4, threads=2); time.sleep(0.5)\n"
        "print(before, count())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    before, after = out.split()
    assert after == before, f"{before} threads after import, {after} after analysing"
