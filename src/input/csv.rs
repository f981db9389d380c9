//! CSV as offices write it: the separator found from the header row, records spread over lines by
//! quoted line breaks, each record numbered by the physical line it starts on.
//!
//! Fields are split by [`csv_core`] (the `csv` crate's own parser), fed one physical line at a time
//! so that line numbers are the file's own whatever its line ends or blank lines — the `csv`
//! crate's positions are one line low after a `\r\n`.

use std::io::Read;

use super::{Notice, ReadOptions, Text, Warning};
use crate::error::{Error, Problem, Result};

/// One CSV record: its text, its fields' byte ranges in that text, and the line it starts on.
#[derive(Debug, Default)]
pub(crate) struct CsvRecord {
    text: String,
    fields: Vec<(usize, usize)>,
    line: u64,
}

impl CsvRecord {
    /// The `i`th field, untrimmed.
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        let &(start, end) = self.fields.get(i)?;
        self.text.get(start..end)
    }

    /// The number of fields.
    pub(crate) fn len(&self) -> usize {
        self.fields.len()
    }

    /// The text and the fields' ranges.
    pub(crate) fn parts(&self) -> (&str, &[(usize, usize)]) {
        (&self.text, &self.fields)
    }

    /// The physical line the record starts on.
    pub(crate) fn line(&self) -> u64 {
        self.line
    }
}

/// A CSV reader past its header row.
pub(crate) struct CsvReader<R: Read> {
    text: Text<R>,
    parser: csv_core::Reader,
    separator: u8,
    header: Vec<String>,
    /// The line the header row is on (after any blank lines).
    header_line: u64,
    line: Vec<u8>,
    output: Vec<u8>,
    ends: Vec<usize>,
}

/// The separator a header row uses: the most frequent of `,`, `;` and tab outside quotes (a
/// comma when none is there, as in a one-column file).
pub(crate) fn separator_of(header: &[u8]) -> u8 {
    let mut quoted = false;
    let mut counts = [0usize; 3];
    for &byte in header {
        match byte {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let [commas, semicolons, tabs] = counts;
    if semicolons > commas && semicolons >= tabs {
        b';'
    } else if tabs > commas && tabs > semicolons {
        b'\t'
    } else {
        b','
    }
}

impl<R: Read> CsvReader<R> {
    /// Opens a CSV input and reads its header row (trimmed names); an empty input is an error.
    pub(crate) fn new(reader: R, name: &str, options: &ReadOptions) -> Result<CsvReader<R>> {
        let text = Text::new(reader, name, options)?;
        CsvReader::over(text, options.separator)
    }

    /// A reader of a part of a file, given the file's header line (read by [`CsvReader::new`]
    /// on the file's start) and the part as text; the separator is `separator`, or else found from
    /// the header row.
    fn over(text: Text<R>, separator: Option<u8>) -> Result<CsvReader<R>> {
        let mut reader = CsvReader {
            text,
            parser: csv_core::Reader::new(),
            separator: b',',
            header: Vec::new(),
            header_line: 1,
            line: Vec::new(),
            output: Vec::new(),
            ends: Vec::new(),
        };
        // The separator is read off the first line before the parser sees it.
        let mut first = Vec::new();
        loop {
            if !reader.text.read_line(&mut first)? {
                return Err(reader.text.error(Problem::NoHeader));
            }
            if !first.iter().all(u8::is_ascii_whitespace) {
                break;
            }
        }
        reader.separator = separator.unwrap_or_else(|| separator_of(&first));
        reader.parser = csv_core::ReaderBuilder::new()
            .delimiter(reader.separator)
            .build();
        let mut record = CsvRecord::default();
        if !reader.read_from(Some(first), &mut record)? {
            return Err(reader.text.error(Problem::NoHeader));
        }
        let header: Vec<String> = (0..record.len())
            .map(|i| record.get(i).unwrap_or_default().trim().to_owned())
            .collect();
        // A column named twice matters only to a reader that uses it: each reader checks its own.
        reader.header = header;
        reader.header_line = record.line();
        Ok(reader)
    }

    /// The header's column names, trimmed.
    pub(crate) fn header(&self) -> &[String] {
        &self.header
    }

    /// The line the header row is on.
    pub(crate) fn header_line(&self) -> u64 {
        self.header_line
    }

    /// The separator found.
    pub(crate) fn separator(&self) -> u8 {
        self.separator
    }

    /// The input's name.
    pub(crate) fn name(&self) -> &str {
        self.text.name()
    }

    /// The lines read so far.
    pub(crate) fn lines_read(&self) -> u64 {
        self.text.line()
    }

    /// An error of the layout at line `line` of this input.
    pub(crate) fn error_at(&self, line: u64, problem: Problem) -> Error {
        Error::layout(problem).at(self.text.name(), Some(line))
    }

    /// Reads the next record into `record`; `Ok(false)` at the end. A row with another number of
    /// fields than the header is an error.
    pub(crate) fn read(&mut self, record: &mut CsvRecord) -> Result<bool> {
        if !self.read_from(None, record)? {
            return Ok(false);
        }
        if record.len() != self.header.len() {
            return Err(self.error_at(
                record.line,
                Problem::RowWidth {
                    found: record.len(),
                    expected: self.header.len(),
                },
            ));
        }
        Ok(true)
    }

    /// The error for a record that is not UTF-8: its fields shown with the separator between
    /// them, as the office's file has them (the parser's output runs them together).
    fn not_utf8(&self, output: &[u8], fields: usize, start: u64) -> Error {
        let mut joined = Vec::with_capacity(output.len() + fields);
        let mut from = 0;
        for (i, &end) in self
            .ends
            .get(..fields)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            if i > 0 {
                joined.push(self.separator);
            }
            joined.extend_from_slice(output.get(from..end).unwrap_or_default());
            from = end;
        }
        match self.text.utf8(&joined, start) {
            Err(error) => error,
            // Not met: the joined bytes hold the fields' bytes that were not UTF-8.
            Ok(_) => super::not_utf8(&joined).at(self.text.name(), Some(start)),
        }
    }

    /// Feeds lines (`first`, then the input's) to the parser until a record is complete.
    fn read_from(&mut self, mut first: Option<Vec<u8>>, record: &mut CsvRecord) -> Result<bool> {
        let mut start = None;
        let mut written = 0;
        let mut fields = 0;
        loop {
            let mut line = std::mem::take(&mut self.line);
            let more = match first.take() {
                Some(given) => {
                    line = given;
                    true
                }
                None => self.text.read_line(&mut line)?,
            };
            if more && start.is_none() && line.iter().all(u8::is_ascii_whitespace) {
                // A blank line between records is no record (inside a quoted field it is text).
                self.line = line;
                continue;
            }
            if more {
                start.get_or_insert(self.text.line());
                // The line's own end: a quoted field across lines keeps a `\r` as a `\r`.
                match self.text.ended_by() {
                    b"" => line.push(b'\n'),
                    end => line.extend_from_slice(end),
                }
            }
            let done = self.parse(&line, &mut written, &mut fields)?;
            self.line = line;
            if done || !more {
                let Some(start) = start else {
                    return Ok(false);
                };
                let output = self.output.get(..written).unwrap_or_default();
                let Ok(text) = std::str::from_utf8(output) else {
                    return Err(self.not_utf8(output, fields, start));
                };
                record.text.clear();
                record.text.push_str(text);
                record.fields.clear();
                let mut from = 0;
                for &end in self.ends.get(..fields).unwrap_or_default() {
                    record.fields.push((from, end));
                    from = end;
                }
                record.line = start;
                return Ok(true);
            }
            if written > self.text.max_line() {
                return Err(self.error_at(
                    start.unwrap_or(0),
                    Problem::RecordTooLong {
                        limit: self.text.max_line(),
                    },
                ));
            }
        }
    }

    /// Parses one line (with its `\n`; empty at the end of the input); true when a record ended.
    fn parse(&mut self, mut input: &[u8], written: &mut usize, fields: &mut usize) -> Result<bool> {
        use csv_core::ReadRecordResult::*;
        loop {
            if self.output.len() < *written + input.len() + 1 {
                self.output.resize(*written + input.len() + 64, 0);
            }
            if self.ends.len() <= *fields {
                self.ends.resize(*fields + 32, 0);
            }
            let (result, read, wrote, ended) = self.parser.read_record(
                input,
                self.output.get_mut(*written..).unwrap_or_default(),
                self.ends.get_mut(*fields..).unwrap_or_default(),
            );
            // Field ends count from the record's start, across calls (as `csv` relies on).
            input = input.get(read..).unwrap_or_default();
            *written += wrote;
            *fields += ended;
            match result {
                InputEmpty => return Ok(false),
                OutputFull | OutputEndsFull => continue,
                Record => return Ok(true),
                End => return Ok(false),
            }
        }
    }

    /// Unknown columns that look like a misspelt known one, as warnings.
    pub(crate) fn near_misses(&self, known: &[&str]) -> Vec<Warning> {
        self.header
            .iter()
            .filter(|name| !name.is_empty() && !known.contains(&name.as_str()))
            .filter_map(|name| {
                let close = suggestion(name, known)?;
                Some(Warning {
                    source: self.text.name().to_owned(),
                    line: Some(self.header_line),
                    notice: Notice::UnknownColumn {
                        column: name.clone(),
                        similar: close.to_owned(),
                    },
                })
            })
            .collect()
    }
}

/// The known name that `found` is probably a misspelling of: one or two edits apart (one for
/// names of four letters or fewer), or the same but for case, spaces, dashes and diacritics; the
/// nearest when several are. What the readers suggest for a misspelt column, and what a program
/// suggests for a misspelt key of its own.
///
/// ```
/// use chiso766::input::suggestion;
/// assert_eq!(suggestion("dosier_id", &["dossier_id", "unit_code"]), Some("dossier_id"));
/// assert_eq!(suggestion("Ma ho so", &["Mã hồ sơ"]), Some("Mã hồ sơ"));
/// assert_eq!(suggestion("xyz", &["dossier_id"]), None);
/// ```
pub fn suggestion<'k>(found: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .filter(|k| near(found, k))
        .min_by_key(|k| distance(found, k))
        .copied()
}

/// Whether `found` is probably a misspelling of `known`: one or two edits apart (one for short
/// names), or the same but for case, spaces, dashes and diacritics (`Ma ho so` for `Mã hồ sơ`).
fn near(found: &str, known: &str) -> bool {
    let key = |text: &str| super::bare(text).replace([' ', '-'], "_");
    let (found, known) = (key(found), key(known));
    if found == known {
        return true;
    }
    let allowed = if known.chars().count() <= 4 { 1 } else { 2 };
    distance(&found, &known) <= allowed
}

/// The edit distance (insertions, deletions, substitutions and swaps of neighbours) between two
/// short names.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Rows of the optimal-string-alignment table: two back, one back, this one.
    let mut two: Vec<usize> = vec![0; b.len() + 1];
    let mut one: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let same = a.get(i - 1) == b.get(j - 1);
            let mut best = (one[j] + 1)
                .min(row[j - 1] + 1)
                .min(one[j - 1] + usize::from(!same));
            if i > 1 && j > 1 && a.get(i - 1) == b.get(j - 2) && a.get(i - 2) == b.get(j - 1) {
                best = best.min(two[j - 2] + 1);
            }
            row[j] = best;
        }
        two = std::mem::replace(&mut one, row);
    }
    one[b.len()]
}

#[cfg(test)]
mod tests {
    use super::{distance, near, separator_of};

    #[test]
    fn separators_are_found_from_the_header() {
        assert_eq!(separator_of(b"unit_code,unit_name,level"), b',');
        assert_eq!(separator_of(b"unit_code;unit_name;level"), b';');
        assert_eq!(separator_of(b"unit_code\tunit_name\tlevel"), b'\t');
        // A comma inside a quoted name does not count.
        assert_eq!(separator_of(b"\"a,b,c\";d;e"), b';');
        assert_eq!(separator_of(b"code"), b',');
    }

    #[test]
    fn misspelt_columns_are_near_their_names() {
        assert_eq!(distance("recieved_at", "received_at"), 1);
        assert!(near("recieved_at", "received_at"));
        assert!(near("Received At", "received_at"));
        assert!(!near("note", "name"));
        assert!(!near("comment", "code"));
        assert!(near("Ma ho so", "Mã hồ sơ"));
        assert!(near("Mã hồ sơ ", "mã hồ sơ"));
        assert!(!near("Mã đơn vị", "Mã hồ sơ"));
    }
}
