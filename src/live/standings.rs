//! Standings kept live: per peer set and measure (the total, each group), the points of every
//! ranked unit in order, so that a unit's competition rank is one more than the number of peers
//! with more points (a binary search), and a unit's new points move one entry.

use crate::compiled::{CountTable, PointTable};

/// The sorted points of each peer set by each measure.
#[derive(Debug, Clone)]
pub(super) struct Standings {
    sets: usize,
    /// Ascending points, at `measure × sets + set`.
    sorted: Vec<Vec<i64>>,
}

impl Standings {
    /// The standings of every unit of `table` scored `points`.
    pub(super) fn new(points: &PointTable, table: &CountTable) -> Standings {
        let (sets, measures) = (table.peer_sets(), points.measures());
        let mut sorted = vec![Vec::new(); sets * measures];
        for unit in 0..table.len() {
            let Some(set) = table.peer_index(unit) else {
                continue;
            };
            for measure in 0..measures {
                if let (Some(value), Some(list)) = (
                    points.measure(unit, measure),
                    sorted.get_mut(measure * sets + set),
                ) {
                    list.push(value);
                }
            }
        }
        for list in &mut sorted {
            list.sort_unstable();
        }
        Standings { sets, sorted }
    }

    /// Moves a unit of peer set `set` from `before` to `after` points by `measure`.
    pub(super) fn replace(
        &mut self,
        set: usize,
        measure: usize,
        before: Option<i64>,
        after: Option<i64>,
    ) {
        if before == after {
            return;
        }
        let Some(list) = self.sorted.get_mut(measure * self.sets + set) else {
            return;
        };
        if let Some(before) = before {
            if let Ok(at) = list.binary_search(&before) {
                list.remove(at);
            }
        }
        if let Some(after) = after {
            let at = list.partition_point(|&p| p < after);
            list.insert(at, after);
        }
    }

    /// The competition rank of `points` by `measure` in peer set `set`: one more than the
    /// number of peers with more.
    pub(super) fn rank(&self, set: usize, measure: usize, points: i64) -> u32 {
        let list = self.list(set, measure);
        let above = list.len() - list.partition_point(|&p| p <= points);
        u32::try_from(above + 1).unwrap_or(u32::MAX)
    }

    /// How many units of peer set `set` are ranked by `measure`.
    pub(super) fn ranked(&self, set: usize, measure: usize) -> u32 {
        u32::try_from(self.list(set, measure).len()).unwrap_or(u32::MAX)
    }

    fn list(&self, set: usize, measure: usize) -> &[i64] {
        (self.sorted.get(measure * self.sets + set)).map_or(&[], Vec::as_slice)
    }
}
