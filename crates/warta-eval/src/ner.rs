//! Scoring the entity layer as users see it against CoNLL gold tokens.
//!
//! The tagger alone is scored on the gold tokens themselves (`warta eval ner`'s first row). What
//! `extract` writes is another thing: the whole pipeline reads running text, tokenises it its own way,
//! repairs and resolves the tagger's spans, and adds short forms and titles as mentions. To score that,
//! each gold sentence is written as news writes it ([`Detokenised`]), analysed, and every mention of
//! every entity of the output is mapped back to the gold tokens by code-point offsets
//! ([`Detokenised::layer_spans`]); then both sides are compared with the same exact-span metric
//! ([`Scores`]).
//!
//! A mention matches gold tokens when it starts where a token starts and ends where a token ends; a
//! token's brackets, quotes and trailing punctuation may be left out (`Jokowi` in the gold token
//! `(Jokowi)`), since warta never counts them as part of a name. A mention whose ends fall elsewhere
//! inside a token (`Irianto` of `Irianto-Tatang`) matches no gold span: it counts as predicted and
//! wrong.

use std::collections::{BTreeMap, BTreeSet};

use warta_core::EntityLabel;
use warta_core::output::OutEntity;
use warta_core::score::SpanScore;

use crate::detokenise;

/// An entity span of the detokenised text, in code points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Labelled {
    pub start: usize,
    pub end: usize,
    pub label: EntityLabel,
}

/// Gold tokens written as running text, with where each token landed.
#[derive(Debug, Clone)]
pub struct Detokenised {
    pub text: String,
    tokens: Vec<TokenSpan>,
}

/// Code-point spans of one token: all of it, and its core without the punctuation around it.
#[derive(Debug, Clone, Copy)]
struct TokenSpan {
    whole: (usize, usize),
    core: (usize, usize),
}

impl Detokenised {
    /// Writes `tokens` as news writes them (the rules of `detokenise.rs`: no space before `, . ) :
    /// ;`, none after `(`, `-` and `/` joining words), straight quotation marks opening and closing
    /// in turn.
    pub fn new<S: AsRef<str>>(tokens: &[S]) -> Detokenised {
        let words: Vec<&str> = tokens.iter().map(AsRef::as_ref).collect();
        let glue = detokenise::glue(&words, |_, open_now| !open_now);
        let (text, bytes) = detokenise::join(&words, &glue);
        // Byte spans to code points, as the output counts them.
        let mut at = 0;
        let mut counted = 0;
        let tokens = words
            .iter()
            .zip(bytes)
            .map(|(word, span)| {
                at += text[counted..span.start].chars().count();
                counted = span.start;
                TokenSpan::at(word, at)
            })
            .collect();
        Detokenised { text, tokens }
    }

    /// The span of gold tokens `start..end`.
    pub fn chunk(&self, (start, end, label): (usize, usize, EntityLabel)) -> Labelled {
        Labelled {
            start: self.tokens[start].whole.0,
            end: self.tokens[end - 1].whole.1,
            label,
        }
    }

    /// The tokens `[first, last)` a span of the text covers exactly, allowing for the punctuation
    /// around a token (see the module documentation); `None` when an end falls elsewhere.
    pub fn tokens_of(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let first = self.tokens.partition_point(|t| t.whole.1 <= start);
        let last = self.tokens.partition_point(|t| t.whole.1 < end);
        let (a, b) = (self.tokens.get(first)?, self.tokens.get(last)?);
        let starts = a.whole.0 == start || a.core.0 == start;
        let ends = b.whole.1 == end || b.core.1 == end;
        (starts && ends && first <= last).then_some((first, last + 1))
    }

    /// Every mention of every entity of the output of [`Detokenised::text`] with its entity's label,
    /// each moved onto the whole gold tokens it covers, once per span and label.
    pub fn layer_spans(&self, entities: &[OutEntity]) -> LayerSpans {
        let mut spans = BTreeSet::new();
        let mut inside_tokens = 0;
        for entity in entities {
            for mention in &entity.mentions {
                let span = match self.tokens_of(mention.start, mention.end) {
                    Some((first, last)) => self.chunk((first, last, entity.label)),
                    None => {
                        inside_tokens += 1;
                        Labelled {
                            start: mention.start,
                            end: mention.end,
                            label: entity.label,
                        }
                    }
                };
                spans.insert(span);
            }
        }
        LayerSpans {
            spans: spans.into_iter().collect(),
            inside_tokens,
        }
    }

    /// The text of `span`, for listings.
    pub fn slice(&self, span: Labelled) -> String {
        self.text
            .chars()
            .skip(span.start)
            .take(span.end - span.start)
            .collect()
    }
}

impl TokenSpan {
    fn at(token: &str, start: usize) -> TokenSpan {
        let len = token.chars().count();
        let lead = token.chars().take_while(|c| !c.is_alphanumeric()).count();
        let trail = token
            .chars()
            .rev()
            .take_while(|c| !c.is_alphanumeric())
            .count();
        let core = if lead == len {
            (start, start + len)
        } else {
            (start + lead, start + len - trail)
        };
        TokenSpan {
            whole: (start, start + len),
            core,
        }
    }
}

/// The entity layer's spans over one detokenised sentence.
#[derive(Debug, Clone, Default)]
pub struct LayerSpans {
    /// Sorted, each span and label once.
    pub spans: Vec<Labelled>,
    /// Mentions with an end inside a gold token: kept in `spans` as they are, so never right.
    pub inside_tokens: usize,
}

/// Exact-span counts per label, as conlleval computes them, over any number of sentences.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    pub per_label: BTreeMap<EntityLabel, SpanScore>,
}

impl Scores {
    /// Adds one sentence; each side lists every span once.
    pub fn add(&mut self, gold: &[Labelled], predicted: &[Labelled]) {
        for span in gold {
            self.per_label.entry(span.label).or_default().gold += 1;
        }
        for span in predicted {
            let counts = self.per_label.entry(span.label).or_default();
            counts.predicted += 1;
            counts.correct += usize::from(gold.contains(span));
        }
    }

    pub fn micro(&self) -> SpanScore {
        let mut total = SpanScore::default();
        for &counts in self.per_label.values() {
            total += counts;
        }
        total
    }
}

/// A span that gold, the tagger and the entity layer do not all agree on, for `--errors`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Disagreement {
    pub span: Labelled,
    pub gold: bool,
    pub tagger: bool,
    pub layer: bool,
}

/// The spans of one sentence that are missing from gold, the tagger's or the layer's list, in text
/// order; empty when the layer agrees with gold and the tagger.
pub fn disagreements(
    gold: &[Labelled],
    tagger: &[Labelled],
    layer: &[Labelled],
) -> Vec<Disagreement> {
    let all: BTreeSet<Labelled> = gold.iter().chain(tagger).chain(layer).copied().collect();
    all.into_iter()
        .map(|span| Disagreement {
            span,
            gold: gold.contains(&span),
            tagger: tagger.contains(&span),
            layer: layer.contains(&span),
        })
        .filter(|d| !(d.gold && d.tagger && d.layer))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use warta_core::output::OutTextSpan;

    const PER: EntityLabel = EntityLabel::Person;
    const ORG: EntityLabel = EntityLabel::Organisation;

    fn tokens(sentence: &str) -> Vec<&str> {
        sentence.split(' ').collect()
    }

    #[test]
    fn punctuation_brackets_and_quotes_attach_as_news_writes_them() {
        let cases = [
            (
                "Kata Budi , \" kami siap . \" ( lihat foto ) : ya ; benar !",
                "Kata Budi, \"kami siap.\" (lihat foto): ya; benar!",
            ),
            (
                "“ Tidak , ” ujar Prabowo Subianto - Hatta Rajasa ... lalu pergi ?",
                "“Tidak,” ujar Prabowo Subianto-Hatta Rajasa... lalu pergi?",
            ),
            ("sumber - sumber lain , 10 %", "sumber-sumber lain, 10%"),
            ("\" a \" dan \" b \"", "\"a\" dan \"b\""),
        ];
        for (gold, written) in cases {
            assert_eq!(Detokenised::new(&tokens(gold)).text, written);
        }
    }

    /// Each token's span slices back to the token, past multi-byte characters (code points, not
    /// bytes) and glued punctuation: one offset off and a token comes out wrong.
    #[test]
    fn every_token_is_found_again_at_its_offsets() {
        let gold = tokens("“ Café ” , kata Sémé ( Jakarta ) .");
        let text = Detokenised::new(&gold);
        assert_eq!(text.text, "“Café”, kata Sémé (Jakarta).");
        for (i, token) in gold.iter().enumerate() {
            let span = text.chunk((i, i + 1, PER));
            assert_eq!(text.slice(span), *token, "token {i}");
        }
        // "Sémé" is the sixth token: code points 13..17 (bytes 16..22).
        assert_eq!(text.tokens_of(13, 17), Some((5, 6)));
        assert_eq!(text.tokens_of(12, 17), None);
        assert_eq!(text.tokens_of(13, 16), None);
        assert_eq!(text.tokens_of(13, 18), None);
    }

    #[test]
    fn a_mention_may_leave_out_the_brackets_of_a_gold_token_but_not_cut_a_word() {
        let gold = tokens("Presiden Joko Widodo (Jokowi) ke Irianto-Tatang");
        let text = Detokenised::new(&gold);
        assert_eq!(text.text, "Presiden Joko Widodo (Jokowi) ke Irianto-Tatang");
        let find = |part: &str| {
            let byte = text.text.find(part).unwrap();
            let start = text.text[..byte].chars().count();
            (start, start + part.chars().count())
        };
        let (start, end) = find("Joko Widodo");
        assert_eq!(text.tokens_of(start, end), Some((1, 3)));
        let (start, end) = find("Jokowi");
        assert_eq!(text.tokens_of(start, end), Some((3, 4)));
        let (start, end) = find("(Jokowi)");
        assert_eq!(text.tokens_of(start, end), Some((3, 4)));
        let (start, end) = find("Irianto");
        assert_eq!(text.tokens_of(start, end), None);
        let (start, end) = find("Widodo (Jokowi");
        assert_eq!(text.tokens_of(start, end), Some((2, 4)));
    }

    fn entity(label: EntityLabel, mentions: &[(usize, usize)]) -> OutEntity {
        OutEntity {
            id: 0,
            label,
            name: String::new(),
            mentions: mentions
                .iter()
                .map(|&(start, end)| OutTextSpan {
                    start,
                    end,
                    text: String::new(),
                })
                .collect(),
            titles: Vec::new(),
            roles: Vec::new(),
            affiliation: None,
        }
    }

    #[test]
    fn layer_mentions_are_scored_on_gold_tokens() {
        // Mahkamah Konstitusi (MK) memanggil Budi dan Irianto-Tatang .
        let gold = tokens("Mahkamah Konstitusi (MK) memanggil Budi dan Irianto-Tatang .");
        let text = Detokenised::new(&gold);
        let gold = [text.chunk((0, 3, ORG)), text.chunk((4, 5, PER))];
        let entities = [
            // "Mahkamah Konstitusi" and its short form "MK": two mentions, neither the gold span.
            entity(ORG, &[(0, 19), (21, 23)]),
            // "Budi", twice over (the same span and label counts once), and "Irianto" cut out of
            // a token.
            entity(PER, &[(35, 39), (35, 39), (44, 51)]),
        ];
        let layer = text.layer_spans(&entities);
        assert_eq!(layer.inside_tokens, 1);
        let shown: Vec<String> = layer.spans.iter().map(|&s| text.slice(s)).collect();
        assert_eq!(shown, ["Mahkamah Konstitusi", "(MK)", "Budi", "Irianto"]);

        let mut scores = Scores::default();
        scores.add(&gold, &layer.spans);
        let micro = scores.micro();
        assert_eq!((micro.correct, micro.predicted, micro.gold), (1, 4, 2));
        assert_eq!(scores.per_label[&ORG].correct, 0);
        assert_eq!(scores.per_label[&PER].correct, 1);

        let tagger = [text.chunk((0, 3, ORG))];
        let listed: Vec<(String, bool, bool, bool)> = disagreements(&gold, &tagger, &layer.spans)
            .into_iter()
            .map(|d| (text.slice(d.span), d.gold, d.tagger, d.layer))
            .collect();
        let expected = [
            ("Mahkamah Konstitusi", false, false, true),
            ("Mahkamah Konstitusi (MK)", true, true, false),
            ("(MK)", false, false, true),
            ("Budi", true, false, true),
            ("Irianto", false, false, true),
        ];
        let expected: Vec<(String, bool, bool, bool)> = expected
            .iter()
            .map(|&(s, g, t, l)| (s.to_owned(), g, t, l))
            .collect();
        assert_eq!(listed, expected);
    }
}
