//! The streaming runner: how the threads of a run share the work.
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
//! `journal.rs`), so a resumed run recognises copies of articles written before it; such a
//! copy counts as `late_copy`, as in an uninterrupted run once its article has been written. With
//! `--unordered`, records of a later batch could be written before
//! an earlier batch is complete, so such a run takes one batch at a time.

use std::collections::{HashMap, HashSet, VecDeque};
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Instant;

use warta::identity::{ContentKey, canonical_url};
use warta::{Analysis, Document, Meta, OutputDocument, SCHEMA, Warta};
use warta_ingest::{Article, Decoded, Origin, Payload, RawRecord, RecordError, SkipReason};

use crate::journal::Journal;
use crate::{
    BatchError, FAILURES_KEPT, Failure, Fingerprint, Finished, NotOutput, Notice, Options, Product,
    Render, RenderError, Reporter, Sink, Summary,
};

/// What a record contributes to a checkpoint's [`Fingerprint`]: the first half of the SHA-256 of
/// its bytes (or of why it could not be read).
pub(crate) type Digest = [u8; 16];

fn digest(item: &RawItem) -> Digest {
    use sha2::{Digest as _, Sha256};
    let mut hasher = Sha256::new();
    match item {
        Ok(record) => match &record.payload {
            Payload::Text(bytes) | Payload::JsonLine(bytes) => hasher.update(bytes),
            Payload::Html { bytes, url, .. } => {
                hasher.update(bytes);
                hasher.update(url.as_deref().unwrap_or_default().as_bytes());
            }
            Payload::Nothing(reason) => hasher.update(reason.as_str().as_bytes()),
        },
        Err(err) => hasher.update(err.to_string().as_bytes()),
    }
    let mut digest = Digest::default();
    digest.copy_from_slice(&hasher.finalize()[..16]);
    digest
}

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

type RawItem = Result<RawRecord, RecordError>;

/// A record after decoding, before analysis.
enum Stage1 {
    Article(Box<Article>),
    /// A line of earlier warta output ([`Options::read_extracted`]).
    Extracted {
        origin: Origin,
        output: Box<OutputDocument>,
    },
    Skipped {
        origin: Origin,
        reason: SkipReason,
    },
    Failed(Failure),
}

/// What deduplication compares: the first bytes of the text's [`ContentKey`] and of the canonical
/// URL's, computed by the worker that decoded the record. Both are stable across builds, so a
/// journal saved by one build of warta serves the next.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DedupKeys {
    pub text: u64,
    pub url: Option<u64>,
}

impl DedupKeys {
    fn of(text: &str, url: Option<&str>) -> DedupKeys {
        DedupKeys {
            text: ContentKey::of(text).short(),
            url: url.map(|u| ContentKey::of(&canonical_url(u)).short()),
        }
    }
}

/// What happened to one record.
enum Outcome<T> {
    Done(Finished<T>),
    Skipped { origin: Origin, reason: SkipReason },
    Failed(Failure),
}

/// What the coordinator hears, from the reader and from the workers.
enum Event<T> {
    Batch {
        records: Vec<RawItem>,
        bytes: usize,
        /// The digest of each record, when the run keeps a checkpoint.
        digests: Vec<Digest>,
    },
    InputDone,
    Decoded {
        first: u64,
        records: Vec<(Stage1, Option<DedupKeys>)>,
    },
    Analysed {
        outcomes: Vec<(u64, Outcome<T>)>,
    },
}

/// Where one record is on its way through the run.
enum Slot<T> {
    Decoding,
    Decoded(Stage1, Option<DedupKeys>),
    Analysing,
    Done(Outcome<T>),
    Written,
}

struct Record<T> {
    slot: Slot<T>,
    /// The text key of an article that copies may still join.
    text_key: Option<u64>,
}

struct BatchInFlight {
    /// One past the last record of the batch.
    end: u64,
    /// The digests of its records, folded into the checkpoint's fingerprint once it is written.
    digests: Vec<Digest>,
    unwritten: usize,
    records: usize,
    bytes: usize,
}

/// The records between the oldest one not yet written and the newest one read.
struct Flight<T> {
    /// The number of the first record in `records`.
    base: u64,
    records: VecDeque<Record<T>>,
    batches: VecDeque<BatchInFlight>,
    /// Records read so far.
    read: u64,
    /// Records deduplicated so far (all of them come before the others).
    deduplicated: u64,
    input_done: bool,
    /// `--unordered`: records done but not yet written, in the order they were done.
    ready: VecDeque<u64>,
}

impl<T> Flight<T> {
    fn new() -> Self {
        Flight {
            base: 0,
            records: VecDeque::new(),
            batches: VecDeque::new(),
            read: 0,
            deduplicated: 0,
            input_done: false,
            ready: VecDeque::new(),
        }
    }

    fn record(&mut self, number: u64) -> &mut Record<T> {
        &mut self.records[(number - self.base) as usize]
    }

    fn add_batch(&mut self, records: usize, bytes: usize, digests: Vec<Digest>) -> u64 {
        let first = self.read;
        self.read += records as u64;
        self.records.extend((0..records).map(|_| Record {
            slot: Slot::Decoding,
            text_key: None,
        }));
        self.batches.push_back(BatchInFlight {
            end: self.read,
            digests,
            unwritten: records,
            records,
            bytes,
        });
        first
    }

    fn done(&mut self, number: u64, outcome: Outcome<T>, unordered: bool) {
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
    fn take_next_in_order(
        &mut self,
        wait_for_copies: bool,
    ) -> Option<(u64, Outcome<T>, Option<u64>)> {
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
fn spawn_reader<T: Send + 'static>(
    sources: impl Iterator<Item = RawItem> + Send + 'static,
    fingerprint: bool,
    events: Sender<Event<T>>,
    permits: Arc<Permits>,
) {
    std::thread::spawn(move || {
        let hand_over = |records: Vec<RawItem>, bytes: usize, digests: Vec<Digest>| {
            permits.take()
                && events
                    .send(Event::Batch {
                        records,
                        bytes,
                        digests,
                    })
                    .is_ok()
        };
        let mut batch = Vec::new();
        let mut digests = Vec::new();
        let mut bytes = 0;
        for item in sources {
            bytes += item.as_ref().map_or(0, RawRecord::byte_len);
            if fingerprint {
                digests.push(digest(&item));
            }
            batch.push(item);
            if (batch.len() >= BATCH_RECORDS || bytes >= BATCH_BYTES)
                && !hand_over(
                    std::mem::take(&mut batch),
                    std::mem::take(&mut bytes),
                    std::mem::take(&mut digests),
                )
            {
                return;
            }
        }
        if !batch.is_empty() && !hand_over(batch, bytes, digests) {
            return;
        }
        let _ = events.send(Event::InputDone);
    });
}

/// Runs `warta` over `sources` (usually [`Sources`](warta_ingest::Sources)) on the `workers` pool, handing every document to `sink` as `render`
/// makes it, in input order unless [`Options::unordered`].
///
/// Failures of single records are counted in the [`Summary`] (and end the run unless
/// [`Options::keep_going`]); an error is returned only when the run as a whole cannot go on: the
/// sink or the checkpoint cannot be written. A sink whose reader went away (a closed pipe) ends the
/// run quietly, with [`Summary::output_closed`].
pub fn run<R: Render>(
    sources: impl Iterator<Item = RawItem> + Send + 'static,
    warta: &Warta,
    render: &R,
    sink: &mut dyn Sink<R::Output>,
    reporter: &dyn Reporter,
    options: &Options,
    workers: &rayon::ThreadPool,
) -> Result<Summary, BatchError> {
    let started = Instant::now();
    let resume_from = options.checkpoint.as_ref().map_or(0, |c| c.records_done);
    let unordered = options.unordered;
    let in_flight = if unordered && options.checkpoint.is_some() {
        1
    } else {
        BATCHES_IN_FLIGHT
    };
    // A resumed run passes over the records the checkpoint counts as done, after checking that
    // they are the records it counted: other inputs would lose their first records silently.
    let mut sources = sources;
    let mut fingerprint = match &options.checkpoint {
        Some(checkpoint) if resume_from > 0 => {
            let mut fingerprint = Fingerprint::default();
            let mut passed = 0;
            for item in sources.by_ref().take(resume_from as usize) {
                fingerprint.add(digest(&item));
                passed += 1;
            }
            if passed < resume_from || fingerprint != checkpoint.fingerprint {
                return Err(BatchError::InputsDiffer {
                    path: checkpoint.path.clone(),
                    records: resume_from,
                });
            }
            fingerprint
        }
        _ => Fingerprint::default(),
    };
    let permits = Arc::new(Permits::new(in_flight));
    let (events, received) = channel::<Event<R::Output>>();
    spawn_reader(
        sources,
        options.checkpoint.is_some(),
        events.clone(),
        permits.clone(),
    );

    let mut summary = Summary::default();
    // Once the run stops, the workers pass over the jobs left instead of doing them for nothing.
    let stopping = AtomicBool::new(false);
    let mut flight = Flight::new();
    let mut seen = Seen::default();
    let wait_for_copies = options.dedup && !unordered;
    let journal = match &options.checkpoint {
        Some(checkpoint) if options.dedup => {
            let opened = Journal::open(&checkpoint.path, resume_from).map_err(|source| {
                BatchError::Journal {
                    path: Journal::path(&checkpoint.path),
                    source,
                }
            })?;
            if let Some(warning) = opened.warning {
                reporter.notice(Notice::JournalUnusable(warning));
            }
            seen.journal = Some(VecDeque::new());
            seen.restore(&opened.keys);
            Some(opened.journal)
        }
        _ => None,
    };

    let ended = workers.in_place_scope(|scope| -> Result<(), BatchError> {
        let mut delivery = Delivery {
            sink: &mut *sink,
            summary: &mut summary,
            reporter,
            keep_going: options.keep_going,
        };
        let result = (|| -> Result<(), BatchError> {
            while !flight.finished() {
                let Ok(event) = received.recv() else {
                    break;
                };
                match event {
                    Event::Batch {
                        records,
                        bytes,
                        digests,
                    } => {
                        let mut first = flight.add_batch(records.len(), bytes, digests);
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
                                    outcomes.push((number, analyse(article, warta, render)));
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
                // Hand over what may be handed over.
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
                        && let Outcome::Done(finished) = &mut outcome
                        && let Err(source) = render.add_other_urls(&mut finished.output, copies)
                    {
                        outcome = Outcome::Failed(Failure::Render {
                            origin: finished.origin.clone(),
                            source,
                        });
                    }
                    let flow = delivery.take(outcome)?;
                    if matches!(flow, Flow::Stop) {
                        // The record that stopped the run is not done: a checkpoint saved now
                        // would count it (it may close its batch), and a resumed run pass over it.
                        return Ok(());
                    }
                    for batch in flight.written(number) {
                        permits.give_back(1);
                        reporter.advance(batch.records as u64, batch.bytes as u64);
                        for digest in batch.digests {
                            fingerprint.add(digest);
                        }
                        if let Some(checkpoint) = &options.checkpoint {
                            // Only what is flushed may be counted as done, and the keys of what
                            // is done are saved before the checkpoint that counts it.
                            let output_bytes = delivery.sink.flush().map_err(BatchError::Sink)?;
                            let done = delivery.summary.records_in;
                            if let Some(journal) = &journal {
                                journal
                                    .append(&seen.take_journal(done, resume_from))
                                    .map_err(|source| BatchError::Journal {
                                        path: Journal::path(&checkpoint.path),
                                        source,
                                    })?;
                            }
                            checkpoint
                                .save(resume_from + done, output_bytes, fingerprint)
                                .map_err(|source| BatchError::Checkpoint {
                                    path: checkpoint.path.clone(),
                                    source,
                                })?;
                        }
                    }
                }
            }
            Ok(())
        })();
        stopping.store(true, Ordering::Relaxed);
        permits.close();
        result
    });
    let ended = ended.and_then(|()| sink.flush().map(drop).map_err(BatchError::Sink));
    match ended {
        Ok(()) => {}
        // `warta extract … | head` closes the pipe early; that ends the run quietly, as for `cat`.
        Err(BatchError::Sink(err)) if err.kind() == io::ErrorKind::BrokenPipe => {
            summary.output_closed = true;
        }
        Err(err) => return Err(err),
    }
    if let Some(checkpoint) = &options.checkpoint
        && !summary.stopped
        && !summary.output_closed
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

enum Flow {
    Go,
    Stop,
}

/// Where outcomes go, in the order they are handed over: the sink, the reporter and the run's tallies.
struct Delivery<'a, T> {
    sink: &'a mut dyn Sink<T>,
    summary: &'a mut Summary,
    reporter: &'a dyn Reporter,
    keep_going: bool,
}

impl<T> Delivery<'_, T> {
    /// Hands one outcome on; `Stop` after a failure without `keep_going`.
    fn take(&mut self, outcome: Outcome<T>) -> Result<Flow, BatchError> {
        let summary = &mut *self.summary;
        summary.records_in += 1;
        match outcome {
            Outcome::Done(finished) => {
                if finished.replacements > 0 {
                    summary.replacements += finished.replacements as u64;
                    self.reporter.notice(Notice::Replaced {
                        origin: &finished.origin,
                        count: finished.replacements,
                    });
                }
                summary.documents_out += 1;
                summary.quotes += finished.quotes as u64;
                self.sink.write(finished).map_err(BatchError::Sink)?;
            }
            Outcome::Skipped { origin, reason } => {
                *summary.skipped.entry(reason).or_default() += 1;
                self.reporter.notice(Notice::Skipped {
                    origin: &origin,
                    reason,
                });
            }
            Outcome::Failed(failure) => {
                self.reporter.notice(Notice::Failed(&failure));
                summary.failed += 1;
                if summary.failures.len() < FAILURES_KEPT {
                    summary.failures.push(failure);
                }
                if !self.keep_going {
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
fn deduplicate<T>(
    number: u64,
    stage: Stage1,
    keys: Option<DedupKeys>,
    seen: &mut Seen,
) -> Result<(Stage1, Option<u64>), Outcome<T>> {
    let Some(keys) = keys else {
        return match stage {
            Stage1::Skipped { origin, reason } => Err(Outcome::Skipped { origin, reason }),
            Stage1::Failed(failure) => Err(Outcome::Failed(failure)),
            stage => Ok((stage, None)),
        };
    };
    let copy = match &stage {
        Stage1::Article(article) => seen.copy_of(number, keys, &article.meta),
        Stage1::Extracted { output, .. } => {
            let meta = Meta {
                url: output.url.clone(),
                other_urls: output.other_urls.clone(),
                ..Meta::default()
            };
            seen.copy_of(number, keys, &meta)
        }
        // Only articles have keys.
        Stage1::Skipped { .. } | Stage1::Failed(_) => None,
    };
    match (copy, stage) {
        (None, stage) => Ok((stage, Some(keys.text))),
        (Some(reason), Stage1::Article(article)) => Err(Outcome::Skipped {
            origin: article.origin,
            reason,
        }),
        (Some(reason), Stage1::Extracted { origin, .. }) => {
            Err(Outcome::Skipped { origin, reason })
        }
        (Some(_), _) => unreachable!("only articles are copies"),
    }
}

/// What the run has seen, for deduplication: keys of texts and of canonical URLs, and the articles
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

// A job that panicked would never report back and the coordinator would wait for it forever; so a
// panic on one odd record becomes that record's failure, and the run goes on. (Analysis isolates
// its own panics: `Warta::analyse_document`.)

fn decode_safely(item: RawItem, options: &Options) -> (Stage1, Option<DedupKeys>) {
    let origin = match &item {
        Ok(record) => record.origin.clone(),
        Err(err) => err.origin.clone(),
    };
    catch_unwind(AssertUnwindSafe(|| decode(item, options))).unwrap_or_else(|panic| {
        let failure = Failure::Panicked {
            origin: origin.to_string(),
            message: panic_message(&*panic),
        };
        (Stage1::Failed(failure), None)
    })
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

fn decode(item: RawItem, options: &Options) -> (Stage1, Option<DedupKeys>) {
    let record = match item {
        Ok(record) => record,
        Err(err) => return (Stage1::Failed(Failure::Read(err)), None),
    };
    if options.read_extracted
        && let Payload::JsonLine(line) = &record.payload
        && let Some(extracted) = already_extracted(line)
    {
        let origin = record.origin;
        return match extracted {
            Ok(output) => {
                let keys = options
                    .dedup
                    .then(|| DedupKeys::of(&output.text, output.url.as_deref()));
                let output = Box::new(output);
                (Stage1::Extracted { origin, output }, keys)
            }
            Err(source) => (Stage1::Failed(Failure::Extracted { origin, source }), None),
        };
    }
    let stage = match record.decode(options.decode) {
        Ok(Decoded::Article(article)) => Stage1::Article(Box::new(article)),
        Ok(Decoded::Skipped { origin, reason }) => Stage1::Skipped { origin, reason },
        Err(err) => Stage1::Failed(Failure::Read(err)),
    };
    let keys = match &stage {
        Stage1::Article(article) if options.dedup => {
            Some(DedupKeys::of(&article.text, article.meta.url.as_deref()))
        }
        _ => None,
    };
    (stage, keys)
}

/// A line of warta output, recognised by its `schema` field; `None` for anything else, which is
/// then read as an article.
fn already_extracted(line: &[u8]) -> Option<Result<OutputDocument, NotOutput>> {
    let line = std::str::from_utf8(line).ok()?;
    // Most lines are articles: spare them a second parse.
    if !line.contains("\"schema\"") {
        return None;
    }
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    let schema = value.get("schema")?.as_str()?;
    if schema != SCHEMA {
        // Another version of warta's output is not an article either: reading it as one would
        // store its text as a new article, or misread its spans.
        return schema
            .starts_with("warta/")
            .then(|| Err(NotOutput::Schema(schema.to_owned())));
    }
    Some(
        serde_json::from_value(value)
            .map_err(NotOutput::from)
            .and_then(|output: OutputDocument| match span_outside(&output) {
                Some(problem) => Err(problem),
                None => Ok(output),
            }),
    )
}

/// The first span of `output` that does not lie in its text.
fn span_outside(output: &OutputDocument) -> Option<NotOutput> {
    let length = output.text.chars().count();
    output
        .spans()
        .find(|&(_, start, end)| start > end || end > length)
        .map(|(place, start, end)| NotOutput::SpanOutside {
            kind: place.kind(),
            start,
            end,
            length,
        })
}

fn analyse<R: Render>(item: Stage1, warta: &Warta, render: &R) -> Outcome<R::Output> {
    match item {
        Stage1::Article(article) => {
            let Article {
                origin,
                text,
                meta,
                replacements,
            } = *article;
            let analysis: Analysis = match warta.analyse_document(Document::new(text, meta)) {
                Ok(analysis) => analysis,
                Err(source) => return Outcome::Failed(Failure::Analyse { origin, source }),
            };
            let quotes = analysis.document().quotes.len();
            finish(
                render.render(Product::Analysed(&analysis), &origin),
                origin,
                replacements,
                quotes,
            )
        }
        Stage1::Extracted { origin, output } => {
            let quotes = output.quotes.len();
            finish(
                render.render(Product::Extracted(&output), &origin),
                origin,
                0,
                quotes,
            )
        }
        Stage1::Skipped { origin, reason } => Outcome::Skipped { origin, reason },
        Stage1::Failed(failure) => Outcome::Failed(failure),
    }
}

fn finish<T>(
    rendered: Result<T, RenderError>,
    origin: Origin,
    replacements: usize,
    quotes: usize,
) -> Outcome<T> {
    match rendered {
        Ok(output) => Outcome::Done(Finished {
            origin,
            output,
            replacements,
            quotes,
        }),
        Err(source) => Outcome::Failed(Failure::Render { origin, source }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str, url: &str) -> DedupKeys {
        DedupKeys::of(text, Some(url))
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
        let first_key = keys(first.0, first.1).text;
        assert_eq!(seen.written(0, Some(first_key)), ["https://c.example/2"]);
        assert!(
            seen.written(1, Some(keys(other.0, other.1).text))
                .is_empty()
        );
        // Once written, a copy can no longer reach the article: it is counted apart.
        let late = ("Berita lain.", "https://d.example/3");
        assert_eq!(
            seen.copy_of(4, keys(late.0, late.1), &meta(late.1)),
            Some(SkipReason::LateCopy)
        );
    }

    #[test]
    fn a_line_of_warta_output_is_recognised_and_anything_else_is_an_article() {
        let line = br#"{"schema": "warta/1", "text": "x"}"#;
        assert!(
            matches!(already_extracted(line), Some(Err(_))),
            "incomplete"
        );
        assert!(already_extracted(br#"{"text": "Berita.", "schema": "lain/2"}"#).is_none());
        assert!(already_extracted(br#"{"text": "Berita."}"#).is_none());
    }
}
