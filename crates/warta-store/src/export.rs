//! CSV export (RFC 4180: fields with commas, quotes or line breaks are quoted, quotes doubled).

use std::io::{self, Write};

use crate::{QuoteHit, SpeakerSummary};

pub fn write_quotes_csv(out: &mut impl Write, hits: &[QuoteHit]) -> io::Result<()> {
    write_row(
        out,
        &[
            "quote_id",
            "document_id",
            "day",
            "type",
            "speaker_id",
            "speaker",
            "role",
            "org",
            "text",
            "cue",
            "title",
            "url",
            "source",
            "start",
            "end",
        ],
    )?;
    for h in hits {
        write_row(
            out,
            &[
                &h.id.to_string(),
                &h.document_id.to_string(),
                opt(&h.day),
                &h.kind,
                &h.speaker_id.map(|i| i.to_string()).unwrap_or_default(),
                opt(&h.speaker),
                opt(&h.role),
                opt(&h.org),
                &h.text,
                opt(&h.cue),
                opt(&h.document_title),
                opt(&h.document_url),
                opt(&h.source),
                &h.start.to_string(),
                &h.end.to_string(),
            ],
        )?;
    }
    Ok(())
}

pub fn write_speakers_csv(out: &mut impl Write, speakers: &[SpeakerSummary]) -> io::Result<()> {
    write_row(
        out,
        &[
            "speaker_id",
            "name",
            "kind",
            "quotes",
            "documents",
            "first_day",
            "last_day",
            "roles",
            "topics",
            "outlets",
        ],
    )?;
    for s in speakers {
        write_row(
            out,
            &[
                &s.id.to_string(),
                &s.name,
                &s.kind,
                &s.quotes.to_string(),
                &s.documents.to_string(),
                opt(&s.first_day),
                opt(&s.last_day),
                &s.roles.join("; "),
                &s.topics.join("; "),
                &s.outlets.join("; "),
            ],
        )?;
    }
    Ok(())
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

fn write_row(out: &mut impl Write, fields: &[&str]) -> io::Result<()> {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        if field.contains([',', '"', '\n', '\r']) {
            write!(out, "\"{}\"", field.replace('"', "\"\""))?;
        } else {
            out.write_all(field.as_bytes())?;
        }
    }
    out.write_all(b"\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_separators_are_quoted() {
        let mut out = Vec::new();
        write_row(&mut out, &["a", "b,c", "say \"hi\"", "two\nlines"]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
    }
}
