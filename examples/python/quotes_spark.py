"""Who said what, on Spark: reads examples/articles.jsonl (or the JSONL/WARC files and globs given; paths
every executor can read) in the executors, writes the quotes as Parquet partitioned by outlet and month, and prints
the top speakers. With the `warta` wheel installed on the driver and every worker:

    spark-submit examples/python/quotes_spark.py [FILES…] [-o quotes/]      # or: python … (local[2])
"""

import argparse
import os
import sys
from pathlib import Path

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

import warta.spark as ws

EXAMPLES = Path(__file__).resolve().parents[1] / "articles.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", default=[str(EXAMPLES)])
    parser.add_argument("-o", "--output", default="quotes-spark")
    parser.add_argument("--master", default="local[2]", help="ignored under spark-submit")
    args = parser.parse_args()
    # Local workers run this interpreter, the one with warta installed (a cluster sets its own).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(args.master).appName("warta-quotes")
        # The JVM only moves rows here: its optimising compiler would cost more than it saves (docs/scale.md).
        # Under spark-submit, give it as --driver-java-options (and spark.executor.extraJavaOptions).
        .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    # Partitions by outlet (the record's source, else the host of its URL) and month (docs/scale.md says why).
    quotes = (
        # The executors read the files (large JSON Lines files in pieces) and analyse them: no text
        # passes through the JVM. A record that cannot be read or analysed is a row with `error` set.
        ws.quotes_from_files(spark, args.files)
        .withColumn("source", F.coalesce("source", F.expr("parse_url(url, 'HOST')")))
        .withColumn("month", F.substring("published", 1, 7))
        .cache()
    )
    quotes.write.mode("overwrite").partitionBy("source", "month").parquet(args.output)
    print(f"{quotes.filter('error IS NULL').count()} quotes -> {args.output}")
    quotes.filter("error IS NULL AND speaker IS NOT NULL").groupBy("speaker").count() \
        .orderBy(F.desc("count"), "speaker").show(10, truncate=False)
    spark.stop()


if __name__ == "__main__":
    main()
