//! The bridge from counting ([`RecordTables`]): a setup's periods laid out as tables once, then
//! filled from the records' sums again and again.

use std::ops::Range;
use std::sync::Arc;

use crate::count::{Counting, Sums, RECORD_CRITERIA};
use crate::error::{Error, Internal, Result, SetupPart};

use super::table::CountTable;
use super::{two_cores, COUNTED, PARALLEL_CELLS};

/// The units whose record criteria [`RecordTables::fill`] gathers before writing them.
const FILL_BLOCK: usize = 128;

/// The pieces [`RecordTables::fill`] cuts a nation's units into, for two cores to take in turn:
/// enough that a core slowed by other work leaves more of them to the other.
const FILL_PIECES: usize = 8;

/// The count tables of a counting setup for a [`ScoringPlan`](super::ScoringPlan), laid out once — the units each
/// period keeps, the accompanying counts rolled up, the peer sets — so that each new count of
/// the records only fills in their criteria: sums → tables with no interchange [`Counts`](crate::interchange::Counts) in
/// between.
///
/// ```
/// use chiso766::compiled::ScoringPlan;
/// use chiso766::examples::synthetic::nation;
/// use chiso766::{Methodology, ScoreOptions};
///
/// let nation = nation(1);
/// let counting = nation.counting(&["2026-09"])?;
/// let plan = ScoringPlan::new(&Methodology::builtin("dvcqg-2026")?);
/// let extra = nation.extra_counts(766);
/// let layout = plan.record_tables(&counting, Some(&extra), &ScoreOptions::default())?;
///
/// let dossiers: Vec<_> = nation.dossiers(10_000, 766).collect();
/// let sums = counting.count_unique(&dossiers)?;
/// let tables = layout.tables(&sums)?;
/// // The same table as the interchange counts give.
/// let counts = counting.counts_of(&sums, Some(&extra))?;
/// assert_eq!(tables[0], plan.table(&counts[0], &ScoreOptions::default())?);
/// # Ok::<(), chiso766::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct RecordTables<'a> {
    pub(super) counting: &'a Counting,
    /// Per period: the table of no records (the procedure criteria's denominators, from the
    /// catalogue, are already there), and each unit's row by its position in the counting tree
    /// (`None`: not kept in the period).
    pub(super) tables: Vec<CountTable>,
    pub(crate) rows: Vec<Vec<Option<usize>>>,
    /// Each record criterion's column (in the order of
    /// [`criteria_from_records`](crate::count::criteria_from_records)), if the methodology has
    /// it.
    pub(crate) columns: Vec<Option<usize>>,
}

impl<'a> RecordTables<'a> {
    /// The table of every period for `sums`, counted by this layout's setup.
    ///
    /// Errors: the sums come from another counting setup; a count beyond 2⁶⁴.
    pub fn tables(&self, sums: &Sums) -> Result<Vec<CountTable>> {
        let mut tables = self.tables.clone();
        self.fill(sums, &mut tables)?;
        Ok(tables)
    }

    /// Fills tables this layout made ([`RecordTables::tables`]) with the records of `sums`
    /// instead, in place: the way to count again and again without a table's allocation.
    ///
    /// Errors: a table of another layout; as [`RecordTables::tables`].
    pub fn fill(&self, sums: &Sums, tables: &mut [CountTable]) -> Result<()> {
        if tables.len() != self.tables.len() {
            return Err(Error::setup(SetupPart::Tables));
        }
        let mine = (tables.iter().zip(&self.tables))
            .all(|(table, laid)| Arc::ptr_eq(&table.units, &laid.units));
        if !mine {
            return Err(Error::setup(SetupPart::Tables));
        }
        let pooled = self.counting.pool(sums)?;
        // A nation's units on two cores, each writing the rows of its half of the units (a
        // table's rows follow the units' order, as the counts it was laid out from list them);
        // a small setup on one.
        let units = self.counting.tree().units().len();
        let parallel = units * tables.len() >= PARALLEL_CELLS / 4 && two_cores();
        // Pieces of units, each with its rows of every table, taken in turn by two cores.
        let pieces = if parallel { FILL_PIECES } else { 1 };
        let size = units.div_ceil(pieces).max(1);
        let cuts: Vec<usize> = (size..units).step_by(size).collect();
        let starts = std::iter::once(0).chain(cuts.iter().copied());
        let ends = cuts.iter().copied().chain(std::iter::once(units));
        let mut tasks: Vec<(Range<usize>, Vec<RecordRows>)> = starts
            .zip(ends)
            .map(|(start, end)| (start..end, Vec::new()))
            .collect();
        for (table, rows) in tables.iter_mut().zip(&self.rows) {
            let starts: Vec<usize> = (cuts.iter())
                .map(|&cut| {
                    let later = rows.get(cut..).unwrap_or_default().iter().flatten().next();
                    later.copied().unwrap_or(table.len())
                })
                .collect();
            for (task, piece) in tasks
                .iter_mut()
                .zip(table.record_rows(&self.columns, &starts))
            {
                task.1.push(piece);
            }
        }
        let fill = |(units, mut tables): (Range<usize>, Vec<RecordRows>)| -> Result<()> {
            // The criteria of a block of units, then written column by column: unit by unit,
            // the writes would go to fifteen columns × three arrays × each period at once, more
            // places than the processor follows ahead of the writes.
            let mut block = vec![[(0, 0); RECORD_CRITERIA]; FILL_BLOCK * tables.len()];
            for start in units.clone().step_by(FILL_BLOCK) {
                let end = units.end.min(start + FILL_BLOCK);
                for unit in start..end {
                    self.counting
                        .pooled_criteria(&pooled, unit, |p, criteria| {
                            if let Some(slot) = block.get_mut(p * FILL_BLOCK + unit - start) {
                                *slot = *criteria;
                            }
                        })?;
                }
                for ((table, rows), block) in tables
                    .iter_mut()
                    .zip(&self.rows)
                    .zip(block.chunks(FILL_BLOCK))
                {
                    table.set(rows.get(start..end).unwrap_or_default(), block)?;
                }
            }
            Ok(())
        };
        if parallel {
            crate::cores::in_turn("scoring", tasks, fill)?
                .into_iter()
                .collect()
        } else {
            tasks.into_iter().try_for_each(fill)
        }
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
    fn set(
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
