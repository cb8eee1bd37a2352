//! `warta`: who said what, in what role, about whom, where and when, from Indonesian news.
//!
//! A thin layer over the library crates: it parses arguments, runs one command, and decides how errors
//! are printed. Each command lives in its own module under `cmd/`.

mod cmd;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "warta",
    version,
    about = "Who said what, in what role, about whom, where and when: structured data from Indonesian news"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract quotes, speakers, entities and dates from articles (text, JSON Lines, HTML, WARC).
    Extract(cmd::extract::Args),
    /// Measure whole-pipeline throughput (tokens/s per core) and peak memory on a corpus.
    Throughput(cmd::throughput::Args),
    /// Train a model from annotated data.
    #[command(subcommand)]
    Train(cmd::train::Command),
    /// Evaluate a stage against annotated data.
    #[command(subcommand)]
    Eval(cmd::eval::Command),
    /// Index articles into a SQLite corpus store.
    Index(cmd::index::Args),
    /// Search quotes in a corpus store.
    Search(cmd::search::Args),
    /// List and curate the speakers of a corpus store.
    Speakers(cmd::speakers::Args),
    /// List the paragraphs a corpus store has learnt as its sites' boilerplate.
    Boilerplate(cmd::boilerplate::Args),
    /// Serve the HTTP API and web UI over a corpus store.
    Serve(cmd::serve::Args),
    /// Write an HTML report of a period's leading spokespeople, for sending as it is.
    Report(cmd::html_report::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => cmd::extract::run(args),
        Command::Throughput(args) => cmd::throughput::run(args),
        Command::Train(command) => cmd::train::run(command),
        Command::Eval(command) => cmd::eval::run(command),
        Command::Index(args) => cmd::index::run(args),
        Command::Search(args) => cmd::search::run(args),
        Command::Speakers(args) => cmd::speakers::run(args),
        Command::Boilerplate(args) => cmd::boilerplate::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Report(args) => cmd::html_report::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("warta: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
