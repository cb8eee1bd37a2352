//! Throughput of the `segment` stage alone and of cleaning + segmentation (MB/s per core). The token
//! count is printed once so that tokens/s follows from the byte rate.

mod corpus;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use warta_core::{Pipeline, Stage};
use warta_text::{Cleaner, Segmenter};

fn bench(c: &mut Criterion) {
    let corpus = corpus::Corpus::load();
    let cleaner = Cleaner::new();
    let segmenter = Segmenter::new();
    let cleaned: Vec<_> = corpus
        .documents()
        .into_iter()
        .map(|mut doc| {
            cleaner.process(&mut doc).expect("cleaning does not fail");
            doc
        })
        .collect();
    let mut counted = cleaned.clone();
    for doc in &mut counted {
        segmenter.process(doc).expect("segmentation does not fail");
    }
    let tokens: usize = counted.iter().map(|d| d.tokens.len()).sum();
    let bytes = corpus.bytes();
    eprintln!(
        "corpus {}: {} documents, {bytes} bytes, {tokens} tokens ({:.1} bytes/token)",
        corpus.name,
        corpus.texts.len(),
        bytes as f64 / tokens as f64
    );

    let mut group = c.benchmark_group(format!("segment/{}", corpus.name));
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("segment", |b| {
        b.iter_batched(
            || cleaned.clone(),
            |mut docs| {
                for doc in &mut docs {
                    segmenter.process(doc).expect("segmentation does not fail");
                }
                docs
            },
            BatchSize::LargeInput,
        )
    });
    let pipeline = Pipeline::new().with(Cleaner::new()).with(Segmenter::new());
    group.bench_function("clean+segment", |b| {
        b.iter_batched(
            || corpus.documents(),
            |mut docs| {
                for doc in &mut docs {
                    pipeline.run(doc).expect("the text stages do not fail");
                }
                docs
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
