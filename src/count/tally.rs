//! The tally: one entry per dossier or petition id, so that a repeated id counts once (its later
//! record winning) and is reported, and tallies of disjoint records merge.

use std::collections::hash_map::Entry;

use super::records::MAX_PERIODS;
use crate::fast_hash::{FastMap, Fingerprint};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct DossierEntry {
    pub(super) unit: u32,
    pub(super) procedure: u32,
    pub(super) facts: [u16; MAX_PERIODS],
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
    pub(super) dossiers: IdMaps<DossierEntry>,
    pub(super) petitions: IdMaps<PetitionEntry>,
    pub(super) repeated: Vec<String>,
}

impl Tally {
    /// An empty tally with room for about `dossiers` dossiers (e.g. a file's size over 150 bytes),
    /// which spares the map's growth.
    pub fn with_capacity(dossiers: usize) -> Tally {
        Tally {
            dossiers: IdMaps {
                maps: vec![IdMap::with_capacity(dossiers)],
            },
            ..Tally::default()
        }
    }

    /// Adds the records of `later`, a tally of records that come after this one's: an id in both
    /// keeps `later`'s entry and is reported as repeated.
    pub fn merge(&mut self, later: Tally) {
        self.dossiers.merge(later.dossiers, &mut self.repeated);
        self.petitions.merge(later.petitions, &mut self.repeated);
        self.repeated.extend(later.repeated);
    }

    /// Ids seen more than once (the later record won).
    pub fn repeated(&self) -> &[String] {
        &self.repeated
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

/// Where an id is in an [`IdMap`]'s text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct IdSpan {
    at: usize,
    len: usize,
}

/// Entries by record id: the map is keyed by the id's fingerprint and the ids are kept one after
/// another in a single string (to name repeats), so counting a record allocates nothing of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
struct IdMap<V> {
    entries: FastMap<Fingerprint, (IdSpan, V)>,
    ids: String,
}

impl<V> Default for IdMap<V> {
    fn default() -> IdMap<V> {
        IdMap::with_capacity(0)
    }
}

impl<V> IdMap<V> {
    fn with_capacity(n: usize) -> IdMap<V> {
        IdMap {
            entries: FastMap::with_capacity_and_hasher(n, Default::default()),
            ids: String::with_capacity(n.saturating_mul(16)),
        }
    }

    /// Inserts or replaces the entry of `id` (whose fingerprint is `key`); true when it replaced
    /// one (a repeat).
    fn insert(&mut self, key: Fingerprint, id: &str, value: V) -> bool {
        match self.entries.entry(key) {
            Entry::Occupied(mut slot) => {
                slot.get_mut().1 = value;
                true
            }
            Entry::Vacant(slot) => {
                let span = IdSpan {
                    at: self.ids.len(),
                    len: id.len(),
                };
                self.ids.push_str(id);
                slot.insert((span, value));
                false
            }
        }
    }

    fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.values().map(|(_, value)| value)
    }

    fn id(&self, span: IdSpan) -> &str {
        self.ids.get(span.at..span.at + span.len).unwrap_or("")
    }
}

/// Entries by record id as disjoint maps, one per merged tally: merging looks the later ids up in
/// the earlier maps and removes those it overrides, instead of moving every entry into one map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct IdMaps<V> {
    maps: Vec<IdMap<V>>,
}

impl<V> Default for IdMaps<V> {
    fn default() -> IdMaps<V> {
        IdMaps { maps: Vec::new() }
    }
}

impl<V> IdMaps<V> {
    /// Inserts or replaces the entry of `id`; true when it replaced one (a repeat).
    pub(super) fn insert(&mut self, id: &str, value: V) -> bool {
        let key = Fingerprint::of(id);
        if self.maps.is_empty() {
            self.maps.push(IdMap::default());
        }
        let (last, earlier) = match self.maps.split_last_mut() {
            Some(split) => split,
            None => return false,
        };
        let mut repeated = false;
        for map in earlier {
            repeated |= map.entries.remove(&key).is_some();
        }
        last.insert(key, id, value) || repeated
    }

    fn len(&self) -> usize {
        self.maps.iter().map(|m| m.entries.len()).sum()
    }

    pub(super) fn values(&self) -> impl Iterator<Item = &V> {
        self.maps.iter().flat_map(IdMap::values)
    }

    /// How many disjoint groups the entries are in (one per tally merged in).
    pub(super) fn groups(&self) -> usize {
        self.maps.len()
    }

    /// The entries of one group, to go through the groups on several cores.
    pub(super) fn group(&self, group: usize) -> impl Iterator<Item = &V> {
        self.maps.get(group).into_iter().flat_map(IdMap::values)
    }

    /// Adds `later`'s maps, removing from the earlier ones each id they override (reported in
    /// `repeated`).
    fn merge(&mut self, later: IdMaps<V>, repeated: &mut Vec<String>) {
        for map in later.maps {
            for (key, (span, _)) in &map.entries {
                for mine in &mut self.maps {
                    if mine.entries.remove(key).is_some() {
                        repeated.push(map.id(*span).to_owned());
                    }
                }
            }
            self.maps.push(map);
        }
    }
}
