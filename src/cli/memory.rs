//! Refusing work that does not fit in memory, before anything is allocated.
//!
//! Owns asking the machine how much memory is available (Linux `MemAvailable`, lowered by a
//! cgroup v2 limit such as a Slurm job's; `ORGSIM_MAX_MEMORY` overrides both) and comparing
//! it with an estimate from `crate::experiment::memory`, which owns the arithmetic. The
//! commands call [`check`] and exit with code 2 on its error.

use crate::experiment::memory::{MemoryNeed, format_bytes};
use std::path::Path;

/// Environment variable that sets the memory orgsim may use, in bytes or with a decimal
/// suffix (`500M`, `16G`); it replaces what the machine reports.
pub const MAX_MEMORY_VAR: &str = "ORGSIM_MAX_MEMORY";

/// When the machine cannot say (not Linux), orgsim assumes this much is available.
const ASSUMED_AVAILABLE: u64 = 16_000_000_000;

/// How much memory orgsim may use, and where that figure comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemoryLimit {
    pub bytes: u64,
    /// Ends the sentence "... needs about X of memory; ": says what the limit is.
    pub explanation: String,
}

/// The limit for this process: `ORGSIM_MAX_MEMORY` if set, otherwise 80% of the memory
/// available (the estimate leaves out allocator overhead, buffers and the rest of the system).
pub fn memory_limit() -> Result<MemoryLimit, String> {
    if let Ok(text) = std::env::var(MAX_MEMORY_VAR) {
        let bytes = parse_bytes(&text).ok_or_else(|| {
            format!(
                "{MAX_MEMORY_VAR}={text:?} is not a size: write bytes, or a number with k, M, G or T (e.g. 16G)"
            )
        })?;
        return Ok(MemoryLimit {
            bytes,
            explanation: format!("{MAX_MEMORY_VAR} allows {}", format_bytes(bytes)),
        });
    }
    let (available, known) = match available_bytes() {
        Some(bytes) => (bytes, true),
        None => (ASSUMED_AVAILABLE, false),
    };
    let bytes = available / 5 * 4;
    let explanation = if known {
        format!(
            "this machine has {} available, and orgsim uses at most 80% of it ({})",
            format_bytes(available),
            format_bytes(bytes)
        )
    } else {
        format!(
            "orgsim cannot tell how much memory this machine has and assumes {}, of which it uses at most 80% ({}); set {MAX_MEMORY_VAR} to change that",
            format_bytes(available),
            format_bytes(bytes)
        )
    };
    Ok(MemoryLimit { bytes, explanation })
}

/// Refuses `need` if it is more than the limit: the error (whole lines, starting with
/// `error:`) names `what` (e.g. "scenario `default`"), the estimate, where it goes, the limit
/// and what to reduce.
pub fn check(need: &MemoryNeed, what: &str) -> Result<(), String> {
    let limit = memory_limit().map_err(|e| format!("error: {e}"))?;
    if need.total() <= limit.bytes {
        return Ok(());
    }
    let [simulations, results] = need.breakdown();
    Err(format!(
        "error: {what} needs about {} of memory; {}\n  {simulations}\n  {results}\nhelp: {}",
        format_bytes(need.total()),
        limit.explanation,
        need.advice()
    ))
}

/// Refuses `need` bytes for work that is not a simulation (drawing figures, writing a
/// report): the error names `what`, the estimate and the limit, and `help` says what to do.
pub fn check_bytes(need: u64, what: &str, help: &str) -> Result<(), String> {
    let limit = memory_limit().map_err(|e| format!("error: {e}"))?;
    if need <= limit.bytes {
        return Ok(());
    }
    Err(format!(
        "error: {what} needs about {} of memory; {}\nhelp: {help}",
        format_bytes(need),
        limit.explanation
    ))
}

/// `"16G"`, `"500M"`, `"123456"`: decimal units, case-insensitive, an optional `B`.
pub fn parse_bytes(text: &str) -> Option<u64> {
    let t = text.trim().trim_end_matches(['b', 'B']);
    let (number, scale) = match t.char_indices().last()? {
        (i, 'k' | 'K') => (&t[..i], 1e3),
        (i, 'm' | 'M') => (&t[..i], 1e6),
        (i, 'g' | 'G') => (&t[..i], 1e9),
        (i, 't' | 'T') => (&t[..i], 1e12),
        _ => (t, 1.0),
    };
    let value: f64 = number.trim().parse().ok()?;
    (value.is_finite() && value >= 0.0).then(|| (value * scale).min(u64::MAX as f64) as u64)
}

/// Memory available to this process: `MemAvailable` of `/proc/meminfo`, or less if a cgroup
/// (v2) of this process has a lower limit (minus what the cgroup already uses).
fn available_bytes() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let system = meminfo_available(&meminfo)?;
    let cgroup = std::fs::read_to_string("/proc/self/cgroup")
        .ok()
        .and_then(|text| cgroup_headroom(Path::new("/sys/fs/cgroup"), &text));
    Some(cgroup.map_or(system, |c| c.min(system)))
}

/// The `MemAvailable:` line, in bytes.
fn meminfo_available(meminfo: &str) -> Option<u64> {
    let line = meminfo.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// The smallest `memory.max − memory.current` of the process's cgroup (v2, line `0::/path`
/// of `/proc/self/cgroup`) and its ancestors under `root`; `None` if none sets a limit.
fn cgroup_headroom(root: &Path, proc_cgroup: &str) -> Option<u64> {
    let path = proc_cgroup
        .lines()
        .find_map(|l| l.strip_prefix("0::"))?
        .trim()
        .trim_start_matches('/');
    let mut dir = root.join(path);
    let mut smallest: Option<u64> = None;
    loop {
        let max = std::fs::read_to_string(dir.join("memory.max")).ok();
        if let Some(max) = max.and_then(|m| m.trim().parse::<u64>().ok()) {
            let current = std::fs::read_to_string(dir.join("memory.current"))
                .ok()
                .and_then(|c| c.trim().parse::<u64>().ok())
                .unwrap_or(0);
            let headroom = max.saturating_sub(current);
            smallest = Some(smallest.map_or(headroom, |s| s.min(headroom)));
        }
        if dir == root || !dir.pop() || !dir.starts_with(root) {
            break;
        }
    }
    smallest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_decimal_suffixes() {
        assert_eq!(parse_bytes("123456"), Some(123_456));
        assert_eq!(parse_bytes("16G"), Some(16_000_000_000));
        assert_eq!(parse_bytes("500 MB"), Some(500_000_000));
        assert_eq!(parse_bytes("1.5k"), Some(1_500));
        assert_eq!(parse_bytes("2t"), Some(2_000_000_000_000));
        assert_eq!(parse_bytes("lots"), None);
        assert_eq!(parse_bytes("-1G"), None);
        assert_eq!(parse_bytes(""), None);
    }

    #[test]
    fn meminfo_gives_bytes() {
        let text = "MemTotal:       24683656 kB\nMemFree:        22966252 kB\nMemAvailable:   24255972 kB\n";
        assert_eq!(meminfo_available(text), Some(24_255_972 * 1024));
        assert_eq!(meminfo_available("MemTotal: 1 kB\n"), None);
    }

    #[test]
    fn the_tightest_cgroup_limit_counts() {
        let root = std::env::temp_dir().join(format!("orgsim-cgroup-{}", std::process::id()));
        let job = root.join("slurm/job_7");
        std::fs::create_dir_all(&job).unwrap();
        std::fs::write(root.join("slurm/memory.max"), "8000000000\n").unwrap();
        std::fs::write(root.join("slurm/memory.current"), "1000000000\n").unwrap();
        std::fs::write(job.join("memory.max"), "max\n").unwrap();
        assert_eq!(
            cgroup_headroom(&root, "0::/slurm/job_7\n"),
            Some(7_000_000_000)
        );
        std::fs::write(job.join("memory.max"), "2000000000\n").unwrap();
        std::fs::write(job.join("memory.current"), "500000000\n").unwrap();
        assert_eq!(
            cgroup_headroom(&root, "0::/slurm/job_7\n"),
            Some(1_500_000_000)
        );
        assert_eq!(cgroup_headroom(&root, "1:memory:/x\n"), None);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
