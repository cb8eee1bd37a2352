//! Boilerplate learnt across a site: the lines an outlet's template puts in article after article
//! ("Ayo ikuti saluran WhatsApp …", a disclaimer, a programme's promotion) are never quotes.
//!
//! The text layer removes the boilerplate every outlet leaves from a list kept as data
//! (`warta-text/data/boilerplate_lines.txt`); what only one site carries is learnt here, where the
//! site's articles meet. Indexing counts, per site, the stored articles each paragraph appears in
//! (by a stable hash of the site and the lower-cased paragraph, in `site_lines`). A paragraph found
//! in [`DEFAULT_BOILERPLATE_ARTICLES`] articles of one site (or as many as the store is told) is
//! that site's boilerplate, unless it is someone's statement (see [`is_statement`]). Quotes inside
//! it are not stored; the article's stored output keeps them, as `warta extract` wrote them, so
//! extraction stays a function of the article alone. When a paragraph is learnt, the articles
//! stored before with quotes inside it are indexed again from their stored output, in the same
//! transaction: every count (speakers, search, reports) stays what the stored quotes say.
//!
//! The unit is the paragraph (a line of the text, furniture removed), not the sentence: a
//! template inserts whole lines, while single sentences recur in real news ("Postingan itu
//! langsung mendapatkan tanggapan dari netizen.", a verdict's formula) and one article's sentences
//! are several times its paragraphs to count.

use rusqlite::{OptionalExtension, Transaction, params};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use warta_core::output::OutputDocument;

use crate::{Store, StoreError};

/// In how many articles of one site a paragraph must appear to be its boilerplate, unless told
/// otherwise. Real news repeats a paragraph across one story's follow-ups (seven articles of one
/// site on one verdict, in a month of scraped news); twenty leaves a margin above that.
pub const DEFAULT_BOILERPLATE_ARTICLES: u32 = 20;

/// Paragraphs of fewer words (list numbers, a dateline's city, tags) hold no statement to remove,
/// and are not counted.
const MIN_WORDS: usize = 3;

/// A speaker credited with quotes inside a repeated paragraph in at least this share of the
/// articles carrying it makes it a statement (see [`is_statement`]).
const STATEMENT_SHARE: f64 = 0.25;

/// A paragraph learnt as its site's boilerplate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BoilerplateLine {
    pub site: String,
    /// As it was written in the article that made it boilerplate.
    pub text: String,
    /// Stored articles of the site that carry it.
    pub articles: i64,
}

/// What [`Store::relearn_boilerplate`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Relearnt {
    /// Stored articles whose paragraphs were counted again.
    pub articles: usize,
    /// Paragraphs that are boilerplate now.
    pub lines: usize,
    /// Stored quotes before and after.
    pub quotes_before: i64,
    pub quotes_after: i64,
}

impl Store {
    /// Learns boilerplate from paragraphs that appear in `articles` articles of one site (by
    /// default [`DEFAULT_BOILERPLATE_ARTICLES`]); 0 counts and learns nothing, and what was learnt
    /// still holds (`relearn_boilerplate` counts the articles stored meanwhile).
    pub fn learn_boilerplate_after(&mut self, articles: u32) {
        self.learning.min_articles = articles;
    }

    /// Writes the paragraph counts kept in memory (see [`Learning`]); closing the store does too,
    /// without a word of a failure.
    pub fn save_line_counts(&mut self) -> Result<(), StoreError> {
        if !self.learning.has_pending() {
            return Ok(());
        }
        let tx = crate::write::begin(&mut self.conn)?;
        let tally = Tally::default();
        self.learning.write(&tx, &tally, true)?;
        tx.commit()?;
        self.learning.committed(tally, true);
        Ok(())
    }

    /// The paragraphs learnt as boilerplate, by site, most frequent first.
    pub fn boilerplate_lines(&self) -> Result<Vec<BoilerplateLine>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT key, site, text, articles FROM site_lines WHERE learnt")?;
        let mut lines: Vec<BoilerplateLine> = stmt
            .query_map([], |r| {
                let key: i64 = r.get(0)?;
                let stored: i64 = r.get(3)?;
                Ok(BoilerplateLine {
                    site: r.get(1)?,
                    text: r.get(2)?,
                    articles: stored + self.learning.pending.get(&key).copied().unwrap_or(0),
                })
            })?
            .collect::<Result<_, _>>()?;
        lines.sort_by(|a, b| (&a.site, b.articles, &a.text).cmp(&(&b.site, a.articles, &b.text)));
        Ok(lines)
    }

    /// Counts the paragraphs of every stored article again and learns boilerplate with the
    /// current threshold: for a database indexed before paragraphs were counted, or with another
    /// threshold. Articles with quotes inside paragraphs that stop being boilerplate get them back.
    pub fn relearn_boilerplate(&mut self) -> Result<Relearnt, StoreError> {
        let min_articles = self.learning.min_articles;
        // Every stored article is counted here, those of the pending counts too.
        let learning = Learning::new(min_articles);
        let mut tally = Tally::default();
        let tx = crate::write::begin(&mut self.conn)?;
        let quotes = |tx: &Transaction| -> Result<i64, StoreError> {
            Ok(tx.query_row("SELECT count(*) FROM quotes", [], |r| r.get(0))?)
        };
        let mut report = Relearnt {
            quotes_before: quotes(&tx)?,
            ..Relearnt::default()
        };
        let was_learnt: FxHashSet<i64> = tx
            .prepare("SELECT key FROM site_lines WHERE learnt")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let ids: Vec<i64> = tx
            .prepare("SELECT id FROM documents ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        // Key → articles carrying it and the first of them (to read its text from).
        let mut counts: FxHashMap<i64, (i64, i64)> = FxHashMap::default();
        // Articles with quotes inside a paragraph learnt before: indexed again once nothing is
        // learnt, they have all their quotes back.
        let mut restore = Vec::new();
        for &id in &ids {
            let doc = crate::write::stored_output(&tx, id)?;
            let lines = Lines::of(&doc, document_site(&tx, id)?.as_deref());
            for key in lines.keys() {
                counts.entry(key).or_insert((0, id)).0 += 1;
            }
            // Articles stored before paragraphs were counted have quotes without a key.
            let mut set_key = tx.prepare_cached(
                "UPDATE quotes SET line_key = ?3 WHERE document_id = ?1 AND ord = ?2 AND line_key IS NOT ?3",
            )?;
            let mut held_learnt = false;
            for (ord, quote) in doc.quotes.iter().enumerate() {
                let key = lines.key_of(quote.start, quote.end);
                held_learnt |= key.is_some_and(|k| was_learnt.contains(&k));
                set_key.execute(params![id, ord as i64, key])?;
            }
            if held_learnt {
                restore.push(id);
            }
        }
        report.articles = ids.len();
        tx.execute("DELETE FROM site_lines", [])?;
        let mut insert = tx.prepare("INSERT INTO site_lines (key, articles) VALUES (?1, ?2)")?;
        for (key, (articles, _)) in &counts {
            insert.execute([key, articles])?;
        }
        drop(insert);
        for id in restore {
            crate::write::index_stored(&tx, &learning, &mut tally, id)?;
        }
        let mut frequent: Vec<(i64, i64)> = counts
            .into_iter()
            .filter(|&(_, (articles, _))| min_articles > 0 && articles >= i64::from(min_articles))
            .map(|(key, (_, first))| (key, first))
            .collect();
        frequent.sort_unstable();
        for (key, first) in frequent {
            let doc = crate::write::stored_output(&tx, first)?;
            let site = document_site(&tx, first)?;
            let lines = Lines::of(&doc, site.as_deref());
            let (learnt, _) = learn_frequent(
                &tx,
                &learning,
                &mut tally,
                &doc,
                &lines,
                site.as_deref(),
                &[key],
            )?;
            report.lines += learnt;
        }
        report.quotes_after = quotes(&tx)?;
        tx.commit()?;
        self.learning = learning;
        Ok(report)
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // Nobody is left to tell of a failure: the counts of the last batch are then lost, as in a
        // killed run.
        let _ = self.save_line_counts();
    }
}

/// The site an article is counted under, as reports name its outlet: its `source`, else the host
/// of its (canonical) URL; lower-cased.
pub(crate) fn document_site(tx: &Transaction, id: i64) -> Result<Option<String>, StoreError> {
    let (source, url): (Option<String>, Option<String>) = tx
        .prepare_cached("SELECT source, url FROM documents WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    if let Some(source) = source.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        return Ok(Some(source.to_lowercase()));
    }
    let host = url
        .as_deref()
        .and_then(|u| u.strip_prefix("https://"))
        .and_then(|rest| rest.split(['/', '?', '#']).next())
        .filter(|host| !host.is_empty());
    Ok(host.map(str::to_lowercase))
}

/// An article's paragraphs as its site counts them.
#[derive(Default)]
pub(crate) struct Lines {
    paragraphs: Vec<Paragraph>,
}

struct Paragraph {
    /// Code points, as quotes are placed.
    start: usize,
    end: usize,
    key: i64,
}

impl Lines {
    /// No site, nothing to count: the paragraphs of articles from nowhere are not compared.
    pub(crate) fn of(doc: &OutputDocument, site: Option<&str>) -> Lines {
        let Some(site) = site else {
            return Lines::default();
        };
        // One walk over the text, hashing each paragraph as it passes: spans are code points, and
        // the text layer gives them in order (a stored output from elsewhere may not).
        let mut spans: Vec<(usize, usize)> =
            doc.paragraphs.iter().map(|p| (p.start, p.end)).collect();
        spans.sort_unstable();
        let mut chars = doc.text.chars();
        let mut at = 0;
        let mut paragraphs = Vec::with_capacity(spans.len());
        for (start, end) in spans {
            if start < at {
                continue;
            }
            let mut hasher = LineHasher::new(site);
            chars.by_ref().take(start - at).for_each(drop);
            chars
                .by_ref()
                .take(end - start)
                .for_each(|c| hasher.push(c));
            at = end;
            if hasher.words >= MIN_WORDS {
                paragraphs.push(Paragraph {
                    start,
                    end,
                    key: hasher.key(),
                });
            }
        }
        Lines { paragraphs }
    }

    /// The key of the paragraph the span `start..end` lies in, if it lies in one.
    pub(crate) fn key_of(&self, start: usize, end: usize) -> Option<i64> {
        self.paragraphs
            .iter()
            .find(|p| p.start <= start && end <= p.end)
            .map(|p| p.key)
    }

    /// Each distinct key once: a paragraph counts once per article.
    fn keys(&self) -> Vec<i64> {
        let mut keys: Vec<i64> = self.paragraphs.iter().map(|p| p.key).collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    /// The text of paragraph `key` in `doc`, the article these lines are of.
    fn text_of<'a>(&self, doc: &'a OutputDocument, key: i64) -> Option<&'a str> {
        let paragraph = self.paragraphs.iter().find(|p| p.key == key)?;
        let byte = |at: usize| {
            doc.text
                .char_indices()
                .map(|(b, _)| b)
                .chain([doc.text.len()])
                .nth(at)
        };
        doc.text.get(byte(paragraph.start)?..byte(paragraph.end)?)
    }
}

/// A paragraph's identity within its site, case and white space aside: the 64-bit FNV-1a hash of
/// the site and the paragraph's lower-cased words, each word after a NUL (which no site or word
/// holds, so words cannot run into each other or into the site). FNV-1a is fixed by its
/// definition (unlike `std`'s hasher), so keys may be stored; it costs far less than the SHA-256
/// of [`warta_core::identity::ContentKey`], and 64 bits leave odds of about 1 in 30 million for a
/// collision among a million paragraphs. A quote's statement key is the same hash with no site
/// (`statement.rs`).
pub(crate) struct LineHasher {
    hash: u64,
    words: usize,
    in_word: bool,
}

impl LineHasher {
    pub(crate) fn new(site: &str) -> LineHasher {
        let mut hasher = LineHasher {
            hash: 0xcbf2_9ce4_8422_2325,
            words: 0,
            in_word: false,
        };
        site.bytes().for_each(|b| hasher.feed(b));
        hasher
    }

    fn feed(&mut self, byte: u8) {
        self.hash = (self.hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }

    pub(crate) fn push(&mut self, c: char) {
        if c.is_whitespace() {
            self.in_word = false;
            return;
        }
        if !self.in_word {
            self.in_word = true;
            self.words += 1;
            self.feed(0);
        }
        if c.is_ascii() {
            self.feed(c.to_ascii_lowercase() as u8);
        } else {
            for lower in c.to_lowercase() {
                lower
                    .encode_utf8(&mut [0; 4])
                    .bytes()
                    .for_each(|b| self.feed(b));
            }
        }
    }

    pub(crate) fn key(&self) -> i64 {
        self.hash as i64
    }
}

/// Paragraph counts not yet written to `site_lines`, and the threshold to learn with.
///
/// Written article by article, the counts would cost a page of `site_lines` per paragraph in each
/// article's transaction (their keys are spread over the whole table): a quarter more pages
/// written per article. They are kept here instead and written in one go, within an article's
/// transaction, every [`BATCH_KEYS`] keys and when the store is closed. A killed run may leave its
/// last articles uncounted (never counted twice), until `relearn_boilerplate` counts them.
pub(crate) struct Learning {
    pub(crate) min_articles: u32,
    /// Key → articles to add to its count in `site_lines`, from committed transactions.
    pending: FxHashMap<i64, i64>,
}

/// The counts a batch holds before they are written: about four thousand articles' paragraphs,
/// a few megabytes.
const BATCH_KEYS: usize = 100_000;

impl Learning {
    pub(crate) fn new(min_articles: u32) -> Learning {
        Learning {
            min_articles,
            pending: FxHashMap::default(),
        }
    }

    /// Writes the pending counts, and those of the transaction's `tally`, when they make a batch
    /// (or `always`); then only the transaction's commit remains before [`Learning::committed`].
    pub(crate) fn write(
        &self,
        tx: &Transaction,
        tally: &Tally,
        always: bool,
    ) -> Result<bool, StoreError> {
        if !always && self.pending.len() + tally.changes.len() < BATCH_KEYS {
            return Ok(false);
        }
        let mut counts = self.pending.clone();
        for (&key, &delta) in &tally.changes {
            *counts.entry(key).or_default() += delta;
        }
        let mut counts: Vec<(i64, i64)> = counts.into_iter().filter(|&(_, d)| d != 0).collect();
        // In key order: each page of the table is written once.
        counts.sort_unstable();
        let mut stmt = tx.prepare_cached(
            "INSERT INTO site_lines (key, articles) VALUES (?1, max(?2, 0))
             ON CONFLICT (key) DO UPDATE SET articles = max(articles + excluded.articles, 0)",
        )?;
        for (key, delta) in counts {
            stmt.execute([key, delta])?;
        }
        Ok(true)
    }

    /// Takes in the counts of a committed transaction: written (`written`) or still pending.
    pub(crate) fn committed(&mut self, tally: Tally, written: bool) {
        if written {
            self.pending.clear();
        } else {
            for (key, delta) in tally.changes {
                *self.pending.entry(key).or_default() += delta;
            }
        }
    }

    pub(crate) fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }
}

/// The paragraph counts one write transaction makes: they join [`Learning`]'s pending counts only
/// once it commits.
#[derive(Default)]
pub(crate) struct Tally {
    changes: FxHashMap<i64, i64>,
}

impl Tally {
    /// The articles of its site that carry paragraph `key`, as of this transaction, and whether it
    /// is learnt.
    fn articles(
        &self,
        tx: &Transaction,
        learning: &Learning,
        key: i64,
    ) -> Result<(i64, bool), StoreError> {
        let (stored, learnt): (i64, bool) = tx
            .prepare_cached("SELECT articles, learnt FROM site_lines WHERE key = ?1")?
            .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .unwrap_or_default();
        let pending = learning.pending.get(&key).copied().unwrap_or(0);
        let changed = self.changes.get(&key).copied().unwrap_or(0);
        Ok((stored + pending + changed, learnt))
    }
}

/// How the paragraphs of the article being written stand with its site.
pub(crate) struct Counted {
    /// Keys of its paragraphs that are boilerplate already: quotes inside them are not stored.
    pub(crate) learnt: FxHashSet<i64>,
    /// Keys of its paragraphs that appear in enough articles and are not boilerplate yet: [`learn`]
    /// decides, once the article's quotes are stored.
    pub(crate) frequent: Vec<i64>,
}

/// What is stored of an article before it is written again: enough to tell whether its site's
/// counts change.
pub(crate) struct Previous {
    site: Option<String>,
    text_hash: String,
    output: String,
}

impl Previous {
    pub(crate) fn read(tx: &Transaction, id: i64) -> Result<Previous, StoreError> {
        let (text_hash, output) = tx
            .prepare_cached("SELECT text_hash, output FROM documents WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(Previous {
            site: document_site(tx, id)?,
            text_hash,
            output,
        })
    }
}

/// Counts the paragraphs of an article just written (`lines`, under `site`, with text hash
/// `hash`) for its site, replacing what the stored version (`previous`) counted, and tells which
/// of them are, or may now be, boilerplate. An article written again with the same text counts
/// nothing anew: indexing a file twice must not double its paragraphs. With learning off
/// (`min_articles` 0) nothing is counted, and what was learnt still holds.
pub(crate) fn count_article(
    tx: &Transaction,
    learning: &Learning,
    tally: &mut Tally,
    lines: &Lines,
    site: Option<&str>,
    hash: &str,
    previous: Option<Previous>,
) -> Result<Counted, StoreError> {
    let mut counted = Counted {
        learnt: FxHashSet::default(),
        frequent: Vec::new(),
    };
    let unchanged = previous
        .as_ref()
        .is_some_and(|p| p.site.as_deref() == site && p.text_hash == hash);
    let counting = !unchanged && learning.min_articles > 0;
    if counting && let Some(previous) = previous {
        let doc: OutputDocument = serde_json::from_str(&previous.output)?;
        for key in Lines::of(&doc, previous.site.as_deref()).keys() {
            *tally.changes.entry(key).or_default() -= 1;
        }
    }
    for key in lines.keys() {
        if counting {
            *tally.changes.entry(key).or_default() += 1;
        }
        let (articles, learnt) = tally.articles(tx, learning, key)?;
        if learnt {
            counted.learnt.insert(key);
        } else if counting && articles >= i64::from(learning.min_articles) {
            counted.frequent.push(key);
        }
    }
    Ok(counted)
}

/// Learns which of the `frequent` paragraphs of `doc` (stored, with its `lines`, under `site`)
/// are boilerplate (see [`learn`]): (paragraphs learnt, quotes that removed).
pub(crate) fn learn_frequent(
    tx: &Transaction,
    learning: &Learning,
    tally: &mut Tally,
    doc: &OutputDocument,
    lines: &Lines,
    site: Option<&str>,
    frequent: &[i64],
) -> Result<(usize, usize), StoreError> {
    let Some(site) = site else {
        return Ok((0, 0));
    };
    let (mut learnt, mut removed) = (0, 0);
    for &key in frequent {
        let Some(text) = lines.text_of(doc, key) else {
            continue;
        };
        if let Some(quotes) = learn(tx, learning, tally, key, site, text)? {
            learnt += 1;
            removed += quotes;
        }
    }
    Ok((learnt, removed))
}

/// Makes the frequent paragraph `key` (`text`, of `site`) its site's boilerplate unless it is a
/// statement, and indexes again, from their stored output, the articles with quotes inside it.
/// Returns how many quotes that removed, or `None` when the paragraph stays what it is.
fn learn(
    tx: &Transaction,
    learning: &Learning,
    tally: &mut Tally,
    key: i64,
    site: &str,
    text: &str,
) -> Result<Option<usize>, StoreError> {
    let (articles, _) = tally.articles(tx, learning, key)?;
    if is_statement(tx, key, articles)? {
        return Ok(None);
    }
    // Its count may still be pending: the row is made if need be, with none of it.
    tx.prepare_cached(
        "INSERT INTO site_lines (key, articles, learnt, site, text) VALUES (?1, 0, 1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET learnt = 1, site = excluded.site, text = excluded.text",
    )?
    .execute(params![key, site, text])?;
    let holders: Vec<i64> = tx
        .prepare_cached("SELECT DISTINCT document_id FROM quotes WHERE line_key = ?1")?
        .query_map([key], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let quotes = |id: i64| -> Result<i64, StoreError> {
        Ok(tx
            .prepare_cached("SELECT count(*) FROM quotes WHERE document_id = ?1")?
            .query_row([id], |r| r.get(0))?)
    };
    let mut removed = 0;
    for id in holders {
        let before = quotes(id)?;
        crate::write::index_stored(tx, learning, tally, id)?;
        removed += (before - quotes(id)?).max(0) as usize;
    }
    Ok(Some(removed))
}

/// A paragraph repeated across a site is someone's statement, not boilerplate, when one speaker
/// is credited with quotes inside it again (in two articles or more) and in at least
/// [`STATEMENT_SHARE`] of the `articles` carrying it: a minister's line quoted again in every
/// follow-up of a story is credited to the minister each time, while quotes found inside a
/// template's line take whichever speaker their article happened to quote before it, or none.
/// Speakers are compared by the name the articles give them, since a one-word name is a speaker of
/// its own article only.
fn is_statement(tx: &Transaction, key: i64, articles: i64) -> Result<bool, StoreError> {
    let most: Option<i64> = tx
        .prepare_cached(
            "SELECT count(DISTINCT document_id) AS n FROM quotes
             WHERE line_key = ?1 AND speaker_name IS NOT NULL
             GROUP BY lower(speaker_name) ORDER BY n DESC LIMIT 1",
        )?
        .query_row([key], |r| r.get(0))
        .optional()?;
    Ok(most.is_some_and(|n| n >= 2 && n as f64 >= STATEMENT_SHARE * articles as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_key(site: &str, paragraph: &str) -> i64 {
        let mut hasher = LineHasher::new(site);
        paragraph.chars().for_each(|c| hasher.push(c));
        hasher.key()
    }

    #[test]
    fn a_paragraph_is_the_same_line_whatever_its_case_and_spacing() {
        let key = line_key("kabarpagi.example", "Unduh aplikasi  kami\tsekarang.");
        assert_eq!(
            key,
            line_key("kabarpagi.example", "unduh APLIKASI kami sekarang.")
        );
        assert_ne!(
            key,
            line_key("lain.example", "Unduh aplikasi kami sekarang.")
        );
        assert_ne!(
            key,
            line_key("kabarpagi.example", "Unduh aplikasikami sekarang.")
        );
        // Stored keys must not change between builds: FNV-1a of "a" is 0xaf63dc4c8601ec8c.
        assert_eq!(line_key("a", ""), 0xaf63_dc4c_8601_ec8c_u64 as i64);
    }
}
