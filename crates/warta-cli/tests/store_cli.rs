//! `warta index`, `search`, `speakers` and `serve` on the hand-written sample articles.

mod store_support;

use serde_json::Value;
use store_support::{Server, TempDir, run, write_jsonl};
use warta_store::sample;

fn indexed(dir: &TempDir) -> String {
    let input = dir.join("corpus.jsonl");
    let mut docs = sample::corpus();
    docs.push(sample::hostile());
    write_jsonl(&input, &docs);
    let db = dir.join("corpus.db").display().to_string();
    let (ok, _, stderr) = run(&["index", input.to_str().unwrap(), "--db", &db]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("indexed 5 new and 0 updated articles"),
        "{stderr}"
    );
    db
}

fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn index_then_search_and_list_speakers_in_every_format() {
    let dir = TempDir::new("store-cli");
    let db = indexed(&dir);

    let (ok, stdout, stderr) = run(&["search", "beras", "--db", &db, "--format", "json"]);
    assert!(ok, "{stderr}");
    let hits = json_lines(&stdout);
    assert_eq!(hits.len(), 2);
    assert!(hits.iter().all(|h| h["speaker"] == "Joko Widodo"));

    let (_, stdout, _) = run(&[
        "search",
        "--db",
        &db,
        "--speaker",
        "Presiden Jokowi",
        "--format",
        "csv",
    ]);
    let rows: Vec<&str> = stdout.lines().collect();
    assert!(rows[0].starts_with("quote_id,document_id,day,type,speaker_id,speaker"));
    assert_eq!(rows.len(), 1 + 5);

    let (_, stdout, _) = run(&[
        "search",
        "--db",
        &db,
        "--from",
        "2025-07",
        "--to",
        "2025-07-31",
        "--type",
        "direct",
        "--format",
        "json",
    ]);
    let hits = json_lines(&stdout);
    assert_eq!(hits.len(), 2, "{stdout}");
    assert!(
        hits.iter()
            .all(|h| h["type"] == "direct" && h["day"].as_str().unwrap().starts_with("2025-07"))
    );

    let (_, stdout, _) = run(&["search", "saksi", "--db", &db, "--org", "KPK"]);
    assert!(stdout.lines().next().unwrap().starts_with("day"));
    assert!(stdout.contains("Budi Prasetyo"));

    let (ok, stdout, _) = run(&["speakers", "--db", &db, "--top", "3", "--format", "csv"]);
    assert!(ok);
    let first = stdout.lines().nth(1).unwrap();
    assert!(
        first.contains(",Joko Widodo,PER,5,3,2025-06-02,2025-07-15,Presiden,"),
        "{first}"
    );

    let (ok, stdout, _) = run(&[
        "speakers",
        "--db",
        &db,
        "--from",
        "2025-07-01",
        "--to",
        "2025-07-31",
        "--format",
        "json",
    ]);
    assert!(ok);
    let speakers = json_lines(&stdout);
    assert_eq!(speakers[0]["name"], "Budi Prasetyo");
    assert_eq!(speakers[0]["statements"], 2);
}

#[test]
fn reindexing_never_duplicates() {
    let dir = TempDir::new("store-reindex");
    let db = indexed(&dir);
    let input = dir.join("corpus.jsonl");
    let (ok, _, stderr) = run(&["index", input.to_str().unwrap(), "--db", &db]);
    assert!(ok);
    assert!(
        stderr.contains("indexed 0 new and 5 updated articles (11 quotes)"),
        "{stderr}"
    );
    let (_, stdout, _) = run(&["search", "--db", &db, "--format", "json", "--limit", "1000"]);
    assert_eq!(json_lines(&stdout).len(), 11);
}

#[test]
fn bad_queries_and_missing_databases_fail_with_a_message() {
    let dir = TempDir::new("store-errors");
    let db = indexed(&dir);
    let (ok, _, stderr) = run(&["search", "\"tiga saksi", "--db", &db]);
    assert!(!ok);
    assert!(stderr.contains("invalid search query"), "{stderr}");
    let (ok, _, stderr) = run(&[
        "search",
        "x",
        "--db",
        &dir.join("none.db").display().to_string(),
    ]);
    assert!(!ok);
    assert!(stderr.contains("does not exist"), "{stderr}");
    let (ok, _, stderr) = run(&["search", "x", "--db", &db, "--from", "kemarin"]);
    assert!(!ok);
    assert!(stderr.contains("not a date"), "{stderr}");
}

#[test]
fn unreadable_lines_are_named_and_keep_going_indexes_the_rest() {
    let dir = TempDir::new("store-bad-lines");
    let input = dir.join("raw.jsonl");
    std::fs::write(
        &input,
        "{\"text\": \"JAKARTA - Harga cabai naik.\", \"url\": \"https://contoh.example/a\"}\n\
         not json\n\
         {\"title\": \"tanpa teks\"}\n\
         {\"text\": \"BANDUNG - Hujan deras sejak pagi.\", \"url\": \"https://contoh.example/b\"}\n",
    )
    .unwrap();
    let db = dir.join("raw.db").display().to_string();
    let (ok, _, stderr) = run(&["index", input.to_str().unwrap(), "--db", &db]);
    assert!(!ok);
    assert!(stderr.contains("raw.jsonl:2: not JSON"), "{stderr}");
    let (ok, _, stderr) = run(&[
        "index",
        input.to_str().unwrap(),
        "--db",
        &db,
        "--keep-going",
    ]);
    assert!(!ok, "failures still make the exit code non-zero");
    assert!(
        stderr.contains("raw.jsonl:3: missing field \"text\""),
        "{stderr}"
    );
    // The first run stored the article before the line it stopped at.
    assert!(
        stderr.contains("1 new and 1 updated") && stderr.contains("2 failed"),
        "{stderr}"
    );
}

#[test]
fn merge_and_split_by_hand() {
    let dir = TempDir::new("store-curate");
    let db = indexed(&dir);
    let (ok, stdout, stderr) = run(&[
        "speakers",
        "merge",
        "Sri Mulyani",
        "Budi Prasetyo",
        "--db",
        &db,
    ]);
    assert!(ok, "{stderr}");
    assert!(stdout.starts_with("merged speaker"));
    let (_, stdout, _) = run(&[
        "search",
        "--db",
        &db,
        "--speaker",
        "Sri Mulyani",
        "--format",
        "json",
    ]);
    assert_eq!(json_lines(&stdout).len(), 4);

    let (ok, stdout, stderr) = run(&[
        "speakers",
        "split",
        "Sri Mulyani",
        "Budi Prasetyo",
        "--db",
        &db,
    ]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("is now speaker"));
    let (_, stdout, _) = run(&[
        "search",
        "--db",
        &db,
        "--speaker",
        "Budi Prasetyo",
        "--format",
        "json",
    ]);
    let hits = json_lines(&stdout);
    assert_eq!(hits.len(), 2);
    assert!(hits.iter().all(|h| h["speaker"] == "Budi Prasetyo"));

    let aliases = dir.join("aliases.txt");
    std::fs::write(&aliases, "Andi Wijaya = Andi W.; Bung Andi\n").unwrap();
    let (ok, stdout, _) = run(&[
        "speakers",
        "aliases",
        aliases.to_str().unwrap(),
        "--db",
        &db,
    ]);
    assert!(ok);
    assert!(stdout.starts_with("1 names applied"));
    let (_, stdout, _) = run(&["speakers", "show", "Bung Andi", "--db", &db]);
    let detail: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(detail["name"], "Andi Wijaya");
    assert_eq!(detail["statements"], 2);
}

#[test]
fn serve_binds_loopback_answers_and_limits_bodies() {
    let (_, help, _) = run(&["serve", "--help"]);
    assert!(help.contains("[default: 127.0.0.1:8080]"), "{help}");

    let dir = TempDir::new("store-serve");
    let db = indexed(&dir);
    let server = Server::start(std::path::Path::new(&db));
    assert!(server.addr.ip().is_loopback());
    assert_eq!(server.get("/health"), (200, "ok".to_owned()));
    let (status, body) = server.get("/quotes?q=beras");
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["quotes"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let (status, body) = server.get("/quotes?q=%22beras");
    assert_eq!(status, 400);
    assert!(body.contains("invalid search query"));
    let big = vec![b'a'; 5 * 1024 * 1024 + 1];
    assert_eq!(
        server.request("POST", "/extract", "text/plain", &big).0,
        413
    );
}

// Issue 17, defect 15: `serve --db typo.db` created and served an empty database.
#[test]
fn serve_refuses_a_missing_database_instead_of_creating_it() {
    let dir = TempDir::new("store-serve-missing");
    let db = dir.join("typo.db");
    let mut child = store_support::warta()
        .args([
            "serve",
            "--db",
            db.to_str().unwrap(),
            "--addr",
            "127.0.0.1:0",
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Before the fix the server started; give it a while, then stop it and fail.
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(30) {
            let _ = child.kill();
            panic!("serve started on a missing database");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "said once: {stderr}");
    assert!(
        stderr.contains(&format!("no database at {}", db.display())),
        "{stderr}"
    );
    assert!(stderr.contains("--create"), "{stderr}");
    assert!(!db.exists(), "serve created {}", db.display());
}

#[test]
fn parquet_export_needs_the_feature_and_an_output_file() {
    let dir = TempDir::new("store-parquet");
    let db = indexed(&dir);
    let file = dir.join("quotes.parquet");
    let file = file.to_str().unwrap();
    let (ok, _, stderr) = run(&["search", "--db", &db, "--format", "parquet"]);
    assert!(!ok);
    let (ok, _, stderr_with_file) = run(&[
        "search", "--db", &db, "--format", "parquet", "--limit", "0", "-o", file,
    ]);
    if cfg!(feature = "parquet") {
        assert!(stderr.contains("--output FILE"), "{stderr}");
        assert!(ok, "{stderr_with_file}");
        // The sample corpus and the hostile article hold 13 quotes, all of them exported.
        let (_, csv, _) = run(&["search", "--db", &db, "--format", "csv", "--limit", "0"]);
        let quotes = csv.lines().count() - 1;
        assert!(
            stderr_with_file.contains(&format!("wrote {quotes} quotes")),
            "{stderr_with_file}"
        );
        let bytes = std::fs::read(file).unwrap();
        assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    } else {
        for stderr in [&stderr, &stderr_with_file] {
            assert!(
                stderr.contains("without Parquet support") && stderr.contains("--features parquet"),
                "{stderr}"
            );
        }
        assert!(!ok && !std::path::Path::new(file).exists());
    }
}

#[test]
fn short_forms_join_at_the_end_of_a_run_and_the_rest_are_suggested_with_their_command() {
    // Made up: "Putin" in the outlet that names him in full later in the run, and in another one.
    let article = |url: &str, outlet: &str, text: &str, name: &str, quote: &str| {
        warta_store::sample::quoting(url, outlet, "2025-06-02", text, name, &[name], quote)
    };
    let dir = TempDir::new("store-short-forms");
    let input = dir.join("articles.jsonl");
    write_jsonl(
        &input,
        &[
            article(
                "https://a.example/2",
                "a.example",
                "Putin berbicara di Moskwa. “Sanksi tidak berguna,” kata Putin.",
                "Putin",
                "Sanksi tidak berguna,",
            ),
            article(
                "https://a.example/1",
                "a.example",
                "Vladimir Putin menerima tamu. “Kami siap berunding,” kata Vladimir Putin.",
                "Vladimir Putin",
                "Kami siap berunding,",
            ),
            article(
                "https://b.example/1",
                "b.example",
                "Putin berbicara lagi. “Gas tetap mengalir,” kata Putin.",
                "Putin",
                "Gas tetap mengalir,",
            ),
        ],
    );
    let db = dir.join("corpus.db").display().to_string();
    let (ok, _, stderr) = run(&["index", input.to_str().unwrap(), "--db", &db]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("1 speakers known by a short form joined"),
        "{stderr}"
    );

    let (ok, stdout, stderr) = run(&["speakers", "--suggest", "--json", "--db", &db]);
    assert!(ok, "{stderr}");
    let suggestions = json_lines(&stdout);
    assert_eq!(suggestions.len(), 1, "{stdout}");
    let s = &suggestions[0];
    assert_eq!(s["from"]["name"], "Putin");
    assert_eq!(s["into"]["name"], "Vladimir Putin");
    // The joined article's quote already counts for him.
    assert_eq!(s["into"]["statements"], 2);
    assert_eq!(
        (s["how"].as_str(), s["same_outlet"].as_i64()),
        (Some("word"), Some(0))
    );
    let command = s["command"].as_str().unwrap();
    let (ok, table, _) = run(&["speakers", "--suggest", "--db", &db]);
    assert!(ok && table.contains(command), "{table}");

    // The command confirms it.
    let mut args: Vec<&str> = command.split(' ').skip(1).collect();
    args.extend(["--db", &db]);
    let (ok, stdout, stderr) = run(&args);
    assert!(ok && stdout.starts_with("merged speaker"), "{stderr}");
    let (_, stdout, _) = run(&["speakers", "--suggest", "--json", "--db", &db]);
    assert!(stdout.trim().is_empty(), "{stdout}");
    let (_, stdout, _) = run(&["speakers", "show", "Vladimir Putin", "--db", &db]);
    let detail: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(detail["statements"], 3);
}

#[test]
fn search_sorts_filters_and_counts_and_speakers_lists_people_only() {
    let dir = TempDir::new("store-cli-filters");
    let db = indexed(&dir);
    let days = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["search", "--db", &db, "--format", "json"];
        args.extend_from_slice(extra);
        let (ok, stdout, stderr) = run(&args);
        assert!(ok, "{stderr}");
        json_lines(&stdout)
            .iter()
            .map(|h| h["day"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    let oldest = days(&["--sort", "oldest"]);
    assert!(oldest.windows(2).all(|w| w[0] <= w[1]), "{oldest:?}");
    let mut newest = days(&["--sort", "newest"]);
    newest.reverse();
    assert_eq!(newest, oldest);

    let (ok, stdout, _) = run(&[
        "search", "--db", &db, "--outlet", "detik", "--format", "json",
    ]);
    assert!(ok);
    let hits = json_lines(&stdout);
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["source"] == "detik.example"));

    // The table says how many match in all, not only how many it shows.
    let (ok, stdout, _) = run(&["search", "--db", &db, "--limit", "1"]);
    assert!(ok);
    let every = days(&[]).len();
    assert!(every > 1);
    assert!(
        stdout.contains(&format!("(1 of {every} quotes)")),
        "{stdout}"
    );

    let (ok, stdout, stderr) = run(&[
        "speakers", "--db", &db, "--kind", "person", "--format", "json",
    ]);
    assert!(ok, "{stderr}");
    let people = json_lines(&stdout);
    assert!(!people.is_empty());
    assert!(people.iter().all(|s| s["kind"] == "PER"));
    let (ok, _, stderr) = run(&["search", "--db", &db, "--speaker-kind", "cat"]);
    assert!(!ok);
    assert!(stderr.contains("person"), "{stderr}");
}

#[test]
fn index_learns_a_sites_boilerplate_and_boilerplate_lists_and_relearns_it() {
    let dir = TempDir::new("store-boilerplate");
    let input = dir.join("prompted.jsonl");
    let docs: Vec<_> = (0..3)
        .map(|i| sample::prompted("kabarpagi.example", i, true))
        .collect();
    write_jsonl(&input, &docs);
    let db = dir.join("corpus.db").display().to_string();
    let index = ["index", input.to_str().unwrap(), "--db", &db];
    let (ok, _, stderr) = run(&[&index[..], &["--boilerplate-articles", "3"]].concat());
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("learnt 1 paragraphs as their site's boilerplate; 3 quotes"),
        "{stderr}"
    );
    let (ok, stdout, stderr) = run(&["boilerplate", "--db", &db, "--json"]);
    assert!(ok, "{stderr}");
    let lines = json_lines(&stdout);
    assert_eq!(lines.len(), 1, "{stdout}");
    assert_eq!(lines[0]["site"], "kabarpagi.example");
    assert_eq!(lines[0]["text"], sample::PROMPT);
    assert_eq!(lines[0]["articles"], 3);

    // A higher threshold, applied to what is stored, gives the quotes back.
    let (ok, stdout, stderr) = run(&[
        "boilerplate",
        "--db",
        &db,
        "--relearn",
        "--boilerplate-articles",
        "4",
    ]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("3 articles: 0 are boilerplate; 3 quotes stored before, 6 now"),
        "{stderr}"
    );
    assert_eq!(stdout.lines().count(), 1, "only the header: {stdout}");
}
