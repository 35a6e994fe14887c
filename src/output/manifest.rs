//! `manifest.json`: what produced a run (version, command line, seed, threads, times, the
//! resolved scenario) and which files it wrote, plus RFC 3339 UTC timestamps without chrono.
//!
//! Owns the manifest's shape and the clock; the only place output depends on the time.
//! Does not decide what goes on the command line or how many threads ran (the CLI's job).

use crate::scenario::Scenario;
use serde::Serialize;
use std::time::{SystemTime, UNIX_EPOCH};

/// The record of one run, written as pretty JSON.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Manifest {
    pub orgsim_version: String,
    pub command_line: Vec<String>,
    pub seed: u64,
    pub threads: usize,
    pub replications: u32,
    /// RFC 3339 UTC, e.g. `2026-11-26T23:05:01Z`.
    pub started_at: String,
    /// Empty until [`Manifest::finish`].
    pub finished_at: String,
    /// The resolved scenario.
    pub scenario: serde_json::Value,
    /// The level of `summary.csv`'s predictive interval (`pi_low`, `pi_high`).
    pub prediction_level: f64,
    /// Names of the files written, relative to the output directory.
    pub outputs: Vec<String>,
}

impl Manifest {
    /// A manifest for a run of `scenario` starting now.
    pub fn new(
        scenario: &Scenario,
        command_line: impl IntoIterator<Item = String>,
        threads: usize,
    ) -> Manifest {
        // A Scenario is plain structs, enums and numbers (NaN becomes null): serialising it to
        // a JSON value cannot fail.
        let value = serde_json::to_value(scenario).expect("a Scenario serialises to JSON");
        Manifest::from_parts(
            value,
            scenario.seed,
            scenario.replications,
            command_line,
            threads,
        )
    }

    /// A manifest from plain data, starting now.
    pub fn from_parts(
        scenario: serde_json::Value,
        seed: u64,
        replications: u32,
        command_line: impl IntoIterator<Item = String>,
        threads: usize,
    ) -> Manifest {
        Manifest {
            orgsim_version: env!("CARGO_PKG_VERSION").to_string(),
            command_line: command_line.into_iter().collect(),
            seed,
            threads,
            replications,
            started_at: rfc3339_utc(SystemTime::now()),
            finished_at: String::new(),
            scenario,
            prediction_level: super::stats::DEFAULT_PREDICTION_LEVEL,
            outputs: Vec::new(),
        }
    }

    /// Records the finishing time (now).
    pub fn finish(&mut self) {
        self.finished_at = rfc3339_utc(SystemTime::now());
    }

    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a Manifest serialises to JSON");
        s.push('\n');
        s
    }
}

/// `t` in RFC 3339 UTC with whole seconds, e.g. `2026-11-26T23:05:01Z`.
pub fn rfc3339_utc(t: SystemTime) -> String {
    let secs = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => {
            // Before 1970: round down to the whole second.
            let d = e.duration();
            let whole = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
            -whole - i64::from(d.subsec_nanos() > 0)
        }
    };
    rfc3339_from_unix(secs)
}

/// Seconds since 1970-01-01T00:00:00Z in RFC 3339 UTC.
pub fn rfc3339_from_unix(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// (year, month, day) of the day `days` after 1970-01-01 in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March = 0
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn rfc3339_known_instants() {
        assert_eq!(rfc3339_from_unix(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_from_unix(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339_from_unix(951_868_799), "2000-02-29T23:59:59Z");
        assert_eq!(rfc3339_from_unix(951_868_800), "2000-03-01T00:00:00Z");
        assert_eq!(rfc3339_from_unix(1_798_326_301), "2026-12-26T23:05:01Z");
        assert_eq!(rfc3339_from_unix(4_107_542_400), "2100-03-01T00:00:00Z");
        assert_eq!(rfc3339_from_unix(-1), "1969-12-31T23:59:59Z");
        assert_eq!(
            rfc3339_utc(UNIX_EPOCH + Duration::from_secs(951_782_400)),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(
            rfc3339_utc(UNIX_EPOCH - Duration::from_millis(500)),
            "1969-12-31T23:59:59Z"
        );
    }

    #[test]
    fn civil_dates_are_consecutive() {
        // Every day from 1600 to 2400 follows the previous one.
        let mut prev = civil_from_days(-135_000);
        for days in -134_999..157_000 {
            let (y, m, d) = civil_from_days(days);
            let next_day = (prev.0, prev.1, prev.2 + 1);
            let next_month = (prev.0, prev.1 + 1, 1);
            let next_year = (prev.0 + 1, 1, 1);
            assert!(
                [next_day, next_month, next_year].contains(&(y, m, d)),
                "{prev:?} -> {:?}",
                (y, m, d)
            );
            prev = (y, m, d);
        }
    }

    #[test]
    fn manifest_fields() {
        let mut m = Manifest::from_parts(
            serde_json::json!({"name": "x"}),
            7,
            3,
            ["orgsim".to_string()],
            4,
        );
        assert_eq!(m.orgsim_version, env!("CARGO_PKG_VERSION"));
        assert_eq!(m.started_at.len(), "2026-11-26T23:05:01Z".len());
        assert!(m.finished_at.is_empty());
        m.finish();
        assert!(m.finished_at >= m.started_at);
        let v: serde_json::Value = serde_json::from_str(&m.to_json()).unwrap();
        assert_eq!(v["seed"], 7);
        assert_eq!(v["threads"], 4);
        assert_eq!(v["replications"], 3);
        assert_eq!(v["scenario"]["name"], "x");
        assert_eq!(v["command_line"][0], "orgsim");
    }
}
