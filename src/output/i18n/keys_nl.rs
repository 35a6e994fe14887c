//! The scenario keys in Dutch: for every key of `crate::scenario::schema` outside
//! `[parameters]`, its label and its meaning, as the report's settings appendix and timeline
//! show them with `--lang nl`.

/// (table, key, Dutch label, Dutch meaning); `table` as `KeyInfo::table` names it.
pub(super) const KEYS_NL: &[(&str, &str, &str, &str)] = &[];
