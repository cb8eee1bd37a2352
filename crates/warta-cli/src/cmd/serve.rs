//! `warta serve`: the JSON API and the web UI over a corpus database.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use warta_server::{
    DEFAULT_BODY_LIMIT, DEFAULT_CACHE_BYTES, DEFAULT_CACHE_ENTRIES, DEFAULT_REQUEST_TIMEOUT,
    ServerConfig, ServerError,
};

#[derive(clap::Args)]
pub struct Args {
    /// The corpus database (see `warta index`). It must exist unless --create is given.
    #[arg(long, default_value = "warta.db")]
    db: PathBuf,
    /// Create an empty database when --db names none (otherwise a missing one is an error).
    #[arg(long)]
    create: bool,
    /// Where to listen. Loopback by default; give e.g. 0.0.0.0:8080 to accept other machines.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// A host name the server answers to besides localhost, 127.0.0.1 and [::1] (repeatable).
    /// A loopback server answers to loopback names alone unless given some, so that web pages
    /// cannot reach it through DNS rebinding.
    #[arg(long = "allow-host", value_name = "NAME")]
    allow_hosts: Vec<String>,
    /// Largest accepted request body, in bytes; larger ones get 413.
    #[arg(long, default_value_t = DEFAULT_BODY_LIMIT)]
    body_limit: usize,
    /// Seconds a request may take (body upload included) before it is stopped with 503.
    #[arg(long, default_value_t = DEFAULT_REQUEST_TIMEOUT.as_secs_f64())]
    request_timeout: f64,
    /// How many recent answers to keep for repeated requests (dropped whenever the database
    /// changes); 0 turns the cache off.
    #[arg(long, default_value_t = DEFAULT_CACHE_ENTRIES)]
    cache_entries: usize,
    /// The most bytes of answers the cache keeps.
    #[arg(long, default_value_t = DEFAULT_CACHE_BYTES)]
    cache_bytes: usize,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let request_timeout = Duration::try_from_secs_f64(args.request_timeout)
        .ok()
        .filter(|t| !t.is_zero())
        .ok_or_else(|| {
            anyhow::anyhow!(
                "--request-timeout must be a positive number of seconds, not {}",
                args.request_timeout
            )
        })?;
    let config = ServerConfig {
        addr: args.addr,
        body_limit: args.body_limit,
        cache_entries: args.cache_entries,
        cache_bytes: args.cache_bytes,
        request_timeout,
        allowed_hosts: args.allow_hosts.clone(),
        create: args.create,
        ..ServerConfig::new(&args.db)
    };
    // An article whose client has gone is not analysed to its end: past the request's deadline it
    // stops after the stage it is in.
    let warta = warta::Warta::builder()
        .max_document_time(request_timeout)
        .build()?;
    let served = warta_server::run(&config, warta, |addr| {
        // Tests and scripts read this line to find the port when --addr ends in :0.
        eprintln!("warta: serving {} on http://{addr}/", args.db.display());
        if !addr.ip().is_loopback() {
            eprintln!(
                "warta: listening beyond this machine ({addr}): anyone who can reach it can read the corpus"
            );
        }
    });
    match served {
        Ok(()) => Ok(ExitCode::SUCCESS),
        // The library names what is missing; the command line knows how to make it.
        Err(err @ ServerError::NoDatabase(_)) => Err(anyhow::anyhow!(
            "{err} (index articles into it with `warta index FILES --db {}`, or give --create to serve an empty one)",
            args.db.display()
        )),
        Err(err) => Err(err.into()),
    }
}
