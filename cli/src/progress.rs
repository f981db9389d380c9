//! What the program says on standard error while it works: a progress bar for long reads (only
//! when standard error is a terminal), warnings and notes, in Vietnamese.

use std::io::{IsTerminal, Read};
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::messages::Context;

/// Files smaller than this are read without a bar: it would only flicker.
const LARGE: u64 = 4 << 20;

/// How many warnings are printed one by one; the rest are counted.
const WARNINGS_SHOWN: usize = 20;

/// A bar for reading `path` (`label` says what is done with it), when the file is large and
/// standard error is a terminal; `None` otherwise, so a log or a pipe gets no bar.
pub fn bytes(path: &Path, label: &str) -> Option<ProgressBar> {
    let size = std::fs::metadata(path).ok()?.len();
    if size < LARGE || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(size), ProgressDrawTarget::stderr());
    let style =
        ProgressStyle::with_template("{msg} {wide_bar} {bytes}/{total_bytes} ({eta} còn lại)")
            .ok()?;
    bar.set_style(style);
    bar.set_message(format!("{label} {}", path.display()));
    Some(bar)
}

/// Prints the warnings, the first twenty and a count of the rest.
pub fn warn(warnings: &[chiso766::Warning], context: &Context) {
    for warning in warnings.iter().take(WARNINGS_SHOWN) {
        eprintln!("cảnh báo: {}", context.warning(warning).text());
    }
    if warnings.len() > WARNINGS_SHOWN {
        eprintln!(
            "cảnh báo: … và {} cảnh báo khác",
            chiso766::report::format_count((warnings.len() - WARNINGS_SHOWN) as u64)
        );
    }
}

/// Prints a note: something the office should know about its data.
pub fn note(text: &str) {
    eprintln!("lưu ý: {text}");
}

/// Says what was done (a file written).
pub fn done(text: &str) {
    eprintln!("{text}");
}

/// A file read with a progress bar, when there is one.
pub struct Reading<'b, R> {
    inner: R,
    bar: Option<&'b ProgressBar>,
}

impl<'b, R> Reading<'b, R> {
    /// `inner`, moving `bar` as it is read.
    pub fn new(inner: R, bar: Option<&'b ProgressBar>) -> Reading<'b, R> {
        Reading { inner, bar }
    }
}

impl<R: Read> Read for Reading<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        if let Some(bar) = self.bar {
            bar.inc(read as u64);
        }
        Ok(read)
    }
}
