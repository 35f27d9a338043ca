//! Flow logs delivered as Parquet (AWS compresses the pages with gzip): read row by row, a row group
//! at a time, with the same field layout and record rules as text (column names use `_` for `-`).

use std::fs::File;
use std::io::Write;

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use parquet::schema::types::Type;

use super::FlowLogError;
use super::format::{At, Layout, SLOT_NAMES};
use super::read::Run;

enum Source {
    Dash,
    Column(usize),
    Number(usize),
}

pub(crate) fn read(run: &mut Run<'_>, file: File, name: &str) -> Result<(), FlowLogError> {
    let err = |line: u64, e: &dyn std::fmt::Display| FlowLogError::Parquet {
        file: name.to_owned(),
        line,
        reason: e.to_string(),
    };
    let reader = SerializedFileReader::new(file).map_err(|e| err(0, &e))?;
    // Read only the columns the measurement uses (a projection): the others are never decoded.
    let root = reader
        .metadata()
        .file_metadata()
        .schema_descr()
        .root_schema();
    let (root_name, all) = (root.name().to_owned(), root.get_fields().to_vec());
    let names: Vec<String> = all.iter().map(|f| f.name().replace('_', "-")).collect();
    // Checks the header as a whole first (is it a flow log, has it the needed fields).
    Layout::from_names(names.iter().map(String::as_str), name, 0)?;
    let (used, used_names): (Vec<_>, Vec<_>) = all
        .into_iter()
        .zip(names)
        .filter(|(_, n)| SLOT_NAMES.contains(&n.as_str()))
        .unzip();
    let layout = Layout::from_names(used_names.iter().map(String::as_str), name, 0)?;
    let projection = Type::group_type_builder(&root_name)
        .with_fields(used)
        .build()
        .map_err(|e| err(0, &e))?;
    let rows = reader
        .get_row_iter(Some(projection))
        .map_err(|e| err(0, &e))?;
    let mut numbers = [[0u8; 24]; 12];
    let mut lengths = [0usize; 12];
    let mut last_region: Vec<u8> = Vec::new();
    for (i, row) in rows.enumerate() {
        let line = i as u64 + 1;
        let row = row.map_err(|e| err(line, &e))?;
        let mut sources: [Source; 12] = std::array::from_fn(|_| Source::Dash);
        for (column, (_, field)) in row.get_column_iter().enumerate() {
            let Some(slot) = layout.slot(column) else {
                continue;
            };
            let number = match field {
                Field::Null => continue,
                Field::Str(_) | Field::Bytes(_) => {
                    sources[slot] = Source::Column(column);
                    continue;
                }
                Field::Int(n) => i64::from(*n),
                Field::Long(n) => *n,
                Field::Short(n) => i64::from(*n),
                Field::UInt(n) => i64::from(*n),
                Field::ULong(n) => {
                    let mut cursor = &mut numbers[slot][..];
                    write!(cursor, "{n}").map_err(|e| err(line, &e))?;
                    lengths[slot] = 24 - cursor.len();
                    sources[slot] = Source::Number(slot);
                    continue;
                }
                other => {
                    return Err(err(
                        line,
                        &format!("column {column} holds {other}, not a string or an integer"),
                    ));
                }
            };
            let mut cursor = &mut numbers[slot][..];
            write!(cursor, "{number}").map_err(|e| err(line, &e))?;
            lengths[slot] = 24 - cursor.len();
            sources[slot] = Source::Number(slot);
        }
        let fields: Vec<&Field> = row.get_column_iter().map(|(_, f)| f).collect();
        let mut slots: [&[u8]; 12] = [b"-"; 12];
        for (slot, source) in sources.iter().enumerate() {
            slots[slot] = match source {
                Source::Dash => b"-",
                Source::Number(s) => &numbers[*s][..lengths[*s]],
                Source::Column(c) => match fields[*c] {
                    Field::Str(s) => s.as_bytes(),
                    Field::Bytes(b) => b.data(),
                    _ => b"-",
                },
            };
        }
        let at = At { file: name, line };
        run.add_record(&slots, &at, "row", &mut last_region)?;
    }
    Ok(())
}
