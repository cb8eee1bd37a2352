//! The database schema and its migrations.
//!
//! `PRAGMA user_version` records how many migrations a database has had. Opening a database runs the
//! ones it lacks, each in its own transaction, so a database written by an older warta is upgraded in
//! place and one written by a newer warta is refused rather than misread.

use rusqlite::Connection;

use crate::StoreError;

/// Migration `i` takes a database from version `i` to `i + 1`. Append only: never edit a released one.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    ext_id      TEXT,
    -- The canonical URL (see `canonical_url`); one row per URL.
    url         TEXT UNIQUE,
    -- SHA-256 of the text: the identity of an article without a URL, and of syndicated copies.
    text_hash   TEXT NOT NULL,
    title       TEXT,
    published   TEXT,
    -- The publication day, YYYY-MM-DD, for date filters.
    day         TEXT,
    source      TEXT,
    author      TEXT,
    text        TEXT NOT NULL,
    -- The whole warta/1 output object, as `warta extract` writes it.
    output      TEXT NOT NULL,
    indexed_at  TEXT NOT NULL
);
CREATE INDEX documents_text_hash ON documents(text_hash);
CREATE INDEX documents_day ON documents(day);

CREATE TABLE speakers (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    -- PER, ORG or OTHER.
    kind        TEXT NOT NULL,
    -- 1 when a person chose the name (aliases file, merge): indexing then never renames it.
    name_fixed  INTEGER NOT NULL DEFAULT 0
);

-- Every name key (see names.rs) known to stand for a speaker.
CREATE TABLE speaker_aliases (
    alias_key   TEXT PRIMARY KEY,
    alias       TEXT NOT NULL,
    speaker_id  INTEGER NOT NULL REFERENCES speakers(id),
    -- 1 when set by hand (aliases file, merge, split): wins over what indexing would infer.
    manual      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX speaker_aliases_speaker ON speaker_aliases(speaker_id);

CREATE TABLE quotes (
    id              INTEGER PRIMARY KEY,
    document_id     INTEGER NOT NULL REFERENCES documents(id),
    ord             INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    -- Code-point offsets into the document text, as in the output contract.
    start           INTEGER NOT NULL,
    end             INTEGER NOT NULL,
    text            TEXT NOT NULL,
    cue             TEXT,
    speaker_id      INTEGER REFERENCES speakers(id),
    -- The name as this article gives it.
    speaker_name    TEXT,
    speaker_role    TEXT,
    speaker_org     TEXT,
    -- When it was said (said_on, else the publication day), YYYY-MM-DD.
    day             TEXT
);
CREATE INDEX quotes_document ON quotes(document_id);
CREATE INDEX quotes_speaker_day ON quotes(speaker_id, day);
CREATE INDEX quotes_day ON quotes(day);

-- Roles a speaker was given, per article and day: their roles over time.
CREATE TABLE speaker_roles (
    speaker_id  INTEGER NOT NULL REFERENCES speakers(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    role        TEXT NOT NULL,
    day         TEXT
);
CREATE INDEX speaker_roles_speaker ON speaker_roles(speaker_id);
CREATE INDEX speaker_roles_document ON speaker_roles(document_id);

-- Entities named inside a quote: what the speaker talked about.
CREATE TABLE quote_topics (
    quote_id    INTEGER NOT NULL REFERENCES quotes(id),
    name        TEXT NOT NULL,
    label       TEXT NOT NULL
);
CREATE INDEX quote_topics_quote ON quote_topics(quote_id);

CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, speaker_name,
    content = 'quotes', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text, speaker_name) VALUES (new.id, new.text, new.speaker_name);
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_name)
        VALUES ('delete', old.id, old.text, old.speaker_name);
END;
CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text, speaker_name ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_name)
        VALUES ('delete', old.id, old.text, old.speaker_name);
    INSERT INTO quotes_fts(rowid, text, speaker_name) VALUES (new.id, new.text, new.speaker_name);
END;

CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text,
    content = 'documents', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
"#,
    // 2: speaker rankings read every quote's speaker, day and article from this index alone.
    r#"
DROP INDEX quotes_speaker_day;
CREATE INDEX quotes_speaker_day_document ON quotes(speaker_id, day, document_id);
"#,
    // 3: each speaker's counts over the whole corpus, kept up to date by every write, so that the
    // ranking of speakers reads 20 rows instead of counting every quote. Filled at version 11.
    r#"
CREATE TABLE speaker_stats (
    speaker_id  INTEGER PRIMARY KEY REFERENCES speakers(id),
    quotes      INTEGER NOT NULL,
    documents   INTEGER NOT NULL,
    first_day   TEXT,
    last_day    TEXT,
    -- JSON arrays of the three most frequent roles, topics and outlets.
    roles       TEXT NOT NULL,
    topics      TEXT NOT NULL,
    outlets     TEXT NOT NULL
);
CREATE INDEX speaker_stats_quotes ON speaker_stats(quotes DESC);
"#,
    // 4: every URL an article was seen under. A syndicated copy (the same text under another URL)
    // updates the article it copies, whose `url` stays the first one; its own URL is kept here, so
    // that indexing or looking up any of the URLs finds the one article.
    r#"
CREATE TABLE document_urls (
    -- Canonical (see `canonical_url`).
    url          TEXT PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents(id)
);
CREATE INDEX document_urls_document ON document_urls(document_id);
INSERT INTO document_urls (url, document_id) SELECT url, id FROM documents WHERE url IS NOT NULL;
"#,
    // 5: article identity is defined once, in `warta_core::identity`, for the batch runner and the
    // store alike: text hashes are recomputed (white space no longer counts) and URLs
    // canonicalised again by `identify_again`.
    "",
    // 6: the one-word forms that may stand for a full name across articles (see
    // `names::short_forms` and `short_forms.rs`): its words, its initials, and the nicknames
    // articles introduce for it. Keyed by the full name's alias key, not by speaker, so that the
    // forms follow the name wherever merges and splits by hand move it. Filled from the aliases
    // already stored by `record_stored_forms`; nicknames come with the next indexing.
    r#"
CREATE TABLE name_forms (
    form        TEXT NOT NULL,
    alias_key   TEXT NOT NULL,
    -- 'word', 'initials' or 'nickname'.
    how         TEXT NOT NULL,
    PRIMARY KEY (form, alias_key)
) WITHOUT ROWID;
"#,
    // 7: stemmed search. Each full-text table gains a `stems` column, the stemmed shadow of its text
    // (`warta_stems`, see stem.rs, registered on every connection the store opens), which plain
    // search words are matched against; quoted phrases still match the text as written. The
    // content tables have no such column, so each is read through a view that gives NULL for it:
    // FTS5 reads content only to highlight and make snippets, which use the other columns.
    r#"
DROP TRIGGER quotes_fts_insert;
DROP TRIGGER quotes_fts_delete;
DROP TRIGGER quotes_fts_update;
DROP TABLE quotes_fts;
DROP TRIGGER documents_fts_insert;
DROP TRIGGER documents_fts_delete;
DROP TRIGGER documents_fts_update;
DROP TABLE documents_fts;
-- An article stored without a title is listed under its first line (`title_from_text`); set
-- while no trigger would index it twice.
UPDATE documents SET title = warta_first_line(text) WHERE title IS NULL OR trim(title) = '';

CREATE VIEW quotes_fts_content AS SELECT id, text, speaker_name, NULL AS stems FROM quotes;
CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, speaker_name, stems,
    content = 'quotes_fts_content', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text, speaker_name, stems)
        VALUES (new.id, new.text, new.speaker_name,
                warta_stems(new.text || ' ' || coalesce(new.speaker_name, '')));
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_name, stems)
        VALUES ('delete', old.id, old.text, old.speaker_name,
                warta_stems(old.text || ' ' || coalesce(old.speaker_name, '')));
END;
CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text, speaker_name ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_name, stems)
        VALUES ('delete', old.id, old.text, old.speaker_name,
                warta_stems(old.text || ' ' || coalesce(old.speaker_name, '')));
    INSERT INTO quotes_fts(rowid, text, speaker_name, stems)
        VALUES (new.id, new.text, new.speaker_name,
                warta_stems(new.text || ' ' || coalesce(new.speaker_name, '')));
END;
INSERT INTO quotes_fts(rowid, text, speaker_name, stems)
    SELECT id, text, speaker_name, warta_stems(text || ' ' || coalesce(speaker_name, ''))
    FROM quotes;

CREATE VIEW documents_fts_content AS SELECT id, title, text, NULL AS stems FROM documents;
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, stems,
    content = 'documents_fts_content', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text, stems)
        VALUES (new.id, new.title, new.text,
                warta_stems(coalesce(new.title, '') || ' ' || new.text));
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text, stems)
        VALUES ('delete', old.id, old.title, old.text,
                warta_stems(coalesce(old.title, '') || ' ' || old.text));
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text, stems)
        VALUES ('delete', old.id, old.title, old.text,
                warta_stems(coalesce(old.title, '') || ' ' || old.text));
    INSERT INTO documents_fts(rowid, title, text, stems)
        VALUES (new.id, new.title, new.text,
                warta_stems(coalesce(new.title, '') || ' ' || new.text));
END;
INSERT INTO documents_fts(rowid, title, text, stems)
    SELECT id, title, text, warta_stems(coalesce(title, '') || ' ' || text) FROM documents;
"#,
    // 8: the full-text indexes merge their segments eight at a time instead of four. Indexing
    // commits one article at a time, and each commit adds a segment to both tables: merging them
    // four at a time took some 15% of an indexing run's instructions (callgrind, 600 articles),
    // eight at a time 3% of the run less. A search may read up to eight segments of a level
    // instead of four; results do not change.
    r#"
INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('automerge', 8);
INSERT INTO documents_fts(documents_fts, rank) VALUES ('automerge', 8);
"#,
    // 9: a name's key reads every apostrophe as one ("Ma’ruf" and "Ma'ruf" were two keys, "ma ruf"
    // and "ma'ruf"): the stored keys are recomputed by `rekey_names`.
    "",
    // 10: boilerplate learnt across a site (see boilerplate.rs). Each paragraph of the stored articles
    // is counted per site by a stable key; a quote keeps the key of the paragraph it lies in, so
    // that the articles to correct when a paragraph is learnt are found without reading any.
    // Articles stored before are counted by `warta boilerplate --relearn`.
    r#"
CREATE TABLE site_lines (
    -- FNV-1a of the site and the paragraph's lower-cased words (`line_key`).
    key         INTEGER PRIMARY KEY,
    -- Stored articles of the site that carry the paragraph.
    articles    INTEGER NOT NULL,
    -- 1 once learnt as the site's boilerplate; its site and text are then kept to list it by.
    learnt      INTEGER NOT NULL DEFAULT 0,
    site        TEXT,
    text        TEXT
);
ALTER TABLE quotes ADD COLUMN line_key INTEGER;
CREATE INDEX quotes_line_key ON quotes(line_key);
"#,
    // 11: speakers are counted by statements (see statement.rs): each quote keeps its statement's
    // key, filled for stored quotes by `key_statements`, and the rankings' covering index holds it.
    // `speaker_stats` counts statements; its stored counts are recomputed.
    r#"
ALTER TABLE quotes ADD COLUMN statement INTEGER;
DROP INDEX quotes_speaker_day_document;
CREATE INDEX quotes_speaker_day_document ON quotes(speaker_id, day, document_id, statement);
DROP INDEX speaker_stats_quotes;
ALTER TABLE speaker_stats RENAME COLUMN quotes TO statements;
CREATE INDEX speaker_stats_statements ON speaker_stats(statements DESC);
"#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// A file at version 0 is new only if it has no tables: one with tables is another program's
/// database (or a warta file from before versions were counted, which no release wrote).
pub(crate) fn refuse_foreign(conn: &Connection) -> Result<(), StoreError> {
    // One statement, one snapshot: read apart, another process's first migration could commit in
    // between (tables seen, version still 0) and a new database look foreign.
    let (version, tables): (u32, i64) = conn.query_row(
        "SELECT (SELECT user_version FROM pragma_user_version),
                (SELECT count(*) FROM sqlite_master WHERE type = 'table')",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if version == 0 && tables > 0 {
        return Err(StoreError::Foreign);
    }
    Ok(())
}

pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    // The full-text triggers (and migration 7) call it, on every connection that writes.
    crate::stem::register(conn)?;
    conn.create_scalar_function(
        "warta_first_line",
        1,
        rusqlite::functions::FunctionFlags::SQLITE_UTF8
            | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let text: Option<String> = ctx.get(0)?;
            Ok(text.and_then(|t| crate::title_from_text(&t).map(str::to_owned)))
        },
    )?;
    // Up to date (the usual case): no write lock, so opening a database to read it does not wait
    // for a running `warta index`.
    let found: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    loop {
        // The version is read inside the write transaction: two processes opening a new database
        // at once would otherwise both run migration 0, and the second fail on its tables.
        let tx = crate::write::begin(conn)?;
        let found: u32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        let Some(sql) = MIGRATIONS.get(found as usize) else {
            return Ok(());
        };
        let version = found as usize;
        tx.execute_batch(sql)?;
        // Speaker counts are filled at 11, when they became counts of statements (3 made their
        // table; filling it there would write the columns of today's code into 3's table).
        if version + 1 == 11 {
            key_statements(&tx)?;
            let speakers: Vec<i64> = tx
                .prepare("SELECT id FROM speakers")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            for id in speakers {
                crate::write::refresh_speaker_stats(&tx, id)?;
            }
        }
        if version + 1 == 5 {
            identify_again(&tx)?;
        }
        if version + 1 == 6 {
            record_stored_forms(&tx)?;
        }
        if version + 1 == 9 {
            rekey_names(&tx)?;
        }
        tx.pragma_update(None, "user_version", version as u32 + 1)?;
        tx.commit()?;
    }
}

/// Migration 11: the statement key of every stored quote.
fn key_statements(tx: &rusqlite::Transaction) -> Result<(), StoreError> {
    let quotes: Vec<(i64, String)> = tx
        .prepare("SELECT id, text FROM quotes")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut update = tx.prepare("UPDATE quotes SET statement = ?2 WHERE id = ?1")?;
    for (id, text) in quotes {
        update.execute(rusqlite::params![
            id,
            crate::statement::statement_key(&text)
        ])?;
    }
    Ok(())
}

/// Migration 5: every stored key recomputed with `warta_core::identity`. Two URLs that are now one
/// keep the first article's claim to it.
fn identify_again(tx: &rusqlite::Transaction) -> Result<(), StoreError> {
    use warta_core::identity::canonical_url;
    let documents: Vec<(i64, String, Option<String>)> = tx
        .prepare("SELECT id, text, url FROM documents ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (id, text, url) in documents {
        tx.execute(
            "UPDATE documents SET text_hash = ?2 WHERE id = ?1",
            rusqlite::params![id, crate::write::text_hash(&text)],
        )?;
        if let Some(url) = url {
            tx.execute(
                "UPDATE OR IGNORE documents SET url = ?2 WHERE id = ?1",
                rusqlite::params![id, canonical_url(&url)],
            )?;
        }
    }
    let urls: Vec<(String, i64)> = tx
        .prepare("SELECT url, document_id FROM document_urls ORDER BY rowid")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    tx.execute("DELETE FROM document_urls", [])?;
    for (url, document_id) in urls {
        tx.execute(
            "INSERT OR IGNORE INTO document_urls (url, document_id) VALUES (?1, ?2)",
            rusqlite::params![canonical_url(&url), document_id],
        )?;
    }
    Ok(())
}

/// Migration 6: the short forms of every full name already stored.
fn record_stored_forms(tx: &rusqlite::Transaction) -> Result<(), StoreError> {
    let keys: Vec<String> = tx
        .prepare("SELECT alias_key FROM speaker_aliases WHERE alias_key LIKE '% %'")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for key in keys {
        crate::short_forms::record_name(tx, &key)?;
    }
    Ok(())
}

/// Migration 9: every alias key recomputed from its alias with `name_key`, and the name forms
/// with it. Where two aliases now share a key (the same name typed with two apostrophes), the one
/// seen first keeps it, as indexing would have had it; the other speaker keeps its quotes.
fn rekey_names(tx: &rusqlite::Transaction) -> Result<(), StoreError> {
    let aliases: Vec<(String, String)> = tx
        .prepare("SELECT alias_key, alias FROM speaker_aliases ORDER BY rowid")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (old, alias) in aliases {
        let new = crate::names::name_key(&alias);
        if new == old || new.is_empty() {
            continue;
        }
        for table in ["speaker_aliases", "name_forms"] {
            tx.execute(
                &format!("UPDATE OR IGNORE {table} SET alias_key = ?2 WHERE alias_key = ?1"),
                [&old, &new],
            )?;
            tx.execute(&format!("DELETE FROM {table} WHERE alias_key = ?1"), [&old])?;
        }
        // The words and initials of the old key are no forms of the new one.
        tx.execute(
            "DELETE FROM name_forms WHERE alias_key = ?1 AND how <> 'nickname'",
            [&new],
        )?;
        crate::short_forms::record_name(tx, &new)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_9_reads_every_apostrophe_of_a_stored_name_as_one() {
        let mut conn = Connection::open_in_memory().unwrap();
        // A database of version 8, with a key as version 8 made it (the later versions' tables
        // taken out again).
        migrate(&mut conn).unwrap();
        conn.execute_batch(
            "DROP INDEX quotes_line_key; ALTER TABLE quotes DROP COLUMN line_key; DROP TABLE site_lines;
             DROP INDEX quotes_speaker_day_document; ALTER TABLE quotes DROP COLUMN statement;
             CREATE INDEX quotes_speaker_day_document ON quotes(speaker_id, day, document_id);
             DROP INDEX speaker_stats_statements;
             ALTER TABLE speaker_stats RENAME COLUMN statements TO quotes;
             CREATE INDEX speaker_stats_quotes ON speaker_stats(quotes DESC);",
        )
        .unwrap();
        conn.pragma_update(None, "user_version", 8).unwrap();
        conn.execute_batch(
            "INSERT INTO speakers (id, name, kind) VALUES (1, 'Ma’ruf Amin', 'PER');
             INSERT INTO speaker_aliases (alias_key, alias, speaker_id)
                 VALUES ('ma ruf amin', 'Ma’ruf Amin', 1);
             INSERT INTO name_forms (form, alias_key, how)
                 VALUES ('ruf', 'ma ruf amin', 'word'), ('kiai', 'ma ruf amin', 'nickname');",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let key: String = conn
            .query_row("SELECT alias_key FROM speaker_aliases", [], |r| r.get(0))
            .unwrap();
        assert_eq!(key, "ma'ruf amin");
        let forms: Vec<(String, String)> = conn
            .prepare("SELECT form, alias_key FROM name_forms ORDER BY form")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(forms.contains(&("kiai".to_owned(), "ma'ruf amin".to_owned())));
        assert!(forms.iter().all(|(f, k)| f != "ruf" && k == "ma'ruf amin"));
    }

    #[test]
    fn an_old_database_is_upgraded_in_place() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute_batch(
            "INSERT INTO documents (text_hash, text, output, indexed_at) VALUES ('h', 't', '{}', 'now');
             INSERT INTO speakers (id, name, kind) VALUES (7, 'Budi Santoso', 'PER');
             INSERT INTO quotes (document_id, ord, kind, start, end, text, speaker_id, day)
                 VALUES (1, 0, 'direct', 0, 1, 't', 7, '2025-01-02'),
                        (1, 1, 'direct', 2, 3, 'T.', 7, '2025-01-05'),
                        (1, 2, 'direct', 4, 5, 'u', 7, '2025-01-03');",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        // Version 11 counted the statements already there: "t" and "T." are one.
        let counts: (i64, i64, i64, String, String) = conn
            .query_row(
                "SELECT speaker_id, statements, documents, first_day, last_day FROM speaker_stats",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        assert_eq!(
            counts,
            (7, 2, 1, "2025-01-02".to_owned(), "2025-01-05".to_owned())
        );
        let version: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let indexes: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'quotes'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(indexes.contains(&"quotes_speaker_day_document".to_owned()));
        assert!(!indexes.contains(&"quotes_speaker_day".to_owned()));
        let documents: i64 = conn
            .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
            .unwrap();
        assert_eq!(documents, 1);
    }

    #[test]
    fn version_4_records_the_urls_of_articles_already_stored() {
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..3] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 3).unwrap();
        conn.execute_batch(
            "INSERT INTO documents (id, url, text_hash, text, output, indexed_at)
                 VALUES (1, 'https://a.example/1', 'h1', 't', '{}', 'now'),
                        (2, NULL, 'h2', 'u', '{}', 'now');",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let urls: Vec<(String, i64)> = conn
            .prepare("SELECT url, document_id FROM document_urls")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(urls, vec![("https://a.example/1".to_owned(), 1)]);
    }

    #[test]
    fn version_6_records_the_short_forms_of_the_full_names_already_stored() {
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..5] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 5).unwrap();
        conn.execute_batch(
            "INSERT INTO speakers (id, name, kind) VALUES (1, 'Hidayat Nur Wahid', 'PER'), (2, 'KPK', 'ORG');
             INSERT INTO speaker_aliases (alias_key, alias, speaker_id)
                 VALUES ('hidayat nur wahid', 'Hidayat Nur Wahid', 1), ('kpk', 'KPK', 2);",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let forms: Vec<(String, String, String)> = conn
            .prepare("SELECT form, alias_key, how FROM name_forms ORDER BY form")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let row = |form: &str, how: &str| {
            (
                form.to_owned(),
                "hidayat nur wahid".to_owned(),
                how.to_owned(),
            )
        };
        // Not the middle word "nur"; a one-word name ("kpk") offers no short form.
        assert_eq!(
            forms,
            [
                row("hidayat", "word"),
                row("hnw", "initials"),
                row("wahid", "word")
            ]
        );
    }

    #[test]
    fn version_8_merges_full_text_segments_eight_at_a_time() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        for table in ["quotes_fts", "documents_fts"] {
            let automerge: i64 = conn
                .query_row(
                    &format!("SELECT v FROM {table}_config WHERE k = 'automerge'"),
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(automerge, 8, "{table}");
        }
    }

    #[test]
    fn version_7_indexes_the_stems_of_what_is_already_stored() {
        let mut conn = Connection::open_in_memory().unwrap();
        // What `migrate` does first; the tables of version 6 come before it here.
        crate::stem::register(&conn).unwrap();
        for sql in &MIGRATIONS[..6] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 6).unwrap();
        conn.execute_batch(
            "INSERT INTO documents (id, title, text_hash, text, output, indexed_at)
                 VALUES (1, 'Pemanggilan saksi', 'h', 'KPK memanggil dua saksi.', '{}', 'now');
             INSERT INTO quotes (document_id, ord, kind, start, end, text, speaker_name)
                 VALUES (1, 0, 'direct', 0, 1, 'Mereka sudah dipanggil', 'Budi');",
        )
        .unwrap();
        let count = |conn: &Connection, sql: &str| -> i64 {
            conn.query_row(sql, [], |r| r.get(0)).unwrap()
        };
        // Before: only the exact word.
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'panggil'"
            ),
            0
        );
        migrate(&mut conn).unwrap();
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'stems : panggil'"
            ),
            1
        );
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'stems : panggil'"
            ),
            1
        );
        // The text as written is still indexed, and the triggers keep both in step.
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'text : \"sudah dipanggil\"'"
            ),
            1
        );
        conn.execute("DELETE FROM quotes", []).unwrap();
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'stems : panggil'"
            ),
            0
        );
        conn.execute("UPDATE documents SET text = 'Tidak ada.' WHERE id = 1", [])
            .unwrap();
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'stems : memanggil'"
            ),
            0
        );
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'ada'"
            ),
            1
        );
    }

    #[test]
    fn version_5_recomputes_every_stored_key_with_the_identity_module() {
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..4] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 4).unwrap();
        // Keys as version 4 wrote them: a SHA-256 of the exact text, and URLs canonicalised by
        // the store's own rules (which lower-cased nothing in the path but kept `mc_cid`).
        conn.execute_batch(
            "INSERT INTO documents (id, url, text_hash, text, output, indexed_at)
                 VALUES (1, 'https://a.example/Berita?mc_cid=7', 'old', 'Harga  cabai\n\nnaik.', '{}', 'now');
             INSERT INTO document_urls (url, document_id)
                 VALUES ('https://a.example/Berita?mc_cid=7', 1), ('https://b.example/salinan/', 1);",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let (hash, url): (String, String) = conn
            .query_row(
                "SELECT text_hash, url FROM documents WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        // The key of "Harga cabai naik." (`printf 'Harga cabai naik.' | sha256sum`).
        assert_eq!(
            hash,
            "113483b3ad446fd4c769e199b47d9e795c401d64c26e1733d414dcefd663dc74"
        );
        assert_eq!(url, "https://a.example/Berita");
        let mut urls: Vec<String> = conn
            .prepare("SELECT url FROM document_urls WHERE document_id = 1")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        urls.sort();
        assert_eq!(
            urls,
            ["https://a.example/Berita", "https://b.example/salinan"]
        );
    }
}
