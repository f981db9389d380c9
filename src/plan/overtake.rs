//! Overtaking (SPEC §9): the least change for a unit to rank above another unit of its peer set,
//! or to reach a rank, under competition ranking on the rounded totals (equal totals share a
//! rank, so ranking above a unit means a higher total).
//!
//! The other units' totals stay as they are; the unit's own least change is the cheapest
//! combination for the total it must reach ([`Planner::cheapest_combination`]).

use rust_decimal::Decimal;
use serde::Serialize;

use std::collections::HashMap;

use super::combine::Combination;
use super::Planner;
use crate::error::{Error, ErrorKind, Problem, Result};
use crate::rank::{rank, RankBy, RankMethod, Ranked, Ranking};
use crate::score::Scorecard;
use crate::unit::PeerSet;

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

/// The peer sets' ranking on the total, made once for every overtaking answer of a planner.
pub(super) struct Standings {
    ranking: Ranking,
    /// Each peer set's totals, highest first.
    totals: HashMap<PeerSet, Vec<Decimal>>,
}

impl Standings {
    /// The units of `card` ranked on the total, and each peer set's totals.
    pub(super) fn of(card: &Scorecard) -> Result<Standings> {
        let ranking = rank(card, &RankBy::Total, RankMethod::Competition)?;
        let mut totals: HashMap<PeerSet, Vec<Decimal>> = HashMap::new();
        for entry in ranking.entries() {
            if let Some(total) = entry.value {
                totals.entry(entry.peers.clone()).or_default().push(total);
            }
        }
        for set in totals.values_mut() {
            set.sort_unstable_by(|a, b| b.cmp(a));
        }
        Ok(Standings { ranking, totals })
    }

    /// The `nth` best total (from 1) of the peer set `peers` without one unit's total `mine`.
    fn nth_of_others(&self, peers: &PeerSet, mine: Decimal, nth: u32) -> Option<Decimal> {
        nth_without(self.totals.get(peers)?, mine, nth)
    }
}

/// The `nth` best (from 1) of `totals` (highest first, `mine` among them) without `mine`.
fn nth_without(totals: &[Decimal], mine: Decimal, nth: u32) -> Option<Decimal> {
    let index = usize::try_from(nth).ok()?.checked_sub(1)?;
    // The unit's own total is first met after every higher one: the others are the list
    // without that place.
    let own = totals.partition_point(|&t| t > mine);
    let at = if index < own {
        index
    } else {
        index.checked_add(1)?
    };
    totals.get(at).copied()
}

/// The least change for unit `code` to meet `goal` in its peer set:
/// [`Planner::overtake`] for a single answer.
///
/// Errors: an unknown unit; a unit or rival without a total (incomplete), or a rival of another
/// peer set; a rank of 0, or beyond the units ranked.
pub fn overtake(card: &Scorecard, code: &str, goal: &Goal) -> Result<Overtaking> {
    Planner::new(card).overtake(code, goal)
}

impl Planner<'_> {
    /// The least change for unit `code` to meet `goal` in its peer set. The units are ranked
    /// once for every answer of the planner.
    ///
    /// Errors: an unknown unit; a unit or rival without a total (incomplete), or a rival of
    /// another peer set; a rank of 0, or beyond the units ranked.
    pub fn overtake(&self, code: &str, goal: &Goal) -> Result<Overtaking> {
        let card = self.card;
        let standings = self.standings()?;
        let ranking = &standings.ranking;
        let me = ranking.get(code).ok_or_else(|| ErrorKind::UnknownUnit {
            unit: code.to_owned(),
        })?;
        let mine = me.value.ok_or_else(|| incomplete(code))?;
        let needed = total_needed(standings, card, (code, me, mine), goal)?;
        let combination = needed
            .map(|total| self.cheapest_combination(code, "total", total))
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

    /// The standings of the planner's units, made on the first overtaking answer.
    fn standings(&self) -> Result<&Standings> {
        if let Some(standings) = self.standings.get() {
            return Ok(standings);
        }
        let made = Standings::of(self.card)?;
        Ok(self.standings.get_or_init(|| made))
    }
}

/// The error of a unit without a total.
fn incomplete(unit: &str) -> Error {
    Error::from(ErrorKind::InvalidField {
        unit: unit.to_owned(),
        field: "total".into(),
        problem: Problem::Incomplete,
    })
}

/// The total unit `code` (ranked `me`, with total `mine`) must reach to meet `goal`; `None` when
/// it is met already.
fn total_needed(
    standings: &Standings,
    card: &Scorecard,
    (code, me, mine): (&str, &Ranked, Decimal),
    goal: &Goal,
) -> Result<Option<Decimal>> {
    let invalid = |field: &str, problem| -> Error {
        ErrorKind::InvalidField {
            unit: code.to_owned(),
            field: field.into(),
            problem,
        }
        .into()
    };
    match goal {
        Goal::Above(rival) if rival == code => Err(invalid("overtake", Problem::AboveItself)),
        Goal::Above(rival) => {
            let other = (standings.ranking.get(rival)).ok_or_else(|| ErrorKind::UnknownUnit {
                unit: rival.clone(),
            })?;
            if other.peers != me.peers {
                let rival = rival.clone();
                return Err(invalid("overtake", Problem::OtherPeers { rival }));
            }
            let theirs = other.value.ok_or_else(|| incomplete(rival))?;
            let step = Decimal::new(1, card.methodology().rounding().places);
            Ok((theirs >= mine).then_some(theirs + step))
        }
        Goal::Rank(0) => Err(invalid("rank", Problem::RankZero)),
        Goal::Rank(wanted) if *wanted > me.of => {
            Err(invalid("rank", Problem::RankBeyond { of: me.of }))
        }
        // Rank r needs no more than r − 1 others above: a total at least the r-th best of the
        // others'.
        Goal::Rank(wanted) => {
            Ok((standings.nth_of_others(&me.peers, mine, *wanted)).filter(|&held| held > mine))
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::nth_without;

    proptest! {
        // The n-th best of the others, read off the peer set's sorted totals, is the n-th of
        // the others' totals sorted on their own.
        #[test]
        fn the_nth_of_the_others_is_read_off_the_sorted_totals(
            others in proptest::collection::vec(0i64..40, 0..12),
            mine in 0i64..40,
            nth in 0u32..15,
        ) {
            let mut sorted: Vec<Decimal> = (others.iter()).map(|&t| Decimal::new(t, 1)).collect();
            sorted.sort_unstable_by(|a, b| b.cmp(a));
            let expected = (nth as usize).checked_sub(1).and_then(|i| sorted.get(i).copied());
            let mine = Decimal::new(mine, 1);
            let mut all = sorted.clone();
            all.push(mine);
            all.sort_unstable_by(|a, b| b.cmp(a));
            prop_assert_eq!(nth_without(&all, mine, nth), expected);
        }
    }
}
