//! `uncertainty.csv`: the values each replication drew for the scenario's uncertain inputs.
//!
//! Owns the table's columns: the key columns of the run (`scenario`, a sweep's `point`),
//! `replication`, `set` (the posterior's set, when the scenario has one; its `set` column or
//! row number from 0), then one column per drawn key as `--set` writes it, in the order
//! `Uncertainty::drawn_keys` gives (the posterior's keys, then the table's). Values are
//! written in full (the shortest text that reads back as the same number), since they are
//! the inputs that were run. The draws are made again from the scenario (they depend only on
//! its seed, the replication and the table), so the table is the same whoever ran which
//! replication.

use crate::scenario::Scenario;
use crate::scenario::uncertainty::draw::draw;
use std::io::{self, Write};

/// Writes `uncertainty.csv` to `w`: a header, then every replication of every scenario of
/// `rows` (key values, scenario) in order. `key_columns` name the key values.
pub fn write_uncertainty_csv(
    w: &mut dyn Write,
    key_columns: &[&str],
    rows: impl IntoIterator<Item = (Vec<String>, impl std::borrow::Borrow<Scenario>)>,
) -> io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    let to_io = |e: csv::Error| io::Error::other(e.to_string());
    let mut header_written = false;
    for (key_values, scenario) in rows {
        let scenario: &Scenario = scenario.borrow();
        let u = &scenario.uncertainty;
        if !header_written {
            let mut header: Vec<&str> = key_columns.to_vec();
            header.push("replication");
            if u.posterior.is_some() {
                header.push("set");
            }
            header.extend(u.drawn_keys());
            out.write_record(&header).map_err(to_io)?;
            header_written = true;
        }
        for r in 0..scenario.replications {
            let draws = draw(u, scenario.seed, r);
            let mut record = key_values.clone();
            record.push(r.to_string());
            if let Some(set) = draws.set {
                record.push(set.to_string());
            }
            record.extend(draws.values.iter().map(|x| x.to_string()));
            out.write_record(&record).map_err(to_io)?;
        }
    }
    out.flush()
}
