//! From marks, cues and entities to attributed quotations.
//!
//! The order matters:
//! 1. direct quotations get the cue written next to them: after the closing mark ("…,” kata X",
//!    "…,” ujarnya") or before the opening one ("X mengatakan, “…”");
//! 2. reported speech is read sentence by sentence ("X mengatakan bahwa …", "Menurut X, …",
//!    "…, kata X.", "Hal itu disampaikan X"); a cue-less quoted fragment inside it makes it mixed;
//! 3. what is left between marks continues the quotation before it ("“A,” kata X. “B.”"), or stays
//!    unattributed: warta never guesses a speaker.

mod roles;

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use warta_core::{DateExpr, DateGrain, Document, EntityLabel, Quote, QuoteKind, Span, Speaker};
use warta_entities::roles::ROLE_WORDS;
use warta_entities::roles::read;
use warta_entities::{degrees, titles};

use crate::lexicon::{CuePosition, LEXICON};
use crate::marks::{self, Direct};
use crate::words::{self, Kind, Word};

/// How many words after a cue the speaker's name may start or run ("kata Kepala Dinas Pekerjaan
/// Umum Kabupaten Malaka Yohanes Nahak").
const NAME_WINDOW: usize = 12;
/// A quotation without cue is kept (with no speaker) only when it is at least this long: shorter
/// ones are scare quotes and titles.
const MIN_UNATTRIBUTED_WORDS: usize = 5;
/// Reported speech shorter than this is a verb's object, not a statement ("meminta maaf").
const MIN_INDIRECT_WORDS: usize = 3;

/// Most words between a reporting verb and the "bahwa" after it ("menyatakan pada Selasa (17/6)
/// bahwa").
const ADJUNCT_WORDS: usize = 10;
/// Most words a description that refers back ("pemain kelahiran 30 April 2004 ini") runs over.
const DESCRIPTION_WORDS: usize = 7;
/// How many earlier mentions a pronoun looks through for its antecedent.
const MAX_PRONOUN_LOOKBACK: usize = 64;
/// How far back from a cue its subject is looked for, in words (see `Context::clause_start`).
const CLAUSE_WORDS: usize = 60;

struct Context<'a> {
    doc: &'a Document,
    text: &'a str,
    lower: String,
    words: Vec<Word>,
    sentences: Vec<Span>,
    /// Entity mentions sorted by start: (span, entity index).
    mentions: Vec<(Span, usize)>,
    /// Contents of the direct quotations, sorted: a name inside a quotation is not a subject.
    quoted: Vec<Span>,
    /// Named speakers and subjects by offset, sorted: antecedents for pronouns.
    speakers: Vec<(usize, Who)>,
    /// Each word of a person's name, to the people whose name holds it: for short forms.
    name_words: HashMap<&'a str, Vec<usize>>,
    /// Each entity's public role, read next to its first mention that has one.
    entity_roles: Vec<OnceCell<Option<Span>>>,
    /// Where each capitalised word occurs (word indices): other places that name a speaker.
    capital_words: OnceCell<HashMap<&'a str, Vec<usize>>>,
    /// The capitalised words, sorted: for short names that start a longer one.
    capital_keys: OnceCell<Vec<&'a str>>,
    /// Words the text also writes in lower case: common words, not names, when capitalised at
    /// the start of a sentence or a subheading ("Prosedur", "Ancaman").
    common_words: OnceCell<HashSet<&'a str>>,
}

/// Who a cue points at, before it is turned into a [`Speaker`].
#[derive(Debug, Clone, Copy)]
enum Who {
    Entity {
        entity: usize,
        mention: Span,
    },
    /// A name the entity layer does not know, and the words that point at it (the name itself, or
    /// a pronoun or clitic referring back to it).
    Name {
        name: Span,
        mention: Span,
    },
}

impl Who {
    fn named(name: Span) -> Who {
        Who::Name {
            name,
            mention: name,
        }
    }
}

pub fn extract(doc: &Document) -> Vec<Quote> {
    let text = doc.text();
    let words = if doc.tokens.is_empty() {
        words::scan(text)
    } else {
        words::of_tokens(doc)
    };
    let paragraphs = if doc.paragraphs.is_empty() {
        lines(text)
    } else {
        doc.paragraphs.clone()
    };
    let sentences = if doc.sentences.is_empty() {
        split_sentences(text, &words, &paragraphs)
    } else {
        doc.sentences.clone()
    };
    let mut mentions: Vec<(Span, usize)> = doc
        .entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.mentions.iter().map(move |m| (m.span, i)))
        .collect();
    mentions.sort_unstable_by_key(|&(s, i)| (s.start, s.end, i));
    // Built when first needed: most articles never ask.
    let common_words = OnceCell::new();
    let directs: Vec<Direct> = marks::pair(text, &words, &paragraphs)
        .into_iter()
        .filter(|d| !doc.is_removed(d.outer()))
        .filter_map(|d| without_reported_lead(text, &words, &common_words, d))
        .collect();
    let mut cx = Context {
        doc,
        text,
        lower: text.to_ascii_lowercase(),
        words,
        sentences,
        mentions,
        quoted: directs.iter().map(|d| d.content).collect(),
        speakers: Vec::new(),
        name_words: name_words(doc),
        entity_roles: vec![OnceCell::new(); doc.entities.len()],
        capital_words: OnceCell::new(),
        capital_keys: OnceCell::new(),
        common_words,
    };
    cx.speakers = cx.find_speakers();
    cx.quotes(&directs)
}

/// Scrapers move opening marks: "… diperiksa. " Arya mengatakan pihaknya memproses pelaku. Sama
/// kepemilikan senjatanya," tuturnya." A quotation whose first sentence is a named subject's
/// reporting verb ("Arya mengatakan …") reports speech rather than quoting it: the quotation starts
/// after that sentence (which the reported-speech pass then reads), or there is none.
fn without_reported_lead<'a>(
    text: &'a str,
    words: &[Word],
    common_words: &OnceCell<HashSet<&'a str>>,
    mut d: Direct,
) -> Option<Direct> {
    // A lost opener may leave several reported sentences in front ("Sarungu menambahkan …
    // Menurutnya …"); a few are read, not the whole paragraph.
    const MAX_REPORTED_LEADS: usize = 3;
    for _ in 0..MAX_REPORTED_LEADS {
        match after_reported_lead(text, words, common_words, d.content) {
            None => return Some(d),
            Some(None) => return None,
            Some(Some(start)) => {
                d = Direct {
                    open_mark: None,
                    content: Span::new(start, d.content.end),
                    ..d
                };
            }
        }
    }
    Some(d)
}

/// When `content` opens with a name and a verb of saying, where the sentence after it starts
/// (`Some(None)` when none follows); `None` when it opens otherwise.
fn after_reported_lead<'a>(
    text: &'a str,
    words: &[Word],
    common_words: &OnceCell<HashSet<&'a str>>,
    content: Span,
) -> Option<Option<usize>> {
    const LEAD_WORDS: usize = 6;
    let from = words.partition_point(|w| w.span.start < content.start);
    let to = words.partition_point(|w| w.span.start < content.end);
    let lower = |i: usize| text[words[i].span.range()].to_lowercase();
    // A name (capitalised words the text never writes in lower case) and a verb of saying.
    let reported = (from + 1..to.min(from + LEAD_WORDS)).any(|k| {
        words[k].kind == Kind::Word
            && LEXICON.is("reported_lead", &lower(k))
            && words[from..k].iter().all(|w| {
                w.kind == Kind::Word
                    && w.capital
                    && !common_words
                        .get_or_init(|| lower_case_words(text, words))
                        .contains(lower_of(text, w).as_str())
            })
    });
    if !reported {
        return None;
    }
    let next_sentence = (from..to.saturating_sub(1)).find(|&k| {
        words[k].kind == Kind::Punct
            && matches!(&text[words[k].span.range()], "." | "!" | "?")
            && words[k + 1].capital
    });
    Some(next_sentence.map(|k| words[k + 1].span.start))
}

fn lower_of(text: &str, w: &Word) -> String {
    text[w.span.range()].to_lowercase()
}

/// The words the text writes in lower case.
fn lower_case_words<'a>(text: &'a str, words: &[Word]) -> HashSet<&'a str> {
    words
        .iter()
        .filter(|w| w.kind == Kind::Word && !w.capital)
        .map(|w| &text[w.span.range()])
        .collect()
}

fn capital_words<'a>(text: &'a str, words: &[Word]) -> HashMap<&'a str, Vec<usize>> {
    let mut out: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, w) in words.iter().enumerate() {
        if w.capital && w.kind == Kind::Word {
            out.entry(&text[w.span.range()]).or_default().push(i);
        }
    }
    out
}

fn name_words(doc: &Document) -> HashMap<&str, Vec<usize>> {
    let mut out: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, e) in doc.entities.iter().enumerate() {
        if e.label != EntityLabel::Person {
            continue;
        }
        for w in e.name.split_whitespace() {
            if w.len() >= 3 && w.starts_with(char::is_uppercase) {
                let list = out.entry(w).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
        }
    }
    out
}

/// Lines with text, as paragraphs when segmentation has not run.
pub(crate) fn lines(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        if !line.trim().is_empty() {
            out.push(Span::new(start, start + line.len()));
        }
        start += line.len() + 1;
    }
    out
}

/// A plain sentence split for when segmentation has not run: after . ! ? (and a closing mark)
/// followed by a capital or an opening mark, and at paragraph ends.
fn split_sentences(text: &str, words: &[Word], paragraphs: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    for para in paragraphs {
        let from = words.partition_point(|w| w.span.start < para.start);
        let to = words.partition_point(|w| w.span.start < para.end);
        let mut start = para.start;
        for i in from..to {
            let w = words[i];
            let terminal =
                w.kind == Kind::Punct && matches!(&text[w.span.range()], "." | "!" | "?");
            if !terminal {
                continue;
            }
            let mut end = w.span.end;
            let mut next = i + 1;
            while next < to && words[next].kind == Kind::Mark && words[next].span.start == end {
                end = words[next].span.end;
                next += 1;
            }
            let starts_new = next >= to || words[next].capital || words[next].kind == Kind::Mark;
            if starts_new && next < to {
                out.push(Span::new(start, end));
                start = words[next].span.start;
            }
        }
        out.push(Span::new(start, para.end));
    }
    out
}

impl Context<'_> {
    /// The role of a person (or organisation) entity, read at its mentions in order.
    fn entity_role(&self, entity: usize) -> Option<Span> {
        *self.entity_roles.get(entity)?.get_or_init(|| {
            let e = &self.doc.entities[entity];
            // An organisation speaks through someone whose role the text may state: "ujar
            // Wakil Direktur Utama | PLN Darmawan Prasodjo" read as one organisation name.
            if !matches!(e.label, EntityLabel::Person | EntityLabel::Organisation) {
                return None;
            }
            e.mentions
                .iter()
                .find_map(|m| self.role_around(m.span))
                .or_else(|| self.role_of_name(e.mentions.first()?.span))
        })
    }

    fn capital_words(&self) -> &HashMap<&str, Vec<usize>> {
        self.capital_words
            .get_or_init(|| capital_words(self.text, &self.words))
    }

    fn lower(&self, i: usize) -> &str {
        &self.lower[self.words[i].span.range()]
    }

    fn is_punct(&self, i: usize, set: &str) -> bool {
        self.words
            .get(i)
            .is_some_and(|w| w.kind == Kind::Punct && set.contains(&self.text[w.span.range()]))
    }

    fn word_from(&self, offset: usize) -> usize {
        self.words.partition_point(|w| w.span.start < offset)
    }

    /// Where the clause of a cue at word `i` may start: its sentence's start, but no more than
    /// [`CLAUSE_WORDS`] words back. A subject is never that far from its verb, and an unpunctuated
    /// run of text (a scraper's, or an attacker's) must not make every cue rescan it.
    fn clause_start(&self, i: usize) -> usize {
        let sentence = self.sentence_of(self.words[i].span.start);
        self.word_from(sentence.start)
            .max(i.saturating_sub(CLAUSE_WORDS))
    }

    fn sentence_of(&self, offset: usize) -> Span {
        let i = self.sentences.partition_point(|s| s.end <= offset);
        self.sentences
            .get(i)
            .filter(|s| s.start <= offset)
            .copied()
            .unwrap_or(Span::new(offset, offset))
    }

    fn in_quote(&self, span: Span) -> bool {
        let i = self.quoted.partition_point(|q| q.end <= span.start);
        self.quoted.get(i).is_some_and(|q| q.overlaps(span))
    }

    /// True when a quotation's content starts right after `mark`.
    fn opens_quote(&self, mark: Span) -> bool {
        let i = self.quoted.partition_point(|q| q.start < mark.end);
        self.quoted
            .get(i)
            .is_some_and(|q| self.text[mark.end..q.start].trim().is_empty())
    }

    /// The quotation whose content ends right before `mark`, if any.
    fn closed_by(&self, mark: Span) -> Option<Span> {
        let i = self.quoted.partition_point(|q| q.end <= mark.start);
        let q = *self.quoted.get(i.checked_sub(1)?)?;
        self.text[q.end..mark.start].trim().is_empty().then_some(q)
    }

    /// The entity mention that starts at word `i`, if any; `None` past the last word, which a cue
    /// closing the text ("kata ,") asks for.
    fn mention_at(&self, i: usize) -> Option<(Span, usize)> {
        let start = self.words.get(i)?.span.start;
        let k = self.mentions.partition_point(|(s, _)| s.start < start);
        self.mentions[k..]
            .iter()
            .take_while(|(s, _)| s.start == start)
            .max_by_key(|(s, e)| (self.is_label(*e, EntityLabel::Person), s.len()))
            .copied()
            .or_else(|| self.short_name_at(i, k))
    }

    /// A short form the entity layer left unlinked: capitalised words at `i` that are all words of
    /// one person's name ("Rakhmat" for "Rakhmat Hidayat"). When several people share the word,
    /// the one named last before it. `k` is where mentions starting at `i` would be.
    fn short_name_at(&self, i: usize, k: usize) -> Option<(Span, usize)> {
        let word = self.words[i];
        let covered = self.mentions[..k]
            .iter()
            .rev()
            .take(8)
            .any(|(s, _)| s.end > word.span.start);
        if covered || !word.capital || word.kind != Kind::Word || word.span.len() < 3 {
            return None;
        }
        let candidates = self.name_words.get(&self.text[word.span.range()])?;
        let entity = *candidates.iter().max_by_key(|&&e| {
            let m = &self.doc.entities[e].mentions;
            let before = m.partition_point(|m| m.span.start < word.span.start);
            before.checked_sub(1).map(|b| m[b].span.start)
        })?;
        let name = &self.doc.entities[entity].name;
        let mut end = word.span.end;
        for next in self.words[i + 1..].iter().take(3) {
            let w = &self.text[next.span.range()];
            if !(next.capital
                && next.span.start <= end + 1
                && name.split_whitespace().any(|n| n == w))
            {
                break;
            }
            end = next.span.end;
        }
        Some((Span::new(word.span.start, end), entity))
    }

    fn is_label(&self, entity: usize, label: EntityLabel) -> bool {
        self.doc
            .entities
            .get(entity)
            .is_some_and(|e| e.label == label)
    }

    fn speaker_kind_ok(&self, entity: usize) -> bool {
        self.is_label(entity, EntityLabel::Person)
            || self.is_label(entity, EntityLabel::Organisation)
    }

    fn quotes(&self, directs: &[Direct]) -> Vec<Quote> {
        let mut attributed: Vec<Option<Quote>> =
            directs.iter().map(|d| self.attribute_direct(d)).collect();
        let mut absorbed = vec![false; directs.len()];
        let mut quotes: Vec<Quote> = Vec::new();
        // Reported speech, sentence by sentence.
        for &sentence in &self.sentences {
            if self.doc.is_removed(sentence) {
                continue;
            }
            let Some(mut quote) = self.reported(sentence, &quotes) else {
                continue;
            };
            // Directs are sorted and disjoint: binary-search the ones this span overlaps.
            let first = directs.partition_point(|d| d.outer().end <= quote.span.start);
            let inside: Vec<usize> = (first..directs.len())
                .take_while(|&i| directs[i].outer().start < quote.span.end)
                .collect();
            let clean = inside.iter().all(|&i| {
                attributed[i].is_none()
                    && quote.span.contains(directs[i].outer())
                    && directs[i].outer().start > quote.span.start
            });
            if !clean {
                continue;
            }
            if !inside.is_empty() {
                quote.kind = QuoteKind::Mixed;
                for &i in &inside {
                    absorbed[i] = true;
                }
            }
            quotes.push(quote);
        }
        // Quotations without a cue of their own continue the one before them.
        let reported = quotes.clone();
        let mut previous: Option<Quote> = None;
        for (i, d) in directs.iter().enumerate() {
            if absorbed[i] {
                continue;
            }
            let quote = match attributed[i].take() {
                Some(q) => q,
                None => match previous.as_ref().filter(|p| self.continues(p, d)) {
                    Some(p) => Quote {
                        kind: QuoteKind::Direct,
                        span: d.content,
                        cue: p.cue,
                        speaker: p.speaker.clone(),
                        said_on: p.said_on.clone(),
                    },
                    None if self.word_count(d.content) >= MIN_UNATTRIBUTED_WORDS
                        && !self.is_title(d) =>
                    {
                        // News convention: a quotation without its own cue goes on with the
                        // statement right before it, direct or reported.
                        let last = self.last_statement(&reported, previous.as_ref(), d);
                        Quote {
                            kind: QuoteKind::Direct,
                            span: d.content,
                            cue: None,
                            speaker: last.and_then(|p| p.speaker.clone()),
                            said_on: None,
                        }
                    }
                    None => continue,
                },
            };
            previous = Some(quote.clone());
            quotes.push(quote);
        }
        quotes.sort_by_key(|q| (q.span.start, q.span.end));
        quotes.dedup_by(|b, a| a.span.overlaps(b.span));
        quotes
    }

    /// The attributed statement that a cue-less quotation `d` continues: the latest one before it
    /// (in `reported`, sorted, or `previous`), when at most one sentence naming nobody lies
    /// between them ("X menjelaskan, …. “…”", "“…,” kata X. Ia lalu pergi. “…”").
    fn last_statement<'q>(
        &self,
        reported: &'q [Quote],
        previous: Option<&'q Quote>,
        d: &Direct,
    ) -> Option<&'q Quote> {
        const MAX_GAP_WORDS: usize = 40;
        let start = d.outer().start;
        let i = reported.partition_point(|q| q.span.end <= start);
        let last = reported[..i]
            .iter()
            .rev()
            .find(|q| q.speaker.is_some())
            .into_iter()
            .chain(previous.filter(|q| q.speaker.is_some() && q.span.end <= start))
            .max_by_key(|q| q.span.end)?;
        let gap_start = last
            .cue
            .map_or(last.span.end, |c| c.end.max(last.span.end))
            .min(start);
        let from = self.word_from(gap_start);
        let to = self.word_from(start);
        if to.saturating_sub(from) > MAX_GAP_WORDS {
            return None;
        }
        let mut sentence_ends = 0;
        for k in from..to {
            let w = self.words[k];
            if self.is_punct(k, ".!?") && self.words.get(k + 1).is_some_and(|n| n.capital) {
                sentence_ends += 1;
            }
            let names_someone = w.kind == Kind::Word
                && self.mention_at(k).is_some_and(|(m, e)| {
                    self.speaker_kind_ok(e) && !self.in_quote(m) && m.start >= gap_start
                });
            if names_someone {
                return None;
            }
        }
        (sentence_ends <= 1).then_some(last)
    }

    /// A title between marks (of a talk, a book, a campaign) rather than speech: it ends without
    /// the punctuation that closes spoken words ("”Cegah Korupsi di Tengah Pandemi”"). A
    /// quotation that never closes is not one.
    fn is_title(&self, d: &Direct) -> bool {
        d.close_mark.is_some()
            && self.text[d.content.range()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    }

    fn word_count(&self, span: Span) -> usize {
        let from = self.word_from(span.start);
        self.words[from..]
            .iter()
            .take_while(|w| w.span.end <= span.end)
            .filter(|w| matches!(w.kind, Kind::Word | Kind::Number))
            .count()
    }

    /// True when nothing but the previous quotation's own cue clause lies between it and `d`.
    fn continues(&self, previous: &Quote, d: &Direct) -> bool {
        let Some(cue) = previous.cue else {
            return false;
        };
        let clause_end = self.sentence_of(cue.start).end.max(previous.span.end);
        let gap_start = if clause_end <= d.outer().start {
            clause_end
        } else {
            previous.span.end
        };
        let gap = self.word_from(gap_start)..self.word_from(d.outer().start);
        previous.span.end <= d.outer().start
            && self.words[gap]
                .iter()
                .all(|w| matches!(w.kind, Kind::Punct | Kind::Mark))
    }

    fn attribute_direct(&self, d: &Direct) -> Option<Quote> {
        let (cue, who) = self
            .cue_after(d.outer().end)
            .or_else(|| self.cue_before(d.outer().start))?;
        Some(self.quote(QuoteKind::Direct, d.content, cue, who))
    }

    fn quote(&self, kind: QuoteKind, span: Span, cue: Span, who: Option<Who>) -> Quote {
        Quote {
            kind,
            span,
            cue: Some(cue),
            speaker: who.map(|w| self.speaker(w)),
            said_on: self.said_on(cue, span),
        }
    }

    fn speaker(&self, who: Who) -> Speaker {
        match who {
            Who::Entity { entity, mention } => {
                let e = &self.doc.entities[entity];
                Speaker {
                    name: e.name.clone(),
                    entity: Some(entity),
                    kind: Some(e.label),
                    mention: Some(mention),
                    role: self
                        .entity_role(entity)
                        .map(|r| self.text[r.range()].to_owned())
                        .or_else(|| read::public_role(&e.roles).cloned()),
                }
            }
            Who::Name { name, mention } => Speaker {
                name: self.doc.name_text(name),
                entity: None,
                kind: None,
                mention: Some(mention),
                role: self
                    .role_of_name(name)
                    .map(|r| self.text[r.range()].to_owned()),
            },
        }
    }

    /// The first date in the cue's sentence outside the quotation: "kata Susi saat dihubungi, Senin
    /// (27/2/2023) malam". A day after the publication day is a typo in the source ("(17/6/2026)" in
    /// an article of June 2025), never the time of saying.
    fn said_on(&self, cue: Span, content: Span) -> Option<String> {
        let published_day = self
            .doc
            .meta
            .published
            .as_deref()
            .and_then(|p| p.get(..10))
            .filter(|day| is_iso_day(day));
        let after_publication = |value: &str| {
            published_day.is_some_and(|published| {
                value
                    .get(..10)
                    .is_some_and(|day| is_iso_day(day) && day > published)
            })
        };
        let sentence = self.sentence_of(cue.start);
        let dates: &[DateExpr] = &self.doc.dates;
        let from = dates.partition_point(|d| d.span.start < sentence.start);
        dates[from..]
            .iter()
            .take_while(|d| d.span.end <= sentence.end)
            // A month or a year in the cue's clause is a topic more often than a time of saying.
            .filter(|d| {
                matches!(
                    d.grain,
                    DateGrain::Day | DateGrain::Week | DateGrain::Minute
                )
            })
            .find(|d| !d.span.overlaps(content) && !d.value.starts_with('T'))
            .filter(|d| !after_publication(&d.value))
            .map(|d| d.value.clone())
    }

    /// "…,” kata X" / "…,” ujarnya" right after a closing mark at `end`.
    fn cue_after(&self, end: usize) -> Option<(Span, Option<Who>)> {
        let mut i = self.word_from(end);
        if self.is_punct(i, ",") {
            i += 1;
        }
        if i < self.words.len() && LEXICON.is("before_cue", self.lower(i)) {
            i += 1;
        }
        let cue_word = *self.words.get(i)?;
        let form = LEXICON.cue(self.lower(i))?;
        match form.position {
            CuePosition::After | CuePosition::Passive => {
                Some((cue_word.span, self.speaker_after(i, form.clitic)))
            }
            // "…,” Yang menambahkan." is rare; the subject would come before the verb.
            CuePosition::Active => None,
        }
    }

    /// "X mengatakan, “…”" / "Putin mengatakan: “…”" before an opening mark at `start`.
    fn cue_before(&self, start: usize) -> Option<(Span, Option<Who>)> {
        let mut i = self.word_from(start).checked_sub(1)?;
        if self.is_punct(i, ",:") {
            i = i.checked_sub(1)?;
        }
        if self.lower(i) == "bahwa" {
            i = i.checked_sub(1)?;
        }
        let form = LEXICON.cue(self.lower(i))?;
        let cue = self.words[i].span;
        match form.position {
            CuePosition::Active => Some((cue, self.subject_before(i))),
            CuePosition::After if form.clitic => Some((cue, self.speaker_after(i, true))),
            _ => None,
        }
    }

    /// The speaker named after a cue at word `i` (or in its clitic).
    fn speaker_after(&self, i: usize, clitic: bool) -> Option<Who> {
        if clitic {
            let w = self.words[i].span;
            let mention = Span::new(w.end - "nya".len(), w.end);
            return self.resolve_pronoun(mention, EntityLabel::Person);
        }
        let j = i + 1;
        let first = self.words.get(j)?;
        if first.kind != Kind::Word {
            return None;
        }
        let lower = self.lower(j);
        if LEXICON.is("pronoun_person", lower) {
            return self.resolve_pronoun(first.span, EntityLabel::Person);
        }
        if LEXICON.is("pronoun_side", lower) {
            return self.resolve_side(first.span);
        }
        if LEXICON.is("pronoun_group", lower) {
            return self.resolve_pronoun(first.span, EntityLabel::Organisation);
        }
        if let Some(label) = self.description_at(j) {
            return self.resolve_description(j, label);
        }
        self.named_after(j)
    }

    /// Who a description that refers back ("pemain kelahiran 2004 ini", with its head noun at word
    /// `head`) points at: like a pronoun, except that a thing ("tulis dokumen tersebut") is no
    /// person, and someone the article brought in unnamed ("seorang pejabat AS mengungkapkan …",
    /// then "kata pejabat AS tersebut") stays unnamed.
    fn resolve_description(&self, head: usize, label: EntityLabel) -> Option<Who> {
        let noun = self.lower(head);
        let mention = self.words[head].span;
        if LEXICON.is("thing_noun", noun) || self.introduced_unnamed(head) {
            return None;
        }
        self.resolve_pronoun(mention, label)
    }

    /// True when the noun at word `head` was last written, within [`CLAUSE_WORDS`] words before,
    /// after an indefinite word ("seorang pejabat", "salah seorang sekutu").
    fn introduced_unnamed(&self, head: usize) -> bool {
        let noun = self.lower(head);
        (head.saturating_sub(CLAUSE_WORDS)..head)
            .rev()
            .find(|&k| self.lower(k) == noun)
            .is_some_and(|k| k > 0 && LEXICON.is("indefinite", self.lower(k - 1)))
    }

    /// "Perempuan berhijab ini menegaskan", "agensi tersebut menilai": a description closed by a
    /// demonstrative right before the verb at word `i`, opening its clause (from word `from`), as
    /// the subject: its first word (an index) and whether it refers to a person or an organisation.
    fn description_before(&self, i: usize, from: usize) -> Option<(usize, EntityLabel)> {
        let last = i.checked_sub(1).filter(|&k| k >= from)?;
        let mut k = last.checked_sub(1)?;
        let mut adverb = false;
        if !LEXICON.is("demonstrative", self.lower(last)) {
            // "Agensi itu juga berjanji": one adverb between the description and its verb.
            if !LEXICON.is("demonstrative", self.lower(k)) || self.words[last].capital {
                return None;
            }
            adverb = true;
            k = k.checked_sub(1)?;
        }
        let stop = if adverb { last - 1 } else { last };
        // The description opens its clause: at the sentence's start, or after a comma or a
        // connective ("Karena itu, agensi tersebut menilai").
        let opens_clause = |at: usize| {
            at == from
                || self.words[at - 1].kind == Kind::Punct
                || LEXICON.is("connective", self.lower(at - 1))
        };
        let start = (k.saturating_sub(DESCRIPTION_WORDS).max(from)..=k)
            .rev()
            .find(|&at| opens_clause(at))?;
        let names_someone = self
            .mention_at(start)
            .is_some_and(|(_, e)| self.speaker_kind_ok(e));
        if self.words[start].kind != Kind::Word
            || names_someone
            || read::is_verb(self.lower(start))
            || LEXICON.is("demonstrative", self.lower(start))
        {
            return None;
        }
        // The words between hold no name and no active verb: "Perempuan berhijab ini" ("ber-"
        // describes), not "Presiden Joko Widodo ini" (named_subject reads that) or a clause.
        let describes = |w: usize| {
            let lower = self.lower(w);
            self.words[w].kind != Kind::Mark
                && self.mention_at(w).is_none()
                && (!read::is_verb(lower) || lower.starts_with("ber"))
        };
        if !(start + 1..stop).all(describes) {
            return None;
        }
        let label = if LEXICON.is("group_noun", self.lower(start)) {
            EntityLabel::Organisation
        } else {
            EntityLabel::Person
        };
        Some((start, label))
    }

    /// "Istri Hanung Bramantyo dan tim mengakui": a kinship word before a person opens the clause
    /// of the verb at word `i`, so the speaker is that person's relative, whom the article named
    /// before: resolved like a pronoun, never to the person named (`Some(None)` then).
    fn kin_subject(&self, i: usize, from: usize) -> Option<Option<Who>> {
        let k = (from..i).find(|&k| {
            self.words[k].kind == Kind::Word && !LEXICON.is("connective", self.lower(k))
        })?;
        if !LEXICON.is("kinship", self.lower(k)) {
            return None;
        }
        let (_, kin) = self
            .mention_at(k + 1)
            .filter(|&(_, e)| self.is_label(e, EntityLabel::Person))?;
        let who = self.resolve_pronoun(self.words[k].span, EntityLabel::Person);
        Some(who.filter(|w| !matches!(*w, Who::Entity { entity, .. } if entity == kin)))
    }

    /// "sambung lelaki kelahiran Cervera tersebut", "jelas pemain kelahiran 30 April 2004 ini",
    /// "ungkap agensi itu": a lower-case noun from word `j`, a few words, then a demonstrative
    /// refer back like a pronoun, to a person or (after a group noun) an organisation.
    fn description_at(&self, j: usize) -> Option<EntityLabel> {
        let first = self.words.get(j)?;
        let noun = self.lower(j);
        if first.kind != Kind::Word || first.capital || read::is_verb(noun) {
            return None;
        }
        let label = if LEXICON.is("group_noun", noun) {
            EntityLabel::Organisation
        } else {
            EntityLabel::Person
        };
        for k in j + 1..(j + DESCRIPTION_WORDS).min(self.words.len()) {
            let w = self.words[k];
            if w.kind == Kind::Word && LEXICON.is("demonstrative", self.lower(k)) {
                return Some(label);
            }
            let inside = match w.kind {
                Kind::Number => true,
                Kind::Word => {
                    !LEXICON.is("name_stop", self.lower(k)) && !read::is_verb(self.lower(k))
                }
                Kind::Punct | Kind::Mark => false,
            };
            if !inside {
                return None;
            }
        }
        None
    }

    /// The person or organisation named from word `j` on, perhaps after a role: "kata Kepala Dinas
    /// … Yohanes Nahak"; else the capitalised words there.
    fn named_after(&self, j: usize) -> Option<Who> {
        let mut best: Option<(Span, usize)> = None;
        let mut k = j;
        // A role first makes the window longer: "kata Pelaksana Tugas Direktur Jenderal
        // Pencegahan dan Pengendalian Penyakit Kementerian Kesehatan Maxi Rein Rondonuwu".
        let role_first = j < self.words.len() && ROLE_WORDS.opens_public_role(self.lower(j));
        if !role_first && let Some(name) = self.unknown_name_before_pause(j) {
            return Some(Who::named(name));
        }
        let window = if role_first {
            2 * NAME_WINDOW
        } else {
            NAME_WINDOW
        };
        while k < self.words.len() && k < j + window {
            let w = self.words[k];
            let stop = match w.kind {
                // "dan" between capitalised words of a role goes on: "Pencegahan dan Pengendalian",
                // also past an organisation the role names ("Wakil Rektor Bidang Kemahasiswaan
                // dan Alumni Unila, Prof Sunyono").
                Kind::Word
                    if role_first
                        && !best.is_some_and(|(_, b)| self.is_label(b, EntityLabel::Person))
                        && self.lower(k) == "dan" =>
                {
                    !self.words.get(k + 1).is_some_and(|n| n.capital)
                }
                Kind::Word => !w.capital && LEXICON.is("name_stop", self.lower(k)),
                Kind::Number => false,
                // A period only inside a name, after an initial ("Teguh P. Nugroho").
                Kind::Punct => match &self.text[w.span.range()] {
                    "," | "(" | ")" => false,
                    // After an initial ("Teguh P. Nugroho") or a rank ("dr. Reza", "Prof. Ani").
                    "." => {
                        !(k > j
                            && ((self.words[k - 1].capital && self.words[k - 1].span.len() <= 2)
                                || titles::is_honorific_or_rank(self.lower(k - 1))))
                    }
                    _ => true,
                },
                Kind::Mark => true,
            };
            if stop || self.starts_date(w.span.start) {
                break;
            }
            if let Some((span, e)) = self.mention_at(k)
                && self.speaker_kind_ok(e)
            {
                let better = best.is_none_or(|(_, b)| {
                    !self.is_label(b, EntityLabel::Person) && self.is_label(e, EntityLabel::Person)
                });
                if better {
                    best = Some((span, e));
                }
                if self.is_label(e, EntityLabel::Person) {
                    break;
                }
                k = self.word_from(span.end).max(k + 1);
                continue;
            }
            k += 1;
        }
        let region_end = k;
        match best {
            // An organisation, then a name the entity layer missed: "kata Wakil Ketua KPK Pahala
            // Nainggolan" speaks for the organisation; the name is the speaker.
            Some((mention, entity)) if self.is_label(entity, EntityLabel::Organisation) => {
                // "kata Ketua KPUD Muna, Kubais, Senin": the name may stand between commas.
                let mut end = region_end;
                while end > j && self.words[end - 1].kind == Kind::Punct {
                    end -= 1;
                }
                let mut start = end;
                while start > j
                    && self.words[start - 1].capital
                    && self.words[start - 1].kind == Kind::Word
                    && self.words[start - 1].span.start >= mention.end
                {
                    start -= 1;
                }
                let appositive = start > j && self.is_punct(start - 1, ",");
                if end - start >= 2 || (end - start == 1 && appositive) {
                    let run = Span::new(self.words[start].span.start, self.words[end - 1].span.end);
                    Some(Who::named(run))
                } else {
                    Some(Who::Entity { entity, mention })
                }
            }
            Some((mention, entity)) => Some(Who::Entity { entity, mention }),
            // "kata juru bicara Gugus Tugas Covid-19 Kabupaten Bekasi, Alamsyah": a role, then the
            // name after a comma.
            None if j < self.words.len() && ROLE_WORDS.opens_public_role(self.lower(j)) => {
                let end = read::role_forward(self, j, &read::PUBLIC);
                let after_comma = self
                    .is_punct(end, ",")
                    .then(|| self.capitalised_run(end + 1))
                    .flatten();
                after_comma
                    .map(Who::named)
                    .or_else(|| self.holder_of_whole_role(j, end))
                    .or_else(|| self.name_ending_at(region_end).map(Who::named))
                    .or_else(|| self.capitalised_run(j).map(Who::named))
                    .or_else(|| self.holder_of_role(j))
            }
            None => self
                .capitalised_run(j)
                .map(Who::named)
                .or_else(|| self.holder_of_role(j))
                .or_else(|| self.person_after_description(j)),
        }
    }

    /// "Menurut Raihan, dirinya …": capitalised words at `j` that the entity layer missed, closed by
    /// a comma or the sentence's end, are the name; the window must not run on past them to a
    /// name inside the reported content.
    fn unknown_name_before_pause(&self, j: usize) -> Option<Span> {
        // Cheap tests first: most cues are followed by a name the entity layer knows, and the
        // common words are read off the whole text when first asked.
        let word = self.words.get(j)?;
        if !word.capital || word.kind != Kind::Word || self.mention_at(j).is_some() {
            return None;
        }
        if titles::is_honorific_or_rank(self.lower(j)) || self.is_common(j) {
            return None;
        }
        let run = self.capitalised_run(j)?;
        let after = self.word_from(run.end);
        let closed = after >= self.words.len() || self.is_punct(after, ",.;:");
        let unknown = (j..after).all(|k| self.mention_at(k).is_none());
        (closed && unknown).then_some(run)
    }

    /// "kata penulis dan pelatih hubungan persahabatan, Danielle Bayard Jackson": lower-case words
    /// from word `j` up to a comma, then a person the entity layer found.
    fn person_after_description(&self, j: usize) -> Option<Who> {
        let mut k = j;
        while k < self.words.len() && k < j + NAME_WINDOW {
            let w = self.words[k];
            if w.kind == Kind::Punct && &self.text[w.span.range()] == "," {
                let (mention, entity) = self.mention_at(k + 1)?;
                return (self.is_label(entity, EntityLabel::Person) && k > j)
                    .then_some(Who::Entity { entity, mention });
            }
            if w.kind != Kind::Word || w.capital || read::is_verb(self.lower(k)) {
                return None;
            }
            k += 1;
        }
        None
    }

    /// "ujar hakim", "Hakim menyatakan": an office written alone at word `j` stands for the one
    /// person the article gives it (as a title or the head of a role); `None` when none or several.
    fn holder_of_role(&self, j: usize) -> Option<Who> {
        let word = self.words.get(j)?;
        let lower = self.lower(j);
        if word.kind != Kind::Word || !ROLE_WORDS.opens_public_role(lower) {
            return None;
        }
        self.only_holder(word.span, |r| {
            r.split_whitespace()
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case(lower))
        })
    }

    /// The one person of the article with a title or role that `holds` accepts, as the speaker
    /// at `mention`; `None` when none or several.
    fn only_holder(&self, mention: Span, holds: impl Fn(&str) -> bool) -> Option<Who> {
        let mut holders = self.doc.entities.iter().enumerate().filter(|(_, e)| {
            e.label == EntityLabel::Person && e.titles.iter().chain(&e.roles).any(|r| holds(r))
        });
        let (entity, _) = holders.next()?;
        holders
            .next()
            .is_none()
            .then_some(Who::Entity { entity, mention })
    }

    /// "tutur Gubernur DKI Jakarta": the role in words `[j, end)`, written without a name, is the
    /// whole title or role of exactly one person of the article.
    fn holder_of_whole_role(&self, j: usize, end: usize) -> Option<Who> {
        if end <= j {
            return None;
        }
        let span = Span::new(self.words[j].span.start, self.words[end - 1].span.end);
        let role = &self.text[span.range()];
        self.only_holder(span, |r| r.eq_ignore_ascii_case(role))
    }

    /// True when a date expression starts at byte `offset` ("kata Yang, Senin (27/2/2023)").
    fn starts_date(&self, offset: usize) -> bool {
        let dates = &self.doc.dates;
        let i = dates.partition_point(|d| d.span.start < offset);
        dates.get(i).is_some_and(|d| d.span.start == offset)
    }

    /// Capitalised words from word `j` on: a name the entity layer did not give.
    fn capitalised_run(&self, j: usize) -> Option<Span> {
        // A date is no name: "kata Al dikutip Rabu (18/6/2025)".
        let name_word =
            |w: &Word| w.capital && w.kind == Kind::Word && !self.starts_date(w.span.start);
        self.words.get(j).filter(|w| name_word(w))?;
        let mut k = j + 1;
        while self.words.get(k).is_some_and(name_word) {
            k += 1;
        }
        Some(self.name_in(j, k))
    }

    /// The name in the capitalised words `[from, to)`: without the leading words the text also
    /// writes in lower case ("Selain", "Prosedur", "Direktur Utama"), unless all of them are.
    fn name_in(&self, from: usize, to: usize) -> Span {
        let start = (from..to).find(|&k| !self.is_common(k)).unwrap_or(from);
        Span::new(self.words[start].span.start, self.words[to - 1].span.end)
    }

    /// The name at the end of a role the entity layer did not split ("… Kejaksaan Agung Hari
    /// Setiyono"): the last capitalised words before word `end` that the text never writes in
    /// lower case, up to four.
    fn name_ending_at(&self, end: usize) -> Option<Span> {
        let mut start = end;
        while start > 0
            && end - start < 4
            && self.words[start - 1].capital
            && self.words[start - 1].kind == Kind::Word
            && !self.is_common(start - 1)
        {
            start -= 1;
        }
        (start < end).then(|| Span::new(self.words[start].span.start, self.words[end - 1].span.end))
    }

    fn is_common(&self, i: usize) -> bool {
        let lower = self.lower(i);
        self.common_words
            .get_or_init(|| lower_case_words(self.text, &self.words))
            .contains(lower)
            || LEXICON.is("connective", lower)
            || ROLE_WORDS.opens_public_role(lower)
            || LEXICON.is("pronoun_person", lower)
            || LEXICON.is("pronoun_group", lower)
    }

    /// The capitalised words right before word `i` in the sentence from word `from`: "Vinsen Kia
    /// Beda mengatakan", for a subject the entity layer missed.
    fn name_run_before(&self, i: usize, from: usize) -> Option<Who> {
        let mut k = i;
        while k > from && self.words[k - 1].capital && self.words[k - 1].kind == Kind::Word {
            k -= 1;
        }
        if k == i {
            return None;
        }
        let name = self.name_in(k, i);
        let all_common = (k..i).all(|w| self.is_common(w));
        (!all_common).then_some(Who::named(name))
    }

    /// The named (not pronoun) subject of an active cue at word `i`: the person named closest
    /// before it in its sentence ("Penangkapan Rizieq — Kepala Bidang Humas … Yusri Yunus
    /// menegaskan"), else the organisation named closest.
    fn named_subject(&self, i: usize) -> Option<Who> {
        let i = self.past_degrees(i);
        if i > 0 && self.lower(i - 1) == "yang" {
            return None;
        }
        let mut person = None;
        let mut organisation = None;
        let from = self.clause_start(i);
        let mut k = from;
        while k < i {
            let w = self.words[k];
            if w.kind == Kind::Word && LEXICON.is("pronoun_person", self.lower(k)) {
                person = None;
                organisation = None;
            }
            match self.mention_at(k) {
                Some((mention, _)) if self.in_quote(mention) => {}
                Some((mention, entity)) if mention.end <= self.words[i].span.start => {
                    let who = Some(Who::Entity { entity, mention });
                    // "Istri Hanung Bramantyo mengakui": his wife speaks, not Hanung.
                    let kin = k > 0 && LEXICON.is("kinship", self.lower(k - 1));
                    let object = k > 0 && LEXICON.is("object_preposition", self.lower(k - 1));
                    if kin {
                        person = None;
                    } else if object {
                        // Not the subject. "Reynaldi dari PT House of Rattan mengatakan": the
                        // name the entity layer missed before "dari" is.
                        if person.is_none() {
                            person = self.name_run_before(k - 1, from);
                        }
                    } else if self.is_label(entity, EntityLabel::Person) {
                        person = who;
                    } else if self.is_label(entity, EntityLabel::Organisation) {
                        organisation = who;
                    }
                    k = self.word_from(mention.end).max(k + 1);
                    continue;
                }
                _ => {}
            }
            k += 1;
        }
        person.or(organisation)
    }

    /// "dr Ahmad Akbar, Sp.PD mengatakan": where the cue at word `i` would stand without the
    /// degrees written between it and the name before it (the word after the name); `i` when none.
    fn past_degrees(&self, i: usize) -> usize {
        let cue = self.words[i].span.start;
        let k = self.mentions.partition_point(|(s, _)| s.end <= cue);
        let Some(&(name, entity)) = k.checked_sub(1).and_then(|k| self.mentions.get(k)) else {
            return i;
        };
        let only_pause_between = |end: usize| {
            end <= cue
                && self.text[end..cue]
                    .chars()
                    .all(|c| c.is_whitespace() || c == ',')
        };
        match degrees::after_name(self.text, name.end) {
            Some(run)
                if self.is_label(entity, EntityLabel::Person) && only_pause_between(run.end) =>
            {
                self.word_from(name.end)
            }
            _ => i,
        }
    }

    /// The subject of an active cue at word `i`: the first person or organisation named in its
    /// clause, or a pronoun opening it.
    fn subject_before(&self, i: usize) -> Option<Who> {
        let i = self.past_degrees(i);
        let from = self.clause_start(i);
        if i > 0 && self.lower(i - 1) == "yang" {
            // "… yang mengatakan": a relative clause, its subject is elsewhere.
            return None;
        }
        for k in from..i {
            let w = self.words[k];
            if self.in_quote(w.span) {
                continue;
            }
            if w.kind == Kind::Word {
                let lower = self.lower(k);
                if LEXICON.is("pronoun_person", lower) {
                    return self
                        .sole_person_before(k)
                        .or_else(|| self.resolve_pronoun(w.span, EntityLabel::Person));
                }
                if LEXICON.is("pronoun_side", lower) {
                    return self.resolve_side(w.span);
                }
                if LEXICON.is("pronoun_group", lower) {
                    return self.resolve_pronoun(w.span, EntityLabel::Organisation);
                }
            }
            if self
                .mention_at(k)
                .is_some_and(|(_, e)| self.speaker_kind_ok(e))
            {
                break;
            }
        }
        if let Some((head, label)) = self.description_before(i, from) {
            return self.resolve_description(head, label);
        }
        if let Some(who) = self.kin_subject(i, from) {
            return who;
        }
        self.named_subject(i)
            .or_else(|| self.name_run_before(i, from))
            .or_else(|| {
                // "Hakim menyatakan …": an office alone as the subject.
                let k = i.checked_sub(1)?;
                (k >= from).then(|| self.holder_of_role(k)).flatten()
            })
    }

    /// Where the text names someone as a speaker or a subject, in order: names after a cue ("kata
    /// Yusri"), named subjects of reporting verbs ("Yusri mengatakan"), and people opening a
    /// sentence. A "-nya" cue or a pronoun points back at the latest of these.
    fn find_speakers(&self) -> Vec<(usize, Who)> {
        let mut out = Vec::new();
        for k in 0..self.words.len() {
            if self.words[k].kind != Kind::Word || self.in_quote(self.words[k].span) {
                continue;
            }
            let Some(form) = LEXICON.cue(self.lower(k)) else {
                continue;
            };
            let who = match form.position {
                // "…,” kisah X" names a speaker; "kisah cintanya dengan X" (a story) does not.
                CuePosition::After if !self.after_a_pause(k) => None,
                CuePosition::After | CuePosition::Passive if !form.clitic => {
                    let next = k + 1;
                    let pronoun = next < self.words.len()
                        && (LEXICON.is("pronoun_person", self.lower(next))
                            || LEXICON.is("pronoun_group", self.lower(next)));
                    if pronoun {
                        None
                    } else {
                        self.named_after(next)
                    }
                }
                CuePosition::Active => self.named_subject(k).or_else(|| {
                    let from = self.clause_start(k);
                    self.name_run_before(k, from)
                }),
                _ => None,
            };
            match who {
                Some(w @ Who::Entity { mention, .. }) => out.push((mention.start, w)),
                Some(w @ Who::Name { name, .. }) => out.push((name.start, w)),
                None => {}
            }
        }
        // Names the entity layer missed but a cue named ("ungkap Raihan") are people's when they
        // open a sentence too ("Raihan pun tergerak …"), as subjects that pronouns point back at.
        let cued_names: HashSet<&str> = out
            .iter()
            .filter_map(|(_, who)| match *who {
                Who::Name { name, .. } => Some(&self.text[name.range()]),
                Who::Entity { .. } => None,
            })
            .collect();
        for &sentence in &self.sentences {
            let mut first = self.word_from(sentence.start);
            let to = self.word_from(sentence.end);
            while first < to
                && (LEXICON.is("connective", self.lower(first))
                    || self.words[first].kind != Kind::Word)
            {
                first += 1;
            }
            if first < to
                && !cued_names.is_empty()
                && let Some(name) = self.capitalised_run(first)
                && cued_names.contains(&self.text[name.range()])
                && self.mention_at(first).is_none()
            {
                out.push((name.start, Who::named(name)));
                continue;
            }
            // The subject may follow its role: "Kepala Dinas … Yohanes Nahak mengakui …".
            for k in first..to.min(first + NAME_WINDOW) {
                if let Some((mention, entity)) = self.mention_at(k)
                    && self.is_label(entity, EntityLabel::Person)
                    && !self.in_quote(mention)
                    && !(k > 0 && LEXICON.is("kinship", self.lower(k - 1)))
                {
                    out.push((mention.start, Who::Entity { entity, mention }));
                    break;
                }
                if self.words[k].kind == Kind::Word && !self.words[k].capital {
                    break;
                }
            }
        }
        out.sort_by_key(|&(at, _)| at);
        out.dedup_by_key(|&mut (at, _)| at);
        out
    }

    /// True when the word at `k` follows a comma or a quotation mark, perhaps across "demikian":
    /// where a cue after the quotation stands ("…,” kata X", "…, demikian kata X").
    fn after_a_pause(&self, k: usize) -> bool {
        let pause = |j: usize| matches!(self.words[j].kind, Kind::Punct | Kind::Mark);
        k > 0
            && (pause(k - 1)
                || (k > 1 && LEXICON.is("before_cue", self.lower(k - 1)) && pause(k - 2)))
    }

    /// "Pihaknya" at `mention`: the latest speaker or subject, a person or an organisation; else
    /// the organisation a group pronoun would take.
    fn resolve_side(&self, mention: Span) -> Option<Who> {
        self.latest_speaker(mention, |who| match *who {
            Who::Entity { entity, .. } => self.speaker_kind_ok(entity),
            Who::Name { .. } => true,
        })
        .or_else(|| self.resolve_pronoun(mention, EntityLabel::Organisation))
    }

    /// The latest speaker or subject before `mention` (see [`Context::find_speakers`]) that
    /// `accepts` takes, as the speaker at `mention`.
    fn latest_speaker(&self, mention: Span, accepts: impl Fn(&Who) -> bool) -> Option<Who> {
        let i = self.speakers.partition_point(|&(at, _)| at < mention.start);
        let (_, antecedent) = self.speakers[..i]
            .iter()
            .rev()
            .take(MAX_PRONOUN_LOOKBACK)
            .find(|(_, who)| accepts(who))?;
        Some(match *antecedent {
            Who::Entity { entity, .. } => Who::Entity { entity, mention },
            Who::Name { name, .. } => Who::Name { name, mention },
        })
    }

    /// "… seorang turis asal Prancis, Marion Tourgon, yang melihat kejadian itu, duduk di ruangan
    /// itu. Dia mengatakan …": a pronoun at word `k` that opens its sentence refers to the one
    /// person the sentence before names (not in a quotation, nor as an object or a relative), even
    /// when an earlier speaker was quoted last.
    fn sole_person_before(&self, k: usize) -> Option<Who> {
        let sentence = self.sentence_of(self.words[k].span.start);
        let opens = (self.word_from(sentence.start)..k)
            .all(|j| self.words[j].kind != Kind::Word || LEXICON.is("connective", self.lower(j)));
        if !opens {
            return None;
        }
        let index = self.sentences.partition_point(|s| s.end <= sentence.start);
        let previous = *self.sentences.get(index.checked_sub(1)?)?;
        let first = self
            .mentions
            .partition_point(|(s, _)| s.start < previous.start);
        let mut person = None;
        for &(span, entity) in self.mentions[first..]
            .iter()
            .take_while(|(s, _)| s.end <= previous.end)
        {
            let j = self.word_from(span.start);
            let aside = j > 0
                && (LEXICON.is("object_preposition", self.lower(j - 1))
                    || LEXICON.is("kinship", self.lower(j - 1)));
            if !self.is_label(entity, EntityLabel::Person) || self.in_quote(span) || aside {
                continue;
            }
            match person {
                None => person = Some(entity),
                Some(p) if p == entity => {}
                Some(_) => return None,
            }
        }
        let mention = self.words[k].span;
        person.map(|entity| Who::Entity { entity, mention })
    }

    /// The person (or organisation) a pronoun at `mention` refers to: the latest speaker or subject
    /// named before it (see [`Context::find_speakers`]), else the subject of the latest sentence
    /// naming one. `None` when the text names none.
    fn resolve_pronoun(&self, mention: Span, label: EntityLabel) -> Option<Who> {
        let antecedent = self.latest_speaker(mention, |who| match *who {
            Who::Entity { entity, .. } => self.is_label(entity, label),
            // Names the entity layer missed are people's, in the cues' positions.
            Who::Name { .. } => label == EntityLabel::Person,
        });
        if antecedent.is_some() {
            return antecedent;
        }
        let before = self
            .mentions
            .partition_point(|(s, _)| s.start < mention.start);
        let mut latest: Option<(Span, usize)> = None;
        // Bounded, so that a pathological sentence full of names stays linear.
        for &(span, entity) in self.mentions[..before]
            .iter()
            .rev()
            .take(MAX_PRONOUN_LOOKBACK)
        {
            if !self.is_label(entity, label) || self.in_quote(span) {
                continue;
            }
            match latest {
                None => latest = Some((span, entity)),
                // Earlier in the same sentence: closer to its subject.
                Some((l, _)) if self.sentence_of(l.start) == self.sentence_of(span.start) => {
                    latest = Some((span, entity));
                }
                Some(_) => break,
            }
        }
        latest.map(|(_, entity)| Who::Entity { entity, mention })
    }

    /// True when a negation stands right before the verb at word `k`, perhaps across one modal
    /// ("tidak mengatakan", "belum bisa memastikan").
    fn negated(&self, k: usize) -> bool {
        let is = |section: &str, at: Option<usize>| {
            at.is_some_and(|at| {
                self.words[at].kind == Kind::Word && LEXICON.is(section, self.lower(at))
            })
        };
        is("negation", k.checked_sub(1))
            || (is("modal", k.checked_sub(1)) && is("negation", k.checked_sub(2)))
    }

    /// Reported speech in `sentence`: "X mengatakan (bahwa) …", "Menurut X, …", "…, kata X.",
    /// "Hal itu disampaikan X".
    fn reported(&self, sentence: Span, earlier: &[Quote]) -> Option<Quote> {
        let from = self.word_from(sentence.start);
        let to = self.word_from(sentence.end);
        if from >= to {
            return None;
        }
        let content_end = self.content_end(from, to);
        // Skip a leading connective ("Sementara itu,", "Namun,").
        let mut first = from;
        while first < to
            && (LEXICON.is("connective", self.lower(first)) || self.is_punct(first, ","))
        {
            first += 1;
        }
        if let Some(source) = self.after_opening_adjunct(first, to) {
            first = source;
        }
        if first < to && LEXICON.is("according", self.lower(first)) {
            return self.according(first, to, content_end);
        }
        if first + 1 < to
            && LEXICON.is("according_clitic", self.lower(first))
            && self.is_punct(first + 1, ",")
        {
            let cue = self.words[first].span;
            let who = self.speaker_after(first, true)?;
            let content = self.content_span(first + 2, content_end)?;
            return Some(self.quote(QuoteKind::Indirect, content, cue, Some(who)));
        }
        if first < to && LEXICON.is("anaphor_opener", self.lower(first)) {
            return self.credited(first, to, earlier);
        }
        for k in first..to {
            let w = self.words[k];
            if w.kind == Kind::Mark {
                // A quotation opens before any reporting verb: handled as direct.
                if self.in_quote(w.span) || self.opens_quote(w.span) {
                    return None;
                }
                continue;
            }
            let Some(form) = LEXICON.cue(self.lower(k)) else {
                continue;
            };
            match form.position {
                // "Yuliot belum bisa memastikan …", "ia enggan menyebut …": nothing is said.
                CuePosition::Active if self.negated(k) => return None,
                CuePosition::Active => {
                    let who = self.subject_before(k)?;
                    // "menyatakan pada Selasa (17/6) bahwa …": what is said starts after "bahwa"
                    // when an adjunct stands between it and the verb.
                    let mut c = self.complementiser_after(k, to).unwrap_or(k + 1);
                    while c < to
                        && (self.is_punct(c, ",:") || LEXICON.is("complementiser", self.lower(c)))
                    {
                        c += 1;
                    }
                    let content = self.content_span(c, self.before_quotation(c, content_end))?;
                    return Some(self.quote(QuoteKind::Indirect, content, w.span, Some(who)));
                }
                // "Lebih lagi, kata dia, kendaraan tersebut …": the cue and its speaker between
                // commas, what is said after them.
                CuePosition::After
                    if k == first
                        && first > from
                        && self.is_punct(k - 1, ",")
                        && LEXICON.is("unmarked_after", self.lower(k)) =>
                {
                    let who = self.speaker_after(k, form.clitic)?;
                    let comma =
                        (k + 1..to.min(k + NAME_WINDOW)).find(|&c| self.is_punct(c, ","))?;
                    let content = self.content_span(comma + 1, content_end)?;
                    return Some(self.quote(QuoteKind::Indirect, content, w.span, Some(who)));
                }
                CuePosition::After
                    if k > first
                        && self.is_punct(k - 1, ",")
                        && LEXICON.is("unmarked_after", self.lower(k)) =>
                {
                    let who = self.speaker_after(k, form.clitic)?;
                    let content = self.content_span(from, k - 1)?;
                    return Some(self.quote(QuoteKind::Indirect, content, w.span, Some(who)));
                }
                _ => {}
            }
            if k == first + 4 {
                // A reporting verb far into the sentence is rarely its main verb.
                break;
            }
        }
        None
    }

    /// The word after a "bahwa" that follows the verb at `k` across a short adjunct of time or
    /// place ("pada Selasa (17/6)", "di Jakarta"), before any other verb or clause break.
    fn complementiser_after(&self, k: usize, to: usize) -> Option<usize> {
        for c in k + 1..to.min(k + ADJUNCT_WORDS) {
            let w = self.words[c];
            let lower = self.lower(c);
            if w.kind == Kind::Word && LEXICON.is("complementiser", lower) {
                return Some(c + 1);
            }
            let breaks = match w.kind {
                Kind::Mark => true,
                Kind::Punct => !matches!(&self.text[w.span.range()], "(" | ")" | "/" | ","),
                Kind::Word => read::is_verb(lower) || LEXICON.cue(lower).is_some(),
                Kind::Number => false,
            };
            if breaks {
                return None;
            }
        }
        None
    }

    /// Where a sentence's content ends: before its final punctuation and closing marks, but after
    /// a bracket that closes one opened inside it ("… rapat paripurna, Senin (27/10/2025).") and
    /// after a mark that closes a quotation opened inside it ("… tidak akan membunuhnya “untuk
    /// saat ini”."), so that the reported speech holds the words it quotes and is mixed.
    fn content_end(&self, from: usize, to: usize) -> usize {
        let mut end = to;
        while end > from && matches!(self.words[end - 1].kind, Kind::Punct | Kind::Mark) {
            if self.is_punct(end - 1, ")") && self.opens_bracket(from, end - 1) {
                break;
            }
            let last = self.words[end - 1];
            if last.kind == Kind::Mark
                && self
                    .closed_by(last.span)
                    .is_some_and(|q| q.start > self.words[from].span.start)
            {
                break;
            }
            end -= 1;
        }
        end
    }

    /// Whether the words `[from, to)` leave a round bracket open.
    fn opens_bracket(&self, from: usize, to: usize) -> bool {
        let depth = (from..to).fold(0i32, |depth, k| {
            if self.is_punct(k, "(") {
                depth + 1
            } else if self.is_punct(k, ")") {
                (depth - 1).max(0)
            } else {
                depth
            }
        });
        depth > 0
    }

    /// Where reported speech from word `from` ends when a quotation opens after a colon or comma
    /// before `to`: "X mengatakan belum terlambat: “Tidak ada yang terlambat,” ujar dia" reports
    /// up to the colon. A quotation inside the clause ("menegaskan polisi “tidak akan mundur”
    /// dalam kasus itu") makes it mixed instead.
    fn before_quotation(&self, from: usize, to: usize) -> usize {
        let opens_after_pause = |k: usize| {
            self.words[k].kind == Kind::Mark
                && self.opens_quote(self.words[k].span)
                && self.is_punct(k - 1, ":,")
        };
        let Some(mark) = (from + 1..to).find(|&k| opens_after_pause(k)) else {
            return to;
        };
        let mut end = mark;
        while end > from && self.words[end - 1].kind == Kind::Punct {
            end -= 1;
        }
        end
    }

    /// The span of words `[from, to)` when it holds enough words to be a statement.
    fn content_span(&self, from: usize, to: usize) -> Option<Span> {
        if from >= to {
            return None;
        }
        let span = Span::new(self.words[from].span.start, self.words[to - 1].span.end);
        (self.word_count(span) >= MIN_INDIRECT_WORDS).then_some(span)
    }

    /// "Saat ini, menurut X, …": when an adjunct of time or topic opens the sentence at word
    /// `first` and a comma closes it before "menurut" (or "menurutnya,"), the word after the comma.
    fn after_opening_adjunct(&self, first: usize, to: usize) -> Option<usize> {
        const MAX_ADJUNCT_WORDS: usize = 5;
        if first >= to || !LEXICON.is("adjunct_opener", self.lower(first)) {
            return None;
        }
        let comma = (first + 1..to.min(first + MAX_ADJUNCT_WORDS + 1))
            .find(|&k| self.words[k].kind != Kind::Word)
            .filter(|&k| self.is_punct(k, ","))?;
        let source = comma + 1;
        (source < to
            && (LEXICON.is("according", self.lower(source))
                || LEXICON.is("according_clitic", self.lower(source))))
        .then_some(source)
    }

    /// "Menurut X, …" with the source at word `first`.
    fn according(&self, first: usize, to: usize, content_end: usize) -> Option<Quote> {
        let cue = self.words[first].span;
        let comma = (first + 1..to).find(|&k| self.is_punct(k, ","))?;
        if comma > first + NAME_WINDOW {
            return None;
        }
        let who = self.speaker_after(first, false)?;
        let content = self.content_span(self.after_source(comma, to)?, content_end)?;
        Some(self.quote(QuoteKind::Indirect, content, cue, Some(who)))
    }

    /// Where what is said starts after the source of "Menurut X, …" when `comma` follows X: after
    /// the comma, or after the degrees written there and the comma that closes them ("Menurut dr.
    /// Rudi, M.Ked, Sp.OT (K) Hip & Knee, …"); `None` when no comma closes them nearby.
    fn after_source(&self, comma: usize, to: usize) -> Option<usize> {
        let Some(run) = degrees::after_name(self.text, self.words[comma].span.start) else {
            return Some(comma + 1);
        };
        let from = self.word_from(run.end);
        (from..to.min(from + NAME_WINDOW))
            .find(|&k| self.is_punct(k, ","))
            .map(|k| k + 1)
    }

    /// "Hal itu disampaikan X …": the previous sentence, credited to X.
    fn credited(&self, first: usize, to: usize, earlier: &[Quote]) -> Option<Quote> {
        let (k, form) = (first + 1..to.min(first + 4))
            .find_map(|k| LEXICON.cue(self.lower(k)).map(|f| (k, f)))?;
        if form.position != CuePosition::Passive {
            return None;
        }
        let who = self.speaker_after(k, false)?;
        let this = self.sentence_of(self.words[first].span.start);
        let s = self.sentences.partition_point(|s| s.end <= this.start);
        let previous = *self.sentences.get(s.checked_sub(1)?)?;
        if earlier.last().is_some_and(|q| q.span.overlaps(previous)) || self.in_quote(previous) {
            return None;
        }
        let from = self.word_from(previous.start);
        let end = self.content_end(from, self.word_from(previous.end));
        let content = self.content_span(from, end)?;
        Some(self.quote(QuoteKind::Indirect, content, self.words[k].span, Some(who)))
    }
}

/// `YYYY-MM-DD`: the form in which days compare as strings.
fn is_iso_day(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}
