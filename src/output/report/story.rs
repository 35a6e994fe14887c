//! What the page tells a client in words: the data behind the plain-language summary, the
//! net value and pay-back section and the workforce groups table ([`Story`]), read from a
//! results folder (`success.csv`, `break_even.csv`, `net_value_cumulative.csv`, the `pct_`
//! columns of `comparison.csv`, and each run's `timeseries.csv` and `groups.csv`), and the
//! summary itself, generated from those numbers in English or Dutch.
//!
//! Every file here is optional: a folder written before these tables existed gets a page
//! without them, never an error. The definitions of the numbers are those of
//! `crate::experiment::success`.

use super::i18n::Lang;
use crate::experiment::success::Share;
use crate::ground::stats::{RunningStats, Statistic, Stats};
use crate::output::report::html::esc;
use crate::output::report::{ReportData, Results};
use crate::output::results_folder::{
    BREAK_EVEN_FILE, COMPARISON_FILE, CUMULATIVE_FILE, CsvTable, GROUPS_FILE, SUCCESS_FILE,
    TIMESERIES_FILE, parse_cell,
};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

/// One row of `success.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct SuccessLine {
    pub outcome: String,
    pub scenario: String,
    pub better: Share,
    /// Percentage change of the mean with its interval.
    pub percent: Stats,
}

/// One row of `break_even.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct BreakEvenLine {
    pub scenario: String,
    pub n: u64,
    pub broke_even: u64,
    pub median: f64,
    pub p5: f64,
    pub p95: f64,
    pub never: Share,
    pub within_months: u32,
    pub within: Share,
}

/// A series by month: (month, mean, ci_low, ci_high).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    pub scenario: String,
    pub points: Vec<(u32, f64, f64, f64)>,
}

/// One workforce group of one scenario at the last month.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupLine {
    pub scenario: String,
    pub group: String,
    pub headcount: Stats,
    pub engagement: Stats,
    pub retention: Stats,
}

/// The data of the summary, pay-back and groups sections.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Story {
    pub success: Vec<SuccessLine>,
    pub break_even: Vec<BreakEvenLine>,
    /// Cumulative net value per scenario (the reference first).
    pub cumulative: Vec<Series>,
    /// Cumulative net value minus the reference's, per scenario after the first.
    pub differences: Vec<Series>,
    /// From `comparison.csv`: (metric, statistic, scenario) → percentage change.
    pub percent: Vec<(String, Statistic, String, Stats)>,
    pub groups: Vec<GroupLine>,
    /// Cumulative costs by category per scenario (the reference first).
    pub costs: Vec<super::costs::CostLine>,
}

fn share(table: &CsvTable, record: &csv::StringRecord, prefix: &str, n: u64) -> Share {
    let num = |c: &str| parse_cell(table.get(record, c));
    let p = num(&format!("{prefix}_share"));
    let p = if p.is_nan() { num(prefix) } else { p };
    Share {
        count: (p * n as f64).round().max(0.0) as u64,
        n,
        p,
        low: num(&format!("{prefix}_low")),
        high: num(&format!("{prefix}_high")),
    }
}

fn stats_from(table: &CsvTable, record: &csv::StringRecord, prefix: &str) -> Stats {
    let num = |c: &str| parse_cell(table.get(record, &format!("{prefix}{c}")));
    Stats {
        n: num("n").max(0.0) as u64,
        mean: num("mean"),
        sd: f64::NAN,
        ci_low: num("ci_low"),
        ci_high: num("ci_high"),
    }
}

/// The story of a comparison folder; `folders` are the scenarios' subfolders (label, folder).
pub(super) fn read_compare_story(dir: &Path, folders: &[(String, String)]) -> Story {
    let mut story = Story::default();
    if let Ok(t) = CsvTable::read(&dir.join(SUCCESS_FILE)) {
        for r in &t.rows {
            let n = parse_cell(t.get(r, "n")).max(0.0) as u64;
            let pct = |c: &str| parse_cell(t.get(r, c));
            story.success.push(SuccessLine {
                outcome: t.get(r, "outcome").to_string(),
                scenario: t.get(r, "scenario").to_string(),
                better: Share {
                    count: parse_cell(t.get(r, "better")).max(0.0) as u64,
                    n,
                    p: pct("p_better"),
                    low: pct("p_better_low"),
                    high: pct("p_better_high"),
                },
                percent: Stats {
                    n,
                    mean: pct("pct_change"),
                    sd: f64::NAN,
                    ci_low: pct("pct_ci_low"),
                    ci_high: pct("pct_ci_high"),
                },
            });
        }
    }
    if let Ok(t) = CsvTable::read(&dir.join(BREAK_EVEN_FILE)) {
        for r in &t.rows {
            let num = |c: &str| parse_cell(t.get(r, c));
            let n = num("n").max(0.0) as u64;
            story.break_even.push(BreakEvenLine {
                scenario: t.get(r, "scenario").to_string(),
                n,
                broke_even: num("broke_even").max(0.0) as u64,
                median: num("median_month"),
                p5: num("p5_month"),
                p95: num("p95_month"),
                never: share(&t, r, "never", n),
                within_months: num("within_months").max(0.0) as u32,
                within: share(&t, r, "within", n),
            });
        }
    }
    if let Ok(t) = CsvTable::read(&dir.join(CUMULATIVE_FILE)) {
        let mut by: BTreeMap<(bool, usize), Series> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        for r in &t.rows {
            let scenario = t.get(r, "scenario").to_string();
            if !order.contains(&scenario) {
                order.push(scenario.clone());
            }
            let i = order.iter().position(|s| *s == scenario).unwrap_or(0);
            let month = parse_cell(t.get(r, "month")).max(0.0) as u32;
            let s = stats_from(&t, r, "");
            let e = by.entry((false, i)).or_default();
            e.scenario.clone_from(&scenario);
            e.points.push((month, s.mean, s.ci_low, s.ci_high));
            if !t.get(r, "difference_to").is_empty() {
                let d = stats_from(&t, r, "diff_");
                let e = by.entry((true, i)).or_default();
                e.scenario.clone_from(&scenario);
                e.points.push((month, d.mean, d.ci_low, d.ci_high));
            }
        }
        for ((is_difference, _), series) in by {
            if is_difference {
                story.differences.push(series);
            } else {
                story.cumulative.push(series);
            }
        }
    }
    if let Ok(t) = CsvTable::read(&dir.join(COMPARISON_FILE))
        && t.column("pct_change").is_some()
    {
        for r in &t.rows {
            let Some(statistic) = Statistic::from_name(t.get(r, "statistic")) else {
                continue;
            };
            let pct = |c: &str| parse_cell(t.get(r, c));
            if t.get(r, "difference_to").is_empty() {
                continue;
            }
            story.percent.push((
                t.get(r, "metric").to_string(),
                statistic,
                t.get(r, "scenario").to_string(),
                Stats {
                    n: parse_cell(t.get(r, "diff_n")).max(0.0) as u64,
                    mean: pct("pct_change"),
                    sd: f64::NAN,
                    ci_low: pct("pct_ci_low"),
                    ci_high: pct("pct_ci_high"),
                },
            ));
        }
    }
    for (label, folder) in folders {
        story
            .groups
            .extend(read_groups(&dir.join(folder).join(GROUPS_FILE), label));
        story
            .costs
            .extend(super::costs::read_costs(&dir.join(folder), label));
    }
    story
}

/// The story of a run folder: cumulative net value from `timeseries.csv` (per replication)
/// and the groups from `groups.csv`.
pub(super) fn read_run_story(dir: &Path, label: &str) -> Story {
    let mut story = Story::default();
    if let Some(series) = run_cumulative(&dir.join(TIMESERIES_FILE), label) {
        story.cumulative.push(series);
    }
    story.groups = read_groups(&dir.join(GROUPS_FILE), label);
    story.costs.extend(super::costs::read_costs(dir, label));
    story
}

/// Cumulative net value per month over replications from a run's `timeseries.csv`; None
/// without a `net_value` column.
fn run_cumulative(path: &Path, label: &str) -> Option<Series> {
    let t = CsvTable::read(path).ok()?;
    let (rep, month, value) = (
        t.column("replication")?,
        t.column("month")?,
        t.column("net_value")?,
    );
    // replication → (month → net value)
    let mut runs: BTreeMap<u64, BTreeMap<u32, f64>> = BTreeMap::new();
    for r in &t.rows {
        let cell = |i: usize| parse_cell(r.get(i).unwrap_or(""));
        let (rp, m) = (cell(rep), cell(month));
        if rp.is_finite() && m.is_finite() {
            runs.entry(rp as u64)
                .or_default()
                .insert(m as u32, cell(value));
        }
    }
    let last = runs
        .values()
        .filter_map(|m| m.keys().last())
        .max()
        .copied()?;
    let mut acc = vec![RunningStats::default(); last as usize + 1];
    for months in runs.values() {
        let mut sum = 0.0;
        for (m, slot) in acc.iter_mut().enumerate() {
            if m >= 1
                && let Some(x) = months.get(&(m as u32))
                && !x.is_nan()
            {
                sum += x;
            }
            slot.push(sum);
        }
    }
    Some(Series {
        scenario: label.to_string(),
        points: acc
            .iter()
            .enumerate()
            .map(|(m, s)| {
                let s = s.stats();
                (m as u32, s.mean, s.ci_low, s.ci_high)
            })
            .collect(),
    })
}

/// Each group's headcount, engagement and retention at each replication's last month, over
/// replications, from a `groups.csv`; empty if there is none.
fn read_groups(path: &Path, label: &str) -> Vec<GroupLine> {
    let Ok(t) = CsvTable::read(path) else {
        return Vec::new();
    };
    // (group order, group) → replication → (month, [headcount, engagement, retention])
    type LastMonth = BTreeMap<u64, (u32, [f64; 3])>;
    let mut last: BTreeMap<(usize, String), LastMonth> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for r in &t.rows {
        let group = t.get(r, "group").to_string();
        if !order.contains(&group) {
            order.push(group.clone());
        }
        let i = order.iter().position(|g| *g == group).unwrap_or(0);
        let num = |c: &str| parse_cell(t.get(r, c));
        let (rep, month) = (num("replication"), num("month"));
        if !rep.is_finite() || !month.is_finite() {
            continue;
        }
        let values = [num("headcount"), num("engagement"), num("retention")];
        let entry = last
            .entry((i, group))
            .or_default()
            .entry(rep as u64)
            .or_insert((0, [f64::NAN; 3]));
        if month as u32 >= entry.0 {
            *entry = (month as u32, values);
        }
    }
    last.into_iter()
        .map(|((_, group), reps)| {
            let mut s = [RunningStats::default(); 3];
            for (_, values) in reps.values() {
                for (acc, v) in s.iter_mut().zip(values) {
                    acc.push(*v);
                }
            }
            GroupLine {
                scenario: label.to_string(),
                group,
                headcount: s[0].stats(),
                engagement: s[1].stats(),
                retention: s[2].stats(),
            }
        })
        .collect()
}

/// The folders of a comparison's scenarios from its manifest: (label, folder).
pub(super) fn compared_folders(manifest: &Value) -> Vec<(String, String)> {
    manifest["scenarios"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| {
                    Some((
                        s["label"].as_str()?.to_string(),
                        s["folder"].as_str()?.to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Decimals for a value of this size: three significant digits, at most 3 decimals.
pub(super) fn decimals(x: f64) -> usize {
    let a = x.abs();
    if a.is_nan() || a >= 100.0 {
        0
    } else if a >= 10.0 {
        1
    } else if a >= 1.0 {
        2
    } else {
        3
    }
}

/// The summary's sentences, in `lang`, as plain text (the caller escapes them).
pub fn summary_sentences(data: &ReportData, lang: Lang) -> Vec<String> {
    let story = &data.story;
    let m = data.months;
    let mut out = Vec::new();
    match &data.results {
        Results::Compare { scenarios, rows } if scenarios.len() >= 2 => {
            let reference = &scenarios[0];
            for scenario in &scenarios[1..] {
                let mut parts = Vec::new();
                for metric in ["performance", "retention", "net_value_cumulative"] {
                    let line = story
                        .success
                        .iter()
                        .find(|l| l.outcome == metric && l.scenario == *scenario);
                    let Some(line) = line else { continue };
                    let p = &line.percent;
                    if p.mean.is_nan() {
                        continue;
                    }
                    let clear = p.ci_low > 0.0 || p.ci_high < 0.0;
                    let verb = if p.ci_low > 0.0 {
                        lang.t("raises")
                    } else {
                        lang.t("lowers")
                    };
                    let value = |s: &str| {
                        rows.iter()
                            .find(|r| {
                                r.metric == metric
                                    && r.statistic == Statistic::Horizon
                                    && r.scenario == s
                            })
                            .map(|r| r.stats.mean)
                    };
                    let cumulative = |s: &str| {
                        story
                            .cumulative
                            .iter()
                            .find(|c| c.scenario == s)
                            .and_then(|c| c.points.last())
                            .map(|p| p.1)
                    };
                    let value = |s: &str| {
                        if metric == "net_value_cumulative" {
                            cumulative(s)
                        } else {
                            value(s)
                        }
                    };
                    let absolute = match (value(reference), value(scenario)) {
                        (Some(a), Some(b)) => {
                            let d = decimals(a.max(b));
                            format!(
                                "{} {} {}; ",
                                lang.number(b, d),
                                lang.t("versus"),
                                lang.number(a, d)
                            )
                        }
                        _ => String::new(),
                    };
                    let name = lang.metric(metric).to_lowercase();
                    // "raises retention by 8.9% [...]"; "does not clearly change retention:
                    // +8.9% [...]" ("verandert behoud van personeel niet duidelijk: ...").
                    let (head, change) = if !clear {
                        (
                            lang.fill("no_clear_change", &[&name]),
                            format!(
                                ": {} [{}, {}]",
                                lang.percent_change(p.mean),
                                lang.percent_change(p.ci_low),
                                lang.percent_change(p.ci_high)
                            ),
                        )
                    } else {
                        (
                            format!("{verb} {name}"),
                            format!(
                                " {} {}% [{}%, {}%]",
                                lang.t("by"),
                                lang.number(p.mean.abs(), 1),
                                lang.number(p.ci_low.abs().min(p.ci_high.abs()), 1),
                                lang.number(p.ci_low.abs().max(p.ci_high.abs()), 1)
                            ),
                        )
                    };
                    parts.push(format!(
                        "{head}{change} ({absolute}{} {} [{}, {}] {})",
                        lang.t("ahead_in"),
                        lang.share(line.better.p),
                        lang.share(line.better.low),
                        lang.share(line.better.high),
                        lang.t("of_runs"),
                    ));
                }
                if !parts.is_empty() {
                    out.push(format!(
                        "{scenario} {} {reference} {} {m}: {}.",
                        lang.t("compared_with"),
                        lang.t("at_month"),
                        parts.join("; ")
                    ));
                }
                if let Some(b) = story.break_even.iter().find(|b| b.scenario == *scenario) {
                    out.push(pay_back_sentence(scenario, b, lang));
                }
            }
        }
        Results::Run { rows, .. } => {
            let mut parts = Vec::new();
            for row in rows.iter().take(3) {
                let d = decimals(row.at_horizon.mean);
                parts.push(format!(
                    "{} {} {} [{}, {}]",
                    lang.metric(&row.metric),
                    lang.t("run_ends"),
                    lang.number(row.at_horizon.mean, d),
                    lang.number(row.at_horizon.ci_low, d),
                    lang.number(row.at_horizon.ci_high, d)
                ));
            }
            if !parts.is_empty() {
                out.push(format!("{} {m}: {}.", lang.t("at_month"), parts.join("; ")));
            }
            if let Some(series) = story.cumulative.first()
                && let Some(&(_, mean, lo, hi)) = series.points.last()
            {
                let d = decimals(mean);
                out.push(format!(
                    "{} {} {} [{}, {}].",
                    lang.t("run_cumulative"),
                    lang.t("reaches"),
                    lang.number(mean, d),
                    lang.number(lo, d),
                    lang.number(hi, d)
                ));
            }
        }
        _ => {}
    }
    out
}

/// "transition pays back in month 40 (5–95% of the runs: 38–42); within 36 months in 2% [0%,
/// 13%] of the runs; never … in 0% [0%, 9%]."
fn pay_back_sentence(scenario: &str, b: &BreakEvenLine, lang: Lang) -> String {
    let share = |s: &Share| {
        format!(
            "{} [{}, {}]",
            lang.share(s.p),
            lang.share(s.low),
            lang.share(s.high)
        )
    };
    if b.broke_even == 0 {
        return format!("{scenario} {}", lang.t("no_break_even"));
    }
    if b.p95 <= 1.0 && b.never.count == 0 {
        return format!("{scenario} {}", lang.t("never_behind"));
    }
    format!(
        "{scenario} {} {} ({}: {}–{}); {} {} {} {} {} {}; {} {} {}.",
        lang.t("pays_back_in"),
        lang.number(b.median, 0),
        lang.t("runs_range"),
        lang.number(b.p5, 0),
        lang.number(b.p95, 0),
        lang.t("within"),
        b.within_months,
        lang.t("months"),
        lang.t("in_share"),
        share(&b.within),
        lang.t("of_runs"),
        lang.t("never_pays"),
        share(&b.never),
        lang.t("of_runs"),
    )
}

/// The summary section: the sentences, then how they were computed.
pub(super) fn render_summary(h: &mut String, data: &ReportData, lang: Lang) {
    let sentences = summary_sentences(data, lang);
    if sentences.is_empty() {
        return;
    }
    h.push_str("<div class=\"summary\">\n<ul>\n");
    for s in &sentences {
        let _ = writeln!(h, "<li>{}</li>", esc(s));
    }
    h.push_str("</ul>\n");
    if data.kind == super::ResultsKind::Compare {
        let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(lang.t("summary_note")));
    }
    h.push_str("</div>\n");
}
