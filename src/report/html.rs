//! The monthly report as one self-contained HTML file: inline CSS, inline SVG charts (how each
//! tier's dossiers stand, the groups against their maxima and the peers' average, the trend, the
//! rankings as bars), no JavaScript and nothing fetched from the network, laid out for A4 paper.

use std::fmt::Write as _;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::index::IndexReport;
use super::monthly::MonthlyReport;
use super::prose::{points, sections};
use super::table::{all, Table};
use crate::notation::{format_count, format_points};
use crate::stats::ProcessingCounts;

const STYLE: &str = "
@page { size: A4; margin: 15mm 12mm; }
body { font-family: 'Times New Roman', 'Noto Serif', serif; font-size: 11pt; color: #111;
       max-width: 190mm; margin: 0 auto; line-height: 1.4; }
h1 { font-size: 15pt; text-align: center; text-transform: uppercase; margin: 0 0 4mm; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm; }
h3 { font-size: 11.5pt; margin: 4mm 0 2mm; }
p { text-align: justify; margin: 0 0 2mm; }
.provisional { text-align: center; color: #b71c1c; font-weight: bold; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; margin: 2mm 0 4mm; }
th, td { border: 0.3pt solid #555; padding: 1pt 2pt; }
th { background: #eee; }
td.n { text-align: right; white-space: nowrap; }
figure { margin: 3mm 0; page-break-inside: avoid; }
figcaption { font-style: italic; font-size: 9.5pt; text-align: center; }
svg text { font-family: inherit; font-size: 9px; }
tr { page-break-inside: avoid; }
";

/// Escapes text for HTML and SVG.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The report as one HTML document.
pub fn monthly(report: &MonthlyReport) -> String {
    let title = report.title();
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        escape(&title),
        escape(&title)
    );
    if report.provisional {
        out.push_str("<p class=\"provisional\">Số liệu tạm tính: kỳ báo cáo chưa kết thúc.</p>\n");
    }
    for (n, section) in sections(report).into_iter().enumerate() {
        let _ = writeln!(out, "<h2>{}</h2>", escape(&section.title));
        for paragraph in &section.paragraphs {
            let _ = writeln!(out, "<p>{}</p>", escape(paragraph));
        }
        if !section.bullets.is_empty() {
            out.push_str("<ul>\n");
            for bullet in &section.bullets {
                let _ = writeln!(out, "<li>{}</li>", escape(bullet));
            }
            out.push_str("</ul>\n");
        }
        // The charts follow the sections they illustrate.
        match (n, &report.index) {
            (1, _) => standing_chart(&mut out, report),
            (3, Some(index)) => {
                groups_chart(&mut out, index);
                trend_chart(&mut out, index);
                ranking_charts(&mut out, index);
            }
            _ => {}
        }
    }
    out.push_str("<h2>Phụ lục</h2>\n");
    for table in all(report) {
        write_table(&mut out, &table);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn write_table(out: &mut String, table: &Table) {
    let _ = writeln!(
        out,
        "<h3>{}</h3>\n<table>\n<thead><tr>",
        escape(table.title)
    );
    for header in &table.header {
        let _ = write!(out, "<th>{}</th>", escape(header));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for cell in row {
            let class = if cell.is_number() { " class=\"n\"" } else { "" };
            let _ = write!(out, "<td{class}>{}</td>", escape(&cell.display()));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// A share of a whole as a width in pixels.
fn share(part: u64, whole: u64, width: f64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64 * width
    }
}

/// Points as a number for drawing: coordinates in pixels, never a figure shown or compared.
fn number(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

/// A part of a stacked bar: its legend, its colour, and how many dossiers it holds.
type Part = (&'static str, &'static str, fn(&ProcessingCounts) -> u64);

/// Each tier's and the whole's dossiers as stacked bars: settled in time, settled late,
/// returned, within time, past due, waiting for a supplement.
fn standing_chart(out: &mut String, report: &MonthlyReport) {
    let mut bars: Vec<(String, ProcessingCounts)> = (report.levels.iter())
        .map(|l| (l.label.to_owned(), l.figures.stats))
        .collect();
    bars.push(("Toàn bộ".to_owned(), report.province.figures.stats));
    let parts: [Part; 6] = [
        ("Giải quyết trước và đúng hạn", "#2e7d32", |c| {
            c.early + c.on_time
        }),
        ("Giải quyết quá hạn", "#c62828", |c| c.late),
        ("Trả lại, rút", "#9e9e9e", |c| c.returned),
        ("Đang giải quyết trong hạn", "#1565c0", |c| {
            c.within_time
        }),
        ("Đang giải quyết quá hạn", "#ef6c00", |c| c.past_due),
        ("Chờ bổ sung", "#6a1b9a", |c| c.waiting_supplement),
    ];
    let (left, width, row) = (90.0, 560.0, 22.0);
    let height = row * bars.len() as f64 + 40.0;
    let _ = write!(
        out,
        "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 680 {height}\" \
         width=\"100%\" role=\"img\" aria-label=\"Tình trạng hồ sơ theo cấp\">"
    );
    for (i, (label, counts)) in bars.iter().enumerate() {
        let y = i as f64 * row;
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            left - 4.0,
            y + 13.0,
            escape(label)
        );
        let mut x = left;
        for (name, colour, count) in parts {
            let w = share(count(counts), counts.to_settle, width);
            if w > 0.0 {
                let _ = write!(
                    out,
                    "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"16\" fill=\"{colour}\">\
                     <title>{}: {}</title></rect>",
                    escape(name),
                    format_count(count(counts))
                );
            }
            x += w;
        }
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            left + width + 4.0,
            y + 13.0,
            format_count(counts.to_settle)
        );
    }
    let legend_y = row * bars.len() as f64 + 12.0;
    for (k, (name, colour, _)) in parts.iter().enumerate() {
        let x = 10.0 + (k % 3) as f64 * 220.0;
        let y = legend_y + (k / 3) as f64 * 13.0;
        let _ = write!(
            out,
            "<rect x=\"{x}\" y=\"{y}\" width=\"9\" height=\"9\" fill=\"{colour}\"/>\
             <text x=\"{}\" y=\"{}\">{}</text>",
            x + 12.0,
            y + 8.0,
            escape(name)
        );
    }
    out.push_str(
        "</svg><figcaption>Tình trạng hồ sơ nhận giải quyết theo cấp (tỷ lệ trên tổng số hồ sơ \
         nhận giải quyết)</figcaption></figure>\n",
    );
}

/// Each group's points against its maximum, with the peers' average marked.
fn groups_chart(out: &mut String, index: &IndexReport) {
    let (left, width, row) = (190.0, 400.0, 22.0);
    let height = row * index.groups.len() as f64 + 24.0;
    let _ = write!(
        out,
        "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 680 {height}\" \
         width=\"100%\" role=\"img\" aria-label=\"Điểm các nhóm so với điểm tối đa\">"
    );
    for (i, group) in index.groups.iter().enumerate() {
        let y = i as f64 * row;
        let max = number(group.max).max(f64::MIN_POSITIVE);
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{left}\" y=\"{y}\" width=\"{width}\" height=\"16\" fill=\"#e0e0e0\"/>",
            left - 4.0,
            y + 12.0,
            escape(&group.name)
        );
        if let Some(p) = group.points {
            let w = (number(p) / max * width).clamp(0.0, width);
            let _ = write!(
                out,
                "<rect x=\"{left}\" y=\"{y}\" width=\"{w:.1}\" height=\"16\" fill=\"#1565c0\"/>"
            );
        }
        if let Some(avg) = group.peer_average {
            let x = left + (number(avg) / max * width).clamp(0.0, width);
            let _ = write!(
                out,
                "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{}\" y2=\"{}\" stroke=\"#c62828\" \
                 stroke-width=\"2\"><title>Trung bình cùng cấp: {}</title></line>",
                y - 2.0,
                y + 18.0,
                points(Some(avg))
            );
        }
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\">{}/{}</text>",
            left + width + 6.0,
            y + 12.0,
            points(group.points),
            format_points(group.max, 0)
        );
    }
    let _ = write!(
        out,
        "<line x1=\"10\" x2=\"24\" y1=\"{y}\" y2=\"{y}\" stroke=\"#c62828\" stroke-width=\"2\"/>\
         <text x=\"28\" y=\"{}\">Điểm trung bình các đơn vị cùng cấp</text>",
        height - 10.0,
        y = height - 13.0
    );
    out.push_str(
        "</svg><figcaption>Điểm từng nhóm so với điểm tối đa và điểm trung bình cùng cấp\
         </figcaption></figure>\n",
    );
}

/// The total over the periods of the trend, as a line.
fn trend_chart(out: &mut String, index: &IndexReport) {
    let known: Vec<(usize, Decimal, String)> = (index.trend.iter().enumerate())
        .filter_map(|(i, t)| {
            // Officials' labels (“tháng 5/2026”), not the period's code.
            let label = t.period.map_or_else(String::new, |p| p.label_vi());
            t.total.map(|total| (i, total, label))
        })
        .collect();
    if known.len() < 2 {
        return;
    }
    // The axis spans the totals seen, a few points either side, so a change of a point shows.
    let values = known.iter().map(|(_, v, _)| number(*v));
    let low = (values.clone().fold(f64::INFINITY, f64::min) - 3.0)
        .floor()
        .max(0.0);
    let high = (values.fold(f64::NEG_INFINITY, f64::max) + 3.0).ceil();
    let span = (high - low).max(1.0);
    let (left, width, top, height) = (40.0, 600.0, 10.0, 150.0);
    let step = width / (index.trend.len().max(2) - 1) as f64;
    let at = |i: usize, v: f64| {
        (
            left + i as f64 * step,
            top + height - (v - low) / span * height,
        )
    };
    let _ = write!(
        out,
        "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 680 {}\" width=\"100%\" \
         role=\"img\" aria-label=\"Diễn biến tổng điểm\">\
         <line x1=\"{left}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#555\"/>",
        top + height + 30.0,
        left + width,
        top + height,
        top + height
    );
    let path: Vec<String> = known
        .iter()
        .map(|(i, v, _)| {
            let (x, y) = at(*i, number(*v));
            format!("{x:.1},{y:.1}")
        })
        .collect();
    let _ = write!(
        out,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\"/>",
        path.join(" ")
    );
    for (i, v, label) in &known {
        let (x, y) = at(*i, number(*v));
        let _ = write!(
            out,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\" fill=\"#1565c0\"/>\
             <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\
             <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"7\">{}</text>",
            y - 6.0,
            points(Some(*v)),
            top + height + 14.0,
            escape(label)
        );
    }
    out.push_str("</svg><figcaption>Diễn biến tổng điểm qua các kỳ</figcaption></figure>\n");
}

/// Each ranking below the unit as horizontal bars of the total, best first.
fn ranking_charts(out: &mut String, index: &IndexReport) {
    let max = number(index.max).max(1.0);
    for ranking in &index.rankings {
        let (left, width, row) = (200.0, 400.0, 13.0);
        let height = row * ranking.entries.len() as f64 + 6.0;
        let _ = write!(
            out,
            "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 680 {height}\" \
             width=\"100%\" role=\"img\" aria-label=\"Xếp hạng các {}\">",
            escape(ranking.label)
        );
        for (i, line) in ranking.entries.iter().enumerate() {
            let y = i as f64 * row;
            let rank = line.rank.map_or_else(|| "—".to_owned(), |r| r.to_string());
            let w = line
                .total
                .map_or(0.0, |t| (number(t) / max * width).clamp(0.0, width));
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{rank}. {}</text>\
                 <rect x=\"{left}\" y=\"{y}\" width=\"{w:.1}\" height=\"10\" fill=\"#2e7d32\"/>\
                 <text x=\"{:.1}\" y=\"{}\">{}</text>",
                left - 4.0,
                y + 9.0,
                escape(&line.name),
                left + w + 4.0,
                y + 9.0,
                points(line.total)
            );
        }
        let _ = writeln!(
            out,
            "</svg><figcaption>Xếp hạng tổng điểm các {}</figcaption></figure>",
            escape(ranking.label)
        );
    }
}
