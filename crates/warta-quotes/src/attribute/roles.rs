//! A speaker's role as the article states it: before the name ("Kepala Bidang Humas Polda Metro
//! Jaya Kombes Yusri Yunus", "kata juru bicara Gugus Tugas, Alamsyah") or as an appositive after it
//! ("Rakhmat Hidayat, pengajar sosiologi Universitas Negeri Jakarta, …").
//!
//! Only public roles count (the heads of public roles in warta-entities' `data/roles.txt`): offices,
//! positions and professions.
//! Ordinary people's descriptions ("warga Karah", "pedagang daging", "(45)") are not roles, so a
//! speaker with a role is a public figure, which is what PFSA-ID annotates.

use warta_core::Span;
use warta_entities::roles::ROLE_WORDS;

use super::Context;
use crate::lexicon::LEXICON;
use crate::words::Kind;

/// How many words a role may run before the name ("Kepala Subbidang Kedokteran Polisi Bidang
/// Kedokteran dan Kesehatan Polda Sulut").
const ROLE_WINDOW: usize = 24;
/// Lower-case words outside the role vocabulary a role may hold between its head and the name
/// ("pemerhati sosial dari vokasi Universitas Indonesia").
const MAX_LOOSE_WORDS: usize = 2;
/// How many other places naming a speaker are read for their role.
const MAX_OCCURRENCES: usize = 16;

impl Context<'_> {
    /// The public role stated next to a name at `name`, before it or right after it.
    pub(super) fn role_around(&self, name: Span) -> Option<Span> {
        self.role_before(name).or_else(|| self.role_after(name))
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

    /// True when words `i - 1` and `i` are in different paragraphs or lines, or furniture stands
    /// between them ("Pelatih[Baca Juga: …]GP"): a role never runs across either.
    fn line_break_before(&self, i: usize) -> bool {
        if i == 0 {
            return false;
        }
        let gap = Span::new(self.words[i - 1].span.end, self.words[i].span.start);
        self.text[gap.range()].contains('\n') || (!gap.is_empty() && self.doc.is_removed(gap))
    }

    /// A word that ends a role going leftwards: a reporting verb, "menurut", a connective.
    fn role_stop(&self, i: usize) -> bool {
        let lower = self.lower(i);
        LEXICON.cue(lower).is_some()
            || LEXICON.is("according", lower)
            || LEXICON.is("connective", lower)
            || LEXICON.is("pronoun_person", lower)
    }

    /// Skips ranks written right before word `end` ("Kombes", "Komisaris Besar", "dr"): they
    /// belong to the name. Returns where the ranks start.
    fn skip_ranks_back(&self, end: usize) -> usize {
        let mut k = end;
        while k > 0 && self.words[k - 1].kind == Kind::Word && !self.line_break_before(k) {
            let lower = self.lower(k - 1);
            if ROLE_WORDS.is_rank(lower) {
                k -= 1;
            } else if k > 1 && ROLE_WORDS.is_rank_pair(self.lower(k - 2), lower) {
                k -= 2;
            } else {
                break;
            }
        }
        k
    }

    fn role_before(&self, name: Span) -> Option<Span> {
        let first = self.word_from(name.start);
        let mut k = self.skip_ranks_back(first);
        if k > 0 && self.is_punct(k - 1, ",") {
            k -= 1;
        }
        let role_end = k;
        let mut head = None;
        let mut loose = 0;
        while k > 0 && role_end - k < ROLE_WINDOW && !self.line_break_before(k) {
            let i = k - 1;
            let w = self.words[i];
            let lower = self.lower(i);
            let fits = match w.kind {
                Kind::Word if ROLE_WORDS.opens_public_role(lower) => {
                    head = Some(i);
                    true
                }
                _ if w.kind == Kind::Word && self.role_stop(i) => false,
                Kind::Word if ROLE_WORDS.is_inner(lower) => true,
                // Before the head is found: the organisation and the field ("… Universitas
                // Indonesia", "sosiologi"). Once found, only more heads ("Wakil Ketua").
                Kind::Word | Kind::Number if head.is_some() => false,
                Kind::Word if w.capital => true,
                Kind::Number => true,
                Kind::Word => {
                    loose += 1;
                    loose <= MAX_LOOSE_WORDS && LEXICON.cue(lower).is_none()
                }
                Kind::Punct => match &self.text[w.span.range()] {
                    "(" | ")" | "&" | "-" | "/" => true,
                    "," => head.is_none(),
                    _ => false,
                },
                Kind::Mark => false,
            };
            if !fits {
                break;
            }
            k -= 1;
        }
        self.role_span(head?, role_end)
    }

    /// "X, kepala …", "X yang menjabat sebagai …", "X selaku …"; or an affiliation alone: "X dari
    /// Koalisi Pejalan Kaki".
    fn role_after(&self, name: Span) -> Option<Span> {
        let mut j = self.word_from(name.end);
        // The rest of a name the mention left out: "Veronica | Moniaga, juru bicara …".
        let name_end = j;
        while j < name_end + 3
            && self.words.get(j).is_some_and(|w| {
                w.capital && w.kind == Kind::Word && !ROLE_WORDS.opens_public_role(self.lower(j))
            })
        {
            j += 1;
        }
        let after_name = j;
        if self.is_punct(j, ",") {
            j += 1;
        }
        let linked = j;
        while j < linked + 3
            && self
                .words
                .get(j)
                .is_some_and(|w| w.kind == Kind::Word && ROLE_WORDS.is_link(self.lower(j)))
        {
            j += 1;
        }
        let head = *self.words.get(j).filter(|w| w.kind == Kind::Word)?;
        let lower = self.lower(j);
        if ROLE_WORDS.opens_public_role(lower) {
            // A bare appositive needs its comma: "Budi Kepala …" is one name run.
            if j == after_name {
                return None;
            }
            return self.role_span(j, self.role_forward(j));
        }
        let organisation = self
            .words
            .get(j + 1)
            .filter(|w| w.capital && w.kind == Kind::Word);
        if lower == "dari" && !head.capital && j == after_name {
            let first = organisation?;
            if ROLE_WORDS.opens_place(&self.lower[first.span.range()]) {
                return None;
            }
            let mut end = j + 1;
            while self
                .words
                .get(end)
                .is_some_and(|w| w.kind == Kind::Word && (w.capital || self.lower(end) == "dan"))
            {
                end += 1;
            }
            return self.role_span(j + 1, end);
        }
        None
    }

    /// Where a role opened by the head at word `head` ends, reading forwards: at a comma, a full
    /// stop, a quotation mark, a reporting verb or a word that ends names ("saat", "kepada").
    pub(super) fn role_forward(&self, head: usize) -> usize {
        let mut end = head + 1;
        while end < self.words.len() && end - head < ROLE_WINDOW && !self.line_break_before(end) {
            let w = self.words[end];
            let lower = self.lower(end);
            let next_capital = self.words.get(end + 1).is_some_and(|n| n.capital);
            let fits = match w.kind {
                Kind::Word if matches!(lower, "dan" | "di") => next_capital,
                Kind::Word => {
                    !(LEXICON.is("name_stop", lower)
                        || self.role_stop(end)
                        || lower == "juga"
                        || (!w.capital && is_verb(lower))
                        || self.person_starts_at(end))
                }
                Kind::Number => true,
                Kind::Punct => matches!(&self.text[w.span.range()], "(" | ")" | "&" | "-" | "/"),
                Kind::Mark => false,
            };
            if !fits {
                break;
            }
            end += 1;
        }
        end
    }

    /// True when a person's name the entity layer found starts at word `i`.
    fn person_starts_at(&self, i: usize) -> bool {
        self.mention_at(i)
            .is_some_and(|(_, e)| self.is_label(e, warta_core::EntityLabel::Person))
    }

    /// Words `[from, to)` as a role, without dangling punctuation or joiners at its end.
    fn role_span(&self, from: usize, mut to: usize) -> Option<Span> {
        while to > from {
            let last = self.words[to - 1];
            let dangling = match last.kind {
                Kind::Punct => &self.text[last.span.range()] != ")",
                Kind::Word => matches!(self.lower(to - 1), "dan" | "di" | "dari" | "&"),
                _ => false,
            };
            if !dangling {
                break;
            }
            to -= 1;
        }
        if to <= from {
            return None;
        }
        let span = Span::new(self.words[from].span.start, self.words[to - 1].span.end);
        // Neighbourhood offices ("Ketua RT 003 RW 007", "Ketua Rukun Tetangga") are not public
        // roles.
        let neighbourhood = self.words[from..to]
            .iter()
            .any(|w| ROLE_WORDS.is_neighbourhood(&self.lower[w.span.range()]));
        (!neighbourhood).then_some(span)
    }
}

/// A lower-case word with a verb's prefix ("menyarankan", "berharap"): roles hold none.
pub(super) fn is_verb(lower: &str) -> bool {
    ["mem", "men", "meng", "meny", "ber"]
        .iter()
        .any(|p| lower.starts_with(p))
}
