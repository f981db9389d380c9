//! Text a person reads, made safe to print: the one rule every output and error applies to names,
//! codes and values from the input. It imports nothing, so every room can use it.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` would act on the text around it rather than show: control characters (line
/// breaks, tabs, terminal escapes), Unicode line and paragraph separators, direction marks,
/// embeddings, overrides and isolates (which turn a line around), and the invisible ones (zero
/// widths, joiners, fillers, variation selectors, tags, the byte-order mark, Unicode's other
/// format characters), which make two names that look alike differ.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'..='\u{1160}'
                | '\u{17B4}'..='\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{110BD}'
                | '\u{110CD}'
                | '\u{13430}'..='\u{1343F}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// `text` with every character that acts rather than shows (see `is_hidden`) written as `\u{…}`, so
/// that no input can forge a line of a report, turn a name around or drive a terminal. Names,
/// codes and values from the input go through it in every output and error.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` cut to its first `most` characters, the last of them an ellipsis, when it is longer: a
/// name in a table or a chart, whose full text is said once where the unit is described.
pub fn shortened(text: &str, most: usize) -> Cow<'_, str> {
    match text.char_indices().nth(most) {
        None => Cow::Borrowed(text),
        Some(_) => {
            let kept = most.saturating_sub(1);
            let end = text
                .char_indices()
                .nth(kept)
                .map_or(text.len(), |(at, _)| at);
            Cow::Owned(format!("{}…", text.get(..end).unwrap_or_default()))
        }
    }
}

/// The most characters of a name in a list or a table row: the whole name is said once, where
/// the unit is described.
pub const NAME_MOST: usize = 120;

/// A name as a list or a table row shows it: [`printable`], and cut to [`NAME_MOST`] characters.
pub fn listed(name: &str) -> String {
    shortened(&printable(name), NAME_MOST).into_owned()
}

#[cfg(test)]
mod tests {
    use super::{printable, shortened};

    #[test]
    fn a_long_name_is_cut_to_its_room_with_an_ellipsis() {
        assert_eq!(shortened("Xã Hy Cương", 11), "Xã Hy Cương");
        assert_eq!(shortened("Xã Hy Cương", 10), "Xã Hy Cươ…");
        assert_eq!(shortened("Xã Hy Cương", 1), "…");
        assert_eq!(shortened(&"ơ".repeat(100_000), 120).chars().count(), 120);
    }

    #[test]
    fn what_acts_is_shown_and_what_shows_is_kept() {
        assert_eq!(printable("UBND xã Hy Cương"), "UBND xã Hy Cương");
        assert_eq!(printable("a\nb\r\u{1b}[2J"), "a\\u{a}b\\u{d}\\u{1b}[2J");
        assert_eq!(printable("exe.png\u{202e}gnp"), "exe.png\\u{202e}gnp");
        assert_eq!(printable("X\u{200b}ã\u{feff}"), "X\\u{200b}ã\\u{feff}");
        assert_eq!(printable("\u{2028}\u{2066}"), "\\u{2028}\\u{2066}");
        assert_eq!(
            printable("A\u{e0041}\u{fe0f}\u{3164}"),
            "A\\u{e0041}\\u{fe0f}\\u{3164}"
        );
    }
}
