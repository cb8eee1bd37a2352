use warta_core::Meta;

use crate::decode::{decode_utf8, detect_binary};
use crate::error::{RecordError, RecordErrorKind};
use crate::jsonl;
use crate::origin::{Origin, Place};

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
    /// A web page, with the address it was fetched from and the charset and language its HTTP
    /// header declared.
    Html {
        bytes: Vec<u8>,
        url: Option<String>,
        charset: Option<String>,
        lang: Option<String>,
    },
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
    /// A web page in which no article text was found.
    NoArticleText,
    /// Language identification found a language other than Indonesian (with `--lang id`).
    NotIndonesian,
    /// A WARC record that is not a response (warcinfo, request, metadata, revisit …).
    NotAResponse,
    /// A response whose content is not HTML.
    NotHtml,
    /// A response whose HTTP status is not 2xx.
    HttpStatus,
    /// The same text or the same canonical URL was already seen in this run.
    Duplicate,
    /// The same text as an article already written (or dropped): its URL could not join the
    /// article's `other_urls` any more.
    LateCopy,
    /// A file in a directory whose extension warta does not read.
    UnsupportedFile,
    /// A file found again in a directory walk through another path (a symbolic link): read once.
    AlreadyRead,
}

impl SkipReason {
    /// A short stable name for summaries ("empty_file").
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::EmptyFile => "empty_file",
            SkipReason::EmptyText => "empty_text",
            SkipReason::NoArticleText => "no_article_text",
            SkipReason::NotIndonesian => "not_indonesian",
            SkipReason::NotAResponse => "not_a_response",
            SkipReason::NotHtml => "not_html",
            SkipReason::HttpStatus => "http_status",
            SkipReason::Duplicate => "duplicate",
            SkipReason::LateCopy => "late_copy",
            SkipReason::UnsupportedFile => "unsupported_file",
            SkipReason::AlreadyRead => "already_read",
        }
    }

    /// Worth a warning of its own: a user who names an empty file wants to hear about it, but not
    /// about each of a crawl's thousands of request records.
    pub fn is_notable(self) -> bool {
        matches!(
            self,
            SkipReason::EmptyFile | SkipReason::EmptyText | SkipReason::NoArticleText
        )
    }
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SkipReason::EmptyFile => "empty file, no article",
            SkipReason::EmptyText => "empty text, no article",
            SkipReason::NoArticleText => "no article text found in the page",
            SkipReason::NotIndonesian => "not Indonesian",
            SkipReason::NotAResponse => "not a response record",
            SkipReason::NotHtml => "not HTML",
            SkipReason::HttpStatus => "HTTP status not 2xx",
            SkipReason::Duplicate => "duplicate of an earlier article",
            SkipReason::LateCopy => "copy of an article already written",
            SkipReason::UnsupportedFile => "not a file type warta reads",
            SkipReason::AlreadyRead => "the same file as one already read, through a link",
        })
    }
}

#[derive(Debug, Clone, Copy)]
pub struct DecodeOptions {
    /// Replace invalid UTF-8 with U+FFFD (and count it) instead of failing.
    pub lossy: bool,
    /// Keep only web pages identified as Indonesian. Text and JSON Lines inputs are the user's own
    /// selection and are never filtered.
    pub indonesian_only: bool,
    /// Larger pages are refused with an error rather than parsed.
    pub max_page_bytes: usize,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions {
            lossy: false,
            indonesian_only: true,
            max_page_bytes: 16 << 20,
        }
    }
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

// Each record is moved once or twice; boxing the article would cost an allocation per record.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Decoded {
    Article(Article),
    Skipped { origin: Origin, reason: SkipReason },
}

impl RawRecord {
    /// The size of the undecoded record, for bounding batches by memory.
    pub fn byte_len(&self) -> usize {
        match &self.payload {
            Payload::Text(b) | Payload::JsonLine(b) | Payload::Html { bytes: b, .. } => b.len(),
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
            Payload::Html {
                bytes,
                url,
                charset,
                lang,
            } => return decode_page(origin, bytes, (url, charset, lang), options),
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
                        .filter(|_| matches!(origin.place, Place::Line(_)))
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

/// How much of a page's text language identification looks at.
const LANGUAGE_SAMPLE: usize = 4096;

/// `declared`: the URL, charset and language the page came with.
fn decode_page(
    origin: Origin,
    bytes: Vec<u8>,
    declared: (Option<String>, Option<String>, Option<String>),
    options: DecodeOptions,
) -> Result<Decoded, RecordError> {
    let (url, charset, declared_lang) = declared;
    let fail = |kind| Err(RecordError::new(origin.clone(), kind));
    if bytes.len() > options.max_page_bytes {
        return fail(RecordErrorKind::PageTooLarge {
            bytes: bytes.len(),
            limit: options.max_page_bytes,
        });
    }
    if let Some(evidence) = detect_binary(&bytes) {
        return fail(RecordErrorKind::Binary(evidence));
    }
    let page = crate::charset::decode_page(&bytes, charset.as_deref());
    drop(bytes);
    let article = crate::html::extract(&page.text, url.as_deref());
    if article.text.trim().is_empty() {
        return Ok(Decoded::Skipped {
            origin,
            reason: SkipReason::NoArticleText,
        });
    }
    let identified = identify_language(&article.text);
    let is_indonesian = match identified {
        Identified::Sure(lang) => lang == whatlang::Lang::Ind,
        Identified::Unsure => true,
    };
    if options.indonesian_only && !is_indonesian {
        return Ok(Decoded::Skipped {
            origin,
            reason: SkipReason::NotIndonesian,
        });
    }
    let mut meta = article.meta;
    meta.lang = meta
        .lang
        .or(declared_lang)
        .or_else(|| (identified == Identified::Sure(whatlang::Lang::Ind)).then(|| "id".to_owned()));
    Ok(Decoded::Article(Article {
        origin,
        meta,
        text: article.text,
        replacements: page.replacements,
    }))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Identified {
    Sure(whatlang::Lang),
    Unsure,
}

/// whatlang has no Malay model and is unsure on short Indonesian texts, so a page is dropped only
/// when another language is identified reliably.
fn identify_language(text: &str) -> Identified {
    let mut end = text.len().min(LANGUAGE_SAMPLE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match whatlang::detect(&text[..end]) {
        Some(info) if info.is_reliable() => Identified::Sure(info.lang()),
        _ => Identified::Unsure,
    }
}
