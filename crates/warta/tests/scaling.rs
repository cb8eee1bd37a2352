//! Hostile texts must cost time in proportion to their size: for each family, the time at size n
//! and 2n (ratio at most 2.5, so nothing quadratic hides there) and 5 MB in under 5 s on one core.
//! Slow tier, release build: `cargo test -p warta --release --test scaling -- --ignored --nocapture`.

use std::time::{Duration, Instant};

use warta::{Meta, Warta};

/// Held while a family is timed.
static TIMING: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn repeated(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len())
}

/// The fastest of three runs: a ratio of single runs measured the machine's other work as often as
/// the pipeline (CI once read 2.64 for a pipeline that reads 1.96 alone).
fn time(warta: &Warta, text: String) -> Duration {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            warta.analyse(text.as_str(), &Meta::default()).unwrap();
            started.elapsed()
        })
        .min()
        .expect("three runs")
}

fn assert_linear(family: &str, unit: &str) {
    // The test harness runs this file's tests side by side; each family is timed alone.
    let _alone = TIMING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let warta = Warta::bundled().unwrap();
    let half = time(&warta, repeated(unit, 2_500_000));
    let full = time(&warta, repeated(unit, 5_000_000));
    let ratio = full.as_secs_f64() / half.as_secs_f64();
    eprintln!("{family}: 2.5 MB {half:.2?}, 5 MB {full:.2?}, ratio {ratio:.2}");
    assert!(ratio <= 2.5, "{family}: 5 MB took {ratio:.2} times 2.5 MB");
    assert!(
        full < Duration::from_secs(5),
        "{family}: 5 MB took {full:.2?}"
    );
}

/// One unpunctuated sentence full of cue verbs: every cue looked for its subject from the start of
/// the sentence.
#[test]
#[ignore = "slow tier: run in release with --ignored"]
fn cue_verbs_in_one_endless_sentence() {
    assert_linear("cues", "Budi mengatakan ekonomi tumbuh ");
}

/// A name repeated through a long text: each mention searched a list of every earlier one.
#[test]
#[ignore = "slow tier: run in release with --ignored"]
fn a_name_repeated_through_a_long_text() {
    assert_linear(
        "names",
        "Sri Mulyani mengatakan ekonomi tumbuh di Jakarta. ",
    );
}
