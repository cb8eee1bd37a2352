//! Issue 17: the time a hostile input costs grows linearly with its size. For each family of
//! hostile inputs (generated here), the time at n and 2n bytes: the ratio must stay at most 2.5, and
//! 5 MB must take under 5 seconds on one core. Slow tier, release only:
//!
//! ```text
//! cargo test -p warta-ingest --release --test scaling -- --ignored --nocapture --test-threads 1
//! ```
//!
//! Each time is the best of three runs in CPU time of the thread, so that a loaded machine disturbs
//! it less.

// The thread's CPU time comes from clock_gettime.
#![cfg(unix)]

use std::io::{Cursor, Write};
use std::time::Duration;

use flate2::Compression;
use flate2::write::GzEncoder;
use warta_ingest::html::extract;
use warta_ingest::{InputFormat, Sources};

const N: usize = 2_500_000;
/// Pairs of times at n and 2n measured at most before a family fails.
const PAIRS: usize = 3;

/// Held while a family is timed.
static TIMING: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn best_of_three(run: &dyn Fn()) -> Duration {
    (0..3)
        .map(|_| {
            let started = thread_cpu_time();
            run();
            thread_cpu_time() - started
        })
        .min()
        .unwrap()
}

/// CPU time of this thread: what the run costs on one core, less disturbed than wall time by the
/// other processes of a loaded machine.
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec for clock_gettime to fill.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Times `run` over the inputs `build` makes for 5 MB, and for n and 2n bytes, prints a row of the
/// table and checks the bounds. n starts at 2.5 MB and grows (to 40 MB at most) while a run takes
/// under 50 ms, so that the ratio is not a ratio of timer noise.
fn scaling<T>(family: &str, build: impl Fn(usize) -> T, run: impl Fn(&T)) {
    // The test harness runs this file's tests side by side; timed alone, one family is not slowed
    // by another's memory traffic (CI once read 2.86 for a ratio that reads 1.4–2.4 alone).
    let _alone = TIMING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let five = build(2 * N);
    let t5 = best_of_three(&|| run(&five));
    drop(five);
    let mut n = N;
    let t1 = loop {
        let small = build(n);
        let t1 = best_of_three(&|| run(&small));
        if t1 >= Duration::from_millis(50) || n >= 40_000_000 {
            break t1;
        }
        n *= 4;
    };
    let small = build(n);
    let large = build(2 * n);
    // A cost that grows faster than the input fails every pair; a pair that a busy host disturbed
    // (CI read 2.68 for a ratio that reads 1.7–2.1 alone) is measured again, up to three pairs.
    let mut pair = (t1, best_of_three(&|| run(&large)));
    for _ in 1..PAIRS {
        if linear_enough(pair.0, pair.1) {
            break;
        }
        pair = (
            best_of_three(&|| run(&small)),
            best_of_three(&|| run(&large)),
        );
    }
    let (t1, t2) = pair;
    let ratio = t2.as_secs_f64() / t1.as_secs_f64().max(1e-6);
    eprintln!(
        "| {family} | {:.1} MB | {:.3} s | {:.3} s | {ratio:.2} | {:.3} s |",
        n as f64 / 1e6,
        t1.as_secs_f64(),
        t2.as_secs_f64(),
        t5.as_secs_f64()
    );
    assert!(linear_enough(t1, t2), "{family}: {t1:?} at n, {t2:?} at 2n");
    assert!(t5 < Duration::from_secs(5), "{family}: {t5:?} for 5 MB");
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// Members of `unit` (compressed once) repeated to `bytes` compressed bytes: gigabytes once
/// decompressed, made in no time.
fn repeated_members(unit: &[u8], bytes: usize) -> Vec<u8> {
    let member = gzip(unit);
    member.repeat(bytes.div_ceil(member.len()))
}

/// Reads every record (not decoding them): the reader's own cost.
fn read_all(name: &str, bytes: &[u8], limit: Option<u64>) -> usize {
    let sources = Sources::from_reader(name, Cursor::new(bytes.to_vec()), InputFormat::Auto);
    let sources = match limit {
        Some(limit) => sources.with_max_record_bytes(limit),
        None => sources,
    };
    sources.count()
}

fn page_record(n: usize, declared: Option<&str>) -> Vec<u8> {
    let body = format!(
        "<html><head><title>Berita {n}</title></head><body><p>Isi berita nomor {n}.</p></body></html>"
    );
    let length = declared.map_or(body.len().to_string(), str::to_owned);
    format!(
        "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://contoh.example/{n}\r\nContent-Type: text/html\r\nContent-Length: {length}\r\n\r\n{body}\r\n\r\n"
    )
    .into_bytes()
}

#[test]
#[ignore = "release-mode timing; run with --release -- --ignored"]
fn html_nesting_depth() {
    scaling(
        "HTML, nested `<div>` (11 bytes a level)",
        |bytes| {
            let depth = bytes / 11;
            format!(
                "<html><body>{}<p>Teks yang terkubur dalam.</p>{}</body></html>",
                "<div>".repeat(depth),
                "</div>".repeat(depth)
            )
        },
        |html| assert!(!extract(html, None).text.is_empty()),
    );
    scaling(
        "HTML, nested unclosed `<div><span><b>`",
        |bytes| format!("{}<p>Isi.</p>", "<div><span><b>".repeat(bytes / 15)),
        |html| assert!(!extract(html, None).text.is_empty()),
    );
}

#[test]
#[ignore = "release-mode timing; run with --release -- --ignored"]
fn html_attribute_count() {
    scaling(
        "HTML, one tag with all the attributes",
        |bytes| {
            let attributes: String = (0..bytes / 8).map(|i| format!(" a{i}")).collect();
            format!("<html><body><article{attributes}><p>Isi berita.</p></article></body></html>")
        },
        |html| assert!(!extract(html, None).text.is_empty()),
    );
    scaling(
        "HTML, tags of 100 duplicate attributes",
        |bytes| {
            let tag = format!("<span{}>x</span>", " a=1".repeat(100));
            format!(
                "<html><body><p>{}</p></body></html>",
                tag.repeat(bytes / tag.len())
            )
        },
        |html| assert!(!extract(html, None).text.is_empty()),
    );
}

#[test]
#[ignore = "release-mode timing; run with --release -- --ignored"]
fn warc_lying_lengths_and_damaged_members() {
    for declared in ["200000000", "18446744073709551615"] {
        scaling(
            &format!("WARC, Content-Length {declared} on every other record"),
            |bytes| {
                let mut out = Vec::new();
                let mut n = 0;
                while out.len() < bytes {
                    out.extend(page_record(n, (n % 2 == 1).then_some(declared)));
                    n += 1;
                }
                out
            },
            |bytes| assert!(read_all("crawl.warc", bytes, None) > 1000),
        );
    }
    scaling(
        "WARC gzip, every other member truncated",
        |bytes| {
            let mut out = Vec::new();
            let mut n = 0;
            while out.len() < bytes {
                let member = gzip(&page_record(n, None));
                let keep = if n % 2 == 1 {
                    member.len() / 2
                } else {
                    member.len()
                };
                out.extend_from_slice(&member[..keep]);
                n += 1;
            }
            out
        },
        |bytes| assert!(read_all("crawl.warc.gz", bytes, None) > 1000),
    );
}

/// A gzip member header with no flags, and a final stored block of `len` bytes: what a hostile
/// file plants so that every false start decodes a long way before it fails.
fn planted_member(len: u16) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 0x01];
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&(!len).to_le_bytes());
    out
}

#[test]
#[ignore = "release-mode timing; run with --release -- --ignored"]
fn gzip_resynchronisation_over_planted_headers() {
    scaling(
        "gzip, planted member headers every 16 bytes, each opening a 64 KiB stored block",
        |bytes| {
            let mut unit = planted_member(u16::MAX);
            unit.resize(16, b'x');
            let mut out = unit.repeat(bytes / 16);
            // A real member at the end, to be found.
            out.extend(gzip(b"{\"text\": \"akhir\"}\n"));
            out
        },
        |bytes| assert!(read_all("tanam.jsonl.gz", bytes, None) >= 1),
    );
}

#[test]
#[ignore = "release-mode timing; run with --release -- --ignored"]
fn oversized_and_blank_records() {
    // Gigabytes of zeros: read up to the default limit (128 MiB), then an error.
    scaling(
        "gzip of zeros, text (1,000× decompressed)",
        |bytes| repeated_members(&vec![0; 100 << 20], bytes),
        |bytes| assert_eq!(read_all("nol.gz", bytes, None), 1),
    );
    scaling(
        "newlines, plain",
        |bytes| vec![b'\n'; bytes],
        |bytes| assert_eq!(read_all("kosong.jsonl", bytes, None), 1),
    );
    scaling(
        "one JSON line over a 1 MiB limit",
        |bytes| {
            [
                b"{\"text\": \"".as_slice(),
                &vec![b'a'; bytes],
                b"\"}\n{\"text\": \"b\"}\n",
            ]
            .concat()
        },
        |bytes| assert_eq!(read_all("satu.jsonl", bytes, Some(1 << 20)), 2),
    );
    scaling(
        "one JSON line within the limit",
        |bytes| [b"{\"text\": \"".as_slice(), &vec![b'a'; bytes], b"\"}\n"].concat(),
        |bytes| assert_eq!(read_all("satu.jsonl", bytes, None), 1),
    );
}

/// Gzip of newlines: the whole stream must be read to say "empty", so the time follows the
/// decompressed size (1 GB per 1 MB compressed here); measured at 1 and 2 GB, and not held to the
/// 5 MB bound, which would be 5 GB.
#[test]
#[ignore = "release-mode timing; run with --release -- --ignored"]
fn gzip_of_newlines() {
    let unit = vec![b'\n'; 100 << 20];
    let one = repeated_members(&unit, 1 << 20);
    let two = repeated_members(&unit, 2 << 20);
    let t1 = best_of_three(&|| assert_eq!(read_all("kosong.jsonl.gz", &one, None), 1));
    let t2 = best_of_three(&|| assert_eq!(read_all("kosong.jsonl.gz", &two, None), 1));
    let ratio = t2.as_secs_f64() / t1.as_secs_f64();
    eprintln!(
        "| gzip of newlines, JSON Lines (1 / 2 GB decompressed) | {:.1} MB | {:.3} s | {:.3} s | {ratio:.2} | – |",
        one.len() as f64 / 1e6,
        t1.as_secs_f64(),
        t2.as_secs_f64()
    );
    assert!(linear_enough(t1, t2), "{t1:?} at n, {t2:?} at 2n");
}

#[cfg(unix)]
#[test]
#[ignore = "release-mode timing; run with --release -- --ignored"]
fn directory_with_symlink_loops() {
    let walk = |files: usize| {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..files {
            let sub = dir.path().join(format!("d{}", i % 50));
            std::fs::create_dir_all(&sub).unwrap();
            std::fs::write(sub.join(format!("{i}.txt")), "Berita.").unwrap();
            if i < 50 {
                std::os::unix::fs::symlink("..", sub.join("naik")).unwrap();
                std::os::unix::fs::symlink(".", sub.join("self")).unwrap();
            }
        }
        std::os::unix::fs::symlink(".", dir.path().join("self")).unwrap();
        dir
    };
    let (small, large) = (walk(2000), walk(4000));
    let count = |dir: &tempfile::TempDir| {
        Sources::new([dir.path().to_path_buf()], InputFormat::Auto).count()
    };
    let t1 = best_of_three(&|| assert_eq!(count(&small), 2000 + 101));
    let t2 = best_of_three(&|| assert_eq!(count(&large), 4000 + 101));
    let ratio = t2.as_secs_f64() / t1.as_secs_f64();
    eprintln!(
        "| directory of 2,000 / 4,000 files, 101 symlink loops | 2,000 files | {:.3} s | {:.3} s | {ratio:.2} | – |",
        t1.as_secs_f64(),
        t2.as_secs_f64()
    );
    assert!(linear_enough(t1, t2), "{t1:?} at n, {t2:?} at 2n");
}

/// Twice the input costs at most 2.5 times the time. Below a quarter of a second at 2n the ratio is
/// noise (a fresh buffer's page faults, other tests of this binary running beside it): quadratic work
/// at these sizes would take seconds.
fn linear_enough(t1: Duration, t2: Duration) -> bool {
    t2.as_secs_f64() <= 2.5 * t1.as_secs_f64() || t2 < Duration::from_millis(250)
}
