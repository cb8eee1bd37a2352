//! WARC 1.0/1.1 records, from a plain or gzip stream (gzip with one member per record, as CC-NEWS
//! writes it, decodes as one stream).
//!
//! The reader trusts nothing: a `Content-Length` that runs into the next record is caught by finding
//! that record's header inside the body; one that stops short is caught because no blank line follows
//! the body. Either way the record is reported as an error and reading resumes at the next
//! `WARC/1.x` header, so that one bad record costs only itself.

use std::io::{self, BufRead, Read};
use std::sync::Arc;

use crate::error::{RecordError, RecordErrorKind};
use crate::gzip::GzipDamage;
use crate::origin::Origin;
use crate::record::{Payload, RawRecord, SkipReason};

/// Header lines longer than this are not WARC headers.
const MAX_LINE: usize = 64 * 1024;
/// The fields of a record header together; real ones are well under 4 KiB.
const MAX_HEADER: usize = 1 << 20;
/// How a record ends where a header follows: what resynchronisation looks for.
const NEXT_RECORD: &[u8] = b"\r\n\r\nWARC/1.";
/// Bytes read at a time while looking for the end of a body.
const BODY_CHUNK: usize = 64 * 1024;

/// A body read by [`WarcReader::read_body`].
struct Body {
    /// The body, when it was held.
    bytes: Vec<u8>,
    /// Bytes of the stream taken as the body.
    read: u64,
    /// Where the next record starts, when its header was found inside the declared length.
    next_record: Option<u64>,
}

/// A compressed HTTP body may not expand beyond this: no news page comes near it, and a small body
/// can expand enormously.
const MAX_DECODED_BODY: u64 = 64 << 20;

pub(crate) struct WarcReader {
    name: Arc<str>,
    reader: PushBack,
    /// Offset in the (decompressed) stream.
    offset: u64,
    records: u64,
    done: bool,
    /// Records larger than this are skipped (read past, not held) with an error.
    max_record: u64,
}

impl WarcReader {
    /// `offset`: bytes of the stream already consumed (white space read while sniffing).
    pub(crate) fn new(
        name: Arc<str>,
        reader: Box<dyn BufRead + Send>,
        offset: u64,
        max_record: u64,
    ) -> Self {
        WarcReader {
            name,
            reader: PushBack {
                front: Vec::new(),
                pos: 0,
                inner: reader,
            },
            offset,
            records: 0,
            done: false,
            max_record,
        }
    }

    fn error(&self, kind: RecordErrorKind) -> RecordError {
        RecordError::new(Origin::record(self.name.clone(), self.records), kind)
    }

    fn framing(&self, message: String) -> RecordError {
        self.error(RecordErrorKind::Warc(message))
    }

    /// One line including its ending, at most [`MAX_LINE`] bytes; empty at the end of the stream.
    fn line(&mut self) -> io::Result<Vec<u8>> {
        let mut line = Vec::new();
        (&mut self.reader)
            .take(MAX_LINE as u64)
            .read_until(b'\n', &mut line)?;
        self.offset += line.len() as u64;
        Ok(line)
    }

    /// Skips to the next line that starts a record, returning it; `None` at the end of the stream.
    /// `skipped` counts the bytes passed over that were not blank.
    fn header_start(&mut self, skipped: &mut u64) -> io::Result<Option<Vec<u8>>> {
        loop {
            let line = self.line()?;
            if line.is_empty() {
                return Ok(None);
            }
            if line.starts_with(b"WARC/") {
                return Ok(Some(line));
            }
            if !line.iter().all(u8::is_ascii_whitespace) {
                *skipped += line.len() as u64;
            }
        }
    }

    pub(crate) fn next_record(&mut self) -> Option<Result<RawRecord, RecordError>> {
        if self.done {
            return None;
        }
        let result = self.read_record();
        if let Err(err) = &result
            && matches!(&err.kind, RecordErrorKind::Io(e) if !GzipDamage::is(e))
        {
            // A read error (a failing disk) ends this input; a damaged gzip member costs only the
            // record it held, as the reads after it go on at the next member.
            self.done = true;
        }
        result.transpose()
    }

    fn read_record(&mut self) -> Result<Option<RawRecord>, RecordError> {
        let mut skipped = 0;
        let start_line = self.header_start(&mut skipped).map_err(|e| self.io(e))?;
        let Some(version) = start_line else {
            self.done = true;
            return if skipped > 0 {
                self.records += 1;
                Err(self.framing(format!(
                    "{skipped} bytes at the end of the file are not a WARC record"
                )))
            } else {
                Ok(None)
            };
        };
        if skipped > 0 {
            // Bytes that belong to no record (damage, or a file that starts mid-record): reported
            // once, as their own problem; the header found after them is read on the next call.
            let message = format!(
                "{skipped} bytes before byte {} are not part of any WARC record",
                self.offset - version.len() as u64
            );
            self.offset -= version.len() as u64;
            self.push_back(version);
            self.records += 1;
            return Err(self.framing(message));
        }
        self.records += 1;
        let start = self.offset - version.len() as u64;
        let mut fields = Vec::new();
        let mut header_bytes = version.len();
        loop {
            let line = self.line().map_err(|e| self.io(e))?;
            if line.is_empty() {
                return Err(self.framing("the file ends inside a record header".into()));
            }
            header_bytes += line.len();
            if header_bytes > MAX_HEADER {
                // Not a header (a stray "WARC/" line in damage); the next call looks for one.
                return Err(self.framing(format!(
                    "the header starting at byte {start} is longer than {} KiB",
                    MAX_HEADER >> 10
                )));
            }
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                fields.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
        }
        let field = |name: &str| {
            fields
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let Some(length) = field("content-length").and_then(|l| l.parse::<u64>().ok()) else {
            return Err(self.framing("record without a valid Content-Length".into()));
        };
        let warc_type = field("warc-type").unwrap_or("").to_ascii_lowercase();
        let target = field("warc-target-uri").map(|u| u.trim_matches(['<', '>']).to_owned());
        let content_type = field("content-type").unwrap_or("").to_ascii_lowercase();

        // The body is read in chunks, watching for the next record's header: a Content-Length that
        // is too long (200 MB, 2^64 - 1) stops there instead of swallowing the records after it.
        // Bodies over the limit are passed over, not held.
        let body = self
            .read_body(length, length <= self.max_record)
            .map_err(|e| self.io(e))?;
        if let Some(next) = body.next_record {
            return Err(self.framing(format!(
                "Content-Length {length} runs into the next record, which starts at byte {next}"
            )));
        }
        if body.read < length {
            self.done = true;
            return Err(self.framing(format!(
                "Content-Length is {length} but the file ends after {} bytes of the record",
                body.read
            )));
        }
        if length > self.max_record {
            return Err(self.error(RecordErrorKind::RecordTooLarge {
                limit: self.max_record,
                file_offset: Some(start),
            }));
        }
        let mut body = body.bytes;
        // A Content-Length that is too short leaves record bytes where the blank line should be.
        let after = self.line().map_err(|e| self.io(e))?;
        if !after.iter().all(u8::is_ascii_whitespace) {
            // Pass over the rest of this record, up to the next header, so that it is not reported
            // a second time as stray bytes.
            let mut rest = 0;
            if let Some(next) = self.header_start(&mut rest).map_err(|e| self.io(e))? {
                self.offset -= next.len() as u64;
                self.push_back(next);
            }
            return Err(self.framing(format!(
                "Content-Length {length} ends before the record does ({} more bytes follow it)",
                after.len() as u64 + rest
            )));
        }

        let origin = Origin::record(self.name.clone(), self.records);
        let nothing = |reason| RawRecord {
            origin: origin.clone(),
            file_offset: Some(start),
            payload: Payload::Nothing(reason),
        };
        let (html, charset, lang) = match warc_type.as_str() {
            "response" if content_type.starts_with("application/http") => match split_http(&body) {
                Some(http) if !(200..300).contains(&http.status) => {
                    return Ok(Some(nothing(SkipReason::HttpStatus)));
                }
                Some(http) if !is_html(&http.content_type) => {
                    return Ok(Some(nothing(SkipReason::NotHtml)));
                }
                Some(http) => {
                    let charset = charset_of(&http.content_type);
                    let encoded = body.split_off(http.body_start);
                    let html = decode_http_body(encoded, &http)
                        .map_err(|message| self.error(RecordErrorKind::HttpBody(message)))?;
                    (html, charset, http.content_language)
                }
                None => {
                    return Err(self.framing("response record without a valid HTTP header".into()));
                }
            },
            "response" | "resource" if is_html(&content_type) => {
                let charset = charset_of(&content_type);
                (body, charset, None)
            }
            "response" | "resource" => return Ok(Some(nothing(SkipReason::NotHtml))),
            _ => return Ok(Some(nothing(SkipReason::NotAResponse))),
        };
        Ok(Some(RawRecord {
            origin,
            file_offset: Some(start),
            payload: Payload::Html {
                bytes: html,
                url: target,
                charset,
                lang,
            },
        }))
    }

    /// Reads up to `length` bytes of body, streaming, stopping early at the header of the next
    /// record (left unread) or at the end of the stream. `hold`: keep the bytes (else only scan).
    fn read_body(&mut self, length: u64, hold: bool) -> io::Result<Body> {
        let keep = NEXT_RECORD.len() - 1;
        let mut body = Body {
            bytes: Vec::new(),
            read: 0,
            next_record: None,
        };
        // The last bytes taken, for a header split across two chunks.
        let mut tail: Vec<u8> = Vec::with_capacity(2 * BODY_CHUNK);
        let mut chunk = vec![0; BODY_CHUNK];
        while body.read < length {
            let want = (length - body.read).min(BODY_CHUNK as u64) as usize;
            let n = match self.reader.read(&mut chunk[..want]) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.offset += body.read;
                    return Err(e);
                }
            };
            let old = tail.len();
            tail.extend_from_slice(&chunk[..n]);
            if let Some(at) = memchr::memmem::find(&tail, NEXT_RECORD) {
                // The header starts after the blank line. The first `old` bytes of `tail` were
                // taken as body already; the body ends `header` bytes into `tail`, and what follows
                // is put back for the next call.
                let header = at + 4;
                body.read = body.read - old as u64 + header as u64;
                if hold {
                    body.bytes.extend_from_slice(&chunk[..n]);
                    body.bytes.truncate(body.read as usize);
                }
                let rest = tail.split_off(header);
                self.offset += body.read;
                body.next_record = Some(self.offset);
                self.push_back(rest);
                return Ok(body);
            }
            if hold {
                body.bytes.extend_from_slice(&chunk[..n]);
            }
            body.read += n as u64;
            tail.drain(..tail.len().saturating_sub(keep));
        }
        self.offset += body.read;
        Ok(body)
    }

    fn io(&self, err: io::Error) -> RecordError {
        if GzipDamage::is(&err) {
            return self.error(RecordErrorKind::Io(err));
        }
        let kind = if err.kind() == io::ErrorKind::UnexpectedEof
            || err.to_string().contains("corrupt")
            || err.to_string().contains("invalid gzip")
        {
            RecordErrorKind::Io(io::Error::new(
                err.kind(),
                format!(
                    "{err} (truncated or corrupt gzip?) at byte {} of the decompressed stream",
                    self.offset
                ),
            ))
        } else {
            RecordErrorKind::Io(err)
        };
        self.error(kind)
    }

    fn push_back(&mut self, bytes: Vec<u8>) {
        self.reader.push_back(bytes);
    }
}

/// The stream with bytes put back in front of it. A buffer rather than a `Cursor` chained in front
/// of the reader: chains nest one level per resynchronisation, and a file of many bad records would
/// make every read walk through all of them.
struct PushBack {
    front: Vec<u8>,
    pos: usize,
    inner: Box<dyn BufRead + Send>,
}

impl PushBack {
    fn push_back(&mut self, bytes: Vec<u8>) {
        let mut front = bytes;
        front.extend_from_slice(&self.front[self.pos..]);
        self.front = front;
        self.pos = 0;
    }
}

impl Read for PushBack {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.front.len() {
            return self.inner.read(out);
        }
        let available = &self.front[self.pos..];
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for PushBack {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos < self.front.len() {
            Ok(&self.front[self.pos..])
        } else {
            self.inner.fill_buf()
        }
    }

    fn consume(&mut self, n: usize) {
        if self.pos < self.front.len() {
            self.pos += n;
            if self.pos >= self.front.len() {
                self.front.clear();
                self.pos = 0;
            }
        } else {
            self.inner.consume(n);
        }
    }
}

struct HttpHead {
    status: u16,
    content_type: String,
    /// Codings in the order the server applied them, lower-cased.
    transfer_encoding: Vec<String>,
    content_encoding: Vec<String>,
    content_language: Option<String>,
    body_start: usize,
}

fn split_http(body: &[u8]) -> Option<HttpHead> {
    let end = find(body, b"\r\n\r\n")
        .map(|at| at + 4)
        .or_else(|| find(body, b"\n\n").map(|at| at + 2))?;
    let head = String::from_utf8_lossy(&body[..end]);
    let mut lines = head.lines();
    let status_line = lines.next()?;
    if !status_line.starts_with("HTTP/") {
        return None;
    }
    let status = status_line.split_whitespace().nth(1)?.parse().ok()?;
    let fields: Vec<(&str, &str)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim(), v.trim()))
        .collect();
    let field = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.to_ascii_lowercase())
    };
    let codings = |name: &str| -> Vec<String> {
        field(name)
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty() && *c != "identity")
            .map(str::to_owned)
            .collect()
    };
    Some(HttpHead {
        status,
        content_type: field("content-type").unwrap_or_default(),
        transfer_encoding: codings("transfer-encoding"),
        content_encoding: codings("content-encoding"),
        content_language: field("content-language")
            .and_then(|l| l.split(',').next().and_then(crate::html::language_tag)),
        body_start: end,
    })
}

/// Undoes the codings of an HTTP body: first the transfer codings (`chunked`), then the content
/// codings (`gzip`, `deflate`), each list in reverse order of application. Many crawlers store the
/// body decoded but keep the original header; a body that does not look encoded is taken as it is.
fn decode_http_body(body: Vec<u8>, head: &HttpHead) -> Result<Vec<u8>, String> {
    let mut body = body;
    let codings = head.content_encoding.iter().rev();
    for coding in head.transfer_encoding.iter().rev().chain(codings) {
        body = match coding.as_str() {
            "chunked" if looks_chunked(&body) => dechunk(&body)?,
            "chunked" => body,
            "gzip" | "x-gzip" | "deflate" => inflate(coding, body)?,
            _ if looks_like_markup(&body) => body,
            other => return Err(format!("coding {other:?} is not supported")),
        };
    }
    Ok(body)
}

/// A chunked body starts with a hexadecimal size on a line of its own.
fn looks_chunked(body: &[u8]) -> bool {
    let line = body.split(|&b| b == b'\n').next().unwrap_or_default();
    let size = line
        .split(|&b| b == b';' || b == b'\r')
        .next()
        .unwrap_or_default();
    !size.is_empty() && size.len() <= 16 && size.iter().all(u8::is_ascii_hexdigit)
}

fn looks_like_markup(body: &[u8]) -> bool {
    body.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'<')
}

fn dechunk(body: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    // A body that stops after a whole chunk, without the closing zero-size chunk, keeps what it has.
    while !rest.iter().all(u8::is_ascii_whitespace) {
        let line_end = find(rest, b"\n").unwrap_or(rest.len());
        let line = String::from_utf8_lossy(&rest[..line_end]);
        let size_text = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| format!("chunked body: {size_text:?} is not a chunk size"))?;
        rest = rest.get(line_end + 1..).unwrap_or_default();
        if size == 0 {
            break;
        }
        let Some(chunk) = rest.get(..size) else {
            return Err(format!(
                "chunked body ends inside a chunk ({} of {size} bytes)",
                rest.len()
            ));
        };
        out.extend_from_slice(chunk);
        rest = &rest[size..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .or_else(|| rest.is_empty().then_some(rest))
            .ok_or_else(|| {
                format!("chunked body: a chunk of {size} bytes is longer than declared")
            })?;
    }
    Ok(out)
}

/// Decompresses a `gzip` or `deflate` body, up to [`MAX_DECODED_BODY`] bytes.
fn inflate(coding: &str, body: Vec<u8>) -> Result<Vec<u8>, String> {
    use flate2::read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};
    let is_gzip = body.starts_with(&[0x1f, 0x8b]);
    // zlib: compression method 8 and a header whose 16-bit value is a multiple of 31.
    let is_zlib = body.len() >= 2
        && body[0] & 0x0f == 8
        && (u16::from(body[0]) << 8 | u16::from(body[1])) % 31 == 0;
    let decoder: Box<dyn Read + '_> = match coding {
        "gzip" | "x-gzip" if is_gzip => Box::new(MultiGzDecoder::new(&body[..])),
        // Servers send zlib or raw deflate for `deflate`, and mislabel gzip too.
        "deflate" if is_gzip => Box::new(MultiGzDecoder::new(&body[..])),
        "deflate" if is_zlib => Box::new(ZlibDecoder::new(&body[..])),
        _ if looks_like_markup(&body) => return Ok(body),
        "deflate" => Box::new(DeflateDecoder::new(&body[..])),
        _ => return Err(format!("Content-Encoding {coding}: not {coding} data")),
    };
    let mut out = Vec::with_capacity(body.len() * 4);
    decoder
        .take(MAX_DECODED_BODY + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("Content-Encoding {coding}: {e} (truncated or corrupt body?)"))?;
    if out.len() as u64 > MAX_DECODED_BODY {
        return Err(format!(
            "Content-Encoding {coding}: the body expands beyond {} MiB",
            MAX_DECODED_BODY >> 20
        ));
    }
    Ok(out)
}

fn is_html(content_type: &str) -> bool {
    content_type.starts_with("text/html") || content_type.starts_with("application/xhtml")
}

fn charset_of(content_type: &str) -> Option<String> {
    content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("charset="))
        .map(|c| c.trim_matches(['"', '\'', ' ']).to_owned())
        .next()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
