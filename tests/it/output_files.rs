//! The files of a run, written from synthetic results: names, headers, row counts, empty
//! cells, summary statistics, the manifest, determinism and atomicity.

use orgsim::model::metrics::{
    GroupRow, METRIC_COUNT, METRICS, Metric, ReplicationResult, ShockRecovery,
};
use orgsim::output::{
    Manifest, RUN_FILES, RowKey, RunWriter, headline_table_for, t_quantile_975, write_atomic,
    write_run_files,
};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

const MONTHS: usize = 4; // months 0..=3
const PERF: [[f64; MONTHS]; 3] = [
    [0.5, 0.2, 0.2, 0.6],
    [0.5, 0.4, 0.4, 0.6],
    [0.5, 0.9, f64::NAN, 0.6],
];

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("output_files-{name}"));
    let _ = fs::remove_dir_all(&dir);
    dir
}

fn results() -> Vec<ReplicationResult> {
    (0..3u32)
        .map(|r| {
            let months = (0..MONTHS)
                .map(|m| {
                    let mut row = [0.25; METRIC_COUNT];
                    row[Metric::Performance as usize] = PERF[r as usize][m];
                    row[Metric::Agility as usize] = if m == 0 { f64::NAN } else { 0.1 * m as f64 };
                    row[Metric::Headcount as usize] = 100.0 + r as f64;
                    row
                })
                .collect();
            let groups = (0..MONTHS)
                .map(|m| {
                    vec![
                        GroupRow {
                            headcount: 60,
                            engagement: 0.5,
                            retention: if m == 0 { f64::NAN } else { 0.9 },
                        },
                        GroupRow {
                            headcount: 40 + r,
                            engagement: 0.75,
                            retention: 0.8,
                        },
                    ]
                })
                .collect();
            let events = match r {
                0 => vec![ShockRecovery {
                    shock_month: 2,
                    severity: 0.3,
                    baseline_performance: 0.2,
                    recovery_months: Some(1),
                }],
                2 => vec![ShockRecovery {
                    shock_month: 2,
                    severity: 0.3,
                    baseline_performance: 0.9,
                    recovery_months: None,
                }],
                _ => vec![],
            };
            ReplicationResult {
                replication: r,
                months,
                groups,
                events,
            }
        })
        .collect()
}

fn groups() -> Vec<String> {
    vec!["vocational".to_string(), "higher, educated".to_string()]
}

fn manifest() -> Manifest {
    Manifest::from_parts(
        serde_json::json!({"name": "synthetic", "months": 3}),
        42,
        3,
        [
            "orgsim".to_string(),
            "run".to_string(),
            "x.toml".to_string(),
        ],
        2,
    )
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

#[test]
fn run_files_have_headers_rows_and_empty_cells() {
    let dir = scratch("run").join("nested");
    write_run_files(&dir, "synthetic", &groups(), &results(), &manifest()).unwrap();
    assert_eq!(
        listing(&dir),
        sorted(&RUN_FILES),
        "only the final files, no temp files"
    );

    let (header, rows) = read_csv(&dir.join("timeseries.csv"));
    let mut want = vec!["scenario", "replication", "month"];
    want.extend(METRICS.iter().map(|m| m.name));
    assert_eq!(header, want);
    assert_eq!(rows.len(), 3 * MONTHS);
    let perf = 3 + Metric::Performance as usize;
    let agility = 3 + Metric::Agility as usize;
    assert_eq!(rows[0][..3], ["synthetic", "0", "0"]);
    assert_eq!(rows[0][agility], "", "NaN is an empty field");
    assert_eq!(rows[1][agility], "0.1");
    assert_eq!(rows[5][perf], "0.4");
    assert_eq!(rows[4 * 2 + 2][perf], "", "NaN is an empty field");
    assert_eq!(
        rows[11][..3],
        ["synthetic", "2", "3"],
        "replication order, then month"
    );

    let (header, rows) = read_csv(&dir.join("groups.csv"));
    assert_eq!(
        header,
        [
            "scenario",
            "replication",
            "month",
            "group",
            "headcount",
            "engagement",
            "retention"
        ]
    );
    assert_eq!(rows.len(), 3 * MONTHS * 2);
    assert_eq!(
        rows[0],
        ["synthetic", "0", "0", "vocational", "60", "0.5", ""]
    );
    assert_eq!(
        rows[23],
        [
            "synthetic",
            "2",
            "3",
            "higher, educated",
            "42",
            "0.75",
            "0.8"
        ]
    );

    let (header, rows) = read_csv(&dir.join("events.csv"));
    assert_eq!(
        header,
        [
            "scenario",
            "replication",
            "shock_month",
            "severity",
            "baseline_performance",
            "recovery_months"
        ]
    );
    assert_eq!(
        rows,
        [
            ["synthetic", "0", "2", "0.3", "0.2", "1"],
            ["synthetic", "2", "2", "0.3", "0.9", ""]
        ]
    );

    let (header, rows) = read_csv(&dir.join("summary.csv"));
    assert_eq!(
        header,
        [
            "scenario", "month", "metric", "n", "mean", "sd", "ci_low", "ci_high", "pi_low",
            "pi_high"
        ]
    );
    assert_eq!(rows.len(), MONTHS * METRIC_COUNT);
    assert!(rows.iter().all(|r| r[0] == "synthetic"));
    assert_eq!(
        rows[1][..3],
        ["synthetic", "0", METRICS[1].name],
        "month, then metric in METRICS order"
    );
    fs::remove_dir_all(dir.parent().unwrap()).unwrap();
}

#[test]
fn summary_statistics_by_hand() {
    let dir = scratch("summary");
    write_run_files(&dir, "synthetic", &groups(), &results(), &manifest()).unwrap();
    let (_, rows) = read_csv(&dir.join("summary.csv"));
    let find = |month: usize, metric: Metric| -> Vec<String> {
        rows.iter()
            .find(|r| r[1] == month.to_string() && r[2] == metric.name())
            .unwrap()
            .clone()
    };
    let num = |s: &str| s.parse::<f64>().unwrap();
    // Files hold 7 significant digits (see output::number_format::SIGNIFICANT_DIGITS).
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * b.abs().max(1e-3);

    // Month 1 performance: 0.2, 0.4, 0.9 → mean 0.5, sd √0.13, CI ± t(0.975,2)·sd/√3.
    let r = find(1, Metric::Performance);
    assert_eq!(r[3], "3");
    assert!(close(num(&r[4]), 0.5), "{r:?}");
    let sd = 0.13f64.sqrt();
    assert!(close(num(&r[5]), sd), "{r:?}");
    let half = 4.302652729749464 * sd / 3f64.sqrt();
    assert!(
        close(num(&r[6]), 0.5 - half) && close(num(&r[7]), 0.5 + half),
        "{r:?}"
    );

    // Month 2 performance: 0.2, 0.4 and an empty value → n 2, mean 0.3, sd √0.02.
    let r = find(2, Metric::Performance);
    assert_eq!(r[3], "2");
    assert!(
        close(num(&r[4]), 0.3) && close(num(&r[5]), 0.02f64.sqrt()),
        "{r:?}"
    );
    let half = 12.706204736174705 * 0.02f64.sqrt() / 2f64.sqrt();
    assert!(close(num(&r[6]), 0.3 - half), "{r:?}");
    // The 90% predictive interval of 0.2 and 0.4: numpy's (type 7) 5% and 95% quantiles.
    assert!(close(num(&r[8]), 0.21) && close(num(&r[9]), 0.39), "{r:?}");

    // Identical values: sd 0, CI collapses onto the mean.
    assert_eq!(
        find(3, Metric::Performance)[3..],
        ["3", "0.6", "0", "0.6", "0.6", "0.6", "0.6"]
    );
    // Month 0 agility is empty in every replication: n 0, everything else empty.
    assert_eq!(find(0, Metric::Agility)[3..], ["0", "", "", "", "", "", ""]);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn single_replication_has_no_sd_or_ci() {
    let dir = scratch("single");
    let one = &results()[..1];
    write_run_files(&dir, "one", &groups(), one, &manifest()).unwrap();
    let (_, rows) = read_csv(&dir.join("summary.csv"));
    let r = rows
        .iter()
        .find(|r| r[1] == "1" && r[2] == "performance")
        .unwrap();
    assert_eq!(r[3..], ["1", "0.2", "", "", "", "", ""]);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn events_header_without_shocks() {
    let dir = scratch("no-shocks");
    let mut rs = results();
    rs.iter_mut().for_each(|r| r.events.clear());
    write_run_files(&dir, "calm", &groups(), &rs, &manifest()).unwrap();
    let text = fs::read_to_string(dir.join("events.csv")).unwrap();
    assert_eq!(
        text,
        "scenario,replication,shock_month,severity,baseline_performance,recovery_months\n"
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn manifest_is_json_with_fields() {
    let dir = scratch("manifest");
    let mut m = manifest();
    m.finish();
    write_run_files(&dir, "synthetic", &groups(), &results(), &m).unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(v["orgsim_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        v["command_line"],
        serde_json::json!(["orgsim", "run", "x.toml"])
    );
    assert_eq!(v["seed"], 42);
    assert_eq!(v["threads"], 2);
    assert_eq!(v["replications"], 3);
    assert_eq!(v["scenario"]["name"], "synthetic");
    assert_eq!(v["started_at"], m.started_at.as_str());
    assert_eq!(v["finished_at"], m.finished_at.as_str());
    let outputs: Vec<&str> = v["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(outputs, RUN_FILES);
    for stamp in [&v["started_at"], &v["finished_at"]] {
        let s = stamp.as_str().unwrap();
        assert!(
            s.len() == 20 && s.ends_with('Z') && &s[10..11] == "T",
            "{s}"
        );
    }
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn outputs_are_deterministic_and_replace_earlier_runs() {
    let a = scratch("det-a");
    let b = scratch("det-b");
    write_run_files(&a, "synthetic", &groups(), &results(), &manifest()).unwrap();
    // b first holds a different run, then the same one as a.
    write_run_files(&b, "other", &groups(), &results()[..1], &manifest()).unwrap();
    // Streaming gives the same bytes as the one-shot function.
    let mut run = RunWriter::create(&b, RowKey::scenario("synthetic"), &groups()).unwrap();
    for r in &results() {
        run.add(r).unwrap();
    }
    assert_eq!(run.summary().replications(), 3);
    run.finish(&manifest()).unwrap();
    for name in &RUN_FILES[..4] {
        assert_eq!(
            fs::read(a.join(name)).unwrap(),
            fs::read(b.join(name)).unwrap(),
            "{name}"
        );
    }
    assert_eq!(listing(&b), sorted(&RUN_FILES));
    fs::remove_dir_all(&a).unwrap();
    fs::remove_dir_all(&b).unwrap();
}

#[test]
fn abandoned_run_leaves_nothing() {
    let dir = scratch("abandoned");
    {
        let mut run = RunWriter::create(&dir, RowKey::scenario("x"), &groups()).unwrap();
        run.add(&results()[0]).unwrap();
    }
    assert!(listing(&dir).is_empty());
    // A replication with more groups than names fails, naming the file, and leaves nothing.
    let mut run = RunWriter::create(&dir, RowKey::scenario("x"), &groups()[..1]).unwrap();
    let err = run.add(&results()[0]).unwrap_err();
    assert!(err.to_string().contains("groups.csv"), "{err}");
    drop(run);
    assert!(listing(&dir).is_empty());
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn errors_name_the_path() {
    let dir = scratch("errors");
    fs::create_dir_all(&dir).unwrap();
    let blocker = dir.join("not-a-dir");
    fs::write(&blocker, "x").unwrap();
    let err = write_run_files(
        &blocker.join("out"),
        "s",
        &groups(),
        &results(),
        &manifest(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("not-a-dir"), "{err}");
    assert_eq!(err.path(), blocker.join("out"));

    // Renaming over a directory fails at commit: the temp file is removed.
    fs::create_dir(dir.join("busy.csv")).unwrap();
    let err = write_atomic(&dir.join("busy.csv"), |w| w.write_all(b"data")).unwrap_err();
    assert!(err.to_string().contains("busy.csv"), "{err}");
    assert_eq!(listing(&dir), ["busy.csv", "not-a-dir"]);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn failing_write_never_leaves_a_partial_target() {
    let dir = scratch("atomic");
    fs::create_dir_all(&dir).unwrap();
    let fresh = dir.join("fresh.csv");
    let err = write_atomic(&fresh, |w| {
        w.write_all(b"half a file")?;
        Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
    })
    .unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::StorageFull);
    assert!(
        err.to_string().contains("fresh.csv") && err.to_string().contains("disk full"),
        "{err}"
    );
    assert!(listing(&dir).is_empty(), "no target, no temp file");

    let kept = dir.join("kept.csv");
    write_atomic(&kept, |w| w.write_all(b"complete\n")).unwrap();
    let _ = write_atomic(&kept, |w| {
        w.write_all(b"trunc")?;
        Err(io::Error::other("stop"))
    });
    assert_eq!(fs::read_to_string(&kept).unwrap(), "complete\n");
    assert_eq!(listing(&dir), ["kept.csv"]);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn headline_table_names_the_run() {
    let t = headline_table_for("synthetic", &results());
    let lines: Vec<&str> = t.lines().collect();
    assert!(
        lines[0].contains("\"synthetic\"")
            && lines[0].contains("3 replications")
            && lines[0].contains("3 months"),
        "{t}"
    );
    assert_eq!(lines.len(), 10, "{t}");
    // Performance at month 3 is 0.6 everywhere: CI [0.600, 0.600].
    let perf = lines.iter().find(|l| l.starts_with("performance")).unwrap();
    assert!(perf.contains("0.600  [0.600, 0.600]"), "{t}");
    assert!(t_quantile_975(2) > 4.3);
}
