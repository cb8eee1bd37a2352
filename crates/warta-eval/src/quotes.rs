//! Scoring warta's quotes against a hand-marked gold file in the news-gold format (see
//! `quotes/news-gold/README.md` of the shared data): every quotation of an article with its type,
//! code-point span, speaker's fullest name and every name form the article uses.
//!
//! The convention is the gold file's own, so that figures agree with anyone else who scores it:
//! - a predicted quote matches a gold one when their spans overlap by at least half of the shorter
//!   span, one to one (larger overlaps are paired first);
//! - quote precision, recall and F1 over all quotes, and per type: recall per gold type, precision
//!   per predicted type (a match counts whatever the other side's type);
//! - speaker accuracy over matched quotes: right when the predicted name equals, case and
//!   punctuation aside, any of the gold `speaker_names`; full-name accuracy: right only when it
//!   equals `speaker`; for a gold speaker of kind `UNKNOWN`, right when no name is predicted.
//!
//! The predicted side is warta's output as `extract` writes it ([`OutputDocument`]), so scoring a
//! saved output file and scoring a fresh run give the same figures.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use warta_core::QuoteKind;
use warta_core::output::OutputDocument;
use warta_core::score::SpanScore;

#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not a news-gold file: {source}")]
    Json {
        path: String,
        source: serde_json::Error,
    },
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldFile {
    #[serde(default)]
    pub about: String,
    pub articles: Vec<GoldArticle>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldArticle {
    /// The JSON Lines file holding the article, relative to the data directory.
    pub file: String,
    /// 1-based line of that file.
    pub line: usize,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub outlet: Option<String>,
    pub quotes: Vec<GoldQuote>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldQuote {
    #[serde(rename = "type")]
    pub kind: String,
    /// Code-point offsets into the article text.
    pub start: usize,
    pub end: usize,
    pub speaker: String,
    #[serde(default)]
    pub speaker_names: Vec<String>,
    #[serde(default)]
    pub speaker_kind: String,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub cue: Option<String>,
}

impl GoldQuote {
    fn unknown_speaker(&self) -> bool {
        self.speaker_kind == "UNKNOWN" || self.speaker.trim().is_empty()
    }
}

pub fn read_gold(path: &Path) -> Result<GoldFile, GoldError> {
    let text = std::fs::read_to_string(path).map_err(|source| GoldError::Io {
        path: path.display().to_string(),
        source,
    })?;
    parse_gold(&text).map_err(|source| GoldError::Json {
        path: path.display().to_string(),
        source,
    })
}

pub fn parse_gold(text: &str) -> Result<GoldFile, serde_json::Error> {
    serde_json::from_str(text)
}

/// The three quote types, in report order.
pub const TYPES: [&str; 3] = ["direct", "indirect", "mixed"];

fn kind_name(kind: QuoteKind) -> &'static str {
    match kind {
        QuoteKind::Direct => "direct",
        QuoteKind::Indirect => "indirect",
        QuoteKind::Mixed => "mixed",
    }
}

/// Lower case, letters and digits only, single spaces: "Budi S. Putra" = "budi s putra".
pub fn normalise_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Missed,
    FalseAlarm,
    WrongSpeaker,
    /// The speaker is one of the gold names, but not the fullest.
    ShortName,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Missed => "MISSED",
            ErrorKind::FalseAlarm => "FALSE_ALARM",
            ErrorKind::WrongSpeaker => "WRONG_SPEAKER",
            ErrorKind::ShortName => "SHORT_NAME",
        }
    }
}

/// One error, for study: what went wrong, where, and the words around it.
#[derive(Debug, Clone)]
pub struct QuoteError {
    pub kind: ErrorKind,
    pub article: String,
    /// The quote's type: gold for misses and speaker errors, predicted for false alarms.
    pub quote_type: &'static str,
    pub start: usize,
    pub end: usize,
    pub gold_speaker: Option<String>,
    pub predicted_speaker: Option<String>,
    pub cue: Option<String>,
    /// The quote's words with a few words around them.
    pub context: String,
}

/// Figures over all articles added; see the module documentation for the convention.
#[derive(Debug, Clone, Default)]
pub struct QuoteReport {
    pub articles: usize,
    pub overall: SpanScore,
    /// Per type: `gold` and recall from the gold type, `predicted` and precision from the
    /// predicted type. `correct` is kept per side in [`QuoteReport::found_by_type`].
    pub by_type: BTreeMap<&'static str, TypeCounts>,
    pub matched: usize,
    pub speaker_right: usize,
    pub full_name_right: usize,
    pub errors: Vec<QuoteError>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypeCounts {
    pub gold: usize,
    pub predicted: usize,
    /// Gold quotes of this type that were matched.
    pub found_gold: usize,
    /// Predicted quotes of this type that matched a gold quote.
    pub correct_predicted: usize,
}

impl TypeCounts {
    pub fn precision(&self) -> f64 {
        warta_core::score::ratio(self.correct_predicted, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        warta_core::score::ratio(self.found_gold, self.gold)
    }
    pub fn f1(&self) -> f64 {
        warta_core::score::f1(self.precision(), self.recall())
    }
}

/// How many characters of context each error shows on either side of the quote.
const CONTEXT_CHARS: usize = 80;
/// A quote longer than this is shown by its ends only.
const SHOWN_CHARS: usize = 240;

impl QuoteReport {
    pub fn speaker_accuracy(&self) -> f64 {
        warta_core::score::ratio(self.speaker_right, self.matched)
    }

    pub fn full_name_accuracy(&self) -> f64 {
        warta_core::score::ratio(self.full_name_right, self.matched)
    }

    /// Scores one article: `gold` against the quotes of `out` (offsets in code points of
    /// `out.text`, as `extract` writes them).
    pub fn add(&mut self, gold: &GoldArticle, out: &OutputDocument) {
        self.articles += 1;
        let name = gold
            .url
            .clone()
            .unwrap_or_else(|| format!("{}:{}", gold.file, gold.line));
        let chars: Vec<char> = out.text.chars().collect();
        let predicted = &out.quotes;
        let pairs = match_spans(
            &gold
                .quotes
                .iter()
                .map(|q| (q.start, q.end))
                .collect::<Vec<_>>(),
            &predicted
                .iter()
                .map(|q| (q.start, q.end))
                .collect::<Vec<_>>(),
        );
        let mut gold_match = vec![None; gold.quotes.len()];
        let mut predicted_matched = vec![false; predicted.len()];
        for &(g, p) in &pairs {
            gold_match[g] = Some(p);
            predicted_matched[p] = true;
        }
        self.overall += SpanScore {
            gold: gold.quotes.len(),
            predicted: predicted.len(),
            correct: pairs.len(),
        };
        for q in &gold.quotes {
            let t = self.type_entry(&q.kind);
            t.gold += 1;
        }
        for (p, q) in predicted.iter().enumerate() {
            let t = self.by_type.entry(kind_name(q.kind)).or_default();
            t.predicted += 1;
            if predicted_matched[p] {
                t.correct_predicted += 1;
            }
        }
        for (g, q) in gold.quotes.iter().enumerate() {
            let quote_type = type_key(&q.kind);
            let Some(p) = gold_match[g] else {
                self.errors.push(QuoteError {
                    kind: ErrorKind::Missed,
                    article: name.clone(),
                    quote_type,
                    start: q.start,
                    end: q.end,
                    gold_speaker: Some(q.speaker.clone()),
                    predicted_speaker: None,
                    cue: q.cue.clone(),
                    context: context(&chars, q.start, q.end),
                });
                continue;
            };
            self.type_entry(&q.kind).found_gold += 1;
            self.matched += 1;
            let said = predicted[p].speaker.as_ref().map(|s| s.name.as_str());
            let (speaker_right, full_right) = judge_speaker(q, said);
            self.speaker_right += usize::from(speaker_right);
            self.full_name_right += usize::from(full_right);
            if !full_right {
                self.errors.push(QuoteError {
                    kind: if speaker_right {
                        ErrorKind::ShortName
                    } else {
                        ErrorKind::WrongSpeaker
                    },
                    article: name.clone(),
                    quote_type,
                    start: q.start,
                    end: q.end,
                    gold_speaker: Some(q.speaker.clone()),
                    predicted_speaker: said.map(str::to_owned),
                    cue: predicted[p].cue.as_ref().map(|c| c.text.clone()),
                    context: context(&chars, q.start, q.end),
                });
            }
        }
        for (p, q) in predicted.iter().enumerate() {
            if predicted_matched[p] {
                continue;
            }
            self.errors.push(QuoteError {
                kind: ErrorKind::FalseAlarm,
                article: name.clone(),
                quote_type: kind_name(q.kind),
                start: q.start,
                end: q.end,
                gold_speaker: None,
                predicted_speaker: q.speaker.as_ref().map(|s| s.name.clone()),
                cue: q.cue.as_ref().map(|c| c.text.clone()),
                context: context(&chars, q.start, q.end),
            });
        }
    }

    fn type_entry(&mut self, kind: &str) -> &mut TypeCounts {
        self.by_type.entry(type_key(kind)).or_default()
    }
}

/// The gold type as one of [`TYPES`]; anything else is counted as "other".
fn type_key(kind: &str) -> &'static str {
    TYPES
        .iter()
        .find(|t| t.eq_ignore_ascii_case(kind))
        .copied()
        .unwrap_or("other")
}

/// (speaker right, full name right) for the predicted name `said` of a matched quote.
pub fn judge_speaker(gold: &GoldQuote, said: Option<&str>) -> (bool, bool) {
    if gold.unknown_speaker() {
        let right = said.is_none_or(|s| normalise_name(s).is_empty());
        return (right, right);
    }
    let Some(said) = said.map(normalise_name).filter(|s| !s.is_empty()) else {
        return (false, false);
    };
    let full = normalise_name(&gold.speaker) == said;
    let any = full || gold.speaker_names.iter().any(|n| normalise_name(n) == said);
    (any, full)
}

/// Code-point span overlap.
fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// One-to-one pairs (gold index, predicted index) of spans that overlap by at least half of the
/// shorter one, the largest overlaps paired first.
pub fn match_spans(gold: &[(usize, usize)], predicted: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut candidates = Vec::new();
    for (g, &gs) in gold.iter().enumerate() {
        for (p, &ps) in predicted.iter().enumerate() {
            let shared = overlap(gs, ps);
            let shorter = (gs.1.saturating_sub(gs.0)).min(ps.1.saturating_sub(ps.0));
            // Twice the overlap against the shorter length: no rounding of "half".
            if shared > 0 && 2 * shared >= shorter {
                candidates.push((shared, g, p));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut gold_used = vec![false; gold.len()];
    let mut predicted_used = vec![false; predicted.len()];
    let mut pairs = Vec::new();
    for (_, g, p) in candidates {
        if !gold_used[g] && !predicted_used[p] {
            gold_used[g] = true;
            predicted_used[p] = true;
            pairs.push((g, p));
        }
    }
    pairs.sort_unstable();
    pairs
}

/// The quote in `[start, end)` with some words on either side, the quote itself in ⟦ ⟧, on one line.
fn context(chars: &[char], start: usize, end: usize) -> String {
    let start = start.min(chars.len());
    let end = end.clamp(start, chars.len());
    let before: String = chars[start.saturating_sub(CONTEXT_CHARS)..start]
        .iter()
        .collect();
    let after: String = chars[end..(end + CONTEXT_CHARS).min(chars.len())]
        .iter()
        .collect();
    let inner: String = if end - start > SHOWN_CHARS {
        let head: String = chars[start..start + SHOWN_CHARS / 2].iter().collect();
        let tail: String = chars[end - SHOWN_CHARS / 2..end].iter().collect();
        format!("{head} … {tail}")
    } else {
        chars[start..end].iter().collect()
    };
    format!("{before}⟦{inner}⟧{after}")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use warta_core::output::{OutQuote, OutSpeaker};

    const GOLD: &str = r#"{"about": "made up for the test", "articles": [
      {"file": "news/x.jsonl", "line": 3, "url": "https://example.invalid/a", "outlet": "x",
       "quotes": [
        {"type": "direct", "start": 1, "end": 11, "speaker": "Budi Santoso",
         "speaker_names": ["Budi Santoso", "Budi"], "speaker_kind": "PER", "role": "", "cue": "kata"},
        {"type": "indirect", "start": 30, "end": 50, "speaker": "Budi Santoso",
         "speaker_names": ["Budi Santoso", "Budi"], "speaker_kind": "PER", "role": "", "cue": "mengatakan"},
        {"type": "indirect", "start": 60, "end": 70, "speaker": "",
         "speaker_names": [], "speaker_kind": "UNKNOWN", "role": "", "cue": ""},
        {"type": "mixed", "start": 80, "end": 90, "speaker": "Polri",
         "speaker_names": ["Polri"], "speaker_kind": "ORG", "role": "", "cue": "menyebut"}
       ]}]}"#;

    fn out_quote(kind: QuoteKind, start: usize, end: usize, speaker: Option<&str>) -> OutQuote {
        OutQuote {
            kind,
            start,
            end,
            text: String::new(),
            cue: None,
            speaker: speaker.map(|name| OutSpeaker {
                name: name.to_owned(),
                entity: None,
                kind: "PER".to_owned(),
                mention: None,
                role: None,
            }),
            said_on: None,
        }
    }

    fn output(quotes: Vec<OutQuote>) -> OutputDocument {
        let mut out = OutputDocument::from_document(
            &warta_core::Document::new("x".repeat(100), warta_core::Meta::default()),
            warta_core::output::OutputOptions::default(),
        );
        out.quotes = quotes;
        out
    }

    #[test]
    fn half_of_the_shorter_span_matches_one_to_one() {
        // 5 of 10 shared: exactly half of the shorter, a match.
        assert_eq!(match_spans(&[(0, 10)], &[(5, 20)]), vec![(0, 0)]);
        // 4 of 10: not.
        assert!(match_spans(&[(0, 10)], &[(6, 20)]).is_empty());
        // A short prediction inside a long gold span matches.
        assert_eq!(match_spans(&[(0, 100)], &[(40, 44)]), vec![(0, 0)]);
        // Two predictions inside one gold quote: one is paired, the larger overlap.
        assert_eq!(match_spans(&[(0, 100)], &[(0, 30), (30, 90)]), vec![(0, 1)]);
    }

    #[test]
    fn names_compare_without_case_and_punctuation() {
        assert_eq!(normalise_name("  Budi S. Putra,"), "budi s putra");
        assert_eq!(normalise_name("Ma’ruf Amin"), "ma ruf amin");
    }

    #[test]
    fn scores_a_made_up_article() {
        let gold = parse_gold(GOLD).unwrap();
        let out = output(vec![
            // Gold 0, short form: speaker right, full name wrong.
            out_quote(QuoteKind::Direct, 2, 11, Some("budi")),
            // Gold 1, full name.
            out_quote(QuoteKind::Indirect, 30, 45, Some("Budi  Santoso")),
            // Gold 2 (unknown speaker) with a name predicted: wrong.
            out_quote(QuoteKind::Indirect, 60, 66, Some("Rina")),
            // A false alarm.
            out_quote(QuoteKind::Direct, 92, 99, None),
        ]);
        let mut report = QuoteReport::default();
        report.add(&gold.articles[0], &out);
        assert_eq!(
            report.overall,
            SpanScore {
                gold: 4,
                predicted: 4,
                correct: 3
            }
        );
        assert_eq!(report.matched, 3);
        assert_eq!(report.speaker_right, 2);
        assert_eq!(report.full_name_right, 1);
        let direct = report.by_type["direct"];
        assert_eq!((direct.gold, direct.found_gold), (1, 1));
        assert_eq!((direct.predicted, direct.correct_predicted), (2, 1));
        let mixed = report.by_type["mixed"];
        assert_eq!((mixed.gold, mixed.found_gold, mixed.predicted), (1, 0, 0));
        let kinds: Vec<ErrorKind> = report.errors.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            vec![
                ErrorKind::ShortName,
                ErrorKind::WrongSpeaker,
                ErrorKind::Missed,
                ErrorKind::FalseAlarm
            ]
        );
        assert!((report.speaker_accuracy() - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn unknown_speaker_is_right_only_without_a_name() {
        let gold = parse_gold(GOLD).unwrap();
        let unknown = &gold.articles[0].quotes[2];
        assert_eq!(judge_speaker(unknown, None), (true, true));
        assert_eq!(judge_speaker(unknown, Some("Rina")), (false, false));
        let known = &gold.articles[0].quotes[0];
        assert_eq!(judge_speaker(known, None), (false, false));
        assert_eq!(judge_speaker(known, Some("BUDI SANTOSO")), (true, true));
    }
}
