use serde::{Deserialize, Serialize};

use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityLabel {
    #[serde(rename = "PER")]
    Person,
    #[serde(rename = "ORG")]
    Organisation,
    #[serde(rename = "LOC")]
    Location,
    #[serde(rename = "EVT")]
    Event,
}

/// One place where an entity is named: by name, short form, title or pronoun.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub span: Span,
}

/// A person, organisation or place, with every mention of it in the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub label: EntityLabel,
    /// The fullest name the article states ("Vladimir Putin" for a later "Putin").
    pub name: String,
    /// Sorted by start offset.
    pub mentions: Vec<Mention>,
    /// Titles, honorifics and ranks written before the name ("Presiden", "Kombes").
    pub titles: Vec<String>,
    /// Positions held, as the article states them ("Sekretaris Jenderal PBB").
    pub roles: Vec<String>,
    /// The organisation the entity speaks for, when the article says.
    pub affiliation: Option<String>,
}
