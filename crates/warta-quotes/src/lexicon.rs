//! The cue lexicon (`data/cues.txt`) and word lists (`data/words.txt`), read once. The role words
//! are warta-entities' ([`warta_entities::roles`]).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::LazyLock;

use warta_core::wordlist;

/// Where a cue form stands relative to what was said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CuePosition {
    /// After the quote, speaker after it: "…,” kata X", "…,” ujarnya".
    After,
    /// Active verb, speaker before it: "X mengatakan, …".
    Active,
    /// Passive verb, speaker after it: "Hal itu disampaikan X".
    Passive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CueForm {
    pub position: CuePosition,
    /// The form ends in the clitic "-nya", which names the speaker.
    pub clitic: bool,
}

pub struct Lexicon {
    cues: HashMap<&'static str, CueForm>,
    sections: HashMap<&'static str, HashSet<&'static str>>,
}

pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);

const CUES: &str = include_str!("../data/cues.txt");
const WORDS: &str = include_str!("../data/words.txt");

impl Lexicon {
    fn load() -> Lexicon {
        let mut cues = HashMap::default();
        for line in wordlist::words(CUES) {
            let columns: Vec<&str> = line.split('|').map(str::trim).collect();
            let positions = [
                CuePosition::After,
                CuePosition::Active,
                CuePosition::Passive,
            ];
            for (column, position) in columns.iter().skip(1).zip(positions) {
                for form in column.split_whitespace().filter(|f| *f != "-") {
                    let clitic = position == CuePosition::After && form.ends_with("nya");
                    cues.entry(form).or_insert(CueForm { position, clitic });
                }
            }
        }
        let mut sections: HashMap<&str, HashSet<&str>> = HashMap::default();
        for entry in wordlist::entries(WORDS) {
            sections
                .entry(entry.section)
                .or_default()
                .insert(entry.text);
        }
        Lexicon { cues, sections }
    }

    pub fn cue(&self, lower_word: &str) -> Option<CueForm> {
        self.cues.get(lower_word).copied()
    }

    /// True when `lower_word` is listed in section `section` of `data/words.txt`.
    pub fn is(&self, section: &str, lower_word: &str) -> bool {
        self.sections
            .get(section)
            .is_some_and(|s| s.contains(lower_word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_load() {
        let lex = &*LEXICON;
        assert_eq!(
            lex.cue("katanya"),
            Some(CueForm {
                position: CuePosition::After,
                clitic: true
            })
        );
        assert_eq!(lex.cue("mengatakan").unwrap().position, CuePosition::Active);
        assert_eq!(
            lex.cue("disampaikan").unwrap().position,
            CuePosition::Passive
        );
        assert!(lex.cue("rumah").is_none());
        assert!(lex.is("pronoun_person", "beliau"));
        assert!(lex.is("according", "menurut"));
        assert!(!lex.is("pronoun_person", "kata"));
    }
}
