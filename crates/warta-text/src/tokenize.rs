//! The tokenizer: one left-to-right scan over a stretch of text, no regular expressions, no
//! allocation besides the output vector.
//!
//! Indonesian specifics it knows:
//! - reduplication and hyphenated compounds are one token ("mata-mata", "ke-2", "Covid-19");
//! - numbers keep their separators ("8.500", "13,2", "13/9/23", "19.30", "2024/2025");
//! - abbreviations keep their period ("Dr.", "dll.", "S.H.", "M.Si.", initials "B.");
//! - outlet domains stay whole ("Kompas.com", "REPUBLIKA.CO.ID");
//! - the enclitics -nya, -lah, -kah, -pun are recorded as a sub-span of the word (see [`Token::clitic`]).

use warta_core::{Span, Token, TokenKind};

use crate::chars::{char_at, is_apostrophe, is_quote_mark, is_space, is_terminal, is_word_char};
use crate::lexicon::{GLUE_WORDS, LEXICON, ascii_lowercase};

/// Top-level domains that turn "word.tld" into one token ("Kompas.com", "Kompas.id").
const DOMAIN_SUFFIXES: [&str; 16] = [
    "com", "id", "co", "net", "org", "go", "ac", "or", "sch", "tv", "info", "io", "biz", "news",
    "my", "sg",
];

/// Appends the tokens of `text[range]` to `out`.
pub(crate) fn tokenize(text: &str, range: Span, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let end = range.end;
    let mut i = range.start;
    while i < end {
        if bytes[i] == b' ' {
            i += 1;
            continue;
        }
        let c = char_at(text, i);
        let clen = c.len_utf8();
        if is_space(c) {
            i += clen;
            continue;
        }
        let token = if is_word_char(c) {
            let url_end = matches!(bytes[i], b'h' | b'H' | b'w' | b'W')
                .then(|| url_at(text, i, end))
                .flatten();
            if let Some(url_end) = url_end {
                Token::new(Span::new(i, url_end), TokenKind::Url)
            } else {
                let word = word_at(text, i, end);
                match may_continue_as_email(bytes, word.span.end, end)
                    .then(|| email_at(bytes, i, end))
                    .flatten()
                {
                    Some(mail_end) => Token::new(Span::new(i, mail_end), TokenKind::Email),
                    None => word,
                }
            }
        } else if (c == '@' || c == '#') && i + 1 < end && is_handle_byte(bytes[i + 1]) {
            let mut j = i + 1;
            while j < end && (is_handle_byte(bytes[j]) || (c == '@' && bytes[j] == b'.')) {
                j += 1;
            }
            while bytes[j - 1] == b'.' {
                j -= 1;
            }
            let kind = if c == '@' {
                TokenKind::Handle
            } else {
                TokenKind::Hashtag
            };
            Token::new(Span::new(i, j), kind)
        } else if is_quote_mark(c) {
            Token::new(Span::new(i, i + clen), TokenKind::QuoteMark)
        } else if is_terminal(c) || c == '-' {
            // A run: "...", "?!", "!!!", "--".
            let mut j = i + clen;
            while j < end {
                let d = char_at(text, j);
                if (c == '-') != (d == '-') || !(is_terminal(d) || d == '-') {
                    break;
                }
                j += d.len_utf8();
            }
            Token::new(Span::new(i, j), TokenKind::Punctuation)
        } else if is_punctuation(c) {
            Token::new(Span::new(i, i + clen), TokenKind::Punctuation)
        } else {
            Token::new(Span::new(i, i + clen), TokenKind::Symbol)
        };
        i = token.span.end;
        out.push(token);
    }
}

fn is_handle_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '–' | '—'
                | '‒'
                | '―'
                | '−'
                | '•'
                | '·'
                | '¡'
                | '¿'
                | '«'
                | '»'
                | '【'
                | '】'
                | '、'
                | '。'
        )
}

/// The end of a URL starting at `i` ("https://…", "www.…"), without trailing punctuation.
fn url_at(text: &str, i: usize, end: usize) -> Option<usize> {
    let rest = &text.as_bytes()[i..end];
    let starts = |p: &[u8]| rest.len() > p.len() && rest[..p.len()].eq_ignore_ascii_case(p);
    if !(starts(b"http://") || starts(b"https://") || starts(b"www.")) {
        return None;
    }
    let mut j = i;
    while j < end {
        let c = char_at(text, j);
        if is_space(c) || matches!(c, '"' | '<' | '>' | '“' | '”' | '‘' | '’' | '«' | '»')
        {
            break;
        }
        j += c.len_utf8();
    }
    let url = &text[i..j];
    let balanced = url.contains('(');
    while j > i {
        let last = text.as_bytes()[j - 1];
        if matches!(last, b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'')
            || (last == b')' && !balanced)
        {
            j -= 1;
        } else {
            break;
        }
    }
    Some(j)
}

/// True when the bytes from `j` (just after a word) could continue it into an e-mail address: an `@`
/// follows, possibly after more address characters ("john.doe@…").
fn may_continue_as_email(bytes: &[u8], j: usize, end: usize) -> bool {
    match bytes[j..end].first() {
        Some(b'@') => return true,
        Some(b'.' | b'_' | b'%' | b'+' | b'-') => {}
        _ => return false,
    }
    bytes[j..end]
        .iter()
        .take(64)
        .find(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')))
        .is_some_and(|&b| b == b'@')
}

/// The end of an e-mail address starting at `i`, if one does.
fn email_at(bytes: &[u8], i: usize, end: usize) -> Option<usize> {
    let local = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-');
    let mut j = i;
    while j < end && local(bytes[j]) {
        j += 1;
    }
    if j >= end || bytes[j] != b'@' || j == i {
        return None;
    }
    let domain_start = j + 1;
    let mut k = domain_start;
    while k < end && (bytes[k].is_ascii_alphanumeric() || matches!(bytes[k], b'.' | b'-')) {
        k += 1;
    }
    while k > domain_start && matches!(bytes[k - 1], b'.' | b'-') {
        k -= 1;
    }
    let domain = &bytes[domain_start..k];
    let dot = domain.iter().rposition(|&b| b == b'.')?;
    (dot > 0 && domain.len() - dot > 2).then_some(k)
}

/// Scans the word, number or abbreviation starting at `i`.
fn word_at(text: &str, i: usize, end: usize) -> Token {
    let bytes = text.as_bytes();
    let mut j = i;
    // Start of the current dot-separated segment, to recognise "S.H." and "B.1.1.7".
    let mut segment_start = i;
    let mut dotted = false;
    let mut domain = false;
    let mut all_digits = true;
    // Lower-case letters the word opened with (after a capital): scrapers drop the spaces around
    // linked names and glue a word to the capitalised one after it ("untukZaskia",
    // "mengutipCNBC", "PresidenDonald", "FedJerome"), which splits there.
    let mut lower_run = 0usize;
    let mut opens_lower = bytes[i].is_ascii_alphabetic();
    let min_lower = if bytes[i].is_ascii_uppercase() {
        GLUED_MIN_LOWER_AFTER_CAPITAL
    } else {
        GLUED_MIN_LOWER
    };
    loop {
        while j < end {
            let b = bytes[j];
            if b < 0x80 {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                if b.is_ascii_uppercase() && camel_case_name_ends_at(bytes, i, j) {
                    return plain_word(text, i, j);
                }
                if opens_lower && j > i {
                    if b == b'm'
                        && min_lower == GLUED_MIN_LOWER_AFTER_CAPITAL
                        && lower_run >= GLUED_MIN_LOWER_AFTER_CAPITAL
                        && verb_glued_at(bytes, j, end)
                    {
                        return plain_word(text, i, j);
                    }
                    if b.is_ascii_lowercase() {
                        lower_run += 1;
                    } else if b.is_ascii_uppercase()
                        && lower_run >= min_lower
                        && !is_known_camel_case_word(bytes, i, end)
                    {
                        return plain_word(text, i, j);
                    } else {
                        opens_lower = false;
                    }
                }
                all_digits &= b.is_ascii_digit();
                j += 1;
                continue;
            }
            let c = char_at(text, j);
            if !is_word_char(c) {
                break;
            }
            all_digits = false;
            opens_lower = false;
            j += c.len_utf8();
        }
        opens_lower = false;
        if j + 1 >= end {
            break;
        }
        let c = char_at(text, j);
        let next_at = j + c.len_utf8();
        if next_at >= end {
            break;
        }
        let next = char_at(text, next_at);
        let prev_digit = bytes[j - 1].is_ascii_digit();
        match c {
            // Reduplication, compounds and ranges: "mata-mata", "ke-2", "17.00-18.00".
            '-' if is_word_char(next) => {}
            // Thousands, decimals, times and dates inside numbers.
            '.' | ',' | ':' | '/' if prev_digit && next.is_ascii_digit() => {}
            '\'' | '’' | 'ʼ' if is_apostrophe(c) && next.is_alphabetic() && !prev_digit => {}
            '.' if next.is_alphanumeric() => {
                let segment = &text[segment_start..j];
                let next_len = text[next_at..end]
                    .find(|ch: char| !is_word_char(ch))
                    .map_or(end - next_at, |n| n);
                let after_next = next_at + next_len;
                let next_segment = &text[next_at..after_next];
                let followed_by_period = after_next < end && bytes[after_next] == b'.';
                let short = |s: &str| s.chars().count() <= 3;
                let is_domain = ends_in_domain_suffix(text, next_at, end);
                let is_dotted = (short(segment) && short(next_segment) && followed_by_period)
                    || (dotted && short(next_segment) && short(segment))
                    || (segment.bytes().all(|b| b.is_ascii_digit())
                        && next_segment.bytes().all(|b| b.is_ascii_digit())
                        && dotted);
                if !(is_domain || is_dotted) {
                    break;
                }
                dotted = true;
                domain |= is_domain;
                all_digits = false;
                segment_start = next_at;
            }
            _ => break,
        }
        if c == '-' || c == '/' {
            segment_start = next_at;
        }
        j = next_at;
    }
    let word = &text[i..j];
    // A period that belongs to the word: dotted forms, initials and listed abbreviations.
    if j < end && bytes[j] == b'.' && !all_digits {
        let last_segment = &text[segment_start..j];
        let single_capital = {
            let mut cs = word.chars();
            matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
        };
        let dotted_letters = dotted
            && !domain
            && last_segment.chars().count() <= 3
            && last_segment.chars().all(char::is_alphabetic);
        if single_capital || dotted_letters || LEXICON.abbreviation(word).is_some() {
            return Token::new(Span::new(i, j + 1), TokenKind::Abbreviation);
        }
    }
    let kind = if all_digits
        || word
            .bytes()
            .all(|b| b.is_ascii_digit() || b".,:/-".contains(&b))
    {
        TokenKind::Number
    } else {
        TokenKind::Word
    };
    let mut token = Token::new(Span::new(i, j), kind);
    if kind == TokenKind::Word {
        token.clitic = clitic(word).map(|len| Span::new(j - len, j));
    }
    token
}

/// True when the letters from `i` are one word of the corpora or of the gazetteer's names written
/// with a capital inside ("NasDem", "YouTube", "TikTok"): a name, not two words glued together.
fn is_known_camel_case_word(bytes: &[u8], i: usize, end: usize) -> bool {
    let len = bytes[i..end]
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let mut buf = [0u8; 32];
    std::str::from_utf8(&bytes[i..i + len])
        .ok()
        .and_then(|word| ascii_lowercase(word, &mut buf))
        .is_some_and(|lower| {
            let glue = &*GLUE_WORDS;
            glue.corpus_words.contains(lower) || glue.camel_case_names.contains(lower)
        })
}

/// True when the letters `[i, j)` are a listed name written with a capital inside ("LaLiga") and a
/// capital follows at `j`: a name glued before it ("LaLigaJavier").
fn camel_case_name_ends_at(bytes: &[u8], i: usize, j: usize) -> bool {
    let glue = &*GLUE_WORDS;
    let piece = &bytes[i..j];
    let mut buf = [0u8; 32];
    piece.len() >= MIN_CAMEL_CASE_NAME
        && piece.len() <= glue.longest_camel_case_name
        && piece.iter().any(u8::is_ascii_lowercase)
        && piece.iter().skip(1).any(u8::is_ascii_uppercase)
        && piece.iter().all(u8::is_ascii_alphanumeric)
        && std::str::from_utf8(piece)
            .ok()
            .and_then(|word| ascii_lowercase(word, &mut buf))
            .is_some_and(|lower| glue.camel_case_names.contains(lower))
}

/// Shortest listed name written with a capital inside that a name glued after it splits from.
const MIN_CAMEL_CASE_NAME: usize = 4;

/// Shortest lower-case word taken as glued to a capitalised one after it: "iPhone", "eKTP" stay whole.
const GLUED_MIN_LOWER: usize = 3;
/// The same after a capital: "McDonald", "LeBron" stay whole, "FedJerome" splits.
const GLUED_MIN_LOWER_AFTER_CAPITAL: usize = 2;

/// Shortest active verb read as glued to the name before it ("mengaku").
const GLUED_VERB_MIN: usize = 7;

/// A name glued to the active verb after it ("Trumpmengatakan", "Marquezmengaku"): at `j` starts
/// a lower-case word of seven letters or more with the prefix of an Indonesian active verb, running
/// to the end of the token. Names do not hold these letter sequences after their third letter.
fn verb_glued_at(bytes: &[u8], j: usize, end: usize) -> bool {
    const PREFIXES: [&[u8]; 6] = [b"meng", b"meny", b"memb", b"memp", b"menj", b"mend"];
    let tail = &bytes[j..end];
    let len = tail.iter().take_while(|b| b.is_ascii_lowercase()).count();
    let ends_word = tail.get(len).is_none_or(|b| !b.is_ascii_alphanumeric());
    if len < GLUED_VERB_MIN || !ends_word || !PREFIXES.iter().any(|p| tail.starts_with(p)) {
        return false;
    }
    // "mend" also sits inside common words ("Rekomendasi", "Kemendagri", "Megamendung"): there
    // the letters must be a verb the corpora know ("mendapat", "mendorong"), not "mendasi".
    !tail.starts_with(b"mend")
        || std::str::from_utf8(&tail[..len])
            .is_ok_and(|verb| GLUE_WORDS.corpus_words.contains(verb))
}

/// The lower-case word `[i, j)` cut from the capitalised one glued after it.
pub(crate) fn plain_word(text: &str, i: usize, j: usize) -> Token {
    let mut token = Token::new(Span::new(i, j), TokenKind::Word);
    token.clitic = clitic(&text[i..j]).map(|len| Span::new(j - len, j));
    token
}

/// True when the dot-separated chain starting at `at` ("jakarta.go.id") ends in a top-level domain.
fn ends_in_domain_suffix(text: &str, mut at: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    for _ in 0..6 {
        let len = bytes[at..end]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        let after = at + len;
        if len == 0 || (after < end && is_word_char(char_at(text, after))) {
            return false;
        }
        let continues =
            after + 1 < end && bytes[after] == b'.' && bytes[after + 1].is_ascii_alphanumeric();
        if !continues {
            let segment = &text[at..after];
            return DOMAIN_SUFFIXES
                .iter()
                .any(|d| segment.eq_ignore_ascii_case(d));
        }
        at = after + 1;
    }
    false
}

/// The byte length of the enclitic that ends `word`, if it has one.
fn clitic(word: &str) -> Option<usize> {
    let bytes = word.as_bytes();
    if bytes.len() < 6 {
        return None;
    }
    let lex = &*LEXICON;
    let last = bytes[bytes.len() - 1];
    let suffix = lex.clitics.iter().find(|suffix| {
        let suffix = suffix.as_bytes();
        suffix.last() == Some(&last)
            && bytes.len() >= suffix.len() + 3
            && bytes[bytes.len() - suffix.len()..] == *suffix
    })?;
    // Enclitics attach to lower-case words (or a capitalised one at a sentence start): "KPK-nya" and
    // acronyms are left alone.
    if !bytes[1..]
        .iter()
        .all(|&b| b.is_ascii_lowercase() || b == b'-')
    {
        return None;
    }
    if lex.is_not_clitic(&word.to_ascii_lowercase()) {
        return None;
    }
    Some(suffix.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(&str, TokenKind)> {
        let mut out = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut out);
        out.iter()
            .map(|t| (&text[t.span.range()], t.kind))
            .collect()
    }

    fn texts(text: &str) -> Vec<&str> {
        tokens(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn numbers_keep_their_separators() {
        assert_eq!(
            tokens("Rp 13,2 triliun, 8.500 orang, 13/9/23 pukul 19.30 WIB."),
            vec![
                ("Rp", TokenKind::Word),
                ("13,2", TokenKind::Number),
                ("triliun", TokenKind::Word),
                (",", TokenKind::Punctuation),
                ("8.500", TokenKind::Number),
                ("orang", TokenKind::Word),
                (",", TokenKind::Punctuation),
                ("13/9/23", TokenKind::Number),
                ("pukul", TokenKind::Word),
                ("19.30", TokenKind::Number),
                ("WIB", TokenKind::Word),
                (".", TokenKind::Punctuation),
            ]
        );
    }

    #[test]
    fn abbreviations_and_initials_keep_their_period() {
        assert_eq!(
            texts("Prof. Dr. B. J. Habibie, S.H., M.Si. di Jl. Sudirman No. 5 dll."),
            vec![
                "Prof.", "Dr.", "B.", "J.", "Habibie", ",", "S.H.", ",", "M.Si.", "di", "Jl.",
                "Sudirman", "No.", "5", "dll."
            ]
        );
        assert_eq!(tokens("a.n. Budi")[0], ("a.n.", TokenKind::Abbreviation));
    }

    #[test]
    fn reduplication_is_one_token() {
        assert_eq!(
            texts("mata-mata individu-individu ke-2 Covid-19 anak-anaknya"),
            vec![
                "mata-mata",
                "individu-individu",
                "ke-2",
                "Covid-19",
                "anak-anaknya"
            ]
        );
    }

    #[test]
    fn urls_mails_handles_hashtags() {
        assert_eq!(
            tokens("Lihat https://kompas.com/a?b=1. Surel: tim@kompas.id, @dr.erta #Pemilu2024"),
            vec![
                ("Lihat", TokenKind::Word),
                ("https://kompas.com/a?b=1", TokenKind::Url),
                (".", TokenKind::Punctuation),
                ("Surel", TokenKind::Word),
                (":", TokenKind::Punctuation),
                ("tim@kompas.id", TokenKind::Email),
                (",", TokenKind::Punctuation),
                ("@dr.erta", TokenKind::Handle),
                ("#Pemilu2024", TokenKind::Hashtag),
            ]
        );
    }

    #[test]
    fn domains_stay_whole_but_glued_sentences_split() {
        assert_eq!(
            texts("kepada Kompas.com dan REPUBLIKA.CO.ID. Ia di Iran.Kondisi"),
            vec![
                "kepada",
                "Kompas.com",
                "dan",
                "REPUBLIKA.CO.ID",
                ".",
                "Ia",
                "di",
                "Iran",
                ".",
                "Kondisi"
            ]
        );
    }

    #[test]
    fn quotes_ellipses_and_apostrophes() {
        assert_eq!(
            texts("“Ayo…” kata Ma’ruf... 'Jum'at' «ya»!?"),
            vec![
                "“", "Ayo", "…", "”", "kata", "Ma’ruf", "...", "'", "Jum'at", "'", "«", "ya", "»",
                "!?"
            ]
        );
    }

    #[test]
    fn listed_names_with_a_capital_inside_stay_whole_and_split_from_a_name_glued_after_them() {
        assert_eq!(
            texts("akun TikTok dan WhatsApp, LaLigaJavier Tebas, dilansir detikSumbagsel"),
            vec![
                "akun",
                "TikTok",
                "dan",
                "WhatsApp",
                ",",
                "LaLiga",
                "Javier",
                "Tebas",
                ",",
                "dilansir",
                "detikSumbagsel"
            ]
        );
        // An all-capitals word is no listed name, however it starts.
        assert_eq!(texts("TIKTOKNYA LALIGA"), vec!["TIKTOKNYA", "LALIGA"]);
    }

    #[test]
    fn a_capitalised_word_splits_before_an_active_verb_and_not_inside_a_word_holding_mend() {
        assert_eq!(
            texts(
                "Trumpmengatakan, Borujerdimenggarisbawahi, Messimendapat. Untukrekomendasi Kepmendagri"
            ),
            vec![
                "Trump",
                "mengatakan",
                ",",
                "Borujerdi",
                "menggarisbawahi",
                ",",
                "Messi",
                "mendapat",
                ".",
                "Untukrekomendasi",
                "Kepmendagri"
            ]
        );
    }

    #[test]
    fn a_word_glued_to_the_capitalised_one_after_it_splits() {
        assert_eq!(
            texts("Sulit untukZaskia Adya, mengutipCNBC, dariMotosan."),
            vec![
                "Sulit", "untuk", "Zaskia", "Adya", ",", "mengutip", "CNBC", ",", "dari",
                "Motosan", "."
            ]
        );
        assert_eq!(
            texts("KetuaThe FedJerome Powell, PresidenDonald Trump"),
            vec![
                "Ketua", "The", "Fed", "Jerome", "Powell", ",", "Presiden", "Donald", "Trump"
            ]
        );
        assert_eq!(
            texts("Donald Trumpmengatakan, Marquezmengaku, Hamengkubuwono Mengatakan"),
            vec![
                "Donald",
                "Trump",
                "mengatakan",
                ",",
                "Marquez",
                "mengaku",
                ",",
                "Hamengkubuwono",
                "Mengatakan"
            ]
        );
        // Names and brands with a capital after one or two letters stay whole.
        assert_eq!(
            texts("iPhone eKTP McDonald LeBron"),
            vec!["iPhone", "eKTP", "McDonald", "LeBron"]
        );
        // So do those the corpora or the gazetteer write as one word.
        assert_eq!(
            texts("Partai NasDem mengunggah video di YouTube"),
            vec!["Partai", "NasDem", "mengunggah", "video", "di", "YouTube"]
        );
    }

    #[test]
    fn clitics_are_sub_spans() {
        let text = "katanya hanya adalah bukunya Kenya apakah meskipun bersekolah";
        let mut out = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut out);
        let clitics: Vec<Option<&str>> = out
            .iter()
            .map(|t| t.clitic.map(|c| &text[c.range()]))
            .collect();
        assert_eq!(
            clitics,
            vec![
                Some("nya"),
                None,
                None,
                Some("nya"),
                None,
                Some("kah"),
                Some("pun"),
                None
            ]
        );
        assert_eq!(&text[out[0].base().range()], "kata");
    }
}
