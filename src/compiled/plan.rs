//! A methodology compiled once into criterion slots ([`ScoringPlan`]), applied to a table of
//! counts: points of every unit, and their ranks, on the cores.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::count::{criteria_from_records, Counting};
use crate::error::{Error, ErrorKind, Result, SetupPart};
use crate::interchange::Counts;
use crate::methodology::{Criterion, IntegerCriterion, Methodology, PercentTable, Ticks};
use crate::score::{resolve, ScoreOptions};
use crate::unit::PeerSet;

use super::points::{
    add_to_group, add_to_total, Measures, PointTable, Ranks, MISSING_POINTS, NOT_SCORED, NO_SUM,
};
use super::records::RecordTables;
use super::table::{
    two_cores, Cell, CountTable, TableUnits, COUNTED, MISSING, NOT_APPLICABLE, PARALLEL_CELLS,
};

/// One criterion of the plan: compiled, with its factor's and group's positions.
#[derive(Debug, Clone)]
struct Slot {
    criterion: Criterion,
    integer: IntegerCriterion,
    factor: Option<usize>,
    /// A payment criterion's points by percentage, looked up rather than computed per cell.
    percent: Option<PercentTable>,
}

/// A methodology compiled for scoring many units at once.
#[derive(Debug, Clone)]
pub struct ScoringPlan {
    pub(super) methodology: Methodology,
    slots: Vec<Slot>,
    /// The slots as transfers of points re-weight them, by position, for the units where the
    /// transfers apply.
    moved: Vec<(usize, Slot)>,
    /// Each group's criteria, as a range of slots (empty: points given directly).
    groups: Vec<std::ops::Range<usize>>,
}

/// The scoring of a [`CountTable`] being done: its criteria's points, column by column, and
/// the points of the groups made of them.
struct Scoring<'s> {
    plan: &'s ScoringPlan,
    table: &'s CountTable,
    /// Per unit, the slots transfers move it to (empty when the methodology has none).
    moved: Vec<Vec<Option<&'s Slot>>>,
    pub(super) points: Vec<i64>,
    pub(super) group_points: Vec<i64>,
}

/// Some groups of a [`Scoring`] to score: from group `first` on, their criteria's points into
/// `points` and the groups' into `group_points`.
struct Columns<'c> {
    plan: &'c ScoringPlan,
    table: &'c CountTable,
    moved: &'c [Vec<Option<&'c Slot>>],
    pub(super) first: usize,
    pub(super) points: &'c mut [i64],
    pub(super) group_points: &'c mut [i64],
}

impl<'s> Scoring<'s> {
    /// Every group, to score on one core.
    pub(super) fn all(&mut self) -> Columns<'_> {
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
    pub(super) fn halves(&mut self) -> (Columns<'_>, Columns<'_>) {
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

/// Column `c` of `table`: its numerators, denominators and cell states (empty when out of range).
#[inline]
fn column_of(table: &CountTable, c: usize) -> (&[u64], &[u64], &[u8]) {
    let cells = c * table.len()..(c + 1) * table.len();
    (
        table.nums.get(cells.clone()).unwrap_or_default(),
        table.dens.get(cells.clone()).unwrap_or_default(),
        table.states.get(cells).unwrap_or_default(),
    )
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

impl ScoringPlan {
    /// Compiles `methodology`.
    pub fn new(methodology: &Methodology) -> ScoringPlan {
        let position = |code: &str| methodology.criteria().position(|(_, c)| c.code == code);
        let slot = |criterion: &Criterion| {
            let integer = IntegerCriterion::new(criterion, methodology.rounding());
            Slot {
                percent: integer.percent_table(),
                integer,
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
            crate::cores::beside("scoring", || second.score(), || first.score())?;
        } else {
            scoring.all().score()?;
        }
        Ok(scoring.finish())
    }

    /// Scores and ranks each of `tables` (the periods of a setup, say), as
    /// [`score`](ScoringPlan::score) and [`PointTable::ranks`] do, but with the tables shared
    /// among the cores for a nation — each core takes the next table not yet taken, the last
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
        let done = crate::cores::in_turn("scoring", jobs, |job| match job {
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
        crate::cores::beside("scoring", || rank(second), || rank(first))?;
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
        let plain = (own.factor.is_none() && moved.is_empty())
            .then(|| own.integer.plain())
            .flatten();
        if let Some(plain) = plain {
            self.score_plain(table, c, own, plain, out)
        } else if moved.is_empty() {
            self.score_factored(table, c, own, out)
        } else {
            self.score_moved(table, c, own, moved, out)
        }
    }

    /// Scores column `c` of a criterion without factor that has a 64-bit path (`plain`): the
    /// common column, its counted cells in one tight loop.
    #[inline]
    fn score_plain(
        &self,
        table: &CountTable,
        c: usize,
        own: &Slot,
        plain: impl Fn(u64, u64) -> Option<i64>,
        out: &mut [i64],
    ) -> Result<()> {
        let (nums, dens, states) = column_of(table, c);
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
        Ok(())
    }

    /// Scores column `c` where no transfer applies: counted cells (and counted factors) take
    /// the compiled quick path, the others [`ScoringPlan::cell`].
    #[inline]
    fn score_factored(
        &self,
        table: &CountTable,
        c: usize,
        own: &Slot,
        out: &mut [i64],
    ) -> Result<()> {
        let (nums, dens, states) = column_of(table, c);
        let factor = own.factor.map(|f| column_of(table, f));
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
                (COUNTED, Some(factor), None) => own.integer.quick(num, den, factor),
                _ => None,
            };
            *out = match quick {
                Some(ticks) => ticks,
                None => self.cell(table, c, unit, own)?,
            };
        }
        Ok(())
    }

    /// Scores column `c` cell by cell, each unit by the slot a transfer moved it to, if any.
    fn score_moved(
        &self,
        table: &CountTable,
        c: usize,
        own: &Slot,
        moved: &[Vec<Option<&Slot>>],
        out: &mut [i64],
    ) -> Result<()> {
        for (unit, out) in out.iter_mut().enumerate() {
            let slot = match moved.get(unit).and_then(|m| m.get(c)) {
                Some(Some(moved)) => moved,
                _ => own,
            };
            *out = self.cell(table, c, unit, slot)?;
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
        Ok(match slot.integer.ticks(num, den, factor) {
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
            return Err(Error::setup(SetupPart::Points));
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
