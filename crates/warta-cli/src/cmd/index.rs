//! `warta index`: extract articles and store them, one transaction per article.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use serde_json::Value;
use warta_core::output::OutputDocument;
use warta_core::{Document, Meta, SCHEMA};
use warta_store::Store;
use warta_store::extract::{Input, extract_batch};
use warta_store::names::AliasTable;

#[derive(clap::Args)]
pub struct Args {
    /// Articles: JSON Lines (`.jsonl`, one article a line with `text` and optional `id`, `url`,
    /// `title`, `published`, `source`, `author`; lines of `warta extract` output are stored as they
    /// are), plain-text files (one article each), or `-` for JSON Lines on standard input.
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
    /// Print `indexed ID ORIGIN` on standard output as each article is committed.
    #[arg(long, short)]
    verbose: bool,
}

/// Articles extracted in parallel per batch; each is still committed on its own.
const BATCH: usize = 64;

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut store =
        Store::open(&args.db).with_context(|| format!("opening {}", args.db.display()))?;
    let pipeline = warta_pipeline::build(&Default::default())?;
    let started = Instant::now();
    let mut counts = Counts::default();
    let stdout = io::stdout();
    let mut stdout = stdout.lock();

    let mut batch: Vec<(String, Input)> = Vec::with_capacity(BATCH);
    let mut flush = |batch: &mut Vec<(String, Input)>, counts: &mut Counts| -> anyhow::Result<()> {
        for (origin, output) in extract_batch(&pipeline, std::mem::take(batch)) {
            let output = match output {
                Ok(output) => output,
                Err(err) => {
                    counts.fail(&origin, &err, args.keep_going)?;
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
            if args.verbose {
                writeln!(stdout, "indexed {} {origin}", indexed.id)?;
                stdout.flush()?;
            }
        }
        Ok(())
    };

    for path in &args.inputs {
        let read = read_inputs(path, &mut |origin, input| {
            match input {
                Ok(input) => batch.push((origin, input)),
                Err(message) => counts.fail(&origin, &message, args.keep_going)?,
            }
            if batch.len() == BATCH {
                flush(&mut batch, &mut counts)?;
            }
            Ok(())
        });
        if let Err(err) = read {
            if !args.keep_going {
                return Err(err);
            }
            counts.fail(&path.display().to_string(), &format!("{err:#}"), true)?;
        }
    }
    flush(&mut batch, &mut counts)?;

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
        if counts.failed > 0 {
            format!("; {} failed", counts.failed)
        } else {
            String::new()
        }
    );
    Ok(if counts.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

#[derive(Default)]
struct Counts {
    created: usize,
    updated: usize,
    quotes: usize,
    failed: usize,
}

impl Counts {
    fn fail(
        &mut self,
        origin: &str,
        message: &dyn std::fmt::Display,
        keep_going: bool,
    ) -> anyhow::Result<()> {
        if !keep_going {
            bail!("{origin}: {message}");
        }
        eprintln!("warta: skipped {origin}: {message}");
        self.failed += 1;
        Ok(())
    }
}

type Sink<'a> = dyn FnMut(String, Result<Input, String>) -> anyhow::Result<()> + 'a;

// TODO(ingest): switch to `warta_ingest::Sources` (HTML, WARC, lossy UTF-8) once its API lands.
fn read_inputs(path: &Path, sink: &mut Sink) -> anyhow::Result<()> {
    let name = path.display().to_string();
    if name == "-" {
        return read_jsonl("<stdin>", BufReader::new(io::stdin().lock()), sink);
    }
    let is_jsonl = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("jsonl" | "ndjson" | "json")
    );
    let file = File::open(path).with_context(|| format!("opening {name}"))?;
    if is_jsonl {
        return read_jsonl(&name, BufReader::new(file), sink);
    }
    let mut bytes = Vec::new();
    BufReader::new(file)
        .read_to_end(&mut bytes)
        .with_context(|| format!("reading {name}"))?;
    let input = String::from_utf8(bytes)
        .map_err(|e| format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()))
        .map(|text| {
            let meta = Meta {
                id: path.file_stem().map(|s| s.to_string_lossy().into_owned()),
                ..Meta::default()
            };
            Input::Article(Box::new(Document::new(text, meta)))
        });
    sink(name, input)
}

fn read_jsonl(name: &str, reader: impl BufRead, sink: &mut Sink) -> anyhow::Result<()> {
    for (n, line) in reader.lines().enumerate() {
        let origin = format!("{name}:{}", n + 1);
        let line = line.with_context(|| origin.clone())?;
        if line.trim().is_empty() {
            continue;
        }
        sink(origin, parse_line(&line))?;
    }
    Ok(())
}

fn parse_line(line: &str) -> Result<Input, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    if value.get("schema").and_then(Value::as_str) == Some(SCHEMA) {
        let doc: OutputDocument =
            serde_json::from_value(value).map_err(|e| format!("not a {SCHEMA} object: {e}"))?;
        return Ok(Input::Extracted(Box::new(doc)));
    }
    let field = |k: &str| value.get(k).and_then(Value::as_str).map(str::to_owned);
    let text = field("text").ok_or("no `text` field")?;
    let meta = Meta {
        id: field("id"),
        url: field("url"),
        title: field("title"),
        published: field("published"),
        author: field("author"),
        source: field("source"),
        ..Meta::default()
    };
    Ok(Input::Article(Box::new(Document::new(text, meta))))
}
