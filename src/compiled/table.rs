//! Counts laid out for scoring ([`CountTable`]): units as rows, a column per criterion, peer sets
//! interned.

use std::collections::HashMap;
use std::sync::Arc;

use crate::interchange::CriterionCount;
use crate::unit::PeerSet;

use super::records::RecordRows;
use super::{COUNTED, MISSING, NOT_APPLICABLE};

/// What one cell of a [`CountTable`] holds.
pub(super) enum Cell {
    Counted(u64, u64),
    NotApplicable,
    Missing,
}

/// Counts laid out for a [`ScoringPlan`](super::ScoringPlan): a column per criterion, a cell per unit (so that one
/// criterion's rule runs down a column), after the roll-up from the unit tree; peer sets
/// interned.
#[derive(Debug, Clone, PartialEq)]
pub struct CountTable {
    /// What does not change with the counts, shared by the tables of one layout.
    pub(super) units: Arc<TableUnits>,
    /// Column after column (criterion `c`, unit `u` at `c × units + u`): numerators,
    /// denominators, and whether the cell is counted, not applicable or missing.
    pub(super) nums: Vec<u64>,
    pub(super) dens: Vec<u64>,
    pub(super) states: Vec<u8>,
}

/// The units of a [`CountTable`], their peer sets and the points given to their groups.
#[derive(Debug, PartialEq)]
pub(super) struct TableUnits {
    pub(super) codes: Vec<String>,
    pub(super) index: HashMap<String, usize>,
    /// Each unit's peer set, as a position in `peer_sets`.
    pub(super) peers: Vec<Option<u32>>,
    pub(super) peer_sets: Vec<PeerSet>,
    /// The methodology whose plan laid the table out.
    pub(super) methodology: String,
    /// Points given directly to groups (without criteria, or in place of them), in ticks, a
    /// column per group.
    pub(super) given: Vec<Option<i64>>,
    pub(super) lenient: bool,
}

impl CountTable {
    /// How many units.
    pub fn len(&self) -> usize {
        self.units.codes.len()
    }

    /// Whether there are no units.
    pub fn is_empty(&self) -> bool {
        self.units.codes.is_empty()
    }

    /// The unit codes, in the input's order (a unit's position is its row).
    pub fn codes(&self) -> &[String] {
        &self.units.codes
    }

    /// The row of unit `code`.
    pub fn position(&self, code: &str) -> Option<usize> {
        self.units.index.get(code).copied()
    }

    /// Unit `unit`'s count of criterion `criterion` (its position in the methodology), as the
    /// roll-up left it; `None` when missing.
    pub fn criterion(&self, unit: usize, criterion: usize) -> Option<CriterionCount> {
        match self.count(criterion, unit) {
            Cell::Counted(num, den) => Some(CriterionCount::Counted { num, den }),
            Cell::NotApplicable => Some(CriterionCount::NotApplicable),
            Cell::Missing => None,
        }
    }

    /// Sets criterion `c`'s count of unit `unit` (`None`: missing); false when the table has no
    /// such cell.
    pub(crate) fn set_count(
        &mut self,
        c: usize,
        unit: usize,
        count: Option<CriterionCount>,
    ) -> bool {
        let at = c * self.units.codes.len() + unit;
        let (state, num, den) = match count {
            None => (MISSING, 0, 0),
            Some(CriterionCount::NotApplicable) => (NOT_APPLICABLE, 0, 0),
            Some(CriterionCount::Counted { num, den }) => (COUNTED, num, den),
        };
        match (
            self.states.get_mut(at),
            self.nums.get_mut(at),
            self.dens.get_mut(at),
        ) {
            (Some(s), Some(n), Some(d)) => {
                (*s, *n, *d) = (state, num, den);
                true
            }
            _ => false,
        }
    }

    /// The cells of the record criteria (`columns`: each one's column, if any), in pieces that
    /// start at row 0 and at each of `starts` (ascending), to fill on several cores.
    pub(super) fn record_rows(
        &mut self,
        columns: &[Option<usize>],
        starts: &[usize],
    ) -> Vec<RecordRows<'_>> {
        let units = self.units.codes.len();
        let firsts = std::iter::once(0).chain(starts.iter().copied());
        let mut pieces: Vec<RecordRows> = firsts
            .map(|first| RecordRows {
                first,
                ..RecordRows::default()
            })
            .collect();
        let cells = (self.states.chunks_mut(units.max(1)))
            .zip(self.nums.chunks_mut(units.max(1)))
            .zip(self.dens.chunks_mut(units.max(1)));
        for (c, ((mut states, mut nums), mut dens)) in cells.enumerate() {
            let Some(k) = columns.iter().position(|&column| column == Some(c)) else {
                continue;
            };
            let mut done = 0;
            let ends = starts.iter().copied().chain(std::iter::once(units));
            for (piece, end) in pieces.iter_mut().zip(ends) {
                let at = end.saturating_sub(done).min(states.len());
                let (states_here, states_rest) = std::mem::take(&mut states).split_at_mut(at);
                let (nums_here, nums_rest) = std::mem::take(&mut nums).split_at_mut(at);
                let (dens_here, dens_rest) = std::mem::take(&mut dens).split_at_mut(at);
                (states, nums, dens) = (states_rest, nums_rest, dens_rest);
                done += at;
                if let Some(column) = piece.columns.get_mut(k) {
                    *column = Some((states_here, nums_here, dens_here));
                }
            }
        }
        pieces
    }

    /// How many peer sets there are.
    pub(crate) fn peer_sets(&self) -> usize {
        self.units.peer_sets.len()
    }

    /// The position of unit `unit`'s peer set.
    pub(crate) fn peer_index(&self, unit: usize) -> Option<usize> {
        Some((*self.units.peers.get(unit)?)? as usize)
    }

    /// Criterion `c`'s cell of unit `unit`.
    pub(super) fn count(&self, c: usize, unit: usize) -> Cell {
        let at = c * self.units.codes.len() + unit;
        match (self.states.get(at), self.nums.get(at), self.dens.get(at)) {
            (Some(&COUNTED), Some(&num), Some(&den)) => Cell::Counted(num, den),
            (Some(&NOT_APPLICABLE), _, _) => Cell::NotApplicable,
            _ => Cell::Missing,
        }
    }

    /// The peer set unit `unit` is ranked in.
    pub fn peer_set(&self, unit: usize) -> Option<&PeerSet> {
        let at = (*self.units.peers.get(unit)?)?;
        self.units.peer_sets.get(at as usize)
    }
}
