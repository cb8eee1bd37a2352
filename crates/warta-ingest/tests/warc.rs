//! WARC archives written by these tests, plain and gzip with one member per record, including the
//! damaged ones a crawl produces: truncated gzip, Content-Length that lies, binary bodies.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;
use warta_ingest::{
    DecodeOptions, Decoded, InputFormat, RawRecord, RecordError, SkipReason, Sources,
};

const KOMPAS: &str = include_str!("fixtures/kompas-like.html");
const DETIK: &[u8] = include_bytes!("fixtures/detik-like.html");

fn record(warc_type: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    record_with_length(warc_type, uri, content_type, block, block.len())
}

fn record_with_length(
    warc_type: &str,
    uri: &str,
    content_type: &str,
    block: &[u8],
    declared: usize,
) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-11-03T07:20:00Z\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\nContent-Type: {content_type}\r\nContent-Length: {declared}\r\n\r\n"
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn http(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out =
        format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nServer: contoh\r\n\r\n")
            .into_bytes();
    out.extend_from_slice(body);
    out
}

fn response(uri: &str, status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    record(
        "response",
        uri,
        "application/http; msgtype=response",
        &http(status, content_type, body),
    )
}

const ENGLISH: &str = "<html><body><article><p>The government said on Monday that the new bridge would open to traffic next month, after two years of construction and several delays caused by heavy rain.</p><p>Officials expect the bridge to cut travel times between the two cities by half.</p></article></body></html>";

/// A small crawl: the records CC-NEWS has around each page, and pages to skip for every reason.
fn crawl() -> Vec<Vec<u8>> {
    vec![
        record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        ),
        record(
            "request",
            "https://amp.contoh-kompas.example/x",
            "application/http; msgtype=request",
            b"GET /x HTTP/1.1\r\nHost: amp.contoh-kompas.example\r\n\r\n",
        ),
        response(
            "https://amp.contoh-kompas.example/x",
            "200 OK",
            "text/html; charset=UTF-8",
            KOMPAS.as_bytes(),
        ),
        response(
            "https://contoh.example/hilang",
            "404 Not Found",
            "text/html",
            b"<p>Tidak ada</p>",
        ),
        response(
            "https://contoh.example/foto.jpg",
            "200 OK",
            "image/jpeg",
            b"\xff\xd8\xff\xe0",
        ),
        response(
            "https://contoh.example/en",
            "200 OK",
            "text/html",
            ENGLISH.as_bytes(),
        ),
        response(
            "https://news.contoh-detik.example/berita/d-7000001/menteri-harga-beras",
            "200 OK",
            "text/html; charset=windows-1252",
            DETIK,
        ),
    ]
}

fn read(bytes: Vec<u8>) -> Vec<Result<RawRecord, RecordError>> {
    Sources::from_reader("crawl.warc", std::io::Cursor::new(bytes), InputFormat::Auto).collect()
}

fn gzip_members(records: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for record in records {
        let mut member = GzEncoder::new(Vec::new(), Compression::fast());
        member.write_all(record).unwrap();
        out.extend(member.finish().unwrap());
    }
    out
}

/// (articles' titles, skip reasons, error messages), in record order.
fn outcomes(
    items: Vec<Result<RawRecord, RecordError>>,
) -> (Vec<String>, Vec<SkipReason>, Vec<String>) {
    let mut titles = Vec::new();
    let mut skipped = Vec::new();
    let mut errors = Vec::new();
    for item in items {
        match item.and_then(|r| r.decode(DecodeOptions::default())) {
            Ok(Decoded::Article(a)) => titles.push(a.meta.title.unwrap_or_default()),
            Ok(Decoded::Skipped { reason, .. }) => skipped.push(reason),
            Err(err) => errors.push(err.to_string()),
        }
    }
    (titles, skipped, errors)
}

const KOMPAS_TITLE: &str = "KPK Periksa Tiga Saksi Kasus Pengadaan Alat Kesehatan";
const DETIK_TITLE: &str = "Menteri: Harga Beras Turun Pekan Depan";

#[test]
fn a_plain_warc_gives_its_articles_and_counts_the_rest() {
    let (titles, skipped, errors) = outcomes(read(crawl().concat()));
    assert_eq!(titles, [KOMPAS_TITLE, DETIK_TITLE]);
    assert_eq!(
        skipped,
        [
            SkipReason::NotAResponse,
            SkipReason::NotAResponse,
            SkipReason::HttpStatus,
            SkipReason::NotHtml,
            SkipReason::NotIndonesian,
        ]
    );
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn a_gzip_warc_with_one_member_per_record_reads_the_same() {
    let (titles, skipped, errors) = outcomes(read(gzip_members(&crawl())));
    assert_eq!(titles, [KOMPAS_TITLE, DETIK_TITLE]);
    assert_eq!(skipped.len(), 5);
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn the_response_url_and_windows_1252_header_charset_are_used() {
    let items = read(crawl().concat());
    let detik = items
        .into_iter()
        .filter_map(
            |r| match r.unwrap().decode(DecodeOptions::default()).unwrap() {
                Decoded::Article(a) => Some(a),
                Decoded::Skipped { .. } => None,
            },
        )
        .nth(1)
        .unwrap();
    assert!(
        detik.text.contains(
            "“Stok kami cukup sampai akhir tahun,” ujarnya kepada wartawan di Café Batavia"
        )
    );
    assert_eq!(detik.origin.to_string(), "crawl.warc: record 7");
    assert!(
        detik.meta.other_urls.is_empty(),
        "fetched at its canonical URL"
    );
}

#[test]
fn a_truncated_gzip_is_an_error_and_earlier_records_survive() {
    let full = gzip_members(&crawl());
    // Cut inside the last member (the Detik page).
    let cut = full.len() - 200;
    let items = read(full[..cut].to_vec());
    let (titles, skipped, errors) = outcomes(items);
    assert_eq!(titles, [KOMPAS_TITLE]);
    assert_eq!(skipped.len(), 5);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("crawl.warc: record 7: "),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains("gzip") || errors[0].contains("ends after"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_content_length_too_long_costs_only_its_record() {
    let mut records = crawl();
    let body = http("200 OK", "text/html", KOMPAS.as_bytes());
    records[2] = record_with_length(
        "response",
        "https://amp.contoh-kompas.example/x",
        "application/http; msgtype=response",
        &body,
        body.len() + 120,
    );
    let (titles, skipped, errors) = outcomes(read(records.concat()));
    assert_eq!(titles, [DETIK_TITLE], "the record after the liar is intact");
    assert_eq!(skipped.len(), 5, "{skipped:?}");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("crawl.warc: record 3: WARC: Content-Length")
            && errors[0].contains("runs into the next record"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_content_length_too_short_costs_only_its_record() {
    let mut records = crawl();
    let body = http("200 OK", "text/html", KOMPAS.as_bytes());
    records[2] = record_with_length(
        "response",
        "https://amp.contoh-kompas.example/x",
        "application/http; msgtype=response",
        &body,
        body.len() - 500,
    );
    let (titles, skipped, errors) = outcomes(read(records.concat()));
    assert_eq!(titles, [DETIK_TITLE]);
    assert_eq!(skipped.len(), 5, "{skipped:?}");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("crawl.warc: record 3: WARC: Content-Length")
            && errors[0].contains("ends before the record does"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_binary_body_labelled_html_is_a_clear_error() {
    let mut records = crawl();
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    png.extend((0..=255u8).cycle().take(2000));
    records[3] = response("https://contoh.example/gambar", "200 OK", "text/html", &png);
    let (titles, _, errors) = outcomes(read(records.concat()));
    assert_eq!(titles, [KOMPAS_TITLE, DETIK_TITLE]);
    assert_eq!(
        errors,
        ["crawl.warc: record 4: binary content, not text (NUL byte at byte 8)"]
    );
}

#[test]
fn garbage_between_records_is_reported_once() {
    let mut records = crawl();
    records.insert(3, b"sampah yang bukan rekaman\r\n".to_vec());
    let (titles, skipped, errors) = outcomes(read(records.concat()));
    assert_eq!(titles, [KOMPAS_TITLE, DETIK_TITLE]);
    assert_eq!(skipped.len(), 5);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("not part of any WARC record"),
        "{}",
        errors[0]
    );
}
