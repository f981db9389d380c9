//! How a run ends badly: the library's error, a problem of the profile or the command line, a
//! comparison that found differences; each with its exit status and its Vietnamese message.

use std::process::ExitCode;

use crate::messages::{Context, Message};
use crate::profile::ProfileError;

/// Why a command stopped.
#[derive(Debug)]
pub enum Failure {
    /// The library refused the input.
    Library(chiso766::Error),
    /// The profile cannot be read or is wrong at a line.
    Profile(ProfileError),
    /// The command line asks for something that cannot be done.
    Usage {
        /// What is wrong.
        what: String,
        /// What to do.
        fix: Option<String>,
    },
    /// A comparison found differences (already printed).
    Differences,
    /// A check found problems (already printed).
    Problems,
}

impl From<chiso766::Error> for Failure {
    fn from(error: chiso766::Error) -> Failure {
        Failure::Library(error)
    }
}

impl From<ProfileError> for Failure {
    fn from(error: ProfileError) -> Failure {
        Failure::Profile(error)
    }
}

impl Failure {
    /// A usage problem with a fix.
    pub fn usage(what: impl Into<String>, fix: impl Into<String>) -> Failure {
        Failure::Usage {
            what: what.into(),
            fix: Some(fix.into()),
        }
    }

    /// The message, in Vietnamese; none for a failure already printed.
    pub fn message(&self, context: &Context) -> Option<Message> {
        Some(match self {
            Failure::Library(error) | Failure::Profile(ProfileError::Unreadable(error)) => {
                context.error(error)
            }
            Failure::Profile(ProfileError::At {
                path,
                line,
                what,
                fix,
            }) => Message {
                place: match line {
                    Some(line) => format!("{path}, dòng {line}"),
                    None => path.clone(),
                },
                what: what.clone(),
                fix: fix.clone(),
            },
            Failure::Usage { what, fix } => Message {
                place: String::new(),
                what: what.clone(),
                fix: fix.clone(),
            },
            Failure::Differences | Failure::Problems => return None,
        })
    }

    /// Whether it is a row's problem, so that other rows may have more: `check` lists them all.
    pub fn is_in_a_row(&self) -> bool {
        matches!(self, Failure::Library(error) if error.is_row_local())
    }

    /// The exit status: 1 for differences found, 2 for bad input or usage.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Differences => ExitCode::from(1),
            _ => ExitCode::from(2),
        }
    }
}
