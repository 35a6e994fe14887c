//! `report.html` end to end: written after `run`, `compare` and a complete `sweep`, and by
//! `orgsim report`; self-contained (no scripts, nothing fetched), escaped, printable; and it
//! loads in a real headless browser: a Chromium-family browser found on `PATH` or named by
//! `ORGSIM_BROWSER` (`.ci/install-chromium` installs Debian's). Where none is found the browser
//! test says so on stderr and is skipped, unless `ORGSIM_REQUIRE_BROWSER=1` (CI), where it fails.

use crate::common;

use common::{
    find_browser, orgsim, orgsim_ok, read_text, repo_path, skip_unless_required, temp_dir, text,
};
use orgsim::output::Stats;
use orgsim::output::figures::{FigureError, read_results};
use orgsim::output::report::{
    HeadlineRow, Provenance, REPORT_FILE, ReportData, ReportError, Results, ResultsKind,
    ScenarioSettings, read_report_data, render_report,
};
use orgsim::output::results_folder::{PLAN_FILE, POINTS_FILE, SUMMARY_FILE};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn temp(name: &str) -> PathBuf {
    let dir = temp_dir("report", name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A run of the transition scenario with 3 replications in `dir`; its stdout.
fn transition_run(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "run",
        "scenarios/transition.toml",
        "-n",
        "3",
        "--out",
        dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    orgsim_ok(&args)
}

/// The values of every `attribute="..."` in `html`.
fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!("{attribute}=\"");
    html.match_indices(&needle)
        .filter(|(i, _)| {
            // Whole attribute names only (`href=`, not `xlink:href=` counted twice).
            html[..*i]
                .chars()
                .last()
                .is_some_and(|c| c.is_whitespace() || c == ':')
        })
        .map(|(i, _)| {
            let start = i + needle.len();
            let end = start + html[start..].find('"').expect("closed attribute");
            &html[start..end]
        })
        .collect()
}

/// The rules every page keeps: one HTML document, no scripts, nothing loaded from outside.
fn assert_self_contained(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..80]);
    assert!(html.trim_end().ends_with("</html>"));
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "the page has a script");
    assert!(!lower.contains("javascript:"));
    assert!(!lower.contains("<link"), "the page links a resource");
    assert!(!lower.contains("<iframe") && !lower.contains("<img"));
    assert!(!lower.contains("@import") && !lower.contains("url(http"));
    assert!(
        attribute_values(html, "src").is_empty(),
        "the page loads something"
    );
    for href in attribute_values(html, "href") {
        assert!(
            href.starts_with('#'),
            "href=\"{href}\" leaves the page (only #anchors are allowed)"
        );
    }
    assert!(!lower.contains("src=\"http") && !lower.contains("href=\"http"));
    assert!(html.contains("@media print") && html.contains("@page"));
    assert!(html.contains("size: A4"));
}

#[test]
fn a_run_writes_a_self_contained_report_with_results_settings_and_provenance() {
    let out = temp("run");
    let stdout = transition_run(&out, &[]);
    let html = read_text(&out.join(REPORT_FILE));
    assert_self_contained(&html);

    // Scenario name, description and settings.
    assert!(html.contains("<h1>transition</h1>"));
    assert!(html.contains("Control to coaching from month 6, with action learning and idea time."));
    for setting in [
        "Teams",
        "Team size",
        "Style mean",
        "Socialisation rate",
        "Turbulence",
    ] {
        assert!(html.contains(setting), "settings lack {setting}");
    }
    assert!(html.contains("vocational") && html.contains("higher_educated"));
    // The transition scenario's values that differ from the defaults show the default.
    assert!(html.contains("default 0.3"), "no changed-from-default mark");

    // The page says how far to trust its numbers, before the numbers, as the terminal does.
    let trust = html
        .find("How far to trust these numbers")
        .expect("a trust box in the report");
    assert!(
        trust
            < html
                .find("<h2><span class=\"num\">2</span>")
                .expect("section 2")
    );
    for kind in orgsim::output::trust_box::KINDS {
        assert!(
            html.contains(kind.text),
            "report lacks the {} line",
            kind.label
        );
    }
    assert!(stdout.contains("How far to trust these numbers"));

    // The headline metrics with the same numbers as the stdout table.
    for metric in [
        "Performance",
        "Agility",
        "Retention",
        "Engagement",
        "Trust",
        "Skill",
        "Headcount",
        "Net value",
    ] {
        assert!(html.contains(metric), "headline lacks {metric}");
    }
    for line in stdout.lines().filter(|l| l.starts_with("performance")) {
        let cells: Vec<&str> = line.split_whitespace().collect();
        assert!(
            html.contains(&format!(">{}<", cells[1])),
            "the horizon mean {} of the stdout table is not on the page",
            cells[1]
        );
    }
    assert!(html.contains("At month 60") && html.contains("Averaged over months 1–60"));
    assert!(html.contains("95% interval"));

    // Interventions timeline: three labelled bars and a table.
    assert!(html.contains("class=\"timeline\""));
    for label in ["Coaching programme", "Action learning", "Idea time"] {
        assert!(html.contains(label), "timeline lacks {label}");
    }
    assert!(html.contains("6–29"), "action learning acts in months 6–29");

    // Provenance from the manifest.
    let manifest: serde_json::Value =
        serde_json::from_str(&read_text(&out.join("manifest.json"))).unwrap();
    for field in ["orgsim_version", "started_at", "finished_at"] {
        let value = manifest[field].as_str().unwrap();
        assert!(html.contains(value), "provenance lacks {field} {value}");
    }
    assert!(
        html.contains("scenarios/transition.toml"),
        "no command line"
    );
    assert!(html.contains("<th scope=\"row\">Seed</th><td>42</td>"));
    assert!(html.contains("<th scope=\"row\">Replications</th><td>3</td>"));
    assert!(html.contains("<th scope=\"row\">Threads</th>"));
    for file in ["timeseries.csv", "summary.csv", "manifest.json"] {
        assert!(html.contains(&format!("<code>{file}</code>")));
    }
    // How to read it.
    assert!(html.contains("How to read this report"));
    assert!(html.contains("means over replications"));
    // No figures yet: a marked place for them.
    assert!(html.contains("id=\"figures\""));
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn no_report_skips_the_page_and_the_report_command_writes_it() {
    let out = temp("command");
    transition_run(&out, &["--no-report", "-q"]);
    assert!(out.join("summary.csv").is_file());
    assert!(!out.join(REPORT_FILE).exists(), "--no-report wrote a page");

    let result = orgsim(&["report", out.to_str().unwrap()]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert!(text(&result.stderr).contains(REPORT_FILE));
    assert_self_contained(&read_text(&out.join(REPORT_FILE)));

    // A folder without results: a usage error that names it, and nothing written.
    let empty = temp("empty");
    let result = orgsim(&["report", empty.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(2), "{}", text(&result.stderr));
    assert!(text(&result.stderr).contains("holds no orgsim results"));
    assert!(!empty.join(REPORT_FILE).exists());
    std::fs::remove_dir_all(&out).ok();
    std::fs::remove_dir_all(&empty).ok();
}

#[test]
fn text_from_the_files_is_escaped() {
    let dir = temp("escape");
    let scenario = dir.join("odd.toml");
    std::fs::write(
        &scenario,
        "name = \"odd\"\ndescription = \"<b>&\\\" and <script>alert(1)</script>\"\nmonths = 12\n\n[organisation]\nteams = 2\nteam_size = 5\n",
    )
    .unwrap();
    let out = dir.join("out");
    orgsim_ok(&[
        "run",
        scenario.to_str().unwrap(),
        "-n",
        "2",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    let html = read_text(&out.join(REPORT_FILE));
    assert_self_contained(&html);
    assert!(
        html.contains("&lt;b&gt;&amp;&quot; and &lt;script&gt;alert(1)&lt;/script&gt;"),
        "the description is not escaped"
    );
    assert!(!html.contains("<b>&\""));
    std::fs::remove_dir_all(&dir).ok();
}

/// A page rendered from plain data, without files.
#[test]
fn render_report_is_pure_and_escapes_everything() {
    let stats = |mean: f64| Stats {
        n: 5,
        mean,
        sd: 0.01,
        ci_low: mean - 0.01,
        ci_high: mean + 0.01,
    };
    let data = ReportData {
        kind: ResultsKind::Run,
        title: "x<y>".into(),
        description: "<b>&\"".into(),
        months: 24,
        scenarios: vec![ScenarioSettings {
            label: "x<y>".into(),
            scenario: serde_json::json!({
                "name": "x<y>",
                "months": 24,
                "organisation": {"teams": 3, "team_size": 4, "initial_fill": 1.0},
                "management": {"style_mean": 0.9},
                "environment": {"shocks": [{"month": 12, "severity": 0.5}]},
                "interventions": [{"month": 3, "end_month": 9,
                                   "kind": {"kind": "idea_time", "share": 0.1}}],
                "workforce": [{"name": "<grp>", "share": 1.0}],
                "parameters": {"trust_loss_rate": 0.3}
            }),
        }],
        varied: Vec::new(),
        results: Results::Run {
            rows: vec![HeadlineRow {
                metric: "performance".into(),
                at_horizon: stats(0.5),
                over_run: stats(0.25),
            }],
            last_months: Some((24, 24)),
        },
        figures: Vec::new(),
        notes: vec!["note <i>".into()],
        provenance: Provenance {
            orgsim_version: "9.9.9".into(),
            command_line: vec!["orgsim".into(), "run".into(), "a b&c.toml".into()],
            seed: Some(7),
            replications: Some(5),
            threads: Some(2),
            prediction_level: Some(0.9),
            started_at: "2026-01-01T00:00:00Z".into(),
            finished_at: "2026-01-01T00:00:01Z".into(),
            outputs: vec!["summary.csv".into()],
            extra: Vec::new(),
        },
        discovery: None,
        economy: None,
        story: Default::default(),
        options: Default::default(),
    };
    let html = render_report(&data);
    assert_eq!(html, render_report(&data), "rendering is deterministic");
    assert_self_contained(&html);
    assert!(html.contains("<h1>x&lt;y&gt;</h1>"));
    assert!(html.contains("&lt;b&gt;&amp;&quot;") && !html.contains("<b>&\""));
    assert!(html.contains("&lt;grp&gt;") && !html.contains("<grp>"));
    assert!(html.contains("note &lt;i&gt;"));
    assert!(
        html.contains("&#39;a b&amp;c.toml&#39;"),
        "the command line is quoted and escaped"
    );
    assert!(html.contains(">0.500<") && html.contains("[0.490, 0.510]"));
    // The changed parameter with its default, the shock and the intervention.
    assert!(html.contains("trust_loss_rate") && html.contains(">0.15<"));
    assert!(html.contains("shock in month 12"));
    assert!(html.contains("Idea time") && html.contains("months 3–8"));
    assert!(html.contains("9.9.9") && html.contains("2026-01-01T00:00:01Z"));
}

#[test]
fn figures_in_the_folder_are_inlined_and_unsafe_ones_left_out() {
    let out = temp("figures");
    transition_run(&out, &["-q", "--no-report"]);
    let figures = out.join("figures");
    std::fs::create_dir_all(&figures).unwrap();
    std::fs::write(
        figures.join("a-performance.svg"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><title>Performance by month</title><defs><clipPath id=\"clip\"><rect width=\"10\" height=\"10\"/></clipPath></defs><g clip-path=\"url(#clip)\"><rect width=\"5\" height=\"5\"/></g></svg>\n",
    )
    .unwrap();
    std::fs::write(
        figures.join("b-bad.svg"),
        "<svg><script>alert(1)</script></svg>",
    )
    .unwrap();
    orgsim_ok(&["report", out.to_str().unwrap(), "-q"]);
    let html = read_text(&out.join(REPORT_FILE));
    assert_self_contained(&html);
    assert!(!html.contains("<?xml"), "the XML prolog is inlined");
    assert!(html.contains("Performance by month"), "no caption");
    // The run's time series (overview.svg) is Figure 1, the others follow by name.
    assert!(html.contains("id=\"fig2-clip\"") && html.contains("url(#fig2-clip)"));
    assert!(
        html.contains("<b>Figure 2.</b> Performance by month"),
        "the time series comes first"
    );
    assert!(html.contains("figures/b-bad.svg was left out"));
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn a_comparison_report_has_the_paired_differences() {
    let out = temp("compare");
    orgsim_ok(&[
        "compare",
        "scenarios/control.toml",
        "scenarios/coaching.toml",
        "-n",
        "3",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    let html = read_text(&out.join(REPORT_FILE));
    assert_self_contained(&html);
    assert!(html.contains("<h1>control vs coaching</h1>"));
    assert!(html.contains("paired difference"));
    assert!(html.contains("common random numbers"));
    assert!(html.contains("reference"));
    // Coaching is clearly better than control on performance at the horizon.
    assert!(html.contains("▲ higher"));
    // Settings side by side: the management style differs.
    assert!(html.contains("Settings that differ") && html.contains("Management: Style mean"));
    assert!(html.contains("Control-style management for five years"));
    assert!(html.contains("scenarios/coaching.toml"));
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn a_complete_sweep_report_lists_its_points() {
    let dir = temp("sweep");
    let sweep = dir.join("sweep.toml");
    std::fs::write(
        &sweep,
        format!(
            "name = \"tiny\"\nbase = {:?}\nreplications = 2\n\n[[vary]]\nkey = \"knowledge.socialisation_rate\"\nvalues = [0.1, 0.9]\n\n[output]\nmetrics = [\"agility\", \"performance\"]\n",
            repo_path("scenarios/control.toml").to_str().unwrap()
        ),
    )
    .unwrap();
    let out = dir.join("out");
    orgsim_ok(&[
        "sweep",
        sweep.to_str().unwrap(),
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    let html = read_text(&out.join(REPORT_FILE));
    assert_self_contained(&html);
    assert!(html.contains("<h1>tiny</h1>"));
    assert!(html.contains("knowledge.socialisation_rate"));
    assert!(html.contains("<i>varied</i>"));
    // The first selected metric at the horizon.
    assert!(html.contains(">Agility<"));
    assert_eq!(
        html.matches("<svg class=\"interval\"").count(),
        2,
        "one interval per point"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// The report and the figures read a results folder with the same rule: a sweep stopped after
/// its table of points but before its manifest is unfinished for both (not "no results").
#[test]
fn a_sweep_stopped_before_its_manifest_is_unfinished_for_the_report_and_the_figures() {
    let dir = temp("stopped-sweep");
    for name in [PLAN_FILE, POINTS_FILE, SUMMARY_FILE] {
        std::fs::write(dir.join(name), "").unwrap();
    }
    let report = read_report_data(&dir);
    assert!(
        matches!(report, Err(ReportError::UnfinishedSweep(_))),
        "{:?}",
        report.err()
    );
    let figures = read_results(&dir);
    assert!(
        matches!(figures, Err(FigureError::UnfinishedSweep(_))),
        "{:?}",
        figures.err()
    );
}

/// Runs `command` with a deadline; panics with its output if it fails or takes too long.
fn run_with_timeout(mut command: Command, timeout: Duration, what: &str) {
    let program = command.get_program().to_string_lossy().into_owned();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {program} for {what}: {e}"));
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            let output = child.wait_with_output().expect("chromium output");
            assert!(
                status.success(),
                "chromium failed to {what} ({status}):\n{}",
                text(&output.stderr)
            );
            return;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let output = child.wait_with_output().expect("chromium output");
            panic!(
                "chromium did not {what} within {timeout:?}:\n{}",
                text(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Headless `browser` with a fresh profile and nothing that reaches the network.
fn chromium(browser: &Path, profile: &Path) -> Command {
    let mut command = Command::new(browser);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    command
}

#[test]
fn the_report_loads_in_headless_chromium_as_a_page_and_as_a_pdf() {
    let browser = match find_browser() {
        Ok(browser) => browser,
        Err(reason) => {
            skip_unless_required(
                "the_report_loads_in_headless_chromium_as_a_page_and_as_a_pdf",
                "ORGSIM_REQUIRE_BROWSER",
                &reason,
            );
            return;
        }
    };
    let dir = temp("browser");
    let out = dir.join("run");
    transition_run(&out, &["-q"]);
    let report = out.join(REPORT_FILE);
    let url = format!("file://{}", report.canonicalize().unwrap().display());

    // A screenshot of the page at a known size.
    let png = dir.join("report.png");
    let mut command = chromium(&browser, &dir.join("profile-png"));
    command.args([
        format!("--screenshot={}", png.display()),
        "--window-size=1280,2000".to_string(),
        url.clone(),
    ]);
    run_with_timeout(command, Duration::from_secs(120), "take a screenshot");
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&png)
            .unwrap_or_else(|e| panic!("no screenshot {}: {e}", png.display())),
    ));
    let mut reader = decoder.read_info().expect("the screenshot is a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a buffer size")];
    let frame = reader.next_frame(&mut pixels).expect("the PNG decodes");
    assert_eq!((frame.width, frame.height), (1280, 2000));
    let channels = frame.color_type.samples();
    assert!(channels >= 3, "colour type {:?}", frame.color_type);
    let rgb: Vec<[u8; 3]> = pixels[..frame.buffer_size()]
        .chunks(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    // Not blank: dark "ink" covers a fair share of the page, and there are many shades
    // (text antialiasing, rules, tinted boxes).
    let ink = rgb.iter().filter(|p| p.iter().all(|&c| c < 110)).count();
    let share = ink as f64 / rgb.len() as f64;
    assert!(
        share > 0.005,
        "the screenshot is (nearly) blank: {:.3}% dark pixels",
        100.0 * share
    );
    let mut shades: Vec<[u8; 3]> = rgb.iter().map(|p| p.map(|c| c >> 4)).collect();
    shades.sort_unstable();
    shades.dedup();
    assert!(shades.len() > 30, "only {} shades", shades.len());
    // The page is on a white sheet (the middle of the top area is not dark).
    let centre = rgb[100 * 1280 + 640];
    assert!(
        centre.iter().all(|&c| c > 200),
        "the page is not light: {centre:?}"
    );

    // Printed to PDF.
    let pdf = dir.join("report.pdf");
    let mut command = chromium(&browser, &dir.join("profile-pdf"));
    command.args([
        format!("--print-to-pdf={}", pdf.display()),
        "--no-pdf-header-footer".to_string(),
        url,
    ]);
    run_with_timeout(command, Duration::from_secs(120), "print to PDF");
    let bytes = std::fs::read(&pdf).unwrap_or_else(|e| panic!("no PDF {}: {e}", pdf.display()));
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    assert!(
        bytes.len() > 20_000,
        "a PDF of {} bytes is too small",
        bytes.len()
    );
    // Page objects: `/Type /Page`, not the `/Type /Pages` tree.
    let pages = bytes
        .windows(12)
        .filter(|w| w.starts_with(b"/Type /Page") && w[11] != b's')
        .count();
    assert!(pages >= 2, "the report printed to {pages} pages");
    std::fs::remove_dir_all(&dir).ok();
}

/// A comparison of control, coaching and the transition (which pays for programmes first)
/// written in `dir`, then its report rewritten in Dutch
/// with a title, author, organisation and date into `nl` (a copy of the folder); returns the
/// English and the Dutch page.
fn control_vs_coaching_reports(dir: &Path) -> (PathBuf, PathBuf) {
    let en = dir.join("en");
    orgsim_ok(&[
        "compare",
        "scenarios/control.toml",
        "scenarios/coaching.toml",
        "scenarios/transition.toml",
        "-n",
        "5",
        "-q",
        "--out",
        en.to_str().unwrap(),
    ]);
    let nl = dir.join("nl");
    orgsim_ok(&[
        "compare",
        "scenarios/control.toml",
        "scenarios/coaching.toml",
        "scenarios/transition.toml",
        "-n",
        "5",
        "-q",
        "--no-report",
        "--out",
        nl.to_str().unwrap(),
    ]);
    orgsim_ok(&[
        "report",
        nl.to_str().unwrap(),
        "-q",
        "--lang",
        "nl",
        "--title",
        "Van controle naar coachend leiderschap",
        "--author",
        "A. Adviseur",
        "--organisation",
        "Gemeente <X>",
        "--date",
        "7 december 2026",
    ]);
    (en.join(REPORT_FILE), nl.join(REPORT_FILE))
}

#[test]
fn a_comparison_report_tells_the_story_in_english_and_dutch() {
    let dir = temp("story");
    let (en, nl) = control_vs_coaching_reports(&dir);
    let en = read_text(&en);
    assert_self_contained(&en);
    // The summary comes first, with percentage changes beside absolute values and the pay-back.
    let summary = en.find("<section id=\"summary\">").expect("a summary");
    assert!(summary < en.find("<section id=\"results\">").unwrap());
    assert!(en.contains("coaching compared with control at month 60: raises performance by "));
    assert!(en.contains("transition compared with control at month 60: raises performance by "));
    // Coaching costs nothing extra, so it is never behind; the transition pays back later.
    assert!(en.contains("coaching is never behind on cumulative net value"));
    assert!(en.contains(" vs "), "absolute values beside the change");
    assert!(en.contains("of the runs"));
    assert!(
        en.contains("transition pays back in month "),
        "no pay-back sentence"
    );
    // The table's differences carry their change in percent.
    assert!(
        en.contains("<small class=\"pct\">+"),
        "no % change in the table"
    );
    // Net value and pay-back, with its figure; the groups table.
    assert!(en.contains("Net value and pay-back") && en.contains("Pay-back month"));
    assert!(en.contains("class=\"cumulative-chart\""));
    assert!(en.contains("Cumulative net value by month"));
    assert!(en.contains("Workforce groups") && en.contains("<table class=\"groups\">"));
    assert!(en.contains("How far to trust these numbers"));

    let nl = read_text(&nl);
    assert_self_contained(&nl);
    assert!(nl.contains("<html lang=\"nl\">"));
    assert!(nl.contains("<h1>Van controle naar coachend leiderschap</h1>"));
    assert!(nl.contains("A. Adviseur") && nl.contains("Gemeente &lt;X&gt;"));
    assert!(nl.contains("7 december 2026"));
    for words in [
        "Samenvatting",
        "verhoogt prestatie met ",
        "verdient zich terug in maand ",
        "Netto waarde en terugverdientijd",
        "Terugverdientijd",
        "Groepen medewerkers",
        "Hoe ver u deze getallen kunt vertrouwen",
        "Cumulatieve netto waarde",
    ] {
        assert!(nl.contains(words), "the Dutch page lacks {words:?}");
    }
    // Numbers in Dutch format: a decimal comma in the summary's percentages, no decimal point.
    let summary = &nl[nl.find("<section id=\"summary\">").unwrap()
        ..nl.find("<section id=\"results\">").unwrap()];
    assert!(summary.contains(",") && summary.contains("%"));
    let digits_point_digits = summary
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b'.' && w[2].is_ascii_digit());
    assert!(
        !digits_point_digits,
        "a decimal point in the Dutch summary:\n{summary}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_run_report_has_cumulative_net_value_and_its_workforce_groups() {
    let dir = temp("run-story");
    let out = dir.join("run");
    orgsim_ok(&[
        "run",
        "scenarios/default.toml",
        "-n",
        "3",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    let html = read_text(&out.join(REPORT_FILE));
    assert!(html.contains("<section id=\"summary\">"));
    assert!(html.contains("Cumulative net value over the whole period reaches "));
    assert!(html.contains("class=\"cumulative-chart\""));
    let groups = &html[html
        .find("<table class=\"groups\">")
        .expect("a groups table")..];
    assert!(groups.contains(">vocational<") && groups.contains(">higher_educated<"));
    std::fs::remove_dir_all(&dir).ok();
}

/// The page count and whether every page is A4 (595 × 842 points) in a PDF's bytes.
fn pdf_pages(bytes: &[u8]) -> (usize, bool) {
    let pages = bytes
        .windows(12)
        .filter(|w| w.starts_with(b"/Type /Page") && w[11] != b's')
        .count();
    let text = String::from_utf8_lossy(bytes);
    let boxes: Vec<&str> = text
        .match_indices("/MediaBox [")
        .map(|(i, _)| &text[i + 11..])
        .collect();
    let a4 = !boxes.is_empty()
        && boxes.iter().all(|b| {
            let nums: Vec<f64> = b
                .split(']')
                .next()
                .unwrap_or("")
                .split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect();
            nums.len() == 4 && (nums[2] - 595.0).abs() < 2.0 && (nums[3] - 842.0).abs() < 2.0
        });
    (pages, a4)
}

#[test]
fn the_comparison_report_in_english_and_dutch_loads_in_headless_chromium_and_prints_to_a4() {
    let browser = match find_browser() {
        Ok(browser) => browser,
        Err(reason) => {
            skip_unless_required(
                "the_comparison_report_in_english_and_dutch_loads_in_headless_chromium_and_prints_to_a4",
                "ORGSIM_REQUIRE_BROWSER",
                &reason,
            );
            return;
        }
    };
    let dir = temp("browser-story");
    let (en, nl) = control_vs_coaching_reports(&dir);
    for (lang, page) in [("en", en), ("nl", nl)] {
        // Tables and figures are kept whole on a printed page by the style sheet.
        let html = read_text(&page);
        assert!(html.contains("table, figure,") && html.contains("break-inside: avoid"));
        let url = format!("file://{}", page.canonicalize().unwrap().display());
        let png = dir.join(format!("{lang}.png"));
        let mut command = chromium(&browser, &dir.join(format!("profile-png-{lang}")));
        command.args([
            format!("--screenshot={}", png.display()),
            "--window-size=1100,1600".to_string(),
            url.clone(),
        ]);
        run_with_timeout(command, Duration::from_secs(120), "take a screenshot");
        let decoder = png::Decoder::new(std::io::BufReader::new(
            std::fs::File::open(&png).unwrap_or_else(|e| panic!("no screenshot {lang}: {e}")),
        ));
        let mut reader = decoder.read_info().expect("the screenshot is a PNG");
        let mut pixels = vec![0; reader.output_buffer_size().expect("a buffer size")];
        let frame = reader.next_frame(&mut pixels).expect("the PNG decodes");
        let channels = frame.color_type.samples();
        let ink = pixels[..frame.buffer_size()]
            .chunks(channels)
            .filter(|p| p[..3].iter().all(|&c| c < 110))
            .count();
        let share = ink as f64 / (frame.width * frame.height) as f64;
        assert!(
            share > 0.005,
            "{lang}: the screenshot is (nearly) blank ({share:.4})"
        );

        let pdf = dir.join(format!("{lang}.pdf"));
        let mut command = chromium(&browser, &dir.join(format!("profile-pdf-{lang}")));
        command.args([
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".to_string(),
            url,
        ]);
        run_with_timeout(command, Duration::from_secs(120), "print to PDF");
        let bytes = std::fs::read(&pdf).unwrap_or_else(|e| panic!("no PDF {lang}: {e}"));
        assert!(bytes.starts_with(b"%PDF-"), "{lang}: not a PDF");
        let (pages, a4) = pdf_pages(&bytes);
        assert!(pages >= 2, "{lang}: printed to {pages} pages");
        assert!(a4, "{lang}: the pages are not A4");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_reading_guide_names_the_prediction_level_used() {
    let out = temp("prediction-level");
    transition_run(&out, &["--prediction-level", "0.8"]);
    let html = read_text(&out.join(REPORT_FILE));
    assert!(
        html.contains("where 80% of single runs lie"),
        "the reading guide does not say 80%"
    );
    assert!(!html.contains("where 90% of single runs lie"));
}

/// The inline SVG drawings of a page.
fn inline_svgs(html: &str) -> Vec<&str> {
    html.match_indices("<svg")
        .filter_map(|(i, _)| html[i..].find("</svg>").map(|end| &html[i..i + end]))
        .collect()
}

#[test]
fn the_dutch_report_draws_its_overview_with_dutch_labels() {
    let out = temp("overview-nl");
    transition_run(&out, &["--no-report"]);
    orgsim_ok(&["report", out.to_str().unwrap(), "-q", "--lang", "nl"]);
    let nl = read_text(&out.join(REPORT_FILE));
    assert_self_contained(&nl);
    let svgs = inline_svgs(&nl);
    let overview = svgs
        .iter()
        .find(|s| s.contains("Gemiddelde van 3 replicaties per maand"))
        .expect("no Dutch overview in the page");
    for words in [
        "Scenario “transition” gedurende 60 maanden",
        "Prestatie",
        "Wendbaarheid",
        "gemiddelde en 95%-interval",
        "van de afzonderlijke runs",
        "maand",
        "per maand voor transition: gemiddelde van 3 replicaties",
    ] {
        assert!(overview.contains(words), "the overview lacks {words:?}");
    }
    for english in [
        "over 60 months",
        "Mean of",
        "mean of",
        "Performance",
        "single runs",
        "by month",
    ] {
        assert!(
            !overview.contains(english),
            "English {english:?} in the Dutch overview"
        );
    }
    // The figure file itself stays English.
    let file = read_text(&out.join("figures").join("overview.svg"));
    assert!(file.contains("Performance") && !file.contains("Prestatie"));
    std::fs::remove_dir_all(&out).ok();
}
