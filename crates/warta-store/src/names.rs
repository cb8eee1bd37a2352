//! How speaker names are compared across articles.
//!
//! Two names denote the same speaker when their *keys* are equal. A key is the name without the
//! honorifics and titles that the press puts before it ("Presiden", "Bapak", "Prof.", "H.") and the
//! academic degrees after it (", S.H., M.Si."), case-folded, with punctuation reduced to spaces. Known
//! short names ("Jokowi") map to a full name through an alias table (`data/aliases.txt`), so that the
//! first article to say "Jokowi" and the next to say "Joko Widodo" land on the same speaker.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::Serialize;
use warta_core::wordlist;

static HONORIFICS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| wordlist::words(include_str!("../data/honorifics.txt")).collect());

static BUILTIN_ALIASES: LazyLock<AliasTable> =
    LazyLock::new(|| AliasTable::parse(include_str!("../data/aliases.txt")).unwrap_or_default());

/// The part of `raw` that is the name itself, with its original case: leading honorifics and
/// trailing degrees removed. Falls back to the trimmed input when nothing would remain.
pub fn display_name(raw: &str) -> &str {
    let raw = raw.trim();
    // Degrees follow the name after a comma: "Budi Santoso, S.H., M.H."
    let name = raw.split(',').next().unwrap_or(raw).trim();
    let mut rest = name;
    loop {
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = rest[..word_end].trim_end_matches('.');
        let tail = rest[word_end..].trim_start();
        if tail.is_empty() || !HONORIFICS.contains(word.to_lowercase().as_str()) {
            break;
        }
        rest = tail;
    }
    if rest.is_empty() { raw } else { rest }
}

/// True when every word of `raw` is a title or honorific ("Presiden", "AKBP", "Bapak"): the article
/// named a role, not a person, so it identifies nobody across articles.
pub fn is_title_only(raw: &str) -> bool {
    let mut words = raw
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .peekable();
    words.peek().is_some() && words.all(|w| HONORIFICS.contains(w.to_lowercase().as_str()))
}

/// The comparison key of a name: see the module documentation. Empty when the name has no letters.
pub fn name_key(raw: &str) -> String {
    let mut key = String::with_capacity(raw.len());
    for word in display_name(raw)
        .split(|c: char| !(c.is_alphanumeric() || is_apostrophe(c)))
        .filter(|w| !w.is_empty())
    {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(
            word.chars()
                .map(|c| if is_apostrophe(c) { '\'' } else { c })
                .flat_map(char::to_lowercase),
        );
    }
    key
}

/// The apostrophes of names as the press types them ("Ma'ruf", "Ma’ruf", "Maʼruf"), which the
/// tokenizer keeps inside a word: one character in a key.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '`' | '´')
}

/// True when `role` reads as a title or an office ("Kepala Dinas Pendidikan", "kuasa hukum Hasto",
/// "kepala menteri"), not as a piece of a sentence the extraction ran into: a verb after its
/// first word ("Jaksa penuntut umum (JPU) mencecar teman kuliah …", "hakim … membacakan putusan"),
/// active (meN-, with -kan or of eight letters or more, so that "menteri" and "mentor" stay
/// offices) or passive (di-…-kan; "direksi" ends in -i without being one), or a relation told by a
/// possessive ("mantan istrinya, Maia Estianty", "kuasa hukumnya").
pub fn reads_as_office(role: &str) -> bool {
    const ACTIVE: [&str; 6] = ["mem", "men", "meng", "meny", "mel", "mer"];
    /// Letters an active verb without -kan has at least ("mencecar", "melantik").
    const BARE_VERB_MIN: usize = 8;
    let clause_word = |word: &str| {
        let kan = word.len() >= 7 && word.ends_with("kan");
        let active =
            ACTIVE.iter().any(|p| word.starts_with(p)) && (kan || word.len() >= BARE_VERB_MIN);
        let passive = word.starts_with("di") && kan;
        let possessive = word.len() > 5 && word.ends_with("nya");
        active || passive || possessive
    };
    role.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .skip(1)
        .filter(|w| w.chars().all(|c| c.is_lowercase() || c == '-'))
        .all(|w| !clause_word(w))
}

/// How a short form stands for a full name: see [`short_forms`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FormKind {
    /// One word of the name ("putin" of "vladimir putin").
    Word,
    /// The initials of the name ("hnw" of "hidayat nur wahid").
    Initials,
    /// A nickname an article introduced for the name ("Maruarar Sirait yang akrab disapa Ara").
    Nickname,
}

impl FormKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FormKind::Word => "word",
            FormKind::Initials => "initials",
            FormKind::Nickname => "nickname",
        }
    }

    pub fn parse(s: &str) -> Option<FormKind> {
        match s {
            "word" => Some(FormKind::Word),
            "initials" => Some(FormKind::Initials),
            "nickname" => Some(FormKind::Nickname),
            _ => None,
        }
    }
}

/// Shortest short form: a word of one or two letters ("M", "Al") stands for too many names.
pub const MIN_SHORT_FORM_CHARS: usize = 3;

/// The one-word forms under which the press may name the person whose full name has the key `key`:
/// its first and its last word (the press shortens "Vladimir Putin" to "Putin", "Prabowo Subianto"
/// to "Prabowo", but hardly "Hidayat Nur Wahid" to "Nur"), and for three to five words its
/// initials. Empty for a one-word key, which is no full name.
pub fn short_forms(key: &str) -> Vec<(String, FormKind)> {
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    let [first, .., last] = words.as_slice() else {
        return Vec::new();
    };
    let mut forms: Vec<(String, FormKind)> = Vec::new();
    for word in [first, last] {
        if word.chars().count() >= MIN_SHORT_FORM_CHARS && !forms.iter().any(|(f, _)| f == word) {
            forms.push(((*word).to_owned(), FormKind::Word));
        }
    }
    if (MIN_SHORT_FORM_CHARS..=5).contains(&words.len()) {
        let initials: String = words.iter().filter_map(|w| w.chars().next()).collect();
        if !forms.iter().any(|(f, _)| *f == initials) {
            forms.push((initials, FormKind::Initials));
        }
    }
    forms
}

/// Whether `raw` is written as initials: two to five capital letters ("HNW", "AHY").
pub fn looks_like_initials(raw: &str) -> bool {
    let raw = display_name(raw);
    (2..=5).contains(&raw.chars().count()) && raw.chars().all(|c| c.is_uppercase())
}

/// Full names and the aliases that stand for them, keyed by [`name_key`].
#[derive(Debug, Default, Clone)]
pub struct AliasTable {
    /// One entry per line of the file, in order: the full name and its aliases as written.
    pub entries: Vec<AliasEntry>,
    by_key: HashMap<String, usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasEntry {
    pub name: String,
    pub aliases: Vec<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("aliases line {line}: {message}")]
pub struct AliasParseError {
    pub line: usize,
    pub message: String,
}

impl AliasTable {
    /// Parses a word list ([`wordlist`]) of entries `Full Name = alias; alias; …`, without sections.
    pub fn parse(text: &str) -> Result<AliasTable, AliasParseError> {
        let mut table = AliasTable::default();
        for entry in wordlist::entries(text) {
            let error = |message: &str| AliasParseError {
                line: entry.line,
                message: message.to_owned(),
            };
            // A line in square brackets is a header in this format, not a name: refuse what
            // follows it rather than file it under a section nobody reads.
            if !entry.section.is_empty() {
                return Err(error("an aliases file has no [sections]"));
            }
            let (name, aliases) = entry
                .text
                .split_once('=')
                .ok_or_else(|| error("expected `Full Name = alias; alias`"))?;
            let name = name.trim();
            if name_key(name).is_empty() {
                return Err(error("the full name is empty"));
            }
            let aliases: Vec<String> = aliases
                .split(';')
                .map(str::trim)
                .filter(|a| !name_key(a).is_empty())
                .map(str::to_owned)
                .collect();
            let index = table.entries.len();
            for key in std::iter::once(name)
                .chain(aliases.iter().map(String::as_str))
                .map(name_key)
            {
                table.by_key.insert(key, index);
            }
            table.entries.push(AliasEntry {
                name: name.to_owned(),
                aliases,
            });
        }
        Ok(table)
    }

    /// The full name that `raw` stands for, if the table knows it.
    pub fn full_name(&self, raw: &str) -> Option<&str> {
        self.by_key
            .get(&name_key(raw))
            .map(|&i| self.entries[i].name.as_str())
    }
}

/// The built-in table of well-known short names.
pub fn builtin_aliases() -> &'static AliasTable {
    &BUILTIN_ALIASES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_offices_not_clauses() {
        for office in [
            "Kepala Dinas Pendidikan Kota Bandung",
            "kuasa hukum Hasto",
            "kepala menteri",
            "psikolog klinis berlisensi",
            "Menteri Koordinator Bidang Hukum, HAM, Imigrasi, dan Pemasyarakatan",
            "dokter spesialis anak",
            "anggota direksi",
        ] {
            assert!(reads_as_office(office), "{office}");
        }
        for clause in [
            "Jaksa penuntut umum (JPU) mencecar teman kuliah Budi Santoso",
            "hakim Pengadilan Negeri Surabaya membacakan putusan",
            "mantan istrinya, Maia Estianty",
            "kuasa hukumnya",
            "Direktur Programming SCM menyampaikan",
        ] {
            assert!(!reads_as_office(clause), "{clause}");
        }
    }

    #[test]
    fn titles_and_degrees_are_not_part_of_the_name() {
        assert_eq!(display_name("Presiden Joko Widodo"), "Joko Widodo");
        assert_eq!(display_name("Bapak H. Ahmad Heryawan"), "Ahmad Heryawan");
        assert_eq!(
            display_name("Prof. Dr. Ir. Budi Santoso, M.Sc."),
            "Budi Santoso"
        );
        assert_eq!(
            display_name("Juru Bicara KPK Budi Prasetyo"),
            "KPK Budi Prasetyo"
        );
        // A lone title is kept rather than emptied.
        assert_eq!(display_name("Presiden"), "Presiden");
    }

    #[test]
    fn keys_ignore_case_titles_and_punctuation() {
        assert_eq!(name_key("Presiden Joko Widodo"), "joko widodo");
        assert_eq!(name_key("JOKO  WIDODO"), "joko widodo");
        assert_eq!(name_key("Ma'ruf Amin"), "ma'ruf amin");
        // However the apostrophe is typed.
        assert_eq!(name_key("Ma’ruf Amin"), "ma'ruf amin");
        assert_eq!(name_key("MAʼRUF AMIN"), "ma'ruf amin");
        assert_eq!(name_key("Dr. Tirta Mandira Hudhi"), "tirta mandira hudhi");
        assert_eq!(name_key(" , "), "");
        assert!(is_title_only("AKBP") && is_title_only("Bapak Presiden"));
        assert!(!is_title_only("Presiden Jokowi") && !is_title_only(""));
    }

    #[test]
    fn builtin_table_maps_short_names_to_full_names() {
        let table = builtin_aliases();
        assert_eq!(table.full_name("Jokowi"), Some("Joko Widodo"));
        assert_eq!(table.full_name("Presiden Jokowi"), Some("Joko Widodo"));
        assert_eq!(table.full_name("Cak Imin"), Some("Muhaimin Iskandar"));
        assert_eq!(table.full_name("Budi"), None);
    }

    #[test]
    fn alias_file_errors_name_the_line() {
        let err = AliasTable::parse("# c\nJoko Widodo = Jokowi\nno equals sign\n").unwrap_err();
        assert_eq!(err.line, 3);
        let err = AliasTable::parse("Joko Widodo = Jokowi\n[Tim]\nAnies Baswedan = Anies\n");
        assert_eq!(err.unwrap_err().line, 3);
        let table = AliasTable::parse("A B = ; C\n").unwrap();
        assert_eq!(table.entries[0].aliases, vec!["C".to_owned()]);
    }
}
