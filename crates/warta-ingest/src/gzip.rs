//! Gzip inputs decoded member by member, so that a damaged member costs itself and not the members
//! after it.
//!
//! CC-NEWS and most crawlers write one gzip member per WARC record. flate2's `MultiGzDecoder` stops
//! at the first damaged member (a truncated download, a bad sector), and every intact record after it
//! was lost without being named. Here a damaged member is one `io::Error` carrying a [`GzipDamage`]
//! that names its offset in the compressed file; the next read goes on at the next member header.

use std::io::{self, BufRead, Read};

use flate2::bufread::GzDecoder;

/// A gzip member starts with the magic bytes and compression method 8 (deflate), RFC 1952.
const MAGIC: &[u8] = &[0x1f, 0x8b, 0x08];
/// The compressed bytes of the current member are kept up to this size: the decoder may have read
/// into the next member before it notices the damage, so the search for the next member restarts
/// just after the damaged one's header. A longer member is searched from where the decoder stopped
/// (it may then miss the member right after it; with one record per member, members are small).
const MAX_REPLAY: usize = 16 << 20;
const CHUNK: usize = 256 * 1024;

/// A damaged gzip member (or bytes between members that are not gzip), reported as the
/// `io::Error` of one read; the reads after it go on at the next member.
#[derive(Debug, thiserror::Error)]
#[error("{what} at byte {start} of the compressed file ({cause}); {}", resumed(*.next))]
pub struct GzipDamage {
    what: &'static str,
    /// Offset of the damaged member in the compressed file.
    pub start: u64,
    cause: String,
    /// Offset of the member reading resumes at, `None` when no member follows.
    pub next: Option<u64>,
}

fn resumed(next: Option<u64>) -> String {
    match next {
        Some(at) => format!("reading resumes at the next member, byte {at}"),
        None => "no gzip member follows".to_owned(),
    }
}

impl GzipDamage {
    /// True when `err` reports a damaged member, after which reading can go on.
    pub fn is(err: &io::Error) -> bool {
        err.get_ref().is_some_and(|e| e.is::<GzipDamage>())
    }
}

/// The compressed stream, with its own buffer so that a member header split across two reads is
/// still seen, and a record of the current member's bytes for resynchronisation.
struct Tape<R> {
    inner: R,
    buf: Vec<u8>,
    start: usize,
    /// Offset in the compressed file of `buf[start]`.
    offset: u64,
    /// The current member's bytes consumed so far; `None` when not kept (between members, or the
    /// member outgrew [`MAX_REPLAY`]).
    record: Option<Vec<u8>>,
    eof: bool,
}

impl<R: Read> Tape<R> {
    /// At least `n` bytes unless the stream ends first.
    fn peek(&mut self, n: usize) -> io::Result<&[u8]> {
        while self.buf.len() - self.start < n && !self.eof {
            self.buf.drain(..self.start);
            self.start = 0;
            let len = self.buf.len();
            self.buf.resize(len + CHUNK, 0);
            let read = loop {
                match self.inner.read(&mut self.buf[len..]) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    other => break other,
                }
            };
            self.buf.truncate(len + *read.as_ref().unwrap_or(&0));
            self.eof = read? == 0;
        }
        Ok(&self.buf[self.start..])
    }

    /// Consumes up to the next member header; returns its offset, or `None` at the end.
    fn skip_to_member(&mut self) -> io::Result<Option<u64>> {
        loop {
            let available = self.peek(MAGIC.len())?;
            if available.len() < MAGIC.len() {
                let len = available.len();
                self.consume(len);
                return Ok(None);
            }
            match memchr::memmem::find(available, MAGIC) {
                Some(at) => {
                    self.consume(at);
                    return Ok(Some(self.offset));
                }
                // Keep the last bytes: they may begin a header that the next read completes.
                None => {
                    let len = available.len() - (MAGIC.len() - 1);
                    self.consume(len);
                }
            }
        }
    }

    /// Puts the recorded member back, minus its first byte, so that the search for the next member
    /// starts inside the damaged one.
    fn rewind(&mut self, member_start: u64) {
        if let Some(record) = self.record.take()
            && !record.is_empty()
        {
            let mut buf = record[1..].to_vec();
            buf.extend_from_slice(&self.buf[self.start..]);
            self.buf = buf;
            self.start = 0;
            self.offset = member_start + 1;
        }
    }
}

impl<R: Read> Read for Tape<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Tape<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.peek(1)
    }

    fn consume(&mut self, n: usize) {
        if let Some(record) = &mut self.record {
            if record.len() + n > MAX_REPLAY {
                self.record = None;
            } else {
                record.extend_from_slice(&self.buf[self.start..self.start + n]);
            }
        }
        self.start += n;
        self.offset += n as u64;
    }
}

/// The decompressed bytes of every intact member of a gzip stream, in order.
pub(crate) struct GzMembers<R> {
    decoder: Option<GzDecoder<Tape<R>>>,
    tape: Option<Tape<R>>,
    member_start: u64,
    /// The end of the bytes last put back after damage. A member found among them that is
    /// damaged too is not put back again: each byte is then decoded at most twice, where nested
    /// rewinds over planted member headers would make resynchronisation quadratic.
    rewound_to: u64,
}

impl<R: Read> GzMembers<R> {
    pub(crate) fn new(inner: R) -> Self {
        GzMembers {
            decoder: None,
            tape: Some(Tape {
                inner,
                buf: Vec::new(),
                start: 0,
                offset: 0,
                record: None,
                eof: false,
            }),
            member_start: 0,
            rewound_to: 0,
        }
    }
}

impl<R: Read> Read for GzMembers<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            if let Some(decoder) = &mut self.decoder {
                let result = decoder.read(out);
                if let Ok(n @ 1..) = result {
                    return Ok(n);
                }
                let mut tape = self.decoder.take().expect("decoding").into_inner();
                let Err(cause) = result else {
                    // The member ended whole.
                    tape.record = None;
                    self.tape = Some(tape);
                    continue;
                };
                if self.member_start >= self.rewound_to {
                    self.rewound_to = tape.offset;
                    tape.rewind(self.member_start);
                } else {
                    tape.record = None;
                }
                let next = tape.skip_to_member();
                self.tape = Some(tape);
                let damage = GzipDamage {
                    what: "damaged gzip member",
                    start: self.member_start,
                    cause: cause.to_string(),
                    next: next?,
                };
                return Err(io::Error::new(io::ErrorKind::InvalidData, damage));
            }
            let tape = self.tape.as_mut().expect("between members");
            let before = tape.offset;
            let next = tape.skip_to_member()?;
            if tape.offset > before {
                let damage = GzipDamage {
                    what: "bytes that are not gzip",
                    start: before,
                    cause: format!("{} bytes", next.unwrap_or(tape.offset) - before),
                    next,
                };
                return Err(io::Error::new(io::ErrorKind::InvalidData, damage));
            }
            let Some(start) = next else {
                return Ok(0);
            };
            let mut tape = self.tape.take().expect("between members");
            tape.record = Some(Vec::new());
            self.member_start = start;
            self.decoder = Some(GzDecoder::new(tape));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::GzEncoder;
    use std::io::Write;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap()
    }

    /// Gives its bytes one to three at a time, so that member headers are split across reads.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            self.1 += 1;
            let n = out.len().min(self.1 % 3 + 1).min(self.0.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// Reads to the end, collecting the data and the damage reports; the same read in trickles.
    fn read_all(bytes: Vec<u8>) -> (Vec<u8>, Vec<String>) {
        let whole = read_from(GzMembers::new(&bytes[..]));
        assert_eq!(read_from(GzMembers::new(Trickle(&bytes, 0))), whole);
        whole
    }

    fn read_from(mut reader: GzMembers<impl Read>) -> (Vec<u8>, Vec<String>) {
        let (mut data, mut errors) = (Vec::new(), Vec::new());
        let mut buf = [0; 1000];
        loop {
            match reader.read(&mut buf) {
                Ok(0) => return (data, errors),
                Ok(n) => data.extend_from_slice(&buf[..n]),
                Err(e) => {
                    assert!(GzipDamage::is(&e), "{e}");
                    errors.push(e.to_string());
                }
            }
        }
    }

    #[test]
    fn members_are_read_in_order() {
        let bytes = [gzip(b"satu "), gzip(b"dua "), gzip(b"tiga")].concat();
        assert_eq!(read_all(bytes), (b"satu dua tiga".to_vec(), vec![]));
    }

    #[test]
    fn a_truncated_member_costs_itself_alone() {
        let first = gzip(&b"satu ".repeat(1000));
        let second = gzip(&b"dua ".repeat(1000));
        let third = gzip(b"tiga");
        let cut = &second[..second.len() / 2];
        let bytes = [first.clone(), cut.to_vec(), third].concat();
        let (data, errors) = read_all(bytes);
        assert!(data.starts_with(&b"satu ".repeat(1000)));
        assert!(
            data.ends_with(b"tiga"),
            "the member after the damage is read"
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
        let expected = format!("damaged gzip member at byte {}", first.len());
        assert!(errors[0].starts_with(&expected), "{}", errors[0]);
        let next = first.len() + cut.len();
        assert!(errors[0].ends_with(&format!("resumes at the next member, byte {next}")));
    }

    #[test]
    fn junk_between_members_and_at_the_end_is_named() {
        let first = gzip(b"satu ");
        let bytes = [first.clone(), b"sampah".to_vec(), gzip(b"dua"), vec![0; 4]].concat();
        let (data, errors) = read_all(bytes);
        assert_eq!(data, b"satu dua");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[0].starts_with(&format!("bytes that are not gzip at byte {}", first.len())),
            "{}",
            errors[0]
        );
        assert!(
            errors[1].ends_with("no gzip member follows"),
            "{}",
            errors[1]
        );
    }
}
