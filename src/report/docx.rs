//! The monthly report as a Word document (feature `docx`), in the form of an administrative
//! document of Decree 30/2020/NĐ-CP (SPEC §11): the issuing body and office with the number on the
//! left and the national name and motto with the place and date on the right, `BÁO CÁO` and the
//! subject, the body in Times New Roman 14 pt on portrait A4 with the decree's margins and page
//! numbers centred at the top from page 2, `Nơi nhận:` and the signer, then the appendix (`Phụ
//! lục`) in a landscape section of its own. Blank parts are dotted lines to fill in Word.

use docx_rs::{
    AlignmentType, BorderType, Docx, Header, HeightRule, LineSpacing, PageMargin, PageNum,
    PageOrientationType, Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders,
    Run, RunFonts, Section, Shading, SpecialIndentType, Table, TableCell, TableCellMargins,
    TableLayoutType, TableRow, WidthType,
};

use super::document::{
    subject, Document, APPENDIX, KIND, MOTTO, NATION, RECIPIENTS, WITH_APPENDIX,
};
use super::monthly::MonthlyReport;
use super::prose::sections;
use super::table::{all, Cell, Table as ReportTable};
use crate::error::{Error, Result, Written};

/// The decree's typeface.
const FONT: &str = "Times New Roman";

/// Sizes in half-points, as Word counts them.
const BODY: usize = 28;
const HEADER: usize = 26;
const RECIPIENTS_HEADING_SIZE: usize = 24;
const RECIPIENT_SIZE: usize = 22;
const TABLE: usize = 15;

/// Twips (1/1440 inch) in a millimetre, for the decree's margins written in millimetres.
const fn mm(millimetres: i32) -> i32 {
    millimetres * 1440 * 10 / 254
}

/// A4 in twips.
const A4_SHORT: u32 = 11906;
const A4_LONG: u32 = 16838;

/// A page's margins in twips: top, right, bottom, left.
struct Margins {
    top: i32,
    right: i32,
    bottom: i32,
    left: i32,
}

/// The body's margins: top and bottom 20 mm, left 30 mm, right 15 mm (the decree's least).
const PORTRAIT: Margins = Margins {
    top: mm(20),
    right: mm(15),
    bottom: mm(20),
    left: mm(30),
};

/// The appendix's margins on landscape paper: narrower than the body's, so a table of every
/// count keeps its columns legible.
const LANDSCAPE: Margins = Margins {
    top: mm(20),
    right: mm(10),
    bottom: mm(15),
    left: mm(15),
};

impl Margins {
    fn page_margin(&self) -> PageMargin {
        PageMargin::new()
            .top(self.top)
            .right(self.right)
            .bottom(self.bottom)
            .left(self.left)
            .header(mm(10))
            .footer(mm(10))
    }

    /// The width left for text on a page `width` wide.
    fn text_width(&self, width: u32) -> usize {
        (width as i32 - self.left - self.right).max(0) as usize
    }
}

fn word(error: impl std::fmt::Display) -> Error {
    Error::write(Written::Word, error)
}

/// The report as the bytes of a `.docx` file.
///
/// Errors: the document cannot be written.
pub fn monthly(report: &MonthlyReport) -> Result<Vec<u8>> {
    let document = &report.document;
    let mut body = Section::new()
        .page_size(docx_rs::PageSize::new().width(A4_SHORT).height(A4_LONG))
        .page_margin(PORTRAIT.page_margin())
        .page_orient(PageOrientationType::Portrait)
        // The first page carries no number (the decree numbers pages from the second): a first
        // section with a first page of its own and no header given for it has a blank one.
        .title_pg()
        .header(page_number_header())
        .add_table(letterhead(document))
        .add_paragraph(spacer());
    for paragraph in title(report) {
        body = body.add_paragraph(paragraph);
    }
    for paragraph in text(report) {
        body = body.add_paragraph(paragraph);
    }
    body = body
        .add_paragraph(spacer().keep_next(true))
        .add_table(closing(document));
    let mut docx = Docx::new()
        .default_fonts(fonts())
        .default_size(BODY)
        .add_section(body);
    if let Some(date) = document.written_on {
        let when = format!("{date}T00:00:00Z");
        docx = docx.created_at(&when).updated_at(&when);
    }
    for paragraph in appendix_heading(report) {
        docx = docx.add_paragraph(paragraph);
    }
    let width = LANDSCAPE.text_width(A4_LONG);
    for table in all(report) {
        docx = docx
            .add_paragraph(table_title(table.title))
            .add_table(grid(&table, width));
    }
    let docx = docx
        .page_size(A4_LONG, A4_SHORT)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(LANDSCAPE.page_margin())
        .header(page_number_header());
    let mut package = docx.build();
    package.document = repeat_headers(package.document);
    let mut stored = std::io::Cursor::new(Vec::new());
    package.pack(&mut stored).map_err(word)?;
    deflated(stored.into_inner()).map_err(word)
}

/// The package with every part deflated: a hundred units' appendix is a megabyte stored and a
/// few dozen kilobytes deflated.
fn deflated(stored: Vec<u8>) -> docx_zip::result::ZipResult<Vec<u8>> {
    use std::io::Read;
    let mut archive = docx_zip::ZipArchive::new(std::io::Cursor::new(stored))?;
    let mut out = docx_zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = docx_zip::write::SimpleFileOptions::default()
        .compression_method(docx_zip::CompressionMethod::Deflated);
    let mut bytes = Vec::new();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i)?;
        if part.is_dir() {
            out.add_directory(part.name(), options)?;
            continue;
        }
        bytes.clear();
        part.read_to_end(&mut bytes)?;
        out.start_file(part.name(), options)?;
        std::io::Write::write_all(&mut out, &bytes)?;
    }
    Ok(out.finish()?.into_inner())
}

fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .cs(FONT)
        .east_asia(FONT)
}

/// Arabic page numbers centred in the top margin.
fn page_number_header() -> Header {
    Header::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .size(HEADER)
            .add_page_num(PageNum::new()),
    )
}

/// A paragraph of `text` in one run, styled by `style`.
fn line(text: &str, align: AlignmentType, style: impl Fn(Run) -> Run) -> Paragraph {
    Paragraph::new()
        .align(align)
        .line_spacing(LineSpacing::new().before(0).after(0))
        .add_run(style(Run::new().add_text(text)))
}

fn spacer() -> Paragraph {
    Paragraph::new().line_spacing(LineSpacing::new().before(0).after(0))
}

/// A rule `width` twips long, centred in a cell `cell` twips wide: the line under the issuing
/// office and under the motto.
fn rule(cell: usize, width: usize) -> Paragraph {
    let side = (cell.saturating_sub(width) / 2) as i32;
    Paragraph::new()
        .indent(Some(side), None, Some(side), None)
        .line_spacing(LineSpacing::new().before(80).after(120).line(40))
        .set_borders(
            ParagraphBorders::with_empty().set(
                ParagraphBorder::new(ParagraphBorderPosition::Top)
                    .val(BorderType::Single)
                    .size(6)
                    .space(1),
            ),
        )
}

/// The two columns of the letterhead, in twips.
const ISSUER_COLUMN: usize = 3685;
const NATION_COLUMN: usize = 5670;

/// The letterhead: the issuing body, office, rule and number on the left; the national name,
/// the motto, its rule and the place and date on the right.
fn letterhead(document: &Document) -> Table {
    let cell = |width: usize, paragraphs: Vec<Paragraph>| {
        paragraphs
            .into_iter()
            .fold(TableCell::new().width(width, WidthType::Dxa), |cell, p| {
                cell.add_paragraph(p)
            })
    };
    let center = AlignmentType::Center;
    let mut issuer: Vec<Paragraph> = (document.parent_lines().iter())
        .map(|parent| line(parent, center, |r| r.size(HEADER)))
        .collect();
    issuer.extend([
        line(&document.issuer_line(), center, |r| r.size(HEADER).bold()),
        rule(ISSUER_COLUMN, 1300),
        line(&document.number_line(), center, |r| r.size(HEADER)),
    ]);
    let nation = vec![
        line(NATION, center, |r| r.size(HEADER).bold()),
        line(MOTTO, center, |r| r.size(BODY).bold()),
        rule(NATION_COLUMN, 3900),
        line(&document.date_line(), center, |r| r.size(BODY).italic()),
    ];
    Table::without_borders(vec![TableRow::new(vec![
        cell(ISSUER_COLUMN, issuer),
        cell(NATION_COLUMN, nation),
    ])])
    .set_grid(vec![ISSUER_COLUMN, NATION_COLUMN])
    .layout(TableLayoutType::Fixed)
}

/// `BÁO CÁO`, the subject and the rule under it, and the provisional mark.
fn title(report: &MonthlyReport) -> Vec<Paragraph> {
    let center = AlignmentType::Center;
    let mut lines = vec![
        line(KIND, center, |r| r.size(BODY).bold()),
        line(&subject(report.period), center, |r| r.size(BODY).bold()),
        rule(PORTRAIT.text_width(A4_SHORT), 2200),
    ];
    if report.provisional {
        lines.push(line(
            "(Số liệu tạm tính: kỳ báo cáo chưa kết thúc)",
            center,
            |r| r.size(BODY).italic(),
        ));
    }
    lines
}

/// A paragraph of the body: justified, first line indented 1 cm, 6 pt after, 1.15 lines.
fn body_paragraph(text: &str, bold: bool) -> Paragraph {
    let run = Run::new().add_text(text).size(BODY);
    Paragraph::new()
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
        .line_spacing(LineSpacing::new().before(0).after(120).line(276))
        .add_run(if bold { run.bold() } else { run })
}

/// The body: each section's title in bold, its paragraphs, its points as “- ” lines.
fn text(report: &MonthlyReport) -> Vec<Paragraph> {
    let mut out = Vec::new();
    for section in sections(report) {
        out.push(body_paragraph(&section.title, true).keep_next(true));
        for paragraph in &section.paragraphs {
            out.push(body_paragraph(paragraph, false));
        }
        for bullet in &section.bullets {
            out.push(body_paragraph(&format!("- {bullet}"), false));
        }
    }
    out.push(line(WITH_APPENDIX, AlignmentType::Left, |r| {
        r.size(BODY).italic()
    }));
    // The signature is not signed on a page of its own: the body's last lines go with it.
    (out.iter_mut().rev().take(2)).for_each(|p| *p = p.clone().keep_next(true));
    out
}

/// The end: `Nơi nhận:` and the recipients on the left, the signer on the right with room to
/// sign.
fn closing(document: &Document) -> Table {
    let left_align = AlignmentType::Left;
    let mut recipients = TableCell::new()
        .width(ISSUER_COLUMN, WidthType::Dxa)
        .add_paragraph(line(RECIPIENTS, left_align, |r| {
            r.size(RECIPIENTS_HEADING_SIZE).bold().italic()
        }));
    for recipient in document.recipient_lines() {
        recipients =
            recipients.add_paragraph(line(&recipient, left_align, |r| r.size(RECIPIENT_SIZE)));
    }
    let center = AlignmentType::Center;
    let mut signer = TableCell::new().width(NATION_COLUMN, WidthType::Dxa);
    for title in document.signer_lines() {
        signer = signer.add_paragraph(line(&title, center, |r| r.size(BODY).bold()));
    }
    // Room for the signature and the seal.
    for _ in 0..4 {
        signer = signer.add_paragraph(spacer().size(BODY));
    }
    signer = signer.add_paragraph(line(&document.signer_name_line(), center, |r| {
        r.size(BODY).bold()
    }));
    // One row that never splits: the recipients and the signer stay on one page.
    Table::without_borders(vec![TableRow::new(vec![recipients, signer]).cant_split()])
        .set_grid(vec![ISSUER_COLUMN, NATION_COLUMN])
        .layout(TableLayoutType::Fixed)
}

/// `Phụ lục`, what it holds, and the line that ties it to the report.
fn appendix_heading(report: &MonthlyReport) -> Vec<Paragraph> {
    let center = AlignmentType::Center;
    vec![
        line(APPENDIX, center, |r| r.size(BODY).bold()),
        line(&subject(report.period).to_uppercase(), center, |r| {
            r.size(HEADER).bold()
        }),
        line(&report.document.appendix_reference(), center, |r| {
            r.size(HEADER).italic()
        }),
        spacer(),
    ]
}

fn table_title(title: &str) -> Paragraph {
    line(title, AlignmentType::Left, |r| r.size(HEADER).bold())
        .keep_next(true)
        .line_spacing(LineSpacing::new().before(120).after(60))
}

/// The width of a character of a 7.5 pt table cell (a digit is half an em, a bold capital
/// more), and a cell's padding, in twips.
const CHARACTER: usize = 80;
const PADDING: usize = 2 * CELL_MARGIN + 30;
const CELL_MARGIN: usize = 30;

/// The longest name kept on one line of a table, in characters.
const NAME_LINE: usize = 30;

/// How wide a column would like to be and how narrow it may be, in characters: a number never
/// wraps; a header or a text wraps at its spaces, and a name would keep up to [`NAME_LINE`]
/// characters on a line.
fn column_need(table: &ReportTable, column: usize) -> (usize, usize) {
    let longest_word =
        |text: &str| (text.split_whitespace().map(|w| w.chars().count()).max()).unwrap_or(0);
    // A header is bold, a little wider than the cells: one character more keeps its words whole.
    let header = longest_word(&table.header[column]) + 1;
    let (mut want, mut least) = (header.max(2), header.max(2));
    for cell in (table.rows.iter()).filter_map(|row| row.get(column)) {
        let text = cell.display();
        let (w, l) = match cell {
            Cell::Text(_) => (text.chars().count().min(NAME_LINE), longest_word(&text)),
            _ if text.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '-') => {
                (text.chars().count(), text.chars().count())
            }
            _ => (longest_word(&text), longest_word(&text)),
        };
        want = want.max(w);
        least = least.max(l);
    }
    (want, least.min(want))
}

/// Column widths in twips filling `width`: each as wide as it would like when that fits; else
/// the names give up room first, down to their longest word; else every column is cut in
/// proportion.
fn column_widths(table: &ReportTable, width: usize) -> Vec<usize> {
    let twips = |chars: usize| chars * CHARACTER + PADDING;
    let needs: Vec<(usize, usize)> = (0..table.header.len())
        .map(|column| column_need(table, column))
        .map(|(want, least)| (twips(want), twips(least)))
        .collect();
    let wanted: usize = needs.iter().map(|(w, _)| w).sum::<usize>().max(1);
    let least: usize = needs.iter().map(|(_, l)| l).sum::<usize>().max(1);
    if wanted <= width {
        return needs.iter().map(|(w, _)| w * width / wanted).collect();
    }
    if least >= width {
        return needs.iter().map(|(_, l)| l * width / least).collect();
    }
    // Share the room above the least among the columns that would like more.
    let (room, spare) = (width - least, wanted - least);
    (needs.iter())
        .map(|(w, l)| l + (w - l) * room / spare)
        .collect()
}

/// The height that marks a table's header row, in twips (a row at least 7 mm high), so the
/// header can be told to repeat on every page (see [`repeat_headers`]).
const HEADER_ROW: f32 = 397.0;

/// A table of the appendix: a shaded header row repeated on every page, numbers to the right,
/// 7.5 pt, no row split across pages.
fn grid(table: &ReportTable, width: usize) -> Table {
    let widths = column_widths(table, width);
    let cell = |text: &str, width: usize, align: AlignmentType, header: bool| {
        let run = Run::new().add_text(text).size(TABLE);
        let cell = TableCell::new().width(width, WidthType::Dxa).add_paragraph(
            Paragraph::new()
                .align(align)
                .line_spacing(LineSpacing::new().before(0).after(0))
                .add_run(if header { run.bold() } else { run }),
        );
        if header {
            cell.shading(Shading::new().fill("EEEEEE"))
        } else {
            cell
        }
    };
    let header = TableRow::new(
        (table.header.iter().zip(&widths))
            .map(|(h, &w)| cell(h, w, AlignmentType::Center, true))
            .collect(),
    )
    .cant_split()
    .row_height(HEADER_ROW)
    .height_rule(HeightRule::AtLeast);
    let rows = table.rows.iter().map(|row| {
        TableRow::new(
            (row.iter().zip(&widths))
                .map(|(c, &w)| cell(&c.display(), w, alignment(c), false))
                .collect(),
        )
        .cant_split()
    });
    Table::new(std::iter::once(header).chain(rows).collect())
        .set_grid(widths.clone())
        .layout(TableLayoutType::Fixed)
        .width(widths.iter().sum(), WidthType::Dxa)
        .margins(TableCellMargins::new().margin(0, CELL_MARGIN, 0, CELL_MARGIN))
}

/// Marks each table's header row as one Word repeats at the top of every page (`w:tblHeader`),
/// which docx-rs has no builder for: the rows built with [`HEADER_ROW`] are the header rows.
fn repeat_headers(document: Vec<u8>) -> Vec<u8> {
    let marker = format!(r#"<w:trHeight w:val="{HEADER_ROW}" w:hRule="atLeast" />"#);
    match String::from_utf8(document) {
        Ok(xml) => xml
            .replace(&marker, &format!("{marker}<w:tblHeader />"))
            .into_bytes(),
        Err(error) => error.into_bytes(),
    }
}

fn alignment(cell: &Cell) -> AlignmentType {
    if cell.is_number() {
        AlignmentType::Right
    } else {
        AlignmentType::Left
    }
}
