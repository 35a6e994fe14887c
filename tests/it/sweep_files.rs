//! Sweep files as a user meets them: a file in, a `SweepPlan` or the rendered error messages
//! out. The designs are checked for size and order, and each malformed file asserts the parts
//! of the message a person needs: the key, file:line:col, what was expected and a suggestion.

use orgsim::experiment::plan::{Point, PointValue, SweepPlan};
use orgsim::experiment::{load_sweep_file, load_sweep_str};
use orgsim::model::metrics::Metric;
use orgsim::scenario::{Location, ScenarioError, load_str};
use std::path::{Path, PathBuf};

fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Loads `text` as `t.toml`, with `base = "..."` relative to the repository's `scenarios/`.
fn load(text: &str) -> Result<SweepPlan, ScenarioError> {
    load_sweep_str("t.toml", text, &repo_path("scenarios"))
}

fn plan(text: &str) -> SweepPlan {
    load(text).unwrap()
}

fn fail(text: &str) -> ScenarioError {
    match load(text) {
        Ok(p) => panic!("expected an error, got a plan: {:?}", p.keys),
        Err(e) => e,
    }
}

/// Asserts that `err` has a problem about `key` at `line`:`column` of t.toml, and that the
/// rendered messages contain every `needle`.
fn check(err: &ScenarioError, key: &str, line: usize, column: usize, needles: &[&str]) {
    let shown = err.to_string();
    let found = err
        .diagnostics()
        .iter()
        .find(|d| d.key.as_deref() == Some(key));
    let Some(d) = found else {
        panic!("no problem about `{key}` in:\n{shown}");
    };
    assert_eq!(
        d.location,
        Location::File { line, column },
        "position of `{key}` in:\n{shown}"
    );
    assert!(
        shown.contains(&format!("t.toml:{line}:{column}")),
        "t.toml:{line}:{column} in:\n{shown}"
    );
    for needle in needles {
        assert!(shown.contains(needle), "`{needle}` missing from:\n{shown}");
    }
}

fn column(points: &[Point], k: usize) -> Vec<f64> {
    points
        .iter()
        .map(|p| match &p.values[k] {
            PointValue::Float(x) => *x,
            PointValue::Int(i) => *i as f64,
            other => panic!("not a number: {other:?}"),
        })
        .collect()
}

// ----- Designs -----

#[test]
fn a_grid_has_every_combination_with_the_first_key_slowest() {
    let p = plan(
        "[[vary]]\nkey = \"knowledge.socialisation_rate\"\nfrom = 0.1\nto = 0.9\nsteps = 5\n\
         [[vary]]\nkey = \"knowledge.mode\"\nvalues = [\"social\", \"march1991\"]\n\
         [[vary]]\nkey = \"knowledge.until_equilibrium\"\nvalues = [false, true]\n",
    );
    assert_eq!(p.points.len(), 20);
    assert_eq!(
        p.keys,
        [
            "knowledge.socialisation_rate",
            "knowledge.mode",
            "knowledge.until_equilibrium"
        ]
    );
    assert!(p.points.iter().enumerate().all(|(i, q)| q.id == i as u32));
    let rates = column(&p.points, 0);
    assert_eq!(rates[..4], [0.1; 4]);
    assert_eq!(rates[16..], [0.9; 4]);
    let mut distinct = rates.clone();
    distinct.dedup();
    assert_eq!(distinct, [0.1, 0.3, 0.5, 0.7, 0.9]);
    assert_eq!(
        p.points[1].values[1..],
        [PointValue::Text("social".into()), PointValue::Bool(true)]
    );
    assert_eq!(
        p.points[2].values[1..],
        [
            PointValue::Text("march1991".into()),
            PointValue::Bool(false)
        ]
    );
    assert_eq!(
        p.overrides(&p.points[3]),
        [
            "replications=10",
            "knowledge.socialisation_rate=0.1",
            "knowledge.mode=\"march1991\"",
            "knowledge.until_equilibrium=true"
        ]
    );
}

fn lhs(seed: u64) -> SweepPlan {
    plan(&format!(
        "[design]\nkind = \"latin_hypercube\"\npoints = 40\nseed = {seed}\n\
         [[vary]]\nkey = \"knowledge.socialisation_rate\"\nfrom = 0.2\nto = 0.6\n\
         [[vary]]\nkey = \"parameters.trust_loss_rate\"\nfrom = 0\nto = 1\n"
    ))
}

#[test]
fn a_latin_hypercube_hits_every_stratum_once_and_is_reproducible() {
    let p = lhs(11);
    assert_eq!(p.points.len(), 40);
    for (k, (low, high)) in [(0.2, 0.6), (0.0, 1.0)].into_iter().enumerate() {
        let mut hits = [0; 40];
        for x in column(&p.points, k) {
            assert!((low..=high).contains(&x), "{x}");
            let stratum = ((x - low) / (high - low) * 40.0).floor() as usize;
            hits[stratum.min(39)] += 1;
        }
        assert!(hits.iter().all(|&h| h == 1), "key {k}: {hits:?}");
    }
    assert_eq!(p.points, lhs(11).points);
    assert_ne!(p.points, lhs(12).points);
}

#[test]
fn random_draws_stay_within_their_ranges() {
    let p = plan(
        "[design]\nkind = \"random\"\npoints = 300\n\
         [[vary]]\nkey = \"environment.tightness\"\nfrom = 0.3\nto = 0.4\n\
         [[vary]]\nkey = \"months\"\nfrom = 12\nto = 15\n",
    );
    assert_eq!(p.points.len(), 300);
    assert!(column(&p.points, 0).iter().all(|x| (0.3..=0.4).contains(x)));
    let months = column(&p.points, 1);
    for m in 12..=15 {
        assert!(months.contains(&(m as f64)), "{m} never drawn");
    }
    let again = plan(
        "[design]\nkind = \"random\"\npoints = 300\nseed = 1\n\
         [[vary]]\nkey = \"environment.tightness\"\nfrom = 0.3\nto = 0.4\n\
         [[vary]]\nkey = \"months\"\nfrom = 12\nto = 15\n",
    );
    assert_eq!(p.points, again.points, "the default sampling seed is 1");
}

#[test]
fn integer_keys_give_integers_in_every_design() {
    let grid = plan("[[vary]]\nkey = \"organisation.teams\"\nfrom = 2\nto = 11\nsteps = 4\n");
    assert_eq!(
        grid.points
            .iter()
            .map(|p| p.values[0].clone())
            .collect::<Vec<_>>(),
        [2, 5, 8, 11].map(PointValue::Int)
    );
    for kind in ["latin_hypercube", "random"] {
        let p = plan(&format!(
            "[design]\nkind = \"{kind}\"\npoints = 50\n\
             [[vary]]\nkey = \"interventions.0.ramp_months\"\nfrom = 3\nto = 36\n\
             [[vary]]\nkey = \"knowledge.socialisation_rate\"\nfrom = 0\nto = 1\n\
             [base]\n[[base.interventions]]\nkind = \"coaching_programme\"\nmonth = 1\n"
        ));
        for point in &p.points {
            assert!(
                matches!(point.values[0], PointValue::Int(m) if (3..=36).contains(&m)),
                "{kind}: {:?}",
                point.values[0]
            );
            assert!(matches!(point.values[1], PointValue::Float(_)));
        }
    }
}

#[test]
fn a_table_keeps_its_rows_in_order() {
    let p = plan(
        "[design]\nkind = \"table\"\nkeys = [\"knowledge.socialisation_rate\", \"parameters.trust_loss_rate\"]\n\
         rows = [[0.1, 0.2], [0.9, 0.3], [0.5, 1]]\n",
    );
    assert_eq!(
        p.keys,
        ["knowledge.socialisation_rate", "parameters.trust_loss_rate"]
    );
    assert_eq!(p.points.len(), 3);
    assert_eq!(
        p.points[2].values,
        [PointValue::Float(0.5), PointValue::Float(1.0)],
        "integers become floats for float keys"
    );
}

#[test]
fn seed_output_and_name_are_read() {
    let p = plan(
        "name = \"mine\"\nbase = \"control.toml\"\nreplications = 3\nseed = 9\n\
         [[vary]]\nkey = \"seed\"\nvalues = [1, 2]\n\
         [output]\nmetrics = [\"performance\", \"net_value\"]\nevery_months = 12\n",
    );
    assert_eq!(p.name, "mine");
    assert_eq!(p.replications, 3);
    assert_eq!(p.base_overrides, ["seed=9"]);
    assert!(p.base_source.ends_with("control.toml"), "{}", p.base_source);
    assert!(p.base_text.contains("name = \"control\""));
    assert_eq!(
        p.output.metrics,
        Some(vec![Metric::Performance, Metric::NetValue])
    );
    assert_eq!(p.output.every_months, 12);
}

#[test]
fn every_shipped_sweep_loads_and_its_points_validate() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo_path("scenarios/sweeps"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "{files:?}");
    for file in files {
        let p = load_sweep_file(&file).unwrap_or_else(|e| panic!("{}:\n{e}", file.display()));
        assert_eq!(
            Some(p.name.as_str()),
            file.file_stem().and_then(|s| s.to_str())
        );
        assert!(!p.points.is_empty());
        for point in p.points.iter().step_by(7) {
            let scenario = load_str(&p.base_source, &p.base_text, &p.overrides(point))
                .unwrap_or_else(|e| panic!("{} point {}:\n{e}", file.display(), point.id));
            assert_eq!(scenario.replications, p.replications);
        }
    }
}

// ----- Malformed sweep files -----

#[test]
fn an_unknown_key_suggests_the_right_one() {
    let err = fail("replication = 5\n[[vary]]\nkey = \"months\"\nvalues = [12]\n");
    check(
        &err,
        "replication",
        1,
        1,
        &[
            "error: unknown key `replication`",
            "not a sweep file key",
            "did you mean `replications`?",
        ],
    );
    assert_eq!(err.count(), 1);
}

#[test]
fn a_scenario_section_at_the_top_belongs_under_base() {
    let err = fail("[knowledge]\nsocialisation_rate = 0.3\n");
    check(
        &err,
        "knowledge",
        1,
        2,
        &["unknown key `knowledge`", "`[base.knowledge]`"],
    );
}

#[test]
fn a_varied_key_that_is_not_a_scenario_key() {
    let err = fail(
        "[[vary]]\nkey = \"knowledge.socialisation_rat\"\nvalues = [0.1]\n\
         [[vary]]\nkey = \"socialisation_rate\"\nvalues = [0.1]\n\
         [[vary]]\nkey = \"parameters.trust_los_rate\"\nvalues = [0.1]\n",
    );
    check(
        &err,
        "vary[0].key",
        2,
        7,
        &[
            "unknown scenario key `knowledge.socialisation_rat`",
            "did you mean `knowledge.socialisation_rate`?",
        ],
    );
    check(
        &err,
        "vary[1].key",
        5,
        7,
        &["unknown scenario key `socialisation_rate`"],
    );
    check(
        &err,
        "vary[2].key",
        8,
        7,
        &["did you mean `parameters.trust_loss_rate`?"],
    );
    assert_eq!(err.count(), 3);
}

#[test]
fn values_outside_the_key_range_name_the_key_and_the_range() {
    let err = fail(
        "[[vary]]\nkey = \"knowledge.socialisation_rate\"\nvalues = [0.1, 1.5]\n\
         [[vary]]\nkey = \"organisation.teams\"\nfrom = 1.5\nto = 20\nsteps = 3\n",
    );
    check(
        &err,
        "vary[0].values[1]",
        3,
        16,
        &[
            "`vary[0].values[1]` is out of range for `knowledge.socialisation_rate`",
            "expected a number from 0 to 1, found 1.5",
        ],
    );
    check(
        &err,
        "vary[1].from",
        6,
        8,
        &[
            "`vary[1].from` has the wrong type for `organisation.teams`",
            "expected an integer from 1 to 10000000, found a float",
        ],
    );
    assert_eq!(err.count(), 2);
}

#[test]
fn values_and_a_range_together_are_refused() {
    let err =
        fail("[[vary]]\nkey = \"environment.turbulence\"\nvalues = [0.1]\nfrom = 0.0\nto = 0.2\n");
    check(
        &err,
        "vary[0].from",
        4,
        1,
        &[
            "`vary[0]` has both `values` and a range",
            "give either a list of `values` or a range",
            "values given here",
        ],
    );
}

#[test]
fn sampling_designs_need_points_and_take_no_steps_or_values() {
    let err = fail(
        "[design]\nkind = \"latin_hypercube\"\n\
         [[vary]]\nkey = \"environment.turbulence\"\nfrom = 0.0\nto = 0.2\nsteps = 4\n\
         [[vary]]\nkey = \"environment.tightness\"\nvalues = [0.2, 0.8]\n",
    );
    check(
        &err,
        "design.points",
        1,
        1,
        &[
            "missing key `design.points`",
            "a latin_hypercube design needs `points`: an integer from 1 to 10000000",
        ],
    );
    check(
        &err,
        "vary[0].steps",
        7,
        1,
        &["`vary[0].steps` does not apply to a latin_hypercube design"],
    );
    check(
        &err,
        "vary[1].values",
        10,
        1,
        &[
            "`vary[1].values` does not apply to a latin_hypercube design",
            "give the range to sample with `from` and `to`",
        ],
    );
    assert_eq!(err.count(), 3);
}

#[test]
fn grid_options_of_other_designs_are_refused() {
    let err =
        fail("[design]\npoints = 10\nkind = \"grid\"\n[[vary]]\nkey = \"months\"\nfrom = 12\n");
    check(
        &err,
        "design.points",
        2,
        1,
        &[
            "`design.points` does not apply to a grid design",
            "the design is `grid`",
        ],
    );
    check(&err, "vary[0].to", 4, 1, &["missing key `vary[0].to`"]);
    check(
        &err,
        "vary[0].steps",
        4,
        1,
        &["missing key `vary[0].steps`"],
    );
}

#[test]
fn table_rows_of_the_wrong_length() {
    let err = fail(
        "[design]\nkind = \"table\"\nkeys = [\"months\", \"knowledge.mode\"]\n\
         rows = [\n  [12, \"social\"],\n  [24],\n  [36, \"marchh1991\"],\n]\n",
    );
    check(
        &err,
        "design.rows[1]",
        6,
        3,
        &[
            "`design.rows[1]` has the wrong length",
            "expected 2 values, one per key in `design.keys`, found 1",
        ],
    );
    check(
        &err,
        "design.rows[2][1]",
        7,
        8,
        &[
            "`design.rows[2][1]` has an unknown value `marchh1991` for `knowledge.mode`",
            "did you mean `march1991`?",
        ],
    );
    assert_eq!(err.count(), 2);
}

#[test]
fn a_key_varied_twice() {
    let err = fail(
        "[[vary]]\nkey = \"months\"\nvalues = [12]\n[[vary]]\nkey = \"months\"\nvalues = [24]\n",
    );
    check(
        &err,
        "vary[1].key",
        5,
        7,
        &["`months` is varied twice", "first varied here"],
    );
    assert_eq!(err.count(), 1);
}

#[test]
fn an_unknown_metric_suggests_the_right_one() {
    let err = fail(
        "[[vary]]\nkey = \"months\"\nvalues = [12]\n[output]\nmetrics = [\"performance\", \"retension\"]\nevery_months = 0\n",
    );
    check(
        &err,
        "output.metrics[1]",
        5,
        27,
        &[
            "unknown metric `retension`",
            "did you mean `retention`?",
            "metrics: `performance`",
        ],
    );
    check(
        &err,
        "output.every_months",
        6,
        16,
        &["expected an integer from 1 to 1200, found 0"],
    );
}

#[test]
fn an_unreadable_base_names_the_path_and_the_base_key() {
    let err = fail(
        "name = \"x\"\nbase = \"no_such_file.toml\"\n[[vary]]\nkey = \"months\"\nvalues = [12]\n",
    );
    check(
        &err,
        "base",
        2,
        8,
        &[
            "cannot read base scenario `",
            "no_such_file.toml`",
            "relative to the sweep file's folder",
        ],
    );
    assert_eq!(err.count(), 1);
}

#[test]
fn an_invalid_base_file_is_reported_with_its_own_positions() {
    let dir = std::env::temp_dir().join(format!("orgsim-sweep-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("broken.toml"),
        "months = 24\n[knowledge]\nsocialisation_rate = 1.5\n",
    )
    .unwrap();
    let sweep = dir.join("s.toml");
    std::fs::write(
        &sweep,
        "base = \"broken.toml\"\n[[vary]]\nkey = \"months\"\nvalues = [12]\n",
    )
    .unwrap();
    let err = load_sweep_file(&sweep).unwrap_err();
    let shown = err.to_string();
    std::fs::remove_dir_all(&dir).ok();
    let d = &err.diagnostics()[0];
    assert_eq!(d.key.as_deref(), Some("knowledge.socialisation_rate"));
    assert_eq!(d.location, Location::File { line: 1, column: 8 });
    for needle in [
        "in the base scenario: `knowledge.socialisation_rate` is out of range",
        "s.toml:1:8",
        "broken.toml:3:22",
        "expected a number from 0 to 1, found 1.5",
    ] {
        assert!(shown.contains(needle), "`{needle}` missing from:\n{shown}");
    }
}

#[test]
fn an_inline_base_is_checked_in_place() {
    let err = fail(
        "seed = 3\n[base]\nmonths = 0\n[base.organisation]\nteam_sise = 8\n\
         [[vary]]\nkey = \"months\"\nvalues = [12]\n",
    );
    check(
        &err,
        "months",
        3,
        10,
        &["expected an integer from 1 to 1200, found 0"],
    );
    check(
        &err,
        "organisation.team_sise",
        5,
        1,
        &["did you mean `team_size`?"],
    );
}

#[test]
fn keys_the_base_scenario_does_not_have() {
    let err = fail(
        "base = \"transition.toml\"\n\
         [[vary]]\nkey = \"interventions.5.month\"\nvalues = [1]\n\
         [[vary]]\nkey = \"interventions.0.gain\"\nvalues = [0.1]\n\
         [[vary]]\nkey = \"workforce[0].share\"\nvalues = [0.5]\n\
         [[vary]]\nkey = \"replications\"\nvalues = [5]\n",
    );
    check(
        &err,
        "vary[0].key",
        3,
        7,
        &[
            "`interventions.5.month` is not in the base scenario",
            "the base scenario has 3 interventions: expected an index from 0 to 2",
        ],
    );
    check(
        &err,
        "vary[1].key",
        6,
        7,
        &[
            "`interventions.0.gain` does not apply to kind `coaching_programme`",
            "`gain` is a key of `technical_innovation`",
        ],
    );
    check(&err, "vary[2].key", 9, 7, &["write `workforce.0.share`"]);
    check(
        &err,
        "vary[3].key",
        12,
        7,
        &["`replications` cannot be varied"],
    );
    assert_eq!(err.count(), 4);
}

#[test]
fn ranges_that_cannot_be_built() {
    let err = fail(
        "[[vary]]\nkey = \"knowledge.dimensions\"\nfrom = 1\nto = 3\nsteps = 5\n\
         [[vary]]\nkey = \"knowledge.mode\"\nfrom = 0\nto = 1\nsteps = 2\n",
    );
    check(
        &err,
        "vary[0].steps",
        5,
        9,
        &[
            "`vary[0].steps` gives repeated values",
            "1 to 3 holds only 3",
        ],
    );
    check(
        &err,
        "vary[1].from",
        8,
        1,
        &["`knowledge.mode` cannot take a range", "list its values"],
    );
}

#[test]
fn an_oversized_grid_is_refused() {
    let err = fail(
        "[[vary]]\nkey = \"knowledge.socialisation_rate\"\nfrom = 0\nto = 1\nsteps = 5000\n\
         [[vary]]\nkey = \"environment.turbulence\"\nfrom = 0\nto = 1\nsteps = 5000\n",
    );
    check(
        &err,
        "vary",
        2,
        7,
        &[
            "the grid has too many points (5000 × 5000)",
            "expected at most 10000000 points",
        ],
    );
}

#[test]
fn single_brackets_and_wrong_types() {
    let err = fail(
        "replications = \"20\"\n[design]\nkind = \"latin_hypercub\"\n[vary]\nkey = \"months\"\n",
    );
    check(
        &err,
        "replications",
        1,
        16,
        &[
            "`replications` has the wrong type",
            "expected an integer from 1 to 100000, found a string",
            "remove the quotes: `20`",
        ],
    );
    check(
        &err,
        "design.kind",
        3,
        8,
        &["did you mean `latin_hypercube`?"],
    );
    check(
        &err,
        "vary",
        4,
        1,
        &["`vary` must be an array of tables", "write `[[vary]]`"],
    );
    assert_eq!(err.count(), 3);
}

#[test]
fn every_problem_is_reported_at_once_in_file_order() {
    let err = fail(
        "replicatons = 5\n\
         seed = -1\n\
         [design]\nkind = \"grid\"\nseed = 4\n\
         [[vary]]\nkey = \"knowledge.socialisation_rat\"\nvalues = [0.1]\n\
         [[vary]]\nkey = \"environment.turbulence\"\nvalues = [2.0]\n\
         [output]\nmetrics = [\"agilty\"]\n",
    );
    let keys: Vec<&str> = err
        .diagnostics()
        .iter()
        .filter_map(|d| d.key.as_deref())
        .collect();
    assert_eq!(
        keys,
        [
            "replicatons",
            "seed",
            "design.seed",
            "vary[0].key",
            "vary[1].values[0]",
            "output.metrics[0]"
        ]
    );
    let shown = err.to_string();
    assert!(
        shown.ends_with("error: could not load `t.toml`: 6 problems"),
        "{shown}"
    );
}

#[test]
fn syntax_errors_and_unreadable_files() {
    let err = fail("[[vary]\nkey = \"months\"\n");
    assert!(err.to_string().contains("invalid TOML"), "{err}");
    let missing = load_sweep_file(Path::new("no/such/sweep.toml")).unwrap_err();
    assert!(
        missing
            .to_string()
            .contains("cannot read sweep file `no/such/sweep.toml`"),
        "{missing}"
    );
}

fn number(v: &PointValue) -> f64 {
    match v {
        PointValue::Float(x) => *x,
        PointValue::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

const SENSITIVITY_KEYS: &str = "[[vary]]\nkey = \"knowledge.socialisation_rate\"\nfrom = 0.1\nto = 0.9\n\n\
     [[vary]]\nkey = \"organisation.teams\"\nfrom = 2\nto = 9\n";

/// A Sobol' sweep lists its points in Saltelli order (A, AB_1, AB_2, BA_1, BA_2, B per base
/// sample), with integer keys as integers inside their range.
#[test]
fn sobol_design_points_are_in_saltelli_order() {
    let p = plan(&format!(
        "[design]\nkind = \"sobol\"\nbase_samples = 32\nsecond_order = true\nseed = 4\n\n{SENSITIVITY_KEYS}"
    ));
    assert_eq!(p.points.len(), 32 * 6);
    for block in p.points.chunks_exact(6) {
        let row = |i: usize| -> Vec<f64> { block[i].values.iter().map(number).collect() };
        let (a, b) = (row(0), row(5));
        assert_eq!(row(1), vec![b[0], a[1]]);
        assert_eq!(row(2), vec![a[0], b[1]]);
        assert_eq!(row(3), vec![a[0], b[1]]);
        assert_eq!(row(4), vec![b[0], a[1]]);
        for point in block {
            assert!(matches!(point.values[1], PointValue::Int(2..=9)));
            assert!((0.1..=0.9).contains(&number(&point.values[0])));
        }
    }
    let first_order = plan(&format!(
        "[design]\nkind = \"sobol\"\nbase_samples = 32\nseed = 4\n\n{SENSITIVITY_KEYS}"
    ));
    assert_eq!(
        first_order.points.len(),
        32 * 4,
        "second order is off by default"
    );
}

/// An optimised Morris sweep keeps r of the candidate trajectories: r × (k + 1) points, each
/// a whole trajectory of the candidates, in candidate order.
#[test]
fn optimised_morris_design_keeps_r_whole_candidate_trajectories() {
    let design = "[design]\nkind = \"morris\"\ntrajectories = 12\nseed = 2\n";
    let all = plan(&format!("{design}\n{SENSITIVITY_KEYS}"));
    let kept = plan(&format!(
        "{design}optimal_trajectories = 4\n\n{SENSITIVITY_KEYS}"
    ));
    assert_eq!(kept.points.len(), 4 * 3);
    let values = |pts: &[Point]| -> Vec<Vec<f64>> {
        pts.iter()
            .map(|pt| pt.values.iter().map(number).collect())
            .collect()
    };
    let candidates: Vec<Vec<Vec<f64>>> = all.points.chunks_exact(3).map(values).collect();
    // The kept trajectories are a subsequence of the candidates (equal candidates may repeat).
    let mut next = 0;
    for trajectory in kept.points.chunks_exact(3) {
        let at = (next..candidates.len())
            .find(|&c| candidates[c] == values(trajectory))
            .expect("a kept trajectory is a later candidate");
        next = at + 1;
    }
}

/// A Morris sweep lists k + 1 points per trajectory, one key moving per step (4 levels by
/// default).
#[test]
fn morris_design_points_move_one_key_per_step() {
    let p = plan(&format!(
        "[design]\nkind = \"morris\"\ntrajectories = 12\nseed = 2\n\n{SENSITIVITY_KEYS}"
    ));
    assert_eq!(p.points.len(), 12 * 3);
    let levels: std::collections::BTreeSet<String> = p
        .points
        .iter()
        .map(|pt| format!("{:.6}", number(&pt.values[0])))
        .collect();
    assert!(levels.len() <= 4, "4 levels: {levels:?}");
    for trajectory in p.points.chunks_exact(3) {
        for step in trajectory.windows(2) {
            let moved = (0..2)
                .filter(|&c| step[0].values[c] != step[1].values[c])
                .count();
            assert_eq!(moved, 1);
        }
    }
}
