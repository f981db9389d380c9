//! The monthly report as Vietnamese plain text, in the seeds' own style: the title, the sections'
//! sentences and bullets, then the appendix (phụ lục) and the index's tables, aligned in columns.

use std::fmt::Write as _;

use super::monthly::MonthlyReport;
use super::prose::sections;
use super::table::{all, Table};

/// The report as plain text.
pub fn monthly(report: &MonthlyReport) -> String {
    let mut out = String::new();
    let title = report.title();
    let _ = writeln!(
        out,
        "{}\n{}\n",
        title.to_uppercase(),
        "=".repeat(title.chars().count())
    );
    for section in sections(report) {
        let _ = writeln!(out, "{}\n", section.title);
        for paragraph in &section.paragraphs {
            let _ = writeln!(out, "{paragraph}\n");
        }
        for bullet in &section.bullets {
            let _ = writeln!(out, "- {bullet}");
        }
        if !section.bullets.is_empty() {
            out.push('\n');
        }
    }
    let _ = writeln!(out, "PHỤ LỤC");
    for table in all(report) {
        let _ = writeln!(out);
        write_table(&mut out, &table);
    }
    out
}

/// A table with each column as wide as its widest cell, numbers to the right.
fn write_table(out: &mut String, table: &Table) {
    let _ = writeln!(out, "{}", table.title);
    let cells: Vec<Vec<(String, bool)>> = (table.rows.iter())
        .map(|row| row.iter().map(|c| (c.display(), c.is_number())).collect())
        .collect();
    let mut widths: Vec<usize> = table.header.iter().map(|h| h.chars().count()).collect();
    for row in &cells {
        for (width, (text, _)) in widths.iter_mut().zip(row) {
            *width = (*width).max(text.chars().count());
        }
    }
    let line = |out: &mut String, row: &[(String, bool)]| {
        let fields: Vec<String> = (row.iter().zip(&widths))
            .map(|((text, number), &width)| {
                let pad = " ".repeat(width.saturating_sub(text.chars().count()));
                if *number {
                    format!("{pad}{text}")
                } else {
                    format!("{text}{pad}")
                }
            })
            .collect();
        let _ = writeln!(out, "{}", fields.join(" | ").trim_end());
    };
    let header: Vec<(String, bool)> = table.header.iter().map(|h| (h.clone(), false)).collect();
    line(out, &header);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    let _ = writeln!(out, "{}", rule.join("-+-"));
    for row in &cells {
        line(out, row);
    }
}
