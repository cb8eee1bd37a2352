//! CoNLL files: one `token<TAB>tag` a line, a blank line between sentences.

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
    let bytes = std::fs::read(path).map_err(|source| NerError::Io {
        path: path.to_owned(),
        source,
    })?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        NerError::Conll {
            path: path.to_owned(),
            line,
            message: "not valid UTF-8".into(),
        }
    })?;
    parse_conll(text, path)
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
