//! The quotes stage alone, on articles that went through cleaning, segmentation, entities and dates.
//!
//! `cargo bench -p warta-quotes --bench quotes`. Input: the first 300 articles of
//! `news/scrape-2025-06.jsonl` under `$WARTA_DATA` (default `../shared/data` from the workspace
//! root); without the data, a fixture article written for this bench. Throughput is in tokens of the
//! segmenter. A second group runs a 50,000-character paragraph of nested and alternating marks.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use warta_core::{Document, Meta, Pipeline, Stage};
use warta_quotes::QuoteStage;

const FIXTURE: &str = "JAKARTA, KOMPAS.com - Menteri Keuangan Sri Mulyani Indrawati mengatakan, pemerintah akan menambah anggaran bantuan sosial.\n\
“Kami siap menyalurkan bantuan pekan ini,” kata Sri Mulyani di Jakarta, Senin (27/2/2023).\n\
Ia menambahkan, penyaluran akan diawasi ketat.\n\
”Tidak boleh ada yang tertinggal. Semua harus tepat sasaran,” ujarnya.\n\
Menurut Kepala Badan Pusat Statistik Margo Yuwono, angka kemiskinan turun tahun lalu.\n";

fn data_dir() -> PathBuf {
    std::env::var_os("WARTA_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
        })
}

pub fn articles(limit: usize) -> Vec<String> {
    let path = data_dir().join("news/scrape-2025-06.jsonl");
    match std::fs::read_to_string(&path) {
        Ok(content) => content
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["text"].as_str().map(str::to_owned))
            .take(limit)
            .collect(),
        Err(_) => {
            eprintln!(
                "{} not found: benchmarking the built-in fixture article",
                path.display()
            );
            vec![FIXTURE.to_owned(); limit.min(50)]
        }
    }
}

fn prepared(texts: &[String]) -> (Vec<Document>, usize) {
    let before = Pipeline::new()
        .with(warta_text::Cleaner::new())
        .with(warta_text::Segmenter::new())
        .with(warta_entities::EntityStage::bundled().expect("bundled entity model loads"))
        .with(warta_dates::DateStage::new());
    let docs: Vec<Document> = texts
        .iter()
        .map(|t| {
            let mut doc = Document::new(t.clone(), Meta::default());
            before.run(&mut doc).expect("earlier stages run");
            doc
        })
        .collect();
    let tokens = docs.iter().map(|d| d.tokens.len()).sum();
    (docs, tokens)
}

fn bench(c: &mut Criterion) {
    let (docs, tokens) = prepared(&articles(300));
    let stage = QuoteStage::new();
    let mut group = c.benchmark_group("quotes_stage");
    group.throughput(Throughput::Elements(tokens as u64));
    // Cloning the documents is setup, outside the measurement.
    group.bench_function("articles", |b| {
        b.iter_batched(
            || docs.clone(),
            |mut docs| {
                for doc in &mut docs {
                    stage.process(black_box(doc)).expect("quotes stage runs");
                }
                docs
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();

    let hostile = "“‘«»’”\" kata ” a “ ujarnya ".repeat(50_000 / 25);
    let (docs, tokens) = prepared(&[hostile]);
    let mut group = c.benchmark_group("quotes_hostile");
    group.throughput(Throughput::Elements(tokens as u64));
    group.bench_function("50k_marks", |b| {
        b.iter(|| {
            let mut doc = docs[0].clone();
            stage
                .process(black_box(&mut doc))
                .expect("quotes stage runs");
            black_box(&doc.quotes);
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
