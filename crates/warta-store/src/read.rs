//! Queries: quote and article search, speakers, documents.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};
use serde::Serialize;
use warta_core::output::OutputDocument;

use crate::names::{builtin_aliases, name_key, office_of};
use warta_core::identity::canonical_url;

use crate::{Day, QuoteKind, Store, StoreError, kind_name};

/// Marks the start and end of a matched term in [`QuoteHit::highlighted`] and
/// [`DocumentHit::snippet`]: control characters, which article text never contains once a renderer
/// has escaped it, so the renderer can turn them into `<mark>` safely.
pub const MARK_START: char = '\u{2}';
pub const MARK_END: char = '\u{3}';

/// A quote search. Every filter is optional; an empty query lists the latest quotes.
#[derive(Debug, Clone, Default)]
pub struct QuoteQuery {
    /// Words to find in the quote or the speaker's name. Plain words match as words; a query that uses
    /// FTS5 syntax (`"exact phrase"`, `AND`, `OR`, `NOT`, `prefix*`, `NEAR(…)`) is passed through.
    pub text: Option<String>,
    /// A speaker's name or alias (any form the store knows), or part of one.
    pub speaker: Option<String>,
    pub speaker_id: Option<i64>,
    /// Part of the speaker's organisation (affiliation).
    pub org: Option<String>,
    pub from: Option<Day>,
    pub to: Option<Day>,
    pub kind: Option<QuoteKind>,
    /// Part of the outlet's name (the article's `source`).
    pub outlet: Option<String>,
    /// Only quotes whose speaker is a person, or an organisation.
    pub speaker_kind: Option<SpeakerKind>,
    pub document_id: Option<i64>,
    /// The order of the hits; by default the best match first for a search by words, else the
    /// latest first.
    pub sort: Option<Sort>,
    pub limit: usize,
    pub offset: usize,
}

/// The order of quote hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// The best match first (for a search by words; otherwise the latest first).
    Relevance,
    /// The latest first.
    Newest,
    /// The earliest first.
    Oldest,
}

impl Sort {
    /// Parses `relevance`, `newest` (or `date`) and `oldest`.
    pub fn parse(s: &str) -> Result<Sort, StoreError> {
        match s {
            "relevance" => Ok(Sort::Relevance),
            "newest" | "date" => Ok(Sort::Newest),
            "oldest" => Ok(Sort::Oldest),
            _ => Err(StoreError::Invalid(format!(
                "sort must be relevance, newest or oldest, not `{s}`"
            ))),
        }
    }

    /// The `ORDER BY` of quotes `q` in this order, by date (relevance has its own).
    fn by_date(self) -> &'static str {
        match self {
            Sort::Oldest => "q.day ASC, q.id ASC",
            Sort::Relevance | Sort::Newest => "q.day DESC, q.id DESC",
        }
    }
}

/// A speaker's kind as the store keeps it (`speakers.kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeakerKind {
    Person,
    Organisation,
}

impl SpeakerKind {
    /// Parses `person` (`PER`, `people`) and `organisation` (`ORG`, `organization`), in any case.
    pub fn parse(s: &str) -> Result<SpeakerKind, StoreError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "person" | "per" | "people" | "persons" => Ok(SpeakerKind::Person),
            "organisation" | "organization" | "org" | "organisations" | "organizations" => {
                Ok(SpeakerKind::Organisation)
            }
            _ => Err(StoreError::Invalid(format!(
                "speaker kind must be person or organisation, not `{s}`"
            ))),
        }
    }

    fn code(self) -> &'static str {
        match self {
            SpeakerKind::Person => "PER",
            SpeakerKind::Organisation => "ORG",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteHit {
    pub id: i64,
    pub document_id: i64,
    #[serde(rename = "type")]
    pub kind: String,
    pub text: String,
    /// The quote text with matched terms between [`MARK_START`] and [`MARK_END`]; only for searches.
    #[serde(skip)]
    pub highlighted: Option<String>,
    /// Code-point offsets into the document text.
    pub start: i64,
    pub end: i64,
    pub cue: Option<String>,
    pub speaker_id: Option<i64>,
    /// The speaker's name across the corpus.
    pub speaker: Option<String>,
    /// The name as this article gives it.
    pub speaker_name_in_article: Option<String>,
    pub role: Option<String>,
    pub org: Option<String>,
    pub day: Option<String>,
    pub document_title: Option<String>,
    pub document_url: Option<String>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentHit {
    pub id: i64,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub day: Option<String>,
    pub quotes: i64,
    /// A window of text around the matches, marked as in [`QuoteHit::highlighted`].
    #[serde(skip)]
    pub snippet: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredDocument {
    pub id: i64,
    pub indexed_at: String,
    /// The speaker id of each quote, in the order of `output.quotes`.
    pub quote_speakers: Vec<Option<i64>>,
    /// The store's id of each quote, in the order of `output.quotes`.
    pub quote_ids: Vec<i64>,
    pub output: OutputDocument,
}

#[derive(Debug, Clone, Default)]
pub struct SpeakerQuery {
    /// Keep the `top` most quoted; 0 means 20.
    pub top: usize,
    pub from: Option<Day>,
    pub to: Option<Day>,
    /// Part of the speaker's name or of an alias.
    pub name: Option<String>,
    /// Only people, or only organisations.
    pub kind: Option<SpeakerKind>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeakerSummary {
    pub id: i64,
    pub name: String,
    pub kind: String,
    /// Their statements: the same words carried by several articles count once (see
    /// `statement.rs`); `documents` counts every article.
    pub statements: i64,
    pub documents: i64,
    pub first_day: Option<String>,
    pub last_day: Option<String>,
    /// The most frequent roles, most frequent first.
    pub roles: Vec<String>,
    /// The entities most often named in their quotes: what they talk about.
    pub topics: Vec<String>,
    /// The outlets that quote them most.
    pub outlets: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleSpan {
    pub role: String,
    pub first_day: Option<String>,
    pub last_day: Option<String>,
    pub documents: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelinePoint {
    /// `YYYY-MM`.
    pub month: String,
    pub statements: i64,
}

/// Statements first reported on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayCount {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub statements: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeakerDetail {
    #[serde(flatten)]
    pub summary: SpeakerSummary,
    pub aliases: Vec<String>,
    pub roles_over_time: Vec<RoleSpan>,
    pub timeline: Vec<TimelinePoint>,
    /// Quotes per day, for charts of short periods.
    pub daily: Vec<DayCount>,
    /// Their quotes, latest first (at most 500).
    pub recent_quotes: Vec<QuoteHit>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub documents: i64,
    pub quotes: i64,
    pub speakers: i64,
}

/// Turns a user's query into FTS5 syntax. Plain words match as themselves or by a shared root
/// ("panggil" finds "dipanggil", through the stems column; see [`crate::stem`]); words with punctuation inside ("Rp
/// 13,2", "mata-mata"), "quoted phrases" and `prefix*` terms match the text as written, in every
/// column but the stems. `AND`, `OR`, `NOT` and parentheses are kept; a query with column filters
/// or `NEAR(…)` is passed through as written.
pub fn fts_query(raw: &str) -> String {
    let as_written =
        raw.contains([':', '^', '+']) || raw.split_whitespace().any(|w| w.starts_with("NEAR"));
    if as_written {
        return raw.to_owned();
    }
    let mut out: Vec<String> = Vec::new();
    // FTS5 takes two phrases side by side as AND, but not a group beside anything: the AND
    // between operands is written out (AND binds as tightly as the implicit one).
    let push = |out: &mut Vec<String>, term: String, operand: bool| {
        let after_operand = out
            .last()
            .is_some_and(|last| !matches!(last.as_str(), "AND" | "OR" | "NOT" | "("));
        if operand && after_operand {
            out.push("AND".to_owned());
        }
        out.push(term);
    };
    let mut rest = raw;
    while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
        rest = &rest[start..];
        if let Some(after) = rest.strip_prefix('"') {
            // A phrase, to its closing quote; one left open stays open, for FTS5 to refuse.
            let Some(end) = after.find('"') else {
                push(&mut out, format!("- {{stems}} : {rest}"), true);
                break;
            };
            push(
                &mut out,
                format!("- {{stems}} : \"{}\"", &after[..end]),
                true,
            );
            rest = &after[end + 1..];
            continue;
        }
        if let Some(after) = rest.strip_prefix(['(', ')']) {
            let paren = rest[..1].to_owned();
            let operand = paren == "(";
            push(&mut out, paren, operand);
            rest = after;
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '(' | ')'))
            .unwrap_or(rest.len());
        let word = &rest[..end];
        rest = &rest[end..];
        match word {
            "AND" | "OR" | "NOT" => push(&mut out, word.to_owned(), false),
            _ if word.ends_with('*') => {
                let stem = word.trim_end_matches('*');
                let term = format!("- {{stems}} : \"{}\" *", stem.replace('"', ""));
                push(&mut out, term, true);
            }
            _ if word.chars().all(char::is_alphanumeric) => {
                push(&mut out, crate::stem::stems_query(word), true)
            }
            _ => push(&mut out, format!("- {{stems}} : \"{word}\""), true),
        }
    }
    out.join(" ")
}

/// The roots of the plain words of a query, for [`mark_stems`].
fn query_roots(raw: &str) -> Vec<String> {
    if raw.contains([':', '^', '+', '"']) {
        // Phrases and column filters are marked by FTS5 itself; a plain word between them is
        // marked as well only when the query has no phrase.
        return Vec::new();
    }
    raw.split_whitespace()
        .filter(|w| !matches!(*w, "AND" | "OR" | "NOT") && !w.ends_with('*'))
        .filter(|w| w.chars().all(char::is_alphanumeric))
        .flat_map(|w| crate::stem::stems(&w.to_lowercase()))
        .collect()
}

/// Marks (as FTS5's `highlight` does) the words of `text` outside existing marks that share a
/// root with the query: FTS5 marks only the column a term matched, and plain words match the
/// stems column, which is not shown.
fn mark_stems(text: &str, roots: &[String]) -> String {
    if roots.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut inside = false;
    let mut word_start: Option<usize> = None;
    let flush = |out: &mut String, word: &str, inside: bool| {
        let hit = !inside
            && crate::stem::stems(&word.to_lowercase())
                .iter()
                .any(|s| roots.contains(s));
        if hit {
            out.push(MARK_START);
            out.push_str(word);
            out.push(MARK_END);
        } else {
            out.push_str(word);
        }
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            word_start.get_or_insert(i);
            continue;
        }
        if let Some(start) = word_start.take() {
            flush(&mut out, &text[start..i], inside);
        }
        match c {
            MARK_START => inside = true,
            MARK_END => inside = false,
            _ => {}
        }
        out.push(c);
    }
    if let Some(start) = word_start {
        flush(&mut out, &text[start..], inside);
    }
    out
}

/// The most words a search may hold. Every term is a doclist FTS5 merges and a phrase bm25 scores
/// on every matching row, so a query of thousands of terms costs minutes; real searches use a few.
pub const MAX_QUERY_TERMS: usize = 64;

/// The most `prefix*` terms a search may hold. A prefix expands to every indexed word that starts
/// with it, merged before the first row comes back (inside one step SQLite cannot interrupt):
/// `aa* OR ab* OR …` with 400 prefixes took 2.6 s, with 5,000 over a minute.
pub const MAX_PREFIX_TERMS: usize = 8;

/// Refuses a search (as the user wrote it) larger than [`MAX_QUERY_TERMS`] or [`MAX_PREFIX_TERMS`],
/// before SQLite sees it.
fn check_query_size(fts: &str) -> Result<(), StoreError> {
    let terms = fts
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter(|w| !w.is_empty() && *w != "*")
        .filter(|w| !matches!(*w, "AND" | "OR" | "NOT") && !w.starts_with("NEAR"))
        .count();
    let prefixes = fts.matches('*').count();
    if prefixes > MAX_PREFIX_TERMS {
        return Err(StoreError::BadQuery(format!(
            "{prefixes} prefix* terms, at most {MAX_PREFIX_TERMS} are allowed"
        )));
    }
    if terms > MAX_QUERY_TERMS {
        return Err(StoreError::BadQuery(format!(
            "{terms} terms, at most {MAX_QUERY_TERMS} are allowed"
        )));
    }
    Ok(())
}

impl StoreError {
    /// True when the query was stopped by the condition given to [`Store::interrupt_when`].
    pub fn is_interrupted(&self) -> bool {
        matches!(self, StoreError::Sqlite(e)
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted))
    }
}

/// How many SQLite virtual-machine steps run between two looks at the stop condition: a step is
/// tens of nanoseconds and a look (an atomic load and a clock read) about as much, so checking every
/// hundred steps stops a read within microseconds for a cost of a few per cent at most.
const STEPS_BETWEEN_CHECKS: i32 = 100;

/// SQLite reports a bad MATCH expression as a generic error while the statement runs.
fn query_error(err: rusqlite::Error) -> StoreError {
    match &err {
        rusqlite::Error::SqliteFailure(e, message) if e.code == rusqlite::ErrorCode::Unknown => {
            StoreError::BadQuery(
                message
                    .clone()
                    .unwrap_or_else(|| "malformed query".to_owned()),
            )
        }
        _ => StoreError::Sqlite(err),
    }
}

const QUOTE_COLUMNS: &str = "q.id, q.document_id, q.kind, q.text, q.start, q.end, q.cue,
    q.speaker_id, s.name, q.speaker_name, q.speaker_role, q.speaker_org, q.day,
    d.title, d.url, d.source";

fn quote_hit(row: &Row) -> rusqlite::Result<QuoteHit> {
    Ok(QuoteHit {
        id: row.get(0)?,
        document_id: row.get(1)?,
        kind: row.get(2)?,
        text: row.get(3)?,
        start: row.get(4)?,
        end: row.get(5)?,
        cue: row.get(6)?,
        speaker_id: row.get(7)?,
        speaker: row.get::<_, Option<String>>(8)?.or(row.get(9)?),
        speaker_name_in_article: row.get(9)?,
        role: row.get(10)?,
        org: row.get(11)?,
        day: row.get(12)?,
        document_title: row.get(13)?,
        document_url: row.get(14)?,
        source: row.get(15)?,
        highlighted: None,
    })
}

fn like_pattern(s: &str) -> String {
    let escaped = s
        .trim()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

impl Store {
    /// Makes every statement this connection runs fail (see [`StoreError::is_interrupted`]) once
    /// `stop` returns true; `stop` is asked every few thousand SQLite steps, including inside FTS5's
    /// own ranking queries. Servers use it for deadlines and for callers that went away; a progress
    /// handler rather than `sqlite3_interrupt` because it also catches the statements a read starts
    /// after the condition became true.
    pub fn interrupt_when(
        &mut self,
        stop: impl FnMut() -> bool + Send + 'static,
    ) -> Result<(), StoreError> {
        self.conn
            .progress_handler(STEPS_BETWEEN_CHECKS, Some(stop))
            .map_err(StoreError::from)
    }

    /// Removes the condition set by [`Store::interrupt_when`].
    pub fn never_interrupt(&mut self) -> Result<(), StoreError> {
        self.conn
            .progress_handler(0, None::<fn() -> bool>)
            .map_err(StoreError::from)
    }

    pub fn search_quotes(&self, query: &QuoteQuery) -> Result<Vec<QuoteHit>, StoreError> {
        let text = query
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let mut args: Vec<Value> = Vec::new();
        // The size is checked on the query as written: each plain word becomes several roots.
        if let Some(text) = text {
            check_query_size(text)?;
        }
        let fts = text.map(fts_query);
        if let Some(fts) = &fts {
            args.push(Value::Text(fts.clone()));
        }
        let filters = quote_filters(query, &mut args);
        args.push(Value::Integer(limit(query.limit)));
        args.push(Value::Integer(offset(query.offset)));
        if fts.is_none() {
            let sql = format!(
                "SELECT {QUOTE_COLUMNS} FROM quotes q
                 JOIN documents d ON d.id = q.document_id
                 LEFT JOIN speakers s ON s.id = q.speaker_id
                 WHERE 1{filters}
                 ORDER BY {} LIMIT ? OFFSET ?",
                query.sort.unwrap_or(Sort::Newest).by_date()
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let hits = stmt
                .query_map(params_from_iter(args), quote_hit)?
                .collect::<Result<_, _>>()?;
            return Ok(hits);
        }

        // FTS5 hands its matches over in rank order, so SQLite needs no sorter and computes the
        // highlights of the page's rows alone; the page's columns are fetched afterwards.
        let order = match query.sort.unwrap_or(Sort::Relevance) {
            Sort::Relevance => "quotes_fts.rank",
            by_date => by_date.by_date(),
        };
        let sql = format!(
            "SELECT quotes_fts.rowid, highlight(quotes_fts, 0, char(2), char(3))
             FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid
             WHERE quotes_fts MATCH ?{filters}
             ORDER BY {order} LIMIT ? OFFSET ?"
        );
        let page: Vec<(i64, String)> = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(args), |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(query_error)?
            .collect::<Result<_, _>>()
            .map_err(query_error)?;
        let mut columns = self.conn.prepare_cached(&format!(
            "SELECT {QUOTE_COLUMNS} FROM quotes q
             JOIN documents d ON d.id = q.document_id
             LEFT JOIN speakers s ON s.id = q.speaker_id
             WHERE q.id = ?1"
        ))?;
        let roots = text.map(query_roots).unwrap_or_default();
        let mut hits = Vec::with_capacity(page.len());
        for (id, highlighted) in page {
            let mut hit = columns.query_row([id], quote_hit)?;
            hit.highlighted = Some(mark_stems(&highlighted, &roots));
            hits.push(hit);
        }
        Ok(hits)
    }

    /// How many quotes `query` matches in all, whatever its page.
    pub fn count_quotes(&self, query: &QuoteQuery) -> Result<u64, StoreError> {
        let text = query
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let mut args: Vec<Value> = Vec::new();
        if let Some(text) = text {
            check_query_size(text)?;
            args.push(Value::Text(fts_query(text)));
        }
        let filters = quote_filters(query, &mut args);
        let sql = if text.is_some() {
            format!(
                "SELECT count(*) FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid
                 WHERE quotes_fts MATCH ?{filters}"
            )
        } else {
            format!("SELECT count(*) FROM quotes q WHERE 1{filters}")
        };
        let count: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(args), |r| r.get(0))
            .map_err(query_error)?;
        Ok(count as u64)
    }

    /// How many articles match `text` (as in [`Store::search_documents`]) in all.
    pub fn count_documents(&self, text: &str) -> Result<u64, StoreError> {
        check_query_size(text)?;
        let count: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?1")?
            .query_row([fts_query(text)], |r| r.get(0))
            .map_err(query_error)?;
        Ok(count as u64)
    }

    /// Every quote `query` matches, up to `query.limit` (0: no limit), page by page: for exports,
    /// where one search's page cap does not apply.
    pub fn export_quotes(&self, query: &QuoteQuery) -> Result<Vec<QuoteHit>, StoreError> {
        const PAGE: usize = 1000;
        let wanted = if query.limit == 0 {
            usize::MAX
        } else {
            query.limit
        };
        let mut hits = Vec::new();
        loop {
            let page = self.search_quotes(&QuoteQuery {
                limit: PAGE.min(wanted - hits.len()),
                offset: query.offset + hits.len(),
                ..query.clone()
            })?;
            let last = page.len() < PAGE;
            hits.extend(page);
            if last || hits.len() >= wanted {
                return Ok(hits);
            }
        }
    }

    /// Articles whose title or text match `text` (same syntax as [`QuoteQuery::text`]), best first.
    pub fn search_documents(
        &self,
        text: &str,
        limit_to: usize,
        offset: usize,
    ) -> Result<Vec<DocumentHit>, StoreError> {
        check_query_size(text)?;
        let fts = fts_query(text);
        // As in search_quotes: snippets are computed for the page's rows alone.
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.title, d.url, d.source, d.day,
                    (SELECT count(*) FROM quotes q WHERE q.document_id = d.id),
                    snippet(documents_fts, 1, char(2), char(3), '…', 24)
             FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
             WHERE documents_fts MATCH ?1
             ORDER BY documents_fts.rank LIMIT ?2 OFFSET ?3",
        )?;
        let hits = stmt
            .query_map(params![fts, limit(limit_to), self::offset(offset)], |r| {
                Ok(DocumentHit {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    url: r.get(2)?,
                    source: r.get(3)?,
                    day: r.get(4)?,
                    quotes: r.get(5)?,
                    snippet: r.get(6)?,
                })
            })
            .map_err(query_error)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(query_error)?;
        let roots = query_roots(text);
        Ok(hits
            .into_iter()
            .map(|mut hit| {
                hit.snippet = hit.snippet.map(|s| mark_stems(&s, &roots));
                hit
            })
            .collect())
    }

    /// The latest indexed articles, newest publication first.
    pub fn recent_documents(&self, limit_to: usize) -> Result<Vec<DocumentHit>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.title, d.url, d.source, d.day,
                    (SELECT count(*) FROM quotes q WHERE q.document_id = d.id)
             FROM documents d ORDER BY d.day DESC, d.id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit(limit_to)], |r| {
            Ok(DocumentHit {
                id: r.get(0)?,
                title: r.get(1)?,
                url: r.get(2)?,
                source: r.get(3)?,
                day: r.get(4)?,
                quotes: r.get(5)?,
                snippet: None,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn document(&self, id: i64) -> Result<Option<StoredDocument>, StoreError> {
        let row: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT output, indexed_at FROM documents WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((output, indexed_at)) = row else {
            return Ok(None);
        };
        let mut output: OutputDocument = serde_json::from_str(&output)?;
        // The stored output is the last copy indexed; the article's other URLs are those of the
        // other copies.
        let mut stmt = self.conn.prepare_cached(
            "SELECT url FROM document_urls WHERE document_id = ?1 ORDER BY rowid",
        )?;
        let urls: Vec<String> = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let known: Vec<String> = output
            .url
            .iter()
            .chain(&output.other_urls)
            .map(|u| canonical_url(u))
            .collect();
        output
            .other_urls
            .extend(urls.into_iter().filter(|url| !known.contains(url)));
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, speaker_id FROM quotes WHERE document_id = ?1 ORDER BY ord",
        )?;
        let quotes: Vec<(i64, Option<i64>)> = stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(Some(StoredDocument {
            id,
            indexed_at,
            quote_ids: quotes.iter().map(|q| q.0).collect(),
            quote_speakers: quotes.iter().map(|q| q.1).collect(),
            output,
        }))
    }

    /// The most quoted speakers, with what they talk about and where.
    pub fn speakers(&self, query: &SpeakerQuery) -> Result<Vec<SpeakerSummary>, StoreError> {
        if query.from.is_none() && query.to.is_none() {
            return self.ranked_speakers(query);
        }
        // Count per speaker from the covering index first, then name the top ones: joining every
        // quote to its speaker before grouping is several times slower on a large corpus.
        let mut inner = String::from(
            "SELECT q.speaker_id AS id, count(DISTINCT q.statement) AS n, min(q.day) AS first,
                    max(q.day) AS last
             FROM quotes q WHERE q.speaker_id IS NOT NULL",
        );
        let mut args: Vec<Value> = Vec::new();
        push_day_filters(&mut inner, &mut args, &query.from, &query.to);
        push_speaker_name_filter(&mut inner, &mut args, "q.speaker_id", query);
        inner.push_str(" GROUP BY q.speaker_id");
        let mut sql = format!(
            "SELECT s.id, s.name, s.kind, a.n, a.first, a.last FROM ({inner}) a
             JOIN speakers s ON s.id = a.id WHERE 1"
        );
        push_speaker_kind_filter(&mut sql, &mut args, query);
        sql.push_str(" ORDER BY a.n DESC, s.name LIMIT ?");
        args.push(top_limit(query));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut speakers: Vec<SpeakerSummary> = stmt
            .query_map(params_from_iter(args), |r| {
                Ok(SpeakerSummary {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    kind: r.get(2)?,
                    statements: r.get(3)?,
                    documents: 0,
                    first_day: r.get(4)?,
                    last_day: r.get(5)?,
                    roles: Vec::new(),
                    topics: Vec::new(),
                    outlets: Vec::new(),
                })
            })?
            .collect::<Result<_, _>>()?;
        for speaker in &mut speakers {
            let mut sql = String::from(
                "SELECT count(DISTINCT q.document_id) FROM quotes q WHERE q.speaker_id = ?",
            );
            let mut args = vec![Value::Integer(speaker.id)];
            push_day_filters(&mut sql, &mut args, &query.from, &query.to);
            speaker.documents = self
                .conn
                .prepare_cached(&sql)?
                .query_row(params_from_iter(args), |r| r.get(0))?;
            fill_summary(&self.conn, speaker, &query.from, &query.to)?;
        }
        Ok(speakers)
    }

    /// The ranking over the whole corpus, read from the counts kept at indexing time
    /// (`speaker_stats`) instead of counted from every quote.
    fn ranked_speakers(&self, query: &SpeakerQuery) -> Result<Vec<SpeakerSummary>, StoreError> {
        let mut sql = String::from(
            "SELECT s.id, s.name, s.kind, st.statements, st.documents, st.first_day, st.last_day,
                    st.roles, st.topics, st.outlets
             FROM speaker_stats st JOIN speakers s ON s.id = st.speaker_id WHERE 1",
        );
        let mut args: Vec<Value> = Vec::new();
        push_speaker_name_filter(&mut sql, &mut args, "st.speaker_id", query);
        push_speaker_kind_filter(&mut sql, &mut args, query);
        sql.push_str(" ORDER BY st.statements DESC, s.name LIMIT ?");
        args.push(top_limit(query));
        let list = |r: &Row, i: usize| -> rusqlite::Result<Vec<String>> {
            let text: String = r.get(i)?;
            Ok(serde_json::from_str(&text).unwrap_or_default())
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let speakers = stmt
            .query_map(params_from_iter(args), |r| {
                Ok(SpeakerSummary {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    kind: r.get(2)?,
                    statements: r.get(3)?,
                    documents: r.get(4)?,
                    first_day: r.get(5)?,
                    last_day: r.get(6)?,
                    roles: list(r, 7)?,
                    topics: list(r, 8)?,
                    outlets: list(r, 9)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(speakers)
    }

    pub fn speaker(&self, id: i64) -> Result<Option<SpeakerDetail>, StoreError> {
        let head: Option<(String, String)> = self
            .conn
            .query_row("SELECT name, kind FROM speakers WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let Some((name, kind)) = head else {
            return Ok(None);
        };
        let (statements, documents, first_day, last_day) = self.conn.query_row(
            "SELECT count(DISTINCT statement), count(DISTINCT document_id), min(day), max(day)
             FROM quotes WHERE speaker_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let mut summary = SpeakerSummary {
            id,
            name,
            kind,
            statements,
            documents,
            first_day,
            last_day,
            roles: Vec::new(),
            topics: Vec::new(),
            outlets: Vec::new(),
        };
        fill_summary(&self.conn, &mut summary, &None, &None)?;

        let mut stmt = self.conn.prepare_cached(
            "SELECT alias FROM speaker_aliases WHERE speaker_id = ?1 ORDER BY length(alias) DESC, alias",
        )?;
        let aliases = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT role, min(day), max(day), count(DISTINCT document_id) FROM speaker_roles
             WHERE speaker_id = ?1 GROUP BY lower(role) ORDER BY min(day), role",
        )?;
        let roles_over_time = stmt
            .query_map([id], |r| {
                Ok(RoleSpan {
                    role: r.get(0)?,
                    first_day: r.get(1)?,
                    last_day: r.get(2)?,
                    documents: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut stmt = self.conn.prepare_cached(
            // A statement counts on the first day it was reported, so the days add up to the
            // speaker's statements.
            "SELECT day, count(*) FROM (SELECT min(day) AS day FROM quotes
                 WHERE speaker_id = ?1 AND day IS NOT NULL GROUP BY statement)
             GROUP BY 1 ORDER BY 1",
        )?;
        let daily: Vec<DayCount> = stmt
            .query_map([id], |r| {
                Ok(DayCount {
                    day: r.get(0)?,
                    statements: r.get(1)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        // The months from the days, in order as they are: one read of the speaker's quotes.
        let mut timeline: Vec<TimelinePoint> = Vec::new();
        for d in &daily {
            let month = d.day.get(..7).unwrap_or(&d.day);
            match timeline.last_mut() {
                Some(last) if last.month == month => last.statements += d.statements,
                _ => timeline.push(TimelinePoint {
                    month: month.to_owned(),
                    statements: d.statements,
                }),
            }
        }
        let recent_quotes = self.search_quotes(&QuoteQuery {
            speaker_id: Some(id),
            limit: 500,
            ..QuoteQuery::default()
        })?;
        Ok(Some(SpeakerDetail {
            summary,
            aliases,
            roles_over_time,
            timeline,
            daily,
            recent_quotes,
        }))
    }

    /// The speaker a name stands for, by exact alias, if any.
    pub fn find_speaker(&self, name: &str) -> Result<Option<i64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT speaker_id FROM speaker_aliases WHERE alias_key = ?1")?;
        let found = stmt.query_row([name_key(name)], |r| r.get(0)).optional()?;
        match found {
            Some(id) => Ok(Some(id)),
            None => Ok(stmt
                .query_row([lookup_key(name)], |r| r.get(0))
                .optional()?),
        }
    }

    pub fn stats(&self) -> Result<Stats, StoreError> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM quotes),
                    (SELECT count(*) FROM speaker_stats)",
            [],
            |r| {
                Ok(Stats {
                    documents: r.get(0)?,
                    quotes: r.get(1)?,
                    speakers: r.get(2)?,
                })
            },
        )?)
    }
}

/// Fills a speaker's most frequent roles, topics and outlets (three of each), counting quotes said
/// between `from` and `to`.
pub(crate) fn fill_summary(
    conn: &Connection,
    speaker: &mut SpeakerSummary,
    from: &Option<Day>,
    to: &Option<Day>,
) -> Result<(), StoreError> {
    let top3 = |sql: &str| -> Result<Vec<String>, StoreError> {
        let mut sql = sql.to_owned();
        let mut args = vec![Value::Integer(speaker.id)];
        push_day_filters(&mut sql, &mut args, from, to);
        sql.push_str(" GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 3");
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    };
    speaker.roles = top_roles(conn, speaker.id, from, to)?;
    speaker.topics = top3(
        "SELECT t.name FROM quote_topics t JOIN quotes q ON q.id = t.quote_id WHERE q.speaker_id = ?",
    )?;
    speaker.outlets = top3(
        "SELECT d.source FROM quotes q JOIN documents d ON d.id = q.document_id
         WHERE q.speaker_id = ? AND d.source IS NOT NULL",
    )?;
    Ok(())
}

/// A speaker's three most frequent roles between `from` and `to`, each read as the office before the
/// speaker's name as the store now knows it ([`office_of`]): a role stored under another name of
/// theirs ("Menteri Sosial Saifullah Yusuf" for the "Gus Ipul" an article quoted) loses the name.
fn top_roles(
    conn: &Connection,
    speaker: i64,
    from: &Option<Day>,
    to: &Option<Day>,
) -> Result<Vec<String>, StoreError> {
    let name: String = conn
        .prepare_cached("SELECT name FROM speakers WHERE id = ?1")?
        .query_row([speaker], |r| r.get(0))
        .optional()?
        .unwrap_or_default();
    let mut sql = String::from("SELECT role, count(*) FROM speaker_roles q WHERE speaker_id = ?");
    let mut args = vec![Value::Integer(speaker)];
    push_day_filters(&mut sql, &mut args, from, to);
    sql.push_str(" GROUP BY 1");
    let mut counts: Vec<(String, i64)> = Vec::new();
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(args), |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    for row in rows {
        let (role, n) = row?;
        let Some(office) = office_of(&role, &[&name]) else {
            continue;
        };
        match counts.iter_mut().find(|(o, _)| *o == office) {
            Some((_, total)) => *total += n,
            None => counts.push((office, n)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(counts
        .into_iter()
        .take(3)
        .map(|(office, _)| office)
        .collect())
}

/// The alias key a user's name for a speaker is looked up by: the full name's when the built-in
/// aliases know the name ("Prabowo" → "prabowo subianto"), else the name's own.
fn lookup_key(name: &str) -> String {
    builtin_aliases()
        .full_name(name)
        .map(name_key)
        .unwrap_or_else(|| name_key(name))
}

/// The `AND …` conditions of a quote search on `q` (the quotes table), their values pushed to `args`.
fn quote_filters(query: &QuoteQuery, args: &mut Vec<Value>) -> String {
    let mut sql = String::new();
    if let Some(speaker) = query.speaker.as_deref().filter(|s| !s.trim().is_empty()) {
        // A name the store knows is that speaker alone ("Prabowo" is Prabowo Subianto, not also
        // Listyo Sigit Prabowo); only an unknown name is looked for inside names and aliases.
        sql.push_str(
            " AND q.speaker_id IN (
                SELECT speaker_id FROM speaker_aliases WHERE alias_key = ?
                UNION SELECT speaker_id FROM speaker_aliases WHERE alias LIKE ? ESCAPE '\\'
                    AND NOT EXISTS (SELECT 1 FROM speaker_aliases WHERE alias_key = ?)
                UNION SELECT id FROM speakers WHERE name LIKE ? ESCAPE '\\'
                    AND NOT EXISTS (SELECT 1 FROM speaker_aliases WHERE alias_key = ?))",
        );
        let key = lookup_key(speaker);
        args.push(Value::Text(key.clone()));
        args.push(Value::Text(like_pattern(speaker)));
        args.push(Value::Text(key.clone()));
        args.push(Value::Text(like_pattern(speaker)));
        args.push(Value::Text(key));
    }
    if let Some(id) = query.speaker_id {
        sql.push_str(" AND q.speaker_id = ?");
        args.push(Value::Integer(id));
    }
    if let Some(org) = query.org.as_deref().filter(|s| !s.trim().is_empty()) {
        sql.push_str(" AND q.speaker_org LIKE ? ESCAPE '\\'");
        args.push(Value::Text(like_pattern(org)));
    }
    push_day_filters(&mut sql, args, &query.from, &query.to);
    if let Some(kind) = query.kind {
        sql.push_str(" AND q.kind = ?");
        args.push(Value::Text(kind_name(kind).to_owned()));
    }
    if let Some(id) = query.document_id {
        sql.push_str(" AND q.document_id = ?");
        args.push(Value::Integer(id));
    }
    if let Some(outlet) = query.outlet.as_deref().filter(|s| !s.trim().is_empty()) {
        sql.push_str(
            " AND q.document_id IN (SELECT id FROM documents WHERE source LIKE ? ESCAPE '\\')",
        );
        args.push(Value::Text(like_pattern(outlet)));
    }
    if let Some(kind) = query.speaker_kind {
        sql.push_str(" AND q.speaker_id IN (SELECT id FROM speakers WHERE kind = ?)");
        args.push(Value::Text(kind.code().to_owned()));
    }
    sql
}

/// `--speaker`-style narrowing of a speaker ranking: `column` (a speaker id) must belong to a
/// speaker whose name or one of whose aliases contains the query's name.
fn push_speaker_name_filter(
    sql: &mut String,
    args: &mut Vec<Value>,
    column: &str,
    query: &SpeakerQuery,
) {
    if let Some(name) = query.name.as_deref().filter(|n| !n.trim().is_empty()) {
        sql.push_str(&format!(
            " AND {column} IN (SELECT speaker_id FROM speaker_aliases WHERE alias LIKE ? ESCAPE '\\'
               UNION SELECT id FROM speakers WHERE name LIKE ? ESCAPE '\\')"
        ));
        args.push(Value::Text(like_pattern(name)));
        args.push(Value::Text(like_pattern(name)));
    }
}

/// People-only (or organisations-only) rankings: `s` is the speakers table.
fn push_speaker_kind_filter(sql: &mut String, args: &mut Vec<Value>, query: &SpeakerQuery) {
    if let Some(kind) = query.kind {
        sql.push_str(" AND s.kind = ?");
        args.push(Value::Text(kind.code().to_owned()));
    }
}

/// How many speakers a ranking lists: 20 unless asked, never more than 10,000.
fn top_limit(query: &SpeakerQuery) -> Value {
    let top = if query.top == 0 { 20 } else { query.top };
    Value::Integer(top.min(10_000) as i64)
}

fn push_day_filters(sql: &mut String, args: &mut Vec<Value>, from: &Option<Day>, to: &Option<Day>) {
    if let Some(from) = from {
        sql.push_str(" AND q.day >= ?");
        args.push(Value::Text(from.first()));
    }
    if let Some(to) = to {
        sql.push_str(" AND q.day <= ?");
        args.push(Value::Text(to.last()));
    }
}

/// Caps page sizes so one request cannot ask for the whole corpus; 0 means the default of 50.
fn limit(requested: usize) -> i64 {
    page_size(requested) as i64
}

/// The page size a search with `limit` = `requested` returns at most: 0 means 50, and no page is
/// longer than 1,000. Front ends report this rather than what was asked.
pub fn page_size(requested: usize) -> usize {
    match requested {
        0 => 50,
        n => n.min(1000),
    }
}

/// The offset as SQLite takes it; past `i64::MAX` (where a cast would wrap to a negative, i.e. no
/// offset at all) nothing is left to return anyway.
fn offset(requested: usize) -> i64 {
    i64::try_from(requested).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    fn sample_store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        for doc in sample::corpus() {
            store.index(&doc).unwrap();
        }
        store
    }

    #[test]
    fn searches_with_too_many_terms_or_prefixes_are_refused_before_they_run() {
        let store = sample_store();
        let prefixes = (0..400)
            .map(|i| format!("a{i}*"))
            .collect::<Vec<_>>()
            .join(" OR ");
        let started = std::time::Instant::now();
        for err in [
            store.search_quotes(&QuoteQuery {
                text: Some(prefixes.clone()),
                ..QuoteQuery::default()
            }),
            store.search_documents(&prefixes, 10, 0).map(|_| Vec::new()),
        ] {
            match err {
                Err(StoreError::BadQuery(message)) => {
                    assert!(message.contains("at most 8"), "{message}")
                }
                other => panic!("expected a refusal, got {other:?}"),
            }
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        let words = vec!["beras"; MAX_QUERY_TERMS + 1].join(" ");
        let err = store.search_documents(&words, 10, 0).unwrap_err();
        assert!(err.to_string().contains("at most 64 are allowed"), "{err}");
        // Up to the caps a search runs as before.
        let fine = (0..MAX_PREFIX_TERMS)
            .map(|i| format!("b{i}*"))
            .chain(["beras".to_owned()])
            .collect::<Vec<_>>()
            .join(" OR ");
        store
            .search_quotes(&QuoteQuery {
                text: Some(fine),
                ..QuoteQuery::default()
            })
            .unwrap();
    }

    #[test]
    fn a_read_stops_when_its_condition_says_so_and_runs_again_once_cleared() {
        let mut store = sample_store();
        let query = QuoteQuery {
            text: Some("beras".to_owned()),
            ..QuoteQuery::default()
        };
        let expected = store.search_quotes(&query).unwrap();
        assert!(!expected.is_empty());
        store.interrupt_when(|| true).unwrap();
        let err = store.search_quotes(&query).unwrap_err();
        assert!(err.is_interrupted(), "{err}");
        let err = store.search_documents("beras", 5, 0).unwrap_err();
        assert!(err.is_interrupted(), "{err}");
        store.never_interrupt().unwrap();
        assert_eq!(store.search_quotes(&query).unwrap(), expected);
    }

    #[test]
    fn huge_offsets_return_nothing_instead_of_wrapping_to_the_first_page() {
        let store = sample_store();
        let hits = store
            .search_quotes(&QuoteQuery {
                offset: usize::MAX,
                ..QuoteQuery::default()
            })
            .unwrap();
        assert!(hits.is_empty());
        assert_eq!(page_size(0), 50);
        assert_eq!(page_size(5000), 1000);
    }
}
