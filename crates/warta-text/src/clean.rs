//! The `clean` stage: finds page furniture and the dateline, and reports them as spans.
//!
//! Cleaning never deletes: it fills [`Document::removed`] (sorted, non-overlapping) and
//! [`Document::dateline`], and later stages skip those spans. It works line by line, because that
//! is how scrapers leave furniture behind:
//! - **dateline** at the start of the first line ("JAKARTA, KOMPAS.com -", "Liputan6.com, Jakarta -",
//!   "SEOUL –", "KOMPAS.com -", Detik's "Jakarta" + "-" on two lines, and the glued
//!   "Liputan6.com, JakartaKita semua …");
//! - **boilerplate** lines from `data/boilerplate_lines.txt` ("Advertisement", "Baca Juga" alone);
//! - **bylines** from `data/byline_prefixes.txt` and editor initials such as "(wsw/wsw)";
//! - **related links**: "Baca juga: Title", as a line or glued inside a paragraph, where only the
//!   title is taken (see [`related_link_end`]);
//! - **pull quotes**: a line whose word pairs are (nearly) all found in one longer line of the body,
//!   and the **caption** line that names its speaker right after it.

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};
use warta_core::{
    Dateline, Document, Layer, Removed, RemovedKind, Span, Stage, StageError, Token, TokenKind,
};

use crate::chars::{char_at, is_dash, is_quote_mark, is_space, is_terminal, is_word_char};
use crate::lexicon::LEXICON;
use crate::tokenize::tokenize;

/// Fills [`Document::removed`] and [`Document::dateline`].
#[derive(Debug, Clone, Default)]
pub struct Cleaner {}

impl Cleaner {
    pub fn new() -> Self {
        Cleaner {}
    }
}

impl Stage for Cleaner {
    fn name(&self) -> &'static str {
        "clean"
    }

    fn requires(&self) -> &'static [Layer] {
        &[]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Removed]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let found = clean(doc.text());
        doc.removed = found.removed;
        doc.dateline = found.dateline;
        Ok(())
    }
}

/// What [`clean`] found.
#[derive(Debug, Default, Clone)]
pub struct Cleaned {
    pub removed: Vec<Removed>,
    pub dateline: Option<Dateline>,
}

/// A pull quote repeats at least this share of its word pairs from one other line.
const PULL_QUOTE_COVERAGE: f64 = 0.9;
/// Pull quotes are one or two sentences.
const PULL_QUOTE_MAX_WORDS: usize = 80;
const PULL_QUOTE_MIN_WORDS: usize = 4;
/// A pull quote set without marks or a final stop repeats at least this many quoted words, a
/// sentence's worth: a shorter line repeating a quoted title ("Di Tanah Melayu, Aku Bertanya", a
/// poem's) is its heading.
const BARE_PULL_QUOTE_MIN_WORDS: usize = 6;
/// Only lines this close are compared, so that cleaning stays linear in very long inputs.
const PULL_QUOTE_WINDOW: usize = 60;
/// A caption is a short line.
const CAPTION_MAX_WORDS: usize = 10;

/// Finds the furniture and the dateline of `text`.
pub fn clean(text: &str) -> Cleaned {
    let lines: Vec<Span> = lines(text).collect();
    let mut removed: Vec<Removed> = Vec::new();
    let mut dateline = None;
    // The dateline opens the body, which may follow a headline or a kicker line or two.
    let openers = (0..lines.len()).filter(|&n| !lines[n].is_empty()).take(3);
    for n in openers {
        dateline = find_dateline(text, &lines[n..]);
        let ends_sentence = text[lines[n].range()]
            .chars()
            .next_back()
            .is_some_and(is_terminal);
        if dateline.is_some() || ends_sentence {
            break;
        }
    }
    let body_from = dateline.as_ref().map_or(0, |d: &Dateline| d.span.end);
    // Whole-line furniture.
    let mut is_furniture = vec![false; lines.len()];
    for (n, &line) in lines.iter().enumerate() {
        if line.is_empty() || line.end <= body_from {
            is_furniture[n] = line.end <= body_from && !line.is_empty();
            continue;
        }
        let line = Span::new(line.start.max(body_from), line.end);
        let Some(line) = trim(text, line) else {
            continue;
        };
        let s = &text[line.range()];
        let kind = if LEXICON.is_boilerplate_line(s) {
            Some(RemovedKind::Boilerplate)
        } else if is_byline(s) {
            Some(RemovedKind::Byline)
        } else {
            None
        };
        if let Some(kind) = kind {
            removed.push(Removed { kind, span: line });
            is_furniture[n] = true;
            continue;
        }
        // A prompt glued to the end of the last sentence ("…,” paparnya.Ikuti Whatsapp Channel
        // Republika"), where the scraper dropped the line break.
        if let Some(prompt) = trailing_boilerplate(text, line) {
            removed.push(Removed {
                kind: RemovedKind::Boilerplate,
                span: prompt,
            });
        }
        // "Baca juga" links, at the start of the line or glued inside it.
        let mut from = line.start;
        while let Some(link) = find_related_link(text, Span::new(from, line.end)) {
            removed.push(Removed {
                kind: RemovedKind::RelatedLink,
                span: link,
            });
            if link.start == line.start && link.end == line.end {
                is_furniture[n] = true;
            }
            from = link.end;
        }
    }
    find_pull_quotes(text, &lines, &is_furniture, body_from, &mut removed);
    removed.sort_by_key(|r| (r.span.start, std::cmp::Reverse(r.span.end)));
    // Keep the spans disjoint: a later span that overlaps an earlier one is dropped.
    let mut disjoint: Vec<Removed> = Vec::with_capacity(removed.len());
    for r in removed {
        if r.span.is_empty() || disjoint.last().is_some_and(|p| p.span.end > r.span.start) {
            continue;
        }
        if dateline.as_ref().is_some_and(|d| d.span.overlaps(r.span)) {
            continue;
        }
        disjoint.push(r);
    }
    Cleaned {
        removed: disjoint,
        dateline,
    }
}

/// Every line as a span without its newline (and without a trailing `\r`), trimmed of whitespace;
/// blank lines come back empty, positioned at their start.
fn lines(text: &str) -> impl Iterator<Item = Span> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start > bytes.len() {
            return None;
        }
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |n| start + n);
        let line = Span::new(start, end);
        start = end + 1;
        Some(trim(text, line).unwrap_or(Span::new(line.start, line.start)))
    })
}

fn trim(text: &str, span: Span) -> Option<Span> {
    let s = &text[span.range()];
    let left = s.trim_start_matches(is_space);
    let start = span.end - left.len();
    let both = left.trim_end_matches(is_space);
    (!both.is_empty()).then(|| Span::new(start, start + both.len()))
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn is_byline(line: &str) -> bool {
    if line.len() > 200 {
        return false;
    }
    if LEXICON.byline_prefixes.matches(line) {
        return true;
    }
    // Editor initials closing Detik and Okezone stories: "(wsw/wsw)", "(kha)", "(ahs/nu2)".
    let Some(inner) = line.strip_prefix('(').and_then(|l| l.strip_suffix(')')) else {
        return false;
    };
    !inner.is_empty()
        && inner.split('/').all(|part| {
            (2..=4).contains(&part.len())
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

// ---------------------------------------------------------------------------------------------
// Datelines

/// The dateline at the start of the first non-blank line (`lines` starts there).
fn find_dateline(text: &str, lines: &[Span]) -> Option<Dateline> {
    let line = lines[0];
    let s = &text[line.start..floor_char_boundary(text, line.end.min(line.start + 200))];
    // Outlet first: "Liputan6.com, Jakarta -", "TEMPO.CO,Jakarta-", "KOMPAS.com -",
    // "KOMPAS , BANYUWANGI —".
    if let Some(outlet_len) = outlet_at(s) {
        let rest = &s[outlet_len..];
        let after_space = rest.trim_start_matches(is_space);
        if let Some(dash_end) = dash_at(after_space) {
            let end = s.len() - after_space.len() + dash_end;
            return Some(dateline(line.start, end, ""));
        }
        if let Some(place_part) = after_space.strip_prefix(',') {
            let place_part = place_part.trim_start_matches(is_space);
            let place_start = s.len() - place_part.len();
            // Glued: "Liputan6.com, JakartaKita semua …" — the place ends where a capital follows
            // a small letter in the first word.
            let first_word = place_part.split(is_space).next().unwrap_or("");
            if first_word.chars().next().is_some_and(char::is_uppercase)
                && let Some(junction) = camel_junction(first_word)
            {
                return Some(dateline(
                    line.start,
                    place_start + junction,
                    &first_word[..junction],
                ));
            }
            let place_len = place_len(place_part);
            if place_len > 0 {
                let place = place_part[..place_len].trim_end_matches(is_space);
                let after = place_part[place_len..].trim_start_matches(is_space);
                if let Some(dash_end) = dash_at(after) {
                    let end = s.len() - after.len() + dash_end;
                    return Some(dateline(line.start, end, place));
                }
            }
        }
        return None;
    }
    // Place first: "JAKARTA, KOMPAS.com -", "SEOUL –", "JAKARTA-Berenang".
    let place_len = place_len(s);
    if place_len == 0 {
        return None;
    }
    let place = s[..place_len].trim_end_matches(is_space);
    let rest = s[place_len..].trim_start_matches(is_space);
    if let Some(after_comma) = rest.strip_prefix(',') {
        let after_comma = after_comma.trim_start_matches(is_space);
        let outlet_len = outlet_at(after_comma)?;
        let after = after_comma[outlet_len..].trim_start_matches(is_space);
        let dash_end = dash_at(after)?;
        let end = s.len() - after.len() + dash_end;
        return Some(dateline(line.start, end, place));
    }
    let all_caps = place.chars().any(char::is_uppercase) && !place.chars().any(char::is_lowercase);
    if let Some(dash_end) = dash_at(rest) {
        let end = s.len() - rest.len() + dash_end;
        let line_ends = s[end..].trim_start_matches(is_space).is_empty();
        if all_caps || line_ends {
            return Some(dateline(line.start, end, place));
        }
        return None;
    }
    // Detik: the place alone on a line, then a line with only a dash.
    if rest.is_empty() && place.split(' ').count() <= 3 {
        let next = lines[1..].iter().find(|l| !l.is_empty())?;
        if text[next.range()].chars().all(is_dash) {
            return Some(dateline(line.start, next.end - line.start, place));
        }
    }
    None
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A dateline of `len` bytes from `start`.
fn dateline(start: usize, len: usize, place: &str) -> Dateline {
    Dateline {
        span: Span::new(start, start + len),
        place: place.to_owned(),
    }
}

/// The byte length of the outlet name that `s` starts with, if any.
fn outlet_at(s: &str) -> Option<usize> {
    LEXICON.outlets.iter().find_map(|o| {
        (starts_with_ignore_case(s, o) && !s[o.len()..].chars().next().is_some_and(is_word_char))
            .then_some(o.len())
    })
}

/// The byte length of the dash run (and nothing else) that `s` starts with: "-", "–", "—", "--".
fn dash_at(s: &str) -> Option<usize> {
    let len: usize = s
        .chars()
        .take_while(|&c| is_dash(c))
        .map(char::len_utf8)
        .sum();
    (len > 0).then_some(len)
}

/// The byte length of a place name at the start of `s`: up to four capitalised words (letters,
/// spaces, dots, slashes), at most 40 bytes; 0 when `s` does not start with one.
fn place_len(s: &str) -> usize {
    let mut words = 0;
    let mut len = 0;
    for word in s.split_inclusive(' ') {
        let bare = word.trim_end_matches(' ');
        let first = bare.chars().next();
        if bare.is_empty()
            || !first.is_some_and(char::is_uppercase)
            || !bare
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '.' | '/' | '\''))
        {
            // The word may carry the comma or dash that ends the place: "JAKARTA," "JAKARTA-X".
            let head: usize = bare
                .chars()
                .take_while(|c| c.is_alphabetic())
                .map(char::len_utf8)
                .sum();
            if head > 0 && first.is_some_and(char::is_uppercase) && words < 4 {
                len += head;
            }
            break;
        }
        words += 1;
        len += word.len();
        if words == 4 || len > 40 {
            break;
        }
    }
    if len > 40 {
        return 0;
    }
    len
}

/// Where a capital letter follows a small one inside `word` ("JakartaKita" → 7).
fn camel_junction(word: &str) -> Option<usize> {
    let mut prev_lower = false;
    for (i, c) in word.char_indices() {
        if c.is_uppercase() && prev_lower {
            return Some(i);
        }
        prev_lower = c.is_lowercase();
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Related links

/// Lower-case words that may stand inside a headline ("Banjir hingga Macet").
const HEADLINE_SMALL_WORDS: [&str; 40] = [
    "di", "ke", "dan", "yang", "dari", "untuk", "hingga", "jadi", "ini", "itu", "pada", "atau",
    "vs", "dengan", "soal", "usai", "jelang", "saat", "bagi", "tak", "tidak", "akan", "bisa",
    "ada", "sudah", "lagi", "ya", "apa", "dalam", "karena", "oleh", "jika", "agar", "sebagai",
    "juga", "sampai", "demi", "buat", "kok", "per",
];

/// The boilerplate that ends `line` after its last sentence: a capital right after a sentence's
/// final mark (with at most one space), from which the rest of the line is a boilerplate line.
fn trailing_boilerplate(text: &str, line: Span) -> Option<Span> {
    let s = &text[line.range()];
    let bytes = s.as_bytes();
    let mut found = None;
    for (i, c) in s.char_indices() {
        if !(is_terminal(c) || matches!(c, '”' | '"' | '’')) {
            continue;
        }
        let mut at = i + c.len_utf8();
        if bytes.get(at) == Some(&b' ') {
            at += 1;
        }
        let starts_capital = s[at..].chars().next().is_some_and(char::is_uppercase);
        if starts_capital && at < s.len() && LEXICON.is_boilerplate_line(s[at..].trim_end()) {
            found = Some(Span::new(line.start + at, line.end));
            break;
        }
    }
    found
}

/// Where the next "Baca juga" marker (any case) starts in `hay`, from `from` on.
fn find_marker(hay: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    static FINDER: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"aca "));
    while let Some(pos) = FINDER.find(&hay[at..]).map(|p| at + p) {
        at = pos + 4;
        let juga = &hay[pos + 4..];
        if pos > from
            && matches!(hay[pos - 1], b'B' | b'b')
            && juga.len() >= 4
            && juga[..4].eq_ignore_ascii_case(b"juga")
        {
            return Some(pos - 1);
        }
    }
    None
}

/// The first "Baca juga" link inside `within` (one line), as the marker plus the title that
/// follows it.
fn find_related_link(text: &str, within: Span) -> Option<Span> {
    let hay = &text.as_bytes()[within.range()];
    let marker = find_marker(hay, 0)?;
    let start = within.start + marker;
    let mut marker_end = start + "Baca juga".len();
    // "Baca juga:" and "Baca Juga :" — the colon belongs to the marker.
    let after = text[marker_end..within.end].trim_start_matches(is_space);
    if after.starts_with(':') {
        marker_end = within.end - after.len() + 1;
    }
    // The headline cannot run past the next marker: this keeps "Baca juga Baca juga …" linear.
    let next_marker = find_marker(hay, marker + 9).map_or(within.end, |m| within.start + m);
    let end = related_link_end(text, Span::new(marker_end, next_marker.max(marker_end)));
    Some(Span::new(start, end))
}

/// Where the headline after a "Baca juga" marker ends, within `rest` of its line.
///
/// Headlines are written in title case, so the title runs over capitalised words, numbers and the
/// small words of [`HEADLINE_SMALL_WORDS`]. The body resumes at the capitalised word that a
/// lower-case word (or a comma and one) follows: in "Judul Lain Di Sini Kalimat berikut", the body
/// starts at "Kalimat". Headlines glued to the body ("CirebonBahkan, pada") split at the capital.
fn related_link_end(text: &str, rest: Span) -> usize {
    const MAX_TOKENS: usize = 80;
    let mut tokens: Vec<Token> = Vec::new();
    // Tokenise a bounded window: headlines are short.
    let window_end = floor_char_boundary(text, rest.end.min(rest.start + 400));
    tokenize(text, Span::new(rest.start, window_end), &mut tokens);
    if tokens.is_empty() {
        return rest.start;
    }
    let is_small = |t: &Token| {
        let w = &text[t.span.range()];
        HEADLINE_SMALL_WORDS
            .iter()
            .any(|s| w.eq_ignore_ascii_case(s))
    };
    let is_body_word = |t: &Token| {
        t.kind == TokenKind::Word && char_at(text, t.span.start).is_lowercase() && !is_small(t)
    };
    // The start of the last capitalised word, where the body may have begun.
    let mut last_capital: Option<usize> = None;
    let mut title_end = rest.start;
    for (k, t) in tokens.iter().enumerate().take(MAX_TOKENS) {
        let w = &text[t.span.range()];
        let first = char_at(text, t.span.start);
        match t.kind {
            TokenKind::Word | TokenKind::Abbreviation if first.is_uppercase() => {
                // "CirebonBahkan, pada": the body starts at the junction (inside the word, or
                // where the tokeniser split the glued words) when running text or a comma
                // follows (headlines glued to each other are followed by capitals).
                let junction = camel_junction(w).or_else(|| {
                    let glued = k > 0
                        && tokens[k - 1].span.end == t.span.start
                        && tokens[k - 1].kind == TokenKind::Word;
                    glued.then_some(0)
                });
                if let Some(j) = junction {
                    let next = tokens.get(k + 1);
                    let body_follows =
                        next.is_some_and(|n| is_body_word(n) || &text[n.span.range()] == ",");
                    if body_follows {
                        return t.span.start + j;
                    }
                }
                last_capital = Some(t.span.start);
                title_end = t.span.end;
            }
            TokenKind::Word if is_small(t) => title_end = t.span.end,
            TokenKind::Word if first.is_lowercase() => {
                return last_capital.map_or(rest.start, |c| trim_end_before(text, rest.start, c));
            }
            TokenKind::Punctuation if w == "," => {
                if tokens.get(k + 1).is_some_and(is_body_word) {
                    return last_capital
                        .map_or(rest.start, |c| trim_end_before(text, rest.start, c));
                }
            }
            TokenKind::Punctuation if w == "." => return t.span.end,
            TokenKind::QuoteMark if k > 0 => {
                let glued_right = tokens
                    .get(k + 1)
                    .is_some_and(|n| n.span.start == t.span.end);
                if glued_right && !tokens[k - 1].span.end.eq(&t.span.start) {
                    return title_end;
                }
            }
            _ => title_end = t.span.end,
        }
    }
    if tokens.len() > MAX_TOKENS || window_end < rest.end {
        return title_end;
    }
    // The headline runs to the end of the line.
    rest.end
}

/// `upto` moved back over whitespace, but not before `floor`.
fn trim_end_before(text: &str, floor: usize, upto: usize) -> usize {
    let trimmed = text[floor..upto].trim_end_matches(is_space);
    floor + trimmed.len()
}

// ---------------------------------------------------------------------------------------------
// Pull quotes and captions

/// The first lines a word pair occurs in. Pairs found in many lines say little about repetition,
/// and capping them keeps the search linear.
#[derive(Default, Clone, Copy)]
struct Holders {
    len: u8,
    lines: [u32; 4],
}

impl Holders {
    fn add(&mut self, line: u32) {
        let len = self.len as usize;
        if len < self.lines.len() && (len == 0 || self.lines[len - 1] != line) {
            self.lines[len] = line;
            self.len += 1;
        }
    }

    fn lines(&self) -> &[u32] {
        &self.lines[..self.len as usize]
    }
}

/// For each byte: its case-folded value when it is an ASCII letter or digit, 0 for other ASCII,
/// 0xFF for the bytes of multi-byte characters (decoded separately).
static WORD_BYTE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte >= 0x80 {
            0xFF
        } else if byte.is_ascii_alphanumeric() {
            byte.to_ascii_lowercase()
        } else {
            0
        };
        b += 1;
    }
    table
};

/// Hashes of the words of `s`, case-folded (ASCII) and without punctuation or quote marks.
fn word_hashes(s: &str, out: &mut Vec<u64>) {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    out.clear();
    let bytes = s.as_bytes();
    let mut h: u64 = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let folded = WORD_BYTE[bytes[i] as usize];
        // ASCII through the table; other characters decoded, so that “ ” and other marks separate
        // words.
        let (is_word, unit, len) = if folded != 0xFF {
            (folded != 0, folded as u64, 1)
        } else {
            let c = char_at(s, i);
            (is_word_char(c), c as u64, c.len_utf8())
        };
        if is_word {
            h = (h.rotate_left(5) ^ unit).wrapping_mul(K);
            in_word = true;
        } else if in_word {
            out.push(h);
            h = 0;
            in_word = false;
        }
        i += len;
    }
    if in_word {
        out.push(h);
    }
}

fn pair(a: u64, b: u64) -> u64 {
    (a.rotate_left(17) ^ b).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Marks lines that repeat (nearly) a sentence of another, longer line as pull quotes, and the short
/// line right after each as its caption. A line that repeats three or more other lines is the
/// opposite case, a copy of the article glued into one line (Republika's and Okezone's scrapes):
/// it and its parts stay text, as readers saw them.
fn find_pull_quotes(
    text: &str,
    lines: &[Span],
    is_furniture: &[bool],
    body_from: usize,
    removed: &mut Vec<Removed>,
) {
    let body: Vec<usize> = (0..lines.len())
        .filter(|&n| !lines[n].is_empty() && !is_furniture[n] && lines[n].start >= body_from)
        .collect();
    if body.len() < 2 {
        return;
    }
    // Word pairs of every body line (one flat buffer), and the first few lines each pair occurs in.
    let mut words = Vec::new();
    let mut all_pairs: Vec<u64> = Vec::with_capacity(text.len() / 6);
    let mut pair_ranges: Vec<std::ops::Range<usize>> = Vec::with_capacity(body.len());
    for &n in &body {
        word_hashes(&text[lines[n].range()], &mut words);
        let from = all_pairs.len();
        all_pairs.extend(words.windows(2).map(|w| pair(w[0], w[1])));
        pair_ranges.push(from..all_pairs.len());
    }
    let mut index: FxHashMap<u64, Holders> =
        FxHashMap::with_capacity_and_hasher(all_pairs.len(), Default::default());
    for (b, range) in pair_ranges.iter().enumerate() {
        for &p in &all_pairs[range.clone()] {
            index.entry(p).or_default().add(b as u32);
        }
    }
    let pairs = |b: usize| &all_pairs[pair_ranges[b].clone()];
    let mut covered_by: Vec<Option<usize>> = vec![None; body.len()];
    let mut hits: Vec<(u32, usize)> = Vec::new();
    // Exact repetitions are found by whole-line fingerprint, however far apart.
    let mut first_seen: FxHashMap<u64, usize> = FxHashMap::default();
    let mut exact = vec![false; body.len()];
    for b in 0..body.len() {
        let line_pairs = pairs(b);
        let n_words = line_pairs.len() + 1;
        if !(PULL_QUOTE_MIN_WORDS..=PULL_QUOTE_MAX_WORDS).contains(&n_words) {
            continue;
        }
        // A line that neither opens with a quotation mark nor ends like a sentence may still be a
        // pull quote set without marks: then the body must quote its words (below).
        let bare = !reads_as_quotation(&text[lines[body[b]].range()], n_words);
        if bare && n_words < BARE_PULL_QUOTE_MIN_WORDS {
            continue;
        }
        let fingerprint = line_pairs.iter().fold(n_words as u64, |h, &p| pair(h, p));
        if !bare {
            if let Some(&first) = first_seen.get(&fingerprint) {
                covered_by[b] = Some(first);
                exact[b] = true;
                continue;
            }
            first_seen.insert(fingerprint, b);
        }
        hits.clear();
        for p in line_pairs {
            let Some(holders) = index.get(p) else {
                continue;
            };
            for &other in holders.lines() {
                let other_b = other as usize;
                if other_b != b && other_b.abs_diff(b) <= PULL_QUOTE_WINDOW {
                    match hits.iter_mut().find(|(line, _)| *line == other) {
                        Some((_, count)) => *count += 1,
                        None => hits.push((other, 1)),
                    }
                }
            }
        }
        let best = hits
            .iter()
            .filter(|&&(other, count)| {
                let other = other as usize;
                let other_words = pairs(other).len() + 1;
                count as f64 >= PULL_QUOTE_COVERAGE * line_pairs.len() as f64
                    && (n_words < other_words || (n_words == other_words && b > other))
            })
            .map(|&(other, _)| other as usize)
            .min();
        // Repeated subheadings and tag lists ("Video Detik-Detik Erupsi Gunung Gede") repeat no
        // quotation.
        covered_by[b] = best
            .filter(|&other| !bare || quotes_words(&text[lines[body[other]].range()], line_pairs));
    }
    // A run of paragraphs repeated word for word, in the same order, is the scraper's copy of the
    // article (or of a part of it), not a pull quote: a pull quote repeats one sentence. The copy
    // stays text, as readers of the page saw it.
    let copies: Vec<bool> = (0..body.len())
        .map(|b| {
            let follows = |x: usize, y: usize| {
                exact[x]
                    && exact[y]
                    && covered_by[x]
                        .zip(covered_by[y])
                        .is_some_and(|(ox, oy)| oy == ox + 1)
            };
            (b > 0 && follows(b - 1, b)) || (b + 1 < body.len() && follows(b, b + 1))
        })
        .collect();
    for (b, copy) in copies.into_iter().enumerate() {
        if copy {
            covered_by[b] = None;
        }
    }
    // Digests: lines that contain three or more shorter others.
    let mut covers = vec![0usize; body.len()];
    for (b, c) in covered_by.iter().enumerate() {
        if let Some(c) = *c
            && pairs(c).len() > pairs(b).len()
        {
            covers[c] += 1;
        }
    }
    for (b, &n) in body.iter().enumerate() {
        let Some(original) = covered_by[b] else {
            continue;
        };
        // The lede is never a pull quote, and a digest's parts are the article itself.
        if b == 0 || covers[original] >= 3 {
            continue;
        }
        removed.push(Removed {
            kind: RemovedKind::PullQuote,
            span: lines[n],
        });
        if let Some(&next) = body.get(b + 1)
            && covered_by[b + 1].is_none()
            && is_caption(&text[lines[next].range()])
        {
            removed.push(Removed {
                kind: RemovedKind::Caption,
                span: lines[next],
            });
        }
    }
}

/// Pull quotes are quotations or whole sentences: a line that opens with a quotation mark, or one of
/// six words or more that ends like a sentence. Repeated subheadings and tag lists ("Video Detik-Detik
/// Erupsi Gunung Gede", "kualifikasi piala dunia 2026") are neither and stay in the text.
fn reads_as_quotation(line: &str, n_words: usize) -> bool {
    let first = line.chars().next().unwrap_or(' ');
    let last = line.chars().next_back().unwrap_or(' ');
    is_quote_mark(first)
        || (n_words >= 6 && (is_terminal(last) || (is_quote_mark(last) && !is_word_char(last))))
}

/// True when a quotation inside `line` (between two quotation marks) holds the words of the word
/// pairs `pairs`, nearly all of them in order: the body quotes what a bare line repeats.
fn quotes_words(line: &str, pairs: &[u64]) -> bool {
    let mut words = Vec::new();
    line.split(is_quote_mark)
        // Inside a quotation: the pieces between an opening and a closing mark.
        .skip(1)
        .step_by(2)
        .any(|quoted| {
            word_hashes(quoted, &mut words);
            let quoted_pairs: FxHashSet<u64> = words.windows(2).map(|w| pair(w[0], w[1])).collect();
            let held = pairs.iter().filter(|p| quoted_pairs.contains(p)).count();
            held as f64 >= PULL_QUOTE_COVERAGE * pairs.len() as f64
        })
}

/// A short line naming a person or a title: few words, no sentence-final punctuation.
fn is_caption(line: &str) -> bool {
    let line = line.trim_start_matches(|c: char| is_dash(c) || is_space(c));
    let words = line.split_whitespace().count();
    let first_upper = line.chars().next().is_some_and(char::is_uppercase);
    let last = line.chars().next_back();
    first_upper
        && (1..=CAPTION_MAX_WORDS).contains(&words)
        && line.len() <= 100
        && !last.is_some_and(|c| matches!(c, '.' | '!' | '?' | ',' | ':' | ';'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn removed(text: &str) -> Vec<(RemovedKind, &str)> {
        clean(text)
            .removed
            .iter()
            .map(|r| (r.kind, &text[r.span.range()]))
            .collect()
    }

    fn dateline_of(text: &str) -> Option<(&str, String)> {
        clean(text)
            .dateline
            .map(|d| (&text[d.span.range()], d.place))
    }

    #[test]
    fn datelines_of_the_outlets() {
        assert_eq!(
            dateline_of("JAKARTA, KOMPAS.com -Pakar hukum menilai."),
            Some(("JAKARTA, KOMPAS.com -", "JAKARTA".to_owned()))
        );
        assert_eq!(
            dateline_of("Liputan6.com, Jakarta -Harga naik."),
            Some(("Liputan6.com, Jakarta -", "Jakarta".to_owned()))
        );
        assert_eq!(
            dateline_of("Liputan6.com, JakartaKita semua mengalami."),
            Some(("Liputan6.com, Jakarta", "Jakarta".to_owned()))
        );
        assert_eq!(
            dateline_of(
                "Liputan6.com, JakartaYouthful Gloryadalahdrama Chinaterbaru tentang sejarah."
            ),
            Some(("Liputan6.com, Jakarta", "Jakarta".to_owned()))
        );
        assert_eq!(
            dateline_of("SEOUL – Korea Selatan memilih."),
            Some(("SEOUL –", "SEOUL".to_owned()))
        );
        assert_eq!(
            dateline_of("KOMPAS.com -Apakah tidur cukup?"),
            Some(("KOMPAS.com -", String::new()))
        );
        assert_eq!(
            dateline_of("TEMPO.CO,Jakarta- Kementerian mengumumkan."),
            Some(("TEMPO.CO,Jakarta-", "Jakarta".to_owned()))
        );
        assert_eq!(
            dateline_of("REPUBLIKA.CO.ID,\u{a0}CIREBON--Kepolisian memastikan."),
            Some(("REPUBLIKA.CO.ID,\u{a0}CIREBON--", "CIREBON".to_owned()))
        );
        assert_eq!(
            dateline_of("Jakarta\n-\nAsosiasi Penambang Nikel."),
            Some(("Jakarta\n-", "Jakarta".to_owned()))
        );
        assert_eq!(
            dateline_of("TANGERANG SELATAN, KOMPAS — Upaya pelacakan."),
            Some((
                "TANGERANG SELATAN, KOMPAS —",
                "TANGERANG SELATAN".to_owned()
            ))
        );
        assert_eq!(
            dateline_of("\n \nSEOUL – Korea Selatan memilih."),
            Some(("SEOUL –", "SEOUL".to_owned()))
        );
        assert_eq!(
            dateline_of("Bus Baru untuk Bandung\nBANDUNG, KOMPAS.com – Wali kota menambah bus."),
            Some(("BANDUNG, KOMPAS.com –", "BANDUNG".to_owned()))
        );
        assert_eq!(
            dateline_of("Ia datang.\nSEOUL – Korea Selatan memilih."),
            None
        );
        assert_eq!(dateline_of("Presiden Joko Widodo - yang datang."), None);
        assert_eq!(dateline_of("Ia datang ke Jakarta."), None);
    }

    #[test]
    fn whole_line_furniture() {
        let text = "Ia datang.\nAdvertisement\nBaca Juga\nSCROLL TO CONTINUE WITH CONTENT\nPenulis: Ani\nEditor : Budi\n(wsw/wsw)\nBaca juga: Judul Lain Di Sini\nSelesai.";
        assert_eq!(
            removed(text),
            vec![
                (RemovedKind::Boilerplate, "Advertisement"),
                (RemovedKind::Boilerplate, "Baca Juga"),
                (RemovedKind::Boilerplate, "SCROLL TO CONTINUE WITH CONTENT"),
                (RemovedKind::Byline, "Penulis: Ani"),
                (RemovedKind::Byline, "Editor : Budi"),
                (RemovedKind::Byline, "(wsw/wsw)"),
                (RemovedKind::RelatedLink, "Baca juga: Judul Lain Di Sini"),
            ]
        );
    }

    #[test]
    fn a_line_of_related_headlines_run_together_is_boilerplate() {
        // Headlines of other stories glued after the marker name other people: never the body.
        let text = "Ia datang.\nBerita LainnyaSiti Aminah Buka Suara Soal Rumor Dengan Joko Susilo\nSelesai.";
        assert_eq!(
            removed(text),
            vec![(
                RemovedKind::Boilerplate,
                "Berita LainnyaSiti Aminah Buka Suara Soal Rumor Dengan Joko Susilo"
            )]
        );
    }

    #[test]
    fn a_prompt_glued_to_the_last_sentence_is_boilerplate() {
        let text =
            "“Kami akan membuat parit,” paparnya.Ikuti Whatsapp Channel Republika\nLalu pergi.";
        assert_eq!(
            removed(text),
            vec![(RemovedKind::Boilerplate, "Ikuti Whatsapp Channel Republika")]
        );
        // A sentence that only starts like a prompt's word stays.
        let text = "Warga datang. Simak pula kata mereka di sini.";
        assert!(removed(text).is_empty());
    }

    #[test]
    fn glued_related_links_take_only_the_title() {
        let text =
            "Begitu kata dia. Baca juga: Judul Lain Di Sini Kalimat berikut dimulai di sini.";
        assert_eq!(
            removed(text),
            vec![(RemovedKind::RelatedLink, "Baca juga: Judul Lain Di Sini")]
        );
        let text = "Ia ditutup.Baca JugaDua Pekerja Tertimbun Longsor di Galian C CirebonBahkan, pada 2 Juni ia datang.";
        assert_eq!(
            removed(text),
            vec![(
                RemovedKind::RelatedLink,
                "Baca JugaDua Pekerja Tertimbun Longsor di Galian C Cirebon"
            )]
        );
        let text = "Ia datang.\nBaca juga: DPRD dan Pemprov DKI Sahkan RPJMD 2025–2029, Fokus Tangani Banjir hingga Macet\nLalu pergi.";
        assert_eq!(
            removed(text),
            vec![(
                RemovedKind::RelatedLink,
                "Baca juga: DPRD dan Pemprov DKI Sahkan RPJMD 2025–2029, Fokus Tangani Banjir hingga Macet"
            )]
        );
    }

    #[test]
    fn pull_quote_and_caption() {
        let text = "JAKARTA, KOMPAS.com - Menteri datang ke pasar pagi ini.\n\
            “Kami akan menurunkan harga beras bulan depan,” kata Menteri Ani di pasar. Ia lalu pergi.\n\
            “Kami akan menurunkan harga beras bulan depan”\n\
            Ani Suryani, Menteri Perdagangan\n\
            Harga beras naik sejak Mei.";
        assert_eq!(
            removed(text),
            vec![
                (
                    RemovedKind::PullQuote,
                    "“Kami akan menurunkan harga beras bulan depan”"
                ),
                (RemovedKind::Caption, "Ani Suryani, Menteri Perdagangan"),
            ]
        );
    }

    #[test]
    fn a_pull_quote_without_marks_repeats_a_quotation_of_the_body() {
        let text = "JAKARTA, KOMPAS.com - Menteri datang ke pasar pagi ini.\n\
            “Kami akan menurunkan harga beras bulan depan,” kata Menteri Ani di pasar. Ia lalu pergi.\n\
            Kami akan menurunkan harga beras bulan depan\n\
            Harga beras naik sejak Mei.\n\
            Puisi “Di Tanah Melayu, Aku Bertanya” dibacakan.\n\
            Di Tanah Melayu, Aku Bertanya\n\
            Warga menunggu harga beras turun bulan depan\n\
            Pedagang berharap warga menunggu harga beras turun bulan depan dengan sabar.";
        // The first bare line repeats the minister's quotation; a poem's title is its heading, and
        // a line repeating narration, as a subheading may, stays text.
        assert_eq!(
            removed(text),
            vec![(
                RemovedKind::PullQuote,
                "Kami akan menurunkan harga beras bulan depan"
            )]
        );
    }

    #[test]
    fn paragraphs_repeated_in_a_run_are_a_scraped_copy_not_pull_quotes() {
        let text = "Rina datang ke balai desa pagi ini bersama warga.\n\
            Menurut Rina, jalan desa rusak sejak musim hujan tahun lalu.\n\
            “Kami sudah melapor ke kecamatan dua kali,” kata Rina.\n\
            Warga lalu pulang ke rumah masing-masing.\n\
            Menurut Rina, jalan desa rusak sejak musim hujan tahun lalu.\n\
            “Kami sudah melapor ke kecamatan dua kali,” kata Rina.\n\
            Rapat dilanjutkan pekan depan di balai desa.\n\
            “Kami sudah melapor ke kecamatan dua kali,” kata Rina.";
        // The two-paragraph copy stays text; the single repeated paragraph at the end is a pull
        // quote as before.
        assert_eq!(
            removed(text),
            vec![(
                RemovedKind::PullQuote,
                "“Kami sudah melapor ke kecamatan dua kali,” kata Rina."
            )]
        );
        let last = text.rfind('“').unwrap();
        assert_eq!(
            clean(text).removed[0].span.start,
            last,
            "only the last line is a pull quote"
        );
    }

    #[test]
    fn digests_and_their_parts_both_stay_text() {
        // A scrape that glues the article into one line before its paragraphs: a copy of the
        // article, quoted as readers saw it, neither boilerplate nor pull quotes.
        let text = "Satu dua tiga empat lima enam. Tujuh delapan sembilan sepuluh sebelas dua belas. Tiga belas empat belas lima belas enam belas.\n\
            Satu dua tiga empat lima enam.\n\
            Tujuh delapan sembilan sepuluh sebelas dua belas.\n\
            Tiga belas empat belas lima belas enam belas.";
        assert_eq!(removed(text), vec![]);
    }
}
