//! The `[[population]]` and `[[prior]]` tables of a targets file.

use super::*;

impl Checker<'_> {
    pub(super) fn populations(&mut self, doc: &Table) -> Vec<(Population, Origin)> {
        let mut found: Vec<(Population, Origin)> = vec![];
        let tables = self.tables(doc, "population");
        if tables.is_empty() && doc.get("population").is_none() {
            self.report(
                Diagnostic::new(
                    Origin::File(0..0),
                    Some("population".into()),
                    "no `[[population]]`",
                    "expected at least one population",
                )
                .with_help("write e.g. `[[population]]` `name = \"control\"` `set = [\"management.style_mean=0.05\"]`"),
            );
        }
        if tables.len() > MAX_POPULATIONS {
            self.report(Diagnostic::new(
                tables[MAX_POPULATIONS].1.clone(),
                Some("population".into()),
                "too many populations",
                format!("expected at most {MAX_POPULATIONS}"),
            ));
        }
        for (i, (table, origin)) in tables.into_iter().take(MAX_POPULATIONS).enumerate() {
            let path = format!("population[{i}].");
            self.unknown_keys(table, POPULATION_KEYS, &path[..path.len() - 1]);
            let Some(name) = self.string(table, &path, "name") else {
                if table.get("name").is_none() {
                    self.missing(&origin, &path, "name", "a name, e.g. \"control\"");
                }
                continue;
            };
            let name_origin = table
                .get("name")
                .map_or(origin.clone(), |e| e.node.origin.clone());
            if found.iter().any(|(p, _)| p.0.name == name) {
                self.report(Diagnostic::new(
                    name_origin.clone(),
                    Some(format!("{path}name")),
                    format!("population `{name}` is named twice"),
                    "expected a name of its own",
                ));
                continue;
            }
            let mut set = vec![];
            let mut origins = vec![];
            for (arg, o) in self.overrides(table, &path) {
                let (key, value) = arg.split_once('=').unwrap_or((&arg, ""));
                let key = key.trim().to_string();
                if matches!(key.as_str(), "seed" | "replications") {
                    self.report(Diagnostic::new(
                        o.clone(),
                        Some(format!("{path}set")),
                        format!("a population cannot set `{key}`"),
                        "every population runs with the calibration's seed and replications (common random numbers)",
                    ));
                    continue;
                }
                if set.iter().any(|(k, _)| *k == key) {
                    self.report(Diagnostic::new(
                        o.clone(),
                        Some(format!("{path}set")),
                        format!("population `{name}` sets `{key}` twice"),
                        "expected each key once",
                    ));
                    continue;
                }
                set.push((key, set_value(value.trim())));
                origins.push(o);
            }
            found.push((
                Population(PopulationSpec { name, set }, origins),
                name_origin,
            ));
        }
        // Every population sets the same keys, so each point has a value for every key.
        if let Some(((first, _), rest)) = found.split_first() {
            let keys = |p: &Population| {
                let mut k: Vec<String> = p.0.set.iter().map(|(k, _)| k.clone()).collect();
                k.sort();
                k
            };
            let expected = keys(first);
            for (p, origin) in rest {
                if keys(p) != expected {
                    self.report(
                        Diagnostic::new(
                            origin.clone(),
                            Some("population.set".into()),
                            format!(
                                "population `{}` sets other keys than `{}`",
                                p.0.name, first.0.name
                            ),
                            format!(
                                "expected the keys {}",
                                list_names(
                                    &expected.iter().map(String::as_str).collect::<Vec<_>>()
                                )
                            ),
                        )
                        .with_note("every population sets the same keys, each to its own value"),
                    );
                }
            }
        }
        found
    }

    #[allow(clippy::type_complexity)]
    pub(super) fn priors(
        &mut self,
        doc: &Table,
    ) -> Vec<(PriorSpec, ((f64, Origin), (f64, Origin)))> {
        let mut found: Vec<(PriorSpec, ((f64, Origin), (f64, Origin)))> = vec![];
        for (i, (table, origin)) in self.tables(doc, "prior").into_iter().enumerate() {
            let path = format!("prior[{i}].");
            self.unknown_keys(table, PRIOR_KEYS, &path[..path.len() - 1]);
            let Some(key) = self.string(table, &path, "key") else {
                if table.get("key").is_none() {
                    self.missing(
                        &origin,
                        &path,
                        "key",
                        "a key as `--set` writes it, e.g. \"parameters.b_trust\"",
                    );
                }
                continue;
            };
            let key_origin = table
                .get("key")
                .map_or(origin.clone(), |e| e.node.origin.clone());
            let Some(info) = self.prior_key(&key, &key_origin) else {
                continue;
            };
            if found.iter().any(|(p, _)| p.key == key) {
                self.report(Diagnostic::new(
                    key_origin,
                    Some(format!("{path}key")),
                    format!("`{key}` has two priors"),
                    "expected one `[[prior]]` per key",
                ));
                continue;
            }
            let integer = matches!(info.value, ValueKind::Int { .. });
            let suffix = format!(" for `{key}`");
            let end = |end: &str, this: &mut Self| -> Option<(f64, Origin)> {
                let Some(entry) = table.get(end) else {
                    this.missing(&origin, &path, end, &info.expected());
                    return None;
                };
                match check_scalar(info.value, &format!("{path}{end}"), &suffix, &entry.node) {
                    Ok(Scalar::Float(x)) => Some((x, entry.node.origin.clone())),
                    Ok(Scalar::Int(i)) => Some((i as f64, entry.node.origin.clone())),
                    Ok(_) => None,
                    Err(d) => {
                        this.report(d.with_note(format!(
                            "`{key}` is declared as {} (`orgsim params`)",
                            info.expected()
                        )));
                        None
                    }
                }
            };
            let (Some(low), Some(high)) = (end("low", self), end("high", self)) else {
                continue;
            };
            if low.0 >= high.0 {
                self.report(Diagnostic::new(
                    high.1.clone(),
                    Some(format!("{path}high")),
                    format!("the prior of `{key}` is empty"),
                    format!("expected `high` above `low` ({})", low.0),
                ));
                continue;
            }
            found.push((
                PriorSpec {
                    key,
                    low: low.0,
                    high: high.0,
                    integer,
                },
                (low, high),
            ));
        }
        found
    }

    /// The declaration of a prior's key: a model parameter or a numeric scenario key outside
    /// the lists.
    pub(super) fn prior_key(&mut self, key: &str, origin: &Origin) -> Option<KeyInfo> {
        let (table, name) = key.rsplit_once('.').unwrap_or(("", key));
        let numeric =
            |k: &KeyInfo| matches!(k.value, ValueKind::Int { .. } | ValueKind::Float { .. });
        if let Some(info) = find_key(table, None, name).filter(numeric)
            && !matches!(key, "seed" | "replications")
        {
            return Some(info);
        }
        let mut candidates: Vec<String> = PARAMETER_SPECS
            .iter()
            .map(|s| format!("parameters.{}", s.name))
            .collect();
        candidates.extend(
            SCENARIO_KEYS
                .iter()
                .filter(|k| {
                    numeric(k)
                        && !k.table.contains("workforce")
                        && !k.table.contains("interventions")
                        && !k.table.contains("shocks")
                })
                .map(|k| {
                    if k.table.is_empty() {
                        k.name.to_string()
                    } else {
                        format!("{}.{}", k.table, k.name)
                    }
                }),
        );
        let mut d = Diagnostic::new(
            origin.clone(),
            Some(key.into()),
            format!("`{key}` cannot have a prior"),
            "expected a model parameter (`parameters.NAME`) or a numeric scenario key outside the lists",
        );
        if let Some(s) = did_you_mean(key, candidates.iter().map(String::as_str)).or_else(|| {
            did_you_mean(
                &format!("parameters.{name}"),
                candidates.iter().map(String::as_str),
            )
        }) {
            d = d.with_help(format!("did you mean `{s}`?"));
        }
        self.report(d.with_note("`orgsim params` lists every key with its range"));
        None
    }
}
