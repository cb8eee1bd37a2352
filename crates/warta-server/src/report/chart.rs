//! Quotes over time as an SVG bar chart: the period cut into days, weeks or months by its length,
//! and the geometry of the bars, grid and labels, which `templates/report.html` draws (so every
//! label goes through the template's escaping).

use warta_dates::CivilDate;
use warta_store::DayCount;

use warta_dates::short_month_name;

use crate::id_format;

/// How long one bar of a chart lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    Day,
    /// Monday to Sunday (ISO weeks), cut at the period's ends.
    Week,
    Month,
}

impl Step {
    /// Days up to a month, weeks up to half a year (26 bars at most), months beyond: a chart keeps
    /// between a few and about thirty bars.
    pub(crate) fn for_period(days: i64) -> Step {
        match days {
            ..=31 => Step::Day,
            32..=182 => Step::Week,
            _ => Step::Month,
        }
    }

    /// "per hari", as the chart's caption says it.
    pub(crate) fn per(self) -> &'static str {
        match self {
            Step::Day => "per hari",
            Step::Week => "per minggu",
            Step::Month => "per bulan",
        }
    }
}

/// One bar: the days it covers (within the period) and their quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bin {
    pub first: CivilDate,
    pub last: CivilDate,
    pub quotes: i64,
}

/// The period from `first` to `last` in steps, every step present (empty ones count 0), with
/// `counts` summed into them; days outside the period are left out.
pub(crate) fn bins(first: CivilDate, last: CivilDate, step: Step, counts: &[DayCount]) -> Vec<Bin> {
    let mut bins = Vec::new();
    let mut start = first;
    while start <= last {
        let next = match step {
            Step::Day => start.add_days(1),
            Step::Week => start.add_days(8 - i64::from(start.weekday())),
            Step::Month => {
                let (year, month) = start.shift_month(1);
                CivilDate::new(year, month, 1).unwrap_or(last.add_days(1))
            }
        };
        let end = next.add_days(-1).min(last);
        bins.push(Bin {
            first: start,
            last: end,
            quotes: 0,
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
            bin.quotes += count.quotes;
        }
    }
    bins
}

/// A bar chart laid out in SVG user units; numbers are written with one decimal.
#[derive(Debug)]
pub(crate) struct BarChart {
    pub width: u32,
    pub height: u32,
    pub bars: Vec<Bar>,
    pub grid: Vec<GridLine>,
    pub labels: Vec<AxisLabel>,
    /// Where the plot starts and ends horizontally (for the grid lines).
    pub left: String,
    pub right: String,
    /// The y of the x axis.
    pub base: String,
    /// The y of the labels under it.
    pub label_y: String,
    /// What the chart shows, for screen readers.
    pub caption: String,
}

#[derive(Debug)]
pub(crate) struct Bar {
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
    /// Shown on hover: "Senin, 2 Juni 2025: 12 kutipan".
    pub title: String,
}

#[derive(Debug)]
pub(crate) struct GridLine {
    pub y: String,
    pub label: String,
}

#[derive(Debug)]
pub(crate) struct AxisLabel {
    pub x: String,
    pub text: String,
}

const LEFT: f64 = 34.0;
const RIGHT: f64 = 6.0;
const TOP: f64 = 8.0;
const BOTTOM: f64 = 20.0;
/// Labels under the axis, at most: more would overlap.
const MAX_LABELS: usize = 10;

impl BarChart {
    /// `scale_max`: the value the top of the plot stands for, at least the highest bar; charts
    /// meant to be compared share one.
    pub(crate) fn new(
        bins: &[Bin],
        step: Step,
        width: u32,
        height: u32,
        scale_max: i64,
        caption: String,
    ) -> BarChart {
        let highest = bins.iter().map(|b| b.quotes).max().unwrap_or(0);
        let (tick, top) = ticks(scale_max.max(highest));
        let plot_width = f64::from(width) - LEFT - RIGHT;
        let base = f64::from(height) - BOTTOM;
        let plot_height = base - TOP;
        let slot = plot_width / bins.len().max(1) as f64;
        let bar_width = (slot * 0.72).max(1.0);
        let bars = bins
            .iter()
            .enumerate()
            .map(|(i, bin)| {
                let h = plot_height * bin.quotes as f64 / top as f64;
                Bar {
                    x: fmt(LEFT + slot * i as f64 + (slot - bar_width) / 2.0),
                    y: fmt(base - h),
                    width: fmt(bar_width),
                    height: fmt(h),
                    title: format!(
                        "{}: {} kutipan",
                        bin_name(bin, step),
                        id_format::number(bin.quotes)
                    ),
                }
            })
            .collect();
        let grid = (0..=top / tick)
            .map(|k| GridLine {
                y: fmt(base - plot_height * (k * tick) as f64 / top as f64),
                label: id_format::number(k * tick),
            })
            .collect();
        let every = bins.len().div_ceil(MAX_LABELS).max(1);
        let labels = bins
            .iter()
            .enumerate()
            .filter(|(i, _)| i % every == 0)
            .map(|(i, bin)| AxisLabel {
                x: fmt(LEFT + slot * (i as f64 + 0.5)),
                text: bin_label(bin, step),
            })
            .collect();
        BarChart {
            width,
            height,
            bars,
            grid,
            labels,
            left: fmt(LEFT),
            right: fmt(f64::from(width) - RIGHT),
            base: fmt(base),
            label_y: fmt(base + 14.0),
            caption,
        }
    }
}

/// The grid's step and the top of the scale: 1, 2 or 5 times a power of ten, so that the scale
/// has at most four steps above zero.
fn ticks(max: i64) -> (i64, i64) {
    let max = max.max(1);
    let mut power = 1i64;
    loop {
        for tick in [power, 2 * power, 5 * power] {
            // Both positive: the steps of `tick` that reach `max`.
            let steps = (max + tick - 1) / tick;
            if steps <= 4 {
                return (tick, steps * tick);
            }
        }
        power = power.saturating_mul(10);
    }
}

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

/// The label under a bar: "2 Jun" (a day, or the first day of a week), "Jun 2025" (a month).
fn bin_label(bin: &Bin, step: Step) -> String {
    let month = short_month_name(bin.first.month).unwrap_or("?");
    match step {
        Step::Day | Step::Week => {
            format!("{} {month}", bin.first.day)
        }
        Step::Month => format!("{month} {}", bin.first.year),
    }
}

/// The days of a bar in full, for its tooltip.
fn bin_name(bin: &Bin, step: Step) -> String {
    match step {
        Step::Day => id_format::date_with_weekday(bin.first),
        Step::Week => id_format::span(bin.first, bin.last),
        Step::Month => id_format::month_year(bin.first),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> CivilDate {
        CivilDate::new(y, m, d).unwrap()
    }

    fn count(day: &str, quotes: i64) -> DayCount {
        DayCount {
            day: day.to_owned(),
            quotes,
        }
    }

    #[test]
    fn the_step_follows_the_length_of_the_period() {
        assert_eq!(Step::for_period(1), Step::Day);
        assert_eq!(Step::for_period(31), Step::Day);
        assert_eq!(Step::for_period(32), Step::Week);
        assert_eq!(Step::for_period(182), Step::Week);
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
            .map(|b| (b.first.iso(), b.last.iso(), b.quotes))
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

    #[test]
    fn the_scale_rounds_up_to_a_few_even_steps() {
        assert_eq!(ticks(0), (1, 1));
        assert_eq!(ticks(3), (1, 3));
        assert_eq!(ticks(7), (2, 8));
        assert_eq!(ticks(20), (5, 20));
        assert_eq!(ticks(136), (50, 150));
        assert_eq!(ticks(1001), (500, 1500));
    }

    #[test]
    fn bars_stand_on_the_axis_in_proportion_and_say_what_they_count() {
        let bins = bins(
            day(2025, 6, 1),
            day(2025, 6, 4),
            Step::Day,
            &[count("2025-06-02", 4), count("2025-06-03", 1200)],
        );
        let chart = BarChart::new(&bins, Step::Day, 300, 120, 0, "uji".into());
        // Scale 0–1,500 in steps of 500; the plot runs from y 8 to y 100.
        assert_eq!(chart.base, "100.0");
        assert_eq!(
            chart
                .grid
                .iter()
                .map(|g| g.label.as_str())
                .collect::<Vec<_>>(),
            ["0", "500", "1.000", "1.500"]
        );
        let heights: Vec<&str> = chart.bars.iter().map(|b| b.height.as_str()).collect();
        // 92 × 4 / 1500 and 92 × 1200 / 1500.
        assert_eq!(heights, ["0.0", "0.2", "73.6", "0.0"]);
        assert_eq!(chart.bars[2].y, "26.4");
        assert_eq!(chart.bars[2].title, "Selasa, 3 Juni 2025: 1.200 kutipan");
        assert_eq!(chart.labels[0].text, "1 Jun");
        // A shared scale above the highest bar.
        let shared = BarChart::new(&bins, Step::Day, 300, 120, 3000, "uji".into());
        assert_eq!(shared.grid.last().unwrap().label, "3.000");
    }

    #[test]
    fn long_periods_label_some_bars_only() {
        let bins = bins(day(2025, 6, 1), day(2025, 6, 30), Step::Day, &[]);
        let chart = BarChart::new(&bins, Step::Day, 700, 160, 0, "uji".into());
        assert_eq!(chart.bars.len(), 30);
        let labels: Vec<&str> = chart.labels.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            labels,
            [
                "1 Jun", "4 Jun", "7 Jun", "10 Jun", "13 Jun", "16 Jun", "19 Jun", "22 Jun",
                "25 Jun", "28 Jun"
            ]
        );
    }
}
