//! Walking the inputs and cutting them into records, one at a time.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{RecordError, RecordErrorKind};
use crate::origin::Origin;
use crate::record::{Payload, RawRecord, SkipReason};

/// How to read an input. `Auto` decides by the file's extension, else by its first non-space byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    #[default]
    Auto,
    /// The whole input is one article.
    Text,
    /// One JSON object per line.
    Jsonl,
}

const READ_BUFFER: usize = 256 * 1024;

/// The records of a list of inputs, in order. `-` names standard input.
///
/// An input that cannot be opened or read yields one error and the walk goes on with the next input;
/// whether to stop is the caller's decision. Records are produced lazily: memory holds one record and
/// one read buffer, whatever the size of the inputs.
pub struct Sources {
    pending: VecDeque<PathBuf>,
    format: InputFormat,
    current: Option<LineReader>,
}

/// A JSON Lines input being read.
struct LineReader {
    name: Arc<str>,
    reader: Box<dyn BufRead + Send>,
    /// Lines read so far.
    line: u64,
    /// Bytes read so far.
    offset: u64,
    records: u64,
}

impl Sources {
    pub fn new(inputs: impl IntoIterator<Item = PathBuf>, format: InputFormat) -> Self {
        Sources {
            pending: inputs.into_iter().collect(),
            format,
            current: None,
        }
    }

    /// Opens the next input and returns its first record; for JSON Lines the line reader becomes
    /// current and serves the records that follow.
    fn open(&mut self, path: PathBuf) -> Option<Result<RawRecord, RecordError>> {
        match self.try_open(path) {
            Ok(Some(record)) => Some(Ok(record)),
            Ok(None) => self.next_line(),
            Err(err) => Some(Err(err)),
        }
    }

    fn try_open(&mut self, path: PathBuf) -> Result<Option<RawRecord>, RecordError> {
        let name: Arc<str> = path.to_string_lossy().into();
        let origin = || Origin::file(name.clone());
        let io_error = |e: io::Error| RecordError::new(origin(), RecordErrorKind::Io(e));
        let mut reader: Box<dyn BufRead + Send> = if path == Path::new("-") {
            Box::new(BufReader::with_capacity(READ_BUFFER, io::stdin()))
        } else {
            let file = File::open(&path).map_err(io_error)?;
            Box::new(BufReader::with_capacity(READ_BUFFER, file))
        };
        let (prefix, first) = skip_white_space(&mut reader).map_err(io_error)?;
        let format = match self.format {
            InputFormat::Auto => format_by_extension(&path).unwrap_or(match first {
                Some(b'{') => InputFormat::Jsonl,
                _ => InputFormat::Text,
            }),
            chosen => chosen,
        };
        if first.is_none() {
            return Ok(Some(RawRecord {
                origin: origin(),
                file_offset: Some(0),
                payload: Payload::Nothing(SkipReason::EmptyFile),
            }));
        }
        match format {
            InputFormat::Jsonl => {
                let lines = LineReader {
                    name: name.clone(),
                    reader,
                    line: prefix.iter().filter(|&&b| b == b'\n').count() as u64,
                    offset: prefix.len() as u64,
                    records: 0,
                };
                self.current = Some(lines);
                Ok(None)
            }
            InputFormat::Text | InputFormat::Auto => {
                let mut bytes = prefix;
                reader.read_to_end(&mut bytes).map_err(io_error)?;
                Ok(Some(RawRecord {
                    origin: origin(),
                    file_offset: Some(0),
                    payload: Payload::Text(bytes),
                }))
            }
        }
    }

    /// The next non-blank line of the current JSON Lines input, or `None` at its end.
    fn next_line(&mut self) -> Option<Result<RawRecord, RecordError>> {
        let lines = self.current.as_mut()?;
        loop {
            let mut buf = Vec::new();
            let read = match lines.reader.read_until(b'\n', &mut buf) {
                Ok(read) => read,
                Err(e) => {
                    let origin = Origin::line(lines.name.clone(), lines.line + 1);
                    self.current = None;
                    return Some(Err(RecordError::new(origin, RecordErrorKind::Io(e))));
                }
            };
            if read == 0 {
                let lines = self.current.take()?;
                return (lines.records == 0).then(|| {
                    Ok(RawRecord {
                        origin: Origin::file(lines.name),
                        file_offset: Some(0),
                        payload: Payload::Nothing(SkipReason::EmptyFile),
                    })
                });
            }
            lines.line += 1;
            let start = lines.offset;
            lines.offset += read as u64;
            if buf.last() == Some(&b'\n') {
                buf.pop();
                if buf.last() == Some(&b'\r') {
                    buf.pop();
                }
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            lines.records += 1;
            return Some(Ok(RawRecord {
                origin: Origin::line(lines.name.clone(), lines.line),
                file_offset: Some(start),
                payload: Payload::JsonLine(buf),
            }));
        }
    }
}

impl Iterator for Sources {
    type Item = Result<RawRecord, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(record) = self.next_line() {
                return Some(record);
            }
            let path = self.pending.pop_front()?;
            if let Some(record) = self.open(path) {
                return Some(record);
            }
        }
    }
}

fn format_by_extension(path: &Path) -> Option<InputFormat> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if [".jsonl", ".ndjson", ".json"]
        .iter()
        .any(|ext| name.ends_with(ext))
    {
        Some(InputFormat::Jsonl)
    } else if name.ends_with(".txt") {
        Some(InputFormat::Text)
    } else {
        None
    }
}

/// Consumes leading ASCII white space and returns it with the first other byte (not consumed), or
/// `None` when the input holds only white space.
fn skip_white_space(reader: &mut dyn BufRead) -> io::Result<(Vec<u8>, Option<u8>)> {
    let mut prefix = Vec::new();
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok((prefix, None));
        }
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(at) => {
                let first = buf[at];
                prefix.extend_from_slice(&buf[..at]);
                reader.consume(at);
                return Ok((prefix, Some(first)));
            }
            None => {
                let len = buf.len();
                prefix.extend_from_slice(buf);
                reader.consume(len);
            }
        }
    }
}
