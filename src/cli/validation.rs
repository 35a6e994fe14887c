//! `orgsim validation [--out docs/VALIDATION.md] [--threads N]`: reruns March's (1991)
//! experiments and the patterns of docs/ODD.md section 1, and writes the validation report and its figures.
//!
//! Owns the command's arguments, the text of `docs/VALIDATION.md` (tables, published findings
//! beside orgsim's numbers, verdicts, the rule-by-rule check of March's model, sources),
//! writing it and its SVG figures (into a `validation/` folder beside the markdown file) and
//! the exit codes. Does not own the experiments, the numbers or the verdicts (see
//! `crate::experiment::validation`) or drawing the charts (see
//! `crate::output::validation_figures`).

use super::build_pool;
use crate::experiment::validation::{
    Experiment, Finding, Options, PATTERN_REPLICATIONS, SOURCES, Validation, ValidationPlans,
    run_validation, show, show_signed,
};
use crate::output::validation_figures::validation_figures;
use crate::output::{Stats, write_atomic};
use clap::Args;
use rules::RULES;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The folder, beside the markdown file, that holds the figures.
mod rules;

pub const FIGURES_DIR: &str = "validation";

#[derive(Debug, Args)]
pub struct ValidationArgs {
    /// Markdown file to write; the figures go to a `validation/` folder beside it.
    #[arg(long, short, default_value = "docs/VALIDATION.md")]
    pub out: PathBuf,
    /// Worker threads [default: all cores; at most 4 per core]. Results do not depend on it.
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Replications per point of every experiment, at least 2 [default: each sweep file's, 80
    /// as in March's paper]. Fewer give a quick, rougher look.
    #[arg(long, short = 'n')]
    pub replications: Option<u32>,
    /// Replications of each scenario behind the patterns, at least 2 [default: 60, as the
    /// tests].
    #[arg(long)]
    pub pattern_replications: Option<u32>,
    /// Leave out the model's patterns (docs/ODD.md section 1; only the March experiments).
    #[arg(long)]
    pub no_patterns: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs `orgsim validation`: exit code 2 for bad arguments, 1 if an experiment cannot run or
/// a file cannot be written.
pub fn validation(args: &ValidationArgs) -> ExitCode {
    // Every finding is judged by a 95% interval, which one replication cannot give.
    for (flag, n) in [
        ("--replications", args.replications),
        ("--pattern-replications", args.pattern_replications),
    ] {
        if let Some(n @ (0 | 1)) = n {
            eprintln_escaped!(
                "error: {flag} {n}: every number in the validation is a mean with its 95% interval, which needs at least 2 replications\nhelp: use {flag} 2 or more for a quick, rough look (the default is each sweep file's, 80 as in March's paper)"
            );
            return ExitCode::from(2);
        }
    }
    let pool = match build_pool(args.threads, args.quiet) {
        Ok(p) => p,
        Err(e) => {
            eprintln_escaped!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let plans = match ValidationPlans::shipped() {
        Ok(p) => p,
        Err(e) => {
            eprintln_escaped!("{e}");
            return ExitCode::from(1);
        }
    };
    let plans = match args.replications {
        Some(n) => plans.with_replications(n),
        None => plans,
    };
    let options = Options {
        patterns: !args.no_patterns,
        pattern_replications: args.pattern_replications.unwrap_or(PATTERN_REPLICATIONS),
    };
    if !args.quiet {
        eprintln_escaped!(
            "orgsim: validation: March (1991) experiments{} on {}",
            if options.patterns {
                " and the model's patterns"
            } else {
                ""
            },
            threads(pool.current_num_threads())
        );
    }
    let started = std::time::Instant::now();
    let validation = match pool.install(|| run_validation(&plans, &options)) {
        Ok(v) => v,
        Err(e) => {
            eprintln_escaped!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let elapsed = started.elapsed();
    let figures_dir = args.out.parent().unwrap_or(Path::new("")).join(FIGURES_DIR);
    if let Err(e) = write_report(&args.out, &figures_dir, &validation) {
        eprintln_escaped!("error: {e}");
        return ExitCode::from(1);
    }
    if !args.quiet {
        let f = &validation.figure1;
        eprintln_escaped!(
            "orgsim: Figure-1 grid: {} points × {} replications = {} runs to equilibrium in {:.3} s on {}",
            f.p1.len() * f.p2.len(),
            f.replications,
            f.total_runs(),
            f.elapsed.as_secs_f64(),
            threads(f.threads)
        );
        for finding in &validation.findings {
            eprintln_escaped!(
                "  {} {}: {}",
                finding.id,
                finding.verdict.label(),
                finding.orgsim
            );
        }
        for p in &validation.patterns {
            eprintln_escaped!(
                "  pattern {}: {}",
                p.number,
                if p.holds { "holds" } else { "does not hold" }
            );
        }
        eprintln_escaped!(
            "orgsim: done in {:.1} s; wrote {} and {}",
            elapsed.as_secs_f64(),
            args.out.display(),
            figures_dir.display()
        );
    }
    ExitCode::SUCCESS
}

/// Writes the markdown file and the figures (atomically, each to a temporary name first).
fn write_report(out: &Path, figures_dir: &Path, v: &Validation) -> Result<(), String> {
    std::fs::create_dir_all(figures_dir)
        .map_err(|e| format!("cannot create {}: {e}", figures_dir.display()))?;
    for (name, svg, _) in validation_figures(v) {
        let path = figures_dir.join(name);
        write_atomic(&path, |w| w.write_all(svg.as_bytes()))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let markdown = render_markdown(v);
    write_atomic(out, |w| w.write_all(markdown.as_bytes()))
        .map_err(|e| format!("cannot write {}: {e}", out.display()))
}

/// A markdown table from a header and rows.
fn table(out: &mut String, header: &[&str], align_right_from: usize, rows: &[Vec<String>]) {
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let rule: Vec<&str> = (0..header.len())
        .map(|i| if i >= align_right_from { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "|{}|", rule.join("|"));
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out.push('\n');
}

fn cell(s: &Stats) -> String {
    show(s, 3)
}

fn findings_table(out: &mut String, v: &Validation, experiment: Experiment) {
    let rows: Vec<Vec<String>> = v
        .findings
        .iter()
        .filter(|f| f.experiment == experiment)
        .map(|f| {
            vec![
                f.id.to_string(),
                f.claim.to_string(),
                f.sources.join("; "),
                f.criterion.to_string(),
                f.orgsim.clone(),
                format!("**{}**", f.verdict.label()),
            ]
        })
        .collect();
    table(
        out,
        &[
            "",
            "published finding",
            "source",
            "test on orgsim's numbers",
            "orgsim",
            "verdict",
        ],
        usize::MAX,
        &rows,
    );
}

fn figure(out: &mut String, name: &str, alt: &str) {
    let _ = writeln!(out, "![{alt}]({FIGURES_DIR}/{name})\n");
}

/// The whole of docs/VALIDATION.md.
pub fn render_markdown(v: &Validation) -> String {
    let mut out = String::new();
    let f1 = &v.figure1;
    let _ = writeln!(
        out,
        "# Verification, validation and calibration\n\n\
         <!-- Generated by `orgsim validation` (src/cli/validation.rs, numbers from \
         src/experiment/validation.rs). Do not edit by hand: change the generator or the sweep \
         files in scenarios/validation/ and run the command again. -->\n\n\
         Three different claims are kept apart on this page, because they are different kinds \
         of evidence:\n\n\
         - **Verification** (part 1): the code does what [docs/ODD.md](ODD.md) says. The \
         readable reference month and the fast engine agree bit for bit, each mechanism's \
         formula has its unit tests, and the model shows the patterns ODD section 1 asks of it. \
         This says the program is the model; it says nothing about real organisations.\n\
         - **Validation** (part 2): the model against data it was not fitted to. orgsim's \
         knowledge model is James March's (1991) model of mutual learning between an \
         organisational code and its members; with `knowledge.mode = \"march1991\"` orgsim runs \
         that model alone. Part 2 reruns March's four experiments, sets orgsim's numbers beside \
         what the paper and its replications report, and gives a verdict for every published \
         finding: **reproduced**, **partly** or **not reproduced**, by a test stated next to it.\n\
         - **Calibration** (part 3): the social model's magnitudes (turnover, how much coaching \
         cuts it, coaching's performance gain, the spread and shifts of engagement and trust) \
         are fitted to published effect sizes in [docs/CALIBRATION.md](CALIBRATION.md). A \
         fitted target cannot also confirm the model, so none of them is claimed here as \
         validation.\n\n\
         One command regenerates this page, its figures and every number in it:\n\n\
         ```console\n\
         $ cargo run --release -- validation     # writes docs/VALIDATION.md and docs/validation/*.svg\n\
         ```\n\n\
         Options: `--out FILE` (the figures go to a `validation/` folder beside it), `--threads \
         N`, `--replications N` (2 or more; a quicker, rougher look), \
         `--pattern-replications N` (2 or more), `--no-patterns`. Each experiment is also a commented sweep file in \
         `scenarios/validation/` that runs on its own with `orgsim sweep`.\n\n\
         **Reading the numbers.** Every number is a mean over replications with its 95% \
         interval (Student t) in brackets. Differences are paired: replication r of every \
         point starts from the same random draws (the same reality and first beliefs), so a \
         difference between two points comes from the parameters, not from luck. Knowledge is \
         K = (dimensions right − dimensions wrong)/m: 1 means everything right, 0 no better than \
         chance.\n"
    );

    // Summary.
    let _ = writeln!(out, "## Summary of the validation against March (1991)\n");
    let rows: Vec<Vec<String>> = v
        .findings
        .iter()
        .map(|f: &Finding| {
            vec![
                f.id.to_string(),
                f.experiment.title().to_string(),
                f.headline.to_string(),
                f.sources.join("; "),
                format!("**{}**", f.verdict.label()),
            ]
        })
        .collect();
    table(
        &mut out,
        &["", "experiment", "finding", "source", "verdict"],
        usize::MAX,
        &rows,
    );
    let count = |label: &str| {
        v.findings
            .iter()
            .filter(|f| f.verdict.label() == label)
            .count()
    };
    let _ = writeln!(
        out,
        "{} findings: {} reproduced, {} partly, {} not reproduced.{}\n\n\
         **Speed.** The Figure-1 grid ({} points × {} replications = {} runs, each to \
         equilibrium) took **{:.3} s** on {}.\n",
        v.findings.len(),
        count("reproduced"),
        count("partly"),
        count("not reproduced"),
        if v.patterns.is_empty() {
            String::new()
        } else {
            format!(
                " Patterns of the model (verification): {} of {} hold (part 1).",
                v.patterns.iter().filter(|p| p.holds).count(),
                v.patterns.len()
            )
        },
        f1.p1.len() * f1.p2.len(),
        f1.replications,
        f1.total_runs(),
        f1.elapsed.as_secs_f64(),
        threads(f1.threads)
    );

    render_verification(&mut out, v);

    // Part 2, 1: the rules.
    let _ = writeln!(
        out,
        "## Part 2 Validation: March (1991)\n\n\
         The knowledge core against the paper and its published replications, in March's own \
         model (`knowledge.mode = \"march1991\"`).\n\n\
         ### 1 The model against the paper's rules\n\n\
         The paper describes the model in words; its text alone does not pin the program down \
         (Workiewicz 2019: \"Attempting recreation of the model from the 1991 paper alone is not \
         possible as the original text misses some important information\"; Watts & Gilbert \
         2014: \"Qualitatively we can agree with most of what he writes. However, the scale is \
         out for much of the parameter ranges\"). orgsim follows the original program where \
         the replications that had it (Christensen's note, via Workiewicz 2019) say the text \
         differs. Page numbers refer to March (1991); the quotations are those in Workiewicz's \
         code.\n"
    );
    let rows: Vec<Vec<String>> = RULES
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    table(
        &mut out,
        &["March (1991)", "orgsim", "agrees"],
        usize::MAX,
        &rows,
    );
    let _ = writeln!(
        out,
        "No rule of the paper is missing or contradicted. Two rules are implemented as the \
         original program has them rather than as the text reads (socialisation in steps, the \
         superior group judged on actions), and one is ambiguous in the text (k where the code \
         holds no belief); orgsim agrees there with both published replications. Section 2 \
         shows that the result matches Workiewicz's recreation point by point.\n"
    );

    render_figure1(&mut out, v);
    render_mixed(&mut out, v);
    render_turnover(&mut out, v);
    render_turbulence(&mut out, v);
    render_calibration_pointer(&mut out);

    let _ = writeln!(out, "## Sources\n");
    for s in SOURCES {
        let _ = writeln!(out, "- **{}**: {} <{}>", s.key, s.citation, s.url);
    }
    let _ = writeln!(
        out,
        "\nThe web sources are replications, reading notes and summaries; where they quote \
         March the page is given. Jo 2024 solves a simplified version of the model exactly and \
         compares it with the original. ABAS 2015 argues that March's grid leaves out both ends of \
         the socialisation rate and that, with them, knowledge peaks at an intermediate rate \
         because very slow learning causes frequent lock-ins: \"slower is better\" holds on \
         March's range 0.1–0.9, not down to p1 → 0."
    );
    out
}

fn render_figure1(out: &mut String, v: &Validation) {
    let f = &v.figure1;
    let _ = writeln!(
        out,
        "### 2 Learning rates and equilibrium knowledge (March's Figure 1)\n\n\
         **Set-up** (`scenarios/validation/figure1_p1_p2.toml`): m = 30, n = 50, no turnover, \
         no turbulence; every run goes on until equilibrium (cap {} periods). p1 (how fast \
         people learn from the code) takes the values {}; p2 (how fast the code learns from the \
         people who do better than it) {}; {} replications a point, as in the paper. The paper \
         gives Figure 1 only as a chart, so the numbers are set beside Workiewicz's (2019) \
         recreation of the original program (10,000 organisations a point; dashed in the \
         figure).\n",
        f.cap,
        list(&f.p1),
        list(&f.p2),
        f.replications
    );
    figure(
        out,
        "figure1_p1_p2.svg",
        "Equilibrium code knowledge against p1 for three values of p2",
    );
    let mut header: Vec<String> = vec!["p1".into()];
    for p2 in &f.p2 {
        header.push(format!("p2 = {p2}: orgsim"));
        header.push("Workiewicz".into());
    }
    let rows: Vec<Vec<String>> = (0..f.p1.len())
        .map(|i1| {
            let mut row = vec![format!("{}", f.p1[i1])];
            for i2 in 0..f.p2.len() {
                row.push(cell(&f.knowledge(i2, i1)));
                row.push(
                    f.reference(i2, i1)
                        .map(|r| format!("{r:.3}"))
                        .unwrap_or_else(|| "–".into()),
                );
            }
            row
        })
        .collect();
    let header: Vec<&str> = header.iter().map(|s| s.as_str()).collect();
    table(out, &header, 1, &rows);
    let _ = writeln!(
        out,
        "Periods until equilibrium (median, and the slowest of the {} runs):\n",
        f.replications
    );
    let mut header: Vec<String> = vec!["p1".into()];
    header.extend(f.p2.iter().map(|p2| format!("p2 = {p2}")));
    let rows: Vec<Vec<String>> = (0..f.p1.len())
        .map(|i1| {
            let mut row = vec![format!("{}", f.p1[i1])];
            for i2 in 0..f.p2.len() {
                row.push(format!(
                    "{:.0} ({})",
                    f.median_periods(i2, i1),
                    f.max_periods(i2, i1)
                ));
            }
            row
        })
        .collect();
    let header: Vec<&str> = header.iter().map(|s| s.as_str()).collect();
    table(out, &header, 1, &rows);
    let _ = writeln!(
        out,
        "Faster learning on either side reaches equilibrium sooner. The whole grid ({} runs) \
         took {:.3} s on {}.\n\n**Published findings and verdicts**\n",
        f.total_runs(),
        f.elapsed.as_secs_f64(),
        threads(f.threads)
    );
    findings_table(out, v, Experiment::Figure1);
}

fn render_mixed(out: &mut String, v: &Validation) {
    let m = &v.mixed;
    let _ = writeln!(
        out,
        "### 3 Fast and slow learners mixed\n\n\
         **Set-up** (`scenarios/validation/mixed_learners.toml`): as Figure 1 with p2 = 0.5. In \
         a mixed group a share of the {} people are fast learners (p1 = {}), the others slow \
         (p1 = {}). Each mix is set beside a homogeneous group in which everybody learns at the \
         mix's average rate; share 0 and share 1 are the all-slow and all-fast groups. {} \
         replications a point.\n",
        m.individuals, m.fast_rate, m.slow_rate, m.replications
    );
    figure(
        out,
        "mixed_learners.svg",
        "Mixed against homogeneous groups of the same average rate",
    );
    let mut rows: Vec<Vec<String>> = Vec::new();
    let knowledge = |runs: &[crate::experiment::validation::RunEnd]| {
        Stats::of(runs.iter().map(|r| r.knowledge))
    };
    if let Some(slow) = &m.all_slow {
        rows.push(vec![
            "0".into(),
            "0".into(),
            format!("{}", m.slow_rate),
            cell(&knowledge(slow)),
            "(the same group)".into(),
            "".into(),
        ]);
    }
    for i in 0..m.shares.len() {
        rows.push(vec![
            format!("{:.1}", m.shares[i]),
            format!("{:.0}", m.shares[i] * m.individuals as f64),
            format!("{:.2}", m.average_rates[i]),
            cell(&m.mixed_knowledge(i)),
            cell(&m.homogeneous_knowledge(i)),
            show_signed(&m.difference(i), 3),
        ]);
    }
    if let Some(fast) = &m.all_fast {
        rows.push(vec![
            "1".into(),
            format!("{}", m.individuals),
            format!("{}", m.fast_rate),
            cell(&knowledge(fast)),
            "(the same group)".into(),
            "".into(),
        ]);
    }
    table(
        out,
        &[
            "share fast",
            "fast learners",
            "average p1",
            "K mixed",
            "K homogeneous",
            "mixed − homogeneous",
        ],
        1,
        &rows,
    );
    let _ = writeln!(out, "**Published findings and verdicts**\n");
    findings_table(out, v, Experiment::MixedLearners);
    let _ = writeln!(
        out,
        "Note: no mix ends above the all-slow group (share 0); mixing helps against a group of \
         the same average speed, not against everybody learning slowly.\n"
    );
}

fn render_turnover(out: &mut String, v: &Validation) {
    let t = &v.turnover;
    let _ = writeln!(
        out,
        "### 4 Turnover\n\n\
         **Set-up** (`scenarios/validation/turnover.toml`): as Figure 1 with p2 = 0.5, no \
         turbulence; each period every person is replaced with probability p3 by a newcomer \
         with random beliefs. With turnover there is no equilibrium, so, as March did, the \
         code's knowledge is read after {} periods. p1 = {}; p3 = {}; {} replications a \
         point.\n",
        t.months,
        list(&t.p1),
        list(&t.p3),
        t.replications
    );
    figure(
        out,
        "turnover.svg",
        "Period-20 code knowledge against turnover",
    );
    let mut header: Vec<String> = vec!["p3".into()];
    for p1 in &t.p1 {
        header.push(format!("p1 = {p1}: K"));
        header.push(format!("p1 = {p1}: K − K(p3 = 0)"));
    }
    let rows: Vec<Vec<String>> = (0..t.p3.len())
        .map(|i3| {
            let mut row = vec![format!("{}", t.p3[i3])];
            for i1 in 0..t.p1.len() {
                row.push(cell(&t.stats(i1, i3)));
                row.push(if i3 == 0 {
                    "".into()
                } else {
                    show_signed(&t.gain(i1, i3), 3)
                });
            }
            row
        })
        .collect();
    let header: Vec<&str> = header.iter().map(|s| s.as_str()).collect();
    table(out, &header, 1, &rows);
    let _ = writeln!(out, "**Published findings and verdicts**\n");
    findings_table(out, v, Experiment::Turnover);
}

fn render_turbulence(out: &mut String, v: &Validation) {
    let t = &v.turbulence;
    let _ = writeln!(
        out,
        "### 5 Turbulence\n\n\
         **Set-up** (`scenarios/validation/turbulence.toml`): p1 = {}, p2 = {}; each period \
         every dimension of reality flips with probability p4 = {}. Without turnover (p3 = 0) \
         and with it (p3 = {}), over {} periods, {} replications each.\n",
        t.socialisation_rate,
        t.code_learning_rate,
        t.turbulence,
        list(&t.p3[1..]),
        t.months,
        t.replications
    );
    figure(
        out,
        "turbulence.svg",
        "Code knowledge over time under turbulence",
    );
    let months = t.months as usize;
    let mut at: Vec<usize> = [0, 5, 10, 15, 20, 30, 40, 60, 80, 100, 150, 200, 300, 500]
        .into_iter()
        .filter(|&m| m <= months)
        .collect();
    if at.last() != Some(&months) {
        at.push(months);
    }
    let mut header: Vec<String> = vec!["period".into()];
    header.extend(t.p3.iter().map(|p3| format!("K, p3 = {p3}")));
    let rows: Vec<Vec<String>> = at
        .iter()
        .map(|&m| {
            let mut row = vec![m.to_string()];
            row.extend((0..t.p3.len()).map(|i3| cell(&t.at(i3, m))));
            row
        })
        .collect();
    let header: Vec<&str> = header.iter().map(|s| s.as_str()).collect();
    table(out, &header, 1, &rows);
    let _ = writeln!(out, "**Published findings and verdicts**\n");
    findings_table(out, v, Experiment::Turbulence);
}

/// Part 1: what checks that the program is the model of docs/ODD.md, and the patterns.
fn render_verification(out: &mut String, v: &Validation) {
    let _ = writeln!(
        out,
        "## Part 1 Verification: the code does what docs/ODD.md says\n\n\
         - **The month, read and run.** `src/model/month.rs` advances one organisation by one \
         month, one employee at a time, in ODD's order; the engine's phased, vectorised pass \
         must give the same state, sums and metrics bit for bit over generated scenarios \
         (`tests/it/properties.rs`).\n\
         - **Each formula.** Every mechanism is a plain function with its formula in its doc \
         comment and unit tests beside it (`src/model/*.rs`).\n\
         - **Reproducible.** The same scenario and seed give identical files whatever the \
         thread count, and however a sweep is sharded or resumed (`tests/it/determinism.rs`, \
         `tests/it/sweep_runs.rs`).\n\
         - **The patterns below.** The model, as calibrated, shows the qualitative patterns ODD \
         section 1 asks of it. They are checks of the implementation's behaviour, not evidence \
         about real organisations.\n"
    );
    render_patterns(out, v);
}

/// Part 3: the calibration is elsewhere, and is not validation.
fn render_calibration_pointer(out: &mut String) {
    let _ = writeln!(
        out,
        "## Part 3 Calibration: fitted, not validated\n\n\
         The social model's magnitudes are fitted by approximate Bayesian computation to \
         published effect sizes: [docs/CALIBRATION.md](CALIBRATION.md) lists each target with \
         its source (marking those not peer reviewed), the priors, the fit and the accepted \
         parameter sets, and is regenerated by `orgsim calibrate \
         scenarios/calibration/targets.toml --docs docs/CALIBRATION.md`. Agreement with those \
         targets is by construction; it is not counted as validation on this page.\n"
    );
}

fn render_patterns(out: &mut String, v: &Validation) {
    let _ = writeln!(out, "### The patterns of the model (ODD section 1)\n");
    if v.patterns.is_empty() {
        let _ = writeln!(
            out,
            "Left out of this run (`--no-patterns`). Run `orgsim validation` without it, or \
             `cargo test --test it patterns:: -- --nocapture`.\n"
        );
        return;
    }
    let _ = writeln!(
        out,
        "orgsim's estimates for each pattern the default calibration must show, computed by \
         `orgsim validation` from the shipped scenarios with the same replications ({}; pattern \
         7: two thirds of them), windows and criteria as the test that guards the pattern \
         (`cargo test --test it patterns:: -- --nocapture` prints the same estimates). Pattern 6 is \
         March's and reads its numbers from the experiments above.\n",
        v.pattern_replications
    );
    let rows: Vec<Vec<String>> = v
        .patterns
        .iter()
        .map(|p| {
            vec![
                p.number.to_string(),
                p.statement.to_string(),
                p.estimates.join("<br>"),
                p.criterion.to_string(),
                if p.holds {
                    "**holds**"
                } else {
                    "**does not hold**"
                }
                .to_string(),
                p.tests.to_string(),
            ]
        })
        .collect();
    table(
        out,
        &[
            "#",
            "pattern (ODD 1)",
            "orgsim (mean [95% CI])",
            "criterion of the test",
            "",
            "guarded by",
        ],
        usize::MAX,
        &rows,
    );
}

fn list(values: &[f64]) -> String {
    values
        .iter()
        .map(|v| format!("{v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn threads(n: usize) -> String {
    if n == 1 {
        "1 thread".into()
    } else {
        format!("{n} threads")
    }
}
