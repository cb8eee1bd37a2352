//! Corrections by hand: merging two speakers, splitting a name off a speaker, and aliases files.
//!
//! Every alias a correction touches is marked manual. Indexing looks names up in the alias table before
//! it creates anything, so a correction keeps holding when the articles are indexed again.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use crate::names::{AliasTable, display_name, name_key};
use crate::write::refresh_speaker_stats;
use crate::{Store, StoreError};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AliasReport {
    /// Lines of the file that named a person.
    pub entries: usize,
    /// Speakers folded into another because the file says they are one person.
    pub merged: usize,
    /// Aliases added or moved.
    pub aliases: usize,
}

impl Store {
    /// Folds speaker `from` into `into`: its aliases, quotes and roles move, and `from` is deleted.
    pub fn merge_speakers(&mut self, into: i64, from: i64) -> Result<(), StoreError> {
        if into == from {
            return Err(StoreError::Invalid(
                "cannot merge a speaker into itself".into(),
            ));
        }
        let tx = crate::write::begin(&mut self.conn)?;
        require_speaker(&tx, into)?;
        require_speaker(&tx, from)?;
        merge_in(&tx, into, from)?;
        tx.commit()?;
        Ok(())
    }

    /// Moves the name `alias` off `speaker` to a new speaker of its own, with the quotes attributed
    /// under that name. Returns the new speaker's id.
    pub fn split_speaker(&mut self, speaker: i64, alias: &str) -> Result<i64, StoreError> {
        let key = name_key(alias);
        let tx = crate::write::begin(&mut self.conn)?;
        let (kind, aliases): (String, i64) = tx
            .query_row(
                "SELECT kind, (SELECT count(*) FROM speaker_aliases WHERE speaker_id = ?1)
                 FROM speakers WHERE id = ?1",
                [speaker],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("speaker {speaker}")))?;
        let owner: Option<i64> = tx
            .query_row(
                "SELECT speaker_id FROM speaker_aliases WHERE alias_key = ?1",
                [&key],
                |r| r.get(0),
            )
            .optional()?;
        if owner != Some(speaker) {
            return Err(StoreError::Invalid(format!(
                "`{alias}` is not an alias of speaker {speaker}"
            )));
        }
        if aliases < 2 {
            return Err(StoreError::Invalid(format!(
                "`{alias}` is the only name of speaker {speaker}: nothing to split"
            )));
        }
        tx.execute(
            "INSERT INTO speakers (name, kind, name_fixed) VALUES (?1, ?2, 1)",
            params![display_name(alias), kind],
        )?;
        let new_id = tx.last_insert_rowid();
        tx.execute(
            "UPDATE speaker_aliases SET speaker_id = ?2, manual = 1 WHERE alias_key = ?1",
            params![key, new_id],
        )?;

        // Quotes whose article named the speaker this way follow the name.
        let moved: Vec<(i64, i64)> = {
            let mut stmt = tx.prepare(
                "SELECT id, document_id, speaker_name FROM quotes WHERE speaker_id = ?1",
            )?;
            let rows = stmt.query_map([speaker], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })?;
            let mut moved = Vec::new();
            for row in rows {
                let (id, document, name) = row?;
                if name.is_some_and(|n| name_key(&n) == key) {
                    moved.push((id, document));
                }
            }
            moved
        };
        for (quote, document) in &moved {
            tx.execute(
                "UPDATE quotes SET speaker_id = ?2 WHERE id = ?1",
                params![quote, new_id],
            )?;
            // Roles belong to whoever still speaks in that article.
            let remaining: i64 = tx.query_row(
                "SELECT count(*) FROM quotes WHERE document_id = ?1 AND speaker_id = ?2",
                params![document, speaker],
                |r| r.get(0),
            )?;
            if remaining == 0 {
                tx.execute(
                    "UPDATE speaker_roles SET speaker_id = ?3 WHERE document_id = ?1 AND speaker_id = ?2",
                    params![document, speaker, new_id],
                )?;
            }
        }
        refresh_speaker_stats(&tx, speaker)?;
        refresh_speaker_stats(&tx, new_id)?;
        tx.commit()?;
        Ok(new_id)
    }

    /// Applies an aliases file (`Full Name = alias; alias`, see [`AliasTable::parse`]): each line
    /// becomes one speaker named `Full Name` that owns all the names on the line, merging the speakers
    /// that held them.
    pub fn apply_aliases(&mut self, table: &AliasTable) -> Result<AliasReport, StoreError> {
        let tx = crate::write::begin(&mut self.conn)?;
        let mut report = AliasReport::default();
        for entry in &table.entries {
            report.entries += 1;
            let names: Vec<&str> = std::iter::once(entry.name.as_str())
                .chain(entry.aliases.iter().map(String::as_str))
                .collect();
            let mut owners: Vec<i64> = Vec::new();
            for name in &names {
                let owner: Option<i64> = tx
                    .query_row(
                        "SELECT speaker_id FROM speaker_aliases WHERE alias_key = ?1",
                        [name_key(name)],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(owner) = owner.filter(|o| !owners.contains(o)) {
                    owners.push(owner);
                }
            }
            let target = match owners.first() {
                Some(&first) => {
                    tx.execute(
                        "UPDATE speakers SET name = ?2, name_fixed = 1 WHERE id = ?1",
                        params![first, entry.name],
                    )?;
                    first
                }
                None => {
                    tx.execute(
                        "INSERT INTO speakers (name, kind, name_fixed) VALUES (?1, 'PER', 1)",
                        [&entry.name],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            for &other in owners.iter().skip(1) {
                merge_in(&tx, target, other)?;
                report.merged += 1;
            }
            for name in &names {
                let key = name_key(name);
                if key.contains(' ') {
                    crate::short_forms::record_name(&tx, &key)?;
                }
                report.aliases += tx.execute(
                    "INSERT INTO speaker_aliases (alias_key, alias, speaker_id, manual) VALUES (?1, ?2, ?3, 1)
                     ON CONFLICT (alias_key) DO UPDATE SET speaker_id = excluded.speaker_id, manual = 1
                     WHERE speaker_id != excluded.speaker_id OR manual = 0",
                    params![name_key(name), display_name(name), target],
                )?;
            }
        }
        tx.commit()?;
        Ok(report)
    }
}

fn require_speaker(tx: &Transaction, id: i64) -> Result<(), StoreError> {
    let exists: Option<i64> = tx
        .query_row("SELECT id FROM speakers WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    exists
        .map(|_| ())
        .ok_or_else(|| StoreError::NotFound(format!("speaker {id}")))
}

fn merge_in(tx: &Transaction, into: i64, from: i64) -> Result<(), StoreError> {
    move_speaker(tx, into, from, true)
}

/// Moves everything of speaker `from` to `into` and deletes `from`. `by_hand` marks the moved
/// aliases manual (a merge a person made); indexing's own joins leave them as they were.
pub(crate) fn move_speaker(
    tx: &Connection,
    into: i64,
    from: i64,
    by_hand: bool,
) -> Result<(), StoreError> {
    tx.execute("DELETE FROM speaker_stats WHERE speaker_id = ?1", [from])?;
    tx.execute(
        "UPDATE speaker_aliases SET speaker_id = ?1, manual = max(manual, ?3) WHERE speaker_id = ?2",
        params![into, from, by_hand],
    )?;
    tx.execute(
        "UPDATE quotes SET speaker_id = ?1 WHERE speaker_id = ?2",
        params![into, from],
    )?;
    tx.execute(
        "UPDATE speaker_roles SET speaker_id = ?1 WHERE speaker_id = ?2",
        params![into, from],
    )?;
    tx.execute("DELETE FROM speakers WHERE id = ?1", [from])?;
    refresh_speaker_stats(tx, into)?;
    Ok(())
}
