//! Exact-span precision, recall and F1, per label and micro-averaged, as conlleval computes them.

use std::collections::BTreeMap;
use warta_core::score::ratio;

use warta_core::EntityLabel;

use crate::tags::{Tag, chunks};

/// Per-label counts: `correct` are predicted chunks that match a gold chunk exactly (bounds and label).
pub use warta_core::score::SpanScore as Counts;

/// Scores accumulated over sentences.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub per_label: BTreeMap<EntityLabel, Counts>,
    pub tokens: usize,
    pub tokens_correct: usize,
}

impl Evaluation {
    pub fn add(&mut self, gold: &[Tag], predicted: &[Tag]) {
        debug_assert_eq!(gold.len(), predicted.len());
        self.tokens += gold.len();
        self.tokens_correct += gold.iter().zip(predicted).filter(|(g, p)| g == p).count();
        let gold_chunks = chunks(gold);
        let predicted_chunks = chunks(predicted);
        for &(_, _, label) in &gold_chunks {
            self.per_label.entry(label).or_default().gold += 1;
        }
        for chunk in &predicted_chunks {
            let counts = self.per_label.entry(chunk.2).or_default();
            counts.predicted += 1;
            if gold_chunks.contains(chunk) {
                counts.correct += 1;
            }
        }
    }

    pub fn micro(&self) -> Counts {
        self.per_label
            .values()
            .fold(Counts::default(), |a, c| Counts {
                correct: a.correct + c.correct,
                predicted: a.predicted + c.predicted,
                gold: a.gold + c.gold,
            })
    }

    pub fn token_accuracy(&self) -> f64 {
        ratio(self.tokens_correct, self.tokens)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_spans_only() {
        let per = EntityLabel::Person;
        let loc = EntityLabel::Location;
        let gold = [
            Tag::begin(per),
            Tag::inside(per),
            Tag::OUTSIDE,
            Tag::begin(loc),
        ];
        // The person is cut short (wrong), the place is right.
        let pred = [Tag::begin(per), Tag::OUTSIDE, Tag::OUTSIDE, Tag::begin(loc)];
        let mut eval = Evaluation::default();
        eval.add(&gold, &pred);
        let micro = eval.micro();
        assert_eq!((micro.correct, micro.predicted, micro.gold), (1, 2, 2));
        assert_eq!(eval.per_label[&per].correct, 0);
        assert!((micro.f1() - 0.5).abs() < 1e-12);
        assert!((eval.token_accuracy() - 0.75).abs() < 1e-12);
    }
}
