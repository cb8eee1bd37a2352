//! Derives the distributional word lists in `data/` from CoNLL training files:
//!
//! - `clusters FILES… > data/word-clusters.txt`: word clusters (see `warta_entities::clusters`) over
//!   the text of the files, tags ignored;
//! - `word-labels FILES… > data/gazetteer/word-labels.txt`: each word's usual entity type in the
//!   annotation of the files.
//!
//! `cargo run -p warta-entities --release --features train --example lexicon_data -- clusters a.tsv b.tsv > out.txt`

use std::collections::BTreeMap;

use warta_entities::clusters::{ClusterConfig, cluster_words};
use warta_entities::read_conll;
use warta_entities::tags::label_name;

/// Words seen fewer times have no usual type.
const MIN_COUNT: usize = 2;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_default();
    let files: Vec<String> = args.collect();
    let mut sentences = Vec::new();
    for file in &files {
        sentences.extend(read_conll(file.as_ref())?);
    }
    match mode.as_str() {
        "clusters" => {
            let text: Vec<Vec<String>> = sentences.into_iter().map(|s| s.tokens).collect();
            for (word, path) in cluster_words(&text, &ClusterConfig::default()) {
                println!("{word}\t{path}");
            }
        }
        "word-labels" => {
            // word → (occurrences, occurrences per entity type)
            let mut seen: BTreeMap<String, (usize, BTreeMap<&str, usize>)> = BTreeMap::new();
            for s in &sentences {
                for (token, tag) in s.tokens.iter().zip(&s.tags) {
                    let entry = seen.entry(token.to_lowercase()).or_default();
                    entry.0 += 1;
                    if let Some(label) = tag.label() {
                        *entry.1.entry(label_name(label)).or_default() += 1;
                    }
                }
            }
            for (word, (n, labels)) in seen {
                let Some((label, k)) = labels.into_iter().max_by_key(|&(l, k)| (k, l)) else {
                    continue;
                };
                // Kept when the type is at least a third of the uses; "strong" from two thirds.
                if n < MIN_COUNT || 3 * k < n {
                    continue;
                }
                let strength = if 3 * k >= 2 * n { "strong" } else { "weak" };
                println!("{word}\t{label}\t{strength}");
            }
        }
        _ => anyhow::bail!("usage: lexicon_data clusters|word-labels FILES…"),
    }
    Ok(())
}
