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

    fn process(&self, doc: &mut Document) -> Result<(), StageError>;
}

#[derive(Debug, thiserror::Error)]
#[error("stage `{stage}`: {message}")]
pub struct StageError {
    pub stage: &'static str,
    pub message: String,
}

impl StageError {
    pub fn new(stage: &'static str, message: impl Into<String>) -> Self {
        StageError {
            stage,
            message: message.into(),
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

    pub fn run(&self, doc: &mut Document) -> Result<(), StageError> {
        self.stages.iter().try_for_each(|stage| stage.process(doc))
    }
}
