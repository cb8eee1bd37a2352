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

/// An interrupted run and its resumption drop the same copies as one uninterrupted run would, even
/// when the copy comes after the checkpoint and its article before it: the keys of the records done
/// are saved beside the checkpoint (`OUTPUT.dedup`).
#[test]
fn a_resumed_run_still_recognises_copies_of_articles_written_before_it() {
    let record = |i: usize, text: String| {
        serde_json::json!({ "url": format!("https://asli.example/{i}"), "text": text }).to_string()
    };
    let mut lines: Vec<String> = (0..400).map(|i| record(i, article(i))).collect();
    // Record 350 copies record 5 under another URL, in the batch after the checkpoint (256 records).
    lines[350] =
        serde_json::json!({ "url": "https://salinan.example/5", "text": article(5) }).to_string();
    let whole = lines.join("\n") + "\n";
    // The first run stops at a broken record in the second batch, so only the first batch is done.
    let mut broken = lines.clone();
    broken[300] = "{\"url\": \"https://asli.example/300\", \"text\": ".to_owned();

    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("berita.jsonl");
    let output = dir.path().join("keluaran.jsonl");
    let extract = || {
        Command::new(env!("CARGO_BIN_EXE_warta"))
            .args(["extract", "--resume", "-o"])
            .arg(&output)
            .arg(&input)
            .output()
            .unwrap()
    };
    std::fs::write(&input, broken.join("\n") + "\n").unwrap();
    let first = extract();
    assert!(!first.status.success(), "the broken record stops the run");
    let checkpoint = std::fs::read_to_string(dir.path().join("keluaran.jsonl.checkpoint")).unwrap();
    assert!(checkpoint.contains("\nrecords 256\n"), "{checkpoint}");
    assert!(dir.path().join("keluaran.jsonl.dedup").exists());

    std::fs::write(&input, &whole).unwrap();
    let resumed = extract();
    let stderr = String::from_utf8_lossy(&resumed.stderr);
    assert!(resumed.status.success(), "{stderr}");
    assert!(
        stderr.contains("144 records in, 143 documents out, 1 skipped (late_copy 1)"),
        "{stderr}"
    );
    let docs: Vec<Value> = std::fs::read_to_string(&output)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 399, "every article once, the copy not at all");
    // The first run had read the copy before it wrote record 5 (the window of two batches reached
    // the end of the input), so the copy's URL is there, and only there.
    let with_copy_url: Vec<&Value> = docs
        .iter()
        .filter(|d| d.to_string().contains("salinan.example"))
        .collect();
    assert_eq!(with_copy_url.len(), 1);
    assert_eq!(with_copy_url[0]["text"], article(5));
    assert_eq!(
        with_copy_url[0]["other_urls"],
        serde_json::json!(["https://salinan.example/5"])
    );
    assert!(
        !dir.path().join("keluaran.jsonl.dedup").exists(),
        "a finished run cleans up"
    );
}
