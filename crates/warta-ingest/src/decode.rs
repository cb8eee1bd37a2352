//! Bytes to text: UTF-8 validation with the offset of the first bad byte, lossy repair that counts
//! what it replaced, and a cheap test for content that is not text at all.

use std::fmt;

/// Text decoded from bytes, with the number of invalid sequences replaced by U+FFFD (always 0 unless
/// decoding was lossy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utf8Text {
    pub text: String,
    pub replacements: usize,
}

/// Decodes `bytes` as UTF-8 without copying when they are valid. When they are not: with `lossy`,
/// each maximal invalid sequence becomes one U+FFFD (as [`String::from_utf8_lossy`] does) and is
/// counted; without it, the error is the byte offset of the first invalid sequence.
pub fn decode_utf8(bytes: Vec<u8>, lossy: bool) -> Result<Utf8Text, usize> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Utf8Text {
            text,
            replacements: 0,
        }),
        Err(err) if !lossy => Err(err.utf8_error().valid_up_to()),
        Err(err) => {
            let bytes = err.into_bytes();
            let mut text = String::with_capacity(bytes.len());
            let mut replacements = 0;
            for chunk in bytes.utf8_chunks() {
                text.push_str(chunk.valid());
                if !chunk.invalid().is_empty() {
                    text.push(char::REPLACEMENT_CHARACTER);
                    replacements += 1;
                }
            }
            Ok(Utf8Text { text, replacements })
        }
    }
}

/// Why some bytes were judged not to be text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryEvidence {
    /// Text never contains NUL; images, archives and UTF-16 do.
    NulByte { offset: usize },
    /// Too many control characters other than tab, line feed, carriage return and form feed.
    ControlBytes { per_mille: usize },
    /// Most of the bytes are not UTF-8 (a lossy decode would be mostly U+FFFD).
    MostlyInvalidUtf8 { per_mille: usize },
}

impl fmt::Display for BinaryEvidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            BinaryEvidence::NulByte { offset } => write!(f, "NUL byte at byte {offset}"),
            BinaryEvidence::ControlBytes { per_mille } => write!(
                f,
                "{}.{}% of the first bytes are control characters",
                per_mille / 10,
                per_mille % 10
            ),
            BinaryEvidence::MostlyInvalidUtf8 { per_mille } => write!(
                f,
                "{}.{}% of the first bytes are not UTF-8",
                per_mille / 10,
                per_mille % 10
            ),
        }
    }
}

/// How much of the start of a record is inspected for control characters and invalid UTF-8; NUL bytes
/// are searched for everywhere (memchr-fast).
const SAMPLE: usize = 64 * 1024;
/// Thresholds, in thousandths of the sample. Real news text has next to no control characters; a few
/// stray ones (form feeds, escape codes from copy-paste) must not condemn an article.
const MAX_CONTROL_PER_MILLE: usize = 100;
const MAX_INVALID_PER_MILLE: usize = 300;

/// Returns why `bytes` look binary, or `None` when they look like text.
pub fn detect_binary(bytes: &[u8]) -> Option<BinaryEvidence> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Some(BinaryEvidence::NulByte { offset });
    }
    let sample = &bytes[..bytes.len().min(SAMPLE)];
    if sample.is_empty() {
        return None;
    }
    let per_mille = |count: usize| count * 1000 / sample.len();
    let controls = sample
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f)
        .count();
    if per_mille(controls) > MAX_CONTROL_PER_MILLE {
        return Some(BinaryEvidence::ControlBytes {
            per_mille: per_mille(controls),
        });
    }
    let invalid: usize = sample.utf8_chunks().map(|c| c.invalid().len()).sum();
    if per_mille(invalid) > MAX_INVALID_PER_MILLE {
        return Some(BinaryEvidence::MostlyInvalidUtf8 {
            per_mille: per_mille(invalid),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_utf8_is_taken_as_is() {
        let text = decode_utf8("“Ya,” kata Yang.".as_bytes().to_vec(), false).unwrap();
        assert_eq!(text.text, "“Ya,” kata Yang.");
        assert_eq!(text.replacements, 0);
    }

    #[test]
    fn invalid_utf8_reports_the_first_bad_byte() {
        // "abc" then a lone continuation byte at offset 3.
        assert_eq!(decode_utf8(b"abc\x80def".to_vec(), false), Err(3));
        // A truncated 3-byte sequence ("“" is E2 80 9C) at offset 2.
        assert_eq!(decode_utf8(b"ab\xe2\x80".to_vec(), false), Err(2));
    }

    #[test]
    fn lossy_decoding_counts_replacements() {
        let text = decode_utf8(b"a\x80b\xff\xfec\xe2\x80".to_vec(), true).unwrap();
        // \x80 → one, \xff and \xfe are two separate invalid sequences, the truncated tail → one.
        assert_eq!(text.text, "a\u{fffd}b\u{fffd}\u{fffd}c\u{fffd}");
        assert_eq!(text.replacements, 4);
        assert_eq!(
            text.text,
            String::from_utf8_lossy(b"a\x80b\xff\xfec\xe2\x80")
        );
    }

    #[test]
    fn binary_content_is_recognised() {
        assert_eq!(
            detect_binary(b"PK\x03\x04\x00\x00"),
            Some(BinaryEvidence::NulByte { offset: 4 })
        );
        let controls: Vec<u8> = (1u8..8).cycle().take(1000).collect();
        assert!(matches!(
            detect_binary(&controls),
            Some(BinaryEvidence::ControlBytes { .. })
        ));
        let high: Vec<u8> = (0x80u8..=0xff).cycle().take(1000).collect();
        assert!(matches!(
            detect_binary(&high),
            Some(BinaryEvidence::MostlyInvalidUtf8 { .. })
        ));
    }

    #[test]
    fn text_with_a_few_oddities_is_not_binary() {
        assert_eq!(
            detect_binary("Kata Budi.\tIa pergi.\r\n\x0c".as_bytes()),
            None
        );
        assert_eq!(detect_binary(b""), None);
        let mostly_text = [b"Berita hari ini. ".repeat(20).as_slice(), b"\x1b\x80"].concat();
        assert_eq!(detect_binary(&mostly_text), None);
    }
}
