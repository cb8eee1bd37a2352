//! Development aid: sentence scores and misses on a PFSA-ID file without building the `warta` binary.
//! `cargo run -p warta-eval --example sentence_misses -- FILE [N] [pfsa]`

use warta_eval::sentences::{SentenceRules, evaluate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: sentence_misses FILE [N] [pfsa]")?;
    let misses: usize = args.next().map_or(Ok(50), |n| n.parse())?;
    let rules = match args.next().as_deref() {
        Some("pfsa") => SentenceRules::PFSA,
        _ => SentenceRules::default(),
    };
    let articles = warta_eval::pfsa::read_file(&path)?;
    let report = evaluate(&articles, rules, misses)?;
    for miss in &report.misses {
        let sign = if miss.gold { '-' } else { '+' };
        println!("{sign} [line {}] {}", miss.article_line, miss.text);
    }
    let s = report.score;
    println!(
        "P {:.2} R {:.2} F1 {:.2} (gold {}, predicted {}, correct {})",
        100.0 * s.precision(),
        100.0 * s.recall(),
        100.0 * s.f1(),
        s.gold,
        s.predicted,
        s.correct
    );
    Ok(())
}
