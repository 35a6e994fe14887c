use orgsim::engine::devscenario::dev_scenario;
use orgsim::experiment::run_replications;
use orgsim::model::metrics::{METRICS, ReplicationResult};
use orgsim::scenario::*;

fn show(label: &str, res: &[ReplicationResult]) {
    let months = res[0].months.len();
    println!("== {label}");
    let names = ["performance", "agility", "retention", "alignment", "knowledge", "skill", "trust", "autonomy", "engagement", "manager_style", "quits", "ideas_accepted", "tech_adoption"];
    print!("{:>5}", "m");
    for n in names { print!(" {:>8}", &n[..n.len().min(8)]); }
    println!();
    for m in (0..months).step_by(6) {
        print!("{m:>5}");
        for n in names {
            let idx = METRICS.iter().position(|s| s.name == n).unwrap();
            let vals: Vec<f64> = res.iter().map(|r| r.months[m][idx]).filter(|v| !v.is_nan()).collect();
            let mean = vals.iter().sum::<f64>() / vals.len().max(1) as f64;
            print!(" {:>8.4}", mean);
        }
        println!();
    }
    let quits: f64 = res.iter().map(|r| r.months[1..].iter().map(|row| row[12]).sum::<f64>()).sum::<f64>() / res.len() as f64;
    let hc: f64 = res.iter().map(|r| r.months[1..].iter().map(|row| row[11]).sum::<f64>()).sum::<f64>() / res.len() as f64;
    println!("annual turnover ≈ {:.3}", quits / hc * 12.0);
}

#[test]
#[ignore]
fn explore() {
    let base = dev_scenario();
    let mut control = base.clone();
    control.management.style_mean = 0.05; control.management.style_sd = 0.05;
    control.environment.shocks.clear();
    show("control", &run_replications(&control));
    let mut coaching = control.clone();
    coaching.management.style_mean = 0.9; coaching.management.coaching_skill_mean = 0.7;
    show("coaching", &run_replications(&coaching));
    let mut transition = control.clone();
    transition.interventions = vec![
        Intervention { month: 6, end_month: None, kind: InterventionKind::CoachingProgramme { target_style: 0.85, ramp_months: 12, share_of_managers: 1.0, cost_per_manager_month: 1.0, time_share: 0.05 } },
        Intervention { month: 6, end_month: Some(30), kind: InterventionKind::ActionLearning { hours_per_month: 8.0, cost_per_employee_month: 0.05 } },
        Intervention { month: 6, end_month: None, kind: InterventionKind::IdeaTime { share: 0.05 } },
    ];
    show("transition", &run_replications(&transition));
    show("default (shock 36)", &run_replications(&base));
}

fn correlation(xs: &[f64], ys: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let mx = xs.iter().sum::<f64>() / n;
    let my = ys.iter().sum::<f64>() / n;
    let cov: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let vx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    let vy: f64 = ys.iter().map(|y| (y - my).powi(2)).sum();
    cov / (vx * vy).sqrt()
}

#[test]
#[ignore]
fn explore_correlation() {
    use orgsim::engine::simulation::Simulation;
    let mut s = dev_scenario();
    s.management.style_mean = 0.05; s.management.style_sd = 0.05;
    s.environment.shocks.clear();
    s.organisation.teams = 200;
    let (mut es, mut ts, mut qs) = (vec![], vec![], vec![]);
    let mut quits = 0.0; let mut hc = 0.0;
    for rep in 0..10 {
        let mut sim = Simulation::new(&s, rep);
        for _ in 0..24 { sim.step(); }
        let snap = sim.state.clone();
        for _ in 0..12 { let (row, _) = sim.step(); quits += row[12]; hc += row[11]; }
        for i in 0..snap.slots() {
            if !snap.employees.is_filled(i) { continue; }
            let stayed = sim.state.employees.is_filled(i) && sim.state.employees.tenure_months[i] == snap.employees.tenure_months[i] + 12;
            es.push(snap.employees.engagement[i] as f64);
            ts.push(snap.employees.trust[i] as f64);
            qs.push(if stayed { 0.0 } else { 1.0 });
        }
    }
    println!("annual turnover {:.3}; corr(e, quit) {:.3}; corr(trust, quit) {:.3}", quits / hc * 12.0, correlation(&es, &qs), correlation(&ts, &qs));
    let sd = |v: &[f64]| { let m = v.iter().sum::<f64>() / v.len() as f64; (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / v.len() as f64).sqrt() };
    println!("sd e {:.3} sd trust {:.3}", sd(&es), sd(&ts));
}
