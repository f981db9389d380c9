//! The monthly report as Markdown: the same sentences as the text, headings for the sections, and
//! the tables as pipe tables.

use std::fmt::Write as _;

use super::monthly::MonthlyReport;
use super::prose::sections;
use super::table::{all, Table};

/// Escapes what Markdown would read as markup in a table cell or a line of prose (an entity such
/// as `&rlm;` included: a viewer would turn it into the character it names).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '\\' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The report as Markdown.
pub fn monthly(report: &MonthlyReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(&report.title()));
    for section in sections(report) {
        let _ = writeln!(out, "## {}\n", escape(&section.title));
        for paragraph in &section.paragraphs {
            let _ = writeln!(out, "{}\n", escape(paragraph));
        }
        for bullet in &section.bullets {
            let _ = writeln!(out, "- {}", escape(bullet));
        }
        if !section.bullets.is_empty() {
            out.push('\n');
        }
    }
    let _ = writeln!(out, "## Phụ lục");
    for table in all(report) {
        let _ = writeln!(out);
        write_table(&mut out, &table);
    }
    out
}

fn write_table(out: &mut String, table: &Table) {
    let _ = writeln!(out, "### {}\n", escape(table.title));
    let header: Vec<String> = table.header.iter().map(|h| escape(h)).collect();
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let numeric: Vec<bool> = (0..table.header.len())
        .map(|i| {
            table
                .rows
                .first()
                .and_then(|r| r.get(i))
                .is_some_and(|c| c.is_number())
        })
        .collect();
    let rule: Vec<&str> = numeric
        .iter()
        .map(|&n| if n { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "| {} |", rule.join(" | "));
    for row in &table.rows {
        let cells: Vec<String> = row.iter().map(|c| escape(&c.display())).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
}
