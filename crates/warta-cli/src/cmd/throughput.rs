//! `warta throughput`: how fast the whole pipeline runs on a corpus, stage by stage.
//!
//! Input is read and decoded in batches outside the timed region, so the figures are the pipeline's own;
//! each stage is timed separately. Throughput per core is tokens divided by (wall time × threads), the
//! figure the issues ask for. Peak memory is the process's high-water mark (VmHWM), which includes the
//! batch buffer: `--batch` bounds it, and it does not grow with the corpus.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use rayon::prelude::*;
use warta_core::Document;
use warta_core::output::{OutputDocument, OutputOptions};
use warta_ingest::{DecodeOptions, Decoded, InputFormat, Sources};

#[derive(clap::Args)]
pub struct Args {
    /// Corpus files (text or JSON Lines).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Worker threads (the per-core figure divides by this).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Documents decoded ahead of the timed region at a time.
    #[arg(long, default_value_t = 512)]
    batch: usize,
    /// Stop after this many documents.
    #[arg(long)]
    limit: Option<usize>,
    /// Run the corpus this many times and check that every run writes identical output.
    #[arg(long, default_value_t = 1)]
    repeat: usize,
    /// Read invalid UTF-8 lossily instead of skipping the record.
    #[arg(long)]
    lossy: bool,
}

struct Totals {
    docs: u64,
    bytes: u64,
    tokens: u64,
    wall: Duration,
    /// Nanoseconds spent in each stage, summed over threads, in pipeline order.
    stage_nanos: Vec<u64>,
    output_hash: u64,
    skipped: u64,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let pipeline = warta_pipeline::build(&Default::default()).context("building the pipeline")?;
    let stage_names: Vec<&str> = pipeline.stages().map(|s| s.name()).collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.max(1))
        .build()
        .context("starting worker threads")?;

    let mut first_hash = None;
    for round in 1..=args.repeat.max(1) {
        let totals = pool.install(|| measure(&args, &pipeline, stage_names.len()))?;
        report(&args, round, &stage_names, &totals);
        match first_hash {
            None => first_hash = Some(totals.output_hash),
            Some(h) if h == totals.output_hash => {
                println!("run {round}: output identical to run 1")
            }
            Some(_) => {
                println!("run {round}: OUTPUT DIFFERS from run 1");
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    println!(
        "peak memory (VmHWM): {}",
        peak_memory().unwrap_or_else(|| "unknown".into())
    );
    Ok(ExitCode::SUCCESS)
}

fn measure(args: &Args, pipeline: &warta_core::Pipeline, stages: usize) -> anyhow::Result<Totals> {
    let stage_nanos: Vec<AtomicU64> = (0..stages).map(|_| AtomicU64::new(0)).collect();
    let mut totals = Totals {
        docs: 0,
        bytes: 0,
        tokens: 0,
        wall: Duration::ZERO,
        stage_nanos: Vec::new(),
        output_hash: 0,
        skipped: 0,
    };
    let mut hasher = DefaultHasher::new();
    let mut sources = Sources::new(args.inputs.iter().cloned(), InputFormat::Auto);
    let limit = args.limit.unwrap_or(usize::MAX);
    let options = DecodeOptions {
        lossy: args.lossy,
        ..DecodeOptions::default()
    };
    loop {
        let mut batch = Vec::with_capacity(args.batch);
        while batch.len() < args.batch && (totals.docs as usize) + batch.len() < limit {
            let Some(record) = sources.next() else { break };
            match record.and_then(|r| r.decode(options)) {
                Ok(Decoded::Article(a)) => batch.push(Document::new(a.text, a.meta)),
                Ok(Decoded::Skipped { .. }) => totals.skipped += 1,
                Err(err) => {
                    eprintln!("warta: skipping {err}");
                    totals.skipped += 1;
                }
            }
        }
        if batch.is_empty() {
            break;
        }
        let started = Instant::now();
        batch.par_iter_mut().try_for_each(|doc| {
            for (stage, spent) in pipeline.stages().zip(&stage_nanos) {
                let t = Instant::now();
                stage.process(doc)?;
                spent.fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
            }
            Ok::<_, warta_core::StageError>(())
        })?;
        totals.wall += started.elapsed();
        for doc in &batch {
            totals.docs += 1;
            totals.bytes += doc.text().len() as u64;
            totals.tokens += doc.tokens.len() as u64;
            let out = OutputDocument::from_document(doc, OutputOptions { tokens: true });
            serde_json::to_string(&out)?.hash(&mut hasher);
        }
    }
    totals.stage_nanos = stage_nanos.into_iter().map(AtomicU64::into_inner).collect();
    totals.output_hash = hasher.finish();
    Ok(totals)
}

fn report(args: &Args, round: usize, stage_names: &[&str], t: &Totals) {
    let threads = args.threads.max(1) as f64;
    let secs = t.wall.as_secs_f64().max(1e-9);
    let mb = t.bytes as f64 / 1e6;
    println!(
        "run {round}: {} documents ({} skipped), {:.1} MB, {} tokens in {:.3} s on {} thread(s)",
        t.docs,
        t.skipped,
        mb,
        t.tokens,
        secs,
        args.threads.max(1)
    );
    println!(
        "  whole pipeline: {:.0} tokens/s per core, {:.1} MB/s per core",
        t.tokens as f64 / secs / threads,
        mb / secs / threads
    );
    for (name, nanos) in stage_names.iter().zip(&t.stage_nanos) {
        let stage_secs = (*nanos as f64 / 1e9).max(1e-9);
        println!(
            "  stage {name:<10} {:>8.3} s  {:>12.0} tokens/s per core  {:>8.1} MB/s per core",
            stage_secs,
            t.tokens as f64 / stage_secs,
            mb / stage_secs
        );
    }
}

/// The process's peak resident memory, from /proc (Linux); `None` elsewhere.
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .map(|v| v.trim().to_owned())
}
