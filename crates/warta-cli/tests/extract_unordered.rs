//! `warta extract --unordered` writes the same documents as an ordered run, only perhaps in another
//! order, and stops at a failure just as an ordered run does.

use std::process::{Command, Output};

fn extract(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_warta"))
        .arg("extract")
        .args(args)
        .output()
        .expect("the warta binary runs")
}

/// Articles of very different lengths, so that workers finish them out of order; one of them is
/// empty, to be skipped in both runs; two are copies, to be deduplicated in both.
fn corpus() -> String {
    let mut lines = Vec::new();
    for i in 0..300 {
        let paragraphs = 1 + (i * 7) % 23;
        let text = (0..paragraphs)
            .map(|p| {
                format!(
                    "\\\"Kami akan memeriksa laporan nomor {i} bagian {p},\\\" kata Juru Bicara KPK Budi Prasetyo di Jakarta."
                )
            })
            .collect::<Vec<_>>()
            .join("\\n\\n");
        lines.push(format!(
            "{{\"id\": \"a{i}\", \"url\": \"https://contoh.example/{i}\", \"text\": \"{text}\"}}"
        ));
    }
    lines.push(r#"{"id": "empty", "text": "  "}"#.to_owned());
    lines.push(lines[5].replace("\"a5\"", "\"copy\""));
    lines.join("\n") + "\n"
}

fn sorted_lines(output: &Output) -> Vec<String> {
    let mut lines: Vec<String> = String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    lines.sort();
    lines
}

#[test]
fn unordered_output_holds_the_same_documents_as_an_ordered_run() {
    let dir = std::env::temp_dir().join(format!("warta-unordered-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("corpus.jsonl");
    std::fs::write(&input, corpus()).unwrap();
    let input = input.to_str().unwrap();

    let ordered = extract(&[input, "-j", "2"]);
    assert!(ordered.status.success(), "{ordered:?}");
    for threads in ["1", "2"] {
        let unordered = extract(&[input, "--unordered", "-j", threads]);
        assert!(unordered.status.success(), "{unordered:?}");
        let ordered_docs = sorted_lines(&ordered);
        assert_eq!(
            ordered_docs.len(),
            300,
            "the empty line and the copy are dropped"
        );
        assert_eq!(sorted_lines(&unordered), ordered_docs, "-j {threads}");
        let summary = String::from_utf8_lossy(&unordered.stderr);
        assert!(
            summary.contains("302 records in, 300 documents out, 2 skipped"),
            "{summary}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn unordered_run_stops_at_a_failure() {
    let dir = std::env::temp_dir().join(format!("warta-unordered-fail-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("bad.jsonl");
    std::fs::write(
        &input,
        "{\"text\": \"Satu.\"}\nnot json\n{\"text\": \"Dua.\"}\n",
    )
    .unwrap();
    let run = extract(&[input.to_str().unwrap(), "--unordered"]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("bad.jsonl:2: not JSON"), "{stderr}");
    let run = extract(&[input.to_str().unwrap(), "--unordered", "--keep-going"]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(sorted_lines(&run).len(), 2);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unordered_run_resumes_from_its_last_complete_batch() {
    let dir = std::env::temp_dir().join(format!("warta-unordered-resume-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("corpus.jsonl");
    std::fs::write(&input, corpus()).unwrap();
    let input = input.to_str().unwrap();
    let ordered = extract(&[input]);
    assert!(ordered.status.success(), "{ordered:?}");

    let fresh = dir.join("fresh.jsonl");
    let run = extract(&[
        input,
        "--unordered",
        "--resume",
        "-o",
        fresh.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{run:?}");
    let mut written: Vec<String> = std::fs::read_to_string(&fresh)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    written.sort();
    assert_eq!(written, sorted_lines(&ordered));
    assert!(!dir.join("fresh.jsonl.checkpoint").exists());
    assert!(!dir.join("fresh.jsonl.dedup").exists());

    // An interrupted run: a broken record in the second batch stops it after the first batch
    // (256 records, all articles) is complete and checkpointed. With a checkpoint an unordered run
    // writes one batch at a time, so the first 256 documents of any run are the first batch's.
    let partial = dir.join("partial.jsonl");
    let whole = corpus();
    let mut broken: Vec<&str> = whole.lines().collect();
    broken[280] = "{\"id\": \"a280\", \"text\": ";
    std::fs::write(input, broken.join("\n") + "\n").unwrap();
    let stopped = extract(&[
        input,
        "--unordered",
        "--resume",
        "-o",
        partial.to_str().unwrap(),
    ]);
    assert_eq!(stopped.status.code(), Some(1), "{stopped:?}");
    let checkpoint = std::fs::read_to_string(dir.join("partial.jsonl.checkpoint")).unwrap();
    assert!(checkpoint.contains("\nrecords 256\n"), "{checkpoint}");
    let temporary = checkpoint
        .lines()
        .find_map(|l| l.strip_prefix("partial "))
        .map(|name| dir.join(name))
        .unwrap();
    // A line cut short after the checkpoint, and the deduplication keys lost.
    let mut written = std::fs::read(&temporary).unwrap();
    written.extend_from_slice(b"{\"schema\":\"warta/1\",\"id\":\"a2");
    std::fs::write(&temporary, written).unwrap();
    std::fs::remove_file(dir.join("partial.jsonl.dedup")).unwrap();
    std::fs::write(input, &whole).unwrap();
    let resumed = extract(&[
        input,
        "--unordered",
        "--resume",
        "-o",
        partial.to_str().unwrap(),
    ]);
    assert!(resumed.status.success(), "{resumed:?}");
    let stderr = String::from_utf8_lossy(&resumed.stderr);
    // The deduplication keys the run saved beside the checkpoint (`partial.jsonl.dedup`) are
    // gone: the run says so, and the copy of a5, in the second batch, is not
    // recognised after the resume and is written as a document of its own.
    assert!(
        stderr.contains("partial.jsonl.dedup is missing"),
        "{stderr}"
    );
    assert!(
        stderr.contains("46 records in, 45 documents out, 1 skipped (empty_text 1)"),
        "{stderr}"
    );
    let mut lines: Vec<String> = std::fs::read_to_string(&partial)
        .unwrap()
        .lines()
        .filter(|line| !line.contains("\"id\":\"copy\""))
        .map(str::to_owned)
        .collect();
    lines.sort();
    assert_eq!(lines, sorted_lines(&ordered), "nothing lost, nothing twice");
    std::fs::remove_dir_all(&dir).unwrap();
}
