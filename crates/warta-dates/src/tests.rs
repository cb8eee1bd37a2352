//! Hand-checked fixtures. Weekdays were checked against a calendar: 27 Feb 2023 was a Monday, 13 Sep
//! 2023 a Wednesday.

use warta_core::{DateGrain, Document, Meta, Span, Stage};

use super::*;

fn dates(text: &str, published: Option<&str>) -> Vec<(String, String, DateGrain)> {
    let mut doc = Document::new(
        text,
        Meta {
            published: published.map(str::to_owned),
            ..Meta::default()
        },
    );
    DateStage.process(&mut doc).unwrap();
    doc.dates
        .iter()
        .map(|d| (doc.slice(d.span).to_owned(), d.value.clone(), d.grain))
        .collect()
}

fn one(text: &str, published: Option<&str>) -> (String, String, DateGrain) {
    let all = dates(text, published);
    assert_eq!(all.len(), 1, "{text}: {all:?}");
    all.into_iter().next().unwrap()
}

#[test]
fn weekday_with_numeric_date() {
    let (span, value, grain) = one("kata Susi saat dihubungi, Senin (27/2/2023) malam.", None);
    assert_eq!(span, "Senin (27/2/2023)");
    assert_eq!(value, "2023-02-27");
    assert_eq!(grain, DateGrain::Day);
}

#[test]
fn hari_lowercase_weekday_and_two_digit_year() {
    let (span, value, _) = one("Ia datang hari rabu (13/9/23) pagi.", None);
    assert_eq!(span, "hari rabu (13/9/23)");
    assert_eq!(value, "2023-09-13");
}

#[test]
fn tokenised_numeric_date() {
    // PFSA-ID's detokenised text may keep the spaces of its tokens.
    let (span, value, _) = one("kata Presiden , Senin ( 13 / 04 / 2020 ) .", None);
    assert_eq!(span, "Senin ( 13 / 04 / 2020 )");
    assert_eq!(value, "2020-04-13");
}

#[test]
fn written_dates_months_and_years() {
    let got = dates(
        "Pada 13 September 2023 rapat digelar; pada September 2023 juga; sejak tahun 2022.",
        None,
    );
    assert_eq!(
        got,
        vec![
            (
                "13 September 2023".into(),
                "2023-09-13".into(),
                DateGrain::Day
            ),
            ("September 2023".into(), "2023-09".into(), DateGrain::Month),
            ("tahun 2022".into(), "2022".into(), DateGrain::Year),
        ]
    );
}

#[test]
fn relative_expressions_use_the_publication_date() {
    // Published Wednesday 13 September 2023, ISO week 37.
    let published = Some("2023-09-13T10:00:00+07:00");
    assert_eq!(one("Ia tiba kemarin.", published).1, "2023-09-12");
    assert_eq!(one("Ia tiba kemarin lusa.", published).1, "2023-09-11");
    assert_eq!(one("Ia datang besok.", published).1, "2023-09-14");
    let (_, value, grain) = one("Rapat digelar pekan lalu.", published);
    assert_eq!((value.as_str(), grain), ("2023-W36", DateGrain::Week));
    let (_, value, grain) = one("Aturan berlaku bulan depan.", published);
    assert_eq!((value.as_str(), grain), ("2023-10", DateGrain::Month));
    assert_eq!(one("Harga naik tahun lalu.", published).1, "2022");
    assert_eq!(
        one("Kasus itu terjadi 3 hari lalu.", published).1,
        "2023-09-10"
    );
}

#[test]
fn weekdays_resolve_to_the_latest_one() {
    let published = Some("2023-09-13");
    // Monday before Wednesday 13 September.
    assert_eq!(one("Ia ditangkap Senin.", published).1, "2023-09-11");
    // The same weekday as publication: that day, or the week before with "lalu".
    assert_eq!(one("Ia bicara Rabu.", published).1, "2023-09-13");
    assert_eq!(one("Ia bicara Rabu lalu.", published).1, "2023-09-06");
    assert_eq!(
        one("Sidang digelar Jumat depan.", published).1,
        "2023-09-15"
    );
}

#[test]
fn minggu_is_a_week_unless_it_cannot_be() {
    let published = Some("2023-09-13");
    assert_eq!(one("Ia pulang minggu lalu.", published).2, DateGrain::Week);
    assert_eq!(one("Ia pulang pada Minggu.", published).1, "2023-09-10");
    assert!(dates("Minggu kedua bulan ini", None).is_empty());
}

#[test]
fn clock_times_attach_to_their_date() {
    let got = dates("Senin (27/2/2023) pukul 19.30 WIB, polisi tiba.", None);
    assert_eq!(got[1].0, "pukul 19.30 WIB");
    assert_eq!(got[1].1, "2023-02-27T19:30+07:00");
    assert_eq!(got[1].2, DateGrain::Minute);
    let got = dates("Acara dimulai pukul 08.00 WITA.", Some("2025-06-10"));
    assert_eq!(got[0].1, "2025-06-10T08:00+08:00");
}

#[test]
fn first_full_date_is_the_reference_without_metadata() {
    let got = dates("Rabu (13/9/2023). Kemarin, ia datang.", None);
    assert_eq!(
        got[1],
        ("Kemarin".into(), "2023-09-12".into(), DateGrain::Day)
    );
}

#[test]
fn relative_expressions_without_reference_are_dropped() {
    assert!(dates("Ia datang kemarin.", None).is_empty());
}

#[test]
fn ordinary_words_are_not_dates() {
    // "mei" and "des" need a capital and a year; a plain number is not a year.
    assert!(dates("ia mei 2000 orang, des 2023 unit, dan 2022 lainnya", None).is_empty());
    assert!(dates("Harga Rp 2.000 per 1/2 kilogram", None).is_empty());
}

#[test]
fn removed_spans_are_skipped() {
    let mut doc = Document::new(
        "Foto: Senin (27/2/2023). Ia datang Selasa (28/2/2023).",
        Meta::default(),
    );
    doc.removed.push(warta_core::Removed {
        kind: warta_core::RemovedKind::Caption,
        span: Span::new(0, 24),
    });
    DateStage.process(&mut doc).unwrap();
    assert_eq!(doc.dates.len(), 1);
    assert_eq!(doc.dates[0].value, "2023-02-28");
}

#[test]
fn metadata_dates() {
    assert_eq!(
        parse_published("Diperbarui 18 Jun 2025, 14:05 WIB").as_deref(),
        Some("2025-06-18T14:05+07:00")
    );
    assert_eq!(
        parse_published("Selasa, 10 Jun 2025 14:05 WIB").as_deref(),
        Some("2025-06-10T14:05+07:00")
    );
    assert_eq!(
        parse_published(",\u{a0}Jurnalis-Senin, 16 Juni 2025 |15:20 WIB").as_deref(),
        Some("2025-06-16T15:20+07:00")
    );
    assert_eq!(
        parse_published("18 Juni 2025 | 20.04 WIB").as_deref(),
        Some("2025-06-18T20:04+07:00")
    );
    // A truncated zone: the time stays, without an offset.
    assert_eq!(
        parse_published("Sabtu, 14 Juni 2025 |15:37 WI").as_deref(),
        Some("2025-06-14T15:37")
    );
    assert_eq!(
        parse_published("2024-02-12T10:15:00+07:00").as_deref(),
        Some("2024-02-12T10:15:00+07:00")
    );
    assert_eq!(parse_published("kemarin"), None);
    assert_eq!(parse_published(""), None);
}

#[test]
fn no_panic_on_odd_input() {
    for text in [
        "",
        "(",
        "pukul",
        "pukul 99.99",
        "31/2/2023",
        "Senin (",
        "1/1/",
        "tahun",
        "\u{301}ő",
    ] {
        let _ = dates(text, Some("2023-01-01"));
        let _ = parse_published(text);
    }
}
