//! The criteria counted from records, and the rule that turns one unit's pooled sums in one
//! period into their numerators and denominators: shared by the batch count
//! ([`Counting::counts_of`](super::Counting::counts_of)) and the live scorecard, which applies it
//! to one unit at a time.

use super::periods::{
    CITIZEN_DATA, COUNTED, DIGITIZED, E_RESULT, ONLINE, ON_TIME, OWES_FEES, PAID_ONLINE,
    PERSONAL_STORAGE, REUSED, SATISFIED,
};
use super::rules;
use super::sums::{Masks, ONLINE_SERVICE_USED};
use crate::record::{Procedure, ProcedureLevel};
use crate::unit::Level;

/// The dossier criteria and the bits of their numerator and denominator.
pub(super) const DOSSIER_CRITERIA: [(&str, u16, u16); 9] = [
    ("DOSSIER_ON_TIME", ON_TIME, COUNTED),
    ("ONLINE_DOSSIERS", ONLINE, COUNTED),
    ("ONLINE_PAYMENT_DOSSIERS", PAID_ONLINE, OWES_FEES),
    ("DOSSIER_RECEIVING_SATISFACTION", SATISFIED, COUNTED),
    ("ORIGINAL_RESULT_AVAILABLE", E_RESULT, COUNTED),
    ("SO_HOA_GIAY_TO_GIAI_QUYET", DIGITIZED, COUNTED),
    ("REUSED_DIGITIZED_DATA", REUSED, COUNTED),
    (
        "SYNCED_WITH_DVCQG_PERSONAL_STORAGE",
        PERSONAL_STORAGE,
        COUNTED,
    ),
    ("CITIZEN_DATA_CONNECTED_DOSSIER", CITIZEN_DATA, COUNTED),
];

/// The criteria counted from the catalogue and the procedures used by dossiers.
const PROCEDURE_CRITERIA: [&str; 4] = [
    "ONLINE_PROCEDURES",
    "ONLINE_SERVICES_WITH_DOSSIERS",
    "ONLINE_PAYMENT_PROCEDURES",
    "FEE_INTEGRATED_PROCEDURES",
];

const PETITION_CRITERIA: [&str; 2] = [
    "PETITION_PROCESSING_ON_TIME",
    "PETITION_HANDLING_SATISFACTION",
];

/// How many criteria records give.
pub(crate) const RECORD_CRITERIA: usize =
    DOSSIER_CRITERIA.len() + PROCEDURE_CRITERIA.len() + PETITION_CRITERIA.len();

/// Every criterion counted from records; the others come from an accompanying counts file.
pub fn criteria_from_records() -> impl Iterator<Item = &'static str> {
    DOSSIER_CRITERIA
        .iter()
        .map(|(code, _, _)| *code)
        .chain(PROCEDURE_CRITERIA)
        .chain(PETITION_CRITERIA)
}

/// One unit's sums in one period, pooled from the units below it.
pub(crate) struct PooledSums<'a> {
    /// Dossiers with each fact bit.
    pub(crate) dossiers: &'a [u64; 16],
    /// Petitions counted, on time, satisfied.
    pub(crate) petitions: [u64; 3],
    /// Per procedure set (online service used, paid online, fee data synced): how many of the
    /// procedures that count toward it for the unit's level ([`Authorities::counts_toward`]) it
    /// holds.
    pub(crate) used: [u64; 3],
}

/// The record criteria of a unit of `level` from its pooled sums, in the order of
/// [`criteria_from_records`]: (numerator, denominator), written to `out`.
pub(crate) fn unit_criteria(
    authorities: &Authorities,
    level: Level,
    sums: &PooledSums,
    out: &mut [(u64, u64); RECORD_CRITERIA],
) {
    let bit = |b: u16| {
        (sums.dossiers.get(b.trailing_zeros() as usize))
            .copied()
            .unwrap_or(0)
    };
    let [in_authority, offered_online, bearing_fees] = authorities.sizes(level);
    let [online_used, paid, fee_data] = sums.used;
    let [petitions, on_time, satisfied] = sums.petitions;
    // PROCEDURE_CRITERIA, then PETITION_CRITERIA, in their order.
    let others = [
        (offered_online, in_authority),
        (online_used, offered_online),
        (paid, bearing_fees),
        (fee_data, bearing_fees),
        (on_time, petitions),
        (satisfied, petitions),
    ];
    let dossiers = DOSSIER_CRITERIA
        .iter()
        .map(|&(_, num, den)| (bit(num), bit(den)));
    for (cell, count) in out.iter_mut().zip(dossiers.chain(others)) {
        *cell = count;
    }
}

/// The procedures under the authority of each level: how many it answers for, offers online and
/// charges fees for (the procedure criteria's denominators), and, per group of sixteen procedures
/// (bit `i` = procedure `16 × group + i`), those that count toward each procedure set — laid out
/// as [`Sums`](super::Sums) keeps the sets, so a unit's count is a few ANDs and bit counts.
#[derive(Debug, Clone)]
pub(crate) struct Authorities {
    /// Per level (in [`LEVELS`] order).
    sizes: [[u64; 3]; LEVELS.len()],
    /// Per level, per procedure set: the procedures that count toward it, from the first group
    /// holding one to the last (a commune's leave out the province's procedures).
    groups: [[(usize, Vec<u16>); 3]; LEVELS.len()],
}

/// The catalogue tier whose procedures a unit of this level handles.
pub(super) fn tier(level: Level) -> ProcedureLevel {
    match level {
        Level::Ministry => ProcedureLevel::Ministry,
        Level::Province | Level::Department => ProcedureLevel::Province,
        Level::District | Level::Commune => ProcedureLevel::Commune,
    }
}

/// The position of a tier in the catalogue index.
pub(super) fn tier_slot(level: ProcedureLevel) -> usize {
    match level {
        ProcedureLevel::Province => 0,
        ProcedureLevel::Commune => 1,
        ProcedureLevel::Ministry => 2,
    }
}

/// The levels, in the order [`Authorities`] keeps them.
const LEVELS: [Level; 5] = [
    Level::Ministry,
    Level::Province,
    Level::Department,
    Level::District,
    Level::Commune,
];

impl Authorities {
    pub(crate) fn new(procedures: &[Procedure]) -> Authorities {
        let groups_of = |keep: &dyn Fn(&Procedure) -> bool| {
            let mut groups = vec![0u16; procedures.len().div_ceil(16)];
            for (i, procedure) in procedures.iter().enumerate() {
                if let (true, Some(group)) = (keep(procedure), groups.get_mut(i / 16)) {
                    *group |= 1 << (i % 16);
                }
            }
            // Trimmed to the groups holding one.
            let first = groups.iter().position(|&g| g != 0).unwrap_or(groups.len());
            let last = groups
                .iter()
                .rposition(|&g| g != 0)
                .map_or(first, |l| l + 1);
            (first, groups.get(first..last).unwrap_or_default().to_vec())
        };
        let count = |keep: &dyn Fn(&Procedure) -> bool| {
            procedures.iter().filter(|p| keep(p)).count() as u64
        };
        let mut sizes = [[0; 3]; LEVELS.len()];
        let mut groups: [[(usize, Vec<u16>); 3]; LEVELS.len()] = Default::default();
        for ((level, sizes), sets) in LEVELS.into_iter().zip(&mut sizes).zip(&mut groups) {
            let authority = |pr: &Procedure| in_authority(level, pr);
            let online = |pr: &Procedure| authority(pr) && rules::offers_online(pr);
            let fees = |pr: &Procedure| authority(pr) && pr.fee_bearing;
            *sizes = [count(&authority), count(&online), count(&fees)];
            // The online services used count among those offered online; the procedures paid
            // online or with fee data synced, among those bearing fees.
            for (set, masks) in sets.iter_mut().enumerate() {
                *masks = match set {
                    ONLINE_SERVICE_USED => groups_of(&online),
                    _ => groups_of(&fees),
                };
            }
        }
        Authorities { sizes, groups }
    }

    fn index(level: Level) -> usize {
        LEVELS.iter().position(|l| *l == level).unwrap_or(0)
    }

    /// How many procedures a unit of `level` answers for, offers online, and charges fees for.
    fn sizes(&self, level: Level) -> [u64; 3] {
        self.sizes
            .get(Self::index(level))
            .copied()
            .unwrap_or([0; 3])
    }

    /// The procedures that count toward each procedure set (in the order of [`Sums`]' sets) for
    /// a unit of `level`, by group of sixteen: those offering an online service for the online
    /// services used, those bearing fees for the others.
    ///
    /// [`Sums`]: super::Sums
    pub(crate) fn masks(&self, level: Level) -> [Masks<'_>; 3] {
        let mut masks = [Masks::default(); 3];
        if let Some(sets) = self.groups.get(Self::index(level)) {
            for (masks, (first, groups)) in masks.iter_mut().zip(sets) {
                *masks = Masks {
                    first: *first,
                    groups,
                };
            }
        }
        masks
    }

    /// Whether procedure `procedure` counts toward set `set` for a unit of `level`.
    pub(crate) fn counts_toward(&self, level: Level, set: usize, procedure: u32) -> bool {
        let masks = self.masks(level).get(set).copied().unwrap_or_default();
        let group = ((procedure / 16) as usize).checked_sub(masks.first);
        (group.and_then(|g| masks.groups.get(g))).is_some_and(|g| g >> (procedure % 16) & 1 == 1)
    }
}

/// Whether a procedure is under the authority of units of `level`: a province answers for its
/// whole territory (province and commune procedures), a department for province procedures, a
/// district or commune for commune procedures, a ministry for its own.
fn in_authority(level: Level, procedure: &Procedure) -> bool {
    match level {
        Level::Province => matches!(
            procedure.level,
            ProcedureLevel::Province | ProcedureLevel::Commune
        ),
        other => procedure.level == tier(other),
    }
}
