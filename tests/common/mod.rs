//! Shared helpers for the integration tests: loading the shipped scenarios, running them and
//! the statistics that model tests assert with (means with 95% confidence intervals).
#![allow(dead_code)]

use orgsim::experiment::run_replications;
use orgsim::model::metrics::ReplicationResult;
use orgsim::scenario::{Scenario, load_file};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Path of a file in the repository.
pub fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Loads `scenarios/<name>.toml` with `--set`-style overrides.
pub fn scenario(name: &str, overrides: &[&str]) -> Scenario {
    let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
    load_file(&repo_path(&format!("scenarios/{name}.toml")), &overrides)
        .unwrap_or_else(|e| panic!("{e}"))
}

pub fn run(scenario: &Scenario) -> Vec<ReplicationResult> {
    run_replications(scenario)
}

/// Per replication, the mean of `metric` over months `from..=to`; the library's, so the
/// tests and `orgsim validation` measure patterns the same way.
#[allow(unused_imports)]
pub use orgsim::experiment::validation::{correlation, window_means};

/// A mean with its 95% confidence interval.
#[derive(Clone, Copy, Debug)]
pub struct Estimate {
    pub mean: f64,
    pub low: f64,
    pub high: f64,
}

impl std::fmt::Display for Estimate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.4} [{:.4}, {:.4}]", self.mean, self.low, self.high)
    }
}

impl From<orgsim::output::Stats> for Estimate {
    fn from(s: orgsim::output::Stats) -> Self {
        Estimate {
            mean: s.mean,
            low: s.ci_low,
            high: s.ci_high,
        }
    }
}

/// The mean of `values` with its 95% interval, computed as `orgsim validation` and the
/// output tables compute it (one interval function for the library and the tests).
pub fn estimate(values: &[f64]) -> Estimate {
    assert!(values.len() >= 5, "too few values for an interval");
    orgsim::output::Stats::of(values.iter().copied()).into()
}

/// Paired differences a − b (common random numbers: replication r of both uses the same
/// streams), as `orgsim validation` estimates them.
pub fn paired(a: &[f64], b: &[f64]) -> Estimate {
    assert_eq!(a.len(), b.len());
    assert!(a.len() >= 5, "too few values for an interval");
    orgsim::experiment::validation::paired(a, b).into()
}

/// Runs the `orgsim` binary in the repository root.
pub fn orgsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orgsim"))
        .args(args)
        .current_dir(repo_path(""))
        .output()
        .expect("orgsim runs")
}

/// Runs the `orgsim` binary, asserts it succeeded (else fails with its stderr) and returns
/// its stdout.
pub fn orgsim_ok(args: &[&str]) -> String {
    let result = orgsim(args);
    assert!(
        result.status.success(),
        "orgsim {args:?} failed:\n{}",
        text(&result.stderr)
    );
    text(&result.stdout)
}

/// A fresh (removed, not created) temporary folder for one test.
pub fn temp_dir(suite: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("orgsim-{suite}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// The text of the file at `path` (the test fails, naming it, if it cannot be read).
pub fn read_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The texts of `<text>` elements (titles, tick labels, legends) of `svg`.
pub fn svg_texts(svg: &str) -> Vec<&str> {
    svg.match_indices("<text")
        .filter_map(|(i, _)| {
            let start = i + svg[i..].find('>')? + 1;
            let end = start + svg[start..].find("</text>")?;
            Some(svg[start..end].trim())
        })
        .collect()
}

/// Process output as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Says that a test cannot run on this machine because an outside tool is missing, where the
/// person running `cargo test` sees it: the line goes straight to stderr, which libtest does
/// not capture (it captures only `print!`/`eprint!`), so it shows even though the test then
/// returns as passed. Where `require_var` is `1` (CI sets it, so CI runs these tests for
/// real) the missing tool fails the test instead.
pub fn skip_unless_required(test: &str, require_var: &str, reason: &str) {
    if std::env::var(require_var).is_ok_and(|v| v == "1") {
        panic!("{reason}\n{require_var}=1 is set, so {test} must run here, not be skipped.");
    }
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: {reason} (with {require_var}=1 this is a failure)"
    );
}

/// The environment variable that names the browser for the browser tests.
pub const BROWSER_VAR: &str = "ORGSIM_BROWSER";

/// A Chromium-family browser for the report's browser test: `ORGSIM_BROWSER` if set (a path,
/// or a name looked up on `PATH`), otherwise the first of the usual names on `PATH`, then the
/// usual application folders on macOS. `Err` says what was looked for.
pub fn find_browser() -> Result<PathBuf, String> {
    if let Some(given) = std::env::var_os(BROWSER_VAR) {
        let given = PathBuf::from(given);
        return find_executable(&given).ok_or_else(|| {
            format!(
                "{BROWSER_VAR}={} is not an executable file, nor a program on PATH",
                given.display()
            )
        });
    }
    const NAMES: [&str; 5] = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
        "chrome",
    ];
    const MAC_APPS: [&str; 2] = [
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    ];
    NAMES
        .iter()
        .find_map(|name| find_executable(Path::new(name)))
        .or_else(|| {
            MAC_APPS
                .iter()
                .map(PathBuf::from)
                .find(|path| is_executable(path))
        })
        .ok_or_else(|| {
            format!(
                "no Chromium-family browser found (looked on PATH for {}; set {BROWSER_VAR} to \
                 a browser's path, or install Debian's chromium with `bash .ci/install-chromium`)",
                NAMES.join(", ")
            )
        })
}

/// `program` itself if it is a path to an executable file, otherwise its first match on
/// `PATH` when it is a bare name.
fn find_executable(program: &Path) -> Option<PathBuf> {
    if program.components().count() > 1 {
        return is_executable(program).then(|| program.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// The tables of a finished sweep folder.
pub const SWEEP_TABLES: [&str; 5] = [
    "points.csv",
    "timeseries.csv",
    "groups.csv",
    "events.csv",
    "summary.csv",
];

/// Asserts that the sweep folders `a` and `b` hold byte-identical tables.
pub fn same_tables(a: &Path, b: &Path) {
    for table in SWEEP_TABLES {
        let read = |dir: &Path| {
            std::fs::read(dir.join(table))
                .unwrap_or_else(|e| panic!("{}: {e}", dir.join(table).display()))
        };
        assert!(
            read(a) == read(b),
            "{table} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

/// The number of part files in the sweep folder `dir` (0 if it has none).
pub fn part_count(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("parts")).map_or(0, |entries| {
        entries
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".part"))
            })
            .count()
    })
}
pub mod economy;
pub mod explore;
