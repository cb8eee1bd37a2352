/// Converts byte offsets of one text into Unicode code-point offsets.
///
/// Built once per document at serialisation. Pure-ASCII texts need no table at all; otherwise the
/// table stores, for every 64th character, its byte offset, and a lookup scans at most 63 characters
/// from there, so memory stays at a small fraction of the text and lookups stay O(1).
#[derive(Debug)]
pub struct CharIndex<'a> {
    text: &'a str,
    /// Byte offset of character number `i * STRIDE`. Empty for ASCII text.
    checkpoints: Vec<usize>,
}

const STRIDE: usize = 64;

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let checkpoints = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .step_by(STRIDE)
                .map(|(byte, _)| byte)
                .collect()
        };
        CharIndex { text, checkpoints }
    }

    /// The code-point offset of `byte`, which must lie on a character boundary (or at the end).
    pub fn char_offset(&self, byte: usize) -> usize {
        debug_assert!(self.text.is_char_boundary(byte));
        if self.checkpoints.is_empty() {
            return byte;
        }
        // The last checkpoint at or before `byte`.
        let slot = self.checkpoints.partition_point(|&b| b <= byte) - 1;
        let from = self.checkpoints[slot];
        slot * STRIDE + self.text[from..byte].chars().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_offsets_are_bytes() {
        let idx = CharIndex::new("hello world");
        assert_eq!(idx.char_offset(6), 6);
    }

    #[test]
    fn multibyte_offsets_count_characters() {
        let text = "“Ya,” kata Yang. ".repeat(40);
        let idx = CharIndex::new(&text);
        for (chars, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.char_offset(byte), chars);
        }
        assert_eq!(idx.char_offset(text.len()), text.chars().count());
    }
}
