//! The store against hand-written articles (see `warta_store::sample`).

use warta_core::{EntityLabel, QuoteKind};
use warta_store::names::AliasTable;
use warta_store::sample::{self, SampleBuilder};
use warta_store::{
    Day, MARK_END, MARK_START, QuoteQuery, Sort, SpeakerKind, SpeakerQuery, Store, StoreError,
};

fn indexed_corpus() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    for doc in sample::corpus() {
        store.index(&doc).unwrap();
    }
    store
}

fn search(store: &Store, query: QuoteQuery) -> Vec<String> {
    store
        .search_quotes(&query)
        .unwrap()
        .into_iter()
        .map(|h| h.text)
        .collect()
}

fn text(q: &str) -> QuoteQuery {
    QuoteQuery {
        text: Some(q.to_owned()),
        ..QuoteQuery::default()
    }
}

#[test]
fn quotes_are_found_by_their_words_with_matches_marked() {
    let store = indexed_corpus();
    let hits = store.search_quotes(&text("beras")).unwrap();
    assert_eq!(hits.len(), 2, "{hits:#?}");
    assert!(
        hits.iter()
            .all(|h| h.speaker.as_deref() == Some("Joko Widodo"))
    );
    let marked = format!("{MARK_START}beras{MARK_END}");
    assert!(hits[0].highlighted.as_deref().unwrap().contains(&marked));
    assert_eq!(
        hits[0].document_title.as_deref(),
        Some("Jokowi: Harga Beras Harus Turun dalam Dua Pekan")
    );
}

#[test]
fn reindexing_updates_instead_of_duplicating() {
    let mut store = indexed_corpus();
    let before = store.stats().unwrap();
    let mut docs = sample::corpus();
    // The same article under a tracking URL with a trailing slash is the same article.
    let url = docs[0].url.take().unwrap();
    docs[0].url = Some(format!("{url}/?utm_source=twitter"));
    docs[0].title = Some("Judul yang diperbarui".to_owned());
    let first = store.index(&docs[0]).unwrap();
    assert!(!first.created);
    // Without a URL the text identifies it.
    docs[2].url = None;
    assert!(!store.index(&docs[2]).unwrap().created);
    assert_eq!(store.stats().unwrap(), before);
    let stored = store.document(first.id).unwrap().unwrap();
    assert_eq!(
        stored.output.title.as_deref(),
        Some("Judul yang diperbarui")
    );
    // The old title is gone from the article index, the new one is found.
    assert!(store.search_documents("diperbarui", 10, 0).unwrap().len() == 1);
    assert!(
        store
            .search_documents("\"Bansos Cair\"", 10, 0)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_syndicated_copy_keeps_its_url_with_the_article_it_copies() {
    let mut store = indexed_corpus();
    let before = store.stats().unwrap();
    let mut copy = sample::corpus().remove(0);
    let first_url = copy
        .url
        .replace("https://mitra.example/berita/123".to_owned());
    let indexed = store.index(&copy).unwrap();
    assert!(!indexed.created, "the same text is the same article");
    assert_eq!(store.stats().unwrap(), before);
    // The copy's URL now finds the article, even once the partner site edits its text.
    copy.text.push_str(" Artikel ini telah diperbarui.");
    assert_eq!(
        store
            .find_document(Some("https://mitra.example/berita/123/"), &copy.text)
            .unwrap(),
        Some(indexed.id)
    );
    assert!(!store.index(&copy).unwrap().created);
    assert_eq!(store.stats().unwrap(), before);
    // Reading the article gives every URL it was seen under.
    let stored = store.document(indexed.id).unwrap().unwrap();
    let mut urls: Vec<String> = stored.output.url.iter().cloned().collect();
    urls.extend(stored.output.other_urls.iter().cloned());
    assert_eq!(
        urls,
        vec![
            "https://mitra.example/berita/123".to_owned(),
            warta_core::identity::canonical_url(first_url.as_deref().unwrap()),
        ]
    );
}

#[test]
fn one_person_under_three_names_is_one_speaker() {
    let store = indexed_corpus();
    let jokowi = store.find_speaker("Jokowi").unwrap().unwrap();
    assert_eq!(
        store.find_speaker("Presiden Joko Widodo").unwrap(),
        Some(jokowi)
    );
    assert_eq!(store.find_speaker("joko widodo").unwrap(), Some(jokowi));

    let top = store.speakers(&SpeakerQuery::default()).unwrap();
    assert_eq!(top[0].id, jokowi);
    assert_eq!(top[0].name, "Joko Widodo");
    assert_eq!(top[0].statements, 5);
    assert_eq!(top[0].documents, 3);
    assert_eq!(top[0].roles, vec!["Presiden".to_owned()]);
    assert!(
        top[0].topics.contains(&"KPK".to_owned()),
        "{:?}",
        top[0].topics
    );
    assert_eq!(top[0].outlets[0], "kompas.example");

    let detail = store.speaker(jokowi).unwrap().unwrap();
    assert!(detail.aliases.contains(&"Jokowi".to_owned()));
    assert_eq!(
        detail
            .timeline
            .iter()
            .map(|p| (p.month.as_str(), p.statements))
            .collect::<Vec<_>>(),
        vec![("2025-06", 4), ("2025-07", 1)]
    );
    assert_eq!(detail.roles_over_time[0].role, "Presiden");
    assert_eq!(
        detail.roles_over_time[0].first_day.as_deref(),
        Some("2025-06-02")
    );
    assert_eq!(
        detail.roles_over_time[0].last_day.as_deref(),
        Some("2025-06-10")
    );
    assert_eq!(detail.recent_quotes.len(), 5);
    assert_eq!(detail.recent_quotes[0].day.as_deref(), Some("2025-07-15"));
}

#[test]
fn filters_narrow_the_search() {
    let store = indexed_corpus();
    let by_speaker = search(
        &store,
        QuoteQuery {
            speaker: Some("Jokowi".into()),
            ..QuoteQuery::default()
        },
    );
    assert_eq!(by_speaker.len(), 5);
    let june = search(
        &store,
        QuoteQuery {
            speaker: Some("Jokowi".into()),
            from: Some(Day::parse("2025-06-05").unwrap()),
            to: Some(Day::parse("2025-06").unwrap()),
            ..QuoteQuery::default()
        },
    );
    assert_eq!(june.len(), 2, "{june:?}");
    let direct = search(
        &store,
        QuoteQuery {
            kind: Some(QuoteKind::Direct),
            ..QuoteQuery::default()
        },
    );
    assert_eq!(direct.len(), 4);
    let kpk = search(
        &store,
        QuoteQuery {
            org: Some("kpk".into()),
            ..QuoteQuery::default()
        },
    );
    assert_eq!(kpk.len(), 2);
    assert!(kpk.iter().all(|q| q.contains("saksi")));
}

#[test]
fn malformed_queries_are_user_errors_and_punctuation_is_not_syntax() {
    let store = indexed_corpus();
    for bad in ["\"tiga saksi", "beras AND", "(beras", "NEAR(beras"] {
        match store.search_quotes(&text(bad)) {
            Err(StoreError::BadQuery(message)) => assert!(!message.is_empty()),
            other => panic!("{bad:?} gave {other:?}"),
        }
        assert!(matches!(
            store.search_documents(bad, 10, 0),
            Err(StoreError::BadQuery(_))
        ));
    }
    // Plain text with punctuation is searched as words.
    assert_eq!(search(&store, text("undang-undang, PDB.")).len(), 1);
    assert_eq!(search(&store, text("\"tiga saksi\"")).len(), 1);
}

#[test]
fn merges_and_splits_by_hand_survive_reindexing() {
    let mut store = Store::open_in_memory().unwrap();
    let doc = |url: &str, name: &str| {
        let body = format!("“Kami siap bekerja,” kata {name} di Jakarta.");
        SampleBuilder::new(
            Some(url),
            "Siap",
            Some("2025-05-01"),
            "contoh.example",
            &body,
        )
        .entity(EntityLabel::Person, name, &[name], &[], None)
        .quote(
            QuoteKind::Direct,
            "Kami siap bekerja,",
            Some("kata"),
            Some(name),
            Some(name),
            None,
        )
        .build()
    };
    let a = doc("https://contoh.example/1", "Bobby Nasution");
    let b = doc("https://contoh.example/2", "Muhammad Bobby Afif Nasution");
    store.index(&a).unwrap();
    store.index(&b).unwrap();
    let bobby = store.find_speaker("Bobby Nasution").unwrap().unwrap();
    let full = store
        .find_speaker("Muhammad Bobby Afif Nasution")
        .unwrap()
        .unwrap();
    assert_ne!(bobby, full);

    store.merge_speakers(full, bobby).unwrap();
    assert_eq!(store.find_speaker("Bobby Nasution").unwrap(), Some(full));
    assert!(store.speaker(bobby).unwrap().is_none());
    store.index(&a).unwrap();
    // Both articles' quotes are his: one statement (the same words), two articles.
    let merged = store.speaker(full).unwrap().unwrap().summary;
    assert_eq!((merged.statements, merged.documents), (1, 2));

    let split = store.split_speaker(full, "Bobby Nasution").unwrap();
    store.index(&a).unwrap();
    store.index(&b).unwrap();
    assert_eq!(store.speaker(split).unwrap().unwrap().summary.statements, 1);
    assert_eq!(store.speaker(full).unwrap().unwrap().summary.statements, 1);
    assert!(matches!(
        store.split_speaker(full, "Nobody Here"),
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.merge_speakers(full, 999),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn an_aliases_file_joins_speakers() {
    let mut store = indexed_corpus();
    let budi = store.find_speaker("Budi Prasetyo").unwrap().unwrap();
    let sri = store.find_speaker("Sri Mulyani").unwrap().unwrap();
    assert_ne!(budi, sri);
    let table = AliasTable::parse("# ujian\nBudi Prasetyo = Jubir KPK Budi; Budi P.\n").unwrap();
    let report = store.apply_aliases(&table).unwrap();
    assert_eq!(report.entries, 1);
    assert_eq!(store.find_speaker("Budi P.").unwrap(), Some(budi));
    // A line that names two known speakers makes them one (a deliberately wrong file, to see it act).
    let table = AliasTable::parse("Sri Mulyani Indrawati = Budi Prasetyo").unwrap();
    let report = store.apply_aliases(&table).unwrap();
    assert_eq!(report.merged, 1);
    let merged = store.speaker(sri).unwrap().unwrap();
    assert_eq!(merged.summary.name, "Sri Mulyani Indrawati");
    assert_eq!(merged.summary.statements, 4);
}

#[test]
fn schema_is_versioned_and_newer_databases_are_refused() {
    let dir = std::env::temp_dir().join(format!("warta-store-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("corpus.db");
    let _ = std::fs::remove_file(&path);
    {
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), warta_store::SCHEMA_VERSION);
        store.index(&sample::corpus()[0]).unwrap();
    }
    // Opening again runs no migration twice and keeps the data.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.stats().unwrap().documents, 1);
    store.check_integrity().unwrap();
    drop(store);
    let conn = rusqlite_free_bump(&path);
    assert!(conn.contains("newer"), "{conn}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Marks the database as written by a future warta and returns the error opening it gives.
fn rusqlite_free_bump(path: &std::path::Path) -> String {
    // Without a rusqlite dev-dependency: the schema version is the 4-byte big-endian integer at
    // offset 60 of the SQLite header (https://www.sqlite.org/fileformat.html, "user version").
    let store = Store::open(path).unwrap();
    drop(store);
    let mut bytes = std::fs::read(path).unwrap();
    bytes[60..64].copy_from_slice(&99u32.to_be_bytes());
    std::fs::write(path, bytes).unwrap();
    let _ = std::fs::remove_file(path.with_extension("db-wal"));
    match Store::open(path) {
        Err(e @ StoreError::TooNew { found: 99, .. }) => e.to_string(),
        Err(other) => format!("unexpected error: {other}"),
        Ok(_) => "opened".to_owned(),
    }
}

#[test]
fn an_over_long_mention_does_not_become_an_alias() {
    let mut store = Store::open_in_memory().unwrap();
    let text =
        "Presiden Joko Widodo Kaesang Pangarep hadir. “Kami siap,” kata Presiden Joko Widodo.";
    let doc = SampleBuilder::new(None, "Siap", Some("2024-08-01"), "contoh.example", text)
        .entity(
            EntityLabel::Person,
            "Joko Widodo",
            &["Joko Widodo Kaesang Pangarep", "Presiden Joko Widodo"],
            &[],
            None,
        )
        .quote(
            QuoteKind::Direct,
            "Kami siap,",
            Some("kata"),
            Some("Joko Widodo"),
            None,
            None,
        )
        .build();
    store.index(&doc).unwrap();
    let jokowi = store.find_speaker("Joko Widodo").unwrap();
    assert!(jokowi.is_some());
    assert_eq!(store.find_speaker("Presiden Joko Widodo").unwrap(), jokowi);
    assert_eq!(
        store.find_speaker("Joko Widodo Kaesang Pangarep").unwrap(),
        None
    );
}

/// One article quoting `speaker` (a person entity named `entity_name`, mentioned as `mentions`).
fn article_quoting(
    url: &str,
    text: &str,
    entity_name: &str,
    mentions: &[&str],
    quotes: &[&str],
    label: EntityLabel,
) -> warta_core::output::OutputDocument {
    let mut builder = SampleBuilder::new(
        Some(url),
        "Judul",
        Some("2025-03-01"),
        "contoh.example",
        text,
    )
    .entity(label, entity_name, mentions, &[], None);
    for quote in quotes {
        builder = builder.quote(
            QuoteKind::Direct,
            quote,
            Some("kata"),
            Some(entity_name),
            None,
            None,
        );
    }
    builder.build()
}

fn speaker_of_quote(store: &Store, quote: &str) -> i64 {
    let hits = store.search_quotes(&text(quote)).unwrap();
    assert_eq!(hits.len(), 1, "{quote}: {hits:#?}");
    hits[0].speaker_id.unwrap()
}

#[test]
fn one_word_names_do_not_join_different_people_across_articles() {
    let mut store = Store::open_in_memory().unwrap();
    // Two articles about two different men called Budi: a teacher in Bandung and a farmer in Klaten.
    store
        .index(&article_quoting(
            "https://a.example/guru",
            "Budi mengajar di Bandung. “Murid kami rajin sekali,” kata Budi. “Sekolah butuh atap baru,” kata Budi.",
            "Budi",
            &["Budi"],
            &["Murid kami rajin sekali,", "Sekolah butuh atap baru,"],
            EntityLabel::Person,
        ))
        .unwrap();
    store
        .index(&article_quoting(
            "https://b.example/petani",
            "Budi menanam padi di Klaten. “Panen tahun ini gagal,” kata Budi.",
            "Budi",
            &["Budi"],
            &["Panen tahun ini gagal,"],
            EntityLabel::Person,
        ))
        .unwrap();
    // "Yang" is also a word a tagger may take for a name at the start of a sentence.
    for (url, quote) in [
        ("https://c.example/1", "Harga naik lagi,"),
        ("https://c.example/2", "Jalan rusak parah,"),
    ] {
        let text = format!("Yang hadir banyak. “{quote}” kata Yang.");
        store
            .index(&article_quoting(
                url,
                &text,
                "Yang",
                &["Yang"],
                &[quote],
                EntityLabel::Person,
            ))
            .unwrap();
    }

    let teacher = speaker_of_quote(&store, "rajin");
    // Within one article both quotes are the same Budi.
    assert_eq!(speaker_of_quote(&store, "atap"), teacher);
    let farmer = speaker_of_quote(&store, "panen");
    assert_ne!(teacher, farmer);
    assert_ne!(
        speaker_of_quote(&store, "naik"),
        speaker_of_quote(&store, "rusak")
    );
    // A bare first name is not an alias anyone can be found by: it is ambiguous.
    assert_eq!(store.find_speaker("Budi").unwrap(), None);
    // The speaker filter still finds both by name.
    let both = search(
        &store,
        QuoteQuery {
            speaker: Some("Budi".into()),
            ..QuoteQuery::default()
        },
    );
    assert_eq!(both.len(), 3);
}

#[test]
fn full_names_and_alias_entries_are_evidence_for_one_speaker() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .index(&article_quoting(
            "https://a.example/1",
            "Menteri Budi Santoso meninjau pasar. “Stok aman,” kata Budi.",
            "Budi Santoso",
            &["Menteri Budi Santoso", "Budi"],
            &["Stok aman,"],
            EntityLabel::Person,
        ))
        .unwrap();
    store
        .index(&article_quoting(
            "https://b.example/2",
            "Budi Santoso hadir di Surabaya. “Harga turun,” ujar Budi Santoso, kata panitia.",
            "Budi Santoso",
            &["Budi Santoso"],
            &["Harga turun,"],
            EntityLabel::Person,
        ))
        .unwrap();
    let santoso = speaker_of_quote(&store, "stok");
    assert_eq!(speaker_of_quote(&store, "turun"), santoso);

    // An article of another outlet that only says "Budi" stays apart until someone says who that
    // Budi is. (In the outlet that quotes Budi Santoso, the one Budi it quotes in full would be
    // evidence: see tests/short_forms.rs.)
    let mut only_first_name = article_quoting(
        "https://c.example/3",
        "Budi datang ke pasar. “Beras mahal,” kata Budi.",
        "Budi",
        &["Budi"],
        &["Beras mahal,"],
        EntityLabel::Person,
    );
    only_first_name.source = Some("lain.example".to_owned());
    store.index(&only_first_name).unwrap();
    assert_ne!(speaker_of_quote(&store, "mahal"), santoso);

    // An aliases file entry is that evidence: indexing the article again joins it to Budi Santoso.
    store
        .apply_aliases(&AliasTable::parse("Budi Santoso = Budi").unwrap())
        .unwrap();
    store.index(&only_first_name).unwrap();
    assert_eq!(speaker_of_quote(&store, "mahal"), santoso);

    // An organisation's one-word name is its identity.
    for (url, quote) in [
        ("https://d.example/1", "Kami periksa,"),
        ("https://d.example/2", "Kasus naik,"),
    ] {
        let text = format!("KPK memeriksa saksi. “{quote}” kata KPK.");
        store
            .index(&article_quoting(
                url,
                &text,
                "KPK",
                &["KPK"],
                &[quote],
                EntityLabel::Organisation,
            ))
            .unwrap();
    }
    assert_eq!(
        speaker_of_quote(&store, "periksa"),
        speaker_of_quote(&store, "kasus")
    );
}

#[test]
fn reindexing_keeps_a_one_word_speaker_and_leaves_no_orphans() {
    let mut store = Store::open_in_memory().unwrap();
    let doc = article_quoting(
        "https://a.example/guru",
        "Budi mengajar di Bandung. “Murid kami rajin sekali,” kata Budi.",
        "Budi",
        &["Budi"],
        &["Murid kami rajin sekali,"],
        EntityLabel::Person,
    );
    store.index(&doc).unwrap();
    let first = speaker_of_quote(&store, "rajin");
    store.index(&doc).unwrap();
    assert_eq!(speaker_of_quote(&store, "rajin"), first);
    // A correction by hand survives re-indexing too.
    store
        .index(&article_quoting(
            "https://b.example/1",
            "Budi Hartono, guru di Bandung, hadir. “Sekolah kami kecil,” kata Budi Hartono.",
            "Budi Hartono",
            &["Budi Hartono"],
            &["Sekolah kami kecil,"],
            EntityLabel::Person,
        ))
        .unwrap();
    let hartono = speaker_of_quote(&store, "kecil");
    store.merge_speakers(hartono, first).unwrap();
    store.index(&doc).unwrap();
    assert_eq!(speaker_of_quote(&store, "rajin"), hartono);
    let all = store
        .speakers(&SpeakerQuery {
            top: 100,
            ..SpeakerQuery::default()
        })
        .unwrap();
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(store.stats().unwrap().speakers, 1);
}

/// The ranking kept at write time (no date filter) against the one counted from every quote (a
/// date filter wide enough to hold every quote).
fn assert_kept_ranking_is_counted_ranking(store: &Store) {
    let kept = store
        .speakers(&SpeakerQuery {
            top: 1000,
            ..SpeakerQuery::default()
        })
        .unwrap();
    let counted = store
        .speakers(&SpeakerQuery {
            top: 1000,
            from: Some(Day::parse("1000").unwrap()),
            to: Some(Day::parse("9999").unwrap()),
            ..SpeakerQuery::default()
        })
        .unwrap();
    assert!(!kept.is_empty());
    assert_eq!(kept, counted);
}

#[test]
fn speaker_counts_kept_at_write_time_follow_every_change() {
    let mut store = indexed_corpus();
    assert_kept_ranking_is_counted_ranking(&store);
    // Re-indexing, merging, splitting and an aliases file each move quotes between speakers.
    for doc in sample::corpus() {
        store.index(&doc).unwrap();
    }
    assert_kept_ranking_is_counted_ranking(&store);
    let jokowi = store.find_speaker("Jokowi").unwrap().unwrap();
    let sri = store.find_speaker("Sri Mulyani").unwrap().unwrap();
    store.merge_speakers(jokowi, sri).unwrap();
    assert_kept_ranking_is_counted_ranking(&store);
    store.split_speaker(jokowi, "Sri Mulyani").unwrap();
    assert_kept_ranking_is_counted_ranking(&store);
    store
        .apply_aliases(&AliasTable::parse("Sri Mulyani Indrawati = Budi Prasetyo").unwrap())
        .unwrap();
    assert_kept_ranking_is_counted_ranking(&store);
    // An article whose speakers change on re-indexing: the old speaker's count drops.
    let mut docs = sample::corpus();
    docs[0].quotes.truncate(1);
    store.index(&docs[0]).unwrap();
    assert_kept_ranking_is_counted_ranking(&store);
}

#[test]
fn a_known_name_filters_to_its_speaker_and_an_unknown_one_matches_inside_names() {
    let mut store = Store::open_in_memory().unwrap();
    for (url, text, name, quote) in [
        (
            "https://a.example/1",
            "Presiden Prabowo Subianto berpidato. “Kita harus mandiri,” kata Prabowo Subianto.",
            "Prabowo Subianto",
            "Kita harus mandiri,",
        ),
        (
            "https://a.example/2",
            "Kapolri Listyo Sigit Prabowo hadir. “Polisi siap berjaga,” kata Listyo Sigit Prabowo.",
            "Listyo Sigit Prabowo",
            "Polisi siap berjaga,",
        ),
    ] {
        store
            .index(&article_quoting(
                url,
                text,
                name,
                &[name],
                &[quote],
                EntityLabel::Person,
            ))
            .unwrap();
    }
    let by = |speaker: &str| {
        search(
            &store,
            QuoteQuery {
                speaker: Some(speaker.into()),
                ..QuoteQuery::default()
            },
        )
    };
    // "Prabowo" is a name the store knows (the built-in aliases): Prabowo Subianto alone.
    assert_eq!(by("Prabowo"), vec!["Kita harus mandiri,"]);
    // "Sigit" names no one exactly: it is looked for inside names.
    assert_eq!(by("Sigit"), vec!["Polisi siap berjaga,"]);
    assert_eq!(by("Listyo Sigit Prabowo"), vec!["Polisi siap berjaga,"]);
}

#[test]
fn totals_are_exact_whatever_the_page() {
    let store = indexed_corpus();
    let all = QuoteQuery::default();
    let every = store.export_quotes(&all).unwrap().len() as u64;
    assert!(every > 3);
    let page = QuoteQuery {
        limit: 2,
        ..QuoteQuery::default()
    };
    assert_eq!(store.search_quotes(&page).unwrap().len(), 2);
    assert_eq!(store.count_quotes(&page).unwrap(), every);
    // With words: the number of hits, not the page size.
    let beras = QuoteQuery {
        limit: 1,
        ..text("beras")
    };
    assert_eq!(store.search_quotes(&beras).unwrap().len(), 1);
    assert_eq!(store.count_quotes(&beras).unwrap(), 2);
    assert_eq!(
        store.count_documents("beras").unwrap(),
        store.search_documents("beras", 100, 0).unwrap().len() as u64
    );
}

#[test]
fn quotes_sort_by_date_either_way_and_filter_by_outlet_and_speaker_kind() {
    let store = indexed_corpus();
    let days = |sort| -> Vec<String> {
        store
            .search_quotes(&QuoteQuery {
                sort: Some(sort),
                ..QuoteQuery::default()
            })
            .unwrap()
            .into_iter()
            .map(|h| h.day.unwrap_or_default())
            .collect()
    };
    let newest = days(Sort::Newest);
    let mut oldest = days(Sort::Oldest);
    assert!(newest.windows(2).all(|w| w[0] >= w[1]), "{newest:?}");
    oldest.reverse();
    assert_eq!(oldest, newest);
    // A search by words sorted by date.
    let beras = store
        .search_quotes(&QuoteQuery {
            sort: Some(Sort::Oldest),
            ..text("beras")
        })
        .unwrap();
    assert!(beras.windows(2).all(|w| w[0].day <= w[1].day));

    let detik = store
        .search_quotes(&QuoteQuery {
            outlet: Some("DETIK".into()),
            ..QuoteQuery::default()
        })
        .unwrap();
    assert!(!detik.is_empty());
    assert!(
        detik
            .iter()
            .all(|h| h.source.as_deref() == Some("detik.example"))
    );

    let people = store
        .search_quotes(&QuoteQuery {
            speaker_kind: Some(SpeakerKind::Person),
            limit: 1000,
            ..QuoteQuery::default()
        })
        .unwrap();
    let organisations = store
        .count_quotes(&QuoteQuery {
            speaker_kind: Some(SpeakerKind::Organisation),
            ..QuoteQuery::default()
        })
        .unwrap();
    let attributed = store
        .export_quotes(&QuoteQuery::default())
        .unwrap()
        .into_iter()
        .filter(|h| h.speaker_id.is_some())
        .count() as u64;
    assert!(!people.is_empty());
    assert_eq!(people.len() as u64 + organisations, attributed);
    let kinds = store
        .speakers(&SpeakerQuery {
            top: 100,
            ..SpeakerQuery::default()
        })
        .unwrap();
    for hit in &people {
        let kind = &kinds
            .iter()
            .find(|s| Some(s.id) == hit.speaker_id)
            .unwrap()
            .kind;
        assert_eq!(kind, "PER");
    }
}

#[test]
fn speaker_lists_can_hold_people_only() {
    let store = indexed_corpus();
    for (from, kind) in [
        (None, SpeakerKind::Person),
        (Some("2025"), SpeakerKind::Organisation),
    ] {
        let listed = store
            .speakers(&SpeakerQuery {
                top: 100,
                from: from.map(|d| Day::parse(d).unwrap()),
                kind: Some(kind),
                ..SpeakerQuery::default()
            })
            .unwrap();
        let code = if kind == SpeakerKind::Person {
            "PER"
        } else {
            "ORG"
        };
        assert!(listed.iter().all(|s| s.kind == code), "{listed:?}");
        let all = store
            .speakers(&SpeakerQuery {
                top: 100,
                from: from.map(|d| Day::parse(d).unwrap()),
                ..SpeakerQuery::default()
            })
            .unwrap();
        assert_eq!(listed.len(), all.iter().filter(|s| s.kind == code).count());
    }
    assert!(matches!(
        SpeakerKind::parse("kucing"),
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(SpeakerKind::parse("People").unwrap(), SpeakerKind::Person);
}

#[test]
fn an_article_without_a_title_is_listed_under_its_first_line() {
    let mut store = Store::open_in_memory().unwrap();
    let body = "Harga cabai naik lagi\n\n“Kami rugi,” kata Siti di pasar.";
    let doc = SampleBuilder::new(None, " ", Some("2025-06-18"), "contoh.example", body)
        .quote(
            QuoteKind::Direct,
            "Kami rugi,",
            Some("kata"),
            Some("Siti"),
            Some("Siti"),
            None,
        )
        .build();
    store.index(&doc).unwrap();
    let hits = store.search_quotes(&text("rugi")).unwrap();
    assert_eq!(
        hits[0].document_title.as_deref(),
        Some("Harga cabai naik lagi")
    );
    assert_eq!(
        store.recent_documents(5).unwrap()[0].title.as_deref(),
        Some("Harga cabai naik lagi")
    );
    // A first line too long for a headline is no title.
    assert_eq!(warta_store::title_from_text(&"kata ".repeat(60)), None);
}

#[test]
fn a_statement_repeated_by_the_scraper_counts_once_per_article() {
    let mut store = Store::open_in_memory().unwrap();
    let paragraph = "“Kami siap bekerja,” kata Bobby Nasution di Medan.";
    let body = format!("{paragraph}\n{paragraph}\n“Kami siap bekerja,” kata Edy Rahmayadi.");
    let mut doc = SampleBuilder::new(
        Some("https://contoh.example/ulang"),
        "Siap",
        Some("2025-05-01"),
        "contoh.example",
        &body,
    )
    .entity(
        EntityLabel::Person,
        "Bobby Nasution",
        &["Bobby Nasution"],
        &[],
        None,
    )
    .entity(
        EntityLabel::Person,
        "Edy Rahmayadi",
        &["Edy Rahmayadi"],
        &[],
        None,
    )
    .quote(
        QuoteKind::Direct,
        "Kami siap bekerja,",
        Some("kata"),
        Some("Bobby Nasution"),
        Some("Bobby Nasution"),
        None,
    )
    .build();
    // The same words again in the repeated paragraph, and from another speaker in the third.
    let shift = paragraph.chars().count() + 1;
    for (k, speaker) in [(1, "Bobby Nasution"), (2, "Edy Rahmayadi")] {
        let mut copy = doc.quotes[0].clone();
        copy.start += k * shift;
        copy.end += k * shift;
        let entity = doc
            .entities
            .iter()
            .find(|e| e.name == speaker)
            .map(|e| e.id);
        let who = copy.speaker.as_mut().unwrap();
        who.name = speaker.to_owned();
        who.entity = entity;
        who.mention = None;
        doc.quotes.push(copy);
    }
    store.index(&doc).unwrap();
    let bobby = store.find_speaker("Bobby Nasution").unwrap().unwrap();
    let edy = store.find_speaker("Edy Rahmayadi").unwrap().unwrap();
    assert_eq!(store.speaker(bobby).unwrap().unwrap().summary.statements, 1);
    assert_eq!(store.speaker(edy).unwrap().unwrap().summary.statements, 1);
}

#[test]
fn a_statement_in_two_versions_of_an_article_counts_once_with_both_sources() {
    // The same report under two URLs, the second a day later with another headline, one sentence
    // edited and the quote's punctuation changed: one statement, two articles.
    let article = |url: &str, title: &str, day: &str, quote: &str, extra: &str| {
        let body = format!("{quote} kata Rina Wulandari di Bandung. {extra}");
        SampleBuilder::new(Some(url), title, Some(day), "berita.example", &body)
            .entity(
                EntityLabel::Person,
                "Rina Wulandari",
                &["Rina Wulandari"],
                &[],
                None,
            )
            .quote(
                QuoteKind::Direct,
                quote,
                Some("kata"),
                Some("Rina Wulandari"),
                Some("Rina Wulandari"),
                None,
            )
            .build()
    };
    let mut store = Store::open_in_memory().unwrap();
    let first = article(
        "https://berita.example/a",
        "Harga beras turun",
        "2025-06-02",
        "“Harga beras akan turun pekan depan,”",
        "Pasar ramai.",
    );
    let edited = article(
        "https://berita.example/a-revisi",
        "Beras segera turun",
        "2025-06-03",
        "\"Harga beras akan turun pekan depan\",",
        "Pasar ramai sejak pagi.",
    );
    let other = article(
        "https://berita.example/b",
        "Stok aman",
        "2025-06-04",
        "“Stok beras aman sampai Lebaran,”",
        "Gudang penuh.",
    );
    for doc in [&first, &edited, &other] {
        store.index(doc).unwrap();
    }
    let rina = store.find_speaker("Rina Wulandari").unwrap().unwrap();
    let detail = store.speaker(rina).unwrap().unwrap();
    assert_eq!(
        (detail.summary.statements, detail.summary.documents),
        (2, 3)
    );
    // Each statement on the day it was first reported, so the days add up to the total.
    let days: Vec<(&str, i64)> = detail
        .daily
        .iter()
        .map(|d| (d.day.as_str(), d.statements))
        .collect();
    assert_eq!(days, [("2025-06-02", 1), ("2025-06-04", 1)]);
    // The ranking over the corpus and over a period count the same way.
    let ranked = store.speakers(&SpeakerQuery::default()).unwrap();
    assert_eq!((ranked[0].statements, ranked[0].documents), (2, 3));
    let june = store
        .speakers(&SpeakerQuery {
            from: Some(Day::parse("2025-06").unwrap()),
            to: Some(Day::parse("2025-06").unwrap()),
            ..SpeakerQuery::default()
        })
        .unwrap();
    assert_eq!((june[0].statements, june[0].documents), (2, 3));
    // Every rendering stays, each with its article: no source is lost.
    let hits = store.search_quotes(&text("beras turun")).unwrap();
    let mut urls: Vec<&str> = hits
        .iter()
        .filter_map(|h| h.document_url.as_deref())
        .collect();
    urls.sort_unstable();
    assert_eq!(
        urls,
        [
            "https://berita.example/a",
            "https://berita.example/a-revisi"
        ]
    );
}

#[test]
fn a_clause_taken_for_a_role_is_no_role_of_the_speaker() {
    let article = "Jaksa penuntut umum (JPU) mencecar teman kuliah Budi Santoso di sidang. \
        “Saya tidak tahu,” kata Budi Santoso. Ani Lestari, Kepala Dinas Pendidikan, hadir. \
        “Sekolah dibuka Senin,” kata Ani Lestari.";
    let doc = SampleBuilder::new(
        Some("https://a.example/sidang"),
        "Sidang",
        Some("2025-06-02"),
        "a.example",
        article,
    )
    .entity(
        EntityLabel::Person,
        "Budi Santoso",
        &["Budi Santoso"],
        &["Jaksa penuntut umum (JPU) mencecar teman kuliah"],
        None,
    )
    .entity(
        EntityLabel::Person,
        "Ani Lestari",
        &["Ani Lestari"],
        &[],
        None,
    )
    .quote(
        QuoteKind::Direct,
        "Saya tidak tahu,",
        Some("kata"),
        Some("Budi Santoso"),
        None,
        Some("mantan istrinya, Maia Estianty"),
    )
    .quote(
        QuoteKind::Direct,
        "Sekolah dibuka Senin,",
        Some("kata"),
        Some("Ani Lestari"),
        None,
        Some("Kepala Dinas Pendidikan"),
    )
    .build();
    let mut store = Store::open_in_memory().unwrap();
    store.index(&doc).unwrap();
    let speakers = store.speakers(&SpeakerQuery::default()).unwrap();
    let roles = |name: &str| {
        speakers
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.roles.clone())
            .unwrap()
    };
    assert_eq!(roles("Budi Santoso"), Vec::<String>::new());
    assert_eq!(roles("Ani Lestari"), vec!["Kepala Dinas Pendidikan"]);
    let hit = &store.search_quotes(&text("tahu")).unwrap()[0];
    assert_eq!(hit.role, None);
}
