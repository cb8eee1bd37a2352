//! `warta throughput`: how fast the whole pipeline runs on a corpus, stage by stage.
//!
//! The corpus goes through the production engine, `warta_batch::run`, exactly as `warta extract`
//! runs it (reading, decoding, deduplication, analysis and serialisation on the worker threads,
//! ordered hand-over), so the figure is the one users get; the output is hashed instead of written.
//! The time of the stages alone is reported too (the figure of versions before the batch engine).
//! Throughput per core is tokens divided by (wall time × threads), the figure the issues ask for.
//! Each stage's time is summed over threads. Peak memory is the process's high-water mark (VmHWM).

use std::collections::hash_map::DefaultHasher;
use std::hash::Hasher;
use std::io;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use warta::{OutputOptions, Warta};
use warta_batch::{Finished, Product, Render, RenderError, Silent, Sink};
use warta_ingest::{DecodeOptions, InputFormat, Origin, Sources};

use super::report;

#[derive(clap::Args)]
pub struct Args {
    /// Corpus files (text or JSON Lines).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Worker threads (the per-core figure divides by this).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Stop after this many input records.
    #[arg(long)]
    limit: Option<usize>,
    /// Run the corpus this many times and check that every run writes identical output.
    #[arg(long, default_value_t = 1)]
    repeat: usize,
    /// Read invalid UTF-8 lossily instead of skipping the record.
    #[arg(long)]
    lossy: bool,
}

/// What the run measures of one document, on the worker thread.
struct Measured {
    tokens: usize,
    bytes: usize,
    line: Vec<u8>,
}

/// The JSON line `warta extract` would write, with the document's size.
struct Measure;

impl Render for Measure {
    type Output = Measured;

    fn render(&self, product: Product<'_>, _origin: &Origin) -> Result<Measured, RenderError> {
        let Product::Analysed(analysis) = product else {
            return Err("throughput measures articles".into());
        };
        let line = analysis.to_json_line(OutputOptions::default())?;
        let doc = analysis.document();
        Ok(Measured {
            tokens: doc.tokens.len(),
            bytes: doc.text().len(),
            line,
        })
    }
}

#[derive(Default)]
struct Totals {
    docs: u64,
    bytes: u64,
    tokens: u64,
    hasher: DefaultHasher,
}

impl Sink<Measured> for Totals {
    fn write(&mut self, finished: Finished<Measured>) -> io::Result<()> {
        let measured = finished.output;
        self.docs += 1;
        self.bytes += measured.bytes as u64;
        self.tokens += measured.tokens as u64;
        self.hasher.write(&measured.line);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<u64> {
        Ok(0)
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let threads = args.threads.max(1);
    let pool = report::worker_pool(Some(threads))?;
    let options = warta_batch::Options {
        decode: DecodeOptions {
            lossy: args.lossy,
            ..DecodeOptions::default()
        },
        keep_going: true,
        dedup: true,
        ..warta_batch::Options::default()
    };
    let mut first_hash = None;
    for round in 1..=args.repeat.max(1) {
        // A fresh engine per run, so that its stage times are this run's.
        let warta = Warta::builder().stage_times(true).build()?;
        let sources = Sources::new(args.inputs.iter().cloned(), InputFormat::Auto)
            .take(args.limit.unwrap_or(usize::MAX));
        let mut totals = Totals::default();
        let summary = warta_batch::run(
            sources,
            &warta,
            &Measure,
            &mut totals,
            &Silent,
            &options,
            &pool,
        )?;
        let wall = summary.elapsed;
        let skipped = summary.records_in - totals.docs;
        report_run(round, threads, &totals, skipped, wall, &warta.stage_times());
        let hash = totals.hasher.finish();
        match first_hash {
            None => first_hash = Some(hash),
            Some(h) if h == hash => println!("run {round}: output identical to run 1"),
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

fn report_run(
    round: usize,
    threads: usize,
    t: &Totals,
    skipped: u64,
    wall: Duration,
    stages: &[(&str, Duration)],
) {
    let cores = threads as f64;
    let secs = wall.as_secs_f64().max(1e-9);
    let mb = t.bytes as f64 / 1e6;
    println!(
        "run {round}: {} documents ({skipped} skipped or failed), {mb:.1} MB, {} tokens in {secs:.3} s on {threads} thread(s)",
        t.docs, t.tokens,
    );
    println!(
        "  whole run: {:.0} tokens/s per core, {:.1} MB/s per core",
        t.tokens as f64 / secs / cores,
        mb / secs / cores
    );
    // The figure earlier versions reported: analysis alone, without reading, decoding,
    // deduplication and serialisation.
    let analysis: f64 = stages.iter().map(|(_, spent)| spent.as_secs_f64()).sum();
    println!(
        "  the stages alone: {:.0} tokens/s per core",
        t.tokens as f64 / analysis.max(1e-9)
    );
    for (name, spent) in stages {
        let stage_secs = spent.as_secs_f64().max(1e-9);
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
