//! The deduplication journal of a checkpointed run (`OUTPUT.dedup`, beside `OUTPUT.checkpoint`).
//!
//! A resumed run passes over the records an earlier run completed, so without their keys it would
//! take a later copy of one of those articles for a new article. The journal keeps, for every record
//! the checkpoint counts as done, the keys that deduplication compared: a resumed run starts from
//! them and treats such a copy as an uninterrupted run treats a copy found after its article was
//! written (`late_copy`).
//!
//! Format: a header line `warta-dedup 2`, then one line per record, `NUMBER TEXT URL` in hex
//! (`-` for a record without URL), in input order. The keys are stable across builds
//! (`warta_core::identity`); version 1 journals held `std` hashes, which no later build can match.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::runner::DedupKeys;

const HEADER: &str = "warta-dedup 2";

pub struct Journal {
    path: PathBuf,
}

/// The journal, and the keys of the records before `records_done` that it held.
pub struct Opened {
    pub journal: Journal,
    /// `(record number, keys)`, in input order.
    pub keys: Vec<(u64, DedupKeys)>,
    /// Why saved keys could not be used, for the user.
    pub warning: Option<String>,
}

impl Journal {
    /// Opens the journal beside `checkpoint` for a run that continues after `records_done` records
    /// (a fresh run when 0), keeping only what those records left.
    /// Where the journal of `checkpoint` is: `OUTPUT.dedup` beside `OUTPUT.checkpoint`.
    pub fn path(checkpoint: &Path) -> PathBuf {
        checkpoint.with_extension("dedup")
    }

    pub fn open(checkpoint: &Path, records_done: u64) -> io::Result<Opened> {
        let path = Journal::path(checkpoint);
        let mut keys = Vec::new();
        let mut warning = None;
        if records_done > 0 {
            match read(&path, records_done) {
                Ok(Some(saved)) => keys = saved,
                Ok(None) => {
                    warning = Some(format!(
                        "{} was written by an older warta: copies of articles written before the \
                         checkpoint will not be recognised",
                        path.display()
                    ))
                }
                Err(err) if err.kind() == io::ErrorKind::NotFound => {
                    warning = Some(format!(
                        "{} is missing: copies of articles written before the checkpoint will not \
                         be recognised",
                        path.display()
                    ))
                }
                Err(err) => return Err(err),
            }
        }
        // Rewritten whole, so that keys an interrupted run saved after its last checkpoint (records
        // that this run reads again) are gone.
        let temporary = path.with_extension("dedup-new");
        let mut out = BufWriter::new(File::create(&temporary)?);
        writeln!(out, "{HEADER}")?;
        write_lines(&mut out, &keys)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&temporary, &path)?;
        Ok(Opened {
            journal: Journal { path },
            keys,
            warning,
        })
    }

    /// Appends `(record number, keys)`, numbers counted from the start of the input; call before
    /// the checkpoint that counts those records as done is saved.
    pub fn append(&self, keys: &[(u64, DedupKeys)]) -> io::Result<()> {
        if keys.is_empty() {
            return Ok(());
        }
        let mut out = BufWriter::new(OpenOptions::new().append(true).open(&self.path)?);
        write_lines(&mut out, keys)?;
        out.flush()
    }

    /// A finished run leaves no journal behind, as it leaves no checkpoint.
    pub fn remove(self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

fn write_lines(out: &mut impl Write, keys: &[(u64, DedupKeys)]) -> io::Result<()> {
    for (number, key) in keys {
        match key.url {
            Some(url) => writeln!(out, "{number:x} {:x} {url:x}", key.text)?,
            None => writeln!(out, "{number:x} {:x} -", key.text)?,
        }
    }
    Ok(())
}

/// The saved keys of the records before `records_done`, in order; `None` when an older warta wrote
/// them.
fn read(path: &Path, records_done: u64) -> io::Result<Option<Vec<(u64, DedupKeys)>>> {
    let invalid = |line: usize, what: &str| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{}:{line}: {what}", path.display()),
        )
    };
    let mut lines = BufReader::new(File::open(path)?).lines();
    let header = lines.next().transpose()?.unwrap_or_default();
    if header.trim_end() != HEADER {
        return if header.starts_with("warta-dedup ") {
            Ok(None)
        } else {
            Err(invalid(1, "not a warta deduplication journal"))
        };
    }
    let mut keys = Vec::new();
    for (i, line) in lines.enumerate() {
        let line = line?;
        let number = 2 + i;
        let hex = |field: Option<&str>| field.and_then(|f| u64::from_str_radix(f, 16).ok());
        let mut fields = line.split(' ');
        let (Some(record), Some(text), url) =
            (hex(fields.next()), hex(fields.next()), fields.next())
        else {
            return Err(invalid(number, "expected `NUMBER TEXT URL` in hex"));
        };
        let url = match url {
            Some("-") => None,
            other => Some(hex(other).ok_or_else(|| invalid(number, "bad URL key"))?),
        };
        if record >= records_done {
            break;
        }
        keys.push((record, DedupKeys { text, url }));
    }
    Ok(Some(keys))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: u64, url: Option<u64>) -> DedupKeys {
        DedupKeys { text, url }
    }

    #[test]
    fn keys_of_the_records_done_survive_and_later_ones_are_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let checkpoint = dir.path().join("out.jsonl.checkpoint");
        let fresh = Journal::open(&checkpoint, 0).unwrap();
        assert!(fresh.keys.is_empty() && fresh.warning.is_none());
        fresh
            .journal
            .append(&[(0, keys(0xa, Some(0xb))), (2, keys(0xc, None))])
            .unwrap();
        // Saved after the last checkpoint (3 records), so read again by the resumed run.
        fresh.journal.append(&[(3, keys(0xd, None))]).unwrap();

        let resumed = Journal::open(&checkpoint, 3).unwrap();
        assert_eq!(
            resumed.keys,
            [(0, keys(0xa, Some(0xb))), (2, keys(0xc, None))]
        );
        assert!(resumed.warning.is_none());
        let again = Journal::open(&checkpoint, 5).unwrap();
        assert_eq!(again.keys.len(), 2, "the rewrite dropped record 3");
    }

    #[test]
    fn an_older_or_a_missing_journal_is_a_warning_and_a_damaged_one_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let checkpoint = dir.path().join("out.jsonl.checkpoint");
        let missing = Journal::open(&checkpoint, 3).unwrap();
        assert!(missing.warning.unwrap().contains("is missing"));

        Journal::open(&checkpoint, 0)
            .unwrap()
            .journal
            .append(&[(0, keys(1, None))])
            .unwrap();
        let path = dir.path().join("out.jsonl.dedup");
        std::fs::write(&path, "warta-dedup 1 5f3a\n0 a -\n").unwrap();
        let older = Journal::open(&checkpoint, 3).unwrap();
        assert!(older.keys.is_empty());
        assert!(older.warning.unwrap().contains("older warta"));

        std::fs::write(&path, "warta-dedup 2\n0 a -\n1 zz -\n").unwrap();
        let err = Journal::open(&checkpoint, 3).err().unwrap().to_string();
        assert!(
            err.ends_with("out.jsonl.dedup:3: expected `NUMBER TEXT URL` in hex"),
            "{err}"
        );
        std::fs::write(&path, "{}").unwrap();
        let err = Journal::open(&checkpoint, 3).err().unwrap().to_string();
        assert!(err.contains("not a warta deduplication journal"), "{err}");
    }
}
