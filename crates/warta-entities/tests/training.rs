//! Training on a small fixture written for these tests (no external data); needs the `train` feature.

use std::path::Path;

use warta_entities::{Corpus, Domain, Lexicon, Model, Tagger, TrainConfig, read_conll, train};

fn fixture() -> Vec<Corpus> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny.tsv");
    vec![Corpus {
        domain: Domain::NEWS,
        sentences: read_conll(&path).expect("fixture reads"),
    }]
}

fn config(seed: u64) -> TrainConfig {
    TrainConfig {
        epochs: 5,
        bits: 14,
        seed,
        ..TrainConfig::default()
    }
}

#[test]
fn same_data_and_seed_give_a_byte_identical_model() {
    let lexicon = Lexicon::bundled();
    let a = train(&fixture(), &config(7), &lexicon, |_, _| {})
        .unwrap()
        .to_bytes();
    let b = train(&fixture(), &config(7), &lexicon, |_, _| {})
        .unwrap()
        .to_bytes();
    assert_eq!(a.len(), b.len());
    assert!(a == b, "two runs with seed 7 differ");
}

#[test]
fn a_trained_model_reproduces_its_training_sentences() {
    let corpora = fixture();
    let model = train(&corpora, &config(1), &Lexicon::bundled(), |_, _| {}).unwrap();
    let model = Model::from_bytes(&model.to_bytes(), "round trip").unwrap();
    let tagger = Tagger::new(model, Lexicon::bundled());
    for sentence in &corpora[0].sentences {
        let tokens: Vec<&str> = sentence.tokens.iter().map(String::as_str).collect();
        assert_eq!(tagger.tag(&tokens), sentence.tags, "{tokens:?}");
    }
}

#[test]
fn training_on_nothing_is_an_error() {
    let empty = vec![Corpus {
        domain: Domain::NEWS,
        sentences: Vec::new(),
    }];
    assert!(train(&empty, &config(1), &Lexicon::bundled(), |_, _| {}).is_err());
}

#[test]
fn a_malformed_conll_file_is_an_error_naming_file_and_line() {
    let dir = std::env::temp_dir().join(format!("warta-ner-conll-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let malformed = dir.join("gold.tsv");
    std::fs::write(&malformed, "Joko\tB-PER\nWidodo I-PER extra\n").unwrap();
    let err = read_conll(&malformed).unwrap_err().to_string();
    assert!(err.contains("gold.tsv:2:"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn crf_training_is_reproducible_and_fits_its_data() {
    let lexicon = Lexicon::bundled();
    let corpora = fixture();
    let crf = |seed| {
        let file = warta_entities::crf::train_crfsuite(&corpora, &config(seed), &lexicon, 50, 1.0)
            .unwrap();
        warta_entities::crf::import_crfsuite(&[&file], 14, 0.0).unwrap()
    };
    let a = crf(1);
    let b = crf(1);
    assert!(a.to_bytes() == b.to_bytes(), "two CRF trainings differ");
    assert!(a.transitions().is_some());
    let tagger = Tagger::new(a, Lexicon::bundled());
    for sentence in &corpora[0].sentences {
        let tokens: Vec<&str> = sentence.tokens.iter().map(String::as_str).collect();
        assert_eq!(tagger.tag(&tokens), sentence.tags, "{tokens:?}");
    }
}

/// Pooling a corpus with other conventions: NERGrit puts "Gunung" inside a mountain's name, the news
/// corpus does not. The news corpus is outnumbered four to one, yet the imported model (shared weights
/// plus the news corpus's own copies) follows the news convention.
#[test]
fn a_pooled_crf_follows_the_news_corpus_conventions() {
    let sentence = |text: &str| warta_entities::parse_conll(text, Path::new("fixture")).unwrap();
    let news = "Warga\tO\nmendaki\tO\nGunung\tO\nMerapi\tB-LOC\n.\tO\n\n\
                Wisatawan\tO\nke\tO\nGunung\tO\nBromo\tB-LOC\n.\tO\n";
    let other = "Warga\tO\nmendaki\tO\nGunung\tB-LOC\nMerapi\tI-LOC\n.\tO\n\n\
                 Wisatawan\tO\nke\tO\nGunung\tB-LOC\nBromo\tI-LOC\n.\tO\n"
        .repeat(4);
    let corpora = vec![
        Corpus {
            domain: Domain::NEWS,
            sentences: sentence(news),
        },
        Corpus {
            domain: Domain::named("nergrit"),
            sentences: sentence(&other),
        },
    ];
    let config = TrainConfig {
        augment: vec![],
        ..config(1)
    };
    let lexicon = Lexicon::bundled();
    let file = warta_entities::crf::train_crfsuite(&corpora, &config, &lexicon, 50, 0.1).unwrap();
    let model = warta_entities::crf::import_crfsuite(&[&file], 14, 0.0).unwrap();
    let tagger = Tagger::new(model, Lexicon::bundled());
    let tags: Vec<&str> = tagger
        .tag(&["Pendaki", "ke", "Gunung", "Merapi", "."])
        .iter()
        .map(|t| t.as_str())
        .collect();
    assert_eq!(tags, ["O", "O", "O", "B-LOC", "O"]);
}
