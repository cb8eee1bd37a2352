//! Development aid: runs cleaning + segmentation over JSON Lines corpora ROUNDS times and prints the
//! bytes and tokens processed, for `perf stat` / `/usr/bin/time -v` (CPU time per core, peak memory).
//! `cargo run --release -p warta-text --example text_throughput -- ROUNDS FILE.jsonl...`

use std::time::Instant;

use warta_core::{Document, Meta, Pipeline};
use warta_text::{Cleaner, Segmenter};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args
        .next()
        .ok_or("usage: text_throughput ROUNDS FILE...")?
        .parse()?;
    let mut texts = Vec::new();
    for path in args {
        for line in std::fs::read_to_string(&path)?.lines() {
            let value: serde_json::Value = serde_json::from_str(line)?;
            if let Some(text) = value["text"].as_str() {
                texts.push(text.to_owned());
            }
        }
    }
    let pipeline = Pipeline::new().with(Cleaner::new()).with(Segmenter::new());
    let (mut bytes, mut tokens) = (0usize, 0usize);
    let started = Instant::now();
    for _ in 0..rounds {
        for text in &texts {
            let mut doc = Document::new(text.as_str(), Meta::default());
            pipeline.run(&mut doc)?;
            bytes += text.len();
            tokens += doc.tokens.len();
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{bytes} bytes, {tokens} tokens in {secs:.2} s wall: {:.1} MB/s, {:.0} tokens/s (wall clock; divide by CPU time for per-core figures)",
        bytes as f64 / secs / 1e6,
        tokens as f64 / secs
    );
    Ok(())
}
