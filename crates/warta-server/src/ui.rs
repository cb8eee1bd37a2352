//! The web UI: server-rendered pages over the same queries as the API, no script.
//!
//! Each page is an askama template in `templates/` that extends `base.html`; the structs here hand
//! them the data, each with the `title` and `nav` the base layout shows. askama escapes every value a
//! template inserts, so text from articles and requests can only come out as text.

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Form, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use warta_core::output::OutputDocument;
use warta_dates::CivilDate;
use warta_store::{
    DocumentHit, MergeSuggestion, QuoteHit, SpeakerDetail, SpeakerSummary, Stats, StoredDocument,
};

use crate::AppState;
use crate::api::{ApiError, ExtractRequest, QuoteParams, SpeakerParams};
// `Segment` is named in `article_text.html`, which the article templates include.
use crate::html::{Annotation, Segment, web_url};
use crate::id_format;
use crate::timeline::{self, Step};

const CSS: &str = include_str!("../assets/app.css");
const FAVICON: &str = include_str!("../assets/favicon.svg");

pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(search_page))
        .route("/ui/documents/{id}", get(document_page))
        .route("/ui/speakers", get(speakers_page))
        .route("/ui/speakers/{id}", get(speaker_page))
        .route("/ui/extract", get(extract_form).post(extract_result))
        .route("/report", get(report_page))
        .route(
            "/assets/app.css",
            get(|| asset("text/css; charset=utf-8", CSS)),
        )
        .route(
            "/assets/favicon.svg",
            get(|| asset("image/svg+xml", FAVICON)),
        )
}

async fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// `/report?from=…&to=…[&outlet=…&top=…&statements=…&all_speakers=true]`: the report `warta report`
/// writes, for the period asked (see [`crate::report`]).
#[derive(Deserialize)]
struct ReportParams {
    from: Option<String>,
    to: Option<String>,
    outlet: Option<String>,
    top: Option<u16>,
    statements: Option<u16>,
    #[serde(default)]
    all_speakers: bool,
}

/// A parameter given with a value.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Speakers ranked and statements listed when the request does not say, and at most.
const REPORT_TOP: u16 = 10;
const REPORT_MAX: u16 = 100;

async fn report_page(
    State(state): State<Arc<AppState>>,
    params: Result<Query<ReportParams>, QueryRejection>,
) -> Result<Response, UiError> {
    let Query(params) = params?;
    let (Some(from), Some(to)) = (given(&params.from), given(&params.to)) else {
        return Err(UiError(ApiError::bad_request(
            "a report needs a period: /report?from=2025-06-01&to=2025-06-30 (days, months or years)",
        )));
    };
    let mut query = warta_store::ReportQuery::new(from, to, given(&params.outlet))
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    query.people_only = !params.all_speakers;
    let options = crate::report::ReportOptions {
        top: usize::from(params.top.unwrap_or(REPORT_TOP).clamp(1, REPORT_MAX)),
        statements: usize::from(params.statements.unwrap_or(REPORT_TOP).min(REPORT_MAX)),
        generated: CivilDate::today(),
    };
    let html = state
        .read(move |store| Ok(crate::report::render(store, &query, &options)))
        .await?
        .map_err(|e| match e {
            crate::report::ReportError::Store(e) => ApiError::from(e),
            other => ApiError::internal(other.to_string()),
        })?;
    Ok((
        [(header::CONTENT_SECURITY_POLICY, crate::report::CSP)],
        Html(html),
    )
        .into_response())
}

/// The top bar's entry for the page (`base.html`).
#[derive(PartialEq, Eq, Clone, Copy)]
enum Nav {
    Search,
    Speakers,
    Extract,
    None,
}

type PageResult = Result<Html<String>, UiError>;

fn render(page: &impl Template) -> PageResult {
    page.render()
        .map(Html)
        .map_err(|e| UiError(ApiError::internal(format!("page rendering failed: {e}"))))
}

/// A UI failure, shown as a page rather than JSON.
pub(crate) struct UiError(ApiError);

impl<E: Into<ApiError>> From<E> for UiError {
    fn from(err: E) -> Self {
        UiError(err.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    nav: Nav,
    message: &'a str,
}

impl IntoResponse for UiError {
    fn into_response(self) -> Response {
        let status = self.0.status;
        let title = match status {
            StatusCode::BAD_REQUEST => "That request could not be understood",
            StatusCode::NOT_FOUND => "Not found",
            StatusCode::PAYLOAD_TOO_LARGE => "That article is too large",
            _ => "Something went wrong",
        };
        let page = ErrorPage {
            title,
            nav: Nav::None,
            message: &self.0.message,
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            // The status still tells the client what happened.
            Err(_) => (status, title).into_response(),
        }
    }
}

/// The badge for a quote's type. It is also a CSS class (`type-direct`), so only known types pass;
/// anything else is just a "quote".
pub(crate) fn badge_label(kind: &str) -> &'static str {
    match kind {
        "direct" => "direct",
        "indirect" => "indirect",
        "mixed" => "mixed",
        _ => "quote",
    }
}

/// The search page before anything is asked: the corpus at a glance.
#[derive(Template)]
#[template(path = "home.html")]
struct HomePage<'a> {
    title: &'a str,
    nav: Nav,
    form: &'a QuoteParams,
    stats: Stats,
    speakers: Vec<SpeakerSummary>,
    recent: Vec<DocumentHit>,
}

#[derive(Template)]
#[template(path = "results.html")]
struct ResultsPage<'a> {
    title: &'a str,
    nav: Nav,
    form: &'a QuoteParams,
    quotes: Vec<QuoteHit>,
    /// How many quotes match in all.
    total: u64,
    /// The first quote of this page, counted from 1.
    first: usize,
    /// Quotes up to the end of this page.
    shown: usize,
    /// The whole result as CSV and as JSON.
    downloads: Downloads,
    /// The next page, when this one is full.
    more: Option<String>,
    documents: Vec<DocumentHit>,
}

async fn search_page(
    State(state): State<Arc<AppState>>,
    params: Result<Query<QuoteParams>, QueryRejection>,
) -> PageResult {
    let Query(params) = params?;
    let query = params.to_query()?;
    let filtered = query.text.is_some()
        || query.speaker.is_some()
        || query.speaker_id.is_some()
        || query.org.is_some()
        || query.from.is_some()
        || query.to.is_some()
        || query.kind.is_some()
        || query.outlet.is_some()
        || query.speaker_kind.is_some();
    if !filtered {
        let (stats, speakers, recent) = state
            .read(|store| {
                Ok((
                    store.stats()?,
                    store.speakers(&warta_store::SpeakerQuery {
                        top: 8,
                        ..Default::default()
                    })?,
                    store.recent_documents(8)?,
                ))
            })
            .await?;
        return render(&HomePage {
            title: "Search",
            nav: Nav::Search,
            form: &params,
            stats,
            speakers,
            recent,
        });
    }
    let words = query.text.clone();
    let offset = query.offset;
    let limit = query.limit.clamp(1, 200);
    let (quotes, total, documents) = state
        .read(move |store| {
            let quotes = store.search_quotes(&query)?;
            let total = store.count_quotes(&query)?;
            let documents = match &words {
                Some(words) if offset == 0 => store.search_documents(words, 5, 0)?,
                _ => Vec::new(),
            };
            Ok((quotes, total, documents))
        })
        .await?;
    let more = (quotes.len() == limit).then(|| {
        let mut next = vec![("offset", (offset + limit).to_string())];
        next.extend(search_pairs(&params));
        link("/", &next)
    });
    render(&ResultsPage {
        title: "Search",
        nav: Nav::Search,
        form: &params,
        first: offset + 1,
        shown: offset + quotes.len(),
        total,
        downloads: Downloads::new("/quotes", search_pairs(&params)),
        quotes,
        more,
        documents,
    })
}

/// The search's parameters (offset and page size aside), for links to more of it.
fn search_pairs(params: &QuoteParams) -> Vec<(&'static str, String)> {
    let mut pairs = Vec::new();
    if let Some(id) = params.speaker_id {
        pairs.push(("speaker_id", id.to_string()));
    }
    for (name, value) in [
        ("q", &params.q),
        ("speaker", &params.speaker),
        ("org", &params.org),
        ("outlet", &params.outlet),
        ("from", &params.from),
        ("to", &params.to),
        ("type", &params.kind),
        ("speaker_kind", &params.speaker_kind),
        ("sort", &params.sort),
    ] {
        if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
            pairs.push((name, value.to_owned()));
        }
    }
    pairs
}

/// `path` with `pairs` as its query string.
fn link(path: &str, pairs: &[(&str, String)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        query.append_pair(name, value);
    }
    format!("{path}?{}", query.finish())
}

/// Links to a result as files: the API's answer to the same parameters with `format=csv|json`.
struct Downloads {
    csv: String,
    json: String,
}

impl Downloads {
    fn new(path: &str, mut pairs: Vec<(&'static str, String)>) -> Downloads {
        let mut with = |format: &str| {
            pairs.retain(|(name, _)| *name != "format");
            pairs.push(("format", format.to_owned()));
            link(path, &pairs)
        };
        Downloads {
            csv: with("csv"),
            json: with("json"),
        }
    }
}

#[derive(Template)]
#[template(path = "speakers.html")]
struct SpeakersPage<'a> {
    title: &'a str,
    nav: Nav,
    form: &'a SpeakerParams,
    speakers: Vec<SpeakerSummary>,
    downloads: Downloads,
}

async fn speakers_page(
    State(state): State<Arc<AppState>>,
    params: Result<Query<SpeakerParams>, QueryRejection>,
) -> PageResult {
    let Query(mut params) = params?;
    params.top = Some(params.top.unwrap_or(100));
    let query = params.to_query()?;
    let speakers = state.read(move |store| store.speakers(&query)).await?;
    let mut pairs: Vec<(&'static str, String)> = Vec::new();
    if let Some(top) = params.top {
        pairs.push(("top", top.to_string()));
    }
    for (name, value) in [
        ("name", &params.name),
        ("from", &params.from),
        ("to", &params.to),
        ("kind", &params.kind),
    ] {
        if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
            pairs.push((name, value.to_owned()));
        }
    }
    render(&SpeakersPage {
        title: "Speakers",
        nav: Nav::Speakers,
        form: &params,
        speakers,
        downloads: Downloads::new("/speakers", pairs),
    })
}

#[derive(Template)]
#[template(path = "speaker.html")]
struct SpeakerPage<'a> {
    title: &'a str,
    nav: Nav,
    speaker: &'a SpeakerDetail,
    /// Likely merges that involve this speaker, best first, each with the command that confirms it.
    suggestions: Vec<(MergeSuggestion, String)>,
    chart: Option<Chart>,
    /// The recent quotes by month ("Juni 2025"), newest first as the store gives them.
    months: Vec<(String, Vec<&'a QuoteHit>)>,
}

async fn speaker_page(State(state): State<Arc<AppState>>, Path(id): Path<i64>) -> PageResult {
    let (detail, suggestions) = state
        .read(move |store| {
            let Some(detail) = store.speaker(id)? else {
                return Ok((None, Vec::new()));
            };
            Ok((Some(detail), store.merge_suggestions_for(id)?))
        })
        .await?;
    let detail = detail.ok_or_else(|| ApiError::not_found(format!("speaker {id}")))?;
    let suggestions = suggestions
        .into_iter()
        .map(|s| {
            let command = s.merge_command();
            (s, command)
        })
        .collect();
    let mut months: Vec<(&str, Vec<&QuoteHit>)> = Vec::new();
    for q in &detail.recent_quotes {
        let month = q.day.as_deref().map_or("undated", |d| &d[..d.len().min(7)]);
        match months.last_mut() {
            Some((last, quotes)) if *last == month => quotes.push(q),
            _ => months.push((month, vec![q])),
        }
    }
    let months = months
        .into_iter()
        .map(|(month, quotes)| (crate::id_format::iso_date(month), quotes))
        .collect();
    render(&SpeakerPage {
        title: &detail.summary.name,
        nav: Nav::Speakers,
        speaker: &detail,
        suggestions,
        chart: Chart::new(&detail),
        months,
    })
}

/// Quotes over time as an SVG bar chart, in viewBox units: by day, week or month as the span
/// calls for (see [`crate::timeline::Step::for_period`]).
struct Chart {
    width: usize,
    height: usize,
    bar_width: usize,
    /// Where the period names go.
    label_y: usize,
    /// "per day", "per week" or "per month".
    per: &'static str,
    bars: Vec<Bar>,
}

struct Bar {
    /// Under the bar: "18 Jun", "Jun 2025".
    label: String,
    /// In the tooltip: "18 Juni 2025", "pekan mulai 16 Juni 2025".
    period: String,
    statements: i64,
    x: usize,
    y: usize,
    height: usize,
    center: usize,
    /// Where the count above the bar goes.
    value_y: usize,
}

impl Chart {
    fn new(d: &SpeakerDetail) -> Option<Chart> {
        let (step, buckets) = timeline::spanning(&d.daily)?;
        let max = buckets.iter().map(|b| b.statements).max()?.max(1);
        // `top` leaves room for the value above the tallest bar; many bars are drawn narrower.
        let (bar, gap, height, top) = if buckets.len() > 16 {
            (22, 6, 120, 16)
        } else {
            (36, 12, 120, 16)
        };
        let bars = buckets
            .iter()
            .enumerate()
            .map(|(i, bin)| {
                let h = (bin.statements as f64 / max as f64 * height as f64)
                    .round()
                    .max(2.0) as usize;
                let x = gap + i * (bar + gap);
                Bar {
                    label: step.label(bin.first),
                    period: describe(step, bin.first),
                    statements: bin.statements,
                    x,
                    y: top + height + 4 - h,
                    height: h,
                    center: x + bar / 2,
                    value_y: top + height - h,
                }
            })
            .collect();
        Some(Chart {
            width: buckets.len() * (bar + gap) + gap,
            height: top + height + 36,
            bar_width: bar,
            label_y: top + height + 22,
            per: match step {
                Step::Day => "per day",
                Step::Week => "per week",
                Step::Month => "per month",
            },
            bars,
        })
    }
}

/// A bar's period in words, for its tooltip: "18 Juni 2025", "pekan mulai 16 Juni 2025" (the
/// UI's weeks start on a Monday, also before the speaker's first quote), "Juni 2025".
fn describe(step: Step, first: CivilDate) -> String {
    match step {
        Step::Day => id_format::date(first),
        Step::Week => format!("pekan mulai {}", id_format::date(first)),
        Step::Month => id_format::month_year(first),
    }
}

#[derive(Template)]
#[template(path = "article.html")]
struct ArticlePage<'a> {
    title: &'a str,
    nav: Nav,
    article: Article<'a>,
}

async fn document_page(State(state): State<Arc<AppState>>, Path(id): Path<i64>) -> PageResult {
    let doc = state
        .read(move |store| store.document(id))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("document {id}")))?;
    let article = Article::new(&doc.output, Some(&doc));
    render(&ArticlePage {
        title: article.title,
        nav: Nav::Search,
        article,
    })
}

/// An article as `article_body.html` shows it: the text with its quotes, speakers and entities
/// marked, and the lists beside it.
struct Article<'a> {
    title: &'a str,
    source: Option<&'a str>,
    published: Option<&'a str>,
    link: Option<Link<'a>>,
    text: &'a str,
    notes: Vec<Annotation>,
    quotes: Vec<SideQuote<'a>>,
    entities: Vec<Named<'a>>,
}

/// The article's own URL: a link only when it is a web address.
enum Link<'a> {
    Web(&'a str),
    Other,
}

struct SideQuote<'a> {
    anchor: String,
    text: &'a str,
    speaker: Option<&'a str>,
    speaker_id: Option<i64>,
    role: Option<&'a str>,
    kind: &'static str,
}

struct Named<'a> {
    label: String,
    name: &'a str,
    /// Roles and affiliation, comma-separated.
    extra: String,
}

/// The name serde gives an enum value (`PER`, `boilerplate`, …).
fn serde_name(value: impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

impl<'a> Article<'a> {
    /// `stored` gives the store's ids (for links) when the article comes from the database.
    fn new(doc: &'a OutputDocument, stored: Option<&StoredDocument>) -> Article<'a> {
        let speaker_of = |i: usize| stored.and_then(|s| s.quote_speakers.get(i).copied().flatten());
        let quote_anchor = |i: usize| match stored.and_then(|s| s.quote_ids.get(i)) {
            Some(id) => format!("quote-{id}"),
            None => format!("quote-n{i}"),
        };
        let mut notes: Vec<Annotation> = Vec::new();
        for r in &doc.removed {
            notes.push(Annotation {
                start: r.start,
                end: r.end,
                rank: 0,
                class: "removed".into(),
                title: format!("removed: {}", serde_name(r.kind)),
                href: None,
                anchor: None,
            });
        }
        for (i, q) in doc.quotes.iter().enumerate() {
            let kind = warta_store::kind_name(q.kind);
            let who = q
                .speaker
                .as_ref()
                .map_or("unattributed", |s| s.name.as_str());
            notes.push(Annotation {
                start: q.start,
                end: q.end,
                rank: 1,
                class: format!("quote quote-{kind}"),
                title: format!("{kind} quote — {who}"),
                href: None,
                anchor: Some(quote_anchor(i)),
            });
            if let Some(cue) = &q.cue {
                notes.push(Annotation {
                    start: cue.start,
                    end: cue.end,
                    rank: 2,
                    class: "cue".into(),
                    title: "reporting verb".into(),
                    href: None,
                    anchor: None,
                });
            }
            if let Some(mention) = q.speaker.as_ref().and_then(|s| s.mention.as_ref()) {
                notes.push(Annotation {
                    start: mention.start,
                    end: mention.end,
                    rank: 3,
                    class: "speaker".into(),
                    title: format!("speaker: {who}"),
                    href: speaker_of(i).map(|id| format!("/ui/speakers/{id}")),
                    anchor: None,
                });
            }
        }
        for e in &doc.entities {
            let label = serde_name(e.label);
            for m in &e.mentions {
                notes.push(Annotation {
                    start: m.start,
                    end: m.end,
                    rank: 4,
                    class: format!("ent ent-{label}"),
                    title: format!("{label}: {}", e.name),
                    href: None,
                    anchor: None,
                });
            }
        }
        let quotes = doc
            .quotes
            .iter()
            .enumerate()
            .map(|(i, q)| SideQuote {
                anchor: quote_anchor(i),
                text: &q.text,
                speaker: q.speaker.as_ref().map(|s| s.name.as_str()),
                speaker_id: speaker_of(i),
                role: q.speaker.as_ref().and_then(|s| s.role.as_deref()),
                kind: warta_store::kind_name(q.kind),
            })
            .collect();
        let entities = doc
            .entities
            .iter()
            .map(|e| Named {
                label: serde_name(e.label),
                name: &e.name,
                extra: e
                    .roles
                    .iter()
                    .chain(&e.affiliation)
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
            .collect();
        Article {
            title: doc
                .title
                .as_deref()
                .filter(|t| !t.trim().is_empty())
                .or_else(|| warta_store::title_from_text(&doc.text))
                .unwrap_or("(untitled article)"),
            source: doc.source.as_deref(),
            published: doc.published.as_deref(),
            link: doc
                .url
                .as_deref()
                .map(|url| web_url(url).map_or(Link::Other, Link::Web)),
            text: &doc.text,
            notes,
            quotes,
            entities,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
struct ExtractForm {
    text: String,
    title: Option<String>,
    url: Option<String>,
}

/// The extract form, and under it the extraction when there is one.
#[derive(Template)]
#[template(path = "extract.html")]
struct ExtractPage<'a> {
    title: &'a str,
    nav: Nav,
    form: &'a ExtractForm,
    /// The article as extracted, and the same as warta/1 JSON.
    result: Option<(Article<'a>, String)>,
}

async fn extract_form() -> PageResult {
    render(&ExtractPage {
        title: "Extract",
        nav: Nav::Extract,
        form: &ExtractForm::default(),
        result: None,
    })
}

async fn extract_result(
    State(state): State<Arc<AppState>>,
    form: Result<Form<ExtractForm>, FormRejection>,
) -> PageResult {
    let Form(form) = form.map_err(|r| ApiError::new(r.status(), r.body_text()))?;
    let request = ExtractRequest {
        text: form.text.clone(),
        id: None,
        url: form.url.clone().filter(|u| !u.trim().is_empty()),
        title: form.title.clone().filter(|t| !t.trim().is_empty()),
        published: None,
        source: None,
        author: None,
    };
    let output = state.extract(request.into_document()).await?;
    let json = serde_json::to_string_pretty(&output).unwrap_or_default();
    render(&ExtractPage {
        title: "Extraction",
        nav: Nav::Extract,
        form: &form,
        result: Some((Article::new(&output, None), json)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_says_its_period_in_words() {
        let day = |s| CivilDate::from_iso_prefix(s).unwrap();
        assert_eq!(describe(Step::Day, day("2025-06-18")), "18 Juni 2025");
        assert_eq!(
            describe(Step::Week, day("2025-06-02")),
            "pekan mulai 2 Juni 2025"
        );
        assert_eq!(describe(Step::Month, day("2025-06-01")), "Juni 2025");
    }
}
