//! Numbers and dates as Indonesian readers write them: `1.234`, `12,5%`, `18 Juni 2025`,
//! `30 Juni – 6 Juli 2025`.
//!
//! Presentation only (the store and the API keep ISO 8601 and plain integers); the web UI's pages
//! and the report both write through it. Month and weekday names are `warta-dates`' (the words its
//! recogniser reads), so that there is one list of them.

use warta_dates::{CivilDate, month_name, weekday_name};

/// `month` by name; "?" outside 1–12, which only a `CivilDate` written field by field can hold.
fn month_or_unknown(month: u32) -> &'static str {
    month_name(month).unwrap_or("?")
}

/// The counts [`number`] writes: the store's `i64`, `u64` and `usize`, by value or reference (as
/// templates hand them over).
pub trait Count {
    fn as_i64(&self) -> i64;
}

macro_rules! count {
    ($($t:ty),*) => {$(
        impl Count for $t {
            fn as_i64(&self) -> i64 {
                i64::try_from(*self).unwrap_or(i64::MAX)
            }
        }
    )*};
}
count!(i64, u64, usize);

impl<T: Count> Count for &T {
    fn as_i64(&self) -> i64 {
        (**self).as_i64()
    }
}

/// A count with a dot between thousands: `12931` → `12.931`, `-4500` → `-4.500`.
pub fn number(n: impl Count) -> String {
    let n = n.as_i64();
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(digit);
    }
    out
}

/// A share with one decimal and a decimal comma: `0.125` → `12,5%`.
pub fn percent(share: f64) -> String {
    let tenths = (share * 1000.0).round() as i64;
    format!("{},{}%", number(tenths / 10), (tenths % 10).abs())
}

/// `2 Juni 2025`.
pub fn date(d: CivilDate) -> String {
    format!("{} {} {}", d.day, month_or_unknown(d.month), d.year)
}

/// The month and year of `d`: `Juni 2025`.
pub fn month_year(d: CivilDate) -> String {
    format!("{} {}", month_or_unknown(d.month), d.year)
}

/// `Senin, 2 Juni 2025`.
pub fn date_with_weekday(d: CivilDate) -> String {
    let weekday = weekday_name(d.weekday()).unwrap_or("?");
    format!("{weekday}, {}", date(d))
}

/// A stored day (`YYYY-MM-DD`) or month (`YYYY-MM`) in words: `18 Juni 2025`, `Juni 2025`;
/// anything else as it is.
pub fn iso_date(stored: &str) -> String {
    if let Some(d) = CivilDate::from_iso_prefix(stored) {
        return date(d);
    }
    let month = stored
        .split_once('-')
        .filter(|(y, m)| y.len() == 4 && m.len() == 2)
        .and_then(|(y, m)| CivilDate::new(y.parse().ok()?, m.parse().ok()?, 1));
    month.map_or_else(|| stored.to_owned(), month_year)
}

/// Two days as one span, the shared month and year written once: `2–8 Juni 2025`,
/// `30 Juni – 6 Juli 2025`, `29 Desember 2025 – 4 Januari 2026`; one day alone when they are equal.
pub fn span(first: CivilDate, last: CivilDate) -> String {
    if first == last {
        date(first)
    } else if (first.year, first.month) == (last.year, last.month) {
        format!("{}–{}", first.day, date(last))
    } else if first.year == last.year {
        format!(
            "{} {} – {}",
            first.day,
            month_or_unknown(first.month),
            date(last)
        )
    } else {
        format!("{} – {}", date(first), date(last))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> CivilDate {
        CivilDate::new(y, m, d).unwrap()
    }

    #[test]
    fn thousands_take_dots_and_decimals_a_comma() {
        assert_eq!(number(0_i64), "0");
        assert_eq!(number(999_i64), "999");
        assert_eq!(number(1000_i64), "1.000");
        assert_eq!(number(1234_i64), "1.234");
        assert_eq!(number(12_931_i64), "12.931");
        assert_eq!(number(1_234_567_i64), "1.234.567");
        assert_eq!(number(-4500_i64), "-4.500");
        assert_eq!(number(-12000_i64), "-12.000");
        assert_eq!(number(3698_usize), "3.698");
        // Past i64 a count saturates (no store count comes near).
        assert_eq!(number(u64::MAX), "9.223.372.036.854.775.807");
        assert_eq!(percent(0.125), "12,5%");
        assert_eq!(percent(1.0), "100,0%");
        assert_eq!(percent(0.0004), "0,0%");
        assert_eq!(percent(12.3456), "1.234,6%");
    }

    #[test]
    fn dates_read_as_in_indonesian_news() {
        assert_eq!(date(day(2025, 6, 2)), "2 Juni 2025");
        assert_eq!(month_year(day(2025, 6, 2)), "Juni 2025");
        // 2 June 2025 was a Monday, 31 August 2025 a Sunday.
        assert_eq!(date_with_weekday(day(2025, 6, 2)), "Senin, 2 Juni 2025");
        assert_eq!(
            date_with_weekday(day(2025, 8, 31)),
            "Minggu, 31 Agustus 2025"
        );
        // A month out of range reads as "?" rather than failing the page.
        for month in [0, 13] {
            let odd = CivilDate {
                year: 2025,
                month,
                day: 1,
            };
            assert_eq!(date(odd), "1 ? 2025");
        }
    }

    #[test]
    fn stored_days_and_months_read_in_words_and_anything_else_as_it_is() {
        assert_eq!(iso_date("2025-06-18"), "18 Juni 2025");
        assert_eq!(iso_date("2025-12-01"), "1 Desember 2025");
        assert_eq!(iso_date("2025-06"), "Juni 2025");
        assert_eq!(iso_date("kemarin"), "kemarin");
        assert_eq!(iso_date("2025-13"), "2025-13");
    }

    #[test]
    fn a_span_writes_what_its_ends_share_once() {
        assert_eq!(span(day(2025, 6, 2), day(2025, 6, 8)), "2–8 Juni 2025");
        assert_eq!(
            span(day(2025, 6, 30), day(2025, 7, 6)),
            "30 Juni – 6 Juli 2025"
        );
        assert_eq!(
            span(day(2025, 12, 29), day(2026, 1, 4)),
            "29 Desember 2025 – 4 Januari 2026"
        );
        assert_eq!(span(day(2025, 6, 2), day(2025, 6, 2)), "2 Juni 2025");
    }
}
