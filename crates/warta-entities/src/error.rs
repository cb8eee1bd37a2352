use std::path::PathBuf;

/// Everything that can go wrong when reading training data or a model.
#[derive(Debug, thiserror::Error)]
pub enum NerError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Conll {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("model {origin}: {message}")]
    Model { origin: String, message: String },
    #[error("training: {0}")]
    Training(String),
}

impl NerError {
    pub(crate) fn model(origin: &str, message: impl Into<String>) -> Self {
        NerError::Model {
            origin: origin.to_owned(),
            message: message.into(),
        }
    }
}
