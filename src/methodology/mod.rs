//! Methodology editions as data: groups, criteria, points, rules, thresholds, zero-denominator
//! policies, arithmetic and rounding, with their validation and the interpreter that turns a
//! numerator and denominator into points.
//!
//! A [`Methodology`] is loaded from JSON ([`Methodology::from_json`]) or taken from the editions built
//! into the crate ([`Methodology::builtin`]):
//!
//! - `dvcqg-2026` (the default): the national portal's six groups and 21 scored criteria, reproducing
//!   its published scores to the hundredth, payment arithmetic included (see [`Arithmetic`]);
//! - `qd766-groups`: the same six groups with no criteria, for published results that only give group
//!   points (a province's yearly table, the 2022 results).
//!
//! Every loaded methodology is validated, so a value of this type is always consistent: codes are
//! unique, criteria add up to their group's maximum and groups to the total, thresholds lie in (0, 1],
//! and each view partitions the groups.
//!
//! ```
//! use chiso766::Methodology;
//!
//! let m = Methodology::builtin("dvcqg-2026")?;
//! assert_eq!(m.groups().len(), 6);
//! let copy = Methodology::from_json(&m.to_json()?)?;
//! assert_eq!(copy, m);
//! # Ok::<(), chiso766::Error>(())
//! ```

mod integer;
mod interpret;
mod wide;

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Problem, Result};

pub(crate) use integer::{IntegerCriterion, PercentTable, Ticks};
pub use interpret::Evaluation;

/// Names of the editions built into the crate, the default first.
pub const BUILT_IN: &[&str] = &["dvcqg-2026", "qd766-groups"];

/// The name of the default edition, assumed by inputs that name none.
pub const DEFAULT: &str = "dvcqg-2026";

const DVCQG_2026: &str = include_str!("editions/dvcqg-2026.json");
const QD766_GROUPS: &str = include_str!("editions/qd766-groups.json");

/// The named variants of `dvcqg-2026` that the sensitivity of a ranking is tried against (SPEC
/// §9, the known conflicts of §2), as JSON editions: a 2025-style full payment score for units
/// without fee-bearing procedures; SO_HOA_GIAY_TO_GIAI_QUYET with an 80% goalpost; full points
/// for a criterion with nothing to count or not applicable (as for communes); with no petitions,
/// their 12 points split over PETITION_PROCESSING_ON_TIME (6, full) and
/// DOSSIER_RECEIVING_SATISFACTION (6 more, scored by its rate; see [`Transfer`]).
pub const VARIANTS: [(&str, &str); 4] = [
    (
        "dvcqg-2026-payment-full",
        include_str!("editions/variants/dvcqg-2026-payment-full.json"),
    ),
    (
        "dvcqg-2026-digitized-goalpost",
        include_str!("editions/variants/dvcqg-2026-digitized-goalpost.json"),
    ),
    (
        "dvcqg-2026-nothing-full",
        include_str!("editions/variants/dvcqg-2026-nothing-full.json"),
    ),
    (
        "dvcqg-2026-no-petitions-split",
        include_str!("editions/variants/dvcqg-2026-no-petitions-split.json"),
    ),
];

/// The factor a coupled criterion's rate is multiplied by, as `(num, den)` with `den > 0`: 1
/// without a factor, 0 when the factor has nothing to count (§4.4), at most 1 (a factor above
/// its denominator is its own criterion's error, or capped when lenient).
fn effective_factor(factor: Option<(u64, u64)>) -> (u64, u64) {
    match factor {
        None => (1, 1),
        Some((_, 0)) => (0, 1),
        Some((f_num, f_den)) => (f_num.min(f_den), f_den),
    }
}

/// The version of the definition format this crate reads and writes.
const FORMAT: u32 = 1;

/// A validated methodology edition: how counts become points.
///
/// Obtain one with [`Methodology::builtin`] or [`Methodology::from_json`]; either validates it, so a
/// `Methodology` is always internally consistent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Methodology {
    format: u32,
    name: String,
    title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    total_max: Decimal,
    rounding: Rounding,
    groups: Vec<Group>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    monitors: Vec<Monitor>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    views: Vec<View>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    transfers: Vec<Transfer>,
}

/// A move of points between two criteria of a group, for the units where some criteria have
/// nothing to count: one reading of the note that with no petitions (PAKN) their 12 points are
/// “split between two criteria” (SPEC §2). For such a unit criterion `from` is worth nothing
/// and its maximum is added to criterion `to`'s, which its own rule scores against the larger
/// maximum; the group's maximum does not change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// The criteria that must all have nothing to count (a zero denominator, or not applicable)
    /// for the move to apply; a missing count is not nothing, and leaves the maxima as they are.
    pub when_nothing_to_count: Vec<String>,
    /// The criterion whose maximum moves.
    pub from: String,
    /// The criterion that receives it.
    pub to: String,
}

/// A group of criteria (nhóm chỉ số) with its maximum points.
///
/// A group with no criteria is scored from group points given directly by the input (group-level
/// editions such as `qd766-groups`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// The portal's code: `CKMB`, `TDGQ`, `DVCTT`, `TTTT`, `MDHL`, `MDSH`.
    pub code: String,
    /// The Vietnamese name, as shown in reports.
    pub name: String,
    /// Maximum points of the group.
    pub max: Decimal,
    /// The criteria whose rounded points add up to the group's points.
    #[serde(default)]
    pub criteria: Vec<Criterion>,
}

/// A scored criterion (tiêu chí): a rate `numerator / denominator` turned into points by a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// The interchange key, e.g. `DOSSIER_ON_TIME`.
    pub code: String,
    /// The Vietnamese name, as shown in reports.
    pub name: String,
    /// Maximum points.
    pub max: Decimal,
    /// How the rate becomes points.
    pub rule: Rule,
    /// What a zero denominator scores.
    pub zero_denominator: ZeroDenominator,
    /// Which arithmetic computes the points.
    #[serde(default, skip_serializing_if = "Arithmetic::is_exact")]
    pub arithmetic: Arithmetic,
    /// How a unit without counts of its own gets them from its relatives in the unit tree.
    #[serde(default)]
    pub pooling: Pooling,
    /// Another criterion whose rate multiplies this one's: the portal multiplies the share of
    /// online dossiers by the sync rate (ONLINE_DOSSIERS × DOSSIER_SYNC, SPEC §4.2). When that
    /// criterion has no rate (nothing to count, or not applicable) it multiplies by 0, as the
    /// sync rule says (§4.4); when it is missing, so is this one's score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_times: Option<String>,
    /// What to count, in Vietnamese, for the people who give the counts records cannot (the
    /// numerator and the denominator): a counts template shows it beside the row to fill in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub how_to_count: Option<String>,
    /// Whether plans change the criterion only by putting existing cases right: its cases come
    /// to the unit (petitions are received, not made), so new cases are no lever.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub only_fix: bool,
    /// What one case of the criterion is (a dossier, a procedure, a petition…), so that plans
    /// and findings name what is to be put right; a case in general when not said.
    #[serde(default, skip_serializing_if = "Counted::is_case")]
    pub counted: Counted,
}

/// What one case of a criterion is: what its numerator and denominator count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counted {
    /// A case in general (trường hợp).
    #[default]
    Case,
    /// A dossier (hồ sơ).
    Dossier,
    /// An administrative procedure (thủ tục hành chính).
    Procedure,
    /// An online public service (dịch vụ công trực tuyến).
    Service,
    /// A petition (phản ánh, kiến nghị).
    Petition,
}

impl Counted {
    /// Whether it is a case in general, the default.
    pub fn is_case(&self) -> bool {
        *self == Counted::Case
    }
}

/// How a rate becomes points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Rule {
    /// `max × rate`.
    Linear,
    /// `min(max, max × rate / threshold)`: full points at or above the threshold.
    Goalpost {
        /// The rate that earns full points, in (0, 1].
        threshold: Decimal,
    },
}

/// What a criterion scores when its denominator is 0 (nothing to count).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ZeroDenominator {
    /// 0 points and no rate (the portal shows null; reports show “không có”, never 0%).
    Zero,
    /// Full points and no rate (the portal's rule for petitions when a unit has none).
    Full,
    /// Not scored: no points, and the criterion's maximum leaves the group's applicable maximum.
    NotApplicable,
    /// An error naming the unit and criterion.
    Error,
}

/// The arithmetic that turns a rate into points.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arithmetic {
    /// Exact decimal arithmetic on the unrounded rate, then the methodology's rounding.
    #[default]
    Exact,
    /// The portal's payment arithmetic: the rate is first rounded to a percentage with the
    /// methodology's places (half up), the points are then computed in IEEE double precision
    /// (`max × pct / 100`, or `min(max, max × pct / (threshold × 100))`), and the double's exact
    /// binary value is rounded half up (as Java's `new BigDecimal(double).setScale(2, HALF_UP)`), so
    /// `6 × 98.75 / 100` = 5.92499999… gives 5.92.
    PortalFloatPercentFirst,
}

impl Arithmetic {
    /// Whether points are computed exactly, in decimals.
    fn is_exact(&self) -> bool {
        *self == Arithmetic::Exact
    }
}

/// How a unit that carries no count for a criterion gets one from the unit tree (roll-up).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pooling {
    /// Dossier and petition counts: the pooled sum of the unit's children.
    #[default]
    Sum,
    /// Computed once per province or ministry and shown unchanged on every sub-unit: the nearest
    /// ancestor's count (publication criteria 1.1–1.3).
    Inherit,
    /// Distinct counts (procedures, services) that cannot be added up: no roll-up.
    None,
}

/// A monitoring metric: shown in results, never adds points (e.g. the average processing time, the
/// petition classification shares).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Monitor {
    /// The interchange key.
    pub code: String,
    /// The Vietnamese name.
    pub name: String,
    /// The group it is shown with, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// How its value is shown.
    pub display: MonitorDisplay,
    /// How a unit without counts of its own gets them (see [`Pooling`]).
    #[serde(default)]
    pub pooling: Pooling,
}

/// How a monitoring metric's `numerator / denominator` is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MonitorDisplay {
    /// As a percentage.
    Percent,
    /// As an average (e.g. days per dossier).
    Average,
}

/// Another grouping of the same groups, e.g. the decision's five groups in which online services
/// and online payment form “Cung cấp dịch vụ trực tuyến” (22 points).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct View {
    /// The view's code, e.g. `qd766`.
    pub code: String,
    /// The Vietnamese name.
    pub name: String,
    /// The view's groups, each the sum of some of the methodology's groups.
    pub groups: Vec<ViewGroup>,
}

/// One group of a [`View`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewGroup {
    /// The code, e.g. `CCDVTT`.
    pub code: String,
    /// The Vietnamese name.
    pub name: String,
    /// Codes of the methodology's groups it adds up.
    pub members: Vec<String>,
}

/// Where and how points and percentages are rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rounding {
    /// Decimal places kept (2 on the portal).
    pub places: u32,
    /// How a value is brought to that many places.
    pub strategy: RoundingStrategy,
}

/// A rounding strategy, named explicitly because `Decimal::round_dp` alone rounds half to even.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundingStrategy {
    /// 2.345 → 2.35 (the portal's).
    HalfAwayFromZero,
    /// 2.345 → 2.34, 2.355 → 2.36 (banker's rounding).
    HalfEven,
    /// 2.349 → 2.34.
    TowardZero,
}

impl Rounding {
    /// Rounds `value` to the configured places with the configured strategy; the result always
    /// carries exactly that many decimals (18 becomes 18.00), so it prints as the portal shows it.
    pub fn apply(&self, value: Decimal) -> Decimal {
        let strategy = match self.strategy {
            RoundingStrategy::HalfAwayFromZero => {
                rust_decimal::RoundingStrategy::MidpointAwayFromZero
            }
            RoundingStrategy::HalfEven => rust_decimal::RoundingStrategy::MidpointNearestEven,
            RoundingStrategy::TowardZero => rust_decimal::RoundingStrategy::ToZero,
        };
        let mut rounded = value.round_dp_with_strategy(self.places, strategy);
        rounded.rescale(self.places);
        rounded
    }
}

impl Methodology {
    /// A criterion's number in the methodology's order, as reports show it: `2.1` for the first
    /// criterion of the second group.
    ///
    /// ```
    /// let m = chiso766::Methodology::builtin("dvcqg-2026")?;
    /// assert_eq!(m.criterion_number("ONLINE_DOSSIERS").as_deref(), Some("3.3"));
    /// # Ok::<(), chiso766::Error>(())
    /// ```
    pub fn criterion_number(&self, code: &str) -> Option<String> {
        (1..).zip(self.groups()).find_map(|(number, group)| {
            let sub = group.criteria.iter().position(|c| c.code == code)?;
            Some(format!("{number}.{}", sub + 1))
        })
    }

    /// What is wrong with `points` given for `group` directly, if anything: negative, above the
    /// group's maximum, or with more decimals than the methodology rounds to.
    pub fn group_points_problem(&self, group: &Group, points: Decimal) -> Option<Problem> {
        let places = self.rounding().places;
        if points.is_sign_negative() && !points.is_zero() {
            Some(Problem::PointsNegative {
                value: points.to_string(),
            })
        } else if points > group.max {
            Some(Problem::PointsAboveMax {
                points,
                max: group.max,
            })
        } else if points.scale() > places && points.normalize().scale() > places {
            Some(Problem::PointsTooPrecise { points, places })
        } else {
            None
        }
    }

    /// The sensitivity variants of `dvcqg-2026` ([`VARIANTS`]), loaded and validated; the
    /// default edition itself is not among them (put it first when comparing ranks).
    ///
    /// ```
    /// let variants = chiso766::Methodology::variants()?;
    /// assert_eq!(variants.len(), 4);
    /// assert_eq!(variants[1].name(), "dvcqg-2026-digitized-goalpost");
    /// # Ok::<(), chiso766::Error>(())
    /// ```
    pub fn variants() -> Result<Vec<Methodology>> {
        VARIANTS
            .iter()
            .map(|(name, json)| {
                Methodology::from_json(json).map_err(|e| e.in_source(&format!("variant {name}")))
            })
            .collect()
    }

    /// A built-in edition by name (see [`BUILT_IN`]).
    pub fn builtin(name: &str) -> Result<Methodology> {
        let json = match name {
            "dvcqg-2026" => DVCQG_2026,
            "qd766-groups" => QD766_GROUPS,
            _ => {
                return Err(ErrorKind::UnknownMethodology {
                    name: name.to_owned(),
                    built_in: BUILT_IN.iter().map(|n| (*n).to_owned()).collect(),
                }
                .into())
            }
        };
        Methodology::from_json(json)
            .map_err(|e| e.at(&format!("built-in methodology {name}"), None))
    }

    /// Reads a methodology definition from JSON and validates it.
    pub fn from_json(json: &str) -> Result<Methodology> {
        let methodology: Methodology = crate::input::json::from_str(json)
            .map_err(|e| Error::syntax(format!("methodology JSON: {e}")))?;
        methodology.validate()?;
        Ok(methodology)
    }

    /// Writes the definition as pretty-printed JSON, which [`Methodology::from_json`] reads back.
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string_pretty(self)
            .map_err(|e| Error::syntax(format!("methodology {}: {e}", self.name)))
    }

    /// The edition's name, stamped into every result (e.g. `dvcqg-2026`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A one-line description in Vietnamese.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Where the edition's rules come from, if the definition says.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// The maximum total (100).
    pub fn total_max(&self) -> Decimal {
        self.total_max
    }

    /// How points and percentages are rounded.
    pub fn rounding(&self) -> &Rounding {
        &self.rounding
    }

    /// The groups, in the portal's order.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// The monitoring metrics (0 points).
    pub fn monitors(&self) -> &[Monitor] {
        &self.monitors
    }

    /// The alternative groupings.
    pub fn views(&self) -> &[View] {
        &self.views
    }

    /// Every criterion, with the group it belongs to, in order.
    pub fn criteria(&self) -> impl Iterator<Item = (&Group, &Criterion)> {
        self.groups
            .iter()
            .flat_map(|g| g.criteria.iter().map(move |c| (g, c)))
    }

    /// The conditional moves of points between criteria (none in `dvcqg-2026`).
    pub fn transfers(&self) -> &[Transfer] {
        &self.transfers
    }

    /// Each criterion's maximum for one unit, in the methodology's order: its own, unless a
    /// [`Transfer`] applies, as `nothing_to_count` says of each criterion code (`None` when
    /// its count is missing).
    pub fn maxima(&self, nothing_to_count: impl Fn(&str) -> Option<bool>) -> Vec<Decimal> {
        let mut maxima: Vec<Decimal> = self.criteria().map(|(_, c)| c.max).collect();
        let position = |code: &str| self.criteria().position(|(_, c)| c.code == code);
        for transfer in &self.transfers {
            let applies = (transfer.when_nothing_to_count.iter())
                .all(|code| nothing_to_count(code) == Some(true));
            if let (true, Some(from), Some(to)) =
                (applies, position(&transfer.from), position(&transfer.to))
            {
                // Validation guarantees both exist and are moved once: the sum cannot overflow
                // past the group's maximum.
                let moved = maxima.get(from).copied().unwrap_or_default();
                if let Some(slot) = maxima.get_mut(from) {
                    *slot = Decimal::ZERO;
                }
                if let Some(slot) = maxima.get_mut(to) {
                    *slot += moved;
                }
            }
        }
        maxima
    }

    /// The first name (of a group, criterion, metric, view or view group) holding a character
    /// that would act rather than show, with its place: names are printed in every report.
    fn hidden_name(&self) -> Option<(String, &str)> {
        let groups = (self.groups.iter()).map(|g| (format!("group {}", g.code), g.name.as_str()));
        // A criterion's way of counting is written into the counts template an office fills in.
        let criteria = (self.criteria()).flat_map(|(_, c)| {
            std::iter::once((format!("criterion {}", c.code), c.name.as_str())).chain(
                (c.how_to_count.as_deref())
                    .map(|how| (format!("criterion {} how_to_count", c.code), how)),
            )
        });
        let monitors =
            (self.monitors.iter()).map(|m| (format!("monitor {}", m.code), m.name.as_str()));
        let views = (self.views.iter()).flat_map(|v| {
            std::iter::once((format!("view {}", v.code), v.name.as_str())).chain(
                (v.groups.iter())
                    .map(move |g| (format!("view {} group {}", v.code, g.code), g.name.as_str())),
            )
        });
        let own = [("title".to_owned(), self.title.as_str())]
            .into_iter()
            .chain((self.source.as_deref()).map(|source| ("source".to_owned(), source)));
        (own.chain(groups)
            .chain(criteria)
            .chain(monitors)
            .chain(views))
        .find(|(_, name)| name.chars().any(crate::printable::is_hidden))
    }

    /// The criterion with this code.
    pub fn criterion(&self, code: &str) -> Option<&Criterion> {
        self.criteria().map(|(_, c)| c).find(|c| c.code == code)
    }

    /// The group with this code.
    pub fn group(&self, code: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.code == code)
    }

    /// The monitoring metric with this code.
    pub fn monitor(&self, code: &str) -> Option<&Monitor> {
        self.monitors.iter().find(|m| m.code == code)
    }

    /// Checks that the methodology is whole and consistent, or names the first place that is not
    /// (the checks run in the file's order so the error points at what a reader meets first).
    fn validate(&self) -> Result<()> {
        self.first_flaw().map_err(|Flaw { place, problem }| {
            ErrorKind::InvalidMethodology {
                methodology: self.name.clone(),
                place,
                problem,
            }
            .into()
        })
    }

    /// Runs every check in turn: the edition's own fields, groups and criteria, monitors,
    /// transfers, then views; the first flaw found stops the rest.
    fn first_flaw(&self) -> Checked {
        self.check_own_fields()?;
        // Groups, criteria and monitors share one space of codes; views have their own.
        let mut codes = BTreeSet::new();
        self.check_groups(&mut codes)?;
        self.check_monitors(&mut codes)?;
        self.check_transfers()?;
        self.check_views()
    }

    /// Checks the format, the name, every name's characters and the rounding places.
    fn check_own_fields(&self) -> Checked {
        if self.format != FORMAT {
            return Flaw::at(
                "format",
                format!(
                    "format {} is not supported (this crate reads {FORMAT})",
                    self.format
                ),
            );
        }
        if !is_code(&self.name) {
            return Flaw::at("name", format!("'{}' is not a usable name", self.name));
        }
        if let Some((place, name)) = self.hidden_name() {
            return Flaw::at(
                place,
                format!(
                    "the name '{}' holds a character that acts rather than shows (a line break, \
                     a control, a direction or a zero-width character)",
                    crate::printable::printable(name)
                ),
            );
        }
        if self.rounding.places > 10 {
            return Flaw::at(
                "rounding",
                format!("{} places is more than 10", self.rounding.places),
            );
        }
        Ok(())
    }

    /// Checks each group and its criteria, and that the groups add up to the total maximum.
    fn check_groups<'a>(&'a self, codes: &mut BTreeSet<&'a str>) -> Checked {
        if self.groups.is_empty() {
            return Flaw::at("groups", "there are no groups");
        }
        let mut group_sum = Decimal::ZERO;
        for group in &self.groups {
            let place = format!("group {}", group.code);
            claim(codes, &group.code).or_else(|problem| Flaw::at(&place, problem))?;
            if group.max <= Decimal::ZERO {
                return Flaw::at(place, format!("maximum {} is not positive", group.max));
            }
            group_sum = match group_sum.checked_add(group.max) {
                Some(sum) => sum,
                None => return Flaw::at(place, "the maxima are too large to add up"),
            };
            self.check_criteria(group, &place, codes)?;
        }
        if group_sum != self.total_max {
            return Flaw::at(
                "groups",
                format!(
                    "the groups add up to {group_sum}, not to the total maximum {}",
                    self.total_max
                ),
            );
        }
        Ok(())
    }

    /// Checks each criterion of a group, and that they add up to the group's maximum (a group
    /// with no criteria is scored by its points alone).
    fn check_criteria<'a>(
        &self,
        group: &'a Group,
        group_place: &str,
        codes: &mut BTreeSet<&'a str>,
    ) -> Checked {
        let mut criteria_sum = Decimal::ZERO;
        for criterion in &group.criteria {
            let place = format!("criterion {}", criterion.code);
            claim(codes, &criterion.code).or_else(|problem| Flaw::at(&place, problem))?;
            if criterion.max < Decimal::ZERO {
                return Flaw::at(place, format!("maximum {} is negative", criterion.max));
            }
            self.check_factor(criterion, &place)?;
            if let Rule::Goalpost { threshold } = criterion.rule {
                if threshold <= Decimal::ZERO || threshold > Decimal::ONE {
                    return Flaw::at(place, format!("threshold {threshold} is not in (0, 1]"));
                }
            }
            criteria_sum = match criteria_sum.checked_add(criterion.max) {
                Some(sum) => sum,
                None => return Flaw::at(place, "the maxima are too large to add up"),
            };
        }
        if !group.criteria.is_empty() && criteria_sum != group.max {
            return Flaw::at(
                group_place,
                format!(
                    "its criteria add up to {criteria_sum}, not to the group's maximum {}",
                    group.max
                ),
            );
        }
        Ok(())
    }

    /// Checks that a criterion's `rate_times` factor, if any, is a criterion not multiplied
    /// itself: one level of multiplication keeps the scoring order simple.
    fn check_factor(&self, criterion: &Criterion, place: &str) -> Checked {
        let Some(factor) = &criterion.rate_times else {
            return Ok(());
        };
        match self.criterion(factor) {
            None => Flaw::at(place, format!("rate_times: {factor} is not a criterion")),
            Some(f) if f.rate_times.is_some() || f.code == criterion.code => Flaw::at(
                place,
                format!("rate_times: {factor} is itself multiplied (no chains)"),
            ),
            Some(_) => Ok(()),
        }
    }

    /// Checks each monitoring metric's code and the group it names.
    fn check_monitors<'a>(&'a self, codes: &mut BTreeSet<&'a str>) -> Checked {
        for monitor in &self.monitors {
            let place = format!("monitor {}", monitor.code);
            claim(codes, &monitor.code).or_else(|problem| Flaw::at(&place, problem))?;
            if let Some(group) = &monitor.group {
                if self.group(group).is_none() {
                    return Flaw::at(place, format!("group {group} does not exist"));
                }
            }
        }
        Ok(())
    }

    /// Checks that each transfer moves points between two criteria of one group, that no
    /// criterion is moved twice, and that its condition names criteria.
    fn check_transfers(&self) -> Checked {
        let mut moved = BTreeSet::new();
        let group_of = |code: &str| {
            (self.groups.iter()).position(|g| g.criteria.iter().any(|c| c.code == code))
        };
        for transfer in &self.transfers {
            let place = format!("transfer {} → {}", transfer.from, transfer.to);
            match (group_of(&transfer.from), group_of(&transfer.to)) {
                (Some(a), Some(b)) if a == b && transfer.from != transfer.to => {}
                _ => return Flaw::at(place, "from and to must be two criteria of the same group"),
            }
            for code in [&transfer.from, &transfer.to] {
                if !moved.insert(code.as_str()) {
                    return Flaw::at(place, format!("{code} is moved by another transfer too"));
                }
            }
            if transfer.when_nothing_to_count.is_empty() {
                return Flaw::at(place, "when_nothing_to_count is empty");
            }
            if let Some(code) =
                (transfer.when_nothing_to_count.iter()).find(|code| self.criterion(code).is_none())
            {
                return Flaw::at(
                    place,
                    format!("when_nothing_to_count: {code} is not a criterion"),
                );
            }
        }
        Ok(())
    }

    /// Checks that view codes are unique and that each view partitions the groups.
    fn check_views(&self) -> Checked {
        let mut view_codes = BTreeSet::new();
        for view in &self.views {
            let place = format!("view {}", view.code);
            claim(&mut view_codes, &view.code).or_else(|problem| Flaw::at(&place, problem))?;
            let mut covered = BTreeSet::new();
            for view_group in &view.groups {
                if view_group.members.is_empty() {
                    return Flaw::at(place, format!("group {} has no members", view_group.code));
                }
                for member in &view_group.members {
                    if self.group(member).is_none() {
                        return Flaw::at(place, format!("member {member} is not a group"));
                    }
                    if !covered.insert(member.as_str()) {
                        return Flaw::at(place, format!("group {member} appears twice"));
                    }
                }
            }
            if covered.len() != self.groups.len() {
                return Flaw::at(place, "it does not cover every group");
            }
        }
        Ok(())
    }
}

/// Where a methodology is inconsistent and how, before it becomes an [`Error`] naming the
/// methodology.
struct Flaw {
    /// The part of the methodology at fault, such as `criterion X`.
    place: String,
    /// What is wrong there, in a sentence.
    problem: String,
}

impl Flaw {
    /// The check failing at `place` with `problem`.
    fn at(place: impl Into<String>, problem: impl Into<String>) -> Checked {
        Err(Flaw {
            place: place.into(),
            problem: problem.into(),
        })
    }
}

/// The outcome of one validation step: nothing, or the first flaw it found.
type Checked = std::result::Result<(), Flaw>;

/// Whether a name can serve as a code: not empty and without spaces.
fn is_code(code: &str) -> bool {
    !code.is_empty() && !code.chars().any(char::is_whitespace)
}

/// Records a code as used, or says why it cannot be.
fn claim<'a>(codes: &mut BTreeSet<&'a str>, code: &'a str) -> std::result::Result<(), String> {
    if !is_code(code) {
        Err("the code is empty or contains spaces".to_owned())
    } else if !codes.insert(code) {
        Err("the code is used twice".to_owned())
    } else {
        Ok(())
    }
}
