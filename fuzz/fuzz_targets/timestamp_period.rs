//! Fuzzes the text forms of time: `calendar::Moment::parse` (RFC 3339 and Vietnam's local forms)
//! and `Period`'s `FromStr` (`YYYY`, `YYYY-Qn`, `YYYY-MM`, `FROM..TO`). Any input must give `Ok` or
//! `Err`, never a panic, and a moment or period that reads prints (`Display`) as text that reads
//! back as the same value: before 7f3c5ad, `2199-12-31T17:00Z` read, and printed as
//! `2200-01-01T00:00:00+07:00`, which did not.
#![no_main]

use chiso766::calendar::Moment;
use chiso766::Period;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(moment) = Moment::parse(text) {
        let printed = moment.to_string();
        let _ = (moment.date(), moment.label_vi());
        let back = Moment::parse(&printed).ok();
        assert_eq!(back, Some(moment), "{text:?} printed as {printed:?}");
    }
    if let Ok(period) = text.parse::<Period>() {
        let printed = period.to_string();
        let _ = (period.first_day(), period.last_day(), period.label_vi());
        let back = printed.parse::<Period>().ok();
        assert_eq!(back, Some(period), "{text:?} printed as {printed:?}");
    }
});
