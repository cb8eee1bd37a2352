//! Queries for the spokespeople report (`warta report`): who was quoted in a period, how often and
//! when, by which outlets, around which organisations and topics, and which of their statements
//! were carried most widely.
//!
//! Every query is scoped by one [`ReportQuery`]: quotes said within the period (a quote's `day`:
//! its `said_on`, else its article's publication day), optionally in articles of one outlet, and by
//! default only quotes whose speaker is a person. Rankings count articles before quotes: a person
//! quoted in twenty articles leads one quoted twenty times in a single article, whatever that
//! article repeats.
//!
//! Kept apart from `read.rs` (search, speakers, documents), which the web UI and the API share.

use std::collections::HashMap;

use rusqlite::params_from_iter;
use rusqlite::types::Value;
use serde::Serialize;
use warta_dates::CivilDate;

use crate::statement;
use crate::{Day, DayCount, Store, StoreError};

/// The scope of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportQuery {
    pub first: CivilDate,
    pub last: CivilDate,
    /// Only articles of this outlet (a host such as `detik.com`, which also covers its
    /// subdomains `news.detik.com`…).
    pub outlet: Option<Outlet>,
    /// Only speakers that are people (`PER`), not organisations or unknown speakers.
    pub people_only: bool,
}

impl ReportQuery {
    /// The period from the first day `from` covers to the last day `to` covers (each `YYYY`,
    /// `YYYY-MM` or `YYYY-MM-DD`: `--from 2025-06 --to 2025-06` is June), people only.
    pub fn new(from: &str, to: &str, outlet: Option<&str>) -> Result<ReportQuery, StoreError> {
        let first = first_day(&Day::parse(from)?)?;
        let last = last_day(&Day::parse(to)?)?;
        if last < first {
            return Err(StoreError::Invalid(format!(
                "the period ends ({}) before it starts ({})",
                last.iso(),
                first.iso()
            )));
        }
        Ok(ReportQuery {
            first,
            last,
            outlet: outlet.map(Outlet::parse).transpose()?,
            people_only: true,
        })
    }

    /// Days in the period, both ends included.
    pub fn days(&self) -> i64 {
        self.last.to_days() - self.first.to_days() + 1
    }

    /// Appends the scope's conditions on `q` (quotes), `d` (documents) and `s` (speakers).
    fn push_scope(&self, sql: &mut String, args: &mut Vec<Value>) {
        sql.push_str(" AND q.day >= ? AND q.day <= ?");
        args.push(Value::Text(self.first.iso()));
        args.push(Value::Text(self.last.iso()));
        if self.people_only {
            sql.push_str(" AND s.kind = 'PER'");
        }
        if let Some(outlet) = &self.outlet {
            // The outlet named itself (`source`) or its host: either equal, or a subdomain.
            sql.push_str(&format!(
                " AND (lower(d.source) = ? OR substr(lower(d.source), -length(?) - 1) = '.' || ?
                       OR {HOST} = ? OR substr({HOST}, -length(?) - 1) = '.' || ?)"
            ));
            for _ in 0..6 {
                args.push(Value::Text(outlet.0.clone()));
            }
        }
    }
}

/// The host of a stored (canonical: `https://host/…`) document URL, in SQL.
const HOST: &str = "CASE WHEN d.url LIKE 'https://%'
    THEN lower(substr(d.url, 9, instr(substr(d.url, 9) || '/', '/') - 1)) END";

/// The name an article's outlet goes by: its `source`, else the host of its URL.
const OUTLET: &str = "coalesce(d.source, CASE WHEN d.url LIKE 'https://%'
    THEN lower(substr(d.url, 9, instr(substr(d.url, 9) || '/', '/') - 1)) END)";

/// The quotes in scope: `q` joined to its article `d` and speaker `s`.
const FROM: &str =
    "FROM quotes q JOIN documents d ON d.id = q.document_id JOIN speakers s ON s.id = q.speaker_id";

/// An outlet filter: a host name, lower case, without scheme, `www.`, port or path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outlet(String);

impl Outlet {
    /// Reads `detik.com`, `www.detik.com` or `https://news.detik.com/berita`.
    pub fn parse(s: &str) -> Result<Outlet, StoreError> {
        let s = s.trim().to_lowercase();
        let s = s.split_once("://").map_or(s.as_str(), |(_, rest)| rest);
        let host = s.split(['/', '?', '#', ':']).next().unwrap_or_default();
        let host = host.strip_prefix("www.").unwrap_or(host);
        let valid = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
            && !host.starts_with('.')
            && !host.ends_with('.')
            && !host.contains("..");
        if valid {
            Ok(Outlet(host.to_owned()))
        } else {
            Err(StoreError::Invalid(format!(
                "`{s}` is not an outlet: give its host, such as detik.com"
            )))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn first_day(day: &Day) -> Result<CivilDate, StoreError> {
    CivilDate::from_iso_prefix(&day.first())
        .ok_or_else(|| StoreError::Invalid(format!("`{}` is not a date", day.as_str())))
}

fn last_day(day: &Day) -> Result<CivilDate, StoreError> {
    let s = day.as_str();
    let (year, month) = match s.len() {
        4 => (s.parse().ok(), Some(12)),
        7 => (s[..4].parse().ok(), s[5..].parse().ok()),
        _ => return first_day(day),
    };
    // The day before the first of the next month.
    year.zip(month)
        .and_then(|(y, m)| CivilDate::new(y, m, 1))
        .and_then(|d| {
            let (y, m) = d.shift_month(1);
            CivilDate::new(y, m, 1)
        })
        .map(|d| d.add_days(-1))
        .ok_or_else(|| StoreError::Invalid(format!("`{s}` is not a date")))
}

/// What a report covers, in numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReportTotals {
    /// Articles with at least one quote in scope.
    pub documents: i64,
    /// Statements (see `statement.rs`): the same words in several articles count once.
    pub statements: i64,
    pub speakers: i64,
    pub outlets: i64,
}

/// A speaker's standing in a report's period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportSpeaker {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub statements: i64,
    /// Articles that quote them.
    pub documents: i64,
    /// Outlets that quote them.
    pub outlets: i64,
    pub first_day: String,
    pub last_day: String,
    /// Their roles in the period's articles, most frequent first (at most three).
    pub roles: Vec<String>,
}

/// A name (organisation, topic, outlet) and how many articles or quotes it counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameCount {
    pub name: String,
    pub count: i64,
}

/// An outlet's share of the quotes in scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutletCount {
    pub outlet: String,
    pub statements: i64,
    pub documents: i64,
    /// Speakers it quotes.
    pub speakers: i64,
}

/// One statement and every article that carried it: the same words from the same speaker, or a
/// shorter rendering of at least [`MIN_SHARED_WORDS`] words found inside a longer one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CitedStatement {
    pub speaker_id: i64,
    pub speaker: String,
    /// The first role the articles carrying it give the speaker.
    pub role: Option<String>,
    /// `direct`, `indirect` or `mixed`, as the longest rendering has it.
    #[serde(rename = "type")]
    pub kind: String,
    /// The longest rendering.
    pub text: String,
    /// The first day it was reported.
    pub first_day: String,
    /// Articles that carry it.
    pub documents: i64,
    /// The outlets that carry it, most articles first.
    pub outlets: Vec<String>,
    /// The first article that reported it.
    pub document_id: i64,
    pub document_title: Option<String>,
    pub document_url: Option<String>,
}

/// A shorter quote joins a longer one of the same speaker when its words, at least this many, run
/// inside the longer one's: fewer would join common phrases ("kami akan terus berkoordinasi").
pub const MIN_SHARED_WORDS: usize = 8;

impl Store {
    pub fn report_totals(&self, query: &ReportQuery) -> Result<ReportTotals, StoreError> {
        let mut sql = format!(
            "SELECT count(DISTINCT q.document_id), count(DISTINCT q.statement),
                    count(DISTINCT q.speaker_id), count(DISTINCT {OUTLET}) {FROM} WHERE 1"
        );
        let mut args = Vec::new();
        query.push_scope(&mut sql, &mut args);
        Ok(self.conn.query_row(&sql, params_from_iter(args), |r| {
            Ok(ReportTotals {
                documents: r.get(0)?,
                statements: r.get(1)?,
                speakers: r.get(2)?,
                outlets: r.get(3)?,
            })
        })?)
    }

    /// The `top` speakers of the period: most articles first, then most quotes.
    pub fn report_speakers(
        &self,
        query: &ReportQuery,
        top: usize,
    ) -> Result<Vec<ReportSpeaker>, StoreError> {
        let mut sql = format!(
            "SELECT s.id, s.name, s.kind, count(DISTINCT q.statement), count(DISTINCT q.document_id),
                    count(DISTINCT {OUTLET}), min(q.day), max(q.day) {FROM} WHERE 1"
        );
        let mut args = Vec::new();
        query.push_scope(&mut sql, &mut args);
        sql.push_str(" GROUP BY s.id ORDER BY 5 DESC, 4 DESC, s.name LIMIT ?");
        args.push(Value::Integer(top.min(10_000) as i64));
        let mut speakers: Vec<ReportSpeaker> = self
            .conn
            .prepare(&sql)?
            .query_map(params_from_iter(args), |r| {
                Ok(ReportSpeaker {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    kind: r.get(2)?,
                    statements: r.get(3)?,
                    documents: r.get(4)?,
                    outlets: r.get(5)?,
                    first_day: r.get(6)?,
                    last_day: r.get(7)?,
                    roles: Vec::new(),
                })
            })?
            .collect::<Result<_, _>>()?;
        for speaker in &mut speakers {
            speaker.roles = self.report_roles(query, speaker.id)?;
        }
        Ok(speakers)
    }

    /// A speaker's roles in the articles of the period that quote them, most articles first.
    fn report_roles(&self, query: &ReportQuery, speaker: i64) -> Result<Vec<String>, StoreError> {
        // The scope is that of the speaker's quotes: a role counts in an article that quotes them
        // within the period.
        let mut inner = format!("SELECT DISTINCT q.document_id {FROM} WHERE q.speaker_id = ?");
        let mut args = vec![Value::Integer(speaker)];
        query.push_scope(&mut inner, &mut args);
        let sql = format!(
            "SELECT min(role) FROM speaker_roles WHERE speaker_id = ? AND document_id IN ({inner})
             GROUP BY lower(role) ORDER BY count(DISTINCT document_id) DESC, min(role) LIMIT 3"
        );
        args.insert(0, Value::Integer(speaker));
        let rows = self
            .conn
            .prepare(&sql)?
            .query_map(params_from_iter(args), |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Statements per day, of one speaker or of everyone in scope, each on the first day it was
    /// reported; days without any are left out.
    pub fn report_days(
        &self,
        query: &ReportQuery,
        speaker: Option<i64>,
    ) -> Result<Vec<DayCount>, StoreError> {
        let mut inner = format!("SELECT min(q.day) AS day {FROM} WHERE 1");
        let mut args = Vec::new();
        if let Some(id) = speaker {
            inner.push_str(" AND q.speaker_id = ?");
            args.push(Value::Integer(id));
        }
        query.push_scope(&mut inner, &mut args);
        inner.push_str(" GROUP BY q.speaker_id, q.statement");
        let sql = format!("SELECT day, count(*) FROM ({inner}) GROUP BY day ORDER BY day");
        let rows = self
            .conn
            .prepare(&sql)?
            .query_map(params_from_iter(args), |r| {
                Ok(DayCount {
                    day: r.get(0)?,
                    statements: r.get(1)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// What a speaker talks about: the entities named inside their quotes (people, organisations,
    /// places), by the number of quotes naming them.
    pub fn report_topics(
        &self,
        query: &ReportQuery,
        speaker: i64,
        limit: usize,
    ) -> Result<Vec<NameCount>, StoreError> {
        let mut sql = format!(
            "SELECT min(t.name), count(DISTINCT q.id) {FROM} JOIN quote_topics t ON t.quote_id = q.id
             WHERE q.speaker_id = ?"
        );
        let mut args = vec![Value::Integer(speaker)];
        query.push_scope(&mut sql, &mut args);
        sql.push_str(" GROUP BY lower(t.name) ORDER BY 2 DESC, 1 LIMIT ?");
        args.push(Value::Integer(limit as i64));
        self.name_counts(&sql, args)
    }

    /// The organisations around a speaker: those named in the articles that quote them, by the
    /// number of those articles. The outlet an article names itself by ("Liputan6.com",
    /// "Liputan6" in a liputan6.com article) is its byline, not an organisation around them.
    pub fn report_organisations(
        &self,
        query: &ReportQuery,
        speaker: i64,
        limit: usize,
    ) -> Result<Vec<NameCount>, StoreError> {
        let mut inner = format!("SELECT DISTINCT q.document_id {FROM} WHERE q.speaker_id = ?");
        let mut args = vec![Value::Integer(speaker)];
        query.push_scope(&mut inner, &mut args);
        // The entities live in each article's stored output; only the articles quoting the
        // speaker are read.
        let sql = format!(
            "SELECT min(json_extract(e.value, '$.name')), count(DISTINCT d.id)
             FROM documents d, json_each(d.output, '$.entities') e
             WHERE d.id IN ({inner}) AND json_extract(e.value, '$.label') = 'ORG'
               AND replace(lower(json_extract(e.value, '$.name')), '.', '') NOT IN
                   (replace(lower(coalesce({OUTLET}, '')), '.', ''),
                    lower(substr(coalesce({OUTLET}, ''), 1, instr(coalesce({OUTLET}, '') || '.', '.') - 1)))
             GROUP BY lower(json_extract(e.value, '$.name')) ORDER BY 2 DESC, 1 LIMIT ?"
        );
        args.push(Value::Integer(limit as i64));
        self.name_counts(&sql, args)
    }

    /// The outlets quoting a speaker, by the number of their articles that do.
    pub fn report_speaker_outlets(
        &self,
        query: &ReportQuery,
        speaker: i64,
        limit: usize,
    ) -> Result<Vec<NameCount>, StoreError> {
        let mut sql = format!(
            "SELECT {OUTLET} AS outlet, count(DISTINCT q.document_id) {FROM}
             WHERE q.speaker_id = ?"
        );
        let mut args = vec![Value::Integer(speaker)];
        query.push_scope(&mut sql, &mut args);
        sql.push_str(&format!(
            " AND {OUTLET} IS NOT NULL GROUP BY outlet ORDER BY 2 DESC, 1 LIMIT ?"
        ));
        args.push(Value::Integer(limit as i64));
        self.name_counts(&sql, args)
    }

    /// The outlets of the period, most articles first, then most quotes.
    pub fn report_outlets(
        &self,
        query: &ReportQuery,
        limit: usize,
    ) -> Result<Vec<OutletCount>, StoreError> {
        let mut sql = format!(
            "SELECT {OUTLET} AS outlet, count(DISTINCT q.statement), count(DISTINCT q.document_id),
                    count(DISTINCT q.speaker_id) {FROM} WHERE 1"
        );
        let mut args = Vec::new();
        query.push_scope(&mut sql, &mut args);
        sql.push_str(&format!(
            " AND {OUTLET} IS NOT NULL GROUP BY outlet ORDER BY 3 DESC, 2 DESC, 1 LIMIT ?"
        ));
        args.push(Value::Integer(limit as i64));
        let rows = self
            .conn
            .prepare(&sql)?
            .query_map(params_from_iter(args), |r| {
                Ok(OutletCount {
                    outlet: r.get(0)?,
                    statements: r.get(1)?,
                    documents: r.get(2)?,
                    speakers: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The statements of `speakers` (every speaker in scope when empty) carried most widely: by
    /// the number of outlets, then of articles, then the earliest first.
    pub fn report_statements(
        &self,
        query: &ReportQuery,
        speakers: &[i64],
        limit: usize,
    ) -> Result<Vec<CitedStatement>, StoreError> {
        let mut sql = format!(
            "SELECT q.speaker_id, s.name, q.speaker_role, q.kind, q.text, q.day, q.document_id,
                    {OUTLET}, d.title, d.url {FROM} WHERE 1"
        );
        let mut args = Vec::new();
        if !speakers.is_empty() {
            sql.push_str(&format!(
                " AND q.speaker_id IN ({})",
                vec!["?"; speakers.len()].join(", ")
            ));
            args.extend(speakers.iter().map(|&id| Value::Integer(id)));
        }
        query.push_scope(&mut sql, &mut args);
        sql.push_str(" ORDER BY q.speaker_id, q.day, q.document_id, q.ord");
        let quotes: Vec<Rendering> = self
            .conn
            .prepare(&sql)?
            .query_map(params_from_iter(args), |r| {
                Ok(Rendering {
                    speaker_id: r.get(0)?,
                    speaker: r.get(1)?,
                    role: r.get(2)?,
                    kind: r.get(3)?,
                    text: r.get(4)?,
                    day: r.get(5)?,
                    document_id: r.get(6)?,
                    outlet: r.get(7)?,
                    title: r.get(8)?,
                    url: r.get(9)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut statements: Vec<CitedStatement> = group_statements(&quotes)
            .into_iter()
            .map(|group| cited(&quotes, &group))
            .collect();
        statements.sort_by(|a, b| {
            (b.outlets.len(), b.documents)
                .cmp(&(a.outlets.len(), a.documents))
                .then_with(|| a.first_day.cmp(&b.first_day))
                .then_with(|| a.text.cmp(&b.text))
        });
        statements.truncate(limit);
        Ok(statements)
    }

    fn name_counts(&self, sql: &str, args: Vec<Value>) -> Result<Vec<NameCount>, StoreError> {
        let rows = self
            .conn
            .prepare(sql)?
            .query_map(params_from_iter(args), |r| {
                Ok(NameCount {
                    name: r.get(0)?,
                    count: r.get(1)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}

/// One quote as an article renders a statement.
struct Rendering {
    speaker_id: i64,
    speaker: String,
    role: Option<String>,
    kind: String,
    text: String,
    day: String,
    document_id: i64,
    outlet: Option<String>,
    title: Option<String>,
    url: Option<String>,
}

/// Groups `quotes` (sorted by speaker) into statements: indices into `quotes`, in their order.
fn group_statements(quotes: &[Rendering]) -> Vec<Vec<usize>> {
    let keys: Vec<String> = quotes.iter().map(|q| statement::words(&q.text)).collect();
    let mut parent: Vec<usize> = (0..quotes.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut start = 0;
    while start < quotes.len() {
        let speaker = quotes[start].speaker_id;
        let end = start
            + quotes[start..]
                .iter()
                .take_while(|q| q.speaker_id == speaker)
                .count();
        // Within one speaker: equal keys join at once, then shorter renderings inside longer ones.
        let mut by_key: HashMap<&str, usize> = HashMap::new();
        let mut distinct = Vec::new();
        for (i, key) in keys.iter().enumerate().take(end).skip(start) {
            match by_key.get(key.as_str()) {
                Some(&first) => {
                    let (a, b) = (root(&mut parent, first), root(&mut parent, i));
                    parent[b] = a;
                }
                None => {
                    by_key.insert(key, i);
                    distinct.push(i);
                }
            }
        }
        let padded: Vec<String> = distinct.iter().map(|&i| format!(" {} ", keys[i])).collect();
        for (x, &i) in distinct.iter().enumerate() {
            if keys[i].split(' ').count() < MIN_SHARED_WORDS {
                continue;
            }
            for (y, &j) in distinct.iter().enumerate() {
                if x != y && padded[y].len() > padded[x].len() && padded[y].contains(&padded[x]) {
                    let (a, b) = (root(&mut parent, j), root(&mut parent, i));
                    parent[b] = a;
                }
            }
        }
        start = end;
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..quotes.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().collect();
    groups.sort_by_key(|g| g[0]);
    groups
}

fn cited(quotes: &[Rendering], group: &[usize]) -> CitedStatement {
    // `group` is in the order of `quotes`: by day, so its first quote is the first report.
    let first = &quotes[group[0]];
    let longest = group
        .iter()
        .map(|&i| &quotes[i])
        .max_by_key(|q| (q.text.chars().count(), std::cmp::Reverse(q.day.as_str())))
        .unwrap_or(first);
    let mut documents: Vec<i64> = group.iter().map(|&i| quotes[i].document_id).collect();
    documents.sort_unstable();
    documents.dedup();
    let mut outlets: Vec<(String, usize)> = Vec::new();
    let mut seen: Vec<(i64, &str)> = Vec::new();
    for q in group.iter().map(|&i| &quotes[i]) {
        let Some(outlet) = q.outlet.as_deref() else {
            continue;
        };
        if seen.contains(&(q.document_id, outlet)) {
            continue;
        }
        seen.push((q.document_id, outlet));
        match outlets.iter_mut().find(|(name, _)| name == outlet) {
            Some((_, n)) => *n += 1,
            None => outlets.push((outlet.to_owned(), 1)),
        }
    }
    outlets.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    CitedStatement {
        speaker_id: first.speaker_id,
        speaker: first.speaker.clone(),
        role: group.iter().find_map(|&i| quotes[i].role.clone()),
        kind: longest.kind.clone(),
        text: longest.text.clone(),
        first_day: first.day.clone(),
        documents: documents.len() as i64,
        outlets: outlets.into_iter().map(|(name, _)| name).collect(),
        document_id: first.document_id,
        document_title: first.title.clone(),
        document_url: first.url.clone(),
    }
}
