//! The integration tests, one binary with a module per topic (one link step on two cores).

mod calendar;
mod common;
mod compiled;
mod counting;
#[cfg(feature = "docx")]
mod docx;
mod golden_spec;
mod html;
mod input;
mod interchange;
mod live;
mod methodology;
mod monthly;
mod office;
mod plan;
mod portal;
mod properties;
mod rank;
mod report;
mod stats;
mod unit_tree;
mod workbook;
