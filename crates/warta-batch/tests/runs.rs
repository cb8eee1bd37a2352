//! The batch engine on its own: order, syndicated copies, checkpoints and resumption, failures and
//! panics isolated to their record. The engine runs a pipeline without stages (the model is not
//! needed to test how records flow), so each test takes milliseconds.

use std::path::Path;

use warta::{Document, OutputDocument, Pipeline, Stage, StageError, Warta};
use warta_batch::{
    Checkpoint, Collect, Documents, Failure, JsonLines, Options, Silent, WriteSink, run,
};
use warta_ingest::{InputFormat, SkipReason, Sources};

fn article(i: usize) -> String {
    format!("Berita nomor {i}: pemerintah daerah meresmikan jembatan ke-{i} di kabupaten itu.")
}

fn write_jsonl(path: &Path, records: &[serde_json::Value]) {
    let lines: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

fn documents(
    path: &Path,
    warta: &Warta,
    options: &Options,
    threads: usize,
) -> (Vec<OutputDocument>, warta_batch::Summary) {
    let mut sink = Collect(Vec::new());
    let sources = Sources::new([path.to_owned()], InputFormat::Auto);
    let render = Documents(Default::default());
    let summary = run(
        sources,
        warta,
        &render,
        &mut sink,
        &Silent,
        options,
        &pool(threads),
    )
    .unwrap();
    (sink.0.into_iter().map(|f| f.output).collect(), summary)
}

#[test]
fn copies_within_the_window_join_their_article_and_later_ones_are_counted() {
    // (position, article copied): the next batch (256 records), two batches later (still in the
    // window), and batch 4, which the reader may only read once batch 0 is written.
    let copies = [(300, 10), (700, 10), (1100, 20)];
    let records: Vec<serde_json::Value> = (0..1200)
        .map(|position| match copies.iter().find(|(at, _)| *at == position) {
            Some(&(_, original)) => serde_json::json!({
                "url": format!("https://salinan.example/{position}"), "text": article(original)
            }),
            None => serde_json::json!({
                "url": format!("https://asli.example/{position}/?utm_source=x"), "text": article(position)
            }),
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("salinan.jsonl");
    write_jsonl(&input, &records);
    let warta = Warta::with_pipeline(Pipeline::new());
    let options = Options {
        dedup: true,
        ..Options::default()
    };
    for threads in [1, 2] {
        let (docs, summary) = documents(&input, &warta, &options, threads);
        assert_eq!(docs.len(), 1197, "three copies dropped");
        // Input order is kept.
        let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
        let expected: Vec<String> = (0..1200)
            .filter(|p| !copies.iter().any(|(at, _)| at == p))
            .map(article)
            .collect();
        assert_eq!(texts, expected);
        assert_eq!(
            docs[10].other_urls,
            ["https://salinan.example/300", "https://salinan.example/700"]
        );
        assert!(docs[20].other_urls.is_empty());
        assert_eq!(summary.skipped[&SkipReason::Duplicate], 2);
        assert_eq!(summary.skipped[&SkipReason::LateCopy], 1);
    }
}

/// Fails on one text, panics on another: both stay failures of their own record.
struct Fussy;
impl Stage for Fussy {
    fn name(&self) -> &'static str {
        "fussy"
    }
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        if doc.text().contains("ke-5 ") {
            return Err(StageError::failed("fussy", "cannot read article 5"));
        }
        assert!(!doc.text().contains("ke-7 "), "bug on article 7");
        Ok(())
    }
}

#[test]
fn a_failure_or_a_panic_fails_its_record_only() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.jsonl");
    let records: Vec<_> = (0..10)
        .map(|i| serde_json::json!({ "text": article(i) }))
        .collect();
    write_jsonl(&input, &records);
    let warta = Warta::with_pipeline(Pipeline::new().with(Fussy));
    let keep_going = Options {
        keep_going: true,
        ..Options::default()
    };
    let (docs, summary) = documents(&input, &warta, &keep_going, 2);
    assert_eq!(docs.len(), 8);
    assert_eq!(summary.failed, 2);
    let failures: Vec<String> = summary.failures.iter().map(ToString::to_string).collect();
    assert!(
        failures[0].ends_with(":6: stage `fussy`: cannot read article 5"),
        "{failures:?}"
    );
    assert!(
        matches!(
            &summary.failures[1],
            Failure::Analyse {
                source: warta::Error::Panicked { .. },
                ..
            }
        ),
        "{failures:?}"
    );
    assert!(failures[1].contains("bug on article 7"), "{failures:?}");

    // Without keep_going the run stops at the first failure, having handed over what came before.
    let (docs, summary) = documents(&input, &warta, &Options::default(), 2);
    assert_eq!(docs.len(), 5);
    assert!(summary.stopped);
}

#[test]
fn an_interrupted_run_resumes_without_loss_or_duplication() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.jsonl");
    // 600 records; record 400 is broken (not JSON); record 500 copies record 5, whose batch is
    // done before the interruption.
    let mut lines: Vec<String> = (0..600)
        .map(|i| {
            let text = if i == 500 { article(5) } else { article(i) };
            serde_json::json!({ "url": format!("https://a.example/{i}"), "text": text }).to_string()
        })
        .collect();
    lines[400] = "{ broken".into();
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let output = dir.path().join("out.jsonl");
    let warta = Warta::with_pipeline(Pipeline::new());
    let run_to_file = |resume: bool, keep_going: bool| {
        let checkpoint_path = dir.path().join("out.jsonl.checkpoint");
        let checkpoint = if resume {
            Checkpoint::load(checkpoint_path).unwrap()
        } else {
            Checkpoint::new(checkpoint_path)
        };
        let kept = checkpoint.output_bytes;
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(!resume)
            .open(&output)
            .unwrap();
        file.set_len(kept).unwrap();
        use std::io::Seek;
        file.seek(std::io::SeekFrom::End(0)).unwrap();
        let options = Options {
            keep_going,
            dedup: true,
            checkpoint: Some(checkpoint),
            ..Options::default()
        };
        let mut sink = WriteSink::new(file, kept);
        let sources = Sources::new([input.clone()], InputFormat::Auto);
        let render = JsonLines(Default::default());
        run(
            sources,
            &warta,
            &render,
            &mut sink,
            &Silent,
            &options,
            &pool(2),
        )
        .unwrap()
    };
    let first = run_to_file(false, false);
    assert!(first.stopped, "the broken record stops the run");
    // Resumed past the broken record (keep_going), as a user would after reading the error.
    let second = run_to_file(true, true);
    assert!(!second.stopped);
    assert!(
        !dir.path().join("out.jsonl.checkpoint").exists(),
        "a finished run leaves none"
    );
    let written: Vec<serde_json::Value> = std::fs::read_to_string(&output)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // 600 records: one broken, one copy of an article written before the interruption.
    assert_eq!(written.len(), 598);
    let urls: Vec<&str> = written.iter().map(|d| d["url"].as_str().unwrap()).collect();
    let expected: Vec<String> = (0..600)
        .filter(|i| *i != 400 && *i != 500)
        .map(|i| format!("https://a.example/{i}"))
        .collect();
    assert_eq!(urls, expected, "every article once, in input order");
    assert_eq!(
        second.skipped[&SkipReason::LateCopy],
        1,
        "the copy is recognised after resuming"
    );
}

/// Runs to `output` with a checkpoint beside it, as `warta extract -o` does (the output is simply
/// appended to after the bytes the checkpoint kept).
fn run_with_checkpoint(
    input: &Path,
    output: &Path,
    resume: bool,
    keep_going: bool,
) -> Result<warta_batch::Summary, warta_batch::BatchError> {
    let warta = Warta::with_pipeline(Pipeline::new());
    let checkpoint_path = output.with_extension("jsonl.checkpoint");
    let checkpoint = if resume {
        Checkpoint::load(checkpoint_path)?
    } else {
        Checkpoint::new(checkpoint_path)
    };
    let kept = checkpoint.output_bytes;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(output)
        .unwrap();
    file.set_len(kept).unwrap();
    let options = Options {
        keep_going,
        dedup: true,
        checkpoint: Some(checkpoint),
        ..Options::default()
    };
    let mut sink = WriteSink::new(file, kept);
    let sources = Sources::new([input.to_owned()], InputFormat::Auto);
    run(
        sources,
        &warta,
        &JsonLines(Default::default()),
        &mut sink,
        &Silent,
        &options,
        &pool(2),
    )
}

#[test]
fn a_resumed_run_refuses_inputs_other_than_the_checkpoints() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.jsonl");
    let output = dir.path().join("out.jsonl");
    let records = |first: usize| -> Vec<serde_json::Value> {
        (first..first + 400)
            .map(|i| serde_json::json!({ "url": format!("https://a.example/{i}"), "text": article(i) }))
            .collect()
    };
    let mut broken = records(0);
    broken[300] = serde_json::json!("not an article");
    write_jsonl(&input, &broken);
    let first = run_with_checkpoint(&input, &output, false, false).unwrap();
    assert!(first.stopped);
    let checkpoint = Checkpoint::load(output.with_extension("jsonl.checkpoint")).unwrap();
    assert_eq!(checkpoint.records_done, 256);
    let journal = std::fs::read(output.with_extension("jsonl.dedup")).unwrap();

    // Other articles in the same file: the first 256 records are not those the checkpoint counts.
    write_jsonl(&input, &records(1000));
    let err = run_with_checkpoint(&input, &output, true, false).unwrap_err();
    assert!(
        matches!(
            err,
            warta_batch::BatchError::InputsDiffer { records: 256, .. }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("out.jsonl.checkpoint"), "{err}");
    // A shorter input is no match either.
    write_jsonl(&input, &records(0)[..100]);
    let err = run_with_checkpoint(&input, &output, true, false).unwrap_err();
    assert!(
        matches!(err, warta_batch::BatchError::InputsDiffer { .. }),
        "{err:?}"
    );
    // The refused runs left the checkpoint and its journal as they were.
    assert!(std::fs::read(output.with_extension("jsonl.dedup")).unwrap() == journal);
    assert_eq!(
        Checkpoint::load(output.with_extension("jsonl.checkpoint"))
            .unwrap()
            .records_done,
        256
    );

    // The inputs of the interrupted run, with the broken record mended after the checkpoint.
    write_jsonl(&input, &records(0));
    let resumed = run_with_checkpoint(&input, &output, true, false).unwrap();
    assert_eq!(resumed.records_in, 144);
    let written = std::fs::read_to_string(&output).unwrap();
    assert_eq!(written.lines().count(), 400);
}

#[test]
fn a_checkpoint_of_an_older_warta_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.jsonl.checkpoint");
    std::fs::write(&path, "256 12345\n").unwrap();
    let err = Checkpoint::load(path).err().unwrap().to_string();
    assert!(err.contains("older warta"), "{err}");
}

#[test]
fn warta_output_of_another_schema_or_with_spans_outside_its_text_fails_its_record() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("keluaran.jsonl");
    let good = serde_json::json!({
        "schema": "warta/1", "id": "baik", "url": null, "title": null, "published": null,
        "text": "Isi berita.", "removed": [], "dateline": null,
        "paragraphs": [{"start": 0, "end": 11}], "sentences": [{"start": 0, "end": 11}],
        "entities": [], "quotes": [], "dates": []
    });
    let mut future = good.clone();
    future["schema"] = "warta/999".into();
    future["id"] = "masa-depan".into();
    let mut outside = good.clone();
    outside["id"] = "di-luar".into();
    outside["sentences"] = serde_json::json!([{"start": 0, "end": 500}]);
    write_jsonl(&input, &[future, outside, good]);
    let warta = Warta::with_pipeline(Pipeline::new());
    let options = Options {
        keep_going: true,
        read_extracted: true,
        ..Options::default()
    };
    let (docs, summary) = documents(&input, &warta, &options, 1);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].id.as_deref(), Some("baik"));
    let failures: Vec<String> = summary.failures.iter().map(|f| f.to_string()).collect();
    assert_eq!(failures.len(), 2, "{failures:?}");
    assert!(
        failures[0].contains("keluaran.jsonl:1") && failures[0].contains("warta/999"),
        "{failures:?}"
    );
    assert!(
        failures[1].contains("keluaran.jsonl:2") && failures[1].contains("0..500"),
        "{failures:?}"
    );
}

#[test]
fn the_record_that_stops_a_run_is_never_counted_done() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.jsonl");
    let output = dir.path().join("out.jsonl");
    // The broken record is the last of its batch: writing it completes the batch.
    let mut records: Vec<serde_json::Value> = (0..3)
        .map(|i| serde_json::json!({ "text": article(i) }))
        .collect();
    records.push(serde_json::json!("bukan artikel"));
    write_jsonl(&input, &records);
    let stopped = run_with_checkpoint(&input, &output, false, false).unwrap();
    assert!(stopped.stopped);
    // A checkpoint counting it would make `--resume` pass over it as done.
    assert!(!output.with_extension("jsonl.checkpoint").exists());
}
