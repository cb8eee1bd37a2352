//! The document model every warta stage shares.
//!
//! A [`Document`] owns the article text and never changes it. Stages (see [`Stage`]) add typed layers of
//! spans that point into that text: furniture that cleaning removed, paragraphs, sentences, tokens,
//! entities, quotes and dates. Because nobody rewrites the text, every span a stage adds stays valid for
//! every later stage, and the output can be checked against the input character for character.
//!
//! Inside the process spans are **byte** ranges ([`Span`]) so that slicing is O(1) and the hot loops never
//! count characters. The JSON output contract ([`output`]) speaks **Unicode code points**, which is what
//! Python and most JSON consumers index by; the conversion happens once, at serialisation, through
//! [`CharIndex`].

mod char_index;
mod document;
pub mod identity;
mod layers;
pub mod output;
pub mod score;
mod span;
mod stage;
pub mod wordlist;
pub mod words;

pub use char_index::CharIndex;
pub use document::{Document, Meta};
pub use layers::{
    DateExpr, DateGrain, Dateline, Entity, EntityLabel, Mention, Quote, QuoteKind, Removed,
    RemovedKind, Speaker, Token, TokenKind,
};
pub use span::Span;
pub use stage::{Layer, Pipeline, Stage, StageError};

/// The version of the JSON output contract, written into every output object as `"schema"`.
pub const SCHEMA: &str = "warta/1";
