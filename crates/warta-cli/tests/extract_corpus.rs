//! The data tier for `warta extract`: a real scraped corpus through the streaming runner, on one and on
//! two workers and unordered. Every record is accounted for, documents come out in input order, and
//! the three runs hold the same documents. Skips, saying so (`warta_testing`), when `$WARTA_DATA`
//! (default `../shared/data` from the workspace root) is absent.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn corpus() -> Option<PathBuf> {
    warta_testing::data("news/scrape-2025-06.jsonl")
}

fn extract(corpus: &PathBuf, args: &[&str]) -> (Vec<String>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_warta"))
        .arg("extract")
        .args(args)
        .arg(corpus)
        .output()
        .expect("the warta binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    let lines = String::from_utf8(out.stdout)
        .expect("UTF-8 output")
        .lines()
        .map(str::to_owned)
        .collect();
    (lines, stderr)
}

#[test]
#[ignore = "data tier: needs ../shared/data (set WARTA_DATA); run with -- --ignored"]
fn a_real_corpus_goes_through_whole_in_order_on_any_number_of_workers() {
    let Some(corpus) = corpus() else { return };
    let input: Vec<Value> = std::fs::read_to_string(&corpus)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("the corpus is JSON Lines"))
        .collect();

    let (one, summary) = extract(&corpus, &["-j", "1"]);
    let (two, _) = extract(&corpus, &["-j", "2"]);
    assert!(one == two, "one and two workers write the same bytes");

    // Every record is a document or a counted skip.
    let skipped: usize = summary
        .split(" skipped")
        .next()
        .and_then(|head| head.rsplit(", ").next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a summary: {summary}"));
    assert!(
        summary.contains(&format!(
            "{} records in, {} documents out",
            input.len(),
            one.len()
        )),
        "{summary}"
    );
    assert_eq!(one.len() + skipped, input.len(), "{summary}");

    // Documents keep the order of their records: their URLs are a subsequence of the input's.
    let urls: Vec<String> = one
        .iter()
        .map(|line| serde_json::from_str::<Value>(line).unwrap()["url"].to_string())
        .collect();
    let mut position = input.iter().map(|record| record["url"].to_string());
    for url in &urls {
        assert!(position.any(|u| &u == url), "{url} out of order");
    }

    let (mut unordered, _) = extract(&corpus, &["-j", "2", "--unordered"]);
    let mut ordered = one;
    unordered.sort();
    ordered.sort();
    // Copies may join their article in an ordered run and arrive too late for it in an unordered
    // one; compare the documents without their other URLs.
    let without_other_urls = |lines: &[String]| -> Vec<Value> {
        lines
            .iter()
            .map(|l| {
                let mut v: Value = serde_json::from_str(l).unwrap();
                v.as_object_mut().unwrap().remove("other_urls");
                v
            })
            .collect()
    };
    assert_eq!(unordered.len(), ordered.len());
    assert!(without_other_urls(&unordered) == without_other_urls(&ordered));
}
