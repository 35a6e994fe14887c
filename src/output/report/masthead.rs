//! The report's masthead (title, one-line summary, key facts) and its provenance section.

use crate::output::report::html::{esc, in_lang, json_text, number_text};
use crate::output::report::{ReportData, Results, ResultsKind};
use crate::output::results_folder::REPORT_FILE;
use std::fmt::Write;

pub(super) fn render_masthead(h: &mut String, data: &ReportData) {
    let lang = data.options.lang;
    let kind = match data.kind {
        ResultsKind::Run => "kind_run",
        ResultsKind::Compare => "kind_compare",
        ResultsKind::Sweep => "kind_sweep",
    };
    let _ = write!(
        h,
        "<header class=\"masthead\">\n<p class=\"eyebrow\">orgsim · {}</p>\n<h1>{}</h1>\n",
        lang.t(kind),
        esc(data.options.title.as_deref().unwrap_or(&data.title))
    );
    let byline: Vec<String> = [
        ("author", &data.options.author),
        ("organisation", &data.options.organisation),
        ("date", &data.options.date),
    ]
    .into_iter()
    .filter_map(|(key, value)| {
        value
            .as_deref()
            .map(|v| format!("<span>{}: <b>{}</b></span>", lang.t(key), esc(v)))
    })
    .collect();
    if !byline.is_empty() {
        let _ = writeln!(h, "<p class=\"byline\">{}</p>", byline.join(" · "));
    }
    if !data.description.is_empty() {
        let _ = writeln!(h, "<p class=\"lede\">{}</p>", esc(&data.description));
    }
    let mut facts: Vec<(String, String, String)> = Vec::new();
    let reps = data.provenance.replications;
    let seed = data.provenance.seed;
    match data.kind {
        ResultsKind::Compare => {
            facts.push((
                lang.t("fact_scenarios").into(),
                data.scenarios.len().to_string(),
                lang.fill(
                    "fact_reference",
                    &[data.scenarios.first().map_or("–", |s| s.label.as_str())],
                ),
            ));
        }
        ResultsKind::Sweep => {
            if let Results::Sweep { points, keys, .. } = &data.results {
                facts.push((
                    lang.t("fact_design").into(),
                    lang.fill("fact_points", &[&points.to_string()]),
                    lang.count(keys.len() as u64, "fact_varied_1", "fact_varied_n"),
                ));
            }
        }
        ResultsKind::Run => {}
    }
    if let Some(s) = data.scenarios.first() {
        let org = &s.scenario["organisation"];
        if s.scenario["knowledge"]["mode"].as_str() == Some("march1991") {
            facts.push((
                lang.t("fact_individuals").into(),
                json_text(&s.scenario["knowledge"]["individuals"]),
                lang.t("fact_march").into(),
            ));
        } else if let (Some(teams), Some(size)) = (org["teams"].as_u64(), org["team_size"].as_u64())
        {
            facts.push((
                lang.t("fact_organisation").into(),
                lang.fill("fact_slots", &[&teams.saturating_mul(size).to_string()]),
                lang.fill("fact_teams", &[&teams.to_string(), &size.to_string()]),
            ));
        }
    }
    let stopped_early = match &data.results {
        Results::Run {
            last_months: Some((lo, hi)),
            ..
        } if lo != hi => Some((*lo, *hi)),
        _ => None,
    };
    if let Some((lo, hi)) = stopped_early {
        facts.push((
            lang.t("fact_horizon").into(),
            lang.fill("fact_at_most_months", &[&data.months.to_string()]),
            lang.fill("fact_runs_ended", &[&lo.to_string(), &hi.to_string()]),
        ));
    } else if data.months > 0 {
        facts.push((
            lang.t("fact_horizon").into(),
            lang.fill("fact_months", &[&data.months.to_string()]),
            lang.fill(
                "fact_years",
                &[&lang.number(f64::from(data.months) / 12.0, 1)],
            ),
        ));
    }
    if let Some(r) = reps {
        facts.push((
            lang.t("fact_replications").into(),
            r.to_string(),
            seed.map(|s| lang.fill("fact_seed", &[&s.to_string()]))
                .unwrap_or_default(),
        ));
    }
    if data.kind == ResultsKind::Run
        && let Some(s) = data.scenarios.first()
        && s.scenario["knowledge"]["mode"].as_str() != Some("march1991")
    {
        if let Some(style) = s.scenario["management"]["style_mean"].as_f64() {
            facts.push((
                lang.t("fact_style").into(),
                lang.t(style_word(style)).into(),
                lang.fill("fact_style_mean", &[&in_lang(number_text(style), lang)]),
            ));
        }
        let interventions = s.scenario["interventions"].as_array().map_or(0, Vec::len);
        let shocks = s.scenario["environment"]["shocks"]
            .as_array()
            .map_or(0, Vec::len);
        facts.push((
            lang.t("fact_interventions").into(),
            interventions.to_string(),
            lang.count(shocks as u64, "fact_shocks_1", "fact_shocks_n"),
        ));
    }
    if !facts.is_empty() {
        h.push_str("<dl class=\"facts\">\n");
        for (label, value, note) in facts {
            let _ = write!(
                h,
                "<div class=\"fact\"><dt>{}</dt><dd>{}",
                esc(&label),
                esc(&value)
            );
            if !note.is_empty() {
                let _ = write!(h, "<small>{}</small>", esc(&note));
            }
            h.push_str("</dd></div>\n");
        }
        h.push_str("</dl>\n");
    }
    h.push_str("</header>\n");
}

/// A management style (0 control, 1 coaching) in words: the key of its text.
pub(super) fn style_word(style: f64) -> &'static str {
    if style < 0.25 {
        "style_control"
    } else if style < 0.45 {
        "style_control_leaning"
    } else if style <= 0.55 {
        "style_mixed"
    } else if style <= 0.75 {
        "style_coaching_leaning"
    } else {
        "style_coaching"
    }
}

/// `args` as a shell command line (arguments with spaces or special characters quoted).
pub(super) fn shell_line(args: &[String]) -> String {
    args.iter()
        .map(|a| {
            let plain = !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c));
            if plain {
                a.clone()
            } else {
                format!("'{}'", a.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn render_provenance(h: &mut String, data: &ReportData) {
    let p = &data.provenance;
    let l = data.options.lang;
    let _ = writeln!(
        h,
        "<p class=\"intro\">{}</p>\n<table class=\"provenance\"><tbody>",
        l.rich("provenance_intro", &[])
    );
    let mut row = |label: &str, value: String| {
        let _ = writeln!(
            h,
            "<tr><th scope=\"row\">{}</th><td>{value}</td></tr>",
            esc(label)
        );
    };
    row(l.t("prov_version"), esc(&p.orgsim_version));
    row(
        l.t("prov_command"),
        format!(
            "<code class=\"cmd\">{}</code>",
            esc(&shell_line(&p.command_line))
        ),
    );
    let opt = |v: Option<u64>| v.map_or_else(|| "–".to_string(), |v| v.to_string());
    row(l.t("prov_seed"), opt(p.seed));
    row(l.t("prov_replications"), opt(p.replications));
    row(l.t("prov_threads"), opt(p.threads));
    row(l.t("prov_started"), esc(&p.started_at));
    row(l.t("prov_finished"), esc(&p.finished_at));
    for (label, value) in &p.extra {
        row(label, esc(value));
    }
    let mut files: Vec<String> = p
        .outputs
        .iter()
        .map(|o| format!("<code>{}</code>", esc(o)))
        .collect();
    files.push(format!(
        "<code>{REPORT_FILE}</code> {}",
        l.t("prov_this_page")
    ));
    row(l.t("prov_outputs"), files.join(", "));
    h.push_str("</tbody></table>\n");
}
