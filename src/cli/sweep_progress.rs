//! Progress of a sweep on stderr: its set-up (checking every point) and its runs.
//!
//! Owns how progress looks: an `indicatif` bar on a terminal, plain lines every 10 seconds
//! otherwise (cluster logs, where a bar would draw nothing). Set-up progress appears only
//! once checking the points has taken a couple of seconds, so small sweeps print nothing new.

use crate::experiment::runner::Progress;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Set-up shorter than this shows no progress.
const QUIET_SETUP: Duration = Duration::from_secs(2);
/// Plain progress lines come at most this often.
const LINE_EVERY: Duration = Duration::from_secs(10);

/// Progress as a bar on a terminal, or a plain line every 10 seconds otherwise.
pub struct Reporter {
    bar: Option<indicatif::ProgressBar>,
    done: AtomicU64,
    total: AtomicU64,
    started: Instant,
    last_line: Mutex<Instant>,
    quiet: bool,
}

impl Reporter {
    pub fn new(quiet: bool) -> Self {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(0);
            let style = indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} runs  {rate}  ETA {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .with_key(
                "rate",
                |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0} runs/s", state.per_sec());
                },
            );
            bar.set_style(style);
            bar
        });
        Reporter {
            bar,
            done: AtomicU64::new(0),
            total: AtomicU64::new(0),
            started: Instant::now(),
            last_line: Mutex::new(Instant::now()),
            quiet,
        }
    }

    fn line(&self) -> String {
        let done = self.done.load(Ordering::Relaxed);
        let total = self.total.load(Ordering::Relaxed).max(1);
        let secs = self.started.elapsed().as_secs_f64().max(1e-9);
        let rate = done as f64 / secs;
        let eta = if rate > 0.0 {
            (total.saturating_sub(done)) as f64 / rate
        } else {
            f64::NAN
        };
        format!(
            "orgsim: {done}/{total} runs ({:.0}%), {rate:.1} runs/s, ETA {eta:.0} s",
            100.0 * done as f64 / total as f64
        )
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Reporter {
    fn start(&self, total: u64, done: u64) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done, Ordering::Relaxed);
        if let Some(bar) = &self.bar {
            bar.set_length(total);
            bar.set_position(done);
            bar.reset_eta();
        } else if !self.quiet {
            eprintln_escaped!("orgsim: {total} runs in this sweep, {done} already done");
        }
    }

    fn advance(&self, runs: u64) {
        self.done.fetch_add(runs, Ordering::Relaxed);
        if let Some(bar) = &self.bar {
            bar.inc(runs);
        } else if !self.quiet {
            let mut last = self.last_line.lock().unwrap_or_else(|e| e.into_inner());
            if last.elapsed() >= LINE_EVERY {
                *last = Instant::now();
                eprintln_escaped!("{}", self.line());
            }
        }
    }
}

/// Progress of checking a sweep's points: nothing for the first seconds, then a bar on a
/// terminal or a plain line every 10 seconds otherwise, and a closing line with the time taken.
pub struct SetupReporter {
    total: AtomicU64,
    done: AtomicU64,
    started: Instant,
    /// Nothing is shown before this much time has passed.
    quiet_for: Duration,
    quiet: bool,
    terminal: bool,
    shown: Mutex<SetupShown>,
    /// Where plain lines go (stderr).
    print: fn(&str),
}

#[derive(Default)]
struct SetupShown {
    bar: Option<indicatif::ProgressBar>,
    last_line: Option<Instant>,
}

impl SetupReporter {
    pub fn new(quiet: bool) -> Self {
        SetupReporter {
            total: AtomicU64::new(0),
            done: AtomicU64::new(0),
            started: Instant::now(),
            quiet_for: QUIET_SETUP,
            quiet,
            terminal: std::io::stderr().is_terminal(),
            shown: Mutex::new(SetupShown::default()),
            print: |line| eprintln_escaped!("{line}"),
        }
    }

    /// Clears the bar; after plain lines, says how long the set-up took.
    pub fn finish(&self) {
        let shown = self.shown.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(bar) = &shown.bar {
            bar.finish_and_clear();
        } else if shown.last_line.is_some() {
            (self.print)(&format!(
                "orgsim: checked {} points in {:.1} s",
                self.done.load(Ordering::Relaxed),
                self.started.elapsed().as_secs_f64()
            ));
        }
    }
}

impl Progress for SetupReporter {
    fn start(&self, total: u64, done: u64) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done, Ordering::Relaxed);
    }

    fn advance(&self, points: u64) {
        let done = self.done.fetch_add(points, Ordering::Relaxed) + points;
        if self.quiet || self.started.elapsed() < self.quiet_for {
            return;
        }
        let total = self.total.load(Ordering::Relaxed);
        let mut shown = self.shown.lock().unwrap_or_else(|e| e.into_inner());
        if self.terminal {
            let bar = shown.bar.get_or_insert_with(|| {
                let bar = indicatif::ProgressBar::new(total);
                let style = indicatif::ProgressStyle::with_template(
                    "checking points {bar:40} {pos}/{len}  ETA {eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
                bar.set_style(style);
                bar
            });
            bar.set_position(done);
        } else if shown
            .last_line
            .is_none_or(|last| last.elapsed() >= LINE_EVERY)
        {
            shown.last_line = Some(Instant::now());
            (self.print)(&format!(
                "orgsim: checking the sweep's points: {done} of {total} ({:.0}%) in {:.0} s",
                100.0 * done as f64 / total.max(1) as f64,
                self.started.elapsed().as_secs_f64()
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static LINES: Mutex<Vec<String>> = Mutex::new(Vec::new());

    fn plain(quiet: bool, quiet_for: Duration) -> SetupReporter {
        SetupReporter {
            quiet_for,
            quiet,
            terminal: false,
            print: |line| LINES.lock().unwrap().push(line.to_string()),
            ..SetupReporter::new(quiet)
        }
    }

    #[test]
    fn a_long_setup_prints_plain_lines_where_a_bar_cannot_be_drawn() {
        LINES.lock().unwrap().clear();
        // A set-up that has already lasted longer than the quiet time.
        let long = plain(false, Duration::ZERO);
        long.start(10_000, 0);
        long.advance(4096);
        long.advance(4096); // within 10 s of the first line: no second line
        long.advance(1808);
        long.finish();
        // A short one (or --quiet) prints nothing.
        let short = plain(false, Duration::from_secs(3600));
        short.start(10_000, 0);
        short.advance(10_000);
        short.finish();
        let silent = plain(true, Duration::ZERO);
        silent.start(10_000, 0);
        silent.advance(10_000);
        silent.finish();
        let lines = LINES.lock().unwrap().clone();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines[0].starts_with("orgsim: checking the sweep's points: 4096 of 10000 (41%)"),
            "{lines:?}"
        );
        assert!(
            lines[1].starts_with("orgsim: checked 10000 points in"),
            "{lines:?}"
        );
    }
}
