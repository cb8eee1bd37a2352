//! Character classes shared by cleaning, segmentation and the normalised view.

/// Whitespace, including the invisible format characters scrapers leave between words
/// (zero-width space, left-to-right mark, BOM).
#[inline]
pub(crate) fn is_space(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_whitespace() || c == '\u{0B}';
    }
    c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}')
}

/// A character that can be part of a word: letters, digits and combining marks.
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || matches!(c, '\u{0300}'..='\u{036F}' | '\u{00AD}')
}

/// Quotation marks of every shape and direction.
pub(crate) fn is_quote_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '`'
            | '´'
            | '“'
            | '”'
            | '„'
            | '‟'
            | '‘'
            | '’'
            | '‚'
            | '‛'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '＂'
            | '＇'
    )
}

/// Marks whose shape says they open a quotation; `”`, `’`, `»` and the straight marks are decided by
/// their neighbours instead, because Indonesian outlets also use `”` as an opener.
pub(crate) fn is_opening_shape(c: char) -> bool {
    matches!(c, '“' | '„' | '‘' | '‚' | '«' | '‹' | '‟' | '‛')
}

/// An apostrophe that may sit inside a word ("Jum'at", "Ma’ruf").
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '`' | '´' | 'ʼ')
}

/// Punctuation that can end a sentence.
pub(crate) fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉')
}

pub(crate) fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‒' | '―' | '−')
}

/// The character starting at byte `i` of `s` (which must be a char boundary below `s.len()`).
#[inline]
pub(crate) fn char_at(s: &str, i: usize) -> char {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        b as char
    } else {
        s[i..].chars().next().unwrap_or('\u{FFFD}')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_space('\u{00A0}') && is_space('\u{200E}') && !is_space('a'));
        assert!(is_word_char('é') && is_word_char('7') && !is_word_char('-'));
        assert!(is_quote_mark('”') && is_quote_mark('«') && !is_quote_mark('('));
        assert!(is_opening_shape('“') && !is_opening_shape('”'));
        assert_eq!(char_at("a“b", 1), '“');
    }
}
