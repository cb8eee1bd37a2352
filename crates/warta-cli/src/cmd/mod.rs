//! One module per command. Each exposes its clap `Args` (or `Command`) and a `run` that returns the
//! process exit code or an error for `main` to print.

pub mod boilerplate;
pub mod budget;
pub mod eval;
pub mod extract;
pub mod html_report;
pub mod index;
pub mod ner;
pub mod ner_eval;
pub mod pfsa;
pub mod quotes_eval;
pub mod report;
pub mod search;
pub mod sentences;
pub mod serve;
pub mod speakers;
pub mod throughput;
pub mod train;
