//! What makes two records the same article: one definition for the batch runner (deduplication,
//! its journal) and the store (updating an article instead of adding a copy).
//!
//! - [`canonical_url`]: the same page is linked with and without `www.`, over `http` and `https`,
//!   with a trailing slash, a fragment or tracking parameters.
//! - [`ContentKey`]: syndicated copies differ in white space; their words do not. The key is the
//!   SHA-256 of the words joined by single spaces, so it is the same on every platform and in every
//!   build of warta (unlike `std`'s hasher), and may be saved in files and databases.

use sha2::{Digest, Sha256};

/// Query parameters that only track the reader; they never change the page.
fn is_tracking_parameter(name: &str) -> bool {
    name.starts_with("utm_") || matches!(name, "fbclid" | "gclid" | "mc_cid" | "mc_eid")
}

/// The URL an article is known by: `http` read as `https`, the host lower-cased without `www.`,
/// default port, fragment, tracking parameters and a trailing slash dropped; the path keeps its case
/// (servers may tell `/Berita` from `/berita`). A string that is not an absolute URL comes back
/// trimmed and otherwise unchanged.
pub fn canonical_url(url: &str) -> String {
    let trimmed = url.trim();
    let Ok(mut parsed) = url::Url::parse(trimmed) else {
        return trimmed.to_owned();
    };
    if parsed.cannot_be_a_base() {
        return trimmed.to_owned();
    }
    if parsed.scheme() == "http" {
        // Both are special schemes, so the change is always allowed; the default port goes with it.
        let _ = parsed.set_scheme("https");
    }
    if let Some(host) = parsed.host_str()
        && let Some(bare) = host.strip_prefix("www.")
        && !bare.is_empty()
    {
        let bare = bare.to_owned();
        let _ = parsed.set_host(Some(&bare));
    }
    parsed.set_fragment(None);
    let kept: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(name, _)| !is_tracking_parameter(name))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    if kept.is_empty() {
        parsed.set_query(None);
    } else {
        parsed.query_pairs_mut().clear().extend_pairs(kept);
    }
    let path = parsed.path().trim_end_matches('/').to_owned();
    parsed.set_path(&path);
    let mut canonical = String::from(parsed);
    // A URL with a host always has a path, at least "/"; the bare host is the canonical form.
    if path.is_empty() && canonical.ends_with('/') {
        canonical.pop();
    }
    canonical
}

/// The identity of an article's text, white space aside.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContentKey([u8; 32]);

impl ContentKey {
    /// The key of `text`: SHA-256 of its words (split at Unicode white space) joined by one space.
    /// Hashed word by word, without building the normalised text.
    pub fn of(text: &str) -> ContentKey {
        let mut hasher = Sha256::new();
        for (i, word) in text.split_whitespace().enumerate() {
            if i > 0 {
                hasher.update(b" ");
            }
            hasher.update(word.as_bytes());
        }
        ContentKey(hasher.finalize().into())
    }

    /// The first 8 bytes as a number: enough to tell articles apart in one run's memory (a
    /// collision among 10 million articles has odds of about 1 in 300,000).
    pub fn short(&self) -> u64 {
        let mut first = [0u8; 8];
        first.copy_from_slice(&self.0[..8]);
        u64::from_be_bytes(first)
    }

    /// Lower-case hexadecimal, 64 digits: the form the store keeps.
    pub fn to_hex(&self) -> String {
        use std::fmt::Write;
        self.0.iter().fold(String::with_capacity(64), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
    }
}

impl std::fmt::Debug for ContentKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ContentKey({})", self.to_hex())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pinned values: SHA-256 digests computed independently (`printf 'a b' | sha256sum`), so a
    // change of hash or of normalisation, which would orphan saved journals and stored articles,
    // fails here.
    #[test]
    fn content_keys_are_pinned() {
        assert_eq!(
            ContentKey::of("").to_hex(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            ContentKey::of("  a \n\n b\t").to_hex(),
            "c8687a08aa5d6ed2044328fa6a697ab8e96dc34291e8c2034ae8c38e6fcc6d65"
        );
        assert_eq!(ContentKey::of("a b").short(), 0xc8687a08aa5d6ed2);
    }

    #[test]
    fn content_keys_ignore_white_space_but_not_word_boundaries() {
        assert_eq!(ContentKey::of("a b\n\nc"), ContentKey::of(" a  b c "));
        assert_ne!(ContentKey::of("ab c"), ContentKey::of("a bc"));
    }

    #[test]
    fn canonical_urls_drop_tracking_and_noise() {
        assert_eq!(
            canonical_url("http://WWW.Kompas.com/read/2025/06/01/Abc/?utm_source=x&page=2#top"),
            "https://kompas.com/read/2025/06/01/Abc?page=2"
        );
        assert_eq!(
            canonical_url("https://kompas.com/read/2025/06/01/abc"),
            canonical_url("https://www.kompas.com/read/2025/06/01/abc/?fbclid=1&gclid=2")
        );
        assert_eq!(
            canonical_url("http://detik.com:80/"),
            canonical_url("https://detik.com")
        );
        assert_eq!(canonical_url("https://detik.com/"), "https://detik.com");
        assert_eq!(canonical_url(" not a url "), "not a url");
    }

    #[test]
    fn the_path_keeps_its_case() {
        assert_ne!(
            canonical_url("https://a.example/Berita"),
            canonical_url("https://a.example/berita")
        );
    }
}
