//! Reading articles for warta: every input a user may have, turned into [`Article`]s one record at a
//! time, with errors that name the file, the line and the byte.
//!
//! The work is split in two so that a caller can parallelise the expensive half:
//!
//! 1. [`Sources`] walks the inputs **sequentially** (files, directories, globs; plain or gzip) and
//!    cuts them into [`RawRecord`]s — one JSON line, one text file, one HTML page, one WARC
//!    record — doing no more than finding record boundaries. It never holds more than one
//!    record in memory.
//! 2. [`RawRecord::decode`] turns one record into an [`Article`] (UTF-8 checks, JSON parsing, …). It
//!    needs nothing but the record, so records can be decoded on any thread, in any order. For web
//!    pages that includes charset detection, main-text and metadata extraction ([`html`]) and
//!    language identification.
//!
//! Problems with one record are [`RecordError`]s that carry the record's [`Origin`]; the caller decides
//! whether to stop or go on. A record that holds nothing to analyse (an empty file, a blank text) is
//! not an error but [`Decoded::Skipped`] with a [`SkipReason`], so that runs can count it.

mod charset;
mod decode;
mod error;
mod gzip;
pub mod html;
mod jsonl;
mod origin;
mod parse;
mod record;
mod sources;
mod warc;

pub use charset::{DecodedPage, decode_page};
pub use decode::{BinaryEvidence, Utf8Text, decode_utf8, detect_binary};
pub use error::{RecordError, RecordErrorKind};
pub use gzip::GzipDamage;
pub use origin::{Origin, Place};
pub use record::{Article, DecodeOptions, Decoded, Payload, RawRecord, SkipReason};
pub use sources::{DEFAULT_MAX_RECORD_BYTES, InputFormat, Sources};
