//! Checking a scenario or sweep file does bounded work whatever the file holds: at most 50
//! problems are kept and shown (the rest counted, "and N more problems"), and a list longer
//! than its cap is one problem, found before any of its entries is looked at. No timing is
//! asserted: the counts show the work is not done.

use orgsim::experiment::load_sweep_str;
use orgsim::scenario::{load_str, schema};
use std::path::Path;

#[test]
fn forty_thousand_unknown_keys_show_fifty_problems_and_count_the_rest() {
    let text: String = (0..40_000)
        .map(|i| format!("unknown_key_{i} = 1\n"))
        .collect();
    let err = load_str("many.toml", &text, &[]).unwrap_err();
    assert_eq!(err.count(), 40_000);
    assert_eq!(err.diagnostics().len(), 50);
    // The first fifty in reading order, at their lines.
    let first = &err.diagnostics()[0];
    assert_eq!(first.title, "unknown key `unknown_key_0`");
    let last = &err.diagnostics()[49];
    assert_eq!(last.title, "unknown key `unknown_key_49`");
    assert_eq!(
        last.location,
        orgsim::scenario::Location::File {
            line: 50,
            column: 1
        }
    );
    let shown = err.to_string();
    assert_eq!(shown.matches("error: unknown key").count(), 50);
    assert!(
        shown.ends_with(
            "note: and 39950 more problems (the first 50 are shown)\n\n\
             error: could not load `many.toml`: 40000 problems"
        ),
        "{}",
        &shown[shown.len().saturating_sub(300)..]
    );
}

#[test]
fn an_over_long_list_is_one_problem_and_its_entries_are_not_checked() {
    // Every entry is also wrong: had the entries been checked, each would be a problem.
    let cases = [
        ("workforce", "[[workforce]]\nbogus = 1\n", 40_000),
        (
            "interventions",
            "[[interventions]]\nkind = \"no_such_kind\"\n",
            schema::MAX_INTERVENTIONS + 1,
        ),
        (
            "environment.shocks",
            "[[environment.shocks]]\nmonth = -1\n",
            schema::MAX_SHOCKS + 1,
        ),
    ];
    for (list, entry, n) in cases {
        let err = load_str("long.toml", &entry.repeat(n), &[]).unwrap_err();
        assert_eq!(err.count(), 1, "{list}: {err}");
        let d = &err.diagnostics()[0];
        assert_eq!(d.title, format!("`{list}` has too many entries"));
        assert!(
            d.label.ends_with(&format!("entries, found {n}")),
            "{}",
            d.label
        );
    }
    // At the cap, entries are checked as usual.
    let at_cap =
        "[[interventions]]\nkind = \"idea_time\"\nmonth = 1\n".repeat(schema::MAX_INTERVENTIONS);
    let scenario = load_str("cap.toml", &at_cap, &[]).unwrap();
    assert_eq!(scenario.interventions.len(), schema::MAX_INTERVENTIONS);
}

#[test]
fn a_sweep_varying_too_many_keys_is_one_problem() {
    use orgsim::experiment::sweep_file::MAX_VARIED_KEYS;
    let n = MAX_VARIED_KEYS + 1;
    let vary = "[[vary]]\nkey = \"no.such.key\"\nvalues = [1]\n".repeat(n);
    let err = load_sweep_str("s.toml", &vary, Path::new("")).unwrap_err();
    assert_eq!(err.count(), 1, "{err}");
    assert_eq!(err.diagnostics()[0].title, "`vary` has too many keys");
    let keys = vec!["\"no.such.key\""; n].join(", ");
    let table = format!("[design]\nkind = \"table\"\nkeys = [{keys}]\nrows = [[1]]\n");
    let err = load_sweep_str("s.toml", &table, Path::new("")).unwrap_err();
    assert_eq!(err.count(), 1, "{err}");
    assert_eq!(
        err.diagnostics()[0].title,
        "`design.keys` has too many keys"
    );
}

/// The problems of an inline base scenario count in the sweep's total, shown or not.
#[test]
fn the_problems_of_an_inline_base_are_all_counted() {
    let keys: String = (0..1_000)
        .map(|i| format!("unknown_key_{i} = 1\n"))
        .collect();
    let text = format!("[base]\n{keys}[[vary]]\nkey = \"months\"\nvalues = [12]\n");
    let err = load_sweep_str("s.toml", &text, Path::new("")).unwrap_err();
    assert_eq!(err.count(), 1_000);
    assert_eq!(err.diagnostics().len(), 50);
    assert!(err.to_string().ends_with("1000 problems"), "{err}");
}
