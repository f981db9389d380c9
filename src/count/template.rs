//! The counts records cannot give, as a file to fill in: for each criterion the records do not
//! count, the units that must give it, by how the criterion pools through the unit tree.

use super::criteria::criteria_from_records;
use super::Counting;
use crate::calendar::day_number;
use crate::error::{ErrorKind, Result};
use crate::interchange::{Template, TemplateRow};
use crate::methodology::{Methodology, Pooling};
use crate::period::Period;

impl Counting {
    /// The counts file to fill in for `period` under `methodology`: a row for each criterion the
    /// records do not count and each unit that must give it, among the units that exist on a day
    /// of the period, under `scope` (a unit's code; every unit when `None`):
    ///
    /// - a criterion shown unchanged on every sub-unit ([`Pooling::Inherit`], publication): the
    ///   top units (the province);
    /// - a criterion pooled from the units below ([`Pooling::Sum`], sync): the units without
    ///   units below them, whose sums make the others';
    /// - a criterion that does not pool ([`Pooling::None`]): every unit.
    ///
    /// Rows come criterion by criterion (each from one source of figures), units in tree order.
    ///
    /// Errors: `scope` names no unit.
    pub fn template(
        &self,
        methodology: &Methodology,
        period: &Period,
        scope: Option<&str>,
    ) -> Result<Template> {
        let kept = self.kept_in(period, scope)?;
        let tree = self.tree();
        let is_kept = |u: usize| kept.get(u).copied().unwrap_or(false);
        let top = |u: usize| !tree.parent_position(u).is_some_and(is_kept);
        let leaf = |u: usize| !tree.child_positions(u).iter().any(|&c| is_kept(c));
        let from_records: Vec<&str> = criteria_from_records().collect();
        let mut rows = Vec::new();
        for (_, criterion) in methodology.criteria() {
            if from_records.contains(&criterion.code.as_str()) {
                continue;
            }
            let gives = |u: usize| match criterion.pooling {
                Pooling::Inherit => top(u),
                Pooling::Sum => leaf(u),
                Pooling::None => true,
            };
            for (u, unit) in tree.units().iter().enumerate() {
                if !is_kept(u) || !gives(u) {
                    continue;
                }
                let how = criterion.how_to_count.as_deref().unwrap_or_default();
                rows.push(TemplateRow {
                    unit: unit.clone(),
                    criterion: criterion.code.clone(),
                    number: methodology
                        .criterion_number(&criterion.code)
                        .unwrap_or_default(),
                    name: criterion.name.clone(),
                    how_to_count: format!("{how} {}", who_gives(criterion.pooling))
                        .trim()
                        .to_owned(),
                });
            }
        }
        Ok(Template {
            methodology: methodology.name().to_owned(),
            period: *period,
            rows,
        })
    }

    /// Whether each unit (by tree position) exists on a day of `period` and lies under `scope`.
    fn kept_in(&self, period: &Period, scope: Option<&str>) -> Result<Vec<bool>> {
        let tree = self.tree();
        let scope = match scope {
            Some(code) => Some(tree.position(code).ok_or_else(|| ErrorKind::UnknownUnit {
                unit: code.to_owned(),
            })?),
            None => None,
        };
        let (first, last) = (
            day_number(period.first_day()),
            day_number(period.last_day()),
        );
        let under = |mut u: usize| loop {
            if Some(u) == scope {
                return true;
            }
            match tree.parent_position(u) {
                Some(parent) => u = parent,
                None => return scope.is_none(),
            }
        };
        Ok((0..tree.units().len())
            .map(|u| self.exists_during(u, first, last) && under(u))
            .collect())
    }
}

/// Which units give a criterion, as the template says it beside each row.
fn who_gives(pooling: Pooling) -> &'static str {
    match pooling {
        Pooling::Inherit => {
            "Chỉ điền cho tỉnh (bộ): các đơn vị trực thuộc dùng số của tỉnh."
        }
        Pooling::Sum => {
            "Điền cho từng đơn vị không có đơn vị trực thuộc; số của cấp trên là tổng, không điền."
        }
        Pooling::None => {
            "Điền riêng cho từng đơn vị, kể cả tỉnh: số của tỉnh là của riêng tỉnh, không phải tổng \
             của các đơn vị trực thuộc."
        }
    }
}
