//! Live scores: a scorecard kept up to date dossier by dossier, for a one-stop system that wants
//! its score after every dossier rather than once a month.
//!
//! A [`LiveScorecard`] starts from a [`Tally`] of the records so far and holds, for each period
//! counted, every unit's counts, points and standing in its peer set. Each [`Event`] — a dossier
//! received, updated or settled, a petition, a change of the counts records cannot give — replaces
//! the record's earlier state (as a repeated id does in a tally) and updates the unit, its
//! ancestors, their points and the ranks they move, in place: a few microseconds, where scoring
//! the nation again costs milliseconds. After any sequence of events the scorecard equals a batch
//! count and score of the final records (the tests check it).
//!
//! ```
//! use chiso766::examples::synthetic::nation;
//! use chiso766::live::{Event, LiveScorecard};
//! use chiso766::{Methodology, Period};
//!
//! let nation = nation(2);
//! let period: Period = "2026-09".parse()?;
//! let counting = nation.counting(&["2026-09"])?;
//! let dossiers: Vec<_> = nation.dossiers(20_000, 766).collect();
//! let tally = counting.count_dossiers(&dossiers)?;
//! let mut live = LiveScorecard::new(counting, &tally, &Methodology::builtin("dvcqg-2026")?,
//!                                   Some(nation.extra_counts(766)), Default::default())?;
//! let before = live.scores(&period).unwrap().total("H10");
//!
//! // A dossier settled late: it replaces its earlier state.
//! let mut late = dossiers[0].clone();
//! let due = late.due_at.map(|due| due.unix_seconds()).unwrap_or_default();
//! late.finished_at = Some(chiso766::calendar::Moment::from_unix_seconds(due + 30 * 86_400)?);
//! live.apply(&Event::Dossier(late))?;
//! let after = live.scores(&period).unwrap().total("H10");
//! assert!(after.is_some() && before.is_some());
//! # Ok::<(), chiso766::Error>(())
//! ```

mod standings;

use rust_decimal::Decimal;

use crate::compiled::{CountTable, PointTable, RecordTables, ScoringPlan};
use crate::count::{criteria_from_records, Counting, LiveCounts, Tally, Undo};
use crate::error::{Error, ErrorKind, Problem, Result};
use crate::interchange::{roll_up_column, Counts, CriterionCount, Origin, UnitCounts};
use crate::methodology::Methodology;
use crate::period::Period;
use crate::record::{Dossier, Petition};
use crate::score::ScoreOptions;
use crate::unit::UnitTree;
use standings::Standings;

/// What happens to a one-stop system's records, as it happens.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A dossier received, updated or settled: its state now, which replaces the earlier one of
    /// its id.
    Dossier(Dossier),
    /// A petition received or handled, as [`Event::Dossier`].
    Petition(Petition),
    /// A count records cannot give (publication, sync, certified copies…) changed for a unit, in
    /// every period: the accompanying counts' new value (`None`: no longer given).
    Count {
        /// The unit's code.
        unit: String,
        /// The criterion's code.
        criterion: String,
        /// The new count.
        count: Option<CriterionCount>,
    },
}

/// One period's table, points and standings.
#[derive(Debug, Clone)]
struct PeriodState {
    period: Period,
    table: CountTable,
    points: PointTable,
    standings: Standings,
    /// The tree of the period's units (those its counts hold), for the roll-up.
    tree: UnitTree,
    /// Each unit's row in the table, by its position in the counting tree (`None`: the unit is
    /// not in this period's counts).
    rows: Vec<Option<usize>>,
}

/// Counts, points and ranks of every unit, kept live (see the [module](self)).
#[derive(Debug, Clone)]
pub struct LiveScorecard {
    counts: LiveCounts,
    plan: ScoringPlan,
    options: ScoreOptions,
    /// The counts records cannot give, as they stand.
    extra: Counts,
    /// The units the accompanying counts named at the start: they stay named (and kept in every
    /// period) when their counts go.
    named: std::collections::HashSet<String>,
    /// Each record criterion's column in the plan (in the order of
    /// [`criteria_from_records`]), if the methodology has it.
    record_columns: Vec<Option<usize>>,
    periods: Vec<PeriodState>,
    /// The units an event touched (kept to spare an allocation per event).
    touched: Vec<usize>,
    /// A unit's points by each measure before it is scored again.
    before: Vec<Option<i64>>,
}

impl LiveScorecard {
    /// A live scorecard of the records in `tally` (counted by `counting`), with `extra` the
    /// counts records cannot give, scored by `methodology` under `options`.
    ///
    /// Errors: as [`Counting::counts`] and [`ScoringPlan::score`] for the same records.
    pub fn new(
        counting: Counting,
        tally: &Tally,
        methodology: &Methodology,
        extra: Option<Counts>,
        options: ScoreOptions,
    ) -> Result<LiveScorecard> {
        let plan = ScoringPlan::new(methodology);
        let layout = plan.record_tables(&counting, extra.as_ref(), &options)?;
        let tables = layout.tables(&counting.sums(tally)?)?;
        let RecordTables {
            rows,
            columns: record_columns,
            ..
        } = layout;
        let mut periods = Vec::new();
        for ((table, rows), &period) in tables.into_iter().zip(rows).zip(counting.periods()) {
            let points = plan.score(&table)?;
            let standings = Standings::new(&points, &table);
            let kept = (counting.tree().units().iter().zip(&rows))
                .filter(|(_, row)| row.is_some())
                .map(|(unit, _)| unit.clone());
            periods.push(PeriodState {
                period,
                tree: UnitTree::new(kept)?,
                table,
                points,
                standings,
                rows,
            });
        }
        let extra = extra.unwrap_or(Counts {
            methodology: Some(methodology.name().to_owned()),
            period: None,
            units: Vec::new(),
        });
        let named = extra.units.iter().map(|u| u.unit.code.clone()).collect();
        Ok(LiveScorecard {
            counts: LiveCounts::new(counting, tally)?,
            named,
            plan,
            options,
            extra,
            record_columns,
            periods,
            touched: Vec::new(),
            before: Vec::new(),
        })
    }

    /// The periods kept, in the counting's order.
    pub fn periods(&self) -> impl Iterator<Item = &Period> {
        self.periods.iter().map(|p| &p.period)
    }

    /// The scores of `period`, if it is kept.
    pub fn scores(&self, period: &Period) -> Option<LiveScores<'_>> {
        let state = self.periods.iter().find(|p| p.period == *period)?;
        Some(LiveScores { state })
    }

    /// The counts records cannot give, as events left them.
    pub fn extra_counts(&self) -> &Counts {
        &self.extra
    }

    /// Applies one event; on an error nothing changes.
    ///
    /// Errors: a record the counting rules refuse ([`Counting::add_dossier`]); a count for an
    /// unknown unit or criterion, one counted from records, or one the methodology cannot score
    /// (a numerator above its denominator when strict, a zero denominator under an `error`
    /// policy, here or in an ancestor it rolls up into).
    pub fn apply(&mut self, event: &Event) -> Result<()> {
        match event {
            Event::Dossier(dossier) => {
                let undo = self.counts.dossier(dossier, &mut self.touched)?;
                self.rescore_touched(undo)
            }
            Event::Petition(petition) => {
                let undo = self.counts.petition(petition, &mut self.touched)?;
                self.rescore_touched(undo)
            }
            Event::Count {
                unit,
                criterion,
                count,
            } => self.change_count(unit, criterion, *count),
        }
    }

    /// Scores the units a record touched again; if that fails, takes the record back.
    fn rescore_touched(&mut self, undo: Undo) -> Result<()> {
        let Err(error) = self.refresh_touched() else {
            return Ok(());
        };
        self.counts.undo(undo)?;
        self.refresh_touched()?;
        Err(error)
    }

    /// Every touched unit's record criteria and points again, in every period.
    fn refresh_touched(&mut self) -> Result<()> {
        for p in 0..self.periods.len() {
            for i in 0..self.touched.len() {
                let Some(&unit) = self.touched.get(i) else {
                    continue;
                };
                let Some(row) = self.row(p, unit) else {
                    // Not in this period's counts: a batch count leaves its records out too.
                    continue;
                };
                let criteria = self.counts.criteria(p, unit);
                if let Some(state) = self.periods.get_mut(p) {
                    for (column, &(num, den)) in self.record_columns.iter().zip(&criteria) {
                        if let Some(c) = *column {
                            let count = CriterionCount::Counted { num, den };
                            state.table.set_count(c, row, Some(count));
                        }
                    }
                }
                self.rescore_row(p, row)?;
            }
        }
        Ok(())
    }

    /// The row of the unit at position `unit` in period `p`'s table, when that period counts it.
    fn row(&self, p: usize, unit: usize) -> Option<usize> {
        self.periods.get(p)?.rows.get(unit).copied().flatten()
    }

    /// Scores row `row` of period `p` again and moves it in the standings.
    fn rescore_row(&mut self, p: usize, row: usize) -> Result<()> {
        let Some(state) = self.periods.get_mut(p) else {
            return Ok(());
        };
        let measures = state.points.measures();
        self.before.clear();
        self.before
            .extend((0..measures).map(|m| state.points.measure(row, m)));
        self.plan.rescore(&state.table, row, &mut state.points)?;
        if let Some(set) = state.table.peer_index(row) {
            for (m, &before) in self.before.iter().enumerate() {
                let after = state.points.measure(row, m);
                state.standings.replace(set, m, before, after);
            }
        }
        Ok(())
    }

    /// Applies a change of the counts records cannot give; on an error, takes it back.
    fn change_count(
        &mut self,
        unit: &str,
        criterion: &str,
        count: Option<CriterionCount>,
    ) -> Result<()> {
        let (known, column) = self.check_change(unit, criterion, count)?;
        let earlier = self.set_extra(&known, criterion, count);
        let Some(c) = column else {
            // A monitoring metric: shown, never scored.
            return Ok(());
        };
        let Err(error) = self.refresh_column(c) else {
            return Ok(());
        };
        self.set_extra(&known, criterion, earlier);
        self.refresh_column(c)?;
        Err(error)
    }

    /// The unit a change of a count records cannot give is about, and the criterion's column
    /// (`None` for a monitoring metric), when the change can be made.
    ///
    /// Errors: a criterion counted from records; an unknown unit or criterion; a criterion's
    /// numerator above its denominator (unless lenient); a unit missing from a period.
    fn check_change(
        &self,
        unit: &str,
        criterion: &str,
        count: Option<CriterionCount>,
    ) -> Result<(crate::unit::Unit, Option<usize>)> {
        let invalid = |problem: Problem| -> Error {
            ErrorKind::InvalidCount {
                unit: unit.to_owned(),
                criterion: criterion.to_owned(),
                problem,
            }
            .into()
        };
        if criteria_from_records().any(|c| c == criterion) {
            return Err(invalid(Problem::ChangeRecordsInstead));
        }
        let tree = self.counts.counting().tree();
        let known = tree.get(unit).ok_or_else(|| ErrorKind::UnknownUnit {
            unit: unit.to_owned(),
        })?;
        let column = self.column_of(unit, criterion)?;
        // A monitoring metric's numerator may pass its denominator (an average); a criterion's
        // may not, unless lenient.
        let strict = column.is_some() && !self.options.lenient;
        if let (Some(CriterionCount::Counted { num, den }), true) = (count, strict) {
            if num > den {
                return Err(ErrorKind::NumeratorExceedsDenominator {
                    unit: unit.to_owned(),
                    criterion: criterion.to_owned(),
                    num,
                    den,
                }
                .into());
            }
        }
        let position = tree.position(unit);
        if (self.periods.iter()).any(|s| {
            position
                .and_then(|u| s.rows.get(u).copied().flatten())
                .is_none()
        }) {
            return Err(invalid(Problem::NotInEveryPeriod));
        }
        Ok((known.clone(), column))
    }

    /// The column of `criterion` among the methodology's criteria; `None` for a monitoring
    /// metric.
    ///
    /// Errors: `criterion` is neither (`unit` is the one the change was asked for).
    fn column_of(&self, unit: &str, criterion: &str) -> Result<Option<usize>> {
        let methodology = self.plan.methodology();
        let column = (methodology.criteria()).position(|(_, c)| c.code == criterion);
        let monitor = methodology.monitors().iter().any(|m| m.code == criterion);
        if column.is_none() && !monitor {
            return Err(ErrorKind::UnknownCriterion {
                unit: unit.to_owned(),
                criterion: criterion.to_owned(),
                methodology: methodology.name().to_owned(),
            }
            .into());
        }
        Ok(column)
    }

    /// Sets a unit's accompanying count of `criterion`; the count it had. A unit the counts do
    /// not name gets an entry only for a count, and loses it when its last count goes (as
    /// [`LiveScorecard::extra_counts`] shows).
    fn set_extra(
        &mut self,
        unit: &crate::unit::Unit,
        criterion: &str,
        count: Option<CriterionCount>,
    ) -> Option<CriterionCount> {
        let units = &mut self.extra.units;
        let at = units.iter().position(|u| u.unit.code == unit.code);
        let at = match (at, count) {
            (Some(at), _) => at,
            (None, None) => return None,
            (None, Some(_)) => {
                units.push(UnitCounts {
                    unit: unit.clone(),
                    criteria: Default::default(),
                    groups: Default::default(),
                    ratio_only: Default::default(),
                });
                units.len() - 1
            }
        };
        let given = units.get_mut(at)?;
        let earlier = match count {
            Some(count) => given.criteria.insert(criterion.to_owned(), count),
            None => given.criteria.remove(criterion),
        };
        if given.criteria.is_empty() && given.groups.is_empty() && !self.named.contains(&unit.code)
        {
            units.remove(at);
        }
        earlier
    }

    /// Criterion `c`'s column laid out again from the accompanying counts in every period (rolled
    /// up), and the rows whose cell changed scored again.
    fn refresh_column(&mut self, c: usize) -> Result<()> {
        let (code, pooling) = match self.plan.methodology().criteria().nth(c) {
            Some((_, criterion)) => (criterion.code.clone(), criterion.pooling),
            None => return Ok(()),
        };
        for p in 0..self.periods.len() {
            let Some(state) = self.periods.get(p) else {
                continue;
            };
            let table = &state.table;
            let mut column: Vec<Option<(CriterionCount, Origin)>> = vec![None; table.len()];
            for given in &self.extra.units {
                let count = given.criteria.get(&code);
                if let (Some(row), Some(&count)) = (table.position(&given.unit.code), count) {
                    if let Some(cell) = column.get_mut(row) {
                        *cell = Some((count, Origin::Own));
                    }
                }
            }
            if self.options.roll_up {
                roll_up_column(&mut column, pooling, &code, &state.tree)?;
            }
            let changed: Vec<(usize, Option<CriterionCount>)> = (column.into_iter().enumerate())
                .map(|(row, cell)| (row, cell.map(|(count, _)| count)))
                .filter(|&(row, count)| table.criterion(row, c) != count)
                .collect();
            for (row, count) in changed {
                if let Some(state) = self.periods.get_mut(p) {
                    state.table.set_count(c, row, count);
                }
                self.rescore_row(p, row)?;
            }
        }
        Ok(())
    }
}

/// One period's live scores: points and ranks by unit code.
#[derive(Debug, Clone, Copy)]
pub struct LiveScores<'a> {
    state: &'a PeriodState,
}

impl<'a> LiveScores<'a> {
    /// The period.
    pub fn period(&self) -> Period {
        self.state.period
    }

    /// The table of counts, as the events left it.
    pub fn table(&self) -> &'a CountTable {
        &self.state.table
    }

    /// The points of every unit (rows as in [`LiveScores::table`]).
    pub fn points(&self) -> &'a PointTable {
        &self.state.points
    }

    /// Unit `code`'s total; `None` when the unit is unknown or incomplete.
    pub fn total(&self, code: &str) -> Option<Decimal> {
        self.state.points.total(self.state.table.position(code)?)
    }

    /// Unit `code`'s competition rank by the total in its peer set, and how many are ranked
    /// there (“xếp hạng 12/34”); `None` without a total.
    pub fn rank(&self, code: &str) -> Option<(u32, u32)> {
        self.measure_rank(code, 0)
    }

    /// Unit `code`'s rank by group `group` (its position in the methodology), and how many are
    /// ranked by it.
    pub fn group_rank(&self, code: &str, group: usize) -> Option<(u32, u32)> {
        self.measure_rank(code, group.checked_add(1)?)
    }

    /// The rank of unit `code` by `measure` (0 the total, then the groups) among its peers,
    /// and how many of them are ranked by it.
    fn measure_rank(&self, code: &str, measure: usize) -> Option<(u32, u32)> {
        let row = self.state.table.position(code)?;
        let set = self.state.table.peer_index(row)?;
        let points = self.state.points.measure(row, measure)?;
        let standings = &self.state.standings;
        Some((
            standings.rank(set, measure, points),
            standings.ranked(set, measure),
        ))
    }
}
