//! The cost metric by category: `programme_cost`, `hiring_cost`, `innovation_cost` and
//! `subsidy` add up to `cost` (programmes + hiring + innovation − subsidy) in every month of
//! every replication, each category is at work where its cause is, and the report shows the
//! cumulative costs by category in English and in Dutch.

use crate::common::{orgsim_ok, repo_path, run, temp_dir};
use orgsim::model::metrics::Metric;
use orgsim::scenario::load_str;

/// The transition scenario with a subsidy from month 12 and a costly technical innovation in
/// month 24.
fn costly_transition() -> orgsim::scenario::Scenario {
    let base = std::fs::read_to_string(repo_path("scenarios/transition.toml")).unwrap();
    let text = format!(
        "{base}\n[[interventions]]\nkind = \"external_support\"\nmonth = 12\nsubsidy_share = 0.4\n\n\
         [[interventions]]\nkind = \"technical_innovation\"\nmonth = 24\ngain = 0.1\n\
         implementation = \"participatory\"\ncost = 30.0\n"
    );
    load_str("costly_transition.toml", &text, &["replications=6".into()])
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_categories_add_up_to_cost_in_every_month_of_every_replication() {
    let results = run(&costly_transition());
    let (mut programme, mut hiring, mut innovation, mut subsidy) = (0.0, 0.0, 0.0, 0.0);
    for r in &results {
        for (month, row) in r.months.iter().enumerate() {
            let v = |m: Metric| row[m as usize];
            let sum = v(Metric::ProgrammeCost) + v(Metric::HiringCost) + v(Metric::InnovationCost)
                - v(Metric::Subsidy);
            let cost = v(Metric::Cost);
            assert!(
                (sum - cost).abs() <= 1e-9 * cost.abs().max(1.0),
                "replication {} month {month}: categories {sum} but cost {cost}",
                r.replication
            );
            programme += v(Metric::ProgrammeCost);
            hiring += v(Metric::HiringCost);
            innovation += v(Metric::InnovationCost);
            subsidy += v(Metric::Subsidy);
            // The subsidy is 40% of programme costs from month 12, nothing before.
            let expected = if month >= 12 { 0.4 } else { 0.0 };
            assert!((v(Metric::Subsidy) - expected * v(Metric::ProgrammeCost)).abs() < 1e-9);
            // The innovation's one-off cost falls in its month only.
            let one_off = if month == 24 { 30.0 } else { 0.0 };
            assert_eq!(v(Metric::InnovationCost), one_off, "month {month}");
        }
    }
    assert!(programme > 0.0 && hiring > 0.0 && innovation > 0.0 && subsidy > 0.0);
    assert!(subsidy < programme);
}

#[test]
fn the_report_shows_cumulative_costs_by_category_in_both_languages() {
    let dir = temp_dir("costs", "report");
    let out = dir.join("cmp");
    orgsim_ok(&[
        "compare",
        "scenarios/control.toml",
        "scenarios/transition.toml",
        "-n",
        "3",
        "-q",
        "--no-figures",
        "--out",
        out.to_str().unwrap(),
    ]);
    let en = std::fs::read_to_string(out.join("report.html")).unwrap();
    let table = &en[en.find("<table class=\"costs\">").expect("a costs table")..];
    let table = &table[..table.find("</table>").unwrap()];
    for words in [
        "Programmes",
        "Hiring",
        "Innovation",
        "Subsidies",
        "Total cost",
    ] {
        assert!(table.contains(words), "{words}");
    }
    assert!(table.contains(">control<") && table.contains(">transition<"));
    assert!(en.contains("Cumulative costs by category"));
    orgsim_ok(&["report", out.to_str().unwrap(), "-q", "--lang", "nl"]);
    let nl = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(nl.contains("Cumulatieve kosten per categorie"));
    for words in ["Programma's", "Werving", "Innovatie", "Totale kosten"] {
        assert!(nl.contains(words), "{words}");
    }
    assert!(!nl.contains("Total cost"));
    std::fs::remove_dir_all(&dir).ok();
}
