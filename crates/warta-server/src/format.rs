//! Chart periods for the speaker page: a week starting on Monday.

use warta_dates::{CivilDate, short_month_name};

use crate::id_format;

/// How a timeline is cut: by day up to a month, by week up to half a year, else by month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Day,
    Week,
    Month,
}

impl Period {
    /// The period for a timeline from `first` to `last`.
    pub fn for_span(first: CivilDate, last: CivilDate) -> Period {
        let span = last.to_days() - first.to_days();
        if span <= 31 {
            Period::Day
        } else if span <= 183 {
            Period::Week
        } else {
            Period::Month
        }
    }

    /// The first day of the period that holds `day`.
    pub fn start(self, day: CivilDate) -> CivilDate {
        match self {
            Period::Day => day,
            Period::Week => day.add_days(1 - i64::from(day.weekday())),
            Period::Month => CivilDate { day: 1, ..day },
        }
    }

    /// The first day of the next period.
    pub fn next(self, start: CivilDate) -> CivilDate {
        match self {
            Period::Day => start.add_days(1),
            Period::Week => start.add_days(7),
            Period::Month => {
                let (year, month) = start.shift_month(1);
                CivilDate {
                    year,
                    month,
                    day: 1,
                }
            }
        }
    }

    /// The short label under a bar: "18 Jun", "Jun 2025".
    pub fn label(self, start: CivilDate) -> String {
        let month = short_month_name(start.month).unwrap_or("?");
        match self {
            Period::Day | Period::Week => format!("{} {month}", start.day),
            Period::Month => format!("{month} {}", start.year),
        }
    }

    /// The period in words, for the bar's tooltip.
    pub fn describe(self, start: CivilDate) -> String {
        match self {
            Period::Day => id_format::date(start),
            Period::Week => format!("pekan mulai {}", id_format::date(start)),
            Period::Month => id_format::month_year(start),
        }
    }

    /// The heading's "per day", "per week" or "per month".
    pub fn per(self) -> &'static str {
        match self {
            Period::Day => "per day",
            Period::Week => "per week",
            Period::Month => "per month",
        }
    }
}

/// Counts per day (`YYYY-MM-DD`, ascending) summed per period, every period from the first to the
/// last included (an empty one counts 0). Days that are not dates are left out.
pub fn buckets(days: &[(String, i64)]) -> Option<(Period, Vec<(CivilDate, i64)>)> {
    let dated: Vec<(CivilDate, i64)> = days
        .iter()
        .filter_map(|(d, n)| Some((CivilDate::from_iso_prefix(d)?, *n)))
        .collect();
    let first = dated.iter().map(|d| d.0).min_by_key(|d| d.to_days())?;
    let last = dated.iter().map(|d| d.0).max_by_key(|d| d.to_days())?;
    let period = Period::for_span(first, last);
    let mut out: Vec<(CivilDate, i64)> = Vec::new();
    let mut start = period.start(first);
    while start.to_days() <= last.to_days() {
        out.push((start, 0));
        start = period.next(start);
    }
    for (day, n) in dated {
        let start = period.start(day).to_days();
        if let Some(bucket) = out.iter_mut().find(|(s, _)| s.to_days() == start) {
            bucket.1 += n;
        }
    }
    Some((period, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> CivilDate {
        CivilDate::from_iso_prefix(s).unwrap()
    }

    #[test]
    fn short_spans_are_charted_by_day_or_week() {
        let days = |list: &[(&str, i64)]| -> Vec<(String, i64)> {
            list.iter().map(|(d, n)| (d.to_string(), *n)).collect()
        };
        let (period, bars) = buckets(&days(&[("2025-06-02", 3), ("2025-06-05", 1)])).unwrap();
        assert_eq!(period, Period::Day);
        assert_eq!(
            bars,
            [
                (day("2025-06-02"), 3),
                (day("2025-06-03"), 0),
                (day("2025-06-04"), 0),
                (day("2025-06-05"), 1)
            ]
        );
        // 2025-06-04 is a Wednesday: its week starts on Monday 2 June.
        let (period, bars) = buckets(&days(&[
            ("2025-06-04", 2),
            ("2025-06-08", 1),
            ("2025-08-01", 5),
        ]))
        .unwrap();
        assert_eq!(period, Period::Week);
        assert_eq!(bars[0], (day("2025-06-02"), 3));
        assert_eq!(bars.last().unwrap(), &(day("2025-07-28"), 5));
        assert_eq!(bars.len(), 9);
        assert_eq!(
            Period::Week.describe(day("2025-06-02")),
            "pekan mulai 2 Juni 2025"
        );
        let (period, bars) = buckets(&days(&[("2024-11-30", 1), ("2025-06-18", 4)])).unwrap();
        assert_eq!(period, Period::Month);
        assert_eq!(bars.len(), 8);
        assert_eq!(Period::Month.label(bars[0].0), "Nov 2024");
        assert_eq!(bars[7], (day("2025-06-01"), 4));
        assert!(buckets(&[]).is_none());
    }
}
