//! Issue 17: hostile inputs get a clear error naming the record, and cost nothing after it: lying
//! WARC lengths, damaged gzip members, oversized records, blank gigabytes, symbolic link loops.
//! The inputs are generated here, small enough for the default tier; the scaling of each family
//! is measured by `tests/scaling.rs` (release, ignored).

use std::io::{Cursor, Write};
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;
use warta_ingest::{
    DecodeOptions, Decoded, InputFormat, Origin, RecordErrorKind, SkipReason, Sources,
};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// A WARC resource record holding a small page titled "Berita {n}", with the Content-Length given
/// (the true one when `None`).
fn page_record(n: usize, declared: Option<&str>) -> Vec<u8> {
    let body = format!(
        "<html><head><title>Berita {n}</title></head><body><p>Isi berita nomor {n} tentang harga beras di pasar hari ini.</p></body></html>"
    );
    let length = declared.map_or(body.len().to_string(), str::to_owned);
    format!(
        "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://contoh.example/{n}\r\nContent-Type: text/html\r\nContent-Length: {length}\r\n\r\n{body}\r\n\r\n"
    )
    .into_bytes()
}

/// (titles of the articles, errors) of every record, in order.
fn outcomes(sources: Sources) -> (Vec<String>, Vec<String>) {
    let mut titles = Vec::new();
    let mut errors = Vec::new();
    for item in sources {
        match item.and_then(|r| r.decode(DecodeOptions::default())) {
            Ok(Decoded::Article(a)) => titles.push(a.meta.title.unwrap_or_default()),
            Ok(Decoded::Skipped { reason, .. }) => titles.push(format!("skipped: {reason:?}")),
            Err(err) => errors.push(err.to_string()),
        }
    }
    (titles, errors)
}

fn titles(numbers: &[usize]) -> Vec<String> {
    numbers.iter().map(|n| format!("Berita {n}")).collect()
}

/// Defect 12: a Content-Length of 200 MB or 2^64 - 1 swallowed every record after it.
#[test]
fn a_lying_content_length_loses_no_record_after_it() {
    for declared in ["200000000", "18446744073709551615"] {
        let records = [
            page_record(1, None),
            page_record(2, Some(declared)),
            page_record(3, None),
            page_record(4, None),
        ];
        let next = records[0].len() + records[1].len();
        let plain = records.concat();
        let members: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
        for (name, bytes) in [("crawl.warc", plain), ("crawl.warc.gz", members)] {
            let sources = Sources::from_reader(name, Cursor::new(bytes), InputFormat::Auto);
            let (found, errors) = outcomes(sources);
            assert_eq!(
                found,
                titles(&[1, 3, 4]),
                "{name}, Content-Length {declared}"
            );
            assert_eq!(
                errors,
                [format!(
                    "{name}: record 2: WARC: Content-Length {declared} runs into the next record, which starts at byte {next}"
                )]
            );
        }
    }
}

/// Gives its bytes a few at a time, so that every header and every `\r\n\r\nWARC/1.` is split
/// across reads somewhere.
struct Trickle {
    bytes: Cursor<Vec<u8>>,
    reads: usize,
}

impl std::io::Read for Trickle {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        self.reads += 1;
        let n = out.len().min(self.reads % 13 + 1);
        self.bytes.read(&mut out[..n])
    }
}

#[test]
fn resynchronisation_finds_a_header_split_across_reads() {
    let records = [
        page_record(1, None),
        page_record(2, Some("18446744073709551615")),
        page_record(3, Some("99999")),
        page_record(4, None),
    ];
    let bytes = records.concat();
    let sources = Sources::from_reader(
        "crawl.warc",
        Trickle {
            bytes: Cursor::new(bytes),
            reads: 0,
        },
        InputFormat::Warc,
    );
    let (found, errors) = outcomes(sources);
    assert_eq!(found, titles(&[1, 4]));
    let at = |k: usize| records[..k].iter().map(Vec::len).sum::<usize>();
    assert_eq!(
        errors,
        [
            format!(
                "crawl.warc: record 2: WARC: Content-Length 18446744073709551615 runs into the next record, which starts at byte {}",
                at(2)
            ),
            format!(
                "crawl.warc: record 3: WARC: Content-Length 99999 runs into the next record, which starts at byte {}",
                at(3)
            ),
        ]
    );
}

/// Defect 12: a truncated gzip member ended the input, and the intact records after it were lost
/// without being named.
#[test]
fn a_truncated_gzip_member_costs_only_its_record() {
    let members: Vec<Vec<u8>> = (1..=4).map(|n| gzip(&page_record(n, None))).collect();
    let damaged = &members[1][..members[1].len() / 2];
    let bytes = [&members[0][..], damaged, &members[2], &members[3]].concat();
    let sources = Sources::from_reader("crawl.warc.gz", Cursor::new(bytes), InputFormat::Auto);
    let (found, errors) = outcomes(sources);
    assert_eq!(found, titles(&[1, 3, 4]));
    assert_eq!(errors.len(), 1, "{errors:?}");
    let expected = format!(
        "crawl.warc.gz: record 2: cannot read: damaged gzip member at byte {}",
        members[0].len()
    );
    assert!(errors[0].starts_with(&expected), "{}", errors[0]);
    let next = members[0].len() + damaged.len();
    assert!(
        errors[0].ends_with(&format!("reading resumes at the next member, byte {next}")),
        "{}",
        errors[0]
    );
}

/// Defect 12, the same for JSON Lines: the lines after a damaged member are still read.
#[test]
fn a_truncated_gzip_member_in_json_lines_costs_only_its_lines() {
    let member = |range: std::ops::Range<usize>| {
        gzip(
            range
                .map(|i| format!("{{\"text\": \"Berita {i}.\"}}\n"))
                .collect::<String>()
                .as_bytes(),
        )
    };
    let (first, second, third) = (member(0..100), member(100..200), member(200..300));
    let bytes = [&first[..], &second[..second.len() / 2], &third].concat();
    let items: Vec<_> =
        Sources::from_reader("potong.jsonl.gz", Cursor::new(bytes), InputFormat::Auto).collect();
    let texts: Vec<String> = items
        .iter()
        .filter_map(|item| payload_text(item.as_ref().ok()?))
        .collect();
    assert!(texts.starts_with(&(0..100).map(|i| format!("Berita {i}.")).collect::<Vec<_>>()));
    assert!(
        texts.ends_with(
            &(200..300)
                .map(|i| format!("Berita {i}."))
                .collect::<Vec<_>>()
        )
    );
    let errors: Vec<String> = items
        .iter()
        .filter_map(|i| i.as_ref().err().map(|e| e.to_string()))
        .collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains(&format!("damaged gzip member at byte {}", first.len()))),
        "{errors:?}"
    );
}

/// The text of a JSON line that decodes.
fn payload_text(record: &warta_ingest::RawRecord) -> Option<String> {
    let warta_ingest::Payload::JsonLine(bytes) = &record.payload else {
        return None;
    };
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    Some(value.get("text")?.as_str()?.to_owned())
}

/// Defect 7: a small gzip of many zeros was decompressed whole. Now it is an error naming the file,
/// and the next input is read.
#[test]
fn a_gzip_bomb_is_an_error_naming_the_file_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = dir.path().join("nol.txt.gz");
    std::fs::write(&bomb, gzip(&vec![0; 16 << 20])).unwrap();
    let after = dir.path().join("sesudah.txt");
    std::fs::write(&after, "Berita sesudahnya.").unwrap();
    let mut sources =
        Sources::new([bomb.clone(), after], InputFormat::Auto).with_max_record_bytes(1 << 20);
    let err = sources.next().unwrap().unwrap_err();
    assert_eq!(err.origin, Origin::file(bomb.to_string_lossy().into()));
    assert!(matches!(
        err.kind,
        RecordErrorKind::RecordTooLarge { limit: 1048576, .. }
    ));
    assert_eq!(
        err.to_string(),
        format!(
            "{}: record larger than the limit of 1048576 bytes for one record; skipped",
            bomb.display()
        )
    );
    let next = sources.next().unwrap().unwrap();
    let Decoded::Article(article) = next.decode(DecodeOptions::default()).unwrap() else {
        panic!("the next input is read")
    };
    assert_eq!(article.text, "Berita sesudahnya.");
    assert!(sources.next().is_none());
}

/// Defect 7: a line over the limit is an error naming the line and its byte; the next line is read.
#[test]
fn a_line_over_the_limit_is_an_error_and_the_next_line_is_read() {
    let long = format!("{{\"text\": \"{}\"}}\n", "a".repeat(3 << 20));
    let input = format!("{{\"text\": \"Satu.\"}}\n\n{long}{{\"text\": \"Dua.\"}}");
    let items: Vec<_> = Sources::from_reader(
        "dump.jsonl",
        Cursor::new(input.into_bytes()),
        InputFormat::Auto,
    )
    .with_max_record_bytes(1 << 20)
    .collect();
    assert_eq!(items.len(), 3);
    let err = items[1].as_ref().unwrap_err();
    assert_eq!(
        err.to_string(),
        "dump.jsonl:3: record larger than the limit of 1048576 bytes for one record (it starts at byte 19 of the file); skipped"
    );
    let second = items[2].as_ref().unwrap();
    assert_eq!(second.origin, Origin::line("dump.jsonl".into(), 4));
    assert_eq!(second.file_offset, Some(19 + long.len() as u64));
}

/// Defect 7: gigabytes of newlines were held to conclude "empty"; now they are passed over. Blank
/// lines still count for the line numbers.
#[test]
fn blank_megabytes_are_passed_over_and_lines_still_count() {
    let blank = "\n".repeat(8 << 20);
    let only_blank = Sources::from_reader(
        "kosong.txt.gz",
        Cursor::new(gzip(blank.as_bytes())),
        InputFormat::Auto,
    )
    .with_max_record_bytes(1 << 20);
    assert_eq!(
        outcomes(only_blank),
        (
            vec![format!("skipped: {:?}", SkipReason::EmptyFile)],
            vec![]
        )
    );
    let input = format!("{blank}  \r\n{{\"text\": \"Isi.\"}}\n{blank}{{\"text\": \"Lagi.\"}}\n\n");
    let records: Vec<_> = Sources::from_reader(
        "jarang.jsonl.gz",
        Cursor::new(gzip(input.as_bytes())),
        InputFormat::Auto,
    )
    .with_max_record_bytes(1 << 20)
    .map(|r| r.unwrap())
    .collect();
    let lines: Vec<_> = records.iter().map(|r| r.origin.clone()).collect();
    let n = blank.len() as u64;
    assert_eq!(
        lines,
        [
            Origin::line("jarang.jsonl.gz".into(), n + 2),
            Origin::line("jarang.jsonl.gz".into(), 2 * n + 3),
        ]
    );
    assert_eq!(records[0].file_offset, Some(n + 4));
}

#[cfg(unix)]
fn symlink(target: &str, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// Defect 5: a `self -> .` link made the walk read each file 41 times, and loops between
/// directories walked practically forever. Each real file is read once; a loop is an error naming
/// the link.
#[cfg(unix)]
#[test]
fn symbolic_link_loops_are_named_and_each_file_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("a.txt"), "Berita A.").unwrap();
    std::fs::create_dir_all(root.join("b/c")).unwrap();
    std::fs::write(root.join("b/c/d.txt"), "Berita D.").unwrap();
    symlink(".", &root.join("self"));
    symlink("../..", &root.join("b/c/naik"));
    symlink("a.txt", &root.join("z.txt"));
    let mut texts = Vec::new();
    let mut skipped = Vec::new();
    let mut loops = Vec::new();
    for item in Sources::new([root.to_path_buf()], InputFormat::Auto) {
        match item {
            Ok(record) => {
                let origin = record.origin.to_string();
                match record.decode(DecodeOptions::default()).unwrap() {
                    Decoded::Article(a) => texts.push(a.text),
                    Decoded::Skipped { reason, .. } => skipped.push((origin, reason)),
                }
            }
            Err(err) => {
                assert!(
                    matches!(err.kind, RecordErrorKind::SymlinkLoop { .. }),
                    "{err}"
                );
                loops.push(err.origin.to_string());
            }
        }
    }
    assert_eq!(texts, ["Berita A.", "Berita D."]);
    let name = |rest: &str| root.join(rest).to_string_lossy().into_owned();
    assert_eq!(skipped, [(name("z.txt"), SkipReason::AlreadyRead)]);
    loops.sort();
    assert_eq!(loops, [name("b/c/naik"), name("self")]);
}

/// Defect 3: html5ever walks its stack of open elements for every start tag, so parsing was
/// quadratic in nesting depth (40,000 `<div>`s took 4.7 s, 200,000 did not finish in two minutes;
/// `tests/scaling.rs` measures those sizes in release). Elements deeper
/// than `MAX_DEPTH` are now left out, their text kept.
#[test]
fn deeply_nested_pages_are_parsed_and_keep_their_text() {
    let depth = 50_000;
    let html = format!(
        "<html><body>{}<p>Teks yang terkubur sangat dalam di halaman ini.</p><p>Paragraf sesudahnya juga terbaca.</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let page = warta_ingest::html::extract(&html, None);
    assert_eq!(
        page.text,
        "Teks yang terkubur sangat dalam di halaman ini.\n\nParagraf sesudahnya juga terbaca."
    );
}

/// Defect 3: html5ever compares each attribute with every earlier one of its tag, so a tag with a
/// million attributes did not finish in two minutes. Attributes after `MAX_ATTRIBUTES` are left out.
#[test]
fn a_tag_with_a_million_attributes_is_parsed() {
    let attributes: String = (0..1_000_000).map(|i| format!(" a{i}")).collect();
    let html = format!(
        "<html><head><title>Judul</title></head><body><article class=\"isi\"{attributes}><p>Isi berita yang panjang tentang harga beras.</p></article></body></html>"
    );
    let page = warta_ingest::html::extract(&html, None);
    assert_eq!(page.text, "Isi berita yang panjang tentang harga beras.");
    assert_eq!(page.meta.title.as_deref(), Some("Judul"));
}
