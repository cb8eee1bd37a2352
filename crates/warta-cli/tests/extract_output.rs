//! Issue 17: `warta extract -o FILE` never destroys an input, checks everything beside FILE before
//! it writes, needs nothing beside an output that is not a regular file, and resumes only the run
//! its checkpoint was made by.

use std::path::Path;
use std::process::{Command, Output};

fn extract(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_warta"))
        .arg("extract")
        .args(args)
        .output()
        .expect("the warta binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn articles(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|i| format!("{{\"id\": \"r{i}\", \"text\": \"Berita ke-{i} hari ini.\"}}\n"))
        .collect()
}

#[test]
fn an_output_that_is_an_input_is_refused_and_the_input_kept() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, articles(0, 3)).unwrap();
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink(&input, &link).unwrap();
    let o = Path::new("-o");
    for output in [&input, &link] {
        let out = extract(&[&input, o, output]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains("is the input"), "{}", stderr(&out));
        assert_eq!(std::fs::read_to_string(&input).unwrap(), articles(0, 3));
    }
    // An output inside an input directory would be read by a later walk of it.
    let out = extract(&[dir.path(), o, &dir.path().join("out.jsonl")]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("inside the input directory"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("out.jsonl").exists());
}

#[test]
fn a_sidecar_that_cannot_be_written_is_found_before_the_output_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, articles(0, 3)).unwrap();
    let output = dir.path().join("out.jsonl");
    std::fs::write(&output, "isi lama\n").unwrap();
    for sidecar in ["out.jsonl.dedup", "out.jsonl.checkpoint"] {
        let blocked = dir.path().join(sidecar);
        std::fs::create_dir(&blocked).unwrap();
        let out = extract(&[&input, Path::new("-o"), &output]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(
            stderr(&out).contains(sidecar),
            "the error names it: {}",
            stderr(&out)
        );
        assert_eq!(std::fs::read_to_string(&output).unwrap(), "isi lama\n");
        std::fs::remove_dir(&blocked).unwrap();
    }
    // Nothing was left beside the output either.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["in.jsonl", "out.jsonl"]);
}

#[test]
fn an_output_that_is_no_regular_file_needs_nothing_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    // The broken record stops the run, which used to leave its checkpoint behind.
    std::fs::write(&input, articles(0, 3) + "{ rusak\n").unwrap();
    let null = dir.path().join("null.jsonl");
    std::os::unix::fs::symlink("/dev/null", &null).unwrap();
    let out = extract(&[&input, Path::new("-o"), &null]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["in.jsonl", "null.jsonl"]);
    let resumed = extract(&[&input, Path::new("--resume"), Path::new("-o"), &null]);
    assert_eq!(resumed.status.code(), Some(1));
    assert!(
        stderr(&resumed).contains("regular file"),
        "{}",
        stderr(&resumed)
    );
    // /dev/null itself: nothing beside it.
    let out = extract(&[
        &input,
        Path::new("--keep-going"),
        Path::new("-o"),
        Path::new("/dev/null"),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!Path::new("/dev/null.checkpoint").exists());
    assert!(!Path::new("/dev/null.dedup").exists());
}

#[test]
fn a_stopped_run_leaves_the_output_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, articles(0, 3) + "{ rusak\n").unwrap();
    let output = dir.path().join("out.jsonl");
    std::fs::write(&output, "isi lama\n").unwrap();
    let out = extract(&[&input, Path::new("-o"), &output]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "isi lama\n");
    // It stopped before its first checkpoint: nothing to resume, nothing left beside the output.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["in.jsonl", "out.jsonl"]);
    // A finished run replaces it whole.
    let out = extract(&[&input, Path::new("--keep-going"), Path::new("-o"), &output]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&output).unwrap().lines().count(), 3);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["in.jsonl", "out.jsonl"], "nothing left beside it");
}

#[test]
fn resume_refuses_inputs_other_than_the_interrupted_runs() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let output = dir.path().join("out.jsonl");
    let (o, resume) = (Path::new("-o"), Path::new("--resume"));
    // Interrupted in the second batch, after the checkpoint of the first (256 records).
    std::fs::write(&input, articles(0, 300) + "{ rusak\n" + &articles(301, 99)).unwrap();
    let first = extract(&[&input, resume, o, &output]);
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));

    let other = dir.path().join("other.jsonl");
    std::fs::write(&other, articles(1000, 400)).unwrap();
    let refused = extract(&[&other, resume, o, &output]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("not those of the interrupted run"),
        "{}",
        stderr(&refused)
    );
    assert!(!output.exists(), "nothing written");

    // The interrupted run's inputs, mended after the checkpoint, resume.
    std::fs::write(&input, articles(0, 400)).unwrap();
    let resumed = extract(&[&input, resume, o, &output]);
    assert!(resumed.status.success(), "{}", stderr(&resumed));
    let ids: Vec<String> = std::fs::read_to_string(&output)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
        .collect();
    let expected: Vec<String> = (0..400).map(|i| format!("\"r{i}\"")).collect();
    assert_eq!(ids, expected);
}
