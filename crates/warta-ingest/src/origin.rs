use std::fmt;
use std::sync::Arc;

/// Where a record came from: the input's name as the user gave it and, for line-based inputs, the
/// 1-based line. Displays as `file.jsonl:17`, the way compilers name places.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    pub name: Arc<str>,
    pub line: Option<u64>,
}

impl Origin {
    pub fn file(name: Arc<str>) -> Self {
        Origin { name, line: None }
    }

    pub fn line(name: Arc<str>, line: u64) -> Self {
        Origin {
            name,
            line: Some(line),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.name),
            None => f.write_str(&self.name),
        }
    }
}
