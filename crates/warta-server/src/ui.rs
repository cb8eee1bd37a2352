//! The web UI: server-rendered pages over the same queries as the API, no script.

use std::fmt::Write;
use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Form, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use warta_core::output::OutputDocument;
use warta_store::{DocumentHit, QuoteHit, SpeakerDetail, SpeakerSummary, Stats, StoredDocument};

use crate::AppState;
use crate::api::{ApiError, ExtractRequest, QuoteParams, SpeakerParams};
use crate::html::{Annotation, annotate, escape, marked, url_encode};

const CSS: &str = include_str!("../assets/app.css");
const FAVICON: &str = include_str!("../assets/favicon.svg");

pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(search_page))
        .route("/ui/documents/{id}", get(document_page))
        .route("/ui/speakers", get(speakers_page))
        .route("/ui/speakers/{id}", get(speaker_page))
        .route("/ui/extract", get(extract_form).post(extract_result))
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

/// A UI failure, shown as a page rather than JSON.
pub(crate) struct UiError(ApiError);

impl<E: Into<ApiError>> From<E> for UiError {
    fn from(err: E) -> Self {
        UiError(err.into())
    }
}

impl IntoResponse for UiError {
    fn into_response(self) -> Response {
        let status = self.0.status;
        let heading = match status {
            StatusCode::BAD_REQUEST => "That request could not be understood",
            StatusCode::NOT_FOUND => "Not found",
            StatusCode::PAYLOAD_TOO_LARGE => "That article is too large",
            _ => "Something went wrong",
        };
        let body = format!(
            "<section class=\"panel error\"><h1>{}</h1><p class=\"error-message\">{}</p>\
             <p><a href=\"/\">Back to search</a></p></section>",
            heading,
            escape(&self.0.message)
        );
        (status, layout(heading, Nav::None, &body)).into_response()
    }
}

type PageResult = Result<Html<String>, UiError>;

#[derive(PartialEq, Eq, Clone, Copy)]
enum Nav {
    Search,
    Speakers,
    Extract,
    None,
}

fn layout(title: &str, nav: Nav, body: &str) -> Html<String> {
    let item = |target: Nav, href: &str, label: &str| {
        format!(
            "<a href=\"{href}\"{}>{label}</a>",
            if nav == target {
                " class=\"active\" aria-current=\"page\""
            } else {
                ""
            }
        )
    };
    Html(format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · warta</title>\
         <link rel=\"stylesheet\" href=\"/assets/app.css\">\
         <link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\"></head>\
         <body><header class=\"topbar\"><div class=\"wrap\">\
         <a class=\"brand\" href=\"/\"><span class=\"logo\">w</span>warta</a>\
         <nav>{}{}{}<a href=\"/openapi.json\">API</a></nav></div></header>\
         <main class=\"wrap\">{body}</main>\
         <footer class=\"wrap footer\">warta — who said what in Indonesian news</footer></body></html>",
        item(Nav::Search, "/", "Search"),
        item(Nav::Speakers, "/ui/speakers", "Speakers"),
        item(Nav::Extract, "/ui/extract", "Extract"),
        title = escape(title),
    ))
}

fn type_badge(kind: &str) -> String {
    let label = match kind {
        "direct" => "direct",
        "indirect" => "indirect",
        "mixed" => "mixed",
        _ => "quote",
    };
    format!("<span class=\"badge type-{label}\">{label}</span>")
}

/// Links only to web pages: a stored URL could be `javascript:`.
fn external_link(url: &str, label: &str) -> String {
    if url.starts_with("https://") || url.starts_with("http://") {
        format!(
            "<a class=\"external\" href=\"{}\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">{}</a>",
            escape(url),
            escape(label)
        )
    } else {
        escape(label)
    }
}

fn quote_card(hit: &QuoteHit, show_speaker: bool) -> String {
    let text = hit
        .highlighted
        .as_deref()
        .map(marked)
        .unwrap_or_else(|| escape(&hit.text));
    let mut meta = String::new();
    if show_speaker {
        match (hit.speaker_id, &hit.speaker) {
            (Some(id), Some(name)) => {
                let _ = write!(
                    meta,
                    "<a class=\"speaker-link\" href=\"/ui/speakers/{id}\">{}</a>",
                    escape(name)
                );
            }
            (None, Some(name)) => {
                let _ = write!(meta, "<span class=\"speaker-name\">{}</span>", escape(name));
            }
            _ => meta.push_str("<span class=\"muted\">unattributed</span>"),
        }
    }
    if let Some(role) = &hit.role {
        let _ = write!(meta, "<span class=\"role\">{}</span>", escape(role));
    }
    meta.push_str(&type_badge(&hit.kind));
    if let Some(day) = &hit.day {
        let _ = write!(meta, "<time>{}</time>", escape(day));
    }
    if let Some(source) = &hit.source {
        let _ = write!(meta, "<span class=\"source\">{}</span>", escape(source));
    }
    format!(
        "<article class=\"quote-card\"><blockquote class=\"quote-text\">{text}</blockquote>\
         <div class=\"quote-meta\">{meta}</div>\
         <a class=\"article-link\" href=\"/ui/documents/{}#quote-{}\">{}</a></article>",
        hit.document_id,
        hit.id,
        escape(
            hit.document_title
                .as_deref()
                .unwrap_or("(untitled article)")
        )
    )
}

fn document_row(doc: &DocumentHit) -> String {
    let snippet = doc
        .snippet
        .as_deref()
        .map(|s| format!("<p class=\"snippet\">{}</p>", marked(s)))
        .unwrap_or_default();
    format!(
        "<li class=\"doc-row\"><a class=\"doc-title\" href=\"/ui/documents/{}\">{}</a>\
         <div class=\"doc-meta\">{}{}<span>{} quotes</span></div>{snippet}</li>",
        doc.id,
        escape(doc.title.as_deref().unwrap_or("(untitled article)")),
        doc.source
            .as_deref()
            .map(|s| format!("<span class=\"source\">{}</span>", escape(s)))
            .unwrap_or_default(),
        doc.day
            .as_deref()
            .map(|d| format!("<time>{}</time>", escape(d)))
            .unwrap_or_default(),
        doc.quotes
    )
}

fn selected(current: Option<&str>, value: &str) -> &'static str {
    if current == Some(value) {
        " selected"
    } else {
        ""
    }
}

fn search_form(p: &QuoteParams) -> String {
    let v = |s: &Option<String>| escape(s.as_deref().unwrap_or(""));
    let kind = p.kind.as_deref();
    format!(
        "<form class=\"search\" method=\"get\" action=\"/\" role=\"search\">\
         <div class=\"search-main\"><input type=\"search\" name=\"q\" value=\"{}\" \
         placeholder=\"Search what was said — e.g. beras, &quot;bantuan sosial&quot;, korupsi OR suap\" \
         aria-label=\"Search quotes\" autofocus>\
         <button type=\"submit\">Search</button></div>\
         <div class=\"filters\">\
         <label>Speaker<input name=\"speaker\" value=\"{}\" placeholder=\"Jokowi\"></label>\
         <label>Organisation<input name=\"org\" value=\"{}\" placeholder=\"KPK\"></label>\
         <label>From<input type=\"date\" name=\"from\" value=\"{}\"></label>\
         <label>To<input type=\"date\" name=\"to\" value=\"{}\"></label>\
         <label>Type<select name=\"type\"><option value=\"\">any</option>\
         <option value=\"direct\"{}>direct</option><option value=\"indirect\"{}>indirect</option>\
         <option value=\"mixed\"{}>mixed</option></select></label></div>{}</form>",
        v(&p.q),
        v(&p.speaker),
        v(&p.org),
        v(&p.from),
        v(&p.to),
        selected(kind, "direct"),
        selected(kind, "indirect"),
        selected(kind, "mixed"),
        p.speaker_id
            .map(|id| format!("<input type=\"hidden\" name=\"speaker_id\" value=\"{id}\">"))
            .unwrap_or_default(),
    )
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
        || query.kind.is_some();
    let mut body = search_form(&params);
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
        body.push_str(&overview(&stats, &speakers, &recent));
        return Ok(layout("Search", Nav::Search, &body));
    }
    let words = query.text.clone();
    let offset = query.offset;
    let limit = query.limit.clamp(1, 200);
    let (quotes, documents) = state
        .read(move |store| {
            let quotes = store.search_quotes(&query)?;
            let documents = match &words {
                Some(words) if offset == 0 => store.search_documents(words, 5, 0)?,
                _ => Vec::new(),
            };
            Ok((quotes, documents))
        })
        .await?;
    let _ = write!(
        body,
        "<div class=\"results\"><section class=\"quotes\"><h2>Quotes <span class=\"count\">{}{}</span></h2>",
        offset + quotes.len(),
        if quotes.len() == limit { "+" } else { "" }
    );
    if quotes.is_empty() {
        body.push_str(
            "<p class=\"empty\">No quote matches. Try fewer words, another spelling, or clear a filter.</p>",
        );
    }
    for hit in &quotes {
        body.push_str(&quote_card(hit, true));
    }
    if quotes.len() == limit {
        let mut next = format!("/?offset={}", offset + limit);
        if let Some(id) = params.speaker_id {
            let _ = write!(next, "&speaker_id={id}");
        }
        for (name, value) in [
            ("q", &params.q),
            ("speaker", &params.speaker),
            ("org", &params.org),
            ("from", &params.from),
            ("to", &params.to),
            ("type", &params.kind),
        ] {
            if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
                let _ = write!(next, "&{name}={}", url_encode(value));
            }
        }
        let _ = write!(
            body,
            "<p class=\"more\"><a href=\"{}\">More quotes →</a></p>",
            escape(&next)
        );
    }
    body.push_str("</section>");
    if !documents.is_empty() {
        body.push_str("<aside class=\"articles\"><h2>Articles</h2><ul class=\"doc-list\">");
        for doc in &documents {
            body.push_str(&document_row(doc));
        }
        body.push_str("</ul></aside>");
    }
    body.push_str("</div>");
    Ok(layout("Search", Nav::Search, &body))
}

fn overview(stats: &Stats, speakers: &[SpeakerSummary], recent: &[DocumentHit]) -> String {
    let mut out = format!(
        "<section class=\"stats\"><div class=\"stat\"><b>{}</b><span>articles</span></div>\
         <div class=\"stat\"><b>{}</b><span>quotes</span></div>\
         <div class=\"stat\"><b>{}</b><span>speakers</span></div></section>\
         <div class=\"results\"><section><h2>Most quoted</h2>",
        stats.documents, stats.quotes, stats.speakers
    );
    out.push_str(&speaker_table(speakers, true));
    out.push_str(
        "</section><aside class=\"articles\"><h2>Latest articles</h2><ul class=\"doc-list\">",
    );
    for doc in recent {
        out.push_str(&document_row(doc));
    }
    out.push_str("</ul></aside></div>");
    out
}

/// The speakers table; `compact` keeps the columns that fit beside the latest articles.
fn speaker_table(speakers: &[SpeakerSummary], compact: bool) -> String {
    if speakers.is_empty() {
        return "<p class=\"empty\">No speakers yet: index articles with <code>warta index</code>.</p>"
            .to_owned();
    }
    let mut out = String::from(
        "<table class=\"speakers\"><thead><tr><th>Speaker</th><th class=\"num\">Quotes</th>\
         <th class=\"num\">Articles</th><th>Roles</th>",
    );
    if !compact {
        out.push_str("<th>Talks about</th><th>Quoted by</th><th>Active</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for s in speakers {
        let list = |items: &[String]| escape(&items.join(", "));
        let _ = write!(
            out,
            "<tr><td><a class=\"speaker-link\" href=\"/ui/speakers/{}\">{}</a> \
             <span class=\"kind\">{}</span></td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td>{}</td>",
            s.id,
            escape(&s.name),
            escape(&s.kind),
            s.quotes,
            s.documents,
            list(&s.roles),
        );
        if !compact {
            let _ = write!(
                out,
                "<td>{}</td><td>{}</td><td class=\"dates\">{} – {}</td>",
                list(&s.topics),
                list(&s.outlets),
                escape(s.first_day.as_deref().unwrap_or("?")),
                escape(s.last_day.as_deref().unwrap_or("?")),
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

async fn speakers_page(
    State(state): State<Arc<AppState>>,
    params: Result<Query<SpeakerParams>, QueryRejection>,
) -> PageResult {
    let Query(mut params) = params?;
    params.top = Some(params.top.unwrap_or(100));
    let query = params.to_query()?;
    let speakers = state.read(move |store| store.speakers(&query)).await?;
    let v = |s: &Option<String>| escape(s.as_deref().unwrap_or(""));
    let body = format!(
        "<h1>Speakers</h1><form class=\"filters inline\" method=\"get\" action=\"/ui/speakers\">\
         <label>Name<input name=\"name\" value=\"{}\" placeholder=\"any name or alias\"></label>\
         <label>From<input type=\"date\" name=\"from\" value=\"{}\"></label>\
         <label>To<input type=\"date\" name=\"to\" value=\"{}\"></label>\
         <button type=\"submit\">Filter</button></form>{}",
        v(&params.name),
        v(&params.from),
        v(&params.to),
        speaker_table(&speakers, false)
    );
    Ok(layout("Speakers", Nav::Speakers, &body))
}

async fn speaker_page(State(state): State<Arc<AppState>>, Path(id): Path<i64>) -> PageResult {
    let detail = state
        .read(move |store| store.speaker(id))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("speaker {id}")))?;
    Ok(layout(
        &detail.summary.name,
        Nav::Speakers,
        &speaker_body(&detail),
    ))
}

fn speaker_body(d: &SpeakerDetail) -> String {
    let s = &d.summary;
    let mut out = format!(
        "<section class=\"speaker-head\"><h1 class=\"speaker-title\">{}</h1><span class=\"kind\">{}</span>\
         <div class=\"aliases\">{}</div></section>\
         <section class=\"stats\"><div class=\"stat\"><b>{}</b><span>quotes</span></div>\
         <div class=\"stat\"><b>{}</b><span>articles</span></div>\
         <div class=\"stat\"><b>{}</b><span>first quoted</span></div>\
         <div class=\"stat\"><b>{}</b><span>last quoted</span></div></section>",
        escape(&s.name),
        escape(&s.kind),
        d.aliases
            .iter()
            .map(|a| format!("<span class=\"chip\">{}</span>", escape(a)))
            .collect::<String>(),
        s.quotes,
        s.documents,
        escape(s.first_day.as_deref().unwrap_or("–")),
        escape(s.last_day.as_deref().unwrap_or("–")),
    );
    out.push_str("<div class=\"columns\"><section class=\"panel\"><h2>Quotes over time</h2>");
    out.push_str(&timeline_chart(d));
    out.push_str("</section><section class=\"panel\"><h2>Roles</h2>");
    if d.roles_over_time.is_empty() {
        out.push_str("<p class=\"empty\">No role given in the articles.</p>");
    } else {
        out.push_str(
            "<table class=\"roles\"><thead><tr><th>Role</th><th>From</th><th>To</th>\
             <th class=\"num\">Articles</th></tr></thead><tbody>",
        );
        for r in &d.roles_over_time {
            let _ = write!(
                out,
                "<tr><td class=\"role-name\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                escape(&r.role),
                escape(r.first_day.as_deref().unwrap_or("?")),
                escape(r.last_day.as_deref().unwrap_or("?")),
                r.documents
            );
        }
        out.push_str("</tbody></table>");
    }
    for (label, items) in [("Talks about", &s.topics), ("Quoted by", &s.outlets)] {
        if !items.is_empty() {
            let _ = write!(
                out,
                "<p class=\"facts\"><b>{label}</b> {}</p>",
                escape(&items.join(", "))
            );
        }
    }
    out.push_str("</section></div><section class=\"quotes\"><h2>Quotes</h2>");
    let mut month = "";
    for q in &d.recent_quotes {
        let this_month = q.day.as_deref().map_or("undated", |d| &d[..d.len().min(7)]);
        if this_month != month {
            let _ = write!(out, "<h3 class=\"month\">{}</h3>", escape(this_month));
            month = this_month;
        }
        out.push_str(&quote_card(q, false));
    }
    let _ = write!(
        out,
        "</section><p class=\"more\"><a href=\"/?speaker_id={}\">Search within these quotes →</a></p>",
        s.id
    );
    out
}

/// Quotes per month as an SVG bar chart (SVG attributes, not inline styles: the CSP forbids those).
fn timeline_chart(d: &SpeakerDetail) -> String {
    if d.timeline.is_empty() {
        return "<p class=\"empty\">No dated quotes.</p>".to_owned();
    }
    let max = d
        .timeline
        .iter()
        .map(|p| p.quotes)
        .max()
        .unwrap_or(1)
        .max(1);
    // `top` leaves room for the value above the tallest bar.
    let (bar, gap, height, top) = (36, 12, 120, 16);
    let width = d.timeline.len() * (bar + gap) + gap;
    let mut out = format!(
        "<svg class=\"timeline\" viewBox=\"0 0 {width} {}\" role=\"img\" aria-label=\"Quotes per month\">",
        top + height + 36
    );
    for (i, p) in d.timeline.iter().enumerate() {
        let h = (p.quotes as f64 / max as f64 * height as f64)
            .round()
            .max(2.0) as usize;
        let x = gap + i * (bar + gap);
        let _ = write!(
            out,
            "<g><title>{}: {} quotes</title><rect x=\"{x}\" y=\"{}\" width=\"{bar}\" height=\"{h}\" rx=\"3\"/>\
             <text x=\"{}\" y=\"{}\" class=\"value\">{}</text>\
             <text x=\"{}\" y=\"{}\" class=\"label\">{}</text></g>",
            escape(&p.month),
            p.quotes,
            top + height + 4 - h,
            x + bar / 2,
            top + height - h,
            p.quotes,
            x + bar / 2,
            top + height + 22,
            escape(&p.month)
        );
    }
    out.push_str("</svg>");
    out
}

async fn document_page(State(state): State<Arc<AppState>>, Path(id): Path<i64>) -> PageResult {
    let doc = state
        .read(move |store| store.document(id))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("document {id}")))?;
    let title = doc
        .output
        .title
        .clone()
        .unwrap_or_else(|| "(untitled article)".into());
    Ok(layout(
        &title,
        Nav::Search,
        &article_body(&doc.output, Some(&doc)),
    ))
}

/// An article with its quotes, speakers and entities marked, and the lists beside it. `stored` gives
/// the store's ids (for links) when the article comes from the database.
fn article_body(out_doc: &OutputDocument, stored: Option<&StoredDocument>) -> String {
    let speaker_of = |i: usize| stored.and_then(|s| s.quote_speakers.get(i).copied().flatten());
    let quote_anchor = |i: usize| match stored.and_then(|s| s.quote_ids.get(i)) {
        Some(id) => format!("quote-{id}"),
        None => format!("quote-n{i}"),
    };
    let mut notes: Vec<Annotation> = Vec::new();
    for r in &out_doc.removed {
        let kind = serde_json::to_value(r.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        notes.push(Annotation {
            start: r.start,
            end: r.end,
            rank: 0,
            class: "removed".into(),
            title: format!("removed: {kind}"),
            href: None,
            anchor: None,
        });
    }
    for (i, q) in out_doc.quotes.iter().enumerate() {
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
    for e in &out_doc.entities {
        let label = serde_json::to_value(e.label)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
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

    let mut meta = String::new();
    if let Some(source) = &out_doc.source {
        let _ = write!(meta, "<span class=\"source\">{}</span>", escape(source));
    }
    if let Some(published) = &out_doc.published {
        let _ = write!(meta, "<time>{}</time>", escape(published));
    }
    if let Some(url) = &out_doc.url {
        meta.push_str(&external_link(url, "original article"));
    }
    let mut out = format!(
        "<div class=\"article-layout\"><article class=\"article\">\
         <h1 class=\"article-title\">{}</h1><div class=\"doc-meta\">{meta}</div>\
         <div class=\"legend\"><span class=\"quote\">quote</span><span class=\"speaker\">speaker</span>\
         <span class=\"cue\">cue</span><span class=\"ent ent-PER\">person</span>\
         <span class=\"ent ent-ORG\">organisation</span><span class=\"ent ent-LOC\">place</span>\
         <span class=\"removed\">page furniture</span></div>\
         <div class=\"article-text\">{}</div></article><aside class=\"article-side\">",
        escape(out_doc.title.as_deref().unwrap_or("(untitled article)")),
        annotate(&out_doc.text, &notes)
    );
    let _ = write!(
        out,
        "<h2>Quotes <span class=\"count\">{}</span></h2>",
        out_doc.quotes.len()
    );
    if out_doc.quotes.is_empty() {
        out.push_str("<p class=\"empty\">No quotes found in this article.</p>");
    }
    out.push_str("<ol class=\"side-quotes\">");
    for (i, q) in out_doc.quotes.iter().enumerate() {
        let who = match (&q.speaker, speaker_of(i)) {
            (Some(s), Some(id)) => format!(
                "<a class=\"speaker-link\" href=\"/ui/speakers/{id}\">{}</a>",
                escape(&s.name)
            ),
            (Some(s), None) => format!("<span class=\"speaker-name\">{}</span>", escape(&s.name)),
            (None, _) => "<span class=\"muted\">unattributed</span>".to_owned(),
        };
        let role = q
            .speaker
            .as_ref()
            .and_then(|s| s.role.as_deref())
            .map(|r| format!("<span class=\"role\">{}</span>", escape(r)))
            .unwrap_or_default();
        let _ = write!(
            out,
            "<li><a class=\"jump\" href=\"#{}\">{}</a><div class=\"quote-meta\">{who}{role}{}</div></li>",
            quote_anchor(i),
            escape(&q.text),
            type_badge(warta_store::kind_name(q.kind))
        );
    }
    out.push_str("</ol>");
    if !out_doc.entities.is_empty() {
        out.push_str("<h2>Named</h2><ul class=\"entities\">");
        for e in &out_doc.entities {
            let label = serde_json::to_value(e.label)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            let extra: Vec<String> = e
                .roles
                .iter()
                .cloned()
                .chain(e.affiliation.clone())
                .collect();
            let _ = write!(
                out,
                "<li><span class=\"ent ent-{}\">{}</span> <span class=\"kind\">{}</span>{}</li>",
                escape(&label),
                escape(&e.name),
                escape(&label),
                if extra.is_empty() {
                    String::new()
                } else {
                    format!(
                        " <span class=\"muted\">{}</span>",
                        escape(&extra.join(", "))
                    )
                }
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</aside></div>");
    out
}

#[derive(Debug, Default, Deserialize)]
struct ExtractForm {
    text: String,
    title: Option<String>,
    url: Option<String>,
}

fn extract_form_html(form: &ExtractForm) -> String {
    format!(
        "<h1>Extract</h1><p class=\"lead\">Paste an Indonesian news article to see who said what. \
         Nothing is stored.</p>\
         <form class=\"extract\" method=\"post\" action=\"/ui/extract\">\
         <label>Title<input name=\"title\" value=\"{}\"></label>\
         <label>URL<input name=\"url\" value=\"{}\"></label>\
         <label>Article text<textarea name=\"text\" rows=\"14\" required \
         placeholder=\"JAKARTA, KOMPAS.com - …\">{}</textarea></label>\
         <button type=\"submit\">Extract</button></form>",
        escape(form.title.as_deref().unwrap_or("")),
        escape(form.url.as_deref().unwrap_or("")),
        escape(&form.text)
    )
}

async fn extract_form() -> Html<String> {
    layout(
        "Extract",
        Nav::Extract,
        &extract_form_html(&ExtractForm::default()),
    )
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
    };
    let output = state.extract(request.into_document()).await?;
    let json = serde_json::to_string_pretty(&output).unwrap_or_default();
    let body = format!(
        "{}<section class=\"extraction\">{}<details class=\"json\"><summary>warta/1 JSON</summary>\
         <pre>{}</pre></details></section>",
        extract_form_html(&form),
        article_body(&output, None),
        escape(&json)
    );
    Ok(layout("Extraction", Nav::Extract, &body))
}
