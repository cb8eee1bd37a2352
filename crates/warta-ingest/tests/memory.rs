//! Issue 17, defect 7: the memory a hostile input costs, measured by counting the bytes allocated.
//! One test in its own binary, its cases run one after the other, so that the peak is theirs alone.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Cursor, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

use flate2::Compression;
use flate2::write::GzEncoder;
use warta_ingest::{InputFormat, Sources};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// The most memory allocated at once while reading every record of `input` (beyond what was
/// allocated before), and the number of records and errors.
fn peak_while_reading(name: &str, input: Vec<u8>, limit: u64) -> (usize, usize, usize) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let (mut records, mut errors) = (0, 0);
    for item in Sources::from_reader(name, Cursor::new(input), InputFormat::Auto)
        .with_max_record_bytes(limit)
    {
        match item {
            Ok(_) => records += 1,
            Err(_) => errors += 1,
        }
    }
    (PEAK.load(Ordering::Relaxed) - base, records, errors)
}

#[test]
fn hostile_inputs_cost_memory_bounded_by_the_record_limit() {
    const LIMIT: u64 = 1 << 20;
    // Read buffers (256 KiB a few times), one record of at most the limit, and its growth.
    const BOUND: usize = 8 << 20;
    let zeros = gzip(&vec![0; 48 << 20]);
    let newlines = gzip(&vec![b'\n'; 48 << 20]);
    let one_line = gzip(&[b"{\"text\": \"".as_slice(), &vec![b'a'; 48 << 20], b"\"}\n"].concat());
    let warc = [
        b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/html\r\nContent-Length: 18446744073709551615\r\n\r\n".as_slice(),
        &vec![b'x'; 48 << 20],
    ]
    .concat();
    for (name, input, expected) in [
        ("nol.gz", zeros, (0, 1)),
        ("baris-kosong.txt.gz", newlines, (1, 0)),
        ("satu-baris.jsonl.gz", one_line, (0, 1)),
        ("bohong.warc", warc, (0, 1)),
    ] {
        let compressed = input.len();
        let (peak, records, errors) = peak_while_reading(name, input, LIMIT);
        assert_eq!((records, errors), expected, "{name}");
        assert!(
            peak < BOUND,
            "{name}: {peak} bytes allocated at once for {compressed} bytes of input"
        );
    }
}
