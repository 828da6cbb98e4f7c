//! Written forms of ICD-10 and OPCS-4 codes.
//!
//! Coders and systems write the same code many ways: `I21.4`, `I214`, `i21 .4`, and HES/SUS
//! pad 3-character codes with an X filler (`G20X`). The compact form (upper case, no dot, no
//! spaces) is the one key used everywhere; the dotted form is what people read.

/// Upper-case, without dots, spaces or dagger/asterisk marks. `" i21 .4 "` → `"I214"`.
pub fn compact(written: &str) -> String {
    compact_chars(written).collect()
}

/// The characters of the compact form, for callers that must not allocate (batch grouping).
pub fn compact_chars(written: &str) -> impl Iterator<Item = char> + '_ {
    written
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '†' | '*' | '+'))
        .map(|c| c.to_ascii_uppercase())
}

/// `G20X` → `G20`; `None` when there is no X filler to drop.
pub fn strip_x_filler(compact: &str) -> Option<&str> {
    let b = compact.as_bytes();
    (b.len() == 4 && looks_like_category(&compact[..3]) && b[3] == b'X').then(|| &compact[..3])
}

/// The dotted display form of a compact code: `I214` → `I21.4`, `M2480` → `M24.80`;
/// anything that is not a letter-digit-digit code is returned unchanged.
pub fn dotted(compact: &str) -> String {
    if compact.len() > 3
        && compact.is_char_boundary(3)
        && looks_like_category(&compact[..3])
        && compact[3..].bytes().all(|b| b.is_ascii_alphanumeric())
    {
        format!("{}.{}", &compact[..3], &compact[3..])
    } else {
        compact.to_string()
    }
}

/// `I21`, `W37`: a letter and two digits.
pub fn looks_like_category(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 3 && b[0].is_ascii_alphabetic() && b[1].is_ascii_digit() && b[2].is_ascii_digit()
}

/// A query that is a code or the start of one: a letter, then one or two digits, then up to
/// two more characters (digits or an X filler), in any written form (`k4`, `I21.4`, `G20X`).
pub fn looks_like_code(written: &str) -> bool {
    let c = compact(written);
    let b = c.as_bytes();
    if b.len() < 2 || b.len() > 5 || !b[0].is_ascii_alphabetic() || !b[1].is_ascii_digit() {
        return false;
    }
    b[2..].iter().all(|ch| ch.is_ascii_digit() || *ch == b'X')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_accepts_every_written_form() {
        assert_eq!(compact("I21.4"), "I214");
        assert_eq!(compact(" i21 .4 "), "I214");
        assert_eq!(compact("A52.1†"), "A521");
        assert_eq!(compact("G20X"), "G20X");
    }

    #[test]
    fn x_filler_is_dropped_only_after_a_category() {
        assert_eq!(strip_x_filler("G20X"), Some("G20"));
        assert_eq!(strip_x_filler("I10X"), Some("I10"));
        assert_eq!(strip_x_filler("I214"), None);
        assert_eq!(strip_x_filler("GX0X"), None);
    }

    #[test]
    fn dotted_inserts_the_dot_after_the_category() {
        assert_eq!(dotted("I214"), "I21.4");
        assert_eq!(dotted("M2480"), "M24.80");
        assert_eq!(dotted("I21"), "I21");
        assert_eq!(dotted("I20-I25"), "I20-I25");
    }

    #[test]
    fn code_like_queries() {
        for q in ["I21.4", "i214", "I21 .4", "G20X", "k40", "k4", "M24.80"] {
            assert!(looks_like_code(q), "{q}");
        }
        for q in ["", "k", "heart", "THR", "4k", "I21.4.5.6", "#NOF"] {
            assert!(!looks_like_code(q), "{q}");
        }
    }
}
