//! `warta index`: extract articles and store them, one transaction per article.
//!
//! The run is `warta_batch::run`, as for `warta extract`: inputs are read and analysed the same way,
//! and the store is the sink; the store, not the engine, recognises syndicated copies (by the same
//! `warta::identity`), so that every URL of an article is kept however far apart its copies come. In addition, a JSON line that is already
//! `warta extract` output (`"schema": "warta/1"`) is stored as it is.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use warta::{OutputDocument, OutputOptions};
use warta_batch::{Documents, Finished, Sink};
use warta_ingest::{DecodeOptions, InputFormat, Sources};
use warta_store::names::AliasTable;
use warta_store::{QuoteQuery, Store};

use super::extract::Lang;
use super::report;

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
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
    /// Print no warnings and no progress, only errors and the closing line.
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    budget: super::budget::Budget,
    #[command(flatten)]
    learning: super::boilerplate::Learning,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut store =
        Store::open(&args.db).with_context(|| format!("opening {}", args.db.display()))?;
    args.learning.apply(&mut store);
    let warta = args.budget.engine()?;
    let options = warta_batch::Options {
        decode: DecodeOptions {
            lossy: args.lossy,
            indonesian_only: matches!(args.lang, Lang::Id),
            ..DecodeOptions::default()
        },
        keep_going: args.keep_going,
        // The store recognises copies itself, by the same identity (`warta::identity`), and keeps
        // every URL of an article: the engine's deduplication would drop a copy found after its
        // article was stored (`late_copy`), and its URL with it.
        dedup: false,
        checkpoint: None,
        unordered: false,
        read_extracted: true,
    };
    let mut sink = StoreSink {
        store: &mut store,
        counts: Counts::default(),
        shown: Vec::new(),
        show: args.show,
        verbose: args.verbose,
    };
    let pool = report::worker_pool(args.threads)?;
    let reporter = report::Terminal::new(args.quiet);
    let sources = Sources::new(args.inputs.iter().cloned(), InputFormat::Auto);
    let render = Documents(OutputOptions::default());
    let summary = warta_batch::run(
        sources, &warta, &render, &mut sink, &reporter, &options, &pool,
    );
    reporter.finish();
    let summary = summary?;
    let StoreSink { counts, shown, .. } = sink;
    store.save_line_counts()?;
    // A short form indexed before the full name it stands for ("Putin" before "Vladimir Putin")
    // joins it now that the run has seen both; the same rule as each article's own indexing.
    let joined = store.join_short_forms()?;

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
        "indexed {} new and {} updated articles ({} quotes) into {} in {:.1}s",
        counts.created,
        counts.updated,
        counts.quotes,
        args.db.display(),
        summary.elapsed.as_secs_f64(),
    );
    if counts.boilerplate_quotes > 0 || counts.boilerplate_lines > 0 {
        eprintln!(
            "learnt {} paragraphs as their site's boilerplate; {} quotes inside such paragraphs not counted (see `warta boilerplate`)",
            counts.boilerplate_lines, counts.boilerplate_quotes
        );
    }
    if joined > 0 && !args.quiet {
        eprintln!(
            "{joined} speakers known by a short form joined the one full name it stands for \
             (see `warta speakers --suggest` for the others)"
        );
    }
    report::print_summary(&summary);
    if args.show {
        show(&store, &shown, &mut io::stdout().lock())?;
    }
    Ok(report::exit_code(&summary))
}

/// The store as the batch engine's sink: each document is committed in its own transaction, so a
/// killed run loses at most the document in flight.
struct StoreSink<'a> {
    store: &'a mut Store,
    counts: Counts,
    /// The articles of this run, in input order, for `--show`.
    shown: Vec<(i64, String)>,
    show: bool,
    verbose: bool,
}

impl Sink<OutputDocument> for StoreSink<'_> {
    fn write(&mut self, finished: Finished<OutputDocument>) -> io::Result<()> {
        let origin = finished.origin.to_string();
        let indexed = self
            .store
            .index(&finished.output)
            .map_err(|e| io::Error::other(format!("{origin}: storing: {e}")))?;
        if indexed.created {
            self.counts.created += 1;
        } else {
            self.counts.updated += 1;
        }
        self.counts.quotes += indexed.quotes;
        self.counts.boilerplate_quotes += indexed.boilerplate_quotes;
        self.counts.boilerplate_lines += indexed.boilerplate_lines;
        if self.show && !self.shown.iter().any(|(id, _)| *id == indexed.id) {
            self.shown.push((indexed.id, origin.clone()));
        }
        if self.verbose {
            let mut stdout = io::stdout().lock();
            writeln!(stdout, "indexed {} {origin}", indexed.id)?;
            stdout.flush()?;
        }
        Ok(())
    }

    /// Every document is committed as it is written.
    fn flush(&mut self) -> io::Result<u64> {
        Ok(0)
    }
}

/// Prints, per article (its id and where it was read from), who said what in the order of the
/// text: `Speaker (role): “direct quote”` or `Speaker (role), indirect: reported speech`.
fn show(store: &Store, documents: &[(i64, String)], out: &mut impl Write) -> anyhow::Result<()> {
    // Written to a buffer first: every line holds the article's text, whose control characters
    // must not reach the terminal.
    let mut shown = Vec::new();
    show_raw(store, documents, &mut shown)?;
    out.write_all(report::printable(&String::from_utf8_lossy(&shown), true).as_bytes())?;
    Ok(())
}

fn show_raw(
    store: &Store,
    documents: &[(i64, String)],
    out: &mut impl Write,
) -> anyhow::Result<()> {
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

#[derive(Default)]
struct Counts {
    created: usize,
    updated: usize,
    quotes: usize,
    boilerplate_quotes: usize,
    boilerplate_lines: usize,
}
