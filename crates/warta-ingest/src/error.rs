use crate::origin::Origin;

/// One record (or one whole input) could not be read. Displays as `file.jsonl:17: not JSON: …`.
#[derive(Debug, thiserror::Error)]
#[error("{origin}: {kind}")]
pub struct RecordError {
    pub origin: Origin,
    pub kind: RecordErrorKind,
}

impl RecordError {
    pub fn new(origin: Origin, kind: RecordErrorKind) -> Self {
        RecordError { origin, kind }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RecordErrorKind {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("invalid UTF-8 at byte {offset}{}", in_file(*.file_offset))]
    InvalidUtf8 {
        /// Offset within the record (the line, for JSON Lines).
        offset: usize,
        /// Offset within the file, when the record is a part of one.
        file_offset: Option<u64>,
    },
    #[error("binary content, not text ({0})")]
    Binary(crate::decode::BinaryEvidence),
    #[error("not JSON: {0}")]
    NotJson(String),
    #[error("not a JSON object (each line must be one article: {{\"text\": …}})")]
    NotObject,
    #[error("missing field \"text\"")]
    MissingText,
    #[error("field \"{0}\" must be a string")]
    NotAString(&'static str),
    #[error("WARC: {0}")]
    Warc(String),
    #[error("HTTP body: {0}")]
    HttpBody(String),
    #[error(
        "page of {bytes} bytes exceeds the limit of {limit} bytes for one HTML page (--max-page-bytes)"
    )]
    PageTooLarge { bytes: usize, limit: usize },
    /// A record over the reader's limit (`Sources::with_max_record_bytes`): read past, not held.
    #[error(
        "record larger than the limit of {limit} bytes for one record{}; skipped",
        starting_at(*.file_offset)
    )]
    RecordTooLarge {
        limit: u64,
        /// Where the record starts in the (decompressed) file, when it is a part of one.
        file_offset: Option<u64>,
    },
    /// A symbolic link that leads back to a directory being walked: not followed, so that the walk
    /// ends and each file is read once.
    #[error("symbolic link loop: leads back to {}, not followed", .ancestor.display())]
    SymlinkLoop { ancestor: std::path::PathBuf },
}

fn starting_at(file_offset: Option<u64>) -> String {
    file_offset
        .map(|o| format!(" (it starts at byte {o} of the file)"))
        .unwrap_or_default()
}

fn in_file(file_offset: Option<u64>) -> String {
    file_offset
        .map(|o| format!(" of the line (byte {o} of the file)"))
        .unwrap_or_default()
}
