//! Tagging throughput (tokens/s on one core), model load time, and the whole stage on an article.
//!
//! `cargo bench -p warta-entities --bench tagger`. The tagging input is a fixed set of Indonesian
//! news sentences written for this bench, so the figures do not depend on `../shared/data`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use warta_core::{Document, Meta, Stage};
use warta_entities::features::SentenceFeatures;
use warta_entities::model::Model;
use warta_entities::tagger::BUNDLED_MODEL;
use warta_entities::{EntityStage, Lexicon, Tagger};

const SENTENCES: &[&str] = &[
    "Presiden Joko Widodo meminta Lembaga Perlindungan Saksi dan Korban ( LPSK ) melindungi para saksi .",
    "Kapolres Metro Jakarta Selatan Kombes Ade Ary Syam Indradi mengatakan , pihaknya sudah memeriksa lima saksi .",
    "Menurut dia , harga beras di pasar tradisional Kota Bandung naik 13,2 persen sejak Januari .",
    "Menteri Keuangan Sri Mulyani Indrawati menyampaikan hal itu di Gedung DPR , Senayan , Jakarta , Selasa ( 12/9/2023 ) .",
    "\" Kami masih mendalami keterangan para saksi , \" kata Ade kepada wartawan .",
    "Ketua KPK Firli Bahuri belum menanggapi permintaan konfirmasi dari Kompas.com hingga berita ini diturunkan .",
    "Banjir merendam ratusan rumah warga di Kabupaten Bekasi , Jawa Barat , sejak Minggu malam .",
    "Sementara itu , Gubernur Jawa Tengah Ganjar Pranowo mengapresiasi langkah cepat Pemerintah Kota Semarang .",
];

fn corpus() -> Vec<Vec<&'static str>> {
    SENTENCES.iter().map(|s| s.split(' ').collect()).collect()
}

fn bench(c: &mut Criterion) {
    let tagger = Tagger::bundled().expect("bundled model loads");
    let sentences = corpus();
    let tokens: usize = sentences.iter().map(Vec::len).sum();

    let mut group = c.benchmark_group("ner");
    group.throughput(Throughput::Elements(tokens as u64));
    group.bench_function("tag_tokens", |b| {
        let mut features = SentenceFeatures::default();
        let mut tags = Vec::new();
        b.iter(|| {
            for sentence in &sentences {
                tagger.tag_into(black_box(sentence), &mut features, &mut tags);
                black_box(&tags);
            }
        })
    });
    group.finish();

    c.bench_function("ner/model_load", |b| {
        b.iter(|| Model::from_bytes(black_box(BUNDLED_MODEL), "bundled").expect("loads"))
    });
    c.bench_function("ner/lexicon_load", |b| b.iter(Lexicon::bundled));

    let stage = EntityStage::bundled().expect("bundled model loads");
    let text = SENTENCES.join(" ");
    let mut prepared = Document::new(text, Meta::default());
    warta_text::Segmenter::new()
        .process(&mut prepared)
        .expect("segments");
    let mut group = c.benchmark_group("entities_stage");
    group.throughput(Throughput::Elements(prepared.tokens.len() as u64));
    group.bench_function("article", |b| {
        b.iter(|| {
            let mut doc = prepared.clone();
            stage.process(&mut doc).expect("stage runs");
            black_box(doc.entities.len())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
