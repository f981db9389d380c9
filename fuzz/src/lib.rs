//! What the fuzz targets share: reading every record of a file under options picked by the input's
//! first byte, and scoring counts that were read.

use std::sync::OnceLock;

use chiso766::record::{DossierTable, Format, Records};
use chiso766::{score, Counts, Methodology, ReadOptions, ScoreOptions};

/// Reads every record of a stream that opened, then its warnings.
fn drain<T>(records: chiso766::Result<Records<T, &[u8]>>) {
    if let Ok(mut records) = records {
        records.by_ref().for_each(drop);
        let _ = records.warnings();
    }
}

/// Reads `data` as a record file in `format`. The first byte `b` picks the reader, `b % 6`:
/// dossiers, petitions, procedures, units, holidays, or dossiers into a `DossierTable`; and the
/// `ReadOptions`, the bits of `b / 6`: 1 day-first dates, 2 lenient timelines, 4 lines of at most
/// 200 bytes (`'0'`…`'5'` are the defaults). The rest is the file.
pub fn records(data: &[u8], format: Format) {
    let Some((&pick, input)) = data.split_first() else {
        return;
    };
    let bits = pick / 6;
    let options = ReadOptions::new()
        .day_first_dates(bits & 1 != 0)
        .lenient_timelines(bits & 2 != 0)
        .max_line_bytes(if bits & 4 != 0 { 200 } else { 1 << 20 });
    let name = "fuzz";
    match pick % 6 {
        0 => drain(options.dossiers(input, format, name)),
        1 => drain(options.petitions(input, format, name)),
        2 => drain(options.procedures(input, format, name)),
        3 => drain(options.units(input, format, name)),
        4 => drain(options.holidays(input, format, name)),
        _ => {
            if let Ok(records) = options.dossiers(input, format, name) {
                let _ = DossierTable::read(records);
            }
        }
    }
}

/// `dvcqg-2026`, or `qd766-groups` for counts that name it (scoring checks the name first).
fn methodology(name: &str) -> &'static Methodology {
    static DVCQG: OnceLock<Methodology> = OnceLock::new();
    static GROUPS: OnceLock<Methodology> = OnceLock::new();
    let (cell, name) = match name {
        "qd766-groups" => (&GROUPS, "qd766-groups"),
        _ => (&DVCQG, "dvcqg-2026"),
    };
    cell.get_or_init(|| Methodology::builtin(name).expect("a built-in edition"))
}

/// Scores counts that were read, under the edition they name.
pub fn score_counts(counts: chiso766::Result<Counts>) {
    if let Ok(counts) = counts {
        let methodology = methodology(counts.methodology_name());
        let _ = score(methodology, &counts, &ScoreOptions::default());
    }
}
