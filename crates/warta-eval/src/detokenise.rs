//! Tokens written back as running text, the way Indonesian news writes them; shared by the PFSA-ID
//! reader and the entity-layer evaluation, so that both read gold text alike:
//! - no space before `, . ; : ! ? ) ] } % …` and closing quotation marks, none after `( [ {` and
//!   opening marks; `/` and `-` join their neighbours when both are words or numbers
//!   ("Covid - 19" → "Covid-19", "13 / 5 / 2020" → "13/5/2020"); "-nya" joins the token before;
//! - `“ ‘ «` open and `»` closes; whether `” " ’ '` open or close is the caller's to say.

use warta_core::Span;

/// How a token attaches to its neighbours in writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Glue {
    /// Spaces on both sides.
    Free,
    /// No space before it: "," "." ")" and closing marks.
    Left,
    /// No space after it: "(" and opening marks.
    Right,
    /// No space on either side when both neighbours are words: "-" and "/".
    Join,
}

/// How each token attaches. `opens(i, open_now)` says whether token `i`, a `”` `"` `’` or `'` (marks
/// that open and close alike), opens a quotation, given whether a mark of its kind (double or
/// single) is open.
pub(crate) fn glue(tokens: &[&str], mut opens: impl FnMut(usize, bool) -> bool) -> Vec<Glue> {
    let mut glue = Vec::with_capacity(tokens.len());
    let mut double_open = false;
    let mut single_open = false;
    for (i, &token) in tokens.iter().enumerate() {
        let g = match token {
            "," | "." | ";" | ":" | "!" | "?" | ")" | "]" | "}" | "%" | "…" | "..." | "...." => {
                Glue::Left
            }
            "(" | "[" | "{" => Glue::Right,
            "-" | "/" => Glue::Join,
            "“" | "‘" | "«" => Glue::Right,
            "»" => Glue::Left,
            "”" | "\"" | "’" | "'" => {
                let open_now = if matches!(token, "”" | "\"") {
                    double_open
                } else {
                    single_open
                };
                if opens(i, open_now) {
                    Glue::Right
                } else {
                    Glue::Left
                }
            }
            s if s.starts_with("-nya") => Glue::Left,
            _ => Glue::Free,
        };
        match token {
            "“" | "”" | "\"" => double_open = g == Glue::Right,
            "‘" | "’" | "'" => single_open = g == Glue::Right,
            _ => {}
        }
        glue.push(g);
    }
    glue
}

fn is_word_like(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_alphanumeric)
        && s.chars().next_back().is_some_and(char::is_alphanumeric)
}

/// The tokens as one text, attached by `glue`, and each token's byte span in it.
pub(crate) fn join(tokens: &[&str], glue: &[Glue]) -> (String, Vec<Span>) {
    let mut text = String::new();
    let mut spans = Vec::with_capacity(tokens.len());
    for (i, &token) in tokens.iter().enumerate() {
        if i > 0 {
            let prev = glue[i - 1];
            let joined = |g: Glue, other: &str| g == Glue::Join && is_word_like(other);
            let no_space = glue[i] == Glue::Left
                || prev == Glue::Right
                || (joined(glue[i], tokens[i - 1])
                    && tokens.get(i + 1).is_some_and(|n| is_word_like(n)))
                || (joined(prev, token) && i >= 2 && is_word_like(tokens[i - 2]));
            if !no_space {
                text.push(' ');
            }
        }
        let start = text.len();
        text.push_str(token);
        spans.push(Span::new(start, text.len()));
    }
    (text, spans)
}
