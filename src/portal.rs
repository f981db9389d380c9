//! The national portal's own responses: its six evaluation endpoints
//! (`/api/v1/reporting/evaluation/...`) read into counts and the scores the portal published, so a
//! province can compare its figures with the portal's.
//!
//! | Endpoint | Group | Counts it carries |
//! |---|---|---|
//! | `transparency` | CKMB | every unit: the four criteria |
//! | `dvc-progress-tree` | TDGQ | every unit: on time, overdue, received |
//! | `provide-online-tree` | DVCTT | the province only (children: scores, taken as given points) |
//! | `formality-online-payment-tree` | TTTT | every unit: the three criteria |
//! | `handling-satisfaction` | MDHL | every unit: three criteria and two classification shares |
//! | `dossier-digitized` | MDSH | every unit: seven criteria |
//!
//! Add the responses of one period to a [`Capture`] (the endpoint is recognised from the
//! content), turn it into [`Counts`] with [`Capture::counts`], score them, and
//! [`Capture::compare`] the result with what the portal published, each unit's total and rank
//! among its peers included. The counts keep what belongs to whom (SPEC §1): a sub-unit inherits
//! the province's publication criteria, the province pools its units' summed counts, a sub-unit's
//! online services are its published points, and a 100% shown without counts is a rate only. A
//! score the portal shows as `null` (a zero denominator) stays distinct from 0 in
//! [`PortalUnit::published`]; it matches a criterion we score 0 with no rate.
//!
//! Units are matched across responses by the portal's `departmentId`; the code comes from whichever
//! response carries `departmentCode` (the transparency and satisfaction lists do not). A unit no
//! response gives a code for keeps its `departmentId` as its code.

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::error::{Error, ErrorKind, Result};
use crate::interchange::{Counts, CriterionCount, UnitCounts};
use crate::methodology::{Methodology, Pooling, DEFAULT};
use crate::period::Period;
use crate::rank::{rank, RankBy, RankMethod};
use crate::score::{Scorecard, UnitScore};
use crate::unit::{Level, Unit};

/// One of the portal's evaluation endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Endpoint {
    /// `transparency`: Công khai, minh bạch (CKMB).
    Transparency,
    /// `dvc-progress-tree`: Tiến độ, kết quả giải quyết (TDGQ).
    DvcProgressTree,
    /// `provide-online-tree`: Dịch vụ công trực tuyến (DVCTT).
    ProvideOnlineTree,
    /// `formality-online-payment-tree`: Thanh toán trực tuyến (TTTT).
    FormalityOnlinePaymentTree,
    /// `handling-satisfaction`: Mức độ hài lòng (MDHL).
    HandlingSatisfaction,
    /// `dossier-digitized`: Số hóa hồ sơ (MDSH).
    DossierDigitized,
}

impl Endpoint {
    /// The endpoint's path segment, e.g. `dvc-progress-tree`.
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::Transparency => "transparency",
            Endpoint::DvcProgressTree => "dvc-progress-tree",
            Endpoint::ProvideOnlineTree => "provide-online-tree",
            Endpoint::FormalityOnlinePaymentTree => "formality-online-payment-tree",
            Endpoint::HandlingSatisfaction => "handling-satisfaction",
            Endpoint::DossierDigitized => "dossier-digitized",
        }
    }

    /// The code of the group it publishes, in `dvcqg-2026`.
    pub fn group(self) -> &'static str {
        match self {
            Endpoint::Transparency => "CKMB",
            Endpoint::DvcProgressTree => "TDGQ",
            Endpoint::ProvideOnlineTree => "DVCTT",
            Endpoint::FormalityOnlinePaymentTree => "TTTT",
            Endpoint::HandlingSatisfaction => "MDHL",
            Endpoint::DossierDigitized => "MDSH",
        }
    }

    /// The endpoints whose responses are lists with per-criterion `metrics`.
    fn metric_codes(self) -> &'static [&'static str] {
        match self {
            Endpoint::Transparency => &[
                "PUBLISH_ON_TIME",
                "PUBLIC_UPDATE_ON_TIME",
                "PUBLIC_CONTENT_FULL",
                "DOSSIER_SYNC",
            ],
            Endpoint::HandlingSatisfaction => &[
                "PETITION_CLASSIFICATION_TTHC",
                "DOSSIER_RECEIVING_SATISFACTION",
                "PETITION_PROCESSING_ON_TIME",
                "PETITION_HANDLING_SATISFACTION",
                "PETITION_CLASSIFICATION_STAFF",
            ],
            Endpoint::DossierDigitized => &[
                "ORIGINAL_RESULT_AVAILABLE",
                "SO_HOA_GIAY_TO_GIAI_QUYET",
                "REUSED_DIGITIZED_DATA",
                "SYNCED_WITH_DVCQG_PERSONAL_STORAGE",
                "CITIZEN_DATA_CONNECTED_DOSSIER",
                "CITIZEN_DATA_CONNECTED_FORMALITY",
                "ELECTRONIC_CERTIFIED_COPY",
            ],
            _ => &[],
        }
    }
}

/// Every endpoint, in the portal's order of groups.
const ENDPOINTS: [Endpoint; 6] = [
    Endpoint::Transparency,
    Endpoint::DvcProgressTree,
    Endpoint::ProvideOnlineTree,
    Endpoint::FormalityOnlinePaymentTree,
    Endpoint::HandlingSatisfaction,
    Endpoint::DossierDigitized,
];

/// The group-level methodology the portal's published groups are summed and ranked under.
const GROUPS: &str = "qd766-groups";

/// One unit as the portal's responses describe it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PortalUnit {
    /// The portal's `departmentId`.
    pub id: String,
    /// The unit's code (`departmentCode`), when a response gave it.
    pub code: Option<String>,
    /// The unit's name.
    pub name: String,
    /// The unit's level.
    pub level: Level,
    /// Whether it is the province or ministry the responses are about (their `overview`/`parent`).
    pub is_root: bool,
    /// Counts by criterion or monitoring-metric code.
    pub counts: BTreeMap<String, CriterionCount>,
    /// Criteria whose counts the portal did not show, derived from its `ratio` (e.g.
    /// `ELECTRONIC_CERTIFIED_COPY` at 100% → 1/1).
    pub derived_from_ratio: Vec<String>,
    /// The portal's published points by criterion or group code; `None` where it shows `null`.
    pub published: BTreeMap<String, Option<Decimal>>,
}

impl PortalUnit {
    /// The code used for the unit: its `departmentCode`, else its `departmentId`.
    pub fn key(&self) -> &str {
        self.code.as_deref().unwrap_or(&self.id)
    }
}

/// The responses of one period, merged per unit.
#[derive(Debug, Clone, Default)]
pub struct Capture {
    units: Vec<PortalUnit>,
    by_id: HashMap<String, usize>,
    root: Option<usize>,
}

/// The result of comparing a scorecard with the portal's published scores.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Comparison {
    /// Every published score beside ours, in the responses' order of units.
    pub scores: Vec<ScoreLine>,
    /// How many published scores were compared.
    pub compared: usize,
    /// Published scores not compared because our side lacks the counts (e.g. the DVCTT group of
    /// sub-units, for which the portal shows no counts: ours takes the portal's points as given).
    pub skipped: usize,
    /// Scores the portal shows as `null` where ours have no rate either (nothing to count): there
    /// is no published value to compare, so they are neither matches nor differences.
    pub unpublished: usize,
    /// Every published score that differs from ours, and every total or rank.
    pub mismatches: Vec<Mismatch>,
    /// Each unit's total and rank among its peers, the portal's (the sum of its published
    /// groups) beside ours, in the responses' order of units.
    pub totals: Vec<TotalLine>,
}

/// One unit's total and rank, the portal's beside ours.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TotalLine {
    /// The unit's code.
    pub unit: String,
    /// The unit's name.
    pub name: String,
    /// The sum of the portal's published groups; `None` when one is `null` or not captured.
    pub portal: Option<Decimal>,
    /// Our total; `None` when incomplete.
    pub ours: Option<Decimal>,
    /// The portal's rank among the unit's peers, by its published total.
    pub portal_rank: Option<u32>,
    /// Our rank among the same peers.
    pub rank: Option<u32>,
    /// How many of the peers the portal's totals rank.
    pub portal_of: u32,
    /// How many of the peers ours rank.
    pub of: u32,
    /// Whether total and rank agree; `None` when either side has no total.
    pub agrees: Option<bool>,
}

/// One published score beside ours.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ScoreLine {
    /// The unit's code.
    pub unit: String,
    /// The unit's name.
    pub name: String,
    /// The criterion or group code.
    pub place: String,
    /// The portal's points (`None` for `null`).
    pub portal: Option<Decimal>,
    /// Ours (`None` when we lack the counts).
    pub ours: Option<Decimal>,
    /// Whether they agree; `None` when not compared ([`ScoreLine::not_compared`] says why).
    pub agrees: Option<bool>,
    /// Why the score was not compared, when it was not.
    pub not_compared: Option<NotCompared>,
}

/// Why a published score was not compared with ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotCompared {
    /// We lack the counts to compute it.
    NoCounts,
    /// The portal published no value (`null`), and ours has no rate either.
    NotPublished,
    /// Ours is the portal's own figure, given as points for want of counts (the online-services
    /// group of sub-units): there is nothing of ours to compare.
    Given,
}

/// A published score that differs from ours.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Mismatch {
    /// The unit's code.
    pub unit: String,
    /// The criterion or group code.
    pub place: String,
    /// The portal's points (`None` for `null`).
    pub portal: Option<Decimal>,
    /// Ours.
    pub ours: Option<Decimal>,
}

/// The error of a response of `endpoint` that is not what the portal sends.
fn problem(endpoint: &str, text: impl Into<String>) -> Error {
    ErrorKind::PortalResponse {
        endpoint: endpoint.to_owned(),
        problem: text.into(),
    }
    .into()
}

/// Typed access to one JSON object of a response, with errors that say which field of which unit.
struct Fields<'a> {
    endpoint: &'a str,
    object: &'a serde_json::Map<String, Value>,
    what: String,
}

impl<'a> Fields<'a> {
    /// The fields of `value`, described as `what` in errors.
    ///
    /// Errors: `value` is not an object.
    fn new(endpoint: &'a str, value: &'a Value, what: &str) -> Result<Fields<'a>> {
        let object = value
            .as_object()
            .ok_or_else(|| problem(endpoint, format!("{what} is not an object")))?;
        Ok(Fields {
            endpoint,
            object,
            what: what.to_owned(),
        })
    }

    /// The error `text` about this object.
    fn fail(&self, text: String) -> Error {
        problem(self.endpoint, format!("{}: {text}", self.what))
    }

    /// A text field that must be there.
    fn text(&self, key: &str) -> Result<&'a str> {
        self.object
            .get(key)
            .and_then(Value::as_str)
            .ok_or_else(|| self.fail(format!("field {key} is missing or not text")))
    }

    /// A text field, if it is there and text.
    fn optional_text(&self, key: &str) -> Option<&'a str> {
        self.object.get(key).and_then(Value::as_str)
    }

    /// A whole number field that must be there.
    fn count(&self, key: &str) -> Result<u64> {
        match self.object.get(key) {
            Some(Value::Number(n)) => n
                .as_u64()
                .ok_or_else(|| self.fail(format!("field {key} = {n} is not a whole number ≥ 0"))),
            _ => Err(self.fail(format!("field {key} is missing or not a number"))),
        }
    }

    /// A whole number field, or `None` when it is missing or `null`.
    fn optional_count(&self, key: &str) -> Result<Option<u64>> {
        match self.object.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(_) => self.count(key).map(Some),
        }
    }

    /// A published score: a number, or `null`.
    fn score(&self, key: &str) -> Result<Option<Decimal>> {
        match self.object.get(key) {
            Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Decimal::from_str(&n.to_string())
                .map(Some)
                .map_err(|_| self.fail(format!("field {key} = {n} is not a decimal"))),
            _ => Err(self.fail(format!("field {key} is missing or not a number"))),
        }
    }

    /// Any field, as JSON.
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.object.get(key)
    }
}

/// The sum of two counts of `fields`.
///
/// Errors: the sum overflows.
fn sum(fields: &Fields<'_>, a: u64, b: u64) -> Result<u64> {
    a.checked_add(b)
        .ok_or_else(|| fields.fail("counts overflow".into()))
}

/// A counted count, as a response's numerator and denominator are recorded.
fn counted(num: u64, den: u64) -> Option<CriterionCount> {
    Some(CriterionCount::Counted { num, den })
}

impl Capture {
    /// An empty capture.
    pub fn new() -> Capture {
        Capture::default()
    }

    /// The units seen so far: the root first, then the others in the order first seen.
    pub fn units(&self) -> Vec<&PortalUnit> {
        let root = self.root.and_then(|r| self.units.get(r));
        root.into_iter()
            .chain(
                self.units
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| Some(*i) != self.root)
                    .map(|(_, u)| u),
            )
            .collect()
    }

    /// Reads one response (the whole body, `{"code": "OK", "data": …}`) and merges it in.
    /// Returns the endpoint it was recognised as.
    ///
    /// Errors: the body is not JSON, the portal refused the request (its `code` is not `OK`), or
    /// it is not a recognised endpoint; a field has the wrong type; a metric code is unknown; the
    /// response is about another root unit than earlier ones; a count is given twice for a unit
    /// (the same endpoint added twice).
    pub fn add(&mut self, body: &str) -> Result<Endpoint> {
        let value: Value = crate::input::json::value(body)
            .map_err(|e| problem("unknown", format!("not JSON: {e}")))?;
        // The portal says a request failed in `code`, and may still send a `data` of old.
        match value.get("code") {
            None => {}
            Some(Value::String(code)) if code == "OK" => {}
            Some(other) => {
                let code = match other {
                    Value::String(code) => code.clone(),
                    other => other.to_string(),
                };
                return Err(ErrorKind::PortalRefused { code }.into());
            }
        }
        let data = value
            .get("data")
            .ok_or_else(|| problem("unknown", "the body has no 'data' field"))?;
        let endpoint = recognise(data)?;
        let name = endpoint.name();
        // List endpoints carry the root in `overview` and the units in `evaluation`; tree endpoints
        // in `parent` and `children`.
        let (root, list) = if endpoint.metric_codes().is_empty() {
            ("parent", "children")
        } else {
            ("overview", "evaluation")
        };
        let root = data
            .get(root)
            .ok_or_else(|| problem(name, format!("no {root}")))?;
        self.add_entry(endpoint, root, true)?;
        let entries = data
            .get(list)
            .and_then(Value::as_array)
            .ok_or_else(|| problem(name, format!("no {list} list")))?;
        for entry in entries {
            self.add_entry(endpoint, entry, false)?;
        }
        Ok(endpoint)
    }

    /// Finds or creates the unit of a response entry, checking what it says against what earlier
    /// responses said.
    fn unit_of(&mut self, fields: &Fields<'_>, is_root: bool) -> Result<usize> {
        let id = fields.text("departmentId")?;
        let code = fields.optional_text("departmentCode");
        let level = level_of(fields, is_root)?;
        let at = match self.by_id.get(id) {
            Some(&at) => at,
            None => {
                self.units.push(PortalUnit {
                    id: id.to_owned(),
                    code: None,
                    name: fields.text("departmentName")?.to_owned(),
                    level: level.unwrap_or(Level::Province),
                    is_root,
                    counts: BTreeMap::new(),
                    derived_from_ratio: Vec::new(),
                    published: BTreeMap::new(),
                });
                self.by_id.insert(id.to_owned(), self.units.len() - 1);
                self.units.len() - 1
            }
        };
        if is_root {
            match self.root {
                None => self.root = Some(at),
                Some(root) if root == at => {}
                Some(_) => {
                    return Err(fields.fail(
                        "the response is about another province or ministry than earlier ones"
                            .into(),
                    ))
                }
            }
        }
        let Some(unit) = self.units.get_mut(at) else {
            return Err(fields.fail("internal index out of range".into()));
        };
        if unit.is_root != is_root {
            return Err(
                fields.fail("a unit is the root in one response and a child in another".into())
            );
        }
        if let Some(level) = level {
            unit.level = level;
        }
        if let Some(code) = code {
            match &unit.code {
                None => unit.code = Some(code.to_owned()),
                Some(known) if known == code => {}
                Some(known) => {
                    return Err(fields.fail(format!(
                        "departmentCode {code} contradicts {known} given earlier"
                    )))
                }
            }
        }
        Ok(at)
    }

    /// Records the unit at `at`'s count of `code` and its published points, when given.
    ///
    /// Errors: a count given twice.
    fn record(
        &mut self,
        at: usize,
        fields: &Fields<'_>,
        code: &str,
        count: Option<CriterionCount>,
        published: Option<Option<Decimal>>,
    ) -> Result<()> {
        let Some(unit) = self.units.get_mut(at) else {
            return Err(fields.fail("internal index out of range".into()));
        };
        if let Some(count) = count {
            if unit.counts.insert(code.to_owned(), count).is_some() {
                return Err(fields.fail(format!(
                    "{code} is given twice (was this endpoint added twice?)"
                )));
            }
        }
        if let Some(score) = published {
            unit.published.insert(code.to_owned(), score);
        }
        Ok(())
    }

    /// Adds one unit of a response (`is_root`: the province or ministry it is about).
    fn add_entry(&mut self, endpoint: Endpoint, entry: &Value, is_root: bool) -> Result<()> {
        if endpoint.metric_codes().is_empty() {
            self.add_tree_entry(endpoint, entry, is_root)
        } else {
            self.add_evaluated(endpoint, entry, is_root)
        }
    }

    /// Adds one unit of an evaluation response: each metric's count and points, and the
    /// group's points.
    fn add_evaluated(&mut self, endpoint: Endpoint, entry: &Value, is_root: bool) -> Result<()> {
        let name = endpoint.name();
        let what = if is_root {
            "overview".to_owned()
        } else {
            "evaluation entry".to_owned()
        };
        let fields = Fields::new(name, entry, &what)?;
        let what = format!(
            "unit {}",
            fields
                .optional_text("departmentCode")
                .or(fields.optional_text("departmentName"))
                .unwrap_or("?")
        );
        let fields = Fields { what, ..fields };
        let at = self.unit_of(&fields, is_root)?;
        let metrics = fields
            .get("metrics")
            .and_then(Value::as_array)
            .ok_or_else(|| fields.fail("no metrics list".into()))?;
        for metric in metrics {
            let m = Fields::new(name, metric, &format!("{} metric", fields.what))?;
            let code = m.text("code")?;
            if !endpoint.metric_codes().contains(&code) {
                return Err(m.fail(format!("unknown metric code {code}")));
            }
            let count = match (
                m.optional_count("numerator")?,
                m.optional_count("denominator")?,
            ) {
                (Some(num), Some(den)) => Some(CriterionCount::Counted { num, den }),
                (None, None) => {
                    let derived = count_from_ratio(&m)?;
                    if derived.is_some() {
                        if let Some(unit) = self.units.get_mut(at) {
                            unit.derived_from_ratio.push(code.to_owned());
                        }
                    }
                    derived
                }
                _ => {
                    return Err(m.fail(format!("{code}: one of numerator and denominator is null")))
                }
            };
            // The classification shares carry no points (`maxScore` 0, score null): nothing published.
            let scored = m.count("maxScore")? > 0;
            self.record(
                at,
                &m,
                code,
                count,
                scored.then(|| m.score("score")).transpose()?,
            )?;
        }
        let total = fields.score("totalScore")?;
        self.record(at, &fields, endpoint.group(), None, Some(total))
    }

    /// Adds one unit of a tree endpoint's response (`is_root`: the parent, else a child): its
    /// counts and its points of the endpoint's group.
    fn add_tree_entry(&mut self, endpoint: Endpoint, entry: &Value, is_root: bool) -> Result<()> {
        let name = endpoint.name();
        let what = if is_root { "parent" } else { "child" };
        let fields = Fields::new(name, entry, what)?;
        let what = format!(
            "unit {}",
            fields.optional_text("departmentCode").unwrap_or("?")
        );
        let fields = Fields { what, ..fields };
        let at = self.unit_of(&fields, is_root)?;
        let group_score = if is_root {
            fields.score("totalScore")?
        } else {
            fields.score(if endpoint == Endpoint::DvcProgressTree {
                "score"
            } else {
                "totalScore"
            })?
        };
        match endpoint {
            Endpoint::DvcProgressTree => self.record_on_time(at, &fields)?,
            // Only the parent shows the online services' counts.
            Endpoint::ProvideOnlineTree if is_root => self.record_online(at, &fields)?,
            Endpoint::ProvideOnlineTree => {}
            Endpoint::FormalityOnlinePaymentTree => self.record_payment(at, &fields)?,
            _ => return Err(fields.fail("not a tree endpoint".into())),
        }
        self.record(at, &fields, endpoint.group(), None, Some(group_score))
    }

    /// Records the dossiers settled on time of the unit at `at`, out of those settled (on time
    /// and overdue) or, when the overdue are not shown, of those received.
    fn record_on_time(&mut self, at: usize, fields: &Fields<'_>) -> Result<()> {
        let on_time = fields.count("totalOnTime")?;
        let den = match fields.optional_count("totalOverdue")? {
            Some(overdue) => sum(fields, on_time, overdue)?,
            None => fields.count("totalReceived")?,
        };
        self.record(at, fields, "DOSSIER_ON_TIME", counted(on_time, den), None)
    }

    /// Records the online services' three counts of the root at `at`.
    fn record_online(&mut self, at: usize, fields: &Fields<'_>) -> Result<()> {
        let offered = sum(
            fields,
            fields.count("partialCount")?,
            fields.count("fullCount")?,
        )?;
        let rows = [
            (
                "ONLINE_PROCEDURES",
                offered,
                fields.count("authorityCount")?,
            ),
            (
                "ONLINE_SERVICES_WITH_DOSSIERS",
                fields.count("onlineDossierCount")?,
                fields.count("onlineServiceTotal")?,
            ),
            (
                "ONLINE_DOSSIERS",
                fields.count("channelOnlineSum")?,
                fields.count("channelTotalSum")?,
            ),
        ];
        for (code, num, den) in rows {
            self.record(at, fields, code, counted(num, den), None)?;
        }
        Ok(())
    }

    /// Records the online payment's three counts of the unit at `at`.
    fn record_payment(&mut self, at: usize, fields: &Fields<'_>) -> Result<()> {
        let rows = [
            (
                "ONLINE_PAYMENT_DOSSIERS",
                "totalDossierOnlinePaymentSuccess",
                "totalDossierFinancialObligation",
            ),
            (
                "ONLINE_PAYMENT_PROCEDURES",
                "totalDossierOnlineFormalityPaymentSuccess",
                "totalFeeDossierFormalityDistinct",
            ),
            (
                "FEE_INTEGRATED_PROCEDURES",
                "totalFeeDossierFormality",
                "totalFeeFormality",
            ),
        ];
        for (code, num, den) in rows {
            let count = counted(fields.count(num)?, fields.count(den)?);
            self.record(at, fields, code, count, None)?;
        }
        Ok(())
    }

    /// The counts of every unit, under `dvcqg-2026`, for `period` (the responses do not say which
    /// period they are for). The root is the parent of every other unit.
    ///
    /// What the portal shows of a sub-unit is read as the methodology means it (SPEC §1, §6):
    /// - a publication criterion (pooling `inherit`) shown with the root's counts is the root's,
    ///   left for the unit to inherit, so plans name the root as its owner;
    /// - a group the portal scores but shows no counts of (the online-services group of
    ///   sub-units) is given as the published points, so every sub-unit has a total and a rank;
    /// - a count made up from a published rate is marked [`UnitCounts::ratio_only`].
    ///
    /// Errors: nothing was added.
    pub fn counts(&self, period: Option<Period>) -> Result<Counts> {
        let root = self
            .root
            .and_then(|r| self.units.get(r))
            .ok_or_else(|| problem("any", "no response has been added"))?;
        let methodology = Methodology::builtin(DEFAULT)?;
        let units = self
            .units()
            .into_iter()
            .map(|u| UnitCounts {
                unit: Unit {
                    code: u.key().to_owned(),
                    name: u.name.clone(),
                    level: u.level,
                    parent: (!u.is_root).then(|| root.key().to_owned()),
                },
                criteria: own_counts(&methodology, u, self),
                groups: given_groups(&methodology, u),
                ratio_only: u.derived_from_ratio.iter().cloned().collect(),
            })
            .collect();
        Ok(Counts {
            methodology: Some(DEFAULT.to_owned()),
            period,
            units,
        })
    }

    /// The sum of every sub-unit's count of criterion `code`, as the roll-up pools it; `None`
    /// when a sub-unit has none, or only a rate, or the sum overflows.
    fn children_sum(&self, code: &str) -> Option<CriterionCount> {
        let mut sum: Option<(u64, u64)> = None;
        for unit in self.units.iter().filter(|u| !u.is_root) {
            if unit.derived_from_ratio.iter().any(|c| c == code) {
                return None;
            }
            match unit.counts.get(code)? {
                CriterionCount::NotApplicable => {}
                CriterionCount::Counted { num, den } => {
                    let (n, d) = sum.unwrap_or((0, 0));
                    sum = Some((n.checked_add(*num)?, d.checked_add(*den)?));
                }
            }
        }
        let (num, den) = sum?;
        Some(CriterionCount::Counted { num, den })
    }

    /// The portal's published groups of every unit as group points under `qd766-groups` (the
    /// same six groups): what the portal's own totals and ranks are computed from. A group the
    /// portal shows as `null`, or with points it cannot have, or that was not captured, is
    /// missing.
    ///
    /// Errors: nothing was added.
    pub fn published_counts(&self, period: Option<Period>) -> Result<Counts> {
        let groups = Methodology::builtin(GROUPS)?;
        let fits = |code: &str, points: Decimal| {
            (groups.group(code)).is_some_and(|g| groups.group_points_problem(g, points).is_none())
        };
        let mut counts = self.counts(period)?;
        counts.methodology = Some(GROUPS.to_owned());
        for (unit, published) in counts.units.iter_mut().zip(self.units()) {
            unit.criteria.clear();
            unit.ratio_only.clear();
            unit.groups = (published.published.iter())
                .filter(|(code, _)| ENDPOINTS.iter().any(|e| e.group() == code.as_str()))
                .filter_map(|(code, points)| Some((code.clone(), (*points)?)))
                .filter(|(code, points)| fits(code, *points))
                .collect();
        }
        Ok(counts)
    }

    /// Compares every score the portal published with ours: criteria by their points, groups by
    /// their sums, then each unit's total and rank among its peers. A published `null` matches
    /// our 0 points with no rate.
    ///
    /// Errors: the published groups cannot be scored (points above a group's maximum).
    pub fn compare(&self, card: &Scorecard) -> Result<Comparison> {
        let mut comparison = self.compare_scores(card);
        self.compare_totals(card, &mut comparison)?;
        Ok(comparison)
    }

    /// Each unit's total and rank, the portal's beside ours.
    fn compare_totals(&self, card: &Scorecard, comparison: &mut Comparison) -> Result<()> {
        let groups = Methodology::builtin(GROUPS)?;
        let published = crate::score::score(
            &groups,
            &self.published_counts(card.period())?,
            &crate::score::ScoreOptions::default(),
        )?;
        let theirs = rank(&published, &RankBy::Total, RankMethod::Competition)?;
        let ours = rank(card, &RankBy::Total, RankMethod::Competition)?;
        for unit in self.units() {
            let code = unit.key();
            let (theirs, ours) = (theirs.get(code), ours.get(code));
            let total = |r: Option<&crate::rank::Ranked>| r.and_then(|r| r.value);
            let line = TotalLine {
                unit: code.to_owned(),
                name: unit.name.clone(),
                portal: total(theirs),
                ours: total(ours),
                portal_rank: theirs.and_then(|r| r.rank),
                rank: ours.and_then(|r| r.rank),
                portal_of: theirs.map_or(0, |r| r.of),
                of: ours.map_or(0, |r| r.of),
                agrees: None,
            };
            let agrees = (line.portal.is_some() && line.ours.is_some()).then(|| {
                line.portal == line.ours
                    && line.portal_rank == line.rank
                    && line.portal_of == line.of
            });
            if agrees == Some(false) {
                comparison.mismatches.push(Mismatch {
                    unit: code.to_owned(),
                    place: "total".to_owned(),
                    portal: line.portal,
                    ours: line.ours,
                });
            }
            comparison.totals.push(TotalLine { agrees, ..line });
        }
        Ok(())
    }

    /// Every published criterion and group score beside ours.
    fn compare_scores(&self, card: &Scorecard) -> Comparison {
        let mut comparison = Comparison::default();
        for unit in &self.units {
            let ours = card.unit(unit.key());
            for (place, published) in &unit.published {
                comparison.add_score(unit, ours, place, *published);
            }
        }
        comparison
    }
}

impl Comparison {
    /// Adds the portal's score `portal` of `place` for `unit` beside ours (`ours`, our scores
    /// of the unit), counted as compared, skipped or unpublished, and a mismatch when they
    /// differ.
    fn add_score(
        &mut self,
        unit: &PortalUnit,
        ours: Option<&UnitScore>,
        place: &str,
        portal: Option<Decimal>,
    ) {
        let mut line = ScoreLine {
            unit: unit.key().to_owned(),
            name: unit.name.clone(),
            place: place.to_owned(),
            portal,
            ours: None,
            agrees: None,
            not_compared: None,
        };
        if ours.and_then(|o| o.group(place)).is_some_and(|g| g.given) {
            return self.set_aside(line, NotCompared::Given);
        }
        let (points, no_rate) = our_points(ours, place);
        line.ours = points;
        let Some(points) = points else {
            return self.set_aside(line, NotCompared::NoCounts);
        };
        let equal = match portal {
            Some(p) => p == points,
            // A `null` where ours has no rate either (a group of such criteria scores 0):
            // nothing was published to compare with.
            None if points.is_zero()
                && (no_rate || ours.is_some_and(|o| o.group(place).is_some())) =>
            {
                return self.set_aside(line, NotCompared::NotPublished);
            }
            None => false,
        };
        self.compared += 1;
        line.agrees = Some(equal);
        self.scores.push(line);
        if !equal {
            self.mismatches.push(Mismatch {
                unit: unit.key().to_owned(),
                place: place.to_owned(),
                portal,
                ours: Some(points),
            });
        }
    }

    /// Adds a score line that is not compared, and why, counted as unpublished or skipped.
    fn set_aside(&mut self, line: ScoreLine, why: NotCompared) {
        match why {
            NotCompared::NotPublished => self.unpublished += 1,
            NotCompared::NoCounts | NotCompared::Given => self.skipped += 1,
        }
        self.scores.push(ScoreLine {
            not_compared: Some(why),
            ..line
        });
    }
}

/// Our points of `place` (a criterion scored from a count, or a group), and whether it is a
/// criterion with no rate.
fn our_points(ours: Option<&UnitScore>, place: &str) -> (Option<Decimal>, bool) {
    match ours {
        None => (None, false),
        Some(ours) => match ours.criterion(place) {
            Some(c) => (c.points.filter(|_| c.count.is_some()), c.rate.is_none()),
            None => (ours.group(place).and_then(|g| g.points), false),
        },
    }
}

/// A unit's counts that are its own, the others left to the roll-up (SPEC §1):
/// - a sub-unit's publication criterion equal to the root's is the root's, shown on the
///   sub-unit unchanged: the sub-unit inherits it;
/// - the root's count of a summed criterion that equals the sum of its sub-units' is their
///   pooled count: the root pools it, so its plans show what each sub-unit costs it.
fn own_counts(
    methodology: &Methodology,
    unit: &PortalUnit,
    capture: &Capture,
) -> BTreeMap<String, CriterionCount> {
    let pooling = |code: &str| methodology.criterion(code).map(|c| c.pooling);
    let root = capture.root.and_then(|r| capture.units.get(r));
    let left_to_roll_up = |code: &str, count: &CriterionCount| match pooling(code) {
        Some(Pooling::Inherit) => {
            !unit.is_root && root.and_then(|r| r.counts.get(code)) == Some(count)
        }
        Some(Pooling::Sum) => unit.is_root && capture.children_sum(code) == Some(*count),
        _ => false,
    };
    (unit.counts.iter())
        .filter(|(code, count)| !left_to_roll_up(code, count))
        .map(|(code, count)| (code.clone(), *count))
        .collect()
}

/// The published points of a sub-unit's groups the portal shows no counts of (the online
/// services of sub-units), given as points in place of their criteria. Points the group cannot
/// have (above its maximum, negative, finer than its rounding) are not taken: the group stays
/// missing, and `compare` shows it so.
fn given_groups(methodology: &Methodology, unit: &PortalUnit) -> BTreeMap<String, Decimal> {
    let takes = |code: &str, points: Decimal| {
        (methodology.group(code)).is_some_and(|g| {
            g.criteria
                .iter()
                .all(|c| !unit.counts.contains_key(&c.code))
                && methodology.group_points_problem(g, points).is_none()
        })
    };
    (unit.published.iter())
        .filter(|_| !unit.is_root)
        .filter_map(|(code, points)| Some((code, (*points)?)))
        .filter(|(code, points)| takes(code, *points))
        .map(|(code, points)| (code.clone(), points))
        .collect()
}

/// The folder names of the six endpoints, as the portal's paths name them.
pub const ENDPOINT_DIRS: [&str; 6] = [
    "transparency",
    "dvc-progress-tree",
    "provide-online-tree",
    "formality-online-payment-tree",
    "handling-satisfaction",
    "dossier-digitized",
];

/// One capture set read from a folder laid out as the portal's paths are (`transparency/`,
/// `dvc-progress-tree/`… each holding `{set}.json`, e.g. `month-all.json`), with the period its
/// manifest (`manifest*.json`, when there is one) says the set was requested for.
#[derive(Debug, Clone)]
pub struct CaptureSet {
    /// The responses, merged.
    pub capture: Capture,
    /// The endpoints found, in [`ENDPOINT_DIRS`] order.
    pub endpoints: Vec<Endpoint>,
    /// The period of the set's requests (`timeType`, `year`, `month`, `quarter` of their
    /// payloads), when a manifest says.
    pub period: Option<Period>,
}

impl CaptureSet {
    /// Reads the set `set` of the folder `dir` whole: every response the folder's manifest lists
    /// for the set (every endpoint's `{set}.json` without a manifest, or with one that lists none
    /// of the set's), and the set's period from the manifest.
    ///
    /// Errors (naming the file): a response listed and missing, or not a regular file; a
    /// response that cannot be read, in which the portal refused the request, that is not a
    /// known endpoint's, or that sits in another endpoint's folder; a manifest whose requests
    /// for the set disagree on the period.
    pub fn read(dir: &std::path::Path, set: &str) -> Result<CaptureSet> {
        CaptureSet::read_with(dir, set, false)
    }

    /// Reads the set `set` of the folder `dir` as it is, declared partial: the responses found,
    /// at least one; a response missing is left out, not an error.
    ///
    /// Errors: as [`CaptureSet::read`]'s, but for missing responses; no response of the set.
    pub fn read_partial(dir: &std::path::Path, set: &str) -> Result<CaptureSet> {
        CaptureSet::read_with(dir, set, true)
    }

    /// Reads the set `set` of the folder `dir`, every response expected unless `partial`.
    fn read_with(dir: &std::path::Path, set: &str, partial: bool) -> Result<CaptureSet> {
        let manifest = read_manifests(dir)?;
        let listed = |folder: &str| {
            let file = format!("{folder}/{set}.json");
            (manifest.iter()).any(|(_, m)| captures_of(m).any(|e| file_of(e) == Some(&file)))
        };
        // A manifest that lists nothing of the set (or nothing at all) says nothing of it: every
        // endpoint's response is expected, as without one.
        let lists_set = ENDPOINT_DIRS.iter().any(|folder| listed(folder));
        // Each endpoint's response, and whether anything is there: a path that is there but is
        // not a file is named when read, never passed by.
        let paths = ENDPOINT_DIRS.map(|folder| {
            let path = dir.join(folder).join(format!("{set}.json"));
            let there = std::fs::symlink_metadata(&path).is_ok();
            (folder, path, there)
        });
        // No response of the set at all: the set is misnamed, not missing a response.
        if !paths.iter().any(|(_, _, there)| *there) {
            return Err(ErrorKind::NoResponseOfSet {
                dir: dir.display().to_string(),
                set: set.to_owned(),
            }
            .into());
        }
        let mut capture = Capture::new();
        let mut endpoints = Vec::new();
        for (folder, path, there) in paths {
            let shown = path.display().to_string();
            let expected = !partial && (!lists_set || listed(folder));
            if !there && !expected {
                continue;
            }
            if !there {
                return Err(ErrorKind::ResponseMissing {
                    path: shown,
                    set: set.to_owned(),
                }
                .into());
            }
            let body = crate::input::read_file(&shown)?;
            let endpoint = capture.add(&body).map_err(|e| e.in_source(&shown))?;
            if endpoint.name() != folder {
                return Err(problem(
                    endpoint.name(),
                    format!(
                        "{shown} holds a response of {}, not {folder}",
                        endpoint.name()
                    ),
                ));
            }
            endpoints.push(endpoint);
        }
        Ok(CaptureSet {
            capture,
            endpoints,
            period: manifest_period(&manifest, set)?,
        })
    }
}

/// The folder's manifests (`manifest*.json`), by name, each read as JSON.
fn read_manifests(dir: &std::path::Path) -> Result<Vec<(String, Value)>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut paths: Vec<std::path::PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("manifest") && n.ends_with(".json"))
        })
        .collect();
    paths.sort();
    let mut manifests = Vec::new();
    for path in paths {
        let shown = path.display().to_string();
        let manifest: Value = crate::input::json::from_str(&crate::input::read_file(&shown)?)
            .map_err(|e| problem("manifest", format!("{shown}: {e}")))?;
        manifests.push((shown, manifest));
    }
    Ok(manifests)
}

/// The entries of a manifest's `captures`.
fn captures_of(manifest: &Value) -> impl Iterator<Item = &Value> {
    (manifest.get("captures").and_then(Value::as_array))
        .into_iter()
        .flatten()
}

/// The file a manifest's entry names, relative to the folder.
fn file_of(entry: &Value) -> Option<&String> {
    match entry.get("file") {
        Some(Value::String(file)) => Some(file),
        _ => None,
    }
}

/// The period of a set's requests, from the folder's manifests; `None` without a manifest or
/// without requests for the set.
fn manifest_period(manifests: &[(String, Value)], set: &str) -> Result<Option<Period>> {
    let file = format!("/{set}.json");
    let mut found: Option<Period> = None;
    for (shown, manifest) in manifests {
        let fail = |text: String| problem("manifest", format!("{shown}: {text}"));
        for entry in captures_of(manifest) {
            let names_set = file_of(entry).is_some_and(|f| f.ends_with(&file));
            let Some(payload) = entry.get("payload").filter(|_| names_set) else {
                continue;
            };
            let number = |key: &str| payload.get(key).and_then(Value::as_i64);
            let year = || {
                number("year")
                    .and_then(|y| i16::try_from(y).ok())
                    .ok_or_else(|| fail(format!("a request for {set} has no year")))
            };
            let small = |key: &str| {
                number(key)
                    .and_then(|v| u8::try_from(v).ok())
                    .ok_or_else(|| fail(format!("a request for {set} has no {key}")))
            };
            let period = match payload.get("timeType").and_then(Value::as_str) {
                Some("year") => Period::year(year()?)?,
                Some("quarter") => Period::quarter(year()?, small("quarter")?)?,
                Some("month") => Period::month(year()?, small("month")?)?,
                _ => continue,
            };
            match found {
                Some(earlier) if earlier != period => {
                    return Err(fail(format!(
                        "requests for {set} name both {earlier} and {period}"
                    )))
                }
                _ => found = Some(period),
            }
        }
    }
    Ok(found)
}

/// Recognises the endpoint of a response's `data` by its fields.
fn recognise(data: &Value) -> Result<Endpoint> {
    if let Some(parent) = data.get("parent") {
        for (key, endpoint) in [
            ("totalOnTime", Endpoint::DvcProgressTree),
            ("authorityCount", Endpoint::ProvideOnlineTree),
            (
                "totalDossierOnlinePaymentSuccess",
                Endpoint::FormalityOnlinePaymentTree,
            ),
        ] {
            if parent.get(key).is_some() {
                return Ok(endpoint);
            }
        }
    }
    let first_metric = data
        .get("overview")
        .and_then(|o| o.get("metrics"))
        .and_then(Value::as_array)
        .and_then(|m| m.iter().find_map(|m| m.get("code").and_then(Value::as_str)));
    if let Some(code) = first_metric {
        for endpoint in [
            Endpoint::Transparency,
            Endpoint::HandlingSatisfaction,
            Endpoint::DossierDigitized,
        ] {
            if endpoint.metric_codes().contains(&code) {
                return Ok(endpoint);
            }
        }
    }
    Err(problem(
        "unknown",
        "not a response of a known evaluation endpoint",
    ))
}

/// The unit's level from `departmentType`, or for children from `departmentLevel`/`level` (a child
/// at `PROVINCE` level is a provincial department). `None` when the entry does not say (the tree
/// endpoints' parents).
fn level_of(fields: &Fields<'_>, is_root: bool) -> Result<Option<Level>> {
    if let Some(kind) = fields.optional_text("departmentType") {
        let level = match kind {
            "MINISTRY" => Level::Ministry,
            "PROVINCE" => Level::Province,
            "PROVINCIAL_DEPARTMENT" => Level::Department,
            "DISTRICT_PEOPLE_COMMITTEE" | "DISTRICT" => Level::District,
            "COMMUNE_PEOPLE_COMMITTEE" | "COMMUNE" => Level::Commune,
            other => return Err(fields.fail(format!("unknown departmentType {other}"))),
        };
        return Ok(Some(level));
    }
    if is_root {
        return Ok(None);
    }
    match fields
        .optional_text("level")
        .or(fields.optional_text("departmentLevel"))
    {
        Some("PROVINCE") | Some("MINISTRY") => Ok(Some(Level::Department)),
        Some("DISTRICT") => Ok(Some(Level::District)),
        Some("COMMUNE") => Ok(Some(Level::Commune)),
        Some(other) => Err(fields.fail(format!("unknown level {other}"))),
        None => Ok(None),
    }
}

/// Counts for a metric the portal shows only as a percentage: `ratio` / 100 as a reduced fraction
/// (100 → 1/1). `None` when there is no ratio either.
fn count_from_ratio(metric: &Fields<'_>) -> Result<Option<CriterionCount>> {
    let Some(ratio) = metric.score("ratio")? else {
        return Ok(None);
    };
    if ratio > Decimal::ONE_HUNDRED || ratio.is_sign_negative() {
        return Err(metric.fail(format!("ratio {ratio} is not a percentage")));
    }
    let scaled = ratio * Decimal::ONE_HUNDRED;
    if !scaled.fract().is_zero() {
        return Err(metric.fail(format!("ratio {ratio} has more than 2 decimals")));
    }
    let num =
        u64::try_from(scaled).map_err(|_| metric.fail(format!("ratio {ratio} is out of range")))?;
    let den = 10_000u64;
    let divisor = gcd(num, den);
    Ok(Some(CriterionCount::Counted {
        num: num / divisor,
        den: den / divisor,
    }))
}

/// The greatest common divisor of `a` and `b` (1 for two zeros, so that it always divides).
fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a.max(1)
    } else {
        gcd(b, a % b)
    }
}
