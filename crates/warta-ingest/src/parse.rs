//! Parsing a page in time linear in its size, whatever its nesting depth and attribute counts.
//!
//! html5ever, the parser under scraper, is quadratic in two places (issue 17, defect 3):
//! - its tree builder looks for elements "in scope" by walking the stack of open elements from the
//!   top (every `<div>` start tag closes a `<p>` in button scope, so it walks the whole stack when
//!   no `<p>` is open): 40,000 nested `<div>`s took 4.7 s, 200,000 did not finish in two minutes;
//! - its tokenizer drops a duplicate attribute by comparing it with every attribute of the tag so
//!   far: a tag with a million attributes did not finish in two minutes.
//!
//! Both are bounded here rather than patched in the library: start tags deeper than [`MAX_DEPTH`]
//! are dropped before they reach the tree builder (their text stays, in the deepest element kept),
//! and attributes after the first [`MAX_ATTRIBUTES`] of a tag are cut from the markup before it is
//! tokenized. No news page comes near either limit; pages within them parse exactly as before.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use html5ever::TokenizerResult;
use html5ever::interface::TreeSink;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts};
use html5ever::{LocalName, local_name};
use scraper::{Html, HtmlTreeSink};

use crate::html::BLOCK_TAGS;

/// Elements nested deeper than this (by our own count of open tags) are left out, their text kept
/// (a block left out becomes a line break, so that paragraphs stay apart).
/// News pages nest a few dozen deep; each start tag costs the tree builder up to this many steps.
pub const MAX_DEPTH: usize = 256;
/// Attributes of one tag after this many are left out. Real tags have a handful; each attribute
/// costs the tokenizer up to this many comparisons.
pub const MAX_ATTRIBUTES: usize = 64;

/// Parses a whole document, as `Html::parse_document` does, within the limits above.
pub(crate) fn parse_document(html: &str) -> Html {
    let html = cap_attributes(html);
    let builder = TreeBuilder::new(
        HtmlTreeSink::new(Html::new_document()),
        TreeBuilderOpts::default(),
    );
    let tokenizer = Tokenizer::new(DepthCap::new(builder), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(&html));
    // Scripts are not run and the text is decoded already: a pause for a script or an encoding
    // indicator (`<meta charset>`) is simply resumed, as html5ever's own driver does.
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    tokenizer.sink.inner.sink.finish()
}

/// Forwards tokens to the tree builder, leaving out start tags nested deeper than [`MAX_DEPTH`]
/// and the end tags that match them. The depth is counted from the tags themselves, closing
/// void elements at once and the elements HTML closes implicitly in the common cases (`<p>`
/// before a block, `<li>` before `<li>`), so that sloppy but ordinary markup is not mistaken for
/// deep nesting.
struct DepthCap<S> {
    inner: S,
    open: RefCell<Vec<LocalName>>,
    /// Start tags left out, by name, whose end tags are to be left out too.
    dropped: RefCell<HashMap<LocalName, usize>>,
    /// Whether the last token that reached the tree builder (white space aside) is a line break
    /// standing in for a block left out: a run of blocks left out needs one break, not one each,
    /// or a deep page would grow a node per tag after all.
    after_stand_in: Cell<bool>,
}

impl<S> DepthCap<S> {
    fn new(inner: S) -> Self {
        DepthCap {
            inner,
            open: RefCell::new(Vec::new()),
            dropped: RefCell::new(HashMap::new()),
            after_stand_in: Cell::new(false),
        }
    }

    /// Whether the start tag `name` goes to the tree builder.
    fn open(&self, name: &LocalName, self_closing: bool) -> bool {
        if is_void(name) || self_closing {
            return true;
        }
        let mut open = self.open.borrow_mut();
        if let Some(top) = open.last()
            && closes_implicitly(top, name)
        {
            open.pop();
        }
        // Raw text elements are always kept: the tree builder switches the tokenizer for their
        // content, which would otherwise be read as markup and come out as article text.
        if open.len() >= MAX_DEPTH && !is_raw_text(name) {
            *self.dropped.borrow_mut().entry(name.clone()).or_default() += 1;
            return false;
        }
        open.push(name.clone());
        true
    }

    /// Whether the end tag `name` goes to the tree builder.
    fn close(&self, name: &LocalName) -> bool {
        if let Some(count) = self.dropped.borrow_mut().get_mut(name)
            && *count > 0
        {
            *count -= 1;
            return false;
        }
        let mut open = self.open.borrow_mut();
        if let Some(at) = open.iter().rposition(|n| n == name) {
            open.truncate(at);
        }
        true
    }
}

impl<S: TokenSink> TokenSink for DepthCap<S> {
    type Handle = S::Handle;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<Self::Handle> {
        if let Token::TagToken(tag) = &token {
            let forward = match tag.kind {
                TagKind::StartTag => self.open(&tag.name, tag.self_closing),
                TagKind::EndTag => self.close(&tag.name),
            };
            if !forward {
                // A block left out still ends a paragraph: a `<br>` (void, so no deeper) stands
                // in for it, so that the paragraphs of a deep page stay apart.
                if !BLOCK_TAGS.contains(&&*tag.name) || self.after_stand_in.replace(true) {
                    return TokenSinkResult::Continue;
                }
                let line_break = Tag {
                    kind: TagKind::StartTag,
                    name: local_name!("br"),
                    self_closing: false,
                    attrs: Vec::new(),
                    had_duplicate_attributes: false,
                };
                return self
                    .inner
                    .process_token(Token::TagToken(line_break), line_number);
            }
        }
        // Only what lands in the tree between two stand-ins keeps them apart.
        let content = match &token {
            Token::TagToken(_) | Token::NullCharacterToken => true,
            Token::CharacterTokens(text) => !text.trim().is_empty(),
            _ => false,
        };
        if content {
            self.after_stand_in.set(false);
        }
        self.inner.process_token(token, line_number)
    }

    fn end(&self) {
        self.inner.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.inner
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

fn is_void(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("area")
            | local_name!("base")
            | local_name!("br")
            | local_name!("col")
            | local_name!("embed")
            | local_name!("hr")
            | local_name!("img")
            | local_name!("input")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("source")
            | local_name!("track")
            | local_name!("wbr")
            | local_name!("param")
            | local_name!("keygen")
            | local_name!("frame")
    )
}

fn is_raw_text(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("script")
            | local_name!("style")
            | local_name!("textarea")
            | local_name!("title")
            | local_name!("xmp")
            | local_name!("iframe")
            | local_name!("noembed")
            | local_name!("noframes")
            | local_name!("noscript")
            | local_name!("plaintext")
    )
}

/// Whether an open `top` is closed by the start tag `next`, in the common cases.
fn closes_implicitly(top: &LocalName, next: &LocalName) -> bool {
    match *top {
        local_name!("p") => matches!(
            *next,
            local_name!("p")
                | local_name!("div")
                | local_name!("section")
                | local_name!("article")
                | local_name!("aside")
                | local_name!("blockquote")
                | local_name!("ul")
                | local_name!("ol")
                | local_name!("dl")
                | local_name!("table")
                | local_name!("h1")
                | local_name!("h2")
                | local_name!("h3")
                | local_name!("h4")
                | local_name!("h5")
                | local_name!("h6")
                | local_name!("header")
                | local_name!("footer")
                | local_name!("nav")
                | local_name!("main")
                | local_name!("figure")
                | local_name!("form")
                | local_name!("pre")
                | local_name!("hr")
        ),
        local_name!("li") => *next == local_name!("li"),
        local_name!("dt") | local_name!("dd") => {
            matches!(*next, local_name!("dt") | local_name!("dd"))
        }
        local_name!("option") => matches!(*next, local_name!("option") | local_name!("optgroup")),
        local_name!("tr") => *next == local_name!("tr"),
        local_name!("td") | local_name!("th") => {
            matches!(
                *next,
                local_name!("td") | local_name!("th") | local_name!("tr")
            )
        }
        _ => false,
    }
}

/// The markup with the attributes after the first [`MAX_ATTRIBUTES`] of each tag cut out; the
/// input itself (no copy) when no tag has that many. A linear scan that follows the tokenizer
/// where it matters: comments, declarations and the content of raw text elements (`<script>`,
/// `<style>` …) are passed over, attribute values may be quoted and hold `>`.
fn cap_attributes(html: &str) -> Cow<'_, str> {
    let b = html.as_bytes();
    let len = b.len();
    let is_space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let mut out: Option<String> = None;
    // Bytes of `html` before this are in `out` (or cut).
    let mut copied = 0;
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &b[i..]).map(|p| i + p) {
        let rest = &b[lt..];
        if rest.starts_with(b"<!--") {
            i = memchr::memmem::find(&rest[4..], b"-->").map_or(len, |p| lt + 4 + p + 3);
            continue;
        }
        let end_tag = rest.get(1) == Some(&b'/');
        let name_start = lt + 1 + usize::from(end_tag);
        match b.get(name_start) {
            Some(c) if c.is_ascii_alphabetic() => {}
            Some(b'!' | b'?') if !end_tag => {
                i = memchr::memchr(b'>', &b[lt..]).map_or(len, |p| lt + p + 1);
                continue;
            }
            _ => {
                i = lt + 1;
                continue;
            }
        }
        let mut j = name_start;
        while j < len && !is_space(b[j]) && b[j] != b'/' && b[j] != b'>' {
            j += 1;
        }
        let name = &b[name_start..j];
        let mut count = 0;
        let mut cut = None;
        loop {
            while j < len && (is_space(b[j]) || b[j] == b'/') {
                j += 1;
            }
            if j >= len || b[j] == b'>' {
                break;
            }
            let attribute = j;
            // The first character of a name may be anything, `=` included.
            j += 1;
            while j < len && !is_space(b[j]) && !matches!(b[j], b'/' | b'>' | b'=') {
                j += 1;
            }
            let mut k = j;
            while k < len && is_space(b[k]) {
                k += 1;
            }
            if k < len && b[k] == b'=' {
                k += 1;
                while k < len && is_space(b[k]) {
                    k += 1;
                }
                if k < len && matches!(b[k], b'"' | b'\'') {
                    k = memchr::memchr(b[k], &b[k + 1..]).map_or(len, |p| k + 1 + p + 1);
                } else {
                    while k < len && !is_space(b[k]) && b[k] != b'>' {
                        k += 1;
                    }
                }
                j = k;
            }
            count += 1;
            if count == MAX_ATTRIBUTES + 1 {
                cut = Some(attribute);
            }
        }
        if let Some(cut) = cut {
            let out = out.get_or_insert_with(|| String::with_capacity(len));
            out.push_str(&html[copied..cut]);
            copied = j;
        }
        i = j;
        if !end_tag && let Some(raw) = raw_text_name(name) {
            i = find_end_tag(b, i, raw);
        }
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut out) => {
            out.push_str(&html[copied..]);
            Cow::Owned(out)
        }
    }
}

/// The lower-case name of a raw text element, whose content is not markup.
fn raw_text_name(name: &[u8]) -> Option<&'static [u8]> {
    const RAW: &[&[u8]] = &[
        b"script",
        b"style",
        b"textarea",
        b"title",
        b"xmp",
        b"iframe",
        b"noembed",
        b"noframes",
        b"plaintext",
    ];
    RAW.iter().copied().find(|r| r.eq_ignore_ascii_case(name))
}

/// Where `</name` starts at or after `from`, any case; the end when it does not.
fn find_end_tag(b: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(lt) = memchr::memchr(b'<', &b[i..]).map(|p| i + p) {
        let rest = &b[lt..];
        if rest.get(1) == Some(&b'/')
            && rest
                .get(2..2 + name.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            return lt;
        }
        i = lt + 1;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_after_the_limit_are_cut_and_the_rest_kept() {
        let many: String = (0..100).map(|i| format!(" a{i}=\"v>{i}\"")).collect();
        let html = format!("<p{many} >teks</p><script>var x = '<b{many}>';</script><b c>");
        let capped = cap_attributes(&html);
        let kept: String = (0..MAX_ATTRIBUTES)
            .map(|i| format!(" a{i}=\"v>{i}\""))
            .collect();
        assert_eq!(
            capped,
            format!("<p{kept} >teks</p><script>var x = '<b{many}>';</script><b c>")
        );
        let few = "<p a=1 b='2' c>x</p><!-- <p> -->";
        assert!(matches!(cap_attributes(few), Cow::Borrowed(_)));
    }

    proptest::proptest! {
        /// Any markup, attributes by the hundred among quotes, comments, scripts and multi-byte
        /// text: the cut never splits a character, only removes, and leaves short tags alone.
        #[test]
        fn cutting_attributes_is_safe_on_any_markup(parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just(" a".repeat(70)),
                proptest::strategy::Just(" b=\"x>y\"".repeat(40)),
                proptest::strategy::Just("<p".to_owned()),
                proptest::strategy::Just("</p".to_owned()),
                proptest::strategy::Just("<script>".to_owned()),
                proptest::strategy::Just("<!--".to_owned()),
                "[<>/='\" a-zé“!?-]{0,12}",
            ],
            0..40,
        )) {
            let html = parts.concat();
            let capped = cap_attributes(&html);
            proptest::prop_assert!(capped.len() <= html.len());
            let _ = parse_document(&capped);
        }
    }

    #[test]
    fn pages_within_the_limits_parse_as_before() {
        let kompas = include_str!("../tests/fixtures/kompas-like.html");
        assert_eq!(
            parse_document(kompas).html(),
            Html::parse_document(kompas).html()
        );
        let html = "<html><head><title>T</title><script>if (a<b) x();</script></head><body><ul><li>a<li>b</ul><p>x<p>y<div>z</div><table><tr><td>1<td>2</table></body></html>";
        assert_eq!(
            parse_document(html).html(),
            Html::parse_document(html).html()
        );
    }

    #[test]
    fn deep_start_tags_are_left_out_and_their_text_kept() {
        let depth = MAX_DEPTH + 100;
        let html = format!(
            "{}<p>dalam</p>{}<p>luar</p>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let page = parse_document(&html);
        let text: String = page.root_element().text().collect();
        assert_eq!(text, "dalamluar");
        let deepest = page
            .tree
            .nodes()
            .map(|n| n.ancestors().count())
            .max()
            .unwrap();
        assert!(deepest <= MAX_DEPTH + 4, "{deepest}");
        // The outer paragraph is outside every div again.
        let outer = page
            .tree
            .nodes()
            .find(|n| n.value().as_text().is_some_and(|t| &**t == "luar"))
            .unwrap();
        assert_eq!(outer.ancestors().count(), 4); // p, body, html, document
    }

    #[test]
    fn a_run_of_blocks_left_out_stands_in_as_one_line_break() {
        let depth = MAX_DEPTH + 1000;
        let html = format!(
            "{}\n<p>satu</p>\n<p>dua</p>{}",
            "<div>\n ".repeat(depth),
            "</div>".repeat(depth)
        );
        let page = parse_document(&html);
        let breaks = page
            .tree
            .nodes()
            .filter(|n| n.value().as_element().is_some_and(|e| e.name() == "br"))
            .count();
        // One before "satu", one between the paragraphs, one after "dua": not one a tag.
        assert_eq!(breaks, 3);
        let article = crate::html::extract(&html, None);
        assert_eq!(article.text, "satu\n\ndua");
    }
}
