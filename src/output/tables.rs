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

use super::number_format::significant_into;
use super::stats::{DEFAULT_PREDICTION_LEVEL, SummaryAccumulator};
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
/// Column names of `summary.csv` after the key columns: the mean's 95% interval (`ci_*`),
/// then the predictive interval (`pi_*`: where a share, by default 90%, of single
/// replications' values lie).
pub const SUMMARY_COLUMNS: [&str; 9] = [
    "month", "metric", "n", "mean", "sd", "ci_low", "ci_high", "pi_low", "pi_high",
];

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
pub(crate) struct Table<W: Write> {
    out: W,
    key: RowKey,
    /// The row being built.
    line: Vec<u8>,
    /// Fields in `line` so far.
    fields: usize,
}

impl<W: Write> Table<W> {
    pub(crate) fn new<'a>(
        w: W,
        key: RowKey,
        columns: impl IntoIterator<Item = &'a str>,
    ) -> io::Result<Self> {
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

    pub(crate) fn set_key(&mut self, key: RowKey) -> io::Result<()> {
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
    pub(crate) fn start(&mut self) -> io::Result<()> {
        for i in 0..self.key.values.len() {
            self.separate();
            quote_csv_field(&mut self.line, &self.key.values[i]);
        }
        Ok(())
    }

    pub(crate) fn str(&mut self, s: &str) -> io::Result<()> {
        self.separate();
        quote_csv_field(&mut self.line, s);
        Ok(())
    }

    /// An unsigned integer, as `Display` writes it (digits never need quoting).
    pub(crate) fn integer(&mut self, value: impl Into<u64>) -> io::Result<()> {
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
    pub(crate) fn float(&mut self, x: f64) -> io::Result<()> {
        self.separate();
        if !x.is_nan() {
            significant_into(&mut self.line, x);
        }
        Ok(())
    }

    pub(crate) fn end(&mut self) -> io::Result<()> {
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

    pub(crate) fn finish(mut self) -> io::Result<W> {
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

/// `summary.csv`: key, `month`, `metric`, `n`, `mean`, `sd`, `ci_low`, `ci_high`, `pi_low`,
/// `pi_high`, one row per month and metric (months ascending, metrics in `METRICS` order or
/// the order selected).
pub struct SummaryWriter<W: Write> {
    table: Table<W>,
    metrics: Vec<Metric>,
    every_months: usize,
    prediction_level: f64,
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
            prediction_level: DEFAULT_PREDICTION_LEVEL,
        })
    }

    /// The level of the predictive interval (default [`DEFAULT_PREDICTION_LEVEL`]).
    pub fn prediction_level(mut self, level: f64) -> Self {
        self.prediction_level = level;
        self
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
                let (pi_low, pi_high) = acc.predictive(month, metric, self.prediction_level);
                t.float(pi_low)?;
                t.float(pi_high)?;
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
        assert_eq!(
            lines[0],
            "scenario,month,metric,n,mean,sd,ci_low,ci_high,pi_low,pi_high"
        );
        assert_eq!(lines[1], "s,0,performance,1,0.5,,,,,");
        assert_eq!(lines[2], "s,0,agility,0,,,,,,");
        assert_eq!(lines.len(), 1 + 3 * 2);
    }
}
