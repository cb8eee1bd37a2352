//! Quotes over time as an SVG bar chart: the geometry of the bars (the period cut by
//! [`crate::timeline`]), grid and labels, which `templates/report.html` draws (so every label goes
//! through the template's escaping).

use crate::id_format;
use crate::timeline::{Bin, Step};

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
    /// Shown on hover: "Senin, 2 Juni 2025: 12 pernyataan".
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
        let highest = bins.iter().map(|b| b.statements).max().unwrap_or(0);
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
                let h = plot_height * bin.statements as f64 / top as f64;
                Bar {
                    x: fmt(LEFT + slot * i as f64 + (slot - bar_width) / 2.0),
                    y: fmt(base - h),
                    width: fmt(bar_width),
                    height: fmt(h),
                    title: format!(
                        "{}: {} pernyataan",
                        bin_name(bin, step),
                        id_format::number(bin.statements)
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
                text: step.label(bin.first),
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
    use crate::timeline::bins;
    use warta_dates::CivilDate;
    use warta_store::DayCount;

    fn count(day: &str, statements: i64) -> DayCount {
        DayCount {
            day: day.to_owned(),
            statements,
        }
    }

    fn day(y: i32, m: u32, d: u32) -> CivilDate {
        CivilDate::new(y, m, d).unwrap()
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
        assert_eq!(chart.bars[2].title, "Selasa, 3 Juni 2025: 1.200 pernyataan");
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
