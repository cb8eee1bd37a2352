//! Scoring warta's quotes against PFSA-ID: the document's layers are projected onto the gold tokens
//! and compared span by span, per label, plus attribution accuracy.
//!
//! # How warta's output maps to PFSA-ID labels
//! PFSA-ID annotates the direct quotations of public figures only, with their marks. warta reports
//! every quotation and gives each speaker the public role the article states (`speaker.role`:
//! "Kepala Bidang Humas Polda Metro Jaya", "pengajar sosiologi UNJ"; ordinary people's
//! descriptions are no roles), so by default only direct quotations whose speaker has a role are
//! projected ([`PfsaReport::all_speakers`] projects every one):
//! - `STATEMENT`: each such direct quotation, its span widened to the quotation marks around it;
//!   indirect and mixed quotes are not projected (the corpus does not annotate them);
//! - `CUE` / `CUECOREF`: its cue; `CUECOREF` when the speaker's mention lies inside the cue word
//!   ("ujar|nya"), or, without a speaker, when the cue has the clitic's shape;
//! - `PERSON` / `PERSONCOREF`: the speaker's mention next to the cue ("Presiden", "Irjen Fadil",
//!   "dia"): `PERSON` when it is the entity's first mention and these words are written there for
//!   the first time, else `PERSONCOREF`; a clitic mention is not projected (it is inside the cue).
//!   The first mention of every entity that speaks is `PERSON` too (PFSA marks the full name where
//!   the speaker is introduced);
//! - `ROLE` / `AFFILIATION`: the speaker's role where the text writes it next to a mention of the
//!   speaker; an organisation the entity layer found inside it, and what follows, is the
//!   `AFFILIATION` ("Kepala Bidang Humas | Polda Metro Jaya");
//! - `DATETIME`: dates in a quotation's cue sentence, outside the quotation: after a cue that
//!   follows its quotation, before one that precedes it ("X, Senin (…), mengatakan, …").
//!
//! A span covers the gold tokens it overlaps. **Exact**: same first and last token. **Overlap**: a
//! predicted span is correct when it overlaps a gold span of its label, a gold span is found when a
//! predicted one overlaps it; P and R are counted on their own sides.
//!
//! # Attribution
//! The gold speaker of a statement with a `CUE` right after it is the `PERSON`/`PERSONCOREF` after
//! that cue; otherwise ("katanya", a continuation, a cue before) it is the latest person span before
//! the statement. A `PERSONCOREF` stands for the article's `PERSON` span holding its last word,
//! else for the longest capitalised phrase it opens in the article ("Presiden" → "Presiden Joko
//! Widodo", often written in an `ISSUE` span); a pronoun ("dia") for the person before it.
//! Statements whose speaker cannot be derived so are left out of the denominator. The predicted
//! speaker is that of the direct quotation overlapping the statement most. Two names match when one's
//! words are all in the other, or they share the last word of one (case-insensitive): "Yusri Yunus"
//! matches "Kombes Yusri Yunus", "Fadil Imran" matches "Irjen Fadil".

use std::collections::BTreeMap;
use std::ops::Range;
use warta_core::score::{f1, ratio};

use warta_core::{Document, EntityLabel, QuoteKind, Span, Speaker};

use crate::pfsa::Article;

pub const LABELS: [&str; 8] = [
    "STATEMENT",
    "CUE",
    "CUECOREF",
    "PERSON",
    "PERSONCOREF",
    "ROLE",
    "AFFILIATION",
    "DATETIME",
];

/// Counts for one label; add articles with [`Counts::add`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    /// Predicted spans that are correct.
    pub correct_predicted: usize,
    /// Gold spans that were found.
    pub found_gold: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.correct_predicted, self.predicted)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.found_gold, self.gold)
    }

    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }

    fn add(&mut self, other: Counts) {
        self.gold += other.gold;
        self.predicted += other.predicted;
        self.correct_predicted += other.correct_predicted;
        self.found_gold += other.found_gold;
    }
}

/// One miss, for study with `--errors`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorItem {
    /// "missed STATEMENT", "spurious CUE", "wrong speaker" …
    pub what: String,
    /// The 1-based line of the file where the article starts.
    pub article_line: usize,
    pub text: String,
    pub detail: String,
}

#[derive(Debug, Clone, Default)]
pub struct PfsaReport {
    /// Project every direct quotation, not only those of speakers with a public role (PFSA-ID
    /// annotates statements of public figures, not of passers-by).
    pub all_speakers: bool,
    pub exact: BTreeMap<&'static str, Counts>,
    pub overlap: BTreeMap<&'static str, Counts>,
    /// Gold statements whose speaker the gold derivation found.
    pub attributable: usize,
    pub attributed_right: usize,
    pub articles: usize,
    pub errors: Vec<ErrorItem>,
}

impl PfsaReport {
    pub fn attribution_accuracy(&self) -> f64 {
        ratio(self.attributed_right, self.attributable)
    }

    /// Scores one article whose `doc` (built from `article.text`) went through the pipeline.
    pub fn add(&mut self, article: &Article, doc: &Document) {
        self.articles += 1;
        let gold = gold_spans(article);
        let predicted = project(article, doc, self.all_speakers);
        for label in LABELS {
            let g: Vec<Range<usize>> = spans_of(&gold, label);
            let p: Vec<Range<usize>> = spans_of(&predicted, label);
            let (exact, overlap) = compare(&g, &p);
            self.exact.entry(label).or_default().add(exact);
            self.overlap.entry(label).or_default().add(overlap);
            if matches!(
                label,
                "STATEMENT" | "CUE" | "CUECOREF" | "PERSONCOREF" | "DATETIME"
            ) {
                self.note_misses(article, doc, label, &g, &p);
            }
        }
        self.attribution(article, doc, &gold);
    }

    fn note_misses(
        &mut self,
        article: &Article,
        doc: &Document,
        label: &str,
        gold: &[Range<usize>],
        predicted: &[Range<usize>],
    ) {
        let text_of = |r: &Range<usize>| tokens_text(article, r.clone());
        for g in gold
            .iter()
            .filter(|g| !predicted.iter().any(|p| overlaps(p, g)))
        {
            let mut detail = context(article, g.clone());
            if label == "STATEMENT" {
                detail.push_str(&unprojected(article, doc, g.clone()));
            }
            self.errors.push(ErrorItem {
                what: format!("missed {label}"),
                article_line: article.line,
                text: text_of(g),
                detail,
            });
        }
        for p in predicted
            .iter()
            .filter(|p| !gold.iter().any(|g| overlaps(p, g)))
        {
            let mut detail = context(article, p.clone());
            if label == "STATEMENT" {
                detail.push_str(&unprojected(article, doc, p.clone()));
            }
            self.errors.push(ErrorItem {
                what: format!("spurious {label}"),
                article_line: article.line,
                text: text_of(p),
                detail,
            });
        }
    }

    fn attribution(&mut self, article: &Article, doc: &Document, gold: &[(String, Range<usize>)]) {
        let speakers = gold_speakers(article, gold);
        for (statement, gold_name) in speakers {
            let Some(gold_name) = gold_name else { continue };
            self.attributable += 1;
            let stmt_span = Span::new(
                article.tokens[statement.start].span.start,
                article.tokens[statement.end - 1].span.end,
            );
            let quote = doc
                .quotes
                .iter()
                .filter(|q| q.kind == QuoteKind::Direct && q.span.overlaps(stmt_span))
                .max_by_key(|q| q.span.end.min(stmt_span.end) - q.span.start.max(stmt_span.start));
            let speaker = quote.and_then(|q| q.speaker.as_ref());
            let predicted = speaker.map(|s| s.name.clone());
            let slice = |span: Option<Span>| span.map_or("", |s| doc.slice(s));
            let how = format!(
                "cue {:?}, mention {:?}",
                slice(quote.and_then(|q| q.cue)),
                slice(speaker.and_then(|s| s.mention))
            );
            if predicted
                .as_deref()
                .is_some_and(|p| same_person(p, &gold_name))
            {
                self.attributed_right += 1;
            } else {
                self.errors.push(ErrorItem {
                    what: "wrong speaker".to_owned(),
                    article_line: article.line,
                    text: tokens_text(article, statement.clone()),
                    detail: format!(
                        "gold {gold_name:?}, predicted {:?} ({how})",
                        predicted.unwrap_or_default()
                    ),
                });
            }
        }
    }
}

/// What warta said about the quotation at `statement` (its speaker and role), for the listing.
fn unprojected(article: &Article, doc: &Document, statement: Range<usize>) -> String {
    let span = Span::new(
        article.tokens[statement.start].span.start,
        article.tokens[statement.end - 1].span.end,
    );
    let Some(quote) = doc.quotes.iter().find(|q| q.span.overlaps(span)) else {
        return String::new();
    };
    let speaker = quote.speaker.as_ref();
    format!(
        "\n    warta: {:?} by {:?} (role {:?}), cue {:?}",
        quote.kind,
        speaker.map(|s| s.name.as_str()),
        speaker.and_then(|s| s.role.as_deref()),
        quote.cue.map(|c| doc.slice(c)),
    )
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn compare(gold: &[Range<usize>], predicted: &[Range<usize>]) -> (Counts, Counts) {
    let exact_hits = predicted.iter().filter(|p| gold.contains(p)).count();
    let exact = Counts {
        gold: gold.len(),
        predicted: predicted.len(),
        correct_predicted: exact_hits,
        found_gold: gold.iter().filter(|g| predicted.contains(g)).count(),
    };
    let overlap = Counts {
        gold: gold.len(),
        predicted: predicted.len(),
        correct_predicted: predicted
            .iter()
            .filter(|p| gold.iter().any(|g| overlaps(p, g)))
            .count(),
        found_gold: gold
            .iter()
            .filter(|g| predicted.iter().any(|p| overlaps(p, g)))
            .count(),
    };
    (exact, overlap)
}

fn spans_of(spans: &[(String, Range<usize>)], label: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = spans
        .iter()
        .filter(|(l, _)| l == label)
        .map(|(_, r)| r.clone())
        .collect();
    out.sort_by_key(|r| (r.start, r.end));
    out.dedup();
    out
}

/// Gold spans as token ranges, from the BILOU tags.
fn gold_spans(article: &Article) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let mut open: Option<(String, usize)> = None;
    for (i, t) in article.tokens.iter().enumerate() {
        let label = t.label().map(str::to_owned);
        match (t.bilou(), label) {
            ('U', Some(l)) => {
                out.push((l, i..i + 1));
                open = None;
            }
            ('B', Some(l)) => open = Some((l, i)),
            ('L', Some(l)) => {
                // An L without its B (inconsistent files) starts at itself.
                let start = match open.take() {
                    Some((o, s)) if o == l => s,
                    _ => i,
                };
                out.push((l, start..i + 1));
            }
            ('I', Some(l)) => {
                if open.as_ref().is_none_or(|(o, _)| *o != l) {
                    open = Some((l, i));
                }
            }
            _ => {
                if let Some((l, s)) = open.take() {
                    out.push((l, s..i));
                }
            }
        }
    }
    if let Some((l, s)) = open {
        out.push((l, s..article.tokens.len()));
    }
    out
}

/// The gold tokens a byte span covers.
fn token_range(article: &Article, span: Span) -> Option<Range<usize>> {
    let tokens = &article.tokens;
    let from = tokens.partition_point(|t| t.span.end <= span.start);
    let to = tokens.partition_point(|t| t.span.start < span.end);
    (from < to).then_some(from..to)
}

fn tokens_text(article: &Article, r: Range<usize>) -> String {
    if r.is_empty() {
        return String::new();
    }
    article.text[article.tokens[r.start].span.start..article.tokens[r.end - 1].span.end].to_owned()
}

/// The gold tags around a range, for the error listing.
fn context(article: &Article, r: Range<usize>) -> String {
    let from = r.start.saturating_sub(6);
    let to = (r.end + 8).min(article.tokens.len());
    article.tokens[from..to]
        .iter()
        .map(|t| {
            let word = &article.text[t.span.range()];
            match t.label() {
                Some(l) => format!("{word}/{l}"),
                None => word.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Widens a quotation's content span over the quotation marks right around it.
fn with_marks(text: &str, span: Span) -> Span {
    let is_mark = |c: char| matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '‘' | '’' | '\'');
    let mut start = span.start;
    let before = text[..start].trim_end();
    if let Some(c) = before.chars().next_back()
        && is_mark(c)
    {
        start = before.len() - c.len_utf8();
    }
    let mut end = span.end;
    let after = &text[end..];
    let trimmed = after.trim_start();
    if let Some(c) = trimmed.chars().next()
        && is_mark(c)
    {
        end += after.len() - trimmed.len() + c.len_utf8();
    }
    Span::new(start, end)
}

/// warta's layers as labelled token ranges (the mapping in the module docs).
fn project(article: &Article, doc: &Document, all_speakers: bool) -> Vec<(String, Range<usize>)> {
    let text = doc.text();
    let mut out = Vec::new();
    let mut push = |label: &str, span: Span| {
        if let Some(r) = token_range(article, span) {
            out.push((label.to_owned(), r));
        }
    };
    let mut speaking_entities = Vec::new();
    let public_figure =
        |q: &&warta_core::Quote| q.speaker.as_ref().is_some_and(|s| s.role.is_some());
    for q in doc
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Direct)
        .filter(|q| all_speakers || public_figure(q))
    {
        push("STATEMENT", with_marks(text, q.span));
        let Some(cue) = q.cue else { continue };
        // The speaker's mention inside the cue ("ujar|nya") makes it CUECOREF; without a speaker,
        // the clitic's shape does ("tanya" is a verb, not "tan-nya").
        let cue_is_clitic = match q.speaker.as_ref().and_then(|s| s.mention) {
            Some(m) => cue.contains(m),
            None => {
                let word = text[cue.range()].to_lowercase();
                word.ends_with("nya") && word != "tanya"
            }
        };
        push(if cue_is_clitic { "CUECOREF" } else { "CUE" }, cue);
        let Some(speaker) = &q.speaker else { continue };
        if let Some(entity) = speaker.entity {
            speaking_entities.push(entity);
        }
        let Some(mention) = speaker.mention.filter(|m| !cue.contains(*m)) else {
            continue;
        };
        // PERSON where the name is introduced: the entity's first mention, and the first time
        // these words are written at all ("ujar Eddy" after "Eddy Suratman" is a short form, even
        // when the entity layer kept the two apart).
        let first_written = text.find(doc.slice(mention)) == Some(mention.start);
        let first_mention = match speaker.entity.and_then(|e| doc.entities.get(e)) {
            Some(e) => e.mentions.first().map(|m| m.span) == Some(mention),
            None => true,
        };
        push(
            if first_written && first_mention {
                "PERSON"
            } else {
                "PERSONCOREF"
            },
            mention,
        );
    }
    // The time of saying, in the cue's sentence outside the quotation: "kata X, Senin (…)" and
    // "X, Senin (…), mengatakan, …" (PFSA marks both, also for reported speech).
    for q in &doc.quotes {
        let Some(cue) = q.cue else { continue };
        let Some(sentence) = doc.sentence_at(cue.start).map(|i| doc.sentences[i]) else {
            continue;
        };
        let after_cue = q.kind == QuoteKind::Direct && cue.start > q.span.start;
        for d in doc.dates.iter().filter(|d| {
            sentence.contains(d.span)
                && !d.span.overlaps(q.span)
                && if after_cue {
                    d.span.start > cue.end
                } else {
                    d.span.end <= cue.start
                }
        }) {
            push("DATETIME", d.span);
        }
    }
    speaking_entities.sort_unstable();
    speaking_entities.dedup();
    for &e in &speaking_entities {
        if let Some(first) = doc.entities.get(e).and_then(|e| e.mentions.first()) {
            push("PERSON", first.span);
        }
    }
    let mut roles: Vec<Span> = doc
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Direct)
        .filter_map(|q| q.speaker.as_ref())
        .filter_map(|s| role_span(doc, s))
        .collect();
    roles.sort_unstable_by_key(|r| (r.start, r.end));
    roles.dedup();
    for role in roles {
        // PFSA splits "Kepala Bidang Humas | Polda Metro Jaya": the organisation named inside a
        // role is its AFFILIATION.
        let organisation = doc
            .entities
            .iter()
            .filter(|e| e.label == EntityLabel::Organisation)
            .flat_map(|e| e.mentions.iter().map(|m| m.span))
            .filter(|m| role.contains(*m) && m.start > role.start)
            .min_by_key(|m| m.start);
        match organisation {
            Some(org) => {
                let head = text[role.start..org.start].trim_end();
                push("ROLE", Span::new(role.start, role.start + head.len()));
                push("AFFILIATION", Span::new(org.start, role.end));
            }
            None => push("ROLE", role),
        }
    }
    out
}

/// Where the text states a speaker's role: the occurrence of `speaker.role` closest to a mention
/// of the speaker, within a few words of it.
fn role_span(doc: &Document, speaker: &Speaker) -> Option<Span> {
    const NEAR: usize = 40;
    let role = speaker.role.as_deref().filter(|r| !r.is_empty())?;
    let text = doc.text();
    let mentions: Vec<Span> = match speaker.entity.and_then(|e| doc.entities.get(e)) {
        Some(e) => e.mentions.iter().map(|m| m.span).collect(),
        None => speaker.mention.into_iter().collect(),
    };
    text.match_indices(role)
        .map(|(at, _)| Span::new(at, at + role.len()))
        .find(|r| {
            mentions.iter().any(|m| {
                (m.start >= r.end && m.start - r.end <= NEAR)
                    || (r.start >= m.end && r.start - m.end <= NEAR)
            })
        })
}

/// For each gold statement (token range), its gold speaker's name, when derivable.
fn gold_speakers(
    article: &Article,
    gold: &[(String, Range<usize>)],
) -> Vec<(Range<usize>, Option<String>)> {
    let text_of = |r: &Range<usize>| tokens_text(article, r.clone());
    let persons: Vec<String> = gold
        .iter()
        .filter(|(l, _)| l == "PERSON")
        .map(|(_, r)| text_of(r))
        .collect();
    let is_person = |l: &str| l == "PERSON" || l == "PERSONCOREF";
    let mut by_start: Vec<&(String, Range<usize>)> = gold.iter().collect();
    by_start.sort_by_key(|(_, r)| r.start);
    // Every person span with the name it stands for, in order: PERSON as written; PERSONCOREF
    // resolved to the PERSON that holds its last word, else to the capitalised phrase it opens
    // somewhere in the article ("Presiden" -> "Presiden Joko Widodo"), and a pronoun ("dia") to
    // the person before it.
    let mut named: Vec<(usize, String)> = Vec::new();
    for (l, r) in by_start.iter().filter(|(l, _)| is_person(l)) {
        let written = text_of(r);
        let name = if l == "PERSON" {
            written
        } else if written.chars().next().is_some_and(char::is_lowercase) {
            match named.last() {
                Some((_, n)) => n.clone(),
                None => continue,
            }
        } else {
            let last = written
                .split_whitespace()
                .last()
                .unwrap_or("")
                .to_lowercase();
            persons
                .iter()
                .filter(|p| p.split_whitespace().any(|w| w.to_lowercase() == last))
                .max_by_key(|p| p.len())
                .cloned()
                .unwrap_or_else(|| expand(&article.text, &written))
        };
        named.push((r.start, name));
    }
    let latest_before = |at: usize| {
        let i = named.partition_point(|(s, _)| *s < at);
        i.checked_sub(1).map(|i| named[i].1.clone())
    };
    let mut out = Vec::new();
    for (i, (label, r)) in by_start.iter().enumerate() {
        if label != "STATEMENT" {
            continue;
        }
        // A CUE right after the statement points at the person after it; otherwise ("katanya", a
        // continuation, a cue before) the speaker is the latest person named before the statement.
        let cue = by_start[i + 1..]
            .iter()
            .find(|(l, s)| {
                s.start >= r.end && matches!(l.as_str(), "CUE" | "CUECOREF" | "STATEMENT")
            })
            .filter(|(l, s)| l == "CUE" && s.start <= r.end + 2);
        let after_cue = cue.and_then(|(_, c)| {
            by_start[i + 1..]
                .iter()
                .filter(|(_, s)| s.start >= c.end && s.start <= c.end + 15)
                .find(|(l, _)| is_person(l))
                .and_then(|(_, s)| named.iter().find(|(start, _)| *start == s.start))
                .map(|(_, n)| n.clone())
        });
        let speaker = if cue.is_some() {
            after_cue
        } else {
            latest_before(r.start)
        };
        out.push((r.clone(), speaker));
    }
    out
}

/// The longest run of capitalised words that `short` opens in `text` ("Presiden" -> "Presiden Joko
/// Widodo"), or `short` itself.
fn expand(text: &str, short: &str) -> String {
    let mut best = short.to_owned();
    for (at, _) in text.match_indices(short) {
        // Not inside a longer title: "Presiden" is not "Wakil Presiden".
        let previous_word = text[..at].trim_end().rsplit(' ').next().unwrap_or("");
        if previous_word.starts_with(char::is_uppercase) && !previous_word.ends_with(['.', ',']) {
            continue;
        }
        let mut name = short.to_owned();
        let mut rest = text[at + short.len()..].split(' ');
        // Only when the short form ends a word and no punctuation follows it.
        if rest.next() != Some("") {
            continue;
        }
        for word in rest {
            let clean = word.trim_end_matches(|c: char| !c.is_alphanumeric());
            if !clean.starts_with(char::is_uppercase) {
                break;
            }
            name.push(' ');
            name.push_str(clean);
            if clean.len() != word.len() {
                break;
            }
        }
        if name.len() > best.len() {
            best = name;
        }
    }
    best
}

fn words_lower(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric() && c != '’' && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Two names of one person: one's words are all in the other, or they share the last word of one
/// ("Irjen Fadil" and "Fadil Imran").
pub fn same_person(a: &str, b: &str) -> bool {
    let (a, b) = (words_lower(a), words_lower(b));
    let shared = a.iter().any(|w| b.contains(w));
    let last_shared =
        a.last().is_some_and(|w| b.contains(w)) || b.last().is_some_and(|w| a.contains(w));
    shared && (last_shared || a.iter().all(|w| b.contains(w)) || b.iter().all(|w| a.contains(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_one_person() {
        assert!(same_person("Yusri Yunus", "Kombes Yusri Yunus"));
        assert!(same_person("Parwati", "Parwati Surjaudaja"));
        assert!(!same_person("Joko Widodo", "Presiden"));
        assert!(!same_person("Yusri Yunus", "Yusri Ihza"));
        assert!(same_person("Irjen Fadil", "Fadil Imran"));
        assert!(!same_person("Sri Soelistyowati", "Sri Mulyani"));
    }

    #[test]
    fn marks_widen_the_statement() {
        let text = "bantuan. ”Saya minta,” kata Presiden.";
        let start = text.find("Saya").unwrap();
        let end = text.find(",”").unwrap() + 1;
        let wide = with_marks(text, Span::new(start, end));
        assert_eq!(&text[wide.range()], "”Saya minta,”");
    }

    #[test]
    fn counts_give_precision_recall_f1() {
        let (exact, overlap) = compare(&[0..3, 5..6], &[0..3, 4..6, 8..9]);
        assert_eq!((exact.correct_predicted, exact.found_gold), (1, 1));
        assert_eq!((overlap.correct_predicted, overlap.found_gold), (2, 2));
        assert!((exact.precision() - 1.0 / 3.0).abs() < 1e-9);
        assert!((overlap.recall() - 1.0).abs() < 1e-9);
    }
}
