//! `warta extract`: articles in, one JSON object per article out (or a table for a person).
//!
//! Inputs: plain text, JSON Lines, HTML pages and WARC archives, plain or gzip, named one by one, as
//! directories (walked recursively) or as glob patterns. Output keeps the order of the inputs unless `--unordered`.
//!
//! The run itself is `warta_batch::run`; this module chooses its render, sink and options from the
//! arguments. Exit codes: see [`super::report::exit_code`].

mod table;

use std::fs::File;
use std::io::{self, BufWriter, Seek, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use warta::{OutputOptions, Warta};
use warta_batch::{Checkpoint, JsonLines, Product, Render, WriteSink};
use warta_ingest::{DecodeOptions, InputFormat, Origin, Sources};

use super::report;

#[derive(clap::Args)]
#[command(
    after_help = "Exit status: 0 when every record succeeded (empty inputs are skipped with a warning), \
1 when the run stopped at a failure, 2 when --keep-going finished but some records failed."
)]
pub struct Args {
    /// Inputs: plain-text files (one article each), JSON Lines (one article per line, field `text`
    /// plus optional `id`, `url`, `title`, `published`, `author`, `source`), HTML pages, WARC
    /// archives; any of them gzipped; directories (recursively) and glob patterns; `-` or nothing
    /// reads standard input.
    pub files: Vec<PathBuf>,
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// `jsonl`: the output contract, one object per line; `table`: a summary for a person.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: OutputFormat,
    /// How to read the inputs; `auto` goes by extension, else by the first non-space byte
    /// (`{` means JSON Lines).
    #[arg(long, value_enum, default_value = "auto")]
    pub input_format: InputFormatArg,
    /// Include the `tokens` layer in the JSON output.
    #[arg(long)]
    pub tokens: bool,
    /// Go on after a record fails; list the failures at the end and exit with 2.
    #[arg(long)]
    pub keep_going: bool,
    /// Replace invalid UTF-8 with U+FFFD (reporting how many) instead of failing.
    #[arg(long)]
    pub lossy: bool,
    /// Web pages to keep: `id` only those identified as Indonesian, `any` all. Text and JSON Lines
    /// inputs are never filtered.
    #[arg(long, value_enum, default_value = "id")]
    pub lang: Lang,
    /// Web pages larger than this many bytes are refused with an error.
    #[arg(long, value_name = "BYTES", default_value_t = 16 << 20)]
    pub max_page_bytes: usize,
    /// Keep duplicates (by default an article whose text or canonical URL came earlier is dropped;
    /// a copy found within the next 512 or more records gives the first its URL in `other_urls`,
    /// a later one is counted as `late_copy`).
    #[arg(long)]
    pub no_dedup: bool,
    /// Continue an interrupted run: needs `-o FILE`; progress is saved in FILE.checkpoint after
    /// every batch, and a resumed run continues from there without duplicating output.
    #[arg(long, requires = "output")]
    pub resume: bool,
    /// Write each document as soon as it is done instead of in input order (faster when articles
    /// differ much in length).
    #[arg(long)]
    pub unordered: bool,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
    /// Print no warnings and no summary, only errors.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum OutputFormat {
    Jsonl,
    Table,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum InputFormatArg {
    Auto,
    Text,
    Jsonl,
    Html,
    Warc,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Lang {
    Id,
    Any,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let warta = Warta::bundled()?;
    let inputs = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files
    };
    let input_format = match args.input_format {
        InputFormatArg::Auto => InputFormat::Auto,
        InputFormatArg::Text => InputFormat::Text,
        InputFormatArg::Jsonl => InputFormat::Jsonl,
        InputFormatArg::Html => InputFormat::Html,
        InputFormatArg::Warc => InputFormat::Warc,
    };
    let sources = Sources::new(inputs, input_format);
    let checkpoint = match &args.output {
        Some(path) => Some(open_checkpoint(path, args.resume)?),
        None => None,
    };
    let output: Box<dyn Write> = match (&args.output, &checkpoint) {
        (Some(path), Some(checkpoint)) => Box::new(BufWriter::new(
            open_output(path, checkpoint.output_bytes)
                .with_context(|| format!("cannot write {}", path.display()))?,
        )),
        _ => Box::new(BufWriter::with_capacity(1 << 16, io::stdout())),
    };
    let mut sink = WriteSink::new(output, checkpoint.as_ref().map_or(0, |c| c.output_bytes));
    let options = warta_batch::Options {
        decode: DecodeOptions {
            lossy: args.lossy,
            indonesian_only: matches!(args.lang, Lang::Id),
            max_page_bytes: args.max_page_bytes,
        },
        keep_going: args.keep_going,
        dedup: !args.no_dedup,
        checkpoint,
        unordered: args.unordered,
        read_extracted: false,
    };
    let pool = report::worker_pool(args.threads)?;
    let reporter = report::Terminal::new(args.quiet);
    let summary = match args.format {
        OutputFormat::Jsonl => {
            let render = JsonLines(OutputOptions {
                tokens: args.tokens,
            });
            warta_batch::run(
                sources, &warta, &render, &mut sink, &reporter, &options, &pool,
            )
        }
        OutputFormat::Table => warta_batch::run(
            sources, &warta, &Table, &mut sink, &reporter, &options, &pool,
        ),
    };
    reporter.finish();
    let summary = summary?;
    if !args.quiet {
        report::print_summary(&summary);
    }
    Ok(report::exit_code(&summary))
}

/// `--format table`: a summary of each article for a person.
struct Table;

impl Render for Table {
    type Output = Vec<u8>;

    fn render(&self, product: Product<'_>, origin: &Origin) -> Result<Vec<u8>, String> {
        match product {
            Product::Analysed(analysis) => {
                Ok(table::render(analysis.document(), origin).into_bytes())
            }
            Product::Extracted(_) => {
                Err("a table is made from articles, not from warta output".into())
            }
        }
    }
}

/// The checkpoint of `output`: the saved one when resuming (if any), else a fresh one.
fn open_checkpoint(output: &Path, resume: bool) -> anyhow::Result<Checkpoint> {
    let mut path = output.as_os_str().to_owned();
    path.push(".checkpoint");
    let path = PathBuf::from(path);
    if resume && path.exists() {
        let checkpoint = Checkpoint::load(path)?;
        eprintln!(
            "warta: resuming after {} input records ({} bytes of output kept)",
            checkpoint.records_done, checkpoint.output_bytes
        );
        return Ok(checkpoint);
    }
    Ok(Checkpoint::new(path))
}

/// Opens the output, keeping its first `keep` bytes: what an interrupted run completed. Anything
/// after them was written after the last checkpoint and will be written again.
fn open_output(path: &Path, keep: u64) -> io::Result<File> {
    if keep == 0 {
        return File::create(path);
    }
    let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
    let length = file.metadata()?.len();
    if length < keep {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "the output has {length} bytes but the checkpoint counts {keep}; start afresh without --resume"
            ),
        ));
    }
    file.set_len(keep)?;
    file.seek(io::SeekFrom::End(0))?;
    Ok(file)
}
