//! The data tier: the whole pre-quote pipeline and the quotes stage over real articles, checking the
//! layer's invariants and that two runs give identical output. Skips, saying so (`warta_testing`),
//! when `$WARTA_DATA` (default `../shared/data` from the workspace root) is absent.

use warta_core::output::is_iso8601;
use warta_core::{Document, Meta, Pipeline, Quote};
use warta_quotes::QuoteStage;

fn texts(file: &str, limit: usize) -> Option<Vec<String>> {
    let path = warta_testing::data(file)?;
    let content = std::fs::read_to_string(&path).expect("the data file reads");
    Some(
        content
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["text"].as_str().map(str::to_owned))
            .take(limit)
            .collect(),
    )
}

fn pipeline() -> Pipeline {
    Pipeline::new()
        .with(warta_text::Cleaner::new())
        .with(warta_text::Segmenter::new())
        .with(warta_entities::EntityStage::bundled().expect("bundled entity model loads"))
        .with(warta_dates::DateStage::new())
        .with(QuoteStage::new())
}

fn run(pipeline: &Pipeline, text: &str) -> Document {
    let mut doc = Document::new(text, Meta::default());
    pipeline.run(&mut doc).expect("pipeline runs");
    doc
}

fn check(doc: &Document) {
    let text = doc.text();
    let mut previous_end = 0;
    for q in &doc.quotes {
        let Quote {
            span,
            cue,
            speaker,
            said_on,
            ..
        } = q;
        assert!(span.start >= previous_end, "quotes overlap or are unsorted");
        assert!(!span.is_empty() && span.end <= text.len());
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        assert!(!doc.is_removed(*span), "a quote inside removed furniture");
        if let Some(cue) = cue {
            assert!(text.is_char_boundary(cue.start) && text.is_char_boundary(cue.end));
        }
        if let Some(s) = speaker {
            assert!(!s.name.trim().is_empty());
            assert!(s.entity.is_none_or(|e| e < doc.entities.len()));
        }
        if let Some(d) = said_on {
            // A day or a time ("2025-06-18", "2025-06-18T14:05+07:00"), or a week ("2025-W25").
            let week = d.len() == 8 && d.as_bytes()[4..6] == *b"-W";
            assert!(week || is_iso8601(d), "said_on {d:?}");
        }
        previous_end = span.end;
    }
}

#[test]
#[ignore = "data tier: needs ../shared/data (set WARTA_DATA); run with -- --ignored"]
fn real_articles_keep_the_invariants_and_are_deterministic() {
    let pipeline = pipeline();
    for file in [
        "news/scrape-2025-06.jsonl",
        "news/detik-kompas-suara-2024.jsonl",
    ] {
        let Some(texts) = texts(file, 400) else {
            return;
        };
        let mut quotes = 0;
        for text in &texts {
            let first = run(&pipeline, text);
            check(&first);
            let second = run(&pipeline, text);
            assert_eq!(first.quotes, second.quotes, "two runs differ");
            quotes += first.quotes.len();
        }
        // Real news quotes people: a stage that finds nothing is broken.
        assert!(
            quotes > texts.len() / 2,
            "{file}: only {quotes} quotes in {} articles",
            texts.len()
        );
    }
}
