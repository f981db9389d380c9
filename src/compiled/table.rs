//! Counts laid out for scoring ([`CountTable`]): units as rows, a column per criterion, peer sets
//! interned.

use std::collections::HashMap;
use std::sync::Arc;

use crate::count::RECORD_CRITERIA;
use crate::error::{Error, Internal, Result};
use crate::interchange::CriterionCount;
use crate::unit::PeerSet;

/// What a cell of a [`CountTable`] holds, beside its numerator and denominator.
pub(super) const COUNTED: u8 = 0;
pub(super) const NOT_APPLICABLE: u8 = 1;
pub(super) const MISSING: u8 = 2;

/// Tables of at least this many cells are scored on more than one core (and ranked so from a quarter
/// as many units × measures, ranking being cheaper to split).
pub(super) const PARALLEL_CELLS: usize = 20_000;

/// Whether the machine has a second core to score on.
pub(super) fn two_cores() -> bool {
    crate::cores::cores() > 1
}

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

/// The cells of one table's record criteria from row `first` on (up to a split, or the end),
/// criterion by criterion (in the order of
/// [`criteria_from_records`](crate::count::criteria_from_records)): states, numerators,
/// denominators.
#[derive(Default)]
pub(super) struct RecordRows<'t> {
    pub(super) first: usize,
    #[allow(clippy::type_complexity)]
    pub(super) columns: [Option<(&'t mut [u8], &'t mut [u64], &'t mut [u64])>; RECORD_CRITERIA],
}

impl RecordRows<'_> {
    /// Sets the record criteria of the units at `rows` (`None`: not in the table), counted.
    ///
    /// Errors: a row outside these cells (rows out of the units' order).
    pub(super) fn set(
        &mut self,
        rows: &[Option<usize>],
        criteria: &[[(u64, u64); RECORD_CRITERIA]],
    ) -> Result<()> {
        for (k, column) in self.columns.iter_mut().enumerate() {
            let Some((states, nums, dens)) = column else {
                continue;
            };
            for (row, criteria) in rows.iter().zip(criteria) {
                let (Some(row), Some(&(num, den))) = (*row, criteria.get(k)) else {
                    continue;
                };
                let at = row.checked_sub(self.first);
                match at.and_then(|at| {
                    Some((states.get_mut(at)?, nums.get_mut(at)?, dens.get_mut(at)?))
                }) {
                    Some((state, n, d)) => {
                        // Counted already in every fill but a table's first: read, not written.
                        if *state != COUNTED {
                            *state = COUNTED;
                        }
                        (*n, *d) = (num, den);
                    }
                    None => {
                        return Err(Error::internal(Internal::Inconsistent {
                            what: "a table's rows do not follow the units' order",
                        }))
                    }
                }
            }
        }
        Ok(())
    }
}
