//! Scenario discovery: orgsim's PRIM against EMA Workbench's on a committed fixture
//! (`tests/fixtures/prim/`, made by its `make_fixture.py`), and `orgsim discover` on sweeps.

use orgsim::experiment::prim::{Column, Limit, PrimSettings, discover};
use serde_json::Value;

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/prim/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

/// Runs orgsim's PRIM on a fixture's data and checks every box EMA Workbench found: the whole
/// trajectory step by step (points, cases, restricted inputs and limits exactly; coverage,
/// density and mass to rounding), and the quasi-p-values of the box.
fn agrees_with_ema_workbench(name: &str) {
    let f = fixture(name);
    let columns: Vec<String> = f["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    let inputs: Vec<Column> = f["x"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| Column::Real(numbers(c)))
        .collect();
    let y: Vec<bool> = numbers(&f["y"]).iter().map(|&v| v == 1.0).collect();
    let found = discover(&inputs, &y, &PrimSettings::default()).unwrap();
    let theirs = f["boxes"].as_array().unwrap();
    let accepted: Vec<&Value> = theirs.iter().filter(|b| b["accepted"] == true).collect();
    assert_eq!(
        found.accepted().count(),
        accepted.len(),
        "{name}: number of boxes"
    );
    // EMA Workbench replaces a box that misses the threshold by a box of all remaining data:
    // orgsim keeps the rejected box (for its figure), so both stopped there.
    assert_eq!(
        found.boxes.len() > accepted.len(),
        theirs.len() > accepted.len(),
        "{name}: stopped on a rejected box"
    );
    for (b, (ours, theirs)) in found.accepted().zip(&accepted).enumerate() {
        let steps = theirs["trajectory"].as_array().unwrap();
        assert_eq!(ours.trajectory.len(), steps.len(), "{name} box {b}: steps");
        for (s, (o, t)) in ours.trajectory.iter().zip(steps).enumerate() {
            let at = format!("{name} box {b} step {s}");
            assert_eq!(
                o.points as u64,
                t["points"].as_u64().unwrap(),
                "{at}: points"
            );
            assert_eq!(o.cases as u64, t["cases"].as_u64().unwrap(), "{at}: cases");
            assert_eq!(
                o.restricted.len() as u64,
                t["restricted"].as_u64().unwrap(),
                "{at}: restricted"
            );
            for (key, theirs) in [
                ("coverage", o.coverage),
                ("density", o.density),
                ("mass", o.mass),
            ] {
                let want = t[key].as_f64().unwrap();
                assert!(
                    (theirs - want).abs() < 1e-12,
                    "{at}: {key} {theirs} vs {want}"
                );
            }
            for (j, c) in columns.iter().enumerate() {
                let want = numbers(&t["limits"][c]);
                let Limit::Real(lo, hi) = o.limits[j] else {
                    panic!("{at}: {c} is real")
                };
                assert_eq!([lo, hi], [want[0], want[1]], "{at}: limits of {c}");
            }
        }
        let want = &theirs["quasi_p"];
        let last = ours.last();
        let names: Vec<&str> = last
            .restricted
            .iter()
            .map(|&j| columns[j].as_str())
            .collect();
        let mut theirs_names: Vec<&str> = want
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        theirs_names.sort_unstable();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, theirs_names, "{name} box {b}: restricted inputs");
        for q in &ours.quasi_p {
            let t = numbers(&want[&columns[q.input]]);
            for (ours, theirs) in [(q.low, t[0]), (q.high, t[1])] {
                match ours {
                    None => assert_eq!(theirs, -1.0, "{name} box {b}: unrestricted limit"),
                    Some(p) => assert!(
                        (p - theirs).abs() <= 1e-9 + 1e-7 * theirs,
                        "{name} box {b} {}: quasi-p {p} vs {theirs}",
                        columns[q.input]
                    ),
                }
            }
        }
    }
}

#[test]
fn prim_agrees_with_ema_workbench_on_one_box() {
    agrees_with_ema_workbench("one_box.json");
}

#[test]
fn prim_agrees_with_ema_workbench_on_two_boxes() {
    agrees_with_ema_workbench("two_boxes.json");
}
