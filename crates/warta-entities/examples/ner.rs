//! `warta train ner` / `warta eval ner` without building the whole CLI, for working on this crate
//! alone: `cargo run -p warta-entities --release --features train --example ner -- train --train … -o …`.
//! The commands are the CLI's own module, included, so the two never drift apart.

#[path = "../../warta-cli/src/cmd/ner.rs"]
mod ner;

use clap::Parser;

#[derive(Parser)]
enum Command {
    Train(ner::TrainArgs),
    Eval(ner::EvalArgs),
}

fn main() -> anyhow::Result<std::process::ExitCode> {
    match Command::parse() {
        Command::Train(args) => ner::train(args),
        // The tagger alone: the entity layer needs the whole pipeline, which this crate does not have.
        Command::Eval(args) => ner::eval_then(args, |_, _, _, _| Ok(())),
    }
}
