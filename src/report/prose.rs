//! The report's sentences, worded as the seeds word theirs (“Tổng số hồ sơ nhận giải quyết là
//! 9.003 hồ sơ (…); tỷ lệ hồ sơ nộp trực tuyến là 32,70%”). Text, Markdown and HTML all print
//! these, each in its own markup, so the wording lives here once.

use rust_decimal::Decimal;

use super::index::IndexReport;
use super::monthly::{Figures, MonthlyReport, Named};
use crate::input::printable;
use crate::notation::{format_count, format_points};
use crate::period::Period;
use crate::stats::{OnTimeDefinition, ProcessingCounts, Rates};

/// A titled part of the report: paragraphs, then bullets.
pub(crate) struct Section {
    pub(crate) title: String,
    pub(crate) paragraphs: Vec<String>,
    pub(crate) bullets: Vec<String>,
}

/// How many names a sentence lists before “và N đơn vị khác”.
const NAMES_LISTED: usize = 10;

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

fn names(units: &[Named]) -> String {
    let listed: Vec<String> = units
        .iter()
        .take(NAMES_LISTED)
        .map(|u| printable(&u.name).into_owned())
        .collect();
    let more = units.len().saturating_sub(NAMES_LISTED);
    if more > 0 {
        format!("{} và {more} đơn vị khác", listed.join("; "))
    } else {
        listed.join("; ")
    }
}

/// The sentences of one unit's, tier's or the province's counts.
fn counts_sentences(
    c: &ProcessingCounts,
    rates: &Rates,
    definition: OnTimeDefinition,
) -> Vec<String> {
    let mut out = vec![format!(
        "Tổng số hồ sơ nhận giải quyết là {} (tiếp nhận mới {}, trong đó trực tiếp hoặc qua dịch vụ \
         bưu chính công ích {}, trực tuyến {}; kỳ trước chuyển qua {}); tỷ lệ hồ sơ nộp trực tuyến \
         là {}.",
        dossiers(c.to_settle),
        dossiers(c.new),
        dossiers(c.new_in_person),
        dossiers(c.new_online),
        dossiers(c.carried_over),
        rate(rates.online)
    )];
    let settled = format!(
        "Đã giải quyết {} (trước hạn {}, đúng hạn {}, quá hạn {})",
        dossiers(c.settled),
        dossiers(c.early),
        dossiers(c.on_time),
        dossiers(c.late)
    );
    out.push(match definition {
        OnTimeDefinition::SettledInTime => format!(
            "{settled}; tỷ lệ hồ sơ trước và đúng hạn là {}.",
            rate(rates.on_time)
        ),
        OnTimeDefinition::DueInPeriod => format!(
            "{settled}. Đến hạn giải quyết là {}; đã có kết quả trước và đúng hạn {} (đạt {}); hồ \
             sơ đã trả kết quả nhưng chậm hạn và hồ sơ quá hạn chưa có kết quả là {} (chiếm {}).",
            dossiers(c.due_in_period),
            dossiers(c.due_returned_on_time),
            rate(rates.on_time),
            dossiers(c.due_late()),
            rate(rates.late)
        ),
        OnTimeDefinition::LateShare => format!(
            "{settled}; tỷ lệ hồ sơ không quá hạn (trên tổng số hồ sơ nhận giải quyết) là {}.",
            rate(rates.on_time)
        ),
    });
    out.push(format!(
        "Đang giải quyết {} (trong hạn {}, quá hạn {}, chờ bổ sung {}). Trả lại, rút {} (chiếm {}).",
        dossiers(c.in_process),
        dossiers(c.within_time),
        dossiers(c.past_due),
        dossiers(c.waiting_supplement),
        dossiers(c.returned),
        rate(rates.returned)
    ));
    out
}

/// “tỷ lệ … đạt 32,70%”, or “tỷ lệ …: không có” when there is nothing to measure.
fn attains(label: &str, value: Option<Decimal>) -> String {
    match value {
        Some(_) => format!("{label} đạt {}", rate(value)),
        None => format!("{label}: không có"),
    }
}

fn shares_sentence(rates: &Rates) -> String {
    format!(
        "{}; {}; {}. {}; {}. {}; {}.",
        attains("Tỷ lệ hồ sơ trực tuyến toàn trình", rates.full_online),
        attains(
            "tỷ lệ hồ sơ trực tuyến một phần và toàn trình",
            rates.partial_or_full_online
        ),
        attains(
            "tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ",
            rates.services_used
        ),
        attains("Tỷ lệ số hóa thành phần hồ sơ", rates.digitized_inputs),
        attains("tỷ lệ số hóa kết quả", rates.digitized_results),
        attains("Tỷ lệ hồ sơ thanh toán trực tuyến", rates.online_payment),
        attains("tỷ lệ phát hành biên lai điện tử", rates.e_receipts)
    )
}

/// A period as a sentence names it: “tháng 4/2026”, “kỳ từ 21/3/2026 đến 20/4/2026”.
fn period_named(period: crate::period::Period) -> String {
    match period.kind() {
        crate::period::PeriodKind::Range { .. } => format!("kỳ {}", period.label_vi()),
        _ => period.label_vi(),
    }
}

fn comparison_sentence(figures: &Figures, previous_label: &str) -> Option<String> {
    let changes = figures.changes.as_ref()?;
    let parts: Vec<String> = (changes.labelled().iter())
        .filter_map(|(_, label, value)| {
            value.map(|v| format!("{} {}", label.to_lowercase(), change(v)))
        })
        .collect();
    (!parts.is_empty()).then(|| {
        format!(
            "So với {previous_label}: {} (chênh lệch tính bằng điểm phần trăm).",
            parts.join("; ")
        )
    })
}

/// The sections of the monthly report, in order.
pub(crate) fn sections(report: &MonthlyReport) -> Vec<Section> {
    let definition = report.on_time_definition;
    let previous_label = report.previous.map(period_named);
    let whole = &report.province.figures;
    let mut general = counts_sentences(&whole.stats, &whole.rates, definition);
    general.push(shares_sentence(&whole.rates));
    if let Some(label) = &previous_label {
        general.extend(comparison_sentence(whole, label));
    }
    general.push(format!(
        "Tỷ lệ hồ sơ trước và đúng hạn được tính bằng {}.",
        definition.describe_vi()
    ));
    let mut sections = vec![Section {
        title: format!("1. Kết quả chung {}", period_named(report.period)),
        paragraphs: general,
        bullets: Vec::new(),
    }];
    sections.push(Section {
        title: "2. Kết quả theo cấp".to_owned(),
        paragraphs: Vec::new(),
        bullets: (report.levels.iter())
            .map(|level| {
                let f = &level.figures;
                let mut text = format!(
                    "{} ({} đơn vị): {}",
                    level.label,
                    format_count(level.units as u64),
                    counts_sentences(&f.stats, &f.rates, definition).join(" ")
                );
                if let (Some(label), Some(on_time)) =
                    (&previous_label, f.changes.as_ref().and_then(|c| c.on_time))
                {
                    text.push_str(&format!(
                        " Tỷ lệ trước và đúng hạn {} so với {label}.",
                        change(on_time)
                    ));
                }
                text
            })
            .collect(),
    });
    sections.push(highlights_section(report));
    if let Some(index) = &report.index {
        sections.push(index_section(index));
        sections.push(fix_section(&index.what_to_fix));
    }
    sections
}

fn highlights_section(report: &MonthlyReport) -> Section {
    let h = &report.highlights;
    let mut bullets = Vec::new();
    if h.late_holders.is_empty() {
        bullets.push("Không có đơn vị nào có hồ sơ quá hạn.".to_owned());
    } else {
        let listed: Vec<String> = (h.late_holders.iter().take(NAMES_LISTED))
            .map(|holder| {
                let total = holder.late + holder.past_due;
                let past = if holder.past_due > 0 {
                    format!(
                        ", trong đó {} đang giải quyết quá hạn",
                        dossiers(holder.past_due)
                    )
                } else {
                    String::new()
                };
                format!(
                    "quá hạn {}{past} ở {}",
                    dossiers(total),
                    printable(&holder.unit.name)
                )
            })
            .collect();
        let more = h.late_holders.len().saturating_sub(NAMES_LISTED);
        let more = if more > 0 {
            format!("; và {more} đơn vị khác")
        } else {
            String::new()
        };
        bullets.push(format!(
            "Có {} đơn vị có hồ sơ quá hạn: {}{more}.",
            format_count(h.late_holders.len() as u64),
            listed.join("; ")
        ));
    }
    if !h.all_on_time.is_empty() {
        bullets.push(format!(
            "Có {} đơn vị đạt tỷ lệ hồ sơ trước và đúng hạn 100%: {}.",
            format_count(h.all_on_time.len() as u64),
            names(&h.all_on_time)
        ));
    }
    if !h.all_digitized.is_empty() {
        bullets.push(format!(
            "Có {} đơn vị tỷ lệ số hóa hồ sơ và kết quả đều đạt 100% gồm: {}.",
            format_count(h.all_digitized.len() as u64),
            names(&h.all_digitized)
        ));
    }
    for tier in &h.leaders {
        let mut parts = Vec::new();
        if let Some(leader) = &tier.leader {
            let late = match leader.count {
                0 => "không có hồ sơ quá hạn".to_owned(),
                n => format!("chỉ còn {} quá hạn", dossiers(n)),
            };
            parts.push(format!(
                "{} dẫn đầu với tỷ lệ hồ sơ trước và đúng hạn cao nhất đạt {} ({late})",
                printable(&leader.unit.name),
                rate(leader.rate)
            ));
        }
        if let Some(largest) = &tier.largest {
            parts.push(format!(
                "{} có số lượng hồ sơ tiếp nhận cao nhất ({})",
                printable(&largest.unit.name),
                dossiers(largest.count)
            ));
        }
        if !parts.is_empty() {
            bullets.push(format!("{}: {}.", tier.tier.label_vi(), parts.join("; ")));
        }
    }
    if !h.low_volume.is_empty() {
        let units: Vec<Named> = h.low_volume.iter().map(|s| s.unit.clone()).collect();
        bullets.push(format!(
            "Có {} đơn vị tiếp nhận dưới {} hồ sơ: {}.",
            format_count(units.len() as u64),
            format_count(h.min_volume),
            names(&units)
        ));
    }
    if !h.no_dossiers.is_empty() {
        bullets.push(format!(
            "Có {} đơn vị không tiếp nhận hồ sơ nào: {}.",
            format_count(h.no_dossiers.len() as u64),
            names(&h.no_dossiers)
        ));
    }
    if !h.late_fields.is_empty() {
        let fields: Vec<String> = (h.late_fields.iter().take(5))
            .map(|f| format!("{} ({})", printable(&f.field), dossiers(f.late)))
            .collect();
        bullets.push(format!(
            "Hồ sơ quá hạn tập trung ở các lĩnh vực: {}.",
            fields.join("; ")
        ));
    }
    Section {
        title: "3. Đơn vị, lĩnh vực cần lưu ý".to_owned(),
        paragraphs: Vec::new(),
        bullets,
    }
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

fn index_section(index: &IndexReport) -> Section {
    let provisional = if index.provisional {
        " (tạm tính)"
    } else {
        ""
    };
    let period = index
        .period
        .map(|p| format!(" {}", p.label_vi()))
        .unwrap_or_default();
    let rank = match index.rank {
        Some(rank) => format!(", xếp hạng {rank}/{}", index.of),
        None => ", chưa xếp hạng (chưa đủ số liệu)".to_owned(),
    };
    let mut first = format!(
        "Chỉ số phục vụ người dân, doanh nghiệp{period} của {}: {}/{} điểm{provisional}{rank}; \
         điểm trung bình của các đơn vị cùng cấp là {} điểm.",
        printable(&index.name),
        points(index.total),
        format_points(index.max, 0),
        points(index.peer_average)
    );
    if let Some(change_points) = index.points_change {
        let moved = match index.rank_change {
            Some(0) => ", giữ nguyên thứ hạng".to_owned(),
            Some(up) if up > 0 => format!(", tăng {up} bậc"),
            Some(down) => format!(", giảm {} bậc", -down),
            None => String::new(),
        };
        let sign = if change_points.is_sign_negative() && !change_points.is_zero() {
            format!("giảm {} điểm", format_points(-change_points, 2))
        } else {
            format!("tăng {} điểm", format_points(change_points, 2))
        };
        first.push_str(&format!(" So với kỳ trước: {sign}{moved}."));
    }
    let bullets = (index.groups.iter())
        .map(|group| {
            let criteria: Vec<String> = (group.criteria.iter())
                .map(|c| {
                    format!(
                        "{} {} {} ({}/{} điểm)",
                        c.number,
                        c.name,
                        rate(c.rate),
                        points(c.points),
                        format_points(c.max, 0)
                    )
                })
                .collect();
            format!(
                "Nhóm {}: {}/{} điểm (trung bình cùng cấp {}){}{}",
                group.name,
                points(group.points),
                format_points(group.max, 0),
                points(group.peer_average),
                if criteria.is_empty() { "" } else { ": " },
                criteria.join("; ")
            )
        })
        .collect();
    let mut paragraphs = vec![first];
    if !index.missing.is_empty() {
        paragraphs.push(missing_sentence(&index.missing, index.period));
    }
    Section {
        title: format!(
            "4. Kết quả Bộ chỉ số phục vụ người dân, doanh nghiệp ({})",
            index.methodology
        ),
        paragraphs,
        bullets,
    }
}

pub(crate) fn fix_section(fix: &super::index::WhatToFix) -> Section {
    let mut bullets: Vec<String> = (fix.points_lost.iter())
        .map(|c| {
            format!(
                "Tiêu chí {} {}: {}/{} điểm, mất {} điểm.",
                c.number,
                c.name,
                points(c.points),
                format_points(c.max, 0),
                points(c.points_lost)
            )
        })
        .collect();
    bullets.extend(fix.cheapest.iter().map(super::plan::change_sentence));
    bullets.extend(fix.findings.iter().map(|f| f.message.clone()));
    Section {
        title: "5. Cần khắc phục".to_owned(),
        paragraphs: vec![
            "Các tiêu chí mất nhiều điểm nhất, các mục tiêu cần ít hồ sơ nhất để thêm 1 điểm, và \
             các nhận xét:"
                .to_owned(),
        ],
        bullets,
    }
}
