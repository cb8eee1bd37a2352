//! The words the stage reads: the document's tokens when segmentation ran ([`of_tokens`]), else a
//! light scan of the raw text, so the stage also works on a bare text.

use warta_core::Span;
pub use warta_core::words::{Kind, Word, of_tokens};

pub fn is_quote_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '”' | '„' | '‟' | '«' | '»' | '‘' | '’' | '‚' | '‛' | '\'' | '「' | '」'
    )
}

/// Letters, digits, and single punctuation marks; an apostrophe or hyphen between letters stays
/// inside the word ("Ma’ruf", "kementerian-kementerian").
pub fn scan(text: &str) -> Vec<Word> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut iter = text.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        if c.is_whitespace() {
            continue;
        }
        let kind = if c.is_alphanumeric() {
            let mut end = start + c.len_utf8();
            let mut all_digits = c.is_ascii_digit();
            // A lower-case word glued to the capitalised one after it ("untukZaskia") ends there,
            // as the tokeniser splits it.
            let mut lower_run = usize::from(c.is_ascii_lowercase());
            let mut opens_lower = c.is_ascii_alphabetic();
            let min_lower = if c.is_ascii_uppercase() { 2 } else { 3 };
            while let Some(&(i, next)) = iter.peek() {
                if opens_lower {
                    if next == 'm' && c.is_ascii_uppercase() && lower_run >= 2 && verb_at(text, i) {
                        break;
                    }
                    if next.is_ascii_lowercase() {
                        lower_run += 1;
                    } else if next.is_ascii_uppercase() && lower_run >= min_lower {
                        break;
                    } else {
                        opens_lower = false;
                    }
                }
                let joiner = matches!(next, '\'' | '’' | '-')
                    && text[i + next.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                if !(next.is_alphanumeric() || joiner) {
                    break;
                }
                all_digits &= next.is_ascii_digit();
                end = i + next.len_utf8();
                iter.next();
            }
            out.push(Word {
                span: Span::new(start, end),
                kind: if all_digits { Kind::Number } else { Kind::Word },
                capital: c.is_uppercase(),
            });
            continue;
        } else if is_quote_mark(c) {
            Kind::Mark
        } else {
            Kind::Punct
        };
        out.push(Word {
            span: Span::new(start, start + c.len_utf8()),
            kind,
            capital: false,
        });
    }
    out
}

/// A name glued to the active verb after it ("Trumpmengatakan"): at byte `i` starts a lower-case
/// word of seven letters or more with the prefix of an Indonesian active verb, as the tokeniser
/// splits it.
fn verb_at(text: &str, i: usize) -> bool {
    const PREFIXES: [&str; 6] = ["meng", "meny", "memb", "memp", "menj", "mend"];
    let tail = &text.as_bytes()[i..];
    let len = tail.iter().take_while(|b| b.is_ascii_lowercase()).count();
    let ends_word = tail.get(len).is_none_or(|b| !b.is_ascii_alphanumeric());
    len >= 7 && ends_word && PREFIXES.iter().any(|p| tail.starts_with(p.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_glued_to_a_name_splits_as_the_tokeniser_splits_it() {
        let text = "untukZaskia FedJerome iPhone McDonald";
        let got: Vec<&str> = scan(text).iter().map(|w| &text[w.span.range()]).collect();
        assert_eq!(
            got,
            vec!["untuk", "Zaskia", "Fed", "Jerome", "iPhone", "McDonald"]
        );
    }

    #[test]
    fn words_marks_and_joiners() {
        let text = "“Ya,” kata Ma’ruf, 2023.";
        let got: Vec<(&str, Kind)> = scan(text)
            .iter()
            .map(|w| (&text[w.span.range()], w.kind))
            .collect();
        assert_eq!(
            got,
            vec![
                ("“", Kind::Mark),
                ("Ya", Kind::Word),
                (",", Kind::Punct),
                ("”", Kind::Mark),
                ("kata", Kind::Word),
                ("Ma’ruf", Kind::Word),
                (",", Kind::Punct),
                ("2023", Kind::Number),
                (".", Kind::Punct),
            ]
        );
    }
}
