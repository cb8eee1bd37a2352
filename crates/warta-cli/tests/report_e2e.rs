//! `warta report` end to end: the command on an indexed corpus (the sample articles and a hostile
//! one), then the report in headless Chromium, opened from the file as a client would open it: its
//! DOM holds the ranking, the charts and the statements, hostile text stays text, and its
//! screenshot shows a drawn page (kept at `target/tmp/report-e2e.png` for a person to look at).
//! Without Chromium the browser test skips, saying so (`warta_testing::chromium`), unless
//! `WARTA_REQUIRE_BROWSER=1` (as in `.ci/run`) makes that a failure.

mod browser;
mod store_support;

use std::path::{Path, PathBuf};

use browser::{dump_dom, png_size, screenshot};
use store_support::{TempDir, run, write_jsonl};
use warta_store::sample;

/// An indexed corpus: the four sample articles of June and July 2025 and the hostile one of
/// 1 August 2025.
fn corpus(dir: &TempDir) -> PathBuf {
    let input = dir.join("corpus.jsonl");
    let mut docs = sample::corpus();
    docs.push(sample::hostile());
    write_jsonl(&input, &docs);
    let db = dir.join("corpus.db");
    let (ok, _, stderr) = run(&[
        "index",
        input.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    db
}

fn report(db: &Path, out: &Path, extra: &[&str]) -> (bool, String) {
    let mut args = vec![
        "report",
        "--db",
        db.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let (ok, _, stderr) = run(&args);
    (ok, stderr)
}

#[test]
fn the_command_writes_the_report_or_says_what_is_wrong() {
    let dir = TempDir::new("report-cli");
    let db = corpus(&dir);
    let out = dir.join("laporan.html");
    let (ok, stderr) = report(&db, &out, &["--from", "2025-06", "--to", "2025-07"]);
    assert!(ok, "{stderr}");
    // June and July: 9 statements in 4 articles by 3 people.
    assert!(
        stderr.contains("report: 9 statements in 4 articles, 3 speakers, 2025-06-01 to 2025-07-31"),
        "{stderr}"
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("1 Juni – 31 Juli 2025"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A file to send: readable like any new file, not private as a temporary file is.
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o044, 0o044, "{mode:o}");
    }

    // Errors: exit status 1, a message, and the report left as it was.
    for (args, message) in [
        (
            &["--from", "2025-07-31", "--to", "2025-06-01"][..],
            "the period ends (2025-06-01) before it starts (2025-07-31)",
        ),
        (
            &["--from", "Juni", "--to", "2025-06-30"][..],
            "`Juni` is not a date",
        ),
        (
            &["--from", "2025-06", "--to", "2025-06", "--outlet", "a b"][..],
            "is not an outlet",
        ),
    ] {
        let (ok, stderr) = report(&db, &out, args);
        assert!(!ok, "{args:?}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    let missing = dir.join("missing.db");
    let (ok, stderr) = report(&missing, &out, &["--from", "2025", "--to", "2025"]);
    assert!(!ok);
    assert!(stderr.contains("does not exist"), "{stderr}");
    assert!(!missing.exists(), "no database is created by a report");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), html);
}

#[test]
fn the_report_renders_in_a_browser() {
    let Some(browser) = warta_testing::chromium() else {
        return;
    };
    let dir = TempDir::new("report-e2e");
    let db = corpus(&dir);
    let out = dir.join("report.html");
    let (ok, stderr) = report(&db, &out, &["--from", "2025-06-01", "--to", "2025-08-31"]);
    assert!(ok, "{stderr}");
    let url = format!("file://{}", out.display());

    let dom = dump_dom(&browser, &url);
    assert!(dom.contains("<h1>Narasumber Utama</h1>"), "{dom}");
    assert!(dom.contains("1 Juni – 31 Agustus 2025"));
    // The ranking in order: Joko Widodo (3 articles), then the three quoted in one article each,
    // by name.
    let ranking = &dom[dom.find("class=\"ranking\"").unwrap()..];
    let ranking = &ranking[..ranking.find("</table>").unwrap()];
    let order: Vec<usize> = [
        "Joko Widodo",
        "Andi Wijaya",
        "Budi Prasetyo",
        "Sri Mulyani Indrawati",
    ]
    .iter()
    .map(|name| {
        ranking
            .find(&format!(">{name}</a>"))
            .unwrap_or_else(|| panic!("{name}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{ranking}");
    // 92 days: weekly bars (14 weeks, 1 June being a Sunday) in the overview and in each of the
    // four profiles.
    assert!(dom.contains("Jumlah pernyataan per minggu"));
    assert_eq!(dom.matches("<rect class=\"bar\"").count(), 14 * 5);
    assert!(
        dom.contains("<title>2–8 Juni 2025: 2 pernyataan</title>"),
        "{dom}"
    );
    assert!(dom.contains("“Bulog harus segera melepas cadangan beras ke pasar”"));
    // Hostile text is text.
    assert!(dom.contains("&lt;script&gt;alert('xss')&lt;/script&gt;"));
    assert!(!dom.contains("<script"), "a script element was injected");
    assert!(!dom.contains("<img"), "an img element was injected");

    // The screenshot: a page drawn, compared with Chromium's screenshot of an empty page.
    let size = (1000, 1400);
    let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-e2e.png");
    screenshot(&browser, &url, &shot, size);
    let blank = dir.join("blank.html");
    std::fs::write(&blank, "<!doctype html><html><body></body></html>").unwrap();
    let blank_shot = dir.join("blank.png");
    screenshot(
        &browser,
        &format!("file://{}", blank.display()),
        &blank_shot,
        size,
    );
    let (drawn, empty) = (
        std::fs::read(&shot).unwrap(),
        std::fs::read(&blank_shot).unwrap(),
    );
    assert_eq!(png_size(&drawn), size);
    assert_eq!(png_size(&empty), size);
    assert!(
        drawn.len() > 10 * empty.len(),
        "the report's screenshot ({} bytes) is hardly more than an empty page's ({} bytes)",
        drawn.len(),
        empty.len()
    );
}
