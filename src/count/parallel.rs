//! Work on every core: in-memory parts, and files cut at line ends.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

use crate::error::Result;
use crate::record::Format;

/// The machine's cores (1 when it cannot tell), asked once: asking reads the control group's
/// files, which costs as much as scoring a small table.
pub(crate) fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Runs `work` on every core over parts of `items` cut in order (given each part's first
/// position and the part), and returns the results in that order (so merging them keeps the
/// records' order); the first error wins.
pub(super) fn on_every_core<I: Sync, T: Send>(
    items: &[I],
    work: impl Fn(usize, &[I]) -> Result<T> + Sync,
) -> Result<Vec<T>> {
    let cores = cores();
    let size = items.len().div_ceil(cores).max(1);
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(size)
            .enumerate()
            .map(|(k, part)| scope.spawn(move || work(k * size, part)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(crate::Error::syntax("a counting thread failed")))
            })
            .collect()
    })
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
