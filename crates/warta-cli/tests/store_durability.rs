//! SIGKILL `warta index` mid-run: the database opens, holds every article committed before the kill,
//! and a rerun completes without duplicates.

mod store_support;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use store_support::{TempDir, warta, write_jsonl};
use warta_store::{QuoteQuery, Store, sample};

/// Enough articles that the run is far from done when it is killed.
const ARTICLES: usize = 4000;
const KILL_AFTER: usize = 150;

#[test]
fn killed_index_keeps_committed_articles_and_a_rerun_completes_without_duplicates() {
    let dir = TempDir::new("store-kill");
    let input = dir.join("many.jsonl");
    let db = dir.join("many.db");
    let base = sample::corpus();
    let quotes_per_round: usize = base.iter().map(|d| d.quotes.len()).sum();
    let docs: Vec<_> = (0..ARTICLES)
        .map(|i| {
            let mut doc = base[i % base.len()].clone();
            // A distinct URL and text per copy; appending keeps every offset valid.
            doc.url = Some(format!("{}-{i}", doc.url.unwrap()));
            doc.text.push_str(&format!("\n\n(Salinan {i})"));
            doc
        })
        .collect();
    write_jsonl(&input, &docs);

    let mut child = warta()
        .args(["index", "--verbose", "--db"])
        .arg(&db)
        .arg(&input)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });

    // Each line is printed after its article's transaction committed.
    let mut committed: Vec<i64> = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    while committed.len() < KILL_AFTER {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("warta index printed too few lines");
        committed.push(line.split_whitespace().nth(1).unwrap().parse().unwrap());
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run finished before it could be killed: raise ARTICLES"
    );
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    reader.join().unwrap();
    // Lines that were printed between our last read and the kill were committed too.
    committed.extend(
        rx.try_iter()
            .filter_map(|l| l.split_whitespace().nth(1)?.parse::<i64>().ok()),
    );

    {
        let store = Store::open(&db).unwrap();
        store.check_integrity().unwrap();
        let stats = store.stats().unwrap();
        assert!(stats.documents as usize >= committed.len());
        assert!(
            (stats.documents as usize) < ARTICLES,
            "nothing was interrupted"
        );
        for &id in &committed {
            let doc = store
                .document(id)
                .unwrap()
                .expect("a committed article is missing");
            // Each article is whole: its quotes went in with it.
            assert_eq!(doc.quote_ids.len(), doc.output.quotes.len());
        }
        let all = store
            .search_quotes(&QuoteQuery {
                limit: 1000,
                ..QuoteQuery::default()
            })
            .unwrap();
        assert!(all.iter().all(|q| q.document_id <= stats.documents));
    }

    let status = warta()
        .args(["index", "--db"])
        .arg(&db)
        .arg(&input)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let store = Store::open(&db).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!(stats.documents as usize, ARTICLES);
    assert_eq!(
        stats.quotes as usize,
        ARTICLES / base.len() * quotes_per_round
            + base[..ARTICLES % base.len()]
                .iter()
                .map(|d| d.quotes.len())
                .sum::<usize>()
    );
}
