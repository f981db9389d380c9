//! The tally: one entry per dossier or petition id, so that a repeated id counts once (its later
//! record winning) and is reported, and tallies of disjoint records merge.
//!
//! Entries are kept in runs, one per part of the records (a core's share of a file, or records
//! added one at a time). A part counted in bulk appends its entries as they come and finds its
//! repeated ids once, at its end, by sorting their fingerprints: sequential work instead of one
//! random hash-map insert per record, which is where a large file's count spent most of its time.
//! A run merged later looks its ids up in the earlier runs (a walk along two sorted lists) and
//! retires the entries it replaces.

use std::collections::hash_map::Entry;

use super::periods::{PeriodFacts, MAX_PERIODS};
use super::status::DossierStatus;
use crate::fast_hash::{FastMap, Fingerprint};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct DossierEntry {
    pub(super) unit: u32,
    pub(super) procedure: u32,
    pub(super) facts: PeriodFacts,
    /// Its standing in each period for the monthly report (0 unless counted with statistics).
    pub(super) status: DossierStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PetitionEntry {
    pub(super) unit: u32,
    /// Per period: 0 (not in it), or 1 + on time (2) + satisfied (4).
    pub(super) facts: [u8; MAX_PERIODS],
}

/// Dossiers and petitions counted so far, one entry per id (a repeated id replaces the earlier
/// entry, and is reported).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub(super) dossiers: IdRuns<DossierEntry>,
    pub(super) petitions: IdRuns<PetitionEntry>,
    pub(super) repeated: Repeats,
    /// What the files counted into it warned of (misspelt columns, records counted leniently).
    pub(super) warnings: Vec<crate::input::Warning>,
    /// The counting setup its entries were made by.
    pub(super) setup: Setup,
}

/// Which counting setup made a tally's entries (a key of its periods, units and procedures):
/// entries of another setup would be added up in the wrong periods, units or procedures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum Setup {
    /// No entry yet.
    #[default]
    None,
    /// One setup's.
    Of(u64),
    /// Several setups' entries, merged: fit for none.
    Mixed,
}

impl Setup {
    /// The setup of entries of both.
    fn with(self, other: Setup) -> Setup {
        match (self, other) {
            (Setup::None, other) | (other, Setup::None) => other,
            (Setup::Of(a), Setup::Of(b)) if a == b => Setup::Of(a),
            _ => Setup::Mixed,
        }
    }
}

impl Tally {
    /// A tally of the dossiers of one part counted in bulk (see [`Appending`]).
    pub(super) fn of_dossiers(part: Appending<DossierEntry>, setup: u64) -> Tally {
        let mut repeated = Repeats::default();
        let run = part.seal(&mut repeated);
        Tally {
            dossiers: IdRuns { runs: vec![run] },
            petitions: IdRuns::default(),
            repeated,
            warnings: Vec::new(),
            setup: Setup::Of(setup),
        }
    }

    /// Marks the tally as holding entries of setup `setup`; false (and unmarked) when it holds
    /// another setup's.
    pub(super) fn stamp(&mut self, setup: u64) -> bool {
        let stamped = self.setup.with(Setup::Of(setup));
        let fits = stamped == Setup::Of(setup);
        if fits {
            self.setup = stamped;
        }
        fits
    }

    /// Whether every entry was made by setup `setup` (true for an empty tally); `None` when
    /// the entries come from several setups.
    pub(super) fn made_by(&self, setup: u64) -> Option<bool> {
        match self.setup {
            Setup::None => Some(true),
            Setup::Of(key) => Some(key == setup),
            Setup::Mixed => None,
        }
    }

    /// Adds the records of `later`, a tally of records that come after this one's: an id in both
    /// keeps `later`'s entry and is reported as repeated.
    pub fn merge(&mut self, later: Tally) {
        self.dossiers.merge(later.dossiers, &mut self.repeated);
        self.petitions.merge(later.petitions, &mut self.repeated);
        self.repeated.append(later.repeated);
        self.warnings.extend(later.warnings);
        self.setup = self.setup.with(later.setup);
    }

    /// What the files counted into this tally warned of, in file order: unknown columns close to
    /// a known one, records with contradicting moments counted under lenient timelines.
    pub fn warnings(&self) -> &[crate::input::Warning] {
        &self.warnings
    }

    /// Ids seen more than once (the later record won): the first [`REPEATS_KEPT`], in the order
    /// the later records came. A file with millions of repeats keeps a hundred of them, and
    /// [`Tally::repeat_count`] says how many there were.
    pub fn repeated(&self) -> &[String] {
        &self.repeated.first
    }

    /// How many times a record replaced an earlier one of its id.
    pub fn repeat_count(&self) -> u64 {
        self.repeated.total
    }

    /// How many distinct dossiers were counted.
    pub fn dossiers(&self) -> usize {
        self.dossiers.len()
    }

    /// How many distinct petitions were counted.
    pub fn petitions(&self) -> usize {
        self.petitions.len()
    }
}

/// How many repeated ids a tally keeps to show; the rest are counted only.
pub const REPEATS_KEPT: usize = 100;

/// Ids seen more than once: the first few kept, all counted, so memory does not grow with repeats.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Repeats {
    first: Vec<String>,
    total: u64,
}

impl Repeats {
    pub(super) fn push(&mut self, id: &str) {
        self.total += 1;
        if self.first.len() < REPEATS_KEPT {
            self.first.push(id.to_owned());
        }
    }

    fn append(&mut self, later: Repeats) {
        self.total += later.total;
        let room = REPEATS_KEPT.saturating_sub(self.first.len());
        self.first.extend(later.first.into_iter().take(room));
    }
}

/// How a run finds its live entries by id.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Keys {
    /// By a hash map, for records added one at a time (each checked as it comes).
    Hashed(FastMap<Fingerprint, usize>),
    /// By the live entries' (fingerprint, position), sorted: a run sealed.
    Sorted(Vec<(Fingerprint, usize)>),
}

/// One part's entries in the order they came, each with its id, and whether it still counts.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Run<V> {
    values: Vec<V>,
    /// The ids one after another in one string, so an entry allocates nothing of its own; entry
    /// `i`'s id ends at `id_ends[i]` and starts where the one before it ends.
    ids: String,
    id_ends: Vec<usize>,
    /// False for an entry a later record of its id replaced.
    live: Vec<bool>,
    live_count: usize,
    keys: Keys,
}

impl<V> Run<V> {
    fn new(capacity: usize, keys: Keys) -> Run<V> {
        Run {
            values: Vec::with_capacity(capacity),
            ids: String::with_capacity(capacity.saturating_mul(16)),
            id_ends: Vec::with_capacity(capacity),
            live: Vec::with_capacity(capacity),
            live_count: 0,
            keys,
        }
    }

    /// Appends a live entry; its position.
    fn push(&mut self, id: &str, value: V) -> usize {
        let at = self.values.len();
        self.values.push(value);
        self.ids.push_str(id);
        self.id_ends.push(self.ids.len());
        self.live.push(true);
        self.live_count += 1;
        at
    }

    fn id(&self, at: usize) -> &str {
        let start = match at.checked_sub(1) {
            Some(before) => self.id_ends.get(before).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.id_ends.get(at).copied().unwrap_or(start);
        self.ids.get(start..end).unwrap_or("")
    }

    fn retire_at(&mut self, at: usize) -> bool {
        match self.live.get_mut(at) {
            Some(live) if *live => {
                *live = false;
                self.live_count -= 1;
                true
            }
            _ => false,
        }
    }

    /// Retires the live entry of an id, if any; true when there was one.
    fn retire(&mut self, key: Fingerprint) -> bool {
        let found = match &mut self.keys {
            Keys::Hashed(map) => map.remove(&key),
            Keys::Sorted(sorted) => sorted
                .binary_search_by(|(k, _)| k.cmp(&key))
                .ok()
                .and_then(|i| sorted.get(i))
                .map(|&(_, at)| at),
        };
        found.is_some_and(|at| self.retire_at(at))
    }

    /// Turns a run of records added one at a time into a sealed run.
    fn seal(&mut self) {
        if let Keys::Hashed(map) = &mut self.keys {
            let mut sorted: Vec<(Fingerprint, usize)> = map.drain().collect();
            sorted.sort_unstable();
            self.keys = Keys::Sorted(sorted);
        }
    }

    fn sorted(&self) -> &[(Fingerprint, usize)] {
        match &self.keys {
            Keys::Sorted(sorted) => sorted,
            Keys::Hashed(_) => &[],
        }
    }

    /// Retires every live entry whose id a live entry of `later` (a sealed run) has, walking both
    /// sorted lists once; the ids of `later` that replaced one are added to `repeated`.
    fn retire_replaced_by(&mut self, later: &Run<V>, repeated: &mut Repeats) {
        self.seal();
        let mut replaced = Vec::new();
        if let Keys::Sorted(mine) = &self.keys {
            let mut theirs = later.sorted().iter().peekable();
            for &(key, at) in mine {
                while theirs.next_if(|(k, _)| *k < key).is_some() {}
                if let Some(&&(k, their_at)) = theirs.peek() {
                    if k == key && later.live.get(their_at) == Some(&true) {
                        replaced.push((at, their_at));
                    }
                }
            }
        }
        // Reported in the order the later records came.
        replaced.sort_unstable_by_key(|&(_, their_at)| their_at);
        for (at, their_at) in replaced {
            if self.retire_at(at) {
                repeated.push(later.id(their_at));
            }
        }
    }

    /// The live entries alone, in the order they came, and each old position's new one
    /// (`usize::MAX` for an entry dropped).
    fn into_live(self) -> (Run<V>, Vec<usize>) {
        let Run {
            values,
            ids,
            id_ends,
            live,
            live_count,
            ..
        } = self;
        let mut kept = Run::new(live_count, Keys::Sorted(Vec::new()));
        let mut moved = vec![usize::MAX; values.len()];
        let mut start = 0;
        let entries = values.into_iter().zip(live).zip(id_ends);
        for (slot, ((value, live), end)) in moved.iter_mut().zip(entries) {
            let id = ids.get(start..end).unwrap_or("");
            start = end;
            if live {
                *slot = kept.push(id, value);
            }
        }
        (kept, moved)
    }

    fn live_values(&self) -> impl Iterator<Item = &V> {
        self.values
            .iter()
            .zip(&self.live)
            .filter(|(_, live)| **live)
            .map(|(value, _)| value)
    }
}

/// The entries of one part counted in bulk, appended in the order they come with no check; its
/// repeated ids are found when it is sealed, and along the way whenever it has grown to twice what
/// it held (so a file that repeats a few ids millions of times keeps a few entries, not millions).
pub(super) struct Appending<V> {
    run: Run<V>,
    /// Each entry's (fingerprint, position), in the order they came.
    keys: Vec<(Fingerprint, usize)>,
    /// The ids that replaced an earlier entry, found so far.
    repeated: Repeats,
    /// The number of entries at which repeats are next looked for.
    next_compaction: usize,
}

/// Entries a part holds before its repeats are first looked for.
const FIRST_COMPACTION: usize = 1 << 20;

impl<V> Appending<V> {
    /// Room for about `capacity` entries, made at once.
    pub(super) fn with_capacity(capacity: usize) -> Appending<V> {
        Appending {
            run: Run::new(capacity, Keys::Sorted(Vec::new())),
            keys: Vec::with_capacity(capacity),
            repeated: Repeats::default(),
            next_compaction: FIRST_COMPACTION,
        }
    }

    pub(super) fn push(&mut self, id: &str, value: V) {
        let at = self.run.push(id, value);
        self.keys.push((Fingerprint::of(id), at));
        if self.keys.len() >= self.next_compaction {
            self.compact();
        }
    }

    /// Retires the entries a later one of the same id replaced, reporting the ids in the order
    /// the later records came, and leaves the keys of the live entries in full order.
    fn retire_repeats(&mut self) {
        let keys = &mut self.keys;
        // Sorted by the fingerprint's first word (one comparison, not three); the few neighbours
        // sharing it are then put in full order, so entries of one id end up side by side in the
        // order they came.
        keys.sort_unstable_by_key(|(key, _)| key.first_word());
        for same in keys.chunk_by_mut(|(a, _), (b, _)| a.first_word() == b.first_word()) {
            if same.len() > 1 {
                same.sort_unstable();
            }
        }
        let mut replacing = Vec::new();
        for pair in keys.windows(2) {
            if let [(key, earlier), (next, later)] = *pair {
                if key == next {
                    self.run.retire_at(earlier);
                    replacing.push(later);
                }
            }
        }
        replacing.sort_unstable();
        for at in replacing {
            self.repeated.push(self.run.id(at));
        }
        let run = &self.run;
        keys.retain(|&(_, at)| run.live.get(at) == Some(&true));
    }

    /// Drops the replaced entries from memory, keeping the live ones in the order they came.
    /// When few entries were repeats the next look is far off, so a file of distinct ids pays for
    /// one extra sort of its first million entries or so.
    fn compact(&mut self) {
        let before = self.keys.len();
        self.retire_repeats();
        let run = std::mem::replace(&mut self.run, Run::new(0, Keys::Sorted(Vec::new())));
        let (kept, moved) = run.into_live();
        self.run = kept;
        for (_, at) in &mut self.keys {
            *at = moved.get(*at).copied().unwrap_or(usize::MAX);
        }
        let live = self.keys.len();
        let few_repeats = (before - live) * 10 < before;
        self.next_compaction =
            FIRST_COMPACTION.max(live.saturating_mul(if few_repeats { 8 } else { 2 }));
    }

    /// The sealed run: of the entries sharing an id, the last one lives; the ids of the entries
    /// that replaced another are added to `repeated`, in the order they came.
    fn seal(mut self, repeated: &mut Repeats) -> Run<V> {
        self.retire_repeats();
        repeated.append(std::mem::take(&mut self.repeated));
        let mut run = self.run;
        run.keys = Keys::Sorted(self.keys);
        run
    }
}

/// Entries by record id as runs with disjoint live ids, in the order their records came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct IdRuns<V> {
    runs: Vec<Run<V>>,
}

impl<V> Default for IdRuns<V> {
    fn default() -> IdRuns<V> {
        IdRuns { runs: Vec::new() }
    }
}

impl<V> IdRuns<V> {
    /// Inserts or replaces the entry of `id`; true when it replaced one (a repeat).
    pub(super) fn insert(&mut self, id: &str, value: V) -> bool {
        let key = Fingerprint::of(id);
        if !matches!(
            self.runs.last(),
            Some(Run {
                keys: Keys::Hashed(_),
                ..
            })
        ) {
            self.runs
                .push(Run::new(0, Keys::Hashed(FastMap::default())));
        }
        let Some((last, earlier)) = self.runs.split_last_mut() else {
            return false;
        };
        let mut repeated = false;
        for run in earlier {
            repeated |= run.retire(key);
        }
        let Keys::Hashed(map) = &mut last.keys else {
            return repeated;
        };
        match map.entry(key) {
            Entry::Occupied(slot) => {
                if let Some(old) = last.values.get_mut(*slot.get()) {
                    *old = value;
                }
                true
            }
            Entry::Vacant(slot) => {
                slot.insert(last.values.len());
                last.push(id, value);
                repeated
            }
        }
    }

    pub(super) fn len(&self) -> usize {
        self.runs.iter().map(|run| run.live_count).sum()
    }

    pub(super) fn values(&self) -> impl Iterator<Item = &V> {
        self.runs.iter().flat_map(Run::live_values)
    }

    /// The live entries with their ids' fingerprints, run after run.
    pub(super) fn entries(&self) -> impl Iterator<Item = (Fingerprint, &V)> {
        self.runs.iter().flat_map(|run| {
            let keys: Box<dyn Iterator<Item = (Fingerprint, usize)>> = match &run.keys {
                Keys::Hashed(map) => Box::new(map.iter().map(|(k, at)| (*k, *at))),
                Keys::Sorted(sorted) => Box::new(sorted.iter().copied()),
            };
            keys.filter(|(_, at)| run.live.get(*at) == Some(&true))
                .filter_map(|(key, at)| Some((key, run.values.get(at)?)))
        })
    }

    /// How many disjoint groups the entries are in (one per part counted).
    pub(super) fn groups(&self) -> usize {
        self.runs.len()
    }

    /// The entries of one group, to go through the groups on several cores.
    pub(super) fn group(&self, group: usize) -> impl Iterator<Item = &V> {
        self.runs.get(group).into_iter().flat_map(Run::live_values)
    }

    /// Adds `later`'s runs, retiring in the earlier ones each entry they replace (its id reported
    /// in `repeated`).
    fn merge(&mut self, later: IdRuns<V>, repeated: &mut Repeats) {
        for mut run in later.runs {
            run.seal();
            for mine in &mut self.runs {
                mine.retire_replaced_by(&run, repeated);
            }
            self.runs.push(run);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Appending, Repeats, FIRST_COMPACTION, REPEATS_KEPT};

    // A part that repeats ten ids millions of times holds a few entries, not millions, and keeps
    // each id's last value; the repeats are counted and the first ones kept in the order they came.
    #[test]
    fn repeats_are_dropped_as_a_part_grows() {
        let mut part = Appending::with_capacity(0);
        let rows = 2 * FIRST_COMPACTION + 12_345;
        let mut most = 0;
        for i in 0..rows {
            part.push(&format!("HS-{}", i % 10), i);
            most = most.max(part.run.values.len());
        }
        assert!(most <= FIRST_COMPACTION, "{most} entries held at once");
        let mut repeated = Repeats::default();
        let run = part.seal(&mut repeated);
        let mut last: Vec<usize> = run.live_values().copied().collect();
        last.sort_unstable();
        assert_eq!(last, ((rows - 10)..rows).collect::<Vec<_>>());
        assert_eq!(repeated.total, (rows - 10) as u64);
        assert_eq!(repeated.first.len(), REPEATS_KEPT);
        let expected: Vec<String> = (10..10 + REPEATS_KEPT)
            .map(|i| format!("HS-{}", i % 10))
            .collect();
        assert_eq!(repeated.first, expected);
    }
}
