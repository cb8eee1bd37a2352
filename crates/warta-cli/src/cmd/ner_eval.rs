//! `warta eval ner FILE…`: the tagger alone (`ner.rs`), then the entity layer as `extract` writes it,
//! both on the same gold sentences.
//!
//! For the layer, each sentence is written as running text, analysed alone by the whole bundled
//! pipeline, and every mention of every entity it outputs is scored on the gold tokens
//! (`warta_eval::ner` says how). The CoNLL files at hand have no document boundaries, so each
//! sentence is an article of its own.
//!
//! Both rows read the gold types as the tagger learns them (`warta_entities::tags::map_corpus_label`:
//! PER/PERSON/PPL → PER, ORG/ORGANISATION/IND → ORG, LOC/PLACE/PLC → LOC); `ner.rs` prints each
//! file's mapping and counts the types warta has no label for (NERP's EVT and FNB), which neither
//! row scores.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use warta::{Meta, OutputOptions, Warta};
use warta_entities::conll::recase;
use warta_entities::tags::{chunks, label_name};
use warta_entities::{Case, Sentence, Tagger};
use warta_eval::ner::{Detokenised, Labelled, Scores, disagreements};

use super::ner::{EvalArgs, eval_then, print_scores};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    tagger: EvalArgs,
    /// After each file, list every sentence on which the entity layer differs from gold, with the
    /// spans that gold (G), the tagger (T) and the layer (L) do not all share.
    #[arg(long)]
    errors: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let warta = match &args.tagger.model {
        Some(path) => Warta::builder().entity_model(path).build()?,
        None => Warta::bundled()?,
    };
    let errors = args.errors;
    eval_then(args.tagger, |path, tagger, sentences, case| {
        let layer = score_layer(&warta, sentences, case)
            .with_context(|| format!("{}: the entity layer", path.display()))?;
        println!(
            "  entity layer, as `extract` writes it on the sentences as running text (news conventions):"
        );
        print_scores(&layer.scores.per_label, layer.scores.micro());
        if layer.inside_tokens > 0 {
            println!(
                "  ({} mention(s) end inside a gold token, so match nothing)",
                layer.inside_tokens
            );
        }
        if errors {
            print_errors(path, tagger, &layer.sentences);
        }
        Ok(())
    })
}

/// One sentence as the layer saw it.
struct Scored {
    text: Detokenised,
    /// The gold tokens, re-cased like the text.
    tokens: Vec<String>,
    /// Both in text order (gold chunks come in order, the layer's spans sorted).
    gold: Vec<Labelled>,
    layer: Vec<Labelled>,
}

struct Layer {
    scores: Scores,
    inside_tokens: usize,
    sentences: Vec<Scored>,
}

fn score_layer(warta: &Warta, sentences: &[Sentence], case: Case) -> anyhow::Result<Layer> {
    let sentences: Vec<Sentence> = sentences.iter().map(|s| recase(s, case)).collect();
    let texts: Vec<Detokenised> = sentences
        .iter()
        .map(|s| Detokenised::new(&s.tokens))
        .collect();
    let analyses = warta.analyse_batch(
        texts
            .iter()
            .map(|t| (t.text.clone(), Meta::default()))
            .collect(),
    );
    let mut layer = Layer {
        scores: Scores::default(),
        inside_tokens: 0,
        sentences: Vec::with_capacity(sentences.len()),
    };
    for (n, ((sentence, text), analysis)) in
        sentences.into_iter().zip(texts).zip(analyses).enumerate()
    {
        let output = analysis
            .with_context(|| format!("sentence {} ({:?})", n + 1, text.text))?
            .output(OutputOptions::default());
        let gold: Vec<Labelled> = chunks(&sentence.tags)
            .into_iter()
            .map(|c| text.chunk(c))
            .collect();
        let spans = text.layer_spans(&output.entities);
        layer.scores.add(&gold, &spans.spans);
        layer.inside_tokens += spans.inside_tokens;
        layer.sentences.push(Scored {
            text,
            tokens: sentence.tokens,
            gold,
            layer: spans.spans,
        });
    }
    Ok(layer)
}

fn print_errors(path: &Path, tagger: &Tagger, sentences: &[Scored]) {
    println!(
        "  sentences of {} where the entity layer differs from gold (G gold, T tagger, L layer):",
        path.display()
    );
    for (n, s) in sentences.iter().enumerate() {
        if s.gold == s.layer {
            continue;
        }
        let tokens: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
        let tagged: Vec<Labelled> = chunks(&tagger.tag(&tokens))
            .into_iter()
            .map(|c| s.text.chunk(c))
            .collect();
        println!("  #{} {}", n + 1, s.text.text);
        for d in disagreements(&s.gold, &tagged, &s.layer) {
            let mark = |on: bool, c: char| if on { c } else { '.' };
            println!(
                "      {}{}{} {:<4}{}",
                mark(d.gold, 'G'),
                mark(d.tagger, 'T'),
                mark(d.layer, 'L'),
                label_name(d.span.label),
                s.text.slice(d.span)
            );
        }
    }
}
