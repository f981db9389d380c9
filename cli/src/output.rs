//! Where results go: standard output, or files, each write's failure named.

use std::io::Write as _;
use std::path::Path;

use crate::failure::Failure;
use crate::inputs::shown;

/// Prints `text` on standard output, ending with one line break. A closed pipe (`| head`) is not
/// worth an error.
pub fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", text.trim_end());
}

/// Writes `bytes` to the file at `path`, creating its folder.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let fail = |source| {
        Failure::Library(
            chiso766::ErrorKind::Io {
                path: shown(path),
                source,
            }
            .into(),
        )
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    std::fs::write(path, bytes).map_err(fail)
}

/// Errors when `path` exists and is not to be overwritten.
pub fn refuse_overwrite(path: &Path, force: bool) -> Result<(), Failure> {
    if path.exists() && !force {
        return Err(Failure::usage(
            format!("tệp {} đã có", path.display()),
            "chạy lại với --force để ghi đè, hoặc ghi vào tệp khác với --out",
        ));
    }
    Ok(())
}

/// A period as a file name holds it: `2026-10`, `2026-09-21_2026-10-20`.
pub fn period_in_name(period: &chiso766::Period) -> String {
    period.to_string().replace("..", "_")
}
