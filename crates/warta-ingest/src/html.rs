//! Main text and metadata of a news page.
//!
//! Metadata comes from JSON-LD (`NewsArticle` and kin), then OpenGraph and `<meta>`, then `<title>`.
//! The main text is the block of paragraphs that scores highest, readability-style: every `<p>` adds
//! its text length to its parent and half to its grandparent, outside elements that are furniture by
//! tag (`nav`, `aside`, `figure`, …) or by class/id word (`data/boilerplate-classes.txt`). Inside the
//! chosen block, paragraphs that outlets insert ("Baca juga", "Simak Video", "Halaman 1 2 3"; see
//! `data/furniture-lines.txt`) are dropped.
//!
//! Every walk over the tree is iterative, so a page nested 10,000 elements deep costs no stack. The
//! parser itself is quadratic in nesting depth and in the attributes of a tag; [`MAX_DEPTH`] and
//! [`MAX_ATTRIBUTES`] bound both (see `parse.rs`), so that a page costs time linear in its size.

use std::collections::HashMap;
use std::sync::OnceLock;

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::{Html, Node};
use serde_json::Value;
use warta_core::{Meta, wordlist};

pub use crate::parse::{MAX_ATTRIBUTES, MAX_DEPTH};

/// What a page yields: the article text (paragraphs separated by a blank line) and its metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlArticle {
    pub text: String,
    /// Besides the usual fields: `modified` from `dateModified` / `article:modified_time`, `section`
    /// from `articleSection` / `article:section`, `lang` from `<html lang>`, JSON-LD `inLanguage`,
    /// `og:locale` or `<meta http-equiv="content-language">`.
    pub meta: Meta,
}

/// Tags whose whole subtree is never article text.
const SKIPPED_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "figure",
    "figcaption",
    "video",
    "audio",
    "object",
    "embed",
    "canvas",
    "h1",
    "head",
    "title",
    "dialog",
];

/// Tags that end a paragraph.
pub(crate) const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "table",
    "tr",
    "td",
    "th",
    "pre",
    "dl",
    "dt",
    "dd",
    "center",
    "br",
    "hr",
];

fn boilerplate_words() -> &'static [&'static str] {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| wordlist::words(include_str!("../data/boilerplate-classes.txt")).collect())
}

fn furniture_prefixes() -> &'static [&'static str] {
    static PREFIXES: OnceLock<Vec<&'static str>> = OnceLock::new();
    PREFIXES.get_or_init(|| wordlist::words(include_str!("../data/furniture-lines.txt")).collect())
}

/// Extracts the article from a page. `url` is the address it was fetched from, when known.
pub fn extract(html: &str, url: Option<&str>) -> HtmlArticle {
    let page = crate::parse::parse_document(html);
    let mut found = PageMeta::default();
    collect_meta(&page, &mut found);
    let text = content_roots(&page)
        .into_iter()
        .flat_map(|root| paragraphs(&page, root))
        .collect::<Vec<_>>()
        .join("\n\n");
    found.into_article(text, url)
}

#[derive(Default)]
struct PageMeta {
    title_tag: Option<String>,
    lang: Option<String>,
    canonical: Option<String>,
    /// `<meta name|property=… content=…>`, names lower-cased; the first of each wins.
    metas: HashMap<String, String>,
    ld: Option<Value>,
}

fn collect_meta(page: &Html, found: &mut PageMeta) {
    for node in page.tree.root().descendants() {
        let Node::Element(element) = node.value() else {
            continue;
        };
        match element.name() {
            "html" => found.lang = element.attr("lang").map(str::to_owned),
            "title" if found.title_tag.is_none() => {
                found.title_tag = Some(collapse(&text_of(node)));
            }
            "link" => {
                let is_canonical = element.attr("rel").is_some_and(|rel| {
                    rel.split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                });
                if is_canonical && found.canonical.is_none() {
                    found.canonical = element.attr("href").map(|h| h.trim().to_owned());
                }
            }
            "meta" => {
                let key = element
                    .attr("property")
                    .or_else(|| element.attr("name"))
                    .or_else(|| element.attr("itemprop"))
                    .or_else(|| element.attr("http-equiv"));
                if let (Some(key), Some(content)) = (key, element.attr("content")) {
                    let content = collapse(content);
                    if !content.is_empty() {
                        found
                            .metas
                            .entry(key.trim().to_ascii_lowercase())
                            .or_insert(content);
                    }
                }
            }
            "script"
                if found.ld.is_none()
                    && element
                        .attr("type")
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                if let Ok(value) = serde_json::from_str::<Value>(&text_of(node)) {
                    found.ld = find_news_article(value);
                }
            }
            _ => {}
        }
    }
}

/// The first object whose `@type` is an article type, searched breadth-first through arrays and
/// `@graph`s.
fn find_news_article(value: Value) -> Option<Value> {
    const ARTICLE_TYPES: &[&str] = &[
        "NewsArticle",
        "Article",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "BlogPosting",
        "WebPage",
    ];
    let is_article = |v: &Value, types: &[&str]| match v.get("@type") {
        Some(Value::String(t)) => types.contains(&t.as_str()),
        Some(Value::Array(ts)) => ts
            .iter()
            .any(|t| t.as_str().is_some_and(|t| types.contains(&t))),
        _ => false,
    };
    let mut queue = std::collections::VecDeque::from([value]);
    let mut fallback = None;
    while let Some(value) = queue.pop_front() {
        match value {
            Value::Array(items) => queue.extend(items),
            Value::Object(mut fields) => {
                if let Some(graph) = fields.remove("@graph") {
                    queue.push_back(graph);
                }
                let object = Value::Object(fields);
                // A WebPage is taken only when no proper article type is present.
                if is_article(&object, &ARTICLE_TYPES[..5]) {
                    return Some(object);
                }
                if fallback.is_none() && is_article(&object, &ARTICLE_TYPES[5..]) {
                    fallback = Some(object);
                }
            }
            _ => {}
        }
    }
    fallback
}

impl PageMeta {
    fn meta(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| self.metas.get(*k).cloned())
    }

    fn ld_str(&self, key: &str) -> Option<String> {
        self.ld.as_ref().and_then(|ld| ld_text(ld.get(key)?))
    }

    fn into_article(self, text: String, fetched_from: Option<&str>) -> HtmlArticle {
        let ld_url = self.ld.as_ref().and_then(|ld| {
            ld.get("mainEntityOfPage")
                .and_then(|m| m.get("@id").or(Some(m)))
                .and_then(Value::as_str)
                .or_else(|| ld.get("url").and_then(Value::as_str))
                .map(str::to_owned)
        });
        let canonical = self
            .canonical
            .clone()
            .or_else(|| self.meta(&["og:url"]))
            .or(ld_url)
            .filter(|u| u.starts_with("http"));
        let url = canonical.or_else(|| fetched_from.map(str::to_owned));
        let other_urls = fetched_from
            .filter(|f| Some(*f) != url.as_deref())
            .map(|f| vec![f.to_owned()])
            .unwrap_or_default();
        let title = self
            .ld_str("headline")
            .or_else(|| self.meta(&["og:title", "twitter:title", "title"]))
            .or_else(|| self.title_tag.clone().filter(|t| !t.is_empty()));
        let published = self
            .ld_str("datePublished")
            .or_else(|| {
                self.meta(&[
                    "article:published_time",
                    "content_publisheddate",
                    "publishdate",
                    "dtk:publishdate",
                    "pubdate",
                    "datepublished",
                    "date",
                ])
            })
            .map(|d| normalise_date(&d));
        let modified = self
            .ld_str("dateModified")
            .or_else(|| self.meta(&["article:modified_time", "og:updated_time", "datemodified"]))
            .map(|d| normalise_date(&d));
        let author = self
            .ld
            .as_ref()
            .and_then(|ld| people(ld.get("author")?))
            .or_else(|| self.meta(&["author", "content_author", "dtk:author", "article:author"]));
        let source = self
            .ld
            .as_ref()
            .and_then(|ld| ld_text(ld.get("publisher")?))
            .or_else(|| self.meta(&["og:site_name", "application-name"]))
            .or_else(|| url.as_deref().and_then(host).map(str::to_owned));
        let section = self
            .ld_str("articleSection")
            .or_else(|| self.meta(&["article:section", "content_category", "dtk:channel"]));
        let lang = self
            .lang
            .clone()
            .or_else(|| self.ld_str("inLanguage"))
            .or_else(|| self.meta(&["og:locale", "content-language", "language"]))
            .as_deref()
            .and_then(language_tag);
        HtmlArticle {
            text,
            meta: Meta {
                id: None,
                url,
                other_urls,
                title,
                published,
                author,
                source,
                modified,
                section,
                lang,
            },
        }
    }
}

/// A JSON-LD value as text: a string, the `name` of an object, the first of an array.
fn ld_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(collapse(s)).filter(|s| !s.is_empty()),
        Value::Object(o) => o.get("name").and_then(ld_text),
        Value::Array(items) => items.iter().find_map(ld_text),
        _ => None,
    }
}

/// Authors: one, or several joined with ", ".
fn people(value: &Value) -> Option<String> {
    match value {
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(ld_text).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        other => ld_text(other),
    }
}

/// `id`, `id-ID`, `id_ID`, `ID` → a BCP 47 tag (`id`, `id-ID`); anything that is not a tag → `None`.
pub fn language_tag(declared: &str) -> Option<String> {
    let declared = declared.trim().replace('_', "-");
    let mut parts = declared.split('-');
    let language = parts.next()?;
    let is_language =
        (2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_alphabetic());
    if !is_language {
        return None;
    }
    let mut tag = language.to_ascii_lowercase();
    if let Some(region) = parts
        .next()
        .filter(|r| r.len() == 2 && r.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        tag.push('-');
        tag.push_str(&region.to_ascii_uppercase());
    }
    Some(tag)
}

fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    Some(host.strip_prefix("www.").unwrap_or(host)).filter(|h| !h.is_empty())
}

/// Outlets write `2024/02/12 10:15:00` or `2024-02-12 10:15:00`; ISO 8601 wants `2024-02-12T10:15:00`.
fn normalise_date(date: &str) -> String {
    let b = date.as_bytes();
    let shaped = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && matches!(b[4], b'/' | b'-')
        && b[7] == b[4];
    if !shaped {
        return date.to_owned();
    }
    let mut iso = date.replacen('/', "-", 2);
    if iso.len() > 10 && iso.as_bytes()[10] == b' ' {
        iso.replace_range(10..11, "T");
    }
    iso
}

/// The text of a node's descendants, concatenated.
fn text_of(node: ego_tree::NodeRef<'_, Node>) -> String {
    node.descendants()
        .filter_map(|n| n.value().as_text().map(|t| &**t))
        .collect()
}

/// Collapses runs of white space (including non-breaking spaces) to one space and trims.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_whitespace() || c == '\u{a0}') {
        if !word.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

fn is_skipped(element: &scraper::node::Element) -> bool {
    if SKIPPED_TAGS.contains(&element.name()) {
        return true;
    }
    if element.attr("hidden").is_some() || element.attr("aria-hidden") == Some("true") {
        return true;
    }
    let words = boilerplate_words();
    [element.attr("class"), element.id()]
        .into_iter()
        .flatten()
        .flat_map(|v| v.split(|c: char| !c.is_ascii_alphanumeric()))
        .any(|w| !w.is_empty() && words.iter().any(|b| b.eq_ignore_ascii_case(w)))
}

/// The elements that hold the article's paragraphs, in document order: the best-scoring block, and
/// its siblings that score well too (outlets split long articles into one block per page).
fn content_roots(page: &Html) -> Vec<NodeId> {
    let (scores, declared_body) = score_blocks(page);
    if let Some(body) = declared_body.filter(|b| scores.get(b).copied().unwrap_or(0) > 0) {
        return vec![body];
    }
    let best = scores
        .iter()
        // Ties go to the element that comes first; node ids are allocated in document order.
        .max_by_key(|&(&id, &score)| (score, std::cmp::Reverse(id)))
        .map(|(&id, _)| id);
    let Some(mut best) = best else {
        return page
            .tree
            .root()
            .children()
            .find(|c| c.value().is_element())
            .map(|c| vec![c.id()])
            .unwrap_or_default();
    };
    // A block alone in its parent (a page's text inside its page wrapper) stands for the parent, so
    // that the wrappers of the other pages are its siblings.
    while let Some(parent) = page.tree.get(best).and_then(|n| n.parent())
        && parent.value().is_element()
        && parent.parent().is_some_and(|p| p.value().is_element())
        && parent.children().filter(|c| c.value().is_element()).count() == 1
        && parent
            .children()
            .all(|c| c.value().as_text().is_none_or(|t| t.trim().is_empty()))
    {
        best = parent.id();
    }
    let score_of = |id: NodeId| scores.get(&id).copied().unwrap_or(0);
    let threshold = (score_of(best) / 5).max(1);
    let Some(parent) = page.tree.get(best).and_then(|n| n.parent()) else {
        return vec![best];
    };
    parent
        .children()
        .filter(|c| c.id() == best || (c.value().is_element() && score_of(c.id()) >= threshold))
        .map(|c| c.id())
        .collect()
}

/// Scores elements by the text of the paragraphs they hold, readability-style: the element holding a
/// run of text gets its length, the one above half of it. Also returns the element marked
/// `itemprop="articleBody"`, if any.
fn score_blocks(page: &Html) -> (HashMap<NodeId, usize>, Option<NodeId>) {
    let mut scores: HashMap<NodeId, usize> = HashMap::new();
    let mut declared_body = None;
    // Open elements, and whether each is furniture (then nothing below counts).
    let mut stack: Vec<(NodeId, bool)> = Vec::new();
    let mut skipped_depth = 0usize;
    let mut run_len = 0usize;
    let mut credit = |holder: usize, stack: &[(NodeId, bool)], run_len: &mut usize| {
        if *run_len == 0 {
            return;
        }
        let weight = (*run_len).min(2000);
        *run_len = 0;
        if let Some(&(id, _)) = stack.get(holder) {
            *scores.entry(id).or_default() += weight;
        }
        if let Some(&(id, _)) = holder.checked_sub(1).and_then(|above| stack.get(above)) {
            *scores.entry(id).or_default() += weight / 2;
        }
    };
    for edge in page.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(element) => {
                    let skip = skipped_depth > 0 || is_skipped(element);
                    skipped_depth += usize::from(skip);
                    if !skip
                        && declared_body.is_none()
                        && element.attr("itemprop") == Some("articleBody")
                    {
                        declared_body = Some(node.id());
                    }
                    // Text before a block belongs to the element that holds both.
                    if !skip && BLOCK_TAGS.contains(&element.name()) && !stack.is_empty() {
                        credit(stack.len() - 1, &stack, &mut run_len);
                    }
                    stack.push((node.id(), skip));
                }
                Node::Text(text) if skipped_depth == 0 => {
                    run_len += text.trim().chars().count();
                }
                _ => {}
            },
            Edge::Close(node) => {
                let Node::Element(element) = node.value() else {
                    continue;
                };
                let Some((_, skip)) = stack.pop() else {
                    continue;
                };
                skipped_depth -= usize::from(skip);
                if skip || !BLOCK_TAGS.contains(&element.name()) {
                    continue;
                }
                let is_paragraph = matches!(element.name(), "p" | "blockquote" | "h2" | "h3");
                // A paragraph counts for the element that holds it; text directly in a block
                // (lines between <br>s) for that block.
                let holder = if is_paragraph {
                    stack.len().checked_sub(1)
                } else {
                    stack.push((node.id(), false));
                    let holder = stack.len() - 1;
                    credit(holder, &stack, &mut run_len);
                    stack.pop();
                    None
                };
                if let Some(holder) = holder {
                    credit(holder, &stack, &mut run_len);
                }
            }
        }
    }
    (scores, declared_body)
}

/// The paragraphs of `root`, furniture left out.
fn paragraphs(page: &Html, root: NodeId) -> Vec<String> {
    let Some(root) = page.tree.get(root) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut current = String::new();
    let mut skipped_depth = 0usize;
    let mut skips: Vec<bool> = Vec::new();
    let flush = |current: &mut String, out: &mut Vec<String>| {
        let paragraph = collapse(current);
        current.clear();
        if !paragraph.is_empty() && !is_furniture_line(&paragraph) {
            out.push(paragraph);
        }
    };
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(element) => {
                    let skip = node.id() != root.id() && (skipped_depth > 0 || is_skipped(element));
                    skipped_depth += usize::from(skip);
                    skips.push(skip);
                    if !skip && BLOCK_TAGS.contains(&element.name()) {
                        flush(&mut current, &mut out);
                    }
                }
                Node::Text(text) if skipped_depth == 0 => current.push_str(text),
                _ => {}
            },
            Edge::Close(node) => {
                let Node::Element(element) = node.value() else {
                    continue;
                };
                let skip = skips.pop().unwrap_or(false);
                skipped_depth -= usize::from(skip);
                if !skip && BLOCK_TAGS.contains(&element.name()) {
                    flush(&mut current, &mut out);
                }
            }
        }
    }
    flush(&mut current, &mut out);
    out
}

/// Inserted boxes and navigation that sit among the paragraphs: "Baca juga: …", "Halaman 1 2 3".
fn is_furniture_line(paragraph: &str) -> bool {
    let lower = paragraph.to_lowercase();
    if furniture_prefixes().iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    is_pagination(&lower)
}

/// "Halaman 1 2 3 Selanjutnya", "1 2 3 4 Next", "Halaman selanjutnya", "Tampilkan semua".
fn is_pagination(lower: &str) -> bool {
    const WORDS: &[&str] = &[
        "halaman",
        "laman",
        "page",
        "selanjutnya",
        "berikutnya",
        "sebelumnya",
        "next",
        "prev",
        "previous",
        "tampilkan",
        "lihat",
        "semua",
        "all",
        "show",
        "»",
        "«",
        "›",
        "‹",
        ">",
        "<",
        "…",
        "...",
        "|",
        "-",
    ];
    let mut words = 0;
    let mut numbers = 0;
    for word in lower.split_whitespace() {
        let word = word.trim_matches(|c: char| c == ':' || c == ',' || c == '.');
        if word.chars().all(|c| c.is_ascii_digit()) && !word.is_empty() {
            numbers += 1;
        } else if WORDS.contains(&word) {
            words += 1;
        } else {
            return false;
        }
    }
    // A lone "Halaman" could be a word of the story only in a longer sentence, which fails above.
    numbers + words > 0
        && (numbers > 0 || lower.starts_with("halaman") || lower.starts_with("tampilkan"))
}
