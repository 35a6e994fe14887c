//! The `[[target]]` tables of a targets file: statistic, metric, populations, month, band
//! and source.

use super::*;

impl Checker<'_> {
    pub(super) fn targets(
        &mut self,
        doc: &Table,
        populations: &[&str],
        months: u32,
    ) -> Vec<TargetSpec> {
        let tables = self.tables(doc, "target");
        if tables.is_empty() && doc.get("target").is_none() {
            self.report(Diagnostic::new(
                Origin::File(0..0),
                Some("target".into()),
                "no `[[target]]`",
                "expected at least one target",
            ));
        }
        let metric_names: Vec<&str> = METRICS.iter().map(|m| m.name).collect();
        let mut found: Vec<TargetSpec> = vec![];
        for (i, (table, origin)) in tables.into_iter().enumerate() {
            let path = format!("target[{i}].");
            self.unknown_keys(table, TARGET_KEYS, &path[..path.len() - 1]);
            let require = |key: &str, expected: &str, this: &mut Self| {
                if table.get(key).is_none() {
                    this.missing(&origin, &path, key, expected);
                }
            };
            require("name", "a name", self);
            require(
                "statistic",
                &format!("one of {}", list_names(STATISTICS)),
                self,
            );
            require("metric", "a metric name", self);
            require("month", "a month of the base scenario", self);
            require("band", "`[low, high]`", self);
            require("source", "the full citation of the empirical number", self);
            let name = self.string(table, &path, "name");
            if let (Some(name), Some(entry)) = (&name, table.get("name"))
                && found.iter().any(|t| t.name == *name)
            {
                self.report(Diagnostic::new(
                    entry.node.origin.clone(),
                    Some(format!("{path}name")),
                    format!("target `{name}` is named twice"),
                    "expected a name of its own",
                ));
            }
            let statistic =
                match self.scalar(table, &path, "statistic", ValueKind::Choice(STATISTICS)) {
                    Some(Scalar::Str(s)) => Some(match s.as_str() {
                        "value" => StatisticKind::Value,
                        "relative_change" => StatisticKind::RelativeChange,
                        "standardised_difference" => StatisticKind::StandardisedDifference,
                        _ => StatisticKind::OneMinus,
                    }),
                    _ => None,
                };
            let metric = self.metric(table, &path, &metric_names, statistic);
            let month = self.integer(table, &path, "month", 0, months as i64);
            if month.is_none()
                && let Some(entry) = table.get("month")
                && matches!(entry.node.value, Value::Int(Some(_)))
            {
                // The range message above says why; name the horizon it comes from.
                if let Some(last) = self.diagnostics.last_mut() {
                    last.notes.push(format!(
                        "the base scenario (with `[calibration] set`) runs {months} months"
                    ));
                }
            }
            let complement = self.boolean(table, &path, "complement").unwrap_or(false);
            let band = self.band(table, &path);
            let source = self.string(table, &path, "source");
            let peer_reviewed = self.boolean(table, &path, "peer_reviewed").unwrap_or(true);
            let note = self.string(table, &path, "note").unwrap_or_default();
            let chosen = statistic
                .and_then(|s| self.target_populations(table, &path, &origin, s, populations));
            if let (
                Some(name),
                Some(statistic),
                Some((metric, sd_metric)),
                Some(month),
                Some(band),
                Some(source),
                Some(populations),
            ) = (name, statistic, metric, month, band, source, chosen)
            {
                found.push(TargetSpec {
                    name,
                    statistic,
                    metric,
                    sd_metric,
                    populations,
                    month: month as u32,
                    complement,
                    band,
                    source,
                    peer_reviewed,
                    note,
                });
            }
        }
        found
    }

    /// The target's metric (and the SD metric a standardised difference reads).
    pub(super) fn metric(
        &mut self,
        table: &Table,
        path: &str,
        names: &[&str],
        statistic: Option<StatisticKind>,
    ) -> Option<(String, Option<String>)> {
        let entry = table.get("metric")?;
        let Value::Str(metric) = &entry.node.value else {
            self.report(Diagnostic::new(
                entry.node.origin.clone(),
                Some(format!("{path}metric")),
                format!("`{path}metric` has the wrong type"),
                format!(
                    "expected a metric name, found {}",
                    entry.node.value.type_phrase()
                ),
            ));
            return None;
        };
        if !names.contains(&metric.as_str()) {
            let mut d = Diagnostic::new(
                entry.node.origin.clone(),
                Some(format!("{path}metric")),
                format!("unknown metric `{metric}`"),
                "expected a metric of the model",
            )
            .with_note(format!("metrics: {}", list_names(names)));
            if let Some(s) = did_you_mean(metric, names.iter().copied()) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            self.report(d);
            return None;
        }
        let sd = format!("sd_{metric}");
        if statistic == Some(StatisticKind::StandardisedDifference) {
            if !names.contains(&sd.as_str()) {
                self.report(
                    Diagnostic::new(
                        entry.node.origin.clone(),
                        Some(format!("{path}metric")),
                        format!("`{metric}` has no individual standard deviation"),
                        format!("a standardised difference divides by metric `{sd}`, which the model does not report"),
                    )
                    .with_help("use `relative_change`, or a metric with an `sd_` companion"),
                );
                return None;
            }
            return Some((metric.clone(), Some(sd)));
        }
        Some((metric.clone(), None))
    }

    pub(super) fn band(&mut self, table: &Table, path: &str) -> Option<(f64, f64)> {
        let entry = table.get("band")?;
        let bad = |this: &mut Self, label: String| {
            this.report(Diagnostic::new(
                entry.node.origin.clone(),
                Some(format!("{path}band")),
                format!("`{path}band` is not a band"),
                label,
            ));
        };
        let Value::Array(items) = &entry.node.value else {
            bad(
                self,
                format!(
                    "expected `[low, high]`, found {}",
                    entry.node.value.type_phrase()
                ),
            );
            return None;
        };
        let numbers: Vec<f64> = items
            .iter()
            .filter_map(|n| match n.value {
                Value::Float(x) if x.is_finite() => Some(x),
                Value::Int(Some(i)) => Some(i as f64),
                _ => None,
            })
            .collect();
        match numbers[..] {
            [low, high] if numbers.len() == items.len() && low < high => Some((low, high)),
            [low, high] if numbers.len() == items.len() => {
                bad(
                    self,
                    format!("expected `low` below `high`, found {low} and {high}"),
                );
                None
            }
            _ => {
                bad(self, "expected two finite numbers `[low, high]`".into());
                None
            }
        }
    }

    pub(super) fn target_populations(
        &mut self,
        table: &Table,
        path: &str,
        origin: &Origin,
        statistic: StatisticKind,
        populations: &[&str],
    ) -> Option<Vec<usize>> {
        let want = statistic.populations();
        let (key, other) = if want == 1 {
            ("population", "populations")
        } else {
            ("populations", "population")
        };
        if let Some(entry) = table.get(other) {
            self.report(Diagnostic::new(
                entry.key_origin.clone(),
                Some(format!("{path}{other}")),
                format!("statistic `{}` takes `{key}`", statistic.name()),
                if want == 1 {
                    "expected `population = \"NAME\"`".to_string()
                } else {
                    "expected `populations = [\"REFERENCE\", \"COMPARED\"]`".to_string()
                },
            ));
            return None;
        }
        let Some(entry) = table.get(key) else {
            self.missing(
                origin,
                path,
                key,
                if want == 1 {
                    "a population's name"
                } else {
                    "`[\"REFERENCE\", \"COMPARED\"]`"
                },
            );
            return None;
        };
        let nodes: Vec<&Node> = match &entry.node.value {
            Value::Array(items) if want == 2 => items.iter().collect(),
            _ if want == 1 => vec![&entry.node],
            _ => vec![],
        };
        if nodes.len() != want {
            self.report(Diagnostic::new(
                entry.node.origin.clone(),
                Some(format!("{path}{key}")),
                format!("`{path}{key}` names {} populations", nodes.len()),
                "expected two: the reference, then the compared one",
            ));
            return None;
        }
        let mut found = vec![];
        for node in nodes {
            match &node.value {
                Value::Str(s) => match populations.iter().position(|p| p == s) {
                    Some(i) => found.push(i),
                    None => {
                        let mut d = Diagnostic::new(
                            node.origin.clone(),
                            Some(format!("{path}{key}")),
                            format!("unknown population `{s}`"),
                            format!("expected one of {}", list_names(populations)),
                        );
                        if let Some(s) = did_you_mean(s, populations.iter().copied()) {
                            d = d.with_help(format!("did you mean `{s}`?"));
                        }
                        self.report(d);
                    }
                },
                other => self.report(Diagnostic::new(
                    node.origin.clone(),
                    Some(format!("{path}{key}")),
                    format!("`{path}{key}` has the wrong type"),
                    format!(
                        "expected a population's name, found {}",
                        other.type_phrase()
                    ),
                )),
            }
        }
        if found.len() == 2 && found[0] == found[1] {
            self.report(Diagnostic::new(
                entry.node.origin.clone(),
                Some(format!("{path}{key}")),
                "a population is compared with itself",
                "expected two different populations",
            ));
            return None;
        }
        (found.len() == want).then_some(found)
    }
}
