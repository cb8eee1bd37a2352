//! Evaluation of warta against annotated data.
//!
//! - [`ner`]: the entity layer, as `extract` writes it, on CoNLL sentences written as running text;
//! - [`pfsa`]: the PFSA-ID reader (detokenised articles, token spans with their tags, gold sentences);
//! - [`quotes`]: the news-gold reader and quote/speaker scorer;
//! - [`sentences`]: sentence-segmentation precision, recall and F1.

mod detokenise;
pub mod ner;
pub mod pfsa;
pub mod pfsa_score;
pub mod quotes;
pub mod sentences;
