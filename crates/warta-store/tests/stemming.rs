//! Stemmed search (issue 16): the stemmer measured on hand-checked pairs, and searches that find a
//! word's derived forms without finding unrelated words.

use warta_core::QuoteKind;
use warta_store::sample::SampleBuilder;
use warta_store::stem::stems;
use warta_store::{MARK_END, MARK_START, QuoteQuery, Store};

fn pairs(file: &str) -> Vec<(String, String)> {
    file.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut cols = l.split('\t');
            (
                cols.next().unwrap().to_owned(),
                cols.next().unwrap().to_owned(),
            )
        })
        .collect()
}

/// True when a search for `query` finds `word`: they share a root.
fn found_by(word: &str, query: &str) -> bool {
    let (w, q) = (stems(word), stems(query));
    w.iter().any(|s| q.contains(s))
}

#[test]
fn the_stemmer_joins_words_to_their_roots_and_keeps_unrelated_words_apart() {
    let roots = pairs(include_str!("data/stems-id.tsv"));
    assert!(roots.len() >= 250, "{} pairs", roots.len());
    let joined: Vec<_> = roots.iter().filter(|(w, r)| found_by(w, r)).collect();
    let exact = roots.iter().filter(|(w, r)| stems(w).contains(r)).count();
    let missed: Vec<_> = roots.iter().filter(|(w, r)| !found_by(w, r)).collect();
    let distinct = pairs(include_str!("data/stems-distinct-id.tsv"));
    let confused: Vec<_> = distinct.iter().filter(|(a, b)| found_by(a, b)).collect();
    // Shown with `cargo test -p warta-store --test stemming -- --nocapture`.
    eprintln!(
        "stemmer: {} of {} words found by their root ({:.1} %), root among the stems of {} ({:.1} %); \
         {} of {} unrelated pairs confused; missed: {missed:?}",
        joined.len(),
        roots.len(),
        100.0 * joined.len() as f64 / roots.len() as f64,
        exact,
        100.0 * exact as f64 / roots.len() as f64,
        confused.len(),
        distinct.len(),
    );
    assert!(
        joined.len() * 100 >= roots.len() * 95,
        "under-stemming: {missed:?}"
    );
    // "terima" (receive) also stands for "rima" (rhyme): te- before a root in r ("terasa" is
    // te-+rasa) cannot be told from ter- without a dictionary. Nothing else may be confused.
    assert!(
        confused
            .iter()
            .all(|(a, b)| (a.as_str(), b.as_str()) == ("terima", "rima")),
        "over-stemming: {confused:?}"
    );
}

fn article(url: &str, title: &str, body: &str, quote: &str) -> warta_core::output::OutputDocument {
    SampleBuilder::new(Some(url), title, Some("2025-06-18"), "contoh.example", body)
        .quote(
            QuoteKind::Direct,
            quote,
            Some("kata"),
            Some("Budi Santoso"),
            Some("Budi Santoso"),
            None,
        )
        .build()
}

fn store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    for (i, quote) in [
        "Saksi itu sudah dipanggil dua kali",
        "KPK akan memanggil mantan menteri",
        "Jadwal pemanggilan belum ditentukan",
        "Media harus memberitakan fakta",
    ]
    .iter()
    .enumerate()
    {
        let body = format!("“{quote},” kata Budi Santoso di Jakarta.");
        store
            .index(&article(
                &format!("https://contoh.example/{i}"),
                "Berita",
                &body,
                &format!("{quote},"),
            ))
            .unwrap();
    }
    store
}

fn texts(store: &Store, q: &str) -> Vec<String> {
    let mut found: Vec<String> = store
        .search_quotes(&QuoteQuery {
            text: Some(q.to_owned()),
            ..QuoteQuery::default()
        })
        .unwrap()
        .into_iter()
        .map(|h| h.text)
        .collect();
    found.sort();
    found
}

#[test]
fn panggil_finds_dipanggil_memanggil_and_pemanggilan() {
    let store = store();
    assert_eq!(
        texts(&store, "panggil"),
        [
            "Jadwal pemanggilan belum ditentukan,",
            "KPK akan memanggil mantan menteri,",
            "Saksi itu sudah dipanggil dua kali,",
        ]
    );
    // The derived word finds the others too, and the matched word is marked as written.
    let hits = store
        .search_quotes(&QuoteQuery {
            text: Some("dipanggil".into()),
            ..QuoteQuery::default()
        })
        .unwrap();
    assert_eq!(hits.len(), 3);
    let marked = hits
        .iter()
        .map(|h| h.highlighted.clone().unwrap())
        .collect::<Vec<_>>();
    assert!(
        marked.contains(&format!(
            "KPK akan {MARK_START}memanggil{MARK_END} mantan menteri,"
        )),
        "{marked:?}"
    );
    // Articles too.
    let docs = store.search_documents("panggil", 10, 0).unwrap();
    assert_eq!(docs.len(), 3);
}

#[test]
fn a_word_does_not_find_unrelated_words_that_contain_it() {
    let store = store();
    // "dia" (he, she) is not the "-dia" of "media"; "teri" (anchovy) not the "-teri" of "menteri".
    assert!(texts(&store, "dia").is_empty());
    assert!(texts(&store, "teri").is_empty());
    assert_eq!(texts(&store, "media"), ["Media harus memberitakan fakta,"]);
}

#[test]
fn quoted_phrases_match_the_text_as_written() {
    let store = store();
    assert_eq!(
        texts(&store, "\"sudah dipanggil\""),
        ["Saksi itu sudah dipanggil dua kali,"]
    );
    // A phrase of the root is not in any text as written.
    assert!(texts(&store, "\"sudah panggil\"").is_empty());
    // Phrases, plain words and operators together.
    assert_eq!(
        texts(&store, "\"mantan menteri\" OR pemanggilan"),
        [
            "Jadwal pemanggilan belum ditentukan,",
            "KPK akan memanggil mantan menteri,",
            "Saksi itu sudah dipanggil dua kali,",
        ]
    );
    assert_eq!(texts(&store, "panggil NOT saksi").len(), 2);
    // Words side by side must all be there, whatever their roots.
    assert_eq!(
        texts(&store, "pemanggilan saksi"),
        ["Saksi itu sudah dipanggil dua kali,"]
    );
    assert_eq!(
        texts(&store, "(dipanggil OR ditentukan) \"dua kali\""),
        ["Saksi itu sudah dipanggil dua kali,"]
    );
    assert_eq!(
        texts(&store, "pemanggil*"),
        ["Jadwal pemanggilan belum ditentukan,"]
    );
}
