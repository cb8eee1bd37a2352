//! Safe HTML building: every piece of text goes through [`escape`], and the only markup is what this
//! module and `ui.rs` write themselves.

use std::fmt::Write;

use warta_store::{MARK_END, MARK_START};

/// Escapes text for use in element content and in double-quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // The store's match markers are turned into <mark> by `marked`; stray ones are dropped.
            MARK_START | MARK_END => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes `text` and turns the store's match markers into `<mark>` elements.
pub fn marked(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut open = false;
    for piece in text.split_inclusive([MARK_START, MARK_END]) {
        let (body, marker) = match piece.chars().last() {
            Some(m @ (MARK_START | MARK_END)) => (&piece[..piece.len() - m.len_utf8()], Some(m)),
            _ => (piece, None),
        };
        out.push_str(&escape(body));
        match marker {
            Some(MARK_START) if !open => {
                out.push_str("<mark>");
                open = true;
            }
            Some(MARK_END) if open => {
                out.push_str("</mark>");
                open = false;
            }
            _ => {}
        }
    }
    if open {
        out.push_str("</mark>");
    }
    out
}

/// A stretch of the article to draw attention to, in code-point offsets.
#[derive(Debug, Clone)]
pub struct Annotation {
    pub start: usize,
    pub end: usize,
    /// Outer annotations get lower ranks, so a quote wraps the names inside it.
    pub rank: u8,
    pub class: String,
    /// Shown on hover.
    pub title: String,
    pub href: Option<String>,
    /// An `id` for the element at the annotation's start (link target).
    pub anchor: Option<String>,
}

/// Renders `text` with `annotations` as nested, possibly overlapping spans. The text is cut at every
/// annotation boundary; each piece is wrapped in the annotations that cover it, outermost first, so
/// the result is well-formed whatever the overlaps.
pub fn annotate(text: &str, annotations: &[Annotation]) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |cp: usize| chars.get(cp).map_or(text.len(), |&(b, _)| b);
    let len = chars.len();
    let valid: Vec<&Annotation> = annotations
        .iter()
        .filter(|a| a.start < a.end && a.end <= len)
        .collect();
    let mut cuts: Vec<usize> = vec![0, len];
    for a in &valid {
        cuts.push(a.start);
        cuts.push(a.end);
    }
    cuts.sort_unstable();
    cuts.dedup();

    let mut out = String::with_capacity(text.len() * 2);
    for pair in cuts.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        let mut covering: Vec<&Annotation> = valid
            .iter()
            .copied()
            .filter(|a| a.start <= from && to <= a.end)
            .collect();
        covering.sort_by_key(|a| (a.rank, a.start));
        for a in &covering {
            let tag = if a.href.is_some() { "a" } else { "span" };
            let _ = write!(out, "<{tag} class=\"{}\"", escape(&a.class));
            if let Some(href) = &a.href {
                let _ = write!(out, " href=\"{}\"", escape(href));
            }
            if !a.title.is_empty() {
                let _ = write!(out, " title=\"{}\"", escape(&a.title));
            }
            if let Some(anchor) = a.anchor.as_ref().filter(|_| a.start == from) {
                let _ = write!(out, " id=\"{}\"", escape(anchor));
            }
            out.push('>');
        }
        out.push_str(&escape(&text[byte_at(from)..byte_at(to)]));
        for a in covering.iter().rev() {
            out.push_str(if a.href.is_some() { "</a>" } else { "</span>" });
        }
    }
    out
}

/// Percent-encodes a query parameter value.
pub fn url_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ann(start: usize, end: usize, rank: u8, class: &str) -> Annotation {
        Annotation {
            start,
            end,
            rank,
            class: class.into(),
            title: String::new(),
            href: None,
            anchor: None,
        }
    }

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(
            escape("\"><img src=x onerror='a'>&"),
            "&quot;&gt;&lt;img src=x onerror=&#39;a&#39;&gt;&amp;"
        );
    }

    #[test]
    fn match_markers_become_mark_elements_and_nothing_else() {
        let text = format!("a {MARK_START}<b>{MARK_END} c {MARK_END}{MARK_START}d");
        assert_eq!(marked(&text), "a <mark>&lt;b&gt;</mark> c <mark>d</mark>");
    }

    #[test]
    fn overlapping_annotations_nest_well_formed() {
        // “Ya,” kata Budi — the quote covers 1..4, the name 11..15, an entity 2..13 overlaps both.
        let text = "“Ya,” kata Budi.";
        let html = annotate(
            text,
            &[
                ann(1, 4, 0, "quote"),
                ann(11, 15, 1, "speaker"),
                ann(2, 13, 2, "ent"),
            ],
        );
        assert_eq!(
            html,
            "“<span class=\"quote\">Y</span><span class=\"quote\"><span class=\"ent\">a,</span></span>\
             <span class=\"ent\">” kata </span><span class=\"speaker\"><span class=\"ent\">Bu</span></span>\
             <span class=\"speaker\">di</span>."
        );
    }

    #[test]
    fn out_of_range_annotations_are_ignored() {
        assert_eq!(annotate("<ok>", &[ann(2, 99, 0, "x")]), "&lt;ok&gt;");
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(url_encode("Joko Widodo&x=1"), "Joko+Widodo%26x%3D1");
    }
}
