//! warta's one role lexicon (`data/roles.txt`): the words that open a person's role, stand inside
//! it, or end it. The entity layer reads a role's head through the [`Lexicon`](crate::Lexicon)'s
//! word class [`ROLE_HEAD`](crate::lexicon::class::ROLE_HEAD), filled from [`entity_heads`]; the
//! reader of a speaker's public role ([`read`], which the quote stage calls) through
//! [`ROLE_WORDS`].

pub mod read;

use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;

use warta_core::wordlist;

const ROLES: &str = include_str!("../data/roles.txt");

/// The words that open a role for the entity layer: `[head]` and `[head_plain]`.
pub(crate) fn entity_heads() -> impl Iterator<Item = &'static str> {
    wordlist::entries(ROLES)
        .filter(|entry| matches!(entry.section, "head" | "head_plain"))
        .map(|entry| entry.text)
}

/// The role words the reader of public roles ([`read`]) reads, by what they do in a role. Each method takes a lower-case
/// word.
#[derive(Default)]
pub struct RoleWords {
    public_heads: HashSet<&'static str>,
    /// `[head]` and `[head_plain]`: the heads of the roles the entity layer keeps.
    entity_heads: HashSet<&'static str>,
    inner: HashSet<&'static str>,
    links: HashSet<&'static str>,
    place_heads: HashSet<&'static str>,
    neighbourhood: HashSet<&'static str>,
    forward_ends: HashSet<&'static str>,
}

pub static ROLE_WORDS: LazyLock<RoleWords> = LazyLock::new(RoleWords::load);

impl RoleWords {
    // The file is compiled in and loaded by the tests, so an unknown section is a build-time bug.
    fn load() -> RoleWords {
        let mut words = RoleWords::default();
        for entry in wordlist::entries(ROLES) {
            if matches!(entry.section, "head" | "head_plain") {
                words.entity_heads.insert(entry.text);
            }
            let set = match entry.section {
                "head" | "head_quoted" => &mut words.public_heads,
                "head_plain" => continue,
                "inner" => &mut words.inner,
                "link" => &mut words.links,
                "place_head" => &mut words.place_heads,
                "neighbourhood" => &mut words.neighbourhood,
                "end_forward" => &mut words.forward_ends,
                other => panic!("data/roles.txt:{}: unknown section [{other}]", entry.line),
            };
            set.insert(entry.text);
        }
        words
    }

    /// Opens a public role: "kepala", "pengamat", "ceo"; not "warga".
    pub fn opens_public_role(&self, word: &str) -> bool {
        self.public_heads.contains(word)
    }

    /// Opens a role the entity layer keeps: "kepala", "warga", "calon"; not "epidemiolog".
    pub fn opens_role(&self, word: &str) -> bool {
        self.entity_heads.contains(word)
    }

    /// May stand inside a role after its head: "bicara" (juru bicara), "tim", "dari".
    pub fn is_inner(&self, word: &str) -> bool {
        self.inner.contains(word)
    }

    /// Links a name to its role after it: "selaku", "menjabat", "sebagai".
    pub fn is_link(&self, word: &str) -> bool {
        self.links.contains(word)
    }

    /// Opens a place, whose name states no affiliation: "desa", "kota".
    pub fn opens_place(&self, word: &str) -> bool {
        self.place_heads.contains(word)
    }

    /// A word of a neighbourhood office ("rt", "rukun tetangga"), whose holders are no public figures.
    pub fn is_neighbourhood(&self, word: &str) -> bool {
        self.neighbourhood.contains(word)
    }

    /// Ends a role read forwards, besides the caller's own stops: "juga".
    pub fn ends_forward(&self, word: &str) -> bool {
        self.forward_ends.contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lexicon;
    use crate::lexicon::class;

    #[test]
    fn each_reader_has_its_heads() {
        let quoted = &*ROLE_WORDS;
        assert!(quoted.opens_public_role("kepala") && quoted.opens_public_role("epidemiolog"));
        assert!(!quoted.opens_public_role("warga"));
        assert!(
            quoted.is_neighbourhood("rt") && quoted.opens_place("desa") && quoted.is_link("selaku")
        );
        let lexicon = Lexicon::bundled();
        let role_head = |w| lexicon.class_of(w) & class::ROLE_HEAD != 0;
        assert!(role_head("kepala") && role_head("warga"));
        assert!(!role_head("epidemiolog"));
    }
}
