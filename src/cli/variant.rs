//! `compare --variant "LABEL: key=value[, key=value]"`: a variant of the first scenario
//! described on the command line instead of in a file.
//!
//! Owns parsing the variant's text into a label and `--set`-style assignments. The values are
//! checked as `--set` values are (the assignments become overrides of the first scenario),
//! so a variant's errors read like `--set` errors. Does not load or run anything.

/// Longest variant label, in characters (it heads table rows and figure legends).
pub const MAX_LABEL_CHARS: usize = 60;

/// A parsed `--variant`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    pub label: String,
    /// `key.path=value` assignments, as `--set` takes them.
    pub assignments: Vec<String>,
}

/// Parses `LABEL: key=value[, key=value ...]`. The error says what is wrong and shows the
/// expected form.
pub fn parse_variant(text: &str) -> Result<Variant, String> {
    let form = "expected \"LABEL: key.path=value[, key.path=value]\", e.g. \
                --variant \"faster trust loss: parameters.trust_loss_rate=0.4\"";
    let Some((label, rest)) = text.split_once(':') else {
        return Err(format!("--variant `{text}` has no label: {form}"));
    };
    let label = label.trim();
    if label.is_empty() {
        return Err(format!("--variant `{text}` has an empty label: {form}"));
    }
    if label.chars().any(char::is_control) {
        return Err(format!(
            "--variant label `{label}` contains a control character"
        ));
    }
    if label.chars().count() > MAX_LABEL_CHARS {
        return Err(format!(
            "--variant label `{label}` is longer than {MAX_LABEL_CHARS} characters"
        ));
    }
    let mut assignments = Vec::new();
    for part in rest.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        match part.split_once('=') {
            Some((key, value)) if !key.trim().is_empty() && !value.trim().is_empty() => {
                assignments.push(format!("{}={}", key.trim(), value.trim()));
            }
            _ => {
                return Err(format!(
                    "--variant `{label}`: `{part}` is not an assignment key.path=value: {form}"
                ));
            }
        }
    }
    if assignments.is_empty() {
        return Err(format!("--variant `{label}` changes nothing: {form}"));
    }
    Ok(Variant {
        label: label.to_string(),
        assignments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_and_assignments_are_read_and_bad_forms_refused() {
        let v = parse_variant(" faster trust loss : parameters.trust_loss_rate=0.4, months = 24")
            .unwrap();
        assert_eq!(v.label, "faster trust loss");
        assert_eq!(
            v.assignments,
            ["parameters.trust_loss_rate=0.4", "months=24"]
        );
        for bad in [
            "parameters.trust_loss_rate=0.4",
            ": months=24",
            "label:",
            "label: months",
            "label: =3",
            "label: months=",
        ] {
            assert!(parse_variant(bad).is_err(), "{bad}");
        }
    }
}
