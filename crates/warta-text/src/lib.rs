//! Indonesian news text: cleaning, segmentation and normalised views.
//!
//! Two [`warta_core::Stage`]s, in this order:
//! - [`Cleaner`] (`"clean"`): reports page furniture as [`warta_core::Document::removed`] spans
//!   (pull quotes, captions, "Baca juga" links, bylines, boilerplate) and the dateline. It never
//!   deletes text.
//! - [`Segmenter`] (`"segment"`): paragraphs, sentences and tokens over what cleaning left.
//!
//! [`NormalizedView`] gives later stages a lower-cased, accent- and quote-unified copy of a text with
//! a map back to original offsets.
//!
//! Word lists (abbreviations, boilerplate lines, bylines, outlets, enclitics, function words glued
//! to names) are data files under `data/`, compiled in. The glue splitter also reads the quote
//! stage's reporting verbs and the entity tagger's corpus words and gazetteer where they are kept
//! (`warta-quotes/data`, `warta-entities/data`), so that no list is copied.

mod chars;
mod clean;
mod glue;
mod lexicon;
mod normalize;
mod segment;
mod tokenize;

pub use clean::{Cleaned, Cleaner, clean};
pub use glue::glued_function_word;
pub use normalize::{NormalizedView, normalize};
pub use segment::{Segmenter, Segments, SentenceRules, segment};

/// Tokens of `text[range]` exactly as the [`Segmenter`] makes them, for callers (such as the PFSA
/// reader) that need the tokenizer alone.
pub fn tokenize(text: &str, range: warta_core::Span) -> Vec<warta_core::Token> {
    let mut out = Vec::new();
    tokenize::tokenize(text, range, &mut out);
    out
}
