//! Scores Vietnamese administrative units on the citizen-and-business service index of Decision
//! 766/QĐ-TTg (“Bộ chỉ số phục vụ người dân và doanh nghiệp”) exactly as the national public-service
//! portal (Cổng Dịch vụ công quốc gia, DVCQG) scores them, and ranks and reports the results.
//!
//! A province's one-stop-shop system hands this crate the counts of its units for a period
//! (dossiers on time, online, paid online, digitized, petitions handled…) and gets back, per unit,
//! each criterion's rate and points, each group's points and the total — the same figures the portal
//! publishes, to the hundredth — plus the rankings of its departments and communes.
//!
//! # Quick example
//!
//! Phú Thọ's province-level counts for 2026 (as the portal showed them on 26/09/2026) score 61.89:
//!
//! ```
//! use chiso766::{score, Counts, Methodology, ScoreOptions};
//!
//! let counts = Counts::from_json(chiso766::examples::PHU_THO_2026)?;
//! let methodology = Methodology::builtin("dvcqg-2026")?;
//! let card = score(&methodology, &counts, &ScoreOptions::default())?;
//!
//! let phu_tho = card.unit("H44").unwrap();
//! assert_eq!(phu_tho.total.unwrap().to_string(), "61.89");
//! assert_eq!(phu_tho.group("TTTT").unwrap().points.unwrap().to_string(), "6.67");
//! println!("{}", chiso766::report::unit_text(&card, "H44", None)?);
//! # Ok::<(), chiso766::Error>(())
//! ```
//!
//! # The data flow, and where each part lives
//!
//! - [`methodology`]: editions as data ([`Methodology`]): groups, criteria, maxima, rules, thresholds,
//!   zero-denominator policies, arithmetic, rounding. `dvcqg-2026` and `qd766-groups` are built in; a
//!   new edition is a JSON file.
//! - [`unit`](mod@unit): the unit tree ([`Unit`], [`Level`], [`UnitTree`]) and peer sets.
//! - [`period`]: months, quarters, years and date ranges ([`Period`]).
//! - [`calendar`]: civil time in Vietnam and working time, with the official days off as data.
//! - [`printable`](mod@printable): text a person reads made safe to print (what would act rather
//!   than show written out, long names cut), the one rule every output and error applies.
//! - [`input`]: files as offices write them (encodings, separators, line numbers, limits), under
//!   every reader.
//! - [`record`]: raw records of a one-stop-shop system (dossiers, petitions, procedures, units).
//! - [`count`]: records → counts by the portal's rules ([`count::Counting`], mergeable
//!   [`count::Tally`]).
//! - [`interchange`]: the interchange counts ([`Counts`]) read from and written to JSON or CSV, with
//!   their roll-up through the unit tree.
//! - [`stats`]: the processing statistics of the monthly one-stop report (SPEC §8), judged in
//!   the same pass as the counts ([`stats::Statistics`]).
//! - [`score`](mod@score): counts → points ([`score()`], [`Scorecard`]).
//! - [`rank`](mod@rank): rankings within peer sets and changes between scorecards ([`rank()`], [`deltas`]).
//! - [`compiled`]: the nation scored and ranked at the speed of the arithmetic (a methodology
//!   compiled once into a [`compiled::ScoringPlan`]), the same points and ranks as [`score()`].
//! - [`live`]: a scorecard kept live event by event ([`live::LiveScorecard`]): a dossier received
//!   or settled updates its unit, its ancestors and their ranks in microseconds.
//! - [`report`]: the monthly report and the index report as one value
//!   ([`report::MonthlyReport`]), rendered as Vietnamese text (decimal comma, “xếp hạng 12/34”),
//!   Markdown, HTML with SVG charts, CSV for Excel, an Excel workbook and JSON; scorecards as text
//!   and JSON.
//! - [`plan`]: what to fix and how much (SPEC §9): points lost, and the exact least change of a
//!   count that reaches a target.
//! - [`portal`]: the national portal's own responses read into counts and published scores, to
//!   compare one's figures with the portal's.
//!
//! # Features
//!
//! - `xlsx` (off by default): the reports as Excel workbooks (`report::xlsx`, with
//!   `rust_xlsxwriter`), so the core builds without it.
//! - `docx` (off by default): the reports as Word documents (`report::docx`, with `docx-rs`), the
//!   form officials edit and sign.
//! - `synthetic` (off by default): a deterministic synthetic nation (`examples::synthetic`: a
//!   PRNG, units, records and counts) for examples, tests and benchmarks.
//!
//! Points are exact decimals ([`rust_decimal::Decimal`]) rounded only where the methodology says,
//! half away from zero; the one place the portal computes in binary floating point (online payment)
//! is the named setting [`Arithmetic::PortalFloatPercentFirst`](methodology::Arithmetic).
//!
//! Every failure is an [`Error`] that names the unit, criterion, field or line; nothing panics on bad
//! input, and missing data is never taken as zero.
//!
//! Where to go next: the [`guide`] explains the index and how the portal scores it; the
//! [`cookbook`] shows common tasks (score a CSV, rank communes, compare with the portal, write a
//! methodology edition); the [`design`] page says why the code has its shape, for whoever changes
//! it.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod calendar;
pub mod compiled;
mod cores;
pub mod count;
pub mod error;
pub mod examples;
mod fast_hash;
pub mod input;
pub mod interchange;
pub mod live;
pub mod methodology;
mod notation;
pub mod period;
pub mod plan;
pub mod portal;
pub mod printable;
pub mod rank;
pub mod record;
pub mod report;
pub mod score;
pub mod stats;
pub mod unit;

#[doc = include_str!("doc/guide.md")]
pub mod guide {}

#[doc = include_str!("doc/cookbook.md")]
pub mod cookbook {}

#[doc = include_str!("doc/design.md")]
pub mod design {}

// The README's example runs as a doctest, so it stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExample;

pub use error::{Error, ErrorKind, Location, Result};
pub use input::{ReadOptions, Warning};
pub use interchange::{Counts, CriterionCount, UnitCounts};
pub use jiff::civil::Date;
pub use methodology::Methodology;
pub use period::Period;
pub use rank::{deltas, rank, rank_all, RankBy, RankMethod, Ranking};
pub use rust_decimal::Decimal;
pub use score::{score, ScoreOptions, Scorecard, UnitScore};
pub use unit::{Level, Unit, UnitTree};
