//! The `[calibration]` table of a targets file: name, sampling, acceptance and the base
//! scenario, loaded with the overrides of every population at both ends of every prior.

use super::*;

impl Checker<'_> {
    pub(super) fn check(&mut self, doc: &Table) -> Option<TargetsSpec> {
        self.unknown_keys(doc, TOP_KEYS, "");
        let empty = Table::default();
        let (calibration, calibration_origin) = match doc.get("calibration") {
            Some(Entry {
                node:
                    Node {
                        value: Value::Table(t),
                        origin,
                    },
                ..
            }) => (t, origin.clone()),
            Some(entry) => {
                self.report(Diagnostic::new(
                    entry.node.origin.clone(),
                    Some("calibration".into()),
                    "`calibration` has the wrong type",
                    format!(
                        "expected a `[calibration]` table, found {}",
                        entry.node.value.type_phrase()
                    ),
                ));
                (&empty, Origin::Builtin)
            }
            None => {
                self.report(
                    Diagnostic::new(
                        Origin::File(0..0),
                        Some("calibration".into()),
                        "the `[calibration]` table is missing",
                        "expected `[calibration]` with `samples`, `replications` and `accept`",
                    )
                    .with_note("a targets file has `[calibration]`, `[[population]]`, `[[prior]]` and `[[target]]` tables"),
                );
                (&empty, Origin::Builtin)
            }
        };
        let c = "calibration.";
        self.unknown_keys(calibration, CALIBRATION_KEYS, "calibration");
        let name = self.calibration_name(calibration);
        let description = self
            .string(calibration, c, "description")
            .unwrap_or_default();
        let replications = self
            .integer(calibration, c, "replications", 1, 100_000)
            .map_or(DEFAULT_REPLICATIONS, |r| r as u32);
        let seed = self
            .integer(calibration, c, "seed", 0, i64::MAX)
            .unwrap_or(1) as u64;
        let samples = self.integer(calibration, c, "samples", 1, MAX_SAMPLES);
        if samples.is_none() && calibration.get("samples").is_none() {
            self.missing(
                &calibration_origin,
                c,
                "samples",
                "the number of parameter sets to draw",
            );
        }
        let latin_hypercube = match calibration.get("design") {
            None => true,
            Some(_) => {
                let kind = ValueKind::Choice(SAMPLE_DESIGNS);
                matches!(self.scalar(calibration, c, "design", kind), Some(Scalar::Str(s)) if s == "latin_hypercube")
            }
        };
        let accept = self.accept(calibration, &calibration_origin);

        let mut base_overrides: Vec<Placed> = self.overrides(calibration, c);
        let seed_origin = calibration
            .get("seed")
            .map_or(Origin::Builtin, |e| e.node.origin.clone());
        base_overrides.push((format!("seed={seed}"), seed_origin));
        base_overrides.push((format!("replications={replications}"), Origin::Builtin));
        let (base_source, base_text, mut base_origin) = self.base(calibration)?;
        if base_origin == Origin::Builtin {
            // The built-in base: its problems come from the overrides, or the table as a whole.
            base_origin = calibration
                .get("set")
                .map_or(calibration_origin.clone(), |e| e.key_origin.clone());
        }

        let populations = self.populations(doc);
        let priors = self.priors(doc);
        for (population, _) in &populations {
            for ((key, _), origin) in population.0.set.iter().zip(&population.1) {
                if let Some((_, ((_, prior_origin), _))) =
                    priors.iter().find(|(p, _)| p.key == *key)
                {
                    self.report(
                        Diagnostic::new(
                            origin.clone(),
                            Some(key.clone()),
                            format!("population `{}` sets `{key}`, which has a prior", population.0.name),
                            "expected a key the priors do not vary",
                        )
                        .with_related(prior_origin.clone(), "the prior's range")
                        .with_note("a prior's key is drawn for each parameter set; a population cannot fix it"),
                    );
                }
            }
        }
        // The base with every population's overrides at both ends of every prior: the
        // corners of what the calibration runs.
        let base = self.load_base(&base_source, &base_text, &base_origin, &base_overrides, &[]);
        let months = base.as_ref().map_or(1200, |b| b.months);
        for (population, origin) in populations.iter().filter(|_| base.is_some()) {
            for end in [false, true] {
                let mut all = base_overrides.clone();
                all.extend(population.set_text());
                for (prior, (low, high)) in &priors {
                    let (x, o) = if end { high } else { low };
                    all.push((
                        format!("{}={}", prior.key, number_text(*x, prior.integer)),
                        o.clone(),
                    ));
                }
                let what = format!("population `{}`", population.0.name);
                if self
                    .load_base(&base_source, &base_text, origin, &all, &[what])
                    .is_none()
                {
                    break;
                }
            }
        }
        let population_names: Vec<&str> =
            populations.iter().map(|(p, _)| p.0.name.as_str()).collect();
        let targets = self.targets(doc, &population_names, months);
        base.as_ref()?;
        let samples = samples? as u32;
        let accept = accept?;
        Some(TargetsSpec {
            name: name?,
            description,
            base_source,
            base_text,
            base_overrides: base_overrides
                .into_iter()
                .filter(|(s, _)| !s.starts_with("replications="))
                .map(|(s, _)| s)
                .collect(),
            replications,
            seed,
            samples,
            latin_hypercube,
            accept,
            populations: populations.into_iter().map(|(p, _)| p.0).collect(),
            priors: priors.into_iter().map(|(p, _)| p).collect(),
            targets,
            months,
        })
    }

    pub(super) fn calibration_name(&mut self, calibration: &Table) -> Option<String> {
        let from_stem = || {
            Path::new(self.source_name)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        match calibration.get("name") {
            Some(entry) => {
                let name = self.string(calibration, "calibration.", "name")?;
                if let Some(d) =
                    check_name(&name, &entry.node.origin, "calibration.name", "calibration")
                {
                    self.report(d);
                    return None;
                }
                Some(name)
            }
            None => {
                let stem = from_stem();
                if let Some(d) = check_file_stem(&stem, "calibration") {
                    self.report(d);
                    return None;
                }
                Some(stem)
            }
        }
    }

    pub(super) fn accept(&mut self, calibration: &Table, origin: &Origin) -> Option<AcceptSpec> {
        let path = "calibration.accept.";
        let Some(entry) = calibration.get("accept") else {
            self.missing(
                origin,
                "calibration.",
                "accept",
                "`{ quantile = 0.05 }` or `{ all_within_bands = true }`",
            );
            return None;
        };
        let Value::Table(table) = &entry.node.value else {
            self.report(Diagnostic::new(
                entry.node.origin.clone(),
                Some("calibration.accept".into()),
                "`calibration.accept` has the wrong type",
                format!(
                    "expected a table such as `{{ quantile = 0.05 }}`, found {}",
                    entry.node.value.type_phrase()
                ),
            ));
            return None;
        };
        self.unknown_keys(table, ACCEPT_KEYS, "calibration.accept");
        let quantile = self.number(table, path, "quantile", f64::MIN_POSITIVE, 1.0);
        let max_distance = self.number(table, path, "max_distance", 0.0, f64::MAX);
        let within = self.boolean(table, path, "all_within_bands");
        let rule = match (table.get("quantile"), within) {
            (Some(_), Some(true)) => {
                self.report(Diagnostic::new(
                    entry.node.origin.clone(),
                    Some("calibration.accept".into()),
                    "`calibration.accept` has two rules",
                    "expected either `quantile` or `all_within_bands = true`",
                ));
                return None;
            }
            (Some(_), _) => AcceptSpec::Quantile {
                share: quantile?,
                max_distance,
            },
            (None, Some(true)) if table.get("max_distance").is_none() => AcceptSpec::AllWithinBands,
            _ => {
                self.report(
                    Diagnostic::new(
                        entry.node.origin.clone(),
                        Some("calibration.accept".into()),
                        "`calibration.accept` has no rule",
                        "expected `quantile = 0.05` (with an optional `max_distance`) or `all_within_bands = true`",
                    ),
                );
                return None;
            }
        };
        Some(rule)
    }

    /// The base scenario's source name, text and the origin problems in it are reported at.
    pub(super) fn base(&mut self, calibration: &Table) -> Option<(String, String, Origin)> {
        let Some(entry) = calibration.get("base") else {
            return Some((
                "default.toml".into(),
                DEFAULT_SCENARIO_TOML.into(),
                Origin::Builtin,
            ));
        };
        let path = self.string(calibration, "calibration.", "base")?;
        let full = self.base_dir.join(&path);
        let source = full.display().to_string();
        let text = read_source(&full, "scenario file").and_then(|bytes| {
            String::from_utf8(bytes).map_err(|_| "it is not a text file (invalid UTF-8)".into())
        });
        match text {
            Ok(text) => Some((source, text, entry.node.origin.clone())),
            Err(reason) => {
                self.report(
                    Diagnostic::new(
                        entry.node.origin.clone(),
                        Some("calibration.base".into()),
                        format!("cannot read base scenario `{source}`: {reason}"),
                        "expected the path of a scenario file",
                    )
                    .with_note("`base` is relative to the targets file's folder; leave it out for the built-in default scenario"),
                );
                None
            }
        }
    }

    /// Loads the base with `overrides`; a problem is reported where its override was written,
    /// or at `fallback` (prefixed with `context`).
    pub(super) fn load_base(
        &mut self,
        source: &str,
        text: &str,
        fallback: &Origin,
        overrides: &[Placed],
        context: &[String],
    ) -> Option<crate::model::inputs::Scenario> {
        let args: Vec<String> = overrides.iter().map(|(a, _)| a.clone()).collect();
        match load_str(source, text, &args) {
            Ok(scenario) => Some(scenario),
            Err(e) => {
                let prefix = context.first().map_or(String::new(), |c| format!("{c}: "));
                for problem in e.diagnostics() {
                    let origin = match &problem.origin {
                        Origin::Set { index, .. } => overrides.get(*index).map(|(_, o)| o.clone()),
                        _ => None,
                    };
                    let origin = match origin {
                        Some(Origin::Builtin) | None => fallback.clone(),
                        Some(o) => o,
                    };
                    let mut d = Diagnostic::new(
                        origin,
                        problem.key.clone(),
                        format!("{prefix}{}", problem.title),
                        problem.label.clone(),
                    );
                    d.help = problem.help.clone();
                    d.notes = problem.notes.clone();
                    if !matches!(problem.origin, Origin::Set { .. }) {
                        d = d.with_note(format!("in the base scenario `{source}`"));
                    }
                    self.report(d);
                }
                None
            }
        }
    }
}
