//! Parquet export of quotes, the columns of [`QUOTE_COLUMNS`] with their types: integers as
//! INT64, text as UTF-8 strings, empty values as nulls. Written with parquet's column writer,
//! Snappy-compressed, in row groups of [`ROW_GROUP`] quotes.

use std::io::Write;
use std::sync::Arc;

use parquet::basic::{Compression, LogicalType, Repetition, Type as PhysicalType};
use parquet::data_type::{ByteArray, ByteArrayType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

use crate::export::{Cell, CellType, QUOTE_COLUMNS, QuoteColumn};
use crate::{QuoteHit, StoreError};

/// Quotes per row group: small enough to keep one group's columns in memory, large enough for
/// readers to scan efficiently.
const ROW_GROUP: usize = 50_000;

/// Writes `hits` as a Parquet file to `out`.
pub fn write_quotes_parquet(out: impl Write + Send, hits: &[QuoteHit]) -> Result<(), StoreError> {
    let properties = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_created_by(format!("warta {}", env!("CARGO_PKG_VERSION")))
        .build();
    let mut writer = SerializedFileWriter::new(out, Arc::new(schema()?), Arc::new(properties))?;
    for group in hits.chunks(ROW_GROUP) {
        let mut row_group = writer.next_row_group()?;
        let mut columns = QUOTE_COLUMNS.iter();
        while let Some(mut column_writer) = row_group.next_column()? {
            let column = columns.next().ok_or_else(|| {
                StoreError::Invalid("parquet: more columns than the schema".into())
            })?;
            let levels = definition_levels(column, group);
            let levels = column.optional.then_some(levels.as_slice());
            if column.kind == CellType::Int {
                let values: Vec<i64> = group
                    .iter()
                    .filter_map(|hit| match (column.cell)(hit) {
                        Cell::Int(n) => n,
                        Cell::Text(_) => None,
                    })
                    .collect();
                column_writer
                    .typed::<Int64Type>()
                    .write_batch(&values, levels, None)?;
            } else {
                let values: Vec<ByteArray> = group
                    .iter()
                    .filter_map(|hit| match (column.cell)(hit) {
                        Cell::Text(t) => t.map(|t| ByteArray::from(t.as_bytes().to_vec())),
                        Cell::Int(_) => None,
                    })
                    .collect();
                column_writer
                    .typed::<ByteArrayType>()
                    .write_batch(&values, levels, None)?;
            }
            column_writer.close()?;
        }
        row_group.close()?;
    }
    writer.close()?;
    Ok(())
}

/// The schema: one flat message whose fields follow [`QUOTE_COLUMNS`].
fn schema() -> Result<Type, StoreError> {
    let fields = QUOTE_COLUMNS
        .iter()
        .map(|column| {
            let repetition = if column.optional {
                Repetition::OPTIONAL
            } else {
                Repetition::REQUIRED
            };
            let field = if column.kind == CellType::Int {
                Type::primitive_type_builder(column.name, PhysicalType::INT64)
                    .with_repetition(repetition)
            } else {
                Type::primitive_type_builder(column.name, PhysicalType::BYTE_ARRAY)
                    .with_repetition(repetition)
                    .with_logical_type(Some(LogicalType::String))
            };
            Ok(Arc::new(field.build()?))
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(Type::group_type_builder("quote")
        .with_fields(fields)
        .build()?)
}

/// 1 where a row has a value, 0 where it is null.
fn definition_levels(column: &QuoteColumn, hits: &[QuoteHit]) -> Vec<i16> {
    hits.iter()
        .map(|hit| match (column.cell)(hit) {
            Cell::Int(Some(_)) | Cell::Text(Some(_)) => 1,
            Cell::Int(None) | Cell::Text(None) => 0,
        })
        .collect()
}
