//! Property-based fuzzing of the three readers on stable Rust: arbitrary and mutated JSON Lines,
//! WARC (plain and gzip) and HTML must never panic or hang, and every failure must be an error
//! that names its input. Bounded: 256 cases each by default; `WARTA_FUZZ_CASES` and
//! `WARTA_FUZZ_SECONDS` set the budget of each target for longer runs (see [`Budget`]).

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use warta_ingest::html::extract;
use warta_ingest::{DecodeOptions, Decoded, InputFormat, Sources};

/// Reads everything, decodes every record, and checks the invariants that hold for any input.
fn read_all(name: &str, bytes: Vec<u8>, format: InputFormat, lossy: bool) {
    let options = DecodeOptions {
        lossy,
        ..DecodeOptions::default()
    };
    let input_len = bytes.len();
    let mut count = 0;
    for item in Sources::from_reader(name, Cursor::new(bytes), format) {
        count += 1;
        // Every record needs at least one byte of input, so this bounds the walk.
        assert!(count <= input_len + 2, "the reader does not terminate");
        match item.and_then(|record| record.decode(options)) {
            Ok(Decoded::Article(article)) => {
                assert!(!article.text.trim().is_empty());
                assert!(article.origin.to_string().starts_with(name));
            }
            Ok(Decoded::Skipped { origin, .. }) => assert!(origin.to_string().starts_with(name)),
            Err(err) => assert!(err.to_string().starts_with(name), "{err}"),
        }
    }
}

fn valid_jsonl() -> Vec<u8> {
    b"{\"id\": \"1\", \"url\": \"https://contoh.example/1\", \"title\": \"Judul\", \"text\": \"Kata Budi, \\u201cya\\u201d.\"}\n\
      {\"text\": \"Berita kedua.\", \"published\": \"2025-06-18\"}\n\n{\"text\": \"Ketiga.\"}\n"
        .to_vec()
}

fn valid_warc() -> Vec<u8> {
    let page = "<html><head><title>Judul</title><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"H\"}</script></head>\
        <body><article><p>Presiden meresmikan jembatan baru di Jakarta pada hari Senin pagi.</p><p>Baca juga: lain</p></article></body></html>";
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{page}");
    let record = |kind: &str, content_type: &str, block: &str| {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: https://contoh.example/1\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        )
    };
    // The same page sent gzip-compressed in two chunks, so that damage reaches the body decoders.
    let compressed = gzip(page.as_bytes());
    let (first, second) = compressed.split_at(compressed.len() / 2);
    let mut encoded = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n{:x}\r\n",
        first.len()
    )
    .into_bytes();
    encoded.extend_from_slice(first);
    encoded.extend(format!("\r\n{:x}\r\n", second.len()).into_bytes());
    encoded.extend_from_slice(second);
    encoded.extend_from_slice(b"\r\n0\r\n\r\n");
    let mut coded_record = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://contoh.example/2\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        encoded.len()
    )
    .into_bytes();
    coded_record.extend(encoded);
    coded_record.extend_from_slice(b"\r\n\r\n");
    let mut archive = [
        record("warcinfo", "application/warc-fields", "software: x\r\n"),
        record("response", "application/http; msgtype=response", &http),
        record("resource", "text/html", page),
    ]
    .concat()
    .into_bytes();
    archive.extend(coded_record);
    archive
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// Damage of the kinds files suffer: cut short, bytes overwritten, bytes inserted.
#[derive(Debug, Clone)]
enum Damage {
    Truncate(prop::sample::Index),
    Overwrite(prop::sample::Index, Vec<u8>),
    Insert(prop::sample::Index, Vec<u8>),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        any::<prop::sample::Index>().prop_map(Damage::Truncate),
        (
            any::<prop::sample::Index>(),
            prop::collection::vec(any::<u8>(), 1..16)
        )
            .prop_map(|(i, b)| Damage::Overwrite(i, b)),
        (
            any::<prop::sample::Index>(),
            prop::collection::vec(any::<u8>(), 1..64)
        )
            .prop_map(|(i, b)| Damage::Insert(i, b)),
    ]
}

fn apply(mut bytes: Vec<u8>, damages: &[Damage]) -> Vec<u8> {
    for damage in damages {
        if bytes.is_empty() {
            break;
        }
        match damage {
            Damage::Truncate(at) => bytes.truncate(at.index(bytes.len())),
            Damage::Overwrite(at, new) => {
                let at = at.index(bytes.len());
                for (i, b) in new.iter().enumerate() {
                    if let Some(slot) = bytes.get_mut(at + i) {
                        *slot = *b;
                    }
                }
            }
            Damage::Insert(at, new) => {
                let at = at.index(bytes.len());
                bytes.splice(at..at, new.iter().copied());
            }
        }
    }
    bytes
}

/// How long each target runs: `WARTA_FUZZ_CASES` cases (256 unless set), and at most
/// `WARTA_FUZZ_SECONDS` seconds when that is set. CI runs each target for a bounded time with
/// `WARTA_FUZZ_CASES=100000000 WARTA_FUZZ_SECONDS=50`.
struct Budget {
    cases: u64,
    time: Option<Duration>,
}

impl Budget {
    fn from_env() -> Self {
        let number = |name: &str| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        Budget {
            cases: number("WARTA_FUZZ_CASES").unwrap_or(256),
            time: number("WARTA_FUZZ_SECONDS").map(Duration::from_secs),
        }
    }
}

/// Runs `test` on values of `strategy` until the budget is spent; a failure is shrunk to a minimal
/// input and reported with it.
fn fuzz<S: Strategy>(target: &str, strategy: S, test: impl Fn(S::Value))
where
    S::Value: std::fmt::Debug,
{
    let budget = Budget::from_env();
    let config = ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let mut runner = TestRunner::new(config);
    let started = Instant::now();
    let mut cases = 0;
    while cases < budget.cases && budget.time.is_none_or(|limit| started.elapsed() < limit) {
        let tree = strategy
            .new_tree(&mut runner)
            .unwrap_or_else(|reason| panic!("{target}: no input generated: {reason}"));
        let outcome = runner.run_one(tree, |value| {
            test(value);
            Ok(())
        });
        if let Err(failure) = outcome {
            panic!("{target}: {failure}");
        }
        cases += 1;
    }
    eprintln!(
        "{target}: {cases} cases in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn jsonl_reader_survives_arbitrary_bytes() {
    let strategy = (prop::collection::vec(any::<u8>(), 0..2048), any::<bool>());
    fuzz("jsonl arbitrary bytes", strategy, |(bytes, lossy)| {
        read_all("f.jsonl", bytes, InputFormat::Jsonl, lossy);
    });
}

#[test]
fn jsonl_reader_survives_damage() {
    let strategy = (
        prop::collection::vec(damage(), 1..4),
        any::<bool>(),
        any::<bool>(),
    );
    fuzz("jsonl damage", strategy, |(damages, lossy, gz)| {
        let mut bytes = valid_jsonl();
        if gz {
            bytes = gzip(&bytes);
        }
        read_all("f.jsonl", apply(bytes, &damages), InputFormat::Auto, lossy);
    });
}

#[test]
fn warc_reader_survives_damage() {
    let strategy = (prop::collection::vec(damage(), 1..4), any::<bool>());
    fuzz("warc damage", strategy, |(damages, gz)| {
        let mut bytes = valid_warc();
        if gz {
            bytes = gzip(&bytes);
        }
        read_all("f.warc", apply(bytes, &damages), InputFormat::Warc, false);
    });
}

#[test]
fn warc_reader_survives_arbitrary_bytes() {
    fuzz(
        "warc arbitrary bytes",
        prop::collection::vec(any::<u8>(), 0..2048),
        |bytes| {
            let mut input = b"WARC/1.0\r\n".to_vec();
            input.extend(bytes);
            read_all("f.warc", input, InputFormat::Warc, true);
        },
    );
}

#[test]
fn html_extractor_survives_tag_soup() {
    let parts = prop::collection::vec(
        prop_oneof![
            Just("<p>".to_owned()),
            Just("</p>".to_owned()),
            Just("<div class=\"ads\">".to_owned()),
            Just("<div>".to_owned()),
            Just("</div>".to_owned()),
            Just("<script>".to_owned()),
            Just("</script>".to_owned()),
            Just("<br>".to_owned()),
            Just("<!--".to_owned()),
            Just("-->".to_owned()),
            Just("<table><tr><td>".to_owned()),
            Just("&amp;&#x1F600;&nbsp;".to_owned()),
            Just("<script type=\"application/ld+json\">{\"@type\":[\"NewsArticle\"],\"author\":[{\"name\":".to_owned()),
            "[a-zA-Z .,“”<>/=\"]{0,40}",
        ],
        0..80,
    );
    fuzz("html tag soup", parts, |parts| {
        let html = parts.concat();
        let page = extract(&html, Some("https://contoh.example/x"));
        assert_eq!(page.text.trim(), page.text.as_str());
        assert!(!page.text.contains("\n\n\n"));
    });
}

#[test]
fn the_undamaged_archive_gives_its_three_pages() {
    let articles = Sources::from_reader("f.warc", Cursor::new(valid_warc()), InputFormat::Warc)
        .filter_map(
            |item| match item.and_then(|r| r.decode(DecodeOptions::default())) {
                Ok(Decoded::Article(article)) => Some(article.text),
                _ => None,
            },
        )
        .collect::<Vec<_>>();
    let text = "Presiden meresmikan jembatan baru di Jakarta pada hari Senin pagi.";
    assert_eq!(articles, [text, text, text]);
}

#[test]
fn deep_and_wide_html_is_linear() {
    // 10,000 unclosed elements of mixed kinds, then 10,000 siblings: no recursion, no blow-up.
    let html = format!(
        "{}<p>Isi.</p>{}",
        "<div><span><b>".repeat(3_400),
        "<p>Paragraf pendek di antara banyak paragraf lain.</p>".repeat(10_000)
    );
    let page = extract(&html, None);
    assert!(page.text.starts_with("Isi.\n\nParagraf pendek"));
}
