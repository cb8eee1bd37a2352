//! `warta speakers`: who is quoted most, on what, where; and corrections by hand.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use warta_store::names::AliasTable;
use warta_store::{
    Day, MergeSuggestion, SpeakerKind, SpeakerQuery, Store, SuggestedSpeaker, export,
};

use super::search::{Format, open_existing, write_printable, write_table};

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    action: Option<Action>,
    #[arg(long, default_value = "warta.db", global = true)]
    db: PathBuf,
    /// How many speakers to list.
    #[arg(long, default_value_t = 20)]
    top: usize,
    /// Count quotes said on or after this day (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long)]
    from: Option<String>,
    /// Count quotes said on or before this day.
    #[arg(long)]
    to: Option<String>,
    /// Only people (`person`), or only organisations.
    #[arg(long, value_parser = ["person", "organisation"])]
    kind: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// List likely merges instead: speakers known by a one-word name (a word, the initials or a
    /// nickname of a full name) and the people they may be, best first, with the evidence and the
    /// `merge` command that confirms each (`--top` of them).
    #[arg(long)]
    suggest: bool,
    /// The same as `--format json`.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Subcommand)]
enum Action {
    /// One speaker: names, roles over time, quotes per month (JSON).
    Show { speaker: String },
    /// Fold speaker FROM into speaker INTO (ids or names): they are one person.
    Merge { into: String, from: String },
    /// Move the name ALIAS off SPEAKER to a speaker of its own: they are two people.
    Split { speaker: String, alias: String },
    /// Apply an aliases file: one line per person, `Full Name = alias; alias`.
    Aliases { file: PathBuf },
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut store = open_existing(&args.db)?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let format = if args.json { Format::Json } else { args.format };
    match args.action {
        None if args.suggest => {
            let mut suggestions = store.merge_suggestions()?;
            suggestions.truncate(args.top);
            write_suggestions(&mut out, &suggestions, format)?;
        }
        None => {
            let speakers = store.speakers(&SpeakerQuery {
                top: args.top,
                from: args.from.as_deref().map(Day::parse).transpose()?,
                to: args.to.as_deref().map(Day::parse).transpose()?,
                name: None,
                kind: args.kind.as_deref().map(SpeakerKind::parse).transpose()?,
            })?;
            match format {
                Format::Json => {
                    for s in &speakers {
                        serde_json::to_writer(&mut out, s)?;
                        out.write_all(b"\n")?;
                    }
                }
                Format::Csv => {
                    let mut csv = Vec::new();
                    export::write_speakers_csv(&mut csv, &speakers)?;
                    write_printable(&mut out, &csv)?;
                }
                Format::Table => {
                    let rows: Vec<Vec<String>> = speakers
                        .iter()
                        .map(|s| {
                            vec![
                                s.id.to_string(),
                                s.name.clone(),
                                s.statements.to_string(),
                                s.documents.to_string(),
                                s.roles.join("; "),
                                s.topics.join("; "),
                                s.outlets.join("; "),
                            ]
                        })
                        .collect();
                    write_table(
                        &mut out,
                        &[
                            "id",
                            "speaker",
                            "statements",
                            "articles",
                            "roles",
                            "on",
                            "outlets",
                        ],
                        &rows,
                    )?;
                }
            }
        }
        Some(Action::Show { speaker }) => {
            let id = resolve(&store, &speaker)?;
            let detail = store
                .speaker(id)?
                .with_context(|| format!("speaker {id} not found"))?;
            serde_json::to_writer_pretty(&mut out, &detail)?;
            out.write_all(b"\n")?;
        }
        Some(Action::Merge { into, from }) => {
            let (into, from) = (resolve(&store, &into)?, resolve(&store, &from)?);
            store.merge_speakers(into, from)?;
            writeln!(out, "merged speaker {from} into {into}")?;
        }
        Some(Action::Split { speaker, alias }) => {
            let id = resolve(&store, &speaker)?;
            let new_id = store.split_speaker(id, &alias)?;
            writeln!(out, "`{alias}` is now speaker {new_id}")?;
        }
        Some(Action::Aliases { file }) => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let table = AliasTable::parse(&text).with_context(|| file.display().to_string())?;
            let report = store.apply_aliases(&table)?;
            writeln!(
                out,
                "{} names applied, {} speakers merged, {} aliases set",
                report.entries, report.merged, report.aliases
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn write_suggestions(
    out: &mut impl Write,
    suggestions: &[MergeSuggestion],
    format: Format,
) -> anyhow::Result<()> {
    if let Format::Json = format {
        for s in suggestions {
            let mut value = serde_json::to_value(s)?;
            value["command"] = s.merge_command().into();
            serde_json::to_writer(&mut *out, &value)?;
            out.write_all(b"\n")?;
        }
        return Ok(());
    }
    let speaker =
        |s: &SuggestedSpeaker| format!("{} {} ({} statements)", s.id, s.name, s.statements);
    let rows: Vec<Vec<String>> = suggestions
        .iter()
        .map(|s| {
            vec![
                format!("{:.2}", s.score),
                speaker(&s.from),
                speaker(&s.into),
                format!("{} `{}`", s.how.as_str(), s.form),
                format!("{}/{}", s.named_together, s.from.documents),
                format!("{}", s.same_outlet),
                format!("{:.2}", s.context),
                s.rivals.to_string(),
                s.merge_command(),
            ]
        })
        .collect();
    let header = [
        "score",
        "speaker",
        "may be",
        "as",
        "named in full",
        "same outlet",
        "context",
        "rivals",
        "confirm with",
    ];
    match format {
        Format::Csv => {
            let mut csv = Vec::new();
            export::write_suggestions_csv(&mut csv, suggestions)?;
            write_printable(out, &csv)?;
        }
        _ => write_table(out, &header, &rows)?,
    }
    Ok(())
}

/// A speaker by id (`12`) or by any name the store knows for them.
fn resolve(store: &Store, speaker: &str) -> anyhow::Result<i64> {
    if let Ok(id) = speaker.parse::<i64>() {
        return Ok(id);
    }
    store
        .find_speaker(speaker)?
        .with_context(|| format!("no speaker is known as `{speaker}`"))
}
