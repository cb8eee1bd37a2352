//! Parquet export: quotes written, read back with parquet's own reader, compared with the search.
//! `cargo test -p warta-store --features parquet`.
#![cfg(feature = "parquet")]

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::{Field, Row};
use warta_store::export::QUOTE_COLUMNS;
use warta_store::parquet_export::write_quotes_parquet;
use warta_store::sample;
use warta_store::{QuoteHit, QuoteQuery, Store};

fn field<'a>(row: &'a Row, name: &str) -> &'a Field {
    row.get_column_iter()
        .find(|(n, _)| n.as_str() == name)
        .map(|(_, f)| f)
        .unwrap_or_else(|| panic!("no column {name}"))
}

fn text(row: &Row, name: &str) -> Option<String> {
    match field(row, name) {
        Field::Str(s) => Some(s.clone()),
        Field::Null => None,
        other => panic!("{name} is not text: {other:?}"),
    }
}

fn int(row: &Row, name: &str) -> Option<i64> {
    match field(row, name) {
        Field::Long(n) => Some(*n),
        Field::Null => None,
        other => panic!("{name} is not an integer: {other:?}"),
    }
}

#[test]
fn quotes_written_to_parquet_read_back_row_for_row() {
    let mut store = Store::open_in_memory().unwrap();
    let mut docs = sample::corpus();
    docs.push(sample::hostile());
    for doc in &docs {
        store.index(doc).unwrap();
    }
    let hits: Vec<QuoteHit> = store.search_quotes(&QuoteQuery::default()).unwrap();
    assert!(hits.len() > 5);
    // Some quotes have no role: the nulls must survive the round trip.
    assert!(hits.iter().any(|h| h.role.is_none()));

    let path = std::env::temp_dir().join(format!("warta-parquet-{}.parquet", std::process::id()));
    write_quotes_parquet(std::fs::File::create(&path).unwrap(), &hits).unwrap();
    let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    let _ = std::fs::remove_file(&path);

    let metadata = reader.metadata().file_metadata();
    assert_eq!(metadata.num_rows(), hits.len() as i64);
    let names: Vec<&str> = metadata
        .schema_descr()
        .columns()
        .iter()
        .map(|c| c.name())
        .collect();
    let expected: Vec<&str> = QUOTE_COLUMNS.iter().map(|c| c.name).collect();
    assert_eq!(names, expected);
    assert_eq!(names.len(), 15);

    let rows: Vec<Row> = reader
        .get_row_iter(None)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), hits.len());
    for (row, hit) in rows.iter().zip(&hits) {
        assert_eq!(int(row, "quote_id"), Some(hit.id));
        assert_eq!(int(row, "document_id"), Some(hit.document_id));
        assert_eq!(int(row, "speaker_id"), hit.speaker_id);
        assert_eq!(text(row, "text").as_ref(), Some(&hit.text));
        assert_eq!(text(row, "type").as_ref(), Some(&hit.kind));
        assert_eq!(text(row, "speaker"), hit.speaker);
        assert_eq!(text(row, "role"), hit.role);
        assert_eq!(text(row, "day"), hit.day);
        assert_eq!(text(row, "url"), hit.document_url);
        assert_eq!(int(row, "start"), Some(hit.start));
        assert_eq!(int(row, "end"), Some(hit.end));
    }
    // The hostile article's markup is data, kept byte for byte.
    assert!(
        rows.iter()
            .any(|r| text(r, "text").is_some_and(|t| t.contains("<script>")))
    );
}

#[test]
fn an_empty_export_is_a_valid_file_with_the_columns() {
    let mut out = Vec::new();
    write_quotes_parquet(&mut out, &[]).unwrap();
    let path = std::env::temp_dir().join(format!(
        "warta-parquet-empty-{}.parquet",
        std::process::id()
    ));
    std::fs::write(&path, &out).unwrap();
    let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    let _ = std::fs::remove_file(&path);
    assert_eq!(reader.metadata().file_metadata().num_rows(), 0);
    assert_eq!(
        reader
            .metadata()
            .file_metadata()
            .schema_descr()
            .num_columns(),
        15
    );
}
