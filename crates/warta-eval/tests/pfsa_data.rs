//! Data tier: runs on the PFSA-ID files of the shared data directory (`$WARTA_DATA`, default
//! `../shared/data` from the repository root) and skips, saying so (`warta_testing`), when they are
//! absent.

use std::path::PathBuf;

use warta_eval::pfsa;
use warta_eval::sentences::{SentenceRules, evaluate};

fn data_file(name: &str) -> Option<PathBuf> {
    warta_testing::data(&format!("quotes/pfsa-id/{name}"))
}

#[test]
#[ignore = "data tier: needs ../shared/data (set WARTA_DATA); run with -- --ignored"]
fn reader_keeps_every_token_and_its_text() {
    for name in ["dev.tsv", "med-extra.tsv"] {
        let Some(path) = data_file(name) else {
            return;
        };
        let content = std::fs::read_to_string(&path).unwrap();
        let token_lines: Vec<&str> = content.lines().filter(|l| !l.trim().is_empty()).collect();
        let articles = pfsa::read_file(&path).unwrap();
        let tokens: Vec<(&str, &str)> = articles
            .iter()
            .flat_map(|a| {
                a.tokens
                    .iter()
                    .map(move |t| (&a.text[t.span.range()], t.tag.as_str()))
            })
            .collect();
        assert_eq!(tokens.len(), token_lines.len(), "{name}: token count");
        for (line, (text, tag)) in token_lines.iter().zip(&tokens) {
            let (want_text, want_tag) = line.split_once('\t').unwrap();
            assert_eq!((want_text.trim(), want_tag.trim()), (*text, *tag));
        }
        for a in &articles {
            let dateline = a
                .dateline
                .expect("every PFSA article opens with a dateline");
            assert!(a.text[dateline.range()].contains("KOMPAS"));
            for w in a.sentences.windows(2) {
                assert!(w[0].end < w[1].start);
            }
        }
    }
}

#[test]
#[ignore = "data tier: needs ../shared/data (set WARTA_DATA); run with -- --ignored"]
fn sentence_f1_meets_the_goal_on_dev() {
    let Some(path) = data_file("dev.tsv") else {
        return;
    };
    let articles = pfsa::read_file(&path).unwrap();
    let report = evaluate(&articles, SentenceRules::default(), 0).unwrap();
    // The goal of issue 2 is 97 F1; warta's default rules, not the PFSA conventions, are held to it.
    assert!(
        report.score.f1() >= 0.97,
        "sentence F1 {:.4} below the 0.97 goal",
        report.score.f1()
    );
}
