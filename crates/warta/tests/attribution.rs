//! Who said it, through the whole bundled pipeline: one made-up article per failure class seen on
//! real news (the sentences are written for these tests; the patterns are those of the outlets).

use std::sync::LazyLock;

use warta::{Meta, Warta};

static WARTA: LazyLock<Warta> = LazyLock::new(|| Warta::bundled().expect("bundled models load"));

/// The speaker's name of every quote, in text order, with the quote's first words.
fn speakers(text: &str, meta: &Meta) -> Vec<(String, String)> {
    let analysis = WARTA.analyse(text, meta).expect("the article is analysed");
    let doc = analysis.document();
    doc.quotes
        .iter()
        .map(|q| {
            let words: String = doc
                .slice(q.span)
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ");
            let name = q
                .speaker
                .as_ref()
                .map_or("-".to_owned(), |s| s.name.clone());
            (words, name)
        })
        .collect()
}

fn speaker_of(found: &[(String, String)], opening: &str) -> String {
    found
        .iter()
        .find(|(words, _)| words.contains(opening))
        .unwrap_or_else(|| panic!("no quote opening with {opening:?} in {found:?}"))
        .1
        .clone()
}

#[test]
fn a_name_does_not_take_in_the_office_and_organisation_words_before_it() {
    let text = "Deputi Bidang Pengembangan Kapasitas dan Pembelajaran ASN Sri Wulandari menjelaskan, \
                pelatihan pegawai akan diperluas ke seluruh daerah tahun depan.\n\
                Senior Research Analyst Andalan Securities Bayu Hartono menuturkan, pasar saham \
                diperkirakan menguat pekan ini karena sentimen global membaik.";
    let found = speakers(text, &Meta::default());
    assert_eq!(speaker_of(&found, "pelatihan pegawai"), "Sri Wulandari");
    assert_eq!(speaker_of(&found, "pasar saham"), "Bayu Hartono");
}

#[test]
fn a_surname_in_the_body_takes_the_full_name_of_the_headline() {
    // The body writes "Marquez" only; the headline gives the full name, and the brother named once
    // in a quote does not take over the surname of the man the article is about.
    let text = "Marquez mengaku tetap rajin berlatih meski sudah punya banyak gelar.\n\
                Marquez sudah sepuluh tahun berkarier di kelas utama.\n\
                \"Saya berlatih tiga hari seminggu bersama adik saya, Alex Marquez, di pusat kebugaran,\" \
                kata Marquez kepada wartawan.\n\
                \"Pelatih saya yang sering menghentikan latihan karena terlalu berat,\" ujar Marquez.";
    let meta = Meta {
        title: Some("Marc Marquez Tetap Rajin Latihan".to_owned()),
        ..Meta::default()
    };
    let found = speakers(text, &meta);
    assert_eq!(speaker_of(&found, "Saya berlatih"), "Marc Marquez");
    assert_eq!(speaker_of(&found, "Pelatih saya"), "Marc Marquez");
}

#[test]
fn words_a_scraper_glued_to_a_name_come_apart_when_the_article_writes_them_apart() {
    let text = "Pelatih Gerald Vanenburg memanggil 30 pemain. Latihan dimulai usai libur.\n\
                \"Semua pemain harus siap bertanding kapan saja,\" kata Vanenburgusai latihan pagi.";
    let found = speakers(text, &Meta::default());
    assert_eq!(speaker_of(&found, "Semua pemain"), "Gerald Vanenburg");
}

#[test]
fn a_role_then_a_comma_then_the_name_after_the_cue() {
    let text = "\"Persahabatan juga perlu dirawat dengan percakapan yang jujur,\" kata penulis dan \
                pelatih hubungan, Diana Permata Sari, dalam wawancara.\n\
                \"Invoice fiktif itulah yang diajukan ke pengadilan oleh perusahaan itu,\" ujar \
                Direktur Penindakan Jampidmil Kejagung, Brigjen Andi Saputra, dalam konferensi pers.";
    let found = speakers(text, &Meta::default());
    assert_eq!(
        speaker_of(&found, "Persahabatan juga"),
        "Diana Permata Sari"
    );
    assert_eq!(speaker_of(&found, "Invoice fiktif"), "Andi Saputra");
}

#[test]
fn an_office_written_without_the_name_is_the_one_person_who_holds_it() {
    let text = "Gubernur Jawa Tengah Ahmad Luthfi membuka lomba lari itu pada Minggu pagi.\n\
                \"Ini luar biasa, menunjukkan bahwa daerah kita bisa menjadi tujuan wisata olahraga,\" \
                tutur Gubernur Jawa Tengah.";
    let found = speakers(text, &Meta::default());
    assert_eq!(speaker_of(&found, "Ini luar biasa"), "Ahmad Luthfi");
}

#[test]
fn a_description_closed_by_a_demonstrative_refers_back_like_a_pronoun() {
    let text = "Penyanyi Oki Setiana Dewi hadir di acara keluarga itu.\n\
                Perempuan berhijab ini menegaskan bahwa keluarganya jarang membahas urusan orang lain.\n\
                \"Kami lebih sering membicarakan hal sehari-hari di rumah,\" jelas ibu tiga anak tersebut.\n\
                Manajemen Persija Jakarta menggelar rapat pada Senin.\n\
                Klub itu juga berjanji akan terus mendukung para pemain muda.";
    let found = speakers(text, &Meta::default());
    assert_eq!(speaker_of(&found, "keluarganya jarang"), "Oki Setiana Dewi");
    assert_eq!(speaker_of(&found, "Kami lebih sering"), "Oki Setiana Dewi");
    assert_eq!(speaker_of(&found, "akan terus"), "Persija Jakarta");
}

#[test]
fn reported_speech_after_a_connective_an_inserted_cue_or_an_adjunct() {
    let text = "Hendra Gunawan, direktur pemasaran, ditemui di Jakarta.\n\
                Meski demikian, menurut Hendra, konsumen terkadang membeli mobil baru karena praktis.\n\
                Lebih lagi, kata dia, kendaraan sudah menjadi kebutuhan pokok warga kota.\n\
                Hendra kemudian menyatakan pada Selasa (17/6) bahwa penjualan akan naik tahun depan.";
    let found = speakers(text, &Meta::default());
    assert_eq!(speaker_of(&found, "konsumen terkadang"), "Hendra Gunawan");
    assert_eq!(speaker_of(&found, "kendaraan sudah"), "Hendra Gunawan");
    let (_, speaker) = found
        .iter()
        .find(|(words, _)| words.starts_with("penjualan akan"))
        .expect("the content starts after bahwa, not at the adjunct");
    assert_eq!(speaker, "Hendra Gunawan");
}

#[test]
fn a_day_after_the_cue_is_no_speaker_and_a_glued_name_is_written_apart() {
    let text = "Penyerang Rahmat ArjunaReski dipanggil ke tim nasional. Rahmat Arjuna Reski senang.\n\
                \"Saya akan bekerja keras di setiap pertandingan,\" kata Rahmat Arjuna Reski dikutip Rabu (18/6/2025).\n\
                \"Semua pemain harus siap kapan saja dipanggil pelatih,\" kata dia.";
    let found = speakers(text, &Meta::default());
    assert_eq!(speaker_of(&found, "Saya akan"), "Rahmat Arjuna Reski");
    assert_eq!(speaker_of(&found, "Semua pemain"), "Rahmat Arjuna Reski");
}

#[test]
fn a_relative_named_by_kinship_is_not_the_person_named() {
    let text = "Aktris Zaskia Adya Mecca ikut dalam rombongan itu.\n\
                \"Kami diawasi polisi sejak tiba di bandara,\" kata Zaskia.\n\
                Istri Hanung Bramantyo dan tim mengakui sangat tidak nyaman dengan pengawasan itu.";
    let found = speakers(text, &Meta::default());
    assert_eq!(speaker_of(&found, "sangat tidak"), "Zaskia Adya Mecca");
}

#[test]
fn pihaknya_is_the_side_of_the_latest_speaker_and_reported_speech_stops_at_a_quotation() {
    let text = "Kepala Badan Gizi Nasional Dadan Hindayana meninjau dapur umum di Bogor.\n\
                \"Makanan yang dibagikan harus dimasak hari itu juga,\" ujarnya.\n\
                Pihaknya juga memastikan bahan pangan yang dibagikan bukan makanan kemasan.\n\
                Dadan mengatakan belum terlambat untuk memperbaiki menu sekolah: \"Tidak ada yang terlambat,\" ujar dia.";
    let found = speakers(text, &Meta::default());
    assert_eq!(speaker_of(&found, "bahan pangan"), "Dadan Hindayana");
    let (_, speaker) = found
        .iter()
        .find(|(words, _)| words.starts_with("belum terlambat"))
        .expect("the reported speech before the colon is a quote of its own");
    assert_eq!(speaker, "Dadan Hindayana");
}

#[test]
fn a_name_after_an_office_in_a_sentence_full_of_capitals_ends_with_a_place_like_surname() {
    // Many capitals (office, ministry, city, day) made this read as a headline, and "Tanjung" is
    // a place word too: the name after the office was lost.
    let text = "\"Kita tunggu penjelasan dari Pak Menteri,\" ujar Wakil Menteri ESDM Yuliot Tanjung \
                di Kementerian ESDM, Jakarta Pusat, Jumat (20/6/2025).";
    let found = speakers(text, &Meta::default());
    assert_eq!(speaker_of(&found, "Kita tunggu"), "Yuliot Tanjung");
}

#[test]
fn a_cue_word_used_as_a_noun_names_no_speaker_and_a_short_first_name_is_the_person() {
    // "kisah" (story) is also a cue after a quotation; "Al." at a sentence's end is the first
    // name of Al Ghazali, not an abbreviation.
    let text = "Penyanyi Al Ghazali menikahi Alyssa Daguise pada Senin.\n\
                \"Menikah itu seperti naik roller coaster tanpa sabuk pengaman,\" kata Al Ghazali.\n\
                Kehadiran keluarga yang mengiringi kisah cintanya dengan Alyssa menambah kebahagiaan Al. \
                Dia kembali bersyukur atas dukungan itu.\n\
                \"Sekali lagi terima kasih kepada semua yang sudah menjadi bagian dari cerita kami,\" pungkasnya.";
    let found = speakers(text, &Meta::default());
    assert_eq!(speaker_of(&found, "Sekali lagi"), "Al Ghazali");
}

#[test]
fn verbs_of_signalling_report_speech() {
    let text = "Bank sentral Amerika Serikat, The Fed, mempertahankan suku bunga acuannya.\n\
                Ketua The Fed Jerome Powell mengisyaratkan akan menunggu dampak tarif terhadap inflasi \
                sebelum memangkas suku bunga.";
    let found = speakers(text, &Meta::default());
    assert_eq!(speaker_of(&found, "akan menunggu"), "Jerome Powell");
}

#[test]
fn a_name_the_tagger_missed_after_menurut_is_the_source_and_opens_later_sentences() {
    // "Pelita" (also a common word, "lamp") is no name the tagger finds here: after "Menurut" the words up to the comma are the
    // source, not the person the reported speech mentions; and once a cue has named him, the
    // sentence he opens makes him the one "dia" points back at.
    let text = "Terdakwa Bambang Sutrisno meminta saksi membuat aplikasi pelacak.\n\
                Menurut Pelita, dirinya diminta mengembangkan aplikasi itu untuk pekerjaan Bambang.\n\
                \"Saya hanya membuat alatnya, lalu menyerahkannya,\" ungkap Pelita.\n\
                Bambang mengaku kecewa dengan hasilnya. Pelita pun tergerak untuk membantu.\n\
                \"Saya ikut tergerak karena banyak korban,\" ungkap dia.";
    let found = speakers(text, &Meta::default());
    assert_eq!(speaker_of(&found, "dirinya diminta"), "Pelita");
    assert_eq!(speaker_of(&found, "Saya ikut tergerak"), "Pelita");
}

#[test]
fn a_name_after_a_preposition_is_no_subject_of_the_next_verb() {
    // "dari Gerald Sitompul" is the object of "panggilan"; the subject of "menegaskan" is the man
    // who opened the sentence. "Reynaldi dari PT Griya Rotan" is Reynaldi of a company.
    let text = "Pelatih tim nasional Gerald Sitompul memanggil 30 pemain muda.\n\
                Rahmat Hidayat Pane menyambut dengan gembira panggilan dari Gerald Sitompul dan \
                menegaskan tekadnya untuk menembus tim utama.\n\
                Reynaldi dari PT Griya Rotan mengatakan, pesanan furnitur rotan turun 20 persen.";
    let found = speakers(text, &Meta::default());
    assert_eq!(speaker_of(&found, "tekadnya untuk"), "Rahmat Hidayat Pane");
    assert_eq!(speaker_of(&found, "pesanan furnitur"), "Reynaldi");
}

#[test]
fn a_description_of_someone_brought_in_unnamed_names_nobody() {
    // "seorang pejabat AS" is unnamed: "pejabat AS tersebut" is that official, not the prime
    // minister quoted just before; "dokumen tersebut" is no person at all.
    let text = "Perdana Menteri Benjamin Netanyahu mengatakan, \"Tidak ada yang kebal.\"\n\
                Sebelumnya, seorang pejabat AS mengungkapkan kepada wartawan bahwa presiden sudah \
                mengetahui rencana itu.\n\
                \"Presiden menolak rencana itu dan kami telah memberi tahu sekutu kami,\" kata pejabat \
                AS tersebut.\n\
                Menteri Energi Yuliana Hartati mengatakan rencana itu masih dikaji.\n\
                \"Pembangunan harus menunggu studi kelayakan yang lengkap,\" tulis dokumen tersebut.";
    let found = speakers(text, &Meta::default());
    assert_eq!(speaker_of(&found, "Presiden menolak"), "-");
    assert_eq!(speaker_of(&found, "Pembangunan harus"), "-");
}

#[test]
fn an_organisation_written_before_a_name_is_cut_off_when_the_article_shows_it() {
    // "Nusapura" stands alone twice and the person is shortened to "Rosan": the organisation opens
    // the name "CEO Nusapura Rosan Wirawan", it is not his first name.
    let text = "Nusapura akan terlibat dalam proyek pengolahan sampah menjadi listrik.\n\
                Pemerintah akan bekerja sama dengan Nusapura dan swasta.\n\
                Sementara itu, CEO Nusapura Rosan Wirawan menjelaskan pihaknya akan ikut terlibat.\n\
                Rosan juga menyebut bahwa lembaganya tidak akan berinvestasi sendiri.";
    let found = speakers(text, &Meta::default());
    assert_eq!(speaker_of(&found, "pihaknya akan"), "Rosan Wirawan");
    assert_eq!(speaker_of(&found, "lembaganya tidak"), "Rosan Wirawan");
}

#[test]
fn a_negated_reporting_verb_reports_nothing() {
    // "belum bisa memastikan" says that nothing was confirmed: no statement.
    let text = "Wakil Menteri Energi Yuliana Hartati mengatakan pemerintah membuka peluang kerja sama \
                dengan banyak negara.\n\
                Meski begitu, Yuliana belum bisa memastikan teknologi dari negara mana yang akan dipakai.";
    let found = speakers(text, &Meta::default());
    assert_eq!(speaker_of(&found, "pemerintah membuka"), "Yuliana Hartati");
    assert!(
        found
            .iter()
            .all(|(words, _)| !words.contains("teknologi dari")),
        "a negated verb made a statement: {found:?}"
    );
}

#[test]
fn a_pronoun_opening_a_sentence_is_the_one_person_named_in_the_sentence_before() {
    // The last speaker is the mother; the next sentence brings in the witness alone, and "Dia"
    // after it is the witness. "Meski begitu, Oki …" makes Oki the subject "Ia" points back at,
    // not a person of a related-article line between them.
    let text = "\"Anak saya berjalan lebih dulu,\" kata Xiao Huang di persidangan.\n\
                Hingga kemudian saksi mata, seorang turis asal Prancis, Marion Dubois, yang melihat \
                kejadian itu, duduk di ruangan sidang.\n\
                Dia mengatakan saat kejadian itu, dia sedang berswafoto bersama keluarganya.";
    let found = speakers(text, &Meta::default());
    assert_eq!(speaker_of(&found, "saat kejadian"), "Marion Dubois");
}

#[test]
fn seingat_opens_reported_speech_and_no_name() {
    // "Seingat Rahmanto, …" is "as Rahmanto remembers": a source, and no part of his name.
    let text = "Seingat Rahmanto, rapat itu digelar pada malam hari dan dihadiri semua pengurus.";
    let found = speakers(text, &Meta::default());
    assert_eq!(speaker_of(&found, "rapat itu"), "Rahmanto");
}

#[test]
fn a_role_never_runs_across_a_related_link_glued_into_the_text() {
    // The scraper glued a "Baca Juga" headline between a subheading and the name: the headline is
    // furniture, and the speaker's role takes neither it nor the subheading's word before it.
    let text = "Marco Santini rajin berlatih. Santini juara GP Italia tahun lalu.\n\
                2. Sering Dihentikan PelatihBaca Juga:Penyebab Rossi Ogah Akui Santini sebagai Musuh \
                Tersulit di MotoGPSantini mengaku pelatihnya sering menghentikan latihan karena \
                terlalu berat.";
    let analysis = WARTA
        .analyse(text, &Meta::default())
        .expect("the article is analysed");
    let doc = analysis.document();
    let roles: Vec<Option<&str>> = doc
        .quotes
        .iter()
        .filter_map(|q| q.speaker.as_ref())
        .map(|s| s.role.as_deref())
        .collect();
    assert!(!roles.is_empty(), "no attributed quote in {:?}", doc.quotes);
    assert!(
        roles
            .iter()
            .all(|r| r.is_none_or(|r| !r.contains("Baca") && !r.contains("Pelatih"))),
        "a role runs across furniture: {roles:?}"
    );
}

#[test]
fn degrees_after_a_name_are_neither_speakers_nor_entities() {
    // Health news gives doctors' degrees after their names, cut by the tokenizer into pieces the
    // tagger took for organisations ("PD", "FINASIM"); the cue after them, or the "Menurut" before
    // them, names the doctor, and a single name before degrees is a person.
    let text = "Gejala awal sering tidak disadari. Spesialis Penyakit Dalam dr Ahmad Wibisono, Sp.PD \
                mengatakan, gejala awal penyakit itu muncul dua minggu setelah infeksi.\n\
                Ahli jantung Hendra Kusuma, Sp.JP-KEMD, Ph.D, FINASIM, FACP menyatakan, efek rokok \
                pada jantung bertahan bertahun-tahun.\n\
                Menurut dr. Rudi Hartanto, M.Ked, Sp.OT (K), cedera lutut perlu ditangani sejak awal.\n\
                “Tidur yang cukup menjaga daya tahan tubuh,” ujar dr. Elyanawati, Sp.PD, dokter \
                penyakit dalam di RS Sehat Sentosa.";
    let found = speakers(text, &Meta::default());
    assert_eq!(speaker_of(&found, "gejala awal penyakit"), "Ahmad Wibisono");
    assert_eq!(speaker_of(&found, "efek rokok"), "Hendra Kusuma");
    assert_eq!(speaker_of(&found, "cedera lutut"), "Rudi Hartanto");
    assert_eq!(speaker_of(&found, "Tidur yang"), "Elyanawati");
    let analysis = WARTA.analyse(text, &Meta::default()).unwrap();
    let names: Vec<&str> = analysis
        .document()
        .entities
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    for piece in ["Sp", "PD", "JP", "KEMD", "Ph", "FINASIM", "FACP", "OT"] {
        assert!(!names.contains(&piece), "{piece:?} is an entity: {names:?}");
    }
}

#[test]
fn menurut_after_an_adjunct_of_time_still_names_the_source() {
    let text = "Kuasa hukum keluarga, Yakup Siregar, menilai gugatan itu tidak berdasar. Saat ini, \
                menurut Yakup Siregar, pihaknya memilih menghormati proses hukum yang berjalan.";
    let found = speakers(text, &Meta::default());
    assert_eq!(speaker_of(&found, "pihaknya memilih"), "Yakup Siregar");
}

#[test]
fn a_role_that_names_an_organisation_runs_on_to_the_name_after_its_comma() {
    // The role after the cue names a unit and its university ("Bidang Kemahasiswaan dan Alumni
    // Unpad"); the speaker is the person after the comma, whose "Prof" lost its period.
    let text = "Kampus itu menindak para pelaku. \"Kami tidak menoleransi kekerasan,\" kata Wakil \
                Rektor Bidang Kemahasiswaan dan Alumni Unpad, Prof Sunaryo, kepada wartawan.";
    let found = speakers(text, &Meta::default());
    assert_eq!(speaker_of(&found, "Kami tidak"), "Sunaryo");
}
