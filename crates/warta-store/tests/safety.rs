//! Issue 17, the store's part: concurrent writers wait, `speaker_stats` and display names follow
//! from the quotes, imports are validated and a foreign SQLite file is refused.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::Connection;
use warta_core::output::OutputDocument;
use warta_core::{EntityLabel, QuoteKind};
use warta_store::sample::{self, SampleBuilder};
use warta_store::{SpeakerQuery, Store, StoreError};

fn article(url: &str, text: &str) -> SampleBuilder {
    SampleBuilder::new(
        Some(url),
        "Judul",
        Some("2025-06-02T10:00:00+07:00"),
        "contoh.example",
        text,
    )
}

/// Speaker id → (statements, documents, display name), recomputed from the quotes themselves: the
/// display name is the most frequent full name among the speaker's quotes.
fn recomputed(path: &std::path::Path) -> BTreeMap<i64, (i64, i64, String)> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT speaker_id, document_id, speaker_name, statement FROM quotes
             WHERE speaker_id IS NOT NULL",
        )
        .unwrap();
    let rows: Vec<(i64, i64, String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut by_speaker: BTreeMap<i64, Vec<(i64, String)>> = BTreeMap::new();
    let mut statements: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
    for (speaker, document, name, statement) in rows {
        by_speaker
            .entry(speaker)
            .or_default()
            .push((document, name));
        statements.entry(speaker).or_default().insert(statement);
    }
    by_speaker
        .into_iter()
        .map(|(speaker, quotes)| {
            let mut documents: Vec<i64> = quotes.iter().map(|(d, _)| *d).collect();
            documents.sort();
            documents.dedup();
            let mut names: BTreeMap<&str, usize> = BTreeMap::new();
            for (_, name) in &quotes {
                *names.entry(name.as_str()).or_default() += 1;
            }
            // Full names (two words or more) first, then the most quotes, then the longer name,
            // then alphabetical order.
            let words = |name: &str| name.split_whitespace().count();
            let full = names.keys().any(|n| words(n) > 1);
            let name = names
                .iter()
                .filter(|(n, _)| !full || words(n) > 1)
                .max_by(|(a, m), (b, n)| (m, words(a)).cmp(&(n, words(b))).then_with(|| b.cmp(a)))
                .unwrap()
                .0
                .to_string();
            let statements = statements[&speaker].len() as i64;
            (speaker, (statements, documents.len() as i64, name))
        })
        .collect()
}

fn stored(path: &std::path::Path) -> BTreeMap<i64, (i64, i64, String)> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT st.speaker_id, st.statements, st.documents, s.name
             FROM speaker_stats st JOIN speakers s ON s.id = st.speaker_id",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn speaker_stats_and_names_follow_from_the_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let mut store = Store::open(&path).unwrap();
    for doc in sample::corpus() {
        store.index(&doc).unwrap();
    }
    // Ahmad Dhani, quoted three times under his name.
    let dhani = article(
        "https://a.example/dhani",
        "“Saya tidak akan mundur,” kata Ahmad Dhani. “Kami siap,” ujar Ahmad Dhani. \
         “Tunggu saja,” kata Ahmad Dhani lagi.",
    )
    .entity(
        EntityLabel::Person,
        "Ahmad Dhani",
        &["Ahmad Dhani"],
        &[],
        None,
    )
    .quote(
        QuoteKind::Direct,
        "Saya tidak akan mundur,",
        Some("kata"),
        Some("Ahmad Dhani"),
        Some("Ahmad Dhani"),
        None,
    )
    .quote(
        QuoteKind::Direct,
        "Kami siap,",
        Some("ujar"),
        Some("Ahmad Dhani"),
        Some("Ahmad Dhani"),
        None,
    )
    .quote(
        QuoteKind::Direct,
        "Tunggu saja,",
        Some("kata"),
        Some("Ahmad Dhani"),
        Some("Ahmad Dhani"),
        None,
    )
    .build();
    store.index(&dhani).unwrap();
    // Once, a tagger's over-long span gives him a phrase for a name.
    let mut phrase = article(
        "https://b.example/rayen",
        "“Itu fitnah,” kata Rayen Pono dihina Ahmad Dhani.",
    )
    .entity(
        EntityLabel::Person,
        "Ahmad Dhani",
        &["Ahmad Dhani"],
        &[],
        None,
    )
    .quote(
        QuoteKind::Direct,
        "Itu fitnah,",
        Some("kata"),
        Some("Ahmad Dhani"),
        Some("Ahmad Dhani"),
        None,
    )
    .build();
    phrase.quotes[0].speaker.as_mut().unwrap().name = "Rayen Pono dihina Ahmad Dhani".into();
    store.index(&phrase).unwrap();

    // Budi Hartono is known; then an article quotes a "Budi" of its own and Budi Hartono as "Budi".
    let hartono = article(
        "https://c.example/hartono",
        "“Harga naik,” kata Budi Hartono.",
    )
    .entity(
        EntityLabel::Person,
        "Budi Hartono",
        &["Budi Hartono"],
        &[],
        None,
    )
    .quote(
        QuoteKind::Direct,
        "Harga naik,",
        Some("kata"),
        Some("Budi Hartono"),
        Some("Budi Hartono"),
        None,
    )
    .build();
    store.index(&hartono).unwrap();
    let mut two_budis = article(
        "https://d.example/budi",
        "“Pasar sepi,” kata Budi. “Harga turun,” kata Budi Hartono.",
    )
    .entity(
        EntityLabel::Person,
        "Budi Hartono",
        &["Budi Hartono"],
        &[],
        None,
    )
    .quote(
        QuoteKind::Direct,
        "Pasar sepi,",
        Some("kata"),
        Some("Budi"),
        Some("Budi"),
        None,
    )
    .quote(
        QuoteKind::Direct,
        "Harga turun,",
        Some("kata"),
        Some("Budi Hartono"),
        Some("Budi Hartono"),
        None,
    )
    .build();
    two_budis.quotes[1].speaker.as_mut().unwrap().name = "Budi".into();
    store.index(&two_budis).unwrap();
    assert_eq!(stored(&path), recomputed(&path));
    // Both Budis are ranked: the one of the article alone, and Budi Hartono.
    let ranking = store.speakers(&SpeakerQuery::default()).unwrap();
    assert!(
        ranking
            .iter()
            .any(|s| s.name == "Budi" && s.statements == 1),
        "{ranking:#?}"
    );
    assert!(
        ranking
            .iter()
            .any(|s| s.name == "Budi Hartono" && s.statements == 2),
        "{ranking:#?}"
    );
    // Indexing again keeps stats and names consistent.
    store.index(&two_budis).unwrap();
    assert_eq!(stored(&path), recomputed(&path));

    let ranking = store.speakers(&SpeakerQuery::default()).unwrap();
    let dhani: Vec<_> = ranking
        .iter()
        .filter(|s| s.name.contains("Dhani"))
        .collect();
    assert_eq!(dhani.len(), 1, "{ranking:#?}");
    assert_eq!(
        (dhani[0].name.as_str(), dhani[0].statements),
        ("Ahmad Dhani", 4)
    );
}

#[test]
fn concurrent_writers_wait_for_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let writers: Vec<_> = (0..2)
        .map(|writer| {
            let path = path.clone();
            std::thread::spawn(move || -> Result<(), StoreError> {
                // Both open (and create) the database at once, then write turn about.
                let mut store = Store::open(&path)?;
                for round in 0..40 {
                    let mut docs = sample::corpus();
                    for (i, doc) in docs.iter_mut().enumerate() {
                        doc.url = Some(format!("https://w{writer}.example/{round}/{i}"));
                        doc.text = format!("{} ({writer} {round})", doc.text);
                        store.index(doc)?;
                    }
                }
                Ok(())
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap().unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.stats().unwrap().documents, 2 * 40 * 4);
}

#[test]
fn a_foreign_sqlite_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("foreign.db");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "CREATE TABLE documents (id INTEGER PRIMARY KEY, body TEXT); CREATE TABLE notes (x);",
    )
    .unwrap();
    drop(conn);
    let err = Store::open(&path).err().expect("a foreign file is refused");
    assert!(matches!(err, StoreError::Foreign), "{err:?}");
    assert!(err.to_string().contains("not a warta database"), "{err}");
    let conn = Connection::open(&path).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(tables, ["documents", "notes"]);
    // An empty file is a new database.
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    Store::open(&empty).unwrap();
}

fn invalid(doc: &OutputDocument) -> String {
    let mut store = Store::open_in_memory().unwrap();
    match store.index(doc) {
        Err(StoreError::Invalid(message)) => {
            assert_eq!(store.stats().unwrap().documents, 0);
            message
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn documents_whose_spans_leave_the_text_or_of_another_schema_are_refused() {
    let mut doc = sample::corpus().remove(0);
    let length = doc.text.chars().count();
    doc.quotes[0].end = length + 5;
    let message = invalid(&doc);
    assert!(
        message.contains("quote 0") && message.contains("past the end"),
        "{message}"
    );

    let mut doc = sample::corpus().remove(0);
    doc.entities[0].mentions[0].start = doc.entities[0].mentions[0].end + 1;
    let message = invalid(&doc);
    assert!(message.contains("entity 0"), "{message}");

    let mut doc = sample::corpus().remove(0);
    doc.schema = "warta/999".into();
    let message = invalid(&doc);
    assert!(message.contains("warta/999"), "{message}");
}

#[test]
fn errors_say_their_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let mut store = Store::open(&path).unwrap();
    // Another connection holds the write lock beyond the busy timeout.
    let blocker = Connection::open(&path).unwrap();
    blocker.execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = store.index(&sample::corpus()[0]).unwrap_err();
    let chain = format!("{:#}", anyhow::Error::new(err));
    assert_eq!(chain.matches("locked").count(), 1, "{chain}");
}

#[test]
fn a_schema_clash_is_said_once_and_briefly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    Store::open(&path).unwrap();
    // A file whose version says a table is still to be made, which is there already.
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 2).unwrap();
    drop(conn);
    let err = Store::open(&path).err().expect("the clash is an error");
    let chain = format!("{:#}", anyhow::Error::new(err));
    assert_eq!(chain.matches("speaker_stats").count(), 1, "{chain}");
    assert!(!chain.contains("CREATE"), "{chain}");
}
