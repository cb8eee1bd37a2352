//! The web UI in headless Chromium, against `warta serve` on a loopback port: search for a quote, open
//! its article, see the speaker and the quote marked, open the speaker page; hostile text stays text.
//!
//! Chromium renders each page and dumps the resulting DOM (`--dump-dom`); the test follows the links a
//! reader would click. Without Chromium the test skips, saying so (`warta_testing::chromium`), except
//! where `WARTA_REQUIRE_BROWSER=1` (as in `.ci/run`, whose `.ci/e2e-deps.sh` installs it): there its
//! absence is a failure.

mod browser;
mod store_support;

use browser::dump_dom;
use store_support::{Server, TempDir, run, write_jsonl};
use warta_store::sample;

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
    let Some(browser) = warta_testing::chromium() else {
        return;
    };
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
