//! The spokespeople report (`warta report`): one self-contained HTML file on the leading
//! spokespeople of a period, the document a media-monitoring team sends to a client. It lists the
//! top speakers with their roles and counts, charts their statements over time (by day, week or
//! month as the period's length asks), names the organisations and topics around them and the
//! outlets quoting them, and quotes the statements carried most widely. Labels, numbers and dates
//! are Indonesian.
//!
//! Why here, in `warta-server`: the report is another page over the store's read API, and it needs
//! exactly what the web UI's pages have: askama templates in `templates/` with the one escaper
//! every page goes through (`crate::html::Escape`, configured in `askama.toml`),
//! [`crate::id_format`] and [`crate::timeline`]. A crate of its own would have to copy that escaper
//! and its configuration, or move them away from the UI; here the server also serves the report
//! (`/report?from=…&to=…`). The command line only opens the store and writes the file.
//!
//! Self-contained means that opening the file loads nothing: the CSS is inline, the charts are inline
//! SVG, there is no script and no font or image to fetch, and a Content-Security-Policy of
//! `default-src 'none'` says so to the browser. The only addresses in it are the links to the
//! cited articles, which a reader may follow. Every value from the store (names, roles, quotes,
//! titles, outlets) is escaped by the template; a stored URL becomes a link only when it is a web
//! address.

mod chart;

use askama::Template;
use warta_dates::CivilDate;
use warta_store::{
    CitedStatement, NameCount, ReportQuery, ReportSpeaker, ReportTotals, Store, StoreError,
};

use crate::html::web_url;
use crate::id_format::{self, number};
use crate::timeline::{Step, bins};
use chart::BarChart;

/// What to put in a report besides its scope.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// Speakers ranked and profiled.
    pub top: usize,
    /// Statements in the "most cited" list.
    pub statements: usize,
    /// The day the report is dated.
    pub generated: CivilDate,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("rendering the report: {0}")]
    Render(#[from] askama::Error),
}

/// The policy the report states in its page (`templates/report.html`), for a server that serves it.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Topics, organisations and outlets listed per speaker.
const FACTS: usize = 6;
/// Statements quoted in each speaker's profile.
const PROFILE_STATEMENTS: usize = 3;

/// The report on `query`, as one HTML document.
pub fn render(
    store: &Store,
    query: &ReportQuery,
    options: &ReportOptions,
) -> Result<String, ReportError> {
    Ok(gather(store, query, options)?.render()?)
}

fn gather(
    store: &Store,
    query: &ReportQuery,
    options: &ReportOptions,
) -> Result<ReportPage, ReportError> {
    let totals = store.report_totals(query)?;
    let speakers = store.report_speakers(query, options.top)?;
    let step = Step::for_period(query.days());
    let overall = bins(
        query.first,
        query.last,
        step,
        &store.report_days(query, None)?,
    );
    let overall_chart = BarChart::new(
        &overall,
        step,
        720,
        190,
        0,
        format!("Jumlah pernyataan {}", per(step)),
    );

    // One scale for every speaker's chart, so that their charts compare at a glance.
    let mut timelines = Vec::with_capacity(speakers.len());
    for speaker in &speakers {
        timelines.push(bins(
            query.first,
            query.last,
            step,
            &store.report_days(query, Some(speaker.id))?,
        ));
    }
    let shared_max = timelines
        .iter()
        .flatten()
        .map(|b| b.statements)
        .max()
        .unwrap_or(0);
    let most_documents = speakers.first().map_or(1, |s| s.documents.max(1));

    let mut rows = Vec::with_capacity(speakers.len());
    let mut profiles = Vec::with_capacity(speakers.len());
    for (i, (speaker, timeline)) in speakers.iter().zip(&timelines).enumerate() {
        rows.push(SpeakerRow::new(i + 1, speaker, &totals, most_documents));
        profiles.push(Profile {
            rank: i + 1,
            name: speaker.name.clone(),
            roles: distinct_roles(&speaker.roles),
            documents: number(speaker.documents),
            statement_count: number(speaker.statements),
            outlets: number(speaker.outlets),
            active: id_format::span(day(&speaker.first_day)?, day(&speaker.last_day)?),
            chart: BarChart::new(
                timeline,
                step,
                720,
                120,
                shared_max,
                format!("Pernyataan {} {}", speaker.name, per(step)),
            ),
            topics: facts(store.report_topics(query, speaker.id, FACTS)?),
            organisations: facts(store.report_organisations(query, speaker.id, FACTS)?),
            outlet_names: facts(store.report_speaker_outlets(query, speaker.id, FACTS)?),
            statements: store
                .report_statements(query, &[speaker.id], PROFILE_STATEMENTS)?
                .into_iter()
                .map(Statement::from)
                .collect(),
        });
    }
    let ids: Vec<i64> = speakers.iter().map(|s| s.id).collect();
    let statements = if ids.is_empty() {
        Vec::new()
    } else {
        store
            .report_statements(query, &ids, options.statements)?
            .into_iter()
            .map(Statement::from)
            .collect()
    };
    let outlets = store
        .report_outlets(query, 20)?
        .into_iter()
        .map(|o| OutletRow {
            name: o.outlet,
            documents: number(o.documents),
            statements: number(o.statements),
            speakers: number(o.speakers),
        })
        .collect();

    Ok(ReportPage {
        period: id_format::span(query.first, query.last),
        outlet: query.outlet.as_ref().map(|o| o.as_str().to_owned()),
        people_only: query.people_only,
        generated: id_format::date(options.generated),
        documents: number(totals.documents),
        statement_count: number(totals.statements),
        speakers: number(totals.speakers),
        outlet_count: number(totals.outlets),
        empty: totals.statements == 0,
        per: per(step),
        overall_chart,
        rows,
        profiles,
        outlets,
        statements,
    })
}

/// "per hari", as the charts' captions say it (the report is in Indonesian; the UI's pages, in
/// English, say "per day").
fn per(step: Step) -> &'static str {
    match step {
        Step::Day => "per hari",
        Step::Week => "per minggu",
        Step::Month => "per bulan",
    }
}

/// A day the store wrote (`YYYY-MM-DD`).
fn day(iso: &str) -> Result<CivilDate, StoreError> {
    CivilDate::from_iso_prefix(iso)
        .ok_or_else(|| StoreError::Invalid(format!("stored day `{iso}` is not a date")))
}

/// A speaker's roles (most frequent first), without those that only repeat a more frequent one in
/// fewer or more words: "Presiden" after "Presiden AS", "Kepala Pusat Penerangan Hukum atau
/// Kapuspenkum Kejagung" after "Kapuspenkum Kejagung".
fn distinct_roles(roles: &[String]) -> String {
    let words = |role: &str| -> String {
        let words: Vec<String> = role
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        format!(" {} ", words.join(" "))
    };
    let mut kept: Vec<(&str, String)> = Vec::new();
    for role in roles {
        let key = words(role);
        if !kept
            .iter()
            .any(|(_, k)| k.contains(key.as_str()) || key.contains(k.as_str()))
        {
            kept.push((role, key));
        }
    }
    kept.iter()
        .map(|(role, _)| *role)
        .collect::<Vec<_>>()
        .join("; ")
}

/// "Bulog (3)".
fn facts(rows: Vec<NameCount>) -> Vec<String> {
    rows.into_iter()
        .map(|r| format!("{} ({})", r.name, number(r.count)))
        .collect()
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    period: String,
    outlet: Option<String>,
    people_only: bool,
    generated: String,
    documents: String,
    statement_count: String,
    speakers: String,
    outlet_count: String,
    /// No quote in scope: the report says so instead of drawing empty tables.
    empty: bool,
    per: &'static str,
    overall_chart: BarChart,
    rows: Vec<SpeakerRow>,
    profiles: Vec<Profile>,
    outlets: Vec<OutletRow>,
    statements: Vec<Statement>,
}

impl ReportPage {
    /// The stylesheet, inline: the report is one file.
    fn css(&self) -> &'static str {
        CSS
    }
}

const CSS: &str = include_str!("../assets/report.css");

/// A line of the ranking.
struct SpeakerRow {
    rank: usize,
    name: String,
    roles: String,
    documents: String,
    statements: String,
    outlets: String,
    /// Their share of the statements in scope.
    share: String,
    /// The bar beside the articles count, 0–100 (the leader's count is 100).
    bar: String,
}

impl SpeakerRow {
    fn new(rank: usize, s: &ReportSpeaker, totals: &ReportTotals, most_documents: i64) -> Self {
        SpeakerRow {
            rank,
            name: s.name.clone(),
            roles: distinct_roles(&s.roles),
            documents: number(s.documents),
            statements: number(s.statements),
            outlets: number(s.outlets),
            share: id_format::percent(s.statements as f64 / totals.statements.max(1) as f64),
            bar: format!("{:.1}", 100.0 * s.documents as f64 / most_documents as f64),
        }
    }
}

struct Profile {
    rank: usize,
    name: String,
    roles: String,
    documents: String,
    statement_count: String,
    outlets: String,
    /// First and last day quoted.
    active: String,
    chart: BarChart,
    topics: Vec<String>,
    organisations: Vec<String>,
    outlet_names: Vec<String>,
    statements: Vec<Statement>,
}

struct OutletRow {
    name: String,
    documents: String,
    statements: String,
    speakers: String,
}

struct Statement {
    text: String,
    speaker: String,
    role: Option<String>,
    direct: bool,
    day: String,
    documents: String,
    outlet_count: String,
    outlets: String,
    title: String,
    /// Only a web address: a stored `javascript:` URL must not become a link.
    url: Option<String>,
}

impl From<CitedStatement> for Statement {
    fn from(s: CitedStatement) -> Self {
        let text = s.text.split_whitespace().collect::<Vec<_>>().join(" ");
        // A direct quote is shown between quotation marks; its closing comma ("…,” kata Budi")
        // belongs to the sentence that reported it.
        let direct = s.kind == "direct";
        let text = if direct {
            text.trim_end_matches([',', ' ']).to_owned()
        } else {
            text
        };
        Statement {
            url: s
                .document_url
                .as_deref()
                .and_then(web_url)
                .map(str::to_owned),
            title: s
                .document_title
                .unwrap_or_else(|| format!("artikel {}", s.document_id)),
            text,
            speaker: s.speaker,
            role: s.role,
            direct,
            day: id_format::iso_date(&s.first_day),
            documents: number(s.documents),
            outlet_count: number(s.outlets.len() as i64),
            outlets: s.outlets.join(", "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use warta_store::sample;

    fn options() -> ReportOptions {
        ReportOptions {
            top: 10,
            statements: 10,
            generated: CivilDate::new(2025, 8, 1).unwrap(),
        }
    }

    fn sample_store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        for doc in sample::corpus() {
            store.index(&doc).unwrap();
        }
        store
    }

    #[test]
    fn the_report_names_the_period_the_speakers_and_their_statements_in_indonesian() {
        let store = sample_store();
        let query = ReportQuery::new("2025-06-01", "2025-07-31", None).unwrap();
        let html = render(&store, &query, &options()).unwrap();
        assert!(html.contains("1 Juni – 31 Juli 2025"), "{html}");
        assert!(html.contains("1 Agustus 2025"));
        // 61 days: weekly bars.
        assert!(html.contains("Jumlah pernyataan per minggu"));
        // The ranking: Joko Widodo (3 articles), then Budi Prasetyo and Sri Mulyani Indrawati.
        let at = |name: &str| html.find(name).unwrap_or_else(|| panic!("{name} missing"));
        assert!(at("Joko Widodo") < at("Budi Prasetyo"));
        assert!(at("Budi Prasetyo") < at("Sri Mulyani Indrawati"));
        assert!(html.contains("Menteri Keuangan"));
        // His quote share: 5 of the 9 quotes.
        assert!(html.contains("55,6%"));
        // A direct statement between quotation marks, without its trailing comma.
        assert!(html.contains("“Bulog harus segera melepas cadangan beras ke pasar”"));
        assert!(html.contains("Kementerian Sosial (1)"));
        assert!(html.contains(
            "href=\"https://news.detik.example/berita/d-7000001/jokowi-harga-beras-harus-turun\""
        ));
    }

    #[test]
    fn a_role_that_repeats_a_more_frequent_one_is_left_out() {
        let roles =
            |list: &[&str]| distinct_roles(&list.iter().map(|r| r.to_string()).collect::<Vec<_>>());
        assert_eq!(
            roles(&["Presiden AS", "Presiden Amerika Serikat (AS)", "Presiden"]),
            "Presiden AS; Presiden Amerika Serikat (AS)"
        );
        assert_eq!(
            roles(&[
                "Kapuspenkum Kejagung",
                "Kepala Pusat Penerangan Hukum atau Kapuspenkum Kejagung",
                "Kepala Pusat Penerangan Hukum (Kapuspenkum) Kejagung"
            ]),
            "Kapuspenkum Kejagung"
        );
        // Words, not letters: "Presiden" is not inside "Wakil Presidenan".
        assert_eq!(
            roles(&["Wakil Presidenan", "Presiden"]),
            "Wakil Presidenan; Presiden"
        );
        assert_eq!(roles(&[]), "");
    }

    #[test]
    fn a_period_without_quotes_says_so() {
        let store = sample_store();
        let query = ReportQuery::new("2024-01-01", "2024-01-07", Some("kompas.example")).unwrap();
        let html = render(&store, &query, &options()).unwrap();
        assert!(html.contains("Tidak ada kutipan"), "{html}");
        assert!(html.contains("kompas.example"));
        assert!(!html.contains("Joko Widodo"));
    }

    #[test]
    fn hostile_values_come_out_as_text_and_nothing_is_fetched() {
        let mut store = sample_store();
        store.index(&sample::hostile()).unwrap();
        let mut odd = sample::hostile();
        odd.url = Some("javascript:alert(1)".into());
        odd.source = Some("\"><style>body{background:url(https://evil.example/x)}</style>".into());
        odd.title = Some("Judul <iframe src=https://evil.example>".into());
        odd.text.push_str("\n\nSalinan.");
        // A day earlier: its statements are reported first, with its title and address.
        odd.published = Some("2025-07-31T08:00:00+07:00".into());
        store.index(&odd).unwrap();
        let query = ReportQuery::new("2025-06", "2025-08", None).unwrap();
        let html = render(&store, &query, &options()).unwrap();
        assert!(html.contains("Andi Wijaya"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;"));
        assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
        for markup in ["<script", "<img", "<iframe", "javascript:"] {
            assert!(!html.contains(markup), "{markup} in {html}");
        }
        // One stylesheet, the report's own.
        assert_eq!(html.matches("<style").count(), 1);
        assert!(html.contains("&lt;iframe src=https://evil.example&gt;"));
        assert_no_fetch(&html);
    }

    /// Nothing in `html` loads from the network: no element that fetches (script, stylesheet link,
    /// image, frame…), no `src` or `srcset`, no `url(` or `@import` in styles, and no web address
    /// in markup except in a link's `href`. Text is not markup: every `<` of a value is escaped, so
    /// the tags are exactly what starts with `<`.
    pub(crate) fn assert_no_fetch(html: &str) {
        for tag in html.split('<').skip(1) {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            let name = tag
                .split(|c: char| c.is_whitespace() || c == '/')
                .find(|n| !n.is_empty())
                .unwrap_or_default()
                .to_ascii_lowercase();
            assert!(
                !matches!(
                    name.as_str(),
                    "script"
                        | "link"
                        | "img"
                        | "image"
                        | "iframe"
                        | "frame"
                        | "object"
                        | "embed"
                        | "audio"
                        | "video"
                        | "source"
                        | "use"
                        | "feimage"
                        | "base"
                ),
                "<{tag}> in the report"
            );
            for fetching in [" src=", "srcset=", "url(", "@import", "xlink:href"] {
                assert!(!tag.contains(fetching), "{fetching} in <{tag}>");
            }
            if name != "a" {
                assert!(!tag.contains("//"), "an address in <{tag}>");
            }
        }
        let style = html
            .split("<style>")
            .nth(1)
            .and_then(|s| s.split("</style>").next())
            .expect("the report has its stylesheet");
        for fetching in ["url(", "@import", "//"] {
            assert!(!style.contains(fetching), "{fetching} in the stylesheet");
        }
        assert!(html.contains("default-src 'none'"));
    }
}
