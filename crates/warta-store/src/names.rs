//! How speaker names are compared across articles.
//!
//! Two names denote the same speaker when their *keys* are equal. A key is the name without the
//! honorifics and titles that the press puts before it ("Presiden", "Bapak", "Prof.", "H.": warta's
//! one list of them, [`warta_entities::titles`], which the entity layer strips from names too) and
//! the academic degrees after it (", S.H., M.Si."), case-folded, with punctuation reduced to spaces. Known
//! short names ("Jokowi") map to a full name through an alias table (`data/aliases.txt`), so that the
//! first article to say "Jokowi" and the next to say "Joko Widodo" land on the same speaker.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Serialize;
use warta_core::{Span, TokenKind, wordlist};
use warta_entities::roles::ROLE_WORDS;
use warta_entities::titles;

static BUILTIN_ALIASES: LazyLock<AliasTable> =
    LazyLock::new(|| AliasTable::parse(include_str!("../data/aliases.txt")).unwrap_or_default());

/// The part of `raw` that is the name itself, with its original case: leading honorifics and
/// trailing degrees removed. Falls back to the trimmed input when nothing would remain.
pub fn display_name(raw: &str) -> &str {
    let raw = raw.trim();
    // Degrees follow the name after a comma: "Budi Santoso, S.H., M.H."
    let name = raw.split(',').next().unwrap_or(raw).trim();
    let mut rest = name;
    let mut after_title = false;
    loop {
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = rest[..word_end].trim_end_matches('.');
        let tail = rest[word_end..].trim_start();
        if tail.is_empty() || !is_title_word(word, after_title) {
            break;
        }
        rest = tail;
        after_title = true;
    }
    if rest.is_empty() { raw } else { rest }
}

/// A word of the titles before a name: one of warta's titles ([`titles`]), or after one, a word
/// that stands inside an office's name ("Juru Bicara", "Ketua Umum").
fn is_title_word(word: &str, after_title: bool) -> bool {
    titles::is_title(word) || (after_title && ROLE_WORDS.is_inner(&word.to_lowercase()))
}

/// True when every word of `raw` is a title or honorific ("Presiden", "AKBP", "Bapak"): the article
/// named a role, not a person, so it identifies nobody across articles.
pub fn is_title_only(raw: &str) -> bool {
    let mut words = raw
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    words
        .next()
        .is_some_and(|first| is_title_word(first, false))
        && words.all(|w| is_title_word(w, true))
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

/// Words that end no title: a role read on into them ran past its end ("Menteri Sosial … atau").
const ROLE_TAIL_WORDS: [&str; 5] = ["atau", "dan", "serta", "yang", "alias"];

/// The part of `role` that is the office of the speaker called `names` (as quoted, and the full name
/// of their entity), as a speaker's role is stored and shown: what stands before the speaker's own
/// name ("Menteri Sosial Saifullah Yusuf atau" → "Menteri Sosial"), without a word that ends no
/// title, the rank of the name that followed ("… Polda Metro Jaya Kombes") or an unopened bracket at
/// its end. `None` when that is no office ([`reads_as_office`]), or
/// when the role starts inside brackets ("Kabid Binpres) PBSI": what it stands for was cut off
/// before it). Words a scraper glued together are written apart ([`unglued`]).
pub fn office_of(role: &str, names: &[&str]) -> Option<String> {
    let mut office = role.trim();
    if let Some(at) = names
        .iter()
        .flat_map(|name| name.split_whitespace())
        .filter(|w| w.chars().count() >= 3)
        .filter_map(|w| name_word_at(office, w))
        .min()
    {
        office = &office[..at];
    }
    loop {
        let trimmed = office
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-'));
        let last = trimmed.rsplit(char::is_whitespace).next().unwrap_or("");
        let next = match trimmed.strip_suffix(')') {
            Some(open) if !open.contains('(') => open,
            _ if ROLE_TAIL_WORDS.iter().any(|t| last.eq_ignore_ascii_case(t))
                || titles::is_honorific_or_rank(last) =>
            {
                &trimmed[..trimmed.len() - last.len()]
            }
            _ => trimmed,
        };
        if next.len() == office.len() {
            break;
        }
        office = next;
    }
    let starts_inside_brackets = office
        .find(')')
        .is_some_and(|close| !office[..close].contains('('));
    (!office.is_empty() && !starts_inside_brackets && reads_as_office(office))
        .then(|| unglued(office))
}

/// `text` with a space between two words a scraper glued where it dropped a link ("Wali
/// KotaBandung", "ManajerManchester City"), where the tokenizer splits a word as it does for names,
/// and one space for every run of white space (a line break, a no-break space).
fn unglued(text: &str) -> String {
    let tokens = warta_text::tokenize(text, Span::new(0, text.len()));
    let mut out = String::with_capacity(text.len() + 4);
    let mut copied = 0;
    for pair in tokens.windows(2) {
        let words = pair.iter().all(|t| t.kind == TokenKind::Word);
        if words && pair[0].span.end == pair[1].span.start {
            out.push_str(&text[copied..pair[1].span.start]);
            out.push(' ');
            copied = pair[1].span.start;
        }
    }
    out.push_str(&text[copied..]);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where `word` of a name stands in `text` as a word of its own, or glued to the word before it by
/// a scraper ("SosialSaifullah"), not inside a longer word.
fn name_word_at(text: &str, word: &str) -> Option<usize> {
    let capitalised = word.starts_with(char::is_uppercase);
    text.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        let starts = match before {
            Some(c) if c.is_alphanumeric() => capitalised && c.is_lowercase(),
            _ => true,
        };
        starts && !after.is_some_and(char::is_alphanumeric)
    })
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
    fn a_role_is_the_office_before_the_speakers_own_name() {
        // No office at all reads as "".
        let office = |role| office_of(role, &["Rudi", "Rudi Hartanto"]).unwrap_or_default();
        for (role, expected) in [
            (
                "Menteri Sosial (Mensos) Rudi Hartanto atau",
                "Menteri Sosial (Mensos)",
            ),
            ("Menteri SosialRudi Hartanto", "Menteri Sosial"),
            ("Kepala Dinas Pendidikan, Rudi", "Kepala Dinas Pendidikan"),
            ("Wamen ATR/Waka BPN)", "Wamen ATR/Waka BPN"),
            ("Kabid Humas Polda Kota Kombes", "Kabid Humas Polda Kota"),
            (
                "Ketua Umum Partai Hartantoyo",
                "Ketua Umum Partai Hartantoyo",
            ),
            // Words a scraper glued are written apart.
            ("Wali KotaBandung", "Wali Kota Bandung"),
            ("Wakil\u{a0}Ketua\n Komisi", "Wakil Ketua Komisi"),
            // Begun inside brackets, or nothing before the name: no office.
            ("Kabid Binpres) PBSI", ""),
            ("Rudi Hartanto atau", ""),
        ] {
            assert_eq!(office(role), expected, "{role}");
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
        assert!(is_title_only("Juru Bicara") && !is_title_only("Bicara"));
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
