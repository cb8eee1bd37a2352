//! The progress line on a terminal: documents/s and MB/s of input. Silent when standard error is not
//! a terminal (pipes, CI logs) or with `--quiet`.

use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

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
