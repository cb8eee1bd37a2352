"""The same corpus through the ways of running warta on two cores, for the table in docs/scale.md: the CLI
(`warta extract -j 2`), Python `extract_many` on 2 processes, Spark local[2] and Ray num_cpus=2, each of
these over a DataFrame/Dataset of the records (`spark`, `ray`) and reading the file in its tasks
(`spark-files`, `ray-files`).

    python crates/warta-py/bench/bench.py CORPUS.jsonl --cli target/release/warta [--tokens N] [--passes 5]

Each engine is started (Spark's session, Ray's cluster, the process pool) and runs one warm-up pass over the
whole corpus (workers started, models loaded, the JVM's first compilations: reported as start-up); then
`--passes` times a CLI pass and an engine pass, one after the other. Reported: the median engine pass, and
the median of the engine/CLI ratios of the pairs. CPU seconds are the user + system time of every process of
the engine (the JVM, Python workers, Ray's raylet and workers), this script's sampling thread left out; peak
memory is the largest sum of their resident memory, sampled every 0.1 s. pyspark keeps its JVM after
`spark.stop()`, and a second session reuses it: an engine measured after a Spark one in the same run counts
that JVM too, so for memory figures run each engine in a run of its own (`--only spark-files`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import subprocess
import sys
import threading
import time
from pathlib import Path


def tree(root: int) -> tuple[float, dict[int, float]]:
    """Resident memory (MB) of `root` and every descendant, and the CPU seconds (user + system) each of
    them has used so far, from /proc."""
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
            cpu[pid] = sum(int(x) for x in fields[11:13]) / tick
            children.setdefault(ppid, []).append(pid)
        except (OSError, IndexError, ValueError):
            continue
    total, seconds, todo = 0, {}, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        seconds[pid] = cpu.get(pid, 0.0)
        todo.extend(children.get(pid, []))
    return total / 1e6, seconds


class Peak:
    """Samples the memory and CPU time of this process's tree while a block runs. Each process's own CPU
    time is followed, not its reaped children's: Ray's workers are not all children of the processes that
    wait for them. A process's last 0.1 s before it exits is missed (the CLI is timed with rusage instead)."""

    def __init__(self, root: int | None = None):
        self.root = root or os.getpid()
        self.peak = 0.0

    def __enter__(self):
        self.start = tree(self.root)[1]
        self.last = dict(self.start)
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self):
        while self.running:
            mb, cpu = tree(self.root)
            self.peak = max(self.peak, mb)
            self.last.update(cpu)
            time.sleep(0.1)
        self.sampling = time.thread_time()

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        self.last.update(tree(self.root)[1])
        used = sum(seconds - self.start.get(pid, 0.0) for pid, seconds in self.last.items())
        self.cpu = used - self.sampling


def load(corpus: Path) -> list[dict]:
    """The records with a text: those the CLI analyses (it skips blank ones as `empty_text`)."""
    with corpus.open() as f:
        records = [json.loads(line) for line in f if line.strip()]
    return [r for r in records if (r.get("text") or "").strip()]


def timed(one_pass) -> tuple[dict, float]:
    """One pass: its wall and CPU seconds, and the peak memory (MB) while it ran."""
    started = time.perf_counter()
    with Peak() as sampled:
        cpu = one_pass()
    return {"seconds": time.perf_counter() - started, "cpu": sampled.cpu if cpu is None else cpu}, sampled.peak


def cli_pass(cli: str, corpus: Path):
    import resource

    def one_pass():
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        command = [cli, "extract", "-q", "-j", "2", "--no-dedup", str(corpus), "-o", os.devnull]
        subprocess.run(command, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # rusage: exact, where sampling would miss the end of a process that lives two seconds.
        return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime

    return one_pass


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def measure(engine, reference, passes: int) -> dict:
    """Starts `engine`, runs a warm-up pass (counted in start-up), then `passes` pairs of a CLI pass and an
    engine pass: on a shared machine, a pair sees about the same load, so the ratio of the two is steadier
    than either time. Reports the median engine pass, the median ratio to the CLI and the peak memory."""
    started = time.perf_counter()
    with engine() as one_pass:
        one_pass()
        startup = time.perf_counter() - started
        runs, ratios, peak = [], [], 0.0
        for _ in range(passes):
            cli, _ = timed(reference)
            run, mb = timed(one_pass)
            runs.append(run)
            ratios.append({"seconds": run["seconds"] / cli["seconds"], "cpu": run["cpu"] / cli["cpu"]})
            peak = max(peak, mb)
    return {
        "seconds": median([r["seconds"] for r in runs]),
        "cpu": median([r["cpu"] for r in runs]),
        "x_cli": median([r["seconds"] for r in ratios]),
        "x_cli_cpu": median([r["cpu"] for r in ratios]),
        "peak_mb": peak,
        "startup": startup,
        "passes": runs,
    }


@contextlib.contextmanager
def cli_engine(cli: str, corpus: Path):
    yield cli_pass(cli, corpus)


def _python_chunk(records):
    import warta

    return len(warta.extract_json_many(records))


@contextlib.contextmanager
def python_engine(records: list[dict]):
    with multiprocessing.get_context("fork").Pool(2) as pool:
        chunks = [records[i : i + 64] for i in range(0, len(records), 64)]

        def one_pass():
            assert sum(pool.map(_python_chunk, chunks, chunksize=1)) == len(records)

        yield one_pass


@contextlib.contextmanager
def spark_session(tmp: Path, conf: list[str]):
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    builder = (
        SparkSession.builder.master("local[2]").appName("warta-bench").config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g").config("spark.local.dir", str(tmp))
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "64").config("spark.ui.showConsoleProgress", "false")
        # As docs/scale.md recommends for short jobs: without C2, the JIT's share of a pass falls from
        # 0.4–0.7 CPU-seconds to 0.05 (`--spark-conf spark.driver.extraJavaOptions=` measures without).
        .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1")
    )
    for setting in conf:
        builder = builder.config(*setting.split("=", 1))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    yield spark
    spark.stop()


@contextlib.contextmanager
def spark_engine(corpus: Path, tmp: Path, conf: list[str]):
    """`warta.spark.documents` over a DataFrame the JVM read and cached."""
    import warta.spark as ws

    with spark_session(tmp, conf) as spark:
        # Every field as a string, as the CLI reads it (warta.spark sends the workers only the columns it
        # reads). 8 partitions for 2 cores: tasks of one size finish unevenly on a shared machine.
        df = spark.read.option("primitivesAsString", "true").json(str(corpus)).repartition(8).cache()
        df.count()

        def one_pass():
            ws.documents(df).write.format("noop").mode("overwrite").save()

        yield one_pass


@contextlib.contextmanager
def spark_files_engine(corpus: Path, tmp: Path, conf: list[str]):
    """`warta.spark.documents_from_files`: the workers read the file, in pieces (8 for 2 cores)."""
    import warta.spark as ws

    with spark_session(tmp, conf) as spark:

        def one_pass():
            ws.documents_from_files(spark, corpus).write.format("noop").mode("overwrite").save()

        yield one_pass


@contextlib.contextmanager
def ray_cluster(tmp: Path):
    os.environ["RAY_AUTH_MODE"] = "disabled"
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    import ray

    ray.init(num_cpus=2, object_store_memory=512 * 1024 * 1024, _temp_dir=str(tmp), include_dashboard=False,
             log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield
    ray.shutdown()


@contextlib.contextmanager
def ray_engine(records: list[dict], tmp: Path):
    """`warta.ray.documents` over a Dataset of the records, materialised in the object store."""
    import ray

    import warta.ray as wr

    with ray_cluster(tmp):
        ds = ray.data.from_items(records, override_num_blocks=8).materialize()

        def one_pass():
            assert wr.documents(ds, batch_size=64, concurrency=2).materialize().count() == len(records)

        yield one_pass


@contextlib.contextmanager
def ray_files_engine(corpus: Path, tmp: Path, documents: int):
    """`warta.ray.documents_from_files`: the tasks read the file, in pieces (8 for 2 CPUs)."""
    import ray

    import warta.ray as wr

    with ray_cluster(tmp):

        def one_pass():
            assert wr.documents_from_files(corpus, concurrency=2).materialize().count() == documents

        yield one_pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--cli", required=True)
    parser.add_argument("--tokens", type=int, help="tokens in the corpus (from `warta throughput`)")
    parser.add_argument("--passes", type=int, default=3, help="timed passes after the warm-up one")
    parser.add_argument("--tmp", type=Path, default=Path("target/bench-tmp"))
    parser.add_argument("--spark-conf", action="append", default=[], metavar="KEY=VALUE",
                        help="a Spark setting, e.g. spark.driver.extraJavaOptions=-XX:TieredStopAtLevel=1")
    parser.add_argument("--only", nargs="*", default=["cli", "python", "spark", "spark-files", "ray", "ray-files"])
    args = parser.parse_args()
    args.tmp.mkdir(parents=True, exist_ok=True)
    records = load(args.corpus)
    engines = {
        "cli": lambda: cli_engine(args.cli, args.corpus),
        "python": lambda: python_engine(records),
        "spark": lambda: spark_engine(args.corpus, args.tmp / "spark", args.spark_conf),
        "spark-files": lambda: spark_files_engine(args.corpus, args.tmp / "spark", args.spark_conf),
        "ray": lambda: ray_engine(records, (args.tmp / "ray").resolve()),
        "ray-files": lambda: ray_files_engine(args.corpus, (args.tmp / "ray").resolve(), len(records)),
    }
    results = {}
    for name in args.only:
        r = results[name] = measure(engines[name], cli_pass(args.cli, args.corpus), args.passes)
        tokens = args.tokens or 0
        print(f"{name:11} {len(records) / r['seconds']:6.0f} docs/s  {tokens / r['seconds'] / 2:7.0f} tokens/s per core "
              f"({tokens / r['cpu']:7.0f} per CPU-second)  x CLI {r['x_cli']:.2f} (CPU {r['x_cli_cpu']:.2f})  "
              f"peak {r['peak_mb']:5.0f} MB  ({r['seconds']:.2f} s wall, {r['cpu']:.2f} s CPU; "
              f"passes {[round(p['seconds'], 2) for p in r['passes']]}; start-up {r['startup']:.1f} s)", flush=True)
    print(json.dumps({"documents": len(records), "tokens": args.tokens, "results": results}))


if __name__ == "__main__":
    main()
