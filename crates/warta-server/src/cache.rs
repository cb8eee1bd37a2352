//! A cache of recent GET responses, emptied whenever the database changes.
//!
//! Analysts ask the same questions over and over (the front page, the top speakers, a popular
//! search), and the answer only changes when `warta index` commits. The database file and its
//! write-ahead log change size or modification time with every commit and checkpoint, so their
//! `stat` (two system calls, microseconds) tells whether a stored response is still the answer.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// Responses larger than this are not kept: one export-sized page must not evict everything else.
const LARGEST: usize = 1024 * 1024;

/// The query parameters some route reads. Handlers ignore any other, so the cache key leaves them
/// out: `?top=5&x=1` and `?x=2&top=5` are one question, not two entries.
const PARAMETERS: &[&str] = &[
    "q",
    "speaker",
    "speaker_id",
    "org",
    "from",
    "to",
    "type",
    "limit",
    "offset",
    "top",
    "name",
    "outlet",
    "speaker_kind",
    "sort",
    "kind",
    "format",
];

pub(crate) struct ResponseCache {
    db: PathBuf,
    wal: PathBuf,
    capacity: usize,
    /// The most bytes of bodies and headers kept; the least recently used go first.
    budget: usize,
    inner: Mutex<Inner>,
    /// One lock per question being answered: when many clients ask the same uncached question at
    /// once, one computes the answer and the others take it from the cache.
    in_flight: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

#[derive(Default)]
struct Inner {
    /// The database state the entries were computed on.
    version: Option<DbVersion>,
    entries: HashMap<String, Entry>,
    /// The sum of the entries' sizes.
    bytes: usize,
    /// Bumped on every use, to find the least recently used entry.
    clock: u64,
}

struct Entry {
    headers: HeaderMap,
    body: Bytes,
    used: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DbVersion {
    db: (u64, Option<SystemTime>),
    wal: Option<(u64, Option<SystemTime>)>,
}

impl ResponseCache {
    pub(crate) fn new(db: &Path, capacity: usize, budget: usize) -> ResponseCache {
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        ResponseCache {
            db: db.to_owned(),
            wal: PathBuf::from(wal),
            capacity,
            budget,
            inner: Mutex::new(Inner::default()),
            in_flight: Mutex::new(HashMap::new()),
        }
    }

    fn version(&self) -> Option<DbVersion> {
        let stamp = |path: &Path| {
            std::fs::metadata(path)
                .ok()
                .map(|m| (m.len(), m.modified().ok()))
        };
        Some(DbVersion {
            db: stamp(&self.db)?,
            wal: stamp(&self.wal),
        })
    }

    fn get(&self, key: &str, version: DbVersion) -> Option<(HeaderMap, Bytes)> {
        let mut inner = self.inner.lock().ok()?;
        if inner.version != Some(version) {
            inner.entries.clear();
            inner.bytes = 0;
            inner.version = Some(version);
            return None;
        }
        inner.clock += 1;
        let clock = inner.clock;
        let entry = inner.entries.get_mut(key)?;
        entry.used = clock;
        Some((entry.headers.clone(), entry.body.clone()))
    }

    fn in_flight(&self, key: &str) -> Option<Arc<tokio::sync::Mutex<()>>> {
        let mut in_flight = self.in_flight.lock().ok()?;
        Some(Arc::clone(in_flight.entry(key.to_owned()).or_default()))
    }

    fn done(&self, key: &str) {
        if let Ok(mut in_flight) = self.in_flight.lock() {
            in_flight.remove(key);
        }
    }

    fn put(&self, key: String, version: DbVersion, headers: HeaderMap, body: Bytes) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        // Computed on a database that has changed since: not an answer for anyone.
        if inner.version != Some(version) {
            return;
        }
        let size = entry_size(&key, &headers, &body);
        if size > self.budget {
            return;
        }
        if let Some(old) = inner.entries.remove(&key) {
            inner.bytes -= entry_size(&key, &old.headers, &old.body);
        }
        while inner.entries.len() >= self.capacity || inner.bytes + size > self.budget {
            let Some(oldest) = inner
                .entries
                .iter()
                .min_by_key(|(_, e)| e.used)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some(entry) = inner.entries.remove(&oldest) {
                inner.bytes -= entry_size(&oldest, &entry.headers, &entry.body);
            }
        }
        inner.clock += 1;
        let used = inner.clock;
        inner.bytes += size;
        inner.entries.insert(
            key,
            Entry {
                headers,
                body,
                used,
            },
        );
    }

    /// Bytes the entries hold now.
    pub(crate) fn bytes(&self) -> usize {
        self.inner.lock().map_or(0, |inner| inner.bytes)
    }
}

/// What an entry costs: its body, headers and key, plus a little for the map's own bookkeeping.
fn entry_size(key: &str, headers: &HeaderMap, body: &Bytes) -> usize {
    let headers: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 32)
        .sum();
    body.len() + headers + key.len() + 64
}

/// The cache key of a request: its path and the parameters routes read, with empty values
/// dropped, numbers written plainly (`top=007` is `top=7`) and in a fixed order, so that spellings
/// of one question share an entry and made-up parameters cannot fill the cache.
fn cache_key(uri: &axum::http::Uri) -> String {
    let mut pairs: Vec<(String, String)> =
        form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
            .filter(|(name, value)| PARAMETERS.contains(&name.as_ref()) && !value.trim().is_empty())
            .map(|(name, value)| {
                let numeric = matches!(name.as_ref(), "limit" | "offset" | "top" | "speaker_id");
                let value = match value.trim().parse::<u64>() {
                    Ok(n) if numeric => n.to_string(),
                    _ => value.into_owned(),
                };
                (name.into_owned(), value)
            })
            .collect();
    // A stable sort keeps repeated parameters in their order: serde reads the last one.
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    let mut key = form_urlencoded::Serializer::new(format!("{}?", uri.path()));
    key.extend_pairs(pairs);
    key.finish()
}

/// Middleware: answers a GET from the cache when the database has not changed since it was
/// computed, and keeps successful GET responses. `x-cache` says which happened.
pub(crate) async fn cached(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let cache = &state.cache;
    let version = cache.version();
    let (Some(version), true) = (
        version,
        request.method() == Method::GET && cache.capacity > 0,
    ) else {
        return next.run(request).await;
    };
    let key = cache_key(request.uri());
    let hit = |headers: HeaderMap, body: Bytes| {
        let mut response = (StatusCode::OK, body).into_response();
        *response.headers_mut() = headers;
        response
            .headers_mut()
            .insert("x-cache", HeaderValue::from_static("hit"));
        response
    };
    if let Some((headers, body)) = cache.get(&key, version) {
        return hit(headers, body);
    }
    let Some(turn) = cache.in_flight(&key) else {
        return next.run(request).await;
    };
    let _turn = turn.lock().await;
    // Whoever held the turn before may have just answered the same question.
    if let Some((headers, body)) = cache.get(&key, version) {
        return hit(headers, body);
    }
    // Forgets the turn even when the client goes away before the answer is ready.
    let _done = Done { cache, key: &key };
    answer(cache, &key, version, request, next).await
}

struct Done<'a> {
    cache: &'a ResponseCache,
    key: &'a str,
}

impl Drop for Done<'_> {
    fn drop(&mut self) {
        self.cache.done(self.key);
    }
}

/// Runs the handler and keeps a successful answer of known size.
async fn answer(
    cache: &ResponseCache,
    key: &str,
    version: DbVersion,
    request: Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    // Handlers answer with whole bodies of known size; anything else passes through untouched.
    let small = response
        .body()
        .size_hint()
        .exact()
        .is_some_and(|len| len <= LARGEST as u64);
    if response.status() != StatusCode::OK || !small {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, LARGEST).await else {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            "could not read the response",
        )
            .into_response();
    };
    cache.put(key.to_owned(), version, parts.headers.clone(), body.clone());
    parts
        .headers
        .insert("x-cache", HeaderValue::from_static("miss"));
    Response::from_parts(parts, Body::from(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_question_share_a_key() {
        let key = |uri: &str| cache_key(&uri.parse().unwrap());
        assert_eq!(key("/speakers?top=5&x=1"), key("/speakers?x=2&top=005"));
        assert_eq!(key("/quotes?q=beras&speaker="), key("/quotes?q=beras"));
        assert_eq!(
            key("/quotes?q=beras&type=direct"),
            key("/quotes?type=direct&q=beras")
        );
        assert_ne!(key("/quotes?q=beras"), key("/quotes?q=harga"));
        assert_ne!(key("/quotes?q=beras"), key("/documents?q=beras"));
        assert_ne!(key("/speakers?top=5"), key("/speakers?top=6"));
        // Search text is text: "007" is not "7".
        assert_ne!(key("/quotes?q=007"), key("/quotes?q=7"));
    }
}
