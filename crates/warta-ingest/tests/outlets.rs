//! Pages shaped like those of the Indonesian outlets warta reads, written for these tests: each has
//! the outlet's kind of layout (nesting, class names, where the metadata is) and its kind of furniture
//! among the paragraphs ("Baca juga" boxes, pagination, captions, ads, video embeds), and each test
//! states the whole text and the metadata a reader of the page would take from it.

use warta_ingest::html::extract;
use warta_ingest::{DecodeOptions, Decoded, Origin, Payload, RawRecord};

fn paragraphs(lines: &[&str]) -> String {
    lines.join("\n\n")
}

/// Decodes raw page bytes the way a WARC record or a saved file is decoded (charset included).
fn decode(bytes: &[u8], url: &str) -> warta_ingest::Article {
    let record = RawRecord {
        origin: Origin::file("page.html".into()),
        file_offset: Some(0),
        payload: Payload::Html {
            bytes: bytes.to_vec(),
            url: Some(url.to_owned()),
            charset: None,
            lang: None,
        },
    };
    match record.decode(DecodeOptions::default()) {
        Ok(Decoded::Article(article)) => article,
        other => panic!("no article: {other:?}"),
    }
}

#[test]
fn tribunnews_pagination_inline_related_links_and_json_ld_authors() {
    let html = r#"<!DOCTYPE html><html lang="id-ID"><head>
<title>Harga Cabai di Pasar Induk Naik Dua Kali Lipat - Tribunnews.com</title>
<link rel="canonical" href="https://www.tribun-contoh.example/bisnis/2025/11/03/harga-cabai-naik">
<meta property="og:title" content="Harga Cabai di Pasar Induk Naik Dua Kali Lipat">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Harga Cabai di Pasar Induk Naik Dua Kali Lipat","datePublished":"2025-11-03T09:15:00+07:00",
"dateModified":"2025-11-03T10:02:00+07:00","articleSection":"Bisnis",
"author":[{"@type":"Person","name":"Nur Aini"},{"@type":"Person","name":"Willy Widianto"}],
"publisher":{"@type":"Organization","name":"Tribunnews.com"}}</script>
</head><body>
<div id="header"><ul class="menu"><li><a href="/">Home</a></li><li><a href="/bisnis">Bisnis</a></li></ul></div>
<div class="main"><div class="content"><div id="article">
  <h1 id="arttitle">Harga Cabai di Pasar Induk Naik Dua Kali Lipat</h1>
  <div class="credit">Penulis: Nur Aini | Editor: Willy Widianto</div>
  <div class="side-article txt-article multi-fontsize">
    <p><strong>TRIBUNNEWS.COM, JAKARTA</strong> - Harga cabai rawit di Pasar Induk Kramat Jati naik dua kali lipat dalam sepekan terakhir.</p>
    <p class="baca">Baca juga: <a href="/x">Pedagang Keluhkan Pasokan Bawang Merah</a></p>
    <p>Seorang pedagang, Sutrisno, mengatakan pasokan dari Jawa Tengah berkurang karena hujan.</p>
    <p>"Biasanya satu kilo Rp 40.000, sekarang sudah Rp 80.000," ujar Sutrisno, Senin (3/11/2025).</p>
    <div class="ads-on-body"><div id="div-gpt-ad-1">Advertisement</div></div>
    <p>Dinas Perdagangan DKI Jakarta berjanji menggelar operasi pasar pekan ini.</p>
    <div class="paging"><span>Halaman</span> <a>1</a> <a>2</a> <a>3</a> <a>Selanjutnya</a></div>
    <p>Halaman 1 2 3</p>
  </div>
  <div class="tags"><a>cabai</a><a>harga pangan</a></div>
</div></div>
<div class="sidebar"><h3>Terpopuler</h3><p>Berita lain yang sangat populer hari ini di seluruh Indonesia dan dunia.</p></div>
</div></body></html>"#;
    let page = extract(html, None);
    assert_eq!(
        page.text,
        paragraphs(&[
            "TRIBUNNEWS.COM, JAKARTA - Harga cabai rawit di Pasar Induk Kramat Jati naik dua kali lipat dalam sepekan terakhir.",
            "Seorang pedagang, Sutrisno, mengatakan pasokan dari Jawa Tengah berkurang karena hujan.",
            "\"Biasanya satu kilo Rp 40.000, sekarang sudah Rp 80.000,\" ujar Sutrisno, Senin (3/11/2025).",
            "Dinas Perdagangan DKI Jakarta berjanji menggelar operasi pasar pekan ini.",
        ])
    );
    let meta = &page.meta;
    assert_eq!(
        meta.title.as_deref(),
        Some("Harga Cabai di Pasar Induk Naik Dua Kali Lipat")
    );
    assert_eq!(
        meta.url.as_deref(),
        Some("https://www.tribun-contoh.example/bisnis/2025/11/03/harga-cabai-naik")
    );
    assert_eq!(meta.author.as_deref(), Some("Nur Aini, Willy Widianto"));
    assert_eq!(meta.published.as_deref(), Some("2025-11-03T09:15:00+07:00"));
    assert_eq!(meta.modified.as_deref(), Some("2025-11-03T10:02:00+07:00"));
    assert_eq!(meta.section.as_deref(), Some("Bisnis"));
    assert_eq!(meta.source.as_deref(), Some("Tribunnews.com"));
    assert_eq!(meta.lang.as_deref(), Some("id-ID"));
}

#[test]
fn liputan6_graph_json_ld_opengraph_and_inserted_boxes() {
    let html = r#"<html><head>
<meta property="og:title" content="KPU Tetapkan Jadwal Debat Kedua">
<meta property="og:url" content="https://www.liputan-contoh.example/news/read/6000001/kpu-tetapkan-jadwal-debat">
<meta property="og:site_name" content="liputan6.com">
<meta property="og:locale" content="id_ID">
<meta property="article:section" content="News">
<meta name="author" content="Delvira Hutabarat">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"BreadcrumbList","itemListElement":[]},
 {"@type":"WebPage","name":"Halaman"},
 {"@type":"NewsArticle","headline":"KPU Tetapkan Jadwal Debat Kedua Calon Kepala Daerah","datePublished":"2025-10-20T19:30:12+07:00"}]}</script>
</head><body>
<article class="main">
 <header class="read-page--header"><h1>KPU Tetapkan Jadwal Debat Kedua</h1></header>
 <figure class="read-page--photo-gallery"><img src="x.jpg"><figcaption>Ketua KPU saat jumpa pers. (Liputan6.com/Angga)</figcaption></figure>
 <div class="article-content-body">
  <div class="article-content-body__item-page" data-page="1">
   <div class="article-content-body__item-content">
    <p><b>Liputan6.com, Jakarta</b> - Komisi Pemilihan Umum (KPU) menetapkan jadwal debat kedua calon kepala daerah pada akhir bulan ini.</p>
    <p>Ketua KPU menyebut debat akan digelar di Jakarta dan disiarkan langsung oleh televisi nasional.</p>
    <div class="baca-juga-collections"><div class="baca-juga-collections__title">Baca Juga</div>
     <ul><li><a>Jadwal Lengkap Tahapan Pilkada</a></li><li><a>Debat Pertama Berlangsung Panas</a></li></ul></div>
    <div class="advertisement-text">Advertisement</div>
    <p>Tema debat kedua adalah ekonomi dan kesejahteraan masyarakat.</p>
   </div>
  </div>
  <div class="article-content-body__item-page" data-page="2">
   <div class="article-content-body__item-content">
    <p>Para kandidat diminta hadir satu jam sebelum acara dimulai.</p>
    <p>Simak Video Pilihan Berikut Ini:</p>
   </div>
  </div>
 </div>
</article></body></html>"#;
    let page = extract(
        html,
        Some("https://m.liputan-contoh.example/news/read/6000001"),
    );
    assert_eq!(
        page.text,
        paragraphs(&[
            "Liputan6.com, Jakarta - Komisi Pemilihan Umum (KPU) menetapkan jadwal debat kedua calon kepala daerah pada akhir bulan ini.",
            "Ketua KPU menyebut debat akan digelar di Jakarta dan disiarkan langsung oleh televisi nasional.",
            "Tema debat kedua adalah ekonomi dan kesejahteraan masyarakat.",
            "Para kandidat diminta hadir satu jam sebelum acara dimulai.",
        ]),
        "both pages of the article, without the box, the ad, the caption and the video prompt"
    );
    let meta = &page.meta;
    assert_eq!(
        meta.title.as_deref(),
        Some("KPU Tetapkan Jadwal Debat Kedua Calon Kepala Daerah"),
        "the NewsArticle of the @graph, not the WebPage"
    );
    assert_eq!(
        meta.url.as_deref(),
        Some("https://www.liputan-contoh.example/news/read/6000001/kpu-tetapkan-jadwal-debat")
    );
    assert_eq!(
        meta.other_urls,
        ["https://m.liputan-contoh.example/news/read/6000001"]
    );
    assert_eq!(meta.published.as_deref(), Some("2025-10-20T19:30:12+07:00"));
    assert_eq!(meta.author.as_deref(), Some("Delvira Hutabarat"));
    assert_eq!(meta.source.as_deref(), Some("liputan6.com"));
    assert_eq!(meta.section.as_deref(), Some("News"));
    assert_eq!(meta.lang.as_deref(), Some("id-ID"));
}

#[test]
fn cnn_indonesia_text_between_line_breaks_video_embeds_and_link_tables() {
    let html = r#"<html lang="id"><head><title>Gempa M 5,2 Guncang Sukabumi</title>
<meta name="title" content="Gempa M 5,2 Guncang Sukabumi, Warga Berhamburan">
<meta name="publishdate" content="2025/11/02 21:05:33">
<meta name="dtk:channel" content="Nasional">
<meta name="author" content="CNN Indonesia">
</head><body><div class="container"><div class="l_content">
<div class="detail-wrap">
 <div class="detail-text text-cnn_black">
  <strong>Jakarta, CNN Indonesia</strong> -- Gempa bermagnitudo 5,2 mengguncang Kabupaten Sukabumi, Jawa Barat, Minggu (2/11) malam.<br><br>
  Badan Meteorologi, Klimatologi, dan Geofisika (BMKG) menyatakan gempa tidak berpotensi tsunami.<br><br>
  <table class="linksisip"><tr><td><div class="title">Baca juga:</div><ul><li><a>Gempa Susulan Terjadi Tiga Kali</a></li></ul></td></tr></table>
  "Warga sempat berhamburan keluar rumah karena guncangan terasa cukup kuat," kata Kepala BPBD Sukabumi kepada CNNIndonesia.com.<br><br>
  <strong>[Gambas:Video CNN]</strong><br><br>
  Belum ada laporan korban jiwa akibat gempa tersebut.<br><br>
  <!--// ads -->
  <div class="paradetail"></div>
  (isn/DAL)
 </div>
</div></div></div></body></html>"#;
    let page = extract(
        html,
        Some("https://www.cnn-contoh.example/nasional/20251102210533-20-1000001/gempa"),
    );
    assert_eq!(
        page.text,
        paragraphs(&[
            "Jakarta, CNN Indonesia -- Gempa bermagnitudo 5,2 mengguncang Kabupaten Sukabumi, Jawa Barat, Minggu (2/11) malam.",
            "Badan Meteorologi, Klimatologi, dan Geofisika (BMKG) menyatakan gempa tidak berpotensi tsunami.",
            "\"Warga sempat berhamburan keluar rumah karena guncangan terasa cukup kuat,\" kata Kepala BPBD Sukabumi kepada CNNIndonesia.com.",
            "Belum ada laporan korban jiwa akibat gempa tersebut.",
            "(isn/DAL)",
        ])
    );
    let meta = &page.meta;
    assert_eq!(
        meta.title.as_deref(),
        Some("Gempa M 5,2 Guncang Sukabumi, Warga Berhamburan")
    );
    assert_eq!(
        meta.published.as_deref(),
        Some("2025-11-02T21:05:33"),
        "slashes and a space become ISO 8601"
    );
    assert_eq!(meta.section.as_deref(), Some("Nasional"));
    assert_eq!(
        meta.source.as_deref(),
        Some("cnn-contoh.example"),
        "the host when the page names no outlet"
    );
    assert_eq!(
        meta.url.as_deref(),
        Some("https://www.cnn-contoh.example/nasional/20251102210533-20-1000001/gempa")
    );
}

#[test]
fn tempo_editor_picks_and_photo_captions() {
    let html = r#"<html lang="id"><head>
<meta property="og:title" content="Jokowi Resmikan Bendungan di Nusa Tenggara Timur">
<meta property="article:published_time" content="2025-09-14T08:00:00+07:00">
<meta property="article:modified_time" content="2025-09-14 09:30:00">
<meta property="article:section" content="Politik">
<meta property="og:site_name" content="Tempo.co">
</head><body><main>
<div class="detail-in">
 <figure class="foto"><img src="b.jpg"><figcaption>Presiden meninjau bendungan. TEMPO/Subekti</figcaption></figure>
 <span class="caption">Presiden meninjau bendungan. ANTARA/Kornelis</span>
 <div class="detail-konten">
  <p><strong>TEMPO.CO</strong>, <strong>Jakarta</strong> - Presiden meresmikan Bendungan Temef di Kabupaten Timor Tengah Selatan, Nusa Tenggara Timur.</p>
  <p>Bendungan itu diharapkan mengairi 4.500 hektare sawah di sekitarnya.</p>
  <p><strong>Pilihan Editor:</strong> <a href="/y">Bendungan Baru di NTT Mulai Diisi Air</a></p>
  <p>Menurut Kementerian Pekerjaan Umum, pembangunan bendungan menelan biaya Rp 2,7 triliun.</p>
  <p>Foto: Dok. Kementerian PU</p>
 </div>
</div></main></body></html>"#;
    let page = extract(
        html,
        Some("https://nasional.tempo-contoh.example/read/1900001/bendungan"),
    );
    assert_eq!(
        page.text,
        paragraphs(&[
            "TEMPO.CO, Jakarta - Presiden meresmikan Bendungan Temef di Kabupaten Timor Tengah Selatan, Nusa Tenggara Timur.",
            "Bendungan itu diharapkan mengairi 4.500 hektare sawah di sekitarnya.",
            "Menurut Kementerian Pekerjaan Umum, pembangunan bendungan menelan biaya Rp 2,7 triliun.",
        ])
    );
    let meta = &page.meta;
    assert_eq!(meta.published.as_deref(), Some("2025-09-14T08:00:00+07:00"));
    assert_eq!(meta.modified.as_deref(), Some("2025-09-14T09:30:00"));
    assert_eq!(meta.section.as_deref(), Some("Politik"));
    assert_eq!(meta.source.as_deref(), Some("Tempo.co"));
    assert_eq!(meta.lang.as_deref(), Some("id"));
}

#[test]
fn antara_text_with_line_breaks_and_a_copyright_footer() {
    let html = r#"<html><head><meta http-equiv="content-language" content="id">
<meta property="og:title" content="BI Pertahankan Suku Bunga Acuan 6 Persen">
<meta itemprop="datePublished" content="2025-08-20T14:45:00+07:00">
</head><body><div class="wrapper"><div class="row"><div class="col-md-8">
<div class="post-content clearfix">
Jakarta (ANTARA) - Bank Indonesia (BI) mempertahankan suku bunga acuan BI-Rate sebesar 6 persen.<br><br>
Gubernur BI mengatakan keputusan itu sejalan dengan upaya menjaga inflasi tetap rendah.<br><br>
<p><span class="baca-juga"><a>Baca juga: Rupiah Menguat Pagi Ini</a></span></p>
"Kebijakan ini untuk memperkuat stabilitas nilai tukar rupiah," kata Gubernur BI di Jakarta, Rabu.<br><br>
<p class="text-muted mt-2 small">Pewarta: Bayu Saputra<br>Editor: Adi Lazuardi<br>COPYRIGHT © ANTARA 2025</p>
</div></div></div></div></body></html>"#;
    let page = extract(
        html,
        Some("https://www.antara-contoh.example/berita/4000001/bi-pertahankan-suku-bunga"),
    );
    assert_eq!(
        page.text,
        paragraphs(&[
            "Jakarta (ANTARA) - Bank Indonesia (BI) mempertahankan suku bunga acuan BI-Rate sebesar 6 persen.",
            "Gubernur BI mengatakan keputusan itu sejalan dengan upaya menjaga inflasi tetap rendah.",
            "\"Kebijakan ini untuk memperkuat stabilitas nilai tukar rupiah,\" kata Gubernur BI di Jakarta, Rabu.",
            // The byline stays for the cleaning stage to mark; the copyright notice goes.
            "Pewarta: Bayu Saputra",
            "Editor: Adi Lazuardi",
        ])
    );
    assert_eq!(
        page.meta.published.as_deref(),
        Some("2025-08-20T14:45:00+07:00")
    );
    assert_eq!(
        page.meta.lang.as_deref(),
        Some("id"),
        "from <meta http-equiv>"
    );
}

#[test]
fn okezone_type_arrays_related_boxes_and_follow_prompts() {
    let html = r#"<html lang="id"><head>
<script type="application/ld+json">[{"@context":"https://schema.org","@type":["NewsArticle"],
"headline":"Timnas Indonesia Menang 2-0 atas Vietnam","datePublished":"2025-09-09T21:40:00+07:00",
"author":{"@type":"Person","name":"Andika Pratama"},"publisher":{"@type":"Organization","name":"Okezone"},
"mainEntityOfPage":{"@type":"WebPage","@id":"https://bola.okezone-contoh.example/read/2025/09/09/51/3000001/timnas-menang"},
"articleSection":"Sepakbola","inLanguage":"id-ID"}]</script>
</head><body>
<div class="container-bodyhome"><div class="col-md-7">
<div id="contentx" class="read">
 <p><strong>JAKARTA</strong> – Timnas Indonesia mengalahkan Vietnam 2-0 di Stadion Utama Gelora Bung Karno, Selasa malam.</p>
 <div class="bacajuga"><span>BACA JUGA:</span><a>Klasemen Grup F Kualifikasi Piala Dunia</a></div>
 <p>Dua gol Indonesia dicetak pada babak kedua.</p>
 <p><em>Follow Berita Okezone di Google News</em></p>
 <div class="paging newsPaging"><a>1</a><a>2</a><a>Selanjutnya</a></div>
 <p>Pelatih Timnas mengaku puas dengan permainan anak asuhnya.</p>
 <p>Dapatkan update berita pilihan dan breaking news setiap hari.</p>
</div></div></div></body></html>"#;
    let page = extract(
        html,
        Some("https://bola.okezone-contoh.example/read/2025/09/09/51/3000001/timnas-menang?page=1"),
    );
    assert_eq!(
        page.text,
        paragraphs(&[
            "JAKARTA – Timnas Indonesia mengalahkan Vietnam 2-0 di Stadion Utama Gelora Bung Karno, Selasa malam.",
            "Dua gol Indonesia dicetak pada babak kedua.",
            "Pelatih Timnas mengaku puas dengan permainan anak asuhnya.",
        ])
    );
    let meta = &page.meta;
    assert_eq!(
        meta.title.as_deref(),
        Some("Timnas Indonesia Menang 2-0 atas Vietnam")
    );
    assert_eq!(
        meta.url.as_deref(),
        Some("https://bola.okezone-contoh.example/read/2025/09/09/51/3000001/timnas-menang")
    );
    assert_eq!(meta.author.as_deref(), Some("Andika Pratama"));
    assert_eq!(meta.source.as_deref(), Some("Okezone"));
    assert_eq!(meta.section.as_deref(), Some("Sepakbola"));
    assert_eq!(
        meta.lang.as_deref(),
        Some("id"),
        "<html lang> comes before JSON-LD inLanguage"
    );
}

#[test]
fn republika_latin_1_page_with_windows_1252_quotes_and_content_meta() {
    // Declared ISO-8859-1, written with windows-1252 curly quotes (0x93, 0x94) and é (0xE9), as
    // older CMSs do; browsers read the label as windows-1252, and so must we.
    let mut html: Vec<u8> =
        br#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
<title>MUI Terbitkan Fatwa Baru - Republika Online</title>
<meta name="content_PublishedDate" content="2025-07-01 10:11:12">
<meta name="content_category" content="Khazanah">
<meta name="content_author" content="Fuji E Permana">
</head><body><div class="main-content"><div class="article-content">
<p>REPUBLIKA.CO.ID, JAKARTA -- Majelis Ulama Indonesia (MUI) menerbitkan fatwa baru tentang "#
            .to_vec();
    html.extend_from_slice(b"zakat perusahaan.</p>\n<div class=\"baca-juga\"><a>Baca Juga: MUI Gelar Munas</a></div>\n");
    html.extend_from_slice(b"<p>\x93Fatwa ini menjawab pertanyaan banyak pengusaha,\x94 kata Ketua MUI di caf\xe9 kantor pusat.</p>\n");
    html.extend_from_slice(
        b"<p>Fatwa tersebut berlaku sejak ditetapkan.</p></div></div></body></html>",
    );
    let article = decode(
        &html,
        "https://khazanah.republika-contoh.example/berita/abc123/mui-fatwa",
    );
    assert_eq!(
        article.text,
        paragraphs(&[
            "REPUBLIKA.CO.ID, JAKARTA -- Majelis Ulama Indonesia (MUI) menerbitkan fatwa baru tentang zakat perusahaan.",
            "“Fatwa ini menjawab pertanyaan banyak pengusaha,” kata Ketua MUI di café kantor pusat.",
            "Fatwa tersebut berlaku sejak ditetapkan.",
        ])
    );
    assert_eq!(article.replacements, 0);
    let meta = &article.meta;
    assert_eq!(
        meta.title.as_deref(),
        Some("MUI Terbitkan Fatwa Baru - Republika Online")
    );
    assert_eq!(meta.published.as_deref(), Some("2025-07-01T10:11:12"));
    assert_eq!(meta.section.as_deref(), Some("Khazanah"));
    assert_eq!(meta.author.as_deref(), Some("Fuji E Permana"));
}

#[test]
fn suara_ads_between_paragraphs_and_a_nested_article_body() {
    let html = r#"<html lang="id"><head>
<meta property="og:title" content="Polisi Tangkap Pelaku Pencurian Motor di Bekasi">
<meta name="description" content="Ringkasan yang tidak boleh menjadi isi berita karena hanya ringkasan.">
</head><body>
<div class="wrapper"><div class="main-content"><div class="left-content">
<article class="detail">
 <div class="photo"><img src="p.jpg"><span class="caption">Ilustrasi penangkapan. (Suara.com/Ema)</span></div>
 <div class="detail-content"><div class="detail--content"><div itemprop="articleBody">
  <p><strong>Suara.com</strong> - Polisi menangkap dua pelaku pencurian sepeda motor di Bekasi, Jawa Barat.</p>
  <div class="ads_detail_article"><span>ADVERTISEMENT</span></div>
  <p>Kedua pelaku ditangkap di sebuah rumah kontrakan di Tambun Selatan.</p>
  <p><span>Scroll untuk melanjutkan</span></p>
  <blockquote>"Pelaku sudah beraksi di lima lokasi," kata Kapolsek setempat.</blockquote>
  <h2>Barang bukti</h2>
  <p>Polisi menyita tiga sepeda motor dan kunci palsu.</p>
 </div></div></div>
 <div class="related-article"><p>Berita terkait yang panjang sekali tentang pencurian motor di kota-kota lain di Jawa Barat.</p></div>
</article></div></div></div></body></html>"#;
    let page = extract(
        html,
        Some("https://www.suara-contoh.example/news/2025/10/01/polisi-tangkap"),
    );
    assert_eq!(
        page.text,
        paragraphs(&[
            "Suara.com - Polisi menangkap dua pelaku pencurian sepeda motor di Bekasi, Jawa Barat.",
            "Kedua pelaku ditangkap di sebuah rumah kontrakan di Tambun Selatan.",
            "\"Pelaku sudah beraksi di lima lokasi,\" kata Kapolsek setempat.",
            "Barang bukti",
            "Polisi menyita tiga sepeda motor dan kunci palsu.",
        ]),
        "the declared articleBody, with its subheading and quote, without ads and related stories"
    );
    assert_eq!(
        page.meta.title.as_deref(),
        Some("Polisi Tangkap Pelaku Pencurian Motor di Bekasi")
    );
    assert_eq!(page.meta.source.as_deref(), Some("suara-contoh.example"));
    assert_eq!(page.meta.published, None);
}
