//! Reader for PFSA-ID files (public-figure statement attribution, Kompas articles).
//!
//! # Format
//! One `token<TAB>tag` a line, BILOU tags (`O`, `B-STATEMENT`, `U-CUE`, …); a blank line ends a
//! sentence; an article starts with its dateline, `KOTA , KOMPAS —` (sometimes with the city's first
//! word alone in the sentence before, as in `TANGERANG` ⏎⏎ `SELATAN , KOMPAS —`).
//!
//! # What the reader gives
//! Each [`Article`] has its text *detokenised* into natural writing, and for every token its byte
//! span in that text and its tag, plus the gold sentences as byte spans. Sentences of one article are
//! joined by one space (the files carry no paragraph breaks, so none are invented).
//!
//! Detokenisation follows the rules of `detokenise.rs` (shared with the entity-layer evaluation):
//! - no space before `, . ; : ! ? ) ] } % …` and closing quotation marks, none after `( [ {` and
//!   opening marks; `/` and `-` join their neighbours when both are words or numbers
//!   ("Covid - 19" → "Covid-19", "13 / 5 / 2020" → "13/5/2020"); "-nya" joins the token before;
//! - the direction of `”` and `"` (PFSA uses `”` as an opener too) comes from the tag when it says
//!   (`B-`/`U-` opens, `L-` closes a span), else from alternation, and a mark that ends a gold sentence
//!   opens the next one.
//!
//! Gold sentences, two documented adjustments:
//! - **opening marks move forward**: PFSA's splitter leaves an opening mark (`”` or `(`) as the last
//!   token of the sentence before the one it opens; such trailing openers are moved to the start of
//!   the next sentence, where the writing puts them;
//! - **the dateline is not a sentence**: [`Article::dateline`] spans "JAKARTA, KOMPAS —";
//!   [`Article::sentences`] exclude it (a sentence that held only dateline tokens is dropped).
//!   [`Article::sentence_tokens`] keep the raw token ranges of the file, after the first adjustment
//!   only.

use std::ops::Range;
use std::path::Path;

use warta_core::Span;

use crate::detokenise::{Glue, glue, join};

#[derive(Debug, thiserror::Error)]
pub enum PfsaError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Format {
        path: String,
        line: usize,
        message: String,
    },
}

/// One token of the file, placed in the detokenised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldToken {
    pub span: Span,
    /// The BILOU tag as written: "O", "B-STATEMENT", "U-CUE", …
    pub tag: String,
    /// The 1-based line of the file the token came from.
    pub line: usize,
}

impl GoldToken {
    /// The BILOU prefix: 'O', 'B', 'I', 'L' or 'U'.
    pub fn bilou(&self) -> char {
        self.tag.chars().next().unwrap_or('O')
    }

    /// The label after the prefix ("STATEMENT"), or `None` for "O".
    pub fn label(&self) -> Option<&str> {
        self.tag.split_once('-').map(|(_, label)| label)
    }
}

/// One article of a PFSA-ID file.
#[derive(Debug, Clone, Default)]
pub struct Article {
    pub text: String,
    pub tokens: Vec<GoldToken>,
    /// Gold sentences as byte spans of `text`, without the dateline (see the module docs).
    pub sentences: Vec<Span>,
    /// Gold sentences as ranges of `tokens`, including the dateline tokens.
    pub sentence_tokens: Vec<Range<usize>>,
    /// "JAKARTA, KOMPAS —", when the article starts with one.
    pub dateline: Option<Span>,
    /// The 1-based line of the file where the article starts.
    pub line: usize,
}

/// Reads every article of a PFSA-ID file.
pub fn read_file(path: impl AsRef<Path>) -> Result<Vec<Article>, PfsaError> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let content = std::fs::read_to_string(path).map_err(|source| PfsaError::Io {
        path: name.clone(),
        source,
    })?;
    parse(&name, &content)
}

/// One token as the file has it.
struct RawToken<'a> {
    text: &'a str,
    tag: &'a str,
    line: usize,
}

/// Parses the content of a PFSA-ID file; `path` only names it in errors.
pub fn parse(path: &str, content: &str) -> Result<Vec<Article>, PfsaError> {
    let sentences = raw_sentences(path, content)?;
    // An article starts at its dateline sentence, or at the city fragment just before it.
    let mut starts = vec![false; sentences.len()];
    for (n, sentence) in sentences.iter().enumerate() {
        if dateline_end(sentence).is_some() {
            let split_city = n > 0
                && is_city_fragment(&sentences[n - 1])
                && kompas_at(sentence) > 0
                && !starts[n - 1];
            starts[if split_city { n - 1 } else { n }] = true;
        }
    }
    let mut articles = Vec::new();
    let mut from = 0;
    for n in 1..=sentences.len() {
        if n == sentences.len() || starts[n] {
            let group: Vec<&[RawToken]> = sentences[from..n].iter().map(Vec::as_slice).collect();
            articles.push(build_article(&group));
            from = n;
        }
    }
    Ok(articles)
}

fn raw_sentences<'a>(path: &str, content: &'a str) -> Result<Vec<Vec<RawToken<'a>>>, PfsaError> {
    let mut sentences = Vec::new();
    let mut current = Vec::new();
    for (i, line) in content.lines().enumerate() {
        let line_no = i + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            if !current.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        let format_error = |message: String| PfsaError::Format {
            path: path.to_owned(),
            line: line_no,
            message,
        };
        let (text, tag) = line
            .split_once('\t')
            .ok_or_else(|| format_error("expected `token<TAB>tag`".to_owned()))?;
        let tag = tag.trim();
        let valid_tag = tag == "O"
            || tag
                .split_once('-')
                .is_some_and(|(p, label)| matches!(p, "B" | "I" | "L" | "U") && !label.is_empty());
        if !valid_tag {
            return Err(format_error(format!("`{tag}` is not a BILOU tag")));
        }
        let text = text.trim();
        if text.is_empty() {
            return Err(format_error("empty token".to_owned()));
        }
        current.push(RawToken {
            text,
            tag,
            line: line_no,
        });
    }
    if !current.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

fn is_dash(s: &str) -> bool {
    matches!(s, "—" | "-" | "–" | "--")
}

/// The index of "KOMPAS" in a dateline sentence, or the sentence length when there is none.
fn kompas_at(sentence: &[RawToken]) -> usize {
    sentence
        .iter()
        .take(8)
        .position(|t| t.text == "KOMPAS")
        .unwrap_or(sentence.len())
}

/// True when all `tokens` are upper-case words (a city name).
fn is_caps_run(tokens: &[RawToken]) -> bool {
    tokens.iter().all(|t| {
        t.text == ","
            || (t.text.chars().any(char::is_uppercase) && !t.text.chars().any(char::is_lowercase))
    })
}

/// A sentence of one to three upper-case words: the first half of a city the splitter cut.
fn is_city_fragment(sentence: &[RawToken]) -> bool {
    sentence.len() <= 3
        && sentence
            .iter()
            .all(|t| t.text.chars().all(char::is_uppercase))
}

/// The token index just past the dateline's dash, when the sentence opens with "CITY , KOMPAS —"
/// or "KOMPAS , CITY —".
fn dateline_end(sentence: &[RawToken]) -> Option<usize> {
    let k = kompas_at(sentence);
    if k == sentence.len() {
        return None;
    }
    let place_first = k >= 2 && sentence[k - 1].text == "," && is_caps_run(&sentence[..k - 1]);
    let outlet_first = k == 0 && sentence.get(1).is_some_and(|t| t.text == ",");
    if !(place_first || outlet_first) {
        return None;
    }
    (k + 1..(k + 6).min(sentence.len()))
        .find(|&i| is_dash(sentence[i].text))
        .map(|i| i + 1)
}

fn build_article(sentences: &[&[RawToken]]) -> Article {
    let raw: Vec<&RawToken> = sentences.iter().flat_map(|s| s.iter()).collect();
    let mut sentence_ends: Vec<usize> = Vec::with_capacity(sentences.len());
    for s in sentences {
        sentence_ends.push(sentence_ends.last().copied().unwrap_or(0) + s.len());
    }
    let is_sentence_end = |i: usize| sentence_ends.binary_search(&(i + 1)).is_ok();

    // Quotation marks by direction: as the tag says when it does, else by alternation, and a mark
    // that ends a gold sentence opens the next one.
    let words: Vec<&str> = raw.iter().map(|t| t.text).collect();
    let glue = glue(&words, |i, open_now| {
        let tag = raw[i].tag;
        if tag.starts_with("B-") || tag.starts_with("U-") {
            true
        } else if tag.starts_with("L-") {
            false
        } else {
            is_sentence_end(i) || !open_now
        }
    });
    let (text, spans) = join(&words, &glue);
    let tokens: Vec<GoldToken> = raw
        .iter()
        .zip(spans)
        .map(|(t, span)| GoldToken {
            span,
            tag: t.tag.to_owned(),
            line: t.line,
        })
        .collect();

    // Gold sentences as token ranges, with trailing opening marks moved to the next sentence.
    let mut sentence_tokens: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for (n, &end) in sentence_ends.iter().enumerate() {
        let mut cut = end;
        if n + 1 < sentence_ends.len() {
            while cut > start && glue[cut - 1] == Glue::Right {
                cut -= 1;
            }
        }
        if cut > start {
            sentence_tokens.push(start..cut);
            start = cut;
        }
    }

    let dateline = dateline_end(sentences[0])
        .map(|end| Span::new(0, tokens[end - 1].span.end))
        .or_else(|| {
            // A city split over two sentences: "TANGERANG" + "SELATAN , KOMPAS —".
            let first = sentences[0];
            (is_city_fragment(first) && sentences.len() > 1)
                .then(|| dateline_end(sentences[1]))
                .flatten()
                .map(|end| Span::new(0, tokens[first.len() + end - 1].span.end))
        });

    let sentences = sentence_tokens
        .iter()
        .filter_map(|r| {
            let mut span = Span::new(tokens[r.start].span.start, tokens[r.end - 1].span.end);
            if let Some(d) = dateline
                && span.start < d.end
            {
                span.start = d.end.min(span.end);
                let rest = &text[span.range()];
                span.start = span.end - rest.trim_start().len();
            }
            (!span.is_empty()).then_some(span)
        })
        .collect();

    Article {
        line: raw.first().map_or(0, |t| t.line),
        text,
        tokens,
        sentences,
        sentence_tokens,
        dateline,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "JAKARTA\tO\n,\tO\nKOMPAS\tO\n—\tO\nPresiden\tB-PERSON\nJoko\tL-PERSON\n\
        datang\tO\nke\tO\nCovid\tO\n-\tO\n19\tO\n(\tO\n49\tO\n)\tO\n.\tO\n”\tB-STATEMENT\n\n\
        Saya\tI-STATEMENT\npergi\tI-STATEMENT\n,\tI-STATEMENT\n”\tL-STATEMENT\nkata\tU-CUE\n\
        Joko\tO\n13\tO\n/\tO\n5\tO\n.\tO\n\n\
        TANGERANG\tO\n\nSELATAN\tO\n,\tO\nKOMPAS\tO\n—\tO\nIa\tO\npulang\tO\n.\tO\n";

    fn texts<'a>(article: &'a Article, spans: &[Span]) -> Vec<&'a str> {
        spans.iter().map(|s| &article.text[s.range()]).collect()
    }

    #[test]
    fn detokenises_and_keeps_spans() {
        let articles = parse("sample.tsv", SAMPLE).unwrap();
        assert_eq!(articles.len(), 2);
        let a = &articles[0];
        assert_eq!(
            a.text,
            "JAKARTA, KOMPAS — Presiden Joko datang ke Covid-19 (49). ”Saya pergi,” kata Joko 13/5."
        );
        for t in &a.tokens {
            assert!(!a.text[t.span.range()].contains(' '));
        }
        assert_eq!(&a.text[a.tokens[4].span.range()], "Presiden");
        assert_eq!(a.tokens[4].tag, "B-PERSON");
        assert_eq!(a.tokens[4].label(), Some("PERSON"));
        assert_eq!(a.tokens[4].line, 5);
        assert_eq!(&a.text[a.dateline.unwrap().range()], "JAKARTA, KOMPAS —");
        assert_eq!(
            texts(a, &a.sentences),
            vec![
                "Presiden Joko datang ke Covid-19 (49).",
                "”Saya pergi,” kata Joko 13/5."
            ]
        );
        assert_eq!(a.sentence_tokens, vec![0..15, 15..26]);
    }

    #[test]
    fn split_city_starts_one_article() {
        let articles = parse("sample.tsv", SAMPLE).unwrap();
        let b = &articles[1];
        assert_eq!(b.text, "TANGERANG SELATAN, KOMPAS — Ia pulang.");
        assert_eq!(
            &b.text[b.dateline.unwrap().range()],
            "TANGERANG SELATAN, KOMPAS —"
        );
        assert_eq!(texts(b, &b.sentences), vec!["Ia pulang."]);
        assert_eq!(b.line, 29);
    }

    #[test]
    fn errors_name_file_and_line() {
        let err = parse("x.tsv", "A\tO\nB\n").unwrap_err().to_string();
        assert_eq!(err, "x.tsv:2: expected `token<TAB>tag`");
        let err = parse("x.tsv", "A\tO\n\nB\tQ-X\n").unwrap_err().to_string();
        assert_eq!(err, "x.tsv:3: `Q-X` is not a BILOU tag");
    }
}
