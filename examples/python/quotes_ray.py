"""Who said what, on Ray: reads examples/articles.jsonl (or the JSONL/WARC files and globs given) and runs
warta in Ray tasks (models loaded once per worker process), writes the quotes as Parquet and prints the
top speakers. With the `warta` wheel installed on every node:

    python examples/python/quotes_ray.py [FILES…] [-o quotes-ray/] [--num-cpus 2]
"""

import argparse
import collections
import os
from pathlib import Path

import ray

import warta.ray as wr

EXAMPLES = Path(__file__).resolve().parents[1] / "articles.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", default=[str(EXAMPLES)])
    parser.add_argument("-o", "--output", default="quotes-ray")
    parser.add_argument("--num-cpus", type=int, default=2, help="for a local Ray; ignored on a cluster")
    args = parser.parse_args()
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no usage report unless asked for
    # Small local defaults: Ray would otherwise claim a third of the memory for its object store.
    ray.init(num_cpus=args.num_cpus, object_store_memory=256 * 1024 * 1024, include_dashboard=False, ignore_reinit_error=True)
    ray.data.DataContext.get_current().enable_progress_bars = False
    # The tasks read the files (large JSON Lines files in pieces) and analyse them: no text passes
    # through the driver or the object store. A record that cannot be read is a row with `error` set.
    quotes = wr.quotes_from_files(args.files).materialize()
    quotes.write_parquet(args.output)
    rows = [r for r in quotes.take_all() if r["error"] is None]
    print(f"{len(rows)} quotes -> {args.output}")
    for speaker, n in collections.Counter(r["speaker"] for r in rows if r["speaker"]).most_common(10):
        print(f"{n:6}  {speaker}")
    ray.shutdown()


if __name__ == "__main__":
    main()
