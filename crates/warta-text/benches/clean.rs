//! Throughput of the `clean` stage on raw news articles (MB/s per core).

mod corpus;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use warta_core::Stage;
use warta_text::Cleaner;

fn bench(c: &mut Criterion) {
    let corpus = corpus::Corpus::load();
    let cleaner = Cleaner::new();
    let mut group = c.benchmark_group(format!("clean/{}", corpus.name));
    group.sample_size(10);
    group.throughput(Throughput::Bytes(corpus.bytes()));
    group.bench_function("clean", |b| {
        b.iter_batched(
            || corpus.documents(),
            |mut docs| {
                for doc in &mut docs {
                    cleaner.process(doc).expect("cleaning does not fail");
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
