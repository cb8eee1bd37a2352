//! Main text and metadata from pages shaped like Indonesian outlets' (fixtures written for these
//! tests): nested layouts, inline "Baca juga" boxes, captions, ads, pagination, JSON-LD, non-UTF-8.

use warta_ingest::html::extract;
use warta_ingest::{DecodeOptions, Decoded, InputFormat, RawRecord, Sources, decode_page};

fn decode_file(name: &str) -> Decoded {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let mut records: Vec<RawRecord> = Sources::new([path.into()], InputFormat::Auto)
        .collect::<Result<_, _>>()
        .expect("the fixture reads");
    assert_eq!(records.len(), 1);
    records
        .remove(0)
        .decode(DecodeOptions::default())
        .expect("the page decodes")
}

#[test]
fn kompas_like_page_gives_body_and_json_ld_metadata() {
    let Decoded::Article(article) = decode_file("kompas-like.html") else {
        panic!("an article is found")
    };
    let expected = [
        "JAKARTA, KOMPAS.com - Komisi Pemberantasan Korupsi (KPK) memeriksa tiga saksi dalam kasus dugaan korupsi pengadaan alat kesehatan di Kabupaten Bogor, Senin (3/11/2025).",
        "Juru Bicara KPK Budi Prasetyo mengatakan, ketiga saksi itu merupakan pejabat dinas kesehatan setempat.",
        "“Para saksi didalami pengetahuannya soal proses lelang dan penunjukan pemenang,” kata Budi di Gedung Merah Putih KPK, Jakarta.",
        "Menurut Budi, penyidik juga menyita sejumlah dokumen dari kantor dinas tersebut pekan lalu.",
        "Ia menegaskan KPK tidak akan berhenti pada tiga saksi tersebut.",
    ]
    .join("\n\n");
    assert_eq!(article.text, expected);
    let meta = &article.meta;
    assert_eq!(
        meta.title.as_deref(),
        Some("KPK Periksa Tiga Saksi Kasus Pengadaan Alat Kesehatan"),
        "JSON-LD headline wins over og:title and <title>"
    );
    assert_eq!(
        meta.url.as_deref(),
        Some(
            "https://nasional.contoh-kompas.example/read/2025/11/03/14200011/kpk-periksa-tiga-saksi"
        )
    );
    assert_eq!(meta.published.as_deref(), Some("2025-11-03T14:20:00+07:00"));
    assert_eq!(meta.author.as_deref(), Some("Irfan Kamil, Dani Prabowo"));
    assert_eq!(meta.source.as_deref(), Some("Kompas.com"));
}

#[test]
fn kompas_like_page_section_and_modified_date() {
    let html = std::fs::read_to_string(format!(
        "{}/tests/fixtures/kompas-like.html",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let page = extract(&html, Some("https://amp.contoh-kompas.example/x"));
    assert_eq!(page.meta.section.as_deref(), Some("Nasional"));
    assert_eq!(
        page.meta.modified.as_deref(),
        Some("2025-11-03T15:02:00+07:00")
    );
    assert_eq!(page.meta.lang.as_deref(), Some("id"));
    assert_eq!(
        page.meta.other_urls,
        ["https://amp.contoh-kompas.example/x"],
        "the address it was fetched from is kept next to the canonical one"
    );
}

#[test]
fn detik_like_windows_1252_page_with_meta_tags() {
    let Decoded::Article(article) = decode_file("detik-like.html") else {
        panic!("an article is found")
    };
    let expected = [
        "Jakarta - Menteri Perdagangan mengatakan harga beras akan turun pekan depan.",
        "“Stok kami cukup sampai akhir tahun,” ujarnya kepada wartawan di Café Batavia, Rabu (18/6/2025).",
        "Ia menambahkan, pemerintah akan mengawasi distribusi di pasar tradisional.",
        "(abc/def)",
    ]
    .join("\n\n");
    assert_eq!(article.text, expected);
    let meta = &article.meta;
    assert_eq!(
        meta.title.as_deref(),
        Some("Menteri: Harga Beras Turun Pekan Depan")
    );
    assert_eq!(
        meta.url.as_deref(),
        Some("https://news.contoh-detik.example/berita/d-7000001/menteri-harga-beras")
    );
    assert_eq!(meta.published.as_deref(), Some("2025-06-18T14:05:00"));
    assert_eq!(meta.author.as_deref(), Some("Andi Saputra"));
    assert_eq!(meta.source.as_deref(), Some("detiknews"));
}

#[test]
fn iso_8859_1_declared_in_http_header() {
    // "é" is E9 in ISO-8859-1; the page itself declares nothing.
    let page = decode_page(b"<p>Caf\xe9</p>", Some("ISO-8859-1"));
    assert_eq!(page.text, "<p>Café</p>");
    assert_eq!(page.encoding, "windows-1252");
}

#[test]
fn ten_thousand_nested_elements_cost_no_stack() {
    let depth = 10_000;
    let html = format!(
        "<html><body>{}<p>Teks yang terkubur sangat dalam di halaman ini.</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let page = extract(&html, None);
    assert_eq!(page.text, "Teks yang terkubur sangat dalam di halaman ini.");
}

#[test]
fn pagination_and_inline_boxes_are_dropped_but_sentences_mentioning_them_are_not() {
    let html = r#"<html><body><article>
        <p>Paragraf pertama berita ini cukup panjang untuk dipilih sebagai isi utama halaman.</p>
        <p>Baca Juga : Berita Terkait Lainnya</p>
        <p>Warga membaca juga pengumuman di halaman 2 surat kabar itu.</p>
        <p>Halaman 1 2 3 Selanjutnya</p>
        <p>Tampilkan Semua</p>
        <p>Paragraf terakhir.</p>
    </article></body></html>"#;
    let page = extract(html, None);
    assert_eq!(
        page.text,
        "Paragraf pertama berita ini cukup panjang untuk dipilih sebagai isi utama halaman.\n\n\
         Warga membaca juga pengumuman di halaman 2 surat kabar itu.\n\n\
         Paragraf terakhir."
    );
}

#[test]
fn a_page_without_article_text_is_skipped() {
    let record = RawRecord {
        origin: warta_ingest::Origin::file("kosong.html".into()),
        file_offset: Some(0),
        payload: warta_ingest::Payload::Html {
            bytes: b"<html><head><title>Menu</title><script>var a = 1;</script></head><body><nav>Beranda</nav></body></html>".to_vec(),
            url: None,
            charset: None,
            lang: None,
        },
    };
    assert!(matches!(
        record.decode(DecodeOptions::default()).unwrap(),
        Decoded::Skipped {
            reason: warta_ingest::SkipReason::NoArticleText,
            ..
        }
    ));
}

#[test]
fn an_english_page_is_skipped_unless_any_language_is_asked_for() {
    let html = "<html><body><article><p>The government said on Monday that the new bridge would open to traffic next month, after two years of construction and several delays caused by heavy rain.</p><p>Officials expect the bridge to cut travel times between the two cities by half.</p></article></body></html>";
    let record = || RawRecord {
        origin: warta_ingest::Origin::file("english.html".into()),
        file_offset: Some(0),
        payload: warta_ingest::Payload::Html {
            bytes: html.as_bytes().to_vec(),
            url: None,
            charset: None,
            lang: None,
        },
    };
    assert!(matches!(
        record().decode(DecodeOptions::default()).unwrap(),
        Decoded::Skipped {
            reason: warta_ingest::SkipReason::NotIndonesian,
            ..
        }
    ));
    let any = DecodeOptions {
        indonesian_only: false,
        ..DecodeOptions::default()
    };
    assert!(matches!(record().decode(any).unwrap(), Decoded::Article(_)));
}

#[test]
fn a_page_over_the_limit_is_a_clear_error() {
    let big = format!(
        "<html><body><p>{}</p></body></html>",
        "Kata ".repeat(11 << 20)
    );
    let record = RawRecord {
        origin: warta_ingest::Origin::file("besar.html".into()),
        file_offset: Some(0),
        payload: warta_ingest::Payload::Html {
            bytes: big.into_bytes(),
            url: None,
            charset: None,
            lang: None,
        },
    };
    let err = record.decode(DecodeOptions::default()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("besar.html: page of 57671713 bytes exceeds the limit of 16777216 bytes"),
        "{err}"
    );
}
