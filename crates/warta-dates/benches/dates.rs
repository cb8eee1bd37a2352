//! The dates stage alone, on cleaned and segmented articles.
//!
//! `cargo bench -p warta-dates --bench dates`. Input: the first 300 articles of
//! `news/scrape-2025-06.jsonl` under `$WARTA_DATA` (default `../shared/data` from the workspace
//! root); without the data, a fixture article written for this bench. Throughput is in tokens of the
//! segmenter.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use warta_core::{Document, Meta, Pipeline, Stage};
use warta_dates::DateStage;

const FIXTURE: &str = "JAKARTA, KOMPAS.com - Rapat digelar Senin (27/2/2023) pukul 19.30 WIB.\n\
Sidang berikutnya pada 13 September 2023, kata dia kemarin.\n\
Anggaran tahun 2022 naik dan akan naik lagi bulan depan, sementara harga turun pekan lalu.\n";

fn data_dir() -> PathBuf {
    std::env::var_os("WARTA_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
        })
}

fn articles(limit: usize) -> Vec<(String, Option<String>)> {
    let path = data_dir().join("news/scrape-2025-06.jsonl");
    match std::fs::read_to_string(&path) {
        Ok(content) => content
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| {
                let text = v["text"].as_str()?.to_owned();
                Some((text, v["published"].as_str().map(str::to_owned)))
            })
            .take(limit)
            .collect(),
        Err(_) => {
            eprintln!(
                "{} not found: benchmarking the built-in fixture article",
                path.display()
            );
            vec![(FIXTURE.to_owned(), Some("2023-02-28".to_owned())); limit.min(50)]
        }
    }
}

fn bench(c: &mut Criterion) {
    let before = Pipeline::new()
        .with(warta_text::Cleaner::new())
        .with(warta_text::Segmenter::new());
    let docs: Vec<Document> = articles(300)
        .into_iter()
        .map(|(text, published)| {
            let meta = Meta {
                published,
                ..Meta::default()
            };
            let mut doc = Document::new(text, meta);
            before.run(&mut doc).expect("cleaning and segmentation run");
            doc
        })
        .collect();
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let stage = DateStage::new();
    let mut group = c.benchmark_group("dates_stage");
    group.throughput(Throughput::Elements(tokens as u64));
    // Cloning the documents is setup, outside the measurement.
    group.bench_function("articles", |b| {
        b.iter_batched(
            || docs.clone(),
            |mut docs| {
                for doc in &mut docs {
                    stage.process(black_box(doc)).expect("dates stage runs");
                }
                docs
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();

    c.bench_function("parse_published", |b| {
        b.iter(|| warta_dates::parse_published(black_box("Diperbarui 18 Jun 2025, 14:05 WIB")))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
