//! `--format table`: what a person wants to see of each article — what it is, how much the pipeline
//! found, and who said what, in article order.

use std::fmt::Write;

use warta_core::output::{OutputDocument, OutputOptions};
use warta_core::{Document, QuoteKind};
use warta_ingest::Origin;

pub fn render(doc: &Document, origin: &Origin) -> String {
    let out = OutputDocument::from_document(doc, OutputOptions::default());
    let mut table = String::new();
    let heading = out
        .title
        .as_deref()
        .or(out.id.as_deref())
        .unwrap_or("(untitled)");
    let _ = writeln!(table, "== {} [{origin}]", one_line(heading));
    let _ = writeln!(
        table,
        "   {} sentences, {} entities, {} quotes, {} removed",
        out.sentences.len(),
        out.entities.len(),
        out.quotes.len(),
        out.removed.len() + usize::from(out.dateline.is_some()),
    );
    for quote in &out.quotes {
        let speaker = match &quote.speaker {
            Some(speaker) => match &speaker.role {
                Some(role) => format!("{} ({})", speaker.name, one_line(role)),
                None => speaker.name.clone(),
            },
            None => "(unattributed)".to_owned(),
        };
        let said = one_line(&quote.text);
        // Direct quotes read as quotes; reported speech is marked as such.
        let said = match quote.kind {
            QuoteKind::Direct => format!("“{said}”"),
            QuoteKind::Indirect => format!("{said} (indirect)"),
            QuoteKind::Mixed => format!("{said} (mixed)"),
        };
        let _ = writeln!(table, "   {} — {said}", one_line(&speaker));
    }
    table.push('\n');
    // Titles, names and quotes are the article's: what of them would act on a terminal goes.
    crate::cmd::report::printable(&table, true).into_owned()
}

/// Line breaks inside a field would break the table's layout.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
