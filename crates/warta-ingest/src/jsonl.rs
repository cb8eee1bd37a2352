//! One JSON Lines record: an object with `text` and optional metadata. Unknown fields are ignored so
//! that dumps from any scraper can be fed as they are.

use serde_json::{Map, Value};
use warta_core::Meta;

use crate::error::RecordErrorKind;

/// Parses one line into the article text and its metadata.
pub(crate) fn parse_article(line: &str) -> Result<(String, Meta), RecordErrorKind> {
    let value: Value =
        serde_json::from_str(line).map_err(|e| RecordErrorKind::NotJson(describe(&e)))?;
    let Value::Object(mut fields) = value else {
        return Err(RecordErrorKind::NotObject);
    };
    let text = match fields.remove("text") {
        None | Some(Value::Null) => return Err(RecordErrorKind::MissingText),
        Some(Value::String(text)) => text,
        Some(_) => return Err(RecordErrorKind::NotAString("text")),
    };
    let meta = Meta {
        id: identifier(&mut fields)?,
        url: string_field(&mut fields, "url")?,
        other_urls: Vec::new(),
        title: string_field(&mut fields, "title")?,
        published: string_field(&mut fields, "published")?,
        author: string_field(&mut fields, "author")?,
        source: string_field(&mut fields, "source")?,
        modified: string_field(&mut fields, "modified")?,
        section: match string_field(&mut fields, "section")? {
            Some(section) => Some(section),
            None => string_field(&mut fields, "category")?,
        },
        lang: string_field(&mut fields, "lang")?
            .as_deref()
            .and_then(crate::html::language_tag),
    };
    Ok((text, meta))
}

/// serde_json reports "at line 1 column N"; within one line only the column means anything.
fn describe(err: &serde_json::Error) -> String {
    let message = err.to_string();
    match message.rfind(" at line ") {
        Some(at) => format!("{} (column {})", &message[..at], err.column()),
        None => message,
    }
}

fn string_field(
    fields: &mut Map<String, Value>,
    name: &'static str,
) -> Result<Option<String>, RecordErrorKind> {
    match fields.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(RecordErrorKind::NotAString(name)),
    }
}

/// Many dumps number their articles; a numeric id is as good as a string one.
fn identifier(fields: &mut Map<String, Value>) -> Result<Option<String>, RecordErrorKind> {
    match fields.remove("id") {
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => {
            fields.insert("id".to_owned(), other);
            string_field(fields, "id")
        }
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_and_metadata() {
        let (text, meta) = parse_article(
            r#"{"id": 7, "url": "https://x.id/a", "title": "Judul", "published": "2025-06-18", "author": "A", "source": "kompas.com", "category": "Nasional", "modified": "2025-06-19", "lang": "id_ID", "views": 12, "text": "Isi berita."}"#,
        )
        .unwrap();
        assert_eq!(text, "Isi berita.");
        assert_eq!(meta.id.as_deref(), Some("7"));
        assert_eq!(meta.url.as_deref(), Some("https://x.id/a"));
        assert_eq!(meta.title.as_deref(), Some("Judul"));
        assert_eq!(meta.published.as_deref(), Some("2025-06-18"));
        assert_eq!(meta.author.as_deref(), Some("A"));
        assert_eq!(meta.source.as_deref(), Some("kompas.com"));
        assert_eq!(meta.section.as_deref(), Some("Nasional"));
        assert_eq!(meta.modified.as_deref(), Some("2025-06-19"));
        assert_eq!(meta.lang.as_deref(), Some("id-ID"));
    }

    #[test]
    fn section_wins_over_category() {
        let (_, meta) =
            parse_article(r#"{"text": "a", "category": "Berita", "section": "Politik"}"#).unwrap();
        assert_eq!(meta.section.as_deref(), Some("Politik"));
    }

    #[test]
    fn names_what_is_wrong() {
        let err = |line: &str| parse_article(line).unwrap_err().to_string();
        assert_eq!(err(r#"{"title": "x"}"#), r#"missing field "text""#);
        assert_eq!(err(r#"{"text": null}"#), r#"missing field "text""#);
        assert_eq!(err(r#"{"text": 5}"#), r#"field "text" must be a string"#);
        assert_eq!(
            err(r#"{"text": "a", "url": []}"#),
            r#"field "url" must be a string"#
        );
        assert!(err("[1, 2]").starts_with("not a JSON object"));
        let not_json = err(r#"{"text": "a""#);
        assert!(not_json.starts_with("not JSON: "), "{not_json}");
        assert!(not_json.contains("(column 12)"), "{not_json}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!(
            "{{\"text\": \"a\", \"x\": {}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(matches!(
            parse_article(&deep),
            Err(RecordErrorKind::NotJson(_))
        ));
    }
}
