//! The monthly report as one self-contained HTML file laid out as the document an official signs
//! (SPEC §11, Decree 30/2020/NĐ-CP): the header with the issuing body, number, national name,
//! motto, place and date; the body on portrait A4 with the decree's margins; the recipients and
//! the signer; the appendix on landscape A4 pages. Inline CSS and SVG charts (how each tier's
//! dossiers stand, the groups against their maxima and the peers' average, the trend, the
//! rankings as bars), no JavaScript and nothing fetched from the network.

use std::fmt::Write as _;

use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;

use super::document::{
    subject, Document, APPENDIX, KIND, MOTTO, NATION, RECIPIENTS, WITH_APPENDIX,
};
use super::index::{IndexReport, RankLine};
use super::monthly::MonthlyReport;
use super::prose::{points, rate, sections, Section, SectionKind};
use super::table::{all, Table};
use crate::notation::{format_count, format_decimal, format_points};
use crate::printable::{printable, shortened};
use crate::stats::{percent, ProcessingCounts};

/// Print first: A4 portrait with the decree's margins (top 20, right 15, bottom 20, left 30 mm),
/// page numbers centred in the top margin from page 2, the appendix on landscape pages of its own.
const STYLE: &str = "
@page { size: A4; margin: 20mm 15mm 20mm 30mm;
        @top-center { content: counter(page); font-family: 'Times New Roman', 'Liberation Serif', serif;
                      font-size: 13pt; vertical-align: bottom; padding-bottom: 4mm; } }
@page :first { @top-center { content: none; } }
@page appendix { size: A4 landscape; margin: 20mm 15mm 15mm 20mm; }
body { font-family: 'Times New Roman', 'Liberation Serif', 'Noto Serif', serif; font-size: 13pt;
       color: #000; line-height: 1.3; margin: 0; }
@media screen { body { margin: 10mm auto; padding: 0 5mm; }
                .portrait { max-width: 165mm; margin: 0 auto; } }
p { margin: 0; }
.heading { display: grid; grid-template-columns: 45% 55%; align-items: start; text-align: center;
           line-height: 1.2; }
.parent, .country { font-size: 12pt; }
.office, .country, .motto { font-weight: bold; }
.country { white-space: nowrap; }
.motto { font-size: 13pt; }
.motto span { display: inline-block; border-bottom: 0.6pt solid #000; padding-bottom: 1pt; }
hr.rule { width: 30%; border: 0; border-top: 0.6pt solid #000; margin: 1pt auto 0; }
.number { font-size: 13pt; margin-top: 5pt; }
.date { font-style: italic; font-size: 13pt; margin-top: 5pt; }
.kind { text-align: center; font-weight: bold; font-size: 14pt; margin-top: 10mm; }
h1 { text-align: center; font-size: 14pt; margin: 0 0 6mm; line-height: 1.25; }
h1::after { content: ''; display: block; width: 35mm; margin: 2pt auto 0;
            border-top: 0.6pt solid #000; }
.provisional { text-align: center; font-weight: bold; margin-bottom: 6pt; }
.body h2 { font-size: 13pt; margin: 6pt 0; text-indent: 1cm; break-after: avoid; }
.body p, .body li { text-align: justify; text-indent: 1cm; margin: 0 0 6pt; }
.body ul { list-style: none; margin: 0; padding: 0; }
.body li::before { content: '- '; }
figure { margin: 4mm 0 6mm; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; break-inside: avoid; }
figcaption { font-style: italic; font-size: 11pt; text-align: center; margin-top: 2mm; }
svg text { font-family: 'Times New Roman', 'Liberation Serif', serif; font-size: 11px; }
svg text.halo { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
.closing { display: grid; grid-template-columns: 45% 55%; margin-top: 8mm; break-inside: avoid;
           break-before: avoid; }
p.with-appendix { font-style: italic; text-indent: 0; break-after: avoid; }
.recipients p { font-size: 11pt; line-height: 1.2; padding-left: 0.7em; text-indent: -0.7em; }
.recipients p.to { font-size: 12pt; font-weight: bold; font-style: italic; padding: 0;
                  text-indent: 0; }
.signer { text-align: center; font-weight: bold; }
.signer .room { height: 28mm; }
.appendix { page: appendix; break-before: page; }
.appendix h2 { text-align: center; font-size: 13pt; margin: 0; }
.appendix .reference { text-align: center; font-style: italic; font-size: 12pt; margin-bottom: 4mm; }
.appendix .table { margin: 0 auto; }
.appendix h3 { font-size: 12pt; text-align: center; margin: 4mm 0 2mm; break-after: avoid; }
table { border-collapse: collapse; table-layout: fixed; width: 100%; font-size: 7.5pt;
        line-height: 1.15; margin: 0 0 4mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.4pt solid #000; padding: 1pt 2pt; vertical-align: middle;
         overflow-wrap: anywhere; }
th { font-weight: bold; text-align: center; background: #eee; print-color-adjust: exact;
     -webkit-print-color-adjust: exact; }
td.n { text-align: right; white-space: nowrap; }
";

/// The most characters of a name beside a chart's bar: the bars begin where it ends.
const CHART_NAME_MOST: usize = 40;

/// The width of every chart's drawing, in its own pixels; the page scales it to the text's width.
const CHART_WIDTH: f64 = 680.0;

/// Escapes text for HTML and SVG, after the one rule for text a person reads
/// ([`printable`](crate::printable::printable)): what would act rather than show is written out.
fn escape(text: &str) -> String {
    let text = printable(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The report as one HTML document: header, body with its charts, closing, appendix.
pub fn monthly(report: &MonthlyReport) -> String {
    let title = report.title();
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<div class=\"portrait\">\n",
        escape(&title),
    );
    document_header(&mut out, &report.document, &subject(report.period));
    if report.provisional {
        out.push_str("<p class=\"provisional\">Số liệu tạm tính: kỳ báo cáo chưa kết thúc.</p>\n");
    }
    body(&mut out, report);
    // The body's last line goes with the signature, so no one signs a page of its own.
    let _ = writeln!(out, "<p class=\"with-appendix\">{WITH_APPENDIX}</p>");
    closing(&mut out, &report.document);
    out.push_str("</div>\n");
    appendix(&mut out, report);
    out.push_str("</body>\n</html>\n");
    out
}

/// The top of the document: issuing body, office and number on the left; national name, motto
/// and the place and date on the right; then “BÁO CÁO” and the subject.
fn document_header(out: &mut String, document: &Document, subject: &str) {
    let _ = write!(
        out,
        "<header class=\"heading\">\n\
         <div><p class=\"parent\">{}</p><p class=\"office\">{}</p><hr class=\"rule\"></div>\n\
         <div><p class=\"country\">{NATION}</p><p class=\"motto\"><span>{MOTTO}</span></p></div>\n\
         <p class=\"number\">{}</p>\n<p class=\"date\">{}</p>\n</header>\n\
         <p class=\"kind\">{KIND}</p>\n<h1>{}</h1>\n",
        (document.parent_lines().iter())
            .map(|line| escape(line))
            .collect::<Vec<_>>()
            .join("<br>"),
        escape(&document.issuer_line()),
        escape(&document.number_line()),
        escape(&document.date_line()),
        escape(subject)
    );
}

/// The end of the document: the recipients on the left, the signer on the right with room to
/// sign.
fn closing(out: &mut String, document: &Document) {
    let _ = write!(
        out,
        "<footer class=\"closing\">\n<div class=\"recipients\">\n<p class=\"to\">{RECIPIENTS}</p>\n"
    );
    for line in document.recipient_lines() {
        let _ = writeln!(out, "<p>{}</p>", escape(&line));
    }
    out.push_str("</div>\n<div class=\"signer\">\n");
    for line in document.signer_lines() {
        let _ = writeln!(out, "<p>{}</p>", escape(&line));
    }
    let _ = write!(
        out,
        "<div class=\"room\"></div>\n<p>{}</p>\n</div>\n</footer>\n",
        escape(&document.signer_name_line())
    );
}

/// A chart and the kind of section it illustrates.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Chart {
    /// How each tier's dossiers stand, after the results by level.
    Standing,
    /// The groups, the trend and the rankings, after the index's section.
    Index,
}

impl Chart {
    /// The chart that follows a section of its kind, wherever the section stands.
    fn after(section: &Section) -> Option<Chart> {
        match section.kind {
            SectionKind::Levels => Some(Chart::Standing),
            SectionKind::Index => Some(Chart::Index),
            _ => None,
        }
    }

    fn draw(self, out: &mut String, report: &MonthlyReport) {
        match (self, &report.index) {
            (Chart::Standing, _) => standing_chart(out, report),
            (Chart::Index, Some(index)) => {
                groups_chart(out, index);
                trend_chart(out, index);
                ranking_charts(out, index);
            }
            (Chart::Index, None) => {}
        }
    }
}

/// The sections, each chart after the section it illustrates, and a chart whose section is
/// missing at the end, so none is lost.
fn body(out: &mut String, report: &MonthlyReport) {
    out.push_str("<main class=\"body\">\n");
    let mut drawn = Vec::new();
    for section in sections(report) {
        write_section(out, &section);
        if let Some(chart) = Chart::after(&section).filter(|c| !drawn.contains(c)) {
            chart.draw(out, report);
            drawn.push(chart);
        }
    }
    for chart in [Chart::Standing, Chart::Index] {
        if !drawn.contains(&chart) {
            chart.draw(out, report);
        }
    }
    out.push_str("</main>\n");
}

fn write_section(out: &mut String, section: &Section) {
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
}

/// The appendix on landscape pages: its heading, the line that ties it to the report, and every
/// table.
fn appendix(out: &mut String, report: &MonthlyReport) {
    let _ = write!(
        out,
        "<section class=\"appendix\">\n<h2>{APPENDIX}</h2>\n<p class=\"reference\">{}</p>\n",
        escape(&report.document.appendix_reference())
    );
    for table in all(report) {
        write_table(out, &table);
    }
    out.push_str("</section>\n");
}

/// How many characters of a name a column is sized for at least: a longer name wraps to a
/// second line, never to a fourth, and the numbers keep their room.
const TEXT_COLUMN_CHARS: usize = 26;

/// The width of a character of a table's 7.5 pt text, its padding shared in, in millimetres: a
/// table of a few short columns is drawn as wide as it needs, not across the page.
const TABLE_MM_PER_CHAR: f64 = 1.7;

/// How many such characters a landscape page's line holds (297 mm less 35 mm of margins).
const PAGE_CHARS: usize = (262.0 / TABLE_MM_PER_CHAR) as usize;

/// Each column's width in characters: its longest number, its longest header word (a header
/// wraps between words, never inside one), its names up to [`TEXT_COLUMN_CHARS`] or longer while
/// the page has room, and two characters' room for the cell's padding.
fn column_weights(header: &[String], rows: &[Vec<(String, bool)>]) -> Vec<usize> {
    // Per column: the least it takes, and what its longest name would take on one line.
    let sizes: Vec<(usize, usize)> = (header.iter().enumerate())
        .map(|(i, head)| {
            let word = head.split_whitespace().map(|w| w.chars().count()).max();
            let (mut least, mut natural) = (word.unwrap_or(0).max(2), 0);
            for (text, number) in rows.iter().filter_map(|row| row.get(i)) {
                let n = text.chars().count();
                least = least.max(if *number { n } else { n.min(TEXT_COLUMN_CHARS) });
                natural = natural.max(n);
            }
            (least + 2, natural.max(least) + 2)
        })
        .collect();
    let mut spare = PAGE_CHARS.saturating_sub(sizes.iter().map(|(least, _)| least).sum());
    (sizes.iter())
        .map(|&(least, natural)| {
            let more = (natural - least).min(spare);
            spare -= more;
            least + more
        })
        .collect()
}

fn write_table(out: &mut String, table: &Table) {
    let rows: Vec<Vec<(String, bool)>> = (table.rows.iter())
        .map(|row| row.iter().map(|c| (c.display(), c.is_number())).collect())
        .collect();
    let weights = column_weights(&table.header, &rows);
    let total = weights.iter().sum::<usize>().max(1) as f64;
    let _ = write!(
        out,
        "<div class=\"table\" style=\"max-width: {:.0}mm\">\n<h3>{}</h3>\n<table>\n<colgroup>",
        total * TABLE_MM_PER_CHAR,
        escape(table.title)
    );
    for weight in weights {
        let _ = write!(
            out,
            "<col style=\"width: {:.2}%\">",
            weight as f64 * 100.0 / total
        );
    }
    out.push_str("</colgroup>\n<thead><tr>");
    for header in &table.header {
        let _ = write!(out, "<th>{}</th>", escape(header));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &rows {
        out.push_str("<tr>");
        for (text, number) in row {
            let class = if *number { " class=\"n\"" } else { "" };
            let _ = write!(out, "<td{class}>{}</td>", escape(text));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

/// Opens a figure with a drawing `height` pixels high.
fn open_figure(out: &mut String, height: f64, label: &str) {
    let _ = write!(
        out,
        "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {CHART_WIDTH} {height:.0}\" \
         width=\"100%\" role=\"img\" aria-label=\"{}\">",
        escape(label)
    );
}

fn close_figure(out: &mut String, caption: &str) {
    let _ = writeln!(
        out,
        "</svg><figcaption>{}</figcaption></figure>",
        escape(caption)
    );
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

/// A part of a stacked bar: its legend, its colour, the colour of a label on it, and how many
/// dossiers it holds.
struct Part {
    name: &'static str,
    fill: &'static str,
    ink: &'static str,
    count: fn(&ProcessingCounts) -> u64,
}

/// The parts of the dossiers to settle, in the order the report tells them.
const PARTS: [Part; 6] = [
    Part {
        name: "Giải quyết trước và đúng hạn",
        fill: "#2e7d32",
        ink: "#fff",
        count: |c| c.early + c.on_time,
    },
    Part {
        name: "Giải quyết quá hạn",
        fill: "#c62828",
        ink: "#fff",
        count: |c| c.late,
    },
    Part {
        name: "Trả lại, rút",
        fill: "#bdbdbd",
        ink: "#000",
        count: |c| c.returned,
    },
    Part {
        name: "Đang giải quyết trong hạn",
        fill: "#1565c0",
        ink: "#fff",
        count: |c| c.within_time,
    },
    Part {
        name: "Đang giải quyết quá hạn",
        fill: "#ef6c00",
        ink: "#000",
        count: |c| c.past_due,
    },
    Part {
        name: "Chờ bổ sung",
        fill: "#6a1b9a",
        ink: "#fff",
        count: |c| c.waiting_supplement,
    },
];

/// A part's share of the dossiers to settle, by the library's one rule for rates (two decimals,
/// half away from zero). It belongs in the report value; until the value carries it, the chart
/// asks the rule rather than dividing on its own.
fn part_share(part: u64, counts: &ProcessingCounts) -> Option<Decimal> {
    percent(part, counts.to_settle)
}

/// The narrowest part, in pixels, that holds its share written on it (“99,97%”).
const SHARE_LABEL_ROOM: f64 = 40.0;

/// Each tier's and the whole's dossiers as stacked bars, each part's share written on it where
/// it is wide enough, the legend below.
fn standing_chart(out: &mut String, report: &MonthlyReport) {
    let mut bars: Vec<(&str, &ProcessingCounts)> = (report.levels.iter())
        .map(|l| (l.label, &l.figures.stats))
        .collect();
    bars.push((report.scope_label(), &report.province.figures.stats));
    let (left, width, row) = (80.0, 520.0, 28.0);
    let legend_top = row * bars.len() as f64 + 8.0;
    open_figure(out, legend_top + 36.0, "Tình trạng hồ sơ theo cấp");
    for (i, (label, counts)) in bars.iter().enumerate() {
        let y = i as f64 * row;
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            left - 6.0,
            y + 14.0,
            escape(label)
        );
        let mut x = left;
        for part in &PARTS {
            let count = (part.count)(counts);
            let w = share(count, counts.to_settle, width);
            if w > 0.0 {
                let _ = write!(
                    out,
                    "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"20\" fill=\"{}\">\
                     <title>{}: {}</title></rect>",
                    part.fill,
                    escape(part.name),
                    format_count(count)
                );
            }
            if w >= SHARE_LABEL_ROOM {
                let _ = write!(
                    out,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
                    x + w / 2.0,
                    y + 14.0,
                    part.ink,
                    rate(part_share(count, counts))
                );
            }
            x += w;
        }
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            left + width + 6.0,
            y + 14.0,
            format_count(counts.to_settle)
        );
    }
    standing_legend(out, legend_top);
    close_figure(
        out,
        "Tình trạng hồ sơ nhận giải quyết theo cấp (tỷ lệ trên tổng số hồ sơ nhận giải quyết; \
         số cuối mỗi thanh là tổng số hồ sơ nhận giải quyết)",
    );
}

fn standing_legend(out: &mut String, top: f64) {
    for (k, part) in PARTS.iter().enumerate() {
        let x = 10.0 + (k % 3) as f64 * 225.0;
        let y = top + (k / 3) as f64 * 16.0;
        let _ = write!(
            out,
            "<rect x=\"{x}\" y=\"{y}\" width=\"10\" height=\"10\" fill=\"{}\"/>\
             <text x=\"{}\" y=\"{}\">{}</text>",
            part.fill,
            x + 14.0,
            y + 9.0,
            escape(part.name)
        );
    }
}

/// Each group's points against its maximum, with the peers' average marked.
fn groups_chart(out: &mut String, index: &IndexReport) {
    let average = format!("trung bình {}", index.peers_label());
    let (left, width, row) = (200.0, 390.0, 24.0);
    let height = row * index.groups.len() as f64 + 24.0;
    open_figure(out, height, "Điểm các nhóm so với điểm tối đa");
    for (i, group) in index.groups.iter().enumerate() {
        let y = i as f64 * row;
        let max = number(group.max).max(f64::MIN_POSITIVE);
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{left}\" y=\"{y}\" width=\"{width}\" height=\"16\" fill=\"#e0e0e0\"/>",
            left - 6.0,
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
                 stroke-width=\"2\"><title>Điểm {average}: {}</title></line>",
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
         <text x=\"28\" y=\"{}\">Điểm {average}</text>",
        height - 6.0,
        y = height - 10.0
    );
    close_figure(
        out,
        &format!("Điểm từng nhóm so với điểm tối đa và điểm {average}"),
    );
}

/// The frame of a line chart: where its plot sits in the drawing and the values its vertical
/// axis spans, from 0.
struct Plot {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
    /// The top of the axis, a whole number of steps.
    axis_top: f64,
    /// The distance between two ticks.
    step: f64,
    /// The horizontal distance between two periods.
    column: f64,
}

/// How far the first and last periods sit inside the plot, so their labels clear the axis and
/// the drawing's edge.
const PLOT_INSET: f64 = 28.0;

impl Plot {
    /// A plot of `periods` columns whose axis runs from 0 to at least `max`, in steps of 1, 2,
    /// 2.5 or 5 times a power of ten, about five of them.
    fn new(max: f64, periods: usize) -> Plot {
        let rough = (max.max(1.0)) / 5.0;
        let magnitude = 10f64.powf(rough.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .into_iter()
            .map(|nice| nice * magnitude)
            .find(|step| *step >= rough)
            .unwrap_or(rough);
        let width = 580.0;
        Plot {
            left: 60.0,
            top: 24.0,
            width,
            height: 160.0,
            axis_top: (max.max(1.0) / step).ceil() * step,
            step,
            column: (width - 2.0 * PLOT_INSET) / (periods.max(2) - 1) as f64,
        }
    }

    fn x(&self, period: usize) -> f64 {
        self.left + PLOT_INSET + period as f64 * self.column
    }

    fn y(&self, value: f64) -> f64 {
        self.top + self.height - value / self.axis_top * self.height
    }

    /// The bottom of the drawing: the period labels' two lines under the axis.
    fn bottom(&self) -> f64 {
        self.top + self.height + 38.0
    }
}

/// The vertical axis from 0, its ticks labelled and light grid lines across, and its title.
fn draw_axis(out: &mut String, plot: &Plot) {
    let right = plot.left + plot.width;
    let ticks = (plot.axis_top / plot.step).round() as usize;
    for k in 0..=ticks {
        let value = k as f64 * plot.step;
        let y = plot.y(value);
        let label = Decimal::from_f64(value)
            .map_or_else(String::new, |v| format_decimal(v.round_dp(2).normalize()));
        let stroke = if k == 0 { "#555" } else { "#ddd" };
        let _ = write!(
            out,
            "<line x1=\"{}\" x2=\"{right}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{stroke}\"/>\
             <text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{label}</text>",
            plot.left - 4.0,
            plot.left - 8.0,
            y + 4.0
        );
    }
    let _ = write!(
        out,
        "<line x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\" stroke=\"#555\"/>\
         <text x=\"{}\" y=\"12\" text-anchor=\"start\">Điểm</text>",
        plot.top,
        plot.top + plot.height,
        plot.left - 30.0,
        x = plot.left
    );
}

/// Where a point's label goes so the line does not cross it: above a peak, below a dip, and on
/// the side the line leaves free where it climbs or falls through the point.
fn label_place(before: Option<f64>, value: f64, after: Option<f64>) -> (&'static str, f64) {
    match (before, after) {
        (Some(b), Some(a)) if b < value && value < a => ("end", -8.0),
        (Some(b), Some(a)) if b > value && value > a => ("start", -8.0),
        (Some(b), Some(a)) if b > value && a > value => ("middle", 17.0),
        (None, Some(a)) | (Some(a), None) if a > value => ("middle", 17.0),
        _ => ("middle", -8.0),
    }
}

/// An official's period label in lines of at most `room` characters, broken between words
/// (“tháng” / “12/2025”).
fn label_lines(label: &str, room: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in label.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= room => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// The total over the periods of the trend, as a line on an axis from 0.
fn trend_chart(out: &mut String, index: &IndexReport) {
    let known: Vec<(usize, f64, Decimal)> = (index.trend.iter().enumerate())
        .filter_map(|(i, t)| t.total.map(|total| (i, number(total), total)))
        .collect();
    if known.len() < 2 {
        return;
    }
    let plot = Plot::new(number(index.max), index.trend.len());
    open_figure(out, plot.bottom(), "Diễn biến tổng điểm");
    draw_axis(out, &plot);
    let path: Vec<String> = (known.iter())
        .map(|(i, v, _)| format!("{:.1},{:.1}", plot.x(*i), plot.y(*v)))
        .collect();
    let _ = write!(
        out,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\"/>",
        path.join(" ")
    );
    for (k, (i, v, total)) in known.iter().enumerate() {
        let (x, y) = (plot.x(*i), plot.y(*v));
        let before = k.checked_sub(1).map(|j| known[j].1);
        let after = known.get(k + 1).map(|p| p.1);
        let (anchor, dy) = label_place(before, *v, after);
        let dx = match anchor {
            "end" => -5.0,
            "start" => 5.0,
            _ => 0.0,
        };
        let _ = write!(
            out,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\" fill=\"#1565c0\"/>\
             <text class=\"halo\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
            x + dx,
            y + dy,
            points(Some(*total))
        );
    }
    period_labels(out, index, &plot);
    close_figure(
        out,
        &format!(
            "Diễn biến tổng điểm qua các kỳ (trục dọc từ 0 đến {} điểm)",
            format_decimal(
                Decimal::from_f64(plot.axis_top)
                    .unwrap_or_default()
                    .normalize()
            )
        ),
    );
}

/// Each period's label under the axis (“tháng 5/2026”, on two lines where columns are narrow).
fn period_labels(out: &mut String, index: &IndexReport, plot: &Plot) {
    // About six pixels a character at the labels' size.
    let room = ((plot.column / 6.0) as usize).max(5);
    for (i, point) in index.trend.iter().enumerate() {
        let label = point.period.map_or_else(String::new, |p| p.label_vi());
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">",
            plot.x(i),
            plot.top + plot.height + 14.0
        );
        for (n, line) in label_lines(&label, room).iter().enumerate() {
            let dy = if n == 0 { 0.0 } else { 12.0 };
            let _ = write!(
                out,
                "<tspan x=\"{:.1}\" dy=\"{dy}\">{}</tspan>",
                plot.x(i),
                escape(line)
            );
        }
        out.push_str("</text>");
    }
}

/// A ranking up to this long is drawn whole; a longer one, its ends only.
const RANKING_DRAWN_WHOLE: usize = 30;
/// How many units a long ranking draws at its top and at its bottom.
const RANKING_ENDS: usize = 10;

/// The units a ranking's chart draws: the head, what it leaves out, the tail.
fn ranking_parts(entries: &[RankLine]) -> (&[RankLine], &[RankLine], &[RankLine]) {
    if entries.len() <= RANKING_DRAWN_WHOLE {
        return (entries, &[], &[]);
    }
    let (head, rest) = entries.split_at(RANKING_ENDS);
    let (middle, tail) = rest.split_at(rest.len() - RANKING_ENDS);
    (head, middle, tail)
}

/// What a shortened ranking's caption says it leaves out: “80 đơn vị ở giữa (hạng 11 đến 90)”.
fn left_out_words(middle: &[RankLine]) -> String {
    let ranks = match (
        middle.first().and_then(|l| l.rank),
        middle.last().and_then(|l| l.rank),
    ) {
        (Some(first), Some(last)) => format!(" (hạng {first} đến {last})"),
        _ => String::new(),
    };
    format!("{} đơn vị ở giữa{ranks}", format_count(middle.len() as u64))
}

/// Each ranking below the unit as horizontal bars of the total, best first; a long one as its
/// top and bottom ten with the gap marked, the rest left to the appendix's table.
fn ranking_charts(out: &mut String, index: &IndexReport) {
    let max = number(index.max).max(1.0);
    for ranking in &index.rankings {
        let (head, middle, tail) = ranking_parts(&ranking.entries);
        let row = 15.0;
        let gap = if middle.is_empty() { 0.0 } else { 2.0 * row };
        let height = row * (head.len() + tail.len()) as f64 + gap + 4.0;
        open_figure(out, height, &format!("Xếp hạng các {}", ranking.label));
        ranking_rows(out, head, 0.0, max);
        if !middle.is_empty() {
            let y = row * head.len() as f64;
            let _ = write!(
                out,
                "<line x1=\"10\" x2=\"670\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#555\" \
                 stroke-dasharray=\"4 3\"/><text x=\"340\" y=\"{:.1}\" text-anchor=\"middle\" \
                 font-style=\"italic\">… {} không vẽ, xem Phụ lục …</text>",
                y + 4.0,
                y + 4.0,
                y + 19.0,
                escape(&left_out_words(middle))
            );
        }
        ranking_rows(out, tail, row * head.len() as f64 + gap, max);
        let caption = if middle.is_empty() {
            format!("Xếp hạng tổng điểm các {}", ranking.label)
        } else {
            format!(
                "Xếp hạng tổng điểm các {}: {} đơn vị đứng đầu và {} đơn vị cuối bảng; {} \
                 không vẽ, xem bảng xếp hạng ở Phụ lục",
                ranking.label,
                head.len(),
                tail.len(),
                left_out_words(middle)
            )
        };
        close_figure(out, &caption);
    }
}

/// One bar per unit from `top` down: its rank and name, its total as a bar and a number.
fn ranking_rows(out: &mut String, lines: &[RankLine], top: f64, max: f64) {
    let (left, width, row) = (230.0, 370.0, 15.0);
    for (i, line) in lines.iter().enumerate() {
        let y = top + i as f64 * row;
        let rank = line.rank.map_or_else(|| "—".to_owned(), |r| r.to_string());
        let w = (line.total).map_or(0.0, |t| (number(t) / max * width).clamp(0.0, width));
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{rank}. {}</text>\
             <rect x=\"{left}\" y=\"{}\" width=\"{w:.1}\" height=\"11\" fill=\"#2e7d32\"/>\
             <text x=\"{:.1}\" y=\"{}\">{}</text>",
            left - 6.0,
            y + 10.0,
            escape(&shortened(&printable(&line.name), CHART_NAME_MOST)),
            y + 1.0,
            left + w + 4.0,
            y + 10.0,
            points(line.total)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{label_lines, label_place, Plot};

    // A point's label sits where the line is not: above a peak, below a dip, on the upper left
    // of a climb (the line arrives from below) and the upper right of a fall.
    #[test]
    fn point_labels_stay_off_the_line() {
        assert_eq!(label_place(Some(60.0), 70.0, Some(65.0)), ("middle", -8.0));
        assert_eq!(label_place(Some(75.0), 70.0, Some(72.0)), ("middle", 17.0));
        assert_eq!(label_place(Some(60.0), 70.0, Some(80.0)), ("end", -8.0));
        assert_eq!(label_place(Some(80.0), 70.0, Some(60.0)), ("start", -8.0));
        assert_eq!(label_place(None, 70.0, Some(80.0)), ("middle", 17.0));
        assert_eq!(label_place(Some(80.0), 70.0, None), ("middle", 17.0));
        assert_eq!(label_place(Some(70.0), 70.0, Some(70.0)), ("middle", -8.0));
    }

    // A period's label breaks between words, never inside “12/2025”.
    #[test]
    fn period_labels_break_between_words() {
        assert_eq!(label_lines("tháng 12/2025", 8), ["tháng", "12/2025"]);
        assert_eq!(label_lines("tháng 5/2026", 12), ["tháng 5/2026"]);
        assert_eq!(
            label_lines("từ 21/9/2026 đến 20/10/2026", 14),
            ["từ 21/9/2026", "đến 20/10/2026"]
        );
    }

    // The axis runs from 0 to the maximum or just above it, in steps of 1, 2, 2.5 or 5 times a
    // power of ten.
    #[test]
    fn an_axis_runs_from_zero_in_round_steps() {
        let axis = |max: f64| {
            let plot = Plot::new(max, 12);
            (plot.axis_top, plot.step)
        };
        assert_eq!(axis(100.0), (100.0, 20.0));
        assert_eq!(axis(22.0), (25.0, 5.0));
        assert_eq!(axis(7.0), (8.0, 2.0));
        assert_eq!(axis(12.0), (12.5, 2.5));
    }
}
