//! `chiso766`: the program an office installs once and runs every month on its own exports — the
//! monthly one-stop report, the 766 index, what to fix — in Vietnamese.

mod args;
mod commands;
mod failure;
mod inputs;
mod messages;
mod output;
mod profile;
mod progress;
mod words;

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use args::{Cli, Command};
use failure::Failure;
use messages::Context;

fn main() -> ExitCode {
    let cli = match Cli::read() {
        Ok(cli) => cli,
        Err(error) => return command_line(&error),
    };
    let mut context = Context::new();
    match run(cli, &mut context) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if let Some(message) = failure.message(&context) {
                eprintln!("lỗi: {}", message.text());
            }
            if failure.is_in_a_row() {
                eprintln!("  Để xem mọi lỗi của các tệp cùng lúc: chiso766 check");
            }
            failure.exit_code()
        }
    }
}

fn run(cli: Cli, context: &mut Context) -> Result<(), Failure> {
    let profile = cli.profile.as_deref();
    match cli.command {
        Command::Score(args) => commands::score::run(&args, context),
        Command::Count(args) => commands::count::run(&args, profile, context),
        Command::Report(args) => commands::report::run(&args, profile, context),
        Command::Plan(args) => commands::plan::run(&args, profile, context),
        Command::Compare(args) => commands::compare::run(&args, context),
        Command::Explain(args) => commands::explain::run(&args, profile, context),
        Command::Template(args) => commands::template::run(&args, profile, context),
        Command::Check(args) => commands::check::run(&args, profile, context),
        Command::Init(args) => commands::init::run(&args),
    }
}

/// The command line could not be read: help and version go to standard output (exit 0); anything
/// else is said in Vietnamese on standard error (exit 2).
fn command_line(error: &clap::Error) -> ExitCode {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = error.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            let _ = error.print();
            return ExitCode::from(2);
        }
        _ => {}
    }
    // What the command line gave is printed by the one rule for text a person reads.
    let text = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::String(s)) => chiso766::printable::printable(s).into_owned(),
        Some(ContextValue::Strings(s)) => {
            chiso766::printable::printable(&s.join(", ")).into_owned()
        }
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let (arg, value) = (
        text(ContextKind::InvalidArg),
        text(ContextKind::InvalidValue),
    );
    let mut what = match error.kind() {
        ErrorKind::UnknownArgument => format!("không có tùy chọn {arg}"),
        ErrorKind::InvalidSubcommand => {
            format!("không có lệnh {}", text(ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} cần một giá trị"),
        ErrorKind::InvalidValue => format!("“{value}” không dùng được cho {arg}"),
        ErrorKind::ValueValidation => format!("giá trị “{value}” của {arg} không hợp lệ"),
        ErrorKind::MissingRequiredArgument => format!("thiếu {arg}"),
        ErrorKind::ArgumentConflict => {
            format!("{arg} không dùng cùng {}", text(ContextKind::PriorArg))
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("số giá trị của {arg} không đúng")
        }
        _ => "không đọc được dòng lệnh".to_owned(),
    };
    let valid = text(ContextKind::ValidValue);
    if !valid.is_empty() {
        what.push_str(&format!("; các giá trị dùng được: {valid}"));
    }
    for suggested in [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand] {
        let suggested = text(suggested);
        if !suggested.is_empty() {
            what.push_str(&format!("; có phải ý là {suggested}?"));
        }
    }
    eprintln!("lỗi: {what}\n  Xem cách dùng: chiso766 --help, hoặc chiso766 LỆNH --help");
    ExitCode::from(2)
}
