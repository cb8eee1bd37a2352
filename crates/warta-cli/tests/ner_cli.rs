//! `warta train ner` and `warta eval ner` as a user runs them, on the tiny fixture of
//! `warta-entities`: a model remembers the sentences it learnt from, and a score on them says so.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn warta(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_warta"))
        .args(args)
        .output()
        .expect("the warta binary runs")
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../warta-entities/tests/fixtures/tiny.tsv")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("warta-ner-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn scoring_a_model_on_its_own_training_sentences_is_flagged() {
    let dir = temp_dir("provenance");
    let model = dir.join("tiny.bin");
    let train = fixture();
    let trained = warta(&[
        "train",
        "ner",
        "--method",
        "perceptron",
        "--epochs",
        "2",
        "--bits",
        "12",
        "--train",
        train.to_str().unwrap(),
        "-o",
        model.to_str().unwrap(),
    ]);
    assert!(trained.status.success(), "{trained:?}");

    let eval = |gold: &Path, extra: &[&str]| {
        let mut args = vec![
            "eval",
            "ner",
            "--model",
            model.to_str().unwrap(),
            "--gold",
            gold.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let out = warta(&args);
        assert!(out.status.success(), "{out:?}");
        out
    };
    let on_train = eval(&train, &[]);
    let stderr = String::from_utf8_lossy(&on_train.stderr);
    assert!(
        stderr.contains("trained on 8 of the 8 sentences") && stderr.contains("not a held-out"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&on_train.stdout);
    assert!(
        stdout.contains("8 sentences, 8 of them trained on"),
        "{stdout}"
    );

    // Two of these sentences are new; one repeats a training sentence in other case.
    let unseen = dir.join("unseen.tsv");
    std::fs::write(
        &unseen,
        "Gubernur\tO\nRatna\tB-PER\ntiba\tO\ndi\tO\nMedan\tB-LOC\n\n\
         Polisi\tO\nmenutup\tO\nJalan\tB-LOC\nMerdeka\tI-LOC\n\n\
         PRESIDEN\tO\nJOKO\tB-PER\nWIDODO\tI-PER\nTIBA\tO\nDI\tO\nBANDUNG\tB-LOC\n.\tO\n",
    )
    .unwrap();
    let on_unseen = eval(&unseen, &[]);
    let stderr = String::from_utf8_lossy(&on_unseen.stderr);
    assert!(
        stderr.contains("trained on 1 of the 3 sentences"),
        "{stderr}"
    );
    assert_eq!(gold_entities(&on_unseen), 5);

    // Only the two new sentences: Ratna, Medan, Jalan Merdeka.
    let held_out = eval(&unseen, &["--unseen-only"]);
    let stdout = String::from_utf8_lossy(&held_out.stdout);
    assert!(
        stdout.contains("3 sentences, 1 of them trained on, not scored"),
        "{stdout}"
    );
    assert_eq!(gold_entities(&held_out), 3);
    assert!(
        held_out.stderr.is_empty(),
        "no warning when nothing seen is scored"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// The gold column of the `micro` row of `eval ner`'s table.
fn gold_entities(out: &Output) -> usize {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let micro = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("micro"))
        .unwrap_or_else(|| panic!("no micro row in {stdout}"));
    micro.split_whitespace().nth(4).unwrap().parse().unwrap()
}
