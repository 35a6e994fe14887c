//! March's (1991) published findings over the whole validation sweeps of
//! `scenarios/validation/` (seeded, 80 replications a point, 95% intervals), and the
//! `orgsim validation` command end to end. Extends tests/it/march.rs, which checks one point of
//! each finding, to the shapes over every point of the paper's designs.

use crate::common;

use common::*;
use orgsim::experiment::load_sweep_file;
use orgsim::experiment::validation::{
    Options, Validation, ValidationPlans, Verdict, WORKIEWICZ_FIGURE1, paired, run_validation,
};
use orgsim::output::Stats;
use std::sync::OnceLock;

/// The four experiments from the sweep files on disk, run once for all tests of this file.
fn validation() -> &'static Validation {
    static RESULT: OnceLock<Validation> = OnceLock::new();
    RESULT.get_or_init(|| {
        let load = |name: &str| {
            load_sweep_file(&repo_path(&format!("scenarios/validation/{name}.toml")))
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let plans = ValidationPlans {
            figure1: load("figure1_p1_p2"),
            mixed_learners: load("mixed_learners"),
            turnover: load("turnover"),
            turbulence: load("turbulence"),
        };
        let options = Options {
            patterns: false,
            ..Options::default()
        };
        run_validation(&plans, &options).expect("the validation experiments run")
    })
}

fn index(values: &[f64], v: f64) -> usize {
    values
        .iter()
        .position(|&x| (x - v).abs() < 1e-9)
        .unwrap_or_else(|| panic!("{v} not in {values:?}"))
}

/// Figure 1 over the whole grid: equilibrium knowledge falls with p1 when the code learns at a
/// moderate or fast rate, hardly depends on p1 when it learns slowly, is highest at p1 = 0.1,
/// p2 = 0.9, rises with p2 under slow socialisation, and the p2 = 0.1 line crosses the others.
#[test]
fn figure1_shapes_over_the_whole_grid() {
    let f = &validation().figure1;
    assert_eq!((f.p1.len(), f.p2.len(), f.replications), (9, 3, 80));
    let k = |p2: f64, p1: f64| f.knowledge_values(index(&f.p2, p2), index(&f.p1, p1));
    let mean = |p2: f64, p1: f64| Stats::of(k(p2, p1)).mean;
    for p2 in [0.5, 0.9] {
        let drop = paired(&k(p2, 0.1), &k(p2, 0.9));
        assert!(drop.ci_low > 0.15, "p2 = {p2}: K(0.1) − K(0.9) = {drop:?}");
        let falls =
            f.p1.windows(2)
                .filter(|w| mean(p2, w[1]) < mean(p2, w[0]))
                .count();
        assert!(falls >= 7, "p2 = {p2}: K falls at only {falls} of 8 steps");
    }
    let slow_code: Vec<f64> = f.p1.iter().map(|&p1| mean(0.1, p1)).collect();
    let span = slow_code.iter().cloned().fold(f64::MIN, f64::max)
        - slow_code.iter().cloned().fold(f64::MAX, f64::min);
    assert!(
        span < 0.1,
        "p2 = 0.1: K spans {span} over p1 ({slow_code:?})"
    );

    let best =
        f.p2.iter()
            .flat_map(|&p2| f.p1.iter().map(move |&p1| (p2, p1)))
            .max_by(|a, b| mean(a.0, a.1).total_cmp(&mean(b.0, b.1)))
            .unwrap();
    assert_eq!(best, (0.9, 0.1), "the best corner");

    let up_mid = paired(&k(0.5, 0.1), &k(0.1, 0.1));
    let up_top = paired(&k(0.9, 0.1), &k(0.5, 0.1));
    assert!(
        up_mid.ci_low > 0.0 && up_top.ci_low > 0.0,
        "{up_mid:?} {up_top:?}"
    );
    let cross = paired(&k(0.1, 0.9), &k(0.9, 0.9));
    assert!(
        cross.ci_low > 0.0,
        "at p1 = 0.9, K(p2 = 0.1) − K(p2 = 0.9) = {cross:?}"
    );
}

/// Figure 1 point by point against Workiewicz's (2019) recreation of March's original program
/// (10,000 organisations a point): inside orgsim's 95% interval almost everywhere, never far.
#[test]
fn figure1_agrees_with_an_independent_recreation() {
    let f = &validation().figure1;
    let mut inside = 0;
    let mut largest: f64 = 0.0;
    for (i2, row) in WORKIEWICZ_FIGURE1.iter().enumerate() {
        for (i1, &reference) in row.iter().enumerate() {
            assert_eq!(f.reference(i2, i1), Some(reference));
            let s = f.knowledge(i2, i1);
            inside += (s.ci_low <= reference && reference <= s.ci_high) as usize;
            largest = largest.max((s.mean - reference).abs());
        }
    }
    assert!(
        inside >= 24,
        "reference inside the interval at {inside} of 27 points"
    );
    assert!(largest < 0.03, "largest gap {largest}");
}

/// Every run reaches March's stable equilibrium well within the cap, and faster socialisation
/// gets there sooner.
#[test]
fn figure1_runs_settle_and_fast_learning_settles_sooner() {
    let f = &validation().figure1;
    assert_eq!(
        f.unsettled(),
        0,
        "runs still changing at the cap of {}",
        f.cap
    );
    for i2 in 0..f.p2.len() {
        let medians: Vec<f64> = (0..f.p1.len()).map(|i1| f.median_periods(i2, i1)).collect();
        assert!(
            medians.windows(2).all(|w| w[1] <= w[0]),
            "p2 = {}: median periods {medians:?}",
            f.p2[i2]
        );
        assert!(f.max_periods(i2, 0) < f.cap / 2);
    }
}

/// Mixing fast and slow learners beats a homogeneous group of the same average rate at every
/// mix, and the fewer fast learners, the more the code ends up knowing.
#[test]
fn mixed_learners_beat_homogeneous_groups_of_the_same_average_rate() {
    let m = &validation().mixed;
    assert_eq!(m.shares.len(), 9);
    let mut significant = 0;
    for i in 0..m.shares.len() {
        let d = m.difference(i);
        assert!(
            d.mean > 0.0,
            "share {}: mixed − homogeneous = {d:?}",
            m.shares[i]
        );
        significant += (d.ci_low > 0.0) as usize;
    }
    assert!(significant >= 6, "significant at {significant} of 9 mixes");
    let middle = m.difference(4);
    assert!(middle.ci_low > 0.05, "share 0.5: {middle:?}");
    let first = m.mixed[0].iter().map(|r| r.knowledge).collect::<Vec<_>>();
    let last = m.mixed[8].iter().map(|r| r.knowledge).collect::<Vec<_>>();
    assert!(paired(&first, &last).ci_low > 0.0);
}

/// Period-20 knowledge: with fast socialisation modest turnover helps and too much does not;
/// with slow socialisation no turnover helps, and much of it hurts.
#[test]
fn turnover_helps_fast_socialisation_in_moderation_and_not_slow() {
    let t = &validation().turnover;
    assert_eq!(t.months, 20);
    let fast = index(&t.p1, 0.9);
    let slow = index(&t.p1, 0.1);
    let modest = index(&t.p3, 0.1);
    let gain = t.gain(fast, modest);
    assert!(
        gain.ci_low > 0.05,
        "p1 = 0.9: K(p3 = 0.1) − K(0) = {gain:?}"
    );
    let best = t.best(fast);
    let top = t.p3.len() - 1;
    assert!(best > 0 && best < top, "best p3 = {}", t.p3[best]);
    let too_much = paired(&t.knowledge[fast][top], &t.knowledge[fast][best]);
    assert!(
        too_much.ci_high < 0.0,
        "K(p3 = {}) − K(best) = {too_much:?}",
        t.p3[top]
    );
    for i3 in 1..t.p3.len() {
        let g = t.gain(slow, i3);
        assert!(g.ci_low <= 0.0, "p1 = 0.1, p3 = {}: gain {g:?}", t.p3[i3]);
    }
    assert!(t.gain(slow, modest).ci_high < 0.0);
}

/// Under turbulence, without turnover the code's knowledge rises, then decays to about zero;
/// with turnover it stays at a moderate level, well above.
#[test]
fn turbulence_erodes_knowledge_without_turnover_and_turnover_sustains_it() {
    let t = &validation().turbulence;
    let none = index(&t.p3, 0.0);
    let with = index(&t.p3, 0.1);
    let months = t.months as usize;
    let early = t.window(none, 5, 15);
    let late = t.window(none, months - 19, months);
    let erosion = paired(&late, &early);
    assert!(
        erosion.ci_high < -0.3,
        "late − early without turnover: {erosion:?}"
    );
    let late_level = Stats::of(late.iter().copied());
    assert!(
        late_level.mean.abs() < 0.1,
        "late level without turnover {late_level:?}"
    );
    let kept = paired(&t.window(with, months - 19, months), &late);
    assert!(kept.ci_low > 0.3, "with − without turnover, late: {kept:?}");
    assert!((5..=20).contains(&t.peak(none)), "peak at {}", t.peak(none));
}

/// Every March finding the paper states is reproduced; only the replication's remark that
/// turnover slows the first rise may fail, and each finding names a source.
#[test]
fn every_published_finding_has_a_source_and_the_papers_findings_are_reproduced() {
    let v = validation();
    assert_eq!(v.findings.len(), 14);
    for f in &v.findings {
        assert!(!f.sources.is_empty() && !f.criterion.is_empty(), "{}", f.id);
        if f.id != "B3" {
            assert_eq!(f.verdict, Verdict::Reproduced, "{}: {}", f.id, f.orgsim);
        }
    }
}

/// `orgsim validation --out DIR/VALIDATION.md` writes the markdown with a table and a figure
/// per experiment and the four SVG files beside it; the figures do not depend on the thread
/// count; bad arguments exit 2 before anything runs.
#[test]
fn validation_command_writes_the_report_and_its_figures() {
    let dir = temp_dir("validation", "cli");
    let out = dir.join("one").join("VALIDATION.md");
    let quick = [
        "--replications",
        "6",
        "--pattern-replications",
        "4",
        "--quiet",
    ];
    let run = |out: &std::path::Path, threads: &str| {
        let mut args = vec![
            "validation",
            "--out",
            out.to_str().unwrap(),
            "--threads",
            threads,
        ];
        args.extend_from_slice(&quick);
        orgsim(&args)
    };
    let result = run(&out, "2");
    assert!(result.status.success(), "{}", text(&result.stderr));
    let markdown = std::fs::read_to_string(&out).expect("markdown written");
    for heading in [
        "## Summary of the validation against March (1991)",
        "## Part 1 Verification: the code does what docs/ODD.md says",
        "### The patterns of the model (ODD section 1)",
        "## Part 2 Validation: March (1991)",
        "### 1 The model against the paper's rules",
        "### 2 Learning rates and equilibrium knowledge",
        "### 3 Fast and slow learners mixed",
        "### 4 Turnover",
        "### 5 Turbulence",
        "## Part 3 Calibration: fitted, not validated",
        "## Sources",
    ] {
        assert!(markdown.contains(heading), "missing {heading}");
    }
    // Verification, validation and calibration come in that order.
    let at = |h: &str| markdown.find(h).expect("heading present");
    assert!(at("## Part 1") < at("## Part 2") && at("## Part 2") < at("## Part 3"));
    let figures = [
        "figure1_p1_p2.svg",
        "mixed_learners.svg",
        "turnover.svg",
        "turbulence.svg",
    ];
    for name in figures {
        assert!(
            markdown.contains(&format!("](validation/{name})")),
            "{name} not linked"
        );
        let svg = std::fs::read_to_string(dir.join("one/validation").join(name)).expect(name);
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    }
    // One results table per experiment (a header row whose first cell names its variable).
    for header in [
        "| p1 | p2 = 0.1: orgsim",
        "| share fast |",
        "| p3 |",
        "| period |",
    ] {
        assert!(markdown.contains(header), "no table starting {header}");
    }
    assert!(markdown.contains("**reproduced**"));
    assert!(markdown.contains("Speed."));

    let other = dir.join("two").join("VALIDATION.md");
    let result = run(&other, "1");
    assert!(result.status.success(), "{}", text(&result.stderr));
    for name in figures {
        let a = std::fs::read(dir.join("one/validation").join(name)).unwrap();
        let b = std::fs::read(dir.join("two/validation").join(name)).unwrap();
        assert!(a == b, "{name} differs between 2 threads and 1");
    }

    let bad = orgsim(&[
        "validation",
        "--out",
        out.to_str().unwrap(),
        "--replications",
        "0",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// One replication gives no 95% interval, so every finding's numbers would read `[NaN, NaN]`:
/// `-n 1` (and `--pattern-replications 1`) is refused with exit 2 before anything runs or
/// is written, and the message says how many are needed.
#[test]
fn validation_refuses_fewer_than_two_replications() {
    let dir = temp_dir("validation", "one-replication");
    let out = dir.join("VALIDATION.md");
    for args in [
        ["-n", "1"],
        ["--replications", "0"],
        ["--pattern-replications", "1"],
    ] {
        let mut all = vec!["validation", "--out", out.to_str().unwrap(), "-q"];
        all.extend_from_slice(&args);
        let result = orgsim(&all);
        let stderr = text(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("needs at least 2 replications") && !stderr.contains("NaN"),
            "{args:?}: {stderr}"
        );
        assert!(!out.exists(), "{args:?} wrote {}", out.display());
    }
    let _ = std::fs::remove_dir_all(&dir);
}
