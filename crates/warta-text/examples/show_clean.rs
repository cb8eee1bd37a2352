//! Development aid: what cleaning removes from a JSON Lines corpus (field `text`).
//! `cargo run -p warta-text --example show_clean -- FILE.jsonl [KIND] [N]` prints counts per kind, then
//! up to N removed spans of KIND (pull_quote, caption, related_link, byline, boilerplate, dateline).

use std::io::BufRead;

use warta_core::{Document, Meta, Stage};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: show_clean FILE.jsonl [KIND] [N]")?;
    let kind = args.next();
    let limit: usize = args.next().map_or(Ok(20), |n| n.parse())?;
    let cleaner = warta_text::Cleaner::new();
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    let mut shown = 0;
    for line in std::io::BufReader::new(std::fs::File::open(&path)?).lines() {
        let value: serde_json::Value = serde_json::from_str(&line?)?;
        let Some(text) = value["text"].as_str() else {
            continue;
        };
        let mut doc = Document::new(text, Meta::default());
        cleaner.process(&mut doc)?;
        let mut found: Vec<(String, String)> = doc
            .removed
            .iter()
            .map(|r| {
                let kind = serde_json::to_value(r.kind).unwrap_or_default();
                (
                    kind.as_str().unwrap_or("").to_owned(),
                    doc.slice(r.span).to_owned(),
                )
            })
            .collect();
        if let Some(d) = &doc.dateline {
            found.push(("dateline".to_owned(), doc.slice(d.span).to_owned()));
        }
        for (k, text) in found {
            *counts.entry(k.clone()).or_default() += 1;
            if kind.as_deref() == Some(k.as_str()) && shown < limit {
                shown += 1;
                println!("{k}: {text:?}");
            }
        }
    }
    println!("{counts:?}");
    Ok(())
}
