//! Sensitivity (SPEC §9): how much a ranking depends on the methodology's disputed details. Every
//! unit is scored and ranked under each edition (the default and its named variants,
//! [`Methodology::variants`]); each unit's best and worst rank and its largest change.

use serde::Serialize;

use crate::error::Result;
use crate::interchange::Counts;
use crate::methodology::Methodology;
use crate::rank::{rank, RankBy, RankMethod};
use crate::score::{score, ScoreOptions};

/// One unit's ranks under every edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RankRange {
    /// The unit's code.
    pub code: String,
    /// Its rank under each edition, in the editions' order (`None` when incomplete).
    pub ranks: Vec<Option<u32>>,
    /// Its best rank.
    pub best: Option<u32>,
    /// Its worst rank.
    pub worst: Option<u32>,
    /// Worst − best: the largest change of rank the editions make.
    pub largest_change: Option<u32>,
}

/// The ranks of every unit under every edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sensitivity {
    /// The editions' names, in order.
    pub editions: Vec<String>,
    /// Every unit, in the counts' order.
    pub units: Vec<RankRange>,
}

/// Scores and ranks `counts` under each of `editions` (the counts' own methodology name is set
/// aside, so one set of counts is scored under all of them).
///
/// Errors: a count the edition does not know; scoring errors.
pub fn sensitivity(counts: &Counts, editions: &[Methodology]) -> Result<Sensitivity> {
    let neutral = Counts {
        methodology: None,
        ..counts.clone()
    };
    let mut rankings = Vec::with_capacity(editions.len());
    for edition in editions {
        let card = score(edition, &neutral, &ScoreOptions::default())?;
        rankings.push(rank(&card, &RankBy::Total, RankMethod::Competition)?);
    }
    let units = (counts.units.iter())
        .map(|u| {
            let ranks: Vec<Option<u32>> = (rankings.iter())
                .map(|r| r.get(&u.unit.code).and_then(|e| e.rank))
                .collect();
            let known = || ranks.iter().flatten().copied();
            let (best, worst) = (known().min(), known().max());
            RankRange {
                code: u.unit.code.clone(),
                largest_change: best.zip(worst).map(|(b, w)| w - b),
                best,
                worst,
                ranks,
            }
        })
        .collect();
    Ok(Sensitivity {
        editions: editions.iter().map(|e| e.name().to_owned()).collect(),
        units,
    })
}
