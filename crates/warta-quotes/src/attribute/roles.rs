//! A speaker's public role. What the role next to a name is, is read by warta-entities' role reader
//! ([`warta_entities::roles::read`]), which sees the text through [`RoleText`]; which places name
//! the speaker (the name itself, the article's other mentions of the person) is decided here.

use warta_core::Span;
use warta_core::words::Word;
use warta_entities::roles::ROLE_WORDS;
use warta_entities::roles::read::{self, RoleText};

use super::Context;
use crate::lexicon::LEXICON;
use crate::words::Kind;

/// How many other places naming a speaker are read for their role.
const MAX_OCCURRENCES: usize = 16;

impl RoleText for Context<'_> {
    fn doc(&self) -> &warta_core::Document {
        self.doc
    }

    fn words(&self) -> &[Word] {
        &self.words
    }

    fn lower(&self, i: usize) -> &str {
        Context::lower(self, i)
    }

    /// A reporting verb, "menurut", a connective, a pronoun.
    fn ends_role(&self, i: usize) -> bool {
        let lower = Context::lower(self, i);
        LEXICON.cue(lower).is_some()
            || LEXICON.is("according", lower)
            || LEXICON.is("connective", lower)
            || LEXICON.is("pronoun_person", lower)
    }

    fn ends_name(&self, i: usize) -> bool {
        LEXICON.is("name_stop", Context::lower(self, i))
    }

    fn person_starts_at(&self, i: usize) -> bool {
        self.mention_at(i)
            .is_some_and(|(_, e)| self.is_label(e, warta_core::EntityLabel::Person))
    }
}

impl Context<'_> {
    /// The public role stated next to a name at `name`, before it or right after it.
    pub(super) fn role_around(&self, name: Span) -> Option<Span> {
        read::role_around(self, name)
    }

    /// The public role of a speaker named at `name`: stated next to it, or where the article
    /// names the speaker by the same first word elsewhere ("Kepala Kepolisian Resor Kota Yogyakarta
    /// Komisaris Besar Kadarmanta Baskara Aji" for a later "kata Kadarmanta"). A name that opens
    /// with a role's head ("Presiden", "Vice President Corporate Secretary KAI …") is its own role.
    pub(super) fn role_of_name(&self, name: Span) -> Option<Span> {
        if let Some(role) = self.role_around(name) {
            return Some(role);
        }
        let first = self.word_from(name.start);
        let word = self.words.get(first)?;
        if word.kind == Kind::Word && ROLE_WORDS.opens_public_role(self.lower(first)) {
            return Some(name);
        }
        let name_end = self.word_from(name.end);
        let same_words = (first..name_end)
            .filter(|&k| self.words[k].capital && self.words[k].kind == Kind::Word)
            .filter_map(|k| {
                self.capital_words()
                    .get(&self.text[self.words[k].span.range()])
            });
        // A short name written as the start of a longer one: "Risma" for "Tri Rismaharini".
        let longer_words = self
            .longer_forms(&self.text[word.span.range()])
            .filter_map(|w| self.capital_words().get(w));
        same_words
            .chain(longer_words)
            .flat_map(|places| places.iter().take(MAX_OCCURRENCES))
            .filter(|&&i| i < first || i >= name_end)
            .find_map(|&i| {
                let mut end = i + 1;
                while self
                    .words
                    .get(end)
                    .is_some_and(|w| w.capital && w.kind == Kind::Word)
                {
                    end += 1;
                }
                let run = Span::new(self.words[i].span.start, self.words[end - 1].span.end);
                // The whole name when the entity layer found it: "Tri | Rismaharini".
                self.role_around(self.person_covering(self.words[i].span).unwrap_or(run))
            })
    }

    /// The person mention that holds `word`, if the entity layer found one.
    fn person_covering(&self, word: Span) -> Option<Span> {
        let k = self
            .mentions
            .partition_point(|(s, _)| s.start <= word.start);
        self.mentions[..k]
            .iter()
            .rev()
            .take(8)
            .find(|(s, e)| s.contains(word) && self.is_label(*e, warta_core::EntityLabel::Person))
            .map(|(s, _)| *s)
    }

    /// Capitalised words of the text that start with `short` and are longer (a few at most), for
    /// short names of four letters or more.
    fn longer_forms<'s>(&'s self, short: &'s str) -> impl Iterator<Item = &'s str> + 's {
        const MIN_SHORT_NAME: usize = 4;
        const MAX_LONGER_FORMS: usize = 4;
        let keys = self.capital_keys.get_or_init(|| {
            let text = self.text;
            let mut keys: Vec<&str> = self
                .words
                .iter()
                .filter(|w| w.capital && w.kind == Kind::Word)
                .map(|w| &text[w.span.range()])
                .collect();
            keys.sort_unstable();
            keys.dedup();
            keys
        });
        let from = if short.len() >= MIN_SHORT_NAME {
            keys.partition_point(|k| *k <= short)
        } else {
            keys.len()
        };
        keys[from..]
            .iter()
            .take_while(move |k| k.starts_with(short))
            .take(MAX_LONGER_FORMS)
            .copied()
    }
}
