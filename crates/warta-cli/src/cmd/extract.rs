//! `warta extract`: articles in, one JSON object per article out (or a table for a person).
//!
//! Exit codes: 0 when every record was read and analysed (skipped empty inputs do not count as
//! failures); 1 when the run stopped at a failure (without `--keep-going`) or could not start;
//! 2 when `--keep-going` finished the run but some records failed.

mod runner;
mod table;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use warta_core::output::OutputOptions;
use warta_ingest::{DecodeOptions, InputFormat, Sources};
use warta_pipeline::PipelineOptions;

use runner::{Render, RunOptions};

#[derive(clap::Args)]
#[command(
    after_help = "Exit status: 0 when every record succeeded (empty inputs are skipped with a warning), \
1 when the run stopped at a failure, 2 when --keep-going finished but some records failed."
)]
pub struct Args {
    /// Inputs: plain-text files (one article each), JSON Lines files (one article per line, field
    /// `text` plus optional `id`, `url`, `title`, `published`, `author`, `source`); `-` or nothing
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
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let pipeline = warta_pipeline::build(&PipelineOptions::default())?;
    let inputs = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files
    };
    let input_format = match args.input_format {
        InputFormatArg::Auto => InputFormat::Auto,
        InputFormatArg::Text => InputFormat::Text,
        InputFormatArg::Jsonl => InputFormat::Jsonl,
    };
    let sources = Sources::new(inputs, input_format);
    let mut output: Box<dyn Write + Send> = match &args.output {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(BufWriter::with_capacity(1 << 16, io::stdout())),
    };
    let options = RunOptions {
        decode: DecodeOptions { lossy: args.lossy },
        render: match args.format {
            OutputFormat::Jsonl => Render::Json(OutputOptions {
                tokens: args.tokens,
            }),
            OutputFormat::Table => Render::Table,
        },
        keep_going: args.keep_going,
        quiet: args.quiet,
    };
    let threads = args.threads.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let summary = pool.install(|| runner::run(sources, &pipeline, &options, &mut output))?;
    if !args.quiet {
        summary.print();
    }
    Ok(summary.exit_code())
}
