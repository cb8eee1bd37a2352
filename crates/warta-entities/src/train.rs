//! Training the averaged perceptron.
//!
//! Decoding during training is the same greedy pass as at run time, with the model's own earlier
//! predictions as history, so that the model learns to recover from its mistakes. Averaging uses the
//! usual trick: alongside the weights `w` keep `u += t·Δ` for every update at step `t`; the average
//! over all steps is then `w − u/t`, so no weight has to be touched when nothing changes.

use crate::augment::{SplitMix64, training_sentences};
use crate::conll::{Case, Sentence};
use crate::error::NerError;
use crate::features::{Domain, SentenceFeatures};
use crate::lexicon::Lexicon;
use crate::model::{Model, Scorer};
use crate::tagger::predict;
use crate::tags::Tag;

#[derive(Debug, Clone)]
pub struct TrainConfig {
    pub epochs: usize,
    /// The weight table has `2^bits` rows.
    pub bits: u32,
    /// Seeds the order in which sentences are visited; the same data and seed give the same model.
    pub seed: u64,
    /// Also train on copies of the mixed-case sentences in these cases, so that the model copes with
    /// lower-case and ALL-CAPS text.
    pub augment: Vec<Case>,
    /// Copies of every sentence with entities in which each mention is swapped for another of the
    /// same type (see [`crate::augment`]).
    pub mention_swaps: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 12,
            bits: 19,
            seed: 1,
            augment: vec![Case::Lower, Case::Upper],
            mention_swaps: 3,
        }
    }
}

/// Sentences annotated under one set of conventions.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub domain: Domain,
    pub sentences: Vec<Sentence>,
}

/// Trains a model; `on_epoch` sees the averaged model after every epoch (for reporting dev scores).
pub fn train(
    corpora: &[Corpus],
    config: &TrainConfig,
    lexicon: &Lexicon,
    mut on_epoch: impl FnMut(usize, &Model),
) -> Result<Model, NerError> {
    if corpora.iter().all(|c| c.sentences.is_empty()) {
        return Err(NerError::Training("no training sentences".into()));
    }
    if !(8..=26).contains(&config.bits) {
        return Err(NerError::Training(format!(
            "{} hash bits is outside 8..=26",
            config.bits
        )));
    }
    let mut data: Vec<(Domain, Sentence)> = Vec::new();
    for corpus in corpora {
        let sentences = training_sentences(corpus, config, true);
        data.extend(sentences.into_iter().map(|s| (corpus.domain, s)));
    }

    let mut distinct: Vec<Domain> = corpora.iter().map(|c| c.domain).collect();
    distinct.sort();
    distinct.dedup();
    let adapted = distinct.len() > 1;
    let mut weights = Weights {
        mask: (1u64 << config.bits) - 1,
        rows: vec![[0.0; 8]; 1 << config.bits],
    };
    let mut totals: Vec<[f64; 8]> = vec![[0.0; 8]; 1 << config.bits];
    let mut step: u64 = 1;
    let mut rng = SplitMix64(config.seed);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut features = SentenceFeatures::default();
    let mut history: Vec<Tag> = Vec::new();
    for epoch in 0..config.epochs {
        shuffle(&mut order, &mut rng);
        for &s in &order {
            let (domain, sentence) = &data[s];
            let tokens: Vec<&str> = sentence.tokens.iter().map(String::as_str).collect();
            features.compute(&tokens, lexicon, adapted.then_some(*domain));
            history.clear();
            for (i, &gold) in sentence.tags.iter().enumerate() {
                let (guess, (dynamic, n_dynamic)) = predict(&weights, &features, i, &history);
                if guess != gold {
                    let hashes = features.statics(i).iter().chain(&dynamic[..n_dynamic]);
                    for &h in hashes {
                        let slot = (h & weights.mask) as usize;
                        let row = &mut weights.rows[slot];
                        row[gold.index()] += 1.0;
                        row[guess.index()] -= 1.0;
                        totals[slot][gold.index()] += step as f64;
                        totals[slot][guess.index()] -= step as f64;
                    }
                }
                history.push(guess);
                step += 1;
            }
        }
        on_epoch(
            epoch + 1,
            &averaged(config.bits, adapted, &weights, &totals, step),
        );
    }
    Ok(averaged(config.bits, adapted, &weights, &totals, step))
}

/// The weights being trained, unquantised.
struct Weights {
    mask: u64,
    rows: Vec<[f32; 8]>,
}

impl Scorer for Weights {
    type Score = f32;

    fn accumulate(&self, hashes: &[u64], scores: &mut [f32; 8]) {
        for &h in hashes {
            for (s, w) in scores.iter_mut().zip(&self.rows[(h & self.mask) as usize]) {
                *s += w;
            }
        }
    }
}

fn averaged(bits: u32, adapted: bool, weights: &Weights, totals: &[[f64; 8]], step: u64) -> Model {
    let average: Vec<[f32; 8]> = weights
        .rows
        .iter()
        .zip(totals)
        .map(|(row, total)| {
            let mut out = [0f32; 8];
            for ((o, &w), &u) in out.iter_mut().zip(row).zip(total) {
                *o = (w as f64 - u / step as f64) as f32;
            }
            out
        })
        .collect();
    Model::quantise(bits, adapted, &average)
}

fn shuffle(items: &mut [usize], rng: &mut SplitMix64) {
    for i in (1..items.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}
