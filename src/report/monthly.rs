//! The monthly one-stop report (SPEC §8) as a value: every unit's, tier's and the province's
//! counts and rates for the period, the change of each rate since the previous period, and what
//! the report names (units holding late dossiers, units at 100%, leaders, the largest, units with
//! few or no dossiers, the fields with the most late dossiers). Built once; every rendering reads
//! it.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::Serialize;

use super::index::IndexReport;
use crate::counts::{Counts, CriterionCount};
use crate::error::{ErrorKind, Result};
use crate::period::Period;
use crate::stats::{OnTimeDefinition, ProcessingCounts, Rates, Statistics, Tier};
use crate::unit::Unit;

/// How the monthly report is built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthlyOptions {
    /// The on-time rate's definition.
    pub on_time: OnTimeDefinition,
    /// Units that received fewer new dossiers than this (but some) are named (seed `004_…`:
    /// “tiếp nhận dưới 50 hồ sơ”).
    pub min_volume: u64,
    /// The unit the report is about (a province: its subtree); `None` for every unit counted.
    pub scope: Option<String>,
    /// The period is not closed yet: the figures are provisional (tạm tính).
    pub provisional: bool,
}

impl Default for MonthlyOptions {
    fn default() -> MonthlyOptions {
        MonthlyOptions {
            on_time: OnTimeDefinition::default(),
            min_volume: 50,
            scope: None,
            provisional: false,
        }
    }
}

/// A unit, by code and name, as the report names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Named {
    /// The unit's code.
    pub code: String,
    /// The unit's name.
    pub name: String,
}

impl Named {
    fn of(unit: &Unit) -> Named {
        Named {
            code: unit.code.clone(),
            name: unit.name.clone(),
        }
    }
}

/// Counts and rates of one unit, tier or province, with the change of each rate since the
/// previous period in percentage points (`None` when either period has no rate).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figures {
    /// The counts.
    pub stats: ProcessingCounts,
    /// The rates.
    pub rates: Rates,
    /// The rates of the previous period, when it was counted.
    pub previous: Option<Rates>,
    /// Each rate minus the previous period's, in percentage points.
    pub changes: Option<Rates>,
}

/// One unit's line of the appendix (phụ lục).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitFigures {
    /// The unit's code.
    pub code: String,
    /// The unit's name.
    pub name: String,
    /// Its level: `province`, `department`, `district`, `commune`, `ministry`.
    pub level: &'static str,
    /// The tier it reports in.
    pub tier: Tier,
    /// Its own dossiers' figures.
    #[serde(flatten)]
    pub figures: Figures,
}

/// One tier's figures (cấp tỉnh, cấp huyện, cấp xã).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierFigures {
    /// The tier.
    pub tier: Tier,
    /// Its label: “Cấp tỉnh”…
    pub label: &'static str,
    /// How many units report in it.
    pub units: usize,
    /// The figures of its units together.
    #[serde(flatten)]
    pub figures: Figures,
}

/// The scope's figures: the province (its units and itself), or every unit counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScopeFigures {
    /// The unit, or `None` for every unit counted.
    #[serde(flatten)]
    pub unit: Option<Named>,
    /// The figures.
    #[serde(flatten)]
    pub figures: Figures,
}

/// A unit holding late dossiers (settled late, or in process past due).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LateHolder {
    /// The unit.
    #[serde(flatten)]
    pub unit: Named,
    /// Settled late in the period.
    pub late: u64,
    /// In process past due at the period's end.
    pub past_due: u64,
}

/// A unit and a rate, or a unit and a count, that the report singles out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Standout {
    /// The unit.
    #[serde(flatten)]
    pub unit: Named,
    /// Its on-time rate (for a leader).
    pub rate: Option<Decimal>,
    /// Its new dossiers (for the largest), or its late ones (for a leader).
    pub count: u64,
}

/// The leader (highest on-time rate among units with at least the minimum volume) and the
/// largest unit (most new dossiers) of a tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierLeaders {
    /// The tier.
    pub tier: Tier,
    /// The leader: `rate` is its on-time rate, `count` its late and past-due dossiers.
    pub leader: Option<Standout>,
    /// The largest: `count` is its new dossiers.
    pub largest: Option<Standout>,
}

/// What the report names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Highlights {
    /// Units holding late or past-due dossiers, most first.
    pub late_holders: Vec<LateHolder>,
    /// Units whose on-time rate is 100% (with something to measure).
    pub all_on_time: Vec<Named>,
    /// Units whose new dossiers' inputs and settled dossiers' results are all digitized.
    pub all_digitized: Vec<Named>,
    /// Per tier: the leader and the largest unit.
    pub leaders: Vec<TierLeaders>,
    /// Units that received some new dossiers, fewer than the minimum volume.
    pub low_volume: Vec<Standout>,
    /// Units without children that received no new dossier.
    pub no_dossiers: Vec<Named>,
    /// Late dossiers by field (lĩnh vực), most first (empty without a `field` column).
    pub late_fields: Vec<FieldCount>,
    /// The minimum volume used.
    pub min_volume: u64,
}

/// A field (lĩnh vực) and its late dossiers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldCount {
    /// The field, as the catalogue names it.
    pub field: String,
    /// Its late and past-due dossiers.
    pub late: u64,
}

/// The monthly one-stop report: the value every rendering reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthlyReport {
    /// The period reported.
    pub period: Period,
    /// The period compared with, when counted.
    pub previous: Option<Period>,
    /// The period is not closed: figures are provisional (tạm tính).
    pub provisional: bool,
    /// The on-time rate's definition.
    pub on_time_definition: OnTimeDefinition,
    /// Every unit of the scope, in the tree's order.
    pub units: Vec<UnitFigures>,
    /// Each tier of the scope.
    pub levels: Vec<TierFigures>,
    /// The scope as a whole.
    pub province: ScopeFigures,
    /// What the report names.
    pub highlights: Highlights,
    /// The index report of the same period, when scores were given.
    pub index: Option<IndexReport>,
}

/// Online services used and offered by unit code, from the index's ONLINE_SERVICES_WITH_DOSSIERS
/// count, looked up once per report rather than once per unit.
fn services(counts: Option<&Counts>) -> HashMap<&str, (u64, u64)> {
    (counts.into_iter().flat_map(|c| &c.units))
        .filter_map(|u| match u.criteria.get("ONLINE_SERVICES_WITH_DOSSIERS")? {
            CriterionCount::Counted { num, den } => Some((u.unit.code.as_str(), (*num, *den))),
            CriterionCount::NotApplicable => None,
        })
        .collect()
}

/// The figures of `counts` (and of `before`, the previous period's).
fn figures(
    counts: ProcessingCounts,
    before: Option<ProcessingCounts>,
    definition: OnTimeDefinition,
    services_now: Option<(u64, u64)>,
    services_before: Option<(u64, u64)>,
) -> Figures {
    let rates = Rates::of(&counts, definition, services_now);
    let previous = before.map(|b| Rates::of(&b, definition, services_before));
    Figures {
        stats: counts,
        rates,
        changes: previous.map(|p| rates.change_since(&p)),
        previous,
    }
}

/// The period's index in the statistics.
fn period_index(stats: &Statistics, period: &Period) -> Result<usize> {
    stats
        .periods()
        .iter()
        .position(|p| p == period)
        .ok_or_else(|| {
            crate::Error::syntax(format!(
                "period {period} was not counted (counted: {})",
                stats
                    .periods()
                    .iter()
                    .map(Period::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
}

impl MonthlyReport {
    /// Builds the report of `period` from `stats`, compared with `previous` when given (both must
    /// have been counted). `counts` are the index counts of the two periods (current, previous)
    /// when known: they give the share of online services used.
    ///
    /// Errors: a period not counted; an unknown scope unit; an overflowing sum.
    pub fn build(
        stats: &Statistics,
        period: &Period,
        previous: Option<&Period>,
        counts: (Option<&Counts>, Option<&Counts>),
        options: &MonthlyOptions,
    ) -> Result<MonthlyReport> {
        let now = period_index(stats, period)?;
        let before = previous.map(|p| period_index(stats, p)).transpose()?;
        let scope = options.scope.as_deref();
        let definition = options.on_time;
        let (services_now, services_before) = (services(counts.0), services(counts.1));
        let figures_of =
            |current: ProcessingCounts, earlier: Option<ProcessingCounts>, code: Option<&str>| {
                figures(
                    current,
                    earlier,
                    definition,
                    code.and_then(|code| services_now.get(code).copied()),
                    code.and_then(|code| services_before.get(code).copied()),
                )
            };
        let current_units = stats.units(now, scope)?;
        let earlier_units = before.map(|b| stats.units(b, scope)).transpose()?;
        let units: Vec<UnitFigures> = (current_units.iter().enumerate())
            .map(|(i, (unit, current))| UnitFigures {
                code: unit.code.clone(),
                name: unit.name.clone(),
                level: unit.level.as_str(),
                tier: Tier::of(unit.level),
                figures: figures_of(
                    *current,
                    earlier_units
                        .as_ref()
                        .and_then(|e| e.get(i))
                        .map(|(_, c)| *c),
                    // The index's count of a unit with units below it is pooled: not its own.
                    stats
                        .tree()
                        .children(&unit.code)
                        .next()
                        .is_none()
                        .then_some(unit.code.as_str()),
                ),
            })
            .collect();
        let tiers_now = stats.by_tier(now, scope)?;
        let tiers_before = before.map(|b| stats.by_tier(b, scope)).transpose()?;
        let levels = tiers_now
            .iter()
            .map(|(tier, current)| TierFigures {
                tier: *tier,
                label: tier.label_vi(),
                units: units.iter().filter(|u| u.tier == *tier).count(),
                figures: figures_of(
                    *current,
                    tiers_before
                        .as_ref()
                        .and_then(|t| t.iter().find(|(k, _)| k == tier))
                        .map(|(_, c)| *c),
                    None,
                ),
            })
            .collect();
        let whole = |p: usize| match scope {
            Some(code) => stats.pooled(p, code),
            None => {
                let mut sum = ProcessingCounts::default();
                for (_, counts) in stats.by_tier(p, None)? {
                    sum.add(&counts)?;
                }
                Ok(sum)
            }
        };
        let scope_unit = scope
            .map(|code| {
                stats.tree().get(code).map(Named::of).ok_or_else(|| {
                    crate::Error::from(ErrorKind::UnknownUnit {
                        unit: code.to_owned(),
                    })
                })
            })
            .transpose()?;
        let province = ScopeFigures {
            figures: figures_of(whole(now)?, before.map(whole).transpose()?, scope),
            unit: scope_unit,
        };
        let late_fields = stats
            .late_by_field(now, scope)?
            .into_iter()
            .map(|(field, late)| FieldCount { field, late })
            .collect();
        let highlights = highlights(stats, &units, options, late_fields);
        Ok(MonthlyReport {
            period: *period,
            previous: previous.copied(),
            provisional: options.provisional,
            on_time_definition: definition,
            units,
            levels,
            province,
            highlights,
            index: None,
        })
    }

    /// The report with the index report of the same period.
    pub fn with_index(mut self, index: IndexReport) -> MonthlyReport {
        self.index = Some(index);
        self
    }

    /// The report's title, as the seeds head theirs.
    pub fn title(&self) -> String {
        let whose = match &self.province.unit {
            Some(unit) => format!(" của {}", unit.name),
            None => String::new(),
        };
        format!(
            "Báo cáo tình hình tiếp nhận, giải quyết hồ sơ thủ tục hành chính{whose} {}{}",
            self.period.label_vi(),
            if self.provisional {
                " (tạm tính)"
            } else {
                ""
            }
        )
    }
}

fn highlights(
    stats: &Statistics,
    units: &[UnitFigures],
    options: &MonthlyOptions,
    late_fields: Vec<FieldCount>,
) -> Highlights {
    let named = |u: &UnitFigures| Named {
        code: u.code.clone(),
        name: u.name.clone(),
    };
    let mut late_holders: Vec<LateHolder> = units
        .iter()
        .filter(|u| u.figures.stats.late_or_past_due() > 0)
        .map(|u| LateHolder {
            unit: named(u),
            late: u.figures.stats.late,
            past_due: u.figures.stats.past_due,
        })
        .collect();
    late_holders.sort_by(|a, b| {
        (b.late + b.past_due)
            .cmp(&(a.late + a.past_due))
            .then_with(|| a.unit.code.cmp(&b.unit.code))
    });
    let hundred = Some(Decimal::ONE_HUNDRED);
    let all_on_time = units
        .iter()
        .filter(|u| u.figures.rates.on_time == hundred)
        .map(named)
        .collect();
    let all_digitized = units
        .iter()
        .filter(|u| {
            u.figures.rates.digitized_inputs == hundred
                && u.figures.rates.digitized_results == hundred
        })
        .map(named)
        .collect();
    let mut tiers: Vec<Tier> = units.iter().map(|u| u.tier).collect();
    tiers.sort();
    tiers.dedup();
    let leaders = tiers
        .into_iter()
        .map(|tier| {
            let of_tier = || units.iter().filter(move |u| u.tier == tier);
            let leader = of_tier()
                .filter(|u| u.figures.stats.to_settle >= options.min_volume.max(1))
                .filter(|u| u.figures.rates.on_time.is_some())
                .max_by(|a, b| {
                    (a.figures.rates.on_time, a.figures.stats.to_settle)
                        .cmp(&(b.figures.rates.on_time, b.figures.stats.to_settle))
                        .then_with(|| b.code.cmp(&a.code))
                })
                .map(|u| Standout {
                    unit: named(u),
                    rate: u.figures.rates.on_time,
                    count: u.figures.stats.late_or_past_due(),
                });
            let largest = of_tier()
                .filter(|u| u.figures.stats.new > 0)
                .max_by(|a, b| {
                    a.figures
                        .stats
                        .new
                        .cmp(&b.figures.stats.new)
                        .then_with(|| b.code.cmp(&a.code))
                })
                .map(|u| Standout {
                    unit: named(u),
                    rate: None,
                    count: u.figures.stats.new,
                });
            TierLeaders {
                tier,
                leader,
                largest,
            }
        })
        .collect();
    let handles_dossiers = |u: &&UnitFigures| stats.tree().children(&u.code).next().is_none();
    let low_volume = units
        .iter()
        .filter(handles_dossiers)
        .filter(|u| u.figures.stats.new > 0 && u.figures.stats.new < options.min_volume)
        .map(|u| Standout {
            unit: named(u),
            rate: None,
            count: u.figures.stats.new,
        })
        .collect();
    let no_dossiers = units
        .iter()
        .filter(handles_dossiers)
        .filter(|u| u.figures.stats.new == 0)
        .map(named)
        .collect();
    Highlights {
        late_holders,
        all_on_time,
        all_digitized,
        leaders,
        low_volume,
        no_dossiers,
        late_fields,
        min_volume: options.min_volume,
    }
}
