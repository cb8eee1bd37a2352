//! `warta serve`: a JSON API and a web UI over one corpus database, from one binary.
//!
//! The server only reads the database (indexing is `warta index`'s job), through a small pool of
//! read-only SQLite connections used on blocking threads, so slow queries never stall the async
//! workers. Every page is rendered on the server from escaped text: article text is untrusted, and no
//! byte of it reaches the browser as markup. A strict Content-Security-Policy backs that up.
//!
//! Routes: the API (`/quotes`, `/speakers`, `/speakers/{id}`, `/documents`, `/documents/{id}`,
//! `POST /extract`, `/openapi.json`) and the UI (`/`, `/ui/documents/{id}`, `/ui/speakers`,
//! `/ui/speakers/{id}`, `/ui/extract`, `/assets/*`).

mod api;
mod cache;
mod html;
mod ui;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use tokio::sync::Semaphore;
use warta::Warta;
use warta_store::{Store, StoreError};

pub use api::ApiError;

#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub db: PathBuf,
    /// Loopback by default: exposing the server is a deliberate choice.
    pub addr: SocketAddr,
    /// Request bodies larger than this get 413.
    pub body_limit: usize,
    /// Queries that run at once; the rest wait their turn.
    pub readers: usize,
    /// Recent GET responses kept until the database changes; 0 turns the cache off.
    pub cache_entries: usize,
}

pub const DEFAULT_BODY_LIMIT: usize = 5 * 1024 * 1024;
pub const DEFAULT_CACHE_ENTRIES: usize = 1024;

impl ServerConfig {
    pub fn new(db: impl Into<PathBuf>) -> Self {
        ServerConfig {
            db: db.into(),
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 8080)),
            body_limit: DEFAULT_BODY_LIMIT,
            readers: 8,
            cache_entries: DEFAULT_CACHE_ENTRIES,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot open the database: {0}")]
    Store(#[from] StoreError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// What every handler shares.
pub struct AppState {
    db: PathBuf,
    idle: Mutex<Vec<Store>>,
    permits: Semaphore,
    warta: Warta,
    cache: cache::ResponseCache,
}

impl AppState {
    /// Opens (and if needed creates and migrates) the database once, so that the read-only
    /// connections the handlers use find a current schema. `cache_entries` responses are kept
    /// until the database changes (0: none).
    pub fn new(
        db: &Path,
        warta: Warta,
        readers: usize,
        cache_entries: usize,
    ) -> Result<Arc<AppState>, ServerError> {
        drop(Store::open(db)?);
        // One reader opened now rather than at the first request: opening creates the write-ahead
        // log if no one holds the database open, which the cache would take for a change.
        let first_reader = Store::open_read_only(db)?;
        Ok(Arc::new(AppState {
            db: db.to_owned(),
            idle: Mutex::new(vec![first_reader]),
            permits: Semaphore::new(readers.max(1)),
            warta,
            cache: cache::ResponseCache::new(db, cache_entries),
        }))
    }

    /// Runs `query` on a pooled read-only connection on a blocking thread.
    pub(crate) async fn read<T, F>(self: &Arc<Self>, query: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| ApiError::internal("server is shutting down"))?;
        let state = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let pooled = state.idle.lock().ok().and_then(|mut idle| idle.pop());
            let store = match pooled {
                Some(store) => store,
                None => Store::open_read_only(&state.db)?,
            };
            let result = query(&store);
            if let Ok(mut idle) = state.idle.lock() {
                idle.push(store);
            }
            result.map_err(ApiError::from)
        })
        .await
        .map_err(|e| ApiError::internal(format!("query task failed: {e}")))?
    }

    /// Analyses one article on a blocking thread, as every front end does (`Warta::analyse_document`).
    pub(crate) async fn extract(
        self: &Arc<Self>,
        doc: warta_core::Document,
    ) -> Result<warta::OutputDocument, ApiError> {
        let state = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let analysis = state
                .warta
                .analyse_document(doc)
                .map_err(|e| ApiError::internal(e.to_string()))?;
            Ok(analysis.output(Default::default()))
        })
        .await
        .map_err(|e| ApiError::internal(format!("extraction task failed: {e}")))?
    }
}

/// The whole application: API, UI, body limit and security headers.
pub fn router(state: Arc<AppState>, body_limit: usize) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(ui::routes())
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            cache::cached,
        ))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    // No script at all, styles and images only from this server: even if markup slipped through,
    // the browser would not run it.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// Serves until Ctrl-C or SIGTERM. `on_ready` is told the address actually bound (useful with port 0).
pub fn run(
    config: &ServerConfig,
    warta: Warta,
    on_ready: impl FnOnce(SocketAddr),
) -> Result<(), ServerError> {
    let state = AppState::new(&config.db, warta, config.readers, config.cache_entries)?;
    let app = router(state, config.body_limit);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|source| ServerError::Bind {
                addr: config.addr,
                source,
            })?;
        on_ready(listener.local_addr()?);
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        Ok(())
    })
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binds_loopback_with_a_five_megabyte_limit_by_default() {
        let config = ServerConfig::new("x.db");
        assert!(config.addr.ip().is_loopback());
        assert_eq!(config.body_limit, 5 * 1024 * 1024);
    }
}
