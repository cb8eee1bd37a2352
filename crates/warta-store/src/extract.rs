//! Running the pipeline over a batch of articles on every core, for indexing.

use std::panic::AssertUnwindSafe;

use rayon::prelude::*;
use warta_core::output::{OutputDocument, OutputOptions};
use warta_core::{Document, Pipeline, StageError};
use warta_dates::parse_published;

/// One article to index: raw, to run through the pipeline, or already extracted (a line of
/// `warta extract` output).
pub enum Input {
    Article(Box<Document>),
    Extracted(Box<OutputDocument>),
}

/// Extracts every input of `batch` in parallel, keeping order and each input's label.
pub fn extract_batch<L: Send>(
    pipeline: &Pipeline,
    batch: Vec<(L, Input)>,
) -> Vec<(L, Result<OutputDocument, StageError>)> {
    batch
        .into_par_iter()
        .map(|(label, input)| {
            // A stage that panics on one article must not end a run over thousands: the panic
            // becomes that article's error, and the others go on.
            let output =
                std::panic::catch_unwind(AssertUnwindSafe(|| extract_one(pipeline, input)))
                    .unwrap_or_else(|panic| {
                        let message = panic
                            .downcast_ref::<String>()
                            .map(String::as_str)
                            .or_else(|| panic.downcast_ref::<&str>().copied())
                            .unwrap_or("unknown panic");
                        Err(StageError::new(
                            "pipeline",
                            format!("a stage panicked: {message}"),
                        ))
                    });
            (label, output)
        })
        .collect()
}

fn extract_one(pipeline: &Pipeline, input: Input) -> Result<OutputDocument, StageError> {
    match input {
        Input::Extracted(doc) => Ok(*doc),
        Input::Article(mut doc) => {
            // News sites write dates their own way ("Diperbarui 18 Jun 2025, 14:05 WIB"): read
            // them, so that the store can filter by day.
            if let Some(iso) = doc.meta.published.as_deref().and_then(parse_published) {
                doc.meta.published = Some(iso);
            }
            pipeline
                .run(&mut doc)
                .map(|()| OutputDocument::from_document(&doc, OutputOptions::default()))
        }
    }
}
