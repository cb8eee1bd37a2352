//! Word clusters: words that occur in similar contexts share a bit-string path in a binary tree, so
//! that the tagger generalises from "Bandung" to "Surakarta" even when it never saw the second one
//! tagged. Prefixes of the path (4, 6, 10 bits) are features, as with Brown clusters.
//!
//! The tree comes from bisecting 2-means over context vectors: for each word, how often each of the
//! most frequent words stands one or two places to its left and right (log counts, unit length,
//! compared by cosine). Deterministic: the same text gives the same file.

use std::collections::HashMap;

/// Context positions looked at, relative to the word.
const OFFSETS: [isize; 4] = [-2, -1, 1, 2];
/// 2-means refinement rounds per split.
const ROUNDS: usize = 8;

#[derive(Debug, Clone, Copy)]
pub struct ClusterConfig {
    /// Words seen fewer times get no cluster.
    pub min_count: usize,
    /// How many of the most frequent words serve as context dimensions.
    pub contexts: usize,
    /// Depth of the tree: the longest path has this many bits.
    pub depth: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            min_count: 3,
            contexts: 400,
            depth: 12,
        }
    }
}

/// Clusters the lower-cased words of `sentences`; returns `(word, path)` sorted by word, the path a
/// string of `0` and `1`.
pub fn cluster_words(sentences: &[Vec<String>], config: &ClusterConfig) -> Vec<(String, String)> {
    let lower: Vec<Vec<String>> = sentences
        .iter()
        .map(|s| s.iter().map(|w| w.to_lowercase()).collect())
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for word in lower.iter().flatten() {
        *counts.entry(word).or_default() += 1;
    }
    // Most frequent first, ties by spelling, so that the order does not depend on hashing.
    let mut by_frequency: Vec<(&str, usize)> = counts.into_iter().collect();
    by_frequency.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let context_index: HashMap<&str, usize> = by_frequency
        .iter()
        .take(config.contexts)
        .enumerate()
        .map(|(i, &(w, _))| (w, i))
        .collect();
    let vocabulary: Vec<&str> = by_frequency
        .iter()
        .filter(|&&(_, n)| n >= config.min_count)
        .map(|&(w, _)| w)
        .collect();
    let word_index: HashMap<&str, usize> = vocabulary
        .iter()
        .enumerate()
        .map(|(i, &w)| (w, i))
        .collect();
    let dims = OFFSETS.len() * config.contexts;
    let mut raw: Vec<HashMap<usize, f32>> = vec![HashMap::new(); vocabulary.len()];
    for sentence in &lower {
        for (i, word) in sentence.iter().enumerate() {
            let Some(&w) = word_index.get(word.as_str()) else {
                continue;
            };
            for (k, &offset) in OFFSETS.iter().enumerate() {
                let j = i as isize + offset;
                let Some(context) = usize::try_from(j).ok().and_then(|j| sentence.get(j)) else {
                    continue;
                };
                if let Some(&c) = context_index.get(context.as_str()) {
                    *raw[w].entry(k * config.contexts + c).or_default() += 1.0;
                }
            }
        }
    }
    let vectors: Vec<Vec<(usize, f32)>> = raw
        .into_iter()
        .map(|counts| {
            let mut v: Vec<(usize, f32)> =
                counts.into_iter().map(|(d, n)| (d, n.ln_1p())).collect();
            v.sort_by_key(|&(d, _)| d);
            let norm = v.iter().map(|&(_, x)| x * x).sum::<f32>().sqrt().max(1e-6);
            v.iter_mut().for_each(|(_, x)| *x /= norm);
            v
        })
        .collect();
    let mut paths = vec![String::new(); vocabulary.len()];
    let all: Vec<usize> = (0..vocabulary.len()).collect();
    split(&vectors, dims, all, config.depth, &mut paths);
    let mut out: Vec<(String, String)> = vocabulary
        .iter()
        .zip(paths)
        .map(|(w, p)| ((*w).to_owned(), p))
        .collect();
    out.sort();
    out
}

/// Splits `members` in two, appends the side to their paths, and recurses `depth` levels.
fn split(
    vectors: &[Vec<(usize, f32)>],
    dims: usize,
    members: Vec<usize>,
    depth: usize,
    paths: &mut [String],
) {
    if depth == 0 || members.len() < 2 {
        return;
    }
    let dot = |v: &[(usize, f32)], c: &[f32]| v.iter().map(|&(d, x)| x * c[d]).sum::<f32>();
    let centroid = |of: &mut dyn Iterator<Item = usize>| {
        let mut c = vec![0f32; dims];
        for m in of {
            vectors[m].iter().for_each(|&(d, x)| c[d] += x);
        }
        let norm = c.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
        c.iter_mut().for_each(|x| *x /= norm);
        c
    };
    // First sides: the sign along the principal direction of the members (power iteration on
    // their covariance, started from the most frequent member); then 2-means refines them.
    let mut mean = vec![0f32; dims];
    for &m in &members {
        vectors[m].iter().for_each(|&(d, x)| mean[d] += x);
    }
    mean.iter_mut().for_each(|x| *x /= members.len() as f32);
    let mut direction = vec![0f32; dims];
    vectors[members[0]]
        .iter()
        .for_each(|&(d, x)| direction[d] = x);
    direction.iter_mut().zip(&mean).for_each(|(d, m)| *d -= m);
    let mut projections = vec![0f32; members.len()];
    for _ in 0..ROUNDS {
        let offset = mean.iter().zip(&direction).map(|(m, d)| m * d).sum::<f32>();
        for (p, &m) in projections.iter_mut().zip(&members) {
            *p = dot(&vectors[m], &direction) - offset;
        }
        let mut next = vec![0f32; dims];
        for (&p, &m) in projections.iter().zip(&members) {
            vectors[m].iter().for_each(|&(d, x)| next[d] += p * x);
        }
        let total: f32 = projections.iter().sum();
        next.iter_mut()
            .zip(&mean)
            .for_each(|(n, m)| *n -= total * m);
        let norm = next.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm < 1e-9 {
            break;
        }
        next.iter_mut().for_each(|x| *x /= norm);
        direction = next;
    }
    let mut side: Vec<bool> = projections.iter().map(|&p| p > 0.0).collect();
    let pick = |side: &[bool], want: bool| -> Vec<usize> {
        members
            .iter()
            .zip(side)
            .filter(|&(_, &s)| s == want)
            .map(|(&m, _)| m)
            .collect()
    };
    for _ in 0..ROUNDS {
        if side.iter().all(|&s| s) || side.iter().all(|&s| !s) {
            break;
        }
        let centre_a = centroid(&mut pick(&side, false).into_iter());
        let centre_b = centroid(&mut pick(&side, true).into_iter());
        for (s, &m) in side.iter_mut().zip(&members) {
            *s = dot(&vectors[m], &centre_b) > dot(&vectors[m], &centre_a);
        }
    }
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for (&m, &s) in members.iter().zip(&side) {
        paths[m].push(if s { '1' } else { '0' });
        if s { right.push(m) } else { left.push(m) }
    }
    if left.is_empty() || right.is_empty() {
        return;
    }
    split(vectors, dims, left, depth - 1, paths);
    split(vectors, dims, right, depth - 1, paths);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<Vec<String>> {
        text.lines()
            .map(|l| l.split(' ').map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn words_in_the_same_contexts_share_their_path() {
        // Two towns and two verbs, each pair used in the same slots.
        let text = "warga di bandung datang kemarin\nwarga di medan datang kemarin\n\
                    warga di bandung pergi kemarin\nwarga di medan pergi kemarin\n\
                    mereka makan nasi di rumah\nmereka minum teh di rumah\n\
                    mereka makan teh di rumah\nmereka minum nasi di rumah\n";
        let config = ClusterConfig {
            min_count: 2,
            contexts: 20,
            depth: 3,
        };
        let clusters: HashMap<String, String> = cluster_words(&sentences(text), &config)
            .into_iter()
            .collect();
        assert_eq!(clusters["bandung"], clusters["medan"]);
        assert_eq!(clusters["makan"], clusters["minum"]);
        assert_ne!(clusters["bandung"], clusters["makan"]);
    }

    #[test]
    fn the_same_text_gives_the_same_clusters() {
        let text = "a b c d\nb c d a\nc d a b\nd a b c\n";
        let config = ClusterConfig {
            min_count: 1,
            contexts: 4,
            depth: 4,
        };
        assert_eq!(
            cluster_words(&sentences(text), &config),
            cluster_words(&sentences(text), &config)
        );
    }
}
