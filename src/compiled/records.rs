//! The bridge from counting ([`RecordTables`]): a setup's periods laid out as tables once, then
//! filled from the records' sums again and again.

use std::ops::Range;
use std::sync::Arc;

use crate::count::{Counting, Pooled, Sums, RECORD_CRITERIA};
use crate::error::{Error, Result, SetupPart};

use super::table::{two_cores, CountTable, RecordRows, PARALLEL_CELLS};

/// The units whose record criteria [`RecordTables::fill`] gathers before writing them.
const FILL_BLOCK: usize = 128;

/// The pieces [`RecordTables::fill`] cuts a nation's units into, for the cores to take in turn:
/// enough that a core slowed by other work leaves more of them to the others.
const FILL_PIECES: usize = 8;

/// A piece of [`RecordTables::fill`]'s work: a range of units and their rows in each table.
type Piece<'t> = (Range<usize>, Vec<RecordRows<'t>>);

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
        if !self.laid_out(tables) {
            return Err(Error::setup(SetupPart::Tables));
        }
        let pooled = self.counting.pool(sums)?;
        // A nation's units on the cores, each writing the rows of the pieces it takes (a
        // table's rows follow the units' order, as the counts it was laid out from list them);
        // a small setup on one.
        let units = self.counting.tree().units().len();
        let parallel = units * tables.len() >= PARALLEL_CELLS / 4 && two_cores();
        // Pieces of units, each with its rows of every table, taken in turn by the cores.
        let tasks = self.pieces(tables, if parallel { FILL_PIECES } else { 1 });
        let fill = |piece: Piece| self.fill_piece(&pooled, piece);
        if parallel {
            crate::cores::in_turn("scoring", tasks, fill)?
                .into_iter()
                .collect()
        } else {
            tasks.into_iter().try_for_each(fill)
        }
    }

    /// Whether `tables` are this layout's: as many, each of the units it laid out.
    fn laid_out(&self, tables: &[CountTable]) -> bool {
        tables.len() == self.tables.len()
            && (tables.iter().zip(&self.tables))
                .all(|(table, laid)| Arc::ptr_eq(&table.units, &laid.units))
    }

    /// The counting tree's units cut into `pieces` ranges, each with its record rows of every
    /// one of `tables`.
    fn pieces<'t>(&self, tables: &'t mut [CountTable], pieces: usize) -> Vec<Piece<'t>> {
        let units = self.counting.tree().units().len();
        let size = units.div_ceil(pieces).max(1);
        let cuts: Vec<usize> = (size..units).step_by(size).collect();
        let starts = std::iter::once(0).chain(cuts.iter().copied());
        let ends = cuts.iter().copied().chain(std::iter::once(units));
        let mut tasks: Vec<Piece> = starts
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
        tasks
    }

    /// Writes the record criteria of a piece's units, from `pooled` sums, into its rows.
    fn fill_piece(&self, pooled: &Pooled, (units, mut tables): Piece) -> Result<()> {
        // The criteria of a block of units, then written column by column: unit by unit,
        // the writes would go to fifteen columns × three arrays × each period at once, more
        // places than the processor follows ahead of the writes.
        let mut block = vec![[(0, 0); RECORD_CRITERIA]; FILL_BLOCK * tables.len()];
        for start in units.clone().step_by(FILL_BLOCK) {
            let end = units.end.min(start + FILL_BLOCK);
            for unit in start..end {
                self.counting.pooled_criteria(pooled, unit, |p, criteria| {
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
    }
}
