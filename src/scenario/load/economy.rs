//! Checking an `[economy]` table: its sub-tables against the schema, the tables an economy
//! file may not have (they belong to the sector presets), and the cross-field rules (shares
//! sum to 1, names unique and usable in file names, agreements name a sector, firm sizes in
//! order and within the slot limit, months within the horizon). Does not read the presets
//! (see `presets`).

use crate::ground::text::{folder_name_problem, folder_name_suggestion};
use crate::scenario::Diagnostic;
use crate::scenario::diagnostics::{Origin, did_you_mean};
use crate::scenario::document::{Table, Value};
use crate::scenario::load::{Checked, Checker, Scalar, comma_list, set_spelling};
use crate::scenario::schema::{
    INTERVENTION_KINDS, MAX_SLOTS, PROGRAMME, SHARE_SUM_TOLERANCE, format_number,
};

/// The key of the economy table.
pub(crate) const ECONOMY: &str = "economy";

/// Sections a single organisation's scenario has that an economy file may not: they belong to
/// the sector presets (`interventions`: the programme is `[[economy.programme]]`).
const REFUSED: &[&str] = &[
    "organisation",
    "workforce",
    "management",
    "knowledge",
    "environment",
    "interventions",
];

/// The sub-tables of `[economy]`, checked each on its own.
const CHILDREN: &[&str] = &[
    "sectors",
    "regions",
    "adoption",
    "growth",
    "labour",
    "programme",
    "centre",
    "subsidy",
    "agreements",
];

/// The checked values of an `[economy]` table.
#[derive(Debug)]
pub(crate) struct CheckedEconomy {
    pub main: Checked,
    pub sectors: Vec<Checked>,
    pub regions: Vec<Checked>,
    pub adoption: Checked,
    pub growth: Checked,
    pub labour: Checked,
    pub programme: Vec<Checked>,
    pub centre: Option<Checked>,
    pub subsidy: Option<Checked>,
    pub agreements: Vec<Checked>,
}

impl Checker {
    /// Checks the `[economy]` table of `doc`, if it has one, and refuses the sections that
    /// belong to the sector presets.
    pub(super) fn check_economy(&mut self, doc: &Table) -> Option<CheckedEconomy> {
        let entry = doc.get(ECONOMY)?;
        let Value::Table(table) = &entry.node.value else {
            self.report(Diagnostic::not_a_table(
                entry.node.origin.clone(),
                ECONOMY,
                entry.node.value.type_phrase(),
            ));
            return None;
        };
        for name in REFUSED {
            if let Some(refused) = doc.get(name) {
                self.report(refused_section(name, refused.key_origin.clone()));
            }
        }
        let origin = entry.node.origin.clone();
        let main = self.check_table(ECONOMY, ECONOMY, None, false, table, &origin, CHILDREN);
        let rules = |this: &mut Self, name: &'static str, key: &str| {
            this.sub_table(table, name, key)
                .unwrap_or_else(|| Checked::empty(name, None, name))
        };
        let adoption = rules(self, "economy.adoption", "adoption");
        let growth = rules(self, "economy.growth", "growth");
        let labour = rules(self, "economy.labour", "labour");
        let centre = self.sub_table(table, "economy.centre", "centre");
        let subsidy = self.sub_table(table, "economy.subsidy", "subsidy");
        let sectors = self.entries(table, &origin, "economy.sectors", "sectors", true);
        let regions = self.entries(table, &origin, "economy.regions", "regions", true);
        let agreements = self.entries(table, &origin, "economy.agreements", "agreements", false);
        let programme = self.programme(table, &origin);
        Some(CheckedEconomy {
            main,
            sectors,
            regions,
            adoption,
            growth,
            labour,
            programme,
            centre,
            subsidy,
            agreements,
        })
    }

    /// The single table `[economy.key]` (None: absent or not a table, which is reported).
    fn sub_table(&mut self, economy: &Table, name: &'static str, key: &str) -> Option<Checked> {
        let entry = economy.get(key)?;
        match &entry.node.value {
            Value::Table(t) => {
                Some(self.check_table(name, name, None, false, t, &entry.node.origin, &[]))
            }
            other => {
                self.report(Diagnostic::not_a_table(
                    entry.node.origin.clone(),
                    name,
                    other.type_phrase(),
                ));
                None
            }
        }
    }

    /// The entries of the array of tables `[[economy.key]]`; `required`: at least one.
    fn entries(
        &mut self,
        economy: &Table,
        origin: &Origin,
        name: &'static str,
        key: &str,
        required: bool,
    ) -> Vec<Checked> {
        let items = self.array(economy, ECONOMY, name, key);
        if required {
            self.require_entries(economy, origin, name, key, items.as_ref().map(Vec::len));
        }
        items
            .into_iter()
            .flatten()
            .map(|(path, t, o)| self.check_table(&path, name, None, false, t, &o, &[]))
            .collect()
    }

    /// Reports an absent or empty required array of tables.
    fn require_entries(
        &mut self,
        economy: &Table,
        origin: &Origin,
        name: &str,
        key: &str,
        found: Option<usize>,
    ) {
        let (at, title) = match (economy.get(key), found) {
            (None, _) => (origin.clone(), format!("missing `[[{name}]]`")),
            (Some(e), Some(0)) => (e.node.origin.clone(), format!("`{name}` has no entries")),
            _ => return,
        };
        self.report(Diagnostic::new(
            at,
            Some(name.into()),
            title,
            format!("an economy needs at least one `[[{name}]]` entry"),
        ));
    }

    /// The programme's entries, checked exactly as `[[interventions]]` are.
    fn programme(&mut self, economy: &Table, origin: &Origin) -> Vec<Checked> {
        let items = self.array(economy, ECONOMY, PROGRAMME, "programme");
        self.require_entries(
            economy,
            origin,
            PROGRAMME,
            "programme",
            items.as_ref().map(Vec::len),
        );
        items
            .into_iter()
            .flatten()
            .map(|(path, table, origin)| {
                let kind = table.get("kind").and_then(|e| match &e.node.value {
                    Value::Str(s) => INTERVENTION_KINDS.iter().copied().find(|k| k == s),
                    _ => None,
                });
                self.check_table(&path, PROGRAMME, kind, kind.is_none(), table, &origin, &[])
            })
            .collect()
    }

    /// The rules between an economy's keys. `months`: the horizon, if valid.
    pub(super) fn check_economy_rules(
        &mut self,
        e: &CheckedEconomy,
        months: Option<(i64, Option<&Origin>)>,
    ) {
        self.check_shares(&e.sectors, "economy.sectors");
        self.check_shares(&e.regions, "economy.regions");
        self.check_names(&e.sectors, "sector");
        self.check_names(&e.regions, "region");
        let sector_names: Vec<String> = e.sectors.iter().filter_map(|s| s.text("name")).collect();
        for agreement in &e.agreements {
            let (Some(Scalar::Str(sector)), Some(origin)) =
                (agreement.get("sector"), agreement.origin("sector"))
            else {
                continue;
            };
            if sector_names.contains(sector) {
                continue;
            }
            let full = format!("{}.sector", agreement.path);
            let mut d = Diagnostic::new(
                origin.clone(),
                Some(full.clone()),
                format!("`{full}` names no sector"),
                format!("there is no sector `{sector}` in `[[economy.sectors]]`"),
            );
            if let Some(s) = did_you_mean(sector, sector_names.iter().map(String::as_str)) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            let names: Vec<&str> = sector_names.iter().map(String::as_str).collect();
            self.report(d.with_note(format!("sectors: {}", comma_list(&names))));
        }
        self.check_sizes(e);
        if let Some((months, months_origin)) = months {
            let dated = e
                .centre
                .iter()
                .chain(e.subsidy.iter())
                .chain(e.agreements.iter());
            for c in dated {
                let (Some(Scalar::Int(month)), Some(origin)) =
                    (c.get("from_month"), c.origin("from_month"))
                else {
                    continue;
                };
                if *month <= months {
                    continue;
                }
                let full = format!("{}.from_month", c.path);
                let mut d = Diagnostic::new(
                    origin.clone(),
                    Some(full.clone()),
                    format!("`{full}` is past the horizon"),
                    format!(
                        "expected a month from 0 to {months} (the scenario runs for `months` = {months})"
                    ),
                );
                if let Some(o) = months_origin {
                    d = d.with_related(o.clone(), "the horizon is set here");
                }
                self.report(d);
            }
        }
    }

    /// `min_employees <= max_employees`, and the largest firm with its room to grow within the
    /// slot limit of one organisation.
    fn check_sizes(&mut self, e: &CheckedEconomy) {
        let main = &e.main;
        let (Some(Scalar::Int(min)), Some(Scalar::Int(max))) =
            (main.get("min_employees"), main.get("max_employees"))
        else {
            if let (Some(Scalar::Int(max)), false) = (
                main.get("max_employees"),
                e.growth.invalid.contains(&"headroom"),
            ) {
                self.check_capacity(e, *max);
            }
            return;
        };
        if min > max {
            let origin = main
                .origin("min_employees")
                .or(main.origin("max_employees"))
                .cloned()
                .unwrap_or(Origin::Builtin);
            let mut d = Diagnostic::new(
                origin,
                Some("economy.min_employees".into()),
                "`economy.min_employees` is above `economy.max_employees`",
                format!("expected at most {max} (`max_employees`), found {min}"),
            );
            if let Some(o) = main.origin("max_employees") {
                d = d.with_related(o.clone(), "the largest size is set here");
            }
            self.report(d);
        }
        if !e.growth.invalid.contains(&"headroom") {
            self.check_capacity(e, *max);
        }
    }

    fn check_capacity(&mut self, e: &CheckedEconomy, max: i64) {
        let headroom = e.growth.float("headroom");
        let slots = (max as f64 * headroom).ceil();
        if slots <= MAX_SLOTS as f64 {
            return;
        }
        let origin = e
            .main
            .origin("max_employees")
            .or(e.growth.origin("headroom"))
            .cloned()
            .unwrap_or(Origin::Builtin);
        let mut d = Diagnostic::new(
            origin,
            Some("economy.max_employees".into()),
            "the largest firm is too large with its room to grow",
            format!(
                "{max} employees × headroom {} = {slots} slots; expected at most {MAX_SLOTS}",
                format_number(headroom)
            ),
        )
        .with_help("reduce `economy.max_employees` or `economy.growth.headroom`");
        if let Some(o) = e.growth.origin("headroom") {
            d = d.with_related(o.clone(), "");
        }
        self.report(d);
    }

    /// The `share` of `items` (the entries of `[[table]]`) sum to 1.
    fn check_shares(&mut self, items: &[Checked], table: &str) {
        let shares: Option<Vec<(String, f64, Origin)>> = items
            .iter()
            .map(|g| match (g.get("share"), g.origin("share")) {
                (Some(Scalar::Float(x)), Some(o)) => {
                    Some((g.text("name").unwrap_or_default(), *x, o.clone()))
                }
                _ => None,
            })
            .collect();
        let Some(shares) = shares.filter(|s| !s.is_empty()) else {
            return;
        };
        let sum: f64 = shares.iter().map(|(_, x, _)| x).sum();
        if (sum - 1.0).abs() <= SHARE_SUM_TOLERANCE {
            return;
        }
        let terms: Vec<String> = shares
            .iter()
            .map(|(n, x, _)| format!("{n} {}", format_number(*x)))
            .collect();
        let mut placed = shares.iter().map(|(.., o)| o);
        let primary = placed.next().cloned().unwrap_or(Origin::Builtin);
        let mut d = Diagnostic::new(
            primary,
            Some(table.into()),
            format!("`{table}` shares sum to {}, not 1", format_number(sum)),
            format!("the `share` of all `[[{table}]]` entries must sum to 1"),
        )
        .with_note(format!(
            "shares: {} = {}",
            terms.join(" + "),
            format_number(sum)
        ));
        for o in placed {
            d = d.with_related(o.clone(), "");
        }
        self.report(d);
    }

    /// The names of `items` are unique and can be part of a file name.
    fn check_names(&mut self, items: &[Checked], what: &str) {
        for (i, item) in items.iter().enumerate() {
            let (Some(Scalar::Str(name)), Some(origin)) = (item.get("name"), item.origin("name"))
            else {
                continue;
            };
            let full = format!("{}.name", item.path);
            if let Some(problem) = folder_name_problem(name) {
                let suggestion = folder_name_suggestion(name, what);
                let shown = match origin {
                    Origin::Set { .. } => format!("--set {}={suggestion}", set_spelling(&full)),
                    _ => format!("name = \"{suggestion}\""),
                };
                self.report(
                    Diagnostic::new(
                        origin.clone(),
                        Some(full.clone()),
                        format!("`{full}` cannot be used in a file name"),
                        format!("the name {problem}"),
                    )
                    .with_help(format!("write e.g. `{shown}`"))
                    .with_note(format!(
                        "a {what}'s name names its rows and files in the outputs"
                    )),
                );
                continue;
            }
            let earlier = items[..i]
                .iter()
                .find(|g| matches!(g.get("name"), Some(Scalar::Str(n)) if n == name));
            if let Some(first) = earlier {
                let mut d = Diagnostic::new(
                    origin.clone(),
                    Some(full.clone()),
                    format!("duplicate {what} name in `{full}`"),
                    format!("another {what} is called `{name}`"),
                );
                if let Some(o) = first.origin("name") {
                    d = d.with_related(o.clone(), "first used here");
                }
                self.report(d);
            }
        }
    }
}

fn refused_section(name: &str, origin: Origin) -> Diagnostic {
    let (written, help) = match name {
        "interventions" => (
            "`[[interventions]]`",
            "write the programme organisations start when they adopt as `[[economy.programme]]` (its months count from adoption)".to_string(),
        ),
        "workforce" => (
            "`[[workforce]]`",
            "write it in a sector's preset scenario and name that file in `[[economy.sectors]]` `preset`".to_string(),
        ),
        _ => (
            "this section",
            format!(
                "write `[{name}]` in a sector's preset scenario and name that file in `[[economy.sectors]]` `preset`"
            ),
        ),
    };
    Diagnostic::new(
        origin,
        Some(name.into()),
        format!("an economy file cannot have {written}"),
        "each organisation of an economy is its sector's preset",
    )
    .with_help(help)
}
