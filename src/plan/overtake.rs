//! Overtaking (SPEC §9): the least change for a unit to rank above another unit of its peer set,
//! or to reach a rank, under competition ranking on the rounded totals (equal totals share a
//! rank, so ranking above a unit means a higher total).
//!
//! The other units' totals stay as they are; the unit's own least change is the cheapest
//! combination for the total it must reach ([`cheapest_combination`]).

use rust_decimal::Decimal;
use serde::Serialize;

use super::combine::{cheapest_combination, Combination};
use crate::error::{ErrorKind, Problem, Result};
use crate::rank::{rank, RankBy, RankMethod};
use crate::score::Scorecard;

/// What to overtake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Goal {
    /// Rank above this unit.
    Above(String),
    /// Reach this rank (or better).
    Rank(u32),
}

/// A unit of the peer set as an overtaking answer names it: by name and rank, never by code
/// alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Standing {
    /// The unit's code.
    pub code: String,
    /// The unit's name.
    pub name: String,
    /// Its rank now.
    pub rank: Option<u32>,
}

/// The least change that meets an overtaking goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Overtaking {
    /// The goal.
    pub goal: Goal,
    /// The unit that overtakes.
    pub unit: Standing,
    /// The unit to rank above, for [`Goal::Above`].
    pub rival: Option<Standing>,
    /// The unit's rank now.
    pub rank: Option<u32>,
    /// How many units of the peer set are ranked.
    pub of: u32,
    /// The total the unit must reach (the total to pass plus a hundredth, or the total held at
    /// the rank sought); `None` when the goal is met already.
    pub total_needed: Option<Decimal>,
    /// The cheapest combination of changes to reach it; `None` when the goal is met already.
    pub combination: Option<Combination>,
}

/// The least change for unit `code` to meet `goal` in its peer set.
///
/// Errors: an unknown unit; a unit or rival without a total (incomplete), or a rival of another
/// peer set; a rank of 0.
pub fn overtake(card: &Scorecard, code: &str, goal: &Goal) -> Result<Overtaking> {
    let ranking = rank(card, &RankBy::Total, RankMethod::Competition)?;
    let incomplete = |unit: &str| {
        crate::Error::from(ErrorKind::InvalidField {
            unit: unit.to_owned(),
            field: "total".into(),
            problem: Problem::Incomplete,
        })
    };
    let me = ranking.get(code).ok_or_else(|| ErrorKind::UnknownUnit {
        unit: code.to_owned(),
    })?;
    let mine = me.value.ok_or_else(|| incomplete(code))?;
    let step = Decimal::new(1, card.methodology().rounding().places);
    let needed = match goal {
        Goal::Above(rival) if rival == code => {
            return Err(ErrorKind::InvalidField {
                unit: code.to_owned(),
                field: "overtake".into(),
                problem: Problem::AboveItself,
            }
            .into())
        }
        Goal::Above(rival) => {
            let other = ranking.get(rival).ok_or_else(|| ErrorKind::UnknownUnit {
                unit: rival.clone(),
            })?;
            if other.peers != me.peers {
                return Err(ErrorKind::InvalidField {
                    unit: code.to_owned(),
                    field: "overtake".into(),
                    problem: Problem::OtherPeers {
                        rival: rival.clone(),
                    },
                }
                .into());
            }
            let theirs = other.value.ok_or_else(|| incomplete(rival))?;
            (theirs >= mine).then_some(theirs + step)
        }
        Goal::Rank(0) => {
            return Err(ErrorKind::InvalidField {
                unit: code.to_owned(),
                field: "rank".into(),
                problem: Problem::RankZero,
            }
            .into())
        }
        Goal::Rank(wanted) => {
            // Rank r needs no more than r − 1 others above: a total at least the r-th best of
            // the others'.
            let mut others: Vec<Decimal> = (ranking.entries().iter())
                .filter(|e| e.peers == me.peers && e.code != code)
                .filter_map(|e| e.value)
                .collect();
            others.sort_by(|a, b| b.cmp(a));
            match others.get(*wanted as usize - 1) {
                Some(&held) if held > mine => Some(held),
                _ => None,
            }
        }
    };
    let combination = needed
        .map(|total| cheapest_combination(card, code, "total", total))
        .transpose()?;
    let standing = |unit: &str| Standing {
        code: unit.to_owned(),
        name: (card.unit(unit)).map_or_else(|| unit.to_owned(), |u| u.unit.name.clone()),
        rank: ranking.get(unit).and_then(|e| e.rank),
    };
    Ok(Overtaking {
        goal: goal.clone(),
        unit: standing(code),
        rival: match goal {
            Goal::Above(rival) => Some(standing(rival)),
            Goal::Rank(_) => None,
        },
        rank: me.rank,
        of: me.of,
        total_needed: needed,
        combination,
    })
}
