"""Who said what, on one machine: reads examples/articles.jsonl (or the JSONL/WARC files or globs given),
writes the quotes as Parquet and prints the top speakers. `pip install warta` (or `maturin develop` in
crates/warta-py), then:

    python examples/python/quotes_local.py [FILES…] [-o quotes.parquet] [-j 2]
"""

import argparse
import collections
import glob
import multiprocessing
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

import warta

EXAMPLES = Path(__file__).resolve().parents[1] / "articles.jsonl"


def quotes_of(path: str) -> pa.Table:
    # One file per process: each process loads warta once and reads its file with warta's own readers.
    return warta.quotes_table(warta.read(path), errors="keep")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", default=[str(EXAMPLES)])
    parser.add_argument("-o", "--output", default="quotes.parquet")
    parser.add_argument("-j", "--processes", type=int, default=2)
    args = parser.parse_args()
    paths = sorted({p for pattern in args.files for p in (glob.glob(pattern) or [pattern])})
    with multiprocessing.Pool(args.processes) as pool:
        table = pa.concat_tables(pool.map(quotes_of, paths))
    pq.write_table(table, args.output)
    failed = table.filter(table.column("error").is_valid())
    print(f"{table.num_rows - failed.num_rows} quotes from {len(paths)} file(s) -> {args.output}"
          f" ({failed.num_rows} records failed)")
    speakers = collections.Counter(s for s in table.column("speaker").to_pylist() if s)
    for speaker, n in speakers.most_common(10):
        print(f"{n:6}  {speaker}")


if __name__ == "__main__":
    main()
