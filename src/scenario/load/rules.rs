//! The cross-field rules of a scenario, checked once every key is valid on its own: workforce
//! shares sum to 1, months within the horizon, the organisation's size and memory.

use crate::ground::text::format_bytes;
use crate::model::state::{BYTES_PER_SLOT, BYTES_PER_TEAM, state_bytes};
use crate::scenario::Diagnostic;
use crate::scenario::diagnostics::Origin;
use crate::scenario::load::{Checked, CheckedDocument, Checker, Scalar};
use crate::scenario::schema::{MAX_SLOTS, SHARE_SUM_TOLERANCE, format_number};

impl Checker {
    /// Refuses more than `MAX_SLOTS` slots, saying how much memory they would take. Uses the
    /// sizes as written even when a range check refused them, so that `teams = 10^11` is
    /// explained by its memory and not only by its range; products are computed in 128 bits.
    pub(super) fn check_organisation_size(&mut self, org: &Checked) {
        let written = |name: &str| -> u128 {
            match org.get(name) {
                Some(Scalar::Int(i)) => (*i).max(0) as u128,
                _ => match org.refused_ints.iter().find(|(n, _)| *n == name) {
                    Some((_, Some(i))) => (*i).max(0) as u128,
                    Some((_, None)) => 1 << 64,
                    None => org.int(name).max(0) as u128,
                },
            }
        };
        let (teams, team_size) = (written("teams"), written("team_size"));
        let slots = teams.saturating_mul(team_size);
        if slots <= u128::from(MAX_SLOTS) {
            return;
        }
        let clamp = |x: u128| u64::try_from(x).unwrap_or(u64::MAX);
        let memory = match (u64::try_from(slots), u64::try_from(teams)) {
            (Ok(slots), Ok(teams)) => format!(
                "about {} of memory ({BYTES_PER_SLOT} bytes a slot and {BYTES_PER_TEAM} a team)",
                format_bytes(state_bytes(slots, teams))
            ),
            _ => "more memory than any computer has".to_string(),
        };

        let help = "reduce `organisation.teams` or `organisation.team_size`";
        // A size already refused by its range gets the explanation as a note; otherwise the
        // product is the problem.
        let refused_key: Vec<String> = org
            .refused_ints
            .iter()
            .map(|(name, _)| format!("organisation.{name}"))
            .collect();
        if let Some(refused) = self
            .diagnostics
            .iter_mut()
            .rev()
            .find(|d| d.key.as_ref().is_some_and(|k| refused_key.contains(k)))
        {
            refused.notes.push(if slots >= 1 << 64 {
                format!("an organisation that large (more than 2^64 slots) would need {memory}")
            } else {
                format!("{teams} teams × {team_size} slots = {slots} slots would need {memory}")
            });
            return;
        }
        let origin = org
            .origin("teams")
            .or(org.origin("team_size"))
            .cloned()
            .unwrap_or(Origin::Builtin);
        let mut d = Diagnostic::new(
            origin,
            Some("organisation.teams".into()),
            format!(
                "the organisation is too large: {} slots would need {memory}",
                clamp(slots)
            ),
            format!(
                "{teams} teams × {team_size} people = {slots} slots; expected at most {MAX_SLOTS}"
            ),
        )
        .with_help(help);
        if let Some(o) = org.origin("team_size") {
            d = d.with_related(o.clone(), "");
        }
        self.report(d);
    }

    pub(super) fn check_cross_fields(&mut self, doc: &CheckedDocument) {
        self.check_organisation_size(&doc.organisation);

        // A warm-up belongs to the social model (March's has no interventions to hold back).
        if let (Some(Scalar::Int(w)), Some(origin)) = (
            doc.top.get("warmup_months"),
            doc.top.origin("warmup_months"),
        ) && *w > 0
            && doc.knowledge.text("mode").as_deref() == Some("march1991")
        {
            self.report(
                Diagnostic::new(
                    origin.clone(),
                    Some("warmup_months".into()),
                    "`warmup_months` applies to the social model only",
                    "a warm-up here would be ignored",
                )
                .with_help("remove `warmup_months`, or set knowledge.mode = \"social\""),
            );
        }

        // Workforce shares and names.
        let shares: Option<Vec<(String, f64, Origin)>> = doc
            .workforce
            .iter()
            .map(|g| match (g.get("share"), g.origin("share")) {
                (Some(Scalar::Float(x)), Some(o)) => {
                    Some((g.text("name").unwrap_or_default(), *x, o.clone()))
                }
                _ => None,
            })
            .collect();
        if let Some(shares) = shares.filter(|s| !s.is_empty()) {
            let sum: f64 = shares.iter().map(|(_, x, _)| x).sum();
            if (sum - 1.0).abs() > SHARE_SUM_TOLERANCE {
                let terms: Vec<String> = shares
                    .iter()
                    .map(|(n, x, _)| format!("{n} {}", format_number(*x)))
                    .collect();
                let mut placed = shares.iter().filter(|(.., o)| *o != Origin::Builtin);
                let primary = placed.next().map_or(Origin::Builtin, |(.., o)| o.clone());
                let mut d = Diagnostic::new(
                    primary,
                    Some("workforce".into()),
                    format!("workforce shares sum to {}, not 1", format_number(sum)),
                    "the `share` of all groups must sum to 1",
                )
                .with_note(format!(
                    "shares: {} = {}",
                    terms.join(" + "),
                    format_number(sum)
                ));
                for (.., o) in placed {
                    d = d.with_related(o.clone(), "");
                }
                if shares.iter().any(|(.., o)| *o == Origin::Builtin) {
                    d = d.with_note(
                        "groups not declared in the file are the built-in default workforce",
                    );
                }
                self.report(d);
            }
        }
        for (i, group) in doc.workforce.iter().enumerate() {
            let Some(name) = group.get("name") else {
                continue;
            };
            if let Some(first) = doc.workforce[..i].iter().find(|g| {
                g.get("name").is_some_and(
                    |n| matches!((n, name), (Scalar::Str(a), Scalar::Str(b)) if a == b),
                )
            }) {
                let mut d = Diagnostic::new(
                    group.origin("name").cloned().unwrap_or(Origin::Builtin),
                    Some(format!("{}.name", group.path)),
                    format!("duplicate workforce group name in `{}.name`", group.path),
                    "another group has this name",
                );
                if let Some(o) = first.origin("name") {
                    d = d.with_related(o.clone(), "first used here");
                }
                self.report(d);
            }
        }

        if let Some(economy) = &doc.economy {
            let months = (!doc.top.invalid.contains(&"months"))
                .then(|| (doc.top.int("months"), doc.top.origin("months")));
            self.check_economy_rules(economy, months);
        }

        // Months within the horizon.
        if doc.top.invalid.contains(&"months") {
            return;
        }
        let months = doc.top.int("months");
        let beyond = |c: &Checked, name: &str, first: i64| -> Option<Diagnostic> {
            let (Some(Scalar::Int(month)), Some(origin)) = (c.get(name), c.origin(name)) else {
                return None;
            };
            let full = format!("{}.{name}", c.path);
            (*month > months).then(|| {
                let d = Diagnostic::new(
                    origin.clone(),
                    Some(full.clone()),
                    format!("`{full}` is past the horizon"),
                    format!("expected a month from {first} to {months} (the scenario runs for `months` = {months})"),
                );
                // Show where the horizon was set (often a `--set months=...`).
                match doc.top.origin("months") {
                    Some(o) => d.with_related(o.clone(), "the horizon is set here"),
                    None => d,
                }
            })
        };
        let mut found = Vec::new();
        for shock in &doc.shocks {
            found.extend(beyond(shock, "month", 1));
        }
        let programme = doc.economy.iter().flat_map(|e| &e.programme);
        for intervention in doc.interventions.iter().chain(programme) {
            found.extend(beyond(intervention, "month", 0));
            // A start already past the horizon is reported above; compare the end only with the horizon.
            let month = match intervention.get("month") {
                Some(Scalar::Int(m)) if *m <= months => Some(*m),
                _ => None,
            };
            if let (Some(Scalar::Int(end)), Some(origin), Some(month)) = (
                intervention.get("end_month"),
                intervention.origin("end_month"),
                month,
            ) && *end <= month
            {
                let full = format!("{}.end_month", intervention.path);
                let mut d = Diagnostic::new(
                    origin.clone(),
                    Some(full.clone()),
                    format!("`{full}` is not after `month`"),
                    format!("expected a month from {} to {months}", month + 1),
                );
                if let Some(o) = intervention.origin("month") {
                    d = d.with_related(o.clone(), "the intervention starts here");
                }
                found.push(d);
            } else {
                found.extend(beyond(
                    intervention,
                    "end_month",
                    month.map_or(1, |m| m + 1),
                ));
            }
        }
        for d in found {
            self.report(d);
        }
    }
}
