//! The report's sentences, worded as the seeds word theirs (“Tổng số hồ sơ nhận giải quyết là
//! 9.003 hồ sơ (…); tỷ lệ hồ sơ nộp trực tuyến là 32,70%”, “đạt 33,80%, tăng 8,80% so với tháng
//! 9/2026”). Text, Markdown, HTML and Word all print these, each in its own markup, so the wording
//! lives here once. The body follows SPEC §11's order: the range and the results of the period and
//! of the year to date; the results by level; the units and fields to note; the index; what to
//! fix; the shortcomings and their causes; the tasks of the next period. The last three are
//! drafts, drawn from the figures, that the office completes.

use rust_decimal::Decimal;

use super::document::BLANK;
use super::findings::finding_sentence;
use super::index::{CriterionLine, IndexReport, WhatToFix};
use super::monthly::{Figures, LateHolder, MonthlyReport, Named, Pending, Ranked, Standout};
use crate::notation::{first_letter, format_count, format_days, format_points};
use crate::period::{Period, PeriodKind};
use crate::plan::Kind;
use crate::printable::listed;
use crate::printable::printable;
use crate::stats::OnTimeDefinition;
use crate::unit::Level;

/// What a section holds, so that a renderer places what goes with it (a chart, a table) by
/// kind rather than by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SectionKind {
    /// The reporting range, the period's results and the year to date's.
    Results,
    /// The results of each level (cấp tỉnh, cấp xã…).
    Levels,
    /// The units and fields to note.
    Notes,
    /// The index (Bộ chỉ số), or the one sentence of what it lacks.
    Index,
    /// What to fix in the index (Cần khắc phục).
    Fixes,
    /// Shortcomings (Hạn chế, tồn tại): a draft.
    Shortcomings,
    /// Their causes (Nguyên nhân): a draft.
    Causes,
    /// The next period's tasks (Nhiệm vụ, giải pháp): a draft.
    Tasks,
}

/// A titled part of the report: paragraphs, then bullets.
pub(crate) struct Section {
    pub(crate) kind: SectionKind,
    pub(crate) title: String,
    pub(crate) paragraphs: Vec<String>,
    pub(crate) bullets: Vec<String>,
}

impl Section {
    fn new(kind: SectionKind, title: impl Into<String>) -> Section {
        Section {
            kind,
            title: title.into(),
            paragraphs: Vec::new(),
            bullets: Vec::new(),
        }
    }
}

/// How many names a sentence lists before “và N đơn vị khác”.
const NAMES_LISTED: usize = 10;

/// The line that marks a section drafted from the figures, for the office to complete.
const DRAFT: &str = "(Dự thảo từ số liệu; đơn vị rà soát, bổ sung.)";

/// A rate as officials write it (99,97%), or “không có” when there is nothing to measure.
pub(crate) fn rate(value: Option<Decimal>) -> String {
    match value {
        Some(v) => format!("{}%", format_points(v, 2)),
        None => "không có".to_owned(),
    }
}

/// A change in percentage points as officials write it: “tăng 2,32%”, “giảm 0,44%”.
pub(crate) fn change(value: Decimal) -> String {
    if value.is_zero() {
        "không đổi".to_owned()
    } else if value.is_sign_positive() {
        format!("tăng {}%", format_points(value, 2))
    } else {
        format!("giảm {}%", format_points(-value, 2))
    }
}

fn dossiers(n: u64) -> String {
    format!("{} hồ sơ", format_count(n))
}

fn units_count(n: usize) -> String {
    format!("{} đơn vị", format_count(n as u64))
}

/// “A”, “A và B”, “A, B và C”.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} và {last}", init.join(", ")),
    }
}

fn names(units: &[Named]) -> String {
    let listed: Vec<String> = (units.iter().take(NAMES_LISTED))
        .map(|u| listed(&u.name))
        .collect();
    let more = units.len().saturating_sub(NAMES_LISTED);
    if more > 0 {
        format!(
            "{} và {} đơn vị khác",
            listed.join("; "),
            format_count(more as u64)
        )
    } else {
        listed.join("; ")
    }
}

/// A period as a sentence names it: “tháng 4/2026”, “kỳ từ 21/3/2026 đến 20/4/2026”.
fn period_named(period: Period) -> String {
    match period.kind() {
        PeriodKind::Range { .. } => format!("kỳ {}", period.label_vi()),
        _ => period.label_vi(),
    }
}

/// The period after `period`, as a title names it: “tháng 6/2026”, or “kỳ tới”.
fn next_named(period: Period) -> String {
    let next = match period.kind() {
        PeriodKind::Month { year, month: 12 } => Period::month(year + 1, 1),
        PeriodKind::Month { year, month } => Period::month(year, month + 1),
        PeriodKind::Quarter { year, quarter: 4 } => Period::quarter(year + 1, 1),
        PeriodKind::Quarter { year, quarter } => Period::quarter(year, quarter + 1),
        PeriodKind::Year(year) => Period::year(year + 1),
        PeriodKind::Range { .. } => return "kỳ tới".to_owned(),
    };
    next.map_or_else(|_| "kỳ tới".to_owned(), |p| p.label_vi())
}

/// Rates with their change beside them within one sentence: the first change names the period
/// compared with (“đạt 33,80%, tăng 8,80% so với tháng 9/2026”), the next ones do not.
struct Beside<'a> {
    against: Option<&'a str>,
    named: bool,
}

impl<'a> Beside<'a> {
    fn new(against: Option<&'a str>) -> Beside<'a> {
        Beside {
            against,
            named: false,
        }
    }

    /// “60,89%, giảm 1,49% so với tháng 4/2026”, “60,89%”, or “không có”.
    fn rate(&mut self, value: Option<Decimal>, changed: Option<Decimal>) -> String {
        let shown = rate(value);
        match (value, changed, self.against) {
            (Some(_), Some(c), Some(label)) if !self.named => {
                self.named = true;
                format!("{shown}, {} so với {label}", change(c))
            }
            (Some(_), Some(c), Some(_)) => format!("{shown}, {}", change(c)),
            _ => shown,
        }
    }

    /// “tỷ lệ … đạt 32,70%, tăng …”, or “tỷ lệ …: không có” when there is nothing to measure.
    fn attains(&mut self, label: &str, value: Option<Decimal>, changed: Option<Decimal>) -> String {
        match value {
            Some(_) => format!("{label} đạt {}", self.rate(value, changed)),
            None => format!("{label}: không có"),
        }
    }
}

/// The sentences of one unit's, tier's or the province's counts, each rate with its change
/// since `against` beside it. The late share restates the on-time rate: its change is left out.
fn counts_sentences(
    f: &Figures,
    definition: OnTimeDefinition,
    against: Option<&str>,
) -> Vec<String> {
    let (c, rates, changes) = (&f.stats, &f.rates, f.changes.unwrap_or_default());
    let mut out = vec![format!(
        "Tổng số hồ sơ nhận giải quyết là {} (tiếp nhận mới {}, trong đó trực tiếp hoặc qua dịch vụ \
         bưu chính công ích {}, trực tuyến {}; kỳ trước chuyển qua {}); tỷ lệ hồ sơ nộp trực tuyến \
         là {}.",
        dossiers(c.to_settle),
        dossiers(c.new),
        dossiers(c.new_in_person),
        dossiers(c.new_online),
        dossiers(c.carried_over),
        Beside::new(against).rate(rates.online, changes.online)
    )];
    let settled = format!(
        "Đã giải quyết {} (trước hạn {}, đúng hạn {}, quá hạn {})",
        dossiers(c.settled),
        dossiers(c.early),
        dossiers(c.on_time),
        dossiers(c.late)
    );
    let on_time = Beside::new(against).rate(rates.on_time, changes.on_time);
    out.push(match definition {
        OnTimeDefinition::SettledInTime => {
            format!("{settled}; tỷ lệ hồ sơ trước và đúng hạn là {on_time}.")
        }
        OnTimeDefinition::DueInPeriod => format!(
            "{settled}. Đến hạn giải quyết là {}; đã có kết quả trước và đúng hạn {} (đạt \
             {on_time}); hồ sơ đã trả kết quả nhưng chậm hạn và hồ sơ quá hạn chưa có kết quả là \
             {} (chiếm {}).",
            dossiers(c.due_in_period),
            dossiers(c.due_returned_on_time),
            dossiers(c.due_late()),
            rate(rates.late)
        ),
        OnTimeDefinition::LateShare => format!(
            "{settled}; tỷ lệ hồ sơ không quá hạn (trên tổng số hồ sơ nhận giải quyết) là \
             {on_time}."
        ),
    });
    out.push(format!(
        "Đang giải quyết {} (trong hạn {}, quá hạn {}, chờ bổ sung {}). Trả lại, rút {} (chiếm {}).",
        dossiers(c.in_process),
        dossiers(c.within_time),
        dossiers(c.past_due),
        dossiers(c.waiting_supplement),
        dossiers(c.returned),
        Beside::new(against).rate(rates.returned, changes.returned)
    ));
    out
}

/// The shares of online forms, digitization and payment, each with its change; the share under
/// partly or fully online procedures only when it says more than the online share.
fn shares_sentence(f: &Figures, against: Option<&str>) -> String {
    let (rates, changes) = (&f.rates, f.changes.unwrap_or_default());
    let mut online = Beside::new(against);
    let mut forms = vec![online.attains(
        "Tỷ lệ hồ sơ trực tuyến toàn trình",
        rates.full_online,
        changes.full_online,
    )];
    if !f.partial_or_full_is_online() {
        forms.push(online.attains(
            "tỷ lệ hồ sơ trực tuyến một phần và toàn trình",
            rates.partial_or_full_online,
            changes.partial_or_full_online,
        ));
    }
    forms.push(online.attains(
        "tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ",
        rates.services_used,
        changes.services_used,
    ));
    let mut digitized = Beside::new(against);
    let mut paid = Beside::new(against);
    format!(
        "{}. {}; {}. {}; {}.",
        forms.join("; "),
        digitized.attains(
            "Tỷ lệ số hóa thành phần hồ sơ",
            rates.digitized_inputs,
            changes.digitized_inputs
        ),
        digitized.attains(
            "tỷ lệ số hóa kết quả",
            rates.digitized_results,
            changes.digitized_results
        ),
        paid.attains(
            "Tỷ lệ hồ sơ thanh toán trực tuyến",
            rates.online_payment,
            changes.online_payment
        ),
        paid.attains(
            "tỷ lệ phát hành biên lai điện tử",
            rates.e_receipts,
            changes.e_receipts
        )
    )
}

impl MonthlyReport {
    /// The scope as a whole, as a table's last row or a chart's last bar names it: “Toàn tỉnh”
    /// for a province, “Toàn xã” for a commune…, “Tổng cộng” for every unit counted.
    pub fn scope_label(&self) -> &'static str {
        match self.province.level {
            Some(Level::Province) => "Toàn tỉnh",
            Some(Level::Ministry) => "Toàn bộ, ngành",
            Some(Level::District) => "Toàn huyện",
            Some(Level::Commune) => "Toàn xã",
            Some(Level::Department) => "Toàn đơn vị",
            None => "Tổng cộng",
        }
    }

    /// The previous period as a comparison names it (“tháng 4/2026”), when compared.
    fn against(&self) -> Option<String> {
        self.previous.map(period_named)
    }
}

/// The sections of the monthly report, in SPEC §11's order, numbered.
pub(crate) fn sections(report: &MonthlyReport) -> Vec<Section> {
    let mut all = vec![
        results_section(report),
        levels_section(report),
        notes_section(report),
    ];
    if let Some(index) = &report.index {
        all.push(index_section(index, report));
        let mut fixes = fix_section(&index.what_to_fix);
        // Without a total the index shows no criteria: the note on the rates named alike goes
        // with the first criteria the report shows, those to fix.
        let shown = !fixes.paragraphs.is_empty() || !fixes.bullets.is_empty();
        if !index.is_complete() && shown {
            (fixes.paragraphs).splice(0..0, same_name_sentence(index, report));
        }
        all.push(fixes);
    }
    all.push(shortcomings_section(report));
    all.push(causes_section(report));
    all.push(tasks_section(report));
    all.retain(|s| !s.paragraphs.is_empty() || !s.bullets.is_empty());
    for (n, section) in all.iter_mut().enumerate() {
        section.title = format!("{}. {}", n + 1, section.title);
    }
    all
}

/// The range, the period's results with each rate's change, the year to date's, and how the
/// rates are computed.
fn results_section(report: &MonthlyReport) -> Section {
    let definition = report.on_time_definition;
    let against = report.against();
    let whole = &report.province.figures;
    let mut section = Section::new(
        SectionKind::Results,
        format!("Kết quả chung {}", period_named(report.period)),
    );
    let provisional = if report.provisional {
        " (kỳ chưa kết thúc, số liệu tạm tính)"
    } else {
        ""
    };
    section.paragraphs.push(format!(
        "Kỳ báo cáo: {}{provisional}.",
        format_days(&report.period)
    ));
    section
        .paragraphs
        .extend(counts_sentences(whole, definition, against.as_deref()));
    section
        .paragraphs
        .push(shares_sentence(whole, against.as_deref()));
    if let Some(year) = &report.year_to_date {
        let sentences = counts_sentences(&year.figures, definition, None).join(" ");
        section.paragraphs.push(format!(
            "Lũy kế từ đầu năm ({}): {}",
            format_days(&year.period),
            first_letter(&sentences, false)
        ));
    }
    let mut method = format!(
        "Tỷ lệ hồ sơ trước và đúng hạn được tính bằng {}",
        definition.describe_vi()
    );
    if let Some(label) = &against {
        method.push_str(&format!(
            "; mức tăng, giảm so với {label} tính bằng điểm phần trăm"
        ));
    }
    section.paragraphs.push(method + ".");
    section
}

/// Each level's results with their changes, and its year to date.
fn levels_section(report: &MonthlyReport) -> Section {
    let against = report.against();
    let mut section = Section::new(SectionKind::Levels, "Kết quả theo cấp");
    for level in &report.levels {
        let mut text = format!(
            "{} ({}): {}",
            level.label,
            units_count(level.units),
            counts_sentences(
                &level.figures,
                report.on_time_definition,
                against.as_deref()
            )
            .join(" ")
        );
        let year = (report.year_to_date.iter())
            .flat_map(|y| &y.levels)
            .find(|y| y.tier == level.tier);
        if let Some(year) = year {
            let s = &year.figures.stats;
            text.push_str(&format!(
                " Lũy kế từ đầu năm: nhận giải quyết {}, đã giải quyết {}, tỷ lệ hồ sơ trước và \
                 đúng hạn {}.",
                dossiers(s.to_settle),
                dossiers(s.settled),
                rate(year.figures.rates.on_time)
            ));
        }
        section.bullets.push(text);
    }
    section
}

/// The named entries of a ranked list, “; ”-separated, and “; và N đơn vị khác, mỗi đơn vị
/// không quá K hồ sơ” for the rest (`what` names them: “đơn vị”, “lĩnh vực”).
fn ranked<T>(
    list: &Ranked<T>,
    entry: impl Fn(&T) -> String,
    key: impl Fn(&T) -> u64,
    what: &str,
) -> String {
    let listed: Vec<String> = list.leading().iter().map(entry).collect();
    let rest = match list.rest() {
        [] => String::new(),
        rest => {
            let most = rest.first().map_or(0, &key);
            let each = format!("mỗi {what} không quá {}", dossiers(most));
            match listed.is_empty() {
                true => each,
                false => format!(
                    "; và {} {what} khác, {each}",
                    format_count(rest.len() as u64)
                ),
            }
        }
    };
    format!("{}{rest}", listed.join("; "))
}

/// “Có 113 đơn vị còn hồ sơ quá hạn, nhiều nhất: Sở 10 (11 hồ sơ, trong đó 8 hồ sơ đang giải
/// quyết đã quá hạn); …; và 103 đơn vị khác, mỗi đơn vị không quá 5 hồ sơ.”
fn late_holders_sentence(holders: &Ranked<LateHolder>) -> String {
    if holders.is_empty() {
        return "Không có đơn vị nào có hồ sơ quá hạn.".to_owned();
    }
    let entry = |h: &LateHolder| {
        let name = printable(&h.unit.name);
        match (h.late, h.past_due) {
            (_, 0) => format!("{name} ({})", dossiers(h.late)),
            (0, past) => format!(
                "{name} ({}, đều đang giải quyết đã quá hạn)",
                dossiers(past)
            ),
            (_, past) => format!(
                "{name} ({}, trong đó {} đang giải quyết đã quá hạn)",
                dossiers(h.total()),
                dossiers(past)
            ),
        }
    };
    let listed = ranked(holders, entry, LateHolder::total, "đơn vị");
    let lead = match (holders.leading().len(), holders.rest().len()) {
        (0, _) => ", ",
        (_, 0) => ": ",
        _ => ", nhiều nhất: ",
    };
    format!(
        "Có {} còn hồ sơ quá hạn{lead}{listed}.",
        units_count(holders.len())
    )
}

/// “Một số đơn vị còn nhiều hồ sơ trả lại, chờ bổ sung: Sở 2 (2 hồ sơ trả lại, 5 hồ sơ chờ bổ
/// sung); …”.
fn pending_sentence(pending: &Ranked<Pending>) -> Option<String> {
    if pending.is_empty() {
        return None;
    }
    let entry = |p: &Pending| {
        let mut parts = Vec::new();
        if p.returned > 0 {
            parts.push(format!("{} trả lại", dossiers(p.returned)));
        }
        if p.waiting_supplement > 0 {
            parts.push(format!("{} chờ bổ sung", dossiers(p.waiting_supplement)));
        }
        format!("{} ({})", listed(&p.unit.name), parts.join(", "))
    };
    let listed = ranked(pending, entry, Pending::total, "đơn vị");
    Some(format!(
        "Đơn vị có nhiều hồ sơ trả lại, chờ bổ sung: {listed}."
    ))
}

/// How many units tied at the top a sentence names before “và N đơn vị khác”.
const TIED_NAMED: usize = 5;

/// Units tied at the top of a list, each with its detail: “A (…)”, “A (…) và B (…) cùng”, or,
/// for many, the first few and how many more share the top.
fn tied(units: &[Standout], detail: impl Fn(&Standout) -> String) -> Option<String> {
    let each: Vec<String> = (units.iter().take(TIED_NAMED))
        .map(|s| format!("{} ({})", listed(&s.unit.name), detail(s)))
        .collect();
    match (each.len(), units.len().saturating_sub(TIED_NAMED)) {
        (0, _) => None,
        (1, _) => Some(and_list(&each)),
        (_, 0) => Some(format!("{} cùng", and_list(&each))),
        (_, more) => Some(format!(
            "{} và {} đơn vị khác cùng mức",
            each.join(", "),
            format_count(more as u64)
        )),
    }
}

/// A tier's leaders in on-time, online payment and e-receipts (among its units with at least
/// `min_volume` dossiers to settle, which the sentence says), and its largest units.
fn leaders_sentence(leaders: &super::monthly::TierLeaders, min_volume: u64) -> Option<String> {
    let on_time = |s: &Standout| match s.count {
        0 => format!("{}, không có hồ sơ quá hạn", rate(s.rate)),
        n => format!("{}, còn {} quá hạn", rate(s.rate), dossiers(n)),
    };
    let of_base = |s: &Standout| format!("{} trên {}", rate(s.rate), dossiers(s.count));
    let mut parts = Vec::new();
    let mut lead = |who: Option<String>, what: &str| {
        parts.extend(who.map(|who| format!("{who} dẫn đầu về {what}")));
    };
    lead(
        tied(&leaders.on_time, on_time),
        "tỷ lệ hồ sơ trước và đúng hạn",
    );
    lead(
        tied(&leaders.online_payment, of_base),
        "tỷ lệ thanh toán trực tuyến",
    );
    lead(tied(&leaders.e_receipts, of_base), "tỷ lệ biên lai điện tử");
    let largest: Vec<String> = (leaders.largest.iter())
        .map(|s| listed(&s.unit.name))
        .collect();
    if let Some(first) = leaders.largest.first() {
        let together = if largest.len() > 1 { " cùng" } else { "" };
        parts.push(format!(
            "{}{together} có số lượng hồ sơ tiếp nhận cao nhất ({})",
            and_list(&largest),
            dossiers(first.count)
        ));
    }
    let among = if leaders.on_time.is_empty()
        && leaders.online_payment.is_empty()
        && leaders.e_receipts.is_empty()
    {
        String::new()
    } else {
        format!(
            " (so sánh giữa các đơn vị có từ {} hồ sơ cần giải quyết trở lên)",
            format_count(min_volume.max(1))
        )
    };
    (!parts.is_empty())
        .then(|| format!("{}{among}: {}.", leaders.tier.label_vi(), parts.join("; ")))
}

/// The units and fields the report names.
fn notes_section(report: &MonthlyReport) -> Section {
    let h = &report.highlights;
    let mut section = Section::new(SectionKind::Notes, "Đơn vị, lĩnh vực cần lưu ý");
    let bullets = &mut section.bullets;
    bullets.push(late_holders_sentence(&h.late_holders));
    bullets.extend(pending_sentence(&h.returned_or_waiting));
    if !h.all_on_time.is_empty() {
        bullets.push(format!(
            "Có {} đạt tỷ lệ hồ sơ trước và đúng hạn 100%: {}.",
            units_count(h.all_on_time.len()),
            names(&h.all_on_time)
        ));
    }
    if !h.all_digitized.is_empty() {
        bullets.push(format!(
            "Có {} tỷ lệ số hóa hồ sơ và kết quả đều đạt 100% gồm: {}.",
            units_count(h.all_digitized.len()),
            names(&h.all_digitized)
        ));
    }
    bullets
        .extend((h.leaders.iter()).filter_map(|leaders| leaders_sentence(leaders, h.min_volume)));
    if h.low_volume.len() == h.receiving_units && h.receiving_units > 1 {
        // Every unit below the threshold: a list of all of them would single no one out.
        bullets.push(format!(
            "Tất cả {} đều tiếp nhận dưới {} trong kỳ.",
            units_count(h.receiving_units),
            dossiers(h.min_volume)
        ));
    } else if !h.low_volume.is_empty() {
        let units: Vec<Named> = h.low_volume.iter().map(|s| s.unit.clone()).collect();
        bullets.push(format!(
            "Có {} tiếp nhận dưới {}: {}.",
            units_count(units.len()),
            dossiers(h.min_volume),
            names(&units)
        ));
    }
    if !h.no_dossiers.is_empty() {
        bullets.push(format!(
            "Có {} không tiếp nhận hồ sơ nào: {}.",
            units_count(h.no_dossiers.len()),
            names(&h.no_dossiers)
        ));
    }
    if !h.late_fields.is_empty() {
        let entry = |f: &super::monthly::FieldCount| {
            format!("{} ({})", printable(&f.field), dossiers(f.late))
        };
        bullets.push(format!(
            "Lĩnh vực có nhiều hồ sơ quá hạn nhất: {}.",
            ranked(&h.late_fields, entry, |f| f.late, "lĩnh vực")
        ));
    }
    section
}

/// Points as the index shows them (61,89), or “—”.
pub(crate) fn points(value: Option<Decimal>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format_points(v, 2))
}

/// What is missing for a total and how to give it, as one sentence: “Chưa đủ số liệu để tính tổng
/// điểm: thiếu 6 tiêu chí (1.1 Tỷ lệ TTHC công bố đúng hạn; …). Các số liệu này không có trong dữ
/// liệu hồ sơ: …”. Every criterion is named, by number and name; empty when nothing is missing.
pub fn missing_sentence(missing: &[super::NamedCriterion], period: Option<Period>) -> String {
    if missing.is_empty() {
        return String::new();
    }
    let named: Vec<String> = (missing.iter())
        .map(|c| match c.number.as_str() {
            "" => printable(&c.name).into_owned(),
            number => format!("{number} {}", printable(&c.name)),
        })
        .collect();
    let period = period.map_or_else(|| "KỲ".to_owned(), |p| p.to_string());
    format!(
        "Chưa đủ số liệu để tính tổng điểm: thiếu {} tiêu chí ({}). Các số liệu này không có \
         trong dữ liệu hồ sơ: lập tệp mẫu bằng lệnh “chiso766 template --period {period}”, điền \
         cột Tử số và Mẫu số của từng dòng trong Excel, khai báo tệp ở mục counts của tệp cấu hình \
         (chiso766.toml) rồi lập lại báo cáo.",
        format_count(missing.len() as u64),
        named.join("; ")
    )
}

impl IndexReport {
    /// The unit's peers as an average names them: “cả nước” for a province (“trung bình cả
    /// nước”), “các bộ, ngành” for a ministry, “cùng cấp trong tỉnh” for a department or commune.
    pub fn peers_label(&self) -> &'static str {
        match self.level {
            Level::Province => "cả nước",
            Level::Ministry => "các bộ, ngành",
            Level::Department | Level::District | Level::Commune => "cùng cấp trong tỉnh",
        }
    }

    /// A criterion's line by code, when the index shows it.
    fn criterion(&self, code: &str) -> Option<&CriterionLine> {
        (self.groups.iter())
            .flat_map(|g| &g.criteria)
            .find(|c| c.code == code)
    }
}

/// What a criterion counts, as “không phát sinh … trong kỳ” names it, from its name.
fn counted_in(name: &str) -> &'static str {
    let rest = name.strip_prefix("Tỷ lệ ").unwrap_or(name);
    if name.contains("PAKN") {
        "PAKN"
    } else if rest.starts_with("TTHC") {
        "TTHC"
    } else if rest.starts_with("dịch vụ công") {
        "dịch vụ công trực tuyến"
    } else if rest.contains("hồ sơ") {
        "hồ sơ"
    } else {
        "trường hợp"
    }
}

/// “1.1 Tỷ lệ TTHC công bố đúng hạn 44,44% (2,67/6 điểm)”; a criterion with nothing to measure:
/// “5.1 …: không phát sinh PAKN trong kỳ (đạt tối đa 6/6 điểm)”.
fn criterion_words(c: &CriterionLine) -> String {
    let max = format_points(c.max, 0);
    let label = format!("{} {}", c.number, printable(&c.name));
    match (c.den, c.points) {
        (Some(0), Some(p)) if p >= c.max => format!(
            "{label}: không phát sinh {} trong kỳ (đạt tối đa {max}/{max} điểm)",
            counted_in(&c.name)
        ),
        (Some(0), p) => format!(
            "{label}: không phát sinh {} trong kỳ ({}/{max} điểm)",
            counted_in(&c.name),
            points(p)
        ),
        _ => format!("{label} {} ({}/{max} điểm)", rate(c.rate), points(c.points)),
    }
}

/// “So với tháng 7/2026 giảm 0,51 điểm, tụt 4 bậc.”
fn index_change_sentence(index: &IndexReport) -> Option<String> {
    let gained = index.points_change?;
    let label = index
        .previous
        .map_or_else(|| "kỳ trước".to_owned(), period_named);
    let moved = match index.rank_change {
        Some(0) => ", giữ nguyên thứ hạng".to_owned(),
        Some(up) if up > 0 => format!(", tăng {up} bậc"),
        Some(down) => format!(", tụt {} bậc", -down),
        None => String::new(),
    };
    let how = if gained.is_zero() {
        "tổng điểm không đổi".to_owned()
    } else if gained.is_sign_negative() {
        format!("giảm {} điểm", format_points(-gained, 2))
    } else {
        format!("tăng {} điểm", format_points(gained, 2))
    };
    Some(format!("So với {label} {how}{moved}."))
}

/// The index's first paragraph: total, rank, the peers' average, the change.
fn index_total_sentence(index: &IndexReport) -> String {
    let provisional = if index.provisional {
        " (tạm tính)"
    } else {
        ""
    };
    let period = (index.period)
        .map(|p| format!(" {}", p.label_vi()))
        .unwrap_or_default();
    let rank = match index.rank {
        Some(rank) => format!(", xếp hạng {rank}/{}", index.of),
        None => ", chưa xếp hạng".to_owned(),
    };
    let mut first = format!(
        "Chỉ số phục vụ người dân, doanh nghiệp{period} của {}: {}/{} điểm{provisional}{rank}; \
         điểm trung bình {} là {} điểm.",
        printable(&index.name),
        points(index.total),
        format_points(index.max, 0),
        index.peers_label(),
        points(index.peer_average)
    );
    if let Some(changed) = index_change_sentence(index) {
        first.push(' ');
        first.push_str(&changed);
    }
    first
}

/// The criteria at their strength (the findings' strengths), as one sentence.
fn strengths_sentence(index: &IndexReport) -> Option<String> {
    let strong: Vec<String> = (index.what_to_fix.findings.iter())
        .filter(|f| f.kind() == Kind::Strength)
        .filter_map(|f| index.criterion(&f.code))
        .map(|c| format!("{} {} ({})", c.number, printable(&c.name), rate(c.rate)))
        .collect();
    (!strong.is_empty()).then(|| format!("Các tiêu chí đạt kết quả tốt: {}.", strong.join("; ")))
}

/// The month's online share and on-time rate are not criteria 3.3 and 2.1 of the index, though
/// named alike: said once, where the index's criteria are first read beside the month's rates
/// (the index's groups, or without a total what to fix). Without the index the report shows
/// one rate of each name: nothing to tell apart.
fn same_name_sentence(index: &IndexReport, report: &MonthlyReport) -> Option<String> {
    let rates = &report.province.figures.rates;
    let mut parts = Vec::new();
    let rated = |code: &str| index.criterion(code).filter(|c| c.rate.is_some());
    if let Some(online) = rated("ONLINE_DOSSIERS") {
        parts.push(format!(
            "tỷ lệ hồ sơ nộp trực tuyến ở mục 1 ({}) là số hồ sơ tiếp nhận mới trực tuyến trên số hồ \
             sơ tiếp nhận mới, còn tiêu chí {} ({}) tính trên mọi hồ sơ của kỳ, nhân với tỷ lệ \
             đồng bộ lên Cổng DVCQG, hồ sơ phải trả kết quả bản giấy chỉ được tính khi có kết quả \
             điện tử",
            rate(rates.online),
            online.number,
            rate(online.rate)
        ));
    }
    if let Some(on_time) = rated("DOSSIER_ON_TIME") {
        parts.push(format!(
            "tỷ lệ hồ sơ trước và đúng hạn ở mục 1 ({}) tính bằng {}, còn tiêu chí {} ({}) tính \
             trên mọi hồ sơ của kỳ, kể cả hồ sơ đang giải quyết (chưa quá hạn được tính là đúng hạn)",
            rate(rates.on_time),
            report.on_time_definition.describe_vi(),
            on_time.number,
            rate(on_time.rate)
        ));
    }
    (!parts.is_empty()).then(|| {
        format!(
            "Lưu ý: số liệu thống kê của kỳ và tiêu chí cùng tên của Bộ chỉ số là hai tỷ lệ khác \
             nhau: {}.",
            parts.join("; ")
        )
    })
}

/// The index: total, rank and change, strengths, the note on rates named alike, each group's
/// criteria; without a total, the one sentence of what is missing and how to give it.
fn index_section(index: &IndexReport, report: &MonthlyReport) -> Section {
    let mut section = Section::new(
        SectionKind::Index,
        "Kết quả Bộ chỉ số phục vụ người dân, doanh nghiệp",
    );
    if !index.is_complete() {
        let missing = missing_sentence(&index.missing, index.period);
        section.paragraphs.push(if missing.is_empty() {
            "Chưa đủ số liệu để tính tổng điểm.".to_owned()
        } else {
            missing
        });
        return section;
    }
    section.paragraphs.push(index_total_sentence(index));
    section.paragraphs.extend(strengths_sentence(index));
    section.paragraphs.extend(same_name_sentence(index, report));
    section.bullets = (index.groups.iter())
        .map(|group| {
            let criteria: Vec<String> = group.criteria.iter().map(criterion_words).collect();
            format!(
                "Nhóm {}: {}/{} điểm (trung bình {} {}){}{}",
                printable(&group.name),
                points(group.points),
                format_points(group.max, 0),
                index.peers_label(),
                points(group.peer_average),
                if criteria.is_empty() { "" } else { ": " },
                criteria.join("; ")
            )
        })
        .collect();
    section
}

/// The remarks of the findings, one line per criterion (or group, or unit): a criterion's
/// several findings join in one sentence; strengths are not things to fix.
fn remarks(fix: &WhatToFix) -> Vec<String> {
    let mut lines: Vec<(&str, String)> = Vec::new();
    for finding in fix.findings.iter().filter(|f| f.kind() != Kind::Strength) {
        let sentence = finding_sentence(finding);
        let message = sentence.trim_end_matches('.');
        match lines.iter_mut().find(|(code, _)| *code == finding.code) {
            Some((_, line)) => {
                // “Tiêu chí 1.1 …: đạt 44,44%” and “Tiêu chí 1.1 …: 2,67 điểm, …” say “Tiêu chí
                // 1.1 …: đạt 44,44%; 2,67 điểm, …”.
                let prefix = line.split_once(": ").map(|(p, _)| p.len() + 2);
                let rest = prefix.and_then(|n| {
                    message
                        .get(n..)
                        .filter(|_| message.get(..n) == line.get(..n))
                });
                line.push_str("; ");
                line.push_str(rest.unwrap_or(message));
            }
            None => lines.push((&*finding.code, message.to_owned())),
        }
    }
    lines.into_iter().map(|(_, line)| line + ".").collect()
}

/// What to fix, in three parts: where the points went, the fewest cases that bring one back,
/// the remarks (each criterion once). A part's letter is written only when there are several.
pub(crate) fn fix_section(fix: &WhatToFix) -> Section {
    let mut section = Section::new(SectionKind::Fixes, "Cần khắc phục");
    let lost: Vec<String> = (fix.points_lost.iter())
        .map(|c| {
            format!(
                "{} {} {}/{} điểm (mất {} điểm)",
                c.number,
                printable(&c.name),
                points(c.points),
                format_points(c.max, 0),
                points(c.points_lost)
            )
        })
        .collect();
    let ways: Vec<String> = fix
        .cheapest
        .iter()
        .map(super::plan::change_sentence)
        .collect();
    let remarks = remarks(fix);
    let several = [!lost.is_empty(), !ways.is_empty(), !remarks.is_empty()]
        .iter()
        .filter(|&&b| b)
        .count()
        > 1;
    let letter = |l: &str| {
        if several {
            format!("{l}) ")
        } else {
            String::new()
        }
    };
    if !lost.is_empty() {
        section.paragraphs.push(format!(
            "{}Các tiêu chí mất nhiều điểm nhất: {}.",
            letter("a"),
            lost.join("; ")
        ));
    }
    if !ways.is_empty() {
        section.paragraphs.push(format!(
            "{}Cách nâng điểm với ít trường hợp nhất: {}",
            letter("b"),
            ways.join(" ")
        ));
    }
    if several && !remarks.is_empty() {
        section.paragraphs.push(format!("{}Nhận xét:", letter("c")));
    }
    section.bullets = remarks;
    section
}

/// How many weak criteria the shortcomings name before “và N tiêu chí khác”.
const WEAK_LISTED: usize = 5;

/// The index's weak groups and criteria (its findings), as one sentence: every weak group, the
/// first weak criteria in the methodology's order.
fn weak_index_sentence(index: &IndexReport) -> Option<String> {
    let of_kind =
        |kind: Kind| (index.what_to_fix.findings.iter()).filter(move |f| f.kind() == kind);
    let mut weak: Vec<String> = (of_kind(Kind::WeakGroup))
        .filter_map(|f| index.groups.iter().find(|g| g.code == f.code))
        .map(|g| {
            format!(
                "nhóm {} {}/{} điểm",
                printable(&g.name),
                points(g.points),
                format_points(g.max, 0)
            )
        })
        .collect();
    let criteria: Vec<&CriterionLine> = (of_kind(Kind::WeakCriterion))
        .filter_map(|f| index.criterion(&f.code))
        .collect();
    weak.extend(criteria.iter().take(WEAK_LISTED).map(|c| {
        format!(
            "tiêu chí {} {} {}",
            c.number,
            printable(&c.name),
            rate(c.rate)
        )
    }));
    if criteria.len() > WEAK_LISTED {
        weak.push(format!(
            "và {} tiêu chí khác",
            format_count((criteria.len() - WEAK_LISTED) as u64)
        ));
    }
    (!weak.is_empty()).then(|| {
        format!(
            "Một số nhóm, tiêu chí của Bộ chỉ số đạt thấp: {}.",
            weak.join("; ")
        )
    })
}

/// The rates that fell, as a clause: “tỷ lệ … còn 60,89% (giảm 1,49%); …”.
fn falls_clause(report: &MonthlyReport) -> Option<String> {
    let falls = &report.highlights.falls;
    (!falls.is_empty()).then(|| {
        let each: Vec<String> = (falls.iter())
            .map(|f| {
                format!(
                    "{} còn {} ({})",
                    first_letter(f.label, false),
                    rate(Some(f.rate)),
                    change(f.change)
                )
            })
            .collect();
        each.join("; ")
    })
}

/// Shortcomings (Hạn chế, tồn tại), drafted from the figures: the rates that fell, the late
/// dossiers and who holds them, the many returned or waiting, the index's weak points.
fn shortcomings_section(report: &MonthlyReport) -> Section {
    let h = &report.highlights;
    let whole = &report.province.figures.stats;
    let mut section = Section::new(SectionKind::Shortcomings, "Hạn chế, tồn tại");
    section.paragraphs.push(DRAFT.to_owned());
    let bullets = &mut section.bullets;
    if let (Some(falls), Some(label)) = (falls_clause(report), report.against()) {
        bullets.push(format!("Một số tỷ lệ giảm so với {label}: {falls}."));
    }
    if !h.late_holders.is_empty() {
        bullets.push(format!(
            "Còn {} giải quyết quá hạn trong kỳ và {} đang giải quyết đã quá hạn, tại {} (mục 3).",
            dossiers(whole.late),
            dossiers(whole.past_due),
            units_count(h.late_holders.len())
        ));
    }
    let pending: Vec<String> = (h.returned_or_waiting.leading().iter())
        .map(|p| printable(&p.unit.name).into_owned())
        .collect();
    if !pending.is_empty() {
        bullets.push(format!(
            "Còn {} trả lại, rút và {} chờ bổ sung, nhiều nhất ở {}.",
            dossiers(whole.returned),
            dossiers(whole.waiting_supplement),
            and_list(&pending)
        ));
    }
    if let Some(index) = report.index.as_ref().filter(|i| i.is_complete()) {
        bullets.extend(weak_index_sentence(index));
        bullets.extend(
            (index.what_to_fix.findings.iter())
                .filter(|f| f.kind() == Kind::Falling)
                .map(|f| format!("Bộ chỉ số: {}", first_letter(&finding_sentence(f), false))),
        );
    }
    bullets.push(format!("Hạn chế khác: {BLANK}"));
    section
}

/// Causes (Nguyên nhân): what the figures know (the fields of the late dossiers), and lines for
/// what they cannot.
fn causes_section(report: &MonthlyReport) -> Section {
    let mut section = Section::new(SectionKind::Causes, "Nguyên nhân");
    section.paragraphs.push(DRAFT.to_owned());
    let fields: Vec<String> = (report.highlights.late_fields.leading().iter())
        .map(|f| format!("{} ({})", printable(&f.field), dossiers(f.late)))
        .collect();
    if !fields.is_empty() {
        section.bullets.push(format!(
            "Hồ sơ quá hạn nhiều ở các lĩnh vực {}: quy trình, thời gian giải quyết của các lĩnh \
             vực này có thể chưa phù hợp (đơn vị xác định nguyên nhân cụ thể).",
            fields.join(", ")
        ));
    }
    section
        .bullets
        .push(format!("Nguyên nhân chủ quan: {BLANK}"));
    section
        .bullets
        .push(format!("Nguyên nhân khách quan: {BLANK}"));
    section
}

/// The next period's tasks, drafted from the plans: who settles how many past-due dossiers,
/// the rates to raise again, the index's targets with the fewest cases, and the date by which
/// units report back, left blank.
fn tasks_section(report: &MonthlyReport) -> Section {
    let h = &report.highlights;
    let mut section = Section::new(
        SectionKind::Tasks,
        format!("Nhiệm vụ, giải pháp {}", next_named(report.period)),
    );
    section.paragraphs.push(DRAFT.to_owned());
    let bullets = &mut section.bullets;
    if !h.past_due_holders.is_empty() {
        let entry = |holder: &LateHolder| {
            format!(
                "{} ({})",
                printable(&holder.unit.name),
                dossiers(holder.past_due)
            )
        };
        bullets.push(format!(
            "Các đơn vị giải quyết dứt điểm hồ sơ đã quá hạn: {}.",
            ranked(&h.past_due_holders, entry, |p| p.past_due, "đơn vị")
        ));
    }
    if !h.falls.is_empty() {
        let labels: Vec<String> = h
            .falls
            .iter()
            .map(|f| first_letter(f.label, false))
            .collect();
        bullets.push(format!(
            "Các đơn vị có giải pháp nâng lại các tỷ lệ đã giảm trong {}: {}.",
            period_named(report.period),
            labels.join("; ")
        ));
    }
    if let Some(index) = &report.index {
        bullets.extend((index.what_to_fix.cheapest.iter()).map(|c| {
            format!(
                "Bộ chỉ số: {}",
                first_letter(&super::plan::change_sentence(c), false)
            )
        }));
    }
    bullets.push(format!("Nhiệm vụ khác: {BLANK}"));
    let to = (report.document.issuer_in_sentence())
        .map_or_else(String::new, |issuer| format!(" về {}", printable(&issuer)));
    bullets.push(format!(
        "Các đơn vị báo cáo kết quả thực hiện{to} trước ngày {BLANK}/{BLANK}/{BLANK}."
    ));
    section
}
