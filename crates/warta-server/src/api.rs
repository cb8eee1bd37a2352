//! The JSON API. Errors are `{"error": "…"}` with a status that says whose fault it was: 400 for a bad
//! query, 404 for an unknown id, 413 for a body over the limit, 500 only for the server's own failures.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use warta_core::{Document, Meta};
use warta_store::{
    Day, DocumentHit, QuoteHit, QuoteQuery, Sort, SpeakerKind, SpeakerQuery, SpeakerSummary,
    StoreError, export, parse_kind,
};

use crate::AppState;

const OPENAPI: &str = include_str!("../assets/openapi.json");

pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/quotes", get(quotes))
        .route("/speakers", get(speakers))
        .route("/speakers/{id}", get(speaker))
        .route("/documents", get(documents))
        .route("/documents/{id}", get(document))
        .route("/extract", post(extract))
        .route("/openapi.json", get(openapi))
        .route("/health", get(|| async { "ok" }))
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub(crate) fn not_found(what: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, format!("{} not found", what.into()))
    }

    /// A request that ran past its deadline; its queries have been stopped.
    pub(crate) fn too_slow(timeout: std::time::Duration) -> Self {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the request took longer than {:.1} s and was stopped; narrow the search or try again",
                timeout.as_secs_f64()
            ),
        )
    }

    pub(crate) fn internal(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::BadQuery(message) => ApiError::bad_request(format!(
                "invalid search query ({message}); use plain words, \"an exact phrase\", AND, OR, NOT or prefix*"
            )),
            StoreError::Invalid(message) => ApiError::bad_request(message),
            StoreError::NotFound(what) => ApiError::not_found(what),
            other => ApiError::internal(other.to_string()),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::new(rejection.status(), rejection.body_text())
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        ApiError::new(rejection.status(), rejection.body_text())
    }
}

impl From<BytesRejection> for ApiError {
    fn from(rejection: BytesRejection) -> Self {
        ApiError::new(rejection.status(), rejection.body_text())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body {
            error: String,
        }
        (
            self.status,
            Json(Body {
                error: self.message,
            }),
        )
            .into_response()
    }
}

/// Query parameters of `/quotes` and of the UI's search page. Empty strings mean "no filter" so
/// that a submitted form with blank fields works.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct QuoteParams {
    pub q: Option<String>,
    pub speaker: Option<String>,
    pub speaker_id: Option<i64>,
    pub org: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Part of the outlet's name.
    pub outlet: Option<String>,
    /// `person` or `organisation`.
    pub speaker_kind: Option<String>,
    /// `relevance`, `newest` or `oldest`.
    pub sort: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
    /// `csv` or `json`: the whole result (up to [`DOWNLOAD_LIMIT`]) as a file to save.
    pub format: Option<String>,
}

/// The most rows a download holds.
pub(crate) const DOWNLOAD_LIMIT: usize = 10_000;

/// A download's format (`format=csv|json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Download {
    Csv,
    Json,
}

impl Download {
    pub(crate) fn parse(format: &Option<String>) -> Result<Option<Download>, ApiError> {
        match non_empty(format) {
            None => Ok(None),
            Some("csv") => Ok(Some(Download::Csv)),
            Some("json") => Ok(Some(Download::Json)),
            Some(other) => Err(ApiError::bad_request(format!(
                "format must be csv or json, not `{other}`"
            ))),
        }
    }

    /// `rows` as a file named `name`.csv or `name`.json; `csv` writes them as CSV.
    fn respond<T: Serialize>(
        self,
        name: &str,
        rows: &[T],
        csv: impl FnOnce(&mut Vec<u8>, &[T]) -> std::io::Result<()>,
    ) -> Result<Response, ApiError> {
        let (body, content_type, extension) = match self {
            Download::Csv => {
                let mut body = Vec::new();
                csv(&mut body, rows).map_err(|e| ApiError::internal(e.to_string()))?;
                (body, "text/csv; charset=utf-8", "csv")
            }
            Download::Json => (
                serde_json::to_vec_pretty(rows).map_err(|e| ApiError::internal(e.to_string()))?,
                "application/json",
                "json",
            ),
        };
        Ok((
            [
                (header::CONTENT_TYPE, content_type.to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}.{extension}\""),
                ),
            ],
            body,
        )
            .into_response())
    }
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

pub(crate) fn day(s: &Option<String>) -> Result<Option<Day>, ApiError> {
    non_empty(s)
        .map(Day::parse)
        .transpose()
        .map_err(ApiError::from)
}

impl QuoteParams {
    pub(crate) fn to_query(&self) -> Result<QuoteQuery, ApiError> {
        let kind = match non_empty(&self.kind) {
            None => None,
            Some(k) => Some(parse_kind(k).ok_or_else(|| {
                ApiError::bad_request(format!("type must be direct, indirect or mixed, not `{k}`"))
            })?),
        };
        Ok(QuoteQuery {
            text: non_empty(&self.q).map(str::to_owned),
            speaker: non_empty(&self.speaker).map(str::to_owned),
            speaker_id: self.speaker_id,
            org: non_empty(&self.org).map(str::to_owned),
            from: day(&self.from)?,
            to: day(&self.to)?,
            kind,
            outlet: non_empty(&self.outlet).map(str::to_owned),
            speaker_kind: non_empty(&self.speaker_kind)
                .map(SpeakerKind::parse)
                .transpose()?,
            document_id: None,
            sort: non_empty(&self.sort).map(Sort::parse).transpose()?,
            limit: self.limit.unwrap_or(50),
            offset: self.offset.unwrap_or(0),
        })
    }
}

#[derive(Serialize)]
struct QuotesPage {
    quotes: Vec<QuoteHit>,
    /// How many quotes match in all.
    total: u64,
    limit: usize,
    offset: usize,
}

async fn quotes(
    State(state): State<Arc<AppState>>,
    params: Result<Query<QuoteParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(params) = params?;
    let mut query = params.to_query()?;
    if let Some(download) = Download::parse(&params.format)? {
        query.limit = DOWNLOAD_LIMIT;
        let hits = state.read(move |store| store.export_quotes(&query)).await?;
        return download.respond("quotes", &hits, |out, hits| {
            export::write_quotes_csv(out, hits)
        });
    }
    // What the store returns, not what was asked: `limit=0` is 50 and no page exceeds 1,000.
    let (limit, offset) = (
        warta_store::page_size(query.limit),
        query.offset.min(i64::MAX as usize),
    );
    let (quotes, total) = state
        .read(move |store| Ok((store.search_quotes(&query)?, store.count_quotes(&query)?)))
        .await?;
    Ok(Json(QuotesPage {
        quotes,
        total,
        limit,
        offset,
    })
    .into_response())
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct SpeakerParams {
    pub top: Option<usize>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub name: Option<String>,
    /// `person` (people only) or `organisation`.
    pub kind: Option<String>,
    /// `csv` or `json`: the list as a file to save.
    pub format: Option<String>,
}

impl SpeakerParams {
    pub(crate) fn to_query(&self) -> Result<SpeakerQuery, ApiError> {
        Ok(SpeakerQuery {
            top: self.top.unwrap_or(20),
            from: day(&self.from)?,
            to: day(&self.to)?,
            name: non_empty(&self.name).map(str::to_owned),
            kind: non_empty(&self.kind).map(SpeakerKind::parse).transpose()?,
        })
    }
}

#[derive(Serialize)]
struct SpeakersPage {
    speakers: Vec<SpeakerSummary>,
}

async fn speakers(
    State(state): State<Arc<AppState>>,
    params: Result<Query<SpeakerParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(params) = params?;
    let query = params.to_query()?;
    let download = Download::parse(&params.format)?;
    let speakers = state.read(move |store| store.speakers(&query)).await?;
    match download {
        Some(download) => download.respond("speakers", &speakers, |out, speakers| {
            export::write_speakers_csv(out, speakers)
        }),
        None => Ok(Json(SpeakersPage { speakers }).into_response()),
    }
}

async fn speaker(
    State(state): State<Arc<AppState>>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let detail = state.read(move |store| store.speaker(id)).await?;
    match detail {
        Some(detail) => Ok(Json(detail).into_response()),
        None => Err(ApiError::not_found(format!("speaker {id}"))),
    }
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct DocumentParams {
    pub q: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

#[derive(Serialize)]
struct DocumentsPage {
    documents: Vec<DocumentHit>,
    /// How many articles match `q` in all (absent without `q`).
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<u64>,
}

async fn documents(
    State(state): State<Arc<AppState>>,
    params: Result<Query<DocumentParams>, QueryRejection>,
) -> Result<Json<DocumentsPage>, ApiError> {
    let Query(params) = params?;
    let limit = params.limit.unwrap_or(20);
    let (documents, total) = match non_empty(&params.q).map(str::to_owned) {
        Some(q) => {
            let offset = params.offset.unwrap_or(0);
            state
                .read(move |store| {
                    Ok((
                        store.search_documents(&q, limit, offset)?,
                        Some(store.count_documents(&q)?),
                    ))
                })
                .await?
        }
        None => (
            state
                .read(move |store| store.recent_documents(limit))
                .await?,
            None,
        ),
    };
    Ok(Json(DocumentsPage { documents, total }))
}

async fn document(
    State(state): State<Arc<AppState>>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    match state.read(move |store| store.document(id)).await? {
        Some(doc) => Ok(Json(doc).into_response()),
        None => Err(ApiError::not_found(format!("document {id}"))),
    }
}

/// The body of `POST /extract`, JSON only: a web page on another site can post `text/plain` or a
/// form to this server without the browser asking it first, but not JSON.
#[derive(Debug, Deserialize)]
pub(crate) struct ExtractRequest {
    pub text: String,
    pub id: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    pub author: Option<String>,
}

impl ExtractRequest {
    pub(crate) fn into_document(self) -> Document {
        let meta = Meta {
            id: self.id,
            url: self.url,
            title: self.title,
            published: self.published,
            source: self.source,
            author: self.author,
            ..Meta::default()
        };
        Document::new(self.text, meta)
    }
}

async fn extract(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body?;
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            r#"POST /extract takes JSON, {"text": "…"}, sent as Content-Type: application/json"#,
        ));
    }
    let request = serde_json::from_slice::<ExtractRequest>(&body)
        .map_err(|e| ApiError::bad_request(format!("invalid JSON body: {e}")))?;
    let output = state.extract(request.into_document()).await?;
    Ok(Json(output).into_response())
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}
