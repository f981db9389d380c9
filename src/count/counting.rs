//! Raw records → interchange counts: a [`Counting`] holds what the rules need (unit tree,
//! procedure catalogue, calendar, periods, policies); a [`Tally`] accumulates dossiers and
//! petitions and merges with another tally of disjoint records, so a large volume can be counted in
//! parts, on several cores or machines, and merged.

use super::criteria::tier_slot;
use super::criteria::{tier, Authorities};
use super::periods::{
    CountedPeriods, PeriodFacts, CITIZEN_DATA, COUNTED, DIGITIZED, E_RESULT, FEE_DATA, MAX_PERIODS,
    ONLINE, ON_TIME, OWES_FEES, PAID_ONLINE, PERSONAL_STORAGE, REUSED, SATISFIED, UNDATED,
};
use super::rules::{self, invalid, judge_dossier, judge_petition, CountOptions, Verdict};
use super::status::{self, DossierStatus};
use super::tally::{DossierEntry, PetitionEntry, Tally};
use crate::calendar::{day_number, Calendar, Moment};
use crate::cores::in_parts;
use crate::error::{Error, ErrorKind, Mangled, Problem, Result, SetupPart};
use crate::fast_hash::FastMap;
use crate::input::ReadOptions;
use crate::period::Period;
use crate::record::{Core, Dossier, Petition, Procedure, UnitRow};
use crate::unit::UnitTree;

/// What the counting rules need, shared (read-only) by every part of a count.
#[derive(Debug, Clone)]
pub struct Counting {
    pub(super) tree: UnitTree,
    /// The units' positions, children before parents: pooling adds each unit into its parent
    /// once in this order (linear however deep the tree).
    pub(super) bottom_up: Vec<usize>,
    /// Each unit's parent's position.
    pub(super) parents: Vec<Option<usize>>,
    /// Each unit's catalogue tier, as its slot in `procedure_index`.
    pub(super) tier_slots: Vec<usize>,
    pub(super) procedures: Vec<Procedure>,
    /// The catalogue's procedures under each level's authority.
    pub(super) authorities: Authorities,
    /// Catalogue positions by code, per tier (province, commune, ministry).
    pub(super) procedure_index: FastMap<String, [Option<u32>; 3]>,
    pub(super) calendar: Calendar,
    pub(super) periods: Vec<Period>,
    /// The periods' days and moments of judgement.
    pub(super) counted: CountedPeriods,
    /// Per unit: the first and last civil day it exists (units.csv's `valid_from`, `valid_to`).
    pub(super) in_effect: Vec<(i32, i32)>,
    pub(super) options: CountOptions,
    /// How dossier files are read (line limit, date forms).
    pub(super) reading: ReadOptions,
    /// Whether each dossier's standing for the monthly report is judged too.
    pub(super) statistics: bool,
    /// A key of the periods, units and procedures, stamped on every tally and sums this setup
    /// fills, so that another setup's are refused rather than added up in the wrong places.
    pub(super) setup: u64,
}

/// The catalogue's positions by procedure code, per tier.
///
/// Errors: a procedure code given twice for the same level.
fn procedure_index(procedures: &[Procedure]) -> Result<FastMap<String, [Option<u32>; 3]>> {
    let mut index: FastMap<String, [Option<u32>; 3]> = FastMap::default();
    for (i, p) in procedures.iter().enumerate() {
        let slot = &mut index.entry(p.code.clone()).or_default()[tier_slot(p.level)];
        if slot.replace(i as u32).is_some() {
            return Err(ErrorKind::DuplicateProcedure {
                procedure: p.code.clone(),
                level: p.level.as_str().to_owned(),
            }
            .into());
        }
    }
    Ok(index)
}

/// The key of a setup's periods, units and procedures, stamped on its tallies and sums.
fn setup_key(tree: &UnitTree, procedures: &[Procedure], periods: &[Period]) -> u64 {
    use std::hash::{Hash, Hasher};
    // Each list with its length first, so that no two setups' lists run together.
    let mut key = crate::fast_hash::FxHasher::default();
    let periods: Vec<String> = periods.iter().map(Period::to_string).collect();
    let units: Vec<&str> = tree.units().iter().map(|u| u.code.as_str()).collect();
    let catalogue: Vec<(&str, &str)> = (procedures.iter())
        .map(|p| (p.code.as_str(), p.level.as_str()))
        .collect();
    (periods, units, catalogue).hash(&mut key);
    key.finish()
}

impl Counting {
    /// Sets up counting for `periods` (at most [`MAX_PERIODS`]).
    ///
    /// Errors: too many periods; a procedure code given twice for the same level.
    pub fn new(
        tree: UnitTree,
        procedures: Vec<Procedure>,
        calendar: Calendar,
        periods: Vec<Period>,
        options: CountOptions,
    ) -> Result<Counting> {
        if periods.is_empty() || periods.len() > MAX_PERIODS {
            return Err(ErrorKind::PeriodCount {
                given: periods.len(),
                most: MAX_PERIODS,
            }
            .into());
        }
        let procedure_index = procedure_index(&procedures)?;
        let bottom_up = tree.bottom_up();
        let parents = (0..tree.units().len())
            .map(|i| tree.parent_position(i))
            .collect();
        let tier_slots = tree
            .units()
            .iter()
            .map(|u| tier_slot(tier(u.level)))
            .collect();
        let counted = CountedPeriods::new(&periods, options.as_of);
        let setup = setup_key(&tree, &procedures, &periods);
        let in_effect = vec![(i32::MIN, i32::MAX); tree.units().len()];
        Ok(Counting {
            tree,
            bottom_up,
            parents,
            in_effect,
            tier_slots,
            authorities: Authorities::new(&procedures),
            procedures,
            procedure_index,
            calendar,
            periods,
            counted,
            options,
            reading: ReadOptions::default(),
            statistics: false,
            setup,
        })
    }

    /// Reads dossier files ([`Counting::add_dossier_file`]) under `options`: a longer line limit,
    /// dates written day first. With `lenient_timelines`, dossiers whose moments contradict each
    /// other are counted as written here too (by default [`Counting::add_dossier`] and
    /// [`Counting::count_dossiers`] refuse them, as the readers do).
    pub fn with_read_options(mut self, options: ReadOptions) -> Counting {
        self.reading = options;
        self
    }

    /// Judges, while counting, where each dossier stands at the end of each period for the
    /// monthly one-stop report (SPEC §8: new or carried over, settled early, on time or late,
    /// returned, in process), in the same pass over the records; the
    /// [`Statistics`](crate::stats::Statistics) of a tally counted so add them up. Off by
    /// default, as it costs a little time per dossier.
    pub fn with_statistics(mut self) -> Counting {
        self.statistics = true;
        self
    }

    /// Whether dossiers are counted with their standing for the monthly report.
    pub fn has_statistics(&self) -> bool {
        self.statistics
    }

    /// Limits each unit to the days it exists (`valid_from` to `valid_to`, either open): a dossier
    /// or petition received by a unit on a day it did not exist is an error naming both, and a
    /// period's counts leave out the units that did not exist in it (unless a unit below them
    /// did, or the accompanying counts name them). The tree changes, e.g. on 1 July 2025, when
    /// districts ended and provinces merged.
    ///
    /// Errors: a row whose unit is not in the tree, or is given twice, or whose `valid_to` is
    /// before its `valid_from`.
    pub fn with_unit_dates(mut self, rows: &[UnitRow]) -> Result<Counting> {
        let mut seen = vec![false; self.in_effect.len()];
        for row in rows {
            let code = &row.unit.code;
            let position = self.unit_position(code)?;
            if seen
                .get_mut(position)
                .is_some_and(|seen| std::mem::replace(seen, true))
            {
                return Err(ErrorKind::DuplicateUnit { unit: code.clone() }.into());
            }
            let from = row.valid_from.map_or(i32::MIN, day_number);
            let to = row.valid_to.map_or(i32::MAX, day_number);
            if to < from {
                return Err(ErrorKind::InvalidField {
                    unit: code.clone(),
                    field: "valid_to".into(),
                    problem: Problem::EndsBeforeBegins,
                }
                .into());
            }
            if let Some(slot) = self.in_effect.get_mut(position) {
                *slot = (from, to);
            }
        }
        Ok(self)
    }

    /// Whether the unit at `unit` exists on a day from `first` to `last` (days since 1970).
    pub(super) fn exists_during(&self, unit: usize, first: i32, last: i32) -> bool {
        self.in_effect
            .get(unit)
            .is_some_and(|&(from, to)| from <= last && to >= first)
    }

    /// Errors unless the unit at `unit` exists on `day`.
    #[inline]
    pub(super) fn check_in_effect(&self, unit: usize, day: i32) -> Result<()> {
        match self.in_effect.get(unit) {
            Some(&(from, to)) if day < from || day > to => Err(self.not_in_effect(unit, day)),
            _ => Ok(()),
        }
    }

    /// The error of a unit that does not exist on `day`.
    #[cold]
    fn not_in_effect(&self, unit: usize, day: i32) -> Error {
        let (from, to) = (self.in_effect.get(unit).copied()).unwrap_or((i32::MIN, i32::MAX));
        let date = |d: i32| Moment::from_local(d, 0).date();
        let limit = |d: i32| (d != i32::MIN && d != i32::MAX).then(|| date(d));
        let code = self.tree.units().get(unit).map_or("", |u| u.code.as_str());
        invalid(
            "unit_code",
            Problem::NotInEffect {
                code: code.to_owned(),
                day: date(day),
                from: limit(from),
                to: limit(to),
            },
        )
    }

    /// The periods counted.
    pub fn periods(&self) -> &[Period] {
        &self.periods
    }

    pub(super) fn unit_position(&self, code: &str) -> Result<usize> {
        self.tree.position(code).ok_or_else(|| {
            let known = self.tree.units().iter().map(|u| u.code.as_str());
            invalid(
                "unit_code",
                Problem::UnknownUnitCode {
                    code: code.to_owned(),
                    meant: Mangled::traced(code, known),
                },
            )
        })
    }

    /// The catalogue entry for a dossier: the procedure at its unit's tier, else the one tier that
    /// lists the code.
    pub(super) fn procedure_of(&self, code: &str, unit: usize) -> Result<u32> {
        let Some(tiers) = self.procedure_index.get(code) else {
            let known = self.procedures.iter().map(|p| p.code.as_str());
            return Err(invalid(
                "procedure_code",
                Problem::UnknownProcedure {
                    code: code.to_owned(),
                    meant: Mangled::traced(code, known),
                },
            ));
        };
        let slot = self.tier_slots.get(unit).copied().unwrap_or(0);
        self.tier_choice(tiers, slot).ok_or_else(|| {
            invalid(
                "procedure_code",
                Problem::NoTierFits {
                    code: code.to_owned(),
                },
            )
        })
    }

    /// The catalogue entry at `procedure` (a position `procedure_of` gave).
    ///
    /// Errors: a position past the catalogue, which a count from another setup would give.
    pub(super) fn catalogue_entry(&self, procedure: u32) -> Result<&Procedure> {
        self.procedures
            .get(procedure as usize)
            .ok_or_else(|| Error::setup(SetupPart::Tally))
    }

    /// Among the catalogue entries of one code by tier, the one for a unit whose tier is `slot`:
    /// that tier's, else the only one listed.
    pub(super) fn tier_choice(&self, tiers: &[Option<u32>; 3], slot: usize) -> Option<u32> {
        if let Some(&Some(p)) = tiers.get(slot) {
            return Some(p);
        }
        let mut listed = tiers.iter().flatten();
        match (listed.next(), listed.next()) {
            (Some(&p), None) => Some(p),
            _ => None,
        }
    }

    /// A dossier's facts as judged at `judged_at`, and the verdict on its timeliness.
    pub(super) fn dossier_facts(
        &self,
        dossier: &Core,
        procedure: &Procedure,
        judged_at: Moment,
    ) -> Result<(u16, Verdict)> {
        let verdict = judge_dossier(dossier, procedure, &self.calendar, &self.options, judged_at)?;
        Ok((
            lasting_facts(dossier, procedure) | verdict_facts(verdict, dossier),
            verdict,
        ))
    }

    /// Counts one dossier into `tally`; a dossier whose date falls in no period adds nothing.
    ///
    /// Errors (naming the field): an unknown unit or procedure, no reception or submission date, a
    /// deadline beyond the calendar.
    pub fn add_dossier(&self, tally: &mut Tally, dossier: &Dossier) -> Result<()> {
        let entry = self.dossier_entry(dossier)?;
        self.stamp(tally)?;
        if tally.dossiers.insert(&dossier.id, entry) {
            tally.repeated.push(&dossier.id);
        }
        Ok(())
    }

    /// A dossier's unit, catalogue entry and facts in each period.
    pub(super) fn dossier_entry(&self, dossier: &Dossier) -> Result<DossierEntry> {
        // Dossiers built in memory get the readers' check of their moments' order too.
        if !self.reading.lenient_timelines {
            if let Some((field, problem)) = dossier.timeline_problem() {
                return Err(invalid(field, problem));
            }
        }
        self.read_dossier_entry(dossier)
    }

    /// The entry of a dossier a reader under this setup's options has checked already.
    pub(super) fn read_dossier_entry(&self, dossier: &Dossier) -> Result<DossierEntry> {
        let unit = self.unit_position(&dossier.unit)?;
        let procedure = self.procedure_of(&dossier.procedure, unit)?;
        let core = dossier.core();
        Ok(DossierEntry {
            unit: unit as u32,
            procedure,
            facts: self.facts(unit, procedure, &core)?,
            status: self.status(procedure, &core)?,
        })
    }

    /// A dossier's standing in each period, when counting with statistics.
    fn status(&self, procedure: u32, dossier: &Core) -> Result<DossierStatus> {
        if !self.statistics {
            return Ok(DossierStatus::default());
        }
        status::status(
            dossier,
            self.catalogue_entry(procedure)?,
            received(dossier)?,
            &self.calendar,
            &self.options,
            self.counted.spans(),
        )
    }

    /// Each counted dossier's unit (its position in the tree), catalogue entry (its position and
    /// itself) and standing,
    /// folded on every core into one `T` per part (made by `start`).
    ///
    /// Errors: the tally comes from another setup; `add`'s.
    pub(crate) fn fold_statuses<T: Send>(
        &self,
        tally: &Tally,
        start: impl Fn() -> T + Sync,
        add: impl Fn(&mut T, usize, usize, &Procedure, DossierStatus) -> Result<()> + Sync,
    ) -> Result<Vec<T>> {
        self.check_tally(tally)?;
        let units = self.tree.units().len();
        let groups: Vec<usize> = (0..tally.dossiers.groups()).collect();
        in_parts("counting", &groups, |_, part| {
            let mut folded = start();
            for &group in part {
                for entry in tally.dossiers.group(group) {
                    if entry.unit as usize >= units {
                        return Err(Error::setup(SetupPart::Tally));
                    }
                    let procedure = self.catalogue_entry(entry.procedure)?;
                    let (unit, at) = (entry.unit as usize, entry.procedure as usize);
                    add(&mut folded, unit, at, procedure, entry.status)?;
                }
            }
            Ok(folded)
        })
    }

    /// Marks `tally` as holding this setup's records.
    ///
    /// Errors: it holds another setup's.
    fn stamp(&self, tally: &mut Tally) -> Result<()> {
        if tally.stamp(self.setup) {
            Ok(())
        } else {
            Err(Error::setup(SetupPart::ForeignTally))
        }
    }

    /// Errors unless every entry of `tally` was made by this setup (or one of the same periods,
    /// units and procedures).
    pub(super) fn check_tally(&self, tally: &Tally) -> Result<()> {
        match tally.made_by(self.setup) {
            Some(true) => Ok(()),
            Some(false) => Err(Error::setup(SetupPart::Tally)),
            None => Err(Error::setup(SetupPart::MixedTally)),
        }
    }

    /// The unit tree counted over.
    pub fn tree(&self) -> &UnitTree {
        &self.tree
    }

    /// Each unit's parent's position.
    pub(super) fn parents(&self) -> &[Option<usize>] {
        &self.parents
    }

    /// The catalogue's procedures under each level's authority.
    pub(super) fn authorities(&self) -> &Authorities {
        &self.authorities
    }

    /// The procedure catalogue, in the order given.
    pub fn procedures(&self) -> &[Procedure] {
        &self.procedures
    }

    /// A dossier's facts in each period (0 in a period it does not fall in).
    #[inline]
    pub(super) fn facts(&self, unit: usize, procedure: u32, dossier: &Core) -> Result<PeriodFacts> {
        let day = received(dossier)?.local_day();
        self.check_in_effect(unit, day)?;
        let catalogue_entry = self.catalogue_entry(procedure)?;
        let lasting = lasting_facts(dossier, catalogue_entry);
        self.counted
            .facts(day, rules::settled_at(dossier), lasting, |judged_at| {
                let verdict = judge_dossier(
                    dossier,
                    catalogue_entry,
                    &self.calendar,
                    &self.options,
                    judged_at,
                )?;
                Ok(verdict_facts(verdict, dossier))
            })
    }

    /// Counts one petition into `tally`.
    ///
    /// Errors: an unknown unit, or one that did not exist on the day it was received.
    pub fn add_petition(&self, tally: &mut Tally, petition: &Petition) -> Result<()> {
        let entry = self.petition_entry(petition)?;
        self.stamp(tally)?;
        if tally.petitions.insert(&petition.id, entry) {
            tally.repeated.push(&petition.id);
        }
        Ok(())
    }

    /// Where a dossier stands at the end of each counted period (SPEC §8: settled early, on time
    /// or late, returned, in process within time, past due, waiting for a supplement), whether
    /// or not the setup counts the statistics; [`DossierStatus::in_period`] reads it.
    ///
    /// Errors: an unknown unit or procedure, no reception or submission date.
    pub fn standing(&self, dossier: &Dossier) -> Result<DossierStatus> {
        let unit = self.unit_position(&dossier.unit)?;
        let procedure = self.catalogue_entry(self.procedure_of(&dossier.procedure, unit)?)?;
        let core = dossier.core();
        status::status(
            &core,
            procedure,
            received(&core)?,
            &self.calendar,
            &self.options,
            self.counted.spans(),
        )
    }

    /// Checks a dossier as [`add_dossier`](Counting::add_dossier) would count it, without
    /// counting it: what a check of a whole file does to list every problem.
    ///
    /// Errors: those of `add_dossier`.
    pub fn check_dossier(&self, dossier: &Dossier) -> Result<()> {
        self.dossier_entry(dossier).map(|_| ())
    }

    /// Checks a petition as [`add_petition`](Counting::add_petition) would count it, without
    /// counting it.
    ///
    /// Errors: those of `add_petition`.
    pub fn check_petition(&self, petition: &Petition) -> Result<()> {
        self.petition_entry(petition).map(|_| ())
    }

    /// A petition's unit and facts in each period.
    pub(super) fn petition_entry(&self, petition: &Petition) -> Result<PetitionEntry> {
        // Petitions built in memory get the readers' check of their moments' order too.
        if !self.reading.lenient_timelines {
            if let Some((field, problem)) = petition.timeline_problem() {
                return Err(invalid(field, problem));
            }
        }
        let unit = self.unit_position(&petition.unit)?;
        self.check_in_effect(unit, petition.received_at.local_day())?;
        let mut facts = [0u8; MAX_PERIODS];
        for p in self.counted.of_day(petition.received_at.local_day()) {
            let (on_time, _) = judge_petition(petition, &self.calendar, self.counted.judged_at(p));
            let satisfied = on_time && petition.dislikes <= petition.likes && !petition.repeated;
            facts[p] = 1 | (u8::from(on_time) << 1) | (u8::from(satisfied) << 2);
        }
        Ok(PetitionEntry {
            unit: unit as u32,
            facts,
        })
    }
}

/// The bits of the facts that hold, without a branch per fact (which would often mispredict).
fn bits<const N: usize>(facts: [(u16, bool); N]) -> u16 {
    facts
        .into_iter()
        .fold(0, |bits, (bit, holds)| bits | (bit * u16::from(holds)))
}

/// The facts of a dossier that do not depend on the moment of judgement.
fn lasting_facts(dossier: &Core, procedure: &Procedure) -> u16 {
    let owes = rules::owes_fees(dossier, procedure);
    bits([
        (COUNTED, true),
        (ONLINE, rules::is_online(dossier, procedure)),
        (OWES_FEES, owes),
        (PAID_ONLINE, owes & rules::paid_online(dossier)),
        (E_RESULT, dossier.result_file),
        (DIGITIZED, rules::is_digitized(dossier, procedure)),
        (REUSED, dossier.reused_data),
        (PERSONAL_STORAGE, dossier.from_personal_storage),
        (CITIZEN_DATA, dossier.vneid),
        (FEE_DATA, dossier.fee_nonzero == Some(true)),
    ])
}

/// The facts that follow from the verdict on a dossier's timeliness.
fn verdict_facts(verdict: Verdict, dossier: &Core) -> u16 {
    let on_time = verdict.on_time();
    bits([
        (ON_TIME, on_time),
        (UNDATED, verdict == Verdict::NoDeadline),
        (
            SATISFIED,
            on_time & !dossier.disliked & !dossier.has_petition,
        ),
    ])
}

/// The instant that places a dossier in a period: reception, else submission.
pub(super) fn received(dossier: &Core) -> Result<Moment> {
    (dossier.received_at.get())
        .or(dossier.submitted_at.get())
        .ok_or_else(|| {
            invalid(
                "received_at",
                Problem::MissingWithFallback {
                    fallback: "submitted_at",
                },
            )
        })
}
