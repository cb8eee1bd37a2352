"""The same corpus through the four ways of running warta on two cores, for the table in docs/scale.md:
the CLI (`warta extract -j 2`), Python `extract_many` on 2 processes, Spark local[2] and Ray num_cpus=2.

    python crates/warta-py/bench/bench.py CORPUS.jsonl --cli target/release/warta [--tokens N]

Each is timed once started (Spark's session, Ray's cluster and the workers' model loading are warmed up
on a few records first, and reported apart). CPU seconds are the user + system time of the whole process tree over the timed part (on a loaded
machine they say more than the wall time). Peak memory is the largest sum of the resident memory of the
process and all its descendants (the JVM, Python workers, Ray's processes), sampled every 0.2 s.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import threading
import time
from pathlib import Path


def tree(root: int) -> tuple[float, float]:
    """Resident memory (MB) and CPU seconds (user + system, dead children included) of `root` and every
    descendant, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    cpu: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            pid, ppid = int(entry), int(fields[1])
            rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            cpu[pid] = sum(int(x) for x in fields[11:15]) / tick
            children.setdefault(ppid, []).append(pid)
        except (OSError, IndexError, ValueError):
            continue
    total, seconds, todo = 0, 0.0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        seconds += cpu.get(pid, 0.0)
        todo.extend(children.get(pid, []))
    return total / 1e6, seconds


class Peak:
    """Samples the memory of this process's tree while a block runs."""

    def __init__(self, root: int | None = None):
        self.root = root or os.getpid()
        self.peak = 0.0

    def __enter__(self):
        self.cpu_start = tree(self.root)[1]
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self):
        while self.running:
            mb, self.cpu_end = tree(self.root)
            self.peak = max(self.peak, mb)
            time.sleep(0.2)

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        self.cpu = tree(self.root)[1] - self.cpu_start


def load(corpus: Path) -> list[dict]:
    """The records with a text: those the CLI analyses (it skips blank ones as `empty_text`)."""
    with corpus.open() as f:
        records = [json.loads(line) for line in f if line.strip()]
    return [r for r in records if (r.get("text") or "").strip()]


def run_cli(cli: str, corpus: Path) -> dict:
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with Peak() as peak:
        subprocess.run([cli, "extract", "-q", "-j", "2", "--no-dedup", str(corpus), "-o", os.devnull], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"seconds": time.perf_counter() - started, "peak_mb": peak.peak, "startup": 0.0, "cpu": cpu}


def _python_chunk(records):
    import warta

    return len(warta.extract_json_many(records))


def run_python(records: list[dict]) -> dict:
    started_pool = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(_python_chunk, [records[:2], records[2:4]])  # load the engine in both workers
        startup = time.perf_counter() - started_pool
        chunks = [records[i : i + 64] for i in range(0, len(records), 64)]
        started = time.perf_counter()
        with Peak() as peak:
            done = sum(pool.map(_python_chunk, chunks, chunksize=1))
        seconds = time.perf_counter() - started
    assert done == len(records)
    return {"seconds": seconds, "peak_mb": peak.peak, "startup": startup, "cpu": peak.cpu}


def run_spark(corpus: Path, tmp: Path) -> dict:
    from pyspark.sql import SparkSession

    import warta.spark as ws

    os.environ["PYSPARK_PYTHON"] = sys.executable
    started_session = time.perf_counter()
    spark = (
        SparkSession.builder.master("local[2]").appName("warta-bench").config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g").config("spark.local.dir", str(tmp))
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "64").getOrCreate()
        # 8 partitions for 2 cores: tasks of one size finish unevenly on a shared machine.
    )
    spark.sparkContext.setLogLevel("ERROR")
    df = spark.read.json(str(corpus)).select("id", "url", "title", "published", "text").repartition(8).cache()
    n = df.count()
    ws.documents(df.limit(4)).write.format("noop").mode("overwrite").save()  # start the workers, load warta
    startup = time.perf_counter() - started_session
    started = time.perf_counter()
    with Peak() as peak:
        ws.documents(df).write.format("noop").mode("overwrite").save()
    seconds = time.perf_counter() - started
    spark.stop()
    return {"seconds": seconds, "peak_mb": peak.peak, "startup": startup, "records": n, "cpu": peak.cpu}


def run_ray(records: list[dict], tmp: Path) -> dict:
    os.environ["RAY_AUTH_MODE"] = "disabled"
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    import ray

    import warta.ray as wr

    started_cluster = time.perf_counter()
    ray.init(num_cpus=2, object_store_memory=512 * 1024 * 1024, _temp_dir=str(tmp), include_dashboard=False,
             log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    ds = ray.data.from_items(records, override_num_blocks=8).materialize()
    wr.documents(ray.data.from_items(records[:4])).materialize()
    startup = time.perf_counter() - started_cluster
    started = time.perf_counter()
    with Peak() as peak:
        out = wr.documents(ds, batch_size=64, concurrency=2).materialize()
        n = out.count()
    seconds = time.perf_counter() - started
    ray.shutdown()
    assert n == len(records)
    return {"seconds": seconds, "peak_mb": peak.peak, "startup": startup, "cpu": peak.cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--cli", required=True)
    parser.add_argument("--tokens", type=int, help="tokens in the corpus (from `warta throughput`)")
    parser.add_argument("--tmp", type=Path, default=Path("target/bench-tmp"))
    parser.add_argument("--only", nargs="*", default=["cli", "python", "spark", "ray"])
    args = parser.parse_args()
    args.tmp.mkdir(parents=True, exist_ok=True)
    records = load(args.corpus)
    results = {}
    for name in args.only:
        if name == "cli":
            results[name] = run_cli(args.cli, args.corpus)
        elif name == "python":
            results[name] = run_python(records)
        elif name == "spark":
            results[name] = run_spark(args.corpus, args.tmp / "spark")
        elif name == "ray":
            results[name] = run_ray(records, (args.tmp / "ray").resolve())
        r = results[name]
        line = (f"{name:7} {len(records) / r['seconds']:8.0f} docs/s  "
                f"{(args.tokens or 0) / r['seconds'] / 2:10.0f} tokens/s per core  "
                f"peak {r['peak_mb']:6.0f} MB  ({r['seconds']:.1f} s wall, {r['cpu']:.1f} s CPU; "
                f"start-up {r['startup']:.1f} s)")
        print(line, flush=True)
    print(json.dumps({"documents": len(records), "tokens": args.tokens, "results": results}))


if __name__ == "__main__":
    main()
