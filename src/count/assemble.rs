//! Tallies turned into the interchange [`Counts`]: sums per unit and period pooled up the unit
//! tree, the criteria records cannot give taken from counts given beside them, and checked
//! against the setup.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::criteria::{criteria_from_records, unit_criteria, PooledSums, RECORD_CRITERIA};
use super::periods::{COUNTED, MAX_PERIODS, UNDATED};
use super::sums::{Pooled, Sums};
use super::tally::Tally;
use crate::cores::{cores, in_parts};
use crate::error::{Error, ErrorKind, Problem, Result, SetupPart};
use crate::interchange::{Counts, CriterionCount, UnitCounts};
use crate::period::Period;
use crate::record::{Dossier, DossierTable};

use super::counting::Counting;

impl Counting {
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
                    _ => Err(Error::from(ErrorKind::InvalidPeriod {
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
        let foreign = || Error::setup(SetupPart::Tally);
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
        let parts = in_parts("counting", &table.cut(cores), |_, runs| {
            let mut sums = self.empty_sums();
            for stretch in runs.iter().flatten() {
                let mut dossiers = stretch.dossiers().peekable();
                let Some(&(first_id, _)) = dossiers.peek() else {
                    continue;
                };
                let name =
                    |id: u32| move |e: Error| e.at(&format!("dossier {}", table.id(id)), None);
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
        let parts = in_parts("counting", items, |start, part| {
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
            return Err(Error::setup(SetupPart::Sums));
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
        let other_setup = || Error::setup(SetupPart::Sums);
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
