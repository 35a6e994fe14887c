//! Observation: per-month totals gathered during a step, turned into the metrics of docs/ODD.md
//! section 7.12, and shock recovery computed from a finished performance series.
//!
//! Owns `Totals` (sums and counts that merge exactly, in a fixed order) and the functions that
//! turn them into a `MetricRow`. Does not decide what to write or where (see `crate::output`).

use super::beliefs::ActionTally;
use super::metrics::{GroupRow, METRIC_COUNT, Metric, MetricRow, ShockRecovery};
use super::state::{MAX_GROUPS, NEVER_CHANGED, OrgState, WINDOW_MONTHS};

/// Per-group sums for one month.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct GroupTotals {
    /// Employees who worked this month.
    pub workers: u32,
    pub engagement: f64,
    pub quits: u32,
    /// Employees at the end of the month.
    pub headcount: u32,
}

/// Sums over a range of slots for one month. Float sums are merged in chunk order only.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Totals {
    pub output: f64,
    pub workers: u32,
    pub skill: f64,
    pub trust: f64,
    pub autonomy: f64,
    pub engagement: f64,
    pub alignment: f64,
    /// Sums for the individual-level SDs and correlations: Στ², Σe², Σq, Σe·q, Στ·q, with q
    /// the employee's one-year quit probability at this month's hazard.
    pub trust_squared: f64,
    pub engagement_squared: f64,
    pub one_year_quit: f64,
    pub engagement_quit: f64,
    pub trust_quit: f64,
    pub adopters: u32,
    pub managers: u32,
    pub manager_style: f64,
    pub programme_cost: f64,
    pub quits: u32,
    pub hires: u32,
    pub headcount: u32,
    pub ideas_proposed: u32,
    pub ideas_accepted: u32,
    pub groups: [GroupTotals; MAX_GROUPS],
    /// Actions of the superior group (code learning).
    pub superior: ActionTally,
}

/// One working employee's values of the month, as they enter the month's sums.
#[derive(Clone, Copy, Debug)]
pub struct WorkerMonth {
    pub group: usize,
    pub output: f64,
    pub skill: f64,
    pub trust: f64,
    pub autonomy: f64,
    pub engagement: f64,
    pub alignment: f64,
    /// Probability of quitting within a year at this month's hazard, 1 − exp(−12·λ).
    pub one_year_quit: f64,
}

impl Totals {
    pub fn clear(&mut self) {
        *self = Totals::default();
    }

    /// Adds an employee who worked this month (whether or not they quit at its end).
    #[inline(always)]
    pub fn add_worker(&mut self, w: &WorkerMonth) {
        self.output += w.output;
        self.workers += 1;
        self.skill += w.skill;
        self.trust += w.trust;
        self.autonomy += w.autonomy;
        self.engagement += w.engagement;
        self.alignment += w.alignment;
        self.trust_squared += w.trust * w.trust;
        self.engagement_squared += w.engagement * w.engagement;
        self.one_year_quit += w.one_year_quit;
        self.engagement_quit += w.engagement * w.one_year_quit;
        self.trust_quit += w.trust * w.one_year_quit;
        self.groups[w.group].workers += 1;
        self.groups[w.group].engagement += w.engagement;
    }

    /// Counts an employee of `group` in the headcount at the end of the month.
    #[inline(always)]
    pub fn add_headcount(&mut self, group: usize) {
        self.headcount += 1;
        self.groups[group].headcount += 1;
    }

    /// Counts a hire into `group` (also in the headcount).
    #[inline(always)]
    pub fn add_hire(&mut self, group: usize) {
        self.hires += 1;
        self.add_headcount(group);
    }

    /// Counts a quit from `group`.
    #[inline(always)]
    pub fn add_quit(&mut self, group: usize) {
        self.quits += 1;
        self.groups[group].quits += 1;
    }

    pub fn merge(&mut self, other: &Totals) {
        self.output += other.output;
        self.workers += other.workers;
        self.skill += other.skill;
        self.trust += other.trust;
        self.autonomy += other.autonomy;
        self.engagement += other.engagement;
        self.alignment += other.alignment;
        self.trust_squared += other.trust_squared;
        self.engagement_squared += other.engagement_squared;
        self.one_year_quit += other.one_year_quit;
        self.engagement_quit += other.engagement_quit;
        self.trust_quit += other.trust_quit;
        self.adopters += other.adopters;
        self.managers += other.managers;
        self.manager_style += other.manager_style;
        self.programme_cost += other.programme_cost;
        self.quits += other.quits;
        self.hires += other.hires;
        self.headcount += other.headcount;
        self.ideas_proposed += other.ideas_proposed;
        self.ideas_accepted += other.ideas_accepted;
        for (a, b) in self.groups.iter_mut().zip(other.groups.iter()) {
            a.workers += b.workers;
            a.engagement += b.engagement;
            a.quits += b.quits;
            a.headcount += b.headcount;
        }
        self.superior.merge(&other.superior);
    }
}

/// Organisation-level values a month's metrics need besides the totals.
#[derive(Clone, Copy, Debug)]
pub struct MonthContext {
    pub slots: usize,
    /// Costs besides programme costs: action learning, hiring, one-off innovation costs.
    pub other_cost: f64,
    /// `other_cost` by category, before subsidies: action learning, hiring, innovation.
    pub other_costs: OtherCosts,
    pub subsidy_share: f64,
    pub output_value: f64,
    pub innovation_active: bool,
}

/// The parts of [`MonthContext::other_cost`], each before subsidies.
#[derive(Clone, Copy, Debug, Default)]
pub struct OtherCosts {
    pub action_learning: f64,
    pub hiring: f64,
    pub innovation: f64,
}

fn mean(sum: f64, n: u32) -> f64 {
    if n == 0 { f64::NAN } else { sum / n as f64 }
}

/// Population SD across workers from Σx and Σx² (NaN without workers).
fn sd(sum: f64, sum_squared: f64, n: u32) -> f64 {
    if n == 0 {
        return f64::NAN;
    }
    let m = mean(sum, n);
    (mean(sum_squared, n) - m * m).max(0.0).sqrt()
}

/// Model-implied correlation of an attitude x with quitting within a year, Corr(x, Q) =
/// Cov(x, q)/(sd_x·sqrt(q̄(1 − q̄))), from Σx, Σx², Σq and Σx·q over the workers, with q the
/// one-year quit probability at this month's hazard and Q ~ Bernoulli(q): the correlation a
/// one-year follow-up of today's staff would show if attitudes held where they are. NaN
/// without workers or variation (an SD of x below 1e−6, on its 0–1 scale, is rounding).
fn attitude_quit_correlation(sum: f64, sum_squared: f64, sum_q: f64, sum_xq: f64, n: u32) -> f64 {
    let (mx, mq) = (mean(sum, n), mean(sum_q, n));
    let covariance = mean(sum_xq, n) - mx * mq;
    let sd_x = sd(sum, sum_squared, n);
    let scale = sd_x * (mq * (1.0 - mq)).sqrt();
    if sd_x > 1e-6 && scale > 0.0 {
        covariance / scale
    } else {
        f64::NAN
    }
}

/// Share of the reality changes in the last 12 months that the code matches now
/// (NaN when nothing changed in the window).
pub fn agility(state: &OrgState) -> f64 {
    let mut changed = 0u32;
    let mut matched = 0u32;
    let correct = state.code.known & !(state.code.positive ^ state.reality);
    for d in 0..state.dimensions as usize {
        let last = state.last_change[d];
        if last != NEVER_CHANGED && (state.month as i64) < last as i64 + WINDOW_MONTHS as i64 {
            changed += 1;
            matched += (correct >> d & 1) as u32;
        }
    }
    if changed == 0 {
        f64::NAN
    } else {
        matched as f64 / changed as f64
    }
}

/// The month's metrics. `state` is after the step (its retention windows include the month).
pub fn metric_row(state: &OrgState, totals: &Totals, context: &MonthContext) -> MetricRow {
    let mut row = [f64::NAN; METRIC_COUNT];
    let code_knowledge = state.code.knowledge(state.reality, state.dimensions);
    let cost = totals.programme_cost * (1.0 - context.subsidy_share) + context.other_cost;
    let set = |row: &mut MetricRow, m: Metric, v: f64| row[m as usize] = v;
    set(
        &mut row,
        Metric::Performance,
        totals.output / context.slots as f64,
    );
    set(&mut row, Metric::Agility, agility(state));
    set(&mut row, Metric::Retention, state.retention.retention());
    set(
        &mut row,
        Metric::Alignment,
        state.code.alignment(state.reality, state.dimensions),
    );
    set(&mut row, Metric::CodeKnowledge, code_knowledge);
    set(
        &mut row,
        Metric::Knowledge,
        mean(totals.alignment, totals.workers),
    );
    set(&mut row, Metric::Skill, mean(totals.skill, totals.workers));
    set(&mut row, Metric::Trust, mean(totals.trust, totals.workers));
    set(
        &mut row,
        Metric::Autonomy,
        mean(totals.autonomy, totals.workers),
    );
    set(
        &mut row,
        Metric::Engagement,
        mean(totals.engagement, totals.workers),
    );
    let n = totals.workers;
    set(
        &mut row,
        Metric::SdTrust,
        sd(totals.trust, totals.trust_squared, n),
    );
    set(
        &mut row,
        Metric::SdEngagement,
        sd(totals.engagement, totals.engagement_squared, n),
    );
    set(
        &mut row,
        Metric::CorrEngagementQuit,
        attitude_quit_correlation(
            totals.engagement,
            totals.engagement_squared,
            totals.one_year_quit,
            totals.engagement_quit,
            n,
        ),
    );
    set(
        &mut row,
        Metric::CorrTrustQuit,
        attitude_quit_correlation(
            totals.trust,
            totals.trust_squared,
            totals.one_year_quit,
            totals.trust_quit,
            n,
        ),
    );
    set(
        &mut row,
        Metric::ManagerStyle,
        mean(totals.manager_style, totals.managers),
    );
    set(&mut row, Metric::Headcount, totals.headcount as f64);
    set(&mut row, Metric::Quits, totals.quits as f64);
    set(&mut row, Metric::Hires, totals.hires as f64);
    set(
        &mut row,
        Metric::IdeasProposed,
        totals.ideas_proposed as f64,
    );
    set(
        &mut row,
        Metric::IdeasAccepted,
        totals.ideas_accepted as f64,
    );
    let adoption = if context.innovation_active {
        mean(totals.adopters as f64, totals.workers)
    } else {
        0.0
    };
    set(&mut row, Metric::TechAdoption, adoption);
    set(&mut row, Metric::Cost, cost);
    // The cost by category (`cost` itself keeps its own sum, so it stays bit for bit what it
    // was; the categories add up to it up to rounding).
    let parts = &context.other_costs;
    let programme = totals.programme_cost + parts.action_learning;
    set(&mut row, Metric::ProgrammeCost, programme);
    set(&mut row, Metric::HiringCost, parts.hiring);
    set(&mut row, Metric::InnovationCost, parts.innovation);
    set(&mut row, Metric::Subsidy, programme * context.subsidy_share);
    set(
        &mut row,
        Metric::NetValue,
        context.output_value * totals.output - cost,
    );
    row
}

/// Per-group rows for the month (`groups` workforce groups).
pub fn group_rows(state: &OrgState, totals: &Totals, groups: usize, out: &mut Vec<GroupRow>) {
    out.clear();
    for g in 0..groups {
        let t = &totals.groups[g];
        out.push(GroupRow {
            headcount: t.headcount,
            engagement: mean(t.engagement, t.workers),
            retention: state.group_retention[g].retention(),
        });
    }
}

/// Recovery after each shock: months from the shock until performance is back at 95% of its
/// level in the month before the shock. `performance[i]` is month i.
pub fn shock_recoveries(
    performance: &[f64],
    shocks: impl Iterator<Item = (u32, f64)>,
) -> Vec<ShockRecovery> {
    shocks
        .filter(|&(month, _)| month >= 1 && (month as usize) < performance.len())
        .map(|(shock_month, severity)| {
            let baseline = performance[shock_month as usize - 1];
            let recovery_months = performance[shock_month as usize..]
                .iter()
                .position(|&p| p >= 0.95 * baseline)
                .map(|i| i as u32);
            ShockRecovery {
                shock_month,
                severity,
                baseline_performance: baseline,
                recovery_months,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_counts_months_back_to_ninety_five_percent() {
        let perf = [1.0, 1.0, 1.0, 0.8, 0.9, 0.96, 1.0];
        let r = shock_recoveries(&perf, [(3, 0.3)].into_iter());
        assert_eq!(r[0].recovery_months, Some(2));
        assert_eq!(r[0].baseline_performance, 1.0);
        let never = shock_recoveries(&[1.0, 1.0, 0.5, 0.5], [(2, 0.5)].into_iter());
        assert_eq!(never[0].recovery_months, None);
        let untouched = shock_recoveries(&[1.0, 1.0, 0.99], [(2, 0.1)].into_iter());
        assert_eq!(untouched[0].recovery_months, Some(0));
    }

    #[test]
    fn sds_and_attitude_quit_correlations_follow_their_definitions() {
        // Engagement falls and the one-year quit probability rises across five workers.
        let workers = [(0.9, 0.05), (0.7, 0.08), (0.5, 0.1), (0.4, 0.2), (0.2, 0.3)];
        let mut t = Totals::default();
        for &(x, q) in &workers {
            t.add_worker(&WorkerMonth {
                group: 0,
                output: 0.0,
                skill: 0.5,
                trust: 0.5,
                autonomy: 0.2,
                engagement: x,
                alignment: 0.5,
                one_year_quit: q,
            });
        }
        let n = workers.len() as f64;
        let mx = workers.iter().map(|w| w.0).sum::<f64>() / n;
        let mq = workers.iter().map(|w| w.1).sum::<f64>() / n;
        let sx = (workers.iter().map(|w| (w.0 - mx).powi(2)).sum::<f64>() / n).sqrt();
        let cov = workers.iter().map(|w| (w.0 - mx) * (w.1 - mq)).sum::<f64>() / n;
        let expected = cov / (sx * (mq * (1.0 - mq)).sqrt());
        let sd_e = sd(t.engagement, t.engagement_squared, t.workers);
        let corr = attitude_quit_correlation(
            t.engagement,
            t.engagement_squared,
            t.one_year_quit,
            t.engagement_quit,
            t.workers,
        );
        assert!((sd_e - sx).abs() < 1e-12, "{sd_e} vs {sx}");
        assert!(
            (corr - expected).abs() < 1e-12 && corr < 0.0,
            "{corr} vs {expected}"
        );
        // Everyone's trust is the same: no variation, no correlation.
        let flat = attitude_quit_correlation(
            t.trust,
            t.trust_squared,
            t.one_year_quit,
            t.trust_quit,
            t.workers,
        );
        assert!(flat.is_nan(), "{flat}");
        assert!(sd(0.0, 0.0, 0).is_nan());
    }

    #[test]
    fn merging_totals_adds_counts_and_sums() {
        let mut a = Totals {
            workers: 2,
            skill: 1.0,
            ..Totals::default()
        };
        a.groups[1].quits = 1;
        let b = Totals {
            workers: 3,
            skill: 0.5,
            ..a.clone()
        };
        a.merge(&b);
        assert_eq!((a.workers, a.skill, a.groups[1].quits), (5, 1.5, 2));
    }
}
