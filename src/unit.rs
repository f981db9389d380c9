//! The unit tree: ministries, provinces, their departments, districts and communes, with parents,
//! validation (duplicate codes, unknown parents, cycles) and peer sets for ranking.
//!
//! The tree is data: units come from the input (an interchange file, the portal's responses), never
//! from a table in the code, so the 2025 reorganisation (63 → 34 provinces, no district tier) needs no
//! change here.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, Mangled, Problem, Result};
use crate::fast_hash::FastMap;

/// The tier of an administrative unit (cấp).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// A ministry or ministry-level agency (Bộ, ngành).
    Ministry,
    /// A province or centrally run city (UBND tỉnh, thành phố).
    Province,
    /// A provincial department or board (Sở, ban, ngành).
    Department,
    /// A district (UBND huyện), a tier abolished on 1 July 2025.
    District,
    /// A commune or ward (UBND xã, phường).
    Commune,
}

impl Level {
    /// Every level, from the top of the tree down.
    pub const ALL: [Level; 5] = [
        Level::Ministry,
        Level::Province,
        Level::Department,
        Level::District,
        Level::Commune,
    ];

    /// The interchange name: `ministry`, `province`, `department`, `district` or `commune`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Ministry => "ministry",
            Level::Province => "province",
            Level::Department => "department",
            Level::District => "district",
            Level::Commune => "commune",
        }
    }

    /// The Vietnamese label used in reports.
    pub fn label_vi(self) -> &'static str {
        match self {
            Level::Ministry => "Bộ, ngành",
            Level::Province => "tỉnh, thành phố",
            Level::Department => "sở, ban, ngành",
            Level::District => "huyện",
            Level::Commune => "xã, phường",
        }
    }

    /// Whether units of this level head a tree of their own (a ministry or a province).
    fn is_top(self) -> bool {
        matches!(self, Level::Ministry | Level::Province)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Level {
    type Err = Problem;

    /// Reads a level's interchange name; the problem lists the names.
    fn from_str(s: &str) -> std::result::Result<Level, Problem> {
        Level::ALL
            .into_iter()
            .find(|level| level.as_str() == s)
            .ok_or_else(|| Problem::NotOneOf {
                value: s.to_owned(),
                accepted: Level::ALL.iter().map(|l| l.as_str().to_owned()).collect(),
            })
    }
}

/// An administrative unit (đơn vị): its code, name, tier and parent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    /// The unit's code, e.g. `H44`, `H44.07`, `000.00.36.H57`.
    pub code: String,
    /// The unit's name, e.g. `UBND tỉnh Phú Thọ`.
    pub name: String,
    /// The unit's tier.
    pub level: Level,
    /// The code of the unit it belongs to, if any.
    pub parent: Option<String>,
}

/// Units indexed by code, with parents validated: every parent exists and no chain of parents loops.
#[derive(Debug, Clone)]
pub struct UnitTree {
    units: Vec<Unit>,
    index: FastMap<String, usize>,
    parents: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    /// Per unit, the unit its descendants are ranked under: itself when it is a province or
    /// ministry or has no parent, else its parent's. Computed once, so a peer set costs no walk
    /// up the tree (a chain of 20,000 units would make ranking quadratic).
    anchors: Vec<usize>,
}

/// The units a unit is ranked against: same level, and under the same province or ministry (the
/// provinces among themselves, a province's departments, a province's communes).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct PeerSet {
    /// The level of the units in the set.
    pub level: Level,
    /// The province or ministry the units belong to; `None` for the top tier.
    pub under: Option<String>,
}

impl UnitTree {
    /// Builds and validates the tree.
    ///
    /// Errors: a duplicate code, a parent that does not exist, a cycle of parents.
    pub fn new(units: impl IntoIterator<Item = Unit>) -> Result<UnitTree> {
        let units: Vec<Unit> = units.into_iter().collect();
        let mut index = FastMap::with_capacity_and_hasher(units.len(), Default::default());
        for (i, unit) in units.iter().enumerate() {
            if index.insert(unit.code.clone(), i).is_some() {
                return Err(ErrorKind::DuplicateUnit {
                    unit: unit.code.clone(),
                }
                .into());
            }
        }
        let mut parents = Vec::with_capacity(units.len());
        let mut children = vec![Vec::new(); units.len()];
        for (i, unit) in units.iter().enumerate() {
            let parent = match &unit.parent {
                None => None,
                Some(code) => match index.get(code) {
                    Some(&p) => Some(p),
                    None => {
                        return Err(ErrorKind::UnknownParent {
                            unit: unit.code.clone(),
                            parent: code.clone(),
                            meant: Mangled::traced(code, index.keys().map(String::as_str)),
                        }
                        .into())
                    }
                },
            };
            if let Some(p) = parent {
                if let Some(siblings) = children.get_mut(p) {
                    siblings.push(i);
                }
            }
            parents.push(parent);
        }
        let mut tree = UnitTree {
            units,
            index,
            parents,
            children,
            anchors: Vec::new(),
        };
        tree.check_cycles()?;
        let mut anchors: Vec<usize> = (0..tree.units.len()).collect();
        for p in tree.top_down() {
            let own = tree.units.get(p).is_some_and(|u| u.level.is_top());
            if let (false, Some(parent)) = (own, tree.parent_position(p)) {
                if let Some(above) = anchors.get(parent).copied() {
                    if let Some(slot) = anchors.get_mut(p) {
                        *slot = above;
                    }
                }
            }
        }
        tree.anchors = anchors;
        Ok(tree)
    }

    /// Walks up from every unit, marking finished chains, so each unit is visited a bounded number
    /// of times and a loop is found the first time a chain meets itself.
    fn check_cycles(&self) -> Result<()> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            OnPath,
            Done,
        }
        let mut marks = vec![Mark::New; self.units.len()];
        for start in 0..self.units.len() {
            let mut path = Vec::new();
            let mut at = Some(start);
            while let Some(i) = at {
                match marks.get(i).copied() {
                    Some(Mark::New) => {
                        marks[i] = Mark::OnPath;
                        path.push(i);
                        at = self.parents.get(i).copied().flatten();
                    }
                    Some(Mark::OnPath) => {
                        let from = path.iter().position(|&p| p == i).unwrap_or(0);
                        let mut units: Vec<String> = path[from..]
                            .iter()
                            .map(|&p| self.units[p].code.clone())
                            .collect();
                        units.push(self.units[i].code.clone());
                        return Err(ErrorKind::ParentCycle { units }.into());
                    }
                    Some(Mark::Done) | None => break,
                }
            }
            for i in path {
                marks[i] = Mark::Done;
            }
        }
        Ok(())
    }

    /// The units, in input order.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// The unit with this code.
    pub fn get(&self, code: &str) -> Option<&Unit> {
        self.index.get(code).map(|&i| &self.units[i])
    }

    /// Position of a unit in [`UnitTree::units`].
    pub(crate) fn position(&self, code: &str) -> Option<usize> {
        self.index.get(code).copied()
    }

    /// The unit's ancestors, nearest first.
    pub fn ancestors<'a>(&'a self, code: &str) -> impl Iterator<Item = &'a Unit> + 'a {
        let mut at = self.position(code).and_then(|i| self.parents[i]);
        std::iter::from_fn(move || {
            let i = at?;
            at = self.parents[i];
            Some(&self.units[i])
        })
    }

    /// The unit's direct children, in input order.
    pub fn children<'a>(&'a self, code: &str) -> impl Iterator<Item = &'a Unit> + 'a {
        self.position(code)
            .map(|i| self.children[i].as_slice())
            .unwrap_or(&[])
            .iter()
            .map(|&c| &self.units[c])
    }

    /// Positions of the units such that every unit comes after all its descendants.
    pub(crate) fn bottom_up(&self) -> Vec<usize> {
        let mut order = self.top_down();
        order.reverse();
        order
    }

    /// Positions of the units such that every unit comes after its ancestors.
    pub(crate) fn top_down(&self) -> Vec<usize> {
        let mut order = Vec::with_capacity(self.units.len());
        let mut stack: Vec<usize> = (0..self.units.len())
            .filter(|&i| self.parents[i].is_none())
            .rev()
            .collect();
        while let Some(i) = stack.pop() {
            order.push(i);
            stack.extend(self.children[i].iter().rev());
        }
        order
    }

    /// Positions of a unit's direct children.
    pub(crate) fn child_positions(&self, position: usize) -> &[usize] {
        self.children
            .get(position)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Position of a unit's parent.
    pub(crate) fn parent_position(&self, position: usize) -> Option<usize> {
        self.parents.get(position).copied().flatten()
    }

    /// The set of units `code` is ranked against.
    pub fn peer_set(&self, code: &str) -> Option<PeerSet> {
        let position = self.position(code)?;
        let unit = self.units.get(position)?;
        // The nearest province or ministry above; without one, the tree's root.
        let under = match (unit.level.is_top(), self.parent_position(position)) {
            (false, Some(parent)) => self
                .anchors
                .get(parent)
                .and_then(|&a| self.units.get(a))
                .map(|u| u.code.clone()),
            _ => None,
        };
        Some(PeerSet {
            level: unit.level,
            under,
        })
    }
}
