//! The tag set: BIO over three entity types, as small integers so that a model row is one array.

use warta_core::EntityLabel;

/// The entity types the tagger predicts, in the order their tags are numbered.
pub const LABELS: [EntityLabel; 3] = [
    EntityLabel::Person,
    EntityLabel::Organisation,
    EntityLabel::Location,
];

/// `O`, then `B-` and `I-` for each of [`LABELS`].
pub const N_TAGS: usize = 1 + 2 * LABELS.len();

/// A BIO tag: 0 is `O`, `1 + 2k` is `B-LABELS[k]`, `2 + 2k` is `I-LABELS[k]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Tag(pub u8);

impl Tag {
    pub const OUTSIDE: Tag = Tag(0);

    pub fn begin(label: EntityLabel) -> Tag {
        Tag(1 + 2 * label_index(label) as u8)
    }

    pub fn inside(label: EntityLabel) -> Tag {
        Tag(2 + 2 * label_index(label) as u8)
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }

    pub fn label(self) -> Option<EntityLabel> {
        (self.0 != 0).then(|| LABELS[(self.0 as usize - 1) / 2])
    }

    pub fn is_begin(self) -> bool {
        self.0 != 0 && self.0 % 2 == 1
    }

    pub fn is_inside(self) -> bool {
        self.0 != 0 && self.0.is_multiple_of(2)
    }

    /// Whether `self` may follow `prev` in well-formed BIO: `I-X` only continues `B-X` or `I-X`.
    pub fn may_follow(self, prev: Tag) -> bool {
        !self.is_inside() || prev.label() == self.label()
    }

    /// The tag as CoNLL writes it ("O", "B-PER").
    pub fn as_str(self) -> &'static str {
        const NAMES: [&str; N_TAGS] = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"];
        NAMES[self.index()]
    }

    /// The tag [`Tag::as_str`] writes as `name`, if any.
    pub fn from_name(name: &str) -> Option<Tag> {
        (0..N_TAGS as u8).map(Tag).find(|t| t.as_str() == name)
    }
}

fn label_index(label: EntityLabel) -> usize {
    LABELS.iter().position(|&l| l == label).unwrap_or(0)
}

/// The short name of a label ("PER").
pub fn label_name(label: EntityLabel) -> &'static str {
    match label {
        EntityLabel::Person => "PER",
        EntityLabel::Organisation => "ORG",
        EntityLabel::Location => "LOC",
        EntityLabel::Event => "EVT",
    }
}

/// What a training corpus's entity type becomes here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorpusLabel {
    Keep(EntityLabel),
    /// Types we deliberately drop (NERP's events and food): read as `O`.
    Drop,
}

/// Maps a corpus's entity type to ours (the mapping in `../shared/data/ner/README`); `None` for types
/// nobody told us about.
pub fn map_corpus_label(name: &str) -> Option<CorpusLabel> {
    use CorpusLabel::{Drop, Keep};
    match name {
        "PER" | "PERSON" | "PPL" => Some(Keep(EntityLabel::Person)),
        "ORG" | "ORGANISATION" | "ORGANIZATION" | "IND" => Some(Keep(EntityLabel::Organisation)),
        "LOC" | "PLACE" | "PLC" | "GPE" => Some(Keep(EntityLabel::Location)),
        "EVT" | "FNB" | "MISC" => Some(Drop),
        _ => None,
    }
}

/// Token ranges `[start, end)` and labels of the entities in a tag sequence, read as conlleval reads
/// them: a chunk starts at `B-X`, or at `I-X` whose predecessor is not of type X.
pub fn chunks(tags: &[Tag]) -> Vec<(usize, usize, EntityLabel)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityLabel)> = None;
    for (i, &tag) in tags.iter().enumerate() {
        let continues = tag.is_inside() && open.is_some_and(|(_, l)| Some(l) == tag.label());
        if continues {
            continue;
        }
        if let Some((start, label)) = open.take() {
            out.push((start, i, label));
        }
        if let Some(label) = tag.label() {
            open = Some((i, label));
        }
    }
    if let Some((start, label)) = open {
        out.push((start, tags.len(), label));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_numbering_round_trips() {
        for label in LABELS {
            assert_eq!(Tag::begin(label).label(), Some(label));
            assert!(Tag::begin(label).is_begin());
            assert!(Tag::inside(label).is_inside());
        }
        assert_eq!(Tag::inside(EntityLabel::Location).as_str(), "I-LOC");
        assert_eq!(
            Tag::from_name("B-ORG"),
            Some(Tag::begin(EntityLabel::Organisation))
        );
        assert_eq!(Tag::from_name("S-ORG"), None);
    }

    #[test]
    fn chunks_follow_conlleval() {
        let per = EntityLabel::Person;
        let loc = EntityLabel::Location;
        // B-PER I-PER O I-LOC I-LOC B-LOC: the stray I-LOC opens a chunk, B-LOC opens another.
        let tags = [
            Tag::begin(per),
            Tag::inside(per),
            Tag::OUTSIDE,
            Tag::inside(loc),
            Tag::inside(loc),
            Tag::begin(loc),
        ];
        assert_eq!(chunks(&tags), vec![(0, 2, per), (3, 5, loc), (5, 6, loc)]);
    }
}
