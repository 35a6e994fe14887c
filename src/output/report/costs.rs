//! The report's table of cumulative costs by category: for each scenario, its programme,
//! hiring and innovation costs, the subsidies others paid and the total cost, summed over
//! months 1 to the horizon from the means in its `summary.csv` (the sum of means is the mean
//! of the sums). Shown in the net value and pay-back section, in the page's language.

use super::i18n::Lang;
use crate::model::metrics::Metric;
use crate::output::SUMMARY_FILE;
use crate::output::report::html::esc;
use crate::output::results_folder::SummaryStream;
use std::fmt::Write;
use std::path::Path;

/// The categories in table order (the total last) with their text keys.
pub const CATEGORIES: [(Metric, &str); 5] = [
    (Metric::ProgrammeCost, "cost_programme"),
    (Metric::HiringCost, "cost_hiring"),
    (Metric::InnovationCost, "cost_innovation"),
    (Metric::Subsidy, "cost_subsidy"),
    (Metric::Cost, "cost_total"),
];

/// One scenario's cumulative costs, in the order of [`CATEGORIES`] (NaN: not in its table).
#[derive(Clone, Debug, PartialEq)]
pub struct CostLine {
    pub scenario: String,
    pub totals: [f64; 5],
}

/// The cumulative costs of the scenario whose `summary.csv` is in `dir`, or None if it has no
/// cost metrics (e.g. results written before they were split, or a metric selection).
pub fn read_costs(dir: &Path, label: &str) -> Option<CostLine> {
    let mut summary = SummaryStream::open_run(&dir.join(SUMMARY_FILE)).ok()?;
    let mut totals = [f64::NAN; 5];
    while let Some(row) = summary.next_row().ok()? {
        let Some(i) = CATEGORIES
            .iter()
            .position(|(m, _)| m.name() == row.metric())
        else {
            continue;
        };
        let month = row.month().ok()?;
        let mean = row.stats().mean;
        if month >= 1 && mean.is_finite() {
            totals[i] = if totals[i].is_nan() {
                mean
            } else {
                totals[i] + mean
            };
        }
    }
    // Only a table with every category (the split) is shown.
    totals[..4].iter().all(|t| t.is_finite()).then(|| CostLine {
        scenario: label.to_string(),
        totals,
    })
}

/// The table of `lines`, nothing if there are none.
pub fn render_costs(h: &mut String, lines: &[CostLine], months: u32, lang: Lang) {
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(
        h,
        "<h3>{}</h3>\n<p class=\"intro\">{}</p>",
        lang.t("costs_title"),
        lang.rich("costs_intro", &[&months.to_string()])
    );
    let _ = write!(
        h,
        "<table class=\"costs\">\n<thead><tr><th>{}</th>",
        lang.t("scenario")
    );
    for (_, key) in CATEGORIES {
        let _ = write!(h, "<th class=\"num\">{}</th>", lang.t(key));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for line in lines {
        let _ = write!(h, "<tr><th scope=\"row\">{}</th>", esc(&line.scenario));
        for (i, value) in line.totals.iter().enumerate() {
            let shown = if i == 3 && *value > 0.0 {
                lang.signed(-value, 0)
            } else {
                lang.number(*value, 0)
            };
            let _ = write!(h, "<td class=\"num\">{shown}</td>");
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table>\n");
}
