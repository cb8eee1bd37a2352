//! `warta index`: extract articles and store them, one transaction per article.
//!
//! Inputs are read by `warta_ingest`, exactly as `warta extract` reads them; in addition, a JSON
//! line that is already `warta extract` output (`"schema": "warta/1"`) is stored as it is.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use rayon::prelude::*;
use serde_json::Value;
use warta_core::output::OutputDocument;
use warta_core::{Document, SCHEMA};
use warta_ingest::{
    DecodeOptions, Decoded, InputFormat, Payload, RawRecord, RecordError, SkipReason, Sources,
};
use warta_store::extract::{Input, extract_batch};
use warta_store::names::AliasTable;
use warta_store::{QuoteQuery, Store};

use super::extract::Lang;

#[derive(clap::Args)]
pub struct Args {
    /// Articles, read as `warta extract` reads them: plain-text files (one article each), JSON
    /// Lines (`text` plus optional `id`, `url`, `title`, `published`, `source`, `author`; lines of
    /// `warta extract` output are stored as they are), HTML pages, WARC archives, any of them
    /// gzipped; directories (recursively), glob patterns, or `-` for standard input.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// The corpus database (created if missing).
    #[arg(long, default_value = "warta.db")]
    db: PathBuf,
    /// Apply an aliases file (`Full Name = alias; alias`) after indexing.
    #[arg(long)]
    aliases: Option<PathBuf>,
    /// Go on past articles that cannot be read or extracted, and summarise them at the end.
    #[arg(long)]
    keep_going: bool,
    /// Replace invalid UTF-8 with U+FFFD (reporting how many) instead of failing.
    #[arg(long)]
    lossy: bool,
    /// Web pages to keep: `id` only those identified as Indonesian, `any` all.
    #[arg(long, value_enum, default_value = "id")]
    lang: Lang,
    /// Print `indexed ID ORIGIN` on standard output as each article is committed.
    #[arg(long, short)]
    verbose: bool,
    /// Then print who said what in the articles of this run: per article, each quote's speaker
    /// (as the corpus knows them), their role and the quote.
    #[arg(long)]
    show: bool,
}

/// Records decoded and extracted in parallel per batch; each article is still committed on its own.
const BATCH: usize = 64;

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut store =
        Store::open(&args.db).with_context(|| format!("opening {}", args.db.display()))?;
    let pipeline = warta_pipeline::build(&Default::default())?;
    let decode_options = DecodeOptions {
        lossy: args.lossy,
        indonesian_only: matches!(args.lang, Lang::Id),
        ..DecodeOptions::default()
    };
    let started = Instant::now();
    let mut counts = Counts::default();
    // The articles of this run, in input order, for --show.
    let mut shown: Vec<(i64, String)> = Vec::new();
    let stdout = io::stdout();
    let mut stdout = stdout.lock();

    let mut store_all =
        |articles: Vec<(String, Input)>, counts: &mut Counts| -> anyhow::Result<()> {
            if articles.is_empty() {
                return Ok(());
            }
            for (origin, output) in extract_batch(&pipeline, articles) {
                let output = match output {
                    Ok(output) => output,
                    Err(err) => {
                        counts.fail(&format!("{origin}: {err}"), args.keep_going)?;
                        continue;
                    }
                };
                let indexed = store
                    .index(&output)
                    .with_context(|| format!("{origin}: storing"))?;
                if indexed.created {
                    counts.created += 1;
                } else {
                    counts.updated += 1;
                }
                counts.quotes += indexed.quotes;
                if args.show && !shown.iter().any(|(id, _)| *id == indexed.id) {
                    shown.push((indexed.id, origin.clone()));
                }
                if args.verbose {
                    writeln!(stdout, "indexed {} {origin}", indexed.id)?;
                    stdout.flush()?;
                }
            }
            Ok(())
        };

    let mut sources = Sources::new(args.inputs.iter().cloned(), InputFormat::Auto).peekable();
    while sources.peek().is_some() {
        let batch: Vec<_> = sources.by_ref().take(BATCH).collect();
        let prepared: Vec<Prepared> = batch
            .into_par_iter()
            .map(|item| prepare(item, decode_options))
            .collect();
        // Articles before a failure are stored before it is reported, so that a run stopped by
        // it keeps everything that came first.
        let mut articles = Vec::new();
        for item in prepared {
            match item {
                Prepared::Article {
                    origin,
                    input,
                    replacements,
                } => {
                    if replacements > 0 {
                        counts.replacements += replacements;
                        eprintln!(
                            "warta: warning: {origin}: replaced {replacements} invalid UTF-8 sequence{} with U+FFFD",
                            if replacements == 1 { "" } else { "s" }
                        );
                    }
                    articles.push((origin, input));
                }
                Prepared::Skipped { origin, reason } => {
                    if reason.is_notable() {
                        eprintln!("warta: warning: {origin}: {reason}");
                    }
                    *counts.skipped.entry(reason).or_default() += 1;
                }
                Prepared::Failed(message) => {
                    store_all(std::mem::take(&mut articles), &mut counts)?;
                    counts.fail(&message, args.keep_going)?;
                }
            }
        }
        store_all(articles, &mut counts)?;
    }

    if let Some(path) = &args.aliases {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let table = AliasTable::parse(&text).with_context(|| path.display().to_string())?;
        let report = store.apply_aliases(&table)?;
        eprintln!(
            "aliases: {} names, {} speakers merged",
            report.entries, report.merged
        );
    }
    eprintln!(
        "indexed {} new and {} updated articles ({} quotes) into {} in {:.1}s{}",
        counts.created,
        counts.updated,
        counts.quotes,
        args.db.display(),
        started.elapsed().as_secs_f64(),
        counts.notes()
    );
    if args.show {
        show(&store, &shown, &mut stdout)?;
    }
    Ok(if counts.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Prints, per article (its id and where it was read from), who said what in the order of the
/// text: `Speaker (role): “direct quote”` or `Speaker (role), indirect: reported speech`.
fn show(store: &Store, documents: &[(i64, String)], out: &mut impl Write) -> anyhow::Result<()> {
    for (id, origin) in documents {
        let id = *id;
        let mut quotes = store.search_quotes(&QuoteQuery {
            document_id: Some(id),
            limit: 1000,
            ..QuoteQuery::default()
        })?;
        quotes.sort_by_key(|q| q.start);
        let Some(doc) = store.document(id)?.map(|d| d.output) else {
            continue;
        };
        let title = doc.title.as_deref().unwrap_or(origin);
        let day = doc.published.as_deref().map(|p| p.get(..10).unwrap_or(p));
        let about: String = [doc.source.as_deref(), day]
            .into_iter()
            .flatten()
            .map(|s| format!("{s}, "))
            .collect();
        writeln!(out, "\n{title} ({about}document {id})")?;
        if quotes.is_empty() {
            writeln!(out, "  (no quotes found)")?;
        }
        for quote in &quotes {
            let speaker = quote.speaker.as_deref().unwrap_or("(unknown speaker)");
            let role = quote
                .role
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            let text = quote.text.split_whitespace().collect::<Vec<_>>().join(" ");
            if quote.kind == "direct" {
                writeln!(out, "  {speaker}{role}: “{text}”")?;
            } else {
                writeln!(out, "  {speaker}{role}, {}: {text}", quote.kind)?;
            }
        }
    }
    Ok(())
}

/// One record, read and ready for the pipeline (or for the store, when already extracted).
enum Prepared {
    Article {
        origin: String,
        input: Input,
        replacements: usize,
    },
    Skipped {
        origin: String,
        reason: SkipReason,
    },
    Failed(String),
}

fn prepare(item: Result<RawRecord, RecordError>, options: DecodeOptions) -> Prepared {
    let record = match item {
        Ok(record) => record,
        Err(err) => return Prepared::Failed(err.to_string()),
    };
    if let Payload::JsonLine(line) = &record.payload
        && let Some(extracted) = already_extracted(line)
    {
        let origin = record.origin.to_string();
        return match extracted {
            Ok(doc) => Prepared::Article {
                origin,
                input: Input::Extracted(Box::new(doc)),
                replacements: 0,
            },
            Err(message) => Prepared::Failed(format!("{origin}: {message}")),
        };
    }
    match record.decode(options) {
        Ok(Decoded::Article(article)) => Prepared::Article {
            origin: article.origin.to_string(),
            input: Input::Article(Box::new(Document::new(article.text, article.meta))),
            replacements: article.replacements,
        },
        Ok(Decoded::Skipped { origin, reason }) => Prepared::Skipped {
            origin: origin.to_string(),
            reason,
        },
        Err(err) => Prepared::Failed(err.to_string()),
    }
}

/// A line of `warta extract` output, recognised by its `schema` field; `None` for anything else,
/// which is then read as an article.
fn already_extracted(line: &[u8]) -> Option<Result<OutputDocument, String>> {
    let line = std::str::from_utf8(line).ok()?;
    // Most lines are articles: spare them a second parse.
    if !line.contains("\"schema\"") {
        return None;
    }
    let value: Value = serde_json::from_str(line).ok()?;
    if value.get("schema")?.as_str()? != SCHEMA {
        return None;
    }
    Some(serde_json::from_value(value).map_err(|e| format!("not a {SCHEMA} object: {e}")))
}

#[derive(Default)]
struct Counts {
    created: usize,
    updated: usize,
    quotes: usize,
    failed: usize,
    replacements: usize,
    skipped: BTreeMap<SkipReason, usize>,
}

impl Counts {
    fn fail(&mut self, message: &str, keep_going: bool) -> anyhow::Result<()> {
        if !keep_going {
            bail!("{message}");
        }
        eprintln!("warta: skipped {message}");
        self.failed += 1;
        Ok(())
    }

    /// Skipped records by reason, failures and replacements, for the closing line.
    fn notes(&self) -> String {
        let mut notes = String::new();
        let skipped: usize = self.skipped.values().sum();
        if skipped > 0 {
            let reasons: Vec<String> = self
                .skipped
                .iter()
                .map(|(reason, n)| format!("{} {n}", reason.as_str()))
                .collect();
            notes += &format!("; {skipped} skipped ({})", reasons.join(", "));
        }
        if self.failed > 0 {
            notes += &format!("; {} failed", self.failed);
        }
        if self.replacements > 0 {
            notes += &format!("; {} invalid UTF-8 sequences replaced", self.replacements);
        }
        notes
    }
}
