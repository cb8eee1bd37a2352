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
mod guard;
mod html;
pub mod id_format;
pub mod report;
mod timeline;
mod ui;

use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
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
    /// The most bytes of response bodies the cache keeps.
    pub cache_bytes: usize,
    /// Every request is answered within this time (503 past it), body upload included; its
    /// queries are stopped then.
    pub request_timeout: Duration,
    /// A client must send a request's headers within this time, and an idle connection is closed
    /// after it.
    pub header_timeout: Duration,
    /// After Ctrl-C or SIGTERM, requests in flight get this long to finish.
    pub shutdown_grace: Duration,
    /// Host names the server answers to besides loopback ones (`localhost`, `127.0.0.1`, `[::1]`).
    /// A server on a loopback address with none answers to loopback names alone, so that a web page
    /// cannot reach it through DNS rebinding; one on another address answers to any name unless
    /// some are given.
    pub allowed_hosts: Vec<String>,
    /// Create an empty database when none exists, instead of refusing to start.
    pub create: bool,
}

pub const DEFAULT_BODY_LIMIT: usize = 5 * 1024 * 1024;
pub const DEFAULT_CACHE_ENTRIES: usize = 1024;
pub const DEFAULT_CACHE_BYTES: usize = 64 * 1024 * 1024;
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

impl ServerConfig {
    pub fn new(db: impl Into<PathBuf>) -> Self {
        ServerConfig {
            db: db.into(),
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 8080)),
            body_limit: DEFAULT_BODY_LIMIT,
            readers: 8,
            cache_entries: DEFAULT_CACHE_ENTRIES,
            cache_bytes: DEFAULT_CACHE_BYTES,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            shutdown_grace: DEFAULT_SHUTDOWN_GRACE,
            allowed_hosts: Vec::new(),
            create: false,
        }
    }
}

/// Why the server could not start or stopped. Each message carries its cause's text and no
/// `source()`, so that a caller printing the chain says every cause once.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("no database at {0}")]
    NoDatabase(PathBuf),
    #[error("cannot open the database {path}: {error}")]
    Store { path: PathBuf, error: StoreError },
    #[error("cannot listen on {addr}: {error}")]
    Bind {
        addr: SocketAddr,
        error: std::io::Error,
    },
    #[error("server: {0}")]
    Io(std::io::Error),
}

impl From<std::io::Error> for ServerError {
    fn from(error: std::io::Error) -> Self {
        ServerError::Io(error)
    }
}

/// What every handler shares.
pub struct AppState {
    db: PathBuf,
    idle: Mutex<Vec<Store>>,
    permits: Semaphore,
    /// Extractions that run at once: one per core, so that abandoned ones (an analysis cannot be
    /// stopped half way) never take more than the machine.
    extractions: Arc<Semaphore>,
    /// How long one read may run before it is stopped.
    query_timeout: Duration,
    warta: Warta,
    cache: cache::ResponseCache,
}

impl AppState {
    /// Opens an existing database (never creating one) with the default limits; `cache_entries`
    /// responses are kept until the database changes (0: none).
    pub fn new(
        db: &Path,
        warta: Warta,
        readers: usize,
        cache_entries: usize,
    ) -> Result<Arc<AppState>, ServerError> {
        AppState::open(
            &ServerConfig {
                readers,
                cache_entries,
                ..ServerConfig::new(db)
            },
            warta,
        )
    }

    /// Opens the database of `config`: an existing one read-only, or, with `config.create`, a new
    /// or older one created and migrated first.
    pub fn open(config: &ServerConfig, warta: Warta) -> Result<Arc<AppState>, ServerError> {
        let db = config.db.as_path();
        let store_error = |error| ServerError::Store {
            path: db.to_owned(),
            error,
        };
        if config.create {
            drop(Store::open(db).map_err(store_error)?);
        } else if !db.is_file() {
            return Err(ServerError::NoDatabase(db.to_owned()));
        }
        // One reader opened now rather than at the first request: opening creates the write-ahead
        // log if no one holds the database open, which the cache would take for a change.
        let first_reader = Store::open_read_only(db).map_err(store_error)?;
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Ok(Arc::new(AppState {
            db: db.to_owned(),
            idle: Mutex::new(vec![first_reader]),
            permits: Semaphore::new(config.readers.max(1)),
            extractions: Arc::new(Semaphore::new(cores)),
            query_timeout: config.request_timeout,
            warta,
            cache: cache::ResponseCache::new(db, config.cache_entries, config.cache_bytes),
        }))
    }

    /// Bytes of responses the cache holds now.
    pub fn cached_bytes(&self) -> usize {
        self.cache.bytes()
    }

    /// Runs `query` on a pooled read-only connection on a blocking thread. The query is stopped
    /// when it runs past the request timeout or when this future is dropped (the client went away,
    /// or the request's deadline passed), so no abandoned search keeps a core busy.
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
        let abandoned = Arc::new(AtomicBool::new(false));
        let _abandon_on_drop = SetOnDrop(Arc::clone(&abandoned));
        let deadline = Instant::now() + self.query_timeout;
        let timeout = self.query_timeout;
        tokio::task::spawn_blocking(move || {
            let pooled = state.idle.lock().ok().and_then(|mut idle| idle.pop());
            let mut store = match pooled {
                Some(store) => store,
                None => Store::open_read_only(&state.db)?,
            };
            store.interrupt_when(move || {
                abandoned.load(Ordering::Relaxed) || Instant::now() >= deadline
            })?;
            let result = query(&store);
            // A connection whose condition cannot be cleared is not put back.
            if store.never_interrupt().is_ok()
                && let Ok(mut idle) = state.idle.lock()
            {
                idle.push(store);
            }
            result.map_err(|err| {
                if err.is_interrupted() {
                    ApiError::too_slow(timeout)
                } else {
                    ApiError::from(err)
                }
            })
        })
        .await
        .map_err(|e| ApiError::internal(format!("query task failed: {e}")))?
    }

    /// Analyses one article on a blocking thread, as every front end does (`Warta::analyse_document`).
    /// An analysis cannot be stopped half way: if the client leaves or the deadline passes it runs
    /// to its end, but it holds one of the per-core permits until then, so abandoned analyses never
    /// take more than the machine and new ones wait (within their own deadline) for a core.
    pub(crate) async fn extract(
        self: &Arc<Self>,
        doc: warta_core::Document,
    ) -> Result<warta::OutputDocument, ApiError> {
        let permit = Arc::clone(&self.extractions)
            .acquire_owned()
            .await
            .map_err(|_| ApiError::internal("server is shutting down"))?;
        let state = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
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

/// Sets the flag when dropped: tells a blocking query that its caller is gone.
struct SetOnDrop(Arc<AtomicBool>);

impl Drop for SetOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// The whole application with the default limits for a loopback server.
pub fn router(state: Arc<AppState>, body_limit: usize) -> Router {
    router_with(
        state,
        &ServerConfig {
            body_limit,
            ..ServerConfig::new("")
        },
    )
}

/// The whole application: API, UI, body limit, request deadline, Host and Origin checks, cache and
/// security headers.
pub fn router_with(state: Arc<AppState>, config: &ServerConfig) -> Router {
    let hosts = Arc::new(guard::HostPolicy::new(config.addr, &config.allowed_hosts));
    Router::new()
        .merge(api::routes())
        .merge(ui::routes())
        .layer(DefaultBodyLimit::max(config.body_limit))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            cache::cached,
        ))
        // Outside the cache, so a waiter for someone else's answer is bounded too.
        .layer(axum::middleware::from_fn_with_state(
            config.request_timeout,
            guard::deadline,
        ))
        // Outermost: a request from another site or for another host does no work at all.
        .layer(axum::middleware::from_fn_with_state(
            hosts,
            guard::same_site,
        ))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    // No script at all, styles and images only from this server: even if markup slipped through,
    // the browser would not run it.
    // A page that states its own policy keeps it (the report, self-contained, styles inline).
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ));
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
    let state = AppState::open(config, warta)?;
    let app = router_with(state, config);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let served = runtime.block_on(async {
        let listener = TcpListener::bind(config.addr)
            .await
            .map_err(|error| ServerError::Bind {
                addr: config.addr,
                error,
            })?;
        on_ready(listener.local_addr()?);
        serve(listener, app, config, shutdown_signal()).await?;
        Ok(())
    });
    // Queries of dropped requests stop at their next check; an extraction cannot be stopped, so
    // the process does not wait for one (the permits bound how many there are).
    runtime.shutdown_timeout(Duration::from_millis(200));
    served
}

/// Serves `app` on `listener` until `shutdown` completes, then gives requests in flight
/// `config.shutdown_grace` to finish and drops the rest (which stops their queries).
///
/// Each connection must send its request headers within `config.header_timeout` (hyper's header
/// read timeout, which also closes idle keep-alive connections); the request's own deadline
/// (`router_with`) bounds the body and the answer.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    config: &ServerConfig,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut connections = tokio::task::JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);
    let header_timeout = config.header_timeout;
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    // Out of file descriptors or a connection reset before it was accepted:
                    // pause instead of spinning, and go on.
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let service = TowerToHyperService::new(app.clone());
                let mut stopped = stopped.clone();
                connections.spawn(async move {
                    let mut builder = hyper::server::conn::http1::Builder::new();
                    builder
                        .timer(TokioTimer::new())
                        .header_read_timeout(header_timeout);
                    let connection = builder.serve_connection(TokioIo::new(stream), service);
                    let mut connection = std::pin::pin!(connection);
                    tokio::select! {
                        _ = connection.as_mut() => return,
                        _ = stopped.changed() => connection.as_mut().graceful_shutdown(),
                    }
                    let _ = connection.await;
                });
            }
            // Finished connections are collected as they end, so the set stays small.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let _ = stop.send(true);
    let drained = async { while connections.join_next().await.is_some() {} };
    let _ = tokio::time::timeout(config.shutdown_grace, drained).await;
    // Dropping the set aborts what is left; their queries see the caller gone and stop.
    connections.abort_all();
    Ok(())
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

    /// A state over the sample articles, reads stopped after `timeout`.
    fn sample_state(timeout: Duration) -> (Arc<AppState>, PathBuf) {
        use std::sync::atomic::AtomicUsize;
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "warta-server-read-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("corpus.db");
        let mut store = Store::open(&db).unwrap();
        for doc in warta_store::sample::corpus() {
            store.index(&doc).unwrap();
        }
        drop(store);
        let config = ServerConfig {
            request_timeout: timeout,
            ..ServerConfig::new(&db)
        };
        let state = AppState::open(&config, Warta::with_pipeline(warta::Pipeline::new())).unwrap();
        (state, dir)
    }

    /// A read that never ends by itself: searches over and over until a search fails, and reports
    /// whether it failed because it was stopped.
    fn endless_read(
        stopped: std::sync::mpsc::Sender<bool>,
    ) -> impl FnOnce(&Store) -> Result<(), StoreError> + Send + 'static {
        move |store| {
            let query = warta_store::QuoteQuery {
                text: Some("beras OR harga OR saksi".to_owned()),
                ..Default::default()
            };
            loop {
                if let Err(err) = store.search_quotes(&query) {
                    let _ = stopped.send(err.is_interrupted());
                    return Err(err);
                }
            }
        }
    }

    // Issue 17, defect 4: a search ran on after its client had gone.
    #[tokio::test]
    async fn a_read_stops_when_its_caller_goes_away() {
        // A deadline well past the 10 s the test waits, so that only the caller leaving can stop
        // the read in time (and a failing run ends soon after).
        let (state, dir) = sample_state(Duration::from_secs(20));
        let (tx, rx) = std::sync::mpsc::channel();
        let read = state.read(endless_read(tx));
        // The client leaves after 200 ms: the request's future is dropped.
        let left = tokio::time::timeout(Duration::from_millis(200), read).await;
        assert!(left.is_err(), "the endless read ended by itself");
        let stopped = rx.recv_timeout(Duration::from_secs(10));
        assert_eq!(stopped, Ok(true), "the read went on after its caller left");
        // The connection goes back to the pool and answers the next read.
        let stats = state.read(|store| store.stats()).await.unwrap();
        assert!(stats.quotes > 0);
        let _ = std::fs::remove_dir_all(dir);
    }

    // Issue 17, defect 4: and past any deadline.
    #[tokio::test]
    async fn a_read_stops_at_its_deadline_with_503() {
        let (state, dir) = sample_state(Duration::from_millis(300));
        let (tx, rx) = std::sync::mpsc::channel();
        let started = Instant::now();
        let err = state.read(endless_read(tx)).await.unwrap_err();
        assert_eq!(err.status, axum::http::StatusCode::SERVICE_UNAVAILABLE);
        assert!(
            err.message.contains("took longer than 0.3 s"),
            "{}",
            err.message
        );
        assert_eq!(rx.recv(), Ok(true));
        assert!(started.elapsed() < Duration::from_secs(10));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_missing_database_is_refused_not_created() {
        let dir = std::env::temp_dir().join(format!("warta-server-missing-{}", std::process::id()));
        let db = dir.join("typo.db");
        let warta = || Warta::with_pipeline(warta::Pipeline::new());
        let err = AppState::open(&ServerConfig::new(&db), warta())
            .err()
            .expect("a missing database was opened");
        assert!(matches!(err, ServerError::NoDatabase(_)), "{err}");
        assert_eq!(err.to_string(), format!("no database at {}", db.display()));
        assert!(!db.exists());
        // Asked to, it creates one.
        std::fs::create_dir_all(&dir).unwrap();
        let config = ServerConfig {
            create: true,
            ..ServerConfig::new(&db)
        };
        AppState::open(&config, warta()).unwrap();
        assert!(db.is_file());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn binds_loopback_with_a_five_megabyte_limit_by_default() {
        let config = ServerConfig::new("x.db");
        assert!(config.addr.ip().is_loopback());
        assert_eq!(config.body_limit, 5 * 1024 * 1024);
    }
}
