//! One person, one speaker, across the corpus: a one-word speaker name ("Putin", "Ara", "HNW") and
//! the full name it stands for.
//!
//! Within one article the entity layer joins short forms, initials and nicknames to the full name.
//! Across articles a one-word name identifies nobody by itself (two articles' "Budi" are two men),
//! so indexing joins it to a full name only when the corpus leaves one choice: exactly one person,
//! quoted by the same outlet within [`WINDOW_DAYS`] days of the quote, whose full name has that word,
//! those initials or that nickname ([`crate::names::short_forms`], and the nicknames articles
//! introduced). Indexing tries this for each quote, and [`Store::join_short_forms`] again once a run
//! is over, for a short form indexed before its full name. Every other match is a
//! [`MergeSuggestion`], ranked by its evidence, for a person to confirm with a merge.
//!
//! Corrections by hand win: a speaker that an aliases file, a merge or a split gave a name is
//! never joined automatically, and a name so settled identifies its speaker before any of this.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::names::{FormKind, display_name, looks_like_initials, name_key, short_forms};
use crate::{Store, StoreError};

/// How far apart, in days, a short form and the full name's quotes may be and still be one person:
/// the press names a person in full again within weeks while they are in the news.
pub const WINDOW_DAYS: i64 = 30;

/// Records the short forms of the full name whose alias key is `key`.
pub(crate) fn record_name(conn: &Connection, key: &str) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO name_forms (form, alias_key, how) VALUES (?1, ?2, ?3)",
    )?;
    for (form, how) in short_forms(key) {
        stmt.execute(params![form, key, how.as_str()])?;
    }
    Ok(())
}

/// Records that an article introduced `nickname` (a key of one word) for the full name `full_key`.
pub(crate) fn record_nickname(
    conn: &Connection,
    nickname: &str,
    full_key: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO name_forms (form, alias_key, how) VALUES (?1, ?2, 'nickname')",
    )?
    .execute(params![nickname, full_key])?;
    Ok(())
}

/// Where a quote was said: its outlet, its day (YYYY-MM-DD) and the text of its article.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub source: Option<&'a str>,
    pub day: Option<&'a str>,
    pub text: &'a str,
}

/// A one-word name as an article wrote it: its key, its display form, and whether it was written
/// as initials (only then may it stand for a name's initials: "Ara" is no acronym).
pub(crate) struct ShortName {
    pub key: String,
    pub display: String,
    pub initials: bool,
}

impl ShortName {
    /// `None` unless `raw` is one capitalised word long enough to be a short form (a tagger's
    /// lower-case "name" is a word: "kata sandi" is "password").
    pub fn of(raw: &str) -> Option<ShortName> {
        if !display_name(raw).starts_with(char::is_uppercase) {
            return None;
        }
        let key = name_key(raw);
        let initials = looks_like_initials(raw);
        let long_enough = key.chars().count() >= crate::names::MIN_SHORT_FORM_CHARS || initials;
        (!key.is_empty() && !key.contains(' ') && long_enough).then(|| ShortName {
            key,
            display: display_name(raw).to_owned(),
            initials,
        })
    }
}

/// The people whose full name offers `name` as a short form, with how, other than `exclude`.
fn candidates(
    conn: &Connection,
    name: &ShortName,
    exclude: Option<i64>,
) -> Result<Vec<(i64, FormKind)>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.speaker_id, f.how FROM name_forms f
         JOIN speaker_aliases a ON a.alias_key = f.alias_key
         JOIN speakers s ON s.id = a.speaker_id
         WHERE f.form = ?1 AND s.kind = 'PER' AND (?2 OR f.how <> 'initials') AND a.speaker_id IS NOT ?3",
    )?;
    let rows = stmt.query_map(params![name.key, name.initials, exclude], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut found: Vec<(i64, FormKind)> = Vec::new();
    for row in rows {
        let (id, how) = row?;
        let how = FormKind::parse(&how).unwrap_or(FormKind::Word);
        match found.iter_mut().find(|(f, _)| *f == id) {
            // A nickname the press introduced is the strongest evidence, a word of the name the weakest.
            Some((_, seen)) if how == FormKind::Nickname => *seen = how,
            Some(_) => {}
            None => found.push((id, how)),
        }
    }
    Ok(found)
}

/// Whether `speaker` is quoted by the outlet of `scope` within the window around its day.
fn quoted_in_scope(conn: &Connection, speaker: i64, scope: Scope) -> Result<bool, StoreError> {
    let Some(day) = scope.day else {
        return Ok(false);
    };
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM quotes q JOIN documents d ON d.id = q.document_id
             WHERE q.speaker_id = ?1 AND d.source IS ?2
               AND q.day BETWEEN date(?3, '-' || ?4 || ' days') AND date(?3, '+' || ?4 || ' days')
             LIMIT 1",
        )?
        .query_row(params![speaker, scope.source, day, WINDOW_DAYS], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether the corpus knows `name` as an organisation's ("Shell", "TikTok"): then a person's
/// name that has the word ("Shell Wael Sawan", a tagger's span) is no evidence of who the
/// one-word speaker is, only a suggestion.
fn names_an_organisation(conn: &Connection, name: &ShortName) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM speaker_aliases a JOIN speakers s ON s.id = a.speaker_id
                            WHERE a.alias_key = ?1 AND s.kind = 'ORG')",
        )?
        .query_row([&name.key], |r| r.get(0))?)
}

/// Whether the article text names `speaker` in full (by the name the corpus gives them): the
/// entity layer may have missed the tie ("VladimirPutinsempat", glued by a scraper; a nickname
/// without a phrase that introduces it).
fn named_in(conn: &Connection, speaker: i64, text: &str) -> Result<bool, StoreError> {
    let name: String = conn
        .prepare_cached("SELECT name FROM speakers WHERE id = ?1")?
        .query_row([speaker], |r| r.get(0))?;
    Ok(name.contains(' ') && text.contains(&name))
}

/// Whether `text` uses two words of what `speaker` is known for (see [`context_words`]), one if
/// the corpus knows one, or the corpus knows nothing of them but their name: an article about a drug case whose "Agus" is a
/// friend of the suspect is no evidence for Agus Sani of a motorcycle maker's safety riding team.
fn speaks_of(conn: &Connection, speaker: i64, text: &str) -> Result<bool, StoreError> {
    let name: String = conn
        .prepare_cached("SELECT name FROM speakers WHERE id = ?1")?
        .query_row([speaker], |r| r.get(0))?;
    let words = context_words(conn, speaker, &name)?;
    // Two words when the corpus knows two: one may be common ("Undang" of "Undang-Undang Ormas").
    let needed = words.len().min(2);
    Ok(words.iter().filter(|w| has_word(text, w)).count() >= needed)
}

/// The one person the short names `names` can stand for in `scope`, if exactly one qualifies: the
/// one candidate the article names in full, else (when it names none) the one quoted by the same
/// outlet within the window whose context the article speaks of. An article naming two
/// candidates leaves it open.
pub(crate) fn sole_candidate(
    conn: &Connection,
    names: &[ShortName],
    scope: Scope,
    exclude: Option<i64>,
) -> Result<Option<i64>, StoreError> {
    let mut all: Vec<i64> = Vec::new();
    for name in names {
        if names_an_organisation(conn, name)? {
            return Ok(None);
        }
        for (id, _) in candidates(conn, name, exclude)? {
            if !all.contains(&id) {
                all.push(id);
            }
        }
    }
    let mut named = Vec::new();
    for &id in &all {
        if named_in(conn, id, scope.text)? {
            named.push(id);
        }
    }
    if !named.is_empty() {
        return Ok(match named[..] {
            [one] => Some(one),
            _ => None,
        });
    }
    let mut in_scope = Vec::new();
    for &id in &all {
        if quoted_in_scope(conn, id, scope)? && speaks_of(conn, id, scope.text)? {
            in_scope.push(id);
        }
    }
    Ok(match in_scope[..] {
        [one] => Some(one),
        _ => None,
    })
}

/// Speakers that only one-word names stand for, none of them settled by hand: those a short form
/// may join. (A speaker with a full name, or whose name a person set, is nobody's short form.)
fn one_word_speakers(conn: &Connection) -> Result<Vec<i64>, StoreError> {
    Ok(conn
        .prepare(
            "SELECT s.id FROM speakers s JOIN speaker_stats st ON st.speaker_id = s.id
             WHERE s.kind = 'PER' AND s.name_fixed = 0 AND s.name NOT LIKE '% %'
               AND NOT EXISTS (SELECT 1 FROM speaker_aliases a WHERE a.speaker_id = s.id
                               AND (a.manual = 1 OR a.alias_key LIKE '% %'))
             ORDER BY s.id",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?)
}

/// Joins two people whose full names are one inside the other ("Pramono Anung" and "Pramono Anung
/// Wibowo", "Dony Oskaria" and "Danantara Dony Oskaria", a tagger's span that took in an
/// organisation, "Febrio Kacaribu" and "Febrio Nathan Kacaribu"): the shorter name is the longer one
/// without its first or last words, or with its first and last only, nobody else's
/// name holds the shorter one so, and the two are quoted in one article, or by one outlet within
/// [`WINDOW_DAYS`] days in an article that speaks of what the shorter is known for, or they hold
/// the same office of three words or more. The speaker
/// quoted less folds into the other; the name follows the quotes. A name that is the other with a
/// function word glued to it ("Herman Suryatmanbuka") joins it on that alone, unless the word also
/// ends names ("hari"), when it needs the same evidence. Returns how many were joined.
fn join_contained_names(conn: &Connection) -> Result<usize, StoreError> {
    let people: Vec<(i64, String)> = conn
        .prepare(
            "SELECT s.id, s.name FROM speakers s JOIN speaker_stats st ON st.speaker_id = s.id
             WHERE s.kind = 'PER' AND s.name_fixed = 0 AND s.name LIKE '% %' ORDER BY s.id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let by_key: HashMap<String, i64> = people
        .iter()
        .map(|(id, name)| (name_key(name), *id))
        .collect();
    // Shorter speaker → the longer ones that contain its name at an end, and whether the longer
    // one is the shorter with a function word glued on that says nothing by itself.
    let mut longer: HashMap<i64, Vec<(i64, bool)>> = HashMap::new();
    for (id, name) in &people {
        let key = name_key(name);
        let words: Vec<&str> = key.split(' ').collect();
        let mut add = |inner: String, plain_glue: bool| {
            if let Some(&shorter) = by_key.get(&inner)
                && shorter != *id
            {
                longer.entry(shorter).or_default().push((*id, plain_glue));
            }
        };
        for cut in 1..words.len().saturating_sub(1) {
            add(words[cut..].join(" "), false);
            add(words[..words.len() - cut].join(" "), false);
        }
        // The middle names left out ("Febrio Kacaribu" of "Febrio Nathan Kacaribu", "Arthur
        // Laffer" of "Arthur B. Laffer").
        if let [first, _, .., last] = words[..] {
            add(format!("{first} {last}"), false);
        }
        if let Some((unglued, name_ending)) = without_glued_word(name) {
            add(name_key(&unglued), !name_ending);
        }
    }
    let mut joined = 0;
    let mut folded: Vec<i64> = Vec::new();
    for (shorter, holders) in longer {
        let [(long, plain_glue)] = holders[..] else {
            continue;
        };
        // One join per speaker and run: a speaker folded in is gone.
        if folded.contains(&shorter) || folded.contains(&long) {
            continue;
        }
        if plain_glue {
            crate::curate::move_speaker(conn, shorter, long, false)?;
            folded.extend([shorter, long]);
            joined += 1;
            continue;
        }
        let (_, occasions) = quoted_as(conn, long)?;
        let together: bool = conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM quotes a JOIN quotes b ON a.document_id = b.document_id
                                WHERE a.speaker_id = ?1 AND b.speaker_id = ?2)",
            )?
            .query_row(params![shorter, long], |r| r.get(0))?;
        // One office of three words or more, named with its organisation, is one person whatever
        // the outlets ("Direktur Jenderal Strategi Ekonomi dan Fiskal Kemenkeu"); "Kepala Desa" is
        // many.
        let same_office: bool = conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM speaker_roles a JOIN speaker_roles b
                                  ON lower(a.role) = lower(b.role)
                                WHERE a.speaker_id = ?1 AND b.speaker_id = ?2
                                  AND a.role LIKE '% % %')",
            )?
            .query_row(params![shorter, long], |r| r.get(0))?;
        let mut near = false;
        for occasion in &occasions {
            if quoted_in_scope(conn, shorter, occasion.scope())?
                && speaks_of(conn, shorter, &occasion.text)?
            {
                near = true;
                break;
            }
        }
        if !(together || same_office || near) {
            continue;
        }
        let statements = |id: i64| -> Result<i64, StoreError> {
            Ok(conn
                .prepare_cached("SELECT statements FROM speaker_stats WHERE speaker_id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?
                .unwrap_or(0))
        };
        let (into, from) = if statements(long)? > statements(shorter)? {
            (long, shorter)
        } else {
            (shorter, long)
        };
        crate::curate::move_speaker(conn, into, from, false)?;
        folded.extend([into, from]);
        joined += 1;
    }
    Ok(joined)
}

/// `name` without the function word a scraper glued to its last word ("Herman Suryatmanbuka" →
/// "Herman Suryatman"), and whether that word also ends names ("hari": "Batanghari").
pub(crate) fn without_glued_word(name: &str) -> Option<(String, bool)> {
    let name = name.trim();
    let last_start = name.rfind(' ')? + 1;
    let (cut, name_ending) = warta_text::glued_function_word(&name[last_start..])?;
    Some((name[..last_start + cut].to_owned(), name_ending))
}

/// An outlet, a day and an article text a speaker was quoted in.
struct Occasion {
    source: Option<String>,
    day: Option<String>,
    text: String,
}

impl Occasion {
    fn scope(&self) -> Scope<'_> {
        Scope {
            source: self.source.as_deref(),
            day: self.day.as_deref(),
            text: &self.text,
        }
    }
}

/// The short names a speaker is quoted under, and where each quote was said; none when a person
/// tied one of the names to a speaker.
fn quoted_as(
    conn: &Connection,
    speaker: i64,
) -> Result<(Vec<ShortName>, Vec<Occasion>), StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT q.speaker_name, q.document_id, d.source, q.day FROM quotes q
         JOIN documents d ON d.id = q.document_id WHERE q.speaker_id = ?1",
    )?;
    let rows = stmt.query_map([speaker], |r| {
        Ok((
            r.get::<_, Option<String>>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    let mut names: Vec<ShortName> = Vec::new();
    let mut occasions: Vec<(i64, Option<String>, Option<String>)> = Vec::new();
    for row in rows {
        let (name, document, source, day) = row?;
        if let Some(short) = name.as_deref().and_then(ShortName::of)
            && !names.iter().any(|n| n.key == short.key)
        {
            // A name a person tied to a speaker is theirs to move, not the corpus's.
            let by_hand: bool = conn
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM speaker_aliases WHERE alias_key = ?1 AND manual = 1)")?
                .query_row([&short.key], |r| r.get(0))?;
            if by_hand {
                return Ok((Vec::new(), Vec::new()));
            }
            names.push(short);
        }
        let occasion = (document, source, day);
        if !occasions.contains(&occasion) {
            occasions.push(occasion);
        }
    }
    let mut text = conn.prepare_cached("SELECT text FROM documents WHERE id = ?1")?;
    let mut scopes = Vec::with_capacity(occasions.len());
    for (document, source, day) in occasions {
        scopes.push(Occasion {
            source,
            day,
            text: text.query_row([document], |r| r.get(0))?,
        });
    }
    Ok((names, scopes))
}

/// Folds the one-word speaker `from` into `into` as indexing does: the aliases keep their
/// provenance (nothing becomes manual), and the short names join `into`'s aliases so that a split
/// by hand can take them off again.
fn join(conn: &Connection, into: i64, from: i64, names: &[ShortName]) -> Result<(), StoreError> {
    crate::curate::move_speaker(conn, into, from, false)?;
    record_joined(conn, into, names)
}

/// Records `names` as aliases of `into`, the speaker they were joined to. Not identifying (a
/// one-word name never is), but a split by hand can then take one off again.
pub(crate) fn record_joined(
    conn: &Connection,
    into: i64,
    names: &[ShortName],
) -> Result<(), StoreError> {
    let mut add = conn.prepare_cached(
        "INSERT OR IGNORE INTO speaker_aliases (alias_key, alias, speaker_id) VALUES (?1, ?2, ?3)",
    )?;
    for name in names {
        add.execute(params![name.key, name.display, into])?;
    }
    Ok(())
}

/// A likely merge that the corpus does not settle alone: a one-word speaker and a person whose full
/// name offers that word, initials or nickname.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergeSuggestion {
    /// The speaker known by the short form: the one to fold in.
    pub from: SuggestedSpeaker,
    /// The person with the full name.
    pub into: SuggestedSpeaker,
    /// The short form, as a key.
    pub form: String,
    pub how: FormKind,
    /// Articles quoting `from` whose text names `into` in full.
    pub named_together: i64,
    /// Articles quoting `from` in an outlet that quotes `into` within [`WINDOW_DAYS`] days.
    pub same_outlet: i64,
    /// The share of the words that say who `into` is (see [`context_words`]) that the articles
    /// quoting `from` use: 0 to 1.
    pub context: f64,
    /// Other people the form may stand for.
    pub rivals: i64,
    /// 0 to 1, see [`Store::merge_suggestions`].
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuggestedSpeaker {
    pub id: i64,
    pub name: String,
    pub statements: i64,
    pub documents: i64,
}

impl MergeSuggestion {
    /// The command that confirms the suggestion.
    pub fn merge_command(&self) -> String {
        format!("warta speakers merge {} {}", self.into.id, self.from.id)
    }
}

impl Store {
    /// Joins each one-word person speaker to the full name that is now its sole candidate (see the
    /// module documentation): what indexing could not do for a short form that came before its
    /// full name. Returns how many speakers were folded in.
    pub fn join_short_forms(&mut self) -> Result<usize, StoreError> {
        let tx = crate::write::begin(&mut self.conn)?;
        let mut joined = 0;
        for from in one_word_speakers(&tx)? {
            let (names, scopes) = quoted_as(&tx, from)?;
            if names.is_empty() {
                continue;
            }
            // Every quote must point at the same person.
            let mut target: Option<i64> = None;
            let mut agreed = true;
            for occasion in &scopes {
                let scope = occasion.scope();
                match sole_candidate(&tx, &names, scope, Some(from))? {
                    Some(id) if target.is_none_or(|t| t == id) => target = Some(id),
                    _ => {
                        agreed = false;
                        break;
                    }
                }
            }
            if let (true, Some(into)) = (agreed, target) {
                join(&tx, into, from, &names)?;
                joined += 1;
            }
        }
        joined += join_contained_names(&tx)?;
        tx.commit()?;
        Ok(joined)
    }

    /// Likely merges, best first: each one-word person speaker paired with every person whose full
    /// name offers its name as a word, initials or nickname. The score weighs the evidence: the
    /// share of its articles that name the person in full and the share of the person's context
    /// words they use (each counted twice: the strongest signs), the share quoted by an outlet that
    /// quotes the person within the window, one over the number of candidates, and the person's
    /// share of the candidates' quotes; divided by seven, and halved when the articles use none of
    /// the person's context words (they speak of someone else).
    pub fn merge_suggestions(&self) -> Result<Vec<MergeSuggestion>, StoreError> {
        let conn = &self.conn;
        let mut suggestions = Vec::new();
        let mut speakers: HashMap<i64, SuggestedSpeaker> = HashMap::new();
        for from in one_word_speakers(conn)? {
            let (names, scopes) = quoted_as(conn, from)?;
            let mut found: Vec<(i64, FormKind, String)> = Vec::new();
            for name in &names {
                for (id, how) in candidates(conn, name, Some(from))? {
                    if !found.iter().any(|(f, _, _)| *f == id) {
                        found.push((id, how, name.key.clone()));
                    }
                }
            }
            if found.is_empty() {
                continue;
            }
            let from_speaker = suggested(conn, &mut speakers, from)?;
            let rivals = found.len() as i64 - 1;
            let mut rows: Vec<(MergeSuggestion, bool)> = Vec::new();
            for (into, how, form) in found.iter().cloned() {
                let into = suggested(conn, &mut speakers, into)?;
                let named_together: i64 = conn
                    .prepare_cached(
                        "SELECT count(*) FROM documents d WHERE instr(d.text, ?2) > 0
                           AND d.id IN (SELECT document_id FROM quotes WHERE speaker_id = ?1)",
                    )?
                    .query_row(params![from, into.name], |r| r.get(0))?;
                let mut same_outlet = 0;
                for occasion in &scopes {
                    same_outlet += i64::from(quoted_in_scope(conn, into.id, occasion.scope())?);
                }
                let words = context_words(conn, into.id, &into.name)?;
                let used = words
                    .iter()
                    .filter(|w| scopes.iter().any(|o| has_word(&o.text, w)))
                    .count();
                // Known for things the articles never mention: evidence against.
                let unrelated = !words.is_empty() && used == 0;
                let suggestion = MergeSuggestion {
                    from: from_speaker.clone(),
                    into,
                    form,
                    how,
                    named_together,
                    same_outlet,
                    context: used as f64 / words.len().max(1) as f64,
                    rivals,
                    score: 0.0,
                };
                rows.push((suggestion, unrelated));
            }
            let candidates_quotes: i64 = rows.iter().map(|(s, _)| s.into.statements).sum();
            let articles = from_speaker.documents.max(1) as f64;
            let occasions = scopes.len().max(1) as f64;
            for (mut s, unrelated) in rows {
                let together = (s.named_together as f64 / articles).min(1.0);
                let outlet = (s.same_outlet as f64 / occasions).min(1.0);
                let sole = 1.0 / (1 + rivals) as f64;
                let share = s.into.statements as f64 / candidates_quotes.max(1) as f64;
                let score = (2.0 * together + 2.0 * s.context + outlet + sole + share) / 7.0;
                s.score = if unrelated { score / 2.0 } else { score };
                suggestions.push(s);
            }
        }
        suggestions.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.from.statements.cmp(&a.from.statements))
                .then(a.from.id.cmp(&b.from.id))
                .then(a.into.id.cmp(&b.into.id))
        });
        Ok(suggestions)
    }

    /// The suggestions that fold `speaker` in or fold another speaker into it.
    pub fn merge_suggestions_for(&self, speaker: i64) -> Result<Vec<MergeSuggestion>, StoreError> {
        let mut all = self.merge_suggestions()?;
        all.retain(|s| s.from.id == speaker || s.into.id == speaker);
        Ok(all)
    }
}

/// The words that say who `speaker` is besides their name: the capitalised words of their roles
/// and of what they talk about ("Harita" and "Nickel" of "Direktur Keuangan Harita Nickel"), less
/// titles ("Direktur") and the words of `name`. An article about "Suparsin" that says "Harita
/// Nickel" is about Suparsin D. Liwan; one about a village head "Nandang" is not about a police
/// officer named Nandang Herawan.
fn context_words(conn: &Connection, speaker: i64, name: &str) -> Result<Vec<String>, StoreError> {
    let mut phrases: Vec<String> = conn
        .prepare_cached("SELECT DISTINCT role FROM speaker_roles WHERE speaker_id = ?1")?
        .query_map([speaker], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let topics: Option<String> = conn
        .prepare_cached("SELECT topics FROM speaker_stats WHERE speaker_id = ?1")?
        .query_row([speaker], |r| r.get(0))
        .optional()?;
    phrases.extend(
        topics
            .and_then(|t| serde_json::from_str::<Vec<String>>(&t).ok())
            .unwrap_or_default(),
    );
    let own = name_key(name);
    let own: Vec<&str> = own.split(' ').collect();
    let mut words: Vec<String> = Vec::new();
    for phrase in &phrases {
        for word in phrase.split(|c: char| !c.is_alphanumeric()) {
            let lower = word.to_lowercase();
            let keep = word.starts_with(char::is_uppercase)
                && word.chars().count() >= crate::names::MIN_SHORT_FORM_CHARS
                && !crate::names::is_title_only(word)
                && !own.contains(&lower.as_str());
            if keep && !words.iter().any(|w| w.eq_ignore_ascii_case(word)) {
                words.push(word.to_owned());
            }
        }
    }
    Ok(words)
}

/// Whether `text` has `word` as a whole word inside a sentence, not opening one: capitalised
/// there, "Dalam" of "Menteri Dalam Negeri" is a function word ("Dalam keterangannya, …").
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let opens_sentence = text[..at]
            .trim_end()
            .chars()
            .next_back()
            .is_none_or(|c| ".!?\"“”\n".contains(c));
        !before.is_some_and(char::is_alphanumeric)
            && !after.is_some_and(char::is_alphanumeric)
            && !opens_sentence
    })
}

fn suggested(
    conn: &Connection,
    cache: &mut HashMap<i64, SuggestedSpeaker>,
    id: i64,
) -> Result<SuggestedSpeaker, StoreError> {
    if let Some(s) = cache.get(&id) {
        return Ok(s.clone());
    }
    let speaker = conn
        .prepare_cached(
            "SELECT s.name, coalesce(st.statements, 0), coalesce(st.documents, 0) FROM speakers s
             LEFT JOIN speaker_stats st ON st.speaker_id = s.id WHERE s.id = ?1",
        )?
        .query_row([id], |r| {
            Ok(SuggestedSpeaker {
                id,
                name: r.get(0)?,
                statements: r.get(1)?,
                documents: r.get(2)?,
            })
        })?;
    cache.insert(id, speaker.clone());
    Ok(speaker)
}

#[cfg(test)]
mod tests {
    use super::has_word;

    #[test]
    fn a_context_word_counts_inside_a_sentence_only() {
        assert!(has_word("Direktur Keuangan Harita Nickel hadir.", "Harita"));
        assert!(!has_word("Direktur Keuangan HaritaNickel hadir.", "Harita"));
        // A capitalised function word opening a sentence is no sign of "Menteri Dalam Negeri".
        assert!(!has_word("Dalam keterangannya, ia menolak.", "Dalam"));
        assert!(!has_word(
            "Ia hadir. Dalam keterangannya, ia menolak.",
            "Dalam"
        ));
        assert!(!has_word("“Dalam hal ini kami menolak,” katanya.", "Dalam"));
        assert!(has_word("Ia bertemu Menteri Dalam Negeri.", "Dalam"));
    }
}
