//! Reports officials read, in Vietnamese (decimal comma, thousands dot, “xếp hạng 12/34”), and
//! the same figures as data for other programs.
//!
//! - A unit's scorecard and a ranking table as text ([`unit_text`], [`ranking_text`]), a scorecard
//!   as JSON ([`scorecard_json`]), an improvement plan as text ([`plan_text`]).
//! - The monthly one-stop report (SPEC §8), a typed value ([`MonthlyReport`]) built from
//!   processing statistics, with the index report ([`IndexReport`]) of the same period when
//!   scores are at hand. One value, many renderings: text in the seeds' own style ([`text`]),
//!   Markdown ([`markdown`]), one self-contained HTML file with SVG charts ([`html`]), CSV for
//!   Excel in the Vietnamese locale ([`csv`]), an Excel workbook behind the `xlsx` feature, and
//!   JSON (the value itself, through `serde`). Renderers read the value; they compute nothing.
//!
//! ```
//! use chiso766::report::{format_count, format_decimal};
//! use rust_decimal::Decimal;
//!
//! assert_eq!(format_decimal(Decimal::new(6189, 2)), "61,89");
//! assert_eq!(format_decimal(Decimal::new(12345678, 1)), "1.234.567,8");
//! assert_eq!(format_count(597_918), "597.918");
//! ```

pub mod csv;
mod document;
#[cfg(feature = "docx")]
pub mod docx;
mod findings;
pub mod html;
mod index;
pub mod markdown;
mod monthly;
mod plan;
mod prose;
mod scorecard;
mod table;
pub mod text;
#[cfg(feature = "xlsx")]
pub mod xlsx;

pub use crate::notation::{
    format_count, format_decimal, format_percent, format_points, rank_label,
};
pub use document::{
    subject, Document, APPENDIX, BLANK, KIND, MOTTO, NATION, RECIPIENTS, WITH_APPENDIX,
};
pub use findings::finding_sentence;
pub use index::{
    CriterionLine, GroupLine, IndexReport, LeadershipRow, NamedCriterion, RankLine, SubRanking,
    TrendPoint, WhatToFix, TREND_PERIODS,
};
pub use monthly::{
    FieldCount, Figures, Highlights, LateHolder, MonthlyOptions, MonthlyReport, Named, Pending,
    Ranked, RateFall, ScopeFigures, Standout, TierFigures, TierLeaders, UnitFigures, YearToDate,
};
pub use plan::{change_sentence, combination_sentence, overtake_sentence, plan_text, what_if_text};
pub use prose::missing_sentence;
pub use scorecard::{diagnostic_text, ranking_text, scorecard_json, unit_text, UnitSheet};
