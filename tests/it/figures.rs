//! Figures end to end: `run`, `compare` and `sweep` draw SVG and PNG figures that parse,
//! decode, hold the expected labels and one data path per series; `--no-figures` and
//! `orgsim plot` behave.

use crate::common;

use common::{orgsim, read_text, repo_path, temp_dir, text};
use orgsim::output::figures::{FIGURES_DIR, overview_svg};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The Okabe–Ito colours of the first three series.
const SERIES: [&str; 3] = ["#0072B2", "#D55E00", "#009E73"];

fn run_ok(args: &[&str]) -> String {
    let result = orgsim(args);
    assert!(
        result.status.success(),
        "orgsim {args:?} failed: {}",
        text(&result.stderr)
    );
    text(&result.stderr)
}

/// Every text of an SVG, joined by newlines (parsing it as XML on the way).
fn svg_texts(svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants()
        .filter(|n| n.has_tag_name("text") || n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Polylines drawn in `colour` with at least `min_points` points: data lines, not swatches,
/// grid lines or whiskers.
fn data_paths(svg: &str, colour: &str, min_points: usize) -> usize {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .filter(|n| n.attribute("stroke") == Some(colour))
        .filter(|n| {
            n.attribute("points")
                .is_some_and(|p| p.split_whitespace().count() >= min_points)
        })
        .count()
}

/// Decodes a PNG: (width, height, RGB bytes).
fn decode_png(path: &Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn assert_png_drawn(path: &Path, width: u32, height: u32) {
    let (w, h, rgb) = decode_png(path);
    assert_eq!((w, h), (width, height), "{}", path.display());
    let pixels: Vec<[u8; 3]> = rgb.chunks(3).map(|p| [p[0], p[1], p[2]]).collect();
    let colours: HashSet<[u8; 3]> = pixels.iter().copied().collect();
    assert!(colours.len() > 100, "only {} colours", colours.len());
    let inked = pixels.iter().filter(|p| **p != [255, 255, 255]).count();
    assert!(
        inked > pixels.len() / 50,
        "{} of {} pixels drawn",
        inked,
        pixels.len()
    );
    // A white background: the corners are white.
    assert_eq!(pixels[0], [255, 255, 255]);
    assert_eq!(pixels[pixels.len() - 1], [255, 255, 255]);
}

fn figures(dir: &Path) -> PathBuf {
    dir.join(FIGURES_DIR)
}

#[test]
fn a_run_draws_its_overview_as_svg_and_png() {
    let out = temp_dir("figures", "run");
    run_ok(&[
        "run",
        "-n",
        "3",
        "--no-report",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    let svg = read_text(&figures(&out).join("overview.svg"));
    let texts = svg_texts(&svg);
    for label in [
        "Performance",
        "Agility",
        "Retention",
        "output per slot",
        "month",
        "default (mean and 95% CI)",
        "market shock (month 36)",
        "Scenario “default” over 60 months",
    ] {
        assert!(texts.contains(label), "no `{label}` in:\n{texts}");
    }
    assert!(svg.contains("font-family=\"DejaVu Sans, Verdana, Arial, Helvetica, sans-serif\""));
    // One data line per panel (the metric's series), 60 or 61 months each.
    assert_eq!(data_paths(&svg, SERIES[0], 50), 3);
    assert_png_drawn(&figures(&out).join("overview.png"), 1600, 900);
    // The library call gives the same SVG as the file.
    assert_eq!(overview_svg(&out, &[]).unwrap(), svg);
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn no_figures_writes_no_figures_folder() {
    let out = temp_dir("figures", "nofigures");
    run_ok(&[
        "run",
        "-n",
        "2",
        "--no-figures",
        "--no-report",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(out.join("summary.csv").is_file());
    assert!(!figures(&out).exists());
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn a_comparison_draws_overview_and_differences() {
    let out = temp_dir("figures", "compare");
    let scenarios = ["control", "coaching", "transition"].map(|s| {
        repo_path(&format!("scenarios/{s}.toml"))
            .to_string_lossy()
            .into_owned()
    });
    let mut args = vec!["compare"];
    args.extend(scenarios.iter().map(String::as_str));
    args.extend([
        "-n",
        "3",
        "--no-report",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    run_ok(&args);

    let svg = read_text(&figures(&out).join("overview.svg"));
    let texts = svg_texts(&svg);
    for label in [
        "control",
        "coaching",
        "transition",
        "Performance",
        "Retention",
        "coaching programme (month 6)",
    ] {
        assert!(texts.contains(label), "no `{label}` in:\n{texts}");
    }
    for colour in SERIES {
        assert_eq!(data_paths(&svg, colour, 50), 3, "lines in {colour}");
    }
    assert_png_drawn(&figures(&out).join("overview.png"), 1600, 900);

    let diff = read_text(&figures(&out).join("differences.svg"));
    let texts = svg_texts(&diff);
    for label in [
        "Differences to “control”",
        "coaching",
        "transition",
        "at month 60",
        "mean over months 1–60",
        "Agility",
    ] {
        assert!(texts.contains(label), "no `{label}` in:\n{texts}");
    }
    assert_png_drawn(&figures(&out).join("differences.png"), 1600, 900);
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn a_sweep_of_two_keys_draws_lines_and_a_heatmap() {
    let dir = temp_dir("figures", "sweep");
    std::fs::create_dir_all(&dir).unwrap();
    let sweep = dir.join("grid.toml");
    std::fs::write(
        &sweep,
        format!(
            "name = \"grid\"\nbase = {:?}\nreplications = 2\n\n[design]\nkind = \"grid\"\n\n\
             [[vary]]\nkey = \"knowledge.socialisation_rate\"\nvalues = [0.1, 0.5, 0.9]\n\n\
             [[vary]]\nkey = \"environment.turbulence\"\nvalues = [0.0, 0.05]\n\n\
             [output]\nmetrics = [\"performance\", \"trust\"]\nevery_months = 12\n",
            repo_path("scenarios/coaching.toml").to_str().unwrap()
        ),
    )
    .unwrap();
    let out = dir.join("out");
    run_ok(&[
        "sweep",
        sweep.to_str().unwrap(),
        "--no-report",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    let lines = svg_texts(&read_text(&figures(&out).join("sweep.svg")));
    for label in [
        "knowledge.socialisation_rate",
        "environment.turbulence = 0.05",
        "Performance",
        "metrics at month 60",
    ] {
        assert!(lines.contains(label), "no `{label}` in:\n{lines}");
    }
    // The sweep kept no agility or retention: performance is the only default metric left.
    assert!(!lines.contains("Retention"));
    let heat = svg_texts(&read_text(&figures(&out).join("heatmap.svg")));
    for label in [
        "performance at month 60",
        "knowledge.socialisation_rate",
        "environment.turbulence",
        "0.9",
    ] {
        assert!(heat.contains(label), "no `{label}` in:\n{heat}");
    }
    assert_png_drawn(&figures(&out).join("heatmap.png"), 1600, 900);
    // Six points: few enough for an overview over the months, one line per point.
    let overview = svg_texts(&read_text(&figures(&out).join("overview.svg")));
    assert!(overview.contains("Sweep “grid”: 6 points over 60 months"));
    for rate in ["0.1", "0.5", "0.9"] {
        for turbulence in ["0", "0.05"] {
            let label = format!("socialisation_rate = {rate}, turbulence = {turbulence}");
            assert!(overview.contains(&label), "no `{label}` in:\n{overview}");
        }
    }
    assert_png_drawn(&figures(&out).join("overview.png"), 1600, 900);

    // `orgsim plot` redraws with other metrics, to a file of either format.
    let trust = dir.join("trust.svg");
    run_ok(&[
        "plot",
        out.to_str().unwrap(),
        "--metrics",
        "trust",
        "--figure",
        "heatmap",
        "--out",
        trust.to_str().unwrap(),
    ]);
    assert!(svg_texts(&read_text(&trust)).contains("trust at month 60"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn plot_refuses_what_does_not_apply() {
    let out = temp_dir("figures", "plot");
    run_ok(&[
        "run",
        "-n",
        "2",
        "--no-figures",
        "--no-report",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    let dir = out.to_str().unwrap();
    let png = out.join("custom.png");
    run_ok(&[
        "plot",
        dir,
        "--metrics",
        "trust,engagement",
        "--out",
        png.to_str().unwrap(),
    ]);
    assert_png_drawn(&png, 1600, 900);

    for (args, message) in [
        (
            vec!["plot", dir, "--metrics", "speed"],
            "unknown metric `speed`",
        ),
        (
            vec!["plot", dir, "--figure", "heatmap"],
            "no heatmap figure",
        ),
        (vec!["plot", dir, "--out", "x.pdf"], ".svg or .png"),
        (vec!["plot", "scenarios"], "holds no orgsim results"),
    ] {
        let result = orgsim(&args);
        assert_eq!(result.status.code(), Some(2), "{args:?}");
        assert!(
            text(&result.stderr).contains(message),
            "{args:?}: {}",
            text(&result.stderr)
        );
    }
    std::fs::remove_dir_all(&out).ok();
}

/// A sweep whose points all fail validation, over two keys: `sweep` finishes with a warning
/// instead of a panic in the heatmap, `plot` says there is nothing to draw (exit 2) and
/// `report` still writes the page listing the failed points.
#[test]
fn a_sweep_whose_points_all_failed_is_not_drawn_and_does_not_panic() {
    let dir = temp_dir("figures", "all-failed");
    std::fs::create_dir_all(&dir).unwrap();
    // The default scenario has a shock in month 36: every point of 12 or 24 months fails.
    let sweep = dir.join("failing.toml");
    std::fs::write(
        &sweep,
        "name = \"failing\"\nreplications = 2\n\n[[vary]]\nkey = \"months\"\nvalues = [12, 24]\n\n\
         [[vary]]\nkey = \"organisation.initial_fill\"\nvalues = [0.5, 0.6]\n",
    )
    .unwrap();
    let out = dir.join("out");
    let result = orgsim(&[
        "sweep",
        sweep.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = text(&result.stderr);
    assert_eq!(result.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("warning: no figures drawn") && stderr.contains("nothing to draw"),
        "{stderr}"
    );
    for args in [
        vec!["plot", out.to_str().unwrap()],
        vec!["plot", out.to_str().unwrap(), "--figure", "heatmap"],
    ] {
        let result = orgsim(&args);
        let stderr = text(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("none of the 4 points of sweep “failing” has results"),
            "{args:?}: {stderr}"
        );
    }
    let report = orgsim(&["report", out.to_str().unwrap(), "-q"]);
    assert!(report.status.success(), "{}", text(&report.stderr));
    let html = read_text(&out.join("report.html"));
    assert!(html.contains("4 points did not run"), "{html}");
    std::fs::remove_dir_all(&dir).ok();
}

/// `ORGSIM_MAX_MEMORY` covers `plot` and `report`: below what they need they refuse with
/// exit 2 and say how much they need, before anything is written.
#[test]
fn plot_and_report_respect_orgsim_max_memory() {
    let out = temp_dir("figures", "max-memory");
    run_ok(&[
        "run",
        "-n",
        "2",
        "--no-figures",
        "--no-report",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    let dir = out.to_str().unwrap();
    for command in ["plot", "report"] {
        let result = std::process::Command::new(env!("CARGO_BIN_EXE_orgsim"))
            .args([command, dir])
            .env("ORGSIM_MAX_MEMORY", "1M")
            .output()
            .unwrap();
        let stderr = text(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "{command}: {stderr}");
        assert!(
            stderr.contains("needs about") && stderr.contains("ORGSIM_MAX_MEMORY allows 1.0 MB"),
            "{command}: {stderr}"
        );
    }
    assert!(!figures(&out).exists() && !out.join("report.html").exists());
    for command in ["plot", "report"] {
        let result = std::process::Command::new(env!("CARGO_BIN_EXE_orgsim"))
            .args([command, dir, "-q"])
            .env("ORGSIM_MAX_MEMORY", "1G")
            .output()
            .unwrap();
        assert!(
            result.status.success(),
            "{command}: {}",
            text(&result.stderr)
        );
    }
    std::fs::remove_dir_all(&out).ok();
}

/// A sweep's figures and report stream its tables: a sweep of 3,000 points whose
/// `summary.csv` has 1.5 million rows (about 60 MB) is drawn and reported within 300 MB of
/// address space, where reading the table whole would need several times that.
#[cfg(target_os = "linux")]
#[test]
fn a_large_sweep_is_drawn_and_reported_in_little_memory() {
    use std::fmt::Write as _;
    let dir = temp_dir("figures", "large-sweep");
    std::fs::create_dir_all(&dir).unwrap();
    let sweep = dir.join("small.toml");
    std::fs::write(
        &sweep,
        "name = \"large\"\nreplications = 1\n[base]\nmonths = 2\n[base.organisation]\nteams = 1\n\
         team_size = 2\n[base.environment]\nshocks = []\n\n[[vary]]\nkey = \"management.style_mean\"\n\
         values = [0.1, 0.2]\n\n[[vary]]\nkey = \"knowledge.socialisation_rate\"\nvalues = [0.1]\n",
    )
    .unwrap();
    let out = dir.join("out");
    run_ok(&[
        "sweep",
        sweep.to_str().unwrap(),
        "--no-figures",
        "--no-report",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    // The tables of a larger sweep, written in place of the small one's.
    let (points, months, metrics) = (3_000, 25, 20);
    let names: Vec<&str> = orgsim::model::metrics::Metric::ALL
        .iter()
        .take(metrics)
        .map(|m| m.name())
        .collect();
    let mut points_csv =
        String::from("point,management.style_mean,knowledge.socialisation_rate,status,error\n");
    let mut summary = String::from("scenario,point,month,metric,n,mean,sd,ci_low,ci_high\n");
    for p in 0..points {
        let _ = writeln!(points_csv, "{p},{},{},ok,", p % 60, p / 60);
        for month in 0..months {
            for name in &names {
                let _ = writeln!(
                    summary,
                    "large,{p},{month},{name},1,0.{p:04},0.01,0.{p:04},0.{p:04}"
                );
            }
        }
    }
    std::fs::write(out.join("points.csv"), points_csv).unwrap();
    std::fs::write(out.join("summary.csv"), summary).unwrap();
    for command in ["plot", "report"] {
        let result = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "ulimit -v 300000 && exec \"$0\" {command} \"$1\" -q"
            ))
            .arg(env!("CARGO_BIN_EXE_orgsim"))
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            result.status.success(),
            "{command} within 300 MB: {:?} {}",
            result.status,
            text(&result.stderr)
        );
    }
    let heat = svg_texts(&read_text(&figures(&out).join("heatmap.svg")));
    assert!(heat.contains("(bin centres)"), "{heat}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn plot_draws_the_first_replications_as_thin_lines_under_the_bands() {
    let out = temp_dir("figures", "replication-lines");
    let scenarios = ["control", "transition"].map(|s| {
        repo_path(&format!("scenarios/{s}.toml"))
            .to_string_lossy()
            .into_owned()
    });
    let mut args = vec!["compare"];
    args.extend(scenarios.iter().map(String::as_str));
    args.extend([
        "-n",
        "4",
        "--no-report",
        "--no-figures",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    run_ok(&args);
    // Thin lines of a series: its colour, width 1, at least 50 months.
    let thin = |svg: &str, colour: &str| {
        let doc = roxmltree::Document::parse(svg).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("polyline"))
            .filter(|n| n.attribute("stroke") == Some(colour))
            .filter(|n| n.attribute("stroke-width") == Some("1"))
            .filter(|n| {
                n.attribute("points")
                    .is_some_and(|p| p.split_whitespace().count() >= 50)
            })
            .count()
    };
    let draw = |n: &str| {
        let file = out.join(format!("overview-{n}.svg"));
        run_ok(&[
            "plot",
            out.to_str().unwrap(),
            "--figure",
            "overview",
            "--replication-lines",
            n,
            "--out",
            file.to_str().unwrap(),
            "-q",
        ]);
        read_text(&file)
    };
    let (none, three, many) = (draw("0"), draw("3"), draw("10"));
    // Three panels (the default metrics), two scenarios.
    for colour in &SERIES[..2] {
        assert_eq!(thin(&none, colour), 0, "no thin lines by default");
        assert_eq!(
            thin(&three, colour),
            3 * 3,
            "3 runs in 3 panels in {colour}"
        );
        assert_eq!(thin(&many, colour), 4 * 3, "all 4 runs when 10 are asked");
        // The means are still drawn, once per panel.
        assert_eq!(data_paths(&three, colour, 50), 3 + 3 * 3);
    }
    assert!(svg_texts(&three).contains("3 single runs each"));
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn a_small_sweeps_overview_draws_the_predictive_band_from_its_summary() {
    let out = temp_dir("figures", "sweep-band");
    let sweep = repo_path("scenarios/sweeps/style_table.toml");
    run_ok(&[
        "sweep",
        sweep.to_str().unwrap(),
        "--no-report",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    // summary.csv carries pi_low and pi_high, and the points' series read them.
    let results = orgsim::output::figures::read_results(&out).unwrap();
    let orgsim::output::figures::Results::Sweep(s) = results else {
        panic!("not read as a sweep");
    };
    assert_eq!(s.points.len(), 3);
    for p in &s.points {
        let stats = &p.series["performance"];
        let banded = stats
            .iter()
            .filter(|m| m.pi_low.is_finite() && m.pi_high.is_finite())
            .filter(|m| m.pi_low <= m.mean && m.mean <= m.pi_high)
            .count();
        assert!(banded >= 30, "point {}: {banded} months with a band", p.id);
        // The band of single runs is wider than the mean's confidence band.
        assert!(
            stats
                .iter()
                .any(|m| m.pi_high - m.pi_low > m.ci_high - m.ci_low)
        );
    }
    // The overview says so and draws it (its legend names the level).
    let overview = read_text(&out.join(FIGURES_DIR).join("overview.svg"));
    let texts = svg_texts(&overview);
    assert!(texts.contains("90% of single runs"), "{texts}");
    std::fs::remove_dir_all(&out).ok();
}
