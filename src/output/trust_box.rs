//! "How far to trust these numbers": which of the model's magnitudes are calibrated, which
//! are validated against independent data, and which are illustrative.
//!
//! Owns the one text that every place a user reads results carries: the terminal after a run
//! or a comparison ([`terminal`]), `report.html` ([`html`]) and README.md (a block generated
//! from [`markdown`] and checked by a docs test). Keeping it in one place keeps the three
//! from drifting apart when the calibration changes.

use std::fmt::Write as _;

/// The box's heading.
pub const TITLE: &str = "How far to trust these numbers";

/// One kind of number and what it covers.
pub struct TrustKind {
    pub label: &'static str,
    /// The full sentence(s), for the report and README.
    pub text: &'static str,
    /// A few words, for the terminal.
    pub short: &'static str,
}

/// Calibrated, validated, illustrative, and what the intervals mean, in that order.
pub const KINDS: &[TrustKind] = &[
    TrustKind {
        label: "Calibrated",
        text: "Annual turnover under control-style management, how much coaching-style \
               management cuts it, coaching's performance gain after five years, the shifts of \
               engagement and trust in individual standard deviations and their correlations \
               with quitting are fitted to published effect sizes (eight coefficients, by \
               approximate Bayesian computation). docs/CALIBRATION.md lists each target, its \
               source and the fit; some bands are conversions of correlations or practitioner \
               benchmarks, widened where a number could not be verified. Fitted is not \
               validated: these targets cannot also confirm the model.",
        short: "turnover, coaching's effect on turnover and performance, the shifts of \
                engagement and trust (docs/CALIBRATION.md); fitted, not validated",
    },
    TrustKind {
        label: "Validated",
        text: "The knowledge core (March 1991: socialisation, turnover, turbulence) \
               reproduces the paper's Figure 1 within Monte Carlo error (docs/VALIDATION.md).",
        short: "the knowledge core against March (1991)",
    },
    TrustKind {
        label: "Illustrative",
        text: "Everything else is set by judgement, not data: costs and values in output \
               units, the effects of programmes (coaching training, action learning, idea \
               time, self-organising teams, outside support), technical innovations, sector \
               presets and shocks. Use the results to compare scenarios and to see how the \
               mechanisms work; do not read the levels as forecasts.",
        short: "everything else (costs, programme effects, sectors, shocks): compare \
                scenarios, do not read levels as forecasts",
    },
    TrustKind {
        label: "Intervals",
        text: "A 95% interval is the Monte Carlo interval of a mean over replications with \
               every coefficient fixed: it shrinks as replications grow and says nothing about \
               how sure we are of the coefficients themselves (the calibration's accepted \
               parameter sets show that spread).",
        short: "95% intervals are over replications with the coefficients fixed",
    },
];

/// The intervals' line when coefficients are drawn for each replication (`[uncertainty]`).
const UNCERTAIN_INTERVALS: &str = "each replication drew its own coefficients ([uncertainty]): \
     the spread of single runs (pi_low, pi_high) includes that uncertainty; a 95% interval is \
     still the mean's";

/// The box for the terminal: a heading and one wrapped line per kind, at most `width`
/// columns wide.
pub fn terminal(width: usize) -> String {
    terminal_for(width, false)
}

/// [`terminal`] for results whose replications drew uncertain coefficients when `uncertain`:
/// the intervals' line then says what the intervals include.
pub fn terminal_for(width: usize, uncertain: bool) -> String {
    let mut text = format!("{TITLE}:\n");
    for kind in KINDS {
        let label = format!("  {}: ", kind.label.to_lowercase());
        let short = if uncertain && kind.label == "Intervals" {
            UNCERTAIN_INTERVALS
        } else {
            kind.short
        };
        wrap_into(&mut text, &label, short, width);
    }
    text
}

/// The box as Markdown (README.md).
pub fn markdown() -> String {
    let mut text = format!("> **{TITLE}.**\n");
    for kind in KINDS {
        let _ = writeln!(text, ">\n> **{}.** {}", kind.label, kind.text);
    }
    text
}

/// The box as an HTML `<aside>` (report.html). The text is the crate's own, with no markup.
pub fn html(h: &mut String) {
    let _ = write!(
        h,
        "<aside class=\"trust\" aria-label=\"{TITLE}\">\n<p class=\"trust-title\">{TITLE}</p>\n<dl>\n"
    );
    for kind in KINDS {
        let _ = writeln!(h, "<dt>{}</dt><dd>{}</dd>", kind.label, kind.text);
    }
    h.push_str("</dl>\n</aside>\n");
}

/// Appends `text` after `first_prefix`, wrapped at word boundaries to `width` columns, the
/// following lines indented as far as the prefix.
fn wrap_into(out: &mut String, first_prefix: &str, text: &str, width: usize) {
    let indent = " ".repeat(first_prefix.chars().count());
    let mut line = first_prefix.to_string();
    let mut line_has_word = false;
    for word in text.split_whitespace() {
        let fits = line.chars().count() + 1 + word.chars().count() <= width;
        if line_has_word && !fits {
            out.push_str(line.trim_end());
            out.push('\n');
            line = indent.clone();
            line_has_word = false;
        }
        if line_has_word {
            line.push(' ');
        }
        line.push_str(word);
        line_has_word = true;
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_terminal_box_fits_its_width_and_keeps_every_word() {
        let text = terminal(72);
        assert!(text.lines().all(|l| l.chars().count() <= 72), "{text}");
        for kind in KINDS {
            for word in kind.short.split_whitespace() {
                assert!(text.contains(word), "{word} missing from\n{text}");
            }
        }
        assert!(text.starts_with(TITLE));
    }

    #[test]
    fn every_kind_appears_in_the_markdown_and_the_html() {
        let md = markdown();
        let mut html_text = String::new();
        html(&mut html_text);
        for kind in KINDS {
            assert!(md.contains(kind.text) && md.contains(kind.label));
            assert!(html_text.contains(kind.text));
        }
        // The HTML carries no character that would need escaping.
        for kind in KINDS {
            assert!(!kind.text.contains(['<', '>', '&', '"']), "{}", kind.label);
        }
    }
}
