//! The command line as a student or researcher meets it: `orgsim params` filtered and as
//! csv/json, `sweep --set`, `validate` and `run` given a sweep or targets file, and the
//! default output folder of a run changed by `--set`.

use crate::common;

use common::{orgsim, text};
use orgsim::model::params::PARAMETER_SPECS;
use orgsim::scenario::scenario_keys;

#[test]
fn params_filters_by_a_word_in_name_or_meaning_ignoring_case() {
    let result = orgsim(&["params", "TRUST"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let stdout = text(&result.stdout);
    let mut shown = 0;
    for spec in PARAMETER_SPECS {
        let wanted = spec.name.contains("trust") || spec.meaning.to_lowercase().contains("trust");
        let listed = stdout
            .lines()
            .any(|l| l.split_whitespace().next() == Some(spec.name));
        assert_eq!(wanted, listed, "{}", spec.name);
        shown += usize::from(listed);
    }
    assert!(shown > 3 && shown < PARAMETER_SPECS.len(), "{shown}");
    assert!(stdout.contains("management.trust_in_team"), "{stdout}");
    assert!(!stdout.contains("hiring_cost"), "{stdout}");
}

#[test]
fn params_without_a_match_says_so_suggests_a_word_and_exits_2() {
    let result = orgsim(&["params", "trsut"]);
    assert_eq!(result.status.code(), Some(2));
    let stderr = text(&result.stderr);
    assert!(
        stderr.contains("no model parameter or scenario key"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `trust`?"), "{stderr}");
    assert!(text(&result.stdout).is_empty());
}

#[test]
fn params_text_explains_step_once_and_aligns_long_names() {
    let stdout = text(&orgsim(&["params"]).stdout);
    assert_eq!(stdout.matches("step: the step of a month").count(), 1);
    assert!(stdout.contains("# step 5: trust"), "{stdout}");
    // Every parameter's meaning starts in the same column, whatever the name's length.
    let columns: Vec<usize> = PARAMETER_SPECS
        .iter()
        .map(|spec| {
            let line = stdout
                .lines()
                .find(|l| l.split_whitespace().next() == Some(spec.name))
                .unwrap_or_else(|| panic!("{} missing", spec.name));
            line.find(spec.meaning).expect("meaning on the line")
        })
        .collect();
    assert!(columns.windows(2).all(|w| w[0] == w[1]), "{columns:?}");
    let longest = PARAMETER_SPECS.iter().map(|s| s.name.len()).max().unwrap();
    assert!(columns[0] > longest + 2);
}

#[test]
fn params_csv_and_json_have_the_declared_columns_and_every_row() {
    let rows = PARAMETER_SPECS.len() + scenario_keys().count();
    let csv = orgsim(&["params", "--format", "csv"]);
    assert!(csv.status.success());
    let mut reader = csv::Reader::from_reader(csv.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "name",
            "step",
            "default",
            "min",
            "max",
            "default_is",
            "meaning"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), rows);
    for (spec, record) in PARAMETER_SPECS.iter().zip(&records) {
        assert_eq!(&record[0], spec.name);
        assert_eq!(record[2].parse::<f64>().unwrap(), spec.default);
        assert_eq!(&record[5], spec.provenance());
        assert_eq!(&record[6], spec.meaning);
    }

    let json = orgsim(&["params", "--format", "json", "rate"]);
    assert!(json.status.success());
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let list = value.as_array().unwrap();
    for spec in PARAMETER_SPECS.iter().filter(|s| s.name.ends_with("_rate")) {
        let row = list
            .iter()
            .find(|r| r["name"] == spec.name)
            .unwrap_or_else(|| panic!("{} missing", spec.name));
        assert_eq!(row["default"].as_f64(), Some(spec.default));
        assert_eq!(row["max"].as_f64(), Some(spec.max));
        assert_eq!(row["default_is"], spec.provenance());
    }
}

/// A rate that moves a state toward a target says it is a speed, not an amount.
#[test]
fn rate_parameters_that_move_toward_a_target_say_they_are_speeds() {
    for spec in PARAMETER_SPECS.iter().filter(|s| s.name.ends_with("_rate")) {
        if spec.meaning.contains("toward") {
            assert!(
                spec.meaning.contains("speed") && spec.meaning.contains("not an amount"),
                "{}: {}",
                spec.name,
                spec.meaning
            );
        }
    }
    let speeds = PARAMETER_SPECS
        .iter()
        .filter(|s| s.name.ends_with("_rate") && s.meaning.contains("not an amount"))
        .count();
    assert!(speeds >= 6, "{speeds}");
}
