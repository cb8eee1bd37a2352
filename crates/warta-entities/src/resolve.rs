//! Resolution inside one article: the mentions of one person, organisation or place become one entity,
//! named by the fullest form the article gives.
//!
//! - A person's shorter mention ("Putin") joins the most recent person whose name contains it as
//!   whole words ("Vladimir Putin"); a longer one renames the entity.
//! - A form in brackets after a mention ("Lembaga Perlindungan Saksi dan Korban (LPSK)",
//!   "Susilaningtyas (Susi)") is an alias of that entity; bundled abbreviations (KPK ↔ Komisi
//!   Pemberantasan Korupsi) link too.
//! - An office word standing alone ("Presiden") refers to the one person the article gave that title.
//! - Nicknames and initials the article introduces ("… yang akrab disapa Ara", "(HNW)") are the
//!   person's, however the tagger typed them (`nicknames`).
//! - A capitalised word that is the surname or alias of exactly one entity is a mention even where the
//!   tagger missed it (at the start of a sentence only when it is no function word: "Yang").

use std::collections::{HashMap, HashSet};

use warta_core::{Document, Entity, EntityLabel, Mention, Span, TokenKind};

use crate::lexicon::{Lexicon, class};
use crate::stage::OutsideName;

mod nicknames;

/// A mention found in a sentence, before resolution.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub label: EntityLabel,
    pub span: Span,
    /// Token range `[start, end)` in `doc.tokens`.
    pub tokens: (usize, usize),
    pub titles: Vec<String>,
    /// Role text and where it stands.
    pub roles: Vec<(String, Span)>,
    pub affiliation: Option<String>,
}

struct Building {
    label: EntityLabel,
    /// Lower-cased words of the fullest name so far.
    words: Vec<String>,
    name: String,
    /// Lower-cased alternative forms (brackets, abbreviations).
    aliases: Vec<String>,
    mentions: Vec<Span>,
    titles: Vec<String>,
    roles: Vec<String>,
    affiliation: Option<String>,
}

fn words_of(doc: &Document, tokens: (usize, usize)) -> Vec<String> {
    doc.tokens[tokens.0..tokens.1]
        .iter()
        .map(|t| doc.slice(t.span).to_lowercase())
        .collect()
}

fn contains_run(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

pub(crate) fn resolve(
    doc: &Document,
    lexicon: &Lexicon,
    outside: &[OutsideName],
    mut found: Vec<Found>,
) -> Vec<Entity> {
    add_bracketed_aliases(doc, &mut found);
    // Before single words are retyped as people: "Danantara" alone must stay the organisation.
    cut_organisations_before_names(doc, lexicon, &mut found);
    retype_people_named_alone(doc, lexicon, &mut found);
    found.sort_by_key(|f| f.span);
    found.dedup_by_key(|f| f.span);

    // The full names of the title and captions wait for the body's surnames: "Marquez" joins "Marc
    // Marquez" of the headline, and "Alex Marquez" in a quote stays another person. Only a single
    // word that ends the name joins it, as headlines run verbs into names ("Alya Rohali Jalani",
    // "Nikahi Alyssa Daguise"); a name the body never mentions is dropped at the end.
    let mut entities: Vec<Building> = outside
        .iter()
        .map(|n| Building {
            label: EntityLabel::Person,
            words: n.words.clone(),
            name: n.name.clone(),
            aliases: Vec::new(),
            mentions: Vec::new(),
            titles: Vec::new(),
            roles: Vec::new(),
            affiliation: None,
        })
        .collect();
    // The entity of the previous person mention and where it ends: for "X alias Y".
    let mut previous_person: Option<(usize, usize)> = None;
    for f in &found {
        let words = words_of(doc, f.tokens);
        let text = doc.slice(f.span);
        let joined = words.join(" ");
        let matches = |e: &Building| {
            if e.mentions.is_empty() {
                return f.label == EntityLabel::Person
                    && words.len() == 1
                    && e.words.last() == words.first();
            }
            e.label == f.label
                && (e.aliases.contains(&joined)
                    || e.words == words
                    || match f.label {
                        EntityLabel::Person => {
                            contains_run(&e.words, &words)
                                || contains_run(&words, &e.words)
                                || e.aliases.iter().any(|a| {
                                    let alias: Vec<String> =
                                        a.split(' ').map(str::to_owned).collect();
                                    contains_run(&alias, &words)
                                })
                        }
                        _ => {
                            lexicon
                                .expansion(text)
                                .is_some_and(|full| full.to_lowercase() == e.words.join(" "))
                                || lexicon
                                    .expansion(&e.name)
                                    .is_some_and(|full| full.to_lowercase() == joined)
                        }
                    })
        };
        // The candidate mentioned most, then the most recent: "Marquez" is the Marc Marquez of the
        // whole article, not his brother named once in a quote; in "Presiden Joko Widodo … Joko
        // Susilo … Joko", the last Joko is the nearest one.
        let alias_of = previous_person
            .filter(|&(_, end)| {
                f.label == EntityLabel::Person && follows_alias(doc, end, f.tokens.0)
            })
            .map(|(entity, _)| entity);
        let target = alias_of
            .or_else(|| {
                entities
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| matches(e))
                    .max_by_key(|(_, e)| (e.mentions.len(), e.mentions.last().copied()))
                    .map(|(i, _)| i)
            })
            .or_else(|| {
                (f.label == EntityLabel::Person)
                    .then(|| variant_of(&entities, &words).or_else(|| initials_of(&entities, text)))
                    .flatten()
            });
        if alias_of.is_some()
            && let Some(i) = target
        {
            // "Muhammad Rais alias Rais Simson": the name the article introduces stays the name.
            entities[i].aliases.push(joined.clone());
        }
        let index = target.unwrap_or(entities.len());
        if f.label == EntityLabel::Person {
            previous_person = Some((index, f.tokens.1));
        }
        let entity = match target {
            Some(i) => &mut entities[i],
            None => {
                entities.push(Building {
                    label: f.label,
                    words: words.clone(),
                    name: doc.name_text(f.span),
                    aliases: Vec::new(),
                    mentions: Vec::new(),
                    titles: Vec::new(),
                    roles: Vec::new(),
                    affiliation: None,
                });
                entities.last_mut().unwrap_or_else(|| unreachable!())
            }
        };
        // A longer form renames the person, unless it only puts words in front of a name of two
        // words or more: the article introduced the person by that name, and words glued before it
        // come from a headline or a related-article line ("Pakai Kain Lungsuran Alya Rohali").
        let front_extension = f.label == EntityLabel::Person
            && entity.words.len() >= 2
            && words.ends_with(&entity.words);
        // Nor a form in a title-case line (a headline, a related article's title: "Sarwendah Akui
        // Dekat dengan …"), where the words after a name are capitalised too.
        let in_headline =
            || f.label == EntityLabel::Person && in_title_case_sentence(doc, lexicon, f.span);
        if words.len() > entity.words.len()
            && !entity.aliases.contains(&joined)
            && !front_extension
            && (entity.mentions.is_empty() || !in_headline())
        {
            if entity.label != EntityLabel::Person || contains_run(&words, &entity.words) {
                entity.aliases.push(entity.words.join(" "));
            }
            entity.words = words;
            entity.name = doc.name_text(f.span);
        }
        entity.mentions.push(f.span);
        for title in &f.titles {
            if !entity.titles.contains(title) {
                entity.titles.push(title.clone());
            }
        }
        for (role, _) in &f.roles {
            if !entity.roles.contains(role) {
                entity.roles.push(role.clone());
            }
        }
        if entity.affiliation.is_none() {
            entity.affiliation.clone_from(&f.affiliation);
        }
    }
    link_bracketed(doc, &found, &mut entities);
    nicknames::join(doc, lexicon, &mut entities);
    add_title_mentions(doc, lexicon, &mut entities);
    add_missed_repeats(doc, lexicon, &mut entities);

    let mut out: Vec<Entity> = entities
        .into_iter()
        .filter(|e| !e.mentions.is_empty())
        .map(|mut e| {
            e.mentions.sort();
            e.mentions.dedup();
            Entity {
                label: e.label,
                name: e.name,
                mentions: e
                    .mentions
                    .into_iter()
                    .map(|span| Mention { span })
                    .collect(),
                titles: e.titles,
                roles: e.roles,
                affiliation: e.affiliation,
            }
        })
        .collect();
    out.sort_by_key(|e| e.mentions.first().map(|m| m.span));
    out
}

/// "X alias Y", "X alias Y": only the word "alias" (and commas) between the tokens `end` and
/// `start`.
fn follows_alias(doc: &Document, end: usize, start: usize) -> bool {
    let between: Vec<&str> = doc.tokens[end.min(start)..start]
        .iter()
        .map(|t| doc.slice(t.span))
        .filter(|w| *w != ",")
        .collect();
    matches!(between.as_slice(), [w] if w.eq_ignore_ascii_case("alias"))
}

/// Whether the sentence holding `span` is written in title case.
fn in_title_case_sentence(doc: &Document, lexicon: &Lexicon, span: Span) -> bool {
    let i = doc.sentences.partition_point(|s| s.end <= span.start);
    let Some(sentence) = doc.sentences.get(i).filter(|s| s.start <= span.start) else {
        return false;
    };
    let from = doc
        .tokens
        .partition_point(|t| t.span.start < sentence.start);
    let words: Vec<&str> = doc.tokens[from..]
        .iter()
        .take_while(|t| t.span.end <= sentence.end)
        .map(|t| doc.slice(t.span))
        .collect();
    crate::stage::is_title_case(&words, lexicon)
}

/// "AHY" for "Agus Harimurti Yudhoyono": a word of two to five capitals that spells the initials
/// of exactly one person's name.
fn initials_of(entities: &[Building], text: &str) -> Option<usize> {
    let n = text.chars().count();
    if !(2..=5).contains(&n) || !text.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    let mut found = entities.iter().enumerate().filter(|(_, e)| {
        e.label == EntityLabel::Person
            && e.words.len() == n
            && e.words
                .iter()
                .zip(lower.chars())
                .all(|(w, c)| w.starts_with(c))
    });
    let (first, _) = found.next()?;
    found.next().is_none().then_some(first)
}

/// Shortest word compared as a spelling variant: shorter words differ by a letter too often.
const MIN_VARIANT_CHARS: usize = 5;

/// The one person whose name has a word that the single word `words` misspells by one letter
/// (dropped, doubled, added, changed or two swapped: "Hendrik"/"Hendrick", "Usmanto"/"Uswanto"), or
/// cuts short ("Bamban" for "Bambang", at most two letters missing); `None` when no person or
/// several qualify, so that two people of the article are never joined.
fn variant_of(entities: &[Building], words: &[String]) -> Option<usize> {
    let [word] = words else {
        return None;
    };
    if word.chars().count() < MIN_VARIANT_CHARS {
        return None;
    }
    let mut found = entities.iter().enumerate().filter(|(_, e)| {
        e.label == EntityLabel::Person
            && e.words.iter().any(|w| {
                w.chars().count() >= MIN_VARIANT_CHARS
                    && (one_letter_apart(w, word)
                        || (w.starts_with(word.as_str()) && w.len() - word.len() <= 2))
            })
    });
    let (first, _) = found.next()?;
    found.next().is_none().then_some(first)
}

/// Damerau-Levenshtein distance exactly one (a letter dropped, added, changed, or two adjacent
/// letters swapped).
fn one_letter_apart(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (rest_a, rest_b) = (a.len() - prefix - suffix, b.len() - prefix - suffix);
    match (rest_a, rest_b) {
        (1, 1) | (0, 1) | (1, 0) => true,
        (2, 2) => a[prefix] == b[prefix + 1] && a[prefix + 1] == b[prefix],
        _ => false,
    }
}

/// A person mention that opens with the words of an organisation or place the article names
/// elsewhere ("… Mirae Asset Sekuritas Nafan Aji" where "Mirae Asset Sekuritas" stands alone too)
/// took them in from a role: the name starts after them.
fn cut_organisations_before_names(doc: &Document, lexicon: &Lexicon, found: &mut [Found]) {
    // A single word tagged a place alone may be the person's first name the tagger missed
    // ("Ratna mengatakan"): only names of two words or more, or words a list knows, count.
    let others: Vec<Vec<String>> = found
        .iter()
        .filter(|f| f.label != EntityLabel::Person)
        .map(|f| words_of(doc, f.tokens))
        .filter(|w| w.len() >= 2 || w.first().is_some_and(|w| lexicon.knows_word(w)))
        .collect();
    let openers = organisations_opening_names(doc, lexicon, found);
    if others.is_empty() && openers.is_empty() {
        return;
    }
    for f in found.iter_mut().filter(|f| f.label == EntityLabel::Person) {
        let words = words_of(doc, f.tokens);
        // Two words at least are left: a tagger that took a person's first names for an
        // organisation elsewhere must not cut the name down to its surname.
        let cut = (1..words.len().saturating_sub(1))
            .rev()
            .find(|&k| others.iter().any(|o| words[..k].ends_with(o)));
        let cut = match cut {
            None if openers.contains(&words[0]) => {
                // "Rektor Unesa Nomor 5": what follows the organisation is no name either.
                if words.len() < 3 {
                    f.label = EntityLabel::Organisation;
                    continue;
                }
                Some(1)
            }
            cut => cut,
        };
        if let Some(k) = cut {
            f.tokens.0 += k;
            f.span = doc.tokens[f.tokens.0]
                .span
                .cover(doc.tokens[f.tokens.1 - 1].span);
        }
    }
}

/// Single words (lower case) that open person mentions but are organisations ("CEO Shell Wael
/// Sawan", "CEO Danantara Rosan Roeslani"): an unknown word that the article writes at least twice
/// on its own, before a name of two words or more that the article shortens to one of them ("Sawan
/// mengatakan", "Rosan juga menyebut"). A person's first name fails the test: an article that
/// writes "Ratna" alone shortens her name to that, not to a later word as well.
fn organisations_opening_names(
    doc: &Document,
    lexicon: &Lexicon,
    found: &[Found],
) -> HashSet<String> {
    // Unknown first words only: a list that knows the word (a title, a gazetteer name) has said
    // what it is. Most articles have no candidate left, and pay nothing more.
    let candidates: Vec<Vec<String>> = found
        .iter()
        .filter(|f| f.label == EntityLabel::Person && f.tokens.1 - f.tokens.0 >= 3)
        .filter(|f| !lexicon.knows_word(doc.slice(doc.tokens[f.tokens.0].span)))
        .map(|f| words_of(doc, f.tokens))
        .collect();
    if candidates.is_empty() {
        return HashSet::new();
    }
    let token = |t: usize| doc.slice(doc.tokens[t].span);
    let is = |t: usize, word: &str| {
        let text = token(t);
        text.eq_ignore_ascii_case(word) || (!text.is_ascii() && text.to_lowercase() == word)
    };
    // How often the article writes `word` capitalised without the words of `name` around it.
    let alone = |word: &str, name: &[String]| {
        let beside_name = |t: Option<usize>| {
            t.filter(|&t| t < doc.tokens.len())
                .is_some_and(|t| name.iter().any(|n| is(t, n)))
        };
        (0..doc.tokens.len())
            .filter(|&t| token(t).starts_with(char::is_uppercase) && is(t, word))
            .filter(|&t| !beside_name(t.checked_sub(1)) && !beside_name(Some(t + 1)))
            .count()
    };
    candidates
        .into_iter()
        .filter(|words| {
            alone(&words[0], words) >= 1 && words[1..].iter().any(|w| alone(w, words) >= 1)
        })
        .map(|mut words| words.swap_remove(0))
        .collect()
}

/// "Ratna Wulandari Siregar … [Ratna]LOC mengatakan": a single capitalised word that no list knows,
/// tagged a place or organisation, that is a word of a person's full name in the same article is
/// that person. The tagger sees one sentence at a time and has no memory of the name.
fn retype_people_named_alone(doc: &Document, lexicon: &Lexicon, found: &mut [Found]) {
    // A set: a long text that repeats a name would make a list of its words, searched once per
    // mention, quadratic.
    let mut name_words: HashSet<String> = std::collections::HashSet::new();
    for f in found.iter() {
        if f.label == EntityLabel::Person && f.tokens.1 - f.tokens.0 >= 2 {
            name_words.extend(words_of(doc, f.tokens));
        }
    }
    for f in found.iter_mut() {
        if f.label == EntityLabel::Person || f.tokens.1 - f.tokens.0 != 1 {
            continue;
        }
        let text = doc.slice(f.span);
        let mut chars = text.chars();
        let capitalised = chars.next().is_some_and(char::is_uppercase)
            && chars.all(|c| c.is_lowercase() || "-'’".contains(c));
        let word = text.to_lowercase();
        if capitalised && name_words.contains(&word) && !lexicon.knows_word(text) {
            f.label = EntityLabel::Person;
        }
    }
}

/// The tokens `[i, j)` of a bracketed form right after token `end` ("( LPSK )"), if any.
fn bracket_after(doc: &Document, end: usize) -> Option<(usize, usize)> {
    let word = |i: usize| doc.tokens.get(i).map(|t| doc.slice(t.span));
    if word(end) != Some("(") {
        return None;
    }
    let close = (end + 1..(end + 6).min(doc.tokens.len())).find(|&i| word(i) == Some(")"))?;
    let inner = (end + 1, close);
    let capitalised = (inner.0..inner.1).all(|i| {
        doc.slice(doc.tokens[i].span)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    });
    (inner.0 < inner.1 && capitalised).then_some(inner)
}

/// Brackets after an organisation or person that the tagger did not tag become mentions of the same
/// type (their entity is joined by [`link_bracketed`]).
fn add_bracketed_aliases(doc: &Document, found: &mut Vec<Found>) {
    let mut extra = Vec::new();
    for f in found.iter() {
        if let Some(inner) = bracket_after(doc, f.tokens.1) {
            let span = doc.tokens[inner.0].span.cover(doc.tokens[inner.1 - 1].span);
            if !found.iter().any(|g| g.span.overlaps(span)) && !doc.is_removed(span) {
                extra.push(Found {
                    label: f.label,
                    span,
                    tokens: inner,
                    titles: Vec::new(),
                    roles: Vec::new(),
                    affiliation: None,
                });
            }
        }
    }
    found.extend(extra);
}

/// Merges the entity of a bracketed form into the entity of the name before it.
fn link_bracketed(doc: &Document, found: &[Found], entities: &mut Vec<Building>) {
    let entity_of = |entities: &[Building], span: Span| {
        entities.iter().position(|e| e.mentions.contains(&span))
    };
    for f in found {
        let Some(inner) = bracket_after(doc, f.tokens.1) else {
            continue;
        };
        let span = doc.tokens[inner.0].span.cover(doc.tokens[inner.1 - 1].span);
        let (Some(outer), Some(alias)) = (entity_of(entities, f.span), entity_of(entities, span))
        else {
            continue;
        };
        if outer == alias || entities[outer].label != entities[alias].label {
            continue;
        }
        let absorbed = entities.remove(alias);
        let outer = if alias < outer { outer - 1 } else { outer };
        let into = &mut entities[outer];
        into.aliases.push(absorbed.words.join(" "));
        into.aliases.extend(absorbed.aliases);
        into.mentions.extend(absorbed.mentions);
        for t in absorbed.titles {
            if !into.titles.contains(&t) {
                into.titles.push(t);
            }
        }
        into.roles.extend(
            absorbed
                .roles
                .into_iter()
                .filter(|r| !into.roles.contains(r))
                .collect::<Vec<_>>(),
        );
        if into.affiliation.is_none() {
            into.affiliation = absorbed.affiliation;
        }
    }
}

/// The spans already claimed by some entity, sorted, for overlap look-ups in O(log n).
///
/// Built once per pass rather than scanning every mention for every token, which made resolution
/// quadratic on long documents (a 16 MB article took 18 s). A pass only adds mentions at the token it
/// is looking at, and tokens never overlap, so an index taken at the start of the pass answers every
/// later question of that pass exactly as a fresh scan would.
struct ClaimedSpans(Vec<Span>);

impl ClaimedSpans {
    fn of(entities: &[Building]) -> Self {
        let mut spans: Vec<Span> = entities
            .iter()
            .flat_map(|e| e.mentions.iter().copied())
            .collect();
        spans.sort_unstable();
        // Mentions may nest or overlap; their union as disjoint sorted runs makes overlap a binary search.
        let mut union: Vec<Span> = Vec::with_capacity(spans.len());
        for span in spans {
            match union.last_mut() {
                Some(last) if span.start < last.end => last.end = last.end.max(span.end),
                _ => union.push(span),
            }
        }
        ClaimedSpans(union)
    }

    fn overlap(&self, span: Span) -> bool {
        let i = self.0.partition_point(|run| run.end <= span.start);
        self.0[i..]
            .iter()
            .take_while(|run| run.start <= span.end)
            .any(|run| run.overlaps(span))
    }
}

/// "Presiden" standing alone after the article named "Presiden Joko Widodo".
fn add_title_mentions(doc: &Document, lexicon: &Lexicon, entities: &mut [Building]) {
    let claimed = ClaimedSpans::of(entities);
    for (i, token) in doc.tokens.iter().enumerate() {
        let w = doc.slice(token.span);
        if !w.chars().next().is_some_and(char::is_uppercase)
            || lexicon.class_of(w) & class::TITLE == 0
            || doc.is_removed(token.span)
            || claimed.overlap(token.span)
        {
            continue;
        }
        // A capitalised word after it makes it part of a longer name or role.
        let next = doc
            .tokens
            .get(i + 1)
            .map(|t| doc.slice(t.span))
            .unwrap_or("");
        if next.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        let holders: Vec<usize> = entities
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.label == EntityLabel::Person
                    && e.titles.iter().any(|t| t == w)
                    && e.mentions
                        .first()
                        .is_some_and(|m| m.end <= token.span.start)
            })
            .map(|(k, _)| k)
            .collect();
        if let [only] = holders[..] {
            entities[only].mentions.push(token.span);
        }
    }
}

/// Capitalised words the tagger missed that are a person's full name, or an entity's surname, first
/// name ("Ratna" after "Ratna Wulandari Siregar") or single-word alias.
fn add_missed_repeats(doc: &Document, lexicon: &Lexicon, entities: &mut [Building]) {
    let mut surfaces: HashMap<String, Option<usize>> = HashMap::new();
    let full_names: Vec<(usize, &[String])> = entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.label == EntityLabel::Person && e.words.len() >= 2)
        .map(|(k, e)| (k, e.words.as_slice()))
        .collect();
    let mut additions: Vec<(usize, Span)> = Vec::new();
    for (k, e) in entities.iter().enumerate() {
        let mut forms: Vec<String> = e
            .aliases
            .iter()
            .filter(|a| !a.contains(' '))
            .cloned()
            .collect();
        if e.label == EntityLabel::Person && e.words.len() >= 2 {
            forms.extend(e.words.last().cloned());
            forms.extend(e.words.first().cloned());
        }
        if e.words.len() == 1 {
            forms.push(e.words[0].clone());
        }
        // Two letters only for a person's own first or last word ("Al" of "Al Ghazali"): an alias
        // that short is an abbreviation of something else as often.
        let shortest = |f: &String| {
            if e.label == EntityLabel::Person && !lexicon.is_stop_word(f) {
                2
            } else {
                3
            }
        };
        for form in forms
            .into_iter()
            .filter(|f| f.chars().count() >= shortest(f))
        {
            let slot = surfaces.entry(form).or_insert(Some(k));
            if *slot != Some(k) {
                *slot = None;
            }
        }
    }
    let claimed = ClaimedSpans::of(entities);
    for &sentence in &doc.sentences {
        let tokens = doc.tokens_in(sentence);
        let mut next = 0;
        for (position, token) in tokens.iter().enumerate() {
            if position < next {
                continue;
            }
            let w = doc.slice(token.span);
            if token.kind != TokenKind::Word && token.kind != TokenKind::Abbreviation
                || !w.chars().next().is_some_and(char::is_uppercase)
            {
                continue;
            }
            let lower = w.to_lowercase();
            // The whole name first, as one mention.
            let full = full_names.iter().find(|(_, words)| {
                words[0] == lower
                    && tokens
                        .get(position..position + words.len())
                        .is_some_and(|run| {
                            run.iter()
                                .zip(words.iter())
                                .all(|(t, word)| doc.slice(t.span).to_lowercase() == *word)
                        })
            });
            if let Some(&(k, words)) = full {
                let span = token.span.cover(tokens[position + words.len() - 1].span);
                if !doc.is_removed(span) && !claimed.overlap(span) {
                    additions.push((k, span));
                    next = position + words.len();
                }
                continue;
            }
            // "… kebahagiaan Al." reads as the abbreviation "Al." at a sentence's end.
            let (lower, span) = match lower.strip_suffix('.') {
                Some(word) if token.kind == TokenKind::Abbreviation => (
                    word.to_owned(),
                    Span::new(token.span.start, token.span.end - 1),
                ),
                _ => (lower, token.span),
            };
            let Some(Some(k)) = surfaces.get(&lower).copied() else {
                continue;
            };
            if position == 0 && lexicon.is_stop_word(&lower) {
                continue;
            }
            if doc.is_removed(span) || claimed.overlap(span) {
                continue;
            }
            additions.push((k, span));
        }
    }
    for (k, span) in additions {
        entities[k].mentions.push(span);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(mentions: &[(usize, usize)]) -> Building {
        Building {
            label: EntityLabel::Person,
            words: Vec::new(),
            name: String::new(),
            aliases: Vec::new(),
            mentions: mentions.iter().map(|&(s, e)| Span::new(s, e)).collect(),
            titles: Vec::new(),
            roles: Vec::new(),
            affiliation: None,
        }
    }

    #[test]
    fn claimed_spans_agree_with_a_scan_of_every_mention() {
        // Nested, overlapping, touching and empty mentions across two entities.
        let entities = [
            person(&[(0, 10), (2, 4), (30, 35), (50, 50)]),
            person(&[(8, 14), (20, 25), (25, 28), (40, 60)]),
        ];
        let claimed = ClaimedSpans::of(&entities);
        for start in 0..70 {
            for end in start..72 {
                let span = Span::new(start, end);
                let scan = entities
                    .iter()
                    .any(|e| e.mentions.iter().any(|m| m.overlaps(span)));
                assert_eq!(claimed.overlap(span), scan, "{span:?}");
            }
        }
    }
}
