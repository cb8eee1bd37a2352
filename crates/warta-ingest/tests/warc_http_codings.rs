//! HTTP bodies inside WARC response records as servers send them: `Transfer-Encoding: chunked`,
//! `Content-Encoding: gzip` or `deflate`, both at once, and the damaged and mislabelled ones a crawl
//! holds. Each archive is written here, record by record.

use std::io::Write;

use flate2::Compression;
use flate2::write::{GzEncoder, ZlibEncoder};
use warta_ingest::{Article, DecodeOptions, Decoded, InputFormat, RecordError, Sources};

const PAGE: &str = r#"<!DOCTYPE html><html lang="id"><head><title>Banjir Rendam Tiga Kecamatan | Contoh</title>
<meta property="og:title" content="Banjir Rendam Tiga Kecamatan di Bandung Selatan">
</head><body><div class="read__content">
<p>BANDUNG, KOMPAS.com - Banjir merendam tiga kecamatan di Kabupaten Bandung sejak Minggu malam setelah hujan deras mengguyur kawasan hulu Sungai Citarum.</p>
<p>"Ketinggian air mencapai satu meter di beberapa titik," kata Kepala Pelaksana BPBD Kabupaten Bandung, Uka Suska, kepada wartawan, Senin.</p>
<p>Warga yang rumahnya terendam mengungsi ke masjid dan balai desa terdekat sambil menunggu air surut.</p>
</div></body></html>"#;
const TITLE: &str = "Banjir Rendam Tiga Kecamatan di Bandung Selatan";

/// A response record whose HTTP message has the given extra header lines and body bytes.
fn response(headers: &str, body: &[u8]) -> Vec<u8> {
    let mut http =
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{headers}\r\n")
            .into_bytes();
    http.extend_from_slice(body);
    let mut record = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://regional.contoh.example/banjir\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    record.extend(http);
    record.extend_from_slice(b"\r\n\r\n");
    record
}

/// `body` cut into chunks of `size` bytes, with a chunk extension on the first one.
fn chunked(body: &[u8], size: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, chunk) in body.chunks(size).enumerate() {
        let extension = if i == 0 { ";name=value" } else { "" };
        out.extend(format!("{:X}{extension}\r\n", chunk.len()).into_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\nX-Trailer: ignored\r\n\r\n");
    out
}

fn gzip(body: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(body).unwrap();
    encoder.finish().unwrap()
}

fn zlib(body: &[u8]) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(body).unwrap();
    encoder.finish().unwrap()
}

fn decode_all(archive: Vec<u8>) -> Vec<Result<Article, RecordError>> {
    Sources::from_reader(
        "crawl.warc",
        std::io::Cursor::new(archive),
        InputFormat::Auto,
    )
    .map(|item| {
        item.and_then(|record| record.decode(DecodeOptions::default()))
            .map(|decoded| match decoded {
                Decoded::Article(article) => article,
                Decoded::Skipped { reason, .. } => panic!("skipped: {reason}"),
            })
    })
    .collect()
}

fn one_article(archive: Vec<u8>) -> Article {
    let mut all = decode_all(archive);
    assert_eq!(all.len(), 1);
    all.remove(0).unwrap_or_else(|err| panic!("{err}"))
}

fn assert_is_the_page(article: &Article) {
    assert_eq!(article.meta.title.as_deref(), Some(TITLE));
    assert!(
        article
            .text
            .starts_with("BANDUNG, KOMPAS.com - Banjir merendam tiga kecamatan"),
        "{}",
        article.text
    );
    assert!(article.text.ends_with("sambil menunggu air surut."));
    assert_eq!(article.text.matches("\n\n").count(), 2, "three paragraphs");
}

#[test]
fn a_chunked_body_is_joined() {
    let body = chunked(PAGE.as_bytes(), 100);
    let article = one_article(response("Transfer-Encoding: chunked\r\n", &body));
    assert_is_the_page(&article);
    assert!(
        !article.text.contains("\r\n64"),
        "no chunk sizes in the text"
    );
}

#[test]
fn a_gzip_body_is_decompressed() {
    let article = one_article(response(
        "Content-Encoding: gzip\r\n",
        &gzip(PAGE.as_bytes()),
    ));
    assert_is_the_page(&article);
}

#[test]
fn a_gzip_body_sent_chunked_is_joined_then_decompressed() {
    let body = chunked(&gzip(PAGE.as_bytes()), 64);
    let headers = "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n";
    assert_is_the_page(&one_article(response(headers, &body)));
}

#[test]
fn deflate_is_read_as_zlib_or_raw() {
    let article = one_article(response(
        "Content-Encoding: deflate\r\n",
        &zlib(PAGE.as_bytes()),
    ));
    assert_is_the_page(&article);
    let mut raw = flate2::write::DeflateEncoder::new(Vec::new(), Compression::default());
    raw.write_all(PAGE.as_bytes()).unwrap();
    let raw = raw.finish().unwrap();
    assert_is_the_page(&one_article(response(
        "Content-Encoding: deflate\r\n",
        &raw,
    )));
}

#[test]
fn a_body_stored_decoded_under_its_original_header_is_read_as_it_is() {
    // Crawlers often decode the body but keep the header that named the coding.
    let headers = "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n";
    assert_is_the_page(&one_article(response(headers, PAGE.as_bytes())));
    let headers = "Content-Encoding: br\r\n";
    assert_is_the_page(&one_article(response(headers, PAGE.as_bytes())));
}

#[test]
fn the_http_content_language_is_kept_when_the_page_declares_none() {
    let page = PAGE.replace(r#"<html lang="id">"#, "<html>");
    let article = one_article(response("Content-Language: id-ID, en\r\n", page.as_bytes()));
    assert_eq!(article.meta.lang.as_deref(), Some("id-ID"));
    let article = one_article(response("Content-Language: en\r\n", PAGE.as_bytes()));
    assert_eq!(
        article.meta.lang.as_deref(),
        Some("id"),
        "the page's own wins"
    );
}

#[test]
fn damaged_bodies_are_errors_of_their_record_alone() {
    let mut truncated_gzip = gzip(PAGE.as_bytes());
    truncated_gzip.truncate(truncated_gzip.len() / 2);
    let mut truncated_chunks = chunked(PAGE.as_bytes(), 300);
    truncated_chunks.truncate(200);
    let archive = [
        response("Content-Encoding: gzip\r\n", &truncated_gzip),
        response("Transfer-Encoding: chunked\r\n", &truncated_chunks),
        response(
            "Transfer-Encoding: chunked\r\n",
            b"5\r\nabcdefgh\r\n0\r\n\r\n",
        ),
        response("Content-Encoding: br\r\n", &gzip(PAGE.as_bytes())[10..]),
        response("Content-Encoding: gzip\r\n", &gzip(PAGE.as_bytes())),
    ]
    .concat();
    let results = decode_all(archive);
    assert_eq!(results.len(), 5);
    let errors: Vec<String> = results[..4]
        .iter()
        .map(|r| r.as_ref().map(|_| ()).unwrap_err().to_string())
        .collect();
    assert!(
        errors[0].starts_with("crawl.warc: record 1: HTTP body: Content-Encoding gzip:"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].contains("ends inside a chunk (184 of 300 bytes)"),
        "{}",
        errors[1]
    );
    assert!(errors[2].contains("longer than declared"), "{}", errors[2]);
    assert!(
        errors[3].contains("\"br\" is not supported"),
        "{}",
        errors[3]
    );
    assert_is_the_page(results[4].as_ref().unwrap());
}

#[test]
fn a_compressed_body_may_not_expand_without_bound() {
    // 70 MiB of spaces compress to about 70 KiB.
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    let block = vec![b' '; 1 << 20];
    for _ in 0..70 {
        encoder.write_all(&block).unwrap();
    }
    let bomb = encoder.finish().unwrap();
    let results = decode_all(response("Content-Encoding: gzip\r\n", &bomb));
    let err = results[0].as_ref().map(|_| ()).unwrap_err().to_string();
    assert!(err.contains("expands beyond 64 MiB"), "{err}");
}
