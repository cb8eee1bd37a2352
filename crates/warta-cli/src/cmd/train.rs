use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Train the named-entity tagger (see `ner.rs`).
    Ner(super::ner::TrainArgs),
}

pub fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Ner(args) => super::ner::train(args),
    }
}
