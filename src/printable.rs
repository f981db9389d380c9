//! Text a person reads, made safe to print: the one rule every output and error applies to names,
//! codes and values from the input. It imports nothing, so every room can use it.

use std::borrow::Cow;

/// Whether `c` would act on the text around it rather than show: control characters (line
/// breaks, tabs, terminal escapes), Unicode line and paragraph separators, direction marks,
/// embeddings, overrides and isolates (which turn a line around), and the invisible ones (zero
/// widths, joiners, the byte-order mark), which make two names that look alike differ.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
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
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
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
    }
}
