//! The memory `orgsim plot` and `orgsim report` need for a results folder, estimated from
//! its files before anything is read, so the commands can refuse work that does not fit
//! (see `crate::cli::memory`).
//!
//! Owns the arithmetic. Both commands stream a sweep's large tables (see `sweep_data` and the
//! report's reader), so a sweep costs a fixed amount plus a few dozen bytes a point; the
//! small tables of runs and comparisons are read whole. Sizes are added and multiplied
//! saturating, so no folder overflows the estimate.

use super::read::MAX_SERIES_POINTS;
use crate::output::SUMMARY_FILE;
use crate::output::results_folder::{COMPARISON_FILE, POINTS_FILE};
use std::io::{BufRead, BufReader};
use std::path::Path;

/// Drawing one figure: the PNG canvas at twice the size and its downsampled copy, the SVG
/// text and the fonts, with the program itself.
pub const FIGURES_BASE: u64 = 48_000_000;
/// Writing the page, besides the figures it inlines.
pub const REPORT_BASE: u64 = 16_000_000;
/// What the figures keep of each point of a sweep (its id and first two keys' values).
const FIGURES_PER_POINT: u64 = 96;
/// What the report keeps of each point (its id and last month).
const REPORT_PER_POINT: u64 = 48;
/// One distinct value of a varied key, digested from the plan.
const PER_KEY_VALUE: u64 = 128;
/// A table read whole holds its text and the records' bookkeeping.
const WHOLE_TABLE: u64 = 4;
/// The report inlines each figure's SVG: the file, the rewritten copy and the page.
const INLINED_SVG: u64 = 3;
/// Figure files larger than this are left out of the report.
pub const MAX_INLINED_SVG_BYTES: u64 = 64_000_000;

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// The number of rows of `points.csv` and of its key columns (0 if it cannot be read).
fn points_shape(dir: &Path) -> (u64, u64) {
    let Ok(file) = std::fs::File::open(dir.join(POINTS_FILE)) else {
        return (0, 0);
    };
    let mut reader = BufReader::new(file);
    let mut header = Vec::new();
    if reader.read_until(b'\n', &mut header).is_err() {
        return (0, 0);
    }
    // point, status and error are not keys.
    let keys = (header.iter().filter(|&&b| b == b',').count() as u64).saturating_sub(2);
    let mut rows = 0u64;
    loop {
        let buffer = match reader.fill_buf() {
            Ok([]) | Err(_) => break,
            Ok(buffer) => buffer,
        };
        rows += buffer.iter().filter(|&&b| b == b'\n').count() as u64;
        let n = buffer.len();
        reader.consume(n);
    }
    (rows, keys)
}

/// The tables a run or comparison has read whole: its `summary.csv`, or `comparison.csv` and
/// each scenario's `summary.csv`.
fn whole_tables(dir: &Path) -> u64 {
    let mut bytes = size(&dir.join(SUMMARY_FILE)).saturating_add(size(&dir.join(COMPARISON_FILE)));
    if dir.join(COMPARISON_FILE).is_file()
        && let Ok(entries) = std::fs::read_dir(dir)
    {
        for entry in entries.flatten() {
            bytes = bytes.saturating_add(size(&entry.path().join(SUMMARY_FILE)));
        }
    }
    bytes.saturating_mul(WHOLE_TABLE)
}

/// Bytes `orgsim plot` needs for the folder `dir`.
pub fn plot_need(dir: &Path) -> u64 {
    if !dir.join(POINTS_FILE).is_file() {
        return FIGURES_BASE.saturating_add(whole_tables(dir));
    }
    let (points, _) = points_shape(dir);
    let mut need = FIGURES_BASE.saturating_add(points.saturating_mul(FIGURES_PER_POINT));
    if points <= MAX_SERIES_POINTS as u64 {
        // A small sweep's series over the months, for its overview.
        need = need.saturating_add(size(&dir.join(SUMMARY_FILE)).saturating_mul(WHOLE_TABLE));
    }
    need
}

/// Bytes `orgsim report` needs for the folder `dir`.
pub fn report_need(dir: &Path) -> u64 {
    let figures: u64 = std::fs::read_dir(dir.join(super::FIGURES_DIR))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg")))
                .map(|p| size(&p).min(MAX_INLINED_SVG_BYTES))
                .fold(0u64, u64::saturating_add)
        })
        .unwrap_or(0);
    let mut need = REPORT_BASE.saturating_add(figures.saturating_mul(INLINED_SVG));
    if dir.join(POINTS_FILE).is_file() {
        let (points, keys) = points_shape(dir);
        let per_point = REPORT_PER_POINT.saturating_add(keys.saturating_mul(PER_KEY_VALUE));
        need = need.saturating_add(points.saturating_mul(per_point));
    } else {
        need = need.saturating_add(whole_tables(dir));
    }
    need
}
