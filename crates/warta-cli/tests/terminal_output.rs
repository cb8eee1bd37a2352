//! Issue 17: article text never reaches a terminal raw. An article's escape sequences (ESC, BEL)
//! would otherwise clear the screen, retitle the window or ring the bell when its title or quotes
//! are printed by `extract --format table`, `index --show`, `search` and `speakers`.

mod store_support;

use store_support::{TempDir, run, write_jsonl};
use warta_core::{EntityLabel, QuoteKind};
use warta_store::sample::SampleBuilder;

const HOSTILE: [char; 4] = ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'];

fn assert_clean(what: &str, printed: &str) {
    assert!(
        !printed.chars().any(|c| HOSTILE.contains(&c)),
        "{what} printed a control character: {printed:?}"
    );
}

#[test]
fn control_characters_of_articles_are_not_printed() {
    let dir = TempDir::new("terminal-output");
    let doc = SampleBuilder::new(
        Some("https://jahat.example/1"),
        "Judul \u{1b}]0;jendela\u{7} \u{1b}[2J bersih",
        Some("2025-08-01T08:00:00+07:00"),
        "jahat.example",
        "BANDUNG - Warga menulis.\n\n“Kami \u{1b}[31mmenolak\u{7} rencana \u{9b}itu \u{202e}sekarang,” kata Andi Wijaya.",
    )
    .entity(EntityLabel::Person, "Andi \u{1b}[1mWijaya", &["Andi Wijaya"], &[], None)
    .quote(
        QuoteKind::Direct,
        "Kami \u{1b}[31mmenolak\u{7} rencana \u{9b}itu \u{202e}sekarang,",
        Some("kata"),
        Some("Andi \u{1b}[1mWijaya"),
        Some("Andi Wijaya"),
        None,
    )
    .build();
    let input = dir.join("jahat.jsonl");
    write_jsonl(&input, &[doc]);
    let db = dir.join("jahat.db").display().to_string();
    let input = input.to_str().unwrap();

    let (ok, stdout, stderr) = run(&["index", input, "--db", &db, "--show"]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("menolak"), "{stdout}");
    assert_clean("index --show", &stdout);

    for format in ["table", "csv"] {
        let (ok, stdout, stderr) = run(&["search", "rencana", "--db", &db, "--format", format]);
        assert!(ok, "{stderr}");
        assert!(stdout.contains("menolak"), "{stdout}");
        assert_clean(&format!("search --format {format}"), &stdout);
    }
    // CSV keeps the line breaks of its format.
    let (_, stdout, _) = run(&["search", "rencana", "--db", &db, "--format", "csv"]);
    assert_eq!(stdout.lines().count(), 2, "{stdout:?}");

    let (ok, stdout, stderr) = run(&["speakers", "--db", &db]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("Wijaya"), "{stdout}");
    assert_clean("speakers", &stdout);

    // `extract --format table` on an article, whose title is printed as the heading.
    let article = dir.join("artikel.jsonl");
    std::fs::write(
        &article,
        serde_json::json!({
            "title": "Judul \u{1b}[2J\u{7}bersih",
            "text": "“Kami \u{1b}[31mmenolak\u{7} rencana itu,” kata Andi Wijaya di Bandung."
        })
        .to_string()
            + "\n",
    )
    .unwrap();
    let (ok, stdout, stderr) = run(&["extract", article.to_str().unwrap(), "--format", "table"]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("bersih"), "{stdout}");
    assert_clean("extract --format table", &stdout);
}
