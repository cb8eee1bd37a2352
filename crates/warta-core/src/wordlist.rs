//! The one format of warta's word lists (the `data/*.txt` files each stage compiles in), and its
//! reader.
//!
//! ```text
//! # A comment: a line whose first non-blank character is `#`.
//! entry before any header      <- in the section "" (most lists have no sections)
//!
//! [prefix]                     <- a header: the entries below it are in section "prefix"
//!   Dr                         <- an entry: the line, trimmed
//! kata | katanya | mengatakan  <- an entry may have fields; splitting them is the reader's business
//! ```
//!
//! One entry a line; blank lines are skipped; a header is a whole line in square brackets (so
//! `[gambas:` is an entry). What an entry means, its case and its fields are the list's own, said in
//! the list's header comment.

/// One entry of a word list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry<'a> {
    /// The name of the last `[section]` header above the entry; "" before the first.
    pub section: &'a str,
    /// The line, trimmed.
    pub text: &'a str,
    /// Its line number (from 1), for messages about the list.
    pub line: usize,
}

/// The entries of `list`, in order.
pub fn entries(list: &str) -> impl Iterator<Item = Entry<'_>> {
    let mut section = "";
    list.lines().enumerate().filter_map(move |(i, line)| {
        let text = line.trim();
        if text.is_empty() || text.starts_with('#') {
            return None;
        }
        if let Some(header) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            section = header.trim();
            return None;
        }
        Some(Entry {
            section,
            text,
            line: i + 1,
        })
    })
}

/// The text of every entry of `list`, whatever its section: for lists without sections.
pub fn words(list: &str) -> impl Iterator<Item = &str> {
    entries(list).map(|entry| entry.text)
}

/// The text of the entries of section `name`.
pub fn section<'a>(list: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> {
    entries(list)
        .filter(move |entry| entry.section == name)
        .map(|entry| entry.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = "# comment\n  first  \n\n   # indented comment\n[one]\nDr\n[gambas:\n[ two ]\nkata | katanya\n";

    #[test]
    fn entries_are_trimmed_lines_under_their_section() {
        let entry = |section, text, line| Entry {
            section,
            text,
            line,
        };
        assert_eq!(
            entries(LIST).collect::<Vec<_>>(),
            [
                entry("", "first", 2),
                entry("one", "Dr", 6),
                entry("one", "[gambas:", 7),
                entry("two", "kata | katanya", 9),
            ]
        );
        assert_eq!(words(LIST).count(), 4);
        assert_eq!(section(LIST, "one").collect::<Vec<_>>(), ["Dr", "[gambas:"]);
        assert_eq!(section(LIST, "").collect::<Vec<_>>(), ["first"]);
        assert_eq!(section(LIST, "three").count(), 0);
    }
}
