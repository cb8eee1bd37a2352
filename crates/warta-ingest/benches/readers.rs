//! Reader throughput: JSON Lines decoding over the shared news corpus (when present), HTML main-text
//! extraction, and WARC reading. `cargo bench -p warta-ingest --bench readers`.
//!
//! The corpus is found at `$WARTA_DATA/news` or `../shared/data/news` from the workspace root; when
//! it is absent that group is skipped with a message.

use std::hint::black_box;
use std::io::Cursor;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use warta_ingest::html::extract;
use warta_ingest::{DecodeOptions, InputFormat, Sources};

const KOMPAS: &str = include_str!("../tests/fixtures/kompas-like.html");

fn data_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("WARTA_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
        });
    dir.join("news").is_dir().then_some(dir)
}

fn decode_all(name: &str, bytes: &[u8], format: InputFormat) -> usize {
    Sources::from_reader(name, Cursor::new(bytes.to_vec()), format)
        .filter_map(|r| r.ok()?.decode(DecodeOptions::default()).ok())
        .count()
}

fn jsonl(c: &mut Criterion) {
    let Some(dir) = data_dir() else {
        eprintln!(
            "readers/jsonl: skipped, no news corpus (set WARTA_DATA or provide ../shared/data)"
        );
        return;
    };
    let bytes = std::fs::read(dir.join("news/scrape-2025-06.jsonl")).expect("corpus readable");
    let mut group = c.benchmark_group("readers");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.sample_size(10);
    group.bench_function("jsonl_decode_scrape-2025-06", |b| {
        b.iter(|| black_box(decode_all("news.jsonl", &bytes, InputFormat::Jsonl)))
    });
    group.finish();
}

fn html(c: &mut Criterion) {
    let mut group = c.benchmark_group("readers");
    group.throughput(Throughput::Bytes(KOMPAS.len() as u64));
    group.bench_function("html_extract_kompas_like", |b| {
        b.iter(|| black_box(extract(black_box(KOMPAS), None)))
    });
    group.finish();
}

fn warc(c: &mut Criterion) {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{KOMPAS}");
    let record = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://contoh.example/1\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    );
    let crawl = record.repeat(200);
    let mut group = c.benchmark_group("readers");
    group.throughput(Throughput::Bytes(crawl.len() as u64));
    group.sample_size(10);
    group.bench_function("warc_read_and_extract_200_pages", |b| {
        b.iter(|| {
            black_box(decode_all(
                "crawl.warc",
                crawl.as_bytes(),
                InputFormat::Warc,
            ))
        })
    });
    group.finish();
}

criterion_group!(benches, jsonl, html, warc);
criterion_main!(benches);
