//! The observed quantities (docs/ODD.md section 7.12), declared once as data.
//!
//! Owns the list of metrics (name, unit, meaning) and the per-month record types that a run
//! produces. Output columns, summaries, `--metrics` selections and the docs come from `METRICS`.
//! Does not compute them (see `crate::model::observe`) or write them (see `crate::output`).

use serde::Serialize;

/// Declaration of one organisation-level metric.
#[derive(Clone, Copy, Debug)]
pub struct MetricSpec {
    pub name: &'static str,
    pub unit: &'static str,
    pub meaning: &'static str,
}

macro_rules! declare_metrics {
    ($( $variant:ident = $name:literal, $unit:literal, $meaning:literal; )*) => {
        /// Index of a metric in a `MetricRow`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(usize)]
        pub enum Metric { $( $variant, )* }

        /// Every metric, in column order.
        pub const METRICS: &[MetricSpec] = &[
            $( MetricSpec { name: $name, unit: $unit, meaning: $meaning }, )*
        ];

        impl Metric {
            pub const ALL: &'static [Metric] = &[ $( Metric::$variant, )* ];
            pub fn spec(self) -> &'static MetricSpec { &METRICS[self as usize] }
            pub fn name(self) -> &'static str { self.spec().name }
            /// The metric called `name`, if any.
            pub fn from_name(name: &str) -> Option<Metric> {
                Self::ALL.iter().copied().find(|m| m.name() == name)
            }
        }
    };
}

declare_metrics! {
    Performance = "performance", "output per slot", "total output / number of slots (vacant slots produce 0)";
    Agility = "agility", "share", "share of the market changes of the last 12 months that the code matches now (empty if none; before 12 months of history, of the changes so far)";
    Retention = "retention", "share", "1 - quits in the last 12 months / mean headcount over those months; before 12 months of history, the quits of the months so far scaled to a year";
    Alignment = "alignment", "share", "the code's expected share of correct actions, (1 + K)/2";
    CodeKnowledge = "code_knowledge", "K in [-1,1]", "the code's knowledge K = (matches - mismatches)/m (March 1991)";
    Knowledge = "knowledge", "share", "mean employee alignment (1 + K)/2";
    Skill = "skill", "0-1", "mean employee skill";
    Trust = "trust", "0-1", "mean employee trust in the manager";
    Autonomy = "autonomy", "0-1", "mean autonomy granted";
    Engagement = "engagement", "0-1", "mean employee engagement";
    SdTrust = "sd_trust", "0-1", "SD of trust across employees";
    SdEngagement = "sd_engagement", "0-1", "SD of engagement across employees";
    CorrEngagementQuit = "corr_engagement_quit", "correlation", "model-implied correlation of engagement with quitting within a year: what a one-year follow-up of today's staff would show if attitudes held (empty without variation)";
    CorrTrustQuit = "corr_trust_quit", "correlation", "model-implied correlation of trust with quitting within a year: what a one-year follow-up of today's staff would show if attitudes held (empty without variation)";
    ManagerStyle = "manager_style", "0=control 1=coaching", "mean manager style";
    Headcount = "headcount", "employees", "filled slots at the end of the month";
    Quits = "quits", "employees/month", "quits this month (attitude-driven and unrelated to attitudes)";
    Hires = "hires", "employees/month", "vacancies filled this month";
    IdeasProposed = "ideas_proposed", "ideas/month", "ideas employees tried this month";
    IdeasAccepted = "ideas_accepted", "ideas/month", "ideas managers accepted this month (their proposers keep them; the code learns them only from the superior group)";
    TechAdoption = "tech_adoption", "share", "share of employees who adopted the current technical innovation (0 if none)";
    Cost = "cost", "output units/month", "programme, hiring and innovation costs this month, net of subsidies";
    NetValue = "net_value", "output units/month", "value of total output minus cost";
    ProgrammeCost = "programme_cost", "output units/month", "cost of programmes this month before subsidies: coaching and other managers' programme time, action learning";
    HiringCost = "hiring_cost", "output units/month", "cost of this month's hires";
    InnovationCost = "innovation_cost", "output units/month", "one-off costs of technical innovations introduced this month";
    Subsidy = "subsidy", "output units/month", "the part of programme_cost paid by others (external support); cost = programme_cost + hiring_cost + innovation_cost - subsidy";
}

/// Number of metrics.
pub const METRIC_COUNT: usize = METRICS.len();

/// One month of every metric; `f64::NAN` marks an empty value (e.g. agility without changes).
pub type MetricRow = [f64; METRIC_COUNT];

/// One month of one workforce group.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct GroupRow {
    pub headcount: u32,
    pub engagement: f64,
    /// Same definition as the organisation's retention, within the group (NaN if no headcount).
    pub retention: f64,
}

/// Recovery after one scheduled shock.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ShockRecovery {
    pub shock_month: u32,
    pub severity: f64,
    /// Performance in the month before the shock.
    pub baseline_performance: f64,
    /// Months after the shock until performance is back at 95% of the baseline (None: never).
    pub recovery_months: Option<u32>,
}

/// Everything one replication produces.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplicationResult {
    pub replication: u32,
    /// Index i holds month i; month 0 is the initial state (flows such as quits are 0 there).
    pub months: Vec<MetricRow>,
    /// `groups[month_index][group]`.
    pub groups: Vec<Vec<GroupRow>>,
    pub events: Vec<ShockRecovery>,
}

/// Metrics are written by name (e.g. in a saved sweep plan).
impl Serialize for Metric {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Metric {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Metric::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown metric `{name}`")))
    }
}
