//! The method comparison: a linear-chain CRF (the `crfs` crate, L-BFGS, Viterbi decoding) trained on
//! exactly the observation features of the averaged perceptron, written out as attribute strings.
//!
//! `cargo run -p warta-entities --release --features crf --example crf_compare -- TRAIN.tsv DEV.tsv
//! [ITERATIONS]`. Trains with the shipped model's lower- and upper-case augmentation and prints the
//! dev micro F1 on cased, lower-cased and upper-cased text, training time and tagging speed.

use std::path::Path;
use std::time::Instant;

use crfs::train::Trainer;
use crfs::{Attribute, Model};
use warta_entities::conll::recase;
use warta_entities::features::SentenceFeatures;
use warta_entities::{Case, Evaluation, Lexicon, Sentence, Tag, read_conll};

fn attributes(
    features: &mut SentenceFeatures,
    lexicon: &Lexicon,
    s: &Sentence,
) -> Vec<Vec<Attribute>> {
    let tokens: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
    features.compute(&tokens, lexicon, None);
    (0..tokens.len())
        .map(|i| {
            features
                .statics(i)
                .iter()
                .map(|h| Attribute::new(format!("{h:x}"), 1.0))
                .collect()
        })
        .collect()
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, train_path, dev_path, rest @ ..] = &args[..] else {
        anyhow::bail!("usage: crf_compare TRAIN.tsv DEV.tsv [ITERATIONS]");
    };
    let iterations: usize = rest.first().map(|s| s.parse()).transpose()?.unwrap_or(100);
    let lexicon = Lexicon::bundled();
    let mut features = SentenceFeatures::default();
    let train = read_conll(Path::new(train_path))?;
    let dev = read_conll(Path::new(dev_path))?;

    let mut trainer = Trainer::lbfgs();
    trainer.params_mut().set_c1(0.0)?;
    trainer.params_mut().set_c2(1.0)?;
    trainer.params_mut().set_max_iterations(iterations)?;
    for sentence in &train {
        for case in [Case::AsIs, Case::Lower, Case::Upper] {
            let copy = recase(sentence, case);
            if case != Case::AsIs && copy.tokens == sentence.tokens {
                continue;
            }
            let labels: Vec<&str> = copy.tags.iter().map(|t| t.as_str()).collect();
            trainer.append(&attributes(&mut features, &lexicon, &copy), &labels)?;
        }
    }
    let started = Instant::now();
    let model_path = std::env::temp_dir().join("warta-crf-compare.crfsuite");
    trainer.train(&model_path)?;
    let trained_in = started.elapsed();
    let bytes = std::fs::read(&model_path)?;
    let model = Model::new(&bytes)?;
    let tagger = model.tagger()?;

    for case in [Case::AsIs, Case::Lower, Case::Upper] {
        let mut evaluation = Evaluation::default();
        let mut tagging = std::time::Duration::ZERO;
        for sentence in &dev {
            let copy = recase(sentence, case);
            let started = Instant::now();
            let xseq = attributes(&mut features, &lexicon, &copy);
            let labels = tagger.tag(&xseq)?;
            tagging += started.elapsed();
            let predicted: Vec<Tag> = labels
                .iter()
                .map(|l| {
                    (0..7u8)
                        .map(Tag)
                        .find(|t| t.as_str() == *l)
                        .unwrap_or(Tag::OUTSIDE)
                })
                .collect();
            evaluation.add(&copy.tags, &predicted);
        }
        let micro = evaluation.micro();
        println!(
            "CRF {case:?}: P {:.2} R {:.2} F1 {:.2}; tagging {:.0} tokens/s (features included)",
            100.0 * micro.precision(),
            100.0 * micro.recall(),
            100.0 * micro.f1(),
            evaluation.tokens as f64 / tagging.as_secs_f64()
        );
    }
    println!(
        "trained in {:.1} s ({iterations} L-BFGS iterations), model {} bytes",
        trained_in.as_secs_f64(),
        bytes.len()
    );
    Ok(())
}
