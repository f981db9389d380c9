//! Scores and ranks at the speed of the arithmetic: a methodology compiled once into a flat
//! [`ScoringPlan`] (criterion slots whose points are computed on integers), applied to counts
//! laid out as a [`CountTable`] (units as rows, peer sets interned), giving a [`PointTable`] of
//! points and the competition ranks of every peer set ([`Ranks`]). The periods of a setup are
//! filled from the records' sums by [`RecordTables`] and scored together by
//! [`ScoringPlan::score_and_rank`], both sharing the work between two cores.
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

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::count::{criteria_from_records, Counting, Sums, RECORD_CRITERIA};
use crate::counts::{Counts, CriterionCount};
use crate::error::{ErrorKind, Result};
use crate::methodology::{Compiled, Criterion, Methodology, PercentTable, Ticks};
use crate::score::{resolve, ScoreOptions};
use crate::unit::PeerSet;

/// One criterion of the plan: compiled, with its factor's and group's positions.
#[derive(Debug, Clone)]
struct Slot {
    criterion: Criterion,
    compiled: Compiled,
    factor: Option<usize>,
    /// A payment criterion's points by percentage, looked up rather than computed per cell.
    percent: Option<PercentTable>,
}

/// A methodology compiled for scoring many units at once.
#[derive(Debug, Clone)]
pub struct ScoringPlan {
    methodology: Methodology,
    slots: Vec<Slot>,
    /// The slots as transfers of points re-weight them, by position, for the units where the
    /// transfers apply.
    moved: Vec<(usize, Slot)>,
    /// Each group's criteria, as a range of slots (empty: points given directly).
    groups: Vec<std::ops::Range<usize>>,
}

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

/// The units whose record criteria [`RecordTables::fill`] gathers before writing them.
const FILL_BLOCK: usize = 128;

/// The pieces [`RecordTables::fill`] cuts a nation's units into, for two cores to take in turn:
/// enough that a core slowed by other work leaves more of them to the other.
const FILL_PIECES: usize = 8;

/// Whether the machine has a second core to score on.
fn two_cores() -> bool {
    crate::count::cores() > 1
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

/// What one cell of a [`CountTable`] holds.
enum Cell {
    Counted(u64, u64),
    NotApplicable,
    Missing,
}

/// Counts laid out for a [`ScoringPlan`]: a column per criterion, a cell per unit (so that one
/// criterion's rule runs down a column), after the roll-up from the unit tree; peer sets
/// interned.
#[derive(Debug, Clone, PartialEq)]
pub struct CountTable {
    /// What does not change with the counts, shared by the tables of one layout.
    units: Arc<TableUnits>,
    /// Column after column (criterion `c`, unit `u` at `c × units + u`): numerators,
    /// denominators, and whether the cell is counted, not applicable or missing.
    nums: Vec<u64>,
    dens: Vec<u64>,
    states: Vec<u8>,
}

/// The units of a [`CountTable`], their peer sets and the points given to their groups.
#[derive(Debug, PartialEq)]
struct TableUnits {
    codes: Vec<String>,
    index: HashMap<String, usize>,
    /// Each unit's peer set, as a position in `peer_sets`.
    peers: Vec<Option<u32>>,
    peer_sets: Vec<PeerSet>,
    /// The methodology whose plan laid the table out.
    methodology: String,
    /// Points given directly to groups (without criteria, or in place of them), in ticks, a
    /// column per group.
    given: Vec<Option<i64>>,
    lenient: bool,
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
    fn record_rows(&mut self, columns: &[Option<usize>], starts: &[usize]) -> Vec<RecordRows<'_>> {
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
    fn count(&self, c: usize, unit: usize) -> Cell {
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

/// The count tables of a counting setup for a [`ScoringPlan`], laid out once — the units each
/// period keeps, the accompanying counts rolled up, the peer sets — so that each new count of
/// the records only fills in their criteria: sums → tables with no interchange [`Counts`] in
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
    counting: &'a Counting,
    /// Per period: the table of no records (the procedure criteria's denominators, from the
    /// catalogue, are already there), and each unit's row by its position in the counting tree
    /// (`None`: not kept in the period).
    tables: Vec<CountTable>,
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
            return Err(crate::Error::syntax(format!(
                "{} tables given to fill, but the layout has {} periods",
                tables.len(),
                self.tables.len()
            )));
        }
        let mine = (tables.iter().zip(&self.tables))
            .all(|(table, laid)| Arc::ptr_eq(&table.units, &laid.units));
        if !mine {
            return Err(crate::Error::syntax(
                "the tables were not made by this layout (RecordTables::tables)",
            ));
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
            shared_by_two_cores(tasks, fill)?.into_iter().collect()
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
struct RecordRows<'t> {
    first: usize,
    #[allow(clippy::type_complexity)]
    columns: [Option<(&'t mut [u8], &'t mut [u64], &'t mut [u64])>; RECORD_CRITERIA],
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
                        return Err(crate::Error::syntax(
                            "a table's rows do not follow the units' order",
                        ))
                    }
                }
            }
        }
        Ok(())
    }
}

/// Points of every unit, in ticks (the methodology's smallest step), with accessors in points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointTable {
    places: u32,
    units: usize,
    /// A column per criterion (criterion `c`, unit `u` at `c × units + u`), with
    /// `MISSING_POINTS` and `NOT_SCORED` for the criteria without points.
    points: Vec<i64>,
    /// A column per group; `None` when incomplete.
    group_points: Vec<i64>,
    totals: Vec<i64>,
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

    fn cell(&self, unit: usize, criterion: usize) -> i64 {
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
            if on_two_cores(|| rank(second), || rank(first)).is_err() {
                // The other core's thread failed: all on this one.
                ranking.all().rank();
            }
        } else {
            ranking.all().rank();
        }
        ranking.ranks
    }

    /// The ranking of these points in `table`'s peer sets, not yet done.
    fn ranking(&self, table: &CountTable) -> Ranking<'_> {
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
struct Ranking<'p> {
    points: &'p PointTable,
    members: Vec<Vec<u32>>,
    ranks: Ranks,
}

/// Some measures of a [`Ranking`] to rank: from measure `first` on, a column of ranks per
/// measure into `out`, and the number ranked by the total into `of` when the total is among
/// them.
struct Measures<'r> {
    points: &'r PointTable,
    members: &'r [Vec<u32>],
    first: usize,
    out: &'r mut [u32],
    of: Option<&'r mut [u32]>,
}

impl Ranking<'_> {
    /// Every measure, to rank on one core.
    fn all(&mut self) -> Measures<'_> {
        Measures {
            points: self.points,
            members: &self.members,
            first: 0,
            out: &mut self.ranks.ranks,
            of: Some(&mut self.ranks.of),
        }
    }

    /// The measures in two halves, to rank on two cores.
    fn halves(&mut self) -> (Measures<'_>, Measures<'_>) {
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
    fn rank(mut self) {
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

/// The scoring of a [`CountTable`] being done: its criteria's points, column by column, and
/// the points of the groups made of them.
struct Scoring<'s> {
    plan: &'s ScoringPlan,
    table: &'s CountTable,
    /// Per unit, the slots transfers move it to (empty when the methodology has none).
    moved: Vec<Vec<Option<&'s Slot>>>,
    points: Vec<i64>,
    group_points: Vec<i64>,
}

/// Some groups of a [`Scoring`] to score: from group `first` on, their criteria's points into
/// `points` and the groups' into `group_points`.
struct Columns<'c> {
    plan: &'c ScoringPlan,
    table: &'c CountTable,
    moved: &'c [Vec<Option<&'c Slot>>],
    first: usize,
    points: &'c mut [i64],
    group_points: &'c mut [i64],
}

impl<'s> Scoring<'s> {
    /// Every group, to score on one core.
    fn all(&mut self) -> Columns<'_> {
        Columns {
            plan: self.plan,
            table: self.table,
            moved: &self.moved,
            first: 0,
            points: &mut self.points,
            group_points: &mut self.group_points,
        }
    }

    /// The groups in two halves of about as many criteria each, to score on two cores.
    fn halves(&mut self) -> (Columns<'_>, Columns<'_>) {
        let (plan, units) = (self.plan, self.table.len());
        let criteria = plan.slots.len();
        // The first group of the second half: the one starting nearest the middle criterion.
        let start = |g: &Range<usize>| g.start.abs_diff(criteria / 2);
        let second = (plan.groups.iter().enumerate())
            .filter(|(_, g)| !g.is_empty())
            .min_by_key(|(_, g)| start(g))
            .map_or(plan.groups.len(), |(g, _)| g);
        let column = (plan.groups.get(second)).map_or(criteria, |g| g.start);
        let (points_before, points_after) = self.points.split_at_mut(column * units);
        let (groups_before, groups_after) = self.group_points.split_at_mut(second * units);
        let columns = |first, points, group_points| Columns {
            plan,
            table: self.table,
            moved: &self.moved,
            first,
            points,
            group_points,
        };
        (
            columns(0, points_before, groups_before),
            columns(second, points_after, groups_after),
        )
    }

    /// The points of every unit: groups given directly, and totals.
    fn finish(self) -> PointTable {
        let (plan, table, units) = (self.plan, self.table, self.table.len());
        let mut group_points = self.group_points;
        for (g, range) in plan.groups.iter().enumerate() {
            let given = (table.units.given.get(g * units..(g + 1) * units)).unwrap_or_default();
            if let Some(sums) = group_points.get_mut(g * units..(g + 1) * units) {
                for (unit, sum) in sums.iter_mut().enumerate() {
                    match given.get(unit).copied().flatten() {
                        Some(points) => *sum = points,
                        // A unit without given points has no group points (never zero).
                        None if range.is_empty() => *sum = NO_SUM,
                        None => {}
                    }
                }
            }
        }
        let mut totals: Vec<i64> = vec![0; units];
        for sums in group_points.chunks(units.max(1)) {
            for (total, sum) in totals.iter_mut().zip(sums) {
                *total = add_to_total(*total, *sum);
            }
        }
        PointTable {
            places: plan.methodology.rounding().places,
            units,
            points: self.points,
            group_points,
            totals,
        }
    }
}

impl Columns<'_> {
    /// Scores each criterion of these groups, and adds it to its group's points (missing when
    /// one of the group's criteria is) while the column is at hand.
    ///
    /// Errors: as [`ScoringPlan::score`].
    fn score(self) -> Result<()> {
        let Columns {
            plan,
            table,
            moved,
            first,
            points,
            group_points,
        } = self;
        let units = table.len();
        // The groups' criteria lie side by side, in the groups' order.
        let first_column = (plan.groups.get(first)).map_or(0, |g| g.start);
        let groups = plan.groups.iter().skip(first);
        for (range, sums) in groups.zip(group_points.chunks_mut(units.max(1))) {
            for c in range.clone() {
                let at = c.saturating_sub(first_column) * units;
                let (Some(own), Some(out)) = (plan.slots.get(c), points.get_mut(at..at + units))
                else {
                    continue;
                };
                plan.score_column(table, c, own, moved, out)?;
                for (sum, &p) in sums.iter_mut().zip(out.iter()) {
                    *sum = add_to_group(*sum, p);
                }
            }
        }
        Ok(())
    }
}

/// A piece of [`ScoringPlan::score_and_rank`]'s work: a table to score and rank alone, or half
/// of a table's columns.
enum Job<'c> {
    Alone(&'c CountTable),
    Half(Columns<'c>),
}

/// What a [`Job`] gave.
enum Done {
    Alone(Result<(PointTable, Ranks)>),
    Half(Result<()>),
}

/// Runs every task on two cores, each core taking the next task not yet taken, so that a core
/// slowed by other work (another program, a busy host) takes fewer; the results in the tasks'
/// order.
///
/// Errors: a core's thread failed.
fn shared_by_two_cores<T: Send, R: Send>(
    tasks: Vec<T>,
    run: impl Fn(T) -> R + Sync,
) -> Result<Vec<R>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let count = tasks.len();
    let tasks: Vec<Mutex<Option<T>>> = tasks.into_iter().map(|t| Mutex::new(Some(t))).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let at = next.fetch_add(1, Ordering::Relaxed);
            let Some(task) = tasks.get(at) else {
                return done;
            };
            // Each position is handed out once, so its task is there to take.
            let taken = match task.lock() {
                Ok(mut task) => task.take(),
                Err(poisoned) => poisoned.into_inner().take(),
            };
            if let Some(task) = taken {
                done.push((at, run(task)));
            }
        }
    };
    let (theirs, mine) = on_two_cores(|| Ok(work()), || Ok(work()))?;
    let mut results: Vec<Option<R>> = (0..count).map(|_| None).collect();
    for (at, result) in theirs.into_iter().chain(mine) {
        if let Some(slot) = results.get_mut(at) {
            *slot = Some(result);
        }
    }
    results
        .into_iter()
        .collect::<Option<Vec<R>>>()
        .ok_or_else(|| crate::Error::syntax("a task shared between two cores was not run"))
}

/// Runs `theirs` on another core while `mine` runs on this one: both results, or an error
/// (mine first).
fn on_two_cores<A: Send, B>(
    theirs: impl FnOnce() -> Result<A> + Send,
    mine: impl FnOnce() -> Result<B>,
) -> Result<(A, B)> {
    std::thread::scope(|scope| {
        let other = scope.spawn(theirs);
        let mine = mine();
        let theirs = (other.join())
            .unwrap_or_else(|_| Err(crate::Error::syntax("a thread of the scoring failed")));
        let mine = mine?;
        Ok((theirs?, mine))
    })
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
    units: usize,
    /// Measure after measure (the total, then each group), a rank per unit; 0 for none.
    ranks: Vec<u32>,
    /// How many units of each unit's peer set are ranked by the total.
    of: Vec<u32>,
}

impl Ranks {
    fn rank(&self, measure: usize, unit: usize) -> Option<u32> {
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

impl ScoringPlan {
    /// Compiles `methodology`.
    pub fn new(methodology: &Methodology) -> ScoringPlan {
        let position = |code: &str| methodology.criteria().position(|(_, c)| c.code == code);
        let slot = |criterion: &Criterion| {
            let compiled = Compiled::new(criterion, methodology.rounding());
            Slot {
                percent: compiled.percent_table(),
                compiled,
                factor: criterion.rate_times.as_deref().and_then(position),
                criterion: criterion.clone(),
            }
        };
        let slots: Vec<Slot> = methodology.criteria().map(|(_, c)| slot(c)).collect();
        // Every criterion's maximum with every transfer applied: those that differ.
        let moved = (methodology
            .criteria()
            .zip(methodology.maxima(|_| Some(true))))
        .enumerate()
        .filter(|(_, ((_, criterion), max))| criterion.max != *max)
        .map(|(at, ((_, criterion), max))| {
            let criterion = Criterion {
                max,
                ..criterion.clone()
            };
            (at, slot(&criterion))
        })
        .collect();
        let mut groups = Vec::new();
        let mut start = 0;
        for group in methodology.groups() {
            groups.push(start..start + group.criteria.len());
            start += group.criteria.len();
        }
        ScoringPlan {
            methodology: methodology.clone(),
            slots,
            moved,
            groups,
        }
    }

    /// The methodology compiled.
    pub fn methodology(&self) -> &Methodology {
        &self.methodology
    }

    /// The layout of `counting`'s tables for this plan (see [`RecordTables`]), with `extra` the
    /// counts records cannot give.
    ///
    /// Errors: as [`Counting::counts_of`] and [`ScoringPlan::table`].
    pub fn record_tables<'a>(
        &self,
        counting: &'a Counting,
        extra: Option<&Counts>,
        options: &ScoreOptions,
    ) -> Result<RecordTables<'a>> {
        let methodology = &self.methodology;
        let column = |code: &str| methodology.criteria().position(|(_, c)| c.code == code);
        let columns = criteria_from_records().map(column).collect();
        let mut tables = Vec::new();
        let mut rows = Vec::new();
        for counts in counting.counts_of(&counting.empty_sums(), extra)? {
            let table = self.table(&counts, options)?;
            rows.push(
                (counting.tree().units().iter())
                    .map(|u| table.position(&u.code))
                    .collect(),
            );
            tables.push(table);
        }
        Ok(RecordTables {
            counting,
            tables,
            rows,
            columns,
        })
    }

    /// Lays `counts` out for this plan: checks them as [`score`](crate::score()) does, rolls
    /// them up the unit tree (unless `options` say not to), and interns the peer sets.
    ///
    /// Errors: as [`score`](crate::score()) for the same counts, but for a numerator above its
    /// denominator, which [`ScoringPlan::score`] reports.
    pub fn table(&self, counts: &Counts, options: &ScoreOptions) -> Result<CountTable> {
        let methodology = &self.methodology;
        let (tree, slots) = resolve(methodology, counts, options)?;
        let (criteria, units) = (self.slots.len(), counts.units.len());
        let places = methodology.rounding().places;
        let scale = Decimal::from(10i64.pow(places));
        let mut given = Vec::with_capacity(units * methodology.groups().len());
        for group in methodology.groups() {
            for unit in &counts.units {
                // Checked above: within the group's maximum, with no more places than ticks.
                let points = unit.groups.get(&group.code).and_then(|p| {
                    use rust_decimal::prelude::ToPrimitive;
                    (p * scale).to_i64()
                });
                given.push(points);
            }
        }
        let mut interned: HashMap<PeerSet, u32> = HashMap::new();
        let mut peer_sets = Vec::new();
        let mut peers = Vec::with_capacity(counts.units.len());
        for unit in &counts.units {
            peers.push(tree.peer_set(&unit.unit.code).map(|set| {
                *interned.entry(set.clone()).or_insert_with(|| {
                    peer_sets.push(set);
                    u32::try_from(peer_sets.len() - 1).unwrap_or(u32::MAX)
                })
            }));
        }
        let codes: Vec<String> = counts.units.iter().map(|u| u.unit.code.clone()).collect();
        let mut table = CountTable {
            units: Arc::new(TableUnits {
                index: codes.iter().cloned().zip(0..).collect(),
                codes,
                peers,
                peer_sets,
                methodology: methodology.name().to_owned(),
                given,
                lenient: options.lenient,
            }),
            nums: vec![0; criteria * units],
            dens: vec![0; criteria * units],
            states: vec![MISSING; criteria * units],
        };
        for (unit, slots) in slots.iter().enumerate() {
            for (c, slot) in slots.iter().take(criteria).enumerate() {
                table.set_count(c, unit, slot.map(|(count, _)| count));
            }
        }
        Ok(table)
    }

    /// Scores every unit of `table`.
    ///
    /// Errors: as [`score`](crate::score()): a numerator above its denominator (unless the
    /// table was laid out lenient), a zero denominator under an `error` policy, overflow.
    pub fn score(&self, table: &CountTable) -> Result<PointTable> {
        let mut scoring = self.scoring(table)?;
        // A nation's columns on two cores (each column is independent); a small table on one,
        // where starting a thread would cost more than it saves.
        if table.len() * self.slots.len() >= PARALLEL_CELLS && two_cores() {
            let (first, second) = scoring.halves();
            on_two_cores(|| second.score(), || first.score())?;
        } else {
            scoring.all().score()?;
        }
        Ok(scoring.finish())
    }

    /// Scores and ranks each of `tables` (the periods of a setup, say), as
    /// [`score`](ScoringPlan::score) and [`PointTable::ranks`] do, but with the tables shared
    /// between two cores for a nation — each core takes the next table not yet taken, the last
    /// one cut in halves — which starts fewer threads than scoring the tables one by one, each
    /// on two cores, and leaves less to a core slowed by other work.
    ///
    /// Errors: as [`score`](ScoringPlan::score), for the first table in error.
    pub fn score_and_rank(&self, tables: &[CountTable]) -> Result<Vec<(PointTable, Ranks)>> {
        let cells: usize = tables.iter().map(|t| t.len() * self.slots.len()).sum();
        if tables.len() < 2 || cells < PARALLEL_CELLS || !two_cores() {
            let each = tables.iter().map(|table| {
                let points = self.score(table)?;
                let ranks = points.ranks(table);
                Ok((points, ranks))
            });
            return each.collect();
        }
        let alone = |table: &CountTable| -> Result<(PointTable, Ranks)> {
            let mut scoring = self.scoring(table)?;
            scoring.all().score()?;
            let points = scoring.finish();
            let mut ranking = points.ranking(table);
            ranking.all().rank();
            let ranks = ranking.ranks;
            Ok((points, ranks))
        };
        // Every table but the last alone, the last in halves of its columns: the cores take
        // them in turn, so a core slowed by other work takes fewer. Every table is scored, an
        // error kept in its place, so that the error returned is the first table's in error.
        let Some((last, rest)) = tables.split_last() else {
            return Ok(Vec::new());
        };
        let mut last_scoring = self.scoring(last);
        let mut jobs: Vec<Job> = rest.iter().map(Job::Alone).collect();
        if let Ok(scoring) = last_scoring.as_mut() {
            let (first, second) = scoring.halves();
            jobs.extend([Job::Half(first), Job::Half(second)]);
        }
        let done = shared_by_two_cores(jobs, |job| match job {
            Job::Alone(table) => Done::Alone(alone(table)),
            Job::Half(columns) => Done::Half(columns.score()),
        })?;
        let mut all = Vec::with_capacity(tables.len());
        let mut halves = Vec::new();
        for done in done {
            match done {
                Done::Alone(scored) => all.push(scored?),
                Done::Half(scored) => halves.push(scored),
            }
        }
        let scoring = last_scoring?;
        halves.into_iter().collect::<Result<Vec<()>>>()?;
        let points = scoring.finish();
        let mut ranking = points.ranking(last);
        let (first, second) = ranking.halves();
        let rank = |measures: Measures| {
            measures.rank();
            Ok(())
        };
        on_two_cores(|| rank(second), || rank(first))?;
        let ranks = ranking.ranks;
        all.push((points, ranks));
        Ok(all)
    }

    /// The scoring of `table`, not yet done.
    ///
    /// Errors: a table laid out for another methodology.
    fn scoring<'s>(&'s self, table: &'s CountTable) -> Result<Scoring<'s>> {
        if table.units.methodology != self.methodology.name() {
            return Err(ErrorKind::MethodologyMismatch {
                expected: self.methodology.name().to_owned(),
                found: table.units.methodology.clone(),
            }
            .into());
        }
        let units = table.len();
        // Transfers re-weight some criteria for some units: which slot each unit scores by.
        let moved: Vec<Vec<Option<&Slot>>> = if self.moved.is_empty() {
            Vec::new()
        } else {
            (0..units).map(|unit| self.moved_for(table, unit)).collect()
        };
        Ok(Scoring {
            plan: self,
            table,
            moved,
            points: vec![MISSING_POINTS; self.slots.len() * units],
            group_points: vec![0; self.groups.len() * units],
        })
    }

    /// Scores column `c` (criterion `own`, or the slots `moved` says for some units) into `out`.
    fn score_column(
        &self,
        table: &CountTable,
        c: usize,
        own: &Slot,
        moved: &[Vec<Option<&Slot>>],
        out: &mut [i64],
    ) -> Result<()> {
        let units = table.len();
        fn column(v: &[u64], c: usize, units: usize) -> &[u64] {
            v.get(c * units..(c + 1) * units).unwrap_or_default()
        }
        let states_of =
            |c: usize| (table.states.get(c * units..(c + 1) * units)).unwrap_or_default();
        let (nums, dens, states) = (
            column(&table.nums, c, units),
            column(&table.dens, c, units),
            states_of(c),
        );
        let plain = (own.factor.is_none() && moved.is_empty())
            .then(|| own.compiled.plain())
            .flatten();
        if let Some(plain) = plain {
            // The common column: counted cells take the 64-bit path in one tight loop.
            let cells = out.iter_mut().zip(states).zip(nums.iter().zip(dens));
            for (unit, ((out, &state), (&num, &den))) in cells.enumerate() {
                let quick = if state == COUNTED {
                    plain(num, den)
                } else {
                    None
                };
                *out = match quick {
                    Some(ticks) => ticks,
                    None => self.cell(table, c, unit, own)?,
                };
            }
        } else if moved.is_empty() {
            // Counted cells (and counted factors) take the compiled quick path.
            let factor = own.factor.map(|f| {
                (
                    column(&table.nums, f, units),
                    column(&table.dens, f, units),
                    states_of(f),
                )
            });
            let cells = out.iter_mut().zip(states).zip(nums.iter().zip(dens));
            for (unit, ((out, &state), (&num, &den))) in cells.enumerate() {
                let factor = match factor {
                    None => Some(None),
                    Some((f_nums, f_dens, f_states)) => match f_states.get(unit) {
                        Some(&COUNTED) => {
                            (f_nums.get(unit).zip(f_dens.get(unit))).map(|(n, d)| Some((*n, *d)))
                        }
                        _ => None,
                    },
                };
                let quick = match (state, factor, &own.percent) {
                    (COUNTED, Some(factor), Some(table)) => table.ticks(num, den, factor),
                    (COUNTED, Some(factor), None) => own.compiled.quick(num, den, factor),
                    _ => None,
                };
                *out = match quick {
                    Some(ticks) => ticks,
                    None => self.cell(table, c, unit, own)?,
                };
            }
        } else {
            for (unit, out) in out.iter_mut().enumerate() {
                let slot = match moved.get(unit).and_then(|m| m.get(c)) {
                    Some(Some(moved)) => moved,
                    _ => own,
                };
                *out = self.cell(table, c, unit, slot)?;
            }
        }
        Ok(())
    }

    /// Unit `unit`'s points of criterion `c` scored by `slot` (its own, or the one a transfer
    /// moved), in ticks, whatever the cell holds.
    fn cell(&self, table: &CountTable, c: usize, unit: usize, slot: &Slot) -> Result<i64> {
        // The factor's count: 0/0 when not applicable; none when missing.
        let factor = match slot.factor {
            None => Some(None),
            Some(f) => match table.count(f, unit) {
                Cell::Counted(n, d) => Some(Some((n, d))),
                Cell::NotApplicable => Some(Some((0, 0))),
                Cell::Missing => None,
            },
        };
        let count = match table.count(c, unit) {
            Cell::Counted(n, d) => Some((n, d)),
            Cell::NotApplicable => Some((0, 0)),
            Cell::Missing => None,
        };
        let (Some((num, den)), Some(factor)) = (count, factor) else {
            return Ok(MISSING_POINTS);
        };
        Ok(match slot.compiled.ticks(num, den, factor) {
            Ticks::Points(ticks) => ticks,
            Ticks::NotScored => NOT_SCORED,
            Ticks::Interpret => {
                let code = table.units.codes.get(unit).map_or("", String::as_str);
                (self.interpret(slot, (num, den), factor, table, code)?).unwrap_or(NOT_SCORED)
            }
        })
    }

    /// Scores unit `unit` of `table` again into `points` (scored from a table of the same
    /// units), after its counts changed: its criteria, groups and total.
    ///
    /// Errors: as [`ScoringPlan::score`] for the unit.
    pub(crate) fn rescore(
        &self,
        table: &CountTable,
        unit: usize,
        points: &mut PointTable,
    ) -> Result<()> {
        let units = table.len();
        if points.units != units || unit >= units {
            return Err(crate::Error::syntax(
                "the points were scored from another table",
            ));
        }
        let moved = if self.moved.is_empty() {
            Vec::new()
        } else {
            self.moved_for(table, unit)
        };
        for (c, own) in self.slots.iter().enumerate() {
            let slot = match moved.get(c) {
                Some(Some(moved)) => moved,
                _ => own,
            };
            let ticks = self.cell(table, c, unit, slot)?;
            if let Some(cell) = points.points.get_mut(c * units + unit) {
                *cell = ticks;
            }
        }
        let mut total = 0;
        for (g, range) in self.groups.iter().enumerate() {
            let given = table.units.given.get(g * units + unit).copied().flatten();
            let sum = if given.is_some() || range.is_empty() {
                given.unwrap_or(NO_SUM)
            } else {
                (range.clone())
                    .map(|c| points.cell(unit, c))
                    .fold(0, add_to_group)
            };
            if let Some(slot) = points.group_points.get_mut(g * units + unit) {
                *slot = sum;
            }
            total = add_to_total(total, sum);
        }
        if let Some(slot) = points.totals.get_mut(unit) {
            *slot = total;
        }
        Ok(())
    }

    /// The moved slot of each criterion a transfer re-weights for unit `unit`, when it applies.
    fn moved_for(&self, table: &CountTable, unit: usize) -> Vec<Option<&Slot>> {
        let methodology = &self.methodology;
        let units = table.len();
        let position = |code: &str| methodology.criteria().position(|(_, c)| c.code == code);
        let maxima = methodology.maxima(|code| {
            let cell = position(code)? * units + unit;
            match *table.states.get(cell)? {
                COUNTED => Some(*table.dens.get(cell)? == 0),
                NOT_APPLICABLE => Some(true),
                _ => None,
            }
        });
        (self.slots.iter().zip(maxima).enumerate())
            .map(|(at, (own, max))| {
                (own.criterion.max != max)
                    .then(|| self.moved.iter().find(|(p, _)| *p == at).map(|(_, s)| s))
                    .flatten()
            })
            .collect()
    }

    /// The interpreter's points, in ticks, for what the compiled form leaves to it.
    fn interpret(
        &self,
        slot: &Slot,
        (num, den): (u64, u64),
        factor: Option<(u64, u64)>,
        table: &CountTable,
        unit: &str,
    ) -> Result<Option<i64>> {
        let rounding = self.methodology.rounding();
        let evaluation = (slot.criterion).evaluate_times(
            num,
            den,
            factor,
            rounding,
            table.units.lenient,
            unit,
        )?;
        let Some(mut points) = evaluation.points else {
            return Ok(None);
        };
        // Rounded points carry the methodology's places: their mantissa is the ticks.
        points.rescale(rounding.places);
        i64::try_from(points.mantissa()).map(Some).map_err(|_| {
            ErrorKind::Overflow {
                unit: unit.to_owned(),
                place: format!("criterion {}", slot.criterion.code),
            }
            .into()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    // Tasks taken in turn by two cores come back in the tasks' order, each run once, with none,
    // one or many tasks, however unevenly long they are.
    #[test]
    fn tasks_shared_by_two_cores_come_back_in_order() {
        for count in [0, 1, 2, 3, 100] {
            let tasks: Vec<u64> = (0..count).collect();
            let done = shared_by_two_cores(tasks, |t| {
                std::thread::sleep(std::time::Duration::from_micros(t % 7 * 50));
                t * t
            })
            .unwrap();
            assert_eq!(done, (0..count).map(|t| t * t).collect::<Vec<_>>());
        }
    }
}
