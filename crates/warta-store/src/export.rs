//! Quote and speaker exports: CSV (RFC 4180: fields with commas, quotes or line breaks are quoted,
//! quotes doubled) and, with the `parquet` feature, Parquet (see [`crate::parquet_export`]).

use std::io::{self, Write};

use crate::{MergeSuggestion, QuoteHit, SpeakerSummary};

/// One value of an exported quote: CSV writes it as text, Parquet as a typed column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Int(Option<i64>),
    Text(Option<&'a str>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellType {
    Int,
    Text,
}

/// A column of the quotes export: its name and type, whether it may be empty, and how to read it
/// off a hit.
pub struct QuoteColumn {
    pub name: &'static str,
    pub kind: CellType,
    pub optional: bool,
    pub cell: for<'a> fn(&'a QuoteHit) -> Cell<'a>,
}

macro_rules! column {
    ($name:literal, $h:ident => Int($get:expr)) => {
        QuoteColumn {
            name: $name,
            kind: CellType::Int,
            optional: false,
            cell: |$h| Cell::Int(Some($get)),
        }
    };
    ($name:literal, $h:ident => Int?($get:expr)) => {
        QuoteColumn {
            name: $name,
            kind: CellType::Int,
            optional: true,
            cell: |$h| Cell::Int($get),
        }
    };
    ($name:literal, $h:ident => Text($get:expr)) => {
        QuoteColumn {
            name: $name,
            kind: CellType::Text,
            optional: false,
            cell: |$h| Cell::Text(Some($get)),
        }
    };
    ($name:literal, $h:ident => Text?($get:expr)) => {
        QuoteColumn {
            name: $name,
            kind: CellType::Text,
            optional: true,
            cell: |$h| Cell::Text($get),
        }
    };
}

/// The columns of a quotes export, in order: the same in CSV and Parquet.
pub const QUOTE_COLUMNS: &[QuoteColumn] = &[
    column!("quote_id", h => Int(h.id)),
    column!("document_id", h => Int(h.document_id)),
    column!("day", h => Text?(h.day.as_deref())),
    column!("type", h => Text(h.kind.as_str())),
    column!("speaker_id", h => Int?(h.speaker_id)),
    column!("speaker", h => Text?(h.speaker.as_deref())),
    column!("role", h => Text?(h.role.as_deref())),
    column!("org", h => Text?(h.org.as_deref())),
    column!("text", h => Text(h.text.as_str())),
    column!("cue", h => Text?(h.cue.as_deref())),
    column!("title", h => Text?(h.document_title.as_deref())),
    column!("url", h => Text?(h.document_url.as_deref())),
    column!("source", h => Text?(h.source.as_deref())),
    column!("start", h => Int(h.start)),
    column!("end", h => Int(h.end)),
];

pub fn write_quotes_csv(out: &mut impl Write, hits: &[QuoteHit]) -> io::Result<()> {
    let names: Vec<&str> = QUOTE_COLUMNS.iter().map(|c| c.name).collect();
    write_row(out, &names)?;
    for hit in hits {
        let cells: Vec<String> = QUOTE_COLUMNS
            .iter()
            .map(|c| match (c.cell)(hit) {
                Cell::Int(n) => n.map(|n| n.to_string()).unwrap_or_default(),
                Cell::Text(t) => t.unwrap_or_default().to_owned(),
            })
            .collect();
        write_row(out, &cells.iter().map(String::as_str).collect::<Vec<_>>())?;
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
            "statements",
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
                &s.statements.to_string(),
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

/// Merge suggestions as CSV, one a row, with the command that confirms each.
pub fn write_suggestions_csv(
    out: &mut impl Write,
    suggestions: &[MergeSuggestion],
) -> io::Result<()> {
    write_row(
        out,
        &[
            "score",
            "from_id",
            "from_name",
            "from_statements",
            "into_id",
            "into_name",
            "into_statements",
            "how",
            "form",
            "named_together",
            "same_outlet",
            "context",
            "rivals",
            "command",
        ],
    )?;
    for s in suggestions {
        write_row(
            out,
            &[
                &format!("{:.3}", s.score),
                &s.from.id.to_string(),
                &s.from.name,
                &s.from.statements.to_string(),
                &s.into.id.to_string(),
                &s.into.name,
                &s.into.statements.to_string(),
                s.how.as_str(),
                &s.form,
                &s.named_together.to_string(),
                &s.same_outlet.to_string(),
                &format!("{:.2}", s.context),
                &s.rivals.to_string(),
                &s.merge_command(),
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
