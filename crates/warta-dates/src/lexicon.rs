//! The word lists of `data/`, read once into lookup tables.

use std::collections::HashMap;
use std::sync::LazyLock;

use warta_core::wordlist;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// What a single lower-cased word means to the recogniser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Month(u32),
    /// ISO weekday, Monday = 1.
    Weekday(u32),
    Unit(Unit),
    /// "hari": may precede a weekday ("hari Rabu").
    Hari,
    /// "tahun": may precede a year ("tahun 2022").
    Tahun,
    /// "pukul": precedes a clock time.
    Pukul,
    /// "pada": may precede a weekday ("pada Minggu").
    Pada,
    /// "lalu", "kemarin" after a weekday: the previous one.
    Past,
    /// "depan", "mendatang": the next one.
    Next,
    Yang,
    /// A part of the day after a date ("malam"): kept out of the value, allowed after a date.
    DayPart,
    Other,
}

pub struct Relative {
    /// The phrase's words after the first.
    pub rest: Vec<&'static str>,
    pub offset: i64,
    pub unit: Unit,
}

pub struct Lexicon {
    words: HashMap<&'static str, Class>,
    /// Relative phrases by first word, longest first.
    relatives: HashMap<&'static str, Vec<Relative>>,
    zones: Vec<(&'static str, &'static str)>,
    /// How months are written, by number − 1: the name and its abbreviation ("Agustus", "Agu").
    month_names: Vec<(String, String)>,
    /// How weekdays are written, by ISO number − 1 ("Senin").
    weekday_names: Vec<String>,
}

pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);

const MONTHS: &str = include_str!("../data/months.txt");
const WEEKDAYS: &str = include_str!("../data/weekdays.txt");
const RELATIVE: &str = include_str!("../data/relative.txt");
const UNITS: &str = include_str!("../data/units.txt");
const ZONES: &str = include_str!("../data/zones.txt");

/// The entries of a data file, each split into its fields.
fn data_lines(file: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    wordlist::words(file).map(|entry| entry.split_whitespace().collect())
}

fn unit_named(name: &str) -> Unit {
    match name {
        "day" => Unit::Day,
        "week" => Unit::Week,
        "month" => Unit::Month,
        "year" => Unit::Year,
        other => panic!("data/relative.txt or units.txt: unknown unit {other:?}"),
    }
}

impl Lexicon {
    // The data files are compiled in and checked by the tests, so a malformed line is a build-time bug.
    fn load() -> Lexicon {
        let mut words = HashMap::new();
        let mut month_names = Vec::new();
        for (i, line) in data_lines(MONTHS).enumerate() {
            let n: u32 = line[0].parse().expect("data/months.txt: month number");
            assert_eq!(n as usize, i + 1, "data/months.txt: months in order");
            for w in &line[1..] {
                words.insert(*w, Class::Month(n));
            }
            let name = line[1];
            let short = line.get(2).copied().unwrap_or(name);
            month_names.push((capitalised(name), capitalised(short)));
        }
        assert_eq!(month_names.len(), 12, "data/months.txt: twelve months");
        let mut weekday_names = Vec::new();
        for (i, line) in data_lines(WEEKDAYS).enumerate() {
            let n: u32 = line[0].parse().expect("data/weekdays.txt: weekday number");
            assert_eq!(n as usize, i + 1, "data/weekdays.txt: weekdays in order");
            for w in &line[1..] {
                words.insert(*w, Class::Weekday(n));
            }
            weekday_names.push(capitalised(line[1]));
        }
        assert_eq!(weekday_names.len(), 7, "data/weekdays.txt: seven days");
        for line in data_lines(UNITS) {
            let unit = unit_named(line[0]);
            for w in &line[1..] {
                // "minggu" stays a weekday: the recogniser reads it as a unit after a number.
                words.entry(*w).or_insert(Class::Unit(unit));
            }
        }
        for (w, class) in [
            ("hari", Class::Hari),
            ("tahun", Class::Tahun),
            ("pukul", Class::Pukul),
            ("pada", Class::Pada),
            ("lalu", Class::Past),
            ("kemarin", Class::Past),
            ("depan", Class::Next),
            ("mendatang", Class::Next),
            ("yang", Class::Yang),
            ("pagi", Class::DayPart),
            ("siang", Class::DayPart),
            ("sore", Class::DayPart),
            ("petang", Class::DayPart),
            ("malam", Class::DayPart),
            ("dini", Class::DayPart),
        ] {
            words.insert(w, class);
        }
        let mut relatives: HashMap<&'static str, Vec<Relative>> = HashMap::new();
        for line in data_lines(RELATIVE) {
            let offset = line[0].parse().expect("data/relative.txt: offset");
            let unit = unit_named(line[1]);
            relatives.entry(line[2]).or_default().push(Relative {
                rest: line[3..].to_vec(),
                offset,
                unit,
            });
        }
        for list in relatives.values_mut() {
            list.sort_by_key(|r| std::cmp::Reverse(r.rest.len()));
        }
        let zones = data_lines(ZONES).map(|l| (l[0], l[1])).collect();
        Lexicon {
            words,
            relatives,
            zones,
            month_names,
            weekday_names,
        }
    }

    pub fn class(&self, lower_word: &str) -> Class {
        self.words.get(lower_word).copied().unwrap_or(Class::Other)
    }

    pub fn relatives(&self, lower_first_word: &str) -> &[Relative] {
        self.relatives
            .get(lower_first_word)
            .map_or(&[], Vec::as_slice)
    }

    /// The UTC offset of a zone abbreviation as written ("WIB").
    pub fn zone(&self, word: &str) -> Option<&'static str> {
        self.zones
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(word))
            .map(|&(_, offset)| offset)
    }
}

/// Month `1..=12` as written: "Juni"; `None` for any other number. The recogniser's table
/// (`data/months.txt`) is the one list of month names in warta, so that what it reads and what the
/// server writes cannot drift apart.
pub fn month_name(month: u32) -> Option<&'static str> {
    let (name, _) = LEXICON.month_names.get(month.checked_sub(1)? as usize)?;
    Some(name)
}

/// Month `1..=12` abbreviated as newsrooms do ("Agu", "Okt", "Des"; "Mei" whole), as in
/// "18 Jun 2025".
pub fn short_month_name(month: u32) -> Option<&'static str> {
    let (_, short) = LEXICON.month_names.get(month.checked_sub(1)? as usize)?;
    Some(short)
}

/// ISO weekday `1..=7` (Monday = 1) as written: "Senin".
pub fn weekday_name(weekday: u32) -> Option<&'static str> {
    LEXICON
        .weekday_names
        .get(weekday.checked_sub(1)? as usize)
        .map(String::as_str)
}

/// "juni" → "Juni" (the data files are ASCII, lower case).
fn capitalised(word: &str) -> String {
    let mut out = word.to_owned();
    out[..1].make_ascii_uppercase();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_load() {
        let lex = &*LEXICON;
        assert_eq!(lex.class("september"), Class::Month(9));
        assert_eq!(lex.class("agt"), Class::Month(8));
        assert_eq!(lex.class("rabu"), Class::Weekday(3));
        assert_eq!(lex.class("minggu"), Class::Weekday(7));
        assert_eq!(lex.class("pekan"), Class::Unit(Unit::Week));
        assert_eq!(lex.relatives("kemarin")[0].rest, vec!["lusa"]);
        assert_eq!(lex.zone("WITA"), Some("+08:00"));
        assert_eq!(month_name(6), Some("Juni"));
        assert_eq!(month_name(12), Some("Desember"));
        assert_eq!(short_month_name(2), Some("Feb"));
        assert_eq!(short_month_name(5), Some("Mei"));
        assert_eq!(short_month_name(8), Some("Agu"));
        assert_eq!(weekday_name(5), Some("Jumat"));
        assert_eq!(weekday_name(7), Some("Minggu"));
        // Outside 1–12 (or 1–7) is no month (or day).
        assert_eq!(month_name(13), None);
        assert_eq!(month_name(0), None);
        assert_eq!(short_month_name(0), None);
        assert_eq!(weekday_name(8), None);
    }
}
