//! `warta extract` as a user runs it: the built binary on files written into a temporary directory.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn warta() -> Command {
    Command::new(env!("CARGO_BIN_EXE_warta"))
}

fn extract(args: &[&str]) -> Output {
    warta()
        .arg("extract")
        .args(args)
        .output()
        .expect("the warta binary runs")
}

fn extract_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = warta()
        .arg("extract")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the warta binary runs");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn write(dir: &Path, name: &str, contents: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn documents(stdout: &[u8]) -> Vec<Value> {
    std::str::from_utf8(stdout)
        .expect("output is UTF-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("each output line is JSON"))
        .collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn json_lines_pass_metadata_through_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    // More records than one batch holds, so that order across batches and threads is exercised.
    let lines: String = (0..700)
        .map(|i| {
            format!(
                "{{\"id\": \"a{i}\", \"url\": \"https://berita.example/{i}\", \"title\": \"Judul {i}\", \"published\": \"2025-06-18T14:05:00+07:00\", \"author\": \"Penulis {i}\", \"source\": \"contoh.example\", \"text\": \"Berita nomor {i}. Kata Budi, “Ya.”\"}}\n"
            )
        })
        .collect();
    let input = write(dir.path(), "in.jsonl", lines.as_bytes());
    let out = extract(&["-j", "2", path_str(&input)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = documents(&out.stdout);
    assert_eq!(docs.len(), 700);
    for (i, doc) in docs.iter().enumerate() {
        assert_eq!(doc["schema"], "warta/1");
        assert_eq!(doc["id"], format!("a{i}"));
        assert_eq!(doc["url"], format!("https://berita.example/{i}"));
        assert_eq!(doc["title"], format!("Judul {i}"));
        assert_eq!(doc["published"], "2025-06-18T14:05:00+07:00");
        assert_eq!(doc["author"], format!("Penulis {i}"));
        assert_eq!(doc["source"], "contoh.example");
        assert_eq!(doc["text"], format!("Berita nomor {i}. Kata Budi, “Ya.”"));
        for layer in [
            "removed",
            "paragraphs",
            "sentences",
            "entities",
            "quotes",
            "dates",
        ] {
            assert!(doc[layer].is_array(), "{layer} is an array");
        }
        assert!(doc.get("tokens").is_none(), "tokens only with --tokens");
    }
    assert!(stderr(&out).contains("700 records in, 700 documents out"));
}

#[test]
fn plain_text_files_are_one_article_each_and_output_can_go_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        "JAKARTA, KOMPAS.com - Presiden meresmikan jembatan.\n\n“Ini untuk rakyat,” katanya.\n";
    let first = write(dir.path(), "satu.txt", text.as_bytes());
    let second = write(dir.path(), "dua.txt", "Berita kedua.".as_bytes());
    let target = dir.path().join("out.jsonl");
    let out = extract(&[
        "--tokens",
        "-o",
        path_str(&target),
        path_str(&first),
        path_str(&second),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "with -o nothing goes to stdout");
    let docs = documents(&std::fs::read(&target).unwrap());
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["text"], text, "the text is kept unchanged");
    assert_eq!(docs[0]["id"], path_str(&first));
    assert_eq!(docs[1]["text"], "Berita kedua.");
    assert!(
        docs[0]["tokens"].is_array(),
        "--tokens writes the tokens layer"
    );
}

#[test]
fn standard_input_is_sniffed() {
    let json = extract_stdin(&["-"], b"  \n{\"text\": \"Satu.\"}\n{\"text\": \"Dua.\"}\n");
    assert!(json.status.success(), "{}", stderr(&json));
    let docs = documents(&json.stdout);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1]["text"], "Dua.");

    let text = extract_stdin(&[], b"\n  Berita tanpa JSON.\n");
    assert!(text.status.success(), "{}", stderr(&text));
    let docs = documents(&text.stdout);
    assert_eq!(docs.len(), 1);
    assert_eq!(
        docs[0]["text"], "\n  Berita tanpa JSON.\n",
        "leading white space read while sniffing is kept"
    );
    assert_eq!(docs[0]["id"], Value::Null);
}

#[test]
fn a_bad_json_line_is_named_and_stops_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "berita.jsonl",
        b"{\"text\": \"Satu.\"}\n\n{\"text\": \"Dua.\" oops}\n{\"text\": \"Tiga.\"}\n",
    );
    let out = extract(&[path_str(&input)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{}:3: not JSON: ", path_str(&input))),
        "the blank line 2 still counts: {err}"
    );
    let docs = documents(&out.stdout);
    assert_eq!(docs.len(), 1, "records before the failure are written");
    assert_eq!(docs[0]["text"], "Satu.");
}

#[test]
fn keep_going_processes_the_rest_and_summarises_failures() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "campur.jsonl",
        b"{\"text\": \"Satu.\"}\nbukan json\n{\"title\": \"tanpa teks\"}\n{\"text\": \"Empat.\"}\n",
    );
    let name = path_str(&input);
    let out = extract(&["--keep-going", name]);
    assert_eq!(out.status.code(), Some(2), "partial success");
    let texts: Vec<Value> = documents(&out.stdout)
        .into_iter()
        .map(|d| d["text"].clone())
        .collect();
    assert_eq!(texts, ["Satu.", "Empat."]);
    let err = stderr(&out);
    assert!(err.contains(&format!("{name}:2: not JSON: ")), "{err}");
    assert!(
        err.contains(&format!("{name}:3: missing field \"text\"")),
        "{err}"
    );
    assert!(
        err.contains("4 records in, 2 documents out, 0 skipped, 2 failed"),
        "{err}"
    );
    assert!(err.contains("failures:"), "{err}");
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let out = extract(&["/nonexistent/berita.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("/nonexistent/berita.txt: cannot read: "));
}

#[test]
fn invalid_utf8_is_an_error_with_its_offset_unless_lossy() {
    let dir = tempfile::tempdir().unwrap();
    let text_file = write(dir.path(), "rusak.txt", b"Berita \xff\xfe rusak.");
    let out = extract(&[path_str(&text_file)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{}: invalid UTF-8 at byte 7",
            path_str(&text_file)
        )),
        "{err}"
    );
    assert!(
        err.contains("--lossy"),
        "the error says how to go on: {err}"
    );

    // In JSON Lines the error names the line, and the offset within the line and the file.
    let jsonl = write(
        dir.path(),
        "rusak.jsonl",
        b"{\"text\": \"baik\"}\n{\"text\": \"r\xc3\"}\n",
    );
    let err = stderr(&extract(&[path_str(&jsonl)]));
    assert!(
        err.contains(&format!(
            "{}:2: invalid UTF-8 at byte 11 of the line (byte 28 of the file)",
            path_str(&jsonl)
        )),
        "{err}"
    );

    let lossy = extract(&["--lossy", path_str(&text_file), path_str(&jsonl)]);
    assert!(lossy.status.success(), "{}", stderr(&lossy));
    let docs = documents(&lossy.stdout);
    assert_eq!(docs[0]["text"], "Berita \u{fffd}\u{fffd} rusak.");
    assert_eq!(docs[2]["text"], "r\u{fffd}");
    let err = stderr(&lossy);
    assert!(
        err.contains(&format!(
            "{}: replaced 2 invalid UTF-8 sequences with U+FFFD",
            path_str(&text_file)
        )),
        "{err}"
    );
    assert!(err.contains("3 invalid UTF-8 sequences replaced"), "{err}");
}

#[test]
fn an_empty_file_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let empty_text = write(dir.path(), "kosong.txt", b"");
    let blank_jsonl = write(dir.path(), "kosong.jsonl", b"\n  \n");
    let out = extract(&[path_str(&empty_text), path_str(&blank_jsonl)]);
    assert!(out.status.success(), "an empty input is not a failure");
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{}: empty file, no article",
            path_str(&empty_text)
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}: empty file, no article",
            path_str(&blank_jsonl)
        )),
        "{err}"
    );
    assert!(err.contains("2 skipped (empty_file 2)"), "{err}");
}

#[test]
fn a_binary_file_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    png.extend((0..=255u8).cycle().take(4096));
    let image = write(dir.path(), "foto.txt", &png);
    let out = extract(&[path_str(&image)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{}: binary content, not text (NUL byte at byte 8)",
            path_str(&image)
        )),
        "{err}"
    );
}

#[test]
fn table_format_lists_each_article() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "in.jsonl",
        "{\"id\": \"k1\", \"title\": \"Judul\\nberita\", \"text\": \"Budi datang. “Saya siap,” katanya.\"}\n{\"id\": \"k2\", \"text\": \"Tanpa judul.\"}\n".as_bytes(),
    );
    let out = extract(&["--format", "table", path_str(&input)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = String::from_utf8(out.stdout).unwrap();
    let name = path_str(&input);
    assert!(
        table.contains(&format!("== Judul berita [{name}:1]")),
        "{table}"
    );
    assert!(table.contains(&format!("== k2 [{name}:2]")), "{table}");
    assert!(table.contains(" sentences, "), "{table}");
    assert!(table.contains(" entities, "), "{table}");
    assert!(table.contains(" removed"), "{table}");
}

/// A 100 MB article on one line goes through the whole pipeline: nothing truncated, no panic. The
/// reading half is tested at 100 MB in the default suite (warta-ingest `a_100_mb_line_is_read_whole`);
/// this end-to-end run takes minutes in a debug build because of the analysis stages, so it runs
/// with `cargo test --release -p warta-cli --test extract -- --ignored`.
#[test]
#[ignore = "minutes in a debug build; run with --release -- --ignored"]
fn a_100_mb_single_line_is_processed_whole() {
    let dir = tempfile::tempdir().unwrap();
    let sentence =
        "Kata Budi, pembangunan jalan tol itu selesai tahun depan dan akan dibuka untuk umum. ";
    let repeats = 100_000_000 / sentence.len() + 1;
    let text = sentence.repeat(repeats);
    let mut line = Vec::with_capacity(text.len() + 32);
    line.extend_from_slice(b"{\"id\": \"besar\", \"text\": \"");
    line.extend_from_slice(text.as_bytes());
    line.extend_from_slice(b"\"}\n");
    let input = write(dir.path(), "besar.jsonl", &line);
    drop(line);
    let target = dir.path().join("besar.out.jsonl");
    let out = extract(&["-o", path_str(&target), path_str(&input)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written = std::fs::read(&target).unwrap();
    let docs = documents(&written);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["id"], "besar");
    assert_eq!(docs[0]["text"].as_str().unwrap().len(), text.len());
    assert!(docs[0]["text"].as_str().unwrap() == text);
}

#[test]
fn syndicated_copies_become_one_document_listing_every_url() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "sindikasi.jsonl",
        "{\"url\": \"https://a.example/1\", \"text\": \"Berita yang sama.\\n\\nDi dua situs.\"}\n\
         {\"url\": \"https://b.example/2\", \"text\": \"Berita lain.\"}\n\
         {\"url\": \"https://c.example/3\", \"text\": \"Berita yang sama.\\nDi dua situs.\"}\n"
            .as_bytes(),
    );
    let out = extract(&[path_str(&input)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = documents(&out.stdout);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["url"], "https://a.example/1");
    assert_eq!(
        docs[0]["other_urls"],
        serde_json::json!(["https://c.example/3"])
    );
    assert!(
        stderr(&out).contains("1 skipped (duplicate 1)"),
        "{}",
        stderr(&out)
    );

    let kept = extract(&["--no-dedup", path_str(&input)]);
    assert_eq!(documents(&kept.stdout).len(), 3);
}

#[test]
fn a_resumed_run_continues_without_duplicating_output() {
    let dir = tempfile::tempdir().unwrap();
    let lines: String = (0..600)
        .map(|i| format!("{{\"id\": \"r{i}\", \"text\": \"Berita ke-{i} hari ini.\"}}\n"))
        .collect();
    let input = write(dir.path(), "banyak.jsonl", lines.as_bytes());
    let complete = dir.path().join("lengkap.jsonl");
    let out = extract(&["-o", path_str(&complete), path_str(&input)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let expected = std::fs::read(&complete).unwrap();
    assert!(
        !dir.path().join("lengkap.jsonl.checkpoint").exists(),
        "a finished run leaves no checkpoint"
    );

    // An interrupted run: a broken record in the second batch stops it after the checkpoint of the
    // first (256 records); the documents it wrote after that checkpoint, and half a line, are in
    // its temporary output, which the checkpoint names.
    let partial = dir.path().join("sebagian.jsonl");
    let mut broken: Vec<String> = lines.lines().map(str::to_owned).collect();
    broken[300] = "{\"id\": \"r300\", \"text\": ".to_owned();
    std::fs::write(&input, broken.join("\n") + "\n").unwrap();
    let stopped = extract(&["--resume", "-o", path_str(&partial), path_str(&input)]);
    assert_eq!(stopped.status.code(), Some(1), "{}", stderr(&stopped));
    assert!(
        !partial.exists(),
        "an unfinished run leaves the output as it was"
    );
    let checkpoint = std::fs::read_to_string(dir.path().join("sebagian.jsonl.checkpoint")).unwrap();
    assert!(checkpoint.contains("\nrecords 256\n"), "{checkpoint}");
    let temporary = checkpoint
        .lines()
        .find_map(|l| l.strip_prefix("partial "))
        .map(|name| dir.path().join(name))
        .unwrap();
    let mut interrupted = std::fs::read(&temporary).unwrap();
    interrupted.extend_from_slice(b"{\"schema\":\"warta/1\",\"id\":\"r2");
    std::fs::write(&temporary, &interrupted).unwrap();
    // The broken record mended, as a user would after reading the error.
    std::fs::write(&input, lines.as_bytes()).unwrap();

    let resumed = extract(&["--resume", "-o", path_str(&partial), path_str(&input)]);
    assert!(resumed.status.success(), "{}", stderr(&resumed));
    assert!(stderr(&resumed).contains("resuming after 256 input records"));
    assert!(
        stderr(&resumed).contains("344 records in, 344 documents out"),
        "{}",
        stderr(&resumed)
    );
    assert!(
        std::fs::read(&partial).unwrap() == expected,
        "same output as an uninterrupted run"
    );
    assert!(
        !temporary.exists(),
        "the temporary output became the output"
    );
}

#[test]
fn web_pages_and_archives_go_through_with_skips_counted() {
    let dir = tempfile::tempdir().unwrap();
    let page = "<html lang=\"id\"><head><title>Judul Halaman</title>\
        <link rel=\"canonical\" href=\"https://contoh.example/berita/1\"></head><body>\
        <nav>Beranda Nasional</nav><article><p>JAKARTA - Pemerintah meresmikan jembatan baru di Jakarta Utara pada hari Senin.</p>\
        <p>Baca juga: Berita lain</p><p>Warga menyambut baik jembatan itu.</p></article></body></html>";
    let html_file = write(dir.path(), "halaman.html", page.as_bytes());
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{page}");
    let record = |kind: &str, block: &str| {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: https://contoh.example/berita/1?utm_source=x\r\nContent-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        )
    };
    let warc = [
        record("request", "GET / HTTP/1.1\r\n\r\n"),
        record("response", &http),
    ]
    .concat();
    let warc_file = write(dir.path(), "arsip.warc", warc.as_bytes());
    let out = extract(&["--no-dedup", path_str(&html_file), path_str(&warc_file)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = documents(&out.stdout);
    assert_eq!(docs.len(), 2);
    let expected = "JAKARTA - Pemerintah meresmikan jembatan baru di Jakarta Utara pada hari Senin.\n\nWarga menyambut baik jembatan itu.";
    assert_eq!(docs[0]["text"], expected);
    assert_eq!(docs[0]["title"], "Judul Halaman");
    assert_eq!(docs[1]["url"], "https://contoh.example/berita/1");
    assert_eq!(
        docs[1]["other_urls"],
        serde_json::json!(["https://contoh.example/berita/1?utm_source=x"])
    );
    let err = stderr(&out);
    assert!(
        err.contains("3 records in, 2 documents out, 1 skipped (not_a_response 1)"),
        "{err}"
    );

    // With deduplication the archived copy of the same page is dropped.
    let deduplicated = extract(&[path_str(&html_file), path_str(&warc_file)]);
    assert_eq!(documents(&deduplicated.stdout).len(), 1);
}

#[test]
fn an_article_over_its_budget_fails_alone_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let long = "Harga cabai naik lagi di pasar induk. ".repeat(20);
    let lines = [
        serde_json::json!({ "id": "pendek", "text": "Harga naik." }),
        serde_json::json!({ "id": "panjang", "text": long }),
        serde_json::json!({ "id": "pendek-2", "text": "Harga turun." }),
    ];
    let input = write(
        dir.path(),
        "a.jsonl",
        lines.map(|l| l.to_string() + "\n").concat().as_bytes(),
    );
    let out = extract(&["--keep-going", "--max-doc-bytes", "100", path_str(&input)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let ids: Vec<Value> = documents(&out.stdout)
        .iter()
        .map(|d| d["id"].clone())
        .collect();
    assert_eq!(ids, ["pendek", "pendek-2"]);
    let err = stderr(&out);
    assert!(
        err.contains("a.jsonl:2: the text has 760 bytes, more than the 100 an article may have"),
        "{err}"
    );
}
