//! Text a person reads, made safe to print: the one rule every output and error applies to names,
//! codes and values from the input. It imports nothing, so every room can use it.

/// `text` with every control character (line breaks, tabs, terminal escapes, Unicode line
/// separators and direction overrides) written as `\u{…}`, so that no input can forge a line of a
/// report or drive a terminal. Names and codes go through it in every text output.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}
