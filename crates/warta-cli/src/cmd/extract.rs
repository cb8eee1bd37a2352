//! `warta extract`: articles in, one JSON object per article out (or a table for a person).
//!
//! Inputs: plain text, JSON Lines, HTML pages and WARC archives, plain or gzip, named one by one, as
//! directories (walked recursively) or as glob patterns. Output keeps the order of the inputs unless `--unordered`.
//!
//! The run itself is `warta_batch::run`; this module chooses its render, sink and options from the
//! arguments. Exit codes: see [`super::report::exit_code`].

mod table;

use std::fs::File;
use std::io::{self, BufWriter, Seek, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use warta::OutputOptions;
use warta_batch::{Checkpoint, JsonLines, Product, Render, RenderError, WriteSink};
use warta_ingest::{DecodeOptions, InputFormat, Origin, Sources};

use super::report;

#[derive(clap::Args)]
#[command(
    after_help = "Exit status: 0 when every record succeeded (empty inputs are skipped with a warning), \
1 when the run stopped at a failure, 2 when --keep-going finished but some records failed."
)]
pub struct Args {
    /// Inputs: plain-text files (one article each), JSON Lines (one article per line, field `text`
    /// plus optional `id`, `url`, `title`, `published`, `author`, `source`), HTML pages, WARC
    /// archives; any of them gzipped; directories (recursively) and glob patterns; `-` or nothing
    /// reads standard input.
    pub files: Vec<PathBuf>,
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// `jsonl`: the output contract, one object per line; `table`: a summary for a person.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: OutputFormat,
    /// How to read the inputs; `auto` goes by extension, else by the first non-space byte
    /// (`{` means JSON Lines).
    #[arg(long, value_enum, default_value = "auto")]
    pub input_format: InputFormatArg,
    /// Include the `tokens` layer in the JSON output.
    #[arg(long)]
    pub tokens: bool,
    /// Go on after a record fails; list the failures at the end and exit with 2.
    #[arg(long)]
    pub keep_going: bool,
    /// Replace invalid UTF-8 with U+FFFD (reporting how many) instead of failing.
    #[arg(long)]
    pub lossy: bool,
    /// Web pages to keep: `id` only those identified as Indonesian, `any` all. Text and JSON Lines
    /// inputs are never filtered.
    #[arg(long, value_enum, default_value = "id")]
    pub lang: Lang,
    /// Web pages larger than this many bytes are refused with an error.
    #[arg(long, value_name = "BYTES", default_value_t = 16 << 20)]
    pub max_page_bytes: usize,
    /// Keep duplicates (by default an article whose text or canonical URL came earlier is dropped;
    /// a copy found within the next 512 or more records gives the first its URL in `other_urls`,
    /// a later one is counted as `late_copy`).
    #[arg(long)]
    pub no_dedup: bool,
    /// Continue an interrupted run: needs `-o FILE`; progress is saved in FILE.checkpoint after
    /// every batch, and a resumed run continues from there without duplicating output.
    #[arg(long, requires = "output")]
    pub resume: bool,
    /// Write each document as soon as it is done instead of in input order (faster when articles
    /// differ much in length).
    #[arg(long)]
    pub unordered: bool,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
    /// Print no warnings and no summary, only errors.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub budget: super::budget::Budget,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum OutputFormat {
    Jsonl,
    Table,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum InputFormatArg {
    Auto,
    Text,
    Jsonl,
    Html,
    Warc,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Lang {
    Id,
    Any,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let warta = args.budget.engine()?;
    let inputs = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files
    };
    let input_format = match args.input_format {
        InputFormatArg::Auto => InputFormat::Auto,
        InputFormatArg::Text => InputFormat::Text,
        InputFormatArg::Jsonl => InputFormat::Jsonl,
        InputFormatArg::Html => InputFormat::Html,
        InputFormatArg::Warc => InputFormat::Warc,
    };
    // Everything about the output is checked before anything is written.
    let target = match &args.output {
        Some(path) => {
            refuse_input_as_output(&inputs, path)?;
            Some(Target::open(path, args.resume)?)
        }
        None => None,
    };
    let sources = Sources::new(inputs, input_format);
    let (output, checkpoint): (Box<dyn Write>, _) = match &target {
        Some(Target::Special { file, .. }) => (Box::new(BufWriter::new(file.try_clone()?)), None),
        Some(Target::File {
            file, checkpoint, ..
        }) => (
            Box::new(BufWriter::new(file.try_clone()?)),
            Some(checkpoint.take()),
        ),
        None => (
            Box::new(BufWriter::with_capacity(1 << 16, io::stdout())),
            None,
        ),
    };
    let mut sink = WriteSink::new(output, checkpoint.as_ref().map_or(0, |c| c.output_bytes));
    let options = warta_batch::Options {
        decode: DecodeOptions {
            lossy: args.lossy,
            indonesian_only: matches!(args.lang, Lang::Id),
            max_page_bytes: args.max_page_bytes,
        },
        keep_going: args.keep_going,
        dedup: !args.no_dedup,
        checkpoint,
        unordered: args.unordered,
        read_extracted: false,
    };
    let pool = report::worker_pool(args.threads)?;
    let reporter = report::Terminal::new(args.quiet);
    let summary = match args.format {
        OutputFormat::Jsonl => {
            let render = JsonLines(OutputOptions {
                tokens: args.tokens,
            });
            warta_batch::run(
                sources, &warta, &render, &mut sink, &reporter, &options, &pool,
            )
        }
        OutputFormat::Table => warta_batch::run(
            sources, &warta, &Table, &mut sink, &reporter, &options, &pool,
        ),
    };
    reporter.finish();
    drop(sink);
    let finished = matches!(&summary, Ok(s) if !s.stopped && !s.output_closed);
    if let Some(target) = target {
        target.close(finished)?;
    }
    let summary = summary?;
    if !args.quiet {
        report::print_summary(&summary);
    }
    Ok(report::exit_code(&summary))
}

/// `--format table`: a summary of each article for a person.
struct Table;

impl Render for Table {
    type Output = Vec<u8>;

    fn render(&self, product: Product<'_>, origin: &Origin) -> Result<Vec<u8>, RenderError> {
        match product {
            Product::Analysed(analysis) => {
                Ok(table::render(analysis.document(), origin).into_bytes())
            }
            Product::Extracted(_) => {
                Err("a table is made from articles, not from warta output".into())
            }
        }
    }
}

/// Refuses an output that is one of the inputs (the same file, also through a link or under
/// another name), or lies in an input directory: the run would read what it is writing, and a
/// finished run would replace an input with its own output.
fn refuse_input_as_output(inputs: &[PathBuf], output: &Path) -> anyhow::Result<()> {
    // The directory the output is (or will be) in, without links, to compare with input folders.
    let output_dir = output
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .and_then(|p| p.canonicalize().ok());
    for input in inputs {
        if input.as_os_str() == "-" {
            continue;
        }
        if same_file::is_same_file(input, output).unwrap_or(false) {
            anyhow::bail!(
                "the output {} is the input {}: writing it would destroy what is read; choose another output",
                output.display(),
                input.display()
            );
        }
        if input.is_dir()
            && let (Ok(folder), Some(output_dir)) = (input.canonicalize(), &output_dir)
            && output_dir.starts_with(&folder)
        {
            anyhow::bail!(
                "the output {} is inside the input directory {}: the run would read its own output; choose an output elsewhere",
                output.display(),
                input.display()
            );
        }
    }
    Ok(())
}

/// Where `-o FILE` writes.
enum Target {
    /// Not a regular file (`/dev/null`, a pipe, a terminal): written in place, with no checkpoint
    /// and no files beside it, since there is nothing to resume or to replace.
    Special { file: File },
    /// A regular file, or a new one: the documents go to a temporary file in the same directory,
    /// renamed over FILE when the run finishes, so that FILE is never left half written and an
    /// error before the run leaves it as it was. The checkpoint names the temporary file, so that
    /// `--resume` continues it after an interruption.
    File {
        path: PathBuf,
        file: File,
        partial: tempfile::TempPath,
        checkpoint: CheckpointSlot,
    },
}

/// The checkpoint, handed to the run once.
struct CheckpointSlot(std::cell::Cell<Option<Checkpoint>>);

impl CheckpointSlot {
    fn take(&self) -> Checkpoint {
        self.0.take().expect("the checkpoint is handed over once")
    }
}

impl Target {
    fn open(path: &Path, resume: bool) -> anyhow::Result<Target> {
        match std::fs::metadata(path) {
            Ok(meta) if !meta.is_file() => {
                anyhow::ensure!(
                    !resume,
                    "--resume needs a regular file to continue, and {} is not one",
                    path.display()
                );
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                return Ok(Target::Special { file });
            }
            Ok(_) => {}
            Err(err) if err.kind() == io::ErrorKind::NotFound => {}
            Err(err) => {
                return Err(err).with_context(|| format!("cannot write {}", path.display()));
            }
        }
        let mut checkpoint_path = path.as_os_str().to_owned();
        checkpoint_path.push(".checkpoint");
        let checkpoint_path = PathBuf::from(checkpoint_path);
        // The files the run writes beside the output must be writable files, not folders.
        for sidecar in Checkpoint::new(checkpoint_path.clone()).sidecars() {
            if let Ok(meta) = std::fs::symlink_metadata(&sidecar)
                && meta.is_dir()
            {
                anyhow::bail!(
                    "cannot write {}: it is a directory (warta keeps its checkpoint and the keys of \
                     the records done there)",
                    sidecar.display()
                );
            }
        }
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
            _ => PathBuf::from("."),
        };
        let saved = if checkpoint_path.exists() {
            Some(
                Checkpoint::load(checkpoint_path.clone())
                    .map_err(anyhow::Error::from)
                    .and_then(|c| partial_of(&c, &dir, path).map(|p| (c, p))),
            )
        } else {
            None
        };
        match saved {
            Some(Ok((checkpoint, partial))) if resume => {
                let mut file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(&partial)
                    .with_context(|| format!("cannot continue {}", partial.display()))?;
                let length = file.metadata()?.len();
                anyhow::ensure!(
                    length >= checkpoint.output_bytes,
                    "{} has {length} bytes but the checkpoint counts {}; start afresh without --resume",
                    partial.display(),
                    checkpoint.output_bytes
                );
                // What was written after the checkpoint will be written again.
                file.set_len(checkpoint.output_bytes)?;
                file.seek(io::SeekFrom::End(0))?;
                eprintln!(
                    "warta: resuming after {} input records ({} bytes of output kept)",
                    checkpoint.records_done, checkpoint.output_bytes
                );
                return Ok(Target::File {
                    path: path.to_owned(),
                    file,
                    partial: tempfile::TempPath::try_from_path(partial)?,
                    checkpoint: CheckpointSlot(std::cell::Cell::new(Some(checkpoint))),
                });
            }
            Some(Err(err)) if resume => return Err(err),
            _ => {}
        }
        let name = path
            .file_name()
            .with_context(|| format!("{} names no file", path.display()))?;
        let prefix = partial_prefix(name);
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".partial");
        #[cfg(unix)]
        builder.permissions(replacement_permissions(path));
        let temporary = builder
            .tempfile_in(&dir)
            .with_context(|| format!("cannot write {} (nor a file beside it)", path.display()))?;
        // A fresh run: what an interrupted run left is of no more use (its journal is rewritten
        // when the run starts).
        if let Some(saved) = saved {
            if let Ok((_, stale)) = saved {
                let _ = std::fs::remove_file(stale);
            }
            let _ = std::fs::remove_file(&checkpoint_path);
        }
        let (file, partial) = temporary.into_parts();
        let mut checkpoint = Checkpoint::new(checkpoint_path);
        checkpoint.partial = partial
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        Ok(Target::File {
            path: path.to_owned(),
            file,
            partial,
            checkpoint: CheckpointSlot(std::cell::Cell::new(Some(checkpoint))),
        })
    }

    /// After the run: a finished run's output replaces FILE; an unfinished one stays where the
    /// checkpoint finds it for `--resume`.
    fn close(self, finished: bool) -> anyhow::Result<()> {
        let Target::File {
            path,
            file,
            partial,
            ..
        } = self
        else {
            return Ok(());
        };
        let mut checkpoint = path.as_os_str().to_owned();
        checkpoint.push(".checkpoint");
        if finished {
            file.sync_all()
                .with_context(|| format!("cannot write {}", partial.display()))?;
            let shown = partial.display().to_string();
            partial
                .persist(&path)
                .map_err(|e| e.error)
                .with_context(|| format!("cannot rename {shown} to {}", path.display()))?;
        } else if Path::new(&checkpoint).exists() {
            let kept = partial.keep()?;
            eprintln!(
                "warta: {} is left as it was; the documents done so far are in {} (--resume continues)",
                path.display(),
                kept.display()
            );
        } else {
            // Nothing was done that a resumed run could use: the temporary file goes (dropped),
            // and so does the journal the run began.
            let _ = std::fs::remove_file(Path::new(&checkpoint).with_extension("dedup"));
        }
        Ok(())
    }
}

/// Temporary outputs of FILE are hidden files named `.FILE.XXXXXX.partial` beside it.
fn partial_prefix(name: &std::ffi::OsStr) -> String {
    format!(".{}.", name.to_string_lossy())
}

/// The temporary output a checkpoint names, checked to be one of this output's: a checkpoint is
/// a file anyone may have edited, and what it names is cut or deleted.
fn partial_of(checkpoint: &Checkpoint, dir: &Path, output: &Path) -> anyhow::Result<PathBuf> {
    let prefix = output.file_name().map(partial_prefix).unwrap_or_default();
    match &checkpoint.partial {
        Some(name)
            if name.starts_with(&prefix) && name.ends_with(".partial") && !name.contains('/') =>
        {
            Ok(dir.join(name))
        }
        _ => anyhow::bail!(
            "{} does not name a temporary output of {}; start afresh without --resume",
            checkpoint.path.display(),
            output.display()
        ),
    }
}

/// The permissions of a file written in place of `path`: those of the file it replaces, else the
/// usual ones for a new file (a temporary file, renamed over `path`, is private to its owner).
#[cfg(unix)]
pub(crate) fn replacement_permissions(path: &Path) -> std::fs::Permissions {
    std::fs::metadata(path)
        .map(|m| m.permissions())
        .unwrap_or_else(|_| {
            use std::os::unix::fs::PermissionsExt;
            std::fs::Permissions::from_mode(0o644)
        })
}
