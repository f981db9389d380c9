//! Example data: the embedded default input of `cargo run --example score_province` and of the
//! crate's documentation, and (with the `synthetic` feature) a deterministic synthetic nation for
//! examples, tests and benchmarks.

#[cfg(feature = "synthetic")]
pub mod synthetic;

/// Phú Thọ (H44), year 2026, as the national portal showed it on 26/09/2026 (SPEC §3): the
/// province-level count of every criterion of `dvcqg-2026` in the interchange JSON. The portal
/// published 61.89 points. `ELECTRONIC_CERTIFIED_COPY` is shown by the portal as 100% without
/// counts, written here as 1/1.
pub const PHU_THO_2026: &str = include_str!("phu-tho-2026.json");
