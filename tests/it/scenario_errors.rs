//! Scenario loading as a user meets it: a file (and `--set` arguments) in, a `Scenario` or
//! the rendered error messages out. Each malformed input asserts the parts of the message a
//! person needs: the dotted key, file:line:col (or the `--set` argument), what was expected,
//! and a suggestion where one makes sense.

use orgsim::scenario::schema::scenario_keys;
use orgsim::scenario::{
    DEFAULT_SCENARIO_TOML, KnowledgeMode, Location, Scenario, ScenarioError, default_scenario,
    load_file, load_str,
};

fn load(text: &str, overrides: &[&str]) -> Result<Scenario, ScenarioError> {
    let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
    load_str("t.toml", text, &overrides)
}

fn fail(text: &str, overrides: &[&str]) -> ScenarioError {
    match load(text, overrides) {
        Ok(s) => panic!("expected an error, got a scenario: {s:?}"),
        Err(e) => e,
    }
}

/// Asserts that `err` has a problem about `key` at `at` (file line and column, or `--set`
/// argument index), and that the whole rendered message contains every `needle`.
fn check(err: &ScenarioError, key: &str, at: At, needles: &[&str]) {
    let shown = err.to_string();
    let found = err
        .diagnostics()
        .iter()
        .find(|d| d.key.as_deref() == Some(key));
    let Some(d) = found else {
        panic!("no problem about `{key}` in:\n{shown}");
    };
    match (at, &d.location) {
        (At::File(line, column), Location::File { line: l, column: c }) => {
            assert_eq!((line, column), (*l, *c), "position of `{key}` in:\n{shown}");
            assert!(
                shown.contains(&format!("t.toml:{line}:{column}")),
                "t.toml:{line}:{column} in:\n{shown}"
            );
        }
        (At::Set(index), Location::Set { index: i, argument }) => {
            assert_eq!(index, *i, "--set index of `{key}`");
            assert!(
                shown.contains(&format!("--set {argument}")),
                "`--set {argument}` in:\n{shown}"
            );
        }
        (at, location) => panic!("`{key}`: expected {at:?}, found {location:?} in:\n{shown}"),
    }
    for needle in needles {
        assert!(shown.contains(needle), "`{needle}` missing from:\n{shown}");
    }
}

#[derive(Debug, Clone, Copy)]
enum At {
    File(usize, usize),
    Set(usize),
}

#[test]
fn a_string_where_an_integer_belongs() {
    let err = fail("[organisation]\nteams = \"20\"\n", &[]);
    check(
        &err,
        "organisation.teams",
        At::File(2, 9),
        &[
            "error: `organisation.teams` has the wrong type",
            "expected an integer from 1 to 10000000, found a string",
            "remove the quotes",
        ],
    );
    assert_eq!(err.count(), 1);
}

#[test]
fn a_float_where_an_integer_belongs() {
    let err = fail("[organisation]\nteams = 2.5\nteam_size = 10.0\n", &[]);
    check(
        &err,
        "organisation.teams",
        At::File(2, 9),
        &["expected an integer from 1 to 10000000, found a float"],
    );
    check(
        &err,
        "organisation.team_size",
        At::File(3, 13),
        &["write `10` without a decimal point"],
    );
}

#[test]
fn wrong_types_for_strings_and_booleans() {
    let err = fail(
        "name = 3\n[knowledge]\nuntil_equilibrium = \"yes\"\nmode = 1\n",
        &[],
    );
    check(
        &err,
        "name",
        At::File(1, 8),
        &["expected a string, found an integer"],
    );
    check(
        &err,
        "knowledge.until_equilibrium",
        At::File(3, 21),
        &["expected `true` or `false`, found a string"],
    );
    check(
        &err,
        "knowledge.mode",
        At::File(4, 8),
        &["expected one of `social` or `march1991`, found an integer"],
    );
}

#[test]
fn an_unknown_key_gets_a_suggestion() {
    let err = fail("[knowledge]\nsocialisation_rat = 0.3\n", &[]);
    check(
        &err,
        "knowledge.socialisation_rat",
        At::File(2, 1),
        &[
            "unknown key `knowledge.socialisation_rat`",
            "not a key of `[knowledge]`",
            "did you mean `socialisation_rate`?",
        ],
    );
}

#[test]
fn unknown_keys_are_errors_at_every_level() {
    let text = "colour = 1\n[organization]\nteams = 3\n[[workforce]]\nname = \"a\"\nshare = 1.0\nskil_mean = 0.3\n\
                [[environment.shocks]]\nmonth = 3\nseverity = 0.1\nsevere = 1\n[parameters]\ntrust_los_rate = 0.2\n";
    let err = fail(text, &[]);
    check(
        &err,
        "colour",
        At::File(1, 1),
        &["not a scenario key", "valid keys here: `name`"],
    );
    check(
        &err,
        "organization",
        At::File(2, 2),
        &["did you mean `organisation`?"],
    );
    check(
        &err,
        "workforce[0].skil_mean",
        At::File(7, 1),
        &["did you mean `skill_mean`?"],
    );
    check(
        &err,
        "environment.shocks[0].severe",
        At::File(11, 1),
        &["did you mean `severity`?"],
    );
    check(
        &err,
        "parameters.trust_los_rate",
        At::File(13, 1),
        &["did you mean `trust_loss_rate`?", "orgsim params"],
    );
    assert_eq!(err.count(), 5);
}

#[test]
fn a_key_in_the_wrong_section_says_where_it_belongs() {
    let err = fail(
        "[knowledge]\nturbulence = 0.1\n[management]\nautonomy_shield = 0.2\n",
        &[],
    );
    check(
        &err,
        "knowledge.turbulence",
        At::File(2, 1),
        &["`turbulence` belongs in `[environment]`"],
    );
    check(
        &err,
        "management.autonomy_shield",
        At::File(4, 1),
        &["`autonomy_shield` belongs in `[parameters]`"],
    );
}

#[test]
fn an_out_of_range_value_names_the_range() {
    let err = fail("[knowledge]\nsocialisation_rate = 1.5\n", &[]);
    check(
        &err,
        "knowledge.socialisation_rate",
        At::File(2, 22),
        &[
            "error: `knowledge.socialisation_rate` is out of range",
            "^^^ expected a number from 0 to 1",
        ],
    );
    let err = fail("months = 0\n[parameters]\nparticipation_boost = 0.5\n", &[]);
    check(
        &err,
        "months",
        At::File(1, 10),
        &["expected an integer from 1 to 1200, found 0"],
    );
    check(
        &err,
        "parameters.participation_boost",
        At::File(3, 23),
        &["expected a number from 1 to 10"],
    );
}

#[test]
fn infinite_and_nan_numbers_are_out_of_range() {
    let err = fail("[environment]\nturbulence = nan\ntightness = -inf\n", &[]);
    check(
        &err,
        "environment.turbulence",
        At::File(2, 14),
        &["expected a number from 0 to 1"],
    );
    check(
        &err,
        "environment.tightness",
        At::File(3, 13),
        &["expected a number from 0 to 1"],
    );
}

#[test]
fn a_huge_integer_is_out_of_range_not_a_crash() {
    let err = fail(
        "seed = 99999999999999999999\n[parameters]\nb_trust = 1e400\n",
        &[],
    );
    check(
        &err,
        "seed",
        At::File(1, 8),
        &["expected a non-negative integer, found a number too large for 64 bits"],
    );
    check(
        &err,
        "parameters.b_trust",
        At::File(3, 11),
        &["expected a number from 0 to 20"],
    );
}

#[test]
fn a_negative_seed_is_refused() {
    let err = fail("seed = -1\n", &[]);
    check(
        &err,
        "seed",
        At::File(1, 8),
        &[
            "`seed` is out of range",
            "expected a non-negative integer, found -1",
        ],
    );
}

#[test]
fn workforce_shares_must_sum_to_one() {
    let text =
        "[[workforce]]\nname = \"a\"\nshare = 0.5\n\n[[workforce]]\nname = \"b\"\nshare = 0.4\n";
    let err = fail(text, &[]);
    check(
        &err,
        "workforce",
        At::File(3, 9),
        &[
            "workforce shares sum to 0.9, not 1",
            "shares: a 0.5 + b 0.4 = 0.9",
            "7 | share = 0.4",
        ],
    );
    assert_eq!(err.count(), 1);
}

#[test]
fn workforce_groups_need_a_name_and_share_and_unique_names() {
    let text = "[[workforce]]\nname = \"a\"\n\n[[workforce]]\nshare = 0.5\n[[workforce]]\nname = \"a\"\nshare = 0.5\n";
    let err = fail(text, &[]);
    check(
        &err,
        "workforce[0].share",
        At::File(1, 1),
        &["missing key `workforce[0].share`", "a number from 0 to 1"],
    );
    check(
        &err,
        "workforce[1].name",
        At::File(4, 1),
        &["missing key `workforce[1].name`"],
    );
    check(
        &err,
        "workforce[2].name",
        At::File(7, 8),
        &["duplicate workforce group name", "first used here"],
    );
}

#[test]
fn workforce_must_be_an_array_of_at_most_sixteen_tables() {
    let err = fail("[workforce]\nname = \"a\"\nshare = 1.0\n", &[]);
    check(
        &err,
        "workforce",
        At::File(1, 1),
        &[
            "expected an array of tables (`[[workforce]]`), found a table",
            "double brackets",
        ],
    );
    let seventeen: String = (0..17)
        .map(|i| format!("[[workforce]]\nname = \"g{i}\"\nshare = 0.0\n"))
        .collect();
    let err = fail(&seventeen, &[]);
    check(
        &err,
        "workforce",
        At::File(1, 1),
        &["expected at most 16 entries, found 17"],
    );
    let err = fail("workforce = []\n", &[]);
    check(
        &err,
        "workforce",
        At::File(1, 13),
        &["`workforce` has no groups"],
    );
}

#[test]
fn an_organisation_too_large_is_refused() {
    let err = fail("[organisation]\nteams = 10000000\nteam_size = 10\n", &[]);
    check(
        &err,
        "organisation.teams",
        At::File(2, 9),
        &["too large", "100000000 slots; expected at most 50000000"],
    );
}

#[test]
fn an_intervention_past_the_horizon_is_refused() {
    let text = "months = 24\n[[interventions]]\nkind = \"idea_time\"\nmonth = 30\n\
                [[environment.shocks]]\nmonth = 25\nseverity = 0.2\n";
    let err = fail(text, &[]);
    check(
        &err,
        "interventions[0].month",
        At::File(4, 9),
        &[
            "`interventions[0].month` is past the horizon",
            "expected a month from 0 to 24",
        ],
    );
    check(
        &err,
        "environment.shocks[0].month",
        At::File(6, 9),
        &["expected a month from 1 to 24"],
    );
}

#[test]
fn an_end_month_must_follow_the_start() {
    let text = "[[interventions]]\nkind = \"idea_time\"\nmonth = 10\nend_month = 10\n\
                [[interventions]]\nkind = \"idea_time\"\nmonth = 10\nend_month = 61\n";
    let err = fail(text, &[]);
    check(
        &err,
        "interventions[0].end_month",
        At::File(4, 13),
        &["is not after `month`", "expected a month from 11 to 60"],
    );
    check(
        &err,
        "interventions[1].end_month",
        At::File(8, 13),
        &["past the horizon", "from 11 to 60"],
    );
}

#[test]
fn an_unknown_intervention_kind_gets_a_suggestion() {
    let err = fail(
        "[[interventions]]\nkind = \"coaching_program\"\nmonth = 12\ntarget_style = 0.9\n",
        &[],
    );
    check(
        &err,
        "interventions[0].kind",
        At::File(2, 8),
        &[
            "unknown value `coaching_program`",
            "`manager_style`",
            "did you mean `coaching_programme`?",
        ],
    );
    // Kind-specific keys are not judged while the kind is unknown.
    assert_eq!(err.count(), 1, "{err}");
}

#[test]
fn a_key_of_another_intervention_kind_names_both_kinds() {
    let err = fail(
        "[[interventions]]\nkind = \"coaching_programme\"\nmonth = 12\ngain = 0.3\n",
        &[],
    );
    check(
        &err,
        "interventions[0].gain",
        At::File(4, 1),
        &[
            "`interventions[0].gain` does not apply to kind `coaching_programme`",
            "`gain` is a key of `technical_innovation`",
            "keys of `coaching_programme`: `kind`, `month`, `end_month`, `target_style`",
        ],
    );
}

#[test]
fn interventions_need_a_kind_and_a_month() {
    let err = fail("[[interventions]]\nend_month = 5\n", &[]);
    check(
        &err,
        "interventions[0].kind",
        At::File(1, 1),
        &["missing key `interventions[0].kind`"],
    );
    check(
        &err,
        "interventions[0].month",
        At::File(1, 1),
        &["missing key `interventions[0].month`"],
    );
}

#[test]
fn syntax_errors_are_all_reported_with_line_and_column() {
    let err = fail("months = 24\n[knowledge\nx = [1,\n", &[]);
    let positions: Vec<&Location> = err.diagnostics().iter().map(|d| &d.location).collect();
    assert!(
        positions.contains(&&Location::File {
            line: 2,
            column: 11
        }),
        "{err}"
    );
    assert!(err.count() >= 2, "{err}");
    let shown = err.to_string();
    assert!(shown.contains("invalid TOML: unclosed table"), "{shown}");
    assert!(shown.contains("--> t.toml:2:11"), "{shown}");
    let err = fail("a = 1\na = 2\n", &[]);
    assert!(err.to_string().contains("t.toml:2:1"), "{err}");
}

#[test]
fn binary_garbage_is_an_error_not_a_crash() {
    let garbage: String = (0u32..400)
        .filter_map(|i| char::from_u32((i * 7919) % 0x3000))
        .collect();
    let err = fail(&garbage, &[]);
    assert!(err.count() >= 1);
    assert!(err.to_string().contains("t.toml:"), "{err}");

    let dir = std::env::temp_dir().join(format!("orgsim-scenario-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("garbage.toml");
    let bytes: Vec<u8> = (0u32..512)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &bytes).unwrap();
    let err = load_file(&path, &[]).unwrap_err();
    let shown = err.to_string();
    assert!(shown.contains("garbage.toml"), "{shown}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_unreadable_file_names_the_path() {
    let err = load_file(std::path::Path::new("/no/such/dir/scenario.toml"), &[]).unwrap_err();
    assert_eq!(err.count(), 1);
    assert_eq!(err.diagnostics()[0].location, Location::Nowhere);
    assert!(
        err.to_string()
            .contains("cannot read scenario file `/no/such/dir/scenario.toml`"),
        "{err}"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let text = format!("x = {}", "[".repeat(100_000));
    assert!(fail(&text, &[]).count() >= 1);
    let text = format!("x = {}1{}", "{a = ".repeat(5_000), "}".repeat(5_000));
    assert!(fail(&text, &[]).count() >= 1);
}

#[test]
fn several_problems_in_one_file_are_all_reported() {
    let text = "\
months = 2000
seed = -5
[organisation]
teams = \"many\"
[knowledge]
socialisation_rate = 1.5
mode = \"march_1991\"
[[interventions]]
kind = \"idea_time\"
month = 3
gain = 1
";
    let err = fail(text, &[]);
    check(
        &err,
        "months",
        At::File(1, 10),
        &["expected an integer from 1 to 1200"],
    );
    check(&err, "seed", At::File(2, 8), &["non-negative"]);
    check(&err, "organisation.teams", At::File(4, 9), &["wrong type"]);
    check(
        &err,
        "knowledge.socialisation_rate",
        At::File(6, 22),
        &["from 0 to 1"],
    );
    check(
        &err,
        "knowledge.mode",
        At::File(7, 8),
        &["did you mean `march1991`?"],
    );
    check(
        &err,
        "interventions[0].gain",
        At::File(11, 1),
        &["technical_innovation"],
    );
    assert_eq!(err.count(), 6, "{err}");
    assert!(
        err.to_string()
            .ends_with("error: could not load `t.toml`: 6 problems"),
        "{err}"
    );
}

#[test]
fn a_bad_set_path_names_the_argument_and_suggests() {
    let err = fail("", &["knowledge.socialisation_rat=0.3"]);
    check(
        &err,
        "knowledge.socialisation_rat",
        At::Set(0),
        &[
            "unknown key `knowledge.socialisation_rat`",
            "did you mean `knowledge.socialisation_rate`?",
        ],
    );
    let err = fail("", &["months=24", "parameter.trust_loss_rate=0.2"]);
    check(
        &err,
        "parameter",
        At::Set(1),
        &["did you mean `parameters`?"],
    );
    let err = fail("months = 12\n", &["months.x=1"]);
    check(
        &err,
        "months.x",
        At::Set(0),
        &["`months` is an integer, not a table"],
    );
    let err = fail("", &["months.x=1"]);
    check(
        &err,
        "months",
        At::Set(0),
        &["expected an integer from 1 to 1200, found a table"],
    );
    let err = fail("", &["interventions.2.month=1"]);
    check(
        &err,
        "interventions.2",
        At::Set(0),
        &["`interventions` has no entry 2", "expected index 0"],
    );
    let err = fail("", &["workforce.first.share=1"]);
    check(
        &err,
        "workforce.first",
        At::Set(0),
        &["is a list", "expected an index from 0 to 2"],
    );
}

#[test]
fn set_without_equals_names_the_argument() {
    let err = fail("", &["months"]);
    assert_eq!(err.count(), 1);
    let d = &err.diagnostics()[0];
    assert_eq!(
        d.location,
        Location::Set {
            index: 0,
            argument: "months".into()
        }
    );
    assert!(err.to_string().contains("--set months"), "{err}");
    assert!(err.to_string().contains("expected KEY=VALUE"), "{err}");
}

#[test]
fn a_bad_set_value_goes_through_the_same_validation() {
    let err = fail(
        "",
        &[
            "months=abc",
            "knowledge.mode=marsh1991",
            "knowledge.socialisation_rate=2",
        ],
    );
    check(
        &err,
        "months",
        At::Set(0),
        &["expected an integer from 1 to 1200, found a string"],
    );
    check(
        &err,
        "knowledge.mode",
        At::Set(1),
        &["did you mean `march1991`?"],
    );
    check(
        &err,
        "knowledge.socialisation_rate",
        At::Set(2),
        &["expected a number from 0 to 1"],
    );
    assert_eq!(err.count(), 3);
}

#[test]
fn overrides_apply_after_the_file_and_before_cross_field_rules() {
    let text = "months = 60\n[[interventions]]\nkind = \"idea_time\"\nmonth = 30\n";
    let s = load(
        text,
        &[
            "months=36",
            "knowledge.mode=march1991",
            "parameters.trust_loss_rate=0.2",
            "workforce.0.share=0.5",
            "workforce.1.share=0.5",
            "interventions.0.month=12",
            "interventions.1.kind=manager_style",
            "interventions.1.month=6",
            "name=my scenario",
        ],
    )
    .unwrap();
    assert_eq!(s.months, 36);
    assert_eq!(s.knowledge.mode, KnowledgeMode::March1991);
    assert_eq!(s.parameters.trust_loss_rate, 0.2);
    assert_eq!(s.workforce[0].share, 0.5);
    assert_eq!(s.workforce[0].name, "vocational");
    assert_eq!(s.interventions.len(), 2);
    assert_eq!(s.interventions[0].month, 12);
    assert_eq!(s.interventions[1].kind.name(), "manager_style");
    assert_eq!(s.name, "my scenario");

    // The horizon is checked against the overridden months.
    let err = fail(text, &["months=24"]);
    check(
        &err,
        "interventions[0].month",
        At::File(4, 9),
        &["expected a month from 0 to 24"],
    );
    // A share changed by --set is checked against the others.
    let err = fail("", &["workforce.0.share=0.5"]);
    check(
        &err,
        "workforce",
        At::Set(0),
        &[
            "workforce shares sum to 0.9, not 1",
            "built-in default workforce",
        ],
    );
    // An override can repair a value the file got wrong.
    assert_eq!(
        load("months = 5000\n", &["months=120"]).unwrap().months,
        120
    );
}

#[test]
fn integers_are_accepted_where_numbers_are_expected() {
    let s = load(
        "[parameters]\nb_trust = 3\n[knowledge]\nsocialisation_rate = 1\n",
        &[],
    )
    .unwrap();
    assert_eq!(s.parameters.b_trust, 3.0);
    assert_eq!(s.knowledge.socialisation_rate, 1.0);
}

#[test]
fn an_empty_file_gives_the_schema_defaults() {
    let s = load("", &[]).unwrap();
    assert_eq!(s.name, "t");
    assert_eq!((s.months, s.replications, s.seed), (60, 20, 42));
    assert_eq!(
        (
            s.organisation.teams,
            s.organisation.team_size,
            s.organisation.initial_fill
        ),
        (20, 10, 0.95)
    );
    assert_eq!(s.workforce.len(), 2);
    assert_eq!(s.workforce[1].name, "higher_educated");
    assert_eq!(s.workforce[1].desired_autonomy_mean, 0.7);
    assert_eq!(s.knowledge.mode, KnowledgeMode::Social);
    assert_eq!(s.knowledge.dimensions, 30);
    assert!(s.environment.shocks.is_empty() && s.interventions.is_empty());
    assert_eq!(s.parameters, orgsim::model::params::Parameters::default());
    // Whitespace and comments only are still empty.
    assert_eq!(load("  \n# nothing here\n\n", &[]).unwrap(), s);
}

#[test]
fn the_embedded_default_parses_and_matches_the_schema_defaults() {
    let default = default_scenario();
    assert_eq!(default.name, "default");
    assert_eq!(default.environment.shocks.len(), 1);
    assert_eq!(
        (
            default.environment.shocks[0].month,
            default.environment.shocks[0].severity
        ),
        (36, 0.3)
    );
    assert!(default.interventions.is_empty());

    let mut empty = load_str("default.toml", "", &[]).unwrap();
    empty.description = default.description.clone();
    empty.environment.shocks = default.environment.shocks.clone();
    assert_eq!(
        empty, default,
        "scenarios/default.toml must keep the schema defaults (except the shock)"
    );
}

#[test]
fn the_default_file_documents_every_key_and_each_example_is_valid() {
    // The `[economy]` keys are shown in `scenarios/economy/nl_illustrative.toml`.
    for key in scenario_keys().filter(|k| !k.table.starts_with("economy")) {
        let written = format!("{} = ", key.name);
        assert!(
            DEFAULT_SCENARIO_TOML.contains(&written),
            "scenarios/default.toml does not show `{}`",
            key.path()
        );
    }
    // Uncommenting the examples gives a valid scenario with one intervention of each kind.
    let start = DEFAULT_SCENARIO_TOML.find("# Interventions:").unwrap();
    let end = DEFAULT_SCENARIO_TOML.find("# Model coefficients").unwrap();
    let examples: String = DEFAULT_SCENARIO_TOML[start..end]
        .lines()
        .filter_map(|l| l.strip_prefix("# "))
        .filter(|l| {
            l.starts_with("[[interventions]]")
                || l.split_once(" = ").is_some_and(|(k, _)| !k.contains(' '))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let s = load_str("examples.toml", &examples, &[]).unwrap();
    assert_eq!(s.interventions.len(), 7);
}

#[test]
fn the_name_defaults_to_the_file_stem() {
    assert_eq!(
        load_str("scenarios/coaching.toml", "", &[]).unwrap().name,
        "coaching"
    );
    assert_eq!(
        load_str("x.toml", "name = \"given\"", &[]).unwrap().name,
        "given"
    );
}

#[test]
fn messages_are_plain_text() {
    let err = fail("seed = -1\nmonths = 0\n", &[]);
    assert!(!err.to_string().contains('\u{1b}'), "no colour codes");
    let _: &dyn std::error::Error = &err;
}
