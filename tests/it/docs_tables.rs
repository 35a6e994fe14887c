//! The parameter and metric tables of the docs and README's "how far to trust these numbers"
//! box are generated from their declarations (`PARAMETER_SPECS`, `METRICS`, `trust_box`), between `<!-- generated: NAME ... -->` and `<!-- end -->`.
//! A stale table fails this test; `UPDATE_DOCS=1 cargo test --test it docs_tables::` rewrites the
//! tables in place (read the diff).

use orgsim::model::metrics::METRICS;
use orgsim::model::params::PARAMETER_SPECS;
use std::path::Path;

/// A table cell: a `|` inside would end the cell early.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// Every coefficient with its step, default, range and meaning (docs/ODD.md).
fn parameters_table() -> String {
    let mut table = String::from(
        "| step | parameter | default | range | default is | meaning |\n|---|---|---:|---|---|---|\n",
    );
    for spec in PARAMETER_SPECS {
        table.push_str(&format!(
            "| {} | `{}` | {} | [{}, {}] | {} | {} |\n",
            cell(spec.step),
            spec.name,
            spec.default,
            spec.min,
            spec.max,
            spec.provenance(),
            cell(spec.meaning)
        ));
    }
    table
}

/// Every `[economy]` key with its default, range and meaning (docs/ODD.md).
fn economy_table() -> String {
    let mut table = String::from("| key | default | allowed | meaning |\n|---|---:|---|---|\n");
    for key in orgsim::scenario::scenario_keys().filter(|k| k.table.starts_with("economy")) {
        table.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            key.path(),
            cell(&key.default_text()),
            cell(&key.expected()),
            cell(key.meaning)
        ));
    }
    table
}

/// Every metric in column order with its unit and meaning (README.md).
fn metrics_table() -> String {
    let mut table = String::from("| column | unit | meaning |\n|--------|------|---------|\n");
    for spec in METRICS {
        table.push_str(&format!(
            "| `{}` | {} | {} |\n",
            spec.name,
            cell(spec.unit),
            cell(spec.meaning)
        ));
    }
    table
}

/// `text` with the block called `name` replaced by `body`; panics if the markers are missing.
fn with_block(text: &str, name: &str, body: &str, file: &str) -> String {
    let start_marker = format!("<!-- generated: {name} ");
    let start = text
        .find(&start_marker)
        .unwrap_or_else(|| panic!("{file}: no `{start_marker}...-->` marker"));
    let body_start = start
        + text[start..]
            .find("-->\n")
            .unwrap_or_else(|| panic!("{file}: unclosed marker of {name}"))
        + "-->\n".len();
    let end_marker = "<!-- end -->";
    let body_end = body_start
        + text[body_start..]
            .find(end_marker)
            .unwrap_or_else(|| panic!("{file}: no `{end_marker}` after the {name} table"));
    format!("{}{body}{}", &text[..body_start], &text[body_end..])
}

/// Checks (or with UPDATE_DOCS=1 rewrites) the generated blocks of one file.
fn check(file: &str, blocks: &[(&str, String)]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let text = std::fs::read_to_string(&path).expect("readable doc");
    let mut expected = text.clone();
    for (name, body) in blocks {
        expected = with_block(&expected, name, body, file);
    }
    if expected == text {
        return;
    }
    if std::env::var("UPDATE_DOCS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, expected).expect("writable doc");
    } else {
        panic!(
            "{file}: a generated table is stale; `UPDATE_DOCS=1 cargo test --test it docs_tables::` \
             rewrites it"
        );
    }
}

#[test]
fn odd_parameter_table_matches_the_declarations() {
    check(
        "docs/ODD.md",
        &[
            ("parameters", parameters_table()),
            ("economy", economy_table()),
        ],
    );
}

#[test]
fn readme_metric_table_and_trust_box_match_the_declarations() {
    check(
        "README.md",
        &[
            ("metrics", metrics_table()),
            ("trust", orgsim::output::trust_box::markdown()),
        ],
    );
}

#[test]
fn a_stale_block_is_replaced_and_the_text_around_it_kept() {
    let text = "before\n<!-- generated: t (note) -->\nold\n<!-- end -->\nafter\n";
    assert_eq!(
        with_block(text, "t", "new\n", "x.md"),
        "before\n<!-- generated: t (note) -->\nnew\n<!-- end -->\nafter\n"
    );
}
