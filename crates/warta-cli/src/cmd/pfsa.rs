//! `warta eval pfsa FILE [--errors]`: quote-attribution scores against a PFSA-ID file.

use std::path::PathBuf;
use std::process::ExitCode;

use warta_core::output::{OutputDocument, OutputOptions};
use warta_core::{Document, Meta};
use warta_eval::pfsa_score::{LABELS, PfsaReport};

#[derive(clap::Args)]
pub struct Args {
    /// A PFSA-ID file: one `token<TAB>tag` a line, blank lines end sentences.
    pub file: PathBuf,
    /// Print every miss (missed and spurious spans, wrong speakers) for study.
    #[arg(long)]
    pub errors: bool,
    /// Score every direct quotation, not only those whose speaker has a public role (PFSA-ID
    /// annotates public figures' statements only); attribution is unaffected.
    #[arg(long)]
    pub all_speakers: bool,
    /// Print warta's JSON output for the article starting at this line of FILE, then stop.
    #[arg(long, value_name = "LINE")]
    pub article: Option<usize>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let articles = warta_eval::pfsa::read_file(&args.file)?;
    let warta = warta::Warta::bundled()?;
    let mut report = PfsaReport {
        all_speakers: args.all_speakers,
        ..PfsaReport::default()
    };
    for article in &articles {
        let doc = warta
            .analyse_document(Document::new(article.text.clone(), Meta::default()))?
            .into_document();
        if args.article == Some(article.line) {
            let out = OutputDocument::from_document(&doc, OutputOptions::default());
            println!("{}", serde_json::to_string_pretty(&out)?);
            return Ok(ExitCode::SUCCESS);
        }
        report.add(article, &doc);
    }
    if args.errors {
        for e in &report.errors {
            println!("{} [article at line {}] {}", e.what, e.article_line, e.text);
            println!("    {}", e.detail);
        }
        println!();
    }
    println!(
        "{}: {} articles{}",
        args.file.display(),
        report.articles,
        if args.all_speakers {
            " (all direct quotes)"
        } else {
            " (direct quotes of speakers with a public role)"
        }
    );
    println!(
        "{:<12} {:>6} {:>6} | {:>6} {:>6} {:>6} | {:>6} {:>6} {:>6}",
        "label", "gold", "pred", "P", "R", "F1", "P~", "R~", "F1~"
    );
    for label in LABELS {
        let exact = report.exact.get(label).copied().unwrap_or_default();
        let overlap = report.overlap.get(label).copied().unwrap_or_default();
        println!(
            "{label:<12} {:>6} {:>6} | {:>6.1} {:>6.1} {:>6.1} | {:>6.1} {:>6.1} {:>6.1}",
            exact.gold,
            exact.predicted,
            100.0 * exact.precision(),
            100.0 * exact.recall(),
            100.0 * exact.f1(),
            100.0 * overlap.precision(),
            100.0 * overlap.recall(),
            100.0 * overlap.f1(),
        );
    }
    println!("(P R F1: exact token spans; P~ R~ F1~: overlapping spans)");
    println!(
        "attribution: {:.1} % ({} of {} gold statements with a derivable speaker)",
        100.0 * report.attribution_accuracy(),
        report.attributed_right,
        report.attributable
    );
    Ok(ExitCode::SUCCESS)
}
