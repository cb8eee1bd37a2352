use crate::layers::{DateExpr, Dateline, Entity, Quote, Removed, Token, TokenKind};
use crate::span::Span;

/// Where a document came from, passed through to the output unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub id: Option<String>,
    /// The canonical URL.
    pub url: Option<String>,
    /// Further URLs at which the same text was found (syndicated copies).
    pub other_urls: Vec<String>,
    pub title: Option<String>,
    /// The publication time as the input gave it; [`crate::output`] writes it as ISO 8601 when it can
    /// read it, else null.
    pub published: Option<String>,
    pub author: Option<String>,
    /// The outlet, e.g. `kompas.com`.
    pub source: Option<String>,
    /// The time of the last update as the input gave it (`dateModified`); written like `published`.
    pub modified: Option<String>,
    /// The outlet's section or rubric, e.g. `Nasional`.
    pub section: Option<String>,
    /// The article's language as a BCP 47 tag (`id`, `id-ID`), as declared by the page or identified.
    pub lang: Option<String>,
}

/// One article: its unchanged text and the layers of spans that stages add over it.
///
/// The text is private and has no setter: a stage may only add spans. Each layer is sorted by start
/// offset; the layers of the text stages (`removed`, `paragraphs`, `sentences`, `tokens`) also never
/// overlap within themselves.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub meta: Meta,
    text: String,
    /// Page furniture that cleaning found. Later stages skip these spans.
    pub removed: Vec<Removed>,
    pub dateline: Option<Dateline>,
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Span>,
    pub tokens: Vec<Token>,
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub dates: Vec<DateExpr>,
}

impl Document {
    pub fn new(text: impl Into<String>, meta: Meta) -> Self {
        Document {
            meta,
            text: text.into(),
            ..Document::default()
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text behind `span`.
    ///
    /// # Panics
    /// When `span` does not lie on character boundaries of this text, which is a bug in the stage that
    /// made it.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// True when `span` overlaps furniture that cleaning removed, or the dateline.
    pub fn is_removed(&self, span: Span) -> bool {
        let start = self.removed.partition_point(|r| r.span.end <= span.start);
        self.removed[start..]
            .iter()
            .take_while(|r| r.span.start < span.end)
            .any(|r| r.span.overlaps(span))
            || self
                .dateline
                .as_ref()
                .is_some_and(|d| d.span.overlaps(span))
    }

    /// The tokens that lie inside `span`, as a slice of [`Document::tokens`].
    pub fn tokens_in(&self, span: Span) -> &[Token] {
        let from = self.tokens.partition_point(|t| t.span.start < span.start);
        let to = self.tokens.partition_point(|t| t.span.end <= span.end);
        &self.tokens[from..to.max(from)]
    }

    /// A name over `span` as a reader writes it: its tokens with one space between them, also
    /// where the tokenizer split words a scraper glued ("Rahmat ArjunaReski" → "Rahmat Arjuna
    /// Reski"), and a line break inside the name read as a space. Punctuation keeps its place
    /// ("Ma'ruf", "O. Rahman"). Without tokens, the text as it stands.
    pub fn name_text(&self, span: Span) -> String {
        let tokens = self.tokens_in(span);
        if tokens.is_empty() {
            return self.slice(span).to_owned();
        }
        let mut name = String::with_capacity(span.len() + 2);
        for (k, t) in tokens.iter().enumerate() {
            if k > 0 {
                let gap = &self.text[tokens[k - 1].span.end..t.span.start];
                let is_word = |t: &Token| {
                    matches!(
                        t.kind,
                        TokenKind::Word | TokenKind::Abbreviation | TokenKind::Number
                    )
                };
                if gap.trim().is_empty()
                    && (!gap.is_empty() || (is_word(&tokens[k - 1]) && is_word(t)))
                {
                    name.push(' ');
                } else {
                    name.push_str(gap);
                }
            }
            name.push_str(self.slice(t.span));
        }
        name
    }

    /// The index of the sentence that contains byte `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= offset);
        (i < self.sentences.len() && self.sentences[i].start <= offset).then_some(i)
    }

    /// A `Span` over `range` after checking that both ends are character boundaries of the text.
    pub fn span(&self, start: usize, end: usize) -> Option<Span> {
        (start <= end
            && end <= self.text.len()
            && self.text.is_char_boundary(start)
            && self.text.is_char_boundary(end))
        .then(|| Span::new(start, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layers::{Removed, RemovedKind};

    #[test]
    fn tokens_in_and_sentence_at() {
        let mut doc = Document::new("Ia datang. Dia pergi.", Meta::default());
        doc.sentences = vec![Span::new(0, 10), Span::new(11, 21)];
        doc.tokens = [(0, 2), (3, 9), (9, 10), (11, 14), (15, 20), (20, 21)]
            .into_iter()
            .map(|(s, e)| Token::word(Span::new(s, e)))
            .collect();
        assert_eq!(doc.tokens_in(doc.sentences[1]).len(), 3);
        assert_eq!(doc.slice(doc.tokens_in(doc.sentences[1])[0].span), "Dia");
        assert_eq!(doc.sentence_at(12), Some(1));
        assert_eq!(doc.sentence_at(10), None);
    }

    #[test]
    fn removed_spans_are_found() {
        let mut doc = Document::new("abc def ghi", Meta::default());
        doc.removed.push(Removed {
            kind: RemovedKind::Caption,
            span: Span::new(4, 7),
        });
        assert!(doc.is_removed(Span::new(5, 6)));
        assert!(!doc.is_removed(Span::new(0, 3)));
        assert!(!doc.is_removed(Span::new(8, 11)));
    }

    #[test]
    fn span_checks_boundaries() {
        let doc = Document::new("“a”", Meta::default());
        assert!(doc.span(0, 1).is_none());
        assert_eq!(doc.slice(doc.span(0, 3).unwrap()), "“");
        assert!(doc.span(0, 99).is_none());
    }
}
