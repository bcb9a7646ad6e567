//! Every CSV the app writes goes through here (RFC 4180, UTF-8, a header row), so that text a person
//! typed can never run as a formula when the file is opened in a spreadsheet.
//!
//! Following OWASP's advice on CSV injection, a text cell that starts with `=`, `+`, `-`, `@`, a tab or a
//! carriage return gets a single quote (`'`) in front, and every text cell is quoted. Values the app makes
//! itself (numbers, dates, booleans) are written as they are: a negative number stays a number.

use std::borrow::Cow;

/// One cell of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Text that came from a person (a place, a note, a name): neutralised if it could run.
    Text(String),
    /// A value the app wrote itself (a count, a date, an id): written as it is.
    Value(String),
}

impl Cell {
    pub fn value(v: impl std::fmt::Display) -> Self {
        Self::Value(v.to_string())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` as it is safe to put in a spreadsheet cell.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_START) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A CSV writer that quotes every text cell, for writing a document in parts (a streamed export).
pub fn writer<W: std::io::Write>(sink: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::NonNumeric)
        .from_writer(sink)
}

/// One record, its text neutralised.
pub fn write_row<W: std::io::Write>(
    out: &mut csv::Writer<W>,
    row: &[Cell],
) -> Result<(), csv::Error> {
    out.write_record(row.iter().map(|cell| match cell {
        Cell::Text(text) => neutralise(text).into_owned().into_bytes(),
        Cell::Value(value) => value.as_bytes().to_vec(),
    }))
}

/// A CSV document: `header`, then one record per row.
pub fn write<R>(header: &[&str], rows: R) -> Result<String, csv::Error>
where
    R: IntoIterator<Item = Vec<Cell>>,
{
    let mut out = writer(Vec::new());
    out.write_record(header)?;
    for row in rows {
        write_row(&mut out, &row)?;
    }
    let bytes = out.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes).expect("the CSV writer writes the UTF-8 it is given"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_could_run_is_neutralised_and_quoted() {
        let text = write(
            &["a", "b"],
            [
                vec![
                    Cell::from(r#"=HYPERLINK("http://evil.example","x")"#),
                    Cell::from("+SUM(1,2)"),
                ],
                vec![Cell::from("-2+3"), Cell::from("@cmd")],
                vec![Cell::from("\tx"), Cell::from("\rx")],
                vec![Cell::from("Resecentrum"), Cell::from("a = b")],
            ],
        )
        .unwrap();
        let lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(
            lines[1],
            r#""'=HYPERLINK(""http://evil.example"",""x"")","'+SUM(1,2)""#
        );
        assert_eq!(lines[2], r#""'-2+3","'@cmd""#);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(rows[2], ["'\tx", "'\rx"]);
        assert_eq!(rows[3], ["Resecentrum", "a = b"], "other text is unchanged");
    }

    #[test]
    fn values_are_written_as_they_are() {
        let text = write(
            &["n", "date"],
            [vec![Cell::value(-3), Cell::value("2019-05-14")]],
        )
        .unwrap();
        assert_eq!(text, "\"n\",\"date\"\n-3,\"2019-05-14\"\n");
    }
}
