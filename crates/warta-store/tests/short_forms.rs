//! One person, one speaker, across articles: a one-word name joins the one full name the corpus
//! points it to (same outlet, within the window, no rival), and every other match is a suggestion.
//! The articles are made up for these tests.

use warta_core::output::OutputDocument;
use warta_core::{EntityLabel, QuoteKind};
use warta_store::names::{AliasTable, FormKind};
use warta_store::sample::SampleBuilder;
use warta_store::{QuoteQuery, Store};

use warta_store::sample::quoting as article;
use warta_store::sample::quoting_in_role;

fn speaker_of(store: &Store, quote: &str) -> i64 {
    let hits = store
        .search_quotes(&QuoteQuery {
            text: Some(quote.to_owned()),
            ..QuoteQuery::default()
        })
        .unwrap();
    assert_eq!(hits.len(), 1, "{quote}: {hits:#?}");
    hits[0].speaker_id.unwrap()
}

fn full_name_article(url: &str, outlet: &str, day: &str) -> OutputDocument {
    article(
        url,
        outlet,
        day,
        "Presiden Rusia Vladimir Putin menerima tamu. “Kami siap berunding,” kata Vladimir Putin.",
        "Vladimir Putin",
        &["Vladimir Putin"],
        "Kami siap berunding,",
    )
}

fn short_form_article(url: &str, outlet: &str, day: &str, quote: &str) -> OutputDocument {
    let text = format!("Putin berbicara di Moskwa. “{quote}” kata Putin.");
    article(url, outlet, day, &text, "Putin", &["Putin"], quote)
}

#[test]
fn a_short_form_joins_the_one_full_name_its_outlet_quotes_in_the_period() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .index(&full_name_article(
            "https://a.example/1",
            "a.example",
            "2025-06-02",
        ))
        .unwrap();
    let putin = speaker_of(&store, "berunding");
    // Same outlet, twelve days later: the one person of that outlet and month with that word.
    store
        .index(&short_form_article(
            "https://a.example/2",
            "a.example",
            "2025-06-14",
            "Sanksi tidak berguna,",
        ))
        .unwrap();
    assert_eq!(speaker_of(&store, "sanksi"), putin);
    // Another outlet that never quoted him in full: no evidence there.
    store
        .index(&short_form_article(
            "https://b.example/1",
            "b.example",
            "2025-06-14",
            "Gas tetap mengalir,",
        ))
        .unwrap();
    assert_ne!(speaker_of(&store, "gas"), putin);
    // The same outlet, but two months later: out of the period.
    store
        .index(&short_form_article(
            "https://a.example/3",
            "a.example",
            "2025-08-20",
            "Musim dingin panjang,",
        ))
        .unwrap();
    assert_ne!(speaker_of(&store, "musim"), putin);
    // The joined quote counts for him.
    let detail = store.speaker(putin).unwrap().unwrap();
    assert_eq!(detail.summary.statements, 2);
    assert_eq!(detail.summary.name, "Vladimir Putin");
}

#[test]
fn a_short_form_with_two_full_names_to_choose_from_stays_apart_and_is_suggested_twice() {
    let mut store = Store::open_in_memory().unwrap();
    for (url, name, quote) in [
        ("https://a.example/1", "Budi Santoso", "Stok beras aman,"),
        ("https://a.example/2", "Budi Santoso", "Gudang penuh,"),
        (
            "https://a.example/3",
            "Budi Prasetyo",
            "Kami periksa saksi,",
        ),
    ] {
        let text = format!("{name} hadir. “{quote}” kata {name}.");
        store
            .index(&article(
                url,
                "a.example",
                "2025-06-02",
                &text,
                name,
                &[name],
                quote,
            ))
            .unwrap();
    }
    store
        .index(&article(
            "https://a.example/4",
            "a.example",
            "2025-06-03",
            "Budi datang pagi. “Harga cabai turun,” kata Budi.",
            "Budi",
            &["Budi"],
            "Harga cabai turun,",
        ))
        .unwrap();
    let santoso = speaker_of(&store, "beras");
    let prasetyo = speaker_of(&store, "saksi");
    let budi = speaker_of(&store, "cabai");
    assert!(budi != santoso && budi != prasetyo);
    // Still two rivals once the run is over.
    assert_eq!(store.join_short_forms().unwrap(), 0);
    assert_eq!(speaker_of(&store, "cabai"), budi);

    let suggestions = store.merge_suggestions().unwrap();
    let pairs: Vec<(i64, i64)> = suggestions.iter().map(|s| (s.from.id, s.into.id)).collect();
    // Budi Santoso is quoted twice as often: he comes first.
    assert_eq!(pairs, [(budi, santoso), (budi, prasetyo)]);
    let first = &suggestions[0];
    assert_eq!(
        (first.named_together, first.same_outlet, first.rivals),
        (0, 1, 1)
    );
    assert!(first.score > suggestions[1].score);
    assert_eq!(first.how, FormKind::Word);
    assert_eq!(
        first.merge_command(),
        format!("warta speakers merge {santoso} {budi}")
    );
    // The speaker page's list: the suggestions that involve one speaker.
    let for_prasetyo = store.merge_suggestions_for(prasetyo).unwrap();
    assert_eq!(for_prasetyo.len(), 1);
    assert_eq!(for_prasetyo[0].from.id, budi);

    // Confirmed by hand, it is gone from the suggestions.
    store.merge_speakers(santoso, budi).unwrap();
    assert_eq!(speaker_of(&store, "cabai"), santoso);
    assert!(store.merge_suggestions().unwrap().is_empty());
}

#[test]
fn a_short_form_joins_the_one_candidate_its_own_article_names_in_full() {
    let mut store = Store::open_in_memory().unwrap();
    for (url, name, quote) in [
        ("https://a.example/1", "Budi Santoso", "Stok beras aman,"),
        (
            "https://a.example/2",
            "Budi Prasetyo",
            "Kami periksa saksi,",
        ),
    ] {
        let text = format!("{name} hadir. “{quote}” kata {name}.");
        store
            .index(&article(
                url,
                "a.example",
                "2025-06-02",
                &text,
                name,
                &[name],
                quote,
            ))
            .unwrap();
    }
    let santoso = speaker_of(&store, "beras");
    // Another outlet, months later, but the article names him in full (in a caption the entity
    // layer did not tie to the "Budi" of the text).
    store
        .index(&article(
            "https://b.example/1",
            "b.example",
            "2025-09-03",
            "Foto: Budi Santoso di pasar. Budi datang pagi. “Harga cabai turun,” kata Budi.",
            "Budi",
            &["Budi"],
            "Harga cabai turun,",
        ))
        .unwrap();
    assert_eq!(speaker_of(&store, "cabai"), santoso);
    // An article that names both leaves it open.
    store
        .index(&article(
            "https://b.example/2",
            "b.example",
            "2025-09-03",
            "Budi Santoso dan Budi Prasetyo rapat. Budi keluar. “Rapat selesai,” kata Budi.",
            "Budi",
            &["Budi"],
            "Rapat selesai,",
        ))
        .unwrap();
    let open = speaker_of(&store, "rapat");
    assert!(open != santoso && open != speaker_of(&store, "saksi"));
    let suggestions = store.merge_suggestions().unwrap();
    assert_eq!(suggestions.len(), 2);
    assert!(
        suggestions
            .iter()
            .all(|s| s.named_together == 1 && s.from.id == open)
    );
}

#[test]
fn a_short_form_indexed_before_its_full_name_joins_when_the_run_is_over() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .index(&short_form_article(
            "https://a.example/1",
            "a.example",
            "2025-06-01",
            "Sanksi tidak berguna,",
        ))
        .unwrap();
    store
        .index(&full_name_article(
            "https://a.example/2",
            "a.example",
            "2025-06-05",
        ))
        .unwrap();
    let putin = speaker_of(&store, "berunding");
    assert_ne!(speaker_of(&store, "sanksi"), putin);
    assert_eq!(store.merge_suggestions().unwrap().len(), 1);
    assert_eq!(store.join_short_forms().unwrap(), 1);
    assert_eq!(speaker_of(&store, "sanksi"), putin);
    assert_eq!(store.speaker(putin).unwrap().unwrap().summary.statements, 2);
    assert!(store.merge_suggestions().unwrap().is_empty());
    // Indexing the article again keeps it with him.
    store
        .index(&short_form_article(
            "https://a.example/1",
            "a.example",
            "2025-06-01",
            "Sanksi tidak berguna,",
        ))
        .unwrap();
    assert_eq!(speaker_of(&store, "sanksi"), putin);
}

#[test]
fn a_nickname_introduced_in_one_article_joins_the_full_name_in_the_next() {
    let mut store = Store::open_in_memory().unwrap();
    let ara_only = |url: &str| {
        article(
            url,
            "a.example",
            "2025-06-20",
            "Ara meninjau rumah subsidi. “Ukuran rumah cukup,” kata Ara.",
            "Ara",
            &["Ara"],
            "Ukuran rumah cukup,",
        )
    };
    // Before any article says who Ara is, a full name that does not contain the word is no candidate.
    store
        .index(&article(
            "https://a.example/1",
            "a.example",
            "2025-06-18",
            "Menteri Maruarar Sirait hadir. “Anggaran sudah ada,” kata Maruarar Sirait.",
            "Maruarar Sirait",
            &["Maruarar Sirait"],
            "Anggaran sudah ada,",
        ))
        .unwrap();
    let maruarar = speaker_of(&store, "anggaran");
    store.index(&ara_only("https://a.example/2")).unwrap();
    assert_ne!(speaker_of(&store, "ukuran"), maruarar);
    // An article introduces the nickname: the entity layer joined "Ara" to the full name there.
    store
        .index(&article(
            "https://a.example/3",
            "a.example",
            "2025-06-19",
            "Maruarar Sirait yang akrab disapa Ara menjawab kritik. “Konsumen kami dengar,” kata Ara.",
            "Maruarar Sirait",
            &["Maruarar Sirait", "Ara"],
            "Konsumen kami dengar,",
        ))
        .unwrap();
    assert_eq!(speaker_of(&store, "konsumen"), maruarar);
    // Now the article that only says "Ara" joins him, when the run is over or indexed again.
    assert_eq!(store.join_short_forms().unwrap(), 1);
    assert_eq!(speaker_of(&store, "ukuran"), maruarar);
}

#[test]
fn initials_join_only_a_name_written_as_initials() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .index(&article(
            "https://a.example/1",
            "a.example",
            "2025-06-18",
            "Wakil Ketua MPR Hidayat Nur Wahid berpidato. “Palestina harus merdeka,” kata Hidayat Nur Wahid.",
            "Hidayat Nur Wahid",
            &["Hidayat Nur Wahid"],
            "Palestina harus merdeka,",
        ))
        .unwrap();
    store
        .index(&article(
            "https://a.example/2",
            "a.example",
            "2025-06-19",
            "Andi Rahman Amir meninjau pasar. “Harga stabil,” kata Andi Rahman Amir.",
            "Andi Rahman Amir",
            &["Andi Rahman Amir"],
            "Harga stabil,",
        ))
        .unwrap();
    let hidayat = speaker_of(&store, "palestina");
    store
        .index(&article(
            "https://a.example/3",
            "a.example",
            "2025-06-20",
            "HNW menghadiri rapat. “Kuota haji harus diawasi,” kata HNW.",
            "HNW",
            &["HNW"],
            "Kuota haji harus diawasi,",
        ))
        .unwrap();
    assert_eq!(speaker_of(&store, "kuota"), hidayat);
    // "Ara" spells the initials of Andi Rahman Amir, but is written as a name, not as initials.
    store
        .index(&article(
            "https://a.example/4",
            "a.example",
            "2025-06-20",
            "Ara meninjau rumah. “Rumah subsidi cukup,” kata Ara.",
            "Ara",
            &["Ara"],
            "Rumah subsidi cukup,",
        ))
        .unwrap();
    let andi = speaker_of(&store, "stabil");
    assert_ne!(speaker_of(&store, "subsidi"), andi);
    assert!(store.merge_suggestions().unwrap().is_empty());
}

#[test]
fn corrections_by_hand_win_over_joins() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .index(&full_name_article(
            "https://a.example/1",
            "a.example",
            "2025-06-02",
        ))
        .unwrap();
    let putin_article = short_form_article(
        "https://a.example/2",
        "a.example",
        "2025-06-03",
        "Sanksi tidak berguna,",
    );
    store.index(&putin_article).unwrap();
    let vladimir = speaker_of(&store, "berunding");
    assert_eq!(speaker_of(&store, "sanksi"), vladimir);
    // A person says this Putin is someone else: split off, it stays so when indexed again.
    let other = store.split_speaker(vladimir, "Putin").unwrap();
    assert_eq!(speaker_of(&store, "sanksi"), other);
    store.index(&putin_article).unwrap();
    assert_eq!(speaker_of(&store, "sanksi"), other);
    assert_eq!(store.join_short_forms().unwrap(), 0);
    assert_eq!(speaker_of(&store, "sanksi"), other);
    assert!(store.merge_suggestions().unwrap().is_empty());

    // A one-word speaker named by an aliases file is settled too.
    let mut store = Store::open_in_memory().unwrap();
    store
        .index(&short_form_article(
            "https://a.example/2",
            "a.example",
            "2025-06-03",
            "Sanksi tidak berguna,",
        ))
        .unwrap();
    store
        .apply_aliases(&AliasTable::parse("Putin = Putin").unwrap())
        .unwrap();
    store
        .index(&full_name_article(
            "https://a.example/1",
            "a.example",
            "2025-06-02",
        ))
        .unwrap();
    assert_eq!(store.join_short_forms().unwrap(), 0);
    assert_ne!(
        speaker_of(&store, "sanksi"),
        speaker_of(&store, "berunding")
    );
}

#[test]
fn organisations_are_no_short_forms_of_people() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .index(&article(
            "https://a.example/1",
            "a.example",
            "2025-06-02",
            "Ketua Komisi Nasional Budi Prasetyo hadir. “Kami periksa,” kata Budi Prasetyo.",
            "Budi Prasetyo",
            &["Budi Prasetyo"],
            "Kami periksa,",
        ))
        .unwrap();
    let prasetyo = speaker_of(&store, "periksa");
    let org = SampleBuilder::new(
        Some("https://a.example/2"),
        "Judul",
        Some("2025-06-03"),
        "a.example",
        "Prasetyo Group mengumumkan laba. “Laba naik,” kata Prasetyo.",
    )
    .entity(
        EntityLabel::Organisation,
        "Prasetyo",
        &["Prasetyo"],
        &[],
        None,
    )
    .quote(
        QuoteKind::Direct,
        "Laba naik,",
        Some("kata"),
        Some("Prasetyo"),
        None,
        None,
    )
    .build();
    store.index(&org).unwrap();
    assert_ne!(speaker_of(&store, "laba"), prasetyo);

    // A word the corpus knows as an organisation's name, in a person's name that a tagger's span
    // made ("Shell Wael Sawan"), is no evidence for a one-word person "Shell": only a suggestion.
    let shell_org = SampleBuilder::new(
        Some("https://a.example/3"),
        "Judul",
        Some("2025-06-03"),
        "a.example",
        "Shell menutup kilang. “Kilang ditutup,” kata Shell.",
    )
    .entity(EntityLabel::Organisation, "Shell", &["Shell"], &[], None)
    .quote(
        QuoteKind::Direct,
        "Kilang ditutup,",
        Some("kata"),
        Some("Shell"),
        None,
        None,
    )
    .build();
    store.index(&shell_org).unwrap();
    store
        .index(&article(
            "https://a.example/4",
            "a.example",
            "2025-06-03",
            "CEO Shell Wael Sawan hadir. “Permintaan naik,” kata Shell Wael Sawan.",
            "Shell Wael Sawan",
            &["Shell Wael Sawan"],
            "Permintaan naik,",
        ))
        .unwrap();
    store
        .index(&article(
            "https://a.example/5",
            "a.example",
            "2025-06-04",
            "Shell berbicara. “Harga minyak turun,” kata Shell.",
            "Shell",
            &["Shell"],
            "Harga minyak turun,",
        ))
        .unwrap();
    assert_eq!(store.join_short_forms().unwrap(), 0);
    let sawan = speaker_of(&store, "permintaan");
    let person_shell = speaker_of(&store, "minyak");
    assert_ne!(person_shell, sawan);
    let suggested: Vec<(i64, i64)> = store
        .merge_suggestions()
        .unwrap()
        .iter()
        .map(|s| (s.from.id, s.into.id))
        .collect();
    assert_eq!(suggested, [(person_shell, sawan)]);
}

#[test]
fn a_middle_name_is_no_short_form() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .index(&article(
            "https://a.example/1",
            "a.example",
            "2025-06-18",
            "Hidayat Nur Wahid berpidato. “Palestina harus merdeka,” kata Hidayat Nur Wahid.",
            "Hidayat Nur Wahid",
            &["Hidayat Nur Wahid"],
            "Palestina harus merdeka,",
        ))
        .unwrap();
    for (url, name, quote) in [
        ("https://a.example/2", "Nur", "Air bersih langka,"),
        ("https://a.example/3", "Wahid", "Kuota haji cukup,"),
    ] {
        let text = format!("{name} hadir. “{quote}” kata {name}.");
        store
            .index(&article(
                url,
                "a.example",
                "2025-06-19",
                &text,
                name,
                &[name],
                quote,
            ))
            .unwrap();
    }
    let hidayat = speaker_of(&store, "palestina");
    assert_ne!(speaker_of(&store, "langka"), hidayat);
    assert_eq!(speaker_of(&store, "kuota"), hidayat);
    // Nor is a word a tagger took for a name in lower case.
    store
        .index(&article(
            "https://a.example/4",
            "a.example",
            "2025-06-19",
            "Masukkan kata wahid. “Sandi harus kuat,” kata wahid.",
            "wahid",
            &["wahid"],
            "Sandi harus kuat,",
        ))
        .unwrap();
    assert_ne!(speaker_of(&store, "kuat"), hidayat);
}

#[test]
fn suggestions_rank_the_person_whose_roles_the_article_speaks_of_first() {
    let mut store = Store::open_in_memory().unwrap();
    // Two Suparsins, a finance director of a nickel miner and a village head, in two outlets.
    for (url, outlet, name, role, quote) in [
        (
            "https://a.example/1",
            "a.example",
            "Suparsin Liwan",
            "Direktur Keuangan Harita Nickel",
            "Pendapatan naik,",
        ),
        (
            "https://b.example/1",
            "b.example",
            "Suparsin Hadi",
            "Kepala Desa Sukamaju",
            "Jalan desa rusak,",
        ),
    ] {
        store
            .index(&quoting_in_role(
                url,
                outlet,
                "2025-06-02",
                name,
                role,
                quote,
            ))
            .unwrap();
    }
    // A third outlet, about the nickel miner, names neither in full.
    store
        .index(&article(
            "https://c.example/1",
            "c.example",
            "2025-06-03",
            "Produsen nikel Harita Nickel memaparkan kinerja. “Produksi stabil,” kata Suparsin.",
            "Suparsin",
            &["Suparsin"],
            "Produksi stabil,",
        ))
        .unwrap();
    let suggestions = store.merge_suggestions().unwrap();
    let order: Vec<&str> = suggestions.iter().map(|s| s.into.name.as_str()).collect();
    assert_eq!(order, ["Suparsin Liwan", "Suparsin Hadi"]);
    let village_head = speaker_of(&store, "desa");
    // "Harita" and "Nickel" of "Keuangan Harita Nickel"; "Direktur" is a title.
    assert!(
        (suggestions[0].context - 2.0 / 3.0).abs() < 1e-9,
        "{suggestions:#?}"
    );
    assert_eq!(suggestions[1].context, 0.0);
    // Known for a village the article never mentions: the evidence is halved.
    let hadi = &suggestions[1];
    assert_eq!((hadi.same_outlet, hadi.rivals), (0, 1));
    // One over two candidates, and half the candidates' quotes.
    let unhalved = (0.5 + 0.5) / 7.0;
    assert!((hadi.score - unhalved / 2.0).abs() < 1e-9, "{hadi:#?}");

    // In the village head's outlet, the one Suparsin it quotes in the period: an article there
    // about the village ("Desa Sukamaju": two words of his role) is his, one about a nickel miner
    // is not.
    for (url, text, quote) in [
        (
            "https://b.example/2",
            "Warga Desa Sukamaju bergotong royong. “Jalan sudah diaspal,” kata Suparsin.",
            "Jalan sudah diaspal,",
        ),
        (
            "https://b.example/3",
            "Saham tambang menguat. “Ekspor bijih naik,” kata Suparsin.",
            "Ekspor bijih naik,",
        ),
    ] {
        store
            .index(&article(
                url,
                "b.example",
                "2025-06-04",
                text,
                "Suparsin",
                &["Suparsin"],
                quote,
            ))
            .unwrap();
    }
    assert_eq!(speaker_of(&store, "diaspal"), village_head);
    assert_ne!(speaker_of(&store, "bijih"), village_head);
}

#[test]
fn a_full_name_inside_a_longer_one_joins_it_when_one_article_or_outlet_quotes_both() {
    let both = |url: &str, outlet: &str, long: &str, short: &str, quote: &str| {
        let text = format!(
            "Gubernur Jakarta {long} meninjau banjir. “Air sudah surut,” kata {long}. \
             “{quote}” ujar {short}."
        );
        SampleBuilder::new(Some(url), "Judul", Some("2025-06-03"), outlet, &text)
            .entity(EntityLabel::Person, long, &[long], &[], None)
            .entity(EntityLabel::Person, short, &[], &[], None)
            .quote(
                QuoteKind::Direct,
                "Air sudah surut,",
                Some("kata"),
                Some(long),
                None,
                None,
            )
            .quote(
                QuoteKind::Direct,
                quote,
                Some("ujar"),
                Some(short),
                None,
                None,
            )
            .build()
    };
    let mut store = Store::open_in_memory().unwrap();
    store
        .index(&both(
            "https://a.example/1",
            "a.example",
            "Pramono Anung Wibowo",
            "Pramono Anung",
            "Pompa terus bekerja.",
        ))
        .unwrap();
    // Two men of one name in two outlets that never quote them together stay two.
    store
        .index(&article(
            "https://b.example/1",
            "b.example",
            "2025-06-03",
            "Petani Agus Budi Santoso panen. “Padi bagus,” kata Agus Budi Santoso.",
            "Agus Budi Santoso",
            &["Agus Budi Santoso"],
            "Padi bagus,",
        ))
        .unwrap();
    store
        .index(&article(
            "https://c.example/1",
            "c.example",
            "2025-06-20",
            "Pelatih Budi Santoso puas. “Tim siap,” kata Budi Santoso.",
            "Budi Santoso",
            &["Budi Santoso"],
            "Tim siap,",
        ))
        .unwrap();
    assert_ne!(speaker_of(&store, "surut"), speaker_of(&store, "Pompa"));
    store.join_short_forms().unwrap();
    assert_eq!(speaker_of(&store, "surut"), speaker_of(&store, "Pompa"));
    assert_ne!(speaker_of(&store, "Padi"), speaker_of(&store, "siap"));
}

#[test]
fn a_name_with_a_function_word_glued_on_joins_the_name() {
    let mut store = Store::open_in_memory().unwrap();
    let one = |url: &str, outlet: &str, day: &str, name: &str, quote: &str| {
        article(
            url,
            outlet,
            day,
            &format!("Sekda {name} hadir. “{quote}” kata {name}."),
            name,
            &[name],
            quote,
        )
    };
    for doc in [
        // The glued form is quoted more often, in another outlet and month.
        one(
            "https://a.example/1",
            "a.example",
            "2025-05-02",
            "Herman Suryatman",
            "Anggaran cukup.",
        ),
        one(
            "https://b.example/1",
            "b.example",
            "2025-06-20",
            "Herman Suryatmanbuka",
            "Kami siap.",
        ),
        one(
            "https://b.example/2",
            "b.example",
            "2025-06-21",
            "Herman Suryatmanbuka",
            "Kami tenang.",
        ),
        // "dari" also ends names: Sri Wulandari is not Sri Wulan on the name alone.
        one(
            "https://c.example/1",
            "c.example",
            "2025-06-02",
            "Sri Wulan",
            "Harga naik.",
        ),
        one(
            "https://d.example/1",
            "d.example",
            "2025-06-25",
            "Sri Wulandari",
            "Stok aman.",
        ),
    ] {
        store.index(&doc).unwrap();
    }
    store.join_short_forms().unwrap();
    let herman = speaker_of(&store, "cukup");
    assert_eq!(speaker_of(&store, "siap"), herman);
    assert_eq!(speaker_of(&store, "tenang"), herman);
    let hits = store
        .search_quotes(&QuoteQuery {
            text: Some("siap".to_owned()),
            ..QuoteQuery::default()
        })
        .unwrap();
    assert_eq!(hits[0].speaker.as_deref(), Some("Herman Suryatman"));
    assert_ne!(speaker_of(&store, "Harga"), speaker_of(&store, "Stok"));
}

#[test]
fn a_full_name_without_its_middle_names_joins_the_longer_one_of_the_same_article() {
    let text = "Direktur Jenderal Febrio Nathan Kacaribu hadir. “Defisit terjaga,” kata Febrio \
                Nathan Kacaribu. “Belanja naik,” ujar Febrio Kacaribu.";
    let doc = SampleBuilder::new(
        Some("https://a.example/1"),
        "Judul",
        Some("2025-06-03"),
        "a.example",
        text,
    )
    .entity(
        EntityLabel::Person,
        "Febrio Nathan Kacaribu",
        &["Febrio Nathan Kacaribu"],
        &[],
        None,
    )
    .entity(
        EntityLabel::Person,
        "Febrio Kacaribu",
        &["Febrio Kacaribu"],
        &[],
        None,
    )
    .quote(
        QuoteKind::Direct,
        "Defisit terjaga,",
        Some("kata"),
        Some("Febrio Nathan Kacaribu"),
        None,
        None,
    )
    .quote(
        QuoteKind::Direct,
        "Belanja naik,",
        Some("ujar"),
        Some("Febrio Kacaribu"),
        None,
        None,
    )
    .build();
    let mut store = Store::open_in_memory().unwrap();
    store.index(&doc).unwrap();
    // Two men who share a first and a last name, in outlets that never quote them together, stay two.
    for (url, outlet, name, quote) in [
        (
            "https://b.example/1",
            "b.example",
            "Agus Budi Santoso",
            "Padi bagus,",
        ),
        (
            "https://c.example/1",
            "c.example",
            "Agus Santoso",
            "Tim siap,",
        ),
    ] {
        let text = format!("Hari ini {name} hadir. “{quote}” kata {name}.");
        store
            .index(&article(
                url,
                outlet,
                "2025-06-20",
                &text,
                name,
                &[name],
                quote,
            ))
            .unwrap();
    }
    store.join_short_forms().unwrap();
    assert_eq!(speaker_of(&store, "Defisit"), speaker_of(&store, "Belanja"));
    assert_ne!(speaker_of(&store, "Padi"), speaker_of(&store, "siap"));
}

#[test]
fn a_name_inside_another_joins_it_across_outlets_when_both_hold_one_named_office() {
    let office = "Direktur Jenderal Strategi Ekonomi dan Fiskal Kemenkeu";
    let mut store = Store::open_in_memory().unwrap();
    for (url, outlet, name, role, quote) in [
        (
            "https://a.example/1",
            "a.example",
            "Febrio Nathan Kacaribu",
            office,
            "Defisit terjaga,",
        ),
        (
            "https://b.example/1",
            "b.example",
            "Febrio Kacaribu",
            office,
            "Belanja naik,",
        ),
        // An office without its organisation is held by many.
        (
            "https://a.example/2",
            "a.example",
            "Agus Budi Santoso",
            "Kepala Desa",
            "Padi bagus,",
        ),
        (
            "https://c.example/1",
            "c.example",
            "Agus Santoso",
            "Kepala Desa",
            "Jalan rusak,",
        ),
    ] {
        store
            .index(&quoting_in_role(
                url,
                outlet,
                "2025-06-03",
                name,
                role,
                quote,
            ))
            .unwrap();
    }
    store.join_short_forms().unwrap();
    assert_eq!(speaker_of(&store, "Defisit"), speaker_of(&store, "Belanja"));
    assert_ne!(speaker_of(&store, "Padi"), speaker_of(&store, "rusak"));
}
