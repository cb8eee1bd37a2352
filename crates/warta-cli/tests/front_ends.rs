//! One engine, every front end: `warta extract`, `warta index` (the document read back from the
//! store), `POST /extract` and the library give byte-identical documents for the same input,
//! `published` included (news sites write it their own way: "Diperbarui 18 Jun 2025, 14:05 WIB").

mod store_support;

use std::path::{Path, PathBuf};

use serde_json::Value;
use store_support::{Server, TempDir, run};
use warta::{Meta, OutputOptions, Warta};
use warta_store::Store;

/// The metadata fields a JSON Lines record may carry, as every front end reads them.
const META_FIELDS: [&str; 6] = ["id", "url", "title", "published", "author", "source"];

fn field(record: &Value, name: &str) -> Option<String> {
    record.get(name).and_then(Value::as_str).map(str::to_owned)
}

/// The documents each front end writes for the records of `jsonl`, as JSON bytes in input order.
fn assert_front_ends_agree(jsonl: &Path) {
    let records: Vec<Value> = std::fs::read_to_string(jsonl)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!records.is_empty());

    // The library.
    let warta = Warta::bundled().unwrap();
    let library: Vec<String> = records
        .iter()
        .map(|record| {
            let meta = Meta {
                id: field(record, "id"),
                url: field(record, "url"),
                title: field(record, "title"),
                published: field(record, "published"),
                author: field(record, "author"),
                source: field(record, "source"),
                ..Meta::default()
            };
            let text = field(record, "text").unwrap();
            let line = warta
                .analyse(text, &meta)
                .unwrap()
                .to_json_line(OutputOptions::default())
                .unwrap();
            String::from_utf8(line).unwrap().trim_end().to_owned()
        })
        .collect();

    // `warta extract`.
    let (ok, stdout, stderr) = run(&["extract", "-q", jsonl.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    let extracted: Vec<&str> = stdout.lines().collect();
    assert_eq!(extracted.len(), library.len(), "{stderr}");
    for (i, (cli, lib)) in extracted.iter().zip(&library).enumerate() {
        assert_eq!(cli, lib, "record {i}: extract and the library differ");
    }

    // `warta index`, read back from the store.
    let dir = TempDir::new("front-ends");
    let db = dir.join("corpus.db");
    let (ok, _, stderr) = run(&[
        "index",
        "-q",
        jsonl.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    let store = Store::open(&db).unwrap();
    for (i, lib) in library.iter().enumerate() {
        let url = field(&records[i], "url");
        let text = field(&records[i], "text").unwrap();
        let id = store
            .find_document(url.as_deref(), &text)
            .unwrap()
            .unwrap_or_else(|| panic!("record {i} is not in the store"));
        let stored = store.document(id).unwrap().unwrap().output;
        assert_eq!(
            &serde_json::to_string(&stored).unwrap(),
            lib,
            "record {i}: the store and the library differ"
        );
    }
    drop(store);

    // `POST /extract`, with the same metadata as a JSON body.
    let server = Server::start(&db);
    for (i, (record, lib)) in records.iter().zip(&library).enumerate() {
        let mut body = serde_json::Map::new();
        for name in META_FIELDS.iter().chain(&["text"]) {
            if let Some(value) = record.get(*name) {
                body.insert((*name).to_owned(), value.clone());
            }
        }
        let body = serde_json::to_vec(&body).unwrap();
        let (status, answer) = server.request("POST", "/extract", "application/json", &body);
        assert_eq!(status, 200, "record {i}: {answer}");
        assert_eq!(
            &answer, lib,
            "record {i}: POST /extract and the library differ"
        );
    }
}

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn every_front_end_writes_the_same_documents_for_the_examples() {
    let dir = TempDir::new("front-ends-examples");
    // The bundled examples, plus one written as news sites write their dates.
    let mut jsonl = std::fs::read_to_string(repository().join("examples/articles.jsonl")).unwrap();
    jsonl.push_str(
        &serde_json::json!({
            "id": "tanggal-situs", "url": "https://contoh.example/a/1", "author": "Redaksi",
            "source": "contoh.example", "published": "Diperbarui 18 Jun 2025, 14:05 WIB",
            "text": "JAKARTA - “Harga cabai naik,” kata Menteri Perdagangan Budi Santoso, Rabu (18/6/2025)."
        })
        .to_string(),
    );
    jsonl.push('\n');
    let path = dir.join("articles.jsonl");
    std::fs::write(&path, jsonl).unwrap();
    let (ok, stdout, stderr) = run(&["extract", "-q", path.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    let last: Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(last["published"], "2025-06-18T14:05+07:00");
    assert_front_ends_agree(&path);
}

/// The same on real news (data tier: `../shared/data/news`, or `WARTA_DATA`).
#[test]
#[ignore = "data tier: needs ../shared/data/news"]
fn every_front_end_writes_the_same_documents_for_real_news() {
    let Some(news) = warta_testing::data("news/scrape-2025-06.jsonl") else {
        return;
    };
    let corpus = std::fs::read_to_string(&news).expect("the news file reads");
    // Every 90th article with a text (a sample across outlets and days), no text twice: the batch
    // front ends skip empty texts and copies, the library analyses whatever it is given.
    let mut texts = std::collections::HashSet::new();
    let sample: String = corpus
        .lines()
        .step_by(90)
        .filter(|line| {
            let record: Value = serde_json::from_str(line).unwrap();
            let text = field(&record, "text").unwrap_or_default();
            !text.trim().is_empty()
                && texts.insert(text.split_whitespace().collect::<Vec<_>>().join(" "))
        })
        .map(|line| format!("{line}\n"))
        .collect();
    let dir = TempDir::new("front-ends-news");
    let path = dir.join("sample.jsonl");
    std::fs::write(&path, sample).unwrap();
    assert_front_ends_agree(&path);
}
