//! What-if (SPEC §9): a scenario of changes to counts — absolute, relative, or “the rate becomes
//! x%” — for units or whole levels, re-scored; each unit's change of points and rank.
//!
//! A scenario is JSON:
//!
//! ```json
//! {"name": "Xã đạt 95% đúng hạn", "changes": [
//!   {"unit": "X.101", "criterion": "DOSSIER_ON_TIME", "num": 950, "den": 1000},
//!   {"level": "commune", "criterion": "ONLINE_DOSSIERS", "add_num": 10, "add_den": 10},
//!   {"unit": "X.01", "criterion": "DOSSIER_SYNC", "rate": "95"}
//! ]}
//! ```
//!
//! `rate` sets the numerator to the least whole number that brings the rate to at least x% of
//! the unchanged denominator, lowering a count that was above; `rate_at_least` only raises
//! (`{"level": "commune", "criterion": "DOSSIER_ON_TIME", "rate_at_least": "95"}`: every
//! commune below 95% reaches it, the others keep theirs). A change applies to a unit's own
//! count; a count pooled from the unit's units is changed there, and the pooled count follows
//! when re-scored.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{CountPart, Error, ErrorKind, Problem, Result};
use crate::interchange::{Counts, CriterionCount};
use crate::methodology::Methodology;
use crate::rank::{deltas, Delta, RankBy, RankMethod};
use crate::score::{score, ScoreOptions};
use crate::unit::Level;

/// One change of a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The unit changed…
    #[serde(default)]
    pub unit: Option<String>,
    /// …or every unit of a level.
    #[serde(default)]
    pub level: Option<Level>,
    /// The criterion whose count changes.
    pub criterion: String,
    /// Absolute: the new numerator.
    #[serde(default)]
    pub num: Option<u64>,
    /// Absolute: the new denominator.
    #[serde(default)]
    pub den: Option<u64>,
    /// Relative: added to the numerator (negative to take away).
    #[serde(default)]
    pub add_num: Option<i64>,
    /// Relative: added to the denominator.
    #[serde(default)]
    pub add_den: Option<i64>,
    /// The rate becomes this percentage (of the unchanged denominator), whether it was above
    /// or below.
    #[serde(default)]
    pub rate: Option<Decimal>,
    /// The rate rises to at least this percentage; a count already there is left as it is
    /// (“every commune reaches 95%”).
    #[serde(default)]
    pub rate_at_least: Option<Decimal>,
}

/// A named list of changes.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// What the scenario is, for the report.
    #[serde(default)]
    pub name: String,
    /// The changes, applied in order.
    pub changes: Vec<Change>,
}

/// A scenario re-scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WhatIf {
    /// The scenario's name.
    pub name: String,
    /// How many unit counts the scenario changed.
    pub counts_changed: usize,
    /// Every unit's total before and after, and its rank change.
    pub units: Vec<Delta>,
}

impl Scenario {
    /// Reads a scenario from JSON.
    ///
    /// Errors: not a scenario (an unknown field, a missing criterion), naming the place.
    pub fn from_json(text: &str) -> Result<Scenario> {
        crate::input::json::from_str(text).map_err(|e| {
            ErrorKind::Syntax {
                problem: format!("scenario: {e}"),
            }
            .into()
        })
    }
}

/// The error of the `index`-th change of a scenario, about `unit`.
fn problem(index: usize, unit: &str, problem: Problem) -> Error {
    ErrorKind::InvalidField {
        unit: unit.to_owned(),
        field: format!("changes[{index}]"),
        problem,
    }
    .into()
}

/// The count after one change.
fn changed(index: usize, unit: &str, change: &Change, num: u64, den: u64) -> Result<(u64, u64)> {
    let fail = |text: Problem| problem(index, unit, text);
    let forms = [
        change.num.is_some() || change.den.is_some(),
        change.add_num.is_some() || change.add_den.is_some(),
        change.rate.is_some(),
        change.rate_at_least.is_some(),
    ];
    if forms.iter().filter(|f| **f).count() != 1 {
        return Err(fail(Problem::ChangeForm));
    }
    let (num, den) = if let Some(rate) = change.rate.or(change.rate_at_least) {
        if rate.is_sign_negative() || rate > Decimal::ONE_HUNDRED {
            return Err(fail(Problem::NotPercentage { rate }));
        }
        let wanted = (Decimal::from(den) * rate / Decimal::ONE_HUNDRED).ceil();
        let wanted =
            u64::try_from(wanted).map_err(|_| fail(Problem::RateTooLarge { rate, den }))?;
        let num = if change.rate_at_least.is_some() {
            num.max(wanted)
        } else {
            wanted
        };
        (num, den)
    } else if forms[1] {
        let add = |value: u64, delta: Option<i64>| {
            let delta = delta.unwrap_or(0);
            if delta >= 0 {
                value.checked_add(delta.unsigned_abs())
            } else {
                value.checked_sub(delta.unsigned_abs())
            }
        };
        let num = add(num, change.add_num).ok_or_else(|| {
            fail(Problem::CountOutOfRange {
                part: CountPart::Numerator,
            })
        })?;
        let den = add(den, change.add_den).ok_or_else(|| {
            fail(Problem::CountOutOfRange {
                part: CountPart::Denominator,
            })
        })?;
        (num, den)
    } else {
        (change.num.unwrap_or(num), change.den.unwrap_or(den))
    };
    if num > den {
        return Err(fail(Problem::NumeratorAbove { num, den }));
    }
    Ok((num, den))
}

/// Applies `scenario` to `counts`, re-scores every unit under `methodology`, and gives each
/// unit's change of total and rank.
///
/// Errors: a change naming no unit or level, or both; an unknown unit or criterion; a unit
/// without a count of its own for the criterion; a level with no unit to change; a change that
/// would break a count.
pub fn what_if(methodology: &Methodology, counts: &Counts, scenario: &Scenario) -> Result<WhatIf> {
    let options = ScoreOptions::default();
    let before = score(methodology, counts, &options)?;
    let mut changed_counts = counts.clone();
    let mut touched: BTreeSet<(String, String)> = BTreeSet::new();
    for (index, change) in scenario.changes.iter().enumerate() {
        check_names(methodology, counts, index, change)?;
        apply(&mut changed_counts, index, change, &mut touched)?;
    }
    let after = score(methodology, &changed_counts, &options)?;
    Ok(WhatIf {
        name: scenario.name.clone(),
        counts_changed: touched.len(),
        units: deltas(&before, &after, &RankBy::Total, RankMethod::Competition)?,
    })
}

/// Checks that the `index`-th change names a criterion of `methodology` and, when it names a
/// unit, one of `counts`.
fn check_names(
    methodology: &Methodology,
    counts: &Counts,
    index: usize,
    change: &Change,
) -> Result<()> {
    if methodology.criterion(&change.criterion).is_none() {
        return Err(problem(
            index,
            change.unit.as_deref().unwrap_or(""),
            Problem::NotACriterion {
                criterion: change.criterion.clone(),
                methodology: methodology.name().to_owned(),
            },
        ));
    }
    if let Some(code) = &change.unit {
        if !counts.units.iter().any(|u| &u.unit.code == code) {
            return Err(ErrorKind::UnknownUnit { unit: code.clone() }.into());
        }
    }
    Ok(())
}

/// Applies the `index`-th change to the count of each unit of `counts` it selects, adding the
/// (unit, criterion) of each count changed to `touched`.
///
/// Errors: a change naming both a unit and a level, or neither; a unit it names without a
/// count of its own; a change that would break a count; no unit changed.
fn apply(
    counts: &mut Counts,
    index: usize,
    change: &Change,
    touched: &mut BTreeSet<(String, String)>,
) -> Result<()> {
    let mut hits = 0;
    for unit in &mut counts.units {
        let selected = match (&change.unit, change.level) {
            (Some(code), None) => &unit.unit.code == code,
            (None, Some(level)) => unit.unit.level == level,
            _ => return Err(problem(index, "", Problem::UnitOrLevel)),
        };
        if !selected {
            continue;
        }
        let code = unit.unit.code.clone();
        let Some(CriterionCount::Counted { num, den }) =
            unit.criteria.get(&change.criterion).copied()
        else {
            // A level changes the units that count the criterion; a unit named must.
            if change.unit.is_some() {
                let criterion = change.criterion.clone();
                return Err(problem(index, &code, Problem::NoOwnCount { criterion }));
            }
            continue;
        };
        let (num, den) = changed(index, &code, change, num, den)?;
        let count = CriterionCount::Counted { num, den };
        unit.criteria.insert(change.criterion.clone(), count);
        touched.insert((code, change.criterion.clone()));
        hits += 1;
    }
    if hits == 0 {
        let whom = change.unit.clone().unwrap_or_else(|| {
            change
                .level
                .map_or_else(String::new, |l| format!("level {}", l.as_str()))
        });
        return Err(problem(index, &whom, Problem::NothingToChange));
    }
    Ok(())
}
