//! `orgsim params --lang nl`: every coefficient's meaning in Dutch in the text table, csv and
//! json (column and field names unchanged), Dutch group headings and calibrated/illustrative
//! in the table, a word filter that matches the Dutch meaning, and a bad language refused.

use crate::common;

use common::{orgsim, text};
use orgsim::model::params::PARAMETER_SPECS;
use orgsim::output::i18n::Lang;

fn dutch(name: &str, meaning: &str) -> String {
    Lang::Nl.parameter_meaning(name, meaning)
}

/// The table's line of the coefficient `name`.
fn line_of<'a>(stdout: &'a str, name: &str) -> &'a str {
    stdout
        .lines()
        .find(|l| l.split_whitespace().next() == Some(name))
        .unwrap_or_else(|| panic!("{name} missing"))
}

#[test]
fn params_in_dutch_names_every_meaning_in_dutch_and_no_english_one() {
    let result = orgsim(&["params", "--lang", "nl"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let stdout = text(&result.stdout);
    let mut columns = Vec::new();
    for spec in PARAMETER_SPECS {
        assert!(!stdout.contains(spec.meaning), "{}: English", spec.name);
        let line = line_of(&stdout, spec.name);
        let column = line
            .find(&dutch(spec.name, spec.meaning))
            .unwrap_or_else(|| panic!("{}: no Dutch meaning on {line}", spec.name));
        columns.push(column);
        let provenance = Lang::Nl.provenance(spec.provenance());
        assert!(line.contains(&format!("  {provenance}  ")), "{line}");
        assert!(!line.contains(spec.provenance()), "{line}");
    }
    // The Dutch meanings start in one column too (names, defaults and ranges are ASCII).
    assert!(columns.windows(2).all(|w| w[0] == w[1]), "{columns:?}");
    assert!(stdout.contains("# stap 5: vertrouwen"), "{stdout}");
    assert!(stdout.contains("# stap 11: verloop"), "{stdout}");
    assert!(!stdout.contains("# step "), "{stdout}");
    assert_eq!(stdout.matches("stap: de stap van een maand").count(), 1);
    assert!(!stdout.contains("step: the step of a month"), "{stdout}");

    // English stays the default.
    let english = text(&orgsim(&["params"]).stdout);
    for spec in PARAMETER_SPECS {
        assert!(line_of(&english, spec.name).ends_with(spec.meaning));
    }
}

#[test]
fn params_csv_and_json_in_dutch_keep_their_columns_and_values() {
    let csv = orgsim(&["params", "--lang", "nl", "--format", "csv"]);
    assert!(csv.status.success(), "{}", text(&csv.stderr));
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
    for (spec, record) in PARAMETER_SPECS.iter().zip(&records) {
        assert_eq!(&record[0], spec.name);
        assert_eq!(&record[1], spec.step, "the step is an interface value");
        assert_eq!(&record[5], spec.provenance(), "so is default_is");
        assert_eq!(record[6], dutch(spec.name, spec.meaning));
        assert_ne!(&record[6], spec.meaning);
    }

    let json = orgsim(&["params", "--lang", "nl", "--format", "json"]);
    assert!(json.status.success(), "{}", text(&json.stderr));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let list = value.as_array().unwrap();
    for spec in PARAMETER_SPECS {
        let row = list
            .iter()
            .find(|r| r["name"] == spec.name)
            .unwrap_or_else(|| panic!("{} missing", spec.name));
        let fields: Vec<&String> = row.as_object().unwrap().keys().collect();
        assert_eq!(
            fields,
            [
                "default",
                "default_is",
                "max",
                "meaning",
                "min",
                "name",
                "step"
            ]
        );
        assert_eq!(row["meaning"], dutch(spec.name, spec.meaning));
        assert_eq!(row["default_is"], spec.provenance());
    }
}

#[test]
fn params_word_filter_matches_the_dutch_meaning() {
    let result = orgsim(&["params", "--lang", "nl", "VERTROUWEN"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let stdout = text(&result.stdout);
    let mut shown = 0;
    for spec in PARAMETER_SPECS {
        let wanted = dutch(spec.name, spec.meaning).contains("vertrouwen");
        let listed = stdout
            .lines()
            .any(|l| l.split_whitespace().next() == Some(spec.name));
        assert_eq!(wanted, listed, "{}", spec.name);
        shown += usize::from(listed);
    }
    assert!(shown > 3 && shown < PARAMETER_SPECS.len(), "{shown}");

    // The English word still finds the coefficients in Dutch.
    let english_word = text(&orgsim(&["params", "--lang", "nl", "trust_loss"]).stdout);
    assert!(line_of(&english_word, "trust_loss_rate").contains("geen hoeveelheid"));

    // Without --lang nl the Dutch word matches nothing, and a misspelt one gets a suggestion.
    assert_eq!(orgsim(&["params", "vertrouwen"]).status.code(), Some(2));
    let misspelt = orgsim(&["params", "--lang", "nl", "vertrouwn"]);
    assert_eq!(misspelt.status.code(), Some(2));
    let stderr = text(&misspelt.stderr);
    assert!(
        stderr.contains("did you mean `vertrouwen`? (`orgsim params --lang nl vertrouwen`)"),
        "{stderr}"
    );
}

#[test]
fn params_with_an_unknown_language_exits_2_naming_en_and_nl() {
    let result = orgsim(&["params", "--lang", "de"]);
    assert_eq!(result.status.code(), Some(2));
    let stderr = text(&result.stderr);
    assert!(
        stderr.contains("'de'") && stderr.contains("--lang"),
        "{stderr}"
    );
    assert!(stderr.contains("en, nl"), "{stderr}");
    assert!(text(&result.stdout).is_empty());
}
