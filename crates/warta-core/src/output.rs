//! The JSON output contract, `"schema": "warta/1"`, documented in `docs/output.md`.
//!
//! These types are the contract: one [`OutputDocument`] per article, every offset a Unicode code-point
//! offset into `text`. They deserialise too, so that the store, the server and tests read the same
//! shapes that `warta extract` writes.

use serde::{Deserialize, Serialize};

use crate::SCHEMA;
use crate::char_index::CharIndex;
use crate::document::Document;
use crate::layers::{DateGrain, EntityLabel, QuoteKind, RemovedKind, TokenKind};
use crate::span::Span;

#[derive(Debug, Clone, Copy, Default)]
pub struct OutputOptions {
    /// Write the `tokens` layer (large: off by default).
    pub tokens: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutputDocument {
    pub schema: String,
    pub id: Option<String>,
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_urls: Vec<String>,
    pub title: Option<String>,
    /// ISO 8601, or null when the input gave none or one that could not be read.
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// ISO 8601; omitted when the input gave none or one that could not be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    pub text: String,
    pub removed: Vec<OutRemoved>,
    pub dateline: Option<OutDateline>,
    pub paragraphs: Vec<OutSpan>,
    pub sentences: Vec<OutSpan>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Vec<OutToken>>,
    pub entities: Vec<OutEntity>,
    pub quotes: Vec<OutQuote>,
    pub dates: Vec<OutDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutSpan {
    pub start: usize,
    pub end: usize,
}

/// A span together with the text it covers, for consumers that do not want to slice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutTextSpan {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutRemoved {
    pub kind: RemovedKind,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutDateline {
    pub start: usize,
    pub end: usize,
    pub place: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutToken {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// Where the enclitic ("-nya") starts, when the token has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clitic_start: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutEntity {
    pub id: usize,
    pub label: EntityLabel,
    pub name: String,
    pub mentions: Vec<OutTextSpan>,
    pub titles: Vec<String>,
    pub roles: Vec<String>,
    pub affiliation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutQuote {
    #[serde(rename = "type")]
    pub kind: QuoteKind,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub cue: Option<OutTextSpan>,
    pub speaker: Option<OutSpeaker>,
    pub said_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutSpeaker {
    pub name: String,
    pub entity: Option<usize>,
    /// "PER", "ORG" or "OTHER".
    pub kind: String,
    pub mention: Option<OutTextSpan>,
    pub role: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutDate {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub value: String,
    pub grain: DateGrain,
}

/// Where a span of an [`OutputDocument`] stands: its layer and its place in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpanPlace {
    Paragraph(usize),
    Sentence(usize),
    Removed(usize),
    Dateline,
    Token(usize),
    EntityMention { entity: usize, mention: usize },
    Quote(usize),
    QuoteCue(usize),
    SpeakerMention(usize),
    Date(usize),
}

impl SpanPlace {
    /// The kind of span, for a person: "quote", "entity mention".
    pub fn kind(self) -> &'static str {
        match self {
            SpanPlace::Paragraph(_) => "paragraph",
            SpanPlace::Sentence(_) => "sentence",
            SpanPlace::Removed(_) => "removed span",
            SpanPlace::Dateline => "dateline",
            SpanPlace::Token(_) => "token",
            SpanPlace::EntityMention { .. } => "entity mention",
            SpanPlace::Quote(_) => "quote",
            SpanPlace::QuoteCue(_) => "quote cue",
            SpanPlace::SpeakerMention(_) => "speaker mention",
            SpanPlace::Date(_) => "date",
        }
    }
}

impl OutputDocument {
    /// Every span of every layer, as `(place, start, end)` in code points: what a reader of warta
    /// output checks against the text before slicing it.
    pub fn spans(&self) -> impl Iterator<Item = (SpanPlace, usize, usize)> + '_ {
        let paragraphs = (self.paragraphs.iter().enumerate())
            .map(|(i, s)| (SpanPlace::Paragraph(i), s.start, s.end));
        let sentences = (self.sentences.iter().enumerate())
            .map(|(i, s)| (SpanPlace::Sentence(i), s.start, s.end));
        let removed =
            (self.removed.iter().enumerate()).map(|(i, s)| (SpanPlace::Removed(i), s.start, s.end));
        let dateline = (self.dateline.iter()).map(|s| (SpanPlace::Dateline, s.start, s.end));
        let tokens = (self.tokens.iter().flatten().enumerate())
            .map(|(i, s)| (SpanPlace::Token(i), s.start, s.end));
        let mentions = self.entities.iter().enumerate().flat_map(|(entity, e)| {
            e.mentions.iter().enumerate().map(move |(mention, m)| {
                (SpanPlace::EntityMention { entity, mention }, m.start, m.end)
            })
        });
        let quotes = self.quotes.iter().enumerate().flat_map(|(i, q)| {
            let cue = q
                .cue
                .iter()
                .map(move |c| (SpanPlace::QuoteCue(i), c.start, c.end));
            let speaker = (q.speaker.iter().flat_map(|s| s.mention.iter()))
                .map(move |m| (SpanPlace::SpeakerMention(i), m.start, m.end));
            std::iter::once((SpanPlace::Quote(i), q.start, q.end))
                .chain(cue)
                .chain(speaker)
        });
        let dates =
            (self.dates.iter().enumerate()).map(|(i, d)| (SpanPlace::Date(i), d.start, d.end));
        paragraphs
            .chain(sentences)
            .chain(removed)
            .chain(dateline)
            .chain(tokens)
            .chain(mentions)
            .chain(quotes)
            .chain(dates)
    }

    pub fn from_document(doc: &Document, options: OutputOptions) -> Self {
        let text = doc.text();
        let chars = CharIndex::new(text);
        let at = |byte: usize| chars.char_offset(byte);
        let span = |s: Span| OutSpan {
            start: at(s.start),
            end: at(s.end),
        };
        let text_span = |s: Span| OutTextSpan {
            start: at(s.start),
            end: at(s.end),
            text: doc.slice(s).to_owned(),
        };
        let meta = &doc.meta;
        OutputDocument {
            schema: SCHEMA.to_owned(),
            id: meta.id.clone(),
            url: meta.url.clone(),
            other_urls: meta.other_urls.clone(),
            title: meta.title.clone(),
            published: meta
                .published
                .as_deref()
                .filter(|p| is_iso8601(p))
                .map(str::to_owned),
            author: meta.author.clone(),
            source: meta.source.clone(),
            modified: meta
                .modified
                .as_deref()
                .filter(|m| is_iso8601(m))
                .map(str::to_owned),
            section: meta.section.clone(),
            lang: meta.lang.clone(),
            text: text.to_owned(),
            removed: doc
                .removed
                .iter()
                .map(|r| OutRemoved {
                    kind: r.kind,
                    start: at(r.span.start),
                    end: at(r.span.end),
                })
                .collect(),
            dateline: doc.dateline.as_ref().map(|d| OutDateline {
                start: at(d.span.start),
                end: at(d.span.end),
                place: d.place.clone(),
            }),
            paragraphs: doc.paragraphs.iter().map(|&s| span(s)).collect(),
            sentences: doc.sentences.iter().map(|&s| span(s)).collect(),
            tokens: options.tokens.then(|| {
                doc.tokens
                    .iter()
                    .map(|t| OutToken {
                        start: at(t.span.start),
                        end: at(t.span.end),
                        kind: t.kind,
                        clitic_start: t.clitic.map(|c| at(c.start)),
                    })
                    .collect()
            }),
            entities: doc
                .entities
                .iter()
                .enumerate()
                .map(|(id, e)| OutEntity {
                    id,
                    label: e.label,
                    name: e.name.clone(),
                    mentions: e.mentions.iter().map(|m| text_span(m.span)).collect(),
                    titles: e.titles.clone(),
                    roles: e.roles.clone(),
                    affiliation: e.affiliation.clone(),
                })
                .collect(),
            quotes: doc
                .quotes
                .iter()
                .map(|q| OutQuote {
                    kind: q.kind,
                    start: at(q.span.start),
                    end: at(q.span.end),
                    text: doc.slice(q.span).to_owned(),
                    cue: q.cue.map(text_span),
                    speaker: q.speaker.as_ref().map(|s| OutSpeaker {
                        name: s.name.clone(),
                        entity: s.entity,
                        kind: match s.kind {
                            Some(EntityLabel::Person) => "PER",
                            Some(EntityLabel::Organisation) => "ORG",
                            _ => "OTHER",
                        }
                        .to_owned(),
                        mention: s.mention.map(text_span),
                        role: s.role.clone(),
                    }),
                    said_on: q.said_on.clone(),
                })
                .collect(),
            dates: doc
                .dates
                .iter()
                .map(|d| OutDate {
                    start: at(d.span.start),
                    end: at(d.span.end),
                    text: doc.slice(d.span).to_owned(),
                    value: d.value.clone(),
                    grain: d.grain,
                })
                .collect(),
        }
    }
}

/// Accepts the ISO 8601 shapes news metadata uses: a date (`2023-09-13`), optionally followed by
/// `T` or a space and a time with optional seconds, fraction and zone (`Z`, `+07:00`, `+0700`).
pub fn is_iso8601(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    if !(digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10))
    {
        return false;
    }
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return false;
    }
    if b.len() == 10 {
        return true;
    }
    let has_time = matches!(b[10], b'T' | b' ')
        && digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16);
    if !has_time {
        return false;
    }
    let mut rest = &s[16..];
    if let Some(r) = rest.strip_prefix(':') {
        let secs = r.bytes().take_while(u8::is_ascii_digit).count();
        if secs != 2 {
            return false;
        }
        rest = &r[2..];
        if let Some(r) = rest.strip_prefix('.') {
            let frac = r.bytes().take_while(u8::is_ascii_digit).count();
            if frac == 0 {
                return false;
            }
            rest = &r[frac..];
        }
    }
    match rest {
        "" | "Z" => true,
        zone => {
            let zb = zone.as_bytes();
            matches!(zb[0], b'+' | b'-')
                && ((zb.len() == 6
                    && zb[3] == b':'
                    && digits_of(&zb[1..3])
                    && digits_of(&zb[4..6]))
                    || (zb.len() == 5 && digits_of(&zb[1..5]))
                    || (zb.len() == 3 && digits_of(&zb[1..3])))
        }
    }
}

fn digits_of(b: &[u8]) -> bool {
    b.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Meta;

    #[test]
    fn iso_dates_are_recognised() {
        for ok in [
            "2023-09-13",
            "2023-09-13T19:30",
            "2023-09-13T19:30:05+07:00",
            "2023-09-13 19:30:05.123Z",
            "2024-02-12T10:15:00+0700",
        ] {
            assert!(is_iso8601(ok), "{ok}");
        }
        for bad in [
            "Diperbarui 18 Jun 2025, 14:05 WIB",
            "2023-13-01",
            "2023-09-13T",
            "13/9/2023",
            "",
        ] {
            assert!(!is_iso8601(bad), "{bad}");
        }
    }

    #[test]
    fn offsets_are_code_points() {
        let mut doc = Document::new("“Ya,” kata Yang.", Meta::default());
        doc.sentences.push(Span::new(0, doc.text().len()));
        // "kata" starts after “Ya,”␣: 6 characters, 10 bytes (each curly mark is 3 bytes).
        let kata = doc.text().find("kata").unwrap();
        assert_eq!(kata, 10);
        doc.paragraphs.push(Span::new(kata, kata + 4));
        let out = OutputDocument::from_document(&doc, OutputOptions::default());
        assert_eq!(out.paragraphs[0], OutSpan { start: 6, end: 10 });
        assert_eq!(out.sentences[0].end, 16);
        let json = serde_json::to_string(&out).unwrap();
        assert!(json.contains(r#""schema":"warta/1""#));
        let back: OutputDocument = serde_json::from_str(&json).unwrap();
        assert_eq!(back, out);
    }
}
