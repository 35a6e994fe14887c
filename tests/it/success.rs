//! Probabilities of success in `orgsim compare` (`experiment::success`, `success.csv`,
//! `break_even.csv`, `net_value_cumulative.csv`): ties, the pattern of a programme that costs
//! before it pays, and the files and lines of the command.

use crate::common;

use common::{orgsim, scenario, temp_dir, text};
use orgsim::experiment::compare::compare;
use orgsim::experiment::success::{CUMULATIVE_NET_VALUE, SUCCESS_METRICS, success};

const REPLICATIONS: &str = "replications=12";

#[test]
fn a_scenario_against_itself_ties_every_replication_and_never_falls_behind() {
    let control = scenario("control", &[REPLICATIONS]);
    let c = compare(&[control.clone(), control]);
    let s = success(&c, 36);
    assert_eq!(s.rows.len(), SUCCESS_METRICS.len() + 1);
    for row in &s.rows {
        let n = row.better.n;
        if n == 0 {
            continue; // empty in every replication
        }
        // Ties are not wins: P(better) = 0 with ties = n, and no change of the mean.
        assert_eq!(
            (row.better.count, row.ties, row.worse),
            (0, n, 0),
            "{row:?}"
        );
        assert_eq!(row.better.p, 0.0);
        assert!(row.better.high > 0.0 && row.better.high < 0.3, "{row:?}");
        assert_eq!(row.percent.mean, 0.0, "{row:?}");
    }
    let b = &s.break_even[0];
    assert!(b.months.iter().all(|&m| m == Some(1)), "{b:?}");
    assert_eq!((b.never.count, b.within.count), (0, 12));
}

#[test]
fn a_programme_that_costs_first_breaks_even_after_it_starts() {
    // The transition pays for a coaching programme and action learning from month 6: behind
    // control at first, ahead later (a J-curve).
    let c = compare(&[
        scenario("control", &[REPLICATIONS]),
        scenario("transition", &[REPLICATIONS]),
    ]);
    let s = success(&c, 36);
    let b = &s.break_even[0];
    let reached: Vec<u32> = b.months.iter().flatten().copied().collect();
    assert!(
        reached.len() * 2 > b.months.len(),
        "most replications break even: {b:?}"
    );
    assert!(
        reached.iter().all(|&m| m > 6),
        "not before the programme: {b:?}"
    );
    assert!(b.p5 <= b.median && b.median <= b.p95, "{b:?}");
    // The cumulative difference is negative during the programme in every replication.
    let behind = s
        .cumulative
        .iter()
        .find(|r| r.month == 12 && r.scenario == 1)
        .and_then(|r| r.difference)
        .unwrap();
    assert!(behind.ci_high < 0.0, "{behind:?}");
    let cumulative = s
        .rows
        .iter()
        .find(|r| r.outcome == CUMULATIVE_NET_VALUE)
        .unwrap();
    let performance = s.rows.iter().find(|r| r.outcome == "performance").unwrap();
    assert!(performance.better.low > 0.5, "{performance:?}");
    assert!(performance.percent.ci_low > 0.0, "{performance:?}");
    // Consistent: a replication ahead on cumulative net value at the horizon has broken even.
    assert!(
        cumulative.better.count as usize <= reached.len(),
        "{cumulative:?}"
    );
}

#[test]
fn the_command_writes_the_tables_and_prints_the_probabilities() {
    let out = temp_dir("success", "command");
    let result = orgsim(&[
        "compare",
        "scenarios/control.toml",
        "scenarios/transition.toml",
        "-n",
        "6",
        "--payback-within",
        "48",
        "--no-figures",
        "--no-report",
        "--force",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stdout = text(&result.stdout);
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert!(
        stdout.contains("P(transition beats control on cumulative net value at month 60) = "),
        "{stdout}"
    );
    assert!(
        stdout.contains("pays back within 48 months in "),
        "{stdout}"
    );
    let success_csv = std::fs::read_to_string(out.join("success.csv")).unwrap();
    assert!(success_csv.starts_with(
        "outcome,scenario,reference,n,better,ties,worse,p_better,p_better_low,p_better_high,pct_change,pct_ci_low,pct_ci_high\n"
    ));
    assert!(success_csv.contains("\nnet_value_cumulative,transition,control,6,"));
    let break_even = std::fs::read_to_string(out.join("break_even.csv")).unwrap();
    let line = break_even.lines().nth(1).unwrap();
    assert!(line.starts_with("transition,control,6,"), "{line}");
    assert!(line.ends_with(",60"), "{line}");
    assert!(line.contains(",48,"), "{line}");
    let cumulative = std::fs::read_to_string(out.join("net_value_cumulative.csv")).unwrap();
    assert_eq!(cumulative.lines().count(), 1 + 61 * 2);
    assert!(
        cumulative.contains("\n0,control,6,0,0,0,,,,,\n"),
        "{cumulative}"
    );
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"payback_months\": 48"));
    for name in ["success.csv", "break_even.csv", "net_value_cumulative.csv"] {
        assert!(
            manifest.contains(&format!("\"{name}\"")),
            "{name} not listed"
        );
    }
    std::fs::remove_dir_all(&out).ok();
}
