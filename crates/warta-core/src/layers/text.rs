use serde::{Deserialize, Serialize};

use crate::span::Span;

/// Why cleaning set a span of the page aside.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovedKind {
    /// A line that repeats (nearly) a sentence of the body, as designers highlight it.
    PullQuote,
    /// A short line naming the speaker of a pull quote, or a photo caption.
    Caption,
    /// "Baca juga: …" and other links to related articles.
    RelatedLink,
    /// "Penulis: …", "Editor: …", "Laporan Wartawan …".
    Byline,
    /// Menus, "Advertisement", share buttons and other scraper leftovers.
    Boilerplate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    pub kind: RemovedKind,
    pub span: Span,
}

/// The place-and-outlet opener of a news story ("JAKARTA, KOMPAS.com -").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    pub span: Span,
    /// The place as written, e.g. "JAKARTA".
    pub place: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    Word,
    /// A word ending in its own period that belongs to it ("Dr.", "dll.", "S.H.").
    Abbreviation,
    Number,
    Punctuation,
    /// A quotation mark of any shape: “ ” " ‘ ’ « » „ and the ASCII apostrophe used as one.
    QuoteMark,
    Url,
    Email,
    Hashtag,
    /// "@handle".
    Handle,
    Symbol,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// The enclitic at the end of the token ("-nya" in "katanya"), as a sub-span of `span`, so the
    /// base word is `span.start..clitic.start`.
    pub clitic: Option<Span>,
}

impl Token {
    pub fn new(span: Span, kind: TokenKind) -> Self {
        Token {
            span,
            kind,
            clitic: None,
        }
    }

    pub fn word(span: Span) -> Self {
        Token::new(span, TokenKind::Word)
    }

    /// The token without its enclitic.
    pub fn base(&self) -> Span {
        match self.clitic {
            Some(c) => Span::new(self.span.start, c.start),
            None => self.span,
        }
    }
}
