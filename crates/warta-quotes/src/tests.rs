//! Hand-written fixtures, one phenomenon each; every expected span and speaker was checked by
//! reading the fixture.

use warta_core::{
    Document, Entity, EntityLabel, Mention, Meta, QuoteKind, Removed, RemovedKind, Span, Stage,
};
use warta_dates::DateStage;

use super::QuoteStage;

/// An entity for the fixture: every occurrence of each listed form is a mention.
struct Ent<'a> {
    label: EntityLabel,
    name: &'a str,
    forms: &'a [&'a str],
    role: Option<&'a str>,
}

fn per<'a>(name: &'a str, forms: &'a [&'a str]) -> Ent<'a> {
    Ent {
        label: EntityLabel::Person,
        name,
        forms,
        role: None,
    }
}

fn doc_with(text: &str, entities: &[Ent]) -> Document {
    doc_with_meta(text, Meta::default(), entities)
}

fn doc_with_meta(text: &str, meta: Meta, entities: &[Ent]) -> Document {
    let mut doc = Document::new(text, meta);
    for e in entities {
        let mut mentions: Vec<Mention> = Vec::new();
        for form in e.forms {
            for (at, _) in text.match_indices(form) {
                let end = at + form.len();
                // Whole words only.
                let before = text[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric());
                let after = text[end..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric());
                let taken = mentions.iter().any(|m| m.span.overlaps(Span::new(at, end)));
                if before && after && !taken {
                    mentions.push(Mention {
                        span: Span::new(at, end),
                    });
                }
            }
        }
        mentions.sort_by_key(|m| m.span.start);
        doc.entities.push(Entity {
            label: e.label,
            name: e.name.to_owned(),
            mentions,
            titles: Vec::new(),
            roles: e.role.map(str::to_owned).into_iter().collect(),
            affiliation: None,
        });
    }
    DateStage.process(&mut doc).unwrap();
    QuoteStage.process(&mut doc).unwrap();
    doc
}

/// (kind, content, cue, speaker name, speaker mention) of every quote.
type Row = (
    QuoteKind,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn rows(doc: &Document) -> Vec<Row> {
    doc.quotes
        .iter()
        .map(|q| {
            (
                q.kind,
                doc.slice(q.span).to_owned(),
                q.cue.map(|c| doc.slice(c).to_owned()),
                q.speaker.as_ref().map(|s| s.name.clone()),
                q.speaker
                    .as_ref()
                    .and_then(|s| s.mention)
                    .map(|m| doc.slice(m).to_owned()),
            )
        })
        .collect()
}

fn row(
    kind: QuoteKind,
    content: &str,
    cue: &str,
    speaker: Option<&str>,
    mention: Option<&str>,
) -> Row {
    (
        kind,
        content.to_owned(),
        Some(cue.to_owned()),
        speaker.map(str::to_owned),
        mention.map(str::to_owned),
    )
}

use QuoteKind::{Direct, Indirect, Mixed};

#[test]
fn post_posed_cue_with_short_name() {
    let text = "Menteri Keuangan Sri Mulyani Indrawati hadir.\n“Kami siap,” kata Sri Mulyani.";
    let doc = doc_with(
        text,
        &[per(
            "Sri Mulyani Indrawati",
            &["Sri Mulyani Indrawati", "Sri Mulyani"],
        )],
    );
    assert_eq!(
        rows(&doc),
        vec![row(
            Direct,
            "Kami siap,",
            "kata",
            Some("Sri Mulyani Indrawati"),
            Some("Sri Mulyani")
        )]
    );
}

#[test]
fn clitic_cue_resolves_to_the_latest_subject() {
    let text =
        "Presiden Joko Widodo bertemu Menteri Basuki di Istana.\n“Jalan harus selesai,” ujarnya.";
    let doc = doc_with(
        text,
        &[
            per("Joko Widodo", &["Joko Widodo"]),
            per("Basuki", &["Basuki"]),
        ],
    );
    // The subject of the sentence before, not the last name in it.
    assert_eq!(
        rows(&doc),
        vec![row(
            Direct,
            "Jalan harus selesai,",
            "ujarnya",
            Some("Joko Widodo"),
            Some("nya")
        )]
    );
}

#[test]
fn pronoun_after_cue() {
    let text = "Rakhmat Hidayat mengapresiasi tim itu.\n“Itu bisa berulang,” tutur dia.";
    let doc = doc_with(text, &[per("Rakhmat Hidayat", &["Rakhmat Hidayat"])]);
    assert_eq!(
        rows(&doc),
        vec![row(
            Direct,
            "Itu bisa berulang,",
            "tutur",
            Some("Rakhmat Hidayat"),
            Some("dia")
        )]
    );
}

#[test]
fn kompas_style_opener_and_role_before_name() {
    let text = "Sejauh ini informasi minim. ”Belum tahu, ” kata Kepala Dusun Nglahar Wahyu Wibowo.";
    let doc = doc_with(text, &[per("Wahyu Wibowo", &["Wahyu Wibowo"])]);
    assert_eq!(
        rows(&doc),
        vec![row(
            Direct,
            "Belum tahu,",
            "kata",
            Some("Wahyu Wibowo"),
            Some("Wahyu Wibowo")
        )]
    );
}

#[test]
fn split_quotation_has_one_speaker() {
    let text = "“A sudah siap,” kata Yang. “B juga siap.”";
    let doc = doc_with(text, &[per("Yang Jiechi", &["Yang"])]);
    assert_eq!(
        rows(&doc),
        vec![
            row(
                Direct,
                "A sudah siap,",
                "kata",
                Some("Yang Jiechi"),
                Some("Yang")
            ),
            row(
                Direct,
                "B juga siap.",
                "kata",
                Some("Yang Jiechi"),
                Some("Yang")
            ),
        ]
    );
}

#[test]
fn pre_posed_cues() {
    let text = "Putin mengatakan: “Kami tidak akan mundur.”";
    let doc = doc_with(text, &[per("Vladimir Putin", &["Putin"])]);
    assert_eq!(
        rows(&doc),
        vec![row(
            Direct,
            "Kami tidak akan mundur.",
            "mengatakan",
            Some("Vladimir Putin"),
            Some("Putin")
        )]
    );
    let text = "Putin seperti dikutip oleh media Rusia mengatakan, “Kami siap berunding.”";
    let doc = doc_with(text, &[per("Vladimir Putin", &["Putin"])]);
    assert_eq!(rows(&doc)[0].3.as_deref(), Some("Vladimir Putin"));
    assert_eq!(rows(&doc)[0].2.as_deref(), Some("mengatakan"));
}

#[test]
fn quotation_over_paragraphs() {
    let text = "“Paragraf satu.\n“Paragraf dua,” kata Susi.";
    let doc = doc_with(text, &[per("Susi Pudjiastuti", &["Susi"])]);
    assert_eq!(
        rows(&doc),
        vec![row(
            Direct,
            "Paragraf satu.\n“Paragraf dua,",
            "kata",
            Some("Susi Pudjiastuti"),
            Some("Susi")
        )]
    );
}

#[test]
fn said_on_from_the_cue_clause() {
    let text = "“Stok aman,” kata Susi saat dihubungi, Senin (27/2/2023) malam.";
    let doc = doc_with(text, &[per("Susi Pudjiastuti", &["Susi"])]);
    assert_eq!(doc.quotes.len(), 1);
    assert_eq!(doc.quotes[0].said_on.as_deref(), Some("2023-02-27"));
}

#[test]
fn a_date_after_publication_is_no_time_of_saying() {
    // A typo in the source ("2026" in an article of June 2025) must not date the quote a year later.
    let text = "“Stok aman,” kata Susi saat dihubungi, Selasa (17/6/2026) malam.";
    let published = |day: &str| Meta {
        published: Some(day.to_owned()),
        ..Meta::default()
    };
    let late = doc_with_meta(
        text,
        published("2025-06-18"),
        &[per("Susi Pudjiastuti", &["Susi"])],
    );
    assert_eq!(late.quotes.len(), 1);
    assert_eq!(late.quotes[0].said_on, None);
    let same_day = doc_with_meta(
        text,
        published("2026-06-17T10:00+07:00"),
        &[per("Susi Pudjiastuti", &["Susi"])],
    );
    assert_eq!(same_day.quotes[0].said_on.as_deref(), Some("2026-06-17"));
}

#[test]
fn indirect_speech() {
    let text =
        "Sementara itu, Vinsen Kia Beda mengatakan bahwa krisis air berdampak pada sanitasi.";
    let doc = doc_with(text, &[per("Vinsen Kia Beda", &["Vinsen Kia Beda"])]);
    assert_eq!(
        rows(&doc),
        vec![row(
            Indirect,
            "krisis air berdampak pada sanitasi",
            "mengatakan",
            Some("Vinsen Kia Beda"),
            Some("Vinsen Kia Beda")
        )]
    );
}

#[test]
fn indirect_speech_keeps_a_bracket_it_opened() {
    let text = "Ratna mengatakan, armada itu disetujui dalam rapat paripurna, Senin (27/10/2025).";
    let doc = doc_with(text, &[per("Ratna", &["Ratna"])]);
    assert_eq!(
        rows(&doc),
        vec![row(
            Indirect,
            "armada itu disetujui dalam rapat paripurna, Senin (27/10/2025)",
            "mengatakan",
            Some("Ratna"),
            Some("Ratna")
        )]
    );
}

#[test]
fn menurut_and_unmarked_post_posed_cue() {
    let text = "Gabriel Manek menjual air.\nMenurut Gabriel, di daerah itu terdapat sejumlah mata air.\nHarga air terus naik tahun ini, kata dia.";
    let doc = doc_with(text, &[per("Gabriel Manek", &["Gabriel Manek", "Gabriel"])]);
    assert_eq!(
        rows(&doc),
        vec![
            row(
                Indirect,
                "di daerah itu terdapat sejumlah mata air",
                "Menurut",
                Some("Gabriel Manek"),
                Some("Gabriel")
            ),
            row(
                Indirect,
                "Harga air terus naik tahun ini",
                "kata",
                Some("Gabriel Manek"),
                Some("dia")
            ),
        ]
    );
}

#[test]
fn credited_afterwards() {
    let text = "Pemerintah akan menambah anggaran bantuan sosial.\nHal itu disampaikan Sri Mulyani di Jakarta.";
    let doc = doc_with(text, &[per("Sri Mulyani Indrawati", &["Sri Mulyani"])]);
    assert_eq!(
        rows(&doc),
        vec![row(
            Indirect,
            "Pemerintah akan menambah anggaran bantuan sosial",
            "disampaikan",
            Some("Sri Mulyani Indrawati"),
            Some("Sri Mulyani")
        )]
    );
}

#[test]
fn mixed_quotation() {
    let text = "Yusri menegaskan polisi “tidak akan mundur” dalam kasus itu.";
    let doc = doc_with(text, &[per("Yusri Yunus", &["Yusri"])]);
    assert_eq!(
        rows(&doc),
        vec![row(
            Mixed,
            "polisi “tidak akan mundur” dalam kasus itu",
            "menegaskan",
            Some("Yusri Yunus"),
            Some("Yusri")
        )]
    );
}

#[test]
fn a_quotation_that_ends_the_sentence_stays_inside_the_reported_speech() {
    // The closing mark before the full stop belongs to the words quoted, so the reported speech
    // holds them and is mixed (it was cut before the mark and lost, the quotation too short alone).
    let text = "Yusri kemudian menyatakan pada Selasa (17/6) bahwa polisi mengetahui lokasi itu tetapi \
                tidak akan menutupnya “untuk saat ini”.";
    let doc = doc_with(text, &[per("Yusri Yunus", &["Yusri"])]);
    assert_eq!(
        rows(&doc),
        vec![row(
            Mixed,
            "polisi mengetahui lokasi itu tetapi tidak akan menutupnya “untuk saat ini”",
            "menyatakan",
            Some("Yusri Yunus"),
            Some("Yusri")
        )]
    );
}

#[test]
fn unknown_speaker_is_none() {
    // "katanya" with no person named before: no guess.
    let text = "Hujan turun sejak pagi.\n“Air sudah masuk rumah,” katanya.";
    let doc = doc_with(text, &[]);
    assert_eq!(
        rows(&doc),
        vec![(
            Direct,
            "Air sudah masuk rumah,".to_owned(),
            Some("katanya".to_owned()),
            None,
            None
        )]
    );
}

#[test]
fn scare_quotes_are_not_statements() {
    let doc = doc_with("Program “Kartu Prakerja” diluncurkan.", &[]);
    assert!(doc.quotes.is_empty());
}

#[test]
fn pull_quotes_removed_by_cleaning_are_never_quotes() {
    let text = "“Kami siap bekerja keras untuk rakyat.”\n“Kami siap bekerja keras untuk rakyat,” kata Yang.";
    let mut doc = Document::new(text, Meta::default());
    let first_line = text.find('\n').unwrap();
    doc.removed.push(Removed {
        kind: RemovedKind::PullQuote,
        span: Span::new(0, first_line),
    });
    QuoteStage.process(&mut doc).unwrap();
    assert_eq!(doc.quotes.len(), 1);
    assert!(doc.quotes[0].span.start > first_line);
}

#[test]
fn works_without_entities_or_segmentation() {
    let text = "“Kami siap,” kata Yang.";
    let doc = doc_with(text, &[]);
    assert_eq!(
        rows(&doc),
        vec![row(
            Direct,
            "Kami siap,",
            "kata",
            Some("Yang"),
            Some("Yang")
        )]
    );
    assert_eq!(doc.quotes[0].speaker.as_ref().unwrap().kind, None);
}

#[test]
fn a_quotation_that_never_closes() {
    let text = "“Kami akan terus berjuang sampai akhir demi rakyat kecil di desa";
    let doc = doc_with(text, &[]);
    assert_eq!(doc.quotes.len(), 1);
    assert_eq!(doc.slice(doc.quotes[0].span), &text["“".len()..]);
}

#[test]
fn hostile_inputs_do_not_panic() {
    // A 50,000-character paragraph of nested and alternating marks, an article of marks only, and
    // unbalanced marks: no panic, and every span lies inside the text. (Linear time is by
    // construction; the bench measures it.)
    let nested = "“‘«»’”\"".repeat(50_000 / 7);
    let alternating = "“ a ” kata ” b “ ujarnya \" ".repeat(2_000);
    let marks_only = "”\n“\n\"\n«\n»\n".repeat(1_000);
    for text in [
        nested.as_str(),
        alternating.as_str(),
        marks_only.as_str(),
        "”",
        "“",
        "kata",
        "",
    ] {
        let doc = doc_with(text, &[]);
        for q in &doc.quotes {
            assert!(q.span.end <= text.len());
            let _ = doc.slice(q.span);
        }
    }
}

#[test]
fn titles_between_marks_are_not_statements() {
    let text =
        "Ia berbicara dalam webinar ”Pilkada Sehat dan Covid-19 di Masa Pandemi” di Jakarta.";
    assert!(doc_with(text, &[]).quotes.is_empty());
}

/// The role of every quote's speaker, in order.
fn roles(doc: &Document) -> Vec<Option<String>> {
    doc.quotes
        .iter()
        .map(|q| q.speaker.as_ref().and_then(|s| s.role.clone()))
        .collect()
}

#[test]
fn role_before_the_name_ends_at_its_rank() {
    let text = "Sementara itu, Kepala Bidang Humas Polda Metro Jaya Kombes Yusri Yunus hadir.\n“Kami periksa,” kata Yusri.";
    let doc = doc_with(text, &[per("Yusri Yunus", &["Yusri Yunus", "Yusri"])]);
    assert_eq!(
        roles(&doc),
        vec![Some("Kepala Bidang Humas Polda Metro Jaya".to_owned())]
    );
}

#[test]
fn role_ends_at_an_honorific_and_stops_at_a_verb_but_not_at_an_office() {
    // The honorifics and ranks of warta's one titles list belong to the name ("Mbak", "Komisaris
    // Besar"); "menteri" has a verb's prefix and is an office all the same.
    let text = "Ketua Paguyuban Pedagang Pasar Lama Mbak Sari Utami hadir.\n“Kami siap,” kata Sari.\n\
                Tono Haryanto, wakil menteri luar negeri, hadir.\n“Kami bantu,” kata Tono.\n\
                Kepala Satuan Reserse Kriminal Komisaris Besar Dodi Prakoso hadir.\n“Jalan ditutup,” kata Dodi.";
    let doc = doc_with(
        text,
        &[
            per("Sari Utami", &["Sari Utami", "Sari"]),
            per("Tono Haryanto", &["Tono Haryanto", "Tono"]),
            per("Dodi Prakoso", &["Dodi Prakoso", "Dodi"]),
        ],
    );
    assert_eq!(
        roles(&doc),
        vec![
            Some("Ketua Paguyuban Pedagang Pasar Lama".to_owned()),
            Some("wakil menteri luar negeri".to_owned()),
            Some("Kepala Satuan Reserse Kriminal".to_owned()),
        ]
    );
}

#[test]
fn role_as_appositive_and_after_the_cue() {
    let text = "Rakhmat Hidayat, pengajar sosiologi Universitas Negeri Jakarta, hadir.\n“Itu berulang,” kata Rakhmat.";
    let doc = doc_with(
        text,
        &[per("Rakhmat Hidayat", &["Rakhmat Hidayat", "Rakhmat"])],
    );
    assert_eq!(
        roles(&doc),
        vec![Some(
            "pengajar sosiologi Universitas Negeri Jakarta".to_owned()
        )]
    );
    // No entity layer: the name after the role and its comma is the speaker.
    let text = "“Penularan kecil sekali di sini,” kata juru bicara Gugus Tugas Kabupaten Bekasi, Alamsyah, Rabu.";
    let doc = doc_with(text, &[]);
    let speaker = doc.quotes[0].speaker.as_ref().unwrap();
    assert_eq!(speaker.name, "Alamsyah");
    assert_eq!(
        speaker.role.as_deref(),
        Some("juru bicara Gugus Tugas Kabupaten Bekasi")
    );
}

#[test]
fn ordinary_people_have_no_role() {
    // A resident described by age and residence, a trader by trade: neither is a public role.
    let text = "“Harga naik terus sejak pekan lalu,” kata Eky Rahawarin (45), warga Ambon.\n“Pembeli juga makin sepi di pasar,” ujar Nasipah, pedagang bawang.";
    let doc = doc_with(
        text,
        &[
            per("Eky Rahawarin", &["Eky Rahawarin"]),
            per("Nasipah", &["Nasipah"]),
        ],
    );
    assert_eq!(roles(&doc), vec![None, None]);
}

#[test]
fn a_short_name_takes_the_role_stated_at_the_full_name() {
    let text = "Kepala Kepolisian Resor Kota Yogyakarta Komisaris Besar Kadarmanta Baskara Aji datang.\n“Kami berduka atas kepergian beliau,” kata Kadarmanta.";
    let doc = doc_with(text, &[]);
    assert_eq!(
        roles(&doc),
        vec![Some("Kepala Kepolisian Resor Kota Yogyakarta".to_owned())]
    );
}

#[test]
fn role_linked_by_a_verb_or_an_affiliation_after_dari() {
    let text = "Saat ini, Juda Agung menjabat sebagai Kepala Departemen Kebijakan Ekonomi.\n“Inflasi terkendali sampai akhir tahun,” ujar Juda Agung.\n“Penumpang masih saja mengobrol di telepon,” kata Alfred Sitorus dari Koalisi Pejalan Kaki.\n“Kami tinggal di sini sejak kecil sekali,” kata Budi dari Desa Sukamaju.";
    let doc = doc_with(text, &[]);
    assert_eq!(
        roles(&doc),
        vec![
            Some("Kepala Departemen Kebijakan Ekonomi".to_owned()),
            Some("Koalisi Pejalan Kaki".to_owned()),
            None,
        ]
    );
}

#[test]
fn neighbourhood_offices_are_not_public_roles() {
    let text =
        "“Sayuran kami bagikan gratis kepada warga,” kata Rafael Sugito, Ketua RT 003 RW 007.";
    assert_eq!(roles(&doc_with(text, &[])), vec![None]);
}

/// Scraped pages whose opening marks were stripped or moved, flattened into one paragraph (the
/// pattern of `news/detik-kompas-suara-2024.jsonl`, written anew here).
#[test]
fn damaged_punctuation_in_a_flattened_page() {
    let lead = "Dinas Perhubungan menutup jalan di pusat kota selama pekan ini. ".repeat(30);
    let text = format!(
        "{lead}Penutupan berlaku sampai Minggu malam. Kami minta warga memakai jalur lain,\" kata Budi Santoso kepada wartawan. Ia menjelaskan rambu sudah dipasang. Petugas berjaga di setiap simpang,\" ujarnya. \" Budi mengatakan pihaknya menyiapkan bus gratis. Busnya berangkat tiap sepuluh menit,\" tuturnya."
    );
    let doc = doc_with(&text, &[per("Budi Santoso", &["Budi Santoso", "Budi"])]);
    let direct: Vec<(String, Option<String>)> = doc
        .quotes
        .iter()
        .filter(|q| q.kind == Direct)
        .map(|q| {
            (
                doc.slice(q.span).to_owned(),
                q.speaker.as_ref().map(|s| s.name.clone()),
            )
        })
        .collect();
    let budi = Some("Budi Santoso".to_owned());
    assert_eq!(
        direct,
        vec![
            // Not the whole page before the closer: its own sentence.
            (
                "Kami minta warga memakai jalur lain,".to_owned(),
                budi.clone()
            ),
            // Not the previous quotation's cue clause.
            (
                "Petugas berjaga di setiap simpang,".to_owned(),
                budi.clone()
            ),
            // The moved opener stood before reported speech.
            (
                "Busnya berangkat tiap sepuluh menit,".to_owned(),
                budi.clone()
            ),
        ]
    );
    // The reported sentence is reported speech.
    assert!(
        doc.quotes
            .iter()
            .any(|q| q.kind == Indirect && doc.slice(q.span) == "pihaknya menyiapkan bus gratis")
    );
}

#[test]
fn a_stray_opener_closed_by_the_next_opener_is_no_quotation() {
    let text = "Polisi memeriksa tiga saksi. \" Pemeriksaan berlangsung hingga sore hari ini. \" Kami belum menetapkan tersangka,\" kata Yusri.";
    let doc = doc_with(text, &[per("Yusri", &["Yusri"])]);
    assert_eq!(
        rows(&doc),
        vec![row(
            Direct,
            "Kami belum menetapkan tersangka,",
            "kata",
            Some("Yusri"),
            Some("Yusri")
        )]
    );
}

#[test]
fn a_name_between_commas_after_an_organisation() {
    let text = "“Rekapitulasi suara selesai hari ini juga,” terang Ketua KPUD Muna, Kubais, Senin (7/9/2020).";
    let doc = doc_with(
        text,
        &[Ent {
            label: EntityLabel::Organisation,
            name: "KPUD Muna",
            forms: &["KPUD Muna"],
            role: None,
        }],
    );
    let speaker = doc.quotes[0].speaker.as_ref().unwrap();
    assert_eq!(speaker.name, "Kubais");
    assert_eq!(speaker.role.as_deref(), Some("Ketua KPUD Muna"));
}

#[test]
fn entity_roles_are_held_to_the_public_role_rules() {
    let text = "“Lukanya masih nyeri pada malam hari,” kata Rehan.";
    let role_of = |role: &str| {
        let doc = doc_with(
            text,
            &[Ent {
                label: EntityLabel::Person,
                name: "Rehan",
                forms: &["Rehan"],
                role: Some(role),
            }],
        );
        doc.quotes[0].speaker.as_ref().unwrap().role.clone()
    };
    // A role read past a verb, a neighbourhood office: no public role.
    assert_eq!(role_of("Kepala LPSK Hasto menyarankan keluarga"), None);
    assert_eq!(role_of("Ketua RT 003 RW 007"), None);
    assert_eq!(
        role_of("Direktur Utama PT Pelni").as_deref(),
        Some("Direktur Utama PT Pelni")
    );
}

#[test]
fn a_short_name_that_starts_the_full_one_takes_its_role() {
    let text = "Wali Kota Surabaya Tri Rismaharini meresmikan alun-alun.\n“Alun-alun ini untuk warga kota,” kata Risma.";
    let doc = doc_with(text, &[per("Tri Rismaharini", &["Tri Rismaharini"])]);
    assert_eq!(roles(&doc), vec![Some("Wali Kota Surabaya".to_owned())]);
}

#[test]
fn indirect_speech_with_verbs_of_assuring_estimating_and_a_clitic_source() {
    let text = "Rudi Hartanto memastikan jembatan baru selesai akhir tahun ini.\n\
        Menurutnya, biaya pembangunan masih sesuai rencana awal.\n\
        Baginya, keselamatan pekerja tetap yang utama.\n\
        Rudi juga memperkirakan jumlah pengendara naik dua kali lipat.\n\
        Mengutip Antara, harga semen turun pekan lalu di Surabaya.";
    let doc = doc_with(
        text,
        &[
            per("Rudi Hartanto", &["Rudi Hartanto", "Rudi"]),
            Ent {
                label: EntityLabel::Organisation,
                name: "Antara",
                forms: &["Antara"],
                role: None,
            },
        ],
    );
    assert_eq!(
        rows(&doc),
        vec![
            row(
                Indirect,
                "jembatan baru selesai akhir tahun ini",
                "memastikan",
                Some("Rudi Hartanto"),
                Some("Rudi Hartanto")
            ),
            row(
                Indirect,
                "biaya pembangunan masih sesuai rencana awal",
                "Menurutnya",
                Some("Rudi Hartanto"),
                Some("nya")
            ),
            row(
                Indirect,
                "keselamatan pekerja tetap yang utama",
                "Baginya",
                Some("Rudi Hartanto"),
                Some("nya")
            ),
            row(
                Indirect,
                "jumlah pengendara naik dua kali lipat",
                "memperkirakan",
                Some("Rudi Hartanto"),
                Some("Rudi")
            ),
            row(
                Indirect,
                "harga semen turun pekan lalu di Surabaya",
                "Mengutip",
                Some("Antara"),
                Some("Antara")
            ),
        ]
    );
}

#[test]
fn a_rank_abbreviation_and_an_office_alone_name_the_speaker() {
    let text = "Dokter anak Sinta Maharani memeriksa pasien.\n\
        “Jangan tunda imunisasi,” ujar dr. Sinta.\n\
        Majelis dipimpin Dewi Anggraeni.\n\
        “Terdakwa terbukti bersalah,” ujar hakim.\n\
        Hakim menyatakan terdakwa wajib membayar denda.";
    let doc = doc_with(
        text,
        &[
            per("Sinta Maharani", &["Sinta Maharani", "Sinta"]),
            Ent {
                label: EntityLabel::Person,
                name: "Dewi Anggraeni",
                forms: &["Dewi Anggraeni"],
                role: Some("Hakim Ketua"),
            },
        ],
    );
    let got: Vec<(String, Option<String>)> = rows(&doc).into_iter().map(|r| (r.1, r.3)).collect();
    assert_eq!(
        got,
        vec![
            (
                "Jangan tunda imunisasi,".to_owned(),
                Some("Sinta Maharani".to_owned())
            ),
            (
                "Terdakwa terbukti bersalah,".to_owned(),
                Some("Dewi Anggraeni".to_owned())
            ),
            (
                "terdakwa wajib membayar denda".to_owned(),
                Some("Dewi Anggraeni".to_owned())
            ),
        ]
    );
}

#[test]
fn an_office_held_by_two_people_names_nobody() {
    let text = "Hakim Ketua Dewi Anggraeni dan hakim anggota Rudi Santoso hadir.\n\
        “Terdakwa terbukti bersalah,” ujar hakim.";
    let doc = doc_with(
        text,
        &[
            Ent {
                label: EntityLabel::Person,
                name: "Dewi Anggraeni",
                forms: &["Dewi Anggraeni"],
                role: Some("Hakim Ketua"),
            },
            Ent {
                label: EntityLabel::Person,
                name: "Rudi Santoso",
                forms: &["Rudi Santoso"],
                role: Some("hakim anggota"),
            },
        ],
    );
    assert_eq!(doc.quotes.len(), 1);
    assert_eq!(doc.quotes[0].speaker, None);
}

#[test]
fn dirinya_is_a_pronoun_not_a_name() {
    let text = "Rina Kusuma tiba di lokasi.\nDirinya mengatakan bantuan akan datang besok pagi.";
    let doc = doc_with(text, &[per("Rina Kusuma", &["Rina Kusuma"])]);
    assert_eq!(
        rows(&doc),
        vec![row(
            Indirect,
            "bantuan akan datang besok pagi",
            "mengatakan",
            Some("Rina Kusuma"),
            Some("Dirinya")
        )]
    );
}

#[test]
fn a_quotation_without_a_cue_continues_the_statement_before_it() {
    let text = "Kepala dinas Rina Kusuma menjelaskan, perbaikan jalan dimulai bulan depan.\n\
        “Kami sudah menyiapkan anggaran untuk seluruh ruas jalan itu.”\n\
        Proyek itu diawasi Budi Santoso dari DPRD.\n\
        “Semua pekerjaan harus selesai sebelum musim hujan tiba.”";
    let doc = doc_with(
        text,
        &[
            per("Rina Kusuma", &["Rina Kusuma"]),
            per("Budi Santoso", &["Budi Santoso"]),
        ],
    );
    let got: Vec<(String, Option<String>)> = rows(&doc).into_iter().map(|r| (r.1, r.3)).collect();
    assert_eq!(
        got,
        vec![
            (
                "perbaikan jalan dimulai bulan depan".to_owned(),
                Some("Rina Kusuma".to_owned())
            ),
            (
                "Kami sudah menyiapkan anggaran untuk seluruh ruas jalan itu.".to_owned(),
                Some("Rina Kusuma".to_owned())
            ),
            // Someone else is named in between, and nobody is quoted saying it: no speaker.
            (
                "Semua pekerjaan harus selesai sebelum musim hujan tiba.".to_owned(),
                None
            ),
        ]
    );
}
