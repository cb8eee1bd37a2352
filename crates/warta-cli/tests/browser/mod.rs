//! Headless Chromium for the browser tests (`server_e2e.rs`, `report_e2e.rs`): the DOM of a page
//! after it was loaded and rendered, and screenshots. Finding Chromium, or saying that the test
//! skipped, is `warta_testing::chromium`'s.

#![allow(dead_code)] // each test binary uses part of it

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::store_support::TempDir;

/// Runs Chromium headless on `url` with `extra` arguments; its standard output.
fn chromium(browser: &Path, extra: &[String], url: &str) -> Vec<u8> {
    let profile = TempDir::new("chromium-profile");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.0.display()))
        .args(extra)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium did not start");
    let deadline = Instant::now() + Duration::from_secs(90);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish rendering {url} in 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap().stdout
}

/// The DOM of `url` after Chromium loaded and rendered it.
pub fn dump_dom(browser: &Path, url: &str) -> String {
    let out = chromium(browser, &["--dump-dom".to_owned()], url);
    let dom = String::from_utf8_lossy(&out).into_owned();
    assert!(dom.contains("</html>"), "no DOM for {url}: {dom}");
    dom
}

/// A PNG screenshot of the first `width` × `height` pixels of `url`, written to `png`.
pub fn screenshot(browser: &Path, url: &str, png: &Path, (width, height): (u32, u32)) {
    let _ = std::fs::remove_file(png);
    chromium(
        browser,
        &[
            format!("--window-size={width},{height}"),
            format!("--screenshot={}", png.display()),
        ],
        url,
    );
    assert!(png.is_file(), "chromium wrote no screenshot of {url}");
}

/// The width and height a PNG file's header gives.
pub fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(
        png.starts_with(b"\x89PNG\r\n\x1a\n") && &png[12..16] == b"IHDR",
        "not a PNG"
    );
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}
