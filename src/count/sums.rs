//! Sums: records added up per period and unit, mergeable by addition.

use super::periods::{PeriodFacts, EVERY_PERIOD, FEE_DATA, MAX_PERIODS, ONLINE, PAID_ONLINE};
use crate::error::{Error, Overflowed, Result, SetupPart};

/// Procedures by group of sixteen, from group `first` on: bit `i` of `groups[g]` is procedure
/// `16 × (first + g) + i`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Masks<'a> {
    pub(crate) first: usize,
    pub(crate) groups: &'a [u16],
}

// The three procedure sets kept per period and unit.
pub(super) const ONLINE_SERVICE_USED: usize = 0;
pub(super) const PAID_PROCEDURE: usize = 1;
pub(super) const FEE_DATA_PROCEDURE: usize = 2;

/// The fact bits whose dossiers mark their procedure in a set, by set.
pub(super) const SET_FACTS: [(usize, u16); 3] = [
    (ONLINE_SERVICE_USED, ONLINE),
    (PAID_PROCEDURE, PAID_ONLINE),
    (FEE_DATA_PROCEDURE, FEE_DATA),
];

/// Records added up per period and unit (each record in the unit that handled it, before pooling
/// up the tree): the counts of each fact, and the procedures that had an online dossier, an online
/// payment or synced fee data. Sums of disjoint records add up
/// ([`Sums::merge`]), so parts counted apart — on other cores or machines — combine exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sums {
    /// The key of the counting setup that made them: sums of another setup, even of the same
    /// sizes, hold other units, procedures or periods.
    setup: u64,
    periods: usize,
    units: usize,
    procedures: usize,
    /// Words of four periods' facts (see [`PeriodFacts`]).
    fact_words: usize,
    /// Groups of sixteen procedures.
    groups: usize,
    /// Per period and unit: dossiers with each fact bit.
    pub(super) dossiers: Vec<[u64; 16]>,
    /// Per period and unit: petitions counted, on time, satisfied.
    pub(super) petitions: Vec<[u64; 3]>,
    /// The procedure sets, by unit, then set, then word of four periods, then group of sixteen
    /// procedures: a word's bit `16 × (period % 4) + procedure % 16` is set when the procedure is
    /// in the set in that period. Laid out as [`PeriodFacts`] are, so that a dossier marks its
    /// procedure in all its periods at once.
    procedure_sets: Vec<u64>,
}

/// The error of a count beyond 2⁶⁴.
fn overflow() -> Error {
    Error::count_overflow(Overflowed::Sums)
}

/// The error of records that do not fit these sums.
fn foreign() -> Error {
    Error::setup(SetupPart::Records)
}

impl Sums {
    /// Empty sums of counting setup `setup` (its key) of these sizes.
    pub(super) fn new(periods: usize, units: usize, procedures: usize, setup: u64) -> Sums {
        let (fact_words, groups) = (periods.div_ceil(4), procedures.div_ceil(16));
        Sums {
            setup,
            periods,
            units,
            procedures,
            fact_words,
            groups,
            dossiers: vec![[0; 16]; periods * units],
            petitions: vec![[0; 3]; periods * units],
            procedure_sets: vec![0; units * 3 * fact_words * groups],
        }
    }

    /// Whether these sums were made by counting setup `setup`.
    pub(super) fn made_by(&self, setup: u64) -> bool {
        self.setup == setup
    }

    /// The words of a unit's procedure sets.
    fn set_words(&self) -> usize {
        3 * self.fact_words * self.groups
    }

    /// The position of a unit's sums for a period: a unit's periods lie side by side, since a
    /// dossier updates all the periods it falls in for the same unit.
    pub(super) fn at(&self, period: usize, unit: usize) -> usize {
        unit * self.periods + period
    }

    /// Adds to `used` (per period, per set) how many procedures unit `unit` holds in each
    /// procedure set among those `masks` give (per set).
    pub(super) fn used_procedures(&self, unit: usize, masks: [Masks; 3], used: &mut [[u64; 3]]) {
        let words = self.set_words();
        if words == 0 {
            // No procedures: no set holds any.
            return;
        }
        let sets = (self.procedure_sets.get(unit * words..(unit + 1) * words)).unwrap_or_default();
        for (set, (lanes, masks)) in sets
            .chunks(self.fact_words * self.groups)
            .zip(masks)
            .enumerate()
        {
            for (word, lanes) in lanes.chunks(self.groups).enumerate() {
                let held = lanes.iter().skip(masks.first).zip(masks.groups);
                let counts = lane_counts(
                    held.map(|(&lanes, &mask)| lanes & (u64::from(mask) * EVERY_PERIOD)),
                );
                for (lane, count) in counts.into_iter().enumerate() {
                    if let Some(used) = used.get_mut(4 * word + lane).and_then(|u| u.get_mut(set)) {
                        *used += count;
                    }
                }
            }
        }
    }

    /// Adds a dossier to its own unit (the units above it get it when the sums are pooled).
    ///
    /// Errors: facts in a period, or a unit or procedure, these sums do not hold.
    pub(super) fn add_dossier(
        &mut self,
        unit: u32,
        procedure: u32,
        facts: PeriodFacts,
    ) -> Result<()> {
        if procedure as usize >= self.procedures || facts.any_from(self.periods) {
            return Err(foreign());
        }
        for period in 0..self.periods {
            let facts = facts.get(period);
            if facts != 0 {
                let at = self.at(period, unit as usize);
                count_bits(self.dossiers.get_mut(at).ok_or_else(foreign)?, facts);
            }
        }
        let (fact_words, groups, block) = (self.fact_words, self.groups, self.set_words());
        let start = unit as usize * block;
        let sets = (self.procedure_sets.get_mut(start..start + block)).ok_or_else(foreign)?;
        mark(sets, fact_words, groups, procedure, facts);
        Ok(())
    }

    /// An adder of many dossiers of the unit at `unit`, one after another (see [`UnitAdder`]).
    ///
    /// Errors: a unit these sums do not hold.
    pub(super) fn unit(&mut self, unit: usize) -> Result<UnitAdder<'_>> {
        let (periods, procedures, block) = (self.periods, self.procedures, self.set_words());
        let (fact_words, groups) = (self.fact_words, self.groups);
        let counters = (self.dossiers)
            .get_mut(unit * periods..(unit + 1) * periods)
            .ok_or_else(foreign)?;
        let sets = (self.procedure_sets)
            .get_mut(unit * block..(unit + 1) * block)
            .ok_or_else(foreign)?;
        Ok(UnitAdder {
            periods,
            procedures,
            fact_words,
            groups,
            counters,
            sets,
            planes: [[0; PLANES]; 2],
            pending: 0,
        })
    }

    /// Adds a petition to its own unit, as [`Sums::add_dossier`].
    pub(super) fn add_petition(&mut self, unit: u32, facts: &[u8; MAX_PERIODS]) -> Result<()> {
        for (period, &facts) in facts.iter().enumerate().filter(|(_, f)| **f != 0) {
            if period >= self.periods {
                return Err(foreign());
            }
            let at = self.at(period, unit as usize);
            count_bits(
                self.petitions.get_mut(at).ok_or_else(foreign)?,
                u16::from(facts),
            );
        }
        Ok(())
    }

    /// The sums pooled up the unit tree: each unit's records added to itself and every ancestor.
    /// Records are added to their own unit only while counting, which keeps the work per record
    /// small; here every unit's pooled sums are added into its parent's once, children before
    /// parents (`bottom_up`), so the work is linear in units however deep the tree. A unit with
    /// no children pools only its own records, so only the units with children get sums of their
    /// own (a nation's communes and departments are read where they are).
    ///
    /// Errors: a unit outside the sums; a count beyond 2⁶⁴ (every partial sum is part of a final
    /// one, so this fails exactly when a pooled count would pass 2⁶⁴).
    pub(super) fn pooled(
        &self,
        bottom_up: &[usize],
        parents: &[Option<usize>],
    ) -> Result<Pooled<'_>> {
        let mut rows = vec![NO_CHILDREN; self.units];
        let mut heads = Vec::new();
        for &parent in parents.iter().flatten() {
            let row = rows.get_mut(parent).ok_or_else(outside)?;
            if *row == NO_CHILDREN {
                *row = heads.len();
                heads.push(parent);
            }
        }
        let mut above = Sums::new(self.periods, heads.len(), self.procedures, self.setup);
        for (row, &unit) in heads.iter().enumerate() {
            let (own, sums) = (self.unit_block(unit)?, above.unit_block_mut(row)?);
            sums.dossiers.copy_from_slice(own.dossiers);
            sums.petitions.copy_from_slice(own.petitions);
            sums.sets.copy_from_slice(own.sets);
        }
        for &unit in bottom_up {
            let Some(Some(parent)) = parents.get(unit).copied() else {
                continue;
            };
            let to = rows.get(parent).copied().ok_or_else(outside)?;
            match rows.get(unit).copied() {
                Some(NO_CHILDREN) => self.unit_block(unit)?.add_to(above.unit_block_mut(to)?)?,
                Some(from) => {
                    let words = above.set_words();
                    let (dossiers_from, dossiers_to) =
                        two_blocks(&mut above.dossiers, from, to, self.periods)?;
                    let (petitions_from, petitions_to) =
                        two_blocks(&mut above.petitions, from, to, self.periods)?;
                    let (sets_from, sets_to) =
                        two_blocks(&mut above.procedure_sets, from, to, words)?;
                    let from = UnitBlock {
                        dossiers: dossiers_from,
                        petitions: petitions_from,
                        sets: sets_from,
                    };
                    from.add_to(UnitBlockMut {
                        dossiers: dossiers_to,
                        petitions: petitions_to,
                        sets: sets_to,
                    })?;
                }
                None => return Err(outside()),
            }
        }
        Ok(Pooled {
            own: self,
            rows,
            above,
        })
    }

    /// Unit `unit`'s sums in every period.
    fn unit_block(&self, unit: usize) -> Result<UnitBlock<'_>> {
        let (periods, words) = (self.periods, self.set_words());
        Ok(UnitBlock {
            dossiers: (self.dossiers.get(unit * periods..(unit + 1) * periods))
                .ok_or_else(outside)?,
            petitions: (self.petitions.get(unit * periods..(unit + 1) * periods))
                .ok_or_else(outside)?,
            sets: (self.procedure_sets.get(unit * words..(unit + 1) * words))
                .ok_or_else(outside)?,
        })
    }

    /// Unit `unit`'s sums in every period, to write.
    fn unit_block_mut(&mut self, unit: usize) -> Result<UnitBlockMut<'_>> {
        let (periods, words) = (self.periods, self.set_words());
        Ok(UnitBlockMut {
            dossiers: (self.dossiers.get_mut(unit * periods..(unit + 1) * periods))
                .ok_or_else(outside)?,
            petitions: (self.petitions.get_mut(unit * periods..(unit + 1) * periods))
                .ok_or_else(outside)?,
            sets: (self
                .procedure_sets
                .get_mut(unit * words..(unit + 1) * words))
            .ok_or_else(outside)?,
        })
    }

    /// Adds the sums of other, disjoint records counted by the same setup.
    ///
    /// Errors: the sums come from another counting setup; a count beyond 2⁶⁴.
    pub fn merge(&mut self, other: &Sums) -> Result<()> {
        if other.setup != self.setup
            || (other.periods, other.units, other.procedures)
                != (self.periods, self.units, self.procedures)
        {
            return Err(Error::setup(SetupPart::Sums));
        }
        add_all(&mut self.dossiers, &other.dossiers)?;
        add_all(&mut self.petitions, &other.petitions)?;
        for (mine, theirs) in self.procedure_sets.iter_mut().zip(&other.procedure_sets) {
            *mine |= theirs;
        }
        Ok(())
    }
}

/// Adds one to the counter of each bit set in `bits` (of the first `N`), all counters at once and
/// without a branch: the bits vary from record to record, and a loop over the set bits mispredicts.
/// Records are added one at a time, each at most once to a counter, so a counter cannot pass 2⁶⁴
/// before the machine runs out of records to count; sums are added up with a check
/// ([`Sums::merge`], [`Sums::pooled`]).
fn count_bits<const N: usize>(counters: &mut [u64; N], bits: u16) {
    for (i, counter) in counters.iter_mut().enumerate() {
        *counter += u64::from(bits >> i & 1);
    }
}

/// Marks a dossier's procedure in the sets its facts call for, in every period at once: `sets` is
/// one unit's procedure sets, laid out as in [`Sums`].
#[inline]
fn mark(sets: &mut [u64], fact_words: usize, groups: usize, procedure: u32, facts: PeriodFacts) {
    let (group, bit) = (procedure as usize / 16, procedure % 16);
    for (set, fact) in SET_FACTS {
        let lanes = facts.lanes_with(fact);
        for w in 0..fact_words {
            let word = sets.get_mut((set * fact_words + w) * groups + group);
            if let (Some(word), Some(lanes)) = (word, lanes.get(w)) {
                *word |= lanes << bit;
            }
        }
    }
}

/// Adds counters to counters, checked.
fn add_all<const N: usize>(to: &mut [[u64; N]], from: &[[u64; N]]) -> Result<()> {
    for (mine, theirs) in to.iter_mut().zip(from) {
        for (a, b) in mine.iter_mut().zip(theirs) {
            *a = a.checked_add(*b).ok_or_else(overflow)?;
        }
    }
    Ok(())
}

/// The `size`-long blocks of units `from` and `to` (different units) of `items`, the first to read
/// and the second to write.
fn two_blocks<T>(items: &mut [T], from: usize, to: usize, size: usize) -> Result<(&[T], &mut [T])> {
    if from == to {
        return Err(outside());
    }
    let (low, high) = (from.min(to), from.max(to));
    let (head, tail) = items.split_at_mut(high * size);
    let low_block = head
        .get_mut(low * size..(low + 1) * size)
        .ok_or_else(outside)?;
    let high_block = tail.get_mut(..size).ok_or_else(outside)?;
    Ok(if from < to {
        (low_block, high_block)
    } else {
        (high_block, low_block)
    })
}

/// The row of a unit with no children among [`Pooled`]'s sums of their own.
const NO_CHILDREN: usize = usize::MAX;

/// The error of a unit outside the sums while pooling.
fn outside() -> Error {
    Error::setup(SetupPart::Sums)
}

/// One unit's sums in every period.
struct UnitBlock<'a> {
    dossiers: &'a [[u64; 16]],
    petitions: &'a [[u64; 3]],
    sets: &'a [u64],
}

/// One unit's sums in every period, to write.
struct UnitBlockMut<'a> {
    dossiers: &'a mut [[u64; 16]],
    petitions: &'a mut [[u64; 3]],
    sets: &'a mut [u64],
}

impl UnitBlock<'_> {
    /// Adds these sums into `to`'s: counters added, checked; procedure sets joined.
    fn add_to(&self, to: UnitBlockMut) -> Result<()> {
        add_all(to.dossiers, self.dossiers)?;
        add_all(to.petitions, self.petitions)?;
        for (a, b) in to.sets.iter_mut().zip(self.sets) {
            *a |= b;
        }
        Ok(())
    }
}

/// Sums pooled up the unit tree ([`Sums::pooled`]): each unit's records with those of every unit
/// below it.
pub(crate) struct Pooled<'a> {
    /// The sums counted, each record in its own unit: a unit with no children's pooled sums.
    own: &'a Sums,
    /// Per unit: its row in `above`, or [`NO_CHILDREN`].
    rows: Vec<usize>,
    /// The pooled sums of the units with children.
    above: Sums,
}

impl Pooled<'_> {
    /// The sums holding unit `unit`'s pooled sums, and its position there.
    fn holder(&self, unit: usize) -> (&Sums, usize) {
        match self.rows.get(unit).copied() {
            Some(row) if row != NO_CHILDREN => (&self.above, row),
            _ => (self.own, unit),
        }
    }

    /// Unit `unit`'s pooled dossiers with each fact bit in period `period`.
    pub(super) fn dossiers(&self, period: usize, unit: usize) -> Option<&[u64; 16]> {
        let (sums, at) = self.holder(unit);
        sums.dossiers.get(sums.at(period, at))
    }

    /// Unit `unit`'s pooled petitions (counted, on time, satisfied) in period `period`.
    pub(super) fn petitions(&self, period: usize, unit: usize) -> Option<[u64; 3]> {
        let (sums, at) = self.holder(unit);
        sums.petitions.get(sums.at(period, at)).copied()
    }

    /// As [`Sums::used_procedures`], for unit `unit`'s pooled procedure sets.
    pub(super) fn used_procedures(&self, unit: usize, masks: [Masks; 3], used: &mut [[u64; 3]]) {
        let (sums, at) = self.holder(unit);
        sums.used_procedures(at, masks, used);
    }
}

/// The number of set bits in each 16-bit lane of `words`, added up lane by lane: each period's
/// count of procedures in its own lane. Counted a whole word at a time (the bits of each pair,
/// then of each nibble, byte and lane), since the default x86-64 target has no instruction for
/// it.
fn lane_counts(words: impl Iterator<Item = u64>) -> [u64; 4] {
    // A lane's count grows by at most 16 a word: 4,095 words fit a 16-bit lane.
    const WORDS_PER_FLUSH: u32 = 4_095;
    let mut counts = [0u64; 4];
    let mut lanes = 0u64;
    let mut pending = 0;
    let mut flush = |lanes: &mut u64| {
        for (lane, count) in counts.iter_mut().enumerate() {
            *count += *lanes >> (16 * lane) & 0xFFFF;
        }
        *lanes = 0;
    };
    for word in words {
        let pairs = word - (word >> 1 & 0x5555_5555_5555_5555);
        let nibbles = (pairs & 0x3333_3333_3333_3333) + (pairs >> 2 & 0x3333_3333_3333_3333);
        let bytes = (nibbles + (nibbles >> 4)) & 0x0F0F_0F0F_0F0F_0F0F;
        lanes += (bytes + (bytes >> 8)) & 0x00FF_00FF_00FF_00FF;
        pending += 1;
        if pending == WORDS_PER_FLUSH {
            flush(&mut lanes);
            pending = 0;
        }
    }
    flush(&mut lanes);
    counts
}

/// Bit planes per vertical counter: they hold counts up to 2⁸ − 1.
const PLANES: usize = 8;

/// Adds the dossiers of one unit to [`Sums`], for records grouped by unit (a
/// [`DossierTable`](crate::record::DossierTable)). A dossier's facts in four periods fill one
/// 64-bit word (16 bits a period), and the counts of those 64 bits are kept as vertical counters:
/// plane `k` holds bit `k` of all 64 counts, so adding a dossier is eight ANDs and XORs
/// (a carry rippling through the planes) whatever its facts, where [`Sums::add_dossier`] adds to
/// sixteen counters per period. The planes are emptied into the sums before they can overflow, and
/// when the adder is dropped.
pub(super) struct UnitAdder<'a> {
    periods: usize,
    procedures: usize,
    fact_words: usize,
    groups: usize,
    /// The unit's counters, by period.
    counters: &'a mut [[u64; 16]],
    /// The unit's procedure sets, laid out as in [`Sums`].
    sets: &'a mut [u64],
    /// Per word of four periods, the planes.
    planes: [[u64; PLANES]; 2],
    /// Dossiers added since the planes were last emptied.
    pending: u32,
}

impl UnitAdder<'_> {
    /// Adds a dossier under the procedure at `procedure`.
    ///
    /// Errors: facts in a period, or a procedure, these sums do not hold.
    #[inline]
    pub(super) fn add(&mut self, procedure: u32, facts: PeriodFacts) -> Result<()> {
        if procedure as usize >= self.procedures || facts.any_from(self.periods) {
            return Err(foreign());
        }
        mark(self.sets, self.fact_words, self.groups, procedure, facts);
        // The second word holds periods 5 to 8, rarely counted.
        for (planes, word) in self.planes.iter_mut().zip(facts.0).take(self.fact_words) {
            let mut carry = word;
            for plane in planes {
                let next = *plane & carry;
                *plane ^= carry;
                carry = next;
            }
        }
        self.pending += 1;
        if self.pending == (1 << PLANES) - 1 {
            self.empty_planes();
        }
        Ok(())
    }

    /// Adds the planes' counts to the sums and clears them.
    fn empty_planes(&mut self) {
        // Each period's counters read off the planes lane by lane, without a branch per bit.
        for (period, counters) in self.counters.iter_mut().enumerate() {
            let Some(planes) = self.planes.get(period / 4) else {
                break;
            };
            let first = 16 * (period % 4);
            for (i, counter) in counters.iter_mut().enumerate() {
                *counter += (planes.iter().enumerate())
                    .map(|(k, plane)| (plane >> (first + i) & 1) << k)
                    .sum::<u64>();
            }
        }
        self.planes = [[0; PLANES]; 2];
        self.pending = 0;
    }
}

impl Drop for UnitAdder<'_> {
    fn drop(&mut self) {
        self.empty_planes();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::count::periods::PeriodFacts;

    /// Facts `facts` in each of `periods`.
    fn in_periods(periods: &[usize], facts: u16) -> PeriodFacts {
        let mut words = [0u64; 2];
        for &p in periods {
            words[p / 4] |= u64::from(facts) << (16 * (p % 4));
        }
        PeriodFacts(words)
    }

    // Procedures on both sides of every boundary of the layout (16 a group, 64 a word), in
    // periods of both words of facts, marked one dossier at a time and a unit at a time, read back
    // as 64-procedure words equal to the sets built by hand.
    #[test]
    fn procedure_sets_read_back_as_marked() {
        let (periods, units, procedures) = (6, 2, 150);
        let dossiers: [(usize, u32, &[usize], u16); 7] = [
            (0, 0, &[0, 5], ONLINE),
            (0, 15, &[3], PAID_ONLINE | ONLINE),
            (0, 16, &[4], FEE_DATA),
            (1, 63, &[0, 1, 2, 3, 4, 5], ONLINE | FEE_DATA),
            (1, 64, &[2], PAID_ONLINE),
            (1, 149, &[5], ONLINE | PAID_ONLINE | FEE_DATA),
            (1, 100, &[1], 1),
        ];
        let mut one_by_one = Sums::new(periods, units, procedures, 0);
        let mut by_unit = Sums::new(periods, units, procedures, 0);
        for unit in 0..units {
            let mut adder = by_unit.unit(unit).unwrap();
            for &(u, procedure, ps, facts) in dossiers.iter().filter(|d| d.0 == unit) {
                adder.add(procedure, in_periods(ps, facts)).unwrap();
                one_by_one
                    .add_dossier(u as u32, procedure, in_periods(ps, facts))
                    .unwrap();
            }
        }
        assert_eq!(one_by_one, by_unit);
        // Each procedure alone as the mask: counted once in exactly the periods it was marked.
        for (set, fact) in SET_FACTS {
            for unit in 0..units {
                for procedure in 0..procedures {
                    let alone = [1u16 << (procedure % 16)];
                    let mut masks = [Masks::default(); 3];
                    masks[set] = Masks {
                        first: procedure / 16,
                        groups: &alone,
                    };
                    let mut used = [[0u64; 3]; 8];
                    by_unit.used_procedures(unit, masks, &mut used);
                    for (period, used) in used.iter().enumerate() {
                        let marked = dossiers.iter().any(|&(u, pr, ps, facts)| {
                            u == unit
                                && pr as usize == procedure
                                && ps.contains(&period)
                                && facts & fact != 0
                        });
                        let expected = [0, 1, 2].map(|s| u64::from(s == set && marked));
                        assert_eq!(
                            *used, expected,
                            "set {set}, unit {unit}, procedure {procedure}, period {period}"
                        );
                    }
                }
            }
        }
        // A procedure or period these sums do not hold is refused.
        assert!(one_by_one.add_dossier(0, 150, in_periods(&[0], 1)).is_err());
        assert!(one_by_one.add_dossier(0, 1, in_periods(&[6], 1)).is_err());
        assert!(by_unit.unit(2).is_err());
    }

    // A tree three levels deep, with units that have children under units that have children:
    // every unit's pooled sums equal its own records' plus those of every unit below it.
    #[test]
    fn pooled_sums_hold_every_unit_below() {
        let parents = [
            None,
            Some(0),
            Some(0),
            Some(1),
            Some(1),
            Some(3),
            Some(2),
            None,
        ];
        let bottom_up = [5, 3, 4, 1, 6, 2, 0, 7];
        let below = |unit: usize, ancestor: usize| {
            let mut at = Some(unit);
            while let Some(u) = at {
                if u == ancestor {
                    return true;
                }
                at = parents[u];
            }
            false
        };
        let (periods, procedures) = (3, 40);
        let mut sums = Sums::new(periods, parents.len(), procedures, 0);
        let dossiers = (0..200u32).map(|i| {
            let unit = (i * 7 % 8) as usize;
            (
                unit,
                i * 13 % 40,
                in_periods(&[(i % 3) as usize], (i % 0x1000) as u16 | ONLINE),
            )
        });
        let dossiers: Vec<_> = dossiers.collect();
        for &(unit, procedure, facts) in &dossiers {
            sums.add_dossier(unit as u32, procedure, facts).unwrap();
            let petition = [1 | (procedure % 4) as u8, 0, 3, 0, 0, 0, 0, 0];
            sums.add_petition(unit as u32, &petition).unwrap();
        }
        let pooled = sums.pooled(&bottom_up, &parents).unwrap();
        let every = [0xFFFFu16; 3];
        let masks = [0, 1, 2].map(|_| Masks {
            first: 0,
            groups: &every,
        });
        for unit in 0..parents.len() {
            let mut used = [[0u64; 3]; 8];
            pooled.used_procedures(unit, masks, &mut used);
            for (period, used) in used.iter().enumerate().take(periods) {
                let mut dossier_sums = [0u64; 16];
                let mut petition_sums = [0u64; 3];
                let mut online = std::collections::BTreeSet::new();
                for u in (0..parents.len()).filter(|&u| below(u, unit)) {
                    for (a, b) in dossier_sums
                        .iter_mut()
                        .zip(&sums.dossiers[sums.at(period, u)])
                    {
                        *a += b;
                    }
                    for (a, b) in petition_sums
                        .iter_mut()
                        .zip(&sums.petitions[sums.at(period, u)])
                    {
                        *a += b;
                    }
                    let marked = dossiers.iter().filter(|d| d.0 == u && d.2.get(period) != 0);
                    online.extend(marked.map(|d| d.1));
                }
                assert_eq!(
                    pooled.dossiers(period, unit),
                    Some(&dossier_sums),
                    "unit {unit}"
                );
                assert_eq!(
                    pooled.petitions(period, unit),
                    Some(petition_sums),
                    "unit {unit}"
                );
                assert_eq!(
                    used[ONLINE_SERVICE_USED],
                    online.len() as u64,
                    "unit {unit}"
                );
            }
        }
    }

    #[test]
    fn lane_counts_count_each_lane_past_a_flush() {
        let words: Vec<u64> = (0..9_000u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        let expected: [u64; 4] = [0, 1, 2, 3].map(|lane| {
            let lane = |w: &u64| u64::from((w >> (16 * lane) & 0xFFFF).count_ones());
            words.iter().map(lane).sum()
        });
        assert_eq!(lane_counts(words.iter().copied()), expected);
        assert_eq!(
            lane_counts(std::iter::repeat_n(u64::MAX, 9_000)),
            [16 * 9_000; 4]
        );
    }
}
