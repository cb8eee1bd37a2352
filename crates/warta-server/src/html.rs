//! What the templates need besides askama itself: the escaper every page goes through, search
//! matches split into highlighted and plain pieces, and article text cut into nested annotations.
//! None of it writes markup: the templates in `templates/` do, and askama escapes every value they
//! insert.

use std::fmt;

use warta_store::{MARK_END, MARK_START};

// The escaper works on bytes, so the markers it drops must be single bytes.
const _: () = assert!(MARK_START.is_ascii() && MARK_END.is_ascii());

/// The escaper askama applies to every value in a `.html` template (see `askama.toml`).
///
/// askama's own `Html` escaper would do for safety; this one writes the named entities (`&lt;`)
/// the pages have always had instead of numeric ones (`&#60;`), and drops the store's search-match
/// markers, which only [`marked`] gives a meaning to.
#[derive(Debug, Clone, Copy, Default)]
pub struct Escape;

impl askama::filters::Escaper for Escape {
    fn write_escaped_str<W: fmt::Write>(&self, mut dest: W, text: &str) -> fmt::Result {
        let mut plain_from = 0;
        for (i, byte) in text.bytes().enumerate() {
            let replacement = match byte {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                b if b == MARK_START as u8 || b == MARK_END as u8 => "",
                _ => continue,
            };
            // `i` is an ASCII byte's position, hence a char boundary.
            dest.write_str(&text[plain_from..i])?;
            dest.write_str(replacement)?;
            plain_from = i + 1;
        }
        dest.write_str(&text[plain_from..])
    }
}

/// A stretch of a search result, shown in a `<mark>` when it matched.
#[derive(Debug, PartialEq, Eq)]
pub struct Piece<'a> {
    pub text: &'a str,
    pub mark: bool,
}

/// Splits `text` at the store's match markers. Markers out of place (an end before a start, a
/// second start) are ignored, and an unclosed match ends with the text.
pub fn marked(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut open = false;
    for piece in text.split_inclusive([MARK_START, MARK_END]) {
        let (body, marker) = match piece.chars().last() {
            Some(m @ (MARK_START | MARK_END)) => (&piece[..piece.len() - m.len_utf8()], Some(m)),
            _ => (piece, None),
        };
        if !body.is_empty() {
            pieces.push(Piece {
                text: body,
                mark: open,
            });
        }
        match marker {
            Some(MARK_START) => open = true,
            Some(MARK_END) => open = false,
            _ => {}
        }
    }
    pieces
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

/// One step of an annotated text, for `templates/article_text.html`.
#[derive(Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    Open(Tag<'a>),
    Text(&'a str),
    /// Closes the innermost open element, named here.
    Close(&'static str),
}

/// The opening tag of an annotation's element.
#[derive(Debug, PartialEq, Eq)]
pub struct Tag<'a> {
    /// `a` when the annotation links somewhere, `span` otherwise.
    pub element: &'static str,
    pub class: &'a str,
    pub href: Option<&'a str>,
    pub title: &'a str,
    /// Only on the element where the annotation starts, so the id is unique.
    pub id: Option<&'a str>,
}

/// Cuts `text` at every annotation boundary and wraps each piece in the annotations that cover it,
/// outermost first, so the elements nest well-formed whatever the overlaps. Annotations that fall
/// outside the text or are empty are left out.
pub fn annotate<'a>(text: &'a str, annotations: &'a [Annotation]) -> Vec<Segment<'a>> {
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

    let element = |a: &Annotation| if a.href.is_some() { "a" } else { "span" };
    let mut segments = Vec::new();
    for pair in cuts.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        let mut covering: Vec<&Annotation> = valid
            .iter()
            .copied()
            .filter(|a| a.start <= from && to <= a.end)
            .collect();
        covering.sort_by_key(|a| (a.rank, a.start));
        for a in &covering {
            segments.push(Segment::Open(Tag {
                element: element(a),
                class: &a.class,
                href: a.href.as_deref(),
                title: &a.title,
                id: a.anchor.as_deref().filter(|_| a.start == from),
            }));
        }
        segments.push(Segment::Text(&text[byte_at(from)..byte_at(to)]));
        for a in covering.iter().rev() {
            segments.push(Segment::Close(element(a)));
        }
    }
    segments
}

/// `url` if it is a web address: a stored URL could be `javascript:`, which must not become a link.
pub fn web_url(url: &str) -> Option<&str> {
    (url.starts_with("https://") || url.starts_with("http://")).then_some(url)
}

#[cfg(test)]
mod tests {
    use askama::Template;

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

    /// The template the article page uses for its text, on its own.
    #[derive(Template)]
    #[template(path = "article_text.html")]
    struct ArticleText<'a> {
        segments: Vec<Segment<'a>>,
    }

    fn render(text: &str, annotations: &[Annotation]) -> String {
        ArticleText {
            segments: annotate(text, annotations),
        }
        .render()
        .unwrap()
    }

    #[derive(Template)]
    #[template(source = "{{ text }}", ext = "html")]
    struct Text<'a> {
        text: &'a str,
    }

    #[test]
    fn markup_in_text_is_escaped_and_stray_markers_dropped() {
        let text = format!("\"><img src=x onerror='a'>&{MARK_START}é{MARK_END}");
        assert_eq!(
            Text { text: &text }.render().unwrap(),
            "&quot;&gt;&lt;img src=x onerror=&#39;a&#39;&gt;&amp;é"
        );
    }

    #[test]
    fn match_markers_split_marked_from_plain_text() {
        let text = format!("a {MARK_START}<b>{MARK_END} c {MARK_END}{MARK_START}d");
        let piece = |text, mark| Piece { text, mark };
        assert_eq!(
            marked(&text),
            [
                piece("a ", false),
                piece("<b>", true),
                piece(" c ", false),
                piece("d", true)
            ]
        );
    }

    #[test]
    fn overlapping_annotations_nest_well_formed() {
        // “Ya,” kata Budi — the quote covers 1..4, the name 11..15, an entity 2..13 overlaps both.
        let text = "“Ya,” kata Budi.";
        let html = render(
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
    fn links_titles_and_anchors_are_escaped_attributes() {
        let quote = Annotation {
            title: "direct quote — \"Bu\" <x>".into(),
            anchor: Some("quote-1".into()),
            ..ann(0, 4, 0, "quote")
        };
        let speaker = Annotation {
            href: Some("/ui/speakers/1?a=1&b=\"2\"".into()),
            ..ann(2, 4, 1, "speaker")
        };
        assert_eq!(
            render("<p>!", &[quote, speaker]),
            "<span class=\"quote\" title=\"direct quote — &quot;Bu&quot; &lt;x&gt;\" id=\"quote-1\">&lt;p</span>\
             <span class=\"quote\" title=\"direct quote — &quot;Bu&quot; &lt;x&gt;\">\
             <a class=\"speaker\" href=\"/ui/speakers/1?a=1&amp;b=&quot;2&quot;\">&gt;!</a></span>"
        );
    }

    #[test]
    fn out_of_range_annotations_are_ignored() {
        assert_eq!(render("<ok>", &[ann(2, 99, 0, "x")]), "&lt;ok&gt;");
    }

    #[test]
    fn only_web_addresses_become_links() {
        assert_eq!(web_url("https://a.example/x"), Some("https://a.example/x"));
        assert_eq!(web_url("http://a.example"), Some("http://a.example"));
        assert_eq!(web_url("javascript:alert(1)"), None);
        assert_eq!(web_url("JAVASCRIPT:alert(1)"), None);
    }
}
