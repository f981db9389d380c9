//! Files as offices write them: the text layer under every reader.
//!
//! Provinces' files come from Excel on Windows and from one-stop-shop systems with dirty data. This
//! module turns such a file into lines of UTF-8 text, numbered as `grep -n` numbers them, before
//! any reader looks at its fields:
//!
//! - a UTF-8 byte-order mark is skipped, and UTF-16 with a byte-order mark (Excel's “Unicode
//!   text”) is decoded ([`encoding_rs_io`]); any other text that is not UTF-8 (Windows-1258, TCVN3)
//!   is an error naming the first bad line and saying how to save the file again;
//! - an empty file, and a file holding NUL bytes (a binary file, `/dev/zero`, UTF-16 without its
//!   mark), are errors at once;
//! - a line longer than [`ReadOptions::max_line_bytes`] is an error, so an endless line cannot
//!   grow memory until the process aborts;
//! - CSV's separator is found from its header row (`,`, or `;` and tab as Excel writes them in the
//!   Vietnamese locale), and its columns are checked: a column named twice is an error, an unknown
//!   column close to a known one is a warning (“did you mean received_at?”);
//! - JSON is read with every object's keys checked: a key given twice is an error, not a silent
//!   overwrite.
//!
//! ```
//! use chiso766::input::read_text;
//!
//! // A file saved by Excel as "Unicode text": UTF-16 LE with its byte-order mark.
//! let mut bytes = vec![0xFF, 0xFE];
//! bytes.extend("mã,tên\n".encode_utf16().flat_map(|u| u.to_le_bytes()));
//! assert_eq!(read_text(&bytes[..], "units.csv")?, "mã,tên\n");
//!
//! // Windows-1258 is not read as garbage: the error says where and what to do.
//! let error = read_text(&b"code,name\nX1,Ph\xF2\xECng 1\n"[..], "units.csv").unwrap_err();
//! assert!(error.to_string().starts_with("units.csv line 2: the text is not UTF-8"));
//! # Ok::<(), chiso766::Error>(())
//! ```

pub(crate) mod csv;
pub(crate) mod json;
mod values;
mod words;

pub use self::csv::suggestion;
pub(crate) use values::{
    check_code, composed, date, excel_csv_writer, excel_guarded, excel_unguarded, moment,
    whole_number,
};
pub use words::{bare, fold, FileWords, Vocabulary, Word};

use std::io::{self, BufRead, BufReader, Read};
use std::sync::Arc;

use encoding_rs_io::{DecodeReaderBytes, DecodeReaderBytesBuilder};

use crate::error::{Error, ErrorKind, Problem, Result};
use crate::printable::printable;

/// How files are read: limits and the forms accepted beyond the specification's own.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReadOptions {
    /// The longest line accepted, in bytes (a CSV record spread over several lines by quoted line
    /// breaks, as a whole); 1 MiB by default, a hundred times a long unit name.
    pub max_line_bytes: usize,
    /// Reads dates written day first, `dd/mm/yyyy` (`30/09/2026`, with an optional `HH:MM[:SS]`),
    /// as Vietnamese offices write them. Off by default: `03/04/2026` could be either order.
    pub day_first_dates: bool,
    /// Counts records whose moments contradict each other (due before received, a supplement
    /// completed before it was requested…) instead of refusing them, and reports each one as a
    /// warning. They are counted as written: a deadline before reception makes the dossier late
    /// unless it ended before that deadline, and a supplement completed before it was requested
    /// suspends no time. Off by default: such a record is an error naming the dossier or
    /// petition, the line and the two fields.
    pub lenient_timelines: bool,
    /// The office's own headers and words for the fields of each kind of record file (SPEC §10);
    /// none by default.
    pub vocabulary: Arc<Vocabulary>,
    /// The separator of CSV files (`,`, `;` or tab), when an office insists on one; by default it
    /// is found from each file's header row.
    pub separator: Option<u8>,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            max_line_bytes: 1 << 20,
            day_first_dates: false,
            lenient_timelines: false,
            vocabulary: Arc::default(),
            separator: None,
        }
    }
}

impl ReadOptions {
    /// The default options: 1 MiB lines, ISO dates only.
    pub fn new() -> ReadOptions {
        ReadOptions::default()
    }

    /// Sets the longest line accepted, in bytes.
    pub fn max_line_bytes(mut self, bytes: usize) -> ReadOptions {
        self.max_line_bytes = bytes;
        self
    }

    /// Counts records with contradicting moments, each reported, instead of refusing them.
    pub fn lenient_timelines(mut self, yes: bool) -> ReadOptions {
        self.lenient_timelines = yes;
        self
    }

    /// Reads dates written `dd/mm/yyyy` as well as `yyyy-mm-dd`.
    pub fn day_first_dates(mut self, yes: bool) -> ReadOptions {
        self.day_first_dates = yes;
        self
    }

    /// Reads CSV files with `separator` between fields rather than the one found from the header.
    pub fn separator(mut self, separator: u8) -> ReadOptions {
        self.separator = Some(separator);
        self
    }

    /// Reads the record files with the office's own headers and words.
    pub fn vocabulary(mut self, vocabulary: Vocabulary) -> ReadOptions {
        self.vocabulary = Arc::new(vocabulary);
        self
    }
}

/// A problem found in an input that does not stop it being read (an unknown column that looks
/// like a misspelt known one, a file with a header and no rows), with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file or input.
    pub source: String,
    /// The 1-based line, when known.
    pub line: Option<u64>,
    /// What was found.
    pub notice: Notice,
}

/// What a [`Warning`] found. New kinds may be added in minor releases.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Notice {
    /// A column the file may not have, which looks like a misspelt one it may: it is ignored.
    UnknownColumn {
        /// The column's header.
        column: String,
        /// The column it probably means.
        similar: String,
    },
    /// A file with a header (or only blank lines) and no records.
    NoRecords,
    /// A dossier file without a column the counts rest on: without `received_at` dossiers fall in
    /// periods by `submitted_at`, without `due_at` they are judged against the procedure's
    /// statutory time, without `finished_at` they are settled when handed over (`returned_at`),
    /// or never when that column is absent too; without `channel`, `paid_online`, `result_file`
    /// or `component_files` every dossier counts as in person, not paid online, without an
    /// electronic result or digitised components (SPEC §4), and the rates resting on them are 0.
    NoColumn {
        /// The field.
        field: String,
        /// The field whose column is read in its place, if any.
        instead: Option<String>,
    },
    /// A record whose moments contradict each other, counted as written (lenient timelines).
    CountedAsWritten {
        /// The field at fault.
        field: String,
        /// What contradicts what.
        problem: Problem,
    },
    /// More records counted as written than are listed one by one.
    MoreCountedAsWritten {
        /// How many beyond those listed.
        count: u64,
    },
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Notice::UnknownColumn { column, similar } => write!(
                f,
                "the column '{}' is not one this file may have, so it is ignored: did you mean {}?",
                printable(column),
                printable(similar)
            ),
            Notice::NoRecords => f.write_str("the file holds no records"),
            Notice::NoColumn { field, instead } => {
                write!(
                    f,
                    "the file has no column for {field}, which the counts rest on (see SPEC §4)"
                )?;
                match instead {
                    Some(instead) => write!(f, "; {instead} is read in its place"),
                    None => Ok(()),
                }
            }
            Notice::CountedAsWritten { field, problem } => {
                write!(f, "field {field}: {problem}; counted as written")
            }
            Notice::MoreCountedAsWritten { count } => write!(
                f,
                "{count} more records with contradicting moments counted as written"
            ),
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{} line {line}: {}", self.source, self.notice),
            None => write!(f, "{}: {}", self.source, self.notice),
        }
    }
}

/// Reads a whole input as UTF-8 text (a UTF-8 byte-order mark skipped, UTF-16 with a mark
/// decoded); errors name `name` and the line. For the JSON inputs (counts, methodology, the
/// portal's responses), which are read whole.
pub fn read_text(reader: impl Read, name: &str) -> Result<String> {
    let mut text = Text::new(
        reader,
        name,
        &ReadOptions {
            max_line_bytes: usize::MAX,
            ..ReadOptions::default()
        },
    )?;
    let mut bytes = Vec::new();
    text.inner
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(&text.name, e))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => Err(utf8(e.as_bytes(), name, 1).err().unwrap_or_else(|| {
            Error::from(ErrorKind::Encoding {
                as_windows_1258: String::new(),
            })
            .at(name, None)
        })),
    }
}

/// The header row of a CSV input: its column names (trimmed), the separator found and the line it
/// is on; what a program looks at to recognise an office's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The column names, trimmed.
    pub names: Vec<String>,
    /// The separator.
    pub separator: u8,
    /// The line the header row is on.
    pub line: u64,
}

/// Reads the header row of a CSV input (and the rows after it, up to `rows`, as text fields),
/// under `options` (encodings and separators as every reader handles them).
///
/// Errors: as every CSV reader's: an empty or binary input, text that is not UTF-8, no header, a
/// column named twice, a row of another width.
pub fn read_header(
    reader: impl Read,
    name: &str,
    options: &ReadOptions,
    rows: usize,
) -> Result<(Header, Vec<Vec<String>>)> {
    let mut csv = csv::CsvReader::new(reader, name, options)?;
    let header = Header {
        names: csv.header().to_vec(),
        separator: csv.separator(),
        line: csv.header_line(),
    };
    let mut sample = Vec::new();
    let mut record = csv::CsvRecord::default();
    while sample.len() < rows && csv.read(&mut record)? {
        sample.push(
            (0..record.len())
                .map(|i| record.get(i).unwrap_or_default().trim().to_owned())
                .collect(),
        );
    }
    Ok((header, sample))
}

/// The most bytes [`read_file`] reads: the inputs read whole (counts, methodologies, the
/// portal's responses) are megabytes; anything larger is not one of them.
pub const MOST_WHOLE_FILE_BYTES: u64 = 1 << 30;

/// Reads the file at `path` whole as UTF-8 text, as [`read_text`] does; errors name the path.
///
/// Only a regular file is opened (a pipe would wait for a writer forever, a device never ends),
/// and no more than [`MOST_WHOLE_FILE_BYTES`] of it is read.
pub fn read_file(path: &str) -> Result<String> {
    let io = |source| ErrorKind::Io {
        path: path.to_owned(),
        source,
    };
    let metadata = std::fs::metadata(path).map_err(io)?;
    if !metadata.is_file() {
        return Err(ErrorKind::NotAFile {
            path: path.to_owned(),
        }
        .into());
    }
    let too_large = || ErrorKind::FileTooLarge {
        path: path.to_owned(),
        limit: MOST_WHOLE_FILE_BYTES,
    };
    // Said before reading when the file system knows; counted while reading when it grows.
    if metadata.len() > MOST_WHOLE_FILE_BYTES {
        return Err(too_large().into());
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bounded = file.take(MOST_WHOLE_FILE_BYTES + 1);
    let text = read_text(&mut bounded, path)?;
    if bounded.limit() == 0 {
        return Err(too_large().into());
    }
    Ok(text)
}

/// `bytes`, whose first line is `line` of `name`, as UTF-8; the error names the line of the first
/// bad byte.
fn utf8<'b>(bytes: &'b [u8], name: &str, line: u64) -> Result<&'b str> {
    std::str::from_utf8(bytes).map_err(|e| {
        let bad = e.valid_up_to();
        let before = bytes.get(..bad).unwrap_or_default();
        let lines_in = memchr::memchr_iter(b'\n', before).count() as u64;
        let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        let end = bytes
            .get(bad..)
            .and_then(|b| memchr::memchr(b'\n', b))
            .map_or(bytes.len(), |i| bad + i);
        not_utf8(bytes.get(start..end).unwrap_or_default()).at(name, Some(line + lines_in))
    })
}

/// The error for a line that is not UTF-8, showing what it says if it was written in
/// Windows-1258 (the Vietnamese Windows code page) so the office recognises its own text.
pub(super) fn not_utf8(line: &[u8]) -> Error {
    let (as_cp1258, _, _) = encoding_rs::WINDOWS_1258.decode(line);
    let shown: String = as_cp1258.chars().take(60).collect();
    ErrorKind::Encoding {
        as_windows_1258: printable(&shown).into_owned(),
    }
    .into()
}

fn io_error(name: &str, source: io::Error) -> Error {
    Error::from(ErrorKind::Io {
        path: name.to_owned(),
        source,
    })
}

/// A source of bytes: a file's start is sniffed for a byte-order mark; a part of a file cut for
/// the cores is read as it is.
enum Bytes<R: Read> {
    Sniffed(DecodeReaderBytes<R, Vec<u8>>),
    Raw(R),
}

impl<R: Read> Read for Bytes<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Bytes::Sniffed(r) => r.read(buf),
            Bytes::Raw(r) => r.read(buf),
        }
    }
}

/// An input as numbered lines of bytes, each at most [`ReadOptions::max_line_bytes`] long.
pub(crate) struct Text<R: Read> {
    inner: BufReader<Bytes<R>>,
    name: String,
    /// The lines read so far: the number of the last one.
    line: u64,
    /// The line end of the last line read (empty for a last line without one): a quoted field
    /// across lines keeps the ends it had.
    ended_by: &'static [u8],
    max_line: usize,
}

impl<R: Read> Text<R> {
    /// Opens a whole input: its byte-order mark is handled, and an empty input or one holding NUL
    /// bytes in its first block is an error.
    pub(crate) fn new(reader: R, name: &str, options: &ReadOptions) -> Result<Text<R>> {
        let decoded = DecodeReaderBytesBuilder::new()
            .strip_bom(true)
            // UTF-8 stays as it is, so a bad byte is reported rather than replaced.
            .utf8_passthru(true)
            .build(reader);
        let mut text = Text::over(Bytes::Sniffed(decoded), name, options, 0, 64 << 10);
        let start = text.inner.fill_buf().map_err(|e| io_error(&text.name, e))?;
        if start.is_empty() {
            return Err(Error::layout(Problem::EmptyFile).at(name, None));
        }
        if memchr::memchr(0, start).is_some() {
            return Err(Error::layout(Problem::BinaryFile).at(name, Some(1)));
        }
        Ok(text)
    }

    /// Reads a part of a file cut at a line end, whose first line is line `lines_before + 1`.
    pub(crate) fn part(reader: R, name: &str, options: &ReadOptions, lines_before: u64) -> Text<R> {
        // A part is a large share of a large file: a larger buffer reads it in fewer calls.
        Text::over(Bytes::Raw(reader), name, options, lines_before, 1 << 20)
    }

    fn over(
        bytes: Bytes<R>,
        name: &str,
        options: &ReadOptions,
        line: u64,
        buffer: usize,
    ) -> Text<R> {
        Text {
            inner: BufReader::with_capacity(buffer, bytes),
            name: name.to_owned(),
            line,
            ended_by: b"",
            max_line: options.max_line_bytes,
        }
    }

    /// The input's name, for errors.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// The number of the last line read (0 before the first).
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    /// The line end of the last line read: `\n`, `\r\n`, `\r`, or nothing at the input's end.
    pub(crate) fn ended_by(&self) -> &'static [u8] {
        self.ended_by
    }

    /// The longest line accepted.
    pub(crate) fn max_line(&self) -> usize {
        self.max_line
    }

    /// An error of the layout at the current line.
    pub(crate) fn error(&self, problem: Problem) -> Error {
        Error::layout(problem).at(&self.name, Some(self.line))
    }

    /// Reads the next line into `out`, without its line end (`\n`, `\r\n`, or a lone `\r` as old
    /// Mac files end lines); `Ok(false)` at the end of the input.
    pub(crate) fn read_line(&mut self, out: &mut Vec<u8>) -> Result<bool> {
        out.clear();
        self.ended_by = b"";
        loop {
            let buffer = self.inner.fill_buf().map_err(|e| io_error(&self.name, e))?;
            if buffer.is_empty() {
                if out.is_empty() {
                    return Ok(false);
                }
                break;
            }
            let end = memchr::memchr2(b'\n', b'\r', buffer);
            let taken = end.unwrap_or(buffer.len());
            if out.len() + taken > self.max_line {
                self.line += 1;
                return Err(self.error(Problem::LineTooLong {
                    limit: self.max_line,
                }));
            }
            out.extend_from_slice(buffer.get(..taken).unwrap_or_default());
            let Some(end) = end else {
                self.inner.consume(taken);
                continue;
            };
            let cr = buffer.get(end) == Some(&b'\r');
            let crlf = cr && buffer.get(end + 1) == Some(&b'\n');
            let cut = cr && end + 1 == buffer.len();
            self.ended_by = match (cr, crlf) {
                (_, true) => b"\r\n",
                (true, false) => b"\r",
                (false, _) => b"\n",
            };
            self.inner.consume(taken + 1 + usize::from(crlf));
            // A `\r` last in the buffer: the `\n` of its `\r\n` may be first in the next one.
            if cut {
                let next = self.inner.fill_buf().map_err(|e| io_error(&self.name, e))?;
                if next.first() == Some(&b'\n') {
                    self.inner.consume(1);
                    self.ended_by = b"\r\n";
                }
            }
            break;
        }
        self.line += 1;
        Ok(true)
    }

    /// The bytes of a line read (or of a record spread over lines starting at `line`) as UTF-8.
    pub(crate) fn utf8<'b>(&self, bytes: &'b [u8], line: u64) -> Result<&'b str> {
        utf8(bytes, &self.name, line)
    }
}
