//! `warta index` reads what `warta extract` reads: an HTML page and a WARC archive here, with the
//! records that hold no article counted as skipped rather than failing the run.

mod store_support;

use serde_json::Value;
use store_support::{TempDir, run};

const KOMPAS: &str = include_str!("../../warta-ingest/tests/fixtures/kompas-like.html");
const DETIK: &[u8] = include_bytes!("../../warta-ingest/tests/fixtures/detik-like.html");
const ENGLISH: &str = "<html><body><article><p>The government said on Monday that the new bridge would open to traffic next month, after two years of construction and several delays caused by heavy rain.</p><p>Officials expect the bridge to cut travel times between the two cities by half.</p></article></body></html>";

fn warc_record(warc_type: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-11-03T07:20:00Z\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn response(uri: &str, body: &[u8]) -> Vec<u8> {
    let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
    http.extend_from_slice(body);
    warc_record("response", uri, "application/http; msgtype=response", &http)
}

fn document_urls(db: &str) -> Vec<String> {
    let (ok, stdout, stderr) = run(&["search", "--db", db, "--format", "json", "--limit", "100"]);
    assert!(ok, "{stderr}");
    let mut urls: Vec<String> = stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter_map(|hit| hit["document_url"].as_str().map(str::to_owned))
        .collect();
    urls.sort();
    urls.dedup();
    urls
}

#[test]
fn indexes_an_html_page_and_a_warc_archive() {
    let dir = TempDir::new("store-ingest");
    let page = dir.join("kompas.html");
    std::fs::write(&page, KOMPAS).unwrap();
    let archive = dir.join("crawl.warc");
    let mut warc = warc_record(
        "warcinfo",
        "",
        "application/warc-fields",
        b"software: test\r\n",
    );
    warc.extend(response(
        "https://news.contoh-detik.example/berita/d-7000001/menteri-harga-beras",
        DETIK,
    ));
    warc.extend(response(
        "https://english.example/bridge",
        ENGLISH.as_bytes(),
    ));
    std::fs::write(&archive, warc).unwrap();
    let db = dir.join("web.db").display().to_string();

    let (ok, _, stderr) = run(&[
        "index",
        page.to_str().unwrap(),
        archive.to_str().unwrap(),
        "--db",
        &db,
    ]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("indexed 2 new and 0 updated articles"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 skipped (not_indonesian 1, not_a_response 1)"),
        "{stderr}"
    );
    // Both articles hold a direct quote; each hit names the page it came from.
    assert_eq!(
        document_urls(&db),
        [
            "https://nasional.contoh-kompas.example/read/2025/11/03/14200011/kpk-periksa-tiga-saksi",
            "https://news.contoh-detik.example/berita/d-7000001/menteri-harga-beras",
        ]
    );

    // Indexing again updates the same two articles.
    let (ok, _, stderr) = run(&["index", dir.join("").to_str().unwrap(), "--db", &db]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("indexed 0 new and 2 updated articles"),
        "{stderr}"
    );
}
