//! The pipeline stage: tags the sentences of a document and turns the tagged spans into entities.
//!
//! After tagging, each person mention is cleaned of titles, ranks and honorifics (which become the
//! entity's `titles`), the words before and after it are read for a role ("Kapolres Metro Jakarta
//! Selatan Kombes …", "…, kepala Kantor … di Departemen …") and an affiliation, and all mentions are
//! resolved into entities (see [`crate::resolve`]). Titles are split from the name here; the roles
//! around it are read by warta's role reader ([`crate::roles::read`]) under the entity layer's
//! policy.

use rustc_hash::FxHashSet;
use warta_core::words::Word;
use warta_core::{
    Document, EntityLabel, Layer, RemovedKind, Span, Stage, StageError, Token, TokenKind,
};

use crate::degrees;
use crate::error::NerError;
use crate::features::SentenceFeatures;
use crate::hash::hash_lower;
use crate::lexicon::{Lexicon, class};
use crate::resolve::{Found, resolve};
use crate::roles::read::{self, RoleText};
use crate::tagger::Tagger;
use crate::tags::{Tag, chunks};

pub struct EntityStage {
    tagger: Tagger,
}

impl EntityStage {
    pub fn new(tagger: Tagger) -> EntityStage {
        EntityStage { tagger }
    }

    /// The stage with the bundled model.
    pub fn bundled() -> Result<EntityStage, NerError> {
        Ok(EntityStage::new(Tagger::bundled()?))
    }
}

impl Stage for EntityStage {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Removed, Layer::Sentences, Layer::Tokens]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Entities]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let found = find_mentions(&self.tagger, doc);
        let outside = names_outside_body(&self.tagger, doc);
        doc.entities = resolve(doc, self.tagger.lexicon(), &outside, found);
        Ok(())
    }
}

/// What the readers of names and roles need of the whole article, computed once.
pub(crate) struct Article<'a> {
    doc: &'a Document,
    /// The hashes of the long words the article writes in lower case (see [`stands_in_no_name`]).
    lower_words: FxHashSet<u64>,
    /// The tokens as the role reader sees them, and the text in lower case.
    words: Vec<Word>,
    lower: String,
}

impl<'a> Article<'a> {
    pub(crate) fn new(doc: &'a Document) -> Article<'a> {
        Article {
            doc,
            lower_words: long_lower_case_words(doc),
            words: warta_core::words::of_tokens(doc),
            lower: doc.text().to_ascii_lowercase(),
        }
    }
}

/// The article as warta's role reader ([`read`]) sees it for the entity layer, which has no
/// reporting verbs of its own: a role read forwards ends where the role lexicon and the reader's
/// [`read::ENTITY`] policy say.
impl RoleText for Article<'_> {
    fn doc(&self) -> &Document {
        self.doc
    }

    fn words(&self) -> &[Word] {
        &self.words
    }

    fn lower(&self, i: usize) -> &str {
        &self.lower[self.words[i].span.range()]
    }

    fn ends_role(&self, _: usize) -> bool {
        false
    }

    fn ends_name(&self, _: usize) -> bool {
        false
    }

    /// Not asked: the entity layer reads roles before it knows who is a person.
    fn person_starts_at(&self, _: usize) -> bool {
        false
    }
}

/// Tags every sentence and reads titles, roles and affiliations around the person mentions.
pub(crate) fn find_mentions(tagger: &Tagger, doc: &Document) -> Vec<Found> {
    let lexicon = tagger.lexicon();
    let mut features = SentenceFeatures::default();
    let mut tags: Vec<Tag> = Vec::new();
    let mut found = Vec::new();
    let article = Article::new(doc);
    for &sentence in &doc.sentences {
        let first = doc
            .tokens
            .partition_point(|t| t.span.start < sentence.start);
        let last = doc
            .tokens
            .partition_point(|t| t.span.end <= sentence.end)
            .max(first);
        // Runs of tokens that cleaning kept, tagged on their own.
        let mut i = first;
        while i < last {
            if doc.is_removed(doc.tokens[i].span) {
                i += 1;
                continue;
            }
            let start = i;
            while i < last && !doc.is_removed(doc.tokens[i].span) {
                i += 1;
            }
            let words: Vec<&str> = doc.tokens[start..i]
                .iter()
                .map(|t| doc.slice(t.span))
                .collect();
            tagger.tag_into(&words, &mut features, &mut tags);
            let run = Run {
                text: doc.text(),
                tokens: &doc.tokens[start..i],
                words: &words,
            };
            repair_tags(&run, lexicon, &mut tags);
            mentions_from_tags(&article, lexicon, (start, i), &tags, &mut found);
        }
    }
    drop_mentions_inside_degrees(doc, &mut found);
    settle_roles(doc, &mut found);
    found
}

/// The token after a name that ends before token `end` and the degrees written after it: the comma
/// that opens the role in "Elyanawati, Sp.PD, Dokter Spesialis …"; `end` when no degree follows.
fn after_degrees(doc: &Document, end: usize) -> usize {
    let degrees = end
        .checked_sub(1)
        .and_then(|last| degrees::after_name(doc.text(), doc.tokens[last].span.end));
    match degrees {
        Some(run) => doc.tokens.partition_point(|t| t.span.start < run.end),
        None => end,
    }
}

/// "dr Ahmad Akbar, [Sp]LOC.[PD]ORG": what the tagger found among the degrees written after a
/// person's name ([`degrees::after_name`]) is no entity.
fn drop_mentions_inside_degrees(doc: &Document, found: &mut Vec<Found>) {
    let degrees: Vec<Span> = found
        .iter()
        .filter(|f| f.label == EntityLabel::Person)
        .filter_map(|f| degrees::after_name(doc.text(), f.span.end))
        .collect();
    if !degrees.is_empty() {
        found.retain(|f| !degrees.iter().any(|d| d.contains(f.span)));
    }
}

/// What the roles read around every mention tell once all are found.
fn settle_roles(doc: &Document, found: &mut [Found]) {
    retype_names_inside_roles(found);
    attach_affiliations(doc, found);
}

/// "Direktur Penindakan [Jampidmil Kejagung]PER, Brigjen Andi Suci": a "person" that stands inside
/// the role read for another person is the office or organisation of that role.
fn retype_names_inside_roles(found: &mut [Found]) {
    let roles: Vec<Span> = found
        .iter()
        .filter(|f| f.label == EntityLabel::Person)
        .flat_map(|f| f.roles.iter().map(|(_, span)| *span))
        .collect();
    for f in found.iter_mut().filter(|f| f.label == EntityLabel::Person) {
        if roles.iter().any(|role| role.contains(f.span)) {
            f.label = EntityLabel::Organisation;
            f.titles.clear();
            f.roles.clear();
        }
    }
}

/// A person's name written outside the body: in the title, a caption or a pull quote.
pub(crate) struct OutsideName {
    /// Lower-cased words.
    pub words: Vec<String>,
    /// As written, words joined by one space.
    pub name: String,
}

/// Person names of two words or more in the title, captions and pull quotes: removed lines are never
/// quotes, but the full name a photo caption or the headline gives ("Marc Marquez" where the body
/// writes "Marquez") is the article's name for the person. Related-article links are left out: they
/// name the people of other stories.
fn names_outside_body(tagger: &Tagger, doc: &Document) -> Vec<OutsideName> {
    let lexicon = tagger.lexicon();
    let removed = doc
        .removed
        .iter()
        .filter(|r| matches!(r.kind, RemovedKind::Caption | RemovedKind::PullQuote))
        .map(|r| doc.slice(r.span));
    let mut features = SentenceFeatures::default();
    let mut tags: Vec<Tag> = Vec::new();
    let mut names: Vec<OutsideName> = Vec::new();
    for line in doc.meta.title.as_deref().into_iter().chain(removed) {
        let tokens = warta_text::tokenize(line, Span::new(0, line.len()));
        let words: Vec<&str> = tokens
            .iter()
            .map(|t| &line[t.span.start..t.span.end])
            .collect();
        tagger.tag_into(&words, &mut features, &mut tags);
        let run = Run {
            text: line,
            tokens: &tokens,
            words: &words,
        };
        repair_tags(&run, lexicon, &mut tags);
        for (a, b, label) in chunks(&tags) {
            let mut a = a;
            while a < b && (is_title_word(lexicon, words[a]) || opens_no_name(lexicon, words[a])) {
                a += 1;
            }
            let name = &words[a..b];
            let name_like = |w: &&str| {
                is_capitalised(w)
                    && w.chars().all(|c| c.is_alphabetic() || "-'’.".contains(c))
                    && !lexicon.is_stop_word(&w.to_lowercase())
            };
            if label != EntityLabel::Person || name.len() < 2 || !name.iter().all(name_like) {
                continue;
            }
            let lower: Vec<String> = name.iter().map(|w| w.to_lowercase()).collect();
            if !names.iter().any(|n| n.words == lower) {
                names.push(OutsideName {
                    words: lower,
                    name: name.join(" "),
                });
            }
        }
    }
    names
}

/// The words of a tagged run with what the lists know of them, computed once for the repairs below.
struct Listed {
    /// Lower-case hashes.
    hashes: Vec<u64>,
    /// Whether a word list knows the word: a trigger, title or rank, or part of a gazetteer name.
    known: Vec<bool>,
}

impl Listed {
    fn of(words: &[&str], lexicon: &Lexicon) -> Listed {
        let hashes: Vec<u64> = words.iter().map(|w| hash_lower(w)).collect();
        let known = lexicon.known_words(words, &hashes);
        Listed { hashes, known }
    }
}

/// A run of tokens tagged together: the text they point into, and their words.
struct Run<'a> {
    text: &'a str,
    tokens: &'a [Token],
    words: &'a [&'a str],
}

/// Rules that repair what the tagger gets wrong around people and in headlines.
fn repair_tags(run: &Run, lexicon: &Lexicon, tags: &mut [Tag]) {
    let words = run.words;
    if !words.iter().any(|w| w.starts_with(char::is_uppercase)) {
        return;
    }
    let listed = Listed::of(words, lexicon);
    move_first_names_into_people(words, &listed, tags);
    people_after_ranks(words, lexicon, &listed, tags);
    streets_are_places(words, lexicon, &listed, tags);
    trim_headline_spans(words, lexicon, &listed, tags);
    name_people_after_offices(words, lexicon, &listed, tags);
    people_before_ages(words, &listed, tags);
    people_before_degrees(run, &listed, tags);
    initials_open_people(words, lexicon, &listed, tags);
}

/// "Majyen TNI [M]O [Ali Ridho]PER": a capital letter standing alone right before a person's name is
/// its initial ("M" for Muhammad), unless a list knows it, with or without its period, as an
/// honorific or a title ("H" for Haji).
fn initials_open_people(words: &[&str], lexicon: &Lexicon, listed: &Listed, tags: &mut [Tag]) {
    let honorific = class::HONORIFIC | class::TITLE | class::RANK;
    for p in 1..tags.len() {
        let word = words[p - 1];
        let initial = word.len() == 1 && word.starts_with(|c: char| c.is_ascii_uppercase());
        if !initial || tags[p - 1] != Tag::OUTSIDE || tags[p] != Tag::begin(EntityLabel::Person) {
            continue;
        }
        let listed_as_honorific = lexicon.class_of_hash(listed.hashes[p - 1]) & honorific != 0
            || lexicon.class_of(&format!("{word}.")) & honorific != 0;
        if !listed_as_honorific {
            tags[p - 1] = Tag::begin(EntityLabel::Person);
            tags[p] = Tag::inside(EntityLabel::Person);
        }
    }
}

/// Oldest age read in brackets after a name.
const MAX_AGE: u32 = 120;

/// "Usmanto (35) mengumpulkan …": capitalised words that no list knows, right before an age in
/// brackets, are a person's name (news gives ages of people only), where the tagger saw none.
fn people_before_ages(words: &[&str], listed: &Listed, tags: &mut [Tag]) {
    for open in 1..words.len().saturating_sub(2) {
        let is_age = words[open] == "("
            && words[open + 2] == ")"
            && words[open + 1]
                .parse::<u32>()
                .is_ok_and(|n| (1..=MAX_AGE).contains(&n));
        if is_age {
            name_person_before(words, listed, tags, open);
        }
    }
}

/// "ujar dr. [Elyanawati]O, Sp.PD, Dokter …": capitalised words that no list knows, right before a
/// comma and degrees ([`degrees::after_name`]), are a person's name (degrees are given to people
/// only); the pieces of the degrees are no entity.
fn people_before_degrees(run: &Run, listed: &Listed, tags: &mut [Tag]) {
    let words = run.words;
    for comma in 1..words.len() {
        if words[comma] != "," {
            continue;
        }
        let Some(written) = degrees::after_name(run.text, run.tokens[comma - 1].span.end) else {
            continue;
        };
        let end = comma + run.tokens[comma..].partition_point(|t| t.span.start < written.end);
        tags[comma + 1..end].fill(Tag::OUTSIDE);
        // "Stellon Salim, MKK, AIFO-K": before a comma and a degree may stand another degree,
        // which no list knows; a name is written with small letters.
        let before = words[comma - 1];
        if before.chars().any(char::is_lowercase) && !degrees::is_degree(before) {
            name_person_before(words, listed, tags, comma);
        }
    }
}

/// Tags as a person's name the capitalised words no list knows that end right before word `end`,
/// when the tagger saw no person there: untagged, or tagged a place or organisation (the tagger
/// took an unknown name for a place).
fn name_person_before(words: &[&str], listed: &Listed, tags: &mut [Tag], end: usize) {
    if end == 0 || tags[end - 1].label() == Some(EntityLabel::Person) {
        return;
    }
    let tagged = tags[end - 1] != Tag::OUTSIDE;
    let mut start = end;
    while start > 0
        && end - start < MAX_NAME_AFTER_OFFICE
        && (tags[start - 1] == Tag::OUTSIDE) != tagged
        && !listed.known[start - 1]
        && words[start - 1].starts_with(char::is_uppercase)
        && words[start - 1].chars().all(char::is_alphabetic)
    {
        start -= 1;
    }
    // A tagged span must be taken whole.
    let whole = !tagged || tags[start].is_begin();
    if start < end && whole {
        tags[start] = Tag::begin(EntityLabel::Person);
        tags[start + 1..end].fill(Tag::inside(EntityLabel::Person));
    }
}

/// "Wali Kota [Bandung Ratna]LOC [Wulandari Siregar]PER", "Wali Kota Bandung [Ratna]LOC [Wulandari
/// Siregar]PER": where a place or organisation runs straight into a person, its last words that no
/// list knows, after words a list does know (inside the span or the capitalised word just before
/// it), are the person's first names. A word with a capital inside it ("Partai NasDem Surya
/// Paloh") is an organisation's, never a first name.
fn move_first_names_into_people(words: &[&str], listed: &Listed, tags: &mut [Tag]) {
    let camel_case = |w: &str| {
        w.chars()
            .zip(w.chars().skip(1))
            .any(|(a, b)| a.is_lowercase() && b.is_uppercase())
    };
    let person_begins = |t: Tag| t == Tag::begin(EntityLabel::Person);
    let known = |j: usize| listed.known[j];
    for p in 1..tags.len() {
        let before = tags[p - 1].label();
        if !person_begins(tags[p]) || before.is_none() || before == Some(EntityLabel::Person) {
            continue;
        }
        let chunk_start = (0..p).rev().find(|&j| tags[j].is_begin()).unwrap_or(0);
        let run_start = match chunk_start.checked_sub(1) {
            Some(j) if words[j].starts_with(char::is_uppercase) => j,
            _ => chunk_start,
        };
        let Some(last_known) = (run_start..p).rev().find(|&j| known(j)) else {
            continue;
        };
        let first_name = (last_known + 1).max(chunk_start);
        let plausible = first_name < p
            && (first_name..p).all(|j| {
                words[j].starts_with(char::is_uppercase)
                    && words[j].chars().all(char::is_alphabetic)
                    && !camel_case(words[j])
            });
        if plausible {
            tags[first_name] = Tag::begin(EntityLabel::Person);
            tags[first_name + 1..=p].fill(Tag::inside(EntityLabel::Person));
        }
    }
}

/// "Prof. [Hendra Kusuma]ORG": a rank or honorific standing alone before a span of unknown
/// capitalised words makes that span a person whatever type the tagger gave it.
fn people_after_ranks(words: &[&str], lexicon: &Lexicon, listed: &Listed, tags: &mut [Tag]) {
    let hashes = &listed.hashes;
    for start in 1..tags.len() {
        let other_type = tags[start].is_begin() && tags[start].label() != Some(EntityLabel::Person);
        let after_rank = tags[start - 1] == Tag::OUTSIDE
            && lexicon.class_of_hash(hashes[start - 1]) & (class::RANK | class::HONORIFIC) != 0;
        if !other_type || !after_rank {
            continue;
        }
        let end = chunk_end(tags, start);
        let unknown_names = (start..end).all(|j| {
            words[j].starts_with(char::is_uppercase)
                && words[j].chars().all(char::is_alphabetic)
                && !listed.known[j]
        });
        if unknown_names {
            tags[start] = Tag::begin(EntityLabel::Person);
            tags[start + 1..end].fill(Tag::inside(EntityLabel::Person));
        }
    }
}

/// "[Jl. Ir. H. Juanda]ORG": a name opened by a capitalised street word is a place; the titles
/// inside street names (Ir., H., Jenderal) make the tagger read them as people or organisations.
fn streets_are_places(words: &[&str], lexicon: &Lexicon, listed: &Listed, tags: &mut [Tag]) {
    for start in 0..tags.len() {
        let street = tags[start].is_begin()
            && words[start].starts_with(char::is_uppercase)
            && lexicon.class_of_hash(listed.hashes[start]) & class::STREET != 0;
        if !street {
            continue;
        }
        let end = chunk_end(tags, start);
        tags[start] = Tag::begin(EntityLabel::Location);
        tags[start + 1..end].fill(Tag::inside(EntityLabel::Location));
    }
}

/// The end of the tagged chunk that begins at `start`: the first later token that does not continue it.
fn chunk_end(tags: &[Tag], start: usize) -> usize {
    (start + 1..tags.len())
        .find(|&j| !tags[j].is_inside())
        .unwrap_or(tags.len())
}

/// Whether most words are capitalised, as in a title-case headline, where capitals say little.
pub(crate) fn is_title_case(words: &[&str], lexicon: &Lexicon) -> bool {
    let letters = words.iter().filter(|w| w.chars().any(char::is_alphabetic));
    let (capitalised, total) = letters.fold((0, 0), |(c, n), w| {
        (c + usize::from(w.starts_with(char::is_uppercase)), n + 1)
    });
    // A sentence full of names and offices has capitals too, but also the lower-case words of
    // running text ("tunggu", "penjelasan", "ujar"); a headline only small function words.
    let running_words = words
        .iter()
        .filter(|w| {
            w.starts_with(char::is_lowercase)
                && w.chars().all(char::is_alphabetic)
                && !lexicon.is_stop_word(w)
        })
        .count();
    3 * capitalised > 2 * total && running_words <= MAX_RUNNING_WORDS_IN_HEADLINE
}

/// Lower-case words other than function words that a title-case headline may hold ("vs", a
/// brand such as "iPhone").
const MAX_RUNNING_WORDS_IN_HEADLINE: usize = 1;

/// "[Pemerintah Kota Bandung Siapkan Tambahan Bus]ORG untuk …": in a title-case headline the tagger
/// runs an organisation or place on over the capitalised words after it; cut it after its last word
/// that a list knows (a trigger word or a gazetteer name). "[Ahmad Dhani Belum Minta Maaf]PER": a
/// person's name ends before its first stop word, which names do not contain.
fn trim_headline_spans(words: &[&str], lexicon: &Lexicon, listed: &Listed, tags: &mut [Tag]) {
    if !is_title_case(words, lexicon) {
        return;
    }
    let known = |j: usize| listed.known[j];
    let mut start = 0;
    while start < tags.len() {
        if !tags[start].is_begin() {
            start += 1;
            continue;
        }
        let end = chunk_end(tags, start);
        let cut = if tags[start].label() == Some(EntityLabel::Person) {
            (start + 1..end).find(|&j| lexicon.is_stop_word(&words[j].to_lowercase()))
        } else {
            (start..end).rev().find(|&j| known(j)).map(|j| j + 1)
        };
        if let Some(cut) = cut {
            tags[cut..end].fill(Tag::OUTSIDE);
        }
        start = end;
    }
}

/// Most words a name has after an office.
const MAX_NAME_AFTER_OFFICE: usize = 4;

/// "Wali Kota Bandung Ratna Wulandari Siregar memastikan …": a capitalised run opened by an office,
/// whose last words are unknown capitalised words after the office, its place or organisation, is
/// an office followed by a person's name, even where the tagger saw no name (the tagger learnt names
/// from few examples; an office before them is strong evidence). Retags those words as a person.
fn name_people_after_offices(words: &[&str], lexicon: &Lexicon, listed: &Listed, tags: &mut [Tag]) {
    let is_capitalised_word = |w: &str| {
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase) && chars.clone().any(char::is_lowercase)
    };
    // Title-case headlines capitalise every word: there an office proves nothing.
    if is_title_case(words, lexicon) {
        return;
    }
    let hashes = &listed.hashes;
    // Known: a listed word, a word the tagger labelled, or a word of an office or organisation
    // ("Menteri Tenaga Kerja": no name follows the office).
    let known: Vec<bool> = (0..words.len())
        .map(|j| {
            listed.known[j]
                || tags[j] != Tag::OUTSIDE
                || lexicon.is_not_name_word(&words[j].to_lowercase())
        })
        .collect();
    let mut i = 0;
    while i < words.len() {
        let start = i;
        while i < words.len() && words[i].starts_with(char::is_uppercase) {
            i += 1;
        }
        if i == start {
            i += 1;
            continue;
        }
        let end = i;
        let opens_with_office = lexicon.class_of_hash(hashes[start]) & class::TITLE != 0;
        let has_person = tags[start..end]
            .iter()
            .any(|t| t.label() == Some(EntityLabel::Person));
        if !opens_with_office || has_person {
            continue;
        }
        // A surname that is also a place word ("Yuliot Tanjung", "Akbar Tanjung") ends the name:
        // the last word of the run counts as unknown when lists know it only as a place's.
        let surname_like_place = |j: usize| {
            j == end - 1
                && tags[j] == Tag::OUTSIDE
                && lexicon.class_of_hash(hashes[j]) & !class::LOC_TRIGGER == 0
                && matches!(lexicon.word_label_of_hash(hashes[j]), WEAK_LOC | STRONG_LOC)
        };
        let Some(last_known) = (start..end)
            .rev()
            .find(|&j| known[j] && !surname_like_place(j))
        else {
            continue;
        };
        let name = last_known + 1..end;
        let plausible = (2..=MAX_NAME_AFTER_OFFICE).contains(&name.len())
            && name.clone().all(|j| {
                is_capitalised_word(words[j])
                    && words[j]
                        .chars()
                        .all(|c| c.is_alphabetic() || "-'’".contains(c))
                    && !lexicon.is_stop_word(&words[j].to_lowercase())
            });
        if plausible {
            tags[name.start] = Tag::begin(EntityLabel::Person);
            tags[name.start + 1..name.end].fill(Tag::inside(EntityLabel::Person));
        }
    }
}

/// The mentions in the tagged run of tokens `[run.0, run.1)`.
fn mentions_from_tags(
    article: &Article,
    lexicon: &Lexicon,
    run: (usize, usize),
    tags: &[Tag],
    found: &mut Vec<Found>,
) {
    // Two person chunks that touch are one name split by the tagger ("Ade | Ary Syam Indradi"):
    // Indonesian writes two people with "dan" or a comma between them.
    let mut merged: Vec<(usize, usize, EntityLabel)> = Vec::new();
    for (a, b, label) in chunks(tags) {
        match merged.last_mut() {
            Some(last) if last.1 == a && last.2 == label && label == EntityLabel::Person => {
                last.1 = b
            }
            _ => merged.push((a, b, label)),
        }
    }
    for (a, b, label) in merged {
        if let Some(mention) = read_mention(article, lexicon, label, run.0 + a, run.0 + b, run) {
            found.push(mention);
        }
    }
}

/// A mention over tokens `[a, b)` inside the run `[run.0, run.1)`, with titles stripped and the
/// context read; `None` when nothing but a title is left.
fn read_mention(
    article: &Article,
    lexicon: &Lexicon,
    label: EntityLabel,
    mut a: usize,
    b: usize,
    run: (usize, usize),
) -> Option<Found> {
    let doc = article.doc;
    let word = |i: usize| doc.slice(doc.tokens[i].span);
    let is_edge_punctuation = |i: usize| {
        matches!(
            doc.tokens[i].kind,
            TokenKind::Punctuation | TokenKind::QuoteMark | TokenKind::Symbol
        )
    };
    let mut b = b;
    while a < b && is_edge_punctuation(a) {
        a += 1;
    }
    while a < b && is_edge_punctuation(b - 1) {
        b -= 1;
    }
    // "Pak Thae Song": the tagger may leave the Korean surname out as an honorific.
    if label == EntityLabel::Person && a > run.0 && is_korean_surname(doc, lexicon, a - 1, b) {
        a -= 1;
    }
    // "Kombes Ade | Ary Syam Indradi": a capitalised word between a rank and the name is the name's
    // first word that the tagger left out.
    if label == EntityLabel::Person
        && a >= run.0 + 2
        && is_capitalised(word(a - 1))
        && lexicon.class_of(word(a - 1)) == 0
        && lexicon.class_of(word(a - 2)) & (class::RANK | class::HONORIFIC) != 0
    {
        a -= 1;
    }
    let mut titles = Vec::new();
    let mut roles = Vec::new();
    if label == EntityLabel::Person {
        // Titles the tagger swallowed into the name, and the words of a place, an organisation, a
        // relative or a profession that it took in from before the name ("Menteri ESDM Bahlil
        // Lahadalia", "Gubernur Jatim Khofifah", "Ibunda Alya Rohali"): the role reading below
        // finds them again before the name.
        while a + 1 < b {
            if is_title_word(lexicon, word(a)) && !is_korean_surname(doc, lexicon, a, b) {
                titles.push(word(a).to_owned());
            } else if !opens_no_name(lexicon, word(a)) {
                break;
            }
            a += 1;
        }
        // Words of an office or an organisation further in ("Deputi … Pembelajaran ASN Army
        // Winarty", "Senior Investment Information Mirae Asset Sekuritas Nafan Aji"): the name
        // starts after the last of them.
        if let Some(k) = (a..b - 1)
            .rev()
            .find(|&i| stands_in_no_name(lexicon, &article.lower_words, word(i)))
        {
            a = k + 1;
        }
        let (before_titles, role, titles_start) = read_titles_before(article, lexicon, a, run.0);
        titles.splice(0..0, before_titles);
        let comma_before = titles_start > run.0 && word(titles_start - 1) == ",";
        let role = role.or_else(|| {
            comma_before
                .then(|| read::role_before_comma(article, titles_start - 1, run.0))
                .flatten()
                .map(|span| role_text(doc, span))
        });
        roles.extend(role);
        let after_name = after_degrees(doc, b);
        roles.extend(read::appositive(article, after_name, run.1).map(|span| role_text(doc, span)));
    }
    if a >= b
        || !doc
            .slice(doc.tokens[a].span)
            .chars()
            .any(char::is_alphanumeric)
    {
        return None;
    }
    // "kata dia, Rabu": a day, a month or a pronoun alone is nobody's name.
    if label == EntityLabel::Person && b - a == 1 {
        let lower = word(a).to_lowercase();
        if lexicon.is_never_a_name(&lower) || lexicon.is_stop_word(&lower) {
            return None;
        }
    }
    let span = doc.tokens[a].span.cover(doc.tokens[b - 1].span);
    Some(Found {
        label,
        span,
        tokens: (a, b),
        titles,
        roles,
        affiliation: None,
    })
}

/// Usual entity types of `Lexicon::word_label_of_hash`: an organisation's or a place's word in
/// at least two thirds of its uses.
const STRONG_ORG: u64 = 2 * 2 + 1;
const STRONG_LOC: u64 = 2 * 3 + 1;
const WEAK_LOC: u64 = 2 * 3;
/// A person's word in at least a third, or two thirds, of its uses.
const WEAK_PER: u64 = 2;
const STRONG_PER: u64 = 2 + 1;

/// A word before a person's name that is no part of it: an office or trigger word, an acronym of
/// three letters or more ("ESDM", "BTN", "CEO"), a word that names places or organisations in the
/// annotated corpora ("Jatim"), or a kinship or profession word.
fn opens_no_name(lexicon: &Lexicon, word: &str) -> bool {
    let hash = hash_lower(word);
    let classes = class::TITLE | class::ROLE_HEAD | class::ORG_TRIGGER | class::LOC_TRIGGER;
    let acronym = word.chars().count() >= 3 && word.chars().all(|c| c.is_ascii_uppercase());
    lexicon.class_of_hash(hash) & classes != 0
        || acronym
        || matches!(lexicon.word_label_of_hash(hash), STRONG_ORG | STRONG_LOC)
        || lexicon.is_not_name_opener(&word.to_lowercase())
}

/// A word inside a run read as a name that belongs to no name: one that opens none
/// ([`opens_no_name`]), an organisation's or an office's word (`data/not-name-words.txt`), a noun
/// derived with the affixes of abstract nouns ("Pengembangan", "Kesehatan", "Penindakan"), or a long
/// word the article also writes in lower case ("… dan Pembelajaran ASN …" beside "pembelajaran").
fn stands_in_no_name(lexicon: &Lexicon, lower_words: &FxHashSet<u64>, word: &str) -> bool {
    let lower = word.to_lowercase();
    let hash = hash_lower(word);
    opens_no_name(lexicon, word)
        || lexicon.is_not_name_word(&lower)
        || is_derived_noun(&lower)
        || (lower_words.contains(&hash)
            && !matches!(lexicon.word_label_of_hash(hash), WEAK_PER | STRONG_PER))
}

/// Abstract nouns of the confixes pe(N)-…-an, per-…-an and ke-…-an, eight letters or more
/// ("pengembangan", "perdagangan", "kesehatan"): offices and units are named with them, people
/// are not ("Kurniawan" and "Setiawan" open otherwise).
fn is_derived_noun(lower: &str) -> bool {
    lower.chars().count() >= 8
        && lower.ends_with("an")
        && ["pe", "ke"].iter().any(|p| lower.starts_with(p))
}

/// Shortest word whose lower-case use in the article speaks against its being a name: short words
/// such as "putra", "indah" or "jaya" are names and common words alike.
const LOWER_CASE_EVIDENCE_MIN_CHARS: usize = 9;

/// Share of capitalised words under which a text is taken to be written without capitals (a feed
/// or a corpus in lower case): one word in fifty, where news capitalises one word in six or more.
const CASED_TEXT_MIN_CAPITALISED: usize = 50;

/// The hashes of the long words the article writes in lower case (see [`stands_in_no_name`]);
/// none when the article writes (almost) everything in lower case, where the case of a word
/// says nothing.
fn long_lower_case_words(doc: &Document) -> FxHashSet<u64> {
    let words = || {
        doc.tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| doc.slice(t.span))
    };
    let capitalised = words().filter(|w| is_capitalised(w)).count();
    if capitalised * CASED_TEXT_MIN_CAPITALISED < words().count() {
        return FxHashSet::default();
    }
    words()
        .filter(|w| {
            w.len() >= LOWER_CASE_EVIDENCE_MIN_CHARS
                && w.chars().count() >= LOWER_CASE_EVIDENCE_MIN_CHARS
                && w.chars().all(|c| c.is_lowercase())
        })
        .map(hash_lower)
        .collect()
}

fn is_title_word(lexicon: &Lexicon, word: &str) -> bool {
    lexicon.class_of(word) & (class::HONORIFIC | class::RANK | class::TITLE) != 0
}

/// "Pak" before Korean given-name syllables is the surname Pak/Park, not "Mr".
fn is_korean_surname(doc: &Document, lexicon: &Lexicon, a: usize, b: usize) -> bool {
    let word = |i: usize| doc.slice(doc.tokens[i].span);
    matches!(word(a), "Pak" | "Park")
        && b - a >= 3
        && (a + 1..b).all(|i| lexicon.is_korean_syllable(word(i)))
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Reads leftwards from the name at token `a`: ranks and honorifics directly before it are titles;
/// before them, a capitalised run opened by an office ("Kapolres Metro Jakarta Selatan") is a role,
/// and a run of office words only ("Presiden", "Wakil Presiden") is a title
/// ([`read::office_run_before`]). Also returns the token where the ranks and honorifics start.
fn read_titles_before(
    article: &Article,
    lexicon: &Lexicon,
    a: usize,
    run_start: usize,
) -> (Vec<String>, Option<(String, Span)>, usize) {
    let doc = article.doc;
    let word = |i: usize| doc.slice(doc.tokens[i].span);
    let mut titles = Vec::new();
    let mut i = a;
    while i > run_start && lexicon.class_of(word(i - 1)) & (class::HONORIFIC | class::RANK) != 0 {
        i -= 1;
        titles.insert(0, word(i).to_owned());
    }
    let end = i;
    match read::office_run_before(article, end, run_start) {
        None => (titles, None, end),
        Some(run) if run.offices_only => {
            let words: Vec<&str> = (run.start..end).map(word).collect();
            titles.insert(0, words.join(" "));
            (titles, None, end)
        }
        Some(run) => {
            let span = doc.tokens[run.start].span.cover(doc.tokens[end - 1].span);
            (titles, Some(role_text(doc, span)), end)
        }
    }
}

/// A role the role reader found at word span `span`, as the entity layer keeps it.
fn role_text(doc: &Document, span: Span) -> (String, Span) {
    (doc.slice(span).to_owned(), span)
}

/// A person's affiliation is the last organisation named inside one of their roles.
fn attach_affiliations(doc: &Document, found: &mut [Found]) {
    let orgs: Vec<Span> = found
        .iter()
        .filter(|f| f.label == EntityLabel::Organisation)
        .map(|f| f.span)
        .collect();
    for f in found.iter_mut().filter(|f| f.label == EntityLabel::Person) {
        f.affiliation = f
            .roles
            .iter()
            .filter_map(|(_, role)| orgs.iter().rev().find(|o| role.contains(**o)))
            .next_back()
            .map(|o| doc.slice(*o).to_owned());
    }
}

#[cfg(test)]
pub(crate) mod tests {
    //! Titles, roles and resolution on hand-tagged sentences, independent of the trained model.
    use super::*;
    use warta_core::{Meta, Token};

    /// A one-sentence document split at spaces; `tags` gives one tag per token ("O", "B-PER", …).
    fn tagged(text: &str, tags: &str) -> (Document, Vec<Tag>) {
        let mut doc = Document::new(text, Meta::default());
        let mut offset = 0;
        for word in text.split(' ') {
            let kind = if word.chars().all(|c| c.is_ascii_punctuation()) {
                TokenKind::Punctuation
            } else {
                TokenKind::Word
            };
            doc.tokens
                .push(Token::new(Span::new(offset, offset + word.len()), kind));
            offset += word.len() + 1;
        }
        doc.sentences.push(Span::new(0, text.len()));
        let tags = tags
            .split(' ')
            .map(|t| match t {
                "O" => Tag::OUTSIDE,
                t => {
                    let (bio, label) = t.split_at(2);
                    let label = match label {
                        "PER" => EntityLabel::Person,
                        "ORG" => EntityLabel::Organisation,
                        _ => EntityLabel::Location,
                    };
                    if bio == "B-" {
                        Tag::begin(label)
                    } else {
                        Tag::inside(label)
                    }
                }
            })
            .collect::<Vec<_>>();
        assert_eq!(doc.tokens.len(), tags.len(), "one tag per token");
        (doc, tags)
    }

    pub(crate) fn entities(text: &str, tags: &str) -> (Document, Vec<warta_core::Entity>) {
        let (doc, tags) = tagged(text, tags);
        let lexicon = Lexicon::bundled();
        let mut found = Vec::new();
        mentions_from_tags(
            &Article::new(&doc),
            &lexicon,
            (0, doc.tokens.len()),
            &tags,
            &mut found,
        );
        settle_roles(&doc, &mut found);
        let entities = resolve(&doc, &lexicon, &[], found);
        (doc, entities)
    }

    #[test]
    fn title_before_a_name_is_a_title_and_alone_refers_back() {
        let (doc, e) = entities(
            "Presiden Joko Widodo tiba . Presiden lalu berpidato .",
            "O B-PER I-PER O O O O O O",
        );
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].name, "Joko Widodo");
        assert_eq!(e[0].titles, vec!["Presiden"]);
        let mentions: Vec<&str> = e[0].mentions.iter().map(|m| doc.slice(m.span)).collect();
        assert_eq!(mentions, vec!["Joko Widodo", "Presiden"]);
    }

    #[test]
    fn a_name_does_not_swallow_the_place_organisation_or_relative_before_it() {
        // The tagger's spans are given as it makes these mistakes; the stage must cut them.
        let (_, e) = entities(
            "Menteri ESDM Rudi Hartanto Wibowo tiba .",
            "O B-PER I-PER I-PER I-PER O O",
        );
        let person = e.iter().find(|e| e.label == EntityLabel::Person).unwrap();
        assert_eq!(person.name, "Rudi Hartanto Wibowo");
        let (_, e) = entities("Gubernur Jatim Sulastri berkata .", "O B-PER I-PER O O");
        let person = e.iter().find(|e| e.label == EntityLabel::Person).unwrap();
        assert_eq!(person.name, "Sulastri");
        assert_eq!(person.roles, vec!["Gubernur Jatim"]);
        let (_, e) = entities(
            "Ibunda Wulan Sari wafat . Wulan Sari berduka .",
            "B-PER I-PER I-PER O O B-PER I-PER O O",
        );
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].name, "Wulan Sari");
        assert!(e[0].titles.is_empty(), "a relative is no title");
        let (_, e) = entities(
            "Instagram Dewi Kartika Putri menulis .",
            "B-PER I-PER I-PER I-PER O O",
        );
        assert_eq!(e[0].name, "Dewi Kartika Putri");
        let (_, e) = entities("Kata Psikolog Rani Anggraini .", "O B-PER I-PER I-PER O");
        assert_eq!(e[0].name, "Rani Anggraini");
        // Two words after an acronym of two letters stay one name ("TB" is Tubagus).
        let (_, e) = entities("TB Hasanuddin datang .", "B-PER I-PER O O");
        assert_eq!(e[0].name, "TB Hasanuddin");
    }

    #[test]
    fn office_organisation_and_acronym_words_inside_a_name_are_cut_off() {
        // An acronym, an English organisation word, and a word the article writes in lower case.
        let (_, e) = entities(
            "Deputi Bidang Pengembangan dan Pembelajaran ASN Army Winarti menjelaskan .",
            "O O O O B-PER I-PER I-PER I-PER O O",
        );
        assert_eq!(e[0].name, "Army Winarti");
        let (_, e) = entities(
            "Senior Research Analyst Andalan Securities Bayu Hartono berkata .",
            "O B-PER I-PER I-PER I-PER I-PER I-PER O O",
        );
        assert_eq!(e[0].name, "Bayu Hartono");
        let (_, e) = entities(
            "Kepala Biro Infrastruktur Wawan Hidayat menjelaskan . Anggaran infrastruktur naik .",
            "O O B-PER I-PER I-PER O O O O O O",
        );
        let person = e.iter().find(|e| e.label == EntityLabel::Person).unwrap();
        assert_eq!(person.name, "Wawan Hidayat");
        // Short common words are names too: "Putra" stays although the article writes "putra".
        let (_, e) = entities(
            "Bupati Jaya Putra Siregar datang bersama putra sulungnya .",
            "O B-PER I-PER I-PER O O O O O",
        );
        assert_eq!(e[0].name, "Jaya Putra Siregar");
    }

    #[test]
    fn in_a_text_without_capitals_lower_case_is_no_evidence_against_a_name() {
        // Cased, a long word the article also writes in lower case is no part of a name
        // ("Pembelajaran"); in a text written all in lower case every word is, so none is cut.
        let (_, e) = entities(
            "komisaris handayaniputri wirasasmita menyampaikan bahwa handayaniputri wirasasmita hadir .",
            "O B-PER I-PER O O B-PER I-PER O O",
        );
        assert_eq!(e[0].name, "handayaniputri wirasasmita");
    }

    #[test]
    fn a_person_inside_another_persons_role_is_no_person() {
        let (_, e) = entities(
            "Direktur Penindakan Jampidmil Kejagung , Brigjen Andi Saputra , berkata .",
            "O O B-PER I-PER O O B-PER I-PER O O O",
        );
        let people: Vec<&str> = e
            .iter()
            .filter(|e| e.label == EntityLabel::Person)
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(people, vec!["Andi Saputra"]);
    }

    #[test]
    fn a_full_name_outside_the_body_completes_a_surname_only() {
        let outside = |words: &[&str]| OutsideName {
            words: words.iter().map(|w| w.to_lowercase()).collect(),
            name: words.join(" "),
        };
        let resolved = |text: &str, tags: &str, names: &[OutsideName]| {
            let (doc, tags) = tagged(text, tags);
            let lexicon = Lexicon::bundled();
            let mut found = Vec::new();
            mentions_from_tags(
                &Article::new(&doc),
                &lexicon,
                (0, doc.tokens.len()),
                &tags,
                &mut found,
            );
            resolve(&doc, &lexicon, names, found)
        };
        // The headline's "Marc Marquez" names the body's "Marquez"; the brother named once stays
        // apart, and a later "Marquez" is the man mentioned most.
        let e = resolved(
            "Marquez menang . Marquez senang . Ia bersama Alex Marquez . Marquez pulang .",
            "B-PER O O B-PER O O O O B-PER I-PER O B-PER O O",
            &[outside(&["Marc", "Marquez"])],
        );
        let names: Vec<(&str, usize)> = e
            .iter()
            .map(|e| (e.name.as_str(), e.mentions.len()))
            .collect();
        assert_eq!(names, vec![("Marc Marquez", 3), ("Alex Marquez", 1)]);
        // A headline that runs a verb into a name the body gives in full renames nobody, and a name
        // the body never mentions is no entity.
        let e = resolved(
            "Alya Rohali datang . Alya senang .",
            "B-PER I-PER O O B-PER O O",
            &[
                outside(&["Alya", "Rohali", "Jalani"]),
                outside(&["Dewi", "Lestari"]),
            ],
        );
        let names: Vec<&str> = e.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, vec!["Alya Rohali"]);
    }

    #[test]
    fn rank_and_role_before_a_name() {
        let (_, e) = entities(
            "Kapolres Metro Jakarta Selatan Kombes Ade Ary Syam Indradi mengatakan",
            "O O B-LOC I-LOC O B-PER I-PER I-PER I-PER O",
        );
        let person = e.iter().find(|e| e.label == EntityLabel::Person).unwrap();
        assert_eq!(person.name, "Ade Ary Syam Indradi");
        assert_eq!(person.titles, vec!["Kombes"]);
        assert_eq!(person.roles, vec!["Kapolres Metro Jakarta Selatan"]);
    }

    #[test]
    fn appositive_role_with_affiliation() {
        let (_, e) = entities(
            "James Brien , kepala Kantor Sanksi di Departemen Luar Negeri AS , mengatakan",
            "B-PER I-PER O O B-ORG I-ORG O B-ORG I-ORG I-ORG I-ORG O O",
        );
        let person = e.iter().find(|e| e.label == EntityLabel::Person).unwrap();
        assert_eq!(
            person.roles,
            vec!["kepala Kantor Sanksi di Departemen Luar Negeri AS"]
        );
        assert_eq!(
            person.affiliation.as_deref(),
            Some("Departemen Luar Negeri AS")
        );
    }

    #[test]
    fn a_verb_ends_a_role_but_an_office_that_looks_like_one_does_not() {
        // After the name: the clause from the verb on is no role.
        let (_, e) = entities(
            "Rina Wijaya , kepala Puskesmas Sukamaju menyarankan warga tetap tenang",
            "B-PER I-PER O O B-ORG I-ORG O O O O",
        );
        assert_eq!(e[0].roles, vec!["kepala Puskesmas Sukamaju"]);
        // Before the name and a comma: a verb between the opener and the comma leaves no role.
        let (_, e) = entities(
            "Hakim ketua menegur saksi bernama , Dodi Prakoso",
            "O O O O O O B-PER I-PER",
        );
        assert!(e[0].roles.is_empty());
        // "menteri" opens with "men" and is an office all the same.
        let (_, e) = entities(
            "Tono Haryanto , wakil menteri luar negeri , hadir",
            "B-PER I-PER O O O O O O O",
        );
        assert_eq!(e[0].roles, vec!["wakil menteri luar negeri"]);
    }

    #[test]
    fn role_before_a_comma_and_the_name() {
        let (_, e) = entities(
            "Kepala Dinas Perhubungan Kota Bandung , Dr. Agus Santoso , menjelaskan",
            "O B-ORG I-ORG I-ORG I-ORG O B-PER I-PER I-PER O O",
        );
        let person = e.iter().find(|e| e.label == EntityLabel::Person).unwrap();
        assert_eq!(person.name, "Agus Santoso");
        assert_eq!(person.titles, vec!["Dr."]);
        assert_eq!(person.roles, vec!["Kepala Dinas Perhubungan Kota Bandung"]);
        assert_eq!(
            person.affiliation.as_deref(),
            Some("Dinas Perhubungan Kota Bandung")
        );
    }

    #[test]
    fn role_before_a_comma_starts_at_its_opener_not_at_the_clause() {
        let (_, e) = entities(
            "Sementara itu , pengamat transportasi dari Institut Teknologi Bandung , Prof. Hendra Kusuma , menilai",
            "O O O O O O B-ORG I-ORG I-ORG O O B-PER I-PER O O",
        );
        let person = e.iter().find(|e| e.label == EntityLabel::Person).unwrap();
        assert_eq!(person.name, "Hendra Kusuma");
        assert_eq!(
            person.roles,
            vec!["pengamat transportasi dari Institut Teknologi Bandung"]
        );
        assert_eq!(
            person.affiliation.as_deref(),
            Some("Institut Teknologi Bandung")
        );
        // A clause without an opener is no role.
        let (_, e) = entities(
            "Menurut data itu , Budi Santoso pergi",
            "O O O O B-PER I-PER O",
        );
        assert!(e[0].roles.is_empty());
    }

    #[test]
    fn a_name_the_tagger_missed_after_an_office_and_its_place() {
        let words = "Wali Kota Bandung Ratna Wulandari Siregar memastikan pemerintah kota akan menambah bus";
        let words: Vec<&str> = words.split(' ').collect();
        let mut tags = vec![Tag::OUTSIDE; words.len()];
        let lexicon = Lexicon::bundled();
        name_people_after_offices(&words, &lexicon, &Listed::of(&words, &lexicon), &mut tags);
        let person = (
            Tag::begin(EntityLabel::Person),
            Tag::inside(EntityLabel::Person),
        );
        assert_eq!(
            &tags[..7],
            &[
                Tag::OUTSIDE,
                Tag::OUTSIDE,
                Tag::OUTSIDE,
                person.0,
                person.1,
                person.1,
                Tag::OUTSIDE
            ]
        );
        // A title-case headline proves nothing; an office before known words only is no name.
        for text in [
            "Wali Kota Bandung Siapkan Tambahan Bus",
            "Gubernur Jawa Barat datang ke Kota Bandung",
            // What the ministry is for, not who leads it.
            "Menteri Tenaga Kerja dan Transmigrasi itu mengatakan",
        ] {
            let words: Vec<&str> = text.split(' ').collect();
            let mut tags = vec![Tag::OUTSIDE; words.len()];
            let lexicon = Lexicon::bundled();
            name_people_after_offices(&words, &lexicon, &Listed::of(&words, &lexicon), &mut tags);
            assert!(tags.iter().all(|&t| t == Tag::OUTSIDE), "{text}");
        }
    }

    #[test]
    fn a_first_name_the_tagger_gave_to_the_place_before_moves_to_the_person() {
        let words: Vec<&str> = "Wali Kota Bandung Ratna Wulandari Siregar memastikan"
            .split(' ')
            .collect();
        let (loc, per) = (EntityLabel::Location, EntityLabel::Person);
        let mut tags = vec![
            Tag::OUTSIDE,
            Tag::begin(loc),
            Tag::inside(loc),
            Tag::inside(loc),
            Tag::begin(per),
            Tag::inside(per),
            Tag::OUTSIDE,
        ];
        move_first_names_into_people(&words, &Listed::of(&words, &Lexicon::bundled()), &mut tags);
        assert_eq!(
            tags[1..6],
            [
                Tag::begin(loc),
                Tag::inside(loc),
                Tag::begin(per),
                Tag::inside(per),
                Tag::inside(per)
            ]
        );
        // The tagger saw the place as a word of the name and the first name as a place.
        let mut tags = vec![
            Tag::OUTSIDE,
            Tag::OUTSIDE,
            Tag::OUTSIDE,
            Tag::begin(loc),
            Tag::begin(per),
            Tag::inside(per),
            Tag::OUTSIDE,
        ];
        move_first_names_into_people(&words, &Listed::of(&words, &Lexicon::bundled()), &mut tags);
        assert_eq!(
            tags[3..6],
            [Tag::begin(per), Tag::inside(per), Tag::inside(per)]
        );
        // A place the lists know in full keeps its words.
        let words: Vec<&str> = "warga Jawa Barat Ridwan Kamil datang".split(' ').collect();
        let mut tags = vec![
            Tag::OUTSIDE,
            Tag::begin(loc),
            Tag::inside(loc),
            Tag::begin(per),
            Tag::inside(per),
            Tag::OUTSIDE,
        ];
        let before = tags.clone();
        move_first_names_into_people(&words, &Listed::of(&words, &Lexicon::bundled()), &mut tags);
        assert_eq!(tags, before);
        // A word with a capital inside is an organisation's name, not a first name.
        let org = EntityLabel::Organisation;
        let words: Vec<&str> = "Ketua Umum Partai KarsaRaya Dimas Pranata"
            .split(' ')
            .collect();
        let mut tags = vec![
            Tag::OUTSIDE,
            Tag::OUTSIDE,
            Tag::begin(org),
            Tag::inside(org),
            Tag::begin(per),
            Tag::inside(per),
        ];
        let before = tags.clone();
        move_first_names_into_people(&words, &Listed::of(&words, &Lexicon::bundled()), &mut tags);
        assert_eq!(tags, before);
    }

    #[test]
    fn an_initial_before_a_name_opens_it_but_an_honorific_does_not() {
        let per = EntityLabel::Person;
        let lexicon = Lexicon::bundled();
        let words: Vec<&str> = "ujar Mayjen TNI M Ali Ridho".split(' ').collect();
        let mut tags = vec![Tag::OUTSIDE; words.len()];
        tags[2] = Tag::begin(EntityLabel::Organisation);
        tags[4] = Tag::begin(per);
        tags[5] = Tag::inside(per);
        initials_open_people(&words, &lexicon, &Listed::of(&words, &lexicon), &mut tags);
        assert_eq!(
            tags[3..6],
            [Tag::begin(per), Tag::inside(per), Tag::inside(per)]
        );
        // "H" (Haji, listed as "H.") is an honorific, no initial; a lower-case letter is none either.
        for text in ["kata H Ani Lestari", "huruf a Ani Lestari"] {
            let words: Vec<&str> = text.split(' ').collect();
            let mut tags = vec![
                Tag::OUTSIDE,
                Tag::OUTSIDE,
                Tag::begin(per),
                Tag::inside(per),
            ];
            initials_open_people(&words, &lexicon, &Listed::of(&words, &lexicon), &mut tags);
            assert_eq!(tags[1], Tag::OUTSIDE, "{text}");
        }
    }

    #[test]
    fn a_rank_before_unknown_names_makes_them_a_person() {
        let words: Vec<&str> = "( ITB ) , Prof. Hendra Kusuma , menilai"
            .split(' ')
            .collect();
        let org = EntityLabel::Organisation;
        let mut tags = vec![Tag::OUTSIDE; words.len()];
        tags[1] = Tag::begin(org);
        tags[5] = Tag::begin(org);
        tags[6] = Tag::inside(org);
        let lexicon = Lexicon::bundled();
        people_after_ranks(&words, &lexicon, &Listed::of(&words, &lexicon), &mut tags);
        assert_eq!(tags[1], Tag::begin(org));
        assert_eq!(
            tags[5..7],
            [
                Tag::begin(EntityLabel::Person),
                Tag::inside(EntityLabel::Person)
            ]
        );
        // A known place after an honorific keeps its type.
        let words: Vec<&str> = "kata Pak Jakarta".split(' ').collect();
        let mut tags = vec![
            Tag::OUTSIDE,
            Tag::OUTSIDE,
            Tag::begin(EntityLabel::Location),
        ];
        let lexicon = Lexicon::bundled();
        people_after_ranks(&words, &lexicon, &Listed::of(&words, &lexicon), &mut tags);
        assert_eq!(tags[2], Tag::begin(EntityLabel::Location));
    }

    #[test]
    fn a_street_name_is_a_place_whatever_its_titles() {
        let words: Vec<&str> = "rute Jl. Ir. H. Juanda hingga Terminal"
            .split(' ')
            .collect();
        let org = EntityLabel::Organisation;
        let mut tags = vec![Tag::OUTSIDE; words.len()];
        tags[1] = Tag::begin(org);
        tags[2..5].fill(Tag::inside(org));
        let lexicon = Lexicon::bundled();
        streets_are_places(&words, &lexicon, &Listed::of(&words, &lexicon), &mut tags);
        let loc = EntityLabel::Location;
        assert_eq!(
            tags[1..5],
            [
                Tag::begin(loc),
                Tag::inside(loc),
                Tag::inside(loc),
                Tag::inside(loc)
            ]
        );
        assert_eq!(tags[5], Tag::OUTSIDE);
        // The lower-case word "jalan" (a road, a walk) opens nothing.
        let words: Vec<&str> = "jalan Sudirman".split(' ').collect();
        let mut tags = vec![Tag::begin(org), Tag::inside(org)];
        streets_are_places(&words, &lexicon, &Listed::of(&words, &lexicon), &mut tags);
        assert_eq!(tags, [Tag::begin(org), Tag::inside(org)]);
    }

    #[test]
    fn headline_spans_end_at_their_last_known_word() {
        let words: Vec<&str> = "Pemerintah Kota Bandung Siapkan Tambahan Bus untuk Atasi Kemacetan"
            .split(' ')
            .collect();
        let org = EntityLabel::Organisation;
        let mut tags = vec![Tag::OUTSIDE; words.len()];
        tags[0] = Tag::begin(org);
        tags[1..6].fill(Tag::inside(org));
        let lexicon = Lexicon::bundled();
        trim_headline_spans(&words, &lexicon, &Listed::of(&words, &lexicon), &mut tags);
        assert_eq!(
            tags[..3],
            [Tag::begin(org), Tag::inside(org), Tag::inside(org)]
        );
        assert!(tags[3..].iter().all(|&t| t == Tag::OUTSIDE));
        // A person's name stops at the first stop word of the headline.
        let words: Vec<&str> = "Ahmad Dhani Belum Minta Maaf Secara Terbuka"
            .split(' ')
            .collect();
        let per = EntityLabel::Person;
        let mut tags = vec![Tag::inside(per); words.len()];
        tags[0] = Tag::begin(per);
        trim_headline_spans(&words, &lexicon, &Listed::of(&words, &lexicon), &mut tags);
        assert_eq!(tags[..2], [Tag::begin(per), Tag::inside(per)]);
        assert!(tags[2..].iter().all(|&t| t == Tag::OUTSIDE));
    }

    #[test]
    fn the_office_and_place_before_a_name_are_its_role() {
        let (_, e) = entities(
            "Wali Kota Bandung Ratna Wulandari Siregar memastikan",
            "O O B-LOC B-PER I-PER I-PER O",
        );
        let person = e.iter().find(|e| e.label == EntityLabel::Person).unwrap();
        assert_eq!(person.name, "Ratna Wulandari Siregar");
        assert_eq!(person.roles, vec!["Wali Kota Bandung"]);
    }

    #[test]
    fn missed_first_names_and_full_names_join_the_person() {
        let (doc, e) = entities(
            "Ratna Wulandari Siregar datang . Ratna mengatakan , kata Ratna Wulandari Siregar , Wali Kota Bandung",
            "B-PER I-PER I-PER O O O O O O O O O O O O O",
        );
        assert_eq!(e.len(), 1);
        let forms: Vec<&str> = e[0].mentions.iter().map(|m| doc.slice(m.span)).collect();
        assert_eq!(
            forms,
            vec![
                "Ratna Wulandari Siregar",
                "Ratna",
                "Ratna Wulandari Siregar"
            ]
        );
    }

    #[test]
    fn words_put_before_a_full_name_later_do_not_rename_the_person() {
        // A related-article line at the end glues a headline's words to the name.
        let (_, e) = entities(
            "Wulan Sari datang . Kisah Baju Lama Wulan Sari",
            "B-PER I-PER O O B-PER I-PER I-PER I-PER I-PER",
        );
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].name, "Wulan Sari");
        // A fuller name after a short one still names the person.
        let (_, e) = entities("Sari datang . Wulan Sari pulang", "B-PER O O B-PER I-PER O");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].name, "Wulan Sari");
    }

    #[test]
    fn an_alias_joins_the_name_it_follows() {
        let (_, e) = entities(
            "Manajernya , Hadi Pranoto alias Hadi Gondrong , datang . Gondrong pulang .",
            "O O B-PER I-PER O B-PER I-PER O O O B-PER O O",
        );
        let people: Vec<&str> = e.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(people, vec!["Hadi Pranoto"]);
    }

    #[test]
    fn a_misspelt_or_cut_name_joins_the_one_person_it_resembles() {
        for variant in ["Hendrick", "Hendirk", "Hendrk", "Hendri"] {
            let text = format!("Hendrik Wibisono datang . {variant} pulang .");
            let (_, e) = entities(&text, "B-PER I-PER O O B-PER O O");
            assert_eq!(e.len(), 1, "{variant}");
            assert_eq!(e[0].name, "Hendrik Wibisono");
        }
        // Two people it could be: joined to neither.
        let (_, e) = entities(
            "Hendrik Wibisono dan Hendrix Salim datang . Hendri pulang .",
            "B-PER I-PER O B-PER I-PER O O B-PER O O",
        );
        assert_eq!(e.len(), 3);
        // Different by two letters: a different person.
        let (_, e) = entities(
            "Hendrik Wibisono datang . Hendrawan pulang .",
            "B-PER I-PER O O B-PER O O",
        );
        assert_eq!(e.len(), 2);
    }

    #[test]
    fn a_name_after_an_organisation_the_article_names_alone_leaves_it_out() {
        let (_, e) = entities(
            "Mirae Asset naik . Analis Mirae Asset Nafan Aji berkata .",
            "B-ORG I-ORG O O O B-PER I-PER I-PER I-PER O O",
        );
        let person = e.iter().find(|e| e.label == EntityLabel::Person).unwrap();
        assert_eq!(person.name, "Nafan Aji");
        // A first name the tagger took for a place alone elsewhere stays in the name.
        let (_, e) = entities(
            "Ratna Wulandari datang . Ratna berkata .",
            "B-PER I-PER O O B-LOC O O",
        );
        let person = e.iter().find(|e| e.label == EntityLabel::Person).unwrap();
        assert_eq!(person.name, "Ratna Wulandari");
    }

    #[test]
    fn a_headline_does_not_rename_and_initials_join_the_full_name() {
        let (_, e) = entities(
            "Wulandari datang ke pesta . Wulandari Akui Dekat Dengan Semua Anak",
            "B-PER O O O O B-PER I-PER O O O O",
        );
        assert_eq!(e[0].name, "Wulandari");
        let (_, e) = entities(
            "Agus Harimurti Yudhoyono hadir . AHY pulang .",
            "B-PER I-PER I-PER O O B-PER O O",
        );
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].name, "Agus Harimurti Yudhoyono");
        assert_eq!(e[0].mentions.len(), 2);
    }

    #[test]
    fn a_name_before_an_age_in_brackets_is_a_person() {
        let words = [
            "Sudah",
            "lima",
            "tahun",
            ",",
            "Sumarno",
            "(",
            "35",
            ")",
            "mengumpulkan",
            "paku",
            ".",
        ];
        let mut tags = vec![Tag::OUTSIDE; words.len()];
        let listed = Listed::of(&words, &Lexicon::bundled());
        people_before_ages(&words, &listed, &mut tags);
        assert_eq!(tags[4], Tag::begin(EntityLabel::Person));
        assert!(
            tags.iter()
                .enumerate()
                .all(|(i, t)| i == 4 || *t == Tag::OUTSIDE)
        );
        // A name the tagger took for a place.
        let mut tags = vec![Tag::OUTSIDE; words.len()];
        tags[4] = Tag::begin(EntityLabel::Location);
        people_before_ages(&words, &listed, &mut tags);
        assert_eq!(tags[4], Tag::begin(EntityLabel::Person));
        // A number in brackets after a lower-case word is no age of a name.
        let words = ["jumlahnya", "(", "35", ")"];
        let mut tags = vec![Tag::OUTSIDE; words.len()];
        people_before_ages(&words, &Listed::of(&words, &Lexicon::bundled()), &mut tags);
        assert!(tags.iter().all(|t| *t == Tag::OUTSIDE));
    }

    #[test]
    fn touching_person_chunks_are_one_name() {
        let (_, e) = entities(
            "Kombes Ade Ary Syam Indradi mengatakan",
            "O B-PER B-PER I-PER I-PER O",
        );
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].name, "Ade Ary Syam Indradi");
        assert_eq!(e[0].titles, vec!["Kombes"]);
    }

    #[test]
    fn a_first_name_left_between_rank_and_name_joins_the_name() {
        let (_, e) = entities("Kombes Ade Ary Syam mengatakan", "O O B-PER I-PER O");
        assert_eq!(e[0].name, "Ade Ary Syam");
        assert_eq!(e[0].titles, vec!["Kombes"]);
    }

    #[test]
    fn honorifics_are_stripped_except_a_korean_surname() {
        let (_, e) = entities(
            "Pak Budi Santoso bertemu Pak Thae Song .",
            "B-PER I-PER I-PER O B-PER I-PER I-PER O",
        );
        assert_eq!(e[0].name, "Budi Santoso");
        assert_eq!(e[0].titles, vec!["Pak"]);
        assert_eq!(e[1].name, "Pak Thae Song");
        assert!(e[1].titles.is_empty());
    }

    #[test]
    fn short_forms_and_bracketed_abbreviations_resolve() {
        let (doc, e) = entities(
            "Vladimir Putin memuji Lembaga Perlindungan Saksi dan Korban ( LPSK ) . Menurut Putin , LPSK bekerja .",
            "B-PER I-PER O B-ORG I-ORG I-ORG I-ORG I-ORG O O O O O B-PER O B-ORG O O",
        );
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].name, "Vladimir Putin");
        assert_eq!(e[0].mentions.len(), 2);
        assert_eq!(e[1].name, "Lembaga Perlindungan Saksi dan Korban");
        let forms: Vec<&str> = e[1].mentions.iter().map(|m| doc.slice(m.span)).collect();
        assert_eq!(
            forms,
            vec!["Lembaga Perlindungan Saksi dan Korban", "LPSK", "LPSK"]
        );
    }

    #[test]
    fn missed_surname_is_found_but_not_a_sentence_opening_function_word() {
        // The tagger (here: the hand tags) missed the later "Yang" and "Widodo".
        let (doc, e) = entities(
            "Uk Yang dan Joko Widodo bertemu , lalu Widodo pergi bersama Yang",
            "B-PER I-PER O B-PER I-PER O O O O O O O",
        );
        let forms =
            |k: usize| -> Vec<&str> { e[k].mentions.iter().map(|m| doc.slice(m.span)).collect() };
        assert_eq!(forms(0), vec!["Uk Yang", "Yang"]);
        assert_eq!(forms(1), vec!["Joko Widodo", "Widodo"]);
        let (_, e) = entities("Uk Yang datang", "B-PER I-PER O");
        assert_eq!(e[0].mentions.len(), 1);
    }

    #[test]
    fn entity_at_finds_the_entity_of_a_span() {
        let (mut doc, e) = entities(
            "Vladimir Putin datang . Putin pergi",
            "B-PER I-PER O O B-PER O",
        );
        doc.entities = e;
        let putin = doc.text().rfind("Putin").unwrap();
        assert_eq!(crate::entity_at(&doc, Span::new(putin, putin + 5)), Some(0));
        assert_eq!(crate::entity_at(&doc, Span::new(15, 21)), None);
    }
}
