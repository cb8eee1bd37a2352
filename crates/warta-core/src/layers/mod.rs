//! The typed layers a [`crate::Document`] carries, one module per concern so that the stage that fills
//! a layer and its type evolve together.

mod dates;
mod entities;
mod quotes;
mod text;

pub use dates::{DateExpr, DateGrain};
pub use entities::{Entity, EntityLabel, Mention};
pub use quotes::{Quote, QuoteKind, Speaker};
pub use text::{Dateline, Removed, RemovedKind, Token, TokenKind};
