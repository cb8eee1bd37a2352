//! Degrees and credentials written after a person's name (`data/degrees.txt`): "dr Ahmad Akbar,
//! Sp.PD mengatakan", "Song-Yi Park, PhD, penulis studi", "Dr. Nelly, S.Kom., M.M., mengungkapkan".
//! The tokenizer cuts them into pieces ("Sp" "." "PD"), which the tagger reads as places and
//! organisations, and a cue after them would take the last piece for its speaker. They are read
//! here off the text, so that the entity layer tags nothing inside them and the quote stage looks
//! past them for the name.

use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;

use warta_core::{Span, wordlist};

const DEGREES: &str = include_str!("../data/degrees.txt");

/// Degrees written whole, in [`key`] form.
static WHOLE: LazyLock<HashSet<String>> =
    LazyLock::new(|| wordlist::section(DEGREES, "degree").map(key).collect());

/// Titles that are degrees only when a comma closes them, in [`key`] form.
static BEFORE_COMMA: LazyLock<HashSet<String>> = LazyLock::new(|| {
    wordlist::section(DEGREES, "degree_before_comma")
        .map(key)
        .collect()
});

/// Openings of degree families ("sp.", "m."), lower case.
static PREFIXES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| wordlist::section(DEGREES, "degree_prefix").collect());

/// Openings of degree families written without a period ("Sp" of "SpPD"), as written.
static UNDOTTED_PREFIXES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| wordlist::section(DEGREES, "degree_prefix_undotted").collect());

/// The most words of a degree: "ASEAN Eng".
const MAX_DEGREE_WORDS: usize = 2;

/// Lower case, without a final period.
fn key(word: &str) -> String {
    word.strip_suffix('.').unwrap_or(word).to_lowercase()
}

/// A degree or credential as written: "Sp.PD", "Ph.D.", "M.Psi.", "FINASIM", "SpJP".
pub fn is_degree(word: &str) -> bool {
    let key = key(word);
    WHOLE.contains(&key)
        || PREFIXES.iter().any(|prefix| {
            key.strip_prefix(prefix).is_some_and(|field| {
                // "Sp. PD", "Subsp. F.E.R": a space may follow the longer openings, not "S." or
                // "M.", which are also initials ("S. Budi").
                let field = if prefix.len() > 2 {
                    field.trim_start()
                } else {
                    field
                };
                is_field(field, char::is_ascii_alphabetic)
            })
        })
        || UNDOTTED_PREFIXES.iter().any(|prefix| {
            let written = word.strip_suffix('.').unwrap_or(word);
            written
                .strip_prefix(prefix)
                .is_some_and(|field| is_field(field, char::is_ascii_uppercase))
        })
}

/// A degree's field after its opening: a letter of the kind asked, then such letters, periods,
/// hyphens and brackets ("PD-KEMD", "A(K)", "g.e.h").
fn is_field(field: &str, letter: fn(&char) -> bool) -> bool {
    field.chars().next().is_some_and(|c| letter(&c))
        && field
            .chars()
            .all(|c| letter(&c) || matches!(c, '.' | '-' | '(' | ')'))
}

/// The degrees written after a name that ends at byte `name_end` of `text`, from the comma that
/// opens them to the end of the last one (with its "(K)" of consultant, if any); `None` when no
/// comma and degree follow. "Budi Akbar, Sp.PD, Ph.D mengatakan" gives ", Sp.PD, Ph.D".
pub fn after_name(text: &str, name_end: usize) -> Option<Span> {
    let rest = text.get(name_end..)?;
    let first = rest.trim_start();
    if !first.starts_with(',') {
        return None;
    }
    let mut at = name_end + (rest.len() - first.len()) + 1;
    let mut end = None;
    while let Some(next) = degree_at(text, at) {
        end = Some(next);
        // The next degree may follow after a comma or a space.
        let rest = &text[next..];
        let trimmed = rest.trim_start();
        at = next + (rest.len() - trimmed.len()) + usize::from(trimmed.starts_with(','));
    }
    end.map(|end| Span::new(name_end, end))
}

/// The end of the degree (of one or two words) that starts at byte `at` after white space, if one
/// does.
fn degree_at(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let start = at + (rest.len() - rest.trim_start().len());
    let mut end = start;
    let mut found = None;
    for _ in 0..MAX_DEGREE_WORDS {
        let rest = &text[end..];
        let skipped = rest.len() - rest.trim_start().len();
        let word_len = rest[skipped..]
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | '?' | '!' | ';' | ':'))
            .unwrap_or(rest.len() - skipped);
        if word_len == 0 {
            break;
        }
        end += skipped + word_len;
        let word = &text[start..end];
        let closed = text[end..].trim_start().starts_with(',');
        if is_degree(word) || (closed && BEFORE_COMMA.contains(&key(word))) {
            found = Some(end);
        }
    }
    let end = found?;
    // "Sp.S (K)", "Sp.OT (K)": consultant, written apart.
    let rest = &text[end..];
    let trimmed = rest.trim_start();
    Some(match trimmed.strip_prefix("(K)") {
        Some(after) => end + (rest.len() - after.len()),
        None => end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degrees_whole_and_by_family() {
        for degree in [
            "Sp.PD",
            "Sp. PD",
            "Sp.A(K)",
            "Sp.PD-KEMD",
            "Subsp. F.E.R",
            "Ph.D",
            "PhD",
            "M.Psi.",
            "S.Kom.",
            "FINASIM",
        ] {
            assert!(is_degree(degree), "{degree}");
        }
        for word in [
            "Sp",
            "S.",
            "S. Budi",
            "M. Yusuf",
            "M",
            "Budi",
            "Menteri",
            "Spesialis",
        ] {
            assert!(!is_degree(word), "{word}");
        }
    }

    fn after<'a>(text: &'a str, name: &str) -> Option<&'a str> {
        let end = text.find(name).unwrap() + name.len();
        after_name(text, end).map(|span| &text[span.range()])
    }

    #[test]
    fn the_run_of_degrees_after_a_name() {
        assert_eq!(
            after("dr Ahmad Akbar, Sp.PD mengatakan", "Akbar"),
            Some(", Sp.PD")
        );
        assert_eq!(
            after(
                "Hans Tandra, Sp.PD-KEMD, Ph.D, FINASIM, FACE menyatakan",
                "Tandra"
            ),
            Some(", Sp.PD-KEMD, Ph.D, FINASIM, FACE")
        );
        assert_eq!(
            after("dr Paulus, Sp.S (K). Ia", "Paulus"),
            Some(", Sp.S (K)")
        );
        assert_eq!(
            after("Ir Budi, ASEAN Eng menyampaikan", "Budi"),
            Some(", ASEAN Eng")
        );
        assert_eq!(
            after("Nelly, S.Kom., M.M., mengungkapkan", "Nelly"),
            Some(", S.Kom., M.M.")
        );
        assert_eq!(
            after("Budi Setia, dr., Sp.A(K)., institusi", "Setia"),
            Some(", dr., Sp.A(K).")
        );
        assert_eq!(after("namanya Maruarar, SH?", "Maruarar"), Some(", SH"));
    }

    #[test]
    fn no_degree_no_run() {
        assert_eq!(
            after("Budi Akbar, Menteri Kesehatan, mengatakan", "Akbar"),
            None
        );
        assert_eq!(after("Budi Akbar mengatakan, Sp.PD", "Akbar"), None);
        assert_eq!(after("Budi Akbar, S. Kom", "Akbar"), None);
        assert_eq!(after("Budi Akbar,", "Akbar"), None);
        // "dr" before the next name is that name's title.
        assert_eq!(after("Budi Akbar, dr Andi Wijaya", "Akbar"), None);
    }
}
