//! The corpus store: indexed articles, their quotes and the speakers behind them, in one SQLite file.
//!
//! [`Store::index`] writes one warta/1 [`OutputDocument`] in one transaction: a run that is killed
//! loses at most the article in flight, and indexing the same article again (same canonical URL, or
//! same text) updates it instead of adding a copy. Speakers are shared across articles: a name is
//! reduced to a key ([`names::name_key`]) and every key that stood for a speaker is kept as an alias,
//! so "Presiden Joko Widodo" in one article and "Jokowi" in the next are one speaker. People correct
//! the result with [`Store::merge_speakers`], [`Store::split_speaker`] and aliases files
//! ([`Store::apply_aliases`]); their corrections win over what indexing infers.
//!
//! Quotes inside paragraphs that many articles of one site carry are that site's boilerplate, learnt
//! as articles are indexed, and not stored as quotes (see `boilerplate.rs`).
//!
//! Quote and article text are searchable with SQLite FTS5 ([`Store::search_quotes`],
//! [`Store::search_documents`]).

mod boilerplate;
mod curate;
pub mod export;
pub mod names;
#[cfg(feature = "parquet")]
pub mod parquet_export;
mod read;
mod report;
// Hand-written articles for tests here and in the crates above; not part of the store's API.
#[cfg(any(test, feature = "test-fixtures"))]
pub mod sample;
mod schema;
mod short_forms;
mod statement;
pub mod stem;
mod write;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};

pub use boilerplate::{BoilerplateLine, DEFAULT_BOILERPLATE_ARTICLES, Relearnt};
pub use curate::AliasReport;
pub use read::{
    DayCount, DocumentHit, MARK_END, MARK_START, MAX_PREFIX_TERMS, MAX_QUERY_TERMS, QuoteHit,
    QuoteQuery, RoleSpan, Sort, SpeakerDetail, SpeakerKind, SpeakerQuery, SpeakerSummary, Stats,
    StoredDocument, TimelinePoint, fts_query, page_size,
};
pub use report::{
    CitedStatement, MIN_SHARED_WORDS, NameCount, Outlet, OutletCount, ReportQuery, ReportSpeaker,
    ReportTotals,
};
pub use schema::SCHEMA_VERSION;
pub use short_forms::{MergeSuggestion, SuggestedSpeaker, WINDOW_DAYS};
pub use warta_core::QuoteKind;
pub use write::Indexed;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Not marked as the source: rusqlite's message already holds its cause's, so a chain printed
    /// with `{:#}` would say it twice ("database is locked: database is locked").
    #[error("database: {0}")]
    Sqlite(rusqlite::Error),
    #[error("stored document is not valid warta/1 JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The user's search query is not valid FTS5 syntax.
    #[error("invalid search query: {0}")]
    BadQuery(String),
    #[error(
        "the database has schema version {found}, newer than this warta understands ({supported}); upgrade warta"
    )]
    TooNew { found: u32, supported: u32 },
    /// A SQLite file with tables of its own and no warta schema: migrating it would write warta's
    /// tables into someone else's database.
    #[error("not a warta database: the file has tables of another program and no warta schema")]
    Foreign,
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    #[cfg(feature = "parquet")]
    #[error("parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> StoreError {
        match err {
            // Its message quotes the whole statement: for a migration, the whole schema.
            rusqlite::Error::SqlInputError { error, msg, .. } => {
                StoreError::Sqlite(rusqlite::Error::SqliteFailure(error, Some(msg)))
            }
            err => StoreError::Sqlite(err),
        }
    }
}

/// How long a write waits for another process's write to finish before it fails: two `warta
/// index` runs on one database take turns, one article at a time.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// An open corpus database. Not `Sync`: give each thread its own (SQLite in WAL mode lets many
/// readers run beside one writer).
pub struct Store {
    conn: Connection,
    /// Boilerplate learnt across a site: the threshold and the paragraph counts not written yet.
    learning: boilerplate::Learning,
}

/// Prepared statements kept per connection: more than the write path uses, so none is prepared
/// again while a run indexes.
const STATEMENT_CACHE: usize = 64;

/// WAL pages between automatic checkpoints (SQLite's default is 1,000, 4 MB). Indexing commits an
/// article at a time and rewrites the same full-text and statistics pages in each: a checkpoint
/// copies each page once however often it changed, and syncs the file once, so fewer of them
/// write less. Readers of a longer WAL look a little further for a page.
const WAL_CHECKPOINT_PAGES: i64 = 4096;

/// Keeps prepared statements for reuse. Indexing one article runs some thirty statements, and
/// preparing one costs more than running it (an insert into `quotes` compiles the full-text
/// triggers with it). A statement whose plan depends on the values bound to it is compiled again
/// after every reuse (rusqlite clears the bindings of a cached statement, and SQLite then takes
/// the plan as stale): the query planner's stability guarantee makes plans independent of the
/// values, which changes no result.
fn keep_statements(conn: &Connection) -> Result<(), StoreError> {
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        Store::setup(conn)
    }

    /// A private database that lives as long as the value; for tests and one-off extraction.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::setup(Connection::open_in_memory()?)
    }

    /// Opens an existing database for reading only (the server's query connections).
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        keep_statements(&conn)?;
        stem::register(&conn)?;
        // Readers map the file instead of copying pages into each connection's cache.
        conn.pragma_update(None, "mmap_size", 256 * 1024 * 1024)?;
        let found: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if found != SCHEMA_VERSION {
            return Err(StoreError::Invalid(format!(
                "database schema version {found}, expected {SCHEMA_VERSION}: open it once with `warta index` to migrate"
            )));
        }
        Ok(Store::with(conn))
    }

    fn with(conn: Connection) -> Store {
        Store {
            conn,
            learning: boilerplate::Learning::new(DEFAULT_BOILERPLATE_ARTICLES),
        }
    }

    fn setup(mut conn: Connection) -> Result<Store, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        keep_statements(&conn)?;
        // Before anything writes to the file (even the journal mode): another program's database
        // is refused untouched.
        schema::refuse_foreign(&conn)?;
        // WAL: readers never block the writer nor each other. synchronous=NORMAL keeps every committed
        // transaction across a killed process (the WAL is written before COMMIT returns); only a power
        // cut may lose the last few.
        conn.pragma_update(None, "journal_mode", "wal")?;
        conn.pragma_update(None, "synchronous", "normal")?;
        conn.pragma_update(None, "wal_autocheckpoint", WAL_CHECKPOINT_PAGES)?;
        conn.pragma_update(None, "foreign_keys", "on")?;
        schema::migrate(&mut conn)?;
        Ok(Store::with(conn))
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Runs SQLite's own consistency check; `Ok(())` when the file is sound.
    pub fn check_integrity(&self) -> Result<(), StoreError> {
        let result: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if result == "ok" {
            Ok(())
        } else {
            Err(StoreError::Invalid(format!("integrity check: {result}")))
        }
    }
}

/// The title an article without one is shown under: its first line of text (a plain-text
/// article's headline, as a rule), when that is short enough to be one.
pub fn title_from_text(text: &str) -> Option<&str> {
    /// Longer first lines are paragraphs, not headlines.
    const MAX_CHARS: usize = 200;
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    (line.chars().count() <= MAX_CHARS).then_some(line)
}

/// The kind of a quote as the output contract spells it.
pub fn kind_name(kind: QuoteKind) -> &'static str {
    match kind {
        QuoteKind::Direct => "direct",
        QuoteKind::Indirect => "indirect",
        QuoteKind::Mixed => "mixed",
    }
}

/// Parses `direct`, `indirect` or `mixed`.
pub fn parse_kind(s: &str) -> Option<QuoteKind> {
    match s {
        "direct" => Some(QuoteKind::Direct),
        "indirect" => Some(QuoteKind::Indirect),
        "mixed" => Some(QuoteKind::Mixed),
        _ => None,
    }
}

/// A day filter bound: `YYYY-MM-DD`, or a prefix of it (`2025`, `2025-06`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Day(String);

impl Day {
    /// Accepts `YYYY`, `YYYY-MM` and `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Result<Day, StoreError> {
        let s = s.trim();
        let ok = match s.len() {
            4 => s.bytes().all(|b| b.is_ascii_digit()),
            7 => warta_core::output::is_iso8601(&format!("{s}-01")),
            10 => warta_core::output::is_iso8601(s),
            _ => false,
        };
        if ok {
            Ok(Day(s.to_owned()))
        } else {
            Err(StoreError::Invalid(format!(
                "`{s}` is not a date: use YYYY-MM-DD, YYYY-MM or YYYY"
            )))
        }
    }

    /// The first day this bound covers, for `from`.
    fn first(&self) -> String {
        match self.0.len() {
            4 => format!("{}-01-01", self.0),
            7 => format!("{}-01", self.0),
            _ => self.0.clone(),
        }
    }

    /// A string greater than or equal to every day this bound covers, for `to`.
    fn last(&self) -> String {
        // "2025-06" covers "2025-06-30": any day that starts with the prefix sorts below prefix + '~'.
        format!("{}~", self.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
