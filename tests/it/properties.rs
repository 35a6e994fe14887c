//! Property tests: any valid scenario, including the bounds of every range, runs without NaN
//! or infinity, keeps every state variable in its range and keeps the counts consistent.
//!
//! Scenarios are generated from the schema itself (`scenario_keys`, `PARAMETER_SPECS`): every
//! numeric key of the organisation, workforce groups, management, knowledge and environment,
//! every model parameter, shocks and interventions of every kind takes its minimum, its maximum
//! or a value in between, and the generated file must pass validation (so the generator
//! cannot drift from the schema unnoticed). Sizes are the exception: `teams` and `team_size`
//! take their lower bounds and `team_size` its upper bound (one team of 10,000), but not
//! 10^7 teams, which would make each case minutes long; March mode is capped at 2,000
//! individuals for the same reason.
//!
//! The engine's fast pass is also checked against the model's reference month, bit for bit,
//! on generated scenarios whose organisations cross the engine's chunk and block boundaries.
//!
//! Checked every month: no metric is infinite, none is NaN unless it may be empty, shares and
//! means lie in [0, 1] (knowledge K in [−1, 1]), flows are whole and non-negative;
//! headcount equals the filled slots (so headcount plus vacancies equals slots), moves by
//! exactly hires minus quits, quits never exceed the headcount and hires never exceed the
//! vacancies; the groups' headcounts add up; and every employee's and manager's state
//! variable is a number in [0, 1], beliefs stay within the dimensions.

use orgsim::engine::run_replication;
use orgsim::engine::simulation::Simulation;
use orgsim::model::metrics::{GroupRow, METRICS, Metric, MetricRow};
use orgsim::model::month::reference_month;
use orgsim::model::observe::Totals;
use orgsim::model::params::PARAMETER_SPECS;
use orgsim::model::state::{OrgState, flag};
use orgsim::scenario::schema::{INTERVENTION_KINDS, KeyInfo, ValueKind, scenario_keys};
use orgsim::scenario::{Scenario, load_str};
use proptest::prelude::*;
use proptest::strategy::BoxedStrategy;

/// The horizon of the social-mode cases.
const MONTHS: u32 = 36;

/// A TOML literal for a value of `kind`: its minimum, its maximum or a value in between.
fn literal(kind: ValueKind) -> BoxedStrategy<String> {
    match kind {
        ValueKind::Float { min, max } => prop_oneof![Just(min), Just(max), min..=max]
            .prop_map(|x| format!("{x:?}"))
            .boxed(),
        ValueKind::Int { min, max } => prop_oneof![Just(min), Just(max), min..=max]
            .prop_map(|i| i.to_string())
            .boxed(),
        ValueKind::Choice(names) => proptest::sample::select(names.to_vec())
            .prop_map(|n| format!("{n:?}"))
            .boxed(),
        ValueKind::Bool => any::<bool>().prop_map(|b| b.to_string()).boxed(),
        ValueKind::Str => Just("\"x\"".to_string()).boxed(),
    }
}

/// `key = value` lines for the keys of `table` (and intervention `kind`) except `skip`.
fn table_lines(
    table: &'static str,
    kind: Option<&'static str>,
    skip: &'static [&'static str],
) -> BoxedStrategy<Vec<String>> {
    let keys: Vec<KeyInfo> = scenario_keys()
        .filter(|k| k.table == table && k.kind == kind && !skip.contains(&k.name))
        .collect();
    keys.into_iter()
        .map(|k| literal(k.value).prop_map(move |v| format!("{} = {v}", k.name)))
        .collect::<Vec<_>>()
        .boxed()
}

/// Every model parameter at its minimum, maximum or in between.
fn parameter_lines() -> BoxedStrategy<Vec<String>> {
    PARAMETER_SPECS
        .iter()
        .map(|spec| {
            literal(ValueKind::Float {
                min: spec.min,
                max: spec.max,
            })
            .prop_map(move |v| format!("{} = {v}", spec.name))
        })
        .collect::<Vec<_>>()
        .boxed()
}

/// One to three workforce groups with every key at its bounds or between, shares summing to
/// 1 (including shares of exactly 0 and 1).
fn workforce() -> BoxedStrategy<String> {
    let shares = prop_oneof![
        Just(vec![1.0]),
        Just(vec![0.0, 1.0]),
        (0.0f64..=1.0).prop_map(|x| vec![x, 1.0 - x]),
        (0.0f64..=0.5, 0.0f64..=0.5).prop_map(|(x, y)| vec![x, y, 1.0 - x - y]),
    ];
    shares
        .prop_flat_map(|shares| {
            let groups: Vec<_> = shares
                .iter()
                .map(|_| table_lines("workforce", None, &["name", "share"]))
                .collect();
            (Just(shares), groups)
        })
        .prop_map(|(shares, groups)| {
            let mut text = String::new();
            for (i, (share, lines)) in shares.iter().zip(groups).enumerate() {
                text.push_str(&format!(
                    "[[workforce]]\nname = \"g{i}\"\nshare = {share:?}\n{}\n",
                    lines.join("\n")
                ));
            }
            text
        })
        .boxed()
}

/// Up to two shocks, in the first or last month or between, of any severity.
fn shocks() -> BoxedStrategy<String> {
    let shock = (
        prop_oneof![Just(1), Just(MONTHS), 1..=MONTHS],
        table_lines("environment.shocks", None, &["month"]),
    )
        .prop_map(|(month, lines)| {
            format!(
                "[[environment.shocks]]\nmonth = {month}\n{}\n",
                lines.join("\n")
            )
        });
    proptest::collection::vec(shock, 0..=2)
        .prop_map(|s| s.concat())
        .boxed()
}

/// Up to four interventions of any kinds, starting at month 0, the horizon or between,
/// some with an end month, every kind-specific key at its bounds or between.
fn interventions() -> BoxedStrategy<String> {
    let one = proptest::sample::select(INTERVENTION_KINDS.to_vec())
        .prop_flat_map(|kind| {
            (
                Just(kind),
                prop_oneof![Just(0), Just(MONTHS), 0..=MONTHS],
                proptest::option::of(0u32..MONTHS),
                table_lines("interventions", Some(kind), &[]),
            )
        })
        .prop_map(|(kind, month, end, lines)| {
            let end = match end {
                Some(offset) if month < MONTHS => {
                    format!("end_month = {}\n", month + 1 + offset % (MONTHS - month))
                }
                _ => String::new(),
            };
            format!(
                "[[interventions]]\nkind = \"{kind}\"\nmonth = {month}\n{end}{}\n",
                lines.join("\n")
            )
        });
    proptest::collection::vec(one, 0..=4)
        .prop_map(|i| i.concat())
        .boxed()
}

/// Organisation shapes: the lower bounds, one team at the upper bound of `team_size`, and a
/// few ordinary ones.
fn organisation() -> BoxedStrategy<(u32, u32)> {
    prop_oneof![
        Just((1, 1)),
        Just((1, 10_000)),
        Just((8, 1)),
        Just((6, 10)),
        Just((3, 37)),
    ]
    .boxed()
}

/// Shapes that also cross the engine's boundaries: several chunks of sums (4,096 slots),
/// teams larger than a block of 128 slots, teams that do not fill whole groups of four.
fn organisation_across_boundaries() -> BoxedStrategy<(u32, u32)> {
    prop_oneof![
        Just((1, 1)),
        Just((8, 1)),
        Just((3, 37)),
        Just((2, 301)),
        Just((450, 10)),
        Just((5, 1000)),
        Just((700, 3)),
    ]
    .boxed()
}

/// A social-mode scenario file.
fn social_scenario() -> impl Strategy<Value = String> {
    social_scenario_shaped(organisation())
}

/// A social-mode scenario file with an organisation of one of `shapes` (teams, team size).
fn social_scenario_shaped(shapes: BoxedStrategy<(u32, u32)>) -> impl Strategy<Value = String> {
    (
        shapes,
        table_lines("organisation", None, &["teams", "team_size"]),
        table_lines("management", None, &[]),
        table_lines(
            "knowledge",
            None,
            &["mode", "individuals", "until_equilibrium"],
        ),
        table_lines("environment", None, &[]),
        (workforce(), shocks(), interventions(), parameter_lines()),
        0u64..1000,
    )
        .prop_map(
            |(
                (teams, size),
                org,
                mgmt,
                knowledge,
                env,
                (workforce, shocks, interventions, params),
                seed,
            )| {
                format!(
                    "months = {MONTHS}\nreplications = 1\nseed = {seed}\n\
                     [organisation]\nteams = {teams}\nteam_size = {size}\n{}\n\
                     [management]\n{}\n[knowledge]\nmode = \"social\"\n{}\n\
                     [environment]\n{}\n{shocks}{workforce}{interventions}[parameters]\n{}\n",
                    org.join("\n"),
                    mgmt.join("\n"),
                    knowledge.join("\n"),
                    env.join("\n"),
                    params.join("\n"),
                )
            },
        )
}

fn load(text: &str) -> Scenario {
    load_str("generated.toml", text, &[])
        .unwrap_or_else(|e| panic!("the generator made an invalid scenario:\n{e}\n\n{text}"))
}

/// Metrics that may be empty (written as an empty cell, as the README documents): agility
/// without market changes, retention before a month or without headcount, means over nobody
/// (an organisation with every slot vacant), and the attitude-quit correlations without
/// variation in the attitude or the quit probability.
fn may_be_empty(metric: Metric) -> bool {
    matches!(
        metric,
        Metric::Agility
            | Metric::Retention
            | Metric::Knowledge
            | Metric::Skill
            | Metric::Trust
            | Metric::Autonomy
            | Metric::Engagement
            | Metric::SdTrust
            | Metric::SdEngagement
            | Metric::CorrEngagementQuit
            | Metric::CorrTrustQuit
            | Metric::TechAdoption
    )
}

/// The checks on one month's row that need no state.
fn check_row(row: &MetricRow, month: u32, slots: f64) -> Result<(), TestCaseError> {
    for (i, spec) in METRICS.iter().enumerate() {
        let v = row[i];
        prop_assert!(!v.is_infinite(), "month {month}: {} is infinite", spec.name);
        prop_assert!(
            !v.is_nan() || may_be_empty(Metric::ALL[i]),
            "month {month}: {} is NaN",
            spec.name
        );
    }
    // Retention is 1 − (quits over 12 months) / (mean headcount): at most 1, but below 0 when
    // more than the mean headcount quits in a year (e.g. `annual_quit_rate` 0.99 with
    // `b_engagement` 20), as its definition says. Only its upper bound is a range.
    let retention = row[Metric::Retention as usize];
    prop_assert!(
        retention.is_nan() || retention <= 1.0,
        "month {month}: retention = {retention}"
    );
    for share in [
        Metric::Agility,
        Metric::Alignment,
        Metric::Knowledge,
        Metric::Skill,
        Metric::Trust,
        Metric::Autonomy,
        Metric::Engagement,
        Metric::ManagerStyle,
        Metric::TechAdoption,
    ] {
        let v = row[share as usize];
        prop_assert!(
            v.is_nan() || (0.0..=1.0).contains(&v),
            "month {month}: {} = {v}",
            share.name()
        );
    }
    let k = row[Metric::CodeKnowledge as usize];
    prop_assert!(
        (-1.0..=1.0).contains(&k),
        "month {month}: code_knowledge = {k}"
    );
    prop_assert!(row[Metric::Performance as usize] >= 0.0);
    for count in [
        Metric::Headcount,
        Metric::Quits,
        Metric::Hires,
        Metric::IdeasProposed,
        Metric::IdeasAccepted,
    ] {
        let v = row[count as usize];
        prop_assert!(
            v >= 0.0 && v.fract() == 0.0,
            "month {month}: {} = {v} is not a count",
            count.name()
        );
    }
    prop_assert!(row[Metric::IdeasAccepted as usize] <= row[Metric::IdeasProposed as usize]);
    prop_assert!(row[Metric::Headcount as usize] <= slots);
    Ok(())
}

/// Every state variable in range, and the number of filled slots.
fn check_state(sim: &Simulation, month: u32) -> Result<usize, TestCaseError> {
    let e = &sim.state.employees;
    let slots = sim.state.slots();
    let groups = sim.scenario.workforce.len();
    let mask = if sim.state.dimensions >= 64 {
        u64::MAX
    } else {
        (1u64 << sim.state.dimensions) - 1
    };
    let mut filled = 0;
    for i in (0..slots).filter(|&i| e.is_filled(i)) {
        filled += 1;
        for (name, v) in [
            ("skill", e.skill[i]),
            ("trust", e.trust[i]),
            ("engagement", e.engagement[i]),
            ("autonomy", e.autonomy[i]),
            ("desired autonomy", e.desired_autonomy[i]),
            ("voice", e.voice[i]),
        ] {
            prop_assert!(
                (0.0..=1.0).contains(&v),
                "month {month}, slot {i}: {name} = {v}"
            );
        }
        prop_assert!(
            (e.group[i] as usize) < groups,
            "slot {i}: group {}",
            e.group[i]
        );
        prop_assert_eq!(e.belief_positive[i] & !e.belief_known[i], 0);
        prop_assert_eq!(
            e.belief_known[i] & !mask,
            0,
            "beliefs beyond the dimensions"
        );
    }
    let m = &sim.state.managers;
    for t in 0..sim.state.teams() {
        for (name, v) in [
            ("style", m.style[t]),
            ("coaching skill", m.coaching_skill[t]),
            ("trust in team", m.trust_in_team[t]),
        ] {
            prop_assert!(
                (0.0..=1.0).contains(&v),
                "month {month}, manager {t}: {name} = {v}"
            );
        }
    }
    Ok(filled)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn any_valid_scenario_keeps_the_state_sane(text in social_scenario()) {
        let s = load(&text);
        let slots = s.slots();
        let mut sim = Simulation::new(&s, 0);
        let (initial, groups) = sim.observe_initial();
        check_row(&initial, 0, slots as f64)?;
        let mut headcount = initial[Metric::Headcount as usize];
        prop_assert_eq!(groups.iter().map(|g| g.headcount as f64).sum::<f64>(), headcount);
        prop_assert_eq!(check_state(&sim, 0)? as f64, headcount);
        for month in 1..=MONTHS {
            let (row, groups) = sim.step();
            let group_total: f64 = groups.iter().map(|g| g.headcount as f64).sum();
            for g in groups {
                prop_assert!(g.engagement.is_nan() || (0.0..=1.0).contains(&g.engagement));
                prop_assert!(g.retention.is_nan() || g.retention <= 1.0);
            }
            check_row(&row, month, slots as f64)?;
            let (now, quits, hires) = (
                row[Metric::Headcount as usize],
                row[Metric::Quits as usize],
                row[Metric::Hires as usize],
            );
            // Hires and quits add up, and neither exceeds what there was to lose or fill.
            prop_assert_eq!(now, headcount + hires - quits, "month {}", month);
            prop_assert!(quits <= headcount, "month {month}: {quits} quits of {headcount}");
            prop_assert!(hires <= slots as f64 - (headcount - quits), "month {month}: {hires} hires");
            prop_assert_eq!(group_total, now);
            // Headcount plus the vacant slots (counted from the state) is the slots.
            let filled = check_state(&sim, month)?;
            prop_assert_eq!(now + (slots - filled) as f64, slots as f64);
            headcount = now;
        }
    }
}

/// Everything a month leaves, as text that differs whenever a bit does (`{:?}` prints every
/// float exactly, −0 included).
fn month_record(row: &MetricRow, groups: &[GroupRow], totals: &Totals, state: &OrgState) -> String {
    let row_bits: Vec<u64> = row.iter().map(|v| v.to_bits()).collect();
    format!("{row_bits:?}\n{groups:?}\n{totals:?}\n{state:?}")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    /// The engine's fast pass (phases, four employees at a time) and the model's plain
    /// reference month agree bit for bit: every metric, group row, sum and state array, every
    /// month.
    #[test]
    fn the_fast_pass_equals_the_reference_month_bit_for_bit(
        text in social_scenario_shaped(organisation_across_boundaries())
    ) {
        let s = load(&text);
        let mut fast = Simulation::new(&s, 3);
        let mut reference = fast.state.clone();
        let mut reference_groups = Vec::new();
        for month in 1..=MONTHS {
            let (row, groups) = fast.step();
            let groups = groups.to_vec();
            let fast_record = month_record(&row, &groups, fast.totals(), &fast.state);
            let (reference_row, reference_totals) =
                reference_month(&mut reference, &s, 3, &mut reference_groups);
            let reference_record =
                month_record(&reference_row, &reference_groups, &reference_totals, &reference);
            if fast_record != reference_record {
                let line = fast_record
                    .lines()
                    .zip(reference_record.lines())
                    .position(|(a, b)| a != b);
                prop_assert!(
                    false,
                    "month {}: the fast pass and the reference month differ (line {:?}: \
                     0 metrics, 1 groups, 2 totals, 3 state)",
                    month,
                    line
                );
            }
        }
    }
}

/// Closed slots (an economy's organisation below its capacity) are never hired into, and the
/// fast pass still equals the reference month bit for bit with them.
#[test]
fn closed_slots_stay_empty_and_the_fast_pass_equals_the_reference_month() {
    let s = orgsim::scenario::default_scenario();
    let mut fast = Simulation::new(&s, 4);
    let team_size = fast.state.team_size;
    let first_closed = (fast.state.teams() - 3) * team_size;
    for f in &mut fast.state.employees.flags[first_closed..] {
        *f = flag::CLOSED;
    }
    // A vacancy among the open teams too, so hiring happens beside the closed slots.
    fast.state.employees.flags[0] = 0;
    let mut reference = fast.state.clone();
    let mut reference_groups = Vec::new();
    for month in 1..=MONTHS {
        let (row, groups) = fast.step();
        let groups = groups.to_vec();
        let fast_record = month_record(&row, &groups, fast.totals(), &fast.state);
        let (reference_row, reference_totals) =
            reference_month(&mut reference, &s, 4, &mut reference_groups);
        let reference_record = month_record(
            &reference_row,
            &reference_groups,
            &reference_totals,
            &reference,
        );
        assert!(fast_record == reference_record, "month {month} differs");
        assert!(
            fast.state.employees.flags[first_closed..]
                .iter()
                .all(|&f| f == flag::CLOSED),
            "month {month}: a closed slot was filled"
        );
    }
}

/// A March-mode scenario file: every knowledge key at its bounds or between (individuals
/// capped, see the module doc), with or without running to equilibrium.
fn march_scenario() -> impl Strategy<Value = String> {
    (
        table_lines(
            "knowledge",
            None,
            &["mode", "individuals", "until_equilibrium"],
        ),
        prop_oneof![Just(1u32), Just(2), Just(50), Just(2_000)],
        any::<bool>(),
        prop_oneof![Just(1u32), Just(40)],
        prop_oneof![Just(0.0f64), Just(1.0), 0.0f64..=1.0],
        0u64..1000,
    )
        .prop_map(
            |(knowledge, individuals, equilibrium, months, turbulence, seed)| {
                format!(
                    "months = {months}\nreplications = 1\nseed = {seed}\n\
                 [knowledge]\nmode = \"march1991\"\nindividuals = {individuals}\n\
                 until_equilibrium = {equilibrium}\n{}\n\
                 [environment]\nturbulence = {turbulence:?}\n",
                    knowledge.join("\n")
                )
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn any_valid_march_scenario_keeps_its_rows_sane(text in march_scenario()) {
        let s = load(&text);
        let n = s.knowledge.individuals as f64;
        let result = run_replication(&s, 0);
        prop_assert_eq!(result.months.len(), s.months as usize + 1);
        for (month, row) in result.months.iter().enumerate() {
            let k = row[Metric::CodeKnowledge as usize];
            prop_assert!((-1.0..=1.0).contains(&k), "month {month}: K = {k}");
            for share in [Metric::Alignment, Metric::Knowledge] {
                let v = row[share as usize];
                prop_assert!((0.0..=1.0).contains(&v), "month {month}: {} = {v}", share.name());
            }
            let agility = row[Metric::Agility as usize];
            prop_assert!(agility.is_nan() || (0.0..=1.0).contains(&agility));
            // The population is constant: every individual replaced is one hire and one quit.
            prop_assert_eq!(row[Metric::Headcount as usize], n);
            prop_assert_eq!(row[Metric::Quits as usize], row[Metric::Hires as usize]);
            prop_assert!(row[Metric::Quits as usize] <= n);
            prop_assert!(row.iter().all(|v| !v.is_infinite()));
        }
    }
}
