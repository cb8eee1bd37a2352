//! Who said what: direct, indirect and mixed quotations, their cues and their speakers.
//!
//! [`QuoteStage`] reads only [`Document`] layers: the text, `removed` (pull quotes and captions
//! that cleaning set aside are never quotations), `paragraphs` and `sentences` when segmentation ran
//! (plain fallbacks otherwise), `entities` for speakers' full names, and `dates` for `said_on`.
//! It works on any of them being empty and never guesses a speaker: a quote whose cue names nobody
//! the text identifies has `speaker: None`.
//!
//! Cue verbs and their inflections are in `data/cues.txt`; the other word lists in `data/words.txt`;
//! the role words in warta-entities' `data/roles.txt` ([`warta_entities::roles`]).

mod attribute;
mod lexicon;
mod marks;
mod words;

use warta_core::{Document, Layer, Stage, StageError};

/// The pipeline stage "quotes". Run it after entities and dates.
#[derive(Debug, Clone, Copy, Default)]
pub struct QuoteStage;

impl QuoteStage {
    pub fn new() -> Self {
        QuoteStage
    }
}

impl Stage for QuoteStage {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn requires(&self) -> &'static [Layer] {
        &[
            Layer::Removed,
            Layer::Paragraphs,
            Layer::Sentences,
            Layer::Entities,
            Layer::Dates,
        ]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Quotes]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        doc.quotes = attribute::extract(doc);
        Ok(())
    }
}

#[cfg(test)]
mod tests;
