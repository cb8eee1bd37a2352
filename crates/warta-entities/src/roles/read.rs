//! warta's role reader. It reads a speaker's public role as the article states it: before the name
//! ("Kepala Bidang Humas Polda Metro Jaya Kombes Yusri Yunus", "kata juru bicara Gugus Tugas,
//! Alamsyah") or as an appositive after it ("Rakhmat Hidayat, pengajar sosiologi Universitas Negeri
//! Jakarta, …"); and it reads forwards from a role's head for both readers of roles, under two
//! named policies ([`PUBLIC`] for the quote stage, [`ENTITY`] for the entity layer's appositives).
//!
//! Only public roles count for a speaker (the heads of public roles in `data/roles.txt`): offices,
//! positions and professions. Ordinary people's descriptions ("warga Karah", "pedagang daging",
//! "(45)") are not roles, so a speaker with a role is a public figure, which is what PFSA-ID
//! annotates. Ranks, honorifics and academic titles right before a name belong to the name
//! (`data/person-titles.txt`, [`crate::titles`]), so a role ends before them.
//!
//! The caller says how it sees the text ([`RoleText`]): its words (which may come from a light scan
//! of a bare text), the words that end a role in its own lexicon (the quote stage's reporting verbs)
//! and the names it knows. Which places name a speaker is the caller's business; what the role
//! there is, is read here.

use warta_core::words::{Kind, Word};
use warta_core::{Document, Span};

use super::ROLE_WORDS;
use crate::titles;

/// How many words a public role may run ("Kepala Subbidang Kedokteran Polisi Bidang Kedokteran dan
/// Kesehatan Polda Sulut").
const ROLE_WINDOW: usize = 24;
/// Lower-case words outside the role vocabulary a role may hold between its head and the name
/// ("pemerhati sosial dari vokasi Universitas Indonesia").
const MAX_LOOSE_WORDS: usize = 2;
/// How many words the rest of a name, or the words linking it to its role, may run after a
/// mention ("Veronica | Moniaga, juru bicara …", "X, yang menjabat sebagai …").
const MAX_NAME_TAIL: usize = 3;

/// The text a role is read in, as the caller sees it.
pub trait RoleText {
    fn doc(&self) -> &Document;
    /// The words of the text, in order.
    fn words(&self) -> &[Word];
    /// Word `i` in lower case.
    fn lower(&self, i: usize) -> &str;
    /// Word `i` ends a role: in the quote stage, a reporting verb, "menurut", a connective, a
    /// pronoun.
    fn ends_role(&self, i: usize) -> bool;
    /// Word `i` ends a name, and so a role read forwards: "saat", "kepada".
    fn ends_name(&self, i: usize) -> bool;
    /// A person's name the caller knows starts at word `i`.
    fn person_starts_at(&self, i: usize) -> bool;
}

/// How a role is read forwards from its head: the two readers differ in what they know when they
/// read.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Most words a role runs, its head included.
    pub window: usize,
    /// A person's name ends a role ("…, Komisaris PLN Budi Santoso"). The quote stage reads once
    /// the entity layer has settled who is a person. The entity layer reads before: a "person"
    /// the tagger finds inside a role ("Direktur PT Maju Jaya Group") is more often part of the
    /// role's organisation, which it turns into one afterwards, so it reads on.
    pub people_end_roles: bool,
    /// Brackets and a slash go on ("Ketua Umum Gabungan Pengusaha (Gapensi)"). The entity layer
    /// stops at them: its affiliation is the last organisation in a role, and a bracket often holds
    /// a company's legal form ("(Persero)") or another person's abbreviation.
    pub brackets: bool,
    /// "dan" and "di" go on only before a capitalised word ("Pencegahan dan Pengendalian", "di
    /// Kementerian …"): a public role is one office. The entity layer keeps "pendiri dan direktur
    /// lembaga …" whole.
    pub joiners_before_names_only: bool,
}

/// A speaker's public role, as the quote stage reads it.
pub const PUBLIC: Policy = Policy {
    window: ROLE_WINDOW,
    people_end_roles: true,
    brackets: true,
    joiners_before_names_only: true,
};

/// Every role the entity layer keeps for a person mention, read right after the tagger.
pub const ENTITY: Policy = Policy {
    window: 16,
    people_end_roles: false,
    brackets: false,
    joiners_before_names_only: false,
};

/// The public role stated next to a name at `name`, before it or right after it.
pub fn role_around(t: &(impl RoleText + ?Sized), name: Span) -> Option<Span> {
    role_before(t, name).or_else(|| role_after(t, name))
}

/// Where a role opened by the head at word `head` ends, reading forwards: at a comma, a full stop,
/// a quotation mark, a word that ends roles or names, a verb, or what `policy` says.
pub fn role_forward(t: &(impl RoleText + ?Sized), head: usize, policy: &Policy) -> usize {
    let words = t.words();
    let text = t.doc().text();
    let mut end = head + 1;
    while end < words.len() && end - head < policy.window && !line_break_before(t, end) {
        let w = words[end];
        let lower = t.lower(end);
        let next_capital = words.get(end + 1).is_some_and(|n| n.capital);
        let fits = match w.kind {
            Kind::Word if policy.joiners_before_names_only && matches!(lower, "dan" | "di") => {
                next_capital
            }
            Kind::Word => {
                !(t.ends_name(end)
                    || t.ends_role(end)
                    || ROLE_WORDS.ends_forward(lower)
                    || (!w.capital && is_verb_in_role(lower))
                    || (policy.people_end_roles && t.person_starts_at(end)))
            }
            Kind::Number => true,
            Kind::Punct => match &text[w.span.range()] {
                "&" | "-" => true,
                "(" | ")" | "/" => policy.brackets,
                _ => false,
            },
            Kind::Mark => false,
        };
        if !fits {
            break;
        }
        end += 1;
    }
    end
}

/// The first of the entity layer's roles of a person that opens with a public role's head, held to
/// the rules of the roles read here: no neighbourhood office, no verb inside.
pub fn public_role(roles: &[String]) -> Option<&String> {
    roles.iter().find(|r| {
        let mut words = r.split_whitespace().map(str::to_lowercase);
        words
            .next()
            .is_some_and(|w| ROLE_WORDS.opens_public_role(&w))
            && words.all(|w| !ROLE_WORDS.is_neighbourhood(&w) && !is_verb_in_role(&w))
    })
}

/// "James O'Brien, kepala Kantor Koordinasi Sanksi di Departemen Luar Negeri AS, …": the entity
/// layer's role after the comma at word `comma`: a role's head or an office, then the role read
/// forwards with the [`ENTITY`] policy, before word `limit` (the end of the tagged run).
pub fn appositive(t: &(impl RoleText + ?Sized), comma: usize, limit: usize) -> Option<Span> {
    let words = t.words();
    let start = comma + 1;
    if start >= limit || !is_punct(t, comma, ",") || !opens_any_role(t.lower(start)) {
        return None;
    }
    let end = role_forward(t, start, &ENTITY).min(limit);
    Some(Span::new(words[start].span.start, words[end - 1].span.end))
}

/// Most words of an office run written right before a name.
const MAX_OFFICE_RUN: usize = 8;

/// The office run right before a name ("Kapolres Metro Jakarta Selatan" before "Kombes …",
/// "Wakil Presiden" before "…"), as the entity layer reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficeRun {
    /// The word that opens it: its first office.
    pub start: usize,
    /// Offices only ("Presiden", "Wakil Presiden"): the entity layer keeps it as a title, else as a
    /// role.
    pub offices_only: bool,
}

/// The office run that ends right before word `end` (the name, or the ranks and honorifics before
/// it), not before word `limit`: capitalised words or offices, at most [`MAX_OFFICE_RUN`], from the
/// first office among them.
pub fn office_run_before(
    t: &(impl RoleText + ?Sized),
    end: usize,
    limit: usize,
) -> Option<OfficeRun> {
    let words = t.words();
    let mut start = end;
    let mut opener = None;
    while start > limit && end - start < MAX_OFFICE_RUN {
        let w = words[start - 1];
        let is_office = titles::is_office(t.lower(start - 1));
        if !(w.capital || is_office) || w.kind == Kind::Punct {
            break;
        }
        start -= 1;
        if is_office {
            opener = Some(start);
        }
    }
    let start = opener?;
    Some(OfficeRun {
        start,
        offices_only: (start..end).all(|k| titles::is_office(t.lower(k))),
    })
}

/// Most words a role written before a name and a comma has, for the entity layer.
const MAX_ROLE_BEFORE_COMMA: usize = 14;

/// "Kepala Dinas Perhubungan Kota Bandung, Dr. Agus Santoso, …", "…, pengamat transportasi dari
/// Institut Teknologi Bandung (ITB), Prof. Hendra Kusuma": the entity layer's role before the comma
/// at word `comma`, not before word `limit` (the start of the tagged run): the clause before the
/// comma from its first head (a role's head or an office). Unlike a public role read backwards
/// ([`role_around`]), it takes any words in between: the entity layer keeps every role, and what
/// it took of another person's name it undoes once all mentions are found.
pub fn role_before_comma(t: &(impl RoleText + ?Sized), comma: usize, limit: usize) -> Option<Span> {
    let words = t.words();
    let text = t.doc().text();
    let mut start = comma;
    let mut opener = None;
    while start > limit && comma - start < MAX_ROLE_BEFORE_COMMA {
        let w = words[start - 1];
        let lower = t.lower(start - 1);
        let clause_ends = matches!(w.kind, Kind::Punct | Kind::Mark)
            && !matches!(
                &text[w.span.range()],
                "(" | ")" | "-" | "&" | "'" | "’" | "/"
            );
        let ends_role = w.kind == Kind::Word
            && (ROLE_WORDS.ends_forward(lower) || (!w.capital && is_verb_in_role(lower)));
        if clause_ends || ends_role {
            break;
        }
        start -= 1;
        if opens_any_role(lower) {
            opener = Some(start);
        }
    }
    let opener = opener?;
    Some(Span::new(
        words[opener].span.start,
        words[comma - 1].span.end,
    ))
}

/// Opens a role the entity layer keeps: a role's head (`[head]`, `[head_plain]`: "kepala",
/// "warga") or an office of the titles list ("Presiden", "Kapolres").
fn opens_any_role(lower: &str) -> bool {
    ROLE_WORDS.opens_role(lower) || titles::is_office(lower)
}

/// A verb where a role is read, which ends it ("Kepala Dinas … menyarankan …"): a lower-case word
/// with a verb's prefix that neither the role lexicon nor the titles list knows ("menteri",
/// "mendagri" are offices).
pub fn is_verb_in_role(lower: &str) -> bool {
    is_verb(lower) && !ROLE_WORDS.opens_public_role(lower) && !titles::is_title(lower)
}

/// A lower-case word with a verb's prefix ("menyarankan", "berharap"): roles hold none.
pub fn is_verb(lower: &str) -> bool {
    ["mem", "men", "meng", "meny", "ber"]
        .iter()
        .any(|p| lower.starts_with(p))
}

fn word_from(t: &(impl RoleText + ?Sized), offset: usize) -> usize {
    t.words().partition_point(|w| w.span.start < offset)
}

fn is_punct(t: &(impl RoleText + ?Sized), i: usize, set: &str) -> bool {
    t.words()
        .get(i)
        .is_some_and(|w| w.kind == Kind::Punct && set.contains(&t.doc().text()[w.span.range()]))
}

/// True when words `i - 1` and `i` are in different paragraphs or lines, or furniture stands
/// between them ("Pelatih[Baca Juga: …]GP"): a role never runs across either.
fn line_break_before(t: &(impl RoleText + ?Sized), i: usize) -> bool {
    if i == 0 {
        return false;
    }
    let words = t.words();
    let gap = Span::new(words[i - 1].span.end, words[i].span.start);
    t.doc().text()[gap.range()].contains('\n') || (!gap.is_empty() && t.doc().is_removed(gap))
}

/// Skips ranks and honorifics written right before word `end` ("Kombes", "Komisaris Besar",
/// "dr"): they belong to the name. Returns where they start.
fn skip_ranks_back(t: &(impl RoleText + ?Sized), end: usize) -> usize {
    let words = t.words();
    let mut k = end;
    while k > 0 && words[k - 1].kind == Kind::Word && !line_break_before(t, k) {
        let lower = t.lower(k - 1);
        if titles::is_honorific_or_rank(lower) {
            k -= 1;
        } else if k > 1 && titles::is_rank_pair(t.lower(k - 2), lower) {
            k -= 2;
        } else {
            break;
        }
    }
    k
}

fn role_before(t: &(impl RoleText + ?Sized), name: Span) -> Option<Span> {
    let words = t.words();
    let text = t.doc().text();
    let first = word_from(t, name.start);
    let mut k = skip_ranks_back(t, first);
    if k > 0 && is_punct(t, k - 1, ",") {
        k -= 1;
    }
    let role_end = k;
    let mut head = None;
    let mut loose = 0;
    while k > 0 && role_end - k < ROLE_WINDOW && !line_break_before(t, k) {
        let i = k - 1;
        let w = words[i];
        let lower = t.lower(i);
        let fits = match w.kind {
            Kind::Word if ROLE_WORDS.opens_public_role(lower) => {
                head = Some(i);
                true
            }
            Kind::Word if t.ends_role(i) => false,
            Kind::Word if ROLE_WORDS.is_inner(lower) => true,
            // Before the head is found: the organisation and the field ("… Universitas
            // Indonesia", "sosiologi"). Once found, only more heads ("Wakil Ketua").
            Kind::Word | Kind::Number if head.is_some() => false,
            Kind::Word if w.capital => true,
            Kind::Number => true,
            Kind::Word => {
                loose += 1;
                loose <= MAX_LOOSE_WORDS
            }
            Kind::Punct => match &text[w.span.range()] {
                "(" | ")" | "&" | "-" | "/" => true,
                "," => head.is_none(),
                _ => false,
            },
            Kind::Mark => false,
        };
        if !fits {
            break;
        }
        k -= 1;
    }
    role_span(t, head?, role_end)
}

/// "X, kepala …", "X yang menjabat sebagai …", "X selaku …"; or an affiliation alone: "X dari
/// Koalisi Pejalan Kaki".
fn role_after(t: &(impl RoleText + ?Sized), name: Span) -> Option<Span> {
    let words = t.words();
    let mut j = word_from(t, name.end);
    // The rest of a name the mention left out: "Veronica | Moniaga, juru bicara …".
    let name_end = j;
    while j < name_end + MAX_NAME_TAIL
        && words.get(j).is_some_and(|w| {
            w.capital && w.kind == Kind::Word && !ROLE_WORDS.opens_public_role(t.lower(j))
        })
    {
        j += 1;
    }
    let after_name = j;
    if is_punct(t, j, ",") {
        j += 1;
    }
    let linked = j;
    while j < linked + MAX_NAME_TAIL
        && words
            .get(j)
            .is_some_and(|w| w.kind == Kind::Word && ROLE_WORDS.is_link(t.lower(j)))
    {
        j += 1;
    }
    let head = *words.get(j).filter(|w| w.kind == Kind::Word)?;
    let lower = t.lower(j);
    if ROLE_WORDS.opens_public_role(lower) {
        // A bare appositive needs its comma: "Budi Kepala …" is one name run.
        if j == after_name {
            return None;
        }
        return role_span(t, j, role_forward(t, j, &PUBLIC));
    }
    let organisation = words
        .get(j + 1)
        .filter(|w| w.capital && w.kind == Kind::Word);
    if lower == "dari" && !head.capital && j == after_name {
        organisation?;
        if ROLE_WORDS.opens_place(t.lower(j + 1)) {
            return None;
        }
        let mut end = j + 1;
        while words
            .get(end)
            .is_some_and(|w| w.kind == Kind::Word && (w.capital || t.lower(end) == "dan"))
        {
            end += 1;
        }
        return role_span(t, j + 1, end);
    }
    None
}

/// Words `[from, to)` as a role, without dangling punctuation or joiners at its end.
fn role_span(t: &(impl RoleText + ?Sized), from: usize, mut to: usize) -> Option<Span> {
    let words = t.words();
    let text = t.doc().text();
    while to > from {
        let last = words[to - 1];
        let dangling = match last.kind {
            Kind::Punct => &text[last.span.range()] != ")",
            Kind::Word => matches!(t.lower(to - 1), "dan" | "di" | "dari" | "&"),
            _ => false,
        };
        if !dangling {
            break;
        }
        to -= 1;
    }
    if to <= from {
        return None;
    }
    let span = Span::new(words[from].span.start, words[to - 1].span.end);
    // Neighbourhood offices ("Ketua RT 003 RW 007", "Ketua Rukun Tetangga") are not public
    // roles.
    let neighbourhood = (from..to).any(|k| ROLE_WORDS.is_neighbourhood(t.lower(k)));
    (!neighbourhood).then_some(span)
}
