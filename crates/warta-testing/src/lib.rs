//! Tests that need something the repository does not hold: the public data sets of
//! `../shared/data` (the *data tier*) or a headless Chromium (the web UI and report browser tests).
//!
//! Without it such a test cannot run, and libtest has no "skipped" outcome: the test returns and
//! counts as passed. So that this is never mistaken for a pass, [`skip`]:
//! - writes `SKIPPED <test>: <reason>` straight to standard error, past libtest's capture, so the
//!   line shows among the results of a plain `cargo test` (`.ci/run` counts these lines in its
//!   closing summary);
//! - fails the test instead when the environment says the prerequisite must be there:
//!   `WARTA_REQUIRE_DATA=1` for the data, `WARTA_REQUIRE_BROWSER=1` for Chromium. `.ci/run`, which
//!   installs Chromium and has the data beside the repository, sets both.
//!
//! The data is found at `$WARTA_DATA`, else at `../shared/data` beside the workspace.

use std::io::Write;
use std::path::{Path, PathBuf};

/// What a test may need from outside the repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The shared data sets (`$WARTA_DATA`).
    Data,
    /// Headless Chromium (`$WARTA_CHROMIUM`, default `/usr/bin/chromium`).
    Browser,
}

impl Need {
    /// The variable that, set to `1`, turns a skip into a failure.
    pub fn required_by(self) -> &'static str {
        match self {
            Need::Data => "WARTA_REQUIRE_DATA",
            Need::Browser => "WARTA_REQUIRE_BROWSER",
        }
    }

    fn required(self) -> bool {
        std::env::var(self.required_by()).is_ok_and(|v| v == "1")
    }
}

/// Says that the running test skipped, and why; panics instead when `need` is required (see the
/// crate's documentation). Call it, then return from the test.
pub fn skip(need: Need, reason: &str) {
    // Straight to the file descriptor: `eprintln!` output of a passing test is captured and dropped.
    skip_to(&mut std::io::stderr().lock(), need, reason);
}

fn skip_to(out: &mut dyn Write, need: Need, reason: &str) {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    if need.required() {
        panic!("{test} cannot run: {reason} ({}=1)", need.required_by());
    }
    let _ = writeln!(out, "SKIPPED {test}: {reason}");
}

/// The shared data directory: `$WARTA_DATA`, else `../shared/data` beside the workspace.
pub fn data_root() -> PathBuf {
    std::env::var_os("WARTA_DATA").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
        PathBuf::from,
    )
}

/// `relative` inside the data directory if it exists; else [`skip`]s and gives `None`.
pub fn data(relative: &str) -> Option<PathBuf> {
    find_data(relative)
        .map_err(|reason| skip(Need::Data, &reason))
        .ok()
}

fn find_data(relative: &str) -> Result<PathBuf, String> {
    let path = data_root().join(relative);
    if path.exists() {
        Ok(path)
    } else {
        Err(format!(
            "{} not found (the data tier needs ../shared/data, or set WARTA_DATA)",
            path.display()
        ))
    }
}

/// The Chromium to drive if there is one; else [`skip`]s and gives `None`.
pub fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("WARTA_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if path.exists() {
        Some(path)
    } else {
        skip(
            Need::Browser,
            &format!(
                "{} not found; install chromium (apt-get install chromium) or set WARTA_CHROMIUM",
                path.display()
            ),
        );
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The environment is shared by the threads of a test binary: one test sets and reads it.
    // Its skips are written to a buffer, not to standard error, where they would count as skips
    // of this test.
    #[test]
    fn a_skip_is_said_and_fails_only_where_the_prerequisite_is_required() {
        // SAFETY (edition 2024 makes these unsafe): no other test of this binary reads or writes
        // the environment.
        unsafe {
            std::env::set_var("WARTA_DATA", "/nonexistent/warta-data");
            std::env::remove_var("WARTA_REQUIRE_DATA");
            std::env::set_var("WARTA_REQUIRE_BROWSER", "1");
        }
        assert_eq!(data_root(), PathBuf::from("/nonexistent/warta-data"));
        let reason = find_data("news/x.jsonl").unwrap_err();
        assert!(
            reason.contains("/nonexistent/warta-data/news/x.jsonl not found"),
            "{reason}"
        );
        let mut said = Vec::new();
        skip_to(&mut said, Need::Data, &reason);
        let said = String::from_utf8(said).unwrap();
        assert!(
            said.starts_with(
                "SKIPPED tests::a_skip_is_said_and_fails_only_where_the_prerequisite_is_required: /nonexistent"
            ),
            "{said}"
        );

        // Required: the test fails, saying what is missing and why it had to be there.
        let failed =
            std::panic::catch_unwind(|| skip_to(&mut Vec::new(), Need::Browser, "no chromium"));
        let message = failed.unwrap_err();
        let message = message.downcast_ref::<String>().unwrap();
        assert!(
            message.ends_with("cannot run: no chromium (WARTA_REQUIRE_BROWSER=1)"),
            "{message}"
        );
        unsafe {
            std::env::remove_var("WARTA_REQUIRE_BROWSER");
            std::env::remove_var("WARTA_DATA");
        }
    }
}
