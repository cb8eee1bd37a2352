//! Nicknames and initials that the article itself gives a person, joined to that person's entity
//! whatever the tagger made of them:
//!
//! - a nickname introduced by a phrase of `data/nickname-cues.txt`: "Maruarar Sirait yang akrab
//!   disapa Ara", "Gus Ipul, sapaan akrab Saifullah Yusuf" (of the two names around the phrase, the
//!   shorter is the nickname), "Bupati Iron, sapaan akrabnya" and "Pria yang akrab disapa Ara ini"
//!   (the nickname of the one person the text was just about);
//! - initials: "HNW" after "Hidayat Nur Wahid (HNW)", or spelling the initials of the one person of
//!   the article with as many names, even where the tagger took it for an organisation.
//!
//! Bounded like every join of this layer: a nickname goes to one person only, and to none when
//! another person of the article has it in their name or the text leaves two persons it may be
//! about; initials that the lexicon knows as an organisation's, or that an organisation of the
//! article spells too, stay the organisation's.

use std::sync::LazyLock;

use warta_core::{Document, EntityLabel, Span, TokenKind, wordlist};

use super::{Building, contains_run};
use crate::lexicon::{Lexicon, class};

/// The most words a nickname or a full name next to a cue is read over.
const MAX_NAME_WORDS: usize = 5;

struct Cues {
    /// The phrases, as lower-cased words.
    phrases: Vec<Vec<String>>,
    /// Words that may stand between a name and a phrase.
    skip: Vec<String>,
    /// The distinct first words of the phrases.
    first_words: Vec<String>,
}

static CUES: LazyLock<Cues> =
    LazyLock::new(|| Cues::parse(include_str!("../../data/nickname-cues.txt")));

impl Cues {
    fn parse(text: &str) -> Cues {
        let mut cues = Cues {
            phrases: Vec::new(),
            skip: Vec::new(),
            first_words: Vec::new(),
        };
        for entry in wordlist::entries(text) {
            match entry.section {
                "skip" => cues.skip.push(entry.text.to_owned()),
                _ => cues
                    .phrases
                    .push(entry.text.split(' ').map(str::to_lowercase).collect()),
            }
        }
        // Longest first: "sapaan akrab" must not stop short of "sapaan akrabnya".
        cues.phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
        for phrase in &cues.phrases {
            if let Some(first) = phrase.first()
                && !cues.first_words.contains(first)
            {
                cues.first_words.push(first.clone());
            }
        }
        cues
    }

    /// The number of tokens of the phrase that starts at token `i`, if one does.
    fn phrase_at(&self, doc: &Document, i: usize) -> Option<usize> {
        let first = doc.slice(doc.tokens.get(i)?.span);
        // Most tokens open no phrase: one comparison per phrase's first word rules them out.
        if !self
            .first_words
            .iter()
            .any(|w| first.eq_ignore_ascii_case(w))
        {
            return None;
        }
        self.phrases
            .iter()
            .find(|phrase| {
                phrase.iter().enumerate().all(|(k, word)| {
                    doc.tokens
                        .get(i + k)
                        .is_some_and(|t| doc.slice(t.span).eq_ignore_ascii_case(word))
                })
            })
            .map(Vec::len)
    }

    fn skips(&self, word: &str) -> bool {
        self.skip.iter().any(|s| s.eq_ignore_ascii_case(word))
    }
}

/// One of the names around a cue.
struct Side {
    span: Span,
    /// Lower-cased, without the titles and honorifics before it.
    words: Vec<String>,
    /// The entity with a mention there, if any.
    entity: Option<usize>,
}

fn is_name_word(doc: &Document, i: usize) -> bool {
    doc.tokens.get(i).is_some_and(|t| {
        matches!(t.kind, TokenKind::Word | TokenKind::Abbreviation)
            && doc.slice(t.span).starts_with(char::is_uppercase)
    })
}

fn entity_at(entities: &[Building], span: Span) -> Option<usize> {
    entities
        .iter()
        .position(|e| e.mentions.iter().any(|m| m.overlaps(span)))
}

/// The name made of the capitalised tokens `[from, to)`, without the titles, ranks and honorifics
/// that open it ("Gus Ipul" stays whole only when "Gus" is no honorific the lexicon knows).
fn side(
    doc: &Document,
    lexicon: &Lexicon,
    entities: &[Building],
    mut from: usize,
    to: usize,
) -> Option<Side> {
    let titles = class::TITLE | class::RANK | class::HONORIFIC;
    while from < to && lexicon.class_of(doc.slice(doc.tokens[from].span)) & titles != 0 {
        from += 1;
    }
    if from >= to {
        return None;
    }
    let span = doc.tokens[from].span.cover(doc.tokens[to - 1].span);
    Some(Side {
        span,
        words: super::words_of(doc, (from, to)),
        entity: entity_at(entities, span),
    })
}

/// The name right after the phrase that ends at token `end`.
fn name_after(
    doc: &Document,
    lexicon: &Lexicon,
    entities: &[Building],
    end: usize,
) -> Option<Side> {
    let to = (end..(end + MAX_NAME_WORDS).min(doc.tokens.len()))
        .take_while(|&i| is_name_word(doc, i))
        .last()?
        + 1;
    side(doc, lexicon, entities, end, to)
}

/// The name before the phrase that starts at token `start`, past the words that may stand between
/// ("…, atau yang"): the mention of an entity that ends there. Only a name the tagger found: a
/// capitalised word there may open the sentence ("Pria yang akrab disapa …").
fn name_before(
    doc: &Document,
    lexicon: &Lexicon,
    entities: &[Building],
    start: usize,
) -> Option<Side> {
    let mut to = start;
    while to > 0 && CUES.skips(doc.slice(doc.tokens[to - 1].span)) {
        to -= 1;
    }
    let last = doc.tokens.get(to.checked_sub(1)?)?.span;
    let mention = entities
        .iter()
        .flat_map(|e| e.mentions.iter())
        .filter(|m| m.start <= last.start && m.end >= last.end)
        .min_by_key(|m| m.end - m.start)?;
    let from = doc.tokens.partition_point(|t| t.span.start < mention.start);
    side(doc, lexicon, entities, from, to)
}

/// The one person of two names or more mentioned between the start of the sentence before token
/// `at` and token `at`, other than `except`.
fn antecedent(
    doc: &Document,
    entities: &[Building],
    at: usize,
    except: Option<usize>,
) -> Option<usize> {
    let here = doc.tokens[at].span.start;
    let sentence = doc.sentences.partition_point(|s| s.end <= here);
    let from = doc.sentences[sentence.saturating_sub(1)..]
        .first()
        .map_or(0, |s| s.start);
    let mut found = entities.iter().enumerate().filter(|&(k, e)| {
        Some(k) != except
            && e.label == EntityLabel::Person
            && e.words.len() >= 2
            && e.mentions.iter().any(|m| m.start >= from && m.end <= here)
    });
    let (first, _) = found.next()?;
    found.next().is_none().then_some(first)
}

/// Joins the nicknames and initials of the article to their person (see the module documentation).
pub(super) fn join(doc: &Document, lexicon: &Lexicon, entities: &mut Vec<Building>) {
    let mut i = 0;
    while i < doc.tokens.len() {
        let Some(len) = CUES.phrase_at(doc, i) else {
            i += 1;
            continue;
        };
        if !doc.is_removed(doc.tokens[i].span)
            && let Some((person, nickname)) = introduced(doc, lexicon, entities, i, i + len)
        {
            give_nickname(doc, entities, person, nickname);
        }
        i += len;
    }
    join_initials(lexicon, entities);
}

/// The person and the nickname that the phrase at tokens `[start, end)` ties together.
fn introduced(
    doc: &Document,
    lexicon: &Lexicon,
    entities: &[Building],
    start: usize,
    end: usize,
) -> Option<(usize, Side)> {
    let before = name_before(doc, lexicon, entities, start);
    let after = name_after(doc, lexicon, entities, end);
    let full_name = |side: &Side| {
        side.entity
            .filter(|&k| entities[k].label == EntityLabel::Person && entities[k].words.len() >= 2)
    };
    match (before, after) {
        (Some(before), Some(after)) => {
            let longer = |a: &Side, b: &Side| {
                (a.words.len(), doc.slice(a.span).len()) > (b.words.len(), doc.slice(b.span).len())
            };
            let (full, nickname) = if longer(&before, &after) {
                (before, after)
            } else {
                (after, before)
            };
            Some((full_name(&full)?, nickname))
        }
        (None, Some(nickname)) | (Some(nickname), None) => {
            Some((antecedent(doc, entities, start, nickname.entity)?, nickname))
        }
        (None, None) => None,
    }
}

/// Makes `nickname` a name of the entity `person`: an alias, a mention, and every entity that is
/// only that nickname joins it; unless another person of the article has it in their name.
fn give_nickname(doc: &Document, entities: &mut Vec<Building>, person: usize, nickname: Side) {
    let words = &nickname.words;
    if words.is_empty() || contains_run(&entities[person].words, words) {
        return;
    }
    let taken = entities.iter().enumerate().any(|(k, e)| {
        k != person
            && e.label == EntityLabel::Person
            && e.words != *words
            && contains_run(&e.words, words)
    });
    if taken {
        return;
    }
    // The nickname's own mention may belong to an entity with a longer name ("Ara Putri"): then
    // it is someone else, already named.
    if let Some(k) = nickname.entity
        && k != person
        && entities[k].words != *words
    {
        return;
    }
    let alias = words.join(" ");
    if !entities[person].aliases.contains(&alias) {
        entities[person].aliases.push(alias);
    }
    if nickname.entity.is_none() && !doc.is_removed(nickname.span) {
        entities[person].mentions.push(nickname.span);
    }
    absorb_all(entities, person, |e| e.words == *words);
}

/// Folds into `person` every other entity that `is_also` holds for.
fn absorb_all(entities: &mut Vec<Building>, person: usize, is_also: impl Fn(&Building) -> bool) {
    let mut k = entities.len();
    let mut person = person;
    while k > 0 {
        k -= 1;
        if k == person || !is_also(&entities[k]) {
            continue;
        }
        let other = entities.remove(k);
        if k < person {
            person -= 1;
        }
        entities[person].absorb(other);
    }
}

/// An entity named only by capitals ("HNW") that stands for one person of the article: an alias
/// of theirs (brackets after their name, a nickname), or the initials of their names when it has
/// three letters or more. The lexicon's abbreviations, and those an organisation of the article
/// holds or spells, are not a person's.
fn join_initials(lexicon: &Lexicon, entities: &mut Vec<Building>) {
    let mut k = 0;
    while k < entities.len() {
        let e = &entities[k];
        let written = e.name.as_str();
        let is_capitals = e.words.len() == 1
            && (2..=5).contains(&written.chars().count())
            && written.chars().all(|c| c.is_ascii_uppercase());
        if !is_capitals || lexicon.expansion(written).is_some() || lexicon.knows_word(written) {
            k += 1;
            continue;
        }
        let form = e.words[0].clone();
        let spells = |other: &Building| {
            form.len() >= 3
                && other.words.len() == form.len()
                && other
                    .words
                    .iter()
                    .zip(form.chars())
                    .all(|(w, c)| w.starts_with(c))
        };
        let stands_for = |other: &Building| other.aliases.contains(&form) || spells(other);
        let organisation = entities.iter().enumerate().any(|(j, o)| {
            j != k && o.label != EntityLabel::Person && o.words.len() > 1 && stands_for(o)
        });
        let mut people = entities.iter().enumerate().filter(|&(j, o)| {
            j != k && o.label == EntityLabel::Person && o.words.len() >= 2 && stands_for(o)
        });
        let person = match (people.next(), people.next()) {
            (Some((j, _)), None) if !organisation => Some(j),
            _ => None,
        };
        match person {
            Some(j) => {
                let other = entities.remove(k);
                let j = if k < j { j - 1 } else { j };
                entities[j].absorb(other);
            }
            None => k += 1,
        }
    }
}

impl Building {
    /// Takes in an entity found to be the same referent: its names become aliases, and its
    /// mentions, titles, roles and affiliation join.
    fn absorb(&mut self, other: Building) {
        for alias in std::iter::once(other.words.join(" ")).chain(other.aliases) {
            if alias != self.words.join(" ") && !self.aliases.contains(&alias) {
                self.aliases.push(alias);
            }
        }
        self.mentions.extend(other.mentions);
        for title in other.titles {
            if !self.titles.contains(&title) {
                self.titles.push(title);
            }
        }
        for role in other.roles {
            if !self.roles.contains(&role) {
                self.roles.push(role);
            }
        }
        if self.affiliation.is_none() {
            self.affiliation = other.affiliation;
        }
    }
}

#[cfg(test)]
mod tests {
    //! Made-up sentences, hand-tagged (tokens split at spaces) so that the tagger's mistakes are
    //! the ones each test is about.
    use warta_core::{Document, Entity, EntityLabel};

    use crate::stage::tests::entities;

    fn forms<'a>(doc: &'a Document, e: &Entity) -> Vec<&'a str> {
        e.mentions.iter().map(|m| doc.slice(m.span)).collect()
    }

    fn named<'a>(entities: &'a [Entity], name: &str) -> &'a Entity {
        entities
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no entity {name:?} in {entities:#?}"))
    }

    #[test]
    fn a_nickname_after_the_name_joins_it_whatever_the_tagger_made_of_it() {
        // The tagger missed the first "Ara" and took the second for an organisation.
        let (doc, e) = entities(
            "Menteri Maruarar Sirait , atau yang akrab disapa Ara , menjawab kritik . Ara mengatakan rumah cukup .",
            "O B-PER I-PER O O O O O O O O O O B-ORG O O O O",
        );
        assert_eq!(e.len(), 1, "{e:#?}");
        assert_eq!(e[0].label, EntityLabel::Person);
        assert_eq!(forms(&doc, &e[0]), ["Maruarar Sirait", "Ara", "Ara"]);
    }

    #[test]
    fn a_nickname_before_the_phrase_joins_the_longer_name_after_it() {
        let (doc, e) = entities(
            "Indram , sapaan akrab Indra Mardiatna , hadir . Kata Indram , ekonomi tumbuh .",
            "B-PER O O O B-PER I-PER O O O O B-PER O O O O",
        );
        let person = named(&e, "Indra Mardiatna");
        assert_eq!(forms(&doc, person), ["Indram", "Indra Mardiatna", "Indram"]);
        assert_eq!(e.len(), 1);
    }

    #[test]
    fn a_nickname_after_a_noun_is_the_one_person_just_named() {
        let (doc, e) = entities(
            "Eng Hian melatih tim . Pelatih yang karib disapa Didi ini tersenyum . Didi puas .",
            "B-PER I-PER O O O O O O O B-PER O O O B-PER O O",
        );
        assert_eq!(e.len(), 1, "{e:#?}");
        assert_eq!(forms(&doc, &e[0]), ["Eng Hian", "Didi", "Didi"]);
        // Two people just named: the text does not say which one Didi is.
        let (_, e) = entities(
            "Eng Hian bertemu Rexy Mainaky . Pelatih yang karib disapa Didi ini tersenyum .",
            "B-PER I-PER O B-PER I-PER O O O O O B-PER O O O",
        );
        assert_eq!(e.len(), 3, "{e:#?}");
        assert_eq!(named(&e, "Didi").mentions.len(), 1);
    }

    #[test]
    fn a_nickname_in_another_persons_name_joins_nobody() {
        // "Ara" is also a word of Ara Putri's name: two candidates, no join.
        let (doc, e) = entities(
            "Maruarar Sirait yang akrab disapa Ara hadir bersama Ara Putri . Ara tersenyum .",
            "B-PER I-PER O O O O O O B-PER I-PER O B-PER O O",
        );
        assert_eq!(
            forms(&doc, named(&e, "Maruarar Sirait")),
            ["Maruarar Sirait"]
        );
        assert!(forms(&doc, named(&e, "Ara Putri")).contains(&"Ara Putri"));
    }

    #[test]
    fn greeting_and_summoning_are_no_nicknames() {
        // "disapa" alone is "greeted", "dipanggil" alone "summoned".
        for text in [
            "Budi Santoso disapa Joko Widodo di istana .",
            "Budi Santoso dipanggil Joko Widodo di istana .",
        ] {
            let (_, e) = entities(text, "B-PER I-PER O B-PER I-PER O O O");
            assert_eq!(e.len(), 2, "{text}: {e:#?}");
        }
    }

    #[test]
    fn initials_join_the_person_they_spell_even_when_tagged_an_organisation() {
        // Spelled out in brackets first, then alone and taken for an organisation.
        let (doc, e) = entities(
            "Wakil Ketua MPR Hidayat Nur Wahid ( HNW ) berpidato . HNW meminta umat bersatu .",
            "O O O B-PER I-PER I-PER O O O O O B-ORG O O O O",
        );
        assert_eq!(e.len(), 1, "{e:#?}");
        assert_eq!(forms(&doc, &e[0]), ["Hidayat Nur Wahid", "HNW", "HNW"]);
        // Initials first, the name after: they spell the one person of three names.
        let (doc, e) = entities(
            "HNW hadir di Bekasi . Hidayat Nur Wahid berkata umat harus bersatu .",
            "B-ORG O O B-LOC O B-PER I-PER I-PER O O O O O",
        );
        let person = named(&e, "Hidayat Nur Wahid");
        assert_eq!(forms(&doc, person), ["HNW", "Hidayat Nur Wahid"]);
    }

    #[test]
    fn an_organisations_abbreviation_stays_the_organisations() {
        // The lexicon knows KPK; Kevin Pratama Kusuma merely shares its letters.
        let (_, e) = entities(
            "Kevin Pratama Kusuma diperiksa KPK hari ini .",
            "B-PER I-PER I-PER O B-ORG O O O",
        );
        assert_eq!(named(&e, "KPK").label, EntityLabel::Organisation);
        // Two people of the article spell the same initials: neither gets them.
        let (_, e) = entities(
            "Budi Santoso Wibowo dan Bayu Sapta Wijaya bertemu . BSW tiba .",
            "B-PER I-PER I-PER O B-PER I-PER I-PER O O B-ORG O O",
        );
        assert_eq!(named(&e, "BSW").label, EntityLabel::Organisation);
    }
}
