//! The web UI in headless Chromium, against `warta serve` on a loopback port: search for a quote, open
//! its article, see the speaker and the quote marked, open the speaker page; hostile text stays text.
//!
//! Chromium renders each page and dumps the resulting DOM (`--dump-dom`); the test follows the links a
//! reader would click. Without Chromium the test skips with a message, except under CI (`CI=true`),
//! where `.ci/e2e-deps.sh` installs it and its absence is a failure.

mod store_support;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use store_support::{Server, TempDir, run, write_jsonl};
use warta_store::sample;

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("WARTA_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if path.exists() {
        return Some(path);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "{} is missing under CI: .ci/e2e-deps.sh should have installed chromium",
            path.display()
        );
    }
    eprintln!(
        "SKIPPED: {} not found; install chromium (apt-get install chromium) to run the browser tests",
        path.display()
    );
    None
}

/// The DOM of `url` after Chromium loaded and rendered it.
fn dump_dom(browser: &PathBuf, url: &str) -> String {
    let profile = TempDir::new("chromium-profile");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.0.display()))
        .arg("--dump-dom")
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium did not start");
    let deadline = Instant::now() + Duration::from_secs(90);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish rendering {url} in 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let dom = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(dom.contains("</html>"), "no DOM for {url}: {dom}");
    dom
}

/// The first `href="…"` value that starts with `prefix`.
fn link(dom: &str, prefix: &str) -> String {
    let needle = format!("href=\"{prefix}");
    let start = dom
        .find(&needle)
        .unwrap_or_else(|| panic!("no link to {prefix}"))
        + "href=\"".len();
    let end = start + dom[start..].find('"').unwrap();
    dom[start..end].replace("&amp;", "&")
}

#[test]
fn search_article_and_speaker_pages_in_a_browser() {
    let Some(browser) = chromium() else { return };
    let dir = TempDir::new("e2e");
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
    let server = Server::start(&db);

    // 1. Search for a quote.
    let results = dump_dom(&browser, &server.url("/?q=cadangan+beras"));
    assert!(results.contains("class=\"quote-card\""), "{results}");
    assert!(
        results.contains("<mark>cadangan</mark> <mark>beras</mark>"),
        "{results}"
    );
    assert!(results.contains(">Joko Widodo</a>"));

    // 2. Open its article: the quote and its speaker are marked in the text.
    let article_href = link(&results, "/ui/documents/");
    let (article_path, anchor) = article_href.split_once('#').unwrap();
    let article = dump_dom(&browser, &server.url(&article_href));
    assert!(article.contains("Jokowi: Harga Beras Harus Turun dalam Dua Pekan"));
    let quote_start = article
        .find(&format!("id=\"{anchor}\""))
        .unwrap_or_else(|| panic!("no element {anchor} in {article_path}"));
    let quote_tag = &article[article[..quote_start].rfind('<').unwrap()..quote_start];
    assert!(
        quote_tag.contains("class=\"quote quote-direct\""),
        "{quote_tag}"
    );
    assert!(article[quote_start..].contains("Bulog"));
    let speaker_href = link(&article, "/ui/speakers/");
    assert!(
        article.contains(&format!("class=\"speaker\" href=\"{speaker_href}\"")),
        "the speaker's name in the text links to their page"
    );

    // 3. Open the speaker page: roles, quotes over time, quotes.
    let speaker = dump_dom(&browser, &server.url(&speaker_href));
    assert!(
        speaker.contains("<h1 class=\"speaker-title\">Joko Widodo</h1>"),
        "{speaker}"
    );
    assert!(speaker.contains(">Jokowi</span>"), "aliases are listed");
    assert!(speaker.contains("<td class=\"role-name\">Presiden</td>"));
    assert!(speaker.contains("<svg class=\"timeline\""));
    assert_eq!(speaker.matches("class=\"quote-card\"").count(), 5);

    // 4. Untrusted text is shown as text: no element comes out of it.
    let hostile = dump_dom(&browser, &server.url("/?q=ujian"));
    let hostile_article = link(&hostile, "/ui/documents/");
    let hostile_article = dump_dom(&browser, &server.url(&hostile_article));
    for dom in [&hostile, &hostile_article] {
        assert!(!dom.contains("<img"), "an img element was injected");
        assert!(!dom.contains("<script"), "a script element was injected");
        assert!(dom.contains("&lt;script&gt;alert('xss')&lt;/script&gt;"));
        assert!(dom.contains("\"&gt;&lt;img src=x onerror=alert(1)&gt;"));
    }
}
