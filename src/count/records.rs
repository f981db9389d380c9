//! Raw records → interchange counts: a [`Counting`] holds what the rules need (unit tree,
//! procedure catalogue, calendar, periods, policies); a [`Tally`] accumulates dossiers and
//! petitions and merges with another tally of disjoint records, so a large volume can be counted in
//! parts, on several cores or machines, and merged.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::sync::mpsc;

use super::criteria::{
    criteria_from_records, tier, unit_criteria, Authorities, PooledSums, DOSSIER_CRITERIA,
    RECORD_CRITERIA,
};
use super::explain::{Explanation, Reason};
use super::parallel::{cores, cut_at_lines, on_every_core};
use super::periods::{
    CountedPeriods, PeriodFacts, CITIZEN_DATA, COUNTED, DIGITIZED, E_RESULT, FEE_DATA, MAX_PERIODS,
    ONLINE, ON_TIME, OWES_FEES, PAID_ONLINE, PERSONAL_STORAGE, REUSED, SATISFIED, UNDATED,
};
use super::rules::{self, judge_dossier, judge_petition, CountOptions, Verdict};
use super::status::{self, DossierStatus};
use super::sums::{Pooled, Sums};
use super::tally::{Appending, DossierEntry, PetitionEntry, Tally};
use crate::calendar::{day_number, Calendar, Moment};
use crate::counts::{Counts, CriterionCount, UnitCounts};
use crate::error::{ErrorKind, Mangled, Problem, Result};
use crate::fast_hash::FastMap;
use crate::input::ReadOptions;
use crate::period::Period;
use crate::record::{
    read_dossier_part, Core, Dossier, DossierTable, Format, Located, Petition, Procedure,
    ProcedureLevel, Records, UnitRow,
};
use crate::unit::UnitTree;

/// What the counting rules need, shared (read-only) by every part of a count.
#[derive(Debug, Clone)]
pub struct Counting {
    tree: UnitTree,
    /// The units' positions, children before parents: pooling adds each unit into its parent
    /// once in this order (linear however deep the tree).
    bottom_up: Vec<usize>,
    /// Each unit's parent's position.
    parents: Vec<Option<usize>>,
    /// Each unit's catalogue tier, as its slot in `procedure_index`.
    tier_slots: Vec<usize>,
    procedures: Vec<Procedure>,
    /// The catalogue's procedures under each level's authority.
    authorities: Authorities,
    /// Catalogue positions by code, per tier (province, commune, ministry).
    procedure_index: FastMap<String, [Option<u32>; 3]>,
    calendar: Calendar,
    periods: Vec<Period>,
    /// The periods' days and moments of judgement.
    counted: CountedPeriods,
    /// Per unit: the first and last civil day it exists (units.csv's `valid_from`, `valid_to`).
    in_effect: Vec<(i32, i32)>,
    options: CountOptions,
    /// How dossier files are read (line limit, date forms).
    reading: ReadOptions,
    /// Whether each dossier's standing for the monthly report is judged too.
    statistics: bool,
    /// A key of the periods, units and procedures, stamped on every tally and sums this setup
    /// fills, so that another setup's are refused rather than added up in the wrong places.
    setup: u64,
}

/// A part of a dossier file, counted.
struct Part {
    tally: Result<Tally>,
    /// Its lines (the CSV header not included).
    lines: u64,
    /// It holds a quote or a lone carriage return, so the file must go through the CSV reader.
    needs_csv_reader: bool,
}

fn invalid(field: &str, problem: Problem) -> crate::Error {
    crate::Error::record(field, problem)
}

/// A reader that tells `progress` of each block it reads.
struct Reporting<'p, R> {
    inner: R,
    progress: &'p (dyn Fn(u64) + Sync),
}

impl<'p, R> Reporting<'p, R> {
    fn new(inner: R, progress: &'p (dyn Fn(u64) + Sync)) -> Reporting<'p, R> {
        Reporting { inner, progress }
    }
}

impl<R: Read> Read for Reporting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        (self.progress)(read as u64);
        Ok(read)
    }
}

/// The position of a tier in the catalogue index.
fn tier_slot(level: ProcedureLevel) -> usize {
    match level {
        ProcedureLevel::Province => 0,
        ProcedureLevel::Commune => 1,
        ProcedureLevel::Ministry => 2,
    }
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
            return Err(crate::Error::syntax(format!(
                "between 1 and {MAX_PERIODS} periods are counted in one pass, not {}",
                periods.len()
            )));
        }
        let mut procedure_index: FastMap<String, [Option<u32>; 3]> = FastMap::default();
        for (i, p) in procedures.iter().enumerate() {
            let slot = &mut procedure_index.entry(p.code.clone()).or_default()[tier_slot(p.level)];
            if slot.replace(i as u32).is_some() {
                return Err(ErrorKind::DuplicateProcedure {
                    procedure: p.code.clone(),
                    level: p.level.as_str().to_owned(),
                }
                .into());
            }
        }
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
        let setup = {
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
        };
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
    fn check_in_effect(&self, unit: usize, day: i32) -> Result<()> {
        match self.in_effect.get(unit) {
            Some(&(from, to)) if day < from || day > to => Err(self.not_in_effect(unit, day)),
            _ => Ok(()),
        }
    }

    /// The error of a unit that does not exist on `day`.
    #[cold]
    fn not_in_effect(&self, unit: usize, day: i32) -> crate::Error {
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

    fn unit_position(&self, code: &str) -> Result<usize> {
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
    fn procedure_of(&self, code: &str, unit: usize) -> Result<u32> {
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
    fn catalogue_entry(&self, procedure: u32) -> Result<&Procedure> {
        self.procedures.get(procedure as usize).ok_or_else(|| {
            crate::Error::syntax("a procedure position past the catalogue: another counting setup")
        })
    }

    /// Among the catalogue entries of one code by tier, the one for a unit whose tier is `slot`:
    /// that tier's, else the only one listed.
    fn tier_choice(&self, tiers: &[Option<u32>; 3], slot: usize) -> Option<u32> {
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
    fn dossier_facts(
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
    fn read_dossier_entry(&self, dossier: &Dossier) -> Result<DossierEntry> {
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
        on_every_core(&groups, |_, part| {
            let mut folded = start();
            for &group in part {
                for entry in tally.dossiers.group(group) {
                    if entry.unit as usize >= units {
                        return Err(crate::Error::syntax(
                            "the tally comes from another counting setup",
                        ));
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
            Err(crate::Error::syntax(
                "the tally holds records of another counting setup (other units, procedures or \
                 periods); add these records to a tally of their own",
            ))
        }
    }

    /// Errors unless every entry of `tally` was made by this setup (or one of the same periods,
    /// units and procedures).
    pub(super) fn check_tally(&self, tally: &Tally) -> Result<()> {
        match tally.made_by(self.setup) {
            Some(true) => Ok(()),
            Some(false) => Err(crate::Error::syntax(
                "the tally comes from another counting setup (units, procedures or periods differ)",
            )),
            None => Err(crate::Error::syntax(
                "the tally mixes records counted by different setups (a tally of other units, \
                 procedures or periods was merged or added into it); count them again with one",
            )),
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
    fn facts(&self, unit: usize, procedure: u32, dossier: &Core) -> Result<PeriodFacts> {
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

    /// Counts in-memory dossiers on every core of the machine: the slice is cut into parts counted
    /// side by side and merged in order, so a later repeat of an id still wins.
    pub fn count_dossiers(&self, dossiers: &[Dossier]) -> Result<Tally> {
        let parts = on_every_core(dossiers, |_, part| {
            let mut entries = Appending::with_capacity(part.len());
            for dossier in part {
                let entry = self
                    .dossier_entry(dossier)
                    .map_err(|e| e.at(&format!("dossier {}", dossier.id), None))?;
                entries.push(&dossier.id, entry);
            }
            Ok(Tally::of_dossiers(entries, self.setup))
        })?;
        let mut tally = Tally::default();
        for part in parts {
            tally.merge(part);
        }
        Ok(tally)
    }

    /// Counts a stream of dossiers (a file being read) into `tally` on two cores: one reads and
    /// parses rows while the other counts them, in file order, so a later repeat of an id wins.
    /// Errors name `source` and the line.
    pub fn add_dossiers_from<R: io::Read + Send>(
        &self,
        tally: &mut Tally,
        rows: Records<Dossier, R>,
        source: &str,
    ) -> Result<()> {
        const BATCH: usize = 4096;
        std::thread::scope(|scope| {
            let (sender, receiver) = mpsc::sync_channel::<Vec<Result<Located<Dossier>>>>(8);
            let reader = scope.spawn(move || {
                let mut rows = rows;
                let mut batch = Vec::with_capacity(BATCH);
                for row in rows.by_ref() {
                    batch.push(row);
                    if batch.len() == BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                        if sender.send(full).is_err() {
                            return Vec::new();
                        }
                    }
                }
                let _ = sender.send(batch);
                rows.warnings().to_vec()
            });
            let counted = (|| {
                for batch in receiver {
                    for row in batch {
                        let row = row?;
                        self.add_dossier(tally, &row.record)
                            .map_err(|e| e.at(source, Some(row.line)))?;
                    }
                }
                Ok(())
            })();
            // The reader stops when the receiver is gone; a panic there is reported, not resumed.
            match reader.join() {
                Ok(warnings) => {
                    tally.warnings.extend(warnings);
                    counted
                }
                Err(_) => Err(crate::Error::syntax(format!(
                    "{source}: the reading thread failed"
                ))),
            }
        })
    }

    /// Counts a dossier file (CSV, or JSON Lines for `.jsonl`) into `tally` on every core: the file
    /// is cut at line ends into one part per core, each part is read and counted on its own, and the
    /// parts' tallies are merged in file order, so a later repeat of an id still wins. A CSV file
    /// with quotes (whose fields might hold line breaks) is read by one thread and counted by
    /// another instead. Memory grows with the dossiers counted, not with the file.
    pub fn add_dossier_file(&self, tally: &mut Tally, path: &str) -> Result<()> {
        self.add_dossier_file_reporting(tally, path, &|_| {})
    }

    /// [`add_dossier_file`](Counting::add_dossier_file), telling `progress` of every block of
    /// bytes read as it is read (from any core), so a program can show how far it has got: the
    /// blocks add up to the file's size, or to twice as much when the file turns out to need the
    /// CSV reader and is read again.
    pub fn add_dossier_file_reporting(
        &self,
        tally: &mut Tally,
        path: &str,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<()> {
        let format = Format::of_path(path);
        let io_error = |source| {
            crate::Error::from(ErrorKind::Io {
                path: path.to_owned(),
                source,
            })
        };
        let open = || File::open(path).map_err(io_error);
        let cores = cores();
        let whole = |tally: &mut Tally| {
            let file = Reporting::new(open()?, progress);
            let rows = self.reading.dossiers(file, format, path)?;
            self.add_dossiers_from(tally, rows, path)
        };
        let Some(plan) = cut_at_lines(&mut open()?, format, cores).map_err(io_error)? else {
            return whole(tally);
        };
        let parts = on_every_core(&plan.parts, |first, parts| {
            let mut done = Vec::with_capacity(parts.len());
            for (k, &(start, end)) in parts.iter().enumerate() {
                let mut file = open()?;
                file.seek(SeekFrom::Start(start)).map_err(io_error)?;
                let bytes = end - start;
                let part = Reporting::new(file.take(bytes), progress);
                // The header's warnings are the first part's.
                let header = first + k == 0;
                done.push(self.count_part(&plan.header, header, part, format, path, bytes));
            }
            Ok(done)
        })?;
        let parts: Vec<Part> = parts.into_iter().flatten().collect();
        if parts.iter().any(|part| part.needs_csv_reader) {
            return whole(tally);
        }
        // Lines are numbered within each part; an error's line moves by the lines before its part.
        let mut lines_before = 0;
        for part in parts {
            let mut counted = part.tally.map_err(|e| e.shift_line(lines_before))?;
            for warning in &mut counted.warnings {
                if let Some(line) = &mut warning.line {
                    *line += lines_before;
                }
            }
            tally.merge(counted);
            lines_before += part.lines;
        }
        Ok(())
    }

    /// Counts one part of a file, its lines numbered from the part (after the CSV header, line 1).
    fn count_part(
        &self,
        header: &[u8],
        header_warnings: bool,
        body: impl io::Read,
        format: Format,
        path: &str,
        bytes: u64,
    ) -> Part {
        let read = read_dossier_part(header, header_warnings, body, format, path, &self.reading);
        let mut rows = match read {
            Ok(rows) => rows,
            Err(e) => {
                return Part {
                    tally: Err(e),
                    lines: 0,
                    needs_csv_reader: false,
                }
            }
        };
        // About 150 bytes a row: room made at once spares the growth.
        let mut entries = Appending::with_capacity((bytes / 150) as usize);
        let mut row = Located {
            record: Dossier::blank(),
            line: 0,
        };
        let mut counted = Ok(());
        while let Some(read) = rows.read_into(&mut row) {
            counted = read.and_then(|()| {
                // The part's reader (this setup's options) checked the timeline.
                let entry = self
                    .read_dossier_entry(&row.record)
                    .map_err(|e| e.at(path, Some(row.line)))?;
                entries.push(&row.record.id, entry);
                Ok(())
            });
            if counted.is_err() {
                break;
            }
        }
        Part {
            lines: (rows.lines_read()).saturating_sub(u64::from(format == Format::Csv)),
            needs_csv_reader: rows.needs_csv_reader(),
            tally: counted.map(|()| {
                let mut tally = Tally::of_dossiers(entries, self.setup);
                tally.warnings = rows.warnings().to_vec();
                tally
            }),
        }
    }

    /// Why a dossier counts (or not) in each criterion, for each period it falls in.
    pub fn explain(&self, dossier: &Dossier) -> Result<Vec<Explanation>> {
        let unit = self.unit_position(&dossier.unit)?;
        let procedure = self.catalogue_entry(self.procedure_of(&dossier.procedure, unit)?)?;
        let core = dossier.core();
        let day = received(&core)?.local_day();
        self.check_in_effect(unit, day)?;
        let mut lines = Vec::new();
        for p in self.counted.of_day(day) {
            let (facts, verdict) =
                self.dossier_facts(&core, procedure, self.counted.judged_at(p))?;
            for (criterion, num, den) in DOSSIER_CRITERIA {
                let reason = match criterion {
                    "DOSSIER_ON_TIME" => Reason::Timeliness { verdict },
                    "DOSSIER_RECEIVING_SATISFACTION" => Reason::Satisfaction {
                        verdict,
                        disliked: dossier.disliked,
                        petition: dossier.has_petition,
                    },
                    "ONLINE_DOSSIERS" => Reason::Online {
                        channel: dossier.channel,
                        paper_result_required: procedure.paper_result_required,
                        electronic_result: dossier.result_file,
                    },
                    "ONLINE_PAYMENT_DOSSIERS" => Reason::Payment {
                        fee_bearing: procedure.fee_bearing,
                        fees_nonzero: dossier.fee_nonzero,
                        payment: dossier.payment,
                    },
                    "SO_HOA_GIAY_TO_GIAI_QUYET" => Reason::Digitized {
                        component_files: dossier.component_files,
                        electronic_result: dossier.result_file,
                        result_required: procedure.paper_result_required,
                    },
                    _ => Reason::Fact {
                        holds: facts & num != 0,
                    },
                };
                lines.push(Explanation {
                    period: self.periods[p],
                    criterion,
                    in_denominator: facts & den != 0,
                    in_numerator: facts & num != 0 && facts & den != 0,
                    reason,
                });
            }
        }
        Ok(lines)
    }

    /// The interchange counts of every unit, one [`Counts`] per period, with the criteria that
    /// records cannot give (publication, sync, certified copies…) taken from `extra` when given.
    ///
    /// Errors: `extra` fails [`Counting::check_counts`] (a unit not in the tree or described
    /// otherwise, another period, group points, a criterion counted from the records).
    pub fn counts(&self, tally: &Tally, extra: Option<&Counts>) -> Result<Vec<Counts>> {
        self.counts_of(&self.sums(tally)?, extra)
    }

    /// Each period's counts, as [`counts`](Counting::counts), with for each period the given
    /// counts that name it, or else those that name no period (the counts records cannot give,
    /// one file per period as [`template`](Counting::template) writes them). Given counts that
    /// name a period not counted are not used ([`Counting::unused`] says which).
    ///
    /// Errors: two given counts for one period (or two that name none); as
    /// [`check_counts`](Counting::check_counts), but for the period; as `counts`.
    pub fn counts_given(&self, tally: &Tally, given: &[Counts]) -> Result<Vec<Counts>> {
        let sums = self.sums(tally)?;
        let mut chosen = Vec::with_capacity(self.periods.len());
        for period in &self.periods {
            // The one given for `named`, if any.
            let one = |named: Option<Period>| -> Result<Option<&Counts>> {
                let mut found = given.iter().filter(|c| c.period == named);
                match (found.next(), found.next()) {
                    (first, None) => Ok(first),
                    _ => Err(crate::Error::from(ErrorKind::InvalidPeriod {
                        value: named.map_or_else(String::new, |p| p.to_string()),
                        problem: Problem::CountsTwice,
                    })),
                }
            };
            chosen.push(one(Some(*period))?.or(one(None)?));
        }
        for extra in given {
            self.check_given(extra)?;
        }
        self.counts_with(&sums, &chosen)
    }

    /// Of `given` counts, those naming a period that is not counted, so not used by
    /// [`counts_given`](Counting::counts_given).
    pub fn unused<'c>(&self, given: &'c [Counts]) -> Vec<&'c Counts> {
        (given.iter())
            .filter(|c| c.period.is_some_and(|p| !self.periods.contains(&p)))
            .collect()
    }

    /// The tally's records added up per period and unit.
    ///
    /// Errors: the tally was made by another setup (other units, procedures or periods).
    pub fn sums(&self, tally: &Tally) -> Result<Sums> {
        let foreign = || {
            crate::Error::syntax(
                "the tally comes from another counting setup (units, procedures or periods differ)",
            )
        };
        self.check_tally(tally)?;
        let units = self.tree.units().len();
        let groups: Vec<usize> = (0..tally.dossiers.groups()).collect();
        let mut sums = self.sum_on_every_core(&groups, |sums, _, &group| {
            for entry in tally.dossiers.group(group) {
                if entry.unit as usize >= units || entry.procedure as usize >= self.procedures.len()
                {
                    return Err(foreign());
                }
                sums.add_dossier(entry.unit, entry.procedure, entry.facts)?;
            }
            Ok(())
        })?;
        for entry in tally.petitions.values() {
            if entry.unit as usize >= units {
                return Err(foreign());
            }
            sums.add_petition(entry.unit, &entry.facts)?;
        }
        Ok(sums)
    }

    /// The sums of parts counted apart, added up into the first.
    fn merged(&self, parts: Vec<Sums>) -> Result<Sums> {
        let mut parts = parts.into_iter();
        let mut sums = parts.next().unwrap_or_else(|| self.empty_sums());
        for part in parts {
            sums.merge(&part)?;
        }
        Ok(sums)
    }

    pub(crate) fn empty_sums(&self) -> Sums {
        Sums::new(
            self.periods.len(),
            self.tree.units().len(),
            self.procedures.len(),
            self.setup,
        )
    }

    /// Counts dossiers whose ids the caller knows to be unique (a database's primary key), on
    /// every core, straight into sums: no entry kept per id, so faster than a [`Tally`], and
    /// a repeated id would be counted twice.
    pub fn count_unique(&self, dossiers: &[Dossier]) -> Result<Sums> {
        self.sum_on_every_core(dossiers, |sums, _, dossier| {
            let entry = self
                .dossier_entry(dossier)
                .map_err(|e| e.at(&format!("dossier {}", dossier.id), None))?;
            sums.add_dossier(entry.unit, entry.procedure, entry.facts)
        })
    }

    /// Counts a [`DossierTable`] on every core, straight into sums: its ids are unique, and its
    /// codes are looked up once per distinct code rather than once per dossier, so this is the
    /// fastest way to count the same records again and again (other periods or policies).
    ///
    /// Errors (naming the dossier): an unknown unit or procedure, no reception or submission date,
    /// a deadline beyond the calendar.
    pub fn count_table(&self, table: &DossierTable) -> Result<Sums> {
        let units: Vec<Option<usize>> = (table.units.codes().iter())
            .map(|code| self.tree.position(code))
            .collect();
        // Each procedure code's catalogue entry for a unit of each tier, when there is one.
        let procedures: Vec<[Option<u32>; 3]> = (table.procedures.codes().iter())
            .map(|code| match self.procedure_index.get(code.as_str()) {
                Some(tiers) => [0, 1, 2].map(|slot| self.tier_choice(tiers, slot)),
                None => [None; 3],
            })
            .collect();
        let cores = cores();
        let parts = on_every_core(&table.cut(cores), |_, runs| {
            let mut sums = self.empty_sums();
            for stretch in runs.iter().flatten() {
                let mut dossiers = stretch.dossiers().peekable();
                let Some(&(first_id, _)) = dossiers.peek() else {
                    continue;
                };
                let name = |id: u32| {
                    move |e: crate::Error| e.at(&format!("dossier {}", table.id(id)), None)
                };
                let unit = match units.get(stretch.unit as usize) {
                    Some(&Some(unit)) => unit,
                    // Not in the tree: the lookup again, for its error.
                    _ => self
                        .unit_position(table.units.code(stretch.unit))
                        .map_err(name(first_id))?,
                };
                let slot = self.tier_slots.get(unit).copied().unwrap_or(0);
                let mut adder = sums.unit(unit)?;
                for (id, row) in dossiers {
                    let procedure =
                        match procedures.get(row.procedure as usize).map(|p| p.get(slot)) {
                            Some(Some(&Some(procedure))) => procedure,
                            // No entry for this unit: the lookup again, for its error.
                            _ => self
                                .procedure_of(table.procedures.code(row.procedure), unit)
                                .map_err(name(id))?,
                        };
                    let facts = self.facts(unit, procedure, &row.core).map_err(name(id))?;
                    adder.add(procedure, facts)?;
                }
            }
            Ok(sums)
        })?;
        self.merged(parts)
    }

    /// Adds each item to sums with `add` (given the sums, the item's position and the item), on
    /// every core, and merges the parts' sums.
    fn sum_on_every_core<I: Sync>(
        &self,
        items: &[I],
        add: impl Fn(&mut Sums, usize, &I) -> Result<()> + Sync,
    ) -> Result<Sums> {
        let parts = on_every_core(items, |start, part| {
            let mut sums = self.empty_sums();
            for (i, item) in part.iter().enumerate() {
                add(&mut sums, start + i, item)?;
            }
            Ok(sums)
        })?;
        self.merged(parts)
    }

    /// The interchange counts of every unit from sums, one [`Counts`] per period (see
    /// [`Counting::counts`]).
    ///
    /// Errors: the sums come from another counting setup; as [`Counting::counts`].
    pub fn counts_of(&self, sums: &Sums, extra: Option<&Counts>) -> Result<Vec<Counts>> {
        // Checked once, not once per period.
        if let Some(extra) = extra {
            self.check_counts(extra)?;
        }
        self.counts_with(sums, &vec![extra; self.periods.len()])
    }

    /// Each period's counts from the sums, with the counts given to accompany each period
    /// (checked already).
    fn counts_with(&self, sums: &Sums, extras: &[Option<&Counts>]) -> Result<Vec<Counts>> {
        let units = self.tree.units().len();
        let sums = &self.pool(sums)?;
        // Every unit's counts, period by period.
        let mut by_period: Vec<Vec<UnitCounts>> =
            vec![Vec::with_capacity(units); self.periods.len()];
        for (u, unit) in self.tree.units().iter().enumerate() {
            self.pooled_criteria(sums, u, |p, counted| {
                let criteria = (criteria_from_records().zip(counted.iter().copied()))
                    .map(|(code, (num, den))| {
                        (code.to_owned(), CriterionCount::Counted { num, den })
                    })
                    .collect();
                if let Some(out) = by_period.get_mut(p) {
                    out.push(UnitCounts {
                        unit: unit.clone(),
                        criteria,
                        groups: BTreeMap::new(),
                        ratio_only: BTreeSet::new(),
                    });
                }
            })?;
        }
        let mut result = Vec::with_capacity(self.periods.len());
        for ((p, period), mut out) in self.periods.iter().enumerate().zip(by_period) {
            let extra = extras.get(p).copied().flatten();
            if let Some(extra) = extra {
                self.add_extra(&mut out, extra)?;
            }
            let kept = self.units_in(p, extra);
            let out = out
                .into_iter()
                .zip(kept)
                .filter_map(|(counts, kept)| kept.then_some(counts))
                .collect();
            result.push(Counts {
                methodology: extra.and_then(|e| e.methodology.clone()),
                period: Some(*period),
                units: out,
            });
        }
        Ok(result)
    }

    /// The sums pooled up the unit tree (each unit's records added to every ancestor).
    ///
    /// Errors: the sums come from another counting setup; a count beyond 2⁶⁴.
    pub(crate) fn pool<'s>(&self, sums: &'s Sums) -> Result<Pooled<'s>> {
        if !sums.made_by(self.setup) {
            return Err(crate::Error::syntax(
                "the sums come from another counting setup",
            ));
        }
        sums.pooled(&self.bottom_up, &self.parents)
    }

    /// Unit `u`'s record criteria in each period, from sums [pooled](Counting::pool) by this
    /// setup, given to `each` with the period's position.
    ///
    /// Errors: a unit the sums do not hold.
    pub(crate) fn pooled_criteria(
        &self,
        pooled: &Pooled,
        u: usize,
        mut each: impl FnMut(usize, &[(u64, u64); RECORD_CRITERIA]),
    ) -> Result<()> {
        let other_setup = || crate::Error::syntax("the sums come from another counting setup");
        let unit = self.tree.units().get(u).ok_or_else(other_setup)?;
        // The procedures of each set the unit holds, per period, among those that count.
        let mut used = [[0u64; 3]; MAX_PERIODS];
        pooled.used_procedures(u, self.authorities.masks(unit.level), &mut used);
        let mut criteria = [(0, 0); RECORD_CRITERIA];
        for (p, used) in used.into_iter().enumerate().take(self.periods.len()) {
            let (Some(dossiers), Some(petitions)) = (pooled.dossiers(p, u), pooled.petitions(p, u))
            else {
                return Err(other_setup());
            };
            let sums = PooledSums {
                dossiers,
                petitions,
                used,
            };
            unit_criteria(&self.authorities, unit.level, &sums, &mut criteria);
            each(p, &criteria);
        }
        Ok(())
    }

    /// The dossiers judged without any deadline (no due date, no statutory time), per period:
    /// counted on time, and worth fixing in the source system.
    pub fn undated(&self, tally: &Tally) -> Vec<usize> {
        (0..self.periods.len())
            .map(|p| {
                tally
                    .dossiers
                    .values()
                    .filter(|e| e.facts.get(p) & UNDATED != 0)
                    .count()
            })
            .collect()
    }

    /// The dossiers and petitions counted in each period: a period with none is probably not the
    /// one meant (or the records are not the ones meant), and is worth a warning.
    pub fn records_per_period(&self, tally: &Tally) -> Vec<(usize, usize)> {
        (0..self.periods.len())
            .map(|p| {
                let dossiers = tally
                    .dossiers
                    .values()
                    .filter(|e| e.facts.get(p) & COUNTED != 0);
                let petitions =
                    (tally.petitions.values()).filter(|e| e.facts.get(p).is_some_and(|f| *f != 0));
                (dossiers.count(), petitions.count())
            })
            .collect()
    }

    /// Whether each unit belongs in period `p`'s counts: it exists on a day of the period, or the
    /// accompanying counts name it, or a unit below it is kept (so every kept unit's parent is).
    fn units_in(&self, p: usize, extra: Option<&Counts>) -> Vec<bool> {
        let (first, last) = self.counted.days_of(p);
        let mut kept: Vec<bool> = (self.in_effect.iter())
            .map(|&(from, to)| from <= last && to >= first)
            .collect();
        for given in extra.into_iter().flat_map(|e| &e.units) {
            if let Some(slot) = (self.tree.position(&given.unit.code)).and_then(|u| kept.get_mut(u))
            {
                *slot = true;
            }
        }
        // A kept unit keeps its parent, children before parents: its ancestors in one pass.
        for &unit in &self.bottom_up {
            let parent = self.parents.get(unit).copied().flatten();
            if let (Some(true), Some(parent)) = (kept.get(unit).copied(), parent) {
                if let Some(slot) = kept.get_mut(parent) {
                    *slot = true;
                }
            }
        }
        kept
    }

    /// Checks counts to accompany the records ([`Counting::counts`]'s `extra`): every unit is in
    /// the tree with the same name, level and parent; the counts are for the periods counted (a
    /// file naming no period accompanies every period); they give criteria only (group points
    /// cannot be added to counted criteria), none of them counted from the records.
    ///
    /// Errors: the first of these that fails, naming the unit, the field or criterion and both
    /// values.
    pub fn check_counts(&self, extra: &Counts) -> Result<()> {
        self.check_period_of(extra)?;
        self.check_given(extra)
    }

    /// Errors unless `extra` names no period or the one period counted.
    fn check_period_of(&self, extra: &Counts) -> Result<()> {
        if let Some(named) = extra.period {
            if let Some(other) = self.periods.iter().find(|p| **p != named) {
                return Err(ErrorKind::InvalidPeriod {
                    value: named.to_string(),
                    problem: Problem::OtherPeriod {
                        named: named.to_string(),
                        counted: other.to_string(),
                    },
                }
                .into());
            }
        }
        Ok(())
    }

    /// Checks counts to accompany the records as [`check_counts`](Counting::check_counts) does,
    /// whatever period they name: what a check of an office's files does before the periods are
    /// chosen.
    ///
    /// Errors: as `check_counts`, but for the period.
    pub fn check_given(&self, extra: &Counts) -> Result<()> {
        let from_records: HashSet<&str> = criteria_from_records().collect();
        for given in &extra.units {
            let unit = &given.unit;
            let known = self
                .tree
                .get(&unit.code)
                .ok_or_else(|| ErrorKind::UnknownUnit {
                    unit: unit.code.clone(),
                })?;
            let show = |p: &Option<String>| p.clone().unwrap_or_else(|| "(none)".into());
            let differs = [
                ("name", known.name.clone(), unit.name.clone()),
                ("level", known.level.to_string(), unit.level.to_string()),
                ("parent", show(&known.parent), show(&unit.parent)),
            ];
            if let Some((field, first, repeated)) = differs.into_iter().find(|(_, a, b)| a != b) {
                return Err(ErrorKind::ConflictingUnitField {
                    unit: unit.code.clone(),
                    field: field.to_owned(),
                    first,
                    repeated,
                }
                .into());
            }
            if let Some(group) = given.groups.keys().next() {
                return Err(ErrorKind::InvalidGroup {
                    unit: unit.code.clone(),
                    group: group.clone(),
                    problem: Problem::GroupWithRecords,
                }
                .into());
            }
            if let Some(code) = given
                .criteria
                .keys()
                .find(|c| from_records.contains(c.as_str()))
            {
                return Err(ErrorKind::InvalidCount {
                    unit: unit.code.clone(),
                    criterion: code.clone(),
                    problem: Problem::CountedFromRecords,
                }
                .into());
            }
        }
        Ok(())
    }

    /// Adds the criteria of `extra`, checked by [`Counting::check_counts`] first.
    fn add_extra(&self, units: &mut [UnitCounts], extra: &Counts) -> Result<()> {
        for given in &extra.units {
            let position =
                self.tree
                    .position(&given.unit.code)
                    .ok_or_else(|| ErrorKind::UnknownUnit {
                        unit: given.unit.code.clone(),
                    })?;
            let Some(target) = units.get_mut(position) else {
                continue;
            };
            for (code, count) in &given.criteria {
                target.criteria.insert(code.clone(), *count);
            }
        }
        Ok(())
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
fn received(dossier: &Core) -> Result<Moment> {
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
