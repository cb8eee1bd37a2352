//! The streaming runner behind `warta extract`: a reader thread cuts the inputs into bounded batches
//! of raw records; each batch is decoded, analysed and serialised in parallel (rayon), and written in
//! input order. At most two batches wait in the channel and one is in flight, so memory stays bounded
//! by the batch limits, whatever the size of the corpus.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use warta_core::output::{OutputDocument, OutputOptions};
use warta_core::{Document, Pipeline};
use warta_ingest::{DecodeOptions, Decoded, Origin, RawRecord, RecordError, SkipReason, Sources};

/// A batch closes at whichever limit comes first.
const BATCH_RECORDS: usize = 256;
const BATCH_BYTES: usize = 32 << 20;
/// Failures listed again in the final summary of a `--keep-going` run.
const FAILURES_LISTED: usize = 20;

pub enum Render {
    Json(OutputOptions),
    Table,
}

pub struct RunOptions {
    pub decode: DecodeOptions,
    pub render: Render,
    pub keep_going: bool,
    pub quiet: bool,
}

/// What happened to one record.
enum Outcome {
    Done {
        origin: Origin,
        rendered: Vec<u8>,
        replacements: usize,
        quotes: usize,
    },
    Skipped {
        origin: Origin,
        reason: SkipReason,
    },
    Failed(String),
}

#[derive(Debug, Default)]
pub struct Summary {
    pub records_in: u64,
    pub documents_out: u64,
    pub skipped: BTreeMap<SkipReason, u64>,
    pub failed: u64,
    /// The first failures, for the closing list.
    pub failures: Vec<String>,
    /// The run ended at a failure, without `--keep-going`.
    pub stopped: bool,
    pub replacements: u64,
    pub quotes: u64,
    pub elapsed: Duration,
}

impl Summary {
    pub fn exit_code(&self) -> ExitCode {
        if self.stopped {
            ExitCode::FAILURE
        } else if self.failed > 0 {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        }
    }

    pub fn print(&self) {
        let skipped: u64 = self.skipped.values().sum();
        let mut line = format!(
            "warta: {} records in, {} documents out, {skipped} skipped",
            self.records_in, self.documents_out
        );
        if skipped > 0 {
            let reasons: Vec<String> = self
                .skipped
                .iter()
                .map(|(reason, n)| format!("{} {n}", reason.as_str()))
                .collect();
            line += &format!(" ({})", reasons.join(", "));
        }
        line += &format!(", {} failed", self.failed);
        if self.replacements > 0 {
            line += &format!(", {} invalid UTF-8 sequences replaced", self.replacements);
        }
        line += &format!(
            ", {} quotes, {:.2} s",
            self.quotes,
            self.elapsed.as_secs_f64()
        );
        if self.stopped {
            line += " (stopped at the first failure; --keep-going processes the rest)";
        }
        eprintln!("{line}");
        if !self.stopped && self.failed > 0 {
            eprintln!("warta: failures:");
            for failure in &self.failures {
                eprintln!("  {failure}");
            }
            if self.failed > self.failures.len() as u64 {
                eprintln!("  … and {} more", self.failed - self.failures.len() as u64);
            }
        }
    }
}

pub fn run(
    sources: Sources,
    pipeline: &Pipeline,
    options: &RunOptions,
    output: &mut (dyn Write + Send),
) -> io::Result<Summary> {
    let started = Instant::now();
    let (batches, receiver) = sync_channel::<Vec<Result<RawRecord, RecordError>>>(2);
    // Not scoped: when the run stops early, the reader may be blocked on standard input and must not
    // hold the process; it ends at its next send, once the receiver is gone.
    std::thread::spawn(move || {
        let mut batch = Vec::new();
        let mut bytes = 0;
        for item in sources {
            bytes += item.as_ref().map_or(0, RawRecord::byte_len);
            batch.push(item);
            if batch.len() >= BATCH_RECORDS || bytes >= BATCH_BYTES {
                bytes = 0;
                if batches.send(std::mem::take(&mut batch)).is_err() {
                    return;
                }
            }
        }
        if !batch.is_empty() {
            let _ = batches.send(batch);
        }
    });

    let mut summary = Summary::default();
    'batches: for batch in receiver {
        let outcomes: Vec<Outcome> = batch
            .into_par_iter()
            .map(|item| process(item, pipeline, options))
            .collect();
        for outcome in outcomes {
            summary.records_in += 1;
            match outcome {
                Outcome::Done {
                    origin,
                    rendered,
                    replacements,
                    quotes,
                } => {
                    if let Err(err) = output.write_all(&rendered) {
                        return closed_output_is_not_an_error(err, summary, started);
                    }
                    summary.documents_out += 1;
                    summary.quotes += quotes as u64;
                    if replacements > 0 {
                        summary.replacements += replacements as u64;
                        if !options.quiet {
                            eprintln!(
                                "warta: warning: {origin}: replaced {replacements} invalid UTF-8 sequence{} with U+FFFD",
                                if replacements == 1 { "" } else { "s" }
                            );
                        }
                    }
                }
                Outcome::Skipped { origin, reason } => {
                    *summary.skipped.entry(reason).or_default() += 1;
                    if !options.quiet {
                        eprintln!("warta: warning: {origin}: {reason}");
                    }
                }
                Outcome::Failed(message) => {
                    eprintln!("warta: error: {message}");
                    summary.failed += 1;
                    if summary.failures.len() < FAILURES_LISTED {
                        summary.failures.push(message);
                    }
                    if !options.keep_going {
                        summary.stopped = true;
                        break 'batches;
                    }
                }
            }
        }
    }
    if let Err(err) = output.flush() {
        return closed_output_is_not_an_error(err, summary, started);
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// `warta extract … | head` closes the pipe early; that ends the run quietly, as it does for `cat`.
fn closed_output_is_not_an_error(
    err: io::Error,
    mut summary: Summary,
    started: Instant,
) -> io::Result<Summary> {
    if err.kind() == io::ErrorKind::BrokenPipe {
        summary.elapsed = started.elapsed();
        Ok(summary)
    } else {
        Err(err)
    }
}

fn process(
    item: Result<RawRecord, RecordError>,
    pipeline: &Pipeline,
    options: &RunOptions,
) -> Outcome {
    let article = match item.and_then(|record| record.decode(options.decode)) {
        Ok(Decoded::Article(article)) => article,
        Ok(Decoded::Skipped { origin, reason }) => return Outcome::Skipped { origin, reason },
        Err(err) => return Outcome::Failed(err.to_string()),
    };
    let origin = article.origin;
    let replacements = article.replacements;
    let mut doc = Document::new(article.text, article.meta);
    // A stage that panics on one odd article must not take the rest of a corpus down with it.
    let analysed = catch_unwind(AssertUnwindSafe(|| pipeline.run(&mut doc)));
    match analysed {
        Ok(Ok(())) => {}
        Ok(Err(err)) => return Outcome::Failed(format!("{origin}: {err}")),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            return Outcome::Failed(format!(
                "{origin}: internal error in the pipeline: {message}"
            ));
        }
    }
    let rendered = match &options.render {
        Render::Json(output_options) => {
            let out = OutputDocument::from_document(&doc, *output_options);
            let mut line = Vec::with_capacity(doc.text().len() * 2 + 256);
            if let Err(err) = serde_json::to_writer(&mut line, &out) {
                return Outcome::Failed(format!("{origin}: cannot serialise: {err}"));
            }
            line.push(b'\n');
            line
        }
        Render::Table => super::table::render(&doc, &origin).into_bytes(),
    };
    Outcome::Done {
        origin,
        rendered,
        replacements,
        quotes: doc.quotes.len(),
    }
}
