//! Criterion counts per unit and period — the interchange format v1 (SPEC §6) — with their
//! roll-up through the unit tree. Counts come from a file, from another system, or from raw
//! records through [`count::Counting`](crate::count::Counting) (the counting lives there; this
//! module holds the counts and their formats).
//!
//! [`Counts`] is what scoring consumes: for each unit, a numerator and denominator per criterion
//! ([`CriterionCount`]), or, under a group-level methodology, the group points published for it. It
//! reads from and writes to JSON ([`Counts::from_json`]) and CSV ([`Counts::from_csv`]).
//!
//! A criterion left out is *missing*, which is not `{"num": 0, "den": 0}`: a unit is only complete
//! when every criterion is present or explicitly marked not applicable.
//!
//! ```
//! use chiso766::{Counts, CriterionCount};
//!
//! let counts = Counts::from_json(r#"{
//!   "methodology": "dvcqg-2026", "period": "2026",
//!   "units": [{"code": "H44", "name": "UBND tỉnh Phú Thọ", "level": "province", "parent": null,
//!              "criteria": {"DOSSIER_ON_TIME": {"num": 528684, "den": 597918}}}]
//! }"#)?;
//! assert_eq!(counts.units[0].criteria["DOSSIER_ON_TIME"], CriterionCount::Counted { num: 528684, den: 597918 });
//! # Ok::<(), chiso766::Error>(())
//! ```

mod formats;
mod template;

pub use formats::{NOTE_COLUMNS, VIETNAMESE_COLUMNS};
pub use template::{Template, TemplateRow};

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rust_decimal::Decimal;

use crate::error::{ErrorKind, Result};
use crate::methodology::Pooling;
use crate::period::Period;
use crate::unit::{Unit, UnitTree};

/// The counts of every unit for one period, under one methodology.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    /// The methodology the input names, if it names one: counts that name none (a CSV without a
    /// `methodology` column, counts made from records) are scored under whichever methodology is
    /// chosen, and [`Counts::methodology_name`] is `dvcqg-2026` for them.
    pub methodology: Option<String>,
    /// The period counted, when the input says.
    pub period: Option<Period>,
    /// The units with their counts, in input order.
    pub units: Vec<UnitCounts>,
}

/// One unit's counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitCounts {
    /// The unit.
    pub unit: Unit,
    /// Counts by criterion (or monitoring metric) code.
    pub criteria: BTreeMap<String, CriterionCount>,
    /// Group points given directly, by group code: for a group-level methodology, or in place of
    /// a group's criteria (the portal publishes a sub-unit's online-services group as points).
    pub groups: BTreeMap<String, Decimal>,
    /// Criteria whose count is only a published rate written as its smallest fraction (the
    /// portal's 100% with no counts read as 1/1): scored as given, but not a number of cases, so
    /// plans count no cases on it and findings do not judge its size.
    pub ratio_only: BTreeSet<String>,
}

/// The count of one criterion for one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CriterionCount {
    /// A numerator and a denominator (`num` may exceed `den` only in lenient scoring).
    Counted {
        /// The numerator.
        num: u64,
        /// The denominator.
        den: u64,
    },
    /// The criterion does not apply to the unit; it is scored by the criterion's zero-denominator
    /// policy and the unit stays complete.
    NotApplicable,
}

/// Where a unit's count for a criterion came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The input gave it for this unit.
    Own,
    /// The pooled sum of the unit's children (roll-up).
    Pooled,
    /// Copied unchanged from an ancestor (publication criteria), named here.
    Inherited(String),
    /// The input gave only the rate (see [`UnitCounts::ratio_only`]): a rate, not cases.
    Ratio,
}

/// Where a slot's count came from, while scoring (the public form is [`Source`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    Own,
    Pooled,
    /// Copied from the unit at this position.
    Inherited(usize),
    /// The unit's own, but only a rate (see [`UnitCounts::ratio_only`]).
    Ratio,
}

/// One unit's counts laid out by the methodology's slots (its criteria, then its monitoring
/// metrics), so scoring looks them up by position rather than by code.
pub(crate) type Slots = Vec<Option<(CriterionCount, Origin)>>;

impl Counts {
    /// The methodology the input names, or the default `dvcqg-2026` when it names none.
    pub fn methodology_name(&self) -> &str {
        self.methodology
            .as_deref()
            .unwrap_or(crate::methodology::DEFAULT)
    }

    /// Every unit's counts by slot (`slots` lists the codes and their pooling, in order), with the
    /// unit tree applied when `roll_up`: for the counts a unit lacks, the pooled sum of its
    /// children ([`Pooling::Sum`]) or its nearest ancestor's ([`Pooling::Inherit`]).
    ///
    /// A pooled count exists only when every child has one (after its own roll-up): a child that is
    /// missing the criterion leaves the parent missing it too, because missing is not zero. Children
    /// marked not applicable add nothing.
    ///
    /// Errors: a code the slots do not list (an unknown criterion); overflow of a pooled sum.
    pub(crate) fn slots(
        &self,
        slots: &[(&str, Pooling)],
        methodology: &str,
        tree: &UnitTree,
        roll_up: bool,
    ) -> Result<Vec<Slots>> {
        let index: HashMap<&str, usize> = slots
            .iter()
            .enumerate()
            .map(|(i, (code, _))| (*code, i))
            .collect();
        let mut resolved = Vec::with_capacity(self.units.len());
        for unit in &self.units {
            let mut own: Slots = vec![None; slots.len()];
            for (code, count) in &unit.criteria {
                let Some(&slot) = index.get(code.as_str()) else {
                    return Err(ErrorKind::UnknownCriterion {
                        unit: unit.unit.code.clone(),
                        criterion: code.clone(),
                        methodology: methodology.to_owned(),
                    }
                    .into());
                };
                let origin = if unit.ratio_only.contains(code) {
                    Origin::Ratio
                } else {
                    Origin::Own
                };
                own[slot] = Some((*count, origin));
            }
            resolved.push(own);
        }
        if !roll_up {
            return Ok(resolved);
        }
        for (slot, (code, pooling)) in slots.iter().enumerate() {
            let mut column: Vec<_> = (resolved.iter())
                .map(|own| own.get(slot).copied().flatten())
                .collect();
            roll_up_column(&mut column, *pooling, code, tree)?;
            for (own, cell) in resolved.iter_mut().zip(column) {
                if let Some(slot) = own.get_mut(slot) {
                    *slot = cell;
                }
            }
        }
        Ok(resolved)
    }
}

/// One criterion's counts (a cell per unit, by tree position) with the tree applied, as
/// [`Counts::slots`] describes: the units lacking a count get their children's pooled sum or their
/// nearest ancestor's.
///
/// Errors: overflow of a pooled sum.
pub(crate) fn roll_up_column(
    column: &mut [Option<(CriterionCount, Origin)>],
    pooling: Pooling,
    code: &str,
    tree: &UnitTree,
) -> Result<()> {
    let cell =
        |column: &[Option<(CriterionCount, Origin)>], at: usize| column.get(at).copied().flatten();
    match pooling {
        Pooling::Sum => {
            for at in tree.bottom_up() {
                let children = tree.child_positions(at);
                if children.is_empty() || cell(column, at).is_some() {
                    continue;
                }
                // A rate is no count of cases: it cannot be summed into its parent's.
                let parts = (children.iter()).map(|&c| {
                    cell(column, c)
                        .filter(|(_, origin)| *origin != Origin::Ratio)
                        .map(|(count, _)| count)
                });
                let unit = tree.units().get(at).map_or("", |u| u.code.as_str());
                if let (Some(pooled), Some(slot)) = (pool(parts, unit, code)?, column.get_mut(at)) {
                    *slot = Some((pooled, Origin::Pooled));
                }
            }
        }
        Pooling::Inherit => {
            for at in tree.top_down() {
                if cell(column, at).is_some() {
                    continue;
                }
                let Some(parent) = tree.parent_position(at) else {
                    continue;
                };
                if let (Some((count, origin)), Some(slot)) =
                    (cell(column, parent), column.get_mut(at))
                {
                    let from = match origin {
                        Origin::Inherited(from) => from,
                        _ => parent,
                    };
                    *slot = Some((count, Origin::Inherited(from)));
                }
            }
        }
        Pooling::None => {}
    }
    Ok(())
}

/// Sums the children's counts; `None` when any child lacks one, not applicable when all are.
fn pool(
    parts: impl Iterator<Item = Option<CriterionCount>>,
    unit: &str,
    criterion: &str,
) -> Result<Option<CriterionCount>> {
    let overflow = || ErrorKind::Overflow {
        unit: unit.to_owned(),
        place: format!("pooled counts of criterion {criterion}"),
    };
    let mut sum: Option<(u64, u64)> = None;
    for part in parts {
        match part {
            None => return Ok(None),
            Some(CriterionCount::NotApplicable) => {}
            Some(CriterionCount::Counted { num, den }) => {
                let (n, d) = sum.unwrap_or((0, 0));
                sum = Some((
                    n.checked_add(num).ok_or_else(overflow)?,
                    d.checked_add(den).ok_or_else(overflow)?,
                ));
            }
        }
    }
    Ok(Some(match sum {
        Some((num, den)) => CriterionCount::Counted { num, den },
        None => CriterionCount::NotApplicable,
    }))
}
