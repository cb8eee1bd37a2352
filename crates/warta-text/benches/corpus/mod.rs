//! The benchmark corpus: the raw news JSON Lines of the shared data directory when present
//! (`$WARTA_DATA/news/scrape-*.jsonl`, default `../shared/data` from the repository root), else the
//! bundled fixture article repeated.

use std::path::PathBuf;

use warta_core::{Document, Meta};

pub struct Corpus {
    pub name: String,
    pub texts: Vec<String>,
}

impl Corpus {
    pub fn load() -> Corpus {
        let data = std::env::var_os("WARTA_DATA").map_or_else(
            || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
            PathBuf::from,
        );
        let files = ["scrape-2025-06.jsonl", "scrape-older.jsonl"];
        let mut texts = Vec::new();
        for file in files {
            let path = data.join("news").join(file);
            let Ok(content) = std::fs::read_to_string(&path) else {
                continue;
            };
            for line in content.lines() {
                let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else {
                    continue;
                };
                if let Some(text) = value["text"].as_str() {
                    texts.push(text.to_owned());
                }
            }
        }
        if texts.is_empty() {
            eprintln!(
                "benchmark corpus: {} not found, using the bundled fixture article (set WARTA_DATA)",
                data.join("news").display()
            );
            let fixture = include_str!("../../tests/fixtures/scraped-article.txt");
            return Corpus {
                name: "fixture x2000".to_owned(),
                texts: vec![fixture.to_owned(); 2000],
            };
        }
        Corpus {
            name: files.join("+"),
            texts,
        }
    }

    pub fn bytes(&self) -> u64 {
        self.texts.iter().map(|t| t.len() as u64).sum()
    }

    pub fn documents(&self) -> Vec<Document> {
        self.texts
            .iter()
            .map(|t| Document::new(t.as_str(), Meta::default()))
            .collect()
    }
}
