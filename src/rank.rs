//! Rankings within peer sets — the provinces among themselves, a province's departments, a
//! province's communes — on the rounded total or a group, and the change between two scorecards.
//!
//! Three methods: competition (“1224”, the default in published tables), dense (“1223”) and
//! ordinal (“1234”). Ties share a rank; for display they are ordered by unit code, so the order is
//! deterministic and independent of the input's order. Incomplete units are listed unranked.
//!
//! ```
//! use chiso766::{rank, Counts, Methodology, RankBy, RankMethod, ScoreOptions};
//!
//! let counts = Counts::from_json(r#"{"methodology": "qd766-groups", "period": "2022", "units": [
//!   {"code": "A", "name": "A", "level": "province", "groups": {"CKMB": "9", "TDGQ": "15", "DVCTT": "3", "TTTT": "2", "MDHL": "16", "MDSH": "8"}},
//!   {"code": "B", "name": "B", "level": "province", "groups": {"CKMB": "8", "TDGQ": "16", "DVCTT": "3", "TTTT": "2", "MDHL": "16", "MDSH": "8"}},
//!   {"code": "C", "name": "C", "level": "province", "groups": {"CKMB": "9", "TDGQ": "16", "DVCTT": "3", "TTTT": "2", "MDHL": "16", "MDSH": "8"}}]}"#)?;
//! let card = chiso766::score(&Methodology::builtin("qd766-groups")?, &counts, &ScoreOptions::default())?;
//! let ranking = rank(&card, &RankBy::Total, RankMethod::Competition)?;
//! let order: Vec<(&str, Option<u32>)> = ranking.entries().iter().map(|r| (r.code.as_str(), r.rank)).collect();
//! assert_eq!(order, [("C", Some(1)), ("A", Some(2)), ("B", Some(2))]);
//! # Ok::<(), chiso766::Error>(())
//! ```

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use crate::error::{ErrorKind, Result};
use crate::score::{Scorecard, UnitScore};
use crate::unit::PeerSet;

/// How tied values share ranks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RankMethod {
    /// Ties share the best rank and the next rank skips: 1, 2, 2, 4.
    #[default]
    Competition,
    /// Ties share a rank and the next follows on: 1, 2, 2, 3.
    Dense,
    /// Every unit its own rank, ties in unit-code order: 1, 2, 3, 4.
    Ordinal,
}

/// What a ranking orders by.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RankBy {
    /// The total.
    Total,
    /// A group of the methodology (`CKMB`) or of one of its views (`CCDVTT`).
    Group(String),
}

/// A ranking of every unit of a scorecard within its peer set.
#[derive(Debug, Clone)]
pub struct Ranking {
    by: RankBy,
    method: RankMethod,
    entries: Vec<Ranked>,
    index: HashMap<String, usize>,
}

/// One unit's place in a [`Ranking`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Ranked {
    /// The unit's code.
    pub code: String,
    /// The units it is ranked against.
    pub peers: PeerSet,
    /// The value ranked on; `None` for an incomplete unit.
    pub value: Option<Decimal>,
    /// The rank, from 1; `None` for an incomplete unit.
    pub rank: Option<u32>,
    /// How many units of the peer set are ranked (the 34 of “xếp hạng 12/34”).
    pub of: u32,
}

/// A ranking as data: `{"by": "total", "method": "competition", "entries": [...]}`.
impl serde::Serialize for Ranking {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut ranking = serializer.serialize_struct("Ranking", 3)?;
        ranking.serialize_field("by", &self.by)?;
        ranking.serialize_field("method", &self.method)?;
        ranking.serialize_field("entries", &self.entries)?;
        ranking.end()
    }
}

impl Ranking {
    /// What the ranking orders by.
    pub fn by(&self) -> &RankBy {
        &self.by
    }

    /// How ties are ranked.
    pub fn method(&self) -> RankMethod {
        self.method
    }

    /// The entries for display: by peer set, then best first, ties and unranked units by code.
    pub fn entries(&self) -> &[Ranked] {
        &self.entries
    }

    /// The entry of the unit with this code.
    pub fn get(&self, code: &str) -> Option<&Ranked> {
        self.index.get(code).and_then(|&i| self.entries.get(i))
    }
}

/// The value of `by` for one unit, `Ok(None)` when the unit is incomplete there.
fn value_of(unit: &UnitScore, by: &RankBy) -> Option<Option<Decimal>> {
    match by {
        RankBy::Total => Some(unit.total),
        RankBy::Group(code) => unit
            .group(code)
            .or_else(|| {
                unit.views
                    .iter()
                    .flat_map(|v| &v.groups)
                    .find(|g| &g.code == code)
            })
            .map(|g| g.points),
    }
}

/// Ranks every unit of `scorecard` within its peer set.
///
/// Errors: `by` names a group that neither the methodology nor its views define.
pub fn rank(scorecard: &Scorecard, by: &RankBy, method: RankMethod) -> Result<Ranking> {
    check_group(scorecard, by)?;
    let mut entries = Vec::with_capacity(scorecard.units().len());
    for (peers, members) in peer_sets(scorecard, by) {
        rank_set(&peers, members, method, &mut entries);
    }
    let index = entries
        .iter()
        .enumerate()
        .map(|(i, r)| (r.code.clone(), i))
        .collect();
    Ok(Ranking {
        by: by.clone(),
        method,
        entries,
        index,
    })
}

/// Checks that a ranking by a group names one the methodology or its views define.
fn check_group(scorecard: &Scorecard, by: &RankBy) -> Result<()> {
    let RankBy::Group(code) = by else {
        return Ok(());
    };
    let m = scorecard.methodology();
    let known = m.group(code).is_some()
        || m.views()
            .iter()
            .flat_map(|v| &v.groups)
            .any(|g| &g.code == code);
    if !known {
        return Err(ErrorKind::UnknownGroup {
            group: code.clone(),
            methodology: m.name().to_owned(),
        }
        .into());
    }
    Ok(())
}

/// The units of `scorecard` with a peer set, by peer set, each with its code and value of `by`.
fn peer_sets(
    scorecard: &Scorecard,
    by: &RankBy,
) -> BTreeMap<PeerSet, Vec<(String, Option<Decimal>)>> {
    let mut sets: BTreeMap<PeerSet, Vec<(String, Option<Decimal>)>> = BTreeMap::new();
    for unit in scorecard.units() {
        let code = &unit.unit.code;
        let Some(peers) = scorecard.tree().peer_set(code) else {
            continue;
        };
        let value = value_of(unit, by).flatten();
        sets.entry(peers).or_default().push((code.clone(), value));
    }
    sets
}

/// Ranks the `members` of one peer set by `method` and adds them to `entries`: best first;
/// ties, then unranked units, by code.
fn rank_set(
    peers: &PeerSet,
    mut members: Vec<(String, Option<Decimal>)>,
    method: RankMethod,
    entries: &mut Vec<Ranked>,
) {
    members.sort_by(|(a_code, a), (b_code, b)| b.cmp(a).then_with(|| a_code.cmp(b_code)));
    let of = u32::try_from(members.iter().filter(|(_, v)| v.is_some()).count()).unwrap_or(u32::MAX);
    let (mut rank, mut dense, mut previous) = (0u32, 0u32, None);
    for (position, (code, value)) in (1u32..).zip(members) {
        let rank_here = value.map(|v| {
            if previous != Some(v) {
                rank = position;
                dense += 1;
                previous = Some(v);
            }
            match method {
                RankMethod::Competition => rank,
                RankMethod::Dense => dense,
                RankMethod::Ordinal => position,
            }
        });
        entries.push(Ranked {
            code,
            peers: peers.clone(),
            value,
            rank: rank_here,
            of,
        });
    }
}

/// Rankings by the total and by each of the methodology's groups, in that order.
pub fn rank_all(scorecard: &Scorecard, method: RankMethod) -> Result<Vec<Ranking>> {
    std::iter::once(RankBy::Total)
        .chain(
            scorecard
                .methodology()
                .groups()
                .iter()
                .map(|g| RankBy::Group(g.code.clone())),
        )
        .map(|by| rank(scorecard, &by, method))
        .collect()
}

/// How one unit moved between two scorecards (the portal's `scoreDelta`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Delta {
    /// The unit's code.
    pub code: String,
    /// The value before; `None` if the unit was absent or incomplete.
    pub before: Option<Decimal>,
    /// The value after; `None` if the unit is absent or incomplete.
    pub after: Option<Decimal>,
    /// `after − before`, when both exist.
    pub points: Option<Decimal>,
    /// The rank before.
    pub rank_before: Option<u32>,
    /// The rank after.
    pub rank_after: Option<u32>,
    /// Places climbed (`rank_before − rank_after`: positive is better), when both ranks exist.
    pub rank_change: Option<i64>,
}

/// The change of every unit between two scorecards of the same methodology: the units of `current`
/// in its order, then those only in `previous`.
///
/// Errors: the scorecards use different methodologies; `by` is not a group of theirs.
pub fn deltas(
    previous: &Scorecard,
    current: &Scorecard,
    by: &RankBy,
    method: RankMethod,
) -> Result<Vec<Delta>> {
    if previous.methodology().name() != current.methodology().name() {
        return Err(ErrorKind::MethodologyMismatch {
            expected: current.methodology().name().to_owned(),
            found: previous.methodology().name().to_owned(),
        }
        .into());
    }
    let (before, after) = (rank(previous, by, method)?, rank(current, by, method)?);
    let codes = current
        .units()
        .iter()
        .chain(
            previous
                .units()
                .iter()
                .filter(|u| current.unit(&u.unit.code).is_none()),
        )
        .map(|u| u.unit.code.as_str());
    Ok(codes
        .map(|code| {
            let (b, a) = (before.get(code), after.get(code));
            let (before_value, after_value) = (b.and_then(|r| r.value), a.and_then(|r| r.value));
            let (rank_before, rank_after) = (b.and_then(|r| r.rank), a.and_then(|r| r.rank));
            Delta {
                code: code.to_owned(),
                before: before_value,
                after: after_value,
                points: before_value
                    .zip(after_value)
                    .and_then(|(b, a)| a.checked_sub(b)),
                rank_before,
                rank_after,
                rank_change: rank_before
                    .zip(rank_after)
                    .map(|(b, a)| i64::from(b) - i64::from(a)),
            }
        })
        .collect())
}
