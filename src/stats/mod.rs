//! Processing statistics: how one-stop offices received and settled dossiers in a period, the
//! figures of every province's monthly one-stop report (SPEC §8).
//!
//! They come from the same dossier records as the index, judged in the same pass: a
//! [`Counting`] set up [`with_statistics`](Counting::with_statistics) records where each dossier
//! stands at the end of each period, and [`Statistics::of`] adds the standings up per unit and
//! period ([`ProcessingCounts`]), on every core. A repeated dossier id counts once, its later
//! record winning, exactly as in the index's counts. Units add up into levels (province-level
//! departments, districts, communes) and into the province ([`Statistics::pooled`],
//! [`Statistics::by_tier`]); [`Rates`] turns counts into the report's percentages.
//!
//! ```
//! use chiso766::calendar::{Calendar, Moment};
//! use chiso766::count::{CountOptions, Counting};
//! use chiso766::record::{Dossier, OnlineLevel, Procedure, ProcedureLevel};
//! use chiso766::stats::{OnTimeDefinition, Rates, Statistics};
//! use chiso766::{Level, Period, Unit, UnitTree};
//!
//! let province = Unit { code: "H44".into(), name: "UBND tỉnh Phú Thọ".into(), level: Level::Province, parent: None };
//! let tree = UnitTree::new([province])?;
//! let procedure = Procedure {
//!     code: "1.001".into(), name: "Cấp phép".into(), level: ProcedureLevel::Province,
//!     online_level: OnlineLevel::Full, full_online_eligible: true, paper_result_required: false,
//!     fee_bearing: false, for_citizens: true, max_time: None, max_time_unit: None, field: None,
//! };
//! let may: Period = "2026-05".parse()?;
//! let counting = Counting::new(tree, vec![procedure], Calendar::vietnam()?, vec![may],
//!                              CountOptions::default())?.with_statistics();
//! let at = |text: &str| Moment::parse(text).map(Some);
//! let dossiers = [
//!     // Received in April, settled in May a working day early: carried over, early.
//!     Dossier { received_at: at("2026-04-28 08:00")?, due_at: at("2026-05-06 17:00")?,
//!               finished_at: at("2026-05-05 10:00")?, ..Dossier::new("A", "H44", "1.001") },
//!     // Received in May, still in process and past due at the end of May.
//!     Dossier { received_at: at("2026-05-20 08:00")?, due_at: at("2026-05-27 17:00")?,
//!               ..Dossier::new("B", "H44", "1.001") },
//! ];
//! let tally = counting.count_dossiers(&dossiers)?;
//! let stats = Statistics::of(&counting, &tally)?;
//! let may_counts = stats.pooled(0, "H44")?;
//! assert_eq!((may_counts.new, may_counts.carried_over, may_counts.early), (1, 1, 1));
//! assert_eq!((may_counts.in_process, may_counts.past_due), (1, 1));
//! let rates = Rates::of(&may_counts, OnTimeDefinition::SettledInTime, None);
//! assert_eq!(rates.on_time.unwrap().to_string(), "100.00");
//! # Ok::<(), chiso766::Error>(())
//! ```

mod counts;
mod rates;

pub use counts::ProcessingCounts;
pub use rates::{percent, OnTimeDefinition, Rates};

use std::collections::BTreeMap;

use serde::Serialize;

use crate::count::{Counting, Tally};
use crate::error::{Error, ErrorKind, Result, SetupPart};
use crate::period::Period;
use crate::unit::{Level, Unit, UnitTree};

/// The tiers a monthly report groups its units by (cấp).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// Ministries and their units (Bộ, ngành).
    Ministry,
    /// The province and its departments and boards (cấp tỉnh).
    Province,
    /// Districts (cấp huyện), before 1 July 2025.
    District,
    /// Communes and wards (cấp xã).
    Commune,
}

impl Tier {
    /// The tier a unit of `level` reports in.
    pub fn of(level: Level) -> Tier {
        match level {
            Level::Ministry => Tier::Ministry,
            Level::Province | Level::Department => Tier::Province,
            Level::District => Tier::District,
            Level::Commune => Tier::Commune,
        }
    }

    /// The report's label: “Cấp tỉnh”, “Cấp huyện”, “Cấp xã”, “Bộ, ngành”.
    pub fn label_vi(self) -> &'static str {
        match self {
            Tier::Ministry => "Bộ, ngành",
            Tier::Province => "Cấp tỉnh",
            Tier::District => "Cấp huyện",
            Tier::Commune => "Cấp xã",
        }
    }
}

/// The processing statistics of every unit in every counted period.
#[derive(Debug, Clone)]
pub struct Statistics {
    periods: Vec<Period>,
    tree: UnitTree,
    /// Per period, per unit (by tree position): the unit's own dossiers.
    own: Vec<Vec<ProcessingCounts>>,
    /// The catalogue's distinct fields (lĩnh vực), in order of first appearance.
    fields: Vec<String>,
    /// Per period: late dossiers (settled late or past due) by (unit position, field position).
    late_by_field: Vec<BTreeMap<(usize, usize), u64>>,
}

/// One core's share while adding up.
struct Part {
    own: Vec<Vec<ProcessingCounts>>,
    late_by_field: Vec<BTreeMap<(usize, usize), u64>>,
}

impl Statistics {
    /// Adds up the standings of the tally's dossiers, per period and unit, on every core.
    ///
    /// Errors: the counting was not set up [`with_statistics`](Counting::with_statistics), or the
    /// tally comes from another setup.
    pub fn of(counting: &Counting, tally: &Tally) -> Result<Statistics> {
        if !counting.has_statistics() {
            return Err(Error::setup(SetupPart::NoStatistics));
        }
        let (periods, units) = (counting.periods().len(), counting.tree().units().len());
        // Each procedure's field as a position, so a late dossier adds to a number, not a string.
        let mut fields: Vec<String> = Vec::new();
        let field_of: Vec<Option<usize>> = (counting.procedures().iter())
            .map(|procedure| {
                let field = procedure.field.as_ref()?;
                Some(fields.iter().position(|f| f == field).unwrap_or_else(|| {
                    fields.push(field.clone());
                    fields.len() - 1
                }))
            })
            .collect();
        let empty = || Part {
            own: vec![vec![ProcessingCounts::default(); units]; periods],
            late_by_field: vec![BTreeMap::new(); periods],
        };
        let parts = counting.fold_statuses(tally, empty, |part, unit, at, procedure, status| {
            for (p, own) in part.own.iter_mut().enumerate() {
                let Some(standing) = status.in_period(p) else {
                    continue;
                };
                if let Some(counts) = own.get_mut(unit) {
                    counts.add_dossier(standing, status, procedure.online_level);
                }
                let late = matches!(
                    standing.standing,
                    crate::count::Standing::Late | crate::count::Standing::PastDue
                );
                if let (true, Some(&Some(field)), Some(late_here)) =
                    (late, field_of.get(at), part.late_by_field.get_mut(p))
                {
                    *late_here.entry((unit, field)).or_default() += 1;
                }
            }
            Ok(())
        })?;
        let mut stats = Statistics {
            periods: counting.periods().to_vec(),
            tree: counting.tree().clone(),
            fields,
            own: empty().own,
            late_by_field: empty().late_by_field,
        };
        for part in parts {
            stats.add_part(part)?;
        }
        Ok(stats)
    }

    fn add_part(&mut self, part: Part) -> Result<()> {
        for (sums, counts) in self.own.iter_mut().zip(&part.own) {
            for (sum, count) in sums.iter_mut().zip(counts) {
                sum.add(count)?;
            }
        }
        for (sums, fields) in self.late_by_field.iter_mut().zip(part.late_by_field) {
            for (key, late) in fields {
                let sum = sums.entry(key).or_default();
                *sum = sum.checked_add(late).ok_or_else(|| ErrorKind::Overflow {
                    unit: String::new(),
                    place: "late dossiers by field".to_owned(),
                })?;
            }
        }
        Ok(())
    }

    /// Adds the statistics of other records, counted apart under the same setup (the same units
    /// and periods): a file per office, a machine per province. The records must be disjoint: an
    /// id in both is counted twice (merge the tallies instead to keep the later record).
    ///
    /// Errors: other units, periods or catalogue fields.
    pub fn merge(&mut self, other: &Statistics) -> Result<()> {
        if self.periods != other.periods
            || self.tree.units() != other.tree.units()
            || self.fields != other.fields
        {
            return Err(Error::setup(SetupPart::Statistics));
        }
        self.add_part(Part {
            own: other.own.clone(),
            late_by_field: other.late_by_field.clone(),
        })
    }

    /// The periods, in the counting's order (statistics are looked up by position).
    pub fn periods(&self) -> &[Period] {
        &self.periods
    }

    /// The unit tree.
    pub fn tree(&self) -> &UnitTree {
        &self.tree
    }

    fn position(&self, code: &str) -> Result<usize> {
        self.tree.position(code).ok_or_else(|| {
            ErrorKind::UnknownUnit {
                unit: code.to_owned(),
            }
            .into()
        })
    }

    fn period_counts(&self, period: usize) -> Result<&[ProcessingCounts]> {
        (self.own.get(period).map(Vec::as_slice)).ok_or_else(|| self.not_counted(period))
    }

    /// The error of a period's position past the periods counted.
    fn not_counted(&self, period: usize) -> Error {
        ErrorKind::PeriodNotCounted {
            period: format!("#{period}"),
            counted: self.periods.iter().map(ToString::to_string).collect(),
        }
        .into()
    }

    /// A unit's own dossiers in period `period` (its position in [`Statistics::periods`]).
    ///
    /// Errors: an unknown unit or period.
    pub fn own(&self, period: usize, code: &str) -> Result<ProcessingCounts> {
        let at = self.position(code)?;
        Ok(self
            .period_counts(period)?
            .get(at)
            .copied()
            .unwrap_or_default())
    }

    /// The positions of `code` and every unit below it.
    fn subtree(&self, code: &str) -> Result<Vec<bool>> {
        let root = self.position(code)?;
        let mut inside = vec![false; self.tree.units().len()];
        for at in self.tree.top_down() {
            let below = self
                .tree
                .parent_position(at)
                .is_some_and(|parent| inside.get(parent).copied().unwrap_or(false));
            if let Some(slot) = inside.get_mut(at) {
                *slot = at == root || below;
            }
        }
        Ok(inside)
    }

    /// The units in scope: `code`'s subtree, or every unit when `None`.
    pub(crate) fn scope(&self, code: Option<&str>) -> Result<Vec<bool>> {
        match code {
            Some(code) => self.subtree(code),
            None => Ok(vec![true; self.tree.units().len()]),
        }
    }

    /// The dossiers of a unit and every unit below it (a province's whole figures).
    ///
    /// Errors: an unknown unit or period; an overflowing sum.
    pub fn pooled(&self, period: usize, code: &str) -> Result<ProcessingCounts> {
        let inside = self.subtree(code)?;
        self.sum_where(period, |at, _| inside.get(at).copied().unwrap_or(false))
    }

    /// The figures of each tier (province level, districts, communes…) among the units in scope
    /// (`code`'s subtree, or every unit), tiers without units left out.
    ///
    /// Errors: an unknown unit or period; an overflowing sum.
    pub fn by_tier(
        &self,
        period: usize,
        code: Option<&str>,
    ) -> Result<Vec<(Tier, ProcessingCounts)>> {
        let inside = self.scope(code)?;
        let mut tiers: BTreeMap<Tier, ProcessingCounts> = BTreeMap::new();
        let counts = self.period_counts(period)?;
        for ((unit, counts), inside) in self.tree.units().iter().zip(counts).zip(&inside) {
            if *inside {
                tiers.entry(Tier::of(unit.level)).or_default().add(counts)?;
            }
        }
        Ok(tiers.into_iter().collect())
    }

    /// The sum over the units at positions `keep` accepts.
    fn sum_where(
        &self,
        period: usize,
        keep: impl Fn(usize, &Unit) -> bool,
    ) -> Result<ProcessingCounts> {
        let mut sum = ProcessingCounts::default();
        let counts = self.period_counts(period)?;
        for (at, (unit, counts)) in self.tree.units().iter().zip(counts).enumerate() {
            if keep(at, unit) {
                sum.add(counts)?;
            }
        }
        Ok(sum)
    }

    /// The units in scope with their own dossiers, in the tree's order.
    ///
    /// Errors: an unknown unit or period.
    pub fn units(
        &self,
        period: usize,
        code: Option<&str>,
    ) -> Result<Vec<(&Unit, ProcessingCounts)>> {
        let inside = self.scope(code)?;
        let counts = self.period_counts(period)?;
        Ok((self.tree.units().iter().zip(counts).zip(&inside))
            .filter(|(_, inside)| **inside)
            .map(|((unit, counts), _)| (unit, *counts))
            .collect())
    }

    /// Late dossiers (settled late, or in process past due) by field (lĩnh vực) among the units
    /// in scope, most first (ties by name); empty when the catalogue gives no fields.
    ///
    /// Errors: an unknown unit or period.
    pub fn late_by_field(&self, period: usize, code: Option<&str>) -> Result<Vec<(String, u64)>> {
        let inside = self.scope(code)?;
        let late = (self.late_by_field.get(period)).ok_or_else(|| self.not_counted(period))?;
        let mut totals: BTreeMap<&str, u64> = BTreeMap::new();
        for (&(unit, field), count) in late {
            let name = self.fields.get(field).map_or("", String::as_str);
            if inside.get(unit).copied().unwrap_or(false) {
                // Each is a count of dossiers in memory: their sum cannot pass u64::MAX.
                *totals.entry(name).or_default() += *count;
            }
        }
        let mut sorted: Vec<(String, u64)> =
            totals.into_iter().map(|(f, n)| (f.to_owned(), n)).collect();
        sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(sorted)
    }
}
