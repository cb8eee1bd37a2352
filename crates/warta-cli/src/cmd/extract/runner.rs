//! The streaming runner behind `warta extract`: a reader thread cuts the inputs into bounded batches
//! of raw records; each batch is decoded in parallel (rayon), deduplicated in input order, analysed
//! and serialised in parallel, and written in input order (with `--unordered`, each as soon as it is
//! done, streamed from the workers through a channel). At most two batches wait in the channel
//! and one is in flight, so memory stays bounded by the batch limits, whatever the size of the corpus
//! (plus 8 bytes per distinct article for deduplication).
//!
//! With a checkpoint (`--resume`), the number of input records done and the output length are saved
//! after every batch; a resumed run cuts the output back to that length and passes over that many
//! records, so an interrupted run continues without duplicating or losing output. Deduplication
//! state is not saved: a resumed run does not recognise copies of articles written before the
//! checkpoint.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{RecvTimeoutError, TryRecvError, channel, sync_channel};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use warta_core::output::{OutputDocument, OutputOptions};
use warta_core::{Document, Pipeline};
use warta_ingest::{
    Article, DecodeOptions, Decoded, Origin, RawRecord, RecordError, SkipReason, Sources,
};

use super::progress::Progress;

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
    /// Drop articles whose text or canonical URL was seen before in the run.
    pub dedup: bool,
    /// Where to save progress after every batch, and how far an earlier run got.
    pub checkpoint: Option<Checkpoint>,
    pub progress: bool,
    /// Write each document as soon as it is done, in whatever order the workers finish.
    pub unordered: bool,
}

/// A sidecar file next to the output: `records bytes` of the last completed batch.
pub struct Checkpoint {
    pub path: PathBuf,
    /// Records of the inputs already done by an earlier run (0 for a fresh run).
    pub records_done: u64,
    /// Bytes of the output when that earlier run saved its checkpoint.
    pub output_bytes: u64,
}

impl Checkpoint {
    pub fn load(path: PathBuf) -> io::Result<Checkpoint> {
        let saved = std::fs::read_to_string(&path)?;
        let mut fields = saved.split_whitespace().map(str::parse::<u64>);
        match (fields.next(), fields.next()) {
            (Some(Ok(records_done)), Some(Ok(output_bytes))) => Ok(Checkpoint {
                path,
                records_done,
                output_bytes,
            }),
            _ => Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{} is not a warta checkpoint", path.display()),
            )),
        }
    }

    fn save(&self, records_done: u64, output_bytes: u64) -> io::Result<()> {
        let temporary = self.path.with_extension("checkpoint-new");
        std::fs::write(&temporary, format!("{records_done} {output_bytes}\n"))?;
        std::fs::rename(&temporary, &self.path)
    }
}

/// A record after decoding, before analysis.
enum Stage1 {
    Article(Box<Article>),
    Skipped { origin: Origin, reason: SkipReason },
    Failed(String),
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
    let resume_from = options.checkpoint.as_ref().map_or(0, |c| c.records_done);
    let (batches, receiver) = sync_channel::<Vec<Result<RawRecord, RecordError>>>(2);
    // Not scoped: when the run stops early, the reader may be blocked on standard input and must not
    // hold the process; it ends at its next send, once the receiver is gone.
    std::thread::spawn(move || {
        let mut batch = Vec::new();
        let mut bytes = 0;
        for item in sources.skip(resume_from as usize) {
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
    let mut seen = Seen::default();
    let mut output_bytes = options.checkpoint.as_ref().map_or(0, |c| c.output_bytes);
    let progress = Progress::new(options.progress && !options.quiet);
    'batches: for batch in receiver {
        let input_bytes: usize = batch
            .iter()
            .map(|r| r.as_ref().map_or(0, RawRecord::byte_len))
            .sum();
        let mut decoded: Vec<Stage1> = batch
            .into_par_iter()
            .map(|item| decode(item, options.decode))
            .collect();
        if options.dedup {
            seen.mark_duplicates(&mut decoded);
        }
        let records = decoded.len() as u64;
        let mut sink = Sink {
            output: &mut *output,
            summary: &mut summary,
            output_bytes: &mut output_bytes,
            progress: &progress,
            options,
        };
        let flow = if options.unordered {
            analyse_unordered(decoded, pipeline, options, &mut sink)
        } else {
            let outcomes: Vec<Outcome> = decoded
                .into_par_iter()
                .map(|item| analyse(item, pipeline, options))
                .collect();
            outcomes
                .into_iter()
                .try_fold(Flow::Go, |flow, outcome| match flow {
                    Flow::Go => sink.take(outcome),
                    Flow::Stop => Ok(Flow::Stop),
                })
        };
        match flow {
            Ok(Flow::Go) => {}
            Ok(Flow::Stop) => break 'batches,
            Err(err) => {
                progress.finish();
                return closed_output_is_not_an_error(err, summary, started);
            }
        }
        progress.advance(records, input_bytes as u64);
        if let Some(checkpoint) = &options.checkpoint {
            // Only what is flushed may be counted as done.
            if let Err(err) = output.flush() {
                progress.finish();
                return closed_output_is_not_an_error(err, summary, started);
            }
            checkpoint.save(resume_from + summary.records_in, output_bytes)?;
        }
    }
    progress.finish();
    if let Err(err) = output.flush() {
        return closed_output_is_not_an_error(err, summary, started);
    }
    if let Some(checkpoint) = &options.checkpoint
        && !summary.stopped
    {
        // A finished run leaves no checkpoint behind: the next run starts afresh.
        let _ = std::fs::remove_file(&checkpoint.path);
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

enum Flow {
    Go,
    Stop,
}

/// Where outcomes go, in the order they are handed over: the output and the run's tallies.
struct Sink<'a> {
    output: &'a mut (dyn Write + Send),
    summary: &'a mut Summary,
    output_bytes: &'a mut u64,
    progress: &'a Progress,
    options: &'a RunOptions,
}

impl Sink<'_> {
    /// Writes or counts one outcome; `Stop` after a failure without `--keep-going`. An error is
    /// the output's.
    fn take(&mut self, outcome: Outcome) -> io::Result<Flow> {
        let (summary, options, progress) = (&mut *self.summary, self.options, self.progress);
        summary.records_in += 1;
        match outcome {
            Outcome::Done {
                origin,
                rendered,
                replacements,
                quotes,
            } => {
                self.output.write_all(&rendered)?;
                *self.output_bytes += rendered.len() as u64;
                summary.documents_out += 1;
                summary.quotes += quotes as u64;
                if replacements > 0 {
                    summary.replacements += replacements as u64;
                    if !options.quiet {
                        progress.println(&format!(
                            "warta: warning: {origin}: replaced {replacements} invalid UTF-8 sequence{} with U+FFFD",
                            if replacements == 1 { "" } else { "s" }
                        ));
                    }
                }
            }
            Outcome::Skipped { origin, reason } => {
                *summary.skipped.entry(reason).or_default() += 1;
                if !options.quiet && reason.is_notable() {
                    progress.println(&format!("warta: warning: {origin}: {reason}"));
                }
            }
            Outcome::Failed(message) => {
                progress.println(&format!("warta: error: {message}"));
                summary.failed += 1;
                if summary.failures.len() < FAILURES_LISTED {
                    summary.failures.push(message);
                }
                if !options.keep_going {
                    summary.stopped = true;
                    return Ok(Flow::Stop);
                }
            }
        }
        Ok(Flow::Go)
    }
}

/// `--unordered`: the workers send each outcome as soon as it is ready and this thread writes it
/// at once, instead of waiting for the whole batch to restore input order.
fn analyse_unordered(
    batch: Vec<Stage1>,
    pipeline: &Pipeline,
    options: &RunOptions,
    sink: &mut Sink,
) -> io::Result<Flow> {
    let (sender, receiver) = channel::<Outcome>();
    // Once the run stops, the workers skip what is left instead of analysing it for nothing.
    let stopping = AtomicBool::new(false);
    rayon::in_place_scope(|scope| {
        scope.spawn(|_| {
            batch.into_par_iter().for_each_with(sender, |sender, item| {
                if !stopping.load(Ordering::Relaxed) {
                    let _ = sender.send(analyse(item, pipeline, options));
                }
            });
        });
        let mut flow = Ok(Flow::Go);
        loop {
            let outcome = match receiver.try_recv() {
                Ok(outcome) => outcome,
                Err(TryRecvError::Disconnected) => break,
                // This thread is one of the pool's workers: it lends a hand rather than block,
                // or a one-thread pool would never run the analysis it is waiting for.
                Err(TryRecvError::Empty) => {
                    if rayon::yield_now() == Some(rayon::Yield::Executed) {
                        continue;
                    }
                    match receiver.recv_timeout(Duration::from_millis(1)) {
                        Ok(outcome) => outcome,
                        Err(RecvTimeoutError::Timeout) => continue,
                        Err(RecvTimeoutError::Disconnected) => break,
                    }
                }
            };
            flow = sink.take(outcome);
            if !matches!(flow, Ok(Flow::Go)) {
                stopping.store(true, Ordering::Relaxed);
                break;
            }
        }
        flow
    })
}

/// What the run has seen, for deduplication: hashes of texts and of canonical URLs.
#[derive(Default)]
struct Seen {
    texts: HashSet<u64>,
    urls: HashSet<u64>,
}

impl Seen {
    /// Marks the articles whose text or URL came earlier as duplicates. A copy found in the same
    /// batch as the first one gives its URLs to it (`other_urls`); a copy of an article already
    /// written can only be counted.
    fn mark_duplicates(&mut self, batch: &mut [Stage1]) {
        let mut first_in_batch: HashMap<u64, usize> = HashMap::new();
        for i in 0..batch.len() {
            let Stage1::Article(article) = &batch[i] else {
                continue;
            };
            let text_key = hash(&normalised_text(&article.text));
            let url_key = article.meta.url.as_deref().map(|u| hash(&canonical_url(u)));
            let text_seen = !self.texts.insert(text_key);
            let url_seen = url_key.is_some_and(|k| !self.urls.insert(k));
            if !(text_seen || url_seen) {
                first_in_batch.insert(text_key, i);
                continue;
            }
            let Stage1::Article(copy) =
                std::mem::replace(&mut batch[i], Stage1::Failed(String::new()))
            else {
                unreachable!("matched above")
            };
            if let Some(&first) = first_in_batch.get(&text_key)
                && let Stage1::Article(original) = &mut batch[first]
            {
                let urls = copy.meta.url.iter().chain(&copy.meta.other_urls);
                for url in urls {
                    if original.meta.url.as_deref() != Some(url)
                        && !original.meta.other_urls.contains(url)
                    {
                        original.meta.other_urls.push(url.clone());
                    }
                }
            }
            batch[i] = Stage1::Skipped {
                origin: copy.origin,
                reason: SkipReason::Duplicate,
            };
        }
    }
}

fn hash(s: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    s.hash(&mut hasher);
    hasher.finish()
}

/// Syndicated copies differ in white space; that must not hide them.
fn normalised_text(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The same page is linked with and without `www.`, a trailing slash, a fragment or tracking
/// parameters.
fn canonical_url(url: &str) -> String {
    let url = url.split('#').next().unwrap_or(url).trim();
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let base = base
        .trim_end_matches('/')
        .replacen("://www.", "://", 1)
        .replacen("http://", "https://", 1)
        .to_lowercase();
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("utm_") && !p.starts_with("fbclid"))
        .collect();
    if kept.is_empty() {
        base
    } else {
        format!("{base}?{}", kept.join("&"))
    }
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

fn decode(item: Result<RawRecord, RecordError>, options: DecodeOptions) -> Stage1 {
    match item.and_then(|record| record.decode(options)) {
        Ok(Decoded::Article(article)) => Stage1::Article(Box::new(article)),
        Ok(Decoded::Skipped { origin, reason }) => Stage1::Skipped { origin, reason },
        Err(err) => Stage1::Failed(err.to_string()),
    }
}

fn analyse(item: Stage1, pipeline: &Pipeline, options: &RunOptions) -> Outcome {
    let article = match item {
        Stage1::Article(article) => *article,
        Stage1::Skipped { origin, reason } => return Outcome::Skipped { origin, reason },
        Stage1::Failed(message) => return Outcome::Failed(message),
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

#[cfg(test)]
mod tests {
    use super::*;
    use warta_core::Meta;

    fn article(url: &str, text: &str) -> Stage1 {
        Stage1::Article(Box::new(Article {
            origin: Origin::file(url.into()),
            meta: Meta {
                url: Some(url.to_owned()),
                ..Meta::default()
            },
            text: text.to_owned(),
            replacements: 0,
        }))
    }

    #[test]
    fn syndicated_copies_become_one_article_with_every_url() {
        let mut seen = Seen::default();
        let mut batch = vec![
            article("https://a.example/1", "Berita  sama.\n\nParagraf dua."),
            article("https://b.example/x", "Berita lain."),
            article("https://c.example/2", "Berita sama.\nParagraf dua."),
            article("https://www.a.example/1/?utm_source=x", "Teks diperbarui."),
        ];
        seen.mark_duplicates(&mut batch);
        let Stage1::Article(first) = &batch[0] else {
            panic!("the first copy stays")
        };
        assert_eq!(first.meta.other_urls, ["https://c.example/2"]);
        assert!(matches!(batch[1], Stage1::Article(_)));
        assert!(matches!(
            batch[2],
            Stage1::Skipped {
                reason: SkipReason::Duplicate,
                ..
            }
        ));
        assert!(
            matches!(
                batch[3],
                Stage1::Skipped {
                    reason: SkipReason::Duplicate,
                    ..
                }
            ),
            "same canonical URL"
        );
        // A copy in a later batch is still recognised.
        let mut later = vec![article("https://d.example/3", "Berita lain.")];
        seen.mark_duplicates(&mut later);
        assert!(matches!(
            later[0],
            Stage1::Skipped {
                reason: SkipReason::Duplicate,
                ..
            }
        ));
    }
}
