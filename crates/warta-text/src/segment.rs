//! The `segment` stage: paragraphs, sentences and tokens over the text that cleaning left.
//!
//! Three explicit steps, each a linear scan:
//! 1. **paragraphs**: lines (or, when the text has blank lines, blank-line separated blocks), minus
//!    the spans cleaning removed and the dateline, trimmed of whitespace. A paragraph therefore never
//!    contains removed text; a removed span inside a line splits it.
//! 2. **tokens**: [`crate::tokenize`] over each paragraph.
//! 3. **sentences**: a pass over each paragraph's tokens that ends a sentence after terminal
//!    punctuation (plus the closing quotation marks and brackets that follow it) when the next token
//!    can start a sentence. See [`SentenceRules`] for the two optional conventions.

use warta_core::{Document, Layer, Span, Stage, StageError, Token, TokenKind};

use crate::chars::{char_at, is_opening_shape, is_space, is_terminal};
use crate::glue::{join_inner_capital_words, split_glued_words};
use crate::lexicon::{AbbreviationKind, LEXICON};
use crate::tokenize::tokenize;

/// Optional sentence-boundary conventions. The defaults follow ordinary Indonesian punctuation:
/// a sentence ends at `.`, `!`, `?` or an ellipsis.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SentenceRules {
    /// Also end a sentence at `;` (the convention of the PFSA-ID annotation).
    pub semicolon_ends: bool,
    /// Also end a sentence at `:` when a capitalised word follows (PFSA-ID again).
    pub colon_before_capital_ends: bool,
}

impl SentenceRules {
    /// The conventions of the PFSA-ID gold segmentation.
    pub const PFSA: SentenceRules = SentenceRules {
        semicolon_ends: true,
        colon_before_capital_ends: true,
    };
}

/// Fills [`Document::paragraphs`], [`Document::sentences`] and [`Document::tokens`].
#[derive(Debug, Clone, Default)]
pub struct Segmenter {
    rules: SentenceRules,
}

impl Segmenter {
    pub fn new() -> Self {
        Segmenter::default()
    }

    pub fn with_rules(rules: SentenceRules) -> Self {
        Segmenter { rules }
    }
}

impl Stage for Segmenter {
    fn name(&self) -> &'static str {
        "segment"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Removed]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Paragraphs, Layer::Sentences, Layer::Tokens]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let mut excluded: Vec<Span> = doc.removed.iter().map(|r| r.span).collect();
        excluded.extend(doc.dateline.as_ref().map(|d| d.span));
        excluded.sort_unstable();
        let segments = segment(doc.text(), &excluded, self.rules);
        doc.paragraphs = segments.paragraphs;
        doc.sentences = segments.sentences;
        doc.tokens = segments.tokens;
        Ok(())
    }
}

/// The three layers [`segment`] produces.
#[derive(Debug, Default, Clone)]
pub struct Segments {
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Span>,
    pub tokens: Vec<Token>,
}

/// Segments `text`, skipping the `excluded` spans (sorted by start; they may overlap).
pub fn segment(text: &str, excluded: &[Span], rules: SentenceRules) -> Segments {
    // No reservation from the text's length: a token is 48 bytes, so `len / 6` tokens reserved 8
    // bytes per input byte up front, 8 GB for a 1 GB line of spaces or a single word. The vectors
    // grow with what is found (amortised doubling), so memory follows the tokens, not the input.
    let mut out = Segments::default();
    for block in blocks(text) {
        for fragment in subtract(block, excluded) {
            let Some(paragraph) = trim(text, fragment) else {
                continue;
            };
            out.paragraphs.push(paragraph);
            let first = out.tokens.len();
            tokenize(text, paragraph, &mut out.tokens);
            split_sentences(text, &out.tokens[first..], rules, &mut out.sentences);
        }
    }
    // After every paragraph: the evidence for a split is the whole article's words.
    split_glued_words(text, &mut out.tokens);
    join_inner_capital_words(text, &mut out.tokens);
    out
}

/// Paragraph candidates: every line, or blank-line separated blocks when the text has blank lines
/// (then single newlines are hard wraps inside a paragraph).
fn blocks(text: &str) -> impl Iterator<Item = Span> + '_ {
    let bytes = text.as_bytes();
    let has_blank_line = text.contains("\n\n") || text.contains("\n\r\n") || {
        // A line of only spaces also separates blocks.
        text.lines().any(|l| l.trim().is_empty()) && text.trim().contains('\n')
    };
    let mut start = 0;
    std::iter::from_fn(move || {
        if start > bytes.len() {
            return None;
        }
        let mut pos = start;
        loop {
            let Some(nl) = memchr::memchr(b'\n', &bytes[pos..]).map(|n| pos + n) else {
                let span = Span::new(start, bytes.len());
                start = bytes.len() + 1;
                return Some(span);
            };
            if !has_blank_line || next_line_is_blank(text, nl + 1) || is_blank(&text[start..nl]) {
                let span = Span::new(start, nl);
                start = nl + 1;
                return Some(span);
            }
            pos = nl + 1;
        }
    })
}

fn is_blank(s: &str) -> bool {
    s.chars().all(is_space)
}

fn next_line_is_blank(text: &str, from: usize) -> bool {
    let rest = &text[from..];
    let line = rest.split('\n').next().unwrap_or("");
    is_blank(line)
}

/// The parts of `span` not covered by any of the sorted `excluded` spans.
fn subtract(span: Span, excluded: &[Span]) -> impl Iterator<Item = Span> + '_ {
    let first = excluded.partition_point(|e| e.end <= span.start);
    let mut cursor = span.start;
    let mut iter = excluded[first..]
        .iter()
        .take_while(move |e| e.start < span.end);
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        for e in iter.by_ref() {
            if e.start > cursor {
                let piece = Span::new(cursor, e.start.min(span.end));
                cursor = cursor.max(e.end);
                return Some(piece);
            }
            cursor = cursor.max(e.end);
        }
        done = true;
        (cursor < span.end).then(|| Span::new(cursor, span.end))
    })
}

/// `span` without leading and trailing whitespace, or `None` when nothing is left.
fn trim(text: &str, span: Span) -> Option<Span> {
    let s = &text[span.range()];
    let trimmed_start = s.trim_start_matches(is_space);
    let start = span.end - trimmed_start.len();
    let trimmed = trimmed_start.trim_end_matches(is_space);
    (!trimmed.is_empty()).then(|| Span::new(start, start + trimmed.len()))
}

/// How a quotation mark is used where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteRole {
    Open,
    Close,
}

/// Decides the role of every quotation mark in one paragraph: a mark glued to the word after it and
/// not to the one before opens (so "”Saya" opens, as Kompas writes); glued only before, it closes.
/// Marks spaced on both sides (or glued on both) fall back to their shape, and straight marks to
/// alternation.
fn quote_roles(text: &str, tokens: &[Token]) -> Vec<Option<QuoteRole>> {
    let mut straight_open = false;
    tokens
        .iter()
        .enumerate()
        .map(|(k, t)| {
            if t.kind != TokenKind::QuoteMark {
                return None;
            }
            let c = char_at(text, t.span.start);
            let glued_left = k > 0 && tokens[k - 1].span.end == t.span.start;
            let glued_right = tokens
                .get(k + 1)
                .is_some_and(|n| n.span.start == t.span.end);
            let role = match (glued_left, glued_right) {
                (true, false) => QuoteRole::Close,
                (false, true) => QuoteRole::Open,
                _ if is_opening_shape(c) => QuoteRole::Open,
                // Spaced on both sides, at the start of a sentence and before a capital: "… miliar. ” Anggarannya".
                _ if (k == 0 || is_sentence_end(text, &tokens[k - 1]))
                    && tokens
                        .get(k + 1)
                        .is_some_and(|n| char_at(text, n.span.start).is_uppercase()) =>
                {
                    QuoteRole::Open
                }
                _ if matches!(c, '"' | '\'' | '`' | '＂' | '＇') => {
                    if straight_open {
                        QuoteRole::Close
                    } else {
                        QuoteRole::Open
                    }
                }
                _ => QuoteRole::Close,
            };
            if matches!(c, '"' | '＂') {
                straight_open = role == QuoteRole::Open;
            }
            Some(role)
        })
        .collect()
}

/// True for a token of terminal punctuation ("." "?!" "…").
fn is_sentence_end(text: &str, t: &Token) -> bool {
    t.kind == TokenKind::Punctuation && is_terminal(char_at(text, t.span.start))
}

/// Appends the sentences of one paragraph, given its tokens.
fn split_sentences(text: &str, tokens: &[Token], rules: SentenceRules, out: &mut Vec<Span>) {
    if tokens.is_empty() {
        return;
    }
    let roles = quote_roles(text, tokens);
    let slice = |t: &Token| &text[t.span.range()];
    let starts_sentence = |k: usize| -> bool {
        let t = &tokens[k];
        let first = char_at(text, t.span.start);
        match t.kind {
            TokenKind::Word | TokenKind::Abbreviation => !first.is_lowercase(),
            TokenKind::QuoteMark => roles[k] == Some(QuoteRole::Open),
            TokenKind::Punctuation => matches!(first, '(' | '[' | '{' | '•'),
            _ => true,
        }
    };
    let mut start = 0;
    let mut k = 0;
    while k < tokens.len() {
        let t = &tokens[k];
        let s = slice(t);
        let first = char_at(text, t.span.start);
        let boundary = match t.kind {
            TokenKind::Punctuation if is_terminal(first) => true,
            TokenKind::Punctuation if s.as_bytes() == b";" => rules.semicolon_ends,
            TokenKind::Punctuation if s.as_bytes() == b":" => {
                rules.colon_before_capital_ends
                    && tokens.get(k + 1).is_some_and(|n| {
                        matches!(n.kind, TokenKind::Word | TokenKind::Abbreviation)
                            && char_at(text, n.span.start).is_uppercase()
                    })
            }
            TokenKind::Abbreviation => match LEXICON.abbreviation(s.trim_end_matches('.')) {
                Some(AbbreviationKind::Final) => true,
                Some(AbbreviationKind::Prefix) => false,
                // Initials and dotted forms stand before a name, never before a quotation.
                None => {
                    tokens
                        .get(k + 1)
                        .is_some_and(|n| n.kind == TokenKind::QuoteMark)
                        && roles[k + 1] == Some(QuoteRole::Open)
                }
            },
            _ => false,
        };
        if !boundary {
            k += 1;
            continue;
        }
        // Closing quotation marks and brackets that follow belong to this sentence.
        let mut last = k;
        let mut closed_quote = false;
        while let Some(n) = tokens.get(last + 1) {
            let closes = match n.kind {
                TokenKind::QuoteMark => roles[last + 1] == Some(QuoteRole::Close),
                TokenKind::Punctuation => {
                    matches!(slice(n), ")" | "]" | "}") && n.span.start == tokens[last].span.end
                }
                _ => false,
            };
            if !closes {
                break;
            }
            closed_quote |= n.kind == TokenKind::QuoteMark;
            last += 1;
        }
        let ends = match tokens.get(last + 1) {
            None => true,
            // A period glued to a small letter or digit sits inside a code or address
            // ("POJK.03/2020", "khofifah.ip"); glued to a capital it ends a sentence the scraper
            // glued to the next ("Iran.Kondisi").
            Some(n)
                if last == k
                    && n.span.start == t.span.end
                    && s.as_bytes() == b"."
                    && !char_at(text, n.span.start).is_uppercase() =>
            {
                false
            }
            Some(_) if s.as_bytes() == b";" => true,
            Some(_) if !starts_sentence(last + 1) => {
                // A lower-case word after a plain period (no closing quote, so no speech cue) still
                // starts a sentence when the period follows a full word: scrapers drop the capitalised
                // link that began it. After a short word the period is an unknown abbreviation.
                let next = &tokens[last + 1];
                t.kind == TokenKind::Punctuation
                    && s.as_bytes() == b"."
                    && !closed_quote
                    && next.kind == TokenKind::Word
                    && char_at(text, next.span.start).is_lowercase()
                    && k > 0
                    && tokens[k - 1].kind == TokenKind::Word
                    && slice(&tokens[k - 1]).chars().count() >= 4
            }
            Some(_) => true,
        };
        if ends {
            out.push(Span::new(tokens[start].span.start, tokens[last].span.end));
            start = last + 1;
        }
        k = last + 1;
    }
    if start < tokens.len() {
        out.push(Span::new(
            tokens[start].span.start,
            tokens[tokens.len() - 1].span.end,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let seg = segment(text, &[], SentenceRules::default());
        seg.sentences.iter().map(|s| &text[s.range()]).collect()
    }

    #[test]
    fn splits_at_terminal_punctuation() {
        assert_eq!(
            sentences("Ia datang. Dia pergi! Kapan pulang? Entahlah…"),
            vec!["Ia datang.", "Dia pergi!", "Kapan pulang?", "Entahlah…"]
        );
    }

    #[test]
    fn abbreviations_titles_and_initials_do_not_split() {
        assert_eq!(
            sentences(
                "Prof. Dr. B. J. Habibie tinggal di Jl. Sudirman No. 5, Jakarta. Ia membeli buku, pena, dll. Setelah itu pulang."
            ),
            vec![
                "Prof. Dr. B. J. Habibie tinggal di Jl. Sudirman No. 5, Jakarta.",
                "Ia membeli buku, pena, dll.",
                "Setelah itu pulang."
            ]
        );
    }

    #[test]
    fn acronyms_that_look_like_abbreviations_end_sentences() {
        assert_eq!(
            sentences(
                "Kapal itu milik TNI AL. Sejumlah kapal datang, kata Smith et al. Lalu pulang."
            ),
            vec![
                "Kapal itu milik TNI AL.",
                "Sejumlah kapal datang, kata Smith et al.",
                "Lalu pulang."
            ]
        );
    }

    #[test]
    fn quotations_keep_their_cue() {
        assert_eq!(
            sentences(
                "“A. B,” kata X. “Saya pergi. Dia datang!” ujar Yang. ”Ini penting,” katanya."
            ),
            vec![
                "“A. B,” kata X.",
                "“Saya pergi.",
                "Dia datang!” ujar Yang.",
                "”Ini penting,” katanya."
            ]
        );
    }

    #[test]
    fn spaced_marks_open_after_a_sentence_end() {
        assert_eq!(
            sentences("Biayanya Rp 180,5 miliar. ” Anggarannya sudah masuk. Kami siap,” ujarnya."),
            vec![
                "Biayanya Rp 180,5 miliar.",
                "” Anggarannya sudah masuk.",
                "Kami siap,” ujarnya."
            ]
        );
    }

    #[test]
    fn closing_marks_and_brackets_stay_with_the_sentence() {
        assert_eq!(
            sentences("Ia bilang \"cukup.\" Lalu (ia pergi.) Selesai."),
            vec!["Ia bilang \"cukup.\"", "Lalu (ia pergi.)", "Selesai."]
        );
    }

    #[test]
    fn numbers_and_times_do_not_split() {
        assert_eq!(
            sentences("Pukul 19.30 WIB harga Rp 13,2 triliun naik 8.500 poin. Lalu turun."),
            vec![
                "Pukul 19.30 WIB harga Rp 13,2 triliun naik 8.500 poin.",
                "Lalu turun."
            ]
        );
    }

    #[test]
    fn paragraphs_are_lines_minus_excluded_spans() {
        let text = "Satu dua.\n\nTiga. Empat.\nLima.";
        let seg = segment(text, &[], SentenceRules::default());
        let paras: Vec<&str> = seg.paragraphs.iter().map(|s| &text[s.range()]).collect();
        assert_eq!(paras, vec!["Satu dua.", "Tiga. Empat.\nLima."]);

        let text = "Satu. Baca juga: X\nDua.";
        let removed = [Span::new(6, 18)];
        let seg = segment(text, &removed, SentenceRules::default());
        let paras: Vec<&str> = seg.paragraphs.iter().map(|s| &text[s.range()]).collect();
        assert_eq!(paras, vec!["Satu.", "Dua."]);
    }

    #[test]
    fn initials_and_titles_end_before_an_opening_quote() {
        assert_eq!(
            sentences("Ia bertemu dengan S. ”Jadi, begitu. Libur pada 1441 H. ”Mengenai dana."),
            vec![
                "Ia bertemu dengan S.",
                "”Jadi, begitu.",
                "Libur pada 1441 H.",
                "”Mengenai dana."
            ]
        );
    }

    /// Issue 17, defect 7: memory follows the tokens found, not the length of the input.
    #[test]
    fn memory_follows_tokens_not_input_length() {
        // 8 MB of white space and one 8 MB word: at most one token each.
        for text in [" ".repeat(8 << 20), "a".repeat(8 << 20)] {
            let seg = segment(&text, &[], SentenceRules::default());
            assert!(seg.tokens.len() <= 1);
            assert!(
                seg.tokens.capacity() <= 4,
                "{} tokens reserved for {} tokens",
                seg.tokens.capacity(),
                seg.tokens.len()
            );
            assert!(seg.sentences.capacity() <= 4 && seg.paragraphs.capacity() <= 4);
        }
        // Many tokens: capacity stays within the doubling of what was found.
        let text = "Ia datang. ".repeat(10_000);
        let seg = segment(&text, &[], SentenceRules::default());
        assert_eq!(seg.tokens.len(), 30_000);
        assert!(seg.tokens.capacity() < 2 * seg.tokens.len());
    }

    #[test]
    fn pfsa_rules_split_at_semicolons() {
        let text = "Satu; dua. Judul: Isi baru.";
        let seg = segment(text, &[], SentenceRules::PFSA);
        let got: Vec<&str> = seg.sentences.iter().map(|s| &text[s.range()]).collect();
        assert_eq!(got, vec!["Satu;", "dua.", "Judul:", "Isi baru."]);
    }
}
