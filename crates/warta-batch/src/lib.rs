//! Runs warta over a corpus: the one batch engine behind `warta extract`, `warta index` and
//! `warta throughput` (and the Python binding).
//!
//! [`run`] reads records from [`Sources`], decodes and analyses them on a rayon pool, drops
//! syndicated copies, and hands each finished document to a [`Sink`] in input order, telling a
//! [`Reporter`] how it goes. What a document becomes on the worker threads (a JSON line, a table, an
//! [`OutputDocument`] for the store) is the [`Render`]'s business. The engine holds a bounded number
//! of batches in memory whatever the size of the corpus, isolates a panic to its record, and can save
//! a checkpoint after every batch so that an interrupted run resumes without loss or duplication.
//! See [`runner`] for how the threads share the work.
//!
//! It never prints: warnings and failures go to the reporter, and the caller decides what a
//! [`Summary`] means for its exit code.

mod journal;
pub mod runner;

use std::collections::BTreeMap;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

use warta::{Analysis, OutputDocument};
use warta_ingest::{DecodeOptions, Origin, RecordError, SkipReason};

pub use runner::run;

/// How a run goes.
#[derive(Default)]
pub struct Options {
    pub decode: DecodeOptions,
    /// Go on after a record fails (else the run stops at the first failure).
    pub keep_going: bool,
    /// Drop articles whose text or canonical URL came earlier in the run; a copy found while its
    /// article is still in flight adds its URLs to the article's `other_urls`.
    pub dedup: bool,
    /// Where to save progress after every batch, and how far an earlier run got.
    pub checkpoint: Option<Checkpoint>,
    /// Hand each document to the sink as soon as it is done, in whatever order the workers finish.
    pub unordered: bool,
    /// Take a JSON line that is already warta output (`"schema": "warta/1"`) as it is, instead of
    /// reading it as an article (what `warta index` does with `warta extract` output).
    pub read_extracted: bool,
}

/// What a worker thread has made of a record, ready to be rendered.
pub enum Product<'a> {
    Analysed(&'a Analysis),
    /// A line of earlier warta output, taken as it was ([`Options::read_extracted`]).
    Extracted(&'a OutputDocument),
}

/// Why a [`Render`] could not make its output of a document: a serialiser's error, or a message.
pub type RenderError = Box<dyn std::error::Error + Send + Sync>;

/// What each document becomes, on the worker threads (so that serialising runs on every core).
pub trait Render: Sync {
    type Output: Send + 'static;

    fn render(&self, product: Product<'_>, origin: &Origin) -> Result<Self::Output, RenderError>;

    /// Adds the URLs of syndicated copies found after the document was rendered (rare). The default
    /// drops them: not every output has a place for URLs.
    fn add_other_urls(
        &self,
        _output: &mut Self::Output,
        _urls: Vec<String>,
    ) -> Result<(), RenderError> {
        Ok(())
    }
}

/// A finished document, as the sink receives it.
pub struct Finished<T> {
    pub origin: Origin,
    pub output: T,
    /// Invalid UTF-8 sequences replaced while reading (with lossy decoding).
    pub replacements: usize,
    pub quotes: usize,
}

/// Where finished documents go, one at a time, on the thread that called [`run`].
pub trait Sink<T> {
    fn write(&mut self, finished: Finished<T>) -> io::Result<()>;

    /// Makes what was written durable and returns how many bytes of output that is: a checkpoint
    /// saves it, and a resumed run cuts the output back to it.
    fn flush(&mut self) -> io::Result<u64>;
}

/// Told how the run goes, on the thread that called [`run`]. Every method has a silent default.
pub trait Reporter {
    /// `records` more input records, `bytes` of input, are completely done.
    fn advance(&self, _records: u64, _bytes: u64) {}
    fn notice(&self, _notice: Notice<'_>) {}
}

/// A reporter that says nothing.
pub struct Silent;
impl Reporter for Silent {}

/// Something the user may want to hear about while the run goes on.
pub enum Notice<'a> {
    /// Lossy decoding replaced invalid UTF-8 in this record.
    Replaced {
        origin: &'a Origin,
        count: usize,
    },
    /// A record was skipped (empty, not Indonesian, a copy …).
    Skipped {
        origin: &'a Origin,
        reason: SkipReason,
    },
    Failed(&'a Failure),
    /// The deduplication keys saved by an interrupted run could not be used.
    JournalUnusable(String),
}

/// Why one record produced no document.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error(transparent)]
    Read(#[from] RecordError),
    #[error("{origin}: {source}")]
    Analyse {
        origin: Origin,
        #[source]
        source: warta::Error,
    },
    #[error("{origin}: not a warta/1 object: {source}")]
    Extracted {
        origin: Origin,
        #[source]
        source: NotOutput,
    },
    #[error("{origin}: cannot render: {source}")]
    Render {
        origin: Origin,
        #[source]
        source: RenderError,
    },
    /// A bug met while reading: isolated to the record.
    #[error("{origin}: internal error while reading: {message}")]
    Panicked { origin: String, message: String },
}

/// Why a JSON line that names warta's schema cannot be taken as warta output
/// ([`Options::read_extracted`]).
#[derive(Debug, thiserror::Error)]
pub enum NotOutput {
    /// Another version of warta's output.
    #[error("its schema is `{0}`")]
    Schema(String),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// A span that does not lie in the text: a consumer (the store, a highlighter) would slice the
    /// text with it.
    #[error("a {kind} spans {start}..{end}, outside the text ({length} characters)")]
    SpanOutside {
        kind: &'static str,
        start: usize,
        end: usize,
        length: usize,
    },
}

/// Why the run as a whole could not go on.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("cannot write the output")]
    Sink(#[source] io::Error),
    #[error("cannot save the checkpoint {path}")]
    Checkpoint {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("cannot read the checkpoint {path}")]
    CheckpointUnreadable {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// Not a checkpoint, or one saved by a warta that did not record what its inputs were.
    #[error("{path} is not a checkpoint this warta can resume from: {reason}")]
    CheckpointInvalid { path: PathBuf, reason: String },
    /// A resumed run's inputs do not begin with the records its checkpoint counts as done.
    #[error(
        "the inputs are not those of the interrupted run: their first {records} records differ from \
         the ones {path} counts as done"
    )]
    InputsDiffer { path: PathBuf, records: u64 },
    #[error("cannot write the deduplication journal {path}")]
    Journal {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Failures kept in the summary (the reporter heard of every one).
pub const FAILURES_KEPT: usize = 20;

/// What a run did.
#[derive(Debug, Default)]
pub struct Summary {
    pub records_in: u64,
    pub documents_out: u64,
    pub quotes: u64,
    pub skipped: BTreeMap<SkipReason, u64>,
    pub failed: u64,
    /// The first [`FAILURES_KEPT`] failures.
    pub failures: Vec<Failure>,
    pub replacements: u64,
    /// The run stopped at a failure (without `keep_going`).
    pub stopped: bool,
    /// The sink refused more output because its reader went away (a closed pipe): not an error.
    pub output_closed: bool,
    pub elapsed: Duration,
}

/// What the records done so far were: each record's bytes hashed (SHA-256), folded in input order.
/// A resumed run recomputes it over the records it passes over, so it notices when it was given
/// other inputs (or the same ones in another order, or edited before the checkpoint).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fingerprint([u8; 16]);

impl Fingerprint {
    pub(crate) fn add(&mut self, digest: runner::Digest) {
        use sha2::{Digest as _, Sha256};
        let mut hasher = Sha256::new();
        hasher.update(self.0);
        hasher.update(digest);
        self.0.copy_from_slice(&hasher.finalize()[..16]);
    }

    fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn parse(hex: &str) -> Option<Fingerprint> {
        let mut bytes = [0u8; 16];
        if hex.len() != 32 || !hex.is_ascii() {
            return None;
        }
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(Fingerprint(bytes))
    }
}

/// A sidecar file next to the output (`OUTPUT.checkpoint`): how far the last completed batch got.
///
/// Format: a header line `warta-checkpoint 2`, then `records N`, `bytes N`, `fingerprint HEX`
/// and, when the caller set one, `partial NAME`. Version 1 (`records bytes` alone) did not record
/// what the inputs were, so it cannot be resumed from safely.
pub struct Checkpoint {
    pub path: PathBuf,
    /// Records of the inputs already done by an earlier run (0 for a fresh run).
    pub records_done: u64,
    /// Bytes of the output when that earlier run saved its checkpoint.
    pub output_bytes: u64,
    /// What those records were.
    pub fingerprint: Fingerprint,
    /// Where the caller writes the output until the run is finished (the CLI's temporary file
    /// beside the output), kept so that a resumed run finds it; one line of text.
    pub partial: Option<String>,
}

const CHECKPOINT_HEADER: &str = "warta-checkpoint 2";

impl Checkpoint {
    /// A fresh checkpoint at `path`.
    pub fn new(path: PathBuf) -> Checkpoint {
        Checkpoint {
            path,
            records_done: 0,
            output_bytes: 0,
            fingerprint: Fingerprint::default(),
            partial: None,
        }
    }

    pub fn load(path: PathBuf) -> Result<Checkpoint, BatchError> {
        let saved = match std::fs::read_to_string(&path) {
            Ok(saved) => saved,
            Err(source) => return Err(BatchError::CheckpointUnreadable { path, source }),
        };
        let invalid = |path: PathBuf, reason: &str| BatchError::CheckpointInvalid {
            path,
            reason: reason.to_owned(),
        };
        let mut lines = saved.lines();
        if lines.next() != Some(CHECKPOINT_HEADER) {
            let older = saved.split_whitespace().count() == 2
                && saved.split_whitespace().all(|f| f.parse::<u64>().is_ok());
            return Err(invalid(
                path,
                if older {
                    "an older warta saved it without recording its inputs; start afresh without --resume"
                } else {
                    "not a warta checkpoint"
                },
            ));
        }
        let mut checkpoint = Checkpoint::new(PathBuf::new());
        let (mut records, mut bytes, mut fingerprint) = (None, None, None);
        for line in lines {
            let (key, value) = line.split_once(' ').unwrap_or((line, ""));
            match key {
                "records" => records = value.parse().ok(),
                "bytes" => bytes = value.parse().ok(),
                "fingerprint" => fingerprint = Fingerprint::parse(value),
                "partial" => checkpoint.partial = Some(value.to_owned()),
                _ => {}
            }
        }
        let (Some(records), Some(bytes), Some(fingerprint)) = (records, bytes, fingerprint) else {
            return Err(invalid(path, "damaged (a field is missing)"));
        };
        checkpoint.path = path;
        checkpoint.records_done = records;
        checkpoint.output_bytes = bytes;
        checkpoint.fingerprint = fingerprint;
        Ok(checkpoint)
    }

    fn save(
        &self,
        records_done: u64,
        output_bytes: u64,
        fingerprint: Fingerprint,
    ) -> io::Result<()> {
        let mut saved = format!(
            "{CHECKPOINT_HEADER}\nrecords {records_done}\nbytes {output_bytes}\nfingerprint {}\n",
            fingerprint.hex()
        );
        if let Some(partial) = &self.partial {
            saved += &format!("partial {partial}\n");
        }
        let temporary = self.path.with_extension("checkpoint-new");
        std::fs::write(&temporary, saved)?;
        std::fs::rename(&temporary, &self.path)
    }

    /// The sidecar files a run with this checkpoint writes, besides the checkpoint itself: for a
    /// caller that checks it can write them before it touches anything.
    pub fn sidecars(&self) -> Vec<PathBuf> {
        vec![
            self.path.clone(),
            self.path.with_extension("checkpoint-new"),
            journal::Journal::path(&self.path),
            journal::Journal::path(&self.path).with_extension("dedup-new"),
        ]
    }
}

/// Renders each document as one line of JSON Lines: what `warta extract` writes.
pub struct JsonLines(pub warta::OutputOptions);

impl Render for JsonLines {
    type Output = Vec<u8>;

    fn render(&self, product: Product<'_>, _origin: &Origin) -> Result<Vec<u8>, RenderError> {
        Ok(match product {
            Product::Analysed(analysis) => analysis.to_json_line(self.0)?,
            Product::Extracted(output) => {
                let mut line = serde_json::to_vec(output)?;
                line.push(b'\n');
                line
            }
        })
    }

    /// Copies are rare, so reading the line back is cheaper than keeping every document unrendered
    /// until no copy can come.
    fn add_other_urls(&self, line: &mut Vec<u8>, urls: Vec<String>) -> Result<(), RenderError> {
        let mut document: OutputDocument = serde_json::from_slice(line)?;
        add_urls(&mut document, urls);
        line.clear();
        serde_json::to_writer(&mut *line, &document)?;
        line.push(b'\n');
        Ok(())
    }
}

/// Keeps each document as the output contract: for a consumer that stores or inspects it.
pub struct Documents(pub warta::OutputOptions);

impl Render for Documents {
    type Output = OutputDocument;

    fn render(
        &self,
        product: Product<'_>,
        _origin: &Origin,
    ) -> Result<OutputDocument, RenderError> {
        Ok(match product {
            Product::Analysed(analysis) => analysis.output(self.0),
            Product::Extracted(output) => output.clone(),
        })
    }

    fn add_other_urls(
        &self,
        output: &mut OutputDocument,
        urls: Vec<String>,
    ) -> Result<(), RenderError> {
        add_urls(output, urls);
        Ok(())
    }
}

fn add_urls(document: &mut OutputDocument, urls: Vec<String>) {
    for url in urls {
        if document.url.as_ref() != Some(&url) && !document.other_urls.contains(&url) {
            document.other_urls.push(url);
        }
    }
}

/// A sink that writes rendered bytes to a writer, counting them for checkpoints.
pub struct WriteSink<W: io::Write> {
    writer: W,
    /// Bytes of output, including those an earlier run wrote before its checkpoint.
    pub bytes: u64,
}

impl<W: io::Write> WriteSink<W> {
    /// `bytes_before`: what the output already holds (a resumed run), else 0.
    pub fn new(writer: W, bytes_before: u64) -> Self {
        WriteSink {
            writer,
            bytes: bytes_before,
        }
    }
}

impl<W: io::Write> Sink<Vec<u8>> for WriteSink<W> {
    fn write(&mut self, finished: Finished<Vec<u8>>) -> io::Result<()> {
        self.writer.write_all(&finished.output)?;
        self.bytes += finished.output.len() as u64;
        Ok(())
    }

    fn flush(&mut self) -> io::Result<u64> {
        self.writer.flush()?;
        Ok(self.bytes)
    }
}

/// Collects finished documents in memory: for tests, and for callers that want a batch back.
pub struct Collect<T>(pub Vec<Finished<T>>);

impl<T> Sink<T> for Collect<T> {
    fn write(&mut self, finished: Finished<T>) -> io::Result<()> {
        self.0.push(finished);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<u64> {
        Ok(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        JsonLines(Default::default())
            .add_other_urls(&mut rendered, urls)
            .unwrap();
        assert_eq!(rendered.last(), Some(&b'\n'));
        let mut expected = document;
        expected["other_urls"] = serde_json::json!(["https://b.example/2"]);
        let written: serde_json::Value = serde_json::from_slice(&rendered).unwrap();
        assert_eq!(written, expected);
    }
}
