//! Sentence-segmentation scores against gold sentences.
//!
//! # Definition
//! A predicted sentence counts as correct when, after trimming whitespace from both ends of each,
//! its byte span is exactly the span of a gold sentence. Precision = correct / predicted, recall =
//! correct / gold, F1 their harmonic mean. Spans are compared as offsets, so two sentences with the
//! same words at different places never match each other.

use warta_core::{Document, Meta, Pipeline, Span, StageError};
pub use warta_text::SentenceRules;
use warta_text::{Cleaner, Segmenter};

use crate::pfsa::Article;

/// The definition printed with every report.
pub const DEFINITION: &str = "a predicted sentence is correct when its span, trimmed of whitespace, \
equals the span of a gold sentence; P = correct/predicted, R = correct/gold, F1 = 2PR/(P+R)";

pub use warta_core::score::SpanScore;

/// `span` without leading and trailing whitespace.
fn trimmed(text: &str, span: Span) -> Span {
    let s = &text[span.range()];
    let start = span.start + (s.len() - s.trim_start().len());
    Span::new(start, start.max(span.start + s.trim_end().len()))
}

/// Scores `predicted` against `gold` sentences of one text (see the module docs).
pub fn score_spans(text: &str, gold: &[Span], predicted: &[Span]) -> SpanScore {
    let mut gold: Vec<Span> = gold.iter().map(|&s| trimmed(text, s)).collect();
    gold.sort_unstable();
    let correct = predicted
        .iter()
        .filter(|&&p| gold.binary_search(&trimmed(text, p)).is_ok())
        .count();
    SpanScore {
        gold: gold.len(),
        predicted: predicted.len(),
        correct,
    }
}

/// A gold or predicted sentence that found no partner, for error study.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    /// The 1-based line of the article in its file.
    pub article_line: usize,
    pub gold: bool,
    pub text: String,
}

/// The outcome of [`evaluate`].
#[derive(Debug, Clone, Default)]
pub struct SentenceReport {
    pub score: SpanScore,
    pub articles: usize,
    pub misses: Vec<Miss>,
}

/// Runs warta's cleaning and segmentation (with `rules`) over every article and scores its sentences
/// against the gold ones. Misses are collected up to `keep_misses`.
pub fn evaluate(
    articles: &[Article],
    rules: SentenceRules,
    keep_misses: usize,
) -> Result<SentenceReport, StageError> {
    let pipeline = Pipeline::new()
        .with(Cleaner::new())
        .with(Segmenter::with_rules(rules));
    let mut report = SentenceReport::default();
    for article in articles {
        let mut doc = Document::new(article.text.as_str(), Meta::default());
        pipeline.run(&mut doc)?;
        report.score += score_spans(&article.text, &article.sentences, &doc.sentences);
        report.articles += 1;
        if report.misses.len() < keep_misses {
            let text = &article.text;
            let gold: Vec<Span> = article
                .sentences
                .iter()
                .map(|&s| trimmed(text, s))
                .collect();
            let predicted: Vec<Span> = doc.sentences.iter().map(|&s| trimmed(text, s)).collect();
            for (spans, others, is_gold) in [(&gold, &predicted, true), (&predicted, &gold, false)]
            {
                for s in spans.iter().filter(|s| !others.contains(s)) {
                    report.misses.push(Miss {
                        article_line: article.line,
                        gold: is_gold,
                        text: text[s.range()].to_owned(),
                    });
                }
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_exact_trimmed_spans() {
        let text = "Satu. Dua tiga. Empat.";
        let gold = [Span::new(0, 5), Span::new(6, 15), Span::new(16, 22)];
        // The first prediction carries a trailing space (still correct); the second merges two.
        let predicted = [Span::new(0, 6), Span::new(6, 22)];
        let score = score_spans(text, &gold, &predicted);
        assert_eq!(
            score,
            SpanScore {
                gold: 3,
                predicted: 2,
                correct: 1
            }
        );
        assert!((score.precision() - 0.5).abs() < 1e-9);
        assert!((score.recall() - 1.0 / 3.0).abs() < 1e-9);
        assert!((score.f1() - 0.4).abs() < 1e-9);
        assert_eq!(SpanScore::default().f1(), 0.0);
    }

    #[test]
    fn evaluates_a_parsed_article() {
        let tsv =
            "JAKARTA\tO\n,\tO\nKOMPAS\tO\n—\tO\nIa\tO\ndatang\tO\n.\tO\n\nDia\tO\npergi\tO\n.\tO\n";
        let articles = crate::pfsa::parse("t.tsv", tsv).unwrap();
        let report = evaluate(&articles, SentenceRules::default(), 10).unwrap();
        assert_eq!(
            report.score,
            SpanScore {
                gold: 2,
                predicted: 2,
                correct: 2
            }
        );
        assert!(report.misses.is_empty());
    }
}
