//! Experiment: the sentences of another corpus on which a model agrees with that corpus's own
//! annotation, span for span (at least one entity), written as CoNLL in warta's tags: extra training
//! sentences that follow both corpora's conventions.
//! `cargo run -p warta-entities --release --features train --example agree -- MODEL.bin GOLD.tsv > agreed.tsv`

use warta_entities::tags::chunks;
use warta_entities::{Tagger, read_conll};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [model, gold] = args.as_slice() else {
        anyhow::bail!("usage: agree MODEL GOLD");
    };
    let tagger = Tagger::load(model.as_ref())?;
    let (mut kept, mut total) = (0, 0);
    for sentence in read_conll(gold.as_ref())? {
        total += 1;
        let tokens: Vec<&str> = sentence.tokens.iter().map(String::as_str).collect();
        let gold_chunks = chunks(&sentence.tags);
        if gold_chunks.is_empty() || chunks(&tagger.tag(&tokens)) != gold_chunks {
            continue;
        }
        kept += 1;
        for (token, tag) in tokens.iter().zip(&sentence.tags) {
            println!("{token}\t{}", tag.as_str());
        }
        println!();
    }
    eprintln!("{kept} of {total} sentences agree");
    Ok(())
}
