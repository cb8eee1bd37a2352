//! Boilerplate learnt across a site (issue 13): a paragraph that many articles of one site carry is
//! that site's boilerplate, and the quotes found inside it are not counted, in the articles stored
//! before it was learnt too. The articles are made up for these tests.

use warta_core::output::OutputDocument;
use warta_core::{EntityLabel, QuoteKind};
use warta_store::sample::{PROMPT, SampleBuilder, prompted as article};
use warta_store::{DEFAULT_BOILERPLATE_ARTICLES, QuoteQuery, Store};

/// Stored quotes with these words, from outlets whose name contains `outlet`.
fn quotes(store: &Store, words: &str, outlet: &str) -> usize {
    store
        .search_quotes(&QuoteQuery {
            text: Some(words.to_owned()),
            outlet: Some(outlet.to_owned()),
            limit: 1000,
            ..QuoteQuery::default()
        })
        .unwrap()
        .len()
}

#[test]
fn a_prompt_in_n_articles_of_a_site_is_its_boilerplate_in_every_one_of_them() {
    let n = DEFAULT_BOILERPLATE_ARTICLES as usize;
    let mut store = Store::open_in_memory().unwrap();
    for i in 0..n - 1 {
        let indexed = store.index(&article("kabarpagi.example", i, true)).unwrap();
        assert_eq!(indexed.boilerplate_quotes, 0);
    }
    // One article short: the prompt is still a quote wherever it appears.
    assert_eq!(quotes(&store, "ketinggalan", "kabarpagi"), n - 1);
    assert!(store.boilerplate_lines().unwrap().is_empty());

    let indexed = store
        .index(&article("kabarpagi.example", n - 1, true))
        .unwrap();
    assert_eq!(indexed.boilerplate_lines, 1);
    // The prompt's quote in this article and in the ones stored before it.
    assert_eq!(indexed.boilerplate_quotes, n);
    assert_eq!(quotes(&store, "ketinggalan", "kabarpagi"), 0);
    assert_eq!(quotes(&store, "pedagang", "kabarpagi"), n);
    let lines = store.boilerplate_lines().unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(
        (
            lines[0].site.as_str(),
            lines[0].text.as_str(),
            lines[0].articles
        ),
        ("kabarpagi.example", PROMPT, n as i64)
    );
    // Every official is counted with their one real quote.
    let stats = store.stats().unwrap();
    assert_eq!((stats.quotes, stats.speakers), (n as i64, n as i64));

    // The next article of the site loses the prompt's quote as it is stored.
    let indexed = store.index(&article("kabarpagi.example", n, true)).unwrap();
    assert_eq!(
        (indexed.boilerplate_quotes, indexed.boilerplate_lines),
        (1, 0)
    );
    assert_eq!(quotes(&store, "ketinggalan", "kabarpagi"), 0);

    // The same words on another site are that site's own: not learnt there.
    store.index(&article("lain.example", 0, true)).unwrap();
    assert_eq!(quotes(&store, "ketinggalan", "lain"), 1);
}

/// The same paragraph credited to the same person in article after article is a statement quoted
/// again in each follow-up of a story: news, not boilerplate.
fn follow_up(i: usize, statement: &str) -> OutputDocument {
    let news = format!("Harga bahan bakar dibahas lagi di DPR pada hari ke-{i}.");
    let text = format!("{news}\n\n“{statement}” kata Menteri Energi Arif Wibisono di Jakarta.");
    SampleBuilder::new(
        Some(&format!("https://kabarpagi.example/energi/{i}")),
        "Harga BBM",
        Some(&format!("2025-06-{:02}", 1 + i)),
        "kabarpagi.example",
        &text,
    )
    .entity(
        EntityLabel::Person,
        "Arif Wibisono",
        &["Arif Wibisono"],
        &["Menteri Energi"],
        None,
    )
    .quote(
        QuoteKind::Direct,
        statement,
        Some("kata"),
        Some("Arif Wibisono"),
        None,
        None,
    )
    .build()
}

#[test]
fn a_statement_quoted_again_and_again_stays_a_quote() {
    let mut store = Store::open_in_memory().unwrap();
    store.learn_boilerplate_after(3);
    let statement = "Kami tidak akan menaikkan harga solar tahun ini,";
    // In fewer articles than the threshold: counted, nothing learnt; then in more, credited to
    // the minister each time.
    for (i, stored) in [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)] {
        store.index(&follow_up(i, statement)).unwrap();
        assert_eq!(quotes(&store, "solar", "kabarpagi"), stored);
    }
    assert!(store.boilerplate_lines().unwrap().is_empty());
}

#[test]
fn an_article_indexed_again_counts_once() {
    let mut store = Store::open_in_memory().unwrap();
    store.learn_boilerplate_after(3);
    for _ in 0..2 {
        store.index(&article("kabarpagi.example", 0, true)).unwrap();
        store.index(&article("kabarpagi.example", 1, true)).unwrap();
    }
    assert!(store.boilerplate_lines().unwrap().is_empty());
    // An article whose new version drops the prompt no longer counts for it.
    store
        .index(&article("kabarpagi.example", 1, false))
        .unwrap();
    store.index(&article("kabarpagi.example", 2, true)).unwrap();
    assert!(store.boilerplate_lines().unwrap().is_empty());
    store.index(&article("kabarpagi.example", 3, true)).unwrap();
    assert_eq!(store.boilerplate_lines().unwrap().len(), 1);
    assert_eq!(quotes(&store, "ketinggalan", "kabarpagi"), 0);
}

#[test]
fn relearning_follows_the_threshold_both_ways() {
    let mut store = Store::open_in_memory().unwrap();
    // As a database indexed before paragraphs were counted.
    store.learn_boilerplate_after(0);
    for i in 0..3 {
        store.index(&article("kabarpagi.example", i, true)).unwrap();
    }
    assert_eq!(quotes(&store, "ketinggalan", "kabarpagi"), 3);

    store.learn_boilerplate_after(3);
    let report = store.relearn_boilerplate().unwrap();
    assert_eq!((report.articles, report.lines), (3, 1));
    assert_eq!((report.quotes_before, report.quotes_after), (6, 3));
    assert_eq!(quotes(&store, "ketinggalan", "kabarpagi"), 0);

    // A higher threshold gives the quotes back.
    store.learn_boilerplate_after(4);
    let report = store.relearn_boilerplate().unwrap();
    assert_eq!(report.lines, 0);
    assert_eq!((report.quotes_before, report.quotes_after), (3, 6));
    assert_eq!(quotes(&store, "ketinggalan", "kabarpagi"), 3);
    assert!(store.boilerplate_lines().unwrap().is_empty());
}

#[test]
fn counts_kept_in_memory_reach_the_file_when_the_store_is_closed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.db");
    {
        let mut store = Store::open(&path).unwrap();
        store.learn_boilerplate_after(3);
        for i in 0..2 {
            store.index(&article("kabarpagi.example", i, true)).unwrap();
        }
    }
    let mut store = Store::open(&path).unwrap();
    store.learn_boilerplate_after(3);
    let indexed = store.index(&article("kabarpagi.example", 2, true)).unwrap();
    assert_eq!(
        (indexed.boilerplate_lines, indexed.boilerplate_quotes),
        (1, 3)
    );
}
