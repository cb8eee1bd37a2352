//! A raw article shaped like the real scrapes: dateline, byline, pull quote with its caption,
//! "Baca juga" links (one glued inside a paragraph), boilerplate. Cleaning must report the furniture,
//! and segmentation must return every body sentence once, in order.

use warta_core::{Document, Meta, Pipeline, RemovedKind};
use warta_text::{Cleaner, Segmenter};

const ARTICLE: &str = include_str!("fixtures/scraped-article.txt");

fn processed() -> Document {
    let mut doc = Document::new(ARTICLE, Meta::default());
    Pipeline::new()
        .with(Cleaner::new())
        .with(Segmenter::new())
        .run(&mut doc)
        .expect("the text stages do not fail");
    doc
}

#[test]
fn furniture_comes_back_as_removed_spans() {
    let doc = processed();
    let removed: Vec<(RemovedKind, &str)> = doc
        .removed
        .iter()
        .map(|r| (r.kind, doc.slice(r.span)))
        .collect();
    assert_eq!(
        removed,
        vec![
            (
                RemovedKind::Byline,
                "Laporan Wartawan Kompas.com, Budi Santoso"
            ),
            (RemovedKind::Boilerplate, "Advertisement"),
            (
                RemovedKind::PullQuote,
                "“Kami akan menurunkan harga beras medium menjadi Rp 13.500 per kilogram mulai bulan depan”"
            ),
            (RemovedKind::Caption, "Ani Suryani, Menteri Perdagangan"),
            (
                RemovedKind::RelatedLink,
                "Baca juga: Harga Beras Naik Lagi, Pedagang Pasar Mengeluh"
            ),
            (
                RemovedKind::RelatedLink,
                "Baca juga: Bulog Siapkan 1 Juta Ton Cadangan Beras"
            ),
            (RemovedKind::Boilerplate, "SCROLL TO CONTINUE WITH CONTENT"),
            (RemovedKind::Byline, "Penulis: Budi Santoso"),
            (RemovedKind::Byline, "Editor: Citra Dewi"),
        ]
    );
    let dateline = doc.dateline.as_ref().expect("a dateline");
    assert_eq!(doc.slice(dateline.span), "JAKARTA, KOMPAS.com -");
    assert_eq!(dateline.place, "JAKARTA");
}

#[test]
fn every_body_sentence_once_in_order() {
    let doc = processed();
    let sentences: Vec<&str> = doc.sentences.iter().map(|&s| doc.slice(s)).collect();
    assert_eq!(
        sentences,
        vec![
            "Menteri Perdagangan Ani Suryani memastikan harga beras turun pada bulan depan.",
            "Kepastian itu disampaikan di Pasar Induk Cipinang, Jakarta Timur, Senin (13/9/2023).",
            "“Kami akan menurunkan harga beras medium menjadi Rp 13.500 per kilogram mulai bulan depan,” kata Ani kepada wartawan.",
            "Ia menyebut stok di gudang Bulog mencapai 1,2 juta ton.",
            "Menurut Ani, penurunan harga dilakukan bertahap.",
            "Pedagang di pasar menyambut baik rencana itu.",
            "Dr. H. Joko Widodo, S.H., dari Lembaga Kajian Pangan menilai langkah itu tepat.",
            "”Stok aman.",
            "Harga pasti turun,” ujarnya pukul 19.30 WIB.",
        ]
    );
    for &s in &doc.sentences {
        assert!(
            !doc.is_removed(s),
            "{:?} overlaps removed text",
            doc.slice(s)
        );
    }
}

#[test]
fn paragraphs_follow_the_lines_of_the_body() {
    let doc = processed();
    let paragraphs: Vec<&str> = doc.paragraphs.iter().map(|&s| doc.slice(s)).collect();
    assert_eq!(paragraphs.len(), 5);
    assert!(paragraphs[0].starts_with("Menteri Perdagangan"));
    // The glued link splits its line into two paragraphs around it.
    assert_eq!(
        paragraphs[2],
        "Menurut Ani, penurunan harga dilakukan bertahap."
    );
    assert_eq!(
        paragraphs[3],
        "Pedagang di pasar menyambut baik rencana itu."
    );
}
