use std::process::ExitCode;

#[derive(clap::Args)]
pub struct TrainArgs {}

#[derive(clap::Args)]
pub struct EvalArgs {}

pub fn train(_args: TrainArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}

pub fn eval(_args: EvalArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
