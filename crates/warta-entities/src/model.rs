//! The weight table of the tagger and its file format.
//!
//! File layout (little-endian): the magic `WARTANER`, then as u32 the format version, feature-set
//! version, number of tags, table bits, whether features carry per-corpus copies, and the decoder
//! (0 greedy with history features, 1 Viterbi with tag transitions); then `2^bits × tags` weights as
//! i16; for Viterbi, `tags × tags` transition weights as i16; from format 4, the number of training
//! sentences (u32) and their fingerprints (u64, ascending); then a checksum (u64) of everything
//! before it. Quantising to i16 halves the file and costs no measurable accuracy; the checksum turns
//! a truncated or damaged file into a clear error. The fingerprints let `warta eval ner` say when a
//! gold file was part of the training data, so that no one mistakes such a score for a measurement.

use crate::error::NerError;
use crate::features::FEATURE_SET;
use crate::hash::checksum;
use crate::tags::N_TAGS;

const MAGIC: &[u8; 8] = b"WARTANER";
const FORMAT: u32 = 4;
/// The last format without training-sentence fingerprints, still read.
const FORMAT_WITHOUT_FINGERPRINTS: u32 = 3;
const HEADER: usize = 8 + 5 * 4 + 4;

/// One row of weights, one per tag, padded to 8 lanes (16 bytes) so that rows never straddle a
/// cache line and the sums vectorise.
pub type Row = [i16; 8];

/// Hashed feature weights, quantised: feature hash → row of per-tag scores.
///
/// Scores are summed as integers; the common scale factor does not change which tag wins. A few dozen
/// features of at most `i16::MAX` each cannot overflow an `i32` (checked at compile time in `tagger`).
#[derive(Clone, PartialEq)]
pub struct Model {
    bits: u32,
    /// Whether features carry per-corpus copies (see [`crate::features::N_STATIC`]).
    domain_adapted: bool,
    rows: Vec<Row>,
    /// `transitions[prev][next]`, for models decoded with Viterbi (the CRF); `None` for the greedy
    /// perceptron, which scores history features instead.
    transitions: Option<[Row; 8]>,
    /// `Sentence::fingerprint` (feature `train`) of every sentence trained on, ascending.
    trained_on: Vec<u64>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("bits", &self.bits)
            .field("domain_adapted", &self.domain_adapted)
            .finish_non_exhaustive()
    }
}

/// Sums the rows of feature hashes into per-tag scores: the quantised [`Model`], or the `f32`
/// weights during training.
pub trait Scorer {
    type Score: Copy + PartialOrd + Default + std::ops::AddAssign;
    fn accumulate(&self, hashes: &[u64], scores: &mut [Self::Score; 8]);
}

impl Scorer for Model {
    type Score = i32;

    #[inline]
    fn accumulate(&self, hashes: &[u64], scores: &mut [i32; 8]) {
        let mask = (1u64 << self.bits) - 1;
        for &h in hashes {
            let row = &self.rows[(h & mask) as usize];
            for (s, &w) in scores.iter_mut().zip(row) {
                *s += i32::from(w);
            }
        }
    }
}

impl Model {
    /// Quantises trained `f32` rows (8 lanes, the first [`N_TAGS`] used).
    pub fn quantise(bits: u32, domain_adapted: bool, weights: &[[f32; 8]]) -> Model {
        Model::quantise_with_transitions(bits, domain_adapted, weights, None)
    }

    /// As [`Model::quantise`], with tag-transition weights `[prev][next]` for Viterbi decoding.
    pub fn quantise_with_transitions(
        bits: u32,
        domain_adapted: bool,
        weights: &[[f32; 8]],
        transitions: Option<&[[f32; 8]; 8]>,
    ) -> Model {
        debug_assert_eq!(weights.len(), 1 << bits);
        let max = weights
            .iter()
            .chain(transitions.into_iter().flatten())
            .flat_map(|r| &r[..N_TAGS])
            .fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 {
            i16::MAX as f32 / max
        } else {
            1.0
        };
        let quantise_row = |w: &[f32; 8]| {
            let mut row = [0i16; 8];
            for (q, &w) in row.iter_mut().zip(&w[..N_TAGS]) {
                *q = (w * scale).round() as i16;
            }
            row
        };
        Model {
            bits,
            domain_adapted,
            rows: weights.iter().map(quantise_row).collect(),
            transitions: transitions.map(|t| t.map(|row| quantise_row(&row))),
            trained_on: Vec::new(),
        }
    }

    /// Records the sentences the model was trained on (their fingerprints).
    pub fn set_trained_on(&mut self, fingerprints: impl IntoIterator<Item = u64>) {
        let mut all: Vec<u64> = fingerprints.into_iter().collect();
        all.sort_unstable();
        all.dedup();
        self.trained_on = all;
    }

    /// Whether a sentence with this fingerprint was among those the model was trained on (always
    /// false for a model that recorded none).
    pub fn was_trained_on(&self, fingerprint: u64) -> bool {
        self.trained_on.binary_search(&fingerprint).is_ok()
    }

    /// How many training sentences the model recorded.
    pub fn training_sentences(&self) -> usize {
        self.trained_on.len()
    }

    /// Transition weights `[prev][next]` when the model is decoded with Viterbi.
    pub fn transitions(&self) -> Option<&[Row; 8]> {
        self.transitions.as_ref()
    }

    pub fn bits(&self) -> u32 {
        self.bits
    }

    pub fn domain_adapted(&self) -> bool {
        self.domain_adapted
    }

    /// Memory held by the weight table.
    pub fn heap_bytes(&self) -> usize {
        self.rows.len() * std::mem::size_of::<Row>()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            HEADER + self.rows.len() * N_TAGS * 2 + 4 + 8 * self.trained_on.len() + 8,
        );
        out.extend_from_slice(MAGIC);
        let adapted = u32::from(self.domain_adapted);
        let viterbi = u32::from(self.transitions.is_some());
        for v in [
            FORMAT,
            FEATURE_SET,
            N_TAGS as u32,
            self.bits,
            adapted,
            viterbi,
        ] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        let transitions = self.transitions.iter().flat_map(|t| &t[..N_TAGS]);
        for row in self.rows.iter().chain(transitions) {
            for &w in &row[..N_TAGS] {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        out.extend_from_slice(&(self.trained_on.len() as u32).to_le_bytes());
        for fingerprint in &self.trained_on {
            out.extend_from_slice(&fingerprint.to_le_bytes());
        }
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// Reads a model; `origin` names it in errors (a path, or "bundled").
    pub fn from_bytes(bytes: &[u8], origin: &str) -> Result<Model, NerError> {
        let fail = |message: String| NerError::model(origin, message);
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(fail("not a warta NER model (wrong magic bytes)".into()));
        }
        if bytes.len() < HEADER + 8 {
            return Err(fail(format!(
                "truncated: {} bytes, the header alone is {HEADER}",
                bytes.len()
            )));
        }
        let u32_at = |i: usize| {
            let at = MAGIC.len() + 4 * i;
            u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let (format, features, tags, bits, adapted, viterbi) = (
            u32_at(0),
            u32_at(1),
            u32_at(2),
            u32_at(3),
            u32_at(4),
            u32_at(5),
        );
        if format != FORMAT && format != FORMAT_WITHOUT_FINGERPRINTS {
            return Err(fail(format!(
                "file format {format}, this warta reads {FORMAT_WITHOUT_FINGERPRINTS} and {FORMAT}"
            )));
        }
        if features != FEATURE_SET {
            return Err(fail(format!(
                "trained with feature set {features}, this warta computes {FEATURE_SET}: retrain it"
            )));
        }
        if tags as usize != N_TAGS {
            return Err(fail(format!("{tags} tags, this warta predicts {N_TAGS}")));
        }
        if !(8..=26).contains(&bits) || adapted > 1 || viterbi > 1 {
            return Err(fail(format!(
                "implausible header (2^{bits} rows, adapted {adapted}, decoder {viterbi})"
            )));
        }
        let n_rows = (1usize << bits) + viterbi as usize * N_TAGS;
        let weights_end = HEADER + n_rows * N_TAGS * 2;
        let n_fingerprints = match format {
            FORMAT_WITHOUT_FINGERPRINTS => None,
            _ => bytes
                .get(weights_end..weights_end + 4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize),
        };
        let fingerprints_end = match n_fingerprints {
            None => weights_end,
            Some(n) => weights_end
                .saturating_add(4)
                .saturating_add(n.saturating_mul(8)),
        };
        let expected = fingerprints_end.saturating_add(8);
        if format == FORMAT && n_fingerprints.is_none() || bytes.len() != expected {
            return Err(fail(format!(
                "truncated or padded: {} bytes where the header promises {expected}",
                bytes.len()
            )));
        }
        let (payload, sum) = bytes.split_at(expected - 8);
        let mut stored = [0u8; 8];
        stored.copy_from_slice(sum);
        if checksum(payload) != u64::from_le_bytes(stored) {
            return Err(fail("checksum mismatch: the file is damaged".into()));
        }
        let fingerprints = match n_fingerprints {
            None => &[][..],
            Some(_) => &payload[weights_end + 4..],
        };
        let trained_on: Vec<u64> = fingerprints
            .chunks_exact(8)
            .map(|b| u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
            .collect();
        if !trained_on.is_sorted() {
            return Err(fail("training-sentence fingerprints out of order".into()));
        }
        let mut rows: Vec<Row> = payload[HEADER..weights_end]
            .chunks_exact(N_TAGS * 2)
            .map(|chunk| {
                let mut row = [0i16; 8];
                for (w, q) in row.iter_mut().zip(chunk.chunks_exact(2)) {
                    *w = i16::from_le_bytes([q[0], q[1]]);
                }
                row
            })
            .collect();
        let transitions = (viterbi == 1).then(|| {
            let mut t = [[0i16; 8]; 8];
            for (to, from) in t.iter_mut().zip(rows.drain(1usize << bits..)) {
                *to = from;
            }
            t
        });
        Ok(Model {
            bits,
            domain_adapted: adapted == 1,
            rows,
            transitions,
            trained_on,
        })
    }

    pub fn load(path: &std::path::Path) -> Result<Model, NerError> {
        let bytes = std::fs::read(path).map_err(|source| NerError::Io {
            path: path.to_owned(),
            source,
        })?;
        Model::from_bytes(&bytes, &path.display().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Model {
        let mut weights = vec![[0f32; 8]; 256];
        weights[3][1] = 2.5;
        weights[200][6] = -1.25;
        Model::quantise(8, false, &weights)
    }

    #[test]
    fn quantises_to_the_largest_weight_and_round_trips() {
        let m = small();
        assert_eq!(m.rows[3][1], i16::MAX);
        assert_eq!(m.rows[200][6], -(i16::MAX / 2) - 1);
        let back = Model::from_bytes(&m.to_bytes(), "test").unwrap();
        assert_eq!(back, m);
    }

    #[test]
    fn transitions_round_trip() {
        let mut weights = vec![[0f32; 8]; 256];
        weights[9][0] = 1.0;
        let mut transitions = [[0f32; 8]; 8];
        transitions[0][2] = -4.0;
        transitions[1][2] = 2.0;
        let m = Model::quantise_with_transitions(8, false, &weights, Some(&transitions));
        assert_eq!(m.transitions().unwrap()[0][2], -i16::MAX);
        let back = Model::from_bytes(&m.to_bytes(), "test").unwrap();
        assert_eq!(back, m);
        assert_eq!(back.rows[9][0], i16::MAX / 4 + 1);
    }

    #[test]
    fn training_fingerprints_round_trip() {
        let mut m = small();
        m.set_trained_on([42, 7, 42, u64::MAX]);
        assert_eq!(m.training_sentences(), 3);
        assert!(m.was_trained_on(7) && m.was_trained_on(u64::MAX));
        assert!(!m.was_trained_on(8));
        let back = Model::from_bytes(&m.to_bytes(), "test").unwrap();
        assert_eq!(back, m);
        assert!(back.was_trained_on(42));
    }

    #[test]
    fn a_wrong_fingerprint_count_or_order_is_an_error() {
        let mut m = small();
        m.set_trained_on([1, 2]);
        let bytes = m.to_bytes();
        let count_at = bytes.len() - 8 - 2 * 8 - 4;
        let resealed = |edit: &dyn Fn(&mut Vec<u8>)| {
            let mut b = bytes[..bytes.len() - 8].to_vec();
            edit(&mut b);
            let sum = checksum(&b);
            b.extend_from_slice(&sum.to_le_bytes());
            Model::from_bytes(&b, "m.bin").unwrap_err().to_string()
        };
        let err = resealed(&|b| b[count_at..count_at + 4].copy_from_slice(&3u32.to_le_bytes()));
        assert!(err.contains("truncated or padded"), "{err}");
        let err = resealed(&|b| {
            let first = count_at + 4;
            b[first..first + 8].copy_from_slice(&9u64.to_le_bytes());
        });
        assert!(err.contains("out of order"), "{err}");
    }

    #[test]
    fn format_3_files_without_fingerprints_still_read() {
        let m = small();
        let mut bytes = m.to_bytes();
        bytes.truncate(bytes.len() - 8 - 4);
        bytes[8..12].copy_from_slice(&3u32.to_le_bytes());
        let sum = checksum(&bytes);
        bytes.extend_from_slice(&sum.to_le_bytes());
        let back = Model::from_bytes(&bytes, "old.bin").unwrap();
        assert_eq!(back, m);
        assert_eq!(back.training_sentences(), 0);
    }

    #[test]
    fn truncated_file_is_an_error() {
        let bytes = small().to_bytes();
        for cut in [0, 7, 20, bytes.len() / 2, bytes.len() - 1] {
            let err = Model::from_bytes(&bytes[..cut], "m.bin")
                .unwrap_err()
                .to_string();
            assert!(err.starts_with("model m.bin:"), "{err}");
        }
    }

    #[test]
    fn foreign_and_damaged_files_are_errors() {
        let err = Model::from_bytes(b"\x89PNG\r\n\x1a\nwhatever else", "x.png").unwrap_err();
        assert!(err.to_string().contains("not a warta NER model"));
        let mut bytes = small().to_bytes();
        bytes[HEADER + 7] ^= 0x40;
        let err = Model::from_bytes(&bytes, "m.bin").unwrap_err();
        assert!(err.to_string().contains("checksum"));
    }
}
