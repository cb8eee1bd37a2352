//! Walking inputs: directories, globs, gzip, sniffing, line numbers.

use std::io::Write;
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;
use warta_ingest::{DecodeOptions, Decoded, InputFormat, Origin, SkipReason, Sources};

fn write(dir: &Path, name: &str, contents: &[u8]) {
    if let Some(parent) = dir.join(name).parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(dir.join(name), contents).unwrap();
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// (origin, text or skip reason) of every record.
fn read(sources: Sources) -> Vec<(String, String)> {
    sources
        .map(|item| {
            let item = item.expect("reads");
            let origin = item.origin.to_string();
            match item.decode(DecodeOptions::default()).expect("decodes") {
                Decoded::Article(a) => (origin, a.text),
                Decoded::Skipped { reason, .. } => {
                    (origin, format!("skipped: {}", reason.as_str()))
                }
            }
        })
        .collect()
}

#[test]
fn directories_are_walked_in_name_order_and_gzip_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "b.txt", "Berita B.".as_bytes());
    write(
        root,
        "a/1.jsonl.gz",
        &gzip(b"{\"text\": \"Satu.\"}\n\n{\"text\": \"Dua.\"}\n"),
    );
    write(
        root,
        "a/2.html",
        b"<html><body><p>Berita dari halaman web.</p></body></html>",
    );
    write(root, "a/3.dat", b"\x00\x01");
    write(root, ".tersembunyi.txt", b"tidak dibaca");
    let name = |rest: &str| format!("{}/{rest}", root.display());
    let records = read(Sources::new([root.to_path_buf()], InputFormat::Auto));
    assert_eq!(
        records,
        [
            (name("a/1.jsonl.gz") + ":1", "Satu.".to_owned()),
            (name("a/1.jsonl.gz") + ":3", "Dua.".to_owned()),
            (name("a/2.html"), "Berita dari halaman web.".to_owned()),
            (name("a/3.dat"), "skipped: unsupported_file".to_owned()),
            (name("b.txt"), "Berita B.".to_owned()),
        ]
    );
}

#[test]
fn globs_expand_and_files_without_extension_are_sniffed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "x1", b"{\"text\": \"JSON tanpa ekstensi.\"}\n");
    write(
        root,
        "x2",
        b"  <!DOCTYPE html><html><body><p>HTML tanpa ekstensi.</p></body></html>",
    );
    write(root, "x3", b"Teks biasa.");
    write(root, "y", b"tidak cocok");
    let pattern = format!("{}/x*", root.display());
    let texts: Vec<String> = read(Sources::new([pattern.into()], InputFormat::Auto))
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    assert_eq!(
        texts,
        [
            "JSON tanpa ekstensi.",
            "HTML tanpa ekstensi.",
            "Teks biasa."
        ]
    );

    let nothing = format!("{}/z*", root.display());
    let err = Sources::new([nothing.clone().into()], InputFormat::Auto)
        .next()
        .unwrap()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{nothing}: cannot read: no file matches this pattern")
    );
}

#[test]
fn json_lines_count_lines_across_crlf_and_blank_lines_and_strip_a_bom_in_text() {
    let sources = Sources::from_reader(
        "in.jsonl",
        std::io::Cursor::new(b"\r\n{\"text\": \"a\"}\r\n\r\n{\"text\": \"b\"}".to_vec()),
        InputFormat::Jsonl,
    );
    let records = read(sources);
    assert_eq!(
        records,
        [
            ("in.jsonl:2".to_owned(), "a".to_owned()),
            ("in.jsonl:4".to_owned(), "b".to_owned())
        ]
    );
    let text = read(Sources::from_reader(
        "bom.txt",
        std::io::Cursor::new("\u{feff}Berita.".as_bytes().to_vec()),
        InputFormat::Text,
    ));
    assert_eq!(text[0].1, "Berita.");
}

#[test]
fn a_truncated_jsonl_gz_keeps_what_was_read_and_names_the_line() {
    let lines: String = (0..2000)
        .map(|i| format!("{{\"text\": \"Berita nomor {i}.\"}}\n"))
        .collect();
    let full = gzip(lines.as_bytes());
    let items: Vec<_> = Sources::from_reader(
        "potong.jsonl.gz",
        std::io::Cursor::new(full[..full.len() / 2].to_vec()),
        InputFormat::Jsonl,
    )
    .collect();
    let (ok, failed): (Vec<_>, Vec<_>) = items.into_iter().partition(Result::is_ok);
    assert!(!ok.is_empty());
    assert_eq!(failed.len(), 1);
    let err = failed.into_iter().next().unwrap().unwrap_err();
    assert_eq!(
        err.origin,
        Origin::line("potong.jsonl.gz".into(), ok.len() as u64 + 1)
    );
    // Every line read before the damage is whole.
    for (i, item) in ok.into_iter().enumerate() {
        let Decoded::Article(a) = item.unwrap().decode(DecodeOptions::default()).unwrap() else {
            panic!()
        };
        assert_eq!(a.text, format!("Berita nomor {i}."));
    }
}

#[test]
fn an_empty_input_is_a_skip_not_an_error() {
    let records = read(Sources::from_reader(
        "kosong",
        std::io::Cursor::new(b" \n\t".to_vec()),
        InputFormat::Auto,
    ));
    assert_eq!(
        records,
        [(
            "kosong".to_owned(),
            format!("skipped: {}", SkipReason::EmptyFile.as_str())
        )]
    );
}

/// 100 MB on one line is read in one pass (`read_until` into a growing buffer), whole.
#[test]
fn a_100_mb_line_is_read_whole() {
    let text = "Kata Budi, jalan tol itu selesai tahun depan. ".repeat(100_000_000 / 46 + 1);
    let line = format!("{{\"text\": \"{text}\"}}\n");
    let mut records = Sources::from_reader(
        "besar.jsonl",
        std::io::Cursor::new(line.into_bytes()),
        InputFormat::Auto,
    );
    let Decoded::Article(article) = records
        .next()
        .unwrap()
        .unwrap()
        .decode(DecodeOptions::default())
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(article.text.len(), text.len());
    assert!(article.text == text);
    assert!(records.next().is_none());
}
