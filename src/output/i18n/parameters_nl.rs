//! The model's coefficients in Dutch: for every entry of `crate::model::params::PARAMETER_SPECS`,
//! what it means, as the report's settings appendix shows it with `--lang nl`.

/// (coefficient, Dutch meaning).
pub(super) const PARAMETERS_NL: &[(&str, &str)] = &[];
