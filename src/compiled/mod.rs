//! Scores and ranks at the speed of the arithmetic: a methodology compiled once into a flat
//! [`ScoringPlan`] (criterion slots whose points are computed on integers), applied to counts
//! laid out as a [`CountTable`] (units as rows, peer sets interned), giving a [`PointTable`] of
//! points and the competition ranks of every peer set ([`Ranks`]). The periods of a setup are
//! filled from the records' sums by [`RecordTables`] and scored together by
//! [`ScoringPlan::score_and_rank`], both sharing the work among the cores.
//!
//! It computes what [`score`](crate::score()) and [`rank`](crate::rank()) compute — the same
//! roll-up, the same points to the hundredth, the same ranks — and the tests check that both
//! agree on every edition. It leaves out what ranking does not need (rates, monitors, views,
//! diagnostics): [`score`](crate::score()) gives the full [`Scorecard`](crate::Scorecard).
//!
//! ```
//! use chiso766::compiled::ScoringPlan;
//! use chiso766::{Counts, Methodology, ScoreOptions};
//!
//! let plan = ScoringPlan::new(&Methodology::builtin("dvcqg-2026")?);
//! let counts = Counts::from_json(chiso766::examples::PHU_THO_2026)?;
//! let table = plan.table(&counts, &ScoreOptions::default())?;
//! let points = plan.score(&table)?;
//! let ranks = points.ranks(&table);
//! let h44 = table.position("H44").unwrap();
//! assert_eq!(points.total(h44).unwrap().to_string(), "61.89");
//! assert_eq!((ranks.total(h44), ranks.of(h44)), (Some(1), 1));
//! # Ok::<(), chiso766::Error>(())
//! ```

mod plan;
mod points;
mod records;
mod table;

pub use plan::ScoringPlan;
pub use points::{PointTable, Ranks};
pub use records::RecordTables;
pub use table::CountTable;
