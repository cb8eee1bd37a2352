//! Web pages to text: the charset comes from a byte-order mark, the HTTP header, a `<meta>` in the
//! first kilobytes, UTF-8 validity, or — for pages that say nothing — statistical sniffing.

use encoding_rs::{Encoding, UTF_8};

/// How far into a page a `<meta charset>` is looked for (the HTML standard's prescan uses 1024 bytes;
/// real pages put long `<head>`s first, so look further).
const META_PRESCAN: usize = 4096;

/// The decoded page and the name of the encoding used.
pub struct DecodedPage {
    pub text: String,
    pub encoding: &'static str,
    /// Sequences that were not valid in that encoding, replaced by U+FFFD.
    pub replacements: usize,
}

/// Decodes a page. `declared` is the charset of the HTTP `Content-Type`, when there was one.
pub fn decode_page(bytes: &[u8], declared: Option<&str>) -> DecodedPage {
    let encoding = Encoding::for_bom(bytes)
        .map(|(encoding, _)| encoding)
        .or_else(|| declared.and_then(|label| Encoding::for_label(label.trim().as_bytes())))
        .or_else(|| meta_charset(&bytes[..bytes.len().min(META_PRESCAN)]))
        .unwrap_or_else(|| sniff(bytes));
    // Pages declared as Latin-1 are decoded as windows-1252, as browsers do (the labels are aliases).
    let (text, used, had_errors) = encoding.decode(bytes);
    let replacements = if had_errors {
        text.matches('\u{fffd}').count()
    } else {
        0
    };
    DecodedPage {
        text: text.into_owned(),
        encoding: used.name(),
        replacements,
    }
}

/// The charset named by `<meta charset=…>` or `<meta http-equiv=Content-Type content="…; charset=…">`.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"charset") {
        let mut i = from + at + b"charset".len();
        from = i;
        while i < lower.len() && lower[i].is_ascii_whitespace() {
            i += 1;
        }
        if lower.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < lower.len() && matches!(lower[i], b' ' | b'"' | b'\'') {
            i += 1;
        }
        let end = lower[i..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
            .map_or(lower.len(), |n| i + n);
        if let Some(encoding) = Encoding::for_label(&lower[i..end]) {
            // A page that claims UTF-16 in a meta tag was necessarily decoded as ASCII to read it.
            return Some(if encoding.is_single_byte() || encoding == UTF_8 {
                encoding
            } else {
                UTF_8
            });
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn sniff(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(Some(b"id"), chardetng::Utf8Detection::Allow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_then_meta_then_sniffing() {
        // "é" in windows-1252 is E9.
        let page = b"<html><head><meta charset=\"windows-1252\"></head><body>Caf\xe9</body></html>";
        let decoded = decode_page(page, None);
        assert_eq!(decoded.encoding, "windows-1252");
        assert!(decoded.text.contains("Café"));
        // The HTTP header wins over the page.
        let utf8 = "<meta charset=\"windows-1252\"><p>Café</p>".as_bytes();
        assert_eq!(
            decode_page(utf8, Some("utf-8")).text,
            "<meta charset=\"windows-1252\"><p>Café</p>"
        );
        let http_equiv = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"><p>S\xe9oul</p>";
        let decoded = decode_page(http_equiv, None);
        assert!(decoded.text.contains("Séoul"), "{}", decoded.text);
        // Nothing declared, not UTF-8: sniffed.
        let decoded = decode_page(
            b"<p>Jos\xe9 berkata \x93ya\x94 kepada wartawan di caf\xe9 itu.</p>",
            None,
        );
        assert!(decoded.text.contains("“ya”"), "{}", decoded.text);
        assert_eq!(decoded.replacements, 0);
    }
}
