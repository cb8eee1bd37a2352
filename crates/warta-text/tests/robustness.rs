//! Inputs that break naive scanners: one huge line, long runs of marks and furniture, empty text.
//! These tests check that the stages finish and keep their invariants; speed is measured by the
//! benchmarks, not here.

use warta_core::{Document, Meta, Pipeline};
use warta_text::{Cleaner, Segmenter};

fn run(text: &str) -> Document {
    let mut doc = Document::new(text, Meta::default());
    Pipeline::new()
        .with(Cleaner::new())
        .with(Segmenter::new())
        .run(&mut doc)
        .expect("the text stages do not fail");
    doc
}

#[test]
fn empty_and_blank_texts() {
    for text in ["", " ", "\n\n\n", "\u{a0}\u{200b}"] {
        let doc = run(text);
        assert!(doc.sentences.is_empty() && doc.tokens.is_empty() && doc.removed.is_empty());
    }
}

#[test]
fn one_long_line_is_processed_whole() {
    // A few megabytes stand in for the 100 MB line of the brief; the scans are linear.
    let sentence = "Harga beras naik 8.500 rupiah, kata Dr. Ani di Jl. Sudirman. ";
    let text = sentence.repeat(40_000);
    let doc = run(&text);
    assert_eq!(doc.paragraphs.len(), 1);
    assert_eq!(doc.sentences.len(), 40_000);
    assert_eq!(doc.slice(doc.sentences[39_999]), sentence.trim_end());
}

#[test]
fn repetitive_marks_and_markers() {
    for unit in [
        "“”",
        "\"",
        "...",
        "....... ",
        "Baca juga ",
        "Baca juga: A ",
        "'",
        "-",
        "— ",
        ". ",
        "\n",
    ] {
        let text = unit.repeat(200_000);
        let doc = run(&text);
        for w in doc.sentences.windows(2) {
            assert!(w[0].end <= w[1].start);
        }
    }
}

#[test]
fn many_repeated_lines_do_not_blow_up_pull_quote_search() {
    let text = "“Kami akan menurunkan harga beras bulan depan,” kata Ani.\n".repeat(20_000);
    let doc = run(&text);
    // Each line repeats its neighbour; all but the first are set aside as repetitions.
    assert_eq!(doc.sentences.len(), 1);
    assert_eq!(doc.removed.len(), 19_999);
}
