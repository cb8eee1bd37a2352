//! How the batch commands (`extract`, `index`) talk to a person: a progress line on a terminal
//! (documents/s and MB/s of input; silent when standard error is not a terminal, as in pipes and CI
//! logs, or with `--quiet`), warnings and errors as they come, a closing summary, and one exit-code
//! policy for all of them.

use std::borrow::Cow;
use std::process::ExitCode;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use warta_batch::{Failure, Notice, Reporter, Summary};
use warta_ingest::RecordErrorKind;

pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    bytes: std::cell::Cell<u64>,
}

impl Progress {
    pub fn new(enabled: bool) -> Self {
        use std::io::IsTerminal;
        let bar = (enabled && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {human_pos} records, {msg} [{elapsed}]")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
            bytes: std::cell::Cell::new(0),
        }
    }

    pub fn advance(&self, records: u64, bytes: u64) {
        let Some(bar) = &self.bar else { return };
        self.bytes.set(self.bytes.get() + bytes);
        let seconds = self.started.elapsed().as_secs_f64().max(1e-3);
        bar.inc(records);
        bar.set_message(format!(
            "{:.0} records/s, {:.1} MB/s",
            bar.position() as f64 / seconds,
            self.bytes.get() as f64 / 1e6 / seconds
        ));
    }

    /// Prints above the bar so that messages and the bar do not garble each other.
    pub fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// `text` with the characters that would act on a terminal instead of being shown removed: C0 and
/// C1 control characters (ESC starts sequences that clear the screen, retitle the window or
/// rewrite what was printed; BEL rings) and the bidirectional overrides and isolates, which
/// reorder what follows them. Article text is untrusted; everything of it that the CLI prints for
/// a person goes through here. `keep_lines` keeps line feeds and tabs, for formats made of lines.
pub fn printable(text: &str, keep_lines: bool) -> Cow<'_, str> {
    let acts = |c: char| {
        (c.is_control() && !(keep_lines && (c == '\n' || c == '\t')))
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if text.chars().any(acts) {
        Cow::Owned(text.chars().filter(|&c| !acts(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// The batch engine's reporter for a terminal.
pub struct Terminal {
    progress: Progress,
    quiet: bool,
}

impl Terminal {
    pub fn new(quiet: bool) -> Self {
        Terminal {
            progress: Progress::new(!quiet),
            quiet,
        }
    }

    pub fn finish(&self) {
        self.progress.finish();
    }
}

impl Reporter for Terminal {
    fn advance(&self, records: u64, bytes: u64) {
        self.progress.advance(records, bytes);
    }

    fn notice(&self, notice: Notice<'_>) {
        let line = match notice {
            // Errors are said even with --quiet.
            Notice::Failed(failure) => format!("warta: error: {}", describe(failure)),
            _ if self.quiet => return,
            Notice::Replaced { origin, count } => format!(
                "warta: warning: {origin}: replaced {count} invalid UTF-8 sequence{} with U+FFFD",
                if count == 1 { "" } else { "s" }
            ),
            Notice::Skipped { origin, reason } if reason.is_notable() => {
                format!("warta: warning: {origin}: {reason}")
            }
            Notice::Skipped { .. } => return,
            Notice::JournalUnusable(warning) => format!("warta: {warning}"),
        };
        // Origins and messages may quote the input (a URL, a file name).
        self.progress.println(&printable(&line, false));
    }
}

/// A failure as the command line tells it: with the option that would get past it, if any.
fn describe(failure: &Failure) -> String {
    match failure {
        Failure::Read(err) if matches!(err.kind, RecordErrorKind::InvalidUtf8 { .. }) => {
            format!("{failure} (use --lossy to replace invalid bytes with U+FFFD)")
        }
        // serde_json says this of a `\u` escape cut short and of a lone surrogate (`\ud800` without
        // its pair) alike; the second is what scraped text holds, and the message did not say so.
        Failure::Read(err) if matches!(&err.kind, RecordErrorKind::NotJson(m) if m.contains(HEX_END)) => {
            failure.to_string().replacen(
                HEX_END,
                "a \\u escape cut short, or a lone surrogate (\\uD800-\\uDFFF without its pair)",
                1,
            )
        }
        _ => failure.to_string(),
    }
}

const HEX_END: &str = "unexpected end of hex escape";

/// The one exit-code policy of the batch commands: 0 when every record was read and analysed
/// (skipped inputs are not failures), 1 when the run stopped at a failure (or could not start: an
/// error returned to `main`), 2 when `--keep-going` finished the run but some records failed.
pub fn exit_code(summary: &Summary) -> ExitCode {
    if summary.stopped {
        ExitCode::FAILURE
    } else if summary.failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// The closing lines on standard error: counts, then the failures again after a `--keep-going` run.
pub fn print_summary(summary: &Summary) {
    let skipped: u64 = summary.skipped.values().sum();
    let mut line = format!(
        "warta: {} records in, {} documents out, {skipped} skipped",
        summary.records_in, summary.documents_out
    );
    if skipped > 0 {
        let reasons: Vec<String> = summary
            .skipped
            .iter()
            .map(|(reason, n)| format!("{} {n}", reason.as_str()))
            .collect();
        line += &format!(" ({})", reasons.join(", "));
    }
    line += &format!(", {} failed", summary.failed);
    if summary.replacements > 0 {
        line += &format!(
            ", {} invalid UTF-8 sequences replaced",
            summary.replacements
        );
    }
    line += &format!(
        ", {} quotes, {:.2} s",
        summary.quotes,
        summary.elapsed.as_secs_f64()
    );
    if summary.stopped {
        line += " (stopped at the first failure; --keep-going processes the rest)";
    }
    eprintln!("{line}");
    if !summary.stopped && summary.failed > 0 {
        eprintln!("warta: failures:");
        for failure in &summary.failures {
            eprintln!("  {}", printable(&describe(failure), false));
        }
        let listed = summary.failures.len() as u64;
        if summary.failed > listed {
            eprintln!("  … and {} more", summary.failed - listed);
        }
    }
}

/// Worker threads for `-j N` (0: one per core).
pub fn worker_pool(threads: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    use anyhow::Context;
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")
}
