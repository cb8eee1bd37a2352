use std::fmt;
use std::sync::Arc;

/// Where a record came from: the input's name as the user gave it and the place inside it. Displays
/// as `file.jsonl:17` (a line, the way compilers name places) or `crawl.warc.gz: record 17`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    pub name: Arc<str>,
    pub place: Place,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    /// The whole input is the record.
    Whole,
    /// A 1-based line.
    Line(u64),
    /// A 1-based record of an archive.
    Record(u64),
}

impl Origin {
    pub fn file(name: Arc<str>) -> Self {
        Origin {
            name,
            place: Place::Whole,
        }
    }

    pub fn line(name: Arc<str>, line: u64) -> Self {
        Origin {
            name,
            place: Place::Line(line),
        }
    }

    pub fn record(name: Arc<str>, record: u64) -> Self {
        Origin {
            name,
            place: Place::Record(record),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.place {
            Place::Whole => f.write_str(&self.name),
            Place::Line(line) => write!(f, "{}:{line}", self.name),
            Place::Record(record) => write!(f, "{}: record {record}", self.name),
        }
    }
}
