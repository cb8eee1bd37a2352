//! `warta report`: the spokespeople report of a period as one self-contained HTML file (see
//! `warta_server::report`). The module is not named `report`: that is the batch commands' terminal
//! reporting (`cmd::report`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use warta_dates::CivilDate;
use warta_server::report::{self, ReportOptions};
use warta_store::ReportQuery;

use super::search::open_existing;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value = "warta.db")]
    db: PathBuf,
    /// First day of the period (YYYY-MM-DD, YYYY-MM or YYYY: its first day).
    #[arg(long)]
    from: String,
    /// Last day of the period (YYYY-MM-DD, YYYY-MM or YYYY: its last day).
    #[arg(long)]
    to: String,
    /// Only articles of this outlet: a host such as detik.com (its subdomains included).
    #[arg(long, value_name = "HOST")]
    outlet: Option<String>,
    /// Speakers ranked and profiled.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=100))]
    top: u16,
    /// Statements in the list of the most cited.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(0..=100))]
    statements: u16,
    /// Rank organisations and unattributed kinds too, not only people.
    #[arg(long)]
    all_speakers: bool,
    /// The HTML file to write (replaced when the report is complete).
    #[arg(long, short)]
    output: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut query = ReportQuery::new(&args.from, &args.to, args.outlet.as_deref())?;
    query.people_only = !args.all_speakers;
    let store = open_existing(&args.db)?;
    let options = ReportOptions {
        top: usize::from(args.top),
        statements: usize::from(args.statements),
        generated: CivilDate::today(),
    };
    let html = report::render(&store, &query, &options)?;

    // Written beside the output and renamed over it, so that a failed run leaves no half report.
    let path = &args.output;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => std::path::Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".warta-report");
    #[cfg(unix)]
    builder.permissions(super::extract::replacement_permissions(path));
    let mut file = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    file.write_all(html.as_bytes())
        .and_then(|()| file.flush())
        .with_context(|| format!("writing {}", path.display()))?;
    file.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", path.display()))?;
    let totals = store.report_totals(&query)?;
    eprintln!(
        "report: {} statements in {} articles, {} speakers, {} to {}: {}",
        totals.statements,
        totals.documents,
        totals.speakers,
        query.first.iso(),
        query.last.iso(),
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}
