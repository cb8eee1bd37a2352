//! The default warta pipeline, in one place, so that the CLI, the store and the server run exactly the
//! same stages in the same order.

use warta_core::{Document, Pipeline, StageError};

/// What the caller may switch on or off.
#[derive(Debug, Clone, Default)]
pub struct PipelineOptions {}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("could not load model {path}: {message}")]
    Model { path: String, message: String },
}

/// Builds the stages in their order: cleaning → segmentation → entities → dates → quotes.
pub fn build(_options: &PipelineOptions) -> Result<Pipeline, BuildError> {
    let pipeline = Pipeline::new()
        .with(warta_text::Cleaner::new())
        .with(warta_text::Segmenter::new())
        // Entities before dates and quotes (quotes read both).
        .with(
            warta_entities::EntityStage::bundled().map_err(|e| BuildError::Model {
                path: "models/ner/warta-ner.bin (bundled)".into(),
                message: e.to_string(),
            })?,
        )
        .with(warta_dates::DateStage::new())
        .with(warta_quotes::QuoteStage::new());
    Ok(pipeline)
}

/// Runs `pipeline` on `doc`; a convenience for callers that hold one document.
pub fn run(pipeline: &Pipeline, doc: &mut Document) -> Result<(), StageError> {
    pipeline.run(doc)
}
