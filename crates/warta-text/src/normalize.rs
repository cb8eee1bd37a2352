//! A normalised copy of a text for case- and accent-insensitive matching, with a map back to the
//! original byte offsets.
//!
//! # Contract
//! [`NormalizedView::new`] applies, character by character:
//! 1. quotation marks of every shape become `"`, apostrophes (`’ ' ‘ ` ´ ʼ`) become `'`, dashes
//!    (`– — ‒ ― −`) become `-`, every whitespace character (including NBSP and zero-width ones)
//!    becomes one space;
//! 2. compatibility decomposition (NFKD: "ﬁ" → "fi", full-width → ASCII), with combining marks
//!    dropped ("é" → "e");
//! 3. lower-casing.
//!
//! Every normalised byte remembers the original character it came from, so a match
//! `[start, end)` in [`NormalizedView::as_str`] maps back with [`NormalizedView::original`] to the
//! smallest span of whole original characters that produced it. Normalise the patterns you search
//! for with [`normalize`], which applies the same steps.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};
use warta_core::Span;

use crate::chars::{is_dash, is_space};

#[derive(Debug, Clone)]
pub struct NormalizedView<'a> {
    original: &'a str,
    normalized: String,
    /// For each byte of `normalized`, the byte offset in `original` of the character it came from.
    origin: Vec<usize>,
}

impl<'a> NormalizedView<'a> {
    pub fn new(original: &'a str) -> Self {
        let mut normalized = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        for (at, c) in original.char_indices() {
            let before = normalized.len();
            push_normalized(c, &mut normalized);
            origin.resize(origin.len() + normalized.len() - before, at);
        }
        NormalizedView {
            original,
            normalized,
            origin,
        }
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.normalized
    }

    /// The original text.
    pub fn original_text(&self) -> &'a str {
        self.original
    }

    /// The span of the original text that produced normalised bytes `start..end` (which need not
    /// be character boundaries of the normalised text). Out-of-range ends are clamped.
    pub fn original(&self, start: usize, end: usize) -> Span {
        let len = self.normalized.len();
        let (start, end) = (start.min(len), end.min(len));
        if start >= end {
            let at = self
                .origin
                .get(start)
                .copied()
                .unwrap_or(self.original.len());
            return Span::new(at, at);
        }
        let from = self.origin[start];
        let last = self.origin[end - 1];
        let last_len = self.original[last..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        Span::new(from, last + last_len)
    }
}

/// Normalises `s` the way [`NormalizedView`] does, for patterns to search with.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_normalized(c, &mut out);
    }
    out
}

fn push_normalized(c: char, out: &mut String) {
    if c.is_ascii() {
        let unified = match c {
            '`' => '\'',
            c if c.is_ascii_whitespace() => ' ',
            c => c.to_ascii_lowercase(),
        };
        out.push(unified);
        return;
    }
    let unified = match c {
        '“' | '”' | '„' | '‟' | '«' | '»' | '‹' | '›' | '＂' => Some('"'),
        '‘' | '’' | '‚' | '‛' | '´' | 'ʼ' | '＇' => Some('\''),
        c if is_dash(c) => Some('-'),
        c if is_space(c) => Some(' '),
        _ => None,
    };
    if let Some(u) = unified {
        out.push(u);
        return;
    }
    decompose_compatible(c, |d| {
        if !is_combining_mark(d) {
            out.extend(d.to_lowercase());
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unifies_and_maps_back() {
        let text = "“JOKOWI” Kata Café—ﬁnal";
        let view = NormalizedView::new(text);
        assert_eq!(view.as_str(), "\"jokowi\" kata cafe-final");
        let at = view.as_str().find("cafe").unwrap();
        let span = view.original(at, at + 4);
        assert_eq!(&text[span.range()], "Café");
        // "fi" comes from one ligature: half of it maps to the whole character.
        let fi = view.as_str().find("fi").unwrap();
        assert_eq!(&text[view.original(fi, fi + 1).range()], "ﬁ");
        assert_eq!(normalize("JOKOWI’s"), "jokowi's");
    }

    #[test]
    fn empty_and_clamped_spans() {
        let view = NormalizedView::new("ab");
        assert_eq!(view.original(1, 1), Span::new(1, 1));
        assert_eq!(view.original(0, 99), Span::new(0, 2));
        assert_eq!(view.original(5, 9), Span::new(2, 2));
    }
}
