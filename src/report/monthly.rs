//! The monthly one-stop report (SPEC §8) as a value: every unit's, tier's and the province's
//! counts and rates for the period (and for the year to date), the change of each rate since the
//! previous period, and what the report names (units holding late dossiers or many returned and
//! waiting ones, units at 100%, leaders, the largest, units with few or no dossiers, the fields
//! with the most late dossiers, the rates that fell). Built once; every rendering reads it.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::Serialize;

use super::document::Document;
use super::index::IndexReport;
use crate::error::{Error, ErrorKind, Result};
use crate::interchange::{Counts, CriterionCount};
use crate::period::Period;
use crate::stats::{OnTimeDefinition, ProcessingCounts, Rates, Statistics, Tier};
use crate::unit::{Level, Unit};

/// How the monthly report is built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthlyOptions {
    /// The on-time rate's definition.
    pub on_time: OnTimeDefinition,
    /// Units that received fewer new dossiers than this (but some) are named (seed `004_…`:
    /// “tiếp nhận dưới 50 hồ sơ”); a leader must have at least this many dossiers to settle.
    pub min_volume: u64,
    /// The unit the report is about (a province: its subtree); `None` for every unit counted.
    pub scope: Option<String>,
    /// The period is not closed yet: the figures are provisional (tạm tính).
    pub provisional: bool,
    /// The year to date, given beside the period (seed `000_…`: “từ ngày 01/01/2022 đến ngày
    /// 24/5/2022”): a period the caller counted in the [`Statistics`], usually from 1 January to
    /// the period's last day; `None` for none.
    pub year_to_date: Option<Period>,
}

impl Default for MonthlyOptions {
    fn default() -> MonthlyOptions {
        MonthlyOptions {
            on_time: OnTimeDefinition::default(),
            min_volume: 50,
            scope: None,
            provisional: false,
            year_to_date: None,
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

impl Figures {
    /// Whether the share of online dossiers under partly or fully online procedures says no more
    /// than the online share: the same rate, and the same change. An online dossier is filed under
    /// a procedure offered online, so the two differ only where the catalogue does; a report
    /// gives the second only when it differs.
    pub fn partial_or_full_is_online(&self) -> bool {
        let same = |r: &Rates| r.partial_or_full_online == r.online;
        same(&self.rates) && self.changes.as_ref().map_or(true, same)
    }
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
    /// How many units report in it (the report's units: a unit with units below it and no
    /// dossiers of its own is not one).
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
    /// The unit's level (a province's report says “Toàn tỉnh”), or `None` for every unit
    /// counted.
    pub level: Option<Level>,
    /// The figures.
    #[serde(flatten)]
    pub figures: Figures,
}

/// The results of the year to date, given beside the period's (seed `000_…`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearToDate {
    /// The period counted, as the caller gave it (usually 1 January to the period's last day).
    pub period: Period,
    /// The scope's figures over it (no changes: it has no previous period).
    pub figures: Figures,
    /// Each tier's figures over it, in the order of [`MonthlyReport::levels`].
    pub levels: Vec<TierFigures>,
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

impl LateHolder {
    /// Its late and past-due dossiers together: what it is ranked by and named with.
    pub fn total(&self) -> u64 {
        self.late.saturating_add(self.past_due)
    }
}

/// A unit with dossiers returned (refused, withdrawn) or waiting for the citizen's supplement
/// (seed `000_…`: “Số lượng hồ sơ trả lại, chờ bổ sung một số đơn vị … còn khá nhiều”).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pending {
    /// The unit.
    #[serde(flatten)]
    pub unit: Named,
    /// Returned or withdrawn in the period.
    pub returned: u64,
    /// Waiting for a supplement at the period's end.
    pub waiting_supplement: u64,
}

impl Pending {
    /// Its returned and waiting dossiers together: what it is ranked by.
    pub fn total(&self) -> u64 {
        self.returned.saturating_add(self.waiting_supplement)
    }
}

/// A unit and a rate, or a unit and a count, that the report singles out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Standout {
    /// The unit.
    #[serde(flatten)]
    pub unit: Named,
    /// Its rate (for a leader).
    pub rate: Option<Decimal>,
    /// A count, as the list holding it says.
    pub count: u64,
}

/// A list ordered most first, and how many of its first entries the report names: the usual
/// number, and every entry tied with the last of those, unless that tie is too large to name
/// (more than the usual number again), when the names stop before it. Ties are never cut: the
/// entries named and the rest differ in their key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ranked<T> {
    /// Every entry, most first.
    pub entries: Vec<T>,
    /// How many of the first are named.
    pub named: usize,
}

impl<T> Ranked<T> {
    /// `entries` (most first by `key`) with the usual number `usual` named, through ties.
    fn new<K: PartialEq>(entries: Vec<T>, usual: usize, key: impl Fn(&T) -> K) -> Ranked<T> {
        let named = match entries.get(usual.saturating_sub(1)) {
            _ if entries.len() <= usual => entries.len(),
            None => 0,
            Some(last) => {
                let last = key(last);
                let tied = entries.iter().skip(usual).take_while(|e| key(e) == last);
                let end = usual + tied.count();
                if end <= usual * 2 {
                    end
                } else {
                    // The tie is too large to name: the names stop where it begins.
                    entries.iter().position(|e| key(e) == last).unwrap_or(0)
                }
            }
        };
        Ranked { entries, named }
    }

    /// The entries the report names.
    pub fn leading(&self) -> &[T] {
        self.entries.get(..self.named).unwrap_or(&self.entries)
    }

    /// The entries it does not name (their key is below the last named one's).
    pub fn rest(&self) -> &[T] {
        self.entries.get(self.named..).unwrap_or(&[])
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many entries the list holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

/// The leaders and the largest units of a tier. Every list holds all the units tied at its top,
/// and is empty when fewer than two units of the tier are measured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierLeaders {
    /// The tier.
    pub tier: Tier,
    /// The highest on-time rate among units with at least the minimum volume to settle, and
    /// among equal rates the most dossiers to settle; every unit tied on both (seed `004_…`: “dẫn
    /// đầu với tỷ lệ cao nhất đạt 99,66% (chỉ còn 6 hồ sơ chậm hạn)”): `rate` its on-time rate,
    /// `count` its late and past-due dossiers.
    pub on_time: Vec<Standout>,
    /// The highest online-payment rate, and among equal rates the most dossiers owing fees,
    /// likewise: `count` its new dossiers owing fees.
    pub online_payment: Vec<Standout>,
    /// The highest e-receipt rate, and among equal rates the most dossiers whose record says,
    /// likewise: `count` those dossiers.
    pub e_receipts: Vec<Standout>,
    /// The most new dossiers (seed `004_…`: “có số lượng hồ sơ tiếp nhận cao nhất”): `count` its
    /// new dossiers.
    pub largest: Vec<Standout>,
}

/// One of the scope's rates that fell since the previous period (a rate where more is better).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RateFall {
    /// The rate's key in [`Rates::labelled`].
    pub key: &'static str,
    /// Its Vietnamese label.
    pub label: &'static str,
    /// The rate now.
    pub rate: Decimal,
    /// Its change, in percentage points (negative).
    pub change: Decimal,
}

/// What the report names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Highlights {
    /// Units holding late or past-due dossiers, most first; ten named (through ties).
    pub late_holders: Ranked<LateHolder>,
    /// Units holding dossiers in process past due at the period's end, most past due first: the
    /// ones to settle next; ten named (through ties).
    pub past_due_holders: Ranked<LateHolder>,
    /// Units with returned or waiting-for-supplement dossiers, most first; five named (through
    /// ties).
    pub returned_or_waiting: Ranked<Pending>,
    /// Units whose on-time rate is 100% (with something to measure).
    pub all_on_time: Vec<Named>,
    /// Units whose new dossiers' inputs and settled dossiers' results are all digitized.
    pub all_digitized: Vec<Named>,
    /// Per tier: the leaders and the largest units.
    pub leaders: Vec<TierLeaders>,
    /// Units that received some new dossiers, fewer than the minimum volume.
    pub low_volume: Vec<Standout>,
    /// How many units receive dossiers themselves (have no units below them): a list of low
    /// volumes as long as this names no one in particular.
    pub receiving_units: usize,
    /// Units without children that received no new dossier.
    pub no_dossiers: Vec<Named>,
    /// Late dossiers by field (lĩnh vực), most first, five named (through ties); empty without
    /// a `field` column.
    pub late_fields: Ranked<FieldCount>,
    /// The scope's rates that fell since the previous period, most fallen first.
    pub falls: Vec<RateFall>,
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
    /// Every unit of the scope, in the tree's order; a unit with units below it and no dossiers
    /// of its own in any period the report counts (a province's own row of zeros) is left out.
    pub units: Vec<UnitFigures>,
    /// Each tier of the scope.
    pub levels: Vec<TierFigures>,
    /// The scope as a whole.
    pub province: ScopeFigures,
    /// The results of the year to date, when the options asked for them.
    pub year_to_date: Option<YearToDate>,
    /// What the report names.
    pub highlights: Highlights,
    /// The index report of the same period, when scores were given.
    pub index: Option<IndexReport>,
    /// The parts of the signed document around the body (SPEC §11).
    pub document: Document,
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

/// How counts become figures: the on-time definition, and the online services used in the
/// period and the one before, by unit code.
struct Measure<'a> {
    definition: OnTimeDefinition,
    services_now: HashMap<&'a str, (u64, u64)>,
    services_before: HashMap<&'a str, (u64, u64)>,
}

impl Measure<'_> {
    /// The figures of `counts` (and of `before`, the previous period's); `code` is the unit
    /// whose online services count, when it has a count of its own.
    fn figures(
        &self,
        counts: ProcessingCounts,
        before: Option<ProcessingCounts>,
        code: Option<&str>,
    ) -> Figures {
        let now = code.and_then(|c| self.services_now.get(c).copied());
        let then = code.and_then(|c| self.services_before.get(c).copied());
        let rates = Rates::of(&counts, self.definition, now);
        let previous = before.map(|b| Rates::of(&b, self.definition, then));
        Figures {
            stats: counts,
            rates,
            changes: previous.map(|p| rates.change_since(&p)),
            previous,
        }
    }
}

/// The period's index in the statistics.
fn period_index(stats: &Statistics, period: &Period) -> Result<usize> {
    stats
        .periods()
        .iter()
        .position(|p| p == period)
        .ok_or_else(|| {
            Error::from(ErrorKind::PeriodNotCounted {
                period: period.to_string(),
                counted: stats.periods().iter().map(Period::to_string).collect(),
            })
        })
}

/// The positions in the statistics of the periods a report reads: the period, the previous
/// one, the year to date.
#[derive(Clone, Copy)]
struct Positions {
    now: usize,
    before: Option<usize>,
    year: Option<usize>,
}

/// The scope's whole counts in period `p`: the scope unit pooled, or every unit summed.
fn scope_counts(stats: &Statistics, p: usize, scope: Option<&str>) -> Result<ProcessingCounts> {
    match scope {
        Some(code) => stats.pooled(p, code),
        None => {
            let mut sum = ProcessingCounts::default();
            for (_, counts) in stats.by_tier(p, None)? {
                sum.add(&counts)?;
            }
            Ok(sum)
        }
    }
}

/// The units of the scope with their figures, in the tree's order, without the units that have
/// units below them and no dossiers of their own in any period read.
fn unit_lines(
    stats: &Statistics,
    at: Positions,
    scope: Option<&str>,
    measure: &Measure<'_>,
) -> Result<Vec<UnitFigures>> {
    let current = stats.units(at.now, scope)?;
    let earlier = at.before.map(|b| stats.units(b, scope)).transpose()?;
    let year = at.year.map(|y| stats.units(y, scope)).transpose()?;
    let counts_at = |list: &Option<Vec<(&Unit, ProcessingCounts)>>, i: usize| {
        list.as_ref().and_then(|l| l.get(i)).map(|(_, c)| *c)
    };
    let mut lines = Vec::new();
    for (i, (unit, now)) in current.iter().enumerate() {
        let before = counts_at(&earlier, i);
        let heads_others = stats.tree().children(&unit.code).next().is_some();
        let idle = |c: Option<ProcessingCounts>| c.map_or(true, |c| c.to_settle == 0);
        if heads_others && now.to_settle == 0 && idle(before) && idle(counts_at(&year, i)) {
            continue;
        }
        lines.push(UnitFigures {
            code: unit.code.clone(),
            name: unit.name.clone(),
            level: unit.level.as_str(),
            tier: Tier::of(unit.level),
            // The index's count of a unit with units below it is pooled: not its own.
            figures: measure.figures(*now, before, (!heads_others).then_some(unit.code.as_str())),
        });
    }
    Ok(lines)
}

/// Each tier's figures in period `now` (against `before`), with its number of report units.
fn tier_lines(
    stats: &Statistics,
    now: usize,
    before: Option<usize>,
    scope: Option<&str>,
    units: &[UnitFigures],
    measure: &Measure<'_>,
) -> Result<Vec<TierFigures>> {
    let tiers_before = before.map(|b| stats.by_tier(b, scope)).transpose()?;
    Ok((stats.by_tier(now, scope)?.into_iter())
        .map(|(tier, current)| {
            let earlier = (tiers_before.as_ref())
                .and_then(|t| t.iter().find(|(k, _)| *k == tier))
                .map(|(_, c)| *c);
            TierFigures {
                tier,
                label: tier.label_vi(),
                units: units.iter().filter(|u| u.tier == tier).count(),
                figures: measure.figures(current, earlier, None),
            }
        })
        .collect())
}

impl MonthlyReport {
    /// Builds the report of `period` from `stats`, compared with `previous` when given, with the
    /// year to date of the options when given (each must have been counted). `counts` are the
    /// index counts of the two periods (current, previous) when known: they give the share of
    /// online services used.
    ///
    /// Errors: a period not counted; an unknown scope unit; an overflowing sum.
    pub fn build(
        stats: &Statistics,
        period: &Period,
        previous: Option<&Period>,
        counts: (Option<&Counts>, Option<&Counts>),
        options: &MonthlyOptions,
    ) -> Result<MonthlyReport> {
        let at = Positions {
            now: period_index(stats, period)?,
            before: previous.map(|p| period_index(stats, p)).transpose()?,
            year: (options.year_to_date.as_ref())
                .map(|p| period_index(stats, p))
                .transpose()?,
        };
        let scope = options.scope.as_deref();
        let measure = Measure {
            definition: options.on_time,
            services_now: services(counts.0),
            services_before: services(counts.1),
        };
        let units = unit_lines(stats, at, scope, &measure)?;
        let levels = tier_lines(stats, at.now, at.before, scope, &units, &measure)?;
        let whole = |p: usize| scope_counts(stats, p, scope);
        let scope_unit = (scope.map(|code| stats.tree().get(code).ok_or(code)))
            .transpose()
            .map_err(|code| ErrorKind::UnknownUnit {
                unit: code.to_owned(),
            })?;
        let province = ScopeFigures {
            figures: measure.figures(whole(at.now)?, at.before.map(whole).transpose()?, scope),
            unit: scope_unit.map(Named::of),
            level: scope_unit.map(|u| u.level),
        };
        let year_to_date = match (options.year_to_date, at.year) {
            (Some(period), Some(p)) => Some(YearToDate {
                period,
                figures: measure.figures(whole(p)?, None, None),
                levels: tier_lines(stats, p, None, scope, &units, &measure)?,
            }),
            _ => None,
        };
        let late_fields = (stats.late_by_field(at.now, scope)?.into_iter())
            .map(|(field, late)| FieldCount { field, late })
            .collect();
        let highlights = highlights(stats, &units, &province.figures, options, late_fields);
        Ok(MonthlyReport {
            period: *period,
            previous: previous.copied(),
            provisional: options.provisional,
            on_time_definition: options.on_time,
            units,
            levels,
            province,
            year_to_date,
            highlights,
            index: None,
            document: Document::default(),
        })
    }

    /// The report with the index report of the same period.
    pub fn with_index(mut self, index: IndexReport) -> MonthlyReport {
        self.index = Some(index);
        self
    }

    /// The report with the parts of the signed document (SPEC §11).
    pub fn with_document(mut self, document: Document) -> MonthlyReport {
        self.document = document;
        self
    }

    /// The report's title, as the seeds head theirs.
    pub fn title(&self) -> String {
        let whose = match &self.province.unit {
            Some(unit) => format!(" của {}", crate::printable::printable(&unit.name)),
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

/// How many late holders, and units to settle past-due dossiers, the report names.
const HOLDERS_NAMED: usize = 10;
/// How many units with returned or waiting dossiers, and fields, the report names.
const FEW_NAMED: usize = 5;

fn named(u: &UnitFigures) -> Named {
    Named {
        code: u.code.clone(),
        name: u.name.clone(),
    }
}

/// The units holding late or past-due dossiers (most first), and those holding past-due ones
/// (most past due first).
fn late_lists(units: &[UnitFigures]) -> (Ranked<LateHolder>, Ranked<LateHolder>) {
    let holder = |u: &UnitFigures| LateHolder {
        unit: named(u),
        late: u.figures.stats.late,
        past_due: u.figures.stats.past_due,
    };
    let sorted = |key: fn(&LateHolder) -> u64| {
        let mut list: Vec<LateHolder> = (units.iter().map(holder)).filter(|h| key(h) > 0).collect();
        list.sort_by(|a, b| {
            key(b)
                .cmp(&key(a))
                .then_with(|| a.unit.code.cmp(&b.unit.code))
        });
        Ranked::new(list, HOLDERS_NAMED, key)
    };
    (sorted(LateHolder::total), sorted(|h| h.past_due))
}

/// The units with returned or waiting-for-supplement dossiers, most first.
fn pending(units: &[UnitFigures]) -> Ranked<Pending> {
    let key = Pending::total;
    let mut list: Vec<Pending> = (units.iter())
        .map(|u| Pending {
            unit: named(u),
            returned: u.figures.stats.returned,
            waiting_supplement: u.figures.stats.waiting_supplement,
        })
        .filter(|p| key(p) > 0)
        .collect();
    list.sort_by(|a, b| {
        key(b)
            .cmp(&key(a))
            .then_with(|| a.unit.code.cmp(&b.unit.code))
    });
    Ranked::new(list, FEW_NAMED, key)
}

/// Every unit of `units` at the top by `key`, in the tree's order; none when fewer than two
/// units have a key (a unit alone leads nothing).
fn at_top<K: Ord + Copy>(
    units: &[&UnitFigures],
    key: impl Fn(&UnitFigures) -> Option<K>,
    standout: impl Fn(&UnitFigures) -> Standout,
) -> Vec<Standout> {
    let keys: Vec<K> = units.iter().filter_map(|u| key(u)).collect();
    let (Some(&top), true) = (keys.iter().max(), keys.len() >= 2) else {
        return Vec::new();
    };
    (units.iter())
        .filter(|u| key(u) == Some(top))
        .map(|u| standout(u))
        .collect()
}

/// A tier's leaders (among units with at least `min_volume` to settle) and largest units.
fn tier_leaders(units: &[UnitFigures], tier: Tier, min_volume: u64) -> TierLeaders {
    let of_tier: Vec<&UnitFigures> = units.iter().filter(|u| u.tier == tier).collect();
    let eligible: Vec<&UnitFigures> = (of_tier.iter().copied())
        .filter(|u| u.figures.stats.to_settle >= min_volume.max(1))
        .collect();
    let stand = |rate: fn(&Rates) -> Option<Decimal>, count: fn(&ProcessingCounts) -> u64| {
        move |u: &UnitFigures| Standout {
            unit: named(u),
            rate: rate(&u.figures.rates),
            count: count(&u.figures.stats),
        }
    };
    let fee_base: fn(&ProcessingCounts) -> u64 = |c| c.owing_fees;
    let receipt_base: fn(&ProcessingCounts) -> u64 = |c| c.e_receipt_recorded;
    // Leaders tie on the rate alone: two units at 100% both lead, whatever their volumes.
    let by = |rate: fn(&Rates) -> Option<Decimal>| move |u: &UnitFigures| rate(&u.figures.rates);
    TierLeaders {
        tier,
        on_time: at_top(
            &eligible,
            by(|r| r.on_time),
            stand(|r| r.on_time, ProcessingCounts::late_or_past_due),
        ),
        online_payment: at_top(
            &eligible,
            by(|r| r.online_payment),
            stand(|r| r.online_payment, fee_base),
        ),
        e_receipts: at_top(
            &eligible,
            by(|r| r.e_receipts),
            stand(|r| r.e_receipts, receipt_base),
        ),
        largest: at_top(
            &of_tier,
            |u| Some(u.figures.stats.new).filter(|&n| n > 0),
            stand(|_| None, |c| c.new),
        ),
    }
}

/// The scope's rates that fell since the previous period, most fallen first: rates where more
/// is better (not the late or returned shares), and not a rate that restates another.
fn falls(figures: &Figures) -> Vec<RateFall> {
    let Some(changes) = &figures.changes else {
        return Vec::new();
    };
    let mut fallen: Vec<RateFall> = (figures.rates.labelled().into_iter())
        .zip(changes.labelled())
        .filter(|((key, _, _), _)| !matches!(*key, "late" | "returned"))
        .filter(|((key, _, _), _)| {
            *key != "partial_or_full_online" || !figures.partial_or_full_is_online()
        })
        .filter_map(|((key, label, rate), (_, _, change))| {
            let (rate, change) = (rate?, change?);
            (change < Decimal::ZERO).then_some(RateFall {
                key,
                label,
                rate,
                change,
            })
        })
        .collect();
    fallen.sort_by(|a, b| a.change.cmp(&b.change).then_with(|| a.key.cmp(b.key)));
    fallen
}

fn highlights(
    stats: &Statistics,
    units: &[UnitFigures],
    whole: &Figures,
    options: &MonthlyOptions,
    late_fields: Vec<FieldCount>,
) -> Highlights {
    let (late_holders, past_due_holders) = late_lists(units);
    let hundred = Some(Decimal::ONE_HUNDRED);
    let all_on_time = (units.iter())
        .filter(|u| u.figures.rates.on_time == hundred)
        .map(named)
        .collect();
    let all_digitized = (units.iter())
        .filter(|u| {
            u.figures.rates.digitized_inputs == hundred
                && u.figures.rates.digitized_results == hundred
        })
        .map(named)
        .collect();
    let mut tiers: Vec<Tier> = units.iter().map(|u| u.tier).collect();
    tiers.sort();
    tiers.dedup();
    let handles_dossiers = |u: &&UnitFigures| stats.tree().children(&u.code).next().is_none();
    let low_volume = (units.iter().filter(handles_dossiers))
        .filter(|u| u.figures.stats.new > 0 && u.figures.stats.new < options.min_volume)
        .map(|u| Standout {
            unit: named(u),
            rate: None,
            count: u.figures.stats.new,
        })
        .collect();
    let no_dossiers = (units.iter().filter(handles_dossiers))
        .filter(|u| u.figures.stats.new == 0)
        .map(named)
        .collect();
    let receiving_units = units.iter().filter(handles_dossiers).count();
    Highlights {
        late_holders,
        past_due_holders,
        returned_or_waiting: pending(units),
        all_on_time,
        all_digitized,
        leaders: (tiers.into_iter())
            .map(|tier| tier_leaders(units, tier, options.min_volume))
            .collect(),
        low_volume,
        receiving_units,
        no_dossiers,
        late_fields: Ranked::new(late_fields, FEW_NAMED, |f: &FieldCount| f.late),
        falls: falls(whole),
        min_volume: options.min_volume,
    }
}
