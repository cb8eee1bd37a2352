//! The second method: a linear-chain CRF trained with L-BFGS by the `crfs` crate on exactly the
//! static features of the perceptron (written as attribute strings), then imported into a [`Model`]
//! decoded with Viterbi, so that it tags as fast as the perceptron.
//!
//! Measured on idner-news-2k/dev with the same features, the CRF beats the greedy averaged perceptron
//! by about three points of F1 (README.md); it trains in minutes instead of seconds.

use std::sync::atomic::{AtomicU64, Ordering};

use crfs::Attribute;
use crfs::train::Trainer;

use crate::augment::training_sentences;
use crate::error::NerError;
use crate::features::{Domain, LABEL_DERIVED_TEMPLATES, SentenceFeatures, bias_hash};
use crate::lexicon::Lexicon;
use crate::model::Model;
use crate::tags::Tag;
use crate::train::{Corpus, TrainConfig};

/// L2 regularisation, chosen on idner-news-2k/dev (see README.md).
pub const DEFAULT_C2: f64 = 2.0;

/// The CRFsuite attribute of a feature hash, as [`import_crfsuite`] reads it back.
pub fn attribute_name(hash: u64) -> String {
    format!("{hash:x}")
}

/// Marks a corpus's own copy of an attribute: `3fa2c1@6e657773`.
fn domain_suffix(domain: Domain) -> String {
    format!("@{:x}", domain.id())
}

/// Trains a CRF on `corpora` for `iterations` of L-BFGS with L2 regularisation `c2`, with the copies
/// of the sentences that `config` asks for, and returns it as a CRFsuite model file; import it (with
/// others trained on other seeds) with [`import_crfsuite`].
///
/// Several corpora are learnt with Daumé's "frustratingly easy" adaptation: every attribute is
/// written twice, once shared and once for the corpus's own conventions. The import keeps the shared
/// weights plus the news corpus's own and drops the other corpora's, so the shipped model has one
/// copy of every template and tags as fast as a single-corpus model. When corpora are pooled, only
/// the news corpus gets case-augmented copies (NERP is lower-cased already), and the templates built
/// from the other corpora's labels stay silent on those corpora's sentences.
pub fn train_crfsuite(
    corpora: &[Corpus],
    config: &TrainConfig,
    lexicon: &Lexicon,
    iterations: usize,
    c2: f64,
) -> Result<Vec<u8>, NerError> {
    let fail = |e: std::io::Error| NerError::Training(format!("crfs: {e}"));
    if corpora.iter().all(|c| c.sentences.is_empty()) {
        return Err(NerError::Training("no training sentences".into()));
    }
    let mut trainer = Trainer::lbfgs();
    trainer.params_mut().set_c2(c2).map_err(fail)?;
    trainer
        .params_mut()
        .set_max_iterations(iterations)
        .map_err(fail)?;
    let pooled = corpora.iter().any(|c| c.domain != corpora[0].domain);
    let mut features = SentenceFeatures::default();
    for corpus in corpora {
        let is_news = corpus.domain == Domain::NEWS;
        let suffix = pooled.then(|| domain_suffix(corpus.domain));
        for variant in training_sentences(corpus, config, is_news || !pooled) {
            let tokens: Vec<&str> = variant.tokens.iter().map(String::as_str).collect();
            features.compute(&tokens, lexicon, None);
            let xseq: Vec<Vec<Attribute>> = (0..tokens.len())
                .map(|i| {
                    let mut attributes = Vec::new();
                    for (template, &h) in features.statics(i).iter().enumerate() {
                        if pooled && !is_news && LABEL_DERIVED_TEMPLATES.contains(&template) {
                            continue;
                        }
                        let name = attribute_name(h);
                        if let Some(suffix) = &suffix {
                            attributes.push(Attribute::new(format!("{name}{suffix}"), 1.0));
                        }
                        attributes.push(Attribute::new(name, 1.0));
                    }
                    attributes
                })
                .collect();
            let labels: Vec<&str> = variant.tags.iter().map(|t| t.as_str()).collect();
            trainer.append(&xseq, &labels).map_err(fail)?;
        }
    }
    static RUN: AtomicU64 = AtomicU64::new(0);
    let path = std::env::temp_dir().join(format!(
        "warta-crf-{}-{}.crfsuite",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ));
    let trained = trainer.train(&path).map_err(fail);
    let bytes = trained.and_then(|()| std::fs::read(&path).map_err(fail));
    std::fs::remove_file(&path).ok();
    bytes
}

/// The penalty on `O` chosen on idner-news-2k/dev (0.25: 84.04 / lower 79.45; 0.5: 84.14 / 80.46;
/// 0.75: 83.83 / 80.63; 1: 83.70 / 79.16 micro F1).
pub const DEFAULT_OUTSIDE_PENALTY: f32 = 0.5;

/// Reads CRFsuite models whose attributes are feature hashes in hex into one Viterbi [`Model`] with
/// `2^bits` rows, their weights averaged, subtracting `outside_penalty` from every token's score for
/// `O`.
///
/// Averaging models trained on different random mention swaps (`--seed`) is one linear model again,
/// so it tags as fast as one, with less of the luck of one draw of swaps.
pub fn import_crfsuite(
    models: &[&[u8]],
    bits: u32,
    outside_penalty: f32,
) -> Result<Model, NerError> {
    let mask = (1u64 << bits) - 1;
    let mut rows = vec![[0f32; 8]; 1 << bits];
    let mut transitions = [[0f32; 8]; 8];
    let scale = 1.0 / models.len().max(1) as f32;
    for bytes in models {
        add_crfsuite(bytes, scale, mask, &mut rows, &mut transitions)?;
    }
    // Lowering the score of `O` trades precision for recall; the CRF alone is cautious (dev: P 89.5,
    // R 79.2 cased, and far lower recall on lower-case text).
    rows[(bias_hash() & mask) as usize][Tag::OUTSIDE.index()] -= outside_penalty;
    Ok(Model::quantise_with_transitions(
        bits,
        false,
        &rows,
        Some(&transitions),
    ))
}

/// Adds `scale` times the weights of one CRFsuite model to `rows` and `transitions`.
fn add_crfsuite(
    bytes: &[u8],
    scale: f32,
    mask: u64,
    rows: &mut [[f32; 8]],
    transitions: &mut [[f32; 8]; 8],
) -> Result<(), NerError> {
    let fail = |m: String| NerError::model("crfsuite", m);
    let model = crfs::Model::new(bytes).map_err(|e| fail(e.to_string()))?;
    let mut dump = Vec::new();
    model.dump(&mut dump).map_err(|e| fail(e.to_string()))?;
    let dump = String::from_utf8(dump).map_err(|e| fail(e.to_string()))?;
    let news_suffix = domain_suffix(Domain::NEWS);
    let mut section = "";
    for line in dump.lines() {
        if let Some(name) = line.strip_suffix(" = {") {
            section = name;
            continue;
        }
        // "  (0) 3fa2c1 --> B-PER: 0.412000", "  (1) B-PER --> I-PER: 2.100000"
        let Some((_, rest)) = line.trim().split_once(") ") else {
            continue;
        };
        let Some((source, rest)) = rest.split_once(" --> ") else {
            continue;
        };
        let Some((target, weight)) = rest.split_once(": ") else {
            continue;
        };
        let weight: f32 = weight
            .parse()
            .map_err(|_| fail(format!("weight in {line:?}")))?;
        let target = Tag::from_name(target).ok_or_else(|| fail(format!("label in {line:?}")))?;
        match section {
            "TRANSITIONS" => {
                let source =
                    Tag::from_name(source).ok_or_else(|| fail(format!("label in {line:?}")))?;
                transitions[source.index()][target.index()] += scale * weight;
            }
            "STATE_FEATURES" => {
                // The shared weight and the news corpus's own copy add up; other corpora's copies
                // describe conventions the pipeline does not follow.
                let source = match source.split_once('@') {
                    None => source,
                    Some((name, domain)) if domain == &news_suffix[1..] => name,
                    Some(_) => continue,
                };
                let hash = u64::from_str_radix(source, 16)
                    .map_err(|_| fail(format!("attribute in {line:?}")))?;
                rows[(hash & mask) as usize][target.index()] += scale * weight;
            }
            _ => {}
        }
    }
    Ok(())
}
