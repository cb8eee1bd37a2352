//! `warta eval quotes` as a user runs it: on a made-up article and gold file (default tier), and on
//! the news-gold dev file of the shared data (data tier, ignored, skips when the data is absent).

use std::path::PathBuf;
use std::process::{Command, Output};

fn warta(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_warta"))
        .args(args)
        .output()
        .expect("the warta binary runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("warta-quotes-eval-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Code-point offsets of `part` in `text`.
fn chars_of(text: &str, part: &str) -> (usize, usize) {
    let byte = text.find(part).expect("part of the text");
    let start = text[..byte].chars().count();
    (start, start + part.chars().count())
}

/// The numbers of the summary line that starts with `label`.
fn figures(stdout: &str, label: &str) -> Vec<f64> {
    let line = stdout
        .lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no {label:?} line in {stdout}"));
    line[label.len()..]
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect()
}

#[test]
fn scores_a_made_up_article_the_same_from_a_run_and_from_extract_output() {
    let dir = temp_dir("tiny");
    let text = "Jakarta – Polisi masih memburu pelaku pencurian di Pasar Baru.\n\n\
        “Kami sudah memeriksa lima orang saksi sejak pagi,” kata Budi Santoso, juru bicara \
        Polres Jakarta Pusat, Senin.\n\n\
        Menurut Budi, pelaku diduga lebih dari satu orang.";
    let record = serde_json::json!({"url": "https://example.invalid/a", "text": text});
    std::fs::create_dir_all(dir.join("news")).unwrap();
    std::fs::write(dir.join("news/tiny.jsonl"), format!("{record}\n")).unwrap();
    let direct = chars_of(text, "Kami sudah memeriksa lima orang saksi sejak pagi");
    let indirect = chars_of(text, "pelaku diduga lebih dari satu orang");
    // A quote the article does not have: one miss.
    let missing = chars_of(text, "Polisi masih memburu pelaku pencurian di Pasar Baru");
    let quote = |kind: &str, (start, end): (usize, usize), speaker: &str| {
        serde_json::json!({"type": kind, "start": start, "end": end, "speaker": speaker,
            "speaker_names": [speaker, "Budi"], "speaker_kind": "PER", "role": "", "cue": ""})
    };
    let gold = serde_json::json!({"about": "made up", "articles": [{
        "file": "news/tiny.jsonl", "line": 1, "url": "https://example.invalid/a", "outlet": "x",
        "quotes": [quote("direct", direct, "Budi Santoso"),
                   quote("indirect", indirect, "Budi Santoso"),
                   quote("indirect", missing, "Polisi")]}]});
    let gold_path = dir.join("gold.json");
    std::fs::write(&gold_path, gold.to_string()).unwrap();

    let run = warta(&[
        "eval",
        "quotes",
        gold_path.to_str().unwrap(),
        "--data",
        dir.to_str().unwrap(),
        "--errors",
    ]);
    assert!(run.status.success(), "{run:?}");
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert!(stdout.contains("== MISSED (1)"), "{stdout}");
    assert!(stdout.contains("Polisi masih memburu"), "{stdout}");
    // 2 of 3 gold quotes found, nothing spurious, both speakers in full.
    assert_eq!(
        figures(&stdout, "all "),
        vec![3.0, 2.0, 1.0, 0.667, 0.8],
        "{stdout}"
    );
    assert!(stdout.contains("speaker:   1.000 (2 of 2"), "{stdout}");
    assert!(stdout.contains("full name: 1.000 (2 of 2"), "{stdout}");

    let output = dir.join("out.jsonl");
    let extracted = warta(&[
        "extract",
        "-q",
        dir.join("news/tiny.jsonl").to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ]);
    assert!(extracted.status.success(), "{extracted:?}");
    let saved = warta(&[
        "eval",
        "quotes",
        gold_path.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ]);
    assert!(saved.status.success(), "{saved:?}");
    let saved = String::from_utf8(saved.stdout).unwrap();
    let summary = |s: &str| s[s.find("quotes ").unwrap()..].to_owned();
    assert_eq!(summary(&saved), summary(&stdout));
    std::fs::remove_dir_all(&dir).ok();
}

fn news_gold() -> Option<PathBuf> {
    warta_testing::data("quotes/news-gold/dev.json")
}

#[test]
#[ignore = "data tier: needs ../shared/data (set WARTA_DATA); run with -- --ignored"]
fn news_gold_dev_meets_the_floor() {
    let Some(gold) = news_gold() else {
        return;
    };
    let data = gold.ancestors().nth(3).unwrap().to_path_buf();
    let run = warta(&[
        "eval",
        "quotes",
        gold.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{run:?}");
    let stdout = String::from_utf8(run.stdout).unwrap();
    let f1 = figures(&stdout, "all ")[4];
    let speaker: f64 = stdout
        .lines()
        .find_map(|l| l.strip_prefix("speaker:"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|f| f.parse().ok())
        .unwrap();
    let full_name: f64 = stdout
        .lines()
        .find_map(|l| l.strip_prefix("full name:"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|f| f.parse().ok())
        .unwrap();
    // Floors a little under the figures of the branch that built the scorer (0.940 / 0.826 /
    // 0.799; the base commit had 0.856 / 0.661 / 0.584), so that a regression fails.
    assert!(f1 >= 0.93, "quote F1 {f1}\n{stdout}");
    assert!(speaker >= 0.80, "speaker accuracy {speaker}\n{stdout}");
    assert!(
        full_name >= 0.76,
        "full-name accuracy {full_name}\n{stdout}"
    );
}
