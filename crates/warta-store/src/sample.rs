//! Hand-written Indonesian articles with their extraction, in the warta/1 shape: for tests, demos and
//! the web UI's end-to-end checks while the extraction stages are still being written. The text of
//! each article is real-looking news prose written for warta; every span is found in it by search, so
//! offsets are right by construction.

use warta_core::output::{OutEntity, OutQuote, OutSpan, OutSpeaker, OutTextSpan, OutputDocument};
use warta_core::{EntityLabel, QuoteKind, SCHEMA};

/// Builds one [`OutputDocument`] from its text and the phrases that carry entities and quotes.
pub struct SampleBuilder {
    doc: OutputDocument,
}

impl SampleBuilder {
    pub fn new(
        url: Option<&str>,
        title: &str,
        published: Option<&str>,
        source: &str,
        text: &str,
    ) -> Self {
        let mut paragraphs = Vec::new();
        let mut start = 0;
        for part in text.split("\n\n") {
            let end = start + part.len();
            paragraphs.push(OutSpan {
                start: chars(text, start),
                end: chars(text, end),
            });
            start = end + 2;
        }
        SampleBuilder {
            doc: OutputDocument {
                schema: SCHEMA.to_owned(),
                id: None,
                url: url.map(str::to_owned),
                other_urls: Vec::new(),
                title: Some(title.to_owned()),
                published: published.map(str::to_owned),
                author: None,
                source: Some(source.to_owned()),
                modified: None,
                section: None,
                lang: None,
                text: text.to_owned(),
                removed: Vec::new(),
                dateline: None,
                paragraphs,
                sentences: Vec::new(),
                tokens: None,
                entities: Vec::new(),
                quotes: Vec::new(),
                dates: Vec::new(),
            },
        }
    }

    /// Adds an entity mentioned at every occurrence of each of `mentions` (longest first: a shorter
    /// form inside a longer mention already taken is skipped).
    pub fn entity(
        mut self,
        label: EntityLabel,
        name: &str,
        mentions: &[&str],
        roles: &[&str],
        affiliation: Option<&str>,
    ) -> Self {
        let text = &self.doc.text;
        let mut spans: Vec<OutTextSpan> = Vec::new();
        for needle in mentions {
            for (at, _) in text.match_indices(needle) {
                let (start, end) = (chars(text, at), chars(text, at + needle.len()));
                if !spans.iter().any(|s| s.start < end && start < s.end) {
                    spans.push(OutTextSpan {
                        start,
                        end,
                        text: (*needle).to_owned(),
                    });
                }
            }
        }
        spans.sort_by_key(|s| s.start);
        let id = self.doc.entities.len();
        self.doc.entities.push(OutEntity {
            id,
            label,
            name: name.to_owned(),
            mentions: spans,
            titles: Vec::new(),
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            affiliation: affiliation.map(str::to_owned),
        });
        self
    }

    /// Adds a quote whose content is the first occurrence of `content`; the cue and the speaker's
    /// mention are the occurrences of `cue` and `mention` nearest to it. `speaker` names an entity
    /// added before, or a speaker that is no entity.
    pub fn quote(
        mut self,
        kind: QuoteKind,
        content: &str,
        cue: Option<&str>,
        speaker: Option<&str>,
        mention: Option<&str>,
        role: Option<&str>,
    ) -> Self {
        let text = &self.doc.text;
        let Some(at) = text.find(content) else {
            panic!("sample quote {content:?} is not in the text");
        };
        let nearest = |needle: &str| -> Option<OutTextSpan> {
            text.match_indices(needle)
                .min_by_key(|(i, _)| i.abs_diff(at))
                .map(|(i, _)| OutTextSpan {
                    start: chars(text, i),
                    end: chars(text, i + needle.len()),
                    text: needle.to_owned(),
                })
        };
        let speaker = speaker.map(|name| {
            let entity = self.doc.entities.iter().find(|e| e.name == name);
            OutSpeaker {
                name: name.to_owned(),
                entity: entity.map(|e| e.id),
                kind: match entity.map(|e| e.label) {
                    Some(EntityLabel::Person) => "PER",
                    Some(EntityLabel::Organisation) => "ORG",
                    _ => "OTHER",
                }
                .to_owned(),
                mention: mention.and_then(nearest),
                role: role.map(str::to_owned),
            }
        });
        self.doc.quotes.push(OutQuote {
            kind,
            start: chars(text, at),
            end: chars(text, at + content.len()),
            text: content.to_owned(),
            cue: cue.and_then(nearest),
            speaker,
            said_on: None,
        });
        self
    }

    pub fn build(mut self) -> OutputDocument {
        self.doc.quotes.sort_by_key(|q| q.start);
        self.doc
    }
}

fn chars(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

use EntityLabel::{Location as Loc, Organisation as Org, Person as Per};
use QuoteKind::{Direct, Indirect};

/// One article of `outlet` published on `day`, in which the person `name` (mentioned as
/// `mentions`) says `quote`: the shape of most tests of speakers across articles.
pub fn quoting(
    url: &str,
    outlet: &str,
    day: &str,
    text: &str,
    name: &str,
    mentions: &[&str],
    quote: &str,
) -> OutputDocument {
    quoting_with_roles(url, outlet, day, text, name, mentions, &[], quote)
}

/// One article of `outlet` published on `day` that introduces the person `name` by `role` and
/// quotes them saying `quote`.
pub fn quoting_in_role(
    url: &str,
    outlet: &str,
    day: &str,
    name: &str,
    role: &str,
    quote: &str,
) -> OutputDocument {
    let text = format!("{role} {name} hadir. “{quote}” kata {name}.");
    quoting_with_roles(url, outlet, day, &text, name, &[name], &[role], quote)
}

#[allow(clippy::too_many_arguments)]
fn quoting_with_roles(
    url: &str,
    outlet: &str,
    day: &str,
    text: &str,
    name: &str,
    mentions: &[&str],
    roles: &[&str],
    quote: &str,
) -> OutputDocument {
    SampleBuilder::new(Some(url), "Judul", Some(day), outlet, text)
        .entity(EntityLabel::Person, name, mentions, roles, None)
        .quote(
            QuoteKind::Direct,
            quote,
            Some("kata"),
            Some(name),
            None,
            None,
        )
        .build()
}

/// Four articles from June and July 2025 in which Joko Widodo is named three ways ("Presiden Joko
/// Widodo", "Jokowi", "Joko Widodo"), with Sri Mulyani and a KPK spokesman.
pub fn corpus() -> Vec<OutputDocument> {
    vec![
        SampleBuilder::new(
            Some("https://nasional.kompas.example/read/2025/06/02/bansos-idul-adha"),
            "Jokowi Minta Bansos Cair Sebelum Idul Adha",
            Some("2025-06-02T10:15:00+07:00"),
            "kompas.example",
            "JAKARTA, KOMPAS.com - Presiden Joko Widodo meminta para menteri mempercepat penyaluran bantuan sosial menjelang Idul Adha.\n\n\
             “Saya minta bantuan sosial sampai ke masyarakat sebelum hari raya, jangan ada yang terlambat,” kata Jokowi di Istana Merdeka, Jakarta, Senin (2/6/2025).\n\n\
             Menurut Jokowi, Kementerian Sosial sudah menyiapkan data penerima yang baru.",
        )
        .entity(Per, "Joko Widodo", &["Presiden Joko Widodo", "Jokowi"], &["Presiden"], None)
        .entity(Org, "Kementerian Sosial", &["Kementerian Sosial"], &[], None)
        .entity(Loc, "Istana Merdeka", &["Istana Merdeka"], &[], None)
        .quote(
            Direct,
            "Saya minta bantuan sosial sampai ke masyarakat sebelum hari raya, jangan ada yang terlambat,",
            Some("kata"),
            Some("Joko Widodo"),
            Some("Jokowi"),
            Some("Presiden"),
        )
        .quote(
            Indirect,
            "Kementerian Sosial sudah menyiapkan data penerima yang baru",
            Some("Menurut"),
            Some("Joko Widodo"),
            Some("Jokowi"),
            None,
        )
        .build(),
        SampleBuilder::new(
            Some("https://news.detik.example/berita/d-7000001/jokowi-harga-beras-harus-turun"),
            "Jokowi: Harga Beras Harus Turun dalam Dua Pekan",
            Some("2025-06-10T14:00:00+07:00"),
            "detik.example",
            "Jakarta - Presiden Jokowi menegaskan harga beras harus turun dalam dua pekan.\n\n\
             “Bulog harus segera melepas cadangan beras ke pasar,” ujar Jokowi kepada wartawan di Bogor, Selasa (10/6/2025).",
        )
        .entity(Per, "Jokowi", &["Jokowi"], &["Presiden"], None)
        .entity(Org, "Bulog", &["Bulog"], &[], None)
        .entity(Loc, "Bogor", &["Bogor"], &[], None)
        .quote(
            Indirect,
            "harga beras harus turun dalam dua pekan",
            Some("menegaskan"),
            Some("Jokowi"),
            Some("Jokowi"),
            Some("Presiden"),
        )
        .quote(
            Direct,
            "Bulog harus segera melepas cadangan beras ke pasar,",
            Some("ujar"),
            Some("Jokowi"),
            Some("Jokowi"),
            None,
        )
        .build(),
        SampleBuilder::new(
            Some("https://bisnis.tempo.example/read/1900001/defisit-terkendali"),
            "Sri Mulyani: Defisit Anggaran Masih Terkendali",
            Some("2025-07-01T09:30:00+07:00"),
            "tempo.example",
            "JAKARTA – Menteri Keuangan Sri Mulyani Indrawati mengatakan defisit anggaran masih terkendali.\n\n\
             “Defisit kita jaga di bawah tiga persen dari PDB, sesuai undang-undang,” kata Sri Mulyani dalam konferensi pers di Kementerian Keuangan, Selasa (1/7/2025).",
        )
        .entity(
            Per,
            "Sri Mulyani Indrawati",
            &["Sri Mulyani Indrawati", "Sri Mulyani"],
            &["Menteri Keuangan"],
            Some("Kementerian Keuangan"),
        )
        .entity(Org, "Kementerian Keuangan", &["Kementerian Keuangan"], &[], None)
        .quote(
            Indirect,
            "defisit anggaran masih terkendali",
            Some("mengatakan"),
            Some("Sri Mulyani Indrawati"),
            Some("Sri Mulyani Indrawati"),
            Some("Menteri Keuangan"),
        )
        .quote(
            Direct,
            "Defisit kita jaga di bawah tiga persen dari PDB, sesuai undang-undang,",
            Some("kata"),
            Some("Sri Mulyani Indrawati"),
            Some("Sri Mulyani"),
            None,
        )
        .build(),
        SampleBuilder::new(
            Some("https://nasional.kompas.example/read/2025/07/15/kpk-periksa-saksi"),
            "KPK Periksa Tiga Saksi Kasus Pengadaan Alat Kesehatan",
            Some("2025-07-15T16:45:00+07:00"),
            "kompas.example",
            "JAKARTA, KOMPAS.com - Juru Bicara KPK Budi Prasetyo mengatakan penyidik telah memeriksa tiga saksi.\n\n\
             “Para saksi didalami pengetahuannya soal proses lelang,” kata Budi di Gedung Merah Putih KPK, Jakarta, Selasa (15/7/2025).\n\n\
             Sementara itu, Joko Widodo menyatakan mendukung langkah KPK menuntaskan perkara tersebut.",
        )
        .entity(
            Per,
            "Budi Prasetyo",
            &["Budi Prasetyo", "Budi"],
            &["Juru Bicara KPK"],
            Some("KPK"),
        )
        .entity(Org, "KPK", &["KPK"], &[], None)
        .entity(Per, "Joko Widodo", &["Joko Widodo"], &[], None)
        .quote(
            Indirect,
            "penyidik telah memeriksa tiga saksi",
            Some("mengatakan"),
            Some("Budi Prasetyo"),
            Some("Budi Prasetyo"),
            Some("Juru Bicara KPK"),
        )
        .quote(
            Direct,
            "Para saksi didalami pengetahuannya soal proses lelang,",
            Some("kata"),
            Some("Budi Prasetyo"),
            Some("Budi"),
            None,
        )
        .quote(
            Indirect,
            "mendukung langkah KPK menuntaskan perkara tersebut",
            Some("menyatakan"),
            Some("Joko Widodo"),
            Some("Joko Widodo"),
            None,
        )
        .build(),
    ]
}

/// An article whose title, quotes and speaker carry markup, for checking that renderers escape
/// untrusted text.
pub fn hostile() -> OutputDocument {
    SampleBuilder::new(
        Some("https://forum.example/thread/42"),
        "Ujian <b>judul</b> <script>alert('judul')</script>",
        Some("2025-08-01T08:00:00+07:00"),
        "forum.example",
        "BANDUNG - Seorang warga menulis di forum daring.\n\n\
         “<script>alert('xss')</script> ini hanya ujian,” kata Andi Wijaya kepada wartawan.\n\n\
         “\"><img src=x onerror=alert(1)> juga ujian,” ujar Andi Wijaya.",
    )
    .entity(Per, "Andi Wijaya", &["Andi Wijaya"], &["warga"], None)
    .quote(
        Direct,
        "<script>alert('xss')</script> ini hanya ujian,",
        Some("kata"),
        Some("Andi Wijaya"),
        Some("Andi Wijaya"),
        Some("warga"),
    )
    .quote(
        Direct,
        "\"><img src=x onerror=alert(1)> juga ujian,",
        Some("ujar"),
        Some("Andi Wijaya"),
        Some("Andi Wijaya"),
        None,
    )
    .build()
}

/// A site's prompt that the quote stage could take for reported speech: see [`prompted`].
pub const PROMPT: &str =
    "Unduh aplikasi Kabar Pagi, kata redaksi, agar Anda tidak ketinggalan kabar terbaru.";

/// Article `i` of `site` (a host), for the tests of boilerplate learnt across a site: a different
/// official opens a different market, and (`with_prompt`) the site's [`PROMPT`] closes it, its
/// quote credited to the article's official, as the quote stage credits a paragraph without a cue
/// of its own to the last speaker.
pub fn prompted(site: &str, i: usize, with_prompt: bool) -> OutputDocument {
    const FIRST: [&str; 5] = ["Rudi", "Siti", "Agus", "Dewi", "Bambang"];
    const LAST: [&str; 5] = ["Hartanto", "Lestari", "Wibowo", "Kusuma", "Saputra"];
    let name = format!("{} {}", FIRST[i % 5], LAST[i / 5 % 5]);
    let said = format!("Pasar ini kami buka untuk pedagang kecil kelurahan nomor {i},");
    let mut text =
        format!("Pejabat kota {name} meresmikan pasar baru pada Senin.\n\n“{said}” kata {name}.");
    if with_prompt {
        text.push_str("\n\n");
        text.push_str(PROMPT);
    }
    let day = format!("2025-06-{:02}T09:00:00+07:00", 1 + i % 28);
    let url = format!("https://{site}/berita/{i}");
    let mut builder = SampleBuilder::new(Some(&url), "Pasar baru", Some(&day), site, &text)
        .entity(Per, &name, &[&name], &[], None)
        .quote(Direct, &said, Some("kata"), Some(&name), None, None);
    if with_prompt {
        let reported = "agar Anda tidak ketinggalan kabar terbaru";
        builder = builder.quote(Indirect, reported, Some("kata"), Some(&name), None, None);
    }
    builder.build()
}
