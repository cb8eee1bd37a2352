//! Walking the inputs and cutting them into records, one at a time.

use std::collections::{HashSet, VecDeque};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{RecordError, RecordErrorKind};
use crate::gzip::{GzMembers, GzipDamage};
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
/// The largest record held in memory by default: one JSON line, one text file, one page, one WARC
/// record. No news article comes near it; it bounds what a hostile input (a gzip of gigabytes of
/// zeros, a gigabyte on one line) costs, and leaves room for the 100 MB lines some dumps have.
pub const DEFAULT_MAX_RECORD_BYTES: u64 = 128 << 20;
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
    max_record: u64,
    /// The real paths of the files read while walking directories, so that a file reached again
    /// through a symbolic link is read once.
    seen: HashSet<PathBuf>,
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
    /// A directory being walked (depth first, in name order, hidden entries left out, symbolic
    /// links followed with loops detected by walkdir).
    Walk(Box<Walk>),
}

type Walk = dyn Iterator<Item = walkdir::Result<walkdir::DirEntry>> + Send;

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
    /// The line being read, reused from line to line.
    buf: Vec<u8>,
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
            max_record: DEFAULT_MAX_RECORD_BYTES,
            seen: HashSet::new(),
        }
    }

    /// Records larger than `bytes` (a JSON line, a text file, a page, a WARC record) are errors
    /// naming the record, read past without being held; the next record is read as usual.
    pub fn with_max_record_bytes(mut self, bytes: u64) -> Self {
        self.max_record = bytes;
        self
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
            max_record: DEFAULT_MAX_RECORD_BYTES,
            seen: HashSet::new(),
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
            Pending::Walk(walk) => return self.next_walked(walk),
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
            let walk = walkdir::WalkDir::new(&path)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || e.file_name().to_str().is_none_or(|n| !n.starts_with('.'))
                });
            self.pending.push_front(Pending::Walk(Box::new(walk)));
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
            let gunzip = GzMembers::new(reader);
            reader = Box::new(BufReader::with_capacity(READ_BUFFER, gunzip));
        }
        let limit = self.max_record;
        // Leading white space is part of a text or a page, not of a JSON line or a WARC record:
        // only the former keep it (up to the record limit).
        let known = match self.format {
            InputFormat::Auto => by_extension,
            chosen => Some(chosen),
        };
        let keep = match known {
            Some(InputFormat::Jsonl | InputFormat::Warc) => 0,
            _ => limit,
        };
        let prefix = skip_white_space(&mut reader, keep).map_err(io_error)?;
        if prefix.first.is_none() {
            return nothing(SkipReason::EmptyFile);
        }
        let format = match self.format {
            InputFormat::Auto => match by_extension {
                Some(format) => format,
                None => sniff(reader.fill_buf().map_err(io_error)?),
            },
            chosen => chosen,
        };
        let whole = |reader: &mut Box<dyn BufRead + Send>, prefix: WhiteSpace| {
            // The whole input is the record: read at most one byte past the limit, never the rest.
            let too_large = || {
                let kind = RecordErrorKind::RecordTooLarge {
                    limit,
                    file_offset: None,
                };
                RecordError::new(origin(), kind)
            };
            if prefix.len > limit {
                return Err(too_large());
            }
            let mut bytes = prefix.kept;
            reader
                .take(limit + 1 - prefix.len)
                .read_to_end(&mut bytes)
                .map_err(io_error)?;
            if bytes.len() as u64 > limit {
                return Err(too_large());
            }
            Ok(bytes)
        };
        match format {
            InputFormat::Jsonl => {
                self.current = Some(Current::Lines(LineReader {
                    name: name.clone(),
                    reader,
                    line: prefix.newlines,
                    offset: prefix.len,
                    records: 0,
                    buf: Vec::new(),
                }));
                Ok(None)
            }
            InputFormat::Warc => {
                self.current = Some(Current::Warc(WarcReader::new(
                    name.clone(),
                    reader,
                    prefix.len,
                    limit,
                )));
                Ok(None)
            }
            InputFormat::Html => Ok(Some(RawRecord {
                origin: origin(),
                file_offset: Some(0),
                payload: Payload::Html {
                    bytes: whole(&mut reader, prefix)?,
                    url: None,
                    charset: None,
                    lang: None,
                },
            })),
            InputFormat::Text | InputFormat::Auto => Ok(Some(RawRecord {
                origin: origin(),
                file_offset: Some(0),
                payload: Payload::Text(whole(&mut reader, prefix)?),
            })),
        }
    }

    /// The next file of a directory walk, opened; the walk goes back to the front of the queue.
    fn next_walked(&mut self, mut walk: Box<Walk>) -> Result<Option<RawRecord>, RecordError> {
        loop {
            let entry = match walk.next() {
                None => return Ok(None),
                Some(Ok(entry)) => entry,
                Some(Err(err)) => {
                    let path = err.path().unwrap_or(Path::new("")).to_path_buf();
                    let kind = match err.loop_ancestor() {
                        Some(ancestor) => RecordErrorKind::SymlinkLoop {
                            ancestor: ancestor.to_path_buf(),
                        },
                        None => RecordErrorKind::Io(err.into()),
                    };
                    self.pending.push_front(Pending::Walk(walk));
                    let origin = Origin::file(path.to_string_lossy().into());
                    return Err(RecordError::new(origin, kind));
                }
            };
            if entry.file_type().is_dir() {
                continue;
            }
            self.pending.push_front(Pending::Walk(walk));
            let path = entry.into_path();
            // A file reached through a second path (a link to it, a linked directory that is not a
            // loop) is read once.
            if let Ok(real) = std::fs::canonicalize(&path)
                && !self.seen.insert(real)
            {
                return Ok(Some(RawRecord {
                    origin: Origin::file(path.to_string_lossy().into()),
                    file_offset: Some(0),
                    payload: Payload::Nothing(SkipReason::AlreadyRead),
                }));
            }
            return self.try_open(Pending::Path { path, walked: true });
        }
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
        let limit = self.max_record;
        let Some(Current::Lines(lines)) = self.current.as_mut() else {
            return None;
        };
        let line = match read_line(lines, limit) {
            Ok(line) => line,
            Err(e) => {
                let origin = Origin::line(lines.name.clone(), lines.line + 1);
                // A damaged gzip member costs the lines it held; reading goes on after it.
                if !GzipDamage::is(&e) {
                    self.current = None;
                } else {
                    lines.line += 1;
                }
                return Some(Err(RecordError::new(origin, RecordErrorKind::Io(e))));
            }
        };
        match line {
            Line::End => {
                let Some(Current::Lines(lines)) = self.current.take() else {
                    return None;
                };
                (lines.records == 0).then(|| {
                    Ok(RawRecord {
                        origin: Origin::file(lines.name),
                        file_offset: Some(0),
                        payload: Payload::Nothing(SkipReason::EmptyFile),
                    })
                })
            }
            Line::Record { start } => {
                lines.records += 1;
                Some(Ok(RawRecord {
                    origin: Origin::line(lines.name.clone(), lines.line),
                    file_offset: Some(start),
                    payload: Payload::JsonLine(std::mem::take(&mut lines.buf)),
                }))
            }
            Line::TooLong { start } => {
                lines.records += 1;
                let origin = Origin::line(lines.name.clone(), lines.line);
                let kind = RecordErrorKind::RecordTooLarge {
                    limit,
                    file_offset: Some(start),
                };
                Some(Err(RecordError::new(origin, kind)))
            }
        }
    }
}

/// What [`read_line`] found.
enum Line {
    End,
    /// A line, in the reader's `buf`, without its ending.
    Record {
        start: u64,
    },
    /// A line longer than the limit, read past.
    TooLong {
        start: u64,
    },
}

/// Reads the next line that is not blank, streaming: runs of blank lines are passed over in bulk
/// (a file of gigabytes of newlines costs no memory and little time), and a line over `limit` is
/// read to its end without being held.
fn read_line(lines: &mut LineReader, limit: u64) -> io::Result<Line> {
    lines.buf.clear();
    let mut len = 0u64;
    let mut blank = true;
    let mut start = lines.offset;
    loop {
        let chunk = lines.reader.fill_buf()?;
        if chunk.is_empty() {
            if blank {
                return Ok(Line::End);
            }
            // The last line, without an ending.
            lines.line += 1;
            return Ok(finish(lines, len, limit, start));
        }
        if len == 0 {
            // At the start of a line: pass over white space up to the last line ending in it.
            let run = chunk
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .unwrap_or(chunk.len());
            if let Some(last) = memchr::memrchr(b'\n', &chunk[..run]) {
                lines.line += memchr::memchr_iter(b'\n', &chunk[..=last]).count() as u64;
                lines.offset += last as u64 + 1;
                lines.reader.consume(last + 1);
                start = lines.offset;
                continue;
            }
        }
        let (piece, ends) = match memchr::memchr(b'\n', chunk) {
            Some(at) => (&chunk[..at], true),
            None => (chunk, false),
        };
        blank &= piece.iter().all(u8::is_ascii_whitespace);
        if len + piece.len() as u64 <= limit {
            lines.buf.extend_from_slice(piece);
        } else {
            lines.buf = Vec::new();
        }
        len += piece.len() as u64;
        let taken = piece.len() + usize::from(ends);
        lines.offset += taken as u64;
        lines.reader.consume(taken);
        if ends {
            lines.line += 1;
            if blank {
                lines.buf.clear();
                len = 0;
                start = lines.offset;
                continue;
            }
            return Ok(finish(lines, len, limit, start));
        }
    }
}

fn finish(lines: &mut LineReader, len: u64, limit: u64, start: u64) -> Line {
    if len > limit {
        return Line::TooLong { start };
    }
    if lines.buf.last() == Some(&b'\r') {
        lines.buf.pop();
    }
    Line::Record { start }
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

/// The white space at the start of an input.
struct WhiteSpace {
    /// Its first bytes, as many as asked for: a text keeps its leading white space.
    kept: Vec<u8>,
    len: u64,
    newlines: u64,
    /// The first other byte (not consumed), `None` when the input holds only white space.
    first: Option<u8>,
}

/// Consumes leading ASCII white space, streaming, keeping at most `keep` bytes of it: an input of
/// gigabytes of newlines costs no memory beyond that.
fn skip_white_space(reader: &mut dyn BufRead, keep: u64) -> io::Result<WhiteSpace> {
    let mut space = WhiteSpace {
        kept: Vec::new(),
        len: 0,
        newlines: 0,
        first: None,
    };
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(space);
        }
        let at = buf.iter().position(|b| !b.is_ascii_whitespace());
        let run = &buf[..at.unwrap_or(buf.len())];
        let room = keep.saturating_sub(space.kept.len() as u64) as usize;
        space.kept.extend_from_slice(&run[..run.len().min(room)]);
        space.len += run.len() as u64;
        space.newlines += memchr::memchr_iter(b'\n', run).count() as u64;
        space.first = at.map(|at| buf[at]);
        let len = run.len();
        reader.consume(len);
        if space.first.is_some() {
            return Ok(space);
        }
    }
}
