//! Greedy left-to-right tagging with an averaged-perceptron model.

use std::path::Path;

use crate::error::NerError;
use crate::features::{Domain, N_HISTORY, N_STATIC, SentenceFeatures};
use crate::lexicon::Lexicon;
use crate::model::{Model, Scorer};
use crate::tags::{N_TAGS, Tag};

/// The model trained by `warta train ner` that ships in the repository (see README.md for the command
/// that rebuilds it).
pub static BUNDLED_MODEL: &[u8] = include_bytes!("../../../models/ner/warta-ner.bin");

pub struct Tagger {
    model: Model,
    lexicon: Lexicon,
    domain: Domain,
}

impl Tagger {
    pub fn new(model: Model, lexicon: Lexicon) -> Tagger {
        Tagger {
            model,
            lexicon,
            domain: Domain::NEWS,
        }
    }

    /// Follows the annotation conventions of another training corpus (for evaluating on it).
    pub fn with_domain(mut self, domain: Domain) -> Tagger {
        self.domain = domain;
        self
    }

    /// The bundled model with the bundled word lists.
    pub fn bundled() -> Result<Tagger, NerError> {
        Ok(Tagger::new(
            Model::from_bytes(BUNDLED_MODEL, "bundled")?,
            Lexicon::bundled(),
        ))
    }

    /// A model file with the bundled word lists.
    pub fn load(path: &Path) -> Result<Tagger, NerError> {
        Ok(Tagger::new(Model::load(path)?, Lexicon::bundled()))
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Tags one sentence.
    pub fn tag(&self, tokens: &[&str]) -> Vec<Tag> {
        let mut features = SentenceFeatures::default();
        let mut tags = Vec::new();
        self.tag_into(tokens, &mut features, &mut tags);
        tags
    }

    /// Tags one sentence into `tags`, reusing the buffers of `features` (the fast path).
    pub fn tag_into(&self, tokens: &[&str], features: &mut SentenceFeatures, tags: &mut Vec<Tag>) {
        let domain = self.model.domain_adapted().then_some(self.domain);
        features.compute(tokens, &self.lexicon, domain);
        decode(&self.model, features, tags);
    }
}

/// Greedy decoding: each token takes its best-scoring tag among those that keep the BIO sequence
/// well formed, given the tags already chosen.
pub(crate) fn decode(model: &Model, features: &SentenceFeatures, tags: &mut Vec<Tag>) {
    if let Some(transitions) = model.transitions() {
        return viterbi(model, transitions, features, tags);
    }
    tags.clear();
    for i in 0..features.len() {
        let (tag, _) = predict(model, features, i, tags);
        tags.push(tag);
    }
}

/// The best-scoring well-formed tag sequence under state scores (static features) plus transitions,
/// as a linear-chain CRF decodes.
fn viterbi(
    model: &Model,
    transitions: &[[i16; 8]; 8],
    features: &SentenceFeatures,
    tags: &mut Vec<Tag>,
) {
    const NONE: i64 = i64::MIN / 4;
    let n = features.len();
    tags.clear();
    if n == 0 {
        return;
    }
    let mut best = [[NONE; N_TAGS]; 1].to_vec();
    let mut back: Vec<[u8; N_TAGS]> = Vec::with_capacity(n);
    for i in 0..n {
        let mut state = [0i32; 8];
        model.accumulate(features.statics(i), &mut state);
        let mut column = [NONE; N_TAGS];
        let mut from = [0u8; N_TAGS];
        for (t, cell) in column.iter_mut().enumerate() {
            let tag = Tag(t as u8);
            if i == 0 {
                if tag.may_follow(Tag::OUTSIDE) {
                    *cell = i64::from(state[t]);
                }
                continue;
            }
            for (p, &prev_score) in best[i - 1].iter().enumerate() {
                if prev_score == NONE || !tag.may_follow(Tag(p as u8)) {
                    continue;
                }
                let score = prev_score + i64::from(transitions[p][t]) + i64::from(state[t]);
                if score > *cell {
                    *cell = score;
                    from[t] = p as u8;
                }
            }
        }
        if i == 0 {
            best[0] = column;
        } else {
            best.push(column);
        }
        back.push(from);
    }
    let last = &best[n - 1];
    let mut t = (0..N_TAGS)
        .max_by_key(|&t| (last[t], std::cmp::Reverse(t)))
        .unwrap_or(0);
    tags.resize(n, Tag::OUTSIDE);
    for i in (0..n).rev() {
        tags[i] = Tag(t as u8);
        t = back[i][t] as usize;
    }
}

/// The best tag for token `i` after `history`, and the history features it was scored with.
#[inline]
pub(crate) fn predict<S: Scorer>(
    scorer: &S,
    features: &SentenceFeatures,
    i: usize,
    history: &[Tag],
) -> (Tag, ([u64; N_HISTORY], usize)) {
    let prev = history.last().copied().unwrap_or(Tag::OUTSIDE);
    let prev2 = history
        .len()
        .checked_sub(2)
        .map_or(Tag::OUTSIDE, |j| history[j]);
    let dynamic = features.history(i, prev, prev2);
    let mut scores = [S::Score::default(); 8];
    scorer.accumulate(features.statics(i), &mut scores);
    scorer.accumulate(&dynamic.0[..dynamic.1], &mut scores);
    (best_allowed(&scores, prev), dynamic)
}

fn best_allowed<T: Copy + PartialOrd>(scores: &[T; 8], prev: Tag) -> Tag {
    let mut best: Option<(Tag, T)> = None;
    for (t, &score) in scores.iter().enumerate().take(N_TAGS) {
        let tag = Tag(t as u8);
        if tag.may_follow(prev) && best.is_none_or(|(_, b)| score > b) {
            best = Some((tag, score));
        }
    }
    best.map_or(Tag::OUTSIDE, |(tag, _)| tag)
}

const _: () = assert!(
    ((N_STATIC + N_HISTORY) as i64) * (i16::MAX as i64) < i32::MAX as i64,
    "i32 sums of i16 weights must not overflow"
);
