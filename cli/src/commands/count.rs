//! `chiso766 count`: records → the interchange counts (SPEC §6) of one or more periods.

use std::path::{Path, PathBuf};

use chiso766::Counts;

use crate::args::CountArgs;
use crate::failure::Failure;
use crate::inputs::{periods, shown, Sources};
use crate::messages::Context;
use crate::output;
use crate::progress;

/// Counts the records of every period; writes JSON to standard output, or each period's counts
/// to `--out` (JSON or CSV by its extension).
pub fn run(args: &CountArgs, profile: Option<&Path>, context: &mut Context) -> Result<(), Failure> {
    let sources = Sources::load(profile, args.counting.given(), context)?;
    sources.require_dossiers()?;
    let periods = periods(&args.period)?;
    let counting = sources.counting(periods.clone(), false)?;
    let tally = sources.tally(&counting, context)?;
    let given = sources.given_counts()?;
    unused(&counting, &given);
    let all = counting.counts_given(&tally, &given)?;
    match &args.out {
        None => {
            let json = if all.len() == 1 {
                all.first().map(Counts::to_json).unwrap_or_default()
            } else {
                let values: Vec<serde_json::Value> = (all.iter())
                    .filter_map(|c| serde_json::to_value(c).ok())
                    .collect();
                serde_json::to_string_pretty(&values).unwrap_or_default()
            };
            output::print(&json);
        }
        Some(out) => {
            for counts in &all {
                let path = if all.len() == 1 {
                    out.clone()
                } else {
                    with_period(out, counts)
                };
                write(&path, counts)?;
                progress::done(&format!("Đã ghi số liệu vào {}", path.display()));
            }
        }
    }
    Ok(())
}

/// Says which counts files name a period that is not counted (so are not used).
pub fn unused(counting: &chiso766::count::Counting, given: &[Counts]) {
    for counts in counting.unused(given) {
        if let Some(period) = counts.period {
            progress::note(&format!(
                "có tệp số liệu bổ sung của kỳ {period}, kỳ này không được tính nên tệp không được dùng"
            ));
        }
    }
}

/// `counts.csv` of several periods as `counts-2026-09.csv`.
fn with_period(out: &Path, counts: &Counts) -> PathBuf {
    let period = counts
        .period
        .map(|p| output::period_in_name(&p))
        .unwrap_or_default();
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match out.extension() {
        Some(ext) => format!("{stem}-{period}.{}", ext.to_string_lossy()),
        None => format!("{stem}-{period}"),
    };
    out.with_file_name(name)
}

fn write(path: &Path, counts: &Counts) -> Result<(), Failure> {
    let csv = shown(path).to_ascii_lowercase().ends_with(".csv");
    let bytes = if csv {
        let mut bytes = Vec::new();
        // For Excel in the Vietnamese locale, where analysts rank the units.
        counts
            .to_excel_csv(&mut bytes)
            .map_err(|e| e.in_source(&shown(path)))?;
        bytes
    } else {
        counts.to_json().into_bytes()
    };
    output::write(path, &bytes)
}
