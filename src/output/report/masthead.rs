//! The report's masthead (title, one-line summary, key facts) and its provenance section.

use crate::output::report::html::{esc, json_text, number_text, plural};
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
                "Scenarios".into(),
                data.scenarios.len().to_string(),
                format!(
                    "reference: {}",
                    data.scenarios.first().map_or("–", |s| s.label.as_str())
                ),
            ));
        }
        ResultsKind::Sweep => {
            if let Results::Sweep { points, keys, .. } = &data.results {
                facts.push((
                    "Design".into(),
                    format!("{points} points"),
                    plural(keys.len() as u64, "varied setting"),
                ));
            }
        }
        ResultsKind::Run => {}
    }
    if let Some(s) = data.scenarios.first() {
        let org = &s.scenario["organisation"];
        if s.scenario["knowledge"]["mode"].as_str() == Some("march1991") {
            facts.push((
                "Individuals".into(),
                json_text(&s.scenario["knowledge"]["individuals"]),
                "March (1991) model".into(),
            ));
        } else if let (Some(teams), Some(size)) = (org["teams"].as_u64(), org["team_size"].as_u64())
        {
            facts.push((
                "Organisation".into(),
                format!("{} slots", teams.saturating_mul(size)),
                format!("{teams} teams of {size}"),
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
            "Horizon".into(),
            format!("≤ {} months", data.months),
            format!("runs ended in months {lo}–{hi}"),
        ));
    } else if data.months > 0 {
        facts.push((
            "Horizon".into(),
            format!("{} months", data.months),
            format!("{:.1} years", f64::from(data.months) / 12.0),
        ));
    }
    if let Some(r) = reps {
        facts.push((
            "Replications".into(),
            r.to_string(),
            seed.map(|s| format!("seed {s}")).unwrap_or_default(),
        ));
    }
    if data.kind == ResultsKind::Run
        && let Some(s) = data.scenarios.first()
        && s.scenario["knowledge"]["mode"].as_str() != Some("march1991")
    {
        if let Some(style) = s.scenario["management"]["style_mean"].as_f64() {
            facts.push((
                "Starting style".into(),
                style_word(style).into(),
                format!("managers' mean style {}", number_text(style)),
            ));
        }
        let interventions = s.scenario["interventions"].as_array().map_or(0, Vec::len);
        let shocks = s.scenario["environment"]["shocks"]
            .as_array()
            .map_or(0, Vec::len);
        facts.push((
            "Interventions".into(),
            interventions.to_string(),
            plural(shocks as u64, "market shock"),
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

/// A management style (0 control, 1 coaching) in words.
pub(super) fn style_word(style: f64) -> &'static str {
    if style < 0.25 {
        "Control"
    } else if style < 0.45 {
        "Control-leaning"
    } else if style <= 0.55 {
        "Mixed"
    } else if style <= 0.75 {
        "Coaching-leaning"
    } else {
        "Coaching"
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
    h.push_str(
        "<p class=\"intro\">What produced these results, from <code>manifest.json</code>. The \
         same orgsim version, command and seed give the same numbers, whatever the number of \
         threads.</p>\n<table class=\"provenance\"><tbody>\n",
    );
    let mut row = |label: &str, value: String| {
        let _ = writeln!(
            h,
            "<tr><th scope=\"row\">{}</th><td>{value}</td></tr>",
            esc(label)
        );
    };
    row("orgsim version", esc(&p.orgsim_version));
    row(
        "Command line",
        format!(
            "<code class=\"cmd\">{}</code>",
            esc(&shell_line(&p.command_line))
        ),
    );
    let opt = |v: Option<u64>| v.map_or_else(|| "–".to_string(), |v| v.to_string());
    row("Seed", opt(p.seed));
    row("Replications", opt(p.replications));
    row("Threads", opt(p.threads));
    row("Started", esc(&p.started_at));
    row("Finished", esc(&p.finished_at));
    for (label, value) in &p.extra {
        row(label, esc(value));
    }
    let mut files: Vec<String> = p
        .outputs
        .iter()
        .map(|o| format!("<code>{}</code>", esc(o)))
        .collect();
    files.push(format!("<code>{REPORT_FILE}</code> (this page)"));
    row("Output files", files.join(", "));
    h.push_str("</tbody></table>\n");
}
