//! The economy's patterns (docs/VALIDATION.md, diffusion): adoption spreads in an S-shape,
//! faster in denser networks and with a support centre, as a concave curve without
//! imitation, and close to the mean-field Bass curve when everyone sees everyone; leavers
//! are hired in their region; better performers grow; results do not depend on the thread
//! count. Statistical over replications with fixed seeds.

use crate::common::economy::*;
use orgsim::experiment::economy::run_economy_replications;
use orgsim::model::economy::{EconomyReplication, Subsidy};
use orgsim::model::metrics::Metric;
use orgsim::scenario::Scenario;

/// Share of organisations that have ever adopted, per month (all sectors).
fn adoption_curve(rep: &EconomyReplication) -> Vec<f64> {
    rep.sectors
        .iter()
        .map(|month| {
            let ever: u32 = month.iter().map(|a| a.ever_adopted).sum();
            let orgs: u32 = month.iter().map(|a| a.organisations).sum();
            f64::from(ever) / f64::from(orgs.max(1))
        })
        .collect()
}

/// First month at which the adoption share reaches `level` (the horizon + 1 if never).
fn time_to(curve: &[f64], level: f64) -> f64 {
    curve
        .iter()
        .position(|&f| f >= level)
        .unwrap_or(curve.len()) as f64
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let v: Vec<f64> = values.collect();
    v.iter().sum::<f64>() / v.len() as f64
}

/// A one-sector, one-region economy of small firms with Bass-like rules.
fn bass_economy(p: f64, q: f64, delay: u32, density: f64, seed: u64) -> Scenario {
    let mut s = economy_scenario(
        300,
        &["default"],
        &[(0.5, density)],
        small_firms(),
        120,
        6,
        seed,
    );
    economy_mut(&mut s).adoption = bass_adoption(p, q, delay);
    s
}

/// Monthly increases of the adoption share, smoothed over 9 months (centred).
fn smoothed_increase(curve: &[f64]) -> Vec<f64> {
    let inc: Vec<f64> = curve.windows(2).map(|w| w[1] - w[0]).collect();
    (0..inc.len())
        .map(|i| {
            let (a, b) = (i.saturating_sub(4), (i + 5).min(inc.len()));
            inc[a..b].iter().sum::<f64>() / (b - a) as f64
        })
        .collect()
}

fn argmax(v: &[f64]) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        if x > v[best] {
            best = i;
        }
    }
    best
}

#[test]
fn adoption_is_s_shaped() {
    let reps = run_economy_replications(&bass_economy(0.002, 0.12, 3, 0.6, 11));
    let mut interior = 0;
    for rep in &reps {
        let curve = adoption_curve(rep);
        let peak = argmax(&smoothed_increase(&curve));
        eprintln!(
            "S-shape: increase peaks at month {peak}, share at 120 {:.3}",
            curve[120]
        );
        // The spread is fastest neither at the start nor at the horizon.
        if (12..108).contains(&peak) && curve[120] > 0.5 {
            interior += 1;
        }
    }
    assert!(
        interior >= reps.len() - 1,
        "monthly increase peaked in the interior in {interior} of {} replications",
        reps.len()
    );
}

#[test]
fn without_imitation_the_curve_is_concave() {
    let reps = run_economy_replications(&bass_economy(0.01, 0.0, 3, 0.6, 12));
    let first = mean(reps.iter().map(|r| {
        let c = adoption_curve(r);
        c[40] - c[0]
    }));
    let last = mean(reps.iter().map(|r| {
        let c = adoption_curve(r);
        c[120] - c[80]
    }));
    // Bass with q = 0: F(t) = 1 − (1 − p)^t; the share gained in months 1–40 is (1 − p)^−80
    // ≈ 2.2 times that of months 81–120.
    eprintln!("without imitation: share gained in months 1-40 {first:.3}, 81-120 {last:.3}");
    assert!(
        first > 1.5 * last,
        "first 40 months {first}, last 40 {last}"
    );
    let peaks_early = reps
        .iter()
        .filter(|r| argmax(&smoothed_increase(&adoption_curve(r))) < 30)
        .count();
    assert!(peaks_early >= reps.len() - 1, "{peaks_early}");
}

#[test]
fn the_bass_curve_is_a_reference_when_everyone_sees_everyone() {
    let (p, q) = (0.005, 0.08);
    let mut s = bass_economy(p, q, 0, 1.0, 13);
    economy_mut(&mut s).organisations = 1000;
    s.replications = 8;
    let reps = run_economy_replications(&s);
    // The mean-field Bass model in discrete time: F(t+1) = F(t) + (p + q F(t)) (1 − F(t)).
    let mut bass = vec![0.0];
    for t in 0..120 {
        let f: f64 = bass[t];
        bass.push(f + (p + q * f) * (1.0 - f));
    }
    let simulated: Vec<f64> = (0..=120)
        .map(|t| mean(reps.iter().map(|r| adoption_curve(r)[t])))
        .collect();
    let worst = (0..=120)
        .map(|t| (simulated[t] - bass[t]).abs())
        .fold(0.0, f64::max);
    // 1,000 firms and 8 replications: the mean share's SD is below 0.006 at every month; the
    // tolerance also allows for the self-exclusion of each firm's peers (a factor N/(N − 1))
    // and for a stochastic takeoff's lag behind the mean field in the steep part.
    assert!(worst < 0.03, "largest gap to the Bass curve {worst}");
}

#[test]
fn denser_networks_spread_faster() {
    let sparse = run_economy_replications(&bass_economy(0.002, 0.15, 3, 0.2, 14));
    let dense = run_economy_replications(&bass_economy(0.002, 0.15, 3, 0.9, 14));
    let t_sparse = mean(sparse.iter().map(|r| time_to(&adoption_curve(r), 0.5)));
    let t_dense = mean(dense.iter().map(|r| time_to(&adoption_curve(r), 0.5)));
    eprintln!("time to 50% adoption: density 0.9 {t_dense:.1} months, 0.2 {t_sparse:.1}");
    assert!(
        t_dense < 0.8 * t_sparse,
        "time to 50%: dense {t_dense}, sparse {t_sparse}"
    );
}

#[test]
fn a_support_centre_speeds_the_spread() {
    let without = bass_economy(0.002, 0.1, 6, 0.5, 15);
    let mut with = without.clone();
    economy_mut(&mut with).policy.centre = Some(centre());
    let t_without = mean(
        run_economy_replications(&without)
            .iter()
            .map(|r| time_to(&adoption_curve(r), 0.5)),
    );
    let t_with = mean(
        run_economy_replications(&with)
            .iter()
            .map(|r| time_to(&adoption_curve(r), 0.5)),
    );
    eprintln!("time to 50% adoption: with a centre {t_with:.1} months, without {t_without:.1}");
    assert!(
        t_with < 0.8 * t_without,
        "time to 50%: with a centre {t_with}, without {t_without}"
    );
}

#[test]
fn leavers_are_hired_in_their_region_and_the_pool_keeps_count() {
    let s = economy_scenario(
        200,
        &["healthcare", "manufacturing"],
        &[(0.6, 0.2), (0.4, 0.1)],
        small_firms(),
        60,
        2,
        16,
    );
    let reps = run_economy_replications(&s);
    for rep in &reps {
        let hires: u32 = rep
            .regions
            .iter()
            .flatten()
            .map(|a| a.hires_from_pool)
            .sum();
        assert!(hires > 0, "nobody was hired from a pool");
        for r in 0..2 {
            for t in 1..rep.regions.len() {
                let (before, now) = (&rep.regions[t - 1][r], &rep.regions[t][r]);
                assert_eq!(
                    now.labour_pool + now.hires_from_pool + now.pool_outflow,
                    before.labour_pool + now.pool_joins,
                    "region {r}, month {t}: the pool gains joiners and loses hires and outflow"
                );
            }
        }
    }
}

#[test]
fn leavers_who_leave_their_region_join_another_regions_pool() {
    let base = economy_scenario(
        200,
        &["healthcare", "manufacturing"],
        &[(0.6, 0.2), (0.4, 0.1)],
        small_firms(),
        36,
        2,
        18,
    );
    let moves = |stay: f64, share: f64| {
        let mut s = base.clone();
        let e = economy_mut(&mut s);
        e.labour.stay_in_region = stay;
        e.labour.move_share = share;
        let reps = run_economy_replications(&s);
        let mut total = 0;
        for rep in &reps {
            for month in &rep.regions {
                // With two regions every mover leaves one and arrives in the other.
                assert_eq!(month[0].moved_out, month[1].moved_in);
                assert_eq!(month[1].moved_out, month[0].moved_in);
                assert!(month[0].moved_in <= month[0].pool_joins);
                total += month[0].moved_out + month[1].moved_out;
            }
        }
        total
    };
    let everyone_moves = moves(0.0, 1.0);
    assert!(everyone_moves > 0, "nobody moved between regions");
    assert_eq!(moves(0.0, 0.0), 0, "moves with move_share 0");
    assert_eq!(
        moves(1.0, 1.0),
        0,
        "moves when every leaver stays in the region"
    );
}

#[test]
fn better_performers_grow_relative_to_worse() {
    let mut s = economy_scenario(300, &["default"], &[(0.5, 0.3)], small_firms(), 96, 4, 17);
    let e = economy_mut(&mut s);
    e.per_organisation = true;
    e.growth.performance_elasticity = 0.2;
    e.growth.headroom = 2.0;
    e.adoption.innovation = 0.0;
    e.adoption.gap_weight = 0.0;
    let reps = run_economy_replications(&s);
    let mut ratios = Vec::new();
    for rep in &reps {
        let n = rep.organisations[0].len();
        // Performance over the first year ranks the firms (later months would mix in the
        // vacancies growth itself opens).
        let mut perf = vec![0.0; n];
        for month in &rep.organisations[1..=12] {
            for row in month {
                perf[row.organisation as usize] += row.performance;
            }
        }
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| perf[a].total_cmp(&perf[b]));
        let last = rep.organisations.len() - 1;
        let growth = |k: usize| {
            f64::from(rep.organisations[last][k].employees)
                / f64::from(rep.organisations[0][k].employees.max(1))
        };
        let worse = mean(order[..n / 2].iter().map(|&k| growth(k)));
        let better = mean(order[n / 2..].iter().map(|&k| growth(k)));
        ratios.push(better / worse);
    }
    eprintln!("growth of the better half over the worse half's: {ratios:?}");
    let grew_more = ratios.iter().filter(|&&r| r > 1.02).count();
    assert!(
        grew_more >= reps.len() - 1,
        "growth of the better half over the worse half's, per replication: {ratios:?}"
    );
}

#[test]
fn one_and_two_threads_give_identical_economies() {
    let mut s = economy_scenario(
        120,
        &["healthcare", "ict_services"],
        &[(0.6, 0.3), (0.4, 0.2)],
        small_firms(),
        36,
        2,
        18,
    );
    economy_mut(&mut s).per_organisation = true;
    economy_mut(&mut s).adoption.innovation = 0.02;
    assert_eq!(economy_on_threads(&s, 1), economy_on_threads(&s, 2));
}

#[test]
fn an_economy_runs_through_run_one_as_its_aggregate() {
    let s = economy_scenario(50, &["default"], &[(0.5, 0.3)], small_firms(), 12, 1, 19);
    let one = orgsim::experiment::run_one(&s, 0);
    let full = &run_economy_replications(&s)[0].aggregate;
    assert_eq!(format!("{one:?}"), format!("{full:?}"));
    assert_eq!(one.months.len(), 13);
    let headcount = one.months[12][orgsim::model::metrics::Metric::Headcount as usize];
    assert!(headcount > 50.0 * 10.0 * 0.5, "{headcount}");
}

#[test]
fn adopters_run_the_programme_their_managers_move_to_coaching() {
    let mut with = economy_scenario(
        100,
        &["manufacturing"],
        &[(0.5, 0.3)],
        small_firms(),
        48,
        2,
        20,
    );
    economy_mut(&mut with).adoption = bass_adoption(0.05, 0.0, 0);
    let mut without = with.clone();
    economy_mut(&mut without).adoption = bass_adoption(0.0, 0.0, 0);
    let style = |s: &Scenario| {
        mean(
            run_economy_replications(s)
                .iter()
                .map(|r| r.aggregate.months[48][Metric::ManagerStyle as usize]),
        )
    };
    let (adopting, not) = (style(&with), style(&without));
    eprintln!("manager style at month 48: adopting {adopting:.3}, not {not:.3}");
    assert!(
        adopting > not + 0.05,
        "manager style: adopting {adopting}, not {not}"
    );
}

#[test]
fn a_subsidy_pays_until_its_budget_is_spent() {
    let mut s = economy_scenario(100, &["default"], &[(0.5, 0.3)], small_firms(), 36, 1, 21);
    let e = economy_mut(&mut s);
    e.adoption = bass_adoption(0.05, 0.0, 0);
    e.policy.subsidy = Some(Subsidy {
        from_month: 0,
        share: 0.5,
        budget: Some(100.0),
    });
    let rep = &run_economy_replications(&s)[0];
    let paid: f64 = rep.sectors.iter().flatten().map(|a| a.subsidy_paid).sum();
    let spent: f64 = rep
        .sectors
        .iter()
        .flatten()
        .map(|a| a.programme_spending)
        .sum();
    assert!(spent > 400.0, "programme spending {spent}");
    assert!((paid - 100.0).abs() < 1e-9, "subsidy paid {paid}");
    let last = rep.sectors.last().expect("months");
    assert_eq!(
        last[0].subsidy_paid, 0.0,
        "the budget ran out before the horizon"
    );
}
