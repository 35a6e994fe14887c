//! Interventions in the time series: the overview figure marks where each one starts and
//! ends, with one label per event for the whole figure (panels show only its number), and
//! the figure and the report's timeline give the same months.

use crate::common::{orgsim, temp_dir, text};

#[test]
fn starts_and_ends_are_marked_once_and_agree_with_the_report() {
    let out = temp_dir("markers", "transition");
    let run = orgsim(&[
        "run",
        "scenarios/transition.toml",
        "-n",
        "3",
        "-q",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let svg = std::fs::read_to_string(out.join("figures/overview.svg")).unwrap();
    // Action learning acts in months 6–29 (end_month = 30 is the first month without it).
    for label in [
        "action learning starts (months 6–29)",
        "action learning ends (after month 29)",
        "coaching programme (month 6)",
    ] {
        assert_eq!(
            svg.matches(label).count(),
            1,
            "`{label}` once in the figure"
        );
    }
    assert!(!svg.contains("6–30"), "no off-by-one range in the figure");
    // Three panels, each with the numbered tags of its lines (1–3 at month 6, 4 at month 30).
    assert_eq!(svg.matches("1, 2, 3").count(), 3);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("months 6–29"),
        "the report's timeline uses the same phrase"
    );
    assert!(!html.contains("6–30"));
    let _ = std::fs::remove_dir_all(&out);
}
