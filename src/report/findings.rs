//! Findings in Vietnamese: each finding's sentence, written from its facts (“Tiêu chí 2.1 …:
//! đạt 78,38%, dưới mức 80%.”), and a finding as data for other programs, its sentence beside
//! its figures.

use std::fmt::Write as _;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::notation::{counted_noun, format_count, format_decimal, points_text};
use crate::plan::{Facts, Finding, NotOwn};
use crate::unit::Level;

/// A unit's peers as a finding names them: a province's are the other provinces.
fn peers_named(level: Level) -> &'static str {
    match level {
        Level::Province => "các tỉnh, thành phố",
        Level::Ministry => "các bộ, ngành",
        _ => "các đơn vị cùng cấp",
    }
}

/// The sentence of `finding`, as officials read it: “Nhóm … đạt 7,96/18 điểm, dưới 80% điểm tối
/// đa.”, “Tiêu chí 1.1 …: chỉ có 2 thủ tục, chưa đủ cơ sở đánh giá.”, “Điểm mạnh: tiêu chí 2.1 …
/// đạt 98,50%.”
pub fn finding_sentence(finding: &Finding) -> String {
    let mut out = String::with_capacity(192);
    // Writing into a `String` cannot fail.
    let _ = write_sentence(&mut out, &finding.facts);
    out
}

/// Writes the sentence of `facts` to `out`.
fn write_sentence(out: &mut String, facts: &Facts) -> std::fmt::Result {
    let pts = |value| points_text(value, 2);
    match facts {
        Facts::WeakGroup {
            group,
            points,
            max,
            bar,
            not_own,
        } => {
            write!(
                out,
                "Nhóm {group} đạt {}/{} điểm, dưới {}% điểm tối đa.",
                pts(*points),
                points_text(*max, 0),
                format_decimal(*bar)
            )?;
            match not_own {
                Some(NotOwn::GivenAsPoints) => {
                    out.push_str(" Chỉ có điểm của nhóm này, không có số liệu từng tiêu chí.");
                }
                Some(NotOwn::Owners { points, owner }) => write!(
                    out,
                    " Trong đó {} điểm bị mất thuộc số liệu của {owner}, đơn vị này không tự \
                     thay đổi được.",
                    pts(*points)
                )?,
                None => {}
            }
            Ok(())
        }
        Facts::WeakCriterion {
            criterion,
            percent,
            bar,
        } => write!(
            out,
            "Tiêu chí {criterion}: đạt {}%, dưới mức {}%.",
            pts(*percent),
            format_decimal(*bar)
        ),
        Facts::BelowPeers {
            criterion,
            points,
            gap,
            median,
            peers,
        } => write!(
            out,
            "Tiêu chí {criterion}: {} điểm, thấp hơn {} điểm so với trung vị {} ({}).",
            pts(*points),
            pts(*gap),
            peers_named(*peers),
            pts(*median)
        ),
        Facts::TooSmall {
            criterion,
            cases,
            counted,
        } => write!(
            out,
            "Tiêu chí {criterion}: chỉ có {} {}, chưa đủ cơ sở đánh giá.",
            format_count(*cases),
            counted_noun(*counted)
        ),
        Facts::Strength { criterion, percent } => write!(
            out,
            "Điểm mạnh: tiêu chí {criterion} đạt {}%.",
            pts(*percent)
        ),
        Facts::Falling { periods } => write!(out, "Tổng điểm giảm {periods} kỳ liên tiếp."),
        Facts::CostlyUnit { below, unit, gain } => write!(
            out,
            "{below} làm {unit} mất {} điểm: số điểm {unit} được thêm nếu các hồ sơ của {below} \
             đạt mức điểm tối đa.",
            pts(*gain)
        ),
    }
}

/// A finding as data carries its sentence too (`message`), so that a program showing it need
/// not word it again; its figures follow (`facts`).
impl Serialize for Finding<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Finding", 5)?;
        out.serialize_field("kind", &self.kind())?;
        out.serialize_field("severity", &self.severity)?;
        out.serialize_field("code", &self.code)?;
        out.serialize_field("message", &finding_sentence(self))?;
        out.serialize_field("facts", &self.facts)?;
        out.end()
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::finding_sentence;
    use crate::methodology::Counted;
    use crate::plan::{Facts, Finding, NotOwn, Severity};
    use crate::unit::Level;

    fn sentence(facts: Facts) -> String {
        finding_sentence(&Finding {
            severity: Severity::Warning,
            code: "X".into(),
            facts,
        })
    }

    // Each kind of finding in the words officials read, figures in Vietnamese notation.
    #[test]
    fn each_finding_reads_as_its_sentence() {
        let dec = |s: &str| s.parse::<Decimal>().unwrap();
        let group = |not_own| Facts::WeakGroup {
            group: "Dịch vụ công trực tuyến".into(),
            points: dec("8.5"),
            max: dec("12"),
            bar: dec("80"),
            not_own,
        };
        let criterion: std::borrow::Cow<str> = "2.1 Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn".into();
        let cases = [
            (
                group(None),
                "Nhóm Dịch vụ công trực tuyến đạt 8,50/12 điểm, dưới 80% điểm tối đa.",
            ),
            (
                group(Some(NotOwn::GivenAsPoints)),
                "Nhóm Dịch vụ công trực tuyến đạt 8,50/12 điểm, dưới 80% điểm tối đa. Chỉ có \
                 điểm của nhóm này, không có số liệu từng tiêu chí.",
            ),
            (
                group(Some(NotOwn::Owners {
                    points: dec("1.5"),
                    owner: "UBND tỉnh Phú Thọ".to_owned(),
                })),
                "Nhóm Dịch vụ công trực tuyến đạt 8,50/12 điểm, dưới 80% điểm tối đa. Trong đó \
                 1,50 điểm bị mất thuộc số liệu của UBND tỉnh Phú Thọ, đơn vị này không tự thay \
                 đổi được.",
            ),
            (
                Facts::WeakCriterion {
                    criterion: criterion.clone(),
                    percent: dec("78.38"),
                    bar: dec("80"),
                },
                "Tiêu chí 2.1 Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn: đạt 78,38%, dưới mức 80%.",
            ),
            (
                Facts::BelowPeers {
                    criterion: criterion.clone(),
                    points: dec("7.4"),
                    gap: dec("7.93"),
                    median: dec("15.33"),
                    peers: Level::Province,
                },
                "Tiêu chí 2.1 Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn: 7,40 điểm, thấp hơn 7,93 \
                 điểm so với trung vị các tỉnh, thành phố (15,33).",
            ),
            (
                Facts::TooSmall {
                    criterion: criterion.clone(),
                    cases: 1_002,
                    counted: Counted::Dossier,
                },
                "Tiêu chí 2.1 Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn: chỉ có 1.002 hồ sơ, chưa đủ \
                 cơ sở đánh giá.",
            ),
            (
                Facts::Strength {
                    criterion,
                    percent: dec("98.5"),
                },
                "Điểm mạnh: tiêu chí 2.1 Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn đạt 98,50%.",
            ),
            (
                Facts::Falling { periods: 3 },
                "Tổng điểm giảm 3 kỳ liên tiếp.",
            ),
            (
                Facts::CostlyUnit {
                    below: "UBND xã A".into(),
                    unit: "UBND huyện B".into(),
                    gain: dec("2"),
                },
                "UBND xã A làm UBND huyện B mất 2,00 điểm: số điểm UBND huyện B được thêm nếu các \
                 hồ sơ của UBND xã A đạt mức điểm tối đa.",
            ),
        ];
        for (facts, expected) in cases {
            assert_eq!(sentence(facts), expected);
        }
    }

    // As data a finding carries its kind, severity, code and sentence, then its figures.
    #[test]
    fn a_finding_as_json_carries_its_sentence_and_its_facts() {
        let finding = Finding {
            severity: Severity::Info,
            code: "PUBLISH_ON_TIME".into(),
            facts: Facts::Strength {
                criterion: "1.1 Công bố TTHC đúng hạn".into(),
                percent: Decimal::new(9850, 2),
            },
        };
        let json = serde_json::to_value(&finding).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "kind": "strength",
                "severity": "info",
                "code": "PUBLISH_ON_TIME",
                "message": "Điểm mạnh: tiêu chí 1.1 Công bố TTHC đúng hạn đạt 98,50%.",
                "facts": {
                    "kind": "strength",
                    "criterion": "1.1 Công bố TTHC đúng hạn",
                    "percent": "98.50"
                }
            })
        );
    }
}
