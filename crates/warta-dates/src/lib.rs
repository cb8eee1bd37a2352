//! Time expressions in Indonesian news, normalised to ISO 8601.
//!
//! [`DateStage`] fills [`Document::dates`]: absolute dates ("Senin (27/2/2023)", "13 September 2023"),
//! months and years ("September 2023", "tahun 2022"), relative expressions ("kemarin", "pekan lalu",
//! "bulan depan", "Senin lalu", "3 hari lalu") and clock times ("pukul 19.30 WIB"). Relative
//! expressions are resolved against the publication date, or, when the metadata has none, the first
//! full date of the text (often the dateline's); without either they are left out rather than guessed.
//!
//! [`parse_published`] reads the date strings of news-site metadata ("Diperbarui 18 Jun 2025, 14:05
//! WIB", "Selasa, 10 Jun 2025 14:05 WIB").
//!
//! Month, weekday and relative words live in `data/` (derived in part from dateparser, BSD-3: see
//! `data/NOTICE`).

mod civil;
mod lexicon;
mod recognise;

pub use civil::CivilDate;
pub use lexicon::{month_name, short_month_name, weekday_name};
use warta_core::output::is_iso8601;
use warta_core::{DateExpr, Document, Layer, Stage, StageError};

use recognise::Raw;

/// The pipeline stage "dates".
#[derive(Debug, Clone, Copy, Default)]
pub struct DateStage;

impl DateStage {
    pub fn new() -> Self {
        DateStage
    }
}

impl Stage for DateStage {
    fn name(&self) -> &'static str {
        "dates"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Removed]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Dates]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let found = recognise::scan(doc.text());
        let reference = reference_date(doc.meta.published.as_deref())
            .or_else(|| recognise::first_full_date(&found));
        let dates: Vec<DateExpr> = recognise::resolve(&found, reference)
            .into_iter()
            .filter(|(span, _, _)| !doc.is_removed(*span))
            .map(|(span, value, grain)| DateExpr { span, value, grain })
            .collect();
        doc.dates = dates;
        Ok(())
    }
}

/// The publication day from metadata, whether ISO 8601 already or as news sites write it.
pub fn reference_date(published: Option<&str>) -> Option<CivilDate> {
    let published = published?;
    CivilDate::from_iso_prefix(published)
        .or_else(|| parse_published(published).and_then(|p| CivilDate::from_iso_prefix(&p)))
}

/// Reads a metadata date string into ISO 8601: `"Diperbarui 18 Jun 2025, 14:05 WIB"` →
/// `"2025-06-18T14:05+07:00"`, `"18 Juni 2025"` → `"2025-06-18"`. A string that is ISO 8601 already
/// comes back unchanged; one without a full date gives `None`.
pub fn parse_published(s: &str) -> Option<String> {
    if is_iso8601(s) {
        return Some(s.to_owned());
    }
    let found = recognise::scan(s);
    let (day_at, day) = found.iter().enumerate().find_map(|(i, f)| match f.raw {
        Raw::Day(d) => Some((i, d)),
        _ => None,
    })?;
    // Metadata writes the clock without "pukul": "14:05 WIB", "|15:20 WIB", "20.04 WIB".
    let rest = &s[found[day_at].span.end..];
    Some(match clock(rest) {
        Some((hour, minute, zone)) => format!("{}T{hour:02}:{minute:02}{zone}", day.iso()),
        None => day.iso(),
    })
}

/// The first `HH:MM` or `HH.MM` in `s`, with the zone written after it, if any.
fn clock(s: &str) -> Option<(u32, u32, &'static str)> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(4)).find_map(|i| {
        let two = |at: usize| -> Option<u32> {
            let d = b.get(at..at + 2)?;
            d.iter()
                .all(u8::is_ascii_digit)
                .then(|| u32::from(d[0] - b'0') * 10 + u32::from(d[1] - b'0'))
        };
        let starts_number = i == 0 || !b[i - 1].is_ascii_digit();
        let ends_number = !b.get(i + 5).is_some_and(u8::is_ascii_digit);
        let (hour, minute) = (two(i)?, two(i + 3)?);
        (starts_number
            && ends_number
            && matches!(b[i + 2], b':' | b'.')
            && hour < 24
            && minute < 60)
            .then_some(())?;
        let zone_word = s[i + 5..]
            .trim_start()
            .split(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or("");
        let zone = lexicon::LEXICON.zone(zone_word).unwrap_or("");
        Some((hour, minute, zone))
    })
}

#[cfg(test)]
mod tests;
