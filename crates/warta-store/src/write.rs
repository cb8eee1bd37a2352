//! Indexing: one warta/1 document in, one transaction out.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use serde::Serialize;
use warta_core::identity::{ContentKey, canonical_url};
use warta_core::output::{OutEntity, OutSpeaker, OutputDocument, SpanPlace, is_iso8601};

use crate::boilerplate::{self, Learning, Tally};
use crate::names::{builtin_aliases, display_name, is_title_only, name_key, office_of};
use crate::read::fill_summary;
use crate::short_forms::{
    Scope, ShortName, record_joined, record_name, record_nickname, sole_candidate,
};
use crate::statement::statement_key;
use crate::{SpeakerSummary, Store, StoreError, kind_name};

/// What [`Store::index`] did with one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Indexed {
    pub id: i64,
    /// False when the document was already there (same canonical URL or text) and was updated.
    pub created: bool,
    pub quotes: usize,
    /// Quotes left out of the store because they lie in paragraphs learnt as their site's
    /// boilerplate: this article's, and those of articles stored before when this one made a
    /// paragraph boilerplate.
    pub boilerplate_quotes: usize,
    /// Paragraphs this article made its site's boilerplate.
    pub boilerplate_lines: usize,
}

impl Store {
    /// Stores `doc`, or updates the stored copy of it, in one transaction.
    pub fn index(&mut self, doc: &OutputDocument) -> Result<Indexed, StoreError> {
        check_document(doc)?;
        let tx = begin(&mut self.conn)?;
        let mut tally = Tally::default();
        let indexed = index_in(&tx, &self.learning, &mut tally, doc)?;
        let written = self.learning.write(&tx, &tally, false)?;
        tx.commit()?;
        self.learning.committed(tally, written);
        Ok(indexed)
    }

    /// The id of the stored copy of `doc`, if any, by canonical URL (any URL it was indexed under),
    /// else by text.
    pub fn find_document(&self, url: Option<&str>, text: &str) -> Result<Option<i64>, StoreError> {
        find_existing(
            &self.conn,
            url.map(canonical_url).as_deref(),
            &text_hash(text),
        )
    }
}

/// Starts a write transaction that holds the write lock from its first statement. A deferred
/// transaction starts as a reader and upgrades at its first write; when another process wrote in
/// between, SQLite fails the upgrade at once ("database is locked") without waiting out the busy
/// timeout, since waiting could not make the reader's snapshot current. Taking the lock first
/// makes concurrent writers wait their turn.
pub(crate) fn begin(conn: &mut Connection) -> Result<Transaction<'_>, StoreError> {
    Ok(conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
}

/// Refuses a document that is not warta/1 or whose spans do not lie in its text: it would be
/// stored with quotes and entities pointing outside the article.
pub fn check_document(doc: &OutputDocument) -> Result<(), StoreError> {
    use warta_core::SCHEMA;
    if doc.schema != SCHEMA {
        return Err(StoreError::Invalid(format!(
            "schema `{}` is not {SCHEMA}, the schema this warta reads",
            doc.schema
        )));
    }
    let length = doc.text.chars().count();
    for (place, start, end) in doc.spans() {
        let what = || match place {
            SpanPlace::Paragraph(i) => format!("paragraph {i}"),
            SpanPlace::Sentence(i) => format!("sentence {i}"),
            SpanPlace::Removed(i) => format!("removed span {i}"),
            SpanPlace::Dateline => "dateline".to_owned(),
            SpanPlace::Token(i) => format!("token {i}"),
            SpanPlace::EntityMention { entity, mention } => {
                format!("entity {entity}, mention {mention},")
            }
            SpanPlace::Quote(i) => format!("quote {i}"),
            SpanPlace::QuoteCue(i) => format!("quote {i}, cue,"),
            SpanPlace::SpeakerMention(i) => format!("quote {i}, speaker mention,"),
            SpanPlace::Date(i) => format!("date {i}"),
        };
        if start > end {
            return Err(StoreError::Invalid(format!(
                "{} starts at {start}, after its end {end}",
                what()
            )));
        }
        if end > length {
            return Err(StoreError::Invalid(format!(
                "{} ends at {end}, past the end of the text ({length} characters)",
                what()
            )));
        }
    }
    Ok(())
}

fn find_existing(
    conn: &rusqlite::Connection,
    url: Option<&str>,
    hash: &str,
) -> Result<Option<i64>, StoreError> {
    if let Some(url) = url {
        let by_url = conn
            .prepare_cached("SELECT document_id FROM document_urls WHERE url = ?1")?
            .query_row([url], |r| r.get(0))
            .optional()?;
        if by_url.is_some() {
            return Ok(by_url);
        }
    }
    Ok(conn
        .prepare_cached("SELECT id FROM documents WHERE text_hash = ?1 ORDER BY id LIMIT 1")?
        .query_row([hash], |r| r.get(0))
        .optional()?)
}

fn index_in(
    tx: &Transaction,
    learning: &Learning,
    tally: &mut Tally,
    doc: &OutputDocument,
) -> Result<Indexed, StoreError> {
    let url = doc.url.as_deref().map(canonical_url);
    let hash = text_hash(&doc.text);
    let existing = find_existing(tx, url.as_deref(), &hash)?;
    store_document(tx, learning, tally, doc, &hash, existing)
}

/// The warta/1 output stored for article `id`.
pub(crate) fn stored_output(tx: &Transaction, id: i64) -> Result<OutputDocument, StoreError> {
    let output: String = tx
        .prepare_cached("SELECT output FROM documents WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    Ok(serde_json::from_str(&output)?)
}

/// Indexes stored article `id` again from its stored output: what it stores follows what the
/// store has learnt since (its site's boilerplate).
pub(crate) fn index_stored(
    tx: &Transaction,
    learning: &Learning,
    tally: &mut Tally,
    id: i64,
) -> Result<Indexed, StoreError> {
    let doc = stored_output(tx, id)?;
    store_document(tx, learning, tally, &doc, &text_hash(&doc.text), Some(id))
}

/// Writes `doc` (whose text has the key `hash`) as a new article, or over article `existing`.
fn store_document(
    tx: &Transaction,
    learning: &Learning,
    tally: &mut Tally,
    doc: &OutputDocument,
    hash: &str,
    existing: Option<i64>,
) -> Result<Indexed, StoreError> {
    let url = doc.url.as_deref().map(canonical_url);
    let output = serde_json::to_string(doc)?;
    let published_day = doc
        .published
        .as_deref()
        .filter(|p| is_iso8601(p))
        .map(|p| p[..10].to_owned());
    let now = now_utc();

    // The speakers this article's names stood for when it was last indexed: a name that identifies
    // nobody across articles keeps its speaker (and any correction made to it by hand).
    let mut local_speakers = match existing {
        Some(id) => previous_speakers(tx, id)?,
        None => HashMap::new(),
    };
    // Every speaker whose quotes this write moves: those of the quotes it deletes and those of the
    // quotes it adds. Kept apart from `local_speakers`, whose keys a later quote may point at
    // another speaker: a speaker missed here would keep stale counts, or none.
    let mut touched: HashSet<i64> = match existing {
        Some(id) => tx
            .prepare_cached(
                "SELECT DISTINCT speaker_id FROM quotes WHERE document_id = ?1 AND speaker_id IS NOT NULL
                 UNION SELECT speaker_id FROM speaker_roles WHERE document_id = ?1",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?,
        None => HashSet::new(),
    };
    // A plain-text article without a title is listed under its first line.
    let title = doc
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| crate::title_from_text(&doc.text));
    let previous = existing
        .map(|id| boilerplate::Previous::read(tx, id))
        .transpose()?;
    let id = match existing {
        Some(id) => {
            delete_children(tx, id)?;
            // A syndicated copy under another URL keeps the URL seen first; `document_urls`
            // keeps the copy's (below).
            tx.prepare_cached(
                "UPDATE documents SET ext_id = ?2, url = COALESCE(url, ?3), text_hash = ?4, title = ?5,
                     published = ?6, day = ?7, source = ?8, author = ?9, text = ?10, output = ?11,
                     indexed_at = ?12
                 WHERE id = ?1",
            )?
            .execute(
                params![
                    id,
                    doc.id,
                    url,
                    hash,
                    title,
                    doc.published,
                    published_day,
                    doc.source,
                    doc.author,
                    doc.text,
                    output,
                    now
                ],
            )?;
            id
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO documents (ext_id, url, text_hash, title, published, day, source, author,
                     text, output, indexed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(
                params![
                    doc.id,
                    url,
                    hash,
                    title,
                    doc.published,
                    published_day,
                    doc.source,
                    doc.author,
                    doc.text,
                    output,
                    now
                ],
            )?;
            tx.last_insert_rowid()
        }
    };

    // A URL already naming another article stays with it: URLs identify, texts only match.
    let mut add_url = tx
        .prepare_cached("INSERT OR IGNORE INTO document_urls (url, document_id) VALUES (?1, ?2)")?;
    for other in url
        .iter()
        .cloned()
        .chain(doc.other_urls.iter().map(|u| canonical_url(u)))
    {
        add_url.execute(params![other, id])?;
    }
    drop(add_url);

    let site = boilerplate::document_site(tx, id)?;
    let lines = boilerplate::Lines::of(doc, site.as_deref());
    let counted =
        boilerplate::count_article(tx, learning, tally, &lines, site.as_deref(), hash, previous)?;
    let mut boilerplate_quotes = 0;

    let mut roles_seen: HashSet<(i64, String)> = HashSet::new();
    let mut nicknames_seen: HashSet<usize> = HashSet::new();
    // A statement is stored once per article: scrapers repeat paragraphs (Republika's pages up to
    // fifteen times), and the extraction keeps every copy, as the text has them. Across articles
    // every rendering is stored, and counted once by its statement key.
    let mut statements_seen: HashSet<(Option<String>, i64)> = HashSet::new();
    for (ord, quote) in doc.quotes.iter().enumerate() {
        let line_key = lines.key_of(quote.start, quote.end);
        if line_key.is_some_and(|key| counted.learnt.contains(&key)) {
            boilerplate_quotes += 1;
            continue;
        }
        let statement = statement_key(&quote.text);
        let speaker_name = quote.speaker.as_ref().map(|s| s.name.to_lowercase());
        if !statements_seen.insert((speaker_name, statement)) {
            continue;
        }
        let entity = quote
            .speaker
            .as_ref()
            .and_then(|s| s.entity)
            .and_then(|e| doc.entities.iter().find(|ent| ent.id == e));
        let day = quote
            .said_on
            .as_deref()
            .filter(|d| is_iso8601(d))
            .map(|d| d[..10].to_owned())
            .or_else(|| published_day.clone());
        let scope = Scope {
            source: doc.source.as_deref(),
            day: day.as_deref(),
            text: &doc.text,
        };
        let speaker_id = match &quote.speaker {
            Some(speaker) => resolve_speaker(tx, speaker, entity, &mut local_speakers, scope)?,
            None => None,
        };
        touched.extend(speaker_id);
        if let (Some(entity), Some(_)) = (entity, speaker_id)
            && nicknames_seen.insert(entity.id)
        {
            record_nicknames(tx, entity)?;
        }
        let speaker_org = entity.and_then(|e| e.affiliation.clone());
        // A clause the extraction took for a role is no role of the speaker's, nor is it shown
        // with the quote; a role read on into the speaker's name keeps what stands before it (see
        // `office_of`). The name may be the one the corpus knows them by ("Gus Ipul" quoted,
        // "Menteri Sosial Saifullah Yusuf atau Gus Ipul" read as the role).
        let known_name: Option<String> = match speaker_id {
            Some(id) => tx
                .prepare_cached("SELECT name FROM speakers WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?,
            None => None,
        };
        let speaker_names: Vec<&str> = quote
            .speaker
            .iter()
            .map(|s| s.name.as_str())
            .chain(entity.map(|e| e.name.as_str()))
            .chain(known_name.as_deref())
            .collect();
        let speaker_role = quote
            .speaker
            .as_ref()
            .and_then(|s| s.role.as_deref())
            .and_then(|r| office_of(r, &speaker_names));
        tx.prepare_cached(
            "INSERT INTO quotes (document_id, ord, kind, start, end, text, cue, speaker_id,
                 speaker_name, speaker_role, speaker_org, day, line_key, statement)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?
        .execute(params![
            id,
            ord as i64,
            kind_name(quote.kind),
            quote.start as i64,
            quote.end as i64,
            quote.text,
            quote.cue.as_ref().map(|c| &c.text),
            speaker_id,
            quote.speaker.as_ref().map(|s| &s.name),
            speaker_role,
            speaker_org,
            day,
            line_key,
            statement
        ])?;
        let quote_id = tx.last_insert_rowid();

        // What the quote is about: the entities named inside it, other than the speaker.
        let mut topics_seen = HashSet::new();
        for other in &doc.entities {
            if entity.is_some_and(|e| e.id == other.id) {
                continue;
            }
            let inside = other
                .mentions
                .iter()
                .any(|m| m.start >= quote.start && m.end <= quote.end);
            if inside && topics_seen.insert(other.id) {
                tx.prepare_cached(
                    "INSERT INTO quote_topics (quote_id, name, label) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![quote_id, other.name, label_name(other)])?;
            }
        }

        if let Some(speaker_id) = speaker_id {
            let roles = speaker_role
                .iter()
                .chain(entity.map(|e| e.roles.as_slice()).unwrap_or_default());
            for role in roles.filter_map(|r| office_of(r, &speaker_names)) {
                if roles_seen.insert((speaker_id, role.to_lowercase())) {
                    tx.prepare_cached(
                        "INSERT INTO speaker_roles (speaker_id, document_id, role, day)
                         VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![speaker_id, id, role, day])?;
                }
            }
        }
    }

    touched.extend(local_speakers.values().copied());
    for &speaker in &touched {
        refresh_speaker_stats(tx, speaker)?;
    }
    delete_orphan_speakers(tx, touched.into_iter())?;

    // Last: learning a paragraph indexes again the articles quoting inside it, this one included.
    let (boilerplate_lines, removed) = boilerplate::learn_frequent(
        tx,
        learning,
        tally,
        doc,
        &lines,
        site.as_deref(),
        &counted.frequent,
    )?;
    Ok(Indexed {
        id,
        created: existing.is_none(),
        quotes: doc.quotes.len(),
        boilerplate_quotes: boilerplate_quotes + removed,
        boilerplate_lines,
    })
}

fn delete_children(tx: &Transaction, document_id: i64) -> Result<(), StoreError> {
    tx.prepare_cached(
        "DELETE FROM quote_topics WHERE quote_id IN (SELECT id FROM quotes WHERE document_id = ?1)",
    )?
    .execute([document_id])?;
    tx.prepare_cached("DELETE FROM quotes WHERE document_id = ?1")?
        .execute([document_id])?;
    tx.prepare_cached("DELETE FROM speaker_roles WHERE document_id = ?1")?
        .execute([document_id])?;
    Ok(())
}

/// Name key → speaker of the quotes a stored article has now.
fn previous_speakers(
    tx: &Transaction,
    document_id: i64,
) -> Result<HashMap<String, i64>, StoreError> {
    let mut stmt = tx.prepare_cached(
        "SELECT speaker_name, speaker_id FROM quotes
         WHERE document_id = ?1 AND speaker_id IS NOT NULL AND speaker_name IS NOT NULL",
    )?;
    let rows = stmt.query_map([document_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    let mut speakers = HashMap::new();
    for row in rows {
        let (name, id) = row?;
        speakers.insert(name_key(&name), id);
    }
    Ok(speakers)
}

/// Deletes those of `candidates` that nothing refers to any more (a re-indexed article's speakers
/// known by a single name only, which it no longer quotes).
fn delete_orphan_speakers(
    tx: &Transaction,
    candidates: impl Iterator<Item = i64>,
) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached(
        "DELETE FROM speakers WHERE id = ?1
           AND NOT EXISTS (SELECT 1 FROM quotes WHERE speaker_id = ?1)
           AND NOT EXISTS (SELECT 1 FROM speaker_aliases WHERE speaker_id = ?1)
           AND NOT EXISTS (SELECT 1 FROM speaker_roles WHERE speaker_id = ?1)",
    )?;
    for id in candidates {
        stmt.execute([id])?;
    }
    Ok(())
}

/// Recounts one speaker's row of `speaker_stats` from their quotes, and their display name (unless
/// a person chose it): a speaker without quotes has no row. Every write that moves quotes between
/// speakers calls it for each speaker it touched, so stats and names are what the quotes say.
pub(crate) fn refresh_speaker_stats(conn: &Connection, speaker: i64) -> Result<(), StoreError> {
    refresh_speaker_name(conn, speaker)?;
    conn.prepare_cached("DELETE FROM speaker_stats WHERE speaker_id = ?1")?
        .execute([speaker])?;
    let counts: Option<(i64, i64, Option<String>, Option<String>)> = conn
        .prepare_cached(
            "SELECT count(DISTINCT statement), count(DISTINCT document_id), min(day), max(day)
             FROM quotes WHERE speaker_id = ?1 HAVING count(*) > 0",
        )?
        .query_row([speaker], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((statements, documents, first_day, last_day)) = counts else {
        return Ok(());
    };
    let mut summary = SpeakerSummary {
        id: speaker,
        name: String::new(),
        kind: String::new(),
        statements,
        documents,
        first_day,
        last_day,
        roles: Vec::new(),
        topics: Vec::new(),
        outlets: Vec::new(),
    };
    fill_summary(conn, &mut summary, &None, &None)?;
    conn.prepare_cached(
        "INSERT INTO speaker_stats (speaker_id, statements, documents, first_day, last_day, roles, topics, outlets)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        speaker,
        summary.statements,
        summary.documents,
        summary.first_day,
        summary.last_day,
        serde_json::to_string(&summary.roles)?,
        serde_json::to_string(&summary.topics)?,
        serde_json::to_string(&summary.outlets)?,
    ])?;
    Ok(())
}

/// Names the speaker by the most frequent full name among their quotes (a built-in alias counts as
/// its full name, honorifics are dropped). A name of two words or more is preferred to a single
/// word ("Budi"); ties go to the longer name, then the first in alphabetical order. Counting, not
/// taking the longest name ever seen, keeps one tagger's over-long span ("Rayen Pono dihina Ahmad
/// Dhani") from renaming a speaker quoted a hundred times as "Ahmad Dhani".
fn refresh_speaker_name(conn: &Connection, speaker: i64) -> Result<(), StoreError> {
    let fixed: Option<bool> = conn
        .prepare_cached("SELECT name_fixed FROM speakers WHERE id = ?1")?
        .query_row([speaker], |r| r.get(0))
        .optional()?;
    if fixed != Some(false) {
        return Ok(());
    }
    let mut counts: HashMap<String, i64> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT speaker_name, count(*) FROM quotes
         WHERE speaker_id = ?1 AND speaker_name IS NOT NULL GROUP BY speaker_name",
    )?;
    for row in stmt.query_map([speaker], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })? {
        let (raw, n) = row?;
        if is_title_only(&raw) || raw.trim().is_empty() {
            continue;
        }
        let name = builtin_aliases()
            .full_name(&raw)
            .unwrap_or_else(|| display_name(&raw))
            .to_owned();
        *counts.entry(name).or_default() += n;
    }
    // A name written with a function word glued to it counts for the name ("Herman Suryatmanbuka"
    // for "Herman Suryatman"), when the speaker is quoted under that name too.
    let glued: Vec<(String, String)> = counts
        .keys()
        .filter_map(|name| {
            let (unglued, _) = crate::short_forms::without_glued_word(name)?;
            counts
                .contains_key(&unglued)
                .then(|| (name.clone(), unglued))
        })
        .collect();
    for (name, unglued) in glued {
        let n = counts.remove(&name).unwrap_or(0);
        *counts.entry(unglued).or_default() += n;
    }
    let words = |name: &str| name.split_whitespace().count();
    let best = counts.into_iter().max_by(|(a, m), (b, n)| {
        (words(a) > 1, m, words(a))
            .cmp(&(words(b) > 1, n, words(b)))
            .then_with(|| b.cmp(a))
    });
    if let Some((name, _)) = best {
        conn.prepare_cached("UPDATE speakers SET name = ?2 WHERE id = ?1 AND name <> ?2")?
            .execute(params![speaker, name])?;
    }
    Ok(())
}

fn label_name(entity: &OutEntity) -> String {
    serde_json::to_value(entity.label)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Finds or creates the speaker that `speaker` (and the entity it points to) stands for, and records
/// the names this article gives them as aliases. `None` when no name is usable.
///
/// Only an *identifying* name (see [`identifies`]) joins a speaker of another article. A name that
/// is not ("Budi", "Yang") stays within its article: `local` maps every name key used in this
/// article to its speaker, so that all the quotes of one "Budi" in one article share a speaker
/// without joining the "Budi" of the next article.
///
/// A person known here by one-word names only joins the one full name they can stand for in
/// `scope`, if the corpus leaves one choice (see `short_forms.rs`).
fn resolve_speaker(
    tx: &Transaction,
    speaker: &OutSpeaker,
    entity: Option<&OutEntity>,
    local: &mut HashMap<String, i64>,
    scope: Scope,
) -> Result<Option<i64>, StoreError> {
    // The names this article gives the speaker, fullest evidence first. Mentions are only trusted
    // when they are proper names of two words or more: single words may be pronouns ("ia", "dia").
    let mut names: Vec<&str> = vec![speaker.name.as_str()];
    if let Some(entity) = entity {
        names.push(&entity.name);
        // A mention becomes an alias only when every word of it is a word of the entity's name:
        // a tagger's over-long span ("Joko Widodo Kaesang Pangarep") must not join two people.
        let name_words = name_key(&entity.name);
        let name_words: Vec<&str> = name_words.split(' ').collect();
        names.extend(entity.mentions.iter().map(|m| m.text.as_str()).filter(|t| {
            let key = name_key(t);
            key.contains(' ')
                && t.starts_with(char::is_uppercase)
                && key.split(' ').all(|w| name_words.contains(&w))
        }));
    }
    let full_names: Vec<&str> = names
        .iter()
        .filter_map(|n| builtin_aliases().full_name(n))
        .collect();
    names.extend(full_names.iter().copied());

    let mut keyed: Vec<(String, &str)> = Vec::new();
    for name in names {
        let key = name_key(name);
        if !key.is_empty() && !is_title_only(name) && !keyed.iter().any(|(k, _)| *k == key) {
            keyed.push((key, display_name(name)));
        }
    }
    if keyed.is_empty() {
        return Ok(None);
    }

    let mut identifying = Vec::with_capacity(keyed.len());
    let mut found = None;
    for (key, _) in &keyed {
        let owner: Option<(i64, bool)> = tx
            .prepare_cached("SELECT speaker_id, manual FROM speaker_aliases WHERE alias_key = ?1")?
            .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let by_hand = owner.is_some_and(|(_, manual)| manual);
        let identifies = identifies(key, &speaker.kind) || by_hand;
        identifying.push(identifies);
        if found.is_none() && identifies {
            found = owner.map(|(id, _)| id);
        }
    }
    let found = found.or_else(|| keyed.iter().find_map(|(key, _)| local.get(key).copied()));
    let short_names: Vec<ShortName> =
        if found.is_none() && speaker.kind == "PER" && !identifying.contains(&true) {
            keyed.iter().filter_map(|(_, d)| ShortName::of(d)).collect()
        } else {
            Vec::new()
        };
    let joined = if short_names.is_empty() {
        None
    } else {
        sole_candidate(tx, &short_names, scope, None)?
    };
    if let Some(into) = joined {
        record_joined(tx, into, &short_names)?;
    }
    let found = found.or(joined);

    // The fullest name: a known full name, else the name with the most words.
    let best_name = full_names.first().copied().unwrap_or_else(|| {
        keyed
            .iter()
            .map(|(_, display)| *display)
            .max_by_key(|d| d.split_whitespace().count())
            .unwrap_or(&speaker.name)
    });
    let id = match found {
        Some(id) => {
            // The name follows from all the speaker's quotes, in `refresh_speaker_stats`.
            id
        }
        None => {
            tx.prepare_cached("INSERT INTO speakers (name, kind) VALUES (?1, ?2)")?
                .execute(params![best_name, speaker.kind])?;
            tx.last_insert_rowid()
        }
    };
    for ((key, display), identifies) in keyed.iter().zip(identifying) {
        if identifies {
            let added = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO speaker_aliases (alias_key, alias, speaker_id) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![key, display, id])?;
            if added > 0 {
                record_name(tx, key)?;
            }
        }
        local.insert(key.clone(), id);
    }
    Ok(Some(id))
}

/// Records the one-word names the article gave the person `entity` besides the words of its full
/// name: the entity layer joined them to it on the article's evidence (initials spelled out, a
/// nickname introduced: "Maruarar Sirait yang akrab disapa Ara"), so they are nicknames the full
/// name may be known by elsewhere.
fn record_nicknames(tx: &Transaction, entity: &OutEntity) -> Result<(), StoreError> {
    let full_key = name_key(&entity.name);
    if entity.label != warta_core::EntityLabel::Person || !full_key.contains(' ') {
        return Ok(());
    }
    let words: HashSet<&str> = full_key.split(' ').collect();
    let mut seen: HashSet<String> = HashSet::new();
    for mention in &entity.mentions {
        let text = mention.text.as_str();
        // "Presiden" standing alone refers to the person too, but is their title, not a name.
        let title = entity.titles.iter().any(|t| t.eq_ignore_ascii_case(text));
        if !text.starts_with(char::is_uppercase) || is_title_only(text) || title {
            continue;
        }
        let Some(short) = ShortName::of(text) else {
            continue;
        };
        if !words.contains(short.key.as_str()) && seen.insert(short.key.clone()) {
            record_nickname(tx, &short.key, &full_key)?;
        }
    }
    Ok(())
}

/// Whether the name key `key` is evidence enough, on its own, that two articles quote one speaker:
/// a name of two words or more, a short name the built-in aliases table ties to a full name
/// ("Jokowi"), or the one-word name of an organisation ("KPK"). A person's single word ("Budi",
/// "Yang") is shared by too many people; an aliases file entry makes it identifying by hand.
fn identifies(key: &str, kind: &str) -> bool {
    key.contains(' ') || kind == "ORG" || builtin_aliases().full_name(key).is_some()
}

/// An article's identity when it has no URL, and that of syndicated copies: its [`ContentKey`] in hex.
pub(crate) fn text_hash(text: &str) -> String {
    ContentKey::of(text).to_hex()
}

fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        warta_dates::CivilDate::from_days(days).iso(),
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_iso() {
        let now = now_utc();
        assert!(is_iso8601(&now), "{now}");
        assert!(now.as_str() > "2024-01-01");
    }
}
