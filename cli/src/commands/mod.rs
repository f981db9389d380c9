//! One file per command.

pub mod check;
pub mod compare;
pub mod count;
pub mod explain;
pub mod init;
pub mod plan;
pub mod report;
pub mod score;
pub mod template;
