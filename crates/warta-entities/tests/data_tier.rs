//! Measurements on `../shared/data/ner` (or `$WARTA_DATA/ner`). Skipped, with a message, when the data
//! is absent, so that a fresh clone's `cargo test` never depends on it.

use std::path::{Path, PathBuf};

use warta_entities::{Case, Evaluation, Tagger, read_conll};

fn data_dir() -> Option<PathBuf> {
    let root = std::env::var_os("WARTA_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let ner = root.join("ner");
    if ner.is_dir() {
        Some(ner)
    } else {
        eprintln!(
            "skipping: no NER data at {} (set WARTA_DATA)",
            ner.display()
        );
        None
    }
}

fn evaluate(tagger: &Tagger, file: &Path, case: Case) -> Evaluation {
    let mut evaluation = Evaluation::default();
    for sentence in read_conll(file).expect("dev file reads") {
        let sentence = warta_entities::conll::recase(&sentence, case);
        let tokens: Vec<&str> = sentence.tokens.iter().map(String::as_str).collect();
        evaluation.add(&sentence.tags, &tagger.tag(&tokens));
    }
    evaluation
}

/// Floors well under the measured figures (README): they catch a broken model or feature change,
/// not a point of F1.
#[test]
#[ignore = "data tier: needs ../shared/data (set WARTA_DATA); run with -- --ignored"]
fn bundled_model_on_cased_news_dev() {
    let Some(dir) = data_dir() else { return };
    let tagger = Tagger::bundled().unwrap();
    let dev = dir.join("idner-news-2k/dev.tsv");
    let cased = evaluate(&tagger, &dev, Case::AsIs).micro().f1();
    let lower = evaluate(&tagger, &dev, Case::Lower).micro().f1();
    let upper = evaluate(&tagger, &dev, Case::Upper).micro().f1();
    eprintln!("idner-news-2k/dev micro F1: cased {cased:.4}, lower {lower:.4}, upper {upper:.4}");
    assert!(cased > 0.82, "cased F1 {cased}");
    assert!(lower > 0.75 && upper > 0.75, "lower {lower}, upper {upper}");
}

#[test]
#[ignore = "data tier: needs ../shared/data (set WARTA_DATA); run with -- --ignored"]
fn every_dev_file_parses() {
    let Some(dir) = data_dir() else { return };
    for file in [
        "nergrit/valid.tsv",
        "nerp/valid.tsv",
        "idner-news-2k/dev.tsv",
    ] {
        let sentences = read_conll(&dir.join(file)).expect(file);
        assert!(
            sentences.len() > 100,
            "{file}: {} sentences",
            sentences.len()
        );
    }
}
