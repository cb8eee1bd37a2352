//! Error analysis of the tagger on a gold CoNLL file: every wrong span sorted into misses, spurious
//! spans, type confusions and boundary errors, with counts per label and the sentences behind them.
//! `cargo run -p warta-entities --release --features train --example errors -- GOLD.tsv [MODEL.bin] > errors.txt`

use std::collections::BTreeMap;

use warta_entities::tags::{chunks, label_name};
use warta_entities::{Tagger, read_conll};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let gold_path = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: errors GOLD [MODEL]"))?;
    let tagger = match args.next() {
        Some(model) => Tagger::load(model.as_ref())?,
        None => Tagger::bundled()?,
    };
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for sentence in read_conll(gold_path.as_ref())? {
        let tokens: Vec<&str> = sentence.tokens.iter().map(String::as_str).collect();
        let predicted = tagger.tag(&tokens);
        let gold = chunks(&sentence.tags);
        let pred = chunks(&predicted);
        let text = |(a, b): (usize, usize)| tokens[a..b].join(" ");
        let mut lines = Vec::new();
        for &(a, b, label) in &gold {
            if pred.contains(&(a, b, label)) {
                continue;
            }
            let overlapping: Vec<_> = pred.iter().filter(|p| p.0 < b && a < p.1).collect();
            let kind = match overlapping.as_slice() {
                [] => "miss".to_owned(),
                [p] if (p.0, p.1) == (a, b) => format!("type->{}", label_name(p.2)),
                [p] if p.2 == label => "boundary".to_owned(),
                _ => "type+boundary".to_owned(),
            };
            let shown: Vec<String> = overlapping
                .iter()
                .map(|p| format!("{}:{}", label_name(p.2), text((p.0, p.1))))
                .collect();
            *counts
                .entry(format!("{} {kind}", label_name(label)))
                .or_default() += 1;
            lines.push(format!(
                "  {} {kind}: [{}] got {:?}",
                label_name(label),
                text((a, b)),
                shown
            ));
        }
        for &(a, b, label) in &pred {
            if !gold.iter().any(|g| g.0 < b && a < g.1) {
                *counts
                    .entry(format!("{} spurious", label_name(label)))
                    .or_default() += 1;
                lines.push(format!(
                    "  {} spurious: [{}]",
                    label_name(label),
                    text((a, b))
                ));
            }
        }
        if !lines.is_empty() {
            let shown: Vec<String> = tokens
                .iter()
                .zip(&sentence.tags)
                .map(|(w, t)| match t.label() {
                    Some(l) if t.is_begin() => format!("[{}_{w}", label_name(l)),
                    _ => (*w).to_owned(),
                })
                .collect();
            println!("{}", shown.join(" "));
            lines.iter().for_each(|l| println!("{l}"));
        }
    }
    for (kind, n) in counts {
        eprintln!("{n:5} {kind}");
    }
    Ok(())
}
