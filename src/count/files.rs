//! A dossier file counted on every core: the file cut at line ends into parts read side by
//! side ([`Counting::add_dossier_file`]), or read on one core while another counts its rows
//! ([`Counting::add_dossiers_from`]), and dossiers in memory cut into parts
//! ([`Counting::count_dossiers`]); each part's tally merged in file order.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::sync::mpsc;

use super::tally::{Appending, Tally};
use crate::cores::{cores, in_parts};
use crate::error::{Error, ErrorKind, Internal, Result};
use crate::record::{read_dossier_part, Dossier, Format, Located, Records};

use super::counting::Counting;

/// A part of a dossier file, counted.
struct Part {
    tally: Result<Tally>,
    /// Its lines (the CSV header not included).
    lines: u64,
    /// It holds a quote or a lone carriage return, so the file must go through the CSV reader.
    needs_csv_reader: bool,
}

/// A reader that tells `progress` of each block it reads.
struct Reporting<'p, R> {
    inner: R,
    progress: &'p (dyn Fn(u64) + Sync),
}

impl<'p, R> Reporting<'p, R> {
    fn new(inner: R, progress: &'p (dyn Fn(u64) + Sync)) -> Reporting<'p, R> {
        Reporting { inner, progress }
    }
}

impl<R: Read> Read for Reporting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        (self.progress)(read as u64);
        Ok(read)
    }
}

impl Counting {
    /// Counts in-memory dossiers on every core of the machine: the slice is cut into parts counted
    /// side by side and merged in order, so a later repeat of an id still wins.
    pub fn count_dossiers(&self, dossiers: &[Dossier]) -> Result<Tally> {
        let parts = in_parts("counting", dossiers, |_, part| {
            let mut entries = Appending::with_capacity(part.len());
            for dossier in part {
                let entry = self
                    .dossier_entry(dossier)
                    .map_err(|e| e.at(&format!("dossier {}", dossier.id), None))?;
                entries.push(&dossier.id, entry);
            }
            Ok(Tally::of_dossiers(entries, self.setup))
        })?;
        let mut tally = Tally::default();
        for part in parts {
            tally.merge(part);
        }
        Ok(tally)
    }

    /// Counts a stream of dossiers (a file being read) into `tally` on two cores: one reads and
    /// parses rows while the other counts them, in file order, so a later repeat of an id wins.
    /// Errors name `source` and the line.
    pub fn add_dossiers_from<R: io::Read + Send>(
        &self,
        tally: &mut Tally,
        rows: Records<Dossier, R>,
        source: &str,
    ) -> Result<()> {
        const BATCH: usize = 4096;
        std::thread::scope(|scope| {
            let (sender, receiver) = mpsc::sync_channel::<Vec<Result<Located<Dossier>>>>(8);
            let reader = scope.spawn(move || {
                let mut rows = rows;
                let mut batch = Vec::with_capacity(BATCH);
                for row in rows.by_ref() {
                    batch.push(row);
                    if batch.len() == BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                        if sender.send(full).is_err() {
                            return Vec::new();
                        }
                    }
                }
                let _ = sender.send(batch);
                rows.warnings().to_vec()
            });
            let counted = (|| {
                for batch in receiver {
                    for row in batch {
                        let row = row?;
                        self.add_dossier(tally, &row.record)
                            .map_err(|e| e.at(source, Some(row.line)))?;
                    }
                }
                Ok(())
            })();
            // The reader stops when the receiver is gone; a panic there is reported, not resumed.
            match reader.join() {
                Ok(warnings) => {
                    tally.warnings.extend(warnings);
                    counted
                }
                Err(_) => Err(Error::internal(Internal::ThreadFailed {
                    work: "reading a dossier file",
                })
                .at(source, None)),
            }
        })
    }

    /// Counts a dossier file (CSV, or JSON Lines for `.jsonl`) into `tally` on every core: the file
    /// is cut at line ends into one part per core, each part is read and counted on its own, and the
    /// parts' tallies are merged in file order, so a later repeat of an id still wins. A CSV file
    /// with quotes (whose fields might hold line breaks) is read by one thread and counted by
    /// another instead. Memory grows with the dossiers counted, not with the file.
    pub fn add_dossier_file(&self, tally: &mut Tally, path: &str) -> Result<()> {
        self.add_dossier_file_reporting(tally, path, &|_| {})
    }

    /// [`add_dossier_file`](Counting::add_dossier_file), telling `progress` of every block of
    /// bytes read as it is read (from any core), so a program can show how far it has got: the
    /// blocks add up to the file's size, or to twice as much when the file turns out to need the
    /// CSV reader and is read again.
    pub fn add_dossier_file_reporting(
        &self,
        tally: &mut Tally,
        path: &str,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<()> {
        let format = Format::of_path(path);
        let io_error = |source| {
            Error::from(ErrorKind::Io {
                path: path.to_owned(),
                source,
            })
        };
        let open = || File::open(path).map_err(io_error);
        let cores = cores();
        let whole = |tally: &mut Tally| {
            let file = Reporting::new(open()?, progress);
            let rows = self.reading.dossiers(file, format, path)?;
            self.add_dossiers_from(tally, rows, path)
        };
        let Some(plan) = cut_at_lines(&mut open()?, format, cores).map_err(io_error)? else {
            return whole(tally);
        };
        let parts = in_parts("counting", &plan.parts, |first, parts| {
            let mut done = Vec::with_capacity(parts.len());
            for (k, &(start, end)) in parts.iter().enumerate() {
                let mut file = open()?;
                file.seek(SeekFrom::Start(start)).map_err(io_error)?;
                let bytes = end - start;
                let part = Reporting::new(file.take(bytes), progress);
                // The header's warnings are the first part's.
                let header = first + k == 0;
                done.push(self.count_part(&plan.header, header, part, format, path, bytes));
            }
            Ok(done)
        })?;
        let parts: Vec<Part> = parts.into_iter().flatten().collect();
        if parts.iter().any(|part| part.needs_csv_reader) {
            return whole(tally);
        }
        // Lines are numbered within each part; an error's line moves by the lines before its part.
        let mut lines_before = 0;
        for part in parts {
            let mut counted = part.tally.map_err(|e| e.shift_line(lines_before))?;
            for warning in &mut counted.warnings {
                if let Some(line) = &mut warning.line {
                    *line += lines_before;
                }
            }
            tally.merge(counted);
            lines_before += part.lines;
        }
        Ok(())
    }

    /// Counts one part of a file, its lines numbered from the part (after the CSV header, line 1).
    fn count_part(
        &self,
        header: &[u8],
        header_warnings: bool,
        body: impl io::Read,
        format: Format,
        path: &str,
        bytes: u64,
    ) -> Part {
        let read = read_dossier_part(header, header_warnings, body, format, path, &self.reading);
        let mut rows = match read {
            Ok(rows) => rows,
            Err(e) => {
                return Part {
                    tally: Err(e),
                    lines: 0,
                    needs_csv_reader: false,
                }
            }
        };
        // About 150 bytes a row: room made at once spares the growth.
        let mut entries = Appending::with_capacity((bytes / 150) as usize);
        let mut row = Located {
            record: Dossier::blank(),
            line: 0,
        };
        let mut counted = Ok(());
        while let Some(read) = rows.read_into(&mut row) {
            counted = read.and_then(|()| {
                // The part's reader (this setup's options) checked the timeline.
                let entry = self
                    .read_dossier_entry(&row.record)
                    .map_err(|e| e.at(path, Some(row.line)))?;
                entries.push(&row.record.id, entry);
                Ok(())
            });
            if counted.is_err() {
                break;
            }
        }
        Part {
            lines: (rows.lines_read()).saturating_sub(u64::from(format == Format::Csv)),
            needs_csv_reader: rows.needs_csv_reader(),
            tally: counted.map(|()| {
                let mut tally = Tally::of_dossiers(entries, self.setup);
                tally.warnings = rows.warnings().to_vec();
                tally
            }),
        }
    }
}

/// How to read a file in parts: the CSV header line to put in front of every part, and each part's
/// byte range.
pub(super) struct SplitPlan {
    pub(super) header: Vec<u8>,
    pub(super) parts: Vec<(u64, u64)>,
}

/// Cuts a file into `cores` parts at line ends, or says it should be read whole (one core, a small
/// file). Only the header and a little around each cut are read here; the thread that reads a part
/// checks it for quotes.
pub(super) fn cut_at_lines(
    file: &mut File,
    format: Format,
    cores: usize,
) -> io::Result<Option<SplitPlan>> {
    const SMALL: u64 = 1 << 20;
    let size = file.metadata()?.len();
    if cores < 2 || size < SMALL {
        return Ok(None);
    }
    // UTF-16 (with its byte-order mark) has two-byte line ends: it is decoded as one stream.
    let mut mark = [0u8; 2];
    file.read_exact(&mut mark)?;
    if mark == [0xFF, 0xFE] || mark == [0xFE, 0xFF] {
        return Ok(None);
    }
    let header = match format {
        Format::Csv => match line_end_after(file, 0)? {
            Some(end) => {
                let mut header = vec![0u8; end as usize];
                file.seek(SeekFrom::Start(0))?;
                file.read_exact(&mut header)?;
                header
            }
            None => return Ok(None),
        },
        Format::JsonLines => Vec::new(),
    };
    let mut parts = Vec::with_capacity(cores);
    let mut start = header.len() as u64;
    for k in 1..cores as u64 {
        let Some(cut) = line_end_after(file, (size * k / cores as u64).max(start))? else {
            break;
        };
        if cut > start && cut < size {
            parts.push((start, cut));
            start = cut;
        }
    }
    parts.push((start, size));
    Ok(Some(SplitPlan { header, parts }))
}

/// The position just after the first line end at or after `from`, if any.
fn line_end_after(file: &mut File, from: u64) -> io::Result<Option<u64>> {
    file.seek(SeekFrom::Start(from))?;
    let mut buffer = [0u8; 64 << 10];
    let mut at = from;
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            return Ok(None);
        }
        if let Some(i) = buffer[..read].iter().position(|&b| b == b'\n') {
            return Ok(Some(at + i as u64 + 1));
        }
        at += read as u64;
    }
}
