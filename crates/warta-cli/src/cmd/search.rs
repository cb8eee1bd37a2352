//! `warta search`: quotes by words, speaker, organisation, date and type.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use warta_store::{Day, QuoteQuery, Sort, SpeakerKind, Store, export, parse_kind};

#[derive(clap::Args)]
pub struct Args {
    /// Words to find in quotes. Plain words match as words; FTS5 syntax (`"exact phrase"`, `AND`,
    /// `OR`, `NOT`, `prefix*`) is honoured. Omit to list the latest quotes.
    query: Option<String>,
    #[arg(long, default_value = "warta.db")]
    db: PathBuf,
    /// Only quotes by this speaker (any name or alias the store knows, or part of one).
    #[arg(long)]
    speaker: Option<String>,
    /// Only quotes by speakers affiliated with this organisation (part of its name).
    #[arg(long)]
    org: Option<String>,
    /// Said on or after this day (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long)]
    from: Option<String>,
    /// Said on or before this day (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long)]
    to: Option<String>,
    #[arg(long = "type", value_parser = ["direct", "indirect", "mixed"])]
    kind: Option<String>,
    /// Only quotes from this outlet (part of its name, e.g. `kompas`).
    #[arg(long)]
    outlet: Option<String>,
    /// Only quotes by people, or by organisations.
    #[arg(long, value_parser = ["person", "organisation"])]
    speaker_kind: Option<String>,
    /// The order of the quotes: the best match first (the default for a search by words), or by
    /// date.
    #[arg(long, value_parser = ["relevance", "newest", "oldest"])]
    sort: Option<String>,
    /// At most this many quotes: at most 1000 in a table, any number in an export (json, csv,
    /// parquet), where 0 means all.
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// `parquet` needs a warta built with the `parquet` feature and `--output`.
    #[arg(long, value_enum, default_value_t = QuoteFormat::Table)]
    format: QuoteFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// Formats of listings.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// Formats of quote searches: the listings, and Parquet for exports.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum QuoteFormat {
    Table,
    Json,
    Csv,
    Parquet,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.format == QuoteFormat::Parquet {
        anyhow::ensure!(
            cfg!(feature = "parquet"),
            "this warta was built without Parquet support: build it with `cargo build --release -p warta-cli --features parquet`, or export with --format csv"
        );
        anyhow::ensure!(
            args.output.is_some(),
            "--format parquet writes a binary file: give it one with --output FILE"
        );
    }
    let store = open_existing(&args.db)?;
    let query = QuoteQuery {
        text: args.query,
        speaker: args.speaker,
        org: args.org,
        from: args.from.as_deref().map(Day::parse).transpose()?,
        to: args.to.as_deref().map(Day::parse).transpose()?,
        kind: args.kind.as_deref().and_then(parse_kind),
        outlet: args.outlet,
        speaker_kind: args
            .speaker_kind
            .as_deref()
            .map(SpeakerKind::parse)
            .transpose()?,
        sort: args.sort.as_deref().map(Sort::parse).transpose()?,
        limit: args.limit,
        ..QuoteQuery::default()
    };
    let hits = if args.format == QuoteFormat::Table {
        store.search_quotes(&query)?
    } else {
        store.export_quotes(&query)?
    };
    let mut out: Box<dyn Write + Send> = match &args.output {
        Some(path) => Box::new(io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        )),
        None => Box::new(io::BufWriter::new(io::stdout())),
    };
    match args.format {
        QuoteFormat::Json => {
            for hit in &hits {
                serde_json::to_writer(&mut out, hit)?;
                out.write_all(b"\n")?;
            }
        }
        QuoteFormat::Csv if args.output.is_none() => {
            let mut csv = Vec::new();
            export::write_quotes_csv(&mut csv, &hits)?;
            write_printable(&mut out, &csv)?;
        }
        // A file keeps the data as stored: it is read by programs, not shown.
        QuoteFormat::Csv => export::write_quotes_csv(&mut out, &hits)?,
        QuoteFormat::Parquet => write_parquet(&mut out, &hits)?,
        QuoteFormat::Table => {
            let rows: Vec<Vec<String>> = hits
                .iter()
                .map(|h| {
                    vec![
                        h.day.clone().unwrap_or_default(),
                        h.speaker.clone().unwrap_or_else(|| "?".into()),
                        h.kind.clone(),
                        h.text.clone(),
                        h.source.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            write_table(
                &mut out,
                &["day", "speaker", "type", "quote", "source"],
                &rows,
            )?;
            if hits.is_empty() {
                writeln!(out, "(no quotes found)")?;
            } else {
                // The true number of matches, which a page of the table may not show.
                let total = store.count_quotes(&query)?;
                writeln!(out, "({} of {total} quotes)", hits.len())?;
            }
        }
    }
    out.flush()?;
    if let Some(path) = &args.output {
        eprintln!("wrote {} quotes to {}", hits.len(), path.display());
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(feature = "parquet")]
fn write_parquet(
    out: &mut (impl Write + Send),
    hits: &[warta_store::QuoteHit],
) -> anyhow::Result<()> {
    Ok(warta_store::parquet_export::write_quotes_parquet(
        out, hits,
    )?)
}

#[cfg(not(feature = "parquet"))]
fn write_parquet(_: &mut (impl Write + Send), _: &[warta_store::QuoteHit]) -> anyhow::Result<()> {
    anyhow::bail!("this warta was built without Parquet support")
}

/// Opens a database that must already exist (a query should not create an empty one by mistake).
pub(crate) fn open_existing(db: &std::path::Path) -> anyhow::Result<Store> {
    anyhow::ensure!(
        db.exists(),
        "{} does not exist: create it with `warta index FILES --db {}`",
        db.display(),
        db.display()
    );
    Store::open(db).with_context(|| format!("opening {}", db.display()))
}

/// Writes CSV (or any text made of lines) for a terminal: article text in it loses the characters
/// that would act on the terminal, the line breaks of the format stay.
pub(crate) fn write_printable(out: &mut impl Write, text: &[u8]) -> io::Result<()> {
    out.write_all(super::report::printable(&String::from_utf8_lossy(text), true).as_bytes())
}

/// Prints rows as aligned columns; cells longer than a column's cap are cut with an ellipsis.
/// Cells lose control characters: they hold article text, and the table goes to a terminal.
pub(crate) fn write_table(
    out: &mut impl Write,
    header: &[&str],
    rows: &[Vec<String>],
) -> io::Result<()> {
    const CAP: usize = 72;
    let cell = |s: &str| -> String {
        let one_line = super::report::printable(s, false)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if one_line.chars().count() > CAP {
            let cut: String = one_line.chars().take(CAP - 1).collect();
            format!("{cut}…")
        } else {
            one_line
        }
    };
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cell(c)).collect())
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |out: &mut dyn Write, cells: &[&str]| -> io::Result<()> {
        let mut text = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            text.push_str(c);
            if i + 1 < cells.len() {
                text.push_str(&" ".repeat(widths[i] - c.chars().count()));
            }
        }
        writeln!(out, "{text}")
    };
    line(out, header)?;
    for r in &rows {
        line(out, &r.iter().map(String::as_str).collect::<Vec<_>>())?;
    }
    Ok(())
}
