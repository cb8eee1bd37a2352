//! Numbers and dates as Indonesian readers write them: `12.931`, `12,5%`, `2 Juni 2025`.
//!
//! Presentation only (the store and the API keep ISO 8601 and plain integers); the report uses it,
//! and the web UI's pages can.

use warta_dates::CivilDate;

const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// The abbreviations Indonesian newsrooms use ("Agu", "Okt", "Des"), as in "18 Jun 2025".
const SHORT_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
];

const WEEKDAYS: [&str; 7] = [
    "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu",
];

/// `month` is 1–12 (a [`CivilDate`]'s); anything else reads as "?".
pub fn month_name(month: u32) -> &'static str {
    month
        .checked_sub(1)
        .and_then(|i| MONTHS.get(i as usize))
        .copied()
        .unwrap_or("?")
}

pub fn short_month_name(month: u32) -> &'static str {
    month
        .checked_sub(1)
        .and_then(|i| SHORT_MONTHS.get(i as usize))
        .copied()
        .unwrap_or("?")
}

/// An integer with a dot between thousands: `12931` → `12.931`.
pub fn number(n: i64) -> String {
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
    format!("{} {} {}", d.day, month_name(d.month), d.year)
}

/// `Senin, 2 Juni 2025`.
pub fn date_with_weekday(d: CivilDate) -> String {
    let weekday = WEEKDAYS
        .get(d.weekday().saturating_sub(1) as usize)
        .copied()
        .unwrap_or("?");
    format!("{weekday}, {}", date(d))
}

/// A stored `YYYY-MM-DD` day as [`date`] writes it; anything else as it is.
pub fn iso_day(day: &str) -> String {
    CivilDate::from_iso_prefix(day).map_or_else(|| day.to_owned(), date)
}

/// Two days as one span, the shared month and year written once: `2–8 Juni 2025`,
/// `30 Juni – 6 Juli 2025`, `29 Desember 2025 – 4 Januari 2026`; one day alone when they are equal.
pub fn span(first: CivilDate, last: CivilDate) -> String {
    if first == last {
        date(first)
    } else if (first.year, first.month) == (last.year, last.month) {
        format!("{}–{}", first.day, date(last))
    } else if first.year == last.year {
        format!("{} {} – {}", first.day, month_name(first.month), date(last))
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
        assert_eq!(number(0), "0");
        assert_eq!(number(999), "999");
        assert_eq!(number(1000), "1.000");
        assert_eq!(number(12_931), "12.931");
        assert_eq!(number(1_234_567), "1.234.567");
        assert_eq!(number(-4500), "-4.500");
        assert_eq!(percent(0.125), "12,5%");
        assert_eq!(percent(1.0), "100,0%");
        assert_eq!(percent(0.0004), "0,0%");
        assert_eq!(percent(12.3456), "1.234,6%");
    }

    #[test]
    fn dates_read_as_in_indonesian_news() {
        assert_eq!(date(day(2025, 6, 2)), "2 Juni 2025");
        // 2 June 2025 was a Monday, 31 August 2025 a Sunday.
        assert_eq!(date_with_weekday(day(2025, 6, 2)), "Senin, 2 Juni 2025");
        assert_eq!(
            date_with_weekday(day(2025, 8, 31)),
            "Minggu, 31 Agustus 2025"
        );
        assert_eq!(iso_day("2025-12-01"), "1 Desember 2025");
        assert_eq!(iso_day("kemarin"), "kemarin");
        assert_eq!(short_month_name(8), "Agu");
        assert_eq!(month_name(13), "?");
        assert_eq!(month_name(0), "?");
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
