//! Issue 17, defect 7: segmentation time and memory follow the text. The time at n and 2n bytes
//! (2.5 MB and 5 MB): the ratio must stay at most 2.5 and 5 MB must take under 5 seconds on one
//! core. Slow tier, release only:
//!
//! ```text
//! cargo test -p warta-text --release --test segment_scaling -- --ignored --nocapture
//! ```

// The thread's CPU time comes from clock_gettime.
#![cfg(unix)]

use std::time::Duration;

use warta_text::{SentenceRules, segment};

fn best_of_three(text: &str) -> Duration {
    (0..3)
        .map(|_| {
            let started = thread_cpu_time();
            std::hint::black_box(segment(text, &[], SentenceRules::default()));
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

/// Makes a text of about the given number of bytes.
type MakeText = fn(usize) -> String;

#[test]
#[ignore = "release-mode timing; run with --release -- --ignored"]
fn segmentation_is_linear_in_every_shape_of_text() {
    const N: usize = 2_500_000;
    let shapes: [(&str, MakeText); 4] = [
        ("one line of sentences", |bytes| {
            "Kata Budi, jalan tol itu selesai tahun depan. ".repeat(bytes / 46)
        }),
        ("one word", |bytes| "a".repeat(bytes)),
        ("white space", |bytes| " ".repeat(bytes)),
        ("newlines and marks", |bytes| "“.\n".repeat(bytes / 5)),
    ];
    for (shape, make) in shapes {
        let t5 = best_of_three(&make(2 * N));
        // n grows (to 40 MB at most) while a run takes under 50 ms: not a ratio of timer noise.
        let mut n = N;
        let t1 = loop {
            let t1 = best_of_three(&make(n));
            if t1 >= Duration::from_millis(50) || n >= 40_000_000 {
                break t1;
            }
            n *= 4;
        };
        let t2 = best_of_three(&make(2 * n));
        let ratio = t2.as_secs_f64() / t1.as_secs_f64().max(1e-6);
        eprintln!(
            "| segment, {shape} | {:.1} MB | {:.3} s | {:.3} s | {ratio:.2} | {:.3} s |",
            n as f64 / 1e6,
            t1.as_secs_f64(),
            t2.as_secs_f64(),
            t5.as_secs_f64()
        );
        assert!(linear_enough(t1, t2), "{shape}: {t1:?} at n, {t2:?} at 2n");
        assert!(t5 < Duration::from_secs(5), "{shape}: {t5:?} for 5 MB");
    }
}

/// Twice the input costs at most 2.5 times the time. Below a quarter of a second at 2n the ratio is
/// noise (a fresh buffer's page faults, other tests of this binary running beside it): quadratic work
/// at these sizes would take seconds.
fn linear_enough(t1: Duration, t2: Duration) -> bool {
    t2.as_secs_f64() <= 2.5 * t1.as_secs_f64() || t2 < Duration::from_millis(250)
}
