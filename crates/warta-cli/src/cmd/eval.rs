use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Sentence-segmentation precision, recall and F1 against a PFSA-ID file.
    Sentences(super::sentences::Args),
    /// Entity precision, recall and F1 against CoNLL files (as conlleval computes them): the tagger
    /// alone, and the entity layer as `extract` writes it.
    Ner(super::ner_eval::Args),
    /// Quote-attribution scores against a PFSA-ID file.
    Pfsa(super::pfsa::Args),
    /// Quotes, speakers and full names against a news-gold file (every quotation marked by hand).
    Quotes(super::quotes_eval::Args),
}

pub fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Sentences(args) => super::sentences::run(args),
        Command::Ner(args) => super::ner_eval::run(args),
        Command::Pfsa(args) => super::pfsa::run(args),
        Command::Quotes(args) => super::quotes_eval::run(args),
    }
}
