//! The shipped model and model files, as the pipeline reads them (no `train` feature).

use warta_entities::tagger::BUNDLED_MODEL;
use warta_entities::{Model, Tagger};

#[test]
fn the_bundled_model_loads() {
    let tagger = Tagger::bundled().expect("bundled model");
    assert_eq!(tagger.tag(&["Presiden", "Joko", "Widodo"]).len(), 3);
}

/// Whatever moves inside the crate, the shipped file must read into the same model: written back,
/// it is the same bytes.
#[test]
fn the_bundled_model_writes_back_to_the_same_bytes() {
    let model = Model::from_bytes(BUNDLED_MODEL, "bundled").expect("bundled model");
    assert!(model.transitions().is_some(), "the shipped model is a CRF");
    assert!(model.to_bytes() == BUNDLED_MODEL, "bundled model changed");
}

#[test]
fn model_files_that_are_not_models_are_errors_naming_the_file() {
    let dir = std::env::temp_dir().join(format!("warta-ner-model-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let foreign = dir.join("foreign.bin");
    std::fs::write(&foreign, b"PK\x03\x04 this is a zip file, not a model").unwrap();
    let err = Tagger::load(&foreign)
        .err()
        .expect("foreign file is refused")
        .to_string();
    assert!(
        err.contains("foreign.bin") && err.contains("not a warta NER model"),
        "{err}"
    );

    let truncated = dir.join("truncated.bin");
    std::fs::write(&truncated, &BUNDLED_MODEL[..BUNDLED_MODEL.len() / 3]).unwrap();
    let err = Tagger::load(&truncated)
        .err()
        .expect("truncated file is refused")
        .to_string();
    assert!(
        err.contains("truncated.bin") && err.contains("truncated"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
