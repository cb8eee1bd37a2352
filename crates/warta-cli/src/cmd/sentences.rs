//! `warta eval sentences FILE`: sentence-segmentation precision, recall and F1 against PFSA-ID.

use std::path::PathBuf;
use std::process::ExitCode;

use warta_eval::sentences::{DEFINITION, SentenceReport, SentenceRules, evaluate};

#[derive(clap::Args)]
pub struct Args {
    /// A PFSA-ID file: one `token<TAB>tag` a line, blank lines end sentences.
    pub file: PathBuf,
    /// Print up to N unmatched gold (-) and predicted (+) sentences, for error study.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub misses: usize,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let articles = warta_eval::pfsa::read_file(&args.file)?;
    let tokens: usize = articles.iter().map(|a| a.tokens.len()).sum();
    println!(
        "{}: {} articles, {} tokens",
        args.file.display(),
        articles.len(),
        tokens
    );
    println!("definition: {DEFINITION}");
    println!(
        "gold: PFSA-ID sentences without the dateline, opening marks moved to the sentence they open"
    );
    let default = evaluate(&articles, SentenceRules::default(), args.misses)?;
    print_line("warta default rules (. ! ? …)", &default);
    let pfsa = evaluate(&articles, SentenceRules::PFSA, args.misses)?;
    print_line("PFSA conventions (also ; and : before a capital)", &pfsa);
    for miss in &default.misses {
        let sign = if miss.gold { '-' } else { '+' };
        println!("{sign} [line {}] {}", miss.article_line, miss.text);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_line(name: &str, report: &SentenceReport) {
    let s = report.score;
    println!(
        "{name}: P {:.2}  R {:.2}  F1 {:.2}  (gold {}, predicted {}, correct {})",
        100.0 * s.precision(),
        100.0 * s.recall(),
        100.0 * s.f1(),
        s.gold,
        s.predicted,
        s.correct
    );
}
