//! Issue 17, through the `warta` binary: `index` and `extract` share one exit-code policy, two
//! `index` runs on one database take turns, another program's SQLite file is refused, and errors
//! say their cause once.

mod store_support;

use store_support::{TempDir, run, warta, write_jsonl};
use warta_store::sample;

fn many(prefix: &str, count: usize) -> Vec<warta_core::output::OutputDocument> {
    (0..count)
        .map(|i| {
            let mut doc = sample::corpus()[i % 4].clone();
            doc.url = Some(format!("https://{prefix}.example/{i}"));
            doc.text = format!("{} ({prefix} {i})", doc.text);
            doc
        })
        .collect()
}

#[test]
fn index_keep_going_exits_2_as_extract_does() {
    let dir = TempDir::new("keep-going-exit");
    let input = dir.join("campur.jsonl");
    write_jsonl(&input, &sample::corpus()[..1]);
    let mut bad_spans = serde_json::to_value(&sample::corpus()[1]).unwrap();
    bad_spans["quotes"][0]["end"] = 100_000.into();
    let mut text = std::fs::read_to_string(&input).unwrap();
    text += &(bad_spans.to_string() + "\n{ rusak\n");
    std::fs::write(&input, text).unwrap();
    let db = dir.join("k.db").display().to_string();
    let input = input.to_str().unwrap();

    let index = warta()
        .args(["index", input, "--db", &db, "--keep-going"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&index.stderr);
    assert_eq!(index.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("campur.jsonl:2: not a warta/1 object: a quote spans"),
        "{stderr}"
    );
    assert!(stderr.contains("campur.jsonl:3: not JSON"), "{stderr}");
    assert!(stderr.contains("indexed 1 new"), "{stderr}");

    let extract = warta()
        .args(["extract", input, "--keep-going", "-q"])
        .output()
        .unwrap();
    assert_eq!(extract.status.code(), Some(2));
    // Without --keep-going both stop at the first failure with 1.
    let index = warta()
        .args(["index", input, "--db", &db])
        .output()
        .unwrap();
    assert_eq!(index.status.code(), Some(1));
}

#[test]
fn two_index_runs_on_one_database_take_turns() {
    let dir = TempDir::new("two-writers");
    let db = dir.join("bersama.db").display().to_string();
    let inputs: Vec<String> = ["a", "b"]
        .iter()
        .map(|prefix| {
            let path = dir.join(&format!("{prefix}.jsonl"));
            write_jsonl(&path, &many(prefix, 600));
            path.display().to_string()
        })
        .collect();
    let runs: Vec<_> = inputs
        .iter()
        .map(|input| {
            warta()
                .args(["index", input, "--db", &db, "-j", "1", "-q"])
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in runs {
        assert!(child.wait().unwrap().success());
    }
    let (ok, stdout, stderr) = run(&["search", "--db", &db, "--format", "json", "--limit", "5000"]);
    assert!(ok, "{stderr}");
    let quotes: usize = many("x", 600).iter().map(|d| d.quotes.len()).sum();
    assert_eq!(stdout.lines().count(), 2 * quotes);
}

#[test]
fn another_programs_database_is_refused_untouched_and_said_once() {
    let dir = TempDir::new("foreign-db");
    let path = dir.join("lain.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE documents (id INTEGER PRIMARY KEY, isi TEXT);")
        .unwrap();
    drop(conn);
    let before = std::fs::read(&path).unwrap();
    let input = dir.join("a.jsonl");
    write_jsonl(&input, &sample::corpus()[..1]);
    let (ok, _, stderr) = run(&[
        "index",
        input.to_str().unwrap(),
        "--db",
        path.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert_eq!(
        stderr.matches("not a warta database").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("lain.db"), "{stderr}");
    assert!(
        std::fs::read(&path).unwrap() == before,
        "the file is untouched"
    );
}

#[test]
fn a_lone_surrogate_is_called_by_its_name() {
    let dir = TempDir::new("surrogate");
    let input = dir.join("s.jsonl");
    std::fs::write(&input, "{\"text\": \"Budi berkata \\ud800 itu.\"}\n").unwrap();
    let (ok, _, stderr) = run(&["extract", input.to_str().unwrap()]);
    assert!(!ok);
    assert!(stderr.contains("lone surrogate"), "{stderr}");
}
