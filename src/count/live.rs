//! Counts kept live: every unit's pooled sums in every period, updated record by record. A
//! record's new state replaces its earlier one (as a repeated id does in a [`Tally`]): the earlier
//! facts are taken off the unit and its ancestors and the new ones added, so a unit's criteria are
//! always those a batch count of the latest records would give.
//!
//! The procedure criteria count procedures, not dossiers: a procedure is in a unit's set while at
//! least one dossier below the unit marks it, so each (unit, procedure) keeps how many do, per set
//! and period, and the set's size changes when that number leaves or reaches zero.

use super::counting::Counting;
use super::criteria::{unit_criteria, PooledSums, RECORD_CRITERIA};
use super::periods::PeriodFacts;
use super::sums::SET_FACTS;
use super::tally::{DossierEntry, PetitionEntry, Tally};
use crate::error::{Error, Overflowed, Result, SetupPart};
use crate::fast_hash::{FastMap, Fingerprint};
use crate::record::{Dossier, Petition};
use crate::unit::Level;

/// Every unit's pooled sums in every period, with the latest entry of every record.
#[derive(Debug, Clone)]
pub(crate) struct LiveCounts {
    counting: Counting,
    periods: usize,
    levels: Vec<Level>,
    dossiers: FastMap<Fingerprint, DossierEntry>,
    petitions: FastMap<Fingerprint, PetitionEntry>,
    /// Per unit and period (unit `u`, period `p` at `u × periods + p`), pooled: dossiers with each
    /// fact bit, petitions counted / on time / satisfied, and the size of each procedure set
    /// (counting only the procedures that count toward it at the unit's level).
    dossier_sums: Vec<[u64; 16]>,
    petition_sums: Vec<[u64; 3]>,
    set_sizes: Vec<[u64; 3]>,
    /// Per (unit, procedure) met below the unit: where its marks start in `marks`, which holds,
    /// per set and period (set `s`, period `p` at `start + s × periods + p`), how many dossiers
    /// below the unit mark the procedure in the set.
    mark_index: FastMap<(u32, u32), usize>,
    marks: Vec<u64>,
}

/// How to take back the record an event applied: its id and its earlier entry, if any.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Undo(Taken);

#[derive(Debug, Clone, Copy)]
enum Taken {
    Dossier(Fingerprint, Option<DossierEntry>),
    Petition(Fingerprint, Option<PetitionEntry>),
}

/// An entry kept per record id: dossiers and petitions alike.
trait Kept: Copy {
    /// The live entries of its kind.
    fn entries(live: &mut LiveCounts) -> &mut FastMap<Fingerprint, Self>;
    /// Adds its facts to its unit and every ancestor (or, when `!add`, takes them off).
    fn count(self, live: &mut LiveCounts, add: bool) -> Result<()>;
    /// Its unit's position.
    fn unit(self) -> u32;
}

impl Kept for DossierEntry {
    fn entries(live: &mut LiveCounts) -> &mut FastMap<Fingerprint, Self> {
        &mut live.dossiers
    }
    fn count(self, live: &mut LiveCounts, add: bool) -> Result<()> {
        live.dossier_facts(&self, add)
    }
    fn unit(self) -> u32 {
        self.unit
    }
}

impl Kept for PetitionEntry {
    fn entries(live: &mut LiveCounts) -> &mut FastMap<Fingerprint, Self> {
        &mut live.petitions
    }
    fn count(self, live: &mut LiveCounts, add: bool) -> Result<()> {
        live.petition_facts(&self, add)
    }
    fn unit(self) -> u32 {
        self.unit
    }
}

/// The error of a count that cannot be kept (it would pass 2⁶⁴, or fall below zero, which only
/// entries from another setup could cause).
fn beyond_range() -> Error {
    Error::count_overflow(Overflowed::LiveCount)
}

/// `value` plus one, or minus one when `!add`.
fn step(value: u64, add: bool) -> Result<u64> {
    if add {
        value.checked_add(1)
    } else {
        value.checked_sub(1)
    }
    .ok_or_else(beyond_range)
}

/// Steps the counter of each bit set in `bits` (of the first `counters.len()`) by one.
fn step_bits(counters: &mut [u64], bits: u16, add: bool) -> Result<()> {
    for (i, counter) in counters.iter_mut().enumerate() {
        if bits >> i & 1 == 1 {
            *counter = step(*counter, add)?;
        }
    }
    Ok(())
}

impl LiveCounts {
    /// Live counts holding the records of `tally`, counted by `counting`.
    ///
    /// Errors: the tally comes from another setup; a count beyond 2⁶⁴.
    pub(crate) fn new(counting: Counting, tally: &Tally) -> Result<LiveCounts> {
        counting.check_tally(tally)?;
        let periods = counting.periods().len();
        let units = counting.tree().units().len();
        let levels = counting.tree().units().iter().map(|u| u.level).collect();
        let mut live = LiveCounts {
            periods,
            levels,
            dossiers: FastMap::default(),
            petitions: FastMap::default(),
            dossier_sums: vec![[0; 16]; units * periods],
            petition_sums: vec![[0; 3]; units * periods],
            set_sizes: vec![[0; 3]; units * periods],
            mark_index: FastMap::default(),
            marks: Vec::new(),
            counting,
        };
        live.dossiers.reserve(tally.dossiers.len());
        for (key, entry) in tally.dossiers.entries() {
            live.check_dossier(entry)?;
            live.dossier_facts(entry, true)?;
            live.dossiers.insert(key, *entry);
        }
        for (key, entry) in tally.petitions.entries() {
            live.check_unit(entry.unit)?;
            live.petition_facts(entry, true)?;
            live.petitions.insert(key, *entry);
        }
        Ok(live)
    }

    /// The counting setup.
    pub(crate) fn counting(&self) -> &Counting {
        &self.counting
    }

    fn check_unit(&self, unit: u32) -> Result<()> {
        if (unit as usize) < self.levels.len() {
            Ok(())
        } else {
            Err(Error::setup(SetupPart::Tally))
        }
    }

    fn check_dossier(&self, entry: &DossierEntry) -> Result<()> {
        self.check_unit(entry.unit)?;
        if (entry.procedure as usize) < self.counting.procedures().len()
            && !entry.facts.any_from(self.periods)
        {
            Ok(())
        } else {
            Err(Error::setup(SetupPart::Tally))
        }
    }

    /// Unit `unit` and its ancestors, from the unit up.
    fn chain(&self, unit: usize) -> impl Iterator<Item = usize> + '_ {
        let parents = self.counting.parents();
        std::iter::successors(Some(unit), move |&u| parents.get(u).copied().flatten())
    }

    /// Adds (or, when `!add`, takes off) a dossier's facts to its unit and every ancestor.
    fn dossier_facts(&mut self, entry: &DossierEntry, add: bool) -> Result<()> {
        let (periods, facts) = (self.periods, entry.facts);
        let mut next = Some(entry.unit as usize);
        while let Some(unit) = next {
            for p in 0..periods {
                let sums = self.dossier_sums.get_mut(unit * periods + p);
                step_bits(sums.ok_or_else(beyond_range)?, facts.get(p), add)?;
            }
            self.mark(unit, entry.procedure, facts, add)?;
            next = self.parent(unit);
        }
        Ok(())
    }

    /// The position of unit `unit`'s parent.
    fn parent(&self, unit: usize) -> Option<usize> {
        self.counting.parents().get(unit).copied().flatten()
    }

    /// Counts a dossier's marks of its procedure in unit `unit`'s sets (or takes them off), and
    /// the sets' sizes where a procedure enters or leaves one.
    fn mark(&mut self, unit: usize, procedure: u32, facts: PeriodFacts, add: bool) -> Result<()> {
        let periods = self.periods;
        let marked = |set_fact: u16| (0..periods).filter(move |&p| facts.get(p) & set_fact != 0);
        if SET_FACTS
            .iter()
            .all(|&(_, fact)| marked(fact).next().is_none())
        {
            return Ok(());
        }
        let next = self.marks.len();
        let start = *(self.mark_index)
            .entry((unit as u32, procedure))
            .or_insert(next);
        if start == next {
            self.marks.resize(next + SET_FACTS.len() * periods, 0);
        }
        let level = self.levels.get(unit).copied().unwrap_or(Level::Commune);
        for (set, fact) in SET_FACTS {
            let counts = self
                .counting
                .authorities()
                .counts_toward(level, set, procedure);
            for p in marked(fact) {
                let mark =
                    (self.marks.get_mut(start + set * periods + p)).ok_or_else(beyond_range)?;
                let before = *mark;
                *mark = step(before, add)?;
                // The procedure enters the set at its first mark and leaves it with its last.
                if counts && (before == 0 || *mark == 0) {
                    let size = (self.set_sizes.get_mut(unit * periods + p))
                        .and_then(|sizes| sizes.get_mut(set))
                        .ok_or_else(beyond_range)?;
                    *size = step(*size, add)?;
                }
            }
        }
        Ok(())
    }

    /// Adds (or takes off) a petition's facts to its unit and every ancestor.
    fn petition_facts(&mut self, entry: &PetitionEntry, add: bool) -> Result<()> {
        let periods = self.periods;
        let mut next = Some(entry.unit as usize);
        while let Some(unit) = next {
            for (p, &bits) in entry.facts.iter().enumerate().take(periods) {
                let sums = self.petition_sums.get_mut(unit * periods + p);
                step_bits(sums.ok_or_else(beyond_range)?, u16::from(bits), add)?;
            }
            next = self.parent(unit);
        }
        Ok(())
    }

    /// Applies a dossier's latest state, replacing the earlier one of its id; `touched` gets
    /// the units whose counts may have changed (the dossier's unit and ancestors, before and
    /// after). The [`Undo`] takes it back.
    ///
    /// Errors: as [`Counting::add_dossier`], with nothing changed; a count beyond 2⁶⁴.
    pub(crate) fn dossier(&mut self, dossier: &Dossier, touched: &mut Vec<usize>) -> Result<Undo> {
        let entry = self.counting.dossier_entry(dossier)?;
        let key = Fingerprint::of(&dossier.id);
        let earlier = self.replace(key, entry, touched)?;
        Ok(Undo(Taken::Dossier(key, earlier)))
    }

    /// Applies a petition's latest state, as [`LiveCounts::dossier`].
    ///
    /// Errors: as [`Counting::add_petition`], with nothing changed.
    pub(crate) fn petition(
        &mut self,
        petition: &Petition,
        touched: &mut Vec<usize>,
    ) -> Result<Undo> {
        let entry = self.counting.petition_entry(petition)?;
        let key = Fingerprint::of(&petition.id);
        let earlier = self.replace(key, entry, touched)?;
        Ok(Undo(Taken::Petition(key, earlier)))
    }

    /// Puts `entry` in place of the earlier entry of its id (if any), its facts instead of the
    /// earlier's; the earlier entry.
    fn replace<K: Kept>(
        &mut self,
        key: Fingerprint,
        entry: K,
        touched: &mut Vec<usize>,
    ) -> Result<Option<K>> {
        let earlier = K::entries(self).insert(key, entry);
        if let Some(earlier) = earlier {
            earlier.count(self, false)?;
        }
        entry.count(self, true)?;
        self.touch(earlier.map(K::unit), entry.unit(), touched);
        Ok(earlier)
    }

    /// Puts the `earlier` entry of an id back in place of the one there now (none: takes it
    /// away), with its facts.
    fn restore<K: Kept>(&mut self, key: Fingerprint, earlier: Option<K>) -> Result<()> {
        let now = match earlier {
            Some(earlier) => K::entries(self).insert(key, earlier),
            None => K::entries(self).remove(&key),
        };
        if let Some(now) = now {
            now.count(self, false)?;
        }
        if let Some(earlier) = earlier {
            earlier.count(self, true)?;
        }
        Ok(())
    }

    /// Takes a record back to the state it had before [`LiveCounts::dossier`] or
    /// [`LiveCounts::petition`] applied it (the units touched are the same).
    pub(crate) fn undo(&mut self, undo: Undo) -> Result<()> {
        match undo.0 {
            Taken::Dossier(key, earlier) => self.restore(key, earlier),
            Taken::Petition(key, earlier) => self.restore(key, earlier),
        }
    }

    /// Puts in `touched` the chains of the units a record was in before and is in now.
    fn touch(&self, before: Option<u32>, now: u32, touched: &mut Vec<usize>) {
        touched.clear();
        touched.extend(self.chain(now as usize));
        if let Some(before) = before.filter(|&b| b != now) {
            for unit in self.chain(before as usize) {
                if !touched.contains(&unit) {
                    touched.push(unit);
                }
            }
        }
    }

    /// Unit `unit`'s record criteria in period `p` (in the order of
    /// [`criteria_from_records`](super::criteria_from_records)).
    pub(crate) fn criteria(&self, p: usize, unit: usize) -> [(u64, u64); RECORD_CRITERIA] {
        let at = unit * self.periods + p;
        let none = [0; 16];
        let sums = PooledSums {
            dossiers: self.dossier_sums.get(at).unwrap_or(&none),
            petitions: self.petition_sums.get(at).copied().unwrap_or_default(),
            used: self.set_sizes.get(at).copied().unwrap_or_default(),
        };
        let level = self.levels.get(unit).copied().unwrap_or(Level::Commune);
        let mut criteria = [(0, 0); RECORD_CRITERIA];
        unit_criteria(self.counting.authorities(), level, &sums, &mut criteria);
        criteria
    }
}
