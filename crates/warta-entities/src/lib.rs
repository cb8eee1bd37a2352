//! Indonesian named entities for warta.
//!
//! - [`Tagger`]: a sequence tagger (PER, ORG, LOC in BIO) over hashed features — word forms, shapes,
//!   affixes, neighbours, trigger words, gazetteer hits, word clusters ([`clusters`]) and the
//!   capitalised run a token sits in ([`features`]). Two trainers share the features: a
//!   linear-chain CRF ([`crf::train_crf`], Viterbi decoding; the shipped model in
//!   `models/ner/`) and a greedy averaged perceptron ([`train::train`]).
//! - [`Lexicon`]: the word lists in `data/` (titles, ranks, honorifics, trigger words, gazetteers of
//!   regions, countries, Indonesian institutions and names annotated in other corpora), matched token
//!   by token.
//! - [`EntityStage`]: the pipeline stage. It tags every sentence, separates titles, ranks and honorifics
//!   from names, reads roles and affiliations, and resolves the mentions of one article into entities
//!   named by their fullest form.
//! - [`entity_at`]: for later stages (quotes), the entity a span of the text refers to.

pub mod augment;
pub mod clusters;
pub mod conll;
pub mod crf;
mod error;
pub mod features;
mod hash;
pub mod lexicon;
pub mod metrics;
pub mod model;
mod phrases;
pub mod tagger;
pub mod tags;
pub mod train;

pub use conll::{Case, Sentence, parse_conll, read_conll};
pub use error::NerError;
pub use features::Domain;
pub use lexicon::Lexicon;
pub use metrics::{Counts, Evaluation};
pub use model::Model;
pub use tagger::Tagger;
pub use tags::Tag;
pub use train::{Corpus, TrainConfig, train};
mod resolve;
mod stage;

pub use stage::EntityStage;

use warta_core::{Document, Span};

/// The index in `doc.entities` of the entity that `span` refers to: the entity with a mention that
/// covers most of `span`, or `None` when no mention overlaps it.
///
/// For later stages: the quotes stage resolves a speaker's words ("Yang", "Presiden") with it.
pub fn entity_at(doc: &Document, span: Span) -> Option<usize> {
    let overlap = |m: Span| m.end.min(span.end).saturating_sub(m.start.max(span.start));
    doc.entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.mentions.iter().map(move |m| (i, overlap(m.span))))
        .filter(|&(_, o)| o > 0 || span.is_empty())
        .filter(|&(i, _)| {
            !span.is_empty()
                || doc.entities[i]
                    .mentions
                    .iter()
                    .any(|m| m.span.contains(span))
        })
        .max_by_key(|&(i, o)| (o, std::cmp::Reverse(i)))
        .map(|(i, _)| i)
}
