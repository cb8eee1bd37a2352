//! Indonesian named entities for warta.
//!
//! - [`Tagger`]: a sequence tagger (PER, ORG, LOC in BIO) over hashed features — word forms, shapes,
//!   affixes, neighbours, trigger words, gazetteer hits, word clusters and the capitalised run a
//!   token sits in ([`features`]) — with the [`Model`] it reads (the shipped one is a linear-chain
//!   CRF decoded with Viterbi; a greedy averaged perceptron reads the same way).
//! - [`Lexicon`]: the word lists in `data/` (titles, ranks, honorifics, trigger words, gazetteers of
//!   regions, countries, Indonesian institutions and names annotated in other corpora), matched token
//!   by token.
//! - [`roles`]: warta's one role lexicon and its one reader ([`roles::read`]): the roles this layer
//!   keeps for every person mention, and a speaker's public role, which the quote stage asks for.
//! - [`titles`]: warta's one list of honorifics, ranks and titles written before a name, which the
//!   tagger, the quote stage and the store's name keys read.
//! - [`EntityStage`]: the pipeline stage. It tags every sentence, separates titles, ranks and honorifics
//!   from names, reads roles and affiliations, and resolves the mentions of one article into entities
//!   named by their fullest form.
//! - [`entity_at`]: for later stages (quotes), the entity a span of the text refers to.
//!
//! With the `train` feature (off by default; `warta train ner` and `warta eval ner` turn it on), also
//! what builds and measures models: the CoNLL reader (`conll`), the two trainers (`crf::train_crfsuite`
//! by the `crfs` crate, `train::train` for the perceptron) and their training copies (`augment`),
//! conlleval-style scores (`metrics`) and the word clusters computed from text (`clusters`). The
//! pipeline never needs them, so it builds without `crfs`.

pub mod degrees;
mod error;
pub mod features;
mod hash;
pub mod lexicon;
pub mod model;
mod phrases;
pub mod roles;
pub mod tagger;
pub mod tags;
pub mod titles;

#[cfg(feature = "train")]
pub mod augment;
#[cfg(feature = "train")]
pub mod clusters;
#[cfg(feature = "train")]
pub mod conll;
#[cfg(feature = "train")]
pub mod crf;
#[cfg(feature = "train")]
pub mod metrics;
#[cfg(feature = "train")]
pub mod train;

pub use error::NerError;
pub use features::Domain;
pub use lexicon::Lexicon;
pub use model::Model;
pub use tagger::Tagger;
pub use tags::Tag;

#[cfg(feature = "train")]
pub use conll::{Case, Sentence, parse_conll, read_conll};
#[cfg(feature = "train")]
pub use metrics::{Counts, Evaluation};
#[cfg(feature = "train")]
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
