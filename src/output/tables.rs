//! The CSV tables of a run: `timeseries.csv`, `groups.csv`, `events.csv`, `summary.csv`.
//!
//! Owns their columns and cell formatting. Each writer streams: create it on any `Write`
//! (it writes the header), feed replications in replication order, then `finish`. Every row
//! starts with the key columns of a [`RowKey`] (today `scenario`; sweeps add e.g. `point`).
//! Knows nothing of files, the scenario format or the CLI.
//!
//! Cells: floats rounded to `SIGNIFICANT_DIGITS` significant digits in plain decimal form
//! (deterministic), NaN and `None` as an empty field; text quoted as the `csv` crate does. No
//! per-cell allocation: each row is built in one reused buffer and written whole.

use super::stats::SummaryAccumulator;
use crate::experiment::plan::keeps_month;
use crate::model::metrics::{Metric, ReplicationResult};
use std::fmt::Display;
use std::io::{self, Write};

/// Column names of `timeseries.csv` after the key columns; metric columns follow.
pub const TIMESERIES_COLUMNS: [&str; 2] = ["replication", "month"];
/// Column names of `groups.csv` after the key columns.
pub const GROUPS_COLUMNS: [&str; 6] = [
    "replication",
    "month",
    "group",
    "headcount",
    "engagement",
    "retention",
];
/// Column names of `events.csv` after the key columns.
pub const EVENTS_COLUMNS: [&str; 5] = [
    "replication",
    "shock_month",
    "severity",
    "baseline_performance",
    "recovery_months",
];
/// Column names of `summary.csv` after the key columns.
pub const SUMMARY_COLUMNS: [&str; 7] = ["month", "metric", "n", "mean", "sd", "ci_low", "ci_high"];

/// The leading columns of every row, as (column, value) pairs, e.g. `scenario=baseline` or, in
/// a sweep, `scenario=baseline, point=3`. A writer's key columns are fixed by its header; the
/// values may change between replications ([`TimeseriesWriter::set_key`] etc.).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowKey {
    columns: Vec<String>,
    values: Vec<String>,
}

impl RowKey {
    /// No key columns.
    pub fn new() -> Self {
        Self::default()
    }

    /// The key of a single run: one column `scenario`.
    pub fn scenario(name: &str) -> Self {
        Self::new().with("scenario", name)
    }

    /// Appends a key column.
    pub fn with(mut self, column: impl Into<String>, value: impl Display) -> Self {
        self.columns.push(column.into());
        self.values.push(value.to_string());
        self
    }

    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    pub fn values(&self) -> &[String] {
        &self.values
    }
}

/// A CSV writer with the key prefix. Each row is built in a reused buffer and written whole;
/// numbers are formatted straight into it (they never need quoting), text is quoted exactly
/// as the `csv` crate's default writer does (`quote_csv_field`).
struct Table<W: Write> {
    out: W,
    key: RowKey,
    /// The row being built.
    line: Vec<u8>,
    /// Fields in `line` so far.
    fields: usize,
}

impl<W: Write> Table<W> {
    fn new<'a>(w: W, key: RowKey, columns: impl IntoIterator<Item = &'a str>) -> io::Result<Self> {
        let mut table = Table {
            out: w,
            key,
            line: Vec::with_capacity(512),
            fields: 0,
        };
        for i in 0..table.key.columns.len() {
            table.separate();
            quote_csv_field(&mut table.line, &table.key.columns[i]);
        }
        for c in columns {
            table.str(c)?;
        }
        table.end()?;
        Ok(table)
    }

    fn set_key(&mut self, key: RowKey) -> io::Result<()> {
        if key.columns != self.key.columns {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "key columns {:?} differ from the header's {:?}",
                    key.columns, self.key.columns
                ),
            ));
        }
        self.key = key;
        Ok(())
    }

    /// The delimiter before every field but a row's first.
    #[inline]
    fn separate(&mut self) {
        if self.fields > 0 {
            self.line.push(b',');
        }
        self.fields += 1;
    }

    /// Starts a row with the key values.
    fn start(&mut self) -> io::Result<()> {
        for i in 0..self.key.values.len() {
            self.separate();
            quote_csv_field(&mut self.line, &self.key.values[i]);
        }
        Ok(())
    }

    fn str(&mut self, s: &str) -> io::Result<()> {
        self.separate();
        quote_csv_field(&mut self.line, s);
        Ok(())
    }

    /// An unsigned integer, as `Display` writes it (digits never need quoting).
    fn integer(&mut self, value: impl Into<u64>) -> io::Result<()> {
        self.separate();
        let mut value = value.into();
        let mut digits = [0u8; 20];
        let mut first = digits.len();
        loop {
            first -= 1;
            digits[first] = b'0' + (value % 10) as u8;
            value /= 10;
            if value == 0 {
                break;
            }
        }
        for &d in &digits[first..] {
            self.line.push(d);
        }
        Ok(())
    }

    /// A float rounded to `SIGNIFICANT_DIGITS` and written in its shortest form; NaN is an
    /// empty field.
    fn float(&mut self, x: f64) -> io::Result<()> {
        self.separate();
        if !x.is_nan() {
            significant_into(&mut self.line, x);
        }
        Ok(())
    }

    fn end(&mut self) -> io::Result<()> {
        // A row of one empty field is written `""`, as the csv crate does, so that it is not
        // an empty line.
        if self.fields == 1 && self.line.is_empty() {
            self.line.extend_from_slice(b"\"\"");
        }
        self.line.push(b'\n');
        self.out.write_all(&self.line)?;
        self.line.clear();
        self.fields = 0;
        Ok(())
    }

    fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Appends `field` as the csv crate's default writer writes it: as is, or in double quotes
/// (with quotes doubled) when it holds a comma, a quote, a carriage return or a newline.
fn quote_csv_field(line: &mut Vec<u8>, field: &str) {
    let bytes = field.as_bytes();
    if !bytes
        .iter()
        .any(|&b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
    {
        line.extend_from_slice(bytes);
        return;
    }
    line.push(b'"');
    for &b in bytes {
        if b == b'"' {
            line.push(b'"');
        }
        line.push(b);
    }
    line.push(b'"');
}

/// Significant digits written for floats. Agent state is stored in f32 (about 7 digits), so
/// more digits would only print noise such as 0.6000000238418579.
pub const SIGNIFICANT_DIGITS: usize = 7;

/// Powers of ten for number formatting, computed once.
struct PowersOfTen {
    /// `exact[k + OFFSET]` is 10^k correctly rounded (for comparisons).
    exact: Vec<f64>,
    /// `powi[k + OFFSET]` is `10f64.powi(k)` (the scale factors the digits were always computed
    /// with; kept bit for bit so tables do not change).
    powi: Vec<f64>,
    /// `binary_floor[b]`: the largest k with 10^k (as in `exact`) ≤ 2^(b − 1023), for every
    /// biased binary exponent b whose powers of two lie within the table (0 elsewhere).
    binary_floor: Vec<i32>,
}

impl PowersOfTen {
    const OFFSET: i32 = 310;

    fn exact(&self, k: i32) -> f64 {
        self.exact[(k + Self::OFFSET) as usize]
    }

    fn powi(&self, k: i32) -> f64 {
        self.powi[(k + Self::OFFSET) as usize]
    }
}

fn powers_of_ten() -> &'static PowersOfTen {
    static POWERS: std::sync::OnceLock<PowersOfTen> = std::sync::OnceLock::new();
    POWERS.get_or_init(|| {
        let range = -PowersOfTen::OFFSET..=PowersOfTen::OFFSET;
        let mut powers = PowersOfTen {
            exact: range
                .clone()
                .map(|k| format!("1e{k}").parse().unwrap_or(f64::NAN))
                .collect(),
            powi: range.map(|k| 10f64.powi(k)).collect(),
            binary_floor: vec![0; 2048],
        };
        // Powers of two from 2^-1000 to 2^1000 (10^±301) keep the search inside the table.
        for biased in 23..2024 {
            let power_of_two = f64::from_bits((biased as u64) << 52);
            let mut k =
                (f64::from(biased as i32 - 1023) * std::f64::consts::LOG10_2).floor() as i32 - 1;
            while power_of_two >= powers.exact(k + 1) {
                k += 1;
            }
            powers.binary_floor[biased] = k;
        }
        powers
    })
}

/// The largest k with 10^k ≤ m, 10^k as correctly rounded doubles, for 1e-290 ≤ m < 1e291.
/// m lies in [2^b, 2^(b+1)), a factor of two, so k is the power of two's or one more: one
/// table lookup and one comparison, with no branch to mispredict.
fn decimal_exponent(m: f64, powers: &PowersOfTen) -> i32 {
    let biased = ((m.to_bits() >> 52) & 0x7FF) as usize;
    let floor = powers.binary_floor[biased];
    floor + (m >= powers.exact(floor + 1)) as i32
}

/// Appends `x` rounded to `SIGNIFICANT_DIGITS` significant digits, in plain decimal
/// notation without trailing zeros (0.6, 123456800, -0.0001234568).
pub fn write_significant(out: &mut String, x: f64) {
    let mut bytes = Vec::with_capacity(32);
    significant_into(&mut bytes, x);
    // Only ASCII digits, signs, '.', 'e' and the names of non-finite values are written.
    out.push_str(std::str::from_utf8(&bytes).expect("ASCII"));
}

/// The eight decimal digits of `n` < 10^8 in ASCII, the first digit in the lowest byte (so
/// the little-endian bytes read in text order). All digits at once in one word (SWAR, after
/// Khuong and Lemire): split into two halves of four digits, each of those into two pairs,
/// each pair into two digits, every split of a level in one multiply.
#[inline]
fn eight_digits(n: u32) -> u64 {
    let halves = u64::from(n / 10_000) | (u64::from(n % 10_000) << 32);
    // ⌊x / 100⌋ for x < 10^4 is ⌊x · 10486 / 2^20⌋.
    let hundreds = ((halves * 10_486) >> 20) & ((0x7F << 32) | 0x7F);
    let pairs = ((halves - 100 * hundreds) << 16) + hundreds;
    // ⌊x / 10⌋ for x < 100 is ⌊x · 103 / 2^10⌋.
    let tens = ((pairs * 103) >> 10) & ((0xF << 48) | (0xF << 32) | (0xF << 16) | 0xF);
    let digits = tens + ((pairs - 10 * tens) << 8);
    digits + u64::from_le_bytes([b'0'; 8])
}

/// The correctly rounded integer nearest `x` (halves away from zero), for 1 ≤ x < 2^52: what
/// `x.round()` gives, without its separate rounding step (the conversion truncates).
#[inline]
fn round_positive(x: f64) -> u64 {
    // The largest double below one half: adding exactly 0.5 would round x = n + 0.5 − ulp up.
    (x + 0.499_999_999_999_999_94) as u64
}

/// [`write_significant`] into bytes. Integer arithmetic on the 7-digit mantissa, digits
/// assembled in a machine word and appended at once: this runs once per CSV cell, so the
/// common case (magnitudes 1e-20 to 1e21) is kept short and inlined, the rest is out of line.
#[inline]
fn significant_into(out: &mut Vec<u8>, x: f64) {
    let magnitude = x.abs();
    // Also false for NaN, infinities and zero.
    if !(1e-290..1e291).contains(&magnitude) {
        return unusual_into(out, x);
    }
    let powers = powers_of_ten();
    let mut exponent = decimal_exponent(magnitude, powers);
    let top = 10u64.pow(SIGNIFICANT_DIGITS as u32);
    let scaled =
        |e: i32| round_positive(magnitude * powers.powi(SIGNIFICANT_DIGITS as i32 - 1 - e));
    let mut mantissa = scaled(exponent);
    // Rounding can carry to 10^7, and a magnitude at a power of ten can scale (through `powi`'s
    // rounding) to just below 10^6: one step of the exponent either way mends both.
    if mantissa >= top {
        exponent += 1;
        mantissa = scaled(exponent);
    } else if mantissa < top / 10 {
        exponent -= 1;
        mantissa = scaled(exponent);
    }
    // The seven digits in the low seven bytes of a word, first digit lowest; the eighth byte
    // is a '0' too.
    let digits = (eight_digits(mantissa as u32) >> 8) | (u64::from(b'0') << 56);
    // Digits up to the last nonzero one (at least one): the highest byte that is not '0'.
    let nonzero = digits ^ u64::from_le_bytes([b'0'; 8]);
    let significant = ((71 - nonzero.leading_zeros()) / 8).max(1) as usize;
    let negative = x < 0.0;
    if !(-20..=20).contains(&exponent) {
        return long_into(out, negative, exponent, digits, significant);
    }
    // At most 30 bytes, written in place over 32 '0's (so runs of zeros cost nothing), then
    // cut to length.
    let start = out.len();
    out.resize(start + 32, b'0');
    let text = &mut out[start..];
    let sign = negative as usize;
    text[0] = if negative { b'-' } else { b'0' };
    let end = if exponent < 0 {
        // "0.", −exponent − 1 zeros, the digits.
        text[sign + 1] = b'.';
        let first_digit = sign + 1 + (-exponent) as usize;
        text[first_digit..first_digit + 8].copy_from_slice(&digits.to_le_bytes());
        first_digit + significant
    } else {
        let integer_digits = exponent as usize + 1;
        if integer_digits < SIGNIFICANT_DIGITS {
            // The point goes after the integer digits: shift the rest up a byte.
            let point_at = 8 * integer_digits;
            let integer_part = (1u64 << point_at) - 1;
            let with_point = (digits & integer_part)
                | (u64::from(b'.') << point_at)
                | ((digits & !integer_part) << 8);
            text[sign..sign + 8].copy_from_slice(&with_point.to_le_bytes());
            if significant > integer_digits {
                sign + significant + 1
            } else {
                sign + integer_digits
            }
        } else {
            text[sign..sign + 8].copy_from_slice(&digits.to_le_bytes());
            sign + integer_digits
        }
    };
    out.truncate(start + end);
}

/// [`significant_into`] of zero, NaN, infinities and magnitudes beyond 1e±290.
#[cold]
#[inline(never)]
fn unusual_into(out: &mut Vec<u8>, x: f64) {
    if !x.is_finite() {
        let _ = write!(out, "{x}");
    } else if x == 0.0 {
        out.push(b'0');
    } else {
        // Far outside the model's ranges: let the standard formatter do the rounding.
        let _ = write!(out, "{:.*e}", SIGNIFICANT_DIGITS - 1, x);
    }
}

/// [`significant_into`] of a number with more than 20 zeros before or after its digits.
#[cold]
#[inline(never)]
fn long_into(out: &mut Vec<u8>, negative: bool, exponent: i32, digits: u64, significant: usize) {
    let digits = &digits.to_le_bytes()[..SIGNIFICANT_DIGITS];
    if negative {
        out.push(b'-');
    }
    if exponent < 0 {
        out.extend_from_slice(b"0.");
        out.extend(std::iter::repeat_n(b'0', (-exponent - 1) as usize));
        out.extend_from_slice(&digits[..significant]);
    } else {
        let integer_digits = exponent as usize + 1;
        out.extend_from_slice(digits);
        out.extend(std::iter::repeat_n(
            b'0',
            integer_digits - SIGNIFICANT_DIGITS,
        ));
    }
}

/// `timeseries.csv`: key, `replication`, `month`, then one column per metric.
pub struct TimeseriesWriter<W: Write> {
    table: Table<W>,
    metrics: Vec<Metric>,
    every_months: usize,
}

impl<W: Write> TimeseriesWriter<W> {
    /// Every metric, in `METRICS` order.
    pub fn new(w: W, key: RowKey) -> io::Result<Self> {
        Self::with_metrics(w, key, Metric::ALL)
    }

    /// Only `metrics`, in the order given.
    pub fn with_metrics(w: W, key: RowKey, metrics: &[Metric]) -> io::Result<Self> {
        let names = TIMESERIES_COLUMNS
            .into_iter()
            .chain(metrics.iter().map(|m| m.name()));
        Ok(Self {
            table: Table::new(w, key, names)?,
            metrics: metrics.to_vec(),
            every_months: 1,
        })
    }

    /// Writes only every `every`-th month (see [`keeps_month`]).
    pub fn keep_every_months(mut self, every: usize) -> Self {
        self.every_months = every;
        self
    }

    /// Changes the key values of the following rows (the columns must stay the same).
    pub fn set_key(&mut self, key: RowKey) -> io::Result<()> {
        self.table.set_key(key)
    }

    /// One row per month of `result`, month 0 first.
    pub fn write_replication(&mut self, result: &ReplicationResult) -> io::Result<()> {
        let t = &mut self.table;
        let last = result.months.len().saturating_sub(1);
        for (month, row) in result.months.iter().enumerate() {
            if !keeps_month(month, last, self.every_months) {
                continue;
            }
            t.start()?;
            t.integer(result.replication)?;
            t.integer(month as u64)?;
            for &m in &self.metrics {
                t.float(row[m as usize])?;
            }
            t.end()?;
        }
        Ok(())
    }

    /// Flushes and returns the underlying writer.
    pub fn finish(self) -> io::Result<W> {
        self.table.finish()
    }
}

/// `groups.csv`: key, `replication`, `month`, `group`, `headcount`, `engagement`, `retention`.
pub struct GroupsWriter<W: Write> {
    table: Table<W>,
    group_names: Vec<String>,
    every_months: usize,
}

impl<W: Write> GroupsWriter<W> {
    /// `group_names[g]` names group index g.
    pub fn new(w: W, key: RowKey, group_names: &[String]) -> io::Result<Self> {
        Ok(Self {
            table: Table::new(w, key, GROUPS_COLUMNS)?,
            group_names: group_names.to_vec(),
            every_months: 1,
        })
    }

    /// Writes only every `every`-th month (see [`keeps_month`]).
    pub fn keep_every_months(mut self, every: usize) -> Self {
        self.every_months = every;
        self
    }

    /// Changes the group names of the following rows (sweep points may differ).
    pub fn set_group_names(&mut self, group_names: &[String]) {
        self.group_names.clear();
        self.group_names.extend_from_slice(group_names);
    }

    /// Changes the key values of the following rows (the columns must stay the same).
    pub fn set_key(&mut self, key: RowKey) -> io::Result<()> {
        self.table.set_key(key)
    }

    /// One row per month and group (months ascending, then groups in order).
    pub fn write_replication(&mut self, result: &ReplicationResult) -> io::Result<()> {
        let t = &mut self.table;
        let last = result.groups.len().saturating_sub(1);
        for (month, groups) in result.groups.iter().enumerate() {
            if !keeps_month(month, last, self.every_months) {
                continue;
            }
            for (g, row) in groups.iter().enumerate() {
                let name = self.group_names.get(g).ok_or_else(|| {
                    io::Error::new(
                        io::ErrorKind::InvalidInput,
                        format!(
                            "replication {} has group index {g} but only {} group names",
                            result.replication,
                            self.group_names.len()
                        ),
                    )
                })?;
                t.start()?;
                t.integer(result.replication)?;
                t.integer(month as u64)?;
                t.str(name)?;
                t.integer(row.headcount)?;
                t.float(row.engagement)?;
                t.float(row.retention)?;
                t.end()?;
            }
        }
        Ok(())
    }

    /// Flushes and returns the underlying writer.
    pub fn finish(self) -> io::Result<W> {
        self.table.finish()
    }
}

/// `events.csv`: key, `replication`, `shock_month`, `severity`, `baseline_performance`,
/// `recovery_months` (empty: never recovered). The header is written even with no shocks.
pub struct EventsWriter<W: Write> {
    table: Table<W>,
}

impl<W: Write> EventsWriter<W> {
    pub fn new(w: W, key: RowKey) -> io::Result<Self> {
        Ok(Self {
            table: Table::new(w, key, EVENTS_COLUMNS)?,
        })
    }

    /// Changes the key values of the following rows (the columns must stay the same).
    pub fn set_key(&mut self, key: RowKey) -> io::Result<()> {
        self.table.set_key(key)
    }

    /// One row per shock of `result`, in the order recorded.
    pub fn write_replication(&mut self, result: &ReplicationResult) -> io::Result<()> {
        let t = &mut self.table;
        for e in &result.events {
            t.start()?;
            t.integer(result.replication)?;
            t.integer(e.shock_month)?;
            t.float(e.severity)?;
            t.float(e.baseline_performance)?;
            match e.recovery_months {
                Some(m) => t.integer(m)?,
                None => t.str("")?,
            }
            t.end()?;
        }
        Ok(())
    }

    /// Flushes and returns the underlying writer.
    pub fn finish(self) -> io::Result<W> {
        self.table.finish()
    }
}

/// `summary.csv`: key, `month`, `metric`, `n`, `mean`, `sd`, `ci_low`, `ci_high`, one row per
/// month and metric (months ascending, metrics in `METRICS` order or the order selected).
pub struct SummaryWriter<W: Write> {
    table: Table<W>,
    metrics: Vec<Metric>,
    every_months: usize,
}

impl<W: Write> SummaryWriter<W> {
    /// Every metric, in `METRICS` order.
    pub fn new(w: W, key: RowKey) -> io::Result<Self> {
        Self::with_metrics(w, key, Metric::ALL)
    }

    /// Only `metrics`, in the order given.
    pub fn with_metrics(w: W, key: RowKey, metrics: &[Metric]) -> io::Result<Self> {
        Ok(Self {
            table: Table::new(w, key, SUMMARY_COLUMNS)?,
            metrics: metrics.to_vec(),
            every_months: 1,
        })
    }

    /// Writes only every `every`-th month (see [`keeps_month`]).
    pub fn keep_every_months(mut self, every: usize) -> Self {
        self.every_months = every;
        self
    }

    /// Changes the key values of the following rows (the columns must stay the same).
    pub fn set_key(&mut self, key: RowKey) -> io::Result<()> {
        self.table.set_key(key)
    }

    /// Writes the rows of `acc` under the current key.
    pub fn write(&mut self, acc: &SummaryAccumulator) -> io::Result<()> {
        let t = &mut self.table;
        let last = acc.months().saturating_sub(1);
        for month in 0..acc.months() {
            if !keeps_month(month, last, self.every_months) {
                continue;
            }
            for &metric in &self.metrics {
                let s = acc.stats(month, metric);
                t.start()?;
                t.integer(month as u64)?;
                t.str(metric.name())?;
                t.integer(s.n)?;
                t.float(s.mean)?;
                t.float(s.sd)?;
                t.float(s.ci_low)?;
                t.float(s.ci_high)?;
                t.end()?;
            }
        }
        Ok(())
    }

    /// Flushes and returns the underlying writer.
    pub fn finish(self) -> io::Result<W> {
        self.table.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::metrics::{GroupRow, METRIC_COUNT, METRICS, ShockRecovery};

    #[test]
    fn text_is_quoted_exactly_as_the_csv_crate_quotes_it() {
        let fields = [
            "plain",
            "",
            "a,b",
            "say \"hi\"",
            "two\nlines",
            "cr\r",
            " spaced ",
            "#hash",
            "ünïcödé",
            "\"",
            ",",
            "tab\there",
            "semi;colon",
            "'single'",
        ];
        let mut ours = vec![];
        let mut theirs = csv::WriterBuilder::new()
            .has_headers(false)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(vec![]);
        for pair in fields.windows(2) {
            for (k, field) in pair.iter().enumerate() {
                if k > 0 {
                    ours.push(b',');
                }
                quote_csv_field(&mut ours, field);
            }
            ours.push(b'\n');
            theirs.write_record(pair).unwrap();
        }
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            String::from_utf8(theirs.into_inner().unwrap()).unwrap()
        );
    }

    fn result(replication: u32, months: usize) -> ReplicationResult {
        let mut row = [0.5; METRIC_COUNT];
        row[Metric::Agility as usize] = f64::NAN;
        row[Metric::Headcount as usize] = 100.0;
        ReplicationResult {
            replication,
            months: vec![row; months],
            groups: vec![
                vec![
                    GroupRow {
                        headcount: 3,
                        engagement: 0.25,
                        retention: f64::NAN
                    };
                    2
                ];
                months
            ],
            events: vec![ShockRecovery {
                shock_month: 1,
                severity: 0.3,
                baseline_performance: 0.7,
                recovery_months: None,
            }],
        }
    }

    fn text(w: Vec<u8>) -> String {
        String::from_utf8(w).unwrap()
    }

    #[test]
    fn timeseries_header_rows_and_empty_cells() {
        let mut w = TimeseriesWriter::new(Vec::new(), RowKey::scenario("base")).unwrap();
        w.write_replication(&result(0, 2)).unwrap();
        w.write_replication(&result(1, 2)).unwrap();
        let out = text(w.finish().unwrap());
        let lines: Vec<&str> = out.lines().collect();
        let header: Vec<&str> = lines[0].split(',').collect();
        assert_eq!(&header[..3], ["scenario", "replication", "month"]);
        assert_eq!(
            header[3..],
            METRICS.iter().map(|m| m.name).collect::<Vec<_>>()[..]
        );
        assert_eq!(lines.len(), 5);
        assert!(lines[1].starts_with("base,0,0,0.5,,0.5,"), "{}", lines[1]);
        assert!(lines[4].starts_with("base,1,1,"));
        assert!(lines[4].contains(",100,"));
        assert!(out.ends_with('\n') && !out.contains('\r'));
    }

    #[test]
    fn key_columns_are_configurable_and_fixed() {
        let key = RowKey::scenario("a,b").with("point", 3);
        let mut w =
            TimeseriesWriter::with_metrics(Vec::new(), key, &[Metric::Performance]).unwrap();
        w.write_replication(&result(0, 1)).unwrap();
        w.set_key(RowKey::scenario("a,b").with("point", 4)).unwrap();
        w.write_replication(&result(0, 1)).unwrap();
        assert!(w.set_key(RowKey::scenario("x")).is_err());
        let out = text(w.finish().unwrap());
        assert_eq!(
            out,
            "scenario,point,replication,month,performance\n\"a,b\",3,0,0,0.5\n\"a,b\",4,0,0,0.5\n"
        );
    }

    #[test]
    fn groups_and_events() {
        let names = vec!["vocational".to_string(), "higher".to_string()];
        let mut g = GroupsWriter::new(Vec::new(), RowKey::scenario("s"), &names).unwrap();
        g.write_replication(&result(2, 2)).unwrap();
        let out = text(g.finish().unwrap());
        assert_eq!(
            out,
            "scenario,replication,month,group,headcount,engagement,retention\n\
             s,2,0,vocational,3,0.25,\ns,2,0,higher,3,0.25,\ns,2,1,vocational,3,0.25,\ns,2,1,higher,3,0.25,\n"
        );
        let mut short = GroupsWriter::new(Vec::new(), RowKey::scenario("s"), &names[..1]).unwrap();
        assert!(short.write_replication(&result(0, 1)).is_err());

        let mut e = EventsWriter::new(Vec::new(), RowKey::scenario("s")).unwrap();
        let mut r = result(1, 1);
        r.events.push(ShockRecovery {
            shock_month: 40,
            severity: 0.1,
            baseline_performance: 0.8,
            recovery_months: Some(7),
        });
        e.write_replication(&r).unwrap();
        let out = text(e.finish().unwrap());
        assert_eq!(
            out,
            "scenario,replication,shock_month,severity,baseline_performance,recovery_months\n\
             s,1,1,0.3,0.7,\ns,1,40,0.1,0.8,7\n"
        );
        let empty = EventsWriter::new(Vec::new(), RowKey::scenario("s")).unwrap();
        assert_eq!(text(empty.finish().unwrap()).lines().count(), 1);
    }

    #[test]
    fn summary_rows() {
        let mut acc = SummaryAccumulator::new();
        acc.add(&result(0, 3));
        let mut w = SummaryWriter::with_metrics(
            Vec::new(),
            RowKey::scenario("s"),
            &[Metric::Performance, Metric::Agility],
        )
        .unwrap();
        w.write(&acc).unwrap();
        let out = text(w.finish().unwrap());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "scenario,month,metric,n,mean,sd,ci_low,ci_high");
        assert_eq!(lines[1], "s,0,performance,1,0.5,,,");
        assert_eq!(lines[2], "s,0,agility,0,,,,");
        assert_eq!(lines.len(), 1 + 3 * 2);
    }
}

#[cfg(test)]
mod rounding_tests {
    use super::*;
    use crate::ground::rng::{Purpose, Stream};

    fn text(x: f64) -> String {
        let mut s = String::new();
        write_significant(&mut s, x);
        s
    }

    #[test]
    fn the_fast_exponent_writes_what_log10_wrote() {
        // The writer before the table of powers, kept to check the bytes did not change.
        fn reference(x: f64) -> String {
            let magnitude = x.abs();
            let mut exponent = magnitude.log10().floor() as i32;
            let top = 10u64.pow(SIGNIFICANT_DIGITS as u32);
            let scaled =
                |e: i32| (magnitude * 10f64.powi(SIGNIFICANT_DIGITS as i32 - 1 - e)).round() as u64;
            let mut mantissa = scaled(exponent);
            if mantissa >= top {
                exponent += 1;
                mantissa = scaled(exponent);
            } else if mantissa < top / 10 {
                exponent -= 1;
                mantissa = scaled(exponent);
            }
            format!("{mantissa}e{exponent}")
        }
        fn fast(x: f64) -> String {
            let mut out = String::new();
            write_significant(&mut out, x);
            let mut expected = String::new();
            write_significant_reference(&mut expected, x, reference(x));
            assert_eq!(out, expected, "{x:e}");
            out
        }
        // Renders the reference mantissa and exponent the way write_significant does.
        fn write_significant_reference(out: &mut String, x: f64, me: String) {
            let (m, e) = me.split_once('e').unwrap();
            let exponent: i32 = e.parse().unwrap();
            let digits = format!("{:0>7}", m);
            let digits = digits.trim_end_matches('0');
            let digits = if digits.is_empty() { "0" } else { digits };
            if x < 0.0 {
                out.push('-');
            }
            if exponent < 0 {
                out.push_str("0.");
                out.push_str(&"0".repeat((-exponent - 1) as usize));
                out.push_str(digits);
            } else {
                let integer = exponent as usize + 1;
                let padded = format!("{digits:0<integer$}");
                out.push_str(&padded[..integer]);
                if digits.len() > integer {
                    out.push('.');
                    out.push_str(&digits[integer..]);
                }
            }
        }
        let mut rng =
            crate::ground::rng::Stream::new(5, 0, 0, crate::ground::rng::Purpose::Employee, 0);
        for k in -280..280 {
            let p: f64 = format!("1e{k}").parse().unwrap();
            for x in [
                p,
                f64::from_bits(p.to_bits() - 1),
                f64::from_bits(p.to_bits() + 1),
                p * 0.99999995,
                p * 0.9999999,
                p * 0.99999997,
                p * 1.0000005,
            ] {
                fast(x);
                fast(-x);
            }
        }
        for _ in 0..200_000 {
            let x = (rng.uniform() - 0.5) * 10f64.powi(rng.below(40) as i32 - 20);
            if x != 0.0 {
                fast(x);
            }
        }
    }

    #[test]
    fn eight_digits_are_the_decimal_digits_of_every_number_below_ten_million() {
        for n in (0..10_000_000u32).chain([99_999_999, 12_345_678, 10_000_000]) {
            let expected = format!("{n:08}");
            assert_eq!(&eight_digits(n).to_le_bytes(), expected.as_bytes(), "{n}");
        }
    }

    #[test]
    fn rounding_without_round_rounds_as_round() {
        let mut rng = Stream::new(9, 0, 0, Purpose::Employee, 0);
        for _ in 0..1_000_000 {
            let x = 1.0 + rng.uniform() * 1e8;
            let n = x.floor();
            // Random values, the halfway points and their neighbours a few ulps away.
            for v in [x, n + 0.5, n - 0.5, n + 1.0].into_iter().flat_map(|v| {
                (-3i64..=3).map(move |d| f64::from_bits((v.to_bits() as i64 + d) as u64))
            }) {
                assert_eq!(round_positive(v), v.round() as u64, "{v:e}");
            }
        }
    }

    #[test]
    fn floats_are_written_with_seven_significant_digits() {
        assert_eq!(text(0.6000000238418579), "0.6");
        assert_eq!(text(123456789.0), "123456800");
        assert_eq!(text(-0.000123456789), "-0.0001234568");
        assert_eq!(text(0.0), "0");
        assert_eq!(text(1.0), "1");
        assert_eq!(text(99.999996), "100");
        assert_eq!(text(0.30000000000000004), "0.3");
        assert_eq!(text(12.5), "12.5");
        assert_eq!(text(1e-7), "0.0000001");
        assert_eq!(text(f64::INFINITY), "inf");
    }

    #[test]
    fn written_values_are_within_half_a_unit_of_the_seventh_digit() {
        let mut rng = Stream::new(5, 0, 0, Purpose::Employee, 0);
        for _ in 0..100_000 {
            let x = (rng.uniform() - 0.5) * 10f64.powi(rng.below(24) as i32 - 12);
            let written: f64 = text(x).parse().unwrap();
            let unit = 10f64.powi(x.abs().log10().floor() as i32 - 6);
            assert!(
                (written - x).abs() <= 0.5 * unit * (1.0 + 1e-9),
                "{x} -> {written}"
            );
        }
    }
}
