//! Pairing quotation marks into direct quotations.
//!
//! Indonesian news writes quotation marks every which way: “…”, ”…” (the closing shape as opener,
//! Kompas' house style), "…", a missing opener at the start of a paragraph, a quotation that runs
//! over several paragraphs with or without re-opening each one, and marks that never close. The
//! pairing is one left-to-right pass over the marks with a bounded look-ahead, so it is linear in
//! the input whatever the marks are.

use warta_core::Span;

use crate::words::{Kind, Word};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Open,
    Close,
    /// The shape and its neighbours do not say (”, " between two spaces or two letters).
    Either,
}

/// A quotation found between marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Direct {
    pub open_mark: Option<Span>,
    pub close_mark: Option<Span>,
    /// Between the marks, without surrounding white space.
    pub content: Span,
}

impl Direct {
    /// The quotation with its marks.
    pub fn outer(&self) -> Span {
        Span::new(
            self.open_mark.map_or(self.content.start, |m| m.start),
            self.close_mark.map_or(self.content.end, |m| m.end),
        )
    }
}

/// How many paragraphs without a mark an open quotation may run through looking for its closer.
const MAX_CARRY_PARAGRAPHS: usize = 6;
/// How many sentences a quotation that lost its opener may hold back to its paragraph's start: a
/// longer stretch is a scraped page flattened into one paragraph, where only the closer's own
/// sentence is surely quoted.
const MAX_SENTENCES_WITHOUT_OPENER: usize = 4;
/// A paragraph longer than this is no news paragraph but a page whose breaks were lost.
const FLATTENED_PARAGRAPH_BYTES: usize = 1500;

#[derive(Debug, Clone, Copy)]
struct Mark {
    span: Span,
    direction: Direction,
    /// First thing in its paragraph.
    leads: bool,
}

/// Double quotation marks only: single ones (‘ ’ ') are mostly apostrophes and scare quotes.
fn is_double(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '‟' | '«' | '»' | '「' | '」')
}

fn direction(text: &str, span: Span, c: char) -> Direction {
    match c {
        '“' | '„' | '‟' | '«' | '「' => return Direction::Open,
        '»' | '」' => return Direction::Close,
        _ => {}
    }
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    let space_before = before.is_none_or(|b| b.is_whitespace() || "([{—–-:".contains(b));
    let space_after = after.is_none_or(|a| a.is_whitespace() || ".,;:!?)]}…".contains(a));
    match (space_before, space_after) {
        (true, false) => Direction::Open,
        (false, true) => Direction::Close,
        // Spaced on both sides, as tokenised text writes it: "jalan , ” kata" closes, "bantuan . ”
        // Saya" opens.
        (true, true) => {
            let previous = text[..span.start].trim_end().chars().next_back();
            let next = text[span.end..].trim_start().chars().next();
            match (previous, next) {
                (Some(p), Some(n)) if ",.!?…".contains(p) && n.is_lowercase() => Direction::Close,
                (Some(p), Some(n)) if ".!?:".contains(p) && n.is_uppercase() => Direction::Open,
                (_, None) => Direction::Close,
                _ => Direction::Either,
            }
        }
        (false, false) => Direction::Either,
    }
}

struct Paragraph {
    span: Span,
    marks: Vec<Mark>,
}

/// Trims white space off `[start, end)` and returns the span if anything alphanumeric is left.
fn content(text: &str, start: usize, end: usize) -> Option<Span> {
    if start >= end {
        return None;
    }
    let inner = &text[start..end];
    let trimmed_start = start + (inner.len() - inner.trim_start().len());
    let trimmed_end = start + inner.trim_end().len();
    (trimmed_start < trimmed_end
        && text[trimmed_start..trimmed_end]
            .chars()
            .any(char::is_alphanumeric))
    .then(|| Span::new(trimmed_start, trimmed_end))
}

/// Every direct quotation in `text`, in order. `paragraphs` are sorted and disjoint.
pub fn pair(text: &str, words: &[Word], paragraphs: &[Span]) -> Vec<Direct> {
    let doubles = pair_double(text, words, paragraphs);
    let singles = pair_single(text, words, paragraphs);
    if singles.is_empty() {
        return doubles;
    }
    // A single-quoted passage inside a double-quoted one is a quotation within the quotation.
    let mut out = doubles;
    let outer: Vec<Span> = out.iter().map(Direct::outer).collect();
    out.extend(singles.into_iter().filter(|s| {
        let i = outer.partition_point(|o| o.end <= s.outer().start);
        !outer.get(i).is_some_and(|o| o.overlaps(s.outer()))
    }));
    out.sort_by_key(|d| d.outer().start);
    out
}

/// Quotations between single marks (‘…’, '…') within one paragraph. Single marks are scare quotes
/// and nested quotations far more often than speech, so a pair counts only when its content ends
/// as spoken words end before their closing mark ("‘Kami siap,’ kata …"), never for a scare-quoted
/// word ("berkata ‘ya’ saja"). Apostrophes inside words (Ma’ruf, Jum'at) are not marks at all.
fn pair_single(text: &str, words: &[Word], paragraphs: &[Span]) -> Vec<Direct> {
    let mut out = Vec::new();
    let mut p = 0;
    let mut open: Option<Span> = None;
    for w in words.iter().filter(|w| w.kind == Kind::Mark) {
        let c = text[w.span.range()].chars().next().unwrap_or(' ');
        if is_double(c) {
            continue;
        }
        while p < paragraphs.len() && paragraphs[p].end <= w.span.start {
            p += 1;
            open = None;
        }
        let Some(para) = paragraphs.get(p) else { break };
        if para.start > w.span.start {
            continue;
        }
        let dir = match c {
            '‘' | '‛' => Direction::Open,
            _ => direction(text, w.span, c),
        };
        match (open, dir) {
            (Some(opener), Direction::Close | Direction::Either) => {
                let spoken = content(text, opener.end, w.span.start).filter(|c| {
                    text[c.range()]
                        .chars()
                        .next_back()
                        .is_some_and(|last| ",.!?…".contains(last))
                });
                out.extend(spoken.map(|content| Direct {
                    open_mark: Some(opener),
                    close_mark: Some(w.span),
                    content,
                }));
                open = None;
            }
            (_, Direction::Open | Direction::Either) => open = Some(w.span),
            (None, Direction::Close) => {}
        }
    }
    out
}

fn pair_double(text: &str, words: &[Word], paragraphs: &[Span]) -> Vec<Direct> {
    let paragraphs = collect_marks(text, words, paragraphs);
    let mut out = Vec::new();
    // An open quotation: its opening mark and where its content starts.
    let mut open: Option<(Option<Span>, usize)> = None;
    let mut carried = 0;
    let mut last_end = 0;
    for (p, para) in paragraphs.iter().enumerate() {
        let mut marks = para.marks.as_slice();
        if let Some((open_mark, start)) = open {
            let continues = match marks.first() {
                // Re-opened at the start of the paragraph: the same quotation goes on.
                Some(m) if m.leads && m.direction != Direction::Close => {
                    marks = &marks[1..];
                    true
                }
                Some(m) => m.direction != Direction::Open,
                None => carried < MAX_CARRY_PARAGRAPHS && closer_ahead(&paragraphs[p..], carried),
            };
            if !continues {
                out.extend(content(text, start, last_end).map(|content| Direct {
                    open_mark,
                    close_mark: None,
                    content,
                }));
                open = None;
            }
        }
        let mut para_start = para.span.start;
        for mark in marks {
            match (open, mark.direction) {
                (Some((open_mark, start)), Direction::Close | Direction::Either) => {
                    out.extend(content(text, start, mark.span.start).map(|content| Direct {
                        open_mark,
                        close_mark: Some(mark.span),
                        content,
                    }));
                    open = None;
                    para_start = mark.span.end;
                }
                (Some((open_mark, start)), Direction::Open) => {
                    // The earlier quotation never closed. Carried from an earlier paragraph, it
                    // ends where the next one opens; opened in this paragraph, its mark was
                    // misplaced (scrapers move opening marks), and it is no quotation.
                    if start < para.span.start {
                        out.extend(content(text, start, mark.span.start).map(|content| Direct {
                            open_mark,
                            close_mark: None,
                            content,
                        }));
                    }
                    open = Some((Some(mark.span), mark.span.end));
                }
                (None, Direction::Open | Direction::Either) => {
                    open = Some((Some(mark.span), mark.span.end));
                }
                (None, Direction::Close) => {
                    // A closer with no opener: the opener was lost at the start of the paragraph,
                    // or after the previous quotation in it, or (in a scraped page flattened to
                    // one paragraph) at the start of the closer's sentence.
                    let flattened = para.span.len() > FLATTENED_PARAGRAPH_BYTES;
                    let max_ends = if para_start == para.span.start && !flattened {
                        MAX_SENTENCES_WITHOUT_OPENER - 1
                    } else {
                        0
                    };
                    let start = sentence_start(text, words, para_start, mark.span.start, max_ends);
                    out.extend(content(text, start, mark.span.start).map(|content| Direct {
                        open_mark: None,
                        close_mark: Some(mark.span),
                        content,
                    }));
                    para_start = mark.span.end;
                }
            }
        }
        if open.is_some() {
            carried = if marks.is_empty() && p > 0 {
                carried + 1
            } else {
                0
            };
            last_end = para.span.end;
        }
    }
    if let Some((open_mark, start)) = open {
        out.extend(content(text, start, last_end).map(|content| Direct {
            open_mark,
            close_mark: None,
            content,
        }));
    }
    out
}

/// Where a quotation that lost its opener starts, reading back from `at` to `from`: at `from` when
/// at most `max_ends` sentences end in between, else after the last sentence end. The scan stops
/// at `from`, which moves past each mark, so it is linear over a paragraph.
fn sentence_start(text: &str, words: &[Word], from: usize, at: usize, max_ends: usize) -> usize {
    let first = words.partition_point(|w| w.span.start < from);
    let last = words.partition_point(|w| w.span.start < at);
    let mut ends = 0;
    let mut latest_start = None;
    for i in (first..last.saturating_sub(1)).rev() {
        let w = words[i];
        let next = words[i + 1];
        let ends_sentence = w.kind == Kind::Punct
            && matches!(&text[w.span.range()], "." | "!" | "?")
            && (next.capital || next.kind == Kind::Mark)
            && next.span.start > w.span.end;
        if ends_sentence {
            latest_start.get_or_insert(next.span.start);
            ends += 1;
            if ends > max_ends {
                return latest_start.unwrap_or(from);
            }
        }
    }
    from
}

/// True when, within the look-ahead, a paragraph's first mark can close a quotation.
fn closer_ahead(paragraphs: &[Paragraph], carried: usize) -> bool {
    paragraphs
        .iter()
        .take(MAX_CARRY_PARAGRAPHS - carried)
        .find_map(|p| p.marks.first())
        .is_some_and(|m| m.direction != Direction::Open && !m.leads)
}

fn collect_marks(text: &str, words: &[Word], paragraphs: &[Span]) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = paragraphs
        .iter()
        .map(|&span| Paragraph {
            span,
            marks: Vec::new(),
        })
        .collect();
    let mut p = 0;
    for w in words.iter().filter(|w| w.kind == Kind::Mark) {
        while p < out.len() && out[p].span.end <= w.span.start {
            p += 1;
        }
        let Some(para) = out.get_mut(p) else { break };
        let c = text[w.span.range()].chars().next().unwrap_or(' ');
        if para.span.start > w.span.start || !is_double(c) {
            continue;
        }
        let leads = text[para.span.start..w.span.start].trim().is_empty();
        para.marks.push(Mark {
            span: w.span,
            direction: direction(text, w.span, c),
            leads,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::scan;

    fn paragraphs(text: &str) -> Vec<Span> {
        crate::attribute::lines(text)
    }

    fn quotes(text: &str) -> Vec<&str> {
        pair(text, &scan(text), &paragraphs(text))
            .iter()
            .map(|d| &text[d.content.range()])
            .collect()
    }

    #[test]
    fn curly_straight_and_kompas_style() {
        assert_eq!(quotes("“Ya,” kata Yang."), vec!["Ya,"]);
        assert_eq!(quotes("\"Ya,\" kata Yang."), vec!["Ya,"]);
        assert_eq!(quotes("”Ya,” kata Yang."), vec!["Ya,"]);
        assert_eq!(
            quotes("bantuan. ” Saya minta , ” kata Presiden ."),
            vec!["Saya minta ,"]
        );
    }

    #[test]
    fn split_by_its_cue() {
        assert_eq!(quotes("“A,” kata X. “B.”"), vec!["A,", "B."]);
    }

    #[test]
    fn missing_opener_at_paragraph_start() {
        assert_eq!(
            quotes("Ia datang.\nKami siap, ” kata Yang."),
            vec!["Kami siap,"]
        );
    }

    #[test]
    fn running_over_paragraphs() {
        // Re-opened at each paragraph.
        let text = "“Satu.\n“Dua.\n“Tiga,” kata Yang.";
        let got = quotes(text);
        assert_eq!(got, vec!["Satu.\n“Dua.\n“Tiga,"]);
        // Not re-opened.
        let text = "“Satu.\nDua,” kata Yang.";
        assert_eq!(quotes(text), vec!["Satu.\nDua,"]);
    }

    #[test]
    fn a_quotation_that_never_closes() {
        let text = "“Satu dua tiga.\nIa pergi.\nMereka pulang.\nAnak-anak tidur.\nIa datang lagi.\nHujan turun.\nAngin bertiup.\nSelesai.";
        // Without a closer ahead it ends with its own paragraph.
        assert_eq!(quotes(text), vec!["Satu dua tiga."]);
    }

    #[test]
    fn apostrophes_and_scare_quotes_are_not_quotations() {
        assert!(quotes("Wakil Presiden Ma’ruf Amin berkata ‘ya’ saja.").is_empty());
        assert!(quotes("Salat Jum'at di masjid O'Brien ditunda, ‘sementara’ katanya.").is_empty());
    }

    #[test]
    fn single_marks_around_spoken_words() {
        assert_eq!(
            quotes("‘Kami siap bekerja,’ kata Yang.\n'Besok mulai,' ujarnya."),
            vec!["Kami siap bekerja,", "Besok mulai,"]
        );
        // Nested in a double-quoted quotation: only the outer one.
        assert_eq!(
            quotes("“Dia bilang, ‘saya dari Jakarta,’ lalu pergi,” kata Safii."),
            vec!["Dia bilang, ‘saya dari Jakarta,’ lalu pergi,"]
        );
    }
}
