//! The scenario settings section of the report: every setting of one scenario, or the
//! settings in which compared scenarios differ, with their defaults and meanings.

use crate::model::params::PARAMETER_SPECS;
use crate::output::i18n::Lang;
use crate::output::report::html::{cell_text, default_in, esc, is_default, number_in, value_text};
use crate::output::report::{ReportData, ResultsKind, ScenarioSettings, VariedValues};
use crate::output::results_folder::FIGURES_DIR;
use crate::scenario::KeyInfo;
use crate::scenario::schema::{find_key, keys_of};
use serde_json::Value;
use std::fmt::Write;

/// The scenario sections the settings tables show, in order, with their titles.
/// (The titles are keys of `output::i18n`'s table.)
pub(super) const SECTIONS: [(&str, &str); 5] = [
    ("", "section_run"),
    ("organisation", "section_organisation"),
    ("management", "section_management"),
    ("knowledge", "section_knowledge"),
    ("environment", "section_environment"),
];

/// One scalar setting of a scenario.
pub(super) struct Setting {
    /// Dotted path, as `--set` writes it.
    path: String,
    label: String,
    value: String,
    meaning: String,
    /// The schema default, when the value differs from it.
    changed_from: Option<String>,
}

/// The scalar settings of `scenario` in `table` (`""`: the top level), in schema order, with
/// labels, values, meanings and defaults in `l`.
pub(super) fn section_settings(scenario: &Value, table: &str, l: Lang) -> Vec<Setting> {
    let object = if table.is_empty() {
        scenario
    } else {
        &scenario[table]
    };
    let march = scenario["knowledge"]["mode"].as_str() == Some("march1991");
    keys_of(table, None)
        .into_iter()
        .filter(|k| !(table.is_empty() && (k.name == "name" || k.name == "description")))
        .filter(|k| march || !k.meaning.starts_with("march1991 mode"))
        .filter_map(|k| {
            let v = object.get(k.name)?;
            if v.is_array() || v.is_object() {
                return None;
            }
            let changed_from = match is_default(&k, v) {
                Some(false) => Some(default_in(&k, l)),
                _ => None,
            };
            Some(Setting {
                path: if table.is_empty() {
                    k.name.to_string()
                } else {
                    format!("{table}.{}", k.name)
                },
                label: l.key_label(table, k.name),
                value: value_text(v, l),
                meaning: l.key_meaning(table, k.name, k.meaning),
                changed_from,
            })
        })
        .collect()
}

/// The workforce attributes (schema order, without `name`).
pub(super) fn workforce_keys() -> Vec<KeyInfo> {
    keys_of("workforce", None)
        .into_iter()
        .filter(|k| k.name != "name")
        .collect()
}

/// The parameters of `scenario` that differ from their defaults: (name, value, default,
/// range, meaning), in `l`.
pub(super) fn changed_parameters(
    scenario: &Value,
    l: Lang,
) -> Vec<(String, String, String, String, String)> {
    PARAMETER_SPECS
        .iter()
        .filter_map(|spec| {
            let v = scenario["parameters"].get(spec.name)?.as_f64()?;
            ((v - spec.default).abs() > 1e-12).then(|| {
                (
                    spec.name.to_string(),
                    number_in(v, l),
                    number_in(spec.default, l),
                    range_text(spec.min, spec.max, l),
                    l.parameter_meaning(spec.name, spec.meaning),
                )
            })
        })
        .collect()
}

/// A coefficient's range, "0 to 1", "0 tot 1".
fn range_text(min: f64, max: f64, l: Lang) -> String {
    l.fill("range_to", &[&number_in(min, l), &number_in(max, l)])
}

/// Markdown-style `code` spans in a schema meaning as `<code>`; the rest escaped.
pub(super) fn meaning_html(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", esc(part));
        } else {
            out.push_str(&esc(part));
        }
    }
    out
}

pub(super) fn render_settings(h: &mut String, data: &ReportData) {
    match data.scenarios.as_slice() {
        [] => {
            let _ = writeln!(
                h,
                "<p class=\"note\">{}</p>",
                data.options.lang.rich("not_recorded", &[])
            );
        }
        [one] => render_single_settings(h, data, one),
        many => render_compared_settings(h, many, data.options.lang),
    }
    for note in &data.notes {
        if !note.starts_with(FIGURES_DIR) {
            let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(note));
        }
    }
}

/// The values a sweep gives one key, in `l`: all of them when few, else how many, the first
/// and the last ("12 values, 0.05 … 0.4"; in Dutch "12 waarden, 0,05 … 0,4").
pub(super) fn varied_text(values: &VariedValues, l: Lang) -> String {
    let cell = |c: &String| cell_text(c, l);
    match values.first.as_slice() {
        [] => l.t("varied").into(),
        [one] if values.count == 1 => cell(one),
        first if values.count <= first.len() => first
            .iter()
            .map(cell)
            .collect::<Vec<_>>()
            .join(l.t("list_separator")),
        first => l.fill(
            "varied_values_n",
            &[
                &values.count.to_string(),
                &cell(&first[0]),
                &cell(&values.last),
            ],
        ),
    }
}

pub(super) fn render_single_settings(h: &mut String, data: &ReportData, s: &ScenarioSettings) {
    let scenario = &s.scenario;
    let l = data.options.lang;
    let varied = |path: &str| data.varied.iter().find(|(k, _)| k == path);
    let varied_word = l.t("varied");
    let _ = writeln!(
        h,
        "<p class=\"intro\">{}{}.</p>",
        l.rich(
            "settings_intro",
            &[
                l.t(if data.kind == ResultsKind::Sweep {
                    "the_base_scenario"
                } else {
                    "the_scenario"
                }),
                &s.label,
                "",
            ]
        )
        .trim_end_matches('.'),
        if data.varied.is_empty() {
            String::new()
        } else {
            l.rich("varied_marked", &[])
        }
    );
    if !data.varied.is_empty() {
        let _ = writeln!(
            h,
            "<h3>{}</h3>\n<table class=\"settings\"><thead><tr><th>{}</th>\
             <th>{}</th></tr></thead><tbody>",
            l.t("varied_by_sweep"),
            l.t("col_setting"),
            l.t("col_values")
        );
        for (key, values) in &data.varied {
            let meaning = key_meaning_in(key, Some(scenario), l);
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\"><code>{}</code><span class=\"meaning\">{}</span></th>\
                 <td>{}</td></tr>",
                esc(key),
                meaning_html(&meaning),
                esc(&varied_text(values, l))
            );
        }
        h.push_str("</tbody></table>\n");
    }
    h.push_str("<div class=\"grid2\">\n");
    for (table, title) in SECTIONS {
        let settings = section_settings(scenario, table, l);
        if settings.is_empty() {
            continue;
        }
        let _ = write!(
            h,
            "<div class=\"block\"><h3>{}</h3>\n<table class=\"settings\"><tbody>\n",
            l.t(title)
        );
        for st in settings {
            let _ = write!(
                h,
                "<tr><th scope=\"row\">{}<span class=\"meaning\">{}</span></th>",
                esc(&st.label),
                meaning_html(&st.meaning)
            );
            if let Some((_, values)) = varied(&st.path) {
                let _ = writeln!(
                    h,
                    "<td class=\"value\"><i>{varied_word}</i>: {}</td></tr>",
                    esc(&varied_text(values, l))
                );
            } else if let Some(default) = &st.changed_from {
                let _ = writeln!(
                    h,
                    "<td class=\"value changed\">{}<span class=\"default\">{}</span></td></tr>",
                    esc(&st.value),
                    esc(&l.fill("default_is", &[default]))
                );
            } else {
                let _ = writeln!(h, "<td class=\"value\">{}</td></tr>", esc(&st.value));
            }
        }
        h.push_str("</tbody></table></div>\n");
    }
    h.push_str("</div>\n");

    if scenario["knowledge"]["mode"].as_str() != Some("march1991") {
        render_workforce(h, scenario, &data.varied, l);
    }

    let _ = writeln!(h, "<h3>{}</h3>", l.t("model_parameters"));
    let changed = changed_parameters(scenario, l);
    let varied_params: Vec<&(String, VariedValues)> = data
        .varied
        .iter()
        .filter(|(k, _)| k.starts_with("parameters."))
        .collect();
    if changed.is_empty() && varied_params.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"note\">{}</p>",
            l.rich("all_params_default", &[&PARAMETER_SPECS.len().to_string()])
        );
    } else {
        let _ = writeln!(
            h,
            "<p class=\"note\">{}</p>",
            l.rich(
                "params_differ",
                &[&(PARAMETER_SPECS.len() - changed.len()).to_string()]
            )
        );
        let _ = writeln!(
            h,
            "<table class=\"params\"><thead><tr><th>{}</th><th class=\"num\">{}</th>\
             <th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
            l.t("col_parameter"),
            l.t("col_value"),
            l.t("col_default"),
            l.t("col_range")
        );
        for (name, value, default, range, meaning) in &changed {
            let path = format!("parameters.{name}");
            let value = match varied(&path) {
                Some((_, values)) => {
                    format!("<i>{varied_word}</i>: {}", esc(&varied_text(values, l)))
                }
                None => esc(value),
            };
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\"><code>{}</code><span class=\"meaning\">{}</span></th>\
                 <td class=\"num changed\">{value}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                esc(name),
                meaning_html(meaning),
                esc(default),
                esc(range)
            );
        }
        for (key, values) in varied_params {
            let name = &key["parameters.".len()..];
            if changed.iter().any(|c| c.0 == name) {
                continue;
            }
            if let Some(spec) = PARAMETER_SPECS.iter().find(|s| s.name == name) {
                let _ = writeln!(
                    h,
                    "<tr><th scope=\"row\"><code>{}</code><span class=\"meaning\">{}</span></th>\
                     <td class=\"num\"><i>{varied_word}</i>: {}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                    esc(name),
                    meaning_html(&l.parameter_meaning(spec.name, spec.meaning)),
                    esc(&varied_text(values, l)),
                    esc(&number_in(spec.default, l)),
                    esc(&range_text(spec.min, spec.max, l))
                );
            }
        }
        h.push_str("</tbody></table>\n");
    }
}

/// The workforce groups of `scenario` as a table (attributes × groups); settings a sweep
/// varies are marked.
pub(super) fn render_workforce(
    h: &mut String,
    scenario: &Value,
    varied: &[(String, VariedValues)],
    l: Lang,
) {
    let Some(groups) = scenario["workforce"].as_array().filter(|g| !g.is_empty()) else {
        return;
    };
    let _ = write!(
        h,
        "<h3>{}</h3>\n<table class=\"workforce\"><thead><tr><th>{}</th>",
        l.t("workforce_groups"),
        l.t("col_attribute")
    );
    for g in groups {
        let _ = write!(
            h,
            "<th class=\"num\">{}</th>",
            esc(&value_text(&g["name"], l))
        );
    }
    h.push_str("</tr></thead><tbody>\n");
    for key in workforce_keys() {
        let _ = write!(
            h,
            "<tr><th scope=\"row\">{}<span class=\"meaning\">{}</span></th>",
            esc(&l.key_label(key.table, key.name)),
            meaning_html(&l.key_meaning(key.table, key.name, key.meaning))
        );
        for (i, g) in groups.iter().enumerate() {
            let path = format!("workforce.{i}.{}", key.name);
            match varied.iter().find(|(k, _)| *k == path) {
                Some((_, values)) => {
                    let _ = write!(
                        h,
                        "<td class=\"num\"><i>{}</i>: {}</td>",
                        l.t("varied"),
                        esc(&varied_text(values, l))
                    );
                }
                None => {
                    let _ = write!(
                        h,
                        "<td class=\"num\">{}</td>",
                        esc(&value_text(&g[key.name], l))
                    );
                }
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table>\n");
}

/// The declared key a dotted `--set` path names (`workforce.0.share`,
/// `economy.sectors.1.share`, `interventions.2.share_of_managers`): the table is the path
/// without its indices and last name. An intervention key takes the kind of that intervention
/// in `scenario`, if given, else of the first kind that declares it.
fn key_of_path(path: &str, scenario: Option<&Value>) -> Option<KeyInfo> {
    let parts: Vec<&str> = path.split('.').collect();
    let (name, rest) = parts.split_last()?;
    let is_index = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let table = rest
        .iter()
        .filter(|p| !is_index(p))
        .copied()
        .collect::<Vec<_>>()
        .join(".");
    if crate::scenario::schema::keys_table(&table) != "interventions" {
        return find_key(&table, None, name);
    }
    let kind = match (scenario, rest.iter().find(|p| is_index(p))) {
        (Some(scenario), Some(i)) if table == "interventions" => i
            .parse::<usize>()
            .ok()
            .and_then(|i| scenario["interventions"].get(i))
            .and_then(|iv| iv["kind"]["kind"].as_str()),
        _ => None,
    };
    kind.and_then(|kind| find_key(&table, Some(kind), name))
        .or_else(|| {
            crate::scenario::schema::INTERVENTION_KINDS
                .iter()
                .find_map(|kind| find_key(&table, Some(kind), name))
        })
}

/// The meaning of a dotted `--set` key, from the schema (`workforce.0.share` → `share`).
#[cfg(test)]
pub(super) fn key_meaning(path: &str) -> String {
    key_meaning_in(path, None, Lang::En)
}

/// The meaning of a dotted `--set` key in `l` (see [`key_of_path`]); empty if the schema does
/// not declare it.
pub(super) fn key_meaning_in(path: &str, scenario: Option<&Value>, l: Lang) -> String {
    key_of_path(path, scenario).map_or_else(String::new, |k| {
        if k.table == "parameters" {
            l.parameter_meaning(k.name, k.meaning)
        } else {
            l.key_meaning(k.table, k.name, k.meaning)
        }
    })
}

/// A workforce attribute as the side-by-side table names it after its group: in English the
/// key's words ("skill mean"), in Dutch its label.
fn workforce_attribute(key: &KeyInfo, l: Lang) -> String {
    match l {
        Lang::En => key.name.replace('_', " "),
        Lang::Nl => l.key_label(key.table, key.name),
    }
}

/// Every scalar setting of `scenario` as (path, label, value) in page order, for comparing
/// scenarios side by side.
pub(super) fn flat_settings(scenario: &Value, l: Lang) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (table, title) in SECTIONS {
        for st in section_settings(scenario, table, l) {
            out.push((st.path, format!("{}: {}", l.t(title), st.label), st.value));
        }
    }
    for (i, g) in scenario["workforce"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let group = value_text(&g["name"], l);
        out.push((
            format!("workforce.{i}.name"),
            l.fill("workforce_group_n", &[&(i + 1).to_string()]),
            group.clone(),
        ));
        for key in workforce_keys() {
            out.push((
                format!("workforce.{i}.{}", key.name),
                l.fill("workforce_of", &[&group, &workforce_attribute(&key, l)]),
                value_text(&g[key.name], l),
            ));
        }
    }
    for spec in PARAMETER_SPECS {
        if let Some(v) = scenario["parameters"]
            .get(spec.name)
            .and_then(Value::as_f64)
        {
            out.push((
                format!("parameters.{}", spec.name),
                l.fill("parameter_named", &[spec.name]),
                number_in(v, l),
            ));
        }
    }
    out
}

pub(super) fn render_compared_settings(h: &mut String, scenarios: &[ScenarioSettings], l: Lang) {
    let _ = writeln!(
        h,
        "<h3>{}</h3>\n<table class=\"scenarios\"><tbody>",
        l.t("the_scenarios")
    );
    for s in scenarios {
        let description = s.scenario["description"].as_str().unwrap_or_default();
        let _ = writeln!(
            h,
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            esc(&s.label),
            if description.is_empty() {
                format!("<span class=\"muted\">{}</span>", l.t("no_description"))
            } else {
                esc(description)
            }
        );
    }
    h.push_str("</tbody></table>\n");

    let flats: Vec<Vec<(String, String, String)>> = scenarios
        .iter()
        .map(|s| flat_settings(&s.scenario, l))
        .collect();
    // Every path in first-seen order.
    let mut paths: Vec<(String, String)> = Vec::new();
    for flat in &flats {
        for (path, label, _) in flat {
            if !paths.iter().any(|(p, _)| p == path) {
                paths.push((path.clone(), label.clone()));
            }
        }
    }
    let value_of = |i: usize, path: &str| -> String {
        flats[i]
            .iter()
            .find(|(p, _, _)| p == path)
            .map_or_else(|| "–".to_string(), |(_, _, v)| v.clone())
    };
    let mut differing = Vec::new();
    let mut common = Vec::new();
    for (path, label) in &paths {
        let values: Vec<String> = (0..scenarios.len()).map(|i| value_of(i, path)).collect();
        if values.windows(2).all(|w| w[0] == w[1]) {
            common.push((path, label, values));
        } else {
            differing.push((path, label, values));
        }
    }
    let _ = writeln!(h, "<h3>{}</h3>", l.t("settings_differ"));
    if differing.is_empty() {
        let _ = writeln!(h, "<p class=\"note\">{}</p>", l.rich("same_settings", &[]));
    } else {
        let _ = write!(
            h,
            "<table class=\"settings side\"><thead><tr><th>{}</th>",
            l.t("col_setting")
        );
        for s in scenarios {
            let _ = write!(h, "<th class=\"num\">{}</th>", esc(&s.label));
        }
        h.push_str("</tr></thead><tbody>\n");
        for (path, label, values) in &differing {
            let _ = write!(
                h,
                "<tr><th scope=\"row\">{}<span class=\"meaning\">{}</span></th>",
                esc(label),
                meaning_html(&key_meaning_in(path, Some(&scenarios[0].scenario), l))
            );
            for (i, v) in values.iter().enumerate() {
                let class = if i > 0 && *v != values[0] {
                    "num changed"
                } else {
                    "num"
                };
                let _ = write!(h, "<td class=\"{class}\">{}</td>", esc(v));
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody></table>\n");
        let _ = writeln!(
            h,
            "<p class=\"note\">{}</p>",
            l.rich("bold_differs", &[&scenarios[0].label])
        );
    }
    let _ = writeln!(
        h,
        "<h3>{}</h3>\n<div class=\"grid2\">",
        l.t("settings_shared")
    );
    let changed_params: Vec<String> = changed_parameters(&scenarios[0].scenario, l)
        .into_iter()
        .map(|c| c.0)
        .collect();
    // The workforce is shown as its own table when every scenario has the same one.
    let same_workforce = scenarios
        .iter()
        .all(|s| s.scenario["workforce"] == scenarios[0].scenario["workforce"]);
    let shown: Vec<_> = common
        .iter()
        .filter(|(path, _, _)| !(same_workforce && path.starts_with("workforce.")))
        .filter(|(path, _, _)| {
            !path.starts_with("parameters.")
                || changed_params
                    .iter()
                    .any(|c| path.ends_with(&format!(".{c}")))
        })
        .collect();
    let half = shown.len().div_ceil(2);
    for chunk in [&shown[..half], &shown[half..]] {
        h.push_str("<table class=\"settings\"><tbody>\n");
        for (_, label, values) in chunk.iter() {
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\">{}</th><td class=\"value\">{}</td></tr>",
                esc(label),
                esc(&values[0])
            );
        }
        h.push_str("</tbody></table>\n");
    }
    h.push_str("</div>\n");
    if same_workforce && scenarios[0].scenario["knowledge"]["mode"].as_str() != Some("march1991") {
        render_workforce(h, &scenarios[0].scenario, &[], l);
    }
    let _ = writeln!(
        h,
        "<p class=\"note\">{}</p>",
        l.rich("params_not_listed", &[&PARAMETER_SPECS.len().to_string()])
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::schema::scenario_keys;

    #[test]
    fn paths_name_their_key_in_any_table() {
        let meaning = |path: &str| key_meaning_in(path, None, Lang::En);
        let declared = |table: &str, name: &str| {
            scenario_keys()
                .find(|k| k.table == table && k.name == name)
                .unwrap()
                .meaning
        };
        assert_eq!(
            meaning("economy.sectors.1.share"),
            declared("economy.sectors", "share")
        );
        assert_eq!(
            meaning("economy.adoption.imitation"),
            declared("economy.adoption", "imitation")
        );
        assert_eq!(
            meaning("environment.shocks.0.month"),
            declared("environment.shocks", "month")
        );
        assert_eq!(meaning("months"), declared("", "months"));
        assert!(meaning("economy.nothing").is_empty());
    }

    /// An intervention key takes the kind of its intervention: `share_of_managers` means
    /// something else for a coaching programme than for a change of style.
    #[test]
    fn intervention_keys_take_their_interventions_kind() {
        let scenario = serde_json::json!({"interventions": [
            {"kind": {"kind": "coaching_programme"}},
            {"kind": {"kind": "manager_style"}},
        ]});
        let of = |i: usize, l: Lang| {
            key_meaning_in(
                &format!("interventions.{i}.share_of_managers"),
                Some(&scenario),
                l,
            )
        };
        assert_ne!(of(0, Lang::En), of(1, Lang::En));
        assert_ne!(of(0, Lang::Nl), of(1, Lang::Nl));
        assert_ne!(of(1, Lang::En), of(1, Lang::Nl));
        assert_eq!(
            of(1, Lang::Nl),
            Lang::Nl.key_meaning("interventions", "share_of_managers", &of(1, Lang::En))
        );
    }

    #[test]
    fn a_sweeps_values_in_either_language() {
        let values = |first: &[&str], count: usize, last: &str| VariedValues {
            count,
            first: first.iter().map(|s| s.to_string()).collect(),
            last: last.to_string(),
        };
        let many = values(&["0.05", "0.1"], 12, "0.4");
        assert_eq!(varied_text(&many, Lang::En), "12 values, 0.05 … 0.4");
        assert_eq!(varied_text(&many, Lang::Nl), "12 waarden, 0,05 … 0,4");
        let few = values(&["0.5", "1", "true", "top_down"], 4, "top_down");
        assert_eq!(varied_text(&few, Lang::En), "0.5, 1, true, top_down");
        assert_eq!(varied_text(&few, Lang::Nl), "0,5; 1; ja; top_down");
        assert_eq!(varied_text(&values(&[], 0, ""), Lang::Nl), "gevarieerd");
    }

    #[test]
    fn settings_in_dutch_have_dutch_labels_values_and_defaults() {
        let scenario = serde_json::json!({
            "months": 60,
            "knowledge": {"mode": "social", "until_equilibrium": true},
            "organisation": {"team_size": 10, "initial_fill": 0.9},
        });
        let organisation = section_settings(&scenario, "organisation", Lang::Nl);
        let fill = organisation
            .iter()
            .find(|s| s.path == "organisation.initial_fill")
            .unwrap();
        assert_eq!(fill.label, "Bezetting bij de start");
        assert_eq!(fill.value, "0,9");
        assert_eq!(fill.changed_from.as_deref(), Some("0,95"));
        assert!(fill.meaning.contains("maand 0"), "{}", fill.meaning);
        let en = section_settings(&scenario, "organisation", Lang::En);
        assert_eq!(en[1].label, "Initial fill");
        assert_eq!(en[1].value, "0.9");
        assert_eq!(en[1].changed_from.as_deref(), Some("0.95"));
    }
}
