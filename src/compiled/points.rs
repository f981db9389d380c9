//! Points of every unit in ticks ([`PointTable`]) and the competition ranks of every peer set
//! ([`Ranks`]).

use rust_decimal::Decimal;

use super::table::{two_cores, CountTable, PARALLEL_CELLS};

/// A criterion's points in a [`PointTable`] when it has none: missing (no count, or none for
/// its factor), or not scored (not applicable).
pub(super) const MISSING_POINTS: i64 = i64::MIN;
pub(super) const NOT_SCORED: i64 = i64::MIN + 1;

/// A group's points or a total in a [`PointTable`] when there are none (incomplete): a
/// sentinel rather than an `Option`, which would double the memory the sums run through.
pub(super) const NO_SUM: i64 = i64::MIN;

/// A group's points so far with a criterion's points added: none when the criterion's are
/// missing, unchanged by a criterion not scored.
pub(super) fn add_to_group(sum: i64, points: i64) -> i64 {
    match points {
        MISSING_POINTS => NO_SUM,
        NOT_SCORED => sum,
        _ if sum == NO_SUM => NO_SUM,
        p => sum.checked_add(p).unwrap_or(NO_SUM),
    }
}

/// A total so far with a group's points added: none when the group has none.
pub(super) fn add_to_total(total: i64, group: i64) -> i64 {
    if total == NO_SUM || group == NO_SUM {
        return NO_SUM;
    }
    total.checked_add(group).unwrap_or(NO_SUM)
}

/// A sum, unless there is none.
pub(super) fn some_sum(sum: i64) -> Option<i64> {
    (sum != NO_SUM).then_some(sum)
}

/// Points of every unit, in ticks (the methodology's smallest step), with accessors in points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointTable {
    pub(super) places: u32,
    pub(super) units: usize,
    /// A column per criterion (criterion `c`, unit `u` at `c × units + u`), with
    /// `MISSING_POINTS` and `NOT_SCORED` for the criteria without points.
    pub(super) points: Vec<i64>,
    /// A column per group; `None` when incomplete.
    pub(super) group_points: Vec<i64>,
    pub(super) totals: Vec<i64>,
}

impl PointTable {
    fn decimal(&self, ticks: Option<i64>) -> Option<Decimal> {
        ticks.map(|t| Decimal::new(t, self.places))
    }

    /// Unit `unit`'s total; `None` when incomplete.
    pub fn total(&self, unit: usize) -> Option<Decimal> {
        self.decimal(self.totals.get(unit).copied().and_then(some_sum))
    }

    /// Unit `unit`'s points of group `group` (its position in the methodology); `None` when
    /// incomplete.
    pub fn group(&self, unit: usize, group: usize) -> Option<Decimal> {
        let at = group.checked_mul(self.units)?.checked_add(unit)?;
        self.decimal(self.group_points.get(at).copied().and_then(some_sum))
    }

    pub(super) fn cell(&self, unit: usize, criterion: usize) -> i64 {
        let at = criterion * self.units + unit;
        self.points.get(at).copied().unwrap_or(MISSING_POINTS)
    }

    /// Unit `unit`'s points of criterion `criterion` (its position in the methodology);
    /// `None` when not scored or missing.
    pub fn criterion(&self, unit: usize, criterion: usize) -> Option<Decimal> {
        match self.cell(unit, criterion) {
            MISSING_POINTS | NOT_SCORED => None,
            ticks => self.decimal(Some(ticks)),
        }
    }

    /// Whether unit `unit`'s criterion `criterion` has no count (nor its factor).
    pub fn is_missing(&self, unit: usize, criterion: usize) -> bool {
        self.cell(unit, criterion) == MISSING_POINTS
    }

    /// How many measures units are ranked by: the total, then each group.
    pub(crate) fn measures(&self) -> usize {
        1 + self.group_points.len() / self.units.max(1)
    }

    /// Unit `unit`'s points in ticks by measure `measure` (0: the total; `g + 1`: group `g`).
    pub(crate) fn measure(&self, unit: usize, measure: usize) -> Option<i64> {
        match measure {
            0 => self.totals.get(unit).copied().and_then(some_sum),
            g => (self.group_points.get((g - 1) * self.units + unit))
                .copied()
                .and_then(some_sum),
        }
    }

    /// The competition ranks (equal points share a rank) by the total and by each group, in
    /// every peer set of `table`.
    pub fn ranks(&self, table: &CountTable) -> Ranks {
        let mut ranking = self.ranking(table);
        // As scoring: half the measures on another core for a nation.
        if self.units * self.measures() >= PARALLEL_CELLS / 4 && two_cores() {
            let (first, second) = ranking.halves();
            let rank = |measures: Measures| {
                measures.rank();
                Ok(())
            };
            if crate::cores::beside("scoring", || rank(second), || rank(first)).is_err() {
                // The other core's thread failed: all on this one.
                ranking.all().rank();
            }
        } else {
            ranking.all().rank();
        }
        ranking.ranks
    }

    /// The ranking of these points in `table`'s peer sets, not yet done.
    pub(super) fn ranking(&self, table: &CountTable) -> Ranking<'_> {
        let (units, measures) = (self.units, self.measures());
        // The units of each peer set, gathered once.
        let mut members: Vec<Vec<u32>> = vec![Vec::new(); table.units.peer_sets.len()];
        for (unit, peers) in table.units.peers.iter().enumerate() {
            if let Some(list) = peers.and_then(|p| members.get_mut(p as usize)) {
                list.push(unit as u32);
            }
        }
        Ranking {
            points: self,
            members,
            ranks: Ranks {
                units,
                ranks: vec![0u32; units * measures],
                of: vec![0u32; units],
            },
        }
    }
}

/// The ranks of a [`PointTable`] being made: the units of each peer set, and the ranks to fill.
pub(super) struct Ranking<'p> {
    pub(super) points: &'p PointTable,
    members: Vec<Vec<u32>>,
    pub(super) ranks: Ranks,
}

/// Some measures of a [`Ranking`] to rank: from measure `first` on, a column of ranks per
/// measure into `out`, and the number ranked by the total into `of` when the total is among
/// them.
pub(super) struct Measures<'r> {
    pub(super) points: &'r PointTable,
    members: &'r [Vec<u32>],
    pub(super) first: usize,
    out: &'r mut [u32],
    of: Option<&'r mut [u32]>,
}

impl Ranking<'_> {
    /// Every measure, to rank on one core.
    pub(super) fn all(&mut self) -> Measures<'_> {
        Measures {
            points: self.points,
            members: &self.members,
            first: 0,
            out: &mut self.ranks.ranks,
            of: Some(&mut self.ranks.of),
        }
    }

    /// The measures in two halves, to rank on two cores.
    pub(super) fn halves(&mut self) -> (Measures<'_>, Measures<'_>) {
        let half = self.points.measures() / 2;
        let (first, second) = (self.ranks.ranks).split_at_mut(half * self.points.units);
        (
            Measures {
                points: self.points,
                members: &self.members,
                first: 0,
                out: first,
                of: Some(&mut self.ranks.of),
            },
            Measures {
                points: self.points,
                members: &self.members,
                first: half,
                out: second,
                of: None,
            },
        )
    }
}

impl Measures<'_> {
    /// Ranks the units of every peer set by each of these measures.
    pub(super) fn rank(mut self) {
        let points = self.points;
        let units = points.units;
        // (points, unit) packed in one integer that sorts best first: points in ticks below 2³²
        // (any methodology of reasonable maxima) pack into 64 bits with their complement above
        // the unit; others take 128 bits, the points' order kept by flipping the sign bit.
        let key = |points: i64, unit: u32| {
            u128::from(!((points as u64) ^ (1 << 63))) << 32 | u128::from(unit)
        };
        let mut short: Vec<u64> = Vec::new();
        let mut long: Vec<u128> = Vec::new();
        for (measure, out) in (self.first..).zip(self.out.chunks_mut(units.max(1))) {
            let values = match measure {
                0 => &points.totals[..],
                g => (points.group_points.get((g - 1) * units..g * units)).unwrap_or_default(),
            };
            for set in self.members {
                short.clear();
                let mut fits = true;
                for &unit in set {
                    match values.get(unit as usize).copied() {
                        None | Some(NO_SUM) => {}
                        Some(points) => match u32::try_from(points) {
                            Ok(p) => short.push(u64::from(!p) << 32 | u64::from(unit)),
                            Err(_) => fits = false,
                        },
                    }
                }
                let ranked = if fits {
                    short.sort_unstable();
                    assign_ranks(short.iter().map(|&k| (k >> 32, k as u32)), out)
                } else {
                    long.clear();
                    long.extend(set.iter().filter_map(|&unit| {
                        let points = some_sum(*values.get(unit as usize)?)?;
                        Some(key(points, unit))
                    }));
                    long.sort_unstable();
                    assign_ranks(long.iter().map(|&k| (k >> 32, k as u32)), out)
                };
                if let (0, Some(of)) = (measure, self.of.as_deref_mut()) {
                    for &unit in set {
                        if let Some(slot) = of.get_mut(unit as usize) {
                            *slot = ranked;
                        }
                    }
                }
            }
        }
    }
}

/// Writes the competition ranks of units sorted best first (each with its points' key, equal
/// for equal points) into `out`, by unit; how many were ranked.
fn assign_ranks<K: PartialEq>(sorted: impl Iterator<Item = (K, u32)>, out: &mut [u32]) -> u32 {
    let (mut rank, mut count, mut previous) = (0u32, 0u32, None);
    for (points, unit) in sorted {
        count += 1;
        if previous.as_ref() != Some(&points) {
            rank = count;
            previous = Some(points);
        }
        if let Some(slot) = out.get_mut(unit as usize) {
            *slot = rank;
        }
    }
    count
}

/// Competition ranks of every unit by the total and by each group, within its peer set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranks {
    pub(super) units: usize,
    /// Measure after measure (the total, then each group), a rank per unit; 0 for none.
    pub(super) ranks: Vec<u32>,
    /// How many units of each unit's peer set are ranked by the total.
    of: Vec<u32>,
}

impl Ranks {
    pub(super) fn rank(&self, measure: usize, unit: usize) -> Option<u32> {
        let at = measure.checked_mul(self.units)?.checked_add(unit)?;
        self.ranks.get(at).copied().filter(|&rank| rank > 0)
    }

    /// Unit `unit`'s rank by the total; `None` when it has no total.
    pub fn total(&self, unit: usize) -> Option<u32> {
        self.rank(0, unit)
    }

    /// Unit `unit`'s rank by group `group` (its position in the methodology).
    pub fn group(&self, unit: usize, group: usize) -> Option<u32> {
        self.rank(group.checked_add(1)?, unit)
    }

    /// How many units of unit `unit`'s peer set are ranked by the total.
    pub fn of(&self, unit: usize) -> u32 {
        self.of.get(unit).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Arc;

    use super::*;
    use crate::compiled::table::TableUnits;
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
