//! The weight table of the tagger and its file format.
//!
//! File layout (little-endian): the magic `WARTANER`, format version (u32), feature-set version (u32),
//! number of tags (u32), table bits (u32), quantisation scale (f32), then `2^bits × tags` weights as
//! i16, then an FNV-1a checksum (u64) of everything before it. Quantising to i16 halves the file and
//! costs no measurable accuracy; the checksum turns a truncated or damaged file into a clear error.

use crate::error::NerError;
use crate::features::FEATURE_SET;
use crate::hash::checksum;
use crate::tags::N_TAGS;

const MAGIC: &[u8; 8] = b"WARTANER";
const FORMAT: u32 = 1;
const HEADER: usize = 8 + 4 * 4 + 4;

/// One row of weights, one per tag, padded to 8 lanes so that a row is 32 aligned bytes.
pub type Row = [f32; 8];

/// Hashed feature weights: feature hash → row of per-tag scores.
#[derive(Clone, PartialEq)]
pub struct Model {
    bits: u32,
    rows: Vec<Row>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model").field("bits", &self.bits).finish_non_exhaustive()
    }
}

impl Model {
    pub fn zeros(bits: u32) -> Model {
        Model {
            bits,
            rows: vec![[0.0; 8]; 1 << bits],
        }
    }

    pub fn bits(&self) -> u32 {
        self.bits
    }

    #[inline]
    pub fn slot(&self, hash: u64) -> usize {
        (hash & ((1u64 << self.bits) - 1)) as usize
    }

    #[inline]
    pub fn row(&self, hash: u64) -> &Row {
        &self.rows[self.slot(hash)]
    }

    pub(crate) fn rows_mut(&mut self) -> &mut [Row] {
        &mut self.rows
    }

    /// Adds the rows of `hashes` into `scores`.
    #[inline]
    pub fn accumulate(&self, hashes: &[u64], scores: &mut Row) {
        for &h in hashes {
            let row = self.row(h);
            for (s, w) in scores.iter_mut().zip(row) {
                *s += w;
            }
        }
    }

    /// Memory held by the weight table.
    pub fn heap_bytes(&self) -> usize {
        self.rows.len() * std::mem::size_of::<Row>()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let max = self
            .rows
            .iter()
            .flat_map(|r| &r[..N_TAGS])
            .fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / i16::MAX as f32 } else { 1.0 };
        let mut out = Vec::with_capacity(HEADER + self.rows.len() * N_TAGS * 2 + 8);
        out.extend_from_slice(MAGIC);
        for v in [FORMAT, FEATURE_SET, N_TAGS as u32, self.bits] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&scale.to_le_bytes());
        for row in &self.rows {
            for &w in &row[..N_TAGS] {
                out.extend_from_slice(&((w / scale).round() as i16).to_le_bytes());
            }
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
            return Err(fail(format!("truncated: {} bytes, header alone is {HEADER}", bytes.len())));
        }
        let u32_at = |i: usize| u32::from_le_bytes(bytes[8 + 4 * i..12 + 4 * i].try_into().unwrap_or([0; 4]));
        let (format, features, tags, bits) = (u32_at(0), u32_at(1), u32_at(2), u32_at(3));
        if format != FORMAT {
            return Err(fail(format!("file format {format}, this warta reads {FORMAT}")));
        }
        if features != FEATURE_SET {
            return Err(fail(format!(
                "trained with feature set {features}, this warta computes {FEATURE_SET}: retrain it"
            )));
        }
        if tags as usize != N_TAGS {
            return Err(fail(format!("{tags} tags, this warta predicts {N_TAGS}")));
        }
        if !(8..=26).contains(&bits) {
            return Err(fail(format!("implausible table size 2^{bits}")));
        }
        let expected = HEADER + (1usize << bits) * N_TAGS * 2 + 8;
        if bytes.len() != expected {
            return Err(fail(format!(
                "truncated or padded: {} bytes where the header promises {expected}",
                bytes.len()
            )));
        }
        let (payload, sum) = bytes.split_at(expected - 8);
        if checksum(payload) != u64::from_le_bytes(sum.try_into().unwrap_or([0; 8])) {
            return Err(fail("checksum mismatch: the file is damaged".into()));
        }
        let scale = f32::from_le_bytes(bytes[HEADER - 4..HEADER].try_into().unwrap_or([0; 4]));
        let mut rows = vec![[0f32; 8]; 1 << bits];
        for (row, chunk) in rows.iter_mut().zip(payload[HEADER..].chunks_exact(N_TAGS * 2)) {
            for (w, q) in row.iter_mut().zip(chunk.chunks_exact(2)) {
                *w = i16::from_le_bytes([q[0], q[1]]) as f32 * scale;
            }
        }
        Ok(Model { bits, rows })
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
        let mut m = Model::zeros(8);
        m.rows_mut()[3][1] = 2.5;
        m.rows_mut()[200][6] = -1.25;
        m
    }

    #[test]
    fn round_trips_within_quantisation() {
        let m = small();
        let back = Model::from_bytes(&m.to_bytes(), "test").unwrap();
        assert!((back.rows[3][1] - 2.5).abs() < 1e-3);
        assert!((back.rows[200][6] + 1.25).abs() < 1e-3);
        assert_eq!(back.rows[5], [0.0; 8]);
    }

    #[test]
    fn truncated_file_is_an_error() {
        let bytes = small().to_bytes();
        for cut in [0, 7, 20, bytes.len() / 2, bytes.len() - 1] {
            let err = Model::from_bytes(&bytes[..cut], "m.bin").unwrap_err().to_string();
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
