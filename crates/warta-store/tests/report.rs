//! The report's queries (`warta_store::report`) against hand-written articles (see
//! `warta_store::sample`): four articles of June and July 2025 from three outlets, plus the few
//! written here to test what the sample lacks.

use warta_core::EntityLabel::{Organisation as Org, Person as Per};
use warta_core::QuoteKind::{Direct, Indirect};
use warta_store::sample::{self, SampleBuilder};
use warta_store::{
    DayCount, NameCount, Outlet, OutletCount, ReportQuery, ReportTotals, Store, StoreError,
};

fn store_with(extra: Vec<warta_core::output::OutputDocument>) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    for doc in sample::corpus().into_iter().chain(extra) {
        store.index(&doc).unwrap();
    }
    store
}

fn june() -> ReportQuery {
    ReportQuery::new("2025-06-01", "2025-06-30", None).unwrap()
}

fn names(rows: &[NameCount]) -> Vec<(&str, i64)> {
    rows.iter().map(|r| (r.name.as_str(), r.count)).collect()
}

#[test]
fn a_period_is_read_from_days_months_or_years_and_must_not_end_before_it_starts() {
    let q = ReportQuery::new("2025-06", "2025-06", None).unwrap();
    assert_eq!(
        (q.first.iso(), q.last.iso()),
        ("2025-06-01".into(), "2025-06-30".into())
    );
    assert_eq!(q.days(), 30);
    let q = ReportQuery::new("2024", "2024-02", None).unwrap();
    assert_eq!(q.last.iso(), "2024-02-29");
    let q = ReportQuery::new("2025-12", "2025", None).unwrap();
    assert_eq!(q.last.iso(), "2025-12-31");
    assert!(matches!(
        ReportQuery::new("2025-06-30", "2025-06-01", None),
        Err(StoreError::Invalid(m)) if m.contains("ends (2025-06-01) before it starts")
    ));
    assert!(ReportQuery::new("Juni", "2025-06-30", None).is_err());
    assert!(ReportQuery::new("2025-02-30", "2025-03-01", None).is_err());
}

#[test]
fn an_outlet_is_its_host_however_it_is_written() {
    for written in [
        "kompas.example",
        "https://www.Kompas.example/read/1",
        "www.kompas.example:443",
    ] {
        assert_eq!(
            Outlet::parse(written).unwrap().as_str(),
            "kompas.example",
            "{written}"
        );
    }
    for bad in [
        "",
        "https://",
        "kompas example",
        ".example",
        "kompas'--.example",
        "a..b",
    ] {
        assert!(Outlet::parse(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn totals_and_the_ranking_count_the_quotes_said_in_the_period() {
    let store = store_with(Vec::new());
    // June: Joko Widodo, named "Presiden Joko Widodo"/"Jokowi" on 2 June (kompas) and "Jokowi" on
    // 10 June (detik), two statements each.
    assert_eq!(
        store.report_totals(&june()).unwrap(),
        ReportTotals {
            documents: 2,
            statements: 4,
            speakers: 1,
            outlets: 2
        }
    );
    let speakers = store.report_speakers(&june(), 10).unwrap();
    assert_eq!(speakers.len(), 1);
    let jokowi = &speakers[0];
    assert_eq!(jokowi.name, "Joko Widodo");
    assert_eq!(
        (jokowi.statements, jokowi.documents, jokowi.outlets),
        (4, 2, 2)
    );
    assert_eq!(
        (jokowi.first_day.as_str(), jokowi.last_day.as_str()),
        ("2025-06-02", "2025-06-10")
    );
    assert_eq!(jokowi.roles, ["Presiden"]);

    // June and July: Budi Prasetyo (2 statements, 1 article) and Sri Mulyani (2 statements, 1 article)
    // follow Joko Widodo (5 statements, 3 articles); ties go by name.
    let both = ReportQuery::new("2025-06", "2025-07", None).unwrap();
    let ranked: Vec<(String, i64, i64)> = store
        .report_speakers(&both, 10)
        .unwrap()
        .into_iter()
        .map(|s| (s.name, s.documents, s.statements))
        .collect();
    assert_eq!(
        ranked,
        [
            ("Joko Widodo".to_owned(), 3, 5),
            ("Budi Prasetyo".to_owned(), 1, 2),
            ("Sri Mulyani Indrawati".to_owned(), 1, 2),
        ]
    );
    assert_eq!(store.report_speakers(&both, 1).unwrap().len(), 1);
    let roles = &store.report_speakers(&both, 10).unwrap()[2].roles;
    assert_eq!(roles, &["Menteri Keuangan"]);
}

#[test]
fn an_outlet_narrows_every_count_to_its_articles_and_subdomains() {
    let store = store_with(Vec::new());
    let kompas = ReportQuery::new("2025-06", "2025-07", Some("kompas.example")).unwrap();
    assert_eq!(
        store.report_totals(&kompas).unwrap(),
        ReportTotals {
            documents: 2,
            statements: 5,
            speakers: 2,
            outlets: 1
        }
    );
    let ranked: Vec<(String, i64)> = store
        .report_speakers(&kompas, 10)
        .unwrap()
        .into_iter()
        .map(|s| (s.name, s.statements))
        .collect();
    assert_eq!(
        ranked,
        [
            ("Joko Widodo".to_owned(), 3),
            ("Budi Prasetyo".to_owned(), 2)
        ]
    );
    // The host of the URL (nasional.kompas.example) or a parent of it names the outlet too.
    let host = ReportQuery::new("2025-06", "2025-07", Some("nasional.kompas.example")).unwrap();
    assert_eq!(store.report_totals(&host).unwrap().statements, 5);
    let detik = ReportQuery::new("2025-06", "2025-07", Some("news.detik.example")).unwrap();
    assert_eq!(store.report_totals(&detik).unwrap().statements, 2);
    // Not a suffix of a longer name: "pas.example" is not kompas.example.
    let none = ReportQuery::new("2025-06", "2025-07", Some("pas.example")).unwrap();
    assert_eq!(store.report_totals(&none).unwrap().statements, 0);
    assert!(store.report_speakers(&none, 10).unwrap().is_empty());
}

#[test]
fn days_topics_organisations_and_outlets_of_a_speaker() {
    let store = store_with(Vec::new());
    let id = store.report_speakers(&june(), 1).unwrap()[0].id;
    let day = |day: &str, statements| DayCount {
        day: day.to_owned(),
        statements,
    };
    assert_eq!(
        store.report_days(&june(), Some(id)).unwrap(),
        [day("2025-06-02", 2), day("2025-06-10", 2)]
    );
    let both = ReportQuery::new("2025-06", "2025-07", None).unwrap();
    assert_eq!(
        store.report_days(&both, None).unwrap(),
        [
            day("2025-06-02", 2),
            day("2025-06-10", 2),
            day("2025-07-01", 2),
            day("2025-07-15", 3)
        ]
    );
    // Named inside his June statements: the ministry (2 June) and Bulog (10 June).
    assert_eq!(
        names(&store.report_topics(&june(), id, 10).unwrap()),
        [("Bulog", 1), ("Kementerian Sosial", 1)]
    );
    // In July he speaks of KPK, in an article that also names KPK as Budi Prasetyo's affiliation.
    assert_eq!(
        names(&store.report_topics(&both, id, 10).unwrap()),
        [("Bulog", 1), ("KPK", 1), ("Kementerian Sosial", 1)]
    );
    assert_eq!(
        names(&store.report_topics(&both, id, 1).unwrap()),
        [("Bulog", 1)]
    );
    // Organisations of the articles quoting him, named in his statements or not.
    assert_eq!(
        names(&store.report_organisations(&both, id, 10).unwrap()),
        [("Bulog", 1), ("KPK", 1), ("Kementerian Sosial", 1)]
    );
    assert_eq!(
        names(&store.report_speaker_outlets(&both, id, 10).unwrap()),
        [("kompas.example", 2), ("detik.example", 1)]
    );
    let outlet = |outlet: &str, statements, documents, speakers| OutletCount {
        outlet: outlet.to_owned(),
        statements,
        documents,
        speakers,
    };
    assert_eq!(
        store.report_outlets(&both, 10).unwrap(),
        [
            outlet("kompas.example", 5, 2, 2),
            outlet("detik.example", 2, 1, 1),
            outlet("tempo.example", 2, 1, 1)
        ]
    );
}

#[test]
fn an_outlet_naming_itself_is_no_organisation_around_the_speaker() {
    let byline = SampleBuilder::new(
        Some("https://www.liputan6.example/news/read/1/bulog"),
        "Bulog Diminta Bergerak",
        Some("2025-06-12T08:00:00+07:00"),
        "liputan6.example",
        "Liputan6.example, Jakarta - Presiden Jokowi meminta Bulog bergerak, tulis Liputan6 dan Tempo.",
    )
    .entity(Org, "Liputan6.example", &["Liputan6.example"], &[], None)
    .entity(Org, "Liputan6", &["Liputan6 "], &[], None)
    .entity(Org, "Tempo", &["Tempo"], &[], None)
    .entity(Org, "Bulog", &["Bulog"], &[], None)
    .entity(Per, "Jokowi", &["Jokowi"], &["Presiden"], None)
    .quote(Indirect, "Bulog bergerak", Some("meminta"), Some("Jokowi"), Some("Jokowi"), None)
    .build();
    let store = store_with(vec![byline]);
    let id = store.report_speakers(&june(), 1).unwrap()[0].id;
    // Another outlet named in the text is an organisation like any other.
    assert_eq!(
        names(&store.report_organisations(&june(), id, 10).unwrap()),
        [("Bulog", 2), ("Kementerian Sosial", 1), ("Tempo", 1)]
    );
}

/// A statement of the KPK itself: an organisation as speaker.
fn kpk_statement() -> warta_core::output::OutputDocument {
    SampleBuilder::new(
        Some("https://news.antara.example/berita/1/kpk-tahan-tersangka"),
        "KPK Tahan Dua Tersangka",
        Some("2025-06-20T11:00:00+07:00"),
        "antara.example",
        "JAKARTA - KPK menyatakan dua tersangka ditahan selama 20 hari pertama.",
    )
    .entity(Org, "KPK", &["KPK"], &[], None)
    .quote(
        Indirect,
        "dua tersangka ditahan selama 20 hari pertama",
        Some("menyatakan"),
        Some("KPK"),
        Some("KPK"),
        None,
    )
    .build()
}

#[test]
fn organisations_speak_in_the_report_only_when_asked() {
    let store = store_with(vec![kpk_statement()]);
    assert_eq!(store.report_totals(&june()).unwrap().speakers, 1);
    let everyone = ReportQuery {
        people_only: false,
        ..june()
    };
    let ranked: Vec<String> = store
        .report_speakers(&everyone, 10)
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(ranked, ["Joko Widodo", "KPK"]);
}

/// Jokowi's words of 10 June (detik) as two more outlets carried them: word for word on 11 June,
/// lengthened on 12 June; and a five-word fragment of them on 13 June.
fn retellings() -> Vec<warta_core::output::OutputDocument> {
    let article = |url: &str, day: &str, source: &str, text: &str, quote: &str, role| {
        SampleBuilder::new(
            Some(url),
            "Bulog Diminta Lepas Cadangan",
            Some(day),
            source,
            text,
        )
        .entity(Per, "Jokowi", &["Jokowi"], &["Presiden"], None)
        .quote(
            Direct,
            quote,
            Some("kata"),
            Some("Jokowi"),
            Some("Jokowi"),
            role,
        )
        .build()
    };
    vec![
        article(
            "https://www.antara.example/berita/2/bulog",
            "2025-06-11T08:00:00+07:00",
            "antara.example",
            "JAKARTA - “Bulog harus segera melepas cadangan beras ke pasar!” kata Jokowi lagi.",
            "Bulog harus segera melepas cadangan beras ke pasar!",
            None,
        ),
        article(
            "https://bisnis.tempo.example/read/2/bulog",
            "2025-06-12T08:00:00+07:00",
            "tempo.example",
            "JAKARTA - “Bulog harus segera melepas cadangan beras ke pasar, agar harga turun,” kata Presiden Jokowi.",
            "Bulog harus segera melepas cadangan beras ke pasar, agar harga turun,",
            Some("Presiden"),
        ),
        article(
            "https://www.antara.example/berita/3/cadangan",
            "2025-06-13T08:00:00+07:00",
            "antara.example",
            "JAKARTA - Ia mengulang: “harus segera melepas cadangan beras,” kata Jokowi.",
            "harus segera melepas cadangan beras,",
            None,
        ),
    ]
}

#[test]
fn a_statement_carried_by_several_outlets_is_counted_once_with_all_of_them() {
    let store = store_with(retellings());
    let statements = store.report_statements(&june(), &[], 10).unwrap();
    let top = &statements[0];
    // The 10 June original, the 11 June copy (other punctuation) and the 12 June longer rendering.
    assert_eq!(top.documents, 3);
    assert_eq!(
        top.outlets,
        ["antara.example", "detik.example", "tempo.example"]
    );
    assert_eq!(
        top.text,
        "Bulog harus segera melepas cadangan beras ke pasar, agar harga turun,"
    );
    assert_eq!(top.first_day, "2025-06-10");
    assert_eq!(
        top.document_title.as_deref(),
        Some("Jokowi: Harga Beras Harus Turun dalam Dua Pekan")
    );
    assert_eq!(top.role.as_deref(), Some("Presiden"));
    assert_eq!(top.speaker, "Joko Widodo");
    assert_eq!(top.kind, "direct");
    // The five-word fragment is too short to be taken for the same statement; the other June
    // statements were carried once each: 4 sample quotes + 3 here = 7 quotes, 3 of them one
    // statement, in 5 statements.
    assert_eq!(statements.len(), 5);
    assert!(
        statements[1..]
            .iter()
            .all(|s| s.documents == 1 && s.outlets.len() == 1)
    );
    assert!(
        statements
            .iter()
            .any(|s| s.text == "harus segera melepas cadangan beras,")
    );
    // Limited, and narrowed to the speakers asked for.
    assert_eq!(store.report_statements(&june(), &[], 1).unwrap().len(), 1);
    assert!(
        store
            .report_statements(&june(), &[-1], 10)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_statement_of_one_speaker_never_joins_the_same_words_of_another() {
    let mut docs = retellings();
    // The 11 June copy put in Sri Mulyani's mouth.
    let mut copy = SampleBuilder::new(
        Some("https://www.antara.example/berita/4/bulog"),
        "Bulog Diminta Lepas Cadangan",
        Some("2025-06-11T09:00:00+07:00"),
        "antara.example",
        "JAKARTA - “Bulog harus segera melepas cadangan beras ke pasar!” kata Sri Mulyani.",
    )
    .entity(Per, "Sri Mulyani Indrawati", &["Sri Mulyani"], &[], None)
    .quote(
        Direct,
        "Bulog harus segera melepas cadangan beras ke pasar!",
        Some("kata"),
        Some("Sri Mulyani Indrawati"),
        Some("Sri Mulyani"),
        None,
    )
    .build();
    copy.id = Some("sri".into());
    docs.push(copy);
    let store = store_with(docs);
    let statements = store.report_statements(&june(), &[], 10).unwrap();
    assert_eq!(statements[0].documents, 3);
    let sri: Vec<_> = statements
        .iter()
        .filter(|s| s.speaker == "Sri Mulyani Indrawati")
        .collect();
    assert_eq!(sri.len(), 1);
    assert_eq!(sri[0].documents, 1);
}
