//! Precision, recall and F1: the arithmetic every evaluation in warta shares (sentences, entities,
//! quotes), so that all of them agree on the edge cases (nothing predicted, nothing to find).

/// Counts from which precision, recall and F1 follow; add the counts of several documents with `+=`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SpanScore {
    pub gold: usize,
    pub predicted: usize,
    /// Predicted items that match a gold item.
    pub correct: usize,
}

impl SpanScore {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }

    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
}

impl std::ops::AddAssign for SpanScore {
    fn add_assign(&mut self, other: SpanScore) {
        self.gold += other.gold;
        self.predicted += other.predicted;
        self.correct += other.correct;
    }
}

/// `part / whole`, and 0 when there is no whole (nothing predicted, or nothing to find).
pub fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The harmonic mean of precision and recall, 0 when both are 0.
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_follow_from_counts() {
        let mut s = SpanScore {
            gold: 4,
            predicted: 2,
            correct: 2,
        };
        assert_eq!((s.precision(), s.recall()), (1.0, 0.5));
        assert!((s.f1() - 2.0 / 3.0).abs() < 1e-12);
        s += SpanScore {
            gold: 0,
            predicted: 2,
            correct: 0,
        };
        assert_eq!(s.precision(), 0.5);
        assert_eq!(SpanScore::default().f1(), 0.0);
    }
}
