//! The integration tests, one binary with a module per topic (one link step on two cores).

mod calendar;
mod common;
mod compiled;
mod counting;
mod golden_spec;
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
