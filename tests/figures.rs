//! Figures end to end: `run`, `compare` and `sweep` draw SVG and PNG figures that parse,
//! decode, hold the expected labels and one data path per series; `--no-figures` and
//! `orgsim plot` behave.

mod common;

use common::{orgsim, repo_path, temp_dir, text};
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

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
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
    let svg = read(&figures(&out).join("overview.svg"));
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

    let svg = read(&figures(&out).join("overview.svg"));
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

    let diff = read(&figures(&out).join("differences.svg"));
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
    let lines = svg_texts(&read(&figures(&out).join("sweep.svg")));
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
    let heat = svg_texts(&read(&figures(&out).join("heatmap.svg")));
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
    let overview = svg_texts(&read(&figures(&out).join("overview.svg")));
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
    assert!(svg_texts(&read(&trust)).contains("trust at month 60"));
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
