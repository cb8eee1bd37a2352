//! Properties of the text stages over arbitrary input: spans are valid, ordered and disjoint, the
//! output contract's code-point offsets give back the same text, and nothing panics.

use proptest::prelude::*;
use warta_core::output::{OutputDocument, OutputOptions};
use warta_core::{Document, Meta, Pipeline, Span};
use warta_text::{Cleaner, NormalizedView, Segmenter, SentenceRules};

/// Pieces that exercise the rules: marks of every shape, abbreviations, numbers, furniture, dashes,
/// multibyte letters, newlines and odd whitespace.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("“".to_owned()),
        Just("”".to_owned()),
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("‘".to_owned()),
        Just("’".to_owned()),
        Just("«".to_owned()),
        Just("»".to_owned()),
        Just(". ".to_owned()),
        Just("...".to_owned()),
        Just("…".to_owned()),
        Just("?!".to_owned()),
        Just(", ".to_owned()),
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("\u{a0}".to_owned()),
        Just("\u{200b}".to_owned()),
        Just(" ".to_owned()),
        Just("-".to_owned()),
        Just("—".to_owned()),
        Just("Dr.".to_owned()),
        Just("S.H.".to_owned()),
        Just("B. J. ".to_owned()),
        Just("Rp 13,2".to_owned()),
        Just("19.30 WIB".to_owned()),
        Just("13/9/23".to_owned()),
        Just("katanya".to_owned()),
        Just("mata-mata".to_owned()),
        Just("https://kompas.com/a.".to_owned()),
        Just("a@b.co".to_owned()),
        Just("@x #y".to_owned()),
        Just("Baca juga: ".to_owned()),
        Just("Baca Juga".to_owned()),
        Just("Advertisement\n".to_owned()),
        Just("JAKARTA, KOMPAS.com -".to_owned()),
        Just("Liputan6.com, Jakarta".to_owned()),
        Just("Penulis: ".to_owned()),
        Just("Žižek".to_owned()),
        Just("ﬁ".to_owned()),
        Just("🙂".to_owned()),
        "[A-Za-z]{1,8}",
        "\\PC{1,4}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..80).prop_map(|v| v.concat())
}

fn check_layer(text: &str, spans: &[Span], what: &str) {
    for s in spans {
        assert!(
            s.start <= s.end && s.end <= text.len(),
            "{what} {s:?} out of range"
        );
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "{what} {s:?} not on char boundaries"
        );
    }
    for w in spans.windows(2) {
        assert!(
            w[0].end <= w[1].start,
            "{what} unsorted or overlapping: {w:?}"
        );
    }
}

fn run(text: &str, rules: SentenceRules) -> Document {
    let mut doc = Document::new(text, Meta::default());
    Pipeline::new()
        .with(Cleaner::new())
        .with(Segmenter::with_rules(rules))
        .run(&mut doc)
        .expect("the text stages do not fail");
    doc
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn spans_are_valid_sorted_and_disjoint(text in text(), pfsa in any::<bool>()) {
        let rules = if pfsa { SentenceRules::PFSA } else { SentenceRules::default() };
        let doc = run(&text, rules);
        let removed: Vec<Span> = doc.removed.iter().map(|r| r.span).collect();
        check_layer(&text, &removed, "removed");
        check_layer(&text, &doc.paragraphs, "paragraph");
        check_layer(&text, &doc.sentences, "sentence");
        let tokens: Vec<Span> = doc.tokens.iter().map(|t| t.span).collect();
        check_layer(&text, &tokens, "token");
        if let Some(d) = &doc.dateline {
            check_layer(&text, &[d.span], "dateline");
        }
        for t in &doc.tokens {
            prop_assert!(!t.span.is_empty());
            prop_assert!(!doc.is_removed(t.span));
            if let Some(c) = t.clitic {
                prop_assert!(t.span.contains(c) && c.end == t.span.end && c.start > t.span.start);
                check_layer(&text, &[c], "clitic");
            }
        }
        for &s in &doc.sentences {
            prop_assert!(!s.is_empty());
            prop_assert!(!doc.is_removed(s));
            prop_assert!(doc.paragraphs.iter().any(|p| p.contains(s)), "sentence outside paragraphs");
        }
        // Every token lies in exactly one sentence, and sentences hold only whole tokens.
        let in_sentences: usize = doc.sentences.iter().map(|&s| doc.tokens_in(s).len()).sum();
        prop_assert_eq!(in_sentences, doc.tokens.len());
    }

    #[test]
    fn output_offsets_give_back_the_same_text(text in text()) {
        let doc = run(&text, SentenceRules::default());
        let out = OutputDocument::from_document(&doc, OutputOptions { tokens: true });
        let chars: Vec<char> = out.text.chars().collect();
        let slice = |start: usize, end: usize| chars[start..end].iter().collect::<String>();
        for (o, &s) in out.sentences.iter().zip(&doc.sentences) {
            prop_assert_eq!(slice(o.start, o.end), doc.slice(s));
        }
        for (o, &s) in out.paragraphs.iter().zip(&doc.paragraphs) {
            prop_assert_eq!(slice(o.start, o.end), doc.slice(s));
        }
        for (o, r) in out.removed.iter().zip(&doc.removed) {
            prop_assert_eq!(slice(o.start, o.end), doc.slice(r.span));
        }
        for (o, t) in out.tokens.iter().flatten().zip(&doc.tokens) {
            prop_assert_eq!(slice(o.start, o.end), doc.slice(t.span));
        }
    }

    #[test]
    fn normalized_view_maps_back_to_whole_characters(text in text(), a in any::<usize>(), b in any::<usize>()) {
        let view = NormalizedView::new(&text);
        let len = view.as_str().len();
        let (a, b) = if len == 0 { (0, 0) } else { (a % (len + 1), b % (len + 1)) };
        let span = view.original(a.min(b), a.max(b));
        check_layer(&text, &[span], "normalized");
    }
}
