//! Quotes over time cut into bars of a day, a week (Monday to Sunday) or a month, as the length of
//! the span asks; every bar present, an empty one counting 0. The report's charts and the web UI's
//! speaker timeline both cut through here and label their bars alike ("2 Jun", "Jun 2025").

use warta_dates::{CivilDate, short_month_name};
use warta_store::DayCount;

/// How long one bar of a chart lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    Day,
    /// Monday to Sunday (ISO weeks).
    Week,
    Month,
}

impl Step {
    /// The step for a span of `days`, both ends counted (1–30 June is 30 days): days up to a
    /// month, weeks up to half a year, months beyond, so that a chart keeps between a few and
    /// about thirty bars.
    ///
    /// Half a year is 182 days here. The report and the UI were written apart and said 182 and
    /// 183 (the UI counting the days between the ends, so 184 with both counted); 182 is 26 whole
    /// weeks, the most a weekly chart needs before monthly bars (six or seven) read better.
    pub(crate) fn for_period(days: i64) -> Step {
        match days {
            ..=31 => Step::Day,
            32..=182 => Step::Week,
            _ => Step::Month,
        }
    }

    /// The first day of the step that holds `day`: the day itself, its week's Monday, the first
    /// of its month.
    pub(crate) fn start(self, day: CivilDate) -> CivilDate {
        match self {
            Step::Day => day,
            Step::Week => day.add_days(1 - i64::from(day.weekday())),
            Step::Month => CivilDate { day: 1, ..day },
        }
    }

    /// The first day of the step after the one that holds `day`.
    fn next(self, day: CivilDate) -> CivilDate {
        match self {
            Step::Day => day.add_days(1),
            Step::Week => day.add_days(8 - i64::from(day.weekday())),
            Step::Month => {
                let (year, month) = day.shift_month(1);
                CivilDate {
                    year,
                    month,
                    day: 1,
                }
            }
        }
    }

    /// The short label under a bar starting on `first`: "2 Jun" (a day, or the first day of a
    /// week), "Jun 2025" (a month).
    pub(crate) fn label(self, first: CivilDate) -> String {
        let month = short_month_name(first.month).unwrap_or("?");
        match self {
            Step::Day | Step::Week => format!("{} {month}", first.day),
            Step::Month => format!("{month} {}", first.year),
        }
    }
}

/// One bar: the days it covers and their statements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bin {
    pub first: CivilDate,
    pub last: CivilDate,
    pub statements: i64,
}

/// The span from `first` to `last` in steps, cut at its ends (a week may be shorter), every step
/// present (empty ones count 0), with `counts` summed into them; days outside the span, or that
/// are not dates, are left out.
pub(crate) fn bins(first: CivilDate, last: CivilDate, step: Step, counts: &[DayCount]) -> Vec<Bin> {
    let mut bins = Vec::new();
    let mut start = first;
    while start <= last {
        let next = step.next(start);
        bins.push(Bin {
            first: start,
            last: next.add_days(-1).min(last),
            statements: 0,
        });
        start = next;
    }
    for count in counts {
        let Some(day) = CivilDate::from_iso_prefix(&count.day) else {
            continue;
        };
        let i = bins.partition_point(|b| b.first <= day);
        if let Some(bin) = i.checked_sub(1).and_then(|i| bins.get_mut(i))
            && day <= bin.last
        {
            bin.statements += count.statements;
        }
    }
    bins
}

/// `counts` in bars from the start of the step holding their first day to their last day, the
/// step chosen by that span: for a timeline with no period of its own (a speaker's, in the UI).
/// `None` without a dated count.
pub(crate) fn spanning(counts: &[DayCount]) -> Option<(Step, Vec<Bin>)> {
    let days = || {
        counts
            .iter()
            .filter_map(|c| CivilDate::from_iso_prefix(&c.day))
    };
    let first = days().min()?;
    let last = days().max()?;
    let step = Step::for_period(last.to_days() - first.to_days() + 1);
    Some((step, bins(step.start(first), last, step, counts)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> CivilDate {
        CivilDate::new(y, m, d).unwrap()
    }

    fn iso(s: &str) -> CivilDate {
        CivilDate::from_iso_prefix(s).unwrap()
    }

    fn count(day: &str, statements: i64) -> DayCount {
        DayCount {
            day: day.to_owned(),
            statements,
        }
    }

    #[test]
    fn the_step_follows_the_length_of_the_period() {
        assert_eq!(Step::for_period(1), Step::Day);
        assert_eq!(Step::for_period(31), Step::Day);
        assert_eq!(Step::for_period(32), Step::Week);
        assert_eq!(Step::for_period(182), Step::Week);
        assert_eq!(Step::for_period(183), Step::Month);
        assert_eq!(Step::for_period(366), Step::Month);
    }

    #[test]
    fn days_are_summed_into_weeks_that_start_on_monday_and_stop_at_the_period() {
        // 1 June 2025 was a Sunday: the first week is that day alone, then Monday 2 June …
        let counts = [
            count("2025-06-01", 1),
            count("2025-06-02", 2),
            count("2025-06-08", 3),
            count("2025-06-09", 4),
            count("2025-07-02", 5),
            // Outside the period, and not a date: left out.
            count("2025-05-31", 100),
            count("2025-07-03", 100),
            count("?", 100),
        ];
        let bins = bins(day(2025, 6, 1), day(2025, 7, 2), Step::Week, &counts);
        let got: Vec<(String, String, i64)> = bins
            .iter()
            .map(|b| (b.first.iso(), b.last.iso(), b.statements))
            .collect();
        let want = [
            ("2025-06-01", "2025-06-01", 1),
            ("2025-06-02", "2025-06-08", 5),
            ("2025-06-09", "2025-06-15", 4),
            ("2025-06-16", "2025-06-22", 0),
            ("2025-06-23", "2025-06-29", 0),
            ("2025-06-30", "2025-07-02", 5),
        ]
        .map(|(a, b, n)| (a.to_owned(), b.to_owned(), n));
        assert_eq!(got, want);
    }

    #[test]
    fn months_and_days_cover_the_period_without_gaps() {
        let bins_m = bins(day(2024, 11, 15), day(2025, 2, 3), Step::Month, &[]);
        let spans: Vec<(String, String)> = bins_m
            .iter()
            .map(|b| (b.first.iso(), b.last.iso()))
            .collect();
        assert_eq!(
            spans,
            [
                ("2024-11-15", "2024-11-30"),
                ("2024-12-01", "2024-12-31"),
                ("2025-01-01", "2025-01-31"),
                ("2025-02-01", "2025-02-03")
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
        let days = bins(day(2025, 6, 1), day(2025, 6, 30), Step::Day, &[]);
        assert_eq!(days.len(), 30);
        assert!(days.iter().all(|b| b.first == b.last));
    }

    /// The bars' first days and counts.
    fn starts(bins: &[Bin]) -> Vec<(CivilDate, i64)> {
        bins.iter().map(|b| (b.first, b.statements)).collect()
    }

    #[test]
    fn a_timeline_without_a_period_runs_from_the_step_of_its_first_day_to_its_last() {
        let (step, bars) = spanning(&[count("2025-06-02", 3), count("2025-06-05", 1)]).unwrap();
        assert_eq!(step, Step::Day);
        assert_eq!(
            starts(&bars),
            [
                (iso("2025-06-02"), 3),
                (iso("2025-06-03"), 0),
                (iso("2025-06-04"), 0),
                (iso("2025-06-05"), 1)
            ]
        );
        // 2025-06-04 is a Wednesday: its week starts on Monday 2 June.
        let (step, bars) = spanning(&[
            count("2025-06-04", 2),
            count("2025-06-08", 1),
            count("2025-08-01", 5),
        ])
        .unwrap();
        assert_eq!(step, Step::Week);
        assert_eq!(starts(&bars)[0], (iso("2025-06-02"), 3));
        assert_eq!(starts(&bars).last().unwrap(), &(iso("2025-07-28"), 5));
        assert_eq!(bars.len(), 9);
        let (step, bars) = spanning(&[count("2024-11-30", 1), count("2025-06-18", 4)]).unwrap();
        assert_eq!(step, Step::Month);
        assert_eq!(bars.len(), 8);
        assert_eq!(Step::Month.label(bars[0].first), "Nov 2024");
        assert_eq!(starts(&bars)[7], (iso("2025-06-01"), 4));
        assert!(spanning(&[]).is_none());
        assert!(spanning(&[count("kemarin", 1)]).is_none());
    }

    #[test]
    fn bars_are_labelled_by_their_first_day_or_their_month() {
        assert_eq!(Step::Day.label(day(2025, 6, 18)), "18 Jun");
        assert_eq!(Step::Week.label(day(2025, 8, 4)), "4 Agu");
        assert_eq!(Step::Month.label(day(2025, 6, 1)), "Jun 2025");
    }
}
