//! Walking the inputs and cutting them into records, one at a time.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{RecordError, RecordErrorKind};
use crate::origin::Origin;
use crate::record::{Payload, RawRecord, SkipReason};
use crate::warc::WarcReader;

/// How to read an input. `Auto` decides by the file's extension (`.gz` stripped), else by its first
/// bytes: `WARC/` is a WARC file, `{` JSON Lines, an HTML tag a web page, anything else plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    #[default]
    Auto,
    /// The whole input is one article.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// The whole input is one web page.
    Html,
    /// A WARC archive of web pages.
    Warc,
}

const READ_BUFFER: usize = 256 * 1024;
const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];

/// The records of a list of inputs, in order: files, directories (walked recursively, in name order,
/// keeping the files whose extension warta reads), glob patterns, and `-` for standard input. Gzip
/// inputs are decompressed on the fly.
///
/// An input that cannot be opened or read yields one error and the walk goes on with the next input;
/// whether to stop is the caller's decision. Records are produced lazily: memory holds one record and
/// one read buffer, whatever the size of the inputs.
pub struct Sources {
    pending: VecDeque<Pending>,
    format: InputFormat,
    current: Option<Current>,
}

enum Pending {
    Path {
        path: PathBuf,
        /// Found by walking a directory (rather than named by the user): files of other types are
        /// passed over instead of being read as text.
        walked: bool,
    },
    Reader {
        name: Arc<str>,
        reader: Box<dyn Read + Send>,
    },
}

/// An input that holds many records, being read.
enum Current {
    Lines(LineReader),
    Warc(WarcReader),
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
            pending: inputs
                .into_iter()
                .map(|path| Pending::Path {
                    path,
                    walked: false,
                })
                .collect(),
            format,
            current: None,
        }
    }

    /// The records of one stream that is not a file (a socket, a buffer), named `name` in errors.
    pub fn from_reader(
        name: &str,
        reader: impl Read + Send + 'static,
        format: InputFormat,
    ) -> Self {
        Sources {
            pending: VecDeque::from([Pending::Reader {
                name: name.into(),
                reader: Box::new(reader),
            }]),
            format,
            current: None,
        }
    }

    /// Opens the next input and returns its first record; for JSON Lines and WARC the reader becomes
    /// current and serves the records that follow.
    fn open(&mut self, input: Pending) -> Option<Result<RawRecord, RecordError>> {
        match self.try_open(input) {
            Ok(Some(record)) => Some(Ok(record)),
            Ok(None) => self.next_from_current(),
            Err(err) => Some(Err(err)),
        }
    }

    fn try_open(&mut self, input: Pending) -> Result<Option<RawRecord>, RecordError> {
        let (path, walked, given_reader, name) = match input {
            Pending::Path { path, walked } => {
                let name: Arc<str> = path.to_string_lossy().into();
                (path, walked, None, name)
            }
            Pending::Reader { name, reader } => (PathBuf::new(), false, Some(reader), name),
        };
        let origin = || Origin::file(name.clone());
        let io_error = |e: io::Error| RecordError::new(origin(), RecordErrorKind::Io(e));
        let nothing = |reason| {
            Ok(Some(RawRecord {
                origin: origin(),
                file_offset: Some(0),
                payload: Payload::Nothing(reason),
            }))
        };
        let stdin = path == Path::new("-");
        let is_file = given_reader.is_none() && !stdin;
        if is_file && !path.exists() && is_glob(&name) {
            self.expand_glob(&name).map_err(|e| {
                RecordError::new(origin(), RecordErrorKind::Io(io::Error::other(e)))
            })?;
            return Ok(None);
        }
        if is_file && path.is_dir() {
            self.expand_directory(&path).map_err(io_error)?;
            return Ok(None);
        }
        let by_extension = format_by_extension(&path);
        if walked && by_extension.is_none() {
            return nothing(SkipReason::UnsupportedFile);
        }
        let raw: Box<dyn Read + Send> = match given_reader {
            Some(reader) => reader,
            None if stdin => Box::new(io::stdin()),
            None => Box::new(File::open(&path).map_err(io_error)?),
        };
        let mut reader: Box<dyn BufRead + Send> =
            Box::new(BufReader::with_capacity(READ_BUFFER, raw));
        if reader.fill_buf().map_err(io_error)?.starts_with(GZIP_MAGIC) {
            let gunzip = flate2::bufread::MultiGzDecoder::new(reader);
            reader = Box::new(BufReader::with_capacity(READ_BUFFER, gunzip));
        }
        let (prefix, first) = skip_white_space(&mut reader).map_err(io_error)?;
        if first.is_none() {
            return nothing(SkipReason::EmptyFile);
        }
        let format = match self.format {
            InputFormat::Auto => match by_extension {
                Some(format) => format,
                None => sniff(reader.fill_buf().map_err(io_error)?),
            },
            chosen => chosen,
        };
        match format {
            InputFormat::Jsonl => {
                self.current = Some(Current::Lines(LineReader {
                    name: name.clone(),
                    reader,
                    line: prefix.iter().filter(|&&b| b == b'\n').count() as u64,
                    offset: prefix.len() as u64,
                    records: 0,
                }));
                Ok(None)
            }
            InputFormat::Warc => {
                self.current = Some(Current::Warc(WarcReader::new(
                    name.clone(),
                    reader,
                    prefix.len() as u64,
                )));
                Ok(None)
            }
            InputFormat::Html => {
                let mut bytes = prefix;
                reader.read_to_end(&mut bytes).map_err(io_error)?;
                Ok(Some(RawRecord {
                    origin: origin(),
                    file_offset: Some(0),
                    payload: Payload::Html {
                        bytes,
                        url: None,
                        charset: None,
                        lang: None,
                    },
                }))
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

    /// Queues a directory's entries, in name order, ahead of the inputs that follow it.
    fn expand_directory(&mut self, dir: &Path) -> io::Result<()> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
            .map(|entry| entry.map(|e| e.path()))
            .collect::<io::Result<_>>()?;
        entries.retain(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_none_or(|n| !n.starts_with('.'))
        });
        entries.sort();
        for path in entries.into_iter().rev() {
            self.pending
                .push_front(Pending::Path { path, walked: true });
        }
        Ok(())
    }

    fn expand_glob(&mut self, pattern: &str) -> Result<(), String> {
        let mut paths: Vec<PathBuf> = glob::glob(pattern)
            .map_err(|e| format!("bad glob pattern: {e}"))?
            .filter_map(Result::ok)
            .collect();
        if paths.is_empty() {
            return Err("no file matches this pattern".into());
        }
        paths.sort();
        for path in paths.into_iter().rev() {
            self.pending.push_front(Pending::Path {
                path,
                walked: false,
            });
        }
        Ok(())
    }

    fn next_from_current(&mut self) -> Option<Result<RawRecord, RecordError>> {
        match self.current.as_mut()? {
            Current::Lines(_) => self.next_line(),
            Current::Warc(warc) => {
                let record = warc.next_record();
                if record.is_none() {
                    self.current = None;
                }
                record
            }
        }
    }

    /// The next non-blank line of the current JSON Lines input, or `None` at its end.
    fn next_line(&mut self) -> Option<Result<RawRecord, RecordError>> {
        let Some(Current::Lines(lines)) = self.current.as_mut() else {
            return None;
        };
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
                let Some(Current::Lines(lines)) = self.current.take() else {
                    return None;
                };
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
            if let Some(record) = self.next_from_current() {
                return Some(record);
            }
            let input = self.pending.pop_front()?;
            if let Some(record) = self.open(input) {
                return Some(record);
            }
        }
    }
}

fn format_by_extension(path: &Path) -> Option<InputFormat> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let ext = name.rsplit_once('.')?.1;
    match ext {
        "jsonl" | "ndjson" | "json" => Some(InputFormat::Jsonl),
        "txt" => Some(InputFormat::Text),
        "html" | "htm" | "xhtml" => Some(InputFormat::Html),
        "warc" => Some(InputFormat::Warc),
        _ => None,
    }
}

/// The format of an input without a telling extension, from its first bytes (white space skipped).
fn sniff(head: &[u8]) -> InputFormat {
    if head.starts_with(b"WARC/") {
        return InputFormat::Warc;
    }
    if head.first() == Some(&b'{') {
        return InputFormat::Jsonl;
    }
    let start = head[..head.len().min(1024)].to_ascii_lowercase();
    let has = |tag: &[u8]| start.windows(tag.len()).any(|w| w == tag);
    if start.first() == Some(&b'<')
        && (has(b"<html") || has(b"<!doctype html") || has(b"<head") || has(b"<body"))
    {
        return InputFormat::Html;
    }
    InputFormat::Text
}

fn is_glob(name: &str) -> bool {
    name.contains(['*', '?', '['])
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
