//! `warta eval quotes GOLD.json [--errors]`: quotes and speakers against a news-gold file (every
//! quotation of real articles marked by hand; the format and scoring convention are in the README
//! beside the file).

use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, bail};
use warta_core::Document;
use warta_core::output::{OutputDocument, OutputOptions};
use warta_eval::quotes::{ErrorKind, GoldArticle, QuoteReport, TYPES, read_gold};
use warta_ingest::{DecodeOptions, Decoded, Origin, Payload, RawRecord};

#[derive(clap::Args)]
pub struct Args {
    /// A gold file in the news-gold format (`quotes/news-gold/dev.json` of the shared data).
    pub gold: PathBuf,
    /// The directory the gold file's `file` paths are relative to. Default: `$WARTA_DATA`, else
    /// three levels above the gold file (`shared/data` for `shared/data/quotes/news-gold/dev.json`).
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Score this output of `warta extract` (JSON Lines, matched to the gold articles by URL)
    /// instead of running the pipeline.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print every miss, false alarm and wrong or incomplete speaker with its context.
    #[arg(long)]
    pub errors: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let gold = read_gold(&args.gold)?;
    let data = match &args.data {
        Some(dir) => dir.clone(),
        None => match std::env::var_os("WARTA_DATA") {
            Some(dir) => PathBuf::from(dir),
            None => args
                .gold
                .canonicalize()
                .with_context(|| args.gold.display().to_string())?
                .ancestors()
                .nth(3)
                .map(Path::to_path_buf)
                .unwrap_or_default(),
        },
    };
    let saved = args.output.as_deref().map(read_outputs).transpose()?;
    let warta = warta::Warta::bundled()?;
    let mut lines = LineCache::default();
    let mut report = QuoteReport::default();
    for article in &gold.articles {
        let out = match &saved {
            Some(saved) => {
                let url = article.url.as_deref().unwrap_or_default();
                saved
                    .get(url)
                    .cloned()
                    .with_context(|| format!("{url}: not in the output file"))?
            }
            None => {
                let doc = read_article(&data, article, &mut lines)?;
                warta
                    .analyse_document(doc)?
                    .output(OutputOptions::default())
            }
        };
        report.add(article, &out);
    }
    if args.errors {
        print_errors(&report);
    }
    print_summary(&args.gold, &report);
    Ok(ExitCode::SUCCESS)
}

/// The lines of the JSON Lines files read so far, so that each file is read once.
#[derive(Default)]
struct LineCache(HashMap<PathBuf, Vec<String>>);

/// The gold article's record, decoded as `extract` decodes a JSON Lines record.
fn read_article(
    data: &Path,
    article: &GoldArticle,
    cache: &mut LineCache,
) -> anyhow::Result<Document> {
    let path = data.join(&article.file);
    if !cache.0.contains_key(&path) {
        let file = std::fs::File::open(&path).with_context(|| {
            format!(
                "{} (the gold file's data directory; set --data or WARTA_DATA)",
                path.display()
            )
        })?;
        let lines = std::io::BufReader::new(file)
            .lines()
            .collect::<Result<Vec<_>, _>>()
            .with_context(|| path.display().to_string())?;
        cache.0.insert(path.clone(), lines);
    }
    let lines = &cache.0[&path];
    let Some(line) = article.line.checked_sub(1).and_then(|i| lines.get(i)) else {
        bail!("{}: no line {}", path.display(), article.line);
    };
    let record = RawRecord {
        origin: Origin::line(Arc::from(path.display().to_string()), article.line as u64),
        file_offset: None,
        payload: Payload::JsonLine(line.clone().into_bytes()),
    };
    match record.decode(DecodeOptions::default())? {
        Decoded::Article(a) => Ok(Document::new(a.text, a.meta)),
        Decoded::Skipped { reason, .. } => {
            bail!("{}:{}: {}", path.display(), article.line, reason.as_str())
        }
    }
}

fn read_outputs(path: &Path) -> anyhow::Result<HashMap<String, OutputDocument>> {
    let file = std::fs::File::open(path).with_context(|| path.display().to_string())?;
    let mut out = HashMap::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| path.display().to_string())?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: OutputDocument =
            serde_json::from_str(&line).with_context(|| format!("{}:{}", path.display(), i + 1))?;
        for url in doc.url.iter().chain(&doc.other_urls) {
            out.insert(url.clone(), doc.clone());
        }
    }
    Ok(out)
}

fn print_errors(report: &QuoteReport) {
    for kind in [
        ErrorKind::Missed,
        ErrorKind::FalseAlarm,
        ErrorKind::WrongSpeaker,
        ErrorKind::ShortName,
    ] {
        let errors: Vec<_> = report.errors.iter().filter(|e| e.kind == kind).collect();
        println!("== {} ({})", kind.as_str(), errors.len());
        for e in errors {
            println!(
                "{} {} [{}..{}] {}",
                e.quote_type, e.article, e.start, e.end, e.context
            );
            println!(
                "    gold: {:?}  predicted: {:?}  cue: {:?}",
                e.gold_speaker.as_deref().unwrap_or("-"),
                e.predicted_speaker.as_deref().unwrap_or("-"),
                e.cue.as_deref().unwrap_or("-")
            );
        }
        println!();
    }
}

fn print_summary(gold: &Path, report: &QuoteReport) {
    println!("{}: {} articles", gold.display(), report.articles);
    println!(
        "{:<10} {:>5} {:>5} | {:>6} {:>6} {:>6}",
        "quotes", "gold", "pred", "P", "R", "F1"
    );
    let o = report.overall;
    println!(
        "{:<10} {:>5} {:>5} | {:>6.3} {:>6.3} {:>6.3}",
        "all",
        o.gold,
        o.predicted,
        o.precision(),
        o.recall(),
        o.f1()
    );
    for t in TYPES.iter().copied().chain(["other"]) {
        let Some(c) = report.by_type.get(t) else {
            continue;
        };
        println!(
            "{:<10} {:>5} {:>5} | {:>6.3} {:>6.3} {:>6.3}",
            t,
            c.gold,
            c.predicted,
            c.precision(),
            c.recall(),
            c.f1()
        );
    }
    println!("(per type: recall by the gold type, precision by the predicted type)");
    println!(
        "speaker:   {:.3} ({} of {} matched quotes)",
        report.speaker_accuracy(),
        report.speaker_right,
        report.matched
    );
    println!(
        "full name: {:.3} ({} of {} matched quotes)",
        report.full_name_accuracy(),
        report.full_name_right,
        report.matched
    );
}
