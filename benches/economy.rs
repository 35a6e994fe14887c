//! One replication of an economy of 1,000 organisations of about 200 employees on average
//! (Pareto shape 1.1 from 60 to 2,000 employees: mean 199) over 120 months, timed; run by
//! `benches/economy.sh` under `/usr/bin/time -v` on a given number of threads. Prints the
//! wall time and the employee-months stepped per second. Not a test: nothing is asserted.

#[path = "../tests/common/economy.rs"]
mod economy;

use economy::{economy_mut, economy_scenario, mean_200_firms};
use orgsim::experiment::economy::run_economy_replications;
use std::time::Instant;

fn main() {
    let organisations: u32 = std::env::var("ECONOMY_ORGANISATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let months: u32 = std::env::var("ECONOMY_MONTHS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(120);
    let mut s = economy_scenario(
        organisations,
        &["healthcare", "manufacturing", "ict_services", "default"],
        &[(0.7, 0.2), (0.5, 0.1), (0.4, 0.1)],
        mean_200_firms(),
        months,
        1,
        42,
    );
    economy_mut(&mut s).adoption.imitation = 0.1;
    let start = Instant::now();
    let reps = run_economy_replications(&s);
    let seconds = start.elapsed().as_secs_f64();
    let rep = &reps[0];
    let employment = |t: usize| -> u32 { rep.sectors[t].iter().map(|a| a.employment).sum() };
    let employee_months: f64 = (1..rep.sectors.len())
        .map(|t| f64::from(employment(t)))
        .sum();
    let adopters: u32 = rep.sectors[months as usize]
        .iter()
        .map(|a| a.ever_adopted)
        .sum();
    let out = format!(
        "economy: {organisations} organisations, {months} months, {} threads\n\
         employment month 0: {}, month {months}: {}; ever adopted at the horizon: {adopters}\n\
         wall time {seconds:.2} s, {:.1} million employee-months per second\n",
        rayon::current_num_threads(),
        employment(0),
        employment(months as usize),
        employee_months / seconds / 1e6,
    );
    use std::io::Write;
    std::io::stdout().write_all(out.as_bytes()).expect("stdout");
}
