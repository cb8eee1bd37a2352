//! The streaming runner behind `warta extract`.
//!
//! Three kinds of thread share the work, and none of them waits for a whole batch:
//!
//! - the **reader** cuts the inputs into batches of raw records and hands them over, at most
//!   [`BATCHES_IN_FLIGHT`] batches ahead of the output, so that memory stays bounded by the batch
//!   limits whatever the size of the corpus;
//! - the **workers** (the rayon pool, `-j`) decode records and analyse articles, [`CHUNK`] records
//!   per job, taking jobs in the order they were handed out;
//! - the **coordinator** (the calling thread) deduplicates decoded records in input order, hands the
//!   articles to the workers, and writes their outcomes in input order (with `--unordered`, as soon
//!   as each is done).
//!
//! So the workers always have the next records to work on: no core idles at the end of a batch
//! while its last long article is analysed, or while the batch is written.
//!
//! **Syndicated copies.** An article is written only once the records of the
//! [`DEDUP_WINDOW_BATCHES`] batches after its own have been deduplicated; a copy (the same text up to
//! white space) found until then adds its URLs to the article's `other_urls`. A copy found later, when
//! its article has already been written, is skipped as `late_copy` and its URL is not in the output:
//! the summary counts such copies. The window is what keeps memory bounded; with the default batch
//! size it spans at least 512 records. With `--unordered` an article is written as soon as it is
//! analysed, so only copies deduplicated before that reach it.
//!
//! **Checkpoints** (`--resume`): after every batch that is completely written, the number of input
//! records done and the output length are saved; a resumed run cuts the output back to that length and
//! passes over that many records, so an interrupted run continues without duplicating or losing
//! output. The deduplication keys of the records done are saved with the checkpoint (see
//! [`super::journal`]), so a resumed run recognises copies of articles written before it; such a
//! copy counts as `late_copy`, as in an uninterrupted run once its article has been written. With
//! `--unordered`, records of a later batch could be written before
//! an earlier batch is complete, so such a run takes one batch at a time.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::hash::{Hash, Hasher};
use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use warta_core::output::{OutputDocument, OutputOptions};
use warta_core::{Document, Meta, Pipeline};
use warta_ingest::{
    Article, DecodeOptions, Decoded, Origin, RawRecord, RecordError, SkipReason, Sources,
};

use super::journal::Journal;
use super::progress::Progress;

/// A batch closes at whichever limit comes first.
const BATCH_RECORDS: usize = 256;
const BATCH_BYTES: usize = 32 << 20;
/// Records in one job of a worker: small enough that both cores stay busy to the last record, large
/// enough that the coordinator is woken rarely.
const CHUNK: usize = 8;
/// Batches read but not yet completely written.
const BATCHES_IN_FLIGHT: usize = 4;
/// Batches after an article's own that are deduplicated before it is written. Must stay below
/// [`BATCHES_IN_FLIGHT`], or the run would wait for batches the reader may not read.
const DEDUP_WINDOW_BATCHES: usize = 2;
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

type RawItem = Result<RawRecord, RecordError>;

/// A record after decoding, before analysis.
enum Stage1 {
    Article(Box<Article>),
    Skipped { origin: Origin, reason: SkipReason },
    Failed(String),
}

/// What deduplication compares, hashed by the worker that decoded the record.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DedupKeys {
    pub text: u64,
    pub url: Option<u64>,
}

/// What the coordinator hears, from the reader and from the workers.
enum Event {
    Batch {
        records: Vec<RawItem>,
        bytes: usize,
    },
    InputDone,
    Decoded {
        first: u64,
        records: Vec<(Stage1, Option<DedupKeys>)>,
    },
    Analysed {
        outcomes: Vec<(u64, Outcome)>,
    },
}

/// Where one record is on its way through the run.
enum Slot {
    Decoding,
    Decoded(Stage1, Option<DedupKeys>),
    Analysing,
    Done(Outcome),
    Written,
}

struct Record {
    slot: Slot,
    /// The text key of an article that copies may still join.
    text_key: Option<u64>,
}

struct BatchInFlight {
    /// One past the last record of the batch.
    end: u64,
    unwritten: usize,
    records: usize,
    bytes: usize,
}

/// The records between the oldest one not yet written and the newest one read.
#[derive(Default)]
struct Flight {
    /// The number of the first record in `records`.
    base: u64,
    records: VecDeque<Record>,
    batches: VecDeque<BatchInFlight>,
    /// Records read so far.
    read: u64,
    /// Records deduplicated so far (all of them come before the others).
    deduplicated: u64,
    input_done: bool,
    /// `--unordered`: records done but not yet written, in the order they were done.
    ready: VecDeque<u64>,
}

impl Flight {
    fn record(&mut self, number: u64) -> &mut Record {
        &mut self.records[(number - self.base) as usize]
    }

    fn add_batch(&mut self, records: usize, bytes: usize) -> u64 {
        let first = self.read;
        self.read += records as u64;
        self.records.extend((0..records).map(|_| Record {
            slot: Slot::Decoding,
            text_key: None,
        }));
        self.batches.push_back(BatchInFlight {
            end: self.read,
            unwritten: records,
            records,
            bytes,
        });
        first
    }

    fn done(&mut self, number: u64, outcome: Outcome, unordered: bool) {
        self.record(number).slot = Slot::Done(outcome);
        if unordered {
            self.ready.push_back(number);
        }
    }

    /// The next records to deduplicate, in input order, as far as they are decoded.
    fn take_decoded(&mut self) -> Option<(u64, Stage1, Option<DedupKeys>)> {
        let number = self.deduplicated;
        if number >= self.read {
            return None;
        }
        let record = self.record(number);
        if !matches!(record.slot, Slot::Decoded(..)) {
            return None;
        }
        let Slot::Decoded(stage, keys) = std::mem::replace(&mut record.slot, Slot::Analysing)
        else {
            unreachable!("matched above")
        };
        self.deduplicated += 1;
        Some((number, stage, keys))
    }

    /// Whether copies of the oldest unwritten article can no longer come: the batches of the window
    /// after its own are deduplicated, or the input is over.
    fn window_passed(&self) -> bool {
        let deduplicated_batches = self
            .batches
            .iter()
            .take_while(|b| b.end <= self.deduplicated)
            .count();
        deduplicated_batches > DEDUP_WINDOW_BATCHES
            || (self.input_done && self.deduplicated == self.read)
    }

    /// The oldest record, when it is done and may be written.
    fn take_next_in_order(&mut self, wait_for_copies: bool) -> Option<(u64, Outcome, Option<u64>)> {
        if !matches!(self.records.front()?.slot, Slot::Done(_))
            || (wait_for_copies && !self.window_passed())
        {
            return None;
        }
        let record = self.records.front_mut()?;
        let Slot::Done(outcome) = std::mem::replace(&mut record.slot, Slot::Written) else {
            unreachable!("matched above")
        };
        Some((self.base, outcome, record.text_key))
    }

    /// Marks a record written; returns the batches that are now completely written, oldest first.
    fn written(&mut self, number: u64) -> Vec<BatchInFlight> {
        self.record(number).slot = Slot::Written;
        if let Some(batch) = self.batches.iter_mut().find(|b| number < b.end) {
            batch.unwritten -= 1;
        }
        while matches!(self.records.front(), Some(r) if matches!(r.slot, Slot::Written)) {
            self.records.pop_front();
            self.base += 1;
        }
        let mut complete = Vec::new();
        while self.batches.front().is_some_and(|b| b.unwritten == 0) {
            complete.extend(self.batches.pop_front());
        }
        complete
    }

    fn finished(&self) -> bool {
        self.input_done && self.records.is_empty()
    }
}

/// How many more batches the reader may hand over; the coordinator gives one back for every batch
/// written, and closes the gate when the run ends early.
struct Permits {
    state: Mutex<(usize, bool)>,
    changed: Condvar,
}

impl Permits {
    fn new(free: usize) -> Self {
        Permits {
            state: Mutex::new((free, false)),
            changed: Condvar::new(),
        }
    }

    /// Waits for a permit; false once the run has ended.
    fn take(&self) -> bool {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        while state.0 == 0 && !state.1 {
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        if state.1 {
            return false;
        }
        state.0 -= 1;
        true
    }

    fn give_back(&self, permits: usize) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.0 += permits;
        self.changed.notify_one();
    }

    fn close(&self) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.1 = true;
        self.changed.notify_all();
    }
}

/// Not scoped: when the run stops early, the reader may be blocked on standard input and must not
/// hold the process; it ends at its next hand-over, once the gate is closed.
fn spawn_reader(sources: Sources, skip: u64, events: Sender<Event>, permits: Arc<Permits>) {
    std::thread::spawn(move || {
        let hand_over = |records: Vec<RawItem>, bytes: usize| {
            permits.take() && events.send(Event::Batch { records, bytes }).is_ok()
        };
        let mut batch = Vec::new();
        let mut bytes = 0;
        for item in sources.skip(skip as usize) {
            bytes += item.as_ref().map_or(0, RawRecord::byte_len);
            batch.push(item);
            if (batch.len() >= BATCH_RECORDS || bytes >= BATCH_BYTES)
                && !hand_over(std::mem::take(&mut batch), std::mem::take(&mut bytes))
            {
                return;
            }
        }
        if !batch.is_empty() && !hand_over(batch, bytes) {
            return;
        }
        let _ = events.send(Event::InputDone);
    });
}

pub fn run(
    sources: Sources,
    pipeline: &Pipeline,
    options: &RunOptions,
    output: &mut (dyn Write + Send),
    workers: &rayon::ThreadPool,
) -> io::Result<Summary> {
    let started = Instant::now();
    let resume_from = options.checkpoint.as_ref().map_or(0, |c| c.records_done);
    let unordered = options.unordered;
    let in_flight = if unordered && options.checkpoint.is_some() {
        1
    } else {
        BATCHES_IN_FLIGHT
    };
    let permits = Arc::new(Permits::new(in_flight));
    let (events, received) = channel::<Event>();
    spawn_reader(sources, resume_from, events.clone(), permits.clone());

    let mut summary = Summary::default();
    let mut output_bytes = options.checkpoint.as_ref().map_or(0, |c| c.output_bytes);
    let progress = Progress::new(options.progress && !options.quiet);
    // Once the run stops, the workers pass over the jobs left instead of doing them for nothing.
    let stopping = AtomicBool::new(false);
    let mut flight = Flight::default();
    let mut seen = Seen::default();
    let wait_for_copies = options.dedup && !unordered;
    let journal = match &options.checkpoint {
        Some(checkpoint) if options.dedup => {
            let opened = Journal::open(&checkpoint.path, resume_from, dedup_probe())?;
            if let Some(warning) = &opened.warning
                && !options.quiet
            {
                eprintln!("warta: {warning}");
            }
            seen.journal = Some(VecDeque::new());
            seen.restore(&opened.keys);
            Some(opened.journal)
        }
        _ => None,
    };

    let ended = workers.in_place_scope(|scope| -> io::Result<()> {
        let mut sink = Sink {
            output: &mut *output,
            summary: &mut summary,
            output_bytes: &mut output_bytes,
            progress: &progress,
            options,
        };
        let result = (|| -> io::Result<()> {
            while !flight.finished() {
                let Ok(event) = received.recv() else {
                    break;
                };
                match event {
                    Event::Batch { records, bytes } => {
                        let mut first = flight.add_batch(records.len(), bytes);
                        let mut records = records.into_iter();
                        loop {
                            let chunk: Vec<RawItem> = records.by_ref().take(CHUNK).collect();
                            if chunk.is_empty() {
                                break;
                            }
                            let (events, stopping) = (events.clone(), &stopping);
                            let start = first;
                            first += chunk.len() as u64;
                            scope.spawn(move |_| {
                                if stopping.load(Ordering::Relaxed) {
                                    return;
                                }
                                let records = chunk
                                    .into_iter()
                                    .map(|item| decode_safely(item, options))
                                    .collect();
                                let _ = events.send(Event::Decoded {
                                    first: start,
                                    records,
                                });
                            });
                        }
                    }
                    Event::InputDone => flight.input_done = true,
                    Event::Decoded { first, records } => {
                        for (i, (stage, keys)) in records.into_iter().enumerate() {
                            flight.record(first + i as u64).slot = Slot::Decoded(stage, keys);
                        }
                        let mut articles = Vec::new();
                        while let Some((number, stage, keys)) = flight.take_decoded() {
                            match deduplicate(number, stage, keys, &mut seen) {
                                Ok((article, text_key)) => {
                                    flight.record(number).text_key = text_key;
                                    articles.push((number, article));
                                }
                                Err(outcome) => flight.done(number, outcome, unordered),
                            }
                        }
                        let mut articles = articles.into_iter();
                        loop {
                            let chunk: Vec<(u64, Stage1)> = articles.by_ref().take(CHUNK).collect();
                            if chunk.is_empty() {
                                break;
                            }
                            let (events, stopping) = (events.clone(), &stopping);
                            scope.spawn(move |_| {
                                let mut outcomes = Vec::with_capacity(chunk.len());
                                for (number, article) in chunk {
                                    if stopping.load(Ordering::Relaxed) {
                                        return;
                                    }
                                    outcomes
                                        .push((number, analyse_safely(article, pipeline, options)));
                                }
                                let _ = events.send(Event::Analysed { outcomes });
                            });
                        }
                    }
                    Event::Analysed { outcomes } => {
                        for (number, outcome) in outcomes {
                            flight.done(number, outcome, unordered);
                        }
                    }
                }
                // Write what may be written.
                loop {
                    let next = if unordered {
                        flight.ready.pop_front().map(|number| {
                            let record = flight.record(number);
                            let Slot::Done(outcome) =
                                std::mem::replace(&mut record.slot, Slot::Written)
                            else {
                                unreachable!("only done records are ready")
                            };
                            (number, outcome, record.text_key)
                        })
                    } else {
                        flight.take_next_in_order(wait_for_copies)
                    };
                    let Some((number, mut outcome, text_key)) = next else {
                        break;
                    };
                    let copies = seen.written(number, text_key);
                    if !copies.is_empty()
                        && let (
                            Outcome::Done {
                                rendered, origin, ..
                            },
                            Render::Json(_),
                        ) = (&mut outcome, &options.render)
                        && let Err(err) = add_other_urls(rendered, copies)
                    {
                        outcome = Outcome::Failed(format!("{origin}: cannot serialise: {err}"));
                    }
                    let flow = sink.take(outcome)?;
                    for batch in flight.written(number) {
                        permits.give_back(1);
                        sink.progress
                            .advance(batch.records as u64, batch.bytes as u64);
                        if let Some(checkpoint) = &options.checkpoint {
                            // Only what is flushed may be counted as done, and the keys of what
                            // is done are saved before the checkpoint that counts it.
                            sink.output.flush()?;
                            let done = sink.summary.records_in;
                            if let Some(journal) = &journal {
                                journal.append(&seen.take_journal(done, resume_from))?;
                            }
                            checkpoint.save(resume_from + done, *sink.output_bytes)?;
                        }
                    }
                    if matches!(flow, Flow::Stop) {
                        return Ok(());
                    }
                }
            }
            Ok(())
        })();
        stopping.store(true, Ordering::Relaxed);
        permits.close();
        result
    });
    progress.finish();
    if let Err(err) = ended.and_then(|()| output.flush()) {
        return closed_output_is_not_an_error(err, summary, started);
    }
    if let Some(checkpoint) = &options.checkpoint
        && !summary.stopped
    {
        // A finished run leaves no checkpoint behind: the next run starts afresh.
        let _ = std::fs::remove_file(&checkpoint.path);
        if let Some(journal) = journal {
            journal.remove();
        }
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Adds the URLs of copies to a rendered document. Copies are rare, so reading the line back is
/// cheaper than keeping every document unrendered until its window has passed.
fn add_other_urls(rendered: &mut Vec<u8>, urls: Vec<String>) -> serde_json::Result<()> {
    let mut document: OutputDocument = serde_json::from_slice(rendered)?;
    for url in urls {
        if document.url.as_ref() != Some(&url) && !document.other_urls.contains(&url) {
            document.other_urls.push(url);
        }
    }
    rendered.clear();
    serde_json::to_writer(&mut *rendered, &document)?;
    rendered.push(b'\n');
    Ok(())
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

/// Passes an article on to analysis, with the text key copies may join it by; turns a copy, a
/// skipped record or a failure into its outcome.
fn deduplicate(
    number: u64,
    stage: Stage1,
    keys: Option<DedupKeys>,
    seen: &mut Seen,
) -> Result<(Stage1, Option<u64>), Outcome> {
    match stage {
        Stage1::Article(article) => match keys {
            None => Ok((Stage1::Article(article), None)),
            Some(keys) => match seen.copy_of(number, keys, &article.meta) {
                None => Ok((Stage1::Article(article), Some(keys.text))),
                Some(reason) => Err(Outcome::Skipped {
                    origin: article.origin,
                    reason,
                }),
            },
        },
        Stage1::Skipped { origin, reason } => Err(Outcome::Skipped { origin, reason }),
        Stage1::Failed(message) => Err(Outcome::Failed(message)),
    }
}

/// What the run has seen, for deduplication: hashes of texts and of canonical URLs, and the articles
/// that copies may still join.
#[derive(Default)]
struct Seen {
    texts: HashSet<u64>,
    urls: HashSet<u64>,
    /// Articles not written yet, by text key, with the number of their record.
    waiting: HashMap<u64, u64>,
    /// URLs of copies, by the number of the article they join.
    copies: HashMap<u64, Vec<String>>,
    /// When the run saves keys in a journal (it has a checkpoint): the keys of every record
    /// deduplicated and not yet saved there, by record number, in input order.
    journal: Option<VecDeque<(u64, DedupKeys)>>,
}

impl Seen {
    /// `None` for a new article; else why the record is dropped. A copy of an article not yet
    /// written leaves its URLs for it.
    fn copy_of(&mut self, number: u64, keys: DedupKeys, meta: &Meta) -> Option<SkipReason> {
        if let Some(journal) = &mut self.journal {
            journal.push_back((number, keys));
        }
        let text_seen = !self.texts.insert(keys.text);
        let url_seen = keys.url.is_some_and(|k| !self.urls.insert(k));
        if !text_seen {
            if url_seen {
                // The same page again with another text (an update): the first version stays.
                return Some(SkipReason::Duplicate);
            }
            self.waiting.insert(keys.text, number);
            return None;
        }
        let Some(&original) = self.waiting.get(&keys.text) else {
            return Some(SkipReason::LateCopy);
        };
        let urls = self.copies.entry(original).or_default();
        for url in meta.url.iter().chain(&meta.other_urls) {
            if !urls.contains(url) {
                urls.push(url.clone());
            }
        }
        Some(SkipReason::Duplicate)
    }

    /// Starts from the keys an earlier run saved: their articles are written, so a copy of one is late.
    fn restore(&mut self, saved: &[(u64, DedupKeys)]) {
        for (_, keys) in saved {
            self.texts.insert(keys.text);
            self.urls.extend(keys.url);
        }
    }

    /// The journal entries of records before `done`, numbered from the start of the input (this run
    /// started after `offset` records).
    fn take_journal(&mut self, done: u64, offset: u64) -> Vec<(u64, DedupKeys)> {
        let Some(journal) = &mut self.journal else {
            return Vec::new();
        };
        let end = journal.partition_point(|&(number, _)| number < done);
        journal
            .drain(..end)
            .map(|(number, keys)| (offset + number, keys))
            .collect()
    }

    /// The article `number` is being written: copies can no longer join it. Returns their URLs.
    fn written(&mut self, number: u64, text_key: Option<u64>) -> Vec<String> {
        if let Some(key) = text_key
            && self.waiting.get(&key) == Some(&number)
        {
            self.waiting.remove(&key);
        }
        self.copies.remove(&number).unwrap_or_default()
    }
}

/// The keys are `std`'s hashes, which another build of warta may compute differently: this value
/// tells whether a saved journal still matches.
fn dedup_probe() -> u64 {
    const PROBE: &str = "warta deduplication probe";
    text_key(PROBE) ^ hash(PROBE).rotate_left(1)
}

fn hash(s: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    s.hash(&mut hasher);
    hasher.finish()
}

/// Syndicated copies differ in white space; that must not hide them. Hashed word by word, without
/// building the normalised text.
fn text_key(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    for word in text.split_whitespace() {
        hasher.write(word.as_bytes());
        // A byte UTF-8 never holds, so that "ab c" and "a bc" differ.
        hasher.write_u8(0xff);
    }
    hasher.finish()
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

// A job that panicked would never report back and the coordinator would wait for it forever; so a
// panic on one odd record becomes that record's failure, and the run goes on.

fn decode_safely(item: RawItem, options: &RunOptions) -> (Stage1, Option<DedupKeys>) {
    let origin = match &item {
        Ok(record) => record.origin.clone(),
        Err(err) => err.origin.clone(),
    };
    catch_unwind(AssertUnwindSafe(|| decode(item, options))).unwrap_or_else(|panic| {
        let message = format!(
            "{origin}: internal error while reading: {}",
            panic_message(&*panic)
        );
        (Stage1::Failed(message), None)
    })
}

fn analyse_safely(item: Stage1, pipeline: &Pipeline, options: &RunOptions) -> Outcome {
    let origin = match &item {
        Stage1::Article(article) => Some(article.origin.clone()),
        _ => None,
    };
    catch_unwind(AssertUnwindSafe(|| analyse(item, pipeline, options))).unwrap_or_else(|panic| {
        let origin = origin.map(|o| o.to_string()).unwrap_or_default();
        Outcome::Failed(format!(
            "{origin}: internal error: {}",
            panic_message(&*panic)
        ))
    })
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

fn decode(item: RawItem, options: &RunOptions) -> (Stage1, Option<DedupKeys>) {
    let stage = match item.and_then(|record| record.decode(options.decode)) {
        Ok(Decoded::Article(article)) => Stage1::Article(Box::new(article)),
        Ok(Decoded::Skipped { origin, reason }) => Stage1::Skipped { origin, reason },
        Err(err) => Stage1::Failed(err.to_string()),
    };
    let keys = match &stage {
        Stage1::Article(article) if options.dedup => Some(DedupKeys {
            text: text_key(&article.text),
            url: article.meta.url.as_deref().map(|u| hash(&canonical_url(u))),
        }),
        _ => None,
    };
    (stage, keys)
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
            return Outcome::Failed(format!(
                "{origin}: internal error in the pipeline: {}",
                panic_message(&*panic)
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

    fn keys(text: &str, url: &str) -> DedupKeys {
        DedupKeys {
            text: text_key(text),
            url: Some(hash(&canonical_url(url))),
        }
    }

    fn meta(url: &str) -> Meta {
        Meta {
            url: Some(url.to_owned()),
            ..Meta::default()
        }
    }

    #[test]
    fn copies_join_an_article_until_it_is_written() {
        let mut seen = Seen::default();
        let first = ("Berita  sama.\n\nParagraf dua.", "https://a.example/1");
        assert_eq!(
            seen.copy_of(0, keys(first.0, first.1), &meta(first.1)),
            None
        );
        let other = ("Berita lain.", "https://b.example/x");
        assert_eq!(
            seen.copy_of(1, keys(other.0, other.1), &meta(other.1)),
            None
        );
        let copy = ("Berita sama.\nParagraf dua.", "https://c.example/2");
        assert_eq!(
            seen.copy_of(2, keys(copy.0, copy.1), &meta(copy.1)),
            Some(SkipReason::Duplicate),
            "the same text up to white space"
        );
        let moved = ("Teks diperbarui.", "https://www.a.example/1/?utm_source=x");
        assert_eq!(
            seen.copy_of(3, keys(moved.0, moved.1), &meta(moved.1)),
            Some(SkipReason::Duplicate),
            "the same canonical URL"
        );
        assert_eq!(
            seen.written(0, Some(text_key(first.0))),
            ["https://c.example/2"]
        );
        assert!(seen.written(1, Some(text_key(other.0))).is_empty());
        // Once written, a copy can no longer reach the article: it is counted apart.
        let late = ("Berita lain.", "https://d.example/3");
        assert_eq!(
            seen.copy_of(4, keys(late.0, late.1), &meta(late.1)),
            Some(SkipReason::LateCopy)
        );
    }

    #[test]
    fn the_text_key_ignores_white_space_but_not_word_boundaries() {
        assert_eq!(text_key("a b\n\nc"), text_key(" a  b c "));
        assert_ne!(text_key("ab c"), text_key("a bc"));
    }

    #[test]
    fn added_urls_keep_the_document_otherwise_unchanged() {
        let document = serde_json::json!({
            "schema": "warta/1", "id": null, "url": "https://a.example/1", "title": "Judul",
            "published": null, "text": "Isi.", "removed": [], "dateline": null,
            "paragraphs": [{"start": 0, "end": 4}], "sentences": [{"start": 0, "end": 4}],
            "entities": [], "quotes": [], "dates": []
        });
        let mut rendered = serde_json::to_vec(&document).unwrap();
        rendered.push(b'\n');
        let urls = vec![
            "https://a.example/1".to_owned(),
            "https://b.example/2".to_owned(),
        ];
        add_other_urls(&mut rendered, urls).unwrap();
        assert_eq!(rendered.last(), Some(&b'\n'));
        let mut expected = document;
        expected["other_urls"] = serde_json::json!(["https://b.example/2"]);
        let written: serde_json::Value = serde_json::from_slice(&rendered).unwrap();
        assert_eq!(written, expected);
    }
}
