use serde::{Deserialize, Serialize};

use crate::layers::EntityLabel;
use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// Words between quotation marks.
    Direct,
    /// Reported speech without marks ("X mengatakan bahwa …", "menurut X, …").
    Indirect,
    /// Reported speech that contains a quoted fragment.
    Mixed,
}

/// Who said a quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// The fullest name the article gives.
    pub name: String,
    /// Index into [`crate::Document::entities`], when the speaker is one.
    pub entity: Option<usize>,
    /// PER, ORG, or `None` for anything else (the output writes "OTHER").
    pub kind: Option<EntityLabel>,
    /// The words near the cue that name the speaker ("Yang", "ia", "-nya").
    pub mention: Option<Span>,
    pub role: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub kind: QuoteKind,
    /// The quoted or reported content, without the quotation marks.
    pub span: Span,
    /// The reporting verb or phrase ("kata", "ujarnya", "mengatakan", "menurut").
    pub cue: Option<Span>,
    /// `None` when the text does not say who spoke: warta never guesses.
    pub speaker: Option<Speaker>,
    /// When it was said, as ISO 8601, if the text says.
    pub said_on: Option<String>,
}
