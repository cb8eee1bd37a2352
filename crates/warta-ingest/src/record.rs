use warta_core::Meta;

use crate::decode::{decode_utf8, detect_binary};
use crate::error::{RecordError, RecordErrorKind};
use crate::jsonl;
use crate::origin::Origin;

/// One record cut out of an input, not yet decoded. Cheap to make; [`RawRecord::decode`] does the work.
#[derive(Debug)]
pub struct RawRecord {
    pub origin: Origin,
    /// Where the record starts in its file, so that errors can give a file offset too.
    pub file_offset: Option<u64>,
    pub payload: Payload,
}

#[derive(Debug)]
pub enum Payload {
    /// A whole plain-text article.
    Text(Vec<u8>),
    /// One line of a JSON Lines file, without its line ending.
    JsonLine(Vec<u8>),
    /// The input held nothing to read; kept as a record so that runs report it.
    Nothing(SkipReason),
}

/// Why a record produced no article. Not an error: runs count these by reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SkipReason {
    /// The file has no bytes, or only white space.
    EmptyFile,
    /// The record's text is empty or only white space.
    EmptyText,
}

impl SkipReason {
    /// A short stable name for summaries ("empty_file").
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::EmptyFile => "empty_file",
            SkipReason::EmptyText => "empty_text",
        }
    }
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SkipReason::EmptyFile => "empty file, no article",
            SkipReason::EmptyText => "empty text, no article",
        })
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct DecodeOptions {
    /// Replace invalid UTF-8 with U+FFFD (and count it) instead of failing.
    pub lossy: bool,
}

/// An article ready for the pipeline.
#[derive(Debug, Clone)]
pub struct Article {
    pub origin: Origin,
    pub meta: Meta,
    pub text: String,
    /// Invalid UTF-8 sequences replaced by U+FFFD (only with [`DecodeOptions::lossy`]).
    pub replacements: usize,
}

#[derive(Debug)]
pub enum Decoded {
    Article(Article),
    Skipped { origin: Origin, reason: SkipReason },
}

impl RawRecord {
    /// The size of the undecoded record, for bounding batches by memory.
    pub fn byte_len(&self) -> usize {
        match &self.payload {
            Payload::Text(b) | Payload::JsonLine(b) => b.len(),
            Payload::Nothing(_) => 0,
        }
    }

    pub fn decode(self, options: DecodeOptions) -> Result<Decoded, RecordError> {
        let RawRecord {
            origin,
            file_offset,
            payload,
        } = self;
        let fail = |origin: Origin, kind| Err(RecordError::new(origin, kind));
        let (bytes, is_json) = match payload {
            Payload::Nothing(reason) => return Ok(Decoded::Skipped { origin, reason }),
            Payload::Text(bytes) => (bytes, false),
            Payload::JsonLine(bytes) => (bytes, true),
        };
        if let Some(evidence) = detect_binary(&bytes) {
            return fail(origin, RecordErrorKind::Binary(evidence));
        }
        let decoded = match decode_utf8(bytes, options.lossy) {
            Ok(decoded) => decoded,
            Err(offset) => {
                let kind = RecordErrorKind::InvalidUtf8 {
                    offset,
                    file_offset: file_offset
                        .filter(|_| origin.line.is_some())
                        .map(|o| o + offset as u64),
                };
                return fail(origin, kind);
            }
        };
        let (text, meta) = if is_json {
            match jsonl::parse_article(&decoded.text) {
                Ok(parsed) => parsed,
                Err(kind) => return fail(origin, kind),
            }
        } else {
            let mut text = decoded.text;
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            let meta = Meta {
                id: Some(origin.name.to_string()).filter(|name| name != "-"),
                ..Meta::default()
            };
            (text, meta)
        };
        if text.trim().is_empty() {
            let reason = if is_json {
                SkipReason::EmptyText
            } else {
                SkipReason::EmptyFile
            };
            return Ok(Decoded::Skipped { origin, reason });
        }
        Ok(Decoded::Article(Article {
            origin,
            meta,
            text,
            replacements: decoded.replacements,
        }))
    }
}
