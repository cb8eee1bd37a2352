//! Finding time expressions in text and normalising them against a reference date.
//!
//! Two passes: [`scan`] finds expressions and reads what they say on their own ([`Raw`]); [`resolve`]
//! turns them into ISO 8601 once the reference date is known, because that date may itself come from
//! the text (the first full date).

use warta_core::{DateGrain, Span};

use crate::civil::CivilDate;
use crate::lexicon::{Class, LEXICON, Unit};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordKind {
    Alpha,
    /// A run of ASCII digits, with its value (saturated) and length.
    Number(u32, usize),
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    kind: WordKind,
    class: Class,
}

/// What an expression says before the reference date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Raw {
    Day(CivilDate),
    /// "13 September": the year comes from the reference date.
    DayOfMonth {
        month: u32,
        day: u32,
    },
    Month(i32, u32),
    Year(i32),
    Relative(i64, Unit),
    /// A weekday; `shift` -1 "Senin lalu", 0 "Senin" (the latest one), +1 "Senin depan".
    Weekday {
        weekday: u32,
        shift: i8,
    },
    Time {
        hour: u32,
        minute: u32,
        zone: Option<&'static str>,
    },
}

#[derive(Debug, Clone, Copy)]
pub struct Found {
    pub span: Span,
    pub raw: Raw,
}

/// Splits `text` into words (letter runs), digit runs and single punctuation marks; `lower` is
/// `text` lower-cased byte for byte, so the offsets agree.
fn words(text: &str, lower: &str) -> Vec<Word> {
    let lex = &*LEXICON;
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let (end, kind) = if c.is_ascii_digit() {
            let mut end = start + 1;
            while end < bytes.len() && bytes[end].is_ascii_digit() {
                end += 1;
            }
            let value = text[start..end].bytes().fold(0u32, |v, d| {
                v.saturating_mul(10).saturating_add(u32::from(d - b'0'))
            });
            (end, WordKind::Number(value, end - start))
        } else if c.is_alphabetic() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, next)) = chars.peek() {
                // An apostrophe inside a word belongs to it ("Jum'at").
                let inner_apostrophe = matches!(next, '\'' | '’')
                    && text[i + next.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphabetic);
                if !(next.is_alphabetic() || inner_apostrophe) {
                    break;
                }
                end = i + next.len_utf8();
                chars.next();
            }
            (end, WordKind::Alpha)
        } else {
            (start + c.len_utf8(), WordKind::Punct(c))
        };
        // Skip the digits we consumed by bytes.
        while chars.peek().is_some_and(|&(i, _)| i < end) {
            chars.next();
        }
        let class = if kind == WordKind::Alpha && end - start <= 12 {
            lex.class(&lower[start..end])
        } else {
            Class::Other
        };
        out.push(Word {
            start,
            end,
            kind,
            class,
        });
    }
    out
}

fn year_of(value: u32, digits: usize) -> Option<i32> {
    match digits {
        4 if (1900..=2100).contains(&value) => Some(value as i32),
        // "13/9/23": two-digit years in news are this century.
        2 => Some(2000 + value as i32),
        _ => None,
    }
}

struct Scanner<'a> {
    text: &'a str,
    lower: &'a str,
    words: Vec<Word>,
}

impl Scanner<'_> {
    fn number(&self, i: usize) -> Option<(u32, usize)> {
        match self.words.get(i)?.kind {
            WordKind::Number(v, d) => Some((v, d)),
            _ => None,
        }
    }

    fn punct(&self, i: usize, set: &[char]) -> bool {
        matches!(self.words.get(i), Some(Word { kind: WordKind::Punct(c), .. }) if set.contains(c))
    }

    fn class(&self, i: usize) -> Class {
        self.words.get(i).map_or(Class::Other, |w| w.class)
    }

    fn lower(&self, i: usize) -> &str {
        let w = &self.words[i];
        &self.lower[w.start..w.end]
    }

    fn span(&self, from: usize, to_inclusive: usize) -> Span {
        Span::new(self.words[from].start, self.words[to_inclusive].end)
    }

    /// `D/M/Y` at `i`, with `/` or `-` between; returns the date and the index of its last word.
    fn numeric_date(&self, i: usize) -> Option<(CivilDate, usize)> {
        let (day, day_digits) = self.number(i)?;
        let sep = ['/', '-'];
        if day_digits > 2 || !self.punct(i + 1, &sep) {
            return None;
        }
        let (month, month_digits) = self.number(i + 2)?;
        if month_digits > 2 || !self.punct(i + 3, &sep) {
            return None;
        }
        let (y, y_digits) = self.number(i + 4)?;
        let date = CivilDate::new(year_of(y, y_digits)?, month, day)?;
        Some((date, i + 4))
    }

    /// `D Month [Y]` at `i`.
    fn written_date(&self, i: usize) -> Option<(Raw, usize)> {
        let (day, digits) = self.number(i)?;
        let Class::Month(month) = self.class(i + 1) else {
            return None;
        };
        if digits > 2 {
            return None;
        }
        if let Some(year) = self
            .number(i + 2)
            .and_then(|(y, d)| (d == 4).then_some(y))
            .and_then(|y| year_of(y, 4))
        {
            return Some((Raw::Day(CivilDate::new(year, month, day)?), i + 2));
        }
        (1..=31)
            .contains(&day)
            .then_some((Raw::DayOfMonth { month, day }, i + 1))
    }

    /// A date, optionally introduced by "hari" and a weekday: "Senin (27/2/2023)", "hari rabu
    /// (13/9/23)", "Selasa, 10 Jun 2025", "13 September 2023", or a bare weekday.
    fn date(&self, i: usize) -> Option<(Raw, usize)> {
        let mut j = i;
        let hari = self.class(j) == Class::Hari;
        if hari {
            j += 1;
        }
        let weekday = match self.class(j) {
            Class::Weekday(w) => {
                j += 1;
                Some(w)
            }
            _ if hari => return None,
            _ => None,
        };
        let mut k = j;
        if weekday.is_some() && self.punct(k, &[',']) {
            k += 1;
        }
        let paren = self.punct(k, &['(']);
        let inner = if paren { k + 1 } else { k };
        if let Some((date, last)) = self.numeric_date(inner) {
            let last = if paren && self.punct(last + 1, &[')']) {
                last + 1
            } else {
                last
            };
            return Some((Raw::Day(date), last));
        }
        if !paren && let Some(found) = self.written_date(k) {
            return Some(found);
        }
        let weekday = weekday?;
        let weekday_word = j - 1;
        let shift = match self.class(j) {
            Class::Past => -1,
            Class::Next => 1,
            _ => 0,
        };
        // "Minggu" is also "week": take it as Sunday only where it cannot be.
        if weekday == 7 && !(hari || self.class(i.wrapping_sub(1)) == Class::Pada) {
            return None;
        }
        let last = if shift == 0 { weekday_word } else { j };
        Some((Raw::Weekday { weekday, shift }, last))
    }

    fn relative(&self, i: usize) -> Option<(Raw, usize)> {
        for phrase in LEXICON.relatives(self.lower(i)) {
            let matches = phrase
                .rest
                .iter()
                .enumerate()
                .all(|(k, w)| i + 1 + k < self.words.len() && self.lower(i + 1 + k) == *w);
            if matches {
                return Some((
                    Raw::Relative(phrase.offset, phrase.unit),
                    i + phrase.rest.len(),
                ));
            }
        }
        // "3 hari lalu", "dua pekan yang lalu" (digits only), "2 tahun mendatang".
        let (n, _) = self.number(i)?;
        // "hari" and "minggu" have classes of their own; after a number they are units.
        let unit = match self.class(i + 1) {
            Class::Unit(unit) => unit,
            Class::Hari => Unit::Day,
            Class::Weekday(7) => Unit::Week,
            _ => return None,
        };
        self.counted(i, n, unit)
    }

    fn counted(&self, i: usize, n: u32, unit: Unit) -> Option<(Raw, usize)> {
        let mut j = i + 2;
        if self.class(j) == Class::Yang {
            j += 1;
        }
        let sign = match self.class(j) {
            Class::Past if self.lower(j) == "lalu" => -1,
            Class::Next => 1,
            _ => return None,
        };
        Some((Raw::Relative(sign * i64::from(n.min(10_000)), unit), j))
    }

    fn month_year(&self, i: usize) -> Option<(Raw, usize)> {
        let Class::Month(month) = self.class(i) else {
            return None;
        };
        let (y, d) = self.number(i + 1)?;
        // A capital letter keeps "mei" and "des" from matching ordinary words.
        let capital = self.text[self.words[i].start..].starts_with(|c: char| c.is_uppercase());
        (d == 4 && capital).then_some(())?;
        Some((Raw::Month(year_of(y, 4)?, month), i + 1))
    }

    fn year(&self, i: usize) -> Option<(Raw, usize)> {
        if self.class(i) != Class::Tahun {
            return None;
        }
        let (y, d) = self.number(i + 1)?;
        (d == 4).then_some(())?;
        Some((Raw::Year(year_of(y, 4)?), i + 1))
    }

    /// "pukul 19.30 WIB", "pukul 07:00", "pukul 9 pagi".
    fn time(&self, i: usize) -> Option<(Raw, usize)> {
        if self.class(i) != Class::Pukul {
            return None;
        }
        let (hour, hd) = self.number(i + 1)?;
        if hd > 2 || hour > 24 {
            return None;
        }
        let mut last = i + 1;
        let mut minute = 0;
        if self.punct(i + 2, &['.', ':'])
            && let Some((m, 2)) = self.number(i + 3)
            && m < 60
            && self.words[i + 2].start == self.words[i + 1].end
        {
            minute = m;
            last = i + 3;
        }
        let zone = self
            .words
            .get(last + 1)
            .and_then(|w| LEXICON.zone(&self.text[w.start..w.end]));
        if zone.is_some() {
            last += 1;
        }
        Some((Raw::Time { hour, minute, zone }, last))
    }

    fn at(&self, i: usize) -> Option<(Raw, usize)> {
        self.relative(i)
            .or_else(|| self.date(i))
            .or_else(|| self.month_year(i))
            .or_else(|| self.year(i))
            .or_else(|| self.time(i))
    }
}

/// Every time expression in `text`, in order, not overlapping.
pub fn scan(text: &str) -> Vec<Found> {
    let lower = text.to_ascii_lowercase();
    let scanner = Scanner {
        text,
        lower: &lower,
        words: words(text, &lower),
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < scanner.words.len() {
        match scanner.at(i) {
            Some((raw, last)) => {
                found.push(Found {
                    span: scanner.span(i, last),
                    raw,
                });
                i = last + 1;
            }
            None => i += 1,
        }
    }
    found
}

/// The first full date the text states, as a reference when the metadata gives none.
pub fn first_full_date(found: &[Found]) -> Option<CivilDate> {
    found.iter().find_map(|f| match f.raw {
        Raw::Day(d) => Some(d),
        _ => None,
    })
}

/// How far back a clock time looks for the date it belongs to ("Senin (27/2/2023) pukul 19.30").
const TIME_ATTACH_BYTES: usize = 40;

/// ISO 8601 values for what [`scan`] found; expressions that need a reference date are dropped
/// when there is none.
pub fn resolve(found: &[Found], reference: Option<CivilDate>) -> Vec<(Span, String, DateGrain)> {
    let mut out: Vec<(Span, String, DateGrain)> = Vec::with_capacity(found.len());
    let mut last_day: Option<(usize, CivilDate)> = None;
    for f in found {
        let resolved = match f.raw {
            Raw::Day(d) => Some((d.iso(), DateGrain::Day, Some(d))),
            Raw::DayOfMonth { month, day } => reference
                .and_then(|r| CivilDate::new(r.year, month, day))
                .map(|d| (d.iso(), DateGrain::Day, Some(d))),
            Raw::Month(y, m) => Some((format!("{y:04}-{m:02}"), DateGrain::Month, None)),
            Raw::Year(y) => Some((format!("{y:04}"), DateGrain::Year, None)),
            Raw::Relative(n, unit) => reference.map(|r| relative(r, n, unit)),
            Raw::Weekday { weekday, shift } => reference.map(|r| {
                let back = (i64::from(r.weekday()) - i64::from(weekday)).rem_euclid(7);
                let d = match shift {
                    0 => r.add_days(-back),
                    s if s < 0 => r.add_days(-if back == 0 { 7 } else { back }),
                    _ => r.add_days(7 - back),
                };
                (d.iso(), DateGrain::Day, Some(d))
            }),
            Raw::Time { hour, minute, zone } => {
                let day = last_day
                    .filter(|&(end, _)| f.span.start.saturating_sub(end) <= TIME_ATTACH_BYTES)
                    .map(|(_, d)| d)
                    .or(reference);
                let date = day.map(CivilDate::iso).unwrap_or_default();
                Some((
                    format!("{date}T{hour:02}:{minute:02}{}", zone.unwrap_or("")),
                    DateGrain::Minute,
                    None,
                ))
            }
        };
        if let Some((value, grain, day)) = resolved {
            if let Some(d) = day {
                last_day = Some((f.span.end, d));
            }
            out.push((f.span, value, grain));
        }
    }
    out
}

fn relative(reference: CivilDate, n: i64, unit: Unit) -> (String, DateGrain, Option<CivilDate>) {
    match unit {
        Unit::Day => {
            let d = reference.add_days(n);
            (d.iso(), DateGrain::Day, Some(d))
        }
        Unit::Week => {
            let (y, w) = reference.add_days(7 * n).iso_week();
            (format!("{y:04}-W{w:02}"), DateGrain::Week, None)
        }
        Unit::Month => {
            let (y, m) = reference.shift_month(n);
            (format!("{y:04}-{m:02}"), DateGrain::Month, None)
        }
        Unit::Year => (
            format!("{:04}", i64::from(reference.year) + n),
            DateGrain::Year,
            None,
        ),
    }
}
