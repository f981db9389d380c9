//! What the example programs share: how they end, and how they show warnings.

use std::fmt::Display;
use std::io::Write as _;
use std::process::ExitCode;

/// Prints the program's output, or its error on standard error with a failing exit code. A closed
/// pipe (`| head`) is not an error worth a panic, so write errors on standard output are ignored.
pub fn finish<E: Display>(result: Result<String, E>) -> ExitCode {
    match result {
        Ok(text) => {
            let _ = writeln!(std::io::stdout().lock(), "{}", text.trim_end());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Says what is wrong with the command line, and how to use it (exit code 2); with no problem
/// (`--help`), prints the usage on standard output and succeeds.
pub fn usage(problem: &str, usage: &str) -> ExitCode {
    if problem.is_empty() {
        let _ = writeln!(std::io::stdout().lock(), "{usage}");
        return ExitCode::SUCCESS;
    }
    eprintln!("error: {problem}");
    eprintln!("{usage}");
    ExitCode::from(2)
}

/// Warnings go to standard error, the first twenty and a count of the rest.
#[allow(dead_code)] // Not every example reads files that warn.
pub fn warn(warnings: &[chiso766::Warning]) {
    for warning in warnings.iter().take(20) {
        eprintln!("warning: {warning}");
    }
    if warnings.len() > 20 {
        eprintln!("warning: … and {} more", warnings.len() - 20);
    }
}

/// Opens a file for reading; the error names it.
#[allow(dead_code)] // Not every example opens files.
pub fn open(path: &str) -> Result<std::fs::File, chiso766::Error> {
    std::fs::File::open(path).map_err(|source| {
        chiso766::ErrorKind::Io {
            path: path.to_owned(),
            source,
        }
        .into()
    })
}
