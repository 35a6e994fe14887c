//! User text on its way to the terminal and to the file system.
//!
//! Owns the two rules every layer applies to text a user gave (a file's contents, a name, a
//! path, an argument): control characters are escaped before they reach a terminal, so an
//! ANSI or OSC sequence in a name cannot recolour it or set its title; and a name that becomes
//! a folder name must be one plain path component. Knows nothing of scenarios or commands.

use std::borrow::Cow;

/// Longest name that may become a folder name, in bytes (the usual file-name limit).
pub const MAX_NAME_BYTES: usize = 255;

/// `text` with every control character written as `\u{1b}` (Rust's escape), newlines and
/// tabs included: for a value quoted inside a one-line message.
pub fn escape_control(text: &str) -> Cow<'_, str> {
    escape_where(text, char::is_control)
}

/// `text` with every control character but newline and tab escaped as by [`escape_control`]:
/// for a whole message about to be printed, whose lines are its own layout.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    escape_where(text, |c| c.is_control() && c != '\n' && c != '\t')
}

fn escape_where(text: &str, escape: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escape(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Why `name` cannot be a folder name (None: it can). The rule every command applies to a
/// name that becomes `results/<name>`: not empty or blank, not `.` or `..`, no `/`, `\`, NUL
/// or other control character, at most [`MAX_NAME_BYTES`] bytes. The reason is a phrase to
/// follow "the name ...", e.g. "contains `/`".
pub fn folder_name_problem(name: &str) -> Option<String> {
    if name.trim().is_empty() {
        return Some("is empty".into());
    }
    if name == "." {
        return Some("is `.`, which names the folder it would be in".into());
    }
    if name == ".." {
        return Some("is `..`, which names the folder above the one it would be in".into());
    }
    if let Some(c) = name.chars().find(|c| matches!(c, '/' | '\\')) {
        return Some(format!("contains `{c}`, which separates folders"));
    }
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Some(format!("contains a control character (U+{:04X})", c as u32));
    }
    if name.len() > MAX_NAME_BYTES {
        return Some(format!(
            "is {} bytes long; a folder name has at most {MAX_NAME_BYTES}",
            name.len()
        ));
    }
    None
}

/// A name like `name` that passes [`folder_name_problem`]: the parts between separators
/// that are not only dots, joined by `-` (`../../x` → `x`, `HR/IT` → `HR-IT`), control
/// characters as `_`, cut to [`MAX_NAME_BYTES`]; `fallback` if nothing is left. Used for
/// suggestions, never to change a name silently.
pub fn folder_name_suggestion(name: &str, fallback: &str) -> String {
    let parts: Vec<&str> = name
        .split(['/', '\\'])
        .map(str::trim)
        .filter(|p| p.chars().any(|c| c != '.'))
        .collect();
    let mut out = String::new();
    for c in parts.join("-").chars() {
        let c = if c.is_control() { '_' } else { c };
        if out.len() + c.len_utf8() > MAX_NAME_BYTES {
            break;
        }
        out.push(c);
    }
    if out.chars().all(|c| c == '.' || c == '_') {
        fallback.to_string()
    } else {
        out
    }
}

/// `bytes` in decimal units with two or three significant digits: "45 TB", "2.2 GB", "512 B".
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 7] = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 999.5 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 || value >= 9.95 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_other_text_is_kept() {
        assert_eq!(escape_control("plain é ✓"), "plain é ✓");
        assert!(matches!(escape_control("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape_control("a\u{1b}]0;title\u{7}b\nc"),
            "a\\u{1b}]0;title\\u{7}b\\u{a}c"
        );
        assert_eq!(escape_control("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(
            for_terminal("x\u{1b}[31m\n\ty\r"),
            "x\\u{1b}[31m\n\ty\\u{d}"
        );
    }

    #[test]
    fn names_that_are_not_one_plain_path_component_are_refused() {
        for bad in [
            "",
            "  ",
            ".",
            "..",
            "/tmp/x",
            "../../x",
            "a\\b",
            "a\0b",
            "a\u{1b}[31m",
        ] {
            assert!(folder_name_problem(bad).is_some(), "{bad:?}");
        }
        assert!(folder_name_problem(&"x".repeat(256)).is_some());
        for good in [
            "baseline",
            "coaching 2",
            "...",
            ".hidden",
            "é",
            &"x".repeat(255),
        ] {
            assert_eq!(folder_name_problem(good), None, "{good:?}");
        }
    }

    #[test]
    fn suggestions_pass_the_rule() {
        for name in ["../../x", "/tmp/x", "a\u{1b}b", "..", "", &"é".repeat(200)] {
            let s = folder_name_suggestion(name, "scenario");
            assert_eq!(folder_name_problem(&s), None, "{name:?} -> {s:?}");
        }
        assert_eq!(folder_name_suggestion("/tmp/x", "s"), "tmp-x");
        assert_eq!(folder_name_suggestion("../../x", "s"), "x");
        assert_eq!(folder_name_suggestion("HR\\IT", "s"), "HR-IT");
        assert_eq!(folder_name_suggestion("red\u{1b}[31m", "s"), "red_[31m");
        assert_eq!(folder_name_suggestion("..", "s"), "s");
    }
}
