//! `chiso766 template --period P`: the counts records cannot give, as a CSV for the office to fill
//! in with Excel; `report`, `score` and `count` read it back.

use std::path::Path;

use chiso766::report::format_count;

use crate::args::TemplateArgs;
use crate::failure::Failure;
use crate::inputs::{shown, Sources};
use crate::messages::Context;
use crate::output;

/// Writes the template of the period for the profile's province (or every unit).
pub fn run(
    args: &TemplateArgs,
    profile: Option<&Path>,
    context: &mut Context,
) -> Result<(), Failure> {
    let sources = Sources::load(profile, args.given(), context)?;
    let period = crate::inputs::period(&args.period)?;
    let counting = sources.counting(vec![period], false)?;
    let template = counting.template(&sources.methodology, &period, sources.province.as_deref())?;
    let path = match &args.out {
        Some(path) => path.clone(),
        None => sources.profile_dir().join(format!(
            "so-lieu-bo-sung-{}.csv",
            output::period_in_name(&period)
        )),
    };
    output::refuse_overwrite(&path, args.force)?;
    let mut bytes = Vec::new();
    template
        .to_csv(&mut bytes)
        .map_err(|e| e.in_source(&shown(&path)))?;
    output::write(&path, &bytes)?;
    let criteria: std::collections::BTreeSet<&str> =
        template.rows.iter().map(|r| r.criterion.as_str()).collect();
    let units: std::collections::BTreeSet<&str> =
        template.rows.iter().map(|r| r.unit.code.as_str()).collect();
    let registered = (sources.profile.as_ref())
        .is_some_and(|p| p.files.counts.iter().any(|c| same_file(&c.value, &path)));
    let mut out = format!(
        "Đã ghi {}: {} dòng cần điền ({} tiêu chí, {} đơn vị) cho kỳ {}.\n\
         Mở tệp bằng Excel, điền cột “Tử số” và “Mẫu số” của từng dòng theo cột “Cách tính”, \
         rồi lưu lại dạng CSV (giữ nguyên các cột khác). Dòng để trống thì tiêu chí đó vẫn thiếu \
         số liệu.\n",
        path.display(),
        format_count(template.rows.len() as u64),
        criteria.len(),
        units.len(),
        period.label_vi()
    );
    if !registered {
        out.push_str(&format!(
            "Sau khi điền, khai báo tệp ở mục [files] của chiso766.toml: counts = [\"{}\"] (hoặc \
             chạy report với --counts {}).\n",
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            path.display()
        ));
    }
    output::print(&out);
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
