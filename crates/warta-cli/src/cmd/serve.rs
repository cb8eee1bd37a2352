//! `warta serve`: the JSON API and the web UI over a corpus database.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use warta_server::{DEFAULT_BODY_LIMIT, DEFAULT_CACHE_ENTRIES, ServerConfig};

#[derive(clap::Args)]
pub struct Args {
    /// The corpus database (see `warta index`).
    #[arg(long, default_value = "warta.db")]
    db: PathBuf,
    /// Where to listen. Loopback by default; give e.g. 0.0.0.0:8080 to accept other machines.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Largest accepted request body, in bytes; larger ones get 413.
    #[arg(long, default_value_t = DEFAULT_BODY_LIMIT)]
    body_limit: usize,
    /// How many recent answers to keep for repeated requests (dropped whenever the database
    /// changes); 0 turns the cache off.
    #[arg(long, default_value_t = DEFAULT_CACHE_ENTRIES)]
    cache_entries: usize,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let config = ServerConfig {
        addr: args.addr,
        body_limit: args.body_limit,
        cache_entries: args.cache_entries,
        ..ServerConfig::new(&args.db)
    };
    let warta = warta::Warta::bundled()?;
    warta_server::run(&config, warta, |addr| {
        // Tests and scripts read this line to find the port when --addr ends in :0.
        eprintln!("warta: serving {} on http://{addr}/", args.db.display());
        if !addr.ip().is_loopback() {
            eprintln!(
                "warta: listening beyond this machine ({addr}): anyone who can reach it can read the corpus"
            );
        }
    })?;
    Ok(ExitCode::SUCCESS)
}
