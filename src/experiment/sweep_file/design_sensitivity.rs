//! The options of the sensitivity designs in `[design]`: `kind = "sobol"` (`base_samples`,
//! `second_order`) and `kind = "morris"` (`trajectories`, `levels`, `optimal_trajectories`),
//! checked and turned into a `Design`.
//!
//! Sobol: `base_samples` N (1 ..= 2^16), `second_order` (default false: N × (k + 2) points;
//! true: N × (2k + 2)), at most 128 varied keys. Morris: `trajectories` r (at least 2),
//! `levels` (even, default 4): r × (k + 1) points; with `optimal_trajectories` r' (2 ≤ r' <
//! r), the r' of the r trajectories with the largest spread: r' × (k + 1) points. Both sample the `[[vary]]` ranges with
//! the design `seed`; integer keys are rounded as in the other sampled designs (see
//! `design::Design::Sobol`).

use super::{Checker, DesignKind, Varied};
use crate::experiment::design::{self, Design, MAX_POINTS};
use crate::experiment::plan::PointValue;
use crate::experiment::sensitivity::{MAX_SOBOL_BASE_SAMPLES, MAX_SOBOL_INPUTS, saltelli_block};
use crate::scenario::diagnostics::Diagnostic;
use crate::scenario::document::Table;
use crate::scenario::schema::ValueKind;

/// Levels of a Morris design when `[design]` gives none (SALib's default).
pub const DEFAULT_MORRIS_LEVELS: u32 = 4;

pub(super) const BASE_SAMPLES: ValueKind = ValueKind::Int {
    min: 1,
    max: MAX_SOBOL_BASE_SAMPLES as i64,
};
pub(super) const TRAJECTORIES: ValueKind = ValueKind::Int {
    min: 2,
    max: MAX_POINTS as i64,
};
/// The optimised selection's work grows with candidates × r⁴ (SALib's local optimisation):
/// these bounds keep it to seconds.
const OPTIMAL_TRAJECTORIES: ValueKind = ValueKind::Int { min: 2, max: 50 };
/// Most candidate trajectories the optimised selection chooses from.
const MAX_CANDIDATES: u32 = 1000;
const LEVELS: ValueKind = ValueKind::Int { min: 2, max: 1000 };

/// The checked options of a sensitivity design (those of the other kind keep defaults).
#[derive(Clone, Copy, Debug)]
pub(super) struct SensitivityOptions {
    base_samples: u32,
    second_order: bool,
    trajectories: u32,
    optimal_trajectories: Option<u32>,
    levels: u32,
}

impl Checker<'_> {
    /// Checks the options of a `sobol` or `morris` design; None if one is invalid or a
    /// required one is missing (reported by the caller).
    pub(super) fn sensitivity_options(
        &mut self,
        table: &Table,
        kind: DesignKind,
    ) -> Option<SensitivityOptions> {
        let mut options = SensitivityOptions {
            base_samples: 0,
            second_order: false,
            trajectories: 0,
            optimal_trajectories: None,
            levels: DEFAULT_MORRIS_LEVELS,
        };
        let int = |checker: &mut Self, name: &str, kind: ValueKind| -> Option<Option<u32>> {
            if table.get(name).is_none() {
                return Some(None);
            }
            match checker.value(table, "design", name, kind, None) {
                Some(PointValue::Int(n)) => Some(Some(n as u32)),
                _ => None,
            }
        };
        match kind {
            DesignKind::Sobol => {
                options.base_samples = int(self, "base_samples", BASE_SAMPLES)??;
                if table.get("second_order").is_some() {
                    match self.value(table, "design", "second_order", ValueKind::Bool, None) {
                        Some(PointValue::Bool(b)) => options.second_order = b,
                        _ => return None,
                    }
                }
            }
            DesignKind::Morris => {
                options.trajectories = int(self, "trajectories", TRAJECTORIES)??;
                if let Some(r) = int(self, "optimal_trajectories", OPTIMAL_TRAJECTORIES)? {
                    if options.trajectories > MAX_CANDIDATES {
                        let entry = table.get("trajectories")?;
                        let n = options.trajectories;
                        self.report(
                            Diagnostic::new(
                                entry.node.origin.clone(),
                                Some("design.trajectories".into()),
                                format!(
                                    "`design.trajectories` ({n}) is too many candidates for \
                                     `optimal_trajectories`"
                                ),
                                format!("expected at most {MAX_CANDIDATES} candidates"),
                            )
                            .with_help(
                                "the optimised selection's work grows fast with the candidates; \
                                 draw at most 1000, or drop `optimal_trajectories`",
                            ),
                        );
                        return None;
                    }
                    if r >= options.trajectories {
                        let entry = table.get("optimal_trajectories")?;
                        let n = options.trajectories;
                        self.report(
                            Diagnostic::new(
                                entry.node.origin.clone(),
                                Some("design.optimal_trajectories".into()),
                                format!(
                                    "`design.optimal_trajectories` ({r}) is not below \
                                     `design.trajectories` ({n})"
                                ),
                                format!("expected 2 ..= {}", n - 1),
                            )
                            .with_help(
                                "the optimised selection keeps r of `trajectories` candidates; \
                                 draw more candidates (often 4 to 10 times r) or drop the option",
                            ),
                        );
                        return None;
                    }
                    options.optimal_trajectories = Some(r);
                }
                if let Some(levels) = int(self, "levels", LEVELS)? {
                    if !levels.is_multiple_of(2) {
                        let entry = table.get("levels")?;
                        self.report(
                            Diagnostic::new(
                                entry.node.origin.clone(),
                                Some("design.levels".into()),
                                format!("`design.levels` is odd ({levels})"),
                                "expected an even number of levels",
                            )
                            .with_help(format!(
                                "Morris steps span half the levels; use {} or {}",
                                levels - 1,
                                levels + 1
                            )),
                        );
                        return None;
                    }
                    options.levels = levels;
                }
            }
            _ => {}
        }
        Some(options)
    }

    /// The `sobol` or `morris` design over `ranges`, if its size is within the limits.
    pub(super) fn sensitivity_design(
        &mut self,
        kind: DesignKind,
        options: SensitivityOptions,
        seed: u64,
        ranges: Vec<design::Range>,
        keys: &[Varied],
    ) -> Option<Design> {
        let k = ranges.len();
        let too_many = |what: String, expected: String, help: &str| {
            let mut d =
                Diagnostic::new(keys[0].origin.clone(), Some("vary".into()), what, expected);
            for key in &keys[1..] {
                d = d.with_related(key.origin.clone(), "");
            }
            d.with_help(help.to_string())
        };
        if kind == DesignKind::Sobol && k > MAX_SOBOL_INPUTS {
            self.report(too_many(
                format!("a sobol design varies at most {MAX_SOBOL_INPUTS} keys, not {k}"),
                format!("expected at most {MAX_SOBOL_INPUTS} `[[vary]]` keys"),
                "screen the keys first with `kind = \"morris\"`",
            ));
            return None;
        }
        let (points, shown) = if kind == DesignKind::Sobol {
            let block = saltelli_block(k, options.second_order) as u64;
            (
                options.base_samples as u64 * block,
                format!("{} base samples × {block}", options.base_samples),
            )
        } else {
            let kept = options.optimal_trajectories.unwrap_or(options.trajectories);
            (
                kept as u64 * (k as u64 + 1),
                format!("{kept} trajectories × {}", k + 1),
            )
        };
        if points > MAX_POINTS {
            self.report(too_many(
                format!("the {} design has too many points ({shown})", kind.name()),
                format!("expected at most {MAX_POINTS} points"),
                "use fewer base samples or trajectories, or vary fewer keys",
            ));
            return None;
        }
        Some(if kind == DesignKind::Sobol {
            Design::Sobol {
                base_samples: options.base_samples,
                second_order: options.second_order,
                seed,
                ranges,
            }
        } else {
            Design::Morris {
                trajectories: options.trajectories,
                optimal_trajectories: options.optimal_trajectories,
                levels: options.levels,
                seed,
                ranges,
            }
        })
    }
}
