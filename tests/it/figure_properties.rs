//! Property tests: `plot` and `report` on arbitrary results folders never panic. They draw
//! and write, or return an error that names what is wrong; and they finish (no loop or
//! allocation grows with the values in the files).
//!
//! Folders of runs, comparisons and sweeps are generated with tables that may be empty, hold
//! one point, one month or one replication, points that all failed, NaN, infinities, huge and
//! subnormal numbers, text where numbers belong, unknown metrics, months and point ids that
//! match nothing, missing columns and manifests that are not what orgsim writes. Every figure
//! kind is drawn as SVG (and some as PNG) from the library, and the report is written.

use crate::common;

use common::temp_dir;
use orgsim::output::figures::{FigureKind, Format, read_results, render, write_figures};
use orgsim::output::report::{read_report_data, render_report, write_report};
use proptest::prelude::*;
use proptest::sample::select;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A CSV cell where a number belongs.
fn number() -> BoxedStrategy<String> {
    prop_oneof![
        4 => (-2.0f64..2.0).prop_map(|x| format!("{x}")),
        1 => any::<f64>().prop_map(|x| format!("{x}")),
        3 => select(vec![
            "", "NaN", "inf", "-inf", "0", "-0", "1", "1e308", "-1e308", "1e-320", "x", "0.5",
        ])
        .prop_map(str::to_string),
    ]
    .boxed()
}

/// A count of replications.
fn count() -> BoxedStrategy<String> {
    select(vec![
        "0",
        "1",
        "2",
        "20",
        "18446744073709551615",
        "",
        "-1",
        "x",
    ])
    .prop_map(str::to_string)
    .boxed()
}

/// A month.
fn month() -> BoxedStrategy<String> {
    prop_oneof![
        6 => select(vec!["0", "1", "12", "60"]).prop_map(str::to_string),
        1 => select(vec!["4294967295", "4294967296", "-1", "x", ""]).prop_map(str::to_string),
    ]
    .boxed()
}

fn metric() -> BoxedStrategy<String> {
    select(vec![
        "performance",
        "agility",
        "retention",
        "trust",
        "headcount",
        "knowledge",
        "bogus",
        "",
    ])
    .prop_map(str::to_string)
    .boxed()
}

/// A CSV file: its header (a column may be left out) and rows.
fn csv(columns: &[&str], drop: Option<usize>, rows: &[Vec<String>]) -> String {
    let keep = |i: usize| drop != Some(i % columns.len().max(1));
    let mut out = String::new();
    let header: Vec<&str> = (0..columns.len())
        .filter(|&i| keep(i))
        .map(|i| columns[i])
        .collect();
    out.push_str(&header.join(","));
    out.push('\n');
    for row in rows {
        let cells: Vec<&str> = (0..row.len())
            .filter(|&i| keep(i))
            .map(|i| row[i].as_str())
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// Rows of a summary: (month, metric, n, mean, sd, ci_low, ci_high).
fn summary_rows(max: usize) -> BoxedStrategy<Vec<Vec<String>>> {
    proptest::collection::vec(
        (
            month(),
            metric(),
            count(),
            number(),
            number(),
            number(),
            number(),
        )
            .prop_map(|(m, metric, n, mean, sd, lo, hi)| vec![m, metric, n, mean, sd, lo, hi]),
        0..max,
    )
    .boxed()
}

/// A scenario as a manifest records it, with interventions and shocks at any month.
fn scenario_json() -> BoxedStrategy<String> {
    (
        select(vec!["\"s\"", "\"\"", "null", "\"<b>&\""]),
        select(vec!["60", "0", "1", "4294967296", "null", "\"x\""]),
        select(vec![
            "[]",
            "[{\"month\": 6, \"kind\": {\"kind\": \"coaching_programme\"}}]",
            "[{\"month\": 99999999999, \"end_month\": 3, \"kind\": \"x\"}]",
            "null",
        ]),
        select(vec![
            "[]",
            "[{\"month\": 36, \"severity\": 0.3}]",
            "[{\"month\": -1}]",
        ]),
        select(vec![
            "{\"teams\": 20, \"team_size\": 10}",
            "{\"teams\": 18446744073709551615, \"team_size\": 18446744073709551615}",
            "{}",
        ]),
    )
        .prop_map(|(name, months, interventions, shocks, org)| {
            format!(
                "{{\"name\": {name}, \"months\": {months}, \"interventions\": {interventions}, \
                 \"environment\": {{\"shocks\": {shocks}}}, \"organisation\": {org}, \
                 \"knowledge\": {{\"mode\": \"social\"}}, \"workforce\": [{{\"name\": \"g\"}}]}}"
            )
        })
        .boxed()
}

/// The manifest's common fields.
fn manifest(replications: &str, rest: &str) -> String {
    let replications = replications
        .parse::<u64>()
        .map_or("null".to_string(), |r| r.to_string());
    format!(
        "{{\"orgsim_version\": \"0.1.0\", \"command_line\": [\"orgsim\"], \"seed\": 1, \
         \"replications\": {replications}, \"threads\": 1, \"started_at\": \"\", \
         \"finished_at\": \"\", \"outputs\": [\"summary.csv\"]{rest}}}"
    )
}

const SUMMARY: [&str; 8] = [
    "scenario", "month", "metric", "n", "mean", "sd", "ci_low", "ci_high",
];

/// A results folder: its files (relative path, contents).
#[derive(Clone, Debug)]
struct Folder {
    files: Vec<(String, String)>,
}

fn run_folder() -> BoxedStrategy<Folder> {
    (
        count(),
        scenario_json(),
        summary_rows(24),
        proptest::option::of(0usize..8),
        any::<bool>(),
        proptest::collection::vec((count(), month(), number(), number()), 0..12),
    )
        .prop_map(|(reps, scenario, rows, drop, with_timeseries, ts)| {
            let rows: Vec<Vec<String>> = rows
                .into_iter()
                .map(|r| std::iter::once("s".to_string()).chain(r).collect())
                .collect();
            let mut files = vec![
                (
                    "manifest.json".to_string(),
                    manifest(&reps, &format!(", \"scenario\": {scenario}")),
                ),
                ("summary.csv".to_string(), csv(&SUMMARY, drop, &rows)),
            ];
            if with_timeseries {
                let rows: Vec<Vec<String>> = ts
                    .into_iter()
                    .map(|(r, m, p, a)| vec!["s".into(), r, m, p, a])
                    .collect();
                files.push((
                    "timeseries.csv".to_string(),
                    csv(
                        &["scenario", "replication", "month", "performance", "agility"],
                        drop.filter(|d| *d < 3),
                        &rows,
                    ),
                ));
            }
            Folder { files }
        })
        .boxed()
}

fn compare_folder() -> BoxedStrategy<Folder> {
    let scenario = (
        scenario_json(),
        summary_rows(12),
        proptest::option::of(0usize..8),
    );
    (
        count(),
        proptest::collection::vec(scenario, 0..4),
        proptest::collection::vec(
            (
                metric(),
                select(vec!["horizon", "average", "x"]),
                select(vec!["s0", "s1", ""]),
                select(vec!["", "s0", "zz"]),
                count(),
                number(),
                number(),
                number(),
            ),
            0..10,
        ),
        proptest::option::of(0usize..14),
    )
        .prop_map(|(reps, scenarios, comparison, drop)| {
            let mut files = Vec::new();
            let mut entries = Vec::new();
            for (i, (scenario, rows, drop)) in scenarios.into_iter().enumerate() {
                // The fourth scenario's folder points outside the comparison.
                let folder = if i == 3 { "../s3".to_string() } else { format!("s{i}") };
                entries.push(format!(
                    "{{\"label\": \"s{i}\", \"source\": \"x\", \"folder\": \"{folder}\", \"scenario\": {scenario}}}"
                ));
                let rows: Vec<Vec<String>> = rows
                    .into_iter()
                    .map(|r| std::iter::once(format!("s{i}")).chain(r).collect())
                    .collect();
                files.push((
                    format!("s{i}/manifest.json"),
                    manifest(&reps, &format!(", \"scenario\": {scenario}")),
                ));
                files.push((format!("s{i}/summary.csv"), csv(&SUMMARY, drop, &rows)));
            }
            files.push((
                "manifest.json".to_string(),
                manifest(
                    &reps,
                    &format!(", \"months\": 60, \"notes\": [], \"scenarios\": [{}]", entries.join(",")),
                ),
            ));
            let rows: Vec<Vec<String>> = comparison
                .into_iter()
                .map(|(metric, statistic, scenario, to, n, mean, lo, hi)| {
                    vec![
                        metric,
                        statistic.into(),
                        scenario.into(),
                        n.clone(),
                        mean.clone(),
                        "0.1".into(),
                        lo.clone(),
                        hi.clone(),
                        to.into(),
                        n,
                        mean,
                        "0.1".into(),
                        lo,
                        hi,
                    ]
                })
                .collect();
            let columns = [
                "metric",
                "statistic",
                "scenario",
                "n",
                "mean",
                "sd",
                "ci_low",
                "ci_high",
                "difference_to",
                "diff_n",
                "diff_mean",
                "diff_sd",
                "diff_ci_low",
                "diff_ci_high",
            ];
            files.push(("comparison.csv".to_string(), csv(&columns, drop, &rows)));
            Folder { files }
        })
        .boxed()
}

/// A key's value at a point: numbers (few or many distinct), text, or nothing.
fn key_value() -> BoxedStrategy<String> {
    prop_oneof![
        3 => select(vec!["0.1", "0.5", "0.9", "1", "0"]).prop_map(str::to_string),
        1 => number(),
        1 => select(vec!["social", "march1991", "true", ""]).prop_map(str::to_string),
    ]
    .boxed()
}

fn sweep_folder() -> BoxedStrategy<Folder> {
    (
        count(),
        0usize..4,
        proptest::collection::vec(
            (
                proptest::collection::vec(key_value(), 3),
                select(vec!["ok", "ok", "failed"]),
            ),
            0..14,
        ),
        prop_oneof![
            1 => Just(Vec::new()),
            3 => proptest::collection::vec((0u64..16, summary_rows(2)), 0..24),
        ],
        proptest::option::of(0usize..9),
        select(vec![0usize, 0, 0, 60, 1100]),
        any::<bool>(),
    )
        .prop_map(|(reps, keys, points, summary, drop, many, plan_ok)| {
            let key_names = [
                "knowledge.socialisation_rate",
                "environment.turbulence",
                "months",
            ];
            let keys = &key_names[..keys];
            let mut point_rows: Vec<Vec<String>> = points
                .iter()
                .enumerate()
                .map(|(i, (values, status))| {
                    let mut row = vec![i.to_string()];
                    row.extend(values[..keys.len()].iter().cloned());
                    row.push(status.to_string());
                    row.push(if *status == "ok" { "" } else { "error: x" }.into());
                    row
                })
                .collect();
            let mut summary_rows: Vec<Vec<String>> = summary
                .into_iter()
                .flat_map(|(point, rows)| {
                    rows.into_iter().map(move |r| {
                        let mut row = vec!["s".to_string(), point.to_string()];
                        row.extend(r);
                        row
                    })
                })
                .collect();
            // Many points with distinct numbers: binned axes and categories past the limit.
            let first = point_rows.len();
            for i in 0..many {
                let id = first + i;
                let mut row = vec![id.to_string()];
                for k in 0..keys.len() {
                    row.push(if k == 1 && many < 1000 {
                        format!("c{i}")
                    } else {
                        format!("{}", i as f64 / many as f64)
                    });
                }
                row.extend(["ok".to_string(), String::new()]);
                point_rows.push(row);
                summary_rows.push(
                    [
                        "s",
                        &id.to_string(),
                        "60",
                        "performance",
                        "2",
                        "0.5",
                        "0.1",
                        "0.4",
                        "0.6",
                    ]
                    .map(str::to_string)
                    .to_vec(),
                );
            }
            let point_list: Vec<String> = (0..point_rows.len())
                .map(|i| {
                    let values: Vec<&str> = keys.iter().map(|_| "{\"Float\": 0.5}").collect();
                    format!("{{\"id\": {i}, \"values\": [{}]}}", values.join(","))
                })
                .collect();
            let keys_json: Vec<String> = keys.iter().map(|k| format!("{k:?}")).collect();
            let plan = if plan_ok {
                format!(
                    "{{\"name\": \"s\", \"base_source\": \"b\", \"base_text\": \"\", \
                     \"replications\": 2, \"base_overrides\": [], \"keys\": [{}], \
                     \"points\": [{}], \"output\": {{\"metrics\": null, \"every_months\": 1}}}}",
                    keys_json.join(","),
                    point_list.join(",")
                )
            } else {
                "{\"name\": 3, \"points\": [1, 2]}".to_string()
            };
            let mut point_columns = vec!["point"];
            point_columns.extend(keys);
            point_columns.extend(["status", "error"]);
            let summary_columns = [
                "scenario", "point", "month", "metric", "n", "mean", "sd", "ci_low", "ci_high",
            ];
            Folder {
                files: vec![
                    (
                        "manifest.json".to_string(),
                        manifest(&reps, &format!(", \"scenario\": {plan}")),
                    ),
                    (
                        "points.csv".to_string(),
                        csv(&point_columns, drop.filter(|d| *d < 2), &point_rows),
                    ),
                    (
                        "summary.csv".to_string(),
                        csv(&summary_columns, drop, &summary_rows),
                    ),
                ],
            }
        })
        .boxed()
}

static CASE: AtomicUsize = AtomicUsize::new(0);

/// Draws every figure of the folder and writes its report; panics only by failing.
fn plot_and_report(folder: &Folder, png: bool) {
    let dir = temp_dir(
        "figprops",
        &CASE.fetch_add(1, Ordering::Relaxed).to_string(),
    );
    for (name, text) in &folder.files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
    }
    check(&dir, png);
    std::fs::remove_dir_all(&dir).ok();
}

fn check(dir: &Path, png: bool) {
    if let Ok(results) = read_results(dir) {
        for kind in FigureKind::ALL {
            for format in [Format::Svg, Format::Png] {
                if format == Format::Png && !png {
                    continue;
                }
                if let Err(e) = render(&results, kind, &[], format) {
                    assert!(!e.to_string().is_empty());
                }
            }
        }
    }
    if let Err(e) = write_figures(dir, &[]) {
        assert!(!e.to_string().is_empty());
    }
    if let Ok(data) = read_report_data(dir) {
        assert!(render_report(&data).ends_with("</html>\n"));
    }
    if let Err(e) = write_report(dir) {
        assert!(!e.to_string().is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    #[test]
    fn runs_plot_and_report_without_panicking(folder in run_folder(), png in proptest::bool::weighted(0.1)) {
        plot_and_report(&folder, png);
    }

    #[test]
    fn comparisons_plot_and_report_without_panicking(folder in compare_folder(), png in proptest::bool::weighted(0.1)) {
        plot_and_report(&folder, png);
    }

    #[test]
    fn sweeps_plot_and_report_without_panicking(folder in sweep_folder(), png in proptest::bool::weighted(0.1)) {
        plot_and_report(&folder, png);
    }
}

/// Folders that are not results at all, or hold a broken manifest.
#[test]
fn broken_folders_are_errors() {
    for manifest in ["", "[]", "{", "null", "{\"scenario\": {\"points\": 3}}"] {
        let folder = Folder {
            files: vec![
                ("manifest.json".into(), manifest.into()),
                ("summary.csv".into(), "scenario,month\n".into()),
                ("points.csv".into(), "point,status\n".into()),
            ],
        };
        plot_and_report(&folder, false);
    }
    let empty = temp_dir("figprops", "empty");
    std::fs::create_dir_all(&empty).unwrap();
    assert!(read_results(&empty).is_err());
    assert!(write_report(&empty).is_err());
    std::fs::remove_dir_all(&empty).ok();
}
