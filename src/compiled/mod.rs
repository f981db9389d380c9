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

/// What a cell of a [`CountTable`] holds, beside its numerator and denominator.
const COUNTED: u8 = 0;
const NOT_APPLICABLE: u8 = 1;
const MISSING: u8 = 2;

/// A criterion's points in a [`PointTable`] when it has none: missing (no count, or none for
/// its factor), or not scored (not applicable).
const MISSING_POINTS: i64 = i64::MIN;
const NOT_SCORED: i64 = i64::MIN + 1;

/// Tables of at least this many cells are scored on two cores (and ranked on two from a quarter
/// as many units × measures, ranking being cheaper to split).
const PARALLEL_CELLS: usize = 20_000;

/// Whether the machine has a second core to score on.
fn two_cores() -> bool {
    crate::cores::cores() > 1
}

/// A group's points or a total in a [`PointTable`] when there are none (incomplete): a
/// sentinel rather than an `Option`, which would double the memory the sums run through.
const NO_SUM: i64 = i64::MIN;

/// A group's points so far with a criterion's points added: none when the criterion's are
/// missing, unchanged by a criterion not scored.
fn add_to_group(sum: i64, points: i64) -> i64 {
    match points {
        MISSING_POINTS => NO_SUM,
        NOT_SCORED => sum,
        _ if sum == NO_SUM => NO_SUM,
        p => sum.checked_add(p).unwrap_or(NO_SUM),
    }
}

/// A total so far with a group's points added: none when the group has none.
fn add_to_total(total: i64, group: i64) -> i64 {
    if total == NO_SUM || group == NO_SUM {
        return NO_SUM;
    }
    total.checked_add(group).unwrap_or(NO_SUM)
}

/// A sum, unless there is none.
fn some_sum(sum: i64) -> Option<i64> {
    (sum != NO_SUM).then_some(sum)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Arc;

    use super::points::*;
    use super::table::*;
    use super::*;
    use crate::unit::PeerSet;

    /// A table of `values` (one peer set, one measure: the total) and its ranks.
    fn ranks_of(values: &[Option<i64>]) -> Vec<Option<u32>> {
        let units = values.len();
        let table = CountTable {
            units: Arc::new(TableUnits {
                codes: (0..units).map(|u| format!("U{u}")).collect(),
                index: HashMap::new(),
                peers: vec![Some(0); units],
                peer_sets: vec![PeerSet {
                    level: crate::unit::Level::Commune,
                    under: None,
                }],
                methodology: "m".into(),
                given: Vec::new(),
                lenient: false,
            }),
            nums: Vec::new(),
            dens: Vec::new(),
            states: Vec::new(),
        };
        let points = PointTable {
            places: 2,
            units,
            points: Vec::new(),
            group_points: Vec::new(),
            totals: values.iter().map(|v| v.unwrap_or(NO_SUM)).collect(),
        };
        let ranks = points.ranks(&table);
        (0..units).map(|u| ranks.total(u)).collect()
    }

    // Competition ranks whether the points pack into 64 bits or need 128 (past 2³² ticks, or
    // below zero).
    #[test]
    fn ranks_pack_any_points() {
        let small = [Some(5), Some(9), None, Some(5), Some(1)];
        assert_eq!(ranks_of(&small), [Some(2), Some(1), None, Some(2), Some(4)]);
        let large = [Some(5 << 40), Some(9 << 40), None, Some(5 << 40), Some(-1)];
        assert_eq!(ranks_of(&large), [Some(2), Some(1), None, Some(2), Some(4)]);
    }
}
