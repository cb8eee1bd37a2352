//! The server's bounds over a real socket: idle and slow clients, request deadlines, shutdown.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use warta::{Pipeline, Warta};
use warta_server::{AppState, ServerConfig, router_with, serve};
use warta_store::{Store, sample};

struct Running {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    /// Receives when `serve` returns.
    done: std::sync::mpsc::Receiver<()>,
    _runtime: tokio::runtime::Runtime,
    dir: PathBuf,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Running {
    /// Asks the server to stop and waits (at most a minute) for `serve` to return; how long it took.
    fn shut_down(&mut self) -> Duration {
        let asked = Instant::now();
        let _ = self.stop.take().unwrap().send(());
        self.done
            .recv_timeout(Duration::from_secs(60))
            .expect("serve did not return within a minute of the shutdown signal");
        asked.elapsed()
    }
}

fn start(configure: impl FnOnce(&mut ServerConfig)) -> Running {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "warta-server-limits-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("corpus.db");
    let mut store = Store::open(&db).unwrap();
    for doc in sample::corpus() {
        store.index(&doc).unwrap();
    }
    drop(store);
    let mut config = ServerConfig::new(&db);
    configure(&mut config);
    let state = AppState::open(&config, Warta::with_pipeline(Pipeline::new())).unwrap();
    let app = router_with(state, &config);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (done_tx, done) = std::sync::mpsc::channel();
    runtime.spawn(async move {
        let signal = async move {
            let _ = stopped.await;
        };
        serve(listener, app, &config, signal).await.unwrap();
        let _ = done_tx.send(());
    });
    Running {
        addr,
        stop: Some(stop),
        done,
        _runtime: runtime,
        dir,
    }
}

/// Reads until the server closes the connection (or `limit` passes); what was read and when the
/// reading ended, from `since`.
fn read_until_closed(
    stream: &mut TcpStream,
    since: Instant,
    limit: Duration,
) -> (String, Duration) {
    stream
        .set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while since.elapsed() < limit {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => break,
        }
    }
    (String::from_utf8_lossy(&seen).into_owned(), since.elapsed())
}

// Issue 17, defect 6: idle connections and headers sent a line a second were never timed out.
#[test]
fn idle_connections_and_slow_headers_are_cut_off() {
    let server = start(|c| c.header_timeout = Duration::from_millis(500));

    let connected = Instant::now();
    let mut idle = TcpStream::connect(server.addr).unwrap();
    let (_, took) = read_until_closed(&mut idle, connected, Duration::from_secs(10));
    assert!(
        took < Duration::from_secs(5),
        "an idle connection stayed open {took:?}"
    );

    // Headers trickled a line every 200 ms: the connection is closed although the client is still
    // sending.
    let mut slow = TcpStream::connect(server.addr).unwrap();
    let started = Instant::now();
    slow.write_all(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    let mut closed = false;
    while started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(200));
        if slow.write_all(b"X-Slow: a\r\n").is_err() {
            closed = true;
            break;
        }
        slow.set_read_timeout(Some(Duration::from_millis(1)))
            .unwrap();
        let mut buf = [0u8; 256];
        if slow.read(&mut buf).is_ok() {
            // Either a 408 answer or the end of the stream: the server is done with it.
            closed = true;
            break;
        }
    }
    assert!(closed, "headers trickled for {:?}", started.elapsed());
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );

    // A client that sends its headers in time is served as before.
    let mut fine = TcpStream::connect(server.addr).unwrap();
    fine.write_all(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .unwrap();
    let (answer, _) = read_until_closed(&mut fine, Instant::now(), Duration::from_secs(10));
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

// Issue 17, defect 6: a body sent slowly held its request open forever.
#[test]
fn a_slow_body_meets_the_request_deadline() {
    let server = start(|c| c.request_timeout = Duration::from_millis(800));
    let mut slow = TcpStream::connect(server.addr).unwrap();
    let started = Instant::now();
    slow.write_all(
        b"POST /extract HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"text\": \"",
    )
    .unwrap();
    let (answer, took) = read_until_closed(&mut slow, started, Duration::from_secs(10));
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer:?}");
    assert!(answer.contains("took longer than 0.8 s"), "{answer}");
    assert!(took < Duration::from_secs(5), "{took:?}");
}

// Issue 17, defect 1: SIGTERM waited for every request in flight, however long.
#[test]
fn shutdown_ends_within_its_grace_period_with_requests_in_flight() {
    let mut server = start(|c| {
        c.request_timeout = Duration::from_secs(600);
        c.shutdown_grace = Duration::from_millis(500);
    });
    // A request in flight (its body never comes) and an idle keep-alive connection.
    let mut in_flight = TcpStream::connect(server.addr).unwrap();
    in_flight
        .write_all(
            b"POST /extract HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{",
        )
        .unwrap();
    let mut idle = TcpStream::connect(server.addr).unwrap();
    idle.write_all(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let took = server.shut_down();
    assert!(took < Duration::from_secs(3), "shutdown took {took:?}");
    // Nothing is listening any more.
    assert!(TcpStream::connect(server.addr).is_err());
}
