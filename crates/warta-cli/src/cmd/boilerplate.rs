//! `warta boilerplate`: the paragraphs a corpus store has learnt as its sites' boilerplate, and
//! learning them again over every stored article.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use warta_store::{DEFAULT_BOILERPLATE_ARTICLES, Store};

use super::search::{open_existing, write_table};

/// How `warta index` and `warta boilerplate --relearn` learn boilerplate.
#[derive(clap::Args)]
pub struct Learning {
    /// A paragraph carried by this many articles of one site is that site's boilerplate, and the
    /// quotes inside it are not counted (unless one speaker is credited with them in a quarter of
    /// those articles: a statement repeated as news); 0 learns nothing.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_BOILERPLATE_ARTICLES)]
    pub boilerplate_articles: u32,
}

impl Learning {
    pub fn apply(&self, store: &mut Store) {
        store.learn_boilerplate_after(self.boilerplate_articles);
    }
}

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value = "warta.db")]
    db: PathBuf,
    /// Only this site (as listed: its source, else its host).
    #[arg(long)]
    site: Option<String>,
    /// First count the paragraphs of every stored article again and learn with `--boilerplate-articles`:
    /// for a database indexed before warta counted paragraphs, or with another threshold.
    #[arg(long)]
    relearn: bool,
    #[command(flatten)]
    learning: Learning,
    /// One JSON object per line instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut store = open_existing(&args.db)?;
    if args.relearn {
        args.learning.apply(&mut store);
        let report = store.relearn_boilerplate()?;
        eprintln!(
            "counted the paragraphs of {} articles: {} are boilerplate; {} quotes stored before, {} now",
            report.articles, report.lines, report.quotes_before, report.quotes_after
        );
    }
    let mut lines = store.boilerplate_lines()?;
    if let Some(site) = &args.site {
        let site = site.trim().to_lowercase();
        lines.retain(|l| l.site == site);
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if args.json {
        for line in &lines {
            serde_json::to_writer(&mut out, line)?;
            writeln!(out)?;
        }
    } else {
        let rows: Vec<Vec<String>> = lines
            .iter()
            .map(|l| vec![l.site.clone(), l.articles.to_string(), l.text.clone()])
            .collect();
        write_table(&mut out, &["site", "articles", "paragraph"], &rows)?;
    }
    Ok(ExitCode::SUCCESS)
}
