//! CoNLL files: one `token<TAB>tag` a line, a blank line between sentences.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::NerError;
use crate::hash::{hash_lower, mix};
use crate::tags::{CorpusLabel, Tag, map_corpus_label};

/// One annotated sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    pub tokens: Vec<String>,
    pub tags: Vec<Tag>,
}

impl Sentence {
    /// Identifies the sentence by its words, ignoring case, so that a model can record which
    /// sentences it learnt from and an evaluation can tell when it is scoring them again.
    pub fn fingerprint(&self) -> u64 {
        self.tokens
            .iter()
            .fold(0x5e47_e4ce_u64, |h, token| mix(h, hash_lower(token)))
    }
}

pub fn read_conll(path: &Path) -> Result<Vec<Sentence>, NerError> {
    parse_conll(&read_conll_text(path)?, path)
}

/// The text of a CoNLL file, checked to be UTF-8, for [`parse_conll`] and [`entity_types`].
pub fn read_conll_text(path: &Path) -> Result<String, NerError> {
    let bytes = std::fs::read(path).map_err(|source| NerError::Io {
        path: path.to_owned(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        NerError::Conll {
            path: path.to_owned(),
            line,
            message: "not valid UTF-8".into(),
        }
    })
}

/// How many entities of each type the tags of `text` mark, by the type names the file uses
/// (`PPL`, `EVT`, …), dropped types included: an evaluation reports what it cannot score rather
/// than hide it. Entities are counted as [`parse_conll`] reads them (an `I-` that opens one counts);
/// lines it would refuse are skipped here.
pub fn entity_types(text: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    let mut previous: Option<&str> = None;
    for line in text.lines().map(|l| l.trim_end_matches('\r')) {
        let tag = split_line(line).map(|(_, tag)| tag);
        let name = tag.and_then(|t| t.split_once('-')).map(|(_, name)| name);
        if let (Some(tag), Some(name)) = (tag, name)
            && (tag.starts_with("B-") || previous != Some(name))
        {
            *counts.entry(name.to_owned()).or_default() += 1;
        }
        previous = name;
    }
    counts
}

/// Parses CoNLL text; `path` only names the source in errors.
///
/// A line is a token and a tag separated by a tab (or, failing that, by the last run of spaces). Tags
/// are `O`, `B-TYPE` or `I-TYPE` with a type that [`map_corpus_label`] knows. An `I-` that opens an
/// entity is read as `B-`, as conlleval does.
pub fn parse_conll(text: &str, path: &Path) -> Result<Vec<Sentence>, NerError> {
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !current.tokens.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        let fail = |message: String| NerError::Conll {
            path: path.to_owned(),
            line: i + 1,
            message,
        };
        let (token, tag) = split_line(line)
            .ok_or_else(|| fail(format!("expected `token<TAB>tag`, found {line:?}")))?;
        let tag = parse_tag(tag).map_err(fail)?;
        let prev = current.tags.last().copied().unwrap_or(Tag::OUTSIDE);
        let tag = match tag.label() {
            Some(label) if !tag.may_follow(prev) => Tag::begin(label),
            _ => tag,
        };
        current.tokens.push(token.to_owned());
        current.tags.push(tag);
    }
    if !current.tokens.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

fn split_line(line: &str) -> Option<(&str, &str)> {
    let (token, tag) = match line.split_once('\t') {
        Some((token, rest)) => (token, rest.rsplit('\t').next().unwrap_or(rest)),
        None => line.trim().rsplit_once(char::is_whitespace)?,
    };
    let (token, tag) = (token.trim(), tag.trim());
    (!token.is_empty() && !tag.is_empty()).then_some((token, tag))
}

fn parse_tag(tag: &str) -> Result<Tag, String> {
    if tag == "O" {
        return Ok(Tag::OUTSIDE);
    }
    let (prefix, name) = tag
        .split_once('-')
        .ok_or_else(|| format!("tag {tag:?} is neither O nor B-TYPE / I-TYPE"))?;
    let label = map_corpus_label(name).ok_or_else(|| format!("unknown entity type {name:?}"))?;
    match (prefix, label) {
        ("B" | "I", CorpusLabel::Drop) => Ok(Tag::OUTSIDE),
        ("B", CorpusLabel::Keep(label)) => Ok(Tag::begin(label)),
        ("I", CorpusLabel::Keep(label)) => Ok(Tag::inside(label)),
        _ => Err(format!("tag {tag:?} is neither O nor B-TYPE / I-TYPE")),
    }
}

/// The sentence with every token lower-cased or upper-cased, for robustness runs and augmentation.
pub fn recase(sentence: &Sentence, case: Case) -> Sentence {
    let tokens = sentence
        .tokens
        .iter()
        .map(|t| match case {
            Case::AsIs => t.clone(),
            Case::Lower => t.to_lowercase(),
            Case::Upper => t.to_uppercase(),
        })
        .collect();
    Sentence {
        tokens,
        tags: sentence.tags.clone(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    AsIs,
    Lower,
    Upper,
}

#[cfg(test)]
mod tests {
    use super::*;
    use warta_core::EntityLabel;

    #[test]
    fn reads_sentences_and_maps_labels() {
        let text = "Presiden\tO\nJoko\tB-PERSON\nWidodo\tI-PERSON\n\nke\tO\nbandung\tB-PLC\n";
        let s = parse_conll(text, Path::new("x.tsv")).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].tags[1], Tag::begin(EntityLabel::Person));
        assert_eq!(s[0].tags[2], Tag::inside(EntityLabel::Person));
        assert_eq!(s[1].tags[1], Tag::begin(EntityLabel::Location));
    }

    #[test]
    fn dropped_types_become_outside_and_stray_inside_opens() {
        let text = "piala\tB-EVT\ndunia\tI-EVT\nJakarta\tI-LOC\n";
        let s = parse_conll(text, Path::new("x.tsv")).unwrap();
        assert_eq!(
            s[0].tags,
            vec![
                Tag::OUTSIDE,
                Tag::OUTSIDE,
                Tag::begin(EntityLabel::Location)
            ]
        );
    }

    #[test]
    fn entity_types_count_every_type_the_file_names() {
        // A dropped type (EVT) is counted; a stray I- opens an entity, a B- after one opens another.
        let text = "Piala\tB-EVT\nDunia\tI-EVT\ndi\tO\nRusia\tI-PLC\n\nAni\tB-PPL\nBudi\tB-PPL\n";
        let counts = entity_types(text);
        let counts: Vec<(&str, usize)> = counts.iter().map(|(k, &v)| (k.as_str(), v)).collect();
        assert_eq!(counts, [("EVT", 1), ("PLC", 1), ("PPL", 2)]);
    }

    #[test]
    fn malformed_line_names_file_and_line() {
        let text = "Joko\tB-PER\n\nWidodo\n";
        let err = parse_conll(text, Path::new("gold.tsv")).unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("gold.tsv:3:"), "{message}");
    }

    #[test]
    fn unknown_type_is_an_error() {
        let err = parse_conll("Joko\tB-HERO\n", Path::new("g.tsv")).unwrap_err();
        assert!(
            err.to_string()
                .contains("g.tsv:1: unknown entity type \"HERO\"")
        );
    }
}
