//! Syndicated copies across batches: a copy within the deduplication window (the article's batch and
//! the two after it, 256 records each) gives its URL to the article written once; a copy so far
//! behind that its article is surely written already is counted as `late_copy`.

use std::process::Command;

use serde_json::Value;

fn article(i: usize) -> String {
    format!("Berita nomor {i}: pemerintah daerah meresmikan jembatan ke-{i} di kabupaten itu.")
}

#[test]
fn copies_within_the_window_join_their_article_and_later_ones_are_counted() {
    let copy_of = |original: usize, at: usize| (at, original);
    // (position in the input, article copied); positions are record numbers from 0.
    let copies = [
        copy_of(10, 300),  // next batch
        copy_of(10, 700),  // two batches later: still in the window
        copy_of(20, 1100), // batch 4: the reader may only read it once batch 0 is written
    ];
    let mut lines = Vec::new();
    let mut next = 0;
    for position in 0..1200 {
        let (url, text) = match copies.iter().find(|(at, _)| *at == position) {
            Some(&(_, original)) => (
                format!("https://salinan.example/{position}"),
                article(original),
            ),
            None => {
                next += 1;
                (format!("https://asli.example/{next}"), article(next + 1000))
            }
        };
        // The originals of the copies, at positions 10 and 20.
        let text = if position == 10 || position == 20 {
            article(position)
        } else {
            text
        };
        lines.push(serde_json::json!({ "url": url, "text": text }).to_string());
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("salinan.jsonl");
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();

    for threads in ["1", "2"] {
        let out = Command::new(env!("CARGO_BIN_EXE_warta"))
            .args(["extract", "-j", threads])
            .arg(&input)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        let docs: Vec<Value> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(docs.len(), 1197, "three copies dropped");
        let by_text = |i: usize| {
            docs.iter()
                .find(|d| d["text"] == article(i))
                .unwrap_or_else(|| panic!("article {i} is written"))
        };
        assert_eq!(
            by_text(10)["other_urls"],
            serde_json::json!(["https://salinan.example/300", "https://salinan.example/700"])
        );
        assert!(by_text(20).get("other_urls").is_none());
        assert!(
            stderr.contains("3 skipped (duplicate 2, late_copy 1)"),
            "{stderr}"
        );
    }
}
