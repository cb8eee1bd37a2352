use serde::{Deserialize, Serialize};

use crate::span::Span;

/// How precise a normalised date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateGrain {
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

/// A time expression and its ISO 8601 value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateExpr {
    pub span: Span,
    /// ISO 8601: "2023-09-13", "2023-09", "2023-W37", "2023-09-13T19:30+07:00".
    pub value: String,
    pub grain: DateGrain,
}
