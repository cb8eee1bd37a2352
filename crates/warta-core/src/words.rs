//! The tokens as the readers of the later stages see them (the quote stage, the role reader): a
//! span, one of four kinds and whether it is capitalised.

use crate::{Document, Span, TokenKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Number,
    /// A quotation mark of any shape.
    Mark,
    Punct,
}

#[derive(Debug, Clone, Copy)]
pub struct Word {
    pub span: Span,
    pub kind: Kind,
    /// Starts with an upper-case letter.
    pub capital: bool,
}

/// The document's tokens as words: the tokenizer's splits (glued words, abbreviations with their
/// period, numbers with their separators) hold here too. Removed lines and the dateline have no
/// tokens, so they hold no words.
pub fn of_tokens(doc: &Document) -> Vec<Word> {
    let text = doc.text();
    doc.tokens
        .iter()
        .map(|t| Word {
            span: t.span,
            kind: match t.kind {
                TokenKind::Number => Kind::Number,
                TokenKind::QuoteMark => Kind::Mark,
                TokenKind::Punctuation | TokenKind::Symbol => Kind::Punct,
                TokenKind::Word
                | TokenKind::Abbreviation
                | TokenKind::Url
                | TokenKind::Email
                | TokenKind::Hashtag
                | TokenKind::Handle => Kind::Word,
            },
            capital: text[t.span.range()].starts_with(char::is_uppercase),
        })
        .collect()
}
