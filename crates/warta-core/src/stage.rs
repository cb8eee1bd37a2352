use crate::document::Document;

/// A step of the pipeline: reads what earlier stages put on the document and adds its own layer.
///
/// The contract every stage keeps:
/// - it never changes the text (it cannot: [`Document`] has no setter) nor another stage's layer;
/// - the spans it adds lie on character boundaries of the text, are sorted, and skip what cleaning
///   removed ([`Document::is_removed`]);
/// - it is deterministic: the same document gives the same layer, whatever thread runs it.
pub trait Stage: Send + Sync {
    /// A short name for errors and benchmarks ("clean", "segment", "entities").
    fn name(&self) -> &'static str;

    /// The layers this stage reads, which earlier stages must assign (as spaCy components declare
    /// `requires`).
    fn requires(&self) -> &'static [Layer] {
        &[]
    }

    /// The layers this stage writes; no other stage writes them.
    fn assigns(&self) -> &'static [Layer] {
        &[]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError>;
}

/// The layers of spans a [`Document`] holds, for stages to say what they read and write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    /// `removed` and `dateline`: what cleaning set aside.
    Removed,
    Paragraphs,
    Sentences,
    Tokens,
    Entities,
    Dates,
    Quotes,
}

/// Why a pipeline cannot run: its stages are in the wrong order, or one failed on a document.
#[derive(Debug, thiserror::Error)]
pub enum StageError {
    /// A stage reads a layer that no stage before it assigns ([`Pipeline::check`]).
    #[error("stage `{stage}`: needs the {layer:?} layer, which no earlier stage assigns")]
    LayerMissing { stage: &'static str, layer: Layer },
    /// Two stages assign the same layer ([`Pipeline::check`]).
    #[error("stage `{stage}`: assigns the {layer:?} layer, which `{by}` assigns already")]
    LayerAssignedTwice {
        stage: &'static str,
        layer: Layer,
        by: &'static str,
    },
    /// A stage could not process a document.
    #[error("stage `{stage}`: {source}")]
    Failed {
        stage: &'static str,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl StageError {
    /// Stage `stage` could not process a document, for the reason `source` (an error, or a message).
    pub fn failed(
        stage: &'static str,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        StageError::Failed {
            stage,
            source: source.into(),
        }
    }
}

/// Stages run in order over one document.
#[derive(Default)]
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Pipeline {
    pub fn new() -> Self {
        Pipeline::default()
    }

    /// Appends a stage; builder style.
    pub fn with(mut self, stage: impl Stage + 'static) -> Self {
        self.stages.push(Box::new(stage));
        self
    }

    pub fn push(&mut self, stage: Box<dyn Stage>) {
        self.stages.push(stage);
    }

    pub fn stages(&self) -> impl Iterator<Item = &dyn Stage> {
        self.stages.iter().map(|s| s.as_ref())
    }

    /// Checks the order of the stages: each layer a stage requires is assigned by an earlier one,
    /// and no layer is assigned twice.
    pub fn check(&self) -> Result<(), StageError> {
        let mut assigned: Vec<(Layer, &'static str)> = Vec::new();
        for stage in &self.stages {
            if let Some(missing) = stage
                .requires()
                .iter()
                .find(|layer| !assigned.iter().any(|(a, _)| a == *layer))
            {
                return Err(StageError::LayerMissing {
                    stage: stage.name(),
                    layer: *missing,
                });
            }
            for layer in stage.assigns() {
                if let Some(&(_, by)) = assigned.iter().find(|(a, _)| a == layer) {
                    return Err(StageError::LayerAssignedTwice {
                        stage: stage.name(),
                        layer: *layer,
                        by,
                    });
                }
                assigned.push((*layer, stage.name()));
            }
        }
        Ok(())
    }

    pub fn run(&self, doc: &mut Document) -> Result<(), StageError> {
        self.stages.iter().try_for_each(|stage| stage.process(doc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Declared(&'static str, &'static [Layer], &'static [Layer]);
    impl Stage for Declared {
        fn name(&self) -> &'static str {
            self.0
        }
        fn requires(&self) -> &'static [Layer] {
            self.1
        }
        fn assigns(&self) -> &'static [Layer] {
            self.2
        }
        fn process(&self, _: &mut Document) -> Result<(), StageError> {
            Ok(())
        }
    }

    #[test]
    fn a_stage_before_the_layers_it_reads_is_refused() {
        let segment = || Declared("segment", &[], &[Layer::Sentences, Layer::Tokens]);
        let entities = || Declared("entities", &[Layer::Tokens], &[Layer::Entities]);
        assert!(
            Pipeline::new()
                .with(segment())
                .with(entities())
                .check()
                .is_ok()
        );
        let err = Pipeline::new()
            .with(entities())
            .with(segment())
            .check()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "stage `entities`: needs the Tokens layer, which no earlier stage assigns"
        );
        let twice = Pipeline::new().with(segment()).with(segment()).check();
        assert!(matches!(
            twice,
            Err(StageError::LayerAssignedTwice {
                stage: "segment",
                layer: Layer::Sentences,
                by: "segment",
            })
        ));
    }
}
