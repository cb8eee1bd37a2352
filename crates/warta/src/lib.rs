//! **warta** as a library: who said what, in what role, about whom, where and when, in Indonesian news.
//!
//! ```no_run
//! let warta = warta::Warta::bundled()?;
//! let analysis = warta.analyse("“Kami akan panggil,” kata Budi.", &warta::Meta::default())?;
//! println!("{}", serde_json::to_string(&analysis.output(Default::default()))?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`Warta`] holds the pipeline (cleaning → segmentation → entities → dates → quotes) with its models
//! loaded once; it is `Sync`, so one value serves every thread. Every front end (the `warta` command's
//! `extract`, `index` and `throughput`, the server's `POST /extract`, the batch runner in `warta-batch`)
//! goes through [`Warta::analyse_document`], so they write the same document for the same input:
//! metadata is normalised here, once ([`normalise_meta`]), and the output contract is
//! [`OutputDocument`], defined in `warta-core`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
pub use warta_core::identity;
pub use warta_core::output::{OutputDocument, OutputOptions};
pub use warta_core::{Document, Layer, Meta, Pipeline, SCHEMA, Stage, StageError};

/// Why warta could not start or could not analyse an article.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot load the entity model {origin}")]
    Model {
        origin: String,
        #[source]
        source: warta_entities::NerError,
    },
    #[error(transparent)]
    Stage(#[from] StageError),
    /// A stage panicked on this article: a bug, isolated to the article so that a corpus goes on.
    #[error("internal error in stage `{stage}`: {message}")]
    Panicked {
        stage: &'static str,
        message: String,
    },
    /// The article is larger than the engine was built to analyse ([`Builder::max_document_bytes`]).
    #[error("the text has {bytes} bytes, more than the {limit} an article may have")]
    TooLarge { bytes: usize, limit: usize },
    /// The article took longer than its budget ([`Builder::max_document_time`]); checked after each
    /// stage, so the time is over when the stage named ends.
    #[error("over its time budget of {limit:?} after stage `{stage}` ({spent:?})")]
    OverTime {
        stage: &'static str,
        spent: Duration,
        limit: Duration,
    },
}

/// Builds a [`Warta`] with other than the bundled settings.
#[derive(Default)]
pub struct Builder {
    entity_model: Option<std::path::PathBuf>,
    stage_times: bool,
    limits: Limits,
}

/// What one article may cost; `None`: no limit.
#[derive(Clone, Copy, Debug, Default)]
struct Limits {
    bytes: Option<usize>,
    time: Option<Duration>,
}

impl Builder {
    /// Tag entities with the model in this file (as `warta train ner` writes it) instead of the
    /// bundled one.
    pub fn entity_model(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.entity_model = Some(path.into());
        self
    }

    /// Add up the time each stage takes, for [`Warta::stage_times`] (what `warta throughput`
    /// reports); it costs two clock reads per stage and article.
    pub fn stage_times(mut self, on: bool) -> Self {
        self.stage_times = on;
        self
    }

    /// Refuse articles longer than `bytes` ([`Error::TooLarge`]) instead of analysing them.
    pub fn max_document_bytes(mut self, bytes: usize) -> Self {
        self.limits.bytes = Some(bytes);
        self
    }

    /// Fail an article whose analysis takes longer than `time` ([`Error::OverTime`]), so that one
    /// odd article cannot hold a worker for long. Every stage is linear in its input, so the check
    /// after each stage bounds the whole.
    pub fn max_document_time(mut self, time: Duration) -> Self {
        self.limits.time = Some(time);
        self
    }

    pub fn build(self) -> Result<Warta, Error> {
        let tagger = match &self.entity_model {
            None => warta_entities::Tagger::bundled().map_err(|source| Error::Model {
                origin: "bundled with warta (models/ner/warta-ner.bin)".into(),
                source,
            })?,
            Some(path) => warta_entities::Tagger::load(path).map_err(|source| Error::Model {
                origin: path.display().to_string(),
                source,
            })?,
        };
        let pipeline = Pipeline::new()
            .with(warta_text::Cleaner::new())
            .with(warta_text::Segmenter::new())
            // Entities before dates and quotes: both read them.
            .with(warta_entities::EntityStage::new(tagger))
            .with(warta_dates::DateStage::new())
            .with(warta_quotes::QuoteStage::new());
        pipeline.check()?;
        let stage_nanos = if self.stage_times {
            pipeline.stages().map(|_| AtomicU64::new(0)).collect()
        } else {
            Vec::new()
        };
        Ok(Warta {
            pipeline,
            stage_nanos,
            limits: self.limits,
        })
    }
}

/// The engine: the pipeline with its models loaded.
pub struct Warta {
    pipeline: Pipeline,
    /// Nanoseconds spent in each stage, in pipeline order; empty unless asked for.
    stage_nanos: Vec<AtomicU64>,
    limits: Limits,
}

impl Warta {
    /// The default pipeline with the models that ship inside warta.
    pub fn bundled() -> Result<Warta, Error> {
        Warta::builder().build()
    }

    pub fn builder() -> Builder {
        Builder::default()
    }

    /// An engine that runs other stages than warta's own: for tests and experiments. Metadata is
    /// still normalised and panics still isolated.
    pub fn with_pipeline(pipeline: Pipeline) -> Warta {
        Warta {
            pipeline,
            stage_nanos: Vec::new(),
            limits: Limits::default(),
        }
    }

    /// The stages, in the order they run.
    pub fn stages(&self) -> impl Iterator<Item = &dyn Stage> {
        self.pipeline.stages()
    }

    /// Analyses one article: `text` as it was read, `meta` as the input gave it.
    pub fn analyse(&self, text: impl Into<String>, meta: &Meta) -> Result<Analysis, Error> {
        self.analyse_document(Document::new(text.into(), meta.clone()))
    }

    /// Analyses a document that holds only its text and metadata. A panic in a stage becomes
    /// [`Error::Panicked`] for this article alone.
    pub fn analyse_document(&self, mut doc: Document) -> Result<Analysis, Error> {
        if let Some(limit) = self.limits.bytes
            && doc.text().len() > limit
        {
            return Err(Error::TooLarge {
                bytes: doc.text().len(),
                limit,
            });
        }
        normalise_meta(&mut doc.meta);
        let begun = Instant::now();
        for (i, stage) in self.pipeline.stages().enumerate() {
            let started = self.stage_nanos.get(i).map(|_| Instant::now());
            catch_unwind(AssertUnwindSafe(|| stage.process(&mut doc))).map_err(|panic| {
                Error::Panicked {
                    stage: stage.name(),
                    message: panic_message(&*panic),
                }
            })??;
            if let (Some(started), Some(spent)) = (started, self.stage_nanos.get(i)) {
                spent.fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
            }
            if let Some(limit) = self.limits.time
                && begun.elapsed() > limit
            {
                return Err(Error::OverTime {
                    stage: stage.name(),
                    spent: begun.elapsed(),
                    limit,
                });
            }
        }
        Ok(Analysis { doc })
    }

    /// Analyses many articles on rayon's current pool, keeping their order.
    pub fn analyse_batch(&self, articles: Vec<(String, Meta)>) -> Vec<Result<Analysis, Error>> {
        articles
            .into_par_iter()
            .map(|(text, meta)| self.analyse_document(Document::new(text, meta)))
            .collect()
    }

    /// Time spent in each stage since the engine was built, when built with
    /// [`Builder::stage_times`]; else empty.
    pub fn stage_times(&self) -> Vec<(&'static str, Duration)> {
        self.pipeline
            .stages()
            .zip(&self.stage_nanos)
            .map(|(stage, nanos)| {
                (
                    stage.name(),
                    Duration::from_nanos(nanos.load(Ordering::Relaxed)),
                )
            })
            .collect()
    }
}

/// One analysed article: the unchanged text with every stage's layer of spans.
pub struct Analysis {
    doc: Document,
}

impl Analysis {
    pub fn document(&self) -> &Document {
        &self.doc
    }

    pub fn into_document(self) -> Document {
        self.doc
    }

    /// The output contract (`"schema": "warta/1"`), with code-point offsets.
    pub fn output(&self, options: OutputOptions) -> OutputDocument {
        OutputDocument::from_document(&self.doc, options)
    }

    /// The output as one line of JSON Lines, newline included: what `warta extract` writes.
    pub fn to_json_line(&self, options: OutputOptions) -> serde_json::Result<Vec<u8>> {
        let mut line = Vec::with_capacity(self.doc.text().len() * 2 + 256);
        serde_json::to_writer(&mut line, &self.output(options))?;
        line.push(b'\n');
        Ok(line)
    }
}

/// Metadata as every front end must see it: publication and update times in ISO 8601 when they can
/// be read ("Diperbarui 18 Jun 2025, 14:05 WIB" → "2025-06-18T14:05+07:00"; the output writes null
/// for one that cannot), and no blank strings where a value is absent.
pub fn normalise_meta(meta: &mut Meta) {
    for field in [
        &mut meta.id,
        &mut meta.url,
        &mut meta.title,
        &mut meta.published,
        &mut meta.author,
        &mut meta.source,
        &mut meta.modified,
        &mut meta.section,
        &mut meta.lang,
    ] {
        if field.as_deref().is_some_and(|v| v.trim().is_empty()) {
            *field = None;
        }
    }
    for time in [&mut meta.published, &mut meta.modified] {
        if let Some(iso) = time.as_deref().and_then(warta_dates::parse_published) {
            *time = Some(iso);
        }
    }
    meta.other_urls.retain(|url| !url.trim().is_empty());
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publication_times_are_read_once_for_every_front_end() {
        let mut meta = Meta {
            published: Some("Diperbarui 18 Jun 2025, 14:05 WIB".into()),
            modified: Some("tanpa tanggal".into()),
            title: Some("  ".into()),
            ..Meta::default()
        };
        normalise_meta(&mut meta);
        assert_eq!(meta.published.as_deref(), Some("2025-06-18T14:05+07:00"));
        // Unreadable: kept as given (the output writes null), never guessed.
        assert_eq!(meta.modified.as_deref(), Some("tanpa tanggal"));
        assert_eq!(meta.title, None);
    }

    struct Panics;
    impl Stage for Panics {
        fn name(&self) -> &'static str {
            "panics"
        }
        fn process(&self, _: &mut Document) -> Result<(), StageError> {
            panic!("odd article")
        }
    }

    struct Slow;
    impl Stage for Slow {
        fn name(&self) -> &'static str {
            "slow"
        }
        fn process(&self, _: &mut Document) -> Result<(), StageError> {
            std::thread::sleep(Duration::from_millis(30));
            Ok(())
        }
    }

    #[test]
    fn an_article_over_its_budget_fails_with_the_reason() {
        let mut warta = Warta::with_pipeline(Pipeline::new().with(Slow).with(Slow));
        warta.limits = Limits {
            bytes: Some(10),
            time: Some(Duration::from_millis(10)),
        };
        let over_time = warta.analyse("Pendek.", &Meta::default()).err().unwrap();
        assert!(
            matches!(over_time, Error::OverTime { stage: "slow", .. }),
            "{over_time}"
        );
        let too_large = warta
            .analyse("Teks yang terlalu panjang.", &Meta::default())
            .err()
            .unwrap();
        assert_eq!(
            too_large.to_string(),
            "the text has 26 bytes, more than the 10 an article may have"
        );
    }

    #[test]
    fn a_panicking_stage_fails_only_its_article() {
        let warta = Warta::with_pipeline(Pipeline::new().with(Panics));
        let err = warta
            .analyse("Teks.", &Meta::default())
            .err()
            .expect("the panic is an error");
        assert!(
            matches!(&err, Error::Panicked { stage: "panics", message } if message == "odd article"),
            "{err}"
        );
    }
}
