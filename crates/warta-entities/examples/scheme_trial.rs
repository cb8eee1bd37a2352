//! Experiment: does a CRF learn better from BIOES labels than from BIO? Trains one CRF on the same
//! features and copies as `warta train ner`, with the labels written in the scheme asked for, tags the
//! gold file with the CRF itself (CRFsuite's Viterbi, no `O` penalty, so that both schemes are decoded
//! alike) and scores it after mapping the labels back to BIO.
//! `cargo run -p warta-entities --release --features train --example scheme_trial -- bio|bioes SEED DEV.tsv TRAIN.tsv...`

use crfs::Attribute;
use crfs::train::Trainer;
use warta_entities::augment::training_sentences;
use warta_entities::conll::recase;
use warta_entities::crf::attribute_name;
use warta_entities::features::SentenceFeatures;
use warta_entities::tags::chunks;
use warta_entities::{Case, Corpus, Domain, Evaluation, Lexicon, Tag, TrainConfig, read_conll};

fn attributes(features: &SentenceFeatures) -> Vec<Vec<Attribute>> {
    (0..features.len())
        .map(|i| {
            features
                .statics(i)
                .iter()
                .map(|&h| Attribute::new(attribute_name(h), 1.0))
                .collect()
        })
        .collect()
}

/// BIO tags as BIOES label strings: a one-token chunk is `S-`, the last token of a longer one `E-`.
fn bioes(tags: &[Tag]) -> Vec<String> {
    let mut out: Vec<String> = vec!["O".into(); tags.len()];
    for (start, end, _) in chunks(tags) {
        let name = &tags[start].as_str()[2..];
        if end - start == 1 {
            out[start] = format!("S-{name}");
            continue;
        }
        out[start] = format!("B-{name}");
        for label in &mut out[start + 1..end - 1] {
            *label = format!("I-{name}");
        }
        out[end - 1] = format!("E-{name}");
    }
    out
}

fn bio_tag(label: &str) -> Tag {
    let bio = match label.split_once('-') {
        Some(("S", name)) => format!("B-{name}"),
        Some(("E", name)) => format!("I-{name}"),
        _ => label.to_owned(),
    };
    Tag::from_name(&bio).unwrap_or(Tag::OUTSIDE)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [scheme, seed, dev, train @ ..] = args.as_slice() else {
        anyhow::bail!("usage: scheme_trial bio|bioes SEED DEV TRAIN...");
    };
    // One corpus a file, as `warta train ner` reads them: mentions are swapped within a file.
    let mut corpora = Vec::new();
    for path in train {
        corpora.push(Corpus {
            domain: Domain::NEWS,
            sentences: read_conll(path.as_ref())?,
        });
    }
    let lexicon = Lexicon::bundled();
    let config = TrainConfig {
        seed: seed.parse()?,
        ..TrainConfig::default()
    };
    let mut trainer = Trainer::lbfgs();
    trainer.params_mut().set_c2(2.0)?;
    trainer.params_mut().set_max_iterations(100)?;
    let mut features = SentenceFeatures::default();
    for sentence in corpora
        .iter()
        .flat_map(|corpus| training_sentences(corpus, &config, true))
    {
        let tokens: Vec<&str> = sentence.tokens.iter().map(String::as_str).collect();
        features.compute(&tokens, &lexicon, None);
        let labels: Vec<String> = match scheme.as_str() {
            "bioes" => bioes(&sentence.tags),
            _ => sentence
                .tags
                .iter()
                .map(|t| t.as_str().to_owned())
                .collect(),
        };
        trainer.append(&attributes(&features), &labels)?;
    }
    let path = std::env::temp_dir().join(format!(
        "scheme-{scheme}-{seed}-{}.crfsuite",
        std::process::id()
    ));
    trainer.train(&path)?;
    let bytes = std::fs::read(&path)?;
    let model = crfs::Model::new(&bytes)?;
    let tagger = model.tagger()?;
    let gold = read_conll(dev.as_ref())?;
    for case in [None, Some(Case::Lower), Some(Case::Upper)] {
        let mut evaluation = Evaluation::default();
        for sentence in &gold {
            let sentence = case.map_or_else(|| sentence.clone(), |c| recase(sentence, c));
            let tokens: Vec<&str> = sentence.tokens.iter().map(String::as_str).collect();
            features.compute(&tokens, &lexicon, None);
            let predicted: Vec<Tag> = tagger
                .tag(&attributes(&features))?
                .into_iter()
                .map(bio_tag)
                .collect();
            evaluation.add(&sentence.tags, &predicted);
        }
        let micro = evaluation.micro();
        println!(
            "{scheme} seed {seed} case {case:?}: P {:.2} R {:.2} F1 {:.2}",
            100.0 * micro.precision(),
            100.0 * micro.recall(),
            100.0 * micro.f1()
        );
    }
    Ok(())
}
